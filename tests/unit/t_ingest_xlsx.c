/* t_ingest_xlsx.c — the workbook readers: date formats and serials, number
 * texts, the .xlsx cell reader from memory (shared strings, styles, every
 * cell type, caps and broken input), and whole workbooks written here with
 * libxlsxwriter and libzip, read through rowsrc (sheet choice, errors). */
#include <stdlib.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "test.h"
#include "xlsx_int.h"

/* ---- values ---- */

TEST(xlsx_date_formats)
{
	CHECK(xl_date_format(14, NULL));
	CHECK(xl_date_format(22, NULL));
	CHECK(xl_date_format(45, NULL));
	CHECK(!xl_date_format(0, NULL));
	CHECK(!xl_date_format(4, NULL));
	CHECK(!xl_date_format(49, NULL));
	CHECK(xl_date_format(164, "dd.mm.yyyy"));
	CHECK(xl_date_format(164, "[$-407]DD.MM.YYYY;@"));
	CHECK(xl_date_format(164, "mmm yy"));
	CHECK(xl_date_format(164, "mmmm"));
	CHECK(!xl_date_format(164, "hh:mm"));
	CHECK(!xl_date_format(164, "mm:ss"));
	CHECK(!xl_date_format(164, "[h]:mm"));
	CHECK(!xl_date_format(164, "[mm]"));
	CHECK(!xl_date_format(164, "General"));
	CHECK(!xl_date_format(164, "#,##0.00 \"days\""));
	CHECK(!xl_date_format(164, "[Red]0.00;[Blue]-0.00"));
	CHECK(!xl_date_format(164, "#,##0.00\\ [$€-407]"));
	CHECK(!xl_date_format(164, "0\\d"));
	CHECK(!xl_date_format(164, "_-* #,##0.00_-"));
	CHECK(xl_date_format(164, "yyyy\\-mm\\-dd"));
}

TEST(xlsx_serials)
{
	day_t d;
	CHECK(xl_serial_day(1, 0, &d) == 0 && d == day_from_ymd(1900, 1, 1));
	CHECK(xl_serial_day(59, 0, &d) == 0 && d == day_from_ymd(1900, 2, 28));
	CHECK(xl_serial_day(60, 0, &d) < 0); /* 1900-02-29 never was */
	CHECK(xl_serial_day(61, 0, &d) == 0 && d == day_from_ymd(1900, 3, 1));
	CHECK(xl_serial_day(45000, 0, &d) == 0 && d == day_from_ymd(2023, 3, 15));
	CHECK(xl_serial_day(45000.75, 0, &d) == 0 && d == day_from_ymd(2023, 3, 15));
	CHECK(xl_serial_day(1, 1, &d) == 0 && d == day_from_ymd(1904, 1, 2));
	CHECK(xl_serial_day(43538, 1, &d) == 0 && d == day_from_ymd(2023, 3, 15));
	CHECK(xl_serial_day(0.5, 0, &d) < 0); /* a time of day */
	CHECK(xl_serial_day(-3, 0, &d) < 0);
	CHECK(xl_serial_day(3e6, 0, &d) < 0);
	CHECK(xl_serial_day(NAN, 0, &d) < 0);
}

