#!/bin/sh
# t_journal_close.sh — treue close, edit and delete: what they write (the
# SPEC §2 meaning of status, closed_on, due_on, resolved_on, whys), their
# messages and every validation error.
. "$(dirname "$0")/lib.sh"
. "$DATA/journal/fixture.sh"

# the fixture's closes, as stored
expect_eq "kept on time: status and closing date" "$(sql "SELECT status, date(closed_on*86400,'unixepoch') FROM promise WHERE id=3")" "kept|2026-09-14"
expect_eq "renegotiated: linked to its follow-up" "$(sql "SELECT status, renegotiated_to FROM promise WHERE id=6")" "renegotiated|8"
expect_eq "the follow-up: made on the renegotiation day, new due date, open" \
	"$(sql "SELECT cust = (SELECT cust FROM promise WHERE id=6), date(made_on*86400,'unixepoch'), date(due_on*86400,'unixepoch'), what, owner, status FROM promise WHERE id=8")" \
	"1|2026-10-15|2026-11-30|Quote for the bakery line|Anna|open"
expect_eq "resolved complaint: status, date, root cause" "$(sql "SELECT status, date(resolved_on*86400,'unixepoch'), root_cause FROM complaint WHERE id=1")" "resolved|2026-06-13|No reorder point for pumps"
expect_eq "whys appended after the recorded one, in order" "$(sql "SELECT why1 || '/' || why2 || '/' || why3 || '/' || coalesce(why4, '-') FROM complaint WHERE id=1")" "The supplier shipped late/Our order went out a week late/Nobody watched the stock level/-"

# close promise
t close promise 1 --kept --on 2026-11-23
expect_rc "close promise --kept" 0
expect_out "close promise --kept: message" '^promise 1 kept on 2026-11-23$'
t close promise 8 --kept
expect_rc "close promise --kept, default today" 0
expect_eq "closed today" "$(sql "SELECT date(closed_on*86400,'unixepoch') FROM promise WHERE id=8")" "2026-11-24"
t close promise 2 --kept
expect_out "kept after the due date says late" '^promise 2 kept on 2026-11-24 \(late\)$'
t add promise --customer B200 --what "Deliver the manual" --made-on 2026-11-01 --due 2026-11-30
t close promise 9 --broken --format json
expect_out "close promise --broken (json)" '^\{"kind":"promise","id":9,"status":"broken","closed_on":"2026-11-24"\}$'
t add promise --customer C300 --what "Tasting" --made-on 2026-11-01 --due 2026-11-28 --owner Carla
t --lang de close promise 10 --renegotiated --new-due 2026-12-12 --what "Tasting with the new menu"
expect_rc "close promise --renegotiated" 0
expect_out "renegotiated: message in German" '^Zusage 10 am 24.11.2026 neu verhandelt; die neue Zusage 11 ist fällig am 12.12.2026$'
expect_eq "renegotiated before the due date: link and dates" "$(sql "SELECT p.status, date(p.closed_on*86400,'unixepoch'), p.renegotiated_to, date(n.made_on*86400,'unixepoch'), date(n.due_on*86400,'unixepoch'), n.what, n.owner, n.status FROM promise p JOIN promise n ON n.id = p.renegotiated_to WHERE p.id=10")" "renegotiated|2026-11-24|11|2026-11-24|2026-12-12|Tasting with the new menu|Carla|open"

