#!/usr/bin/python3
"""overview_json.py BASE_URL NAME PASSWORD REPORT.json — logs in to a running
`treue serve` like a browser, reads the Overview and compares every figure
it marks (<data data-key="PATH" value="V">, PATH a path into the report's
JSON) with `treue report --format json` of the same database.  Prints one
"ok - ..." / "not ok - ..." line per check (prefix from $CLI_FILE)."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webclient import Checks, Server  # noqa: E402

base, name, password, report_file = sys.argv[1:5]
checks = Checks(os.environ.get("CLI_FILE", "overview_json"))
report = checks.report
server = Server(base, timeout=300)
request = server.request


cookies, r = server.login(name, password)
report("login", r.status == 303 and cookies["__Host-treue"], r.status)

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
sys.exit(1 if checks.failed else 0)
