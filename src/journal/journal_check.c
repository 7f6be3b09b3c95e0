/*
 * journal_check.c — the journal's validation: kinds of entries,
 * touchpoints, story kinds, complaint reasons and status words (each a thin
 * call into the vocabulary, src/vocab/, which import uses too), scores,
 * dates, the five whys, text limits and ISO weeks; and how a promise turned
 * out (the trust rule of SPEC §3).  Pure functions.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"

const char *jpool_dup(struct jpool *p, const char *s)
{
	if (!s)
		return NULL;
	ALLOC_GROW(p->v, p->n + 1, p->alloc);
	p->v[p->n] = xstrdup(s);
	return p->v[p->n++];
}

void jpool_release(struct jpool *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

const char *const journal_kind_name[JK__COUNT] = {
    "dialog", "promise", "complaint", "story", "referral", "departure", "survey",
};

/* The vocabulary's kind of record for each journal kind. */
static const enum vocab_kind kind_vk[JK__COUNT] = {
    VK_DIALOG, VK_PROMISE, VK_COMPLAINT, VK_STORY, VK_REFERRAL, VK_DEPARTURE, VK_SURVEY,
};

int journal_kind_parse(const char *s)
{
	int v = vocab_find(VOCAB_KIND, s);
	for (int k = 0; v >= 0 && k < JK__COUNT; k++)
		if (kind_vk[k] == (enum vocab_kind)v)
			return k;
	return -1;
}

const char *journal_kind_label(enum journal_kind k, enum lang lang)
{
	if ((unsigned)k >= JK__COUNT)
		return "?";
	return vocab_label(VOCAB_KIND, (int)kind_vk[k], lang, VOCAB_ONE);
}

/* ---- touchpoints ---- */

int journal_touchpoint_parse(const char *s, const char **canon, struct err *e)
{
	int i = vocab_parse(VOCAB_TOUCHPOINT, s, e);
	if (i < 0)
		return -1;
	*canon = vocab_code(VOCAB_TOUCHPOINT, i);
	return 0;
}

const char *journal_touchpoint_label(const char *code, enum lang lang)
{
	if (!code || !*code)
		return L(lang, "(no touchpoint)", "(ohne Kontaktpunkt)");
	return vocab_label_of(VOCAB_TOUCHPOINT, code, lang, VOCAB_ONE);
}

/* ---- scores ---- */

int journal_score_parse(const char *s, int *tenths, struct err *e)
{
	const char *p = s;
	int whole = 0, frac = 0, nd = 0;
	if (!s || !*s)
		goto bad;
	for (; isdigit((unsigned char)*p); p++) {
		whole = whole * 10 + (*p - '0');
		if (++nd > 2)
			goto bad;
	}
	if (!nd)
		goto bad;
	if (*p == '.' || *p == ',') {
		p++;
		if (!isdigit((unsigned char)*p))
			goto bad;
		frac = *p++ - '0';
	}
	if (*p)
		goto bad;
	if (whole * 10 + frac > 100)
		goto bad;
	*tenths = whole * 10 + frac;
	return 0;
bad:
	return err_set(
	    e,
	    L(e->lang, "\"%s\" is not a score from 0 to 10 (at most one decimal, e.g. 8.5)",
	      "\"%s\" ist kein Wert von 0 bis 10 (höchstens eine Nachkommastelle, z. B. 8,5)"),
	    s ? s : "");
}

char *journal_score_format(int tenths, char buf[static 8])
{
	if (tenths < 0 || tenths > 100)
		buf[0] = '\0';
	else if (tenths % 10 == 0)
		snprintf(buf, 8, "%d", (tenths / 10) % 100);
	else
		snprintf(buf, 8, "%d.%d", (tenths / 10) % 100, tenths % 10);
	return buf;
}

/* ---- story kinds, complaint reasons, status words ---- */

int journal_story_kind_parse(const char *s, enum story_kind *k, struct err *e)
{
	int i = vocab_parse(VOCAB_STORY_KIND, s, e);
	if (i < 0)
		return -1;
	*k = (enum story_kind)i;
	return 0;
}

int journal_reason_parse(const char *s, const char **code, struct err *e)
{
	int i = vocab_parse(VOCAB_REASON, s, e);
	if (i < 0)
		return -1;
	*code = vocab_code(VOCAB_REASON, i);
	return 0;
}

const char *journal_reason_label(const char *code, enum lang lang)
{
	return vocab_label_of(VOCAB_REASON, code, lang, VOCAB_ONE);
}

