/* t_journal.c — the journal's vocabulary and validation, recurring words
 * and promise outcomes (src/journal/journal_check.c, journal_words.c). */
#include <stdlib.h>

#include "../../src/journal/journal.h"
#include "test.h"

static day_t D(const char *iso)
{
	day_t d = DAY_NONE;
	if (day_parse_iso(iso, &d))
		test_fail(__FILE__, __LINE__, "bad date %s", iso);
	return d;
}

TEST(journal_kinds)
{
	CHECK_INT(journal_kind_parse("dialog"), JK_DIALOG);
	CHECK_INT(journal_kind_parse("Dialogues"), JK_DIALOG);
	CHECK_INT(journal_kind_parse("Dialoge"), JK_DIALOG);
	CHECK_INT(journal_kind_parse("promises"), JK_PROMISE);
	CHECK_INT(journal_kind_parse("Versprechen"), JK_PROMISE);
	CHECK_INT(journal_kind_parse("Reklamationen"), JK_COMPLAINT);
	CHECK_INT(journal_kind_parse("stories"), JK_STORY);
	CHECK_INT(journal_kind_parse("Empfehlung"), JK_REFERRAL);
	CHECK_INT(journal_kind_parse("Abgänge"), JK_DEPARTURE);
	CHECK_INT(journal_kind_parse("surveys"), JK_SURVEY);
	CHECK_INT(journal_kind_parse("Kundengespräche"), JK_DIALOG);
	CHECK_INT(journal_kind_parse("Zusage"), JK_PROMISE);
	CHECK_INT(journal_kind_parse("orders"), -1);
	CHECK_INT(journal_kind_parse("Kunden"), -1);
	CHECK_INT(journal_kind_parse(NULL), -1);
	for (int k = 0; k < JK__COUNT; k++)
		CHECK_INT(journal_kind_parse(journal_kind_name[k]), k);
}

TEST(journal_touchpoints)
{
	struct err e = {0};
	const char *c = NULL;
	err_clear(&e);
	CHECK_INT(journal_touchpoint_parse("Service", &c, &e), 0);
	CHECK_STR(c, "service");
	CHECK_INT(journal_touchpoint_parse("Vertrieb", &c, &e), 0);
	CHECK_STR(c, "sales");
	CHECK_INT(journal_touchpoint_parse("Geschäftsführung", &c, &e), 0);
	CHECK_STR(c, "management");
	CHECK_INT(journal_touchpoint_parse("buchhaltung", &c, &e), 0);
	CHECK_STR(c, "billing");
	CHECK_INT(journal_touchpoint_parse("canteen", &c, &e), -1);
	CHECK(strstr(e.msg, "canteen") &&
	      strstr(e.msg, "sales, service, billing, management, other"));
	e.lang = LANG_DE;
	CHECK_INT(journal_touchpoint_parse("Kantine", &c, &e), -1);
	CHECK(strstr(e.msg, "unbekannter Kontaktpunkt") != NULL);
	CHECK_STR(journal_touchpoint_label("billing", LANG_DE), "Buchhaltung");
	e.lang = LANG_EN;
	CHECK_STR(journal_touchpoint_label("billing", LANG_EN), "billing");
	CHECK_STR(journal_touchpoint_label("kiosk", LANG_EN), "kiosk");
}

TEST(journal_scores)
{
	struct err e = {0};
	int t = -5;
	char buf[8];
	err_clear(&e);
	CHECK_INT(journal_score_parse("0", &t, &e), 0);
	CHECK_INT(t, 0);
	CHECK_INT(journal_score_parse("10", &t, &e), 0);
	CHECK_INT(t, 100);
	CHECK_INT(journal_score_parse("8.5", &t, &e), 0);
	CHECK_INT(t, 85);
	CHECK_INT(journal_score_parse("8,5", &t, &e), 0);
	CHECK_INT(t, 85);
	CHECK_INT(journal_score_parse("07", &t, &e), 0);
	CHECK_INT(t, 70);
	static const char *const bad[] = {"",   "10.1", "11", "-1",  "8.25",
	                                  "8.", ".5",   "x",  "100", "8 "};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (journal_score_parse(bad[i], &t, &e) != -1)
			test_fail(__FILE__, __LINE__, "\"%s\" was taken as a score", bad[i]);
	CHECK(strstr(e.msg, "0 to 10") != NULL);
	CHECK_STR(journal_score_format(85, buf), "8.5");
	CHECK_STR(journal_score_format(100, buf), "10");
	CHECK_STR(journal_score_format(0, buf), "0");
	CHECK_STR(journal_score_format(SCORE_NONE, buf), "");
}

