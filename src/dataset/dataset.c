/*
 * dataset.c — loads the store into the flat arrays of struct dataset, all
 * tables inside one read transaction (one snapshot of the data).
 *
 * Orders (the big table) come through the covering index orders_cust
 * (cust, date, revenue, margin), so they arrive in customer and date
 * order: each column is written sequentially into its final place, with
 * no sort and no second copy — 20 bytes per order row, which is also the
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

/* Maps store keys to customer indexes. */
struct keymap {
	int32_t *idx;
	int64_t max;
};

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

static int load_customers(struct store *st, struct dataset *ds, struct keymap *m, struct err *e)
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
	s = store_stmt(st, ST_DS_CUSTOMERS);
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
	if (rc < 0) {
		sb_release(&pool);
		return -1;
	}
	ds->ncust = n;
	ds->pool_len = pool.len;
	ds->pool = sb_detach(&pool);
	return 0;
}

/*
 * Orders come through the covering index orders_cust (cust, date, revenue,
 * margin), so they arrive in customer and date order and each column is
 * written sequentially into its final place, with no sorting.
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
	uint64_t *off; /* ds->ord_off: off[idx_lo..idx_hi) relative to the part */
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

static int load_orders(struct store *st, struct dataset *ds, const struct keymap *m, struct err *e)
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
	ds->ord_off = xcalloc(ds->ncust + 1, sizeof(uint64_t));
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
	                     .off = ds->ord_off,
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
				ds->ord_off[i] += n;
			n += b.n;
		}
		ds->ord_off[ds->ncust] = n;
		ds->norders = n;
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

static int cmp_day_first(const void *a, const void *b)
{
	day_t x, y;
	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	return (x > y) - (x < y);
}

/* Builds *off (ncust+1) and returns the rows in customer runs, each run
 * sorted by its leading day_t field. */
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
			qsort(out + r->size * o[i], o[i + 1] - o[i], r->size, cmp_day_first);
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

static int load_small(struct store *st, struct dataset *ds, const struct keymap *m, struct err *e)
{
	struct stmt *s;
	int rc;
	struct rows sv = {0}, rf = {0}, cp = {0}, pr = {0}, dl = {0}, dp = {0}, fu = {0};
	sv.size = sizeof(struct ds_survey);
	rf.size = sizeof(struct ds_referral);
	cp.size = sizeof(struct ds_complaint);
	pr.size = sizeof(struct ds_promise);
	dl.size = sizeof(day_t);
	dp.size = sizeof(day_t);
	fu.size = sizeof(struct ds_follow_up);

	s = store_stmt(st, ST_DS_SURVEYS);
	while ((rc = stmt_step(s, e)) == 1) {
		long ci = key_index(m, col_int(s, 0));
		if (ci < 0)
			continue;
		struct ds_survey *x = rows_push(&sv, (uint32_t)ci);
		x->date = (day_t)col_int(s, 1);
		x->satisfaction = (int16_t)col_int(s, 2);
		x->recommend = (int16_t)col_int_or(s, 3, SCORE_NONE);
		x->value = (int16_t)col_int_or(s, 4, SCORE_NONE);
	}
	stmt_reset(s);
	if (rc < 0)
		goto fail;
	s = store_stmt(st, ST_DS_REFERRALS);
	while ((rc = stmt_step(s, e)) == 1) {
		long from = key_index(m, col_int(s, 0)), to = key_index(m, col_int(s, 1));
		if (from < 0 || to < 0)
			continue;
		struct ds_referral *x = rows_push(&rf, (uint32_t)from);
		x->date = (day_t)col_int(s, 2);
		x->to = (uint32_t)to;
	}
	stmt_reset(s);
	if (rc < 0)
		goto fail;
	s = store_stmt(st, ST_DS_COMPLAINTS);
	while ((rc = stmt_step(s, e)) == 1) {
		long ci = key_index(m, col_int(s, 0));
		if (ci < 0)
			continue;
		struct ds_complaint *x = rows_push(&cp, (uint32_t)ci);
		const char *status = col_text(s, 2);
		x->date = (day_t)col_int(s, 1);
		x->open = status && !strcmp(status, "open");
		x->resolved_on = (day_t)col_int_or(s, 3, DAY_NONE);
	}
	stmt_reset(s);
	if (rc < 0)
		goto fail;
	s = store_stmt(st, ST_DS_PROMISES);
	while ((rc = stmt_step(s, e)) == 1) {
		long ci = key_index(m, col_int(s, 0));
		if (ci < 0)
			continue;
		struct ds_promise *x = rows_push(&pr, (uint32_t)ci);
		const char *status = col_text(s, 3);
		x->made_on = (day_t)col_int(s, 1);
		x->due_on = (day_t)col_int(s, 2);
		x->closed_on = (day_t)col_int_or(s, 4, DAY_NONE);
		x->status = (uint8_t)vocab_index_or(VOCAB_PROMISE_STATUS, status, PROMISE_OPEN);
	}
	stmt_reset(s);
	if (rc < 0)
		goto fail;
	s = store_stmt(st, ST_DS_DIALOGS);
	while ((rc = stmt_step(s, e)) == 1) {
		long ci = key_index(m, col_int(s, 0));
		if (ci < 0)
			continue;
		day_t *x = rows_push(&dl, (uint32_t)ci);
		*x = (day_t)col_int(s, 1);
		if (!col_isnull(s, 2)) {
			struct ds_follow_up *f = rows_push(&fu, (uint32_t)ci);
			f->date = *x;
			f->follow_up = (day_t)col_int(s, 2);
		}
	}
	stmt_reset(s);
	if (rc < 0)
		goto fail;
	ds->sv = rows_finish(&sv, ds->ncust, &ds->sv_off);
	ds->ref = rows_finish(&rf, ds->ncust, &ds->ref_off);
	ds->cmp = rows_finish(&cp, ds->ncust, &ds->cmp_off);
	ds->prm = rows_finish(&pr, ds->ncust, &ds->prm_off);
	s = store_stmt(st, ST_DS_DEPARTURES);
	while ((rc = stmt_step(s, e)) == 1) {
		long ci = key_index(m, col_int(s, 0));
		if (ci < 0)
			continue;
		day_t *x = rows_push(&dp, (uint32_t)ci);
		*x = (day_t)col_int(s, 1);
	}
	stmt_reset(s);
	if (rc < 0)
		goto fail;
	ds->dlg = rows_finish(&dl, ds->ncust, &ds->dlg_off);
	ds->dep = rows_finish(&dp, ds->ncust, &ds->dep_off);
	ds->fol = rows_finish(&fu, ds->ncust, &ds->fol_off);
	return 0;
fail:
	free(sv.cust), free(sv.data), free(rf.cust), free(rf.data), free(cp.cust), free(cp.data);
	free(pr.cust), free(pr.data), free(dl.cust), free(dl.data), free(dp.cust), free(dp.data);
	free(fu.cust), free(fu.data);
	return -1;
}

