/*
 * actions.c — the action list: every segmented customer once, in the
 * order of the five priorities (and the unmeasured last), each with what is
 * due: open promises (and the overdue ones), open complaints, and whether
 * nobody has talked to the customer for longer than dialog_days.
 *
 * Order within a priority: terrorists before defectors by revenue P0+P1;
 * apostles, opportunists, hostages and the unmeasured by revenue P0; loyal
 * by satisfaction, then revenue P0; highest first, ties by customer_id in
 * byte order.  The sort works on a compact key array, so that a million
 * rows sort in a few hundred milliseconds at most.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"

static const uint8_t priority_of[SEG__COUNT] = {
	[SEG_TERRORIST] = 1, [SEG_DEFECTOR] = 1, [SEG_APOSTLE] = 2, [SEG_LOYAL] = 3,
	[SEG_OPPORTUNIST] = 4, [SEG_HOSTAGE] = 5, [SEG_UNMEASURED] = 6, [SEG_PROSPECT] = 0,
};

struct akey {
	uint32_t cust;
	uint8_t priority, sub; /* sub: 0 terrorist, 1 defector within priority 1 */
	int32_t sat_sum, sat_n;
	int64_t money;
	const char *cid;
};

static int cmp_akey(const void *pa, const void *pb)
{
	const struct akey *a = pa, *b = pb;
	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	if (a->sub != b->sub)
		return a->sub < b->sub ? -1 : 1;
	if (a->priority == 3) {
		/* satisfaction descending: compare a.sum/a.n with b.sum/b.n exactly */
		int64_t x = (int64_t)a->sat_sum * b->sat_n, y = (int64_t)b->sat_sum * a->sat_n;
		if (x != y)
			return x > y ? -1 : 1;
	}
	if (a->money != b->money)
		return a->money > b->money ? -1 : 1;
	return strcmp(a->cid, b->cid);
}

void model_actions(const struct dataset *ds, struct loyalty *l)
{
	size_t n = 0;
	struct akey *keys = xmalloc(sizeof(*keys) * (l->ncust + 1));
	for (size_t i = 0; i < l->ncust; i++) {
		const struct cust_fig *f = &l->fig[i];
		uint8_t p = priority_of[f->segment];
		if (!p)
			continue;
		struct akey *k = &keys[n++];
		k->cust = (uint32_t)i;
		k->priority = p;
		k->sub = f->segment == SEG_DEFECTOR;
		k->sat_sum = f->sat_sum;
		k->sat_n = f->sat_n;
		k->money = p == 1 ? f->rev_p0 + f->rev_p1 : f->rev_p0;
		k->cid = ds_cid(ds, i);
	}
	qsort(keys, n, sizeof(*keys), cmp_akey);
	l->actions = xcalloc(n + 1, sizeof(*l->actions));
	l->nactions = n;
	day_t D = l->as_of;
	for (size_t r = 0; r < n; r++) {
		struct action_row *a = &l->actions[r];
		size_t i = keys[r].cust;
		a->cust = keys[r].cust;
		a->priority = keys[r].priority;
		a->next_due = DAY_NONE;
		for (uint32_t k = ds->prm_off[i]; k < ds->prm_off[i + 1]; k++) {
			const struct ds_promise *p = &ds->prm[k];
			int open = p->made_on < D &&
				   (p->status == PROMISE_OPEN ||
				    (p->closed_on != DAY_NONE && p->closed_on >= D));
			if (!open)
				continue;
			a->open_promises++;
			a->overdue_promises += p->due_on < D;
			if (a->next_due == DAY_NONE || p->due_on < a->next_due)
				a->next_due = p->due_on;
		}
		a->open_complaints = l->fig[i].open_complaints;
		a->last_dialog = DAY_NONE;
		for (uint32_t k = ds->dlg_off[i + 1]; k-- > ds->dlg_off[i];)
			if (ds->dlg[k] < D) {
				a->last_dialog = ds->dlg[k];
				break;
			}
		a->no_recent_dialog =
			a->last_dialog == DAY_NONE || D - a->last_dialog > l->set.dialog_days;
	}
	free(keys);
}
