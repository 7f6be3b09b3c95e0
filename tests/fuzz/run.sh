#!/bin/sh
# run.sh — builds every tests/fuzz/fuzz_*.c target with clang's libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer, and runs each for a
# bounded time (FUZZ_SECONDS, default 30) on a corpus seeded from
# tests/fuzz/seeds/NAME/ when there is one, else from tests/data/import (the
# snapshot reader: snapshots of small demo databases; the journal parsers:
# a few words), plus tests/fuzz/regress/NAME/ (inputs that once crashed it,
# run first every time) and tests/fuzz/NAME.dict as a dictionary.
# FUZZ_TARGET=fuzz_xlsx runs one target, FUZZ_TARGETS="csv snapshot" those.
# A target names sources beyond the library in a line
# "/* fuzz-src: FILE... */" (fuzz_multipart: src/web/multipart.c).
# `make fuzz` calls it.  Exits non-zero when a target finds a crash (the
# input is left in build/fuzz/, the log in build/fuzz/NAME.log).
set -eu
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-30}
out=build/fuzz
mkdir -p "$out/obj"
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz: needs clang (libFuzzer)" >&2; exit 1; }
inc="-Isrc/util -Isrc/vocab -Isrc/store -Isrc/ingest -Isrc/dataset -Isrc/model -Isrc/report -Isrc/journal -Isrc/app -Isrc/web"
pkgs="sqlite3 nlopt xlsxwriter libzip expat freexl libpq"
flags="-std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -g -O1 -fno-sanitize-recover=all -Wall -Wextra -Wno-unused-parameter $inc $(pkg-config --cflags $pkgs 2>/dev/null || true)"
# the packages the Makefile links (PKGS), for what the library calls
libs="$(pkg-config --libs $pkgs 2>/dev/null || echo -lsqlite3 -lnlopt -lxlsxwriter -lzip -lexpat -lfreexl -lpq) -lm -lpthread"
# the library once (everything outside cli/ and web/), instrumented for
# coverage, as an archive: a target links only what it calls
objs=""
for src in src/util/*.c src/vocab/*.c src/store/*.c src/ingest/*.c src/dataset/*.c src/model/*.c \
	src/report/*.c src/journal/*.c src/app/*.c src/demo/*.c; do
	o="$out/obj/$(echo "$src" | tr / _).o"
	if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find src -name '*.h' -newer "$o" | head -1)" ]; then
		$CC $flags -fsanitize=fuzzer-no-link,address,undefined -c -o "$o" "$src"
	fi
	objs="$objs $o"
done
rm -f "$out/libtreue.a"
ar rcs "$out/libtreue.a" $objs
status=0
for src in tests/fuzz/${FUZZ_TARGET:-fuzz_*}.c; do
	name=$(basename "$src" .c)
	if [ -n "${FUZZ_TARGETS:-}" ] && ! echo " $FUZZ_TARGETS " | grep -q " ${name#fuzz_} "; then
		continue
	fi
	echo "fuzz: building $name"
	# a target names further sources in a line "/* fuzz-src: FILE... */"
	extra=$(sed -n 's,^/\* fuzz-src: \(.*\) \*/$,\1,p' "$src")
	$CC $flags -fsanitize=fuzzer,address,undefined -o "$out/$name" "$src" $extra "$out/libtreue.a" $libs
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
		seeds=tests/data/import
		[ -d "tests/fuzz/seeds/$name" ] && seeds="tests/fuzz/seeds/$name"
		for f in "$seeds"/*; do
			cp -n "$f" "$corpus/" 2>/dev/null || true
		done
		;;
	esac
	if [ -d "tests/fuzz/regress/$name" ]; then
		cp tests/fuzz/regress/"$name"/* "$corpus/"
	fi
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
