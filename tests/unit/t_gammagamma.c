/*
 * t_gammagamma.c — tests of the Gamma-Gamma spend model and the customer
 * lifetime value (src/model/gammagamma.c): the CDNOW reproduction,
 * gradient, parameter recovery, extremes, errors and the CLV formula.
 * Uses cdnow_load() from t_bgnbd.c.
 */
#include <stdlib.h>
#include <string.h>

#include "btyd_sim.h"
#include "test.h"
#include "util.h"

struct cdnow {
	struct btyd_data cal;
	int32_t *x_star;
};
int cdnow_load(struct cdnow *c); /* t_bgnbd.c */

TEST(gg_cdnow_fit)
{
	struct cdnow c;
	struct gg_fit fit;
	struct err e = {0};

	if (cdnow_load(&c) < 0) {
		test_skip("shared/data not available");
		return;
	}
	CHECK_INT(gg_fit(&c.cal, NULL, &fit, &e), 0);
	CHECK_INT(fit.n, 946);
	CHECK_INT(fit.skipped, 0);
	/* Fader & Hardie: p = 6.25, q = 3.74, gamma = 15.44. */
	CHECK_NEAR(fit.par.p, 6.25, 0.005);
	CHECK_NEAR(fit.par.q, 3.74, 0.005);
	CHECK_NEAR(fit.par.gamma, 15.44, 0.05);
	/* The log-likelihood at the published values is -4055.92; the
	 * maximum can only be higher, and only a little. */
	CHECK(fit.loglik >= -4055.92 && fit.loglik < -4055.0);
	CHECK(fit.opt.converged);
	CHECK(fit.opt.se_ok && fit.se.p > 0 && fit.se.q > 0 && fit.se.gamma > 0);

	/* Customer 1: x = 2, m_x = 22.345: (gamma + 2 m) p / (2p + q - 1). */
	const struct gg_params pub = {6.25, 3.74, 15.44};
	CHECK_NEAR(gg_expected_value(&pub, 2, 22.345), (15.44 + 44.69) * 6.25 / 15.24, 1e-12);
	CHECK_NEAR(gg_expected_value(&pub, 0, 0), 15.44 * 6.25 / 2.74, 1e-12);
	double ll;
	CHECK_INT(gg_loglik(&pub, &c.cal, 0, &ll, NULL, &e), 0);
	CHECK_NEAR(ll, -4055.9192318, 1e-6);

	btyd_data_release(&c.cal);
	free(c.x_star);
}

TEST(gg_gradient)
{
	const struct btyd_sim_options so = {{0.6, 3.0, 0.9, 2.0}, {4, 3, 20}, 0, 60, 0, 0};
	struct btyd_data d = BTYD_DATA_INIT;
	struct btyd_summary big = {5000, 50, 52, 31.5}, free_only = {3, 10, 20, 0};
	struct gg_params p = {3.5, 3.2, 18};
	double ll, ll2, g[3], g2[3];
	struct rng rng;
	struct err e = {0};

	rng_seed(&rng, 11);
	btyd_simulate(&rng, &so, 60000, &d, NULL);
	btyd_data_push(&d, &big);
	btyd_data_push(&d, &free_only);
	CHECK_INT(gg_loglik(&p, &d, 1, &ll, g, &e), 0);
	CHECK_INT(gg_loglik(&p, &d, 2, &ll2, g2, &e), 0);
	CHECK_NEAR(ll2, ll, 1e-9 * fabs(ll));
	double *par = &p.p;
	for (int j = 0; j < 3; j++) {
		double h = 1e-6 * par[j], keep = par[j], up, dn;
		CHECK_NEAR(g2[j], g[j], 1e-9 * fabs(ll));
		par[j] = keep + h;
		gg_loglik(&p, &d, 1, &up, NULL, &e);
		par[j] = keep - h;
		gg_loglik(&p, &d, 1, &dn, NULL, &e);
		par[j] = keep;
		double num = (up - dn) / (2 * h);
		if (!(fabs(num - g[j]) <= 1e-5 * (fabs(g[j]) + 1)))
			test_fail(__FILE__, __LINE__, "d/d%d: analytic %.10g, numeric %.10g", j,
			          g[j], num);
	}
	btyd_data_release(&d);
}

