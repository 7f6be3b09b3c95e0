#!/usr/bin/python3
"""client.py BASE_URL NAME PASSWORD [CAFILE] — drives a running `treue serve`
over HTTP(S) the way a browser does (login token, Origin, session cookie,
CSRF token) and prints one "ok - ..." / "not ok - ..." line per check, in
the format of tests/cli/lib.sh (prefix from $CLI_FILE)."""
import http.client
import os
import re
import ssl
import sys
import urllib.parse

base, name, password = sys.argv[1], sys.argv[2], sys.argv[3]
cafile = sys.argv[4] if len(sys.argv) > 4 else None
prefix = os.environ.get("CLI_FILE", "client")
u = urllib.parse.urlsplit(base)
failed = 0


def report(what, good, detail=""):
    global failed
    if good:
        print(f"ok - {prefix}: {what}")
    else:
        failed += 1
        print(f"not ok - {prefix}: {what}")
        if detail:
            print(f"#   {detail}")


def conn():
    if u.scheme == "https":
        ctx = ssl.create_default_context(cafile=cafile)
        return http.client.HTTPSConnection(u.hostname, u.port, context=ctx, timeout=60)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=60)


def request(method, path, cookies=None, form=None, origin=True, headers=None):
    c = conn()
    h = {"Accept-Language": "en"}
    if cookies:
        h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        h["Content-Type"] = "application/x-www-form-urlencoded"
        if origin:
            h["Origin"] = f"{u.scheme}://{u.netloc}"
    h.update(headers or {})
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read().decode("utf-8", "replace")
    c.close()
    return r, data


def set_cookie(r, name):
    for k, v in r.getheaders():
        if k.lower() == "set-cookie" and v.startswith(name + "="):
            return v.split(";", 1)[0].split("=", 1)[1], v
    return None, None


def csrf(html):
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    return m.group(1) if m else None


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
sys.exit(1 if failed else 0)
