/*
 * store_bycust.c — the orders in customer order (orders_by_cust) filled
 * once, sorted, at the end of a bulk load of orders.
 *
 * orders_by_cust holds every order's (cust, date, id, revenue, margin)
 * keyed by (cust, date, id): the dataset loader and every read of one
 * customer's orders go through it.  Triggers on orders keep it up to date
 * row by row (schema migration 9), which for a file of a million orders in
 * file order means a million inserts at random places.  A bulk load
 * (store_orders_bulk_begin) drops the insert trigger inside its
 * transaction and notes each order the store inserts (store_rows.c calls
 * bycust_note) in runs of RUN_ROWS rows.  Each full run is sorted on a
 * thread of its own (the sorter) while the notes go on, and kept in memory
 * — the first KEEP_RUNS of them — or else written to a temporary file
 * beside the database; the commit sorts the last run, merges it with the
 * others — on a thread of its own too (the merger), which hands the rows
 * over in blocks — and inserts them all in key order, each insert an
 * append, then creates the trigger again.  The update and delete triggers
 * stay: an order corrected during the load is changed in orders_by_cust at
 * once.
 *
 * The notes are exact only while every insert went through the store in
 * id order and no inserted row changed afterwards.  Anything else — a
 * correction of a row inserted in this load, a rollback to a savepoint
 * taken after rows were noted, an id out of sequence, a customer key
 * outside 0..2^32 — makes them "stale": the commit then fills
 * orders_by_cust from the orders themselves with one INSERT ... SELECT
 * (SQLite sorts), which is slower but needs nothing noted.  A rollback
 * undoes the dropped trigger with everything else.
 *
 * A backend that takes orders as one stream of its own (PostgreSQL, whose
 * orders_by_cust is a view over its index) has nothing to do here.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_int.h"

/* Rows of a run (32 bytes each: 8 MiB), and full runs kept in memory
 * once sorted (32 MiB: a million orders); later ones are written to the
 * spill file, and read back by the merger. */
#define RUN_ROWS (1u << 18)
#define KEEP_RUNS 4
/* Rows read at a time from each spilled run while merging; rows merged
 * at a time (blocks, in flight at most MERGE_BLOCKS) for the fill. */
#define READ_ROWS 2048
#define MERGE_ROWS 4096
#define MERGE_BLOCKS 4

/* A thread of the load's own (the sorter, the merger): its mutex and
 * condition, and whether it was asked to stop. */
struct worker {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int started, quit;
};

/* Starts fn(arg) on a thread; 0 when there is none (the caller then does
 * the work itself). */
static int worker_start(struct worker *w, void *(*fn)(void *), void *arg)
{
	w->quit = 0; /* before the thread can read it */
	if (pthread_mutex_init(&w->mu, NULL))
		return 0;
	if (pthread_cond_init(&w->cv, NULL)) {
		pthread_mutex_destroy(&w->mu);
		return 0;
	}
	if (pthread_create(&w->th, NULL, fn, arg)) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		return 0;
	}
	return w->started = 1;
}

/* Asks the thread to stop and waits for it. */
static void worker_stop(struct worker *w)
{
	if (!w->started)
		return;
	pthread_mutex_lock(&w->mu);
	w->quit = 1;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->th, NULL);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	w->started = w->quit = 0;
}

/* The sorter: one full run at a time (job) is sorted and kept or spilled
 * while the writing thread notes the next.  Between a hand-over and the
 * sorter's answer (job NULL again) only the sorter touches the runs kept,
 * the spill file and spare; the mutex orders the two. */
struct sorter {
	struct worker w;
	struct bc_row *job;   /* a full run to sort, or NULL */
	struct bc_row *spare; /* the buffer of a run written to the file, for reuse */
	struct bc_row *tmp;   /* the sort's scratch (cap rows) */
	int err_no;           /* a write to the spill file failed */
};

