/*
 * xlsx_cells.c — the .xlsx cell reader: shared strings, the styles that
 * make a number a date, and the rows of one sheet, from the XML through
 * expat.  It knows nothing of zip files: every part comes from a byte
 * source (xl_read_fn), so the tests and the fuzzer feed it from memory.
 *
 * A sheet is streamed: the parser is suspended at each </row> and resumed
 * for the next, so memory holds one row and one chunk whatever the sheet's
 * size.  What a cell holds is decided by its t attribute (s: shared
 * string, inlineStr, str: a formula's text, b: boolean, e: error, d: ISO
 * date, n or none: a number) and, for numbers, by its style: a number in a
 * date format is a date in the workbook's date system.  Formulas are not
 * evaluated; their cached value is read like any other.  Documents with a
 * DTD are refused (no entities, no entity expansion).
 */
#include <ctype.h>
#include <expat.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx_int.h"

#define XL_CHUNK (64 * 1024)
#define XL_XF_MAX 65536 /* cell formats, number formats kept from styles.xml */
/* Expat holds an unfinished token (a tag, a comment) in memory until it is
 * complete; so much input without any parse event is refused instead. */
#define XL_TOKEN_MAX ((uint64_t)CSV_RECORD_MAX + 2 * XL_CHUNK)

static int xl_err(struct err *e, const char *fmt, ...) ATTR_PRINTF(2, 3);
static int xl_err(struct err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- cell rows ---- */

void cellrow_init(struct cellrow *r)
{
	memset(r, 0, sizeof(*r));
	sb_init(&r->text);
}

void cellrow_release(struct cellrow *r)
{
	sb_release(&r->text);
	free(r->off);
	free(r->len);
	free(r->type);
	free(r->day);
	free(r->f);
	cellrow_init(r);
}

void cellrow_reset(struct cellrow *r, long line)
{
	r->line = line;
	r->nf = 0;
	sb_reset(&r->text);
}

static void cellrow_grow(struct cellrow *r, int n)
{
	if (n <= r->cap)
		return;
	int cap = r->cap < 16 ? 16 : r->cap;
	while (cap < n)
		cap *= 2;
	r->off = xrealloc(r->off, (size_t)cap * sizeof(*r->off));
	r->len = xrealloc(r->len, (size_t)cap * sizeof(*r->len));
	r->type = xrealloc(r->type, (size_t)cap * sizeof(*r->type));
	r->day = xrealloc(r->day, (size_t)cap * sizeof(*r->day));
	r->f = xrealloc(r->f, (size_t)cap * sizeof(*r->f));
	r->cap = cap;
}

static void cellrow_add(struct cellrow *r, enum cell_type t, const char *s, size_t n, day_t d)
{
	cellrow_grow(r, r->nf + 1);
	r->off[r->nf] = r->text.len;
	r->len[r->nf] = n;
	r->type[r->nf] = (unsigned char)t;
	r->day[r->nf] = d;
	sb_add(&r->text, s, n);
	sb_addch(&r->text, '\0');
	r->nf++;
}

int cellrow_put(struct cellrow *r, int col, enum cell_type t, const char *s, size_t n, day_t d,
                struct err *e)
{
	enum lang lg = e->lang;
	e->line = r->line;
	e->col = col + 1;
	if (col >= CSV_FIELDS_MAX)
		return xl_err(e,
		              L(lg, "more than %d columns: cells this far right are not read",
		                "mehr als %d Spalten: so weit rechts wird nicht gelesen"),
		              CSV_FIELDS_MAX);
	if (col < r->nf)
		return xl_err(e, L(lg, "the cells of the row are out of order",
		                   "die Zellen der Zeile stehen nicht in ihrer Reihenfolge"));
	if (n > CSV_FIELD_MAX)
		return xl_err(e,
		              L(lg, "the cell holds more than %d bytes of text",
		                "die Zelle enthält mehr als %d Bytes Text"),
		              CSV_FIELD_MAX);
	if (r->text.len + n + (size_t)(col - r->nf) + 1 > CSV_RECORD_MAX)
		return xl_err(e,
		              L(lg, "the row holds more than %d bytes of text",
		                "die Zeile enthält mehr als %d Bytes Text"),
		              CSV_RECORD_MAX);
	while (r->nf < col)
		cellrow_add(r, CELL_TEXT, "", 0, DAY_NONE);
	cellrow_add(r, t, s, n, d);
	return 0;
}

void cellrow_finish(struct cellrow *r)
{
	for (int i = 0; i < r->nf; i++)
		r->f[i] = r->text.buf + r->off[i];
}

/* ---- values ---- */

int xl_date_format(unsigned id, const char *code)
{
	int d = 0, m = 0, y = 0, h = 0, s = 0;
	if (!code)
		return (id >= 14 && id <= 22) || (id >= 45 && id <= 47);
	for (const char *p = code; *p; p++) {
		switch (*p) {
		case '"':
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
			continue;
		case '[': {
			/* [h], [mm], [ss]: elapsed time; [Red], [$€-407]: not a date */
			const char *q = p + 1;
			int hh = 0, ss = 0, other = 0;
			for (; *q && *q != ']'; q++) {
				int c = tolower((unsigned char)*q);
				hh |= c == 'h';
				ss |= c == 's';
				other |= c != 'h' && c != 'm' && c != 's';
			}
			if (!other)
				h |= hh, s |= ss | !hh;
			p = *q ? q : q - 1;
			continue;
		}
		case '\\':
		case '_':
		case '*':
			if (p[1])
				p++;
			continue;
		}
		switch (tolower((unsigned char)*p)) {
		case 'd': d = 1; break;
		case 'm': m = 1; break;
		case 'y': y = 1; break;
		case 'h': h = 1; break;
		case 's': s = 1; break;
		}
	}
	return d || y || (m && !h && !s);
}

int xl_serial_day(double serial, int date1904, day_t *out)
{
	static const double max1900 = 2958466.0; /* 10000-01-01 */
	if (!(serial >= 1.0) || serial >= max1900)
		return -1;
	long n = (long)floor(serial);
	if (date1904)
		*out = day_from_ymd(1904, 1, 1) + (day_t)n;
	else if (n < 60)
		*out = day_from_ymd(1899, 12, 31) + (day_t)n;
	else if (n == 60)
		return -1; /* 1900-02-29, which Lotus 1-2-3 counted and Excel kept */
	else
		*out = day_from_ymd(1899, 12, 30) + (day_t)n;
	return *out > day_from_ymd(9999, 12, 31) ? -1 : 0;
}

/* The fast way for the usual numbers (amounts, counts, ids): x is the
 * double nearest to r / 10^k for a small k, then that decimal is the one
 * with at most 15 significant digits.  0 when x is not such a number. */
static int short_decimal(double x, char buf[static 48])
{
	static const double p10[5] = {1, 10, 100, 1000, 10000};
	for (int k = 0; k < 5; k++) {
		double y = x * p10[k];
		if (!(fabs(y) < 1e14))
			return 0;
		long long r = llround(y);
		if ((double)r / p10[k] != x)
			continue;
		unsigned long long a = r < 0 ? (unsigned long long)-r : (unsigned long long)r;
		char tmp[32];
		int n = 0;
		do
			tmp[n++] = (char)('0' + a % 10);
		while ((a /= 10) > 0 || n <= k);
		char *w = buf;
		if (r < 0)
			*w++ = '-';
		while (n > k)
			*w++ = tmp[--n];
		if (k) {
			*w++ = '.';
			while (n > 0)
				*w++ = tmp[--n];
		}
		*w = '\0';
		return 1;
	}
	return 0;
}

char *xl_number_text(double x, char buf[static 48])
{
	double ax = fabs(x);
	if (x == 0 || !isfinite(x)) {
		strcpy(buf, "0");
		return buf;
	}
	if (short_decimal(x, buf))
		return buf;
	if (ax >= 1e15) {
		snprintf(buf, 48, "%.15g", x);
		return buf;
	}
	char ip[24];
	snprintf(ip, sizeof(ip), "%.0f", floor(ax));
	int before = ip[0] == '0' ? 0 : (int)strlen(ip);
	int dec = 15 - (before ? before : 1);
	snprintf(buf, 48, "%.*f", dec < 0 ? 0 : dec, x);
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf);
		while (end > dot + 1 && end[-1] == '0')
			end--;
		if (end == dot + 1)
			end = dot;
		*end = '\0';
	}
	if (!strcmp(buf, "-0"))
		strcpy(buf, "0");
	return buf;
}

