/*
 * store.c — the store's front: chooses the backend by the path or URL
 * given to store_open, and passes every connection, transaction and
 * statement function of store.h through its table (store_int.h).
 */
#include <pwd.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_int.h"

/* The OS user, the actor of changes unless the caller names another. */
static void default_actor(struct store *st)
{
	const char *u = getenv("USER");
	struct passwd pw, *res = NULL;
	char buf[1024];
	if ((!u || !*u) && getpwuid_r(getuid(), &pw, buf, sizeof(buf), &res) == 0 && res)
		u = res->pw_name;
	snprintf(st->actor, sizeof(st->actor), "%s", u && *u ? u : "unknown");
}

int store_is_server(const char *path)
{
	return path && (!strncmp(path, "postgres://", 11) || !strncmp(path, "postgresql://", 13));
}

/* The backend of a path or URL: a PostgreSQL URL or an SQLite file. */
static const struct store_backend *backend_of(const char *path)
{
	if (store_is_server(path))
		return &store_pg_backend;
	return &store_sqlite_backend;
}

int store_open(const char *path, int readonly, struct store **out, struct err *e)
{
	struct store *st;
	*out = NULL;
	if (!path || !*path)
		return err_set(
		    e, L(e->lang, "the database path is empty", "der Pfad der Datenbank ist leer"));
	const struct store_backend *be = backend_of(path);
	struct strbuf shown = STRBUF_INIT;
	st = xcalloc(1, sizeof(*st));
	st->be = be;
	st->target = xstrdup(path);
	be->shown(path, &shown);
	st->path = sb_detach(&shown);
	default_actor(st);
	if (st->be->open(st, readonly, e)) {
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

int store_open_reader(struct store *st, struct store **out, struct err *e)
{
	if (store_open(st->target, 1, out, e))
		return -1;
	if (st->be->share_snapshot)
		st->be->share_snapshot(st, *out);
	return 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	bycust_discard(st);
	st->be->close(st);
	store_forget_cache(st);
	free(st->path);
	free(st->target);
	free(st);
}

const char *store_path(const struct store *st)
{
	return st->path;
}

const char *store_kind(const struct store *st)
{
	return st->be->name;
}

void store_forget_cache(struct store *st)
{
	custkeys_release(&st->custcache);
	u64set_release(&st->seen);
	store_customers_forget(st);
}

void store_bulk_writes(struct store *st, int alone)
{
	store_forget_cache(st);
	st->be->bulk_writes(st, alone);
}

int store_begin(struct store *st, struct err *e)
{
	u64set_release(&st->seen);
	return st->be->begin(st, 1, e);
}

int store_commit(struct store *st, struct err *e)
{
	if (store_customers_flush(st, e) || bycust_finish(st, e))
		return -1;
	return st->be->commit(st, e);
}

void store_rollback(struct store *st)
{
	bycust_discard(st);
	st->be->rollback(st);
	store_forget_cache(st);
}

int store_begin_read(struct store *st, struct err *e)
{
	return st->be->begin(st, 0, e);
}

void store_end_read(struct store *st)
{
	st->be->rollback(st);
}

int store_purge_deleted(struct store *st, struct err *e)
{
	return st->be->purge_deleted(st, e);
}

int store_owns_path(const char *db, const char *path)
{
	const struct store_backend *be = backend_of(db);
	struct stat sb;
	if (!be || stat(path, &sb) != 0)
		return 0;
	return be->owns_file(db, (uint64_t)sb.st_dev, (uint64_t)sb.st_ino);
}

void store_set_actor(struct store *st, const char *who)
{
	snprintf(st->actor, sizeof(st->actor), "%s", who);
}

const char *store_actor(const struct store *st)
{
	return st->actor;
}

/* ---- statements ---- */

int store_stmt_check(struct store *st, enum db_stmt id, struct err *e)
{
	return st->be->check(st, id, e);
}

struct stmt *store_stmt(struct store *st, enum db_stmt id)
{
	return st->be->prepare(st, id);
}

void stmt_int(struct stmt *s, int idx, int64_t v)
{
	s->st->be->bind_int(s, idx, v);
}

void stmt_text(struct stmt *s, int idx, const char *v)
{
	if (v)
		s->st->be->bind_text(s, idx, v, SIZE_MAX, 0);
	else
		s->st->be->bind_null(s, idx);
}

void stmt_textn(struct stmt *s, int idx, const char *v, size_t n)
{
	s->st->be->bind_text(s, idx, v, n, 0);
}

void stmt_text_kept(struct stmt *s, int idx, const char *v)
{
	s->st->be->bind_text(s, idx, v, SIZE_MAX, 1);
}

void stmt_double(struct stmt *s, int idx, double v)
{
	s->st->be->bind_double(s, idx, v);
}

void stmt_null(struct stmt *s, int idx)
{
	s->st->be->bind_null(s, idx);
}

void stmt_int_or_null(struct stmt *s, int idx, int64_t v, int64_t none)
{
	if (v == none)
		s->st->be->bind_null(s, idx);
	else
		s->st->be->bind_int(s, idx, v);
}

int stmt_step(struct stmt *s, struct err *e)
{
	return s->st->be->step(s, e);
}

int stmt_exec(struct stmt *s, struct err *e)
{
	int rc = s->st->be->step(s, e);
	s->st->be->reset(s);
	return rc < 0 ? -1 : 0;
}

int stmt_exec_count(struct stmt *s, int64_t *rows, struct err *e)
{
	return s->st->be->exec_count(s, rows, e);
}

int stmt_insert(struct stmt *s, int64_t *id, struct err *e)
{
	int rc = s->st->be->insert(s, id, e);
	if (rc == 0)
		return err_set(e, "%s: internal statement %d inserted no row", s->st->path,
		               (int)s->id);
	return rc < 0 ? -1 : 0;
}

int stmt_insert_new(struct stmt *s, int64_t *id, struct err *e)
{
	return s->st->be->insert(s, id, e);
}

void stmt_reset(struct stmt *s)
{
	s->st->be->reset(s);
}

int64_t col_int(struct stmt *s, int col)
{
	return s->st->be->col_int(s, col);
}

int64_t col_int_or(struct stmt *s, int col, int64_t if_null)
{
	if (s->st->be->col_isnull(s, col))
		return if_null;
	return s->st->be->col_int(s, col);
}

double col_double(struct stmt *s, int col)
{
	return s->st->be->col_double(s, col);
}

const char *col_text(struct stmt *s, int col)
{
	return s->st->be->col_text(s, col);
}

int col_isnull(struct stmt *s, int col)
{
	return s->st->be->col_isnull(s, col);
}
