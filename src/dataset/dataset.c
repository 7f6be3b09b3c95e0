/*
 * dataset.c — loads the store into the flat arrays of struct dataset, all
 * tables inside one read transaction (one snapshot of the data).
 *
 * Orders (the big table) come from orders_by_cust (cust, date, id,
 * revenue, margin; on PostgreSQL a view over the covering index), so they
 * arrive in customer and date order: each column is written sequentially
 * into its final place, with no sort and no second copy — 20 bytes per order row, which is also the
 * peak on one thread.  On large bases a second thread reads the upper half
 * of the customer keys on a second connection into arrays of its own,
 * copied behind the first half at the end (peak 30 bytes per row); when
 * that connection sees another data version, one thread reads it all.
 * The small tables go through one counting sort per table into customer
 * runs, each run sorted by date.  When the snapshot file beside the
 * database matches the store (snapshot.c), it is mapped instead.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_int.h"

static long key_index(const struct keymap *m, int64_t key)
{
	if (key < 0 || key > m->max)
		return -1;
	return m->idx[key];
}

static uint32_t pool_add(struct strbuf *pool, const char *s)
{
	uint32_t off = (uint32_t)pool->len;
	if (s)
		sb_adds(pool, s);
	sb_addch(pool, '\0');
	return off;
}

void keymap_of(const struct dataset *ds, struct keymap *m)
{
	m->max = ds->ncust ? ds->key[ds->ncust - 1] : 0;
	m->idx = xmalloc(sizeof(*m->idx) * (size_t)(m->max + 1));
	for (int64_t k = 0; k <= m->max; k++)
		m->idx[k] = -1;
	for (size_t i = 0; i < ds->ncust; i++)
		m->idx[ds->key[i]] = (int32_t)i;
}

int load_customers(struct store *st, struct dataset *ds, struct keymap *m,
                   const struct dataset *base, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_DS_MAX_CUSTOMER_KEY);
	int rc;
	size_t n = 0, cap;
	struct strbuf pool = STRBUF_INIT;
	if ((rc = stmt_step(s, e)) < 0)
		return -1;
	m->max = rc ? col_int(s, 0) : 0;
	cap = rc ? (size_t)col_int(s, 1) : 0;
	stmt_reset(s);
	if (base && (cap < base->ncust || (base->ncust && m->max < base->key[base->ncust - 1])))
		return err_set(e, "BUG: customers vanished under an update");
	m->idx = xmalloc(sizeof(*m->idx) * (size_t)(m->max + 1));
	for (int64_t k = 0; k <= m->max; k++)
		m->idx[k] = -1;
	ds->key = xmalloc(sizeof(*ds->key) * (cap + 1));
	ds->cid_off = xmalloc(sizeof(uint32_t) * (cap + 1));
	ds->name_off = xmalloc(sizeof(uint32_t) * (cap + 1));
	ds->owner_off = xmalloc(sizeof(uint32_t) * (cap + 1));
	ds->region_off = xmalloc(sizeof(uint32_t) * (cap + 1));
	ds->industry_off = xmalloc(sizeof(uint32_t) * (cap + 1));
	ds->erased = xmalloc(cap + 1);
	ds->acq_cost = xmalloc(sizeof(int64_t) * (cap + 1));
	ds->acq_on = xmalloc(sizeof(day_t) * (cap + 1));
	int64_t after = 0;
	if (base) {
		/* base's customers as they are, then those added since */
		n = base->ncust;
		memcpy(ds->key, base->key, sizeof(*ds->key) * n);
		memcpy(ds->cid_off, base->cid_off, sizeof(uint32_t) * n);
		memcpy(ds->name_off, base->name_off, sizeof(uint32_t) * n);
		memcpy(ds->owner_off, base->owner_off, sizeof(uint32_t) * n);
		memcpy(ds->region_off, base->region_off, sizeof(uint32_t) * n);
		memcpy(ds->industry_off, base->industry_off, sizeof(uint32_t) * n);
		memcpy(ds->erased, base->erased, n);
		memcpy(ds->acq_cost, base->acq_cost, sizeof(int64_t) * n);
		memcpy(ds->acq_on, base->acq_on, sizeof(day_t) * n);
		sb_add(&pool, base->pool, base->pool_len);
		for (size_t i = 0; i < n; i++)
			m->idx[base->key[i]] = (int32_t)i;
		after = n ? base->key[n - 1] : 0;
	}
	s = store_stmt(st, base ? ST_DS_CUSTOMERS_AFTER : ST_DS_CUSTOMERS);
	if (base)
		stmt_int(s, 1, after);
	while ((rc = stmt_step(s, e)) == 1) {
		int64_t key = col_int(s, 0);
		if (n >= cap || key > m->max)
			break; /* rows added while loading: not part of this snapshot */
		ds->key[n] = key;
		ds->cid_off[n] = pool_add(&pool, col_text(s, 1));
		ds->name_off[n] = pool_add(&pool, col_text(s, 2));
		ds->owner_off[n] = pool_add(&pool, col_text(s, 3));
		ds->acq_cost[n] = col_int_or(s, 4, MONEY_NONE);
		ds->acq_on[n] = (day_t)col_int_or(s, 5, DAY_NONE);
		ds->region_off[n] = pool_add(&pool, col_text(s, 6));
		ds->industry_off[n] = pool_add(&pool, col_text(s, 7));
		ds->erased[n] = col_int_or(s, 8, 0) != 0;
		m->idx[key] = (int32_t)n;
		n++;
	}
	stmt_reset(s);
	ds->ncust = ds->cust_base = n;
	ds->pool_len = ds->pool_base = pool.len;
	ds->pool = sb_detach(&pool);
	return rc < 0 ? -1 : 0;
}

