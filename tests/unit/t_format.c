/*
 * t_format.c — numbers, amounts, dates and counts for people in both
 * languages (util/date.c, util/money.c, util/lang.c, report/format.c),
 * the names of fields (report/fields.c) and the audit trail in German
 * (report/audit_text.c).
 */
#include "report.h"
#include "test.h"

TEST(format_dates)
{
	char b[11];
	day_t d = day_from_ymd(2026, 11, 24);
	CHECK_STR(day_format_lang(d, LANG_DE, b), "24.11.2026");
	CHECK_STR(day_format_lang(d, LANG_EN, b), "2026-11-24");
	CHECK_STR(day_format_lang(day_from_ymd(2026, 1, 5), LANG_DE, b), "05.01.2026");
	CHECK_STR(day_format_lang(DAY_NONE, LANG_DE, b), "–");
	struct strbuf sb = STRBUF_INIT;
	fmt_day(&sb, LANG_DE, d);
	fmt_period(&sb, LANG_DE, d - 1, d);
	CHECK_STR(sb.buf, "24.11.202623.11.2026 bis 24.11.2026");
	sb_release(&sb);
}

TEST(format_numbers)
{
	char b[64];
	CHECK_STR(int_format_human(1902, LANG_DE, b), "1.902");
	CHECK_STR(int_format_human(1902, LANG_EN, b), "1,902");
	CHECK_STR(int_format_human(-1234567, LANG_DE, b), "-1.234.567");
	CHECK_STR(int_format_human(999, LANG_DE, b), "999");
	CHECK_STR(int_format_human(0, LANG_EN, b), "0");
	CHECK_STR(num_format_human(12345.67, 1, LANG_DE, b), "12.345,7");
	CHECK_STR(num_format_human(12345.67, 1, LANG_EN, b), "12,345.7");
	CHECK_STR(num_format_human(-28048.2635, 4, LANG_DE, b), "-28.048,2635");
	CHECK_STR(num_format_human(0.5, 2, LANG_DE, b), "0,50");
	CHECK_STR(num_format_human(-0.001, 1, LANG_DE, b), "0,0");
	CHECK_STR(num_format_human(NAN, 1, LANG_DE, b), "–");
	struct strbuf sb = STRBUF_INIT;
	fmt_pct(&sb, LANG_DE, 0.727);
	sb_adds(&sb, " ");
	fmt_pct(&sb, LANG_EN, 0.727);
	CHECK_STR(sb.buf, "72,7 % 72.7%");
	sb_reset(&sb);
	fmt_num(&sb, LANG_DE, 1234.5, 1);
	CHECK_STR(sb.buf, "1.234,5");
	sb_release(&sb);
}

TEST(format_amounts)
{
	char b[MONEY_AMOUNT_MAX];
	CHECK_STR(money_format_amount(123456, LANG_DE, "EUR", b), "1.234,56 €");
	CHECK_STR(money_format_amount(123456, LANG_EN, "EUR", b), "€1,234.56");
	CHECK_STR(money_format_amount(123456, LANG_DE, NULL, b), "1.234,56 €");
	CHECK_STR(money_format_amount(-123456, LANG_DE, "EUR", b), "-1.234,56 €");
	CHECK_STR(money_format_amount(-123456, LANG_EN, "", b), "-€1,234.56");
	CHECK_STR(money_format_amount(123456, LANG_DE, "CHF", b), "1.234,56 CHF");
	CHECK_STR(money_format_amount(123456, LANG_EN, "CHF", b), "CHF 1,234.56");
	CHECK_STR(money_format_amount(5, LANG_EN, "USD", b), "USD 0.05");
	CHECK_STR(money_unit("EUR"), "€");
	CHECK_STR(money_unit("GBP"), "GBP");
	struct strbuf sb = STRBUF_INIT;
	fmt_amount(&sb, LANG_DE, "EUR", 100);
	fmt_amount_d(&sb, LANG_EN, "EUR", NAN);
	CHECK_STR(sb.buf, "1,00 €–");
	sb_release(&sb);
	/* fmt_money stays the number alone: a column's heading names the unit */
	sb_init(&sb);
	fmt_money(&sb, LANG_DE, 123456);
	CHECK_STR(sb.buf, "1.234,56");
	sb_release(&sb);
}

TEST(format_money_input)
{
	int64_t c;
	CHECK(money_parse_input("1234,56", &c) == 0 && c == 123456);
	CHECK(money_parse_input("1.234,56", &c) == 0 && c == 123456);
	CHECK(money_parse_input("1,234.56", &c) == 0 && c == 123456);
	CHECK(money_parse_input("1234.56", &c) == 0 && c == 123456);
	CHECK(money_parse_input("1.234", &c) == 0 && c == 123400);
	CHECK(money_parse_input("12,5", &c) == 0 && c == 1250);
	CHECK(money_parse_input("-850", &c) == 0 && c == -85000);
	CHECK(money_parse_input("1.2.3", &c) < 0);
	CHECK(money_parse_input("1..2", &c) < 0);
	CHECK(money_parse_input("12,345,6", &c) < 0);
	CHECK(money_parse_input("", &c) < 0);
	CHECK(money_parse_input("abc", &c) < 0);
}

