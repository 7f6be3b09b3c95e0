#!/usr/bin/env python3
"""sql_pg.py — a test's SQLite query in PostgreSQL's words (tests/cli/lib.sh,
sql() in the PostgreSQL pass), so that the checks of the CLI tests that read
the database directly run on both backends.  It knows only the few idioms
the tests use:

  group_concat(x[, sep])    string_agg(CAST(x AS text), sep or ',')
  date(e, 'unixepoch')      the UTC date of the Unix time e, YYYY-MM-DD
  julianday(e)              the Julian day number of the date e
  "text"                    'text' (SQLite takes it as a string)
  from (subquery)           from (subquery) AS sub (PostgreSQL 15 wants a name)

Prints the rewritten query on standard output.
"""
import re
import sys


def closing(s, i):
    """Index of the parenthesis closing the one at s[i]."""
    depth, q = 0, None
    for j in range(i, len(s)):
        c = s[j]
        if q:
            if c == q:
                q = None
            continue
        if c in "'\"":
            q = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
    raise SystemExit("sql_pg.py: unbalanced parentheses in: " + s)


def split_args(s):
    out, depth, q, cur = [], 0, None, ""
    for c in s:
        if q:
            cur += c
            if c == q:
                q = None
            continue
        if c in "'\"":
            q = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        cur += c
    out.append(cur.strip())
    return out


def rewrite(s):
    out, i = "", 0
    call = re.compile(r"\b(group_concat|date|julianday)\s*\(", re.I)
    while True:
        m = call.search(s, i)
        if not m:
            return out + s[i:]
        open_ = m.end() - 1
        close = closing(s, open_)
        args = [rewrite(a) for a in split_args(s[open_ + 1:close])]
        name = m.group(1).lower()
        if name == "group_concat":
            sep = args[1] if len(args) > 1 else "','"
            new = "string_agg(CAST(%s AS text), %s)" % (args[0], sep)
        elif name == "date" and len(args) == 2 and args[1] == "'unixepoch'":
            new = "to_char(to_timestamp(%s) AT TIME ZONE 'UTC', 'YYYY-MM-DD')" % args[0]
        elif name == "julianday":
            new = "(CAST(%s AS date) - DATE '2000-01-01' + 2451544.5)" % args[0]
        else:
            new = s[m.start():close + 1]
        out += s[i:m.start()] + new
        i = close + 1


def quotes(s):
    """Double-quoted strings become single-quoted ones."""
    out, q = "", None
    for c in s:
        if q:
            if c == q:
                q = None
                c = "'" if c == '"' else c
            out += c
            continue
        if c == "'":
            q = c
        elif c == '"':
            q, c = '"', "'"
        out += c
    return out


def aliases(s):
    """Every subquery in FROM gets a name."""
    out, i = "", 0
    sub = re.compile(r"\bfrom\s*\(", re.I)
    while True:
        m = sub.search(s, i)
        if not m:
            return out + s[i:]
        close = closing(s, m.end() - 1)
        inner = aliases(s[m.end():close])
        out += s[i:m.end()] + inner + ")"
        i = close + 1
        rest = s[i:].lstrip()
        if not re.match(r"(as\b|[a-z_]\w*)", rest, re.I) or re.match(
                r"(where|order|group|join|limit|union)\b", rest, re.I):
            out += " AS sub"


print(aliases(rewrite(quotes(sys.argv[1]))))
