/*
 * store_common.c — store functions written once over the statement API,
 * the same for every backend: settings, data version, audit, customer keys.
 */
#include <string.h>

#include "store_int.h"

const char *store_setting(struct store *st, const char *key, const char *dflt, struct strbuf *buf)
{
	struct stmt *s = store_stmt(st, ST_SETTING_GET);
	stmt_text(s, 1, key);
	if (stmt_step(s, NULL) == 1) {
		sb_reset(buf);
		sb_adds(buf, col_text(s, 0));
		stmt_reset(s);
		return buf->buf;
	}
	stmt_reset(s);
	return dflt;
}

int store_setting_set(struct store *st, const char *key, const char *value, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_SETTING_SET);
	stmt_text(s, 1, key);
	stmt_text(s, 2, value);
	return stmt_exec(s, e);
}

int64_t store_data_version(struct store *st)
{
	struct stmt *s = store_stmt(st, ST_META_GET);
	int64_t v = 0;
	stmt_text(s, 1, "data_version");
	if (stmt_step(s, NULL) == 1)
		v = col_int(s, 0);
	stmt_reset(s);
	return v;
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
	return stmt_exec(store_stmt(st, ST_DATA_VERSION_BUMP), e);
}

int store_audit(struct store *st, const char *action, const char *detail, int64_t rows,
                struct err *e)
{
	struct stmt *s = store_stmt(st, ST_AUDIT_ADD);
	stmt_text(s, 1, store_actor_(st));
	stmt_text(s, 2, action);
	stmt_text(s, 3, detail);
	stmt_int(s, 4, rows);
	if (stmt_exec(s, e))
		return -1;
	/* every change is audited, so every change moves the data version on:
	 * cached fits and the dataset snapshot know they are stale */
	return store_bump_data_version(st, e);
}

int store_customer_key(struct store *st, const char *customer_id, int create, int64_t *key,
                       struct err *e)
{
	struct strmap *cache = store_custcache_(st);
	int64_t *hit = strmap_get(cache, customer_id);
	if (hit) {
		*key = *hit;
		return 0;
	}
	struct stmt *s = store_stmt(st, ST_CUSTOMER_KEY);
	stmt_text(s, 1, customer_id);
	int rc = stmt_step(s, e);
	if (rc == 1) {
		*key = col_int(s, 0);
		stmt_reset(s);
		strmap_put(cache, customer_id, *key);
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
	if (stmt_exec(s, e))
		return -1;
	*key = store_last_rowid(st);
	strmap_put(cache, customer_id, *key);
	return 1;
}
