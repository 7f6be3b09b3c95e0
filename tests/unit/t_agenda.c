/* t_agenda.c — the account manager's week (app_agenda) and the filters of
 * every list (app_select, app_name_starts) on a small hand-made store, with
 * hand-computed expectations: D = 2026-11-25 (the latest order is from
 * today, 2026-11-24), so the action list's D and the journal's agree. */
#include <string.h>

#include "app.h"
#include "report.h"
#include "test.h"

#define D(s) day_of(s)
static day_t day_of(const char *s)
{
	day_t d = DAY_NONE;
	day_parse_iso(s, &d);
	return d;
}

TEST(filter_name_starts)
{
	CHECK(app_name_starts("Jörg Ärger", "jö"));
	CHECK(app_name_starts("Jörg Ärger", "JOERG AE"));
	CHECK(app_name_starts("Jörg Ärger", "jÖrg ä"));
	CHECK(app_name_starts("Müller, Jana", "mue"));
	CHECK(app_name_starts("Müller, Jana", "MÜLLER J"));
	CHECK(app_name_starts("Émile Zola", "émi"));
	CHECK(app_name_starts("émile zola", "ÉMILE"));
	CHECK(app_name_starts("Straße Süd", "strasse"));
	CHECK(!app_name_starts("Anna", "Annabell"));
	CHECK(!app_name_starts("Ben", "Anna"));
	CHECK(!app_name_starts(NULL, "a"));
}

struct fixture {
	struct store *st;
	struct app_ctx c;
	struct err e;
};

static int put(struct fixture *x)
{
	struct store *st = x->st;
	struct err *e = &x->e;
	static const struct rec_customer cs[] = {
	    {"K1", "Kessler", "Bau", "Süd", "Anna Berg", DAY_NONE, MONEY_NONE},
	    {"K2", "Lang", "Bau", "Süd", "Anna Berg", DAY_NONE, MONEY_NONE},
	    {"K3", "Moser", "Handel", "Nord", "Anna Berg", DAY_NONE, MONEY_NONE},
	    {"K4", "Nagel", "Handel", "Nord", "Bodo Ernst", DAY_NONE, MONEY_NONE},
	    {"K5", "Ohne", "Handel", "Nord", NULL, DAY_NONE, MONEY_NONE},
	};
	if (store_begin(st, e))
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(cs); i++)
		if (store_put_customer(st, &cs[i], e) < 0)
			return -1;
	/* revenue: K1 100 + 40 in P1, K2 300, K3 200, K4 50, K5 10; all unmeasured
	 * (priority 6, by revenue in P0): K2, K3, K1 for Anna */
	const struct rec_order os[] = {
	    {"K1", "O1", D("2026-11-24"), 10000, MONEY_NONE},
	    {"K1", "O2", D("2025-06-01"), 4000, MONEY_NONE},
	    {"K2", "O3", D("2026-10-01"), 30000, MONEY_NONE},
	    {"K3", "O4", D("2026-09-01"), 20000, MONEY_NONE},
	    {"K4", "O5", D("2026-08-01"), 5000, MONEY_NONE},
	    {"K5", "O6", D("2026-07-01"), 1000, MONEY_NONE},
	};
	for (size_t i = 0; i < ARRAY_SIZE(os); i++)
		if (store_put_order(st, &os[i], NULL, NULL, e) < 0)
			return -1;
	/* promises: #1 K1 overdue (due D - 3), #2 K2 due in 5 days (from today),
	 * #3 K3 due in 9 days (outside 7), #4 held by Cora for K4, kept on time */
	const struct rec_promise ps[] = {
	    {"K1", D("2026-11-01"), D("2026-11-22"), "offer", NULL, PROMISE_OPEN, DAY_NONE},
	    {"K2", D("2026-11-01"), D("2026-11-29"), "visit", NULL, PROMISE_OPEN, DAY_NONE},
	    {"K3", D("2026-11-01"), D("2026-12-03"), "call", NULL, PROMISE_OPEN, DAY_NONE},
	    {"K4", D("2026-10-01"), D("2026-10-10"), "parts", "Cora", PROMISE_KEPT,
	     D("2026-10-09")},
	    {"K4", D("2026-11-20"), D("2026-11-23"), "repair", "Cora", PROMISE_OPEN, DAY_NONE},
	};
	for (size_t i = 0; i < ARRAY_SIZE(ps); i++)
		if (store_put_promise(st, &ps[i], NULL, NULL, e) < 0)
			return -1;
	/* complaints: K2 open since 2026-11-15 (10 days at D); K3 resolved */
	struct rec_complaint k1 = {"K2",           D("2026-11-15"), "price", NULL, NULL,
	                           COMPLAINT_OPEN, DAY_NONE,        {NULL},  NULL, NULL};
	struct rec_complaint k2 = {"K3",
	                           D("2026-11-01"),
	                           "price",
	                           NULL,
	                           NULL,
	                           COMPLAINT_RESOLVED,
	                           D("2026-11-10"),
	                           {NULL},
	                           "x",
	                           NULL};
	/* dialogues: K1 talked to on 2026-11-20 with a follow-up 2026-11-23
	 * (2 days late at D); K3 in 2026-03 (more than 180 days: quiet) */
	struct rec_dialog d1 = {"K1", D("2026-11-20"), NULL, NULL, "Anna", "x", NULL,
	                        NULL, D("2026-11-23")};
	struct rec_dialog d2 = {"K3", D("2026-03-01"), NULL, NULL, "Anna", "y", NULL,
	                        NULL, DAY_NONE};
	if (store_put_complaint(st, &k1, NULL, NULL, e) < 0 ||
	    store_put_complaint(st, &k2, NULL, NULL, e) < 0 ||
	    store_put_dialog(st, &d1, NULL, NULL, e) < 0 ||
	    store_put_dialog(st, &d2, NULL, NULL, e) < 0 ||
	    store_audit(st, "test", 0, "fixture", 1, e))
		return -1;
	return store_commit(st, e);
}

