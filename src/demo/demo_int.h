/*
 * demo_int.h — what the demo module's own files share: the word and text
 * pools the generator draws from (demo_text.c).  Not for use outside
 * src/demo/.  Every text exists in English and German; every character in
 * them must be representable in Windows-1252 (a unit test checks this).
 */
#ifndef TREUE_DEMO_INT_H
#define TREUE_DEMO_INT_H

#include "demo.h"

/* A text in both languages. */
struct demo_t2 {
	const char *en, *de;
};
/* A pool of bilingual texts to draw from. */
struct demo_pool {
	const struct demo_t2 *v;
	int n;
};
/* A pool of words that are the same in both languages (names). */
struct demo_words {
	const char *const *v;
	int n;
};

struct demo_industry {
	struct demo_t2 label;
	int weight;
	const char *trade_de[4]; /* words for company names */
	const char *trade_en[3];
};
extern const struct demo_industry demo_industries[];
extern const int demo_industry_count;

/* Regions: the first five are German sales territories; then Austria,
 * Switzerland and international. */
enum { DEMO_REGION_INTL = 7 };
extern const struct demo_pool demo_regions;

extern const struct demo_words demo_surnames_de, demo_surnames_en, demo_places_de, demo_places_en,
    demo_first_names, demo_competitors;

/* Dialogue channels, answers to "How can we support you best?" and to
 * "What can we do better?", and notes. */
extern const struct demo_pool demo_channels, demo_support, demo_improve, demo_notes;
/* Survey comments by mood. */
extern const struct demo_pool demo_comments_good, demo_comments_mid, demo_comments_bad;
extern const struct demo_pool demo_promises;
/* Departure reasons of customers who buy elsewhere now, and of the others. */
extern const struct demo_pool demo_departures_elsewhere, demo_departures_gone;

/* Complaint texts by reason code: two descriptions, a chain of five whys
 * and the root cause they lead to. */
struct demo_reason_text {
	const char *code;
	int weight;
	struct demo_t2 desc[2];
	struct demo_t2 why[5];
	struct demo_t2 root;
};
extern const struct demo_reason_text demo_reason_texts[];
extern const int demo_reason_text_count;

/* Stories: what went wrong, the act, the WOW. */
struct demo_story_text {
	struct demo_t2 situation, what, outcome;
};
extern const struct demo_story_text demo_extra_miles[], demo_tnts[];
extern const int demo_extra_mile_count, demo_tnt_count;

/* ---- the workbook writer behind demo_xlsx_open (demo_xlsx.c) ----
 * One workbook per kind at paths[i]; the header row from demo_csv_header.
 * A row is begun, filled cell by cell (NULL / DAY_NONE / MONEY_NONE /
 * SCORE_NONE leave the cell empty) and ended into workbook i. */
struct demo_xlsx;
struct demo_xlsx *dx_open(char *const paths[DEMO_CSV_FILES], enum lang style, struct err *e);
int dx_close(struct demo_xlsx *x, struct err *e);
void dx_row_begin(struct demo_xlsx *x);
void dx_text(struct demo_xlsx *x, const char *s);
void dx_day(struct demo_xlsx *x, day_t d);
void dx_money(struct demo_xlsx *x, int64_t cents);
void dx_score(struct demo_xlsx *x, int tenths);
int dx_row_end(struct demo_xlsx *x, int i, struct err *e);

#endif
