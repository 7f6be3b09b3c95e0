# t_vocab.sh — one vocabulary from end to end: the German words import
# takes, `add` and `edit` take too (and store the same codes), errors list
# the valid words in the language of the run, and German text output shows
# the German labels.
. "$(dirname "$0")/lib.sh"
q() { sql "$1"; }

t init
expect_rc "init" 0
t add customer --id K1 --name "Kunde Eins" --owner Anna
# add: the words import knows
t add dialog --customer K1 --touchpoint Technik
expect_rc "add dialog --touchpoint Technik" 0
t add dialog --customer K1 --touchpoint Innendienst
t add dialog --customer K1 --touchpoint GESCHAEFTSLEITUNG
expect_eq "touchpoints stored as codes" "$(q 'select group_concat(touchpoint) from (select touchpoint from dialog order by id)')" "service,sales,management"
t add story --what "Geburtstag" --kind Kleinigkeit
expect_rc "add story --kind Kleinigkeit" 0
t add story --what "Samstag" --kind Extra-Meile
t add story --what "Blumen" --kind "kleine Aufmerksamkeit"
expect_eq "story kinds stored as codes" "$(q 'select group_concat(kind) from (select kind from story order by id)')" "tnt,extra_mile,tnt"
t add complaint --customer K1 --reason late-delivery
expect_rc "add complaint --reason late-delivery" 0
t add complaint --customer K1 --reason "verspätete Lieferung" --description "zwei Wochen"
expect_eq "reasons stored as codes" "$(q 'select group_concat(reason) from (select reason from complaint order by id)')" "late_delivery,late_delivery"
t add promise --customer K1 --what "Angebot" --due 2026-12-01
t edit promise 1 --status erfüllt
expect_rc "edit promise --status erfüllt" 0
expect_eq "erfüllt is kept" "$(q 'select status from promise where id = 1')" kept
t edit promise 1 --status "nicht eingehalten"
expect_eq "nicht eingehalten is broken" "$(q 'select status from promise where id = 1')" broken
t edit complaint 1 --status gelöst
expect_eq "gelöst is resolved" "$(q 'select status from complaint where id = 1')" resolved

# errors list the valid words, in the language of the run
t edit promise 1 --status vielleicht
expect_rc "unknown status" 1
expect_err "unknown status lists the valid ones" 'unknown promise status "vielleicht"; valid: open, kept, broken, renegotiated$'
t --lang de edit promise 1 --status vielleicht
expect_err "unknown status in German" 'unbekannter Status "vielleicht"; gültig sind: offen, eingehalten, gebrochen, neu verhandelt$'

# German output: German labels, no code
t --lang de list dialogs
expect_out "German list: Kundendienst" 'Kundendienst'
expect_out "German list: Geschäftsleitung" 'Geschäftsleitung'
expect_no_out "German list: no touchpoint code" 'service|management|sales'
t --lang de list promises
expect_out "German list: gebrochen" 'gebrochen'
t --lang de list stories
expect_out "German list: kleine Aufmerksamkeit" 'kleine Aufmerksamkeit'
expect_no_out "German list: no story code" 'extra_mile|tnt'
t --lang de customer K1
expect_out "German card: Kontaktpunkt in German" 'Kontaktpunkt: Kundendienst'
expect_out "German card: status in German" 'gebrochen am'
expect_out "German card: complaint status in German" 'Lieferverzug \(erledigt'
expect_no_out "German card: no code word" '\((open|resolved|kept|broken)|Kontaktpunkt: (sales|service)'

# import: the same words in a German file
printf 'Kundennummer;Datum;Kontaktpunkt\nK1;01.11.2026;Innendienst\nK1;02.11.2026;Kantine\n' >"$WORK/Kundengespraeche.csv"
t import Kundengespraeche "$WORK/Kundengespraeche.csv"
expect_rc "import by the German kind name" 0
expect_out "an unknown touchpoint is kept as other" '1 kept as other'
printf 'Kundennummer;vereinbart am;fällig am;Zusage;Status\nK1;01.11.2026;05.11.2026;X;vielleicht\n' >"$WORK/Zusagen.csv"
t --lang de import Zusagen "$WORK/Zusagen.csv"
expect_rc "an unknown status is a bad row" 1
expect_err "the bad row lists the valid words in German" 'Zusagen.csv:2: Feld "Status": "vielleicht" ist unbekannt; gültig sind: offen, eingehalten, gebrochen, neu verhandelt'
