/*
 * lists.c — the per-customer lists: segments (sorted by customer_id) and
 * the action list (in priority order, with why and what is due, and which
 * revenue it is ordered by), the segment movement matrix and the what-if
 * (the value of a customer at retention r); as text, JSON and CSV.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* A customer index with its id beside it: qsort needs no context. */
struct cid_idx {
	const char *cid;
	uint32_t i;
};
static int cmp_cid(const void *a, const void *b)
{
	return strcmp(((const struct cid_idx *)a)->cid, ((const struct cid_idx *)b)->cid);
}

/* Indexes of segmented customers (those kept) sorted by customer_id (byte order). */
static uint32_t *sorted_segmented(const struct dataset *ds, const struct loyalty *l,
                                  const uint8_t *keep, size_t *n)
{
	struct cid_idx *v = xmalloc(sizeof(*v) * (l->ncust + 1));
	size_t m = 0;
	for (size_t i = 0; i < l->ncust; i++)
		if (segment_is_segment(l->fig[i].segment) && (!keep || keep[i]))
			v[m++] = (struct cid_idx){ds_cid(ds, i), (uint32_t)i};
	qsort(v, m, sizeof(*v), cmp_cid);
	uint32_t *idx = xmalloc(sizeof(*idx) * (m + 1));
	for (size_t k = 0; k < m; k++)
		idx[k] = v[k].i;
	free(v);
	*n = m;
	return idx;
}

/* The width of a column of segment names (singular or plural): the
 * longest, at least min. */
static int segment_width(enum lang lang, enum vocab_number num, int min)
{
	int w = min;
	for (int s = 0; s < SEG__COUNT; s++)
		if (utf8_width(segment_label_n(s, lang, num)) > w)
			w = utf8_width(segment_label_n(s, lang, num));
	return w;
}

static void csv_score(struct strbuf *out, int64_t sum, int n)
{
	sb_addch(out, ',');
	if (n)
		fmt_fixed(out, (double)sum / n / 10.0, 2);
}

/* As money_format writes it: "-12.05" */
static void csv_money(struct strbuf *out, int64_t cents)
{
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	char buf[32], *p = buf + sizeof(buf);
	*--p = (char)('0' + a % 10);
	*--p = (char)('0' + a / 10 % 10);
	*--p = '.';
	a /= 100;
	do {
		*--p = (char)('0' + a % 10);
		a /= 10;
	} while (a);
	if (cents < 0)
		*--p = '-';
	*--p = ',';
	sb_add(out, p, (size_t)(buf + sizeof(buf) - p));
}

static void csv_int(struct strbuf *out, int64_t v)
{
	sb_addch(out, ',');
	fmt_plain_int(out, v);
}

static void csv_day(struct strbuf *out, day_t d)
{
	char buf[11];
	sb_addch(out, ',');
	if (d != DAY_NONE)
		sb_adds(out, day_format(d, buf));
}

static void json_score(struct json *j, const char *key, int64_t sum, int n)
{
	json_key(j, key);
	if (n)
		json_double(j, (double)sum / n / 10.0, 2);
	else
		json_null(j);
}

static void text_score(struct strbuf *out, int64_t sum, int n, enum lang lang)
{
	if (n)
		fmt_num(out, lang, (double)sum / n / 10.0, 1);
	else
		sb_adds(out, "–");
}

static void json_dbl_or_null(struct json *j, double v, int decimals)
{
	if (isnan(v))
		json_null(j);
	else
		json_double(j, v, decimals);
}

static void csv_dbl(struct strbuf *out, const double *v, size_t i, int dec, double scale)
{
	sb_addch(out, ',');
	if (v && !isnan(v[i]))
		fmt_fixed(out, v[i] * scale, dec);
}

