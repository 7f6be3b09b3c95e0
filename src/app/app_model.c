/*
 * app_model.c — the loyalty model's calls: the report at D with the
 * purchase model's P(alive) and silent leavers, what-if, segment movement,
 * the fit with its holdout check, and the timed computation of `bench`.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app_int.h"

int app_loyalty(const struct app_ctx *c, const struct app_analysis *a, int btyd_score, int what,
                struct app_loyalty *r, struct err *e)
{
	memset(r, 0, sizeof(*r));
	err_init(&r->note, e->lang);
	if (btyd_score >= 0 &&
	    app_purchase_model(c, a, a->as_of, 0, btyd_score, 0, &r->bt, &r->note, e))
		return APP_ERR;
	(what & APP_COUNTS ? model_compute_counts : model_compute)(
	    &a->ds, a->as_of, &a->set, btyd_score >= 0 ? &r->bt : NULL, &r->l);
	r->l.future = a->fut;
	if (what & APP_TENURE)
		model_tenure(&a->ds, a->as_of, &a->set, &r->tenure);
	return 0;
}

/* A copy of a purchase model's results over n customers. */
static void btyd_copy(struct btyd_result *to, const struct btyd_result *from, size_t n)
{
	*to = *from;
#define DUP(f)                                                                                     \
	if (from->f) {                                                                             \
		to->f = xmalloc(sizeof(*from->f) * (n + 1));                                       \
		memcpy(to->f, from->f, sizeof(*from->f) * n);                                      \
	}
	DUP(p_alive) DUP(expected52) DUP(margin52) DUP(margin_h) DUP(purchase_days)
#undef DUP
}

int app_loyalty_after_journal(const struct app_ctx *c, const struct app_analysis *a,
                              const struct app_loyalty *prev, int btyd_score, int what,
                              struct app_loyalty *r, struct err *e)
{
	if (btyd_score < 0 || !prev->bt.ok || prev->l.as_of != a->as_of ||
	    prev->l.ncust != a->ds.ncust)
		return app_loyalty(c, a, btyd_score, what, r, e);
	memset(r, 0, sizeof(*r));
	err_init(&r->note, e->lang);
	/* the purchase model reads the orders, D and the settings alone, all
	 * unchanged: prev's results hold (scored as far as prev was) */
	if (prev->bt.p_alive && (btyd_score < 2 || prev->bt.margin_h)) {
		btyd_copy(&r->bt, &prev->bt, a->ds.ncust);
		app_fit_keep(c, a, &prev->bt.par, &r->note);
	} else
		app_purchase_model_reuse(c, a, &prev->bt.par, btyd_score, &r->bt, &r->note);
	(what & APP_COUNTS ? model_compute_counts : model_compute)(&a->ds, a->as_of, &a->set,
	                                                           &r->bt, &r->l);
	r->l.future = a->fut;
	if ((what & APP_TENURE) && prev->tenure.years) {
		/* the curve reads the orders and acquired_on alone, at the same
		 * D and settings: prev's holds */
		r->tenure = prev->tenure;
		r->tenure.years = xmalloc(sizeof(*r->tenure.years) * (size_t)prev->tenure.n);
		memcpy(r->tenure.years, prev->tenure.years,
		       sizeof(*r->tenure.years) * (size_t)prev->tenure.n);
	} else if (what & APP_TENURE) {
		model_tenure(&a->ds, a->as_of, &a->set, &r->tenure);
	}
	return 0;
}

void app_loyalty_release(struct app_loyalty *r)
{
	loyalty_release(&r->l);
	tenure_release(&r->tenure);
	btyd_result_release(&r->bt);
	memset(r, 0, sizeof(*r));
}

int app_whatif(const struct app_ctx *c, const struct app_analysis *a, double delta_points,
               struct app_loyalty *r, struct whatif *w, struct err *e)
{
	if (app_loyalty(c, a, -1, 1, r, e))
		return APP_ERR;
	app_whatif_of(a, r, delta_points, w);
	return 0;
}