int journal_promise_status_parse(const char *s, enum promise_status *st, struct err *e)
{
	int i = vocab_parse(VOCAB_PROMISE_STATUS, s, e);
	if (i < 0)
		return -1;
	*st = (enum promise_status)i;
	return 0;
}

int journal_complaint_status_parse(const char *s, enum complaint_status *st, struct err *e)
{
	int i = vocab_parse(VOCAB_COMPLAINT_STATUS, s, e);
	if (i < 0)
		return -1;
	*st = (enum complaint_status)i;
	return 0;
}

/* ---- dates, whys, texts ---- */

int journal_check_due(day_t made_on, day_t due_on, struct err *e)
{
	char a[11], b[11];
	if (due_on != DAY_NONE && made_on != DAY_NONE && due_on < made_on)
		return err_set(e,
		               L(e->lang, "the due date %s is before the promise was made (%s)",
		                 "das Fälligkeitsdatum %s liegt vor dem Tag der Zusage (%s)"),
		               day_format_lang(due_on, e->lang, a),
		               day_format_lang(made_on, e->lang, b));
	return 0;
}

int journal_check_closed(day_t start, day_t closed, struct err *e)
{
	char a[11], b[11];
	if (closed != DAY_NONE && start != DAY_NONE && closed < start)
		return err_set(e,
		               L(e->lang, "the closing date %s is before the entry's own date (%s)",
		                 "das Abschlussdatum %s liegt vor dem Datum des Eintrags (%s)"),
		               day_format_lang(closed, e->lang, a),
		               day_format_lang(start, e->lang, b));
	return 0;
}

int journal_whys_count(const char *const why[JOURNAL_WHYS])
{
	int n = 0;
	while (n < JOURNAL_WHYS && why[n])
		n++;
	return n;
}

int journal_whys_append(const char *why[JOURNAL_WHYS], const char *add, struct err *e)
{
	int n = journal_whys_count(why);
	if (!add || !*add)
		return err_set(e, L(e->lang, "an empty why", "ein leeres Warum"));
	if (n >= JOURNAL_WHYS)
		return err_set(
		    e,
		    L(e->lang,
		      "a sixth why (\"%s\"): ask why at most five times, then name the "
		      "root cause",
		      "ein sechstes Warum (\"%s\"): höchstens fünfmal nach dem Warum fragen, "
		      "dann die Ursache benennen"),
		    add);
	why[n] = add;
	return 0;
}

/* Length of the UTF-8 sequence at p, or 0 when it is not valid. */
static int utf8_len(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (p[0] == 0xe0 && p[1] < 0xa0)
			return 0; /* overlong */
		if (p[0] == 0xed && p[1] >= 0xa0)
			return 0; /* surrogates */
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

int journal_text_check(const char *field, const char *s, struct err *e)
{
	size_t n;
	if (!s)
		return 0;
	n = strlen(s);
	if (n > JOURNAL_TEXT_MAX)
		return err_set(e, L(e->lang, "%s: longer than %s bytes", "%s: länger als %s Bytes"),
		               field, int_format_human(JOURNAL_TEXT_MAX, e->lang, (char[32]){0}));
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int k = utf8_len(p);
		if (!k)
			return err_set(
			    e,
			    L(e->lang, "%s: not valid UTF-8 text", "%s: kein gültiger UTF-8-Text"),
			    field);
		p += k;
	}
	return 0;
}

int journal_week_parse(const char *s, day_t *monday, struct err *e)
{
	int y = 0, w = 0, i = 0;
	if (!s)
		goto bad;
	for (; i < 4; i++) {
		if (!isdigit((unsigned char)s[i]))
			goto bad;
		y = y * 10 + (s[i] - '0');
	}
	if (s[i] == '-')
		i++;
	if (s[i] != 'W' && s[i] != 'w')
		goto bad;
	i++;
	if (!isdigit((unsigned char)s[i]))
		goto bad;
	w = s[i++] - '0';
	if (isdigit((unsigned char)s[i]))
		w = w * 10 + (s[i++] - '0');
	if (s[i])
		goto bad;
	*monday = day_from_iso_week(y, w);
	if (*monday == DAY_NONE)
		goto bad;
	return 0;
bad:
	return err_set(e,
	               L(e->lang, "\"%s\" is not an ISO week like 2026-W47",
	                 "\"%s\" ist keine Kalenderwoche wie 2026-W47"),
	               s ? s : "");
}
