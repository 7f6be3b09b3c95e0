/*
 * t_api.c — the JSON API in-process (request in, status, headers and JSON
 * out) on a small demo database: authentication (tokens, scopes bounded
 * by roles, revoked and expired tokens, sessions with and without the CSRF
 * header), parameters checked against their declarations (unknown ones
 * refused), JSON errors, writes with their audit actor, paged lists, the
 * OpenAPI description against the route table and against every answer;
 * and the JSON reader's caps.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/web/api_int.h"
#include "store_int.h"
#include "web_test.h"

static struct tr T;

/* A server on the standard database with a small demo in it (ending on the
 * tests' day), and tokens: ada admin, mia write, vic read. */
struct fixture {
	struct web_server *srv;
	char admin[API_TOKEN_LEN + 1], write[API_TOKEN_LEN + 1], read[API_TOKEN_LEN + 1];
	int64_t write_id;
};

static int fixture(struct fixture *f)
{
	struct store *st;
	struct err e;
	int64_t id;
	memset(f, 0, sizeof(*f));
	err_init(&e, LANG_EN);
	f->srv = wt_server(2);
	if (!f->srv || store_open(wt_db_path(), 0, &st, &e))
		return -1;
	struct demo_opts o;
	struct demo_counts n;
	demo_opts_default(&o);
	o.customers = 300;
	o.years = 3;
	o.end = (day_t)(T0 / 86400);
	struct app_ctx c = {st, LANG_EN, "tester", DAY_NONE, (day_t)(T0 / 86400), NULL, 0, NULL};
	struct acct_ctx ac = {st, "tester", LANG_EN, T0};
	int rc = app_demo(&c, &o, 0, NULL, NULL, &n, &e) ||
	         token_create(&ac, "ada", SCOPE_ADMIN, NULL, 0, f->admin, &id, &e) ||
	         token_create(&ac, "mia", SCOPE_WRITE, "phone", T0 + 86400, f->write, &f->write_id,
	                      &e) ||
	         token_create(&ac, "vic", SCOPE_READ, NULL, 0, f->read, &id, &e);
	if (rc)
		test_fail(__FILE__, __LINE__, "fixture: %s", e.msg);
	store_close(st);
	return rc ? -1 : 0;
}

/* One API request: path with its query, a token (or NULL), a body (JSON
 * when ctype is NULL).  Returns the status. */
static int api(struct web_server *srv, enum web_method m, const char *path, const char *token,
               const char *body, const char *ctype)
{
	static char auth[128];
	tr_init(&T, m, path, T0 + 60);
	snprintf(T.path, sizeof(T.path), "%s", path);
	char *q = strchr(T.path, '?');
	T.rq.path = T.path;
	if (q) {
		*q++ = '\0';
		T.rq.args = T.args;
		for (char *p = strtok(q, "&"); p && T.rq.nargs < ARRAY_SIZE(T.args);
		     p = strtok(NULL, "&")) {
			char *eq = strchr(p, '=');
			if (eq)
				*eq++ = '\0';
			T.args[T.rq.nargs].name = p;
			T.args[T.rq.nargs].value = eq ? eq : "";
			T.rq.nargs++;
		}
	}
	if (token) {
		snprintf(auth, sizeof(auth), "Bearer %s", token);
		tr_header(&T, "Authorization", auth);
	}
	if (body) {
		snprintf(T.body, sizeof(T.body), "%s", body);
		T.rq.body = T.body;
		T.rq.body_len = strlen(T.body);
		tr_header(&T, "Content-Type", ctype ? ctype : "application/json");
	}
	tr_run(srv, &T);
	return T.rs.status;
}

/* The answer as JSON (the document is the caller's to release). */
static const struct jval *answer(struct jdoc *d)
{
	struct json_limits lim;
	struct err e;
	json_limits_default(&lim);
	lim.max_bytes = 64u << 20;
	lim.max_values = 1u << 24;
	lim.max_members = 1u << 20;
	err_init(&e, LANG_EN);
	if (json_parse(T.rs.body.buf, T.rs.body.len, &lim, d, &e)) {
		test_fail(__FILE__, __LINE__, "answer is not JSON (%s): %.200s", e.msg,
		          T.rs.body.buf);
		return NULL;
	}
	return d->root;
}

static const char *str_of(const struct jval *v, const char *key)
{
	const struct jval *m = json_member(v, key);
	return m && m->type == JT_STR ? m->str : NULL;
}

