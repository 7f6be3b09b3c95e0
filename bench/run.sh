#!/bin/sh
# run.sh — the benchmark `make bench` runs: treue's loyalty report and action
# list against the same computation in DuckDB, SQLite SQL and pandas, on the
# same data in the same run.  See bench/README.md.
#
#   BENCH_SIZES="100000 1000000"  customers per data set (default)
#   BENCH_RUNS=5                  repetitions; medians are reported
#   BENCH_SLOW_RUNS=N             repetitions for SQLite SQL and pandas (default BENCH_RUNS)
#   BENCH_TOOLS=treue,duckdb,sqlite,pandas   which tools to run
#   TREUE=build/treue             the binary under test
#   BENCH_FRESH=1                 remake the cached data sets
#   TREUE_TODAY=YYYY-MM-DD        "today" for every tool (default: the machine's date at the start)
#
# For each size: make the database (cached in bench/data/N/, with the demo
# command when it works, else bench/gen_db.sql), export the canonical CSVs,
# run every tool, check that they agree, print the table and keep it in
# bench/out/RESULTS-N.txt.  Before that, every tool must reproduce the
# hand-computed fixture in bench/fixture/ (with today fixed at 2026-11-24).  Exit 1 when any tool disagrees
# with the fixture or with another tool.
set -eu

cd "$(dirname "$0")/.."
root=$(pwd)
SIZES=${BENCH_SIZES:-"100000 1000000"}
RUNS=${BENCH_RUNS:-5}
SLOW_RUNS=${BENCH_SLOW_RUNS:-$RUNS}
TOOLS=${BENCH_TOOLS:-treue,duckdb,sqlite,pandas}
TREUE=${TREUE:-build/treue}
PY=/usr/bin/python3
# D is the day after the latest order dated on or before today (SPEC §3):
# every tool reads the same today, also when a run passes midnight
TREUE_TODAY=${TREUE_TODAY:-$(date +%F)}
export TREUE_TODAY

say() { printf '%s\n' "$*"; }

