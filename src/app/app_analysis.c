/*
 * app_analysis.c — what every model call starts from: the settings
 * (defaults, then those stored, then the request's overrides), the dataset
 * loaded from the store, the reference date D (by default the day after the
 * latest order dated on or before today) with the orders dated after
 * today; and the buy-till-you-die
 * parameters of a D, fitted once per data version: looked up in the fit
 * table, else fitted and stored with the D and the data version, so that
 * reports do not refit while nothing changed.
 */
#include <stdio.h>
#include <string.h>

#include "app_int.h"

int app_settings_resolve(const struct app_ctx *c, struct model_settings *set, struct err *e)
{
	struct strbuf buf = STRBUF_INIT;
	model_settings_default(set);
	for (int i = 0; i < model_setting_count; i++) {
		const char *key = model_setting_defs[i].key;
		int rc = store_setting(c->st, key, &buf, e);
		if (rc < 0 || (rc == 1 && model_settings_apply(set, key, buf.buf, e))) {
			sb_release(&buf);
			return APP_ERR;
		}
	}
	sb_release(&buf);
	for (int i = 0; i < c->noverrides; i++) {
		const char *kv = c->overrides[i];
		const char *eq = strchr(kv, '=');
		char key[64];
		if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof(key)) {
			err_set(e,
			        L(e->lang, "--set takes KEY=VALUE, not \"%s\"",
			          "--set erwartet SCHLÜSSEL=WERT, nicht \"%s\""),
			        kv);
			return APP_BAD_REQUEST;
		}
		memcpy(key, kv, (size_t)(eq - kv));
		key[eq - kv] = '\0';
		if (model_settings_apply(set, key, eq + 1, e))
			return APP_BAD_REQUEST;
	}
	return 0;
}

/* D and the orders dated after today, of a loaded dataset. */
static int analysis_dates(const struct app_ctx *c, struct app_analysis *a, struct err *e);
static int fit_store(const struct app_ctx *c, const struct app_analysis *a, day_t D, int mbg,
                     const struct btyd_params_all *p, struct err *e);

int app_analysis_load(const struct app_ctx *c, struct app_analysis *a, struct err *e)
{
	memset(a, 0, sizeof(*a));
	int rc = app_settings_resolve(c, &a->set, e);
	if (rc)
		return rc;
	if (dataset_load(c->st, &a->ds, e))
		return APP_ERR;
	a->loaded = 1;
	return analysis_dates(c, a, e);
}

int app_audit_last(const struct app_ctx *c, int64_t *id, struct err *e)
{
	struct stmt *s = store_stmt(c->st, ST_AUDIT_LAST);
	int rc = stmt_step(s, e);
	*id = rc == 1 ? col_int(s, 0) : 0;
	stmt_reset(s);
	return rc < 0 ? APP_ERR : 0;
}

/* Whether an audit entry changes only the journal (or no data at all). */
static int journal_change(const char *action, const char *detail)
{
	static const char *const kinds[] = {"dialog ",   "promise ",   "complaint ", "story ",
	                                    "referral ", "departure ", "survey "};
	if (!action)
		return 0;
	if (!strcmp(action, "export") || !strncmp(action, "user ", 5))
		return 1;
	if (strcmp(action, "add") && strcmp(action, "edit") && strcmp(action, "delete") &&
	    strcmp(action, "close"))
		return 0;
	for (size_t k = 0; detail && k < ARRAY_SIZE(kinds); k++)
		if (!strncmp(detail, kinds[k], strlen(kinds[k])))
			return 1;
	return 0;
}

int app_analysis_update(const struct app_ctx *c, const struct app_analysis *base, int64_t since,
                        struct app_analysis *out, int64_t *last, int *journal_only, struct err *e)
{
	int only = base && base->loaded, rc;
	*journal_only = 0;
	memset(out, 0, sizeof(*out));
	if (only) {
		rc = app_settings_resolve(c, &out->set, e);
		if (rc)
			return rc;
		if (store_begin_read(c->st, e))
			return APP_ERR;
		struct stmt *s = store_stmt(c->st, ST_AUDIT_SINCE);
		*last = since;
		stmt_int(s, 1, since);
		while (only && (rc = stmt_step(s, e)) == 1) {
			*last = col_int(s, 0);
			only = journal_change(col_text(s, 1), col_text(s, 2));
		}
		stmt_reset(s);
		if (rc < 0) {
			store_end_read(c->st);
			return APP_ERR;
		}
		if (only) {
			const struct dataset *root = base->ds.shares ? base->ds.shares : &base->ds;
			rc = dataset_load_journal(c->st, root, &out->ds, e);
			store_end_read(c->st);
			if (rc)
				return APP_ERR;
			out->loaded = 1;
			*journal_only = 1;
			return analysis_dates(c, out, e);
		}
		store_end_read(c->st);
	}
	/* everything: the audit entry noted first, so that nothing the load
	 * includes is missed by the next update (one more is harmless) */
	if (app_audit_last(c, last, e))
		return APP_ERR;
	return app_analysis_load(c, out, e);
}

