/*
 * xalloc.c — allocation that never returns NULL: out of memory is the one
 * condition library code may end the process for.
 */
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>

#include "util.h"

static void oom(size_t n)
{
	fprintf(stderr, "treue: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/*
 * Freed large blocks are kept and handed out again for a request they fit
 * (the smallest kept block at least as large, and at most a quarter
 * larger): a process that computes reports again and again — the server,
 * `treue bench` — then touches few new pages, though the sizes of some
 * arrays (the action list's rows) change with the data and the reference
 * date.  Up to BIG_KEEP blocks and BIG_KEEP_BYTES are kept; a block freed
 * when they are used up pushes out the ones kept longest.  Each block
 * starts with a page that holds its mapped size.  Memory from big_alloc is
 * therefore not zeroed.
 */
#define BIG_KEEP 16
#define BIG_KEEP_BYTES ((size_t)1 << 30)
#define BIG_HEAD ((size_t)4096)
#define BIG_GRAIN ((size_t)1 << 21)
static struct {
	char *base;
	size_t size;
	uint64_t age;
} big_kept[BIG_KEEP];
static size_t big_kept_bytes;
static uint64_t big_clock;
static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;

void *big_alloc(size_t n)
{
	if (n < BIG_GRAIN)
		return xmalloc(n);
	if (n > SIZE_MAX - 2 * BIG_GRAIN)
		oom(n);
	const size_t need = n + BIG_HEAD;
	pthread_mutex_lock(&big_lock);
	int best = -1;
	for (int i = 0; i < BIG_KEEP; i++)
		if (big_kept[i].base && big_kept[i].size >= need &&
		    big_kept[i].size - need <= need / 4 &&
		    (best < 0 || big_kept[i].size < big_kept[best].size))
			best = i;
	if (best >= 0) {
		char *base = big_kept[best].base;
		big_kept_bytes -= big_kept[best].size;
		big_kept[best].base = NULL;
		pthread_mutex_unlock(&big_lock);
		return base + BIG_HEAD;
	}
	pthread_mutex_unlock(&big_lock);
	const size_t size = (need + BIG_GRAIN - 1) / BIG_GRAIN * BIG_GRAIN;
	char *base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		oom(n);
#ifdef MADV_HUGEPAGE
	madvise(base, size, MADV_HUGEPAGE);
#endif
	memcpy(base, &size, sizeof(size));
	return base + BIG_HEAD;
}

void big_free(void *p, size_t n)
{
	if (!p)
		return;
	if (n < BIG_GRAIN) {
		free(p);
		return;
	}
	char *base = (char *)p - BIG_HEAD;
	size_t size;
	memcpy(&size, base, sizeof(size));
	if (size > BIG_KEEP_BYTES) {
		munmap(base, size);
		return;
	}
	pthread_mutex_lock(&big_lock);
	for (;;) {
		int empty = -1, oldest = -1;
		for (int i = 0; i < BIG_KEEP; i++) {
			if (!big_kept[i].base)
				empty = empty < 0 ? i : empty;
			else if (oldest < 0 || big_kept[i].age < big_kept[oldest].age)
				oldest = i;
		}
		if (empty >= 0 && big_kept_bytes + size <= BIG_KEEP_BYTES) {
			big_kept[empty].base = base;
			big_kept[empty].size = size;
			big_kept[empty].age = ++big_clock;
			big_kept_bytes += size;
			break;
		}
		/* no room: the block kept longest goes */
		munmap(big_kept[oldest].base, big_kept[oldest].size);
		big_kept_bytes -= big_kept[oldest].size;
		big_kept[oldest].base = NULL;
	}
	pthread_mutex_unlock(&big_lock);
}