TEST(xlsx_number_text)
{
	char b[48];
	CHECK_STR(xl_number_text(1234.56, b), "1234.56");
	CHECK_STR(xl_number_text(0.1 + 0.2, b), "0.3");
	CHECK_STR(xl_number_text(10001, b), "10001");
	CHECK_STR(xl_number_text(-0.5, b), "-0.5");
	CHECK_STR(xl_number_text(-0.0, b), "0");
	CHECK_STR(xl_number_text(1.005, b), "1.005");
	CHECK_STR(xl_number_text(123456789012.345, b), "123456789012.345");
	CHECK_STR(xl_number_text(1e15, b), "1e+15");
	CHECK_STR(xl_number_text(1e-20, b), "0");

	int64_t c;
	const char *why;
	CHECK(cell_number_cents("1234.56", &c, &why, LANG_EN) == 0 && c == 123456);
	CHECK(cell_number_cents("1.005", &c, &why, LANG_EN) == 0 && c == 101);
	CHECK(cell_number_cents("-0.125", &c, &why, LANG_EN) == 0 && c == -13);
	CHECK(cell_number_cents("7", &c, &why, LANG_EN) == 0 && c == 700);
	/* one amount is at most ±100,000,000,000.00 (MONEY_MAX) */
	CHECK(cell_number_cents("99999999999.99", &c, &why, LANG_EN) == 0 && c == 9999999999999);
	CHECK(cell_number_cents("1234567890123.4", &c, &why, LANG_EN) < 0);
	CHECK(cell_number_cents("12345678901234", &c, &why, LANG_EN) < 0);
	CHECK(cell_number_cents("1e+15", &c, &why, LANG_EN) < 0);
	CHECK(cell_number_cents("", &c, &why, LANG_EN) < 0);

	const char *end;
	CHECK_INT(xl_col_parse("A1", &end), 1);
	CHECK_STR(end, "1");
	CHECK_INT(xl_col_parse("AA7", &end), 27);
	CHECK_INT(xl_col_parse("XFD1", &end), 16384);
	CHECK_INT(xl_col_parse("XFE1", &end), 0);
	CHECK_INT(xl_col_parse("ABCD1", &end), 0);
	CHECK_INT(xl_col_parse("17", &end), 0);
}

TEST(xlsx_err_format)
{
	struct err e = {.lang = LANG_EN};
	struct strbuf sb = STRBUF_INIT;
	err_init(&e, LANG_EN);
	snprintf(e.file, sizeof(e.file), "Umsaetze.xlsx");
	snprintf(e.sheet, sizeof(e.sheet), "Tabelle1");
	snprintf(e.field, sizeof(e.field), "date");
	snprintf(e.value, sizeof(e.value), "31.02.2026");
	snprintf(e.msg, sizeof(e.msg), "is not a date");
	e.line = 17;
	e.col = 3;
	err_format(&e, &sb);
	CHECK_STR(sb.buf,
	          "Umsaetze.xlsx:Tabelle1!C17: field \"date\": \"31.02.2026\" is not a date");
	sb_reset(&sb);
	e.col = 28;
	snprintf(e.sheet, sizeof(e.sheet), "Umsätze 2026");
	e.field[0] = '\0';
	err_format(&e, &sb);
	CHECK_STR(sb.buf, "Umsaetze.xlsx:'Umsätze 2026'!AB17: is not a date");
	sb_reset(&sb);
	e.col = 0;
	snprintf(e.sheet, sizeof(e.sheet), "Bob's");
	err_format(&e, &sb);
	CHECK_STR(sb.buf, "Umsaetze.xlsx:'Bob''s'!17:17: is not a date");
	sb_reset(&sb);
	e.line = 0;
	err_format(&e, &sb);
	CHECK_STR(sb.buf, "Umsaetze.xlsx:'Bob''s': is not a date");
	sb_release(&sb);
}

/* ---- the cell reader from memory ---- */

struct mem {
	const char *p;
	size_t n, pos, step;
};

static long mem_read(void *arg, void *buf, size_t n, struct err *e)
{
	struct mem *m = arg;
	(void)e;
	size_t k = m->n - m->pos;
	if (k > n)
		k = n;
	if (m->step && k > m->step)
		k = m->step;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (long)k;
}

static const char sst_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"4\" "
    "uniqueCount=\"4\"><si><t>Kundennummer</t></si>"
    "<si><r><rPr><b/></rPr><t>Ums</t></r><r><t>ätze</t></r><rPh><t>X</t></rPh></si>"
    "<si><t xml:space=\"preserve\"> a_x000D_b _x005F_x0041_ </t></si>"
    "<si><t/></si></sst>";

static const char styles_xml[] =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"#,##0.00 &quot;€&quot;\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/>"
    "<xf numFmtId=\"165\"/><xf numFmtId=\"4\"/></cellXfs></styleSheet>";

/* Reads every row of sheet into "LINE:tTEXT|tTEXT\n" (t: the type's
 * letter t n d b e); an error adds "ERR line col: msg". */
