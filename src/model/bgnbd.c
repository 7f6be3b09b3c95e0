/*
 * bgnbd.c — the BG/NBD model (Fader, Hardie & Lee 2005) and its variant
 * MBG/NBD (Batislam, Denizel & Filiztekin 2007): log-likelihood with
 * analytic gradient, the maximum-likelihood fit, P(alive), conditional and
 * unconditional expected transactions, scoring of a whole customer base
 * and the calibration/holdout evaluation.  One implementation serves both:
 * MBG/NBD lets a customer drop out right after the first purchase too,
 * which turns b + x - 1 into b + x (s = 1) throughout.
 *
 * Speed: every term that depends on x only (lnΓ(r+x), ln B(a,b+x), their
 * derivatives, ln a - ln(b+x-1)) is computed once per distinct x per
 * evaluation (x < BG_XTAB; larger x directly); the per-customer loop then
 * needs two logarithms and one exponential and runs on up to two threads.
 * No memory per customer is allocated.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "btyd_impl.h"

#define BG_XTAB 4096      /* x below this is tabulated */
#define BG_BLOCK 4096     /* customers summed in a block before adding */
#define BG_PAR_MIN 16384  /* fewest customers per thread in the likelihood */
#define BG_SCORE_MIN 2048 /* fewest customers per thread when scoring */

/* Each thread's sw4 row, padded so that two threads never share a cache line. */
#define SW4_STRIDE(K) ((size_t)(K) + 8)

static const char *const bg_names[4] = {"r", "alpha", "a", "b"};

/* ---- log-likelihood ---- */

struct bg_slot {
	double ll, g[4];
	double *sw4; /* per x < K: sum of the weights of the t_x term */
	char pad[64];
};

struct bg_eval {
	const struct btyd_data *d;
	size_t stride, m; /* customers i = k * stride, k < m */
	int threads, K;
	double *cnt; /* cnt[x], x < K: customers with that x */
	double *lab; /* lab[x] = ln a - ln(b+x-1+s), x in 1-s..K-1 */
	double *sw4; /* slots * K */
	struct bg_slot slot[BTYD_MAX_THREADS];
	int s; /* 0: BG/NBD, 1: MBG/NBD (b + x - 1 becomes b + x throughout) */
	double r, al, a, b;
	/* Per evaluation: lnG(r) - r ln alpha + ln B(a, b) and ψ(r), ψ(a+b), ψ(b). */
	double lconst, psr, psab, psb;
	/* T and t_x in days when every one is a whole number of days over 7
	 * (as the dataset's are): ln(alpha + d/7) is then looked up, one
	 * logarithm per day of the history per evaluation instead of two per
	 * customer — the same function of the same number, so the same
	 * value.  NULL otherwise. */
	int32_t *tday, *txday; /* per sample k */
	double *lnday;         /* ndays, per evaluation */
	int32_t ndays;
};

/* d when t == d / 7 exactly for a whole d in [0, limit), else -1. */
static int32_t days_of(double t, int32_t limit)
{
	if (!(t >= 0) || t * 7 >= (double)limit)
		return -1;
	int32_t d = (int32_t)(t * 7 + 0.5);
	return (double)d / 7.0 == t ? d : -1;
}

static void bg_eval_days(struct bg_eval *ev)
{
	const struct btyd_data *d = ev->d;
	/* more days than customers would cost more logarithms than it saves */
	int32_t limit = ev->m < (1u << 20) ? (int32_t)ev->m : 1 << 20, nd = 1;
	ev->tday = xmalloc(sizeof(int32_t) * (ev->m + 1));
	ev->txday = xmalloc(sizeof(int32_t) * (ev->m + 1));
	for (size_t k = 0; k < ev->m; k++) {
		size_t i = k * ev->stride;
		int32_t t = days_of(d->T[i], limit), tx = d->x[i] ? days_of(d->t_x[i], limit) : 0;
		if (t < 0 || tx < 0) {
			free(ev->tday), free(ev->txday);
			ev->tday = ev->txday = NULL;
			return;
		}
		ev->tday[k] = t, ev->txday[k] = tx;
		nd = t >= nd ? t + 1 : nd;
		nd = tx >= nd ? tx + 1 : nd;
	}
	ev->ndays = nd;
	ev->lnday = xmalloc(sizeof(double) * (size_t)nd);
}