int xl_col_parse(const char *s, const char **end)
{
	int col = 0, n = 0;
	while (isalpha((unsigned char)*s) && n < 4) {
		col = col * 26 + (toupper((unsigned char)*s) - 'A' + 1);
		s++, n++;
	}
	*end = s;
	if (n == 0 || n > 3 || col > 16384)
		return 0;
	return col;
}

/* Decodes the _xHHHH_ escapes of OOXML strings in place (_x000D_ is a
 * carriage return, _x005F_ an underscore); NUL characters are dropped,
 * surrogate halves kept as written. */
static void unescape(struct strbuf *sb)
{
	char *r = sb->buf, *w = sb->buf, *end = sb->buf + sb->len;
	if (!memchr(sb->buf, '_', sb->len))
		return;
	while (r < end) {
		unsigned cp = 0;
		int ok = end - r >= 7 && r[0] == '_' && r[1] == 'x' && r[6] == '_';
		for (int i = 2; ok && i < 6; i++) {
			int c = (unsigned char)r[i];
			ok = isxdigit(c);
			cp = cp * 16 + (unsigned)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
		}
		if (!ok || (cp >= 0xD800 && cp <= 0xDFFF)) {
			*w++ = *r++;
			continue;
		}
		r += 7;
		if (cp == 0)
			continue;
		if (cp < 0x80) {
			*w++ = (char)cp;
		} else if (cp < 0x800) {
			*w++ = (char)(0xC0 | (cp >> 6));
			*w++ = (char)(0x80 | (cp & 0x3F));
		} else {
			*w++ = (char)(0xE0 | (cp >> 12));
			*w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
			*w++ = (char)(0x80 | (cp & 0x3F));
		}
	}
	sb_setlen(sb, (size_t)(w - sb->buf));
}