static char *read_sheet(const char *sheet, int date1904, size_t step)
{
	struct xl_book b;
	struct err e = {.lang = LANG_EN};
	struct strbuf out = STRBUF_INIT;
	struct mem ms = {sst_xml, sizeof(sst_xml) - 1, 0, 7};
	struct mem m = {sheet, strlen(sheet), 0, step};
	struct cellrow row;
	int rc;
	err_init(&e, LANG_EN);
	xl_book_init(&b);
	cellrow_init(&row);
	if (xl_parse_sst(&b, mem_read, &ms, &e) ||
	    xl_parse_styles(&b, styles_xml, sizeof(styles_xml) - 1, &e)) {
		sb_addf(&out, "ERR book: %s", e.msg);
		goto out;
	}
	b.date1904 = date1904;
	struct xl_sheet *s = xl_sheet_open(&b, mem_read, &m, LANG_EN);
	while ((rc = xl_sheet_next(s, &row, &e)) == 1) {
		sb_addf(&out, "%ld:", row.line);
		for (int i = 0; i < row.nf; i++) {
			CHECK(strlen(row.f[i]) == row.len[i]);
			sb_addf(&out, "%s%c%s", i ? "|" : "", "tndbe"[row.type[i]], row.f[i]);
			if (row.type[i] == CELL_DATE) {
				char buf[11];
				CHECK_STR(day_format(row.day[i], buf), row.f[i]);
			}
		}
		sb_addch(&out, '\n');
	}
	if (rc < 0)
		sb_addf(&out, "ERR %ld %d: %s", e.line, e.col, e.msg);
	CHECK(xl_sheet_next(s, &row, &e) == rc); /* stays at the end, or the error */
	xl_sheet_free(s);
out:
	xl_book_release(&b);
	cellrow_release(&row);
	return sb_detach(&out);
}

#define SHEET(rows)                                                                                \
	"<?xml version=\"1.0\"?><worksheet "                                                       \
	"xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension "          \
	"ref=\"A1:D3\"/><sheetData>" rows "</sheetData><mergeCells count=\"0\"/></worksheet>"

#define CHECK_SHEET(xml, want)                                                                     \
	do {                                                                                       \
		for (size_t step_ = 0; step_ < 3; step_++) {                                       \
			char *got_ = read_sheet(xml, 0, step_ == 0 ? 0 : step_ == 1 ? 1 : 13);     \
			CHECK_STR(got_, want);                                                     \
			free(got_);                                                                \
		}                                                                                  \
	} while (0)

TEST(xlsx_shared_strings)
{
	CHECK_SHEET(SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" "
	                  "t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v> 2 </v></c><c r=\"D1\" "
	                  "t=\"s\"><v>3</v></c></row>"),
	            "1:tKundennummer|tUmsätze|t a\rb _x0041_ |t\n");
}

TEST(xlsx_cell_types)
{
	CHECK_SHEET(
	    SHEET(
	        "<row r=\"2\" spans=\"1:4\"><c r=\"A2\"><v>1234.56</v></c>"
	        "<c r=\"C2\" s=\"1\"><v>46350</v></c><c r=\"D2\" s=\"2\"><v>46350.5</v></c></row>"
	        "<row r=\"4\"><c r=\"A4\" s=\"3\"><v>-12.5</v></c><c r=\"B4\" s=\"4\"><v>7</v></c>"
	        "<c r=\"C4\" t=\"b\"><v>1</v></c><c r=\"D4\" t=\"e\"><v>#N/A</v></c></row>"
	        "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>in</t><r><t>line</t></r></is></c>"
	        "<c r=\"B5\" t=\"str\"><f>A5&amp;\"!\"</f><v>inline!</v></c>"
	        "<c r=\"C5\" t=\"d\"><v>2026-11-24T00:00:00</v></c>"
	        "<c r=\"D5\" t=\"n\" s=\"2\"><f>1/2</f><v>0.5</v></c></row>"
	        "<row r=\"6\"><c r=\"B6\" s=\"1\"/><c r=\"C6\" t=\"s\"/></row>"
	        "<row><c><v>1</v></c><c><v>2</v></c></row>"),
	    "2:n1234.56|t|d2026-11-24|d2026-11-24\n"
	    "4:n-12.5|n7|bTRUE|e#N/A\n"
	    "5:tinline|tinline!|d2026-11-24|n0.5\n"
	    "7:n1|n2\n");
	/* prefixed element names, as some generators write them */
	CHECK_SHEET("<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
	            "main\"><x:sheetData><x:row r=\"1\"><x:c r=\"B1\" t=\"inlineStr\"><x:is><x:t>"
	            "b</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>",
	            "1:t|tb\n");
	/* a sheet without rows */
	CHECK_SHEET(SHEET(""), "");
}

