/*
 * app_entry.c — journal entries: a new entry from the fields a person
 * gave (codes parsed, texts checked, customers found), the rules a whole
 * entry obeys, adding it with its audit entry, reading one by id, writing
 * it back and deleting it.  Changing and closing are in app_change.c.
 */
#include <inttypes.h>
#include <string.h>

#include "app_entry.h"

static const enum db_stmt get_stmt[JK__COUNT] = {
    ST_J_G_DIALOG,   ST_J_G_PROMISE,   ST_J_G_COMPLAINT, ST_J_G_STORY,
    ST_J_G_REFERRAL, ST_J_G_DEPARTURE, ST_J_G_SURVEY,
};
static const enum db_stmt delete_stmt[JK__COUNT] = {
    ST_J_D_DIALOG,   ST_J_D_PROMISE,   ST_J_D_COMPLAINT, ST_J_D_STORY,
    ST_J_D_REFERRAL, ST_J_D_DEPARTURE, ST_J_D_SURVEY,
};

void app_fields_init(struct app_fields *f)
{
	memset(f, 0, sizeof(*f));
	f->date = f->made_on = f->due = f->closed_on = f->resolved_on = f->acquired_on = DAY_NONE;
	f->follow_up = DAY_NONE;
}

void app_entry_release(struct app_entry *en)
{
	jpool_release(&en->pool);
	memset(en, 0, sizeof(*en));
}

int entry_text(struct app_entry *en, const char *field, const char *given, const char **dst,
               struct err *e)
{
	if (!given)
		return 0;
	if (app_text(field, &given, e))
		return APP_ERR;
	*dst = jpool_dup(&en->pool, given);
	return 0;
}

int entry_customer(const struct app_ctx *c, struct app_entry *en, const char *given, int64_t *key,
                   const char **cid, struct err *e)
{
	struct strbuf id = STRBUF_INIT;
	int rc = app_customer_for_change(c, given, key, &id, e);
	if (rc == 0)
		*cid = jpool_dup(&en->pool, id.buf);
	sb_release(&id);
	return rc;
}

int story_texts(struct app_entry *en, const struct app_fields *f, struct err *e)
{
	struct rec_story *s = &en->r.s;
	return entry_text(en, "what", f->what, &s->what, e) ||
	               entry_text(en, "situation", f->situation, &s->situation, e) ||
	               entry_text(en, "outcome", f->outcome, &s->outcome, e) ||
	               entry_text(en, "employee", f->employee, &s->employee, e)
	           ? APP_ERR
	           : 0;
}

int departure_texts(struct app_entry *en, const struct app_fields *f, struct err *e)
{
	struct rec_departure *x = &en->r.x;
	return entry_text(en, "reason", f->reason, &x->reason, e) ||
	               entry_text(en, "competitor", f->competitor, &x->competitor, e)
	           ? APP_ERR
	           : 0;
}

/* The whys given, appended after those recorded (at most five in all). */
int entry_whys(struct app_entry *en, const char *const *why, int n, struct err *e)
{
	for (int i = 0; i < n; i++) {
		const char *w = why[i];
		if (app_text("why", &w, e) || journal_whys_append(en->r.k.why, w, e))
			return APP_ERR;
		en->r.k.why[journal_whys_count(en->r.k.why) - 1] = jpool_dup(&en->pool, w);
	}
	return 0;
}

