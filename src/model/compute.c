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

/*
 * One pass over the figures, on two threads, after F is known: each
 * customer's segment, the segment counts and revenue, NPS, satisfaction and
 * the retention history from the year masks.  Each part counts into its
 * own accumulators; they are added up afterwards.
 */
struct sum_part {
	int64_t seg_count[SEG__COUNT], seg_revenue[SEG__COUNT];
	int64_t promoters, passives, detractors, sat_n, top2, top;
	double sat_mean_acc;
	struct retention_year years[62];
};

struct sum_job {
	struct loyalty *l;
	int64_t f2;
	int ny;
	struct sum_part part[2];
};

static void sum_part_run(void *arg, size_t lo, size_t hi, int part)
{
	struct sum_job *j = arg;
	struct loyalty *l = j->l;
	const struct model_settings *s = &l->set;
	struct sum_part *p = &j->part[part];
	const day_t P0 = l->as_of - s->window;
	for (size_t i = lo; i < hi; i++) {
		struct cust_fig *f = &l->fig[i];
		model_segment_one(f, j->f2, s);
		p->seg_count[f->segment]++;
		p->seg_revenue[f->segment] += f->rev_p0;
		if (f->rec_n && f->survey_date != DAY_NONE && f->survey_date >= P0) {
			if (f->rec_sum >= (int64_t)s->promoter_min * f->rec_n)
				p->promoters++;
			else if (f->rec_sum <= (int64_t)s->detractor_max * f->rec_n)
				p->detractors++;
			else
				p->passives++;
		}
		if (f->segment != SEG_PROSPECT && f->measured) {
			p->sat_n++;
			p->sat_mean_acc += (double)f->sat_sum / f->sat_n / 10.0;
			p->top2 += f->sat_sum >= 70LL * f->sat_n;
			p->top += f->sat_sum >= 90LL * f->sat_n;
		}
		retention_count_mask(p->years, j->ny, f->year_mask);
	}
}

void model_compute(const struct dataset *ds, day_t D, const struct model_settings *s,
                   struct loyalty *l)
{
	memset(l, 0, sizeof(*l));
	l->as_of = D;
	l->set = *s;
	l->ncust = ds->ncust;
	l->fig = big_alloc(sizeof(*l->fig) * (ds->ncust + 1));
	timing_phase(&l->timing, NULL);
	model_figures(ds, D, s, l->fig);
	timing_phase(&l->timing, "figures");
	l->frequent_auto = s->frequent_min_x2 == 0;
	l->frequent_min = model_frequent_min(l->fig, ds->ncust, s);
	struct sum_job *j = xcalloc(1, sizeof(*j));
	j->l = l;
	j->f2 = (int64_t)(l->frequent_min * 2 + 0.5);
	j->ny = 62;
	parallel_for(ds->ncust, 50000, sum_part_run, j);
	timing_phase(&l->timing, "summary");
	struct sum_part *a = &j->part[0], *b = &j->part[1];
	for (int k = 0; k < SEG__COUNT; k++) {
		l->seg_count[k] = a->seg_count[k] + b->seg_count[k];
		l->seg_revenue[k] = a->seg_revenue[k] + b->seg_revenue[k];
	}
	l->prospects = l->seg_count[SEG_PROSPECT];
	l->customers = (int64_t)ds->ncust - l->prospects;
	l->nps.promoters = a->promoters + b->promoters;
	l->nps.passives = a->passives + b->passives;
	l->nps.detractors = a->detractors + b->detractors;
	int64_t all = l->nps.promoters + l->nps.passives + l->nps.detractors;
	l->nps.score =
	    all ? 100.0 * (double)(l->nps.promoters - l->nps.detractors) / (double)all : NAN;
	l->sat.n = a->sat_n + b->sat_n;
	double acc = a->sat_mean_acc + b->sat_mean_acc;
	l->sat.mean = l->sat.n ? acc / (double)l->sat.n : NAN;
	l->sat.top2_share = l->sat.n ? (double)(a->top2 + b->top2) / (double)l->sat.n : NAN;
	l->sat.top_share = l->sat.n ? (double)(a->top + b->top) / (double)l->sat.n : NAN;
	int n = retention_merge(a->years, b->years, 62, D, s->window);
	if (n < 1)
		n = 1;
	l->years = xmalloc(sizeof(*l->years) * (size_t)n);
	memcpy(l->years, a->years, sizeof(*l->years) * (size_t)n);
	l->nyears = n;
	free(j);
	model_actions(ds, l);
	timing_phase(&l->timing, "actions");
}

void loyalty_release(struct loyalty *l)
{
	big_free(l->fig, sizeof(*l->fig) * (l->ncust + 1));
	free(l->years);
	big_free(l->actions, sizeof(*l->actions) * (l->nactions + 1));
	memset(l, 0, sizeof(*l));
}
