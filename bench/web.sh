#!/bin/sh
# web.sh DB — the server time of the web pages on the model (bench/web.py)
# against `treue serve` on an existing database (e.g. a demo base made with
# `treue demo --customers 100000`), with a user bench/bench-password made
# for it: 1,000 requests per page from 20 concurrent clients, warm; then
# the time of the first page after a journal entry (the analysis is brought
# up to date by reading the journal again).
#   TREUE=build/treue  BENCH_REQUESTS=1000  BENCH_CLIENTS=20
set -eu
cd "$(dirname "$0")/.."
db=$1
TREUE=${TREUE:-build/treue}
pw="bench horse battery staple"
printf '%s\n' "$pw" | $TREUE --db "$db" user add bench --role admin >/dev/null 2>&1 ||
	printf '%s\n' "$pw" | $TREUE --db "$db" user passwd bench >/dev/null
out=$(mktemp)
$TREUE --db "$db" serve --listen 127.0.0.1:0 --threads 8 --quiet >"$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$out"' EXIT
url=""
while [ -z "$url" ] && kill -0 $pid 2>/dev/null; do
	url=$(sed -n 's/^treue serve: \(http:[^ ]*\) .*/\1/p' "$out")
	[ -n "$url" ] || sleep 0.2
done
/usr/bin/python3 bench/web.py "$url" bench "$pw" "${BENCH_REQUESTS:-1000}" "${BENCH_CLIENTS:-20}"
