/*
 * btyd.h — the buy-till-you-die numerical core: per-customer summaries
 * (x, t_x, T, m_x), the BG/NBD model (Fader, Hardie & Lee 2005) and its
 * variant MBG/NBD with their maximum-likelihood fits, per-customer P(alive)
 * and expected purchases, a calibration/holdout evaluation, the
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"), a
 * discounted customer lifetime value (the simulator the tests use lives in
 * tests/unit/btyd_sim.h).  docs/BTYD.md states every formula used here.
 *
 * Pure functions: no SQL, no printing, no writable global of their own
 * (checked with nm, see docs/ARCHITECTURE.md), no exit.  Functions that
 * can fail return 0 on success and -1 after filling the struct err (which
 * may be NULL).  Out of memory aborts through xmalloc.  Functions that take
 * a `threads` count run their per-customer loops on at most that many
 * threads (0 means the default, BTYD_DEFAULT_THREADS); small inputs run on
 * the calling thread only.  Results do not depend on the thread count
 * beyond floating-point summation order.
 *
 * Time unit: one week (7 days).  For a customer whose first purchase day is
 * F and whose last purchase day before the reference date D is L:
 *   x   = number of distinct purchase days in (F, D), i.e. repeat transactions
 *   t_x = (L - F) / 7      (0 when x = 0)
 *   T   = (D - 1 - F) / 7  (the observation ends on the day before D)
 *   m_x = mean revenue of the x repeat transactions, in currency units
 *         (0 when x = 0); a transaction is one purchase day, its revenue the
 *         sum of that day's purchases.
 * A purchase is an order with revenue >= 0; orders with negative revenue
 * (credit notes, returns) are ignored here entirely.
 */
#ifndef TREUE_BTYD_H
#define TREUE_BTYD_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define BTYD_DEFAULT_THREADS 2
#define BTYD_MAX_THREADS 16
/* Calibration x buckets of the holdout evaluation: 0, 1, ..., 6, 7+. */
#define BTYD_BUCKETS 8
/* Fewest customers a BG/NBD fit accepts, and fewest repeat buyers (x > 0,
 * m_x > 0) a Gamma-Gamma fit accepts. */
#define BTYD_MIN_CUSTOMERS 10
#define BTYD_MIN_REPEAT 2
#define GG_MIN_CUSTOMERS 10

/* ---- per-customer summaries ---- */

/* One customer's calibration summary; see the definitions above. */
struct btyd_summary {
	int32_t x;
	double t_x;
	double T;
	double m_x;
};

/*
 * btyd_summarize — the summary of one customer at reference date D from its
 * orders: day[i] (ascending, equal days allowed) and cents[i] (revenue in
 * cents) for i < n.  Orders with cents < 0 are skipped; orders dated on or
 * after D are ignored.  Orders on the same day form one transaction whose
 * revenue is the sum of their cents.  With F the first and L the last
 * purchase day before D and v_1..v_x the revenues of the purchase days
 * after F:
 *   x = number of purchase days after F, t_x = (L - F)/7, T = (D - 1 - F)/7,
 *   m_x = (v_1 + ... + v_x) / x / 100  (0 when x = 0).
 * Returns 1 and fills *out when the customer has a purchase before D, 0
 * (leaving *out zeroed) when it has none (it is not part of the customer
 * base at D), -1 with e set when day[] is not ascending or holds DAY_NONE,
 * or when x would exceed INT32_MAX.
 */
int btyd_summarize(const day_t *day, const int64_t *cents, size_t n, day_t D,
                   struct btyd_summary *out, struct err *e);

/*
 * btyd_purchase_days — the number of distinct days d with from <= d < to on
 * which the customer made a purchase (an order with cents >= 0), for the
 * same ascending day[]/cents[] arrays as btyd_summarize.  With from = D and
 * to = D + holdout days this is the holdout count x* of repeat
 * transactions (every purchase after calibration is a repeat).  Returns 0
 * for an empty range.
 */
int64_t btyd_purchase_days(const day_t *day, const int64_t *cents, size_t n, day_t from, day_t to);

