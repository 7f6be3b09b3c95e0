/*
 * gammagamma.c — the Gamma-Gamma spend model (Fader, Hardie & Lee 2005,
 * "RFM and CLV"; Fader & Hardie 2013 note): log-likelihood with analytic
 * gradient, maximum-likelihood fit over the repeat buyers, the conditional
 * expected transaction value, and the customer lifetime value that joins
 * it with the BG/NBD expected purchases.
 *
 * As in bgnbd.c, terms that depend on x only are computed once per distinct
 * x, and sums over customers that do not depend on the parameters
 * (sum ln m_x, sum x ln m_x) once per fit; the per-customer loop needs one
 * logarithm.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "btyd_impl.h"

#define GG_XTAB 4096
#define GG_PAR_MIN 16384
#define GG_CLV_MIN 1024
#define CLV_CHUNK 16

static const char *const gg_names[3] = {"p", "q", "gamma"};

/* ---- log-likelihood ---- */

struct gg_slot {
	/* s1 = sum x ln(g + m x), s2 = sum ln(g + m x), s3 = sum x/(g + m x),
	 * s4 = sum 1/(g + m x); big* the x-only terms of customers with
	 * x >= K. */
	double s1, s2, s3, s4, big_ll, big_gp, big_gq;
	char pad[64];
};

struct gg_eval {
	const struct btyd_data *d;
	size_t stride, len; /* customers i = k * stride, k < len */
	size_t m;           /* of those, the ones used: x > 0 and m_x > 0 */
	int threads, K;
	double *cnt;
	double sum_lm, sum_xlm; /* sum ln m_x, sum x ln m_x over those used */
	double p, q, g;
	struct gg_slot slot[BTYD_MAX_THREADS];
};

static int gg_used(const struct btyd_data *d, size_t i)
{
	return d->x[i] > 0 && d->m_x[i] > 0;
}

static void gg_eval_init(struct gg_eval *ev, const struct btyd_data *d, size_t stride, int threads)
{
	int32_t xmax = 0;

	memset(ev, 0, sizeof(*ev));
	ev->d = d;
	ev->stride = stride;
	ev->len = (d->n + stride - 1) / stride;
	ev->threads = btyd_threads(threads);
	for (size_t i = 0; i < d->n; i += stride)
		if (gg_used(d, i) && d->x[i] > xmax)
			xmax = d->x[i];
	ev->K = xmax < GG_XTAB - 1 ? (int)xmax + 1 : GG_XTAB;
	ev->cnt = xcalloc((size_t)ev->K, sizeof(double));
	for (size_t i = 0; i < d->n; i += stride) {
		if (!gg_used(d, i))
			continue;
		double lm = log(d->m_x[i]);
		ev->m++;
		ev->sum_lm += lm;
		ev->sum_xlm += d->x[i] * lm;
		if (d->x[i] < ev->K)
			ev->cnt[d->x[i]] += 1;
	}
}

static void gg_eval_release(struct gg_eval *ev)
{
	free(ev->cnt);
	memset(ev, 0, sizeof(*ev));
}

/* lnΓ(px+q) - lnΓ(px) + px ln x and its derivatives in p and q. */
static double gg_xterm(double p, double q, double x, double *gp, double *gq)
{
	double px = p * x, ps = btyd_digamma(px + q);

	*gp = x * (ps - btyd_digamma(px) + log(x));
	*gq = ps;
	return btyd_lgamma(px + q) - btyd_lgamma(px) + px * log(x);
}

static void gg_kernel(void *arg, int s, size_t lo, size_t hi)
{
	struct gg_eval *ev = arg;
	struct gg_slot *sl = &ev->slot[s];
	const struct btyd_data *d = ev->d;
	const double g = ev->g;

	for (size_t k = lo; k < hi; k++) {
		size_t i = k * ev->stride;
		if (!gg_used(d, i))
			continue;
		double x = d->x[i], v = g + d->m_x[i] * x, l = log(v), w = 1 / v;
		sl->s1 += x * l;
		sl->s2 += l;
		sl->s3 += x * w;
		sl->s4 += w;
		if (d->x[i] >= ev->K) {
			double gp, gq;
			sl->big_ll += gg_xterm(ev->p, ev->q, x, &gp, &gq);
			sl->big_gp += gp;
			sl->big_gq += gq;
		}
	}
}