static void bg_eval_init(struct bg_eval *ev, const struct btyd_data *d, size_t stride, int threads,
                         int mbg)
{
	int32_t xmax = 0;

	memset(ev, 0, sizeof(*ev));
	ev->d = d;
	ev->s = mbg;
	ev->stride = stride;
	ev->m = (d->n + stride - 1) / stride;
	ev->threads = btyd_threads(threads);
	for (size_t k = 0; k < ev->m; k++)
		if (d->x[k * stride] > xmax)
			xmax = d->x[k * stride];
	ev->K = xmax < BG_XTAB - 1 ? (int)xmax + 1 : BG_XTAB;
	ev->cnt = xcalloc((size_t)ev->K, sizeof(double));
	ev->lab = xcalloc((size_t)ev->K, sizeof(double));
	ev->sw4 = xcalloc(SW4_STRIDE(ev->K) * (size_t)ev->threads, sizeof(double));
	for (size_t k = 0; k < ev->m; k++)
		if (d->x[k * stride] < ev->K)
			ev->cnt[d->x[k * stride]] += 1;
	for (int s = 0; s < ev->threads; s++)
		ev->slot[s].sw4 = ev->sw4 + (size_t)s * SW4_STRIDE(ev->K);
	bg_eval_days(ev);
}

static void bg_eval_release(struct bg_eval *ev)
{
	free(ev->tday), free(ev->txday), free(ev->lnday);
	free(ev->cnt);
	free(ev->lab);
	free(ev->sw4);
	memset(ev, 0, sizeof(*ev));
}

/*
 * The x-only part of ln L_i and its gradient, for one x:
 * lnG(r+x) - lnG(r) + r ln alpha + ln B(a, b+x+s) - ln B(a, b).
 */
static double bg_xterm(const struct bg_eval *ev, double x, double g[4])
{
	double r = ev->r, al = ev->al, a = ev->a, b = ev->b, xs = x + ev->s;
	double psabx = btyd_digamma(a + b + xs);

	g[0] = btyd_digamma(r + x) - ev->psr + log(al);
	g[1] = r / al;
	g[2] = ev->psab - psabx;
	g[3] = ev->psab + btyd_digamma(b + xs) - ev->psb - psabx;
	return btyd_lgamma(r + x) + btyd_lgamma(b + xs) - btyd_lgamma(a + b + xs) - ev->lconst;
}

/*
 * The per-customer part over customers k in [lo, hi) of the sample:
 *   BG/NBD, x = 0: -r ln(alpha+T)
 *   otherwise:     -(r+x) ln(alpha+T) + softplus(dd),
 *          dd = ln a - ln(b+x-1+s) + (r+x) (ln(alpha+T) - ln(alpha+t_x)),
 * the log of the sum of the two likelihood terms without the common
 * factor (t_x = 0 when x = 0).  w4 = logistic(dd) is the weight of the
 * t_x term.
 */