/* An error answer: status, and the field it names (NULL: none). */
static void check_error(int status, const char *field, int line)
{
	struct jdoc d;
	const struct jval *v = answer(&d);
	if (!v)
		return;
	const struct jval *s = json_member(v, "status");
	if (!s || s->type != JT_NUM || (int)s->num != status)
		test_fail(__FILE__, line, "status %d, expected %d: %s", T.rs.status, status,
		          T.rs.body.buf);
	if (!str_of(v, "message"))
		test_fail(__FILE__, line, "no message: %s", T.rs.body.buf);
	if (!json_member(v, "field") || !json_member(v, "value") || !json_member(v, "line"))
		test_fail(__FILE__, line, "not every error member: %s", T.rs.body.buf);
	const char *f = str_of(v, "field");
	if (field ? !f || strcmp(f, field) : f != NULL)
		test_fail(__FILE__, line, "field \"%s\", expected \"%s\"", f ? f : "(null)",
		          field ? field : "(null)");
	if (!strstr(web_resp_get(&T.rs, "Content-Type") ? web_resp_get(&T.rs, "Content-Type") : "",
	            "application/json; charset=utf-8"))
		test_fail(__FILE__, line, "Content-Type is not JSON");
	jdoc_release(&d);
}
#define ERR(status, field) check_error((status), (field), __LINE__)

TEST(api_authentication)
{
	struct fixture f;
	if (fixture(&f))
		return;
	struct web_server *srv = f.srv;
	CHECK_INT(api(srv, WM_GET, "/api/v1/me", NULL, NULL, NULL), 401);
	ERR(401, NULL);
	CHECK(web_resp_get(&T.rs, "WWW-Authenticate") != NULL);
	tr_done(&T);
	CHECK_INT(api(srv, WM_GET, "/api/v1/me", "treue_nonsense", NULL, NULL), 401);
	tr_done(&T);
	/* a token of the right shape that is not stored */
	CHECK_INT(api(srv, WM_GET, "/api/v1/me",
	              "treue_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, NULL),
	          401);
	tr_done(&T);
	/* Basic is not accepted, nor a token in the URL */
	tr_init(&T, WM_GET, "/api/v1/me", T0);
	tr_header(&T, "Authorization", "Basic YWRhOmFkYQ==");
	tr_run(srv, &T);
	ERR(401, "Authorization");
	tr_done(&T);
	char path[200];
	snprintf(path, sizeof(path), "/api/v1/me?access_token=%s", f.read);
	CHECK_INT(api(srv, WM_GET, path, NULL, NULL, NULL), 400);
	ERR(400, "access_token");
	tr_done(&T);
	/* who is asking */
	CHECK_INT(api(srv, WM_GET, "/api/v1/me", f.write, NULL, NULL), 200);
	struct jdoc d;
	const struct jval *v = answer(&d);
	CHECK_STR(str_of(v, "user"), "mia");
	CHECK_STR(str_of(v, "scope"), "write");
	jdoc_release(&d);
	tr_done(&T);
	/* scopes: read cannot write, write cannot import or erase */
	CHECK_INT(api(srv, WM_POST, "/api/v1/dialogs", f.read,
	              "{\"customer_id\":\"K10001\",\"support\":\"x\"}", NULL),
	          403);
	ERR(403, NULL);
	tr_done(&T);
	CHECK_INT(api(srv, WM_POST, "/api/v1/import/orders", f.write, "a,b\n1,2\n", "text/csv"),
	          403);
	tr_done(&T);
	CHECK_INT(api(srv, WM_GET, "/api/v1/customers/K10001/export", f.write, NULL, NULL), 403);
	tr_done(&T);
	/* a token never exceeds its user's role: mia demoted to viewer */
	struct store *st;
	struct err e;
	err_init(&e, LANG_EN);
	CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
	struct acct_ctx ac = {st, "tester", LANG_EN, T0};
	struct web_account mia;
	CHECK_INT(acct_find(st, "mia", &mia, &e), 1);
	CHECK_INT(acct_set_role(&ac, mia.id, ROLE_VIEWER, &e), 0);
	CHECK_INT(api(srv, WM_POST, "/api/v1/dialogs", f.write,
	              "{\"customer_id\":\"K10001\",\"support\":\"x\"}", NULL),
	          403);
	tr_done(&T);
	CHECK_INT(acct_set_role(&ac, mia.id, ROLE_MEMBER, &e), 0);
	/* a viewer cannot be given a write token */
	char tok[API_TOKEN_LEN + 1];
	int64_t id;
	CHECK_INT(token_create(&ac, "vic", SCOPE_WRITE, NULL, 0, tok, &id, &e), -1);
	CHECK(strstr(e.msg, "viewer") != NULL);
	/* expired and revoked tokens are refused */
	tr_init(&T, WM_GET, "/api/v1/me", T0 + 2 * 86400);
	char auth[128];
	snprintf(auth, sizeof(auth), "Bearer %s", f.write);
	tr_header(&T, "Authorization", auth);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 401);
	tr_done(&T);
	CHECK_INT(token_revoke(&ac, f.write_id, &e), 0);
	CHECK_INT(api(srv, WM_GET, "/api/v1/me", f.write, NULL, NULL), 401);
	tr_done(&T);
	/* a disabled user's tokens stop working */
	struct web_account vic;
	CHECK_INT(acct_find(st, "vic", &vic, &e), 1);
	CHECK_INT(api(srv, WM_GET, "/api/v1/me", f.read, NULL, NULL), 200);
	tr_done(&T);
	CHECK_INT(acct_set_disabled(&ac, vic.id, 1, &e), 0);
	CHECK_INT(api(srv, WM_GET, "/api/v1/me", f.read, NULL, NULL), 401);
	tr_done(&T);
	/* only hashes are stored */
	struct api_token_info *list;
	size_t n;
	CHECK_INT(token_list(st, &list, &n, &e), 0);
	CHECK_INT(n, 3);
	free(list);
	store_close(st);
	web_server_close(srv);
}

