/*
 * btyd_run.c — buy-till-you-die over the whole dataset: builds every
 * customer's summary at D (every customer with a purchase before D,
 * lapsed and departed ones included: they are the model's evidence of
 * dropout), fits (or takes cached parameters) and scores each customer:
 * P(alive), expected purchases and the expected margin over 52 weeks and
 * over the horizon.  The numbers themselves are in bgnbd.c and
 * gammagamma.c; model_compute picks the silent leavers from P(alive).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "btyd_impl.h"
#include "model.h"

/* Customer i's summary at D into *sm (1, or 0 when it has none), and the
 * revenue and margin of its purchases before D that carry a margin added
 * to *rev and *mar (the margin ratio's sums). */
static int cust_summary(const struct dataset *ds, size_t i, day_t D, struct btyd_summary *sm,
                        int64_t *rev, int64_t *mar)
{
	uint64_t a = ds->ord_start[i], z = ds->ord_end[i];
	for (uint64_t k = a; k < z && ds->ord_date[k] < D; k++)
		if (ds->ord_margin[k] != MONEY_NONE && ds->ord_rev[k] > 0)
			*rev += ds->ord_rev[k], *mar += ds->ord_margin[k];
	return btyd_summarize(ds->ord_date + a, ds->ord_rev + a, (size_t)(z - a), D, sm, NULL) == 1;
}

/* The summaries of two halves of the customers, each written from its
 * first customer's index on (a half has at most that many), the second
 * then moved behind the first: the same base in customer order whatever
 * the number of threads.  Beside them, in integers, the revenue and
 * margin of the purchases before D that carry a margin. */
struct base_job {
	const struct dataset *ds;
	day_t D;
	struct btyd_data *b;
	uint32_t *ix;
	size_t n[2];
	size_t from; /* the second half's first customer */
	int64_t rev[2], mar[2];
};

static void base_part(void *arg, size_t lo, size_t hi, int part)
{
	struct base_job *j = arg;
	const struct dataset *ds = j->ds;
	struct btyd_data *b = j->b;
	size_t at = lo;
	int64_t rev = 0, mar = 0;
	for (size_t i = lo; i < hi; i++) {
		struct btyd_summary sm;
		if (!cust_summary(ds, i, j->D, &sm, &rev, &mar))
			continue;
		j->ix[at] = (uint32_t)i;
		b->x[at] = sm.x, b->t_x[at] = sm.t_x, b->T[at] = sm.T, b->m_x[at] = sm.m_x;
		at++;
	}
	j->n[part] = at - lo;
	if (part)
		j->from = lo;
	j->rev[part] = rev, j->mar[part] = mar;
}

/* The base, and the margin ratio into *ratio when not NULL.  The sums are
 * exact (dataset_check bounds every total below 2^62), so the ratio does
 * not depend on how the customers were split. */
static void btyd_base(const struct dataset *ds, day_t D, struct btyd_data *base, uint32_t **idx,
                      double *ratio)
{
	size_t c = ds->ncust;
	struct btyd_data b = BTYD_DATA_INIT;
	b.alloc = c + 1;
	b.x = xmalloc(sizeof(*b.x) * b.alloc);
	b.t_x = xmalloc(sizeof(*b.t_x) * b.alloc);
	b.T = xmalloc(sizeof(*b.T) * b.alloc);
	b.m_x = xmalloc(sizeof(*b.m_x) * b.alloc);
	struct base_job j = {ds,     D, &b,     xmalloc(sizeof(uint32_t) * (c + 1)),
	                     {0, 0}, 0, {0, 0}, {0, 0}};
	parallel_for(c, 50000, base_part, &j);
	size_t n0 = j.n[0], from = j.from;
	if (j.n[1]) {
		/* the second half (from c / 2 on) behind the first */
		memmove(j.ix + n0, j.ix + from, sizeof(*j.ix) * j.n[1]);
		memmove(b.x + n0, b.x + from, sizeof(*b.x) * j.n[1]);
		memmove(b.t_x + n0, b.t_x + from, sizeof(*b.t_x) * j.n[1]);
		memmove(b.T + n0, b.T + from, sizeof(*b.T) * j.n[1]);
		memmove(b.m_x + n0, b.m_x + from, sizeof(*b.m_x) * j.n[1]);
	}
	b.n = n0 + j.n[1];
	*base = b;
	*idx = j.ix;
	if (ratio) {
		int64_t rev = j.rev[0] + j.rev[1], mar = j.mar[0] + j.mar[1];
		*ratio = rev > 0 ? (double)mar / (double)rev : 1.0;
	}
}

