/*
 * tenure.c — profit by tenure year, the value of a customer at retention
 * r and the what-if of a few points more retention.
 *
 * A customer's tenure starts on acquired_on when the customer file gives
 * it, else on its first purchase; tenure year k is [start + (k-1)W,
 * start + kW).  B is the earliest order date in the data: a customer
 * counts for year k only when the year lies wholly within [B, D) — years
 * before the history are unknown, not zero.  A customer without
 * acquired_on whose first purchase falls in [B, B+W) may have bought long
 * before the history begins: it counts for no year (left-censored).  The
 * profit of a year is the margin of every order row in it (revenue where
 * the margin is absent; credit notes included).  mean_all divides by every
 * customer counted for the year (leavers as 0: what a cohort is worth);
 * mean_active divides the margin of the customers who bought in the year
 * by their number (what a surviving customer earns).  A year with fewer
 * than tenure_min active customers is thin.
 *
 * CLV multiplies by r^(k-1) for survival, so it uses mean_active (using
 * mean_all would count the leavers twice), up to the last year that is
 * not thin, carried forward after it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

struct ten_job {
	const struct dataset *ds;
	day_t D, B;
	int W;
	struct tenure_curve part[2];
};

static void tenure_grow(struct tenure_curve *c, int years, int *cap)
{
	if (years <= *cap)
		return;
	int want = years > 2 * *cap ? years : 2 * *cap;
	c->years = xrealloc(c->years, sizeof(*c->years) * (size_t)want);
	memset(c->years + *cap, 0, sizeof(*c->years) * (size_t)(want - *cap));
	*cap = want;
}

/* floor(a / b) for b > 0 */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* A customer's rows of tenure year y (0: none): their margin, and the
 * customer active in the year when one of them is a purchase. */
static void year_add(struct tenure_curve *c, int64_t y, int64_t margin, int bought)
{
	if (!y)
		return;
	c->years[y - 1].margin_sum += margin;
	if (bought)
		c->years[y - 1].active++, c->years[y - 1].margin_active += margin;
}

static void ten_part(void *arg, size_t lo, size_t hi, int part)
{
	struct ten_job *j = arg;
	const struct dataset *ds = j->ds;
	struct tenure_curve *c = &j->part[part];
	const day_t D = j->D, B = j->B, W = j->W;
	int cap = c->n;
	for (size_t i = lo; i < hi; i++) {

		uint64_t a = ds->ord_start[i], z = ds->ord_end[i], k;
		day_t first = DAY_NONE;
		for (k = a; k < z && ds->ord_date[k] < D; k++)
			if (ds->ord_rev[k] >= 0) {
				first = ds->ord_date[k];
				break;
			}
		if (first == DAY_NONE)
			continue; /* a prospect has no tenure */
		day_t acq = ds->acq_on[i];
		if (acq == DAY_NONE && first < B + W) {
			c->left_censored++;
			continue;
		}
		day_t start = acq != DAY_NONE ? acq : first;
		/* years k with start + (k-1)W >= B and start + kW <= D */
		int64_t kmin = start >= B ? 1 : floor_div(B - start + W - 1, W) + 1;
		int64_t kmax = floor_div((int64_t)D - start, W);
		if (kmax < kmin || kmax < 1)
			continue;
		tenure_grow(c, (int)kmax, &cap);
		if (kmax > c->n)
			c->n = (int)kmax;
		int64_t last_year = 0;
		int64_t margin = 0;
		int bought = 0;
		for (int64_t y = kmin; y <= kmax; y++)
			c->years[y - 1].customers++;
		/* the rows of years kmin..kmax, in date order */
		day_t from = start + (day_t)((kmin - 1) * W), to = start + (day_t)(kmax * W);
		for (k = a; k < z && ds->ord_date[k] < from; k++)
			;
		/* year y holds [start + (y-1)W, start + yW): the bound moves on
		 * as the dates pass it (no division per row) */
		int64_t y = kmin;
		day_t ybound = start + (day_t)(kmin * W);
		/* each year's margin summed in a register and added to its
		 * year once (not a store per row into the same counter) */
		for (; k < z && ds->ord_date[k] < to; k++) {
			while (ds->ord_date[k] >= ybound)
				y++, ybound += W;
			if (y != last_year) {
				year_add(c, last_year, margin, bought);
				last_year = y, margin = 0, bought = 0;
			}
			int64_t m =
			    ds->ord_margin[k] == MONEY_NONE ? ds->ord_rev[k] : ds->ord_margin[k];
			margin += m;
			bought |= ds->ord_rev[k] >= 0;
		}
		year_add(c, last_year, margin, bought);
	}
}

