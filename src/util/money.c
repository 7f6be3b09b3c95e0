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

char *int_format_human(int64_t v, enum lang lang, char buf[static 32])
{
	char digits[24];
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char group = lang == LANG_DE ? '.' : ',';
	size_t n, o = 0;
	snprintf(digits, sizeof(digits), "%" PRIu64, a);
	n = strlen(digits);
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
	snprintf(plain, sizeof(plain), "%.*f", decimals, v);
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