/* ---- XML helpers ---- */

const char *xl_local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

const char *xl_attr(const char **atts, const char *local)
{
	for (int i = 0; atts && atts[i]; i += 2)
		if (!strcmp(xl_local(atts[i]), local))
			return atts[i + 1];
	return NULL;
}

struct xml_common {
	XML_Parser p;
	enum lang lang; /* of the messages */
	int failed;     /* a handler stopped the parser; its message is in err */
	struct err err;
	uint64_t fed, fed_event; /* bytes given to the parser; as of the last event */
};

/* After a chunk was parsed: -1 (x->failed, x->err) when expat is
 * buffering one huge token. */
static int token_cap(struct xml_common *x)
{
	if (x->fed - x->fed_event <= XL_TOKEN_MAX)
		return 0;
	x->failed = 1;
	return xl_err(&x->err,
	              L(x->lang, "broken XML: a tag or comment longer than %llu bytes",
	                "fehlerhaftes XML: ein Tag oder Kommentar länger als %llu Bytes"),
	              (unsigned long long)XL_TOKEN_MAX);
}

static void XMLCALL no_dtd(void *ud, const XML_Char *name, const XML_Char *sysid,
                           const XML_Char *pubid, int internal)
{
	struct xml_common *x = ud;
	(void)name, (void)sysid, (void)pubid, (void)internal;
	x->failed = 1;
	xl_err(&x->err,
	       L(x->lang, "the XML has a document type declaration, which workbooks do not",
	         "das XML hat eine Dokumenttyp-Deklaration, die Arbeitsmappen nicht haben"));
	XML_StopParser(x->p, XML_FALSE);
}

