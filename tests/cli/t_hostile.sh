#!/bin/sh
# t_hostile.sh — what a hostile or careless user tried: dates outside
# 1900-9999 (given or derived), a pipe without a writer, formulas in CSV
# cells, control characters and bidirectional overrides in names, ids with
# spaces or controls, and the messages that used to mislead.
. "$(dirname "$0")/lib.sh"
q() { sql "$1"; }
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
expect_err "dates: --as-of before 1900 says so" '"1899-12-31" is not a date from 1900 to 9999'
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
expect_err "dates: add says why" '--date: "1899-12-31" is not a date from 1900 to 9999'
t report --as-of 2026-11-24 --format json
expect_rc "dates: an ordinary D still works" 0

# ---- inputs that are no regular file: a pipe without a writer does not
# hang the import; devices are refused; a pipe with data is read and then
# named as one that cannot be read twice
fresh
mkfifo "$WORK/in.fifo"
run timeout 20 $TREUE import orders "$WORK/in.fifo"
expect_rc "fifo without a writer: refused, not waited for" 1
expect_err "fifo without a writer: says why" 'in.fifo: .*(no data|not a regular file)'
run timeout 20 $TREUE import orders /dev/zero
expect_rc "a device: refused" 1
expect_err "a device: says why" '/dev/zero: .*not a regular file'
printf 'Customer ID,Order No,Date,Revenue\nK1,1,2026-01-10,100.00\n' >"$WORK/p.csv"
run sh -c "cat '$WORK/p.csv' | timeout 20 $TREUE import orders /dev/stdin"
expect_rc "a pipe with data: read, then refused" 1
expect_err "a pipe with data: cannot be read twice" 'cannot be read a second time'

# ---- formulas in CSV cells (SPEC §5): every CSV treue writes puts a ' before
# a text cell that starts with = + - @, a tab or a carriage return; amounts,
# counts and dates stay as they are
fresh
cat >"$WORK/cust.csv" <<'CSV'
customer id,name,owner
K1,"=HYPERLINK(""http://evil.example"",""click"")",@SUM(A1)
-K2,+Plus GmbH,	Tab Owner
K3,Normal AG,Anna
CSV
printf 'customer,order id,date,revenue\nK1,1,2026-01-10,100.00\n-K2,2,2026-02-10,200.00\nK3,3,2026-03-10,-50.00\nK3,4,2026-03-11,20.00\n' >"$WORK/ord.csv"
printf 'customer,date,channel,touchpoint,employee,support,improve,notes\nK1,2026-03-01,visit,sales,=Eve,"-1+cmd|'"'"' /C calc'"'"'!A0",@x,notes\n' >"$WORK/dlg.csv"
printf 'customer,made on,due on,what,owner,status\nK1,2026-03-01,2026-03-09,=1+1,+Owner,open\n' >"$WORK/prm.csv"
printf 'date,what,customer,employee,situation,outcome,kind\n2026-03-02,=act,K1,@emp,-sit,+wow,tnt\n' >"$WORK/sto.csv"
printf 'customer,date,reason,description,status\nK1,2026-03-03,=reason,=desc,open\n' >"$WORK/cmp.csv"
for k in customers:cust orders:ord dialogs:dlg promises:prm stories:sto complaints:cmp; do
	$TREUE import "${k%%:*}" "$WORK/${k##*:}.csv" >/dev/null 2>&1 || echo "# import ${k%%:*} failed"
done
guarded() { # NAME FILE: no cell starts with a formula character unless guarded
	if grep -Eq '(^|,|")(=|\+[^0-9]|-[^0-9.]|@)' "$2"; then
		notok "$1" "$(grep -En '(^|,|")(=|\+[^0-9]|-[^0-9.]|@)' "$2" | head -3)"
	else ok "$1"; fi
}
t actions --format csv --as-of 2026-04-01
cp "$WORK/out" "$WORK/actions.csv"
guarded "csv: actions guard names and owners" "$WORK/actions.csv"
expect_out "csv: actions keep the name, with a '" "^[0-9],K1,.*,\"'=HYPERLINK"
expect_out "csv: actions guard the owner" ",'@SUM\(A1\),"
t segments --format csv --as-of 2026-04-01
guarded "csv: segments guard ids" "$WORK/out"
expect_out "csv: segments write a guarded id" "^'-K2,"
expect_out "csv: segments keep negative amounts as numbers" '^K3,[a-z]+,1,-30\.00,'
for k in dialogs promises complaints stories; do
	t list "$k" --format csv
	guarded "csv: list $k guards text cells" "$WORK/out"
