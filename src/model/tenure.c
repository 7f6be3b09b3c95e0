/*
 * tenure.c — profit by tenure year, lifetime value and the what-if of a
 * few points more retention.
 *
 * Tenure year k of a customer is [first + (k-1)W, first + kW), first being
 * its first purchase; a year counts when it ends on or before D.  Its
 * profit is the margin of every order row in it (revenue where the margin
 * is absent).  mean_all divides by every customer whose year k is
 * complete (the curve SPEC §3 defines); mean_active only by those who
 * bought in that year.  CLV multiplies by r^(k-1) for survival, so it uses
 * mean_active: using mean_all would count the leavers twice.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

struct ten_job {
	const struct dataset *ds;
	day_t D;
	int W;
	struct tenure_curve part[2];
};

static void tenure_grow(struct tenure_curve *c, int years, int *cap)
{
	if (years <= *cap)
		return;
	c->years = xrealloc(c->years, sizeof(*c->years) * (size_t)years);
	memset(c->years + *cap, 0, sizeof(*c->years) * (size_t)(years - *cap));
	*cap = years;
}

static void ten_part(void *arg, size_t lo, size_t hi, int part)
{
	struct ten_job *j = arg;
	const struct dataset *ds = j->ds;
	struct tenure_curve *c = &j->part[part];
	const day_t D = j->D, W = j->W;
	int cap = c->n;
	for (size_t i = lo; i < hi; i++) {
		uint64_t a = ds->ord_off[i], z = ds->ord_off[i + 1], k;
		day_t first = DAY_NONE;
		for (k = a; k < z && ds->ord_date[k] < D; k++)
			if (ds->ord_rev[k] >= 0) {
				first = ds->ord_date[k];
				break;
			}
		if (first == DAY_NONE)
			continue;
		int years = (int)((D - first) / W); /* complete years: first + yW <= D */
		if (years == 0)
			continue;
		tenure_grow(c, years, &cap);
		if (years > c->n)
			c->n = years;
		for (int y = 0; y < years; y++)
			c->years[y].customers++;
		/* rows from the first purchase on; credit notes before it are not in year 1 */
		int y = 0, last_active = -1;
		day_t end = first + W;
		for (; k < z; k++) {
			day_t d = ds->ord_date[k];
			while (d >= end && y < years)
				y++, end += W;
			if (y >= years)
				break;
			int64_t m =
			    ds->ord_margin[k] == MONEY_NONE ? ds->ord_rev[k] : ds->ord_margin[k];
			c->years[y].margin_sum += m;
			if (ds->ord_rev[k] >= 0 && y != last_active) {
				c->years[y].active++;
				last_active = y;
			}
		}
	}
}

void model_tenure(const struct dataset *ds, day_t D, int W, struct tenure_curve *c)
{
	struct ten_job j;
	memset(&j, 0, sizeof(j));
	j.ds = ds, j.D = D, j.W = W;
	parallel_for(ds->ncust, 50000, ten_part, &j);
	*c = j.part[0];
	int cap = c->n;
	tenure_grow(c, j.part[1].n, &cap);
	if (j.part[1].n > c->n)
		c->n = j.part[1].n;
	for (int y = 0; y < j.part[1].n; y++) {
		c->years[y].customers += j.part[1].years[y].customers;
		c->years[y].active += j.part[1].years[y].active;
		c->years[y].margin_sum += j.part[1].years[y].margin_sum;
	}
	free(j.part[1].years);
	for (int y = 0; y < c->n; y++) {
		struct tenure_year *t = &c->years[y];
		t->k = y + 1;
		t->mean_all = t->customers ? (double)t->margin_sum / (double)t->customers : NAN;
		t->mean_active = t->active ? (double)t->margin_sum / (double)t->active : NAN;
	}
}

void tenure_release(struct tenure_curve *c)
{
	free(c->years);
	memset(c, 0, sizeof(*c));
}

double model_clv(const struct tenure_curve *c, double r, double d, int H, double ac)
{
	double clv = 0, m = 0;
	for (int k = 1; k <= H; k++) {
		if (k <= c->n && !isnan(c->years[k - 1].mean_active))
			m = c->years[k - 1].mean_active; /* else carried forward */
		clv += m * pow(r, k - 1) / pow(1 + d, k - 1);
	}
	return clv - ac;
}

void model_whatif(const struct dataset *ds, const struct loyalty *l, const struct tenure_curve *c,
                  double delta_points, struct whatif *w)
{
	double ac_sum = 0;
	int64_t ac_n = 0;
	memset(w, 0, sizeof(*w));
	for (size_t i = 0; i < ds->ncust; i++)
		if (ds->acq_cost[i] != MONEY_NONE && l->fig[i].segment != SEG_PROSPECT)
			ac_sum += (double)ds->acq_cost[i], ac_n++;
	w->acquisition_cost = ac_n ? ac_sum / (double)ac_n : 0;
	w->r = l->nyears ? l->years[0].rate : NAN;
	if (isnan(w->r))
		w->r = 0;
	w->r_new = w->r + delta_points / 100.0;
	if (w->r_new > 1)
		w->r_new = 1;
	if (w->r_new < 0)
		w->r_new = 0;
	w->years_of_data = c->n;
	w->customers = l->customers;
	w->clv = model_clv(c, w->r, l->set.discount, l->set.horizon, w->acquisition_cost);
	w->clv_new = model_clv(c, w->r_new, l->set.discount, l->set.horizon, w->acquisition_cost);
	w->relative_change = w->clv != 0 ? (w->clv_new - w->clv) / fabs(w->clv) : NAN;
	w->base_value = w->clv * (double)w->customers;
	w->base_value_new = w->clv_new * (double)w->customers;
}
