/*
 * rowsrc.c — one reader over the inputs of an import: a CSV file (through
 * the scanner of csv.c) or a sheet of an Excel workbook (xlsx.c, xls.c).
 * The format is told by the first bytes, not by the name: a zip archive
 * is read as .xlsx, an OLE2 compound file as .xls, anything else as CSV —
 * except that a file named like a workbook which is none is refused, as it
 * was most likely renamed by mistake.  The import sees records of text
 * fields either way; workbook cells also say what they held (a number, a
 * date, ...) so that the import can take those values as they are.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xlsx_int.h"

const char *rowsrc_format_name(enum src_format f)
{
	switch (f) {
	case SRC_XLSX: return "Excel (.xlsx)";
	case SRC_XLS: return "Excel 97-2003 (.xls)";
	default: return "CSV";
	}
}

static int named_like_workbook(const char *path)
{
	const char *dot = strrchr(path, '.');
	return dot &&
	       (!strcasecmp(dot, ".xlsx") || !strcasecmp(dot, ".xlsm") || !strcasecmp(dot, ".xls"));
}

/* The format by the first bytes; SRC_CSV when not a regular file (a pipe
 * must not lose the bytes looked at). */
static enum src_format sniff_format(const char *path)
{
	static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	unsigned char m[8] = {0};
	struct stat st;
	/* without blocking: a pipe nobody writes to must not hang the look */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return SRC_CSV;
	ssize_t n = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		do
			n = read(fd, m, sizeof(m));
		while (n < 0 && errno == EINTR);
	}
	close(fd);
	if (n >= 4 && m[0] == 'P' && m[1] == 'K' &&
	    ((m[2] == 3 && m[3] == 4) || (m[2] == 5 && m[3] == 6)))
		return SRC_XLSX;
	if (n == 8 && !memcmp(m, ole2, 8))
		return SRC_XLS;
	return SRC_CSV;
}

static void where_file(const struct rowsrc *s, struct err *e)
{
	snprintf(e->file, sizeof(e->file), "%s", s->name);
	if (s->sheet)
		snprintf(e->sheet, sizeof(e->sheet), "%s", s->sheet);
}

struct rowsrc *rowsrc_open(const char *path, const char *sheet, enum ingest_enc enc, struct err *e)
{
	enum lang lg = e->lang;
	struct rowsrc *s = xcalloc(1, sizeof(*s));
	s->name = path;
	s->format = sniff_format(path);
	err_clear(e);
	if (s->format == SRC_CSV) {
		if (named_like_workbook(path) && access(path, R_OK) == 0) {
			snprintf(e->file, sizeof(e->file), "%s", path);
			err_set(
			    e,
			    L(lg,
			      "is named like an Excel workbook but is none (a CSV file renamed? "
			      "then name it .csv)",
			      "heißt wie eine Excel-Arbeitsmappe, ist aber keine (eine umbenannte "
			      "CSV-Datei? dann bitte .csv nennen)"));
			goto fail;
		}
		if (sheet) {
			snprintf(e->file, sizeof(e->file), "%s", path);
			err_set(e, L(lg, "--sheet is for workbooks; this is a CSV file",
			             "--sheet gilt für Arbeitsmappen; dies ist eine CSV-Datei"));
			goto fail;
		}
		s->csv = csv_open_file(path, 0, enc, e);
		if (!s->csv)
			goto fail;
		s->size = s->csv->size;
		return s;
	}
	s->wb = s->format == SRC_XLSX ? xlsx_open(path, sheet, e) : xls_open(path, sheet, e);
	if (!s->wb) {
		snprintf(e->file, sizeof(e->file), "%s", path);
		goto fail;
	}
	s->sheet = s->wb->sheet;
	s->size = s->wb->size;
	return s;
fail:
	free(s);
	return NULL;
}

int rowsrc_next(struct rowsrc *s, struct err *e)
{
	if (s->csv) {
		int rc = csv_next(s->csv, e);
		s->consumed = s->csv->consumed;
		if (rc == 1) {
			s->nf = s->csv->nf;
			s->f = s->csv->f;
			s->flen = s->csv->flen;
			s->line = s->csv->line;
		}
		return rc;
	}
	struct wbsrc *w = s->wb;
	err_clear(e);
	int rc = w->next(w, &w->row, e);
	s->consumed = w->done;
	if (rc < 0) {
		where_file(s, e);
		return -1;
	}
	if (rc == 1) {
		s->nf = w->row.nf;
		s->f = w->row.f;
		s->flen = w->row.len;
		s->type = w->row.type;
		s->day = w->row.day;
		s->line = w->row.line;
	}
	return rc;
}

int rowsrc_rewind(struct rowsrc *s, struct err *e)
{
	s->consumed = 0;
	if (s->csv)
		return csv_rewind(s->csv, e);
	err_clear(e);
	if (s->wb->rewind(s->wb, e)) {
		where_file(s, e);
		return -1;
	}
	return 0;
}

void rowsrc_free(struct rowsrc *s)
{
	if (!s)
		return;
	if (s->csv)
		csv_free(s->csv);
	if (s->wb)
		s->wb->free(s->wb);
	free(s);
}

void rowsrc_where(const struct rowsrc *s, int col, struct err *e)
{
	snprintf(e->file, sizeof(e->file), "%s", s->name);
	e->line = s->line;
	if (s->sheet) {
		snprintf(e->sheet, sizeof(e->sheet), "%s", s->sheet);
		e->col = col >= 0 ? col + 1 : 0;
	}
}

int cell_number_cents(const char *s, int64_t *cents, const char **why, enum lang lg)
{
	int neg = *s == '-';
	int64_t whole = 0;
	int nd = 0, d[3] = {0, 0, 0};
	const char *p = s + neg;
	*why = L(lg, "is not an amount", "ist kein Betrag");
	for (; *p >= '0' && *p <= '9'; p++, nd++) {
		if (nd >= 13) {
			*why = L(lg, MONEY_RANGE_EN, MONEY_RANGE_DE);
			return -1;
		}
		whole = whole * 10 + (*p - '0');
	}
	if (nd == 0)
		return -1;
	if (*p == '.') {
		p++;
		for (int i = 0; *p >= '0' && *p <= '9'; p++, i++)
			if (i < 3)
				d[i] = *p - '0';
	}
	if (*p)
		return -1;
	int64_t v = whole * 100 + d[0] * 10 + d[1] + (d[2] >= 5);
	if (v > MONEY_MAX) { /* the one cap of every amount (util.h) */
		*why = L(lg, MONEY_RANGE_EN, MONEY_RANGE_DE);
		return -1;
	}
	*cents = neg ? -v : v;
	return 0;
}
