#!/bin/sh
# t_import.sh — `treue import`: all or nothing, --skip-bad, re-import,
# scales, the German Windows-1252 file against the English one, --dry-run,
# all nine kinds, the CDNOW sample, and the messages that name FILE:LINE.
. "$(dirname "$0")/lib.sh"
I="$DATA/import"
q() { sql "$1"; }
fresh() { fresh_db; }

# ---- one bad row: nothing imported, the row named by file, line, field and value
fresh
t import orders "$I/orders_bad.csv"
expect_rc "bad row: exit 1" 1
expect_err "bad row: named" 'orders_bad.csv:4: field "date": "31.02.2026" is not a date'
expect_err "bad row: nothing imported" 'nothing imported: 1 bad row'
expect_eq "bad row: no orders written" "$(q 'select count(*) from orders')" 0
expect_eq "bad row: no customers written" "$(q 'select count(*) from customer')" 0
expect_eq "bad row: no audit entry" "$(q 'select count(*) from audit')" 0

# ---- --skip-bad: the good rows imported, every bad one written with its reason
fresh
t import orders "$I/orders_skip.csv" --skip-bad "$WORK/rejects.csv"
expect_rc "skip-bad: exit 0" 0
expect_out "skip-bad: summary" '^3 imported, 0 updated, 0 already present, 3 customers created, 0 kept as other, 3 rejected'
expect_eq "skip-bad: good rows imported" "$(q 'select group_concat(order_id) from (select order_id from orders order by order_id)')" "1,5,6"
expect_eq "skip-bad: rejects has header and 3 rows" "$(wc -l <"$WORK/rejects.csv" | tr -d ' ')" 4
expect_eq "skip-bad: rejects header" "$(head -1 "$WORK/rejects.csv")" "customer,order id,date,revenue,rejected because"
if grep -q '^B,2,2026-02-31,20.00,"[^"]*orders_skip.csv:3: field ""date"": ""2026-02-31"" is not a date"$' "$WORK/rejects.csv"; then
	ok "skip-bad: bad date with reason"; else notok "skip-bad: bad date with reason"; fi
if grep -q '^,3,2026-02-03,30.00,.*field ""customer_id"": """" is required' "$WORK/rejects.csv"; then
	ok "skip-bad: missing customer with reason"; else notok "skip-bad: missing customer with reason"; fi
if grep -q '^C,4,2026-02-04,12.345.6,.*field ""revenue"": ""12.345.6"" is not an amount' "$WORK/rejects.csv"; then
	ok "skip-bad: bad amount with reason"; else notok "skip-bad: bad amount with reason"; fi
expect_err "skip-bad: bad rows still listed" 'orders_skip.csv:5: field "revenue"'

# ---- re-importing adds nothing (by order id, and by content for rows without one)
fresh
t import orders "$I/orders_en.csv"
expect_out "reimport: first" '^5 imported, 0 updated, 0 already present, 4 customers created'
t import orders "$I/orders_en.csv"
expect_out "reimport: second adds nothing" '^0 imported, 0 updated, 5 already present, 0 customers created'
expect_eq "reimport: still 5 orders" "$(q 'select count(*) from orders')" 5
t import surveys "$I/surveys_stars.csv" --scale 1-5
t import surveys "$I/surveys_stars.csv" --scale 1-5
expect_out "reimport: surveys by content" '^0 imported, 0 updated, 3 already present'
expect_eq "reimport: 3 surveys" "$(q 'select count(*) from survey')" 3
fresh
t import surveys "$I/surveys_stars.csv" "$I/surveys_stars.csv" --scale 1-5
expect_out "reimport: the same file twice in one call" '^3 imported, 0 updated, 3 already present'
fresh
t import orders "$I/orders_en.csv"
t import surveys "$I/surveys_stars.csv" --scale 1-5
t import surveys "$I/surveys_stars.csv" --scale 1-5
expect_eq "audit: one entry per import" "$(q "select count(*) from audit where action = 'import'")" 3
expect_eq "audit: detail and rows" "$(q "select detail || '|' || rows from audit order by id limit 1" | sed 's|.*/||')" "orders_en.csv|5"

