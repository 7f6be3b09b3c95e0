#!/usr/bin/env python3
"""xlsx_check.py BOOK.xlsx DATA.csv — the workbook treue wrote holds the
same values as the CSV it was made from: every cell of every data row
(dates as dates, numbers as numbers, text as text), a bold frozen header and
an autofilter.  Sectioned CSVs (metric,value or section,...) are compared
sheet by sheet.  Prints what differs; exit 1 on any difference."""
import csv
import datetime
import sys

import openpyxl

book, data = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(data, encoding='utf-8', newline='')))
header, body = rows[0], rows[1:]
wb = openpyxl.load_workbook(book)
bad = []


def same(cell, text):
    if text == '':
        return cell is None
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() == text
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        try:
            return abs(cell - float(text)) < 1e-9 * max(1.0, abs(float(text)))
        except ValueError:
            return False
    return cell == text


metric = header == ['metric', 'value']
sectioned = metric or header[0] == 'section'
groups = {}
for r in body:
    key = (r[0].split('.', 1)[0] if '.' in r[0] else '') if metric else (r[0] if sectioned else '')
    groups.setdefault(key, []).append(r)
if len(groups) != len(wb.worksheets):
    bad.append(f'{len(wb.worksheets)} sheets for {len(groups)} sections')
for ws, (key, rs) in zip(wb.worksheets, groups.items()):
    if ws.freeze_panes != 'A2':
        bad.append(f'{ws.title}: header not frozen ({ws.freeze_panes})')
    if not ws.auto_filter.ref:
        bad.append(f'{ws.title}: no autofilter')
    if not ws.cell(1, 1).font.b:
        bad.append(f'{ws.title}: header not bold')
    got = list(ws.iter_rows(min_row=2, values_only=True))
    if len(got) != len(rs):
        bad.append(f'{ws.title}: {len(got)} rows, the CSV has {len(rs)}')
    for i, (g, r) in enumerate(zip(got, rs)):
        cells = r[1:] if metric else r
        gc = g[1:] if metric else g
        for j, text in enumerate(cells):
            if not same(gc[j] if j < len(gc) else None, text):
                bad.append(f'{ws.title} row {i + 2} column {j + 1}: {gc[j]!r} != {text!r}')
                break
for b in bad[:20]:
    print(b)
print(f'compared {sum(len(v) for v in groups.values())} rows in {len(wb.worksheets)} sheets')
sys.exit(1 if bad else 0)
