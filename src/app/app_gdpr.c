/*
 * app_gdpr.c — what treue holds about one customer, and forgetting it:
 * the export (the customer, its orders, every journal entry that mentions
 * it and the audit entries about it), audited only once it is delivered;
 * and the erase (personal texts deleted, the customer id replaced by a
 * random pseudonym, orders and numbers kept for accounting, the deleted
 * content purged from the database's files).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "app_int.h"

static int export_customer(const struct app_ctx *c, struct app_export *x, struct err *e)
{
	struct stmt *s = store_stmt(c->st, ST_J_G_CUSTOMER_FULL);
	stmt_int(s, 1, x->key);
	int rc = stmt_step(s, e);
	if (rc != 1) {
		stmt_reset(s);
		return rc < 0 ? APP_ERR : err_set(e, "BUG: customer %" PRId64 " vanished", x->key);
	}
	x->customer_id = jpool_dup(&x->pool, col_text(s, 0));
	x->name = jpool_dup(&x->pool, col_text(s, 1));
	x->industry = jpool_dup(&x->pool, col_text(s, 2));
	x->region = jpool_dup(&x->pool, col_text(s, 3));
	x->owner = jpool_dup(&x->pool, col_text(s, 4));
	x->acquired_on = col_day(s, 5);
	x->acquisition_cost = col_int_or(s, 6, MONEY_NONE);
	x->erased = (int)col_int(s, 7);
	stmt_reset(s);
	return 0;
}

static int export_orders(const struct app_ctx *c, struct app_export *x, struct err *e)
{
	struct stmt *s = store_stmt(c->st, ST_J_X_ORDERS);
	size_t alloc = 0;
	int rc;
	stmt_int(s, 1, x->key);
	while ((rc = stmt_step(s, e)) == 1) {
		ALLOC_GROW(x->orders, x->norders + 1, alloc);
		struct app_order *o = &x->orders[x->norders++];
		o->order_id = jpool_dup(&x->pool, col_text(s, 0));
		o->date = (day_t)col_int(s, 1);
		o->revenue = col_int(s, 2);
		o->margin = col_int_or(s, 3, MONEY_NONE);
	}
	stmt_reset(s);
	return rc < 0 ? APP_ERR : 0;
}

int app_export(const struct app_ctx *c, const char *who, struct app_export *x, struct err *e)
{
	memset(x, 0, sizeof(*x));
	if (app_customer_find(c, who, &x->key, NULL, e) || export_customer(c, x, e) ||
	    export_orders(c, x, e))
		return APP_ERR;
	for (int k = 0; k < JK__COUNT; k++)
		if (app_list_of(c, (enum journal_kind)k, x->key, &x->lists[k], e))
			return APP_ERR;
	return app_audit_read(c, NULL, x->key, &x->audit, e);
}

void app_export_release(struct app_export *x)
{
	free(x->orders);
	for (int k = 0; k < JK__COUNT; k++)
		app_list_release(&x->lists[k]);
	app_audit_release(&x->audit);
	jpool_release(&x->pool);
	memset(x, 0, sizeof(*x));
}

int app_export_deliver(const struct app_ctx *c, const struct app_export *x, int to_file,
                       int (*deliver)(void *arg, struct err *e), void *arg, struct err *e)
{
	if (store_begin(app_store(c), e))
		return APP_ERR;
	int rc = app_audit(c, "export", x->key, 1, e, "customer data exported%s%s",
	                   to_file ? " to a file" : "", x->erased ? " (erased customer)" : "");
	if (rc == 0 && deliver(arg, e))
		rc = APP_ERR;
	return app_finish(c, rc, e);
}

/* "erased-" and 16 random hex digits: irreversible, not derived from the id. */
static int make_pseudonym(char buf[static 24])
{
	unsigned char r[8];
	size_t got = 0;
	while (got < sizeof(r)) {
		ssize_t n = getrandom(r + got, sizeof(r) - got, 0);
		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0)
			got += (size_t)n;
	}
	snprintf(buf, 24, "erased-%02x%02x%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4],
	         r[5], r[6], r[7]);
	return 0;
}

