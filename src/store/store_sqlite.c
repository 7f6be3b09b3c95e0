/*
 * store_sqlite.c — the SQLite backend of store.h: one database file in WAL
 * mode with foreign keys on, a busy timeout, secure_delete, prepared
 * statements cached per statement number, migrations on open.
 */
#include <errno.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_int.h"

struct stmt {
	sqlite3_stmt *s; /* NULL when the statement did not prepare */
	struct store *st;
	int id;
};

struct store {
	sqlite3 *db;
	char *path;
	char actor[128];
	int last_rc;
	struct strmap custcache; /* customer_id -> key, valid inside and between transactions */
	struct u64set seen;      /* content hashes inserted in the current transaction */
	struct stmt stmts[ST__COUNT];
};

struct strmap *store_custcache_(struct store *st)
{
	return &st->custcache;
}

struct u64set *store_seen_(struct store *st)
{
	return &st->seen;
}

void store_forget_cache(struct store *st)
{
	strmap_release(&st->custcache);
	u64set_release(&st->seen);
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
	return store_sqlite_error_(sqlite3_extended_errcode(st->db), sqlite3_system_errno(st->db),
	                           st->path, what, sqlite3_errmsg(st->db), e);
}

static int exec_sql(struct store *st, const char *sql, struct err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		store_sqlite_error_(sqlite3_extended_errcode(st->db), sqlite3_system_errno(st->db),
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
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
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

static void default_actor(struct store *st)
{
	const char *u = getenv("USER");
	struct passwd *pw;
	if (!u || !*u) {
		pw = getpwuid(getuid());
		u = pw ? pw->pw_name : "unknown";
	}
	snprintf(st->actor, sizeof(st->actor), "%s", u);
}

int store_open(const char *path, int readonly, struct store **out, struct err *e)
{
	struct store *st;
	*out = NULL;
	if (!strncmp(path, "postgres://", 11) || !strncmp(path, "postgresql://", 13))
		return err_set(e,
		               L(e->lang, "%s: PostgreSQL is not supported by this build yet",
		                 "%s: PostgreSQL wird von diesem Build noch nicht unterstützt"),
		               path);
	st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	default_actor(st);
	/* one connection per thread: no need for SQLite's own mutexes */
	int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
	            SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		err_set(e,
		        L(e->lang, "%s: cannot open database: %s",
		          "%s: Datenbank lässt sich nicht öffnen: %s"),
		        path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 10000);
	sqlite3_extended_result_codes(st->db, 1);
	/* A new database gets 64 KiB pages: the dataset loader scans the whole
	 * order index, and large pages make that scan a quarter cheaper. */
	if (!readonly && user_version(st) == 0 && exec_sql(st, "PRAGMA page_size=65536", e))
		goto fail;
	if (!readonly && exec_sql(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", e))
		goto fail;
	if (exec_sql(st,
	             "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON; "
	             "PRAGMA cache_size=-65536;",
	             e))
		goto fail;
	if (!readonly && migrate(st, e))
		goto fail;
	if (readonly && user_version(st) != store_migration_count) {
		err_set(e,
		        L(e->lang, "%s: not a treue database of this version",
		          "%s: keine treue-Datenbank dieser Version"),
		        path);
		goto fail;
	}
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

int store_open_reader(const struct store *st, struct store **out, struct err *e)
{
	return store_open(st->path, 1, out, e);
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(st->stmts[i].s);
	sqlite3_close(st->db);
	store_forget_cache(st);
	free(st->path);
	free(st);
}

const char *store_path(const struct store *st)
{
	return st->path;
}

void store_cache_mib(struct store *st, int mib)
{
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA cache_size=-%d", mib * 1024);
	exec_sql(st, sql, NULL);
}

int store_begin(struct store *st, struct err *e)
{
	u64set_release(&st->seen);
	return exec_sql(st, "BEGIN IMMEDIATE", e);
}

int store_commit(struct store *st, struct err *e)
{
	return exec_sql(st, "COMMIT", e);
}

int store_begin_read(struct store *st, struct err *e)
{
	return exec_sql(st, "BEGIN DEFERRED", e);
}

void store_end_read(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		exec_sql(st, "COMMIT", NULL);
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		exec_sql(st, "ROLLBACK", NULL);
	store_forget_cache(st);
}

struct stmt *store_stmt(struct store *st, enum db_stmt id)
{
	struct stmt *s = &st->stmts[id];
	if (!s->s) {
		s->st = st;
		s->id = (int)id;
		/* A statement of our own table that does not prepare (a damaged
		 * schema, a missing index) leaves s->s NULL: binding does nothing and
		 * stepping returns the error, so one bad request never ends the
		 * process. */
		if (sqlite3_prepare_v3(st->db, store_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s->s,
		                       NULL) != SQLITE_OK)
			s->s = NULL;
	} else {
		sqlite3_reset(s->s);
		sqlite3_clear_bindings(s->s);
	}
	return s;
}

void stmt_int(struct stmt *s, int idx, int64_t v)
{
	sqlite3_bind_int64(s->s, idx, v);
}

void stmt_text(struct stmt *s, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(s->s, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s->s, idx);
}

void stmt_textn(struct stmt *s, int idx, const char *v, size_t n)
{
	sqlite3_bind_text(s->s, idx, v, (int)n, SQLITE_TRANSIENT);
}

void stmt_double(struct stmt *s, int idx, double v)
{
	sqlite3_bind_double(s->s, idx, v);
}

void stmt_null(struct stmt *s, int idx)
{
	sqlite3_bind_null(s->s, idx);
}

void stmt_int_or_null(struct stmt *s, int idx, int64_t v, int64_t none)
{
	if (v == none)
		sqlite3_bind_null(s->s, idx);
	else
		sqlite3_bind_int64(s->s, idx, v);
}

int stmt_step(struct stmt *s, struct err *e)
{
	if (!s->s) {
		sqlite3_stmt *probe = NULL;
		sqlite3_prepare_v2(s->st->db, store_sql[s->id], -1, &probe, NULL);
		sqlite3_finalize(probe);
		s->st->last_rc = SQLITE_ERROR;
		return err_set(e, "%s: internal statement %d does not prepare: %s", s->st->path,
		               s->id, sqlite3_errmsg(s->st->db));
	}
	int rc = sqlite3_step(s->s);
	s->st->last_rc = rc;
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_error(s->st, e, sqlite3_sql(s->s) ? "query failed" : "statement failed");
}

int stmt_exec(struct stmt *s, struct err *e)
{
	int rc = stmt_step(s, e);
	sqlite3_reset(s->s);
	return rc < 0 ? -1 : 0;
}

void stmt_reset(struct stmt *s)
{
	sqlite3_reset(s->s);
}

int64_t col_int(struct stmt *s, int col)
{
	return sqlite3_column_int64(s->s, col);
}

int64_t col_int_or(struct stmt *s, int col, int64_t if_null)
{
	if (sqlite3_column_type(s->s, col) == SQLITE_NULL)
		return if_null;
	return sqlite3_column_int64(s->s, col);
}

double col_double(struct stmt *s, int col)
{
	return sqlite3_column_double(s->s, col);
}

const char *col_text(struct stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s->s, col);
}

int col_isnull(struct stmt *s, int col)
{
	return sqlite3_column_type(s->s, col) == SQLITE_NULL;
}

int64_t store_last_rowid(struct store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

int64_t store_changes(struct store *st)
{
	return sqlite3_changes(st->db);
}

int store_was_unique_violation(struct store *st)
{
	return st->last_rc == SQLITE_CONSTRAINT_UNIQUE ||
	       st->last_rc == SQLITE_CONSTRAINT_PRIMARYKEY;
}

int store_vacuum(struct store *st, struct err *e)
{
	if (exec_sql(st, "PRAGMA wal_checkpoint(TRUNCATE)", e))
		return -1;
	if (exec_sql(st, "VACUUM", e))
		return -1;
	return exec_sql(st, "PRAGMA wal_checkpoint(TRUNCATE)", e);
}

void store_set_actor(struct store *st, const char *who)
{
	snprintf(st->actor, sizeof(st->actor), "%s", who);
}

const char *store_actor_(struct store *st)
{
	return st->actor;
}
