# t_import_bulk.sh — orders whose ids rise above every stored one are
# written in batches, every other row one by one; the result must be the
# same as row by row: file order kept in the row ids, repeats and
# corrections inside one file and across imports, rows without an id, a
# name column naming the customers it creates.  TREUE_BULK_ROWS=1 takes
# the bulk-load path (orders_by_cust filled at the end from the store's
# notes of the rows, or from the orders when a row of the load was
# corrected; reference checks left to the store) on these small files.
. "$(dirname "$0")/lib.sh"
if [ -n "${PG:-}" ]; then
	skip "batches of new orders" "SQLite's write path; a server database takes a file of orders as one stream (t_import, t_pg)"
	exit 0
fi
t init
export TREUE_BULK_ROWS=1
orders() {
	sqlite3 "$TREUE_DB" "select group_concat(x, ' ') from (select coalesce(o.order_id, '-') || ':' || c.customer_id || ':' || o.date || ':' || o.revenue || ':' || coalesce(o.margin, '') as x from orders o join customer c on c.id = o.cust order by o.id)"
}
printf 'customer;name;order id;date;revenue;margin\nK1;Alpha;B-003;1970-01-02;10.00;1.00\nK2;Beta;B-005;1970-01-03;20.00;\nK1;Alpha2;B-004;1970-01-04;30.00;3.00\nK3;Gamma;;1970-01-05;40.00;4.00\nK2;Beta;B-005;1970-01-03;20.00;\nK3;Gamma;B-005;1970-01-03;25.00;\nK4;Delta;B-010;1970-01-06;50.00;5.00\nK4;Delta;B-011;1970-01-07;60.00;6.00\n' >"$WORK/a.csv"
t import orders "$WORK/a.csv"
expect_rc "a file with rising, falling, repeated and missing ids imports" 0
expect_out "new, repeated and corrected rows are counted as row by row" \
	'^6 imported, 1 updated, 1 already present, 4 customers created'
expect_eq "rows in the order of the file, the correction applied" "$(orders)" \
	"B-003:K1:1:1000:100 B-005:K3:2:2500: B-004:K1:3:3000:300 -:K3:4:4000:400 B-010:K4:5:5000:500 B-011:K4:6:6000:600"
expect_eq "the name column names the created customers (the first name given)" \
	"$(sqlite3 "$TREUE_DB" "select group_concat(customer_id || '=' || name, ' ') from (select * from customer order by id)")" \
	"K1=Alpha K2=Beta K3=Gamma K4=Delta"
expect_eq "orders_by_cust holds every order, the corrected one as corrected" "$(bycust)" "0 3"
expect_eq "every order's customer exists" "$(sqlite3 "$TREUE_DB" "pragma foreign_key_check")" ""

# a second import: ids above the stored ones, a correction of a stored one,
# a new customer, and a second file in the same call repeating the first
printf 'customer;order id;date;revenue;margin\nK5;B-012;1970-01-08;70.00;7.00\nK1;B-003;1970-01-02;11.00;1.00\nK5;B-013;1970-01-09;80.00;8.00\n' >"$WORK/b.csv"
t import orders "$WORK/b.csv" "$WORK/b.csv"
expect_out "a later import: new ids batched, the stored one corrected, the repeat present" \
	'^2 imported, 1 updated, 3 already present, 1 customer created'
expect_eq "the later rows follow the earlier ones" "$(orders)" \
	"B-003:K1:1:1100:100 B-005:K3:2:2500: B-004:K1:3:3000:300 -:K3:4:4000:400 B-010:K4:5:5000:500 B-011:K4:6:6000:600 B-012:K5:7:7000:700 B-013:K5:8:8000:800"
expect_eq "orders_by_cust after a correction of a stored order and a repeat" "$(bycust)" "0 3"
t audit
expect_out "the correction is audited" 'order B-003: revenue 10\.00 -> 11\.00'

# an id already stored, above the ids before it in the file: a repeat
printf 'customer;order id;date;revenue\nK6;B-100;1970-01-10;1.00\nK5;B-013;1970-01-09;80.00\n' >"$WORK/c.csv"
t import orders "$WORK/c.csv"
expect_out "a stored id is found after a new one" '^1 imported, 0 updated, 1 already present'