static void bg_kernel(void *arg, int s, size_t lo, size_t hi)
{
	struct bg_eval *ev = arg;
	struct bg_slot *sl = &ev->slot[s];
	const int32_t *X = ev->d->x;
	const double *TX = ev->d->t_x, *TT = ev->d->T;
	const double r = ev->r, al = ev->al, a = ev->a, b = ev->b;
	const size_t stride = ev->stride;
	const int K = ev->K, sh = ev->s;
	double *sw4 = sl->sw4;
	const int32_t *td = ev->tday, *txd = ev->txday;
	const double *ln = ev->lnday;

	for (size_t blo = lo; blo < hi; blo += BG_BLOCK) {
		size_t bhi = blo + BG_BLOCK < hi ? blo + BG_BLOCK : hi;
		double ll = 0, gr = 0, gal = 0, ga = 0, gb = 0;
		for (size_t k = blo; k < bhi; k++) {
			size_t i = k * stride;
			int32_t x = X[i];
			double at = al + TT[i], lT = td ? ln[td[k]] : log(at);
			if (x == 0 && !sh) {
				ll -= r * lT;
				gr -= lT;
				gal -= r / at;
				continue;
			}
			double ax = al + (x ? TX[i] : 0), kx = r + x;
			double lx = td ? ln[txd[k]] : log(ax);
			double lab = x < K ? ev->lab[x] : log(a) - log(b + x - 1 + sh);
			/* softplus(dd) and logistic(dd) from one exponential;
			 * log(1 + e) rather than log1p: sp is only added to ll,
			 * so its absolute error (1e-16) is what counts. */
			double dd = lab + kx * (lT - lx), e, sp, w4;
			if (dd > 0) {
				e = exp(-dd);
				sp = dd + log(1 + e);
				w4 = 1 / (1 + e);
			} else {
				e = exp(dd);
				sp = log(1 + e);
				w4 = e / (1 + e);
			}
			double w3 = 1 - w4;
			ll += sp - kx * lT;
			gr -= w3 * lT + w4 * lx;
			gal -= kx * (w3 / at + w4 / ax);
			if (x < K) {
				sw4[x] += w4;
			} else {
				double g[4];
				ll += bg_xterm(ev, x, g);
				gr += g[0];
				gal += g[1];
				ga += g[2] + w4 / a;
				gb += g[3] - w4 / (b + x - 1 + sh);
			}
		}
		sl->ll += ll;
		sl->g[0] += gr;
		sl->g[1] += gal;
		sl->g[2] += ga;
		sl->g[3] += gb;
	}
}

/* Total log-likelihood over the sample and its gradient in (r, alpha, a, b). */
static double bg_eval_run(struct bg_eval *ev, const struct bgnbd_params *p, double grad[4])
{
	double ll = 0, g[4] = {0, 0, 0, 0};
	int K = ev->K;

	ev->r = p->r;
	ev->al = p->alpha;
	ev->a = p->a;
	ev->b = p->b;
	ev->lconst =
	    btyd_lgamma(p->r) - p->r * log(p->alpha) + btyd_lgamma(p->b) - btyd_lgamma(p->a + p->b);
	ev->psr = btyd_digamma(p->r);
	ev->psab = btyd_digamma(p->a + p->b);
	ev->psb = btyd_digamma(p->b);
	for (int x = 1 - ev->s; x < K; x++)
		if (ev->cnt[x] > 0)
			ev->lab[x] = log(p->a) - log(p->b + x - 1 + ev->s);
	if (ev->tday)
		for (int32_t dd = 0; dd < ev->ndays; dd++)
			ev->lnday[dd] = log(p->alpha + (double)dd / 7.0);
	memset(ev->sw4, 0, sizeof(double) * SW4_STRIDE(K) * (size_t)ev->threads);
	for (int s = 0; s < ev->threads; s++) {
		ev->slot[s].ll = 0;
		memset(ev->slot[s].g, 0, sizeof(ev->slot[s].g));
	}
	int used = btyd_parallel(ev->threads, ev->m, BG_PAR_MIN, bg_kernel, ev);
	for (int s = 0; s < used; s++) {
		ll += ev->slot[s].ll;
		for (int j = 0; j < 4; j++)
			g[j] += ev->slot[s].g[j];
	}
	for (int x = 0; x < K; x++) {
		double c = ev->cnt[x], gx[4], w = 0;
		if (c == 0)
			continue;
		ll += c * bg_xterm(ev, x, gx);
		for (int j = 0; j < 4; j++)
			g[j] += c * gx[j];
		for (int s = 0; s < used; s++)
			w += ev->slot[s].sw4[x];
		if (x > 0 || ev->s) {
			g[2] += w / p->a;
			g[3] -= w / (p->b + x - 1 + ev->s);
		}
	}
	if (grad)
		memcpy(grad, g, sizeof(g));
	return ll;
}

int bgnbd_params_check(const struct bgnbd_params *p, struct err *e)
{
	const double v[4] = {p->r, p->alpha, p->a, p->b};
	for (int j = 0; j < 4; j++)
		if (!isfinite(v[j]) || !(v[j] > 0))
			return err_set(e, "BG/NBD parameter %s = %g must be finite and > 0",
			               bg_names[j], v[j]);
	return 0;
}

