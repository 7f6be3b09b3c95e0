/* t_util.c — tests of util/: days, ISO weeks, money, strbuf, JSON, CSV output. */
#include "test.h"
#include "util.h"

TEST(util_days_roundtrip)
{
	char buf[11];
	CHECK_INT(day_from_ymd(1970, 1, 1), 0);
	CHECK_STR(day_format(day_from_ymd(2026, 11, 24), buf), "2026-11-24");
	for (day_t d = -1000; d < 100000; d += 7) {
		int y, m, dd;
		day_to_ymd(d, &y, &m, &dd);
		CHECK_INT(day_from_ymd(y, m, dd), d);
	}
	day_t x;
	CHECK(day_parse_iso("2026-02-31", &x) < 0);
	CHECK(day_parse_iso("2024-02-29", &x) == 0);
	CHECK(day_parse_iso("2023-02-29", &x) < 0);
	CHECK(day_parse_iso("2026-1-01", &x) < 0);
}

TEST(util_iso_week)
{
	int y, w;
	day_iso_week(day_from_ymd(2026, 11, 24), &y, &w);
	CHECK_INT(y, 2026);
	CHECK_INT(w, 48);
	day_iso_week(day_from_ymd(2021, 1, 3), &y, &w); /* Sunday: week 53 of 2020 */
	CHECK_INT(y, 2020);
	CHECK_INT(w, 53);
	CHECK_INT(day_from_iso_week(2026, 47), day_from_ymd(2026, 11, 16));
	CHECK(day_from_iso_week(2025, 53) == DAY_NONE);
	CHECK_INT(day_from_iso_week(2026, 53), day_from_ymd(2026, 12, 28));
}

TEST(util_money)
{
	int64_t c;
	char buf[40];
	CHECK(money_parse_plain("1234.56", &c) == 0 && c == 123456);
	CHECK(money_parse_plain("-0.5", &c) == 0 && c == -50);
	CHECK(money_parse_plain("12", &c) == 0 && c == 1200);
	CHECK(money_parse_plain("1.234", &c) < 0);
	CHECK(money_parse_plain("", &c) < 0);
	CHECK_STR(money_format(-123456, buf), "-1234.56");
	CHECK_STR(money_format(5, buf), "0.05");
	CHECK_STR(money_format_human(123456789, LANG_DE, buf), "1.234.567,89");
	CHECK_STR(money_format_human(-123456789, LANG_EN, buf), "-1,234,567.89");
}

TEST(util_json)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	json_init(&j, &sb, 0);
	json_obj_begin(&j);
	json_key(&j, "a");
	json_int(&j, 1);
	json_key(&j, "s");
	json_str(&j, "q\"\n\x01");
	json_key(&j, "arr");
	json_arr_begin(&j);
	json_double(&j, 0.5, 4);
	json_null(&j);
	json_money(&j, -1250);
	json_arr_end(&j);
	json_obj_end(&j);
	CHECK_STR(sb.buf, "{\"a\":1,\"s\":\"q\\\"\\n\\u0001\",\"arr\":[0.5,null,-12.50]}");
	sb_release(&sb);
}

TEST(util_csv_field)
{
	struct strbuf sb = STRBUF_INIT;
	csv_field(&sb, "a", 1);
	csv_field(&sb, "b,c", 0);
	csv_field(&sb, "say \"hi\"", 0);
	CHECK_STR(sb.buf, "a,\"b,c\",\"say \"\"hi\"\"\"");
	sb_release(&sb);
}

TEST(util_duration)
{
	int d;
	CHECK(parse_duration_days("14d", &d) == 0 && d == 14);
	CHECK(parse_duration_days("2w", &d) == 0 && d == 14);
	CHECK(parse_duration_days("30", &d) == 0 && d == 30);
	CHECK(parse_duration_days("x", &d) < 0);
}

/* One amount is at most ±MONEY_MAX; larger ones are told apart from text
 * that is no amount, also when they would overflow int64. */