static XML_Parser new_parser(struct xml_common *x, enum lang lang)
{
	XML_Parser p = XML_ParserCreate(NULL);
	if (!p)
		abort(); /* out of memory, as xmalloc would */
	x->p = p;
	x->lang = lang;
	x->failed = 0;
	err_init(&x->err, lang);
	XML_SetUserData(p, x);
	XML_SetStartDoctypeDeclHandler(p, no_dtd);
	return p;
}

/* The message after a parse returned XML_STATUS_ERROR. */
static int parse_fail(struct xml_common *x, struct err *e)
{
	if (x->failed) {
		e->line = x->err.line;
		e->col = x->err.col;
		snprintf(e->msg, sizeof(e->msg), "%s", x->err.msg);
		return -1;
	}
	return xl_err(
	    e, L(e->lang, "broken XML: %s (XML line %lu)", "fehlerhaftes XML: %s (XML-Zeile %lu)"),
	    XML_ErrorString(XML_GetErrorCode(x->p)), (unsigned long)XML_GetCurrentLineNumber(x->p));
}

static void fail(struct xml_common *x, long line, int col, const char *fmt, ...) ATTR_PRINTF(4, 5);
static void fail(struct xml_common *x, long line, int col, const char *fmt, ...)
{
	va_list ap;
	if (x->failed)
		return;
	x->failed = 1;
	x->err.line = line;
	x->err.col = col;
	va_start(ap, fmt);
	vsnprintf(x->err.msg, sizeof(x->err.msg), fmt, ap);
	va_end(ap);
	XML_StopParser(x->p, XML_FALSE);
}

struct doc {
	struct xml_common x;
	void (*start)(void *ud, const char *el, const char **atts);
	void (*end)(void *ud, const char *el);
	void *ud;
};

static void XMLCALL doc_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct doc *d = ud;
	d->start(d->ud, xl_local(el), atts);
}

static void XMLCALL doc_end(void *ud, const XML_Char *el)
{
	struct doc *d = ud;
	if (d->end)
		d->end(d->ud, xl_local(el));
}

static int parse_doc2(const char *xml, size_t n, void (*start)(void *, const char *, const char **),
                      void (*end)(void *, const char *), void *ud, struct err *e)
{
	struct doc d;
	memset(&d, 0, sizeof(d));
	d.start = start;
	d.end = end;
	d.ud = ud;
	XML_Parser p = new_parser(&d.x, e->lang);
	XML_SetElementHandler(p, doc_start, doc_end);
	int rc = 0;
	if (n > INT32_MAX || XML_Parse(p, xml, (int)n, 1) != XML_STATUS_OK)
		rc = parse_fail(&d.x, e);
	XML_ParserFree(p);
	return rc;
}

int xl_parse_doc(const char *xml, size_t n,
                 void (*start)(void *ud, const char *el, const char **atts), void *ud,
                 struct err *e)
{
	return parse_doc2(xml, n, start, NULL, ud, e);
}

/* ---- the book: shared strings and styles ---- */

void xl_book_init(struct xl_book *b)
{
	memset(b, 0, sizeof(*b));
	sb_init(&b->sst);
}

void xl_book_release(struct xl_book *b)
{
	sb_release(&b->sst);
	free(b->sst_off);
	free(b->xf_date);
	xl_book_init(b);
}

struct sst_parse {
	struct xml_common x; /* first: the handlers get it as user data */
	struct xl_book *b;
	int in_si, in_t, in_rph;
	struct strbuf cur;
};

static void XMLCALL sst_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct sst_parse *s = ud;
	const char *n = xl_local(el);
	(void)atts;
	s->x.fed_event = s->x.fed;
	if (!strcmp(n, "si")) {
		s->in_si = 1;
		sb_reset(&s->cur);
	} else if (!strcmp(n, "t"))
		s->in_t++;
	else if (!strcmp(n, "rPh"))
		s->in_rph++;
}

