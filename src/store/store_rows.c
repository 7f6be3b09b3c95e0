/*
 * store_rows.c — writing one record of each entity: the customer key
 * lookup (creating unknown customers), the content hash that makes a
 * re-import add nothing twice, and the insert statements.
 *
 * Content hash: FNV-1a/splitmix over the entity name and every field in a
 * fixed order, separated by 0x1f.  Within one transaction a row identical
 * to one already inserted gets the next occurrence number mixed in, so two
 * genuinely identical rows of one file are both kept, and importing the
 * same file again maps them to the same two hashes.
 */
#include <inttypes.h>
#include <string.h>

#include "store_int.h"

struct hasher {
	struct strbuf sb;
};

static void h_text(struct hasher *h, const char *s)
{
	if (s)
		sb_adds(&h->sb, s);
	else
		sb_addch(&h->sb, '\x1e');
	sb_addch(&h->sb, '\x1f');
}

static void h_int(struct hasher *h, int64_t v)
{
	sb_addf(&h->sb, "%" PRId64 "\x1f", v);
}

/* Finishes the hash, making it unique within the running transaction. */
static int64_t h_done(struct store *st, struct hasher *h)
{
	uint64_t base = hash64(h->sb.buf, h->sb.len, 0), v = base;
	struct u64set *seen = &st->seen;
	for (uint64_t occ = 1; !u64set_add(seen, v); occ++)
		v = hash64(&occ, sizeof(occ), base);
	sb_release(&h->sb);
	return (int64_t)v;
}

static int key_of(struct store *st, const char *id, int64_t *key, int64_t *created, struct err *e)
{
	if (!id || !*id)
		return err_set(e, L(e->lang, "customer id missing", "Kundennummer fehlt"));
	int rc = store_customer_key(st, id, 1, key, e);
	if (rc < 0)
		return -1;
	if (rc == 1 && created)
		(*created)++;
	return 0;
}

static int put_customer(struct store *st, const struct rec_customer *r, struct err *e);

/* "name \"A\" -> \"B\"" for the fields that differ (old NULL shown as –). */
void store_diff_text(struct strbuf *sb, const char *field, const char *old, const char *new_)
{
	if (!new_ || (old && !strcmp(old, new_)))
		return;
	sb_addf(sb, "%s%s \"%s\" -> \"%s\"", sb->len ? ", " : "", field, old ? old : "–", new_);
}

void store_diff_day(struct strbuf *sb, const char *field, day_t old, day_t new_)
{
	char a[11], b[11];
	if (new_ == DAY_NONE || old == new_)
		return;
	sb_addf(sb, "%s%s %s -> %s", sb->len ? ", " : "", field,
	        old == DAY_NONE ? "–" : day_format(old, a), day_format(new_, b));
}

void store_diff_money(struct strbuf *sb, const char *field, int64_t old, int64_t new_)
{
	char a[32], b[32];
	if (new_ == MONEY_NONE || old == new_)
		return;
	sb_addf(sb, "%s%s %s -> %s", sb->len ? ", " : "", field,
	        old == MONEY_NONE ? "–" : money_format(old, a), money_format(new_, b));
}

int store_put_customer(struct store *st, const struct rec_customer *r, struct err *e)
{
	int rc = store_put_customer_diff(st, r, NULL, e);
	return rc > 0 ? 1 : rc;
}

int store_put_customer_diff(struct store *st, const struct rec_customer *r, struct strbuf *change,
                            struct err *e)
{
	struct strbuf d = STRBUF_INIT;
	int known = 0, rc;
	if (r->customer_id) {
		struct stmt *q = store_stmt(st, ST_CUSTOMER_MASTER);
		stmt_text(q, 1, r->customer_id);
		if ((rc = stmt_step(q, e)) < 0)
			return -1;
		if (rc == 1 && !col_int(q, 6)) { /* known, and not only from orders */
			known = 1;
			store_diff_text(&d, "name", col_text(q, 0), r->name);
			store_diff_text(&d, "industry", col_text(q, 1), r->industry);
			store_diff_text(&d, "region", col_text(q, 2), r->region);
			store_diff_text(&d, "owner", col_text(q, 3), r->owner);
			store_diff_day(&d, "acquired_on", (day_t)col_int_or(q, 4, DAY_NONE),
			               r->acquired_on);
			store_diff_money(&d, "acquisition_cost", col_int_or(q, 5, MONEY_NONE),
			                 r->acquisition_cost);
		}
		stmt_reset(q);
	}
	rc = put_customer(st, r, e);
	if (rc > 0 && known) {
		rc = 2;
		if (change)
			sb_addf(change, "customer %s: %s", r->customer_id, d.buf ? d.buf : "");
	}
	sb_release(&d);
	return rc;
}

