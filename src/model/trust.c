/*
 * trust.c — the rules of the relationship that the action list, trust and
 * the journal reports share (one home each): the state of a promise at D
 * and whether a dialogue is due; trust per customer (the share of promises
 * due in the trust window that were honoured) and the bond built from
 * trust, satisfaction and perceived value, always with its components.
 *
 * The state of a promise is judged as it was at D, i.e. at the end of
 * D - 1: a closing dated on or after D has not happened yet, so the promise
 * is still open at D, and an open promise due before D is overdue.
 * Honoured: kept on or before the due date (kept without a closing date
 * counts as on time), or renegotiated strictly before the due date
 * (renegotiated without a date counts as before).  Against it: broken,
 * kept late, renegotiated on or after the due date, open past the due date.
 */
#include <math.h>
#include <string.h>

#include "model.h"

enum promise_state model_promise_state(int status, day_t made_on, day_t due_on, day_t closed_on,
                                       day_t D)
{
	if (made_on != DAY_NONE && made_on >= D)
		return PS_NOT_MADE;
	if (status != PROMISE_OPEN && closed_on != DAY_NONE && closed_on >= D)
		status = PROMISE_OPEN; /* closed after D: open at D */
	switch (status) {
	case PROMISE_KEPT:
		return closed_on == DAY_NONE || closed_on <= due_on ? PS_KEPT_ON_TIME
		                                                    : PS_KEPT_LATE;
	case PROMISE_RENEGOTIATED:
		return closed_on == DAY_NONE || closed_on < due_on ? PS_RENEGOTIATED_IN_TIME
		                                                   : PS_RENEGOTIATED_LATE;
	case PROMISE_BROKEN: return PS_BROKEN;
	default: return due_on < D ? PS_OVERDUE : PS_OPEN;
	}
}

int model_days_since(day_t day, day_t D)
{
	return day == DAY_NONE ? -1 : (int)(D - day);
}

int model_dialog_due(day_t last_dialog, day_t D, int dialog_days)
{
	return last_dialog == DAY_NONE || last_dialog >= D || D - last_dialog > dialog_days;
}

void model_trust(const struct dataset *ds, size_t i, day_t D, const struct model_settings *s,
                 struct trust *t)
{
	memset(t, 0, sizeof(*t));
	for (uint32_t k = ds->prm_off[i]; k < ds->prm_off[i + 1]; k++) {
		const struct ds_promise *p = &ds->prm[k];
		if (p->due_on >= D || p->due_on < D - s->stale_days)
			continue;
		enum promise_state ps =
		    model_promise_state(p->status, p->made_on, p->due_on, p->closed_on, D);
		if (ps == PS_NOT_MADE)
			continue;
		t->due++;
		switch (ps) {

		case PS_KEPT_ON_TIME:
		case PS_RENEGOTIATED_IN_TIME: t->honoured++; break;
		case PS_KEPT_LATE: t->late++; break;
		case PS_RENEGOTIATED_LATE: t->renegotiated_late++; break;
		case PS_BROKEN: t->broken++; break;
		default: t->overdue_open++; break; /* due before D and still open at D */
		}
	}
	t->value = t->due ? (double)t->honoured / t->due : NAN;
}

void model_bond(const struct cust_fig *f, const struct trust *t, struct bond *b)
{
	double sum = 0;
	b->n = 0;
	b->trust = t && t->due ? 100.0 * t->value : NAN;
	b->satisfaction = f->measured && f->sat_n ? 10.0 * fig_sat(f) : NAN;
	b->value = f->measured && f->val_n ? 10.0 * fig_val(f) : NAN;
	double c[3] = {b->trust, b->satisfaction, b->value};
	for (int k = 0; k < 3; k++)
		if (!isnan(c[k]))
			sum += c[k], b->n++;
	b->bond = b->n ? sum / b->n : NAN;
}
