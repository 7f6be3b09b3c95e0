/*
 * btyd_common.c — what the buy-till-you-die models share: building the
 * per-customer summaries (x, t_x, T, m_x) from purchase days, the
 * structure-of-arrays customer base and its validation, the two-way
 * parallel loop, lgamma/digamma, and the optimiser driver (NLopt LBFGS with
 * a BOBYQA fallback) with Hessian-based standard errors.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <nlopt.h>

#include "btyd_impl.h"

/* ---- summaries ---- */

int btyd_summarize(const day_t *day, const int64_t *cents, size_t n, day_t D,
                   struct btyd_summary *out, struct err *e)
{
	day_t first = DAY_NONE, last = DAY_NONE;
	int64_t x = 0, sum = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		if (day[i] == DAY_NONE)
			return err_set(e, "order %zu has no date", i + 1);
		if (i > 0 && day[i] < day[i - 1])
			return err_set(e, "order dates are not in ascending order (order %zu)",
			               i + 1);
	}
	for (size_t i = 0; i < n && day[i] < D; i++) {
		if (cents[i] < 0)
			continue;
		if (first == DAY_NONE) {
			first = last = day[i];
			continue;
		}
		if (day[i] != last) {
			x++;
			last = day[i];
		}
		if (day[i] != first && __builtin_add_overflow(sum, cents[i], &sum))
			return err_set(e, "revenue sum overflows");
	}
	if (first == DAY_NONE)
		return 0;
	if (x > INT32_MAX)
		return err_set(e, "too many purchase days (%lld)", (long long)x);
	out->x = (int32_t)x;
	out->t_x = (double)(last - first) / 7.0;
	out->T = (double)(D - 1 - first) / 7.0;
	out->m_x = x > 0 ? (double)sum / (double)x / 100.0 : 0.0;
	return 1;
}

int64_t btyd_purchase_days(const day_t *day, const int64_t *cents, size_t n, day_t from, day_t to)
{
	int64_t count = 0;
	day_t last = DAY_NONE;

	for (size_t i = 0; i < n; i++) {
		if (day[i] < from || day[i] >= to || cents[i] < 0 || day[i] == last)
			continue;
		count++;
		last = day[i];
	}
	return count;
}

void btyd_data_push(struct btyd_data *d, const struct btyd_summary *s)
{
	if (d->n == d->alloc) {
		size_t na = d->alloc ? d->alloc * 2 : 64;
		d->x = xrealloc(d->x, na * sizeof(*d->x));
		d->t_x = xrealloc(d->t_x, na * sizeof(*d->t_x));
		d->T = xrealloc(d->T, na * sizeof(*d->T));
		d->m_x = xrealloc(d->m_x, na * sizeof(*d->m_x));
		d->alloc = na;
	}
	d->x[d->n] = s->x;
	d->t_x[d->n] = s->t_x;
	d->T[d->n] = s->T;
	d->m_x[d->n] = s->m_x;
	d->n++;
}

void btyd_data_release(struct btyd_data *d)
{
	if (d->alloc) {
		free(d->x);
		free(d->t_x);
		free(d->T);
		free(d->m_x);
	}
	memset(d, 0, sizeof(*d));
}

int btyd_bad_field(struct err *e, size_t i, const char *field, double v, const char *why)
{
	if (e) {
		snprintf(e->field, sizeof(e->field), "%s", field);
		snprintf(e->value, sizeof(e->value), "%.17g", v);
		e->line = (long)(i + 1);
	}
	return err_set(e, "customer %zu: %s", i + 1, why);
}

