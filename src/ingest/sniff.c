/*
 * sniff.c — what a file's text means: the delimiter, and the forms of
 * dates, money and scores.  Dates and money are judged per column: the
 * first pass of an import feeds every value to a judge (date_judge_add,
 * money_judge_add), the judge decides the one thing values alone cannot
 * (is 03/04/2026 day or month first? is "." or "," the decimal mark?), and
 * the second pass parses every value with that decision.  Values are never
 * guessed one by one.
 */
#include <ctype.h>
#include <string.h>

#include "ingest.h"

/* ---- delimiter ---- */

char sniff_delimiter(const char *s, size_t n, int eof)
{
	static const char cands[] = {';', '\t', ',', '|'};
	enum { MAXREC = 51 };
	char best = ',';
	double best_score = -1.0;
	for (size_t k = 0; k < sizeof(cands); k++) {
		struct csv *c = csv_open_mem("sample", s, n, cands[k], ENC_UTF8, NULL);
		int counts[MAXREC], nrec = 0;
		if (!c)
			continue;
		while (nrec < MAXREC && csv_next(c, NULL) == 1)
			counts[nrec++] = c->nf;
		csv_free(c);
		/* a record cut off by the end of the sample says nothing */
		if (!eof && nrec < MAXREC && nrec > 1)
			nrec--;
		if (nrec == 0 || counts[0] < 2)
			continue;
		int same = 0;
		for (int i = 1; i < nrec; i++)
			same += counts[i] == counts[0];
		double score = nrec > 1 ? (double)same / (nrec - 1) : 1.0;
		if (score > best_score) {
			best_score = score;
			best = cands[k];
		}
	}
	return best;
}

/* ---- small text helpers ---- */

/* Skips spaces (ASCII, tab, no-break space U+00A0, narrow U+202F) at s. */
static const char *skip_space(const char *s, const char *e)
{
	for (;;) {
		if (s < e && (*s == ' ' || *s == '\t'))
			s++;
		else if (e - s >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
			s += 2;
		else if (e - s >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
		         (unsigned char)s[2] == 0xAF)
			s += 3;
		else
			return s;
	}
}

static const char *skip_space_back(const char *b, const char *e)
{
	for (;;) {
		if (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		else if (e - b >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0)
			e -= 2;
		else if (e - b >= 3 && (unsigned char)e[-3] == 0xE2 &&
		         (unsigned char)e[-2] == 0x80 && (unsigned char)e[-1] == 0xAF)
			e -= 3;
		else
			return e;
	}
}

/* Reads 1..maxd digits at *p (not past e); returns the count, value in *v. */
static int digits(const char **p, const char *e, int maxd, int *v)
{
	int n = 0, x = 0;
	while (*p < e && isdigit((unsigned char)**p) && n < maxd) {
		x = x * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (*p < e && isdigit((unsigned char)**p))
		return 0; /* more digits than allowed */
	*v = x;
	return n;
}

/* ---- dates ---- */

enum dshape { DS_NONE, DS_ISO, DS_DOTTED, DS_SLASH, DS_COMPACT };

struct dparts {
	enum dshape shape;
	int a, b, c; /* as written: ISO/COMPACT y m d; DOTTED d m y; SLASH p q y */
	int short_year;
	int timed;
};

static int ieq_prefix(const char *p, const char *e, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(e - p) < n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)p[i]) != (unsigned char)w[i])
			return 0;
	return 1;
}

/* 1 when [p, e) starts with the word w (case-insensitive) followed by its
 * end, a space or a sign; *q is set past it. */
static int zone_word(const char *p, const char *e, const char *w, const char **q)
{
	size_t n = strlen(w);
	if (!ieq_prefix(p, e, w))
		return 0;
	p += n;
	if (p < e && *p != ' ' && *p != '\t' && *p != '+' && *p != '-')
		return 0;
	*q = p;
	return 1;
}

/* A time of day: H:MM[:SS[.fff]] [AM|PM] [Uhr] [Z|UTC|GMT|MEZ|MESZ|CET|CEST]
 * [+hh[:mm]]; 1 when [p, e) is exactly that. */
