/*
 * t_model.c — the loyalty model against hand-computed fixtures at every
 * boundary of SPEC §3, plus properties that must hold for any data.
 * D = 2026-11-24, W = 365 throughout; dates are written as offsets from D.
 */
#include <math.h>
#include <stdlib.h>

#include "dataset.h"
#include "model.h"
#include "store.h"
#include "test.h"

static day_t D;
static struct store *st;
static struct err e;

static void fx_open(const char *name)
{
	char path[512];
	D = day_from_ymd(2026, 11, 24);
	snprintf(path, sizeof(path), "%s/%s.db", test_tmpdir(), name);
	remove(path);
	err_clear(&e);
	if (store_open(path, 0, &st, &e) || store_begin(st, &e))
		test_fail(__FILE__, __LINE__, "open: %s", e.msg);
}

static void order(const char *c, int off, int64_t rev)
{
	struct rec_order o = {c, NULL, D + off, rev, MONEY_NONE};
	if (store_put_order(st, &o, NULL, &e) < 0)
		test_fail(__FILE__, __LINE__, "order: %s", e.msg);
}

static void order_m(const char *c, int off, int64_t rev, int64_t margin)
{
	struct rec_order o = {c, NULL, D + off, rev, margin};
	if (store_put_order(st, &o, NULL, &e) < 0)
		test_fail(__FILE__, __LINE__, "order: %s", e.msg);
}

static void survey(const char *c, int off, int sat, int rec, int val)
{
	struct rec_survey s = {c, D + off, sat, rec, val, NULL};
	if (store_put_survey(st, &s, NULL, &e) < 0)
		test_fail(__FILE__, __LINE__, "survey: %s", e.msg);
}

static void customer(const char *c)
{
	struct rec_customer r = {c, NULL, NULL, NULL, NULL, DAY_NONE, MONEY_NONE};
	if (store_put_customer(st, &r, &e) < 0)
		test_fail(__FILE__, __LINE__, "customer: %s", e.msg);
}

static void referral(const char *from, const char *to, int off)
{
	struct rec_referral r = {from, to, D + off};
	if (store_put_referral(st, &r, NULL, &e) < 0)
		test_fail(__FILE__, __LINE__, "referral: %s", e.msg);
}

static void complaint(const char *c, int off, int open, int resolved_off)
{
	struct rec_complaint r = {0};
	r.customer_id = c;
	r.date = D + off;
	r.reason = "other";
	r.status = open ? COMPLAINT_OPEN : COMPLAINT_RESOLVED;
	r.resolved_on = open ? DAY_NONE : D + resolved_off;
	if (store_put_complaint(st, &r, NULL, &e) < 0)
		test_fail(__FILE__, __LINE__, "complaint: %s", e.msg);
}

static void promise(const char *c, int made, int due, enum promise_status s, int closed_off,
                    int has_closed)
{
	struct rec_promise p = {
	    c, D + made, D + due, "call back", NULL, s, has_closed ? D + closed_off : DAY_NONE};
	if (store_put_promise(st, &p, NULL, &e) < 0)
		test_fail(__FILE__, __LINE__, "promise: %s", e.msg);
}

static struct dataset ds;
static struct loyalty l;
static struct model_settings set;

static void fx_compute(void)
{
	if (store_commit(st, &e) || dataset_load(st, &ds, &e))
		test_fail(__FILE__, __LINE__, "load: %s", e.msg);
	model_settings_default(&set);
	model_compute(&ds, D, &set, &l);
}

static void fx_close(void)
{
	loyalty_release(&l);
	dataset_release(&ds);
	store_close(st);
	st = NULL;
}

static const struct cust_fig *fig(const char *cid)
{
	long i = dataset_find(&ds, cid);
	if (i < 0) {
		test_fail(__FILE__, __LINE__, "no customer %s", cid);
		static struct cust_fig none;
		return &none;
	}
	return &l.fig[i];
}

static int seg(const char *cid)
{
	return fig(cid)->segment;
}