int btyd_data_check(const struct btyd_data *d, int need_mx, struct err *e)
{
	if (d->n > 0 && (!d->x || !d->t_x || !d->T || (need_mx && !d->m_x)))
		return err_set(e, "customer data without arrays");
	for (size_t i = 0; i < d->n; i++) {
		double T = d->T[i], tx = d->t_x[i];
		if (d->x[i] < 0)
			return btyd_bad_field(e, i, "x", d->x[i], "x must be >= 0");
		if (!isfinite(T) || T < 0)
			return btyd_bad_field(e, i, "T", T, "T must be finite and >= 0");
		if (d->x[i] > 0 && (!isfinite(tx) || tx < 0 || tx > T))
			return btyd_bad_field(e, i, "t_x", tx, "t_x must lie in [0, T]");
		if (need_mx && (!isfinite(d->m_x[i]) || d->m_x[i] < 0))
			return btyd_bad_field(e, i, "m_x", d->m_x[i],
			                      "m_x must be finite and >= 0");
	}
	return 0;
}

/* ---- threads ---- */

struct par_job {
	void (*fn)(void *arg, int slot, size_t lo, size_t hi);
	void *arg;
	int slot;
	size_t lo, hi;
};

static void *par_run(void *p)
{
	struct par_job *j = p;
	j->fn(j->arg, j->slot, j->lo, j->hi);
	return NULL;
}

int btyd_threads(int threads)
{
	if (threads <= 0)
		return BTYD_DEFAULT_THREADS;
	return threads > BTYD_MAX_THREADS ? BTYD_MAX_THREADS : threads;
}

int btyd_parallel(int threads, size_t n, size_t min_chunk,
                  void (*fn)(void *arg, int slot, size_t lo, size_t hi), void *arg)
{
	struct par_job job[BTYD_MAX_THREADS];
	pthread_t tid[BTYD_MAX_THREADS];
	int started[BTYD_MAX_THREADS];
	size_t nt = (size_t)btyd_threads(threads);

	if (min_chunk < 1)
		min_chunk = 1;
	if (n / min_chunk < nt)
		nt = n / min_chunk;
	if (nt <= 1) {
		fn(arg, 0, 0, n);
		return 1;
	}
	for (size_t k = 0; k < nt; k++) {
		job[k] = (struct par_job){fn, arg, (int)k, n * k / nt, n * (k + 1) / nt};
		started[k] = k > 0 && pthread_create(&tid[k], NULL, par_run, &job[k]) == 0;
	}
	par_run(&job[0]);
	for (size_t k = 1; k < nt; k++) {
		if (started[k])
			pthread_join(tid[k], NULL);
		else
			par_run(&job[k]);
	}
	return (int)nt;
}

/* ---- special functions ---- */

double btyd_lgamma(double x)
{
	int sign;
	return lgamma_r(x, &sign);
}

double btyd_digamma(double x)
{
	double r = 0;
	/* ψ(x) = ψ(x+1) - 1/x up to x >= 10, then the asymptotic series
	 * ln x - 1/(2x) - Σ B_2k / (2k x^2k) through B_14 (error < 1e-16). */
	while (x < 10) {
		r -= 1 / x;
		x += 1;
	}
	double f = 1 / (x * x);
	double s =
	    f *
	    (1.0 / 12 -
	     f * (1.0 / 120 -
	          f * (1.0 / 252 -
	               f * (1.0 / 240 - f * (1.0 / 132 - f * (691.0 / 32760 - f * (1.0 / 12)))))));
	return r + log(x) - 0.5 / x - s;
}

double btyd_softplus(double v)
{
	return v > 0 ? v + log1p(exp(-v)) : log1p(exp(v));
}

/* ---- optimiser ---- */

struct nl_ctx {
	const struct btyd_problem *pb;
	int evals;
};

static double nl_obj(unsigned n, const double *th, double *g, void *data)
{
	struct nl_ctx *c = data;
	double f = c->pb->f(c->pb->ctx, th, g);

	c->evals++;
	if (!isfinite(f)) {
		/* Far outside the likelihood's useful range: a value so low
		 * that every line search backs off. */
		f = -1e100;
		if (g)
			for (unsigned k = 0; k < n; k++)
				g[k] = 0;
	} else if (g) {
		for (unsigned k = 0; k < n; k++)
			if (!isfinite(g[k]))
				g[k] = 0;
	}
	return f;
}