int dataset_load(struct store *st, struct dataset *ds, struct err *e)
{
	struct keymap m = {0};
	struct stmt *s;
	struct snap_key key;
	int rc;
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
		s = store_stmt(st, ST_DS_MAX_CUSTOMER_KEY);
		if ((rc = stmt_step(s, e)) == 1)
			key.max_key = col_int(s, 0), key.ncust = (uint64_t)col_int(s, 1);
		stmt_reset(s);
		s = store_stmt(st, ST_DS_ORDER_BOUND);
		if (rc >= 0 && (rc = stmt_step(s, e)) == 1)
			key.rowid_max = (uint64_t)col_int(s, 0);
		stmt_reset(s);
		if (rc < 0) {
			store_end_read(st);
			return -1;
		}
		if (snapshot_map(store_path(st), ds, &key)) {
			store_end_read(st);
			ds->data_stamp = key.id.stamp;
			timing_phase(&ds->timing, "snapshot");
			return 0;
		}
	}
	if (load_customers(st, ds, &m, e) ||
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
	if (dataset_check(ds, e)) {
		dataset_release(ds);
		return -1;
	}
	timing_phase(&ds->timing, "check");
	/* write the snapshot only for exactly what was counted at the start */
	if (snap && ds->ncust == (size_t)key.ncust &&
	    (key.ncust == 0 || ds->key[ds->ncust - 1] == key.max_key))
		snapshot_write(store_path(st), ds, &key);
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
	out->norders = base->norders, out->ord_off = base->ord_off, out->ord_date = base->ord_date;
	out->ord_rev = base->ord_rev, out->ord_margin = base->ord_margin;
	out->ord_cap = base->ord_cap, out->max_order_date = base->max_order_date;
	timing_phase(&out->timing, NULL);
	struct store_identity id;
	if (store_identity(st, &id, e))
		goto fail;
	out->data_version = id.version;
	out->data_stamp = id.stamp;
	/* the keys of base's customers, to their indexes */
	m.max = base->ncust ? base->key[base->ncust - 1] : 0;
	m.idx = xmalloc(sizeof(*m.idx) * (size_t)(m.max + 1));
	for (int64_t k = 0; k <= m.max; k++)
		m.idx[k] = -1;
	for (size_t i = 0; i < base->ncust; i++)
		m.idx[base->key[i]] = (int32_t)i;
	/* the journal's rows as every dataset has them (dates in range) */
	if (load_small(st, out, &m, e) || dataset_check(out, e))
		goto fail;
	free(m.idx);
	timing_phase(&out->timing, "journal");
	return 0;
fail:
	free(m.idx);
	dataset_release(out);
	return -1;
}

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
	if (ds->map) {
		munmap(ds->map, ds->map_len);
		memset(ds, 0, sizeof(*ds));
		return;
	}
	free(ds->key), free(ds->cid_off), free(ds->name_off), free(ds->owner_off);
	free(ds->region_off), free(ds->industry_off), free(ds->erased);
	free(ds->acq_cost), free(ds->acq_on), free(ds->pool);
	free(ds->ord_off);
	big_free(ds->ord_date, sizeof(day_t) * ds->ord_cap);
	big_free(ds->ord_rev, sizeof(int64_t) * ds->ord_cap);
	big_free(ds->ord_margin, sizeof(int64_t) * ds->ord_cap);
	free(ds->sv_off), free(ds->sv), free(ds->ref_off), free(ds->ref);
	free(ds->cmp_off), free(ds->cmp), free(ds->prm_off), free(ds->prm);
	free(ds->dlg_off), free(ds->dlg), free(ds->dep_off), free(ds->dep);
	free(ds->fol_off), free(ds->fol);
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
