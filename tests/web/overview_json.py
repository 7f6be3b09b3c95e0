#!/usr/bin/python3
"""overview_json.py BASE_URL NAME PASSWORD REPORT.json — logs in to a running
`treue serve` like a browser, reads the Overview and compares every figure
it marks (<data data-key="PATH" value="V">, PATH a path into the report's
JSON) with `treue report --format json` of the same database.  Prints one
"ok - ..." / "not ok - ..." line per check (prefix from $CLI_FILE)."""
import http.client
import json
import os
import re
import sys
import urllib.parse

base, name, password, report_file = sys.argv[1:5]
prefix = os.environ.get("CLI_FILE", "overview_json")
u = urllib.parse.urlsplit(base)
failed = 0


def report(what, good, detail=""):
    global failed
    print(f"{'ok' if good else 'not ok'} - {prefix}: {what}")
    if not good:
        failed += 1
        if detail:
            print(f"#   {detail}")


def request(method, path, cookies=None, form=None, lang="en"):
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
    h = {"Accept-Language": lang}
    if cookies:
        h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        h["Content-Type"] = "application/x-www-form-urlencoded"
        h["Origin"] = f"{u.scheme}://{u.netloc}"
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read().decode("utf-8")
    c.close()
    return r, data


def set_cookie(r, cname):
    for k, v in r.getheaders():
        if k.lower() == "set-cookie" and v.startswith(cname + "="):
            return v.split(";", 1)[0].split("=", 1)[1]
    return None


r, page = request("GET", "/login")
token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
r, page = request("POST", "/login", {"__Host-treue-login": set_cookie(r, "__Host-treue-login")},
                  {"csrf": token, "name": name, "password": password})
session = set_cookie(r, "__Host-treue")
report("login", r.status == 303 and session, r.status)
cookies = {"__Host-treue": session}

with open(report_file, encoding="utf-8") as f:
    want = json.load(f)


def at(obj, path):
    for seg in path.split("."):
        obj = obj[int(seg)] if isinstance(obj, list) else obj[seg]
    return obj


def same(page_value, json_value):
    if json_value is None:
        return page_value == "null"
    if isinstance(json_value, bool):
        return page_value == ("true" if json_value else "false")
    if isinstance(json_value, str):
        return page_value == json_value
    return abs(float(page_value) - float(json_value)) <= 1e-9 * (abs(float(json_value)) + 1)


for lang in ("en", "de"):
    r, page = request("GET", "/overview", cookies, lang=lang)
    report(f"the Overview answers ({lang})", r.status == 200, r.status)
    figures = re.findall(r'<data data-key="([^"]+)" value="([^"]*)">', page)
    report(f"the Overview marks its figures ({lang}): {len(figures)}", len(figures) >= 30,
           len(figures))
    wrong = []
    for key, value in figures:
        try:
            j = at(want, key)
        except (KeyError, IndexError, ValueError, TypeError):
            wrong.append(f"{key}: not in the report")
            continue
        if not same(value, j):
            wrong.append(f"{key}: page {value}, report {j}")
    report(f"every figure of the Overview equals treue report --format json ({lang})", not wrong,
           "; ".join(wrong[:10]))
    keys = {k for k, _ in figures}
    for k in ("as_of", "retention.rate", "retention.previous_buyers", "retention.retained",
              "nps.score", "satisfaction.top_share", "customers", "lapsed", "departed",
              "prospects", "silent_leavers.count", "segments.apostle", "segments.unmeasured",
              "profit_by_tenure.0.mean_margin_active", "tenure_left_censored"):
        report(f"the Overview shows {k} ({lang})", k in keys)
sys.exit(1 if failed else 0)
