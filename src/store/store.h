/*
 * store.h — the one storage API.  Callers address SQL by statement number
 * (enum db_stmt, generated from the stmt_*.def tables) and bind every
 * parameter; no SQL text is ever built from values.  Every function here
 * goes through a backend table (store_int.h): SQLite for a file,
 * PostgreSQL for a postgresql:// or postgres:// URL, and nothing outside
 * src/store/ knows which one it talks to.
 *
 * Conventions: money is int64 cents, dates are day_t (days since
 * 1970-01-01), survey scores are tenths (0..100).  Functions return 0 on
 * success and -1 with `struct err` filled on failure, unless said otherwise.
 * A connection is used by one thread at a time.
 */
#ifndef TREUE_STORE_H
#define TREUE_STORE_H

#include <stdint.h>

#include "util.h"
#include "vocab.h"

enum db_stmt {
#define STMT(id, sql) id,
#include "stmt_core.def"
#include "stmt_import.def"
#include "stmt_journal.def"
#include "stmt_fit.def"
#include "stmt_web.def"
#include "stmt_copy.def"
#include "stmt_api.def"
#undef STMT
	ST__COUNT
};

struct store;
struct stmt;

/* Opens (creating when absent) the database at path_or_url and brings its
 * schema to the current version.  readonly: open without creating or
 * migrating (fails when the file is absent).  An empty path is refused.
 * A postgresql:// or postgres:// URL connects to a PostgreSQL server
 * (libpq's connection URI; what it leaves out comes from the PG*
 * environment variables and ~/.pgpass, as for psql); the database must
 * exist, its tables are created on first use. */
int store_open(const char *path_or_url, int readonly, struct store **out, struct err *e);
void store_close(struct store *st);
/* A second, read-only connection to the same database, for a loader
 * thread (each connection is used by one thread at a time).  Opened inside
 * a read transaction of st, its next read transaction sees st's snapshot
 * where the backend can share one (PostgreSQL); else the caller compares
 * the data versions. */
int store_open_reader(struct store *st, struct store **out, struct err *e);
/* The path or URL as given, for messages: a URL's password left out. */
const char *store_path(const struct store *st);
/* "sqlite" or "postgresql". */
const char *store_kind(const struct store *st);
/* 1 when path_or_url names a server database (PostgreSQL), 0 for a file. */
int store_is_server(const char *path_or_url);

/* Transactions: begin/commit/rollback; nesting is not supported.
 * store_rollback does nothing outside a transaction. */
int store_begin(struct store *st, struct err *e);
int store_commit(struct store *st, struct err *e);
void store_rollback(struct store *st);
/* A read transaction: every query until store_end_read sees one snapshot. */
int store_begin_read(struct store *st, struct err *e);
void store_end_read(struct store *st);
/* Once per process, before any database is opened (the program's entry
 * calls it): settings of the database libraries that hold for the whole
 * process — SQLite keeps no memory statistics, whose global lock every
 * allocation took (7 % of an import's time). */
void store_process_init(void);

/* Tells the connection that the next write transaction writes many rows
 * whose index entries land in random order (a large import): it keeps more
 * of the database in memory, and forgets the customer-id cache so that
 * every customer key that transaction uses is looked up or created inside
 * it (the backend may then skip checking each row's customer reference).
 * Call it before store_begin.  alone: a first load of orders into the
 * database may also hold it alone while it runs, when no other connection
 * has it open (SQLite: a rollback journal instead of the WAL, each page
 * written once) — for a command that owns its process (the command line),
 * never for a server. */
void store_bulk_writes(struct store *st, int alone);

/* A bulk load of orders, inside a write transaction begun with
 * store_begin: orders_by_cust (the orders in customer order that the
 * dataset and every read of one customer's orders use) gets the orders
 * inserted from here on in one sorted pass at store_commit, not one by one
 * in the file's order.  Nothing for a backend that streams orders itself.
 * After a ROLLBACK TO a savepoint taken since, store_orders_bulk_undone
 * says so.  store_rollback forgets it all. */
int store_orders_bulk_begin(struct store *st, struct err *e);
int store_orders_bulk_undone(struct store *st, struct err *e);

/* Prepares statement id without running it: 0 when the database accepts
 * its text, -1 with the database's complaint (tests: every statement has
 * a form every backend runs). */
int store_stmt_check(struct store *st, enum db_stmt id, struct err *e);
/* A prepared statement, cached per store; reset and bindings cleared.
 * Parameters are numbered from 1, result columns from 0. */
