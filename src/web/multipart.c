/*
 * multipart.c — multipart/form-data bodies (RFC 7578): the import page's
 * upload and its column mapping.  mp_parse is a pure function of the
 * Content-Type and the body, with caps on the body, the number of parts,
 * the bytes of each part's headers, the length of a plain field and the
 * number of files — all checked in a first pass that allocates nothing;
 * the second pass fills one array and one string buffer.  File contents
 * are not copied: they point into the body.  (request.c's
 * web_parse_multipart hands the result to a request: plain fields as form
 * fields, files apart.)  Needs nothing but util, so that
 * tests/fuzz/fuzz_multipart.c can fuzz mp_parse on its own.
 */
#include <stdlib.h>
#include <string.h>

#include "web.h"

#define BOUNDARY_MAX 70 /* RFC 2046 */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* s[0..n) starts with p, ASCII case ignored. */
static int prefix_nocase(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);
	if (n < pl)
		return 0;
	for (size_t i = 0; i < pl; i++)
		if (lower((unsigned char)s[i]) != lower((unsigned char)p[i]))
			return 0;
	return 1;
}

/* The boundary parameter of a multipart/form-data Content-Type. */
static int boundary_of(const char *ct, char b[BOUNDARY_MAX + 1])
{
	static const char type[] = "multipart/form-data";
	if (!ct || !prefix_nocase(ct, strlen(ct), type))
		return -1;
	const char *p = ct + sizeof(type) - 1;
	if (*p && *p != ';' && *p != ' ' && *p != '\t')
		return -1;
	while (*p) {
		while (*p == ';' || *p == ' ' || *p == '\t')
			p++;
		const char *name = p;
		size_t nl = strcspn(p, "=; \t");
		p += nl;
		if (*p != '=')
			continue;
		p++;
		const char *val = p;
		size_t vl;
		if (*p == '"') {
			val = ++p;
			vl = strcspn(p, "\"");
			if (p[vl] != '"')
				return -1;
			p += vl + 1;
		} else {
			vl = strcspn(p, "; \t");
			p += vl;
		}
		if (nl == 8 && prefix_nocase(name, nl, "boundary")) {
			if (vl < 1 || vl > BOUNDARY_MAX)
				return -1;
			for (size_t i = 0; i < vl; i++)
				if ((unsigned char)val[i] < 0x20 || (unsigned char)val[i] > 0x7E)
					return -1;
			memcpy(b, val, vl);
			b[vl] = '\0';
			return 0;
		}
	}
	return -1;
}

/* The first occurrence of needle[0..nn) in hay[0..n), or NULL. */
static const char *find(const char *hay, size_t n, const char *needle, size_t nn)
{
	const char *end = hay + n;
	while ((size_t)(end - hay) >= nn) {
		const char *p = memchr(hay, needle[0], (size_t)(end - hay) - nn + 1);
		if (!p)
			return NULL;
		if (!memcmp(p, needle, nn))
			return p;
		hay = p + 1;
	}
	return NULL;
}

/* One parameter of a Content-Disposition header: `key=value` or
 * `key="value"` (a backslash escapes the next character).  Fills *v, *vl
 * (for a quoted value: the raw text between the quotes, *esc set when it
 * holds a backslash).  Returns the position after it, or NULL. */
struct param {
	const char *key, *val;
	size_t kl, vl;
	int quoted;
};

static const char *next_param(const char *p, const char *end, struct param *out)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end)
		return NULL;
	if (*p != ';')
		return NULL;
	p++;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	out->key = p;
	while (p < end && *p != '=' && *p != ';' && *p != ' ' && *p != '\t')
		p++;
	out->kl = (size_t)(p - out->key);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	out->val = p;
	out->vl = 0;
	out->quoted = 0;
	if (p == end || *p != '=')
		return p; /* a parameter without a value */
	p++;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p == '"') {
		out->quoted = 1;
		out->val = ++p;
		while (p < end && *p != '"') {
			if (*p == '\\' && p + 1 < end)
				p++;
			p++;
		}
		if (p == end)
			return NULL;
		out->vl = (size_t)(p - out->val);
		return p + 1;
	}
	out->val = p;
	while (p < end && *p != ';' && *p != ' ' && *p != '\t')
		p++;
	out->vl = (size_t)(p - out->val);
	return p;
}

/* Bytes a parameter's value takes unescaped, plus its NUL. */
static size_t value_size(const struct param *pa)
{
	size_t n = 0;
	for (size_t i = 0; i < pa->vl; i++, n++)
		if (pa->quoted && pa->val[i] == '\\' && i + 1 < pa->vl)
			i++;
	return n + 1;
}

static char *put_value(char **w, const struct param *pa)
{
	char *s = *w, *o = s;
	for (size_t i = 0; i < pa->vl; i++) {
		if (pa->quoted && pa->val[i] == '\\' && i + 1 < pa->vl)
			i++;
		*o++ = pa->val[i];
	}
	*o++ = '\0';
	*w = o;
	return s;
}

static char *put_text(char **w, const char *s, size_t n)
{
	char *r = *w;
	memcpy(r, s, n);
	r[n] = '\0';
	*w = r + n + 1;
	return r;
}

/* What one part's header block says. */
struct head {
	struct param name, filename;
	int has_name, has_filename;
	const char *ctype;
	size_t ctl;
};