int store_fill_customer_name(struct store *st, const char *customer_id, const char *name,
                             struct err *e)
{
	struct stmt *s = store_stmt(st, ST_CUSTOMER_FILL_NAME);
	stmt_text(s, 1, customer_id);
	stmt_text(s, 2, name);
	return stmt_exec(s, e);
}

static int put_customer(struct store *st, const struct rec_customer *r, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_PUT_CUSTOMER_INSERT);
	stmt_text(s, 1, r->customer_id);
	stmt_text(s, 2, r->name);
	stmt_text(s, 3, r->industry);
	stmt_text(s, 4, r->region);
	stmt_text(s, 5, r->owner);
	stmt_int_or_null(s, 6, r->acquired_on, DAY_NONE);
	stmt_int_or_null(s, 7, r->acquisition_cost, MONEY_NONE);
	int rc = stmt_insert_new(s, NULL, e);
	int64_t key;
	if (rc > 0 && !custkeys_get(&st->custcache, r->customer_id, &key)) {
		if (store_customer_key(st, r->customer_id, 0, &key, e) < 0)
			return -1;
	}
	return rc;
}

/* An order with a known order id: updated when its date, customer, revenue
 * or margin differ (2), else 0. */
static int correct_order(struct store *st, const struct rec_order *r, int64_t key,
                         struct strbuf *change, struct err *e)
{
	struct stmt *q = store_stmt(st, ST_ORDER_BY_ORDER_ID);
	struct strbuf d = STRBUF_INIT;
	int64_t id;
	int rc;
	stmt_text(q, 1, r->order_id);
	if ((rc = stmt_step(q, e)) != 1) {
		stmt_reset(q);
		return rc < 0 ? -1 : 0;
	}
	id = col_int(q, 0);
	int64_t margin = r->margin != MONEY_NONE ? r->margin : col_int_or(q, 4, MONEY_NONE);
	if (col_int(q, 1) != key)
		store_diff_text(&d, "customer", col_text(q, 5), r->customer_id);
	store_diff_day(&d, "date", (day_t)col_int(q, 2), r->date);
	store_diff_money(&d, "revenue", col_int(q, 3), r->revenue);
	store_diff_money(&d, "margin", col_int_or(q, 4, MONEY_NONE), r->margin);
	stmt_reset(q);
	if (!d.len) {
		sb_release(&d);
		return 0;
	}
	struct stmt *s = store_stmt(st, ST_ORDER_CORRECT);
	stmt_int(s, 1, id);
	stmt_int(s, 2, key);
	stmt_int(s, 3, r->date);
	stmt_int(s, 4, r->revenue);
	stmt_int_or_null(s, 5, margin, MONEY_NONE);
	rc = stmt_exec(s, e);
	bycust_stale(st, id);
	if (!rc && change)
		sb_addf(change, "order %s: %s", r->order_id, d.buf);
	sb_release(&d);
	return rc ? -1 : 2;
}

int64_t store_order_hash(struct store *st, const struct rec_order *r)
{
	struct hasher h = {STRBUF_INIT};
	h_text(&h, "order");
	h_text(&h, r->customer_id);
	h_int(&h, r->date);
	h_int(&h, r->revenue);
	h_int(&h, r->margin);
	return h_done(st, &h);
}

static int put_order(struct store *st, const struct rec_order *r, int64_t *created,
                     struct strbuf *change, int64_t *id, struct err *e)
{
	int64_t key;
	if (key_of(st, r->customer_id, &key, created, e))
		return -1;

	struct stmt *s = store_stmt(st, ST_PUT_ORDER);
	stmt_int(s, 1, key);
	stmt_int(s, 2, r->date);
	stmt_int(s, 3, r->revenue);
	stmt_int_or_null(s, 4, r->margin, MONEY_NONE);
	if (r->order_id && *r->order_id) {
		stmt_text(s, 5, r->order_id);
		stmt_null(s, 6);
	} else {
		stmt_null(s, 5);
		stmt_int(s, 6, store_order_hash(st, r));
	}
	int64_t new_id = 0;
	int rc = stmt_insert_new(s, &new_id, e);
	if (rc == 0 && r->order_id && *r->order_id)
		return correct_order(st, r, key, change, e);
	if (rc == 1) {
		struct rec_order_new n = {key, r->date, r->revenue, r->margin, r->order_id};
		if (bycust_note(st, new_id, &n, 1, e))
			return -1;
		if (id)
			*id = new_id;
	}
	return rc;
}

int store_put_order(struct store *st, const struct rec_order *r, int64_t *created, int64_t *id,
                    struct err *e)
{
	return put_order(st, r, created, NULL, id, e);
}

int store_put_order_diff(struct store *st, const struct rec_order *r, int64_t *created,
                         struct strbuf *change, struct err *e)
{
	return put_order(st, r, created, change, NULL, e);
}

