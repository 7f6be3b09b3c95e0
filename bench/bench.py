#!/usr/bin/python3
"""bench.py — times treue and its peers on one data set, checks that they
agree, prints the table.  Called by bench/run.sh once per size:

    /usr/bin/python3 bench/bench.py --size N --db DB --csv CSVDIR --out OUTDIR
                                    [--runs 5] [--slow-runs 5] [--treue build/treue]

Every "cold" figure is the wall time of fresh processes (start, load, compute,
write the results), measured here around the process; peak RSS comes from
/usr/bin/time.  Warm figures are measured by the tool itself on data already
in memory.  Medians over the runs.  Writes OUTDIR/RESULTS.txt (the table),
OUTDIR/results.json, and one directory of outputs per tool.
"""
import argparse
import datetime
import json
import os
import re
import statistics
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare  # noqa: E402

PY = "/usr/bin/python3"


LAST_CPU = [None]  # user + system seconds of the last run_timed command


def run_timed(cmd, cwd=None, stdin=None, stdout=None, env=None):
    """Runs cmd under /usr/bin/time; returns (exit code, wall seconds, peak RSS in KiB, stdout, stderr).
    Its CPU time (user + system) is left in LAST_CPU[0]."""
    tf = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"treue-bench-time-{os.getpid()}")
    full = ["/usr/bin/time", "-f", "%M %U %S", "-o", tf] + cmd
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    fout = open(stdout, "wb") if stdout else subprocess.PIPE
    try:
        t0 = time.perf_counter()
        p = subprocess.run(full, cwd=cwd, stdin=fin, stdout=fout, stderr=subprocess.PIPE, env=env)
        wall = time.perf_counter() - t0
    finally:
        if stdin:
            fin.close()
        if stdout:
            fout.close()
    rss = None
    LAST_CPU[0] = None
    try:
        with open(tf) as f:
            nums = [ln.split() for ln in f if re.match(r"^\d+ [\d.]+ [\d.]+$", ln.strip())]
            if nums:
                rss = int(nums[-1][0])
                LAST_CPU[0] = float(nums[-1][1]) + float(nums[-1][2])
        os.unlink(tf)
    except OSError:
        pass
    out = p.stdout.decode("utf-8", "replace") if p.stdout is not None else ""
    return p.returncode, wall, rss, out, p.stderr.decode("utf-8", "replace")


def field(text, name):
    """The number after `name:` on a line of its own, or None."""
    m = re.search(r"^\s*" + re.escape(name) + r"\s*[:=]\s*([-+0-9.eE]+)", text, re.M)
    return float(m.group(1)) if m else None


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def say(msg):
    print(msg, flush=True)


class Tool:
    def __init__(self, key, label):
        self.key, self.label = key, label
        self.cold, self.warm, self.rss = [], [], []
        self.note = ""
        self.available = True
        self.extra = {}

    def result(self):
        return {"tool": self.label, "available": self.available,
                "cold_s": median(self.cold), "warm_s": median(self.warm),
                "peak_rss_kib": max(self.rss) if self.rss else None,
                "cold_runs_s": self.cold, "warm_runs_s": self.warm,
                "note": self.note, **self.extra}


def fail(tool, what, rc, err):
    tool.available = False
    tool.note = f"{what} failed (exit {rc}): {err.strip().splitlines()[-1] if err.strip() else ''}"
    say(f"  {tool.label}: {tool.note}")


