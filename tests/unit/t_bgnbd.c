/*
 * t_bgnbd.c — tests of the buy-till-you-die summaries and the BG/NBD model
 * (src/model/btyd_common.c, bgnbd.c): the CDNOW reproduction of Fader,
 * Hardie & Lee (2005), single-customer values, gradient and series checks,
 * parameter recovery from simulated customers, extremes and errors.
 *
 * Also home of cdnow_load(), which t_gammagamma.c uses too.
 */
#include <stdlib.h>
#include <string.h>

#include "btyd_sim.h"
#include "test.h"
#include "util.h"

/* Holds the CDNOW calibration base at D = 1997-10-01 and the holdout counts. */
struct cdnow {
	struct btyd_data cal;
	int32_t *x_star;
};

struct elog_row {
	long cust;
	day_t day;
	int64_t cents;
};

static int elog_cmp(const void *pa, const void *pb)
{
	const struct elog_row *a = pa, *b = pb;
	if (a->cust != b->cust)
		return a->cust < b->cust ? -1 : 1;
	return a->day < b->day ? -1 : a->day > b->day;
}

/*
 * cdnow_load — reads shared/data/cdnowElog_BTYD.csv (masterid, sampleid,
 * date YYYYMMDD, cds, sales), customer = sampleid, revenue = sales, and
 * builds each customer's calibration summary at D = 1997-10-01 with
 * btyd_summarize and its holdout count over the 273 days from D with
 * btyd_purchase_days.  Returns 0, or -1 when the data is not there.
 */
int cdnow_load(struct cdnow *c);
int cdnow_load(struct cdnow *c)
{
	char path[512], line[256];
	const char *dir = test_shared_data();
	struct elog_row *rows = NULL;
	size_t n = 0, alloc = 0, lineno = 0;
	day_t D = day_from_ymd(1997, 10, 1);
	FILE *f;

	memset(c, 0, sizeof(*c));
	if (!dir)
		return -1;
	snprintf(path, sizeof(path), "%s/cdnowElog_BTYD.csv", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		long master, cust, ymd, cds;
		char sales[64];
		if (lineno++ == 0)
			continue;
		if (sscanf(line, "%ld,%ld,%ld,%ld,%63[^\r\n]", &master, &cust, &ymd, &cds, sales) !=
		    5)
			continue;
		ALLOC_GROW(rows, n + 1, alloc);
		rows[n].cust = cust;
		rows[n].day =
		    day_from_ymd((int)(ymd / 10000), (int)(ymd / 100 % 100), (int)(ymd % 100));
		if (money_parse_plain(sales, &rows[n].cents) < 0)
			rows[n].cents = -1;
		n++;
	}
	fclose(f);
	qsort(rows, n, sizeof(*rows), elog_cmp);
	size_t ncust = 0;
	c->x_star = xmalloc((n + 1) * sizeof(int32_t));
	for (size_t lo = 0, hi; lo < n; lo = hi) {
		day_t day[64];
		int64_t cents[64];
		size_t k = 0;
		struct btyd_summary s;
		for (hi = lo; hi < n && rows[hi].cust == rows[lo].cust; hi++)
			if (k < 64) {
				day[k] = rows[hi].day;
				cents[k++] = rows[hi].cents;
			}
		if (btyd_summarize(day, cents, k, D, &s, NULL) != 1)
			continue;
		btyd_data_push(&c->cal, &s);
		c->x_star[ncust++] = (int32_t)btyd_purchase_days(day, cents, k, D, D + 273);
	}
	free(rows);
	return 0;
}

static void cdnow_release(struct cdnow *c)
{
	btyd_data_release(&c->cal);
	free(c->x_star);
}

/* a and b agree to three significant digits. */
static int sig3(double a, double b)
{
	double unit = pow(10, floor(log10(fabs(b))) - 2);
	return fabs(a - b) <= 0.5 * unit;
}

