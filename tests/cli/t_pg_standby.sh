#!/bin/sh
# t_pg_standby.sh — the team server's read replica, in the PostgreSQL pass:
# a primary of its own and a streaming standby of it (tools/pg.sh start,
# tools/pg.sh standby: a base backup of a small cluster is quick).  One
# multi-host URL names both; target_session_attrs=read-write finds the
# primary for changes, =standby the replica for reports.  The reports
# served by the standby equal the primary's, byte for byte; a change sent
# to the standby is refused with a message that says where changes go.
. "$(dirname "$0")/lib.sh"
if [ -z "$PG" ] || [ -z "${TREUE_PG_DIR:-}" ]; then
	skip "the whole file" "PostgreSQL only (the PostgreSQL pass of tests/run.sh)"
	exit 0
fi
export USER=tester
psql "$TREUE_TEST_PG" -qAtX -c "DROP DATABASE IF EXISTS $PG" >/dev/null
TREUE_PG_STANDBY_DIR=""
trap 'sh "$TOP/tools/pg.sh" stop "$TREUE_PG_STANDBY_DIR" 2>/dev/null; sh "$TOP/tools/pg.sh" stop "$TREUE_PG_DIR"
	rm -rf "$WORK"' EXIT
if ! out=$(sh "$TOP/tools/pg.sh" start 2>"$WORK/primary.err"); then
	notok "a primary starts" "$(cat "$WORK/primary.err")"
	exit 0
fi
eval "$out"
sh "$TOP/tools/pg.sh" createdb treue >/dev/null
if ! out=$(sh "$TOP/tools/pg.sh" standby 2>"$WORK/standby.err"); then
	notok "a standby of it starts" "$(cat "$WORK/standby.err")"
	exit 0
fi
eval "$out"
ok "a primary and a standby of it start"
both="postgresql:///treue?host=$TREUE_PG_DIR,$TREUE_PG_STANDBY_DIR&port=5432,5432&user=postgres"
W="$both&target_session_attrs=read-write"
R="$both&target_session_attrs=standby"

t --db "$W" demo --customers 300 --seed 4
expect_rc "the demo written through the read-write URL" 0
t --db "$W" report
expect_rc "a report on the primary (stores the purchase model's fit)" 0
# the standby replays the primary's log: wait until it has all of it
lsn=$(psql "$W" -qAtX -c "SELECT pg_current_wal_lsn()")
i=0
while [ $i -lt 600 ] && [ "$(psql "$R" -qAtX -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" != t ]; do
	sleep 0.1
	i=$((i + 1))
done
expect_eq "the read-write URL reaches the primary" "$(psql "$W" -qAtX -c 'SELECT pg_is_in_recovery()')" f
expect_eq "the standby URL reaches the replica" "$(psql "$R" -qAtX -c 'SELECT pg_is_in_recovery()')" t
for cmd in "report" "report --format json" "segments --format csv" "actions --format csv" "list promises"; do
	# shellcheck disable=SC2086
	$TREUE --db "$W" $cmd >"$WORK/primary.out" 2>"$WORK/primary.err"
	# shellcheck disable=SC2086
	$TREUE --db "$R" $cmd >"$WORK/standby.out" 2>"$WORK/standby.err"
	if cmp -s "$WORK/primary.out" "$WORK/standby.out" && [ -s "$WORK/standby.out" ] && [ ! -s "$WORK/standby.err" ]; then
		ok "the standby serves the same: $cmd"
	else
		notok "the standby serves the same: $cmd"
		diff "$WORK/primary.out" "$WORK/standby.out" | head -5 | sed 's/^/#   /'
		sed 's/^/#   /' "$WORK/standby.err"
	fi
done
t --db "$R" add dialog --customer K10001 --notes "on the replica"
expect_rc "a change sent to the standby is refused" 1
expect_err "... saying it is a standby and where changes go" 'is a standby server \(read only\): changes go to the primary'
t --db "$R" settings window 200
expect_rc "a setting sent to the standby is refused" 1
t --db "$W" add dialog --customer K10001 --notes "on the primary"
expect_rc "the same change through the read-write URL" 0
