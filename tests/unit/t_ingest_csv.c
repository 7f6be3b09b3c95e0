/* t_ingest_csv.c — the CSV scanner: quoting, line ends, BOM, empty and
 * trailing fields, line numbers, caps and their messages. */
#include <stdlib.h>

#include "ingest.h"
#include "test.h"

/* Reads all of s with delimiter d (0: detect) into "LINE:f1|f2\n..."; on
 * an error appends "ERR LINE: msg". */
static char *scan(const char *s, size_t n, char d)
{
	struct strbuf out = STRBUF_INIT;
	struct err e = {0};
	int rc;
	err_clear(&e);
	struct csv *c = csv_open_mem("t.csv", s, n, d, ENC_AUTO, &e);
	if (!c) {
		sb_addf(&out, "ERR %ld: %s", e.line, e.msg);
		return sb_detach(&out);
	}
	while ((rc = csv_next(c, &e)) == 1) {
		sb_addf(&out, "%ld:", c->line);
		for (int i = 0; i < c->nf; i++)
			sb_addf(&out, "%s%s", i ? "|" : "", c->f[i]);
		sb_addch(&out, '\n');
	}
	if (rc < 0)
		sb_addf(&out, "ERR %ld: %s", e.line, e.msg);
	csv_free(c);
	return sb_detach(&out);
}

#define SCAN(s, d) scan((s), sizeof(s) - 1, (d))
#define CHECK_SCAN(s, d, want)                                                                     \
	do {                                                                                       \
		char *got_ = SCAN(s, d);                                                           \
		CHECK_STR(got_, want);                                                             \
		free(got_);                                                                        \
	} while (0)

TEST(csv_lf_and_crlf)
{
	CHECK_SCAN("a,b,c\n1,2,3\n", ',', "1:a|b|c\n2:1|2|3\n");
	CHECK_SCAN("a,b,c\r\n1,2,3\r\n", ',', "1:a|b|c\n2:1|2|3\n");
	CHECK_SCAN("a,b\r1,2\r", ',', "1:a|b\n2:1|2\n"); /* old Mac line ends */
	CHECK_SCAN("a,b\n1,2", ',', "1:a|b\n2:1|2\n");   /* no final line end */
	CHECK_SCAN("", ',', "");
}

TEST(csv_quotes)
{
	CHECK_SCAN("\"a,b\",c\n", ',', "1:a,b|c\n");
	CHECK_SCAN("\"say \"\"hi\"\"\",x\n", ',', "1:say \"hi\"|x\n");
	CHECK_SCAN("\"\"\"\",\"\"\n", ',', "1:\"|\n");
	/* a quote inside an unquoted field is a character */
	CHECK_SCAN("12\" monitor,x\n", ',', "1:12\" monitor|x\n");
	/* text after a closing quote is kept; spaces before an opening quote dropped */
	CHECK_SCAN("\"ab\"cd,  \"x,y\"\n", ',', "1:abcd|x,y\n");
}

TEST(csv_quoted_newlines_count_lines)
{
	CHECK_SCAN("h1,h2\n\"line one\nline two\",x\nnext,y\n", ',',
	           "1:h1|h2\n2:line one\nline two|x\n4:next|y\n");
	CHECK_SCAN("h\r\n\"a\r\nb\"\r\nc\r\n", ',', "1:h\n2:a\r\nb\n4:c\n");
}

TEST(csv_empty_and_trailing_fields)
{
	CHECK_SCAN("a,,c\n,,\n", ',', "1:a||c\n2:||\n");
	CHECK_SCAN("a;b;\n1;2;\n", ';', "1:a|b|\n2:1|2|\n");
	CHECK_SCAN("a,b,\n1,2,", ',', "1:a|b|\n2:1|2|\n");
}

TEST(csv_blank_lines_skipped)
{
	CHECK_SCAN("a,b\n\n1,2\r\n\r\n3,4\n\n", ',', "1:a|b\n3:1|2\n5:3|4\n");
}

TEST(csv_bom_and_sep_line)
{
	CHECK_SCAN("\xef\xbb\xbf"
	           "Kunde;Datum\n1;2\n",
	           0, "1:Kunde|Datum\n2:1|2\n");
	CHECK_SCAN("sep=;\r\na;b\r\n1,5;2\r\n", 0, "2:a|b\n3:1,5|2\n");
	struct err e = {0};
	struct csv *c = csv_open_mem("t", "sep=|\na|b\n", 10, 0, ENC_AUTO, &e);
	CHECK(c && c->delim == '|' && c->sep_line);
	csv_free(c);
}

TEST(csv_detects_delimiter)
{
	static const char semi[] =
	    "Kundennummer;Belegdatum;Umsatz netto\n4711;24.11.2026;1.234,56\n"
	    "4712;25.11.2026;12,50\n";
	static const char tab[] = "customer\tdate\tnotes\nA\t2026-11-24\tx, y and z\n";
	static const char pipe[] = "a|b|c\n1|2|3\n";
	static const char comma[] = "customer,date,amount\nA,2026-11-24,\"1,234.56\"\n"
	                            "B,2026-11-25,\"7,000.00\"\n";
	struct err e = {0};
	struct csv *c = csv_open_mem("t", semi, sizeof(semi) - 1, 0, ENC_AUTO, &e);
	CHECK(c && c->delim == ';' && c->sniffed);
	csv_free(c);
	CHECK(sniff_delimiter(tab, sizeof(tab) - 1, 1) == '\t');
	CHECK(sniff_delimiter(pipe, sizeof(pipe) - 1, 1) == '|');
	CHECK(sniff_delimiter(comma, sizeof(comma) - 1, 1) == ',');
	CHECK(sniff_delimiter("single\nx\n", 9, 1) == ',');
	/* a header with a comma in a name: the semicolon still splits consistently */
	static const char tie[] = "Umsatz (netto, EUR);Kunde\n1,5;A\n2,5;B\n";
	CHECK(sniff_delimiter(tie, sizeof(tie) - 1, 1) == ';');
}