TEST(btyd_summarize_rules)
{
	day_t D = day_from_ymd(2026, 1, 1), F = day_from_ymd(2025, 3, 5);
	/* day F twice (one transaction), a credit note, F+14 twice, F+30,
	 * a negative-only day F+40, an order on D (ignored). */
	day_t day[] = {F, F, F + 7, F + 14, F + 14, F + 30, F + 40, D};
	int64_t cents[] = {1000, 500, -300, 2000, 100, 0, -50, 9999};
	struct btyd_summary s;
	struct err e = {0};

	CHECK_INT(btyd_summarize(day, cents, ARRAY_SIZE(day), D, &s, &e), 1);
	CHECK_INT(s.x, 2);
	CHECK_NEAR(s.t_x, 30 / 7.0, 1e-12);
	CHECK_NEAR(s.T, (D - 1 - F) / 7.0, 1e-12);
	CHECK_NEAR(s.m_x, (21.00 + 0.00) / 2, 1e-12);
	CHECK_INT(btyd_purchase_days(day, cents, ARRAY_SIZE(day), F, D), 3);
	CHECK_INT(btyd_purchase_days(day, cents, ARRAY_SIZE(day), D, D + 10), 1);
	CHECK_INT(btyd_purchase_days(day, cents, ARRAY_SIZE(day), D + 1, D), 0);
	/* Only a credit note before D: not a customer yet. */
	CHECK_INT(btyd_summarize(day + 2, cents + 2, 1, D, &s, &e), 0);
	/* A purchase the day before D: T = 0. */
	day_t last[] = {D - 1};
	CHECK_INT(btyd_summarize(last, cents, 1, D, &s, &e), 1);
	CHECK_INT(s.x, 0);
	CHECK_NEAR(s.T, 0, 0);
	day_t bad[] = {F + 1, F};
	CHECK_INT(btyd_summarize(bad, cents, 2, D, &s, &e), -1);
	CHECK(strstr(e.msg, "ascending") != NULL);
}

TEST(bgnbd_cdnow_summaries)
{
	struct cdnow c;
	char path[512], line[256];
	size_t i = 0, bad = 0;
	FILE *f;

	if (cdnow_load(&c) < 0) {
		test_skip("shared/data not available");
		return;
	}
	CHECK_INT(c.cal.n, 2357);
	snprintf(path, sizeof(path), "%s/cdnow_cbs_cal39_hold39.csv", test_shared_data());
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f)
		goto out;
	if (!fgets(line, sizeof(line), f))
		line[0] = 0;
	while (fgets(line, sizeof(line), f) && i < c.cal.n) {
		long cust, x, xs;
		double tx, T, mx;
		if (sscanf(line, "%ld,%ld,%lf,%lf,%ld,%lf", &cust, &x, &tx, &T, &xs, &mx) != 6)
			continue;
		if (c.cal.x[i] != x || fabs(c.cal.t_x[i] - tx) > 1e-6 ||
		    fabs(c.cal.T[i] - T) > 1e-6 || c.x_star[i] != xs ||
		    fabs(c.cal.m_x[i] - mx) > 1e-6)
			bad++;
		i++;
	}
	fclose(f);
	CHECK_INT(i, 2357);
	CHECK_INT(bad, 0);
out:
	cdnow_release(&c);
}

TEST(bgnbd_cdnow_fit)
{
	struct cdnow c;
	struct bgnbd_fit fit;
	struct bgnbd_holdout h;
	struct err e = {0};
	size_t repeat = 0;

	if (cdnow_load(&c) < 0) {
		test_skip("shared/data not available");
		return;
	}
	CHECK_INT(bgnbd_fit(&c.cal, NULL, &fit, &e), 0);
	CHECK(sig3(fit.par.r, 0.2426));
	CHECK(sig3(fit.par.alpha, 4.4136));
	CHECK(sig3(fit.par.a, 0.7929));
	CHECK(sig3(fit.par.b, 2.4259));
	CHECK_NEAR(fit.par.r, 0.2426, 0.00005 + 1e-9);
	CHECK_NEAR(fit.par.alpha, 4.4136, 0.00005 + 1e-9);
	CHECK_NEAR(fit.par.a, 0.7929, 0.00005 + 1e-9);
	CHECK_NEAR(fit.par.b, 2.4259, 0.00005 + 1e-9);
	CHECK_NEAR(fit.loglik, -9582.43, 0.05);
	CHECK(fit.opt.converged);
	CHECK(fit.opt.se_ok);
	CHECK_INT(fit.n, 2357);
	for (size_t i = 0; i < c.cal.n; i++)
		repeat += c.cal.x[i] > 0;
	CHECK_INT(fit.repeat, repeat);
	/* Standard errors; an independent second-difference Hessian of the
	 * log-likelihood in (r, alpha, a, b) at the optimum gives 0.012557,
	 * 0.378223, 0.185732, 0.705409. */
	CHECK_NEAR(fit.se.r, 0.012557, 2e-5);
	CHECK_NEAR(fit.se.alpha, 0.378223, 5e-4);
	CHECK_NEAR(fit.se.a, 0.185732, 2e-4);
	CHECK_NEAR(fit.se.b, 0.705409, 1e-3);

	/* The holdout: 1653.4 expected (sum of conditional expectations
	 * E[Y(39) | x, t_x, T]), 1882 actual. */
	CHECK_INT(bgnbd_holdout_eval(&fit.par, &c.cal, c.x_star, 39, 0, &h, &e), 0);
	CHECK_NEAR(h.expected, 1653.4, 1);
	CHECK_NEAR(h.actual, 1882, 0);
	CHECK_NEAR(h.expected_uncond, 1666.7, 1);
	CHECK_INT(h.customers, 2357);
	size_t nb = 0;
	double eb = 0, ab = 0;
	for (int k = 0; k < BTYD_BUCKETS; k++) {
		nb += h.bucket_n[k];
		eb += h.bucket_expected[k];
		ab += h.bucket_actual[k];
	}
	CHECK_INT(nb, 2357);
	CHECK_NEAR(eb, h.expected, 1e-6);
	CHECK_NEAR(ab, h.actual, 0);
	CHECK_INT(h.bucket_n[0], 2357 - repeat);
	cdnow_release(&c);
}

