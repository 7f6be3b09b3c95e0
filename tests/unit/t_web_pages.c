/*
 * t_web_pages.c — the pages on the loyalty model, in-process (request in,
 * status, headers and body out), on a demo base with two customers of
 * hostile names: the Overview and its figures against the JSON the report
 * writer makes from the same application call, the drill-downs, the action
 * list with its filters and pages, the search, the customer page and every
 * one of its forms (CSRF, roles, errors shown with what was typed, the
 * audit trail's user), ETag and 304, and threads reading while a form
 * changes the data (the shared analysis is replaced under them).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "report.h"
#include "web_int.h"
#include "web_test.h"

#define EVIL "<img src=x onerror=alert(1)>"
#define EVIL_ESC "&lt;img src=x onerror=alert(1)&gt;"
#define OHARA "O'Hara \"ねこ\" & Söhne"
#define OHARA_ESC "O&#39;Hara &quot;ねこ&quot; &amp; Söhne"

static struct tr T; /* one request at a time; big, so not on the stack */

static int has(const struct tr *t, const char *s)
{
	return t->rs.body.buf && strstr(t->rs.body.buf, s) != NULL;
}

static const char *hdr(const struct tr *t, const char *name)
{
	return web_resp_get(&t->rs, name);
}

static day_t t0_day(void)
{
	return day_from_ymd(2026, 9, 21); /* T0 */
}

/* ---- the base: a small demo and two hostile names ---- */

static void put_orders(struct store *st, const char *cid, int n, int every, int64_t cents)
{
	struct err e;
	err_init(&e, LANG_EN);
	for (int k = 0; k < n; k++) {
		char oid[32];
		snprintf(oid, sizeof(oid), "%s-%d", cid, k);
		struct rec_order o = {cid, oid, t0_day() - 3 - k * every, cents + k * 100,
		                      cents / 4};
		if (store_put_order(st, &o, NULL, NULL, &e) < 0)
			test_fail(__FILE__, __LINE__, "order: %s", e.msg);
	}
}

static struct web_server *pages_server(void)
{
	struct web_server *srv = wt_server(3);
	struct store *st;
	struct err e;
	struct demo_opts o;
	struct demo_counts n;
	err_init(&e, LANG_EN);
	if (!srv)
		return NULL;
	if (store_open(wt_db_path(), 0, &st, &e)) {
		test_fail(__FILE__, __LINE__, "store_open: %s", e.msg);
		return srv;
	}
	struct rec_customer evil = {"X1",         EVIL,     "Maschinenbau", "Nord",
	                            "Mia Berger", DAY_NONE, MONEY_NONE};
	struct rec_customer ohara = {"X2",         OHARA,    "Handel",  "Süd",
	                             "Mia Berger", DAY_NONE, MONEY_NONE};
	if (store_begin(st, &e) || store_put_customer(st, &evil, &e) < 0 ||
	    store_put_customer(st, &ohara, &e) < 0)
		test_fail(__FILE__, __LINE__, "customers: %s", e.msg);
	put_orders(st, "X1", 2, 150, 150000);
	put_orders(st, "X2", 5, 60, 90000);
	struct rec_survey sv = {"X1", t0_day() - 30, 20, 10, 30, "never again"};
	if (store_put_survey(st, &sv, NULL, NULL, &e) < 0 || store_commit(st, &e))
		test_fail(__FILE__, __LINE__, "survey: %s", e.msg);
	struct app_ctx c = {st, LANG_EN, "tester", DAY_NONE, t0_day(), NULL, 0, NULL};
	demo_opts_default(&o);
	o.customers = 400;
	o.years = 5;
	o.orders_per_customer = 12;
	o.end = t0_day() - 1;
	if (app_demo(&c, &o, 1, NULL, NULL, &n, &e))
		test_fail(__FILE__, __LINE__, "demo: %s", e.msg);
	store_close(st);
	return srv;
}

/* ---- a tiny JSON path lookup (objects by key, arrays by index) ---- */

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

