/*
 * store.h — the one storage API.  Callers address SQL by statement number
 * (enum db_stmt, generated from the stmt_*.def tables) and bind every
 * parameter; no SQL text is ever built from values.  The SQLite backend is
 * the default; everything SQLite-specific stays behind this header so that
 * a PostgreSQL backend can implement the same functions.
 *
 * Conventions: money is int64 cents, dates are day_t (days since
 * 1970-01-01), survey scores are tenths (0..100).  Functions return 0 on
 * success and -1 with `struct err` filled on failure, unless said otherwise.
 */
#ifndef TREUE_STORE_H
#define TREUE_STORE_H

#include <stdint.h>

#include "util.h"

enum db_stmt {
#define STMT(id, sql) id,
#include "stmt_core.def"
#include "stmt_import.def"
#include "stmt_journal.def"
#include "stmt_fit.def"
#undef STMT
	ST__COUNT
};

struct store;
struct stmt;

/* Opens (creating when absent) the database at path_or_url and brings its
 * schema to the current version.  readonly: open without creating or
 * migrating (fails when the file is absent). */
int store_open(const char *path_or_url, int readonly, struct store **out, struct err *e);
void store_close(struct store *st);
/* A second, read-only connection to the same database, for a loader
 * thread (each connection is used by one thread at a time). */
int store_open_reader(const struct store *st, struct store **out, struct err *e);
const char *store_path(const struct store *st);

/* Transactions: begin/commit/rollback; nesting is not supported. */
/* The page cache for this connection, in MiB (bulk writes that touch
 * indexes in random order want it large; the default is 64). */
void store_cache_mib(struct store *st, int mib);
int store_begin(struct store *st, struct err *e);
int store_commit(struct store *st, struct err *e);
void store_rollback(struct store *st);
/* A read transaction: every query until store_end_read sees one snapshot. */
int store_begin_read(struct store *st, struct err *e);
void store_end_read(struct store *st);

/* A prepared statement, cached per store; reset and bindings cleared.
 * Parameters are numbered from 1, result columns from 0. */
struct stmt *store_stmt(struct store *st, enum db_stmt id);
void stmt_int(struct stmt *s, int idx, int64_t v);
void stmt_text(struct stmt *s, int idx, const char *v); /* NULL binds NULL */
void stmt_textn(struct stmt *s, int idx, const char *v, size_t n);
void stmt_double(struct stmt *s, int idx, double v);
void stmt_null(struct stmt *s, int idx);
/* Binds v, or NULL when v == none. */
void stmt_int_or_null(struct stmt *s, int idx, int64_t v, int64_t none);
/* 1: a row is ready, 0: done, -1: error (e filled). */
int stmt_step(struct stmt *s, struct err *e);
/* Runs a statement that returns no rows; -1 on error. */
int stmt_exec(struct stmt *s, struct err *e);
void stmt_reset(struct stmt *s);
int64_t col_int(struct stmt *s, int col);
int64_t col_int_or(struct stmt *s, int col, int64_t if_null);
double col_double(struct stmt *s, int col);
const char *col_text(struct stmt *s, int col); /* NULL when NULL */
int col_isnull(struct stmt *s, int col);
int64_t store_last_rowid(struct store *st);
int64_t store_changes(struct store *st);
/* 1 when the last failed step was a UNIQUE constraint violation. */
int store_was_unique_violation(struct store *st);

/* Settings: text values by key; default when absent. */
const char *store_setting(struct store *st, const char *key, const char *dflt, struct strbuf *buf);
int store_setting_set(struct store *st, const char *key, const char *value, struct err *e);

/* Data version: bumped by store_audit, i.e. by every change treue makes,
 * so cached fits and the dataset snapshot know when they are stale. */
int64_t store_data_version(struct store *st);
int store_bump_data_version(struct store *st, struct err *e);

/* Which database this is and which state it is in: a random identity drawn
 * when the database was created (or migrated to schema 3), the data
 * version, and a random stamp drawn anew by every change.  A copy of the
 * data kept outside the database (the dataset snapshot) is valid only for
 * the same three: a database deleted and imported anew, or a backup copied
 * back and changed, differs in identity or stamp even where the version
 * number happens to match. */
struct store_identity {
	int64_t id, version, stamp;
};
int store_identity(struct store *st, struct store_identity *out, struct err *e);

/* Audit trail: who (OS user or web user), what, detail, rows affected.
 * Every change treue makes is audited; store_audit also bumps the data
 * version. */
void store_set_actor(struct store *st, const char *who);
int store_audit(struct store *st, const char *action, const char *detail, int64_t rows,
                struct err *e);

/* Customer ids: the internal integer key for the company's customer_id
 * text; creates the customer when create is set (returns 1 when created). */
int store_customer_key(struct store *st, const char *customer_id, int create, int64_t *key,
                       struct err *e);

/* Erase-time hygiene: make deleted content unrecoverable from the file. */
int store_vacuum(struct store *st, struct err *e);

/* ---- records: one row of each entity, as import and demo write them ----
 * Text fields may be NULL (absent).  MONEY_NONE / DAY_NONE / SCORE_NONE
 * mark absent numbers.  Scores are tenths 0..100.
 */
#define MONEY_NONE INT64_MIN
#define SCORE_NONE (-1)

enum promise_status { PROMISE_OPEN, PROMISE_KEPT, PROMISE_BROKEN, PROMISE_RENEGOTIATED };
enum complaint_status { COMPLAINT_OPEN, COMPLAINT_RESOLVED };
enum story_kind { STORY_EXTRA_MILE, STORY_TNT };
extern const char *const promise_status_name[4];   /* "open", "kept", ... */
extern const char *const complaint_status_name[2]; /* "open", "resolved" */
extern const char *const story_kind_name[2];       /* "extra_mile", "tnt" */

/* The complaint reasons: canonical code, English and German wording. */
struct complaint_reason {
	const char *code, *en, *de;
};
extern const struct complaint_reason complaint_reasons[];
extern const int complaint_reason_count;
/* Finds a reason by code, English or German wording (case-insensitive). */
const struct complaint_reason *complaint_reason_find(const char *s);

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
 * Inserts one record.  Returns 1 when inserted, 0 when the same row is
 * already there (orders by order_id, other rows without an id by a hash of
 * their content), -1 on error.  Unknown customers are created (counted in
 * *created when created is not NULL).  store_put_customer inserts or
 * updates the named fields of an existing customer (absent fields are left
 * as they are); it returns 1 when anything changed.
 */
int store_put_customer(struct store *st, const struct rec_customer *r, struct err *e);
int store_put_order(struct store *st, const struct rec_order *r, int64_t *created, struct err *e);
int store_put_survey(struct store *st, const struct rec_survey *r, int64_t *created, struct err *e);
int store_put_dialog(struct store *st, const struct rec_dialog *r, int64_t *created, struct err *e);
int store_put_promise(struct store *st, const struct rec_promise *r, int64_t *created,
                      struct err *e);
int store_put_complaint(struct store *st, const struct rec_complaint *r, int64_t *created,
                        struct err *e);
int store_put_story(struct store *st, const struct rec_story *r, int64_t *created, struct err *e);
int store_put_referral(struct store *st, const struct rec_referral *r, int64_t *created,
                       struct err *e);
int store_put_departure(struct store *st, const struct rec_departure *r, int64_t *created,
                        struct err *e);
/* Forgets the customer-id cache (after a rollback). */
void store_forget_cache(struct store *st);

#endif
