/*
 * journal_compute.c — the four journal reports as pure functions from the
 * loaded rows to a result struct: feedback (answers by touchpoint,
 * recurring words, complaint reasons and root causes, departures), stories
 * (per ISO week and employee), promises (due soon, overdue, rates) and
 * cadence (whom nobody talks to).  No SQL, no printing.  A promise's state
 * at D, whether a dialogue is due and who is still a customer are the
 * loyalty model's rules (model.h), so that these reports and the action
 * list agree.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "model.h"

/* 1 when s has anything but white space. */
static int has_text(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 1;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Mean and median of v[0..n-1] (sorts v); NAN when n == 0. */
static void mean_median(double *v, size_t n, double *mean, double *median)
{
	double sum = 0;
	if (!n) {
		*mean = *median = NAN;
		return;
	}
	qsort(v, n, sizeof(*v), cmp_double);
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	*mean = sum / (double)n;
	*median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- counting texts grouped case-insensitively ---- */

struct counter {
	struct strmap idx; /* folded key -> index in c[] */
	struct jr_count *c;
	size_t n, alloc;
	struct strbuf fold;
};

/* Adds one to the group of text s (trimmed; ASCII case folded for the
 * key; the first spelling seen is the one shown). Empty texts are skipped. */
static void counter_add(struct counter *ct, const char *s, struct jpool *pool)
{
	size_t a = 0, b;
	if (!has_text(s))
		return;
	while (isspace((unsigned char)s[a]))
		a++;
	b = strlen(s);
	while (b > a && isspace((unsigned char)s[b - 1]))
		b--;
	sb_reset(&ct->fold);
	for (size_t i = a; i < b; i++)
		sb_addch(&ct->fold, tolower((unsigned char)s[i]));
	int64_t *hit = strmap_get(&ct->idx, ct->fold.buf);
	if (hit) {
		ct->c[*hit].n++;
		return;
	}
	ALLOC_GROW(ct->c, ct->n + 1, ct->alloc);
	char *shown = xstrndup(s + a, b - a);
	ct->c[ct->n].key = jpool_dup(pool, shown);
	free(shown);
	ct->c[ct->n].n = 1;
	strmap_put(&ct->idx, ct->fold.buf, (int64_t)ct->n);
	ct->n++;
}

/* Byte order, the empty key (no name) last. */
static int cmp_key(const char *a, const char *b)
{
	if (!*a != !*b)
		return *a ? -1 : 1;
	return strcmp(a, b);
}

static int cmp_count(const void *a, const void *b)
{
	const struct jr_count *x = a, *y = b;
	if (x->n != y->n)
		return y->n - x->n;
	return cmp_key(x->key, y->key);
}

/* Hands the counts, most frequent first, to *out / *n and releases ct. */
static void counter_done(struct counter *ct, struct jr_count **out, size_t *n)
{
	if (ct->n)
		qsort(ct->c, ct->n, sizeof(*ct->c), cmp_count);
	*out = ct->c;
	*n = ct->n;
	strmap_release(&ct->idx);
	sb_release(&ct->fold);
	memset(ct, 0, sizeof(*ct));
}

/* ======== feedback ======== */

/* Rank of a touchpoint group: the five codes in order, then others, then none. */
static int tp_rank(const char *tp)
{
	if (!*tp)
		return 7;
	int i = vocab_index(VOCAB_TOUCHPOINT, tp);
	return i < 0 ? 6 : i;
}

static int cmp_tp(const void *a, const void *b)
{
	const struct jr_touchpoint *x = a, *y = b;
	int rx = tp_rank(x->touchpoint), ry = tp_rank(y->touchpoint);
	return rx != ry ? rx - ry : strcmp(x->touchpoint, y->touchpoint);
}

/* Newest first, then the higher id first. */
static int cmp_dialog_newest(const void *a, const void *b)
{
	const struct jr_dialog_in *x = *(const struct jr_dialog_in *const *)a;
	const struct jr_dialog_in *y = *(const struct jr_dialog_in *const *)b;
	if (x->date != y->date)
		return x->date > y->date ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

static int reason_rank(const char *code)
{
	return vocab_index_or(VOCAB_REASON, code, vocab_count(VOCAB_REASON));
}

static int cmp_reason(const void *a, const void *b)
{
	const struct jr_reason *x = a, *y = b;
	if (x->count != y->count)
		return y->count - x->count;
	int rx = reason_rank(x->code), ry = reason_rank(y->code);
	return rx != ry ? rx - ry : strcmp(x->code, y->code);
}

static void add_answer(struct jr_answer **v, size_t *n, int max, const struct jr_dialog_in *d,
                       const char *text, struct jpool *pool)
{
	if ((int)*n >= max)
		return;
	if (!*n)
		*v = xcalloc((size_t)max, sizeof(**v));
	(*v)[*n].id = d->id;
	(*v)[*n].date = d->date;
	(*v)[*n].customer_id = jpool_dup(pool, d->customer_id);
	(*v)[*n].text = jpool_dup(pool, text);
	(*n)++;
}

static void feedback_dialogs(const struct journal_feedback_in *in, struct journal_feedback *out)
{
	const struct jr_dialog_in **d = xcalloc(in->ndialogs + 1, sizeof(*d));
	const char **sup = xcalloc(in->ndialogs + 1, sizeof(*sup));
	const char **imp = xcalloc(in->ndialogs + 1, sizeof(*imp));
	size_t nd = 0, ns = 0, ni = 0, alloc = 0;
	struct strmap groups;
	strmap_init(&groups);
	for (size_t i = 0; i < in->ndialogs; i++)
		if (in->dialogs[i].date >= in->from && in->dialogs[i].date < in->to)
			d[nd++] = &in->dialogs[i];
	qsort(d, nd, sizeof(*d), cmp_dialog_newest);
	/* the groups first, so that they can be sorted before the answers go in */
	for (size_t i = 0; i < nd; i++) {
		const char *tp = d[i]->touchpoint && *d[i]->touchpoint ? d[i]->touchpoint : "";
		if (strmap_get(&groups, tp))
			continue;
		ALLOC_GROW(out->tp, out->ntp + 1, alloc);
		memset(&out->tp[out->ntp], 0, sizeof(out->tp[0]));
		out->tp[out->ntp].touchpoint = jpool_dup(&out->pool, tp);
		strmap_put(&groups, tp, (int64_t)out->ntp);
		out->ntp++;
	}
	if (out->ntp)
		qsort(out->tp, out->ntp, sizeof(*out->tp), cmp_tp);
	for (size_t i = 0; i < out->ntp; i++)
		strmap_put(&groups, out->tp[i].touchpoint, (int64_t)i);
	for (size_t i = 0; i < nd; i++) {
		const char *tp = d[i]->touchpoint && *d[i]->touchpoint ? d[i]->touchpoint : "";
		struct jr_touchpoint *g = &out->tp[*strmap_get(&groups, tp)];
		g->dialogs++;
		if (has_text(d[i]->support)) {
			g->support_n++;
			sup[ns++] = d[i]->support;
			add_answer(&g->support, &g->nsupport, in->answers, d[i], d[i]->support,
			           &out->pool);
		}
		if (has_text(d[i]->improve)) {
			g->improve_n++;
			imp[ni++] = d[i]->improve;
			add_answer(&g->improve, &g->nimprove, in->answers, d[i], d[i]->improve,
			           &out->pool);
		}
	}
	out->dialogs = (int)nd;
	out->nwords_support =
	    journal_top_words(sup, ns, (size_t)in->words, 2, &out->words_support, &out->pool);
	out->nwords_improve =
	    journal_top_words(imp, ni, (size_t)in->words, 2, &out->words_improve, &out->pool);
	strmap_release(&groups);
	free(d);
	free(sup);
	free(imp);
}

static void feedback_complaints(const struct journal_feedback_in *in, struct journal_feedback *out)
{
	double *all = xcalloc(in->ncomplaints + 1, sizeof(*all));
	double **per = NULL;
	size_t nall = 0, *nper = NULL, alloc = 0;
	struct strmap idx;
	struct counter roots = {0};
	strmap_init(&idx);
	strmap_init(&roots.idx);
	for (size_t i = 0; i < in->ncomplaints; i++) {
		const struct jr_complaint_in *c = &in->complaints[i];
		const char *code = c->reason && *c->reason ? c->reason : "other";
		if (c->date < in->from || c->date >= in->to)
			continue;
		int64_t *hit = strmap_get(&idx, code);
		size_t k;
		if (hit) {
			k = (size_t)*hit;
		} else {
			k = out->nreasons;
			ALLOC_GROW(out->reasons, k + 1, alloc);
			per = xrealloc(per, (k + 1) * sizeof(*per));
			nper = xrealloc(nper, (k + 1) * sizeof(*nper));
			per[k] = xcalloc(in->ncomplaints, sizeof(**per));
			nper[k] = 0;
			memset(&out->reasons[k], 0, sizeof(out->reasons[k]));
			out->reasons[k].code = jpool_dup(&out->pool, code);
			strmap_put(&idx, code, (int64_t)k);
			out->nreasons++;
		}
		struct jr_reason *r = &out->reasons[k];
		/* open at D: status open, or resolved only on or after D (SPEC §3) */
		int open = c->open || (c->resolved_on != DAY_NONE && c->resolved_on >= in->to);
		r->count++;
		out->complaints++;
		if (open) {
			r->open++;
			out->complaints_open++;
		} else {
			r->resolved++;
			if (c->resolved_on != DAY_NONE && c->resolved_on >= c->date) {
				double days = (double)(c->resolved_on - c->date);
				per[k][nper[k]++] = days;
				all[nall++] = days;
			}
		}
		counter_add(&roots, c->root_cause, &out->pool);
	}
	for (size_t k = 0; k < out->nreasons; k++) {
		mean_median(per[k], nper[k], &out->reasons[k].mean_days,
		            &out->reasons[k].median_days);
		free(per[k]);
	}
	mean_median(all, nall, &out->mean_days, &out->median_days);
	if (out->nreasons)
		qsort(out->reasons, out->nreasons, sizeof(*out->reasons), cmp_reason);
	counter_done(&roots, &out->root_causes, &out->nroot_causes);
	strmap_release(&idx);
	free(per);
	free(nper);
	free(all);
}

static void feedback_departures(const struct journal_feedback_in *in, struct journal_feedback *out)
{
	struct counter reasons = {0}, comp = {0};
	strmap_init(&reasons.idx);
	strmap_init(&comp.idx);
	for (size_t i = 0; i < in->ndepartures; i++) {
		const struct jr_departure_in *d = &in->departures[i];
		if (d->date < in->from || d->date >= in->to)
			continue;
		out->departures++;
		counter_add(&reasons, d->reason, &out->pool);
		counter_add(&comp, d->competitor, &out->pool);
	}
	counter_done(&reasons, &out->departure_reasons, &out->ndeparture_reasons);
	counter_done(&comp, &out->competitors, &out->ncompetitors);
}

void journal_feedback_compute(const struct journal_feedback_in *in, struct journal_feedback *out)
{
	memset(out, 0, sizeof(*out));
	out->from = in->from;
	out->to = in->to;
	feedback_dialogs(in, out);
	feedback_complaints(in, out);
	feedback_departures(in, out);
}

void journal_feedback_release(struct journal_feedback *r)
{
	for (size_t i = 0; i < r->ntp; i++) {
		free(r->tp[i].support);
		free(r->tp[i].improve);
	}
	free(r->tp);
	free(r->words_support);
	free(r->words_improve);
	free(r->reasons);
	free(r->root_causes);
	free(r->departure_reasons);
	free(r->competitors);
	jpool_release(&r->pool);
	memset(r, 0, sizeof(*r));
}

/* ======== stories ======== */

/* Monday = 0 (1970-01-01 was a Thursday). */
static int weekday_mon0(day_t d)
{
	int w = (int)((d + 3) % 7);
	return w < 0 ? w + 7 : w;
}

day_t journal_stories_from(day_t to, int weeks)
{
	day_t last = to - 1;
	if (weeks < 1)
		weeks = 1;
	return last - weekday_mon0(last) - 7 * (weeks - 1);
}

static int cmp_story_newest(const void *a, const void *b)
{
	const struct jr_story_in *x = *(const struct jr_story_in *const *)a;
	const struct jr_story_in *y = *(const struct jr_story_in *const *)b;
	if (x->date != y->date)
		return x->date > y->date ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

/* One more story of employee e in the (small) list of a week. */
static void week_add(struct jr_week *w, const char *e, struct jpool *pool)
{
	for (size_t i = 0; i < w->nemployees; i++)
		if (!strcmp(w->employees[i].key, e)) {
			w->employees[i].n++;
			return;
		}
	w->employees = xrealloc(w->employees, (w->nemployees + 1) * sizeof(*w->employees));
	w->employees[w->nemployees].key = jpool_dup(pool, e);
	w->employees[w->nemployees++].n = 1;
}

static int cmp_count_key(const void *a, const void *b)
{
	return cmp_key(((const struct jr_count *)a)->key, ((const struct jr_count *)b)->key);
}

void journal_stories_compute(const struct journal_stories_in *in, struct journal_stories *out)
{
	int weeks = in->weeks < 1 ? 1 : in->weeks;
	const struct jr_story_in **s = xcalloc(in->n + 1, sizeof(*s));
	struct counter emp = {0};
	size_t ns = 0;
	memset(out, 0, sizeof(*out));
	strmap_init(&emp.idx);
	out->to = in->to;
	out->from = journal_stories_from(in->to, weeks);
	out->nweeks = (size_t)weeks;
	out->weeks = xcalloc(out->nweeks, sizeof(*out->weeks));
	for (size_t i = 0; i < out->nweeks; i++) {
		struct jr_week *w = &out->weeks[i];
		w->monday = out->from + 7 * (day_t)i;
		day_iso_week(w->monday, &w->year, &w->week);
	}
	for (size_t i = 0; i < in->n; i++) {
		const struct jr_story_in *st = &in->stories[i];
		const char *e = has_text(st->employee) ? st->employee : "";
		if (st->date < out->from || st->date >= out->to)
			continue;
		struct jr_week *w = &out->weeks[(st->date - out->from) / 7];
		w->stories++;
		out->stories++;
		if (st->kind == STORY_TNT) {
			w->tnt++;
			out->tnt++;
		} else {
			out->extra_mile++;
		}
		week_add(w, e, &out->pool);
		/* the counter skips empty texts: count the nameless under "" by hand */
		if (*e) {
			counter_add(&emp, e, &out->pool);
		} else {
			int64_t *hit = strmap_get(&emp.idx, "");
			if (hit) {
				emp.c[*hit].n++;
			} else {
				ALLOC_GROW(emp.c, emp.n + 1, emp.alloc);
				emp.c[emp.n].key = jpool_dup(&out->pool, "");
				emp.c[emp.n].n = 1;
				strmap_put(&emp.idx, "", (int64_t)emp.n++);
			}
		}
		s[ns++] = st;
	}
	for (size_t i = 0; i < out->nweeks; i++) {
		struct jr_week *w = &out->weeks[i];
		if (!w->stories)
			out->weeks_without++;
		if (w->nemployees)
			qsort(w->employees, w->nemployees, sizeof(*w->employees), cmp_count_key);
	}
	counter_done(&emp, &out->employees, &out->nemployees);
	qsort(s, ns, sizeof(*s), cmp_story_newest);
	out->nlatest = ns < (size_t)(in->latest > 0 ? in->latest : 0) ? ns : (size_t)in->latest;
	if (out->nlatest)
		out->latest = xcalloc(out->nlatest, sizeof(*out->latest));
	for (size_t i = 0; i < out->nlatest; i++) {
		struct jr_story_in *l = &out->latest[i];
		*l = *s[i];
		l->customer_id = jpool_dup(&out->pool, l->customer_id);
		l->name = jpool_dup(&out->pool, l->name);
		l->employee = jpool_dup(&out->pool, l->employee);
		l->what = jpool_dup(&out->pool, l->what);
		l->situation = jpool_dup(&out->pool, l->situation);
		l->outcome = jpool_dup(&out->pool, l->outcome);
	}
	free(s);
}

void journal_stories_release(struct journal_stories *r)
{
	for (size_t i = 0; i < r->nweeks; i++)
		free(r->weeks[i].employees);
	free(r->weeks);
	free(r->employees);
	free(r->latest);
	jpool_release(&r->pool);
	memset(r, 0, sizeof(*r));
}

/* ======== promises ======== */

double jr_rate_on_time(const struct jr_rate *r)
{
	return r->due ? (double)r->kept_on_time / r->due : NAN;
}

double jr_rate_honoured(const struct jr_rate *r)
{
	return r->due ? (double)(r->kept_on_time + r->renegotiated_in_time) / r->due : NAN;
}

static void rate_add(struct jr_rate *r, enum promise_state o)
{
	r->due++;
	switch (o) {
	case PS_KEPT_ON_TIME: r->kept_on_time++; break;
	case PS_KEPT_LATE: r->kept_late++; break;
	case PS_RENEGOTIATED_IN_TIME: r->renegotiated_in_time++; break;
	case PS_RENEGOTIATED_LATE: r->renegotiated_late++; break;
	case PS_BROKEN: r->broken++; break;
	case PS_OVERDUE: r->overdue++; break;
	default: r->due--; break; /* not yet due, or not yet made */
	}
}

/* The rate of key in v (adding it when new; index kept in idx). */
static struct jr_rate *rate_of(struct jr_rate **v, size_t *n, size_t *alloc, struct strmap *idx,
                               const char *key, const char *name, struct jpool *pool)
{
	int64_t *hit = strmap_get(idx, key);
	if (hit)
		return &(*v)[*hit];
	ALLOC_GROW(*v, *n + 1, *alloc);
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].key = jpool_dup(pool, key);
	(*v)[*n].name = jpool_dup(pool, name);
	strmap_put(idx, key, (int64_t)*n);
	return &(*v)[(*n)++];
}

static int cmp_due(const void *a, const void *b)
{
	const struct jr_promise_in *x = a, *y = b;
	if (x->due_on != y->due_on)
		return x->due_on < y->due_on ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_owner(const void *a, const void *b)
{
	const struct jr_rate *x = a, *y = b;
	if (!*x->key != !*y->key)
		return *x->key ? -1 : 1; /* no owner last */
	return strcmp(x->key, y->key);
}

static int cmp_least_honoured(const void *a, const void *b)
{
	const struct jr_rate *x = a, *y = b;
	double hx = jr_rate_honoured(x), hy = jr_rate_honoured(y);
	if (hx != hy)
		return hx < hy ? -1 : 1;
	if (x->due != y->due)
		return y->due - x->due;
	return strcmp(x->key, y->key);
}

static void copy_promise(struct jr_promise_in *dst, const struct jr_promise_in *src,
                         struct jpool *pool)
{
	*dst = *src;
	dst->customer_id = jpool_dup(pool, src->customer_id);
	dst->name = jpool_dup(pool, src->name);
	dst->owner = jpool_dup(pool, src->owner);
	dst->what = jpool_dup(pool, src->what);
}

void journal_promises_compute(const struct journal_promises_in *in, struct journal_promises *out)
{
	size_t aowners = 0, acust = 0;
	struct strmap oidx, cidx;
	memset(out, 0, sizeof(*out));
	strmap_init(&oidx);
	strmap_init(&cidx);
	out->to = in->to;
	out->today = in->to - 1;
	out->soon_until = out->today + (in->within > 0 ? in->within : 0);
	out->rate_from = in->rate_from;
	out->due_soon = xcalloc(in->n + 1, sizeof(*out->due_soon));
	out->overdue = xcalloc(in->n + 1, sizeof(*out->overdue));
	out->total.key = "";
	for (size_t i = 0; i < in->n; i++) {
		const struct jr_promise_in *p = &in->promises[i];
		enum promise_state o =
		    model_promise_state(p->status, p->made_on, p->due_on, p->closed_on, in->to);
		if (o == PS_OVERDUE)
			copy_promise(&out->overdue[out->noverdue++], p, &out->pool);
		else if (o == PS_OPEN && p->due_on <= out->soon_until)
			copy_promise(&out->due_soon[out->ndue_soon++], p, &out->pool);
		if (p->due_on < in->rate_from || p->due_on >= in->to)
			continue;
		if (o == PS_OPEN || o == PS_NOT_MADE)
			continue;
		rate_add(&out->total, o);
		rate_add(rate_of(&out->owners, &out->nowners, &aowners, &oidx,
		                 p->owner ? p->owner : "", NULL, &out->pool),
		         o);
		rate_add(rate_of(&out->customers, &out->ncustomers, &acust, &cidx,
		                 p->customer_id ? p->customer_id : "", p->name, &out->pool),
		         o);
	}
	qsort(out->due_soon, out->ndue_soon, sizeof(*out->due_soon), cmp_due);
	qsort(out->overdue, out->noverdue, sizeof(*out->overdue), cmp_due);
	if (out->nowners)
		qsort(out->owners, out->nowners, sizeof(*out->owners), cmp_owner);
	if (out->ncustomers)
		qsort(out->customers, out->ncustomers, sizeof(*out->customers), cmp_least_honoured);
	strmap_release(&oidx);
	strmap_release(&cidx);
}

void journal_promises_release(struct journal_promises *r)
{
	free(r->due_soon);
	free(r->overdue);
	free(r->owners);
	free(r->customers);
	jpool_release(&r->pool);
	memset(r, 0, sizeof(*r));
}

/* ======== cadence ======== */

/* The action list's order of segments (SPEC §3), then others, then none. */
static int segment_rank(const char *s)
{
	static const char *const order[] = {"terrorist",   "defector", "apostle",   "loyal",
	                                    "opportunist", "hostage",  "unmeasured"};
	if (!s)
		return (int)ARRAY_SIZE(order) + 1;
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (!strcmp(s, order[i]))
			return (int)i;
	return (int)ARRAY_SIZE(order);
}

static int cmp_segment(const char *a, const char *b)
{
	int ra = segment_rank(a), rb = segment_rank(b);
	if (ra != rb)
		return ra - rb;
	return a && b ? strcmp(a, b) : 0;
}

static int cmp_cadence(const void *a, const void *b)
{
	const struct jr_cadence_row *x = a, *y = b;
	int c = cmp_segment(x->c.segment, y->c.segment);
	if (c)
		return c;
	if (x->c.revenue != y->c.revenue)
		return x->c.revenue > y->c.revenue ? -1 : 1;
	return strcmp(x->c.customer_id, y->c.customer_id);
}

static int cmp_group(const void *a, const void *b)
{
	return cmp_segment(((const struct jr_cadence_group *)a)->segment,
	                   ((const struct jr_cadence_group *)b)->segment);
}

/* The group of segment s (NULL: the one group without segments). */
static struct jr_cadence_group *group_of(struct journal_cadence *out, size_t *alloc, const char *s)
{
	for (size_t i = 0; i < out->ngroups; i++) {
		const char *g = out->groups[i].segment;
		if ((!g && !s) || (g && s && !strcmp(g, s)))
			return &out->groups[i];
	}
	ALLOC_GROW(out->groups, out->ngroups + 1, *alloc);
	memset(&out->groups[out->ngroups], 0, sizeof(out->groups[0]));
	out->groups[out->ngroups].segment = jpool_dup(&out->pool, s);
	return &out->groups[out->ngroups++];
}

void journal_cadence_compute(const struct journal_cadence_in *in, struct journal_cadence *out)
{
	size_t galloc = 0;
	memset(out, 0, sizeof(*out));
	out->to = in->to;
	out->today = in->to - 1;
	out->days = in->days;
	out->segmented = in->segmented;
	out->window = in->window > 0 ? in->window : 365;
	out->rows = xcalloc(in->n + 1, sizeof(*out->rows));
	for (size_t i = 0; i < in->n; i++) {
		const struct jr_cadence_in_row *c = &in->rows[i];
		if (c->last_purchase == DAY_NONE || c->last_purchase >= in->to)
			continue;
		/* departed or lapsed: not a customer to talk to this week (model_state) */
		if (model_state(c->last_purchase, c->last_departure, in->to,
		                in->active_days > 0 ? in->active_days : INT32_MAX / 2) != CS_ACTIVE)
			continue;
		const char *seg = in->segmented ? c->segment : NULL;
		struct jr_cadence_group *g = group_of(out, &galloc, seg);
		int days = model_days_since(c->last_dialog, in->to);
		g->customers++;
		g->revenue += c->revenue;
		out->customers++;
		if (!model_dialog_due(c->last_dialog, in->to, in->days))
			continue;

		g->silent++;
		g->silent_revenue += c->revenue;
		out->silent++;
		struct jr_cadence_row *r = &out->rows[out->nrows++];
		r->c = *c;
		r->c.segment = seg;
		r->c.customer_id = jpool_dup(&out->pool, c->customer_id);
		r->c.name = jpool_dup(&out->pool, c->name);
		r->c.owner = jpool_dup(&out->pool, c->owner);
		r->days_since = days;
	}
	if (out->ngroups)
		qsort(out->groups, out->ngroups, sizeof(*out->groups), cmp_group);
	/* segment names of the rows: the group's pooled copy */
	for (size_t i = 0; i < out->nrows; i++)
		out->rows[i].c.segment = group_of(out, &galloc, out->rows[i].c.segment)->segment;
	qsort(out->rows, out->nrows, sizeof(*out->rows), cmp_cadence);
	for (size_t i = 0, g = 0; g < out->ngroups; g++) {
		out->groups[g].first = i;
		while (i < out->nrows &&
		       !cmp_segment(out->rows[i].c.segment, out->groups[g].segment))
			i++;
		out->groups[g].n = i - out->groups[g].first;
	}
}

void journal_cadence_release(struct journal_cadence *r)
{
	free(r->rows);
	free(r->groups);
	jpool_release(&r->pool);
	memset(r, 0, sizeof(*r));
}
