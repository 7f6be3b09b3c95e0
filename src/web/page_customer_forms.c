/*
 * page_customer_forms.c — the forms of the customer page (POST
 * /customers/ID, role member or higher, with the CSRF token): record a
 * dialogue, a promise, a complaint, a story, a referral or a departure;
 * close a promise (kept, broken, renegotiated with a new due date); add a
 * why to a complaint; resolve a complaint with its root cause.  Each maps
 * the form's fields onto the application layer (app_entry_new and
 * app_entry_add, app_promise_close, app_entry_change and
 * app_entry_update, app_complaint_close) — the calls `treue add`, `treue
 * close` and `treue edit` make — with the logged-in user as the audit
 * trail's actor.  Success answers with a redirect to the page (POST, then
 * GET); an error shows the page again with the error beside the form and
 * what was typed kept.
 */
#include <stdlib.h>
#include <string.h>

#include "web_int.h"

/* A form field, "" as absent (NULL). */
static const char *fld(const struct web_req *rq, const char *name)
{
	const char *v = web_field(rq, name);
	return v && *v ? v : NULL;
}

/* A date field: absent is DAY_NONE; else a date as people type it. */
static int date_field(const struct web_req *rq, const char *name, day_t today, day_t *d,
                      struct err *e)
{
	const char *v = fld(rq, name);
	*d = DAY_NONE;
	if (!v)
		return 0;
	if (day_parse_input(v, today, d) == 0)
		return 0;
	snprintf(e->field, sizeof(e->field), "%s", name);
	snprintf(e->value, sizeof(e->value), "%s", v);
	return err_set(e, L(e->lang, "is not a date (like 2026-11-24 or 24.11.2026)",
	                    "ist kein Datum (wie 24.11.2026 oder 2026-11-24)"));
}

/* The journal entry a form is about: loaded, and this customer's. */
static int entry_of(const struct app_ctx *c, const struct web_req *rq, enum journal_kind k,
                    int64_t key, struct app_entry *en, int64_t *id, struct err *e)
{
	const char *v = fld(rq, "entry");
	char *end;
	*id = 0;
	memset(en, 0, sizeof(*en));
	if (!v || (*id = strtoll(v, &end, 10)) <= 0 || *end) {
		*id = 0;
		return err_set(
		    e, "%s",
		    L(e->lang, "The form names no entry.", "Das Formular nennt keinen Eintrag."));
	}
	if (app_entry_load(c, k, *id, en, e))
		return -1;
	if (en->cust != key)
		return err_set(e, "%s",
		               L(e->lang, "That entry belongs to another customer.",
		                 "Dieser Eintrag gehört zu einem anderen Kunden."));
	return 0;
}

/* Records a new entry of kind k from f. */
static int record(const struct app_ctx *c, enum journal_kind k, const struct app_fields *f,
                  struct err *e)
{
	struct app_entry en;
	int rc = app_entry_new(c, k, f, &en, e);
	if (rc == 0)
		rc = app_entry_add(c, &en, e);
	app_entry_release(&en);
	return rc;
}

static int close_promise(const struct app_ctx *c, const struct web_req *rq, int64_t key,
                         int64_t *id, const char **done, struct err *e)
{
	struct app_entry en;
	struct app_close how = {0};
	struct app_closed out;
	const char *status = fld(rq, "status");
	int rc = entry_of(c, rq, JK_PROMISE, key, &en, id, e);
	how.on = DAY_NONE;
	how.new_due = DAY_NONE;
	if (rc == 0) {
		if (status && !strcmp(status, "kept"))
			how.status = PROMISE_KEPT;
		else if (status && !strcmp(status, "broken"))
			how.status = PROMISE_BROKEN;
		else if (status && !strcmp(status, "renegotiated"))
			how.status = PROMISE_RENEGOTIATED;
		else
			rc = err_set(e, "%s",
			             L(e->lang, "kept, broken or renegotiated?",
			               "eingehalten, gebrochen oder neu verhandelt?"));
	}
	if (rc == 0 && how.status == PROMISE_RENEGOTIATED) {
		rc = date_field(rq, "new_due", c->today, &how.new_due, e);
		if (rc == 0 && how.new_due == DAY_NONE) {
			snprintf(e->field, sizeof(e->field), "new_due");
			rc = err_set(e, "%s",
			             L(e->lang, "a renegotiated promise needs its new due date",
			               "eine neu verhandelte Zusage braucht ihr neues "
			               "Fälligkeitsdatum"));
		}
	}
	if (rc == 0)
		rc = app_promise_close(c, &en, &how, &out, e);
	if (rc == 0)
		*done = status;
	app_entry_release(&en);
	return rc;
}