# ---- a 1-5 star survey normalised to 0-10 (tenths in the store)
expect_eq "scale: satisfaction 5,1,4 of 1-5" "$(q 'select group_concat(satisfaction) from (select satisfaction from survey order by date)')" "100,0,75"
expect_eq "scale: recommend 5,2,3 of 1-5" "$(q 'select group_concat(recommend) from (select recommend from survey order by date)')" "100,25,50"
t import surveys "$I/surveys_outside.csv" --scale 1-5
expect_rc "scale: a value outside the scale is an error" 1
expect_err "scale: named" 'surveys_outside.csv:3: field "satisfaction": "6" is outside the scale 1-5'
t import surveys "$I/surveys_stars.csv" --scale 0-100 --dry-run
expect_out "scale: shown in the dry run" 'satisfaction: scale 0-100, stored as 0-10'
t import orders "$I/orders_en.csv" --scale 1-5
expect_rc "scale: only for surveys" 2

# ---- the German semicolon Windows-1252 file reads as the same numbers as the English one
fresh
t import orders "$I/orders_en.csv"
en=$(q "select sum(revenue), sum(margin), count(margin), group_concat(date), group_concat(c.customer_id) from orders o join customer c on c.id = o.cust")
fresh
t import orders "$I/orders_de.csv"
expect_rc "german: imported" 0
de=$(q "select sum(revenue), sum(margin), count(margin), group_concat(date), group_concat(c.customer_id) from orders o join customer c on c.id = o.cust")
expect_eq "german: same sums, dates and customers as English" "$de" "$en"
expect_eq "german: the numbers" "$(q 'select sum(revenue), sum(margin) from orders')" "832196|251750"
expect_err "german: unmapped column named" 'orders_de.csv: ignored columns \(they name no field\): "Bemerkung"'
t import auftraege "$I/orders_de.csv" "$I/orders_de.csv"
expect_out "german: kind name, two files" '^0 imported, 0 updated, 10 already present'
expect_eq "german: ignored column named once" "$(grep -c Bemerkung "$WORK/err")" 1
t --lang de import aufträge "$I/orders_de.csv"
expect_out "german: summary in German" '^0 importiert, 0 aktualisiert, 5 bereits vorhanden'

# ---- --dry-run shows how the file is read and writes nothing
fresh
t import orders "$I/orders_de.csv" --dry-run
expect_rc "dry-run: exit 0" 0
expect_out "dry-run: encoding" 'encoding +Windows-1252, converted to UTF-8'
expect_out "dry-run: delimiter" 'delimiter +semicolon'
expect_out "dry-run: mapping and date form" '"Belegdatum" +-> date: DD.MM.YYYY \(time of day dropped\)'
expect_out "dry-run: money form" '"Umsatz netto" +-> revenue: decimal comma'
expect_out "dry-run: ignored column" '"Bemerkung" +-> \(ignored: no field\)'
expect_out "dry-run: first rows as read" 'line 2: order_id=R-2026-001 customer_id=K-1001 date=2026-01-15 revenue=1,234.56 margin=400.00'
expect_out "dry-run: says nothing written" 'nothing written'
if sqlite_only "dry-run: no database created"; then
	if [ -e "$TREUE_DB" ]; then notok "dry-run: no database created"; else ok "dry-run: no database created"; fi
fi
t import orders "$I/orders_en.csv"
t import orders "$I/orders_skip.csv" --dry-run --skip-bad "$WORK/dry-rejects.csv"
expect_eq "dry-run: nothing written to the store" "$(q 'select count(*) from orders')" 5
if [ -e "$WORK/dry-rejects.csv" ]; then notok "dry-run: no rejects file"; else ok "dry-run: no rejects file"; fi
t import orders "$I/orders_bad.csv" --dry-run
expect_rc "dry-run: bad rows give exit 1" 1

# ---- all nine kinds
fresh
for k in customers orders surveys dialogs promises complaints stories referrals departures; do
	case $k in
	orders) f="$I/orders_en.csv" ;;
	surveys) f="$I/surveys_stars.csv" ;;
	*) f="$I/$k.csv" ;;
	esac
	t import $k "$f"
	expect_rc "kinds: $k imported" 0
done
expect_eq "kinds: customers" "$(q "select name || '|' || region || '|' || owner || '|' || acquired_on || '|' || acquisition_cost from customer where customer_id = 'K-1001'")" \
	"Müller Maschinenbau GmbH|Süd|Jörg Weiß|$(q "select cast(julianday('2019-03-01') - julianday('1970-01-01') as int)")|150000"