# close promise: errors
t close promise 1 --broken
expect_rc "closing what is already closed" 1
expect_err "already closed: message" 'promise 1 is already closed: kept on 2026-11-23'
t --lang de close promise 1 --broken
expect_err "already closed in German" 'Zusage 1 ist schon abgeschlossen'
t close promise 7
expect_rc "close promise without an outcome" 2
t close promise 7 --kept --broken
expect_rc "close promise with two outcomes" 2
t close promise 7 --renegotiated
expect_rc "--renegotiated without --new-due" 2
t close promise 7 --kept --new-due 2027-01-10
expect_rc "--new-due without --renegotiated" 2
t close promise 7 --renegotiated --new-due 2026-11-01
expect_rc "a new due date before the renegotiation" 1
expect_err "new due before the renegotiation: message" 'the due date 2026-11-01 is before the promise was made \(2026-11-24\)'
t close promise 7 --kept --on 2026-11-19
expect_rc "closed before it was made" 1
expect_err "closed before made: message" 'the closing date 2026-11-19 is before the entry.s own date \(2026-11-20\)'
t close promise 7 --kept --on 2026-12-01
expect_rc "closed in the future" 1
expect_err "closed in the future: message" 'lies in the future'
t close promise 99 --kept
expect_rc "close an unknown promise" 1
expect_err "unknown promise: message" 'there is no promise 99'
t close promise seven --kept
expect_rc "close with an id that is no number" 2
t close dialog 1 --kept
expect_rc "close a dialogue" 2
t close promise 7 --kept --root-cause x
expect_rc "--root-cause on a promise" 2
expect_eq "a refused close changed nothing" "$(sql "SELECT status, closed_on IS NULL FROM promise WHERE id=7")" "open|1"

# close complaint
t close complaint 2 --why "Two systems print invoices" --why "The old one was never switched off" --root-cause "Legacy invoicing still active" --on 2026-11-20
expect_rc "close complaint" 0
expect_out "close complaint: message" '^complaint 2 resolved on 2026-11-20 \(2 whys asked\)$'
expect_eq "close complaint: stored" "$(sql "SELECT status, date(resolved_on*86400,'unixepoch'), why1, why2, why3 IS NULL, root_cause FROM complaint WHERE id=2")" "resolved|2026-11-20|Two systems print invoices|The old one was never switched off|1|Legacy invoicing still active"
t add complaint --customer E500 --reason price --why a --why b --why c
t close complaint 5 --why d --why e --why f --root-cause x
expect_rc "a sixth why on closing" 1
expect_err "a sixth why on closing: message" 'a sixth why \("f"\)'
expect_eq "a sixth why closes nothing" "$(sql "SELECT status, why4 IS NULL FROM complaint WHERE id=5")" "open|1"
t close complaint 5 --why d --why e --root-cause "Price list out of date" --format json
expect_out "five whys are fine (json)" '"whys":5'
t close complaint 5 --root-cause y
expect_rc "closing a resolved complaint" 1
expect_err "already resolved: message" 'complaint 5 is already resolved \(on 2026-11-24\)'
t close complaint 5
expect_rc "close complaint without --root-cause" 2
t close complaint 5 --kept
expect_rc "--kept on a complaint" 2
t close complaint 99 --root-cause x
expect_rc "close an unknown complaint" 1

