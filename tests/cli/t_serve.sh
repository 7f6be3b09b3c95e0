#!/bin/sh
# t_serve.sh — treue serve over a real socket on 127.0.0.1 (a free port),
# plain and with TLS: it prints its address, answers a browser-like client
# (tests/web/client.py: login token, Origin, session cookie, CSRF, logout)
# and stops cleanly (exit 0, under ASan also without leaks) on SIGTERM.
. "$(dirname "$0")/lib.sh"
export USER=tester

if ! command -v python3 >/dev/null; then skip "treue serve" "python3 is missing"; exit 0; fi
echo "correct horse battery staple" >"$WORK/pw"
run $TREUE user add ada --role admin <"$WORK/pw"
expect_rc "user add" 0

# serve [OPTIONS] — starts the server, sets $pid and $url
serve() {
	rm -f "$WORK/serve.out" "$WORK/serve.err"
	: >"$WORK/serve.out"
	$TREUE serve --listen 127.0.0.1:0 --threads 2 "$@" >"$WORK/serve.out" 2>"$WORK/serve.err" &
	pid=$!
	url=""
	i=0
	while [ $i -lt 600 ] && [ -z "$url" ] && kill -0 $pid 2>/dev/null; do
		url=$(sed -n 's/^treue serve: \(http[s]*:[^ ]*\) .*/\1/p' "$WORK/serve.out")
		[ -n "$url" ] || sleep 0.1
		i=$((i + 1))
	done
}
# stop NAME — SIGTERM, then the exit status must be 0
stop() {
	kill -TERM $pid
	wait $pid
	rc=$?
	cp "$WORK/serve.err" "$WORK/err"
	expect_rc "$1" 0
	expect_err "$1: says it stops" 'stopping \(signal 15\)'
}

serve
if [ -z "$url" ]; then notok "serve starts" "$(cat "$WORK/serve.err")"; else ok "serve starts and prints its address"; fi
expect_eq "it prints a loopback http address" "$(echo "$url" | sed 's/:[0-9]*$//')" "http://127.0.0.1"
python3 "$TOP/tests/web/client.py" "$url" ada "correct horse battery staple"
[ $? -eq 0 ] || notok "the client's checks over http"
stop "serve stops on SIGTERM"
cp "$WORK/serve.err" "$WORK/err"
expect_err "the log has the login" 'login of "ada"'
expect_err "the log has the refused POST" 'refused POST /users/role: CSRF token'

# TLS through libmicrohttpd's GnuTLS support
serve --tls-cert "$DATA/web/test-cert.pem" --tls-key "$DATA/web/test-key.pem"
if [ -z "$url" ]; then notok "serve starts with TLS" "$(cat "$WORK/serve.err")"; else ok "serve starts with TLS"; fi
expect_eq "it prints an https address" "$(echo "$url" | sed 's/:[0-9]*$//')" "https://127.0.0.1"
python3 "$TOP/tests/web/client.py" "$url" ada "correct horse battery staple" "$DATA/web/test-cert.pem"
[ $? -eq 0 ] || notok "the client's checks over https"
stop "serve with TLS stops on SIGTERM"

t serve --tls-cert "$DATA/web/test-cert.pem"
expect_rc "a certificate without a key" 1
t serve --listen nowhere
expect_rc "a bad --listen" 1
expect_err "... named" '"--listen"|--listen'
