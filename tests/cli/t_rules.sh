# t_rules.sh — the action list and the journal reports agree at the edges of
# the rules they share (one home each in the model): a promise due on D − 1
# and still open is overdue, one due on D is not yet; a promise closed on D
# was still open at D; a dialogue exactly dialog_days ago is not "over
# dialog_days" (no dialogue due), one a day older is.  D = 2026-11-24.
. "$(dirname "$0")/lib.sh"
D=2026-11-24
t init
printf 'customer;name;date;revenue;order id\nK1;Eins;01.11.2026;100,00;R-1\nK2;Zwei;01.11.2026;100,00;R-2\nK3;Drei;01.11.2026;100,00;R-3\nK4;Vier;01.11.2026;100,00;R-4\n' >"$WORK/o.csv"
t import orders "$WORK/o.csv"
expect_rc "orders imported" 0
t add promise --customer K1 --what "due on D-1" --made-on 2026-11-01 --due 2026-11-23
t add promise --customer K2 --what "due on D" --made-on 2026-11-01 --due 2026-11-24
t add promise --customer K3 --what "due on D-1, kept on D" --made-on 2026-11-01 --due 2026-11-23
t close promise 3 --kept --on 2026-11-24
t add dialog --customer K1 --date 2026-05-28 --touchpoint sales   # exactly 180 days before D
t add dialog --customer K2 --date 2026-05-27 --touchpoint sales   # 181 days
t add dialog --customer K4 --date 2026-11-23 --touchpoint sales   # yesterday

# the action list (open promises, overdue ones, no dialogue for over 180 days)
t actions --as-of $D --format csv
expect_rc "actions" 0
act() { python3 - "$WORK/out" "$1" "$2" <<'PY'
import csv, sys
rows = {r["customer_id"]: r for r in csv.DictReader(open(sys.argv[1]))}
print(rows[sys.argv[2]][sys.argv[3]])
PY
}
expect_eq "actions: due on D-1 is overdue" "$(act K1 overdue_promises)" 1
expect_eq "actions: due on D is open, not overdue" "$(act K2 overdue_promises)/$(act K2 open_promises)" 0/1
expect_eq "actions: closed on D is still open (and overdue) at D" "$(act K3 overdue_promises)" 1
t actions --as-of $D --format json
python3 - "$WORK/out" >"$WORK/due" <<'PY'
import json, sys
for a in json.load(open(sys.argv[1]))["actions"]:
    print(a["customer_id"], "no dialogue" in a["due"])
PY
expect_eq "actions: dialogue exactly 180 days ago is not due" "$(grep '^K1 ' "$WORK/due")" "K1 False"
expect_eq "actions: 181 days ago is due" "$(grep '^K2 ' "$WORK/due")" "K2 True"
expect_eq "actions: never is due" "$(grep '^K3 ' "$WORK/due")" "K3 True"
expect_eq "actions: yesterday is not due" "$(grep '^K4 ' "$WORK/due")" "K4 False"
grep True "$WORK/due" | cut -d' ' -f1 | sort >"$WORK/act_dialog"

# report promises at the same D: the same promises overdue and open
t report promises --as-of $D --format csv
expect_rc "report promises" 0
grep '^overdue,' "$WORK/out" | cut -d, -f3 | sort | tr '\n' ' ' >"$WORK/p_over"
grep '^due_soon,' "$WORK/out" | cut -d, -f3 | sort | tr '\n' ' ' >"$WORK/p_soon"
expect_eq "report promises: overdue as on the action list" "$(cat "$WORK/p_over")" "K1 K3 "
expect_eq "report promises: due on D is due soon" "$(cat "$WORK/p_soon")" "K2 "
expect_out "report promises: overdue by one day at D" '^overdue,1,K1,.*,2026-11-23,1,'

# list promises --overdue at the same D: the report's overdue promises
t list promises --overdue --as-of $D --format csv
expect_rc "list promises --overdue" 0
python3 - "$WORK/out" <<'PY' | sort | tr '\n' ' ' >"$WORK/l_over"
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    print(r["customer_id"])
PY
expect_eq "list --overdue: the report's overdue promises (due on D-1, closed on D)" "$(cat "$WORK/l_over")" "$(cat "$WORK/p_over")"

# report cadence at the same D: the same customers without a recent dialogue
t report cadence --as-of $D --format csv
expect_rc "report cadence" 0
tail -n +2 "$WORK/out" | cut -d, -f1 | sort >"$WORK/cad"
if cmp -s "$WORK/cad" "$WORK/act_dialog"; then ok "report cadence lists whom actions says nobody talked to"; else notok "report cadence lists whom actions says nobody talked to" "$(cat "$WORK/cad") vs $(cat "$WORK/act_dialog")"; fi
expect_out "cadence counts days to D" '^K2,Zwei,,.*,2026-05-27,181,'
# the journal reports read dialog_days from the settings
t settings dialog_days 181
t report cadence --as-of $D --format csv
expect_no_out "cadence follows the dialog_days setting" '^K2,'
t actions --as-of $D --format json
python3 - "$WORK/out" >"$WORK/due" <<'PY'
import json, sys
for a in json.load(open(sys.argv[1]))["actions"]:
    print(a["customer_id"], "no dialogue" in a["due"])
PY
expect_eq "actions follows it too" "$(grep '^K2 ' "$WORK/due")" "K2 False"