void report_segments(const struct dataset *ds, const struct loyalty *l, const struct btyd_result *b,
                     const uint8_t *keep, enum out_format f, report_spill_fn spill,
                     struct strbuf *out, enum lang lang)
{
	int bt = b && b->ok && b->expected52;
	int segw = segment_width(lang, VOCAB_ONE, 14);
	size_t n;
	uint32_t *idx = sorted_segmented(ds, l, keep, &n);
	struct json j;
	if (f == FMT_CSV)
		sb_adds(out, "customer_id,segment,orders,revenue,satisfaction,recommend,value,"
		             "revenue_previous,margin,first_order,last_order,survey_date,referrals,"
		             "open_complaints,p_alive,expected_purchases_52w,expected_margin_52w,"
		             "expected_margin_horizon\n");
	else if (f == FMT_JSON) {
		json_init(&j, out, 0);
		json_obj_begin(&j);
		json_key(&j, "as_of");
		json_day(&j, l->as_of);
		report_future_json(&j, &l->future);
		json_key(&j, "horizon_years");
		json_int(&j, l->set.horizon);
		json_key(&j, "customers");
		json_arr_begin(&j);
	} else {
		char rev[32];
		report_future_text(&l->future, out, lang);
		snprintf(rev, sizeof(rev), "%s (%s)", L(lang, "revenue", "Umsatz"),
		         money_unit(l->set.currency));
		fmt_pad(out, L(lang, "customer", "Kunde"), 16);
		sb_addch(out, ' ');
		fmt_pad(out, L(lang, "segment", "Segment"), segw);
		sb_addch(out, ' ');
		fmt_rpad(out, L(lang, "orders", "Aufträge"), 8);
		sb_addch(out, ' ');
		fmt_rpad(out, rev, 14);
		sb_addch(out, ' ');
		fmt_rpad(out, L(lang, "sat.", "Zufr."), 6);
		sb_addch(out, ' ');
		fmt_rpad(out, L(lang, "rec.", "Empf."), 6);
		sb_addch(out, '\n');
	}
	for (size_t r = 0; r < n; r++) {
		if (spill && out->len >= (1u << 20))
			spill(out);
		size_t i = idx[r];
		const struct cust_fig *fg = &l->fig[i];
		int sat_n = fg->measured ? fg->sat_n : 0, rec_n = fg->measured ? fg->rec_n : 0;
		int val_n = fg->measured ? fg->val_n : 0;
		if (f == FMT_CSV) {
			csv_text(out, ds_cid(ds, i), 1);
			sb_addch(out, ',');
			sb_adds(out, segment_key[fg->segment]);
			csv_int(out, fg->orders);
			csv_money(out, fg->rev_p0);
			csv_score(out, fg->sat_sum, sat_n);
			csv_score(out, fg->rec_sum, rec_n);
			csv_score(out, fg->val_sum, val_n);
			csv_money(out, fg->rev_p1);
			csv_money(out, fg->margin_p0);
			csv_day(out, fg->first);
			csv_day(out, fg->last);
			csv_day(out, fg->survey_date);
			csv_int(out, fg->referrals);
			csv_int(out, fg->open_complaints);
			csv_dbl(out, bt ? b->p_alive : NULL, i, 4, 1);
			csv_dbl(out, bt ? b->expected52 : NULL, i, 4, 1);
			csv_dbl(out, bt ? b->margin52 : NULL, i, 2, 0.01);
			csv_dbl(out, bt ? b->margin_h : NULL, i, 2, 0.01);
			sb_addch(out, '\n');
		} else if (f == FMT_JSON) {
			json_obj_begin(&j);
			json_key(&j, "customer_id");
			json_str(&j, ds_cid(ds, i));
			json_key(&j, "segment");
			json_str(&j, segment_key[fg->segment]);
			json_key(&j, "orders");
			json_int(&j, fg->orders);
			json_key(&j, "revenue");
			json_money(&j, fg->rev_p0);
			json_score(&j, "satisfaction", fg->sat_sum, sat_n);
			json_score(&j, "recommend", fg->rec_sum, rec_n);
			json_score(&j, "value", fg->val_sum, val_n);
			json_key(&j, "revenue_previous");
			json_money(&j, fg->rev_p1);
			json_key(&j, "first_order");
			json_day(&j, fg->first);
			json_key(&j, "last_order");
			json_day(&j, fg->last);
			if (bt && !isnan(b->p_alive[i])) {
				json_key(&j, "p_alive");
				json_double(&j, b->p_alive[i], 4);
				json_key(&j, "expected_purchases_52w");
				json_double(&j, b->expected52[i], 4);
				json_key(&j, "expected_margin_52w");
				json_double(&j, b->margin52[i] / 100.0, 2);
				json_key(&j, "expected_margin_horizon");
				if (isnan(b->margin_h[i]))
					json_null(&j);
				else
					json_double(&j, b->margin_h[i] / 100.0, 2);
			}
			json_obj_end(&j);
		} else {
			struct strbuf m = STRBUF_INIT;
			fmt_pad(out, ds_cid(ds, i), 16);
			sb_addch(out, ' ');
			fmt_pad(out, segment_label(fg->segment, lang), segw);
			sb_addch(out, ' ');
			fmt_int(&m, lang, fg->orders);
			fmt_rpad(out, m.buf, 8);
			sb_addch(out, ' ');
			sb_reset(&m);
			fmt_money(&m, lang, fg->rev_p0);
			fmt_rpad(out, m.buf, 14);
			sb_addch(out, ' ');
			sb_reset(&m);
			text_score(&m, fg->sat_sum, sat_n, lang);
			fmt_rpad(out, m.buf, 6);
			sb_addch(out, ' ');
			sb_reset(&m);
			text_score(&m, fg->rec_sum, rec_n, lang);
			fmt_rpad(out, m.buf, 6);
			sb_addch(out, '\n');
			sb_release(&m);
		}
	}
	if (f == FMT_JSON) {
		json_arr_end(&j);
		json_obj_end(&j);
		sb_addch(out, '\n');
	}
	free(idx);
}