static const char *nl_reason(nlopt_result rc)
{
	switch (rc) {
	case NLOPT_SUCCESS: return "success";
	case NLOPT_STOPVAL_REACHED: return "stopval";
	case NLOPT_FTOL_REACHED: return "ftol";
	case NLOPT_XTOL_REACHED: return "xtol";
	case NLOPT_MAXEVAL_REACHED: return "max evaluations";
	case NLOPT_MAXTIME_REACHED: return "max time";
	case NLOPT_ROUNDOFF_LIMITED: return "roundoff-limited";
	case NLOPT_OUT_OF_MEMORY: return "out of memory";
	case NLOPT_INVALID_ARGS: return "invalid arguments";
	case NLOPT_FORCED_STOP: return "forced stop";
	default: return "NLopt failure";
	}
}

/* One NLopt run of algorithm alg from th; returns the NLopt result. */
static nlopt_result nl_run(const struct btyd_problem *pb, nlopt_algorithm alg, double *th,
                           int max_eval, double *fval, int *evals)
{
	struct nl_ctx c = {pb, 0};
	nlopt_opt o = nlopt_create(alg, (unsigned)pb->dim);
	nlopt_result rc;

	if (!o)
		return NLOPT_OUT_OF_MEMORY;
	nlopt_set_lower_bounds(o, pb->lb);
	nlopt_set_upper_bounds(o, pb->ub);
	nlopt_set_max_objective(o, nl_obj, &c);
	nlopt_set_ftol_rel(o, pb->polish ? 1e-15 : 1e-12);
	nlopt_set_xtol_rel(o, 1e-10);
	nlopt_set_maxeval(o, max_eval);
	if (alg == NLOPT_LN_BOBYQA) {
		double step[BTYD_MAX_DIM];
		for (int k = 0; k < pb->dim; k++)
			step[k] = 0.1;
		nlopt_set_initial_step(o, step);
	}
	rc = nlopt_optimize(o, th, fval);
	nlopt_destroy(o);
	*evals += c.evals;
	return rc;
}

/* A log-parameter this close to a side of the box counts as at the bound. */
#define AT_BOUND 1e-5

/*
 * Judges the point th after an NLopt run that returned rc: fills
 * info->grad_max, converged and reason.  Returns 1 when a parameter sits
 * at a bound of the box (a boundary optimum: no other method will leave
 * it), else 0.
 */
static int judge(const struct btyd_problem *pb, nlopt_result rc, const double *th,
                 struct btyd_optinfo *info)
{
	double g[BTYD_MAX_DIM];
	double f = pb->f(pb->ctx, th, g);
	int stopped_ok = rc == NLOPT_SUCCESS || rc == NLOPT_FTOL_REACHED ||
	                 rc == NLOPT_XTOL_REACHED || rc == NLOPT_ROUNDOFF_LIMITED;

	info->evaluations++;
	info->grad_max = 0;
	for (int k = 0; k < pb->dim; k++)
		if (!(fabs(g[k]) <= info->grad_max)) /* NaN counts as +inf */
			info->grad_max = isfinite(g[k]) ? fabs(g[k]) : INFINITY;
	info->converged = stopped_ok && isfinite(f) && info->grad_max <= 1e-6;
	for (int k = 0; k < pb->dim; k++) {
		int low = th[k] <= pb->lb[k] + AT_BOUND;
		if (low || th[k] >= pb->ub[k] - AT_BOUND) {
			snprintf(info->reason, sizeof(info->reason),
			         "%s at the %s bound %g of the search box",
			         pb->names ? pb->names[k] : "parameter", low ? "lower" : "upper",
			         exp(low ? pb->lb[k] : pb->ub[k]));
			info->converged = 0;
			return 1;
		}
	}
	if (stopped_ok && !info->converged)
		snprintf(info->reason, sizeof(info->reason), "%s, gradient %.2g left",
		         nl_reason(rc), info->grad_max);
	else
		snprintf(info->reason, sizeof(info->reason), "%s", nl_reason(rc));
	return 0;
}