/*
 * Orders come from orders_by_cust, keyed by (cust, date, id), so they
 * arrive in customer and date order and each column is written
 * sequentially into its final place, with no sorting.
 *
 * Reading rows is what the load spends its time on (SQLite decodes each
 * record), so on large bases two threads read the two halves of the
 * customer key range on two connections: the first writes straight into
 * the final arrays, the second into its own, copied behind the first's
 * rows at the end (the peak is then 30 bytes per order row for a moment).
 * Both connections must see the same snapshot: when the data version read
 * by the second differs from the first's, the load is repeated.
 */
struct ord_part {
	struct store *st;
	const struct dataset *ds;
	const struct keymap *m;
	int64_t key_lo, key_hi; /* customer keys [lo, hi) */
	size_t idx_lo, idx_hi;  /* the same customers as indexes */
	size_t cap, n;
	day_t *date;
	int64_t *rev, *margin;
	uint64_t *off; /* ds->ord_start: off[idx_lo..idx_hi) relative to the part */
	day_t maxd;
	int rc;
	struct err e;
};

static void *read_part(void *arg)
{
	struct ord_part *p = arg;
	/* the whole range needs no bounds (and no comparison per row) */
	int all = p->key_lo == INT64_MIN && p->key_hi == INT64_MAX;
	struct stmt *s = store_stmt(p->st, all ? ST_DS_ORDERS_ALL : ST_DS_ORDERS);
	long cur = (long)p->idx_lo - 1;
	int rc;
	p->maxd = DAY_NONE;
	p->n = 0;
	if (!all) {
		stmt_int(s, 1, p->key_lo);
		stmt_int(s, 2, p->key_hi);
	}
	while ((rc = stmt_step(s, &p->e)) == 1) {
		long ci = key_index(p->m, col_int(s, 0));
		if (ci < 0 || p->n >= p->cap)
			continue; /* written after this snapshot began */
		while (cur < ci)
			p->off[++cur] = p->n;
		day_t d = (day_t)col_int(s, 1);
		p->date[p->n] = d;
		p->rev[p->n] = col_int(s, 2);
		p->margin[p->n] = col_isnull(s, 3) ? MONEY_NONE : col_int(s, 3);
		if (p->maxd == DAY_NONE || d > p->maxd)
			p->maxd = d;
		p->n++;
	}
	stmt_reset(s);
	while (cur + 1 < (long)p->idx_hi)
		p->off[++cur] = p->n;
	p->rc = rc < 0 ? -1 : 0;
	return NULL;
}

