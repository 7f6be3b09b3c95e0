/*
 * store_sqlite.c — the SQLite backend of the store (struct store_backend):
 * one database file in WAL mode with foreign keys on, a busy timeout,
 * secure_delete, prepared statements cached per statement number,
 * migrations on open.  Everything SQLite-specific lives here.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store_int.h"

struct lite_stmt {
	struct stmt base;
	sqlite3_stmt *s; /* NULL when the statement did not prepare */
};

struct lite {
	sqlite3 *db;
	/* a bulk load (lite_bulk_writes): 1 announced for the next write
	 * transaction, 2 in it (foreign keys are not checked) */
	int bulk;
	/* the bulk load has the database to itself in a rollback journal
	 * (lite_begin); WAL again after it */
	int alone;
	int may_be_alone; /* the caller allows it (store_bulk_writes' alone) */
	struct lite_stmt stmts[ST__COUNT];
};

/* The page cache of a connection (64 MiB); a bulk load has 256 MiB. */
#define LITE_CACHE "-65536"

static struct lite *conn(struct store *st)
{
	return st->conn;
}

static sqlite3_stmt *raw(struct stmt *s)
{
	return ((struct lite_stmt *)s)->s;
}

int store_sqlite_error_(int ext_rc, int sys_errno, const char *path, const char *what,
                        const char *sqlmsg, struct err *e)
{
	if (!e)
		return -1;
	/* a full disk is what people can act on: SQLite says SQLITE_FULL, or an
	 * I/O error whose system error is ENOSPC ("disk I/O error") */
	if ((ext_rc & 0xff) == SQLITE_FULL ||
	    ((ext_rc & 0xff) == SQLITE_IOERR && sys_errno == ENOSPC))
		return err_set(e,
		               L(e->lang, "%s: the disk is full (free some space and try again)",
		                 "%s: der Datenträger ist voll (bitte Platz schaffen und erneut "
		                 "versuchen)"),
		               path);
	if (what)
		return err_set(e, "%s: %s: %s", path, what, sqlmsg);
	return err_set(e, "%s: %s", path, sqlmsg);
}

static int db_error(struct store *st, struct err *e, const char *what)
{
	sqlite3 *db = conn(st)->db;
	return store_sqlite_error_(sqlite3_extended_errcode(db), sqlite3_system_errno(db), st->path,
	                           what, sqlite3_errmsg(db), e);
}

