#!/usr/bin/python3
"""partition.py TREUE CUSTOMERS PARTS WORKDIR — the road past one machine,
simulated (docs/SCALE.md): the demo's CSV export split by a hash of the
customer id into PARTS partitions, each imported into a database of its own
and computed by its own treue process at the same time, the results merged
by the rules of docs/SCALE.md and compared with one treue run on all the
data.

  round 0  each partition's report: D = the latest of their reference dates
  round 1  each partition's segments at D: the orders of its active
           customers; F = max(2, median of those with at least one)
  round 2  each partition's segments and report at D with F given
  merge    the segment lists concatenated and sorted by customer id; the
           counts and sums of the reports added; means weighted by their
           counts

What depends on the purchase model (P(alive), silent leavers, the action
list's counts) is left out: it needs one fit over all customers (a sum of
per-partition log-likelihoods per step of the optimiser), which this
simulation does not do.  A referral whose referred customer lives in
another partition makes a customer without orders there (an import creates
the customers it names); a partitioned table has none, so they are taken
off the partition's prospects.

Prints one line per comparison ("same" or "DIFFERENT") and the timings;
exit 1 when anything differs.
"""
import csv
import hashlib
import json
import math
import os
import statistics
import subprocess
import sys
import time

treue, customers, parts, work = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
KINDS = ["customers", "orders", "surveys", "dialogs", "promises", "complaints", "stories",
         "referrals", "departures"]
os.makedirs(work, exist_ok=True)
env = dict(os.environ, LANG="C", TREUE_SNAPSHOT="0")


def treue_run(db, *args):
    r = subprocess.run([treue, "--db", db] + list(args), capture_output=True, text=True, env=env)
    if r.returncode:
        sys.exit(f"partition.py: treue {' '.join(args)} on {db} failed: {r.stderr.strip()}")
    return r.stdout


