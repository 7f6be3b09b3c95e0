/*
 * t_web_journal.c — the Journal, Settings, Audit and GDPR pages in-process
 * on a small demo: each page's status and content, the figures equal to
 * the application layer's result that `treue report` prints, the Pareto
 * chart's shape (bars largest first, the cumulative line, tooltips, no
 * style attributes), German, role and CSRF refusals, bad parameters.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "report.h"
#include "web_test.h"

static struct tr T;

static int has(const char *s)
{
	return T.rs.body.buf && strstr(T.rs.body.buf, s) != NULL;
}

static int count(const char *s)
{
	int n = 0;
	for (const char *p = T.rs.body.buf; p && (p = strstr(p, s)); p += strlen(s))
		n++;
	return n;
}

/* A server on the standard users plus a demo of 400 customers ending on
 * the test clock's day. */
static struct web_server *demo_server(void)
{
	struct web_server *srv = wt_server(2);
	struct store *st;
	struct demo_opts o;
	struct demo_counts n;
	struct err e;
	err_init(&e, LANG_EN);
	if (store_open(wt_db_path(), 0, &st, &e)) {
		test_fail(__FILE__, __LINE__, "store_open: %s", e.msg);
		return srv;
	}
	demo_opts_default(&o);
	o.customers = 400;
	o.years = 3;
	o.end = day_from_ymd(2026, 9, 21);
	struct app_ctx c = {
	    .st = st, .lang = LANG_EN, .actor = "tester", .as_of = DAY_NONE, .today = o.end};
	if (app_demo(&c, &o, 0, NULL, NULL, &n, &e))
		test_fail(__FILE__, __LINE__, "app_demo: %s", e.msg);
	store_close(st);
	return srv;
}

/* The application layer's context the pages use at T0. */
static struct store *app_at_t0(struct app_ctx *c)
{
	struct store *st = NULL;
	struct err e;
	err_init(&e, LANG_EN);
	if (store_open(wt_db_path(), 0, &st, &e))
		test_fail(__FILE__, __LINE__, "store_open: %s", e.msg);
	memset(c, 0, sizeof(*c));
	c->st = st;
	c->lang = LANG_EN;
	c->as_of = DAY_NONE;
	c->today = day_from_ymd(2026, 9, 21);
	return st;
}

