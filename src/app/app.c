/*
 * app.c — what every call of the application layer shares: the journal's
 * reference date, finding a customer by id or name, the audit entry of a
 * change, transactions, where a document may be written.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include "app_int.h"

day_t app_journal_as_of(const struct app_ctx *c)
{
	return c->as_of != DAY_NONE ? c->as_of : c->today + 1;
}

struct store *app_store(const struct app_ctx *c)
{
	if (c->actor && *c->actor)
		store_set_actor(c->st, c->actor);
	return c->st;
}

int app_customer_find(const struct app_ctx *c, const char *what, int64_t *key, struct strbuf *id,
                      struct err *e)
{
	struct stmt *s;
	struct strbuf cands = STRBUF_INIT, trimmed = STRBUF_INIT;
	int n = 0, exact = 0, rc;
	/* ids as import reads them (ingest_id_norm): spaces around dropped; an
	 * empty one is called so, not a prefix of every name */
	if (ingest_id_norm(what, "customer", &trimmed, e)) {
		char why[sizeof(e->msg)];
		snprintf(why, sizeof(why), "%s", e->msg);
		err_clear(e);
		sb_release(&trimmed);
		return err_set(e,
		               L(e->lang, "a customer id or name is needed; \"%s\" %s",
		                 "eine Kundennummer oder ein Name wird gebraucht; \"%s\" %s"),
		               what, why);
	}
	what = trimmed.buf;
	/* the exact id first, through its index (the name start needs a scan) */
	s = store_stmt(c->st, ST_CUSTOMER_KEY);
	stmt_text(s, 1, what);
	rc = stmt_step(s, e);
	if (rc == 1) {
		*key = col_int(s, 0);
		if (id) {
			sb_reset(id);
			sb_adds(id, what);
		}
	}
	stmt_reset(s);
	if (rc != 0) {
		sb_release(&trimmed);
		return rc < 0 ? APP_ERR : 0;
	}
	s = store_stmt(c->st, ST_CUSTOMER_BY_PREFIX);
	stmt_text(s, 1, what);
	while ((rc = stmt_step(s, e)) == 1) {
		const char *cid = col_text(s, 1), *name = col_text(s, 2);
		if (n == 0) {
			*key = col_int(s, 0);
			if (id) {
				sb_reset(id);
				sb_adds(id, cid);
			}
			exact = !strcmp(cid, what);
		}
		if (n < 10)
			sb_addf(&cands, "\n  %s  %s", cid, name ? name : "");
		n++;
		if (exact)
			break;
	}
	stmt_reset(s);
	if (rc < 0)
		rc = APP_ERR;
	else if (n == 0)
		rc = err_set(e, L(e->lang, "unknown customer \"%s\"", "unbekannter Kunde \"%s\""),
		             what);
	else if (n > 1 && !exact)
		rc = err_set(e,
		             L(e->lang, "\"%s\" is ambiguous; it matches:%s",
		               "\"%s\" ist mehrdeutig; es passt auf:%s"),
		             what, cands.buf);
	else
		rc = 0;
	sb_release(&cands);
	sb_release(&trimmed);
	return rc;
}

int app_customer_erased(const struct app_ctx *c, int64_t key, int *erased, struct err *e)
{
	*erased = 0;
	if (key <= 0)
		return 0;
	struct stmt *s = store_stmt(c->st, ST_J_G_CUSTOMER);
	stmt_int(s, 1, key);
	int rc = stmt_step(s, e);
	if (rc == 1)
		*erased = (int)col_int(s, 4);
	stmt_reset(s);
	return rc < 0 ? APP_ERR : 0;
}

int app_customer_for_change(const struct app_ctx *c, const char *what, int64_t *key,
                            struct strbuf *id, struct err *e)
{
	int erased;
	if (app_customer_find(c, what, key, id, e) || app_customer_erased(c, *key, &erased, e))
		return APP_ERR;
	if (erased)
		return err_set(
		    e,
		    L(e->lang, "customer %s was erased (GDPR); nothing more is recorded about it",
		      "Kunde %s wurde gelöscht (DSGVO); über ihn wird nichts mehr erfasst"),
		    id->buf);
	return 0;
}

int app_audit(const struct app_ctx *c, const char *action, int64_t cust, int64_t rows,
              struct err *e, const char *fmt, ...)
{
	struct strbuf detail = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&detail, fmt, ap);
	va_end(ap);
	int rc = store_audit(app_store(c), action, cust, detail.buf, rows, e);
	sb_release(&detail);
	return rc ? APP_ERR : 0;
}

int app_finish(const struct app_ctx *c, int rc, struct err *e)
{
	if (rc == 0 && store_commit(c->st, e))
		rc = APP_ERR;
	if (rc)
		store_rollback(c->st);
	return rc;
}

int app_text(const char *field, const char **val, struct err *e)
{
	if (!*val)
		return 0;
	if (!**val) {
		*val = NULL;
		return 0;
	}
	return journal_text_check(field, *val, e) ? APP_ERR : 0;
}

int app_output_check(const char *db, const char *path, struct err *e)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return 0;
		return err_set(
		    e, L(e->lang, "cannot write %s: %s", "%s lässt sich nicht schreiben: %s"), path,
		    strerror(errno));
	}
	snprintf(e->field, sizeof(e->field), "output");
	snprintf(e->value, sizeof(e->value), "%s", path);
	if (store_owns_path(db, path))
		return err_set(e, L(e->lang, "is the database; nothing written",
		                    "ist die Datenbank; nichts geschrieben"));
	if (!S_ISREG(sb.st_mode))
		return err_set(e, L(e->lang, "exists and is not a regular file; nothing written",
		                    "gibt es schon, und es ist keine gewöhnliche Datei; nichts "
		                    "geschrieben"));
	e->field[0] = e->value[0] = '\0';
	return 0;
}
