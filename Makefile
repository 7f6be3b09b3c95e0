# treue — plain GNU Make.  `make` builds build/treue; `make check` runs every
# test (normal and under AddressSanitizer + UndefinedBehaviorSanitizer);
# `make run` makes the demo database with a demo admin and serves the
# workbench on 127.0.0.1:8080 (Ctrl-C stops it).  See README.md.

CC       := gcc
PKGS     := sqlite3 nlopt xlsxwriter libmicrohttpd libsodium libzip expat freexl libpq
WARN     := -Wall -Wextra -Wformat=2 -Wshadow -Werror -Wno-unused-parameter
CSTD     := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
INC      := -Isrc/util -Isrc/vocab -Isrc/store -Isrc/ingest -Isrc/dataset -Isrc/model \
            -Isrc/report -Isrc/app -Isrc/cli -Isrc/web
OPT      ?= -O2 -g
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lsqlite3 -lnlopt -lxlsxwriter -lmicrohttpd -lsodium -lzip -lexpat -lfreexl -lpq)
LIBS     := $(PKG_LIBS) -lm -lpthread

SRC      := $(sort $(wildcard src/*/*.c))
# the files /static/ serves, embedded into the binary (src/web/embed.sh)
GENSRC   := build/gen/web_static.c
LIBSRC   := $(SRC) $(GENSRC)
UNITSRC  := $(sort $(wildcard tests/unit/*.c))

B        := build/release
A        := build/asan
T        := build/tsan

LIBOBJ   := $(LIBSRC:%.c=$(B)/%.o)
ALIBOBJ  := $(LIBSRC:%.c=$(A)/%.o)
UNITOBJ  := $(UNITSRC:%.c=$(B)/%.o)
AUNITOBJ := $(UNITSRC:%.c=$(A)/%.o)
TLIBOBJ  := $(LIBSRC:%.c=$(T)/%.o)
TUNITOBJ := $(UNITSRC:%.c=$(T)/%.o)

ASANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
TSANFLAGS := -fsanitize=thread -fno-omit-frame-pointer

.PHONY: all deps run test check asan tsan valgrind fuzz load bench bench-import bench-btyd bench-pg fmt fmt-check clean

all: build/treue

build/treue: $(B)/src/main.o $(LIBOBJ)
	$(CC) $(OPT) -o $@ $^ $(LIBS)

build/treue-asan: $(A)/src/main.o $(ALIBOBJ)
	$(CC) $(OPT) $(ASANFLAGS) -o $@ $^ $(LIBS)

build/unit: $(UNITOBJ) $(LIBOBJ)
	$(CC) $(OPT) -o $@ $^ $(LIBS)

build/unit-asan: $(AUNITOBJ) $(ALIBOBJ)
	$(CC) $(OPT) $(ASANFLAGS) -o $@ $^ $(LIBS)

build/unit-tsan: $(TUNITOBJ) $(TLIBOBJ)
	$(CC) $(OPT) $(TSANFLAGS) -o $@ $^ $(LIBS)

build/treue-tsan: $(T)/src/main.o $(TLIBOBJ)
	$(CC) $(OPT) $(TSANFLAGS) -o $@ $^ $(LIBS)

$(GENSRC): src/web/embed.sh $(sort $(wildcard src/web/static/*))
	@mkdir -p $(dir $@)
	@echo "  EMBED   src/web/static/"
	@sh src/web/embed.sh $@ $(sort $(wildcard src/web/static/*))

$(T)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC-TSAN $<"
	@$(CC) $(CSTD) $(WARN) -O1 -g $(TSANFLAGS) $(INC) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CSTD) $(WARN) $(OPT) $(INC) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(A)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC-ASAN $<"
	@$(CC) $(CSTD) $(WARN) -O1 -g $(ASANFLAGS) $(INC) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find build -name '*.d' 2>/dev/null)

# Installs the Debian packages the build and tests need, when missing.
deps:
	@sh tools/deps.sh

# The main job: the demo database, a demo admin with a password made and
# printed once, then the workbench in the browser until Ctrl-C.  Nothing
# is read from the terminal (standard input is not used).  The loyalty
# report at the command line: ./build/treue --db demo.db report
LISTEN ?= 127.0.0.1:8080
run: deps build/treue
	rm -f demo.db demo.db-wal demo.db-shm demo.db.snapshot
	./build/treue --db demo.db demo </dev/null
	@echo
	./build/treue --db demo.db user add admin --role admin --generate </dev/null
	@echo
	@echo "Log in as admin with the password above; Ctrl-C stops the server."
	@echo "The loyalty report at the command line: ./build/treue --db demo.db report"
	@echo
	./build/treue --db demo.db serve --listen $(LISTEN) </dev/null

# Every test: unit and CLI, plain and under ASan+UBSan, and again on a
# throwaway PostgreSQL server when one starts.  Last line: N passed, N failed.
check: deps
	@$(MAKE) --no-print-directory build/treue build/unit build/treue-asan build/unit-asan build/unit-tsan build/treue-tsan
	@sh tests/run.sh

test: build/treue build/unit
	@TREUE_NO_ASAN=1 sh tests/run.sh

asan: build/treue-asan build/unit-asan
	@TREUE_ONLY_ASAN=1 sh tests/run.sh

# The tests that run threads under ThreadSanitizer: concurrent reports in
# two languages, a bulk load's runs sorted on a thread of their own, and
# the web server (threads logging in and reading pages
# against an in-process server on a loopback port, and the other web tests).
tsan: build/unit-tsan build/treue-tsan
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66" ./build/unit-tsan concurrent
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66" ./build/unit-tsan web_
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66" ./build/unit-tsan api_
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66" ./build/unit-tsan store_bulk
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66" python3 tests/load/load.py build/treue-tsan \
		--seconds 20 --readers 6 --writers 3 --customers 500 --import-rows 20000 --suite load,kill

# The load and fault suite, long form (tests/load/load.py): 60 seconds of
# 16 readers, 4 writers and an importer on a 5,000-customer demo, kill -9,
# hostile clients.
load: build/treue
	@python3 tests/load/load.py build/treue --seconds 60 --readers 16 --writers 4 --customers 5000 --timed

valgrind: build/treue build/unit
	valgrind --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite ./build/unit
	@TREUE_VALGRIND=1 TREUE_NO_ASAN=1 sh tests/run.sh

fuzz:
	@sh tests/fuzz/run.sh
	@sh tests/fuzz/run_web.sh

bench: build/treue
	@sh bench/run.sh

bench-import: build/treue
	@sh bench/import.sh

bench-btyd:
	@sh bench/btyd.sh

bench-pg: build/treue
	@sh bench/pg.sh

fmt:
	clang-format -i $(SRC) src/main.c $(UNITSRC) src/*/*.h tests/unit/*.h

fmt-check:
	clang-format --dry-run --Werror $(SRC) src/main.c $(UNITSRC) src/*/*.h tests/unit/*.h

clean:
	rm -rf build
