/*
 * app_change.c — changing what exists: the fields given applied to a
 * journal entry (each kind's rules checked), closing a promise (kept,
 * broken, or renegotiated with a follow-up) or a complaint (its root
 * cause), and adding or changing a customer.
 */
#include <inttypes.h>
#include <string.h>

#include "app_entry.h"

/* Nothing is closed in the future. */
static int not_future(const struct app_ctx *c, day_t d, struct err *e)
{
	char a[11];
	if (d != DAY_NONE && d > c->today)
		return err_set(e,
		               L(e->lang, "the closing date %s lies in the future",
		                 "das Abschlussdatum %s liegt in der Zukunft"),
		               day_format_lang(d, e->lang, a));
	return 0;
}

/* The customer an entry moves to, when one is given. */
static int move_to(const struct app_ctx *c, struct app_entry *en, const char *given, int64_t *key,
                   const char **cid, struct err *e)
{
	return given ? entry_customer(c, en, given, key, cid, e) : 0;
}

/*
 * The closing date of a promise or a complaint after a change: an open one
 * has none (a date given is refused with open_msg); a closed one keeps its
 * date, takes the one given (not in the future), or today when it had none
 * or was open before (was_open).
 */
static int closing_date(const struct app_ctx *c, int open, day_t given, int was_open, day_t *date,
                        const char *open_msg, struct err *e)
{
	if (open) {
		if (given != DAY_NONE)
			return err_set(e, "%s", open_msg);
		*date = DAY_NONE;
		return 0;
	}
	if (not_future(c, given, e))
		return APP_ERR;
	if (given != DAY_NONE)
		*date = given;
	else if (*date == DAY_NONE || was_open)
		*date = c->today;
	return 0;
}

static int change_promise(const struct app_ctx *c, struct app_entry *en, const struct app_fields *f,
                          struct err *e)
{
	struct rec_promise *p = &en->r.p;
	enum promise_status was = p->status;
	if (move_to(c, en, f->customer, &en->cust, &p->customer_id, e))
		return APP_ERR;
	if (f->made_on != DAY_NONE)
		p->made_on = f->made_on;
	if (f->due != DAY_NONE)
		p->due_on = f->due;
	if (entry_text(en, "what", f->what, &p->what, e) ||
	    entry_text(en, "owner", f->owner, &p->owner, e))
		return APP_ERR;
	if (f->status && journal_promise_status_parse(f->status, &p->status, e))
		return APP_ERR;
	if (!p->what)
		return entry_check(en, 0, e);
	if (closing_date(c, p->status == PROMISE_OPEN, f->closed_on, was == PROMISE_OPEN,
	                 &p->closed_on,
	                 L(e->lang,
	                   "an open promise has no closing date (close it with treue close "
	                   "promise)",
	                   "eine offene Zusage hat kein Abschlussdatum (abschließen mit "
	                   "treue close promise)"),
	                 e))
		return APP_ERR;
	if (p->status != PROMISE_RENEGOTIATED)
		en->renegotiated_to = 0;
	return entry_check(en, 0, e);
}

static int change_complaint(const struct app_ctx *c, struct app_entry *en,
                            const struct app_fields *f, struct err *e)
{
	struct rec_complaint *k = &en->r.k;
	if (move_to(c, en, f->customer, &en->cust, &k->customer_id, e))
		return APP_ERR;
	if (f->date != DAY_NONE)
		k->date = f->date;
	if (f->reason) {
		const char *reason;
		if (journal_reason_parse(f->reason, &reason, e))
			return APP_ERR;
		k->reason = reason;
		k->reason_text = NULL;
	}
	if (entry_text(en, "description", f->description, &k->description, e) ||
	    entry_text(en, "root-cause", f->root_cause, &k->root_cause, e) ||
	    entry_text(en, "owner", f->owner, &k->owner, e))
		return APP_ERR;
	if (f->nwhy) {
		memset(k->why, 0, sizeof(k->why));
		if (entry_whys(en, f->why, f->nwhy, e))
			return APP_ERR;
	}
	/* one more why, after those recorded: the complaint stays as it is */
	if (f->add_why && entry_whys(en, &f->add_why, 1, e))
		return APP_ERR;
	if (f->status && journal_complaint_status_parse(f->status, &k->status, e))
		return APP_ERR;
	if (closing_date(c, k->status == COMPLAINT_OPEN, f->resolved_on, 0, &k->resolved_on,
	                 L(e->lang,
	                   "an open complaint has no resolution date (close it with treue close "
	                   "complaint)",
	                   "eine offene Reklamation hat kein Lösungsdatum (abschließen mit treue "
	                   "close complaint)"),
	                 e))
		return APP_ERR;
	return entry_check(en, 0, e);
}

