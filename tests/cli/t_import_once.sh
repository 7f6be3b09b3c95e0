# t_import_once.sh — a large file of orders into an empty table is read
# once when its first rows settle the columns' forms (docs/IMPORT.md
# "Speed"): the rows, counts, messages, rejects and errors must be those of
# two reads in every case — forms confirmed by the whole file, other forms
# decided at the end (the rows are undone and the file read twice), a bad
# row after the first rows, a file error after them, a column that turns
# out to mix currencies.  TREUE_ONE_READ_ROWS=20 lets the first 20 rows
# decide (0: always two reads); TREUE_BULK_ROWS=1 takes the bulk path.
. "$(dirname "$0")/lib.sh"
if [ -n "${PG:-}" ]; then
	skip "one read of a file of orders" "SQLite's write path; a server database takes a file of orders as one stream (t_import, t_pg)"
	exit 0
fi
export TREUE_BULK_ROWS=1

# both NAME FILE [ARGS...]: imports FILE into a new database read twice and
# read once; the exit code, summary, messages, rejects and rows must agree
both() {
	name=$1 file=$2
	shift 2
	for mode in twice once; do
		rm -f "$WORK/$mode.db"* "$WORK/rej-$mode.csv"
		if [ $mode = twice ]; then n=0; else n=20; fi
		TREUE_ONE_READ_ROWS=$n run $TREUE --db "$WORK/$mode.db" import orders "$file" "$@"
		{
			echo "rc $rc"
			sed "s/rej-$mode/rej-X/g" "$WORK/out"
			sed "s/rej-$mode/rej-X/g" "$WORK/err"
		} >"$WORK/said-$mode"
		[ -f "$WORK/rej-$mode.csv" ] && cp "$WORK/rej-$mode.csv" "$WORK/rejects-$mode" || echo none >"$WORK/rejects-$mode"
		if [ -f "$WORK/$mode.db" ]; then
			sqlite3 "$WORK/$mode.db" "select o.id, c.customer_id, c.name, o.order_id, o.date, o.revenue, o.margin from orders o join customer c on c.id = o.cust order by o.id; select count(*) from customer; select cust, date, id, revenue, margin from orders_by_cust; select count(*) from sqlite_master where name glob 'orders_by_cust_[iud]'; select action, detail, rows from audit order by id" >"$WORK/rows-$mode"
		else
			echo "no database" >"$WORK/rows-$mode"
		fi
	done
	expect_eq "$name: the same exit code, summary and messages" "$(cat "$WORK/said-once")" "$(cat "$WORK/said-twice")"
	expect_eq "$name: the same rejects" "$(cat "$WORK/rejects-once")" "$(cat "$WORK/rejects-twice")"
	expect_eq "$name: the same rows" "$(cat "$WORK/rows-once")" "$(cat "$WORK/rows-twice")"
}

# ROWS [KIND]: orders of 13 customers with rising ids, some repeated
# (present or corrected), a name column; KIND changes rows after the 40th:
#   comma   amounts like 1.234,50 (the file's decimal mark is the comma;
#           the first rows' 12.50 reads as a point), German semicolons kept
#   bad     an impossible date in row 60
#   nul     a NUL byte in row 70 (the file is refused)
#   usd     amounts in EUR, a dollar amount in row 80 (the column mixes
#           currencies)
#   dmy     slash dates, the first ones ambiguous, 13/04/2025 later
gen() {
	awk -v n="$1" -v k="${2:-}" 'BEGIN {
		print "customer;name;order id;date;revenue;margin"
		for (i = 1; i <= n; i++) {
			id = sprintf("B-%05d", (i % 31 == 0) ? i - 7 : i)
			d = sprintf("2025-%02d-%02d", i % 12 + 1, i % 28 + 1)
			r = sprintf("%d.%02d", i % 90 + 10, i % 100)
			m = sprintf("%d.%02d", i % 9 + 1, i % 100)
			if (k == "comma" && i > 40) { r = sprintf("1.%03d,%02d", i % 1000, i % 100); m = sprintf("%d,%02d", i % 9 + 1, i % 100) }
			if (k == "bad" && i == 60) d = "31.02.2025"
			if (k == "usd" && i > 40) r = r " EUR"
			if (k == "usd" && i == 80) r = "$ 12.00"
			if (k == "dmy") d = (i < 30) ? sprintf("%02d/%02d/2025", i % 12 + 1, i % 12 + 1) : sprintf("%02d/04/2025", i % 16 + 13)
			printf "K%d;Kunde %d;%s;%s;%s;%s\n", i % 13, i % 13, id, d, r, m
			if (i % 17 == 0) print ""
		}
	}'
}
gen 300 >"$WORK/plain.csv"
both "forms settled by the first rows" "$WORK/plain.csv"
expect_out "... the file is imported" '^2[0-9][0-9] imported, [0-9]+ updated, [0-9]+ already present, 13 customers created'
both "... with a rejects file and no bad row" "$WORK/plain.csv" --skip-bad "$WORK/rej-$mode.csv"

gen 300 comma >"$WORK/comma.csv"
both "the whole file decides another decimal mark" "$WORK/comma.csv" --skip-bad "$WORK/rej-X.csv"
expect_out "... the first rows, read with the file's comma, are rejected" 'rejected'
both "... without a rejects file: nothing imported, every bad row listed" "$WORK/comma.csv"

gen 300 bad >"$WORK/bad.csv"
both "a bad row after the first rows" "$WORK/bad.csv" --skip-bad "$WORK/rej-X.csv"
expect_out "... rejected" '1 rejected'
both "... without a rejects file" "$WORK/bad.csv"
expect_rc "... fails" 1

gen 300 >"$WORK/nul.csv"
printf 'K1;x;B-99999;2025-01-01;1\00002.00;1.00\n' >>"$WORK/nul.csv"
both "a file error after the first rows" "$WORK/nul.csv"
expect_rc "... fails" 1
expect_err "... with the file's error" 'NUL|binary'

gen 300 usd >"$WORK/usd.csv"
both "a column that mixes currencies after the first rows" "$WORK/usd.csv"
expect_rc "... fails" 1
expect_err "... naming the column" 'mixes currencies'

gen 300 dmy >"$WORK/dmy.csv"
both "slash dates the first rows leave open" "$WORK/dmy.csv"
expect_rc "... imported" 0

# a file into a table that has orders is read twice (the same rows either way)
for mode in twice once; do
	if [ $mode = twice ]; then n=0; else n=20; fi
	rm -f "$WORK/$mode.db"*
	TREUE_ONE_READ_ROWS=$n run $TREUE --db "$WORK/$mode.db" import orders "$WORK/bad.csv" --skip-bad "$WORK/rej.csv"
	TREUE_ONE_READ_ROWS=$n run $TREUE --db "$WORK/$mode.db" import orders "$WORK/plain.csv"
	cp "$WORK/out" "$WORK/said-$mode"
	sqlite3 "$WORK/$mode.db" "select o.id, o.order_id, o.revenue from orders o order by o.id" >"$WORK/rows-$mode"
done
expect_eq "a second file into a table with orders: the same summary" "$(cat "$WORK/said-once")" "$(cat "$WORK/said-twice")"
expect_eq "... and rows" "$(cat "$WORK/rows-once")" "$(cat "$WORK/rows-twice")"