/* The end of the value at p. */
static const char *skip_value(const char *p)
{
	p = skip_ws(p);
	if (*p == '"') {
		for (p++; *p && *p != '"'; p++)
			if (*p == '\\' && p[1])
				p++;
		return *p ? p + 1 : p;
	}
	if (*p == '{' || *p == '[') {
		int depth = 0;
		for (; *p; p++) {
			if (*p == '"') {
				p = skip_value(p) - 1;
				continue;
			}
			if (*p == '{' || *p == '[')
				depth++;
			if (*p == '}' || *p == ']')
				if (--depth == 0)
					return p + 1;
		}
		return p;
	}
	while (*p && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n')
		p++;
	return p;
}

/* The scalar at a dotted path ("retention.rate", "profit_by_tenure.0.thin")
 * into out; 0 when found. */
static int json_at(const char *json, const char *path, char *out, size_t cap)
{
	const char *p = skip_ws(json);
	char seg[64];
	while (*path) {
		size_t n = strcspn(path, ".");
		snprintf(seg, sizeof(seg), "%.*s", (int)n, path);
		path += n + (path[n] == '.');
		if (*p == '{') {
			p = skip_ws(p + 1);
			for (;;) {
				if (*p != '"')
					return -1;
				const char *k = p + 1, *ke = strchr(k, '"');
				int match = ke && (size_t)(ke - k) == strlen(seg) &&
				            !strncmp(k, seg, strlen(seg));
				p = skip_ws(skip_ws(ke + 1) + 1); /* past ':' */
				if (match)
					break;
				p = skip_ws(skip_value(p));
				if (*p != ',')
					return -1;
				p = skip_ws(p + 1);
			}
		} else if (*p == '[') {
			long idx = atol(seg);
			p = skip_ws(p + 1);
			for (long i = 0; i < idx; i++) {
				p = skip_ws(skip_value(p));
				if (*p != ',')
					return -1;
				p = skip_ws(p + 1);
			}
		} else {
			return -1;
		}
	}
	const char *e = skip_value(p);
	if (*p == '"') /* a string: its text (the keys compared need no unescaping) */
		snprintf(out, cap, "%.*s", (int)(e - p - 2), p + 1);
	else
		snprintf(out, cap, "%.*s", (int)(e - p), p);
	return 0;
}

/* Every <data data-key="K" value="V"> of the page equals the JSON at K. */
static int compare_figures(const char *page, const char *json, int *compared)
{
	const char *p = page;
	int bad = 0;
	*compared = 0;
	while ((p = strstr(p, "<data data-key=\""))) {
		char key[128], val[64], want[64];
		p += strlen("<data data-key=\"");
		size_t n = strcspn(p, "\"");
		snprintf(key, sizeof(key), "%.*s", (int)n, p);
		const char *v = strstr(p, "value=\"");
		if (!v)
			break;
		v += strlen("value=\"");
		snprintf(val, sizeof(val), "%.*s", (int)strcspn(v, "\""), v);
		if (json_at(json, key, want, sizeof(want))) {
			test_fail(__FILE__, __LINE__, "%s is not in the report's JSON", key);
			bad++;
			continue;
		}
		(*compared)++;
		if (!strcmp(val, want))
			continue;
		char *e1, *e2;
		double a = strtod(val, &e1), b = strtod(want, &e2);
		if (*e1 || *e2 || fabs(a - b) > 1e-9 * (fabs(b) + 1)) {
			test_fail(__FILE__, __LINE__, "%s: page %s, report %s", key, val, want);
			bad++;
		}
	}
	return bad;
}

/* ---- the Overview ---- */

TEST(web_pages_overview_equals_the_report)
{
	struct web_server *srv = pages_server();
	struct wt_session ada;
	struct store *st;
	struct err e;
	err_init(&e, LANG_EN);
	if (!srv)
		return;
	CHECK_INT(wt_login(srv, "ada", "ada horse battery staple", T0, &ada), 0);
	CHECK_INT(wt_get(srv, &ada, "/overview", T0 + 1, &T), 200);
	CHECK(has(&T, "<h1>Overview</h1>"));
	CHECK(has(&T, "class=\"chart matrix\""));
	CHECK(has(&T, "class=\"chart tenure\""));
	CHECK(has(&T, "last month: "));
	CHECK(has(&T, "/overview/movement?from="));
	CHECK(!has(&T, "style="));
	CHECK(!has(&T, "<script"));
	/* the same figures from the same app call, through the report writer */
	CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
	struct app_ctx c = {st, LANG_EN, NULL, DAY_NONE, t0_day(), NULL, 0, NULL};
	struct app_analysis a;
	struct app_loyalty r;
	struct strbuf json = STRBUF_INIT;
	CHECK_INT(app_analysis_load(&c, &a, &e), 0);
	CHECK_INT(app_loyalty(&c, &a, 1, 1, &r, &e), 0);
	report_loyalty(&a.ds, &r.l, &r.tenure, &r.bt, 100, FMT_JSON, &json, LANG_EN);
	int n;
	CHECK_INT(compare_figures(T.rs.body.buf, json.buf, &n), 0);
	/* as_of, retention (3 + history), NPS (4), satisfaction (4), the
	 * states (4), silent leavers, segments (7), tenure (5 per year) */
	CHECK(n >= 25 + 5 * r.tenure.n);
	CHECK(r.tenure.n > 0);
	/* the points of the apostle matrix link to customers or to lists */
	CHECK(has(&T, "<a href=\"/customers/"));
	CHECK(has(&T, "<a href=\"/overview/matrix?sat="));
	tr_done(&T);
	sb_release(&json);
	app_loyalty_release(&r);
	app_analysis_release(&a);
	store_close(st);

	/* German, what-if with a decimal comma, a bad what-if kept and said */
	CHECK_INT(wt_get(srv, &ada, "/overview?delta=2,5", T0 + 2, &T), 200);
	CHECK(has(&T, "value=\"2.5\"") || has(&T, "value=\"2,5\""));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/overview?delta=viel", T0 + 2, &T), 200);
	CHECK(has(&T, "value=\"viel\""));
	CHECK(has(&T, "from −50 to 50"));
	tr_done(&T);
	tr_init(&T, WM_GET, "/overview", T0 + 3);
	tr_cookie(&T, "__Host-treue", ada.cookie);
	tr_cookie(&T, "__Host-treue-lang", "de");
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 200);
	CHECK(has(&T, "<h1>Überblick</h1>"));
	CHECK(has(&T, "Vormonat: "));
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_pages_overview_drilldowns)
{
	struct web_server *srv = pages_server();
	struct wt_session vic;
	struct store *st;
	struct err e;
	err_init(&e, LANG_EN);
	if (!srv)
		return;
	CHECK_INT(wt_login(srv, "vic", "vic horse battery staple", T0, &vic), 0);
	/* every cell of the movement: its list has exactly the cell's count */
	CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
	struct app_ctx c = {st, LANG_EN, NULL, DAY_NONE, t0_day(), NULL, 0, NULL};
	struct app_analysis a;
	struct movement m;
	CHECK_INT(app_analysis_load(&c, &a, &e), 0);
	CHECK_INT(app_movement(&c, &a, DAY_NONE, DAY_NONE, &m, &e), 0);
	int cells = 0;
	for (int x = 0; x < SEG__COUNT; x++)
		for (int y = 0; y < SEG__COUNT; y++) {
			uint32_t *idx;
			size_t n;
			CHECK_INT(
			    app_movement_members(&c, &a, DAY_NONE, DAY_NONE, x, y, &idx, &n, &e),
			    0);
			CHECK_INT(n, m.count[x][y]);
			cells += n > 0;
			free(idx);
		}
	CHECK(cells > 5);
	CHECK_INT(app_movement_members(&c, &a, DAY_NONE, DAY_NONE, 99, 0, &(uint32_t *){0},
	                               &(size_t){0}, &e),
	          APP_BAD_REQUEST);
	app_analysis_release(&a);
	store_close(st);
	/* the page of a cell: one row per customer */
	char path[128];
	snprintf(path, sizeof(path), "/overview/movement?from=loyal&to=loyal");
	CHECK_INT(wt_get(srv, &vic, path, T0 + 1, &T), 200);
	size_t rows = 0;
	for (const char *p = T.rs.body.buf; (p = strstr(p, "<tr><td class=\"name\">")); p++)
		rows++;
	CHECK_INT(rows, m.count[SEG_LOYAL][SEG_LOYAL]);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &vic, "/overview/movement?from=loyal&to=nowhere", T0 + 1, &T), 400);
	tr_done(&T);
	/* a point of the matrix */
	CHECK_INT(wt_get(srv, &vic, "/overview/matrix?sat=20&orders=2", T0 + 1, &T), 200);
	CHECK(has(&T, EVIL_ESC));
	CHECK(!has(&T, EVIL));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &vic, "/overview/matrix?sat=x", T0 + 1, &T), 400);
	tr_done(&T);
	web_server_close(srv);
}