TEST(model_retention_boundaries)
{
	fx_open("ret");
	order("A", -365, 100);  /* exactly D-W: current period */
	order("A", -730, 100);  /* exactly D-2W: previous period */
	order("B", -366, 100);  /* last day of P1 */
	order("B", -1, 100);    /* last day of P0 */
	order("C", -731, 100);  /* before P1 */
	order("C", -10, 100);   /* reactivated */
	order("E", -400, -500); /* a lone credit note: no buyer */
	order("F", -400, 0);    /* a zero-revenue order is a purchase */
	order("G", 0, 100);     /* on D: not before D — a prospect */
	order("H", -20, 100);   /* new */
	fx_compute();
	const struct retention_year *y = &l.years[0];
	CHECK_INT(y->previous_buyers, 3); /* A, B, F */
	CHECK_INT(y->retained, 2);        /* A, B */
	CHECK_NEAR(y->rate, 2.0 / 3.0, 1e-12);
	CHECK_INT(y->current_buyers, 4); /* A, B, C, H */
	CHECK_INT(y->new_customers, 1);  /* H */
	CHECK_INT(y->reactivated, 1);    /* C */
	/* stock view reconciles: current - new = retained + reactivated */
	CHECK_INT(y->current_buyers - y->new_customers, y->retained + y->reactivated);
	CHECK_INT(seg("E"), SEG_PROSPECT);
	CHECK_INT(seg("G"), SEG_PROSPECT);
	CHECK(seg("F") != SEG_PROSPECT);
	CHECK_INT(l.customers, 5); /* A B C F H */
	CHECK_INT(l.prospects, 2); /* E G */
	/* history: the year before D-W has buyers in its previous period (C at D-731) */
	CHECK(l.nyears >= 2);
	CHECK_INT(l.years[1].previous_buyers, 1);
	fx_close();
}

TEST(model_credit_notes_count_in_revenue_not_orders)
{
	fx_open("credit");
	order("A", -10, 10000);
	order("A", -9, -2500);
	order("A", -400, 3000);
	order("A", -401, -100);
	fx_compute();
	CHECK_INT(fig("A")->orders, 1);
	CHECK_INT(fig("A")->rev_p0, 7500);
	CHECK_INT(fig("A")->rev_p1, 2900);
	fx_close();
}

TEST(model_satisfaction_boundary_and_frequency_median)
{
	fx_open("sat");
	/* orders in P0: A 3, B 3, C 1 -> median of {1,3,3} = 3 = F */
	for (int k = 0; k < 3; k++)
		order("A", -10 - k, 100), order("B", -10 - k, 100);
	order("C", -10, 100);
	survey("A", -5, 70, SCORE_NONE, SCORE_NONE); /* exactly 7: satisfied */
	survey("B", -5, 69, SCORE_NONE, SCORE_NONE); /* 6.9: not */
	survey("C", -5, 70, SCORE_NONE, SCORE_NONE);
	fx_compute();
	CHECK_NEAR(l.frequent_min, 3, 0);
	CHECK_INT(seg("A"), SEG_LOYAL); /* 9 needed for apostle; recommend missing */
	CHECK_INT(seg("B"), SEG_HOSTAGE);
	CHECK_INT(seg("C"), SEG_OPPORTUNIST);
	fx_close();
}

TEST(model_frequency_even_median_and_floor)
{
	fx_open("freq_even");
	/* orders 1, 2, 5, 6 -> median 3.5 */
	int counts[4] = {1, 2, 5, 6};
	const char *ids[4] = {"A", "B", "C", "D"};
	for (int c = 0; c < 4; c++)
		for (int k = 0; k < counts[c]; k++)
			order(ids[c], -5 - k, 100);
	fx_compute();
	CHECK_NEAR(l.frequent_min, 3.5, 0);
	fx_close();

	fx_open("freq_floor");
	order("A", -5, 100);
	order("B", -5, 100);
	order("C", -5, 100), order("C", -6, 100);
	survey("C", -1, 80, 80, 80);
	survey("A", -1, 80, 80, 80);
	fx_compute();
	CHECK_NEAR(l.frequent_min, 2, 0); /* median 1, floor 2 */
	CHECK_INT(seg("C"), SEG_LOYAL);
	CHECK_INT(seg("A"), SEG_OPPORTUNIST);
	CHECK_INT(seg("B"), SEG_UNMEASURED);
	fx_close();
}

