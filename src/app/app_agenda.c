/*
 * app_agenda.c — the account manager's week (`treue agenda`, the web's My
 * week): per person a few customers of each priority of the action list
 * with the reason and the revenue at stake, the promises due soon or
 * overdue, the open complaints with their age, the follow-ups due and the
 * customers nobody spoke to, and the row of the team's overview.
 *
 * Nothing here has rules of its own: the calls are the action list's rows
 * in its order, the promises are `report promises` (journal_promises_*),
 * a complaint is open at D as for the segments (dated before D, open or
 * resolved on or after D), a follow-up stands until a dialogue on a later
 * day (ds_follow_up_at), and a customer nobody spoke to is an active one
 * with model_dialog_due — so every number can be found again in actions,
 * report promises and report cadence.
 */
#include <stdlib.h>
#include <string.h>

#include "app_int.h"

void app_agenda_release(struct app_agenda *r)
{
	for (size_t k = 0; k < r->nsections; k++) {
		struct app_agenda_section *s = &r->sections[k];
		free(s->calls);
		free(s->promises);
		free(s->complaints);
		free(s->follow_ups);
		free(s->quiet);
	}
	free(r->sections);
	jpool_release(&r->pool);
	memset(r, 0, sizeof(*r));
}

/* The sections by person while they are being filled. */
struct build {
	struct app_agenda *r;
	struct strmap idx; /* person -> section index, -1: not asked for */
	size_t alloc;
	size_t *acalls, *aprom, *acmp, *afol, *aquiet; /* allocated items per section */
	const char *owner;                             /* --owner: a start of the name, or NULL */
};

/* The section of a person (created on first use); -1 when the owner filter
 * leaves the person out. */
static long section_of(struct build *b, const char *owner)
{
	if (!owner)
		owner = "";
	int64_t *hit = strmap_get(&b->idx, owner);
	if (hit)
		return (long)*hit;
	if (b->owner && (!*owner || !app_name_starts(owner, b->owner))) {
		strmap_put(&b->idx, owner, -1);
		return -1;
	}
	struct app_agenda *r = b->r;
	if (r->nsections == b->alloc) {
		size_t n = b->alloc ? b->alloc * 2 : 16;
		r->sections = xrealloc(r->sections, sizeof(*r->sections) * n);
		b->acalls = xrealloc(b->acalls, sizeof(size_t) * n);
		b->aprom = xrealloc(b->aprom, sizeof(size_t) * n);
		b->acmp = xrealloc(b->acmp, sizeof(size_t) * n);
		b->afol = xrealloc(b->afol, sizeof(size_t) * n);
		b->aquiet = xrealloc(b->aquiet, sizeof(size_t) * n);
		b->alloc = n;
	}
	size_t k = r->nsections++;
	memset(&r->sections[k], 0, sizeof(r->sections[k]));
	r->sections[k].owner = jpool_dup(&r->pool, owner);
	b->acalls[k] = b->aprom[k] = b->acmp[k] = b->afol[k] = b->aquiet[k] = 0;
	strmap_put(&b->idx, owner, (int64_t)k);
	return (long)k;
}

/* x = a new last item of arr (n items, alloc allocated) */
#define PUSH(x, arr, n, alloc)                                                                     \
	do {                                                                                       \
		ALLOC_GROW((arr), (n) + 1, (alloc));                                               \
		(x) = &(arr)[(n)++];                                                               \
	} while (0)

static void add_calls(struct build *b, const struct dataset *ds, const struct loyalty *l,
                      const struct app_selection *sel, enum lang lang)
{
	struct app_agenda *r = b->r;
	struct strbuf why = STRBUF_INIT;
	for (size_t k = 0; k < l->nactions; k++) {
		const struct action_row *a = &l->actions[k];
		size_t i = a->cust;
		if (ds->erased[i] || !app_selected(sel, i))
			continue;
		long s = section_of(b, ds_owner(ds, i));
		if (s < 0)
			continue;
		struct app_agenda_section *sec = &r->sections[s];
		if (++sec->priority_total[a->priority] > r->per_priority)
			continue;
		const struct cust_fig *f = &l->fig[i];
		struct app_agenda_call *c;
		PUSH(c, sec->calls, sec->ncalls, b->acalls[s]);
		sb_reset(&why);
		model_explain(l, i, lang, &why);
		c->cust = i;
		c->customer_id = jpool_dup(&r->pool, ds_cid(ds, i));
		c->name = jpool_dup(&r->pool, ds_name(ds, i));
		c->priority = a->priority;
		c->silent = a->silent;
		c->segment = f->segment;
		c->at_stake = f->rev_p0 + f->rev_p1;
		c->revenue = f->rev_p0;
		c->why = jpool_dup(&r->pool, why.buf ? why.buf : "");
	}
	sb_release(&why);
}

