#!/bin/sh
# t_overview_json.sh — the Overview of `treue serve` shows the figures of
# `treue report --format json` on the same database, in English and German
# (tests/web/overview_json.py reads the page's <data> figures and the JSON).
. "$(dirname "$0")/../cli/lib.sh"
export USER=tester

if ! command -v python3 >/dev/null; then skip "the Overview equals the report" "python3 is missing"; exit 0; fi
t demo --customers 600 --years 5 --until 2026-11-20
expect_rc "a demo base" 0
echo "correct horse battery staple" >"$WORK/pw"
run $TREUE user add ada --role admin <"$WORK/pw"
expect_rc "user add" 0
t report --format json
expect_rc "the report" 0
cp "$WORK/out" "$WORK/report.json"
: >"$WORK/serve.out"
$TREUE serve --listen 127.0.0.1:0 --threads 2 --quiet >"$WORK/serve.out" 2>"$WORK/serve.err" &
pid=$!
url=""
i=0
while [ $i -lt 600 ] && [ -z "$url" ] && kill -0 $pid 2>/dev/null; do
	url=$(sed -n 's/^treue serve: \(http:[^ ]*\) .*/\1/p' "$WORK/serve.out")
	[ -n "$url" ] || sleep 0.1
	i=$((i + 1))
done
if [ -z "$url" ]; then
	notok "serve starts" "$(cat "$WORK/serve.err")"
	exit 0
fi
python3 "$TOP/tests/web/overview_json.py" "$url" ada "correct horse battery staple" "$WORK/report.json"
[ $? -eq 0 ] || notok "the Overview's checks ran through"
kill -TERM $pid
wait $pid
rc=$?
cp "$WORK/serve.err" "$WORK/err"
expect_rc "serve stops cleanly" 0