static int analysis_dates(const struct app_ctx *c, struct app_analysis *a, struct err *e)
{
	a->today = c->today;
	a->as_of = model_default_as_of(&a->ds, c->today, &a->fut);
	if (c->as_of != DAY_NONE)
		a->as_of = c->as_of;
	/* every date the model derives stays within 1900-9999: it looks two
	 * windows back from D and the horizon ahead */
	if (day_span_check(a->as_of, 2 * (int64_t)a->set.window, 366 * (int64_t)a->set.horizon,
	                   e)) {
		app_analysis_release(a);
		return APP_BAD_REQUEST;
	}
	if (a->fut.count &&
	    dataset_order_id(c->st, &a->ds, a->fut.first_cust, a->fut.first, a->fut.first_order_id,
	                     sizeof(a->fut.first_order_id), e)) {
		app_analysis_release(a);
		return APP_ERR;
	}
	return 0;
}

int app_future_orders(const struct app_ctx *c, struct future_orders *f, struct err *e)
{
	memset(f, 0, sizeof(*f));
	f->latest = f->first = DAY_NONE;
	if (c->future) {
		*f = *c->future;
		return 0;
	}
	struct stmt *s = store_stmt(c->st, ST_FUTURE_ORDERS);
	stmt_int(s, 1, c->today);
	int rc = stmt_step(s, e);
	if (rc == 1 && col_int(s, 0) > 0) {
		f->count = col_int(s, 0);
		f->first = (day_t)col_int(s, 1);
		f->latest = (day_t)col_int(s, 2);
	}
	stmt_reset(s);
	if (rc < 0)
		return APP_ERR;
	if (!f->count)
		return 0;
	s = store_stmt(c->st, ST_FUTURE_FIRST);
	stmt_int(s, 1, f->first);
	rc = stmt_step(s, e);
	if (rc == 1) {
		snprintf(f->first_customer_id, sizeof(f->first_customer_id), "%s",
		         col_text(s, 0) ? col_text(s, 0) : "");
		snprintf(f->first_order_id, sizeof(f->first_order_id), "%s",
		         col_text(s, 1) ? col_text(s, 1) : "");
	}
	stmt_reset(s);
	return rc < 0 ? APP_ERR : 0;
}

int app_purchase_model_reuse(const struct app_ctx *c, const struct app_analysis *a,
                             const struct btyd_params_all *given, int score,
                             struct btyd_result *out, struct err *note)
{
	struct btyd_params_all p = *given;
	memset(out, 0, sizeof(*out));
	model_btyd(&a->ds, a->as_of, &a->set, p.model_mbg, &p, score, out);
	/* the same parameters under the new data version: the command line
	 * finds them instead of fitting again (a read-only database only
	 * loses that) */
	if (out->ok)
		fit_store(c, a, a->as_of, p.model_mbg, &p, note);
	return 0;
}

void app_fit_keep(const struct app_ctx *c, const struct app_analysis *a,
                  const struct btyd_params_all *p, struct err *note)
{
	fit_store(c, a, a->as_of, p->model_mbg, p, note);
}

void app_analysis_release(struct app_analysis *a)
{
	if (a->loaded)
		dataset_release(&a->ds);
	memset(a, 0, sizeof(*a));
}

static const char *model_name(int mbg)
{
	return mbg ? "mbgnbd" : "bgnbd";
}

static void params_text(const struct btyd_params_all *p, struct strbuf *sb)
{
	sb_addf(sb, "r=%.17g alpha=%.17g a=%.17g b=%.17g loglik=%.17g n=%zu repeat=%zu gg=%d",
	        p->bg.r, p->bg.alpha, p->bg.a, p->bg.b, p->loglik, p->customers, p->repeat_buyers,
	        p->has_gg);
	if (p->has_gg)
		sb_addf(sb, " p=%.17g q=%.17g gamma=%.17g", p->gg.p, p->gg.q, p->gg.gamma);
}

