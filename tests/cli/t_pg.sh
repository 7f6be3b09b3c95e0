#!/bin/sh
# t_pg.sh — what only a server database shows, in the PostgreSQL pass of
# tests/run.sh: the English and the German demo export imported into
# SQLite and into PostgreSQL give byte-identical reports; treue migrate
# copies the demo from SQLite into PostgreSQL and back with identical
# reports; imports and journal entries written at the same time by several
# processes lose nothing; two `treue serve` on one database each see the
# other's writes; a password in the URL is never printed.
. "$(dirname "$0")/lib.sh"
if [ -z "$PG" ]; then
	skip "the whole file" "PostgreSQL only (the PostgreSQL pass of tests/run.sh)"
	exit 0
fi
export USER=tester
KINDS="customers orders surveys dialogs promises complaints stories referrals departures"
KINDS_DE="Kunden Umsaetze Umfragen Kundengespraeche Zusagen Reklamationen Geschichten Empfehlungen Abgaenge"
# another database on the same server: URL
newdb() {
	psql "$TREUE_TEST_PG" -qAtX -c "DROP DATABASE IF EXISTS ${PG}_$1" -c "CREATE DATABASE ${PG}_$1" >/dev/null
	echo "$TREUE_TEST_PG&dbname=${PG}_$1"
}
trap 'for d in de mig a b; do psql "$TREUE_TEST_PG" -qAtX -c "DROP DATABASE IF EXISTS ${PG}_$d" >/dev/null 2>&1; done
	psql "$TREUE_TEST_PG" -qAtX -c "DROP DATABASE IF EXISTS $PG" >/dev/null; rm -rf "$WORK"' EXIT
COMMANDS="report|report --format json|segments --format csv|actions --format csv|movement --format csv|whatif --format json|report promises --format csv|report feedback --format json|report cadence --format csv|report stories|list promises --format csv|list complaints --format csv|customer K10001 --format json|--lang de report"
# same_reports NAME A B — every command of COMMANDS prints the same on the databases A and B
same_reports() {
	name=$1
	printf '%s\n' "$COMMANDS" | tr '|' '\n' | while read -r cmd; do
		# shellcheck disable=SC2086
		TREUE_DB="$2" $TREUE $cmd >"$WORK/a.out" 2>&1
		# shellcheck disable=SC2086
		TREUE_DB="$3" $TREUE $cmd >"$WORK/b.out" 2>&1
		if cmp -s "$WORK/a.out" "$WORK/b.out" && [ -s "$WORK/a.out" ]; then
			ok "$name: $cmd"
		else
			notok "$name: $cmd"
			diff "$WORK/a.out" "$WORK/b.out" | head -10 | sed 's/^/#   /'
		fi
	done
}

# the demo exports, imported into SQLite and into PostgreSQL
t demo --customers 300 --seed 7 --csv "$WORK/en"
expect_rc "English CSV export" 0
t --lang de demo --customers 300 --seed 7 --csv "$WORK/de"
expect_rc "German CSV export" 0
PGDE=$(newdb de)
for k in $KINDS; do
	TREUE_DB="$WORK/en.db" run $TREUE import "$k" "$WORK/en/$k.csv"
	expect_rc "SQLite: import $k" 0
	cp "$WORK/out" "$WORK/summary.$k"
	t import "$k" "$WORK/en/$k.csv"
	expect_rc "PostgreSQL: import $k" 0
	expect_eq "PostgreSQL: import $k counts as SQLite's" "$(cat "$WORK/out")" "$(cat "$WORK/summary.$k")"
done
set -- $KINDS
for k in $KINDS_DE; do
	TREUE_DB="$WORK/de.db" run $TREUE import "$k" "$WORK/de/$k.csv"
	expect_rc "SQLite: import $k" 0
	TREUE_DB="$PGDE" run $TREUE import "$k" "$WORK/de/$k.csv"
	expect_rc "PostgreSQL: import $k" 0
	expect_eq "PostgreSQL: import $k counts as $1.csv does" "$(cat "$WORK/out")" "$(cat "$WORK/summary.$1")"
	shift
done
same_reports "English export: SQLite and PostgreSQL" "$WORK/en.db" "$TREUE_DB"
same_reports "German export: SQLite and PostgreSQL" "$WORK/de.db" "$PGDE"
# again: nothing new, on both
t import orders "$WORK/en/orders.csv"
expect_out "PostgreSQL: the same orders again add nothing" '^0 imported, 0 updated, [0-9,]+ already present, 0 customers created'

# treue migrate: the demo from SQLite into PostgreSQL and back
t demo --db "$WORK/demo.db" --customers 400 --seed 5
expect_rc "demo into SQLite" 0
# a user with an API token, which come along too
echo "correct horse battery staple" | TREUE_DB="$WORK/demo.db" $TREUE user add ada --role admin >/dev/null 2>&1
TREUE_DB="$WORK/demo.db" $TREUE user token create ada --scope read --label nightly >/dev/null 2>&1
MIG=$(newdb mig)
t migrate --from "$WORK/demo.db" --to "$MIG"
expect_rc "migrate SQLite -> PostgreSQL" 0
expect_out "migrate names the tables it copied" '^  orders +[0-9,]+$'
expect_out "migrate says it verified" 'every table has as many rows as before, and the loyalty report is the same'
same_reports "migrated into PostgreSQL" "$WORK/demo.db" "$MIG"
t migrate --from "$MIG" --to "$WORK/back.db"
expect_rc "migrate PostgreSQL -> SQLite" 0
same_reports "migrated back into SQLite" "$WORK/demo.db" "$WORK/back.db"
expect_eq "the audit trail came along (and says so)" \
	"$(TREUE_DB="$WORK/back.db" $TREUE audit --format csv | cut -d, -f4 | tr '\n' ' ')" "action demo user add token create migrate migrate "
