#!/usr/bin/python3
"""client.py BASE_URL NAME PASSWORD [CAFILE] — drives a running `treue serve`
over HTTP(S) the way a browser does (login token, Origin, session cookie,
CSRF token) and prints one "ok - ..." / "not ok - ..." line per check, in
the format of tests/cli/lib.sh (prefix from $CLI_FILE)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webclient import Checks, Server, csrf, set_cookie_line  # noqa: E402

base, name, password = sys.argv[1], sys.argv[2], sys.argv[3]
cafile = sys.argv[4] if len(sys.argv) > 4 else None
checks = Checks(os.environ.get("CLI_FILE", "client"))
report = checks.report
server = Server(base, cafile)
u = server.u
request = server.request
set_cookie = set_cookie_line


r, page = request("GET", "/login")
report("GET /login answers 200", r.status == 200, r.status)
report("the CSP header", r.getheader("Content-Security-Policy", "").startswith("default-src 'none'; script-src 'self'"))
report("Content-Type with charset", r.getheader("Content-Type") == "text/html; charset=utf-8")
if u.scheme == "https":
    report("HSTS over TLS", r.getheader("Strict-Transport-Security") == "max-age=31536000")
login_cookie, _ = set_cookie(r, "__Host-treue-login")
token = csrf(page)
report("a login token in cookie and form", login_cookie and login_cookie == token)

r, page = request("POST", "/login", {"__Host-treue-login": login_cookie},
                  {"csrf": token, "name": name, "password": "wrong wrong wrong"})
report("a wrong password is refused", r.status == 200 and "is wrong" in page, r.status)
r, page = request("POST", "/login", {"__Host-treue-login": login_cookie},
                  {"csrf": token, "name": name, "password": password}, origin=False)
report("a login without Origin is refused", r.status == 403, r.status)
r, page = request("POST", "/login", {"__Host-treue-login": login_cookie},
                  {"csrf": token, "name": name, "password": password})
session, raw = set_cookie(r, "__Host-treue")
report("login: 303 with a session cookie", r.status == 303 and session, r.status)
report("the session cookie is Secure, HttpOnly, SameSite=Strict, Path=/",
       raw and "Secure" in raw and "HttpOnly" in raw and "SameSite=Strict" in raw and "Path=/" in raw, raw)
cookies = {"__Host-treue": session}
r, page = request("GET", "/users", cookies)
report("the Users page after login", r.status == 200 and f">{name}<" in page, r.status)
tok = csrf(page)
r, page = request("POST", "/users/role", cookies, {"user": "1", "role": "viewer"})
report("a POST without the CSRF token is refused", r.status == 403, r.status)

r, page = request("POST", "/logout", cookies, {"csrf": tok})
report("logout", r.status == 303 and r.getheader("Location") == "/login", r.status)
r, page = request("GET", "/users", cookies)
report("the session ended on the server", r.status == 303, r.status)
sys.exit(1 if checks.failed else 0)
