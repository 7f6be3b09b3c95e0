/*
 * actions.c — the action list: every active customer once, in the order
 * of the five priorities (and the unmeasured last), each with what is
 * due: open promises (and the overdue ones), open complaints, whether
 * nobody has talked to the customer for longer than dialog_days — by the
 * rules of trust.c that the journal reports share — and a follow-up date
 * reached (a dialogue's "Wiedervorlage", until a dialogue on a later day).
 *
 * Priority 1: terrorists, then defectors, then the silent leavers of any
 * other segment (they keep their segment), each by revenue P0+P1; apostles,
 * opportunists, hostages and the unmeasured by revenue P0; loyal by
 * satisfaction, then revenue P0; highest first, ties by customer_id in
 * byte order.  The rows are made during model_compute's summary pass
 * (action_add, each thread in its own room) and put in order as 64-bit
 * words, key above index, by radix sorts over the bits that differ
 * (actions_end): half a million rows in under ten milliseconds.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"

static const uint8_t priority_of[SEG__COUNT] = {
    [SEG_TERRORIST] = 1,   [SEG_DEFECTOR] = 1, [SEG_APOSTLE] = 2,    [SEG_LOYAL] = 3,
    [SEG_OPPORTUNIST] = 4, [SEG_HOSTAGE] = 5,  [SEG_UNMEASURED] = 6, [SEG_PROSPECT] = 0,
    [SEG_LAPSED] = 0,      [SEG_DEPARTED] = 0,
};

/* The priority of customer i: its segment's, 1 for a silent leaver. */
int action_priority(const struct loyalty *l, size_t i)
{
	int p = priority_of[l->fig[i].segment];
	return p && l->silent && l->silent[i] ? 1 : p;
}

/* A sort record with its customer id beside it, so that qsort needs no
 * context to order ties by the id: its first bytes (k3), then the whole. */
struct cid_rec {
	const char *cid;
	struct sort_rec r;
};
static int cmp_cid(const void *a, const void *b)
{
	const struct cid_rec *x = a, *y = b;
	if (x->r.k3 != y->r.k3)
		return x->r.k3 < y->r.k3 ? -1 : 1;
	return strcmp(x->cid, y->cid);
}

/*
 * Sort keys: k1 = priority, in priority 1 terrorists (0), defectors (1),
 * silent leavers of other segments (2), and for the loyal
 * the satisfaction descending as floor(sum * 2^40 / n) — exact, since two
 * different means with at most 32767 surveys each differ by more than
 * 2^-30; k2 = the revenue descending; k3 = the customer id's first bytes.
 * The radix sort orders by k1 and k2; records equal on both by k3 and then
 * the whole customer id.
 */
/* The sort key of listed customer i of priority p (see above). */
static void sort_key(const struct dataset *ds, const struct cust_fig *f, size_t i, uint64_t p,
                     struct sort_rec *k)
{
	uint64_t sat = 0;
	if (p == 3 && f->sat_n)
		sat = ((uint64_t)1 << 47) - 1 - ((uint64_t)f->sat_sum << 40) / (uint64_t)f->sat_n;
	int64_t money = p == 1 ? f->rev_p0 + f->rev_p1 : f->rev_p0;
	uint64_t sub = p != 1                        ? 0
	               : f->segment == SEG_TERRORIST ? 0
	               : f->segment == SEG_DEFECTOR  ? 1
	                                             : 2;
	k->k1 = p << 60 | sub << 58 | sat;
	k->k2 = ~((uint64_t)money ^ ((uint64_t)1 << 63));
	k->k3 = str_prefix8(ds_cid(ds, i));
	k->id = (uint32_t)i;
}

void actions_begin(struct action_build *b, size_t ncust, size_t chunk)
{
	memset(b, 0, sizeof(*b));
	for (int p = 0; p < 2; p++)
		for (int x = 0; x < 64; x++)
			b->grp[p][x] = (struct action_group){0, 0, UINT64_MAX, 0, UINT64_MAX, 0};
	b->alloc = ncust + 1;
	b->rows = big_alloc(sizeof(*b->rows) * b->alloc);
	b->keys = big_alloc(sizeof(*b->keys) * b->alloc);
	b->chunk = chunk;
	if (ncust) {
		b->nchunks = ncust / chunk + 1;
		b->n = xcalloc(b->nchunks, sizeof(*b->n));
	}
}

