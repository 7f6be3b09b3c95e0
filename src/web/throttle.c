/*
 * throttle.c — login throttling.  Failed logins are counted per account
 * (case-folded name) and per client address in a fixed table held by the
 * server.  After a few free failures each further attempt must wait a
 * delay that doubles with every failure: per account from the 6th failure
 * (1 s, 2 s, 4 s ... at most 5 minutes), per address from the 11th (at
 * most an hour).  An attempt inside the delay is refused without looking
 * at the password.  A success clears the account's count; a count is
 * forgotten an hour after its last failure.  The table keeps the most
 * recent THROTTLE_SLOTS keys (the oldest is replaced when it is full).
 */
#include <ctype.h>
#include <string.h>

#include "web_int.h"

#define ACCOUNT_FREE 5
#define ACCOUNT_MAX_DELAY 300
#define ADDR_FREE 10
#define ADDR_MAX_DELAY 3600
#define FORGET_AFTER 3600

void throttle_init(struct throttle *t)
{
	memset(t->e, 0, sizeof(t->e));
	pthread_mutex_init(&t->mu, NULL);
}

void throttle_destroy(struct throttle *t)
{
	pthread_mutex_destroy(&t->mu);
}

static uint64_t key_of(char kind, const char *s)
{
	char buf[WEB_NAME_MAX + 80];
	size_t n = 0;
	buf[n++] = kind;
	for (; s && *s && n < sizeof(buf); s++)
		buf[n++] = (char)tolower((unsigned char)*s);
	uint64_t k = hash64(buf, n, 0x7468726f74746c65ULL);
	return k ? k : 1;
}

/* The entry of key among its 64 probe slots, or NULL; with create, a new
 * one in a free slot, else in the slot with the oldest failure. */
static struct throttle_entry *find(struct throttle *t, uint64_t key, int create, int64_t now)
{
	size_t start = key % THROTTLE_SLOTS, pick = THROTTLE_SLOTS;
	for (size_t i = 0; i < 64; i++) {
		struct throttle_entry *x = &t->e[(start + i) % THROTTLE_SLOTS];
		if (x->key && now - x->last_fail > FORGET_AFTER)
			x->key = 0; /* forgotten */
		if (x->key == key)
			return x;
	}
	if (!create)
		return NULL;
	for (size_t i = 0; i < 64; i++) {
		size_t j = (start + i) % THROTTLE_SLOTS;
		if (!t->e[j].key) {
			pick = j;
			break;
		}
		if (pick == THROTTLE_SLOTS || t->e[j].last_fail < t->e[pick].last_fail)
			pick = j;
	}
	struct throttle_entry *x = &t->e[pick];
	memset(x, 0, sizeof(*x));
	x->key = key;
	return x;
}

static int64_t delay(const struct throttle_entry *x, int free, int64_t max, int64_t now)
{
	if (!x || x->failures <= free)
		return 0;
	int over = x->failures - free - 1;
	int64_t d = over >= 20 ? max : (int64_t)1 << over;
	if (d > max)
		d = max;
	int64_t left = x->last_fail + d - now;
	return left > 0 ? left : 0;
}

int64_t throttle_wait(struct throttle *t, const char *account, const char *addr, int64_t now)
{
	pthread_mutex_lock(&t->mu);
	int64_t a =
	    delay(find(t, key_of('u', account), 0, now), ACCOUNT_FREE, ACCOUNT_MAX_DELAY, now);
	int64_t b = delay(find(t, key_of('a', addr), 0, now), ADDR_FREE, ADDR_MAX_DELAY, now);
	pthread_mutex_unlock(&t->mu);
	return a > b ? a : b;
}

void throttle_fail(struct throttle *t, const char *account, const char *addr, int64_t now)
{
	pthread_mutex_lock(&t->mu);
	struct throttle_entry *x = find(t, key_of('u', account), 1, now);
	x->failures++;
	x->last_fail = now;
	x = find(t, key_of('a', addr), 1, now);
	x->failures++;
	x->last_fail = now;
	pthread_mutex_unlock(&t->mu);
}

void throttle_success(struct throttle *t, const char *account, int64_t now)
{
	pthread_mutex_lock(&t->mu);
	struct throttle_entry *x = find(t, key_of('u', account), 0, now);
	if (x)
		x->key = 0;
	pthread_mutex_unlock(&t->mu);
}
