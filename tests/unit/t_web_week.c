/*
 * t_web_week.c — the My week page in-process: a member linked to an
 * account manager sees that person's agenda (calls with the reason and the
 * revenue at stake, promises with one-click kept / renegotiate / broken,
 * complaints with their age, follow-ups, customers nobody spoke to), every
 * value escaped, customers linked to their pages; closing a promise is a
 * POST with the CSRF token that is audited under the user and shows as
 * closed; a renegotiation needs its new date; viewers cannot close; a
 * manager sees the team and opens anyone's week, a member only their own.
 * Today is the day of T0, 2026-09-21; the journal's D 2026-09-22.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "web_test.h"

static struct tr T;

static int has(const struct tr *t, const char *s)
{
	return t->rs.body.buf && strstr(t->rs.body.buf, s) != NULL;
}

static day_t d(const char *s)
{
	day_t x = DAY_NONE;
	day_parse_iso(s, &x);
	return x;
}

/* Mia Berger's customers (one with a hostile name), Otto's, and their journal. */
static void put_data(void)
{
	struct store *st;
	struct err e;
	err_init(&e, LANG_EN);
	if (store_open(wt_db_path(), 0, &st, &e)) {
		test_fail(__FILE__, __LINE__, "store_open: %s", e.msg);
		return;
	}
	const struct rec_customer cs[] = {
	    {"K1", "Kessler GmbH", "Bau", "Süd", "Mia Berger", DAY_NONE, MONEY_NONE},
	    {"K2", "<img src=x onerror=alert(1)>", "Bau", "Süd", "Mia Berger", DAY_NONE,
	     MONEY_NONE},
	    {"K 3/ä", "O'Hara \"ねこ\" & Söhne", "Handel", "Nord", "Otto Lang", DAY_NONE,
	     MONEY_NONE},
	};
	const struct rec_order os[] = {
	    {"K1", "O1", d("2026-09-21"), 120000, MONEY_NONE},
	    {"K1", "O2", d("2025-08-01"), 30000, MONEY_NONE},
	    {"K2", "O3", d("2026-08-01"), 50000, MONEY_NONE},
	    {"K 3/ä", "O4", d("2026-07-01"), 9000, MONEY_NONE},
	};
	const struct rec_promise ps[] = {
	    {"K1", d("2026-09-01"), d("2026-09-18"), "Send the offer", NULL, PROMISE_OPEN,
	     DAY_NONE},
	    {"K2", d("2026-09-01"), d("2026-09-25"), "Visit <b>soon</b>", NULL, PROMISE_OPEN,
	     DAY_NONE},
	    {"K2", d("2026-09-01"), d("2026-09-26"), "Call back", NULL, PROMISE_OPEN, DAY_NONE},
	};
	struct rec_complaint k = {"K2",           d("2026-09-12"), "price", NULL, "too dear",
	                          COMPLAINT_OPEN, DAY_NONE,        {NULL},  NULL, NULL};
	struct rec_dialog dl = {"K1", d("2026-09-10"), NULL, NULL, "Mia", "x", NULL,
	                        NULL, d("2026-09-20")};
	int bad = store_begin(st, &e);
	for (size_t i = 0; !bad && i < ARRAY_SIZE(cs); i++)
		bad = store_put_customer(st, &cs[i], &e) < 0;
	for (size_t i = 0; !bad && i < ARRAY_SIZE(os); i++)
		bad = store_put_order(st, &os[i], NULL, NULL, &e) < 0;
	for (size_t i = 0; !bad && i < ARRAY_SIZE(ps); i++)
		bad = store_put_promise(st, &ps[i], NULL, NULL, &e) < 0;
	bad = bad || store_put_complaint(st, &k, NULL, NULL, &e) < 0 ||
	      store_put_dialog(st, &dl, NULL, NULL, &e) < 0 ||
	      store_audit(st, "test", 0, "data", 1, &e) || store_commit(st, &e);
	if (bad)
		test_fail(__FILE__, __LINE__, "data: %s", e.msg);
	store_close(st);
}