done
t list dialogs --format csv
expect_out "csv: list dialogs guard a DDE formula" ",'-1\+cmd\|"
for r in feedback stories promises cadence; do
	t report "$r" --format csv --as-of 2026-04-01
	guarded "csv: report $r guards text cells" "$WORK/out"
done
t customer --format csv --as-of 2026-04-01 -- -K2
guarded "csv: customer card guards the id" "$WORK/out"
expect_out "csv: customer card writes the guarded id" "^customer_id,'-K2$"
USER='=cmd' $TREUE add dialog --customer K3 --notes hi >/dev/null 2>&1
t audit --format csv
guarded "csv: audit guards who and the details" "$WORK/out"
expect_out "csv: audit writes the guarded user" ",'=cmd,add,"
printf 'customer,order id,date,revenue\n=BAD(),9,2026-02-31,-5.00\n@K4,10,2026-01-01,x\n' >"$WORK/badrows.csv"
t import orders "$WORK/badrows.csv" --skip-bad "$WORK/rej.csv"
guarded "csv: rejects guard text cells" "$WORK/rej.csv"
expect_eq "csv: rejects keep amounts as numbers" "$(sed -n 2p "$WORK/rej.csv" | cut -d, -f1-4)" "'=BAD(),9,2026-02-31,-5.00"
# what treue wrote with a guard reads back without it
sed -n '1p;3p' "$WORK/rej.csv" | cut -d, -f1-4 >"$WORK/fixed.csv"
sed -i 's/,x$/,7.00/' "$WORK/fixed.csv"
t import orders "$WORK/fixed.csv"
expect_rc "csv: a guarded cell imports" 0
expect_eq "csv: the guard is dropped on import" "$(q "select count(*) from customer where customer_id = '@K4'")" 1

# ---- control characters and bidirectional overrides in names and texts are
# shown escaped in text output (\x1b, \u202e), never raw
fresh
ESC=$(printf '\033')
RLO=$(printf '\342\200\256')
CSI1=$(printf '\302\233')
printf 'customer id,name,owner\nK1,Evil%s[2J%s[31mRed,Own%ser\nK2,%sgpj.exe,Bob\nK3,Qu%s[1miet,Z%sed\n' "$ESC" "$ESC" "$CSI1" "$RLO" "$ESC" "$RLO" >"$WORK/cust.csv"
printf 'customer,order id,date,revenue\nK1,1,2026-01-10,100.00\nK2,2,2026-02-10,200.00\nK1,3,2025-01-10,100.00\nK3,4,2026-01-15,50.00\n' >"$WORK/ord.csv"
printf 'customer,date,channel,touchpoint,employee,support,improve,notes\nK1,2026-03-01,visit,sales,Eve%s[5m,help %s me,better%s,no%ste\n' "$ESC" "$RLO" "$CSI1" "$ESC" >"$WORK/dlg.csv"
printf 'customer,made on,due on,what,owner,status\nK1,2026-03-01,2026-03-09,call%s[H back,Ann%s,open\n' "$ESC" "$RLO" >"$WORK/prm.csv"
printf 'date,what,customer,employee,situation,outcome,kind\n2026-03-02,drove%s[1m over,K1,Jo%s,sit%s,wow%s,tnt\n' "$ESC" "$RLO" "$ESC" "$CSI1" >"$WORK/sto.csv"
printf 'customer,date,reason,description,status,why1,root cause\nK1,2026-03-03,late%s,desc%s,open,w%s,root%s[0m cause\n' "$ESC" "$ESC" "$RLO" "$ESC" >"$WORK/cmp.csv"
printf 'customer,date,reason,competitor\nK2,2026-03-20,price%s,Comp%s\n' "$ESC" "$RLO" >"$WORK/dep.csv"
for k in customers:cust orders:ord dialogs:dlg promises:prm stories:sto complaints:cmp departures:dep; do
	$TREUE import "${k%%:*}" "$WORK/${k##*:}.csv" >/dev/null 2>&1 || echo "# import ${k%%:*} failed"
