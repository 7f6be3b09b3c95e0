#!/bin/sh
# import.sh — times `treue import orders` on generated order files next to
# `sqlite3 DB ".import --csv FILE t"` into a plain table (no keys, no
# checks), and prints wall time, rows per second and peak memory with the
# ratios (wall time and CPU time: on a busy machine the CPU time is the
# steadier figure).  The two tools take turns, BENCH_RUNS times each
# (default 3 for files up to 3,000,000 rows, else 1); the lines give the
# medians, a last line each run's ratio of wall times, so that one slow
# moment of the machine shows as what it is.  Files, databases and logs
# go to bench/data (not in git).
#
#   sh bench/import.sh                 1,000,000 and 30,000,000 rows
#   sh bench/import.sh 200000          other sizes (rows)
#   BENCH_RUNS=7 sh bench/import.sh 1000000      more turns
#   BENCH_FORMAT=de sh bench/import.sh 1000000   German semicolon file
#   BENCH_TREUE=/path/to/treue sh bench/import.sh 1000000   another build
#                                      (e.g. the main branch's, for a before/after)
#
# Customers: rows / 30 (1,000,000 for 30,000,000 rows).  Needs gcc,
# sqlite3 and GNU time (/usr/bin/time; Debian package `time`).
set -eu
cd "$(dirname "$0")/.."
fmt=${BENCH_FORMAT:-en}
dir=bench/data
mkdir -p "$dir"
treue=${BENCH_TREUE:-./build/treue}
[ -n "${BENCH_TREUE:-}" ] || [ -x build/treue ] || make -s build/treue
if [ ! -x /usr/bin/time ]; then
	echo "bench: installing GNU time" >&2
	apt-get install -y -qq time >/dev/null 2>&1 || { echo "bench: needs /usr/bin/time" >&2; exit 1; }
fi
gen="$dir/gen_orders"
if [ ! -x "$gen" ] || [ bench/gen_orders.c -nt "$gen" ]; then
	gcc -O2 -o "$gen" bench/gen_orders.c
fi
[ $# -gt 0 ] || set -- 1000000 30000000

. bench/measure.sh

printf '%-11s %-36s %8s %8s %11s %8s %8s %8s\n' rows "tool (medians of the turns)" "wall s" "cpu s" "rows/s" "RSS MB" "wall x" "cpu x"
# median of the arguments
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

for rows in "$@"; do
	custs=$((rows / 30))
	[ "$custs" -ge 1 ] || custs=1
	csv="$dir/orders-$rows-$fmt.csv"
	[ -s "$csv" ] || "$gen" "$rows" "$custs" "$fmt" >"$csv"
	runs=${BENCH_RUNS:-}
	[ -n "$runs" ] || { [ "$rows" -le 3000000 ] && runs=3 || runs=1; }
	tws='' tcs='' tks='' sws='' scs='' sks='' each=''
	i=0
	while [ $i -lt "$runs" ]; do
		i=$((i + 1))
		rm -f "$dir/treue-$rows.db" "$dir/treue-$rows.db-wal" "$dir/treue-$rows.db-shm" "$dir/plain-$rows.db"
		set -- $(measure "$dir/treue-$rows.log" "$treue" --db "$dir/treue-$rows.db" import orders "$csv")
		tw=$1 tc=$2 tk=$3
		set -- $(measure "$dir/sqlite-$rows.log" sqlite3 "$dir/plain-$rows.db" ".import --csv $csv t")
		sw=$1 sc=$2 sk=$3
		n=$(sqlite3 "$dir/treue-$rows.db" 'select count(*) from orders')
		[ "$n" -eq "$rows" ] || { echo "bench: $n orders imported, expected $rows" >&2; exit 1; }
		rm -f "$dir/plain-$rows.db"
		tws="$tws $tw" tcs="$tcs $tc" tks="$tks $tk" sws="$sws $sw" scs="$scs $sc" sks="$sks $sk"
		each="$each $(awk -v a="$tw" -v b="$sw" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 0.01) }')"
	done
	awk -v r="$rows" -v tw="$(median $tws)" -v tc="$(median $tcs)" -v tk="$(median $tks)" \
		-v sw="$(median $sws)" -v sc="$(median $scs)" -v sk="$(median $sks)" -v f="$fmt" \
		-v runs="$runs" -v each="$each" '
	function z(x) { return x > 0 ? x : 0.01 }
	BEGIN {
		printf "%-11d %-36s %8.2f %8.2f %11.0f %8.1f %7.2fx %7.2fx\n", r, "treue import orders (" f ")", tw, tc, r / z(tw), tk / 1024, tw / z(sw), tc / z(sc)
		printf "%-11d %-36s %8.2f %8.2f %11.0f %8.1f %7.2fx %7.2fx\n", r, "sqlite3 .import --csv (plain table)", sw, sc, r / z(sw), sk / 1024, 1, 1
		printf "%-11d %-36s %s\n", r, "wall x, run by run (" runs " turns)", each
	}'
done