TEST(bgnbd_single_customer)
{
	const struct bgnbd_params p = {0.2426, 4.4136, 0.7929, 2.4259};

	CHECK_NEAR(bgnbd_p_alive(&p, 2, 30.43, 38.86), 0.727, 0.0005);
	CHECK_NEAR(bgnbd_expected_conditional(&p, 39, 2, 30.43, 38.86), 1.226, 0.0005);
	/*
	 * x = 0 by hand.  P(alive) = 1 (no repeat purchase, so no chance yet
	 * to drop out), and E[Y(t) | 0, 0, T] =
	 *   (a+b-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^r 2F1(r, b; a+b-1; z)],
	 *   z = t/(alpha+T+t),  (a+b-1)/(a-1) = 2.2188/-0.2071 = -10.713665.
	 * T = 0 (= E[X(39)]): z = 39/43.4136 = 0.898336, (4.4136/43.4136)^r =
	 *   0.574300, 2F1(0.2426, 2.4259; 2.2188; z) = 1.935477, so
	 *   1 - 0.574300 * 1.935477 = -0.111544 and E = 1.195048.
	 * T = 38.86: z = 39/82.2736 = 0.474028, (43.2736/82.2736)^r = 0.855668,
	 *   2F1(...; 0.474028) = 1.189925, 1 - 0.855668 * 1.189925 = -0.018181,
	 *   E = 0.194787.
	 * (The 2F1 values are the plain series sum_k (r)_k (b)_k / ((a+b-1)_k k!) z^k,
	 * checked at 30 digits: 1.19504768, 0.19478677.)
	 */
	CHECK_NEAR(bgnbd_p_alive(&p, 0, 0, 38.86), 1.0, 0);
	CHECK_NEAR(bgnbd_expected_unconditional(&p, 39), 1.1950477, 1e-6);
	CHECK_NEAR(bgnbd_expected_conditional(&p, 39, 0, 0, 0), 1.1950477, 1e-6);
	CHECK_NEAR(bgnbd_expected_conditional(&p, 39, 0, 0, 38.86), 0.1947868, 1e-6);
	CHECK_NEAR(bgnbd_expected_conditional(&p, 0, 3, 10, 38.86), 0, 0);
}

/* Reference values of E[Y(t) | x, t_x, T] from the 2F1 form at 40 digits
 * (mpmath hyp2f1; for a = 1 the p-integral), covering both the series and
 * the quadrature (z > 0.99), a = 1, a > 1, x = 500 and T near 0. */
