/*
 * demo_xlsx.c — the demo's data as Excel workbooks, one per kind, through
 * libxlsxwriter: the CSV sink (demo_csv.c) hands its fields here instead
 * of writing text when it was opened with demo_xlsx_open, so both carry the
 * same values, words and headers.  Numbers are number cells (money with
 * two decimals, scores with one), dates are date cells (shown as
 * 24.11.2026 in the German style, 2026-11-24 in the English), the header
 * row is bold and frozen.  Workbooks are written in libxlsxwriter's
 * constant-memory mode: a row goes to disk when the next begins.
 */
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "demo_int.h"

#define XLSX_ROWS_MAX 1048576 /* rows of an Excel sheet, the header included */

enum dx_kind { DX_EMPTY, DX_TEXT, DX_DAY, DX_MONEY, DX_SCORE };

struct dx_cell {
	enum dx_kind kind;
	size_t off; /* DX_TEXT: where its text starts in text */
	double v;   /* the others: the value (a date as its serial) */
};

struct demo_xlsx {
	enum lang style;
	lxw_workbook *wb[DEMO_CSV_FILES];
	lxw_worksheet *ws[DEMO_CSV_FILES];
	lxw_format *bold[DEMO_CSV_FILES], *date[DEMO_CSV_FILES], *money[DEMO_CSV_FILES],
	    *score[DEMO_CSV_FILES];
	char *path[DEMO_CSV_FILES];
	long rows[DEMO_CSV_FILES]; /* rows written, the header included */
	struct dx_cell *cell;
	int ncell, cap;
	struct strbuf text;
};

/* The sheet names (the file names are the CSV export's). */
static const char *const sheet_en[DEMO_CSV_FILES] = {
    "Customers",  "Orders",  "Surveys",   "Dialogues",  "Promises",
    "Complaints", "Stories", "Referrals", "Departures",
};
static const char *const sheet_de[DEMO_CSV_FILES] = {
    "Kunden",        "Umsätze",     "Umfragen",     "Kundengespräche", "Zusagen",
    "Reklamationen", "Geschichten", "Empfehlungen", "Abgänge",
};

static int lxw_fail(struct err *e, const char *path, lxw_error rc)
{
	enum lang lg = e->lang;
	return err_set(e, L(lg, "cannot write %s: %s", "%s lässt sich nicht schreiben: %s"), path,
	               lxw_strerror(rc));
}

struct demo_xlsx *dx_open(char *const paths[DEMO_CSV_FILES], enum lang style, struct err *e)
{
	enum lang lg = e->lang;
	struct demo_xlsx *x = xcalloc(1, sizeof(*x));
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = 0};
	x->style = style;
	sb_init(&x->text);
	for (int i = 0; i < DEMO_CSV_FILES; i++) {
		x->path[i] = xstrdup(paths[i]);
		x->wb[i] = workbook_new_opt(paths[i], &opt);
		if (!x->wb[i]) {
			err_set(e, L(lg, "cannot create %s", "%s lässt sich nicht anlegen"),
			        paths[i]);
			goto fail;
		}
		x->ws[i] =
		    workbook_add_worksheet(x->wb[i], style == LANG_DE ? sheet_de[i] : sheet_en[i]);
		x->bold[i] = workbook_add_format(x->wb[i]);
		format_set_bold(x->bold[i]);
		x->date[i] = workbook_add_format(x->wb[i]);
		format_set_num_format(x->date[i], style == LANG_DE ? "dd.mm.yyyy" : "yyyy-mm-dd");
		x->money[i] = workbook_add_format(x->wb[i]);
		format_set_num_format(x->money[i], "#,##0.00");
		x->score[i] = workbook_add_format(x->wb[i]);
		format_set_num_format(x->score[i], "0.0");
		if (!x->ws[i] || !x->bold[i] || !x->date[i] || !x->money[i] || !x->score[i]) {
			err_set(e, L(lg, "cannot create %s", "%s lässt sich nicht anlegen"),
			        paths[i]);
			goto fail;
		}
		/* the header: bold, frozen, columns wide enough for it */
		const char *h = demo_csv_header(i, style);
		char delim = style == LANG_DE ? ';' : ',';
		int col = 0;
		while (h) {
			const char *end = strchr(h, delim);
			size_t n = end ? (size_t)(end - h) : strlen(h);
			char *name = xstrndup(h, n);
			double width = n + 4 < 12 ? 12 : (double)n + 4;
			worksheet_set_column(x->ws[i], (lxw_col_t)col, (lxw_col_t)col, width, NULL);
			lxw_error rc =
			    worksheet_write_string(x->ws[i], 0, (lxw_col_t)col, name, x->bold[i]);
			free(name);
			if (rc) {
				lxw_fail(e, paths[i], rc);
				goto fail;
			}
			col++;
			h = end ? end + 1 : NULL;
		}
		worksheet_freeze_panes(x->ws[i], 1, 0);
		x->rows[i] = 1;
	}
	return x;