# edit
t edit promise 7 --due 2027-01-15 --owner Anna
expect_rc "edit promise" 0
expect_out "edit says what changed" '^changed promise 7: due, owner$'
expect_eq "edit promise: stored" "$(sql "SELECT date(due_on*86400,'unixepoch'), owner FROM promise WHERE id=7")" "2027-01-15|Anna"
t edit promise 7 --due 2026-11-01
expect_rc "edit: due before made" 1
expect_err "edit: due before made: message" 'before the promise was made'
t edit promise 4 --status broken --closed-on 2026-07-02
expect_rc "edit promise status" 0
expect_eq "edit promise status: stored" "$(sql "SELECT status, date(closed_on*86400,'unixepoch') FROM promise WHERE id=4")" "broken|2026-07-02"
t edit promise 4 --status offen
expect_rc "reopen a promise (German status word)" 0
expect_eq "reopened: no closing date" "$(sql "SELECT status, closed_on IS NULL FROM promise WHERE id=4")" "open|1"
t edit promise 4 --closed-on 2026-07-02
expect_rc "a closing date on an open promise" 1
t edit promise 6 --status kept
expect_eq "a promise no longer renegotiated loses its link" "$(sql "SELECT status, renegotiated_to IS NULL FROM promise WHERE id=6")" "kept|1"
t edit dialog 1 --notes "" --touchpoint Vertrieb --employee "Anna Berg"
expect_rc "edit dialog: clear a text" 0
expect_eq "edit dialog: stored" "$(sql "SELECT notes IS NULL, touchpoint, employee FROM dialog WHERE id=1")" "1|sales|Anna Berg"
t edit complaint 3 --why "Gasket from a new supplier" --why "No incoming inspection" --reason damaged
expect_rc "edit complaint: whys replace" 0
expect_eq "edit complaint: stored" "$(sql "SELECT reason, why1, why2, why3 IS NULL FROM complaint WHERE id=3")" "damaged|Gasket from a new supplier|No incoming inspection|1"
t edit complaint 3 --why 1 --why 2 --why 3 --why 4 --why 5 --why 6
expect_rc "edit complaint: a sixth why" 1
t edit complaint 3 --reason hail
expect_rc "edit complaint: unknown reason" 1
expect_err "edit complaint: unknown reason lists them" 'valid reasons: expectations'
t edit survey 2 --satisfaction 7 --recommend ""
expect_rc "edit survey" 0
expect_eq "edit survey: stored" "$(sql "SELECT satisfaction, recommend IS NULL FROM survey WHERE id=2")" "70|1"
t edit story 2 --customer A100 --kind extra_mile
expect_eq "edit story: customer and kind" "$(sql "SELECT c.customer_id, s.kind FROM story s JOIN customer c ON c.id = s.cust WHERE s.id=2")" "A100|extra_mile"
t edit story 2 --customer ""
expect_eq "edit story: no customer" "$(sql "SELECT cust IS NULL FROM story WHERE id=2")" "1"
t edit referral 1 --to A100
expect_rc "edit referral to itself" 1
t edit departure 2 --competitor "Rival GmbH"
expect_rc "edit departure" 0
t edit customer C300 --name "Citrus Café & Bar" --region Süd
expect_rc "edit customer" 0
expect_eq "edit customer: stored" "$(sql "SELECT name, region FROM customer WHERE customer_id='C300'")" "Citrus Café & Bar|Süd"
t edit dialog 1 --due 2026-12-01
expect_rc "edit: an option of another kind" 2
expect_err "edit: an option of another kind: message" '--due does not apply to a dialog'
t edit dialog 1
expect_rc "edit without a change" 2
t edit dialog 99 --notes x
expect_rc "edit an unknown entry" 1
t edit promise 7 --customer Z999
expect_rc "edit: move to an unknown customer" 1

# delete
t delete dialog 5
expect_rc "delete without --yes and without a terminal" 1
expect_err "delete without --yes: message" 'not deleted \(confirm on a terminal, or pass --yes\)'
expect_eq "nothing deleted" "$(sql "SELECT count(*) FROM dialog WHERE id=5")" "1"
t delete dialog 5 --yes
expect_rc "delete --yes" 0
expect_out "delete: message" '^deleted dialogue 5$'
expect_eq "deleted" "$(sql "SELECT count(*) FROM dialog WHERE id=5")" "0"
t delete promise 11 --yes
expect_rc "delete a follow-up promise" 0
expect_eq "its predecessor loses the link" "$(sql "SELECT status, renegotiated_to IS NULL FROM promise WHERE id=10")" "renegotiated|1"
t delete dialog 5 --yes
expect_rc "delete what is gone" 1
t delete customer A100 --yes
expect_rc "delete a customer (erase is the way)" 2

# the audit trail has one entry per change
t audit --format csv
expect_eq "audit: closes (7 in the fixture)" "$(grep -c ",close," "$WORK/out")" 14
expect_eq "audit: edits" "$(grep -c ",edit," "$WORK/out")" 11
expect_eq "audit: deletes" "$(grep -c ',delete,' "$WORK/out")" 2
expect_out "audit: close details" ',tester,close,E500,2,promise 6: renegotiated on 2026-10-15; follow-up promise 8 due 2026-11-30$'

# edit and delete answer in JSON under --format json, as add and close do
t edit dialog 1 --channel phone --employee Anna --format json
expect_rc "edit --format json" 0
expect_out "edit --format json: a JSON object" '^\{"kind":"dialog","id":1,"changed":\["channel","employee"\]\}$'
t edit customer C300 --region Nord --format json
expect_out "edit customer --format json: a JSON object" '^\{"kind":"customer","customer_id":"C300","changed":\["region"\]\}$'
t delete dialog 2 --yes --format json
expect_rc "delete --format json" 0
expect_out "delete --format json: a JSON object" '^\{"kind":"dialog","id":2,"deleted":true\}$'