/* ---- the action list and the search ---- */

static int count(const struct tr *t, const char *s)
{
	int n = 0;
	for (const char *p = t->rs.body.buf; p && (p = strstr(p, s)); p++)
		n++;
	return n;
}

TEST(web_pages_action_list)
{
	struct web_server *srv = pages_server();
	struct wt_session mia;
	if (!srv)
		return;
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &mia), 0);
	CHECK_INT(wt_get(srv, &mia, "/actions", T0 + 1, &T), 200);
	CHECK(has(&T, "<h1>Action list</h1>"));
	CHECK_INT(count(&T, "<td class=\"name\">"), 50);
	CHECK(has(&T, "rel=\"next\""));
	CHECK(!has(&T, "rel=\"prev\""));
	CHECK(has(&T, "my customers"));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/actions?page=2", T0 + 1, &T), 200);
	CHECK(has(&T, "rel=\"prev\""));
	CHECK(has(&T, "<td class=\"num\">51</td>"));
	tr_done(&T);
	/* the filters: an owner, a region, an industry, a segment, priority, silent */
	CHECK_INT(wt_get(srv, &mia, "/actions?owner=Mia Berger", T0 + 1, &T), 200);
	CHECK_INT(count(&T, "<td class=\"name\">"), 2);
	CHECK(has(&T, EVIL_ESC));
	CHECK(has(&T, OHARA_ESC));
	CHECK(!has(&T, EVIL));
	CHECK(has(&T, "<option value=\"Mia Berger\" selected>"));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/actions?region=Nord", T0 + 1, &T), 200);
	CHECK(has(&T, EVIL_ESC));
	CHECK(!has(&T, OHARA_ESC));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/actions?industry=Handel&owner=Mia Berger", T0 + 1, &T), 200);
	CHECK_INT(count(&T, "<td class=\"name\">"), 1);
	CHECK(has(&T, OHARA_ESC));
	tr_done(&T);
	/* a region nobody has: the filter's error names the known ones */
	CHECK_INT(wt_get(srv, &mia, "/actions?region=Atlantis", T0 + 1, &T), 400);
	CHECK(has(&T, "no region starts with"));
	CHECK(has(&T, "Nord"));
	tr_done(&T);
	/* owner and region match a start of the name, as treue actions does */
	CHECK_INT(wt_get(srv, &mia, "/actions?owner=mia", T0 + 1, &T), 200);
	CHECK_INT(count(&T, "<td class=\"name\">"), 2);
	tr_done(&T);
	/* filters that leave the list empty */
	CHECK_INT(wt_get(srv, &mia, "/actions?owner=Mia Berger&priority=2", T0 + 1, &T), 200);
	CHECK(has(&T, "No customer matches these filters."));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/actions?segment=terrorist", T0 + 1, &T), 200);
	CHECK(count(&T, "<td class=\"name\">") >= 1);
	CHECK(has(&T, EVIL_ESC)); /* satisfaction 2, recommend 1 */
	CHECK_INT(count(&T, "class=\"seg seg-terrorist\">"), count(&T, "<td class=\"name\">") + 0);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/actions?priority=6", T0 + 1, &T), 200);
	CHECK(count(&T, "<td class=\"prio\"><span title=\"ask them") >= 1);
	CHECK_INT(count(&T, "<td class=\"prio\"><span title="),
	          count(&T, "<td class=\"prio\"><span title=\"ask them"));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/actions?silent=1", T0 + 1, &T), 200);
	CHECK_INT(count(&T, "<td class=\"name\">"), count(&T, "<span class=\"badge silent\">"));
	tr_done(&T);
	/* a page past the end, a bad page number */
	CHECK_INT(wt_get(srv, &mia, "/actions?owner=Mia Berger&page=9", T0 + 1, &T), 200);
	CHECK(has(&T, "There is no such page."));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/actions?page=-3", T0 + 1, &T), 200);
	CHECK(has(&T, "<td class=\"num\">1</td>"));
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_pages_search)
{
	struct web_server *srv = pages_server();
	struct wt_session vic;
	if (!srv)
		return;
	CHECK_INT(wt_login(srv, "vic", "vic horse battery staple", T0, &vic), 0);
	/* one customer: straight to its page (id case-insensitive, name start) */
	CHECK_INT(wt_get(srv, &vic, "/customers?q=x1", T0 + 1, &T), 303);
	CHECK_STR(hdr(&T, "Location"), "/customers/X1");
	tr_done(&T);
	CHECK_INT(wt_get(srv, &vic, "/customers?q=o'hara", T0 + 1, &T), 303);
	CHECK_STR(hdr(&T, "Location"), "/customers/X2");
	tr_done(&T);
	CHECK_INT(wt_get(srv, &vic, "/customers?q=<img", T0 + 1, &T), 303);
	CHECK_STR(hdr(&T, "Location"), "/customers/X1");
	tr_done(&T);
	/* several: a table; the query in the box, escaped */
	CHECK_INT(wt_get(srv, &vic, "/customers?q=X", T0 + 1, &T), 200);
	CHECK_INT(count(&T, "<td class=\"name\">"), 2);
	CHECK(has(&T, "2 customers match"));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &vic, "/customers?q=\"><script>", T0 + 1, &T), 200);
	CHECK(has(&T, "value=\"&quot;&gt;&lt;script&gt;\""));
	CHECK(!has(&T, "\"><script>"));
	CHECK(has(&T, "No customer has this id"));
	tr_done(&T);
	/* the search box is in every page's header */
	CHECK_INT(wt_get(srv, &vic, "/week", T0 + 1, &T), 200);
	CHECK(has(&T, "<form method=\"get\" action=\"/customers\" class=\"search\""));
	tr_done(&T);
	web_server_close(srv);
}