TEST(api_session_needs_csrf_header)
{
	struct fixture f;
	struct wt_session mia;
	if (fixture(&f))
		return;
	CHECK_INT(wt_login(f.srv, "mia", "mia horse battery staple", T0, &mia), 0);
	tr_init(&T, WM_GET, "/api/v1/me", T0 + 1);
	tr_cookie(&T, "__Host-treue", mia.cookie);
	tr_run(f.srv, &T);
	CHECK_INT(T.rs.status, 200);
	tr_done(&T);
	static const char body[] = "{\"customer_id\":\"K10001\",\"support\":\"from the page\"}";
	for (int with = 0; with < 2; with++) {
		tr_init(&T, WM_POST, "/api/v1/dialogs", T0 + 2);
		tr_cookie(&T, "__Host-treue", mia.cookie);
		if (with)
			tr_header(&T, "X-CSRF-Token", mia.csrf);
		snprintf(T.body, sizeof(T.body), "%s", body);
		T.rq.body = T.body;
		T.rq.body_len = strlen(body);
		tr_header(&T, "Content-Type", "application/json");
		tr_run(f.srv, &T);
		CHECK_INT(T.rs.status, with ? 201 : 403);
		tr_done(&T);
	}
	web_server_close(f.srv);
}

TEST(api_parameters_and_errors)
{
	struct fixture f;
	if (fixture(&f))
		return;
	struct web_server *srv = f.srv;
	static const struct {
		enum web_method m;
		const char *path, *body, *ctype;
		int status;
		const char *field;
	} cases[] = {
	    {WM_GET, "/api/v1/report?bogus=1", NULL, NULL, 400, "bogus"},
	    {WM_GET, "/api/v1/report?as_of=31.02.2026", NULL, NULL, 400, "as_of"},
	    {WM_GET, "/api/v1/report?leavers=-1", NULL, NULL, 400, "leavers"},
	    {WM_GET, "/api/v1/report?leavers=1&leavers=2", NULL, NULL, 400, "leavers"},
	    {WM_GET, "/api/v1/actions?priority=7", NULL, NULL, 400, "priority"},
	    {WM_GET, "/api/v1/list/dialogs?cursor=abc", NULL, NULL, 400, "cursor"},
	    {WM_GET, "/api/v1/list/dialogs?limit=1001", NULL, NULL, 400, "limit"},
	    {WM_GET, "/api/v1/list/orders", NULL, NULL, 404, "kind"},
	    {WM_GET, "/api/v1/nowhere", NULL, NULL, 404, NULL},
	    {WM_OTHER, "/api/v1/report", NULL, NULL, 405, NULL},
	    {WM_GET, "/api/v1/customers/NOBODY", NULL, NULL, 404, NULL},
	    {WM_GET, "/api/v1/whatif?retention=abc", NULL, NULL, 400, "retention"},
	    {WM_POST, "/api/v1/dialogs", "{\"customer_id\":\"K10001\",\"colour\":\"red\"}", NULL,
	     400, "colour"},
	    {WM_POST, "/api/v1/dialogs", "{\"customer_id\":\"K10001\",", NULL, 400, NULL},
	    {WM_POST, "/api/v1/dialogs", "[1,2]", NULL, 400, NULL},
	    {WM_POST, "/api/v1/dialogs", "{\"customer_id\":\"K10001\"}", "text/plain", 415,
	     "Content-Type"},
	    {WM_POST, "/api/v1/dialogs", "{\"customer_id\":17}", NULL, 400, "customer_id"},
	    {WM_POST, "/api/v1/dialogs", "{\"customer_id\":\"K10001\",\"date\":\"gestern?\"}", NULL,
	     400, "date"},
	    {WM_POST, "/api/v1/promises", "{\"customer_id\":\"K10001\",\"what\":\"x\"}", NULL, 400,
	     "due_on"},
	    {WM_POST, "/api/v1/surveys", "{\"customer_id\":\"K10001\",\"satisfaction\":11}", NULL,
	     400, "satisfaction"},
	    {WM_POST, "/api/v1/dialogs", "{\"customer_id\":\"NOBODY\",\"support\":\"x\"}", NULL,
	     404, NULL},
	    {WM_POST, "/api/v1/promises/999999/close", "{\"status\":\"kept\"}", NULL, 404, "id"},
	    {WM_POST, "/api/v1/promises/1/close", "{\"status\":\"maybe\"}", NULL, 400, "status"},
	    {WM_POST, "/api/v1/complaints/1/resolve", "{}", NULL, 400, "root_cause"},
	    {WM_POST, "/api/v1/customers/K10001/erase", "{\"confirm\":\"K10002\"}", NULL, 400,
	     "confirm"},
	    {WM_POST, "/api/v1/report", "{}", NULL, 405, NULL},
	    {WM_GET, "/api/v1/report?set=nonsense", NULL, NULL, 400, "set"},
	    {WM_GET, "/api/v1/report?set=colour=red", NULL, NULL, 400, "colour"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int st =
		    api(srv, cases[i].m, cases[i].path, f.admin, cases[i].body, cases[i].ctype);
		if (st != cases[i].status)
			test_fail(__FILE__, __LINE__, "%s: %d, expected %d: %s", cases[i].path, st,
			          cases[i].status, T.rs.body.buf);
		else
			check_error(cases[i].status, cases[i].field, __LINE__);
		tr_done(&T);
	}
	/* a malformed body names line and column */
	CHECK_INT(api(srv, WM_POST, "/api/v1/dialogs", f.admin, "{\n\"a\": tru\n}", NULL), 400);
	CHECK(strstr(T.rs.body.buf, "\"line\":2") != NULL);
	tr_done(&T);
	/* a body over its cap is refused before it is read (the glue's flag) */
	tr_init(&T, WM_POST, "/api/v1/dialogs", T0);
	T.rq.body_over = 1;
	tr_run(srv, &T);
	ERR(413, NULL);
	tr_done(&T);
	web_server_close(srv);
}

TEST(api_writes_are_audited_under_the_token)
{
	struct fixture f;
	if (fixture(&f))
		return;
	struct web_server *srv = f.srv;
	struct jdoc d;
	CHECK_INT(api(srv, WM_POST, "/api/v1/dialogs", f.write,
	              "{\"customer_id\":\"K10001\",\"touchpoint\":\"Vertrieb\",\"support\":"
	              "\"Schneller liefern\",\"employee\":\"Mia\",\"date\":\"20.09.2026\"}",
	              NULL),
	          201);
	const struct jval *v = answer(&d);
	CHECK_STR(str_of(v, "kind"), "dialog");
	CHECK(web_resp_get(&T.rs, "X-Treue-Data-Version") != NULL);
	jdoc_release(&d);
	tr_done(&T);
	/* the same again is a conflict, not a second entry */
	CHECK_INT(api(srv, WM_POST, "/api/v1/dialogs", f.write,
	              "{\"customer_id\":\"K10001\",\"touchpoint\":\"Vertrieb\",\"support\":"
	              "\"Schneller liefern\",\"employee\":\"Mia\",\"date\":\"20.09.2026\"}",
	              NULL),
	          409);
	tr_done(&T);
	/* a promise, closed; a complaint with whys, resolved */
	CHECK_INT(
	    api(srv, WM_POST, "/api/v1/promises", f.write,
	        "{\"customer_id\":\"K10001\",\"what\":\"Preisliste\",\"due_on\":\"2026-10-01\"}",
	        NULL),
	    201);
	v = answer(&d);
	int64_t pid = (int64_t)json_member(v, "id")->num;
	jdoc_release(&d);
	tr_done(&T);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/promises/%lld/close", (long long)pid);
	CHECK_INT(
	    api(srv, WM_POST, path, f.write, "{\"status\":\"kept\",\"on\":\"21.09.2026\"}", NULL),
	    200);
	tr_done(&T);
	CHECK_INT(api(srv, WM_POST, path, f.write, "{\"status\":\"kept\"}", NULL), 409);
	tr_done(&T);
	CHECK_INT(api(srv, WM_POST, "/api/v1/complaints", f.write,
	              "{\"customer_id\":\"K10001\",\"reason\":\"Lieferverzug\",\"why1\":\"LKW "
	              "defekt\",\"why2\":\"keine Wartung\"}",
	              NULL),
	          201);
	v = answer(&d);
	int64_t kid = (int64_t)json_member(v, "id")->num;
	jdoc_release(&d);
	tr_done(&T);
	snprintf(path, sizeof(path), "/api/v1/complaints/%lld/resolve", (long long)kid);
	CHECK_INT(api(srv, WM_POST, path, f.write,
	              "{\"root_cause\":\"Wartungsplan fehlt\",\"why\":[\"niemand zuständig\"]}",
	              NULL),
	          200);
	v = answer(&d);
	CHECK_INT((int)json_member(v, "whys")->num, 3);
	jdoc_release(&d);
	tr_done(&T);
	/* an edit; whys in order only */
	snprintf(path, sizeof(path), "/api/v1/promises/%lld", (long long)pid);
	CHECK_INT(api(srv, WM_POST, path, f.write, "{\"owner\":\"Mia Berger\"}", NULL), 200);
	tr_done(&T);
	CHECK_INT(api(srv, WM_POST, "/api/v1/complaints", f.write,
	              "{\"customer_id\":\"K10001\",\"reason\":\"x\",\"why2\":\"gap\"}", NULL),
	          400);
	tr_done(&T);
	/* every write is in the audit trail under "mia (token N)" */
	struct store *st;
	struct err e;
	struct app_audit au;
	err_init(&e, LANG_EN);
	CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
	struct app_ctx c = {st, LANG_EN, NULL, DAY_NONE, (day_t)(T0 / 86400), NULL, 0, NULL};
	CHECK_INT(app_audit_list(&c, DAY_NONE, NULL, &au, &e), 0);
	char who[64];
	snprintf(who, sizeof(who), "mia (token %lld)", (long long)f.write_id);
	int mine = 0;
	for (size_t i = 0; i < au.n; i++)
		mine += !strcmp(au.v[i].who, who);
	CHECK_INT(mine, 6); /* dialog, promise, close, complaint, resolve, edit */
	app_audit_release(&au);
	store_close(st);
	web_server_close(srv);
}

TEST(api_list_pages_with_a_cursor)
{
	struct fixture f;
	if (fixture(&f))
		return;
	struct web_server *srv = f.srv;
	struct store *st;
	struct err e;
	struct app_list all = {0};
	struct app_list_filter flt;
	err_init(&e, LANG_EN);
	CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
	struct app_ctx c = {st, LANG_EN, NULL, DAY_NONE, (day_t)(T0 / 86400), NULL, 0, NULL};
	static const char *const kinds[] = {"dialogs", "promises", "surveys"};
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		enum journal_kind jk = k == 0 ? JK_DIALOG : k == 1 ? JK_PROMISE : JK_SURVEY;
		app_list_filter_init(&flt);
		CHECK_INT(app_list(&c, jk, &flt, &all, &e), 0);
		CHECK(all.nrows > 20);
		char cursor[64] = "", path[200];
		size_t seen = 0, pages = 0;
		int ok = 1;
		for (;;) {
			snprintf(path, sizeof(path), "/api/v1/list/%s?limit=7%s%s", kinds[k],
			         cursor[0] ? "&cursor=" : "", cursor);
			if (api(srv, WM_GET, path, f.read, NULL, NULL) != 200) {
				test_fail(__FILE__, __LINE__, "%s: %s", path, T.rs.body.buf);
				tr_done(&T);
				break;
			}
			struct jdoc d;
			const struct jval *v = answer(&d);
			const struct jval *items = json_member(v, "items");
			for (size_t i = 0; items && i < items->n; i++, seen++) {
				int64_t id = (int64_t)json_member(&items->kids[i], "id")->num;
				if (seen >= all.nrows || id != app_list_cell(&all, seen, 0)->num)
					ok = 0;
			}
			const char *next = str_of(v, "next_cursor");
			snprintf(cursor, sizeof(cursor), "%s", next ? next : "");
			pages++;
			jdoc_release(&d);
			tr_done(&T);
			if (!next || pages > 1000)
				break;
		}
		CHECK(ok);
		CHECK_INT(seen, all.nrows);
		CHECK_INT(pages, (all.nrows + 6) / 7);
		app_list_release(&all);
	}
	store_close(st);
	web_server_close(srv);
}

