/*
 * fuzz_xlsx.c — libFuzzer target for the .xlsx cell reader: the shared
 * strings, styles and sheet parsers of xlsx_cells.c fed from memory.  The
 * input is a flags byte (date system, chunk size) and then the shared
 * strings XML, the styles XML and the sheet XML, separated by NUL bytes
 * (which XML cannot hold).  Checks what the import relies on: every cell's
 * text is valid UTF-8 without NUL bytes and as long as its length says,
 * types are known, a date cell's text is its day, rows go forward and stay
 * within the caps, and reading the sheet again gives the same rows.
 */
#include <stdlib.h>
#include <string.h>

#include "xlsx_int.h"

struct mem {
	const uint8_t *p;
	size_t n, pos, step;
};

static long mem_read(void *arg, void *buf, size_t n, struct err *e)
{
	struct mem *m = arg;
	(void)e;
	size_t k = m->n - m->pos;
	if (k > n)
		k = n;
	if (k > m->step)
		k = m->step;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (long)k;
}

static uint64_t digest(const struct xl_book *b, struct mem m, int *nrows)
{
	struct cellrow row;
	struct err e = {.lang = LANG_EN};
	uint64_t h = 0;
	long last = 0;
	int rc;
	cellrow_init(&row);
	err_init(&e, LANG_EN);
	*nrows = 0;
	struct xl_sheet *s = xl_sheet_open(b, mem_read, &m, LANG_EN);
	while ((rc = xl_sheet_next(s, &row, &e)) == 1) {
		size_t bytes = 0;
		if (row.line <= last || row.line > WB_ROWS_MAX || row.nf < 1 ||
		    row.nf > CSV_FIELDS_MAX)
			abort();
		last = row.line;
		for (int i = 0; i < row.nf; i++) {
			int inc;
			char buf[11];
			if (strlen(row.f[i]) != row.len[i] || row.len[i] > CSV_FIELD_MAX)
				abort();
			if (utf8_valid_prefix((const unsigned char *)row.f[i], row.len[i], &inc) !=
			    row.len[i])
				abort();
			if (row.type[i] > CELL_ERROR)
				abort();
			if (row.type[i] == CELL_DATE &&
			    strcmp(day_format(row.day[i], buf), row.f[i]))
				abort();
			bytes += row.len[i] + 1;
			h = hash64(row.f[i], row.len[i], h + (uint64_t)i + row.type[i]);
		}
		if (bytes > CSV_RECORD_MAX)
			abort();
		(*nrows)++;
	}
	if (rc < 0 && !e.msg[0])
		abort();
	if (xl_sheet_next(s, &row, &e) != rc)
		abort();
	xl_sheet_free(s);
	cellrow_release(&row);
	return h ^ (uint64_t)(rc + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xl_book b;
	struct err e = {.lang = LANG_EN};
	const uint8_t *part[3];
	size_t len[3];
	int n1, n2;
	if (size < 1)
		return 0;
	size_t step = (size_t)1 << (data[0] >> 4); /* 1 .. 32768 bytes at a time */
	const uint8_t *p = data + 1, *end = data + size;
	for (int i = 0; i < 3; i++) {
		const uint8_t *z = i < 2 ? memchr(p, 0, (size_t)(end - p)) : NULL;
		part[i] = p;
		len[i] = (size_t)((z ? z : end) - p);
		p = z ? z + 1 : end;
	}
	xl_book_init(&b);
	err_init(&e, LANG_EN);
	b.date1904 = data[0] & 1;
	struct mem ms = {part[0], len[0], 0, step};
	if (len[0] && xl_parse_sst(&b, mem_read, &ms, &e) && !e.msg[0])
		abort();
	if (len[1] && xl_parse_styles(&b, (const char *)part[1], len[1], &e) && !e.msg[0])
		abort();
	for (uint32_t i = 0; i < b.nsst; i++)
		if (b.sst_off[i] > b.sst.len)
			abort();
	struct mem m = {part[2], len[2], 0, step};
	uint64_t h1 = digest(&b, m, &n1);
	uint64_t h2 = digest(&b, m, &n2);
	if (h1 != h2 || n1 != n2)
		abort();
	xl_book_release(&b);
	return 0;
}
