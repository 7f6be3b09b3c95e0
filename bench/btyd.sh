#!/bin/sh
# btyd.sh — builds bench/bench_btyd.c with gcc -O2 against the sources it
# needs (util, the buy-till-you-die model files and the simulator of the
# tests) and runs it.
# usage: sh bench/btyd.sh [-t THREADS] [N...]   (default: 100000 1000000)
set -e
cd "$(dirname "$0")/.."
mkdir -p build/bench
gcc -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -O2 \
	-Wall -Wextra -Wformat=2 -Wshadow -Werror -Wno-unused-parameter \
	-Isrc/util -Isrc/model -Itests/unit $(pkg-config --cflags nlopt 2>/dev/null) \
	-o build/bench/bench_btyd bench/bench_btyd.c src/util/*.c \
	src/model/btyd_common.c tests/unit/btyd_sim.c src/model/bgnbd.c src/model/gammagamma.c \
	$(pkg-config --libs nlopt 2>/dev/null || echo -lnlopt) -lm -lpthread
exec ./build/bench/bench_btyd "$@"