TEST(web_journal_pages)
{
	struct web_server *srv = demo_server();
	struct wt_session vic;
	char pw[64], want[128];
	struct app_ctx c;
	struct err e;
	err_init(&e, LANG_EN);
	CHECK_INT(wt_login(srv, "vic", wt_pw("vic", pw, sizeof(pw)), T0, &vic), 0);
	/* /journal leads to its first tab; a viewer reads every tab */
	CHECK_INT(wt_get(srv, &vic, "/journal", T0, &T), 303);
	CHECK_STR(web_resp_get(&T.rs, "Location"), "/journal/promises");
	tr_done(&T);
	static const char *const tabs[] = {"/journal/promises", "/journal/complaints",
	                                   "/journal/stories", "/journal/feedback",
	                                   "/journal/cadence"};
	for (size_t i = 0; i < ARRAY_SIZE(tabs); i++) {
		CHECK_INT(wt_get(srv, &vic, tabs[i], T0, &T), 200);
		CHECK(has("<nav class=\"tabs\""));
		CHECK(!has("style="));
		CHECK(!has("<script"));
		tr_done(&T);
		/* without a session: to the login */
		CHECK_INT(wt_get(srv, NULL, tabs[i], T0, &T), 303);
		tr_done(&T);
	}

	struct store *st = app_at_t0(&c);
	/* promises: the counts of `treue report promises` */
	struct journal_promises pr;
	CHECK_INT(app_report_promises(&c, 14, DAY_NONE, &pr, &e), 0);
	CHECK_INT(wt_get(srv, &vic, "/journal/promises", T0, &T), 200);
	snprintf(want, sizeof(want), "Overdue (%zu)", pr.noverdue);
	CHECK(has(want));
	snprintf(want, sizeof(want), " (%zu)</h2>", pr.ndue_soon);
	CHECK(has(want));
	CHECK(pr.nowners > 0);
	CHECK_INT(count("<tr class=\"overdue\">"), pr.noverdue);
	CHECK(has("<a href=\"/customers/"));
	CHECK(has("class=\"chart rates\""));
	tr_done(&T);
	journal_promises_release(&pr);
	CHECK_INT(wt_get(srv, &vic, "/journal/promises?within=30", T0, &T), 200);
	CHECK(has("<option value=\"30\" selected>"));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &vic, "/journal/promises?within=31", T0, &T), 400);
	tr_done(&T);

	/* complaints: a Pareto chart of the reasons, largest first */
	struct app_feedback_in in = {DAY_NONE, 0, 0};
	struct journal_feedback fb;
	CHECK_INT(app_report_feedback(&c, &in, &fb, &e), 0);
	CHECK(fb.nreasons > 1);
	CHECK_INT(wt_get(srv, &vic, "/journal/complaints", T0, &T), 200);
	CHECK(has("class=\"chart pareto\""));
	CHECK(has("<polyline points=\""));
	CHECK(has("class=\"line cum\""));
	CHECK(has("class=\"ref\""));
	snprintf(want, sizeof(want), ": %d, of which %d open.", fb.complaints, fb.complaints_open);
	CHECK(has(want));
	{
		/* the bars' tooltips come largest first; the last cumulative is 100% */
		const char *p = strstr(T.rs.body.buf, "class=\"chart pareto\"");
		const char *end = p ? strstr(p, "</svg>") : NULL;
		long prev = -1, bars = 0;
		while (p && end && (p = strstr(p, "class=\"bar\"><title>")) && p < end) {
			p = strchr(p, '>') + 8;
			const char *colon = strstr(p, ": ");
			long v = colon ? strtol(colon + 2, NULL, 10) : -1;
			CHECK(v > 0);
			if (prev >= 0)
				CHECK(v <= prev);
			prev = v;
			bars++;
		}
		CHECK_INT(bars, fb.nreasons < 10 ? (long)fb.nreasons : 10);
		CHECK(strstr(T.rs.body.buf, "cumulative 100.0%</title>") != NULL);
	}
	tr_done(&T);
	journal_feedback_release(&fb);

	/* feedback: the dialogues of the period */
	struct app_feedback_in fin = {DAY_NONE, 5, 12};
	CHECK_INT(app_report_feedback(&c, &fin, &fb, &e), 0);
	CHECK_INT(wt_get(srv, &vic, "/journal/feedback", T0, &T), 200);
	snprintf(want, sizeof(want), ", in %d dialogues.", fb.dialogs);
	CHECK(has(want));
	CHECK(has("How can we support you best?"));
	CHECK(has("What can we do better?"));
	tr_done(&T);
	journal_feedback_release(&fb);

	/* stories: this week, a week long ago without any, a bad week */
	CHECK_INT(wt_get(srv, &vic, "/journal/stories", T0, &T), 200);
	CHECK(has("Week 39 of 2026"));
	CHECK(has("class=\"chart weeks\""));
	CHECK(has("<input type=\"week\" name=\"week\" value=\"2026-W39\""));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &vic, "/journal/stories?week=2001-W05", T0, &T), 200);
	CHECK(has("No story was written down this week."));
	CHECK(has("12 of 12 weeks without a story."));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &vic, "/journal/stories?week=2026-W99", T0, &T), 400);
	tr_done(&T);
	{
		/* a week with stories shows as many as the report counts */
		struct journal_stories s;
		CHECK_INT(app_report_stories(&c, 52, 0, &s, &e), 0);
		for (size_t i = 0; i < s.nweeks; i++)
			if (s.weeks[i].stories) {
				char path[64];
				snprintf(path, sizeof(path), "/journal/stories?week=%04d-W%02d",
				         s.weeks[i].year, s.weeks[i].week);
				CHECK_INT(wt_get(srv, &vic, path, T0, &T), 200);
				CHECK_INT(count("<article class=\"story\">"), s.weeks[i].stories);
				tr_done(&T);
				break;
			}
		journal_stories_release(&s);
	}

	/* cadence: the silent customers of `treue report cadence` */
	struct journal_cadence cd;
	CHECK_INT(app_report_cadence(&c, -1, &cd, &e), 0);
	CHECK_INT(wt_get(srv, &vic, "/journal/cadence", T0, &T), 200);
	snprintf(want, sizeof(want), "%d of %d active customers", cd.silent, cd.customers);
	CHECK(has(want));
	tr_done(&T);
	journal_cadence_release(&cd);
	CHECK_INT(wt_get(srv, &vic, "/journal/cadence?days=abc", T0, &T), 400);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &vic, "/journal/cadence?days=30", T0, &T), 200);
	CHECK(has("value=\"30\""));
	tr_done(&T);

	/* German */
	tr_init(&T, WM_GET, "/journal/complaints", T0);
	tr_cookie(&T, "__Host-treue", vic.cookie);
	tr_header(&T, "Accept-Language", "de-DE,de;q=0.9");
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 200);
	CHECK(has("<html lang=\"de\">"));
	CHECK(has("Gründe"));
	CHECK(has("kumuliert"));
	CHECK(has("Reklamationen von "));
	tr_done(&T);
	store_close(st);
	web_server_close(srv);
}

