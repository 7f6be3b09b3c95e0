/*
 * figures.c — per-customer figures at a reference date D (orders and
 * revenue by period, first and last purchase, the latest departure and
 * the state at D, the latest survey, referrals made, complaints open) and
 * the retention rate with its counts; on the way, the counts behind F.
 *
 * A purchase is an order row with revenue >= 0; credit notes (revenue < 0)
 * count in revenue and margin sums only.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/*
 * The bit of the year mask a purchase in the older years sets, by its
 * date: bit j for [D-(j+1)W, D-jW), 2 <= j <= 62, and bit 63 for every
 * date before D-63W — a table of the dates from D-63W-1 to D-2W-1 (one
 * entry per day: 61W+1 of them, 181 KB for a year), so that the loop over
 * a customer's older orders does one lookup instead of a division.
 */
struct year_bits {
	const uint64_t *bit;
	int64_t first; /* the day of bit[0]; earlier days use it too */
};

static void year_bits_make(struct year_bits *y, uint64_t **own, day_t D, day_t W)
{
	size_t n = (size_t)61 * (size_t)W + 1;
	uint64_t *bit = xmalloc(sizeof(*bit) * n);
	y->first = (int64_t)D - 63 * (int64_t)W - 1;
	for (size_t t = 0; t < n; t++) {
		int64_t j = ((int64_t)D - 1 - (y->first + (int64_t)t)) / W;
		bit[t] = (uint64_t)1 << (j > 63 ? 63 : j);
	}
	y->bit = bit;
	*own = bit;
}

