/*
 * t_model.c — the loyalty model against hand-computed fixtures at every
 * boundary of SPEC §3, plus properties that must hold for any data.
 * D = 2026-11-24, W = 365 throughout; dates are written as offsets from D.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "model.h"
#include "report.h"
#include "store.h"
#include "test.h"

static day_t D;
static struct store *st;
static struct err e;

static void fx_open(const char *name)
{
	char path[512];
	D = day_from_ymd(2026, 11, 24);
	test_db(name, path, sizeof(path));
	err_clear(&e);
	if (store_open(path, 0, &st, &e) || store_begin(st, &e))
		test_fail(__FILE__, __LINE__, "open: %s", e.msg);
}

static void order(const char *c, int off, int64_t rev)
{
	struct rec_order o = {c, NULL, D + off, rev, MONEY_NONE};
	if (store_put_order(st, &o, NULL, NULL, &e) < 0)
		test_fail(__FILE__, __LINE__, "order: %s", e.msg);
}

static void order_m(const char *c, int off, int64_t rev, int64_t margin)
{
	struct rec_order o = {c, NULL, D + off, rev, margin};
	if (store_put_order(st, &o, NULL, NULL, &e) < 0)
		test_fail(__FILE__, __LINE__, "order: %s", e.msg);
}

static void survey(const char *c, int off, int sat, int rec, int val)
{
	struct rec_survey s = {c, D + off, sat, rec, val, NULL};
	if (store_put_survey(st, &s, NULL, NULL, &e) < 0)
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
	if (store_put_referral(st, &r, NULL, NULL, &e) < 0)
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
	if (store_put_complaint(st, &r, NULL, NULL, &e) < 0)
		test_fail(__FILE__, __LINE__, "complaint: %s", e.msg);
}

static void promise(const char *c, int made, int due, enum promise_status s, int closed_off,
                    int has_closed)
{
	struct rec_promise p = {
	    c, D + made, D + due, "call back", NULL, s, has_closed ? D + closed_off : DAY_NONE};
	if (store_put_promise(st, &p, NULL, NULL, &e) < 0)
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
	model_compute(&ds, D, &set, NULL, &l);
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

/*
 * The reference the model's retention history is checked against: the
 * retention for D and the years before it in a pass of its own: each customer's
 * purchases before D set bit j of a mask for the period [D-(j+1)W, D-jW)
 * (bit 63 gathers everything older), found by walking the date-sorted run
 * backwards past the period boundaries (no division).  For the year ending
 * at D_k = D - kW, bit k is "bought in P0", bit k+1 "bought in P1", higher
 * bits "bought before P1", and the highest bit set being k means "new in
 * P0".  Two threads each count half of the customers.
 */
struct ret_job {
	const struct dataset *ds;
	day_t D;
	int W, n;
	struct retention_year part[2][62];
};

static void ret_part(void *arg, size_t lo, size_t hi, int part)
{
	struct ret_job *j = arg;
	const struct dataset *src = j->ds;
	struct retention_year *y = j->part[part];
	const day_t D0 = j->D, W = j->W;
	for (size_t i = lo; i < hi; i++) {
		uint64_t a = src->ord_start[i], z = src->ord_end[i], mask = 0;
		while (z > a && src->ord_date[z - 1] >= D0)
			z--;
		int jy = 0;
		day_t lower = D0 - W;
		for (uint64_t k = z; k-- > a;) {
			day_t d = src->ord_date[k];
			while (d < lower && jy < 63)
				jy++, lower -= W;
			if (src->ord_rev[k] >= 0)
				mask |= 1ULL << jy;
		}
		if (!mask)
			continue;
		retention_count_mask(y, j->n, mask);
	}
}

