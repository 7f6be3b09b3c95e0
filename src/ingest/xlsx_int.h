/*
 * xlsx_int.h — inside the ingest module: what the workbook readers share
 * with rowsrc.c (and the unit tests and the fuzz target).
 *
 *   cellrow     the row a workbook reader hands out: cells by column, gaps
 *               filled with empty text, caps checked as cells arrive
 *   wbsrc       a workbook reader behind struct rowsrc: next/rewind/free
 *   xl_*        the .xlsx cell reader (xlsx_cells.c): shared strings,
 *               styles (which cells are dates), and one sheet's rows,
 *               streamed through expat from any byte source — the zip
 *               entry in xlsx.c, or memory in the tests and the fuzzer
 */
#ifndef TREUE_XLSX_INT_H
#define TREUE_XLSX_INT_H

#include "ingest.h"

/* ---- one row of cells ---- */
struct cellrow {
	long line; /* the sheet's row number, 1-based */
	int nf;    /* cells up to the last one given (gaps are empty text) */
	int cap;
	struct strbuf text;  /* every cell's text, each NUL-terminated */
	size_t *off, *len;   /* per cell: where its text starts, its length */
	unsigned char *type; /* per cell: enum cell_type */
	day_t *day;          /* per cell: the day of a CELL_DATE */
	char **f;            /* per cell: pointer into text (cellrow_finish) */
};
void cellrow_init(struct cellrow *r);
void cellrow_release(struct cellrow *r);
void cellrow_reset(struct cellrow *r, long line);
/* Sets cell col (0-based), which must lie right of every cell set since
 * the reset.  Fails (e->msg and e->col set) beyond CSV_FIELDS_MAX columns,
 * CSV_FIELD_MAX bytes of text or CSV_RECORD_MAX bytes in the row, and
 * when the column is not right of the last one. */
int cellrow_put(struct cellrow *r, int col, enum cell_type t, const char *s, size_t n, day_t d,
                struct err *e);
/* Makes f[] point at the texts (after the last cellrow_put). */
void cellrow_finish(struct cellrow *r);

/* ---- a workbook reader behind struct rowsrc ---- */
struct wbsrc {
	/* 1: row ready; 0: end; -1: error (e->msg, and e->line/e->col when a
	 * cell is to blame; rowsrc.c adds file and sheet) */
	int (*next)(struct wbsrc *w, struct cellrow *row, struct err *e);
	int (*rewind)(struct wbsrc *w, struct err *e);
	void (*free)(struct wbsrc *w);
	char *sheet;         /* the sheet chosen */
	uint64_t size, done; /* progress */
	struct cellrow row;
};
/* Open path (already known to be a zip / OLE2 file) and choose the sheet;
 * NULL with e->msg filled. */
struct wbsrc *xlsx_open(const char *path, const char *sheet, struct err *e);
struct wbsrc *xls_open(const char *path, const char *sheet, struct err *e);
/* "no sheet "X"; the sheets are: "A", "B"" into e->msg. */
int wb_no_sheet(struct err *e, const char *want, const char *const *names, int n);

/* ---- the .xlsx cell reader (xlsx_cells.c) ---- */

/* Reads up to n bytes into buf: the count, 0 at the end, -1 with e filled. */
typedef long (*xl_read_fn)(void *arg, void *buf, size_t n, struct err *e);

/* What every sheet of a workbook refers to. */
struct xl_book {
	int date1904;      /* the 1904 date system (old Mac workbooks) */
	struct strbuf sst; /* shared strings, each NUL-terminated */
	size_t *sst_off;   /* where string i starts */
	uint32_t nsst, sst_cap;
	unsigned char *xf_date; /* per cell format (cellXfs index): a date format */
	uint32_t nxf;
};
void xl_book_init(struct xl_book *b);
void xl_book_release(struct xl_book *b);
/* Messages of these functions are in e->lang. */
/* Parses xl/sharedStrings.xml (rich text runs joined, phonetic runs
 * dropped, _xHHHH_ escapes decoded).  Caps: WB_SST_COUNT_MAX strings,
 * WB_SST_BYTES_MAX bytes in all, CSV_FIELD_MAX each.  0 or -1. */
int xl_parse_sst(struct xl_book *b, xl_read_fn rd, void *arg, struct err *e);
/* Parses xl/styles.xml from memory: which cellXfs entries are dates. */
int xl_parse_styles(struct xl_book *b, const char *xml, size_t n, struct err *e);
/* Whether a number format is a date: built-in ids 14-22 and 45-47, or a
 * format code with d or y, or m without h or s, outside quotes, brackets
 * and escapes.  code may be NULL for built-in ids. */
int xl_date_format(unsigned id, const char *code);
/* The day of a date serial in the 1900 (Lotus' 29 February 1900 counted)
 * or 1904 system; the fraction (time of day) is dropped.  -1 for serials
 * that are no day (below 1, 1900-02-29, after 9999). */
int xl_serial_day(double serial, int date1904, day_t *out);
/* A number cell's text: at most 15 significant digits, no exponent,
 * trailing zeros dropped: "1234.56", "-0.5", "10001".  buf: 48 bytes. */
char *xl_number_text(double x, char buf[static 48]);
/* Column letters ("C", "AA") -> 1-based number; 0 when not a column
 * (more than 3 letters or beyond XFD). *end: after the letters. */
int xl_col_parse(const char *s, const char **end);

/* One sheet's rows, streamed. */
struct xl_sheet;
/* The book must outlive the reader; rd/arg deliver the sheet's XML;
 * lang: the language of its messages. */
struct xl_sheet *xl_sheet_open(const struct xl_book *b, xl_read_fn rd, void *arg, enum lang lang);
/* 1: the next row with at least one cell is in row; 0: end; -1: error
 * (e->msg; e->line and e->col name the cell when one is to blame). */
int xl_sheet_next(struct xl_sheet *s, struct cellrow *row, struct err *e);
void xl_sheet_free(struct xl_sheet *s);

/* Helpers for the small XML parts (workbook.xml, rels, styles). */
/* The local name of an element or attribute ("x:row" -> "row"). */
const char *xl_local(const char *name);
/* The value of the attribute with this local name, or NULL. */
const char *xl_attr(const char **atts, const char *local);
/* Parses a whole document from memory with the given start-element
 * handler (no DTDs, no entities).  0 or -1 with e->msg. */
int xl_parse_doc(const char *xml, size_t n,
                 void (*start)(void *ud, const char *el, const char **atts), void *ud,
                 struct err *e);

#endif
