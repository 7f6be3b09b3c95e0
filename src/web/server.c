/*
 * server.c — the server and its front door.  web_server_open holds what
 * every request shares: a pool of store connections (one per worker; a
 * request borrows one), the login throttle, the slots for password hashing
 * and the session settings.  web_handle takes every request through the
 * same steps: size caps, route, cookies and language, session, role,
 * Origin and CSRF for POST, the handler, and the security headers on
 * whatever comes out.
 */
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web_int.h"

#define CSP                                                                                        \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "          \
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

void web_config_default(struct web_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->threads = 4;
	web_limits_default(&cfg->limits);
	cfg->session_idle = 30 * 60;
	cfg->session_max = 12 * 3600;
	cfg->hash_slots = 2;
	cfg->today = DAY_NONE;
}

static int setting_int(struct store *st, const char *key, long lo, long hi, long *out,
                       struct err *e)
{
	struct strbuf buf = STRBUF_INIT;
	int rc = store_setting(st, key, &buf, e);
	const char *v = rc == 1 ? buf.buf : NULL;
	if (rc == 1) {
		rc = 0;
		char *end;
		long x = strtol(v, &end, 10);
		if (!*v || *end || x < lo || x > hi) {
			snprintf(e->field, sizeof(e->field), "%s", key);
			snprintf(e->value, sizeof(e->value), "%s", v);
			rc = err_set(e,
			             L(e->lang, "is not a whole number from %ld to %ld",
			               "ist keine ganze Zahl von %ld bis %ld"),
			             lo, hi);
		} else {
			*out = x;
		}
	}
	sb_release(&buf);
	return rc;
}

int web_config_from_store(struct web_config *cfg, struct store *st, struct err *e)
{
	long idle = cfg->session_idle / 60, max = cfg->session_max / 3600;
	if (setting_int(st, "web_session_idle_minutes", 1, 7 * 24 * 60, &idle, e) ||
	    setting_int(st, "web_session_max_hours", 1, 24 * 90, &max, e))
		return -1;
	cfg->session_idle = (int)idle * 60;
	cfg->session_max = (int)max * 3600;
	return 0;
}

void web_server_close(struct web_server *srv)
{
	if (!srv)
		return;
	uploads_close(srv);
	web_views_close(srv);
	for (int i = 0; i < srv->pool_n; i++)
		store_close(srv->pool[i]);
	free(srv->pool);
	free(srv->pool_busy);
	pthread_mutex_destroy(&srv->pool_mu);
	pthread_cond_destroy(&srv->pool_cv);
	sem_destroy(&srv->hash_sem);
	throttle_destroy(&srv->throttle);
	api_data_free(srv->api);
	free(srv->db_path);
	free(srv);
}

int web_server_open(const struct web_config *cfg, struct web_server **out, struct err *e)
{
	struct web_server *srv = xcalloc(1, sizeof(*srv));
	*out = NULL;
	srv->cfg = *cfg;
	if (srv->cfg.threads < 1 || srv->cfg.threads > 256)
		srv->cfg.threads = 4;
	if (srv->cfg.hash_slots < 1)
		srv->cfg.hash_slots = 1;
	srv->db_path = xstrdup(cfg->db_path);
	pthread_mutex_init(&srv->pool_mu, NULL);
	pthread_cond_init(&srv->pool_cv, NULL);
	sem_init(&srv->hash_sem, 0, (unsigned)srv->cfg.hash_slots);
	throttle_init(&srv->throttle);
	srv->api = api_data_new();
	uploads_init(srv);
	web_views_init(srv);
	if (sodium_init() < 0) {
		err_set(e, "libsodium cannot start");
		goto fail;
	}
	srv->pool = xcalloc((size_t)srv->cfg.threads, sizeof(*srv->pool));
	srv->pool_busy = xcalloc((size_t)srv->cfg.threads, sizeof(*srv->pool_busy));
	for (; srv->pool_n < srv->cfg.threads; srv->pool_n++)
		if (store_open(srv->db_path, 0, &srv->pool[srv->pool_n], e))
			goto fail;
	if (acct_count_active(srv->pool[0]) == 0) {
		err_set(e,
		        L(e->lang,
		          "%s has no users yet: create the first one with\n"
		          "  treue --db %s user add NAME --role admin",
		          "%s hat noch keine Benutzer: den ersten anlegen mit\n"
		          "  treue --db %s user add NAME --role admin"),
		        store_path(srv->pool[0]), store_path(srv->pool[0]));
		goto fail;
	}
	/* unknown names are checked against this hash, so that they cost
	 * the same time as known ones */
	char pw[21];
	acct_password_generate(pw);
	if (acct_password_hash(pw, srv->dummy_hash, e))
		goto fail;
	if (sess_prune(srv->pool[0], (int64_t)time(NULL), srv->cfg.session_idle,
	               srv->cfg.session_max, e))
		goto fail;
	*out = srv;
	return 0;
fail:
	web_server_close(srv);
	return -1;
}

