#!/bin/sh
# pg.sh — PostgreSQL next to SQLite in the same run: `treue import orders`
# of generated order files (bench/gen_orders.c), and at a demo base of some
# customers the cold report (a new process: loading the dataset and
# computing) and the warm one (`treue bench`: the model on the loaded
# dataset), with the sizes on disk.  The PostgreSQL server is a throwaway
# one from tools/pg.sh, with fsync on (TREUE_PG_FSYNC=1) like SQLite's WAL.
#
#   sh bench/pg.sh                              1,000,000 rows; 100,000 customers
#   BENCH_ROWS="1000000 30000000" BENCH_CUSTOMERS="100000 1000000" sh bench/pg.sh
#   BENCH_ROWS_LAST=30000000                    imports measured after the reports
#                                               (the long ones last, in the same run)
#   BENCH_RUNS=5                                cold reports per database (median)
#   TREUE=path/to/treue                         the binary (default build/treue)
#
# Results: bench/out/PG-RESULTS.txt; data and logs under bench/data/pg/.
# Needs gcc, sqlite3, GNU time, PostgreSQL (postgresql, libpq-dev).
set -eu
cd "$(dirname "$0")/.."
ROWS=${BENCH_ROWS-1000000}
CUSTOMERS=${BENCH_CUSTOMERS:-100000}
RUNS=${BENCH_RUNS:-3}
dir=bench/data/pg
out=bench/out/PG-RESULTS.txt
mkdir -p "$dir" bench/out
TREUE=${TREUE:-build/treue}
[ -x "$TREUE" ] || make -s build/treue
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (Debian package time)" >&2; exit 1; }
gen="$dir/gen_orders"
if [ ! -x "$gen" ] || [ bench/gen_orders.c -nt "$gen" ]; then
	gcc -O2 -o "$gen" bench/gen_orders.c
fi
eval "$(TREUE_PG_FSYNC=1 sh tools/pg.sh start)"
trap 'sh tools/pg.sh stop "$TREUE_PG_DIR"' EXIT
newdb() { sh tools/pg.sh dropdb "$1" >/dev/null 2>&1; sh tools/pg.sh createdb "$1"; }
q() { psql "$1" -qAtX -c "$2"; }

. bench/measure.sh
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
row() { printf '%-12s %-44s %10s %10s %10s\n' "$@" | tee -a "$out"; }

: >"$out"
echo "treue on PostgreSQL $(q "$TREUE_PG_URL" 'SHOW server_version') (fsync on) and SQLite $(sqlite3 --version | cut -d' ' -f1), $(nproc) cores, $(date -u +%Y-%m-%d)" | tee -a "$out"
row size "what" "wall s" "cpu s" "RSS MB"

import_rows() { # ROWS...: each size's import into both, and its size on disk
for rows in "$@"; do
	csv="$dir/orders-$rows.csv"
	[ -s "$csv" ] || "$gen" "$rows" $((rows / 30)) en >"$csv"
	rm -f "$dir/imp-$rows.db" "$dir/imp-$rows.db-wal" "$dir/imp-$rows.db-shm"
	set -- $(measure "$dir/imp-sqlite-$rows.log" "$TREUE" --db "$dir/imp-$rows.db" import orders "$csv")
	row "$rows" "import orders: SQLite" "$1" "$2" "$(($3 / 1024))"
	url=$(newdb "imp$rows")
	set -- $(measure "$dir/imp-pg-$rows.log" "$TREUE" --db "$url" import orders "$csv")
	row "$rows" "import orders: PostgreSQL (COPY + merge)" "$1" "$2" "$(($3 / 1024))"
	set -- $(measure "$dir/reimp-pg-$rows.log" "$TREUE" --db "$url" import orders "$csv")
	row "$rows" "the same file again: PostgreSQL (all there)" "$1" "$2" "$(($3 / 1024))"
	n1=$(sqlite3 "$dir/imp-$rows.db" 'SELECT count(*) FROM orders')
	n2=$(q "$url" 'SELECT count(*) FROM orders')
	[ "$n1" = "$rows" ] && [ "$n2" = "$rows" ] || { echo "bench: $n1 / $n2 orders, expected $rows" >&2; exit 1; }
	q "$url" 'VACUUM ANALYZE' >/dev/null
	lite=$(stat -c %s "$dir/imp-$rows.db")
	pgo=$(q "$url" "SELECT pg_total_relation_size('orders')")
	pgd=$(q "$url" "SELECT pg_database_size(current_database())")
	row "$rows" "disk bytes per order row: SQLite file" "$((lite / rows))" "" ""
	row "$rows" "disk bytes per order row: PG orders+indexes" "$((pgo / rows))" "" ""
	row "$rows" "disk bytes per order row: PG database" "$((pgd / rows))" "" ""
	rm -f "$dir/imp-$rows.db" "$dir/imp-$rows.db-wal" "$dir/imp-$rows.db-shm"
	sh tools/pg.sh dropdb "imp$rows" >/dev/null
done
}
# shellcheck disable=SC2086
import_rows $ROWS

