/*
 * api_read.c — the JSON API's reads: the model's results (report,
 * segments, actions, the customer card, movement, what-if, fit) from the
 * shared analysis, the journal reports, journal lists a page at a time,
 * and who is asking.  Every answer is written by the same writer as the
 * command line's --format json and made from one data version (read
 * before and after; a change in between means computing again).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"

typedef int model_fn(struct api_req *a, struct app_analysis *an, struct strbuf *out);

/* The request as a key of the answer cache: path, query as sent, language. */
static void cache_key(const struct api_req *a, struct strbuf *key)
{
	sb_addf(key, "%s?", a->rq->path);
	for (size_t i = 0; i < a->rq->nargs; i++)
		sb_addf(key, "%s=%s&", a->rq->args[i].name,
		        a->rq->args[i].value ? a->rq->args[i].value : "");
	sb_addf(key, "|%d|%ld", (int)a->ac.lang, (long)a->ac.today);
}

/* An answer kept for this request at the current version: 1 when answered. */
static int answer_kept(struct api_req *a, struct strbuf *key)
{
	struct strbuf out = STRBUF_INIT;
	int64_t v;
	const char *cc = web_header(a->rq, "Cache-Control");
	cache_key(a, key);
	if (cc && strstr(cc, "no-cache"))
		return 0; /* computed afresh (and kept) */
	if (api_version(a, &v))
		return -1;
	if (!api_cache_get(a, key->buf, v, &out))
		return 0;
	a->version = v;
	api_json(a, 200, &out);
	sb_release(&out);
	return 1;
}

/* Runs fn on the shared analysis until the data version stayed the same
 * while it ran, and answers with what it wrote (and keeps it). */
static int answer_model(struct api_req *a, model_fn *fn)
{
	struct strbuf key = STRBUF_INIT;
	int kept = answer_kept(a, &key);
	if (kept) { /* answered from the kept answers, or failed */
		sb_release(&key);
		return kept > 0 ? 0 : -1;
	}
	for (int tries = 0; tries < 5; tries++) {
		struct app_analysis an;
		struct strbuf out = STRBUF_INIT;
		int64_t after;
		if (api_analysis(a, &an)) {
			sb_release(&key);
			return -1;
		}
		err_init(&a->e, a->ac.lang);
		int rc = fn(a, &an, &out);
		if (rc == 0 && api_version(a, &after)) {
			sb_release(&out);
			sb_release(&key);
			return -1;
		}
		if (rc == 0 && after == a->version) {
			api_cache_put(a, key.buf, a->version, &out);
			api_json(a, 200, &out);
		} else if (rc == 0) {
			sb_release(&out);
			continue;
		}
		sb_release(&out);
		sb_release(&key);
		return rc;
	}
	sb_release(&key);
	return api_error(a, 503, NULL, NULL, 0,
	                 L(a->ac.lang, "the data changes too fast; please repeat",
	                   "die Daten ändern sich zu schnell; bitte wiederholen"));
}

/* The same for calls without the analysis (journal reports, lists). */
static int answer_store(struct api_req *a, model_fn *fn)
{
	struct strbuf key = STRBUF_INIT;
	int kept = answer_kept(a, &key);
	if (kept) { /* answered from the kept answers, or failed */
		sb_release(&key);
		return kept > 0 ? 0 : -1;
	}
	for (int tries = 0; tries < 5; tries++) {
		struct strbuf out = STRBUF_INIT;
		int64_t before, after;
		if (api_version(a, &before)) {
			sb_release(&key);
			return -1;
		}
		err_init(&a->e, a->ac.lang);
		int rc = fn(a, NULL, &out);
		a->ac.future = NULL; /* pointed into fn's frame (journal_future) */
		if (rc == 0 && api_version(a, &after)) {
			sb_release(&out);
			sb_release(&key);
			return -1;
		}
		if (rc == 0 && after == before) {
			a->version = before;
			api_cache_put(a, key.buf, a->version, &out);
			api_json(a, 200, &out);
		} else if (rc == 0) {
			sb_release(&out);
			continue;
		}
		sb_release(&out);
		sb_release(&key);
		return rc;
	}
	sb_release(&key);
	return api_error(a, 503, NULL, NULL, 0,
	                 L(a->ac.lang, "the data changes too fast; please repeat",
	                   "die Daten ändern sich zu schnell; bitte wiederholen"));
}

static long qint(const struct api_req *a, const char *name, long dflt)
{
	const struct api_val *v = api_q(a, name);
	return v ? v->i : dflt;
}

static day_t qday(const struct api_req *a, const char *name)
{
	const struct api_val *v = api_q(a, name);
	return v ? v->day : DAY_NONE;
}