def bench_treue(a, out):
    t = Tool("treue", "treue")
    d = os.path.join(out, "treue")
    os.makedirs(d, exist_ok=True)
    db = ["--db", a.db]
    # what it computes: segments (its own command), report and actions (the cold pair)
    rc, _, _, _, err = run_timed([a.treue] + db + ["segments", "--format", "csv"],
                                 stdout=os.path.join(d, "segments.csv"))
    if rc != 0:
        t.note = (err.strip().splitlines() or [f"segments: exit {rc}"])[-1]
        t.available = False
        say(f"  treue: not available ({t.note})")
        return t
    for i in range(a.runs):
        rc1, w1, r1, _, e1 = run_timed([a.treue] + db + ["report", "--format", "json"],
                                       stdout=os.path.join(d, "summary.json"))
        c1 = LAST_CPU[0]
        if rc1 != 0:
            fail(t, "treue report --format json", rc1, e1)
            return t
        rc2, w2, r2, _, e2 = run_timed([a.treue] + db + ["actions", "--format", "csv"],
                                       stdout=os.path.join(d, "actions.csv"))
        c2 = LAST_CPU[0]
        if rc2 != 0:
            fail(t, "treue actions --format csv", rc2, e2)
            return t
        t.cold.append(w1 + w2)
        t.rss.append(max(r1 or 0, r2 or 0) or None)
        t.extra.setdefault("report_s", []).append(w1)
        t.extra.setdefault("actions_s", []).append(w2)
        t.extra.setdefault("report_cpu_s", []).append(c1)
        t.extra.setdefault("actions_cpu_s", []).append(c2)
        say(f"  treue cold run {i + 1}: report {w1 * 1000:.0f} ms (CPU {c1 or 0:.2f} s)"
            f" + actions {w2 * 1000:.0f} ms (CPU {c2 or 0:.2f} s),"
            f" peak RSS {max(r1 or 0, r2 or 0) / 1024:.0f} MiB")
    bench_treue_changes(a, d, t)
    # warm: the tool's own loop on the dataset held in memory
    rc, _, _, text, err = run_timed([a.treue] + db + ["bench", "--runs", str(a.runs)])
    if rc == 2:  # no --runs option: its own default
        rc, _, _, text, err = run_timed([a.treue] + db + ["bench"])
    with open(os.path.join(d, "bench.txt"), "w") as f:
        f.write(text + err)
    ms = field(text, "warm_ms_median") if rc == 0 else None
    if ms is None:
        t.extra["warm_note"] = "treue bench: n/a" + (f" (exit {rc})" if rc else " (no warm_ms_median line)")
        say(f"  {t.extra['warm_note']}")
    else:
        t.warm = [ms / 1000]
        say(f"  treue warm (treue bench): median {ms:.1f} ms")
    for line in (text + err).splitlines():
        if re.search(r"bytes.*(order|row)", line, re.I):
            t.extra["dataset_memory"] = line.strip()
    return t


def bench_treue_changes(a, d, t):
    """The first report after a change, on a copy of the database (with its
    snapshot): a dialogue added (the journal), a small orders file imported
    (three orders, one of a new customer).  Each run makes its own change."""
    chg = os.path.join(d, "changed")
    shutil.rmtree(chg, ignore_errors=True)
    os.makedirs(chg)
    db = os.path.join(chg, "treue.db")
    base = os.path.basename(a.db)
    for name in os.listdir(os.path.dirname(os.path.abspath(a.db))):
        if name == base or name.startswith(base + ".snapshot"):
            shutil.copy(os.path.join(os.path.dirname(os.path.abspath(a.db)), name),
                        os.path.join(chg, "treue.db" + name[len(base):]))
    with open(os.path.join(a.csv, "customers.csv"), encoding="utf-8") as f:
        f.readline()
        cid = f.readline().split(",")[0]
    # the copy's first report: its snapshot is the original's (same store)
    run_timed([a.treue, "--db", db, "report", "--format", "json"])
    for i in range(a.runs):
        rc, _, _, _, err = run_timed([a.treue, "--db", db, "add", "dialog", "--customer", cid,
                                      "--touchpoint", "sales", "--notes", f"bench run {i}"])
        if rc != 0:
            say(f"  treue add dialog failed: {err.strip()}")
            return
        rc, w, _, _, err = run_timed([a.treue, "--db", db, "report", "--format", "json"])
        cpu = LAST_CPU[0]
        t.extra.setdefault("after_dialog_s", []).append(w)
        t.extra.setdefault("after_dialog_cpu_s", []).append(cpu)
        orders = os.path.join(chg, f"orders-{i}.csv")
        with open(orders, "w") as f:
            f.write("customer_id,date,revenue,margin,order_id\n"
                    f"{cid},2025-06-01,100.00,20.00,BENCH-{i}-1\n"
                    f"{cid},2025-06-02,50.00,,BENCH-{i}-2\n"
                    f"BENCH-NEW-{i},2025-06-03,70.00,10.00,BENCH-{i}-3\n")
        rc, _, _, _, err = run_timed([a.treue, "--db", db, "import", "orders", orders])
        if rc != 0:
            say(f"  treue import orders failed: {err.strip()}")
            return
        rc, w2, _, _, err = run_timed([a.treue, "--db", db, "report", "--format", "json"])
        cpu2 = LAST_CPU[0]
        t.extra.setdefault("after_import_s", []).append(w2)
        t.extra.setdefault("after_import_cpu_s", []).append(cpu2)
        say(f"  treue cold after a change, run {i + 1}: a dialogue added {w * 1000:.0f} ms"
            f" (CPU {cpu or 0:.2f} s), 3 orders imported {w2 * 1000:.0f} ms (CPU {cpu2 or 0:.2f} s)")
    shutil.rmtree(chg, ignore_errors=True)


