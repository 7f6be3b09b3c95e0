#!/bin/sh
# server.sh — requests per second and latency (median, 99th percentile) of
# `treue serve` on a demo database: GET /api/v1/report and GET
# /api/v1/customers/{id} with 1, 20 and 100 concurrent clients, next to a
# static file of the same server (/static/treue.css, the machine's ceiling).
# Loopback only; uses wrk (Debian: apt-get install wrk).  Not run by tests.
#
#   BENCH_CUSTOMERS=100000   customers of the demo (cached in bench/data/serve-N/)
#   BENCH_SECONDS=10         seconds per measurement
#   BENCH_CLIENTS="1 20 100" concurrent clients
#   BENCH_THREADS=4          treue serve --threads
#   BENCH_ROWS="static report report-fresh card cards-fresh"   the rows measured
#   BENCH_DB=FILE            a copy of this demo database (not written) instead of making one
#   TREUE=build/treue
set -eu
cd "$(dirname "$0")/.."
N=${BENCH_CUSTOMERS:-100000}
SECS=${BENCH_SECONDS:-10}
SLOW=${BENCH_SECONDS_SLOW:-30} # for the computed cards (seconds each)
CLIENTS=${BENCH_CLIENTS:-"1 20 100"}
THREADS=${BENCH_THREADS:-4}
ROWS=${BENCH_ROWS:-"static report report-fresh card cards-fresh"}
TREUE=${TREUE:-build/treue}
command -v wrk >/dev/null || { echo "bench/server.sh needs wrk (apt-get install wrk)" >&2; exit 1; }
dir=bench/data/serve-$N
mkdir -p "$dir" bench/out
db=$dir/demo.db
if [ ! -f "$db" ] && [ -n "${BENCH_DB:-}" ]; then
	echo "copying $BENCH_DB to $db ..."
	cp "$BENCH_DB" "$db" # with its log, when the copy is made while no one writes
	[ ! -f "$BENCH_DB-wal" ] || cp "$BENCH_DB-wal" "$db-wal"
	echo "correct horse battery staple" | USER=bench $TREUE --db "$db" user add bench --role admin >/dev/null
elif [ ! -f "$db" ]; then
	echo "making the $N-customer demo in $db ..."
	$TREUE --db "$db" demo --customers "$N" >/dev/null
	echo "correct horse battery staple" | USER=bench $TREUE --db "$db" user add bench --role admin >/dev/null
fi
tok=$(USER=bench $TREUE --db "$db" user token create bench --scope read --expires 1d)
$TREUE --db "$db" serve --listen 127.0.0.1:0 --threads "$THREADS" --per-address 256 --quiet \
	>"$dir/serve.out" 2>"$dir/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
url=""
while [ -z "$url" ] && kill -0 $pid 2>/dev/null; do
	url=$(sed -n 's/^treue serve: \(http[^ ]*\) .*/\1/p' "$dir/serve.out" 2>/dev/null || true)
	[ -n "$url" ] || sleep 0.2
done
[ -n "$url" ] || { cat "$dir/serve.err" >&2; exit 1; }
H="Authorization: Bearer $tok"
# 1000 customers of the action list; the card requests pick one at random
curl -sf -H "$H" "$url/api/v1/actions?limit=1000" | tr ',' '\n' |
	sed -n 's/.*"customer_id": *"\([^"]*\)".*/\1/p' >"$dir/ids.txt"
cust=$(head -1 "$dir/ids.txt")
{
	echo 'ids = {}'
	echo 'for line in io.lines("'"$dir/ids.txt"'") do ids[#ids + 1] = line end'
	echo 'request = function()'
	echo '  return wrk.format("GET", "/api/v1/customers/" .. ids[math.random(#ids)])'
	echo 'end'
} >"$dir/cards.lua"
# warm: the analysis is loaded once per data version
curl -sf -o /dev/null -H "$H" "$url/api/v1/report"
curl -sf -o /dev/null -H "$H" "$url/api/v1/customers/$cust"
# waits until the requests wrk left queued are answered (a cheap request is quick again)
idle() {
	i=0
	while [ $i -lt 600 ]; do
		t=$(curl -s -o /dev/null -w '%{time_total}' -H "$H" "$url/api/v1/me")
		awk -v t="$t" 'BEGIN{exit !(t < 0.05)}' && return 0
		sleep 1
		i=$((i + 1))
	done
}
out=bench/out/SERVER-$N.txt
{
	echo "treue serve --threads $THREADS, $N customers, ${SECS}s per row, $(nproc) CPUs, $(date -u +%Y-%m-%d)"
	printf '%-42s %7s %10s %10s %10s\n' "request" "clients" "req/s" "p50 ms" "p99 ms"
	# what: the path, "fresh" (Cache-Control: no-cache: computed, not a kept answer),
	# "cards" (a random customer of 1000 per request, computed)
	for row in $ROWS; do
		case $row in
		static) what=/static/treue.css ;;
		report) what=/api/v1/report ;;
		report-fresh) what="/api/v1/report fresh" ;;
		card) what="/api/v1/customers/$cust" ;;
		cards-fresh) what="cards fresh" ;;
		*) echo "bench/server.sh: unknown row $row" >&2; exit 1 ;;
		esac
		path=${what%% *}
		fresh=""
		label=$(echo "$path" | sed "s/$cust/{id}/")
		case "$what" in *fresh) fresh=1; label="$label (computed)" ;; esac
		script=""
		[ "$path" = cards ] && script="-s $dir/cards.lua" && label="/api/v1/customers/{random} (computed)" && path=/
		for c in $CLIENTS; do
			t=$c
			[ "$t" -gt 4 ] && t=4
			nc="Cache-Control: no-cache"
			secs=$SECS
			[ "$path" = / ] && secs=$SLOW
			# shellcheck disable=SC2086
			wrk -t "$t" -c "$c" -d "${secs}s" --latency --timeout 60s -H "$H" ${fresh:+-H "$nc"} $script "$url$path" \
				>"$dir/wrk.txt" 2>&1
			rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$dir/wrk.txt")
			p50=$(awk '$1=="50%"{print $2}' "$dir/wrk.txt")
			p99=$(awk '$1=="99%"{print $2}' "$dir/wrk.txt")
			ms() { # wrk's 1.23ms / 456.00us / 1.20s in milliseconds
				echo "$1" | awk '/us$/{sub("us","");printf "%.2f",$0/1000;exit} /ms$/{sub("ms","");printf "%.2f",$0;exit} /s$/{sub("s","");printf "%.1f",$0*1000;exit} {print "-"}'
			}
			errs=$(grep -E 'Non-2xx|Socket errors' "$dir/wrk.txt" | tr -s ' ' | tr '\n' ' ' || true)
			idle
			printf '%-42s %7s %10s %10s %10s %s\n' "$label" "$c" "$rps" "$(ms "$p50")" "$(ms "$p99")" "$errs"
		done
	done
} | tee "$out"
echo "kept in $out"
