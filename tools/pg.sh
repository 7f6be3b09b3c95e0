#!/bin/sh
# pg.sh — a throwaway PostgreSQL server for the tests and benchmarks, in a
# temporary directory, reached only through the Unix socket there (no TCP),
# without fsync: about a second to start, gone without a trace when stopped.
#
#   eval "$(sh tools/pg.sh start)"   starts one; prints the shell lines
#                                    TREUE_PG_DIR=... TREUE_PG_URL=postgresql:///?host=...
#   sh tools/pg.sh createdb NAME     a new database on it (TREUE_PG_DIR set);
#                                    prints its URL
#   sh tools/pg.sh dropdb NAME       removes it
#   sh tools/pg.sh standby           a streaming replica of the server (TREUE_PG_DIR
#                                    set; read only); prints TREUE_PG_STANDBY_DIR=...
#   sh tools/pg.sh stop [DIR]        stops the server and removes its directory
#
# TREUE_PG_FSYNC=1 keeps the server's fsync and synchronous commits (the
# benchmarks: a fair comparison with SQLite, which syncs its WAL).
#
# The programs are found through pg_config or under /usr/lib/postgresql/*/bin
# (Debian keeps them off the PATH), the newest first.  As root the server
# runs as the user postgres (initdb refuses root), from inside its own
# directory (in $TMPDIR when postgres can reach it, else in /tmp).  The
# superuser is "postgres"; the socket's port number is 5432 in the private
# directory, so servers of parallel runs never meet.  A start that fails or
# is interrupted leaves nothing behind.  Exit 1 (start) when PostgreSQL is
# not installed or does not start.
set -u
PORT=5432

bindir() {
	for d in "$(pg_config --bindir 2>/dev/null)" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
	done
	return 1
}

# as_server DIR CMD... — runs CMD in DIR as the user the server runs as (from
# DIR: postgres may not enter the caller's directory)
as_server() {
	(
		cd "$1" || exit 1
		shift
		if [ "$(id -u)" -eq 0 ]; then
			runuser -u postgres -- "$@"
		else
			"$@"
		fi
	)
}

# private_dir PREFIX — a new directory the server's user owns and can reach
private_dir() {
	for base in "${TMPDIR:-/tmp}" /tmp; do
		d=$(mktemp -d "$base/$1-XXXXXX") || continue
		chmod 755 "$d"
		if [ "$(id -u)" -ne 0 ]; then
			echo "$d"
			return 0
		fi
		if chown postgres "$d" && runuser -u postgres -- test -w "$d" 2>/dev/null; then
			echo "$d"
			return 0
		fi
		rm -rf "$d"
	done
	echo "pg.sh: no temporary directory the user postgres can write to" >&2
	return 1
}

url_of() { # DIR DBNAME
	echo "postgresql:///$2?host=$1&port=$PORT&user=postgres"
}

case "${1:-}" in
start)
	bin=$(bindir) || { echo "pg.sh: PostgreSQL (initdb, pg_ctl) is not installed" >&2; exit 1; }
	if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
		echo "pg.sh: no user postgres to run the server as" >&2
		exit 1
	fi
	dir=$(private_dir treue-pg) || exit 1
	# until the server is up: a failure or an interrupt removes it all
	trap 'as_server / "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$dir"' EXIT
	trap 'exit 1' INT TERM HUP
	if ! as_server "$dir" "$bin/initdb" -D "$dir/data" --no-sync -A trust -U postgres -E UTF8 \
		--locale=C >"$dir/initdb.log" 2>&1; then
		echo "pg.sh: initdb failed:" >&2
		cat "$dir/initdb.log" >&2
		exit 1
	fi
	opts="-k $dir -p $PORT -c listen_addresses="
	[ -n "${TREUE_PG_FSYNC:-}" ] || opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	if ! as_server "$dir" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$opts" \
		start >/dev/null 2>&1; then
		echo "pg.sh: the server did not start:" >&2
		cat "$dir/server.log" >&2
		exit 1
	fi
	trap - EXIT INT TERM HUP
	echo "TREUE_PG_DIR='$dir'; export TREUE_PG_DIR"
	echo "TREUE_PG_URL='$(url_of "$dir" postgres)'; export TREUE_PG_URL"
	;;
standby)
	: "${TREUE_PG_DIR:?TREUE_PG_DIR is not set (start a server first)}"
	bin=$(bindir) || exit 1
	dir=$(private_dir treue-pgstandby) || exit 1
	trap 'as_server / "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$dir"' EXIT
	trap 'exit 1' INT TERM HUP
	if ! as_server "$dir" "$bin/pg_basebackup" -h "$TREUE_PG_DIR" -p $PORT -U postgres -D "$dir/data" \
		-R -X stream -c fast --no-sync >"$dir/basebackup.log" 2>&1; then
		echo "pg.sh: pg_basebackup failed:" >&2
		cat "$dir/basebackup.log" >&2
		exit 1
	fi
	if ! as_server "$dir" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-k $dir -p $PORT -c listen_addresses= -c hot_standby=on -c fsync=off" start >/dev/null 2>&1; then
		echo "pg.sh: the standby did not start:" >&2
		cat "$dir/server.log" >&2
		exit 1
	fi
	trap - EXIT INT TERM HUP
	echo "TREUE_PG_STANDBY_DIR='$dir'; export TREUE_PG_STANDBY_DIR"
	;;
createdb | dropdb)
	: "${TREUE_PG_DIR:?TREUE_PG_DIR is not set (start a server first)}"
	bin=$(bindir) || exit 1
	name=${2:?which database?}
	if [ "$1" = createdb ]; then
		"$bin/createdb" -h "$TREUE_PG_DIR" -p $PORT -U postgres "$name" || exit 1
		url_of "$TREUE_PG_DIR" "$name"
	else
		"$bin/dropdb" -h "$TREUE_PG_DIR" -p $PORT -U postgres --if-exists "$name"
	fi
	;;
stop)
	dir=${2:-${TREUE_PG_DIR:-}}
	[ -n "$dir" ] && [ -d "$dir/data" ] || { echo "pg.sh: no server directory given" >&2; exit 1; }
	bin=$(bindir) || exit 1
	as_server / "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$dir"
	;;
*)
	echo "usage: sh tools/pg.sh start | createdb NAME | dropdb NAME | stop [DIR]" >&2
	exit 2
	;;
esac