const struct web_limits *web_server_limits(const struct web_server *srv)
{
	return &srv->cfg.limits;
}

void web_log(struct web_server *srv, const char *fmt, ...)
{
	if (!srv->cfg.log)
		return;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < sb.len; i++) /* no forged log lines from paths or names */
		if ((unsigned char)sb.buf[i] < 0x20 || sb.buf[i] == 0x7F)
			sb.buf[i] = '?';
	srv->cfg.log(srv->cfg.log_arg, sb.buf);
	sb_release(&sb);
}

int web_verify_password(struct web_server *srv, const char *hash, const char *pw)
{
	while (sem_wait(&srv->hash_sem) != 0)
		; /* EINTR */
	int ok = acct_password_verify(hash, pw);
	sem_post(&srv->hash_sem);
	return ok;
}

static struct store *pool_get(struct web_server *srv)
{
	pthread_mutex_lock(&srv->pool_mu);
	for (;;) {
		for (int i = 0; i < srv->pool_n; i++)
			if (!srv->pool_busy[i]) {
				srv->pool_busy[i] = 1;
				pthread_mutex_unlock(&srv->pool_mu);
				return srv->pool[i];
			}
		pthread_cond_wait(&srv->pool_cv, &srv->pool_mu);
	}
}

static void pool_put(struct web_server *srv, struct store *st)
{
	pthread_mutex_lock(&srv->pool_mu);
	for (int i = 0; i < srv->pool_n; i++)
		if (srv->pool[i] == st)
			srv->pool_busy[i] = 0;
	pthread_cond_signal(&srv->pool_cv);
	pthread_mutex_unlock(&srv->pool_mu);
}

/* ---- routes ---- */

/*
 * Whether path matches pattern.  A pattern segment "*" matches one
 * non-empty segment of the path; "**" a non-empty run of segments (slashes
 * included: a customer id may hold one), as long as what follows it in the
 * pattern matches the rest (the longest such run).  The first wildcard's
 * match is returned in *param and *plen (pointing into path).
 */
static int match(const char *pattern, const char *path, const char **param, size_t *plen)
{
	const char *start = pattern;
	for (;;) {
		int wild = *pattern == '*' && pattern > start && pattern[-1] == '/';
		if (wild && pattern[1] == '*' && (pattern[2] == '/' || !pattern[2])) {
			const char *rest = pattern + 2;
			/* the longest run after which the rest of the pattern matches */
			for (const char *end = path + strlen(path); end > path; end--) {
				const char *p2 = NULL;
				size_t l2 = 0;
				if (*rest ? *end != '/' : *end != '\0')
					continue;
				if (!match(rest, end, &p2, &l2))
					continue;
				if (!*param) {
					*param = path;
					*plen = (size_t)(end - path);
				}
				return 1;
			}
			return 0;
		}
		if (wild && (pattern[1] == '/' || !pattern[1])) {
			size_t n = strcspn(path, "/");
			if (!n)
				return 0;
			if (!*param) {
				*param = path;
				*plen = n;
			}
			path += n;
			pattern++;
			continue;
		}
		if (*pattern != *path)
			return 0;
		if (!*pattern)
			return 1;
		pattern++;
		path++;
	}
}

static int matches(const char *pattern, const char *path, const char **param, size_t *plen)
{
	*param = NULL;
	*plen = 0;
	return match(pattern, path, param, plen);
}

/* The literal characters of a pattern: where several routes match a path,
 * the one that spells most of it wins (the pattern of /customers/ID/export
 * over that of /customers/ID), whatever their order in the table. */
static size_t literal_len(const char *pattern)
{
	size_t n = 0;
	for (; *pattern; pattern++)
		n += *pattern != '*';
	return n;
}

