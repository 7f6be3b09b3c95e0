/*
 * incr.c — brings a snapshot of an earlier state of the store up to date
 * instead of reading every row again (dataset_update).
 *
 * Migration 7 gives every table of the dataset a counter that each UPDATE
 * of a column the dataset reads and each DELETE bumps (triggers, so rows
 * changed by other programs count too).  The snapshot records, per table,
 * that counter and the largest id it includes.  A table whose counter
 * still stands has only had rows appended since, all with larger ids (an
 * id below the largest could only be reused after a delete, which bumps
 * the counter):
 *
 *   - unchanged (same largest id): its arrays are kept as they are in the
 *     mapped snapshot, nothing is read or copied;
 *   - appended: only the rows with a larger id are read, and merged into
 *     the customer runs — in the order a full load gives: orders by date
 *     and id (orders_by_cust's order), the small
 *     tables by date with ties in id order (their full load sorts stably
 *     rows read in id order), old rows before new ones on ties;
 *   - rewritten (the counter moved): that table is read anew.
 *
 * Customers too: appended ones get the next indexes; when customers were
 * changed (an edit, an erase) all of them are read anew, and the update
 * goes on only when the snapshot's customers are still the first ones
 * under the same keys (else dataset_load reads everything).  So the
 * result is the dataset a full load gives, byte for byte in every array
 * and every customer's run (a unit test compares them after every kind of
 * change), and what an erase overwrote is never taken from the old
 * snapshot: erased customers are rows that changed, read anew (and erase
 * removes the snapshot anyway).
 *
 * The big parts stay as they were written: the runs of customers that got
 * orders go to an extension of the order columns (extend_orders), new
 * customers are appended to the customers' arrays in the room the mapping
 * reserves (extend_customers); only when that room is used up are all
 * runs merged anew (merge_orders) or all customers copied (load_customers).
 * Nothing is written into a mapped file: the pages written are the
 * process's own (private copies, fresh anonymous pages).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dataset_int.h"

static int appended_only(const struct snap_header *bh, const struct snap_key *k, enum ds_table t)
{
	return k->rw[t] == bh->rw[t] && k->hwm[t] >= bh->hwm[t];
}

static long key_at(const struct keymap *m, int64_t key)
{
	if (key < 0 || key > m->max)
		return -1;
	return m->idx[key];
}

/* The orders with an id above the snapshot's, in customer, date and id
 * order. */
struct new_orders {
	size_t n, cap;
	uint32_t *cust;
	day_t *date;
	int64_t *rev, *margin;
};

static void new_orders_free(struct new_orders *o)
{
	free(o->cust), free(o->date), free(o->rev), free(o->margin);
	memset(o, 0, sizeof(*o));
}

static int read_new_orders(struct store *st, const struct keymap *m, int64_t after,
                           struct new_orders *o, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_DS_ORDERS_AFTER);
	int rc;
	stmt_int(s, 1, after);
	while ((rc = stmt_step(s, e)) == 1) {
		long ci = key_at(m, col_int(s, 0));
		if (ci < 0)
			continue;
		if (o->n == o->cap) {
			o->cap = o->cap ? o->cap * 2 : 1024;
			o->cust = xrealloc(o->cust, sizeof(*o->cust) * o->cap);
			o->date = xrealloc(o->date, sizeof(*o->date) * o->cap);
			o->rev = xrealloc(o->rev, sizeof(*o->rev) * o->cap);
			o->margin = xrealloc(o->margin, sizeof(*o->margin) * o->cap);
		}
		o->cust[o->n] = (uint32_t)ci;
		o->date[o->n] = (day_t)col_int(s, 1);
		o->rev[o->n] = col_int(s, 2);
		o->margin[o->n] = col_isnull(s, 3) ? MONEY_NONE : col_int(s, 3);
		o->n++;
	}
	stmt_reset(s);
	return rc < 0 ? -1 : 0;
}

/* New row q goes before old row a: its date is earlier; on the same day
 * the old row (smaller id) stays first. */
static int new_first(const struct new_orders *o, size_t q, const struct dataset *b, uint64_t a)
{
	return o->date[q] < b->ord_date[a];
}

static void copy_old(struct dataset *out, uint64_t to, const struct dataset *b, uint64_t from,
                     uint64_t n)
{
	memcpy(out->ord_date + to, b->ord_date + from, sizeof(day_t) * n);
	memcpy(out->ord_rev + to, b->ord_rev + from, sizeof(int64_t) * n);
	memcpy(out->ord_margin + to, b->ord_margin + from, sizeof(int64_t) * n);
}

