/* t_ingest_sniff.c — dates and money judged per column, every form and
 * ambiguity; scores on other scales. */
#include "ingest.h"
#include "test.h"

static day_t D(int y, int m, int d)
{
	return day_from_ymd(y, m, d);
}

/* The day s reads as with the given order, or DAY_NONE. */
static day_t date_of(const char *s, enum date_order o)
{
	day_t d;
	const char *why;
	return date_parse(s, o, &d, &why, LANG_EN) ? DAY_NONE : d;
}

TEST(date_every_form)
{
	day_t want = D(2026, 11, 24);
	CHECK_INT(date_of("2026-11-24", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("24.11.2026", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("24.11.26", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("11/24/2026", DATE_ORDER_MDY), want);
	CHECK_INT(date_of("24/11/2026", DATE_ORDER_DMY), want);
	CHECK_INT(date_of("20261124", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("2026/11/24", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("1.2.2026", DATE_ORDER_UNKNOWN), D(2026, 2, 1));
	CHECK_INT(date_of("2026-1-5", DATE_ORDER_UNKNOWN), D(2026, 1, 5));
	CHECK_INT(date_of(" 24.11.2026 ", DATE_ORDER_UNKNOWN), want);
	/* two-digit years: 00-68 -> 20xx, 69-99 -> 19xx */
	CHECK_INT(date_of("01.01.68", DATE_ORDER_UNKNOWN), D(2068, 1, 1));
	CHECK_INT(date_of("01.01.69", DATE_ORDER_UNKNOWN), D(1969, 1, 1));
}

TEST(date_time_of_day_dropped)
{
	day_t want = D(2026, 11, 24);
	CHECK_INT(date_of("2026-11-24 14:30", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("2026-11-24T14:30:00Z", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("2026-11-24T14:30:00.123+01:00", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("24.11.2026 00:00:00", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("24.11.2026 14:30 Uhr", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("11/24/2026 2:30 PM", DATE_ORDER_MDY), want);
	CHECK_INT(date_of("20261124 23:59:59", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("24.11.2026, 14:30", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("24.11.2026 later", DATE_ORDER_UNKNOWN), DAY_NONE);
	CHECK_INT(date_of("24.11.2026 25:00", DATE_ORDER_UNKNOWN), DAY_NONE);
	/* a time zone word after the time is dropped with it */
	CHECK_INT(date_of("24.11.2026 14:30 MEZ", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("24.11.2026 14:30:05 MESZ", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("24.11.2026 14:30 Uhr MEZ", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("2026-11-24 14:30 CET", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("2026-11-24 14:30 cest", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("2026-11-24 14:30 UTC", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("2026-11-24 14:30 Z", DATE_ORDER_UNKNOWN), want);
	CHECK_INT(date_of("11/24/2026 2:30 PM CET", DATE_ORDER_MDY), want);
	CHECK_INT(date_of("24.11.2026 14:30 MEZX", DATE_ORDER_UNKNOWN), DAY_NONE);
	CHECK_INT(date_of("24.11.2026 MEZ", DATE_ORDER_UNKNOWN), DAY_NONE);
}

TEST(date_invalid_rejected)
{
	const char *why = NULL;
	day_t d;
	CHECK(date_parse("31.02.2026", DATE_ORDER_UNKNOWN, &d, &why, LANG_EN) < 0);
	CHECK_STR(why, "is not a date");
	CHECK_INT(date_of("29.02.2025", DATE_ORDER_UNKNOWN), DAY_NONE);
	CHECK_INT(date_of("29.02.2024", DATE_ORDER_UNKNOWN), D(2024, 2, 29));
	CHECK_INT(date_of("2026-13-01", DATE_ORDER_UNKNOWN), DAY_NONE);
	CHECK_INT(date_of("20261301", DATE_ORDER_UNKNOWN), DAY_NONE);
	CHECK_INT(date_of("24.11.202", DATE_ORDER_UNKNOWN), DAY_NONE);
	CHECK_INT(date_of("24-11.2026", DATE_ORDER_UNKNOWN), DAY_NONE);
	CHECK_INT(date_of("tomorrow", DATE_ORDER_UNKNOWN), DAY_NONE);
	CHECK_INT(date_of("46350", DATE_ORDER_UNKNOWN), DAY_NONE); /* an Excel serial */
	CHECK_INT(date_of("", DATE_ORDER_UNKNOWN), DAY_NONE);
	/* a slash date needs the column's order */
	CHECK(date_parse("03/04/2026", DATE_ORDER_UNKNOWN, &d, &why, LANG_EN) < 0);
	CHECK(strstr(why, "--date-order") != NULL);
	CHECK_INT(date_of("11/24/2026", DATE_ORDER_DMY), DAY_NONE);
}

static enum date_order judge_dates(const char *const *v)
{
	struct date_judge j = {0};
	for (; *v; v++)
		date_judge_add(&j, *v);
	return date_judge_order(&j);
}

TEST(date_order_decided_by_column)
{
	static const char *const dmy[] = {"03/04/2026", "05/06/2026", "24/11/2026", NULL};
	static const char *const mdy[] = {"03/04/2026", "11/24/2026", "", NULL};
	static const char *const undecided[] = {"03/04/2026", "01/02/2026", NULL};
	static const char *const dashes[] = {"03-04-2026", "13-04-2026", NULL};
	CHECK_INT(judge_dates(dmy), DATE_ORDER_DMY);
	CHECK_INT(judge_dates(mdy), DATE_ORDER_MDY);
	CHECK_INT(judge_dates(undecided), DATE_ORDER_UNKNOWN);
	CHECK_INT(judge_dates(dashes), DATE_ORDER_DMY);
	/* so 03/04/2026 is the 3rd of April in one column, March 4th in the other */
	CHECK_INT(date_of("03/04/2026", judge_dates(dmy)), D(2026, 4, 3));
	CHECK_INT(date_of("03/04/2026", judge_dates(mdy)), D(2026, 3, 4));
}

TEST(date_judge_describes)
{
	struct date_judge j = {0};
	struct strbuf sb = STRBUF_INIT;
	date_judge_add(&j, "24.11.2026 10:00");
	date_judge_add(&j, "2026-11-24");
	date_judge_describe(&j, DATE_ORDER_UNKNOWN, &sb, LANG_EN);
	CHECK_STR(sb.buf, "YYYY-MM-DD, DD.MM.YYYY (time of day dropped)");
	CHECK_INT(j.values, 2);
	sb_release(&sb);
}

/* The cents s reads as with the given decimal mark, or -999999 on error. */
static int64_t cents(const char *s, char mark)
{
	int64_t c;
	const char *why;
	return money_parse(s, mark, &c, &why, LANG_EN) ? -999999 : c;
}

TEST(money_every_form)
{
	CHECK_INT(cents("1234.56", '.'), 123456);
	CHECK_INT(cents("1,234.56", '.'), 123456);
	CHECK_INT(cents("1.234,56", ','), 123456);
	CHECK_INT(cents("1234,56", ','), 123456);
	CHECK_INT(cents("\xe2\x82\xac 1.234,56", ','), 123456);
	CHECK_INT(cents("1.234,56 \xe2\x82\xac", ','), 123456);
	CHECK_INT(cents("1.234,56\xe2\x82\xac", ','), 123456);
	CHECK_INT(cents("EUR 1.234,56", ','), 123456);
	CHECK_INT(cents("1.234,56 EUR", ','), 123456);
	CHECK_INT(cents("$1,234.56", '.'), 123456);
	CHECK_INT(cents("-12,50", ','), -1250);
	CHECK_INT(cents("(12.50)", '.'), -1250);
	CHECK_INT(cents("12,50-", ','), -1250); /* SAP */
	CHECK_INT(cents("-\xe2\x82\xac 12,50", ','), -1250);
	CHECK_INT(cents("\xe2\x82\xac -12,50", ','), -1250);
	CHECK_INT(cents("1 234,56", ','), 123456);
	CHECK_INT(cents("1\xc2\xa0"
	                "234,56",
	                ','),
	          123456);                         /* no-break space */
	CHECK_INT(cents("1'234.56", '.'), 123456); /* Swiss */
	CHECK_INT(cents("1.234.567", ','), 123456700);
	CHECK_INT(cents("12", '.'), 1200);
	CHECK_INT(cents("0,5", ','), 50);
	CHECK_INT(cents(",5", ','), 50);
	CHECK_INT(cents("+7.00", '.'), 700);
}

TEST(money_bad_values)
{
	const char *why;
	int64_t c;
	CHECK_INT(cents("12.345", '.'), -999999); /* more than two decimals */
	CHECK(money_parse("0.123", '.', &c, &why, LANG_EN) < 0 && strstr(why, "two decimals"));
	CHECK(money_parse("12.345", '.', &c, &why, LANG_EN) < 0 && strstr(why, "decimal point"));
	CHECK_INT(cents("1.23.456", ','), -999999);
	CHECK_INT(cents("12,34,567", '.'), -999999);
	CHECK_INT(cents("abc", '.'), -999999);
	CHECK_INT(cents("12 apples", '.'), -999999);
	CHECK_INT(cents("--12", '.'), -999999);
	CHECK_INT(cents("-", '.'), -999999);
	CHECK_INT(cents("12.", '.'), -999999);
	CHECK_INT(cents("99999999999999999999", '.'), -999999);
	/* the other mark would have worked: the message says which mark the column has */
	CHECK(money_parse("1,234.56", ',', &c, &why, LANG_EN) < 0 && strstr(why, "decimal comma"));
}

static char judge_money(const char *const *v, char dflt)
{
	struct money_judge j = {0};
	for (; *v; v++)
		money_judge_add(&j, *v);
	return money_judge_mark(&j, dflt);
}

TEST(money_mark_decided_by_column)
{
	/* 1.234 next to 12,50: comma decimal, so 1.234 is 1234.00 */
	static const char *const de[] = {"1.234", "12,50", NULL};
	/* 1,234 next to 12.50: point decimal, so 1,234 is 1234.00 */
	static const char *const en[] = {"1,234", "12.50", NULL};
	/* only 1.234 / only 1,234: two decimals at most, so only grouping fits */
	static const char *const only_dot3[] = {"1.234", "5.000", NULL};
	static const char *const only_comma3[] = {"1,234", "", NULL};
	/* nothing shows the mark: the default */
	static const char *const whole[] = {"12", "-7", NULL};
	static const char *const full[] = {"1.234,56", "1,234.56", "9,99", NULL};
	CHECK(judge_money(de, '.') == ',');
	CHECK(judge_money(en, ',') == '.');
	CHECK(judge_money(only_dot3, '.') == ',');
	CHECK(judge_money(only_comma3, ',') == '.');
	CHECK(judge_money(whole, ',') == ',');
	CHECK(judge_money(whole, '.') == '.');
	CHECK(judge_money(full, '.') == ','); /* majority */
	CHECK_INT(cents("1.234", judge_money(de, '.')), 123400);
	CHECK_INT(cents("1,234", judge_money(en, ',')), 123400);
	CHECK_INT(cents("1.234", judge_money(only_dot3, '.')), 123400);
	CHECK_INT(cents("1,234", judge_money(only_comma3, ',')), 123400);
}

TEST(money_currencies)
{
	struct money_judge j = {0};
	struct strbuf sb = STRBUF_INIT;
	money_judge_add(&j, "\xe2\x82\xac 12,50");
	money_judge_add(&j, "12,50 EUR");
	money_judge_add(&j, "7,00");
	CHECK_INT(money_judge_currencies(&j, NULL), 1);
	money_judge_add(&j, "$ 3.00");
	CHECK_INT(money_judge_currencies(&j, &sb), 2);
	CHECK_STR(sb.buf, "EUR, USD");
	sb_release(&sb);
}

static int tenths(const char *x, const char *scale)
{
	struct scale sc;
	int64_t m;
	int t;
	if (scale_parse(scale, &sc) || score_parse(x, &m) || score_normalise(m, &sc, &t))
		return -1;
	return t;
}

TEST(score_scales)
{
	CHECK_INT(tenths("7.5", "0-10"), 75);
	CHECK_INT(tenths("7,5", "0-10"), 75);
	CHECK_INT(tenths("1", "1-5"), 0);
	CHECK_INT(tenths("3", "1-5"), 50);
	CHECK_INT(tenths("4", "1-5"), 75);
	CHECK_INT(tenths("5", "1-5"), 100);
	CHECK_INT(tenths("4", "1-7"), 50);
	CHECK_INT(tenths("6", "1-7"), 83); /* 8.333 -> 8.3 */
	CHECK_INT(tenths("2", "1-7"), 17); /* 1.667 -> 1.7 */
	CHECK_INT(tenths("75", "0-100"), 75);
	CHECK_INT(tenths("75%", "0-100"), 75);
	CHECK_INT(tenths("99", "0-100"), 99);
	CHECK_INT(tenths("6", "1-5"), -1); /* outside the scale */
	CHECK_INT(tenths("0", "1-5"), -1);
	CHECK_INT(tenths("11", "0-10"), -1);
	CHECK_INT(tenths("-1", "0-10"), -1);
	CHECK_INT(tenths("abc", "0-10"), -1);
	CHECK_INT(tenths("3", "1..5"), 50);
	CHECK_INT(tenths("3", "1\xe2\x80\x93"
	                      "5"),
	          50);
	struct scale sc;
	CHECK(scale_parse("5-1", &sc) < 0);
	CHECK(scale_parse("1-", &sc) < 0);
	CHECK(scale_parse("x", &sc) < 0);
	CHECK(scale_parse("-5-5", &sc) == 0 && sc.min == -5000 && sc.max == 5000);
	struct strbuf sb = STRBUF_INIT;
	CHECK(scale_parse("0.5-5", &sc) == 0);
	scale_format(&sc, &sb);
	CHECK_STR(sb.buf, "0.5-5");
	sb_release(&sb);
}

/* A number outside the scale is called so, whatever its form; only what is
 * no number at all is "not a number". */
TEST(score_read_tells_outside_the_scale_from_not_a_number)
{
	struct scale sc = SCALE_DEFAULT, neg;
	int t = -7;
	CHECK_INT(score_read("-1", &sc, &t), -2);
	CHECK_INT(score_read("10.0001", &sc, &t), -2);
	CHECK_INT(score_read("-0.0001", &sc, &t), -2);
	CHECK_INT(score_read("-0,5", &sc, &t), -2);
	CHECK_INT(score_read("11", &sc, &t), -2);
	CHECK_INT(score_read("10.0000", &sc, &t), 0);
	CHECK_INT(t, 100);
	CHECK_INT(score_read("0.0001", &sc, &t), 0); /* inside; stored to one decimal */
	CHECK_INT(t, 0);
	CHECK_INT(score_read("7.45", &sc, &t), 0);
	CHECK_INT(t, 75);
	CHECK_INT(score_read("+7", &sc, &t), 0);
	CHECK_INT(score_read("sieben", &sc, &t), -1);
	CHECK_INT(score_read("7.", &sc, &t), -1);
	CHECK_INT(score_read("--1", &sc, &t), -1);
	CHECK_INT(score_read("", &sc, &t), -1);
	CHECK(scale_parse("-5-5", &neg) == 0);
	CHECK_INT(score_read("-5", &neg, &t), 0);
	CHECK_INT(t, 0);
	CHECK_INT(score_read("-5.001", &neg, &t), -2);
	CHECK_INT(score_read("-4.9999", &neg, &t), 0);
}

/* The one id rule of import and add. */
TEST(ingest_id_rule)
{
	const char *start, *why;
	size_t n;
	struct strbuf sb = STRBUF_INIT;
	struct err e;
	err_init(&e, LANG_EN);
	CHECK_INT(ingest_id_check(" \tK10001 \t", &start, &n, &why, LANG_EN), 0);
	CHECK_INT(n, 6);
	CHECK(!strncmp(start, "K10001", 6));
	CHECK_INT(ingest_id_check("   ", &start, &n, &why, LANG_EN), -1);
	CHECK_STR(why, "is empty");
	CHECK_INT(ingest_id_check("K1\x1b[2J", &start, &n, &why, LANG_EN), -1);
	CHECK(strstr(why, "control character") != NULL);
	CHECK_INT(ingest_id_check("K\tX", &start, &n, &why, LANG_EN), -1);
	CHECK_INT(ingest_id_check("K\xe2\x80\xae", &start, &n, &why, LANG_EN), -1);
	CHECK_INT(ingest_id_check("K\xff", &start, &n, &why, LANG_EN), -1);
	CHECK_INT(ingest_id_check("Kd-Nr. 4711/Ä", &start, &n, &why, LANG_EN), 0);
	/* printable ASCII passes without a copy; DEL, the end of it, does not,
	 * and neither does a control character after the trimmed end */
	CHECK_INT(ingest_id_check("K 1~!", &start, &n, &why, LANG_EN), 0);
	CHECK_INT(ingest_id_check("K\x7f"
	                          "1",
	                          &start, &n, &why, LANG_EN),
	          -1);
	CHECK_INT(ingest_id_check("K\x01 ", &start, &n, &why, LANG_EN), -1);
	CHECK_INT(ingest_id_check("K1 \x01", &start, &n, &why, LANG_EN), -1);
	char longid[300];
	memset(longid, '1', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	CHECK_INT(ingest_id_check(longid, &start, &n, &why, LANG_EN), -1);
	longid[INGEST_ID_MAX] = '\0';
	CHECK_INT(ingest_id_check(longid, &start, &n, &why, LANG_EN), 0);
	CHECK_INT(ingest_id_norm(" K7 ", "id", &sb, &e), 0);
	CHECK_STR(sb.buf, "K7");
	CHECK_INT(ingest_id_norm("", "id", &sb, &e), -1);
	CHECK_STR(e.field, "id");
	sb_release(&sb);
}

/* A workbook's number cell holds an amount within the same cap as text
 * (±100,000,000,000.00). */
TEST(workbook_amount_cap)
{
	int64_t c = 0;
	const char *why = "";
	CHECK_INT(cell_number_cents("100000000000", &c, &why, LANG_EN), 0);
	CHECK(c == MONEY_MAX);
	CHECK_INT(cell_number_cents("-100000000000", &c, &why, LANG_EN), 0);
	CHECK(c == -MONEY_MAX);
	CHECK_INT(cell_number_cents("100000000000.01", &c, &why, LANG_EN), -1);
	CHECK(strstr(why, "beyond the largest amount") != NULL);
	CHECK_INT(cell_number_cents("9999999999999", &c, &why, LANG_EN), -1);
	CHECK(strstr(why, "beyond the largest amount") != NULL);
}
