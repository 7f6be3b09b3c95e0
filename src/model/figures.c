/*
 * figures.c — per-customer figures at a reference date D (orders and
 * revenue by period, first and last purchase, the latest survey, referrals
 * made, complaints open) and the retention rate with its counts.
 *
 * A purchase is an order row with revenue >= 0; credit notes (revenue < 0)
 * count in revenue and margin sums only.
 */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "model.h"

/* First index in [lo, hi) whose date is >= d. */
static uint64_t lower_bound(const day_t *dates, uint64_t lo, uint64_t hi, day_t d)
{
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (dates[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int64_t margin_of(const struct dataset *ds, uint64_t k)
{
	return ds->ord_margin[k] == MONEY_NONE ? ds->ord_rev[k] : ds->ord_margin[k];
}

static void one_customer(const struct dataset *ds, size_t i, day_t D, const struct model_settings *s,
			 struct cust_fig *f)
{
	const day_t W = s->window;
	uint64_t a = ds->ord_off[i], z = ds->ord_off[i + 1];
	memset(f, 0, sizeof(*f));
	f->first = f->last = f->survey_date = DAY_NONE;
	if (a < z && ds->ord_date[a] < D) {
		uint64_t hi = lower_bound(ds->ord_date, a, z, D);
		uint64_t lo1 = lower_bound(ds->ord_date, a, hi, D - W);
		uint64_t lo2 = lower_bound(ds->ord_date, a, lo1, D - 2 * W);
		uint64_t k;
		for (k = a; k < hi; k++)
			if (ds->ord_rev[k] >= 0) {
				f->first = ds->ord_date[k];
				break;
			}
		if (f->first != DAY_NONE) {
			for (k = hi; k-- > a;)
				if (ds->ord_rev[k] >= 0) {
					f->last = ds->ord_date[k];
					break;
				}
			f->bought_before_p1 = f->first < D - 2 * W;
		}
		for (k = lo2; k < lo1; k++) {
			f->rev_p1 += ds->ord_rev[k];
			f->margin_p1 += margin_of(ds, k);
			f->bought_p1 |= ds->ord_rev[k] >= 0;
		}
		for (k = lo1; k < hi; k++) {
			f->rev_p0 += ds->ord_rev[k];
			f->margin_p0 += margin_of(ds, k);
			f->orders += ds->ord_rev[k] >= 0;
		}
		f->bought_p0 = f->orders > 0;
	}
	/* latest survey before D: the mean of that day's surveys */
	uint32_t sa = ds->sv_off[i], sz = ds->sv_off[i + 1];
	while (sz > sa && ds->sv[sz - 1].date >= D)
		sz--;
	if (sz > sa) {
		day_t day = ds->sv[sz - 1].date;
		f->survey_date = day;
		for (uint32_t k = sz; k-- > sa && ds->sv[k].date == day;) {
			const struct ds_survey *v = &ds->sv[k];
			f->sat_sum += v->satisfaction, f->sat_n++;
			if (v->recommend != SCORE_NONE)
				f->rec_sum += v->recommend, f->rec_n++;
			if (v->value != SCORE_NONE)
				f->val_sum += v->value, f->val_n++;
		}
		f->measured = day >= D - s->stale_days;
	}
	for (uint32_t k = ds->ref_off[i]; k < ds->ref_off[i + 1]; k++)
		if (ds->ref[k].date < D && ds->ref[k].date >= D - s->referral_days)
			f->referrals++;
	for (uint32_t k = ds->cmp_off[i]; k < ds->cmp_off[i + 1]; k++) {
		const struct ds_complaint *c = &ds->cmp[k];
		if (c->date < D && (c->open || (c->resolved_on != DAY_NONE && c->resolved_on >= D)))
			f->open_complaints++;
	}
}

struct fig_job {
	const struct dataset *ds;
	day_t D;
	const struct model_settings *s;
	struct cust_fig *fig;
	size_t lo, hi;
};

static void *fig_worker(void *arg)
{
	struct fig_job *j = arg;
	for (size_t i = j->lo; i < j->hi; i++)
		one_customer(j->ds, i, j->D, j->s, &j->fig[i]);
	return NULL;
}

void model_figures(const struct dataset *ds, day_t D, const struct model_settings *s,
		   struct cust_fig *fig)
{
	/* Two workers on large bases (the machine class treue targets has
	 * two cores); one below that, where a thread costs more than it saves. */
	struct fig_job jobs[2] = {{ds, D, s, fig, 0, ds->ncust / 2},
				  {ds, D, s, fig, ds->ncust / 2, ds->ncust}};
	pthread_t t;
	if (!use_threads(ds->ncust, 50000) || ds->ncust < 2 ||
	    pthread_create(&t, NULL, fig_worker, &jobs[1]) != 0) {
		jobs[0].hi = ds->ncust;
		fig_worker(&jobs[0]);
		return;
	}
	fig_worker(&jobs[0]);
	pthread_join(t, NULL);
}

double fig_sat(const struct cust_fig *f)
{
	return f->sat_n ? (double)f->sat_sum / f->sat_n / 10.0 : -1;
}

double fig_rec(const struct cust_fig *f)
{
	return f->rec_n ? (double)f->rec_sum / f->rec_n / 10.0 : -1;
}

double fig_val(const struct cust_fig *f)
{
	return f->val_n ? (double)f->val_sum / f->val_n / 10.0 : -1;
}

/*
 * Retention for D and the years before it in one pass: each customer's
 * purchases before D set bit j of a mask for the period [D-(j+1)W, D-jW)
 * (bit 63 gathers everything older).  For the year ending at D_k = D - kW,
 * bit k is "bought in P0", bit k+1 "bought in P1", higher bits "bought
 * before P1", and the highest bit set being k means "new in P0".
 * Fills y[0..n-1] for k = 0..n-1 and returns how many years have buyers in
 * their previous period (the years "with data").
 */
int model_retention_history(const struct dataset *ds, day_t D, int W, struct retention_year *y,
			    int n)
{
	if (n > 62)
		n = 62;
	memset(y, 0, sizeof(*y) * (size_t)n);
	for (size_t i = 0; i < ds->ncust; i++) {
		uint64_t mask = 0;
		for (uint64_t k = ds->ord_off[i]; k < ds->ord_off[i + 1]; k++) {
			day_t d = ds->ord_date[k];
			if (d >= D)
				break;
			if (ds->ord_rev[k] < 0)
				continue;
			int64_t j = (int64_t)(D - 1 - d) / W;
			mask |= 1ULL << (j > 63 ? 63 : j);
		}
		if (!mask)
			continue;
		int top = 63 - __builtin_clzll(mask);
		for (int k = 0; k < n && k <= top; k++) {
			int p0 = (mask >> k) & 1, p1 = (mask >> (k + 1)) & 1;
			int before = (mask >> (k + 2)) != 0;
			y[k].previous_buyers += p1;
			y[k].current_buyers += p0;
			y[k].retained += p0 && p1;
			y[k].new_customers += p0 && top == k;
			y[k].reactivated += p0 && !p1 && before;
		}
	}
	int with_data = 0;
	for (int k = 0; k < n; k++) {
		y[k].as_of = D - (day_t)k * W;
		y[k].rate = y[k].previous_buyers ? (double)y[k].retained / (double)y[k].previous_buyers
						 : NAN;
		if (y[k].previous_buyers)
			with_data = k + 1;
	}
	return with_data;
}

void model_retention(const struct dataset *ds, day_t D, int W, struct retention_year *y)
{
	model_retention_history(ds, D, W, y, 1);
}
