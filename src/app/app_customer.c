/*
 * app_customer.c — the customer card: everything about one customer at D
 * — figures, segment and why, trust and bond with their components, the
 * purchase model's view, what is due — and a timeline of its orders,
 * surveys, dialogues, promises, complaints, stories, referrals and
 * departures, each entry a sentence in the request's language.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "report.h"

struct timeline {
	struct app_timeline_entry *v;
	size_t n, alloc;
};

static void tl_add(struct timeline *t, day_t date, const char *kind, struct strbuf *text)
{
	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n].date = date;
	t->v[t->n].kind = kind;
	t->v[t->n].text = sb_detach(text);
	t->n++;
}

static void add_opt(struct strbuf *sb, const char *label, const char *v)
{
	if (v && *v)
		sb_addf(sb, "; %s: %s", label, v);
}

static void score10(struct strbuf *sb, enum lang lang, struct stmt *s, int col)
{
	if (col_isnull(s, col))
		sb_adds(sb, "–");
	else
		fmt_num(sb, lang, (double)col_int(s, col) / 10.0, 1);
}

/* Reads the customer's rows from the store, merged by date (stable by
 * kind); the open promises and complaints also into the card.  cur: the
 * currency amounts are written in. */
static int collect(const struct app_ctx *c, int64_t key, const char *cur, struct timeline *t,
                   struct app_customer *card, struct err *e)
{
	size_t palloc = 0, kalloc = 0;
	struct strbuf sb = STRBUF_INIT;
	struct stmt *s;
	int rc;
	char d[11];

