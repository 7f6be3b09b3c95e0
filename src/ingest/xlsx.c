/*
 * xlsx.c — an .xlsx workbook as a row source: the zip container through
 * libzip, and the few parts needed to find a sheet's cells — the package
 * relationships (where the workbook is), workbook.xml (sheet names, the
 * date system) and its relationships (where each sheet, the shared strings
 * and the styles are).  The cells themselves are read by xlsx_cells.c.
 *
 * Every part is read with a cap on its unpacked size, counted as it is
 * unpacked (the size the archive declares is not trusted): a zip bomb
 * stops at the cap.  Small parts are read whole; the shared strings and
 * the sheet are streamed.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "xlsx_int.h"

#define SHEETS_MAX 4096 /* sheets, relationships */

struct sheet_ent {
	char *name, *rid, *part;
	int worksheet; /* not a chart or dialog sheet */
};

struct xlsx {
	struct wbsrc w; /* first: the generic reader */
	zip_t *zip;
	struct xl_book book;
	char *part;     /* the chosen sheet's part name */
	zip_file_t *zf; /* the sheet being streamed */
	struct zsrc {
		zip_file_t *f;
		const char *part;
		uint64_t n, max;
		uint64_t *done; /* progress counter, or NULL */
	} zs;
	struct xl_sheet *xs;
};

/* ---- reading parts ---- */

static long zread(void *arg, void *buf, size_t n, struct err *e)
{
	struct zsrc *z = arg;
	enum lang lg = e->lang;
	zip_int64_t k = zip_fread(z->f, buf, n);
	if (k < 0) {
		snprintf(e->msg, sizeof(e->msg),
		         L(lg, "%s: cannot be unpacked: %s", "%s: lässt sich nicht entpacken: %s"),
		         z->part, zip_file_strerror(z->f));
		return -1;
	}
	z->n += (uint64_t)k;
	if (z->done)
		*z->done = z->n;
	if (z->n > z->max) {
		snprintf(
		    e->msg, sizeof(e->msg),
		    L(lg, "%s: unpacks to more than %llu bytes (a damaged or hostile file?)",
		      "%s: entpackt mehr als %llu Bytes (eine beschädigte oder böswillige Datei?)"),
		    z->part, (unsigned long long)z->max);
		return -1;
	}
	return (long)k;
}

/* Opens part for reading with a cap; -1 when it is missing (missing set)
 * or declared larger than the cap. */