TEST(bgnbd_expectation_reference)
{
	static const double c[][9] = {
	    /* r, alpha, a, b, t, x, t_x, T, E */
	    {0.2426, 4.4136, 0.7929, 2.4259, 52, 0, 0, 0.01, 1.4419610267958269},
	    {0.2426, 4.4136, 0.7929, 2.4259, 1000, 0, 0, 0, 6.5732668336820822},
	    {0.2426, 4.4136, 0.7929, 2.4259, 1000, 3, 10, 12, 22.051637378359713},
	    {0.2426, 0.05, 0.7929, 2.4259, 52, 1, 0.5, 1, 7.1488907798833998},
	    {0.2426, 4.4136, 0.7929, 2.4259, 52, 500, 51.9, 52, 348.87193774094709},
	    {0.2426, 4.4136, 0.7929, 2.4259, 39, 500, 10, 52, 6.2439803099480247e-292},
	    {1.5, 2.0, 1.0, 3.0, 52, 2, 5, 10, 2.5879110790187525},
	    {1.5, 2.0, 2.5, 3.0, 52, 2, 5, 10, 0.68830394191636258},
	    {0.5, 10, 0.1, 0.2, 100, 4, 20, 30, 9.2435694089863413},
	    {0.5, 10, 3.0, 0.5, 400, 0, 0, 0.01, 1.0220963761309981},
	    {0.2426, 0.05, 0.7929, 2.4259, 52, 2, 0.005, 0.01, 39.734777388213649},
	    {0.8, 0.5, 0.05, 0.4, 520, 1, 2, 3, 170.67410366207884},
	    {0.2426, 4.4136, 0.7929, 2.4259, 52, 0, 0, 0, 1.4440599948982363},
	};
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		struct bgnbd_params p = {c[i][0], c[i][1], c[i][2], c[i][3]};
		double v =
		    bgnbd_expected_conditional(&p, c[i][4], (int32_t)c[i][5], c[i][6], c[i][7]);
		if (!(fabs(v - c[i][8]) <= 1e-10 * c[i][8]))
			test_fail(__FILE__, __LINE__, "case %zu: %.17g, expected %.17g", i, v,
			          c[i][8]);
	}
	/* Unconditional = conditional for a new customer; increasing in t. */
	struct bgnbd_params p = {0.2426, 4.4136, 0.7929, 2.4259};
	CHECK_NEAR(bgnbd_expected_unconditional(&p, 52), 1.4440599948982363, 1e-12);
	double prev = 0;
	for (double t = 1; t < 5000; t *= 1.3) {
		double v = bgnbd_expected_unconditional(&p, t);
		CHECK(v > prev);
		prev = v;
	}
}

typedef int (*bg_loglik_fn)(const struct bgnbd_params *p, const struct btyd_data *d, int threads,
                            double *ll, double grad[4], struct err *e);

/* The analytic gradient of ll at p against central differences, and the
 * same value and gradient on one and on two threads. */
static void check_gradient(bg_loglik_fn loglik, struct bgnbd_params p, const struct btyd_data *d)
{
	double ll, ll2, g[4], g2[4], *par = &p.r;
	struct err e = {0};

	CHECK_INT(loglik(&p, d, 1, &ll, g, &e), 0);
	CHECK_INT(loglik(&p, d, 2, &ll2, g2, &e), 0);
	CHECK_NEAR(ll2, ll, 1e-9 * fabs(ll));
	for (int j = 0; j < 4; j++) {
		double h = 1e-6 * par[j], keep = par[j], up, dn;
		CHECK_NEAR(g2[j], g[j], 1e-9 * fabs(ll));
		par[j] = keep + h;
		loglik(&p, d, 1, &up, NULL, &e);
		par[j] = keep - h;
		loglik(&p, d, 1, &dn, NULL, &e);
		par[j] = keep;
		double num = (up - dn) / (2 * h);
		if (!(fabs(num - g[j]) <= 1e-5 * (fabs(g[j]) + 1)))
			test_fail(__FILE__, __LINE__, "d/d%d: analytic %.10g, numeric %.10g", j,
			          g[j], num);
	}
}

/* Analytic gradients including customers with x beyond the per-x table
 * and with T = t_x, for BG/NBD and MBG/NBD. */
TEST(bgnbd_gradient)
{
	const struct btyd_sim_options so = {{0.6, 3.0, 0.9, 2.0}, {6, 4, 15}, 0, 60, 0, 0};
	const struct bgnbd_params p = {0.55, 3.3, 0.8, 2.2};
	struct btyd_data d = BTYD_DATA_INIT;
	struct btyd_summary big = {5000, 50, 52, 1}, edge = {3, 20, 20, 1};
	struct rng rng;

	rng_seed(&rng, 7);
	btyd_simulate(&rng, &so, 40000, &d, NULL);
	btyd_data_push(&d, &big);
	btyd_data_push(&d, &edge);
	check_gradient(bgnbd_loglik, p, &d);
	check_gradient(mbgnbd_loglik, p, &d);
	btyd_data_release(&d);
}

/* Simulated customers: the fit recovers the parameters within 3 standard
 * errors, and the conditional expectation predicts the simulated holdout. */
