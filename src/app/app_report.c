/*
 * app_report.c — the four journal reports' data: each reads the rows of
 * its period from the store (journal_X_load) and computes its result
 * (journal_X_compute) at the journal's D; the cadence report also asks
 * the loyalty model for every customer's segment at its D.
 */
#include <stdlib.h>
#include <string.h>

#include "app_int.h"

/* The stored settings the journal reports read (the request's overrides
 * are the model commands'). */
static int stored_settings(const struct app_ctx *c, struct model_settings *set, struct err *e)
{
	struct app_ctx plain = *c;
	plain.overrides = NULL;
	plain.noverrides = 0;
	return app_settings_resolve(&plain, set, e);
}

int app_report_feedback(const struct app_ctx *c, const struct app_feedback_in *p,
                        struct journal_feedback *r, struct err *e)
{
	struct journal_feedback_in in;
	struct model_settings set;
	memset(&in, 0, sizeof(in));
	memset(r, 0, sizeof(*r));
	int rc = stored_settings(c, &set, e);
	if (rc)
		return rc;
	in.to = app_journal_as_of(c);
	/* the report's period lies within 1900-9999 */
	if (day_span_check(in.to, set.window, 0, e))
		return APP_BAD_REQUEST;
	in.from = p->since != DAY_NONE ? p->since : in.to - set.window;
	in.answers = p->answers;
	in.words = p->words;
	rc = journal_feedback_load(c->st, &in, e);
	if (rc == 0)
		journal_feedback_compute(&in, r);
	journal_feedback_in_release(&in);
	if (rc == 0 && app_future_orders(c, &r->fut, e))
		rc = -1;
	return rc ? APP_ERR : 0;
}

int app_report_stories(const struct app_ctx *c, int weeks, int latest, struct journal_stories *r,
                       struct err *e)
{
	struct journal_stories_in in;
	memset(&in, 0, sizeof(in));
	memset(r, 0, sizeof(*r));
	in.to = app_journal_as_of(c);
	if (day_span_check(in.to, 7 * (int64_t)weeks, 0, e))
		return APP_BAD_REQUEST;
	in.weeks = weeks;
	in.latest = latest;
	int rc = journal_stories_load(c->st, &in, e);
	if (rc == 0)
		journal_stories_compute(&in, r);
	journal_stories_in_release(&in);
	if (rc == 0 && app_future_orders(c, &r->fut, e))
		rc = -1;
	return rc ? APP_ERR : 0;
}

int app_report_promises(const struct app_ctx *c, int within_days, day_t since,
                        struct journal_promises *r, struct err *e)
{
	return app_report_promises_for(c, within_days, since, NULL, r, e);
}

/* Keeps the promises of in that pass the filter (their holder for the owner). */
static int promises_filter(const struct app_ctx *c, const struct app_filter *f,
                           struct journal_promises_in *in, struct err *e)
{
	struct app_journal_sel js;
	const char **holders = xmalloc(sizeof(*holders) * (in->n + 1));
	size_t n = 0;
	for (size_t i = 0; i < in->n; i++)
		holders[i] = in->promises[i].owner;
	int rc = app_journal_select(c, f, in->to, APP_SEL_NO_OWNER, holders, in->n, &js, e);
	free(holders);
	if (rc)
		return rc;
	for (size_t i = 0; i < in->n; i++) {
		const struct jr_promise_in *p = &in->promises[i];
		if (app_journal_selected(&js, p->key) && app_selection_owner(&js.sel, p->owner))
			in->promises[n++] = *p;
	}
	in->n = n;
	app_journal_sel_release(&js);
	return 0;
}

int app_report_promises_for(const struct app_ctx *c, int within_days, day_t since,
                            const struct app_filter *f, struct journal_promises *r, struct err *e)
{
	struct journal_promises_in in;
	struct model_settings set;
	memset(&in, 0, sizeof(in));
	memset(r, 0, sizeof(*r));
	int rc = stored_settings(c, &set, e);
	if (rc)
		return rc;
	in.to = app_journal_as_of(c);
	if (day_span_check(in.to, set.stale_days, within_days > 0 ? within_days : 0, e))
		return APP_BAD_REQUEST;
	in.within = within_days;
	in.rate_from = since != DAY_NONE ? since : in.to - set.stale_days;
	rc = journal_promises_load(c->st, &in, e) ? APP_ERR : 0;
	if (rc == 0 && app_filter_given(f))
		rc = promises_filter(c, f, &in, e);
	if (rc == 0)
		journal_promises_compute(&in, r);
	journal_promises_in_release(&in);
	if (rc == 0)
		rc = app_future_orders(c, &r->fut, e);
	return rc;
}

