/*
 * web_test.c — the helpers of web_test.h: the standard database (made once
 * per run, copied for each server), in-memory requests, browser-like login.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "web_test.h"

static char template_db[512], db_path[512];
static int copies;

const char *wt_pw(const char *user, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s horse battery staple", user);
	return buf;
}

static void make_template(void)
{
	static const struct {
		const char *name;
		enum web_role role;
		const char *owner;
	} users[] = {
	    {"ada", ROLE_ADMIN, NULL},
	    {"mia", ROLE_MEMBER, "Mia Berger"},
	    {"vic", ROLE_VIEWER, NULL},
	    {"mo", ROLE_MANAGER, NULL},
	};
	struct store *st;
	struct err e;
	char pw[128];
	err_init(&e, LANG_EN);
	snprintf(template_db, sizeof(template_db), "%s/web-template.db", test_tmpdir());
	if (store_open(template_db, 0, &st, &e)) {
		test_fail(__FILE__, __LINE__, "store_open: %s", e.msg);
		return;
	}
	struct acct_ctx c = {st, "tester", LANG_EN, T0};
	for (size_t i = 0; i < ARRAY_SIZE(users); i++)
		if (acct_add(&c, users[i].name, users[i].role, users[i].owner,
		             wt_pw(users[i].name, pw, sizeof(pw)), &e))
			test_fail(__FILE__, __LINE__, "acct_add %s: %s", users[i].name, e.msg);
	store_close(st);
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;
	if (!in || !out) {
		test_fail(__FILE__, __LINE__, "cannot copy %s to %s", from, to);
		if (in)
			fclose(in);
		if (out)
			fclose(out);
		return;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	fclose(out);
}

struct web_server *wt_server(int threads)
{
	struct web_config cfg;
	struct web_server *srv;
	struct err e;
	err_init(&e, LANG_EN);
	if (!template_db[0])
		make_template();
	snprintf(db_path, sizeof(db_path), "%s/web-%d.db", test_tmpdir(), ++copies);
	copy_file(template_db, db_path);
	web_config_default(&cfg);
	cfg.db_path = db_path;
	cfg.threads = threads;
	if (web_server_open(&cfg, &srv, &e)) {
		test_fail(__FILE__, __LINE__, "web_server_open: %s", e.msg);
		return NULL;
	}
	return srv;
}

const char *wt_db_path(void)
{
	return db_path;
}

void tr_init(struct tr *t, enum web_method m, const char *path, int64_t now)
{
	memset(&t->rq, 0, sizeof(t->rq));
	web_resp_init(&t->rs);
	t->cookie[0] = '\0';
	t->body[0] = '\0';
	t->rq.method = m;
	t->rq.path = path;
	t->rq.headers = t->hdr;
	t->rq.nheaders = 0;
	t->rq.peer = "192.0.2.7";
	t->rq.now = now;
	tr_header(t, "Host", HOST);
	if (m == WM_POST)
		tr_header(t, "Origin", ORIGIN);
}

void tr_header(struct tr *t, const char *name, const char *value)
{
	for (size_t i = 0; i < t->rq.nheaders; i++)
		if (str_eq_nocase(t->hdr[i].name, name)) {
			t->hdr[i].value = value;
			return;
		}
	if (t->rq.nheaders < ARRAY_SIZE(t->hdr)) {
		t->hdr[t->rq.nheaders].name = name;
		t->hdr[t->rq.nheaders].value = value;
		t->rq.nheaders++;
	}
}

void tr_cookie(struct tr *t, const char *name, const char *value)
{
	size_t n = strlen(t->cookie);
	snprintf(t->cookie + n, sizeof(t->cookie) - n, "%s%s=%s", n ? "; " : "", name, value);
	tr_header(t, "Cookie", t->cookie);
}

static void form_add(struct tr *t, const char *k, const char *v)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(t->body);
	if (n)
		sb_addch(&sb, '&');
	url_encode(&sb, k);
	sb_addch(&sb, '=');
	url_encode(&sb, v);
	snprintf(t->body + n, sizeof(t->body) - n, "%s", sb.buf);
	sb_release(&sb);
}

static void tr_vform(struct tr *t, va_list ap)
{
	const char *k;
	while ((k = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);
		form_add(t, k, v);
	}
	t->rq.body = t->body;
	t->rq.body_len = strlen(t->body);
	tr_header(t, "Content-Type", "application/x-www-form-urlencoded");
}

void tr_form(struct tr *t, ...)
{
	va_list ap;
	va_start(ap, t);
	tr_vform(t, ap);
	va_end(ap);
}

void tr_run(struct web_server *srv, struct tr *t)
{
	web_handle(srv, &t->rq, &t->rs);
}

void tr_done(struct tr *t)
{
	web_req_release(&t->rq);
	web_resp_release(&t->rs);
}

const char *tr_set_cookie(const struct tr *t, const char *name, char *buf, size_t cap)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < t->rs.nheaders; i++) {
		const char *v = t->rs.hvalue[i];
		if (str_eq_nocase(t->rs.hname[i], "Set-Cookie") && !strncmp(v, name, nl) &&
		    v[nl] == '=') {
			size_t len = strcspn(v + nl + 1, ";");
			snprintf(buf, cap, "%.*s", (int)len, v + nl + 1);
			return buf;
		}
	}
	return NULL;
}

const char *tr_csrf(const struct tr *t, char *buf, size_t cap)
{
	const char *p = strstr(t->rs.body.buf, "name=\"csrf\" value=\"");
	if (!p)
		return NULL;
	p += strlen("name=\"csrf\" value=\"");
	snprintf(buf, cap, "%.*s", (int)strcspn(p, "\""), p);
	return buf;
}

int wt_login(struct web_server *srv, const char *name, const char *pw, int64_t now,
             struct wt_session *s)
{
	struct tr *t = malloc(sizeof(*t));
	char login_cookie[64], csrf[64];
	int status;
	memset(s, 0, sizeof(*s));
	tr_init(t, WM_GET, "/login", now);
	tr_run(srv, t);
	if (!tr_set_cookie(t, "__Host-treue-login", login_cookie, sizeof(login_cookie)) ||
	    !tr_csrf(t, csrf, sizeof(csrf))) {
		tr_done(t);
		free(t);
		return -1;
	}
	tr_done(t);
	tr_init(t, WM_POST, "/login", now);
	tr_cookie(t, "__Host-treue-login", login_cookie);
	tr_form(t, "csrf", csrf, "name", name, "password", pw, "next", "/", NULL);
	tr_run(srv, t);
	status = t->rs.status;
	if (status == 303 && tr_set_cookie(t, "__Host-treue", s->cookie, sizeof(s->cookie))) {
		tr_done(t);
		/* the session's CSRF token, from any page's forms */
		tr_init(t, WM_GET, "/password", now);
		tr_cookie(t, "__Host-treue", s->cookie);
		tr_run(srv, t);
		if (!tr_csrf(t, s->csrf, sizeof(s->csrf)))
			status = -2;
		else
			status = 0;
	}
	tr_done(t);
	free(t);
	return status;
}

