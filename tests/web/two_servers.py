#!/usr/bin/python3
"""two_servers.py URL_A URL_B NAME PASSWORD — two `treue serve` processes on
one database (tests/cli/t_pg.sh): a user added through A is on B's Users
page at once, and a journal entry written by another process (the treue
binary in $TREUE, with $TREUE_DB) changes the data version that both serve
(the ETag of /week).  Prints "ok - ..." / "not ok - ..." lines in the format
of tests/cli/lib.sh."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webclient import Checks, Server, csrf  # noqa: E402

url_a, url_b, name, password = sys.argv[1:5]
checks = Checks(os.environ.get("CLI_FILE", "two_servers"))
report = checks.report
servers = {url_a: Server(url_a), url_b: Server(url_b)}


def request(base, method, path, cookies=None, form=None):
    return servers[base].request(method, path, cookies, form)


def login(base):
    return servers[base].login(name, password)[0]


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
sys.exit(1 if checks.failed else 0)