/* The segments the cadence report groups by: the analysis loaded on first
 * use, the loyalty model computed once per date. */
struct seg_lookup {
	struct app_ctx c;
	struct app_analysis a;
	struct err *e;
	int loaded, failed;
	day_t d;
	struct loyalty l;
};

static const char *segment_of(void *arg, int64_t key, day_t d)
{
	struct seg_lookup *sl = arg;
	if (sl->failed)
		return NULL;
	if (!sl->loaded) {
		if (app_analysis_load(&sl->c, &sl->a, sl->e)) {
			sl->failed = 1;
			return NULL;
		}
		sl->loaded = 1;
		sl->d = DAY_NONE;
	}
	if (sl->d != d) {
		if (sl->d != DAY_NONE)
			loyalty_release(&sl->l);
		model_compute(&sl->a.ds, d, &sl->a.set, NULL, &sl->l);
		sl->d = d;
	}
	/* customer indexes follow the store keys in ascending order */
	const struct dataset *ds = &sl->a.ds;
	size_t lo = 0, hi = ds->ncust;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ds->key[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= ds->ncust || ds->key[lo] != key)
		return NULL;
	return segment_key[sl->l.fig[lo].segment];
}

int app_report_cadence(const struct app_ctx *c, int days, struct journal_cadence *r, struct err *e)
{
	return app_report_cadence_for(c, days, NULL, r, e);
}

int app_report_cadence_for(const struct app_ctx *c, int days, const struct app_filter *f,
                           struct journal_cadence *r, struct err *e)
{
	struct journal_cadence_in in;
	struct seg_lookup sl;
	struct model_settings set;
	memset(&in, 0, sizeof(in));
	memset(&sl, 0, sizeof(sl));
	memset(r, 0, sizeof(*r));
	int rc = stored_settings(c, &set, e);
	if (rc)
		return rc;
	sl.c = *c;
	sl.c.overrides = NULL; /* the segments as the stored settings define them */
	sl.c.noverrides = 0;
	sl.e = e;
	struct journal_model jm = {segment_of, &sl};
	in.to = app_journal_as_of(c);
	in.days = days >= 0 ? days : set.dialog_days;
	if (day_span_check(in.to, (int64_t)in.days + set.window, 0, e))
		return APP_BAD_REQUEST;
	in.window = set.window;
	in.active_days = set.active_days;
	rc = journal_cadence_load(c->st, &jm, &in, e);
	if (rc == 0 && !sl.failed && app_filter_given(f)) {
		struct app_journal_sel js;
		size_t n = 0;
		rc = app_journal_select(c, f, in.to, 0, NULL, 0, &js, e);
		if (rc == 0) {
			for (size_t i = 0; i < in.n; i++)
				if (app_journal_selected(&js, in.rows[i].key))
					in.rows[n++] = in.rows[i];
			in.n = n;
			app_journal_sel_release(&js);
		}
	}
	/* a model that cannot be loaded fails the report rather than leave
	 * its segments out unsaid */
	if (rc == 0 && !sl.failed) {
		journal_cadence_compute(&in, r);
		memcpy(r->currency, set.currency, sizeof(r->currency));
		/* the loaded analysis knows the orders after today already */
		if (sl.loaded && sl.c.today == c->today)
			r->fut = sl.a.fut;
		else
			rc = app_future_orders(c, &r->fut, e);
	}
	journal_cadence_in_release(&in);
	if (sl.loaded) {
		if (sl.d != DAY_NONE)
			loyalty_release(&sl.l);
		app_analysis_release(&sl.a);
	}
	return rc ? rc : sl.failed ? APP_ERR : 0;
}