static const struct web_route *find_route(enum web_method m, const char *path, int *path_known,
                                          const char **param, size_t *plen)
{
	enum web_method want = m == WM_HEAD ? WM_GET : m;
	const struct web_route *best = NULL;
	const char *p;
	size_t l;
	*path_known = 0;
	*param = NULL;
	*plen = 0;
	for (size_t i = 0; i < web_route_count; i++) {
		const struct web_route *r = &web_routes[i];
		if (!matches(r->pattern, path, &p, &l))
			continue;
		*path_known = 1;
		if (r->method == want &&
		    (!best || literal_len(r->pattern) > literal_len(best->pattern))) {
			best = r;
			*param = p;
			*plen = l;
		}
	}
	return best;
}

static void allow_header(const char *path, struct web_resp *rs)
{
	struct strbuf sb = STRBUF_INIT;
	const char *param;
	size_t plen;
	int get = 0, post = 0;
	for (size_t i = 0; i < web_route_count; i++)
		if (matches(web_routes[i].pattern, path, &param, &plen)) {
			get |= web_routes[i].method == WM_GET;
			post |= web_routes[i].method == WM_POST;
		}
	sb_adds(&sb, get ? "GET, HEAD" : "");
	if (post)
		sb_adds(&sb, get ? ", POST" : "POST");
	web_resp_header(rs, "Allow", sb.buf);
	sb_release(&sb);
}

size_t web_body_cap(const struct web_server *srv, enum web_method m, const char *path,
                    const char *content_type)
{
	int known;
	const char *param;
	size_t plen;
	const struct web_route *r = find_route(m, path, &known, &param, &plen);
	if (!r || m != WM_POST)
		return 0;
	if (r->flags & WR_API)
		return api_body_cap(srv, path);
	if ((r->flags & WR_UPLOAD) && content_type &&
	    str_starts_with(content_type, "multipart/form-data"))
		return srv->cfg.limits.max_upload;
	return srv->cfg.limits.max_body;
}

/* ---- the steps of the front door ---- */

/* 0, or the status when the request is over a cap. */
static int check_caps(const struct web_limits *l, const struct web_req *rq)
{
	size_t bytes = 0;
	if (!rq->path || strlen(rq->path) > l->max_path)
		return 414;
	if (rq->nheaders > l->max_headers)
		return 431;
	for (size_t i = 0; i < rq->nheaders; i++) {
		bytes += strlen(rq->headers[i].name) + 2;
		bytes += rq->headers[i].value ? strlen(rq->headers[i].value) : 0;
	}
	if (bytes > l->max_header_bytes)
		return 431;
	if (rq->nargs > l->max_args)
		return 413;
	for (size_t i = 0; i < rq->nargs; i++)
		if (rq->args[i].value && strlen(rq->args[i].value) > l->max_arg)
			return 413;
	if (rq->body_len > l->max_upload)
		return 413;
	return 0;
}

/* The language: the user's choice (applied after the session is known),
 * the language cookie, else the best of de/en in Accept-Language. */
static enum lang pick_lang(const struct web_req *rq)
{
	const char *c = web_cookie(rq, COOKIE_LANG);
	enum lang l;
	if (c && (!strcmp(c, "de") || !strcmp(c, "en")) && lang_parse(c, &l) == 0)
		return l;
	const char *al = web_header(rq, "Accept-Language");
	double best_q = -1;
	enum lang best = LANG_EN;
	while (al && *al) {
		while (*al == ' ' || *al == ',')
			al++;
		size_t n = strcspn(al, ",");
		char item[64];
		snprintf(item, sizeof(item), "%.*s", (int)(n < 63 ? n : 63), al);
		double q = 1;
		char *semi = strchr(item, ';');
		if (semi) {
			*semi = '\0';
			char *qs = strstr(semi + 1, "q=");
			if (qs)
				q = strtod(qs + 2, NULL);
		}
		char *sp = strchr(item, ' ');
		if (sp)
			*sp = '\0';
		if (q > best_q && lang_parse(item, &l) == 0 && strcmp(item, "C")) {
			best_q = q;
			best = l;
		}
		al += n;
	}
	return best;
}

/* A POST must come from a page of this server.  Sec-Fetch-Site, which
 * browsers send and scripts cannot set, must say same-origin when present.
 * Origin must equal the Host the request was sent to (https, or http on a
 * plain connection) — or be "null" together with Sec-Fetch-Site:
 * same-origin, which is what browsers send for a same-origin form under
 * our Referrer-Policy: no-referrer. */