static void XMLCALL sst_end(void *ud, const XML_Char *el)
{
	struct sst_parse *s = ud;
	struct xl_book *b = s->b;
	const char *n = xl_local(el);
	enum lang lg = s->x.lang;
	s->x.fed_event = s->x.fed;
	if (!strcmp(n, "t")) {
		if (s->in_t)
			s->in_t--;
	} else if (!strcmp(n, "rPh")) {
		if (s->in_rph)
			s->in_rph--;
	} else if (!strcmp(n, "si") && s->in_si) {
		s->in_si = 0;
		if (b->nsst >= WB_SST_COUNT_MAX) {
			fail(&s->x, 0, 0,
			     L(lg, "more than %u shared strings", "mehr als %u gemeinsame Texte"),
			     (unsigned)WB_SST_COUNT_MAX);
			return;
		}
		unescape(&s->cur);
		if (b->sst.len + s->cur.len + 1 > WB_SST_BYTES_MAX) {
			fail(&s->x, 0, 0,
			     L(lg, "the shared strings hold more than %u bytes",
			       "die gemeinsamen Texte umfassen mehr als %u Bytes"),
			     (unsigned)WB_SST_BYTES_MAX);
			return;
		}
		ALLOC_GROW(b->sst_off, b->nsst + 1, b->sst_cap);
		b->sst_off[b->nsst++] = b->sst.len;
		sb_add(&b->sst, s->cur.buf, s->cur.len);
		sb_addch(&b->sst, '\0');
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *t, int len)
{
	struct sst_parse *s = ud;
	s->x.fed_event = s->x.fed;
	if (!s->in_si || !s->in_t || s->in_rph || s->x.failed)
		return;
	if (s->cur.len + (size_t)len > CSV_FIELD_MAX) {
		fail(&s->x, 0, 0,
		     L(s->x.lang, "shared string %u holds more than %d bytes",
		       "der gemeinsame Text %u umfasst mehr als %d Bytes"),
		     (unsigned)s->b->nsst, CSV_FIELD_MAX);
		return;
	}
	sb_add(&s->cur, t, (size_t)len);
}

int xl_parse_sst(struct xl_book *b, xl_read_fn rd, void *arg, struct err *e)
{
	struct sst_parse s;
	int rc = 0;
	memset(&s, 0, sizeof(s));
	s.b = b;
	sb_init(&s.cur);
	XML_Parser p = new_parser(&s.x, e->lang);
	XML_SetElementHandler(p, sst_start, sst_end);
	XML_SetCharacterDataHandler(p, sst_text);
	for (;;) {
		void *buf = XML_GetBuffer(p, XL_CHUNK);
		if (!buf)
			abort();
		long n = rd(arg, buf, XL_CHUNK, e);
		if (n < 0) {
			rc = -1;
			break;
		}
		s.x.fed += (uint64_t)n;
		if (XML_ParseBuffer(p, (int)n, n == 0) != XML_STATUS_OK) {
			rc = parse_fail(&s.x, e);
			break;
		}
		if (token_cap(&s.x)) {
			rc = parse_fail(&s.x, e);
			break;
		}
		if (n == 0)
			break;
	}
	XML_ParserFree(p);
	sb_release(&s.cur);
	return rc;
}

struct styles_parse {
	int in_xfs;
	uint32_t *xf_fmt; /* numFmtId of each cellXfs entry */
	uint32_t nxf, xf_cap;
	struct fmt {
		uint32_t id;
		int date;
	} * fmt;
	uint32_t nfmt, fmt_cap;
};

static void styles_start(void *ud, const char *el, const char **atts)
{
	struct styles_parse *s = ud;
	if (!strcmp(el, "cellXfs")) {
		s->in_xfs = 1;
	} else if (!strcmp(el, "xf") && s->in_xfs && s->nxf < XL_XF_MAX) {
		const char *id = xl_attr(atts, "numFmtId");
		ALLOC_GROW(s->xf_fmt, s->nxf + 1, s->xf_cap);
		s->xf_fmt[s->nxf++] = id ? (uint32_t)strtoul(id, NULL, 10) : 0;
	} else if (!strcmp(el, "numFmt") && s->nfmt < XL_XF_MAX) {
		const char *id = xl_attr(atts, "numFmtId"), *code = xl_attr(atts, "formatCode");
		if (!id || !code)
			return;
		ALLOC_GROW(s->fmt, s->nfmt + 1, s->fmt_cap);
		s->fmt[s->nfmt].id = (uint32_t)strtoul(id, NULL, 10);
		s->fmt[s->nfmt].date = xl_date_format(s->fmt[s->nfmt].id, code);
		s->nfmt++;
	}
}

static void styles_end(void *ud, const char *el)
{
	struct styles_parse *s = ud;
	if (!strcmp(el, "cellXfs"))
		s->in_xfs = 0;
}

int xl_parse_styles(struct xl_book *b, const char *xml, size_t n, struct err *e)
{
	struct styles_parse s;
	memset(&s, 0, sizeof(s));
	int rc = parse_doc2(xml, n, styles_start, styles_end, &s, e);
	if (rc == 0) {
		free(b->xf_date);
		b->xf_date = xcalloc(s.nxf + 1, 1);
		b->nxf = s.nxf;
		for (uint32_t i = 0; i < s.nxf; i++) {
			int date = -1;
			for (uint32_t k = s.nfmt; k-- > 0 && date < 0;)
				if (s.fmt[k].id == s.xf_fmt[i])
					date = s.fmt[k].date;
			b->xf_date[i] =
			    (unsigned char)(date >= 0 ? date : xl_date_format(s.xf_fmt[i], NULL));
		}
	}
	free(s.xf_fmt);
	free(s.fmt);
	return rc;
}

/* ---- a sheet ---- */

struct xl_sheet {
	struct xml_common x; /* first: the handlers get it as user data */
	const struct xl_book *b;
	xl_read_fn rd;
	void *arg;
	int eof, suspended, done;
	struct cellrow *out; /* the row being filled */
	int ready;           /* out holds a finished row */

	int in_data, in_row, in_c, in_v, in_is, in_t, in_rph;
	long row, last_row;
	int col, last_col; /* 1-based */
	char t[12];        /* the cell's t attribute */
	long style;        /* its s attribute, -1 when none */
	struct strbuf val;
};

static void XMLCALL sh_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct xl_sheet *s = ud;
	const char *n = xl_local(el);
	enum lang lg = s->x.lang;
	s->x.fed_event = s->x.fed;
	if (!strcmp(n, "sheetData")) {
		s->in_data = 1;
	} else if (!s->in_data) {
		return;
	} else if (!strcmp(n, "row")) {
		const char *r = xl_attr(atts, "r");
		long row = s->last_row + 1;
		if (r) {
			char *end;
			row = strtol(r, &end, 10);
			if (end == r || *end || row < 1)
				row = -1;
		}
		if (row < 1 || row > WB_ROWS_MAX) {
			fail(&s->x, 0, 0,
			     L(lg, "row number \"%s\" is not valid",
			       "Zeilennummer \"%s\" ist ungültig"),
			     r ? r : "");
			return;
		}
		if (row <= s->last_row) {
			fail(&s->x, row, 0,
			     L(lg, "row %ld comes after row %ld", "Zeile %ld steht nach Zeile %ld"),
			     row, s->last_row);
			return;
		}
		s->in_row = 1;
		s->row = s->last_row = row;
		s->last_col = 0;
		cellrow_reset(s->out, row);
	} else if (!strcmp(n, "c") && s->in_row) {
		const char *r = xl_attr(atts, "r"), *t = xl_attr(atts, "t"),
		           *st = xl_attr(atts, "s");
		int col = s->last_col + 1;
		if (r) {
			const char *end;
			col = xl_col_parse(r, &end);
			if (!col) {
				fail(&s->x, s->row, 0,
				     L(lg, "cell reference \"%s\" is not valid",
				       "Zellbezug \"%s\" ist ungültig"),
				     r);
				return;
			}
		}
		s->in_c = 1;
		s->col = s->last_col = col;
		snprintf(s->t, sizeof(s->t), "%s", t ? t : "n");
		s->style = st ? strtol(st, NULL, 10) : -1;
		sb_reset(&s->val);
	} else if (!s->in_c) {
		return;
	} else if (!strcmp(n, "v")) {
		s->in_v = 1;
	} else if (!strcmp(n, "is")) {
		s->in_is = 1;
	} else if (!strcmp(n, "t")) {
		s->in_t++;
	} else if (!strcmp(n, "rPh")) {
		s->in_rph++;
	}
}