int load_orders(struct store *st, struct dataset *ds, const struct keymap *m, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_DS_ORDER_BOUND);
	struct store *st2 = NULL;
	pthread_t t;
	size_t cap, split = ds->ncust / 2;
	int rc, threaded = 0;
	if ((rc = stmt_step(s, e)) < 0)
		return -1;
	cap = rc ? (size_t)col_int(s, 0) : 0;
	stmt_reset(s);
	ds->ord_cap = cap + 1;
	ds->ord_date = big_alloc(sizeof(day_t) * ds->ord_cap);
	ds->ord_rev = big_alloc(sizeof(int64_t) * ds->ord_cap);
	ds->ord_margin = big_alloc(sizeof(int64_t) * ds->ord_cap);
	ds->ord_start = xcalloc(ds->ncust + 1, sizeof(uint64_t));
	struct ord_part a = {.st = st,
	                     .ds = ds,
	                     .m = m,
	                     .e = {.lang = e->lang},
	                     .key_lo = INT64_MIN,
	                     .key_hi = INT64_MAX,
	                     .idx_lo = 0,
	                     .idx_hi = ds->ncust,
	                     .cap = cap,
	                     .date = ds->ord_date,
	                     .rev = ds->ord_rev,
	                     .margin = ds->ord_margin,
	                     .off = ds->ord_start,
	                     .maxd = DAY_NONE};
	struct ord_part b = a;
	if (use_threads(cap, 2000000) && split > 0 && store_open_reader(st, &st2, e) == 0) {
		/* a second connection that cannot read, or sees another state of
		 * the data, is not an error: the load goes on with one thread */
		struct store_identity id2;
		struct err e2;
		err_init(&e2, e->lang);
		if (store_begin_read(st2, &e2) == 0 && store_identity(st2, &id2, &e2) == 0 &&
		    id2.version == ds->data_version && id2.stamp == ds->data_stamp) {
			a.key_hi = b.key_lo = ds->key[split];
			a.idx_hi = b.idx_lo = split;
			b.st = st2;
			b.date = big_alloc(sizeof(day_t) * ds->ord_cap);
			b.rev = big_alloc(sizeof(int64_t) * ds->ord_cap);
			b.margin = big_alloc(sizeof(int64_t) * ds->ord_cap);
			threaded = pthread_create(&t, NULL, read_part, &b) == 0;
		}
		if (!threaded) {
			big_free(b.date, sizeof(day_t) * ds->ord_cap);
			big_free(b.rev, sizeof(int64_t) * ds->ord_cap);
			big_free(b.margin, sizeof(int64_t) * ds->ord_cap);
			store_close(st2);
			st2 = NULL;
			a.key_hi = INT64_MAX;
			a.idx_hi = ds->ncust;
		}
	}
	read_part(&a);
	if (threaded) {
		pthread_join(t, NULL);
		store_end_read(st2);
		store_close(st2);
	}
	rc = a.rc;
	if (rc)
		*e = a.e;
	else if (threaded && b.rc)
		*e = b.e, rc = -1;
	if (!rc) {
		size_t n = a.n;
		if (threaded) {
			if (n + b.n > cap)
				b.n = cap - n;
			memcpy(ds->ord_date + n, b.date, sizeof(day_t) * b.n);
			memcpy(ds->ord_rev + n, b.rev, sizeof(int64_t) * b.n);
			memcpy(ds->ord_margin + n, b.margin, sizeof(int64_t) * b.n);
			for (size_t i = split; i < ds->ncust; i++)
				ds->ord_start[i] += n;
			n += b.n;
		}
		ds->ord_start[ds->ncust] = n;
		ds->ord_end = ds->ord_start + 1;
		ds->norders = ds->ord_base = n;
		ds->max_order_date = a.maxd;
		if (threaded && b.maxd != DAY_NONE && (a.maxd == DAY_NONE || b.maxd > a.maxd))
			ds->max_order_date = b.maxd;
	}
	if (threaded) {
		big_free(b.date, sizeof(day_t) * ds->ord_cap);
		big_free(b.rev, sizeof(int64_t) * ds->ord_cap);
		big_free(b.margin, sizeof(int64_t) * ds->ord_cap);
	}
	timing_phase(&ds->timing, "orders");
	return rc;
}

/* Generic counting sort of small-table rows into customer runs. */
struct rows {
	uint32_t *cust;
	char *data;
	size_t n, cap, size;
};

static void *rows_push(struct rows *r, uint32_t cust)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->cust = xrealloc(r->cust, sizeof(uint32_t) * r->cap);
		r->data = xrealloc(r->data, r->size * r->cap);
	}
	r->cust[r->n] = cust;
	/* zeroed, padding included: the rows go to the snapshot file as bytes */
	memset(r->data + r->size * r->n, 0, r->size);
	return r->data + r->size * r->n++;
}

static day_t day_at(const char *row)
{
	day_t d;
	memcpy(&d, row, sizeof(d));
	return d;
}