struct bycust {
	int64_t bound;      /* the largest order id when the load began */
	int64_t last;       /* the largest id noted (bound before any) */
	int stale;          /* the notes cannot be trusted: fill from the orders */
	struct bc_row *run; /* the run being noted */
	size_t nrun, cap;
	struct bc_row **kept; /* sorted full runs in memory: runs 0..nkept-1 */
	size_t nkept, keep;
	FILE *spill;     /* sorted full runs nkept.. of cap rows each, in order */
	size_t nspilled; /* runs in spill */
	char *path;      /* the database's, for the spill file beside it */
	struct sorter so;
	struct bc_iter *iter; /* the fill's way through the sorted rows */
};

static size_t env_size(const char *name, size_t dflt, size_t max)
{
	const char *env = getenv(name); /* tests: many small runs, few kept */
	if (!env || !*env)
		return dflt;
	size_t n = strtoull(env, NULL, 10);
	return n <= max ? n : dflt;
}

static void iter_free(struct bc_iter *it);

/* Stops the sorter once it is done with the run it has. */
static void sorter_stop(struct bycust *b)
{
	worker_stop(&b->so.w);
}

/* Lets go of every run noted (the sorter stopped first). */
static void forget_runs(struct bycust *b)
{
	sorter_stop(b);
	for (size_t i = 0; i < b->nkept; i++)
		free(b->kept[i]);
	b->nkept = 0;
	free(b->run);
	free(b->so.spare);
	free(b->so.tmp);
	b->run = b->so.spare = b->so.tmp = NULL;
	b->nrun = 0;
	if (b->spill)
		fclose(b->spill);
	b->spill = NULL;
	b->nspilled = 0;
	b->so.err_no = 0;
}

static void release(struct bycust *b)
{
	if (!b)
		return;
	iter_free(b->iter); /* the merger stopped before the runs go */
	forget_runs(b);
	free(b->kept);
	free(b->path);
	free(b);
}

/* The notes cannot be trusted: the fill reads the orders instead, and what
 * was noted is let go at once (a 30-million-row load spills a gigabyte). */
static void go_stale(struct bycust *b)
{
	b->stale = 1;
	forget_runs(b);
}

void bycust_discard(struct store *st)
{
	release(st->bycust);
	st->bycust = NULL;
}

int store_orders_bulk_begin(struct store *st, struct err *e)
{
	if (st->bycust || store_orders_streamed(st))
		return 0;
	/* outside one, the dropped trigger would stay dropped */
	if (!st->be->in_transaction(st))
		return err_set(e, "%s: internal: a bulk load of orders outside a write transaction",
		               store_path(st));
	struct stmt *s = store_stmt(st, ST_DS_ORDER_BOUND);
	int rc = stmt_step(s, e);
	int64_t bound = rc == 1 ? col_int(s, 0) : 0;
	stmt_reset(s);
	if (rc < 0 || stmt_exec(store_stmt(st, ST_BYCUST_TRIGGER_DROP), e))
		return -1;
	struct bycust *b = xcalloc(1, sizeof(*b));
	b->bound = b->last = bound;
	/* the sort counts in 32 bits */
	b->cap = env_size("TREUE_BYCUST_RUN_ROWS", RUN_ROWS, UINT32_MAX);
	if (!b->cap)
		b->cap = RUN_ROWS;
	b->keep = env_size("TREUE_BYCUST_KEEP_RUNS", KEEP_RUNS, 1024);
	b->kept = xcalloc(b->keep + 1, sizeof(*b->kept));
	b->path = xstrdup(store_path(st));
	st->bycust = b;
	return 0;
}

int store_orders_bulk_undone(struct store *st, struct err *e)
{
	struct bycust *b = st->bycust;
	if (!b)
		return 0;
	struct stmt *s = store_stmt(st, ST_DS_ORDER_BOUND);
	int rc = stmt_step(s, e);
	int64_t max_id = rc == 1 ? col_int(s, 0) : 0;
	stmt_reset(s);
	if (rc < 0)
		return -1;
	if (max_id == b->bound && !b->stale) {
		/* every noted row was undone: start again */
		forget_runs(b);
		b->last = b->bound;
	} else if (max_id != b->last) {
		go_stale(b);
	}
	return 0;
}