static void one_customer(const struct dataset *ds, size_t i, day_t D,
                         const struct model_settings *s, const struct year_bits *yb,
                         struct cust_fig *f)
{
	const day_t W = s->window;
	uint64_t a = ds->ord_start[i], z = ds->ord_end[i];
	memset(f, 0, sizeof(*f));
	f->first = f->last = f->survey_date = f->departure = DAY_NONE;
	if (a < z && ds->ord_date[a] < D) {
		/* forward through the run, one stream per array: the older
		 * years only set bits of the year mask (a lookup by date, none
		 * for a credit note), P1 and P0 tight sums; each period ends
		 * where its loop stops (no binary search, whose branches
		 * mispredict) */
		const day_t *date = ds->ord_date;
		const int64_t *rv = ds->ord_rev, *mg = ds->ord_margin;
		uint64_t k = a, mask = 0;
		int64_t r0 = 0, m0 = 0, r1 = 0, m1 = 0;
		int32_t n0 = 0, n1 = 0;
		const day_t p1 = D - 2 * W, p0 = D - W;
		for (; k < z && date[k] < p1; k++) {
			int64_t t = (int64_t)date[k] - yb->first;
			t = t < 0 ? 0 : t;
			mask |= yb->bit[t] & ~(uint64_t)(rv[k] >> 63);
		}
		for (; k < z && date[k] < p0; k++) {
			int64_t rev = rv[k], mar = mg[k];
			r1 += rev;
			m1 += mar == MONEY_NONE ? rev : mar;
			n1 += rev >= 0;
		}
		for (; k < z && date[k] < D; k++) {
			int64_t rev = rv[k], mar = mg[k];
			r0 += rev;
			m0 += mar == MONEY_NONE ? rev : mar;
			n0 += rev >= 0;
		}
		const uint64_t hi = k;
		mask |= (uint64_t)(n0 > 0) | (uint64_t)(n1 > 0) << 1;
		f->rev_p0 = r0, f->margin_p0 = m0, f->orders = n0;
		f->rev_p1 = r1, f->margin_p1 = m1;
		f->year_mask = mask;
		f->bought_p0 = n0 > 0;
		f->bought_p1 = n1 > 0;
		f->bought_before_p1 = (mask >> 2) != 0;
		if (mask) {
			for (k = a; k < hi; k++)
				if (rv[k] >= 0) {
					f->first = date[k];
					break;
				}
			for (k = hi; k-- > a;)
				if (rv[k] >= 0) {
					f->last = date[k];
					break;
				}
		}
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
	for (uint32_t k = ds->dep_off[i]; k < ds->dep_off[i + 1] && ds->dep[k] < D; k++)
		f->departure = ds->dep[k]; /* the run is sorted by date */
	f->state = (uint8_t)model_state(f->last, f->departure, D, s->active_days);
	for (uint32_t k = ds->ref_off[i]; k < ds->ref_off[i + 1]; k++)
		if (ds->ref[k].date < D && ds->ref[k].date >= D - s->referral_days)
			f->referrals++;
	for (uint32_t k = ds->cmp_off[i]; k < ds->cmp_off[i + 1]; k++) {
		const struct ds_complaint *c = &ds->cmp[k];
		if (c->date < D && (c->open || (c->resolved_on != DAY_NONE && c->resolved_on >= D)))
			f->open_complaints++;
	}
}

/* The pass goes in chunks the two threads take in turn (parallel_chunks):
 * when other work slows one processor, the other does more of the pass.
 * What a thread counts (F's counts) is a sum, the same whichever thread
 * took a chunk. */
#define FIG_CHUNK 16384

struct fig_job {
	const struct dataset *ds;
	day_t D;
	const struct model_settings *s;
	struct cust_fig *fig;
	struct year_bits yb;
	struct freq_count freq[2];
};

static void fig_part(void *arg, size_t lo, size_t hi, int part)
{
	struct fig_job *j = arg;
	const struct dataset *ds = j->ds;
	struct freq_count *freq = &j->freq[part];
	for (size_t i = lo; i < hi; i++) {
		/* the margins are read only for P1 and P0, the end of a run: no
		 * stream the hardware would follow, so ask for them ahead (the
		 * last 24 orders of the customer eight on, without a branch: a
		 * shorter run asks for its first line again) */
		if (i + 8 < hi) {
			uint64_t za = ds->ord_start[i + 8], zz = ds->ord_end[i + 8];
			const int64_t *m = ds->ord_margin;
			__builtin_prefetch(&m[zz > za ? zz - 1 : za]);
			__builtin_prefetch(&m[zz - za > 8 ? zz - 9 : za]);
			__builtin_prefetch(&m[zz - za > 16 ? zz - 17 : za]);
		}
		struct cust_fig *f = &j->fig[i];
		one_customer(ds, i, j->D, j->s, &j->yb, f);
		if (f->orders > 0 && f->state == CS_ACTIVE)
			freq_add(freq, (size_t)f->orders);
	}
}

int64_t model_figures(const struct dataset *ds, day_t D, const struct model_settings *s,
                      struct cust_fig *fig)
{
	struct fig_job j = {ds, D, s, fig, {NULL, 0}, {{NULL, 0}, {NULL, 0}}};
	uint64_t *bits;
	year_bits_make(&j.yb, &bits, D, s->window);
	parallel_chunks(ds->ncust, chunk_size(FIG_CHUNK), 50000, fig_part, &j);
	free(bits);
	return freq_min_x2(j.freq, 2, s);
}

enum cust_state model_state(day_t last, day_t departure, day_t D, int active_days)
{
	if (last == DAY_NONE || last >= D)
		return CS_PROSPECT;
	if (departure != DAY_NONE && departure >= last && departure < D)
		return CS_DEPARTED;
	if (last < D - active_days)
		return CS_LAPSED;
	return CS_ACTIVE;
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

void retention_count_mask_n(struct retention_year *y, int ny, uint64_t mask, int64_t n)
{
	if (!mask)
		return;
	int top = 63 - __builtin_clzll(mask);
	for (int k = 0; k < ny && k <= top; k++) {
		int p0 = (mask >> k) & 1, p1 = (mask >> (k + 1)) & 1;
		int before = (mask >> (k + 2)) != 0;
		y[k].previous_buyers += n * p1;
		y[k].current_buyers += n * p0;
		y[k].retained += n * (p0 && p1);
		y[k].new_customers += n * (p0 && top == k);
		y[k].reactivated += n * (p0 && !p1 && before);
	}
}

void retention_count_mask(struct retention_year *y, int ny, uint64_t mask)
{
	retention_count_mask_n(y, ny, mask, 1);
}

int retention_merge(struct retention_year *y, const struct retention_year *b, int ny, day_t D,
                    int W)
{
	int with_data = 0;
	for (int k = 0; k < ny; k++) {
		y[k].previous_buyers += b[k].previous_buyers;
		y[k].current_buyers += b[k].current_buyers;
		y[k].retained += b[k].retained;
		y[k].new_customers += b[k].new_customers;
		y[k].reactivated += b[k].reactivated;
		y[k].as_of = D - (day_t)k * W;
		y[k].rate = y[k].previous_buyers
		                ? (double)y[k].retained / (double)y[k].previous_buyers
		                : NAN;
		if (y[k].previous_buyers)
			with_data = k + 1;
	}
	return with_data;
}