static int bg_loglik(const struct bgnbd_params *p, const struct btyd_data *d, int threads,
                     double *ll, double grad[4], int s, struct err *e)
{
	struct bg_eval ev;

	if (bgnbd_params_check(p, e) < 0 || btyd_data_check(d, 0, e) < 0)
		return -1;
	bg_eval_init(&ev, d, 1, threads, s);
	*ll = bg_eval_run(&ev, p, grad);
	bg_eval_release(&ev);
	return 0;
}

int bgnbd_loglik(const struct bgnbd_params *p, const struct btyd_data *d, int threads, double *ll,
                 double grad[4], struct err *e)
{
	return bg_loglik(p, d, threads, ll, grad, 0, e);
}

int mbgnbd_loglik(const struct bgnbd_params *p, const struct btyd_data *d, int threads, double *ll,
                  double grad[4], struct err *e)
{
	return bg_loglik(p, d, threads, ll, grad, 1, e);
}

/* ---- fit ---- */

static double bg_objective(void *ctx, const double *th, double *g)
{
	struct bg_eval *ev = ctx;
	struct bgnbd_params p = {exp(th[0]), exp(th[1]), exp(th[2]), exp(th[3])};
	double gn[4], ll = bg_eval_run(ev, &p, g ? gn : NULL), m = (double)ev->m;

	if (g) {
		g[0] = gn[0] * p.r / m;
		g[1] = gn[1] * p.alpha / m;
		g[2] = gn[2] * p.a / m;
		g[3] = gn[3] * p.b / m;
	}
	return ll / m;
}

static int bg_fit(const struct btyd_data *d, const struct bgnbd_options *opt, int mbg,
                  struct bgnbd_fit *fit, struct err *e)
{
	const char *name = mbg ? "MBG/NBD" : "BG/NBD";
	static const struct bgnbd_options defaults;
	const double lb[4] = {log(1e-6), log(1e-8), log(1e-6), log(1e-6)};
	const double ub[4] = {log(1e6), log(1e8), log(1e6), log(1e6)};
	/* r, alpha * rate, a, b: alpha = r / rate puts E[lambda] at the
	 * observed repeat rate. */
	static const double shapes[][4] = {
	    {1, 1, 1, 3}, {0.25, 0.25, 0.75, 2.5}, {4, 4, 2, 10}, {0.5, 0.5, 0.3, 1}};
	double starts[(ARRAY_SIZE(shapes) + 1) * 4], th[4], se[4], f, sumx = 0, sumT = 0, rate;
	struct bg_eval full, sub;
	struct btyd_problem pf, ps;
	int nstart = 0, ret = -1, use_sub;

	memset(fit, 0, sizeof(*fit));
	if (!opt)
		opt = &defaults;
	if (btyd_data_check(d, 0, e) < 0)
		return -1;
	if (d->n < BTYD_MIN_CUSTOMERS)
		return err_set(e, "%s needs at least %d customers, got %zu", name,
		               BTYD_MIN_CUSTOMERS, d->n);
	for (size_t i = 0; i < d->n; i++) {
		fit->repeat += d->x[i] > 0;
		sumx += d->x[i];
		sumT += d->T[i];
	}
	fit->n = d->n;
	if (fit->repeat == 0)
		return err_set(e,
		               "all %zu customers bought only once: %s cannot be fitted "
		               "without repeat purchases",
		               d->n, name);
	if (fit->repeat < BTYD_MIN_REPEAT)
		return err_set(e, "%s needs at least %d customers with repeat purchases, got %zu",
		               name, BTYD_MIN_REPEAT, fit->repeat);
	if (!(sumT > 0))
		return err_set(e, "every customer has T = 0: no time observed");
	if (opt->start) {
		if (bgnbd_params_check(opt->start, e) < 0)
			return -1;
		starts[0] = log(opt->start->r);
		starts[1] = log(opt->start->alpha);
		starts[2] = log(opt->start->a);
		starts[3] = log(opt->start->b);
		nstart++;
	}
	rate = sumx / sumT;
	for (size_t s = 0; s < ARRAY_SIZE(shapes) && !(opt->polish && opt->start); s++, nstart++) {
		starts[nstart * 4 + 0] = log(shapes[s][0]);
		starts[nstart * 4 + 1] = log(shapes[s][1] / rate);
		starts[nstart * 4 + 2] = log(shapes[s][2]);
		starts[nstart * 4 + 3] = log(shapes[s][3]);
	}