done
visible() { # NAME: neither stdout nor stderr holds a raw ESC, C1 control or bidi override
	if cat "$WORK/out" "$WORK/err" | grep -q -e "$ESC" -e "$RLO" -e "$CSI1"; then
		notok "$1" "raw control or override"
	else ok "$1"; fi
}
t segments --as-of 2026-04-01
visible "terminal: segments"
t actions --as-of 2026-04-01
visible "terminal: actions"
expect_out "terminal: actions show the escape" 'Evil\\x1b\[2J\\x1b\[31mRed'
t report --as-of 2026-04-01
visible "terminal: report"
t customer K1 --as-of 2026-04-01
visible "terminal: customer card"
expect_out "terminal: customer card shows the escape" 'Evil\\x1b\[2J'
t customer K2 --as-of 2026-04-01
visible "terminal: customer card with an override"
expect_out "terminal: the override is shown as \\u202e" '\\u202egpj\.exe'
for k in dialogs promises complaints stories departures; do
	t list "$k"
	visible "terminal: list $k"
done
for r in feedback stories promises cadence; do
	t report "$r" --as-of 2026-04-01
	visible "terminal: report $r"
done
expect_out "terminal: report cadence lists the silent customer" 'Qu\\x1b\[1miet'

t customer "K9$ESC[2J"
expect_rc "terminal: unknown customer" 1
visible "terminal: an error message names the value escaped"
printf 'customer,order id,date,revenue\nK%s[2J,1,2026-01-10,12x%s\n' "$ESC" "$ESC" >"$WORK/bad.csv"
t import orders "$WORK/bad.csv"
visible "terminal: an import error shows the value escaped"
expect_err "terminal: the escaped value is named" '"12x\\x1b"'
t audit
visible "terminal: audit"
t add dialog --customer K1 --notes "hi"
visible "terminal: add names the customer escaped"
id=$(q "select max(id) from dialog")
t edit dialog "$id" --notes "new$ESC[2J"
visible "terminal: edit"
t close promise "$(q 'select max(id) from promise')" --kept
visible "terminal: close"
t delete dialog "$id" --yes
visible "terminal: delete"
USER="ev$ESC[2Jil" $TREUE add dialog --customer K1 --notes x >/dev/null 2>&1
t audit
visible "terminal: audit names the user escaped"
printf 'customer,order id,date,revenue,Col%s[2J\nK5,9,2026-01-10,1.00,x\n' "$ESC" >"$WORK/hdr.csv"
t import orders "$WORK/hdr.csv" --dry-run
visible "terminal: dry run names columns escaped"
t import orders "$WORK/hdr.csv"
visible "terminal: import notes name columns escaped"
t export K1
visible "terminal: export"

# ---- ids: one rule for import and add — spaces around dropped, no control
# characters or overrides, at most 256 bytes
fresh
$TREUE demo --customers 20 --seed 2 >/dev/null 2>&1
n=$(q 'select count(*) from customer')
t add customer --id "K10001 " --name Twin
expect_rc "ids: add trims like import: K10001 exists" 1
expect_err "ids: says it exists" 'customer K10001 already exists'
expect_eq "ids: no second K10001" "$(q 'select count(*) from customer')" "$n"
t add customer --id "  K77	" --name Trimmed
expect_rc "ids: add with spaces and a tab around" 0
expect_eq "ids: stored trimmed" "$(q "select count(*) from customer where customer_id = 'K77'")" 1
t add customer --id "K78$ESC[2J"
expect_rc "ids: add refuses a control character" 2
expect_err "ids: names the problem" 'control character'
t add customer --id "$(printf 'K\tX')"
expect_rc "ids: add refuses a tab inside" 2
t add customer --id "K$RLO"
expect_rc "ids: add refuses an override" 2
t add customer --id "$(printf '%0300d' 1)"
expect_rc "ids: add refuses a too long id" 2
expect_eq "ids: nothing else created" "$(q 'select count(*) from customer')" "$((n + 1))"
t add dialog --customer "K10001 " --notes trimmed
expect_rc "ids: a reference with a space finds the customer" 0
printf 'customer id,name\nK90%s,Esc\n K91 ,Spaced\n' "$ESC" >"$WORK/ids.csv"
t import customers "$WORK/ids.csv"
expect_rc "ids: import refuses a control character" 1
expect_err "ids: import names the row" 'ids.csv:2: field "customer_id": "K90\\x1b" has a control character'