int wt_get(struct web_server *srv, const struct wt_session *s, const char *path, int64_t now,
           struct tr *t)
{
	tr_init(t, WM_GET, path, now);
	snprintf(t->path, sizeof(t->path), "%s", path);
	char *q = strchr(t->path, '?');
	if (q) {
		*q++ = '\0';
		t->rq.path = t->path;
		t->rq.args = t->args;
		char *save = NULL;
		for (char *p = strtok_r(q, "&", &save); p && t->rq.nargs < ARRAY_SIZE(t->args);
		     p = strtok_r(NULL, "&", &save)) {
			char *eq = strchr(p, '=');
			if (eq)
				*eq++ = '\0';
			t->args[t->rq.nargs].name = p;
			t->args[t->rq.nargs].value = eq ? eq : "";
			t->rq.nargs++;
		}
	}
	if (s && s->cookie[0])
		tr_cookie(t, "__Host-treue", s->cookie);
	tr_run(srv, t);
	return t->rs.status;
}

int wt_post(struct web_server *srv, const struct wt_session *s, const char *path, int64_t now,
            struct tr *t, ...)
{
	va_list ap;
	tr_init(t, WM_POST, path, now);
	if (s && s->cookie[0])
		tr_cookie(t, "__Host-treue", s->cookie);
	form_add(t, "csrf", s ? s->csrf : "");
	va_start(ap, t);
	tr_vform(t, ap);
	va_end(ap);
	tr_run(srv, t);
	return t->rs.status;
}