void rows_sort_by_day(char *rows, size_t n, size_t size)
{
	char tmp[64];
	if (n < 2)
		return;
	if (n <= 32 || size > sizeof(tmp)) {
		/* insertion sort: stable, and runs are short */
		for (size_t i = 1; i < n; i++) {
			day_t d = day_at(rows + size * i);
			size_t j = i;
			if (day_at(rows + size * (j - 1)) <= d)
				continue;
			memcpy(tmp, rows + size * i, size);
			while (j > 0 && day_at(rows + size * (j - 1)) > d) {
				memcpy(rows + size * j, rows + size * (j - 1), size);
				j--;
			}
			memcpy(rows + size * j, tmp, size);
		}
		return;
	}
	/* a long run: bottom-up merge sort (stable) */
	char *buf = xmalloc(size * n), *a = rows, *b = buf;
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi) {
				if (day_at(a + size * j) < day_at(a + size * i))
					memcpy(b + size * k++, a + size * j++, size);
				else
					memcpy(b + size * k++, a + size * i++, size);
			}
			memcpy(b + size * k, a + size * i, size * (mid - i));
			k += mid - i;
			memcpy(b + size * k, a + size * j, size * (hi - j));
		}
		char *t = a;
		a = b, b = t;
	}
	if (a != rows)
		memcpy(rows, a, size * n);
	free(buf);
}

/* Builds *off (ncust+1) and returns the rows in customer runs, each run
 * sorted by its leading day_t field; rows of one day keep the order they
 * came in (the store's id order). */
static void *rows_finish(struct rows *r, size_t ncust, uint32_t **off)
{
	uint32_t *o = xcalloc(ncust + 1, sizeof(uint32_t));
	char *out = xmalloc(r->size * (r->n + 1));
	for (size_t i = 0; i < r->n; i++)
		o[r->cust[i] + 1]++;
	for (size_t i = 0; i < ncust; i++)
		o[i + 1] += o[i];
	uint32_t *cur = xmalloc(sizeof(uint32_t) * (ncust + 1));
	memcpy(cur, o, sizeof(uint32_t) * (ncust + 1));
	for (size_t i = 0; i < r->n; i++)
		memcpy(out + r->size * cur[r->cust[i]]++, r->data + r->size * i, r->size);
	for (size_t i = 0; i < ncust; i++)
		if (o[i + 1] - o[i] > 1)
			rows_sort_by_day(out + r->size * o[i], o[i + 1] - o[i], r->size);
	free(cur);
	free(r->cust);
	free(r->data);
	/* the rows are placed: a later failure must not free them again */
	r->cust = NULL;
	r->data = NULL;
	r->n = r->cap = 0;
	*off = o;
	return out;
}

int load_table(struct store *st, struct dataset *out, size_t ncust, const struct keymap *m,
               enum ds_table t, int64_t after, struct err *e)
{
	static const enum db_stmt ids[DT__COUNT] = {
	    [DT_SURVEY] = ST_DS_SURVEYS,       [DT_REFERRAL] = ST_DS_REFERRALS,
	    [DT_COMPLAINT] = ST_DS_COMPLAINTS, [DT_PROMISE] = ST_DS_PROMISES,
	    [DT_DIALOG] = ST_DS_DIALOGS,       [DT_DEPARTURE] = ST_DS_DEPARTURES};
	static const size_t sizes[DT__COUNT] = {[DT_SURVEY] = sizeof(struct ds_survey),
	                                        [DT_REFERRAL] = sizeof(struct ds_referral),
	                                        [DT_COMPLAINT] = sizeof(struct ds_complaint),
	                                        [DT_PROMISE] = sizeof(struct ds_promise),
	                                        [DT_DIALOG] = sizeof(day_t),
	                                        [DT_DEPARTURE] = sizeof(day_t)};
	struct rows r = {.size = sizes[t]}, fu = {.size = sizeof(struct ds_follow_up)};
	struct stmt *s = store_stmt(st, ids[t]);
	int rc;
	stmt_int(s, 1, after);
	while ((rc = stmt_step(s, e)) == 1) {
		long ci = key_index(m, col_int(s, 0));
		if (ci < 0)
			continue;
		switch (t) {
		case DT_SURVEY: {
			struct ds_survey *x = rows_push(&r, (uint32_t)ci);
			x->date = (day_t)col_int(s, 1);
			x->satisfaction = (int16_t)col_int(s, 2);
			x->recommend = (int16_t)col_int_or(s, 3, SCORE_NONE);
			x->value = (int16_t)col_int_or(s, 4, SCORE_NONE);
			break;
		}
		case DT_REFERRAL: {
			long to = key_index(m, col_int(s, 1));
			if (to < 0)
				break;
			struct ds_referral *x = rows_push(&r, (uint32_t)ci);
			x->date = (day_t)col_int(s, 2);
			x->to = (uint32_t)to;
			break;
		}
		case DT_COMPLAINT: {
			struct ds_complaint *x = rows_push(&r, (uint32_t)ci);
			const char *status = col_text(s, 2);
			x->date = (day_t)col_int(s, 1);
			x->open = status && !strcmp(status, "open");
			x->resolved_on = (day_t)col_int_or(s, 3, DAY_NONE);
			break;
		}
		case DT_PROMISE: {
			struct ds_promise *x = rows_push(&r, (uint32_t)ci);
			const char *status = col_text(s, 3);
			x->made_on = (day_t)col_int(s, 1);
			x->due_on = (day_t)col_int(s, 2);
			x->closed_on = (day_t)col_int_or(s, 4, DAY_NONE);
			x->status =
			    (uint8_t)vocab_index_or(VOCAB_PROMISE_STATUS, status, PROMISE_OPEN);
			break;
		}
		case DT_DIALOG: {
			day_t *x = rows_push(&r, (uint32_t)ci);
			*x = (day_t)col_int(s, 1);
			if (!col_isnull(s, 2)) {
				struct ds_follow_up *f = rows_push(&fu, (uint32_t)ci);
				f->date = *x;
				f->follow_up = (day_t)col_int(s, 2);
			}
			break;
		}
		case DT_DEPARTURE: {
			day_t *x = rows_push(&r, (uint32_t)ci);
			*x = (day_t)col_int(s, 1);
			break;
		}
		default: break;
		}
	}
	stmt_reset(s);
	if (rc < 0) {
		free(r.cust), free(r.data), free(fu.cust), free(fu.data);
		return -1;
	}
	switch (t) {
	case DT_SURVEY: out->sv = rows_finish(&r, ncust, &out->sv_off); break;
	case DT_REFERRAL: out->ref = rows_finish(&r, ncust, &out->ref_off); break;
	case DT_COMPLAINT: out->cmp = rows_finish(&r, ncust, &out->cmp_off); break;
	case DT_PROMISE: out->prm = rows_finish(&r, ncust, &out->prm_off); break;
	case DT_DIALOG:
		out->dlg = rows_finish(&r, ncust, &out->dlg_off);
		out->fol = rows_finish(&fu, ncust, &out->fol_off);
		break;
	case DT_DEPARTURE: out->dep = rows_finish(&r, ncust, &out->dep_off); break;
	default: break;
	}
	return 0;
}