int entry_check(const struct app_entry *en, int adding, struct err *e)
{
	const union app_rec *r = &en->r;
	char d1[11], d2[11];
	switch (en->kind) {
	case JK_DIALOG:
		if (r->d.follow_up != DAY_NONE && r->d.follow_up < r->d.date)
			return err_set(e,
			               L(e->lang,
			                 "the follow-up date %s lies before the dialogue (%s)",
			                 "die Wiedervorlage %s liegt vor dem Kundengespräch (%s)"),
			               day_format_lang(r->d.follow_up, e->lang, d1),
			               day_format_lang(r->d.date, e->lang, d2));
		return 0;
	case JK_PROMISE:
		if (!r->p.what)
			return err_set(
			    e, adding
			           ? L(e->lang,
			               "nothing was promised (the text is empty); nothing recorded",
			               "nichts zugesagt (der Text ist leer); nichts erfasst")
			           : L(e->lang, "a promise needs its text (--what)",
			               "eine Zusage braucht ihren Text (--what)"));
		if (journal_check_due(r->p.made_on, r->p.due_on, e) ||
		    journal_check_closed(r->p.made_on, r->p.closed_on, e))
			return APP_ERR;
		return 0;
	case JK_COMPLAINT:
		return journal_check_closed(r->k.date, r->k.resolved_on, e) ? APP_ERR : 0;
	case JK_STORY:
		if (!r->s.what)
			return err_set(e, adding
			                      ? L(e->lang,
			                          "a story needs its act (what was done); nothing "
			                          "recorded",
			                          "eine Geschichte braucht ihre Tat (was getan "
			                          "wurde); nichts erfasst")
			                      : L(e->lang, "a story needs its act (--what)",
			                          "eine Geschichte braucht ihre Tat (--what)"));
		return 0;
	case JK_REFERRAL:
		if (en->cust == en->cust2)
			return err_set(e,
			               L(e->lang, "a customer cannot refer itself (%s)",
			                 "ein Kunde kann sich nicht selbst empfehlen (%s)"),
			               r->r.from_customer);
		return 0;
	default: return 0;
	}
}

static int score(const char *s, int *tenths, struct err *e)
{
	return s && journal_score_parse(s, tenths, e) ? APP_ERR : 0;
}

int app_entry_new(const struct app_ctx *c, enum journal_kind k, const struct app_fields *f,
                  struct app_entry *en, struct err *e)
{
	union app_rec *r = &en->r;
	memset(en, 0, sizeof(*en));
	en->kind = k;
	day_t date = f->date != DAY_NONE ? f->date : c->today;
	switch (k) {
	case JK_DIALOG:
		r->d.date = date;
		r->d.follow_up = f->follow_up;
		if (entry_text(en, "support", f->support, &r->d.support, e) ||
		    entry_text(en, "improve", f->improve, &r->d.improve, e) ||
		    entry_text(en, "notes", f->notes, &r->d.notes, e) ||
		    entry_text(en, "channel", f->channel, &r->d.channel, e) ||
		    entry_text(en, "employee", f->employee, &r->d.employee, e))
			return APP_ERR;
		if (f->touchpoint && journal_touchpoint_parse(f->touchpoint, &r->d.touchpoint, e))
			return APP_ERR;
		return entry_customer(c, en, f->customer, &en->cust, &r->d.customer_id, e);
	case JK_PROMISE:
		r->p.made_on = f->made_on != DAY_NONE ? f->made_on : c->today;
		r->p.due_on = f->due;
		r->p.status = PROMISE_OPEN;
		r->p.closed_on = DAY_NONE;
		if (f->due == DAY_NONE)
			return err_set(e, L(e->lang, "a promise needs its due date",
			                    "eine Zusage braucht ihren Fälligkeitstag"));
		if (entry_text(en, "what", f->what, &r->p.what, e) ||
		    entry_text(en, "owner", f->owner, &r->p.owner, e) ||
		    journal_check_due(r->p.made_on, r->p.due_on, e))
			return APP_ERR;
		return entry_customer(c, en, f->customer, &en->cust, &r->p.customer_id, e);
	case JK_COMPLAINT: {
		const char *reason = NULL;
		r->k.date = date;
		r->k.status = COMPLAINT_OPEN;
		r->k.resolved_on = DAY_NONE;
		if (!f->reason)
			return err_set(e, L(e->lang, "a complaint needs its reason",
			                    "eine Reklamation braucht ihren Grund"));
		if (journal_reason_parse(f->reason, &reason, e))
			return APP_ERR;
		r->k.reason = reason;
		if (entry_text(en, "description", f->description, &r->k.description, e) ||
		    entry_text(en, "owner", f->owner, &r->k.owner, e) ||
		    entry_whys(en, f->why, f->nwhy, e))
			return APP_ERR;
		return entry_customer(c, en, f->customer, &en->cust, &r->k.customer_id, e);
	}
	case JK_STORY:
		r->s.date = date;
		r->s.kind = STORY_EXTRA_MILE;
		if (f->kind && journal_story_kind_parse(f->kind, &r->s.kind, e))
			return APP_ERR;
		if (story_texts(en, f, e))
			return APP_ERR;
		if (!f->customer)
			return 0;
		return entry_customer(c, en, f->customer, &en->cust, &r->s.customer_id, e);
	case JK_REFERRAL:
		r->r.date = date;
		if (entry_customer(c, en, f->from, &en->cust, &r->r.from_customer, e) ||
		    entry_customer(c, en, f->to, &en->cust2, &r->r.to_customer, e))
			return APP_ERR;
		return entry_check(en, 1, e);
	case JK_DEPARTURE:
		r->x.date = date;
		if (departure_texts(en, f, e))
			return APP_ERR;
		return entry_customer(c, en, f->customer, &en->cust, &r->x.customer_id, e);
	case JK_SURVEY:
		r->v.date = date;
		r->v.satisfaction = r->v.recommend = r->v.value = SCORE_NONE;
		if (!f->satisfaction)
			return err_set(e, L(e->lang, "a survey needs its satisfaction",
			                    "eine Umfrage braucht ihre Zufriedenheit"));
		if (score(f->satisfaction, &r->v.satisfaction, e) ||
		    score(f->recommend, &r->v.recommend, e) || score(f->value, &r->v.value, e) ||
		    entry_text(en, "comment", f->comment, &r->v.comment, e))
			return APP_ERR;
		return entry_customer(c, en, f->customer, &en->cust, &r->v.customer_id, e);
	default: return err_set(e, "BUG: kind %d", (int)k);
	}
}