# --- what the peers need (Debian packages, the npm package) ---------------
apt_updated=
need_pkg() {	# need_pkg PACKAGE: install a Debian package when missing
	dpkg -s "$1" >/dev/null 2>&1 && return 0
	say "bench: installing the Debian package $1"
	if [ -z "$apt_updated" ]; then
		apt-get update -qq >/dev/null
		apt_updated=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
}
command -v sqlite3 >/dev/null 2>&1 || need_pkg sqlite3
[ -x /usr/bin/time ] || need_pkg time
$PY -c 'import pandas' 2>/dev/null || need_pkg python3-pandas
command -v node >/dev/null 2>&1 || need_pkg nodejs
command -v npm >/dev/null 2>&1 || need_pkg npm
if [ ! -f bench/node_modules/@duckdb/node-api/package.json ]; then
	say "bench: installing @duckdb/node-api (npm install in bench/, pinned by package-lock.json)"
	# npm ci refuses lock files that list the other platforms' optional bindings,
	# which npm itself writes; npm install follows the same lock file
	(cd bench && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
[ -x "$TREUE" ] || make build/treue

# --- the data --------------------------------------------------------------
# `treue demo --customers N` when the command exists (its --help exits 0),
# else the generator; the marker file says which, so a cache made by the
# generator is remade once demo works, and when the generator or the export
# changes (BENCH_FRESH=1 forces it, e.g. after the demo command changed).
demo_works() {
	"$TREUE" demo --help >/dev/null 2>&1
}
gen_sum=$(cat bench/gen_db.sql bench/export.sql | cksum | cut -d' ' -f1)

make_data() {	# make_data N DIR
	n=$1 dir=$2
	if demo_works; then want="demo $gen_sum"; else want="gen_db $gen_sum"; fi
	if [ -z "${BENCH_FRESH:-}" ] && [ -f "$dir/.made" ] && [ "$(cat "$dir/.made")" = "$want" ]; then
		say "bench: using the cached data set $dir ($(cut -d' ' -f1 "$dir/.made"))"
		return 0
	fi
	rm -rf "$dir"
	mkdir -p "$dir/csv"
	made=
	if demo_works; then
		say "bench: $TREUE demo --customers $n --orders-per-customer 35"
		if "$TREUE" --db "$dir/treue.db" demo --customers "$n" --orders-per-customer 35 >"$dir/demo.log" 2>&1; then
			made=demo
		else
			say "bench: treue demo failed (see $dir/demo.log); using bench/gen_db.sql"
			rm -f "$dir/treue.db" "$dir/treue.db-wal" "$dir/treue.db-shm"
			want="gen_db $gen_sum"
		fi
	fi
	if [ -z "$made" ]; then
		say "bench: generating $n customers with bench/gen_db.sql"
		"$TREUE" --db "$dir/treue.db" init >/dev/null
		{ echo ".parameter set @n $n"; cat bench/gen_db.sql; } | sqlite3 -bail "$dir/treue.db"
	fi
	say "bench: exporting the canonical CSVs"
	(cd "$dir/csv" && sqlite3 -bail ../treue.db <"$root/bench/export.sql")
	echo "$want" >"$dir/.made"
}

# --- the hand-computed fixture ----------------------------------------------
# Every tool must reproduce bench/fixture/expected/ (worked out by hand from
# bench/fixture/fixture.sql, both sides of every boundary of SPEC §3) before
# its timings mean anything.
has_tool() { case ",$TOOLS," in *",$1,"*) return 0 ;; esac; return 1; }
check_fixture() (
	export TREUE_TODAY=2026-11-24
	dir=bench/data/fixture
	rm -rf "$dir"
	mkdir -p "$dir/csv"
	"$TREUE" --db "$dir/treue.db" init >/dev/null
	sqlite3 -bail "$dir/treue.db" <bench/fixture/fixture.sql
	(cd "$dir/csv" && sqlite3 -bail ../treue.db <"$root/bench/export.sql")
	dirs=
	if has_tool treue && "$TREUE" --db "$dir/treue.db" segments --format csv >"$dir/treue-segments.csv" 2>/dev/null; then
		mkdir -p "$dir/treue"
		mv "$dir/treue-segments.csv" "$dir/treue/segments.csv"
		"$TREUE" --db "$dir/treue.db" actions --format csv >"$dir/treue/actions.csv" || true
		"$TREUE" --db "$dir/treue.db" report --format json >"$dir/treue/summary.json" || true
		dirs="$dirs $dir/treue"
	fi
	if has_tool sqlite; then
		mkdir -p "$dir/sqlite"
		(cd "$dir/sqlite" && sqlite3 -bail -cmd ".parameter set @today 20781" ../treue.db <"$root/bench/model.sql")
		dirs="$dirs $dir/sqlite"
	fi
	if has_tool duckdb; then
		node bench/duckdb_model.mjs csv "$dir/csv" "$dir/duckdb"
		dirs="$dirs $dir/duckdb"
	fi
	if has_tool pandas; then
		$PY bench/pandas_model.py "$dir/csv" "$dir/pandas" >/dev/null
		dirs="$dirs $dir/pandas"
	fi
	[ -n "$dirs" ] || return 0
	say "bench: checking every tool against the hand-computed fixture"
	# shellcheck disable=SC2086
	$PY bench/compare.py bench/fixture/expected $dirs
)

status=0
mkdir -p bench/out
check_fixture || status=1
for n in $SIZES; do
	dir=bench/data/$n
	make_data "$n" "$dir"
	say "bench: $n customers: $(sqlite3 "$dir/treue.db" 'SELECT count(*) FROM orders') order rows"
	rm -rf "bench/out/$n"
	if $PY bench/bench.py --size "$n" --db "$dir/treue.db" --csv "$dir/csv" --out "bench/out/$n" \
		--runs "$RUNS" --slow-runs "$SLOW_RUNS" --treue "$TREUE" --tools "$TOOLS" \
		--source "$(cut -d' ' -f1 "$dir/.made")"; then
		:
	else
		status=1
	fi
	cp "bench/out/$n/RESULTS.txt" "bench/out/RESULTS-$n.txt"
	say "bench: table kept in bench/out/RESULTS-$n.txt"
done
exit $status