static int origin_ok(const struct web_req *rq)
{
	const char *o = web_header(rq, "Origin"), *host = web_header(rq, "Host");
	const char *sfs = web_header(rq, "Sec-Fetch-Site");
	const char *rest;
	if (!o || !host || !*host)
		return 0;
	if (sfs && strcmp(sfs, "same-origin"))
		return 0;
	if (!strcmp(o, "null"))
		return sfs != NULL;
	if (!strncmp(o, "https://", 8))
		rest = o + 8;
	else if (!rq->tls && !strncmp(o, "http://", 7))
		rest = o + 7;
	else
		return 0;
	return str_eq_nocase(rest, host);
}

static int token_shape_ok(const char *t)
{
	if (!t || strlen(t) != WEB_TOKEN_LEN)
		return 0;
	for (; *t; t++)
		if (!((*t >= 'A' && *t <= 'Z') || (*t >= 'a' && *t <= 'z') ||
		      (*t >= '0' && *t <= '9') || *t == '-' || *t == '_'))
			return 0;
	return 1;
}

static int csrf_ok(const struct web_req *rq)
{
	const char *sent = web_field(rq, "csrf");
	const char *want = rq->logged_in ? rq->sess.csrf : web_cookie(rq, COOKIE_LOGIN);
	if (!token_shape_ok(sent) || !token_shape_ok(want))
		return 0;
	return sodium_memcmp(sent, want, WEB_TOKEN_LEN) == 0;
}

