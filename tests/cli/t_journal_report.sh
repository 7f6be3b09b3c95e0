#!/bin/sh
# t_journal_report.sh — treue report feedback|stories|promises|cadence on the
# journal fixture: text in English and German, JSON and CSV (golden), and
# the usage errors.  The report command hands these four to
# journal_report_with() (src/cli/cmd_journal_report.c).
. "$(dirname "$0")/lib.sh"
. "$DATA/journal/fixture.sh"
G="$DATA/journal"
golden() { if [ -n "${TREUE_UPDATE_GOLDEN:-}" ]; then cp "$WORK/out" "$2"; ok "$1 (updated)"; else expect_golden "$1" "$2"; fi; }

t report feedback --help
expect_out "report feedback --help is the journal report's" 'treue report feedback'
expect_out "report feedback --help names the two questions" 'the two dialogue questions \("How can we$'

for r in feedback stories promises cadence; do
	t report $r
	expect_rc "report $r" 0
	golden "report $r (text)" "$G/report_$r.txt"
	t --lang de report $r
	golden "report $r (text, German)" "$G/report_${r}_de.txt"
	t report $r --format json
	golden "report $r (json)" "$G/report_$r.json"
	t report $r --format csv
	golden "report $r (csv)" "$G/report_$r.csv"
done

# options
t report stories --weeks 2 --latest 1 --format csv
expect_eq "stories --weeks 2" "$(grep -c '^week,' "$WORK/out")" 2
expect_eq "stories --latest 1" "$(grep -c '^story,' "$WORK/out")" 1
t report promises --within 3d --format csv
expect_eq "promises --within 3d" "$(grep -c '^due_soon,' "$WORK/out")" 1
t report promises --since 2026-06-01 --format csv
expect_out "promises --since narrows the rates" '^total,,,,,,,,,4,1,1,1,0,0,1,0.2500,0.5000$'
t report feedback --since 2026-11-01 --answers 0 --words 0 --format json
expect_out "feedback --since" '"count": 2,'
t report cadence --days 30 --format csv
expect_eq "cadence --days 30" "$(grep -c '^[A-E][0-9]' "$WORK/out")" 3
t report cadence --days 30 --limit 1
expect_out "cadence --limit" '\.\.\. and 1 more \(--limit 0 shows all\)'
t --as-of 2026-10-01 report promises --format json
expect_out "promises --as-of" '"today": "2026-09-30"'

# usage errors
t report stories --weeks 0
expect_rc "stories --weeks 0" 2
t report promises --within soon
expect_rc "promises --within that is no duration" 2
t report cadence --days -1
expect_rc "cadence --days -1" 2
t report feedback extra
expect_rc "an extra argument" 2
t report feedback --weeks 3
expect_rc "an option of another report" 2