static int setup(struct fixture *x, const char *name)
{
	char path[512];
	memset(x, 0, sizeof(*x));
	err_init(&x->e, LANG_EN);
	snprintf(path, sizeof(path), "%s/%s.db", test_tmpdir(), name);
	remove(path);
	if (store_open(path, 0, &x->st, &x->e) || put(x)) {
		test_fail(__FILE__, __LINE__, "fixture: %s", x->e.msg);
		return -1;
	}
	x->c.st = x->st;
	x->c.lang = LANG_EN;
	x->c.as_of = DAY_NONE;
	x->c.today = D("2026-11-24");
	return 0;
}

static const struct app_agenda_section *section(const struct app_agenda *r, const char *owner)
{
	for (size_t k = 0; k < r->nsections; k++)
		if (!strcmp(r->sections[k].owner, owner))
			return &r->sections[k];
	return NULL;
}

TEST(agenda_sections_and_numbers)
{
	struct fixture x;
	struct app_analysis a;
	struct app_agenda r;
	struct app_agenda_in in = {7, 2, 0, NULL};
	if (setup(&x, "agenda"))
		return;
	CHECK_INT(app_analysis_load(&x.c, &a, &x.e), 0);
	CHECK_INT(a.as_of, D("2026-11-25"));
	CHECK_INT(app_agenda(&x.c, &a, NULL, &in, &r, &x.e), 0);
	CHECK_INT(r.to, D("2026-11-25"));
	CHECK_INT(r.until, D("2026-12-01"));
	CHECK_INT(r.month_from, D("2026-11-01"));
	/* Anna and Bodo are account managers; Cora holds promises; K5 has nobody */
	CHECK_INT(r.nsections, 4);
	if (r.nsections == 4) {
		CHECK_STR(r.sections[0].owner, "Anna Berg");
		CHECK_STR(r.sections[1].owner, "Bodo Ernst");
		CHECK_STR(r.sections[2].owner, "Cora");
		CHECK_INT(r.sections[2].account_manager, 0);
		CHECK_STR(r.sections[3].owner, "");
	}
	const struct app_agenda_section *s = section(&r, "Anna Berg");
	CHECK(s != NULL);
	if (s) {
		CHECK_INT(s->priority_total[6], 3);
		CHECK_INT(s->ncalls, 2); /* per_priority 2 */
		if (s->ncalls == 2) {
			CHECK_STR(s->calls[0].customer_id, "K2");
			CHECK_STR(s->calls[1].customer_id, "K3");
			CHECK_INT(s->calls[0].at_stake, 30000);
		}
		CHECK_INT(s->customers, 3);
		CHECK_INT(s->npromises, 2);
		if (s->npromises == 2) {
			CHECK_INT(s->promises[0].overdue, 1);
			CHECK_STR(s->promises[0].customer_id, "K1");
			CHECK_INT(s->promises[0].days, 3); /* due 2026-11-22, D 2026-11-25 */
			CHECK_INT(s->promises[1].overdue, 0);
			CHECK_INT(s->promises[1].days, 5); /* due 2026-11-29, today 2026-11-24 */
		}
		CHECK_INT(s->ncomplaints, 1);
		if (s->ncomplaints == 1)
			CHECK_INT(s->complaints[0].age, 10);
		CHECK_INT(s->nfollow_ups, 1);
		if (s->nfollow_ups == 1) {
			CHECK_STR(s->follow_ups[0].customer_id, "K1");
			CHECK_INT(s->follow_ups[0].late, 1);
			CHECK_INT(s->follow_ups[0].days, 2);
			CHECK_INT(s->follow_ups[0].dialog, D("2026-11-20"));
		}
		/* quiet: K2 (never) and K3 (2026-03-01, 269 days), most revenue first */
		CHECK_INT(s->quiet_total, 2);
		if (s->nquiet == 2) {
			CHECK_STR(s->quiet[0].customer_id, "K2");
			CHECK_INT(s->quiet[0].days_since, -1);
			CHECK_STR(s->quiet[1].customer_id, "K3");
			CHECK_INT(s->quiet[1].days_since, 269);
		}
		CHECK_INT(s->dialogs_month, 1);
	}
	s = section(&r, "Cora");
	if (s) {
		CHECK_INT(s->npromises, 1); /* the repair, 2 days late */
		CHECK_INT(s->promises_due, 2);
		CHECK_INT(s->promises_honoured, 1);
	}
	s = section(&r, "");
	if (s)
		CHECK_INT(s->priority_total[6], 1);
	/* the same agenda from loyalty results the caller keeps (the web's
	 * shared view, scored for margins and with the tenure curve) */
	{
		struct app_loyalty kept;
		struct app_agenda r2;
		struct strbuf j1 = STRBUF_INIT, j2 = STRBUF_INIT;
		CHECK_INT(app_loyalty(&x.c, &a, 2, 1, &kept, &x.e), 0);
		struct app_agenda_in in2 = in;
		in2.loyalty = &kept;
		CHECK_INT(app_agenda(&x.c, &a, NULL, &in2, &r2, &x.e), 0);
		report_agenda_json(&r, &j1);
		report_agenda_json(&r2, &j2);
		CHECK(j1.len > 100);
		CHECK_STR(j2.buf, j1.buf);
		app_agenda_release(&r2);
		app_loyalty_release(&kept);
		sb_release(&j1);
		sb_release(&j2);
	}
	app_agenda_release(&r);

	/* --owner: a start of the name, lower case; a holder who is no account manager */
	struct app_filter f = {"anna", NULL, NULL, NULL};
	CHECK_INT(app_agenda(&x.c, &a, &f, &in, &r, &x.e), 0);
	CHECK_INT(r.nsections, 1);
	app_agenda_release(&r);
	f.owner = "cora";
	CHECK_INT(app_agenda(&x.c, &a, &f, &in, &r, &x.e), 0);
	CHECK_INT(r.nsections, 1);
	if (r.nsections == 1)
		CHECK_INT(r.sections[0].npromises, 1);
	app_agenda_release(&r);
	f.owner = "Zora";
	CHECK_INT(app_agenda(&x.c, &a, &f, &in, &r, &x.e), APP_ERR);
	CHECK(strstr(x.e.msg, "known: Anna Berg, Bodo Ernst, Cora") != NULL);
	/* --region narrows the customers: Anna's in the south */
	f.owner = "anna";
	f.region = "sü";
	CHECK_INT(app_agenda(&x.c, &a, &f, &in, &r, &x.e), 0);
	if (r.nsections == 1) {
		CHECK_INT(r.sections[0].priority_total[6], 2);
		CHECK_INT(r.sections[0].customers, 2);
	}
	app_agenda_release(&r);
	app_analysis_release(&a);
	store_close(x.st);
}