/* Parses the header lines in h[0..n) (CRLF separated, no blank line). */
static int parse_head(const char *h, size_t n, struct head *out)
{
	const char *end = h + n;
	memset(out, 0, sizeof(*out));
	if (memchr(h, '\0', n))
		return 400;
	while (h < end) {
		const char *eol = find(h, (size_t)(end - h), "\r\n", 2);
		if (!eol)
			eol = end;
		const char *colon = memchr(h, ':', (size_t)(eol - h));
		if (!colon || colon == h)
			return 400;
		const char *v = colon + 1;
		while (v < eol && (*v == ' ' || *v == '\t'))
			v++;
		size_t kl = (size_t)(colon - h);
		if (kl == 19 && prefix_nocase(h, kl, "content-disposition")) {
			if (!prefix_nocase(v, (size_t)(eol - v), "form-data"))
				return 400;
			const char *p = v + 9;
			struct param pa;
			while (p && p < eol) {
				p = next_param(p, eol, &pa);
				if (!p)
					return 400;
				if (pa.kl == 4 && prefix_nocase(pa.key, 4, "name")) {
					out->name = pa;
					out->has_name = 1;
				} else if (pa.kl == 8 && prefix_nocase(pa.key, 8, "filename")) {
					out->filename = pa;
					out->has_filename = 1;
				}
			}
		} else if (kl == 12 && prefix_nocase(h, kl, "content-type")) {
			const char *e = eol;
			while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			out->ctype = v;
			out->ctl = (size_t)(e - v);
		}
		h = eol + (eol < end ? 2 : 0);
	}
	return out->has_name ? 0 : 400;
}

/*
 * The two passes over the body.  Without out (first pass) only counts and
 * checks: *nparts, *bytes (the strings' total), and the caps.  With out
 * the parts are written to out->parts and their strings to out->strings.
 */
static int scan(const char *body, size_t len, const char *bnd, const struct mp_limits *l,
                struct mp_form *out, size_t *nparts, size_t *bytes)
{
	char delim[BOUNDARY_MAX + 5]; /* "\r\n--" boundary */
	size_t dl = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", bnd);
	const char *p = body, *end = body + len;
	size_t files = 0;
	char *w = out ? out->strings : NULL;
	*nparts = 0;
	*bytes = 0;
	/* the first boundary: at the very start, or after a preamble line */
	if (len >= dl - 2 && !memcmp(body, delim + 2, dl - 2)) {
		p = body + dl - 2;
	} else {
		const char *d = find(body, len, delim, dl);
		if (!d)
			return 400;
		p = d + dl;
	}
	for (;;) {
		/* after a boundary: "--" closes, else (padding and) CRLF */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return 400;
		p += 2;
		/* the part's headers end with a blank line */
		const char *hend;
		size_t window = (size_t)(end - p);
		if (window > l->max_part_header + 4)
			window = l->max_part_header + 4;
		if (window >= 2 && p[0] == '\r' && p[1] == '\n') {
			hend = p; /* no headers at all */
		} else {
			hend = find(p, window, "\r\n\r\n", 4);
			if (!hend)
				return (size_t)(end - p) > l->max_part_header + 4 ? 413 : 400;
		}
		if ((size_t)(hend - p) > l->max_part_header)
			return 413;
		struct head hd;
		int st = parse_head(p, (size_t)(hend - p), &hd);
		if (st)
			return st;
		const char *data = hend + (hend == p ? 2 : 4);
		const char *dend = find(data, (size_t)(end - data), delim, dl);
		if (!dend)
			return 400;
		size_t dlen = (size_t)(dend - data);
		if (++*nparts > l->max_parts)
			return 413;
		if (hd.has_filename) {
			if (++files > l->max_files)
				return 413;
		} else {
			if (dlen > l->max_field)
				return 413;
			if (memchr(data, '\0', dlen))
				return 400;
		}
		size_t need = value_size(&hd.name) +
		              (hd.has_filename ? value_size(&hd.filename) : 0) +
		              (hd.ctype ? hd.ctl + 1 : 0) + (hd.has_filename ? 0 : dlen + 1);
		*bytes += need;
		if (out) {
			struct web_part *pt = &out->parts[*nparts - 1];
			memset(pt, 0, sizeof(*pt));
			pt->name = put_value(&w, &hd.name);
			if (hd.has_filename)
				pt->filename = put_value(&w, &hd.filename);
			if (hd.ctype)
				pt->content_type = put_text(&w, hd.ctype, hd.ctl);
			if (hd.has_filename) {
				pt->data = data;
			} else {
				pt->data = put_text(&w, data, dlen);
			}
			pt->len = dlen;
		}
		p = dend + dl;
	}
}

int mp_parse(const char *content_type, const char *body, size_t len, const struct mp_limits *l,
             struct mp_form *out)
{
	char bnd[BOUNDARY_MAX + 1];
	size_t n, bytes;
	memset(out, 0, sizeof(*out));
	if (boundary_of(content_type, bnd))
		return 415;
	if (len > l->max_body)
		return 413;
	if (!body)
		return 400;
	int st = scan(body, len, bnd, l, NULL, &n, &bytes);
	if (st)
		return st;
	out->parts = xcalloc(n ? n : 1, sizeof(*out->parts));
	out->strings = xmalloc(bytes ? bytes : 1);
	st = scan(body, len, bnd, l, out, &out->n, &bytes);
	if (st) { /* BUG: the second pass saw something else than the first */
		mp_release(out);
		return 500;
	}
	return 0;
}

void mp_release(struct mp_form *f)
{
	free(f->parts);
	free(f->strings);
	memset(f, 0, sizeof(*f));
}