int app_entry_change(const struct app_ctx *c, struct app_entry *en, const struct app_fields *f,
                     struct err *e)
{
	union app_rec *r = &en->r;
	int erased = 0, erased2 = 0;
	if (app_customer_erased(c, en->cust, &erased, e) ||
	    app_customer_erased(c, en->cust2, &erased2, e))
		return APP_ERR;
	if (erased || erased2)
		return err_set(
		    e,
		    L(e->lang,
		      "%s %" PRId64 " belongs to an erased customer (GDPR) and cannot be "
		      "changed",
		      "%s %" PRId64 " gehört zu einem gelöschten Kunden (DSGVO) und kann "
		      "nicht geändert werden"),
		    journal_kind_label(en->kind, e->lang), en->id);
	switch (en->kind) {
	case JK_DIALOG: {
		const char *tp = f->touchpoint;
		if (move_to(c, en, f->customer, &en->cust, &r->d.customer_id, e))
			return APP_ERR;
		if (f->date != DAY_NONE)
			r->d.date = f->date;
		if (tp && *tp && journal_touchpoint_parse(tp, &tp, e))
			return APP_ERR;
		if (entry_text(en, "touchpoint", tp, &r->d.touchpoint, e) ||
		    entry_text(en, "channel", f->channel, &r->d.channel, e) ||
		    entry_text(en, "employee", f->employee, &r->d.employee, e) ||
		    entry_text(en, "support", f->support, &r->d.support, e) ||
		    entry_text(en, "improve", f->improve, &r->d.improve, e) ||
		    entry_text(en, "notes", f->notes, &r->d.notes, e))
			return APP_ERR;
		if (f->clear_follow_up)
			r->d.follow_up = DAY_NONE;
		if (f->follow_up != DAY_NONE)
			r->d.follow_up = f->follow_up;
		return entry_check(en, 0, e);
	}
	case JK_PROMISE: return change_promise(c, en, f, e);
	case JK_COMPLAINT: return change_complaint(c, en, f, e);
	case JK_STORY:
		if (f->customer && !*f->customer) {
			en->cust = 0; /* "": the story concerns no customer */
			r->s.customer_id = NULL;
		} else if (move_to(c, en, f->customer, &en->cust, &r->s.customer_id, e)) {
			return APP_ERR;
		}
		if (f->date != DAY_NONE)
			r->s.date = f->date;
		if (f->kind && journal_story_kind_parse(f->kind, &r->s.kind, e))
			return APP_ERR;
		if (story_texts(en, f, e))
			return APP_ERR;
		return entry_check(en, 0, e);
	case JK_REFERRAL:
		if (move_to(c, en, f->from, &en->cust, &r->r.from_customer, e) ||
		    move_to(c, en, f->to, &en->cust2, &r->r.to_customer, e))
			return APP_ERR;
		if (f->date != DAY_NONE)
			r->r.date = f->date;
		return entry_check(en, 0, e);
	case JK_DEPARTURE:
		if (move_to(c, en, f->customer, &en->cust, &r->x.customer_id, e))
			return APP_ERR;
		if (f->date != DAY_NONE)
			r->x.date = f->date;
		return departure_texts(en, f, e);
	case JK_SURVEY:
		if (move_to(c, en, f->customer, &en->cust, &r->v.customer_id, e))
			return APP_ERR;
		if (f->date != DAY_NONE)
			r->v.date = f->date;
		if (f->satisfaction && journal_score_parse(f->satisfaction, &r->v.satisfaction, e))
			return APP_ERR;
		/* recommend and value may be cleared with "" */
		if (f->recommend) {
			r->v.recommend = SCORE_NONE;
			if (*f->recommend && journal_score_parse(f->recommend, &r->v.recommend, e))
				return APP_ERR;
		}
		if (f->value) {
			r->v.value = SCORE_NONE;
			if (*f->value && journal_score_parse(f->value, &r->v.value, e))
				return APP_ERR;
		}
		return entry_text(en, "comment", f->comment, &r->v.comment, e);
	default: return err_set(e, "BUG: kind %d", (int)en->kind);
	}
}