/* Total log-likelihood and its gradient in (p, q, gamma). */
static double gg_eval_run(struct gg_eval *ev, const struct gg_params *par, double grad[3])
{
	double p = par->p, q = par->q, g = par->gamma, n = (double)ev->m;
	double s1 = 0, s2 = 0, s3 = 0, s4 = 0, ll, gp, gq;

	ev->p = p;
	ev->q = q;
	ev->g = g;
	memset(ev->slot, 0, sizeof(ev->slot));
	int used = btyd_parallel(ev->threads, ev->len, GG_PAR_MIN, gg_kernel, ev);
	ll = n * (q * log(g) - btyd_lgamma(q)) + p * ev->sum_xlm - ev->sum_lm;
	gp = ev->sum_xlm;
	gq = n * (log(g) - btyd_digamma(q));
	for (int s = 0; s < used; s++) {
		struct gg_slot *sl = &ev->slot[s];
		s1 += sl->s1;
		s2 += sl->s2;
		s3 += sl->s3;
		s4 += sl->s4;
		ll += sl->big_ll;
		gp += sl->big_gp;
		gq += sl->big_gq;
	}
	for (int x = 1; x < ev->K; x++) {
		double c = ev->cnt[x], dp, dq;
		if (c == 0)
			continue;
		ll += c * gg_xterm(p, q, x, &dp, &dq);
		gp += c * dp;
		gq += c * dq;
	}
	ll -= p * s1 + q * s2;
	if (grad) {
		grad[0] = gp - s1;
		grad[1] = gq - s2;
		grad[2] = n * q / g - p * s3 - q * s4;
	}
	return ll;
}

static int gg_params_ok(const struct gg_params *p, struct err *e)
{
	const double v[3] = {p->p, p->q, p->gamma};
	for (int j = 0; j < 3; j++)
		if (!isfinite(v[j]) || !(v[j] > 0))
			return err_set(e, "Gamma-Gamma parameter %s = %g must be finite and > 0",
			               gg_names[j], v[j]);
	return 0;
}

int gg_loglik(const struct gg_params *p, const struct btyd_data *d, int threads, double *ll,
              double grad[3], struct err *e)
{
	struct gg_eval ev;

	if (gg_params_ok(p, e) < 0 || btyd_data_check(d, 1, e) < 0)
		return -1;
	gg_eval_init(&ev, d, 1, threads);
	*ll = gg_eval_run(&ev, p, grad);
	gg_eval_release(&ev);
	return 0;
}

/* ---- fit ---- */

static double gg_objective(void *ctx, const double *th, double *g)
{
	struct gg_eval *ev = ctx;
	struct gg_params p = {exp(th[0]), exp(th[1]), exp(th[2])};
	double gn[3], ll = gg_eval_run(ev, &p, g ? gn : NULL), m = (double)ev->m;

	if (g) {
		g[0] = gn[0] * p.p / m;
		g[1] = gn[1] * p.q / m;
		g[2] = gn[2] * p.gamma / m;
	}
	return ll / m;
}

int gg_fit(const struct btyd_data *d, const struct gg_options *opt, struct gg_fit *fit,
           struct err *e)
{
	static const struct gg_options defaults;
	const double lb[3] = {log(1e-6), log(1e-6), log(1e-12)};
	const double ub[3] = {log(1e6), log(1e6), log(1e15)};
	/* (p, q); gamma puts the population mean gamma p/(q-1) at the mean m_x. */
	static const double shapes[][2] = {{2, 3}, {6, 4}, {1, 2}, {10, 10}};
	double starts[(ARRAY_SIZE(shapes) + 1) * 3], th[3], se[3], mean = 0, f;
	struct gg_eval full, sub;
	struct btyd_problem pf, ps;
	int ret = -1, nstart = 0, use_sub;

	memset(fit, 0, sizeof(*fit));
	if (!opt)
		opt = &defaults;
	if (btyd_data_check(d, 1, e) < 0)
		return -1;
	for (size_t i = 0; i < d->n; i++) {
		if (gg_used(d, i)) {
			fit->n++;
			mean += d->m_x[i];
		} else if (d->x[i] > 0) {
			fit->skipped++;
		}
	}
	if (fit->n == 0)
		return err_set(e, "no repeat buyers with a positive mean value: the Gamma-Gamma "
		                  "model cannot be fitted");
	if (fit->n < GG_MIN_CUSTOMERS)
		return err_set(e, "Gamma-Gamma needs at least %d repeat buyers, got %zu",
		               GG_MIN_CUSTOMERS, fit->n);
	mean /= (double)fit->n;
	if (opt->start) {
		if (gg_params_ok(opt->start, e) < 0)
			return -1;
		starts[0] = log(opt->start->p);
		starts[1] = log(opt->start->q);
		starts[2] = log(opt->start->gamma);
		nstart++;
	}
	for (size_t s = 0; s < ARRAY_SIZE(shapes) && !(opt->polish && opt->start); s++, nstart++) {
		starts[nstart * 3 + 0] = log(shapes[s][0]);
		starts[nstart * 3 + 1] = log(shapes[s][1]);
		starts[nstart * 3 + 2] = log(mean * (shapes[s][1] - 1) / shapes[s][0]);
	}