/* ---- the customer page and its forms ---- */

static int64_t latest(struct web_server *srv, enum journal_kind k, const char *cust)
{
	struct store *st;
	struct err e;
	struct app_list l;
	struct app_list_filter f;
	int64_t id = 0;
	(void)srv;
	err_init(&e, LANG_EN);
	if (store_open(wt_db_path(), 0, &st, &e))
		return 0;
	struct app_ctx c = {st, LANG_EN, NULL, DAY_NONE, t0_day(), NULL, 0, NULL};
	app_list_filter_init(&f);
	f.customer = cust;
	if (app_list(&c, k, &f, &l, &e) == 0) {
		for (size_t r = 0; r < l.nrows; r++)
			if (app_list_cell(&l, r, 0)->num > id)
				id = app_list_cell(&l, r, 0)->num;
		app_list_release(&l);
	}
	store_close(st);
	return id;
}

static int load(enum journal_kind k, int64_t id, struct app_entry *en)
{
	struct store *st;
	struct err e;
	err_init(&e, LANG_EN);
	if (store_open(wt_db_path(), 0, &st, &e))
		return -1;
	struct app_ctx c = {st, LANG_EN, NULL, DAY_NONE, t0_day(), NULL, 0, NULL};
	int rc = app_entry_load(&c, k, id, en, &e);
	store_close(st);
	return rc;
}