int app_erase_find(const struct app_ctx *c, const char *who, struct app_erase *x, struct err *e)
{
	memset(x, 0, sizeof(*x));
	sb_init(&x->id);
	sb_init(&x->name);
	if (app_customer_find(c, who, &x->key, &x->id, e))
		return APP_ERR;
	struct stmt *s = store_stmt(c->st, ST_J_G_CUSTOMER);
	int erased = 0, rc;
	stmt_int(s, 1, x->key);
	if ((rc = stmt_step(s, e)) == 1) {
		sb_adds(&x->name, col_text(s, 2) ? col_text(s, 2) : "");
		erased = (int)col_int(s, 4);
	}
	stmt_reset(s);
	if (rc < 0)
		return APP_ERR;
	if (erased)
		return err_set(e, L(e->lang, "%s is already erased", "%s ist schon gelöscht"),
		               x->id.buf);
	return 0;
}

/* The erase statements, each about the customer ?1. */
static const enum db_stmt scrub_steps[] = {
    ST_J_E_ORDERS,     ST_J_E_SURVEYS, ST_J_E_DIALOGS,    ST_J_E_PROMISES,
    ST_J_E_COMPLAINTS, ST_J_E_STORIES, ST_J_E_DEPARTURES, ST_J_E_REFERRALS,
};

static int scrub(const struct app_ctx *c, const struct app_erase *x, int64_t *rows, struct err *e)
{
	for (size_t i = 0; i < ARRAY_SIZE(scrub_steps); i++) {
		struct stmt *s = store_stmt(c->st, scrub_steps[i]);
		int64_t n = 0;
		stmt_int(s, 1, x->key);
		if (scrub_steps[i] == ST_J_E_STORIES) {
			stmt_text(s, 2, x->name.len ? x->name.buf : NULL);
			stmt_text(s, 3, x->id.buf);
		}
		if (stmt_exec_count(s, &n, e))
			return APP_ERR;
		*rows += n;
	}
	struct stmt *s = store_stmt(c->st, ST_J_E_CUSTOMER);
	stmt_int(s, 1, x->key);
	stmt_text(s, 2, x->pseudonym);
	return stmt_exec(s, e) ? APP_ERR : 0;
}

int app_erase(const struct app_ctx *c, struct app_erase *x, struct err *e)
{
	struct store *st = app_store(c);
	int64_t rows = 0;
	if (make_pseudonym(x->pseudonym))
		return err_set(e,
		               L(e->lang, "no random numbers for the pseudonym: %s",
		                 "keine Zufallszahlen für das Pseudonym: %s"),
		               strerror(errno));
	struct stmt *s = store_stmt(st, ST_J_X_TOTALS);
	stmt_int(s, 1, x->key);
	int rc = stmt_step(s, e);
	if (rc == 1) {
		x->orders = col_int(s, 0);
		x->revenue = col_int(s, 1);
	}
	stmt_reset(s);
	if (rc < 0 || store_begin(st, e))
		return APP_ERR;
	rc = scrub(c, x, &rows, e) ||
	     app_audit(c, "erase", x->key, rows + 1, e,
	               "customer erased (GDPR): personal texts deleted, id pseudonymised; %" PRId64
	               " orders kept",
	               x->orders);
	if (app_finish(c, rc ? APP_ERR : 0, e))
		return APP_ERR;
	x->erased = 1;
	store_forget_cache(st);
	/* the dataset snapshot beside the database holds customer names */
	snapshot_remove(store_path(st));
	if (store_purge_deleted(st, e)) {
		char why[sizeof(e->msg)];
		snprintf(why, sizeof(why), "%s", e->msg);
		return err_set(
		    e,
		    L(e->lang,
		      "%s was erased, but the file could not be vacuumed (%s): old copies "
		      "may remain until treue erase or VACUUM runs again",
		      "%s wurde gelöscht, aber die Datei ließ sich nicht verdichten (%s): "
		      "alte Kopien können bleiben, bis treue erase oder VACUUM erneut "
		      "läuft"),
		    x->id.buf, why);
	}
	return 0;
}

void app_erase_release(struct app_erase *x)
{
	sb_release(&x->id);
	sb_release(&x->name);
	memset(x, 0, sizeof(*x));
}