struct stmt *store_stmt(struct store *st, enum db_stmt id);
void stmt_int(struct stmt *s, int idx, int64_t v);
void stmt_text(struct stmt *s, int idx, const char *v); /* NULL binds NULL */
void stmt_textn(struct stmt *s, int idx, const char *v, size_t n);
/* v (not NULL) stays as it is until the statement has run: no copy. */
void stmt_text_kept(struct stmt *s, int idx, const char *v);
void stmt_double(struct stmt *s, int idx, double v);
void stmt_null(struct stmt *s, int idx);
/* Binds v, or NULL when v == none. */
void stmt_int_or_null(struct stmt *s, int idx, int64_t v, int64_t none);
/* 1: a row is ready, 0: done, -1: error (e filled). */
int stmt_step(struct stmt *s, struct err *e);
/* Runs a statement that returns no rows; -1 on error. */
int stmt_exec(struct stmt *s, struct err *e);
/* Runs an UPDATE or DELETE; *rows gets the number of rows it changed. */
int stmt_exec_count(struct stmt *s, int64_t *rows, struct err *e);
/* Runs an INSERT of one row; *id (when not NULL) gets the new row's id. */
int stmt_insert(struct stmt *s, int64_t *id, struct err *e);
/* Runs an INSERT that skips a row already there (a unique key or content
 * hash): 1 and *id when inserted, 0 when it was there, -1 on error. */
int stmt_insert_new(struct stmt *s, int64_t *id, struct err *e);
void stmt_reset(struct stmt *s);
int64_t col_int(struct stmt *s, int col);
int64_t col_int_or(struct stmt *s, int col, int64_t if_null);
double col_double(struct stmt *s, int col);
const char *col_text(struct stmt *s, int col); /* NULL when NULL */
int col_isnull(struct stmt *s, int col);

/* Settings: text values by key.  1 and *value filled when the key is set,
 * 0 when it is not, -1 when it cannot be read. */
int store_setting(struct store *st, const char *key, struct strbuf *value, struct err *e);
int store_setting_set(struct store *st, const char *key, const char *value, struct err *e);

/* Data version: bumped by store_audit, i.e. by every change treue makes,
 * so cached fits and the dataset snapshot know when they are stale. */
int store_data_version(struct store *st, int64_t *version, struct err *e);
int store_bump_data_version(struct store *st, struct err *e);

/* Which database this is and which state it is in: a random identity drawn
 * when the database was created (or migrated to schema 5), the data
 * version, and a random stamp drawn anew by every change.  A copy of the
 * data kept outside the database (the dataset snapshot) is valid only for
 * the same three: a database deleted and imported anew, or a backup copied
 * back and changed, differs in identity or stamp even where the version
 * number happens to match. */
struct store_identity {
	int64_t id, version, stamp;
};
int store_identity(struct store *st, struct store_identity *out, struct err *e);

/* Audit trail: who (store_set_actor; the OS user unless set), what,
 * about which customer (its key; 0: none), detail, rows affected.  Every
 * change treue makes is audited; store_audit also bumps the data version.
 * store_audit_as names the actor for this one entry (the web server
 * passes the logged-in user). */
void store_set_actor(struct store *st, const char *who);
const char *store_actor(const struct store *st);
int store_audit(struct store *st, const char *action, int64_t cust, const char *detail,
                int64_t rows, struct err *e);
int store_audit_as(struct store *st, const char *who, const char *action, int64_t cust,
                   const char *detail, int64_t rows, struct err *e);

/* Customer ids: the internal integer key for the company's customer_id
 * text; creates the customer when create is set (returns 1 when created). */
int store_customer_key(struct store *st, const char *customer_id, int create, int64_t *key,
                       struct err *e);
/* The same with the id's hash (store_customer_hash) computed before — on
 * another thread, say; store_customer_prefetch asks the processor for the
 * place of that hash in the store's map of customer ids a few rows ahead
 * of its lookup, so that the lookup does not wait for memory. */
uint64_t store_customer_hash(const char *customer_id);
int store_customer_key_hashed(struct store *st, const char *customer_id, uint64_t hash, int create,
                              int64_t *key, struct err *e);
void store_customer_prefetch(const struct store *st, uint64_t hash);

/* 1 when path names one of the files the database at db (a path or URL,
 * as store_open takes it) keeps its data in — the database file and its
 * journals — so that nothing is written over them; 0 when not, or when
 * path does not exist.  Needs no open connection. */
int store_owns_path(const char *db, const char *path);

/* Erase-time hygiene: after it returns 0, nothing deleted or overwritten
 * before can be read back from the database's files (the file is rewritten
 * and its journal emptied). */
int store_purge_deleted(struct store *st, struct err *e);