/* The OpenAPI document names every route with its method, every query
 * parameter and body field; every GET answer has exactly the top-level
 * fields its schema lists, with their types. */
TEST(api_openapi_matches_routes_and_answers)
{
	struct fixture f;
	if (fixture(&f))
		return;
	struct web_server *srv = f.srv;
	struct jdoc doc;
	CHECK_INT(api(srv, WM_GET, "/api/v1/openapi.json", NULL, NULL, NULL), 200);
	const struct jval *root = answer(&doc);
	tr_done(&T);
	if (!root)
		return;
	CHECK_STR(str_of(root, "openapi"), "3.1.0");
	const struct jval *paths = json_member(root, "paths");
	for (size_t i = 0; i < api_route_count; i++) {
		const struct api_route *r = &api_routes[i];
		const struct jval *op = json_member(json_member(paths, r->pattern),
		                                    r->method == WM_GET ? "get" : "post");
		if (!op) {
			test_fail(__FILE__, __LINE__, "%s: not in openapi.json", r->pattern);
			continue;
		}
		const struct jval *params = json_member(op, "parameters");
		for (const struct api_param *p = r->query; p && p->name; p++) {
			int found = 0;
			for (size_t k = 0; params && k < params->n; k++)
				found |= !strcmp(str_of(&params->kids[k], "name"), p->name);
			if (!found)
				test_fail(__FILE__, __LINE__, "%s: parameter %s missing",
				          r->pattern, p->name);
		}
		if (r->flags & AR_JSON) {
			const struct jval *props = json_member(
			    json_member(
			        json_member(json_member(json_member(op, "requestBody"), "content"),
			                    "application/json"),
			        "schema"),
			    "properties");
			struct api_param fields[F__COUNT];
			const struct api_param *bp = api_body_params(r);
			int n = 0;
			if (!bp) {
				n = api_kind_fields((enum ingest_kind)r->ikind, fields,
				                    r->fn != api_add && r->fn != api_add_customer);
				bp = fields;
			} else {
				while (bp[n].name)
					n++;
			}
			for (int k = 0; k < n; k++)
				if (!json_member(props, bp[k].name))
					test_fail(__FILE__, __LINE__, "%s: body field %s missing",
					          r->pattern, bp[k].name);
			if (!props || (int)props->n != n)
				test_fail(__FILE__, __LINE__, "%s: body fields differ", r->pattern);
		}
	}
	/* every GET answer against its schema */
	static const char *const gets[] = {
	    "/api/v1/me",
	    "/api/v1/report",
	    "/api/v1/segments",
	    "/api/v1/actions",
	    "/api/v1/customers/K10001",
	    "/api/v1/movement",
	    "/api/v1/whatif",
	    "/api/v1/fit",
	    "/api/v1/reports/feedback",
	    "/api/v1/reports/stories",
	    "/api/v1/reports/promises",
	    "/api/v1/reports/cadence",
	    "/api/v1/list/dialogs",
	    "/api/v1/customers/K10001/export",
	};
	const struct jval *schemas = json_member(json_member(root, "components"), "schemas");
	for (size_t g = 0; g < ARRAY_SIZE(gets); g++) {
		if (api(srv, WM_GET, gets[g], f.admin, NULL, NULL) != 200) {
			test_fail(__FILE__, __LINE__, "%s: %d %s", gets[g], T.rs.status,
			          T.rs.body.buf);
			tr_done(&T);
			continue;
		}
		struct jdoc d;
		const struct jval *v = answer(&d);
		const struct api_route *r = NULL;
		char seg[2][257];
		(void)seg;
		for (size_t i = 0; i < api_route_count; i++) {
			const char *pat = api_routes[i].pattern, *path = gets[g] + 7;
			/* the pattern with its {…} as one segment each */
			const char *a = pat, *b = path;
			int ok = api_routes[i].method == WM_GET;
			while (ok && *a && *b) {
				if (*a == '{') {
					a += strcspn(a, "}") + 1;
					b += strcspn(b, "/");
				} else if (*a++ != *b++) {
					ok = 0;
				}
			}
			if (ok && !*a && !*b)
				r = &api_routes[i];
		}
		const struct jval *sch = r ? json_member(schemas, r->schema) : NULL;
		const struct jval *props = json_member(sch, "properties");
		if (!v || !props) {
			test_fail(__FILE__, __LINE__, "%s: no schema", gets[g]);
		} else {
			for (size_t k = 0; k < v->n; k++)
				if (!json_member(props, v->kids[k].key))
					test_fail(__FILE__, __LINE__, "%s: field %s not described",
					          gets[g], v->kids[k].key);
			for (size_t k = 0; k < props->n; k++) {
				const struct jval *got = json_member(v, props->kids[k].key);
				const struct jval *type = json_member(&props->kids[k], "type");
				if (!got) {
					test_fail(__FILE__, __LINE__, "%s: field %s missing",
					          gets[g], props->kids[k].key);
					continue;
				}
				static const char *const tn[] = {"null",   "boolean", "number",
				                                 "string", "array",   "object"};
				const char *want = got->type == JT_NUM && !strpbrk(got->str, ".eE")
				                       ? "integer"
				                       : tn[got->type];
				int match = 0;
				for (size_t t = 0; type && t < (type->type == JT_ARR ? type->n : 1);
				     t++) {
					const char *ts =
					    type->type == JT_ARR ? type->kids[t].str : type->str;
					match |= !strcmp(ts, want) || (!strcmp(ts, "number") &&
					                               !strcmp(want, "integer"));
				}
				if (!match)
					test_fail(__FILE__, __LINE__, "%s: field %s is %s", gets[g],
					          props->kids[k].key, want);
			}
		}
		jdoc_release(&d);
		tr_done(&T);
	}
	jdoc_release(&doc);
	web_server_close(srv);
}

