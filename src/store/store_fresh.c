/*
 * store_fresh.c — customers numbered ahead of the store: the first load of
 * orders into a database without customers.
 *
 * Every customer such a file names is new, so the thread that parses the
 * file can give each customer id its key itself, in the order the ids
 * first appear (store_keys, a map of that thread's own), and the writing
 * thread needs neither a lookup in its cache nor one in the customer
 * table: it creates the customer under that key (store_customer_add), and
 * the store inserts the new customers many rows per statement.  Until they
 * are inserted they are "pending": they are inserted, in the order of
 * their ids, when PENDING of them are, before the store looks up any customer
 * (store_customer_key), at store_customers_flush and at the commit; a
 * rollback forgets them with the rest (store_forget_cache).  Orders that
 * name them may be written before them: an import's transaction checks no
 * foreign keys (store_bulk_writes), and all of it commits or none.
 *
 * Only a backend whose keys the store may choose (SQLite: a customer's key
 * is its rowid) numbers ahead; PostgreSQL takes a file of orders as one
 * stream and numbers its own.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

struct store_keys {
	struct custkeys map;
	int64_t next;
};

struct fresh_customer {
	int64_t key;
	size_t id, name;         /* offsets in text; name SIZE_MAX: none */
	const char *idp, *namep; /* the same as pointers, while flushing */
};

/* Customers pending at most: inserted in the order of their ids, the
 * unique index on them takes them as one pass from left to right. */
#define PENDING 4096

struct fresh {
	struct fresh_customer rows[PENDING];
	size_t n;
	struct strbuf text;
};

struct store_keys *store_keys_new(int64_t next)
{
	struct store_keys *k = xcalloc(1, sizeof(*k));
	k->next = next;
	return k;
}

int64_t store_keys_take(struct store_keys *k, const char *customer_id, uint64_t hash, int *is_new)
{
	int64_t key;
	*is_new = !custkeys_get_hashed(&k->map, customer_id, hash, &key);
	if (*is_new) {
		key = k->next++;
		custkeys_put_hashed(&k->map, customer_id, hash, key);
	}
	return key;
}

void store_keys_prefetch(const struct store_keys *k, uint64_t hash)
{
	custkeys_prefetch(&k->map, hash);
}

void store_keys_free(struct store_keys *k)
{
	if (!k)
		return;
	custkeys_release(&k->map);
	free(k);
}

int store_fresh_customers(struct store *st, int64_t *next, struct err *e)
{
	if (store_orders_streamed(st) || !st->be->in_transaction(st))
		return 0;
	if (store_customers_flush(st, e))
		return -1;
	struct stmt *s = store_stmt(st, ST_CUSTOMER_ANY);
	int rc = stmt_step(s, e);
	stmt_reset(s);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return 0;
	*next = 1;
	return 1;
}

static void bind_customer(struct stmt *s, int at, const struct fresh_customer *c)
{
	stmt_int(s, at + 1, c->key);
	stmt_text_kept(s, at + 2, c->idp);
	if (c->namep)
		stmt_text_kept(s, at + 3, c->namep);
	else
		stmt_null(s, at + 3);
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct fresh_customer *)a)->idp,
	              ((const struct fresh_customer *)b)->idp);
}

int store_customers_flush(struct store *st, struct err *e)
{
	struct fresh *f = st->fresh;
	if (!f || !f->n)
		return 0;
	for (size_t i = 0; i < f->n; i++) {
		struct fresh_customer *c = &f->rows[i];
		c->idp = f->text.buf + c->id;
		c->namep = c->name == SIZE_MAX ? NULL : f->text.buf + c->name;
	}
	/* byte order, as the index on customer_id (BINARY) keeps them */
	qsort(f->rows, f->n, sizeof(*f->rows), by_id);
	int rc = 0;
	size_t i = 0;
	for (; i + STORE_NEW_CUSTOMERS <= f->n && !rc; i += STORE_NEW_CUSTOMERS) {
		struct stmt *s = store_stmt(st, ST_CUSTOMERS_ADD);
		for (size_t k = 0; k < STORE_NEW_CUSTOMERS; k++)
			bind_customer(s, 3 * (int)k, &f->rows[i + k]);
		rc = stmt_exec(s, e);
	}
	for (; i < f->n && !rc; i++) {
		struct stmt *s = store_stmt(st, ST_CUSTOMER_ADD);
		bind_customer(s, 0, &f->rows[i]);
		rc = stmt_exec(s, e);
	}
	f->n = 0;
	sb_reset(&f->text);
	return rc;
}

int store_customer_add(struct store *st, const char *customer_id, int64_t key, const char *name,
                       struct err *e)
{
	struct fresh *f = st->fresh;
	if (!f) {
		f = st->fresh = xcalloc(1, sizeof(*f));
		sb_init(&f->text);
	}
	struct fresh_customer *c = &f->rows[f->n++];
	c->key = key;
	c->id = f->text.len;
	sb_add(&f->text, customer_id, strlen(customer_id) + 1);
	c->name = SIZE_MAX;
	if (name) {
		c->name = f->text.len;
		sb_add(&f->text, name, strlen(name) + 1);
	}
	return f->n == PENDING ? store_customers_flush(st, e) : 0;
}

void store_customers_forget(struct store *st)
{
	if (!st->fresh)
		return;
	sb_release(&st->fresh->text);
	free(st->fresh);
	st->fresh = NULL;
}