int btyd_search(const struct btyd_problem *pb, double *th, int max_eval, double *fval,
                struct btyd_optinfo *info)
{
	double th0[BTYD_MAX_DIM], f = -HUGE_VAL;
	nlopt_result rc;

	memcpy(th0, th, sizeof(double) * (size_t)pb->dim);
	rc = nl_run(pb, NLOPT_LD_LBFGS, th, max_eval, &f, &info->evaluations);
	snprintf(info->algorithm, sizeof(info->algorithm), "LBFGS");
	if (rc > 0 || rc == NLOPT_ROUNDOFF_LIMITED) {
		if (judge(pb, rc, th, info) || info->converged) {
			*fval = f;
			return 0;
		}
	} else if (pb->polish && (judge(pb, NLOPT_ROUNDOFF_LIMITED, th, info) || info->converged)) {
		/* given up at a point that passes the test */
		*fval = pb->f(pb->ctx, th, NULL);
		info->evaluations++;
		return isfinite(*fval) ? 0 : -1;
	} else {
		/* NLopt failed outright: restart the fallback from the start. */
		memcpy(th, th0, sizeof(double) * (size_t)pb->dim);
	}
	nl_run(pb, NLOPT_LN_BOBYQA, th, max_eval * 4, &f, &info->evaluations);
	rc = nl_run(pb, NLOPT_LD_LBFGS, th, max_eval, &f, &info->evaluations);
	snprintf(info->algorithm, sizeof(info->algorithm), "BOBYQA+LBFGS");
	judge(pb, rc, th, info);
	*fval = pb->f(pb->ctx, th, NULL);
	info->evaluations++;
	return isfinite(*fval) && *fval > -1e100 ? 0 : -1;
}

int btyd_covariance(const struct btyd_problem *pb, const double *th, int skip, double *cov,
                    double *se)
{
	int dim = pb->dim, ok = !skip;
	double H[BTYD_MAX_DIM][BTYD_MAX_DIM], L[BTYD_MAX_DIM][BTYD_MAX_DIM];
	double Linv[BTYD_MAX_DIM][BTYD_MAX_DIM];
	double t[BTYD_MAX_DIM], gp[BTYD_MAX_DIM], gm[BTYD_MAX_DIM];
	const double h = 1e-4;

	for (int j = 0; j < dim && ok; j++) {
		memcpy(t, th, sizeof(double) * (size_t)dim);
		t[j] = th[j] + h;
		pb->f(pb->ctx, t, gp);
		t[j] = th[j] - h;
		pb->f(pb->ctx, t, gm);
		for (int k = 0; k < dim; k++)
			H[j][k] = -pb->n * (gp[k] - gm[k]) / (2 * h); /* -Hessian */
	}
	/* Cholesky of the symmetrised -H = L L'. */
	for (int j = 0; j < dim && ok; j++) {
		for (int k = 0; k <= j; k++) {
			double s = 0.5 * (H[j][k] + H[k][j]);
			for (int m = 0; m < k; m++)
				s -= L[j][m] * L[k][m];
			if (j == k) {
				if (!(s > 0) || !isfinite(s)) {
					ok = 0;
					break;
				}
				L[j][j] = sqrt(s);
			} else {
				L[j][k] = s / L[k][k];
			}
		}
	}
	if (!ok) {
		for (int j = 0; j < dim; j++) {
			se[j] = INFINITY;
			for (int k = 0; k < dim; k++)
				cov[j * dim + k] = INFINITY;
		}
		return 0;
	}
	/* (-H)^-1 = L'^-1 L^-1; Linv lower triangular. */
	for (int j = 0; j < dim; j++) {
		for (int k = 0; k < dim; k++)
			Linv[j][k] = 0;
		Linv[j][j] = 1 / L[j][j];
		for (int k = 0; k < j; k++) {
			double s = 0;
			for (int m = k; m < j; m++)
				s -= L[j][m] * Linv[m][k];
			Linv[j][k] = s / L[j][j];
		}
	}
	for (int j = 0; j < dim; j++) {
		for (int k = 0; k < dim; k++) {
			double s = 0;
			for (int m = j > k ? j : k; m < dim; m++)
				s += Linv[m][j] * Linv[m][k];
			cov[j * dim + k] = s * exp(th[j]) * exp(th[k]);
		}
		se[j] = sqrt(cov[j * dim + j]);
		if (!isfinite(se[j]))
			ok = 0;
	}
	return ok;
}