void app_whatif_of(const struct app_analysis *a, const struct app_loyalty *r, double delta_points,
                   struct whatif *w)
{
	model_whatif(&a->ds, &r->l, &r->tenure, delta_points, w);
}

/* The dates of a movement: to defaults to D, from to to - 90. */
static int movement_dates(const struct app_analysis *a, day_t *from, day_t *to, struct err *e)
{
	if (*to == DAY_NONE)
		*to = a->as_of;
	if (*from == DAY_NONE)
		*from = *to - 90;
	if (*from > *to) {
		err_set(e, L(e->lang, "--from must not be after --to",
		             "--from darf nicht nach --to liegen"));
		return APP_BAD_REQUEST;
	}
	if (day_span_check(*from, 2 * (int64_t)a->set.window, 0, e) ||
	    day_span_check(*to, 2 * (int64_t)a->set.window, 0, e))
		return APP_BAD_REQUEST;
	return 0;
}

int app_movement(const struct app_ctx *c, const struct app_analysis *a, day_t from, day_t to,
                 struct movement *m, struct err *e)
{
	(void)c;
	int rc = movement_dates(a, &from, &to, e);
	if (rc)
		return rc;
	model_movement(&a->ds, from, to, &a->set, m);
	return 0;
}

int app_movement_members(const struct app_ctx *c, const struct app_analysis *a, day_t from,
                         day_t to, int sfrom, int sto, uint32_t **idx, size_t *n, struct err *e)
{
	(void)c;
	const struct dataset *ds = &a->ds;
	*idx = NULL;
	*n = 0;
	int rc = movement_dates(a, &from, &to, e);
	if (rc)
		return rc;
	if (sfrom < 0 || sfrom >= SEG__COUNT || sto < 0 || sto >= SEG__COUNT) {
		err_set(e, L(e->lang, "no such segment", "kein solches Segment"));
		return APP_BAD_REQUEST;
	}
	uint8_t *at_from = xmalloc(ds->ncust + 1), *at_to = xmalloc(ds->ncust + 1);
	model_movement_segments(ds, from, to, &a->set, at_from, at_to);
	size_t k = 0;
	for (size_t i = 0; i < ds->ncust; i++)
		k += at_from[i] == sfrom && at_to[i] == sto;
	*idx = xmalloc(sizeof(**idx) * (k + 1));
	for (size_t i = 0; i < ds->ncust; i++)
		if (at_from[i] == sfrom && at_to[i] == sto)
			(*idx)[(*n)++] = (uint32_t)i;
	free(at_from);
	free(at_to);
	return 0;
}

/* The fitted model against what the customers bought in the weeks after D. */
static int holdout_check(const struct app_analysis *a, struct app_fit *f, struct err *e)
{
	struct btyd_data base;
	uint32_t *idx;
	const struct dataset *ds = &a->ds;
	day_t D = f->as_of, end = f->as_of + (day_t)f->holdout_weeks * 7;
	model_btyd_base(ds, D, &base, &idx);
	int32_t *xs = xmalloc(sizeof(int32_t) * (base.n + 1));
	for (size_t k = 0; k < base.n; k++) {
		size_t i = idx[k];
		uint64_t lo = ds->ord_start[i], hi = ds->ord_end[i];
		xs[k] = (int32_t)btyd_purchase_days(ds->ord_date + lo, ds->ord_rev + lo,
		                                    (size_t)(hi - lo), D, end);
	}
	double weeks = (double)f->holdout_weeks;
	int rc = f->mbg ? mbgnbd_holdout_eval(&f->r.par.bg, &base, xs, weeks, 0, &f->holdout, e)
	                : bgnbd_holdout_eval(&f->r.par.bg, &base, xs, weeks, 0, &f->holdout, e);
	free(xs);
	free(idx);
	btyd_data_release(&base);
	return rc;
}