static void bind_new_order(struct stmt *s, int at, const struct rec_order_new *r)
{
	stmt_int(s, at + 1, r->cust);
	stmt_int(s, at + 2, r->date);
	stmt_int(s, at + 3, r->revenue);
	stmt_int_or_null(s, at + 4, r->margin, MONEY_NONE);
	stmt_text_kept(s, at + 5, r->order_id); /* the caller's batch, until it is written */
}

int store_put_new_orders(struct store *st, const struct rec_order_new *r, size_t n, struct err *e)
{
	size_t i = 0;
	for (; i + STORE_NEW_ORDERS <= n; i += STORE_NEW_ORDERS) {
		struct stmt *s = store_stmt(st, ST_PUT_NEW_ORDERS);
		for (int k = 0; k < STORE_NEW_ORDERS; k++)
			bind_new_order(s, 5 * k, &r[i + (size_t)k]);
		int64_t last = 0; /* SQLite: the last of the statement's rows */
		if (stmt_insert_new(s, &last, e) < 0 ||
		    bycust_note(st, last - STORE_NEW_ORDERS + 1, r + i, STORE_NEW_ORDERS, e))
			return -1;
	}
	for (; i < n; i++) {
		struct stmt *s = store_stmt(st, ST_PUT_NEW_ORDER);
		bind_new_order(s, 0, &r[i]);
		int64_t id = 0;
		if (stmt_insert_new(s, &id, e) < 0 || bycust_note(st, id, r + i, 1, e))
			return -1;
	}
	return 0;
}

int store_max_order_id(struct store *st, struct strbuf *out, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_ORDER_ID_MAX);
	int rc = stmt_step(s, e);
	if (rc == 1) {
		const char *v = col_text(s, 0);
		rc = v != NULL;
		sb_reset(out);
		if (v)
			sb_adds(out, v);
	}
	stmt_reset(s);
	return rc;
}

int store_put_survey(struct store *st, const struct rec_survey *r, int64_t *created, int64_t *id,
                     struct err *e)
{
	int64_t key;
	if (key_of(st, r->customer_id, &key, created, e))
		return -1;
	struct hasher h = {STRBUF_INIT};
	h_text(&h, "survey");
	h_text(&h, r->customer_id);
	h_int(&h, r->date);
	h_int(&h, r->satisfaction);
	h_int(&h, r->recommend);
	h_int(&h, r->value);
	h_text(&h, r->comment);
	struct stmt *s = store_stmt(st, ST_PUT_SURVEY);
	stmt_int(s, 1, key);
	stmt_int(s, 2, r->date);
	stmt_int(s, 3, r->satisfaction);
	stmt_int_or_null(s, 4, r->recommend, SCORE_NONE);
	stmt_int_or_null(s, 5, r->value, SCORE_NONE);
	stmt_text(s, 6, r->comment);
	stmt_int(s, 7, h_done(st, &h));
	return stmt_insert_new(s, id, e);
}

int store_put_dialog(struct store *st, const struct rec_dialog *r, int64_t *created, int64_t *id,
                     struct err *e)
{
	int64_t key;
	if (key_of(st, r->customer_id, &key, created, e))
		return -1;
	const char *t[] = {r->channel, r->touchpoint, r->employee,
	                   r->support, r->improve,    r->notes};
	struct hasher h = {STRBUF_INIT};
	h_text(&h, "dialog");
	h_text(&h, r->customer_id);
	h_int(&h, r->date);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		h_text(&h, t[i]);
	/* fields added later join the hash only when given, so that rows
	 * imported before keep their hash (a re-import adds nothing) */
	if (r->follow_up != DAY_NONE)
		h_int(&h, r->follow_up);
	struct stmt *s = store_stmt(st, ST_PUT_DIALOG);
	stmt_int(s, 1, key);
	stmt_int(s, 2, r->date);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		stmt_text(s, 3 + (int)i, t[i]);
	stmt_int(s, 9, h_done(st, &h));
	stmt_int_or_null(s, 10, r->follow_up, DAY_NONE);
	return stmt_insert_new(s, id, e);
}

int store_put_promise(struct store *st, const struct rec_promise *r, int64_t *created, int64_t *id,
                      struct err *e)
{
	int64_t key;
	if (key_of(st, r->customer_id, &key, created, e))
		return -1;
	struct hasher h = {STRBUF_INIT};
	h_text(&h, "promise");
	h_text(&h, r->customer_id);
	h_int(&h, r->made_on);
	h_int(&h, r->due_on);
	h_text(&h, r->what);
	h_text(&h, r->owner);
	h_int(&h, r->status);
	h_int(&h, r->closed_on);
	struct stmt *s = store_stmt(st, ST_PUT_PROMISE);
	stmt_int(s, 1, key);
	stmt_int(s, 2, r->made_on);
	stmt_int(s, 3, r->due_on);
	stmt_text(s, 4, r->what);
	stmt_text(s, 5, r->owner);
	stmt_text(s, 6, vocab_code(VOCAB_PROMISE_STATUS, (int)r->status));
	stmt_int_or_null(s, 7, r->closed_on, DAY_NONE);
	stmt_int(s, 8, h_done(st, &h));
	return stmt_insert_new(s, id, e);
}

