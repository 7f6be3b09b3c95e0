# t_agenda.sh — `treue agenda`: on the default demo, every number of one
# account manager's week is found again in `actions`, `report promises`,
# `report cadence` and `list complaints`; the text fits a short block per
# priority; without --owner one section per person and the team's
# overview; --format csv, json and xlsx; filters that match nobody say so.
. "$(dirname "$0")/lib.sh"

t demo
expect_rc "the default demo" 0

# the first account manager of the team
t agenda --format json
expect_rc "agenda without --owner (json)" 0
cp "$WORK/out" "$WORK/all.json"
owner=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print([s["owner"] for s in d["sections"] if s["owner"] and s["team"]["customers"] > 0][0])' "$WORK/all.json")
[ -n "$owner" ] && ok "the demo has an account manager: $owner" || notok "the demo has an account manager"

t agenda --owner "$owner" --format json
expect_rc "agenda --owner (json)" 0
cp "$WORK/out" "$WORK/agenda.json"
t actions --owner "$owner" --format json
cp "$WORK/out" "$WORK/actions.json"
t report promises --owner "$owner" --within 7d --format json
cp "$WORK/out" "$WORK/promises.json"
t report cadence --owner "$owner" --format json
cp "$WORK/out" "$WORK/cadence.json"
t list complaints --open --owner "$owner" --format json
cp "$WORK/out" "$WORK/complaints.json"

run python3 - "$WORK" "$owner" <<'PY'
import json, sys
w, owner = sys.argv[1], sys.argv[2]
ag = json.load(open(w + "/agenda.json"))
acts = json.load(open(w + "/actions.json"))["actions"]
prom = json.load(open(w + "/promises.json"))
cad = json.load(open(w + "/cadence.json"))
cmps = json.load(open(w + "/complaints.json"))
bad = []
def check(what, a, b):
    if a != b:
        bad.append("%s: agenda %r, other %r" % (what, a, b))
assert len(ag["sections"]) == 1, [s["owner"] for s in ag["sections"]]
s = ag["sections"][0]
check("owner", s["owner"], owner)
check("the two dates", ag["as_of"], ag["journal_as_of"])
per = ag["per_priority"]
check("per priority", per, 3)
# calls: the first rows of each priority of `actions --owner`, in order
for p in range(1, 7):
    rows = [a for a in acts if a["priority"] == p]
    total = [x["customers"] for x in s["priorities"] if x["priority"] == p][0]
    check("customers of priority %d" % p, total, len(rows))
    calls = [c for c in s["calls"] if c["priority"] == p]
    check("calls of priority %d" % p, [c["customer_id"] for c in calls],
          [a["customer_id"] for a in rows[:per]])
    for c, a in zip(calls, rows):
        check("at stake " + c["customer_id"], c["revenue_at_stake"],
              round(a["revenue"] + a["revenue_previous"], 2))
        check("revenue " + c["customer_id"], c["revenue"], a["revenue"])
        check("why " + c["customer_id"], c["why"], a["why"])
        check("silent " + c["customer_id"], c["silent"], a["silent"])
        check("segment " + c["customer_id"], c["segment"], a["segment"])
# promises: report promises --within 7d
mine = [(p["id"], p["due_on"], p["days_late"]) for p in s["promises"] if p["overdue"]]
check("overdue promises", mine,
      [(p["id"], p["due_on"], p["days_overdue"]) for p in prom["overdue"]])
mine = [(p["id"], p["due_on"]) for p in s["promises"] if not p["overdue"]]
check("promises due soon", mine, [(p["id"], p["due_on"]) for p in prom["due_soon"]])
check("promises until", ag["due_until"], prom["due_until"])
rate = [o for o in prom["rates"]["owners"] if o["owner"] == owner]
if rate:
    check("promises due in the trust window", s["team"]["promises_due"], rate[0]["due"])
    check("promises honoured", s["team"]["promises_honoured"],
          rate[0]["kept_on_time"] + rate[0]["renegotiated_in_time"])
# complaints: list complaints --open, with their age
check("open complaints", sorted((c["id"], c["age_days"]) for c in s["complaints"]),
      sorted((c["id"], c["age_days"]) for c in cmps))
check("open complaints (team)", s["team"]["open_complaints"], len(cmps))
# customers nobody spoke to: report cadence
quiet = {}
for g in cad["groups"]:
    for r in g["customers_silent"]:
        quiet[r["customer_id"]] = (r["last_dialog"], r["days_since"], r["revenue"], g["segment"])
