#!/bin/sh
# t_german.sh — every command's text output in German, rendered on a German
# demo (`treue demo --texts de`), read as a German reads it: no English
# status or code word of the terminology table (docs/VOCABULARY.md), no
# common English word, no ISO date, no plural hack like "(en)", no amount
# without grouping (tests/cli/german_check.py; the demo's data — names and
# free texts — left out).  The same commands in English: no "1 orders", no
# "(s)", amounts grouped.  Also checks a few things a German reader expects
# to see (24.11.2026, 1.234,56 €, 72,7 %, "1 Reklamation offen").
. "$(dirname "$0")/lib.sh"

DB="$WORK/de.db"
export USER=pruefer
export TREUE_DB="$DB"
OUT="$WORK/render"
mkdir -p "$OUT/de" "$OUT/en"
n=0
# r LANG NAME ARGS...: renders `treue --lang LANG ARGS` into $OUT/LANG/NAME
# (stdout and stderr), and fails the case when it exits other than 0.
r() {
	lg=$1 name=$2
	shift 2
	$TREUE --lang "$lg" "$@" >"$OUT/$lg/$name" 2>&1
	st=$?
	sed -i "s|$WORK|WORK|g" "$OUT/$lg/$name"
	n=$((n + 1))
	[ "$st" -eq 0 ] || notok "$lg $name exits 0" "treue --lang $lg $*: exit $st: $(head -c 300 "$OUT/$lg/$name")"
}
# re LANG NAME ARGS...: the same for a command that must fail (its message is read)
re() {
	lg=$1 name=$2
	shift 2
	$TREUE --lang "$lg" "$@" >"$OUT/$lg/$name" 2>&1
	st=$?
	sed -i "s|$WORK|WORK|g" "$OUT/$lg/$name"
	[ "$st" -ne 0 ] || notok "$lg $name fails" "treue --lang $lg $*: exit 0"
}
both() { r de "$@"; r en "$@"; }
both_err() { re de "$@"; re en "$@"; }
q() { sqlite3 "$DB" "$1"; }

r de demo demo --customers 600 --texts de
expect_eq "the German demo has customers" "$(q 'select count(*) from customer')" 600
# customers to show: open promise and complaint; departed; lapsed; prospect; renegotiated promise
c_open=$(q "select c.customer_id from customer c where exists (select 1 from promise p where p.cust = c.id and p.status = 'open') and exists (select 1 from complaint k where k.cust = c.id and k.status = 'open') order by c.id limit 1")
c_dep=$(q "select c.customer_id from customer c join departure d on d.cust = c.id order by c.id limit 1")
c_reneg=$(q "select c.customer_id from customer c join promise p on p.cust = c.id where p.status = 'renegotiated' order by c.id limit 1")
c_prospect=$(q "select customer_id from customer where id not in (select cust from orders) order by id limit 1")
c_lapsed=$(q "select c.customer_id from customer c join orders o on o.cust = c.id group by c.id having max(o.date) < julianday('2024-06-01') - julianday('1970-01-01') order by c.id limit 1")
c_story=$(q "select c.customer_id from customer c join story s on s.cust = c.id order by c.id limit 1")
for c in "$c_open" "$c_dep" "$c_reneg" "$c_prospect" "$c_lapsed" "$c_story"; do
	[ -n "$c" ] || notok "the demo has every kind of customer to show" "$c_open/$c_dep/$c_reneg/$c_prospect/$c_lapsed/$c_story"
done

both report report
both leavers report --leavers 0
both segments segments
both actions actions
both actions_p6 actions --priority 6 --limit 5
for c in "$c_open" "$c_dep" "$c_reneg" "$c_prospect" "$c_lapsed" "$c_story"; do
	both "customer_$c" customer "$c"
done
both movement movement
both agenda agenda --owner "Ana Schmid"
both agenda_team agenda
both whatif whatif
both fit fit
both holdout fit --holdout-weeks 26
# (bench prints key: value lines for scripts: machine output, not read here)
for k in dialogs promises complaints stories referrals departures surveys; do
	both "list_$k" list "$k" --limit 30
done
both list_open list complaints --open --limit 10
both list_overdue list promises --overdue
both list_week list promises --week 2026-W48
for k in feedback stories promises cadence; do
	both "report_$k" report "$k"
done
both settings settings
r de set_chf settings currency chf
both report_chf report
both customer_chf customer "$c_open"
r de set_eur settings currency default

