#!/bin/sh
# changes.sh — the first report after a change, two treue binaries side by
# side on the same data: each gets a copy of DIR's database (the first
# binary also DIR's snapshot files, the second makes its own with a first
# report), then RUNS times, alternating: `treue add dialog` and a report,
# `treue import orders` of three rows (one of a new customer) and a report,
# and a report with the snapshot current — the steps of bench.py's
# bench_treue_changes.  Prints wall and CPU (user + system) time of each
# report and the load average.
#
#   sh bench/changes.sh OLD NEW DIR [RUNS]
#   e.g. sh bench/changes.sh /tmp/treue-main build/treue bench/data/1000000 3
#
# The copies go to DIR/../changes-{a,b} and are removed at the end.
set -e
[ $# -ge 3 ] || { echo "usage: sh bench/changes.sh OLD NEW DIR [RUNS]" >&2; exit 2; }
old=$1 new=$2 dir=$3 runs=${4:-3}
cid=$(sed -n 2p "$dir/csv/customers.csv" | cut -d, -f1)
work=$(dirname "$dir")
t=$(mktemp /tmp/treue-changes-XXXXXX)
trap 'rm -rf "$t" "$work/changes-a" "$work/changes-b"' EXIT
tm() { # wall and CPU of one command
	/usr/bin/time -f "%e %U %S" -o "$t" "$@" >/dev/null 2>&1
	awk '{printf "%.2f s wall, CPU %.2f s", $1, $2 + $3}' "$t"
}
for x in a b; do
	rm -rf "$work/changes-$x"
	mkdir "$work/changes-$x"
	cp "$dir/treue.db" "$work/changes-$x/"
done
for f in "$dir"/treue.db.snapshot*; do
	[ -f "$f" ] && cp "$f" "$work/changes-a/"
done
echo "first reports (the second binary makes its snapshot): a $(tm "$old" --db "$work/changes-a/treue.db" report --format json), b $(tm "$new" --db "$work/changes-b/treue.db" report --format json)"
i=1
while [ $i -le "$runs" ]; do
	for x in a b; do
		if [ $x = a ]; then T=$old; else T=$new; fi
		db=$work/changes-$x/treue.db
		"$T" --db "$db" add dialog --customer "$cid" --touchpoint sales --notes "run $i" >/dev/null
		d=$(tm "$T" --db "$db" report --format json)
		printf 'customer_id,date,revenue,margin,order_id\n%s,2025-06-01,100.00,20.00,CH-%s-1\n%s,2025-06-02,50.00,,CH-%s-2\nCH-NEW-%s,2025-06-03,70.00,10.00,CH-%s-3\n' \
			"$cid" $i "$cid" $i $i $i >"$work/changes-$x/orders.csv"
		"$T" --db "$db" import orders "$work/changes-$x/orders.csv" >/dev/null
		o=$(tm "$T" --db "$db" report --format json)
		c=$(tm "$T" --db "$db" report --format json)
		echo "$x run $i: after a dialogue $d | after 3 orders $o | snapshot current $c | load $(cut -d' ' -f1 /proc/loadavg)"
	done
	i=$((i + 1))
done