expect_eq "kinds: customer without cost" "$(q "select coalesce(cast(acquisition_cost as text), 'none') from customer where customer_id = 'K-1005'")" none
expect_eq "kinds: dialog touchpoints" "$(q 'select group_concat(touchpoint) from (select touchpoint from dialog order by date)')" "sales,billing,other"
expect_eq "kinds: promise statuses" "$(q 'select group_concat(status) from (select status from promise order by made_on)')" "kept,broken,renegotiated,open"
expect_eq "kinds: promise closed on" "$(q "select count(closed_on) from promise")" 2
expect_eq "kinds: complaint reasons" "$(q "select group_concat(reason || ':' || coalesce(reason_text, '')) from (select * from complaint order by date)")" \
	"late_delivery:,late_delivery:,other:the coffee was cold,billing:"
expect_eq "kinds: complaint statuses" "$(q 'select group_concat(status) from (select status from complaint order by date)')" "resolved,open,resolved,resolved"
expect_eq "kinds: complaint whys" "$(q "select why1 || '/' || why5 || '/' || root_cause from complaint where why1 is not null")" "truck late/no deputy/no deputy for approvals"
expect_eq "kinds: story kinds" "$(q 'select group_concat(kind) from (select kind from story order by date)')" "extra_mile,tnt"
expect_eq "kinds: story without customer" "$(q 'select count(*) from story where cust is null')" 1
expect_eq "kinds: referrals" "$(q 'select count(*) from referral')" 2
expect_eq "kinds: departure" "$(q 'select reason || "|" || competitor from departure')" "price|Cheap & Co"
expect_eq "kinds: referred customers created" "$(q "select count(*) from customer where customer_id like 'K-200%'")" 2
t import complaints "$I/complaints.csv"
expect_out "kinds: re-import of complaints adds nothing" '^0 imported, 0 updated, 4 already present'

# ---- dates judged per column
fresh
t import orders "$I/dates_ambiguous.csv"
expect_rc "dates: undecidable slash column is an error" 1
expect_err "dates: asks for a hint" 'column "date" \(date\): dates like 03/04/2026 can be day or month first.*--date-order'
t import orders "$I/dates_ambiguous.csv" --date-order dmy
expect_eq "dates: --date-order dmy" "$(q "select date(min(date) * 86400, 'unixepoch') from orders")" 2026-04-03
fresh
t import orders "$I/dates_mdy.csv"
expect_eq "dates: 11/24/2026 decides month first for 03/04/2026" "$(q "select group_concat(date(date * 86400, 'unixepoch')) from (select date from orders order by date)")" "2026-03-04,2026-11-24"

# ---- money judged per column: 1.234 next to 12,50 is 1234.00
fresh
t import orders "$I/money_columns.csv" --map DB=margin
expect_eq "money: 1.234 and 1.000 by their columns" "$(q 'select group_concat(revenue || "/" || margin) from (select * from orders order by date)')" "123400/1250,500/100000"
t import orders "$I/tab_pipe.tsv"
expect_rc "money: tab-separated file" 0

# ---- files that fit no encoding are named with line and byte offset
t import customers "$I/mixed_encoding.csv"
expect_rc "encoding: mixed file refused" 1
expect_err "encoding: line and byte offset" 'mixed_encoding.csv:3: byte offset 31 \(0xFC\): .*mixes encodings'
expect_eq "encoding: nothing imported" "$(q "select count(*) from customer where customer_id like 'K-_'")" 0

# ---- a long bad value is cut for the message at a character boundary
{
	echo "customer;date;revenue"
	printf 'A;'
	i=0
	while [ $i -lt 100 ]; do printf 'ä'; i=$((i + 1)); done
	echo ";1"
} >"$WORK/long.csv"
t import orders "$WORK/long.csv"
expect_err "long value: cut with an ellipsis" 'long.csv:2: field "date": "(ä)+…" is not a date'
if iconv -f UTF-8 -t UTF-8 "$WORK/err" >/dev/null 2>&1; then ok "long value: valid UTF-8"; else notok "long value: valid UTF-8"; fi

# ---- headers, --map, usage
fresh
t import orders "$I/orders_en.csv" --map "Order No=" --map Notes=
expect_rc "map: ignore columns" 0
expect_eq "map: order id ignored" "$(q 'select count(order_id) from orders')" 0
t import orders "$I/surveys_stars.csv"
expect_rc "map: required field missing" 1
expect_err "map: names the missing fields" 'no column for the required field\(s\) revenue'
t import orders "$I/orders_en.csv" --map amount=nonsense
expect_rc "map: unknown field" 1
expect_err "map: lists the fields" '"nonsense" is not a field of orders'
t import bananas "$I/orders_en.csv"
expect_rc "usage: unknown kind" 2
t import orders
expect_rc "usage: no file" 2
t import orders "$WORK/nope.csv"
expect_rc "missing file" 1
expect_err "missing file: named" 'nope.csv: cannot open'
: >"$WORK/empty.csv"
t import orders "$WORK/empty.csv"
expect_rc "empty file" 1
expect_err "empty file: named" 'empty.csv: is empty'
t import orders --help
expect_out "help: options" '--skip-bad REJECTS.csv'