int app_promise_close(const struct app_ctx *c, struct app_entry *en, const struct app_close *how,
                      struct app_closed *out, struct err *e)
{
	struct rec_promise *p = &en->r.p;
	struct store *st = app_store(c);
	char d1[11], d2[11];
	const char *what = how->what;
	int64_t rows = 0;
	memset(out, 0, sizeof(*out));
	if (p->status != PROMISE_OPEN)
		return err_set(
		    e,
		    L(e->lang, "promise %" PRId64 " is already closed: %s on %s",
		      "Zusage %" PRId64 " ist schon abgeschlossen: %s am %s"),
		    en->id, vocab_label(VOCAB_PROMISE_STATUS, (int)p->status, e->lang, VOCAB_ONE),
		    p->closed_on == DAY_NONE ? "?" : day_format_lang(p->closed_on, e->lang, d1));
	if (how->status == PROMISE_OPEN)
		return err_set(e, "BUG: a promise is closed as kept, broken or renegotiated");
	int reneg = how->status == PROMISE_RENEGOTIATED;
	out->on = how->on != DAY_NONE ? how->on : c->today;
	if (not_future(c, out->on, e) || journal_check_closed(p->made_on, out->on, e) ||
	    (reneg && journal_check_due(out->on, how->new_due, e)) || app_text("what", &what, e))
		return APP_ERR;
	if (store_begin(st, e))
		return APP_ERR;
	struct stmt *s;
	int rc = 0;
	if (reneg) {
		s = store_stmt(st, ST_J_PROMISE_NEW);
		stmt_int(s, 1, en->cust);
		stmt_int(s, 2, out->on);
		stmt_int(s, 3, how->new_due);
		stmt_text(s, 4, what ? what : p->what);
		stmt_text(s, 5, p->owner);
		rc = stmt_insert(s, &out->follow_up, e);
	}
	if (rc == 0) {
		s = store_stmt(st, ST_J_PROMISE_CLOSE);
		stmt_int(s, 1, en->id);
		stmt_text(s, 2, vocab_code(VOCAB_PROMISE_STATUS, (int)how->status));
		stmt_int(s, 3, out->on);
		stmt_int_or_null(s, 4, out->follow_up, 0);
		rc = stmt_exec_count(s, &rows, e);
	}
	if (rc == 0 && rows != 1)
		rc = err_set(e,
		             L(e->lang, "promise %" PRId64 " was closed meanwhile",
		               "Zusage %" PRId64 " wurde inzwischen abgeschlossen"),
		             en->id);
	if (rc == 0)
		rc = reneg ? app_audit(c, "close", en->cust, 2, e,
		                       "promise %" PRId64
		                       ": renegotiated on %s; follow-up promise %" PRId64 " due %s",
		                       en->id, day_format(out->on, d1), out->follow_up,
		                       day_format(how->new_due, d2))
		           : app_audit(c, "close", en->cust, 1, e, "promise %" PRId64 ": %s on %s",
		                       en->id, vocab_code(VOCAB_PROMISE_STATUS, (int)how->status),
		                       day_format(out->on, d1));
	if (app_finish(c, rc ? APP_ERR : 0, e))
		return APP_ERR;
	p->status = how->status;
	p->closed_on = out->on;
	out->late = how->status == PROMISE_KEPT && out->on > p->due_on;
	return 0;
}

