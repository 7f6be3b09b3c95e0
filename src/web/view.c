/*
 * view.c — the analysis every page on the loyalty model reads, shared by
 * all requests: loaded once per data version (and calendar day) by the
 * first request that finds the current one missing or stale, while the
 * others that need the new version wait for it; a request keeps the view
 * it took (reference counted) until it is done, so replacing the view
 * never pulls data from under a running page.  What only the Overview
 * needs (the figures at the last twelve month ends) is computed on its
 * first use, under the view's own lock.
 *
 * A change of the data (any journal entry) means a new version and so a
 * full reload: see docs/ARCHITECTURE.md ("The web server's analysis").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web_int.h"

void web_views_init(struct web_server *srv)
{
	pthread_mutex_init(&srv->view_mu, NULL);
	pthread_cond_init(&srv->view_cv, NULL);
	srv->view = NULL;
	srv->view_loading = 0;
}

static void view_free(struct web_view *v)
{
	for (size_t k = 0; k < v->nowners; k++)
		free(v->owners[k]);
	free(v->owners);
	app_groups_release(&v->g);
	app_loyalty_release(&v->r);
	app_analysis_release(&v->a);
	pthread_mutex_destroy(&v->lazy_mu);
	free(v);
}

void web_views_close(struct web_server *srv)
{
	/* no request runs any more: only the server's own reference is left */
	if (srv->view)
		view_free(srv->view);
	srv->view = NULL;
	pthread_mutex_destroy(&srv->view_mu);
	pthread_cond_destroy(&srv->view_cv);
}