void model_tenure(const struct dataset *ds, day_t D, const struct model_settings *s,
                  struct tenure_curve *c)
{
	struct ten_job j;
	memset(&j, 0, sizeof(j));
	j.ds = ds, j.D = D, j.W = s->window;
	j.B = DAY_NONE;
	for (size_t i = 0; i < ds->ncust; i++) /* B: each run is sorted by date */
		if (ds->ord_start[i] < ds->ord_end[i] &&
		    (j.B == DAY_NONE || ds->ord_date[ds->ord_start[i]] < j.B))
			j.B = ds->ord_date[ds->ord_start[i]];
	memset(c, 0, sizeof(*c));
	c->history_start = j.B;
	if (j.B == DAY_NONE)
		return;
	parallel_for(ds->ncust, 50000, ten_part, &j);
	*c = j.part[0];
	c->history_start = j.B;
	int cap = c->n;
	tenure_grow(c, j.part[1].n, &cap);
	if (j.part[1].n > c->n)
		c->n = j.part[1].n;
	for (int y = 0; y < j.part[1].n; y++) {
		c->years[y].customers += j.part[1].years[y].customers;
		c->years[y].active += j.part[1].years[y].active;
		c->years[y].margin_sum += j.part[1].years[y].margin_sum;
		c->years[y].margin_active += j.part[1].years[y].margin_active;
	}
	c->left_censored += j.part[1].left_censored;
	free(j.part[1].years);
	for (int y = 0; y < c->n; y++) {
		struct tenure_year *t = &c->years[y];
		t->k = y + 1;
		t->mean_all = t->customers ? (double)t->margin_sum / (double)t->customers : NAN;
		t->mean_active = t->active ? (double)t->margin_active / (double)t->active : NAN;
		t->thin = t->active < s->tenure_min;
		if (!t->thin)
			c->last_solid = y + 1;
	}
}

void tenure_release(struct tenure_curve *c)
{
	free(c->years);
	memset(c, 0, sizeof(*c));
}

/* m_k for k = 1..H (see model.h); 0 when every year is thin. */
static int margins(const struct tenure_curve *c, int H, double *m)
{
	int K = c->last_solid;
	if (K == 0)
		return 0;
	double first = NAN, prev = NAN;
	for (int k = 1; k <= K; k++)
		if (c->years[k - 1].active) {
			first = c->years[k - 1].mean_active;
			break;
		}
	for (int k = 1; k <= H; k++) {
		if (k <= K && c->years[k - 1].active)
			prev = c->years[k - 1].mean_active;
		m[k - 1] = isnan(prev) ? first : prev;
	}
	return K;
}

double model_clv(const struct tenure_curve *c, double r, double d, int H, double ac)
{
	double *m = xmalloc(sizeof(double) * (size_t)(H > 0 ? H : 1));
	double clv = 0;
	if (!margins(c, H, m)) {
		free(m);
		return NAN;
	}
	for (int k = 1; k <= H; k++)
		clv += m[k - 1] * pow(r, k - 1) / pow(1 + d, k - 1);
	free(m);
	return clv - ac;
}

void model_whatif(const struct dataset *ds, const struct loyalty *l, const struct tenure_curve *c,
                  double delta_points, struct whatif *w)
{
	double ac_sum = 0;
	int64_t ac_n = 0;
	memset(w, 0, sizeof(*w));
	/* AC: the mean over every customer won so far (a purchase before D) */
	for (size_t i = 0; i < ds->ncust; i++)
		if (ds->acq_cost[i] != MONEY_NONE && l->fig[i].state != CS_PROSPECT)
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
	w->years_measured = c->n;
	w->years_used = c->last_solid < l->set.horizon ? c->last_solid : l->set.horizon;

	w->customers = l->customers;
	w->clv = model_clv(c, w->r, l->set.discount, l->set.horizon, w->acquisition_cost);
	w->clv_new = model_clv(c, w->r_new, l->set.discount, l->set.horizon, w->acquisition_cost);
	w->relative_change =
	    !isnan(w->clv) && w->clv != 0 ? (w->clv_new - w->clv) / fabs(w->clv) : NAN;
	w->base_value = w->clv * (double)w->customers;
	w->base_value_new = w->clv_new * (double)w->customers;
}
