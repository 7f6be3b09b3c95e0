/*
 * fuzz_journal.c — libFuzzer target for what the journal reads from people:
 * kind and status words, touchpoints, complaint reasons, scores, story
 * kinds, the five whys, texts, ISO weeks, dates and durations (as `add`,
 * `edit`, `close` and `list` read them), and the recurring-words counter.
 * The input is split at newlines; every line goes to every parser.  Checks
 * what callers rely on: a score is 0..100 tenths and reads back the same,
 * a week's Monday is a Monday in that week within 1900-9999, a date reads
 * back the same and lies within 1900-9999, a due date after D+duration is
 * in range or refused, at most five whys are kept.
 */
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "vocab.h"

static void one(const char *s)
{
	struct err e;
	err_init(&e, LANG_EN);
	(void)journal_kind_parse(s);
	const char *canon = NULL;
	if (journal_touchpoint_parse(s, &canon, &e) == 0 && (!canon || !*canon))
		abort();
	(void)journal_touchpoint_label(s, LANG_DE);
	int t;
	if (journal_score_parse(s, &t, &e) == 0) {
		char buf[8];
		int t2;
		if (t < 0 || t > 100)
			abort();
		if (journal_score_parse(journal_score_format(t, buf), &t2, &e) || t2 != t)
			abort();
	}
	enum story_kind sk;
	if (journal_story_kind_parse(s, &sk, &e) == 0 && sk != STORY_EXTRA_MILE && sk != STORY_TNT)
		abort();
	const char *r = NULL;
	if (journal_reason_parse(s, &r, &e) == 0 && (!r || vocab_index(VOCAB_REASON, r) < 0))
		abort();
	(void)journal_reason_label(s, LANG_EN);
	enum promise_status ps;
	if (journal_promise_status_parse(s, &ps, &e) == 0 && (ps < 0 || ps > PROMISE_RENEGOTIATED))
		abort();
	enum complaint_status cs;
	if (journal_complaint_status_parse(s, &cs, &e) == 0 && cs != COMPLAINT_OPEN &&
	    cs != COMPLAINT_RESOLVED)
		abort();
	(void)journal_text_check("notes", s, &e);
	/* the vocabulary behind them: a word found is one of its class */
	for (int c = 0; c < VOCAB__COUNT; c++) {
		int i = vocab_find((enum vocab_class)c, s);
		if (i >= vocab_count((enum vocab_class)c))
			abort();
		if (i >= 0 && (!vocab_code((enum vocab_class)c, i) ||
		               vocab_parse((enum vocab_class)c, s, &e) != i))
			abort();
	}
	day_t monday;
	if (journal_week_parse(s, &monday, &e) == 0) {
		int y, w;
		if (!day_in_range(monday) || (monday + 3) % 7 != 0)
			abort(); /* 1970-01-05 (day 4) was a Monday */
		day_iso_week(monday, &y, &w);
		if (w < 1 || w > 53)
			abort();
	}
	day_t d;
	int got = day_parse_iso(s, &d);
	if (got == 0) {
		char buf[11];
		if (!day_in_range(d) || strcmp(day_format(d, buf), s))
			abort();
	}
	int days;
	if (parse_duration_days(s, &days) == 0) {
		day_t due;
		if (days < 0)
			abort();
		if (got == 0 && day_add(d, days, &due) == 0 && !day_in_range(due))
			abort();
		if (got == 0 && day_add(d, days, &due) == 0)
			(void)journal_check_due(d, due, &e);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	const char *lines[64];
	size_t n = 0;
	for (char *p = s, *q; n < 64; p = q + 1) {
		q = strchr(p, '\n');
		if (q)
			*q = '\0';
		lines[n++] = p;
		one(p);
		if (!q)
			break;
	}
	/* the five whys: appended one after another, never more than five */
	const char *why[JOURNAL_WHYS] = {0};
	struct err e;
	err_init(&e, LANG_EN);
	for (size_t i = 0; i < n; i++) {
		int before = journal_whys_count(why);
		if (journal_whys_append(why, lines[i], &e) == 0 && *lines[i] &&
		    journal_whys_count(why) != before + 1)
			abort();
		if (journal_whys_count(why) > JOURNAL_WHYS)
			abort();
	}
	struct journal_word *w = NULL;
	struct jpool pool = {0};
	size_t nw = journal_top_words(lines, n, 10, 2, &w, &pool);
	if (nw > 10)
		abort();
	free(w);
	jpool_release(&pool);
	free(s);
	return 0;
}