/* Puts the finished cell into the row. */
static void sh_cell(struct xl_sheet *s)
{
	const struct xl_book *b = s->b;
	enum lang lg = s->x.lang;
	struct err e;
	enum cell_type type = CELL_TEXT;
	const char *txt = s->val.buf;
	size_t n = s->val.len;
	day_t day = DAY_NONE;
	char buf[48];
	e.lang = lg; /* cellrow_put sets the rest it reports */

	if (!strcmp(s->t, "s")) {
		char *end;
		if (!n)
			return;
		const char *v = s->val.buf + strspn(s->val.buf, " \t\r\n");
		unsigned long i = strtoul(v, &end, 10);
		end += strspn(end, " \t\r\n");
		if (!isdigit((unsigned char)*v) || *end || i >= b->nsst) {
			fail(&s->x, s->row, s->col,
			     L(lg, "the cell refers to shared string \"%s\", which does not exist",
			       "die Zelle verweist auf den gemeinsamen Text \"%s\", den es nicht "
			       "gibt"),
			     s->val.buf);
			return;
		}
		txt = b->sst.buf + b->sst_off[i];
		n = strlen(txt);
	} else if (!strcmp(s->t, "inlineStr") || !strcmp(s->t, "str")) {
		unescape(&s->val);
		txt = s->val.buf;
		n = s->val.len;
	} else if (!strcmp(s->t, "b")) {
		const char *v = s->val.buf;
		if (!n)
			return;
		type = CELL_BOOL;
		txt = !strcmp(v, "1") || !strcmp(v, "true") ? "TRUE" : "FALSE";
		n = strlen(txt);
	} else if (!strcmp(s->t, "e")) {
		if (!n)
			return;
		type = CELL_ERROR;
	} else if (!strcmp(s->t, "d")) {
		char iso[11];
		if (!n)
			return;
		snprintf(iso, sizeof(iso), "%.10s", s->val.buf);
		if (day_parse_iso(iso, &day) == 0) {
			type = CELL_DATE;
			txt = day_format(day, buf);
			n = strlen(txt);
		}
	} else { /* a number */
		char *end;
		const char *v = s->val.buf + strspn(s->val.buf, " \t\r\n");
		if (!*v)
			return;
		double x = strtod(v, &end);
		end += strspn(end, " \t\r\n");
		if (end == v || *end || !isfinite(x)) {
			fail(&s->x, s->row, s->col,
			     L(lg, "the number cell holds \"%.40s\", which is not a number",
			       "die Zahlzelle enthält \"%.40s\", keine Zahl"),
			     v);
			return;
		}
		if (s->style >= 0 && (uint32_t)s->style < b->nxf && b->xf_date[s->style] &&
		    xl_serial_day(x, b->date1904, &day) == 0) {
			type = CELL_DATE;
			txt = day_format(day, buf);
		} else {
			type = CELL_NUMBER;
			txt = xl_number_text(x, buf);
		}
		n = strlen(txt);
	}
	if (cellrow_put(s->out, s->col - 1, type, txt, n, day, &e))
		fail(&s->x, e.line, e.col, "%s", e.msg);
}