/* The promises of report promises (due soon within the days, overdue) and
 * each person's honoured rate over the trust window. */
static int add_promises(struct build *b, const struct app_ctx *c, const struct dataset *ds,
                        const struct app_selection *sel, struct err *e)
{
	struct app_agenda *r = b->r;
	struct journal_promises_in in;
	struct journal_promises out;
	memset(&in, 0, sizeof(in));
	in.to = r->to;
	in.within = r->days;
	in.rate_from = r->rate_from;
	if (journal_promises_load(c->st, &in, e)) {
		journal_promises_in_release(&in);
		return APP_ERR;
	}
	size_t n = 0;
	for (size_t k = 0; k < in.n; k++) {
		long i = dataset_index_of_key(ds, in.promises[k].key);
		if (i < 0 || ds->erased[i] || !app_selected(sel, (size_t)i) ||
		    section_of(b, in.promises[k].owner) < 0)
			continue;
		in.promises[n++] = in.promises[k];
	}
	in.n = n;
	journal_promises_compute(&in, &out);
	journal_promises_in_release(&in);
	for (int pass = 0; pass < 2; pass++) {
		const struct jr_promise_in *v = pass ? out.due_soon : out.overdue;
		size_t nv = pass ? out.ndue_soon : out.noverdue;
		for (size_t k = 0; k < nv; k++) {
			long s = section_of(b, v[k].owner);
			if (s < 0)
				continue;
			struct app_agenda_section *sec = &r->sections[s];
			struct app_agenda_promise *p;
			PUSH(p, sec->promises, sec->npromises, b->aprom[s]);
			p->id = v[k].id;
			p->customer_id = jpool_dup(&r->pool, v[k].customer_id);
			p->name = jpool_dup(&r->pool, v[k].name);
			p->what = jpool_dup(&r->pool, v[k].what);
			p->made_on = v[k].made_on;
			p->due_on = v[k].due_on;
			p->overdue = !pass;
			p->days =
			    pass ? v[k].due_on - r->today : model_days_since(v[k].due_on, r->to);
			if (pass)
				sec->due_promises++;
			else
				sec->overdue_promises++;
		}
	}
	for (size_t k = 0; k < out.nowners; k++) {
		long s = section_of(b, out.owners[k].key);
		if (s < 0)
			continue;
		r->sections[s].promises_due = out.owners[k].due;
		r->sections[s].promises_honoured =
		    out.owners[k].kept_on_time + out.owners[k].renegotiated_in_time;
	}
	journal_promises_release(&out);
	return 0;
}

static int add_complaints(struct build *b, const struct app_ctx *c, const struct dataset *ds,
                          const struct app_selection *sel, struct err *e)
{
	struct app_agenda *r = b->r;
	struct stmt *s = store_stmt(c->st, ST_J_AGENDA_COMPLAINTS);
	int rc;
	stmt_int(s, 1, r->to);
	while ((rc = stmt_step(s, e)) == 1) {
		long i = dataset_index_of_key(ds, col_int(s, 1));
		long k =
		    i >= 0 && app_selected(sel, (size_t)i) ? section_of(b, col_text(s, 4)) : -1;
		if (k < 0)
			continue;
		struct app_agenda_section *sec = &r->sections[k];
		struct app_agenda_complaint *x;
		PUSH(x, sec->complaints, sec->ncomplaints, b->acmp[k]);
		x->id = col_int(s, 0);
		x->customer_id = jpool_dup(&r->pool, col_text(s, 2));
		x->name = jpool_dup(&r->pool, col_text(s, 3) ? col_text(s, 3) : "");
		x->date = col_day(s, 5);
		x->reason = jpool_dup(&r->pool, col_text(s, 6));
		x->description = jpool_dup(&r->pool, col_text(s, 7));
		x->age = model_days_since(x->date, r->to);
		sec->open_complaints++;
	}
	stmt_reset(s);
	return rc < 0 ? APP_ERR : 0;
}

/* Follow-ups due, the customers nobody spoke to, and the team's counts of
 * customers, dialogues this month and silent leavers. */