/* "2 promises open (1 overdue); 1 complaint open; no dialogue since 2026-03-18" /
 * "1 Zusage offen, fällig am 01.12.2026; 2 Reklamationen offen; kein Kundengespräch
 * seit 18.03.2026" */
void report_action_due(const struct action_row *a, struct strbuf *out, enum lang lang)
{
	size_t start = out->len;
	if (a->open_promises) {
		fmt_count(out, lang, a->open_promises, L(lang, "promise", "Zusage"),
		          L(lang, "promises", "Zusagen"));
		sb_adds(out, L(lang, " open", " offen"));
		if (a->overdue_promises) {
			sb_adds(out, " (");
			fmt_int(out, lang, a->overdue_promises);
			sb_adds(out, L(lang, " overdue)", " überfällig)"));
		} else {
			sb_adds(out, a->open_promises == 1
			                 ? L(lang, ", due ", ", fällig am ")
			                 : L(lang, ", next due ", ", die nächste am "));
			fmt_day(out, lang, a->next_due);
		}
	}
	if (a->open_complaints) {
		if (out->len > start)
			sb_adds(out, "; ");
		fmt_count(out, lang, a->open_complaints, L(lang, "complaint", "Reklamation"),
		          L(lang, "complaints", "Reklamationen"));
		sb_adds(out, L(lang, " open", " offen"));
	}
	if (a->no_recent_dialog) {
		if (out->len > start)
			sb_adds(out, "; ");
		if (a->last_dialog == DAY_NONE) {
			sb_adds(out, L(lang, "no dialogue yet", "noch kein Kundengespräch"));
		} else {
			sb_adds(out, L(lang, "no dialogue since ", "kein Kundengespräch seit "));
			fmt_day(out, lang, a->last_dialog);
		}
	}
	if (a->follow_up != DAY_NONE) {
		if (out->len > start)
			sb_adds(out, "; ");
		sb_adds(out, L(lang, "follow-up due ", "Wiedervorlage am "));
		fmt_day(out, lang, a->follow_up);
	}
}

int report_action_match(const struct dataset *ds, const struct loyalty *l,
                        const struct action_filter *flt, const struct action_row *a)
{
	(void)ds;
	(void)l;
	if (flt->priority && a->priority != flt->priority)
		return 0;
	if (flt->silent_only && !a->silent)
		return 0;
	return !flt->keep || flt->keep[a->cust];
}

/* Stage 0: the customer's figures and offsets; stage 1 (later): what the
 * offsets point at — the ids, names, account managers and the silent
 * leaver's record. */
/* Inlined always: as a function of its own, which has no effect GCC can
 * see, its calls would be removed as dead code. */