int app_complaint_close(const struct app_ctx *c, struct app_entry *en, const struct app_close *how,
                        struct app_closed *out, struct err *e)
{
	struct rec_complaint *k = &en->r.k;
	struct store *st = app_store(c);
	const char *root = how->root_cause;
	char d1[11];
	memset(out, 0, sizeof(*out));
	if (k->status != COMPLAINT_OPEN)
		return err_set(e,
		               L(e->lang, "complaint %" PRId64 " is already resolved (on %s)",
		                 "Reklamation %" PRId64 " ist schon erledigt (am %s)"),
		               en->id,
		               k->resolved_on == DAY_NONE
		                   ? "?"
		                   : day_format_lang(k->resolved_on, e->lang, d1));
	if (app_text("root-cause", &root, e))
		return APP_ERR;
	if (!root) {
		err_set(e, L(e->lang, "a complaint is closed with its root cause",
		             "eine Reklamation wird mit ihrer Ursache abgeschlossen"));
		return APP_BAD_REQUEST;
	}
	if (entry_whys(en, how->why, how->nwhy, e))
		return APP_ERR;
	out->on = how->on != DAY_NONE ? how->on : c->today;
	if (not_future(c, out->on, e) || journal_check_closed(k->date, out->on, e))
		return APP_ERR;
	k->status = COMPLAINT_RESOLVED;
	k->resolved_on = out->on;
	k->root_cause = jpool_dup(&en->pool, root);
	out->whys = journal_whys_count(k->why);
	if (store_begin(st, e))
		return APP_ERR;
	int rc =
	    entry_store(st, en, e) ||
	    app_audit(c, "close", en->cust, 1, e, "complaint %" PRId64 ": resolved on %s, %d %s",
	              en->id, day_format(out->on, d1), out->whys, plural(out->whys, "why", "whys"));
	return app_finish(c, rc ? APP_ERR : 0, e);
}

/* An amount like 1234.56; "" is none. */
static int cost(const char *s, int64_t *cents, struct err *e)
{
	if (!s)
		return 0;
	*cents = MONEY_NONE;
	int got = *s ? money_parse_input(s, cents) : 0;
	if (!got)
		return 0;
	snprintf(e->field, sizeof(e->field), "acquisition-cost");
	snprintf(e->value, sizeof(e->value), "%s", s);
	if (got == -2)
		err_set(e, L(e->lang, MONEY_RANGE_EN, MONEY_RANGE_DE));
	else
		err_set(e, L(e->lang, "is not an amount like 1,234.56",
		             "ist kein Betrag wie 1.234,56"));
	return APP_BAD_REQUEST;
}

static int add_customer_(const struct app_ctx *c, struct store *st, const char *id,
                         const char *name, const char *industry, const char *region,
                         const char *owner, day_t acquired_on, int64_t acq, struct err *e);

int app_customer_add(const struct app_ctx *c, const struct app_fields *f, struct err *e)
{
	struct store *st = app_store(c);
	const char *id = f->id, *name = f->name, *industry = f->industry, *region = f->region,
	           *owner = f->owner;
	int64_t acq = MONEY_NONE;
	int rc = cost(f->acquisition_cost, &acq, e);
	if (rc)
		return rc;
	if (app_text("id", &id, e) || app_text("name", &name, e) ||
	    app_text("industry", &industry, e) || app_text("region", &region, e) ||
	    app_text("owner", &owner, e))
		return APP_ERR;
	if (!id) {
		err_set(e, L(e->lang, "a customer needs its id", "ein Kunde braucht seine Nummer"));
		return APP_BAD_REQUEST;
	}
	/* the id rule import follows too: trimmed, no control characters */
	struct strbuf idb = STRBUF_INIT;
	if (ingest_id_norm(id, "id", &idb, e)) {
		sb_release(&idb);
		return APP_BAD_REQUEST;
	}
	rc = add_customer_(c, st, idb.buf, name, industry, region, owner, f->acquired_on, acq, e);
	sb_release(&idb);
	return rc;
}