TEST(journal_story_kinds_and_status_words)
{
	struct err e = {0};
	enum story_kind k = STORY_TNT;
	enum promise_status ps = PROMISE_OPEN;
	enum complaint_status cs = COMPLAINT_OPEN;
	err_clear(&e);
	CHECK_INT(journal_story_kind_parse("extra-mile", &k, &e), 0);
	CHECK_INT(k, STORY_EXTRA_MILE);
	CHECK_INT(journal_story_kind_parse("TNT", &k, &e), 0);
	CHECK_INT(k, STORY_TNT);
	CHECK_INT(journal_story_kind_parse("Extrameile", &k, &e), 0);
	CHECK_INT(k, STORY_EXTRA_MILE);
	CHECK_INT(journal_story_kind_parse("saga", &k, &e), -1);
	CHECK(strstr(e.msg, "valid kinds: extra_mile (extra mile), tnt (tiny noticeable thing)"));
	CHECK_INT(journal_promise_status_parse("nicht eingehalten", &ps, &e), 0);
	CHECK_INT(ps, PROMISE_BROKEN);
	CHECK_INT(journal_promise_status_parse("Neu verhandelt", &ps, &e), 0);
	CHECK_INT(ps, PROMISE_RENEGOTIATED);
	CHECK_INT(journal_promise_status_parse("gehalten", &ps, &e), 0);
	CHECK_INT(ps, PROMISE_KEPT);
	CHECK_INT(journal_promise_status_parse("maybe", &ps, &e), -1);
	CHECK(strstr(e.msg, "unknown promise status \"maybe\"; valid: open, kept, broken, "
	                    "renegotiated"));
	e.lang = LANG_DE;
	CHECK_INT(journal_promise_status_parse("vielleicht", &ps, &e), -1);
	CHECK(strstr(e.msg, "gültig sind: offen, eingehalten, gebrochen, neu verhandelt"));
	e.lang = LANG_EN;
	CHECK_INT(journal_complaint_status_parse("gelöst", &cs, &e), 0);
	CHECK_INT(cs, COMPLAINT_RESOLVED);
	CHECK_INT(journal_complaint_status_parse("offen", &cs, &e), 0);
	CHECK_INT(cs, COMPLAINT_OPEN);
}

TEST(journal_reasons)
{
	struct err e = {0};
	const char *r = NULL;
	err_clear(&e);
	CHECK_INT(journal_reason_parse("Lieferverzug", &r, &e), 0);
	CHECK_STR(r, "late_delivery");
	CHECK_INT(journal_reason_parse("billing error", &r, &e), 0);
	CHECK_STR(r, "billing");
	CHECK_INT(journal_reason_parse("LATE-DELIVERY", &r, &e), 0);
	CHECK_STR(r, "late_delivery");
	CHECK_INT(journal_reason_parse("weather", &r, &e), -1);
	/* the error names every valid reason, in the chosen language */
	for (int i = 0; i < vocab_count(VOCAB_REASON); i++)
		CHECK(strstr(e.msg, vocab_label(VOCAB_REASON, i, LANG_EN, VOCAB_ONE)) != NULL);
	e.lang = LANG_DE;
	CHECK_INT(journal_reason_parse("Wetter", &r, &e), -1);
	for (int i = 0; i < vocab_count(VOCAB_REASON); i++)
		CHECK(strstr(e.msg, vocab_label(VOCAB_REASON, i, LANG_DE, VOCAB_ONE)) != NULL);
	CHECK(strstr(e.msg, "expectations") == NULL); /* no English in German */
	CHECK(strstr(e.msg, "unbekannter Grund \"Wetter\"") != NULL);
	CHECK_STR(journal_reason_label("late_delivery", LANG_DE), "Lieferverzug");
	e.lang = LANG_EN;
	CHECK_STR(journal_reason_label("late_delivery", LANG_EN), "late delivery");
}