	use_sub = d->n > BTYD_SUB_ABOVE; /* with a polish: for the Hessian */
	bg_eval_init(&full, d, 1, opt->threads, mbg);
	pf = (struct btyd_problem){4,  bg_objective, &full,    lb,
	                           ub, (double)d->n, bg_names, opt->polish && opt->start};
	if (use_sub) {
		bg_eval_init(&sub, d, d->n / BTYD_SUBSAMPLE, opt->threads, mbg);
		ps = pf;
		ps.ctx = &sub;
		ps.n = (double)sub.m;
	}
	int max_eval = opt->max_evaluations > 0 ? opt->max_evaluations : 1000;
	if (btyd_fit_run(&pf, use_sub ? &ps : NULL, starts, nstart, opt->polish && opt->start,
	                 max_eval, opt->no_se, th, &f, &fit->cov[0][0], se, &fit->opt) < 0) {
		err_set(e, "%s fit found no finite likelihood", name);
		goto out;
	}
	fit->par = (struct bgnbd_params){exp(th[0]), exp(th[1]), exp(th[2]), exp(th[3])};
	fit->se = (struct bgnbd_params){se[0], se[1], se[2], se[3]};
	fit->loglik = bg_eval_run(&full, &fit->par, NULL);
	ret = 0;
out:
	if (use_sub)
		bg_eval_release(&sub);
	bg_eval_release(&full);
	return ret;
}

int bgnbd_fit(const struct btyd_data *d, const struct bgnbd_options *opt, struct bgnbd_fit *fit,
              struct err *e)
{
	return bg_fit(d, opt, 0, fit, e);
}

int mbgnbd_fit(const struct btyd_data *d, const struct bgnbd_options *opt, struct bgnbd_fit *fit,
               struct err *e)
{
	return bg_fit(d, opt, 1, fit, e);
}

/* ---- per-customer quantities ---- */

/*
 * P(alive) = 1 / (1 + e^dd), dd = ln a - ln(b+x-1+s) + (r+x) ln((alpha+T)/(alpha+t_x))
 * the log of the second likelihood term over the first (t_x = 0 when
 * x = 0); 1 for BG/NBD with x = 0.
 */
static double bg_p_alive(const struct bgnbd_params *p, int s, int32_t x, double t_x, double T)
{
	if (x <= 0 && !s)
		return 1.0;
	if (x <= 0)
		t_x = 0;
	double dd = log(p->a) - log(p->b + x - 1 + s) +
	            (p->r + x) * (log(p->alpha + T) - log(p->alpha + t_x));
	return 1.0 / (1.0 + exp(dd));
}

double bgnbd_p_alive(const struct bgnbd_params *p, int32_t x, double t_x, double T)
{
	return bg_p_alive(p, 0, x, t_x, T);
}

double mbgnbd_p_alive(const struct bgnbd_params *p, int32_t x, double t_x, double T)
{
	return bg_p_alive(p, 1, x, t_x, T);
}

/*
 * E[(1 - (1 + p s)^-k) / p] for p ~ Beta(a, B) by tanh-sinh quadrature:
 * p = 1/(1 + e^-v), v = π sinh τ, integrated over τ with the step halved
 * until two levels agree to 1e-9 (the error then is far smaller).  The
 * logs of p and 1-p come from v directly, so the endpoints stay exact.
 */