static inline __attribute__((always_inline)) void
prefetch_customer(const struct dataset *ds, const struct loyalty *l, size_t i, int stage)
{
	if (stage == 0) {
		__builtin_prefetch(&l->fig[i]);
		__builtin_prefetch(&ds->cid_off[i]);
		__builtin_prefetch(&ds->name_off[i]);
		__builtin_prefetch(&ds->owner_off[i]);
		if (l->silent)
			__builtin_prefetch(&l->silent[i]);
		if (l->p_alive)
			__builtin_prefetch(&l->p_alive[i]);
		return;
	}
	__builtin_prefetch(ds->pool + ds->cid_off[i]);
	__builtin_prefetch(ds->pool + ds->name_off[i]);
	__builtin_prefetch(ds->pool + ds->owner_off[i]);
	if (l->silent && l->silent[i])
		__builtin_prefetch(&l->silent_list[l->silent[i] - 1]);
}

/* One round of the action list: rows sel[lo..hi) of l->actions formatted
 * by up to two threads into a buffer each, then appended in order — the
 * bytes are the same whatever the number of threads. */
struct act_job {
	const struct dataset *ds;
	const struct loyalty *l;
	const uint32_t *sel; /* the shown rows' indexes into l->actions */
	size_t base;         /* sel index of the round's first row */
	enum out_format f;
	enum lang lang;
	int segw;
	const struct json *j; /* JSON: the writer inside the array */
	struct strbuf buf[2];
};

static void action_row(const struct act_job *jb, size_t k, struct strbuf *out, struct json *j,
                       struct strbuf *why, struct strbuf *due)
{
	const struct dataset *ds = jb->ds;
	const struct loyalty *l = jb->l;
	const enum lang lang = jb->lang;
	const struct action_row *a = &l->actions[jb->sel[k]];
	size_t i = a->cust;
	const struct cust_fig *fg = &l->fig[i];
	sb_reset(why);
	sb_reset(due);
	model_explain(l, i, lang, why);
	report_action_due(a, due, lang);
	int64_t ranked = a->priority == 1 ? fg->rev_p0 + fg->rev_p1 : fg->rev_p0;
	const char *ranked_period = a->priority == 1 ? "P0+P1" : "P0";
	if (jb->f == FMT_CSV) {
		char d[11];
		fmt_plain_int(out, a->priority);
		csv_text(out, ds_cid(ds, i), 0);
		csv_field(out, segment_key[fg->segment], 0);
		csv_text(out, action_text(a->priority, lang), 0);
		csv_int(out, a->silent);
		csv_text(out, ds_name(ds, i), 0);
		csv_text(out, ds_owner(ds, i), 0);
		csv_money(out, fg->rev_p0);
		csv_money(out, fg->rev_p1);
		csv_money(out, ranked);
		sb_addch(out, ',');
		sb_adds(out, ranked_period);
		csv_int(out, fg->orders);
		csv_score(out, fg->sat_sum, fg->measured ? fg->sat_n : 0);
		csv_score(out, fg->rec_sum, fg->measured ? fg->rec_n : 0);
		csv_int(out, a->open_promises);
		csv_int(out, a->overdue_promises);
		sb_addch(out, ',');
		if (a->next_due != DAY_NONE)
			sb_adds(out, day_format(a->next_due, d));
		csv_int(out, a->open_complaints);
		csv_day(out, a->last_dialog);
		csv_text(out, why->buf, 0);
		csv_text(out, due->buf, 0);
		csv_dbl(out, l->p_alive, i, 4, 1);
		csv_day(out, a->follow_up);
		sb_addch(out, '\n');
	} else if (jb->f == FMT_JSON) {
		json_obj_begin(j);
		json_key(j, "priority");
		json_int(j, a->priority);
		json_key(j, "customer_id");
		json_str(j, ds_cid(ds, i));
		json_key(j, "name");
		json_str(j, ds_name(ds, i));
		json_key(j, "owner");
		json_str(j, ds_owner(ds, i));
		json_key(j, "segment");
		json_str(j, segment_key[fg->segment]);
		json_key(j, "action");
		json_str(j, action_text(a->priority, lang));
		json_key(j, "silent");
		json_bool(j, a->silent);
		json_key(j, "revenue");
		json_money(j, fg->rev_p0);
		json_key(j, "revenue_previous");
		json_money(j, fg->rev_p1);
		json_key(j, "revenue_ranked");
		json_money(j, ranked);
		json_key(j, "ranked_by");
		json_str(j, ranked_period);
		json_key(j, "orders");
		json_int(j, fg->orders);
		json_score(j, "satisfaction", fg->sat_sum, fg->measured ? fg->sat_n : 0);
		json_score(j, "recommend", fg->rec_sum, fg->measured ? fg->rec_n : 0);
		json_key(j, "open_promises");
		json_int(j, a->open_promises);
		json_key(j, "overdue_promises");
		json_int(j, a->overdue_promises);
		json_key(j, "next_due");
		json_day(j, a->next_due);
		json_key(j, "open_complaints");
		json_int(j, a->open_complaints);
		json_key(j, "last_dialog");
		json_day(j, a->last_dialog);
		json_key(j, "follow_up");
		json_day(j, a->follow_up);
		json_key(j, "why");
		json_str(j, why->buf);
		json_key(j, "due");
		json_str(j, due->buf);
		if (l->p_alive && !isnan(l->p_alive[i])) {
			json_key(j, "p_alive");
			json_double(j, l->p_alive[i], 4);
		}
		json_obj_end(j);
	} else {
		/* a priority's heading before its first row */
		if (k == 0 || l->actions[jb->sel[k - 1]].priority != a->priority) {
			sb_addf(out, "\n%d. %s", a->priority, action_text(a->priority, lang));
			sb_adds(out, a->priority == 1
			                 ? L(lang, " — revenue P0+P1, ", " — Umsatz P0+P1, ")
			                 : L(lang, " — revenue P0, ", " — Umsatz P0, "));
			fmt_period(out, lang, l->as_of - (a->priority == 1 ? 2 : 1) * l->set.window,
			           l->as_of - 1);
			sb_addch(out, '\n');
		}
		sb_adds(out, "   ");
		fmt_pad(out, ds_cid(ds, i), 12);
		sb_addch(out, ' ');
		fmt_pad_cut(out, ds_name(ds, i), 30);
		sb_addch(out, ' ');
		fmt_pad(out, segment_label(fg->segment, lang), jb->segw);
		sb_adds(out, " ");
		fmt_amount(out, lang, l->set.currency, ranked);
		if (a->silent)
			sb_adds(out, L(lang, "  silent leaver", "  stiller Abwanderer"));
		sb_addf(out, "\n      %s: %s\n", L(lang, "why", "warum"), why->buf);
		if (due->len)
			sb_addf(out, "      %s: %s\n", L(lang, "due", "fällig"), due->buf);
	}
}