static int time_of_day(const char *p, const char *e)
{
	int v;
	if (!digits(&p, e, 2, &v) || v > 24 || p >= e || *p != ':')
		return 0;
	p++;
	if (digits(&p, e, 2, &v) != 2 || v > 59)
		return 0;
	if (p < e && *p == ':') {
		p++;
		if (digits(&p, e, 2, &v) != 2 || v > 60)
			return 0;
		if (p < e && (*p == '.' || *p == ',')) {
			p++;
			if (p >= e || !isdigit((unsigned char)*p))
				return 0;
			while (p < e && isdigit((unsigned char)*p))
				p++;
		}
	}
	p = skip_space(p, e);
	static const char *const suffix[] = {"am", "pm", "a.m.", "p.m."};
	for (size_t i = 0; i < ARRAY_SIZE(suffix); i++)
		if (ieq_prefix(p, e, suffix[i])) {
			p += strlen(suffix[i]);
			break;
		}
	p = skip_space(p, e);
	if (zone_word(p, e, "uhr", &p))
		p = skip_space(p, e);
	static const char *const zones[] = {"mesz", "cest", "mez", "cet", "utc", "gmt", "z"};
	for (size_t i = 0; i < ARRAY_SIZE(zones); i++)
		if (zone_word(p, e, zones[i], &p))
			break;
	p = skip_space(p, e);
	if (p < e && (*p == '+' || *p == '-')) {

		p++;
		if (digits(&p, e, 2, &v) != 2)
			return 0;
		if (p < e && *p == ':')
			p++;
		if (p < e && digits(&p, e, 2, &v) != 2)
			return 0;
	}
	return skip_space(p, e) == e;
}

static int date_shape(const char *s, struct dparts *d)
{
	const char *e = s + strlen(s);
	memset(d, 0, sizeof(*d));
	s = skip_space(s, e);
	e = skip_space_back(s, e);
	const char *p = s;
	int n1 = digits(&p, e, 8, &d->a);
	if (n1 == 8) {
		d->shape = DS_COMPACT;
		d->c = d->a % 100;
		d->b = d->a / 100 % 100;
		d->a /= 10000;
	} else if (n1 == 4 || n1 == 1 || n1 == 2) {
		if (p >= e)
			return 0;
		char sep = *p++;
		if (n1 == 4 && sep != '-' && sep != '/' && sep != '.')
			return 0;
		if (n1 < 4 && sep != '.' && sep != '/' && sep != '-')
			return 0;
		int n2 = digits(&p, e, 2, &d->b);
		if (!n2 || p >= e || *p != sep)
			return 0;
		p++;
		int n3 = digits(&p, e, 4, &d->c);
		if (n1 == 4) {
			if (n3 < 1 || n3 > 2)
				return 0;
			d->shape = DS_ISO;
		} else {
			if (n3 != 2 && n3 != 4)
				return 0;
			d->short_year = n3 == 2;
			d->shape = sep == '.' ? DS_DOTTED : DS_SLASH;
		}
	} else
		return 0;
	if (p < e) {
		/* a time of day after a space, a comma or ISO's T */
		const char *q = p;
		if (*q == 'T' || *q == 't')
			q++;
		else {
			if (*q == ',')
				q++;
			const char *r = skip_space(q, e);
			if (r == q && q == p)
				return 0;
			q = r;
		}
		if (!time_of_day(q, e))
			return 0;
		d->timed = 1;
	}
	return 1;
}

void date_judge_add(struct date_judge *j, const char *s)
{
	struct dparts d;
	const char *e = s + strlen(s);
	if (skip_space(s, e) == e)
		return;
	j->values++;
	if (!date_shape(s, &d)) {
		j->other++;
		return;
	}
	j->timed += d.timed;
	switch (d.shape) {
	case DS_ISO: j->iso++; break;
	case DS_DOTTED: j->dotted++; break;
	case DS_COMPACT: j->compact++; break;
	case DS_SLASH:
		j->slash++;
		if (d.a > 12 && d.b <= 12)
			j->dmy_votes++;
		else if (d.b > 12 && d.a <= 12)
			j->mdy_votes++;
		break;
	default: break;
	}
}

