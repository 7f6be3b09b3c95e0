/*
 * money.c — int64 cents: the strict dot-decimal form used on the command
 * line and in machine output, and the human form with grouping by
 * language.  The forgiving import forms live in ingest/.
 */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "util.h"

int money_parse_plain(const char *s, int64_t *cents)
{
	int neg = 0;
	int64_t whole = 0, frac = 0;
	int nfrac = 0, nwhole = 0;
	if (!s)
		return -1;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	int big = 0;
	for (; isdigit((unsigned char)*s); s++, nwhole++) {
		if (whole > MONEY_MAX / 100)
			big = 1; /* keep reading: is it an amount at all? */
		else
			whole = whole * 10 + (*s - '0');
	}
	if (*s == '.') {
		s++;
		for (; isdigit((unsigned char)*s); s++, nfrac++) {
			if (nfrac >= 2)
				return -1;
			frac = frac * 10 + (*s - '0');
		}
		if (nfrac == 0)
			return -1;
	}
	if (*s || nwhole + nfrac == 0)
		return -1;
	if (nfrac == 1)
		frac *= 10;
	if (big || whole * 100 + frac > MONEY_MAX)
		return -2;
	*cents = (neg ? -1 : 1) * (whole * 100 + frac);
	return 0;
}

char *money_format(int64_t cents, char buf[static 32])
{
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	snprintf(buf, 32, "%s%" PRIu64 ".%02u", cents < 0 ? "-" : "", a / 100, (unsigned)(a % 100));
	return buf;
}

char *money_format_human(int64_t cents, enum lang lang, char buf[static 40])
{
	char digits[32];
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	snprintf(digits, sizeof(digits), "%" PRIu64, a / 100);
	char group = lang == LANG_DE ? '.' : ',';
	char dec = lang == LANG_DE ? ',' : '.';
	size_t n = strlen(digits), o = 0;
	if (cents < 0)
		buf[o++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = group;
		buf[o++] = digits[i];
	}
	snprintf(buf + o, 40 - o, "%c%02u", dec, (unsigned)(a % 100));
	return buf;
}
