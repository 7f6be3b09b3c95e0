#!/bin/sh
# run_web.sh — builds the web request fuzzers (tests/fuzz/webfuzz.c, one
# binary per parser: query, form, json, cookie, auth, and page: form
# bodies of a logged-in user on a customer's page) with clang's
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer over the whole
# library, and runs each for FUZZ_SECONDS (default 30).  `make fuzz` calls
# it after run.sh.  FUZZ_WEB_TARGETS="json page" runs those only.  Exits
# non-zero when a target finds a crash (the input is left in build/fuzz/).
set -eu
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-30}
out=build/fuzz
mkdir -p "$out/weblib"
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz: needs clang (libFuzzer)" >&2; exit 1; }
pkgs=$(sed -n "s/^PKGS *:= *//p" Makefile)
inc="-Isrc/util -Isrc/vocab -Isrc/store -Isrc/ingest -Isrc/dataset -Isrc/model -Isrc/report -Isrc/app -Isrc/cli -Isrc/web"
flags="-std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -Wno-unused-parameter $inc $(pkg-config --cflags $pkgs)"
[ -f build/gen/web_static.c ] || make --no-print-directory build/gen/web_static.c
objs=""
for src in $(ls src/*/*.c) build/gen/web_static.c; do
	o="$out/weblib/$(echo "$src" | tr / _).o"
	# rebuilt when its source or any header (or a statement table) changed since
	if [ ! -f "$o" ] || [ "$src" -nt "$o" ] ||
		[ -n "$(find src -name '*.[hd]*' -newer "$o" | head -1)" ]; then
		$CC $flags -c -o "$o" "$src"
	fi
	objs="$objs $o"
done
status=0
n=0
for target in query form json cookie auth page; do
	n=$((n + 1))
	case " ${FUZZ_WEB_TARGETS:-query form json cookie auth page} " in
	*" $target "*) ;;
	*) continue ;;
	esac
	name=webfuzz_$target
	echo "fuzz: building $name"
	$CC $flags -fsanitize=fuzzer -DTARGET=$n -o "$out/$name" tests/fuzz/webfuzz.c $objs \
		$(pkg-config --libs $pkgs) -lm -lpthread
	corpus="$out/corpus-$name"
	mkdir -p "$corpus"
	for f in tests/fuzz/seed/$target/*; do
		[ -f "$f" ] && cp -n "$f" "$corpus/" 2>/dev/null || true
	done
	echo "fuzz: running $name for ${secs}s"
	if ! (cd "$out" && ASAN_OPTIONS=detect_leaks=1 "./$name" -max_total_time="$secs" \
		-max_len=8192 -timeout=10 -print_final_stats=1 "corpus-$name" >"$name.log" 2>&1); then
		echo "fuzz: $name FAILED (see $out/$name.log)" >&2
		tail -30 "$out/$name.log" >&2
		status=1
	else
		grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$out/$name.log" | tail -2 || true
	fi
	rm -f /tmp/treue-webfuzz-*.db /tmp/treue-webfuzz-*.db-wal /tmp/treue-webfuzz-*.db-shm /tmp/treue-webfuzz-*.db.snapshot
done
exit $status
