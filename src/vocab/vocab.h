/*
 * vocab.h — every code word treue knows, in one place: the kinds of
 * records, touchpoints, promise and complaint statuses, complaint reasons,
 * story kinds, segments and NPS groups.  Each word has
 *
 *   a code      what the store, JSON, CSV and the command line's machine
 *               output carry ("late_delivery"); stable, English, lower case;
 *   labels      English and German, singular and plural, for people
 *               ("late delivery" / "Lieferverzug");
 *   synonyms    further words people type or exports contain
 *               ("LATE-DELIVERY", "Lieferverzögerung", "verspätete Lieferung").
 *
 * One lookup serves import, `add` and `edit`, the demo and (later) the web
 * forms, so whatever one accepts the others accept too.  Words are compared
 * in normal form (vocab_normalise): ASCII case folded, Ä Ö Ü ä ö ü ß written
 * ae oe ue ss, everything but letters and digits dropped — so "Geschäfts-
 * leitung", "geschaeftsleitung" and "GESCHÄFTSLEITUNG" are one word, and
 * "late-delivery", "late_delivery" and "Late Delivery" another.  The code and
 * the four labels of a word are accepted as well as its synonyms.
 *
 * Pure tables and functions: no state, no allocation except into the
 * caller's strbuf, nothing printed.  The index of a word within its class is
 * its number: for statuses and story kinds it is the enum value below, for
 * kinds enum vocab_kind; the other classes are addressed by code.
 */
#ifndef TREUE_VOCAB_H
#define TREUE_VOCAB_H

#include "util.h"

/* The stored values of three columns; a word's index in its class. */
enum promise_status { PROMISE_OPEN, PROMISE_KEPT, PROMISE_BROKEN, PROMISE_RENEGOTIATED };
enum complaint_status { COMPLAINT_OPEN, COMPLAINT_RESOLVED };
enum story_kind { STORY_EXTRA_MILE, STORY_TNT };

/* The groups of the NPS question (recommend 9–10, 7–8, 0–6). */
enum nps_group { NPS_PROMOTER, NPS_PASSIVE, NPS_DETRACTOR };

/* The kinds of records, in the order of the import kinds. */
enum vocab_kind {
	VK_CUSTOMER,
	VK_ORDER,
	VK_SURVEY,
	VK_DIALOG,
	VK_PROMISE,
	VK_COMPLAINT,
	VK_STORY,
	VK_REFERRAL,
	VK_DEPARTURE,
	VK__COUNT
};

enum vocab_class {
	VOCAB_KIND,           /* customer, order, survey, dialog, promise, ... (enum vocab_kind) */
	VOCAB_TOUCHPOINT,     /* sales, service, billing, management, other */
	VOCAB_PROMISE_STATUS, /* open, kept, broken, renegotiated (enum promise_status) */
	VOCAB_COMPLAINT_STATUS, /* open, resolved (enum complaint_status) */
	VOCAB_REASON,           /* the complaint reasons of SPEC §2 */
	VOCAB_STORY_KIND,       /* extra_mile, tnt (enum story_kind) */
	VOCAB_SEGMENT,          /* apostle ... unmeasured, prospect, lapsed, departed */
	VOCAB_NPS,              /* promoter, passive, detractor (enum nps_group) */
	VOCAB__COUNT
};

enum vocab_number { VOCAB_ONE, VOCAB_MANY };

/* The longest word (in bytes) that can match; longer input matches nothing. */
#define VOCAB_WORD_MAX 96

/* Writes s in normal form into out (replacing what out held). */
void vocab_normalise(const char *s, struct strbuf *out);

/* Number of words in the class. */
int vocab_count(enum vocab_class c);
/* The code of word i ("sales"); NULL when i is out of range. */
const char *vocab_code(enum vocab_class c, int i);
/* The word whose code is exactly `code` (as stored); -1 when none (or NULL). */
int vocab_index(enum vocab_class c, const char *code);
/* vocab_index, or dflt when the code is unknown. */
int vocab_index_or(enum vocab_class c, const char *code, int dflt);

/* The word any accepted spelling names (code, a label, a synonym; normal
 * form compared); -1 when none, for NULL and for text without a letter or
 * digit. */
int vocab_find(enum vocab_class c, const char *word);
/* vocab_find, and when nothing matches -1 with e->msg in e->lang:
 *   unknown touchpoint "canteen"; valid touchpoints: sales, service, ...
 *   unbekannter Kontaktpunkt "Kantine"; gültige Kontaktpunkte: Vertrieb, ... */
int vocab_parse(enum vocab_class c, const char *word, struct err *e);
/* Appends what vocab_parse's error lists: "valid touchpoints: sales, service,
 * billing, management, other" / "gültige Kontaktpunkte: Vertrieb, ...".
 * English names each code, with its label in parentheses where that differs
 * ("late_delivery (late delivery)"); German names the German labels. */
void vocab_valid(enum vocab_class c, enum lang lang, struct strbuf *out);

/* The label of word i for people; "?" when i is out of range. */
const char *vocab_label(enum vocab_class c, int i, enum lang lang, enum vocab_number n);
/* The singular label for a count of 1, else the plural. */
const char *vocab_label_n(enum vocab_class c, int i, enum lang lang, long long count);
/* The label of a stored code; an unknown code is returned as it is, NULL as "". */
const char *vocab_label_of(enum vocab_class c, const char *code, enum lang lang,
                           enum vocab_number n);

/*
 * Every accepted spelling of word i, as written in the table (code, the
 * labels, then the synonyms; duplicates possible), into out[0..max); returns
 * how many there are (which may exceed max).  For tests and documentation.
 */
int vocab_spellings(enum vocab_class c, int i, const char **out, int max);
/* The class's name for documentation and tests: "touchpoint", ... */
const char *vocab_class_name(enum vocab_class c);

#endif
