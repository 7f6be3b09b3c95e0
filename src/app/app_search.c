/*
 * app_search.c — finding customers in a loaded analysis, for the lists of
 * a front end: the search by id or name start (case-insensitive), and the
 * region and industry of every customer for the filters of the action
 * list (read once per analysis, since the dataset does not hold them).
 */
#include <stdlib.h>
#include <string.h>

#include "app_int.h"

/* The next code point of s (advancing *s), lower-cased where a capital
 * has a small letter in the same block: ASCII, Latin-1, Latin Extended-A,
 * Greek, Cyrillic.  Invalid bytes are returned as themselves. */
static uint32_t next_folded(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = p[0];
	int n = 1;
	if (c >= 0xC0 && c < 0xE0 && (p[1] & 0xC0) == 0x80) {
		c = ((c & 0x1F) << 6) | (p[1] & 0x3F);
		n = 2;
	} else if (c >= 0xE0 && c < 0xF0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		c = ((c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
		n = 3;
	} else if (c >= 0xF0 && c < 0xF8 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
	           (p[3] & 0xC0) == 0x80) {
		c = ((c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
		    ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
		n = 4;
	}
	*s = p + n;
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return c | 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c + 1 : c;
	if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
		return c + 32;
	if (c >= 0x410 && c <= 0x42F)
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	return c;
}

/* 1 when s starts with q, case folded. */
static int starts_folded(const char *s, const char *q)
{
	const unsigned char *a = (const unsigned char *)s, *b = (const unsigned char *)q;
	while (*b) {
		if (!*a || next_folded(&a) != next_folded(&b))
			return 0;
	}
	return 1;
}

struct hit {
	uint32_t cust;
	const char *name;
};

static int hit_by_name(const void *x, const void *y)
{
	const struct hit *a = x, *b = y;
	int c = strcmp(a->name, b->name);
	return c ? c : (a->cust > b->cust) - (a->cust < b->cust);
}

size_t app_customer_search(const struct app_analysis *a, const char *q, uint32_t *out, size_t limit,
                           size_t *n)
{
	const struct dataset *ds = &a->ds;
	/* three classes, each kept up to limit: exact id, id start, name start */
	struct hit *cls[3];
	size_t cnt[3] = {0, 0, 0}, total = 0;
	*n = 0;
	if (!q || !*q || !limit)
		return 0;
	for (int k = 0; k < 3; k++)
		cls[k] = xmalloc(sizeof(struct hit) * limit);
	for (size_t i = 0; i < ds->ncust; i++) {
		const char *cid = ds_cid(ds, i), *name = ds_name(ds, i);
		int k = !strcmp(cid, q)              ? 0
		        : starts_folded(cid, q)      ? 1
		        : starts_folded(name, q) ? 2
		                                     : -1;
		if (k < 0)
			continue;
		total++;
		if (cnt[k] < limit)
			cls[k][cnt[k]++] = (struct hit){(uint32_t)i, name};
	}
	qsort(cls[2], cnt[2], sizeof(struct hit), hit_by_name);
	for (int k = 0; k < 3; k++) {
		for (size_t j = 0; j < cnt[k] && *n < limit; j++)
			out[(*n)++] = cls[k][j].cust;
		free(cls[k]);
	}
	return total;
}

/* ---- regions and industries ---- */

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

uint32_t app_groups_find(char *const *names, size_t n, const char *v)
{
	if (!v || !*v || n < 2)
		return 0;
	size_t lo = 1, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(names[mid], v);
		if (!c)
			return (uint32_t)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

uint8_t *app_groups_keep(const struct app_groups *g, size_t ncust, const char *region,
                         const char *industry)
{
	if (!region && !industry)
		return NULL;
	uint32_t r = app_groups_find(g->regions, g->nregions, region);
	uint32_t ind = app_groups_find(g->industries, g->nindustries, industry);
	uint8_t *keep = xmalloc(ncust + 1);
	for (size_t i = 0; i < ncust; i++)
		keep[i] = (!region || (r && g->region[i] == r)) &&
		          (!industry || (ind && g->industry[i] == ind));
	return keep;
}

/* The distinct values of a column: names[0] = "", then sorted. */
static void values_of(struct strmap *seen, char ***names, size_t *n)
{
	size_t k = 1;
	*names = xmalloc(sizeof(char *) * (seen->n + 1));
	(*names)[0] = xstrdup("");
	for (size_t b = 0; b < seen->cap; b++)
		if (seen->keys[b])
			(*names)[k++] = xstrdup(seen->keys[b]);
	qsort(*names + 1, k - 1, sizeof(char *), cmp_str);
	*n = k;
}

int app_groups_load(const struct app_ctx *c, const struct app_analysis *a, struct app_groups *g,
                    struct err *e)
{
	const struct dataset *ds = &a->ds;
	struct strmap regions, industries;
	struct stmt *s = store_stmt(c->st, ST_CUSTOMER_GROUPS);
	size_t i = 0;
	int rc;
	memset(g, 0, sizeof(*g));
	strmap_init(&regions);
	strmap_init(&industries);
	g->region = xcalloc(ds->ncust + 1, sizeof(uint32_t));
	g->industry = xcalloc(ds->ncust + 1, sizeof(uint32_t));
	/* first pass: the distinct values; the rows follow the dataset's keys
	 * (both ascending), a row the dataset does not know is skipped */
	while ((rc = stmt_step(s, e)) == 1) {
		const char *r = col_text(s, 1), *ind = col_text(s, 2);
		if (r && *r)
			strmap_put(&regions, r, 0);
		if (ind && *ind)
			strmap_put(&industries, ind, 0);
	}
	stmt_reset(s);
	if (rc < 0)
		goto out;
	values_of(&regions, &g->regions, &g->nregions);
	values_of(&industries, &g->industries, &g->nindustries);
	s = store_stmt(c->st, ST_CUSTOMER_GROUPS);
	while ((rc = stmt_step(s, e)) == 1) {
		int64_t key = col_int(s, 0);
		while (i < ds->ncust && ds->key[i] < key)
			i++;
		if (i == ds->ncust)
			break;
		if (ds->key[i] != key)
			continue;
		g->region[i] = app_groups_find(g->regions, g->nregions, col_text(s, 1));
		g->industry[i] = app_groups_find(g->industries, g->nindustries, col_text(s, 2));
	}
	stmt_reset(s);
	if (rc > 0)
		rc = 0;
out:
	strmap_release(&regions);
	strmap_release(&industries);
	if (rc < 0) {
		app_groups_release(g);
		return APP_ERR;
	}
	return 0;
}

void app_groups_release(struct app_groups *g)
{
	for (size_t k = 0; k < g->nregions; k++)
		free(g->regions[k]);
	for (size_t k = 0; k < g->nindustries; k++)
		free(g->industries[k]);
	free(g->regions);
	free(g->industries);
	free(g->region);
	free(g->industry);
	memset(g, 0, sizeof(*g));
}
