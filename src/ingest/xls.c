/*
 * xls.c — an Excel 97-2003 workbook (.xls, BIFF in an OLE2 compound file)
 * as a row source, through libfreexl.  FreeXL reads the whole file when it
 * opens it (so the file's size is capped first, WB_XLS_MAX), converts the
 * text to UTF-8 and dates (number cells in a date format, in the
 * workbook's 1900 or 1904 system) to YYYY-MM-DD; here its cells become
 * the same typed cells the .xlsx reader gives.
 */
#include <freexl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "xlsx_int.h"

struct xls {
	struct wbsrc w; /* first: the generic reader */
	const void *h;
	unsigned rows;
	unsigned short cols;
	unsigned next_row; /* 0-based */
};

static int xls_next(struct wbsrc *w, struct cellrow *row, struct err *e)
{
	struct xls *x = (struct xls *)w;
	enum lang lg = e->lang;
	while (x->next_row < x->rows) {
		unsigned r = x->next_row++;
		cellrow_reset(row, (long)r + 1);
		x->w.done = r + 1;
		for (unsigned short c = 0; c < x->cols; c++) {
			FreeXL_CellValue v;
			char buf[48];
			const char *t = NULL;
			enum cell_type type = CELL_TEXT;
			day_t day = DAY_NONE;
			if (freexl_get_cell_value(x->h, r, c, &v) != FREEXL_OK) {
				e->line = (long)r + 1;
				e->col = c + 1;
				snprintf(e->msg, sizeof(e->msg),
				         L(lg, "the cell cannot be read",
				           "die Zelle lässt sich nicht lesen"));
				return -1;
			}
			switch (v.type) {
			case FREEXL_CELL_INT:
				snprintf(buf, sizeof(buf), "%d", v.value.int_value);
				t = buf;
				type = CELL_NUMBER;
				break;
			case FREEXL_CELL_DOUBLE:
				t = xl_number_text(v.value.double_value, buf);
				type = CELL_NUMBER;
				break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
			case FREEXL_CELL_TIME: t = v.value.text_value; break;
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
				t = v.value.text_value;
				snprintf(buf, sizeof(buf), "%.10s", t ? t : "");
				if (day_parse_iso(buf, &day) == 0) {
					type = CELL_DATE;
					t = buf;
				}
				break;
			default: break;
			}
			if (!t)
				continue;
			if (cellrow_put(row, c, type, t, strlen(t), day, e))
				return -1;
		}
		if (row->nf > 0) {
			cellrow_finish(row);
			return 1;
		}
	}
	return 0;
}

static int xls_rewind(struct wbsrc *w, struct err *e)
{
	(void)e;
	((struct xls *)w)->next_row = 0;
	w->done = 0;
	return 0;
}

static void xls_free(struct wbsrc *w)
{
	struct xls *x = (struct xls *)w;
	if (!x)
		return;
	if (x->h)
		freexl_close(x->h);
	cellrow_release(&x->w.row);
	free(x->w.sheet);
	free(x);
}

struct wbsrc *xls_open(const char *path, const char *sheet, struct err *e)
{
	enum lang lg = e->lang;
	struct stat st;
	unsigned count = 0;
	struct xls *x = xcalloc(1, sizeof(*x));
	const char **names = NULL;
	int pick = -1, rc;
	x->w.next = xls_next;
	x->w.rewind = xls_rewind;
	x->w.free = xls_free;
	cellrow_init(&x->w.row);
	if (stat(path, &st) == 0 && (uint64_t)st.st_size > WB_XLS_MAX) {
		snprintf(
		    e->msg, sizeof(e->msg),
		    L(lg, "is larger than %u MiB, more than an .xls workbook is read",
		      "ist größer als %u MiB, mehr als von einer .xls-Arbeitsmappe gelesen wird"),
		    (unsigned)(WB_XLS_MAX >> 20));
		goto fail;
	}
	if ((rc = freexl_open(path, &x->h)) != FREEXL_OK) {
		x->h = NULL;
		snprintf(
		    e->msg, sizeof(e->msg),
		    L(lg,
		      "cannot be read as an Excel 97-2003 workbook (FreeXL error %d); a "
		      "password-protected workbook must be saved without its password",
		      "lässt sich nicht als Excel-97-2003-Arbeitsmappe lesen (FreeXL-Fehler %d); "
		      "eine kennwortgeschützte Mappe bitte ohne Kennwort speichern"),
		    rc);
		goto fail;
	}
	if (freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK)
		count = 0;
	names = xcalloc(count + 1, sizeof(*names));
	for (unsigned i = 0; i < count; i++)
		if (freexl_get_worksheet_name(x->h, (unsigned short)i, &names[i]) != FREEXL_OK ||
		    !names[i])
			names[i] = "";
	for (unsigned i = 0; i < count && pick < 0 && sheet; i++)
		if (!strcmp(names[i], sheet))
			pick = (int)i;
	for (unsigned i = 0; i < count && pick < 0 && sheet; i++)
		if (!strcasecmp(names[i], sheet))
			pick = (int)i;
	if (!sheet && count > 0)
		pick = 0;
	if (pick < 0) {
		wb_no_sheet(e, sheet, names, (int)count);
		goto fail;
	}
	if (freexl_select_active_worksheet(x->h, (unsigned short)pick) != FREEXL_OK ||
	    freexl_worksheet_dimensions(x->h, &x->rows, &x->cols) != FREEXL_OK) {
		snprintf(e->msg, sizeof(e->msg),
		         L(lg, "the sheet \"%s\" cannot be read",
		           "das Blatt \"%s\" lässt sich nicht lesen"),
		         names[pick]);
		goto fail;
	}
	x->w.sheet = xstrdup(names[pick]);
	x->w.size = x->rows;
	free(names);
	return &x->w;
fail:
	free(names);
	xls_free(&x->w);
	return NULL;
}