/* ---- who is asking ---- */
int api_me(struct api_req *a)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	json_init(&j, &sb, 1);
	json_obj_begin(&j);
	json_key(&j, "user");
	json_str(&j, a->rq->user.name);
	json_key(&j, "role");
	json_str(&j, web_role_name(a->rq->user.role));
	json_key(&j, "owner");
	json_str(&j, a->rq->user.owner[0] ? a->rq->user.owner : NULL);
	json_key(&j, "token");
	if (a->via_token)
		json_int(&j, a->token_id);
	else
		json_null(&j);
	json_key(&j, "scope");
	json_str(&j, a->via_token ? api_scope_name(a->scope) : NULL);
	json_key(&j, "lang");
	json_str(&j, a->ac.lang == LANG_DE ? "de" : "en");
	json_obj_end(&j);
	api_json(a, 200, &sb);
	sb_release(&sb);
	return 0;
}

/* ---- the model ---- */

/* The shared view's loyalty results when they are the ones asked for:
 * its D and its settings (none given).  It holds the purchase model's full
 * scores and the tenure curve, so it serves any score and tenure asked
 * for; NULL when the model must be computed for this request. */
static const struct app_loyalty *view_loyalty(const struct api_req *a,
                                              const struct app_analysis *an)
{
	const struct web_view *v = a->view;
	if (v && !a->ac.noverrides && an->as_of == v->a.as_of && v->r.l.as_of == an->as_of &&
	    v->r.l.ncust == an->ds.ncust)
		return &v->r;
	return NULL;
}

/* The loyalty results at an's D: the view's, else computed into *own
 * (released by the caller either way: app_loyalty_release(own)). */
static int loyalty(struct api_req *a, struct app_analysis *an, int score, int tenure,
                   struct app_loyalty *own, const struct app_loyalty **r)
{
	memset(own, 0, sizeof(*own));
	if ((*r = view_loyalty(a, an)))
		return 0;
	int rc = app_loyalty(&a->ac, an, score, tenure, own, &a->e);
	if (rc)
		return api_failed(a, rc, 500);
	*r = own;
	return 0;
}

static int report_fn(struct api_req *a, struct app_analysis *an, struct strbuf *out)
{
	struct app_loyalty own;
	const struct app_loyalty *r;
	if (loyalty(a, an, 1, 1, &own, &r))
		return -1;
	report_loyalty(&an->ds, &r->l, &r->tenure, &r->bt, qint(a, "leavers", 100), FMT_JSON, out,
	               a->ac.lang);
	app_loyalty_release(&own);
	return 0;
}
int api_report(struct api_req *a)
{
	return answer_model(a, report_fn);
}

/* The customers the filters (owner, region, industry, segment) select:
 * sel->keep NULL when none is given.  0, or answered. */
static int selection(struct api_req *a, struct app_analysis *an, const struct loyalty *l,
                     unsigned flags, struct app_selection *sel)
{
	const struct api_val *v;
	struct app_filter f = {0};
	if ((v = api_q(a, "owner")))
		f.owner = v->s;
	if ((v = api_q(a, "region")))
		f.region = v->s;
	if ((v = api_q(a, "industry")))
		f.industry = v->s;
	if ((v = api_q(a, "segment")))
		f.segment = v->s;
	int rc = app_select(&a->ac, &an->ds, l, &f, flags, NULL, 0, sel, &a->e);
	return rc ? api_failed(a, rc, 404) : 0;
}

static int segments_fn(struct api_req *a, struct app_analysis *an, struct strbuf *out)
{
	struct app_loyalty own;
	const struct app_loyalty *r;
	struct app_selection sel;
	if (loyalty(a, an, 2, 0, &own, &r))
		return -1;
	if (selection(a, an, &r->l, 0, &sel)) {
		app_loyalty_release(&own);
		return -1;
	}
	report_segments(&an->ds, &r->l, &r->bt, sel.keep, FMT_JSON, NULL, out, a->ac.lang);
	app_selection_release(&sel);
	app_loyalty_release(&own);
	return 0;
}
int api_segments(struct api_req *a)
{
	return answer_model(a, segments_fn);
}

static int actions_fn(struct api_req *a, struct app_analysis *an, struct strbuf *out)
{
	struct app_loyalty own;
	const struct app_loyalty *r;
	struct app_selection sel;
	struct action_filter flt = {0};
	flt.priority = (int)qint(a, "priority", 0);
	flt.limit = qint(a, "limit", 0);
	if (loyalty(a, an, 1, 0, &own, &r))
		return -1;
	if (selection(a, an, &r->l, 0, &sel)) {
		app_loyalty_release(&own);
		return -1;
	}
	flt.keep = sel.keep;
	report_actions(&an->ds, &r->l, &flt, FMT_JSON, NULL, out, a->ac.lang);
	app_selection_release(&sel);
	app_loyalty_release(&own);
	return 0;
}
int api_actions(struct api_req *a)
{
	return answer_model(a, actions_fn);
}