void bycust_stale(struct store *st, int64_t id)
{
	if (st->bycust && id > st->bycust->bound)
		go_stale(st->bycust);
}

/* Sorts rows by key, stable: a least-significant-digit radix sort over
 * 16-bit digits that skips the digits every row shares. */
static void sort_rows(struct bc_row *v, size_t n, struct bc_row *tmp)
{
	if (n < 2)
		return;
	uint32_t(*cnt)[65536] = xcalloc(4, sizeof(*cnt));
	for (size_t i = 0; i < n; i++)
		for (int d = 0; d < 4; d++)
			cnt[d][(v[i].key >> (16 * d)) & 0xffff]++;
	struct bc_row *src = v, *dst = tmp;
	for (int d = 0; d < 4; d++) {
		uint32_t *c = cnt[d];
		if (c[(src[0].key >> (16 * d)) & 0xffff] == n)
			continue;
		counts_to_starts(c, 65536);
		for (size_t i = 0; i < n; i++)
			dst[c[(src[i].key >> (16 * d)) & 0xffff]++] = src[i];
		struct bc_row *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, sizeof(*v) * n);
	free(cnt);
}

static int spill_error(struct store *st, int err_no, struct err *e)
{
	return err_set(e,
	               L(e->lang, "%s: cannot write a temporary file beside it: %s",
	                 "%s: eine temporäre Datei daneben lässt sich nicht schreiben: %s"),
	               store_path(st), strerror(err_no));
}

/* A sorted full run: kept in memory, or written to the spill file (its
 * buffer then the spare).  0, or the errno of a failed write. */
static int keep_or_spill(struct bycust *b, struct bc_row *run)
{
	if (b->nkept < b->keep) {
		b->kept[b->nkept++] = run;
		return 0;
	}
	if (!b->spill) {
		struct strbuf tmp = STRBUF_INIT;
		int fd = tmpfile_beside(b->path, &tmp);
		if (fd >= 0)
			unlink(tmp.buf); /* gone with the process, whatever ends it */
		sb_release(&tmp);
		if (fd < 0 || !(b->spill = fdopen(fd, "w+b"))) {
			int err_no = errno ? errno : EIO;
			if (fd >= 0)
				close(fd);
			free(run);
			return err_no;
		}
	}
	errno = 0;
	/* flushed: a full disk is said here, not when read back */
	if (fwrite(run, sizeof(*run), b->cap, b->spill) != b->cap || fflush(b->spill)) {
		free(run);
		return errno ? errno : EIO;
	}
	b->nspilled++;
	free(b->so.spare);
	b->so.spare = run;
	return 0;
}

static void *sorter_main(void *arg)
{
	struct bycust *b = arg;
	struct sorter *so = &b->so;
	pthread_mutex_lock(&so->w.mu);
	for (;;) {
		while (!so->job && !so->w.quit)
			pthread_cond_wait(&so->w.cv, &so->w.mu);
		struct bc_row *job = so->job;
		if (!job)
			break;
		pthread_mutex_unlock(&so->w.mu);
		sort_rows(job, b->cap, so->tmp);
		int err_no = keep_or_spill(b, job);
		pthread_mutex_lock(&so->w.mu);
		so->job = NULL;
		if (err_no && !so->err_no)
			so->err_no = err_no;
		pthread_cond_broadcast(&so->w.cv);
	}
	pthread_mutex_unlock(&so->w.mu);
	return NULL;
}

/* Gives the full run to the sorter (once it is done with the one before)
 * and takes a buffer back for the next.  Without a thread, sorts it here. */