/*
 * The customer base in structure-of-arrays form: n customers, customer i
 * has x[i], t_x[i], T[i] and (for the Gamma-Gamma model, may be NULL
 * otherwise) m_x[i].  A caller with its own arrays points the fields at
 * them and leaves alloc 0; btyd_data_push instead grows arrays the struct
 * owns (alloc > 0 then), which btyd_data_release frees.  BTYD_DATA_INIT is
 * the empty, owning-nothing value.
 *
 * Valid data (checked by every fit, loglik, score and evaluation function):
 * x[i] >= 0; T[i] finite and >= 0; t_x[i] finite with 0 <= t_x[i] <= T[i]
 * (t_x is ignored when x[i] = 0); m_x[i] finite and >= 0 where used.
 */
struct btyd_data {
	size_t n;
	int32_t *x;
	double *t_x;
	double *T;
	double *m_x;
	size_t alloc;
};
#define BTYD_DATA_INIT                                                                             \
	{                                                                                          \
		0, NULL, NULL, NULL, NULL, 0                                                       \
	}

/* Appends one summary (growing the owned arrays; m_x is always kept). */
void btyd_data_push(struct btyd_data *d, const struct btyd_summary *s);
/* Frees the owned arrays (nothing when alloc == 0) and resets *d to BTYD_DATA_INIT. */
void btyd_data_release(struct btyd_data *d);
/*
 * btyd_data_check — validates d as described above (m_x only when
 * need_mx); on the first bad customer i returns -1 with e->field the
 * offending field ("x", "t_x", "T" or "m_x"), e->value its value and
 * e->line = i + 1.  Returns 0 when valid.
 */
int btyd_data_check(const struct btyd_data *d, int need_mx, struct err *e);

/* ---- optimiser report shared by the fits ---- */

/*
 * How a fit ended.  evaluations counts every likelihood+gradient evaluation
 * of the search (all starting points and stages; not the Hessian);
 * evaluations_full those on the whole customer base (the rest ran on a
 * systematic subsample used to find a good starting point).  grad_max is
 * max_k |d(mean log-likelihood)/d(log theta_k)| at the result.  converged is
 * 1 when the optimiser stopped on its tolerances and grad_max <= 1e-6 with
 * no parameter at a bound of the search box (within 1e-5 of it in the
 * log-parameter).  reason says why it stopped ("success", "ftol", "xtol",
 * "roundoff-limited", "max evaluations", "... gradient G left", "b at the
 * upper bound 1e+06 of the search box"...), algorithm which method gave
 * the final point ("LBFGS" or "BOBYQA+LBFGS"), start which starting point
 * won (0-based).  se_ok is 1 when the Hessian was negative definite and
 * the standard errors are finite; otherwise they are +inf.
 */
struct btyd_optinfo {
	int evaluations;
	int evaluations_full;
	int start;
	int converged;
	int se_ok;
	double grad_max;
	char algorithm[24];
	char reason[96];
};

/* ---- BG/NBD ---- */

struct bgnbd_params {
	double r, alpha, a, b;
};

/* Options for bgnbd_fit; zero-initialised means the defaults. */
struct bgnbd_options {
	int threads;                      /* 0: BTYD_DEFAULT_THREADS */
	int max_evaluations;              /* per local search; 0: 1000 */
	int no_se;                        /* 1: skip the Hessian and standard errors */
	const struct bgnbd_params *start; /* an extra, first starting point */
	/* 1: start is the fit of nearly the same base (a few orders added):
	 * the only start, searched on the whole base at once */
	int polish;
};

struct bgnbd_fit {
	struct bgnbd_params par;
	struct bgnbd_params se; /* standard errors of r, alpha, a, b */
	double cov[4][4];       /* covariance of (r, alpha, a, b) */
	double loglik;          /* total log-likelihood at par */
	size_t n;               /* customers */
	size_t repeat;          /* customers with x > 0 */
	struct btyd_optinfo opt;
};