static int promise_status(int64_t id, char *status, size_t cap)
{
	struct store *st;
	struct app_ctx c;
	struct app_entry en;
	struct err e;
	err_init(&e, LANG_EN);
	if (store_open(wt_db_path(), 0, &st, &e))
		return -1;
	memset(&c, 0, sizeof(c));
	c.st = st;
	c.lang = LANG_EN;
	c.today = d("2026-09-21");
	int rc = app_entry_load(&c, JK_PROMISE, id, &en, &e);
	if (rc == 0)
		snprintf(status, cap, "%s", vocab_code(VOCAB_PROMISE_STATUS, (int)en.r.p.status));
	app_entry_release(&en);
	store_close(st);
	return rc;
}

TEST(web_week_member)
{
	struct web_server *srv = wt_server(1);
	struct wt_session mia;
	char st[32];
	put_data();
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &mia), 0);
	CHECK_INT(wt_get(srv, &mia, "/week", T0, &T), 200);
	CHECK(has(&T, "<h1>My week</h1>"));
	/* calls: K1 (unmeasured, priority 6) with its revenue at stake P0+P1 */
	CHECK(has(&T, "href=\"/customers/K1\""));
	CHECK(has(&T, "1,500.00"));
	/* the hostile name as text, everywhere */
	CHECK(!has(&T, "<img src=x"));
	CHECK(has(&T, "&lt;img src=x onerror=alert(1)&gt;"));
	CHECK(has(&T, "Visit &lt;b&gt;soon&lt;/b&gt;"));
	/* promises: one overdue (4 days at D), two due, each with the forms */
	CHECK(has(&T, "4 days late"));
	CHECK(has(&T, "action=\"/week/promise\""));
	CHECK(has(&T, "name=\"how\" value=\"kept\""));
	CHECK(has(&T, "name=\"how\" value=\"renegotiated\""));
	CHECK(has(&T, "type=\"date\" name=\"new_due\""));
	CHECK(has(&T, "name=\"csrf\""));
	/* complaint open 10 days, the follow-up reached (2 days late) */
	CHECK(has(&T, "Open complaints <span class=\"count\">1</span>"));
	CHECK(has(&T, "<td class=\"num\">10</td>"));
	CHECK(has(&T, "Follow-ups due <span class=\"count\">1</span>"));
	CHECK(has(&T, "2 days late"));
	/* not Otto's customer; no inline style or script */
	CHECK(!has(&T, "K 3"));
	CHECK(!has(&T, "style="));
	CHECK(!has(&T, "<script"));
	CHECK(!has(&T, "The team"));
	tr_done(&T);

	/* kept, with one click */
	CHECK_INT(wt_post(srv, &mia, "/week/promise", T0, &T, "id", "1", "how", "kept", NULL), 303);
	CHECK_STR(web_resp_get(&T.rs, "Location"), "/week?closed=1#promises");
	tr_done(&T);
	CHECK_INT(promise_status(1, st, sizeof(st)), 0);
	CHECK_STR(st, "kept");
	CHECK_INT(wt_get(srv, &mia, "/week?closed=1", T0, &T), 200);
	CHECK(has(&T, "Promise #1 to K1 (Send the offer): kept on 2026-09-21."));
	CHECK(!has(&T, "name=\"id\" value=\"1\""));
	tr_done(&T);
	/* closing it again: refused, said on the page */
	CHECK_INT(wt_post(srv, &mia, "/week/promise", T0, &T, "id", "1", "how", "broken", NULL),
	          409);
	CHECK(has(&T, "already closed"));
	tr_done(&T);

	/* renegotiate: needs the new date */
	CHECK_INT(wt_post(srv, &mia, "/week/promise", T0, &T, "id", "2", "how", "renegotiated",
	                  "new_due", "", NULL),
	          400);
	CHECK(has(&T, "give its new due date"));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &mia, "/week/promise", T0, &T, "id", "2", "how", "renegotiated",
	                  "new_due", "2026-10-15", NULL),
	          303);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/week?closed=2", T0, &T), 200);
	CHECK(has(&T, ": renegotiated on 2026-09-21. The new promise is #4."));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &mia, "/week/promise", T0, &T, "id", "3", "how", "broken", NULL),
	          303);
	tr_done(&T);
	CHECK_INT(promise_status(3, st, sizeof(st)), 0);
	CHECK_STR(st, "broken");

	/* bad requests */
	CHECK_INT(wt_post(srv, &mia, "/week/promise", T0, &T, "id", "x", "how", "kept", NULL), 400);
	tr_done(&T);
	CHECK_INT(wt_post(srv, &mia, "/week/promise", T0, &T, "id", "4", "how", "maybe", NULL),
	          400);
	tr_done(&T);
	/* without the CSRF token: refused by the front door */
	tr_init(&T, WM_POST, "/week/promise", T0);
	tr_cookie(&T, "__Host-treue", mia.cookie);
	tr_form(&T, "id", "4", "how", "kept", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403);
	tr_done(&T);
	/* a member opens only their own week */
	CHECK_INT(wt_get(srv, &mia, "/week?owner=Otto Lang", T0, &T), 403);
	tr_done(&T);

	/* the audit names the user */
	struct store *s2;
	struct app_ctx c;
	struct app_audit a;
	struct err e;
	err_init(&e, LANG_EN);
	CHECK_INT(store_open(wt_db_path(), 0, &s2, &e), 0);
	memset(&c, 0, sizeof(c));
	c.st = s2;
	c.lang = LANG_EN;
	CHECK_INT(app_audit_list(&c, DAY_NONE, NULL, &a, &e), 0);
	int closes = 0;
	for (size_t i = 0; i < a.n; i++)
		if (!strcmp(a.v[i].action, "close")) {
			closes++;
			CHECK_STR(a.v[i].who, "mia");
		}
	CHECK_INT(closes, 3);
	app_audit_release(&a);
	store_close(s2);
	web_server_close(srv);
}