static int hand_over(struct store *st, struct err *e)
{
	struct bycust *b = st->bycust;
	struct sorter *so = &b->so;
	if (!so->tmp)
		so->tmp = xmalloc(sizeof(*so->tmp) * b->cap);
	if (!so->w.started)
		worker_start(&so->w, sorter_main, b);
	int err_no = 0;
	struct bc_row *spare = NULL;
	if (so->w.started) {
		pthread_mutex_lock(&so->w.mu);
		while (so->job)
			pthread_cond_wait(&so->w.cv, &so->w.mu);
		err_no = so->err_no;
		if (!err_no) {
			so->job = b->run;
			pthread_cond_broadcast(&so->w.cv);
		}
		spare = so->spare;
		so->spare = NULL;
		pthread_mutex_unlock(&so->w.mu);
	} else {
		struct bc_row *run = b->run;
		b->run = NULL; /* kept, spilled or let go */
		sort_rows(run, b->nrun, so->tmp);
		err_no = keep_or_spill(b, run);
		spare = so->spare;
		so->spare = NULL;
	}
	if (err_no) {
		free(spare);
		return spill_error(st, err_no, e);
	}
	b->run = spare; /* NULL: bycust_note takes a new one */
	b->nrun = 0;
	return 0;
}

int bycust_note(struct store *st, int64_t first_id, const struct rec_order_new *r, size_t n,
                struct err *e)
{
	struct bycust *b = st->bycust;
	if (!b || b->stale)
		return 0;
	if (first_id != b->last + 1) {
		go_stale(b); /* an id out of sequence: some insert went past the store */
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (r[i].cust < 0 || r[i].cust > (int64_t)UINT32_MAX) {
			go_stale(b);
			return 0;
		}
		if (b->nrun == b->cap && hand_over(st, e))
			return -1;
		if (!b->run)
			b->run = xmalloc(sizeof(*b->run) * b->cap);
		struct bc_row *w = &b->run[b->nrun++];
		w->key = (uint64_t)r[i].cust << 32 | (uint32_t)((int64_t)r[i].date - INT32_MIN);
		w->id = first_id + (int64_t)i;
		w->revenue = r[i].revenue;
		w->margin = r[i].margin;
	}
	b->last = first_id + (int64_t)n - 1;
	return 0;
}

/* ---- the fill ----
 *
 * The sorted rows are handed out one at a time (bycust_next) to one
 * INSERT ... SELECT from the connection's row source (SQLite: the virtual
 * table treue_bycust of store_sqlite.c), which binds nothing and runs one
 * statement for all rows — straight from memory when there is one run,
 * else merged (by the merger) from the runs in memory and the spilled
 * ones. */

/* One run being merged: a window of its rows (a spilled run), or all of
 * them (a run in memory: buf is the run's own, left 0). */
struct reader {
	struct bc_row *buf;
	size_t at, n; /* the window: buf[at..n) */
	size_t left;  /* rows of the run not yet read into the window */
	long off;     /* where the next read starts in the file */
	size_t run;   /* its number: ties go to the earlier run (smaller ids) */
	int own;      /* buf is the reader's (a spilled run's window) */
};

/* The merge runs on a thread of its own (the merger) and hands the rows
 * over in blocks: the fill's thread does nothing per row but take the next
 * one.  made and used count the blocks filled and given back; only the
 * merger touches the heap and the spill file until it is done. */
struct bc_iter {
	size_t next;       /* one run in memory: the next row */
	struct reader *rd; /* runs merged: each run's window */
	struct reader **heap;
	size_t k, nh;
	int advance; /* the heap's first row was handed out */
	int failed;  /* a read of the spill file failed (errno kept) */
	int err_no;
	struct bycust *b;
	struct worker w;
	int done;
	struct bc_row *blk[MERGE_BLOCKS];
	size_t len[MERGE_BLOCKS];
	uint64_t made, used;
	int holding; /* the fill holds block used % MERGE_BLOCKS ... */
	size_t at;   /* ... and takes its row at next */
};

static int reader_fill(struct bycust *b, struct reader *r)
{
	size_t want = r->left < READ_ROWS ? r->left : READ_ROWS;
	errno = 0;
	if (fseek(b->spill, r->off, SEEK_SET) ||
	    fread(r->buf, sizeof(*r->buf), want, b->spill) != want)
		return -1;
	r->off += (long)(want * sizeof(*r->buf));
	r->left -= want;
	r->at = 0;
	r->n = want;
	return 0;
}