enum date_order date_judge_order(const struct date_judge *j)
{
	if (j->dmy_votes > j->mdy_votes)
		return DATE_ORDER_DMY;
	if (j->mdy_votes > j->dmy_votes)
		return DATE_ORDER_MDY;
	return DATE_ORDER_UNKNOWN;
}

void date_judge_describe(const struct date_judge *j, enum date_order order, struct strbuf *out,
                         enum lang lang)
{
	size_t start = out->len;
	const char *forms[4];
	int n = 0;
	if (j->iso)
		forms[n++] = L(lang, "YYYY-MM-DD", "JJJJ-MM-TT");
	if (j->dotted)
		forms[n++] = L(lang, "DD.MM.YYYY", "TT.MM.JJJJ");
	if (j->slash)
		forms[n++] = order == DATE_ORDER_DMY   ? L(lang, "DD/MM/YYYY", "TT/MM/JJJJ")
		             : order == DATE_ORDER_MDY ? L(lang, "MM/DD/YYYY", "MM/TT/JJJJ")
		                                       : L(lang, "NN/NN/YYYY", "NN/NN/JJJJ");
	if (j->compact)
		forms[n++] = L(lang, "YYYYMMDD", "JJJJMMTT");
	for (int i = 0; i < n; i++)
		sb_addf(out, "%s%s", i ? ", " : "", forms[i]);
	if (out->len == start)
		sb_adds(out, L(lang, "no dates", "keine Daten"));
	if (j->timed)
		sb_adds(out, L(lang, " (time of day dropped)", " (Uhrzeit entfällt)"));
}

int date_parse(const char *s, enum date_order order, day_t *out, const char **why, enum lang lang)
{
	struct dparts d;
	int y, m, dd;
	if (!date_shape(s, &d))
		goto bad;
	switch (d.shape) {
	case DS_ISO:
	case DS_COMPACT: y = d.a, m = d.b, dd = d.c; break;
	case DS_DOTTED: dd = d.a, m = d.b, y = d.c; break;
	case DS_SLASH:
		if (order == DATE_ORDER_UNKNOWN) {
			*why = L(
			    lang,
			    "is not a date: day/month order unknown (say --date-order dmy or mdy)",
			    "ist kein Datum: Reihenfolge Tag/Monat unbekannt (--date-order dmy "
			    "oder mdy angeben)");
			return -1;
		}
		if (order == DATE_ORDER_DMY)
			dd = d.a, m = d.b;
		else
			m = d.a, dd = d.b;
		y = d.c;
		break;
	default: goto bad;
	}
	if (d.short_year)
		y += y < 69 ? 2000 : 1900;
	if (!ymd_valid(y, m, dd))
		goto bad;
	*out = day_from_ymd(y, m, dd);
	if (!day_in_range(*out)) {
		*why = L(lang, DAY_RANGE_EN, DAY_RANGE_DE);
		return -1;
	}
	return 0;
bad:
	*why = L(lang, "is not a date", "ist kein Datum");
	return -1;
}

/* ---- money ---- */

enum { CUR_EUR = 1, CUR_USD = 2, CUR_GBP = 4, CUR_CHF = 8 };
static const struct {
	const char *tok; /* lower case */
	unsigned cur;
} currency_tokens[] = {
    {"\xe2\x82\xac", CUR_EUR}, {"eur", CUR_EUR},  {"euro", CUR_EUR},     {"us$", CUR_USD},
    {"usd", CUR_USD},          {"$", CUR_USD},    {"\xc2\xa3", CUR_GBP}, {"gbp", CUR_GBP},
    {"chf", CUR_CHF},          {"sfr.", CUR_CHF}, {"fr.", CUR_CHF},
};
static const char *const currency_names[] = {"EUR", "USD", "GBP", "CHF"};

struct mparts {
	const char *b, *e; /* the number */
	int neg;
	unsigned cur;
};

