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
 * Freed large blocks are kept (up to BIG_KEEP of them) and handed out again
 * for a request of the same size: a process that computes the same report
 * again and again — the server, `treue bench` — then touches no new pages.
 * Memory from big_alloc is therefore not zeroed.
 */
#define BIG_KEEP 12
static struct {
	void *p;
	size_t n;
} big_kept[BIG_KEEP];
static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;

void *big_alloc(size_t n)
{
	if (n < (1u << 21))
		return xmalloc(n);
	pthread_mutex_lock(&big_lock);
	for (int i = 0; i < BIG_KEEP; i++)
		if (big_kept[i].p && big_kept[i].n == n) {
			void *p = big_kept[i].p;
			big_kept[i].p = NULL;
			pthread_mutex_unlock(&big_lock);
			return p;
		}
	pthread_mutex_unlock(&big_lock);
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		oom(n);
#ifdef MADV_HUGEPAGE
	madvise(p, n, MADV_HUGEPAGE);
#endif
	return p;
}

void big_free(void *p, size_t n)
{
	if (!p)
		return;
	if (n < (1u << 21)) {
		free(p);
		return;
	}
	pthread_mutex_lock(&big_lock);
	for (int i = 0; i < BIG_KEEP; i++)
		if (!big_kept[i].p) {
			big_kept[i].p = p;
			big_kept[i].n = n;
			pthread_mutex_unlock(&big_lock);
			return;
		}
	pthread_mutex_unlock(&big_lock);
	munmap(p, n);
}