static int load_small(struct store *st, struct dataset *ds, const struct keymap *m, struct err *e)
{
	for (int t = DT_SURVEY; t < DT__COUNT; t++)
		if (load_table(st, ds, ds->ncust, m, (enum ds_table)t, INT64_MIN, e))
			return -1;
	return 0;
}

/* The store's state for the snapshot's key (k->state stays 0 when the
 * store cannot tell it: a backend without the statement, a trigger gone). */
static int read_key(struct store *st, struct snap_key *k, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_DS_MAX_CUSTOMER_KEY);
	int rc;
	if ((rc = stmt_step(s, e)) == 1)
		k->max_key = col_int(s, 0), k->ncust = (uint64_t)col_int(s, 1);
	stmt_reset(s);
	s = store_stmt(st, ST_DS_ORDER_BOUND);
	if (rc >= 0 && (rc = stmt_step(s, e)) == 1)
		k->rowid_max = (uint64_t)col_int(s, 0);
	stmt_reset(s);
	if (rc < 0)
		return -1;
	struct err e2;
	err_init(&e2, e->lang);
	s = store_stmt(st, ST_DS_STATE);
	if (stmt_step(s, &e2) == 1 && col_int(s, 2 * DT__COUNT) == 2 * DT__COUNT + 1) {
		k->state = 1;
		for (int t = 0; t < DT__COUNT; t++) {
			k->hwm[t] = col_int(s, t);
			k->rw[t] = col_int(s, DT__COUNT + t);
			if (col_isnull(s, DT__COUNT + t))
				k->state = 0;
		}
	}
	stmt_reset(s);
	return 0;
}

/* Whether the store passed through the state the snapshot h was made of
 * (its stamp is in the store's log): else it is a copy of an earlier
 * state (a backup copied back) that handed out the same ids again. */
static int descends(struct store *st, const struct snap_header *h)
{
	struct err e;
	err_init(&e, LANG_EN);
	struct stmt *s = store_stmt(st, ST_DS_STAMP_SEEN);
	stmt_int(s, 1, h->stamp);
	int seen = stmt_step(s, &e) == 1 && col_int(s, 0) > 0;
	stmt_reset(s);
	return seen;
}