void model_btyd_base(const struct dataset *ds, day_t D, struct btyd_data *base, uint32_t **idx)
{
	btyd_base(ds, D, base, idx, NULL);
}

/* Given parameters and P(alive) alone (what the report and the action
 * list ask for): each customer's summary scored where it is made, on two
 * threads, without the base's arrays — the same function of the same
 * numbers as bgnbd_score's. */
struct direct_job {
	const struct dataset *ds;
	day_t D;
	const struct bgnbd_params *bg;
	int mbg, scored; /* scored: the parameters passed their check */
	struct btyd_result *out;
	int64_t rev[2], mar[2];
};

static void direct_part(void *arg, size_t lo, size_t hi, int part)
{
	struct direct_job *j = arg;
	const struct dataset *ds = j->ds;
	int64_t rev = 0, mar = 0;
	for (size_t i = lo; i < hi; i++) {
		struct btyd_summary sm;
		int have = cust_summary(ds, i, j->D, &sm, &rev, &mar);
		j->out->p_alive[i] = NAN;
		j->out->purchase_days[i] = 0;
		if (!j->scored || !have)
			continue;
		j->out->p_alive[i] = j->mbg ? mbgnbd_p_alive(j->bg, sm.x, sm.t_x, sm.T)
		                            : bgnbd_p_alive(j->bg, sm.x, sm.t_x, sm.T);
		j->out->purchase_days[i] = sm.x + 1;
	}
	j->rev[part] = rev, j->mar[part] = mar;
}

static void btyd_direct(const struct dataset *ds, day_t D, int mbg,
                        const struct btyd_params_all *given, struct btyd_result *out)
{
	struct err e;
	err_init(&e, LANG_EN);
	out->par = *given;
	out->ok = 1;
	out->p_alive = xmalloc(sizeof(double) * (ds->ncust + 1));
	out->purchase_days = xmalloc(sizeof(int32_t) * (ds->ncust + 1));
	struct direct_job j = {
	    ds,  D,      &out->par.bg, mbg, bgnbd_params_check(&out->par.bg, &e) == 0,
	    out, {0, 0}, {0, 0}};
	parallel_for(ds->ncust, 50000, direct_part, &j);
	int64_t rev = j.rev[0] + j.rev[1], mar = j.mar[0] + j.mar[1];
	out->margin_ratio = rev > 0 ? (double)mar / (double)rev : 1.0;
	if (!j.scored) {
		out->ok = 0;
		snprintf(out->why, sizeof(out->why), "%s", e.msg);
	}
}