int btyd_maximize(const struct btyd_problem *full, const struct btyd_problem *sub,
                  const double *starts, int nstart, int max_eval, int no_se, double *th,
                  double *fval, double *cov, double *se, struct btyd_optinfo *info)
{
	const struct btyd_problem *first = sub ? sub : full;
	int dim = full->dim, found = 0, evals = 0;
	double fbest = -HUGE_VAL;

	memset(info, 0, sizeof(*info));
	for (int s = 0; s < nstart; s++) {
		struct btyd_optinfo si;
		double t[BTYD_MAX_DIM], f;
		memset(&si, 0, sizeof(si));
		for (int k = 0; k < dim; k++)
			t[k] =
			    fmin(fmax(starts[s * dim + k], full->lb[k] + 0.5), full->ub[k] - 0.5);
		int rc = btyd_search(first, t, max_eval, &f, &si);
		evals += si.evaluations;
		if (rc == 0 && f > fbest) {
			fbest = f;
			found = 1;
			memcpy(th, t, sizeof(double) * (size_t)dim);
			*info = si;
			info->start = s;
		}
	}
	if (!found)
		return -1;
	if (sub) {
		struct btyd_optinfo si;
		int start = info->start;
		memset(&si, 0, sizeof(si));
		if (btyd_search(full, th, max_eval, &fbest, &si) < 0)
			return -1;
		*info = si;
		info->start = start;
		info->evaluations_full = si.evaluations;
		evals += si.evaluations;
	} else {
		info->evaluations_full = evals;
	}
	info->evaluations = evals;
	*fval = fbest;
	info->se_ok = btyd_covariance(full, th, no_se, cov, se);
	return 0;
}

/* Solves (L L') x = b for x (L lower triangular, dim x dim). */
static void chol_solve(int dim, double L[BTYD_MAX_DIM][BTYD_MAX_DIM], const double *b, double *x)
{
	double y[BTYD_MAX_DIM];
	for (int j = 0; j < dim; j++) {
		double s = b[j];
		for (int k = 0; k < j; k++)
			s -= L[j][k] * y[k];
		y[j] = s / L[j][j];
	}
	for (int j = dim - 1; j >= 0; j--) {
		double s = y[j];
		for (int k = j + 1; k < dim; k++)
			s -= L[k][j] * x[k];
		x[j] = s / L[j][j];
	}
}

/* Newton steps on full from th with the Hessian of hess at th: 1 when
 * they end with a gradient within 1e-9 (else 0, th where they stopped). */