def parallel(jobs):
    """jobs: (db, args...) tuples, one process each, all at once; their outputs."""
    procs = [subprocess.Popen([treue, "--db", j[0]] + list(j[1:]), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for j in jobs]
    outs = []
    for p, j in zip(procs, jobs):
        out, err = p.communicate()
        if p.returncode:
            sys.exit(f"partition.py: treue {' '.join(j[1:])} on {j[0]} failed: {err.strip()}")
        outs.append(out)
    return outs


def part_of(cid):
    return int(hashlib.md5(cid.encode()).hexdigest()[:8], 16) % parts


def fresh(db):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


# the data: the demo's English export
src = os.path.join(work, "csv")
if not os.path.exists(os.path.join(src, "orders.csv")):
    subprocess.run([treue, "demo", "--customers", str(customers), "--seed", "11", "--csv", src],
                   check=True, capture_output=True, env=env)

# split every file by the customer it is about (a referral: its referrer)
key = {"referrals": "Referrer"}
stubs = [set() for _ in range(parts)]
for kind in KINDS:
    with open(os.path.join(src, kind + ".csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    col = head.index(key.get(kind, "Customer ID"))
    out = [[head] for _ in range(parts)]
    for r in body:
        p = part_of(r[col]) if r[col] else 0
        out[p].append(r)
        if kind == "referrals" and part_of(r[1]) != p:
            stubs[p].add(r[1])
    for p in range(parts):
        d = os.path.join(work, f"p{p}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, kind + ".csv"), "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(out[p])

# one database for all, one per partition
single = os.path.join(work, "single.db")
dbs = [os.path.join(work, f"p{p}.db") for p in range(parts)]
for db in [single] + dbs:
    fresh(db)
t0 = time.time()
for kind in KINDS:
    treue_run(single, "import", kind, os.path.join(src, kind + ".csv"))
    parallel([(dbs[p], "import", kind, os.path.join(work, f"p{p}", kind + ".csv"))
              for p in range(parts)])
t_import = time.time() - t0

# round 0: D
t0 = time.time()
D = max(json.loads(o)["as_of"] for o in parallel([(db, "report", "--format", "json") for db in dbs]))
# round 1: F from the orders of every partition's active customers
orders = []
for out in parallel([(db, "segments", "--as-of", D, "--format", "csv") for db in dbs]):
    lines = out.splitlines()
    col = lines[0].split(",").index("orders")
    orders += [int(l.split(",")[col]) for l in lines[1:]]
F = max(2.0, statistics.median([o for o in orders if o >= 1]))
F_set = str(int(F)) if F == int(F) else str(F)
# round 2: segments and report with the global D and F
outs = parallel([(db, c, "--as-of", D, "--set", f"frequent_min={F_set}", "--format", f)
                 for db in dbs for c, f in (("segments", "csv"), ("report", "json"))])
t_parts = time.time() - t0
t0 = time.time()
seg_single = treue_run(single, "segments", "--as-of", D, "--format", "csv")
rep_single = json.loads(treue_run(single, "report", "--as-of", D, "--format", "json"))
t_single = time.time() - t0

different = 0


def compare(what, single_value, merged_value):
    global different
    same = single_value == merged_value
    different += not same
    print(f"{'same' if same else 'DIFFERENT'}  {what}: {single_value}"
          + ("" if same else f" (merged: {merged_value})"))


# the segment lists: every column that does not need the purchase model
head = seg_single.splitlines()[0].split(",")
keep = head.index("p_alive") if "p_alive" in head else len(head)
merged = sorted(l.split(",")[:keep] for out in outs[0::2] for l in out.splitlines()[1:])
single_rows = [l.split(",")[:keep] for l in seg_single.splitlines()[1:]]
compare(f"segments of {len(single_rows)} customers, {keep} columns each (csv)",
        len(single_rows), len(merged))
compare("... row by row", True, single_rows == merged)

# the reports: counts and sums added, means weighted
reps = [json.loads(o) for o in outs[1::2]]
compare("F, the median of the partitions' orders", rep_single["frequent_min"], F)
compare("D", rep_single["as_of"], D)
for k in ("customers", "lapsed", "departed"):
    compare(k, rep_single[k], sum(r[k] for r in reps))
compare("prospects (without the referral stubs)", rep_single["prospects"],
        sum(r["prospects"] for r in reps) - sum(len(s) for s in stubs))
for k in ("previous_buyers", "retained", "current_buyers", "new_customers", "reactivated"):
    compare(f"retention {k}", rep_single["retention"][k], sum(r["retention"][k] for r in reps))
for i, h in enumerate(rep_single["retention"]["history"]):
    compare(f"retention history {h['as_of']}: buyers / retained",
            (h["previous_buyers"], h["retained"]),
            (sum(r["retention"]["history"][i]["previous_buyers"] for r in reps),
             sum(r["retention"]["history"][i]["retained"] for r in reps)))
for s in rep_single["segments"]:
    compare(f"segment {s}", rep_single["segments"][s], sum(r["segments"][s] for r in reps))
    compare(f"segment {s} revenue", round(rep_single["segment_revenue"][s], 2),
            round(sum(r["segment_revenue"][s] for r in reps), 2))
for k in ("promoters", "passives", "detractors"):
    compare(f"NPS {k}", rep_single["nps"][k], sum(r["nps"][k] for r in reps))
n = sum(r["nps"]["promoters"] + r["nps"]["passives"] + r["nps"]["detractors"] for r in reps)
score = round(100.0 * (sum(r["nps"]["promoters"] for r in reps)
                       - sum(r["nps"]["detractors"] for r in reps)) / n, 2)
compare("NPS score", rep_single["nps"]["score"], score)
m = sum(r["satisfaction"]["measured"] for r in reps)
compare("satisfaction measured", rep_single["satisfaction"]["measured"], m)
compare("mean satisfaction (weighted, 2 decimals)", rep_single["satisfaction"]["mean"],
        round(sum(r["satisfaction"]["mean"] * r["satisfaction"]["measured"] for r in reps) / m, 2))
for i, y in enumerate(rep_single["profit_by_tenure"]):
    ys = [next((t for t in r["profit_by_tenure"] if t["year"] == y["year"]), None) for r in reps]
    ys = [t for t in ys if t]
    c = sum(t["customers"] for t in ys)
    compare(f"tenure year {y['year']}: customers / active",
            (y["customers"], y["active"]), (c, sum(t["active"] for t in ys)))
    mean = sum(t["mean_margin"] * t["customers"] for t in ys) / c if c else 0
    same = math.isclose(y["mean_margin"], mean, abs_tol=0.01 + 0.005 * len(ys))
    compare(f"tenure year {y['year']}: mean margin (weighted; cents of rounding)", True, same)
print(f"timing: import {t_import:.1f} s (one database, then {parts} at once per kind); "
      f"{parts} partitions, three rounds at once: {t_parts:.2f} s; one run on all: {t_single:.2f} s")
print(f"{different} different")
sys.exit(1 if different else 0)
