#!/bin/sh
# t_api.sh — the JSON API over a real socket (127.0.0.1, a free port):
# every report the API serves equals the command line's --format json on
# the same database, in English and German; tokens from `treue user
# token`; a nightly ERP import as docs/API.md shows it.
. "$(dirname "$0")/lib.sh"
export USER=tester

if ! command -v python3 >/dev/null || ! command -v curl >/dev/null; then
	skip "the JSON API" "python3 or curl is missing"; exit 0
fi
run $TREUE demo --customers 400 --years 3
expect_rc "demo" 0
echo "correct horse battery staple" >"$WORK/pw"
run $TREUE user add ada --role admin <"$WORK/pw"
run $TREUE user add vic --role viewer <"$WORK/pw"
t user token create ada --scope import --label "ERP nightly"
expect_rc "token create" 0
expect_out "the token is printed once" '^treue_[A-Za-z0-9_-]{43}$'
expect_err "... with its number and expiry" 'token 1 for ada, scope import'
tok=$(cat "$WORK/out")
t user token create vic --scope write
expect_rc "a viewer gets no write token" 1
expect_err "... and says why" 'viewer'
t user token create vic --scope read --expires 10d --format json
expect_out "token create --format json" '"scope":"read"'
rtok=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$WORK/out")
t user token list
expect_out "token list" 'ERP nightly'
expect_no_out "the list shows no token" 'treue_'
t user token revoke 99
expect_rc "revoking an unknown token" 1

$TREUE serve --listen 127.0.0.1:0 --threads 2 >"$WORK/serve.out" 2>"$WORK/serve.err" &
pid=$!
url=""
i=0
while [ $i -lt 600 ] && [ -z "$url" ] && kill -0 $pid 2>/dev/null; do
	url=$(sed -n 's/^treue serve: \(http[s]*:[^ ]*\) .*/\1/p' "$WORK/serve.out")
	[ -n "$url" ] || sleep 0.1
	i=$((i + 1))
done
if [ -z "$url" ]; then notok "serve starts" "$(cat "$WORK/serve.err")"; exit 0; fi

api() { # PATH [CURL ARGS...] -> body in $WORK/out, status in $code
	p=$1
	shift
	code=$(curl -s -o "$WORK/out" -w '%{http_code}' -H "Authorization: Bearer $tok" "$@" "$url/api/v1$p")
}
same() { # NAME FILE-A FILE-B [python expression on b]
	if python3 - "$2" "$3" "${4:-b}" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))
b = eval(sys.argv[3])
sys.exit(0 if a == b else 1)
PY
	then ok "$1"; else notok "$1" "API and CLI differ"; diff "$2" "$3" | head -10 | sed 's/^/#   /'; fi
}

D=2026-11-01
for lg in en de; do
	for pair in "report|report" "segments|segments" "actions|actions" "movement|movement" \
		"whatif|whatif" "fit|fit" "customer K10001|customers/K10001" "agenda|agenda" \
		"report feedback|reports/feedback" "report stories|reports/stories" \
		"report promises|reports/promises" "report cadence|reports/cadence"; do
		cmd=${pair%%|*}
		path=${pair#*|}
		$TREUE --lang $lg $cmd --as-of $D --format json >"$WORK/cli.json" 2>/dev/null
		api "/$path?as_of=$D&lang=$lg"
		cp "$WORK/out" "$WORK/api.json"
		expect_eq "GET /$path ($lg) answers 200" "$code" 200
		same "GET /$path ($lg) equals treue $cmd --format json" "$WORK/cli.json" "$WORK/api.json"
	done
	$TREUE --lang $lg actions --region S --as-of $D --format json >"$WORK/cli.json" 2>/dev/null
	api "/actions?region=S&as_of=$D&lang=$lg"
	cp "$WORK/out" "$WORK/api.json"
	same "GET /actions?region=S ($lg) equals treue actions --region S" "$WORK/cli.json" "$WORK/api.json"
	for kind in dialogs promises complaints stories surveys; do
		$TREUE --lang $lg list $kind --limit 50 --format json >"$WORK/cli.json" 2>/dev/null
		api "/list/$kind?limit=50&lang=$lg"
		cp "$WORK/out" "$WORK/api.json"
		same "GET /list/$kind ($lg) equals treue list $kind --format json" \
			"$WORK/cli.json" "$WORK/api.json" "b['items']"
	done
done

# at the server's own D the model's reads come from the shared analysis
# (the card: a lookup and the customer's rows, not the model computed
# again): still the command line's answers, also after a write brought that
# analysis up to date entry by entry
atd() { # the reads at today's D, each computed afresh (not a kept answer)
	for pair in "report|report" "segments|segments" "actions|actions" "customer K10001|customers/K10001" \
		"actions --region S|actions?region=S"; do
		cmd=${pair%%|*}
		path=${pair#*|}
		case $path in *\?*) q="&" ;; *) q="?" ;; esac
		$TREUE --lang $lg $cmd --format json >"$WORK/cli.json" 2>/dev/null
		api "/$path${q}lang=$lg" -H 'Cache-Control: no-cache'
		cp "$WORK/out" "$WORK/api.json"
		same "$1 GET /$path at today's D ($lg) equals treue $cmd --format json" \
			"$WORK/cli.json" "$WORK/api.json"
	done
}
for lg in en de; do atd ""; done
api "/dialogs" -H 'Content-Type: application/json' \
	-d '{"customer_id":"K10001","date":"2026-11-23","support":"card check"}'
