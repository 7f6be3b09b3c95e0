/*
 * misc.c — small string helpers, the content hash of import rows, RFC 4180
 * CSV cell writing (with the formula guard of text cells), temporary files
 * beside their target, and the deterministic random numbers of demo data
 * and simulations.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

int str_eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

int str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

uint64_t hash64(const void *data, size_t n, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ULL ^ seed;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	/* final avalanche (splitmix64 finaliser) */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

int csv_formula_start(const char *s)
{
	return s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r');
}

const char *csv_unguard(const char *s)
{
	return s && s[0] == '\'' && csv_formula_start(s + 1) ? s + 1 : s;
}

/* Only digits, signs, decimal marks and spaces: a number, never a formula
 * that does anything (no name, no function, no reference). */
static int numeric_only(const char *s)
{
	return s[strspn(s, "0123456789+-., ")] == '\0';
}

void csv_cell(struct strbuf *out, const char *s, char delim, int text)
{
	if (!s)
		return;
	int guard = csv_formula_start(s) && (text || !numeric_only(s));
	const char stop[] = {delim, '"', '\r', '\n', '\0'};
	const char *p = s + strcspn(s, stop);
	if (!*p) {
		if (guard)
			sb_addch(out, '\'');
		sb_adds(out, s);
		return;
	}
	sb_addch(out, '"');
	if (guard)
		sb_addch(out, '\'');
	/* the stretches between quotes at once, each quote doubled */
	for (const char *q; (q = strchr(s, '"')); s = q + 1)
		sb_add(out, s, (size_t)(q - s + 1)), sb_addch(out, '"');
	sb_adds(out, s);
	sb_addch(out, '"');
}

void csv_text(struct strbuf *out, const char *s, int first)
{
	if (!first)
		sb_addch(out, ',');
	csv_cell(out, s, ',', 1);
}

void csv_field(struct strbuf *out, const char *s, int first)
{
	if (!first)
		sb_addch(out, ',');
	csv_cell(out, s, ',', 0);
}

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

double rng_normal(struct rng *r)
{
	double u1 = rng_uniform(r), u2 = rng_uniform(r);
	if (u1 < 1e-300)
		u1 = 1e-300;
	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* Marsaglia & Tsang; shape < 1 by the boost u^(1/shape). */
double rng_gamma(struct rng *r, double shape)
{
	if (shape < 1.0) {
		double u = rng_uniform(r);
		return rng_gamma(r, shape + 1.0) * pow(u < 1e-300 ? 1e-300 : u, 1.0 / shape);
	}
	double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
	for (;;) {
		double x, v;
		do {
			x = rng_normal(r);
			v = 1.0 + c * x;
		} while (v <= 0);
		v = v * v * v;
		double u = rng_uniform(r);
		if (u < 1.0 - 0.0331 * x * x * x * x)
			return d * v;
		if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v)))
			return d * v;
	}
}

double rng_beta(struct rng *r, double a, double b)
{
	double x = rng_gamma(r, a), y = rng_gamma(r, b);
	return x + y > 0 ? x / (x + y) : 0.5;
}

double rng_exp(struct rng *r, double rate)
{
	double u = rng_uniform(r);
	return -log(1.0 - u) / rate;
}

int64_t rng_poisson(struct rng *r, double mean)
{
	if (mean <= 0)
		return 0;
	if (mean > 60) {
		double v = mean + sqrt(mean) * rng_normal(r);
		return v < 0 ? 0 : (int64_t)(v + 0.5);
	}
	double l = exp(-mean), p = 1.0;
	int64_t k = 0;
	do {
		k++;
		p *= rng_uniform(r);
	} while (p > l);
	return k - 1;
}

