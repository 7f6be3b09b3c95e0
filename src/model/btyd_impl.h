/*
 * btyd_impl.h — private pieces shared by the buy-till-you-die model files
 * (btyd_common.c, bgnbd.c, gammagamma.c): the two-way parallel loop, the
 * special functions, and the optimiser driver around NLopt with the
 * Hessian-based standard errors.  Not for use outside src/model/btyd*.c,
 * bgnbd.c and gammagamma.c; everyone else includes btyd.h.
 */
#ifndef TREUE_BTYD_IMPL_H
#define TREUE_BTYD_IMPL_H

#include "btyd.h"

#define BTYD_MAX_DIM 4

/*
 * btyd_parallel — calls fn(arg, slot, lo, hi) on disjoint consecutive
 * ranges covering [0, n), slot = 0, 1, ... numbering the ranges, on up to
 * `threads` threads (0: the default); each range holds at least min_chunk
 * items, so small n runs as one call on the calling thread.  Slot 0 always
 * runs on the calling thread; a thread that cannot be created runs its
 * range on the calling thread too.  Returns the number of slots used.
 */
int btyd_parallel(int threads, size_t n, size_t min_chunk,
                  void (*fn)(void *arg, int slot, size_t lo, size_t hi), void *arg);
/* The thread count actually used for `threads` (0 → default; clamped to 1..BTYD_MAX_THREADS). */
int btyd_threads(int threads);

/* ln Γ(x) for x > 0 without touching signgam (thread-safe). */
double btyd_lgamma(double x);
/* ψ(x) = d ln Γ(x)/dx for x > 0, to about 1e-15 relative. */
double btyd_digamma(double x);
/* ln(1 + e^v) without overflow. */
double btyd_softplus(double v);

/*
 * Fills e for customer i (0-based) whose `field` has the bad value v:
 * e->field, e->value (%.17g), e->line = i + 1 and the message
 * "customer N: why".  Returns -1.
 */
int btyd_bad_field(struct err *e, size_t i, const char *field, double v, const char *why);

/* 0 when every BG/NBD parameter is finite and > 0, else -1 with e set. */
int bgnbd_params_check(const struct bgnbd_params *p, struct err *e);
/*
 * E[Y(t) | alive at T, x] — the expected transactions without the P(alive)
 * factor (the series or quadrature described in btyd.h at
 * bgnbd_expected_conditional), for BG/NBD (s = 0) or MBG/NBD (s = 1: b + 1
 * in place of b).
 */
double bgnbd_alive_expect(const struct bgnbd_params *p, int s, double t, int32_t x, double T);
/* The same for J horizons t[j] into out[j], up to four at a time sharing
 * the series' coefficients. */
void bgnbd_alive_expect_many(const struct bgnbd_params *p, int s, int32_t x, double T,
                             const double *t, int J, double *out);

/*
 * A maximisation problem over dim log-parameters: f returns the mean
 * log-likelihood per customer at th and, when g is not NULL, its gradient
 * in th.  lb/ub bound the search box.  n is the number of customers the
 * mean is taken over (for the Hessian of the total).
 */
struct btyd_problem {
	int dim;
	double (*f)(void *ctx, const double *th, double *g);
	void *ctx;
	const double *lb, *ub;
	double n;
	const char *const *names; /* parameter names for messages */
	/* 1: the start is a maximum of nearly the same problem: the search
	 * stops on the relative change 1e-15 instead of 1e-12 (it would stop
	 * at once, short of the gradient test), and a point that passes the
	 * gradient test is taken even when NLopt gives up there */
	int polish;
};

/*
 * btyd_search — a local maximisation from th (updated in place): NLopt
 * LD_LBFGS; when that does not end converged (see struct btyd_optinfo),
 * LN_BOBYQA from its result and LD_LBFGS again.  *fval receives the mean
 * log-likelihood at th; info gets evaluations (added to), algorithm,
 * reason, converged and grad_max.  Returns 0, or -1 when no finite value
 * was found.
 */
int btyd_search(const struct btyd_problem *pb, double *th, int max_eval, double *fval,
                struct btyd_optinfo *info);

/*
 * btyd_covariance — standard errors at the optimum th: Hessian of n * f in
 * the log-parameters by central differences of the gradient (step 1e-4),
 * cov_log = (-H)^-1 by Cholesky, then cov[j][k] = cov_log[j][k] e^th_j
 * e^th_k and se[j] = sqrt(cov[j][j]).  cov is dim x dim, row-major.
 * Returns 1 when -H was positive definite; otherwise (or when skip is set,
 * without computing anything) fills se and cov with +inf and returns 0.
 */
int btyd_covariance(const struct btyd_problem *pb, const double *th, int skip, double *cov,
                    double *se);

/* Fits with more customers than BTYD_SUB_ABOVE first search on a
 * systematic subsample of about BTYD_SUBSAMPLE customers. */
#define BTYD_SUBSAMPLE 20000
#define BTYD_SUB_ABOVE (2 * BTYD_SUBSAMPLE)

/*
 * btyd_maximize — a whole fit: a btyd_search from each of the nstart
 * starting points starts[s * dim ...] (log-parameters, moved at least 0.5
 * inside the box) on `sub`, or on `full` when sub is NULL; when sub is
 * given, a btyd_search on `full` from the best of them.  th receives the
 * best point, *fval the mean log-likelihood there (on full), info the
 * report of the final search with evaluations summed over all searches,
 * evaluations_full those on full and start the winning start; then
 * btyd_covariance(full, th, no_se, cov, se) sets info->se_ok.  Returns 0, or
 * -1 when no search found a finite value.
 */
int btyd_maximize(const struct btyd_problem *full, const struct btyd_problem *sub,
                  const double *starts, int nstart, int max_eval, int no_se, double *th,
                  double *fval, double *cov, double *se, struct btyd_optinfo *info);

/*
 * btyd_polish — a fit from a maximum of nearly the same problem (start,
 * log-parameters): Newton steps on `full` with the Hessian of `hess` (a
 * subsample, or full itself) at the start, each one evaluation of full,
 * until the gradient is within 1e-9 — two or three steps where a search
 * takes a dozen evaluations or more; when they do not get there (the
 * Hessian not negative definite, a step towards a bound or no nearer), a
 * btyd_maximize on full from the start alone.  Arguments and result as
 * btyd_maximize's.
 */
int btyd_polish(const struct btyd_problem *full, const struct btyd_problem *hess,
                const double *start, int max_eval, int no_se, double *th, double *fval, double *cov,
                double *se, struct btyd_optinfo *info);

/* What a fitter runs: btyd_polish from starts (its first point; the
 * Hessian from sub, or full when sub is NULL) when polish is set, else
 * btyd_maximize. */
int btyd_fit_run(const struct btyd_problem *full, const struct btyd_problem *sub,
                 const double *starts, int nstart, int polish, int max_eval, int no_se, double *th,
                 double *fval, double *cov, double *se, struct btyd_optinfo *info);

#endif
