#!/bin/sh
# t_browser.sh — the real-browser suite (tests/web/browser.py) against
# `treue serve` on 127.0.0.1: Debian's chromium, chromium-driver and
# python3-selenium (tools/deps.sh installs them).  It runs once per test
# run: with the ASan build when the sanitizer pass runs, else with the
# plain build.  Screenshots go to build/screenshots/ (not committed).
. "$(dirname "$0")/../cli/lib.sh"
export USER=tester

if [ -z "${TREUE_ASAN:-}" ] && [ -z "${TREUE_NO_ASAN:-}" ]; then
	exit 0 # the sanitizer pass runs it
fi
if [ -n "${TREUE_VALGRIND:-}" ]; then
	skip "browser suite" "not under valgrind"
	exit 0
fi
for f in /usr/bin/chromium /usr/bin/chromedriver; do
	if [ ! -x "$f" ]; then
		skip "browser suite" "$f is missing: sh tools/deps.sh installs chromium and chromium-driver"
		exit 0
	fi
done
if ! /usr/bin/python3 -c 'import selenium' 2>/dev/null; then
	skip "browser suite" "python3-selenium is missing: sh tools/deps.sh installs it"
	exit 0
fi

echo "correct horse battery staple" >"$WORK/pw"
# My week and the journal pages: demo data up to the server's today, and a
# member linked to one of its account managers
run env -u TREUE_TODAY $TREUE demo --customers 600 --seed 5
expect_rc "a demo up to today" 0
week_owner=$(env -u TREUE_TODAY $TREUE agenda --format json | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
ok = [s for s in d["sections"] if s["owner"] and s["team"]["customers"] and s["promises"]]
print(ok[0]["owner"] if ok else "")')
echo "mia horse battery staple" >"$WORK/pw-mia"
run $TREUE user add mia --role member --owner "$week_owner" <"$WORK/pw-mia"
expect_rc "user add mia, linked to $week_owner" 0
export TREUE_WEEK_MEMBER=mia TREUE_WEEK_PASSWORD="mia horse battery staple" TREUE_WEEK_OWNER="$week_owner"
run $TREUE user add ada --role admin <"$WORK/pw"
expect_rc "user add ada" 0
rm -f "$WORK/serve.out"
: >"$WORK/serve.out"
$TREUE serve --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
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
shots="$TOP/build/screenshots"
rm -rf "$shots"
mkdir -p "$shots"
/usr/bin/python3 "$TOP/tests/web/browser.py" "$url" "$shots" 2>"$WORK/browser.err"
brc=$?
if [ $brc -ne 0 ] && ! grep -q '^' "$WORK/browser.err"; then :; fi
[ -s "$WORK/browser.err" ] && [ $brc -ne 0 ] && sed 's/^/#   /' "$WORK/browser.err" | tail -20
[ $brc -eq 0 ] || notok "the browser suite ran through" "exit $brc"
kill -TERM $pid
wait $pid
rc=$?
cp "$WORK/serve.err" "$WORK/err"
expect_rc "the server stopped cleanly after the browser suite" 0