/* An order dated after today: every journal page names it, looked up in
 * the store before any analysis is loaded, and taken from the loaded
 * analysis of the day after a model page has loaded one. */
TEST(web_journal_future_orders)
{
	struct web_server *srv = demo_server();
	struct wt_session vic;
	char pw[64];
	struct app_ctx c;
	struct err e;
	err_init(&e, LANG_EN);
	struct store *st = app_at_t0(&c);
	struct rec_order o = {"K-FUTURE", "R-2062", day_from_ymd(2062, 11, 24), 12345, MONEY_NONE};
	CHECK_INT(store_begin(st, &e) || store_put_order(st, &o, NULL, NULL, &e) < 0 ||
	              store_audit(st, "test", 0, "future order", 1, &e) || store_commit(st, &e),
	          0);
	store_close(st);
	CHECK_INT(wt_login(srv, "vic", wt_pw("vic", pw, sizeof(pw)), T0, &vic), 0);
	static const char *const tabs[] = {"/journal/promises", "/journal/stories",
	                                   "/journal/feedback", "/journal/cadence"};
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) { /* a model page loads the analysis of the day */
			CHECK_INT(wt_get(srv, &vic, "/week", T0, &T), 200);
			tr_done(&T);
		}
		for (size_t i = 0; i < ARRAY_SIZE(tabs); i++) {
			CHECK_INT(wt_get(srv, &vic, tabs[i], T0, &T), 200);
			CHECK(has("1 order is dated after today (order R-2062, customer K-FUTURE, "
			          "2062-11-24)"));
			tr_done(&T);
		}
	}
	web_server_close(srv);
}