check("customers nobody spoke to", s["quiet_total"], cad["silent"])
check("active customers", s["team"]["customers"], cad["customers"])
check("all of them listed in json", len(s["quiet"]), cad["silent"])
for q in s["quiet"]:
    check("quiet " + q["customer_id"], (q["last_dialog"], q["days_since"], q["revenue"], q["segment"]),
          quiet.get(q["customer_id"]))
# follow-ups reached: the action list's follow_up column
fu = {a["customer_id"]: a["follow_up"] for a in acts}
for f in s["follow_ups"]:
    if f["late"] and f["customer_id"] in fu:
        check("follow-up " + f["customer_id"], f["follow_up"], fu[f["customer_id"]])
# silent leavers among the owner's active customers: the action list's silent column
check("silent leavers", s["team"]["silent_leavers"], sum(1 for a in acts if a["silent"]))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
expect_rc "every number of the agenda is found again in actions, report promises, report cadence and list complaints" 0

# the text: one short block per priority, the counts said
t agenda --owner "$owner"
expect_rc "agenda --owner (text)" 0
expect_out "a heading per priority with its count" '^1\. .* — 3 of [0-9]+$'
expect_out "the week's promises" '^Promises: [0-9]+ overdue, [0-9]+ due by '
expect_out "open complaints" '^Open complaints: [0-9]+$'
expect_out "customers nobody spoke to" '^Nobody spoke to: [0-9]+ active customers without a dialogue for over 180 days'
run awk '/^[1-6]\. /{if (n > 7) bad = 1; n = 1; next} /^$/{n = 0; next} n {n++} END{exit bad}' "$WORK/out"
expect_rc "each priority block fits in eight lines" 0
t --lang de agenda --owner "$owner"
expect_out "German" '^Zusagen: [0-9]+ überfällig'
expect_out "German amounts" '[0-9]\.[0-9]{3},[0-9]{2}'

# an owner matches on a start of the name, in any case and umlaut spelling
lower=$(printf '%s' "$owner" | cut -c1-4 | tr '[:upper:]' '[:lower:]')
t agenda --owner "$lower" --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if any(s["owner"]==sys.argv[2] for s in d["sections"]) else 1)' "$WORK/out" "$owner" &&
	ok "--owner matches a lower-case start" || notok "--owner matches a lower-case start"

# without --owner: the team, and one section per person
t agenda
expect_rc "agenda of everybody" 0
expect_out "the team's overview" '^The team$'
expect_out "a section per person" "^== $owner ==$"

# csv and xlsx
t agenda --owner "$owner" --format csv
expect_rc "agenda csv" 0
expect_out "csv header" '^section,owner,priority,customer_id,name,segment,silent,revenue_at_stake,revenue,id,date,due_on,days,'
expect_out "csv calls" "^call,$owner,1,"
expect_out "csv team row" "^team,$owner,"
cp "$WORK/out" "$WORK/agenda.csv"
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	t agenda --owner "$owner" --format xlsx --output "$WORK/agenda.xlsx"
	expect_rc "agenda --format xlsx" 0
	run /usr/bin/python3 "$TOP/tests/cli/xlsx_check.py" "$WORK/agenda.xlsx" "$WORK/agenda.csv"
	expect_rc "the agenda's workbook equals its CSV" 0
else
	skip "agenda --format xlsx" "python3-openpyxl is not installed"
fi

# filters that match nobody say so, with the names there are
t agenda --owner "Nobody-Here"
expect_rc "an unknown owner is an error" 1
expect_err "it names the known people" "known: .*$owner"
t actions --owner "Nobody-Here"
expect_rc "actions: an unknown owner is an error" 1
expect_err "actions: the known account managers" "no account manager's name starts with \"Nobody-Here\"; known: "
t actions --region "Atlantis"
expect_rc "actions: an unknown region is an error" 1
expect_err "actions: the known regions" 'no region starts with "Atlantis"; known: '
t segments --industry "Raumfahrt"
expect_rc "segments: an unknown industry is an error" 1
expect_err "segments: the known industries" 'no customer is in the industry "Raumfahrt"; known: '
t report cadence --segment "wizard"
expect_rc "cadence: an unknown segment is a usage error" 2
t report promises --owner "Nobody-Here"
expect_rc "report promises: an unknown owner is an error" 1
t list dialogs --owner "Nobody-Here"
expect_rc "list: an unknown owner is an error" 1
t agenda --per-priority 0 --days -1
expect_rc "bad numbers are usage errors" 2
