#!/bin/sh
# t_demo.sh — `treue demo`: into an empty database (plausible counts, the
# same data for the same seed, every segment of the apostle model present),
# refusing a database with data, and the CSV files in English and German
# style carrying the same values as the database.
. "$(dirname "$0")/lib.sh"
sqlite_file_only "compares SQLite files of several demos; the demo on PostgreSQL is compared with SQLite in t_pg.sh"

q() { # DB SQL — one value
	sqlite3 "$1" "$2"
}
# Every table's rows in id order, the audit trail (timestamps) left out.
dump() {
	for tab in customer orders survey dialog promise complaint story referral departure; do
		sqlite3 "$1" "select * from $tab order by id"
	done | cksum
}

A="$WORK/a.db"
t demo --db "$A" --customers 300
expect_rc "demo --customers 300 succeeds" 0
expect_out "the summary counts the customers" "customers +300"
expect_eq "300 customers" "$(q "$A" 'select count(*) from customer')" 300
n=$(q "$A" 'select count(*) from orders')
if [ "$n" -gt 6000 ] && [ "$n" -lt 12000 ]; then ok "about 30 orders per customer ($n)"; else notok "about 30 orders per customer ($n)"; fi
expect_eq "credit notes" "$(q "$A" 'select count(*) > 50 from orders where revenue < 0')" 1
expect_eq "free deliveries" "$(q "$A" 'select count(*) > 10 from orders where revenue = 0')" 1
expect_eq "same-day orders" "$(q "$A" 'select count(*) > 0 from (select cust, date from orders where revenue >= 0 group by cust, date having count(*) > 1)')" 1
expect_eq "prospects" "$(q "$A" 'select count(*) between 3 and 40 from customer where id not in (select cust from orders)')" 1
expect_eq "margins 2..60 %" "$(q "$A" 'select count(*) from orders where revenue > 0 and margin is not null and (margin * 50 < revenue or margin * 10 > revenue * 6)')" 0
expect_eq "surveys" "$(q "$A" 'select count(*) > 100 and min(satisfaction) >= 0 and max(satisfaction) <= 100 from survey')" 1
expect_eq "dialogues at four touchpoints" "$(q "$A" "select count(distinct touchpoint) >= 4 from dialog")" 1
expect_eq "promises of every status" "$(q "$A" 'select count(distinct status) from promise')" 4
expect_eq "open complaints" "$(q "$A" "select count(*) > 0 from complaint where status = 'open'")" 1
expect_eq "stories most weeks" "$(q "$A" 'select count(*) > 250 from story')" 1
expect_eq "referrals" "$(q "$A" 'select count(*) > 0 from referral')" 1
expect_eq "departures" "$(q "$A" 'select count(*) > 0 from departure')" 1
expect_eq "history up to today" "$(q "$A" "select date(max(date) * 86400, 'unixepoch') <= '2026-11-24' and date(max(date) * 86400, 'unixepoch') >= '2026-11-18' from orders")" 1
expect_eq "one audit entry" "$(q "$A" "select count(*) from audit where action = 'demo'")" 1

B="$WORK/b.db"
t demo --db "$B" --customers 300
expect_rc "second run with the same seed" 0
expect_eq "same seed, same data" "$(dump "$A")" "$(dump "$B")"
C="$WORK/c.db"
t demo --db "$C" --customers 300 --seed 2
if [ "$(dump "$A")" != "$(dump "$C")" ]; then ok "another seed, other data"; else notok "another seed, other data"; fi

t demo --db "$A" --customers 300
expect_rc "refuses a database with data" 1
expect_err "and says why" "already holds data"
before=$(dump "$A")
t demo --db "$A" --customers 300 --force
expect_rc "--force writes anyway" 0
expect_eq "--force with the same seed adds nothing twice" "$(dump "$A")" "$before"

t demo --db "$WORK/x.db" --customers 0
expect_rc "--customers 0 is a usage error" 2
t demo --db "$WORK/x.db" --texts fr
expect_rc "--texts fr is a usage error" 2
t demo --db "$WORK/x.db" extra
expect_rc "a stray argument is a usage error" 2
t demo --help
expect_rc "--help" 0
expect_out "--help names the options" "orders-per-customer"

# --- every segment of the apostle model, at the default reference date ---
S="$WORK/s.db"
t demo --db "$S" --customers 1500
expect_rc "demo --customers 1500" 0
sqlite3 "$S" >"$WORK/segments" <<'EOF'
create temp table p as select max(date) + 1 as d from orders;
create temp table buy as
  select cust,
    sum(revenue >= 0 and date >= (select d from p) - 365) as o0,
    min(case when revenue >= 0 then date end) as first
  from orders group by cust;
create temp table med as select o0 from buy where o0 >= 1 order by o0
  limit 1 offset (select (count(*) - 1) / 2 from buy where o0 >= 1);
