/*
 * btyd_run.c — buy-till-you-die over the whole dataset: builds every
 * customer's summary at D, fits (or takes cached parameters), scores each
 * customer and picks the silent leavers.  The numbers themselves are in
 * bgnbd.c and gammagamma.c.
 *
 * Silent leavers: customers with at least 3 purchase days whose P(alive)
 * is below 0.5 and who have no departure recorded before D (those said so),
 * ordered by the revenue expected to be lost per year —
 * (1 - P(alive)) times the customer's own pace, 52 * x / T purchases a
 * year, times its expected order value (Gamma-Gamma, else its mean).
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
		uint64_t a = ds->ord_off[i], z = ds->ord_off[i + 1];
		if (btyd_summarize(ds->ord_date + a, ds->ord_rev + a, (size_t)(z - a), D, &sm,
		                   NULL) != 1)
			continue;
		ix[b.n] = (uint32_t)i;
		btyd_data_push(&b, &sm);
	}
	*base = b;
	*idx = ix;
}

static int cmp_silent(const void *pa, const void *pb)
{
	const struct silent_leaver *a = pa, *b = pb;
	if (a->lost_per_year != b->lost_per_year)
		return a->lost_per_year > b->lost_per_year ? -1 : 1;
	return (a->cust > b->cust) - (a->cust < b->cust);
}

int model_btyd(const struct dataset *ds, day_t D, const struct model_settings *s, int mbg,
               const struct btyd_params_all *given, int score, struct btyd_result *out)
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
		struct bgnbd_options bo = {0};
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
	for (size_t k = 0; k < ds->norders; k++)
		if (ds->ord_date[k] < D && ds->ord_margin[k] != MONEY_NONE && ds->ord_rev[k] > 0)
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
		out->clv52 = xmalloc(sizeof(double) * (n + 1));
		out->clv = xmalloc(sizeof(double) * (n + 1));
	}
	for (size_t i = 0; i < n; i++) {
		out->p_alive[i] = NAN;
		if (full)
			out->expected52[i] = out->clv52[i] = out->clv[i] = NAN;
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
	out->silent = xmalloc(sizeof(*out->silent) * (base.n + 1));
	for (size_t k = 0; k < base.n; k++) {
		size_t i = idx[k];
		int32_t x = base.x[k];
		out->p_alive[i] = pa[k];
		out->purchase_days[i] = x + 1;
		if (!full) {
			/* p_alive only */
		} else if (out->par.has_gg && !mbg) {
			out->expected52[i] = ex[k];
			out->clv52[i] = 100.0 * btyd_clv(bg, &out->par.gg, x, base.t_x[k],
			                                 base.T[k], base.m_x[k], &c52);
			out->clv[i] = 100.0 * btyd_clv(bg, &out->par.gg, x, base.t_x[k], base.T[k],
			                               base.m_x[k], &cH);
		} else {
			/* without a spend model: the customer's own mean order value */
			double mean = x ? base.m_x[k] : 0;
			out->expected52[i] = ex[k];
			out->clv52[i] = 100.0 * mean * ex[k] * out->margin_ratio;
		}
		int said_goodbye = 0; /* a recorded departure: the customer did say so */
		for (uint32_t q = ds->dep_off[i]; q < ds->dep_off[i + 1]; q++)
			said_goodbye |= ds->dep[q] < D;
		if (x + 1 >= 3 && pa[k] < 0.5 && base.T[k] > 0 && !said_goodbye) {
			double value = out->par.has_gg
			                   ? gg_expected_value(&out->par.gg, x, base.m_x[k])
			                   : base.m_x[k];
			if (!isfinite(value))
				value = base.m_x[k];
			struct silent_leaver *sl = &out->silent[out->nsilent++];
			sl->cust = (uint32_t)i;
			sl->p_alive = pa[k];
			sl->lost_per_year =
			    100.0 * (1.0 - pa[k]) * 52.0 * (double)x / base.T[k] * value;
			out->silent_lost += sl->lost_per_year;
		}
	}
	qsort(out->silent, out->nsilent, sizeof(*out->silent), cmp_silent);
	free(pa);
	free(ex);
done:
	btyd_data_release(&base);
	free(idx);
	return 0;
}

void btyd_result_release(struct btyd_result *r)
{
	free(r->p_alive), free(r->expected52), free(r->clv52), free(r->clv);
	free(r->purchase_days), free(r->silent);
	memset(r, 0, sizeof(*r));
}