static int newton(const struct btyd_problem *full, const struct btyd_problem *hess, double *th,
                  double *fval, struct btyd_optinfo *info)
{
	const int dim = full->dim;
	double N[BTYD_MAX_DIM][BTYD_MAX_DIM], L[BTYD_MAX_DIM][BTYD_MAX_DIM];
	double t[BTYD_MAX_DIM], gp[BTYD_MAX_DIM], gm[BTYD_MAX_DIM], g[BTYD_MAX_DIM];
	const double h = 1e-4;
	/* minus the Hessian of the mean log-likelihood, by central differences
	 * of the gradient (on a subsample: a few per cent off, which costs a
	 * step more, not a wrong result — the gradient decides) */
	for (int j = 0; j < dim; j++) {
		memcpy(t, th, sizeof(double) * (size_t)dim);
		t[j] = th[j] + h;
		hess->f(hess->ctx, t, gp);
		t[j] = th[j] - h;
		hess->f(hess->ctx, t, gm);
		for (int k = 0; k < dim; k++)
			N[j][k] = -(gp[k] - gm[k]) / (2 * h);
	}
	for (int j = 0; j < dim; j++)
		for (int k = 0; k <= j; k++) {
			double s = 0.5 * (N[j][k] + N[k][j]);
			for (int m = 0; m < k; m++)
				s -= L[j][m] * L[k][m];
			if (j == k) {
				if (!(s > 0) || !isfinite(s))
					return 0;
				L[j][j] = sqrt(s);
			} else {
				L[j][k] = s / L[k][k];
			}
		}
	double f = full->f(full->ctx, th, g), gmax = INFINITY;
	info->evaluations++;
	for (int it = 0; it < 8 && isfinite(f); it++) {
		double d[BTYD_MAX_DIM], gn[BTYD_MAX_DIM], gnmax = 0;
		gmax = 0;
		for (int k = 0; k < dim; k++)
			gmax = fabs(g[k]) > gmax || !isfinite(g[k]) ? fabs(g[k]) : gmax;
		if (gmax <= 1e-9)
			break;
		chol_solve(dim, L, g, d);
		for (int k = 0; k < dim; k++) {
			t[k] = th[k] + d[k];
			if (!(t[k] > full->lb[k] + AT_BOUND && t[k] < full->ub[k] - AT_BOUND))
				return 0; /* towards a bound: the search decides */
		}
		double fn = full->f(full->ctx, t, gn);
		info->evaluations++;
		for (int k = 0; k < dim; k++)
			gnmax = fabs(gn[k]) > gnmax || !isfinite(gn[k]) ? fabs(gn[k]) : gnmax;
		if (!isfinite(fn) || !(gnmax < gmax))
			break; /* no nearer to the maximum */
		memcpy(th, t, sizeof(double) * (size_t)dim);
		memcpy(g, gn, sizeof(double) * (size_t)dim);
		f = fn;
		gmax = gnmax;
	}
	*fval = f;
	info->grad_max = gmax;
	return isfinite(f) && gmax <= 1e-9;
}

int btyd_polish(const struct btyd_problem *full, const struct btyd_problem *hess,
                const double *start, int max_eval, int no_se, double *th, double *fval, double *cov,
                double *se, struct btyd_optinfo *info)
{
	const int dim = full->dim;
	memset(info, 0, sizeof(*info));
	for (int k = 0; k < dim; k++)
		th[k] = fmin(fmax(start[k], full->lb[k] + 0.5), full->ub[k] - 0.5);
	if (!newton(full, hess, th, fval, info)) {
		/* not there by Newton steps: a search from the start */
		int evals = info->evaluations;
		if (btyd_maximize(full, NULL, start, 1, max_eval, no_se, th, fval, cov, se, info) <
		    0)
			return -1;
		info->evaluations += evals;
		info->evaluations_full = info->evaluations;
		return 0;
	}
	info->converged = 1;
	info->evaluations_full = info->evaluations;
	snprintf(info->algorithm, sizeof(info->algorithm), "Newton");
	snprintf(info->reason, sizeof(info->reason), "success");
	info->se_ok = btyd_covariance(full, th, no_se, cov, se);
	return 0;
}

int btyd_fit_run(const struct btyd_problem *full, const struct btyd_problem *sub,
                 const double *starts, int nstart, int polish, int max_eval, int no_se, double *th,
                 double *fval, double *cov, double *se, struct btyd_optinfo *info)
{
	if (polish)
		return btyd_polish(full, sub ? sub : full, starts, max_eval, no_se, th, fval, cov,
		                   se, info);
	return btyd_maximize(full, sub, starts, nstart, max_eval, no_se, th, fval, cov, se, info);
}
