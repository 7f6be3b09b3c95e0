/*
 * store_common.c — store functions written once over the statement API,
 * the same for every backend: settings, data version and waiting for it
 * to change, audit, customer keys.
 */
#include <string.h>
#include <time.h>

#include "store_int.h"

int store_setting(struct store *st, const char *key, struct strbuf *value, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_SETTING_GET);
	stmt_text(s, 1, key);
	int rc = stmt_step(s, e);
	if (rc == 1) {
		sb_reset(value);
		sb_adds(value, col_text(s, 0));
	}
	stmt_reset(s);
	return rc;
}

int store_setting_set(struct store *st, const char *key, const char *value, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_SETTING_SET);
	stmt_text(s, 1, key);
	stmt_text(s, 2, value);
	return stmt_exec(s, e);
}

static int version_missing(struct store *st, struct err *e)
{
	return err_set(e,
	               L(e->lang, "%s: the data version is missing", "%s: die Datenversion fehlt"),
	               st->path);
}

int store_data_version(struct store *st, int64_t *version, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_META_GET);
	stmt_text(s, 1, "data_version");
	int rc = stmt_step(s, e);
	if (rc == 1)
		*version = col_int(s, 0);
	stmt_reset(s);
	if (rc == 0)
		return version_missing(st, e);
	return rc < 0 ? -1 : 0;
}

static int meta_get(struct store *st, const char *key, int64_t *v, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_META_GET);
	stmt_text(s, 1, key);
	int rc = stmt_step(s, e);
	if (rc == 1)
		*v = col_int(s, 0);
	stmt_reset(s);
	if (rc == 0)
		return err_set(
		    e, L(e->lang, "%s: the database has no %s", "%s: der Datenbank fehlt %s"),
		    store_path(st), key);
	return rc < 0 ? -1 : 0;
}

int store_identity(struct store *st, struct store_identity *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	if (meta_get(st, "store_id", &out->id, e) ||
	    meta_get(st, "data_version", &out->version, e) ||
	    meta_get(st, "data_stamp", &out->stamp, e))
		return -1;
	return 0;
}

int store_bump_data_version(struct store *st, struct err *e)
{
	int64_t rows = 0;
	if (stmt_exec_count(store_stmt(st, ST_DATA_VERSION_BUMP), &rows, e))
		return -1;
	/* two rows: the version and the stamp (schema 5) */
	return rows == 2 ? 0 : version_missing(st, e);
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int store_wait_change(struct store *st, int64_t known, int timeout_ms, int poll_ms,
                      int64_t *version, struct err *e)
{
	/* listen before reading, so that no change falls between the two */
	int notices = st->be->listen && st->be->listen(st, e) == 0;
	int64_t end = now_ms() + timeout_ms;
	if (poll_ms < 1)
		poll_ms = 1;
	for (;;) {
		if (store_data_version(st, version, e))
			return -1;
		if (*version != known)
			return 1;
		int64_t left = end - now_ms();
		if (left <= 0)
			return 0;
		int wait = left < poll_ms ? (int)left : poll_ms;
		if (notices) {
			/* a notice, or the poll interval as a fallback */
			if (st->be->wait_notice(st, wait, e) < 0)
				return -1;
		} else {
			struct timespec ts = {wait / 1000, (long)(wait % 1000) * 1000000L};
			nanosleep(&ts, NULL);
		}
	}
}

int store_audit(struct store *st, const char *action, int64_t cust, const char *detail,
                int64_t rows, struct err *e)
{
	return store_audit_as(st, st->actor, action, cust, detail, rows, e);
}

int store_audit_as(struct store *st, const char *who, const char *action, int64_t cust,
                   const char *detail, int64_t rows, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_AUDIT_ADD);
	stmt_text(s, 1, who);
	stmt_text(s, 2, action);
	stmt_text(s, 3, detail);
	stmt_int(s, 4, rows);
	stmt_int_or_null(s, 5, cust, 0);
	if (stmt_exec(s, e))
		return -1;
	/* every change is audited, so every change moves the data version on:
	 * cached fits and the dataset snapshot know they are stale */
	return store_bump_data_version(st, e);
}

uint64_t store_customer_hash(const char *customer_id)
{
	return custkeys_hash(customer_id);
}

void store_customer_prefetch(const struct store *st, uint64_t hash)
{
	custkeys_prefetch(&st->custcache, hash);
}

int store_customer_key(struct store *st, const char *customer_id, int create, int64_t *key,
                       struct err *e)
{
	return store_customer_key_hashed(st, customer_id, custkeys_hash(customer_id), create, key,
	                                 e);
}

int store_customer_key_hashed(struct store *st, const char *customer_id, uint64_t hash, int create,
                              int64_t *key, struct err *e)
{
	if (custkeys_get_hashed(&st->custcache, customer_id, hash, key))
		return 0;
	/* customers created ahead of the table (store_fresh.c) are in it first */
	if (store_customers_flush(st, e))
		return -1;
	struct stmt *s = store_stmt(st, ST_CUSTOMER_KEY);
	stmt_text(s, 1, customer_id);
	int rc = stmt_step(s, e);
	if (rc == 1) {
		*key = col_int(s, 0);
		stmt_reset(s);
		custkeys_put_hashed(&st->custcache, customer_id, hash, *key);
		return 0;
	}
	stmt_reset(s);
	if (rc < 0)
		return -1;
	if (!create) {
		err_set(e, L(e->lang, "unknown customer \"%s\"", "unbekannter Kunde \"%s\""),
		        customer_id);
		return -1;
	}
	s = store_stmt(st, ST_CUSTOMER_CREATE);
	stmt_text(s, 1, customer_id);
	if (stmt_insert(s, key, e))
		return -1;
	custkeys_put_hashed(&st->custcache, customer_id, hash, *key);
	return 1;
}
