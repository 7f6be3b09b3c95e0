/*
 * date.c — calendar days as one integer (days since 1970-01-01, proleptic
 * Gregorian), ISO weeks and durations.  The conversions are Howard
 * Hinnant's days_from_civil / civil_from_days.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int ymd_valid(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	int n = mdays[m - 1] + (m == 2 && is_leap(y));
	return d <= n;
}

day_t day_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (day_t)(era * 146097 + doe - 719468);
}

void day_to_ymd(day_t day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int dd = doy - (153 * mp + 2) / 5 + 1;
	int mm = mp + (mp < 10 ? 3 : -9);
	*y = yy + (mm <= 2);
	*m = mm;
	*d = dd;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int day_parse_iso(const char *s, day_t *out)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (!ymd_valid(y, m, d))
		return -1;
	day_t day = day_from_ymd(y, m, d);
	if (!day_in_range(day))
		return -2;
	*out = day;
	return 0;
}

int day_span_check(day_t d, int64_t back, int64_t ahead, struct err *e)
{
	day_t x;
	char buf[11];
	if (day_in_range(d) && day_add(d, -back, &x) == 0 && day_add(d, ahead, &x) == 0)
		return 0;
	return err_set(e,
	               L(e->lang,
	                 "the reference date %s reaches %lld days back and %lld days ahead, "
	                 "beyond 1900-01-01 to 9999-12-31",
	                 "der Stichtag %s reicht %lld Tage zurück und %lld Tage voraus, über "
	                 "1900-01-01 bis 9999-12-31 hinaus"),
	               day_in_range(d) ? day_format(d, buf) : "?", (long long)back,
	               (long long)ahead);
}

int day_add(day_t d, int64_t days, day_t *out)
{
	if (!day_in_range(d) || days < (int64_t)DAY_MIN - d || days > (int64_t)DAY_MAX - d)
		return -1;
	*out = (day_t)(d + days);
	return 0;
}

static int keyword(const char *s, const char *en, const char *de)
{
	return str_eq_nocase(s, en) || str_eq_nocase(s, de);
}

/* 1 or 2 digits followed by sep; advances *p. */
static int small_num(const char **p, char sep, int *v)
{
	const char *s = *p;
	int n = 0, k = 0;
	while (isdigit((unsigned char)s[k]) && k < 2)
		n = n * 10 + (s[k++] - '0');
	if (k == 0 || s[k] != sep)
		return -1;
	*v = n;
	*p = s + k + 1;
	return 0;
}

int day_parse_input(const char *s, day_t today, day_t *out)
{
	int y, m, d;
	if (!s)
		return -1;
	if (keyword(s, "today", "heute")) {
		*out = today;
		return 0;
	}
	if (keyword(s, "tomorrow", "morgen"))
		return day_add(today, 1, out);
	if (keyword(s, "yesterday", "gestern"))
		return day_add(today, -1, out);
	if ((s[0] == '+' || s[0] == '-') && isdigit((unsigned char)s[1])) {
		char *end;
		long n = strtol(s + 1, &end, 10);
		if (*end || n > 36500)
			return -1;
		return day_add(today, s[0] == '-' ? -n : n, out); /* within 1900-9999 */
	}
	if (day_parse_iso(s, out) == 0) {
		day_to_ymd(*out, &y, &m, &d);
		return y >= 1900 && y <= 9999 ? 0 : -1;
	}
	const char *p = s;
	if (small_num(&p, '.', &d) || small_num(&p, '.', &m))
		return -1;
	size_t n = strlen(p);
	if ((n != 4 && n != 2) || digits(p, (int)n, &y))
		return -1;
	if (n == 2)
		y += y <= 68 ? 2000 : 1900; /* as import reads two-digit years */
	if (y < 1900 || y > 9999 || !ymd_valid(y, m, d))
		return -1;
	*out = day_from_ymd(y, m, d);
	return 0;
}

int num_parse_input(const char *s, double *out)
{
	char buf[64];
	size_t n = 0;
	int marks = 0, digits_seen = 0;
	if (!s)
		return -1;
	if (*s == '+' || *s == '-')
		buf[n++] = *s++;
	for (; *s; s++) {
		if (n + 2 >= sizeof(buf))
			return -1;
		if (isdigit((unsigned char)*s)) {
			buf[n++] = *s;
			digits_seen++;
		} else if ((*s == '.' || *s == ',') && !marks++) {
			buf[n++] = '.';
		} else {
			return -1;
		}
	}
	if (!digits_seen)
		return -1;
	buf[n] = '\0';
	*out = strtod(buf, NULL);
	return 0;
}

char *day_format(day_t day, char buf[static 11])
{
	int y, m, d;
	if (day == DAY_NONE) {
		buf[0] = '\0';
		return buf;
	}
	day_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return buf;
}

char *day_format_lang(day_t day, enum lang lang, char buf[static 11])
{
	char iso[11];
	if (day == DAY_NONE) {
		snprintf(buf, 11, "–");
		return buf;
	}
	if (lang != LANG_DE)
		return day_format(day, buf);
	day_format(day, iso);
	/* YYYY-MM-DD -> DD.MM.YYYY */
	memcpy(buf, iso + 8, 2);
	buf[2] = '.';
	memcpy(buf + 3, iso + 5, 2);
	buf[5] = '.';
	memcpy(buf + 6, iso, 4);
	buf[10] = '\0';
	return buf;
}

day_t day_today(void)
{
	const char *fake = getenv("TREUE_TODAY"); /* for reproducible tests */
	day_t t;
	if (fake && day_parse_iso(fake, &t) == 0)
		return t;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* 1970-01-01 was a Thursday; Monday = 0. */
static int weekday_mon0(day_t day)
{
	int w = (int)((day + 3) % 7);
	return w < 0 ? w + 7 : w;
}

day_t day_from_iso_week(int year, int week)
{
	if (year < 1 || year > 9999 || week < 1 || week > 53)
		return DAY_NONE;
	day_t jan4 = day_from_ymd(year, 1, 4);
	day_t week1 = jan4 - weekday_mon0(jan4);
	day_t mon = week1 + (week - 1) * 7;
	if (week == 53) {
		int y2, w2;
		day_iso_week(mon, &y2, &w2);
		if (w2 != 53 || y2 != year)
			return DAY_NONE;
	}
	if (mon < DAY_MIN || mon > DAY_MAX - 6)
		return DAY_NONE; /* the whole week within 1900-9999 */
	return mon;
}

void day_iso_week(day_t day, int *year, int *week)
{
	day_t thursday = day - weekday_mon0(day) + 3;
	int y, m, d;
	day_to_ymd(thursday, &y, &m, &d);
	day_t jan1 = day_from_ymd(y, 1, 1);
	*year = y;
	*week = (thursday - jan1) / 7 + 1;
}

int parse_duration_days(const char *s, int *days)
{
	char *end;
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	long v = strtol(s, &end, 10);
	if (v < 0 || v > 100000)
		return -1;
	int mult = 1;
	if (*end == 'd' || *end == 't')
		end++;
	else if (*end == 'w')
		mult = 7, end++;
	else if (*end == 'm')
		mult = 30, end++;
	else if (*end == 'y' || *end == 'j')
		mult = 365, end++;
	if (*end)
		return -1;
	*days = (int)v * mult;
	return 0;
}