expect_eq "a dialogue through the API" "$code" 201
for lg in en de; do
	api "/customers/K10001?lang=$lg"
	expect_out "... the card shows it ($lg)" 'card check'
	atd "after a write:"
done

# the card's texts follow the language
api "/customers/K10001?as_of=$D&lang=de"
cp "$WORK/out" "$WORK/de.json"
api "/customers/K10001?as_of=$D" -H 'Accept-Language: en'
python3 -c "import json,sys; sys.exit(0 if json.load(open('$WORK/de.json'))['why'] != json.load(open('$WORK/out'))['why'] else 1)" &&
	ok "lang=de gives German texts" || notok "lang=de gives German texts"

# the read token reads and cannot write
code=$(curl -s -o "$WORK/out" -w '%{http_code}' -H "Authorization: Bearer $rtok" "$url/api/v1/me")
expect_eq "a read token reads" "$code" 200
code=$(curl -s -o "$WORK/out" -w '%{http_code}' -H "Authorization: Bearer $rtok" \
	-H 'Content-Type: application/json' -d '{"customer_id":"K10001","support":"x"}' "$url/api/v1/dialogs")
expect_eq "a read token cannot write" "$code" 403

# the nightly ERP import of docs/API.md: dry run, then the import; again: nothing new
printf 'Kunde;Belegdatum;Netto;Belegnr\nK10001;20.11.2026;1.234,50;RE-900001\nK10002;21.11.2026;99,00;RE-900002\n' >"$WORK/erp.csv"
api "/import/orders?dry_run=1" -H 'Content-Type: text/csv' --data-binary @"$WORK/erp.csv"
expect_eq "import dry run" "$code" 200
expect_out "... imports nothing" '"imported":0'
api "/import/orders" -H 'Content-Type: text/csv' --data-binary @"$WORK/erp.csv"
expect_eq "import" "$code" 200
expect_out "... imports both" '"imported":2'
api "/import/orders" -H 'Content-Type: text/csv' --data-binary @"$WORK/erp.csv"
expect_out "... a second time adds nothing" '"already_present":2'
printf 'Kunde;Belegdatum;Netto;Belegnr\nK10001;31.11.2026;1,00;RE-900003\n' >"$WORK/bad.csv"
api "/import/orders" -H 'Content-Type: text/csv' --data-binary @"$WORK/bad.csv"
expect_eq "a bad row: 422" "$code" 422
expect_out "... names line and field" '"line":2,"field":"date"'
t audit
expect_out "the import is audited under the token" 'ada \(token 1\)'

# a workbook body: the demo's orders as .xlsx, all already there
run $TREUE --db "$WORK/wb.db" demo --customers 400 --years 3 --xlsx "$WORK/wb"
api "/import/orders?dry_run=1" -H 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' \
	--data-binary @"$WORK/wb/orders.xlsx"
expect_eq "a workbook body is imported" "$code" 200
expect_out "... read as xlsx" '"format":"xlsx"'
api "/import/orders" -H 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' \
	--data-binary @"$WORK/wb/orders.xlsx"
expect_out "... every order already there" '"imported":0,"updated":0,"already_present":[1-9]'

# the description
code=$(curl -s -o "$WORK/out" -w '%{http_code}' "$url/api/v1/openapi.json")
expect_eq "openapi.json needs no token" "$code" 200
expect_out "... is OpenAPI 3.1" '"openapi": "3.1.0"'

kill -TERM $pid
wait $pid
rc=$?
expect_rc "serve stops" 0