TEST(model_latest_survey_mean_and_staleness)
{
	fx_open("surveys");
	for (const char *c = "ABCDE"; *c; c++) {
		char id[2] = {*c, 0};
		order(id, -3, 100), order(id, -4, 100);
	}
	/* A: two surveys on the latest day: mean (95 + 85)/2 = 9.0, recommend only one has it */
	survey("A", -30, 20, 20, 20);
	survey("A", -10, 95, 90, SCORE_NONE);
	survey("A", -10, 85, SCORE_NONE, 70);
	/* B: latest exactly at D-2W: current */
	survey("B", -730, 80, 80, 80);
	/* C: one day older: stale */
	survey("C", -731, 80, 80, 80);
	/* D: survey on D itself does not count (latest is < D) */
	survey("D", 0, 10, 10, 10);
	survey("D", -100, 90, 95, 90);
	fx_compute();
	const struct cust_fig *a = fig("A");
	CHECK_INT(a->sat_n, 2);
	CHECK_NEAR(fig_sat(a), 9.0, 1e-12);
	CHECK_INT(a->rec_n, 1);
	CHECK_NEAR(fig_rec(a), 9.0, 1e-12);
	CHECK_NEAR(fig_val(a), 7.0, 1e-12);
	CHECK_INT(seg("A"), SEG_APOSTLE);
	CHECK_INT(seg("B"), SEG_LOYAL);
	CHECK_INT(seg("C"), SEG_UNMEASURED);
	CHECK_INT(seg("D"), SEG_APOSTLE);
	fx_close();
}

TEST(model_apostle_by_referral_window)
{
	fx_open("referral");
	for (const char *c = "ABC"; *c; c++) {
		char id[2] = {*c, 0};
		order(id, -3, 100), order(id, -4, 100);
		survey(id, -5, 90, SCORE_NONE, SCORE_NONE); /* recommend missing */
	}
	referral("A", "N1", -730); /* exactly D-2W: inside */
	referral("B", "N2", -731); /* one day older: outside */
	referral("C", "N3", 0);    /* on D: outside */
	fx_compute();
	CHECK_INT(seg("A"), SEG_APOSTLE);
	CHECK_INT(seg("B"), SEG_LOYAL);
	CHECK_INT(seg("C"), SEG_LOYAL);
	CHECK_INT(seg("N1"), SEG_PROSPECT);
	fx_close();
}

TEST(model_terrorist_by_open_complaint)
{
	fx_open("terror");
	for (const char *c = "ABCDE"; *c; c++) {
		char id[2] = {*c, 0};
		order(id, -3, 100);
		survey(id, -5, 30, 50, SCORE_NONE); /* satisfaction 3, recommend 5 */
	}
	order("F", -3, 100), order("F", -4, 100), order("F", -5, 100);
	complaint("A", -20, 1, 0);  /* open at D */
	complaint("B", -20, 0, -1); /* resolved the day before D: not open */
	complaint("C", -20, 0, 0);  /* resolved on D: still open at D */
	complaint("D", 0, 1, 0);    /* dated on D: not before D */
	fx_compute();
	CHECK_INT(seg("A"), SEG_TERRORIST);
	CHECK_INT(seg("B"), SEG_DEFECTOR);
	CHECK_INT(seg("C"), SEG_TERRORIST);
	CHECK_INT(seg("D"), SEG_DEFECTOR);
	CHECK_INT(seg("E"), SEG_DEFECTOR);
	fx_close();
}

TEST(model_nps_passives_and_fractional_means)
{
	fx_open("nps");
	order("P", -3, 100);
	survey("P", -5, 80, 90, SCORE_NONE); /* promoter */
	order("Q", -3, 100);
	survey("Q", -5, 80, 85, SCORE_NONE); /* 8.5: passive */
	survey("Q", -5, 80, SCORE_NONE, SCORE_NONE);
	order("R", -3, 100);
	survey("R", -5, 80, 60, SCORE_NONE); /* 6: detractor */
	order("S", -3, 100);
	survey("S", -5, 80, 65, SCORE_NONE); /* 6.5 mean of 6 and 7: passive */
	survey("S", -5, 80, 70, SCORE_NONE);
	order("T", -3, 100);
	survey("T", -400, 80, 100, SCORE_NONE); /* latest survey not in P0: not counted */
	order("U", -3, 100);
	survey("U", -5, 80, SCORE_NONE, SCORE_NONE); /* no recommend: not counted */
	fx_compute();
	CHECK_INT(l.nps.promoters, 1);
	CHECK_INT(l.nps.passives, 2);
	CHECK_INT(l.nps.detractors, 1);
	CHECK_NEAR(l.nps.score, 0.0, 1e-12);
	fx_close();
}