TEST(gg_recovery)
{
	const struct btyd_sim_options so = {{0.5, 4.0, 0.7, 3.0}, {5.0, 3.5, 12.0}, 20, 104, 0, 0};
	struct btyd_data d = BTYD_DATA_INIT;
	struct gg_fit fit;
	struct rng rng;
	struct err e = {0};

	rng_seed(&rng, 424242);
	btyd_simulate(&rng, &so, 100000, &d, NULL);
	CHECK_INT(gg_fit(&d, NULL, &fit, &e), 0);
	CHECK(fit.opt.converged && fit.opt.se_ok);
	CHECK(fit.opt.evaluations_full < fit.opt.evaluations); /* the subsample stage ran */
	const double *est = &fit.par.p, *se = &fit.se.p, *tru = &so.gg.p;
	for (int j = 0; j < 3; j++) {
		CHECK(se[j] > 0 && se[j] < 0.2 * tru[j]);
		if (!(fabs(est[j] - tru[j]) <= 3 * se[j]))
			test_fail(__FILE__, __LINE__, "parameter %d: %.5g, true %.5g, se %.3g", j,
			          est[j], tru[j], se[j]);
	}
	btyd_data_release(&d);
}

TEST(gg_extremes)
{
	const struct btyd_sim_options so = {{0.5, 4.0, 0.7, 3.0}, {5.0, 3.5, 12.0}, 20, 104, 0, 0};
	struct btyd_summary odd[] = {{1, 3, 10, 1e9},
	                             {500, 50, 52, 1e9},
	                             {2, 1, 3, 1e-6},
	                             {1, 0.1, 0.2, 0.01},
	                             {7, 1, 1, 0}};
	struct btyd_data d = BTYD_DATA_INIT;
	struct bgnbd_params bg = {0.5, 4.0, 0.7, 3.0};
	struct btyd_clv_options o = {10, 0.1, 12, 0.3};
	struct gg_fit fit;
	struct rng rng;
	struct err e = {0};

	rng_seed(&rng, 5);
	btyd_simulate(&rng, &so, 2000, &d, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(odd); i++)
		btyd_data_push(&d, &odd[i]);
	CHECK_INT(gg_fit(&d, NULL, &fit, &e), 0);
	CHECK_INT(fit.skipped, 1);
	CHECK(isfinite(fit.loglik) && isfinite(fit.par.p) && isfinite(fit.par.q) &&
	      isfinite(fit.par.gamma));
	double *clv = xmalloc(d.n * sizeof(double));
	CHECK_INT(btyd_clv_score(&bg, &fit.par, &d, &o, 0, clv, &e), 0);
	for (size_t i = 0; i < d.n; i++)
		if (!(isfinite(clv[i]) && clv[i] >= 0))
			test_fail(__FILE__, __LINE__, "customer %zu: CLV %g", i, clv[i]);
	/* Huge spenders are worth more than anyone else. */
	CHECK(clv[d.n - 4] > 1e6);
	/* A mean that does not exist: q <= 1 for a one-time buyer. */
	const struct gg_params heavy = {0.5, 0.8, 10};
	CHECK(isinf(gg_expected_value(&heavy, 0, 0)));
	CHECK(isfinite(gg_expected_value(&heavy, 3, 20)));
	/* ...and no expected purchases makes no NaN. */
	CHECK_NEAR(btyd_clv(&bg, &heavy, 0, 0, 10, 0, &(struct btyd_clv_options){1, 0, 1, 0}), 0,
	           0);
	free(clv);
	btyd_data_release(&d);
}