static int params_parse(const char *s, struct btyd_params_all *p)
{
	int n = 0;
	memset(p, 0, sizeof(*p));
	if (!s || sscanf(s, "r=%lg alpha=%lg a=%lg b=%lg loglik=%lg n=%zu repeat=%zu gg=%d%n",
	                 &p->bg.r, &p->bg.alpha, &p->bg.a, &p->bg.b, &p->loglik, &p->customers,
	                 &p->repeat_buyers, &p->has_gg, &n) != 8)
		return -1;
	if (p->has_gg &&
	    sscanf(s + n, " p=%lg q=%lg gamma=%lg", &p->gg.p, &p->gg.q, &p->gg.gamma) != 3)
		return -1;
	return 0;
}

/* Stores fitted parameters and drops those of older data versions. */
static int fit_store(const struct app_ctx *c, const struct app_analysis *a, day_t D, int mbg,
                     const struct btyd_params_all *p, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	params_text(p, &sb);
	struct stmt *s = store_stmt(c->st, ST_FIT_PUT);
	stmt_text(s, 1, model_name(mbg));
	stmt_int(s, 2, D);
	stmt_int(s, 3, a->ds.data_version);
	stmt_text(s, 4, sb.buf);
	stmt_double(s, 5, p->loglik);
	stmt_int(s, 6, (int64_t)p->customers);
	int rc = stmt_exec(s, e);
	sb_release(&sb);
	if (rc == 0) {
		s = store_stmt(c->st, ST_FIT_PRUNE);
		stmt_int(s, 1, a->ds.data_version);
		rc = stmt_exec(s, e);
	}
	return rc;
}

/* The fit stored for model mbg at D and data version `version` into *p:
 * 1, or 0 when there is none (a stored text that does not parse counts as
 * none: it is fitted anew), -1 on a read error. */
static int fit_get(const struct app_ctx *c, int mbg, day_t D, int64_t version,
                   struct btyd_params_all *p, struct err *e)
{
	struct stmt *s = store_stmt(c->st, ST_FIT_GET);
	stmt_text(s, 1, model_name(mbg));
	stmt_int(s, 2, D);
	stmt_int(s, 3, version);
	int rc = stmt_step(s, e);
	int have = rc == 1 && params_parse(col_text(s, 0), p) == 0;
	stmt_reset(s);
	return rc < 0 ? -1 : have;
}

int app_purchase_model(const struct app_ctx *c, const struct app_analysis *a, day_t D, int mbg,
                       int score, int refit, struct btyd_result *out, struct err *note,
                       struct err *e)
{
	struct btyd_params_all p;
	int have = 0, rc = 0;
	memset(out, 0, sizeof(*out));
	err_init(note, e->lang);
	if (!refit) {
		if ((rc = fit_get(c, mbg, D, a->ds.data_version, &p, e)) < 0)
			return APP_ERR;
		have = rc;
		/* the orders are those of an earlier version (only the journal
		 * changed since): that version's fit holds, kept for this one */
		if (!have && a->ds.orders_version && a->ds.orders_version != a->ds.data_version) {
			if ((rc = fit_get(c, mbg, D, a->ds.orders_version, &p, e)) < 0)
				return APP_ERR;
			have = rc ? 2 : 0;
		}
	}
	p.model_mbg = mbg;
	/* a few orders added since a version that has a fit: fitted afresh,
	 * from there (the same maximum, found in a few steps) */
	if (!have && !refit && a->ds.orders_near_version &&
	    (rc = fit_get(c, mbg, D, a->ds.orders_near_version, &p, e)) != 0) {
		if (rc < 0)
			return APP_ERR;
		p.model_mbg = mbg;
		model_btyd_near(&a->ds, D, &a->set, mbg, &p, score, out);
	} else {
		model_btyd(&a->ds, D, &a->set, mbg, have ? &p : NULL, score, out);
	}
	/* a read-only or busy database keeps working without the cache: the
	 * note says why the fit was not stored */
	if (out->ok && (out->fitted || have == 2))
		fit_store(c, a, D, mbg, &out->par, note);
	return 0;
}