TEST(model_action_order_and_ties)
{
	fx_open("actions");
	/* defectors and terrorists: terrorists first, each by revenue P0+P1 */
	order("d1", -10, 500);
	survey("d1", -5, 40, 40, 40);
	order("d2", -400, 900); /* revenue in P1 counts for priority 1 */
	order("d2", -10, 100);
	survey("d2", -5, 40, 40, 40);
	order("t1", -10, 10);
	survey("t1", -5, 20, 20, 20);
	/* two opportunists with equal revenue: byte order of customer_id ("B" < "a") */
	order("a", -10, 300);
	survey("a", -5, 80, 80, 80);
	order("B", -10, 300);
	survey("B", -5, 80, 80, 80);
	/* loyal by satisfaction then revenue */
	for (int k = 0; k < 4; k++) {
		order("L1", -10 - k, 100);
		order("L2", -10 - k, 1000);
		order("L3", -10 - k, 50);
	}
	survey("L1", -5, 85, 80, 80);
	survey("L2", -5, 80, 80, 80);
	survey("L3", -5, 85, 80, 80);
	customer("prospect");
	fx_compute();
	const char *expect[] = {"t1", "d2", "d1", "L1", "L3", "L2", "B", "a"};
	CHECK_INT(l.nactions, ARRAY_SIZE(expect));
	for (size_t r = 0; r < l.nactions && r < ARRAY_SIZE(expect); r++)
		CHECK_STR(ds_cid(&ds, l.actions[r].cust), expect[r]);
	fx_close();
}

TEST(model_trust_promises)
{
	fx_open("trust");
	order("A", -3, 100);
	promise("A", -100, -50, PROMISE_KEPT, -50, 1);         /* kept on the due day: honoured */
	promise("A", -100, -50, PROMISE_KEPT, 0, 0);           /* kept, no date: on time */
	promise("A", -100, -50, PROMISE_RENEGOTIATED, -51, 1); /* before due: honoured */
	promise("A", -100, -50, PROMISE_RENEGOTIATED, -50, 1); /* on the due day: late */
	promise("A", -100, -50, PROMISE_KEPT, -49, 1);         /* kept late */
	promise("A", -100, -50, PROMISE_BROKEN, -40, 1);       /* broken */
	promise("A", -100, -1, PROMISE_OPEN, 0, 0);            /* open past due */
	promise("A", -100, -20, PROMISE_KEPT, 5, 1);           /* kept after D: open at D */
	promise("A", -100, 0, PROMISE_OPEN, 0, 0);             /* due on D: not yet due */
	promise("A", -900, -800, PROMISE_BROKEN, -800, 1);     /* due before D-2W: outside */
	order("B", -3, 100);
	fx_compute();
	struct trust t;
	model_trust(&ds, (size_t)dataset_find(&ds, "A"), D, &set, &t);
	CHECK_INT(t.due, 8);
	CHECK_INT(t.honoured, 3);
	CHECK_INT(t.broken, 1);
	CHECK_INT(t.late, 1);
	CHECK_INT(t.renegotiated_late, 1);
	CHECK_INT(t.overdue_open, 2);
	CHECK_NEAR(t.value, 3.0 / 8.0, 1e-12);
	model_trust(&ds, (size_t)dataset_find(&ds, "B"), D, &set, &t);
	CHECK_INT(t.due, 0);
	CHECK(isnan(t.value));
	/* bond: mean of the available components only */
	struct cust_fig f = {0};
	struct bond b;
	f.measured = 1, f.sat_n = 1, f.sat_sum = 80;
	struct trust tt = {.due = 2, .honoured = 1, .value = 0.5};
	model_bond(&f, &tt, &b);
	CHECK_INT(b.n, 2);
	CHECK_NEAR(b.bond, 65.0, 1e-12);
	fx_close();
}

TEST(model_tenure_years_wholly_before_D)
{
	fx_open("tenure");
	/* A: first order at D-730: years 1 and 2 complete (year 2 ends exactly on D) */
	order_m("A", -730, 1000, 300);
	order_m("A", -366, 1000, 200); /* year 1 */
	order("A", -365, 500);         /* year 2, no margin: revenue counts */
	order_m("A", -1, -100, -100);  /* year 2 credit note */
	/* B: first order at D-729: year 2 ends after D, only year 1 */
	order_m("B", -729, 2000, 600);
	/* C: first at D-400, nothing after year 1: year 1 only */
	order_m("C", -400, 100, 50);
	fx_compute();
	struct tenure_curve t;
	model_tenure(&ds, D, 365, &t);
	CHECK_INT(t.n, 2);
	CHECK_INT(t.years[0].customers, 3);
	CHECK_INT(t.years[0].margin_sum, 300 + 200 + 600 + 50);
	CHECK_NEAR(t.years[0].mean_all, 1150.0 / 3.0, 1e-9);
	CHECK_INT(t.years[1].customers, 1);
	CHECK_INT(t.years[1].active, 1);
	CHECK_INT(t.years[1].margin_sum, 400);
	/* CLV: m1 = 1150/3, m2 = 400, carried forward; r = 0.5, d = 0, H = 3, AC = 0 */
	double clv = model_clv(&t, 0.5, 0.0, 3, 0);
	CHECK_NEAR(clv, 1150.0 / 3.0 + 400 * 0.5 + 400 * 0.25, 1e-9);
	CHECK_NEAR(model_clv(&t, 1.0, 0.1, 2, 100), 1150.0 / 3.0 + 400 / 1.1 - 100, 1e-9);
	tenure_release(&t);
	fx_close();
}