static void action_part(void *arg, size_t lo, size_t hi, int part)
{
	struct act_job *jb = arg;
	struct strbuf *out = &jb->buf[part];
	struct strbuf why = STRBUF_INIT, due = STRBUF_INIT;
	struct json j;
	if (jb->f == FMT_JSON) {
		/* the array's writer, its output here; a comma before every
		 * element but the list's first */
		j = *jb->j;
		j.out = out;
		j.need_comma[j.depth] = jb->base + lo > 0;
	}
	for (size_t k = jb->base + lo, end = jb->base + hi; k < end; k++) {
		/* the rows come in priority order, the customers' data lie in
		 * customer order: ask for what the rows ahead will read */
		if (k + 48 < end)
			prefetch_customer(jb->ds, jb->l, jb->l->actions[jb->sel[k + 48]].cust, 0);
		if (k + 24 < end)
			prefetch_customer(jb->ds, jb->l, jb->l->actions[jb->sel[k + 24]].cust, 1);
		action_row(jb, k, out, &j, &why, &due);
	}
	sb_release(&why);
	sb_release(&due);
}

/* Rows per round: two threads' share of output, written out after each
 * round (about 2 MB of CSV each). */
#define ACTION_ROUND 16384

void report_actions(const struct dataset *ds, const struct loyalty *l,
                    const struct action_filter *flt, enum out_format f, report_spill_fn spill,
                    struct strbuf *out, enum lang lang)
{
	struct json j;
	if (f == FMT_CSV)
		sb_adds(out, "priority,customer_id,segment,action,silent,name,owner,revenue,"
		             "revenue_previous,revenue_ranked,ranked_by,orders,"
		             "satisfaction,recommend,open_promises,overdue_promises,next_due,"
		             "open_complaints,last_dialog,why,due,p_alive,follow_up\n");
	else if (f == FMT_JSON) {
		json_init(&j, out, 0);
		json_obj_begin(&j);
		json_key(&j, "as_of");
		json_day(&j, l->as_of);
		report_future_json(&j, &l->future);
		json_key(&j, "silent_leavers_available");
		json_bool(&j, l->silent_ok);
		json_key(&j, "actions");
		json_arr_begin(&j);
	} else {
		sb_adds(out, L(lang, "Action list as of ", "Aktionsliste zum Stichtag "));
		fmt_day(out, lang, l->as_of);
		sb_adds(out, L(lang, " — whom to call first, and why\n",
		               " — wen zuerst ansprechen, und warum\n"));
		report_future_text(&l->future, out, lang);
		if (!l->silent_ok)
			sb_adds(out, L(lang,
			               "(no purchase model could be fitted: no silent leavers in "
			               "priority 1)\n",
			               "(kein Kaufmodell schätzbar: keine stillen Abwanderer in "
			               "Priorität 1)\n"));
	}
	/* the rows shown: the filter's, up to the limit */
	uint32_t *sel = xmalloc(sizeof(*sel) * (l->nactions + 1));
	size_t n = 0;
	for (size_t r = 0; r < l->nactions; r++) {
		if (!report_action_match(ds, l, flt, &l->actions[r]))
			continue;
		if (flt->limit && (long)n >= flt->limit)
			break;
		sel[n++] = (uint32_t)r;
	}
	struct act_job jb = {ds,
	                     l,
	                     sel,
	                     0,
	                     f,
	                     lang,
	                     segment_width(lang, VOCAB_ONE, 12),
	                     f == FMT_JSON ? &j : NULL,
	                     {STRBUF_INIT, STRBUF_INIT}};
	for (size_t at = 0; at < n; at += ACTION_ROUND) {
		size_t m = n - at < ACTION_ROUND ? n - at : ACTION_ROUND;
		jb.base = at;
		parallel_for(m, 2048, action_part, &jb);
		if (spill)
			spill(out); /* what came before, then each part where it is */
		for (int p = 0; p < 2; p++) {
			if (spill && !out->len && jb.buf[p].len)
				spill(&jb.buf[p]);
			if (jb.buf[p].len) {
				/* not written (a file written whole at the end, an
				 * error): kept in order */
				sb_add(out, jb.buf[p].buf, jb.buf[p].len);
				sb_reset(&jb.buf[p]);
			}
		}
	}
	if (f == FMT_JSON) {
		if (n)
			j.need_comma[j.depth] = 1;
		json_arr_end(&j);
		json_obj_end(&j);
		sb_addch(out, '\n');
	} else if (f == FMT_TEXT && n == 0) {
		sb_adds(out, L(lang, "\nnothing to do\n", "\nnichts zu tun\n"));
	}
	sb_release(&jb.buf[0]);
	sb_release(&jb.buf[1]);
	free(sel);
}