TEST(web_pages_customer_page)
{
	struct web_server *srv = pages_server();
	struct wt_session vic, mia;
	char tag[80];
	if (!srv)
		return;
	CHECK_INT(wt_login(srv, "vic", "vic horse battery staple", T0, &vic), 0);
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &mia), 0);
	CHECK_INT(wt_get(srv, &vic, "/customers/X1", T0 + 1, &T), 200);
	CHECK(has(&T, "<h1>" EVIL_ESC "</h1>"));
	CHECK(has(&T, "<title>" EVIL_ESC " · treue</title>"));
	CHECK(!has(&T, EVIL));
	CHECK(has(&T, "expected margin over the next 52 weeks"));
	CHECK(has(&T, "Probability still active"));
	CHECK(has(&T, "class=\"chart bond\""));
	CHECK(has(&T, "class=\"chart months\""));
	CHECK(has(&T, "never again"));
	CHECK(has(&T, "seg seg-terrorist"));
	/* a viewer sees no forms */
	CHECK(!has(&T, "name=\"form\""));
	CHECK(has(&T, "recording needs the role member"));
	snprintf(tag, sizeof(tag), "%s", hdr(&T, "ETag") ? hdr(&T, "ETag") : "");
	CHECK(tag[0] == '"');
	tr_done(&T);
	/* nothing changed: 304 */
	tr_init(&T, WM_GET, "/customers/X1", T0 + 2);
	tr_cookie(&T, "__Host-treue", vic.cookie);
	tr_header(&T, "If-None-Match", tag);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 304);
	CHECK_INT(T.rs.body.len, 0);
	tr_done(&T);
	/* O'Hara: by name start to its own path, the page as text */
	CHECK_INT(wt_get(srv, &vic, "/customers/O'Hara", T0 + 1, &T), 303);
	CHECK_STR(hdr(&T, "Location"), "/customers/X2");
	tr_done(&T);
	CHECK_INT(wt_get(srv, &vic, "/customers/X2", T0 + 1, &T), 200);
	CHECK(has(&T, "<h1>" OHARA_ESC "</h1>"));
	CHECK(!has(&T, "/customers/X2/erase")); /* the GDPR links are for admins */
	tr_done(&T);
	{
		struct wt_session ada;
		CHECK_INT(wt_login(srv, "ada", "ada horse battery staple", T0, &ada), 0);
		CHECK_INT(wt_get(srv, &ada, "/customers/X2", T0 + 1, &T), 200);
		CHECK(has(&T, "<a href=\"/customers/X2/export\">"));
		CHECK(has(&T, "<a href=\"/customers/X2/erase\">"));
		tr_done(&T);
		CHECK_INT(wt_get(srv, &ada, "/customers/X2/export", T0 + 1, &T), 200);
	}
	tr_done(&T);
	CHECK_INT(wt_get(srv, &vic, "/customers/nobody-here", T0 + 1, &T), 404);
	CHECK(has(&T, "unknown customer"));
	tr_done(&T);
	/* a member has the forms, the dialogue's two questions first */
	CHECK_INT(wt_get(srv, &mia, "/customers/X1", T0 + 1, &T), 200);
	CHECK(has(&T, "name=\"form\" value=\"dialog\""));
	const char *q1 = strstr(T.rs.body.buf, "How can we support you best?");
	const char *q2 = strstr(T.rs.body.buf, "What can we do better?");
	const char *notes = strstr(T.rs.body.buf, "f-dialog-notes");
	CHECK(q1 && q2 && notes && q1 < q2 && q2 < notes);
	CHECK(has(&T, "Nine rules for the dialogue"));
	CHECK(has(&T, "Ask why before how."));
	tr_done(&T);

	/* record a dialogue: redirect, then on the page and in the audit with mia */
	CHECK_INT(wt_post(srv, &mia, "/customers/X1", T0 + 5, &T, "form", "dialog", "support",
	                  "Spare parts <b>faster</b>", "improve", "Call before visiting",
	                  "touchpoint", "service", "date", "2026-09-20", NULL),
	          303);
	CHECK_STR(hdr(&T, "Location"), "/customers/X1?done=dialog#timeline");
	tr_done(&T);
	tr_init(&T, WM_GET, "/customers/X1", T0 + 6);
	tr_cookie(&T, "__Host-treue", vic.cookie);
	tr_header(&T, "If-None-Match", tag);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 200); /* the data changed: a new ETag */
	CHECK(has(&T, "Spare parts &lt;b&gt;faster&lt;/b&gt;"));
	CHECK(has(&T, "Call before visiting"));
	tr_done(&T);
	{
		struct store *st;
		struct err e;
		struct app_audit au;
		err_init(&e, LANG_EN);
		CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
		struct app_ctx c = {st, LANG_EN, NULL, DAY_NONE, t0_day(), NULL, 0, NULL};
		CHECK_INT(app_audit_list(&c, DAY_NONE, "X1", &au, &e), 0);
		CHECK(au.n >= 1);
		if (au.n) {
			CHECK_STR(au.v[au.n - 1].who, "mia");
			CHECK_STR(au.v[au.n - 1].action, "add");
			CHECK(strstr(au.v[au.n - 1].detail, "dialog") != NULL);
		}
		app_audit_release(&au);
		store_close(st);
	}
	web_server_close(srv);
}

TEST(web_pages_customer_forms_refused)
{
	struct web_server *srv = pages_server();
	struct wt_session vic, mia;
	if (!srv)
		return;
	CHECK_INT(wt_login(srv, "vic", "vic horse battery staple", T0, &vic), 0);
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &mia), 0);
	/* a viewer may not record */
	CHECK_INT(
	    wt_post(srv, &vic, "/customers/X1", T0 + 1, &T, "form", "dialog", "notes", "x", NULL),
	    403);
	tr_done(&T);
	/* no CSRF token, a wrong one */
	tr_init(&T, WM_POST, "/customers/X1", T0 + 1);
	tr_cookie(&T, "__Host-treue", mia.cookie);
	tr_form(&T, "form", "dialog", "notes", "x", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403);
	CHECK(has(&T, "The form has expired"));
	tr_done(&T);
	struct wt_session wrong = mia;
	memcpy(wrong.csrf, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", WEB_TOKEN_LEN);
	CHECK_INT(
	    wt_post(srv, &wrong, "/customers/X1", T0 + 1, &T, "form", "dialog", "notes", "x", NULL),
	    403);
	tr_done(&T);
	/* no session */
	CHECK_INT(wt_post(srv, NULL, "/customers/X1", T0 + 1, &T, "form", "dialog", NULL), 403);
	tr_done(&T);
	CHECK_INT(latest(srv, JK_DIALOG, "X1"), 0);
	/* an unknown form, an unknown customer */
	CHECK_INT(wt_post(srv, &mia, "/customers/X1", T0 + 1, &T, "form", "poem", NULL), 400);
	tr_done(&T);
	CHECK_INT(wt_post(srv, &mia, "/customers/X9", T0 + 1, &T, "form", "dialog", NULL), 404);
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_pages_customer_form_errors_keep_the_values)
{
	struct web_server *srv = pages_server();
	struct wt_session mia;
	if (!srv)
		return;
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &mia), 0);
	/* a promise without its due date */
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 1, &T, "form", "promise", "what",
	                  "Quote <by> Friday & more", "owner", OHARA, NULL),
	          400);
	CHECK(has(&T, "Nothing was recorded"));
	CHECK(has(&T, "a promise needs its due date"));
	CHECK(has(&T, "<details class=\"record\" id=\"record-promise\" open>"));
	CHECK(has(&T, ">Quote &lt;by&gt; Friday &amp; more</textarea>"));
	CHECK(has(&T, "value=\"" OHARA_ESC "\""));
	CHECK(has(&T, "<h1>" OHARA_ESC "</h1>"));
	tr_done(&T);
	/* a date that is none: the field and the value named */
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 1, &T, "form", "dialog", "notes",
	                  "hello", "date", "31.02.2026", NULL),
	          400);
	CHECK(has(&T, "<strong>date</strong>"));
	CHECK(has(&T, "31.02.2026"));
	CHECK(has(&T, "aria-invalid=\"true\""));
	CHECK(has(&T, ">hello</textarea>"));
	tr_done(&T);
	/* an unknown touchpoint: the app lists the valid ones */
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 1, &T, "form", "dialog", "notes",
	                  "hello", "touchpoint", "canteen", NULL),
	          400);
	CHECK(has(&T, "valid touchpoints"));
	tr_done(&T);
	/* a referral to nobody */
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 1, &T, "form", "referral", "other",
	                  "no-such-customer", NULL),
	          400);
	CHECK(has(&T, "unknown customer"));
	CHECK(has(&T, "value=\"no-such-customer\""));
	tr_done(&T);
	/* a dialogue with nothing said */
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 1, &T, "form", "dialog", NULL), 400);
	tr_done(&T);
	CHECK_INT(latest(srv, JK_DIALOG, "X2"), 0);
	web_server_close(srv);
}