/* Strips spaces, signs, parentheses and currency around the number. */
static int money_split(const char *s, struct mparts *m)
{
	const char *b = s, *e = s + strlen(s);
	int signs = 0, parens = 0;
	m->neg = 0;
	m->cur = 0;
	for (int round = 0; round < 8; round++) {
		const char *b0 = b, *e0 = e;
		b = skip_space(b, e);
		e = skip_space_back(b, e);
		if (b >= e)
			break;
		if (*b == '(' && e[-1] == ')' && !parens) {
			parens = 1;
			m->neg = !m->neg;
			b++, e--;
			continue;
		}
		if (*b == '-' || *b == '+') {
			if (signs++)
				return -1;
			m->neg ^= *b == '-';
			b++;
			continue;
		}
		if (e - b >= 3 && !memcmp(b, "\xe2\x88\x92", 3)) { /* U+2212 minus */
			if (signs++)
				return -1;
			m->neg = !m->neg;
			b += 3;
			continue;
		}
		if (e[-1] == '-' || e[-1] == '+') { /* SAP: 12,50- */
			if (signs++)
				return -1;
			m->neg ^= e[-1] == '-';
			e--;
			continue;
		}
		/* currency only where a letter or symbol starts or ends the text */
		if (isdigit((unsigned char)*b) && isdigit((unsigned char)e[-1]))
			break;
		for (size_t i = 0; i < ARRAY_SIZE(currency_tokens); i++) {
			size_t n = strlen(currency_tokens[i].tok);
			if ((size_t)(e - b) > n && ieq_prefix(b, e, currency_tokens[i].tok) &&
			    !isalpha((unsigned char)b[n])) {
				m->cur |= currency_tokens[i].cur;
				b += n;
				break;
			}
			if ((size_t)(e - b) > n && ieq_prefix(e - n, e, currency_tokens[i].tok) &&
			    !isalpha((unsigned char)e[-(ptrdiff_t)n - 1])) {
				m->cur |= currency_tokens[i].cur;
				e -= n;
				break;
			}
		}
		if (b == b0 && e == e0)
			break;
	}
	m->b = b;
	m->e = e;
	return b < e ? 0 : -1;
}

/* Length of a group separator at p other than '.' and ',': space,
 * no-break spaces, apostrophes (1'234.50, 1’234.50); 0 when none. */