static int customer_fn(struct api_req *a, struct app_analysis *an, struct strbuf *out)
{
	struct app_customer card;
	int64_t key;
	long tl = qint(a, "timeline", 0);
	memset(&card, 0, sizeof(card));
	int rc = app_customer_find(&a->ac, a->seg[0], &key, NULL, &a->e);
	if (rc)
		return api_err(
		    a, strstr(a->e.msg, "ambig") || strstr(a->e.msg, "mehrdeutig") ? 409 : 404,
		    &a->e);
	/* on the view's loyalty results: a lookup and this customer's journal
	 * rows; else the whole model at the D or with the settings asked for */
	const struct app_loyalty *vr = view_loyalty(a, an);
	if (vr)
		rc = app_customer_card_of(&a->ac, an, vr, key, &card, &a->e);
	else
		rc = app_customer_card(&a->ac, an, key, &card, &a->e);
	if (rc)
		return api_failed(a, rc, 500);
	size_t from = tl > 0 && (size_t)tl < card.ntimeline ? card.ntimeline - (size_t)tl : 0;
	report_card_json(&card, from, out, a->ac.lang);
	app_customer_release(&card);
	return 0;
}
int api_customer(struct api_req *a)
{
	return answer_model(a, customer_fn);
}

static int movement_fn(struct api_req *a, struct app_analysis *an, struct strbuf *out)
{
	struct movement mv;
	int rc = app_movement(&a->ac, an, qday(a, "from"), qday(a, "to"), &mv, &a->e);
	if (rc)
		return api_failed(a, rc, 422);
	report_movement(&mv, &an->fut, FMT_JSON, out, a->ac.lang);
	return 0;
}
int api_movement(struct api_req *a)
{
	return answer_model(a, movement_fn);
}

static int whatif_fn(struct api_req *a, struct app_analysis *an, struct strbuf *out)
{
	struct app_loyalty r;
	struct whatif w;
	const struct api_val *d = api_q(a, "retention");
	int rc = app_whatif(&a->ac, an, d ? d->d : 5.0, &r, &w, &a->e);
	if (rc)
		return api_failed(a, rc, 422);
	report_whatif(&r.l, &r.tenure, &w, FMT_JSON, out, a->ac.lang);
	app_loyalty_release(&r);
	return 0;
}
int api_whatif(struct api_req *a)
{
	return answer_model(a, whatif_fn);
}

static int fit_fn(struct api_req *a, struct app_analysis *an, struct strbuf *out)
{
	struct app_fit fit;
	const struct api_val *m = api_q(a, "model");
	memset(&fit, 0, sizeof(fit));
	int rc = app_fit(&a->ac, an, m && !strcmp(m->s, "mbgnbd"), (int)qint(a, "holdout_weeks", 0),
	                 &fit, &a->e);
	if (rc) {
		app_fit_release(&fit);
		return api_failed(a, rc, 422);
	}
	report_fit_json(&fit, out);
	app_fit_release(&fit);
	return 0;
}
int api_fit(struct api_req *a)
{
	return answer_model(a, fit_fn);
}

static int agenda_fn(struct api_req *a, struct app_analysis *an, struct strbuf *out)
{
	struct app_agenda r;
	struct app_filter f = {0};
	const struct api_val *v;
	if ((v = api_q(a, "owner")))
		f.owner = v->s;
	if ((v = api_q(a, "region")))
		f.region = v->s;
	if ((v = api_q(a, "industry")))
		f.industry = v->s;
	if ((v = api_q(a, "segment")))
		f.segment = v->s;
	/* the shared view's loyalty results, unless settings are overridden */
	struct app_agenda_in in = {(int)qint(a, "days", 7), (int)qint(a, "per_priority", 0),
	                           (size_t)qint(a, "quiet", 0),
	                           a->view && !a->ac.noverrides ? &a->view->r : NULL};
	int rc = app_agenda(&a->ac, an, &f, &in, &r, &a->e);
	if (rc)
		return api_failed(a, rc, 404);
	report_agenda_json(&r, out);
	app_agenda_release(&r);
	return 0;
}
int api_agenda(struct api_req *a)
{
	return answer_model(a, agenda_fn);
}