static int before(const struct reader *x, const struct reader *y)
{
	uint64_t a = x->buf[x->at].key, c = y->buf[y->at].key;
	return a != c ? a < c : x->run < y->run;
}

static void sift_down(struct reader **h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && before(h[l], h[m]))
			m = l;
		if (l + 1 < n && before(h[l + 1], h[m]))
			m = l + 1;
		if (m == i)
			return;
		struct reader *t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void iter_failed(struct bc_iter *it)
{
	it->failed = 1;
	it->err_no = errno ? errno : EIO;
}

static void merger_start(struct bycust *b, struct bc_iter *it);

/* Once the sorter is done: sorts the last run, and starts merging it with
 * the others when there are others (the runs kept in memory, then the
 * spilled ones, in the order they were noted). */
static int iter_start(struct store *st, struct err *e)
{
	struct bycust *b = st->bycust;
	struct bc_iter *it = b->iter = xcalloc(1, sizeof(*it));
	sorter_stop(b);
	if (b->so.err_no)
		return spill_error(st, b->so.err_no, e);
	if (b->nrun) {
		if (!b->so.tmp)
			b->so.tmp = xmalloc(sizeof(*b->so.tmp) * b->cap);
		sort_rows(b->run, b->nrun, b->so.tmp);
	}
	free(b->so.tmp);
	b->so.tmp = NULL;
	if (!b->nkept && !b->nspilled)
		return 0; /* one run, in memory: handed out as it is */
	it->k = b->nkept + b->nspilled + (b->nrun > 0);
	it->rd = xcalloc(it->k, sizeof(*it->rd));
	it->heap = xcalloc(it->k, sizeof(*it->heap));
	for (size_t i = 0; i < it->k; i++) {
		struct reader *r = &it->rd[i];
		r->run = i;
		if (i < b->nkept || i == b->nkept + b->nspilled) {
			r->buf = i < b->nkept ? b->kept[i] : b->run;
			r->n = i < b->nkept ? b->cap : b->nrun;
		} else {
			r->own = 1;
			r->buf = xmalloc(sizeof(*r->buf) * READ_ROWS);
			r->left = b->cap;
			r->off = (long)((i - b->nkept) * b->cap * sizeof(struct bc_row));
			if (!it->failed && reader_fill(b, r))
				iter_failed(it);
		}
		if (r->n)
			it->heap[it->nh++] = r;
	}
	for (size_t i = it->nh; i-- > 0;)
		sift_down(it->heap, it->nh, i);
	merger_start(b, it);
	return 0;
}

/* Stops the merger (where it is: the rows not merged are not wanted). */
static void merger_stop(struct bc_iter *it)
{
	if (it)
		worker_stop(&it->w);
}

static void iter_free(struct bc_iter *it)
{
	if (!it)
		return;
	merger_stop(it);
	for (int i = 0; i < MERGE_BLOCKS; i++)
		free(it->blk[i]);
	for (size_t i = 0; i < it->k; i++)
		if (it->rd[i].own)
			free(it->rd[i].buf);
	free(it->rd);
	free(it->heap);
	free(it);
}

/* The next row of the merge (the merger's, or the fill's own without one). */
static const struct bc_row *merge_next(struct bycust *b, struct bc_iter *it)
{
	if (it->failed)
		return NULL;
	if (it->advance) { /* the row handed out last time is done with */
		struct reader *r = it->heap[0];
		it->advance = 0;
		if (++r->at == r->n) {
			if (r->left && reader_fill(b, r)) {
				iter_failed(it);
				return NULL;
			}
			if (r->at == r->n)
				it->heap[0] = it->heap[--it->nh];
		}
		sift_down(it->heap, it->nh, 0);
	}
	if (!it->nh)
		return NULL;
	it->advance = 1;
	return &it->heap[0]->buf[it->heap[0]->at];
}