static void XMLCALL sh_end(void *ud, const XML_Char *el)
{
	struct xl_sheet *s = ud;
	const char *n = xl_local(el);
	s->x.fed_event = s->x.fed;
	if (!s->in_data)
		return;
	if (!strcmp(n, "sheetData")) {
		s->in_data = 0;
	} else if (!strcmp(n, "row") && s->in_row) {
		s->in_row = 0;
		if (s->out->nf > 0) {
			s->ready = 1;
			XML_StopParser(s->x.p, XML_TRUE);
		}
	} else if (!strcmp(n, "c") && s->in_c) {
		sh_cell(s);
		s->in_c = s->in_v = s->in_is = s->in_t = s->in_rph = 0;
	} else if (!strcmp(n, "v")) {
		s->in_v = 0;
	} else if (!strcmp(n, "is")) {
		s->in_is = 0;
	} else if (!strcmp(n, "t")) {
		if (s->in_t)
			s->in_t--;
	} else if (!strcmp(n, "rPh")) {
		if (s->in_rph)
			s->in_rph--;
	}
}

static void XMLCALL sh_text(void *ud, const XML_Char *t, int len)
{
	struct xl_sheet *s = ud;
	s->x.fed_event = s->x.fed;
	if (!s->in_c || s->x.failed)
		return;
	if (!s->in_v && !(s->in_is && s->in_t && !s->in_rph))
		return;
	if (s->val.len + (size_t)len > CSV_FIELD_MAX) {
		fail(&s->x, s->row, s->col,
		     L(s->x.lang, "the cell holds more than %d bytes of text",
		       "die Zelle enthält mehr als %d Bytes Text"),
		     CSV_FIELD_MAX);
		return;
	}
	sb_add(&s->val, t, (size_t)len);
}