TEST(api_import_all_or_nothing)
{
	struct fixture f;
	if (fixture(&f))
		return;
	struct web_server *srv = f.srv;
	struct jdoc d;
	static const char good[] = "Kd-Nr;Datum;Umsatz;Auftragsnr\n"
	                           "K10001;01.09.2026;1.234,50;ERP-1\n"
	                           "K10002;02.09.2026;99,00;ERP-2\n";
	static const char bad[] = "Kd-Nr;Datum;Umsatz;Auftragsnr\n"
	                          "K10001;31.02.2026;1,00;ERP-3\n"
	                          "K10002;02.09.2026;abc;ERP-4\n";
	CHECK_INT(api(srv, WM_POST, "/api/v1/import/orders", f.admin, bad, "text/csv"), 422);
	const struct jval *v = answer(&d);
	const struct jval *errs = json_member(v, "errors");
	CHECK(errs && errs->n == 2);
	if (errs && errs->n == 2) {
		CHECK_INT((int)json_member(&errs->kids[0], "line")->num, 2);
		CHECK_STR(str_of(&errs->kids[0], "field"), "date");
		CHECK_STR(str_of(&errs->kids[1], "field"), "revenue");
	}
	CHECK(!strstr(T.rs.body.buf, ".tmp-"));
	jdoc_release(&d);
	tr_done(&T);
	CHECK_INT(api(srv, WM_POST, "/api/v1/import/orders?dry_run=1", f.admin, good, "text/csv"),
	          200);
	v = answer(&d);
	CHECK_INT((int)json_member(json_member(v, "summary"), "imported")->num, 0);
	CHECK_INT((int)json_member(v, "preview")->n, 2);
	jdoc_release(&d);
	tr_done(&T);
	CHECK_INT(api(srv, WM_POST, "/api/v1/import/orders", f.admin, good, "text/csv"), 200);
	v = answer(&d);
	CHECK_INT((int)json_member(json_member(v, "summary"), "imported")->num, 2);
	jdoc_release(&d);
	tr_done(&T);
	CHECK_INT(api(srv, WM_POST, "/api/v1/import/orders", f.admin, good, "text/csv"), 200);
	v = answer(&d);
	CHECK_INT((int)json_member(json_member(v, "summary"), "already_present")->num, 2);
	jdoc_release(&d);
	tr_done(&T);
	CHECK_INT(api(srv, WM_POST, "/api/v1/import/orders?colour=1", f.admin, good, "text/csv"),
	          400);
	tr_done(&T);
	web_server_close(srv);
}

