/*
 * custkeys.c — the store's map of customer ids to customer keys (the
 * customer-id cache every import row goes through).  Open addressing; an
 * id of up to 23 bytes is kept in its slot beside its hash and key, so a
 * lookup reads one slot and nothing else — a million customers' slots do
 * not fit in the processor's cache, and each further pointer followed
 * would be another wait for memory.  Longer ids are copied apart.  A large
 * map asks for huge pages: a million customers' slots are 80 MB, and with
 * 4 KiB pages nearly every lookup would first miss the address cache (TLB)
 * — in a virtual machine a walk through two sets of page tables.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "store_int.h"

#define INLINE_MAX (sizeof(((struct custkey_slot *)0)->id) - 1)
#define LONG_FLAG ((char)1) /* id[INLINE_MAX]: id[0..7] hold a pointer */

static const char *slot_id(const struct custkey_slot *s)
{
	if (s->id[INLINE_MAX] != LONG_FLAG)
		return s->id;
	const char *p;
	memcpy(&p, s->id, sizeof(p));
	return p;
}

/* Maps of at least this many bytes are put on huge pages (2 MiB). */
#define HUGE_BYTES ((size_t)4 << 20)
#define HUGE_PAGE ((size_t)2 << 20)

/* cap empty slots; on huge pages when large (a hint: the kernel may say no) */
static struct custkey_slot *slots_new(size_t cap)
{
	size_t bytes = cap * sizeof(struct custkey_slot);
	void *p = NULL;
	if (bytes >= HUGE_BYTES && posix_memalign(&p, HUGE_PAGE, bytes) == 0) {
#ifdef MADV_HUGEPAGE
		madvise(p, bytes, MADV_HUGEPAGE);
#endif
		memset(p, 0, bytes);
		return p;
	}
	return xcalloc(cap, sizeof(struct custkey_slot));
}

void custkeys_release(struct custkeys *m)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->slot[i].key && m->slot[i].id[INLINE_MAX] == LONG_FLAG)
			free((void *)slot_id(&m->slot[i]));
	free(m->slot);
	memset(m, 0, sizeof(*m));
}

/* The slot of id (hash h, length n): where it is, or the empty one
 * (key 0: customer keys start at 1) it would take. */
static size_t find(const struct custkeys *m, const char *id, size_t n, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);
	for (;; i = (i + 1) & (m->cap - 1)) {
		const struct custkey_slot *s = &m->slot[i];
		if (!s->key)
			return i;
		if (s->hash != h)
			continue;
		const char *t = slot_id(s);
		if (!memcmp(t, id, n) && !t[n])
			return i;
	}
}

uint64_t custkeys_hash(const char *id)
{
	return hash64(id, strlen(id), 0);
}

int custkeys_get_hashed(const struct custkeys *m, const char *id, uint64_t h, int64_t *key)
{
	if (!m->cap)
		return 0;
	const struct custkey_slot *s = &m->slot[find(m, id, strlen(id), h)];
	if (!s->key)
		return 0;
	*key = s->key;
	return 1;
}

int custkeys_get(const struct custkeys *m, const char *id, int64_t *key)
{
	return custkeys_get_hashed(m, id, custkeys_hash(id), key);
}

void custkeys_prefetch(const struct custkeys *m, uint64_t h)
{
	if (!m->cap)
		return;
	const char *s = (const char *)&m->slot[(size_t)h & (m->cap - 1)];
	__builtin_prefetch(s);
	__builtin_prefetch(s + sizeof(struct custkey_slot) - 1); /* a slot may span two lines */
}

void custkeys_put(struct custkeys *m, const char *id, int64_t key)
{
	custkeys_put_hashed(m, id, custkeys_hash(id), key);
}

void custkeys_put_hashed(struct custkeys *m, const char *id, uint64_t h, int64_t key)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct custkeys g = {0};
		g.cap = m->cap ? m->cap * 2 : 1024;
		g.n = m->n;
		g.slot = slots_new(g.cap);
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slot[i].key)
				continue;
			size_t j = (size_t)m->slot[i].hash & (g.cap - 1);
			while (g.slot[j].key)
				j = (j + 1) & (g.cap - 1);
			g.slot[j] = m->slot[i];
		}
		free(m->slot);
		*m = g;
	}
	size_t n = strlen(id);
	struct custkey_slot *s = &m->slot[find(m, id, n, h)];
	if (!s->key) {
		s->hash = h;
		if (n <= INLINE_MAX) {
			memcpy(s->id, id, n + 1);
		} else {
			char *p = xstrdup(id);
			memcpy(s->id, &p, sizeof(p));
			s->id[INLINE_MAX] = LONG_FLAG;
		}
		m->n++;
	}
	s->key = key;
}
