# t_xlsx_import.sh — Excel workbooks as import input.  The German demo CSV set is
# turned into workbooks (tests/cli/workbook.py: German headers, date cells
# and text dates, number cells and 1.234,56 text in the same columns) and
# must import to the same report and segments as the CSV files, as .xlsx
# and as .xls; bad cells are named FILE:SHEET!CELL and nothing is imported;
# --sheet chooses the sheet; the 1904 date system; files that are no
# workbook.
. "$(dirname "$0")/lib.sh"
# the German demo files' stems, which are also German kind names
KINDS="Kunden Umsaetze Umfragen Kundengespraeche Zusagen Reklamationen Geschichten Empfehlungen Abgaenge"
PY=/usr/bin/python3
MK="$TOP/tests/cli/workbook.py"

if ! $PY -c 'import openpyxl' 2>/dev/null; then
	skip "workbooks" "python3-openpyxl is not installed"
	exit 0
fi

t --lang de demo --customers 120 --seed 11 --csv "$WORK/de"
expect_rc "German CSV export" 0
mkdir -p "$WORK/x"
for k in $KINDS; do
	$PY "$MK" convert "$WORK/de/$k.csv" "$WORK/x/$k.xlsx" || notok "convert $k"
done

for k in $KINDS; do
	TREUE_DB="$WORK/csv.db" run $TREUE import "$k" "$WORK/de/$k.csv"
	[ "$rc" -eq 0 ] || notok "CSV import $k"
	TREUE_DB="$WORK/xlsx.db" run $TREUE import "$k" "$WORK/x/$k.xlsx"
	expect_rc "import $k.xlsx" 0
done
TREUE_DB="$WORK/xlsx.db" t import orders "$WORK/x/Umsaetze.xlsx" --dry-run
expect_out "dry run names the format" "format +Excel \(\.xlsx\)"
expect_out "dry run names the sheet" "sheet +Tabelle1"
expect_out "date column: text dates and date cells" "Belegdatum.*-> date: DD\.MM\.YYYY, and date cells"
expect_out "money column: German text and number cells" "Umsatz.*decimal comma.*and number cells"

same() { # NAME DB-A DB-B COMMAND...
	name=$1 a=$2 b=$3
	shift 3
	TREUE_DB="$a" $TREUE "$@" >"$WORK/a.out" 2>&1
	TREUE_DB="$b" $TREUE "$@" >"$WORK/b.out" 2>&1
	if [ -s "$WORK/a.out" ] && cmp -s "$WORK/a.out" "$WORK/b.out"; then ok "$name"; else
		notok "$name"
		diff "$WORK/a.out" "$WORK/b.out" | head -10 | sed 's/^/#   /'
	fi
}
same "xlsx import equals CSV: report --format json" "$WORK/csv.db" "$WORK/xlsx.db" report --format json
same "xlsx import equals CSV: segments --format csv" "$WORK/csv.db" "$WORK/xlsx.db" segments --format csv
same "xlsx import equals CSV: promises" "$WORK/csv.db" "$WORK/xlsx.db" report promises --format csv
same "xlsx import equals CSV: feedback" "$WORK/csv.db" "$WORK/xlsx.db" report feedback --format json

# re-importing a workbook adds nothing
TREUE_DB="$WORK/xlsx.db" t import orders "$WORK/x/Umsaetze.xlsx"
expect_out "re-import adds nothing" "^0 imported"

# .xls through FreeXL
if $PY -c 'import xlwt' 2>/dev/null; then
	mkdir -p "$WORK/xls"
	for k in $KINDS; do
		$PY "$MK" convert "$WORK/de/$k.csv" "$WORK/xls/$k.xls" || notok "convert $k to xls"
		TREUE_DB="$WORK/xls.db" run $TREUE import "$k" "$WORK/xls/$k.xls"
		expect_rc "import $k.xls" 0
	done
	same "xls import equals CSV: report --format json" "$WORK/csv.db" "$WORK/xls.db" report --format json
	same "xls import equals CSV: segments --format csv" "$WORK/csv.db" "$WORK/xls.db" segments --format csv
	TREUE_DB="$WORK/xls.db" t import orders "$WORK/xls/Umsaetze.xls" --dry-run
	expect_out "xls dry run names the format" "format +Excel 97-2003 \(\.xls\)"
else
	skip "xls import" "python3-xlwt is not installed"
fi

# bad cells: FILE:SHEET!CELL, and nothing imported
cd "$WORK" || exit 1
$PY "$MK" bad Umsaetze.xlsx
export TREUE_DB="$WORK/bad.db"
t import orders Umsaetze.xlsx
expect_rc "bad workbook fails" 1
expect_err "a bad text date is named by its cell" '^Umsaetze\.xlsx:Tabelle1!C17: field "date": "31\.02\.2026" is not a date$'
expect_err "an error cell is a bad value" '^Umsaetze\.xlsx:Tabelle1!D9: field "revenue": "#DIV/0!" is an error value in the workbook$'
expect_err "nothing imported" "nothing imported: 2 bad row"
expect_eq "no order in the store" "$(sqlite3 bad.db 'select count(*) from orders' 2>/dev/null || echo 0)" 0
t import orders Umsaetze.xlsx --skip-bad rejects.csv
expect_rc "--skip-bad imports the good rows" 0
expect_out "17 rows imported" "^17 imported"
expect_eq "rejects file: header and two rows" "$(wc -l <rejects.csv | tr -d ' ')" 3
if grep -q 'Umsaetze.xlsx:Tabelle1!C17: field ""date"": ""31.02.2026"" is not a date' rejects.csv; then
	ok "rejects name the cell"
else
	notok "rejects name the cell" "$(cat rejects.csv)"
fi

# --sheet
export TREUE_DB="$WORK/sheet.db"
t import orders Umsaetze.xlsx --sheet "zweites blatt" --dry-run
expect_rc "--sheet by name, any case" 0
expect_out "--sheet reads that sheet" "customer_id=K7 date=2026-02-01 revenue=99\.50"
t import orders Umsaetze.xlsx --sheet Tabelle9
expect_rc "unknown sheet fails" 1
expect_err "unknown sheet lists the sheets" 'has no sheet "Tabelle9"; its sheets are: "Tabelle1", "Zweites Blatt"'
t import orders "$WORK/de/Umsaetze.csv" --sheet Tabelle1
expect_err "--sheet for a CSV file" "sheet is for workbooks"

# the 1904 date system
$PY "$MK" epoch1904 mac.xlsx
t import orders mac.xlsx --dry-run
expect_out "1904 dates" "date=2026-11-24 revenue=10\.00"
expect_out "1904 dates before 2000" "date=1999-12-31 revenue=20\.00"

# files that are no workbook
cp "$WORK/de/Umsaetze.csv" fake.xlsx
t import orders fake.xlsx
expect_rc "a CSV named .xlsx fails" 1
expect_err "a CSV named .xlsx: clear error" "fake\.xlsx: is named like an Excel workbook but is none"
cp "$WORK/x/Umsaetze.xlsx" orders-as.csv
t import orders orders-as.csv --dry-run
expect_out "a workbook named .csv is read by its content" "format +Excel \(\.xlsx\)"
printf 'PK\003\004garbage' >broken.xlsx
t import orders broken.xlsx
expect_err "a broken zip" "broken\.xlsx: is not a readable zip archive"
