/*
 * movement.c — how many customers moved from each segment at one date to
 * each segment at a later one (prospects included), with their revenue in
 * the current period of the later date: the early warning that loyal
 * customers drift, and the proof that actions worked.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"

void model_movement_segments(const struct dataset *ds, day_t from, day_t to,
                             const struct model_settings *s, uint8_t *at_from, uint8_t *at_to)
{
	size_t bytes = sizeof(struct cust_fig) * (ds->ncust + 1);
	struct cust_fig *a = big_alloc(bytes);
	model_segments(a, ds->ncust, model_figures(ds, from, s, a), s);
	for (size_t i = 0; i < ds->ncust; i++)
		at_from[i] = a[i].segment;
	model_segments(a, ds->ncust, model_figures(ds, to, s, a), s);
	for (size_t i = 0; i < ds->ncust; i++)
		at_to[i] = a[i].segment;
	big_free(a, bytes);
}

void model_movement(const struct dataset *ds, day_t from, day_t to, const struct model_settings *s,
                    struct movement *m)
{
	size_t bytes = sizeof(struct cust_fig) * (ds->ncust + 1);
	struct cust_fig *a = big_alloc(bytes);
	struct cust_fig *b = big_alloc(bytes);
	memset(m, 0, sizeof(*m));
	m->from = from;
	m->to = to;
	model_segments(a, ds->ncust, model_figures(ds, from, s, a), s);
	model_segments(b, ds->ncust, model_figures(ds, to, s, b), s);
	for (size_t i = 0; i < ds->ncust; i++) {
		m->count[a[i].segment][b[i].segment]++;
		m->revenue[a[i].segment][b[i].segment] += b[i].rev_p0;
	}
	big_free(a, bytes);
	big_free(b, bytes);
}