TEST(xlsx_date_systems)
{
	const char *xml = SHEET("<row r=\"1\"><c s=\"1\"><v>43538</v></c><c s=\"1\"><v>60</v></c>"
	                        "<c s=\"1\"><v>0.25</v></c></row>");
	char *a = read_sheet(xml, 0, 0), *b = read_sheet(xml, 1, 0);
	CHECK_STR(a, "1:d2019-03-14|n60|n0.25\n");
	CHECK_STR(b, "1:d2023-03-15|d1904-03-01|n0.25\n");
	free(a);
	free(b);
}

TEST(xlsx_bad_sheets)
{
	CHECK_SHEET(SHEET("<row r=\"3\"><c r=\"B3\" t=\"s\"><v>9</v></c></row>"),
	            "ERR 3 2: the cell refers to shared string \"9\", which does not exist");
	CHECK_SHEET(SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c "
	                  "r=\"C2\"><v>12abc</v></c></row>"),
	            "1:n1\nERR 2 3: the number cell holds \"12abc\", which is not a number");
	CHECK_SHEET(SHEET("<row r=\"2\"><c r=\"C2\"><v>1</v></c><c r=\"A2\"><v>1</v></c></row>"),
	            "ERR 2 1: the cells of the row are out of order");
	CHECK_SHEET(SHEET("<row r=\"2\"><c r=\"C2\"><v>1</v></c></row><row "
	                  "r=\"2\"><c><v>1</v></c></row>"),
	            "2:t|t|n1\nERR 2 0: row 2 comes after row 2");
	CHECK_SHEET(SHEET("<row r=\"1048577\"><c><v>1</v></c></row>"),
	            "ERR 0 0: row number \"1048577\" is not valid");
	CHECK_SHEET(
	    SHEET("<row r=\"1\"><c r=\"ZZ1\"><v>1</v></c><c r=\"ABCD1\"><v>1</v></c></row>"),
	    "ERR 1 0: cell reference \"ABCD1\" is not valid");
	CHECK_SHEET(SHEET("<row r=\"1\"><c r=\"XFD1\"><v>1</v></c></row>"),
	            "ERR 1 16384: more than 2048 columns: cells this far right are not read");
	CHECK_SHEET(SHEET("<row r=\"1\"><c><v>1</c></row>"),
	            "ERR 0 0: broken XML: mismatched tag (XML line 1)");
	CHECK_SHEET("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet/>",
	            "ERR 0 0: the XML has a document type declaration, which workbooks do not");
	CHECK_SHEET("", "ERR 0 0: broken XML: no element found (XML line 1)");

	/* a cell's text: CSV_FIELD_MAX bytes at most */
	struct strbuf big = STRBUF_INIT;
	sb_adds(&big, "<worksheet><sheetData><row r=\"5\"><c r=\"D5\" t=\"inlineStr\"><is><t>");
	for (int i = 0; i <= CSV_FIELD_MAX; i++)
		sb_addch(&big, 'x');
	sb_adds(&big, "</t></is></c></row></sheetData></worksheet>");
	char *got = read_sheet(big.buf, 0, 0);
	CHECK_STR(got, "ERR 5 4: the cell holds more than 65536 bytes of text");
	free(got);

	/* a tag that never ends: expat would buffer all of it */
	sb_reset(&big);
	sb_adds(&big, "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" x=\"");
	for (int i = 0; i < 2 * CSV_RECORD_MAX; i++)
		sb_addch(&big, 'z');
	sb_adds(&big, "\"/></row></sheetData></worksheet>");
	got = read_sheet(big.buf, 0, 0);
	CHECK_STR(got, "ERR 0 0: broken XML: a tag or comment longer than 1179648 bytes");
	free(got);
	sb_release(&big);
}

