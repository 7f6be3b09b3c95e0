/*
 * compute.c — the whole loyalty report at one reference date: figures
 * and states, F, segments and their counts, retention with its history,
 * NPS, satisfaction, the silent leavers and the action list; and the
 * default reference date with the orders dated after today.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* First index in [lo, hi) whose date is > d. */
static uint64_t upper_bound(const day_t *dates, uint64_t lo, uint64_t hi, day_t d)
{
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (dates[mid] <= d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The latest order on or before today and the orders after it, over one
 * half of the customers each (merged below as one pass would have found
 * them: the earliest future order of the first such customer). */
struct as_of_job {
	const struct dataset *ds;
	day_t today;
	day_t latest[2];
	struct future_orders f[2];
};

static void as_of_part(void *arg, size_t lo, size_t hi, int part)
{
	struct as_of_job *j = arg;
	const struct dataset *ds = j->ds;
	day_t latest = DAY_NONE;
	struct future_orders *f = &j->f[part];
	for (size_t i = lo; i < hi; i++) {
		uint64_t a = ds->ord_start[i], z = ds->ord_end[i];
		if (a == z)
			continue;
		uint64_t cut = upper_bound(ds->ord_date, a, z, j->today); /* runs are by date */
		if (cut > a && (latest == DAY_NONE || ds->ord_date[cut - 1] > latest))
			latest = ds->ord_date[cut - 1];
		if (cut == z)
			continue;
		f->count += (int64_t)(z - cut);
		if (f->latest == DAY_NONE || ds->ord_date[z - 1] > f->latest)
			f->latest = ds->ord_date[z - 1];
		if (f->first == DAY_NONE || ds->ord_date[cut] < f->first)
			f->first = ds->ord_date[cut], f->first_cust = (uint32_t)i;
	}
	j->latest[part] = latest;
}

day_t model_default_as_of(const struct dataset *ds, day_t today, struct future_orders *fut)
{
	struct as_of_job *j = xcalloc(1, sizeof(*j));
	j->ds = ds, j->today = today;
	for (int p = 0; p < 2; p++)
		j->latest[p] = j->f[p].latest = j->f[p].first = DAY_NONE;
	parallel_for(ds->ncust, 50000, as_of_part, j);
	day_t latest = j->latest[0];
	if (j->latest[1] != DAY_NONE && (latest == DAY_NONE || j->latest[1] > latest))
		latest = j->latest[1];
	struct future_orders f = j->f[0];
	const struct future_orders *b = &j->f[1];
	f.count += b->count;
	if (b->latest != DAY_NONE && (f.latest == DAY_NONE || b->latest > f.latest))
		f.latest = b->latest;
	if (b->first != DAY_NONE && (f.first == DAY_NONE || b->first < f.first))
		f.first = b->first, f.first_cust = b->first_cust;
	free(j);
	if (f.count)
		snprintf(f.first_customer_id, sizeof(f.first_customer_id), "%s",
		         ds_cid(ds, f.first_cust));
	if (fut)
		*fut = f;

	return latest == DAY_NONE ? today : latest + 1;
}

/* The k-th smallest of v[0..n) (v is reordered): quickselect. */
static int32_t kth_gap(int32_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		int32_t pivot = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				int32_t t = v[i];
				v[i] = v[j], v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

int32_t model_usual_interval(const struct dataset *ds, size_t i, day_t D)
{
	uint64_t a = ds->ord_start[i], z = ds->ord_end[i];
	int32_t local[128], *gap = local, usual = 0;
	size_t n = 0, cap = ARRAY_SIZE(local);
	day_t prev = DAY_NONE;
	for (uint64_t k = a; k < z && ds->ord_date[k] < D; k++) {
		if (ds->ord_rev[k] < 0 || ds->ord_date[k] == prev)
			continue;
		if (prev != DAY_NONE) {
			if (n == cap) {
				int32_t *g = xmalloc(sizeof(*g) * cap * 2);
				memcpy(g, gap, sizeof(*g) * n);
				if (gap != local)
					free(gap);
				gap = g, cap *= 2;
			}
			gap[n++] = ds->ord_date[k] - prev;
		}
		prev = ds->ord_date[k];
	}
	if (n) {
		/* the median: the middle gap, or the mean of the two middle ones
		 * rounded up (selection, not a sort: a customer may have many) */
		int32_t hi = kth_gap(gap, n, n / 2);
		if (n % 2) {
			usual = hi;
		} else {
			/* after selection the n/2 smallest lie below n/2 */
			int32_t lo = gap[0];
			for (size_t x = 1; x < n / 2; x++)
				if (gap[x] > lo)
					lo = gap[x];
			usual = (lo + hi + 1) / 2;
		}
	}
	if (gap != local)
		free(gap);
	return usual;
}

static int cmp_silent(const void *pa, const void *pb)
{
	const struct silent_leaver *a = pa, *b = pb;
	if (a->lost_per_year != b->lost_per_year)
		return a->lost_per_year > b->lost_per_year ? -1 : 1;
	return 0;
}

/* Silent leavers sorted, with their customer ids (and the ids' first
 * bytes, which order most ties without reading the id) beside them. */
struct silent_rec {
	struct silent_leaver s;
	uint64_t prefix;
	const char *cid;
};
static int cmp_silent_rec(const void *pa, const void *pb)
{
	const struct silent_rec *a = pa, *b = pb;
	int c = cmp_silent(&a->s, &b->s);
	if (c)
		return c;
	if (a->prefix != b->prefix)
		return a->prefix < b->prefix ? -1 : 1;
	return strcmp(a->cid, b->cid);
}

/* The silent leavers of two halves of the customers, each written from its
 * first customer's index on, the second then moved behind the first: the
 * same records in customer order whatever the number of threads. */
struct silent_job {
	const struct dataset *ds;
	const struct btyd_result *b;
	const struct loyalty *l;
	struct silent_rec *v;
	size_t n[2], from;
};

static void silent_part(void *arg, size_t lo, size_t hi, int part)
{
	struct silent_job *j = arg;
	const struct btyd_result *b = j->b;
	size_t at = lo;
	for (size_t i = lo; i < hi; i++) {
		const struct cust_fig *f = &j->l->fig[i];
		if (f->state != CS_ACTIVE || b->purchase_days[i] < 3 || !(b->p_alive[i] < 0.5))
			continue;
		struct silent_rec *r = &j->v[at++];
		struct silent_leaver *s = &r->s;
		r->cid = ds_cid(j->ds, i);
		r->prefix = str_prefix8(r->cid);
		s->cust = (uint32_t)i;
		s->purchase_days = b->purchase_days[i];
		s->p_alive = b->p_alive[i];
		s->lost_per_year = (1.0 - s->p_alive) * (double)(f->rev_p0 + f->rev_p1) / 2.0;
		s->last = f->last;
		s->usual_days = model_usual_interval(j->ds, i, j->l->as_of);
	}
	j->n[part] = at - lo;
	if (part)
		j->from = lo;
}

/*
 * The silent leavers (SPEC §3): active customers with at least 3 purchase
 * days whose P(alive) is below 0.5, by the revenue expected to be lost per
 * year, (1 - P(alive)) x revenue in P0+P1 / 2, highest first, ties by
 * customer_id.
 */
static void silent_leavers(const struct dataset *ds, const struct btyd_result *b, struct loyalty *l)
{
	l->silent_ok = b && b->ok && b->p_alive && b->purchase_days;
	l->p_alive = l->silent_ok ? b->p_alive : NULL;
	if (!l->silent_ok)
		return;
	/* room for every customer, of which only the leavers' part is touched */
	struct silent_job j = {ds,     b, l, xmalloc(sizeof(struct silent_rec) * (l->ncust + 1)),
	                       {0, 0}, 0};
	parallel_for(l->ncust, 50000, silent_part, &j);
	struct silent_rec *v = j.v;
	if (j.n[1])
		memmove(v + j.n[0], v + j.from, sizeof(*v) * j.n[1]);
	size_t n = j.n[0] + j.n[1];
	/* by a radix sort on the loss (descending: the bits of a double,
	 * flipped so that they order as the values do) and the ids' first
	 * bytes; records equal on both by the whole id (cmp_silent_rec) */
	struct sort_rec *keys = xmalloc(sizeof(*keys) * (n + 1));
	for (size_t k = 0; k < n; k++) {
		double x = v[k].s.lost_per_year + 0.0; /* -0 as 0: they compare equal */
		uint64_t u;
		memcpy(&u, &x, sizeof(u));
		u = u >> 63 ? ~u : u | (uint64_t)1 << 63;
		keys[k] = (struct sort_rec){~u, v[k].prefix, 0, (uint32_t)k, 0};
	}
	radix_sort3(keys, n);
	for (size_t g = 0, h; g < n; g = h) {
		for (h = g + 1; h < n && keys[h].k1 == keys[g].k1 && keys[h].k2 == keys[g].k2; h++)
			;
		if (h - g < 2)
			continue;
		struct silent_rec *tie = xmalloc(sizeof(*tie) * (h - g));
		for (size_t k = g; k < h; k++)
			tie[k - g] = v[keys[k].id];
		qsort(tie, h - g, sizeof(*tie), cmp_silent_rec);
		for (size_t k = g; k < h; k++)
			v[keys[k].id] = tie[k - g]; /* the group's slots, now in id order */
		free(tie);
	}
	l->silent = xcalloc(l->ncust + 1, sizeof(*l->silent));
	l->silent_list = xmalloc(sizeof(*l->silent_list) * (n + 1));
	l->nsilent = n;
	for (size_t k = 0; k < n; k++) {
		const struct silent_leaver *sl = &v[keys[k].id].s;
		l->silent_list[k] = *sl;
		l->silent[sl->cust] = (uint32_t)k + 1;
		l->silent_lost += sl->lost_per_year;
	}
	free(keys);
	free(v);
}

/*
 * One pass over the figures, on two threads, after F is known: each
 * customer's segment, the segment counts and revenue, NPS, satisfaction and
 * the retention history from the year masks.  Each part counts into its
 * own accumulators; they are added up afterwards.
 */
#define MASKS 1024 /* distinct year masks counted before adding: a few dozen */
struct sum_part {
	int64_t seg_count[SEG__COUNT], seg_revenue[SEG__COUNT];
	int64_t promoters, passives, detractors, sat_n, top2, top;
	struct retention_year years[62];
	uint64_t mask[MASKS];
	int64_t mask_n[MASKS];
	size_t nmask;
};

/* Counts a customer's year mask in an open-addressing table; once the
 * table is three quarters full, a new mask is added to the years at once
 * (the sums are the same either way). */
static void mask_count(struct sum_part *p, int ny, uint64_t mask)
{
	if (!mask)
		return;
	size_t h = (size_t)((mask * 0x9E3779B97F4A7C15ULL) >> 54) & (MASKS - 1);
	while (p->mask_n[h] && p->mask[h] != mask)
		h = (h + 1) & (MASKS - 1);
	if (p->mask_n[h]) {
		p->mask_n[h]++;
	} else if (p->nmask < MASKS * 3 / 4) {
		p->mask[h] = mask, p->mask_n[h] = 1;
		p->nmask++;
	} else {
		retention_count_mask(p->years, ny, mask);
	}
}

struct sum_job {
	const struct dataset *ds;
	struct loyalty *l;
	struct action_build ab;
	int with_actions;
	int64_t f2;
	int ny;
	struct sum_part part[2]; /* by thread */
	size_t chunk;            /* customers a chunk */
	double *sat_acc;         /* by chunk: sums of doubles, added in chunk order */
};

static void sum_part_run(void *arg, size_t lo, size_t hi, int thread)
{
	struct sum_job *j = arg;
	struct loyalty *l = j->l;
	const struct model_settings *s = &l->set;
	struct sum_part *p = &j->part[thread];
	const struct dataset *ds = j->ds;
	const day_t P0 = l->as_of - s->window;
	const size_t chunk = lo / j->chunk;
	double sat_acc = 0;
	size_t at = lo; /* this chunk's action rows start at its first customer */
	for (size_t i = lo; i < hi; i++) {
		struct cust_fig *f = &l->fig[i];
		/* the ids lie in the pool among the other strings: ask ahead */
		if (i + 16 < hi)
			__builtin_prefetch(ds->pool + ds->cid_off[i + 16]);
		model_segment_one(f, j->f2, s);
		int prio = j->with_actions ? action_priority(l, i) : 0;
		if (prio)
			action_add(&j->ab, ds, l, i, prio, at++, thread);
		p->seg_count[f->segment]++;
		p->seg_revenue[f->segment] += f->rev_p0;
		if (f->rec_n && f->survey_date != DAY_NONE && f->survey_date >= P0) {
			if (f->rec_sum >= (int64_t)s->promoter_min * f->rec_n)
				p->promoters++;
			else if (f->rec_sum <= (int64_t)s->detractor_max * f->rec_n)
				p->detractors++;
			else
				p->passives++;
		}
		if (segment_is_segment(f->segment) && f->measured) {
			p->sat_n++;
			sat_acc += (double)f->sat_sum / f->sat_n / 10.0;
			p->top2 += f->sat_sum >= 70LL * f->sat_n;
			p->top += f->sat_sum >= 90LL * f->sat_n;
		}
		mask_count(p, j->ny, f->year_mask);
	}
	if (j->ab.n)
		j->ab.n[chunk] = at - lo;
	j->sat_acc[chunk] = sat_acc;
}

static void compute(const struct dataset *ds, day_t D, const struct model_settings *s,
                    const struct btyd_result *bt, struct loyalty *l, int with_actions)
{
	memset(l, 0, sizeof(*l));
	l->as_of = D;
	l->set = *s;
	l->ncust = ds->ncust;
	l->fig = big_alloc(sizeof(*l->fig) * (ds->ncust + 1));
	timing_phase(&l->timing, NULL);
	int64_t f2 = model_figures(ds, D, s, l->fig);
	timing_phase(&l->timing, "figures");
	l->frequent_auto = s->frequent_min_x2 == 0;
	l->frequent_min = (double)f2 / 2.0;
	/* the silent leavers before the summary pass, which lists them in
	 * priority 1 as it makes the action list */
	silent_leavers(ds, bt, l);
	timing_phase(&l->timing, "silent");
	struct sum_job *j = xcalloc(1, sizeof(*j));
	j->ds = ds;
	j->l = l;
	j->f2 = f2;
	j->ny = 62;
	j->with_actions = with_actions;
	/* in chunks the two threads take in turn (see figures.c) */
	j->chunk = chunk_size(ACTION_CHUNK);
	const size_t nchunks = ds->ncust / j->chunk + 1;
	j->sat_acc = xcalloc(nchunks, sizeof(*j->sat_acc));
	actions_begin(&j->ab, with_actions ? ds->ncust : 0, j->chunk);
	parallel_chunks(ds->ncust, j->chunk, 50000, sum_part_run, j);
	for (int h = 0; h < 2; h++) { /* the masks counted, each added once with its count */
		struct sum_part *p = &j->part[h];
		for (size_t k = 0; k < MASKS; k++)
			if (p->mask_n[k])
				retention_count_mask_n(p->years, j->ny, p->mask[k], p->mask_n[k]);
	}
	double sat_acc = 0;
	for (size_t c = 0; c < nchunks; c++)
		sat_acc += j->sat_acc[c];
	free(j->sat_acc);
	timing_phase(&l->timing, "summary");
	if (with_actions) {
		actions_end(&j->ab, ds, l);
		timing_phase(&l->timing, "actions");
	} else {
		actions_discard(&j->ab);
	}
	struct sum_part *a = &j->part[0], *b = &j->part[1];
	for (int k = 0; k < SEG__COUNT; k++) {
		l->seg_count[k] = a->seg_count[k] + b->seg_count[k];
		l->seg_revenue[k] = a->seg_revenue[k] + b->seg_revenue[k];
	}
	l->prospects = l->seg_count[SEG_PROSPECT];
	l->lapsed = l->seg_count[SEG_LAPSED];
	l->departed = l->seg_count[SEG_DEPARTED];
	l->customers = (int64_t)ds->ncust - l->prospects - l->lapsed - l->departed;
	l->nps.promoters = a->promoters + b->promoters;
	l->nps.passives = a->passives + b->passives;
	l->nps.detractors = a->detractors + b->detractors;
	int64_t all = l->nps.promoters + l->nps.passives + l->nps.detractors;
	l->nps.score =
	    all ? 100.0 * (double)(l->nps.promoters - l->nps.detractors) / (double)all : NAN;
	l->sat.n = a->sat_n + b->sat_n;
	l->sat.mean = l->sat.n ? sat_acc / (double)l->sat.n : NAN;
	l->sat.top2_share = l->sat.n ? (double)(a->top2 + b->top2) / (double)l->sat.n : NAN;
	l->sat.top_share = l->sat.n ? (double)(a->top + b->top) / (double)l->sat.n : NAN;
	int n = retention_merge(a->years, b->years, 62, D, s->window);
	if (n < 1)
		n = 1;
	l->years = xmalloc(sizeof(*l->years) * (size_t)n);
	memcpy(l->years, a->years, sizeof(*l->years) * (size_t)n);
	l->nyears = n;
	free(j);
}

void model_compute(const struct dataset *ds, day_t D, const struct model_settings *s,
                   const struct btyd_result *bt, struct loyalty *l)
{
	compute(ds, D, s, bt, l, 1);
}

void model_compute_counts(const struct dataset *ds, day_t D, const struct model_settings *s,
                          const struct btyd_result *bt, struct loyalty *l)
{
	compute(ds, D, s, bt, l, 0);
}

void loyalty_release(struct loyalty *l)
{
	big_free(l->fig, sizeof(*l->fig) * (l->ncust + 1));
	free(l->years);
	big_free(l->actions, sizeof(*l->actions) * (l->nactions + 1));
	free(l->silent);
	free(l->silent_list);

	memset(l, 0, sizeof(*l));
}