static int put(struct store *st, const struct app_entry *en, int64_t *id, struct err *e)
{
	const union app_rec *r = &en->r;
	switch (en->kind) {
	case JK_DIALOG: return store_put_dialog(st, &r->d, NULL, id, e);
	case JK_PROMISE: return store_put_promise(st, &r->p, NULL, id, e);
	case JK_COMPLAINT: return store_put_complaint(st, &r->k, NULL, id, e);
	case JK_STORY: return store_put_story(st, &r->s, NULL, id, e);
	case JK_REFERRAL: return store_put_referral(st, &r->r, NULL, id, e);
	case JK_DEPARTURE: return store_put_departure(st, &r->x, NULL, id, e);
	case JK_SURVEY: return store_put_survey(st, &r->v, NULL, id, e);
	default: return err_set(e, "BUG: kind %d", (int)en->kind);
	}
}

int app_entry_add(const struct app_ctx *c, struct app_entry *en, struct err *e)
{
	struct store *st = app_store(c);
	if (entry_check(en, 1, e) || store_begin(st, e))
		return APP_ERR;
	int rc = put(st, en, &en->id, e);
	if (rc == 0)
		err_set(e,
		        L(e->lang, "an identical %s is already recorded; nothing added",
		          "ein gleicher Eintrag (%s) ist schon erfasst; nichts hinzugefügt"),
		        journal_kind_label(en->kind, e->lang));
	rc = rc == 1 ? app_audit(c, "add", en->cust, 1, e, "%s %" PRId64,
	                         journal_kind_name[en->kind], en->id)
	             : APP_ERR;
	return app_finish(c, rc, e);
}