def bench_duckdb(a, out):
    t = Tool("duckdb", "DuckDB " + a.duckdb_version)
    d = os.path.join(out, "duckdb")
    node = ["node", os.path.join(HERE, "duckdb_model.mjs")]
    for i in range(a.runs):
        rc, w, r, _, err = run_timed(node + ["csv", a.csv, d])
        if rc != 0:
            fail(t, "duckdb_model.mjs csv", rc, err)
            return t
        t.cold.append(w)
        t.rss.append(r)
        say(f"  DuckDB from CSV run {i + 1}: {w * 1000:.0f} ms, peak RSS {(r or 0) / 1024:.0f} MiB")
    rc, w, r, text, err = run_timed(node + ["warm", a.csv, d + "-warm", str(a.runs)])
    if rc != 0:
        fail(t, "duckdb_model.mjs warm", rc, err)
        return t
    t.warm = [float(x) / 1000 for x in re.findall(r"^warm_ms: ([0-9.]+)", text, re.M)]
    t.extra["warm_peak_rss_kib"] = r
    t.extra["load_s"] = (field(text, "load_ms") or 0) / 1000
    say(f"  DuckDB warm: median {median(t.warm) * 1000:.1f} ms over {len(t.warm)} runs,"
        f" (load {t.extra['load_s'] * 1000:.0f} ms, process peak RSS {(r or 0) / 1024:.0f} MiB)")
    return t


def today_day():
    """Today as days since 1970-01-01: TREUE_TODAY (as treue reads it), else the local date."""
    try:
        day = datetime.date.fromisoformat(os.environ.get("TREUE_TODAY", ""))
    except ValueError:
        day = datetime.date.today()
    return (day - datetime.date(1970, 1, 1)).days


def sqlite_cmd(db):
    """The sqlite3 command line of the SQLite SQL peer (model.sql on stdin), with today set."""
    return ["sqlite3", "-bail", "-cmd", f".parameter set @today {today_day()}", os.path.abspath(db)]


def bench_sqlite(a, out):
    t = Tool("sqlite", "SQLite SQL " + a.sqlite_version)
    d = os.path.join(out, "sqlite")
    os.makedirs(d, exist_ok=True)
    for i in range(a.slow_runs):
        rc, w, r, _, err = run_timed(sqlite_cmd(a.db), cwd=d,
                                     stdin=os.path.join(HERE, "model.sql"))
        if rc != 0:
            fail(t, "sqlite3 < model.sql", rc, err)
            return t
        t.cold.append(w)
        t.rss.append(r)
        say(f"  SQLite SQL run {i + 1}: {w * 1000:.0f} ms, peak RSS {(r or 0) / 1024:.0f} MiB")
    return t


def bench_pandas(a, out):
    t = Tool("pandas", "pandas " + a.pandas_version)
    d = os.path.join(out, "pandas")
    for i in range(a.slow_runs):
        rc, w, r, text, err = run_timed([PY, os.path.join(HERE, "pandas_model.py"), a.csv, d])
        if rc != 0:
            fail(t, "pandas_model.py", rc, err)
            return t
        t.cold.append(w)
        t.rss.append(r)
        c = field(text, "compute_ms")
        t.warm.append(c / 1000 if c is not None else None)
        say(f"  pandas run {i + 1}: {w * 1000:.0f} ms (compute {c:.0f} ms), peak RSS {(r or 0) / 1024:.0f} MiB")
    return t