/* ---- the JSON reader ---- */
static int parses(const char *s, size_t n, const struct json_limits *lim)
{
	struct jdoc d;
	struct err e;
	err_init(&e, LANG_EN);
	int rc = json_parse(s, n, lim, &d, &e);
	if (rc == 0)
		jdoc_release(&d);
	return rc == 0;
}

TEST(json_reader)
{
	struct json_limits lim;
	json_limits_default(&lim);
#define OK(s) CHECK(parses((s), sizeof(s) - 1, &lim))
#define NO(s) CHECK(!parses((s), sizeof(s) - 1, &lim))
	OK("{}");
	OK("[]");
	OK(" {\"a\": [1, -2.5e3, true, false, null, \"x\\u00e4\\ud83d\\ude00\"]} ");
	OK("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"");
	NO("");
	NO("{");
	NO("{\"a\":1,}");
	NO("[1,]");
	NO("{\"a\":1}x");
	NO("{\"a\":1,\"a\":2}"); /* duplicate keys */
	NO("\"\\ud83d\"");       /* lone surrogate */
	NO("\"\\udc00\"");
	NO("\"\\u0000\"");
	NO("\"a\x01\"");        /* raw control character */
	NO("\"\xc3\x28\"");     /* invalid UTF-8 */
	NO("\"\xed\xa0\x80\""); /* an encoded surrogate */
	NO("01");
	NO("1.");
	NO("-");
	NO("1e");
	NO("tru");
	NO("nul");
	NO("'a'");
	/* caps */
	char deep[64];
	memset(deep, '[', 17);
	memset(deep + 17, ']', 17);
	CHECK(!parses(deep, 34, &lim));
	CHECK(parses(deep + 1, 32, &lim));
	struct json_limits small = lim;
	small.max_string = 4;
	CHECK(parses("\"abcd\"", 6, &small));
	CHECK(!parses("\"abcde\"", 7, &small));
	small.max_members = 2;
	CHECK(parses("[1,2]", 5, &small));
	CHECK(!parses("[1,2,3]", 7, &small));
	small.max_values = 3;
	CHECK(!parses("[[1],[2]]", 9, &small));
	small.max_bytes = 3;
	CHECK(!parses("[1,2]", 5, &small));
	/* the values */
	struct jdoc d;
	struct err e;
	err_init(&e, LANG_EN);
	CHECK_INT(json_parse("{\"k\":\"\\u00fc\",\"n\":12.50}", 24, &lim, &d, &e), 0);
	CHECK_STR(str_of(d.root, "k"), "ü");
	CHECK_STR(json_member(d.root, "n")->str, "12.50");
	jdoc_release(&d);
	CHECK_INT(json_parse("{\n  \"a\": 1\n  \"b\": 2}", 20, &lim, &d, &e), -1);
	CHECK_INT(e.line, 3);
#undef OK
#undef NO
}

/* Found by the form fuzzer: a field without "=" ("abc") wrote into a
 * string constant and killed the server. */
TEST(web_form_field_without_value)
{
	struct web_server *srv = wt_server(1);
	tr_init(&T, WM_POST, "/login", T0);
	tr_form(&T, NULL);
	snprintf(T.body, sizeof(T.body), "abc&name=ada&csrf");
	T.rq.body = T.body;
	T.rq.body_len = strlen(T.body);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403); /* no CSRF token: refused, not crashed */
	tr_done(&T);
	struct web_req rq;
	struct web_limits lim;
	char body[] = "a&b=1&c";
	memset(&rq, 0, sizeof(rq));
	web_limits_default(&lim);
	rq.body = body;
	rq.body_len = strlen(body);
	CHECK_INT(web_parse_form(&rq, &lim), 0);
	CHECK_INT(rq.nform, 3);
	CHECK_STR(web_field(&rq, "a"), "");
	CHECK_STR(web_field(&rq, "b"), "1");
	web_req_release(&rq);
	web_server_close(srv);
}

