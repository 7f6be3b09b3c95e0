# t_journal_week.sh — the journal as people work with it: a dialogue's
# follow-up date ("Wiedervorlage") shows in the agenda until a dialogue on a
# later day exists, and in the action list once reached; a complaint has an
# owner (add, edit, import, list) and an age; whys are added one at a time
# without closing; the stories digest names the customers; the GDPR export
# carries the new fields.  Today is 2026-11-24, the journal's D 2026-11-25.
. "$(dirname "$0")/lib.sh"

t init
sql "
insert into customer(id, customer_id, name, owner, region, industry) values
  (1, 'A1', 'Äpfel Müller KG', 'Jörg Ärger', 'Süd', 'Handel'),
  (2, 'B2', 'Bäckerei Born', 'Anna Berg', 'Nord', 'Handel'),
  (3, 'C3', 'Chemie Cramer', NULL, 'Nord', 'Chemie');
insert into orders(cust, date, revenue) values (1, 20700, 1000), (1, 20781, 1000),
  (2, 20710, 500), (3, 20720, 800);"
# the latest order is from today: the action list's D is the journal's, 2026-11-25

# follow-ups
t add dialog --customer A1 --date 2026-11-10 --follow-up 2026-11-20 --support "a quote"
expect_rc "a dialogue with a follow-up date" 0
t add dialog --customer B2 --date 2026-11-20 --follow-up 2026-11-28
t add dialog --customer C3 --date 2026-11-20 --follow-up 2026-12-20
t add dialog --customer C3 --date 2026-11-24 --follow-up 2026-11-01
expect_rc "a follow-up before its dialogue is refused" 1
expect_err "it says why" 'the follow-up date 2026-11-01 lies before the dialogue \(2026-11-24\)'
t list dialogs --format csv
expect_out "the list shows the follow-up date" '^1,2026-11-10,A1,Äpfel Müller KG,,,,a quote,,,2026-11-20$'

t agenda --format json
expect_rc "agenda" 0
fu() { python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join("%s:%s:%s:%d" % (f["customer_id"], f["follow_up"], "late" if f["late"] else "due",
      f["days_late"] if f["late"] else f["days_until_due"])
      for s in d["sections"] for f in s["follow_ups"]))' "$WORK/out"; }
expect_eq "follow-ups reached (5 days late at D) and due within 7 days; not the one in December" \
	"$(fu)" "B2:2026-11-28:due:4 A1:2026-11-20:late:5"
t actions --format csv
expect_out "the action list names the follow-up reached" '^[0-9],A1,.*follow-up due 2026-11-20.*,2026-11-20$'
t agenda --days 30 --format json
expect_eq "--days 30 reaches December" "$(fu)" \
	"B2:2026-11-28:due:4 A1:2026-11-20:late:5 C3:2026-12-20:due:26"
t add dialog --customer A1 --date 2026-11-10 --notes "same day, later"
t agenda --format json
expect_eq "a dialogue on the same day settles nothing" "$(fu)" "B2:2026-11-28:due:4 A1:2026-11-20:late:5"
t add dialog --customer A1 --date 2026-11-21 --notes "called back"
t agenda --format json
expect_eq "a dialogue on a later day settles the follow-up" "$(fu)" "B2:2026-11-28:due:4"
t edit dialog 2 --follow-up ""
expect_rc "edit --follow-up \"\" removes it" 0
t agenda --format json
expect_eq "no follow-up left within the week" "$(fu)" ""
t edit dialog 2 --follow-up 27.11.2026
t list dialogs --customer B2 --format csv
expect_out "edit --follow-up takes a German date" ',2026-11-27$'

# complaints: owner, age, one more why at a time
t add complaint --customer A1 --reason price --date 2026-11-15 --owner "Ben Service"
expect_rc "a complaint with its owner" 0
t add complaint --customer B2 --reason Lieferverzug --date 2026-11-20
t list complaints --format csv
expect_out "the owner and the age (days to D)" '^1,2026-11-15,A1,Äpfel Müller KG,price,,,open,,,,,,,,Ben Service,10$'
expect_out "without an owner, the age alone" '^2,2026-11-20,B2,Bäckerei Born,late_delivery,,,open,,,,,,,,,5$'
for w in one two three four five; do
	t edit complaint 1 --add-why "why $w"
done
expect_rc "five whys added one at a time" 0
t edit complaint 1 --add-why "why six"
expect_rc "a sixth why is refused" 1
t list complaints --customer A1 --format csv
expect_out "the whys in order, the complaint still open" ',open,,why one,why two,why three,why four,why five,,Ben Service,10$'
t edit complaint 1 --why x --add-why y
expect_rc "--why and --add-why together are a usage error" 2
t edit complaint 2 --owner "Anna Berg"
t list complaints --owner "ben" --format csv
expect_out "list complaints --owner finds the complaint's owner" '^1,'
expect_no_out "... and not the account manager's other complaint" '^2,'
t agenda --owner "ben s" --format json
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
s = d["sections"]
assert [x["owner"] for x in s] == ["Ben Service"], s
assert [(c["id"], c["age_days"]) for c in s[0]["complaints"]] == [(1, 10)], s[0]["complaints"]
' "$WORK/out" && ok "the owner of a complaint has it on the agenda, with its age" ||
	notok "the owner of a complaint has it on the agenda, with its age"

# filters: a start of the name, any case, umlauts as ä or ae
for o in "jö" "JOE" "Jörg ä" "joerg ae"; do
	t list dialogs --owner "$o" --format csv
	expect_out "--owner \"$o\" finds Jörg Ärger's customers" '^[0-9]+,2026-11-10,A1,'
done
t segments --region "sü" --format csv
expect_out "--region sü" '^A1,'
expect_no_out "--region sü: only the south" '^B2,'
t segments --industry "handel" --format csv
expect_out "--industry handel (whole, any case)" '^B2,'
t segments --industry "hand"
expect_rc "--industry is the whole name" 1
t segments --owner "Anna" --region "Süd"
expect_rc "two filters that match nobody together" 1
expect_err "it says which" 'no customer matches account manager "Anna", region "Süd"'
t agenda
expect_out "customers without an account manager have a section" '^== customers without an account manager ==$'

# import: follow_up and the complaint's owner, German headers
printf 'Kundennummer;Datum;Mitarbeiter;Wiedervorlage am\nB2;22.11.2026;Anna;30.11.2026\n' >"$WORK/dlg.csv"
t import dialogs "$WORK/dlg.csv"
expect_rc "import dialogs with Wiedervorlage am" 0
t list dialogs --customer B2 --format csv
expect_out "the imported follow-up date" '^[0-9]+,2026-11-22,B2,Bäckerei Born,,,Anna,,,,2026-11-30$'
printf 'Kundennummer;Datum;Grund;Verantwortlich\nC3;21.11.2026;Preis;Cora\n' >"$WORK/cmp.csv"
t import complaints "$WORK/cmp.csv"
expect_rc "import complaints with their owner" 0
t list complaints --customer C3 --format csv
expect_out "the imported owner" ',Cora,[0-9]+$'

# the stories digest names the customer
t add story --customer A1 --employee Ben --what "Drove the part over" --date 2026-11-23
t report stories
expect_out "the story names its customer" 'Ben with A1 Äpfel Müller KG'

# GDPR: the export carries the new fields; erase keeps dates and names of staff
t export --customer A1
expect_out "export: the follow-up date" '"follow_up": "2026-11-20"'
expect_out "export: the complaint's owner" '"owner": "Ben Service"'
