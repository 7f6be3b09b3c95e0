#!/usr/bin/python3
"""two_servers.py URL_A URL_B NAME PASSWORD — two `treue serve` processes on
one database (tests/cli/t_pg.sh): a user added through A is on B's Users
page at once, and a journal entry written by another process (the treue
binary in $TREUE, with $TREUE_DB) changes the data version that both serve
(the ETag of /week).  Prints "ok - ..." / "not ok - ..." lines in the format
of tests/cli/lib.sh."""
import http.client
import os
import re
import subprocess
import sys
import urllib.parse

url_a, url_b, name, password = sys.argv[1:5]
prefix = os.environ.get("CLI_FILE", "two_servers")
failed = 0


def report(what, good, detail=""):
    global failed
    print(f"{'ok' if good else 'not ok'} - {prefix}: {what}")
    if not good:
        failed += 1
        if detail:
            print(f"#   {detail}")


def request(base, method, path, cookies=None, form=None):
    u = urllib.parse.urlsplit(base)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    h = {"Accept-Language": "en"}
    if cookies:
        h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        h["Content-Type"] = "application/x-www-form-urlencoded"
        h["Origin"] = f"{u.scheme}://{u.netloc}"
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read().decode("utf-8", "replace")
    c.close()
    return r, data


def cookie(r, want):
    for k, v in r.getheaders():
        if k.lower() == "set-cookie" and v.startswith(want + "="):
            return v.split(";", 1)[0].split("=", 1)[1]
    return None


def csrf(page):
    m = re.search(r'name="csrf" value="([^"]+)"', page)
    return m.group(1) if m else None


def login(base):
    r, page = request(base, "GET", "/login")
    token = cookie(r, "__Host-treue-login")
    r, _ = request(base, "POST", "/login", {"__Host-treue-login": token},
                   {"csrf": csrf(page), "name": name, "password": password})
    return {"__Host-treue": cookie(r, "__Host-treue")}


a, b = login(url_a), login(url_b)
report("logged in on both servers", a["__Host-treue"] and b["__Host-treue"])

r, page = request(url_a, "GET", "/users", a)
r, page = request(url_a, "POST", "/users/add", a,
                  {"csrf": csrf(page), "name": "bea", "role": "member", "owner": ""})
report("a user added through the first server", r.status == 200 and "bea" in page, r.status)
r, page = request(url_b, "GET", "/users", b)
report("the second server lists the user the first one added", ">bea<" in page)

tags = []
for base, c in ((url_a, a), (url_b, b)):
    r, _ = request(base, "GET", "/week", c)
    tags.append(r.getheader("ETag"))
done = subprocess.run([os.environ["TREUE"], "add", "dialog", "--customer", "K1",
                       "--touchpoint", "sales", "--notes", "seen by both"],
                      capture_output=True)
report("a journal entry written by a third process", done.returncode == 0, done.stderr)
for i, (base, c) in enumerate(((url_a, a), (url_b, b))):
    r, _ = request(base, "GET", "/week", c)
    report(f"server {'AB'[i]} serves the new data version (its ETag changed)",
           r.status == 200 and tags[i] and r.getheader("ETag") != tags[i],
           f"{tags[i]} -> {r.getheader('ETag')}")
sys.exit(1 if failed else 0)