void report_movement(const struct movement *m, const struct future_orders *fut, enum out_format f,
                     struct strbuf *out, enum lang lang)
{
	char d1[11], d2[11];
	if (f == FMT_CSV) {
		sb_adds(out, "from,to,customers,revenue\n");
		for (int a = 0; a < SEG__COUNT; a++)
			for (int b = 0; b < SEG__COUNT; b++) {
				char buf[32];
				if (!m->count[a][b])
					continue;
				sb_addf(out, "%s,%s,%lld,%s\n", segment_key[a], segment_key[b],
				        (long long)m->count[a][b],
				        money_format(m->revenue[a][b], buf));
			}
		return;
	}
	if (f == FMT_JSON) {
		struct json j;
		json_init(&j, out, 1);
		json_obj_begin(&j);
		json_key(&j, "from");
		json_day(&j, m->from);
		json_key(&j, "to");
		json_day(&j, m->to);
		report_future_json(&j, fut);
		json_key(&j, "moves");
		json_arr_begin(&j);
		for (int a = 0; a < SEG__COUNT; a++)
			for (int b = 0; b < SEG__COUNT; b++) {
				if (!m->count[a][b])
					continue;
				json_obj_begin(&j);
				json_key(&j, "from");
				json_str(&j, segment_key[a]);
				json_key(&j, "to");
				json_str(&j, segment_key[b]);
				json_key(&j, "customers");
				json_int(&j, m->count[a][b]);
				json_key(&j, "revenue");
				json_money(&j, m->revenue[a][b]);
				json_obj_end(&j);
			}
		json_arr_end(&j);
		json_obj_end(&j);
		return;
	}
	report_future_text(fut, out, lang);
	sb_addf(out,
	        L(lang,
	          "Segment movement from %s to %s (rows: before, columns: after; customers)\n\n",
	          "Segmentwanderung vom %s zum %s (Zeilen: vorher, Spalten: nachher; Kunden)\n\n"),
	        day_format_lang(m->from, lang, d1), day_format_lang(m->to, lang, d2));
	int segw = segment_width(lang, VOCAB_MANY, 13);
	fmt_pad(out, "", segw);
	for (int b = 0; b < SEG__COUNT; b++) {
		/* column heads right-aligned, cut to 13 with an ellipsis */
		struct strbuf lab = STRBUF_INIT;
		const char *name = segment_label_n(b, lang, VOCAB_MANY);
		if (utf8_width(name) > 13)
			fmt_pad_cut(&lab, name, 13);
		else
			sb_adds(&lab, name);
		sb_addch(out, ' ');
		for (int w = utf8_width(lab.buf); w < 13; w++)
			sb_addch(out, ' ');
		sb_adds(out, lab.buf);
		sb_release(&lab);
	}
	sb_addch(out, '\n');
	for (int a = 0; a < SEG__COUNT; a++) {
		fmt_pad(out, segment_label_n(a, lang, VOCAB_MANY), segw);
		for (int b = 0; b < SEG__COUNT; b++) {
			char n[32];
			sb_addch(out, ' ');
			fmt_rpad(out, int_format_human(m->count[a][b], lang, n), 13);
		}
		sb_addch(out, '\n');
	}
	/* the drift that matters */
	int64_t lost = 0, won = 0;
	for (int b = SEG_OPPORTUNIST; b < SEG__COUNT; b++)
		lost += m->count[SEG_APOSTLE][b] + m->count[SEG_LOYAL][b];
	for (int a = SEG_OPPORTUNIST; a < SEG__COUNT; a++)
		won += m->count[a][SEG_APOSTLE] + m->count[a][SEG_LOYAL];
	/* lapsed or departed between the two dates */
	sb_addf(out,
	        L(lang,
	          "\napostles and loyal customers who drifted away: %s; customers who became "
	          "loyal customers or apostles: %s\n",
	          "\nvon den Aposteln und den Treuen abgerutscht: %s; zu den Treuen oder zu "
	          "Aposteln aufgestiegen: %s\n"),
	        int_format_human(lost, lang, (char[32]){0}),
	        int_format_human(won, lang, (char[32]){0}));
}