static int add_why(const struct app_ctx *c, const struct web_req *rq, int64_t key, int64_t *id,
                   struct err *e)
{
	struct app_entry en;
	struct app_fields f;
	int rc = entry_of(c, rq, JK_COMPLAINT, key, &en, id, e);
	if (rc == 0 && en.r.k.status != COMPLAINT_OPEN)
		rc = err_set(e, "%s",
		             L(e->lang, "This complaint is already resolved.",
		               "Diese Reklamation ist schon erledigt."));
	if (rc == 0 && !fld(rq, "why")) {
		snprintf(e->field, sizeof(e->field), "why");
		rc = err_set(e, "%s",
		             L(e->lang, "Please write the answer to “why?”.",
		               "Bitte die Antwort auf „warum?“ schreiben."));
	}
	if (rc == 0) {
		/* one more why after those recorded (at most five: the app says so) */
		app_fields_init(&f);
		f.add_why = fld(rq, "why");
		rc = app_entry_change(c, &en, &f, e);
		if (rc == 0)
			rc = app_entry_update(c, &en, "why", e);
	}
	app_entry_release(&en);
	return rc;
}

static int resolve(const struct app_ctx *c, const struct web_req *rq, int64_t key, int64_t *id,
                   struct err *e)
{
	struct app_entry en;
	struct app_close how = {0};
	struct app_closed out;
	int rc = entry_of(c, rq, JK_COMPLAINT, key, &en, id, e);
	how.on = DAY_NONE;
	how.new_due = DAY_NONE;
	how.root_cause = fld(rq, "root_cause");
	if (rc == 0)
		rc = app_complaint_close(c, &en, &how, &out, e);
	app_entry_release(&en);
	return rc;
}

/* The kinds of new entries, by form name. */
static const struct {
	const char *form;
	enum journal_kind kind;
	const char *anchor;
} kinds[] = {
    {"dialog", JK_DIALOG, "#timeline"},         {"promise", JK_PROMISE, "#promises"},
    {"complaint", JK_COMPLAINT, "#complaints"}, {"story", JK_STORY, "#timeline"},
    {"referral", JK_REFERRAL, "#timeline"},     {"departure", JK_DEPARTURE, "#timeline"},
};