/* Reads entry `id` of kind k: 1 found, 0 not there, -1 error. */
static int load_entry(struct store *st, enum journal_kind k, int64_t id, struct app_entry *en,
                      struct err *e)
{
	struct stmt *s = store_stmt(st, get_stmt[k]);
	struct jpool *p = &en->pool;
	int rc;
	en->kind = k;
	en->id = id;
	stmt_int(s, 1, id);
	rc = stmt_step(s, e);
	if (rc != 1) {
		stmt_reset(s);
		return rc;
	}
#define T(i) jpool_dup(p, col_text(s, (i)))
	en->cust = col_int_or(s, 0, 0);
	en->name = T(2);
	switch (k) {
	case JK_DIALOG:
		en->r.d = (struct rec_dialog){T(1), col_day(s, 3), T(4), T(5),          T(6),
		                              T(7), T(8),          T(9), col_day(s, 10)};
		break;
	case JK_PROMISE:
		en->r.p = (struct rec_promise){
		    T(1),
		    col_day(s, 3),
		    col_day(s, 4),
		    T(5),
		    T(6),
		    (enum promise_status)vocab_index_or(VOCAB_PROMISE_STATUS, col_text(s, 7), 0),
		    col_day(s, 8)};
		en->renegotiated_to = col_int_or(s, 9, 0);
		break;
	case JK_COMPLAINT:
		en->r.k.customer_id = T(1);
		en->r.k.date = col_day(s, 3);
		en->r.k.reason = T(4);
		en->r.k.reason_text = T(5);
		en->r.k.description = T(6);
		en->r.k.status = (enum complaint_status)vocab_index_or(VOCAB_COMPLAINT_STATUS,
		                                                       col_text(s, 7), 0);
		en->r.k.resolved_on = col_day(s, 8);
		for (int i = 0; i < JOURNAL_WHYS; i++)
			en->r.k.why[i] = T(9 + i);
		en->r.k.root_cause = T(14);
		en->r.k.owner = T(15);
		break;
	case JK_STORY:
		en->r.s = (struct rec_story){
		    col_day(s, 3),
		    T(4),
		    T(1),
		    T(5),
		    T(6),
		    T(7),
		    (enum story_kind)vocab_index_or(VOCAB_STORY_KIND, col_text(s, 8), 0)};
		break;
	case JK_REFERRAL:
		en->cust2 = col_int(s, 3);
		en->r.r = (struct rec_referral){T(1), T(4), col_day(s, 6)};
		break;
	case JK_DEPARTURE: en->r.x = (struct rec_departure){T(1), col_day(s, 3), T(4), T(5)}; break;
	case JK_SURVEY:
		en->r.v = (struct rec_survey){T(1),
		                              col_day(s, 3),
		                              (int)col_int_or(s, 4, SCORE_NONE),
		                              (int)col_int_or(s, 5, SCORE_NONE),
		                              (int)col_int_or(s, 6, SCORE_NONE),
		                              T(7)};
		break;
	default: break;
	}
#undef T
	stmt_reset(s);
	/* whys are filled from the first place on: close gaps an import may have left */
	if (k == JK_COMPLAINT) {
		int n = 0;
		for (int i = 0; i < JOURNAL_WHYS; i++)
			if (en->r.k.why[i])
				en->r.k.why[n++] = en->r.k.why[i];
		while (n < JOURNAL_WHYS)
			en->r.k.why[n++] = NULL;
	}
	return 1;
}

int app_entry_load(const struct app_ctx *c, enum journal_kind k, int64_t id, struct app_entry *en,
                   struct err *e)
{
	memset(en, 0, sizeof(*en));
	int rc = load_entry(c->st, k, id, en, e);
	if (rc < 0)
		return APP_ERR;
	if (rc == 0)
		return err_set(e,
		               L(e->lang, "there is no %s %" PRId64 " (see treue list %s)",
		                 "%s %" PRId64 " gibt es nicht (siehe treue list %s)"),
		               journal_kind_label(k, e->lang), id, app_layouts[k].plural);
	return 0;
}