TEST(web_pages_customer_records_everything)
{
	struct web_server *srv = pages_server();
	struct wt_session mia;
	struct app_entry en;
	if (!srv)
		return;
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &mia), 0);
	/* a complaint with its first why, then four more, one at a time */
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 1, &T, "form", "complaint", "reason",
	                  "late_delivery", "description", "Pump came a week late", "why",
	                  "The carrier missed the pick-up", NULL),
	          303);
	tr_done(&T);
	int64_t k = latest(srv, JK_COMPLAINT, "X2");
	CHECK(k > 0);
	char ks[24];
	snprintf(ks, sizeof(ks), "%lld", (long long)k);
	static const char *const whys[] = {"The order reached the warehouse late",
	                                   "It waited for approval", "The approver was away",
	                                   "Nobody stands in for him"};
	for (size_t w = 0; w < ARRAY_SIZE(whys); w++) {
		CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 2 + (int64_t)w, &T, "form",
		                  "complaint_why", "entry", ks, "why", whys[w], NULL),
		          303);
		tr_done(&T);
	}
	/* the page shows five whys and no "add a why" any more */
	CHECK_INT(wt_get(srv, &mia, "/customers/X2", T0 + 10, &T), 200);
	CHECK(has(&T, "Nobody stands in for him"));
	CHECK(!has(&T, "name=\"form\" value=\"complaint_why\""));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 11, &T, "form", "complaint_why", "entry",
	                  ks, "why", "a sixth", NULL),
	          400);
	tr_done(&T);
	/* resolve: the root cause is needed */
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 12, &T, "form", "complaint_resolve",
	                  "entry", ks, NULL),
	          400);
	CHECK(has(&T, "root cause"));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 13, &T, "form", "complaint_resolve",
	                  "entry", ks, "root_cause", "No deputy for approvals", NULL),
	          303);
	CHECK_STR(hdr(&T, "Location"), "/customers/X2?done=resolved#complaints");
	tr_done(&T);
	CHECK_INT(load(JK_COMPLAINT, k, &en), 0);
	CHECK_INT(en.r.k.status, COMPLAINT_RESOLVED);
	CHECK_STR(en.r.k.root_cause, "No deputy for approvals");
	CHECK_STR(en.r.k.why[0], "The carrier missed the pick-up");
	CHECK_STR(en.r.k.why[4], "Nobody stands in for him");
	app_entry_release(&en);
	/* a complaint of another customer is not this page's */
	CHECK_INT(wt_post(srv, &mia, "/customers/X1", T0 + 14, &T, "form", "complaint_resolve",
	                  "entry", ks, "root_cause", "x", NULL),
	          400);
	CHECK(has(&T, "belongs to another customer"));
	tr_done(&T);

	/* a promise, renegotiated (a date is needed), then the follow-up kept */
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 15, &T, "form", "promise", "what",
	                  "Send the quote", "due", "2026-09-25", NULL),
	          303);
	tr_done(&T);
	int64_t p = latest(srv, JK_PROMISE, "X2");
	char ps[24];
	snprintf(ps, sizeof(ps), "%lld", (long long)p);
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 16, &T, "form", "promise_close", "entry",
	                  ps, "status", "renegotiated", NULL),
	          400);
	CHECK(has(&T, "new due date"));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 17, &T, "form", "promise_close", "entry",
	                  ps, "status", "renegotiated", "new_due", "2026-10-02", NULL),
	          303);
	tr_done(&T);
	int64_t p2 = latest(srv, JK_PROMISE, "X2");
	CHECK(p2 > p);
	snprintf(ps, sizeof(ps), "%lld", (long long)p2);
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 18, &T, "form", "promise_close", "entry",
	                  ps, "status", "kept", NULL),
	          303);
	CHECK_STR(hdr(&T, "Location"), "/customers/X2?done=kept#promises");
	tr_done(&T);
	CHECK_INT(load(JK_PROMISE, p2, &en), 0);
	CHECK_INT(en.r.p.status, PROMISE_KEPT);
	app_entry_release(&en);
	/* a story, a referral both ways, a departure */
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 19, &T, "form", "story", "kind", "tnt",
	                  "what", "Brought the spare seal the same evening", NULL),
	          303);
	tr_done(&T);
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 20, &T, "form", "referral", "direction",
	                  "referred", "other", "X1", NULL),
	          303);
	tr_done(&T);
	CHECK_INT(load(JK_REFERRAL, latest(srv, JK_REFERRAL, "X2"), &en), 0);
	CHECK_STR(en.r.r.from_customer, "X2");
	CHECK_STR(en.r.r.to_customer, "X1");
	app_entry_release(&en);
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 21, &T, "form", "departure", "reason",
	                  "Moved production abroad", "competitor", "Acme", "date", "2026-09-18",
	                  NULL),
	          303);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/customers/X2?done=departure", T0 + 22, &T), 200);
	CHECK(has(&T, "The departure was recorded."));
	CHECK(has(&T, "Moved production abroad"));
	CHECK(has(&T, "Brought the spare seal the same evening"));
	CHECK(has(&T, "referred X1"));
	CHECK(has(&T, "seg seg-departed"));
	tr_done(&T);
	web_server_close(srv);
}