for db in "$MIG" "$WORK/back.db"; do
	expect_eq "the users and API tokens came along ($(echo "$db" | sed 's/.*dbname=//; s,.*/,,'))" \
		"$(TREUE_DB="$db" $TREUE user token list --format csv)" \
		"$(TREUE_DB="$WORK/demo.db" $TREUE user token list --format csv)"
done
t migrate --from "$WORK/demo.db" --to "$MIG"
expect_rc "migrate into a database with data is refused" 1
expect_err "... and says why" 'already holds data'
t migrate --from "$WORK/demo.db"
expect_rc "migrate without --to" 2

# the password of a URL is never printed
t --db "postgresql://ada:s3cret-pw@/nowhere?host=$WORK/nosocket&password=s3cret-pw2" report
expect_rc "a database that cannot be reached" 1
expect_err "... names the URL" "postgresql://ada@/nowhere\\?host=$WORK/nosocket"
expect_eq "... without its password" "$(grep -c s3cret "$WORK/err")" 0

# many writers: three imports and two loops of journal entries at once
fresh_db
t init
for i in 1 2 3; do
	awk -v p="$i" 'BEGIN { print "customer,order id,date,revenue"; for (n = 1; n <= 4000; n++) printf "P%d-%d,O%d-%d,2026-%02d-%02d,%d.00\n", p, n % 300, p, n, n % 12 + 1, n % 28 + 1, n % 500 + 1 }' >"$WORK/orders$i.csv"
done
printf 'customer,name\nK1,Erste GmbH\n' >"$WORK/k1.csv"
t import customers "$WORK/k1.csv"
for i in 1 2 3; do
	$TREUE import orders "$WORK/orders$i.csv" >"$WORK/imp$i.out" 2>&1 &
done
for w in 1 2; do
	(for n in 1 2 3 4 5 6 7 8 9 10; do $TREUE add dialog --customer K1 --notes "writer $w entry $n" >/dev/null 2>>"$WORK/add.err" || echo fail >>"$WORK/add.err"; done) &
done
wait
expect_eq "every import finished" "$(cat "$WORK"/imp?.out | grep -cE '^4,?000 imported, 0 updated, 0 already present, 300 customers created')" 3
expect_eq "no journal entry failed" "$(grep -c fail "$WORK/add.err")" 0
expect_eq "every order is there" "$(sql "SELECT count(*) FROM orders")" 12000
expect_eq "every dialogue is there" "$(sql "SELECT count(*) FROM dialog")" 20
expect_eq "the ids are those of one writer after another" "$(sql "SELECT max(id) - count(*) FROM orders")" 0
expect_eq "every change moved the data version once" \
	"$(sql "SELECT value FROM meta WHERE key = 'data_version'")" "$(($(sql "SELECT count(*) FROM audit") + 1))"

# a reader does not wait for a writer: while another session holds the
# write lock (as an import does until it commits), a report runs to its end
lock="SELECT pg_advisory_xact_lock(7598324012345); SELECT pg_sleep(120)"
psql "$TREUE_DB" -qAtX -c "BEGIN" -c "$lock" >"$WORK/holder.out" 2>&1 &
holder=$!
i=0
while [ $i -lt 300 ] && [ "$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" != 1 ]; do
	sleep 0.1
	i=$((i + 1))
done
t report --format json
expect_rc "a report while a writer holds the lock" 0
if kill -0 "$holder" 2>/dev/null; then ok "... did not wait for the writer"; else notok "... did not wait for the writer" "$(cat "$WORK/holder.out")"; fi
t list dialogs --format csv
expect_rc "a list while a writer holds the lock" 0
if kill -0 "$holder" 2>/dev/null; then ok "... did not wait either"; else notok "... did not wait either"; fi
# the holder's session ends with it (a killed psql would leave its server
# process asleep, holding the lock for the rest of the two minutes)
sql "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted" >/dev/null
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# two servers on one database
if command -v python3 >/dev/null; then
	echo "correct horse battery staple" >"$WORK/pw"
	run $TREUE user add ada --role admin <"$WORK/pw"
	expect_rc "user add" 0
	start() { # N: server N on a free port, its URL in $WORK/url.N
		$TREUE serve --listen 127.0.0.1:0 --threads 2 >"$WORK/serve$1.out" 2>"$WORK/serve$1.err" &
		echo $! >"$WORK/pid$1"
		i=0
		while [ $i -lt 600 ] && ! grep -qs '^treue serve: http' "$WORK/serve$1.out"; do sleep 0.1; i=$((i + 1)); done
		sed -n 's/^treue serve: \(http[^ ]*\) .*/\1/p' "$WORK/serve$1.out"
	}
	A=$(start 1)
	B=$(start 2)
	if [ -n "$A" ] && [ -n "$B" ]; then
		python3 "$TOP/tests/web/two_servers.py" "$A" "$B" ada "correct horse battery staple"
		[ $? -eq 0 ] || notok "two servers on one database"
	else
		notok "two servers start" "$(cat "$WORK/serve1.err" "$WORK/serve2.err")"
	fi
	kill -TERM "$(cat "$WORK/pid1")" "$(cat "$WORK/pid2")" 2>/dev/null
	wait
fi
