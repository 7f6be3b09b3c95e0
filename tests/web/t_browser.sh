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
# the model's pages: two customers whose names are hostile (they must
# appear as text everywhere), with orders in the last months
ago() { date -d "-$1 days" +%Y-%m-%d; }
printf '%s\n' 'customer_id,name,owner,region,industry' \
	'X1,<img src=x onerror=alert(1)>,Mia Berger,Nord,Maschinenbau' \
	'X2,"O'"'"'Hara ""ねこ"" & Söhne",Mia Berger,Süd,Handel' >"$WORK/hostile.csv"
printf '%s\n' 'customer_id,date,revenue' "X1,$(ago 20),1200.00" "X1,$(ago 110),900.00" \
	"X1,$(ago 200),1500.00" "X2,$(ago 15),800.00" "X2,$(ago 60),450.00" >"$WORK/hostile-orders.csv"
run env -u TREUE_TODAY $TREUE import customers "$WORK/hostile.csv"
expect_rc "the hostile customers imported" 0
run env -u TREUE_TODAY $TREUE import orders "$WORK/hostile-orders.csv"
expect_rc "their orders imported" 0
rm -f "$WORK/serve.out"
: >"$WORK/serve.out"
# the server's today is the clock's, as the demo's (not the tests' fixed day)
env -u TREUE_TODAY $TREUE serve --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
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
# the exception's own lines, not the browser driver's stack under them
[ -s "$WORK/browser.err" ] && [ $brc -ne 0 ] && grep -v '^#\|^  *#[0-9]\|^Stacktrace:' "$WORK/browser.err" |
	sed 's/^/#   /' | tail -25
[ $brc -eq 0 ] || notok "the browser suite ran through" "exit $brc"
kill -TERM $pid
wait $pid
rc=$?
cp "$WORK/serve.err" "$WORK/err"
expect_rc "the server stopped cleanly after the browser suite" 0
# the dialogue the browser recorded is in the audit trail under the user
t audit
if grep -F 'add' "$WORK/out" | grep -F '<img src=x onerror=alert(1)>' | grep -Fq 'dialog'; then
	ok "the audit names the logged-in user for the dialogue recorded in the browser"
else
	notok "the audit names the logged-in user for the dialogue recorded in the browser"
fi
if grep -F 'close' "$WORK/out" | grep -F '<img src=x onerror=alert(1)>' | grep -Fq 'complaint'; then
	ok "the audit names the user who resolved the complaint"
else
	notok "the audit names the user who resolved the complaint"
fi