	use_sub = fit->n > BTYD_SUB_ABOVE; /* with a polish: for the Hessian */
	gg_eval_init(&full, d, 1, opt->threads);
	pf = (struct btyd_problem){3,  gg_objective,   &full,    lb,
	                           ub, (double)full.m, gg_names, opt->polish && opt->start};
	if (use_sub) {
		/* About BTYD_SUBSAMPLE of the customers used. */
		gg_eval_init(&sub, d, d->n / (BTYD_SUBSAMPLE * d->n / fit->n), opt->threads);
		ps = pf;
		ps.ctx = &sub;
		ps.n = (double)sub.m;
	}
	int max_eval = opt->max_evaluations > 0 ? opt->max_evaluations : 1000;
	if (btyd_fit_run(&pf, use_sub ? &ps : NULL, starts, nstart, opt->polish && opt->start,
	                 max_eval, opt->no_se, th, &f, &fit->cov[0][0], se, &fit->opt) < 0) {
		err_set(e, "Gamma-Gamma fit found no finite likelihood");
		goto out;
	}
	fit->par = (struct gg_params){exp(th[0]), exp(th[1]), exp(th[2])};
	fit->se = (struct gg_params){se[0], se[1], se[2]};
	fit->loglik = gg_eval_run(&full, &fit->par, NULL);
	ret = 0;
out:
	if (use_sub)
		gg_eval_release(&sub);
	gg_eval_release(&full);
	return ret;
}

double gg_expected_value(const struct gg_params *p, int32_t x, double m_x)
{
	double den = p->p * x + p->q - 1;

	if (!(den > 0))
		return INFINITY;
	return (p->gamma + m_x * x) * p->p / den;
}

/* ---- customer lifetime value ---- */

static int clv_options_ok(const struct btyd_clv_options *o)
{
	return isfinite(o->years) && o->years > 0 && o->years <= 1000 && isfinite(o->discount) &&
	       o->discount >= 0 && o->periods_per_year >= 1 && o->periods_per_year <= 365 &&
	       isfinite(o->margin);
}

double btyd_clv(const struct bgnbd_params *bg, const struct gg_params *gg, int32_t x, double t_x,
                double T, double m_x, const struct btyd_clv_options *o)
{
	double horizon, pa, ez, purchases = 0;

	if (!clv_options_ok(o))
		return 0;
	horizon = 52.0 * o->years;
	pa = bgnbd_p_alive(bg, x, t_x, T);
	if (o->discount == 0) {
		purchases = pa * bgnbd_alive_expect(bg, 0, horizon, x, T);
	} else {
		/* Period ends t_j, CLV_CHUNK at a time. */
		double w = 52.0 / o->periods_per_year, prev = 0, t[CLV_CHUNK], ey[CLV_CHUNK];
		long J = (long)ceil(o->years * o->periods_per_year - 1e-9);
		for (long j0 = 1; j0 <= J; j0 += CLV_CHUNK) {
			int m = J - j0 + 1 < CLV_CHUNK ? (int)(J - j0 + 1) : CLV_CHUNK;
			for (int k = 0; k < m; k++)
				t[k] = fmin((double)(j0 + k) * w, horizon);
			bgnbd_alive_expect_many(bg, 0, x, T, t, m, ey);
			for (int k = 0; k < m; k++) {
				purchases += (ey[k] - prev) * pow(1 + o->discount, -t[k] / 52.0);
				prev = ey[k];
			}
		}
		purchases *= pa;
	}
	if (purchases == 0 || o->margin == 0)
		return 0;
	ez = gg_expected_value(gg, x, m_x);
	return o->margin * ez * purchases;
}

struct clv_job {
	const struct bgnbd_params *bg;
	const struct gg_params *gg;
	const struct btyd_data *d;
	const struct btyd_clv_options *o;
	double *out;
};

static void clv_kernel(void *arg, int s, size_t lo, size_t hi)
{
	struct clv_job *j = arg;
	const struct btyd_data *d = j->d;

	for (size_t i = lo; i < hi; i++)
		j->out[i] = btyd_clv(j->bg, j->gg, d->x[i], d->t_x[i], d->T[i], d->m_x[i], j->o);
}

int btyd_clv_score(const struct bgnbd_params *bg, const struct gg_params *gg,
                   const struct btyd_data *d, const struct btyd_clv_options *o, int threads,
                   double *out, struct err *e)
{
	struct clv_job job = {bg, gg, d, o, out};

	if (btyd_data_check(d, 1, e) < 0 || gg_params_ok(gg, e) < 0 ||
	    bgnbd_params_check(bg, e) < 0)
		return -1;
	if (!clv_options_ok(o))
		return err_set(e, "CLV options: years in (0, 1000], discount >= 0, periods per "
		                  "year in 1..365 and a finite margin");
	btyd_parallel(threads, d->n, GG_CLV_MIN, clv_kernel, &job);
	return 0;
}
