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
 * byte order.  A radix sort on two 64-bit keys orders a million rows in
 * tens of milliseconds.
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
static int priority_at(const struct loyalty *l, size_t i)
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
/* The rows and sort keys of the listed customers, in customer order, on
 * two threads: a count of each half's listed customers first, so that
 * each half writes its rows at their final places.  Reading the promises
 * and dialogues sequentially here, rather than in the action list's
 * order, saves a cache miss or three per row; only listed customers get
 * a row. */
struct due_job {
	const struct dataset *ds;
	const struct loyalty *l;
	struct action_row *rows;
	struct sort_rec *keys;
	size_t count[2];
	size_t split; /* the first customer of count[1] */
};

static void count_part(void *arg, size_t lo, size_t hi, int part)
{
	struct due_job *j = arg;
	size_t n = 0;
	for (size_t i = lo; i < hi; i++)
		n += priority_of[j->l->fig[i].segment] != 0;
	j->count[part] = n;
	if (part)
		j->split = lo;
}

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

static void due_part(void *arg, size_t lo, size_t hi, int part)
{
	struct due_job *j = arg;
	const struct dataset *ds = j->ds;
	const day_t D = j->l->as_of;
	/* this half's rows follow those of the customers before it */
	size_t at = 0;
	(void)part;
	if (lo > 0 && j->split == lo)
		at = j->count[0];
	else
		for (size_t i = 0; i < lo; i++)
			at += priority_of[j->l->fig[i].segment] != 0;
	for (size_t i = lo; i < hi; i++) {
		/* the ids lie in the pool among the other strings: ask ahead */
		if (i + 16 < hi)
			__builtin_prefetch(ds->pool + ds->cid_off[i + 16]);
		int prio = priority_at(j->l, i);
		if (!prio)
			continue;
		struct action_row *a = &j->rows[at];
		sort_key(ds, &j->l->fig[i], i, (uint64_t)prio, &j->keys[at]);
		j->keys[at].aux = (uint32_t)at;
		at++;
		memset(a, 0, sizeof(*a));
		a->cust = (uint32_t)i;
		a->priority = (uint8_t)prio;
		a->silent = j->l->silent && j->l->silent[i];
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
		a->open_complaints = j->l->fig[i].open_complaints;
		a->last_dialog = DAY_NONE;
		for (uint32_t k = ds->dlg_off[i + 1]; k-- > ds->dlg_off[i];)
			if (ds->dlg[k] < D) {
				a->last_dialog = ds->dlg[k];
				break;
			}
		a->no_recent_dialog = model_dialog_due(a->last_dialog, D, j->l->set.dialog_days);
		a->follow_up = ds_follow_up_at(ds, i, D);
		if (a->follow_up != DAY_NONE && a->follow_up >= D)
			a->follow_up = DAY_NONE; /* not reached yet */
	}
}

/* The sort on two threads: each half of the keys by its own radix sort,
 * then the halves merged, the first half's record first on equal keys —
 * a stable sort of the whole, so the same order whatever the threads. */
struct sort_job {
	struct sort_rec *keys;
	size_t n, mid;
};

static void sort_part(void *arg, size_t lo, size_t hi, int part)
{
	struct sort_job *j = arg;
	(void)part;
	for (size_t h = lo; h < hi; h++) /* [0, 2) on one thread: both halves */
		if (h == 0)
			radix_sort2(j->keys, j->mid);
		else
			radix_sort2(j->keys + j->mid, j->n - j->mid);
}

static int key_less(const struct sort_rec *a, const struct sort_rec *b)
{
	return a->k1 < b->k1 || (a->k1 == b->k1 && a->k2 < b->k2);
}

/* The keys sorted by (k1, k2), stable: keys itself, or a new array (and
 * keys freed). */
static struct sort_rec *sort_keys(struct sort_rec *keys, size_t n)
{
	struct sort_job j = {keys, n, n >= 4096 ? n / 2 : n};
	parallel_for(2, 2, sort_part, &j);
	if (j.mid == n)
		return keys;
	struct sort_rec *m = big_alloc(sizeof(*m) * (n + 1));
	size_t a = 0, b = j.mid;
	for (size_t k = 0; k < n; k++)
		m[k] =
		    b < n && (a >= j.mid || key_less(&keys[b], &keys[a])) ? keys[b++] : keys[a++];
	big_free(keys, sizeof(*keys) * (n + 1));
	return m;
}

void model_actions(const struct dataset *ds, struct loyalty *l)
{
	struct due_job dj = {ds, l, NULL, NULL, {0, 0}, 0};
	parallel_for(l->ncust, 50000, count_part, &dj);
	size_t n = dj.count[0] + dj.count[1];
	dj.keys = big_alloc(sizeof(*dj.keys) * (n + 1));
	dj.rows = big_alloc(sizeof(*dj.rows) * (n + 1));
	parallel_for(l->ncust, 50000, due_part, &dj);
	/* by (k1, k2) in a radix sort; the records equal on both (a few
	 * percent: the same revenue, often none) by the id */
	struct sort_rec *keys = sort_keys(dj.keys, n);
	struct cid_rec *tie = NULL;
	size_t tie_alloc = 0;
	for (size_t a = 0, b; a < n; a = b) {
		for (b = a + 1; b < n && keys[b].k1 == keys[a].k1 && keys[b].k2 == keys[a].k2; b++)
			;
		if (b - a < 2)
			continue;
		ALLOC_GROW(tie, b - a, tie_alloc);
		for (size_t k = a; k < b; k++)
			tie[k - a] = (struct cid_rec){ds_cid(ds, keys[k].id), keys[k]};
		qsort(tie, b - a, sizeof(*tie), cmp_cid);
		for (size_t k = a; k < b; k++)
			keys[k] = tie[k - a].r;
	}
	free(tie);
	/* the rows in the keys' order: a gather (independent reads, unlike
	 * following the permutation's cycles in place) */
	l->actions = big_alloc(sizeof(*l->actions) * (n + 1));
	l->nactions = n;
	for (size_t r = 0; r < n; r++) {
		if (r + 16 < n)
			__builtin_prefetch(&dj.rows[keys[r + 16].aux]);
		l->actions[r] = dj.rows[keys[r].aux];
	}
	big_free(dj.rows, sizeof(*dj.rows) * (n + 1));
	big_free(keys, sizeof(*keys) * (n + 1));
}