# changes: add, close, edit, delete — the messages
r de add_dialog add dialog --customer "$c_open" --touchpoint Vertrieb --support "Schneller liefern" --follow-up 01.12.2026
r en add_dialog_en add dialog --customer "$c_open" --touchpoint sales --support "Faster"
r de add_promise add promise --customer "$c_open" --what "Rückruf" --due-in 1d
r en add_promise_en add promise --customer "$c_open" --what "Call back" --due-in 1d
p=$(q "select max(id) from promise")
r de close_kept close promise "$p" --kept
r en add_promise2 add promise --customer "$c_open" --what "Angebot" --due 05.12.2026
p=$(q "select max(id) from promise")
r en close_broken close promise "$p" --broken
r de add_promise3 add promise --customer "$c_open" --what "Muster" --due 01.12.2026
p=$(q "select max(id) from promise")
r de close_reneg close promise "$p" --renegotiated --new-due 15.12.2026
r de add_complaint add complaint --customer "$c_open" --reason Lieferverzug --description "Zu spät"
r en add_complaint_en add complaint --customer "$c_open" --reason late_delivery --description "Late"
k=$(q "select max(id) from complaint")
r de close_complaint close complaint "$k" --root-cause "Disposition" --why "Warum? Kein Fahrer."
r de add_story add story --what "Samstags geliefert" --kind Extrameile --customer "$c_open"
r de add_referral add referral --from "$c_open" --to "$c_story"
r de add_survey add survey --customer "$c_open" --satisfaction 8,5 --recommend 9
r de add_departure add departure --customer "$c_lapsed" --reason "Zu teuer"
r de add_customer add customer --id K99999 --name "Neukunde GmbH" --owner "Ana Schmid"
both edit_promise edit promise "$p" --owner "Ana Schmid" --due 20.12.2026
both edit_customer edit customer K99999 --owner "Piotr Engel" --region Süd
r de edit_complaint edit complaint "$k" --reason Produktmangel
r de delete delete survey "$(q 'select max(id) from survey')" --yes
both list_customer list promises --customer "$c_open"
both list_dialogs_customer list dialogs --customer "$c_open"
both list_complaints_customer list complaints --customer "$c_open"
both agenda_after agenda --owner "$(q "select owner from customer where customer_id = '$c_open'")"
both customer_after customer "$c_open" --timeline 12
r de erase erase --customer K99999 --yes
printf 'ein-langes-passwort-42\n' >"$WORK/pw"
r de user_add user add anna --role member --owner "Ana Schmid" <"$WORK/pw"
r de user_add2 user add bert --role viewer <"$WORK/pw"
r de user_role user role bert manager
r de user_disable user disable bert
r de user_link user link anna ""
both user_list user list
both audit audit
both audit_cust audit --customer "$c_open"

# import: the German demo files into a new database, a dry run, and a bad file
I="$WORK/import"
r de demo_csv demo --customers 120 --texts de --csv "$I"
both import_dry --db "$WORK/i.db" import customers "$I"/Kunden.csv --dry-run
r de import --db "$WORK/i.db" import customers "$I"/Kunden.csv
both import_dry_orders --db "$WORK/i.db" import orders "$I"/Umsaetze.csv --dry-run
both import_dry_promises --db "$WORK/i.db" import promises "$I"/Zusagen.csv --dry-run
both import_dry_complaints --db "$WORK/i.db" import complaints "$I"/Reklamationen.csv --dry-run
both import_dry_stories --db "$WORK/i.db" import stories "$I"/Geschichten.csv --dry-run
both import_dry_dialogs --db "$WORK/i.db" import dialogs "$I"/Kundengespraeche.csv --dry-run
r en import_en --db "$WORK/i2.db" import customers "$I"/Kunden.csv
X="$WORK/xlsx"
r de demo_xlsx demo --customers 60 --texts de --xlsx "$X"
both import_dry_xlsx --db "$WORK/i.db" import orders "$X"/Umsaetze.xlsx --dry-run
printf 'Kundennummer;Datum;Umsatz\nK1;31.02.2026;12,50\n' >"$WORK/bad.csv"
both_err import_bad --db "$WORK/i.db" import orders "$WORK/bad.csv"
both init --db "$WORK/neu.db" init

# errors a person meets
both_err err_kind list kunden
both_err err_due add promise --customer "$c_open" --what x
both_err err_date add dialog --customer "$c_open" --date 31.02.2026
both_err err_touchpoint add dialog --customer "$c_open" --touchpoint Kantine
both_err err_setting settings discount 2
both_err err_closed close promise "$(q "select min(id) from promise where status = 'kept'")" --kept

# --help of every command, of every kind of entry and report
r de help --help
r en help --help
for cmd in $(sed -n 's/^CMD("\([a-z]*\)".*/\1/p' "$TOP/src/cli/commands.def"); do
	both "help_$cmd" "$cmd" --help
done
for k in dialog promise complaint story referral departure survey customer; do
	both "help_add_$k" add "$k" --help
done
for k in feedback stories promises cadence; do
	both "help_report_$k" report "$k" --help
done

expect_eq "every command rendered" "$([ "$n" -gt 100 ] && echo yes)" yes