TEST(filter_select)
{
	struct fixture x;
	struct app_analysis a;
	struct app_loyalty l;
	struct app_selection s;
	if (setup(&x, "select"))
		return;
	CHECK_INT(app_analysis_load(&x.c, &a, &x.e), 0);
	CHECK_INT(app_loyalty(&x.c, &a, -1, 0, &l, &x.e), 0);
	struct app_filter f = {NULL, NULL, "handel", "unmeasured"};
	CHECK_INT(app_select(&x.c, &a.ds, &l.l, &f, 0, NULL, 0, &s, &x.e), 0);
	CHECK_INT(s.nkept, 3); /* K3, K4, K5 */
	app_selection_release(&s);
	f.segment = "Apostel";
	CHECK_INT(app_select(&x.c, &a.ds, &l.l, &f, 0, NULL, 0, &s, &x.e), APP_ERR);
	CHECK(strstr(x.e.msg, "no customer is apostles") != NULL);
	f.segment = "wizard";
	CHECK_INT(app_select(&x.c, &a.ds, &l.l, &f, 0, NULL, 0, &s, &x.e), APP_BAD_REQUEST);
	f = (struct app_filter){"bodo", "süd", NULL, NULL};
	CHECK_INT(app_select(&x.c, &a.ds, &l.l, &f, 0, NULL, 0, &s, &x.e), APP_ERR);
	CHECK(strstr(x.e.msg, "no customer matches account manager \"bodo\", region \"süd\"") !=
	      NULL);
	f = (struct app_filter){"-", NULL, NULL, NULL};
	CHECK_INT(app_select(&x.c, &a.ds, &l.l, &f, 0, NULL, 0, &s, &x.e), APP_BAD_REQUEST);
	/* an owner who only holds promises is known when named as extra */
	const char *extra[] = {"Cora"};
	f = (struct app_filter){"cor", NULL, NULL, NULL};
	CHECK_INT(app_select(&x.c, &a.ds, &l.l, &f, APP_SEL_NO_OWNER, extra, 1, &s, &x.e), 0);
	CHECK(app_selection_owner(&s, "Cora"));
	CHECK(!app_selection_owner(&s, "Anna Berg"));
	app_selection_release(&s);
	app_loyalty_release(&l);
	app_analysis_release(&a);
	store_close(x.st);
}