	s = store_stmt(c->st, ST_CUST_ORDERS);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		int64_t rev = col_int(s, 1);
		sb_adds(&sb, rev < 0 ? L(c->lang, "credit note ", "Gutschrift ")
		                     : L(c->lang, "order ", "Auftrag "));
		if (col_text(s, 3))
			sb_addf(&sb, "%s ", col_text(s, 3));
		fmt_amount(&sb, c->lang, cur, rev);
		if (!col_isnull(s, 2)) {
			sb_adds(&sb, L(c->lang, ", margin ", ", Deckungsbeitrag "));
			fmt_amount(&sb, c->lang, cur, col_int(s, 2));
		}
		tl_add(t, (day_t)col_int(s, 0), "order", &sb);
	}
	if (rc < 0)
		goto fail;
	s = store_stmt(c->st, ST_CUST_SURVEYS);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		sb_adds(&sb, L(c->lang, "survey: satisfaction ", "Umfrage: Zufriedenheit "));
		score10(&sb, c->lang, s, 1);
		sb_adds(&sb, L(c->lang, ", recommend ", ", Weiterempfehlung "));
		score10(&sb, c->lang, s, 2);
		sb_adds(&sb, L(c->lang, ", perceived value ", ", wahrgenommener Nutzen "));
		score10(&sb, c->lang, s, 3);
		if (col_text(s, 4) && *col_text(s, 4))
			sb_addf(&sb, " — \"%s\"", col_text(s, 4));
		tl_add(t, (day_t)col_int(s, 0), "survey", &sb);
	}
	if (rc < 0)
		goto fail;
	s = store_stmt(c->st, ST_CUST_DIALOGS);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		sb_adds(&sb, vocab_label(VOCAB_KIND, VK_DIALOG, c->lang, VOCAB_ONE));
		add_opt(&sb, L(c->lang, "touchpoint", "Kontaktpunkt"),
		        vocab_label_of(VOCAB_TOUCHPOINT, col_text(s, 2), c->lang, VOCAB_ONE));
		add_opt(&sb, L(c->lang, "channel", "Kanal"), col_text(s, 1));
		add_opt(&sb, L(c->lang, "with", "mit"), col_text(s, 3));
		add_opt(&sb, L(c->lang, "support", "Unterstützung"), col_text(s, 4));
		add_opt(&sb, L(c->lang, "do better", "besser machen"), col_text(s, 5));
		add_opt(&sb, L(c->lang, "notes", "Notizen"), col_text(s, 6));
		tl_add(t, (day_t)col_int(s, 0), "dialog", &sb);
	}
	if (rc < 0)
		goto fail;
	s = store_stmt(c->st, ST_CUST_PROMISES);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		sb_addf(&sb,
		        L(c->lang, "promise #%lld: %s (due %s; %s",
		          "Zusage #%lld: %s (fällig am %s; %s"),
		        (long long)col_int(s, 0), col_text(s, 3),
		        day_format_lang((day_t)col_int(s, 2), c->lang, d),
		        vocab_label_of(VOCAB_PROMISE_STATUS, col_text(s, 5), c->lang, VOCAB_ONE));
		if (!col_isnull(s, 6))
			sb_addf(&sb, L(c->lang, " on %s", " am %s"),
			        day_format_lang((day_t)col_int(s, 6), c->lang, d));
		sb_addch(&sb, ')');
		add_opt(&sb, L(c->lang, "owner", "verantwortlich"), col_text(s, 4));
		tl_add(t, (day_t)col_int(s, 1), "promise", &sb);
		if (col_text(s, 5) && !strcmp(col_text(s, 5), "open")) {
			ALLOC_GROW(card->open_promises, card->nopen_promises + 1, palloc);
			struct app_open_promise *op = &card->open_promises[card->nopen_promises++];
			op->id = col_int(s, 0);
			op->made_on = (day_t)col_int(s, 1);
			op->due_on = (day_t)col_int(s, 2);
			op->what = jpool_dup(&card->pool, col_text(s, 3));
			op->owner = col_text(s, 4) && *col_text(s, 4)
			                ? jpool_dup(&card->pool, col_text(s, 4))
			                : NULL;
		}
	}
	if (rc < 0)
		goto fail;
	s = store_stmt(c->st, ST_CUST_COMPLAINTS);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		sb_addf(&sb, L(c->lang, "complaint #%lld: %s (%s", "Reklamation #%lld: %s (%s"),
		        (long long)col_int(s, 0),
		        col_text(s, 3) && *col_text(s, 3)
		            ? col_text(s, 3)
		            : vocab_label_of(VOCAB_REASON, col_text(s, 2), c->lang, VOCAB_ONE),
		        vocab_label_of(VOCAB_COMPLAINT_STATUS, col_text(s, 5), c->lang, VOCAB_ONE));
		if (!col_isnull(s, 6))
			sb_addf(&sb, L(c->lang, " on %s", " am %s"),
			        day_format_lang((day_t)col_int(s, 6), c->lang, d));
		sb_addch(&sb, ')');
		add_opt(&sb, L(c->lang, "description", "Beschreibung"), col_text(s, 4));
		add_opt(&sb, L(c->lang, "root cause", "Ursache"), col_text(s, 7));
		tl_add(t, (day_t)col_int(s, 1), "complaint", &sb);
		if (col_text(s, 5) && !strcmp(col_text(s, 5), "open")) {
			ALLOC_GROW(card->open_complaints, card->nopen_complaints + 1, kalloc);
			struct app_open_complaint *ok =
			    &card->open_complaints[card->nopen_complaints++];
			int nw = 0;
			memset(ok, 0, sizeof(*ok));
			ok->id = col_int(s, 0);
			ok->date = (day_t)col_int(s, 1);
			ok->reason = jpool_dup(&card->pool, col_text(s, 2));
			ok->reason_text = col_text(s, 3) && *col_text(s, 3)
			                      ? jpool_dup(&card->pool, col_text(s, 3))
			                      : NULL;
			ok->description = col_text(s, 4) && *col_text(s, 4)
			                      ? jpool_dup(&card->pool, col_text(s, 4))
			                      : NULL;
			/* whys in order, gaps an import may have left closed */
			for (int w = 0; w < JOURNAL_WHYS; w++)
				if (col_text(s, 8 + w) && *col_text(s, 8 + w))
					ok->why[nw++] = jpool_dup(&card->pool, col_text(s, 8 + w));
		}
	}
	if (rc < 0)
		goto fail;
	s = store_stmt(c->st, ST_CUST_STORIES);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		sb_addf(&sb, "%s: %s",
		        vocab_label_of(VOCAB_STORY_KIND, col_text(s, 5), c->lang, VOCAB_ONE),
		        col_text(s, 1));
		add_opt(&sb, L(c->lang, "situation", "Situation"), col_text(s, 3));
		add_opt(&sb, "WOW", col_text(s, 4));
		add_opt(&sb, L(c->lang, "by", "von"), col_text(s, 2));
		tl_add(t, (day_t)col_int(s, 0), "story", &sb);
	}
	if (rc < 0)
		goto fail;
	s = store_stmt(c->st, ST_CUST_REFERRALS);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		sb_addf(&sb,
		        col_int(s, 2) ? L(c->lang, "referred %s", "hat %s empfohlen")
		                      : L(c->lang, "was referred by %s", "wurde von %s empfohlen"),
		        col_text(s, 1));
		tl_add(t, (day_t)col_int(s, 0), "referral", &sb);
	}
	if (rc < 0)
		goto fail;
	s = store_stmt(c->st, ST_CUST_DEPARTURES);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		sb_adds(&sb, vocab_label(VOCAB_KIND, VK_DEPARTURE, c->lang, VOCAB_ONE));
		add_opt(&sb, L(c->lang, "reason", "Grund"), col_text(s, 1));
		add_opt(&sb, L(c->lang, "competitor", "Wettbewerber"), col_text(s, 2));
		tl_add(t, (day_t)col_int(s, 0), "departure", &sb);
	}
	if (rc < 0)
		goto fail;
	sb_release(&sb);
	/* stable merge by date (insertion sort: lists are short and mostly ordered) */
	for (size_t i = 1; i < t->n; i++) {
		struct app_timeline_entry x = t->v[i];
		size_t j = i;
		while (j > 0 && t->v[j - 1].date > x.date) {
			t->v[j] = t->v[j - 1];
			j--;
		}
		t->v[j] = x;
	}
	return 0;