static int retention_history(const struct dataset *d, day_t D0, int W, struct retention_year *y,
                             int n)
{
	struct ret_job *j = xcalloc(1, sizeof(*j));
	if (n > 62)
		n = 62;
	j->ds = d, j->D = D0, j->W = W, j->n = n;
	parallel_for(d->ncust, 50000, ret_part, j);
	memcpy(y, j->part[0], sizeof(*y) * (size_t)n);
	int with_data = retention_merge(y, j->part[1], n, D0, W);
	free(j);
	return with_data;
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

static void customer_acq(const char *c, int acq_off)
{
	struct rec_customer r = {c, NULL, NULL, NULL, NULL, D + acq_off, MONEY_NONE};
	if (store_put_customer(st, &r, &e) < 0)
		test_fail(__FILE__, __LINE__, "customer: %s", e.msg);
}

static void departure(const char *c, int off)
{
	struct rec_departure r = {c, D + off, "price", NULL};
	if (store_put_departure(st, &r, NULL, NULL, &e) < 0)
		test_fail(__FILE__, __LINE__, "departure: %s", e.msg);
}

static void order_id(const char *c, const char *id, int off, int64_t rev)
{
	struct rec_order o = {c, id, D + off, rev, MONEY_NONE};
	if (store_put_order(st, &o, NULL, NULL, &e) < 0)
		test_fail(__FILE__, __LINE__, "order: %s", e.msg);
}

/*
 * Tenure with B = D - 1500 (H0's order) and W = 365:
 *   acq_before: acquired on B - 400 = D - 1900, so year k = [D-1900+(k-1)W, ...):
 *               years 1-2 start before B, year 6 ends after D: years 3, 4, 5 count;
 *               D-1000 (margin 400) is in year 3 [D-1170, D-805), D-300 (revenue
 *               500, no margin) in year 5 [D-440, D-75), year 4 has nothing;
 *   at_BW:      no acquired_on, first order on B+W = D-1135: counted, years 1-3;
 *               margin 800 in year 1, 100 at D-500 in year 2 [D-770, D-405), a
 *               credit note (margin -50) at D-100 in year 3 [D-405, D-40);
 *   at_BW_1:    no acquired_on, first order on B+W-1: left-censored;
 *   H0:         first order on B itself: left-censored;
 *   acq_hist:   acquired on B+10 (inside the history) with its first order in the
 *               first year of the history: not censored; year 1 margin 70, years
 *               2-4 empty, D-10 falls in year 5, which ends after D.
 */
TEST(model_tenure_acquired_on_and_left_censoring)
{
	fx_open("tenure");
	order_m("H0", -1500, 5000, 5000);
	customer_acq("acq_before", -1900);
	order_m("acq_before", -1000, 1000, 400);
	order("acq_before", -300, 500);
	order_m("at_BW", -1135, 2000, 800);
	order_m("at_BW", -500, 300, 100);
	order_m("at_BW", -100, -200, -50);
	order_m("at_BW_1", -1136, 9999, 9999);
	customer_acq("acq_hist", -1490);
	order_m("acq_hist", -1490, 700, 70);
	order_m("acq_hist", -10, 100, 100);
	customer("prospect");
	fx_compute();
	struct tenure_curve t;
	set.tenure_min = 1;
	model_tenure(&ds, D, &set, &t);
	CHECK_INT(t.history_start, D - 1500);
	CHECK_INT(t.left_censored, 2);
	CHECK_INT(t.n, 5);
	int64_t cust[5] = {2, 2, 3, 2, 1}, act[5] = {2, 1, 1, 0, 1};
	int64_t msum[5] = {870, 100, 350, 0, 500}, mact[5] = {870, 100, 400, 0, 500};
	for (int k = 0; k < 5 && k < t.n; k++) {
		CHECK_INT(t.years[k].k, k + 1);
		CHECK_INT(t.years[k].customers, cust[k]);
		CHECK_INT(t.years[k].active, act[k]);
		CHECK_INT(t.years[k].margin_sum, msum[k]);
		CHECK_INT(t.years[k].margin_active, mact[k]);
		CHECK_INT(t.years[k].thin, act[k] < 1);
	}
	CHECK_NEAR(t.years[0].mean_all, 435.0, 1e-9);
	CHECK_NEAR(t.years[1].mean_all, 50.0, 1e-9);
	CHECK_NEAR(t.years[1].mean_active, 100.0, 1e-9);
	CHECK_NEAR(t.years[2].mean_all, 350.0 / 3.0, 1e-9);
	CHECK_NEAR(t.years[2].mean_active, 400.0, 1e-9);
	CHECK(isnan(t.years[3].mean_active));
	CHECK_INT(t.last_solid, 5);
	/* m = 435, 100, 400, 400 (year 4 has no active customer), 500, 500 (carried) */
	CHECK_NEAR(model_clv(&t, 0.5, 0.0, 6, 0),
	           435 + 100 * 0.5 + 400 * 0.25 + 400 * 0.125 + 500 * 0.0625 + 500 * 0.03125, 1e-9);
	CHECK_NEAR(model_clv(&t, 1.0, 0.1, 2, 100), 435 + 100 / 1.1 - 100, 1e-9);
	tenure_release(&t);
	/* tenure_min 2: only year 1 is not thin; its value is carried forward */
	set.tenure_min = 2;
	model_tenure(&ds, D, &set, &t);
	CHECK_INT(t.last_solid, 1);
	CHECK_INT(t.years[1].thin, 1);
	CHECK_NEAR(model_clv(&t, 0.5, 0.0, 3, 0), 435 * 1.75, 1e-9);
	tenure_release(&t);
	/* the default 30: every year is thin, no value at retention r */
	set.tenure_min = 30;
	model_tenure(&ds, D, &set, &t);
	CHECK_INT(t.last_solid, 0);
	CHECK(isnan(model_clv(&t, 0.5, 0.1, 10, 0)));
	struct whatif w;
	model_whatif(&ds, &l, &t, 5, &w);
	CHECK(isnan(w.clv));
	CHECK_INT(w.customers, l.customers);
	tenure_release(&t);
	fx_close();
}

/* Who counts at D: departure on the day of the last purchase and the day
 * before, last purchase exactly on D - A and on D - A - 1 (A = 730). */
TEST(model_states_at_D)
{
	fx_open("states");
	order("dep_same", -100, 100);
	departure("dep_same", -100); /* on the day of the last purchase: departed */
	order("dep_before", -100, 100);
	departure("dep_before", -101); /* the day before: it bought again, active */
	order("dep_on_D", -100, 100);
	departure("dep_on_D", 0); /* on D: not before D, active */
	order("dep_old", -800, 100);
	departure("dep_old", -790); /* departed wins over lapsed */
	order("edge", -730, 100);   /* exactly D - A: active */
	order("out", -731, 100);    /* D - A - 1: lapsed */
	order("credit", -800, 100);
	order("credit", -10, -50); /* a credit note is no purchase: lapsed */
	customer("prospect");
	departure("ghost", -5); /* a departure without purchases: a prospect */
	fx_compute();
	CHECK_INT(fig("dep_same")->state, CS_DEPARTED);
	CHECK_INT(seg("dep_same"), SEG_DEPARTED);
	CHECK_INT(fig("dep_before")->state, CS_ACTIVE);
	CHECK_INT(fig("dep_on_D")->state, CS_ACTIVE);
	CHECK_INT(seg("dep_old"), SEG_DEPARTED);
	CHECK_INT(fig("edge")->state, CS_ACTIVE);
	CHECK_INT(seg("edge"), SEG_UNMEASURED);
	CHECK_INT(seg("out"), SEG_LAPSED);
	CHECK_INT(seg("credit"), SEG_LAPSED);
	CHECK_INT(seg("prospect"), SEG_PROSPECT);
	CHECK_INT(seg("ghost"), SEG_PROSPECT);
	CHECK_INT(l.customers, 3);
	CHECK_INT(l.departed, 2);
	CHECK_INT(l.lapsed, 2);
	CHECK_INT(l.prospects, 2);
	CHECK_INT(l.nactions, 3); /* the active ones only */
	for (size_t r = 0; r < l.nactions; r++)
		CHECK_INT(l.fig[l.actions[r].cust].state, CS_ACTIVE);
	/* the state function itself at its edges */
	CHECK_INT(model_state(DAY_NONE, DAY_NONE, D, 730), CS_PROSPECT);
	CHECK_INT(model_state(D, DAY_NONE, D, 730), CS_PROSPECT);
	CHECK_INT(model_state(D - 1, D - 1, D, 730), CS_DEPARTED);
	CHECK_INT(model_state(D - 1, D - 2, D, 730), CS_ACTIVE);
	CHECK_INT(model_state(D - 730, DAY_NONE, D, 730), CS_ACTIVE);
	CHECK_INT(model_state(D - 731, DAY_NONE, D, 730), CS_LAPSED);
	struct strbuf why = STRBUF_INIT;
	model_explain(&l, (size_t)dataset_find(&ds, "out"), LANG_EN, &why);
	CHECK(strstr(why.buf, "more than 730 days") != NULL);
	fx_close();
	sb_release(&why);
}

/* F counts only active customers: three departed customers with 10 orders
 * each in P0 would move the median from 3 to 10. */
TEST(model_frequency_over_active_customers)
{
	fx_open("freq_active");
	for (int k = 0; k < 3; k++)
		order("A1", -10 - k, 100), order("A2", -10 - k, 100);
	for (const char *c = "XYZ"; *c; c++) {
		char id[2] = {*c, 0};
		for (int k = 0; k < 10; k++)
			order(id, -20 - k, 100);
		departure(id, -5);
	}
	fx_compute();
	CHECK_NEAR(l.frequent_min, 3, 0);
	CHECK_INT(l.departed, 3);
	fx_close();
}

/*
 * Silent leavers with given BG/NBD parameters r = alpha = a = b = 1, where
 * P(alive) = 1 / (1 + (1/x) ((1 + T) / (1 + t_x))^(1 + x)).  With three
 * purchase days 35 days apart (x = 2, t_x = 10 weeks):
 *   first purchase at D - 90: T = 89/7, q = (1 + T)/11 = 1.24675,
 *     P = 1 / (1 + q^3 / 2) = 0.5079 — just above 0.5, not silent;
 *   first purchase at D - 92: T = 13, q = 14/11, P = 0.4924 — silent.
 */
static double p_alive_fx(double x, double t_x, double T)
{
	return 1.0 / (1.0 + (1.0 / x) * pow((1.0 + T) / (1.0 + t_x), 1.0 + x));
}

static void three_days(const char *c, int first, int64_t rev)
{
	order(c, first, rev), order(c, first + 35, rev), order(c, first + 70, rev);
}

TEST(model_silent_leavers_at_p_alive_one_half)
{
	fx_open("silent");
	three_days("S_hi", -90, 1000);
	three_days("S_lo", -92, 1000);
	order("S_lo", -22, 500); /* same day as its last purchase: still 3 purchase days */
	three_days("S_la", -92, 1000);
	order("S_la", -22, 500); /* the same as S_lo: a tie, by customer_id */
	order("S_two", -400, 1000), order("S_two", -399, 1000); /* 2 purchase days */
	three_days("S_lapsed", -900, 1000);                     /* lapsed: never silent */
	three_days("S_dep", -92, 1000);
	departure("S_dep", -20); /* departed: never silent */
	order("def", -10, 50);   /* a small defector still comes first */
	survey("def", -5, 40, 40, 40);
	survey("S_lo", -5, 95, 95, 95); /* an apostle-ish score: keeps its segment */
	fx_compute();
	loyalty_release(&l);
	struct btyd_params_all par;
	struct btyd_result br;
	memset(&par, 0, sizeof(par));
	par.bg = (struct bgnbd_params){1, 1, 1, 1};
	model_btyd(&ds, D, &set, 0, &par, 1, &br);
	CHECK(br.ok);
	long hi = dataset_find(&ds, "S_hi"), lo = dataset_find(&ds, "S_lo");
	CHECK_NEAR(br.p_alive[hi], p_alive_fx(2, 10, 89.0 / 7.0), 1e-12);
	CHECK_NEAR(br.p_alive[lo], p_alive_fx(2, 10, 13), 1e-12);
	CHECK(br.p_alive[hi] > 0.505 && br.p_alive[hi] < 0.51);
	CHECK(br.p_alive[lo] > 0.49 && br.p_alive[lo] < 0.495);
	model_compute(&ds, D, &set, &br, &l);
	CHECK(l.silent_ok);
	CHECK_INT(l.nsilent, 2);
	CHECK(!l.silent[hi]);
	CHECK(l.silent[lo]);
	CHECK(!l.silent[dataset_find(&ds, "S_two")]);
	CHECK(!l.silent[dataset_find(&ds, "S_lapsed")]);
	CHECK(!l.silent[dataset_find(&ds, "S_dep")]);
	if (l.nsilent == 2) {
		const struct silent_leaver *s0 = &l.silent_list[0], *s1 = &l.silent_list[1];
		CHECK_STR(ds_cid(&ds, s0->cust), "S_la");
		CHECK_STR(ds_cid(&ds, s1->cust), "S_lo");
		CHECK_INT(s1->purchase_days, 3);
		CHECK_INT(s1->last, D - 22);
		CHECK_INT(s1->usual_days, 35);
		/* (1 - P) x revenue in P0+P1 / 2 = (1 - P) x 3500 / 2 */
		CHECK_NEAR(s1->lost_per_year, (1 - p_alive_fx(2, 10, 13)) * 3500 / 2, 1e-9);
		CHECK_NEAR(l.silent_lost, 2 * s1->lost_per_year, 1e-9);
	}
	/* the action list: the defector, then the silent leavers by revenue P0+P1
	 * (a tie: by customer_id), whatever their segment */
	CHECK(l.nactions >= 3);
	CHECK_STR(ds_cid(&ds, l.actions[0].cust), "def");
	CHECK_STR(ds_cid(&ds, l.actions[1].cust), "S_la");
	CHECK_STR(ds_cid(&ds, l.actions[2].cust), "S_lo");
	CHECK_INT(l.actions[2].priority, 1);
	CHECK_INT(l.actions[2].silent, 1);
	CHECK_INT(l.actions[0].silent, 0);
	CHECK(seg("S_lo") != SEG_DEFECTOR);
	struct strbuf why = STRBUF_INIT;
	model_explain(&l, (size_t)lo, LANG_EN, &why);
	CHECK(strstr(why.buf, "probability still active 0.49 < 0.5 after 3 purchase days, "
	                      "nothing since 2026-11-02, usually every 35 days") != NULL);
	sb_reset(&why);
	model_explain(&l, (size_t)lo, LANG_DE, &why);
	CHECK(strstr(why.buf, "Aktiv-Wahrscheinlichkeit 0,49 < 0,5 nach 3 Kauftagen, "
	                      "nichts seit 02.11.2026, sonst alle 35 Tage") != NULL);
	sb_release(&why);
	loyalty_release(&l);
	btyd_result_release(&br);
	/* without a purchase model: no silent leavers, and the list says so */
	model_compute(&ds, D, &set, NULL, &l);
	CHECK(!l.silent_ok);
	CHECK_INT(l.nsilent, 0);
	CHECK_INT(l.actions[1].priority == 1, 0);
	fx_close();
}

/* Too few customers to fit a purchase model: no silent leavers, and the
 * report's silent_leavers.count is null. */
TEST(model_no_purchase_model)
{
	fx_open("nofit");
	three_days("A", -300, 100);
	three_days("B", -200, 100);
	fx_compute();
	loyalty_release(&l);
	struct btyd_result br;
	model_btyd(&ds, D, &set, 0, NULL, 1, &br);
	CHECK(!br.ok);
	CHECK(br.why[0] != '\0');
	model_compute(&ds, D, &set, &br, &l);
	CHECK(!l.silent_ok);
	CHECK_INT(l.nsilent, 0);
	for (size_t r = 0; r < l.nactions; r++)
		CHECK_INT(l.actions[r].silent, 0);
	struct strbuf out = STRBUF_INIT;
	report_loyalty(&ds, &l, NULL, &br, 0, FMT_JSON, &out, LANG_EN);
	const char *sl = strstr(out.buf, "\"silent_leavers\"");
	CHECK(sl != NULL);
	CHECK(sl && strstr(sl, "\"count\": null") != NULL);
	sb_reset(&out);
	report_actions(&ds, &l, &(struct action_filter){0}, FMT_TEXT, NULL, &out, LANG_EN);
	CHECK(strstr(out.buf, "no silent leavers") != NULL);
	sb_release(&out);
	btyd_result_release(&br);
	fx_close();
}

/* The default D: the day after the latest order dated on or before today;
 * orders after today are counted with the latest date and the first id. */
TEST(model_default_as_of_and_future_orders)
{
	fx_open("future");
	day_t today = D - 1;
	order_id("A", "R-1", -10, 100);
	order_id("A", "R-2", -1, 100);   /* on today */
	order_id("B", "R-9", 13000, 50); /* about 2062 */
	order_id("C", "R-3", 5, 70);     /* the first after today */
	order_id("C", "R-4", 5, 80);
	fx_compute();
	struct future_orders f;
	CHECK_INT(model_default_as_of(&ds, today, &f), today + 1);
	CHECK_INT(f.count, 3);
	CHECK_INT(f.latest, D + 13000);
	CHECK_INT(f.first, D + 5);
	CHECK_STR(f.first_customer_id, "C");
	CHECK_INT(dataset_order_id(st, &ds, f.first_cust, f.first, f.first_order_id,
	                           sizeof(f.first_order_id), &e),
	          0);
	CHECK_STR(f.first_order_id, "R-3");
	/* today before every order: D is today, all are in the future */
	CHECK_INT(model_default_as_of(&ds, D - 20, &f), D - 20);
	CHECK_INT(f.count, 5);
	/* no future order */
	CHECK_INT(model_default_as_of(&ds, D + 20000, &f), D + 13001);
	CHECK_INT(f.count, 0);
	struct strbuf out = STRBUF_INIT;
	model_default_as_of(&ds, today, &l.future);
	snprintf(l.future.first_order_id, sizeof(l.future.first_order_id), "R-3");
	report_loyalty(&ds, &l, NULL, NULL, 0, FMT_TEXT, &out, LANG_EN);
	CHECK(strstr(out.buf, "warning: 3 orders are dated after today (the latest 2062-") != NULL);
	CHECK(strstr(out.buf, "the first: order R-3, customer C, 2026-11-29") != NULL);
	sb_reset(&out);
	report_loyalty(&ds, &l, NULL, NULL, 0, FMT_JSON, &out, LANG_EN);
	CHECK(strstr(out.buf, "\"first_order_id\": \"R-3\"") != NULL);
	sb_release(&out);
	fx_close();
}

TEST(model_usual_interval)
{
	fx_open("interval");
	order("A", -30, 100), order("A", -27, 100), order("A", -17, 100); /* gaps 3, 10 */
	order("A", -17, 5), order("A", -5, -100); /* same day, credit note: ignored */
	order("B", -30, 100);
	order("C", -30, 100), order("C", -20, 100), order("C", -19, 100), order("C", 3, 100);
	fx_compute();
	CHECK_INT(model_usual_interval(&ds, (size_t)dataset_find(&ds, "A"), D), 7); /* 6.5 up */
	CHECK_INT(model_usual_interval(&ds, (size_t)dataset_find(&ds, "B"), D), 0);
	CHECK_INT(model_usual_interval(&ds, (size_t)dataset_find(&ds, "C"), D),
	          6); /* 10, 1 -> 5.5 */
	fx_close();
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* The median by selection equals the median of the sorted gaps, for runs
 * of every length (past the 128 kept on the stack) and many equal gaps. */
TEST(model_usual_interval_is_the_median_of_the_sorted_gaps)
{
	enum { MAXN = 400 };
	static day_t date[MAXN + 1];
	static int64_t rev[MAXN + 1], margin[MAXN + 1];
	static int32_t gaps[MAXN];
	uint64_t off[2];
	struct dataset one;
	uint64_t seed = 12345;
	memset(&one, 0, sizeof(one));
	one.ncust = 1;
	one.ord_start = off, one.ord_end = off + 1;
	one.ord_date = date, one.ord_rev = rev, one.ord_margin = margin;
	for (int n = 1; n <= MAXN; n += (n < 40 ? 1 : 37)) {
		for (int rep = 0; rep < 20; rep++) {
			day_t d = 1000;
			for (int k = 0; k < n; k++) {
				seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
				int32_t g = 1 + (int32_t)((seed >> 33) % (rep % 2 ? 5 : 400));
				date[k] = d, rev[k] = 100, margin[k] = MONEY_NONE;
				if (k)
					gaps[k - 1] = date[k] - date[k - 1];
				d += g;
			}
			off[0] = 0, off[1] = (uint64_t)n;
			int32_t want = 0;
			size_t m = (size_t)n - 1;
			if (m) {
				qsort(gaps, m, sizeof(*gaps), cmp_i32);
				want =
				    m % 2 ? gaps[m / 2] : (gaps[m / 2 - 1] + gaps[m / 2] + 1) / 2;
			}
			CHECK_INT(model_usual_interval(&one, 0, d + 1), want);
		}
	}
}

/* The rules the action list and the journal share, at their edges. */
TEST(model_promise_state_and_dialogue_rules)
{
	D = day_from_ymd(2026, 11, 24);
	CHECK_INT(model_promise_state(PROMISE_OPEN, D - 10, D - 1, DAY_NONE, D), PS_OVERDUE);
	CHECK_INT(model_promise_state(PROMISE_OPEN, D - 10, D, DAY_NONE, D), PS_OPEN);
	CHECK_INT(model_promise_state(PROMISE_OPEN, D, D + 3, DAY_NONE, D), PS_NOT_MADE);
	CHECK_INT(model_promise_state(PROMISE_KEPT, D - 10, D - 5, D - 5, D), PS_KEPT_ON_TIME);
	CHECK_INT(model_promise_state(PROMISE_KEPT, D - 10, D - 5, D - 4, D), PS_KEPT_LATE);
	CHECK_INT(model_promise_state(PROMISE_KEPT, D - 10, D - 5, DAY_NONE, D), PS_KEPT_ON_TIME);
	CHECK_INT(model_promise_state(PROMISE_KEPT, D - 10, D - 5, D, D), PS_OVERDUE);
	CHECK_INT(model_promise_state(PROMISE_KEPT, D - 10, D + 5, D, D), PS_OPEN);
	CHECK_INT(model_promise_state(PROMISE_RENEGOTIATED, D - 10, D - 5, D - 6, D),
	          PS_RENEGOTIATED_IN_TIME);
	CHECK_INT(model_promise_state(PROMISE_RENEGOTIATED, D - 10, D - 5, D - 5, D),
	          PS_RENEGOTIATED_LATE);
	CHECK_INT(model_promise_state(PROMISE_BROKEN, D - 10, D - 5, D - 5, D), PS_BROKEN);
	CHECK(promise_state_honoured(PS_KEPT_ON_TIME) &&
	      promise_state_honoured(PS_RENEGOTIATED_IN_TIME));
	CHECK(!promise_state_honoured(PS_KEPT_LATE) && promise_state_open(PS_OVERDUE));
	CHECK_INT(model_dialog_due(D - 180, D, 180), 0);
	CHECK_INT(model_dialog_due(D - 181, D, 180), 1);
	CHECK_INT(model_dialog_due(DAY_NONE, D, 180), 1);
	CHECK_INT(model_days_since(D - 180, D), 180);
	CHECK_INT(model_days_since(DAY_NONE, D), -1);
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
		day_t last = DAY_NONE;
		for (uint64_t k = ds.ord_start[i]; k < ds.ord_end[i]; k++)
			if (ds.ord_date[k] < D && ds.ord_rev[k] >= 0)
				last = ds.ord_date[k];
		int active = last != DAY_NONE && last >= D - 730; /* no departures here */
		CHECK_INT(l.fig[i].segment == SEG_PROSPECT, last == DAY_NONE);
		CHECK_INT(l.fig[i].segment == SEG_LAPSED, last != DAY_NONE && !active);
		CHECK_INT(segment_is_segment(l.fig[i].segment), active);
		segmented += active;
	}
	CHECK_INT(l.customers, (int64_t)segmented);
	CHECK_INT(l.customers + l.lapsed + l.departed + l.prospects, (int64_t)ds.ncust);
	for (size_t a = 0; a < l.nactions; a++) {
		size_t i = l.actions[a].cust;
		CHECK(!seen[i]);
		seen[i] = 1;
		CHECK(segment_is_segment(l.fig[i].segment));
		if (a > 0)
			CHECK(l.actions[a - 1].priority <= l.actions[a].priority);
	}
	CHECK_INT(l.nactions, segmented);
	free(seen);
	/* the retention history from the figures' year masks equals a separate
	 * pass over the orders */
	struct retention_year h[8];
	int nh = retention_history(&ds, D, 365, h, 8);
	CHECK_INT(nh, l.nyears);
	for (int k = 0; k < nh && k < l.nyears; k++) {
		CHECK_INT(h[k].previous_buyers, l.years[k].previous_buyers);
		CHECK_INT(h[k].retained, l.years[k].retained);
		CHECK_INT(h[k].new_customers, l.years[k].new_customers);
		CHECK_INT(h[k].reactivated, l.years[k].reactivated);
		CHECK_INT(h[k].current_buyers, l.years[k].current_buyers);
	}
	/* and so for periods of other lengths (the year masks' table of bits
	 * by date spans 61 of them): a day up to ten years */
	const int windows[] = {1, 7, 30, 100, 3650};
	for (size_t w = 0; w < ARRAY_SIZE(windows); w++) {
		struct model_settings sw = set;
		sw.window = windows[w];
		loyalty_release(&l);
		model_compute(&ds, D, &sw, NULL, &l);
		nh = retention_history(&ds, D, windows[w], h, 8);
		CHECK_INT(nh < 1 ? 1 : nh, l.nyears < 8 ? l.nyears : 8);
		for (int k = 0; k < 8 && k < l.nyears; k++) {
			CHECK_INT(h[k].previous_buyers, l.years[k].previous_buyers);
			CHECK_INT(h[k].retained, l.years[k].retained);
			CHECK_INT(h[k].new_customers, l.years[k].new_customers);
			CHECK_INT(h[k].reactivated, l.years[k].reactivated);
			CHECK_INT(h[k].current_buyers, l.years[k].current_buyers);
		}
	}
	fx_close();
}

/* The action list's order by its definition (SPEC §3), as a comparison:
 * priority; in priority 1 terrorists, defectors, then the silent leavers
 * of other segments, each by revenue P0+P1; the loyal by satisfaction
 * (the exact mean), then revenue P0; the others by revenue P0; highest
 * first, ties by the whole customer id. */
static int ref_sub(const struct action_row *a)
{
	uint8_t seg = l.fig[a->cust].segment;
	return seg == SEG_TERRORIST ? 0 : seg == SEG_DEFECTOR ? 1 : 2;
}

static int cmp_ref_action(const void *x, const void *y)
{
	const struct action_row *a = x, *b = y;
	const struct cust_fig *fa = &l.fig[a->cust], *fb = &l.fig[b->cust];
	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	if (a->priority == 1 && ref_sub(a) != ref_sub(b))
		return ref_sub(a) < ref_sub(b) ? -1 : 1;
	if (a->priority == 3) {
		/* sat_sum / sat_n, compared without division */
		int64_t l1 = (int64_t)fa->sat_sum * fb->sat_n,
		        r1 = (int64_t)fb->sat_sum * fa->sat_n;
		if (l1 != r1)
			return l1 > r1 ? -1 : 1;
	}
	int64_t ma = fa->rev_p0 + (a->priority == 1 ? fa->rev_p1 : 0);
	int64_t mb = fb->rev_p0 + (b->priority == 1 ? fb->rev_p1 : 0);
	if (ma != mb)
		return ma > mb ? -1 : 1;
	return strcmp(ds_cid(&ds, a->cust), ds_cid(&ds, b->cust));
}

/* The list against that comparison, on one thread and on two, in large
 * chunks and in small ones: revenues
 * 2^53 cents apart (wider than the sort's words hold beside the row's
 * index, so the sort goes by pieces), many equal revenues, several
 * surveys a customer (satisfaction means that differ only far below a
 * tenth), every priority. */
TEST(model_action_list_order_by_its_definition)
{
	struct rng r;
	fx_open("order");
	rng_seed(&r, 23);
	for (int c = 0; c < 3000; c++) {
		char id[24];
		snprintf(id, sizeof(id), "Kd-%04d", (c * 1237) % 3000);
		int n = 1 + (int)(rng_uniform(&r) * 3);
		double u = rng_uniform(&r);
		for (int k = 0; k < n; k++) {
			int64_t rev = u < 0.2 ? 500
			              : u < 0.25
			                  ? (int64_t)(rng_uniform(&r) * 1.8e13) - (int64_t)9e12
			              : u < 0.3 ? -(int64_t)(rng_uniform(&r) * 900)
			                        : (int64_t)(rng_uniform(&r) * 90000);
			order(id, -(int)(rng_uniform(&r) * 700) - 1, rev / n);
		}
		/* two customers 2^53 cents apart in P0 (each order within the
		 * largest amount), unasked and so in one group */
		for (int k = 0; c < 2 && k < 500; k++)
			order(id, -(int)(rng_uniform(&r) * 300) - 1,
			      c ? 9000000000000 : -9000000000000);
		int ns = rng_uniform(&r) < 0.8 ? 1 + (int)(rng_uniform(&r) * 3) : 0;
		int day = -(int)(rng_uniform(&r) * 300) - 1;
		for (int k = 0; k < ns; k++)
			survey(id, day, 20 + (int)(rng_uniform(&r) * 81),
			       (int)(rng_uniform(&r) * 101), SCORE_NONE);
		if (rng_uniform(&r) < 0.05)
			complaint(id, -10, 1, 0);
	}
	fx_compute();
	int seen[7] = {0};
	for (int run = 0; run < 4; run++) { /* one thread, two; in chunks of 61 */
		int threads = 1 + run % 2;
		loyalty_release(&l);
		setenv(threads == 1 ? "TREUE_THREADS" : "TREUE_THREAD_MIN", "1", 1);
		if (run >= 2)
			setenv("TREUE_CHUNK", "61", 1);
		model_compute(&ds, D, &set, NULL, &l);
		unsetenv("TREUE_THREADS");
		unsetenv("TREUE_THREAD_MIN");
		unsetenv("TREUE_CHUNK");
		struct action_row *want = xmalloc(sizeof(*want) * (l.nactions + 1));
		memcpy(want, l.actions, sizeof(*want) * l.nactions);
		qsort(want, l.nactions, sizeof(*want), cmp_ref_action);
		size_t same = 0;
		for (size_t k = 0; k < l.nactions; k++) {
			same += want[k].cust == l.actions[k].cust;
			seen[l.actions[k].priority]++;
		}
		CHECK_INT(same, l.nactions);
		free(want);
	}
	for (int p = 1; p <= 6; p++)
		CHECK(seen[p] > 0);
	CHECK(l.nactions > 1500);
	fx_close();
}

/* The counts alone (the Overview's month ends) are the full run's counts,
 * without an action list. */
TEST(model_compute_counts_is_model_compute_without_the_list)
{
	struct rng r;
	fx_open("counts");
	rng_seed(&r, 5);
	for (int c = 0; c < 600; c++) {
		char id[16];
		snprintf(id, sizeof(id), "N%03d", c);
		int n = (int)(rng_uniform(&r) * 6);
		for (int k = 0; k < n; k++)
			order(id, -(int)(rng_uniform(&r) * 1500) + 20,
			      (int64_t)(rng_uniform(&r) * 3000) - 300);
		if (rng_uniform(&r) < 0.6)
			survey(id, -(int)(rng_uniform(&r) * 800), (int)(rng_uniform(&r) * 101),
			       (int)(rng_uniform(&r) * 101), SCORE_NONE);
	}
	fx_compute();
	struct loyalty c;
	model_compute_counts(&ds, D, &set, NULL, &c);
	CHECK(l.nactions > 0);
	CHECK_INT(c.nactions, 0);
	CHECK(c.actions == NULL);
	CHECK(memcmp(c.fig, l.fig, sizeof(*c.fig) * ds.ncust) == 0);
	CHECK(memcmp(c.seg_count, l.seg_count, sizeof(c.seg_count)) == 0);
	CHECK(memcmp(c.seg_revenue, l.seg_revenue, sizeof(c.seg_revenue)) == 0);
	CHECK_INT(c.nyears, l.nyears);
	for (int k = 0; k < c.nyears && k < l.nyears; k++) {
		CHECK_INT(c.years[k].retained, l.years[k].retained);
		CHECK_INT(c.years[k].previous_buyers, l.years[k].previous_buyers);
	}
	CHECK_INT(c.nps.promoters, l.nps.promoters);
	CHECK_INT(c.nps.detractors, l.nps.detractors);
	CHECK_INT(c.sat.n, l.sat.n);
	CHECK_INT(c.customers, l.customers);
	CHECK(c.frequent_min == l.frequent_min);
	loyalty_release(&c);
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

/* Everything the model and the action list's writers produce with the
 * work split over two threads (forced at any size) against one thread:
 * the same bytes.  17,000 customers, so that the action list takes two of
 * its writer's rounds (16,384 rows each); ids that share their first eight
 * bytes and equal revenues, so that the sorts' ties are ordered by the
 * whole id; a purchase model, so that there are silent leavers. */
struct run_out {
	struct cust_fig *fig;
	struct action_row *actions;
	size_t nactions, nsilent;
	struct silent_leaver *silent;
	double *p_alive, margin_ratio, p_alive_full0;
	day_t as_of;
	struct strbuf text[4];
};

static void one_run(int threads, const struct btyd_params_all *par, struct run_out *o)
{
	struct btyd_result br, full;
	struct future_orders fut;
	if (threads == 1)
		setenv("TREUE_THREADS", "1", 1);
	else
		setenv("TREUE_THREAD_MIN", "1", 1);
	memset(o, 0, sizeof(*o));
	o->as_of = model_default_as_of(&ds, D + 1, &fut);
	model_btyd(&ds, D, &set, 0, par, 1, &br);
	model_btyd(&ds, D, &set, 0, par, 2, &full); /* the base's path */
	CHECK(br.ok && full.ok);
	o->margin_ratio = br.margin_ratio;
	CHECK(br.margin_ratio == full.margin_ratio);
	CHECK(memcmp(br.p_alive, full.p_alive, sizeof(double) * ds.ncust) == 0);
	CHECK(memcmp(br.purchase_days, full.purchase_days, sizeof(int32_t) * ds.ncust) == 0);
	model_compute(&ds, D, &set, &br, &l);
	o->fig = xmalloc(sizeof(*o->fig) * ds.ncust);
	memcpy(o->fig, l.fig, sizeof(*o->fig) * ds.ncust);
	o->nactions = l.nactions;
	o->actions = xmalloc(sizeof(*o->actions) * (l.nactions + 1));
	memcpy(o->actions, l.actions, sizeof(*o->actions) * l.nactions);
	o->nsilent = l.nsilent;
	o->silent = xmalloc(sizeof(*o->silent) * (l.nsilent + 1));
	memcpy(o->silent, l.silent_list, sizeof(*o->silent) * l.nsilent);
	o->p_alive = xmalloc(sizeof(double) * ds.ncust);
	memcpy(o->p_alive, br.p_alive, sizeof(double) * ds.ncust);
	const enum out_format fmts[3] = {FMT_CSV, FMT_JSON, FMT_TEXT};
	for (int f = 0; f < 3; f++) {
		sb_init(&o->text[f]);
		report_actions(&ds, &l, &(struct action_filter){0}, fmts[f], NULL, &o->text[f],
		               LANG_EN);
	}
	sb_init(&o->text[3]);
	report_actions(&ds, &l, &(struct action_filter){.priority = 6, .limit = 20000}, FMT_JSON,
	               NULL, &o->text[3], LANG_DE);
	loyalty_release(&l);
	btyd_result_release(&br);
	btyd_result_release(&full);
	unsetenv("TREUE_THREADS");
	unsetenv("TREUE_THREAD_MIN");
}

static void run_out_release(struct run_out *o)
{
	free(o->fig), free(o->actions), free(o->silent), free(o->p_alive);
	for (int f = 0; f < 4; f++)
		sb_release(&o->text[f]);
}

TEST(model_same_bytes_on_one_and_two_threads)
{
	struct rng r;
	fx_open("threads");
	rng_seed(&r, 11);
	for (int c = 0; c < 17000; c++) {
		char id[24];
		/* "Kunde-00…": the first eight bytes shared by all */
		snprintf(id, sizeof(id), "Kunde-%05d", (c * 7919) % 17000);
		int n = 1 + (int)(rng_uniform(&r) * 4);
		for (int k = 0; k < n; k++)
			order(id, -(int)(rng_uniform(&r) * 1200) + (c % 97 == 0 ? 3 : -1),
			      c % 5 == 0 ? 1000 : (int64_t)(rng_uniform(&r) * 5000) - 300);
		if (rng_uniform(&r) < 0.6)
			survey(id, -(int)(rng_uniform(&r) * 800), (int)(rng_uniform(&r) * 101),
			       (int)(rng_uniform(&r) * 101), SCORE_NONE);
	}
	fx_compute();
	loyalty_release(&l);
	struct btyd_params_all par;
	memset(&par, 0, sizeof(par));
	par.bg = (struct bgnbd_params){0.5, 20, 0.8, 2.5};
	struct run_out one, two;
	one_run(1, &par, &one);
	one_run(2, &par, &two);
	/* and in chunks of 97 customers (the passes' work split in 176
	 * chunks the two threads take in turn): the same bytes on one thread
	 * and two, the same rows as in large chunks */
	{
		struct run_out c1, c2;
		setenv("TREUE_CHUNK", "97", 1);
		one_run(1, &par, &c1);
		setenv("TREUE_CHUNK", "97", 1);
		one_run(2, &par, &c2);
		unsetenv("TREUE_CHUNK");
		CHECK(memcmp(c1.fig, one.fig, sizeof(*one.fig) * ds.ncust) == 0);
		CHECK(memcmp(c2.fig, one.fig, sizeof(*one.fig) * ds.ncust) == 0);
		CHECK_INT(c1.nactions, one.nactions);
		CHECK_INT(c2.nactions, one.nactions);
		if (c1.nactions == one.nactions && c2.nactions == one.nactions) {
			CHECK(memcmp(c1.actions, one.actions,
			             sizeof(*one.actions) * one.nactions) == 0);
			CHECK(memcmp(c2.actions, one.actions,
			             sizeof(*one.actions) * one.nactions) == 0);
		}
		for (int f = 0; f < 4; f++)
			CHECK(c1.text[f].len == c2.text[f].len &&
			      memcmp(c1.text[f].buf, c2.text[f].buf, c1.text[f].len) == 0);
		run_out_release(&c1);
		run_out_release(&c2);
	}
	CHECK(one.nactions > 16384 * 2 / 3);
	CHECK(one.nsilent > 10);
	CHECK_INT(one.as_of, two.as_of);
	CHECK(one.margin_ratio == two.margin_ratio);
	CHECK(memcmp(one.fig, two.fig, sizeof(*one.fig) * ds.ncust) == 0);
	CHECK(memcmp(one.p_alive, two.p_alive, sizeof(double) * ds.ncust) == 0);
	CHECK_INT(one.nactions, two.nactions);
	CHECK_INT(one.nsilent, two.nsilent);
	if (one.nactions == two.nactions)
		CHECK(memcmp(one.actions, two.actions, sizeof(*one.actions) * one.nactions) == 0);
	if (one.nsilent == two.nsilent)
		CHECK(memcmp(one.silent, two.silent, sizeof(*one.silent) * one.nsilent) == 0);
	for (int f = 0; f < 4; f++) {
		CHECK_INT(one.text[f].len, two.text[f].len);
		CHECK(one.text[f].len == two.text[f].len &&
		      memcmp(one.text[f].buf, two.text[f].buf, one.text[f].len) == 0);
	}
	/* the order itself: silent leavers by loss, ties by the whole id; the
	 * list by priority, then its key, ties by the whole id */
	for (size_t k = 1; k < one.nsilent; k++) {
		const struct silent_leaver *a = &one.silent[k - 1], *b = &one.silent[k];
		CHECK(a->lost_per_year > b->lost_per_year ||
		      (a->lost_per_year == b->lost_per_year &&
		       strcmp(ds_cid(&ds, a->cust), ds_cid(&ds, b->cust)) < 0));
	}
	size_t ties = 0;
	for (size_t k = 1; k < one.nactions; k++) {
		const struct action_row *a = &one.actions[k - 1], *b = &one.actions[k];
		const struct cust_fig *fa = &one.fig[a->cust], *fb = &one.fig[b->cust];
		CHECK(a->priority <= b->priority);
		if (a->priority != b->priority || a->priority == 1 || a->priority == 3)
			continue;
		CHECK(fa->rev_p0 >= fb->rev_p0);
		if (fa->rev_p0 == fb->rev_p0) {
			ties++;
			CHECK(strcmp(ds_cid(&ds, a->cust), ds_cid(&ds, b->cust)) < 0);
		}
	}
	CHECK(ties > 100);
	/* the JSON list is one valid array: as many objects as rows */
	size_t objs = 0;
	for (const char *p = one.text[1].buf; (p = strstr(p, "{\"priority\":")); p++)
		objs++;
	CHECK_INT(objs, one.nactions);
	CHECK(strstr(one.text[1].buf, "}{") == NULL);
	CHECK(strstr(one.text[1].buf, ",,") == NULL);
	CHECK(strstr(one.text[1].buf, "[,") == NULL);
	run_out_release(&one);
	run_out_release(&two);
	fx_close();
}