day_t web_today(const struct web_req *rq)
{
	if (rq->srv && rq->srv->cfg.today != DAY_NONE)
		return rq->srv->cfg.today;
	time_t t = (time_t)rq->now;
	struct tm tm;
	localtime_r(&t, &tm);
	return day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

struct app_ctx web_app_ctx(const struct web_req *rq, day_t today)
{
	struct app_ctx c;
	memset(&c, 0, sizeof(c));
	c.st = rq->st;
	c.lang = rq->lang;
	c.actor = web_actor(rq);
	c.as_of = DAY_NONE;
	c.today = today;
	return c;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The distinct account managers of the customers, sorted. */
static void owners_of(struct web_view *v)
{
	const struct dataset *ds = &v->a.ds;
	struct strmap seen;
	strmap_init(&seen);
	for (size_t i = 0; i < ds->ncust; i++)
		if (*ds_owner(ds, i) && !strmap_get(&seen, ds_owner(ds, i)))
			strmap_put(&seen, ds_owner(ds, i), 0);
	v->owners = xmalloc(sizeof(char *) * (seen.n + 1));
	for (size_t b = 0; b < seen.cap; b++)
		if (seen.keys[b])
			v->owners[v->nowners++] = xstrdup(seen.keys[b]);
	qsort(v->owners, v->nowners, sizeof(char *), cmp_str);
	strmap_release(&seen);
}

/* Loads a view: the analysis, the loyalty results at D with P(alive) and
 * the tenure curve, the regions and industries. */
static struct web_view *view_load(struct web_req *rq, day_t today, struct err *e)
{
	struct web_view *v = xcalloc(1, sizeof(*v));
	struct app_ctx c = web_app_ctx(rq, today);
	pthread_mutex_init(&v->lazy_mu, NULL);
	v->today = today;
	if (app_analysis_load(&c, &v->a, e) || app_loyalty(&c, &v->a, 2, 1, &v->r, e) ||
	    app_groups_load(&c, &v->a, &v->g, e)) {
		view_free(v);
		return NULL;
	}
	v->version = v->a.ds.data_version;
	owners_of(v);
	return v;
}

void web_view_put(struct web_server *srv, struct web_view *v)
{
	if (!v)
		return;
	pthread_mutex_lock(&srv->view_mu);
	int last = --v->refs == 0;
	pthread_mutex_unlock(&srv->view_mu);
	if (last)
		view_free(v);
}

/* The view of data version `version` (or a newer one) on day `today`. */
static struct web_view *view_get(struct web_req *rq, int64_t version, day_t today, struct err *e)
{
	struct web_server *srv = rq->srv;
	struct web_view *v;
	pthread_mutex_lock(&srv->view_mu);
	for (;;) {
		v = srv->view;
		if (v && v->version >= version && v->today == today) {
			v->refs++;
			pthread_mutex_unlock(&srv->view_mu);
			return v;
		}
		if (!srv->view_loading)
			break;
		pthread_cond_wait(&srv->view_cv, &srv->view_mu);
	}
	srv->view_loading = 1;
	pthread_mutex_unlock(&srv->view_mu);

	struct web_view *nv = view_load(rq, today, e);

	pthread_mutex_lock(&srv->view_mu);
	srv->view_loading = 0;
	struct web_view *old = NULL;
	if (nv) {
		old = srv->view;
		nv->refs = 2; /* the server's and this request's */
		srv->view = nv;
		if (old && --old->refs > 0)
			old = NULL; /* a request still reads it: the last one frees it */
	}
	pthread_cond_broadcast(&srv->view_cv);
	pthread_mutex_unlock(&srv->view_mu);
	if (old)
		view_free(old);
	return nv;
}

static int begin(struct web_req *rq, struct web_resp *rs, int etag, struct web_view **v)
{
	struct err e;
	int64_t version;
	day_t today = web_today(rq);
	*v = NULL;
	err_init(&e, rq->lang);
	if (store_data_version(rq->st, &version, &e)) {
		web_log(rq->srv, "data version: %s", e.msg);
		web_error_page(rq, rs, 500, NULL);
		return 1;
	}
	/* the page depends on the data and on the day (the default D) */
	if (etag && web_etag(rq, rs, version * 400009 + today))
		return 1;
	*v = view_get(rq, version, today, &e);
	if (!*v) {
		web_log(rq->srv, "loading the analysis: %s", e.msg);
		web_error_page(rq, rs, 500, NULL);
		return 1;
	}
	return 0;
}

int web_view_begin(struct web_req *rq, struct web_resp *rs, struct web_view **v)
{
	return begin(rq, rs, 1, v);
}

int web_view_take(struct web_req *rq, struct web_resp *rs, struct web_view **v)
{
	return begin(rq, rs, 0, v);
}

/* ---- the trend: the figures at the last twelve month ends ---- */

/* The first day of the month k months before the month of day d. */
static day_t month_start(day_t d, int k)
{
	int y, m, dd;
	day_to_ymd(d, &y, &m, &dd);
	int idx = y * 12 + (m - 1) - k;
	return day_from_ymd(idx / 12, idx % 12 + 1, 1);
}

static void trend_point(struct web_trend_point *p, const struct loyalty *l)
{
	p->as_of = l->as_of;
	p->ret = l->years[0];
	p->nps = l->nps;
	p->sat = l->sat;
	p->customers = l->customers;
	p->lapsed = l->lapsed;
	p->departed = l->departed;
	p->prospects = l->prospects;
	memcpy(p->seg_count, l->seg_count, sizeof(p->seg_count));
	p->silent_ok = l->silent_ok;
	p->silent = (int64_t)l->nsilent;
}

int web_view_trend(struct web_req *rq, struct web_view *v, struct err *e)
{
	int rc = 0;
	pthread_mutex_lock(&v->lazy_mu);
	if (v->trend_done) {
		pthread_mutex_unlock(&v->lazy_mu);
		return 0;
	}
	struct app_ctx c = web_app_ctx(rq, v->today);
	/* the month ends before D: as of the first day of D's month (the whole
	 * previous month counted), unless D is that day, then a month earlier */
	day_t D = v->a.as_of, first = month_start(D - 1, 0);
	int n = 0;
	for (int k = 0; k < WEB_TREND_MONTHS; k++) {
		day_t at = month_start(first, k);
		if (at >= D)
			continue;
		/* the same calls at an earlier D, on the same loaded data; the
		 * purchase model (one more fit) only for the last month end */
		struct app_analysis a = v->a;
		struct app_loyalty r;
		a.as_of = at;
		if (app_loyalty(&c, &a, n == 0 ? 1 : -1, 0, &r, e)) {
			rc = -1;
			break;
		}
		trend_point(&v->trend[n++], &r.l);
		app_loyalty_release(&r);
	}
	if (rc == 0) {
		v->ntrend = n;
		v->trend_done = 1;
	}
	pthread_mutex_unlock(&v->lazy_mu);
	return rc;
}