/* ---- the journal reports ---- */
/* The journal reports name the orders dated after today as the loaded
 * analysis of the day found them (web_view_future, as the journal pages
 * do; buf holds them), else the report counts them itself.  Nothing is
 * loaded for it: a journal report needs no analysis. */
static void journal_future(struct api_req *a, struct future_orders *buf)
{
	a->ac.future = web_view_future(a->rq, a->ac.today, buf) ? buf : NULL;
}

static int feedback_fn(struct api_req *a, struct app_analysis *an, struct strbuf *out)
{
	struct app_feedback_in in = {qday(a, "since"), (int)qint(a, "answers", 3),
	                             (int)qint(a, "words", 10)};
	struct journal_feedback r;
	struct future_orders fut;
	(void)an;
	journal_future(a, &fut);
	int rc = app_report_feedback(&a->ac, &in, &r, &a->e);
	if (rc)
		return api_failed(a, rc, 500);
	journal_feedback_write(&r, JF_JSON, out, a->ac.lang);
	journal_feedback_release(&r);
	return 0;
}
int api_rep_feedback(struct api_req *a)
{
	return answer_store(a, feedback_fn);
}

static int stories_fn(struct api_req *a, struct app_analysis *an, struct strbuf *out)
{
	struct journal_stories r;
	struct future_orders fut;
	(void)an;
	journal_future(a, &fut);
	int rc = app_report_stories(&a->ac, (int)qint(a, "weeks", 12), (int)qint(a, "latest", 5),
	                            &r, &a->e);
	if (rc)
		return api_failed(a, rc, 500);
	journal_stories_write(&r, JF_JSON, out, a->ac.lang);
	journal_stories_release(&r);
	return 0;
}
int api_rep_stories(struct api_req *a)
{
	return answer_store(a, stories_fn);
}

static int promises_fn(struct api_req *a, struct app_analysis *an, struct strbuf *out)
{
	struct journal_promises r;
	struct future_orders fut;
	(void)an;
	journal_future(a, &fut);
	int rc =
	    app_report_promises(&a->ac, (int)qint(a, "within", 14), qday(a, "since"), &r, &a->e);
	if (rc)
		return api_failed(a, rc, 500);
	journal_promises_write(&r, JF_JSON, out, a->ac.lang);
	journal_promises_release(&r);
	return 0;
}
int api_rep_promises(struct api_req *a)
{
	return answer_store(a, promises_fn);
}

static int cadence_fn(struct api_req *a, struct app_analysis *an, struct strbuf *out)
{
	struct journal_cadence r;
	struct future_orders fut;
	(void)an;
	journal_future(a, &fut);
	int rc = app_report_cadence(&a->ac, (int)qint(a, "days", -1), &r, &a->e);
	if (rc)
		return api_failed(a, rc, 500);
	r.limit = (size_t)qint(a, "limit", 0);
	journal_cadence_write(&r, JF_JSON, out, a->ac.lang);
	journal_cadence_release(&r);
	return 0;
}
int api_rep_cadence(struct api_req *a)
{
	return answer_store(a, cadence_fn);
}

/* ---- lists, a page at a time ----
 * The lists come newest first (date, then id, descending; promises by due
 * date, then id, ascending).  A cursor is the last row's "DATE.ID" (date as
 * a day number): the next page starts after it, so rows added meanwhile
 * neither repeat nor shift a page.  The date bound goes to the store; the
 * rows of the cursor's own date up to it are skipped here. */
static int row_key(const struct app_list *l, size_t r, int64_t *date, int64_t *id)
{
	int dcol = -1, icol = -1;
	for (int i = 0; i < l->lay->ncols; i++) {
		if (l->lay->cols[i].role == CR_ID && icol < 0)
			icol = i;
		if (l->lay->kind == JK_PROMISE ? !strcmp(l->lay->cols[i].name, "due_on")
		                               : l->lay->cols[i].role == CR_DATE && dcol < 0)
			dcol = i;
	}
	if (dcol < 0 || icol < 0)
		return -1;
	*date = app_list_cell(l, r, dcol)->num;
	*id = app_list_cell(l, r, icol)->num;
	return 0;
}