TEST(bgnbd_recovery)
{
	const struct btyd_sim_options so = {{0.5, 6.0, 0.7, 3.0}, {6, 4, 15}, 1, 78, 52, 0};
	const size_t n = 100000;
	struct btyd_data d = BTYD_DATA_INIT;
	int32_t *xs = xmalloc(n * sizeof(*xs));
	struct bgnbd_fit fit;
	struct bgnbd_holdout h;
	struct rng rng;
	struct err e = {0};

	rng_seed(&rng, 20051);
	btyd_simulate(&rng, &so, n, &d, xs);
	CHECK_INT(bgnbd_fit(&d, NULL, &fit, &e), 0);
	CHECK(fit.opt.converged);
	CHECK(fit.opt.se_ok);
	CHECK(fit.opt.evaluations_full < fit.opt.evaluations); /* the subsample stage ran */
	const double *est = &fit.par.r, *se = &fit.se.r, *tru = &so.bg.r;
	for (int j = 0; j < 4; j++) {
		CHECK(se[j] > 0 && se[j] < 0.2 * tru[j]);
		if (!(fabs(est[j] - tru[j]) <= 3 * se[j]))
			test_fail(__FILE__, __LINE__, "parameter %d: %.5g, true %.5g, se %.3g", j,
			          est[j], tru[j], se[j]);
	}
	/* At the true parameters the expected holdout purchases match the
	 * simulated ones, in total and in each calibration bucket. */
	CHECK_INT(bgnbd_holdout_eval(&so.bg, &d, xs, 52, 0, &h, &e), 0);
	CHECK_NEAR(h.expected / h.actual, 1, 0.02);
	for (int k = 0; k < BTYD_BUCKETS; k++)
		if (h.bucket_actual[k] > 2000)
			CHECK_NEAR(h.bucket_expected[k] / h.bucket_actual[k], 1, 0.06);
	btyd_data_release(&d);
	free(xs);
}

static int all_finite(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return 0;
	return 1;
}

/* A customer with 500 transactions, T = 0.01, T = 0, extreme parameters:
 * everything stays finite. */
TEST(bgnbd_extremes)
{
	const struct btyd_sim_options so = {{0.3, 5.0, 0.8, 2.5}, {6, 4, 15}, 0, 52, 0, 0};
	struct btyd_summary odd[] = {{500, 51.9, 52, 20}, {500, 0.5, 52, 20}, {0, 0, 0.01, 0},
	                             {1, 0.005, 0.01, 5}, {0, 0, 0, 0},       {2, 0, 0, 3},
	                             {300, 1e-3, 1e-3, 1}};
	struct btyd_data d = BTYD_DATA_INIT;
	struct bgnbd_fit fit;
	struct rng rng;
	struct err e = {0};

	rng_seed(&rng, 99);
	btyd_simulate(&rng, &so, 3000, &d, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(odd); i++)
		btyd_data_push(&d, &odd[i]);
	CHECK_INT(bgnbd_fit(&d, NULL, &fit, &e), 0);
	CHECK(fit.opt.converged);
	CHECK(isfinite(fit.loglik) && all_finite(&fit.par.r, 4) && all_finite(&fit.se.r, 4));

	double *pa = xmalloc(d.n * sizeof(double)), *ex = xmalloc(d.n * sizeof(double));
	CHECK_INT(bgnbd_score(&fit.par, &d, 52, 0, pa, ex, &e), 0);
	CHECK(all_finite(pa, d.n) && all_finite(ex, d.n));
	for (size_t i = 0; i < d.n; i++)
		if (!(pa[i] >= 0 && pa[i] <= 1 && ex[i] >= 0))
			test_fail(__FILE__, __LINE__, "customer %zu: P(alive) %g, E %g", i, pa[i],
			          ex[i]);
	/* The heavy buyer who kept buying to the end is alive and buys on. */
	size_t heavy = d.n - ARRAY_SIZE(odd);
	CHECK(pa[heavy] > 0.99 && ex[heavy] > 100);
	CHECK(pa[heavy + 1] < 1e-10); /* 500 purchases, then silence for 51 weeks */

	/* Parameters at the edges of the search box. */
	static const struct bgnbd_params edge[] = {
	    {1e-6, 1e-8, 1e-6, 1e-6}, {1e6, 1e8, 1e6, 1e6}, {1e-6, 1e8, 1e6, 1e-6},
	    {1e6, 1e-8, 1e-6, 1e6},   {0.3, 5, 1, 2},       {0.3, 5, 1 + 1e-12, 2}};
	for (size_t k = 0; k < ARRAY_SIZE(edge); k++) {
		double ll, g[4];
		CHECK_INT(bgnbd_loglik(&edge[k], &d, 0, &ll, g, &e), 0);
		CHECK(!isnan(ll) && !isnan(g[0]) && !isnan(g[1]) && !isnan(g[2]) && !isnan(g[3]));
		for (size_t i = 0; i < ARRAY_SIZE(odd); i++) {
			double p1 = bgnbd_p_alive(&edge[k], odd[i].x, odd[i].t_x, odd[i].T);
			double e1 = bgnbd_expected_conditional(&edge[k], 52, odd[i].x, odd[i].t_x,
			                                       odd[i].T);
			if (!(p1 >= 0 && p1 <= 1 && e1 >= 0 && isfinite(e1)))
				test_fail(__FILE__, __LINE__, "params %zu customer %zu: %g %g", k,
				          i, p1, e1);
		}
	}
	free(pa);
	free(ex);
	btyd_data_release(&d);
}