int store_put_complaint(struct store *st, const struct rec_complaint *r, int64_t *created,
                        int64_t *id, struct err *e)
{
	int64_t key;
	if (key_of(st, r->customer_id, &key, created, e))
		return -1;
	struct hasher h = {STRBUF_INIT};
	h_text(&h, "complaint");
	h_text(&h, r->customer_id);
	h_int(&h, r->date);
	h_text(&h, r->reason);
	h_text(&h, r->reason_text);
	h_text(&h, r->description);
	h_int(&h, r->status);
	h_int(&h, r->resolved_on);
	for (int i = 0; i < 5; i++)
		h_text(&h, r->why[i]);
	h_text(&h, r->root_cause);
	if (r->owner) /* added later: see store_put_dialog */
		h_text(&h, r->owner);
	struct stmt *s = store_stmt(st, ST_PUT_COMPLAINT);
	stmt_int(s, 1, key);
	stmt_int(s, 2, r->date);
	stmt_text(s, 3, r->reason);
	stmt_text(s, 4, r->reason_text);
	stmt_text(s, 5, r->description);
	stmt_text(s, 6, vocab_code(VOCAB_COMPLAINT_STATUS, (int)r->status));
	stmt_int_or_null(s, 7, r->resolved_on, DAY_NONE);
	for (int i = 0; i < 5; i++)
		stmt_text(s, 8 + i, r->why[i]);
	stmt_text(s, 13, r->root_cause);
	stmt_int(s, 14, h_done(st, &h));
	stmt_text(s, 15, r->owner);
	return stmt_insert_new(s, id, e);
}

int store_put_story(struct store *st, const struct rec_story *r, int64_t *created, int64_t *id,
                    struct err *e)
{
	int64_t key = 0;
	int has_cust = r->customer_id && *r->customer_id;
	if (has_cust && key_of(st, r->customer_id, &key, created, e))
		return -1;
	struct hasher h = {STRBUF_INIT};
	h_text(&h, "story");
	h_int(&h, r->date);
	h_text(&h, r->what);
	h_text(&h, r->customer_id);
	h_text(&h, r->employee);
	h_text(&h, r->situation);
	h_text(&h, r->outcome);
	h_int(&h, r->kind);
	struct stmt *s = store_stmt(st, ST_PUT_STORY);
	stmt_int(s, 1, r->date);
	stmt_text(s, 2, r->what);
	if (has_cust)
		stmt_int(s, 3, key);
	else
		stmt_null(s, 3);
	stmt_text(s, 4, r->employee);
	stmt_text(s, 5, r->situation);
	stmt_text(s, 6, r->outcome);
	stmt_text(s, 7, vocab_code(VOCAB_STORY_KIND, (int)r->kind));
	stmt_int(s, 8, h_done(st, &h));
	return stmt_insert_new(s, id, e);
}

int store_put_referral(struct store *st, const struct rec_referral *r, int64_t *created,
                       int64_t *id, struct err *e)
{
	int64_t from, to;
	if (key_of(st, r->from_customer, &from, created, e) ||
	    key_of(st, r->to_customer, &to, created, e))
		return -1;
	struct hasher h = {STRBUF_INIT};
	h_text(&h, "referral");
	h_text(&h, r->from_customer);
	h_text(&h, r->to_customer);
	h_int(&h, r->date);
	struct stmt *s = store_stmt(st, ST_PUT_REFERRAL);
	stmt_int(s, 1, from);
	stmt_int(s, 2, to);
	stmt_int(s, 3, r->date);
	stmt_int(s, 4, h_done(st, &h));
	return stmt_insert_new(s, id, e);
}

int store_put_departure(struct store *st, const struct rec_departure *r, int64_t *created,
                        int64_t *id, struct err *e)
{
	int64_t key;
	if (key_of(st, r->customer_id, &key, created, e))
		return -1;
	struct hasher h = {STRBUF_INIT};
	h_text(&h, "departure");
	h_text(&h, r->customer_id);
	h_int(&h, r->date);
	h_text(&h, r->reason);
	h_text(&h, r->competitor);
	struct stmt *s = store_stmt(st, ST_PUT_DEPARTURE);
	stmt_int(s, 1, key);
	stmt_int(s, 2, r->date);
	stmt_text(s, 3, r->reason);
	stmt_text(s, 4, r->competitor);
	stmt_int(s, 5, h_done(st, &h));
	return stmt_insert_new(s, id, e);
}