fail:
	dx_close(x, NULL);
	return NULL;
}

int dx_close(struct demo_xlsx *x, struct err *e)
{
	int rc = 0;
	if (!x)
		return 0;
	for (int i = 0; i < DEMO_CSV_FILES; i++) {
		if (x->wb[i]) {
			lxw_error r = workbook_close(x->wb[i]);
			if (r && rc == 0) {
				rc = -1;
				if (e)
					lxw_fail(e, x->path[i], r);
			}
		}
		free(x->path[i]);
	}
	free(x->cell);
	sb_release(&x->text);
	free(x);
	return rc;
}

void dx_row_begin(struct demo_xlsx *x)
{
	x->ncell = 0;
	sb_reset(&x->text);
}

static struct dx_cell *add(struct demo_xlsx *x, enum dx_kind k, double v)
{
	ALLOC_GROW(x->cell, x->ncell + 1, x->cap);
	struct dx_cell *c = &x->cell[x->ncell++];
	c->kind = k;
	c->v = v;
	c->off = x->text.len;
	return c;
}

void dx_text(struct demo_xlsx *x, const char *s)
{
	if (!s) {
		add(x, DX_EMPTY, 0);
		return;
	}
	add(x, DX_TEXT, 0);
	sb_adds(&x->text, s);
	sb_addch(&x->text, '\0');
}

void dx_day(struct demo_xlsx *x, day_t d)
{
	/* Excel's serial: days since 1899-12-30 (right from 1900-03-01 on) */
	if (d == DAY_NONE)
		add(x, DX_EMPTY, 0);
	else
		add(x, DX_DAY, (double)(d - day_from_ymd(1899, 12, 30)));
}

void dx_money(struct demo_xlsx *x, int64_t cents)
{
	if (cents == MONEY_NONE)
		add(x, DX_EMPTY, 0);
	else
		add(x, DX_MONEY, (double)cents / 100.0);
}

void dx_score(struct demo_xlsx *x, int tenths)
{
	if (tenths == SCORE_NONE)
		add(x, DX_EMPTY, 0);
	else
		add(x, DX_SCORE, tenths / 10.0);
}

int dx_row_end(struct demo_xlsx *x, int i, struct err *e)
{
	enum lang lg = e->lang;
	if (x->rows[i] >= XLSX_ROWS_MAX)
		return err_set(
		    e,
		    L(lg,
		      "%s: more rows than an Excel sheet holds (%d); write CSV files "
		      "instead (--csv)",
		      "%s: mehr Zeilen, als ein Excel-Blatt fasst (%d); bitte CSV-Dateien "
		      "schreiben (--csv)"),
		    x->path[i], XLSX_ROWS_MAX);
	lxw_row_t row = (lxw_row_t)x->rows[i]++;
	for (int k = 0; k < x->ncell; k++) {
		const struct dx_cell *c = &x->cell[k];
		lxw_col_t col = (lxw_col_t)k;
		lxw_error rc = LXW_NO_ERROR;
		switch (c->kind) {
		case DX_EMPTY: break;
		case DX_TEXT:
			rc = worksheet_write_string(x->ws[i], row, col, x->text.buf + c->off, NULL);
			break;
		case DX_DAY:
			rc = worksheet_write_number(x->ws[i], row, col, c->v, x->date[i]);
			break;
		case DX_MONEY:
			rc = worksheet_write_number(x->ws[i], row, col, c->v, x->money[i]);
			break;
		case DX_SCORE:
			rc = worksheet_write_number(x->ws[i], row, col, c->v, x->score[i]);
			break;
		}
		if (rc)
			return lxw_fail(e, x->path[i], rc);
	}
	return 0;
}