TEST(xlsx_bad_shared_strings)
{
	struct xl_book b;
	struct err e = {.lang = LANG_EN};
	static const char dtd[] =
	    "<!DOCTYPE sst [<!ENTITY a \"b\">]><sst><si><t>&a;</t></si></sst>";
	struct mem m = {dtd, sizeof(dtd) - 1, 0, 0};
	xl_book_init(&b);
	err_init(&e, LANG_EN);
	CHECK(xl_parse_sst(&b, mem_read, &m, &e) < 0);
	CHECK(strstr(e.msg, "document type") != NULL);
	xl_book_release(&b);

	struct strbuf big = STRBUF_INIT;
	sb_adds(&big, "<sst><si><t>");
	for (int i = 0; i <= CSV_FIELD_MAX; i++)
		sb_addch(&big, 'y');
	sb_adds(&big, "</t></si></sst>");
	struct mem m2 = {big.buf, big.len, 0, 0};
	xl_book_init(&b);
	CHECK(xl_parse_sst(&b, mem_read, &m2, &e) < 0);
	CHECK_STR(e.msg, "shared string 0 holds more than 65536 bytes");
	xl_book_release(&b);
	sb_release(&big);
}

/* ---- whole workbooks ---- */

static char *tmp_path(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "%s/%s", test_tmpdir(), name);
	return sb_detach(&sb);
}

/* A workbook of two sheets; constant: libxlsxwriter's constant-memory mode
 * (inline strings instead of shared ones). */
static char *make_book(const char *name, int constant)
{
	char *path = tmp_path(name);
	lxw_workbook_options opt = {.constant_memory = (uint8_t)constant};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *a = workbook_add_worksheet(wb, "Tabelle1");
	lxw_worksheet *b = workbook_add_worksheet(wb, "Umsätze 2026");
	lxw_format *date = workbook_add_format(wb), *money = workbook_add_format(wb);
	format_set_num_format(date, "dd.mm.yyyy");
	format_set_num_format(money, "#,##0.00 \"€\"");
	worksheet_write_string(a, 0, 0, "Kundennummer", NULL);
	worksheet_write_string(a, 0, 1, "Datum", NULL);
	worksheet_write_string(a, 0, 2, "Betrag", NULL);
	worksheet_write_string(a, 1, 0, "K1", NULL);
	worksheet_write_number(a, 1, 1, 46350, date);
	worksheet_write_number(a, 1, 2, 1234.56, money);
	worksheet_write_number(a, 2, 0, 10002, NULL);
	worksheet_write_string(a, 2, 1, "24.11.2026", NULL);
	worksheet_write_string(a, 2, 2, "1.234,56", NULL);
	worksheet_write_boolean(a, 4, 0, 1, NULL);
	worksheet_write_formula_num(a, 4, 2, "=1+1", NULL, 2);
	worksheet_write_string(b, 0, 0, "x", NULL);
	CHECK(workbook_close(wb) == LXW_NO_ERROR);
	return path;
}

static char *read_all(const char *path, const char *sheet)
{
	struct strbuf out = STRBUF_INIT;
	struct err e = {.lang = LANG_EN};
	int rc;
	struct rowsrc *s = rowsrc_open(path, sheet, ENC_AUTO, &e);
	if (!s) {
		err_format(&e, &out);
		return sb_detach(&out);
	}
	for (int pass = 0; pass < 2; pass++) {
		sb_addf(&out, "%s[%s]", rowsrc_format_name(s->format), s->sheet ? s->sheet : "");
		while ((rc = rowsrc_next(s, &e)) == 1) {
			sb_addf(&out, " %ld:", s->line);
			for (int i = 0; i < s->nf; i++)
				sb_addf(&out, "%s%c%s", i ? "|" : "",
				        s->type ? "tndbe"[s->type[i]] : 't', s->f[i]);
		}
		if (rc < 0)
			err_format(&e, &out);
		if (pass == 0 && rowsrc_rewind(s, &e)) {
			err_format(&e, &out);
			break;
		}
		sb_addch(&out, '\n');
	}
	rowsrc_free(s);
	return sb_detach(&out);
}

