# lib.sh — sourced by every tests/cli/t_*.sh.  Provides:
#   $TREUE      the binary under test (may be a valgrind/asan wrapper)
#   $WORK       a fresh scratch directory for this file (removed afterwards)
#   $DATA       tests/data;  $SHARED  ../shared/data or empty
#   run CMD...            runs CMD; stdout in $WORK/out, stderr in $WORK/err, exit in $rc
#   t NAME                runs treue with the rest of the arguments (like run)
#   ok NAME / notok NAME  records a result
#   expect_rc NAME N      passes when the last run exited N
#   expect_out NAME GREP-PATTERN   / expect_err NAME PATTERN  (grep -E on out/err)
#   expect_no_out NAME PATTERN
#   expect_golden NAME FILE        out equals FILE exactly
#   expect_eq NAME A B
#   skip NAME WHY
#   sql QUERY             runs QUERY on $TREUE_DB (sqlite3, or psql with the few
#                         SQLite idioms of tests/cli/sql_pg.py; a column t or f
#                         prints as 1 or 0), rows on stdout
#   fresh_db              $TREUE_DB empty again (no file; PostgreSQL: an empty database)
#   sqlite_only NAME      in the PostgreSQL pass: records NAME as skipped and
#                         returns 1 (for checks that read the SQLite file itself)
#   $PG                   the PostgreSQL pass's database name, empty in the SQLite pass
#   sqlite_file_only WHY  a file about SQLite's own files: in the PostgreSQL pass
#                         it records one skip with WHY and exits
#   bycust [DB]           SQLite: "0 3" when orders_by_cust holds exactly the
#                         orders' (cust, date, id, revenue, margin) and its three
#                         triggers are there
set -u
: "${TREUE:?TREUE must be set}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DATA="$TOP/tests/data"
SHARED=""
for d in "${TREUE_SHARED_DATA:-}" "$TOP/../shared/data"; do
	[ -n "$d" ] && [ -d "$d" ] && SHARED=$(cd "$d" && pwd) && break
done
WORK=$(mktemp -d /tmp/treue-cli-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export TREUE_DB="$WORK/test.db"
# The PostgreSQL pass of tests/run.sh: TREUE_TEST_PG is the URL of a
# database on a throwaway server (tools/pg.sh); each file gets a new
# database of its own there, dropped afterwards.
PG=""
if [ -n "${TREUE_TEST_PG:-}" ]; then
	PG=t$$_$(echo "${CLI_FILE:-x}" | tr -c 'a-z0-9_\n' _ | tail -c 40)
	psql "$TREUE_TEST_PG" -qAtX -c "CREATE DATABASE $PG" >/dev/null || exit 1
	export TREUE_DB="$TREUE_TEST_PG&dbname=$PG"
	trap 'psql "$TREUE_TEST_PG" -qAtX -c "DROP DATABASE IF EXISTS $PG" >/dev/null; rm -rf "$WORK"' EXIT
fi
export TREUE_TODAY="${TREUE_TODAY:-2026-11-24}"
export LANG=C LC_ALL=
unset LC_MESSAGES || true
rc=0

ok() { echo "ok - $CLI_FILE: $1"; }
notok() {
	echo "not ok - $CLI_FILE: $1"
	shift
	[ $# -gt 0 ] && echo "#   $*"
	echo "#   exit $rc; stdout:"; head -c 1500 "$WORK/out" 2>/dev/null | sed 's/^/#     /'
	echo "#   stderr:"; head -c 1500 "$WORK/err" 2>/dev/null | sed 's/^/#     /'
	return 0
}
skip() { echo "ok - $CLI_FILE: $1 # skip $2"; }
sql() {
	if [ -n "$PG" ]; then
		# truth values as SQLite prints them
		psql "$TREUE_DB" -qAtX -v ON_ERROR_STOP=1 -c "$(python3 "$TOP/tests/cli/sql_pg.py" "$1")" |
			sed -E 's/(^|\|)t(\||$)/\11\2/g; s/(^|\|)t(\||$)/\11\2/g; s/(^|\|)f(\||$)/\10\2/g; s/(^|\|)f(\||$)/\10\2/g'
	else
		sqlite3 "$TREUE_DB" "$1"
	fi
}
fresh_db() {
	if [ -n "$PG" ]; then
		psql "$TREUE_TEST_PG" -qAtX -c "DROP DATABASE IF EXISTS $PG" -c "CREATE DATABASE $PG" >/dev/null
	else
		rm -f "$TREUE_DB" "$TREUE_DB-wal" "$TREUE_DB-shm"
	fi
}
sqlite_file_only() {
	[ -z "$PG" ] && return 0
	skip "the whole file" "$1 (PostgreSQL pass)"
	exit 0
}
sqlite_only() {
	[ -z "$PG" ] && return 0
	skip "$1" "reads the SQLite file itself (PostgreSQL pass)"
	return 1
}
bycust() {
	sqlite3 "${1:-$TREUE_DB}" "select ((select count(*) from (select cust, date, id, revenue, margin from orders except select cust, date, id, revenue, margin from orders_by_cust)) + (select count(*) from (select cust, date, id, revenue, margin from orders_by_cust except select cust, date, id, revenue, margin from orders)) + abs((select count(*) from orders) - (select count(*) from orders_by_cust))) || ' ' || (select count(*) from sqlite_master where type = 'trigger' and name glob 'orders_by_cust_[iud]')"
}
run() {
	"$@" >"$WORK/out" 2>"$WORK/err"
	rc=$?
	return 0
}
t() { run $TREUE "$@"; }
expect_rc() { if [ "$rc" -eq "$2" ]; then ok "$1"; else notok "$1" "expected exit $2"; fi; }
expect_out() { if grep -Eq -- "$2" "$WORK/out"; then ok "$1"; else notok "$1" "stdout lacks /$2/"; fi; }
expect_err() { if grep -Eq -- "$2" "$WORK/err"; then ok "$1"; else notok "$1" "stderr lacks /$2/"; fi; }
expect_no_out() { if grep -Eq -- "$2" "$WORK/out"; then notok "$1" "stdout has /$2/"; else ok "$1"; fi; }
expect_golden() {
	if cmp -s "$WORK/out" "$2"; then ok "$1"; else
		notok "$1" "differs from $2"; diff "$2" "$WORK/out" | head -20 | sed 's/^/#   /'; fi
}
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "'$2' != '$3'"; fi; }