TEST(util_money_cap)
{
	int64_t c = 0;
	CHECK(money_parse_plain("100000000000.00", &c) == 0 && c == MONEY_MAX);
	CHECK(money_parse_plain("-100000000000", &c) == 0 && c == -MONEY_MAX);
	CHECK_INT(money_parse_plain("100000000000.01", &c), -2);
	CHECK_INT(money_parse_plain("90000000000000000.00", &c), -2);
	CHECK_INT(money_parse_plain("99999999999999999999999999", &c), -2);
	CHECK_INT(money_parse_plain("99999999999999999999999999x", &c), -1);
}

/* Dates are 1900-01-01 to 9999-12-31, parsed and derived. */
TEST(util_date_range)
{
	day_t d = 0;
	CHECK_INT(day_parse_iso("1900-01-01", &d), 0);
	CHECK_INT(d, DAY_MIN);
	CHECK_INT(day_parse_iso("9999-12-31", &d), 0);
	CHECK_INT(d, DAY_MAX);
	CHECK_INT(day_parse_iso("1899-12-31", &d), -2);
	CHECK_INT(day_parse_iso("0000-01-01", &d), -1);
	CHECK_INT(day_parse_iso("2026-02-30", &d), -1);
	CHECK_INT(day_add(DAY_MAX - 1, 1, &d), 0);
	CHECK_INT(d, DAY_MAX);
	CHECK_INT(day_add(DAY_MAX, 1, &d), -1);
	CHECK_INT(day_add(DAY_MIN, -1, &d), -1);
	CHECK_INT(day_add(0, (int64_t)100000 * 365, &d), -1);
	CHECK_INT(day_add(0, INT64_MAX, &d), -1);
	CHECK_INT(day_add(DAY_MAX + 1, -5, &d), -1);
}

/* Text cells that start like a formula get a leading '; numbers stay. */
TEST(util_csv_formula_guard)
{
	struct strbuf sb = STRBUF_INIT;
	csv_text(&sb, "=1+1", 1);
	csv_text(&sb, "+49 30 1234", 0);
	csv_text(&sb, "-K2", 0);
	csv_text(&sb, "@SUM(A1)", 0);
	csv_text(&sb, "\tx", 0);
	csv_text(&sb, "=HYPERLINK(\"a\",\"b\")", 0);
	csv_text(&sb, "Müller", 0);
	CHECK_STR(sb.buf,
	          "'=1+1,'+49 30 1234,'-K2,'@SUM(A1),'\tx,\"'=HYPERLINK(\"\"a\"\",\"\"b\"\")\","
	          "Müller");
	sb_reset(&sb);
	csv_field(&sb, "-12.50", 1);
	csv_field(&sb, "-1.234,56", 0);
	csv_field(&sb, "2026-11-24", 0);
	csv_field(&sb, "-1+cmd|' /C calc'!A0", 0);
	csv_field(&sb, "=2+3", 0);
	CHECK_STR(sb.buf, "-12.50,\"-1.234,56\",2026-11-24,'-1+cmd|' /C calc'!A0,'=2+3");
	sb_reset(&sb);
	csv_cell(&sb, "=a;b", ';', 1);
	CHECK_STR(sb.buf, "\"'=a;b\"");
	CHECK_STR(csv_unguard("'=x"), "=x");
	CHECK_STR(csv_unguard("'x"), "'x");
	CHECK_STR(csv_unguard("=x"), "=x");
	sb_release(&sb);
}

/* Controls, C1 controls, bidirectional overrides and broken UTF-8 are shown
 * escaped; everything else, umlauts and Arabic included, as it is. */
TEST(util_visible_text)
{
	struct strbuf sb = STRBUF_INIT;
	sb_add_visible(&sb, "a\x1b[2Jb\tc\nd\x7f", 0);
	CHECK_STR(sb.buf, "a\\x1b[2Jb\\x09c\\x0ad\\x7f");
	sb_reset(&sb);
	sb_add_visible(&sb, "line 1\nline\r2", 1);
	CHECK_STR(sb.buf, "line 1\nline\\x0d2");
	sb_reset(&sb);
	/* U+202E RLO, U+2066 LRI, U+200F RLM, U+061C ALM, U+009B CSI */
	sb_add_visible(&sb,
	               "\xe2\x80\xae"
	               "fdp.exe \xe2\x81\xa6x \xe2\x80\x8f \xd8\x9c \xc2\x9b",
	               0);
	CHECK_STR(sb.buf, "\\u202efdp.exe \\u2066x \\u200f \\u061c \\u009b");
	sb_reset(&sb);
	sb_add_visible(&sb, "Müller \xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a \xe2\x82\xac", 0);
	CHECK_STR(sb.buf, "Müller \xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a \xe2\x82\xac");
	sb_reset(&sb);
	sb_add_visible(&sb, "bad \xff\xc3 end \xe0\x80\xaf", 0); /* stray, truncated, overlong */
	CHECK_STR(sb.buf, "bad \\xff\\xc3 end \\xe0\\x80\\xaf");
	CHECK(text_is_visible("Müller GmbH"));
	CHECK(!text_is_visible("K1\x1b"));
	sb_release(&sb);
}

