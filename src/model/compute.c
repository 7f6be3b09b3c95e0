/*
 * compute.c — the whole loyalty report at one reference date: figures,
 * F, segments and their counts, retention with its history, NPS,
 * satisfaction, and the action list.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

void model_actions(const struct dataset *ds, struct loyalty *l);

day_t model_default_as_of(const struct dataset *ds)
{
	return ds->max_order_date == DAY_NONE ? day_today() : ds->max_order_date + 1;
}

static void nps_and_satisfaction(struct loyalty *l)
{
	const struct model_settings *s = &l->set;
	double mean_acc = 0;
	int64_t top2 = 0, top = 0;
	memset(&l->nps, 0, sizeof(l->nps));
	memset(&l->sat, 0, sizeof(l->sat));
	for (size_t i = 0; i < l->ncust; i++) {
		const struct cust_fig *f = &l->fig[i];
		if (f->survey_date != DAY_NONE && f->survey_date >= l->as_of - s->window &&
		    f->rec_n) {
			if (f->rec_sum >= (int64_t)s->promoter_min * f->rec_n)
				l->nps.promoters++;
			else if (f->rec_sum <= (int64_t)s->detractor_max * f->rec_n)
				l->nps.detractors++;
			else
				l->nps.passives++;
		}
		if (f->segment != SEG_PROSPECT && f->measured) {
			l->sat.n++;
			mean_acc += (double)f->sat_sum / f->sat_n / 10.0;
			top2 += f->sat_sum >= 70LL * f->sat_n;
			top += f->sat_sum >= 90LL * f->sat_n;
		}
	}
	int64_t all = l->nps.promoters + l->nps.passives + l->nps.detractors;
	l->nps.score =
	    all ? 100.0 * (double)(l->nps.promoters - l->nps.detractors) / (double)all : NAN;
	l->sat.mean = l->sat.n ? mean_acc / (double)l->sat.n : NAN;
	l->sat.top2_share = l->sat.n ? (double)top2 / (double)l->sat.n : NAN;
	l->sat.top_share = l->sat.n ? (double)top / (double)l->sat.n : NAN;
}

void model_compute(const struct dataset *ds, day_t D, const struct model_settings *s,
                   struct loyalty *l)
{
	memset(l, 0, sizeof(*l));
	l->as_of = D;
	l->set = *s;
	l->ncust = ds->ncust;
	l->fig = big_alloc(sizeof(*l->fig) * (ds->ncust + 1));
	timing_phase(NULL);
	model_figures(ds, D, s, l->fig);
	timing_phase("figures");
	l->frequent_auto = s->frequent_min_x2 == 0;
	l->frequent_min = model_frequent_min(l->fig, ds->ncust, s);
	model_segments(l->fig, ds->ncust, l->frequent_min, s);
	for (size_t i = 0; i < ds->ncust; i++) {
		const struct cust_fig *f = &l->fig[i];
		l->seg_count[f->segment]++;
		l->seg_revenue[f->segment] += f->rev_p0;
	}
	l->prospects = l->seg_count[SEG_PROSPECT];
	l->customers = (int64_t)ds->ncust - l->prospects;
	struct retention_year hist[62];
	timing_phase("segments");
	int n = model_retention_history(ds, D, s->window, hist, 62);
	timing_phase("retention");
	if (n < 1)
		n = 1;
	l->years = xmalloc(sizeof(*l->years) * (size_t)n);
	memcpy(l->years, hist, sizeof(*l->years) * (size_t)n);
	l->nyears = n;
	nps_and_satisfaction(l);
	timing_phase("nps");
	model_actions(ds, l);
	timing_phase("actions");
}

void loyalty_release(struct loyalty *l)
{
	big_free(l->fig, sizeof(*l->fig) * (l->ncust + 1));
	free(l->years);
	big_free(l->actions, sizeof(*l->actions) * (l->nactions + 1));
	memset(l, 0, sizeof(*l));
}
