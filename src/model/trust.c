/*
 * trust.c — trust per customer (the share of promises due in the trust
 * window that were honoured) and the bond built from trust, satisfaction
 * and perceived value, always with its components.
 *
 * The state of a promise is judged as it was at D: a closing dated on or
 * after D has not happened yet, so the promise is still open at D.
 * Honoured: kept on or before the due date (kept without a closing date
 * counts as on time), or renegotiated strictly before the due date
 * (renegotiated without a date counts as before).  Against it: broken,
 * kept late, renegotiated on or after the due date, open past the due date.
 */
#include <math.h>
#include <string.h>

#include "model.h"

void model_trust(const struct dataset *ds, size_t i, day_t D, const struct model_settings *s,
                 struct trust *t)
{
	memset(t, 0, sizeof(*t));
	for (uint32_t k = ds->prm_off[i]; k < ds->prm_off[i + 1]; k++) {
		const struct ds_promise *p = &ds->prm[k];
		if (p->due_on >= D || p->due_on < D - s->stale_days)
			continue;
		int status = p->status;
		if (status != PROMISE_OPEN && p->closed_on != DAY_NONE && p->closed_on >= D)
			status = PROMISE_OPEN; /* closed after D: open at D */
		t->due++;
		switch (status) {
		case PROMISE_KEPT:
			if (p->closed_on == DAY_NONE || p->closed_on <= p->due_on)
				t->honoured++;
			else
				t->late++;
			break;
		case PROMISE_RENEGOTIATED:
			if (p->closed_on == DAY_NONE || p->closed_on < p->due_on)
				t->honoured++;
			else
				t->renegotiated_late++;
			break;
		case PROMISE_BROKEN: t->broken++; break;
		default:
			t->overdue_open++; /* due before D and still open at D */
			break;
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