TEST(bgnbd_errors)
{
	struct btyd_data d = BTYD_DATA_INIT;
	struct btyd_summary one = {0, 0, 30, 0}, rep = {2, 10, 30, 5}, bad = {1, 40, 30, 5};
	struct bgnbd_fit fit;
	struct bgnbd_holdout h;
	struct bgnbd_params p = {0.3, 5, 0.8, 2.5};
	int32_t xs[200] = {0};
	double ll;
	struct err e = {0};

	for (int i = 0; i < 200; i++)
		btyd_data_push(&d, &one);
	err_clear(&e);
	CHECK_INT(bgnbd_fit(&d, NULL, &fit, &e), -1);
	CHECK(strstr(e.msg, "only once") != NULL);
	d.x[0] = 1, d.t_x[0] = 3;
	CHECK_INT(bgnbd_fit(&d, NULL, &fit, &e), -1);
	CHECK(strstr(e.msg, "at least") != NULL);
	btyd_data_push(&d, &rep);
	btyd_data_push(&d, &bad);
	err_clear(&e);
	CHECK_INT(bgnbd_fit(&d, NULL, &fit, &e), -1);
	CHECK_STR(e.field, "t_x");
	CHECK_INT(e.line, 202);
	d.n = 5;
	CHECK_INT(bgnbd_fit(&d, NULL, &fit, &e), -1);
	CHECK(strstr(e.msg, "at least 10 customers") != NULL);
	d.n = 200;
	p.alpha = -1;
	CHECK_INT(bgnbd_loglik(&p, &d, 0, &ll, NULL, &e), -1);
	p.alpha = NAN;
	CHECK_INT(bgnbd_score(&p, &d, 52, 0, NULL, NULL, &e), -1);
	p.alpha = 5;
	CHECK_INT(bgnbd_score(&p, &d, -1, 0, NULL, NULL, &e), -1);
	xs[7] = -1;
	CHECK_INT(bgnbd_holdout_eval(&p, &d, xs, 39, 0, &h, &e), -1);
	CHECK_STR(e.field, "x_star");
	btyd_data_release(&d);
}

/* MBG/NBD: the likelihood and expectations against an independent
 * implementation (plain log-sum-exp in Python; mpmath 2F1 at 40 digits),
 * the CDNOW fit and parameter recovery (its gradient: bgnbd_gradient). */
TEST(mbgnbd_reference)
{
	const struct bgnbd_params p = {0.5, 6.0, 0.9, 1.6}, q = {0.5, 6.0, 1.7, 1.6};
	struct cdnow c;
	struct bgnbd_fit fit;
	struct bgnbd_holdout h;
	struct err e = {0};
	double ll;

	CHECK_NEAR(mbgnbd_p_alive(&p, 2, 30.43, 38.86), 0.7038938515222473, 1e-14);
	CHECK_NEAR(mbgnbd_p_alive(&p, 0, 0, 38.86), 0.39399992639931347, 1e-14);
	CHECK_NEAR(mbgnbd_expected_conditional(&p, 39, 2, 30.43, 38.86), 1.2495463031477398, 1e-12);
	CHECK_NEAR(mbgnbd_expected_conditional(&p, 39, 0, 0, 38.86), 0.14890931857037524, 1e-12);
	CHECK_NEAR(mbgnbd_expected_unconditional(&p, 52), 1.370827681021489, 1e-12);
	CHECK_NEAR(mbgnbd_expected_conditional(&q, 520, 5, 3, 10), 1.4745217904715153, 1e-12);
	if (cdnow_load(&c) < 0) {
		test_skip("shared/data not available");
		return;
	}
	CHECK_INT(mbgnbd_loglik(&p, &c.cal, 0, &ll, NULL, &e), 0);
	/* (The reference used the CBS file's t_x and T rounded to 6 decimals.) */
	CHECK_NEAR(ll, -9582.770927180512, 1e-5);
	CHECK_INT(mbgnbd_fit(&c.cal, NULL, &fit, &e), 0);
	CHECK(fit.opt.converged && fit.opt.se_ok);
	CHECK(fit.loglik >= ll);
	double g[4];
	CHECK_INT(mbgnbd_loglik(&fit.par, &c.cal, 0, &ll, g, &e), 0);
	CHECK_NEAR(ll, fit.loglik, 1e-9);
	for (int j = 0; j < 4; j++)
		CHECK_NEAR(g[j] * (&fit.par.r)[j], 0, 1e-4);
	CHECK_INT(mbgnbd_holdout_eval(&fit.par, &c.cal, c.x_star, 39, 0, &h, &e), 0);
	CHECK(h.expected > 1500 && h.expected < 1900 && h.actual == 1882);
	cdnow_release(&c);
}