static int list_fn(struct api_req *a, struct app_analysis *an, struct strbuf *out)
{
	enum lang lg = a->ac.lang;
	int kind = -1;
	(void)an;
	static const char *const plural[] = {"dialogs",   "promises",   "complaints", "stories",
	                                     "referrals", "departures", "surveys"};
	for (int k = 0; k < JK__COUNT && k < (int)ARRAY_SIZE(plural); k++)
		if (!strcmp(a->seg[0], app_layouts[k].plural ? app_layouts[k].plural : plural[k]))
			kind = k;
	if (kind < 0)
		return api_error(
		    a, 404, "kind", a->seg[0], 0,
		    L(lg,
		      "is not a kind of entry: dialogs, promises, complaints, stories, "
		      "referrals, departures or surveys",
		      "ist keine Art von Eintrag: dialogs, promises, complaints, stories, "
		      "referrals, departures oder surveys"));
	struct app_list_filter flt;
	app_list_filter_init(&flt);
	const struct api_val *v;
	if ((api_q(a, "open") && kind != JK_PROMISE && kind != JK_COMPLAINT) ||
	    ((api_q(a, "due_within") || api_q(a, "overdue")) && kind != JK_PROMISE) ||
	    (api_q(a, "employee") && kind != JK_DIALOG && kind != JK_STORY))
		return api_error(
		    a, 400, NULL, NULL, 0,
		    L(lg,
		      "open applies to promises and complaints, due_within and overdue "
		      "to promises, employee to dialogues and stories",
		      "open gilt für Zusagen und Reklamationen, due_within und "
		      "overdue für Zusagen, employee für Kundengespräche und Geschichten"));
	if ((v = api_q(a, "week"))) {
		day_t monday;
		err_init(&a->e, lg);
		if (journal_week_parse(v->s, &monday, &a->e))
			return api_error(a, 400, "week", v->s, 0, a->e.msg);
		flt.from = monday;
		flt.to = monday + 7;
	}
	if ((v = api_q(a, "since")) && (flt.from == DAY_NONE || v->day > flt.from))
		flt.from = v->day;
	flt.open = (int)qint(a, "open", 0);
	flt.overdue = (int)qint(a, "overdue", 0);
	flt.due_within = api_q(a, "due_within") ? (int)qint(a, "due_within", 0) : -1;
	flt.employee = (v = api_q(a, "employee")) ? v->s : NULL;
	flt.owner = (v = api_q(a, "owner")) ? v->s : NULL;
	flt.region = (v = api_q(a, "region")) ? v->s : NULL;
	flt.industry = (v = api_q(a, "industry")) ? v->s : NULL;
	flt.segment = (v = api_q(a, "segment")) ? v->s : NULL;
	flt.customer = (v = api_q(a, "customer")) ? v->s : NULL;
	long page = qint(a, "limit", 100);
	long long cd = 0, cid = 0;
	int has_cursor = 0, asc = kind == JK_PROMISE;
	if ((v = api_q(a, "cursor"))) {
		sscanf(v->s, "%lld.%lld", &cd, &cid);
		has_cursor = 1;
		/* only rows on the far side of the cursor's date */
		if (asc && (flt.from == DAY_NONE || flt.from < (day_t)cd))
			flt.from = (day_t)cd;
		if (!asc && (flt.to == DAY_NONE || flt.to > (day_t)cd + 1))
			flt.to = (day_t)cd + 1;
	}
	for (long want = page + 1 + (has_cursor ? 64 : 0);; want *= 4) {
		struct app_list list = {0};
		flt.limit = want;
		int rc = app_list(&a->ac, (enum journal_kind)kind, &flt, &list, &a->e);
		if (rc) {
			app_list_release(&list);
			return api_err(a, strstr(a->e.msg, "\"") ? 404 : 500, &a->e);
		}
		size_t start = 0;
		int64_t d, id;
		while (has_cursor && start < list.nrows && row_key(&list, start, &d, &id) == 0 &&
		       d == cd && (asc ? id <= cid : id >= cid))
			start++;
		size_t left = list.nrows - start;
		if (left <= (size_t)page && list.nrows == (size_t)want) {
			app_list_release(&list); /* the skipped rows ate the page: read more */
			continue;
		}
		size_t n = left < (size_t)page ? left : (size_t)page;
		struct json j;
		json_init(&j, out, 1);
		json_obj_begin(&j);
		json_key(&j, "kind");
		json_str(&j, a->seg[0]);
		json_key(&j, "items");
		json_arr_begin(&j);
		for (size_t r = start; r < start + n; r++)
			report_list_row_json(&j, &list, r);
		json_arr_end(&j);
		json_key(&j, "next_cursor");
		if (left > (size_t)page && row_key(&list, start + n - 1, &d, &id) == 0) {
			char c[48];
			snprintf(c, sizeof(c), "%" PRId64 ".%" PRId64, d, id);
			json_str(&j, c);
		} else {
			json_null(&j);
		}
		json_obj_end(&j);
		app_list_release(&list);
		return 0;
	}
}
int api_list(struct api_req *a)
{
	return answer_store(a, list_fn);
}
