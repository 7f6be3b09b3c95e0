/*
 * app_admin.c — the model settings (listed, changed with an audit entry)
 * and filling the store: the demo data, and imports.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"

int app_settings_list(const struct app_ctx *c, const char *only, struct app_settings *out,
                      struct err *e)
{
	struct strbuf buf = STRBUF_INIT;
	memset(out, 0, sizeof(*out));
	out->v = xcalloc((size_t)model_setting_count, sizeof(*out->v));
	for (int i = 0; i < model_setting_count; i++) {
		const struct setting_def *d = &model_setting_defs[i];
		if (only && strcmp(only, d->key))
			continue;
		int rc = store_setting(c->st, d->key, &buf, e);
		if (rc < 0) {
			sb_release(&buf);
			return APP_ERR;
		}
		out->v[out->n].def = d;
		out->v[out->n].value = xstrdup(rc == 1 ? buf.buf : d->dflt);
		out->n++;
	}
	sb_release(&buf);
	return 0;
}

void app_settings_release(struct app_settings *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].value);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

int app_settings_set(const struct app_ctx *c, const char *key, const char *value, struct err *e)
{
	const struct setting_def *def = NULL;
	struct model_settings s;
	for (int i = 0; i < model_setting_count; i++)
		if (!strcmp(model_setting_defs[i].key, key))
			def = &model_setting_defs[i];
	if (!def) {
		err_set(e,
		        L(e->lang, "\"%s\" is not a setting (see treue settings)",
		          "\"%s\" ist keine Einstellung (siehe treue settings)"),
		        key);
		return APP_BAD_REQUEST;
	}
	if (str_eq_nocase(value, "default") || str_eq_nocase(value, "Vorgabe"))
		value = def->dflt;
	model_settings_default(&s);
	if (model_settings_apply(&s, key, value, e))
		return APP_ERR;
	/* stored with a decimal point, however it was typed */
	char canon[64];
	double x;
	if (num_parse_input(value, &x) == 0 && strlen(value) < sizeof(canon)) {
		snprintf(canon, sizeof(canon), "%s", value);
		char *comma = strchr(canon, ',');
		if (comma)
			*comma = '.';
		value = canon;
	}
	if (!strcmp(key, "currency"))
		value = s.currency; /* upper case */
	struct store *st = app_store(c);
	if (store_begin(st, e))
		return APP_ERR;
	int rc = store_setting_set(st, key, value, e) ||
	         app_audit(c, "settings", 0, 1, e, "%s=%s", key, value);
	return app_finish(c, rc ? APP_ERR : 0, e);
}

int app_demo(const struct app_ctx *c, const struct demo_opts *o, int force,
             void (*writing)(void *arg), void *arg, struct demo_counts *n, struct err *e)
{
	struct store *st = app_store(c);
	struct strbuf detail = STRBUF_INIT;
	char end[11];
	if (!force) {
		/* any customer means the database holds data */
		struct stmt *s = store_stmt(st, ST_DS_CUSTOMERS);
		int rc = stmt_step(s, e);
		stmt_reset(s);
		if (rc < 0)
			return APP_ERR;
		if (rc == 1)
			return err_set(
			    e,
			    L(e->lang,
			      "%s already holds data; the demo fills only an empty database "
			      "(--force adds it anyway)",
			      "%s enthält schon Daten; die Demo füllt nur eine leere "
			      "Datenbank (--force fügt sie trotzdem hinzu)"),
			    store_path(st));
	}
	if (store_begin(st, e))
		return APP_ERR;
	int rc = demo_into_store(o, st, n, e) ? APP_ERR : 0;
	if (rc == 0) {
		sb_addf(&detail,
		        "seed=%" PRIu64
		        " customers=%ld years=%d orders-per-customer=%g until=%s texts=%s",
		        o->seed, o->customers, o->years, o->orders_per_customer,
		        day_format(o->end, end), o->texts == LANG_DE ? "de" : "en");
		int64_t rows = n->customers + n->orders + n->surveys + n->dialogs + n->promises +
		               n->complaints + n->stories + n->referrals + n->departures;
		rc = app_audit(c, "demo", 0, rows, e, "%s", detail.buf);
	}
	if (rc == 0 && writing)
		writing(arg);
	sb_release(&detail);
	return app_finish(c, rc, e);
}

int app_import(const struct app_ctx *c, const struct ingest_opts *o, const char *const *files,
               int nfiles, struct ingest_result *r, struct err *e)
{
	struct store *st = o->dry_run ? NULL : c->st;
	if (st)
		app_store(c);
	return ingest_run(st, o, files, nfiles, r, e) ? APP_ERR : 0;
}