/*
 * bgnbd_loglik — the BG/NBD log-likelihood of all customers of d,
 *   LL = sum_i ln L_i,
 *   L_i = B(a,b+x)/B(a,b) * G(r+x)/G(r) * alpha^r / (alpha+T)^(r+x)
 *       + [x>0] B(a+1,b+x-1)/B(a,b) * G(r+x)/G(r) * alpha^r / (alpha+t_x)^(r+x),
 * evaluated in logs (log-sum-exp of the two terms; lgamma; x-only terms
 * tabulated per distinct x).  When grad is not NULL it receives
 * dLL/dr, dLL/dalpha, dLL/da, dLL/db (analytic).  Returns -1 with e set when
 * d is invalid or a parameter is not finite and > 0.
 */
int bgnbd_loglik(const struct bgnbd_params *p, const struct btyd_data *d, int threads, double *ll,
                 double grad[4], struct err *e);

/*
 * bgnbd_fit — maximum-likelihood estimates of r, alpha, a, b over the
 * log-parameters.  Starting points: opt->start if given, then four points
 * built around the base's mean repeat rate (sum x / sum T).  With more than
 * 40,000 customers every start is first fitted on a systematic subsample of
 * about 20,000 customers and the best result seeds the fit on the whole
 * base; otherwise every start is fitted on the whole base.  Each local fit
 * is NLopt LD_LBFGS (ftol_rel 1e-12, xtol_rel 1e-10) on the mean
 * log-likelihood inside the box 1e-6 <= theta <= 1e6 (alpha: 1e-8..1e8);
 * when a search ends neither converged nor at a bound (see struct
 * btyd_optinfo), LN_BOBYQA from there followed by LD_LBFGS again.  Standard errors: the Hessian of
 * the total log-likelihood in the log-parameters by central differences of
 * the analytic gradient (step 1e-4), covariance = (-H)^-1, mapped to the
 * natural parameters by the delta method (cov_jk * theta_j * theta_k).
 * With opt->polish and opt->start, that start alone, on the whole base (a
 * fit of nearly the same base: it is close to the maximum already).
 * Errors (-1, e set): invalid data; fewer than BTYD_MIN_CUSTOMERS customers;
 * fewer than BTYD_MIN_REPEAT customers with x > 0 (a base of one-time
 * buyers has no maximum); all T = 0; no finite result.  A fit that ends
 * without converging is not an error: fit->opt says so and why.
 */
int bgnbd_fit(const struct btyd_data *d, const struct bgnbd_options *opt, struct bgnbd_fit *fit,
              struct err *e);

/*
 * bgnbd_p_alive — P(still alive at T | x, t_x, T)
 *   = 1 / (1 + [x>0] a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x)),
 * computed as a logistic of the log of the second term; 1 when x = 0.
 */
double bgnbd_p_alive(const struct bgnbd_params *p, int32_t x, double t_x, double T);

/*
 * bgnbd_expected_conditional — E[Y(t) | x, t_x, T], the expected number of
 * transactions in the t weeks after T:
 *   P(alive) * (a+b+x-1)/(a-1)
 *            * [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)],
 *   z = t/(alpha+T+t).
 * Evaluated through Euler's transformation as
 *   P(alive) * (a+b+x-1) * [(1-(1-z)^(a-1))/(a-1) - (1-z)^(a-1) G],
 *   G = sum_{k>=1} (a+b-1-r)_k (a)_{k-1} / ((a+b+x-1)_k k!) z^k,
 * which is finite at a = 1 (the first term tends to -ln(1-z)); when z > 0.99
 * or the series needs more than 5000 terms, by tanh-sinh quadrature of
 *   P(alive) * E[(1 - (1 + p t/(alpha+T))^-(r+x)) / p],  p ~ Beta(a, b+x).
 * 0 when t <= 0.
 */
double bgnbd_expected_conditional(const struct bgnbd_params *p, double t, int32_t x, double t_x,
                                  double T);

/*
 * bgnbd_expected_unconditional — E[X(t)], the expected number of
 * transactions of a new customer in its first t weeks after the first
 * purchase: (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))],
 * i.e. bgnbd_expected_conditional with x = 0, t_x = 0, T = 0.
 */
