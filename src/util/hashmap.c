/*
 * hashmap.c — two small open-addressing hash tables: text -> int64 (the
 * customer-id cache of imports, lookups in the dataset) and a set of
 * 64-bit values (content hashes seen during one import).
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void strmap_release(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	strmap_init(m);
}

static size_t slot_of(char *const *keys, size_t cap, const char *key)
{
	size_t i = (size_t)hash64(key, strlen(key), 0) & (cap - 1);
	while (keys[i] && strcmp(keys[i], key))
		i = (i + 1) & (cap - 1);
	return i;
}

int64_t *strmap_get(const struct strmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	size_t i = slot_of(m->keys, m->cap, key);
	return m->keys[i] ? &m->vals[i] : NULL;
}

void strmap_put(struct strmap *m, const char *key, int64_t val)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		char **keys = xcalloc(cap, sizeof(*keys));
		int64_t *vals = xcalloc(cap, sizeof(*vals));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->keys[i])
				continue;
			size_t j = slot_of(keys, cap, m->keys[i]);
			keys[j] = m->keys[i];
			vals[j] = m->vals[i];
		}
		free(m->keys);
		free(m->vals);
		m->keys = keys;
		m->vals = vals;
		m->cap = cap;
	}
	size_t i = slot_of(m->keys, m->cap, key);
	if (!m->keys[i]) {
		m->keys[i] = xstrdup(key);
		m->n++;
	}
	m->vals[i] = val;
}

void u64set_init(struct u64set *s)
{
	memset(s, 0, sizeof(*s));
}

void u64set_release(struct u64set *s)
{
	free(s->slots);
	free(s->used);
	u64set_init(s);
}

static size_t u64_slot(const struct u64set *s, uint64_t v)
{
	size_t i = (size_t)(v * 0x9e3779b97f4a7c15ULL >> 17) & (s->cap - 1);
	while (s->used[i] && s->slots[i] != v)
		i = (i + 1) & (s->cap - 1);
	return i;
}

int u64set_add(struct u64set *s, uint64_t v)
{
	if ((s->n + 1) * 2 > s->cap) {
		struct u64set bigger;
		bigger.cap = s->cap ? s->cap * 2 : 1024;
		bigger.n = 0;
		bigger.slots = xcalloc(bigger.cap, sizeof(uint64_t));
		bigger.used = xcalloc(bigger.cap, 1);
		for (size_t i = 0; i < s->cap; i++)
			if (s->used[i])
				u64set_add(&bigger, s->slots[i]);
		free(s->slots);
		free(s->used);
		*s = bigger;
	}
	size_t i = u64_slot(s, v);
	if (s->used[i])
		return 0;
	s->used[i] = 1;
	s->slots[i] = v;
	s->n++;
	return 1;
}