TEST(web_settings_page)
{
	struct web_server *srv = wt_server(2);
	struct wt_session ada, mia;
	char pw[64];
	struct app_ctx c;
	struct err e;
	err_init(&e, LANG_EN);
	CHECK_INT(wt_login(srv, "ada", wt_pw("ada", pw, sizeof(pw)), T0, &ada), 0);
	CHECK_INT(wt_login(srv, "mia", wt_pw("mia", pw, sizeof(pw)), T0, &mia), 0);
	CHECK_INT(wt_get(srv, &ada, "/settings", T0, &T), 200);
	for (int i = 0; i < model_setting_count; i++) {
		char want[128];
		snprintf(want, sizeof(want), "<code>%s</code>", model_setting_defs[i].key);
		if (!has(want))
			test_fail(__FILE__, __LINE__, "no setting %s", model_setting_defs[i].key);
	}
	CHECK_INT(count("<form method=\"post\" action=\"/settings\""), model_setting_count);
	tr_done(&T);
	/* a member can neither see nor change them */
	CHECK_INT(wt_get(srv, &mia, "/settings", T0, &T), 403);
	tr_done(&T);
	CHECK_INT(wt_post(srv, &mia, "/settings", T0, &T, "key", "window", "value", "400", NULL),
	          403);
	tr_done(&T);
	/* without the token */
	tr_init(&T, WM_POST, "/settings", T0);
	tr_cookie(&T, "__Host-treue", ada.cookie);
	tr_form(&T, "key", "window", "value", "400", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403);
	tr_done(&T);
	/* a value the model takes: stored, audited under the user */
	CHECK_INT(wt_post(srv, &ada, "/settings", T0, &T, "key", "window", "value", "400", NULL),
	          303);
	CHECK_STR(web_resp_get(&T.rs, "Location"), "/settings?saved=window#window");
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/settings?saved=window", T0, &T), 200);
	CHECK(has("Saved: window = 400"));
	tr_done(&T);
	struct store *st = app_at_t0(&c);
	struct app_settings s;
	CHECK_INT(app_settings_list(&c, "window", &s, &e), 0);
	CHECK(s.n == 1 && !strcmp(s.v[0].value, "400"));
	app_settings_release(&s);
	struct app_audit a;
	struct app_audit_filter f = {DAY_NONE, DAY_NONE, NULL, "ada"};
	CHECK_INT(app_audit_find(&c, &f, &a, &e), 0);
	CHECK(a.n >= 1 && !strcmp(a.v[a.n - 1].action, "settings") &&
	      !strcmp(a.v[a.n - 1].detail, "window=400"));
	app_audit_release(&a);
	/* a value it refuses: the error at the field, the typed value kept */
	CHECK_INT(wt_post(srv, &ada, "/settings", T0, &T, "key", "window", "value", "-3x", NULL),
	          400);
	CHECK(has("class=\"field-error\" id=\"err-window\""));
	CHECK(has("value=\"-3x\""));
	CHECK(has("aria-invalid=\"true\""));
	tr_done(&T);
	CHECK_INT(app_settings_list(&c, "window", &s, &e), 0);
	CHECK(s.n == 1 && !strcmp(s.v[0].value, "400"));
	app_settings_release(&s);
	/* an unknown setting */
	CHECK_INT(wt_post(srv, &ada, "/settings", T0, &T, "key", "nope", "value", "1", NULL), 400);
	tr_done(&T);
	/* back to the default */
	CHECK_INT(
	    wt_post(srv, &ada, "/settings", T0, &T, "key", "window", "value", "default", NULL),
	    303);
	tr_done(&T);
	CHECK_INT(app_settings_list(&c, "window", &s, &e), 0);
	CHECK(s.n == 1 && !strcmp(s.v[0].value, s.v[0].def->dflt));
	app_settings_release(&s);
	store_close(st);
	web_server_close(srv);
}

