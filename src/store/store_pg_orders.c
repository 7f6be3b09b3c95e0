/*
 * store_pg_orders.c — the orders batch on PostgreSQL (store.h,
 * store_orders_*): the rows go as COPY text into a temporary staging
 * table (in chunks of a few megabytes, whatever other statements run in
 * between), and a few set-based statements write them:
 *
 *   1. each staged row learns the id of the order the store has under its
 *      order id (or, without one, its content hash), one probe per row;
 *      the order ids that come more than once in the batch are noted;
 *   2. the customers no row of the store knows are created, with ids in
 *      the order of their first row (as SQLite creates them row by row),
 *      named by that row's name when it has one;
 *   3. the new orders — rows the store does not have, the first of each
 *      repeated order id — are inserted in one INSERT ... SELECT, with ids
 *      in row order;
 *   4. the corrections: the rows of orders the store had, and every row of
 *      a repeated order id, whose values differ, are read back in row order
 *      and compared here with the order as the rows before left it (the
 *      rules of store_rows.c: an absent margin changes nothing); each order
 *      that changed is updated once, each change handed to on_change.
 *
 * So the result equals store_put_order_diff row by row — the same ids, the
 * same corrections in the same order — in a handful of statements however
 * many rows come.  The content hashes are computed here as there
 * (store_order_hash), numbering identical rows of one batch.
 */
#include <stdlib.h>
#include <string.h>

#include "store_pg.h"

#define STAGE "treue_stage_orders"
#define REPEATED "treue_stage_repeated"

static const char *const stage_copy =
    "COPY " STAGE "(seq, customer_id, order_id, date, revenue, margin, row_hash, name) "
    "FROM STDIN";

int pg_orders_begin(struct store *st, struct err *e)
{
	struct pg *c = pg_conn(st);
	if (PQtransactionStatus(c->c) == PQTRANS_IDLE)
		return err_set(e, "%s: a batch of orders needs a write transaction", st->path);
	c->batch_seq = 0;
	return pg_exec(st,
	               "CREATE TEMP TABLE IF NOT EXISTS " STAGE "(seq bigint,"
	               " customer_id text COLLATE \"C\", order_id text COLLATE \"C\","
	               " date integer, revenue bigint, margin bigint, row_hash bigint,"
	               " name text COLLATE \"C\", old bigint) ON COMMIT DELETE ROWS;"
	               "CREATE TEMP TABLE IF NOT EXISTS " REPEATED "(order_id text COLLATE \"C\","
	               " first bigint) ON COMMIT DELETE ROWS;"
	               "TRUNCATE " STAGE ", " REPEATED,
	               e);
}

int pg_orders_put(struct store *st, const struct rec_order *r, int64_t hash, const char *name,
                  struct err *e)
{
	struct pg *c = pg_conn(st);
	struct pg_copy *k = &c->stage;
	int has_id = r->order_id && *r->order_id;
	if (pg_copy_begin(st, k, stage_copy, e))
		return -1;
	pg_copy_int(k, 1, ++c->batch_seq);
	pg_copy_text(k, 0, r->customer_id, SIZE_MAX);
	pg_copy_text(k, 0, has_id ? r->order_id : NULL, SIZE_MAX);
	pg_copy_int(k, 0, r->date);
	pg_copy_int(k, 0, r->revenue);
	if (r->margin == MONEY_NONE)
		pg_copy_null(k, 0);
	else
		pg_copy_int(k, 0, r->margin);
	if (has_id)
		pg_copy_null(k, 0);
	else
		pg_copy_int(k, 0, hash);
	pg_copy_text(k, 0, name, SIZE_MAX);
	return pg_copy_end(st, k, e);
}

void pg_orders_abort(struct store *st)
{
	struct pg *c = pg_conn(st);
	sb_reset(&c->stage.buf);
	c->batch_seq = 0;
}

static int64_t count_of(PGresult *r)
{
	return strtoll(PQcmdTuples(r), NULL, 10);
}

/* 1: the order each row names, by order id or content hash; the order ids
 * that come more than once */
static const char *const probe_ids =
    "UPDATE " STAGE " s SET old = o.id FROM orders o WHERE o.order_id = s.order_id";
static const char *const probe_hashes = "UPDATE " STAGE " s SET old = o.id FROM orders o "
                                        "WHERE s.order_id IS NULL AND o.row_hash = s.row_hash";
static const char *const repeated =
    "INSERT INTO " REPEATED " SELECT order_id, min(seq) FROM " STAGE
    " WHERE order_id IS NOT NULL GROUP BY order_id HAVING count(*) > 1";

/* 2: the customers the rows name and the store does not know */
static const char *const new_customers =
    "WITH f AS (SELECT customer_id, min(seq) AS seq FROM " STAGE " GROUP BY customer_id) "
    "INSERT INTO customer(id, customer_id, name, created_by_import) "
    "SELECT b.base + row_number() OVER (ORDER BY f.seq), f.customer_id, s.name, 1 "
    "FROM f JOIN " STAGE " s ON s.seq = f.seq "
    "CROSS JOIN (SELECT coalesce(max(id), 0) AS base FROM customer) b "
    "WHERE NOT EXISTS (SELECT 1 FROM customer c WHERE c.customer_id = f.customer_id)";

/* 3: the new orders, numbered in row order */
static const char *const new_orders =
    "INSERT INTO orders(id, cust, date, revenue, margin, order_id, row_hash) "
    "SELECT b.base + row_number() OVER (ORDER BY s.seq), c.id, s.date, s.revenue, s.margin, "
    "s.order_id, s.row_hash FROM " STAGE " s JOIN customer c ON c.customer_id = s.customer_id "
    "CROSS JOIN (SELECT coalesce(max(id), 0) AS base FROM orders) b "
    "WHERE s.old IS NULL AND NOT EXISTS (SELECT 1 FROM " REPEATED " r "
    "WHERE r.order_id = s.order_id AND r.first <> s.seq)";