static double ts_point(double tau, double a, double B, double k, double s, double lbeta)
{
	double v = M_PI * sinh(tau);
	double lp = -btyd_softplus(-v), lq = -btyd_softplus(v), p = exp(lp), ps = p * s, lg;

	if (ps < 1e-10)
		lg = log(k * s) + lp + log1p(-(k + 1) * ps / 2);
	else
		lg = log(-expm1(-k * log1p(ps)));
	return exp(lg + (a - 1) * lp + B * lq - lbeta + log(M_PI * cosh(tau)));
}

static double bg_quad_num(double a, double B, double k, double s)
{
	double lbeta = btyd_lgamma(a) + btyd_lgamma(B) - btyd_lgamma(a + B);
	double h = 0.5, sum = ts_point(0, a, B, k, s, lbeta), prev = 0;

	for (int level = 0; level < 8; level++) {
		/* Level 0 takes every multiple of h, later levels the odd ones. */
		int step = level == 0 ? 1 : 2;
		for (int dir = -1; dir <= 1; dir += 2) {
			for (int j = 1;; j += step) {
				double tau = dir * j * h;
				if (fabs(tau) > 10)
					break;
				double f = ts_point(tau, a, B, k, s, lbeta);
				sum += f;
				if (fabs(tau) > 3 && f < 1e-18 * sum)
					break;
			}
		}
		double est = sum * h;
		/* The error falls about quadratically from level to level:
		 * a change of 1e-9 leaves an error far below that. */
		if (level >= 2 && fabs(est - prev) <= 1e-9 * fabs(est))
			return est;
		prev = est;
		h /= 2;
	}
	return prev;
}

/*
 * G(z_m) = sum_{k>=1} coef_k z_m^k, coef_k = (A)_k (a)_{k-1} / ((c)_k k!), for
 * `lanes` values z_m at once (unused lanes have z = 0), sharing the
 * coefficients.  Always inlined with a constant `lanes` (1 or 4), so that
 * the lanes live in registers.  Every fourth term it checks each lane's
 * tail bound (the next term over 1 - its ratio) against 1e-17 of the larger
 * of |G| and scale[m].  Returns 0, or -1 when 5000 terms were not enough.
 */
static inline __attribute__((always_inline)) int
bg_series(int lanes, double A, double a, double c, const double *z, const double *scale, double *G)
{
	/* Locals, not G itself, so that the lanes stay in registers. */
	double zk[4], g[4], coef = A / c;
	int ok = -1;

	for (int m = 0; m < lanes; m++) {
		zk[m] = z[m];
		g[m] = 0;
	}
	for (int k = 1; k <= 5000; k++) {
		double cr = (A + k) * (a + k - 1) / ((c + k) * (k + 1));
		for (int m = 0; m < lanes; m++) {
			g[m] += coef * zk[m];
			zk[m] *= z[m];
		}
		coef *= cr;
		if ((k & 3) == 0) {
			int done = 1;
			for (int m = 0; m < lanes; m++) {
				double next = fabs(coef * zk[m]), ratio = fabs(cr) * z[m];
				double rho = ratio > z[m] ? ratio : z[m];
				double size = fabs(g[m]) > scale[m] ? fabs(g[m]) : scale[m];
				done &= next == 0 || (rho < 1 && next <= 1e-17 * (1 - rho) * size);
			}
			if (done) {
				ok = 0;
				break;
			}
		}
	}
	for (int m = 0; m < lanes; m++)
		G[m] = g[m];
	return ok;
}

/*
 * E[Y(t_j) | alive at T] for j < J horizons:
 *   (a+b+x-1) [(1-(1-z)^(a-1))/(a-1) - (1-z)^(a-1) G(z)],  z = t_j/(alpha+T+t_j)
 * (see btyd.h), up to four horizons per pass of the series.  Horizons with
 * z > 0.99, or whose series has not converged after 5000 terms, are
 * integrated by quadrature instead.
 */