# ---- summary as JSON, data version, nothing on stderr but notes on a pipe
fresh
t import orders "$I/orders_en.csv" --format json --map Notes=
expect_out "json summary" '^\{"rows":5,"imported":5,"updated":0,"already_present":0,"customers_created":4,"kept_as_other":0,"rejected":0\}$'
if [ "$(q "select value > 1 from meta where key = 'data_version'")" = 1 ]; then ok "data version moved on"; else notok "data version moved on"; fi
if grep -q "$(printf '\r')" "$WORK/err"; then notok "no progress bar on a pipe"; else ok "no progress bar on a pipe"; fi

# ---- the CDNOW sample (shared data): 2357 customers, 6919 orders
if [ -n "$SHARED" ] && [ -f "$SHARED/cdnowElog_BTYD.csv" ]; then
	fresh
	t import orders "$SHARED/cdnowElog_BTYD.csv" --map sampleid=customer_id --map sales=revenue --map masterid=
	expect_rc "cdnow: imported" 0
	expect_err "cdnow: cds named as ignored" 'ignored columns \(they name no field\): "cds"'
	expect_eq "cdnow: customers" "$(q 'select count(*) from customer')" 2357
	expect_eq "cdnow: orders" "$(q 'select count(*) from orders')" 6919
	expect_eq "cdnow: revenue" "$(q 'select sum(revenue) from orders')" 24409194
	expect_eq "cdnow: first day" "$(q "select date(min(date) * 86400, 'unixepoch') from orders")" 1997-01-01
	t import orders "$SHARED/cdnowElog_BTYD.csv" --map sampleid=customer_id --map masterid=
	expect_out "cdnow: re-import adds nothing" '^0 imported, 0 updated, 6,919 already present'
else
	skip "cdnow: imported" "no shared data"
fi

# ---- --skip-bad never touches what it must not: the database, an input, a
# device or pipe; a failed import leaves an existing file as it was; rejects
# appear only when there are some
fresh
t import orders "$I/orders_en.csv"
before=$(q 'select count(*) from orders')
if sqlite_only "skip-bad onto the database's file"; then
	run timeout 20 $TREUE import orders "$I/orders_skip.csv" --skip-bad "$TREUE_DB"
	expect_rc "skip-bad onto the database: refused" 2
	expect_err "skip-bad onto the database: says why" 'skip-bad.*database'
	expect_eq "skip-bad onto the database: the database is intact" "$(q 'select count(*) from orders')" "$before"
fi
cp "$I/orders_skip.csv" "$WORK/in.csv"
run timeout 20 $TREUE import orders "$WORK/in.csv" --skip-bad "$WORK/in.csv"
expect_rc "skip-bad onto an input: refused" 2
expect_err "skip-bad onto an input: says why" 'skip-bad.*input'
if cmp -s "$WORK/in.csv" "$I/orders_skip.csv"; then ok "skip-bad onto an input: the input is intact"; else notok "skip-bad onto an input: the input is intact"; fi
ln -s "$WORK/in.csv" "$WORK/in-link.csv"
run timeout 20 $TREUE import orders "$WORK/in.csv" --skip-bad "$WORK/in-link.csv"
expect_rc "skip-bad onto a link to an input: refused" 2
mkfifo "$WORK/rej.fifo"
run timeout 20 $TREUE import orders "$I/orders_skip.csv" --skip-bad "$WORK/rej.fifo"
expect_rc "skip-bad onto a pipe: refused" 2
expect_err "skip-bad onto a pipe: says why" 'skip-bad.*not a regular file'
if [ -p "$WORK/rej.fifo" ]; then ok "skip-bad onto a pipe: the pipe is still there"; else notok "skip-bad onto a pipe: the pipe is still there"; fi
run timeout 20 $TREUE import orders "$I/orders_skip.csv" --skip-bad "$WORK"
expect_rc "skip-bad onto a directory: refused" 2
printf 'keep me\n' >"$WORK/old-rejects.csv"
t import orders "$I/orders_skip.csv" "$WORK/nope.csv" --skip-bad "$WORK/old-rejects.csv"
expect_rc "skip-bad, the import fails as a whole: exit 1" 1
expect_eq "skip-bad, the import fails as a whole: an existing file is kept" "$(cat "$WORK/old-rejects.csv" 2>/dev/null)" "keep me"
fresh
t import orders "$I/orders_en.csv" --skip-bad "$WORK/none.csv"
expect_rc "skip-bad without bad rows: exit 0" 0
if [ -e "$WORK/none.csv" ]; then notok "skip-bad without bad rows: no rejects file"; else ok "skip-bad without bad rows: no rejects file"; fi
t import orders "$I/orders_skip.csv" --skip-bad "$WORK/old-rejects.csv"
expect_eq "skip-bad: rejects replace the old file" "$(wc -l <"$WORK/old-rejects.csv" | tr -d ' ')" 4
if ls "$WORK" | grep -Eq '\.csv\.[A-Za-z0-9]{6}$'; then notok "skip-bad: no temporary file left"; else ok "skip-bad: no temporary file left"; fi

