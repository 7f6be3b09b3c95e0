#!/bin/sh
# t_journal_list.sh — treue list: every kind in text, JSON and CSV (golden),
# the filters, and the usage errors.
. "$(dirname "$0")/lib.sh"
. "$DATA/journal/fixture.sh"
G="$DATA/journal"
# golden NAME FILE: like expect_golden; TREUE_UPDATE_GOLDEN=1 rewrites FILE
golden() { if [ -n "${TREUE_UPDATE_GOLDEN:-}" ]; then cp "$WORK/out" "$2"; ok "$1 (updated)"; else expect_golden "$1" "$2"; fi; }
rows() { grep -c '^[0-9]' "$WORK/out"; }

t list dialogs
golden "list dialogs (text)" "$G/list_dialogs.txt"
t list promises --format json
golden "list promises (json)" "$G/list_promises.json"
t list complaints --format csv
golden "list complaints (csv)" "$G/list_complaints.csv"
t --lang de list stories
golden "list stories (text, German)" "$G/list_stories_de.txt"
t list referrals
golden "list referrals (text)" "$G/list_referrals.txt"
t list departures --format csv
golden "list departures (csv)" "$G/list_departures.csv"
t list surveys --format json
golden "list surveys (json)" "$G/list_surveys.json"
t list Versprechen --format csv
expect_out "kinds by their German name" '^id,customer_id,name,made_on,due_on,what'

# filters
t list dialogs --customer A100 --format csv
expect_eq "--customer" "$(rows)" 2
t list dialogs --customer "Bergmann" --format csv
expect_eq "--customer by name prefix" "$(rows)" 2
t list referrals --customer E500 --format csv
expect_eq "--customer finds referrals received" "$(rows)" 1
t list promises --open --format csv
expect_eq "--open promises" "$(rows)" 4
t list complaints --open --format csv
expect_eq "--open complaints" "$(rows)" 1
t list promises --due-within 14d --format csv
expect_eq "--due-within 14d (overdue ones included)" "$(rows)" 3
t list promises --due-within 3 --format csv
expect_out "--due-within 3 days keeps the one due on the 27th" '^1,A100,'
expect_eq "--due-within 3 days" "$(rows)" 2
t list promises --overdue
expect_out "--overdue" '^#2  due 2026-11-10  B200 Bergmann Maschinenbau AG$'
expect_eq "--overdue finds one" "$(grep -c '^#' "$WORK/out")" 1
t --as-of 2026-12-01 list promises --overdue --format csv
expect_eq "--overdue as of another day (due on D − 1 and open at D is overdue, as in report promises)" "$(rows)" 3
t list dialogs --week 2026-W47 --format csv
expect_eq "--week" "$(rows)" 2
t list promises --week 2026-W48 --format csv
expect_eq "--week for promises goes by the due date" "$(rows)" 1
t list stories --employee ben --format csv
expect_eq "--employee (case-insensitive prefix)" "$(rows)" 2
t list promises --owner Anna --format csv
expect_eq "--owner for promises: theirs, else the account manager's" "$(rows)" 5
t list dialogs --owner Anna --format csv
expect_eq "--owner for dialogues: the account manager's customers" "$(rows)" 3
t list dialogs --since 2026-11-01 --format csv
expect_eq "--since" "$(rows)" 2
t list dialogs --limit 1 --format csv
expect_eq "--limit" "$(rows)" 1
t list complaints --customer D400
expect_out "an empty list says so" '^no entries$'
t --lang de list complaints --customer D400
expect_out "an empty list says so in German" '^keine Einträge$'
t list complaints --customer D400 --format json
expect_out "an empty JSON list" '^\[\]$'

# usage errors
t list
expect_rc "list without a kind" 2
t list orders
expect_rc "list of an unknown kind" 2
t list dialogs --open
expect_rc "--open on dialogues" 2
expect_err "--open on dialogues: message" '--open applies to promises and complaints'
t list complaints --overdue
expect_rc "--overdue on complaints" 2
t list surveys --employee Ben
expect_rc "--employee on surveys" 2
t list promises --due-within soon
expect_rc "--due-within that is no duration" 2
t list dialogs --week 2026-47
expect_rc "a week that is no ISO week" 2
expect_err "a week that is no ISO week: message" 'is not an ISO week like 2026-W47'
t list dialogs --customer Z999
expect_rc "list for an unknown customer" 1