int dataset_load(struct store *st, struct dataset *ds, struct err *e)
{
	struct keymap m = {0};
	struct snap_key key;
	memset(ds, 0, sizeof(*ds));
	memset(&key, 0, sizeof(key));
	ds->max_order_date = DAY_NONE;
	/* one read transaction: every table from the same snapshot */
	if (store_begin_read(st, e))
		return -1;
	if (store_identity(st, &key.id, e)) {
		store_end_read(st);
		return -1;
	}
	ds->data_version = key.id.version;
	ds->data_stamp = key.id.stamp;
	timing_phase(&ds->timing, NULL);
	int snap = snapshot_enabled(store_path(st));
	if (snap) {
		if (read_key(st, &key, e)) {
			store_end_read(st);
			return -1;
		}
		if (snapshot_map(store_path(st), ds, &key)) {
			store_end_read(st);
			ds->data_stamp = key.id.stamp;
			timing_phase(&ds->timing, "snapshot");
			return 0;
		}
		/* a snapshot of an earlier state of this store: brought up to date */
		struct dataset base;
		struct snap_header bh;
		memset(&base, 0, sizeof(base));
		int have = key.state && snapshot_map_base(store_path(st), &key, &base, &bh);
		if (have && !descends(st, &bh)) {
			dataset_release(&base);
			have = 0;
		}
		if (have) {
			struct timing t0 = ds->timing;
			base.timing = ds->timing;
			timing_phase(&base.timing, "snapshot");
			int rc = dataset_update(st, &base, &bh, &key, ds, e);
			if (rc != 0) {
				store_end_read(st);
				return rc > 0 ? 0 : -1;
			}
			/* not possible (the base is released): everything from the
			 * store, in this transaction */
			memset(ds, 0, sizeof(*ds));
			ds->timing = t0;
			ds->max_order_date = DAY_NONE;
			ds->data_version = key.id.version;
			ds->data_stamp = key.id.stamp;
		}
	}
	if (load_customers(st, ds, &m, NULL, e) ||
	    (timing_phase(&ds->timing, "customers"), load_orders(st, ds, &m, e)) ||
	    load_small(st, ds, &m, e)) {
		store_end_read(st);
		free(m.idx);
		dataset_release(ds);
		return -1;
	}
	store_end_read(st);
	free(m.idx);
	timing_phase(&ds->timing, "small");
	/* rows written past treue (dates, amounts out of range) are named here,
	 * before any sum is formed */
	if (dataset_check_sum(ds, &ds->amount_total, e)) {
		dataset_release(ds);
		return -1;
	}
	timing_phase(&ds->timing, "check");
	ds->orders_version = ds->data_version;
	/* write the snapshot only for exactly what was counted at the start */
	if (snap && ds->ncust == (size_t)key.ncust &&
	    (key.ncust == 0 || ds->key[ds->ncust - 1] == key.max_key)) {
		snapshot_write(store_path(st), ds, &key, NULL, NULL);
		timing_phase(&ds->timing, "write");
	}
	return 0;
}

int dataset_load_journal(struct store *st, const struct dataset *base, struct dataset *out,
                         struct err *e)
{
	struct keymap m = {0};
	memset(out, 0, sizeof(*out));
	if (base->shares)
		return err_set(e, "BUG: dataset_load_journal on a dataset that shares another's");
	out->shares = base;
	out->ncust = base->ncust;
	out->key = base->key, out->cid_off = base->cid_off, out->name_off = base->name_off;
	out->owner_off = base->owner_off, out->acq_cost = base->acq_cost,
	out->acq_on = base->acq_on;
	out->region_off = base->region_off, out->industry_off = base->industry_off;
	out->erased = base->erased;
	out->pool = base->pool, out->pool_len = base->pool_len;
	out->cust_base = base->cust_base, out->pool_base = base->pool_base;
	out->cust_room = base->cust_room, out->pool_room = base->pool_room;
	out->norders = base->norders, out->ord_start = base->ord_start,
	out->ord_date = base->ord_date;
	out->ord_rev = base->ord_rev, out->ord_margin = base->ord_margin;
	out->ord_cap = base->ord_cap, out->max_order_date = base->max_order_date;
	out->ord_end = base->ord_end, out->ord_base = base->ord_base;
	out->ord_ext_at = base->ord_ext_at, out->ord_ext_n = base->ord_ext_n;
	out->ord_room = base->ord_room;
	out->orders_version = base->orders_version;
	out->orders_near_version = base->orders_near_version;
	out->amount_total = base->amount_total;
	timing_phase(&out->timing, NULL);
	struct store_identity id;
	if (store_identity(st, &id, e))
		goto fail;
	out->data_version = id.version;
	out->data_stamp = id.stamp;
	/* the keys of base's customers, to their indexes */
	keymap_of(base, &m);
	/* the journal's rows as every dataset has them (dates in range); the
	 * customers and orders are base's, checked when base was made */
	if (load_small(st, out, &m, e) || dataset_check_journal(out, e))
		goto fail;
	free(m.idx);
	timing_phase(&out->timing, "journal");
	return 0;
fail:
	free(m.idx);
	dataset_release(out);
	return -1;
}