# ---- scores outside the scale are called so, whatever their form; a bad
# --scale is a usage error (exit 2)
fresh
printf 'customer,date,satisfaction\nA,2026-01-01,-1\nB,2026-01-02,10.0001\nC,2026-01-03,-0.5\nD,2026-01-04,7\nE,2026-01-05,sieben\n' >"$WORK/sv.csv"
t import surveys "$WORK/sv.csv"
expect_rc "scores: bad rows" 1
expect_err "scores: -1 is outside the scale" 'sv.csv:2: field "satisfaction": "-1" is outside the scale 0-10'
expect_err "scores: 10.0001 is outside the scale" 'sv.csv:3: field "satisfaction": "10.0001" is outside the scale 0-10'
expect_err "scores: -0.5 is outside the scale" 'sv.csv:4: field "satisfaction": "-0.5" is outside the scale 0-10'
expect_err "scores: a word is not a number" 'sv.csv:6: field "satisfaction": "sieben" is not a number'
t import surveys "$WORK/sv.csv" --scale 5-1
expect_rc "scale: a reversed scale is a usage error" 2
expect_err "scale: says MIN-MAX" '--scale 5-1: say MIN-MAX'
t import surveys "$WORK/sv.csv" --scale bogus=1-5
expect_rc "scale: an unknown field is a usage error" 2

# ---- one amount is at most ±100,000,000,000.00; larger ones are named, and
# no sum of the accepted ones can overflow
fresh
printf 'customer,order id,date,revenue,margin\nA,1,2026-01-01,100000000000.00,\nB,2,2026-01-02,100000000000.01,\nC,3,2026-01-03,-90000000000000000.00,\nD,4,2026-01-04,1.00,-100000000000.01\nE,5,2026-01-05,92233720368547758.07,\n' >"$WORK/big.csv"
t import orders "$WORK/big.csv"
expect_rc "amounts: too large ones are bad rows" 1
expect_no_out "amounts: the cap itself is taken" 'big.csv:2:'
expect_err "amounts: one cent more is named" 'big.csv:3: field "revenue": "100000000000.01" is beyond the largest amount treue takes'
expect_err "amounts: 9·10^18 is named" 'big.csv:4: field "revenue": .* is beyond the largest amount'
expect_err "amounts: margins too" 'big.csv:5: field "margin": "-100000000000.01" is beyond the largest amount'
expect_err "amounts: past int64 is named, not overflowed" 'big.csv:6: field "revenue": "92233720368547758.07" is beyond the largest amount'
t add customer --id K1 --acquisition-cost 100000000000.01
expect_rc "amounts: add refuses a too large acquisition cost" 2
expect_err "amounts: add says why" 'acquisition-cost.*beyond the largest amount'
# amounts written past treue: the loader names them instead of summing them
fresh
t import orders "$I/orders_en.csv"
sql "update orders set revenue = 9000000000000000000 where order_id = (select min(order_id) from orders)"
t report --format json
expect_rc "amounts: a huge amount in the database is an error" 1
expect_err "amounts: the loader names the customer" 'customer "[^"]+": an amount is beyond the largest amount'
sql "update orders set revenue = 10000000000000"
i=0; while [ $i -lt 12 ]; do sql "insert into orders(cust, date, revenue, margin) select cust, date, revenue, revenue from orders"; i=$((i + 1)); done
t report --format json
expect_rc "amounts: 20480 orders at the cap sum without overflow" 0