TEST(csv_unclosed_quote_names_line)
{
	char *got = SCAN("a,b\n1,\"open\n2,3\n", ',');
	CHECK(strstr(got, "1:a|b\nERR 2: a quoted field starts here") == got);
	free(got);
}

TEST(csv_field_cap)
{
	size_t n = CSV_FIELD_MAX + 100;
	char *big = malloc(n + 16);
	memcpy(big, "h\nx", 3);
	memset(big + 3, 'y', n);
	memcpy(big + 3 + n, "\n", 2);
	char *got = scan(big, n + 4, ',');
	CHECK(strstr(got, "ERR 2: a field longer than") != NULL);
	free(got);
	/* the same inside quotes, reported at the line the quote opened */
	big[2] = '"';
	got = scan(big, n + 4, ',');
	CHECK(strstr(got, "ERR 2: a field longer than") != NULL);
	free(got);
	free(big);
}

TEST(csv_record_cap)
{
	/* many fields, each short: the record cap stops it */
	size_t n = CSV_RECORD_MAX + 4096;
	char *big = malloc(n + 8);
	for (size_t i = 0; i < n; i++)
		big[i] = i % 1000 == 999 ? ',' : 'z';
	char *got = scan(big, n, ',');
	CHECK(strstr(got, "ERR 1: a record longer than") != NULL);
	free(got);
	free(big);
}

TEST(csv_many_fields_cap)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < CSV_FIELDS_MAX + 5; i++)
		sb_adds(&sb, "a,");
	sb_addch(&sb, '\n');
	char *got = scan(sb.buf, sb.len, ',');
	CHECK(strstr(got, "ERR 1: more than") != NULL);
	free(got);
	sb_release(&sb);
}

/* Records crossing the reader's chunk boundary come out whole; a CRLF split
 * between two chunks is one line end. */
TEST(csv_chunk_boundaries)
{
	struct strbuf sb = STRBUF_INIT;
	int rows = 0;
	sb_adds(&sb, "id,text\r\n");
	while (sb.len < 3 * CSV_CHUNK) {
		sb_addf(&sb, "%d,\"quoted, with \"\"quotes\"\"\r\nand a line\"\r\n", rows);
		rows++;
	}
	struct err e = {0};
	struct csv *c = csv_open_mem("t", sb.buf, sb.len, 0, ENC_AUTO, &e);
	CHECK(c != NULL);
	int n = 0, ok = 1, rc;
	if (c) {
		CHECK(csv_next(c, &e) == 1);
		while ((rc = csv_next(c, &e)) == 1) {
			char want[16];
			snprintf(want, sizeof(want), "%d", n);
			if (c->nf != 2 || strcmp(c->f[0], want) ||
			    strcmp(c->f[1], "quoted, with \"quotes\"\r\nand a line") ||
			    c->line != 2 + 2 * n)
				ok = 0;
			n++;
		}
		CHECK_INT(rc, 0);
		/* reading again gives the same */
		CHECK(csv_rewind(c, &e) == 0);
		int m = 0;
		while (csv_next(c, &e) == 1)
			m++;
		CHECK_INT(m, rows + 1);
		csv_free(c);
	}
	CHECK(ok);
	CHECK_INT(n, rows);
	sb_release(&sb);
}

TEST(csv_file_and_rewind)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/f.csv", test_tmpdir());
	FILE *f = fopen(path, "w");
	fputs("a;b\n1;2\n", f);
	fclose(f);
	struct err e = {0};
	struct csv *c = csv_open_file(path, 0, ENC_AUTO, &e);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(c->delim == ';');
	CHECK_INT(c->size, 8);
	CHECK(csv_next(c, &e) == 1 && csv_next(c, &e) == 1 && !strcmp(c->f[1], "2"));
	CHECK(csv_next(c, &e) == 0);
	CHECK(csv_rewind(c, &e) == 0);
	CHECK(csv_next(c, &e) == 1 && !strcmp(c->f[0], "a"));
	csv_free(c);
	snprintf(path, sizeof(path), "%s/missing.csv", test_tmpdir());
	CHECK(csv_open_file(path, 0, ENC_AUTO, &e) == NULL);
	CHECK(strstr(e.file, "missing.csv") && strstr(e.msg, "cannot open"));
}

/* Exactly CSV_FIELDS_MAX fields are allowed; one more is "more than"; and
 * a reader without an error record (the delimiter sniffer) does not crash
 * on either. */
TEST(csv_fields_cap_is_exact)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < CSV_FIELDS_MAX; i++)
		sb_adds(&sb, i ? ",a" : "a");
	sb_addch(&sb, '\n');
	char *got = scan(sb.buf, sb.len, ',');
	CHECK(strstr(got, "ERR") == NULL);
	free(got);
	CHECK(sniff_delimiter(sb.buf, sb.len, 1) == ',');
	sb_setlen(&sb, sb.len - 1);
	sb_adds(&sb, ",a\n");
	got = scan(sb.buf, sb.len, ',');
	CHECK(strstr(got, "ERR 1: more than 2,048 fields") != NULL);
	free(got);
	(void)sniff_delimiter(sb.buf, sb.len, 1); /* must not crash */
	struct csv *c = csv_open_mem("x", sb.buf, sb.len, ',', ENC_UTF8, NULL);
	CHECK(c != NULL);
	if (c)
		CHECK_INT(csv_next(c, NULL), -1);
	csv_free(c);
	sb_release(&sb);
}
