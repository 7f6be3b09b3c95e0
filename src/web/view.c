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
 * A change of the data (any journal entry) means a new version; a change
 * of the journal alone reads only the journal again, and the Overview
 * keeps the month ends it did not reach: see docs/ARCHITECTURE.md ("The
 * web server's analysis").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web_int.h"

static void filter_key(struct strbuf *key, const struct app_filter *f);

void web_views_init(struct web_server *srv)
{
	pthread_mutex_init(&srv->view_mu, NULL);
	pthread_cond_init(&srv->view_cv, NULL);
	srv->view = NULL;
	srv->view_loading = 0;
}

/* Frees a view; returns the view it shared the customers and orders with
 * (whose reference it held), or NULL. */
static struct web_view *view_free(struct web_view *v)
{
	struct web_view *root = v->root;
	if (!root) { /* a journal-only view borrows these from its root */
		free(v->owners);
		free(v->regions);
		free(v->industries);
	}
	free(v->mpts);
	for (int k = 0; k < v->nweek; k++) {
		free(v->week[k].key);
		app_agenda_release(&v->week[k].r);
	}
	for (int k = 0; k < v->nacts; k++) {
		free(v->acts[k].key);
		free(v->acts[k].rows);
	}
	pthread_mutex_destroy(&v->week_mu);
	app_loyalty_release(&v->r);
	app_analysis_release(&v->a);
	pthread_mutex_destroy(&v->lazy_mu);
	free(v);
	return root;
}

void web_views_close(struct web_server *srv)
{
	/* no request runs any more: only the server's own references are left */
	struct web_view *root = srv->view ? view_free(srv->view) : NULL;
	if (root && --root->refs == 0)
		view_free(root);
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

/* The distinct non-empty values of a column of the customers, sorted
 * (pointers into the dataset's strings). */
static void distinct(const struct dataset *ds, const char *(*col)(const struct dataset *, size_t),
                     char ***out, size_t *n)
{
	struct strmap seen;
	strmap_init(&seen);
	*n = 0;
	*out = xmalloc(sizeof(char *) * (ds->ncust + 1));
	for (size_t i = 0; i < ds->ncust; i++) {
		const char *s = col(ds, i);
		if (*s && !strmap_get(&seen, s)) {
			strmap_put(&seen, s, 1);
			(*out)[(*n)++] = (char *)s;
		}
	}
	qsort(*out, *n, sizeof(char *), cmp_str);
	strmap_release(&seen);
}

/*
 * Loads a view: the analysis, the loyalty results at D with P(alive) and
 * the tenure curve, the regions and industries.  After a change of the
 * journal only (app_analysis_update), the customers and orders — and so
 * the purchase model's fit, the regions and the account managers — are
 * those of ov's root, shared; else everything is loaded.
 */
static struct web_view *view_load(struct web_req *rq, day_t today, struct web_view *ov,
                                  struct err *e)
{
	struct web_view *v = xcalloc(1, sizeof(*v));
	struct app_ctx c = web_app_ctx(rq, today);
	int only = 0;
	pthread_mutex_init(&v->lazy_mu, NULL);
	pthread_mutex_init(&v->week_mu, NULL);
	v->today = today;
	if (app_analysis_update(&c, ov ? &ov->a : NULL, ov ? ov->audit : 0, &v->a, &v->audit, &only,
	                        e))
		goto fail;
	if (only) {
		struct web_view *root = ov->root ? ov->root : ov;
		if (app_loyalty_after_journal(&c, &v->a, &ov->r, 2, APP_TENURE, &v->r, e))
			goto fail;
		v->owners = root->owners, v->nowners = root->nowners;
		v->regions = root->regions, v->nregions = root->nregions;
		v->industries = root->industries, v->nindustries = root->nindustries;
		v->journal_only = 1;
		/* ov's Overview may be computing under its lock: read it there;
		 * its month ends hold up to the first date the change touched */
		pthread_mutex_lock(&ov->lazy_mu);
		v->lm_par = ov->lm_par, v->lm_at = ov->lm_at, v->lm_ok = ov->lm_ok;
		if (ov->overview_done) {
			memcpy(v->trend_before, ov->trend, sizeof(v->trend_before));
			v->ntrend_before = ov->ntrend;
		}
		pthread_mutex_unlock(&ov->lazy_mu);
		if (v->ntrend_before)
			v->trend_same_to = dataset_counts_differ_from(&ov->a.ds, &v->a.ds);
		v->root = root; /* its reference is taken when the view is published */
	} else {
		if (app_loyalty(&c, &v->a, 2, APP_TENURE, &v->r, e))
			goto fail;
		distinct(&v->a.ds, ds_owner, &v->owners, &v->nowners);
		distinct(&v->a.ds, ds_region, &v->regions, &v->nregions);
		distinct(&v->a.ds, ds_industry, &v->industries, &v->nindustries);
	}
	v->version = v->a.ds.data_version;
	return v;
fail:
	view_free(v);
	return NULL;
}

/* Drops one reference (under srv->view_mu); a view no one holds any more
 * goes into *dead, to be freed after the lock is released. */
static void unref(struct web_view *v, struct web_view **dead)
{
	if (v && --v->refs == 0)
		*dead = v;
}

/* Frees a view no one holds any more, and its root when that was the last
 * reference to it. */
static void bury(struct web_server *srv, struct web_view *v)
{
	while (v) {
		struct web_view *root = view_free(v), *dead = NULL;
		if (!root)
			return;
		pthread_mutex_lock(&srv->view_mu);
		unref(root, &dead);
		pthread_mutex_unlock(&srv->view_mu);
		v = dead;
	}
}

void web_view_put(struct web_server *srv, struct web_view *v)
{
	struct web_view *dead = NULL;
	if (!v)
		return;
	pthread_mutex_lock(&srv->view_mu);
	unref(v, &dead);
	pthread_mutex_unlock(&srv->view_mu);
	bury(srv, dead);
}

/* The view of data version `version` (or a newer one) on day `today`. */
static struct web_view *view_get(struct web_req *rq, int64_t version, day_t today, struct err *e)
{
	struct web_server *srv = rq->srv;
	struct web_view *v, *ov;
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
	ov = srv->view; /* the one the new view may build on: held while loading */
	if (ov)
		ov->refs++;
	pthread_mutex_unlock(&srv->view_mu);

	struct web_view *nv = view_load(rq, today, ov, e);

	struct web_view *dead_old = NULL, *dead_ov = NULL;
	pthread_mutex_lock(&srv->view_mu);
	srv->view_loading = 0;
	if (nv) {
		if (nv->root)
			nv->root->refs++;
		nv->refs = 2; /* the server's and this request's */
		unref(srv->view, &dead_old);
		srv->view = nv;
	}
	unref(ov, &dead_ov);
	pthread_cond_broadcast(&srv->view_cv);
	pthread_mutex_unlock(&srv->view_mu);
	bury(srv, dead_old);
	if (dead_ov != dead_old)
		bury(srv, dead_ov);
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

/* ---- the apostle matrix's points ---- */

int web_matrix_sat(const struct cust_fig *f, int bin)
{
	int s = (int)((f->sat_sum + f->sat_n / 2) / f->sat_n);
	return bin > 1 ? (s + bin / 2) / bin * bin : s;
}

static int cmp_pt(const void *x, const void *y)
{
	const struct web_matrix_pt *a = x, *b = y;
	if (a->sat != b->sat)
		return a->sat - b->sat;
	if (a->orders != b->orders)
		return (a->orders > b->orders) - (a->orders < b->orders);
	return (a->cust > b->cust) - (a->cust < b->cust);
}

static int cmp_i32(const void *x, const void *y)
{
	int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
	return (a > b) - (a < b);
}

/* The customers at each place, at full resolution, else binned. */
static void matrix_points(struct web_view *v)
{
	const struct loyalty *l = &v->r.l;
	size_t n = 0;
	struct web_matrix_pt *p = xmalloc(sizeof(*p) * (l->ncust + 1));
	int32_t top = (int32_t)ceil(2 * l->frequent_min);
	for (size_t i = 0; i < l->ncust; i++) {
		const struct cust_fig *f = &l->fig[i];
		if (segment_is_segment(f->segment) && f->measured && f->sat_n)
			p[n++] = (struct web_matrix_pt){0, f->orders, (uint32_t)i, 1};
	}
	/* the top of the axis: twice F, or the 98th percentile of the orders */
	if (n) {
		int32_t *o = xmalloc(sizeof(*o) * n);
		for (size_t k = 0; k < n; k++)
			o[k] = p[k].orders;
		qsort(o, n, sizeof(*o), cmp_i32);
		if (o[(size_t)((double)(n - 1) * 0.98)] > top)
			top = o[(size_t)((double)(n - 1) * 0.98)];
		free(o);
	}
	if (top < 4)
		top = 4;
	for (int bin = 1;; bin = 5) {
		size_t m = 0;
		for (size_t k = 0; k < n; k++) {
			p[k].sat = (int16_t)web_matrix_sat(&l->fig[p[k].cust], bin);
			if (p[k].orders > top)
				p[k].orders = top;
		}
		qsort(p, n, sizeof(*p), cmp_pt);
		for (size_t k = 0; k < n; k++)
			if (!k || p[k].sat != p[k - 1].sat || p[k].orders != p[k - 1].orders)
				m++;
		if (m <= WEB_MATRIX_MAX || bin == 5) {
			/* the groups, each kept once with its count */
			size_t g = 0;
			for (size_t k = 0; k < n; k++) {
				if (g && p[k].sat == p[g - 1].sat &&
				    p[k].orders == p[g - 1].orders) {
					p[g - 1].count++;
					continue;
				}
				p[g++] = p[k];
			}
			v->mpts = p;
			v->nmpts = g;
			v->mmeasured = n;
			v->mtop = top;
			v->mbin = bin;
			return;
		}
	}
}

/* The view before's trend point at month end at, when it still holds:
 * every survey, referral, complaint and departure that changed since is
 * dated at or after it. */
static const struct web_trend_point *trend_kept(const struct web_view *v, day_t at)
{
	if (v->trend_same_to != DAY_NONE && at > v->trend_same_to)
		return NULL;
	for (int k = 0; k < v->ntrend_before; k++)
		if (v->trend_before[k].as_of == at)
			return &v->trend_before[k];
	return NULL;
}

int web_view_overview(struct web_req *rq, struct web_view *v, struct err *e)
{
	int rc = 0;
	pthread_mutex_lock(&v->lazy_mu);
	if (v->overview_done) {
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
		/* the view before's point, when the change of the journal
		 * since did not reach back to this month end */
		const struct web_trend_point *kept = trend_kept(v, at);
		if (kept) {
			v->trend[n++] = *kept;
			continue;
		}
		/* the same calls at an earlier D, on the same loaded data; the
		 * purchase model (one more fit) only for the last month end */
		struct app_analysis a = v->a;
		struct app_loyalty r;
		int lrc;
		a.as_of = at;
		if (n == 0 && v->lm_ok && v->lm_at == at) {
			/* the fit of the view before (same orders), scored again */
			struct app_loyalty prev;
			memset(&prev, 0, sizeof(prev));
			prev.l.as_of = at;
			prev.l.ncust = a.ds.ncust;
			prev.bt.ok = 1;
			prev.bt.par = v->lm_par;
			lrc = app_loyalty_after_journal(&c, &a, &prev, 1, APP_COUNTS, &r, e);
		} else {
			lrc = app_loyalty(&c, &a, n == 0 ? 1 : -1, APP_COUNTS, &r, e);
		}
		if (lrc) {
			rc = -1;
			break;
		}
		if (n == 0 && r.bt.ok) {
			v->lm_par = r.bt.par;
			v->lm_at = at;
			v->lm_ok = 1;
		}
		trend_point(&v->trend[n++], &r.l);
		app_loyalty_release(&r);
	}
	if (rc == 0)
		rc = app_movement(&c, &v->a, DAY_NONE, DAY_NONE, &v->move, e) ? -1 : 0;
	if (rc == 0) {
		matrix_points(v);
		v->ntrend = n;
		v->overview_done = 1;
	}
	pthread_mutex_unlock(&v->lazy_mu);
	return rc;
}

int web_view_future(struct web_req *rq, day_t today, struct future_orders *out)
{
	struct web_server *srv = rq->srv;
	struct err e;
	int64_t version;
	int ok = 0;
	err_init(&e, rq->lang);
	if (store_data_version(rq->st, &version, &e))
		return 0; /* the caller looks them up itself */
	pthread_mutex_lock(&srv->view_mu);
	const struct web_view *v = srv->view;
	if (v && v->version == version && v->today == today) {
		*out = v->a.fut;
		ok = 1;
	}
	pthread_mutex_unlock(&srv->view_mu);
	return ok;
}

int web_view_agenda(struct web_view *v, const struct app_ctx *c, const struct app_filter *f,
                    const struct app_agenda_in *in, struct app_agenda *own,
                    const struct app_agenda **r, struct err *e)
{
	struct strbuf key = STRBUF_INIT;
	struct app_agenda_in mine = *in;
	int rc = 0;
	memset(own, 0, sizeof(*own));
	mine.loyalty = &v->r; /* the view's results: no model run per request */
	/* everything the agenda depends on besides the view */
	sb_addf(&key, "%d|%d|%d|%d|%d|%zu|", (int)c->lang, (int)c->today, (int)c->as_of, in->days,
	        in->per_priority, in->quiet);
	filter_key(&key, f);
	pthread_mutex_lock(&v->week_mu);
	for (int k = 0; k < v->nweek; k++)
		if (!strcmp(v->week[k].key, key.buf)) {
			*r = &v->week[k].r;
			goto out;
		}
	/* computed under the lock: twenty people opening the week at once
	 * compute it once */
	if (v->nweek < WEB_WEEK_KEPT) {
		struct web_week_kept *w = &v->week[v->nweek];
		rc = app_agenda(c, &v->a, f, &mine, &w->r, e);
		if (rc == 0) {
			w->key = sb_detach(&key);
			*r = &w->r;
			v->nweek++;
		}
	} else {
		rc = app_agenda(c, &v->a, f, &mine, own, e);
		if (rc == 0)
			*r = own;
	}
out:
	pthread_mutex_unlock(&v->week_mu);
	sb_release(&key);
	return rc;
}

/* The key of a filter: every part with its length (no two filters alike). */
static void filter_key(struct strbuf *key, const struct app_filter *f)
{
	const char *parts[4] = {f->owner, f->region, f->industry, f->segment};
	for (int i = 0; i < 4; i++) {
		sb_addf(key, "%zu:", parts[i] ? strlen(parts[i]) : (size_t)0);
		sb_adds(key, parts[i] ? parts[i] : "");
	}
}

int web_view_actions(struct web_view *v, const struct app_ctx *c, const struct app_filter *who,
                     int priority, int silent, const size_t **rows, size_t *n, size_t **own,
                     struct err *e)
{
	const struct dataset *ds = &v->a.ds;
	const struct loyalty *l = &v->r.l;
	struct strbuf key = STRBUF_INIT;
	int rc = 0;
	*own = NULL;
	sb_addf(&key, "%d|%d|", priority, silent);
	filter_key(&key, who);
	pthread_mutex_lock(&v->week_mu);
	for (int k = 0; k < v->nacts; k++)
		if (!strcmp(v->acts[k].key, key.buf)) {
			*rows = v->acts[k].rows;
			*n = v->acts[k].n;
			goto out;
		}
	/* computed under the lock: the same list asked by many at once is
	 * computed once */
	struct app_selection sel;
	rc = app_select(c, ds, l, who, 0, NULL, 0, &sel, e);
	if (rc)
		goto out;
	struct action_filter af = {priority, sel.keep, 0, silent};
	size_t cnt = 0, *list = xmalloc(sizeof(*list) * (l->nactions + 1));
	for (size_t r = 0; r < l->nactions; r++)
		if (report_action_match(ds, l, &af, &l->actions[r]))
			list[cnt++] = r;
	app_selection_release(&sel);
	*rows = list;
	*n = cnt;
	if (v->nacts < WEB_WEEK_KEPT) {
		struct web_actions_kept *k = &v->acts[v->nacts++];
		k->key = sb_detach(&key);
		k->rows = list;
		k->n = cnt;
	} else {
		*own = list;
	}
out:
	pthread_mutex_unlock(&v->week_mu);
	sb_release(&key);
	return rc;
}