# a bad row: nothing written, the batch included
printf 'customer;order id;date;revenue\nK7;B-200;1970-01-10;1.00\nK7;B-201;kein Datum;1.00\n' >"$WORK/d.csv"
t import orders "$WORK/d.csv"
expect_rc "a bad row fails the import" 1
expect_eq "nothing of it is written" "$(sqlite3 "$TREUE_DB" "select count(*) from orders where order_id >= 'B-200'")" 0
expect_eq "nor its customer" "$(sqlite3 "$TREUE_DB" "select count(*) from customer where customer_id = 'K7'")" 0
expect_eq "the failed bulk load left orders_by_cust and its insert trigger as they were" "$(bycust)" "0 3"

# a large file is parsed on a helper thread (TREUE_BULK_ROWS=1: every file
# here): the same messages, rejects and rows as on one thread
gen() { # ROWS: rows with a bad date, a bad amount, an extra field and blank lines among them
	awk -v n="$1" 'BEGIN {
		print "customer;order id;date;revenue;margin;note"
		for (i = 1; i <= n; i++) {
			id = sprintf("X-%06d", (i % 97 == 0) ? i - 50 : i)
			d = (i % 101 == 0) ? "31.02.2026" : sprintf("%02d.%02d.2026", i % 28 + 1, i % 12 + 1)
			r = (i % 103 == 0) ? "12,3,4" : sprintf("%d,%02d", i % 900, i % 100)
			x = (i % 107 == 0) ? ";extra" : ""
			printf "K%d;%s;%s;%s;;\"n %d\"%s\n", i % 37, id, d, r, i, x
			if (i % 89 == 0) print ""
		}
	}'
}
gen 3000 >"$WORK/big.csv"
for mode in one two; do
	rm -f "$WORK/$mode.db"* "$WORK/rej-$mode.csv"
	if [ $mode = one ]; then unset TREUE_BULK_ROWS; else export TREUE_BULK_ROWS=1; fi
	run $TREUE --db "$WORK/$mode.db" import orders "$WORK/big.csv" --skip-bad "$WORK/rej-$mode.csv"
	cp "$WORK/out" "$WORK/out-$mode"; cp "$WORK/err" "$WORK/err-$mode"
	sqlite3 "$WORK/$mode.db" "select o.id, c.customer_id, o.order_id, o.date, o.revenue, o.margin from orders o join customer c on c.id = o.cust order by o.id" >"$WORK/rows-$mode"
	rm -f "$WORK/x-$mode.db"*
	run $TREUE --db "$WORK/x-$mode.db" import orders "$WORK/big.csv"
	cp "$WORK/err" "$WORK/xerr-$mode"
	echo "rc $rc $(sqlite3 "$WORK/x-$mode.db" 'select count(*) from orders')" >"$WORK/xrc-$mode"
done
expect_eq "two threads: the summary" "$(sed 's/rej-two/rej-one/' "$WORK/out-two")" "$(cat "$WORK/out-one")"
expect_eq "two threads: the messages" "$(cat "$WORK/err-two")" "$(cat "$WORK/err-one")"
expect_eq "two threads: the rejects" "$(cat "$WORK/rej-two.csv")" "$(cat "$WORK/rej-one.csv")"
expect_eq "two threads: the rows" "$(cat "$WORK/rows-two")" "$(cat "$WORK/rows-one")"
expect_eq "two threads, without --skip-bad: every bad row listed" "$(cat "$WORK/xerr-two")" "$(cat "$WORK/xerr-one")"
expect_eq "two threads, without --skip-bad: nothing written" "$(cat "$WORK/xrc-two")" "rc 1 0"
cp "$WORK/out-one" "$WORK/out"
expect_out "the file has bad rows, rejects and corrections" '^2,885 imported, 29 updated, 0 already present, 37 customers created, 0 kept as other, 86 rejected'
expect_eq "... one line each in the rejects, the header first" "$(grep -c . "$WORK/rej-one.csv")" 87
expect_eq "two threads: orders_by_cust holds every order" "$(bycust "$WORK/two.db")" "0 3"