/* ---- a journal entry reloads only the journal ---- */

/* The Overview's figures against a report computed from scratch. */
static void overview_is_the_report(struct web_server *srv, const struct wt_session *s, int64_t now)
{
	struct store *st;
	struct err e;
	struct app_analysis a;
	struct app_loyalty r;
	struct strbuf json = STRBUF_INIT;
	int n;
	err_init(&e, LANG_EN);
	CHECK_INT(wt_get(srv, s, "/overview", now, &T), 200);
	CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
	struct app_ctx c = {st, LANG_EN, NULL, DAY_NONE, t0_day(), NULL, 0, NULL};
	setenv("TREUE_SNAPSHOT", "0", 1); /* from the store itself */
	CHECK_INT(app_analysis_load(&c, &a, &e), 0);
	unsetenv("TREUE_SNAPSHOT");
	CHECK_INT(app_loyalty(&c, &a, 1, 1, &r, &e), 0);
	report_loyalty(&a.ds, &r.l, &r.tenure, &r.bt, 100, FMT_JSON, &json, LANG_EN);
	CHECK_INT(compare_figures(T.rs.body.buf, json.buf, &n), 0);
	CHECK(n > 30);
	tr_done(&T);
	sb_release(&json);
	app_loyalty_release(&r);
	app_analysis_release(&a);
	store_close(st);
}

TEST(web_pages_journal_entry_reloads_only_the_journal)
{
	struct web_server *srv = pages_server();
	struct wt_session mia;
	if (!srv)
		return;
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &mia), 0);
	CHECK_INT(wt_get(srv, &mia, "/customers/X1", T0 + 1, &T), 200);
	tr_done(&T);
	struct web_view *first = srv->view;
	CHECK(first && !first->journal_only && !first->root);
	/* entries that change a segment: a survey-free terrorist gets a
	 * complaint; X2 departs; a promise falls due */
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 2, &T, "form", "departure", "date",
	                  "2026-09-18", NULL),
	          303);
	tr_done(&T);
	CHECK_INT(wt_post(srv, &mia, "/customers/X1", T0 + 3, &T, "form", "complaint", "reason",
	                  "billing_error", NULL),
	          303);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/customers/X2", T0 + 4, &T), 200);
	CHECK(has(&T, "seg seg-departed"));
	tr_done(&T);
	CHECK(srv->view && srv->view->journal_only && srv->view->root == first);
	CHECK(srv->view->a.ds.shares == &first->a.ds);
	CHECK_INT(first->refs, 1); /* held by the journal-only view alone */
	overview_is_the_report(srv, &mia, T0 + 5);
	/* another entry: shares the same root, the middle view is gone */
	CHECK_INT(wt_post(srv, &mia, "/customers/X1", T0 + 6, &T, "form", "dialog", "notes",
	                  "third", NULL),
	          303);
	tr_done(&T);
	overview_is_the_report(srv, &mia, T0 + 7);
	CHECK(srv->view->journal_only && srv->view->root == first);
	/* a change of a customer is more than the journal: everything again */
	{
		struct store *st;
		struct err e;
		struct app_fields f;
		struct strbuf id = STRBUF_INIT;
		err_init(&e, LANG_EN);
		CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
		struct app_ctx c = {st, LANG_EN, "tester", DAY_NONE, t0_day(), NULL, 0, NULL};
		app_fields_init(&f);
		f.owner = "Anna Neu";
		CHECK_INT(app_customer_change(&c, "X1", &f, "owner", &id, &e), 0);
		sb_release(&id);
		store_close(st);
	}
	CHECK_INT(wt_get(srv, &mia, "/actions?owner=Anna Neu", T0 + 8, &T), 200);
	CHECK(has(&T, EVIL_ESC));
	tr_done(&T);
	CHECK(srv->view && !srv->view->journal_only && !srv->view->root);
	overview_is_the_report(srv, &mia, T0 + 9);
	web_server_close(srv);
}