void bgnbd_alive_expect_many(const struct bgnbd_params *p, int s, int32_t x, double T,
                             const double *t, int J, double *out)
{
	/* MBG/NBD is BG/NBD with b + 1 in place of b here. */
	double a = p->a, b = p->b + s, r = p->r, at = p->alpha + T;
	double A = a + b - 1 - r, c = a + b + x - 1, a1 = a - 1;
	double z[4], e1[4], pw[4], scale[4], G[4];
	int idx[4], n = 0;

	for (int j = 0; j < J; j++) {
		out[j] = 0;
		if (t[j] > 0) {
			double zj = t[j] / (at + t[j]);
			if (zj > 0.99) {
				out[j] = bg_quad_num(a, b + x, r + x, t[j] / at);
			} else {
				/* ln(1-z), accurate for z near 0 and near 1 */
				double L = zj < 0.5 ? log1p(-zj) : log(at / (at + t[j]));
				e1[n] = a1 == 0 ? -L : -expm1(a1 * L) / a1;
				pw[n] = exp(a1 * L);
				scale[n] = fabs(e1[n] / pw[n]);
				z[n] = zj;
				idx[n++] = j;
			}
		}
		if (n == 4 || (j == J - 1 && n > 0)) {
			for (int m = n; m < 4; m++)
				z[m] = scale[m] = 0;
			int ok = (n == 1 ? bg_series(1, A, a, c, z, scale, G)
			                 : bg_series(4, A, a, c, z, scale, G)) == 0;
			for (int m = 0; m < n; m++)
				out[idx[m]] = ok ? c * (e1[m] - pw[m] * G[m])
				                 : bg_quad_num(a, b + x, r + x, t[idx[m]] / at);
			n = 0;
		}
	}
}

double bgnbd_alive_expect(const struct bgnbd_params *p, int s, double t, int32_t x, double T)
{
	double out;
	bgnbd_alive_expect_many(p, s, x, T, &t, 1, &out);
	return out;
}

double bgnbd_expected_conditional(const struct bgnbd_params *p, double t, int32_t x, double t_x,
                                  double T)
{
	if (!(t > 0))
		return 0;
	return bg_p_alive(p, 0, x, t_x, T) * bgnbd_alive_expect(p, 0, t, x, T);
}

double bgnbd_expected_unconditional(const struct bgnbd_params *p, double t)
{
	return bgnbd_expected_conditional(p, t, 0, 0, 0);
}

double mbgnbd_expected_conditional(const struct bgnbd_params *p, double t, int32_t x, double t_x,
                                   double T)
{
	if (!(t > 0))
		return 0;
	return bg_p_alive(p, 1, x, t_x, T) * bgnbd_alive_expect(p, 1, t, x, T);
}

double mbgnbd_expected_unconditional(const struct bgnbd_params *p, double t)
{
	return mbgnbd_expected_conditional(p, t, 0, 0, 0);
}

/* ---- scoring a base ---- */

struct bg_score {
	const struct bgnbd_params *p;
	const struct btyd_data *d;
	double t;
	double *p_alive, *expected;
	int s;
};

static void bg_score_kernel(void *arg, int s, size_t lo, size_t hi)
{
	struct bg_score *sc = arg;
	const struct btyd_data *d = sc->d;

	for (size_t i = lo; i < hi; i++) {
		double pa = bg_p_alive(sc->p, sc->s, d->x[i], d->t_x[i], d->T[i]);
		if (sc->p_alive)
			sc->p_alive[i] = pa;
		if (sc->expected)
			sc->expected[i] =
			    pa * bgnbd_alive_expect(sc->p, sc->s, sc->t, d->x[i], d->T[i]);
	}
}

static int bg_score(const struct bgnbd_params *p, const struct btyd_data *d, double t, int threads,
                    double *p_alive, double *expected, int s, struct err *e)
{
	struct bg_score sc = {p, d, t, p_alive, expected, s};

	if (bgnbd_params_check(p, e) < 0 || btyd_data_check(d, 0, e) < 0)
		return -1;
	if (!isfinite(t) || t < 0)
		return err_set(e, "horizon t = %g must be finite and >= 0", t);
	btyd_parallel(threads, d->n, BG_SCORE_MIN, bg_score_kernel, &sc);
	return 0;
}

int bgnbd_score(const struct bgnbd_params *p, const struct btyd_data *d, double t, int threads,
                double *p_alive, double *expected, struct err *e)
{
	return bg_score(p, d, t, threads, p_alive, expected, 0, e);
}

