#!/bin/sh
# t_gdpr.sh — treue export (every row that mentions the customer, golden),
# treue erase (no byte of the erased texts left in the database file or
# its WAL, on PostgreSQL in the files of its tables; orders, revenue and retention unchanged; a pseudonym; an audit
# entry) and treue audit.
. "$(dirname "$0")/lib.sh"
. "$DATA/journal/fixture.sh"
G="$DATA/journal"
golden() { if [ -n "${TREUE_UPDATE_GOLDEN:-}" ]; then cp "$WORK/out" "$2"; ok "$1 (updated)"; else expect_golden "$1" "$2"; fi; }
# times of day and pseudonyms differ from run to run
mask() {
	sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/<time>/g' \
		-e 's/erased-[0-9a-f]{16}/erased-<pseudonym>/g' "$WORK/out" >"$WORK/masked"
	mv "$WORK/masked" "$WORK/out"
}
# in_file TEXT: how many times TEXT occurs in the bytes of the database and
# its WAL; on PostgreSQL in the files of treue's tables and indexes, their
# TOAST tables and the statistics (pg_statistic), after a checkpoint (the
# server's write-ahead log keeps old pages until it is recycled:
# docs/SCALE.md)
in_file() {
	if [ -n "$PG" ]; then
		sql "CHECKPOINT"
		dir=$(sql "SHOW data_directory")
		sql "WITH t AS (SELECT oid, reltoastrelid FROM pg_class
		  WHERE relnamespace = 'public'::regnamespace OR oid = 'pg_statistic'::regclass)
		SELECT pg_relation_filepath(oid) FROM t
		UNION SELECT pg_relation_filepath(reltoastrelid) FROM t WHERE reltoastrelid <> 0
		UNION SELECT pg_relation_filepath(indexrelid) FROM pg_index
		  WHERE indrelid IN (SELECT reltoastrelid FROM t)" |
			while read -r f; do [ -n "$f" ] && cat "$dir/$f" "$dir/$f".* 2>/dev/null; done |
			grep -a -c -F -- "$1"
	else
		cat "$TREUE_DB" "$TREUE_DB-wal" 2>/dev/null | grep -a -c -F -- "$1"
	fi
}

# a story of A100 that names it, and an edit, so that every kind is there
t add story --customer A100 --employee Dora --what "Brought Alpenblick Hotel GmbH a cake" \
	--situation "The Alpenblick chef had burnt the cake" --outcome "Alpenblick cheered"
t edit dialog 4 --channel video

# export
t export --customer A100
expect_rc "export" 0
mask
golden "export --customer A100" "$G/export_A100.json"
t export --customer E500
expect_out "export has referrals received" '"from_customer": "A100"'
expect_out "export has departures and promises of the customer" '"what": "Quote for the bakery line"'
t export --customer "Bergmann" --output "$WORK/b200.json"
expect_rc "export --output" 0
expect_eq "export --output: readable by the owner only" "$(stat -c %a "$WORK/b200.json")" 600
expect_eq "export --output: the complaints" "$(grep -c '"reason": "late_delivery"' "$WORK/b200.json")" 2
t export
expect_rc "export without --customer" 2
t export --customer Z999
expect_rc "export of an unknown customer" 1
t audit --customer A100 --format csv
expect_out "the export is in the audit trail" ',tester,export,A100,1,customer data exported$'

# export --output never writes over the database or into a device; the
# document goes to a new file (0600) renamed into place; an export that
# fails is not audited
exports() { sql "SELECT count(*) FROM audit WHERE action = 'export'"; }
n=$(exports)
if sqlite_only "export --output onto the database's file"; then
	t export --customer B200 --output "$TREUE_DB"
	expect_rc "export --output onto the database is refused" 1
	expect_err "export --output onto the database: message" 'field "output": ".*test.db" is the database; nothing written'
	t list dialogs --customer B200 --format csv
	expect_rc "export --output onto the database: the database is intact" 0
	ln -s "$TREUE_DB" "$WORK/link.db"
	t export --customer B200 --output "$WORK/link.db"
	expect_rc "export --output onto a link to the database is refused" 1
fi
t export --customer B200 --output /dev/null
expect_rc "export --output onto a device is refused" 1
expect_err "export --output onto a device: message" 'exists and is not a regular file'
expect_eq "refused exports are not audited" "$(exports)" "$n"
printf 'an old file
' >"$WORK/old.json"
chmod 644 "$WORK/old.json"
t export --customer B200 --output "$WORK/old.json"
expect_rc "export --output over an existing file" 0
expect_eq "export --output over an existing file: readable by the owner only" "$(stat -c %a "$WORK/old.json")" 600
expect_eq "export --output over an existing file: the document" "$(grep -c '"format": "treue-export-1"' "$WORK/old.json")" 1
expect_eq "no temporary file is left beside it" "$(ls "$WORK" | grep -c '^old.json.')" 0
n=$(exports)
t export --customer B200 --output "$WORK/missing/b200.json"
expect_rc "export into a missing directory" 1
expect_eq "a failed export is not audited" "$(exports)" "$n"
$TREUE export --customer B200 >/dev/full 2>"$WORK/err"
rc=$?
expect_rc "export onto a full standard output" 1
expect_eq "an export that could not be written out is not audited" "$(exports)" "$n"