/* Customer ci's old run (b's rows [a, e)) and its new rows o[q, q2) merged
 * into out's rows from d on; the latest date into *maxd. */
static void merge_run(const struct dataset *b, uint64_t a, uint64_t e, const struct new_orders *o,
                      size_t q, size_t q2, struct dataset *out, uint64_t d, day_t *maxd)
{
	while (a < e || q < q2) {
		if (q < q2 && (a == e || new_first(o, q, b, a))) {
			out->ord_date[d] = o->date[q];
			out->ord_rev[d] = o->rev[q];
			out->ord_margin[d] = o->margin[q];
			if (*maxd == DAY_NONE || o->date[q] > *maxd)
				*maxd = o->date[q];
			q++;
		} else {
			copy_old(out, d, b, a, 1);
			a++;
		}
		d++;
	}
}

/* b's run of customer i, [*a, *e) (none for a customer b does not have),
 * and the end of its new rows in o, which start at j. */
static size_t order_runs(const struct dataset *b, const struct new_orders *o, size_t i, size_t j,
                         uint64_t *a, uint64_t *e)
{
	*a = *e = 0;
	if (i < b->ncust)
		*a = b->ord_start[i], *e = b->ord_end[i];
	while (j < o->n && o->cust[j] == i)
		j++;
	return j;
}

/* Every customer's orders back to back in arrays of out's own: the old
 * runs copied (neighbouring ones in one go), the new rows merged in. */
static void merge_orders(const struct dataset *b, const struct new_orders *o, struct dataset *out)
{
	size_t c1 = out->ncust, j = 0;
	uint64_t total = b->norders + o->n, d = 0, from = 0, n = 0;
	day_t maxd = b->max_order_date;
	out->ord_cap = total + 1;
	out->ord_date = big_alloc(sizeof(day_t) * out->ord_cap);
	out->ord_rev = big_alloc(sizeof(int64_t) * out->ord_cap);
	out->ord_margin = big_alloc(sizeof(int64_t) * out->ord_cap);
	out->ord_start = xmalloc(sizeof(uint64_t) * (c1 + 1));
	/* old rows [from, from + n) still to be copied to d - n */
	for (size_t i = 0; i < c1; i++) {
		uint64_t a, e;
		size_t j2 = order_runs(b, o, i, j, &a, &e);
		out->ord_start[i] = d;
		if (j2 == j && (n == 0 || a == from + n)) {
			if (n == 0)
				from = a;
			n += e - a;
			d += e - a;
			continue;
		}
		copy_old(out, d - n, b, from, n);
		n = 0;
		if (j2 == j) {
			from = a, n = e - a, d += e - a;
			continue;
		}
		merge_run(b, a, e, o, j, j2, out, d, &maxd);
		d += (e - a) + (j2 - j);
		j = j2;
	}
	copy_old(out, d - n, b, from, n);
	out->ord_start[c1] = d;
	out->ord_end = out->ord_start + 1;
	out->norders = out->ord_base = total;
	out->max_order_date = maxd;
}

/*
 * The runs of the customers that got orders, merged, in an extension of
 * b's columns (the rest of the columns as they are in b's mapping): at the
 * place of the two that b's extension does not take, with the runs that
 * b's extension holds copied along, so that the snapshot's orders part is
 * kept and only the extension is written.  0, or -1 when b has no room
 * for it (nothing set: the caller merges everything).
 */
