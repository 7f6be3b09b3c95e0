#!/usr/bin/env python3
"""german_check.py --db DB --lang de|en FILE... — reads treue's text output
as a German (or English) reader would and reports what a translation left
undone, one line per finding ("FILE:LINE: what: the line"), and exits 1
when there is any.

German (--lang de):
  - an English code word or status of the terminology table (docs/
    VOCABULARY.md: open, kept, sales, extra_mile, apostles, P(alive), ...)
    or a common English word (the, and, of, since, due, ...);
  - an old term the vocabulary replaced: Versprechen (Zusage), Dialog,
    Dialoge, Gespräch, Gespräche (Kundengespräch) — the synonym lists are
    in the sources, not in the output, so any of these is a finding;
  - a date written the ISO way (2026-11-24): German text writes 24.11.2026;
  - a plural hack: "(s)", "(en)", "(e)", "(n)";
  - an amount without grouping (12345,67 or 12345.67).
English (--lang en):
  - a plural hack, an amount without grouping;
  - "1" before a plural noun ("1 orders", "1 days") and the German
    counterpart "1 Aufträge", "1 Tagen".

What is not treue's wording is left out before the checks: the data
(customer names, industries, regions, owners and every free text of the
journal, read from DB, also as cut to a column with "…"), option names
(--kept), the usage block of --help ("Aufruf:" and its continuation lines),
references to commands (`treue close promise`) and setting keys
(dialog_days).
"""
import argparse
import re
import sqlite3
import sys

CODE_WORDS = """
apostle apostles loyal opportunist opportunists hostage hostages defector
defectors terrorist terrorists unmeasured prospect prospects lapsed departed
retention open kept broken renegotiated resolved dialogue dialogues dialog
dialogs follow-up follow-ups sales service billing management other extra_mile
tnt promoter promoters passive passives detractor detractors owner trust
satisfaction bond customer customers promise promises complaint complaints
story stories referral referrals departure departures survey surveys order
orders
""".split()
PHRASES = [
    "silent leaver", "not yet asked", "former customer", "reference date",
    "extra mile", "tiny noticeable", "account manager", "probability still active",
    "perceived value", "P(alive)", "P(aktiv)", "Bindungsrate ", "Versprechen",
    "ungemessen", "Ungemessen",
]
# lower-case English words that are no German words (German shares "was",
# "will", "so", "in", "also", "man", "die", "hat", "bin", "war", "alle")
ENGLISH = """
the and of with not yes is are on to from for at or by since due days day
late overdue changed recorded closed deleted added imported success warning
error usage options none yet year years revenue margin value values entries
entry rows row read written nothing more than this that which who what when
where why how new old file files date dates reason reasons description root
cause notes channel employee competitor comment recommend name industry region
kind kinds week weeks default help see only each every one two three first
last next before after without within over into active silent segment
segments model fitted converged iterations left right found count counts
per-year lost usually expected purchase purchases mean median share
""".split()
OLD_TERMS = re.compile(r"\bDialog(?:e|en|s)?\b|\bGespräch(?:e|en)?\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
HACK = re.compile(r"\w\((s|en|e|n|er)\)")
UNGROUPED = re.compile(r"(?<![\d.,])\d{4,}[.,]\d{2}\b")
EN_ONE_PLURAL = re.compile(
    r"(?<![\d.,=])1 (orders|days|customers|promises|complaints|dialogues|entries|rows|"
    r"years|weeks|stories|referrals|departures|surveys|answers|purchase days|"
    r"active customers|errors|Aufträge|Tagen|Tage|Zusagen|Reklamationen|"
    r"Kundengespräche|Einträge|Zeilen|Jahre|Jahren|Wochen|Geschichten|Antworten|"
    r"Kauftagen|Empfehlungen|Abgänge|Umfragen)\b")

FREE_TEXT = {
    "customer": ["name", "industry", "region", "owner"],
    "survey": ["comment"],
    "dialog": ["channel", "employee", "support", "improve", "notes"],
    "promise": ["what", "owner"],
    "complaint": ["reason_text", "description", "why1", "why2", "why3", "why4", "why5",
                  "root_cause"],
    "story": ["what", "employee", "situation", "outcome"],
    "departure": ["reason", "competitor"],
}
CUT_WIDTHS = (14, 15, 25, 30)


def data_values(db):
    vals = set()
    if not db:
        return []
    con = sqlite3.connect(db)
    for table, cols in FREE_TEXT.items():
        for col in cols:
            for (v,) in con.execute(f"select distinct {col} from {table} where {col} is not null"):
                v = str(v)
                if len(v) < 3:
                    continue
                vals.add(v)
                for line in v.split("\n"):
                    if len(line) >= 3:
                        vals.add(line)
                for w in CUT_WIDTHS:
                    if len(v) > w:
                        vals.add(v[:w - 1] + "…")
    con.close()
    return sorted(vals, key=len, reverse=True)


COMMANDS = """init import demo report segments actions agenda customer movement whatif fit add
list close edit delete export erase audit settings bench serve user migrate""".split()


def strip_syntax(text):
    out, in_usage = [], False
    for line in text.split("\n"):
        # the command list of `treue --help`: "  segments   das Segment ..."
        m = re.match(r"  ([a-z]+)  +", line)
        if m and m.group(1) in COMMANDS:
            line = " " * m.end() + line[m.end():]
        if line.startswith(("Aufruf:", "usage:")):
            in_usage = True
            out.append("")
            continue
        if in_usage and line.startswith(("       ", "   or:", "   oder:")):
            out.append("")
            continue
        in_usage = False
        line = re.sub(r"--[a-z][a-z0-9-]*", " ", line)
        line = re.sub(r"\btreue( [a-z]+)( [a-z_]+)?", " ", line)
        out.append(line)
    return "\n".join(out)


def check(path, text, lang, data):
    found = []
    for v in data:
        if v in text:
            text = text.replace(v, " ")
    text = strip_syntax(text)
    for n, line in enumerate(text.split("\n"), 1):
        what = []
        if HACK.search(line):
            what.append("plural hack " + HACK.search(line).group(0))
        if UNGROUPED.search(line):
            what.append("amount without grouping " + UNGROUPED.search(line).group(0))
        if lang == "de":
            if ISO_DATE.search(line):
                what.append("ISO date " + ISO_DATE.search(line).group(0))
            for p in PHRASES:
                if p in line:
                    what.append("English or old term '%s'" % p.strip())
            for m in OLD_TERMS.finditer(line):
                what.append("old term '%s'" % m.group(0))
            words = set(re.findall(r"[A-Za-z][A-Za-z_-]*[A-Za-z]|[A-Za-z]", line))
            for w in sorted(words & (set(CODE_WORDS) | set(ENGLISH))):
                what.append("English word '%s'" % w)
        if EN_ONE_PLURAL.search(line):
            what.append("singular count with a plural noun '%s'" % EN_ONE_PLURAL.search(line).group(0))
        for w in what:
            found.append("%s:%d: %s: %s" % (path, n, w, line.strip()))
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--lang", default="de")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    data = data_values(a.db)
    found = []
    for f in a.files:
        with open(f, encoding="utf-8") as fh:
            found += check(f, fh.read(), a.lang, data)
    for x in found:
        print(x)
    print("checked %d files, %d findings" % (len(a.files), len(found)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
