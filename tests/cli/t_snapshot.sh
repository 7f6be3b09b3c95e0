# t_snapshot.sh — the order snapshot beside the database: written on the
# first load, used when it matches, ignored and rewritten when the orders
# changed (import, direct inserts) or the file is damaged; never different
# from reading the store; no personal data in it.
. "$(dirname "$0")/lib.sh"
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

# no personal data: customer names and ids are not in it
t report
name=$(sqlite3 "$TREUE_DB" "select name from customer where name is not null limit 1")
if grep -qF "$name" "$snap"; then notok "no customer names in the snapshot"; else ok "no customer names in the snapshot"; fi
if grep -qF "K10001" "$snap"; then notok "no customer ids in the snapshot"; else ok "no customer ids in the snapshot"; fi
