# t_xlsx.sh — Excel out: --format xlsx --output FILE for every list and
# report; the workbook read back (openpyxl) holds the values of the CSV in
# the same language, dates as dates and numbers as numbers, with a bold,
# frozen, filtered header; sheet and column names follow the language.
. "$(dirname "$0")/lib.sh"

t demo --customers 400 --seed 11
expect_rc "a small demo" 0
if ! /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	skip "workbooks read back" "python3-openpyxl is not installed"
	exit 0
fi
for lang in en de; do
	for cmd in "report" "segments" "actions" "movement" "whatif" "list promises" \
		"list complaints" "report promises" "report cadence" "report stories" "report feedback"; do
		t --lang $lang $cmd --format csv
		cp "$WORK/out" "$WORK/data.csv"
		t --lang $lang $cmd --format xlsx --output "$WORK/book.xlsx"
		expect_rc "$cmd --format xlsx ($lang) exits 0" 0
		run /usr/bin/python3 "$TOP/tests/cli/xlsx_check.py" "$WORK/book.xlsx" "$WORK/data.csv"
		expect_rc "$cmd workbook ($lang) equals its CSV" 0
	done
done

# names in the chosen language; values agree with the JSON output
t --lang de actions --format xlsx --output "$WORK/a.xlsx"
t actions --format json
cp "$WORK/out" "$WORK/a.json"
run /usr/bin/python3 - "$WORK/a.xlsx" "$WORK/a.json" <<'PY'
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]
rows = list(ws.iter_rows(values_only=True))
doc = json.load(open(sys.argv[2]))
acts = doc["actions"] if isinstance(doc, dict) else doc
print(ws.title, rows[0][:3])
assert ws.title == "Aktionsliste", ws.title
assert rows[0][1] == "Kundennummer", rows[0]
assert len(rows) - 1 == len(acts), (len(rows), len(acts))
for r, a in zip(rows[1:], acts):
    assert r[1] == a["customer_id"] and r[0] == a["priority"], (r[:2], a)
print("ok")
PY
expect_out "German sheet and column names; rows equal the JSON action list" '^ok$'

t actions --format xlsx
expect_rc "--format xlsx without --output is a usage error" 2
expect_err "it says what is missing" '--output'
t import orders x.csv --format xlsx --output "$WORK/x.xlsx"
expect_rc "--format xlsx for import is a usage error" 2
t segments --format xlsx --output "$WORK/no/such/dir/s.xlsx"
expect_rc "an unwritable workbook is an error" 1
if ls "$WORK/no" 2>/dev/null; then notok "nothing is left behind"; else ok "nothing is left behind"; fi

# --output for the other formats: the whole output, replacing a file whole
echo old >"$WORK/seg.csv"
t segments --format csv --output "$WORK/seg.csv"
expect_rc "--output FILE for CSV exits 0" 0
t segments --format csv
if cmp -s "$WORK/out" "$WORK/seg.csv"; then ok "the file equals standard output"; else notok "the file equals standard output"; fi
n=$(ls "$WORK" | grep -c 'tmp-' || true)
expect_eq "no temporary file remains" "$n" 0