TEST(web_week_viewer_and_manager)
{
	struct web_server *srv = wt_server(1);
	struct wt_session vic, mo;
	put_data();
	CHECK_INT(wt_login(srv, "vic", "vic horse battery staple", T0, &vic), 0);
	CHECK_INT(wt_login(srv, "mo", "mo horse battery staple", T0, &mo), 0);
	/* a viewer without a link: who they are, no forms */
	CHECK_INT(wt_get(srv, &vic, "/week", T0, &T), 200);
	CHECK(has(&T, "not linked"));
	CHECK(!has(&T, "/week/promise"));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &vic, "/week/promise", T0, &T, "id", "1", "how", "kept", NULL), 403);
	tr_done(&T);
	/* a manager: the team, one row per account manager, each a link */
	CHECK_INT(wt_get(srv, &mo, "/week", T0, &T), 200);
	CHECK(has(&T, "The team"));
	CHECK(has(&T, "href=\"/week?owner=Mia%20Berger\">Mia Berger</a>"));
	CHECK(has(&T, "href=\"/week?owner=Otto%20Lang\">Otto Lang</a>"));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mo, "/week?owner=Otto Lang", T0, &T), 200);
	CHECK(has(&T, "<h1>The week of Otto Lang</h1>"));
	CHECK(has(&T, "href=\"/customers/K%203%2F%C3%A4\""));
	CHECK(has(&T, "O&#39;Hara &quot;ねこ&quot; &amp; Söhne"));
	CHECK(has(&T, "Back to the team"));
	tr_done(&T);
	/* closing from someone's week goes back there */
	CHECK_INT(wt_post(srv, &mo, "/week/promise", T0, &T, "id", "1", "how", "kept", "owner",
	                  "Mia Berger", NULL),
	          303);
	CHECK_STR(web_resp_get(&T.rs, "Location"), "/week?closed=1&owner=Mia%20Berger#promises");
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mo, "/week?owner=Nobody", T0, &T), 200);
	CHECK(has(&T, "There are no customers or journal entries for the account manager"));
	tr_done(&T);
	/* German */
	tr_init(&T, WM_GET, "/week", T0);
	tr_cookie(&T, "__Host-treue", mo.cookie);
	tr_cookie(&T, "__Host-treue-lang", "de");
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 200);
	CHECK(has(&T, "Das Team"));
	tr_done(&T);
	web_server_close(srv);
}