static int group_space(const char *p, const char *e)
{
	if (*p == ' ' || *p == '\'')
		return 1;
	if (e - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
		return 2;
	if (e - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
	    ((unsigned char)p[2] == 0xAF || (unsigned char)p[2] == 0x99))
		return 3;
	return 0;
}

void money_judge_add(struct money_judge *j, const char *s)
{
	struct mparts m;
	const char *e = s + strlen(s);
	if (skip_space(s, e) == e)
		return;
	j->values++;
	if (money_split(s, &m))
		return;
	j->currencies |= m.cur;
	int nd = 0, nc = 0;
	const char *last = NULL, *first = NULL;
	for (const char *p = m.b; p < m.e; p++)
		if (*p == '.' || *p == ',') {
			nd += *p == '.';
			nc += *p == ',';
			if (!first)
				first = p;
			last = p;
		}
	if (!last)
		return;
	if (nd && nc) {
		if (*last == ',')
			j->strong_comma++;
		else
			j->strong_point++;
		return;
	}
	if (nd + nc >= 2) { /* one mark, repeated: grouping */
		if (nd)
			j->strong_comma++;
		else
			j->strong_point++;
		return;
	}
	int after = 0, before = 0;
	const char *p;
	for (p = last + 1; p < m.e && isdigit((unsigned char)*p); p++)
		after++;
	if (p != m.e)
		return; /* not a number: the second pass says so */
	for (p = last; p > m.b && isdigit((unsigned char)p[-1]); p--)
		before++;
	if (after == 3 && before >= 1 && before <= 3 && *p != '0') {
		/* 1.234: only grouping makes it an amount (two decimals at most) */
		if (*last == '.')
			j->weak_comma++;
		else
			j->weak_point++;
	} else if (*last == ',')
		j->strong_comma++;
	else
		j->strong_point++;
}

char money_judge_mark(const struct money_judge *j, char dflt)
{
	if (j->strong_comma != j->strong_point)
		return j->strong_comma > j->strong_point ? ',' : '.';
	if (j->strong_comma)
		return dflt;
	if (j->weak_comma != j->weak_point)
		return j->weak_comma > j->weak_point ? ',' : '.';
	return dflt;
}

int money_judge_currencies(const struct money_judge *j, struct strbuf *names)
{
	int n = 0;
	for (int i = 0; i < 4; i++)
		if (j->currencies & (1u << i)) {
			if (names)
				sb_addf(names, "%s%s", n ? ", " : "", currency_names[i]);
			n++;
		}
	return n;
}

/* Parses the number part with decimal mark `mark`; 0, or -1 with *why, or
 * -2 when it is an amount beyond ±MONEY_MAX. */
static int money_number(const char *b, const char *e, char mark, int neg, int64_t *cents,
                        const char **why, enum lang lang)
{
	char group = mark == ',' ? '.' : ',';
	int64_t whole = 0;
	int ndig = 0, run = 0, groups = 0, frac = 0, nfrac = 0, seen_mark = 0, big = 0;
	const char *p = b;
	*why = L(lang, "is not an amount", "ist kein Betrag");
	while (p < e) {
		int gs = 0;
		if (isdigit((unsigned char)*p)) {
			if (seen_mark) {
				if (++nfrac > 2) {
					*why = L(lang, "is not an amount: more than two decimals",
					         "ist kein Betrag: mehr als zwei Nachkommastellen");
					return -1;
				}
				frac = frac * 10 + (*p - '0');
			} else {
				if (whole > MONEY_MAX / 100)
					big = 1; /* read on: is it an amount at all? */
				else
					whole = whole * 10 + (*p - '0');
				ndig++;
				run++;
			}
			p++;
		} else if (*p == mark && !seen_mark) {
			seen_mark = 1;
			p++;
		} else if (!seen_mark && (*p == group || (gs = group_space(p, e)) > 0)) {
			/* a group separator must stand between digit groups of 3 */
			if (run == 0 || (groups == 0 ? run > 3 : run != 3))
				return -1;
			groups++;
			run = 0;
			p += *p == group ? 1 : gs;
		} else
			return -1;
	}
	if (groups && (run != 3 || *b == '0'))
		return -1; /* last group of 3; no group "0.123" */
	if (seen_mark && nfrac == 0)
		return -1;
	if (ndig == 0 && nfrac == 0)
		return -1;
	if (nfrac == 1)
		frac *= 10;
	int64_t v = whole * 100 + frac;
	if (big || v > MONEY_MAX) {
		*why = L(lang, MONEY_RANGE_EN, MONEY_RANGE_DE);
		return -2;
	}
	*cents = neg ? -v : v;
	return 0;
}

int money_parse(const char *s, char mark, int64_t *cents, const char **why, enum lang lang)
{
	struct mparts m;
	int64_t dummy;
	const char *why2;
	if (money_split(s, &m)) {
		*why = L(lang, "is not an amount", "ist kein Betrag");
		return -1;
	}
	int rc = money_number(m.b, m.e, mark, m.neg, cents, why, lang);
	if (rc == 0)
		return 0;
	if (rc == -2)
		return -1; /* an amount, too large: *why says so */
	if (money_number(m.b, m.e, mark == ',' ? '.' : ',', m.neg, &dummy, &why2, lang) == 0)
		*why = mark == ','
		           ? L(lang, "is not an amount with the decimal comma the column has",
		               "ist kein Betrag mit dem Dezimalkomma der Spalte")
		           : L(lang, "is not an amount with the decimal point the column has",
		               "ist kein Betrag mit dem Dezimalpunkt der Spalte");
	return -1;
}

/* ---- scores and scales ---- */

/* A non-negative decimal with '.' or ',' -> thousandths.  At most 3
 * decimals, unless inexact is given: then further decimals are dropped
 * (truncating) and *inexact says whether any of them was not 0. */
static int decimal_milli(const char **pp, const char *e, int allow_comma, int64_t *out,
                         int *inexact)
{
	const char *p = *pp;
	int64_t v = 0;
	int nd = 0, nf = 0;
	if (inexact)
		*inexact = 0;
	while (p < e && isdigit((unsigned char)*p)) {
		if (v > 1000000000000LL)
			return -1;
		v = v * 10 + (*p++ - '0');
		nd++;
	}
	v *= 1000;
	if (e - p >= 2 && (*p == '.' || (allow_comma && *p == ',')) &&
	    isdigit((unsigned char)p[1])) {
		p++;
		int64_t f = 100;
		while (p < e && isdigit((unsigned char)*p)) {
			if (++nf > 3) {
				if (!inexact)
					return -1;
				*inexact |= *p++ != '0';
				continue;
			}
			v += (*p++ - '0') * f;
			f /= 10;
		}
		if (!nf)
			return -1;
	}
	if (!nd && !nf)
		return -1;
	*pp = p;
	*out = v;
	return 0;
}

int score_parse(const char *s, int64_t *milli)
{
	const char *e = s + strlen(s);
	int neg = 0, inexact;
	s = skip_space(s, e);
	e = skip_space_back(s, e);
	if (e > s && e[-1] == '%')
		e = skip_space_back(s, e - 1);
	if (s < e && (*s == '-' || *s == '+'))
		neg = *s++ == '-';
	if (decimal_milli(&s, e, 1, milli, &inexact) || s != e)
		return -1;
	if (neg)
		*milli = -*milli;
	return inexact;
}

int score_read(const char *s, const struct scale *sc, int *tenths)
{
	int64_t m;
	int k = score_parse(s, &m);
	if (k < 0)
		return -1;
	/* inexact: the value lies beyond m, away from 0 (-0.0001 below 0) */
	int neg = s[strspn(s, " \t")] == '-';
	if (k == 1 && (neg ? m <= sc->min : m >= sc->max))
		return -2;
	return score_normalise(m, sc, tenths) ? -2 : 0;
}

int scale_parse(const char *s, struct scale *out)
{
	const char *e = s + strlen(s), *p = skip_space(s, e);
	int neg = 0;
	int64_t a, b;
	if (p < e && *p == '-')
		neg = 1, p++;
	if (decimal_milli(&p, e, 0, &a, NULL))
		return -1;
	if (neg)
		a = -a;
	p = skip_space(p, e);
	if (e - p >= 2 && p[0] == '.' && p[1] == '.')
		p += 2;
	else if (e - p >= 3 && !memcmp(p, "\xe2\x80\x93", 3)) /* en dash */
		p += 3;
	else if (p < e && (*p == '-' || *p == ':'))
		p++;
	else
		return -1;
	p = skip_space(p, e);
	if (decimal_milli(&p, e, 0, &b, NULL) || skip_space(p, e) != e || b <= a)
		return -1;
	out->min = a;
	out->max = b;
	return 0;
}

int score_normalise(int64_t milli, const struct scale *sc, int *tenths)
{
	if (milli < sc->min || milli > sc->max)
		return -1;
	int64_t num = 100 * (milli - sc->min), den = sc->max - sc->min;
	*tenths = (int)((2 * num + den) / (2 * den));
	return 0;
}

static void milli_format(int64_t v, struct strbuf *out)
{
	if (v < 0) {
		sb_addch(out, '-');
		v = -v;
	}
	sb_addf(out, "%lld", (long long)(v / 1000));
	if (v % 1000) {
		char f[8];
		snprintf(f, sizeof(f), "%03d", (int)(v % 1000));
		for (int i = 2; i > 0 && f[i] == '0'; i--)
			f[i] = '\0';
		sb_addf(out, ".%s", f);
	}
}

void scale_format(const struct scale *sc, struct strbuf *out)
{
	milli_format(sc->min, out);
	sb_addch(out, '-');
	milli_format(sc->max, out);
}