int app_fit(const struct app_ctx *c, const struct app_analysis *a, int mbg, int holdout_weeks,
            struct app_fit *f, struct err *e)
{
	char d[11];
	memset(f, 0, sizeof(*f));
	f->mbg = mbg;
	f->holdout_weeks = holdout_weeks;
	f->as_of = a->as_of;
	if (holdout_weeks && c->as_of == DAY_NONE) {
		if (day_span_check(a->as_of,
		                   (int64_t)holdout_weeks * 7 + 2 * (int64_t)a->set.window, 0, e))
			return APP_BAD_REQUEST;
		f->as_of = a->as_of - (day_t)holdout_weeks * 7;
	}
	if (app_purchase_model(c, a, f->as_of, mbg, 0, 1, &f->r, &f->note, e))
		return APP_ERR;
	if (!f->r.ok)
		return err_set(e,
		               L(e->lang, "the model cannot be fitted at %s: %s",
		                 "das Modell lässt sich zum %s nicht schätzen: %s"),
		               day_format_lang(f->as_of, e->lang, d), f->r.why);
	if (holdout_weeks) {
		struct err he;
		err_init(&he, e->lang);
		/* a check that cannot be made leaves the fit without it, and the
		 * note says why */
		f->has_holdout = holdout_check(a, f, &he) == 0;
		if (!f->has_holdout && !f->note.msg[0])
			f->note = he;
	}
	return 0;
}

void app_fit_release(struct app_fit *f)
{
	btyd_result_release(&f->r);
	memset(f, 0, sizeof(*f));
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int app_bench(const struct app_ctx *c, const struct app_analysis *a, int runs, struct app_bench *b,
              struct err *e)
{
	(void)c;
	memset(b, 0, sizeof(*b));
	if (runs < 1)
		return err_set(e, "BUG: bench needs at least one run");
	b->runs = runs;
	b->compute_ms = xmalloc(sizeof(double) * (size_t)runs);
	b->tenure_ms = xmalloc(sizeof(double) * (size_t)runs);
	double *phase_ms = xmalloc(sizeof(double) * (size_t)runs * TIMING_MAX);
	/* warm: what every peer of the benchmark computes — retention (with its
	 * history), figures, segments, NPS, satisfaction and the ordered action
	 * list; the profit-by-tenure curve is timed apart.  Run -1 is not
	 * timed: the memory of the results comes fresh from the system then
	 * (first touches of some 200 MB at a million customers), as it does not
	 * for a server that computes again and again. */
	for (int r = -1; r < runs; r++) {
		struct loyalty l;
		struct tenure_curve t;
		double t0 = now_ms();
		model_compute(&a->ds, a->as_of, &a->set, NULL, &l);
		double t1 = now_ms();
		model_tenure(&a->ds, a->as_of, &a->set, &t);
		if (r >= 0) {
			b->compute_ms[r] = t1 - t0;
			b->tenure_ms[r] = now_ms() - t1;
			b->last = l.timing;
			for (int k = 0; k < l.timing.n; k++)
				phase_ms[(size_t)k * (size_t)runs + (size_t)r] =
				    l.timing.phase[k].ms;
		}
		tenure_release(&t);
		loyalty_release(&l);
	}
	qsort(b->compute_ms, (size_t)runs, sizeof(double), cmp_double);
	qsort(b->tenure_ms, (size_t)runs, sizeof(double), cmp_double);
	/* each phase's median over the runs (every run has the same phases) */
	for (int k = 0; k < b->last.n; k++) {
		double *v = phase_ms + (size_t)k * (size_t)runs;
		qsort(v, (size_t)runs, sizeof(double), cmp_double);
		b->last.phase[k].ms = v[runs / 2];
	}
	free(phase_ms);
	b->order_bytes = dataset_order_bytes(&a->ds);
	b->dataset_bytes = dataset_bytes(&a->ds);
	return 0;
}

void app_bench_release(struct app_bench *b)
{
	free(b->compute_ms);
	free(b->tenure_ms);
	memset(b, 0, sizeof(*b));
}
