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

#include "model.h"

void model_btyd_base(const struct dataset *ds, day_t D, struct btyd_data *base, uint32_t **idx)
{
	struct btyd_data b = BTYD_DATA_INIT;
	uint32_t *ix = xmalloc(sizeof(*ix) * (ds->ncust + 1));
	for (size_t i = 0; i < ds->ncust; i++) {
		struct btyd_summary sm;
		uint64_t a = ds->ord_start[i], z = ds->ord_end[i];
		if (btyd_summarize(ds->ord_date + a, ds->ord_rev + a, (size_t)(z - a), D, &sm,
		                   NULL) != 1)
			continue;
		ix[b.n] = (uint32_t)i;
		btyd_data_push(&b, &sm);
	}
	*base = b;
	*idx = ix;
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
	model_btyd_base(ds, D, &base, &idx);
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
	double rev = 0, mar = 0;
	for (size_t i = 0; i < ds->ncust; i++)
		for (uint64_t k = ds->ord_start[i]; k < ds->ord_end[i]; k++)
			if (ds->ord_date[k] < D && ds->ord_margin[k] != MONEY_NONE &&
			    ds->ord_rev[k] > 0)
				rev += (double)ds->ord_rev[k], mar += (double)ds->ord_margin[k];
	out->margin_ratio = rev > 0 ? mar / rev : 1.0;
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