TEST(web_audit_page)
{
	struct web_server *srv = wt_server(2);
	struct wt_session ada, mo;
	char pw[64];
	CHECK_INT(wt_login(srv, "ada", wt_pw("ada", pw, sizeof(pw)), T0, &ada), 0);
	CHECK_INT(wt_login(srv, "mo", wt_pw("mo", pw, sizeof(pw)), T0, &mo), 0);
	/* 60 changes by ada, one by mo */
	for (int i = 0; i < 60; i++) {
		char v[16];
		snprintf(v, sizeof(v), "%d", 100 + i);
		CHECK_INT(
		    wt_post(srv, &ada, "/settings", T0, &T, "key", "window", "value", v, NULL),
		    303);
		tr_done(&T);
	}
	{
		struct store *st;
		struct err e;
		err_init(&e, LANG_EN);
		CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
		CHECK_INT(store_audit_as(st, "mo", "settings", 0, "by hand", 1, &e), 0);
		store_close(st);
	}
	CHECK_INT(wt_get(srv, &mo, "/audit", T0, &T), 403);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/audit", T0, &T), 200);
	/* the four standard users' creation, 60 changes and mo's entry */
	CHECK(has("65 entries; page 1 of 2."));
	CHECK_INT(count("<tr><td class=\"nowrap\">"), 50);
	CHECK(has("window=159")); /* newest first */
	CHECK(!has("window=100"));
	CHECK(has("rel=\"next\" href=\"/audit?page=2\""));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/audit?page=2", T0, &T), 200);
	CHECK(has("window=100"));
	CHECK(has("rel=\"prev\""));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/audit?user=mo", T0, &T), 200);
	CHECK(has("1 entry; page 1 of 1."));
	CHECK(has("by hand"));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/audit?user=ada&from=2000-01-01&to=2000-12-31", T0, &T), 200);
	CHECK(has("0 entries"));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/audit?from=gestern%3F", T0, &T), 400);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/audit?page=0", T0, &T), 400);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/audit?customer=NOBODY", T0, &T), 404);
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_gdpr_export_and_erase)
{
	struct web_server *srv = demo_server();
	struct wt_session ada, mo;
	char pw[64], path[96];
	struct app_ctx c;
	struct err e;
	err_init(&e, LANG_EN);
	CHECK_INT(wt_login(srv, "ada", wt_pw("ada", pw, sizeof(pw)), T0, &ada), 0);
	CHECK_INT(wt_login(srv, "mo", wt_pw("mo", pw, sizeof(pw)), T0, &mo), 0);
	struct store *st = app_at_t0(&c);
	/* a customer with orders */
	struct app_list_filter lf;
	struct app_list l;
	app_list_filter_init(&lf);
	lf.limit = 1;
	CHECK_INT(app_list(&c, JK_COMPLAINT, &lf, &l, &e), 0);
	char id[64] = "";
	for (int i = 0; l.nrows && i < l.lay->ncols; i++)
		if (!strcmp(l.lay->cols[i].name, "customer_id"))
			snprintf(id, sizeof(id), "%s", app_list_cell(&l, 0, i)->text);
	app_list_release(&l);
	CHECK(id[0]);

	/* export: a page, then the download */
	snprintf(path, sizeof(path), "/customers/%s/export", id);
	CHECK_INT(wt_get(srv, &mo, path, T0, &T), 403);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, path, T0, &T), 200);
	CHECK(has("Download (JSON)"));
	tr_done(&T);
	tr_init(&T, WM_POST, path, T0);
	tr_cookie(&T, "__Host-treue", ada.cookie);
	tr_form(&T, "x", "1", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403); /* no token */
	tr_done(&T);
	CHECK_INT(wt_post(srv, &ada, path, T0, &T, NULL), 200);
	CHECK_STR(web_resp_get(&T.rs, "Content-Type"), "application/json; charset=utf-8");
	{
		char cd[128];
		snprintf(cd, sizeof(cd), "attachment; filename=\"treue-export-%s.json\"", id);
		CHECK_STR(web_resp_get(&T.rs, "Content-Disposition"), cd);
	}
	CHECK_STR(web_resp_get(&T.rs, "Cache-Control"), "no-store");
	CHECK(has("\"format\": \"treue-export-1\""));
	CHECK(has("\"exported_on\": \"2026-09-21\""));
	CHECK(has("\"orders\": ["));
	CHECK(has("\"complaints\": ["));
	{
		/* the same document the command line writes (before this export's
		 * own audit entry) */
		struct app_export x = {0};
		struct strbuf doc = STRBUF_INIT;
		CHECK_INT(app_export(&c, id, &x, &e), 0);
		CHECK(x.audit.n >= 1 && !strcmp(x.audit.v[x.audit.n - 1].action, "export"));
		x.audit.n--; /* the download's entry came after it was gathered */
		report_export_json(&x, c.today, &doc);
		CHECK(T.rs.body.len == doc.len && !memcmp(T.rs.body.buf, doc.buf, doc.len));
		CHECK_STR(x.audit.v[x.audit.n].who, "ada");
		sb_release(&doc);
		app_export_release(&x);
	}
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/customers/NOSUCH-1/export", T0, &T), 404);
	CHECK(has("NOSUCH-1")); /* the application layer's answer, not "no page" */
	tr_done(&T);
	/* a customer id with a slash: the route's "**" takes both segments */
	{
		struct app_fields f;
		app_fields_init(&f);
		f.id = "AB/2026";
		f.name = "Slash & Co";
		CHECK_INT(app_customer_add(&c, &f, &e), 0);
	}
	CHECK_INT(wt_get(srv, &ada, "/customers/AB/2026/export", T0, &T), 200);
	CHECK(has("<strong>AB/2026</strong>"));
	CHECK(has("action=\"/customers/AB%2F2026/export\""));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &ada, "/customers/AB/2026/export", T0, &T, NULL), 200);
	CHECK_STR(web_resp_get(&T.rs, "Content-Disposition"),
	          "attachment; filename=\"treue-export-AB_2026.json\"");
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/customers/AB/2026/export/more", T0, &T), 404);
	CHECK(has("There is no page at this address."));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/customers//export", T0, &T), 404);
	tr_done(&T);

	/* erase: the typed id must match */
	snprintf(path, sizeof(path), "/customers/%s/erase", id);
	CHECK_INT(wt_get(srv, &mo, path, T0, &T), 403);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, path, T0, &T), 200);
	CHECK(has("name=\"confirm\""));
	CHECK(has("Erase irreversibly"));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &mo, path, T0, &T, "confirm", id, NULL), 403);
	tr_done(&T);
	CHECK_INT(wt_post(srv, &ada, path, T0, &T, "confirm", "K0", NULL), 400);
	CHECK(has("nothing was erased"));
	tr_done(&T);
	int64_t key;
	CHECK_INT(app_customer_find(&c, id, &key, NULL, &e), 0);
	CHECK_INT(wt_post(srv, &ada, path, T0, &T, "confirm", id, NULL), 200);
	CHECK(has("is erased: it is now erased-"));
	tr_done(&T);
	err_init(&e, LANG_EN);
	CHECK(app_customer_find(&c, id, &key, NULL, &e) != 0);
	CHECK_INT(wt_get(srv, &ada, path, T0, &T), 404);
	tr_done(&T);
	store_close(st);
	web_server_close(srv);
}

TEST(web_pages2_member_refusals)
{
	struct web_server *srv = wt_server(2);
	struct wt_session mia;
	char pw[64];
	CHECK_INT(wt_login(srv, "mia", wt_pw("mia", pw, sizeof(pw)), T0, &mia), 0);
	static const char *const admin_only[] = {"/import",
	                                         "/settings",
	                                         "/users",
	                                         "/audit",
	                                         "/customers/K1/export",
	                                         "/customers/K1/erase"};
	for (size_t i = 0; i < ARRAY_SIZE(admin_only); i++) {
		if (wt_get(srv, &mia, admin_only[i], T0, &T) != 403)
			test_fail(__FILE__, __LINE__, "%s: %d for a member", admin_only[i],
			          T.rs.status);
		tr_done(&T);
	}
	/* the navigation offers a member the journal, not the admin pages */
	CHECK_INT(wt_get(srv, &mia, "/journal/promises", T0, &T), 200);
	CHECK(has("href=\"/journal\""));
	CHECK(!has("href=\"/import\""));
	CHECK(!has("href=\"/settings\""));
	CHECK(!has("href=\"/audit\""));
	tr_done(&T);
	web_server_close(srv);
}