TEST(mbgnbd_recovery)
{
	const struct btyd_sim_options so = {{0.5, 6.0, 0.7, 3.0}, {6, 4, 15}, 1, 78, 52, 1};
	const size_t n = 100000;
	struct btyd_data d = BTYD_DATA_INIT;
	int32_t *xs = xmalloc(n * sizeof(*xs));
	struct bgnbd_fit fit;
	struct bgnbd_holdout h;
	struct rng rng;
	struct err e = {0};

	rng_seed(&rng, 2007);
	btyd_simulate(&rng, &so, n, &d, xs);
	CHECK_INT(mbgnbd_fit(&d, NULL, &fit, &e), 0);
	CHECK(fit.opt.converged && fit.opt.se_ok);
	const double *est = &fit.par.r, *se = &fit.se.r, *tru = &so.bg.r;
	for (int j = 0; j < 4; j++)
		if (!(fabs(est[j] - tru[j]) <= 3 * se[j]))
			test_fail(__FILE__, __LINE__, "parameter %d: %.5g, true %.5g, se %.3g", j,
			          est[j], tru[j], se[j]);
	CHECK_INT(mbgnbd_holdout_eval(&so.bg, &d, xs, 52, 0, &h, &e), 0);
	CHECK_NEAR(h.expected / h.actual, 1, 0.02);
	CHECK_NEAR(h.bucket_expected[0] / h.bucket_actual[0], 1, 0.05);

	btyd_data_release(&d);
	free(xs);
}

/* Nobody drops out: the likelihood rises towards a -> 0, b -> inf along a
 * ridge.  The fit is no error, stays finite, and does not claim a
 * well-determined optimum. */
TEST(bgnbd_flat_likelihood)
{
	const struct btyd_sim_options so = {{0.5, 6.0, 0.001, 1000}, {6, 4, 15}, 1, 78, 0, 0};
	struct btyd_data d = BTYD_DATA_INIT;
	struct bgnbd_fit fit;
	struct rng rng;
	struct err e = {0};

	rng_seed(&rng, 3);
	btyd_simulate(&rng, &so, 5000, &d, NULL);
	CHECK_INT(bgnbd_fit(&d, NULL, &fit, &e), 0);
	CHECK(!(fit.opt.converged && fit.opt.se_ok));
	CHECK(isfinite(fit.loglik) && all_finite(&fit.par.r, 4));
	CHECK(fit.par.a / (fit.par.a + fit.par.b) < 1e-3); /* mean dropout probability ~ 0 */
	CHECK_NEAR(fit.par.r / fit.par.alpha, 0.5 / 6.0, 0.01);
	btyd_data_release(&d);
}

/* A fit of nearly the same base (ten customers fewer) as the start of a
 * polish: it ends converged at the maximum a fit from scratch finds (to
 * well within a thousandth of a standard error), by Newton steps on the
 * whole base from that start, in a few evaluations; the Gamma-Gamma fit
 * too. */
