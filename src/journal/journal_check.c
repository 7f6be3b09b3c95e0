/*
 * journal_check.c — the journal's vocabulary and validation: kinds of
 * entries, touchpoints, scores, story kinds, complaint reasons, status
 * words, dates, the five whys, text limits and ISO weeks; and how a
 * promise turned out (the trust rule of SPEC §3).  Pure functions.
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

/* Every accepted spelling of each kind (compared ASCII-case-insensitively,
 * so "Abgänge" matches "abgänge"). */
static const char *const kind_words[JK__COUNT][7] = {
    {"dialog", "dialogs", "dialogue", "dialogues", "dialoge", NULL},
    {"promise", "promises", "versprechen", NULL},
    {"complaint", "complaints", "reklamation", "reklamationen", "beschwerde", "beschwerden", NULL},
    {"story", "stories", "geschichte", "geschichten", NULL},
    {"referral", "referrals", "empfehlung", "empfehlungen", NULL},
    {"departure", "departures", "abgang", "abgänge", "abgaenge", "kündigung", NULL},
    {"survey", "surveys", "umfrage", "umfragen", "befragung", "befragungen", NULL},
};

int journal_kind_parse(const char *s)
{
	if (!s)
		return -1;
	for (int k = 0; k < JK__COUNT; k++)
		for (int i = 0; kind_words[k][i]; i++)
			if (str_eq_nocase(s, kind_words[k][i]))
				return k;
	return -1;
}

const char *journal_kind_label(enum journal_kind k, enum lang lang)
{
	switch (k) {
	case JK_DIALOG: return L(lang, "dialogue", "Dialog");
	case JK_PROMISE: return L(lang, "promise", "Versprechen");
	case JK_COMPLAINT: return L(lang, "complaint", "Reklamation");
	case JK_STORY: return L(lang, "story", "Geschichte");
	case JK_REFERRAL: return L(lang, "referral", "Empfehlung");
	case JK_DEPARTURE: return L(lang, "departure", "Abgang");
	case JK_SURVEY: return L(lang, "survey", "Umfrage");
	default: return "?";
	}
}

/* ---- touchpoints ---- */

const char *const journal_touchpoints[5] = {"sales", "service", "billing", "management", "other"};

static const struct {
	const char *word, *code;
} touchpoint_words[] = {
    {"vertrieb", "sales"},
    {"verkauf", "sales"},
    {"außendienst", "sales"},
    {"aussendienst", "sales"},
    {"kundendienst", "service"},
    {"support", "service"},
    {"buchhaltung", "billing"},
    {"rechnung", "billing"},
    {"rechnungswesen", "billing"},
    {"invoicing", "billing"},
    {"geschäftsführung", "management"},
    {"geschaeftsfuehrung", "management"},
    {"geschäftsleitung", "management"},
    {"leitung", "management"},
    {"sonstige", "other"},
    {"sonstiges", "other"},
    {"andere", "other"},
};

int journal_touchpoint_parse(const char *s, const char **canon, struct err *e)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(journal_touchpoints); i++)
		if (str_eq_nocase(s, journal_touchpoints[i])) {
			*canon = journal_touchpoints[i];
			return 0;
		}
	for (size_t i = 0; s && i < ARRAY_SIZE(touchpoint_words); i++) {
		if (str_eq_nocase(s, touchpoint_words[i].word)) {
			*canon = touchpoint_words[i].code;
			return 0;
		}
	}
	return err_set(
	    e,
	    L(e->lang,
	      "unknown touchpoint \"%s\"; valid touchpoints: sales, service, billing, "
	      "management, other",
	      "unbekannter Kontaktpunkt \"%s\"; gültige Kontaktpunkte: sales (Vertrieb), "
	      "service (Kundendienst), billing (Buchhaltung), management "
	      "(Geschäftsführung), other (Sonstige)"),
	    s ? s : "");
}