/* ---- what a change of the journal can have changed ---- */

static day_t earlier(day_t a, day_t b)
{
	return a == DAY_NONE ? b : b == DAY_NONE || a < b ? a : b;
}

static int same_survey(const struct ds_survey *x, const struct ds_survey *y)
{
	return x->date == y->date && x->satisfaction == y->satisfaction &&
	       x->recommend == y->recommend && x->value == y->value;
}

static int same_referral(const struct ds_referral *x, const struct ds_referral *y)
{
	return x->date == y->date && x->to == y->to;
}

static int same_complaint(const struct ds_complaint *x, const struct ds_complaint *y)
{
	return x->date == y->date && x->resolved_on == y->resolved_on && x->open == y->open;
}

static int same_day(const day_t *x, const day_t *y)
{
	return *x == *y;
}

/* The earliest date of the rows that differ between customer runs of two
 * tables (each row's own date; a run of another length differs whole),
 * folded into *first. */
#define RUNS_DIFFER(OFF, ROWS, SAME, DATE)                                                         \
	for (size_t i = 0; i < a->ncust; i++) {                                                    \
		uint32_t a0 = a->OFF[i], a1 = a->OFF[i + 1], b0 = b->OFF[i], b1 = b->OFF[i + 1];   \
		int whole = a1 - a0 != b1 - b0;                                                    \
		for (uint32_t k = 0; k < a1 - a0 && k < b1 - b0; k++)                              \
			if (whole || !SAME(&a->ROWS[a0 + k], &b->ROWS[b0 + k]))                    \
				*first = earlier(*first, earlier(DATE(a->ROWS[a0 + k]),            \
				                                 DATE(b->ROWS[b0 + k])));          \
		if (whole) {                                                                       \
			for (uint32_t k = a0; k < a1; k++)                                         \
				*first = earlier(*first, DATE(a->ROWS[k]));                        \
			for (uint32_t k = b0; k < b1; k++)                                         \
				*first = earlier(*first, DATE(b->ROWS[k]));                        \
		}                                                                                  \
	}
#define ROW_DATE(r) ((r).date)
#define DAY_ITSELF(r) (r)

day_t dataset_counts_differ_from(const struct dataset *a, const struct dataset *b)
{
	day_t f = DAY_NONE, *first = &f;
	if (a->ncust != b->ncust)
		return DAY_MIN;
	RUNS_DIFFER(sv_off, sv, same_survey, ROW_DATE)
	RUNS_DIFFER(ref_off, ref, same_referral, ROW_DATE)
	RUNS_DIFFER(cmp_off, cmp, same_complaint, ROW_DATE)
	RUNS_DIFFER(dep_off, dep, same_day, DAY_ITSELF)
	return f;
}
#undef RUNS_DIFFER
#undef ROW_DATE
#undef DAY_ITSELF

/* Whether p points into the mapped snapshot (an array an update kept). */
static int in_map(const struct dataset *ds, const void *p)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)ds->map;
	return p && a >= b && a < b + ds->map_len;
}

static void own_free(const struct dataset *ds, void *p)
{
	if (!in_map(ds, p))
		free(p);
}
#define OWN_FREE own_free