create temp table f as select max(2, (select o0 from med)) as f;
create temp table ls as
  select s.cust, avg(s.satisfaction) / 10.0 sat, avg(s.recommend) / 10.0 rec from survey s
  join (select cust, max(date) md from survey where date < (select d from p) group by cust) m
    on m.cust = s.cust and m.md = s.date
  where s.date >= (select d from p) - 730 group by s.cust;
create temp table ref as select distinct from_cust cust from referral
  where date >= (select d from p) - 730 and date < (select d from p);
create temp table oc as select distinct cust from complaint
  where date < (select d from p) and (status = 'open' or resolved_on >= (select d from p));
select case
  when ls.cust is null then 'unmeasured'
  when ls.sat >= 7 and b.o0 >= (select f from f) then
    case when ls.sat >= 9 and (ls.rec >= 9 or b.cust in (select cust from ref))
         then 'apostle' else 'loyal' end
  when ls.sat >= 7 then 'opportunist'
  when b.o0 >= (select f from f) then 'hostage'
  when ls.sat <= 3 and (ls.rec <= 3 or b.cust in (select cust from oc)) then 'terrorist'
  else 'defector' end as seg, count(*)
from buy b left join ls on ls.cust = b.cust where b.first is not null group by seg;
EOF
for seg in apostle loyal opportunist hostage defector terrorist unmeasured; do
	n=$(sed -n "s/^$seg|//p" "$WORK/segments")
	if [ "${n:-0}" -ge 3 ]; then ok "segment $seg ($n)"; else notok "segment $seg (${n:-0})" "$(cat "$WORK/segments")"; fi
done
expect_eq "overdue promises" "$(q "$S" "select count(*) > 0 from promise where status = 'open' and due_on < (select max(date) + 1 from orders)")" 1
expect_eq "referrals in the last 2 years" "$(q "$S" 'select count(*) > 5 from referral where date >= (select max(date) + 1 - 730 from orders)')" 1

# --- CSV files, English style ---
E="$WORK/en"
t demo --customers 300 --csv "$E"
expect_rc "demo --csv" 0
cat >"$WORK/headers" <<'EOF'
customers.csv Customer ID,Name,Industry,Region,Account Manager,Acquired On,Acquisition Cost
orders.csv Order No,Customer ID,Date,Revenue,Margin
surveys.csv Customer ID,Date,Satisfaction,Recommend,Perceived Value,Comment
dialogs.csv Customer ID,Date,Channel,Touchpoint,Employee,Support,Improve,Notes,Follow Up
promises.csv Customer ID,Made On,Due On,What,Owner,Status,Closed On
complaints.csv Customer ID,Date,Reason,Description,Status,Resolved On,Why 1,Why 2,Why 3,Why 4,Why 5,Root Cause,Owner
stories.csv Date,Kind,Customer ID,Employee,Situation,What,Outcome
referrals.csv Referrer,Referred,Date
departures.csv Customer ID,Date,Reason,Competitor
EOF
while read -r f h; do
	expect_eq "en header of $f" "$(head -n 1 "$E/$f")" "$h"