static void *merger_main(void *arg)
{
	struct bc_iter *it = arg;
	for (;;) {
		pthread_mutex_lock(&it->w.mu);
		while (it->made - it->used == MERGE_BLOCKS && !it->w.quit)
			pthread_cond_wait(&it->w.cv, &it->w.mu);
		int quit = it->w.quit;
		pthread_mutex_unlock(&it->w.mu);
		if (quit)
			break;
		size_t slot = (size_t)(it->made % MERGE_BLOCKS), n = 0;
		struct bc_row *dst = it->blk[slot];
		const struct bc_row *r;
		while (n < MERGE_ROWS && (r = merge_next(it->b, it)))
			dst[n++] = *r;
		pthread_mutex_lock(&it->w.mu);
		it->len[slot] = n;
		if (n)
			it->made++;
		if (n < MERGE_ROWS)
			it->done = 1;
		pthread_cond_broadcast(&it->w.cv);
		int done = it->done;
		pthread_mutex_unlock(&it->w.mu);
		if (done)
			break;
	}
	return NULL;
}

/* Starts the merger; without a thread the fill merges itself. */
static void merger_start(struct bycust *b, struct bc_iter *it)
{
	it->b = b;
	for (int i = 0; i < MERGE_BLOCKS; i++)
		it->blk[i] = xmalloc(sizeof(*it->blk[i]) * MERGE_ROWS);
	worker_start(&it->w, merger_main, it);
}

const struct bc_row *bycust_next(struct store *st)
{
	struct bycust *b = st->bycust;
	struct bc_iter *it = b ? b->iter : NULL;
	if (!it)
		return NULL;
	if (!it->k)
		return it->next < b->nrun ? &b->run[it->next++] : NULL;
	if (!it->w.started)
		return merge_next(b, it);
	size_t slot = (size_t)(it->used % MERGE_BLOCKS);
	if (it->holding && it->at < it->len[slot])
		return &it->blk[slot][it->at++];
	pthread_mutex_lock(&it->w.mu);
	if (it->holding) { /* its rows are done with: the merger may fill it again */
		it->used++;
		it->holding = 0;
		pthread_cond_broadcast(&it->w.cv);
	}
	while (it->used == it->made && !it->done)
		pthread_cond_wait(&it->w.cv, &it->w.mu);
	int more = it->used < it->made;
	pthread_mutex_unlock(&it->w.mu);
	if (!more)
		return NULL;
	slot = (size_t)(it->used % MERGE_BLOCKS);
	it->holding = 1;
	it->at = 1;
	return &it->blk[slot][0];
}

int bycust_finish(struct store *st, struct err *e)
{
	struct bycust *b = st->bycust;
	if (!b)
		return 0;
	int rc = 0;
	if (!b->stale) {
		/* an insert that went past the store leaves a larger id behind */
		struct stmt *s = store_stmt(st, ST_DS_ORDER_BOUND);
		int r = stmt_step(s, e);
		if (r < 0)
			rc = -1;
		else if (r == 1 && col_int(s, 0) != b->last)
			go_stale(b);
		stmt_reset(s);
	}
	if (rc == 0 && b->stale) {
		struct stmt *s = store_stmt(st, ST_BYCUST_FILL);
		stmt_int(s, 1, b->bound);
		rc = stmt_exec(s, e);
	} else if (rc == 0) {
		rc = iter_start(st, e);
		if (rc == 0)
			rc = stmt_exec(store_stmt(st, ST_BYCUST_PUT_ROWS), e);
		merger_stop(b->iter);
		if (b->iter->failed)
			rc = err_set(e,
			             L(e->lang,
			               "%s: cannot read back a temporary file beside it: %s",
			               "%s: eine temporäre Datei daneben lässt sich nicht "
			               "zurücklesen: %s"),
			             store_path(st), strerror(b->iter->err_no));
	}
	if (rc == 0)
		rc = stmt_exec(store_stmt(st, ST_BYCUST_TRIGGER_CREATE), e);
	bycust_discard(st);
	return rc ? -1 : 0;
}
