#!/usr/bin/python3
"""web.py BASE_URL NAME PASSWORD [REQUESTS] [CLIENTS] — the server time of the
pages on the model, warm: logs in once, then for each page sends REQUESTS
(default 1000) requests from CLIENTS (default 20) concurrent clients, each on
its own keep-alive connection, and prints the median and the 99th
percentile of the time from sending a request to its last byte (loopback,
so this is the server's time plus a little of Python's).  The pages: My
week, the Overview, the action list (page 1 and a filtered page), a
customer page, the search."""
import http.client
import re
import statistics
import sys
import threading
import time
import urllib.parse

base, name, password = sys.argv[1:4]
total = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
clients = int(sys.argv[5]) if len(sys.argv) > 5 else 20
u = urllib.parse.urlsplit(base)


def conn():
    return http.client.HTTPConnection(u.hostname, u.port, timeout=600)


def request(c, method, path, cookie=None, form=None):
    h = {"Accept-Language": "en"}
    if cookie:
        h["Cookie"] = cookie
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        h["Content-Type"] = "application/x-www-form-urlencoded"
        h["Origin"] = base
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    return r, r.read().decode("utf-8", "replace")


c = conn()
r, page = request(c, "GET", "/login")
login = [v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie"][0]
token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
r, _ = request(c, "POST", "/login", login, {"csrf": token, "name": name, "password": password})
cookie = [v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie"
          and v.startswith("__Host-treue=")][0]
r, page = request(c, "GET", "/actions", cookie)
customer = re.search(r'<td class="name"><a href="(/customers/[^"]+)"', page).group(1)
owner = re.search(r'<option value="([^"]+)">', page.split('name="owner"')[1]).group(1)
pages = [("My week", "/week"), ("Overview", "/overview"), ("action list", "/actions"),
         ("action list, one owner, page 2",
          "/actions?owner=" + urllib.parse.quote(owner) + "&page=2"),
         ("customer page", customer), ("search", "/customers?q=" + customer[11:14])]
for _, p in pages:  # warm: the view and the Overview's month ends are loaded
    request(c, "GET", p, cookie)
c.close()

print(f"{'page':34} {'median ms':>10} {'p99 ms':>10}  ({total} requests, {clients} clients)")
for label, path in pages:
    times, lock, errors = [], threading.Lock(), []

    def client(n):
        cc = conn()
        mine = []
        for _ in range(n):
            t = time.perf_counter()
            r, _ = request(cc, "GET", path, cookie)
            mine.append((time.perf_counter() - t) * 1000)
            if r.status != 200:
                errors.append(r.status)
        cc.close()
        with lock:
            times.extend(mine)

    per = [total // clients + (1 if k < total % clients else 0) for k in range(clients)]
    th = [threading.Thread(target=client, args=(n,)) for n in per]
    for t in th:
        t.start()
    for t in th:
        t.join()
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"{label:34} {statistics.median(times):10.2f} {p99:10.2f}" +
          (f"  errors: {sorted(set(errors))}" if errors else ""))

# a journal entry, then the first pages: the analysis is brought up to date
c = conn()
r, page = request(c, "GET", customer, cookie)
token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
r, _ = request(c, "POST", customer, cookie,
               {"csrf": token, "form": "dialog", "notes": f"bench {time.time()}"})
for label, path in (("customer page after an entry", customer),
                    ("Overview after an entry", "/overview")):
    t = time.perf_counter()
    r, _ = request(c, "GET", path, cookie)
    print(f"{label:34} {(time.perf_counter() - t) * 1000:10.2f} (one request, status {r.status})")
c.close()