static int part_open(struct xlsx *x, const char *part, uint64_t max, struct zsrc *z, int *missing,
                     struct err *e)
{
	enum lang lg = e->lang;
	zip_stat_t st;
	memset(z, 0, sizeof(*z));
	z->part = part;
	z->max = max;
	*missing = 0;
	zip_int64_t i = zip_name_locate(x->zip, part, ZIP_FL_NOCASE);
	if (i < 0) {
		*missing = 1;
		snprintf(e->msg, sizeof(e->msg),
		         L(lg, "is not an Excel workbook: the part %s is missing",
		           "ist keine Excel-Arbeitsmappe: der Teil %s fehlt"),
		         part);
		return -1;
	}
	zip_stat_init(&st);
	if (zip_stat_index(x->zip, (zip_uint64_t)i, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size > max) {
		snprintf(
		    e->msg, sizeof(e->msg),
		    L(lg, "%s: unpacks to more than %llu bytes (a damaged or hostile file?)",
		      "%s: entpackt mehr als %llu Bytes (eine beschädigte oder böswillige Datei?)"),
		    part, (unsigned long long)max);
		return -1;
	}
	z->f = zip_fopen_index(x->zip, (zip_uint64_t)i, 0);
	if (!z->f) {
		snprintf(e->msg, sizeof(e->msg),
		         L(lg, "%s: cannot be unpacked: %s", "%s: lässt sich nicht entpacken: %s"),
		         part, zip_strerror(x->zip));
		return -1;
	}
	return 0;
}

/* Reads a small part whole into out (NUL-terminated). */
static int part_read(struct xlsx *x, const char *part, struct strbuf *out, int *missing,
                     struct err *e)
{
	struct zsrc z;
	int rc = 0;
	sb_reset(out);
	if (part_open(x, part, WB_PART_MAX, &z, missing, e))
		return -1;
	for (;;) {
		sb_grow(out, 64 * 1024);
		long n = zread(&z, out->buf + out->len, 64 * 1024, e);
		if (n < 0) {
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		sb_setlen(out, out->len + (size_t)n);
	}
	zip_fclose(z.f);
	return rc;
}

/* Puts "part: " before the message. */
static void prefix(struct err *e, const char *part)
{
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "%s: %s", part, e->msg);
	size_t n = sb.len < sizeof(e->msg) - 1 ? sb.len : sizeof(e->msg) - 1;
	memcpy(e->msg, sb.buf, n);
	e->msg[n] = '\0';
	sb_release(&sb);
}

/* ---- part names ---- */

/* The part a relationship target names, relative to the directory of the
 * part that holds the relationships (base: "xl/"). */
static char *resolve(const char *base, const char *target)
{
	struct strbuf sb = STRBUF_INIT;
	if (target[0] == '/')
		target++;
	else
		sb_adds(&sb, base);
	sb_adds(&sb, target);
	/* drop "./" and "x/../" segments */
	char *s = sb.buf, *w = sb.buf;
	const char *r = s;
	while (*r) {
		if (!strncmp(r, "./", 2)) {
			r += 2;
		} else if (!strncmp(r, "../", 3)) {
			r += 3;
			if (w > s)
				w--;
			while (w > s && w[-1] != '/')
				w--;
		} else {
			while (*r && *r != '/')
				*w++ = *r++;
			if (*r)
				*w++ = *r++;
		}
	}
	*w = '\0';
	sb.len = (size_t)(w - s);
	return sb_detach(&sb);
}

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);
	return a >= b && !strcmp(s + a - b, tail);
}

/* ---- the package and the workbook ---- */

struct rels {
	struct rel {
		char *id, *type, *target;
	} * v;
	int n, cap;
};

static void rels_start(void *ud, const char *el, const char **atts)
{
	struct rels *r = ud;
	const char *id = xl_attr(atts, "Id"), *type = xl_attr(atts, "Type"),
	           *target = xl_attr(atts, "Target");
	if (strcmp(el, "Relationship") || !id || !type || !target || r->n >= SHEETS_MAX)
		return;
	ALLOC_GROW(r->v, r->n + 1, r->cap);
	r->v[r->n].id = xstrdup(id);
	r->v[r->n].type = xstrdup(type);
	r->v[r->n].target = xstrdup(target);
	r->n++;
}

