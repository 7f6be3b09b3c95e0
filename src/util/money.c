/*
 * money.c — int64 cents: the strict dot-decimal form used on the command
 * line and in machine output, and the human form with grouping by
 * language.  The forgiving import forms live in ingest/.
 */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
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

int money_parse_input(const char *s, int64_t *cents)
{
	char buf[48];
	size_t n, o = 0;
	const char *dot, *comma, *dec = NULL;
	if (!s || (n = strlen(s)) >= sizeof(buf))
		return -1;
	dot = strrchr(s, '.');
	comma = strrchr(s, ',');
	/* the later mark is the decimal one when both occur; a lone mark is
	 * decimal unless three digits follow it (1.234 / 1,234: grouping) */
	if (dot && comma)
		dec = dot > comma ? dot : comma;
	else if (dot || comma) {
		const char *m = dot ? dot : comma;
		size_t after = strlen(m + 1);
		int once = strchr(s, *m) == m;
		if (once && after != 3)
			dec = m;
	}
	for (const char *p = s; *p; p++) {
		if (p == dec)
			buf[o++] = '.';
		else if (*p == '.' || *p == ',') {
			/* grouping: three digits must follow */
			if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]) ||
			    !isdigit((unsigned char)p[3]) || p == s ||
			    !isdigit((unsigned char)p[-1]))
				return -1;
		} else
			buf[o++] = *p;
	}
	buf[o] = '\0';
	return money_parse_plain(buf, cents);
}

/* The decimal digits of a into buf (NUL-ended); their count. */
static size_t u64_digits(uint64_t a, char buf[static 24])
{
	char t[24];
	size_t n = 0, o = 0;
	do {
		t[n++] = (char)('0' + a % 10);
		a /= 10;
	} while (a);
	while (n)
		buf[o++] = t[--n];
	buf[o] = '\0';
	return o;
}

char *money_format(int64_t cents, char buf[static 32])
{
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	size_t o = 0;
	if (cents < 0)
		buf[o++] = '-';
	o += u64_digits(a / 100, buf + o);
	buf[o++] = '.';
	buf[o++] = (char)('0' + a % 100 / 10);
	buf[o++] = (char)('0' + a % 10);
	buf[o] = '\0';
	return buf;
}

char *fixed_format(double v, int dec, char buf[static 40])
{
	static const double scale[] = {1, 10, 100, 1000, 10000};
	if (!(fabs(v) < 1099511627776.0) || dec < 0 || dec > 4) {
		snprintf(buf, 40, "%.*f", dec, v);
		return buf;
	}
	double a = fabs(v), s = scale[dec];
	/* a * s exactly: hi + lo */
	double hi = a * s, lo = fma(a, s, -hi);
	double k = floor(hi), f = hi - k; /* exact: k <= hi < k + 1 */
	int up;
	if (f > 0.5)
		up = 1;
	else if (f < 0.5)
		up = 0;
	else /* hi is half-way: lo decides, an exact tie goes to even */
		up = lo > 0 ? 1 : lo < 0 ? 0 : (int)((uint64_t)k & 1);
	uint64_t q = (uint64_t)k + (uint64_t)up;
	char t[40], *p = t + sizeof(t);
	*--p = '\0';
	for (int d = 0; d < dec; d++) {
		*--p = (char)('0' + q % 10);
		q /= 10;
	}
	if (dec)
		*--p = '.';
	do {
		*--p = (char)('0' + q % 10);
		q /= 10;
	} while (q);
	if (signbit(v))
		*--p = '-';
	memcpy(buf, p, (size_t)(t + sizeof(t) - p));
	return buf;
}

char *money_format_human(int64_t cents, enum lang lang, char buf[static 40])
{
	char digits[32];
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	u64_digits(a / 100, digits);
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
	buf[o++] = dec;
	buf[o++] = (char)('0' + a % 100 / 10);
	buf[o++] = (char)('0' + a % 10);
	buf[o] = '\0';
	return buf;
}

char *int_format_human(int64_t v, enum lang lang, char buf[static 32])
{
	char digits[24];
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char group = lang == LANG_DE ? '.' : ',';
	size_t n, o = 0;
	n = u64_digits(a, digits);
	if (v < 0)
		buf[o++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = group;
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

char *num_format_human(double v, int decimals, enum lang lang, char buf[static 64])
{
	char plain[64], *dot;
	size_t o = 0, n;
	if (!isfinite(v) || fabs(v) >= 1e18) {
		snprintf(buf, 64, "–");
		return buf;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 12)
		decimals = 12;
	fixed_format(v, decimals, plain);
	/* "-0" and "-0.0" read as 0 */
	if (plain[0] == '-' && strspn(plain + 1, "0.") == strlen(plain + 1))
		memmove(plain, plain + 1, strlen(plain));
	if (plain[0] == '-')
		buf[o++] = '-';
	const char *digits = plain[0] == '-' ? plain + 1 : plain;
	dot = strchr(digits, '.');
	n = dot ? (size_t)(dot - digits) : strlen(digits);
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = lang == LANG_DE ? '.' : ',';
		buf[o++] = digits[i];
	}
	if (dot) {
		buf[o++] = lang == LANG_DE ? ',' : '.';
		snprintf(buf + o, 64 - o, "%s", dot + 1);
	} else {
		buf[o] = '\0';
	}
	return buf;
}

const char *money_unit(const char *currency)
{
	if (!currency || !*currency || !strcmp(currency, "EUR"))
		return "€";
	return currency;
}

char *money_format_amount(int64_t cents, enum lang lang, const char *currency,
                          char buf[static MONEY_AMOUNT_MAX])
{
	char num[40];
	const char *unit = money_unit(currency);
	int sym = !strcmp(unit, "€");
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	/* the digits without the sign: the sign goes before the symbol in English */
	money_format_human(a > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)a, lang, num);
	if (lang == LANG_DE)
		snprintf(buf, MONEY_AMOUNT_MAX, "%s%s %s", cents < 0 ? "-" : "", num, unit);
	else
		snprintf(buf, MONEY_AMOUNT_MAX, "%s%s%s%s", cents < 0 ? "-" : "", unit,
		         sym ? "" : " ", num);
	return buf;
}
