#!/usr/bin/env python3
"""load.py — treue serve under load, faults and hostile clients, over
loopback only (127.0.0.1, and 127.0.0.2 as a second address).

  load.py TREUE [--seconds N] [--readers N] [--writers N] [--customers N]
          [--suite load,kill,disk,hostile] [--threads N]

load     N readers (German and English) and writers (new dialogues, closing
         promises) and one importer run at once for a bounded time; then
         every acknowledged write is in the database exactly once, the
         audit trail has one entry per write under its token, answers to
         the same request at the same data version are equal to each other
         and (at the last version) to the request made alone, and the
         server's memory stayed within a bound.
kill     kill -9 during writes and during a large import: after a restart
         no acknowledged write is lost, the import is there whole or not
         at all, PRAGMA integrity_check says ok.
disk     a full disk (the database on a small tmpfs, mounted in a user
         namespace: unshare -rm; skipped where that cannot be had): writes
         through the API, an import and a page form are refused with an
         error naming the full disk and leave nothing half-written, reads
         (API and pages) are still answered, and once space is freed the
         same writes succeed.
hostile  hundreds of connections, a 100 MB body (declared and chunked), a
         body sent one byte a second, headers that stop: each is cut off by
         the caps and timeouts while a client from another address is
         answered at once.

--pg URL (the tests' PostgreSQL pass: TREUE_TEST_PG) puts each suite's
database on that server, a new one dropped afterwards; the checks read it
through psql, and integrity_check becomes amcheck's check of every index.

Prints TAP lines ("ok - ...", "not ok - ...") and exits 1 on a failure.
The server runs with TSAN_OPTIONS/ASAN_OPTIONS from the environment; its
exit status after SIGTERM must be 0.
"""
import argparse
import collections
import errno
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web"))
import webclient  # noqa: E402

FAILED = []
ASAN = bool(os.environ.get("TREUE_ASAN"))  # tests/run.sh's sanitizer pass


def ok(cond, name, detail=""):
    if cond:
        print("ok - load: %s" % name, flush=True)
    else:
        FAILED.append(name)
        print("not ok - load: %s" % name, flush=True)
        if detail:
            for line in str(detail).splitlines()[:20]:
                print("#   " + line, flush=True)


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


