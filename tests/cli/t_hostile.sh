#!/bin/sh
# t_hostile.sh — what a hostile or careless user tried: dates outside
# 1900-9999 (given or derived), a pipe without a writer, formulas in CSV
# cells, control characters and bidirectional overrides in names, ids with
# spaces or controls, and the messages that used to mislead.
. "$(dirname "$0")/lib.sh"
q() { sqlite3 "$TREUE_DB" "$1"; }
fresh() { rm -f "$TREUE_DB" "$TREUE_DB-wal" "$TREUE_DB-shm" "$TREUE_DB.snapshot"; }

printf 'Customer ID,Order No,Date,Revenue\nK1,1,2026-01-10,100.00\nK2,2,2026-02-10,200.00\n' >"$WORK/orders.csv"

# ---- dates: 1900-01-01 to 9999-12-31, given or derived
fresh
printf 'Customer ID,Order No,Date,Revenue\nK1,1,31.12.1899,100.00\nK1,2,01.01.1900,100.00\nK1,3,00010101,100.00\n' >"$WORK/old.csv"
t import orders "$WORK/old.csv"
expect_rc "dates: an order before 1900 is a bad row" 1
expect_err "dates: 1899 is named" 'old.csv:2: field "date": "31.12.1899" is outside 1900-01-01 to 9999-12-31'
expect_err "dates: year 1 is named" 'old.csv:4: field "date": "00010101" is outside 1900-01-01 to 9999-12-31'
$TREUE demo --customers 30 --seed 4 >/dev/null 2>&1
t report --as-of 1899-12-31
expect_rc "dates: --as-of before 1900 is a usage error" 2
expect_err "dates: --as-of before 1900 says so" '"1899-12-31" is outside 1900-01-01 to 9999-12-31'
t report --as-of 9999-12-31
expect_rc "dates: --as-of 9999-12-31 looks past 9999: usage error" 2
expect_err "dates: --as-of 9999-12-31 says why" '9999-12-31 .*beyond 1900-01-01 to 9999-12-31'
if [ "$(wc -c <"$WORK/out")" -lt 1000 ]; then ok "dates: no report of thousands of years"; else notok "dates: no report of thousands of years"; fi
t report --as-of 1900-03-01
expect_rc "dates: a D whose year before lies before 1900: usage error" 2
t segments --as-of 9999-12-31 --format csv
expect_rc "dates: segments at 9999-12-31: usage error" 2
t add promise --customer K10001 --what "call" --due-in 100000y
expect_rc "dates: --due-in past 9999 is a usage error" 2
expect_err "dates: --due-in says why" 'due-in.*9999-12-31'
expect_eq "dates: no promise written" "$(q "select count(*) from promise where what = 'call'")" 0
t list promises --due-within 100000y
expect_rc "dates: --due-within past 9999 is a usage error" 2
t report promises --within 100000y
expect_rc "dates: report promises --within past 9999 is a usage error" 2
t report feedback --as-of 1900-06-01
expect_rc "dates: report feedback a year back before 1900: usage error" 2
t movement --from 1900-02-01 --to 2026-01-01
expect_rc "dates: movement from a D that looks back before 1900: usage error" 2
t add dialog --customer K10001 --date 1899-12-31
expect_rc "dates: add with a date before 1900: usage error" 2
expect_err "dates: add says why" '--date: "1899-12-31" is outside 1900-01-01 to 9999-12-31'
t report --as-of 2026-11-24 --format json
expect_rc "dates: an ordinary D still works" 0

# ---- inputs that are no regular file: a pipe without a writer does not
# hang the import; devices are refused; a pipe with data is read and then
# named as one that cannot be read twice
fresh
mkfifo "$WORK/in.fifo"
run timeout 20 $TREUE import orders "$WORK/in.fifo"
expect_rc "fifo without a writer: refused at once" 1
expect_err "fifo without a writer: says why" 'in.fifo: .*(no data|not a regular file)'
run timeout 20 $TREUE import orders /dev/zero
expect_rc "a device: refused" 1
expect_err "a device: says why" '/dev/zero: .*not a regular file'
printf 'Customer ID,Order No,Date,Revenue\nK1,1,2026-01-10,100.00\n' >"$WORK/p.csv"
run sh -c "cat '$WORK/p.csv' | timeout 20 $TREUE import orders /dev/stdin"
expect_rc "a pipe with data: read, then refused" 1
expect_err "a pipe with data: cannot be read twice" 'cannot be read a second time'