/* ---- records: one row of each entity, as import and demo write them ----
 * Text fields may be NULL (absent).  MONEY_NONE / DAY_NONE / SCORE_NONE
 * mark absent numbers.  Scores are tenths 0..100.
 */
#define MONEY_NONE INT64_MIN
#define SCORE_NONE (-1)

/* Status, kind, touchpoint and reason columns hold the codes of vocab.h
 * (vocab_code: "kept", "tnt", "sales", "late_delivery"). */

struct rec_customer {
	const char *customer_id, *name, *industry, *region, *owner;
	day_t acquired_on;
	int64_t acquisition_cost;
};
struct rec_order {
	const char *customer_id, *order_id;
	day_t date;
	int64_t revenue, margin;
};
struct rec_survey {
	const char *customer_id;
	day_t date;
	int satisfaction, recommend, value;
	const char *comment;
};
struct rec_dialog {
	const char *customer_id;
	day_t date;
	const char *channel, *touchpoint, *employee, *support, *improve, *notes;
	day_t follow_up; /* "Wiedervorlage": call again by then; DAY_NONE when none */
};
struct rec_promise {
	const char *customer_id;
	day_t made_on, due_on;
	const char *what, *owner;
	enum promise_status status;
	day_t closed_on;
};
struct rec_complaint {
	const char *customer_id;
	day_t date;
	const char *reason;      /* canonical code */
	const char *reason_text; /* the original wording when it matched no code */
	const char *description;
	enum complaint_status status;
	day_t resolved_on;
	const char *why[5];
	const char *root_cause;
	const char *owner; /* who looks after it (NULL: the account manager) */
};
struct rec_story {
	day_t date;
	const char *what, *customer_id, *employee, *situation, *outcome;
	enum story_kind kind;
};
struct rec_referral {
	const char *from_customer, *to_customer;
	day_t date;
};
struct rec_departure {
	const char *customer_id;
	day_t date;
	const char *reason, *competitor;
};

/*
 * Inserts one record.  Returns 1 when inserted (and its new id in *id when
 * id is not NULL), 0 when the same row is already there (orders by
 * order_id, other rows without an id by a hash of their content), -1 on
 * error.  Unknown customers are created (counted in *created when created
 * is not NULL).  store_put_customer inserts or
 * updates the named fields of an existing customer (absent fields are left
 * as they are); it returns 1 when anything changed.
 *
 * Corrections: store_put_order returns 2 when an order with the same
 * order_id was there with another date, customer, revenue or margin (an
 * absent margin changes nothing) and has been updated.  The _diff forms
 * append what changed, old and new values ("order R-5: revenue 73.00 ->
 * 74.00"), to *change when not NULL; store_put_customer_diff returns 1 for
 * a new customer (or one only known from orders so far), 2 when the master
 * data of a known customer changed, 0 when nothing did.
 */
int store_put_customer(struct store *st, const struct rec_customer *r, struct err *e);
int store_put_customer_diff(struct store *st, const struct rec_customer *r, struct strbuf *change,
                            struct err *e);
int store_put_order(struct store *st, const struct rec_order *r, int64_t *created, int64_t *id,
                    struct err *e);
int store_put_order_diff(struct store *st, const struct rec_order *r, int64_t *created,
                         struct strbuf *change, struct err *e);
/* The first load of orders into a database without customers (see
 * store_fresh.c): store_fresh_customers, inside the load's write
 * transaction, says whether it is one (1, and *next the first key to give
 * out; 0 when there are customers or the backend numbers its own; -1).
 * Then the thread that parses the file keeps a store_keys (its own, used
 * on that thread only): store_keys_take gives each customer id (hash: its
 * store_customer_hash) its key, new ones (*is_new) from next on; and the
 * writing thread creates each new one with store_customer_add (name may
 * be NULL) before anything else of that customer.  store_customers_flush
 * inserts the ones still pending.  0 or -1. */
int store_fresh_customers(struct store *st, int64_t *next, struct err *e);
struct store_keys;
struct store_keys *store_keys_new(int64_t next);
int64_t store_keys_take(struct store_keys *k, const char *customer_id, uint64_t hash, int *is_new);
void store_keys_prefetch(const struct store_keys *k, uint64_t hash);
void store_keys_free(struct store_keys *k);
int store_customer_add(struct store *st, const char *customer_id, int64_t key, const char *name,
                       struct err *e);
int store_customers_flush(struct store *st, struct err *e);

/* Gives a customer without a name this one (an orders file with a name
 * column, for the customers it creates).  0 or -1. */
int store_fill_customer_name(struct store *st, const char *customer_id, const char *name,
                             struct err *e);