void action_add(struct action_build *b, const struct dataset *ds, const struct loyalty *l, size_t i,
                int prio, size_t at, int thread)
{
	const day_t D = l->as_of;
	struct action_row *a = &b->rows[at];
	struct sort_rec *r = &b->keys[at];
	sort_key(ds, &l->fig[i], i, (uint64_t)prio, r);
	r->aux = (uint32_t)at;
	struct action_group *x = &b->grp[thread][r->k1 >> 58];
	x->n++;
	x->k1_lo = r->k1 < x->k1_lo ? r->k1 : x->k1_lo;
	x->k1_hi = r->k1 > x->k1_hi ? r->k1 : x->k1_hi;
	x->k2_lo = r->k2 < x->k2_lo ? r->k2 : x->k2_lo;
	x->k2_hi = r->k2 > x->k2_hi ? r->k2 : x->k2_hi;
	memset(a, 0, sizeof(*a));
	a->cust = (uint32_t)i;
	a->priority = (uint8_t)prio;
	a->silent = l->silent && l->silent[i];
	a->next_due = DAY_NONE;
	for (uint32_t k = ds->prm_off[i]; k < ds->prm_off[i + 1]; k++) {
		const struct ds_promise *p = &ds->prm[k];
		enum promise_state ps =
		    model_promise_state(p->status, p->made_on, p->due_on, p->closed_on, D);
		if (!promise_state_open(ps))
			continue;
		a->open_promises++;
		a->overdue_promises += ps == PS_OVERDUE;
		if (a->next_due == DAY_NONE || p->due_on < a->next_due)
			a->next_due = p->due_on;
	}
	a->open_complaints = l->fig[i].open_complaints;
	a->last_dialog = DAY_NONE;
	for (uint32_t k = ds->dlg_off[i + 1]; k-- > ds->dlg_off[i];)
		if (ds->dlg[k] < D) {
			a->last_dialog = ds->dlg[k];
			break;
		}
	a->no_recent_dialog = model_dialog_due(a->last_dialog, D, l->set.dialog_days);
	a->follow_up = ds_follow_up_at(ds, i, D);
	if (a->follow_up != DAY_NONE && a->follow_up >= D)
		a->follow_up = DAY_NONE; /* not reached yet */
}

/*
 * The order of the list.  k1 >> 58 is the group: the priority and, in
 * priority 1, the terrorists, defectors and silent leavers; within a group
 * k1 varies only among the loyal (their satisfaction).  No record moves:
 * each listed customer becomes a 64-bit word, its key less the group's
 * least shifted above its index (the same for its row and its key), put
 * in its group by a counting sort and radix sorted on the bits of the key
 * that differ, 11 at a time — half a million words fit the cache, where
 * 32-byte records in 65,536 buckets did not.  The sorts are stable: k2
 * first, then (the loyal) k1; a key whose spread does not fit the word
 * beside the index goes by pieces, lowest first.  Records equal on (k1, k2)
 * are then ordered by the customer id.
 */
static void radix_words(uint64_t *v, uint64_t *tmp, size_t n, int lo_bit, int hi_bit)
{
	uint32_t cnt[2048]; /* n < 2^32: the rows are customers */
	int passes = 0;
	for (int shift = lo_bit; shift < hi_bit; shift += 11, passes++) {
		memset(cnt, 0, sizeof(cnt));
		for (size_t i = 0; i < n; i++)
			cnt[(v[i] >> shift) & 2047]++;
		counts_to_starts(cnt, 2048);
		for (size_t i = 0; i < n; i++)
			tmp[cnt[(v[i] >> shift) & 2047]++] = v[i];
		uint64_t *t = v;
		v = tmp;
		tmp = t;
	}
	if (passes % 2)
		memcpy(tmp, v, sizeof(*v) * n); /* the result back in the caller's array */
}