fail:
	sb_release(&sb);
	return -1;
}

/* The index of the customer with store key `key` (keys ascend), or -1. */
static long index_of(const struct dataset *ds, int64_t key)
{
	size_t lo = 0, hi = ds->ncust;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ds->key[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ds->ncust && ds->key[lo] == key ? (long)lo : -1;
}

/* Purchases and revenue per calendar month before D. */
static void months_of(const struct dataset *ds, size_t ci, day_t D, struct app_customer *card)
{
	uint64_t lo = ds->ord_start[ci], hi = ds->ord_end[ci];
	int y0, m0, d0, y1, m1, d1;
	if (lo == hi || ds->ord_date[lo] >= D)
		return;
	day_to_ymd(ds->ord_date[lo], &y0, &m0, &d0);
	day_to_ymd(D - 1, &y1, &m1, &d1);
	size_t n = (size_t)((y1 - y0) * 12 + (m1 - m0) + 1);
	card->months = xcalloc(n, sizeof(*card->months));
	card->nmonths = n;
	for (size_t k = 0; k < n; k++) {
		card->months[k].year = y0 + (int)((m0 - 1 + (int)k) / 12);
		card->months[k].month = (m0 - 1 + (int)k) % 12 + 1;
	}
	for (uint64_t o = lo; o < hi && ds->ord_date[o] < D; o++) {
		int y, m, d;
		day_to_ymd(ds->ord_date[o], &y, &m, &d);
		struct app_month *mo = &card->months[(y - y0) * 12 + (m - m0)];
		mo->revenue += ds->ord_rev[o];
		/* one purchase per order row with revenue >= 0 */
		mo->orders += ds->ord_rev[o] >= 0;
	}
}

int app_customer_card_of(const struct app_ctx *c, const struct app_analysis *a,
                         const struct app_loyalty *r, int64_t key, struct app_customer *card,
                         struct err *e)
{
	const struct dataset *ds = &a->ds;
	const struct loyalty *l = &r->l;
	const struct btyd_result *br = &r->bt;
	struct strbuf why = STRBUF_INIT;
	struct timeline tl = {0};
	memset(card, 0, sizeof(*card));
	card->note = r->note;
	long i = index_of(ds, key);
	if (i < 0 || l->ncust != ds->ncust)
		return err_set(e,
		               L(e->lang, "customer %lld changed while loading",
		                 "Kunde %lld hat sich beim Laden geändert"),
		               (long long)key);
	size_t ci = (size_t)i;
	card->customer_id = xstrdup(ds_cid(ds, ci));
	card->name = xstrdup(ds_name(ds, ci));
	card->owner = xstrdup(ds_owner(ds, ci));
	card->as_of = a->as_of;
	card->fut = a->fut;
	card->horizon = a->set.horizon;
	card->dialog_days = a->set.dialog_days;
	memcpy(card->currency, a->set.currency, sizeof(card->currency));
	card->fig = l->fig[ci];
	model_trust(ds, ci, a->as_of, &a->set, &card->trust);
	model_bond(&card->fig, &card->trust, &card->bond);
	model_explain(l, ci, c->lang, &why);
	card->why = sb_detach(&why);
	card->has_btyd = br->ok && br->p_alive && !isnan(br->p_alive[ci]);
	card->silent = l->silent && l->silent[ci];
	if (card->has_btyd) {
		card->p_alive = br->p_alive[ci];
		card->expected52 = br->expected52 ? br->expected52[ci] : NAN;
		card->margin52 = br->margin52 ? br->margin52[ci] : NAN;
		card->margin_h = br->margin_h ? br->margin_h[ci] : NAN;
	}
	for (size_t k = 0; k < l->nactions; k++)
		if (l->actions[k].cust == (uint32_t)ci) {
			card->has_action = 1;
			card->action = l->actions[k];
			card->rank = k + 1;
			break;
		}
	months_of(ds, ci, a->as_of, card);
	int rc = collect(c, key, a->set.currency, &tl, card, e);
	card->timeline = tl.v;
	card->ntimeline = tl.n;
	return rc ? APP_ERR : 0;
}

int app_customer_card(const struct app_ctx *c, const struct app_analysis *a, int64_t key,
                      struct app_customer *card, struct err *e)
{
	struct app_loyalty r;
	memset(card, 0, sizeof(*card));
	if (app_loyalty(c, a, 2, 0, &r, e))
		return APP_ERR;
	int rc = app_customer_card_of(c, a, &r, key, card, e);
	app_loyalty_release(&r);
	return rc;
}

void app_customer_release(struct app_customer *card)
{
	for (size_t k = 0; k < card->ntimeline; k++)
		free(card->timeline[k].text);
	free(card->timeline);
	free(card->customer_id);
	free(card->name);
	free(card->owner);
	free(card->why);
	free(card->months);
	free(card->open_promises);
	free(card->open_complaints);
	jpool_release(&card->pool);
	memset(card, 0, sizeof(*card));
}