/* ---- the Overview's month ends after a change of the journal ---- */

/* Each month end of the current view's trend against the counts computed
 * from scratch at that date. */
static void trend_is_fresh(const struct web_server *srv)
{
	const struct web_view *v = srv->view;
	struct store *st;
	struct err e;
	struct app_analysis a;
	err_init(&e, LANG_EN);
	CHECK(v && v->ntrend >= 6);
	if (!v || store_open(wt_db_path(), 0, &st, &e))
		return;
	struct app_ctx c = {st, LANG_EN, NULL, DAY_NONE, t0_day(), NULL, 0, NULL};
	setenv("TREUE_SNAPSHOT", "0", 1);
	CHECK_INT(app_analysis_load(&c, &a, &e), 0);
	unsetenv("TREUE_SNAPSHOT");
	for (int k = 0; k < v->ntrend; k++) {
		const struct web_trend_point *p = &v->trend[k];
		struct app_analysis at = a;
		struct app_loyalty r;
		at.as_of = p->as_of;
		CHECK_INT(app_loyalty(&c, &at, -1, APP_COUNTS, &r, &e), 0);
		CHECK(memcmp(p->seg_count, r.l.seg_count, sizeof(p->seg_count)) == 0);
		CHECK_INT(p->customers, r.l.customers);
		CHECK_INT(p->departed, r.l.departed);
		CHECK_INT(p->lapsed, r.l.lapsed);
		CHECK_INT(p->nps.promoters, r.l.nps.promoters);
		CHECK_INT(p->nps.detractors, r.l.nps.detractors);
		CHECK_INT(p->sat.n, r.l.sat.n);
		CHECK_INT(p->ret.retained, r.l.years[0].retained);
		CHECK_INT(p->ret.previous_buyers, r.l.years[0].previous_buyers);
		app_loyalty_release(&r);
	}
	app_analysis_release(&a);
	store_close(st);
}

TEST(web_pages_month_ends_after_journal_entries)
{
	struct web_server *srv = pages_server();
	struct wt_session mia;
	char d[11];
	if (!srv)
		return;
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &mia), 0);
	CHECK_INT(wt_get(srv, &mia, "/overview", T0 + 1, &T), 200);
	tr_done(&T);
	CHECK(srv->view && srv->view->ntrend >= 6);
	/* a dialogue: no count reads it, every month end is kept */
	CHECK_INT(wt_post(srv, &mia, "/customers/X1", T0 + 2, &T, "form", "dialog", "notes", "kept",
	                  NULL),
	          303);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/overview", T0 + 3, &T), 200);
	tr_done(&T);
	CHECK(srv->view->journal_only && srv->view->ntrend_before >= 6);
	CHECK_INT(srv->view->trend_same_to, DAY_NONE);
	trend_is_fresh(srv);
	/* a departure a hundred days back: the month ends after it change
	 * (X2's state there), the ones before it are kept */
	day_t back = t0_day() - 100;
	CHECK_INT(wt_post(srv, &mia, "/customers/X2", T0 + 4, &T, "form", "departure", "date",
	                  day_format(back, d), NULL),
	          303);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/overview", T0 + 5, &T), 200);
	tr_done(&T);
	CHECK_INT(srv->view->trend_same_to, back);
	int after = 0;
	for (int k = 0; k < srv->view->ntrend; k++)
		after += srv->view->trend[k].as_of > back;
	CHECK(after >= 2 && after < srv->view->ntrend);
	trend_is_fresh(srv);
	web_server_close(srv);
}

/* ---- threads read while a form changes the data ---- */

struct reader {
	struct web_server *srv;
	const struct wt_session *s;
	int ok, runs;
};

static void *read_pages(void *arg)
{
	struct reader *r = arg;
	static const char *const paths[] = {"/actions", "/customers/X1", "/overview",
	                                    "/actions?owner=Mia Berger", "/customers?q=X"};
	struct tr *t = malloc(sizeof(*t));
	for (int k = 0; k < r->runs; k++) {
		int st = wt_get(r->srv, r->s, paths[k % ARRAY_SIZE(paths)], T0 + 30, t);
		r->ok += st == 200;
		tr_done(t);
	}
	free(t);
	return NULL;
}

TEST(web_pages_concurrent_readers_and_a_writer)
{
	struct web_server *srv = pages_server();
	struct wt_session mia;
	pthread_t th[3];
	struct reader rd[3];
	if (!srv)
		return;
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &mia), 0);
	for (int k = 0; k < 3; k++) {
		rd[k] = (struct reader){srv, &mia, 0, 6};
		pthread_create(&th[k], NULL, read_pages, &rd[k]);
	}
	/* meanwhile: two entries, two new data versions */
	struct tr *w = malloc(sizeof(*w));
	for (int k = 0; k < 2; k++) {
		CHECK_INT(wt_post(srv, &mia, "/customers/X1", T0 + 31 + k, w, "form", "dialog",
		                  "notes", k ? "second" : "first", NULL),
		          303);
		tr_done(w);
	}
	free(w);
	for (int k = 0; k < 3; k++) {
		pthread_join(th[k], NULL);
		CHECK_INT(rd[k].ok, rd[k].runs);
	}
	/* afterwards everyone sees both */
	CHECK_INT(wt_get(srv, &mia, "/customers/X1", T0 + 40, &T), 200);
	CHECK(has(&T, "notes: first"));
	CHECK(has(&T, "notes: second"));
	tr_done(&T);
	web_server_close(srv);
}