for n in $CUSTOMERS; do
	db="$dir/demo-$n.db"
	if [ ! -s "$db" ]; then
		"$TREUE" --db "$db" demo --customers "$n" >"$dir/demo-$n.log"
	fi
	orders=$(sqlite3 "$db" 'SELECT count(*) FROM orders')
	url=$(newdb "demo$n")
	set -- $(measure "$dir/migrate-$n.log" "$TREUE" migrate --from "$db" --to "$url")
	row "$n" "migrate SQLite -> PostgreSQL ($orders orders)" "$1" "$2" "$(($3 / 1024))"
	q "$url" 'VACUUM ANALYZE' >/dev/null
	# the fit of the purchase model is cached per data version: one report
	# first, so that every measured one reads it
	"$TREUE" --db "$db" report >/dev/null
	"$TREUE" --db "$url" report >/dev/null
	for kind in "SQLite, snapshot" "SQLite, no snapshot" PostgreSQL; do
		case $kind in
		"SQLite, snapshot") target=$db snap=1 ;;
		"SQLite, no snapshot") target=$db snap=0 ;;
		*) target=$url snap=1 ;;
		esac
		TREUE_SNAPSHOT=$snap "$TREUE" --db "$target" report >/dev/null # writes the snapshot
		walls=""
		for i in $(seq "$RUNS"); do
			set -- $(TREUE_SNAPSHOT=$snap measure "$dir/report-$n.log" "$TREUE" --db "$target" report --format json)
			walls="$walls $1"
			rss=$3
		done
		row "$n" "cold report: $kind (median of $RUNS)" "$(echo $walls | tr ' ' '\n' | median)" "" "$((rss / 1024))"
		TREUE_SNAPSHOT=$snap "$TREUE" --db "$target" bench --runs 5 >"$dir/bench-$n.out"
		row "$n" "  load of the dataset: $kind (ms)" "$(sed -n 's/^load_ms: //p' "$dir/bench-$n.out")" "" ""
		row "$n" "  warm report (treue bench, median ms)" "$(sed -n 's/^warm_ms_median: //p' "$dir/bench-$n.out")" "" ""
	done
	row "$n" "dataset bytes per order row in memory" "$(sed -n 's/^dataset_bytes_per_order: //p' "$dir/bench-$n.out")" "" ""
	row "$n" "disk bytes per order row: SQLite file" "$(($(stat -c %s "$db") / orders))" "" ""
	row "$n" "disk bytes per order row: PG database" "$(($(q "$url" "SELECT pg_database_size(current_database())") / orders))" "" ""
	cmp -s "$dir/report-$n.log.out" "$dir/report-$n.log.out" || true
	TREUE_SNAPSHOT=0 "$TREUE" --db "$db" report --format json >"$dir/a.json"
	"$TREUE" --db "$url" report --format json >"$dir/b.json"
	if cmp -s "$dir/a.json" "$dir/b.json"; then
		row "$n" "the two reports are byte for byte the same" "yes" "" ""
	else
		row "$n" "the two reports are byte for byte the same" "NO" "" ""
	fi
	sh tools/pg.sh dropdb "demo$n" >/dev/null
done
# shellcheck disable=SC2086
import_rows ${BENCH_ROWS_LAST:-}
echo "bench: written to $out"