TEST(xlsx_workbooks)
{
	static const char want[] = "Excel (.xlsx)[Tabelle1] 1:tKundennummer|tDatum|tBetrag "
	                           "2:tK1|d2026-11-24|n1234.56 3:n10002|t24.11.2026|t1.234,56 "
	                           "5:bTRUE|t|n2\n";
	for (int constant = 0; constant < 2; constant++) {
		char *path = make_book(constant ? "c.xlsx" : "s.xlsx", constant);
		char *got = read_all(path, NULL);
		struct strbuf two = STRBUF_INIT;
		sb_adds(&two, want);
		sb_adds(&two, want);
		CHECK_STR(got, two.buf);
		free(got);
		got = read_all(path, "umsätze 2026");
		CHECK_STR(got,
		          "Excel (.xlsx)[Umsätze 2026] 1:tx\nExcel (.xlsx)[Umsätze 2026] 1:tx\n");
		free(got);
		got = read_all(path, "Tabelle2");
		CHECK(strstr(got, "has no sheet \"Tabelle2\"; its sheets are: \"Tabelle1\", "
		                  "\"Umsätze 2026\"") != NULL);
		CHECK(strncmp(got, path, strlen(path)) == 0);
		free(got);
		sb_release(&two);
		free(path);
	}
}

static char *write_zip(const char *name, const char *const *names, const char *const *data,
                       const size_t *lens, int n)
{
	char *path = tmp_path(name);
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	CHECK(z != NULL);
	for (int i = 0; z && i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, data[i], lens[i], 0);
		CHECK(zip_file_add(z, names[i], s, ZIP_FL_OVERWRITE) >= 0);
	}
	CHECK(z && zip_close(z) == 0);
	return path;
}

TEST(xlsx_not_workbooks)
{
	/* a CSV file named .xlsx */
	char *path = tmp_path("renamed.xlsx");
	FILE *f = fopen(path, "w");
	fputs("a;b\n1;2\n", f);
	fclose(f);
	char *got = read_all(path, NULL);
	CHECK(strstr(got, "is named like an Excel workbook but is none") != NULL);
	free(got);
	free(path);

	/* --sheet for a CSV file */
	path = tmp_path("plain.csv");
	f = fopen(path, "w");
	fputs("a;b\n1;2\n", f);
	fclose(f);
	got = read_all(path, "Tabelle1");
	CHECK(strstr(got, "--sheet is for workbooks") != NULL);
	free(got);
	free(path);

	/* a zip that is no workbook; an OpenDocument spreadsheet */
	const char *names[2] = {"mimetype", "content.xml"};
	const char *data[2] = {"application/vnd.oasis.opendocument.spreadsheet", "<x/>"};
	size_t lens[2] = {strlen(data[0]), strlen(data[1])};
	path = write_zip("a.zip", names, data, lens, 1);
	got = read_all(path, NULL);
	CHECK(strstr(got, "a.zip: is not an Excel workbook: the part xl/workbook.xml is missing"));
	free(got);
	free(path);
	path = write_zip("b.ods", names, data, lens, 2);
	got = read_all(path, NULL);
	CHECK(strstr(got, "is an OpenDocument spreadsheet"));
	free(got);
	free(path);

	/* a zip bomb: workbook.xml unpacks beyond the cap */
	size_t n = WB_PART_MAX + 100;
	char *blank = xmalloc(n);
	memset(blank, ' ', n);
	memcpy(blank, "<workbook>", 10);
	const char *bn[1] = {"xl/workbook.xml"};
	const char *bd[1] = {blank};
	path = write_zip("bomb.xlsx", bn, bd, &n, 1);
	got = read_all(path, NULL);
	CHECK(strstr(got, "xl/workbook.xml: unpacks to more than 16777216 bytes"));
	free(got);
	free(path);
	free(blank);

	/* a workbook without sheets, and one whose sheet is broken */
	const char *wn[3] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
	                     "xl/worksheets/sheet1.xml"};
	const char *wd[3] = {
	    "<workbook><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
	    "<Relationships><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
	    "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	    "</Relationships>",
	    "<worksheet><sheetData><row r=\"1\"><c t=\"s\"><v>0</v></c></row></sheetData>"};
	size_t wl[3] = {strlen(wd[0]), strlen(wd[1]), strlen(wd[2])};
	path = write_zip("nosheet.xlsx", wn, wd, wl, 1);
	got = read_all(path, NULL);
	CHECK(strstr(got, "has no worksheet to read"));
	free(got);
	free(path);
	path = write_zip("broken.xlsx", wn, wd, wl, 3);
	got = read_all(path, NULL);
	CHECK(strstr(got, "broken.xlsx:S!A1: the cell refers to shared string \"0\", which does "
	                  "not exist"));
	free(got);
	free(path);
}