int mbgnbd_score(const struct bgnbd_params *p, const struct btyd_data *d, double t, int threads,
                 double *p_alive, double *expected, struct err *e)
{
	return bg_score(p, d, t, threads, p_alive, expected, 1, e);
}

/* ---- calibration / holdout ---- */

struct bg_hold_slot {
	double expected, uncond, actual;
	size_t n[BTYD_BUCKETS];
	double be[BTYD_BUCKETS], ba[BTYD_BUCKETS];
	char pad[64];
};

struct bg_hold {
	const struct bgnbd_params *p;
	const struct btyd_data *d;
	const int32_t *x_star;
	double t, p0; /* p0: P(alive) of a new customer */
	int s;
	struct bg_hold_slot slot[BTYD_MAX_THREADS];
};

static void bg_hold_kernel(void *arg, int s, size_t lo, size_t hi)
{
	struct bg_hold *h = arg;
	struct bg_hold_slot *sl = &h->slot[s];
	const struct btyd_data *d = h->d;

	for (size_t i = lo; i < hi; i++) {
		int32_t x = d->x[i];
		int bk = x < BTYD_BUCKETS - 1 ? x : BTYD_BUCKETS - 1;
		double ex = bg_p_alive(h->p, h->s, x, d->t_x[i], d->T[i]) *
		            bgnbd_alive_expect(h->p, h->s, h->t, x, d->T[i]);
		double tt[2] = {d->T[i], d->T[i] + h->t}, ee[2], un;
		bgnbd_alive_expect_many(h->p, h->s, 0, 0, tt, 2, ee);
		un = h->p0 * (ee[1] - ee[0]);
		sl->expected += ex;
		sl->uncond += un;
		sl->actual += h->x_star[i];
		sl->n[bk]++;
		sl->be[bk] += ex;
		sl->ba[bk] += h->x_star[i];
	}
}

static int bg_holdout_eval(const struct bgnbd_params *p, const struct btyd_data *cal,
                           const int32_t *x_star, double t, int threads, int mbg,
                           struct bgnbd_holdout *out, struct err *e)
{
	struct bg_hold *h;
	int used;

	memset(out, 0, sizeof(*out));
	if (bgnbd_params_check(p, e) < 0 || btyd_data_check(cal, 0, e) < 0)
		return -1;
	if (!isfinite(t) || t < 0)
		return err_set(e, "holdout length t = %g must be finite and >= 0", t);
	for (size_t i = 0; i < cal->n; i++)
		if (x_star[i] < 0)
			return btyd_bad_field(e, i, "x_star", x_star[i],
			                      "holdout transactions must be >= 0");
	h = xcalloc(1, sizeof(*h));
	h->p = p;
	h->d = cal;
	h->x_star = x_star;
	h->t = t;
	h->s = mbg;
	h->p0 = bg_p_alive(p, mbg, 0, 0, 0);
	used = btyd_parallel(threads, cal->n, BG_SCORE_MIN, bg_hold_kernel, h);
	out->t = t;
	out->customers = cal->n;
	for (int s = 0; s < used; s++) {
		struct bg_hold_slot *sl = &h->slot[s];
		out->expected += sl->expected;
		out->expected_uncond += sl->uncond;
		out->actual += sl->actual;
		for (int k = 0; k < BTYD_BUCKETS; k++) {
			out->bucket_n[k] += sl->n[k];
			out->bucket_expected[k] += sl->be[k];
			out->bucket_actual[k] += sl->ba[k];
		}
	}
	free(h);
	return 0;
}

int bgnbd_holdout_eval(const struct bgnbd_params *p, const struct btyd_data *cal,
                       const int32_t *x_star, double t, int threads, struct bgnbd_holdout *out,
                       struct err *e)
{
	return bg_holdout_eval(p, cal, x_star, t, threads, 0, out, e);
}

int mbgnbd_holdout_eval(const struct bgnbd_params *p, const struct btyd_data *cal,
                        const int32_t *x_star, double t, int threads, struct bgnbd_holdout *out,
                        struct err *e)
{
	return bg_holdout_eval(p, cal, x_star, t, threads, 1, out, e);
}