# ---- messages that used to mislead
fresh
python3 -c "
print(','.join(['customer','date','revenue']+['c%d'%i for i in range(2045)]))
print(','.join(['K1','2026-01-01','1']+['x']*2045))" >"$WORK/f2048.csv"
python3 -c "
print(','.join(['customer','date','revenue']+['c%d'%i for i in range(2046)]))
print(','.join(['K1','2026-01-01','1']+['x']*2046))" >"$WORK/f2049.csv"
t import orders "$WORK/f2048.csv" --map 'c1=' 
expect_rc "fields: exactly 2048 fields import" 0
t import orders "$WORK/f2049.csv"
expect_rc "fields: 2049 fields are refused" 1
expect_err "fields: says more than 2,048" 'f2049.csv:1: more than 2,048 fields'
printf 'customer,customer,date,revenue\nK1,K2,2026-01-01,1.00\n' >"$WORK/dup.csv"
t import orders "$WORK/dup.csv"
expect_err "headers: a duplicate name says which column is read" 'column 2 "customer" is ignored: column 1 "customer" is read as customer_id'
printf 'Kunde,customer id,date,revenue\nK1,K2,2026-01-01,1.00\n' >"$WORK/dup2.csv"
t import orders "$WORK/dup2.csv"
expect_err "headers: two names of one field say which column is read" 'column 1 "Kunde" is ignored: column 2 "customer id" is read as customer_id'
printf 'customer id,name\nK1,Alpha GmbH\nK2,Beta AG\n' >"$WORK/named.csv"
$TREUE import customers "$WORK/named.csv" >/dev/null 2>&1
t customer ""
expect_rc "ids: an empty customer id is an error" 1
expect_no_out "ids: an empty id is not called ambiguous" 'ambiguous'
expect_err "ids: an empty id is called empty" 'is empty'
if grep -q ambiguous "$WORK/err"; then notok "ids: an empty id is not called ambiguous (stderr)"; else ok "ids: an empty id is not called ambiguous (stderr)"; fi
t actions --limit -1
expect_rc "limit: -1 is a usage error" 2
expect_err "limit: -1 is named" '--limit'
if grep -q -- '--priority' "$WORK/err"; then notok "limit: -1 does not mention --priority"; else ok "limit: -1 does not mention --priority"; fi
t actions --limit 0
expect_rc "limit: 0 is a usage error" 2
t actions --limit 1 --format csv
expect_eq "limit: 1 prints one row" "$(($(wc -l <"$WORK/out") - 1))" 1
t actions --priority 7
expect_rc "priority: 7 is a usage error" 2
if grep -q -- '--limit' "$WORK/err"; then notok "priority: 7 does not mention --limit"; else ok "priority: 7 does not mention --limit"; fi
t list dialogs --limit 0
expect_rc "limit: list --limit 0 is a usage error" 2

# ---- a full disk is called so (a tiny tmpfs in a user namespace; skipped
# where that cannot be had)
if unshare -rm true 2>/dev/null && command -v mount >/dev/null; then
	$TREUE demo --customers 3000 --seed 3 --csv "$WORK/full" >/dev/null 2>&1
	mkdir -p "$WORK/tfs"
	run unshare -rm sh -c "mount -t tmpfs -o size=2m tmpfs '$WORK/tfs' && $TREUE --db '$WORK/tfs/t.db' import customers '$WORK/full/customers.csv' >/dev/null 2>&1; $TREUE --db '$WORK/tfs/t.db' import orders '$WORK/full/orders.csv'"
	expect_rc "full disk: the import fails" 1
	expect_err "full disk: says the disk is full" 'the disk is full'
	if grep -q 'disk I/O error' "$WORK/err"; then notok "full disk: not a disk I/O error"; else ok "full disk: not a disk I/O error"; fi
else
	skip "full disk: says the disk is full" "no user namespace for a tmpfs"
fi
t list dialogs --week 1013-W47
expect_rc "dates: a week before 1900 is a usage error" 2