TEST(journal_dates_whys_texts)
{
	struct err e = {0};
	const char *why[JOURNAL_WHYS] = {NULL};
	day_t mon = DAY_NONE;
	err_clear(&e);
	CHECK_INT(journal_check_due(D("2026-11-24"), D("2026-11-24"), &e), 0);
	CHECK_INT(journal_check_due(D("2026-11-24"), D("2026-11-23"), &e), -1);
	CHECK(strstr(e.msg, "2026-11-23") && strstr(e.msg, "before the promise was made"));
	CHECK_INT(journal_check_closed(D("2026-11-24"), D("2026-11-20"), &e), -1);
	CHECK_INT(journal_check_closed(D("2026-11-24"), DAY_NONE, &e), 0);
	for (int i = 0; i < 5; i++)
		CHECK_INT(journal_whys_append(why, "because", &e), 0);
	CHECK_INT(journal_whys_count(why), 5);
	CHECK_INT(journal_whys_append(why, "and again", &e), -1);
	CHECK(strstr(e.msg, "sixth why") != NULL);
	CHECK_INT(journal_whys_count(why), 5);
	CHECK_INT(journal_whys_append(why, "", &e), -1);
	CHECK_INT(journal_text_check("notes", "Grüße, „Zitat“ – ok", &e), 0);
	CHECK_INT(journal_text_check("notes", "bad \xff byte", &e), -1);
	CHECK(strstr(e.msg, "notes") && strstr(e.msg, "UTF-8"));
	CHECK_INT(journal_text_check("notes", "\xc0\xaf", &e), -1);     /* overlong */
	CHECK_INT(journal_text_check("notes", "\xed\xa0\x80", &e), -1); /* surrogate */
	char *big = malloc(JOURNAL_TEXT_MAX + 2);
	memset(big, 'a', JOURNAL_TEXT_MAX + 1);
	big[JOURNAL_TEXT_MAX + 1] = '\0';
	CHECK_INT(journal_text_check("notes", big, &e), -1);
	big[JOURNAL_TEXT_MAX] = '\0';
	CHECK_INT(journal_text_check("notes", big, &e), 0);
	free(big);
	CHECK_INT(journal_week_parse("2026-W47", &mon, &e), 0);
	CHECK_INT(mon, D("2026-11-16"));
	CHECK_INT(journal_week_parse("2026w1", &mon, &e), 0);
	CHECK_INT(mon, D("2025-12-29"));
	CHECK_INT(journal_week_parse("2025-W53", &mon, &e), -1); /* 2025 has 52 weeks */
	CHECK_INT(journal_week_parse("2026-W53", &mon, &e), 0);  /* 2026 starts on a Thursday */
	CHECK_INT(mon, D("2026-12-28"));
	CHECK_INT(journal_week_parse("2026-47", &mon, &e), -1);
	CHECK_INT(journal_week_parse("2026-W0", &mon, &e), -1);
}

TEST(journal_words)
{
	static const char *const texts[] = {
	    "Schnellere LIEFERUNG, bitte!",
	    "Die Lieferung kam zu spät – Lieferung!",
	    "Ärger mit der Rechnung; ärger über Rechnungen",
	    "Faster delivery and clearer invoices",
	    "delivery 2026 2026",
	    NULL,
	    "the the the and and",
	};
	struct jpool pool = {0};
	struct journal_word *w = NULL;
	size_t n = journal_top_words(texts, sizeof(texts) / sizeof(texts[0]), 10, 2, &w, &pool);
	CHECK(journal_stop_words_sorted());
	CHECK(journal_is_stop_word("und"));
	CHECK(journal_is_stop_word("über"));
	CHECK(!journal_is_stop_word("lieferung"));
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(w[0].word, "delivery"); /* 2 texts; ties by byte order */
		CHECK_INT(w[0].texts, 2);
		CHECK_STR(w[1].word, "lieferung"); /* counted once per text */
		CHECK_INT(w[1].texts, 2);
	}
	free(w);
	n = journal_top_words(texts, sizeof(texts) / sizeof(texts[0]), 3, 1, &w, &pool);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(w[0].word, "delivery");
		CHECK_STR(w[1].word, "lieferung");
		CHECK_STR(w[2].word, "clearer");
	}
	free(w);
	n = journal_top_words(texts, sizeof(texts) / sizeof(texts[0]), 50, 1, &w, &pool);
	int aerger = 0;
	for (size_t i = 0; i < n; i++) {
		CHECK(strcmp(w[i].word, "2026") != 0); /* numbers are not words */
		CHECK(strcmp(w[i].word, "the") != 0);
		if (!strcmp(w[i].word, "ärger"))
			aerger = w[i].texts; /* Ä folds to ä */
	}
	CHECK_INT(aerger, 1);
	free(w);
	n = journal_top_words(NULL, 0, 10, 1, &w, &pool);
	CHECK_INT(n, 0);
	CHECK(w == NULL);
	jpool_release(&pool);
}
