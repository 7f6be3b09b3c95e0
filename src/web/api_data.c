/*
 * api_data.c — what the JSON API's requests share: the analysis (the
 * pages' view of the current data version, view.c), the read/write lock
 * between the API's writes and reads, and the answers kept per request and
 * version.
 *
 * Consistency: a request reads the data version before and after its
 * computation (api_version) and starts again when it moved, so that every
 * answer is the answer at the one version it names (X-Treue-Data-Version).
 */
#define _GNU_SOURCE 1 /* pthread_rwlockattr_setkind_np: writers first */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"

/* Answers of reads at one data version, kept for the same request again:
 * a read is a function of the request and the version (the load suite
 * checks it), so a kept answer is the answer. */
#define CACHE_SLOTS 64
#define CACHE_BYTES (64u << 20)  /* all kept answers together */
#define CACHE_ONE_MAX (8u << 20) /* larger answers are not kept */
struct cached {
	char *key;
	int64_t version;
	char *body;
	size_t len;
	uint64_t used; /* for least recently used */
};

struct api_data {
	pthread_mutex_t cache_mu;
	struct cached cache[CACHE_SLOTS];
	size_t cache_bytes;
	uint64_t cache_clock;
	/* the API's writes exclude its reads: a read computes at one version
	 * (writes of other processes are caught by the version check) */
	pthread_rwlock_t rw;
};

struct api_data *api_data_new(void)
{
	struct api_data *d = xcalloc(1, sizeof(*d));
	pthread_rwlockattr_t attr;
	pthread_rwlockattr_init(&attr);
	/* writers first: a stream of reads does not starve them */
	pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&d->rw, &attr);
	pthread_rwlockattr_destroy(&attr);
	pthread_mutex_init(&d->cache_mu, NULL);
	return d;
}

void api_data_free(struct api_data *d)
{
	if (!d)
		return;
	pthread_rwlock_destroy(&d->rw);
	for (int i = 0; i < CACHE_SLOTS; i++) {
		free(d->cache[i].key);
		free(d->cache[i].body);
	}
	pthread_mutex_destroy(&d->cache_mu);
	free(d);
}

int api_version(struct api_req *a, int64_t *v)
{
	struct err e;
	err_init(&e, a->rq->lang);
	if (store_data_version(a->rq->st, v, &e)) {
		web_log(a->rq->srv, "data version: %s", e.msg);
		return api_error(a, 500, NULL, NULL, 0,
		                 L(a->rq->lang, "the database cannot be read",
		                   "die Datenbank lässt sich nicht lesen"));
	}
	return 0;
}

int api_analysis(struct api_req *a, struct app_analysis *an)
{
	struct web_view *v;
	api_analysis_done(a);
	/* the pages' view of the current data version (view.c): one analysis
	 * for pages and API, brought up to date entry by entry after journal
	 * changes */
	if (web_view_take(a->rq, a->rs, &v) || !v)
		return api_error(a, 500, NULL, NULL, 0,
		                 L(a->rq->lang, "the analysis cannot be loaded",
		                   "die Analyse lässt sich nicht laden"));
	a->view = v;
	a->version = v->version;
	*an = v->a;
	an->loaded = 0; /* the shared dataset is not this copy's to free */
	if (a->ac.as_of != DAY_NONE)
		an->as_of = a->ac.as_of;
	if (a->ac.noverrides) {
		err_init(&a->e, a->rq->lang);
		int rc = app_settings_resolve(&a->ac, &an->set, &a->e);
		if (rc)
			return api_failed(a, rc, 400);
	}
	return 0;
}

void api_analysis_done(struct api_req *a)
{
	if (a->view) {
		web_view_put(a->rq->srv, a->view);
		a->view = NULL;
	}
}

void api_lock(struct api_req *a, int write)
{
	struct api_data *d = a->rq->srv->api;
	if (write)
		pthread_rwlock_wrlock(&d->rw);
	else
		pthread_rwlock_rdlock(&d->rw);
	a->locked = 1;
}

void api_unlock(struct api_req *a)
{
	if (a->locked) {
		pthread_rwlock_unlock(&a->rq->srv->api->rw);
		a->locked = 0;
	}
}

int api_cache_get(struct api_req *a, const char *key, int64_t version, struct strbuf *out)
{
	struct api_data *d = a->rq->srv->api;
	int hit = 0;
	pthread_mutex_lock(&d->cache_mu);
	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct cached *c = &d->cache[i];
		if (c->key && c->version == version && !strcmp(c->key, key)) {
			sb_add(out, c->body, c->len);
			c->used = ++d->cache_clock;
			hit = 1;
			break;
		}
	}
	pthread_mutex_unlock(&d->cache_mu);
	return hit;
}

static void cache_drop(struct api_data *d, struct cached *c)
{
	d->cache_bytes -= c->len;
	free(c->key);
	free(c->body);
	memset(c, 0, sizeof(*c));
}

void api_cache_put(struct api_req *a, const char *key, int64_t version, const struct strbuf *body)
{
	struct api_data *d = a->rq->srv->api;
	if (body->len > CACHE_ONE_MAX)
		return;
	pthread_mutex_lock(&d->cache_mu);
	for (int i = 0; i < CACHE_SLOTS; i++) /* older versions' answers are done with */
		if (d->cache[i].key && d->cache[i].version < version)
			cache_drop(d, &d->cache[i]);
	for (;;) {
		int free_slot = -1, lru = -1;
		for (int i = 0; i < CACHE_SLOTS; i++) {
			if (!d->cache[i].key) {
				if (free_slot < 0)
					free_slot = i;
			} else if (lru < 0 || d->cache[i].used < d->cache[lru].used) {
				lru = i;
			}
		}
		if (free_slot >= 0 && d->cache_bytes + body->len <= CACHE_BYTES) {
			struct cached *c = &d->cache[free_slot];
			c->key = xstrdup(key);
			c->version = version;
			c->body = xmalloc(body->len ? body->len : 1);
			memcpy(c->body, body->buf, body->len);
			c->len = body->len;
			c->used = ++d->cache_clock;
			d->cache_bytes += body->len;
			break;
		}
		if (lru < 0)
			break;
		cache_drop(d, &d->cache[lru]);
	}
	pthread_mutex_unlock(&d->cache_mu);
}