class Db:
    """A suite's database: load.db in the work directory, or with --pg a new
    database on that server.  rows() runs a query (? parameters) on it."""

    made = []

    def __init__(self, work):
        if not ARGS.pg:
            self.url = os.path.join(work, "load.db")
            return
        self.name = "load_%d_%d" % (os.getpid(), len(Db.made) + 1)
        Db.made.append(self.name)
        psql(ARGS.pg, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.name)
        psql(ARGS.pg, "CREATE DATABASE %s" % self.name)
        self.url = ARGS.pg + ("&" if "?" in ARGS.pg else "?") + "dbname=" + self.name

    def rows(self, sql, params=()):
        if not ARGS.pg:
            con = sqlite3.connect(self.url)
            try:
                return list(con.execute(sql, params))
            finally:
                con.close()
        parts = sql.split("?")
        assert len(parts) == len(params) + 1
        text = parts[0] + "".join(
            (str(v) if isinstance(v, int) else "'" + str(v).replace("'", "''") + "'") + rest
            for v, rest in zip(params, parts[1:]))
        out = psql(self.url, text, sep="\x1f")
        return [tuple(int(f) if f.lstrip("-").isdigit() else f for f in line.split("\x1f"))
                for line in out.splitlines()]

    def integrity_ok(self):
        if not ARGS.pg:
            return self.rows("PRAGMA integrity_check")[0][0] == "ok"
        # PostgreSQL: every B-tree index of treue's tables checked against its table
        psql(self.url, "CREATE EXTENSION IF NOT EXISTS amcheck")
        psql(self.url, "SELECT bt_index_check(c.oid, true) FROM pg_index i "
             "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
             "WHERE a.amname = 'btree' AND c.relnamespace = 'public'::regnamespace")
        return True

    @staticmethod
    def drop_all():
        for name in Db.made:
            psql(ARGS.pg, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        Db.made.clear()


def psql(url, sql, sep="|"):
    """Runs sql on url; its rows as text (an error raises)."""
    r = subprocess.run(["psql", url, "-qAtX", "-v", "ON_ERROR_STOP=1", "-F", sep, "-c", sql],
                       capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError("psql: %s: %s" % (sql[:80], r.stderr.strip()))
    return r.stdout


class Server:
    def __init__(self, treue, db, work, threads, timeout=30):
        self.treue, self.db, self.work, self.threads, self.timeout = treue, db, work, threads, timeout
        self.proc = None

    def start(self):
        self.out = open(os.path.join(self.work, "serve.out"), "w")
        self.err = open(os.path.join(self.work, "serve.err"), "a")
        self.proc = subprocess.Popen(
            [self.treue, "--db", self.db, "serve", "--listen", "127.0.0.1:0", "--threads",
             str(self.threads), "--quiet", "--timeout", str(self.timeout)],
            stdout=self.out, stderr=self.err,
            # a server's database has no directory: an import's body waits in TMPDIR
            env=dict(os.environ, TMPDIR=self.work) if ARGS.pg else None)
        for _ in range(600):
            with open(os.path.join(self.work, "serve.out")) as f:
                text = f.read()
            if "treue serve: http" in text:
                url = text.split("treue serve: ")[1].split()[0]
                self.port = int(url.rsplit(":", 1)[1])
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError("the server did not start: " + open(os.path.join(self.work, "serve.err")).read())

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = -9
        self.out.close()
        self.err.close()
        return rc

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.out.close()
        self.err.close()


class Client:
    """One keep-alive connection, reopened after errors."""

    def __init__(self, port, token, source=None):
        self.port, self.token, self.source = port, token, source
        self.conn = None

    def request(self, method, path, body=None, ctype="application/json", lang=None, timeout=120, fresh=False):
        for attempt in range(3):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(
                        "127.0.0.1", self.port, timeout=timeout,
                        source_address=(self.source, 0) if self.source else None)
                headers = {"Authorization": "Bearer " + self.token}
                if lang:
                    headers["Accept-Language"] = lang
                if fresh:
                    headers["Cache-Control"] = "no-cache"  # computed, not a kept answer
                if body is not None:
                    headers["Content-Type"] = ctype
                    if isinstance(body, str):
                        body = body.encode()
                self.conn.request(method, "/api/v1" + path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data
            except (OSError, http.client.HTTPException):
                if self.conn:
                    self.conn.close()
                self.conn = None
                if method == "POST":
                    raise  # a write is not repeated blindly: the caller decides
        raise RuntimeError("no answer to %s %s" % (method, path))


def treue(args, db, stdin=None):
    return subprocess.run([ARGS.treue, "--db", db] + args, input=stdin, capture_output=True,
                          text=True, env=dict(os.environ, USER="loadtest"))


def setup(work, customers):
    d = Db(work)
    db = d.url
    r = treue(["demo", "--customers", str(customers), "--years", "3"], db)
    if r.returncode:
        raise RuntimeError(r.stderr)
    pw = "correct horse battery staple\n"
    treue(["user", "add", "ada", "--role", "admin"], db, pw)
    treue(["user", "add", "mia", "--role", "member"], db, pw)
    treue(["user", "add", "vic", "--role", "viewer"], db, pw)
    tokens = {}
    for user, scope in (("ada", "import"), ("mia", "write"), ("vic", "read")):
        r = treue(["user", "token", "create", user, "--scope", scope, "--format", "json"], db)
        tokens[scope] = json.loads(r.stdout)
    return d, tokens


READS = ["/report", "/actions?limit=50", "/segments", "/reports/promises", "/reports/stories",
         "/reports/feedback", "/list/dialogs?limit=50", "/list/promises?open=1&limit=50",
         "/movement", "/whatif?retention=3"]


def suite_load(work):
    db, tokens = setup(work, ARGS.customers)
    srv = Server(ARGS.treue, db.url, work, ARGS.threads)
    srv.start()
    reader = Client(srv.port, tokens["read"]["token"])
    # the customers of the card requests, and the open promises the writers close
    st, _, body = reader.request("GET", "/actions?limit=200")
    cust = [row["customer_id"] for row in json.loads(body)["actions"]][:40]
    READS.extend("/customers/%s" % c for c in cust[:10])
    promises = []
    cursor = None
    while True:
        st, _, body = reader.request("GET", "/list/promises?open=1&limit=1000" + ("&cursor=" + cursor if cursor else ""))
        page = json.loads(body)
        promises += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    random.shuffle(promises)
    # warm up: every read once in both languages, then the memory baseline
    for p in READS:
        for lang in ("en", "de"):
            reader.request("GET", p, lang=lang)
    rss0 = rss_kb(srv.proc.pid)
    rss_max = [rss0]

    stop = threading.Event()
    lock = threading.Lock()
    samples = collections.defaultdict(set)  # (path, lang, version) -> set of body hashes
    bodies = {}
    acked_dialogs, acked_closes, acked_imports, acked_orders = [], [], [], []
    errors = []
    counts = collections.Counter()

    def read_loop(n):
        c = Client(srv.port, tokens["read"]["token"])
        rnd = random.Random(n)
        lang = "de" if n % 2 else "en"
        fresh = n % 4 >= 2
        while not stop.is_set():
            p = rnd.choice(READS)
            try:
                st, h, body = c.request("GET", p, lang=lang, fresh=fresh)
            except Exception as e:  # noqa
                errors.append("read %s: %s" % (p, e))
                continue
            if st != 200:
                errors.append("read %s: %d %s" % (p, st, body[:200]))
                continue
            key = (p, lang, h.get("x-treue-data-version"))
            digest = hashlib.sha256(body).hexdigest()
            with lock:
                samples[key].add(digest)
                bodies[(key, digest)] = body
                counts["reads"] += 1

    def write_loop(n, mine):
        c = Client(srv.port, tokens["write"]["token"])
        rnd = random.Random(100 + n)
        i = 0
        while not stop.is_set():
            i += 1
            if mine and rnd.random() < 0.3:
                pid = mine.pop()
                try:
                    st, _, body = c.request("POST", "/promises/%d/close" % pid, '{"status":"kept"}')
                except Exception as e:  # noqa
                    errors.append("close %d: %s" % (pid, e))
                    continue
                if st == 200:
                    with lock:
                        acked_closes.append(pid)
                elif st != 409:
                    errors.append("close %d: %d %s" % (pid, st, body[:200]))
                continue
            text = "load-%d-%d" % (n, i)
            doc = {"customer_id": rnd.choice(cust), "touchpoint": rnd.choice(["Vertrieb", "service"]),
                   "support": text, "employee": "Load %d" % n}
            try:
                st, _, body = c.request("POST", "/dialogs", json.dumps(doc))
            except Exception as e:  # noqa
                errors.append("dialog %s: %s" % (text, e))
                continue
            if st == 201:
                with lock:
                    acked_dialogs.append((text, json.loads(body)["id"]))
            else:
                errors.append("dialog %s: %d %s" % (text, st, body[:200]))

    def import_loop():
        c = Client(srv.port, tokens["import"]["token"])
        k = 0
        while not stop.is_set():
            k += 1
            ids = ["LOAD-%d-%d" % (k, j) for j in range(200)]
            csv = "Kd-Nr;Datum;Umsatz;Belegnr\n" + "".join(
                "%s;%02d.10.2026;%d,50;%s\n" % (cust[j % len(cust)], 1 + j % 28, 10 + j, oid)
                for j, oid in enumerate(ids))
            try:
                st, _, body = c.request("POST", "/import/orders", csv, ctype="text/csv")
            except Exception as e:  # noqa
                errors.append("import %d: %s" % (k, e))
                continue
            if st == 200 and json.loads(body)["summary"]["imported"] == len(ids):
                with lock:
                    acked_imports.append(k)
                    acked_orders.extend(ids)
            else:
                errors.append("import %d: %d %s" % (k, st, body[:300]))
            time.sleep(0.5)

    threads = []
    for n in range(ARGS.readers):
        threads.append(threading.Thread(target=read_loop, args=(n,)))
    share = [promises[i::ARGS.writers] for i in range(ARGS.writers)]
    for n in range(ARGS.writers):
        threads.append(threading.Thread(target=write_loop, args=(n, share[n])))
    threads.append(threading.Thread(target=import_loop))
    for t in threads:
        t.start()
    t_end = time.time() + ARGS.seconds
    while time.time() < t_end:
        time.sleep(0.5)
        rss_max.append(rss_kb(srv.proc.pid))
    stop.set()
    for t in threads:
        t.join()
    # a quiet phase at the last version: concurrent reads, then each alone
    ok(not errors, "no request failed under load (%d reads, %d dialogues, %d closes, %d imports)"
       % (counts["reads"], len(acked_dialogs), len(acked_closes), len(acked_imports)),
       "\n".join(errors[:20]))
    ok(counts["reads"] > 0 and acked_dialogs and acked_imports, "readers, writers and the importer all got through")
    stop.clear()
    quiet = [threading.Thread(target=read_loop, args=(n,)) for n in range(ARGS.readers)]
    for t in quiet:
        t.start()
    time.sleep(min(5, ARGS.seconds))
    stop.set()
    for t in quiet:
        t.join()
    rss_max.append(rss_kb(srv.proc.pid))
    _, h, _ = reader.request("GET", "/me")
    st, h, _ = reader.request("GET", "/report")
    last = h.get("x-treue-data-version")
    differ = [k for k, v in samples.items() if len(v) > 1]
    ok(not differ, "answers to one request at one data version are equal (%d requests at %d versions)"
       % (len(samples), len(set(k[2] for k in samples))), repr(differ[:5]))
    alone_bad = []
    checked = 0
    for (p, lang, v), digests in samples.items():
        if v != last:
            continue
        st, h, body = reader.request("GET", p, lang=lang, fresh=True)
        if h.get("x-treue-data-version") != v:
            continue
        checked += 1
        if hashlib.sha256(body).hexdigest() not in digests:
            alone_bad.append((p, lang))
    ok(checked > 0 and not alone_bad, "at the last version, each answer equals the request made alone (%d)" % checked,
       repr(alone_bad[:5]))
    growth = max(rss_max) - rss0
    # AddressSanitizer keeps freed memory in quarantine (256 MB by default):
    # under it the bound says only that nothing runs away
    bound = max(rss0, 128 * 1024) + (512 * 1024 if ASAN else 0)
    ok(growth <= bound, "the server's memory stayed within its bound (%.0f MB at the start, at most %.0f MB)"
       % (rss0 / 1024, max(rss_max) / 1024), "grew by %d kB, bound %d kB" % (growth, bound))
    rc = srv.stop()
    ok(rc == 0, "the server stops cleanly (exit %d)" % rc, open(os.path.join(work, "serve.err")).read()[-3000:])
    # the database: every acknowledged write exactly once, one audit entry per write
    texts = collections.Counter(r[0] for r in db.rows("SELECT support FROM dialog WHERE support LIKE 'load-%'"))
    missing = [t for t, _ in acked_dialogs if texts[t] != 1]
    ok(not missing and len(texts) == len(acked_dialogs), "every acknowledged dialogue is there exactly once (%d)" % len(acked_dialogs),
       "missing or repeated: %r; stored %d" % (missing[:5], len(texts)))
    closed = dict(db.rows("SELECT id, status FROM promise WHERE id IN (%s)" % ",".join(str(p) for p in acked_closes) if acked_closes else "SELECT 0, 0 WHERE 1 = 0"))
    ok(all(closed.get(p) == "kept" for p in acked_closes), "every acknowledged close is stored (%d)" % len(acked_closes))
    orders = collections.Counter(r[0] for r in db.rows("SELECT order_id FROM orders WHERE order_id LIKE 'LOAD-%'"))
    ok(all(orders[o] == 1 for o in acked_orders) and len(orders) == len(acked_orders),
       "every acknowledged import's orders are there exactly once (%d)" % len(acked_orders))
    who_w = "mia (token %d)" % tokens["write"]["id"]
    who_i = "ada (token %d)" % tokens["import"]["id"]
    adds = db.rows("SELECT count(*) FROM audit WHERE who = ? AND action = 'add'", (who_w,))[0][0]
    closes = db.rows("SELECT count(*) FROM audit WHERE who = ? AND action = 'close'", (who_w,))[0][0]
    imports = db.rows("SELECT count(*) FROM audit WHERE who = ? AND action = 'import'", (who_i,))[0][0]
    ok(adds == len(acked_dialogs) and closes == len(acked_closes),
       "the audit has one entry per write, under the token (%d adds, %d closes)" % (adds, closes),
       "audit: %d adds, %d closes; acknowledged %d, %d" % (adds, closes, len(acked_dialogs), len(acked_closes)))
    ok(imports == len(acked_imports), "the audit has one entry per import (%d)" % imports,
       "audit %d, acknowledged %d" % (imports, len(acked_imports)))
    ok(db.integrity_ok(), "integrity_check after the load")


def suite_kill(work):
    db, tokens = setup(work, 500)
    srv = Server(ARGS.treue, db.url, work, ARGS.threads)
    srv.start()
    acked = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(n):
        c = Client(srv.port, tokens["write"]["token"])
        i = 0
        while not stop.is_set():
            i += 1
            text = "kill-%d-%d" % (n, i)
            try:
                st, _, body = c.request("POST", "/dialogs", json.dumps({"customer_id": "K10001", "support": text}))
            except Exception:  # noqa: the server is gone
                return
            if st == 201:
                with lock:
                    acked.append(text)

    ths = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in ths:
        t.start()
    time.sleep(2)
    srv.kill9()
    stop.set()
    for t in ths:
        t.join()
    ok(db.integrity_ok(), "kill -9 during writes: integrity_check ok")
    stored = set(r[0] for r in db.rows("SELECT support FROM dialog WHERE support LIKE 'kill-%'"))
    lost = [t for t in acked if t not in stored]
    ok(acked and not lost, "kill -9 during writes: no acknowledged write is lost (%d acknowledged, %d stored)"
       % (len(acked), len(stored)), repr(lost[:5]))
    # a large import, killed half-way: all of it or nothing
    srv.start()
    rows = ARGS.import_rows
    csv = "Kd-Nr;Datum;Umsatz;Belegnr\n" + "".join(
        "K1%04d;%02d.09.2026;%d,00;BIG-%d\n" % (j % 400 + 1, 1 + j % 28, 5 + j % 100, j) for j in range(rows))
    result = {}

    def importer():
        c = Client(srv.port, tokens["import"]["token"])
        try:
            result["status"] = c.request("POST", "/import/orders", csv, ctype="text/csv", timeout=300)[0]
        except Exception as e:  # noqa
            result["error"] = str(e)

    t = threading.Thread(target=importer)
    t.start()
    # kill while it writes: once the temporary file of the body is there
    deadline = time.time() + 60
    while time.time() < deadline and not any(".tmp-" in f for f in os.listdir(work)):
        time.sleep(0.01)
    time.sleep(0.3)
    srv.kill9()
    t.join()
    ok(db.integrity_ok(), "kill -9 during an import: integrity_check ok")
    n = db.rows("SELECT count(*) FROM orders WHERE order_id LIKE 'BIG-%'")[0][0]
    ok(n in (0, rows) and (n == rows or result.get("status") != 200),
       "kill -9 during an import: all of it or nothing (%d of %d rows, answer %s)" % (n, rows, result.get("status", "none")))
    for f in os.listdir(work):
        if ".tmp-" in f:
            os.unlink(os.path.join(work, f))
    srv.start()
    c = Client(srv.port, tokens["read"]["token"])
    st, _, _ = c.request("GET", "/report")
    ok(st == 200, "after the kills the server starts and answers")
    ok(srv.stop() == 0, "... and stops cleanly")


class Browser:
    """A logged-in user of the pages: session cookie and CSRF token
    (tests/web/webclient.py's requests and login)."""

    def __init__(self, port, name, password):
        self.server = webclient.Server("http://127.0.0.1:%d" % port, timeout=120)
        cookies, r = self.server.login(name, password)
        self.session = cookies["__Host-treue"]
        if not self.session:
            raise RuntimeError("login failed: %d" % r.status)

    def request(self, method, path, form=None, cookies=None):
        return self.server.request(method, path, cookies or {"__Host-treue": self.session}, form)

    def post_form(self, path, form):
        """The form as a browser sends it: the CSRF token of the page first."""
        _, page = self.request("GET", path)
        form = dict(form, csrf=webclient.csrf(page) or "")
        return self.request("POST", path, form)


def fill(path):
    """Writes a file until the disk is full; returns its size."""
    n = 0
    with open(path, "wb", buffering=0) as f:
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    n += f.write(b"\0" * size)
            except OSError as e:
                if e.errno != errno.ENOSPC:
                    raise
    return n


def suite_disk(work):
    """The outer half: the database made here, the checks run in a user
    namespace where a tmpfs can be mounted."""
    if ARGS.pg:
        print("ok - load: a full disk gives clean errors # skip a server database's disk is "
              "the server's (the SQLite pass runs it)", flush=True)
        return
    if subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode != 0:
        print("ok - load: a full disk gives clean errors # skip no user namespace for a tmpfs "
              "(unshare -rm)", flush=True)
        return
    db, tokens = setup(work, 300)
    with open(os.path.join(work, "tokens.json"), "w") as f:
        json.dump(tokens, f)
    r = subprocess.run(["unshare", "-rm", sys.executable, os.path.abspath(__file__), ARGS.treue,
                        "--threads", str(ARGS.threads), "--disk-inside", work],
                       capture_output=True, text=True)
    sys.stdout.write(r.stdout)
    sys.stdout.flush()
    FAILED.extend(line for line in r.stdout.splitlines() if line.startswith("not ok"))
    ok(r.returncode == 0 or any(line.startswith("not ok") for line in r.stdout.splitlines()),
       "full disk suite ran to its end", r.stderr[-3000:])


def disk_inside(work):
    """The inner half, in the namespace: the database on an 16 MB tmpfs."""
    tfs = os.path.join(work, "tfs")
    os.mkdir(tfs)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", tfs], check=True)
    db = os.path.join(tfs, "load.db")
    shutil.copy(os.path.join(work, "load.db"), db)
    with open(os.path.join(work, "tokens.json")) as f:
        tokens = json.load(f)
    srv = Server(ARGS.treue, db, work, ARGS.threads)
    srv.start()
    w = Client(srv.port, tokens["write"]["token"])
    imp = Client(srv.port, tokens["import"]["token"])
    rd = Client(srv.port, tokens["read"]["token"])
    page = Browser(srv.port, "ada", "correct horse battery staple")
    pad = "x" * 16000
    acked, refused = [], []

    def dialog(text):
        st, _, body = w.request("POST", "/dialogs", json.dumps(
            {"customer_id": "K10001", "date": "2026-11-20", "support": text, "notes": pad}))
        (acked if st == 201 else refused).append(text)
        return st, body

    def orders_csv(tag, rows):
        return "Kd-Nr;Datum;Umsatz;Belegnr\n" + "".join(
            "K1%04d;%02d.10.2026;%d,00;%s-%d\n" % (j % 300 + 1, 1 + j % 28, 5 + j % 100, tag, j)
            for j in range(rows))

    def form(text):
        return page.post_form("/customers/K10001", {"form": "dialog", "date": "2026-11-21", "support": text})

    st, _ = dialog("disk-before")
    ok(st == 201, "full disk: a write before the disk is full", st)
    r, _ = form("page-before")
    ok(r.status == 303, "full disk: a page form before the disk is full", r.status)
    st, _, _ = rd.request("GET", "/report", fresh=True)
    ok(st == 200, "full disk: the report before", st)

    filler = os.path.join(tfs, "filler")
    fill(filler)
    # writes until one is refused: SQLite's log may still have room
    st, body = 201, b""
    for i in range(500):
        st, body = dialog("disk-full-%d" % i)
        if st != 201:
            break
    try:
        answer = json.loads(body)
    except ValueError:
        answer = {}
    ok(st == 507 and "the disk is full" in answer.get("message", ""),
       "full disk: an API write is refused with 507 naming the full disk",
       "%s %s" % (st, body[:300]))
    st, _, body = w.request("POST", "/dialogs?lang=de", json.dumps(
        {"customer_id": "K10001", "date": "2026-11-20", "support": "disk-full-de", "notes": pad}))
    refused.append("disk-full-de") if st != 201 else acked.append("disk-full-de")
    ok(st == 507 and "der Datenträger ist voll" in body.decode("utf-8", "replace"),
       "full disk: ... in German too", "%s %s" % (st, body[:300]))
    st, _, body = imp.request("POST", "/import/orders", orders_csv("FULL", 2000), ctype="text/csv", timeout=300)
    ok(st == 507 and b"the disk is full" in body,
       "full disk: an import whose body cannot be kept is refused with 507", "%s %s" % (st, body[:300]))
    # room for the body (about 2 MB) but not for the rows it adds
    size = os.path.getsize(filler)
    os.truncate(filler, size - (2560 << 10))
    big = orders_csv("FULL", 60000)
    st, _, body = imp.request("POST", "/import/orders", big, ctype="text/csv", timeout=300)
    ok(st == 507 and b"the disk is full" in body and b"tfs" not in body,
       "full disk: an import the database has no room for is refused with 507 (%d bytes)" % len(big),
       "%s %s" % (st, body[:300]))
    fill(filler + "2")
    # the log may have room again (the import's rolled-back pages): forms until one is refused
    for i in range(500):
        text = "page-full-%d" % i
        r, html = form(text)
        (acked if r.status == 303 else refused).append(text)
        if r.status != 303:
            break
    ok(r.status == 507 and "the disk is full" in html and "tfs" not in html,
       "full disk: a page form answers 507 with the error beside the form", r.status)
    # reads, also those that load the analysis of the newer data version
    for path in ("/report", "/customers/K10001", "/list/dialogs?limit=5", "/actions?limit=5"):
        st, _, body = rd.request("GET", path, fresh=True)
        ok(st == 200, "full disk: GET /api/v1%s is answered" % path.split("?")[0], "%s %s" % (st, body[:300]))
    r, html = page.request("GET", "/customers/K10001")
    ok(r.status == 200 and "disk-before" in html, "full disk: the customer page is answered", r.status)
    r, html = page.request("GET", "/overview")
    ok(r.status == 200, "full disk: the overview is answered", r.status)
    r, html = page.request("GET", "/journal/promises")
    ok(r.status == 200, "full disk: the journal is answered", r.status)

    os.unlink(filler)
    os.unlink(filler + "2")
    st, _ = dialog("disk-after")
    ok(st == 201, "full disk: once space is freed, the API writes again", st)
    r, _ = form("page-after")
    ok(r.status == 303, "full disk: ... and the page form", r.status)
    st, _, body = imp.request("POST", "/import/orders", orders_csv("AFTER", 2000), ctype="text/csv", timeout=300)
    ok(st == 200, "full disk: ... and an import", "%s %s" % (st, body[:300]))
    ok(srv.stop() == 0, "full disk: the server stops cleanly")

    con = sqlite3.connect(db)
    ok(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "full disk: integrity_check ok")
    stored = collections.Counter(r[0] for r in con.execute(
        "SELECT support FROM dialog WHERE support LIKE 'disk-%' OR support LIKE 'page-%'"))
    ok(all(stored[t] == 1 for t in acked + ["page-before", "page-after"]),
       "full disk: every acknowledged write is there once (%d)" % (len(acked) + 2),
       repr([t for t in acked if stored[t] != 1][:5]))
    ok(refused and not any(stored[t] for t in refused), "full disk: no refused write is there (%d)" % len(refused),
       repr([t for t in refused if stored[t]][:5]))
    n_full = con.execute("SELECT count(*) FROM orders WHERE order_id LIKE 'FULL-%'").fetchone()[0]
    n_after = con.execute("SELECT count(*) FROM orders WHERE order_id LIKE 'AFTER-%'").fetchone()[0]
    ok(n_full == 0 and n_after == 2000, "full disk: the refused import left nothing, the later one all (%d, %d)"
       % (n_full, n_after))
    con.close()
    left = [f for f in os.listdir(tfs) if ".tmp-" in f]
    ok(not left, "full disk: no temporary file is left", repr(left))


def raw(port, data, source="127.0.0.1", wait=2.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=wait, source_address=(source, 0))
    s.sendall(data)
    try:
        return s.recv(4096)
    except OSError:
        return b""
    finally:
        s.close()


def fast(secs):
    """Timed checks only with --timed (make load): tests assert no times."""
    return not ARGS.timed or secs < 2


def quick(port, token, source="127.0.0.2"):
    """A user from another address: answered, and fast."""
    t0 = time.time()
    c = Client(port, token, source=source)
    st, _, _ = c.request("GET", "/me", timeout=10)
    return st == 200, time.time() - t0


def suite_hostile(work):
    db, tokens = setup(work, 300)
    srv = Server(ARGS.treue, db.url, work, ARGS.threads, timeout=3)
    srv.start()
    tok = tokens["read"]["token"]
    rss0 = rss_kb(srv.proc.pid)
    # hundreds of connections from one address
    socks = []
    for _ in range(400):
        try:
            socks.append(socket.create_connection(("127.0.0.1", srv.port), timeout=2))
        except OSError:
            break
    fine, secs = quick(srv.port, tok)
    ok(fine and fast(secs), "400 connections from one address: another address is answered (%.2f s)" % secs)
    dropped = 0
    for s in socks:
        try:
            s.settimeout(0.01)
            if s.recv(1) == b"":
                dropped += 1
        except socket.timeout:
            pass
        except OSError:
            dropped += 1
    ok(dropped >= 400 - 32, "... all but 32 of them are closed at once (%d closed)" % dropped)
    for s in socks:
        s.close()
    # a 100 MB body, declared: refused before it is read
    ans = raw(srv.port, b"POST /api/v1/dialogs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + tok.encode()
              + b"\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{")
    ok(b" 413 " in ans.split(b"\r\n")[0], "a declared 100 MB body: 413 before it is read", ans[:200])
    # a 100 MB body, chunked: read to its cap, then the connection is dropped
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall(b"POST /api/v1/import/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + tokens["import"]["token"].encode() + b"\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"a" * (1 << 20)
    sent = 0
    try:
        while sent < 100 << 20:
            s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            sent += len(chunk)
    except OSError:
        pass
    s.close()
    ok(sent < 100 << 20, "a chunked 100 MB body is cut off (%d MB sent)" % (sent >> 20))
    fine, secs = quick(srv.port, tok)
    ok(fine and fast(secs), "... while another user is answered (%.2f s)" % secs)
    ok(rss_kb(srv.proc.pid) - rss0 < (200 + (512 if ASAN else 0)) * 1024, "... and the server did not keep the body (%.0f MB now)" % (rss_kb(srv.proc.pid) / 1024))
    # headers that stop: closed after the timeout (3 s here)
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall(b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n")
    t0 = time.time()
    try:
        got = s.recv(100)
    except OSError:
        got = b""
    ok(got == b"" and (not ARGS.timed or time.time() - t0 < 8), "a client that stops sending is closed after the timeout (%.1f s)" % (time.time() - t0))
    s.close()
    # a body one byte a second: dropped once it is slower than the minimum rate after the timeout
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
    s.sendall(b"POST /api/v1/dialogs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + tokens["write"]["token"].encode()
              + b"\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
    t0 = time.time()
    cut = False
    while time.time() - t0 < 15:
        try:
            s.sendall(b" ")
            s.settimeout(1.0)
            if s.recv(100) == b"":
                cut = True
                break
        except socket.timeout:
            continue
        except OSError:
            cut = True
            break
    s.close()
    ok(cut, "a body sent one byte a second is cut off (after %.0f s)" % (time.time() - t0))
    # slow headers from many connections do not hold the workers
    slow = []
    for _ in range(30):
        x = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        x.sendall(b"GET /api/v1/me HTTP/1.1\r\n")
        slow.append(x)
    fine, secs = quick(srv.port, tok)
    ok(fine and fast(secs), "30 clients sending headers slowly: another user is answered (%.2f s)" % secs)
    for x in slow:
        x.close()
    ok(srv.stop() == 0, "the server stops cleanly after the hostile clients")


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("treue")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--readers", type=int, default=6)
    ap.add_argument("--writers", type=int, default=3)
    ap.add_argument("--customers", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--suite", default="load,kill,disk,hostile")
    ap.add_argument("--disk-inside", help=argparse.SUPPRESS)  # suite_disk's inner half
    ap.add_argument("--import-rows", type=int, default=300000)
    ap.add_argument("--pg", default="", help="a PostgreSQL server's URL: the databases go there")
    ap.add_argument("--timed", action="store_true",
                    help="also require others to be answered within 2 s (make load)")
    ARGS = ap.parse_args()
    if ARGS.disk_inside:
        try:
            disk_inside(ARGS.disk_inside)
        except Exception:  # noqa
            import traceback
            ok(False, "full disk suite ran to its end", traceback.format_exc())
        sys.exit(1 if FAILED else 0)
    for name in ARGS.suite.split(","):
        work = tempfile.mkdtemp(prefix="treue-load-")
        try:
            {"load": suite_load, "kill": suite_kill, "disk": suite_disk, "hostile": suite_hostile}[name](work)
        except Exception as e:  # noqa
            import traceback
            detail = traceback.format_exc()
            err = os.path.join(work, "serve.err")
            if os.path.exists(err):  # what the server said (a sanitizer's report)
                with open(err, errors="replace") as f:
                    detail += "server's stderr, last lines:\n" + "".join(f.readlines()[-40:])
            ok(False, "%s suite ran to its end" % name, detail)
        finally:
            shutil.rmtree(work, ignore_errors=True)
            if ARGS.pg:
                try:
                    Db.drop_all()
                except RuntimeError as e:
                    print("# %s" % e)
    print("# load: %d failed" % len(FAILED))
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