static int btyd_run(const struct dataset *ds, day_t D, const struct model_settings *s, int mbg,
                    const struct btyd_params_all *given, const struct btyd_params_all *near,
                    int score, struct btyd_result *out)
{
	struct btyd_data base;
	uint32_t *idx;
	struct err e;
	memset(out, 0, sizeof(*out));
	err_init(&e, LANG_EN); /* the fitters' messages are technical, in English */
	if (given && score == 1) {
		btyd_direct(ds, D, mbg, given, out);
		return 0;
	}
	double ratio;
	btyd_base(ds, D, &base, &idx, &ratio);
	if (given) {
		out->par = *given;
	} else {
		/* from a fit of nearly the same orders: that start alone, and no
		 * standard errors (nothing of a report shows them) */
		struct bgnbd_options bo = {0};
		if (near && near->model_mbg == mbg)
			bo.start = &near->bg, bo.polish = bo.no_se = 1;
		int rc = mbg ? mbgnbd_fit(&base, &bo, &out->bgfit, &e)
		             : bgnbd_fit(&base, &bo, &out->bgfit, &e);
		if (rc) {
			snprintf(out->why, sizeof(out->why), "%s", e.msg);
			goto done;
		}
		out->fitted = 1;
		out->par.model_mbg = mbg;
		out->par.bg = out->bgfit.par;
		out->par.loglik = out->bgfit.loglik;
		out->par.customers = out->bgfit.n;
		out->par.repeat_buyers = out->bgfit.repeat;
		struct gg_options go = {0};
		if (near && near->model_mbg == mbg && near->has_gg)
			go.start = &near->gg, go.polish = go.no_se = 1;
		err_clear(&e);
		if (gg_fit(&base, &go, &out->ggfit, &e) == 0) {
			out->gg_fitted = 1;
			out->par.has_gg = 1;
			out->par.gg = out->ggfit.par;
		}
	}
	out->ok = 1;
	/* margin ratio over the purchases before D that carry a margin */
	out->margin_ratio = ratio;
	if (!score)
		goto done;
	size_t n = ds->ncust;
	int full = score > 1;
	out->p_alive = xmalloc(sizeof(double) * (n + 1));
	out->purchase_days = xmalloc(sizeof(int32_t) * (n + 1));
	if (full) {
		out->expected52 = xmalloc(sizeof(double) * (n + 1));
		out->margin52 = xmalloc(sizeof(double) * (n + 1));
		out->margin_h = xmalloc(sizeof(double) * (n + 1));
	}
	for (size_t i = 0; i < n; i++) {
		out->p_alive[i] = NAN;
		if (full)
			out->expected52[i] = out->margin52[i] = out->margin_h[i] = NAN;
		out->purchase_days[i] = 0;
	}
	double *pa = xmalloc(sizeof(double) * (base.n + 1));
	double *ex = full ? xmalloc(sizeof(double) * (base.n + 1)) : NULL;
	const struct bgnbd_params *bg = &out->par.bg;
	err_clear(&e);
	if ((mbg ? mbgnbd_score(bg, &base, 52, 0, pa, ex, &e)
	         : bgnbd_score(bg, &base, 52, 0, pa, ex, &e))) {
		out->ok = 0;
		snprintf(out->why, sizeof(out->why), "%s", e.msg);
		free(pa), free(ex);
		goto done;
	}
	struct btyd_clv_options c52 = {1, 0, 12, out->margin_ratio};
	struct btyd_clv_options cH = {s->horizon, s->discount, 12, out->margin_ratio};
	for (size_t k = 0; k < base.n; k++) {
		size_t i = idx[k];
		int32_t x = base.x[k];
		out->p_alive[i] = pa[k];
		out->purchase_days[i] = x + 1;
		if (!full) {
			/* p_alive only */
		} else if (out->par.has_gg && !mbg) {
			out->expected52[i] = ex[k];
			out->margin52[i] = 100.0 * btyd_clv(bg, &out->par.gg, x, base.t_x[k],
			                                    base.T[k], base.m_x[k], &c52);
			out->margin_h[i] = 100.0 * btyd_clv(bg, &out->par.gg, x, base.t_x[k],
			                                    base.T[k], base.m_x[k], &cH);
		} else {
			/* without a spend model: the customer's own mean order value */
			double mean = x ? base.m_x[k] : 0;
			out->expected52[i] = ex[k];
			out->margin52[i] = 100.0 * mean * ex[k] * out->margin_ratio;
		}
	}
	free(pa);
	free(ex);
done:
	btyd_data_release(&base);
	free(idx);
	return 0;
}

int model_btyd(const struct dataset *ds, day_t D, const struct model_settings *s, int mbg,
               const struct btyd_params_all *given, int score, struct btyd_result *out)
{
	return btyd_run(ds, D, s, mbg, given, NULL, score, out);
}

int model_btyd_near(const struct dataset *ds, day_t D, const struct model_settings *s, int mbg,
                    const struct btyd_params_all *near, int score, struct btyd_result *out)
{
	return btyd_run(ds, D, s, mbg, NULL, near, score, out);
}

void btyd_result_release(struct btyd_result *r)
{
	free(r->p_alive), free(r->expected52), free(r->margin52), free(r->margin_h);
	free(r->purchase_days);

	memset(r, 0, sizeof(*r));
}