static int bit_length(uint64_t x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/* Words w[0..n) stably by one key (k1 or k2) less lo, whose differences
 * take bits bits: in pieces of the bits beside the index, lowest first. */
static void sort_by_key(const struct sort_rec *keys, uint64_t *w, uint64_t *tmp, size_t n, int ib,
                        int by_k1, uint64_t lo, int bits)
{
	const uint64_t idx = ((uint64_t)1 << ib) - 1;
	const int piece = 64 - ib;
	for (int c = 0; c < bits; c += piece) {
		int nb = bits - c < piece ? bits - c : piece;
		uint64_t keep = nb == 64 ? ~(uint64_t)0 : ((uint64_t)1 << nb) - 1;
		for (size_t t = 0; t < n; t++) {
			uint64_t i = w[t] & idx;
			uint64_t k = (by_k1 ? keys[i].k1 : keys[i].k2) - lo;
			w[t] = ((k >> c) & keep) << ib | i;
		}
		radix_words(w, tmp, n, ib, ib + nb);
	}
}

/* Group g's words w[0..n) by (k1, k2), stable; ib: the index's bits.
 * Returns whether the words' key bits now tell equal keys (see same_key). */
static int sort_group(const struct sort_rec *keys, const struct action_group *g, uint64_t *w,
                      uint64_t *tmp, int ib)
{
	int b2 = bit_length(g->k2_hi - g->k2_lo), b1 = bit_length(g->k1_hi - g->k1_lo);
	if (g->n < 2)
		return 1;
	if (b2 + ib <= 64)
		radix_words(w, tmp, g->n, ib, ib + b2); /* the words hold k2 (list_order) */
	else
		sort_by_key(keys, w, tmp, g->n, ib, 0, g->k2_lo, b2);
	if (b1)
		sort_by_key(keys, w, tmp, g->n, ib, 1, g->k1_lo, b1);
	return !b1 && b2 + ib <= 64;
}

/* Whether the records of words x and y are equal on (k1, k2): by their
 * words where the key bits of a group hold k2 and k1 is the same (exact),
 * else by their keys. */
static int same_key(const struct sort_rec *keys, uint64_t x, uint64_t y, int ib, int exact)
{
	const uint64_t idx = ((uint64_t)1 << ib) - 1;
	if (exact)
		return x >> ib == y >> ib;
	const struct sort_rec *a = &keys[x & idx], *b = &keys[y & idx];
	return a->k1 == b->k1 && a->k2 == b->k2;
}

/* Orders each run of a group's records equal on (k1, k2) by the customer
 * id. */
static void order_ties(const struct dataset *ds, const struct sort_rec *keys, uint64_t *w, size_t n,
                       int ib, int exact)
{
	const uint64_t idx = ((uint64_t)1 << ib) - 1;
	struct cid_rec *tie = NULL;
	size_t tie_alloc = 0;
	for (size_t a = 0, z; a < n; a = z) {
		for (z = a + 1; z < n; z++) {
			if (!exact && z + 16 < n)
				__builtin_prefetch(&keys[w[z + 16] & idx]);
			if (!same_key(keys, w[a], w[z], ib, exact))
				break;
		}
		if (z - a < 2)
			continue;
		ALLOC_GROW(tie, z - a, tie_alloc);
		/* the keys, the ids' offsets and the ids lie anywhere: each asked
		 * for ahead, once the one before it has come */
		for (size_t k = a; k < z; k++) {
			if (k + 24 < z)
				__builtin_prefetch(&keys[w[k + 24] & idx]);
			if (k + 16 < z)
				__builtin_prefetch(&ds->cid_off[keys[w[k + 16] & idx].id]);
			if (k + 8 < z)
				__builtin_prefetch(ds_cid(ds, keys[w[k + 8] & idx].id));
			const struct sort_rec *r = &keys[w[k] & idx];
			tie[k - a] = (struct cid_rec){ds_cid(ds, r->id), *r};
		}
		qsort(tie, z - a, sizeof(*tie), cmp_cid);
		for (size_t k = a; k < z; k++)
			w[k] = (w[k] & ~idx) | tie[k - a].r.aux;
	}
	free(tie);
}

struct action_groups_job {
	const struct dataset *ds;
	const struct sort_rec *keys;
	const struct action_group *g;
	uint64_t *w;
	size_t n;
	int ib;
	int split[3]; /* part p sorts groups [split[p], split[p + 1]) */
};

static void groups_part(void *arg, size_t lo, size_t hi, int part)
{
	struct action_groups_job *j = arg;
	(void)part;
	for (size_t p = lo; p < hi; p++)
		for (int x = j->split[p]; x < j->split[p + 1]; x++) {
			const struct action_group *g = &j->g[x];
			uint64_t *w = j->w + (g->at - g->n);
			int exact = sort_group(j->keys, g, w, w + j->n + 1, j->ib);
			order_ties(j->ds, j->keys, w, g->n, j->ib, exact);
		}
}

/* The indexes of the listed customers' rows in the list's order (in the
 * low ib bits of each word, *n of them). */
static uint64_t *list_order(struct action_build *b, const struct dataset *ds, size_t *n, int *ib)
{
	/* each group's count and spread: the parts' (action_add) together */
	struct action_group g[64];
	for (int x = 0; x < 64; x++) {
		const struct action_group *a = &b->grp[0][x], *c = &b->grp[1][x];
		g[x] = (struct action_group){a->n + c->n,
		                             0,
		                             a->k1_lo < c->k1_lo ? a->k1_lo : c->k1_lo,
		                             a->k1_hi > c->k1_hi ? a->k1_hi : c->k1_hi,
		                             a->k2_lo < c->k2_lo ? a->k2_lo : c->k2_lo,
		                             a->k2_hi > c->k2_hi ? a->k2_hi : c->k2_hi};
	}
	*n = 0;
	for (size_t c = 0; c < b->nchunks; c++)
		*n += b->n[c];
	*ib = bit_length(b->alloc - 1);
	size_t at = 0;
	for (int x = 0; x < 64; x++)
		g[x].at = at, at += g[x].n;
	uint64_t *w = big_alloc(sizeof(*w) * 2 * (*n + 1));
	/* the chunks' rows in customer order, each into its group */
	for (size_t c = 0; c < b->nchunks; c++)
		for (size_t i = 0; i < b->n[c]; i++) {
			const struct sort_rec *r = &b->keys[c * b->chunk + i];
			struct action_group *x = &g[r->k1 >> 58];
			uint64_t k2 = r->k2 - x->k2_lo;
			/* the key only where it fits: sort_group checks */
			w[x->at++] =
			    (*ib + bit_length(x->k2_hi - x->k2_lo) <= 64 ? k2 << *ib : 0) | r->aux;
		}
	/* the groups on two threads, split where half the records are */
	struct action_groups_job j = {ds, b->keys, g, w, *n, *ib, {0, 0, 64}};
	size_t half = 0;
	while (j.split[1] < 64 && half + g[j.split[1]].n <= *n / 2)
		half += g[j.split[1]++].n;
	parallel_for(2, *n >= 4096 ? 2 : SIZE_MAX, groups_part, &j);
	return w;
}

/* The rows in the list's order: a gather (independent reads, unlike
 * following the permutation's cycles in place), on two threads. */
struct gather_job {
	const struct action_row *rows;
	const uint64_t *w;
	uint64_t idx;
	struct action_row *out;
};

static void gather_part(void *arg, size_t lo, size_t hi, int part)
{
	struct gather_job *j = arg;
	(void)part;
	for (size_t r = lo; r < hi; r++) {
		if (r + 16 < hi)
			__builtin_prefetch(&j->rows[j->w[r + 16] & j->idx]);
		j->out[r] = j->rows[j->w[r] & j->idx];
	}
}

void actions_end(struct action_build *b, const struct dataset *ds, struct loyalty *l)
{
	size_t n;
	int ib;
	uint64_t *w = list_order(b, ds, &n, &ib);
	timing_phase(&l->timing, "sort");
	l->actions = big_alloc(sizeof(*l->actions) * (n + 1));
	l->nactions = n;
	struct gather_job j = {b->rows, w, ((uint64_t)1 << ib) - 1, l->actions};
	parallel_for(n, 50000, gather_part, &j);
	big_free(w, sizeof(*w) * 2 * (n + 1));
	big_free(b->rows, sizeof(*b->rows) * b->alloc);
	big_free(b->keys, sizeof(*b->keys) * b->alloc);
	free(b->n);
	memset(b, 0, sizeof(*b));
}

void actions_discard(struct action_build *b)
{
	big_free(b->rows, sizeof(*b->rows) * b->alloc);
	big_free(b->keys, sizeof(*b->keys) * b->alloc);
	free(b->n);
	memset(b, 0, sizeof(*b));
}