/* A full disk, in the store's words: named without the database's file
 * name (users see what to do, not where the data lives); other failures
 * are not taken for it.  tests/load/load.py (suite disk) drives the whole
 * server on a full tmpfs. */
TEST(web_disk_full_named_without_the_path)
{
	struct err e;
	err_init(&e, LANG_EN);
	store_sqlite_error_(SQLITE_FULL, 0, "/srv/treue/t.db", "step", "database or disk is full",
	                    &e);
	CHECK_STR(web_disk_full(&e), "the disk is full (free some space and try again)");
	CHECK_INT(web_disk_full_strip(&e), 1);
	CHECK_STR(e.msg, "the disk is full (free some space and try again)");
	CHECK(strstr(e.msg, "/srv") == NULL);
	err_init(&e, LANG_DE);
	store_sqlite_error_(SQLITE_IOERR_WRITE, ENOSPC, "/srv/treue/t.db", "step", "disk I/O error",
	                    &e);
	CHECK_INT(web_disk_full_strip(&e), 1);
	CHECK(!strncmp(e.msg, "der Datenträger ist voll", strlen("der Datenträger ist voll")));
	err_init(&e, LANG_EN);
	store_sqlite_error_(SQLITE_IOERR_WRITE, EIO, "/srv/treue/t.db", "step", "disk I/O error",
	                    &e);
	CHECK(web_disk_full(&e) == NULL);
	CHECK_INT(web_disk_full_strip(&e), 0);
	CHECK(strstr(e.msg, "disk I/O error") != NULL);
}
