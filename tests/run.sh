#!/bin/sh
# run.sh — runs every test: the unit runner, each tests/cli/t_*.sh and each
# tests/web/t_*.sh (the browser suite among them, which runs once: in the
# sanitizer pass when there is one), first with the plain build, then with
# the ASan+UBSan build.  Counts "ok" and
# "not ok" lines and closes with "N passed, N failed"; exits 1 on any failure.
# TREUE_NO_ASAN=1 skips the sanitizer pass, TREUE_ONLY_ASAN=1 runs only it,
# TREUE_VALGRIND=1 runs the CLI tests under valgrind.
#
# The PostgreSQL pass: when a throwaway server starts (tools/pg.sh: the
# packages postgresql and libpq-dev), the unit tests that keep a database
# (store, app, model, journal reports, concurrent) and every CLI and web
# test run once more with their databases on it (TREUE_TEST_PG; each CLI
# file gets a database of its own, tests/cli/lib.sh), with the plain build
# (and the unit tests with the sanitizer build too).  Without the server
# the pass is skipped, counted as one skip; TREUE_NO_PG=1 skips it.  The
# server is stopped and removed at the end, on a failure and on an
# interrupt.  Each pass prints how long it took.
cd "$(dirname "$0")/.." || exit 1
log=$(mktemp /tmp/treue-test-XXXXXX)
pgdir=""
trap '[ -n "$pgdir" ] && sh tools/pg.sh stop "$pgdir"; rm -f "$log" "$log.pg" "$log.part"' EXIT
trap 'exit 130' INT TERM HUP
status=0
PG_UNIT="store_ app_ model_ journal_report concurrent_"

pass() { # LABEL UNIT TREUE
	echo "# === $1 ==="
	t0=$(date +%s)
	"$2" ${UNIT_FILTER:-} >>"$log.part" 2>&1 || echo "not ok - $1 unit runner exited with failure" >>"$log.part"
	for f in tests/cli/t_*.sh tests/web/t_*.sh; do
		[ -f "$f" ] || continue
		CLI_FILE="${CLI_PREFIX:-}$(basename "$f" .sh)" TREUE="$3" sh "$f" >>"$log.part" 2>&1 ||
			echo "not ok - $1 $f exited with failure" >>"$log.part"
	done
	grep -E '^(not ok|#)' "$log.part" | grep -v '^# ===' | head -200
	counts "$1 pass" "$t0"
}

counts() { # LABEL START: the pass's counts and time; its lines into the log
	echo "# $1: $(grep -c '^ok ' "$log.part") passed, $(grep -c '^not ok ' "$log.part") failed, $(($(date +%s) - $2)) s"
	cat "$log.part" >>"$log"
	rm -f "$log.part"
}

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=86"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
pg=""
if [ -z "${TREUE_NO_PG:-}" ] && [ -z "$TREUE_VALGRIND" ]; then
	if out=$(sh tools/pg.sh start 2>"$log.pg"); then
		eval "$out"
		pgdir=$TREUE_PG_DIR
		pg=$TREUE_PG_URL
	else
		echo "# no PostgreSQL pass: $(tail -1 "$log.pg")"
		echo "ok - the PostgreSQL pass # skip no server: $(tail -1 "$log.pg")" >>"$log"
	fi
fi
if [ -z "$TREUE_ONLY_ASAN" ]; then
	if [ -n "$TREUE_VALGRIND" ]; then
		pass plain build/unit "valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite $(pwd)/build/treue"
	else
		pass plain build/unit "$(pwd)/build/treue"
	fi
	if [ -n "$pg" ]; then
		TREUE_TEST_PG=$pg UNIT_FILTER=$PG_UNIT CLI_PREFIX="postgresql " pass postgresql build/unit "$(pwd)/build/treue"
	fi
fi
if [ -z "$TREUE_NO_ASAN" ]; then
	TREUE_ASAN=1 pass asan build/unit-asan "$(pwd)/build/treue-asan"
	if [ -n "$pg" ]; then
		echo "# === postgresql, unit tests with the sanitizers ==="
		t0=$(date +%s)
		TREUE_TEST_PG=$pg build/unit-asan $PG_UNIT >"$log.part" 2>&1 ||
			echo "not ok - postgresql asan unit runner exited with failure" >>"$log.part"
		grep -E '^(not ok|#)' "$log.part" | head -50
		counts "postgresql asan unit pass" "$t0"
	fi
fi
# the threaded tests under ThreadSanitizer, when that build is there
if [ -z "$TREUE_NO_ASAN" ] && [ -x build/unit-tsan ]; then
	echo "# === tsan ==="
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" build/unit-tsan concurrent >"$log.part" 2>&1 ||
		echo "not ok - tsan unit runner exited with failure" >>"$log.part"
	# a bulk load's runs sorted on a thread of their own (store_bycust.c)
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" build/unit-tsan store_bulk >>"$log.part" 2>&1 ||
		echo "not ok - tsan unit runner (store_bulk) exited with failure" >>"$log.part"
	# and the whole import on its four threads (reading, writing, sorting,
	# merging): 200,000 orders of 20,000 customers in runs of 20,000
	if [ -x build/treue-tsan ]; then
		tsd=$(mktemp -d)
		awk 'BEGIN { print "customer,order id,date,revenue"; for (i = 1; i <= 200000; i++) printf "K%d,T%07d,2026-%02d-%02d,%d.%02d\n", (i * 7919) % 20000, i, i % 12 + 1, i % 28 + 1, i % 900, i % 100 }' >"$tsd/o.csv"
		if TSAN_OPTIONS="halt_on_error=1 exitcode=66" TREUE_BULK_ROWS=1 TREUE_BYCUST_RUN_ROWS=20000 \
			TREUE_BYCUST_KEEP_RUNS=2 build/treue-tsan --db "$tsd/t.db" import orders "$tsd/o.csv" >"$tsd/out" 2>&1 &&
			grep -q '^200,000 imported' "$tsd/out"; then
			echo "ok - tsan: an import on its four threads" >>"$log.part"
		else
			echo "not ok - tsan: an import on its four threads" >>"$log.part"
			sed 's/^/#   /' "$tsd/out" | head -40 >>"$log.part"
		fi
		rm -rf "$tsd"
	fi
	grep -E '^(not ok|#)' "$log.part" | head -50
	cat "$log.part" >>"$log"
	rm -f "$log.part"
fi
p=$(grep -c '^ok ' "$log")
f=$(grep -c '^not ok ' "$log")
s=$(grep -c '^ok .*# skip' "$log")
[ "$f" -gt 0 ] && status=1
[ "$p" -eq 0 ] && status=1
echo "skipped: $s (counted as passed)"
echo "$p passed, $f failed"
exit $status
