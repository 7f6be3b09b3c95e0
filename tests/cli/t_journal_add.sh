#!/bin/sh
# t_journal_add.sh — treue add: every kind, texts from options, stdin and
# $EDITOR, output formats, and every validation error (English and German).
. "$(dirname "$0")/lib.sh"
. "$DATA/journal/fixture.sh"

t list dialogs --format csv
expect_eq "fixture recorded its dialogues" "$(grep -c '^[0-9]' "$WORK/out")" 5

# help: the two questions and the nine rules as a checklist
t add dialog --help
expect_rc "add dialog --help exits 0" 0
expect_out "add dialog --help asks how to support" 'How can we support you best\?'
expect_out "add dialog --help asks what to do better" 'What can we do better\?'
expect_out "add dialog --help rule 1" '\[ \] 1\. Be authentic\.'
expect_out "add dialog --help rule 3" '\[ \] 3\. Listen: the customer talks more than 80% of the time\.'
expect_out "add dialog --help rule 9" '\[ \] 9\. Ask why before how\.'
expect_eq "add dialog --help has nine checkboxes" "$(grep -c '\[ \] [1-9]\.' "$WORK/out")" 9
t --lang de add dialog --help
expect_out "add dialog --help in German" '\[ \] 9\. Erst nach dem Warum fragen, dann nach dem Wie\.'
t add --help
expect_out "add --help lists the kinds" 'departure  a customer left, and why'
t add complaint --help
expect_out "add complaint --help lists the reasons" 'late_delivery +late delivery'

# every kind, text output
t add dialog --customer C300 --touchpoint Kundendienst --support "More vegan options" --employee Carla
expect_rc "add dialog" 0
expect_out "add dialog says what it recorded" '^recorded dialogue 6 for C300$'
t add promise --customer "Citrus" --what "Send the new price list" --due-in 2w
expect_rc "add promise by name prefix" 0
expect_out "add promise says what it recorded" '^recorded promise 9 for C300$'
t list promises --customer C300 --format csv
expect_out "--due-in counts from today" '^9,C300,Citrus Café,2026-11-24,2026-12-08,Send the new price list,,open,,$'
t add complaint --customer C300 --reason "Falschlieferung" --why "Wrong label" --why "Label printer swapped"
expect_rc "add complaint with German reason and whys" 0
t list complaints --customer C300 --format csv
expect_out "reason stored as its code, whys in order" '^5,2026-11-24,C300,Citrus Café,wrong_delivery,,,open,,Wrong label,Label printer swapped,,,,,,1$'
t add story --what "Brought the forgotten bag back" --kind tnt --employee Carla
expect_rc "add story without a customer" 0
expect_out "add story says what it recorded" '^recorded story 5$'
t add referral --from Citrus --to Bergmann --date 2026-11-01
expect_rc "add referral" 0
expect_out "add referral shows both sides" '^recorded referral 2: C300 → B200$'
t add departure --customer E500 --reason "Closed the bakery"
expect_rc "add departure" 0
t add survey --customer E500 --satisfaction 7.5 --recommend 10 --value 0
expect_rc "add survey" 0
t list surveys --customer E500 --format csv
expect_out "survey scores with one decimal" '^3,2026-11-24,E500,Eder & Söhne,7.5,10,0,$'
t add customer --id F600 --name "Alpenrose Bäckerei" --owner Ben
expect_rc "add customer" 0
expect_out "add customer says so" '^added customer F600$'
t --lang de add dialog --customer F600 --notes "Erstes Gespräch"
expect_out "add dialog in German" '^Kundengespräch 7 für F600 erfasst$'

# JSON and CSV answers
t add dialog --customer F600 --notes "second talk" --format json
expect_out "add --format json" '^\{"kind":"dialog","id":8,"customer_id":"F600"\}$'
t add story --what "Called back within the hour" --format csv
expect_out "add --format csv" '^story,6,$'

# texts from standard input
printf 'First line\nsecond line\n\n' | $TREUE add dialog --customer F600 --notes - >"$WORK/out" 2>"$WORK/err"; rc=$?
expect_rc "add dialog --notes - reads stdin" 0
t list dialogs --customer F600 --limit 1 --format csv
expect_out "the text from stdin, trailing newlines dropped" '^9,2026-11-24,F600,Alpenrose Bäckerei,,,,,,"First line$'
expect_out "the text from stdin keeps its lines" '^second line",$'
printf 'x' | $TREUE add dialog --customer F600 --notes - --support - >"$WORK/out" 2>"$WORK/err"; rc=$?
expect_rc "only one text from stdin" 1
expect_err "only one text from stdin: message" 'only one text can be read from standard input'

# texts from $EDITOR
cat >"$WORK/ed.sh" <<'ED'
#!/bin/sh
sed -i -e 's/^\[support\]$/[support]\nA spare parts kit on site/' -e 's/^\[improve\]$/[improve]\n\nCall before you come\n/' "$1"
ED
chmod +x "$WORK/ed.sh"
EDITOR="$WORK/ed.sh" VISUAL= t add dialog --customer B200 --touchpoint service --edit --notes "kept"
expect_rc "add dialog --edit" 0
t list dialogs --customer B200 --limit 1 --format csv
expect_out "the editor's sections become the texts" '^10,2026-11-24,B200,Bergmann Maschinenbau AG,,service,,A spare parts kit on site,Call before you come,kept,$'
printf '#!/bin/sh\n: >"$1"\n' >"$WORK/empty.sh"
chmod +x "$WORK/empty.sh"
EDITOR="$WORK/empty.sh" VISUAL= t add dialog --customer B200 --edit
expect_rc "an emptied editor file records nothing" 1
expect_err "an emptied editor file: message" 'left empty; nothing recorded'
EDITOR=false VISUAL= t add story --edit --what x
expect_rc "a failing editor records nothing" 1