static void add_customers(struct build *b, const struct dataset *ds, const struct loyalty *lm,
                          const struct loyalty *lj, const struct app_selection *sel_m,
                          const struct app_selection *sel_j)
{
	struct app_agenda *r = b->r;
	for (size_t i = 0; i < ds->ncust; i++) {
		if (ds->erased[i])
			continue;
		int in_m = app_selected(sel_m, i), in_j = app_selected(sel_j, i);
		if (!in_m && !in_j)
			continue;
		long s = section_of(b, ds_owner(ds, i));
		if (s < 0)
			continue;
		struct app_agenda_section *sec = &r->sections[s];
		sec->account_manager = 1;
		if (in_m && lm->fig[i].state == CS_ACTIVE) {
			sec->customers++;
			sec->silent_leavers += lm->silent && lm->silent[i];
		}
		if (!in_j)
			continue;
		day_t last = DAY_NONE;
		for (uint32_t k = ds->dlg_off[i]; k < ds->dlg_off[i + 1]; k++) {
			if (ds->dlg[k] >= r->to)
				break;
			last = ds->dlg[k];
			sec->dialogs_month += ds->dlg[k] >= r->month_from;
		}
		day_t fu = ds_follow_up_at(ds, i, r->to);
		if (fu != DAY_NONE && fu <= r->until) {
			struct app_agenda_follow_up *f;
			PUSH(f, sec->follow_ups, sec->nfollow_ups, b->afol[s]);
			f->customer_id = jpool_dup(&r->pool, ds_cid(ds, i));
			f->name = jpool_dup(&r->pool, ds_name(ds, i));
			f->dialog = last;
			f->follow_up = fu;
			f->late = fu < r->to;
			f->days = f->late ? model_days_since(fu, r->to) : fu - r->today;
		}
		const struct cust_fig *fg = &lj->fig[i];
		if (fg->state == CS_ACTIVE && model_dialog_due(last, r->to, r->dialog_days)) {
			struct app_agenda_quiet *q;
			PUSH(q, sec->quiet, sec->nquiet, b->aquiet[s]);
			q->customer_id = ds_cid(ds, i); /* copied when kept (below) */
			q->name = ds_name(ds, i);
			q->segment = fg->segment;
			q->last_dialog = last;
			q->days_since = model_days_since(last, r->to);
			q->revenue = fg->rev_p0;
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* --owner named nobody: the people there are, in name order. */
static int nobody(const struct build *b, const char *owner, struct err *e)
{
	const char **v = xmalloc(sizeof(*v) * (b->idx.n + 1));
	struct strbuf list = STRBUF_INIT;
	size_t n = 0;
	for (size_t k = 0; k < b->idx.cap; k++)
		if (b->idx.keys[k] && *b->idx.keys[k])
			v[n++] = b->idx.keys[k];
	qsort(v, n, sizeof(*v), cmp_str);
	for (size_t k = 0; k < n && k < 40; k++)
		sb_addf(&list, "%s%s", k ? ", " : "", v[k]);
	if (n > 40)
		sb_addf(&list, ", … (%zu)", n);
	err_set(e,
	        L(e->lang, "nobody's name starts with \"%s\"; known: %s",
	          "kein Name beginnt mit \"%s\"; bekannt: %s"),
	        owner, n ? list.buf : L(e->lang, "none", "keine"));
	sb_release(&list);
	free(v);
	return APP_ERR;
}

static int cmp_quiet(const void *a, const void *b)
{
	const struct app_agenda_quiet *x = a, *y = b;
	if (x->revenue != y->revenue)
		return x->revenue > y->revenue ? -1 : 1;
	return strcmp(x->customer_id, y->customer_id);
}

static int cmp_follow_up(const void *a, const void *b)
{
	const struct app_agenda_follow_up *x = a, *y = b;
	if (x->follow_up != y->follow_up)
		return x->follow_up < y->follow_up ? -1 : 1;
	return strcmp(x->customer_id, y->customer_id);
}

/* Account managers by name, then the others, the section without anyone last. */
static int cmp_section(const void *a, const void *b)
{
	const struct app_agenda_section *x = a, *y = b;
	if (!*x->owner != !*y->owner)
		return *x->owner ? -1 : 1;
	if (x->account_manager != y->account_manager)
		return x->account_manager ? -1 : 1;
	return strcmp(x->owner, y->owner);
}

int app_agenda(const struct app_ctx *c, const struct app_analysis *a, const struct app_filter *f,
               const struct app_agenda_in *in, struct app_agenda *r, struct err *e)
{
	static const struct app_filter none;
	struct app_loyalty lr_own;
	const struct app_loyalty *lr = in->loyalty;
	struct loyalty lj_own;
	struct app_selection sel_m, sel_j;
	struct build b;
	int rc, y, m, d;
	memset(r, 0, sizeof(*r));
	memset(&b, 0, sizeof(b));
	memset(&sel_j, 0, sizeof(sel_j));
	err_init(&r->note, e->lang);
	if (!f)
		f = &none;
	if (in->days < 0 || in->days > 3650) {
		err_set(e, L(e->lang, "--days is 0 to 3650", "--days ist 0 bis 3650"));
		return APP_BAD_REQUEST;
	}
	r->as_of = a->as_of;
	r->to = app_journal_as_of(c);
	r->today = r->to - 1;
	r->days = in->days;
	r->until = r->today + in->days;
	day_to_ymd(r->today, &y, &m, &d);
	r->month_from = day_from_ymd(y, m, 1);
	r->rate_from = r->to - a->set.stale_days;
	r->per_priority = in->per_priority > 0 ? in->per_priority : a->set.agenda_per_priority;
	r->dialog_days = a->set.dialog_days;
	r->window = a->set.window;
	memcpy(r->currency, a->set.currency, sizeof(r->currency));
	r->fut = a->fut;
	if (lr && lr->l.as_of != a->as_of)
		lr = NULL; /* of another D: not these results */
	if (!lr) {
		if ((rc = app_loyalty(c, a, 1, 0, &lr_own, e)))
			return rc;
		lr = &lr_own;
	}
	r->note = lr->note;
	r->silent_ok = lr->l.silent_ok;
	/* the journal's parts at its D: the same result when the dates agree */
	const struct loyalty *lj = &lr->l;
	if (r->to != r->as_of) {
		model_compute(&a->ds, r->to, &a->set, NULL, &lj_own);
		lj = &lj_own;
	}
	/* the owner is matched per item (a promise's holder: section_of); the
	 * selections narrow the customers by region, industry and segment */
	struct app_filter cust = *f;
	cust.owner = NULL;
	rc = app_select(c, &a->ds, &lr->l, &cust, 0, NULL, 0, &sel_m, e);
	if (rc == 0 && lj != &lr->l) {
		rc = app_select(c, &a->ds, lj, &cust, 0, NULL, 0, &sel_j, e);
		if (rc)
			app_selection_release(&sel_m);
	}
	if (rc) {
		if (lj != &lr->l)
			loyalty_release(&lj_own);
		if (lr == &lr_own)
			app_loyalty_release(&lr_own);
		return rc;
	}
	const struct app_selection *sj = lj != &lr->l ? &sel_j : &sel_m;
	b.r = r;
	b.owner = f->owner;
	strmap_init(&b.idx);
	/* every account manager of the customers selected has a section (the
	 * team's overview lists them all), in name order */
	add_customers(&b, &a->ds, &lr->l, lj, &sel_m, sj);
	add_calls(&b, &a->ds, &lr->l, &sel_m, c->lang);
	rc = add_promises(&b, c, &a->ds, sj, e);
	if (rc == 0)
		rc = add_complaints(&b, c, &a->ds, sj, e);
	for (size_t k = 0; rc == 0 && k < r->nsections; k++) {
		struct app_agenda_section *s = &r->sections[k];
		if (s->nquiet > 1)
			qsort(s->quiet, s->nquiet, sizeof(*s->quiet), cmp_quiet);
		s->quiet_total = s->nquiet;
		if (in->quiet && s->nquiet > in->quiet)
			s->nquiet = in->quiet;
		for (size_t q = 0; q < s->nquiet; q++) {
			s->quiet[q].customer_id = jpool_dup(&r->pool, s->quiet[q].customer_id);
			s->quiet[q].name = jpool_dup(&r->pool, s->quiet[q].name);
		}
		if (s->nfollow_ups > 1)
			qsort(s->follow_ups, s->nfollow_ups, sizeof(*s->follow_ups), cmp_follow_up);
	}
	if (r->nsections > 1)
		qsort(r->sections, r->nsections, sizeof(*r->sections), cmp_section);
	if (rc == 0 && f->owner && !r->nsections)
		rc = nobody(&b, f->owner, e);
	strmap_release(&b.idx);
	free(b.acalls), free(b.aprom), free(b.acmp), free(b.afol), free(b.aquiet);
	app_selection_release(&sel_m);
	app_selection_release(&sel_j);
	if (lj != &lr->l)
		loyalty_release(&lj_own);
	if (lr == &lr_own)
		app_loyalty_release(&lr_own);
	if (rc)
		app_agenda_release(r);
	return rc;
}