TEST(dataset_follow_up_at)
{
	struct fixture x;
	struct app_analysis a;
	if (setup(&x, "follow_up"))
		return;
	CHECK_INT(app_analysis_load(&x.c, &a, &x.e), 0);
	long k1 = dataset_find(&a.ds, "K1");
	CHECK(k1 >= 0);
	if (k1 >= 0) {
		/* the dialogue of 2026-11-20 counts from D = 2026-11-21 on */
		CHECK_INT(ds_follow_up_at(&a.ds, (size_t)k1, D("2026-11-20")), DAY_NONE);
		CHECK_INT(ds_follow_up_at(&a.ds, (size_t)k1, D("2026-11-21")), D("2026-11-23"));
		CHECK_INT(ds_follow_up_at(&a.ds, (size_t)k1, D("2027-01-01")), D("2026-11-23"));
	}
	app_analysis_release(&a);
	/* a dialogue on the same day settles nothing; one on a later day does */
	struct rec_dialog same = {"K1", D("2026-11-20"), NULL, NULL, NULL, "again", NULL,
	                          NULL, DAY_NONE};
	struct rec_dialog later = {"K1", D("2026-11-22"), NULL, NULL, NULL, "done", NULL,
	                           NULL, DAY_NONE};
	CHECK_INT(store_begin(x.st, &x.e), 0);
	CHECK_INT(store_put_dialog(x.st, &same, NULL, NULL, &x.e), 1);
	CHECK_INT(store_audit(x.st, "test", 0, "same day", 1, &x.e), 0);
	CHECK_INT(store_commit(x.st, &x.e), 0);
	CHECK_INT(app_analysis_load(&x.c, &a, &x.e), 0);
	if (k1 >= 0)
		CHECK_INT(ds_follow_up_at(&a.ds, (size_t)k1, D("2026-11-25")), D("2026-11-23"));
	app_analysis_release(&a);
	CHECK_INT(store_begin(x.st, &x.e), 0);
	CHECK_INT(store_put_dialog(x.st, &later, NULL, NULL, &x.e), 1);
	CHECK_INT(store_audit(x.st, "test", 0, "later", 1, &x.e), 0);
	CHECK_INT(store_commit(x.st, &x.e), 0);
	CHECK_INT(app_analysis_load(&x.c, &a, &x.e), 0);
	if (k1 >= 0) {
		CHECK_INT(ds_follow_up_at(&a.ds, (size_t)k1, D("2026-11-25")), DAY_NONE);
		CHECK_INT(ds_follow_up_at(&a.ds, (size_t)k1, D("2026-11-22")), D("2026-11-23"));
	}
	app_analysis_release(&a);
	store_close(x.st);
}