# orders_by_cust's fill in sorted runs of a few rows, sorted on a thread of
# their own, kept in memory or spilled beside the database (all of them,
# or all but the first few) and merged: the same table as from one run, in
# key order, and the same as row by row through the trigger; into an empty
# table and into one that has orders (a second file), with a correction of
# a stored order
gen 3000 | grep -v '31.02.2026' | grep -v ';12,3,4;' | grep -v ';extra$' >"$WORK/good.csv"
awk -F';' 'NR == 1 || NR > 2000' "$WORK/good.csv" | sed 's/^K\([0-9]*\);X-/K\1;Y-/' >"$WORK/more.csv"
echo 'K5;X-000005;06.06.2026;999,00;;"n 5"' >>"$WORK/more.csv"
for mode in rows runs kept spilled one; do
	rm -f "$WORK/m-$mode.db"*
	case $mode in
	rows) unset TREUE_BULK_ROWS TREUE_BYCUST_RUN_ROWS ;;
	runs) export TREUE_BULK_ROWS=1 TREUE_BYCUST_RUN_ROWS=7 TREUE_BYCUST_KEEP_RUNS=3 ;;
	kept) export TREUE_BULK_ROWS=1 TREUE_BYCUST_RUN_ROWS=100 TREUE_BYCUST_KEEP_RUNS=1000 ;;
	spilled) export TREUE_BULK_ROWS=1 TREUE_BYCUST_RUN_ROWS=100 TREUE_BYCUST_KEEP_RUNS=0 ;;
	one) export TREUE_BULK_ROWS=1; unset TREUE_BYCUST_RUN_ROWS TREUE_BYCUST_KEEP_RUNS ;;
	esac
	run $TREUE --db "$WORK/m-$mode.db" import orders "$WORK/good.csv"
	echo "rc $rc" >"$WORK/mrc-$mode"
	run $TREUE --db "$WORK/m-$mode.db" import orders "$WORK/more.csv"
	echo "rc $rc" >>"$WORK/mrc-$mode"
	sqlite3 "$WORK/m-$mode.db" "select * from orders_by_cust" >"$WORK/bc-$mode"
	bycust "$WORK/m-$mode.db" >>"$WORK/mrc-$mode"
done
unset TREUE_BYCUST_RUN_ROWS
expect_eq "runs: both files import, orders_by_cust complete" "$(cat "$WORK/mrc-runs")" "rc 0
rc 0
0 3"
expect_eq "runs: the same orders_by_cust as one run" "$(cat "$WORK/bc-runs")" "$(cat "$WORK/bc-one")"
expect_eq "runs all kept in memory: the same" "$(cat "$WORK/bc-kept")" "$(cat "$WORK/bc-one")"
expect_eq "runs all spilled: the same" "$(cat "$WORK/bc-spilled")" "$(cat "$WORK/bc-one")"
expect_eq "runs: the same orders_by_cust as row by row" "$(cat "$WORK/bc-runs")" "$(cat "$WORK/bc-rows")"
expect_eq "row by row: orders_by_cust complete too" "$(cat "$WORK/mrc-rows")" "rc 0
rc 0
0 3"
expect_eq "the stored order corrected by the second file is corrected in orders_by_cust" \
	"$(sqlite3 "$WORK/m-runs.db" "select b.revenue from orders_by_cust b join orders o on o.id = b.id where o.order_id = 'X-000005'")" 99900

# The first bulk load into a database nobody else has open writes it with
# a rollback journal and leaves it in WAL; a database another connection
# has open stays in WAL throughout, and that connection reads on while the
# import runs and sees its rows after the commit.
awk 'BEGIN { print "customer,order id,date,revenue"; for (i = 1; i <= 300000; i++) printf "K%d,Z%07d,2026-%02d-%02d,%d.%02d\n", i % 5000, i, i % 12 + 1, i % 28 + 1, i % 900, i % 100 }' >"$WORK/z.csv"
rm -f "$WORK/alone.db"*
TREUE_BULK_ROWS=1 run $TREUE --db "$WORK/alone.db" import orders "$WORK/z.csv"
expect_rc "a first bulk load into a database nobody has open" 0
expect_eq "... leaves it in WAL mode, orders_by_cust complete" \
	"$(sqlite3 "$WORK/alone.db" "pragma journal_mode") $(bycust "$WORK/alone.db")" "wal 0 3"
