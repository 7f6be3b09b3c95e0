/*
 * store_orders.c — many orders written as one batch (store.h): the
 * generic path writes each row as it comes (store_put_order_diff, the
 * customer's name filled when the row created it) and hands the
 * corrections over at the end; a backend with its own batch (PostgreSQL:
 * COPY into a staging table, one merge) gets the rows with their content
 * hashes instead.  Either way the corrections reach on_change in row order
 * after the last row, so the audit trail reads the same on every backend.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

struct store_orders {
	struct store *st;
	int own;                      /* the backend's batch */
	struct store_orders_counts n; /* generic path */
	struct strbuf changes;        /* generic path: texts, each ended by '\0' */
	struct strbuf change;
};

int store_orders_streamed(const struct store *st)
{
	return st->be->orders_begin != NULL;
}

int store_orders_begin(struct store *st, struct store_orders **out, struct err *e)
{
	struct store_orders *b = xcalloc(1, sizeof(*b));
	b->st = st;
	b->own = st->be->orders_begin != NULL;
	sb_init(&b->changes);
	sb_init(&b->change);
	if (b->own && st->be->orders_begin(st, e)) {
		free(b);
		return -1;
	}
	*out = b;
	return 0;
}

int store_orders_put(struct store_orders *b, const struct rec_order *r, const char *name,
                     struct err *e)
{
	struct store *st = b->st;
	if (b->own) {
		if (!r->customer_id || !*r->customer_id)
			return err_set(e, L(e->lang, "customer id missing", "Kundennummer fehlt"));
		int has_id = r->order_id && *r->order_id;
		return st->be->orders_put(st, r, has_id ? 0 : store_order_hash(st, r), name, e);
	}
	int64_t created = 0;
	sb_reset(&b->change);
	int rc = store_put_order_diff(st, r, &created, &b->change, e);
	if (rc < 0)
		return -1;
	if (created && name && store_fill_customer_name(st, r->customer_id, name, e))
		return -1;
	b->n.created += created;
	if (rc == 1)
		b->n.inserted++;
	else if (rc == 2) {
		b->n.corrected++;
		sb_add(&b->changes, b->change.buf, b->change.len + 1);
	} else
		b->n.present++;
	return 0;
}

static void release(struct store_orders *b)
{
	sb_release(&b->changes);
	sb_release(&b->change);
	free(b);
}

int store_orders_end(struct store_orders *b, store_change_fn on_change, void *arg,
                     struct store_orders_counts *n, struct err *e)
{
	struct store *st = b->st;
	int rc = 0;
	if (b->own) {
		rc = st->be->orders_end(st, on_change, arg, n, e);
	} else {
		for (size_t off = 0; !rc && off < b->changes.len;
		     off += strlen(b->changes.buf + off) + 1)
			if (on_change)
				rc = on_change(arg, b->changes.buf + off, e);
		n->inserted += b->n.inserted;
		n->present += b->n.present;
		n->corrected += b->n.corrected;
		n->created += b->n.created;
	}
	release(b);
	return rc ? -1 : 0;
}

void store_orders_abort(struct store_orders *b)
{
	if (!b)
		return;
	if (b->own)
		b->st->be->orders_abort(b->st);
	release(b);
}