void dataset_release(struct dataset *ds)
{
	if (ds->shares) {
		free(ds->sv_off), free(ds->sv), free(ds->ref_off), free(ds->ref);
		free(ds->cmp_off), free(ds->cmp), free(ds->prm_off), free(ds->prm);
		free(ds->dlg_off), free(ds->dlg), free(ds->dep_off), free(ds->dep);
		free(ds->fol_off), free(ds->fol);
		memset(ds, 0, sizeof(*ds));
		return;
	}
	if (ds->map && !ds->mixed) {
		munmap(ds->map, ds->map_len);
		memset(ds, 0, sizeof(*ds));
		return;
	}
	/* an update's arrays: its own, or (non-empty ones) kept in the mapping */
	OWN_FREE(ds, ds->key), OWN_FREE(ds, ds->cid_off), OWN_FREE(ds, ds->name_off);
	OWN_FREE(ds, ds->owner_off), OWN_FREE(ds, ds->region_off), OWN_FREE(ds, ds->industry_off);
	OWN_FREE(ds, ds->erased), OWN_FREE(ds, ds->acq_cost), OWN_FREE(ds, ds->acq_on);
	OWN_FREE(ds, ds->pool);
	if (ds->ord_end && (!ds->ord_start || ds->ord_end != ds->ord_start + 1))
		OWN_FREE(ds, ds->ord_end);
	OWN_FREE(ds, ds->ord_start);
	if (!in_map(ds, ds->ord_date)) {
		big_free(ds->ord_date, sizeof(day_t) * ds->ord_cap);
		big_free(ds->ord_rev, sizeof(int64_t) * ds->ord_cap);
		big_free(ds->ord_margin, sizeof(int64_t) * ds->ord_cap);
	}
	OWN_FREE(ds, ds->sv_off), OWN_FREE(ds, ds->sv), OWN_FREE(ds, ds->ref_off);
	OWN_FREE(ds, ds->ref), OWN_FREE(ds, ds->cmp_off), OWN_FREE(ds, ds->cmp);
	OWN_FREE(ds, ds->prm_off), OWN_FREE(ds, ds->prm), OWN_FREE(ds, ds->dlg_off);
	OWN_FREE(ds, ds->dlg), OWN_FREE(ds, ds->dep_off), OWN_FREE(ds, ds->dep);
	OWN_FREE(ds, ds->fol_off), OWN_FREE(ds, ds->fol);
	if (ds->map)
		munmap(ds->map, ds->map_len);
	memset(ds, 0, sizeof(*ds));
}

int dataset_order_id(struct store *st, const struct dataset *ds, size_t i, day_t date, char *buf,
                     size_t n, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_DS_ORDER_ID_AT);
	int rc;
	buf[0] = '\0';
	stmt_int(s, 1, ds->key[i]);

	stmt_int(s, 2, date);
	rc = stmt_step(s, e);
	if (rc == 1)
		snprintf(buf, n, "%s", col_text(s, 0) ? col_text(s, 0) : "");
	stmt_reset(s);
	return rc < 0 ? -1 : 0;
}

long dataset_find(const struct dataset *ds, const char *customer_id)

{
	for (size_t i = 0; i < ds->ncust; i++)
		if (!strcmp(ds_cid(ds, i), customer_id))
			return (long)i;
	return -1;
}

size_t dataset_order_bytes(const struct dataset *ds)
{
	size_t rows = ds->map ? ds->norders : ds->ord_cap;
	return rows * (sizeof(*ds->ord_date) + sizeof(*ds->ord_rev) + sizeof(*ds->ord_margin));
}

size_t dataset_bytes(const struct dataset *ds)
{
	size_t b = ds->ncust *
	           (sizeof(int64_t) * 2 + sizeof(uint32_t) * 3 + sizeof(uint64_t) + sizeof(day_t));

	b += ds->pool_len;
	b += ds->norders * (sizeof(day_t) + 2 * sizeof(int64_t));
	size_t nsv = ds->sv_off ? ds->sv_off[ds->ncust] : 0;
	size_t nrf = ds->ref_off ? ds->ref_off[ds->ncust] : 0;
	size_t ncp = ds->cmp_off ? ds->cmp_off[ds->ncust] : 0;
	size_t npr = ds->prm_off ? ds->prm_off[ds->ncust] : 0;
	size_t ndl = ds->dlg_off ? ds->dlg_off[ds->ncust] : 0;
	b += nsv * sizeof(struct ds_survey) + nrf * sizeof(struct ds_referral);
	b += ncp * sizeof(struct ds_complaint) + npr * sizeof(struct ds_promise);
	b += ndl * sizeof(day_t) + 5 * sizeof(uint32_t) * (ds->ncust + 1);
	return b;
}

day_t ds_follow_up_at(const struct dataset *ds, size_t i, day_t D)
{
	day_t last = DAY_NONE, best = DAY_NONE;
	for (uint32_t k = ds->dlg_off[i + 1]; k-- > ds->dlg_off[i];)
		if (ds->dlg[k] < D) {
			last = ds->dlg[k];
			break;
		}
	if (last == DAY_NONE)
		return DAY_NONE;
	for (uint32_t k = ds->fol_off[i]; k < ds->fol_off[i + 1]; k++)
		if (ds->fol[k].date == last && (best == DAY_NONE || ds->fol[k].follow_up < best))
			best = ds->fol[k].follow_up;
	return best;
}

long dataset_index_of_key(const struct dataset *ds, int64_t key)
{
	size_t lo = 0, hi = ds->ncust;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ds->key[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ds->ncust && ds->key[lo] == key ? (long)lo : -1;
}