TEST(model_properties_one_segment_each_and_action_list_once)
{
	struct rng r;
	fx_open("props");
	rng_seed(&r, 7);
	for (int c = 0; c < 400; c++) {
		char id[16];
		snprintf(id, sizeof(id), "C%03d", c);
		int n = (int)(rng_uniform(&r) * 8);
		if (n == 0)
			customer(id);
		for (int k = 0; k < n; k++)
			order(id, -(int)(rng_uniform(&r) * 1500) + 30,
			      (int64_t)(rng_uniform(&r) * 2000) - 200);
		if (rng_uniform(&r) < 0.7)
			survey(id, -(int)(rng_uniform(&r) * 900), (int)(rng_uniform(&r) * 101),
			       (int)(rng_uniform(&r) * 101), SCORE_NONE);
		if (rng_uniform(&r) < 0.1)
			complaint(id, -(int)(rng_uniform(&r) * 100), rng_uniform(&r) < 0.5, -3);
	}
	fx_compute();
	int64_t total = 0;
	for (int s = 0; s < SEG__COUNT; s++)
		total += l.seg_count[s];
	CHECK_INT(total, (int64_t)ds.ncust);
	char *seen = calloc(ds.ncust, 1);
	size_t segmented = 0;
	for (size_t i = 0; i < ds.ncust; i++) {
		int has_purchase = 0;
		for (uint64_t k = ds.ord_off[i]; k < ds.ord_off[i + 1]; k++)
			has_purchase |= ds.ord_date[k] < D && ds.ord_rev[k] >= 0;
		CHECK_INT(l.fig[i].segment != SEG_PROSPECT, has_purchase);
		segmented += has_purchase;
	}
	for (size_t a = 0; a < l.nactions; a++) {
		size_t i = l.actions[a].cust;
		CHECK(!seen[i]);
		seen[i] = 1;
		CHECK(l.fig[i].segment != SEG_PROSPECT);
		if (a > 0)
			CHECK(l.actions[a - 1].priority <= l.actions[a].priority);
	}
	CHECK_INT(l.nactions, segmented);
	free(seen);
	/* the retention history from the figures' year masks equals a separate
	 * pass over the orders */
	struct retention_year h[8];
	int nh = model_retention_history(&ds, D, 365, h, 8);
	CHECK_INT(nh, l.nyears);
	for (int k = 0; k < nh && k < l.nyears; k++) {
		CHECK_INT(h[k].previous_buyers, l.years[k].previous_buyers);
		CHECK_INT(h[k].retained, l.years[k].retained);
		CHECK_INT(h[k].new_customers, l.years[k].new_customers);
		CHECK_INT(h[k].reactivated, l.years[k].reactivated);
		CHECK_INT(h[k].current_buyers, l.years[k].current_buyers);
	}
	fx_close();
}

TEST(model_settings_parse)
{
	struct model_settings s;
	struct err er = {0};
	err_clear(&er);
	model_settings_default(&s);
	CHECK_INT(s.window, 365);
	CHECK_INT(s.satisfied_min, 70);
	CHECK_INT(s.stale_days, 730);
	CHECK(model_settings_apply(&s, "satisfied_min", "7.5", &er) == 0 && s.satisfied_min == 75);
	CHECK(model_settings_apply(&s, "frequent_min", "3.5", &er) == 0 && s.frequent_min_x2 == 7);
	CHECK(model_settings_apply(&s, "frequent_min", "auto", &er) == 0 && s.frequent_min_x2 == 0);
	CHECK(model_settings_apply(&s, "satisfied_min", "7.55", &er) < 0);
	CHECK(model_settings_apply(&s, "window", "0", &er) < 0);
	CHECK(model_settings_apply(&s, "nonsense", "1", &er) < 0);
}
