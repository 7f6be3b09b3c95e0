#!/bin/sh
# run.sh — builds every tests/fuzz/fuzz_*.c target with clang's libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer, and runs each for a
# bounded time (FUZZ_SECONDS, default 30) on a corpus seeded from
# tests/data (and, for the snapshot reader, from snapshots of small demo
# databases, and tests/fuzz/regress/NAME/: inputs that once crashed it).
# FUZZ_TARGETS="csv snapshot" runs only those.  `make fuzz`
# calls it.  Exits non-zero when a target finds a crash (the input is left
# in build/fuzz/, the log in build/fuzz/NAME.log).
set -eu
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-30}
out=build/fuzz
mkdir -p "$out/obj"
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz: needs clang (libFuzzer)" >&2; exit 1; }
inc="-Isrc/util -Isrc/vocab -Isrc/store -Isrc/ingest -Isrc/dataset -Isrc/model -Isrc/report -Isrc/journal"
flags="-std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -g -O1 -fno-sanitize-recover=all -Wall -Wextra -Wno-unused-parameter $inc"
# the packages the Makefile links (PKGS), for what the library calls
libs="$(pkg-config --libs sqlite3 nlopt xlsxwriter 2>/dev/null || echo -lsqlite3 -lnlopt -lxlsxwriter) -lm -lpthread"
# the library once (everything outside cli/), instrumented for coverage
objs=""
for src in src/util/*.c src/vocab/*.c src/store/*.c src/ingest/*.c src/dataset/*.c src/model/*.c \
	src/report/*.c src/journal/*.c; do
	o="$out/obj/$(echo "$src" | tr / _).o"
	if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find src -name '*.h' -newer "$o" | head -1)" ]; then
		$CC $flags -fsanitize=fuzzer-no-link,address,undefined -c -o "$o" "$src"
	fi
	objs="$objs $o"
done
status=0
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	if [ -n "${FUZZ_TARGETS:-}" ] && ! echo " $FUZZ_TARGETS " | grep -q " ${name#fuzz_} "; then
		continue
	fi
	echo "fuzz: building $name"
	$CC $flags -fsanitize=fuzzer,address,undefined -o "$out/$name" "$src" $objs $libs
	corpus="$out/corpus-$name"
	mkdir -p "$corpus"
	case $name in
	fuzz_snapshot)
		if [ ! -f "$corpus/seed-demo-1" ] && [ -x build/treue ]; then
			for n in 1 3 12; do
				rm -f "$out/seed.db"*
				TREUE_TODAY=2026-11-24 build/treue --db "$out/seed.db" demo --customers $n --seed $n >/dev/null 2>&1 &&
					build/treue --db "$out/seed.db" report >/dev/null 2>&1 &&
					{ printf '\001'; cat "$out/seed.db.snapshot"; } >"$corpus/seed-demo-$n"
			done
			rm -f "$out/seed.db"*
		fi
		;;
	fuzz_journal)
		printf '2026-W47\n2026-11-24\n14d\n8,5\nerledigt\nneu verhandelt\nLieferverzug\nKleinigkeit\nInnendienst\nwhy one\nwhy two\n' >"$corpus/seed-words"
		;;
	*)
		for f in tests/data/import/*; do
			cp -n "$f" "$corpus/" 2>/dev/null || true
		done
		;;
	esac
	# inputs that once crashed a target are run first, every time
	if [ -d "tests/fuzz/regress/$name" ]; then
		cp tests/fuzz/regress/"$name"/* "$corpus/"
	fi
	echo "fuzz: running $name for ${secs}s"
	if ! (cd "$out" && ASAN_OPTIONS=detect_leaks=1 "./$name" -max_total_time="$secs" \
		-max_len=65536 -timeout=10 -print_final_stats=0 "corpus-$name" >"$name.log" 2>&1); then
		echo "fuzz: $name FAILED (see $out/$name.log)" >&2
		tail -30 "$out/$name.log" >&2
		status=1
	else
		grep -E '^#[0-9]+.*(DONE|pulse)' "$out/$name.log" | tail -1 || true
	fi
done
exit $status