done <"$WORK/headers"
expect_eq "en: one line per order" "$(($(wc -l <"$E/orders.csv") - 1))" "$(q "$A" 'select count(*) from orders')"
expect_eq "en: ISO dates" "$(sed -n 2p "$E/orders.csv" | cut -d, -f3 | grep -c '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]$')" 1
t demo --customers 300 --csv "$E"
expect_rc "refuses to overwrite CSV files" 1
t demo --customers 300 --csv "$WORK/en2"
cat "$E"/*.csv | cksum >"$WORK/c1"
cat "$WORK/en2"/*.csv | cksum >"$WORK/c2"
expect_eq "CSV files are byte-identical for the same seed" "$(cat "$WORK/c1")" "$(cat "$WORK/c2")"

# --- CSV files, German style ---
G="$WORK/de"
t demo --customers 300 --csv "$G" --lang de
expect_rc "demo --csv --lang de" 0
cat >"$WORK/headers" <<'EOF'
Kunden.csv Kundennummer;Firma;Branche;Region;Kundenbetreuer;Kunde seit;Akquisitionskosten
Umsaetze.csv Belegnummer;Kundennummer;Belegdatum;Umsatz;Deckungsbeitrag
Umfragen.csv Kundennummer;Datum;Zufriedenheit;Weiterempfehlung;Nutzen;Kommentar
Kundengespraeche.csv Kundennummer;Datum;Kanal;Kontaktpunkt;Mitarbeiter;Unterstützung;Verbesserung;Notizen;Wiedervorlage am
Zusagen.csv Kundennummer;vereinbart am;fällig am;Zusage;Betreuer;Status;abgeschlossen am
Reklamationen.csv Kundennummer;Datum;Reklamationsgrund;Beschreibung;Status;erledigt am;Warum 1;Warum 2;Warum 3;Warum 4;Warum 5;Grundursache;Verantwortlich
Geschichten.csv Datum;Art;Kundennummer;Mitarbeiter;Situation;Maßnahme;Ergebnis
Empfehlungen.csv Empfehler;Neukunde;Datum
Abgaenge.csv Kundennummer;Datum;Grund;Wettbewerber
EOF
cr=$(printf '\r')
while read -r f h; do
	expect_eq "de header of $f" "$(head -n 1 "$G/$f" | iconv -f CP1252 -t UTF-8 | tr -d "$cr")" "$h"
done <"$WORK/headers"
if iconv -f UTF-8 -t UTF-8 "$G/Zusagen.csv" >/dev/null 2>&1; then
	notok "de: Windows-1252, not UTF-8"
else ok "de: Windows-1252, not UTF-8"; fi
expect_eq "de: CRLF line ends" "$(grep -c "$cr\$" "$G/Umsaetze.csv")" "$(wc -l <"$G/Umsaetze.csv")"
expect_eq "de: dates 24.11.2026" "$(sed -n 2p "$G/Umsaetze.csv" | cut -d';' -f3 | grep -c '^[0-9][0-9]\.[0-9][0-9]\.[0-9]\{4\}$')" 1
expect_eq "de: German status words" "$(iconv -f CP1252 -t UTF-8 "$G/Zusagen.csv" | cut -d';' -f6 | sort -u | tr -d "$cr" | tr '\n' ' ')" "Status eingehalten gebrochen neu verhandelt offen "
expect_eq "de: German touchpoints" "$(iconv -f CP1252 -t UTF-8 "$G/Kundengespraeche.csv" | cut -d';' -f4 | sort -u | tr -d "$cr" | tr '\n' ' ')" "Buchhaltung Geschäftsleitung Kontaktpunkt Kundendienst Sonstiges Vertrieb "
expect_eq "de: German story kinds" "$(iconv -f CP1252 -t UTF-8 "$G/Geschichten.csv" | cut -d';' -f2 | sort -u | tr -d "$cr" | tr '\n' ' ')" "Art Extrameile kleine Aufmerksamkeit "
expect_eq "de: German complaint statuses" "$(grep -c ';erledigt;' "$G/Reklamationen.csv") $(grep -c ';resolved;' "$G/Reklamationen.csv")" "$(grep -c ',resolved,' "$E/complaints.csv") 0"
expect_eq "de: German complaint reasons" "$(iconv -f CP1252 -t UTF-8 "$G/Reklamationen.csv" | grep -c ';Lieferverzug;')" "$(grep -c ',late delivery,' "$E/complaints.csv")"

# The same values: revenue and margin to the cent, scores to the tenth.
cents_en() { # FILE COLUMN — sum in cents of a 1234.56 column
	cut -d, -f"$2" "$1" | sed 1d | awk '{ if ($0 == "") next; s = $0; neg = sub(/^-/, "", s); split(s, p, "."); v = p[1] * 100 + p[2]; t += neg ? -v : v } END { printf "%.0f\n", t }'
}
cents_de() { # FILE COLUMN — sum in cents of a 1.234,56 column
	tr -d "$cr" <"$1" | cut -d';' -f"$2" | sed 1d | awk '{ if ($0 == "") next; s = $0; neg = sub(/^-/, "", s); gsub(/\./, "", s); split(s, p, ","); v = p[1] * 100 + p[2]; t += neg ? -v : v } END { printf "%.0f\n", t }'
}
rev=$(q "$A" 'select sum(revenue) from orders')
expect_eq "en revenue = database revenue" "$(cents_en "$E/orders.csv" 4)" "$rev"
expect_eq "de revenue = database revenue" "$(cents_de "$G/Umsaetze.csv" 4)" "$rev"
mar=$(q "$A" 'select sum(margin) from orders')
expect_eq "en margin = database margin" "$(cents_en "$E/orders.csv" 5)" "$mar"
expect_eq "de margin = database margin" "$(cents_de "$G/Umsaetze.csv" 5)" "$mar"
sat=$(q "$A" 'select sum(satisfaction) from survey')
expect_eq "en satisfaction = database" "$(cut -d, -f3 "$E/surveys.csv" | sed 1d | tr -d . | awk '{ t += $0 } END { print t }')" "$sat"
expect_eq "de satisfaction = database" "$(tr -d "$cr" <"$G/Umfragen.csv" | cut -d';' -f3 | sed 1d | tr -d , | awk '{ t += $0 } END { print t }')" "$sat"
expect_eq "en order ids = database" "$(cut -d, -f1 "$E/orders.csv" | sed 1d | cksum)" "$(q "$A" 'select order_id from orders order by id' | cksum)"
expect_eq "de order ids = database" "$(tr -d "$cr" <"$G/Umsaetze.csv" | cut -d';' -f1 | sed 1d | cksum)" "$(q "$A" 'select order_id from orders order by id' | cksum)"