void report_whatif(const struct loyalty *l, const struct tenure_curve *t, const struct whatif *w,
                   enum out_format f, struct strbuf *out, enum lang lang)
{
	if (f == FMT_JSON) {
		struct json j;
		json_init(&j, out, 1);
		json_obj_begin(&j);
		json_key(&j, "as_of");
		json_day(&j, l->as_of);
		report_future_json(&j, &l->future);
		json_key(&j, "retention");
		json_double(&j, w->r, 4);
		json_key(&j, "retention_new");
		json_double(&j, w->r_new, 4);
		json_key(&j, "discount");
		json_double(&j, l->set.discount, 4);
		json_key(&j, "horizon");
		json_int(&j, l->set.horizon);
		json_key(&j, "acquisition_cost");
		json_double(&j, w->acquisition_cost / 100.0, 2);
		json_key(&j, "value_at_retention");
		json_dbl_or_null(&j, w->clv / 100.0, 2);
		json_key(&j, "value_at_retention_new");
		json_dbl_or_null(&j, w->clv_new / 100.0, 2);
		json_key(&j, "relative_change");
		json_dbl_or_null(&j, w->relative_change, 4);
		json_key(&j, "customers");
		json_int(&j, w->customers);
		json_key(&j, "base_value");
		json_dbl_or_null(&j, w->base_value / 100.0, 2);
		json_key(&j, "base_value_new");
		json_dbl_or_null(&j, w->base_value_new / 100.0, 2);
		json_key(&j, "tenure_years_measured");
		json_int(&j, w->years_measured);
		json_key(&j, "tenure_years_used");
		json_int(&j, w->years_used);
		json_key(&j, "tenure_min");
		json_int(&j, l->set.tenure_min);
		json_obj_end(&j);
		return;
	}
	if (f == FMT_CSV) {
		sb_adds(out, "retention,value_at_retention,base_value\n");
		for (int k = 0; k < 2; k++) {
			double r = k ? w->r_new : w->r, v = k ? w->clv_new : w->clv;
			double bv = k ? w->base_value_new : w->base_value;
			sb_addf(out, "%.4f,", r);
			if (!isnan(v))
				sb_addf(out, "%.2f,%.2f", v / 100.0, bv / 100.0);
			else
				sb_addch(out, ',');
			sb_addch(out, '\n');
		}
		return;
	}
	(void)t;
	sb_adds(out, L(lang, "What a few points more retention are worth\n",
	               "Was ein paar Punkte mehr Kundenbindung wert sind\n"));
	report_future_text(&l->future, out, lang);
	sb_adds(out, "\n");
	if (isnan(w->clv)) {
		sb_addf(out,
		        L(lang,
		          "  not available: every tenure year has fewer than %d active customers "
		          "(setting tenure_min)\n",
		          "  nicht verfügbar: jedes Kundenjahr hat weniger als %d aktive Kunden "
		          "(Einstellung tenure_min)\n"),
		        l->set.tenure_min);
		return;
	}
	const char *cur = l->set.currency;
	for (int k = 0; k < 2; k++) {
		sb_adds(out, L(lang, "  value of a customer at a retention rate of ",
		               "  Wert eines Kunden bei einer Kundenbindungsrate von "));
		fmt_pct(out, lang, k ? w->r_new : w->r);
		sb_adds(out, ": ");
		fmt_amount_d(out, lang, cur, k ? w->clv_new : w->clv);
		sb_adds(out, "\n");
	}
	sb_adds(out, L(lang, "  change of the value of the customer base: ",
	               "  Änderung des Werts des Kundenstamms: "));
	if (isnan(w->relative_change))
		sb_adds(out, "–");
	else {
		sb_addch(out, w->relative_change >= 0 ? '+' : '-');
		fmt_pct(out, lang, fabs(w->relative_change));
	}
	sb_adds(out, " (");
	fmt_amount_d(out, lang, cur, w->base_value);
	sb_adds(out, " -> ");
	fmt_amount_d(out, lang, cur, w->base_value_new);
	sb_adds(out, L(lang, " for ", " für "));
	fmt_count(out, lang, w->customers, L(lang, "active customer", "aktiven Kunden"),
	          L(lang, "active customers", "aktive Kunden"));
	sb_adds(out, ")\n");
	char dsc[64];
	sb_addf(
	    out,
	    L(lang, "\n  CLV(r) = sum over k = 1..%d of m_k * r^(k-1) / (1 + %s)^(k-1) - AC; AC = ",
	      "\n  CLV(r) = Summe über k = 1..%d von m_k * r^(k-1) / (1 + %s)^(k-1) - AK; AK = "),
	    l->set.horizon, num_format_human(l->set.discount, 2, lang, dsc));
	fmt_amount_d(out, lang, cur, w->acquisition_cost);
	sb_addf(
	    out,
	    L(lang,
	      "\n  m_k: mean margin per active customer in tenure year k; years 1 to %d of the "
	      "%d measured are used",
	      "\n  m_k: mittlerer Deckungsbeitrag je aktivem Kunden im Kundenjahr k; die Jahre 1 "
	      "bis %d der %d gemessenen werden verwendet"),
	    w->years_used, w->years_measured);
	if (w->years_used < l->set.horizon)
		sb_addf(
		    out,
		    L(lang,
		      ", year %d (the last with at least %d active customers) carried forward to "
		      "year %d",
		      ", Jahr %d (das letzte mit mindestens %d aktiven Kunden) fortgeschrieben bis "
		      "Jahr %d"),
		    w->years_used, l->set.tenure_min, l->set.horizon);
	sb_adds(out, "\n");

	sb_adds(out,
	        L(lang,
	          "  This is the value of a customer as the company's retention treats it; "
	          "the purchase model's expected margin of one customer (treue customer) "
	          "is a different, forward-looking estimate.\n",
	          "  Dies ist der Wert eines Kunden, wie ihn die Kundenbindung des "
	          "Unternehmens behandelt; der erwartete Deckungsbeitrag eines Kunden aus dem "
	          "Kaufmodell (treue customer) ist eine andere, vorausschauende Schätzung.\n"));
}
