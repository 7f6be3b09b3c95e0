"""workbook.py — makes the workbooks tests/cli/t_xlsx.sh imports, with
openpyxl (.xlsx) and xlwt (.xls), the Debian packages python3-openpyxl and
python3-xlwt.

  workbook.py convert SRC.csv DST.xlsx|DST.xls [SHEET]
      A German-style demo CSV file (semicolons, Windows-1252, 24.11.2026,
      1.234,56) as a workbook with the same values, mixed the way real
      exports mix them: in every date, money and score column the even
      rows are typed cells (date cells, number cells) and the odd rows keep
      the text of the CSV file.
  workbook.py bad DST.xlsx
      Umsaetze.xlsx-like orders with a bad text date in C17 and an error
      cell in D9, on sheet Tabelle1, and a second sheet "Zweites Blatt".
  workbook.py epoch1904 DST.xlsx
      Orders with date cells in a workbook of the 1904 date system.
"""
import csv
import datetime
import sys

DATES = {"Belegdatum", "Datum", "Kunde seit", "vereinbart am", "fällig am",
         "abgeschlossen am", "erledigt am"}
MONEY = {"Umsatz", "Deckungsbeitrag", "Akquisitionskosten"}
SCORES = {"Zufriedenheit", "Weiterempfehlung", "Nutzen"}


def typed(header, text, row):
    """The cell value for text in column header of data row row (1-based)."""
    if text == "" or row % 2:
        return text, None
    if header in DATES:
        d, m, y = text.split(".")
        return datetime.date(int(y), int(m), int(d)), "DD.MM.YYYY"
    if header in MONEY:
        return float(text.replace(".", "").replace(",", ".")), "#,##0.00"
    if header in SCORES:
        return float(text.replace(",", ".")), "0.0"
    return text, None


def read_csv(src):
    with open(src, encoding="cp1252", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def convert(src, dst, sheet):
    rows = read_csv(src)
    header = rows[0]
    if dst.endswith(".xls"):
        import xlwt
        wb = xlwt.Workbook(encoding="utf-8")
        ws = wb.add_sheet(sheet)
        styles = {}
        for c, h in enumerate(header):
            ws.write(0, c, h)
        for r, row in enumerate(rows[1:], start=1):
            for c, text in enumerate(row):
                v, fmt = typed(header[c], text, r)
                if v == "":
                    continue
                if fmt:
                    st = styles.setdefault(fmt, xlwt.easyxf(num_format_str=fmt))
                    ws.write(r, c, v, st)
                else:
                    ws.write(r, c, v)
        wb.save(dst)
        return
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for r, row in enumerate(rows[1:], start=1):
        for c, text in enumerate(row):
            v, fmt = typed(header[c], text, r)
            if v == "":
                continue
            cell = ws.cell(row=r + 1, column=c + 1, value=v)
            if fmt:
                cell.number_format = fmt
            elif isinstance(v, str):
                cell.data_type = "s"  # text stays text (no formula, no number)
    wb.save(dst)


def bad(dst):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabelle1"
    ws.append(["Belegnummer", "Kundennummer", "Belegdatum", "Umsatz"])
    for i in range(2, 21):
        ws.append(["R%d" % i, "K%d" % (i % 4), datetime.date(2026, 1, i), "1.234,56"])
        ws.cell(row=i, column=3).number_format = "DD.MM.YYYY"
    ws["C17"] = "31.02.2026"
    ws["D9"] = "#DIV/0!"
    ws["D9"].data_type = "e"
    ws2 = wb.create_sheet("Zweites Blatt")
    ws2.append(["Kundennummer", "Datum", "Betrag"])
    ws2.append(["K7", "01.02.2026", 99.5])
    wb.save(dst)


def epoch1904(dst):
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["Customer", "Date", "Revenue"])
    ws.append(["K1", datetime.date(2026, 11, 24), 10])
    ws.append(["K1", datetime.date(1999, 12, 31), 20])
    for r in (2, 3):
        ws.cell(row=r, column=2).number_format = "yyyy-mm-dd"
    wb.save(dst)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "convert":
        convert(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "Tabelle1")
    elif cmd == "bad":
        bad(sys.argv[2])
    elif cmd == "epoch1904":
        epoch1904(sys.argv[2])
    else:
        sys.exit("workbook.py: unknown command " + cmd)
