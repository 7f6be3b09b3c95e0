# t_snapshot.sh — the order snapshot beside the database: written on the
# first load, used when it matches, ignored and rewritten when the orders
# changed (import, direct inserts) or the file is damaged; never different
# from reading the store; no personal data in it.
. "$(dirname "$0")/lib.sh"
sqlite_file_only "the snapshot is a file beside an SQLite database; a server database has none"
snap="$TREUE_DB.snapshot"
same_as_store() { # NAME CMD...: the output equals the one without the snapshot
	name=$1; shift
	"$@" >"$WORK/a" 2>&1
	TREUE_SNAPSHOT=0 "$@" >"$WORK/b" 2>&1
	if cmp -s "$WORK/a" "$WORK/b"; then ok "$name"; else notok "$name"; diff "$WORK/a" "$WORK/b" | head -5 | sed 's/^/#   /'; fi
}

t demo --customers 200 --seed 3
t report --format json
expect_rc "report on the demo" 0
if [ -f "$snap" ]; then ok "the first report writes the snapshot"; else notok "the first report writes the snapshot"; fi
cp "$WORK/out" "$WORK/first.json"
t report --format json
expect_golden "the second report, from the snapshot, is the same" "$WORK/first.json"
same_as_store "report with and without the snapshot" $TREUE report --format json
same_as_store "actions with and without the snapshot" $TREUE actions --format csv
same_as_store "threaded load equals one thread" env TREUE_THREAD_MIN=1 $TREUE segments --format csv

# an import of orders changes the data version: the snapshot is not used
printf 'Customer ID,Order No,Date,Revenue\nK10001,X-1,%s,999999.00\n' "$(sqlite3 "$TREUE_DB" "select date(max(date) * 86400 - 86400 * 3, 'unixepoch') from orders")" >"$WORK/more.csv"
t import orders "$WORK/more.csv"
expect_rc "import one more order" 0
same_as_store "after an import the report sees the new order" $TREUE segments --format csv
if grep -Eq '^K10001,[a-z]*,[0-9]+,[0-9]*999999\.00,' "$WORK/a"; then ok "the new order counts"; else notok "the new order counts" "$(grep '^K10001,' "$WORK/a")"; fi

# orders written past treue (appended rows) are noticed too
sqlite3 "$TREUE_DB" "insert into orders(cust, date, revenue) select id, (select max(date) from orders), 123456789 from customer where customer_id = 'K10002'"
same_as_store "rows appended with sqlite3 are noticed" $TREUE segments --format csv
if grep -Eq '^K10002,[a-z]*,[0-9]+,[0-9]{7,}\.' "$WORK/a"; then ok "the appended order counts"; else notok "the appended order counts" "$(grep '^K10002,' "$WORK/a")"; fi

# a damaged snapshot is ignored
head -c 100 "$snap" >"$WORK/cut" && cp "$WORK/cut" "$snap"
same_as_store "a truncated snapshot is ignored" $TREUE report --format json
printf 'garbage' >"$snap"
same_as_store "a garbage snapshot is ignored" $TREUE report --format json

# the snapshot holds customer names: erase removes it with the database's copies
t report
name=$(sqlite3 "$TREUE_DB" "select name from customer where customer_id = 'K10003'")
if cat "$snap"* | grep -qF "$name"; then ok "the snapshot holds the names (for the reports)"; else notok "the snapshot holds the names (for the reports)"; fi
t erase --customer K10003 --yes
expect_rc "erase a customer" 0
if [ -f "$snap" ]; then notok "erase removes the snapshot"; else ok "erase removes the snapshot"; fi
if cat "$TREUE_DB"* | grep -qF "$name"; then notok "no copy of the erased name beside the database"; else ok "no copy of the erased name beside the database"; fi
t report --format json
same_as_store "after the erase the snapshot is rebuilt and equal to the store" $TREUE report --format json
if cat "$TREUE_DB"* | grep -qF "$name"; then notok "the rebuilt snapshot has no erased name"; else ok "the rebuilt snapshot has no erased name"; fi

# a journal entry (audited) moves the data version: the snapshot is not reused
t segments --format csv
cid=$(sed -n 2p "$WORK/out" | cut -d, -f1)
t add survey --customer "$cid" --date 2026-11-20 --satisfaction 1 --recommend 0
same_as_store "a new survey is seen despite the snapshot" $TREUE segments --format csv
if grep -q "^$cid,.*,2026-11-20," "$WORK/a"; then ok "the new survey counts"; else notok "the new survey counts" "$(grep "^$cid," "$WORK/a")"; fi

