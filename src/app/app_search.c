/*
 * app_search.c — finding customers in a loaded analysis: the search by id
 * or name start (case-insensitive) that the web's search box sends to.
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
		int k = !strcmp(cid, q)          ? 0
		        : starts_folded(cid, q)  ? 1
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
