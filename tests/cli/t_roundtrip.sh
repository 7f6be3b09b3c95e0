# t_roundtrip.sh — the same demo data five ways: written straight into the
# database, exported as English CSV (comma, UTF-8, ISO dates, dot decimals),
# as German CSV (semicolon, Windows-1252, 24.11.2026, 1.234,56) and as
# English and German Excel workbooks (demo --xlsx), and imported.  All give
# identical reports, segments, action lists and journal reports;
# re-importing adds nothing.  The German files have German names
# (Umsaetze.csv, Umsaetze.xlsx ...) and German words (Vertrieb, eingehalten,
# Extrameile): they are imported by their German kind names.
. "$(dirname "$0")/lib.sh"
sqlite_file_only "imports into SQLite files of its own; the PostgreSQL round trip is t_pg.sh"
KINDS="customers orders surveys dialogs promises complaints stories referrals departures"
# the German file stems, in the order of KINDS; each is also the kind's name
KINDS_DE="Kunden Umsaetze Umfragen Kundengespraeche Zusagen Reklamationen Geschichten Empfehlungen Abgaenge"

t demo --customers 300 --seed 7 --csv "$WORK/en"
expect_rc "English CSV export" 0
t --lang de demo --customers 300 --seed 7 --csv "$WORK/de"
expect_rc "German CSV export" 0
if iconv -f utf-8 -t utf-8 "$WORK/de/Kunden.csv" >/dev/null 2>&1 && grep -q "$(printf '\344')" "$WORK/de/Kunden.csv"; then
	notok "German export is Windows-1252"
else
	ok "German export is Windows-1252"
fi
expect_eq "German export uses semicolons" "$(head -1 "$WORK/de/Umsaetze.csv" | tr -cd ';' | wc -c)" 4

export TREUE_DB="$WORK/en.db"
for k in $KINDS; do
	t import "$k" "$WORK/en/$k.csv"
	expect_rc "en: import $k" 0
	cp "$WORK/out" "$WORK/summary.$k"
done
export TREUE_DB="$WORK/de.db"
set -- $KINDS
for k in $KINDS_DE; do
	t import "$k" "$WORK/de/$k.csv"
	expect_rc "de: import $k" 0
	# the same counts, "kept as other" too: every German word maps back
	expect_eq "de: $k imports as $1.csv does" "$(cat "$WORK/out")" "$(cat "$WORK/summary.$1")"
	shift
done
t demo --customers 300 --seed 7 --xlsx "$WORK/xen"
expect_rc "English workbook export" 0
t --lang de demo --customers 300 --seed 7 --xlsx "$WORK/xde"
expect_rc "German workbook export" 0
export TREUE_DB="$WORK/xen.db"
for k in $KINDS; do
	t import "$k" "$WORK/xen/$k.xlsx"
	expect_rc "xen: import $k.xlsx" 0
done
export TREUE_DB="$WORK/xde.db"
set -- $KINDS
for k in $KINDS_DE; do
	t import "$k" "$WORK/xde/$k.xlsx"
	expect_rc "xde: import $k.xlsx" 0
	expect_eq "xde: $k.xlsx imports as $1.csv does" "$(cat "$WORK/out")" "$(cat "$WORK/summary.$1")"
	shift
done
export TREUE_DB="$WORK/direct.db"
t demo --customers 300 --seed 7
expect_rc "demo into the database" 0

for cmd in "report --format json" "segments --format csv" "actions --format csv" \
	   "report promises --format csv" "report feedback --format json" "report cadence --format csv" \
	   "movement --format csv" "whatif --format json"; do
	# shellcheck disable=SC2086
	TREUE_DB="$WORK/direct.db" $TREUE $cmd >"$WORK/direct.out" 2>&1
	for style in en de xen xde; do
		# shellcheck disable=SC2086
		TREUE_DB="$WORK/$style.db" $TREUE $cmd >"$WORK/$style.out" 2>&1
		if cmp -s "$WORK/direct.out" "$WORK/$style.out"; then
			ok "$style import equals the demo database: $cmd"
		else
			notok "$style import equals the demo database: $cmd"
			diff "$WORK/direct.out" "$WORK/$style.out" | head -10 | sed 's/^/#   /'
		fi
	done
done
# German and English text renderings of the same numbers
TREUE_DB="$WORK/de.db" $TREUE --lang de report >"$WORK/de.txt"
TREUE_DB="$WORK/en.db" $TREUE --lang de report >"$WORK/en.txt"
if cmp -s "$WORK/de.txt" "$WORK/en.txt"; then ok "German text report equal for both imports"; else notok "German text report equal for both imports"; fi
TREUE_DB="$WORK/xde.db" $TREUE --lang de report >"$WORK/xde.txt"
if cmp -s "$WORK/de.txt" "$WORK/xde.txt"; then ok "German text report equal for CSV and workbooks"; else notok "German text report equal for CSV and workbooks"; fi

# the workbooks: sheet names in the language, bold frozen header, date and number cells
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	run /usr/bin/python3 -c '
import sys, openpyxl, datetime
ws = openpyxl.load_workbook(sys.argv[1]).active
row = [c for c in ws[2]]
print(ws.title, all(c.font.b for c in ws[1]), ws.freeze_panes,
      isinstance(row[2].value, datetime.datetime), row[2].number_format,
      isinstance(row[3].value, float), row[3].number_format)
' "$WORK/xde/Umsaetze.xlsx"
	expect_out "German orders workbook: sheet, header, cells" "^Umsätze True A2 True dd\.mm\.yyyy True #,##0\.00$"
	run /usr/bin/python3 -c '
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print(ws.title, ",".join(c.value for c in ws[1]))
' "$WORK/xen/customers.xlsx"
	expect_out "English customers workbook: the CSV header" "^Customers $(head -1 "$WORK/en/customers.csv")$"
else
	skip "workbooks read back" "python3-openpyxl is not installed"
fi

# re-importing adds nothing
export TREUE_DB="$WORK/de.db"
before=$(sqlite3 "$TREUE_DB" "select (select count(*) from orders) || '/' || (select count(*) from survey) || '/' || (select count(*) from complaint)")
for k in $KINDS_DE; do
	t import "$k" "$WORK/de/$k.csv"
done
after=$(sqlite3 "$TREUE_DB" "select (select count(*) from orders) || '/' || (select count(*) from survey) || '/' || (select count(*) from complaint)")
expect_eq "re-importing the German files adds nothing" "$after" "$before"