static int exec_sql(struct store *st, const char *sql, struct err *e)
{
	char *msg = NULL;
	sqlite3 *db = conn(st)->db;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		store_sqlite_error_(sqlite3_extended_errcode(db), sqlite3_system_errno(db),
		                    st->path, NULL, msg ? msg : "SQL error", e);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int user_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;
	if (sqlite3_prepare_v2(conn(st)->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int migrate(struct store *st, struct err *e)
{
	int v = user_version(st);
	if (v < 0)
		return db_error(st, e, "reading the schema version");
	if (v > store_migration_count)
		return err_set(e,
		               L(e->lang,
		                 "%s: the database was written by a newer treue (schema %d, this "
		                 "one knows %d)",
		                 "%s: die Datenbank stammt von einem neueren treue (Schema %d, "
		                 "dieses kennt %d)"),
		               st->path, v, store_migration_count);
	for (; v < store_migration_count; v++) {
		char pragma[64];
		if (exec_sql(st, "BEGIN IMMEDIATE", e))
			return -1;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
		if (exec_sql(st, store_migrations[v], e) || exec_sql(st, pragma, e)) {
			exec_sql(st, "ROLLBACK", NULL);
			return -1;
		}
		if (exec_sql(st, "COMMIT", e))
			return -1;
	}
	return 0;
}

/* ---- treue_bycust: the sorted notes of a bulk load as a table ----
 *
 * An eponymous virtual table over bycust_next (store_bycust.c), so that
 * one INSERT ... SELECT (ST_BYCUST_PUT_ROWS) fills orders_by_cust with no
 * parameter bound per row: a sixth less of the fill's time than 64 rows to
 * a statement.  Outside a fill it has no rows. */

struct bycust_table {
	sqlite3_vtab base;
	struct store *st;
};

struct bycust_cursor {
	sqlite3_vtab_cursor base;
	struct store *st;
	const struct bc_row *row; /* NULL: past the last */
};

static int bycust_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                          sqlite3_vtab **out, char **err)
{
	(void)argc;
	(void)argv;
	(void)err;
	int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(cust, date, id, revenue, margin)");
	if (rc != SQLITE_OK)
		return rc;
	struct bycust_table *t = sqlite3_malloc(sizeof(*t));
	if (!t)
		return SQLITE_NOMEM;
	memset(t, 0, sizeof(*t));
	t->st = aux;
	*out = &t->base;
	return SQLITE_OK;
}

static int bycust_disconnect(sqlite3_vtab *t)
{
	sqlite3_free(t);
	return SQLITE_OK;
}

static int bycust_best_index(sqlite3_vtab *t, sqlite3_index_info *info)
{
	(void)t;
	info->estimatedCost = 1e6;
	info->estimatedRows = 1000000;
	return SQLITE_OK;
}

static int bycust_open(sqlite3_vtab *t, sqlite3_vtab_cursor **out)
{
	struct bycust_cursor *c = sqlite3_malloc(sizeof(*c));
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof(*c));
	c->st = ((struct bycust_table *)t)->st;
	*out = &c->base;
	return SQLITE_OK;
}

static int bycust_close(sqlite3_vtab_cursor *c)
{
	sqlite3_free(c);
	return SQLITE_OK;
}

static int bycust_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxs, int argc,
                         sqlite3_value **argv)
{
	(void)idx;
	(void)idxs;
	(void)argc;
	(void)argv;
	struct bycust_cursor *c = (struct bycust_cursor *)cur;
	c->row = bycust_next(c->st);
	return SQLITE_OK;
}

static int bycust_step(sqlite3_vtab_cursor *cur)
{
	struct bycust_cursor *c = (struct bycust_cursor *)cur;
	c->row = bycust_next(c->st);
	return SQLITE_OK;
}

static int bycust_eof(sqlite3_vtab_cursor *cur)
{
	return ((struct bycust_cursor *)cur)->row == NULL;
}

static int bycust_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct bc_row *r = ((struct bycust_cursor *)cur)->row;
	switch (col) {
	case 0: sqlite3_result_int64(ctx, (int64_t)(r->key >> 32)); break;
	case 1: sqlite3_result_int64(ctx, (int64_t)(uint32_t)r->key + INT32_MIN); break;
	case 2: sqlite3_result_int64(ctx, r->id); break;
	case 3: sqlite3_result_int64(ctx, r->revenue); break;
	default:
		if (r->margin == MONEY_NONE)
			sqlite3_result_null(ctx);
		else
			sqlite3_result_int64(ctx, r->margin);
		break;
	}
	return SQLITE_OK;
}

static int bycust_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	const struct bc_row *r = ((struct bycust_cursor *)cur)->row;
	*rowid = r ? r->id : 0;
	return SQLITE_OK;
}

static const sqlite3_module bycust_module = {
    .iVersion = 0,
    .xCreate = NULL, /* eponymous only: no CREATE VIRTUAL TABLE */
    .xConnect = bycust_connect,
    .xBestIndex = bycust_best_index,
    .xDisconnect = bycust_disconnect,
    .xOpen = bycust_open,
    .xClose = bycust_close,
    .xFilter = bycust_filter,
    .xNext = bycust_step,
    .xEof = bycust_eof,
    .xColumn = bycust_column,
    .xRowid = bycust_rowid,
};

