/*
 * store_copy.c — one whole database copied into another, table by table
 * (treue migrate): every column read in id order from the source and
 * written with the same ids into the destination, inside one write
 * transaction there; the row counts of every table, which the caller
 * compares afterwards.  Written over store.h only, so it copies between
 * any two backends (SQLite to PostgreSQL and back); PostgreSQL receives
 * the rows through COPY (its forms of the ST_CP_PUT_* statements).
 */
#include <string.h>

#include "store_int.h"

/* Column types of a table, one letter per column: i integer, r real,
 * t text. */
struct copy_table {
	const char *name;
	enum db_stmt get, put, count;
	const char *types;
};

/* In the order the foreign keys need: customers before what refers to them.
 * Not stamp_log: the stamps a database has had are its own; the copied
 * stamp enters the new database's log through its trigger.  Not
 * orders_by_cust: the orders' own copy in customer order (store_bycust.c). */
static const struct copy_table tables[] = {
    {"customer", ST_CP_GET_CUSTOMER, ST_CP_PUT_CUSTOMER, ST_CP_COUNT_CUSTOMER, "itttttiiii"},
    {"orders", ST_CP_GET_ORDERS, ST_CP_PUT_ORDERS, ST_CP_COUNT_ORDERS, "iiiiiti"},
    {"survey", ST_CP_GET_SURVEY, ST_CP_PUT_SURVEY, ST_CP_COUNT_SURVEY, "iiiiiiti"},
    {"dialog", ST_CP_GET_DIALOG, ST_CP_PUT_DIALOG, ST_CP_COUNT_DIALOG, "iiittttttii"},
    {"promise", ST_CP_GET_PROMISE, ST_CP_PUT_PROMISE, ST_CP_COUNT_PROMISE, "iiiitttiii"},
    {"complaint", ST_CP_GET_COMPLAINT, ST_CP_PUT_COMPLAINT, ST_CP_COUNT_COMPLAINT,
     "iiittttittttttit"},
    {"story", ST_CP_GET_STORY, ST_CP_PUT_STORY, ST_CP_COUNT_STORY, "iititttti"},
    {"referral", ST_CP_GET_REFERRAL, ST_CP_PUT_REFERRAL, ST_CP_COUNT_REFERRAL, "iiiii"},
    {"departure", ST_CP_GET_DEPARTURE, ST_CP_PUT_DEPARTURE, ST_CP_COUNT_DEPARTURE, "iiitti"},
    {"setting", ST_CP_GET_SETTING, ST_CP_PUT_SETTING, ST_CP_COUNT_SETTING, "tt"},
    {"meta", ST_CP_GET_META, ST_CP_PUT_META, ST_CP_COUNT_META, "ti"},
    {"audit", ST_CP_GET_AUDIT, ST_CP_PUT_AUDIT, ST_CP_COUNT_AUDIT, "ittttii"},
    {"fit", ST_CP_GET_FIT, ST_CP_PUT_FIT, ST_CP_COUNT_FIT, "itiitrit"},
    {"users", ST_CP_GET_USERS, ST_CP_PUT_USERS, ST_CP_COUNT_USERS, "itttttiiii"},
    {"sessions", ST_CP_GET_SESSIONS, ST_CP_PUT_SESSIONS, ST_CP_COUNT_SESSIONS, "ititiit"},
    {"api_tokens", ST_CP_GET_API_TOKENS, ST_CP_PUT_API_TOKENS, ST_CP_COUNT_API_TOKENS,
     "itittitiii"},
};

const int store_copy_ntables = (int)ARRAY_SIZE(tables);

const char *store_copy_table(int i)
{
	return tables[i].name;
}

int store_copy_columns(int i)
{
	return (int)strlen(tables[i].types);
}

/* The tables a fresh database has rows in: meta (the data version). */
static int filled_when_new(const char *name)
{
	return !strcmp(name, "meta");
}

static int copy_table(struct store *from, struct store *to, const struct copy_table *t,
                      int64_t *rows, struct err *e)
{
	struct stmt *get = store_stmt(from, t->get);
	int rc;
	*rows = 0;
	while ((rc = stmt_step(get, e)) == 1) {
		struct stmt *put = store_stmt(to, t->put);
		for (int c = 0; t->types[c]; c++) {
			if (col_isnull(get, c))
				stmt_null(put, c + 1);
			else if (t->types[c] == 'r')
				stmt_double(put, c + 1, col_double(get, c));
			else if (t->types[c] == 't')
				stmt_text(put, c + 1, col_text(get, c));
			else
				stmt_int(put, c + 1, col_int(get, c));
		}
		if (stmt_exec(put, e)) {
			rc = -1;
			break;
		}
		(*rows)++;
	}
	stmt_reset(get);
	return rc < 0 ? -1 : 0;
}

int store_copy(struct store *from, struct store *to, int64_t *counts, struct err *e)
{
	if (store_begin_read(from, e))
		return -1;
	if (store_begin(to, e)) {
		store_end_read(from);
		return -1;
	}
	/* orders_by_cust is not copied: the orders fill it, in one sort at the
	 * commit rather than through its trigger row by row */
	if (store_orders_bulk_begin(to, e))
		goto fail;
	for (int i = 0; i < store_copy_ntables; i++)
		if (copy_table(from, to, &tables[i], &counts[i], e))
			goto fail;
	if (store_commit(to, e))
		goto fail;
	store_end_read(from);
	store_forget_cache(to);
	return 0;
fail:
	store_rollback(to);
	store_end_read(from);
	return -1;
}

int store_copy_count(struct store *st, int64_t *counts, struct err *e)
{
	if (store_begin_read(st, e))
		return -1;
	for (int i = 0; i < store_copy_ntables; i++) {
		struct stmt *s = store_stmt(st, tables[i].count);
		int rc = stmt_step(s, e);
		counts[i] = rc == 1 ? col_int(s, 0) : 0;
		stmt_reset(s);
		if (rc < 0) {
			store_end_read(st);
			return -1;
		}
	}
	store_end_read(st);
	return 0;
}

int store_copy_empty(struct store *st, struct err *e)
{
	int64_t counts[ARRAY_SIZE(tables)];
	if (store_copy_count(st, counts, e))
		return -1;
	for (int i = 0; i < store_copy_ntables; i++)
		if (counts[i] && !filled_when_new(tables[i].name))
			return 0;
	return 1;
}
