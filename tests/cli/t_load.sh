#!/bin/sh
# t_load.sh — the short form of the load and fault suite (tests/load/load.py;
# `make load` runs the long one): readers in German and English, writers and
# an import at once for a few seconds, then every write is there exactly once
# and audited once; kill -9 during writes and during an import; hostile
# clients (hundreds of connections, a 100 MB body, slow senders) cut off
# while others are answered.  Loopback only.  In the PostgreSQL pass the
# suite's databases are on the tests' server (--pg).
. "$(dirname "$0")/lib.sh"
if ! command -v python3 >/dev/null; then skip "load suite" "python3 is missing"; exit 0; fi
unset TREUE_TODAY
# under a sanitizer or valgrind wrapper the binary is the last word of $TREUE
bin=${TREUE##* }
python3 "$TOP/tests/load/load.py" "$bin" --seconds 4 --readers 4 --writers 2 --customers 300 \
	--import-rows 50000 --threads 3 ${TREUE_TEST_PG:+--pg "$TREUE_TEST_PG"}