/* An ISO week outside 1900-9999 is no week (found by fuzz_journal). */
TEST(util_iso_week_range)
{
	CHECK_INT(day_from_iso_week(1013, 47), DAY_NONE);
	CHECK_INT(day_from_iso_week(1899, 52), DAY_NONE);
	CHECK_INT(day_from_iso_week(1900, 1), DAY_MIN);
	CHECK(day_from_iso_week(9999, 51) != DAY_NONE);
	CHECK_INT(day_from_iso_week(9999, 52), DAY_NONE); /* it ends in the year 10000 */
	CHECK_INT(day_from_iso_week(2026, 47), day_from_ymd(2026, 11, 16));
}

TEST(day_parse_input_forms)
{
	day_t today = day_from_ymd(2026, 11, 24), d;
	CHECK(day_parse_input("2026-11-24", today, &d) == 0 && d == today);
	CHECK(day_parse_input("24.11.2026", today, &d) == 0 && d == today);
	CHECK(day_parse_input("1.2.2026", today, &d) == 0 && d == day_from_ymd(2026, 2, 1));
	CHECK(day_parse_input("24.11.26", today, &d) == 0 && d == today);
	CHECK(day_parse_input("24.11.69", today, &d) == 0 && d == day_from_ymd(1969, 11, 24));
	CHECK(day_parse_input("heute", today, &d) == 0 && d == today);
	CHECK(day_parse_input("Today", today, &d) == 0 && d == today);
	CHECK(day_parse_input("morgen", today, &d) == 0 && d == today + 1);
	CHECK(day_parse_input("yesterday", today, &d) == 0 && d == today - 1);
	CHECK(day_parse_input("+7", today, &d) == 0 && d == today + 7);
	CHECK(day_parse_input("-30", today, &d) == 0 && d == today - 30);
	CHECK(day_parse_input("1900-01-01", today, &d) == 0);
	CHECK(day_parse_input("31.12.9999", today, &d) == 0);
	CHECK(day_parse_input("1899-12-31", today, &d) < 0);
	CHECK(day_parse_input("31.02.2026", today, &d) < 0);
	CHECK(day_parse_input("24.11.", today, &d) < 0);
	CHECK(day_parse_input("24/11/2026", today, &d) < 0);
	CHECK(day_parse_input("+", today, &d) < 0);
	CHECK(day_parse_input("+7d", today, &d) < 0);
	CHECK(day_parse_input("", today, &d) < 0);
	CHECK(day_parse_input("123.11.2026", today, &d) < 0);
}

TEST(num_parse_input_forms)
{
	double x;
	CHECK(num_parse_input("0.08", &x) == 0 && fabs(x - 0.08) < 1e-12);
	CHECK(num_parse_input("0,08", &x) == 0 && fabs(x - 0.08) < 1e-12);
	CHECK(num_parse_input("+5", &x) == 0 && x == 5);
	CHECK(num_parse_input("-2,5", &x) == 0 && x == -2.5);
	CHECK(num_parse_input(",5", &x) == 0 && x == 0.5);
	CHECK(num_parse_input("1.234,5", &x) < 0);
	CHECK(num_parse_input("1e3", &x) < 0);
	CHECK(num_parse_input("0x10", &x) < 0);
	CHECK(num_parse_input("inf", &x) < 0);
	CHECK(num_parse_input("", &x) < 0);
	CHECK(num_parse_input("-", &x) < 0);
	CHECK(num_parse_input(" 5", &x) < 0);
}