# erase
revenue_before=$(sql "SELECT sum(revenue) FROM orders")
orders_before=$(sql "SELECT count(*) FROM orders")
# retention at D = 2026-11-25 (day 20782), by customer key: bought in
# P1 = [20052, 20417) and in P0 = [20417, 20782), over bought in P1: 2/3
retention="SELECT count(DISTINCT a.cust) || '/' ||
		(SELECT count(DISTINCT cust) FROM orders WHERE revenue >= 0 AND date >= 20052 AND date < 20417)
	FROM orders a JOIN orders b ON a.cust = b.cust
	WHERE a.revenue >= 0 AND b.revenue >= 0 AND a.date >= 20417 AND a.date < 20782
	AND b.date >= 20052 AND b.date < 20417"
retention_before=$(sql "$retention")
expect_eq "retention before erase" "$retention_before" "2/3"
for s in "Alpenblick Hotel GmbH" "Season starts in December" "Faster delivery of spare parts" "Great service, slow invoices" "Valve leaked" "Send the revised offer" "Alpenblick cheered" "A100"; do
	[ "$(in_file "$s")" -gt 0 ] || notok "before erase the file holds \"$s\""
done
t erase --customer A100
expect_rc "erase without --yes and without a terminal" 1
expect_err "erase without --yes: message" 'nothing erased \(confirm on a terminal, or pass --yes\)'
expect_eq "nothing erased yet" "$(sql "SELECT count(*) FROM customer WHERE customer_id = 'A100'")" 1
t erase --customer Alpenblick --yes
expect_rc "erase --yes" 0
expect_out "erase says what stays" '^erased A100: it is now erased-[0-9a-f]{16}; 3 orders \(revenue €2,630.50\) kept for accounting$'
pseudo=$(sed -E -n 's/.*it is now (erased-[0-9a-f]{16});.*/\1/p' "$WORK/out")
for s in "Alpenblick" "Season starts in December" "Faster delivery of spare parts" "Invoices should carry our order number" \
	"A yearly review of the maintenance plan" "Great service, slow invoices" "Valve leaked" "Send the revised offer" \
	"Training for the new staff" "Visit with the chef" "burnt the cake" "A100"; do
	expect_eq "the file holds no \"$s\" after erase" "$(in_file "$s")" 0
done
expect_eq "revenue total unchanged" "$(sql "SELECT sum(revenue) FROM orders")" "$revenue_before"
expect_eq "orders kept" "$(sql "SELECT count(*) FROM orders")" "$orders_before"
expect_eq "retention unchanged" "$(sql "$retention")" "$retention_before"
expect_eq "the customer is pseudonymised" "$(sql "SELECT customer_id, name IS NULL, erased, owner FROM customer WHERE customer_id = '$pseudo'")" "$pseudo|1|1|Anna"
expect_eq "scores, dates and statuses stay" "$(sql "SELECT s.satisfaction, s.recommend, s.comment IS NULL FROM survey s JOIN customer c ON c.id = s.cust WHERE c.customer_id = '$pseudo'")" "90|95|1"
expect_eq "promises keep their dates and status" "$(sql "SELECT group_concat(p.status || ':' || p.what, ' ') FROM promise p JOIN customer c ON c.id = p.cust WHERE c.customer_id = '$pseudo'")" "open:[erased] kept:[erased] open:[erased]"
expect_eq "a story keeps its act without the name" "$(sql "SELECT what, situation IS NULL, outcome IS NULL FROM story WHERE employee = 'Dora'")" "Brought [erased] a cake|1|1"
expect_eq "the referral stays" "$(sql "SELECT count(*) FROM referral r JOIN customer c ON c.id = r.from_cust WHERE c.customer_id = '$pseudo'")" 1
expect_eq "no content hash is left to re-identify it" "$(sql "SELECT count(*) FROM orders o JOIN customer c ON c.id = o.cust WHERE c.customer_id = '$pseudo' AND o.row_hash IS NOT NULL")" 0
t list dialogs --customer "$pseudo" --format csv
expect_out "dialogues stay without their texts" "^4,2026-11-20,$pseudo,,video,management,Dora,,,,$"
t export --customer "$pseudo"
mask
golden "export of an erased customer" "$G/export_erased.json"
t erase --customer "$pseudo" --yes
expect_rc "erase twice" 1
expect_err "erase twice: message" 'is already erased'
t add dialog --customer "$pseudo" --notes "new"
expect_rc "nothing new is recorded about an erased customer" 1
expect_err "erased customer: message" 'was erased \(GDPR\)'
t edit dialog 4 --notes "again"
expect_rc "an erased customer's entries cannot be changed" 1
t --lang de erase --customer E500
expect_err "erase asks in German too" 'nichts gelöscht'

# audit
t audit --customer "$pseudo"
mask
golden "audit --customer (text)" "$G/audit_erased.txt"
t audit --format json
expect_out "audit json" '"action": "erase",'
t audit --since 2999-01-01
expect_out "audit --since in the future: nothing" '^no audit entries$'
t audit --since 2000-01-01 --format csv
expect_eq "audit --since: every entry" "$(grep -c '^[0-9]' "$WORK/out")" "$(sql "SELECT count(*) FROM audit")"
t audit extra
expect_rc "audit with an argument" 2
