/*
 * request.c — the request and response records: lookups of headers,
 * query arguments, form fields and cookies; parsing of cookies and of
 * urlencoded form bodies (with the caps checked before anything is
 * allocated); response headers, redirects, cookies and the ETag helper.
 */
#include <sodium.h>
#include <string.h>

#include "web_int.h"

void web_limits_default(struct web_limits *l)
{
	l->max_path = 2048;
	l->max_headers = 48;
	l->max_header_bytes = 16384;
	l->max_args = 32;
	l->max_arg = 2048;
	l->max_body = 65536;
	l->max_upload = 64u << 20;
	l->max_fields = 64;
	l->max_field = 16384;
	l->max_parts = 300;
	l->max_part_header = 2048;
	l->max_files = 4;
}

static const char *kv_get(const struct web_kv *kv, size_t n, const char *name, int nocase)
{
	for (size_t i = 0; i < n; i++)
		if (kv[i].name &&
		    (nocase ? str_eq_nocase(kv[i].name, name) : !strcmp(kv[i].name, name)))
			return kv[i].value ? kv[i].value : "";
	return NULL;
}

const char *web_header(const struct web_req *rq, const char *name)
{
	return kv_get(rq->headers, rq->nheaders, name, 1);
}

const char *web_arg(const struct web_req *rq, const char *name)
{
	return kv_get(rq->args, rq->nargs, name, 0);
}

const char *web_field(const struct web_req *rq, const char *name)
{
	return kv_get(rq->form, rq->nform, name, 0);
}

const char *web_cookie(const struct web_req *rq, const char *name)
{
	return kv_get(rq->cookies, rq->ncookies, name, 0);
}

static char *scratch(struct web_req *rq, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(rq->scratch_); i++)
		if (!rq->scratch_[i])
			return rq->scratch_[i] = xmalloc(n);
	abort(); /* BUG: more scratch buffers than the request has room for */
}

void web_req_release(struct web_req *rq)
{
	for (size_t i = 0; i < ARRAY_SIZE(rq->scratch_); i++) {
		free(rq->scratch_[i]);
		rq->scratch_[i] = NULL;
	}
	free(rq->form);
	rq->form = NULL;
	rq->nform = 0;
	mp_release(&rq->mp_);
	rq->files = NULL;
	rq->nfiles = 0;
	rq->ncookies = 0;
}

/* Cookies from the Cookie header: "a=1; b=2".  At most ARRAY_SIZE(cookies)
 * are kept (the header itself is capped with the other headers). */
void web_parse_cookies(struct web_req *rq)
{
	const char *h = web_header(rq, "Cookie");
	rq->ncookies = 0;
	if (!h || !*h)
		return;
	char *buf = scratch(rq, strlen(h) + 1);
	strcpy(buf, h);
	for (char *p = buf; *p && rq->ncookies < ARRAY_SIZE(rq->cookies);) {
		char *end = strchr(p, ';');
		if (end)
			*end = '\0';
		while (*p == ' ')
			p++;
		char *eq = strchr(p, '=');
		if (eq) {
			*eq = '\0';
			char *v = eq + 1;
			size_t vl = strlen(v);
			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
				v[vl - 1] = '\0';
				v++;
			}
			rq->cookies[rq->ncookies].name = p;
			rq->cookies[rq->ncookies].value = v;
			rq->ncookies++;
		}
		if (!end)
			break;
		p = end + 1;
	}
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes %XX and '+' in place; returns the new length. */
static size_t form_decode(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '+') {
			*w++ = ' ';
		} else if (*r == '%' && hexval(r[1]) >= 0 && hexval(r[2]) >= 0) {
			*w++ = (char)(hexval(r[1]) * 16 + hexval(r[2]));
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* Parses an application/x-www-form-urlencoded body into rq->form.  Returns
 * 0, or 413 when it has more fields or a longer field than the limits allow
 * (counted before anything is allocated), or 400 when a field holds a NUL. */
int web_parse_form(struct web_req *rq, const struct web_limits *l)
{
	size_t n = rq->body_len, fields = 0, len = 0;
	const char *b = rq->body;
	rq->nform = 0;
	if (!n)
		return 0;
	if (n > l->max_body)
		return 413;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || b[i] == '&') {
			if (len) /* the encoded length bounds the decoded one from above */
				fields++;
			if (fields > l->max_fields)
				return 413;
			len = 0;
		} else if (++len > 3 * l->max_field + 64) {
			return 413;
		}
	}
	char *buf = scratch(rq, n + 1);
	memcpy(buf, b, n);
	buf[n] = '\0';
	if (memchr(b, '\0', n))
		return 400;
	rq->form = xcalloc(fields ? fields : 1, sizeof(*rq->form));
	for (char *p = buf; p && *p;) {
		char *amp = strchr(p, '&');
		if (amp)
			*amp = '\0';
		if (*p) {
			char *eq = strchr(p, '=');
			/* no '=': an empty value, in the writable buffer */
			char *v = p + strlen(p);
			if (eq) {
				*eq = '\0';
				v = eq + 1;
			}
			form_decode(p);
			size_t vl = form_decode(v);
			if (vl > l->max_field || strlen(v) != vl)
				return vl > l->max_field ? 413 : 400;
			rq->form[rq->nform].name = p;
			rq->form[rq->nform].value = v;
			rq->nform++;
		}
		p = amp ? amp + 1 : NULL;
	}
	return 0;
}

