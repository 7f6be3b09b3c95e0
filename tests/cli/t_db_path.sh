#!/bin/sh
# t_db_path.sh — the database's files: --db '' is a usage error (SQLite
# would take it as a temporary database that vanishes, and an import would
# report success for nothing kept), and --output never writes over the
# database or onto a device.
. "$(dirname "$0")/lib.sh"

t --db '' import orders "$DATA/import/orders_en.csv"
expect_rc "--db '' before the command is refused" 2
expect_err "--db '': message" 'the database path is empty'
t import orders "$DATA/import/orders_en.csv" --db ''
expect_rc "--db '' after the command is refused" 2
t --db= report
expect_rc "--db= is refused" 2
t --lang de --db '' init
expect_err "--db '': message in German" 'der Pfad der Datenbank ist leer'
t import orders "$DATA/import/orders_en.csv"
expect_rc "a database path imports" 0

# --output never replaces one of the database's files or a device
if sqlite_only "report --output onto the database's file"; then
	t report --output "$TREUE_DB"
	expect_rc "report --output onto the database is refused" 1
	expect_err "report --output onto the database: message" 'field "output": ".*test.db" is the database; nothing written'
	ln -s "$TREUE_DB" "$WORK/link.db"
	t report --output "$WORK/link.db" --format csv
	expect_rc "report --output onto a link to the database is refused" 1
fi
t report
expect_rc "the database is intact" 0
t report --output /dev/null
expect_rc "report --output onto a device is refused" 1
expect_err "report --output onto a device: message" 'exists and is not a regular file'
t report --output "$WORK/report.txt"
expect_rc "report --output onto a new file" 0
expect_eq "report --output: the file holds the report" "$(wc -c <"$WORK/report.txt" | tr -d ' ')" "$($TREUE report | wc -c | tr -d ' ')"