struct xl_sheet *xl_sheet_open(const struct xl_book *b, xl_read_fn rd, void *arg, enum lang lang)
{
	struct xl_sheet *s = xcalloc(1, sizeof(*s));
	s->b = b;
	s->rd = rd;
	s->arg = arg;
	sb_init(&s->val);
	XML_Parser p = new_parser(&s->x, lang);
	XML_SetElementHandler(p, sh_start, sh_end);
	XML_SetCharacterDataHandler(p, sh_text);
	return s;
}

int xl_sheet_next(struct xl_sheet *s, struct cellrow *row, struct err *e)
{
	enum XML_Status st;
	s->out = row;
	s->ready = 0;
	if (s->x.failed)
		return parse_fail(&s->x, e);
	while (!s->done) {
		if (s->suspended) {
			s->suspended = 0;
			st = XML_ResumeParser(s->x.p);
		} else {
			void *buf = XML_GetBuffer(s->x.p, XL_CHUNK);
			if (!buf)
				abort();
			long n = s->rd(s->arg, buf, XL_CHUNK, e);
			if (n < 0)
				return -1;
			s->eof = n == 0;
			s->x.fed += (uint64_t)n;
			st = XML_ParseBuffer(s->x.p, (int)n, s->eof);
		}
		if (st != XML_STATUS_ERROR && token_cap(&s->x))
			st = XML_STATUS_ERROR;
		if (st == XML_STATUS_ERROR) {
			s->done = 1;
			parse_fail(&s->x, e);
			/* later calls give the same error */
			s->x.failed = 1;
			s->x.err.line = e->line;
			s->x.err.col = e->col;
			snprintf(s->x.err.msg, sizeof(s->x.err.msg), "%s", e->msg);
			return -1;
		}
		if (st == XML_STATUS_SUSPENDED)
			s->suspended = 1;
		else if (s->eof)
			s->done = 1;
		if (s->ready) {
			cellrow_finish(row);
			return 1;
		}
	}
	return 0;
}

void xl_sheet_free(struct xl_sheet *s)
{
	if (!s)
		return;
	XML_ParserFree(s->x.p);
	sb_release(&s->val);
	free(s);
}