double bgnbd_expected_unconditional(const struct bgnbd_params *p, double t);

/*
 * bgnbd_score — for every customer i of d: p_alive[i] = bgnbd_p_alive and
 * expected[i] = bgnbd_expected_conditional(t) (either output may be NULL).
 * Returns -1 with e set when d or p is invalid or t < 0.
 */
int bgnbd_score(const struct bgnbd_params *p, const struct btyd_data *d, double t, int threads,
                double *p_alive, double *expected, struct err *e);

/*
 * Calibration/holdout evaluation: over the customers of the calibration
 * base, with x_star[i] the actual repeat transactions of customer i in the
 * holdout of t weeks that follows the calibration:
 *   expected          = sum_i E[Y(t) | x_i, t_x_i, T_i]   (conditional)
 *   expected_uncond   = sum_i (E[X(T_i + t)] - E[X(T_i)]) (unconditional,
 *                       the tracking-plot figure)
 *   actual            = sum_i x_star[i]
 * and the same for the customers of each calibration bucket x = 0..6 and
 * 7+ (bucket_n customers; divide by bucket_n for the per-customer means of
 * the conditional-expectation plot).
 */
struct bgnbd_holdout {
	double t;
	size_t customers;
	double expected;
	double expected_uncond;
	double actual;
	size_t bucket_n[BTYD_BUCKETS];
	double bucket_expected[BTYD_BUCKETS];
	double bucket_actual[BTYD_BUCKETS];
};

/* bgnbd_holdout_eval — fills *out as above.  -1 with e set for invalid
 * data or parameters, t < 0, or a negative x_star. */
int bgnbd_holdout_eval(const struct bgnbd_params *p, const struct btyd_data *cal,
                       const int32_t *x_star, double t, int threads, struct bgnbd_holdout *out,
                       struct err *e);

/*
 * ---- MBG/NBD (Batislam, Denizel & Filiztekin 2007) ----
 * The same parameters and structs as BG/NBD; the customer may also drop
 * out right after the first purchase, with probability p, so
 *   L_i = B(a,b+x+1)/B(a,b) G(r+x)/G(r) alpha^r / (alpha+T)^(r+x)
 *       + B(a+1,b+x)/B(a,b) G(r+x)/G(r) alpha^r / (alpha+t_x)^(r+x)
 * for every x (t_x = 0 when x = 0),
 *   P(alive) = 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)),
 *   E[Y(t) | x, t_x, T] = P(alive) (a+b+x)/(a-1)
 *       [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x+1; a+b+x; z)],
 * evaluated as the BG/NBD functions with b + 1 in place of b, and
 *   E[X(t)] = b/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b+1; a+b; t/(alpha+t))]
 * = mbgnbd_expected_conditional(t, 0, 0, 0).  Each function behaves as its
 * bgnbd_ twin in every other respect (errors, threads, fit procedure).
 */
int mbgnbd_loglik(const struct bgnbd_params *p, const struct btyd_data *d, int threads, double *ll,
                  double grad[4], struct err *e);
int mbgnbd_fit(const struct btyd_data *d, const struct bgnbd_options *opt, struct bgnbd_fit *fit,
               struct err *e);
double mbgnbd_p_alive(const struct bgnbd_params *p, int32_t x, double t_x, double T);
double mbgnbd_expected_conditional(const struct bgnbd_params *p, double t, int32_t x, double t_x,
                                   double T);
double mbgnbd_expected_unconditional(const struct bgnbd_params *p, double t);
int mbgnbd_score(const struct bgnbd_params *p, const struct btyd_data *d, double t, int threads,
                 double *p_alive, double *expected, struct err *e);
int mbgnbd_holdout_eval(const struct bgnbd_params *p, const struct btyd_data *cal,
                        const int32_t *x_star, double t, int threads, struct bgnbd_holdout *out,
                        struct err *e);

/* ---- Gamma-Gamma spend model ---- */

struct gg_params {
	double p, q, gamma;
};

struct gg_options {
	int threads;         /* 0: BTYD_DEFAULT_THREADS */
	int max_evaluations; /* per local search; 0: 1000 */
	int no_se;
	const struct gg_params *start;
	int polish; /* as bgnbd_options' */
};