rm -f "$WORK/shared.db"*
$TREUE --db "$WORK/shared.db" init >/dev/null 2>&1
/usr/bin/python3 - "$WORK/shared.db" "$TREUE" "$WORK/z.csv" >"$WORK/shared.out" 2>&1 <<'PY'
import os, sqlite3, subprocess, sys, time
db, treue, csv = sys.argv[1:4]
c = sqlite3.connect(db, timeout=0.2)
c.execute("select count(*) from orders").fetchall()
env = dict(os.environ, TREUE_BULK_ROWS="1")
p = subprocess.Popen([treue, "--db", db, "import", "orders", csv], env=env,
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
reads = errors = 0
while p.poll() is None:
    try:
        n = c.execute("select count(*) from orders").fetchone()[0]
        reads += 1
        if n not in (0, 300000):  # the old state, or all of the new one
            errors += 1
    except sqlite3.OperationalError as x:
        errors += 1
        print("read failed:", x)
    time.sleep(0.005)
err = p.stderr.read().decode()
print("import", p.returncode, err.strip())
print("reads during it", "some" if reads else "none", "errors", errors)
print("after", c.execute("select count(*) from orders").fetchone()[0],
      c.execute("pragma journal_mode").fetchone()[0])
PY
expect_eq "a database another connection has open: it reads on (the old state) while the import runs, then sees the rows" \
	"$(cat "$WORK/shared.out")" "import 0 
reads during it some errors 0
after 300000 wal"

# the first orders of a database without customers: the parsing thread
# numbers the customers (store_fresh.c), the store inserts them many at a
# time.  Keys in the order the ids first appear, a customer met first in a
# row that is not a batch's (a falling id, no id), a name given only where
# the customer is created, a bad row's customer not created by it: the
# same customers as when the database had one already and the store looks
# each one up.
rm -f "$WORK/f1.db"* "$WORK/f2.db"*
printf 'customer;name;order id;date;revenue\nK2;;B-002;2024-01-02;1,00\nK1;Eins;B-001;2024-01-01;2,00\nK2;Zwei;B-003;2024-01-03;3,00\nK3;Drei;B-004;kein Datum;4,00\nK3;Drei;B-005;2024-01-05;5,00\nK4;Vier;;2024-01-06;6,00\nK1;Eins;;2024-01-06;7,00\n' >"$WORK/f.csv"
custs() { sqlite3 "$1" "select group_concat(x, ' ') from (select customer_id || '=' || coalesce(name, '') || ':' || (select count(*) from orders o where o.cust = c.id) as x from customer c where customer_id <> 'K0' order by id)"; }
t --db "$WORK/f1.db" import orders "$WORK/f.csv" --skip-bad "$WORK/f1-rejects.csv"
expect_out "a first load with a bad row: rows and customers counted" \
	'^6 imported, 0 updated, 0 already present, 4 customers created, 0 kept as other, 1 rejected'
expect_eq "customers numbered as they first appear, named where created" "$(custs "$WORK/f1.db")" \
	"K2=:2 K1=Eins:2 K3=Drei:1 K4=Vier:1"
expect_eq "their keys from 1, every order's customer there" \
	"$(sqlite3 "$WORK/f1.db" "select group_concat(id, ' ') from (select id from customer order by id); pragma foreign_key_check")" "1 2 3 4"
printf 'customer;name\nK0;Null\n' >"$WORK/k0.csv"
t --db "$WORK/f2.db" import customers "$WORK/k0.csv"
t --db "$WORK/f2.db" import orders "$WORK/f.csv" --skip-bad "$WORK/f2-rejects.csv"
expect_eq "the same customers and orders as in a database that had a customer" \
	"$(custs "$WORK/f2.db")" "$(custs "$WORK/f1.db")"
expect_eq "orders_by_cust complete after a first load" "$(bycust "$WORK/f1.db")" "0 3"

# killed in the middle of such a first load: nothing of it stays, and the
# next connection finds the database as before, in WAL again
rm -f "$WORK/kill.db"*
$TREUE --db "$WORK/kill.db" init >/dev/null 2>&1
TREUE_BULK_ROWS=1 $TREUE --db "$WORK/kill.db" import orders "$WORK/z.csv" >/dev/null 2>&1 &
pid=$!
i=0
while [ ! -e "$WORK/kill.db-journal" ] && [ $i -lt 2000 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.005
	i=$((i + 1))
done
if [ -e "$WORK/kill.db-journal" ] && kill -9 $pid 2>/dev/null; then
	wait $pid 2>/dev/null
	t --db "$WORK/kill.db" report
	expect_rc "after a kill -9 during a first bulk load the database opens" 0
	expect_eq "... without any of its orders or customers, in WAL mode, orders_by_cust complete" \
		"$(sqlite3 "$WORK/kill.db" "select count(*) from orders; select count(*) from customer; pragma journal_mode") $(bycust "$WORK/kill.db")" "0
0
wal 0 3"
else
	wait $pid 2>/dev/null
	skip "kill -9 during a first bulk load" "the import ended before its journal was seen"
fi
