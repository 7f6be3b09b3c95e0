#!/bin/sh
# t_db_path.sh — the database path: --db '' is a usage error (SQLite would
# take it as a temporary database that vanishes, and an import would
# report success for nothing kept).
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