int entry_store(struct store *st, const struct app_entry *en, struct err *e)
{
	struct stmt *s;
	const union app_rec *r = &en->r;
	switch (en->kind) {
	case JK_DIALOG:
		s = store_stmt(st, ST_J_U_DIALOG);
		stmt_int(s, 2, en->cust);
		stmt_int(s, 3, r->d.date);
		stmt_text(s, 4, r->d.channel);
		stmt_text(s, 5, r->d.touchpoint);
		stmt_text(s, 6, r->d.employee);
		stmt_text(s, 7, r->d.support);
		stmt_text(s, 8, r->d.improve);
		stmt_text(s, 9, r->d.notes);
		stmt_int_or_null(s, 10, r->d.follow_up, DAY_NONE);
		break;
	case JK_PROMISE:
		s = store_stmt(st, ST_J_U_PROMISE);
		stmt_int(s, 2, en->cust);
		stmt_int(s, 3, r->p.made_on);
		stmt_int(s, 4, r->p.due_on);
		stmt_text(s, 5, r->p.what);
		stmt_text(s, 6, r->p.owner);
		stmt_text(s, 7, vocab_code(VOCAB_PROMISE_STATUS, (int)r->p.status));
		stmt_int_or_null(s, 8, r->p.closed_on, DAY_NONE);
		stmt_int_or_null(s, 9, en->renegotiated_to, 0);
		break;
	case JK_COMPLAINT:
		s = store_stmt(st, ST_J_U_COMPLAINT);
		stmt_int(s, 2, en->cust);
		stmt_int(s, 3, r->k.date);
		stmt_text(s, 4, r->k.reason);
		stmt_text(s, 5, r->k.reason_text);
		stmt_text(s, 6, r->k.description);
		stmt_text(s, 7, vocab_code(VOCAB_COMPLAINT_STATUS, (int)r->k.status));
		stmt_int_or_null(s, 8, r->k.resolved_on, DAY_NONE);
		for (int i = 0; i < JOURNAL_WHYS; i++)
			stmt_text(s, 9 + i, r->k.why[i]);
		stmt_text(s, 14, r->k.root_cause);
		stmt_text(s, 15, r->k.owner);
		break;
	case JK_STORY:
		s = store_stmt(st, ST_J_U_STORY);
		stmt_int_or_null(s, 2, en->cust, 0);
		stmt_int(s, 3, r->s.date);
		stmt_text(s, 4, r->s.what);
		stmt_text(s, 5, r->s.employee);
		stmt_text(s, 6, r->s.situation);
		stmt_text(s, 7, r->s.outcome);
		stmt_text(s, 8, vocab_code(VOCAB_STORY_KIND, (int)r->s.kind));
		break;
	case JK_REFERRAL:
		s = store_stmt(st, ST_J_U_REFERRAL);
		stmt_int(s, 2, en->cust);
		stmt_int(s, 3, en->cust2);
		stmt_int(s, 4, r->r.date);
		break;
	case JK_DEPARTURE:
		s = store_stmt(st, ST_J_U_DEPARTURE);
		stmt_int(s, 2, en->cust);
		stmt_int(s, 3, r->x.date);
		stmt_text(s, 4, r->x.reason);
		stmt_text(s, 5, r->x.competitor);
		break;
	case JK_SURVEY:
		s = store_stmt(st, ST_J_U_SURVEY);
		stmt_int(s, 2, en->cust);
		stmt_int(s, 3, r->v.date);
		stmt_int(s, 4, r->v.satisfaction);
		stmt_int_or_null(s, 5, r->v.recommend, SCORE_NONE);
		stmt_int_or_null(s, 6, r->v.value, SCORE_NONE);
		stmt_text(s, 7, r->v.comment);
		break;
	default: return err_set(e, "BUG: kind %d", (int)en->kind);
	}
	stmt_int(s, 1, en->id);
	return stmt_exec(s, e) ? APP_ERR : 0;
}

int app_entry_update(const struct app_ctx *c, const struct app_entry *en, const char *changed,
                     struct err *e)
{
	struct store *st = app_store(c);
	if (entry_check(en, 0, e) || store_begin(st, e))
		return APP_ERR;
	int rc =
	    entry_store(st, en, e) || app_audit(c, "edit", en->cust, 1, e, "%s %" PRId64 ": %s",
	                                        journal_kind_name[en->kind], en->id, changed);
	return app_finish(c, rc ? APP_ERR : 0, e);
}

int app_entry_delete(const struct app_ctx *c, const struct app_entry *en, struct err *e)
{
	struct store *st = app_store(c);
	struct stmt *s;
	int rc = 0;
	if (store_begin(st, e))
		return APP_ERR;
	if (en->kind == JK_PROMISE) {
		s = store_stmt(st, ST_J_PROMISE_UNLINK);
		stmt_int(s, 1, en->id);
		rc = stmt_exec(s, e);
	}
	if (rc == 0) {
		s = store_stmt(st, delete_stmt[en->kind]);
		stmt_int(s, 1, en->id);
		rc = stmt_exec(s, e) || app_audit(c, "delete", en->cust, 1, e, "%s %" PRId64,
		                                  journal_kind_name[en->kind], en->id);
	}
	return app_finish(c, rc ? APP_ERR : 0, e);
}
