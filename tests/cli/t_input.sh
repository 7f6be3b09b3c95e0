# t_input.sh — what a person types: dates in ISO and German form, today and
# +N days, numbers with a decimal point or a decimal comma; errors show the
# form the person used.
. "$(dirname "$0")/lib.sh"

t demo --customers 300 --seed 7
expect_rc "a small demo" 0

t report --format json --as-of 2026-11-01
iso=$(cat "$WORK/out")
t report --format json --as-of 01.11.2026
expect_rc "--as-of 01.11.2026 is accepted" 0
expect_eq "--as-of 01.11.2026 equals --as-of 2026-11-01" "$(cat "$WORK/out")" "$iso"
t report --format json --as-of 1.11.26
expect_eq "--as-of 1.11.26 equals --as-of 2026-11-01" "$(cat "$WORK/out")" "$iso"
t report --format json --as-of heute
expect_out "--as-of heute is today (TREUE_TODAY)" '"as_of": "2026-11-24"'
t report --format json --as-of today
expect_out "--as-of today is today" '"as_of": "2026-11-24"'
t report --format json --as-of +7
expect_out "--as-of +7 is a week from today" '"as_of": "2026-12-01"'

t report --as-of 31.02.2026
expect_rc "an impossible German date is a usage error" 2
expect_err "the error shows the form typed" '"31.02.2026" is not a date'
t --lang de report --as-of 31.02.2026
expect_err "the German error shows the German form first" '"31.02.2026" ist kein Datum von 1900 bis 9999 \(wie 24.11.2026'
t report --as-of 01.01.10000
expect_rc "a year beyond 9999 is refused" 2
t report --as-of 1899-12-31
expect_rc "a year before 1900 is refused" 2

t whatif --retention 2,5 --format json
expect_rc "--retention 2,5 (decimal comma) is accepted" 0
a=$(cat "$WORK/out")
t whatif --retention 2.5 --format json
expect_eq "--retention 2,5 equals 2.5" "$a" "$(cat "$WORK/out")"
t whatif --retention 2,5,1
expect_rc "two decimal marks are refused" 2
t whatif --retention 1e2
expect_rc "an exponent is refused" 2

t report --format json --set discount=0,08 --as-of 2026-11-01
expect_rc "--set discount=0,08 is accepted" 0
b=$(cat "$WORK/out")
t report --format json --set discount=0.08 --as-of 2026-11-01
expect_eq "--set discount=0,08 equals 0.08" "$b" "$(cat "$WORK/out")"
t settings satisfied_min 7,5
expect_rc "settings satisfied_min 7,5 is accepted" 0
t settings --format json
expect_out "and stored as 7.5" '7\.5'
t settings satisfied_min default
expect_rc "settings back to the default" 0

t --lang de report --help
expect_out "German help shows German placeholders" 'SCHLÜSSEL=WERT'
expect_no_out "German help has no [options]" '\[options\]'
t --lang de --help
expect_out "German usage line" '^Aufruf: treue \[--db PFAD\] \[--lang en\|de\] BEFEHL \[OPTIONEN\]'
