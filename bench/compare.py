#!/usr/bin/python3
"""compare.py — do two tools agree on the loyalty report?

    /usr/bin/python3 bench/compare.py REFDIR OTHERDIR...

Each directory holds one tool's segments.csv (header customer_id,segment,...
one row per segmented customer, sorted by customer_id), actions.csv (header
priority,customer_id,... in action-list order) and summary.json (the SPEC §5
report object: retention, segments, nps, customers, lapsed, departed,
prospects).  Only the first two columns of the CSV files count, so treue's
wider output compares with the peers' two-column files.

Silent leavers (SPEC §3: active customers whose P(alive) from the purchase
model is below 0.5, listed in priority 1 whatever their segment) are the one
part the peers cannot compute.  An actions.csv with a `silent` column (treue's
fifth, the fixture's third) names them; their rows are left out of the
comparison of the action list on both sides (every other row must still be
in the same place), and when both sides name them, their sets must agree.
Segments are not affected: a silent leaver keeps its segment.

Prints the first 10 differences of each kind and exits 1 when anything
differs.
"""
import csv
import json
import os
import sys

SHOW = 10


def read_pairs(path):
    """The first two fields of every row after the header, as tuples of str."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows, None)
        if header is None:
            raise ValueError(f"{path}: empty file")
        return header[:2], [tuple(r[:2]) for r in rows if r]


def read_silent(path):
    """(priority, customer_id) of the rows marked silent (1) in the `silent`
    column, or None when the file has no such column."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows, None) or []
        if "silent" not in header:
            return None
        k = header.index("silent")
        return {(r[0], r[1]) for r in rows if len(r) > k and r[k] == "1"}


def read_summary(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def diff_lists(name, ref, other, out, names=("expected", "got")):
    """Appends up to SHOW differences between two lists of rows; returns their count."""
    n = 0
    for i in range(max(len(ref), len(other))):
        a = ref[i] if i < len(ref) else None
        b = other[i] if i < len(other) else None
        if a != b:
            if n < SHOW:
                out.append(f"  {name} row {i + 1}: {names[0]} {','.join(a) if a else '(none)'}"
                           f", {names[1]} {','.join(b) if b else '(none)'}")
            n += 1
    if len(ref) != len(other):
        out.append(f"  {name}: {names[0]} {len(ref)} rows, {names[1]} {len(other)} rows")
    return n


def summary_items(s):
    """The comparable numbers of a report object, as (name, value, tolerance)."""
    r, g, n = s.get("retention", {}), s.get("segments", {}), s.get("nps", {})
    items = [("as_of", s.get("as_of"), None),
             ("retention.previous_buyers", r.get("previous_buyers"), None),
             ("retention.retained", r.get("retained"), None),
             ("retention.rate", r.get("rate"), 1e-4),
             ("nps.promoters", n.get("promoters"), None),
             ("nps.passives", n.get("passives"), None),
             ("nps.detractors", n.get("detractors"), None),
             ("nps.score", n.get("score"), 0.051),
             ("customers", s.get("customers"), None),
             ("lapsed", s.get("lapsed"), None),
             ("departed", s.get("departed"), None),
             ("prospects", s.get("prospects"), None)]
    for k in ["apostle", "loyal", "opportunist", "hostage", "defector", "terrorist", "unmeasured"]:
        items.append((f"segments.{k}", g.get(k), None))
    return items


def diff_segments(ref, other, out, names=("expected", "got")):
    """Segments compare by customer: missing, extra, or in another segment;
    then the row order (both should be sorted by customer_id)."""
    a, b = dict(ref), dict(other)
    n = 0
    for cid in sorted(set(a) | set(b), key=lambda x: x.encode("utf-8")):
        if a.get(cid) != b.get(cid):
            if n < SHOW:
                out.append(f"  segments {cid}: {names[0]} {a.get(cid, '(none)')}, {names[1]} {b.get(cid, '(none)')}")
            n += 1
    if len(a) != len(ref) or len(b) != len(other):
        out.append("  segments: a customer appears more than once")
        n += 1
    if n == 0 and [c for c, _ in ref] != [c for c, _ in other]:
        out.append("  segments: same rows in a different order")
        n += 1
    return n


def diff_summary(ref, other, out, names=("expected", "got")):
    n = 0
    for (name, a, tol), (_, b, _) in zip(summary_items(ref), summary_items(other)):
        same = a == b
        if not same and tol is not None and a is not None and b is not None:
            same = abs(float(a) - float(b)) <= tol
        if not same:
            out.append(f"  summary {name}: {names[0]} {a}, {names[1]} {b}")
            n += 1
    return n


def compare(ref_dir, other_dir, names=("expected", "got"), info=None):
    """names: how the two sides are called in the messages.  Returns (number
    of differences, list of message lines).  info, a dict when given,
    receives "silent_left_out": how many silent rows were left out of the
    action list's comparison."""
    out, n = [], 0
    for name in ["segments.csv", "actions.csv"]:
        try:
            _, a = read_pairs(os.path.join(ref_dir, name))
            _, b = read_pairs(os.path.join(other_dir, name))
        except (OSError, ValueError, StopIteration) as e:
            out.append(f"  {name}: {e}")
            n += 1
            continue
        if name == "segments.csv":
            n += diff_segments(a, b, out, names)
            continue
        sa = read_silent(os.path.join(ref_dir, name))
        sb = read_silent(os.path.join(other_dir, name))
        for side, rows in zip(names, (sa, sb)):
            for p, cid in sorted(rows or (), key=lambda r: r[1].encode("utf-8")):
                if p != "1":
                    out.append(f"  silent leaver {cid}: {side} lists it in priority {p}, not 1")
                    n += 1
        sa = {cid for _, cid in sa} if sa is not None else None
        sb = {cid for _, cid in sb} if sb is not None else None
        if sa is not None and sb is not None and sa != sb:
            for cid in sorted(sa ^ sb, key=lambda x: x.encode("utf-8"))[:SHOW]:
                out.append(f"  silent leaver {cid}: {names[0]} {'yes' if cid in sa else 'no'},"
                           f" {names[1]} {'yes' if cid in sb else 'no'}")
            n += len(sa ^ sb)
        silent = (sa or set()) | (sb or set())
        if silent:
            a = [r for r in a if r[1] not in silent]
            b = [r for r in b if r[1] not in silent]
            out.append(f"  actions: {len(silent)} silent leavers left out of the comparison"
                       " (the purchase model's; the peers do not compute it)")
        if info is not None:
            info["silent_left_out"] = len(silent)
        n += diff_lists("actions", a, b, out, names)
    try:
        n += diff_summary(read_summary(os.path.join(ref_dir, "summary.json")),
                          read_summary(os.path.join(other_dir, "summary.json")), out, names)
    except (OSError, ValueError) as e:
        out.append(f"  summary.json: {e}")
        n += 1
    return n, out


def main(argv):
    if len(argv) < 3:
        print("usage: compare.py REFDIR OTHERDIR...", file=sys.stderr)
        return 2
    bad = 0
    for other in argv[2:]:
        n, lines = compare(argv[1], other)
        print(f"{other} vs {argv[1]}: {'equal' if n == 0 else f'{n} differences'}")
        for line in lines:
            print(line)
        bad += n
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
