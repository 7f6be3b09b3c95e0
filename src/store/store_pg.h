/*
 * store_pg.h — what the PostgreSQL backend's files share (store_pg.c:
 * connection, transactions, statements, COPY; store_pg_orders.c: the
 * orders batch; stmt_pg.c and schema_pg.c: its statement forms and
 * migrations).  Not for use outside src/store/.
 */
#ifndef TREUE_STORE_PG_H
#define TREUE_STORE_PG_H

#include <libpq-fe.h>

#include "store_int.h"

/* How a statement's rows are read (stmt_pg.def). */
#define PG_STREAM 1 /* through a binary cursor, in chunks (inside a transaction) */

struct pg_form {
	const char *sql; /* NULL: the SQLite text with $N for ?N */
	int flags;
};
extern const struct pg_form store_sql_pg[ST__COUNT];
extern const char *const store_migrations_pg[];
extern const int store_migration_count_pg;

/* SQLite's strftime('%Y-%m-%dT%H:%M:%SZ','now'): the statement's time in UTC. */
#define PG_NOW "to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* 1 when the PostgreSQL form of statement id takes the parameters its
 * SQLite text takes (as many; a COPY: as many columns) — a form in
 * stmt_pg.def that fell behind a change of the SQLite text fails this
 * (stmt_pg.c; a unit test asks for every statement). */
int store_pg_form_matches(enum db_stmt id);

/* The advisory lock every write transaction takes: one writer at a time
 * per database, as SQLite's BEGIN IMMEDIATE gives. */
#define PG_WRITE_LOCK "7598324012345"
/* The first key of the table locks (pg_lock_table): who inserts rows with
 * ids into a table holds its lock, so no two draw the same largest id plus
 * one.  A write transaction takes them as it goes; a single write outside a
 * transaction takes only its table's, so that logging in or caching a fit
 * does not wait for an import (which holds the write lock until it
 * commits). */
#define PG_TABLE_LOCK "759832"

/* The lock key of a table (a hash of its name, never 0). */
int pg_table_key(const char *name, size_t n);
/* Takes the lock of table key for the running transaction (once). */
int pg_lock_table(struct store *st, int key, struct err *e);

struct pg_param {
	const char *v; /* NULL: NULL */
	char num[32];
	char *heap;
	size_t cap;
};

struct pg_stmt {
	struct stmt base;
	char *sql;     /* the PostgreSQL text */
	char *declare; /* PG_STREAM: DECLARE ... CURSOR FOR sql */
	int flags;
	int prepared;
	int nparams;
	int write, copy;
	int table_lock; /* an INSERT or COPY into a table with ids: its lock (pg_lock_table) */
	struct pg_param *par;
	PGresult *res; /* the rows of the last run or fetch */
	int row, nrows, ran, binary;
	int cursor;         /* a cursor is open */
	unsigned cursor_tx; /* in the transaction with this serial */
};

/* COPY rows collected as text for the COPY command sql, sent as one
 * COPY when enough are there or when the owner says. */
struct pg_copy {
	const char *sql;
	struct strbuf buf;
};

struct pg {
	PGconn *c;
	int readonly, listening;
	int standby;       /* the server is a standby: read only */
	char snapshot[64]; /* the next read transaction imports it (share_snapshot) */
	unsigned tx;       /* serial of the current (or last) transaction */
	int locked[16];    /* the table locks taken in transaction locked_tx */
	int nlocked;
	unsigned locked_tx;
	struct pg_stmt stmts[ST__COUNT];
	/* the rows of COPY statements: sent before any other command */
	struct pg_copy copy;
	/* the orders batch (store_pg_orders.c): its staging rows, sent when
	 * enough are there and at its end */
	struct pg_copy stage;
	int64_t batch_seq;
	int vacuum_after; /* a large batch committed: refresh statistics */
};

static inline struct pg *pg_conn(struct store *st)
{
	return st->conn;
}

/* An error of the connection or of result r (may be NULL), after what. */
int pg_error(struct store *st, struct err *e, const char *what, const PGresult *r);
/* Sends the rows of k collected so far. */
int pg_copy_send(struct store *st, struct pg_copy *k, struct err *e);
/* Sends the COPY statements' rows collected so far. */
int pg_flush(struct store *st, struct err *e);
/* Runs a command of the backend's own (no parameters), after pg_flush. */
int pg_exec(struct store *st, const char *sql, struct err *e);
/* Runs a query with text parameters; the result (tuples or command ok)
 * for PQclear, or NULL with e filled. */
PGresult *pg_query(struct store *st, const char *sql, int n, const char *const *vals,
                   struct err *e);
/* COPY rows: pg_copy_begin starts a row of the COPY sql in k (sending the
 * rows of another COPY first), the fields follow in order, pg_copy_end
 * ends the row and sends the rows when enough are collected. */
int pg_copy_begin(struct store *st, struct pg_copy *k, const char *sql, struct err *e);
void pg_copy_text(struct pg_copy *k, int first, const char *v, size_t n);
void pg_copy_int(struct pg_copy *k, int first, int64_t v);
void pg_copy_null(struct pg_copy *k, int first);
int pg_copy_end(struct store *st, struct pg_copy *k, struct err *e);

/* store_pg_orders.c */
int pg_orders_begin(struct store *st, struct err *e);
int pg_orders_put(struct store *st, const struct rec_order *r, int64_t hash, const char *name,
                  struct err *e);
int pg_orders_end(struct store *st, store_change_fn on_change, void *arg,
                  struct store_orders_counts *n, struct err *e);
void pg_orders_abort(struct store *st);

#endif