struct gg_fit {
	struct gg_params par;
	struct gg_params se;
	double cov[3][3];
	double loglik;
	size_t n;       /* customers used: x > 0 and m_x > 0 */
	size_t skipped; /* customers with x > 0 but m_x = 0 (only free repeat purchases) */
	struct btyd_optinfo opt;
};

/*
 * gg_loglik — the Gamma-Gamma log-likelihood of the mean repeat values over
 * the customers of d with x > 0 and m_x > 0:
 *   ln f(m_x | x) = lnG(px+q) - lnG(px) - lnG(q) + q ln gamma + (px-1) ln m_x
 *                 + px ln x - (px+q) ln(gamma + x m_x),
 * the density of the mean of x iid Gamma(p, nu) values with
 * nu ~ Gamma(q, gamma).  grad (may be NULL) receives dLL/dp, dLL/dq,
 * dLL/dgamma.  -1 with e set for invalid data or parameters.
 */
int gg_loglik(const struct gg_params *p, const struct btyd_data *d, int threads, double *ll,
              double grad[3], struct err *e);

/*
 * gg_fit — maximum-likelihood p, q, gamma over the customers with x > 0 and
 * m_x > 0, with the same optimiser, convergence rule and standard errors
 * as bgnbd_fit (three starting points scaled to the mean of m_x; no
 * subsampling stage).  -1 with e set for invalid data or fewer than
 * GG_MIN_CUSTOMERS such customers.
 */
int gg_fit(const struct btyd_data *d, const struct gg_options *opt, struct gg_fit *fit,
           struct err *e);

/*
 * gg_expected_value — E[Z | x, m_x], the expected value of a transaction
 * of a customer with x repeat transactions of mean value m_x:
 *   (gamma + x m_x) p / (p x + q - 1)
 *   = (q-1)/(px+q-1) * gamma p/(q-1) + px/(px+q-1) * m_x,
 * a weighted mean of the population mean gamma p/(q-1) and m_x.  With x = 0
 * the population mean.  +inf when p x + q <= 1 (the mean does not exist).
 */
double gg_expected_value(const struct gg_params *p, int32_t x, double m_x);

/* ---- customer lifetime value ---- */

/*
 * CLV options: years H > 0 (a year is 52 weeks), annual discount rate d >=
 * 0, periods_per_year P >= 1 (the discounting grid), margin ratio
 * (gross margin / revenue; 1 for revenue).
 */
struct btyd_clv_options {
	double years;
	double discount;
	int periods_per_year;
	double margin;
};

/*
 * btyd_clv — the expected discounted margin of one customer over the next
 * H years after T:
 *   margin * E[Z | x, m_x] * sum_{j=1..J} (E[Y(t_j)] - E[Y(t_{j-1})]) / (1+d)^(t_j/52)
 * with t_0 = 0, t_j = min(j w, 52 H), w = 52/P weeks, J = ceil(H P): the
 * expected purchases of each period discounted from the period's end,
 * E[Y(.)] = bgnbd_expected_conditional and E[Z|.] = gg_expected_value.
 * With d = 0 this is margin * E[Z | x, m_x] * E[Y(52 H) | x, t_x, T]: for
 * H = 1 the undiscounted 52-week value.  0 when no purchase is expected
 * or margin = 0 (even if E[Z] is infinite); invalid options (years not in
 * (0, 1000], discount < 0, P not in 1..365, margin not finite) give 0.
 */
double btyd_clv(const struct bgnbd_params *bg, const struct gg_params *gg, int32_t x, double t_x,
                double T, double m_x, const struct btyd_clv_options *o);

/*
 * btyd_clv_score — btyd_clv for every customer of d into out[i] (d needs
 * m_x).  -1 with e set for invalid data, parameters or options.
 */
int btyd_clv_score(const struct bgnbd_params *bg, const struct gg_params *gg,
                   const struct btyd_data *d, const struct btyd_clv_options *o, int threads,
                   double *out, struct err *e);

#endif