# validation errors
t add dialog --customer Z999
expect_rc "unknown customer" 1
expect_err "unknown customer: message" 'unknown customer "Z999"'
t add dialog --customer Alpen
expect_rc "ambiguous name prefix" 1
expect_err "ambiguous prefix: message" '"Alpen" is ambiguous; it matches:'
expect_err "ambiguous prefix lists the candidates" 'F600  Alpenrose Bäckerei'
t --lang de add dialog --customer Alpen
expect_err "ambiguous prefix in German" '"Alpen" ist mehrdeutig'
t add promise --customer A100 --what x --made-on 2026-11-20 --due 2026-11-19
expect_rc "due date before the promise was made" 1
expect_err "due before made: message" 'the due date 2026-11-19 is before the promise was made \(2026-11-20\)'
t --lang de add promise --customer A100 --what x --made-on 2026-11-20 --due 2026-11-19
expect_err "due before made in German" 'liegt vor dem Tag der Zusage'
t add complaint --customer A100 --reason "bad weather"
expect_rc "unknown reason" 1
expect_err "unknown reason lists the valid reasons" 'unknown reason "bad weather"; valid reasons: expectations \(expectations not met\), usability \(cannot cope with the product\), defect \(product defect\), damaged \(product damaged\), late_delivery \(late delivery\), wrong_delivery \(wrong delivery\), billing \(billing error\), service \(poor service\), price, other$'
t --lang de add complaint --customer A100 --reason "Unwetter"
expect_err "unknown reason in German lists German reasons" 'unbekannter Grund "Unwetter"; gültige Gründe: Erwartungen nicht erfüllt, Bedienprobleme, Produktmangel, beschädigt, Lieferverzug, Falschlieferung, Rechnungsfehler, schlechter Service, Preis, Sonstiges$'
t add complaint --customer A100 --reason defect --why 1 --why 2 --why 3 --why 4 --why 5 --why 6
expect_rc "a sixth why" 1
expect_err "a sixth why: message" 'a sixth why \("6"\): ask why at most five times'
t add dialog --customer A100 --touchpoint canteen
expect_rc "unknown touchpoint" 1
expect_err "unknown touchpoint lists the valid ones" 'valid touchpoints: sales, service, billing, management, other'
t add survey --customer A100 --satisfaction 11
expect_rc "score above 10" 1
expect_err "score above 10: message" '"11" is not a score from 0 to 10'
t add survey --customer A100 --satisfaction 8 --recommend 8.25
expect_rc "score with two decimals" 1
t add story --what x --kind saga
expect_rc "unknown kind of story" 1
expect_err "unknown kind of story: message" 'unknown kind of story "saga"; valid kinds: extra_mile \(extra mile\), tnt \(tiny noticeable thing\)$'
t --lang de add story --what x --kind Sage
expect_err "unknown kind of story in German" 'unbekannte Art von Geschichte "Sage"; gültig sind: Extrameile, kleine Aufmerksamkeit$'
t --lang de add dialog --customer A100 --touchpoint Kantine
expect_err "unknown touchpoint in German lists German words" 'gültige Kontaktpunkte: Vertrieb, Kundendienst, Buchhaltung, Geschäftsleitung, Sonstiges$'
t add referral --from A100 --to Alpenblick
expect_rc "referral to itself" 1
expect_err "referral to itself: message" 'cannot refer itself'
t add customer --id A100
expect_rc "customer that exists" 1
expect_err "customer that exists: message" 'customer A100 already exists'
t add dialog --customer A100 --notes "$(printf 'bad \377 byte')"
expect_rc "text that is not UTF-8" 1
expect_err "text that is not UTF-8: message" 'notes: not valid UTF-8 text'
t add story --date 2026-11-24 --what "Called back within the hour" --kind extra_mile
t add story --date 2026-11-24 --what "Called back within the hour" --kind extra_mile
expect_rc "an identical entry twice" 1
expect_err "an identical entry twice: message" 'an identical story is already recorded'

# usage errors
t add
expect_rc "add without a kind" 2
t add order --customer A100
expect_rc "add of an unknown kind" 2
expect_err "unknown kind: message" '"order" is not a kind of entry'
t add dialog
expect_rc "add dialog without --customer" 2
expect_err "missing option: message" 'add dialog needs --customer'
t add promise --customer A100 --what x
expect_rc "add promise without a due date" 2
t add promise --customer A100 --due 2026-12-01
expect_rc "add promise without --what" 2
t add promise --customer A100 --what x --due-in soon
expect_rc "--due-in that is no duration" 2
t add promise --customer A100 --what x --due 2026-12-01 --due-in 3d
expect_rc "--due and --due-in together" 2
t add complaint --customer A100
expect_rc "add complaint without --reason" 2
t add survey --customer A100
expect_rc "add survey without --satisfaction" 2
t add dialog --customer A100 --what x
expect_rc "an option of another kind" 2
t add dialog --customer A100 --date 2026-02-30
expect_rc "a date that does not exist" 2
t add dialog --customer A100 extra
expect_rc "an extra argument" 2

# every add left one audit entry: 30 in the fixture, 13 here
t audit --format csv
expect_eq "one audit entry per change" "$(grep -c ",add," "$WORK/out")" 43