TEST(format_counts)
{
	struct strbuf sb = STRBUF_INIT;
	CHECK_STR(plural(1, "order", "orders"), "order");
	CHECK_STR(plural(0, "order", "orders"), "orders");
	CHECK_STR(plural(2, "Tag", "Tage"), "Tage");
	fmt_count(&sb, LANG_DE, 1, "Auftrag", "Aufträge");
	sb_adds(&sb, "; ");
	fmt_count(&sb, LANG_DE, 3, "Auftrag", "Aufträge");
	sb_adds(&sb, "; ");
	fmt_count(&sb, LANG_DE, 1902, "Kunde", "Kunden");
	sb_adds(&sb, "; ");
	fmt_count(&sb, LANG_EN, 1902, "customer", "customers");
	CHECK_STR(sb.buf, "1 Auftrag; 3 Aufträge; 1.902 Kunden; 1,902 customers");
	sb_reset(&sb);
	report_usual_interval(&sb, LANG_DE, 1);
	sb_adds(&sb, "; ");
	report_usual_interval(&sb, LANG_EN, 35);
	CHECK_STR(sb.buf, "sonst täglich; usually every 35 days");
	sb_release(&sb);
}

TEST(format_field_labels)
{
	struct strbuf sb = STRBUF_INIT;
	CHECK_STR(field_label("owner", "customer", LANG_DE), "Betreuer");
	CHECK_STR(field_label("owner", "promise", LANG_DE), "Verantwortlicher");
	CHECK_STR(field_label("owner", "promises", LANG_DE), "Verantwortlicher");
	CHECK_STR(field_label("made-on", NULL, LANG_DE), "zugesagt am");
	CHECK_STR(field_label("acquired_on", NULL, LANG_DE), "Kunde seit");
	CHECK_STR(field_label("what", "story", LANG_DE), "Tat");
	CHECK_STR(field_label("owner", "customer", LANG_EN), "owner");
	CHECK_STR(field_label("discount", NULL, LANG_DE), "discount");
	field_labels(&sb, "due, owner, texts", "promise", LANG_DE);
	CHECK_STR(sb.buf, "fällig am, Verantwortlicher, Texte");
	sb_release(&sb);
}

/* German text of one audit entry. */
static void audit_de(const char *action, const char *detail, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	audit_detail_text(&sb, action, detail, LANG_DE);
	if (strcmp(sb.buf, want))
		test_fail(__FILE__, __LINE__, "%s \"%s\" reads \"%s\", expected \"%s\"", action,
		          detail, sb.buf, want);
	sb_release(&sb);
}

TEST(format_audit_german)
{
	struct strbuf sb = STRBUF_INIT;
	audit_de("add", "promise 648", "Zusage 648");
	audit_de("add", "customer", "Kunde");
	audit_de("edit", "customer: owner, region", "Kunde: Betreuer, Region");
	audit_de("edit", "promise 648: due, owner", "Zusage 648: fällig am, Verantwortlicher");
	audit_de("delete", "survey 12", "Umfrage 12");
	audit_de("close", "promise 648: kept on 2026-11-30",
	         "Zusage 648: eingehalten am 30.11.2026");
	audit_de("close",
	         "promise 5: renegotiated on 2026-11-24; follow-up promise 6 due 2026-12-15",
	         "Zusage 5: neu verhandelt am 24.11.2026; neue Zusage 6 fällig am 15.12.2026");
	audit_de("close", "complaint 7: resolved on 2026-11-30, 1 why",
	         "Reklamation 7: erledigt am 30.11.2026, 1 Warum");
	audit_de("close", "complaint 7: resolved on 2026-11-30, 3 whys",
	         "Reklamation 7: erledigt am 30.11.2026, 3 Warums");
	audit_de("import", "customers /tmp/Kunden.csv", "Kunden /tmp/Kunden.csv");
	audit_de("import", "stories /tmp/s.csv", "Geschichten /tmp/s.csv");
	audit_de("import correction",
	         "customer K1: name \"A, B\" -> \"C\", acquired_on 2020-01-01 -> 2021-02-03",
	         "Kunde K1: Name \"A, B\" -> \"C\", Kunde seit 01.01.2020 -> 03.02.2021");
	audit_de("import correction", "order R1: revenue 1234.50 -> 1300.00",
	         "Auftrag R1: Umsatz 1.234,50 -> 1.300,00");
	audit_de("export", "customer data exported to a file",
	         "Kundendaten exportiert in eine Datei");
	audit_de(
	    "erase",
	    "customer erased (GDPR): personal texts deleted, id pseudonymised; 1 orders kept",
	    "Kunde gelöscht (DSGVO): persönliche Texte gelöscht, Kundennummer pseudonymisiert; "
	    "1 Auftrag behalten");
	audit_de("settings", "discount=0.08", "discount=0,08");
	audit_de("settings", "satisfied_min=7.5", "satisfied_min=7,5");
	audit_de("settings", "currency=CHF", "currency=CHF");
	audit_de("demo",
	         "seed=1 customers=1500 years=6 orders-per-customer=30 until=2026-11-24 texts=de",
	         "Startwert 1, 1.500 Kunden, 6 Jahre, 30 Aufträge je Kunde, bis 24.11.2026, Texte "
	         "deutsch");
	audit_de("user add", "user anna: role member, owner Anna",
	         "Benutzer anna: Rolle member, Betreuer Anna");
	audit_de("something new", "on 2026-11-30", "on 30.11.2026");
	/* English: as stored */
	audit_detail_text(&sb, "close", "promise 648: kept on 2026-11-30", LANG_EN);
	CHECK_STR(sb.buf, "promise 648: kept on 2026-11-30");
	sb_reset(&sb);
	audit_time_text(&sb, "2026-11-30T04:25:12Z", LANG_DE);
	CHECK_STR(sb.buf, "30.11.2026 04:25:12 UTC");
	sb_reset(&sb);
	audit_time_text(&sb, "2026-11-30T04:25:12Z", LANG_EN);
	CHECK_STR(sb.buf, "2026-11-30T04:25:12Z");
	CHECK_STR(audit_action_label("close", LANG_DE), "abgeschlossen");
	CHECK_STR(audit_action_label("close", LANG_EN), "close");
	sb_release(&sb);
}