static int add_customer_(const struct app_ctx *c, struct store *st, const char *id,
                         const char *name, const char *industry, const char *region,
                         const char *owner, day_t acquired_on, int64_t acq, struct err *e)
{
	int rc;
	int64_t key;
	struct stmt *s = store_stmt(st, ST_CUSTOMER_KEY);
	stmt_text(s, 1, id);
	rc = stmt_step(s, e);
	stmt_reset(s);
	if (rc < 0)
		return APP_ERR;
	if (rc == 1)
		return err_set(
		    e,
		    L(e->lang, "customer %s already exists (change it with treue edit customer %s)",
		      "Kunde %s gibt es schon (ändern mit treue edit customer %s)"),
		    id, id);
	struct rec_customer r = {id, name, industry, region, owner, acquired_on, acq};
	if (store_begin(st, e))
		return APP_ERR;
	rc = store_put_customer(st, &r, e) < 0 || store_customer_key(st, id, 0, &key, e) < 0 ||
	     app_audit(c, "add", key, 1, e, "customer");
	return app_finish(c, rc ? APP_ERR : 0, e);
}

int app_customer_change(const struct app_ctx *c, const char *who, const struct app_fields *f,
                        const char *changed, struct strbuf *id, struct err *e)
{
	struct store *st = app_store(c);
	struct app_entry tmp; /* for its pool */
	const char *name, *industry, *region, *owner;
	int64_t key, acq;
	day_t acquired;
	memset(&tmp, 0, sizeof(tmp));
	if (app_customer_for_change(c, who, &key, id, e))
		return APP_ERR;
	struct stmt *s = store_stmt(st, ST_J_G_CUSTOMER_FULL);
	stmt_int(s, 1, key);
	int rc = stmt_step(s, e);
	if (rc != 1) {
		stmt_reset(s);
		return rc < 0 ? APP_ERR : err_set(e, "BUG: customer %" PRId64 " vanished", key);
	}
	name = jpool_dup(&tmp.pool, col_text(s, 1));
	industry = jpool_dup(&tmp.pool, col_text(s, 2));
	region = jpool_dup(&tmp.pool, col_text(s, 3));
	owner = jpool_dup(&tmp.pool, col_text(s, 4));
	acquired = col_day(s, 5);
	acq = col_int_or(s, 6, MONEY_NONE);
	stmt_reset(s);
	rc = APP_ERR;
	if (entry_text(&tmp, "name", f->name, &name, e) ||
	    entry_text(&tmp, "industry", f->industry, &industry, e) ||
	    entry_text(&tmp, "region", f->region, &region, e) ||
	    entry_text(&tmp, "owner", f->owner, &owner, e))
		goto out;
	if (f->acquired_on != DAY_NONE)
		acquired = f->acquired_on;
	if ((rc = cost(f->acquisition_cost, &acq, e)))
		goto out;
	if (store_begin(st, e)) {
		rc = APP_ERR;
		goto out;
	}
	s = store_stmt(st, ST_J_U_CUSTOMER);
	stmt_int(s, 1, key);
	stmt_text(s, 2, name);
	stmt_text(s, 3, industry);
	stmt_text(s, 4, region);
	stmt_text(s, 5, owner);
	stmt_int_or_null(s, 6, acquired, DAY_NONE);
	stmt_int_or_null(s, 7, acq, MONEY_NONE);
	rc = stmt_exec(s, e) || app_audit(c, "edit", key, 1, e, "customer: %s", changed);
	rc = app_finish(c, rc ? APP_ERR : 0, e);
out:
	jpool_release(&tmp.pool);
	return rc;
}