const char *web_csrf_token(struct web_req *rq, struct web_resp *rs)
{
	if (rq->logged_in)
		return rq->sess.csrf;
	if (!rq->login_csrf[0]) {
		const char *c = web_cookie(rq, COOKIE_LOGIN);
		if (token_shape_ok(c)) {
			snprintf(rq->login_csrf, sizeof(rq->login_csrf), "%s", c);
		} else {
			unsigned char raw[32];
			randombytes_buf(raw, sizeof(raw));
			sodium_bin2base64(rq->login_csrf, sizeof(rq->login_csrf), raw, sizeof(raw),
			                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
			web_set_cookie(rs, COOKIE_LOGIN, rq->login_csrf, -1);
		}
	}
	return rq->login_csrf;
}

const char *web_actor(const struct web_req *rq)
{
	if (rq->actor[0])
		return rq->actor;
	return rq->logged_in ? rq->user.name : "-";
}

struct acct_ctx web_acct_ctx(struct web_req *rq)
{
	struct acct_ctx c = {rq->st, web_actor(rq), rq->lang, rq->now};
	return c;
}

static void security_headers(const struct web_req *rq, struct web_resp *rs)
{
	web_resp_header(rs, "Content-Security-Policy", CSP);
	web_resp_header(rs, "X-Content-Type-Options", "nosniff");
	web_resp_header(rs, "Referrer-Policy", "no-referrer");
	web_resp_header(rs, "X-Frame-Options", "DENY");
	web_resp_header(rs, "Cross-Origin-Opener-Policy", "same-origin");
	web_resp_header(rs, "Cross-Origin-Resource-Policy", "same-origin");
	if (rq->tls)
		web_resp_header(rs, "Strict-Transport-Security", "max-age=31536000");
	if (!web_resp_get(rs, "Cache-Control"))
		web_resp_header(rs, "Cache-Control", "no-store");
	if (rs->body.len && !web_resp_get(rs, "Content-Type"))
		web_resp_header(rs, "Content-Type", "text/plain; charset=utf-8");
}

/* Borrows a store connection and finds the session. */
static void attach(struct web_server *srv, struct web_req *rq)
{
	struct err e;
	rq->st = pool_get(srv);
	const char *token = web_cookie(rq, COOKIE_SESSION);
	err_init(&e, rq->lang);
	int rc = token ? sess_lookup(rq->st, token, rq->now, srv->cfg.session_idle,
	                             srv->cfg.session_max, &rq->user, &rq->sess, &e)
	               : 0;
	if (rc == 1) {
		rq->logged_in = 1;
		if (rq->user.lang_set)
			rq->lang = rq->user.lang;
	} else if (rc < 0) {
		web_log(srv, "session lookup: %s", e.msg);
	}
	/* whatever this request writes is audited under its user */
	store_set_actor(rq->st, web_actor(rq));
}

static void dispatch(struct web_server *srv, struct web_req *rq, struct web_resp *rs)
{
	int known, status;
	size_t plen;
	rq->route = find_route(rq->method, rq->path, &known, &rq->param, &plen);
	if (rq->route && rq->param && rq->param[plen]) {
		/* a '*' inside the pattern: its segment, copied */
		if (plen >= sizeof(rq->param_)) {
			rq->route = NULL;
			known = 0;
		} else {
			memcpy(rq->param_, rq->param, plen);
			rq->param_[plen] = '\0';
			rq->param = rq->param_;
		}
	}
	if (rq->body_over) /* the rest of the body was not read */
		web_resp_header(rs, "Connection", "close");
	if (!rq->route) {
		if (known)
			allow_header(rq->path, rs);
		attach(srv, rq);
		web_error_page(rq, rs, known ? 405 : 404, NULL);
		return;
	}
	if (rq->route->flags & WR_API) {
		attach(srv, rq);
		api_handle(rq, rs);
		return;
	}
	if (rq->body_over) {
		web_error_page(rq, rs, 413, NULL);
		return;
	}
	if (rq->route->flags & WR_STATIC) {
		rq->route->fn(rq, rs);
		return;
	}
	attach(srv, rq);
	if (rq->route->role != ROLE_NONE && !rq->logged_in) {
		if (rq->method == WM_GET || rq->method == WM_HEAD) {
			struct strbuf loc = STRBUF_INIT;
			sb_adds(&loc, "/login?next=");
			url_encode(&loc, rq->path);
			web_redirect(rs, loc.buf);
			sb_release(&loc);
		} else {
			web_error_page(
			    rq, rs, 403,
			    L(rq->lang, "Please log in first.", "Bitte zuerst anmelden."));
		}
		return;
	}
	if (rq->route->role != ROLE_NONE && rq->user.role < rq->route->role) {
		web_error_page(rq, rs, 403, NULL);
		return;
	}
	if (rq->method == WM_POST) {
		const char *ct = web_header(rq, "Content-Type");
		if (ct && str_starts_with(ct, "application/x-www-form-urlencoded")) {
			status = web_parse_form(rq, &srv->cfg.limits);
			if (status) {
				web_error_page(rq, rs, status, NULL);
				return;
			}
		} else if (ct && str_starts_with(ct, "multipart/form-data") &&
		           (rq->route->flags & WR_UPLOAD)) {
			status = web_parse_multipart(rq, &srv->cfg.limits);
			if (status) {
				web_error_page(rq, rs, status, NULL);
				return;
			}
		} else if (rq->body_len && !(rq->route->flags & WR_UPLOAD)) {
			web_error_page(rq, rs, 415, NULL);
			return;
		}
		if (!origin_ok(rq)) {
			web_log(srv, "%s refused POST %s: Origin", rq->peer, rq->path);
			web_error_page(rq, rs, 403,
			               L(rq->lang, "The request did not come from a page of treue.",
			                 "Die Anfrage kam nicht von einer Seite von treue."));
			return;
		}
		if ((rq->route->flags & WR_CSRF) && !csrf_ok(rq)) {
			web_log(srv, "%s refused POST %s: CSRF token", rq->peer, rq->path);
			web_error_page(
			    rq, rs, 403,
			    L(rq->lang,
			      "The form has expired. Please load the page again and repeat.",
			      "Das Formular ist abgelaufen. Bitte die Seite neu laden und "
			      "wiederholen."));
			return;
		}
	}
	rq->route->fn(rq, rs);
}

void web_handle(struct web_server *srv, struct web_req *rq, struct web_resp *rs)
{
	int status;
	rq->srv = srv;
	rq->st = NULL;
	rq->logged_in = 0;
	rq->actor[0] = '\0';
	rq->lang = LANG_EN;
	if (!rq->peer)
		rq->peer = "-";
	status = check_caps(&srv->cfg.limits, rq);
	if (status) {
		/* the request is refused as a whole: no cookies, no session */
		rq->ncookies = 0;
		rq->nheaders = 0;
		web_error_page(rq, rs, status, NULL);
		web_resp_header(rs, "Connection", "close");
	} else {
		web_parse_cookies(rq);
		rq->lang = pick_lang(rq);
		dispatch(srv, rq, rs);
	}
	security_headers(rq, rs);
	if (rq->st) {
		store_set_actor(rq->st, "-");
		pool_put(srv, rq->st);
		rq->st = NULL;
	}
	if (!(rq->route && (rq->route->flags & WR_STATIC)))
		web_log(srv, "%s \"%s %s\" %d %s", rq->peer,
		        rq->method == WM_GET    ? "GET"
		        : rq->method == WM_HEAD ? "HEAD"
		        : rq->method == WM_POST ? "POST"
		                                : "OTHER",
		        status == 414 ? "(long path)" : rq->path, rs->status, web_actor(rq));
}