/* ---- responses ---- */

void web_resp_init(struct web_resp *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->status = 200;
	sb_init(&rs->body);
}

void web_resp_release(struct web_resp *rs)
{
	for (size_t i = 0; i < rs->nheaders; i++) {
		free(rs->hname[i]);
		free(rs->hvalue[i]);
	}
	rs->nheaders = 0;
	sb_release(&rs->body);
}

void web_resp_header(struct web_resp *rs, const char *name, const char *value)
{
	/* a header value never carries a line break (no response splitting) */
	if (strpbrk(value, "\r\n") || strpbrk(name, "\r\n: "))
		abort(); /* BUG: every header value is made by treue itself */
	if (str_eq_nocase(name, "Set-Cookie") == 0) {
		for (size_t i = 0; i < rs->nheaders; i++)
			if (str_eq_nocase(rs->hname[i], name)) {
				free(rs->hvalue[i]);
				rs->hvalue[i] = xstrdup(value);
				return;
			}
	}
	if (rs->nheaders == WEB_RESP_HEADERS)
		abort(); /* BUG: more headers than any response of treue has */
	rs->hname[rs->nheaders] = xstrdup(name);
	rs->hvalue[rs->nheaders] = xstrdup(value);
	rs->nheaders++;
}

const char *web_resp_get(const struct web_resp *rs, const char *name)
{
	for (size_t i = 0; i < rs->nheaders; i++)
		if (str_eq_nocase(rs->hname[i], name))
			return rs->hvalue[i];
	return NULL;
}

void web_redirect(struct web_resp *rs, const char *location)
{
	if (!html_local_path(location))
		location = "/";
	rs->status = 303;
	web_resp_header(rs, "Location", location);
}

void web_set_cookie(struct web_resp *rs, const char *name, const char *value, long max_age)
{
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "%s=%s; Secure; HttpOnly; SameSite=Strict; Path=/", name, value);
	if (max_age >= 0)
		sb_addf(&sb, "; Max-Age=%ld", max_age);
	web_resp_header(rs, "Set-Cookie", sb.buf);
	sb_release(&sb);
}

/* ---- ETag ---- */

int web_etag(struct web_req *rq, struct web_resp *rs, int64_t data_version)
{
	/* the page depends on the data, on who asks (role, owner, language)
	 * and on the session (its forms carry the CSRF token) */
	struct strbuf in = STRBUF_INIT;
	unsigned char hash[16];
	char hex[33], tag[40];
	sb_addf(&in, "%lld|%lld|%s|%s|%s|%d|%s|%s", (long long)data_version, (long long)rq->user.id,
	        rq->user.name, web_role_name(rq->user.role), rq->user.owner, (int)rq->lang,
	        rq->sess.csrf, rq->path);
	/* and on the query: /actions?page=2 is another page than page 1 */
	for (size_t i = 0; i < rq->nargs; i++)
		sb_addf(&in, "|%s=%s", rq->args[i].name ? rq->args[i].name : "",
		        rq->args[i].value ? rq->args[i].value : "");
	crypto_generichash(hash, sizeof(hash), (const unsigned char *)in.buf, in.len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	snprintf(tag, sizeof(tag), "\"%s\"", hex);
	sb_release(&in);
	web_resp_header(rs, "ETag", tag);
	const char *inm = web_header(rq, "If-None-Match");
	if (inm && (strstr(inm, tag) || !strcmp(inm, "*"))) {
		rs->status = 304;
		sb_reset(&rs->body);
		return 1;
	}
	return 0;
}

/* ---- multipart bodies (the parser is multipart.c) ---- */

int web_parse_multipart(struct web_req *rq, const struct web_limits *l)
{
	struct mp_limits ml = {l->max_upload, l->max_parts, l->max_part_header, l->max_field,
	                       l->max_files};
	size_t nfields = 0;
	int st = mp_parse(web_header(rq, "Content-Type"), rq->body, rq->body_len, &ml, &rq->mp_);
	if (st)
		return st;
	for (size_t i = 0; i < rq->mp_.n; i++)
		nfields += !rq->mp_.parts[i].filename;
	rq->form = xcalloc(nfields ? nfields : 1, sizeof(*rq->form));
	rq->nform = 0;
	for (size_t i = 0; i < rq->mp_.n; i++) {
		const struct web_part *pt = &rq->mp_.parts[i];
		if (pt->filename)
			continue;
		rq->form[rq->nform].name = pt->name;
		rq->form[rq->nform].value = pt->data;
		rq->nform++;
	}
	rq->files = rq->mp_.parts;
	rq->nfiles = rq->mp_.n;
	return 0;
}

const struct web_part *web_file(const struct web_req *rq, const char *name)
{
	for (size_t i = 0; i < rq->nfiles; i++)
		if (rq->files[i].filename && !strcmp(rq->files[i].name, name))
			return &rq->files[i];
	return NULL;
}