static void rels_release(struct rels *r)
{
	for (int i = 0; i < r->n; i++) {
		free(r->v[i].id);
		free(r->v[i].type);
		free(r->v[i].target);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

struct book_parse {
	struct sheet_ent *v;
	int n, cap;
	int date1904;
};

static void book_start(void *ud, const char *el, const char **atts)
{
	struct book_parse *b = ud;
	if (!strcmp(el, "workbookPr")) {
		const char *d = xl_attr(atts, "date1904");
		b->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
	} else if (!strcmp(el, "sheet") && b->n < SHEETS_MAX) {
		const char *name = xl_attr(atts, "name"), *rid = xl_attr(atts, "id");
		if (!name || !rid)
			return;
		ALLOC_GROW(b->v, b->n + 1, b->cap);
		memset(&b->v[b->n], 0, sizeof(b->v[b->n]));
		b->v[b->n].name = xstrdup(name);
		b->v[b->n].rid = xstrdup(rid);
		b->n++;
	}
}

static void book_release(struct book_parse *b)
{
	for (int i = 0; i < b->n; i++) {
		free(b->v[i].name);
		free(b->v[i].rid);
		free(b->v[i].part);
	}
	free(b->v);
}

int wb_no_sheet(struct err *e, const char *want, const char *const *names, int n)
{
	struct strbuf sb = STRBUF_INIT;
	enum lang lg = e->lang;
	for (int i = 0; i < n; i++)
		sb_addf(&sb, "%s\"%s\"", i ? ", " : "", names[i]);
	if (want)
		snprintf(e->msg, sizeof(e->msg),
		         L(lg, "has no sheet \"%s\"; its sheets are: %s",
		           "hat kein Blatt \"%s\"; seine Blätter sind: %s"),
		         want, sb.buf);
	else
		snprintf(e->msg, sizeof(e->msg),
		         L(lg, "has no worksheet to read", "hat kein Tabellenblatt zum Lesen"));
	sb_release(&sb);
	return -1;
}

/* Finds the workbook, its sheets, shared strings and styles; chooses the
 * sheet.  0 or -1. */
static int load_book(struct xlsx *x, const char *want, struct err *e)
{
	enum lang lg = e->lang;
	struct strbuf xml = STRBUF_INIT;
	struct rels pkg = {0}, wbr = {0};
	struct book_parse bk = {0};
	char *book = NULL, *base = NULL, *sst = NULL, *styles = NULL;
	int rc = -1, missing;

	/* the package's relationships name the workbook part */
	if (part_read(x, "_rels/.rels", &xml, &missing, e) == 0) {
		if (xl_parse_doc(xml.buf, xml.len, rels_start, &pkg, e))
			goto bad_part_rels;
		for (int i = 0; i < pkg.n && !book; i++)
			if (ends_with(pkg.v[i].type, "/officeDocument"))
				book = resolve("", pkg.v[i].target);
	} else if (!missing)
		goto out;
	if (!book)
		book = xstrdup("xl/workbook.xml");
	if (part_read(x, book, &xml, &missing, e)) {
		if (missing && zip_name_locate(x->zip, "content.xml", 0) >= 0)
			snprintf(
			    e->msg, sizeof(e->msg),
			    L(lg,
			      "is an OpenDocument spreadsheet, not an Excel workbook: save it "
			      "as .xlsx or CSV",
			      "ist eine OpenDocument-Tabelle, keine Excel-Arbeitsmappe: bitte als "
			      ".xlsx oder CSV speichern"));
		goto out;
	}
	if (xl_parse_doc(xml.buf, xml.len, book_start, &bk, e)) {
		prefix(e, book);
		goto out;
	}
	x->book.date1904 = bk.date1904;

	/* the workbook's relationships: sheets, shared strings, styles */
	const char *slash = strrchr(book, '/');
	base = xstrndup(book, slash ? (size_t)(slash - book + 1) : 0);
	{
		struct strbuf rp = STRBUF_INIT;
		sb_addf(&rp, "%s_rels/%s.rels", base, slash ? slash + 1 : book);
		int r = part_read(x, rp.buf, &xml, &missing, e);
		if (r == 0 && xl_parse_doc(xml.buf, xml.len, rels_start, &wbr, e)) {
			prefix(e, rp.buf);
			r = -1;
			missing = 0;
		}
		sb_release(&rp);
		if (r && !missing)
			goto out;
	}
	for (int i = 0; i < wbr.n; i++) {
		const struct rel *r = &wbr.v[i];
		if (ends_with(r->type, "/sharedStrings") && !sst)
			sst = resolve(base, r->target);
		else if (ends_with(r->type, "/styles") && !styles)
			styles = resolve(base, r->target);
		for (int k = 0; k < bk.n; k++)
			if (!bk.v[k].part && !strcmp(bk.v[k].rid, r->id)) {
				bk.v[k].part = resolve(base, r->target);
				bk.v[k].worksheet = ends_with(r->type, "/worksheet");
			}
	}

	/* the sheet */
	int pick = -1;
	for (int k = 0; k < bk.n && pick < 0 && want; k++)
		if (!strcmp(bk.v[k].name, want))
			pick = k;
	for (int k = 0; k < bk.n && pick < 0 && want; k++)
		if (!strcasecmp(bk.v[k].name, want))
			pick = k;
	for (int k = 0; k < bk.n && pick < 0 && !want; k++)
		if (bk.v[k].worksheet && bk.v[k].part)
			pick = k;
	if (pick < 0) {
		const char **names = xcalloc((size_t)bk.n + 1, sizeof(*names));
		for (int k = 0; k < bk.n; k++)
			names[k] = bk.v[k].name;
		wb_no_sheet(e, want, names, bk.n);
		free(names);
		goto out;
	}
	if (!bk.v[pick].worksheet || !bk.v[pick].part) {
		snprintf(e->msg, sizeof(e->msg),
		         L(lg, "the sheet \"%s\" is a chart or dialog sheet, not a table",
		           "das Blatt \"%s\" ist ein Diagramm- oder Dialogblatt, keine Tabelle"),
		         bk.v[pick].name);
		goto out;
	}
	x->w.sheet = xstrdup(bk.v[pick].name);
	x->part = xstrdup(bk.v[pick].part);

	if (styles) {
		if (part_read(x, styles, &xml, &missing, e) && !missing)
			goto out;
		if (!missing && xl_parse_styles(&x->book, xml.buf, xml.len, e)) {
			prefix(e, styles);
			goto out;
		}
	}
	if (sst) {
		struct zsrc z;
		if (part_open(x, sst, WB_SST_BYTES_MAX * 4ull, &z, &missing, e) == 0) {
			int r = xl_parse_sst(&x->book, zread, &z, e);
			zip_fclose(z.f);
			if (r) {
				if (strncmp(e->msg, sst, strlen(sst))) {
					prefix(e, sst);
				}
				goto out;
			}
		} else if (!missing)
			goto out;
	}
	rc = 0;
	goto out;
bad_part_rels:
	prefix(e, "_rels/.rels");
out:
	sb_release(&xml);
	rels_release(&pkg);
	rels_release(&wbr);
	book_release(&bk);
	free(book);
	free(base);
	free(sst);
	free(styles);
	return rc;
}

/* ---- the row source ---- */

static void sheet_close(struct xlsx *x)
{
	xl_sheet_free(x->xs);
	x->xs = NULL;
	if (x->zs.f)
		zip_fclose(x->zs.f);
	x->zs.f = NULL;
}

static int sheet_start(struct xlsx *x, struct err *e)
{
	int missing;
	sheet_close(x);
	if (part_open(x, x->part, WB_SHEET_MAX, &x->zs, &missing, e))
		return -1;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat(x->zip, x->part, ZIP_FL_NOCASE, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
		x->w.size = st.size;
	x->w.done = 0;
	x->zs.done = &x->w.done;
	x->xs = xl_sheet_open(&x->book, zread, &x->zs, e->lang);
	return 0;
}

static int xlsx_next(struct wbsrc *w, struct cellrow *row, struct err *e)
{
	struct xlsx *x = (struct xlsx *)w;
	return xl_sheet_next(x->xs, row, e);
}

static int xlsx_rewind(struct wbsrc *w, struct err *e)
{
	return sheet_start((struct xlsx *)w, e);
}

static void xlsx_free(struct wbsrc *w)
{
	struct xlsx *x = (struct xlsx *)w;
	if (!x)
		return;
	sheet_close(x);
	if (x->zip)
		zip_discard(x->zip);
	xl_book_release(&x->book);
	cellrow_release(&x->w.row);
	free(x->w.sheet);
	free(x->part);
	free(x);
}

struct wbsrc *xlsx_open(const char *path, const char *sheet, struct err *e)
{
	enum lang lg = e->lang;
	int zerr = 0;
	struct xlsx *x = xcalloc(1, sizeof(*x));
	x->w.next = xlsx_next;
	x->w.rewind = xlsx_rewind;
	x->w.free = xlsx_free;
	xl_book_init(&x->book);
	cellrow_init(&x->w.row);
	x->zip = zip_open(path, ZIP_RDONLY, &zerr);
	if (!x->zip) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		snprintf(e->msg, sizeof(e->msg),
		         L(lg, "is not a readable zip archive (an .xlsx workbook is one): %s",
		           "ist kein lesbares Zip-Archiv (wie eine .xlsx-Arbeitsmappe): %s"),
		         zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto fail;
	}
	if (load_book(x, sheet, e) || sheet_start(x, e))
		goto fail;
	return &x->w;
fail:
	xlsx_free(&x->w);
	return NULL;
}