const char *journal_touchpoint_label(const char *code, enum lang lang)
{
	if (!code || !*code)
		return L(lang, "(no touchpoint)", "(ohne Kontaktpunkt)");
	if (!strcmp(code, "sales"))
		return L(lang, "sales", "Vertrieb");
	if (!strcmp(code, "service"))
		return L(lang, "service", "Kundendienst");
	if (!strcmp(code, "billing"))
		return L(lang, "billing", "Buchhaltung");
	if (!strcmp(code, "management"))
		return L(lang, "management", "Geschäftsführung");
	if (!strcmp(code, "other"))
		return L(lang, "other", "Sonstige");
	return code;
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

/* ---- story kinds ---- */

int journal_story_kind_parse(const char *s, enum story_kind *k, struct err *e)
{
	static const char *const extra[] = {"extra_mile", "extra-mile", "extra mile",
	                                    "extramile",  "extrameile", "extra-meile"};
	for (size_t i = 0; s && i < ARRAY_SIZE(extra); i++)
		if (str_eq_nocase(s, extra[i])) {
			*k = STORY_EXTRA_MILE;
			return 0;
		}
	if (s && (str_eq_nocase(s, "tnt") || str_eq_nocase(s, "tiny noticeable thing"))) {
		*k = STORY_TNT;
		return 0;
	}
	return err_set(
	    e,
	    L(e->lang,
	      "unknown kind of story \"%s\"; valid kinds: extra_mile, tnt (tiny "
	      "noticeable thing)",
	      "unbekannte Art von Geschichte \"%s\"; gültig sind: extra_mile (Extrameile), "
	      "tnt (kleine spürbare Aufmerksamkeit)"),
	    s ? s : "");
}

/* ---- complaint reasons ---- */

void journal_reason_list(struct strbuf *out, enum lang lang)
{
	for (int i = 0; i < complaint_reason_count; i++)
		sb_addf(out, "%s%s (%s)", i ? ", " : "", complaint_reasons[i].code,
		        L(lang, complaint_reasons[i].en, complaint_reasons[i].de));
}

int journal_reason_parse(const char *s, const struct complaint_reason **r, struct err *e)
{
	*r = complaint_reason_find(s);
	if (*r)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	journal_reason_list(&sb, e->lang);
	err_set(e,
	        L(e->lang, "unknown reason \"%s\"; valid reasons: %s",
	          "unbekannter Grund \"%s\"; gültige Gründe: %s"),
	        s ? s : "", sb.buf);
	sb_release(&sb);
	return -1;
}

const char *journal_reason_label(const char *code, enum lang lang)
{
	for (int i = 0; code && i < complaint_reason_count; i++)
		if (!strcmp(code, complaint_reasons[i].code))
			return L(lang, complaint_reasons[i].en, complaint_reasons[i].de);
	return code ? code : "";
}

/* ---- status words ---- */

int journal_promise_status_parse(const char *s, enum promise_status *st, struct err *e)
{
	static const struct {
		const char *w;
		enum promise_status st;
	} words[] = {
	    {"open", PROMISE_OPEN},
	    {"offen", PROMISE_OPEN},
	    {"kept", PROMISE_KEPT},
	    {"gehalten", PROMISE_KEPT},
	    {"eingehalten", PROMISE_KEPT},
	    {"broken", PROMISE_BROKEN},
	    {"gebrochen", PROMISE_BROKEN},
	    {"nicht eingehalten", PROMISE_BROKEN},
	    {"renegotiated", PROMISE_RENEGOTIATED},
	    {"neu verhandelt", PROMISE_RENEGOTIATED},
	};
	for (size_t i = 0; s && i < ARRAY_SIZE(words); i++)
		if (str_eq_nocase(s, words[i].w)) {
			*st = words[i].st;
			return 0;
		}
	return err_set(e,
	               L(e->lang,
	                 "unknown promise status \"%s\"; valid: open, kept, broken, renegotiated",
	                 "unbekannter Status \"%s\"; gültig: open (offen), kept (gehalten), broken "
	                 "(gebrochen), renegotiated (neu verhandelt)"),
	               s ? s : "");
}

int journal_complaint_status_parse(const char *s, enum complaint_status *st, struct err *e)
{
	if (s && (str_eq_nocase(s, "open") || str_eq_nocase(s, "offen"))) {
		*st = COMPLAINT_OPEN;
		return 0;
	}
	if (s && (str_eq_nocase(s, "resolved") || str_eq_nocase(s, "erledigt") ||
	          str_eq_nocase(s, "gelöst") || str_eq_nocase(s, "geloest"))) {
		*st = COMPLAINT_RESOLVED;
		return 0;
	}
	return err_set(e,
	               L(e->lang, "unknown complaint status \"%s\"; valid: open, resolved",
	                 "unbekannter Status \"%s\"; gültig: open (offen), resolved (erledigt)"),
	               s ? s : "");
}

/* ---- dates, whys, texts ---- */

int journal_check_due(day_t made_on, day_t due_on, struct err *e)
{
	char a[11], b[11];
	if (due_on != DAY_NONE && made_on != DAY_NONE && due_on < made_on)
		return err_set(e,
		               L(e->lang, "the due date %s is before the promise was made (%s)",
		                 "das Fälligkeitsdatum %s liegt vor dem Tag des Versprechens (%s)"),
		               day_format(due_on, a), day_format(made_on, b));
	return 0;
}

int journal_check_closed(day_t start, day_t closed, struct err *e)
{
	char a[11], b[11];
	if (closed != DAY_NONE && start != DAY_NONE && closed < start)
		return err_set(e,
		               L(e->lang, "the closing date %s is before the entry's own date (%s)",
		                 "das Abschlussdatum %s liegt vor dem Datum des Eintrags (%s)"),
		               day_format(closed, a), day_format(start, b));
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
		return err_set(e, L(e->lang, "%s: longer than %d bytes", "%s: länger als %d Bytes"),
		               field, JOURNAL_TEXT_MAX);
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

/* ---- promise outcomes ---- */

enum journal_outcome journal_promise_outcome(enum promise_status st, day_t due_on, day_t closed_on,
                                             day_t today)
{
	switch (st) {
	case PROMISE_KEPT:
		return closed_on == DAY_NONE || closed_on <= due_on ? JO_KEPT_ON_TIME
		                                                    : JO_KEPT_LATE;
	case PROMISE_RENEGOTIATED:
		return closed_on == DAY_NONE || closed_on < due_on ? JO_RENEGOTIATED_IN_TIME
		                                                   : JO_RENEGOTIATED_LATE;
	case PROMISE_BROKEN: return JO_BROKEN;
	case PROMISE_OPEN:
	default: return due_on < today ? JO_OVERDUE : JO_NOT_DUE;
	}
}

int journal_outcome_honoured(enum journal_outcome o)
{
	return o == JO_KEPT_ON_TIME || o == JO_RENEGOTIATED_IN_TIME;
}
