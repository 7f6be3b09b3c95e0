#!/bin/sh
# run.sh — builds every tests/fuzz/fuzz_*.c target with clang's libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer, and runs each for a
# bounded time (FUZZ_SECONDS, default 30) on a corpus seeded from
# tests/fuzz/seeds/TARGET/ when there is one, else from tests/data/import.
# FUZZ_TARGET=fuzz_xlsx runs one target.  `make fuzz` calls it.  Exits
# non-zero when a target finds a crash (the input is left in build/fuzz/).
# A target names sources beyond the ingest and util ones in a line
# "/* fuzz-src: FILE... */" (fuzz_multipart: src/web/multipart.c).
set -eu
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-30}
out=build/fuzz
mkdir -p "$out"
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz: needs clang (libFuzzer)" >&2; exit 1; }
flags="-std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Wall -Wextra -Wno-unused-parameter -Isrc/util -Isrc/vocab -Isrc/store -Isrc/ingest -Isrc/web"
lib="src/ingest/csv.c src/ingest/encoding.c src/ingest/sniff.c src/ingest/headers.c src/ingest/xlsx_cells.c $(ls src/util/*.c) $(ls src/vocab/*.c)"
status=0
for src in tests/fuzz/${FUZZ_TARGET:-fuzz_*}.c; do
	name=$(basename "$src" .c)
	echo "fuzz: building $name"
	# a target names further sources in a line "/* fuzz-src: FILE... */"
	extra=$(sed -n 's,^/\* fuzz-src: \(.*\) \*/$,\1,p' "$src")
	$CC $flags -o "$out/$name" "$src" $extra $lib -lexpat -lm
	corpus="$out/corpus-$name"
	mkdir -p "$corpus"
	seeds=tests/data/import
	[ -d "tests/fuzz/seeds/$name" ] && seeds="tests/fuzz/seeds/$name"
	for f in "$seeds"/*; do
		cp -n "$f" "$corpus/" 2>/dev/null || true
	done
	echo "fuzz: running $name for ${secs}s"
	dict=""
	[ -f "tests/fuzz/$name.dict" ] && dict="-dict=$(pwd)/tests/fuzz/$name.dict"
	if ! (cd "$out" && ASAN_OPTIONS=detect_leaks=1 "./$name" -max_total_time="$secs" $dict \
		-max_len=65536 -timeout=10 -print_final_stats=0 "corpus-$name" >"$name.log" 2>&1); then
		echo "fuzz: $name FAILED (see $out/$name.log)" >&2
		tail -30 "$out/$name.log" >&2
		status=1
	else
		grep -E '^#[0-9]+.*(DONE|pulse)' "$out/$name.log" | tail -1 || true
	fi
done
exit $status