TEST(gg_errors)
{
	struct btyd_data d = BTYD_DATA_INIT;
	struct btyd_summary one = {0, 0, 30, 0}, rep = {2, 10, 30, 5};
	struct gg_fit fit;
	struct err e = {0};

	for (int i = 0; i < 50; i++)
		btyd_data_push(&d, &one);
	err_clear(&e);
	CHECK_INT(gg_fit(&d, NULL, &fit, &e), -1);
	CHECK(strstr(e.msg, "no repeat buyers") != NULL);
	for (int i = 0; i < 5; i++)
		btyd_data_push(&d, &rep);
	CHECK_INT(gg_fit(&d, NULL, &fit, &e), -1);
	CHECK(strstr(e.msg, "at least 10") != NULL);
	d.m_x[3] = -1;
	err_clear(&e);
	CHECK_INT(gg_fit(&d, NULL, &fit, &e), -1);
	CHECK_STR(e.field, "m_x");
	CHECK_INT(e.line, 4);
	d.m_x[3] = 0;
	double ll;
	CHECK_INT(gg_loglik(&(struct gg_params){1, -2, 3}, &d, 0, &ll, NULL, &e), -1);
	btyd_data_release(&d);
}

/* The CLV formula of docs/BTYD.md, recomputed from its parts. */
TEST(btyd_clv_formula)
{
	const struct bgnbd_params bg = {0.2426, 4.4136, 0.7929, 2.4259};
	const struct gg_params gg = {6.25, 3.74, 15.44};
	const int32_t x = 2;
	const double tx = 30.43, T = 38.86, m = 22.345;
	double ez = gg_expected_value(&gg, x, m);

	/* 52 weeks, undiscounted, margin 1: E[Z] * E[Y(52)]. */
	struct btyd_clv_options o1 = {1, 0, 1, 1};
	CHECK_NEAR(btyd_clv(&bg, &gg, x, tx, T, m, &o1),
	           ez * bgnbd_expected_conditional(&bg, 52, x, tx, T), 1e-12);
	/* Three years at 10 %, quarterly, margin 0.25: the sum by hand. */
	struct btyd_clv_options o2 = {3, 0.10, 4, 0.25};
	double sum = 0, prev = 0;
	for (int j = 1; j <= 12; j++) {
		double cur = bgnbd_expected_conditional(&bg, 13.0 * j, x, tx, T);
		sum += (cur - prev) / pow(1.10, j / 4.0);
		prev = cur;
	}
	CHECK_NEAR(btyd_clv(&bg, &gg, x, tx, T, m, &o2), 0.25 * ez * sum, 1e-10);
	/* A partial last period: 1.5 years, yearly steps end at 52 and 78. */
	struct btyd_clv_options o3 = {1.5, 0.10, 1, 1};
	double y1 = bgnbd_expected_conditional(&bg, 52, x, tx, T);
	double y2 = bgnbd_expected_conditional(&bg, 78, x, tx, T);
	CHECK_NEAR(btyd_clv(&bg, &gg, x, tx, T, m, &o3),
	           ez * (y1 / 1.10 + (y2 - y1) / pow(1.10, 1.5)), 1e-10);
	/* Discounting lowers the value; a longer horizon raises it. */
	struct btyd_clv_options und = {3, 0, 4, 0.25};
	CHECK(btyd_clv(&bg, &gg, x, tx, T, m, &o2) < btyd_clv(&bg, &gg, x, tx, T, m, &und));
	struct btyd_clv_options o10 = {10, 0.10, 4, 0.25};
	CHECK(btyd_clv(&bg, &gg, x, tx, T, m, &o10) > btyd_clv(&bg, &gg, x, tx, T, m, &o2));
	/* Invalid options. */
	struct btyd_clv_options bad = {0, 0.1, 1, 1};
	CHECK_NEAR(btyd_clv(&bg, &gg, x, tx, T, m, &bad), 0, 0);
	struct btyd_data d = BTYD_DATA_INIT;
	struct btyd_summary s = {x, tx, T, m};
	double out;
	struct err e = {0};
	btyd_data_push(&d, &s);
	CHECK_INT(btyd_clv_score(&bg, &gg, &d, &bad, 0, &out, &e), -1);
	CHECK_INT(btyd_clv_score(&bg, &gg, &d, &o2, 0, &out, &e), 0);
	CHECK_NEAR(out, btyd_clv(&bg, &gg, x, tx, T, m, &o2), 0);
	btyd_data_release(&d);
}