/* 4: the rows that may correct an order, with the order as it is */
static const char *const candidates =
    "SELECT s.seq, s.order_id, k.id, s.customer_id, s.date, s.revenue, s.margin, "
    "o.id, o.cust, oc.customer_id, o.date, o.revenue, o.margin "
    "FROM " STAGE " s JOIN customer k ON k.customer_id = s.customer_id "
    "JOIN orders o ON o.order_id = s.order_id JOIN customer oc ON oc.id = o.cust "
    "WHERE s.order_id IS NOT NULL AND (s.order_id IN (SELECT order_id FROM " REPEATED ") "
    "OR (s.old IS NOT NULL AND (o.cust <> k.id OR o.date <> s.date OR o.revenue <> s.revenue "
    "OR (s.margin IS NOT NULL AND o.margin IS DISTINCT FROM s.margin)))) "
    "ORDER BY s.seq";

/* An order as the rows so far leave it. */
struct ord_state {
	int64_t id, cust, revenue, margin;
	const char *cust_text;
	day_t date;
	int dirty;
};

static int64_t int_or(PGresult *r, int row, int col, int64_t none)
{
	return PQgetisnull(r, row, col) ? none : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static int corrections(struct store *st, PGresult *r, store_change_fn on_change, void *arg,
                       int64_t *corrected, struct err *e)
{
	int n = PQntuples(r), nstate = 0, rc = 0;
	struct ord_state *state = xcalloc((size_t)n + 1, sizeof(*state));
	struct strmap at = {0};
	struct strbuf changes = STRBUF_INIT, d = STRBUF_INIT;
	for (int i = 0; i < n; i++) {
		const char *oid = PQgetvalue(r, i, 1);
		int64_t *k = strmap_get(&at, oid);
		struct ord_state *o;
		if (k) {
			o = &state[*k];
		} else {
			o = &state[nstate];
			o->id = int_or(r, i, 7, 0);
			o->cust = int_or(r, i, 8, 0);
			o->cust_text = PQgetvalue(r, i, 9);
			o->date = (day_t)int_or(r, i, 10, 0);
			o->revenue = int_or(r, i, 11, 0);
			o->margin = int_or(r, i, 12, MONEY_NONE);
			strmap_put(&at, oid, nstate++);
		}
		int64_t cust = int_or(r, i, 2, 0), revenue = int_or(r, i, 5, 0);
		int64_t margin = int_or(r, i, 6, MONEY_NONE);
		const char *cust_text = PQgetvalue(r, i, 3);
		day_t date = (day_t)int_or(r, i, 4, 0);
		sb_reset(&d);
		if (o->cust != cust)
			store_diff_text(&d, "customer", o->cust_text, cust_text);
		store_diff_day(&d, "date", o->date, date);
		store_diff_money(&d, "revenue", o->revenue, revenue);
		store_diff_money(&d, "margin", o->margin, margin);
		if (!d.len)
			continue;
		sb_addf(&changes, "order %s: %s", oid, d.buf);
		sb_addch(&changes, '\0');
		(*corrected)++;
		o->cust = cust;
		o->cust_text = cust_text;
		o->date = date;
		o->revenue = revenue;
		if (margin != MONEY_NONE)
			o->margin = margin;
		o->dirty = 1;
	}
	for (int i = 0; !rc && i < nstate; i++) {
		if (!state[i].dirty)
			continue;
		struct stmt *s = store_stmt(st, ST_ORDER_CORRECT);
		stmt_int(s, 1, state[i].id);
		stmt_int(s, 2, state[i].cust);
		stmt_int(s, 3, state[i].date);
		stmt_int(s, 4, state[i].revenue);
		stmt_int_or_null(s, 5, state[i].margin, MONEY_NONE);
		rc = stmt_exec(s, e);
	}
	for (size_t off = 0; !rc && off < changes.len; off += strlen(changes.buf + off) + 1)
		if (on_change)
			rc = on_change(arg, changes.buf + off, e);
	strmap_release(&at);
	sb_release(&changes);
	sb_release(&d);
	free(state);
	return rc;
}

int pg_orders_end(struct store *st, store_change_fn on_change, void *arg,
                  struct store_orders_counts *n, struct err *e)
{
	struct pg *c = pg_conn(st);
	int64_t rows = c->batch_seq, created, inserted, corrected = 0;
	PGresult *r;
	c->batch_seq = 0;
	if (pg_copy_send(st, &c->stage, e) || pg_flush(st, e))
		return -1;
	if (!rows)
		return 0;
	if (pg_lock_table(st, pg_table_key("customer", 8), e) ||
	    pg_lock_table(st, pg_table_key("orders", 6), e) || pg_exec(st, "ANALYZE " STAGE, e) ||
	    pg_exec(st, probe_ids, e) || pg_exec(st, probe_hashes, e) || pg_exec(st, repeated, e) ||
	    !(r = pg_query(st, new_customers, 0, NULL, e)))
		return -1;
	created = count_of(r);
	PQclear(r);
	if (!(r = pg_query(st, new_orders, 0, NULL, e)))
		return -1;
	inserted = count_of(r);
	PQclear(r);
	if (!(r = pg_query(st, candidates, 0, NULL, e)))
		return -1;
	int rc = corrections(st, r, on_change, arg, &corrected, e);
	PQclear(r);
	if (rc)
		return -1;
	n->created += created;
	n->inserted += inserted;
	n->corrected += corrected;
	n->present += rows - inserted - corrected;
	if (inserted >= 100000)
		c->vacuum_after = 1;
	return 0;
}