void store_process_init(void)
{
	/* fails harmlessly (SQLITE_MISUSE) once SQLite has been initialised */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int lite_open(struct store *st, int readonly, struct err *e)
{
	struct lite *c = xcalloc(1, sizeof(*c));
	st->conn = c;
	/* one connection per thread: no need for SQLite's own mutexes */
	int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
	            SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(st->target, &c->db, flags, NULL) != SQLITE_OK)
		return err_set(e,
		               L(e->lang, "%s: cannot open database: %s",
		                 "%s: Datenbank lässt sich nicht öffnen: %s"),
		               st->path, c->db ? sqlite3_errmsg(c->db) : "out of memory");
	sqlite3_busy_timeout(c->db, 10000);
	sqlite3_extended_result_codes(c->db, 1);
	/* A new database gets 64 KiB pages: the dataset loader scans the whole
	 * order index, and large pages make that scan a quarter cheaper. */
	if (!readonly && user_version(st) == 0 && exec_sql(st, "PRAGMA page_size=65536", e))
		return -1;
	if (!readonly && exec_sql(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", e))
		return -1;
	if (exec_sql(st,
	             "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON; "
	             "PRAGMA cache_size=" LITE_CACHE ";",
	             e))
		return -1;
	if (!readonly && migrate(st, e))
		return -1;
	if (!readonly &&
	    sqlite3_create_module(c->db, "treue_bycust", &bycust_module, st) != SQLITE_OK)
		return err_set(e, "%s: %s", st->path, sqlite3_errmsg(c->db));
	if (readonly && user_version(st) != store_migration_count)
		return err_set(e,
		               L(e->lang, "%s: not a treue database of this version",
		                 "%s: keine treue-Datenbank dieser Version"),
		               st->path);
	return 0;
}

static void lite_close(struct store *st)
{
	struct lite *c = conn(st);
	if (!c)
		return;
	for (int i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(c->stmts[i].s);
	sqlite3_close(c->db);
	free(c);
	st->conn = NULL;
}

/* The end of a bulk load's transaction: foreign keys are checked again
 * (the pragma takes effect outside a transaction only). */
static void end_bulk(struct store *st)
{
	struct lite *c = conn(st);
	if (c->bulk && sqlite3_get_autocommit(c->db)) {
		exec_sql(st,
		         "PRAGMA foreign_keys=ON; PRAGMA threads=0; PRAGMA cache_size=" LITE_CACHE,
		         NULL);
		/* should another connection have come meanwhile, the next one
		 * to open the database switches (lite_open) */
		if (c->alone)
			exec_sql(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", NULL);
		c->bulk = c->alone = c->may_be_alone = 0;
	}
}

/* Sets the journal mode; 1 when the database is in it afterwards (a
 * database other connections have open stays in WAL). */
static int journal_mode(struct store *st, const char *pragma, const char *mode)
{
	sqlite3_stmt *s = NULL;
	int in = 0;
	if (sqlite3_prepare_v2(conn(st)->db, pragma, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(s, 0);
		in = m && !strcmp(m, mode);
	}
	sqlite3_finalize(s);
	return in;
}

static struct stmt *lite_prepare(struct store *st, enum db_stmt id);
static int lite_step(struct stmt *s, struct err *e);
static void lite_reset(struct stmt *s);

/* Whether the store has no orders yet (and no error reading it). */
static int no_orders(struct store *st)
{
	struct err e;
	err_init(&e, LANG_EN);
	struct stmt *s = lite_prepare(st, ST_DS_ORDER_BOUND);
	int rc = lite_step(s, &e);
	int none = rc == 1 && sqlite3_column_int64(raw(s), 0) == 0;
	lite_reset(s);
	return none;
}

static int lite_begin(struct store *st, int write, struct err *e)
{
	struct lite *c = conn(st);
	/* A bulk load writes rows whose customer keys the store has just looked
	 * up or created in this same write transaction (store_bulk_writes forgets
	 * the keys of earlier ones), so the foreign-key check of every row — a
	 * lookup in the customer table each — proves nothing and is skipped. */
	if (write && c->bulk == 1) {
		c->bulk = 2;
		exec_sql(st, "PRAGMA foreign_keys=OFF", NULL);
		/* The first load of orders into a database no other connection
		 * has open writes each page once, into the file, with a rollback
		 * journal (as sqlite3's .import into a new file does), not first
		 * into the WAL and again at the checkpoint: a third less time at
		 * a million orders.  It then holds the database alone until it
		 * ends — who opens it meanwhile waits (busy timeout) and may get
		 * "database is locked" — and it is WAL again afterwards.  A
		 * database someone has open (a running server) stays in WAL:
		 * SQLite refuses the switch; and a server's own imports never
		 * ask (store_bulk_writes' alone). */
		if (c->may_be_alone && no_orders(st) &&
		    journal_mode(st, "PRAGMA journal_mode=DELETE", "delete")) {
			c->alone = 1;
			exec_sql(st, "PRAGMA synchronous=FULL", NULL);
		}
	}
	int rc = exec_sql(st, write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", e);
	if (rc)
		end_bulk(st);
	return rc;
}

static int lite_commit(struct store *st, struct err *e)
{
	int rc = exec_sql(st, "COMMIT", e);
	end_bulk(st);
	return rc;
}

static void lite_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(conn(st)->db))
		exec_sql(st, "ROLLBACK", NULL);
	end_bulk(st);
}

static struct stmt *lite_prepare(struct store *st, enum db_stmt id)
{
	struct lite_stmt *s = &conn(st)->stmts[id];
	if (!s->s) {
		s->base.st = st;
		s->base.id = id;
		/* A statement of our own table that does not prepare (a damaged
		 * schema, a missing index) leaves s->s NULL: binding does nothing and
		 * stepping returns the error, so one bad request never ends the
		 * process. */
		if (sqlite3_prepare_v3(conn(st)->db, store_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
		                       &s->s, NULL) != SQLITE_OK)
			s->s = NULL;
	} else {
		sqlite3_reset(s->s);
		sqlite3_clear_bindings(s->s);
	}
	return &s->base;
}

static void lite_bind_int(struct stmt *s, int idx, int64_t v)
{
	sqlite3_bind_int64(raw(s), idx, v);
}

static void lite_bind_text(struct stmt *s, int idx, const char *v, size_t n, int kept)
{
	sqlite3_bind_text(raw(s), idx, v, n == SIZE_MAX ? -1 : (int)n,
	                  kept ? SQLITE_STATIC : SQLITE_TRANSIENT);
}

static void lite_bind_double(struct stmt *s, int idx, double v)
{
	sqlite3_bind_double(raw(s), idx, v);
}

static void lite_bind_null(struct stmt *s, int idx)
{
	sqlite3_bind_null(raw(s), idx);
}

static int lite_step(struct stmt *s, struct err *e)
{
	struct store *st = s->st;
	if (!raw(s)) {
		sqlite3_stmt *probe = NULL;
		sqlite3_prepare_v2(conn(st)->db, store_sql[s->id], -1, &probe, NULL);
		sqlite3_finalize(probe);
		return err_set(e, "%s: internal statement %d does not prepare: %s", st->path,
		               (int)s->id, sqlite3_errmsg(conn(st)->db));
	}
	/* orders_by_cust filled from the orders after a bulk load whose own
	 * notes of its rows are stale (store_bycust.c): SQLite's
	 * sorter takes runs the size of the page cache; runs of 2 MiB are
	 * sorted in the processor's cache, where the 256 MiB of a bulk load's
	 * cache make one run sorted by chasing pointers through all of it.
	 * With a second thread (PRAGMA threads) the runs are sorted and
	 * merged beside the reading of the table: runs of 8 MiB. */
	if (s->id == ST_BYCUST_FILL && conn(st)->bulk == 2)
		exec_sql(st,
		         use_threads(2, 2) ? "PRAGMA cache_size=-8192; PRAGMA threads=1"
		                           : "PRAGMA cache_size=-2048",
		         NULL);
	int rc = sqlite3_step(raw(s));
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_error(st, e, sqlite3_sql(raw(s)) ? "query failed" : "statement failed");
}

static void lite_reset(struct stmt *s)
{
	sqlite3_reset(raw(s));
}

static int64_t lite_col_int(struct stmt *s, int col)
{
	return sqlite3_column_int64(raw(s), col);
}

static double lite_col_double(struct stmt *s, int col)
{
	return sqlite3_column_double(raw(s), col);
}

static const char *lite_col_text(struct stmt *s, int col)
{
	return (const char *)sqlite3_column_text(raw(s), col);
}

static int lite_col_isnull(struct stmt *s, int col)
{
	return sqlite3_column_type(raw(s), col) == SQLITE_NULL;
}

/* INSERT OR IGNORE leaves the change count at 0 when the row was there. */
static int lite_insert(struct stmt *s, int64_t *id, struct err *e)
{
	sqlite3 *db = conn(s->st)->db;
	int rc = lite_step(s, e);
	lite_reset(s);
	if (rc < 0)
		return -1;
	if (sqlite3_changes(db) == 0)
		return 0;
	if (id)
		*id = sqlite3_last_insert_rowid(db);
	return 1;
}

static int lite_exec_count(struct stmt *s, int64_t *rows, struct err *e)
{
	int rc = lite_step(s, e);
	lite_reset(s);
	if (rc < 0)
		return -1;
	*rows = sqlite3_changes64(conn(s->st)->db);
	return 0;
}

static int lite_in_transaction(struct store *st)
{
	return !sqlite3_get_autocommit(conn(st)->db);
}

static void lite_bulk_writes(struct store *st, int alone)
{
	/* a larger page cache keeps the unique indexes' inserts in memory
	 * (SQLite takes it only as it fills); a failure only costs speed */
	exec_sql(st, "PRAGMA cache_size=-262144", NULL);
	conn(st)->bulk = 1;
	conn(st)->may_be_alone = alone;
}

/* secure_delete overwrites freed pages; VACUUM rewrites the file without
 * free pages and the checkpoints empty the WAL, which may hold old copies. */
static int lite_purge_deleted(struct store *st, struct err *e)
{
	if (exec_sql(st, "PRAGMA wal_checkpoint(TRUNCATE)", e))
		return -1;
	if (exec_sql(st, "VACUUM", e))
		return -1;
	return exec_sql(st, "PRAGMA wal_checkpoint(TRUNCATE)", e);
}

/* The database file and the files SQLite keeps beside it. */
static int lite_owns_file(const char *path, uint64_t dev, uint64_t ino)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
		struct strbuf f = STRBUF_INIT;
		struct stat sb;
		sb_addf(&f, "%s%s", path, suffix[i]);
		int same = stat(f.buf, &sb) == 0 && (uint64_t)sb.st_dev == dev &&
		           (uint64_t)sb.st_ino == ino;
		sb_release(&f);
		if (same)
			return 1;
	}
	return 0;
}

static int lite_check(struct store *st, enum db_stmt id, struct err *e)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(conn(st)->db, store_sql[id], -1, &s, NULL);
	sqlite3_finalize(s);
	if (rc != SQLITE_OK)
		return err_set(e, "%s: internal statement %d does not prepare: %s", st->path,
		               (int)id, sqlite3_errmsg(conn(st)->db));
	return 0;
}

static void lite_shown(const char *target, struct strbuf *out)
{
	sb_adds(out, target);
}

const struct store_backend store_sqlite_backend = {
    .name = "sqlite",
    .open = lite_open,
    .close = lite_close,
    .begin = lite_begin,
    .commit = lite_commit,
    .rollback = lite_rollback,
    .prepare = lite_prepare,
    .bind_int = lite_bind_int,
    .bind_text = lite_bind_text,
    .bind_double = lite_bind_double,
    .bind_null = lite_bind_null,
    .step = lite_step,
    .reset = lite_reset,
    .col_int = lite_col_int,
    .col_double = lite_col_double,
    .col_text = lite_col_text,
    .col_isnull = lite_col_isnull,
    .insert = lite_insert,
    .exec_count = lite_exec_count,
    .bulk_writes = lite_bulk_writes,
    .purge_deleted = lite_purge_deleted,
    .in_transaction = lite_in_transaction,
    .owns_file = lite_owns_file,
    .check = lite_check,
    .shown = lite_shown,
};
