/*
 * fuzz_values.c — libFuzzer target for the value parsers: dates, money,
 * scores, scales, header names, kind names, status words and every class
 * of the vocabulary, and the delimiter sniffer.  Checks that what parses reads back the same: a
 * date is a valid day, an amount formats and parses to the same cents, a score lands in 0..100
 * tenths.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	const char *why;

	struct date_judge dj;
	memset(&dj, 0, sizeof(dj));
	date_judge_add(&dj, s);
	(void)date_judge_order(&dj);
	for (int o = 0; o < 3; o++) {
		day_t d;
		if (date_parse(s, (enum date_order)o, &d, &why, LANG_EN) == 0) {
			int y, m, dd;
			day_to_ymd(d, &y, &m, &dd);
			if (!ymd_valid(y, m, dd) || day_from_ymd(y, m, dd) != d)
				abort();
		}
	}
	struct money_judge mj;
	memset(&mj, 0, sizeof(mj));
	money_judge_add(&mj, s);
	char mark = money_judge_mark(&mj, ',');
	if (mark != ',' && mark != '.')
		abort();
	for (int k = 0; k < 2; k++) {
		int64_t c, c2;
		char buf[32];
		if (money_parse(s, k ? ',' : '.', &c, &why, LANG_EN) == 0) {
			money_format(c, buf);
			if (money_parse(buf, '.', &c2, &why, LANG_EN) || c != c2)
				abort();
		}
	}
	int64_t milli;
	struct scale sc = SCALE_DEFAULT;
	int t;
	if (score_parse(s, &milli) == 0 && score_normalise(milli, &sc, &t) == 0 &&
	    (t < 0 || t > 100))
		abort();
	if (scale_parse(s, &sc) == 0) {
		if (sc.max <= sc.min)
			abort();
		if (score_normalise(sc.max, &sc, &t) || t != 100 ||
		    score_normalise(sc.min, &sc, &t) || t != 0)
			abort();
	}
	struct strbuf sb = STRBUF_INIT;
	header_normalise(s, &sb);
	sb_release(&sb);
	for (int k = 0; k < KIND__COUNT; k++)
		(void)header_field((enum ingest_kind)k, s, NULL);
	enum ingest_kind kind;
	(void)ingest_kind_parse(s, &kind);
	enum promise_status ps;
	enum complaint_status cs;
	enum story_kind sk;
	(void)promise_status_parse(s, &ps);
	(void)complaint_status_parse(s, &cs);
	(void)story_kind_parse(s, &sk);
	(void)touchpoint_parse(s);
	(void)reason_parse(s);
	/* the vocabulary: what is found is one of the class's words, and its
	 * error names the word (cut to whole characters) */
	for (int c = 0; c < VOCAB__COUNT; c++) {
		struct err e;
		err_init(&e, (enum lang)(c & 1));
		int i = vocab_parse((enum vocab_class)c, s, &e);
		if (i < -1 || i >= vocab_count((enum vocab_class)c) ||
		    i != vocab_find((enum vocab_class)c, s))
			abort();
		if (i < 0 && !e.msg[0])
			abort();
	}
	char d = sniff_delimiter(s, size, 1);
	if (!strchr(",;\t|", d))
		abort();
	free(s);
	return 0;
}