TEST(btyd_polish_from_a_near_fit)
{
	const struct btyd_sim_options so = {{0.5, 6.0, 0.7, 3.0}, {5.0, 3.5, 12.0}, 5, 78, 0, 0};
	struct btyd_data d = BTYD_DATA_INIT;
	struct bgnbd_fit near, cold, pol;
	struct gg_fit gnear, gcold, gpol;
	struct rng rng;
	struct err e = {0};

	rng_seed(&rng, 777);
	btyd_simulate(&rng, &so, 100000, &d, NULL);
	d.n -= 10;
	CHECK_INT(bgnbd_fit(&d, NULL, &near, &e), 0);
	CHECK_INT(gg_fit(&d, NULL, &gnear, &e), 0);
	d.n += 10;
	CHECK_INT(bgnbd_fit(&d, NULL, &cold, &e), 0);
	CHECK_INT(gg_fit(&d, NULL, &gcold, &e), 0);
	struct bgnbd_options bo = {0};
	bo.start = &near.par, bo.polish = bo.no_se = 1;
	CHECK_INT(bgnbd_fit(&d, &bo, &pol, &e), 0);
	CHECK(pol.opt.converged);
	CHECK_INT(pol.opt.evaluations_full, pol.opt.evaluations); /* no subsample */
	CHECK(pol.opt.evaluations < cold.opt.evaluations);
	CHECK_STR(pol.opt.algorithm, "Newton"); /* steps, not a search */
	CHECK(pol.opt.evaluations <= 4);
	const double *a = &pol.par.r, *b = &cold.par.r, *se = &cold.se.r;
	for (int j = 0; j < 4; j++)
		if (!(fabs(a[j] - b[j]) <= 1e-3 * se[j]))
			test_fail(__FILE__, __LINE__, "parameter %d: %.10g, from scratch %.10g", j,
			          a[j], b[j]);
	struct gg_options go = {0};
	go.start = &gnear.par, go.polish = go.no_se = 1;
	CHECK_INT(gg_fit(&d, &go, &gpol, &e), 0);
	CHECK(gpol.opt.converged);
	CHECK(gpol.opt.evaluations < gcold.opt.evaluations);
	CHECK_STR(gpol.opt.algorithm, "Newton");
	CHECK(gpol.opt.evaluations <= 4);
	const double *ga = &gpol.par.p, *gb = &gcold.par.p, *gse = &gcold.se.p;
	for (int j = 0; j < 3; j++)
		if (!(fabs(ga[j] - gb[j]) <= 1e-3 * gse[j]))
			test_fail(__FILE__, __LINE__, "gg parameter %d: %.10g, from scratch %.10g",
			          j, ga[j], gb[j]);
	btyd_data_release(&d);
}

/* T and t_x in whole days over 7 (as every dataset's summaries are): the
 * likelihood looks ln(alpha + d/7) up per day.  It equals the sum over
 * the customers one at a time (each alone computes its logarithms), and
 * a base with one T that is not whole days takes the computed path for
 * all: the same value to rounding. */
TEST(bgnbd_loglik_with_days_looked_up)
{
	struct btyd_data d = BTYD_DATA_INIT;
	struct rng r;
	struct err e;
	err_init(&e, LANG_EN);
	rng_seed(&r, 5);
	for (int i = 0; i < 3000; i++) {
		struct btyd_summary s = {0};
		int T = 1 + (int)(rng_uniform(&r) * 700), tx = (int)(rng_uniform(&r) * T);
		s.x = rng_uniform(&r) < 0.3 ? 0 : 1 + (int32_t)(rng_uniform(&r) * 30);
		s.T = (double)T / 7.0;
		s.t_x = s.x ? (double)tx / 7.0 : 0;
		btyd_data_push(&d, &s);
	}
	const struct bgnbd_params p = {0.7, 12.5, 0.9, 3.1};
	double ll, g[4], sum = 0, gs[4] = {0, 0, 0, 0};
	CHECK_INT(bgnbd_loglik(&p, &d, 0, &ll, g, &e), 0);
	for (size_t i = 0; i < d.n; i++) {
		struct btyd_data one = {1, &d.x[i], &d.t_x[i], &d.T[i], NULL, 1};
		double l1, g1[4];
		CHECK_INT(bgnbd_loglik(&p, &one, 1, &l1, g1, &e), 0);
		sum += l1;
		for (int j = 0; j < 4; j++)
			gs[j] += g1[j];
	}
	CHECK_NEAR(ll, sum, 1e-9 * fabs(sum));
	for (int j = 0; j < 4; j++)
		CHECK_NEAR(g[j], gs[j], 1e-8 * (fabs(gs[j]) + 1));
	double ll2;
	d.T[0] += 1e-3; /* not whole days: every logarithm computed */
	CHECK_INT(bgnbd_loglik(&p, &d, 0, &ll2, NULL, &e), 0);
	d.T[0] -= 1e-3;
	CHECK_INT(bgnbd_loglik(&p, &d, 0, &ll, NULL, &e), 0);
	CHECK(fabs(ll2 - ll) < 1e-6 * fabs(ll));
	btyd_data_release(&d);
}