def fmt_s(x):
    if x is None:
        return "n/a"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def fmt_ratio(x, ref):
    if x is None or ref is None or ref <= 0:
        return "n/a"
    return f"{x / ref:.1f}x"


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def table(a, tools, orders):
    tr = tools[0]
    ref_cold = median(tr.cold) if tr.available else None
    ref_warm = median(tr.warm) if tr.available else None
    lines = [f"treue loyalty report + action list: {a.size:,} customers, {orders:,} order rows"
             f" ({a.source}), medians of {a.runs} runs ({a.slow_runs} for SQLite SQL and pandas)",
             "",
             f"{'tool':<20} {'cold/from CSV':>14} {'warm':>11} {'peak RSS':>10} {'cold ratio':>11} {'warm ratio':>11}"]
    for t in tools:
        res = t.result()
        rss = f"{res['peak_rss_kib'] / 1024:.0f} MiB" if res["peak_rss_kib"] else "n/a"
        if not t.available:
            lines.append(f"{t.label:<20} {'not available':>14}")
            continue
        lines.append(f"{t.label:<20} {fmt_s(res['cold_s']):>14} {fmt_s(res['warm_s']):>11} {rss:>10}"
                     f" {fmt_ratio(res['cold_s'], ref_cold):>11} {fmt_ratio(res['warm_s'], ref_warm):>11}")
    if tr.available and tr.extra.get("report_s"):
        ref_duck = next((median(t.cold) for t in tools if t.key == "duckdb" and t.available), None)
        lines += ["", f"{'treue, one step':<36} {'wall':>11} {'CPU':>9} {'DuckDB cold ratio':>18}"]
        for key, label in [("report", "cold report (snapshot current)"),
                           ("actions", "actions --format csv"),
                           ("after_dialog", "cold report after a dialogue added"),
                           ("after_import", "cold report after 3 orders imported")]:
            w = median(tr.extra.get(key + "_s", []))
            c = median(tr.extra.get(key + "_cpu_s", []))
            if w is None:
                continue
            lines.append(f"{label:<36} {fmt_s(w):>11} {fmt_s(c):>9} {fmt_ratio(ref_duck, w):>18}")
    lines += ["",
              "cold: fresh processes on the data at rest. treue: `report --format json` plus",
              "  `actions --format csv` on the database; DuckDB: read the CSVs, compute, write;",
              "  SQLite SQL: sqlite3 on the database; pandas: read the CSVs, compute, write.",
              "warm: data already in memory, computation only. treue: `treue bench`; DuckDB: the",
              "  same SQL on loaded tables (median of the runs in one process, after one untimed",
              "  run in both); pandas: the compute step of each run.  SQLite SQL has no warm state.",
              "ratio: the tool's time over treue's (how many times slower than treue).",
              "treue, one step: each process alone (CPU: user + system); after a change: the first",
              "  report after `treue add dialog` or `treue import orders` (3 rows) on a copy of the",
              "  database; its ratio is DuckDB's cold time (which reads the CSVs every time) over it."]
    lines.append(f"machine: {os.cpu_count()} cores; load average (1, 5, 15 min) {a.load_start} at the start,"
                 f" {a.load_end} at the end")
    if tr.available and tr.extra.get("dataset_memory"):
        lines.append(f"treue dataset memory: {tr.extra['dataset_memory']}")
    if not tr.available:
        lines.append(f"treue: not available ({tr.note}); ratios need it.")
    elif "warm_note" in tr.extra:
        lines.append(tr.extra["warm_note"])
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--slow-runs", type=int, default=None)
    ap.add_argument("--treue", default="build/treue")
    ap.add_argument("--source", default="")
    ap.add_argument("--tools", default="treue,duckdb,sqlite,pandas")
    a = ap.parse_args()
    a.slow_runs = a.slow_runs or a.runs
    a.csv = os.path.abspath(a.csv)
    a.out = os.path.abspath(a.out)
    a.sqlite_version = subprocess.run(["sqlite3", "--version"], capture_output=True,
                                      text=True).stdout.split(" ")[0]
    a.pandas_version = subprocess.run([PY, "-c", "import pandas; print(pandas.__version__)"],
                                      capture_output=True, text=True).stdout.strip()
    try:
        with open(os.path.join(HERE, "node_modules/@duckdb/node-api/package.json")) as f:
            a.duckdb_version = json.load(f)["version"].split("-")[0]
    except OSError:
        a.duckdb_version = "?"
    os.makedirs(a.out, exist_ok=True)
    orders = int(subprocess.run(["sqlite3", a.db, "SELECT count(*) FROM orders"],
                                capture_output=True, text=True).stdout.strip() or 0)

    a.load_start = loadavg()
    wanted = a.tools.split(",")
    runners = {"treue": bench_treue, "duckdb": bench_duckdb,
               "sqlite": bench_sqlite, "pandas": bench_pandas}
    tools = []
    for key in ["treue", "duckdb", "sqlite", "pandas"]:
        if key in wanted:
            say(f"[{a.size}] {key}")
            tools.append(runners[key](a, a.out))
    if tools[0].key != "treue":
        t = Tool("treue", "treue")
        t.available, t.note = False, "not run"
        tools.insert(0, t)

    # agreement: every peer against treue, and every peer against the first peer
    bad = 0
    peers = [t for t in tools[1:] if t.available]
    refs = ([tools[0]] if tools[0].available else []) + peers[:1]
    say("")
    checks = []
    for ref in refs:
        for t in peers:
            if t is ref:
                continue
            n, lines = compare.compare(os.path.join(a.out, ref.key), os.path.join(a.out, t.key),
                                       (ref.label.split()[0] + ":", t.label.split()[0] + ":"))
            checks.append({"ref": ref.key, "tool": t.key, "differences": n})
            say(f"{t.label} vs {ref.label}: " + ("same segments, action order and report" if n == 0
                                                  else f"{n} differences"))
            for line in lines:
                say(line)
            bad += n
    if not tools[0].available:
        say("treue: not available; the peers were checked against each other only")

    a.load_end = loadavg()
    text = table(a, tools, orders)
    say("")
    say(text)
    with open(os.path.join(a.out, "RESULTS.txt"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump({"size": a.size, "orders": orders, "runs": a.runs, "slow_runs": a.slow_runs,
                   "source": a.source, "load_start": a.load_start,
                   "load_end": a.load_end, "tools": [t.result() for t in tools],
                   "checks": checks}, f, indent=1)
    if bad:
        say(f"MISMATCH: {bad} differences between the tools")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