# German: read as a German reads it
if python3 "$TOP/tests/cli/german_check.py" --db "$DB" --lang de "$OUT"/de/* >"$WORK/check.de" 2>&1; then
	ok "German output: no English word, no ISO date, no plural hack ($(tail -1 "$WORK/check.de"))"
else
	notok "German output: no English word, no ISO date, no plural hack" "$(head -40 "$WORK/check.de")"
fi
if python3 "$TOP/tests/cli/german_check.py" --db "$DB" --lang en "$OUT"/en/* >"$WORK/check.en" 2>&1; then
	ok "English output: no \"1 orders\", no \"(s)\", amounts grouped ($(tail -1 "$WORK/check.en"))"
else
	notok "English output: no \"1 orders\", no \"(s)\", amounts grouped" "$(head -40 "$WORK/check.en")"
fi
# the checker finds what it looks for
printf 'Zusage offen seit 2026-11-24, Status: open\n1 Reklamation(en), 1234,56 €\nKein Dialog, 3 Gespräche, 2 Versprechen\n' >"$WORK/bad.de"
python3 "$TOP/tests/cli/german_check.py" --lang de "$WORK/bad.de" >"$WORK/check.bad" 2>&1
for w in "ISO date 2026-11-24" "English word 'open'" "plural hack n(en)" "amount without grouping 1234,56" \
	"old term 'Dialog'" "old term 'Gespräche'" "old term 'Versprechen'"; do
	if grep -qF "$w" "$WORK/check.bad"; then ok "the checker sees: $w"; else notok "the checker sees: $w" "$(cat "$WORK/check.bad")"; fi
done
printf '1 orders in the last 1 days\n' >"$WORK/bad.en"
python3 "$TOP/tests/cli/german_check.py" --lang en "$WORK/bad.en" >"$WORK/check.bad" 2>&1
if grep -qF "'1 orders'" "$WORK/check.bad"; then ok "the checker sees 1 orders"; else notok "the checker sees 1 orders" "$(cat "$WORK/check.bad")"; fi

# what a German reader expects to see
de="$OUT/de"
grep -Eq 'Kundenbindungsrate +[0-9]+,[0-9] %' "$de/report" && ok "report: Kundenbindungsrate 72,7 %" || notok "report: Kundenbindungsrate 72,7 %" "$(head -12 "$de/report")"
grep -Eq 'Stichtag [0-9]{2}\.[0-9]{2}\.[0-9]{4}' "$de/report" && ok "report: Stichtag 25.11.2026" || notok "report: Stichtag TT.MM.JJJJ" "$(head -3 "$de/report")"
grep -Eq '[0-9]{1,3}(\.[0-9]{3})+,[0-9]{2} €' "$de/report" && ok "report: amounts 1.234,56 €" || notok "report: amounts 1.234,56 €"
grep -Eq '€[0-9]{1,3}(,[0-9]{3})+\.[0-9]{2}' "$OUT/en/report" && ok "English report: amounts €1,234.56" || notok "English report: amounts €1,234.56"
grep -Eq '[0-9]{1,3}(\.[0-9]{3})+,[0-9]{2} CHF' "$de/report_chf" && ok "currency CHF: 1.234,56 CHF" || notok "currency CHF: 1.234,56 CHF" "$(grep -m3 Umsatz "$de/report_chf")"
grep -Eq 'CHF [0-9]{1,3}(,[0-9]{3})+\.[0-9]{2}' "$OUT/en/report_chf" && ok "currency CHF in English: CHF 1,234.56" || notok "currency CHF in English: CHF 1,234.56"
grep -q 'Aktiv-Wahrscheinlichkeit' "$de/report" && ok "report: Aktiv-Wahrscheinlichkeit" || notok "report: Aktiv-Wahrscheinlichkeit"
grep -Eq '(^|[^0-9.])1 Reklamation offen' "$de/customer_after" "$de/actions" && ok "1 Reklamation offen" || notok "1 Reklamation offen"
grep -Eq '(^|[^0-9.])1 complaint open' "$OUT/en/customer_after" "$OUT/en/actions" && ok "1 complaint open" || notok "1 complaint open"
grep -Eq 'seit [0-9]+ Tag(en)? überfällig' "$de/report_promises" && ok "seit 117 Tagen überfällig" || notok "seit N Tagen überfällig" "$(grep -m3 berf "$de/report_promises")"
grep -q 'eingehalten am' "$de/close_kept" && ok "close: eingehalten am" || notok "close: eingehalten am" "$(cat "$de/close_kept")"
grep -q 'geändert: Betreuer' "$de/edit_customer" && ok "edit customer: geändert: Betreuer" || notok "edit customer: geändert: Betreuer" "$(cat "$de/edit_customer")"
# TREUE_GERMAN_KEEP=DIR keeps what was rendered (and the database) for reading
if [ -n "${TREUE_GERMAN_KEEP:-}" ]; then
	rm -rf "$TREUE_GERMAN_KEEP" && mkdir -p "$TREUE_GERMAN_KEEP" && cp -r "$OUT"/* "$DB" "$TREUE_GERMAN_KEEP"/
fi