int tmpfile_beside(const char *path, struct strbuf *tmp)
{
	static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	for (int attempt = 0; attempt < 100; attempt++) {
		unsigned char r[6];
		if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
			return -1;
		sb_reset(tmp);
		sb_addf(tmp, "%s.tmp-", path);
		for (size_t i = 0; i < sizeof(r); i++)
			sb_addch(tmp, digits[r[i] % 36]);
		int fd = open(tmp->buf, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	errno = EEXIST;
	return -1;
}

void timing_phase(struct timing *t, const char *what)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	double now = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
	if (what && t->n < TIMING_MAX) {
		t->phase[t->n].what = what;
		t->phase[t->n].ms = now - t->last;
		t->n++;
	}
	t->last = now;
}

int use_threads(size_t work, size_t threshold)
{
	const char *t = getenv("TREUE_THREADS"), *m = getenv("TREUE_THREAD_MIN");
	if (t && !strcmp(t, "1"))
		return 0;
	if (m && *m)
		threshold = (size_t)strtoull(m, NULL, 10);
	return work >= threshold;
}

struct pf_job {
	void (*fn)(void *, size_t, size_t, int);
	void *arg;
	size_t lo, hi;
	int part;
};

static void *pf_run(void *p)
{
	struct pf_job *j = p;
	j->fn(j->arg, j->lo, j->hi, j->part);
	return NULL;
}

size_t chunk_size(size_t dflt)
{
	const char *c = getenv("TREUE_CHUNK");
	size_t n = c && *c ? (size_t)strtoull(c, NULL, 10) : 0;
	return n ? n : dflt;
}

/* parallel_chunks: each thread takes the next chunk until none is left */
struct pc_job {
	void (*fn)(void *, size_t, size_t, int);
	void *arg;
	size_t n, chunk;
	atomic_size_t next;
};

static void pc_take(struct pc_job *j, int thread)
{
	for (;;) {
		size_t lo = atomic_fetch_add(&j->next, j->chunk);
		if (lo >= j->n)
			return;
		j->fn(j->arg, lo, j->n - lo < j->chunk ? j->n : lo + j->chunk, thread);
	}
}

static void *pc_run(void *p)
{
	pc_take(p, 1);
	return NULL;
}

void parallel_chunks(size_t n, size_t chunk, size_t threshold,
                     void (*fn)(void *arg, size_t lo, size_t hi, int thread), void *arg)
{
	struct pc_job j = {fn, arg, n, chunk ? chunk : 1, 0};
	pthread_t t;
	if (n < 2 || !use_threads(n, threshold) || pthread_create(&t, NULL, pc_run, &j) != 0) {
		pc_take(&j, 0);
		return;
	}
	pc_take(&j, 0);
	pthread_join(t, NULL);
}

void parallel_for(size_t n, size_t threshold, void (*fn)(void *arg, size_t lo, size_t hi, int part),
                  void *arg)
{
	struct pf_job b = {fn, arg, n / 2, n, 1};
	pthread_t t;
	if (n < 2 || !use_threads(n, threshold) || pthread_create(&t, NULL, pf_run, &b) != 0) {
		fn(arg, 0, n, 0);
		return;
	}
	fn(arg, 0, n / 2, 0);
	pthread_join(t, NULL);
}

void counts_to_starts(uint32_t *c, size_t n)
{
	uint32_t sum = 0;
	for (size_t d = 0; d < n; d++) {
		uint32_t x = c[d];
		c[d] = sum;
		sum += x;
	}
}

static uint64_t key_of(const struct sort_rec *r, int k)
{
	return k == 0 ? r->k1 : k == 1 ? r->k2 : r->k3;
}

/* The order radix_sort3 gives, for the fallback below (ties keep no
 * particular order there: ids are unique, so ties are not equal records). */
static int cmp_rec(const void *a, const void *b)
{
	const struct sort_rec *x = a, *y = b;
	if (x->k1 != y->k1)
		return x->k1 < y->k1 ? -1 : 1;
	if (x->k2 != y->k2)
		return x->k2 < y->k2 ? -1 : 1;
	if (x->k3 != y->k3)
		return x->k3 < y->k3 ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* By k1, then k2, then k3. */
void radix_sort3(struct sort_rec *v, size_t n)
{
	if (n < 2)
		return;
	if (n > UINT32_MAX) {
		/* the histograms count in 32 bits: four billion records and more
		 * are sorted by comparison instead */
		qsort(v, n, sizeof(*v), cmp_rec);
		return;
	}
	/* one read pass counts every digit of every key (12 histograms), so a
	 * digit all records share costs no further pass */
	uint32_t(*cnt)[65536] = xcalloc(12, sizeof(*cnt));
	for (size_t i = 0; i < n; i++) {
		const struct sort_rec *r = &v[i];
		for (int d = 0; d < 4; d++) {
			cnt[d][(r->k3 >> (16 * d)) & 0xffff]++;
			cnt[4 + d][(r->k2 >> (16 * d)) & 0xffff]++;
			cnt[8 + d][(r->k1 >> (16 * d)) & 0xffff]++;
		}
	}
	struct sort_rec *tmp = big_alloc(sizeof(*tmp) * n), *src = v, *dst = tmp;
	/* least significant first: k3, then k2, then k1 */
	for (int pass = 0; pass < 12; pass++) {
		int k = 2 - pass / 4, shift = 16 * (pass % 4);
		uint32_t *c = cnt[pass];
		if (c[(key_of(&src[0], k) >> shift) & 0xffff] == n)
			continue; /* every record has this digit: nothing to do */
		counts_to_starts(c, 65536);
		for (size_t i = 0; i < n; i++)
			dst[c[(key_of(&src[i], k) >> shift) & 0xffff]++] = src[i];
		struct sort_rec *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, sizeof(*v) * n);
	free(cnt);
	big_free(tmp, sizeof(*tmp) * n);
}