static int extend_orders(const struct dataset *b, const struct new_orders *o, struct dataset *out)
{
	size_t c1 = out->ncust, j = 0;
	struct ord_room r = ord_room_of(b->ord_base);
	uint64_t need = 0;
	if (!b->ord_room || b->ord_room != r.room)
		return -1;
	/* the rows of the runs that go to the extension */
	for (size_t i = 0; i < c1; i++) {
		uint64_t a, e;
		size_t j2 = order_runs(b, o, i, j, &a, &e);
		if (j2 > j || (e > a && a >= b->ord_base))
			need += (e - a) + (j2 - j);
		j = j2;
		if (need > r.cap)
			return -1;
	}
	uint64_t at = b->ord_ext_n && b->ord_ext_at == r.at[0] ? r.at[1] : r.at[0];
	char *col[3] = {(char *)b->ord_date, (char *)b->ord_rev, (char *)b->ord_margin};
	const size_t sz[3] = {sizeof(day_t), sizeof(int64_t), sizeof(int64_t)};
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	for (int c = 0; c < 3; c++) {
		/* inside b's reserved room, not used by b's extension */
		size_t len = (sz[c] * (size_t)need + pg - 1) / pg * pg;
		if (len && mmap(col[c] + sz[c] * at, len, PROT_READ | PROT_WRITE,
		                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
			return -1; /* an untouched reserved range stays as it was */
	}
	out->ord_date = b->ord_date, out->ord_rev = b->ord_rev, out->ord_margin = b->ord_margin;
	out->ord_start = xmalloc(sizeof(uint64_t) * (c1 + 1));
	out->ord_end = xmalloc(sizeof(uint64_t) * (c1 + 1));
	day_t maxd = b->max_order_date;
	uint64_t d = at;
	j = 0;
	for (size_t i = 0; i < c1; i++) {
		uint64_t a, e;
		size_t j2 = order_runs(b, o, i, j, &a, &e);
		if (j2 > j || (e > a && a >= b->ord_base)) {
			merge_run(b, a, e, o, j, j2, out, d, &maxd);
			out->ord_start[i] = d;
			d += (e - a) + (j2 - j);
			out->ord_end[i] = d;
		} else {
			/* kept where it is (an empty run anywhere: at 0) */
			out->ord_start[i] = e > a ? a : 0;
			out->ord_end[i] = e > a ? e : 0;
		}
		j = j2;
	}
	out->ord_start[c1] = b->ord_base;
	out->norders = b->norders + o->n;
	out->max_order_date = maxd;
	out->ord_base = b->ord_base;
	out->ord_ext_at = (size_t)at;
	out->ord_ext_n = (size_t)need;
	out->ord_room = b->ord_room;
	return 0;
}

/* The arrays of a small table in a dataset (the dialogues come with their
 * follow-ups). */
struct run_ref {
	uint32_t **off;
	void **rows;
	size_t size;
};

static int runs_of(struct dataset *ds, enum ds_table t, struct run_ref r[2])
{
	switch (t) {
	case DT_SURVEY:
		r[0] = (struct run_ref){&ds->sv_off, (void **)&ds->sv, sizeof(*ds->sv)};
		return 1;
	case DT_REFERRAL:
		r[0] = (struct run_ref){&ds->ref_off, (void **)&ds->ref, sizeof(*ds->ref)};
		return 1;
	case DT_COMPLAINT:
		r[0] = (struct run_ref){&ds->cmp_off, (void **)&ds->cmp, sizeof(*ds->cmp)};
		return 1;
	case DT_PROMISE:
		r[0] = (struct run_ref){&ds->prm_off, (void **)&ds->prm, sizeof(*ds->prm)};
		return 1;
	case DT_DIALOG:
		r[0] = (struct run_ref){&ds->dlg_off, (void **)&ds->dlg, sizeof(*ds->dlg)};
		r[1] = (struct run_ref){&ds->fol_off, (void **)&ds->fol, sizeof(*ds->fol)};
		return 2;
	case DT_DEPARTURE:
		r[0] = (struct run_ref){&ds->dep_off, (void **)&ds->dep, sizeof(*ds->dep)};
		return 1;
	default: return 0;
	}
}

static day_t lead_day(const char *row)
{
	day_t d;
	memcpy(&d, row, sizeof(d));
	return d;
}

/* The old runs (c0 customers) and the new ones (c1 >= c0) merged by date,
 * old rows first on the same day.  Arrays of the old that stay as they
 * are (non-empty ones: an empty array may point at the mapping's end) are
 * kept, not copied. */
static void merge_runs(const uint32_t *ooff, const char *orows, size_t c0, const uint32_t *noff,
                       const char *nrows, size_t c1, size_t size, uint32_t **off_out,
                       void **rows_out)
{
	uint32_t n0 = ooff[c0], n1 = noff ? noff[c1] : 0;
#define OLD(i) ((i) <= c0 ? ooff[i] : n0)
	if (c1 == c0 && n1 == 0) {
		*off_out = (uint32_t *)ooff;
	} else {
		uint32_t *off = xmalloc(sizeof(uint32_t) * (c1 + 1));
		for (size_t i = 0; i <= c1; i++)
			off[i] = OLD(i) + (noff ? noff[i] : 0);
		*off_out = off;
	}
	if (n1 == 0 && n0 > 0) {
		*rows_out = (void *)orows;
		return;
	}
	char *out = xmalloc(size * ((size_t)n0 + n1 + 1));
	uint32_t src = 0;
	for (size_t i = 0; n1 && i < c1; i++) {
		if (noff[i + 1] == noff[i])
			continue;
		uint32_t ob = OLD(i), oe = OLD(i + 1), a = ob, q = noff[i], d = (*off_out)[i];
		memcpy(out + size * (src + noff[i]), orows + size * src, size * (ob - src));
		while (a < oe || q < noff[i + 1]) {
			if (q < noff[i + 1] &&
			    (a == oe || lead_day(nrows + size * q) < lead_day(orows + size * a)))
				memcpy(out + size * d, nrows + size * q++, size);
			else
				memcpy(out + size * d, orows + size * a++, size);
			d++;
		}
		src = oe;
	}
	memcpy(out + size * (src + n1), orows + size * src, size * (n0 - src));
	*rows_out = out;
#undef OLD
}

/* Makes the bytes [old, new) of the array at a writable: the page that
 * holds its last bytes a copy of its own (the mapping is private), the
 * reserved pages behind it fresh ones.  0 or -1. */
static int grow(char *a, size_t old, size_t new)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t lo = old / pg * pg, mid = (old + pg - 1) / pg * pg, hi = (new + pg - 1) / pg * pg;
	if (new <= old)
		return 0;
	if (mid > lo && mprotect(a + lo, mid - lo, PROT_READ | PROT_WRITE))
		return -1;
	if (hi > mid && mmap(a + mid, hi - mid, PROT_READ | PROT_WRITE,
	                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
		return -1;
	return 0;
}

/*
 * The customers added since b (keys above b's), appended to b's mapped
 * arrays, which reserve room for them (snapshot.c), into out (sharing
 * them) and m: 1; 0 when they do not fit (nothing of b's changed: the
 * caller copies b's customers); -1 on an error.  The snapshot's customers'
 * part stays as it is; only the part from its last 64 KiB on is written.
 */
static int extend_customers(struct store *st, const struct dataset *b, const struct snap_key *k,
                            struct dataset *out, struct keymap *m, struct err *e)
{
	size_t c0 = b->ncust, na = k->ncust > c0 ? (size_t)k->ncust - c0 : 0, n = 0;
	if (!b->cust_room || !na || (size_t)k->ncust > b->cust_room)
		return 0;
	int64_t *key = xmalloc(sizeof(int64_t) * na), *acq = xmalloc(sizeof(int64_t) * na);
	uint32_t *off = xmalloc(sizeof(uint32_t) * 5 * na);
	day_t *acq_on = xmalloc(sizeof(day_t) * na);
	uint8_t *erased = xmalloc(na);
	struct strbuf pool = STRBUF_INIT;
	struct stmt *s = store_stmt(st, ST_DS_CUSTOMERS_AFTER);
	int rc;
	stmt_int(s, 1, b->key[c0 - 1]);
	while ((rc = stmt_step(s, e)) == 1) {
		int64_t kk = col_int(s, 0);
		if (n >= na || kk > k->max_key)
			break; /* rows added while loading: not part of this state */
		static const int text_col[5] = {1, 2, 3, 6, 7};
		key[n] = kk;
		for (int j = 0; j < 5; j++) {
			const char *t = col_text(s, text_col[j]);
			off[5 * n + (size_t)j] = (uint32_t)(b->pool_len + pool.len);
			if (t)
				sb_adds(&pool, t);
			sb_addch(&pool, '\0');
		}
		acq[n] = col_int_or(s, 4, MONEY_NONE);
		acq_on[n] = (day_t)col_int_or(s, 5, DAY_NONE);
		erased[n] = col_int_or(s, 8, 0) != 0;
		n++;
	}
	stmt_reset(s);
	int ret = rc < 0 ? -1 : 0;
	char *arr[10] = {(char *)b->key,        (char *)b->cid_off,
	                 (char *)b->name_off,   (char *)b->owner_off,
	                 (char *)b->region_off, (char *)b->industry_off,
	                 (char *)b->erased,     (char *)b->acq_cost,
	                 (char *)b->acq_on,     b->pool};
	static const size_t sz[9] = {8, 4, 4, 4, 4, 4, 1, 8, 4};
	if (ret == 0 && n && b->pool_len + pool.len <= b->pool_room &&
	    pool.len + b->pool_len <= UINT32_MAX) {
		ret = 1;
		for (int j = 0; j < 9 && ret == 1; j++)
			if (grow(arr[j], sz[j] * c0, sz[j] * (c0 + n)))
				ret = 0;
		if (ret == 1 && grow(b->pool, b->pool_len, b->pool_len + pool.len))
			ret = 0;
	}
	if (ret == 1) {
		size_t c1 = c0 + n;
		memcpy(b->key + c0, key, sizeof(int64_t) * n);
		for (size_t i = 0; i < n; i++) {
			b->cid_off[c0 + i] = off[5 * i];
			b->name_off[c0 + i] = off[5 * i + 1];
			b->owner_off[c0 + i] = off[5 * i + 2];
			b->region_off[c0 + i] = off[5 * i + 3];
			b->industry_off[c0 + i] = off[5 * i + 4];
		}
		memcpy(b->erased + c0, erased, n);
		memcpy(b->acq_cost + c0, acq, sizeof(int64_t) * n);
		memcpy(b->acq_on + c0, acq_on, sizeof(day_t) * n);
		memcpy(b->pool + b->pool_len, pool.buf, pool.len);
		out->ncust = c1;
		out->key = b->key, out->cid_off = b->cid_off, out->name_off = b->name_off;
		out->owner_off = b->owner_off, out->region_off = b->region_off;
		out->industry_off = b->industry_off, out->erased = b->erased;
		out->acq_cost = b->acq_cost, out->acq_on = b->acq_on;
		out->pool = b->pool, out->pool_len = b->pool_len + pool.len;
		out->cust_base = b->cust_base, out->pool_base = b->pool_base;
		out->cust_room = b->cust_room, out->pool_room = b->pool_room;
		keymap_of(out, m);
	}
	free(key), free(acq), free(off), free(acq_on), free(erased);
	sb_release(&pool);
	return ret;
}

/* b's orders as they are, for out's c1 >= b's customers (the new ones
 * without orders). */
static void keep_orders(const struct dataset *b, struct dataset *out)
{
	size_t c0 = b->ncust, c1 = out->ncust;
	int apart = b->ord_end != b->ord_start + 1;
	out->norders = b->norders;
	out->ord_date = b->ord_date, out->ord_rev = b->ord_rev, out->ord_margin = b->ord_margin;
	out->max_order_date = b->max_order_date;
	out->ord_base = b->ord_base, out->ord_ext_at = b->ord_ext_at;
	out->ord_ext_n = b->ord_ext_n, out->ord_room = b->ord_room;
	if (c1 == c0) {
		out->ord_start = b->ord_start, out->ord_end = b->ord_end;
		return;
	}
	out->ord_start = xmalloc(sizeof(uint64_t) * (c1 + 1));
	memcpy(out->ord_start, b->ord_start, sizeof(uint64_t) * (c0 + 1));
	if (!apart) {
		for (size_t i = c0 + 1; i <= c1; i++)
			out->ord_start[i] = b->norders;
		out->ord_end = out->ord_start + 1;
		return;
	}
	out->ord_end = xmalloc(sizeof(uint64_t) * (c1 + 1));
	memcpy(out->ord_end, b->ord_end, sizeof(uint64_t) * c0);
	for (size_t i = c0; i < c1; i++)
		out->ord_start[i] = out->ord_end[i] = 0;
	out->ord_start[c1] = b->ord_start[c0];
}

int dataset_update(struct store *st, struct dataset *b, const struct snap_header *bh,
                   const struct snap_key *k, struct dataset *out, struct err *e)
{
	struct keymap m = {0};
	struct new_orders no = {0};
	size_t c0 = b->ncust;
	/* quick: only rows added (the base was checked when it was mapped) */
	int rc = -1, changed = 0, read_any = 0, read_big = 0, quick = 1;
	memset(out, 0, sizeof(*out));
	/* out owns the mapping from here on; b's arrays stay readable in it */
	out->map = b->map, out->map_len = b->map_len, out->mixed = 1;
	out->timing = b->timing;
	out->data_version = k->id.version;
	out->data_stamp = k->id.stamp;
	out->orders_version = k->id.version;
	out->max_order_date = DAY_NONE;
	if (c0 == 0 || k->ncust < c0) {
		rc = 0;
		goto done;
	}
	/* customers */
	if (appended_only(bh, k, DT_CUSTOMER) && k->ncust == c0 && k->max_key == bh->max_key) {
		out->ncust = c0;
		out->key = b->key, out->cid_off = b->cid_off, out->name_off = b->name_off;
		out->owner_off = b->owner_off, out->region_off = b->region_off;
		out->industry_off = b->industry_off, out->erased = b->erased;
		out->acq_cost = b->acq_cost, out->acq_on = b->acq_on;
		out->pool = b->pool, out->pool_len = b->pool_len;
		out->cust_base = b->cust_base, out->pool_base = b->pool_base;
		out->cust_room = b->cust_room, out->pool_room = b->pool_room;
		keymap_of(out, &m);
	} else {
		int kept = appended_only(bh, k, DT_CUSTOMER), x = 0;
		changed = read_any = read_big = 1;
		quick = kept;
		/* customers added: appended to the mapped arrays, or (no room
		 * left) all arrays anew */
		if ((kept && (x = extend_customers(st, b, k, out, &m, e)) < 0) ||
		    (!x && load_customers(st, out, &m, kept ? b : NULL, e)))
			goto done;
		/* the snapshot's customers must keep their indexes */
		if (!kept && (out->ncust < c0 || memcmp(out->key, b->key, sizeof(int64_t) * c0))) {
			rc = 0;
			goto done;
		}
	}
	if (out->ncust != (size_t)k->ncust || out->key[out->ncust - 1] != k->max_key) {
		rc = 0; /* not what was counted: everything from the store */
		goto done;
	}
	size_t c1 = out->ncust;
	timing_phase(&out->timing, "customers");
	/* orders */
	if (appended_only(bh, k, DT_ORDERS)) {
		if (k->hwm[DT_ORDERS] > bh->hwm[DT_ORDERS] &&
		    read_new_orders(st, &m, bh->hwm[DT_ORDERS], &no, e))
			goto done;
		if (no.n == 0) {
			/* the same orders of the same customers: a purchase model
			 * fitted for the base holds */
			if (c1 == c0)
				out->orders_version = b->orders_version;
			else
				out->orders_near_version = bh->data_version;
			keep_orders(b, out);
		} else {
			/* the changed runs in an extension, or (no room left for
			 * it) all runs anew */
			if (extend_orders(b, &no, out))
				merge_orders(b, &no, out), quick = 0;
			if (no.n <= b->norders / 1000)
				out->orders_near_version = bh->data_version;
			read_any = read_big = 1;
		}
		timing_phase(&out->timing, "orders added");
	} else {
		read_any = read_big = 1;
		quick = 0;
		if (load_orders(st, out, &m, e))
			goto done;
	}
	/* the small tables */
	for (int t = DT_SURVEY; t < DT__COUNT; t++) {
		struct run_ref ro[2], rb[2], rn[2];
		int nr = runs_of(out, (enum ds_table)t, ro);
		runs_of(b, (enum ds_table)t, rb);
		if (!appended_only(bh, k, (enum ds_table)t)) {
			changed = read_any = 1;
			quick = 0;
			if (load_table(st, out, c1, &m, (enum ds_table)t, INT64_MIN, e))
				goto done;
			continue;
		}
		struct dataset add;
		memset(&add, 0, sizeof(add));
		int read = k->hwm[t] > bh->hwm[t];
		changed |= read || c1 > c0;
		read_any |= read;
		if (read && load_table(st, &add, c1, &m, (enum ds_table)t, bh->hwm[t], e))
			goto done;
		runs_of(&add, (enum ds_table)t, rn);
		for (int x = 0; x < nr; x++) {
			merge_runs(*rb[x].off, *rb[x].rows, c0, read ? *rn[x].off : NULL,
			           read ? *rn[x].rows : NULL, c1, ro[x].size, ro[x].off,
			           ro[x].rows);
			if (read)
				free(*rn[x].off), free(*rn[x].rows);
		}
	}
	timing_phase(&out->timing, "journal");
	/* what every dataset promises (the new rows' dates and amounts; the
	 * base's were checked when it was mapped) */
	out->amount_total = b->amount_total;
	if (read_big
	        ? !(quick && !dataset_check_added(out, c0, b->amount_total, &out->amount_total)) &&
	              dataset_check_sum(out, &out->amount_total, e)
	        : read_any && dataset_check_journal(out, e))
		goto done;
	timing_phase(&out->timing, "check");
	/* only the version moved (an export, an account change): the snapshot
	 * as it is serves the next load as well */
	if (changed || no.n) {
		snapshot_write(store_path(st), out, k, b, bh);
		timing_phase(&out->timing, "write");
	}
	rc = 1;
done:
	free(m.idx);
	new_orders_free(&no);
	if (rc != 1)
		dataset_release(out); /* and the mapping */
	return rc;
}