# a bulk import of orders fills orders_by_cust at the end, sorted: same data
export TREUE_DB="$WORK/bulk.db"
t demo --customers 150 --seed 9 --csv "$WORK/bulkcsv"
for k in customers orders surveys; do TREUE_BULK_ROWS=1 $TREUE import $k "$WORK/bulkcsv/$k.csv" >/dev/null 2>&1; done
expect_eq "orders_by_cust holds every order after a bulk import" "$(bycust)" "0 3"
TREUE_SNAPSHOT=0 $TREUE segments --format csv >"$WORK/bulk.csv"
export TREUE_DB="$WORK/rowwise.db"
for k in customers orders surveys; do $TREUE import $k "$WORK/bulkcsv/$k.csv" >/dev/null 2>&1; done
TREUE_SNAPSHOT=0 $TREUE segments --format csv >"$WORK/rowwise.csv"
if cmp -s "$WORK/bulk.csv" "$WORK/rowwise.csv"; then ok "bulk and row-wise imports give the same segments"; else notok "bulk and row-wise imports give the same segments"; fi

# A database replaced under the snapshot (deleted and imported anew, a backup
# copied back) is never answered from the old snapshot, even when its data
# version, customers and order rows count the same.
export TREUE_DB="$WORK/replaced.db"
snap="$TREUE_DB.snapshot"
printf 'Customer ID,Name\nK1,Alpha\nK2,Beta\n' >"$WORK/rc.csv"
printf 'Customer ID,Order No,Date,Revenue\nK1,A-1,2026-01-10,100.00\nK2,A-2,2026-02-10,200.00\n' >"$WORK/ra.csv"
printf 'Customer ID,Order No,Date,Revenue\nK1,B-1,2026-01-10,700.00\nK2,B-2,2026-02-10,900.00\n' >"$WORK/rb.csv"
$TREUE import customers "$WORK/rc.csv" >/dev/null 2>&1
$TREUE import orders "$WORK/ra.csv" >/dev/null 2>&1
t segments --format csv --as-of 2026-03-01
expect_out "revenue of the first database" '^K2,.*,200\.00,'
rm -f "$TREUE_DB" "$TREUE_DB-wal" "$TREUE_DB-shm"
$TREUE import customers "$WORK/rc.csv" >/dev/null 2>&1
$TREUE import orders "$WORK/rb.csv" >/dev/null 2>&1
t segments --format csv --as-of 2026-03-01
expect_out "a deleted and re-imported database is not answered from the old snapshot" '^K2,.*,900\.00,'
same_as_store "re-imported database: with and without the snapshot" $TREUE segments --format csv --as-of 2026-03-01

cp "$TREUE_DB" "$WORK/backup.db"
printf 'Customer ID,Order No,Date,Revenue\nK1,C-1,2026-02-11,1.00\n' >"$WORK/rc1.csv"
printf 'Customer ID,Order No,Date,Revenue\nK1,D-1,2026-02-11,5000.00\n' >"$WORK/rd1.csv"
$TREUE import orders "$WORK/rc1.csv" >/dev/null 2>&1
t segments --format csv --as-of 2026-03-01
expect_out "the import after the backup counts" '^K1,.*,701\.00,'
cp "$WORK/backup.db" "$TREUE_DB"
$TREUE import orders "$WORK/rd1.csv" >/dev/null 2>&1
t segments --format csv --as-of 2026-03-01
expect_out "a restored backup changed anew is not answered from the old snapshot" '^K1,.*,5700\.00,'
same_as_store "restored backup: with and without the snapshot" $TREUE segments --format csv --as-of 2026-03-01

# the snapshot of another database copied beside this one is not used
cp "$snap" "$WORK/other.snapshot"
rm -f "$TREUE_DB" "$TREUE_DB-wal" "$TREUE_DB-shm" "$snap"
$TREUE import customers "$WORK/rc.csv" >/dev/null 2>&1
$TREUE import orders "$WORK/ra.csv" >/dev/null 2>&1
$TREUE import orders "$WORK/rc1.csv" >/dev/null 2>&1
cp "$WORK/other.snapshot" "$snap"
t segments --format csv --as-of 2026-03-01
expect_out "another database's snapshot is not used" '^K1,.*,101\.00,'

# a damaged byte anywhere in the snapshot is noticed: the report equals the store's
t segments --format csv --as-of 2026-03-01
size=$(wc -c <"$snap")
for at in 40 $((size / 2)) $((size - 70)); do
	cp "$snap" "$WORK/good.snapshot"
	printf '\377' | dd of="$snap" bs=1 seek="$at" conv=notrunc 2>/dev/null
	same_as_store "a snapshot damaged at byte $at is ignored" $TREUE segments --format csv --as-of 2026-03-01
	cp "$WORK/good.snapshot" "$snap"
done

# writers use a temporary name of their own (mkstemp), none is left behind
ls "$WORK" | grep -E 'replaced\.db\.snapshot\..+' | grep -vE '\.snapshot\.[co]-[0-9a-f]{16}$' >"$WORK/tmpnames" || true
expect_eq "no temporary snapshot is left behind" "$(cat "$WORK/tmpnames")" ""