/* The fields of a new entry from the form. */
static int new_fields(const struct web_req *rq, const char *customer, const char *form, day_t today,
                      struct app_fields *f, const char **why, struct err *e)
{
	app_fields_init(f);
	f->customer = customer;
	if (date_field(rq, "date", today, &f->date, e))
		return -1;
	if (!strcmp(form, "dialog")) {
		f->support = fld(rq, "support");
		f->improve = fld(rq, "improve");
		f->notes = fld(rq, "notes");
		f->touchpoint = fld(rq, "touchpoint");
		f->channel = fld(rq, "channel");
		f->employee = fld(rq, "employee");
		if (date_field(rq, "follow_up", today, &f->follow_up, e))
			return -1;
		if (!f->support && !f->improve && !f->notes)
			return err_set(
			    e, "%s",
			    L(e->lang,
			      "Please write what the customer said: an answer to one of the "
			      "two questions, or notes.",
			      "Bitte festhalten, was der Kunde sagte: eine Antwort auf eine "
			      "der beiden Fragen oder Notizen."));
	} else if (!strcmp(form, "promise")) {
		f->what = fld(rq, "what");
		f->owner = fld(rq, "owner");
		if (date_field(rq, "due", today, &f->due, e) ||
		    date_field(rq, "made_on", today, &f->made_on, e))
			return -1;
	} else if (!strcmp(form, "complaint")) {
		f->reason = fld(rq, "reason");
		f->description = fld(rq, "description");
		f->owner = fld(rq, "owner");
		if ((why[0] = fld(rq, "why"))) {
			f->why = why;
			f->nwhy = 1;
		}
	} else if (!strcmp(form, "story")) {
		f->kind = fld(rq, "kind");
		f->situation = fld(rq, "situation");
		f->what = fld(rq, "what");
		f->outcome = fld(rq, "outcome");
		f->employee = fld(rq, "employee");
	} else if (!strcmp(form, "referral")) {
		const char *dir = fld(rq, "direction"), *other = fld(rq, "other");
		int by = dir && !strcmp(dir, "referred_by");
		f->customer = NULL;
		if (!other) {
			snprintf(e->field, sizeof(e->field), "other");
			return err_set(e, "%s",
			               L(e->lang, "Please name the other customer.",
			                 "Bitte den anderen Kunden nennen."));
		}
		f->from = by ? other : customer;
		f->to = by ? customer : other;
	} else if (!strcmp(form, "departure")) {
		f->reason = fld(rq, "reason");
		f->competitor = fld(rq, "competitor");
	}
	return 0;
}

void page_customer_post(struct web_req *rq, struct web_resp *rs)
{
	const char *form = fld(rq, "form");
	day_t today = web_today(rq);
	int64_t key, entry = 0;
	struct err e;
	struct strbuf id = STRBUF_INIT, loc = STRBUF_INIT;
	const char *done = form, *anchor = "";
	int rc = -1, known = 0;
	err_init(&e, rq->lang);
	if (customer_find(rq, rs, today, &key))
		return;
	struct app_ctx c = web_app_ctx(rq, today);
	sb_adds(&id, rq->param);
	for (size_t k = 0; form && k < ARRAY_SIZE(kinds); k++) {
		if (strcmp(form, kinds[k].form))
			continue;
		struct app_fields f;
		const char *why[1];
		known = 1;
		anchor = kinds[k].anchor;
		rc = new_fields(rq, id.buf, form, today, &f, why, &e);
		if (rc == 0)
			rc = record(&c, kinds[k].kind, &f, &e);
	}
	if (form && !strcmp(form, "promise_close")) {
		known = 1;
		anchor = "#promises";
		rc = close_promise(&c, rq, key, &entry, &done, &e);
	} else if (form && !strcmp(form, "complaint_why")) {
		known = 1;
		anchor = "#complaints";
		done = "why";
		rc = add_why(&c, rq, key, &entry, &e);
	} else if (form && !strcmp(form, "complaint_resolve")) {
		known = 1;
		anchor = "#complaints";
		done = "resolved";
		rc = resolve(&c, rq, key, &entry, &e);
	}
	if (!known) {
		web_error_page(rq, rs, 400, L(rq->lang, "Unknown form.", "Unbekanntes Formular."));
		goto out;
	}
	if (rc == 0) {
		customer_path(&loc, id.buf);
		sb_adds(&loc, "?done=");
		url_encode(&loc, done);
		sb_adds(&loc, anchor);
		web_redirect(rs, loc.buf);
		goto out;
	}
	/* the page again, the form open with its error and the values typed */
	struct web_view *v;
	struct cust_form cf = {form, entry, &e};
	web_log(rq->srv, "%s form %s refused: %s", rq->peer, form, e.field[0] ? e.field : "-");
	if (web_view_take(rq, rs, &v))
		goto out;
	rs->status = web_disk_full_strip(&e) ? 507 : 400;
	customer_page(rq, rs, v, key, &cf);
	web_view_put(rq->srv, v);
out:
	sb_release(&id);
	sb_release(&loc);
}