/* Orders known to be new, for a bulk load: each with an order id that is
 * neither stored nor repeated among them, its customer's key already looked
 * up (store_customer_key).  store_put_new_orders inserts n of them, in their
 * order, many rows per statement; a row whose order id is there after all
 * fails the whole call (-1).  store_max_order_id gives the largest stored
 * order id in byte order (1 and *out filled, 0 when there is none, -1): an
 * order id above it and above every one before it in the file is new. */
struct rec_order_new {
	int64_t cust;
	day_t date;
	int64_t revenue, margin; /* margin MONEY_NONE: absent */
	const char *order_id;
};
int store_put_new_orders(struct store *st, const struct rec_order_new *r, size_t n, struct err *e);
int store_max_order_id(struct store *st, struct strbuf *out, struct err *e);

int store_put_survey(struct store *st, const struct rec_survey *r, int64_t *created, int64_t *id,
                     struct err *e);
int store_put_dialog(struct store *st, const struct rec_dialog *r, int64_t *created, int64_t *id,
                     struct err *e);
int store_put_promise(struct store *st, const struct rec_promise *r, int64_t *created, int64_t *id,
                      struct err *e);
int store_put_complaint(struct store *st, const struct rec_complaint *r, int64_t *created,
                        int64_t *id, struct err *e);
int store_put_story(struct store *st, const struct rec_story *r, int64_t *created, int64_t *id,
                    struct err *e);
int store_put_referral(struct store *st, const struct rec_referral *r, int64_t *created,
                       int64_t *id, struct err *e);
int store_put_departure(struct store *st, const struct rec_departure *r, int64_t *created,
                        int64_t *id, struct err *e);
/* Forgets the customer-id cache (after a rollback). */
void store_forget_cache(struct store *st);

/*
 * Many orders at once (an import file, the demo): store_orders_put for
 * each row, then store_orders_end — with the results store_put_order_diff
 * gives row by row: new rows inserted, rows already there (by order id or
 * content hash) counted, an order sent again under a known order id with
 * another date, customer, revenue or margin corrected (each correction's
 * text, "order R-5: revenue 73.00 -> 74.00", handed to on_change in row
 * order), unknown customers created (a name put with the row names the
 * customer it creates).  SQLite writes each row as it comes; PostgreSQL
 * receives the rows as one COPY stream into a staging table and merges
 * them in a few set-based statements, so a million rows never take a
 * million round trips.  Rows put are visible only after store_orders_end.
 * Inside a write transaction; other statements may run in between.
 */
struct store_orders;
struct store_orders_counts {
	int64_t inserted, present, corrected, created;
};
typedef int (*store_change_fn)(void *arg, const char *change, struct err *e);
/* Whether the backend takes a file of orders as one stream of its own
 * (a server database); else the import writes them itself (SQLite: new
 * ones many to a statement, the others row by row). */
int store_orders_streamed(const struct store *st);
int store_orders_begin(struct store *st, struct store_orders **out, struct err *e);
int store_orders_put(struct store_orders *b, const struct rec_order *r, const char *name,
                     struct err *e);
/* Writes what was put, adds the counts to *n and frees b (also on error). */
int store_orders_end(struct store_orders *b, store_change_fn on_change, void *arg,
                     struct store_orders_counts *n, struct err *e);
/* Forgets what was put and frees b (the caller rolls back). */
void store_orders_abort(struct store_orders *b);

/*
 * Change notices between processes: every change bumps the data version
 * in its own transaction, and PostgreSQL announces the new version to
 * every connection that listens (LISTEN/NOTIFY) when it commits.
 * store_wait_change returns 1 and *version when the data version is no
 * longer `known` — at once when it already differs, else as soon as a
 * notice comes or, for a backend without notices (SQLite), by reading the
 * version every poll_ms — and 0 after timeout_ms without a change.
 */
int store_wait_change(struct store *st, int64_t known, int timeout_ms, int poll_ms,
                      int64_t *version, struct err *e);

/*
 * Copies a whole database (treue migrate): every table, the audit trail
 * and the data version included, with the same row ids, from `from` into
 * the empty database `to`, in one transaction on `to`.  counts[i] gets
 * the rows of table i, named store_copy_table(i) (store_copy_ntables).
 * store_copy_count counts the rows of every table of st into counts.
 * store_copy_empty: 1 when st holds no customer, order, journal entry,
 * audit entry, setting or user, 0 when it does, -1 on error.
 */
extern const int store_copy_ntables;
const char *store_copy_table(int i);
/* How many columns of table i the copy writes. */
int store_copy_columns(int i);
int store_copy(struct store *from, struct store *to, int64_t *counts, struct err *e);
int store_copy_count(struct store *st, int64_t *counts, struct err *e);
int store_copy_empty(struct store *st, struct err *e);

#endif
