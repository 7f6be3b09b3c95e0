/*
 * journal_write.c — the four journal reports as text (for people, English
 * or German), JSON (one object, English keys) and CSV (English header),
 * each rendered from the one result struct of journal_compute.c.
 *
 * CSV: cadence is one table; feedback, stories and promises hold several
 * tables, so their CSV has a first column `section` and one row per line
 * of the text report (columns a section does not use stay empty).
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "journal.h"
#include "report.h"

/* ---- small text helpers ---- */

/* Characters (UTF-8 code points) in s. */
static int u8width(const char *s)
{
	int n = 0;
	for (; s && *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Names and texts as they show on a terminal: controls escaped. */
static void vis(struct strbuf *sb, const char *s)
{
	sb_add_visible(sb, s, 0);
}

/* s left-aligned in width characters (as shown: controls escaped). */
static void pad(struct strbuf *sb, const char *s, int width)
{
	size_t at = sb->len;
	vis(sb, s);
	for (int w = u8width(sb->buf + at); w < width; w++)
		sb_addch(sb, ' ');
}

/* s right-aligned in width characters. */
static void rpad(struct strbuf *sb, const char *s, int width)
{
	struct strbuf v = STRBUF_INIT;
	vis(&v, s);
	for (int w = u8width(v.buf); w < width; w++)
		sb_addch(sb, ' ');
	sb_adds(sb, v.buf);
	sb_release(&v);
}

/* A decimal number for people (grouped, the language's decimal mark); "–" for NAN. */
static const char *num(double v, int decimals, char buf[static 64], enum lang lang)
{
	return num_format_human(v, decimals, lang, buf);
}

/* A share 0..1 as a percentage ("75.0%" / "75,0 %"); "–" for NAN. */
static const char *pct(double v, char buf[static 64], enum lang lang)
{
	char n[64];
	if (isnan(v))
		return "–";
	snprintf(buf, 64, lang == LANG_DE ? "%s %%" : "%s%%",
	         num_format_human(100 * v, 1, lang, n));
	return buf;
}

/* A count for people: "1.234" / "1,234". */
static const char *cnt(int64_t v, char buf[static 32], enum lang lang)
{
	return int_format_human(v, lang, buf);
}

static const char *itoa_(int64_t v, char buf[static 32])
{
	snprintf(buf, 32, "%" PRId64, v);
	return buf;
}

/* Multi-line text, continuation lines indented by `indent` spaces;
 * other controls shown escaped. */
static void text_block(struct strbuf *sb, const char *s, int indent)
{
	struct strbuf raw = STRBUF_INIT, v = STRBUF_INIT;
	for (; s && *s; s++)
		if (*s != '\r')
			sb_addch(&raw, *s);
	sb_add_visible(&v, raw.buf, 1);
	for (const char *p = v.buf; *p; p++) {
		sb_addch(sb, *p);
		if (*p == '\n' && p[1])
			for (int i = 0; i < indent; i++)
				sb_addch(sb, ' ');
	}
	sb_addch(sb, '\n');
	sb_release(&raw);
	sb_release(&v);
}

/* The last day covered, for people: D − 1. */
static const char *last_day(day_t to, char buf[static 11], enum lang lang)
{
	return day_format_lang(to - 1, lang, buf);
}

static void csv_int(struct strbuf *out, int64_t v, int first)
{
	char b[32];
	csv_field(out, itoa_(v, b), first);
}

/* A CSV decimal with a dot; empty for NAN. */
static void csv_dec(struct strbuf *out, double v, int decimals)
{
	char b[32];
	if (isnan(v)) {
		csv_field(out, "", 0);
		return;
	}
	snprintf(b, sizeof(b), "%.*f", decimals, v);
	csv_field(out, b, 0);
}

static void csv_day(struct strbuf *out, day_t d, int first)
{
	char b[11];
	csv_field(out, d == DAY_NONE ? "" : day_format(d, b), first);
}

/* Fills the first `n` columns after the section with empties. */
static void csv_empty(struct strbuf *out, int n)
{
	for (int i = 0; i < n; i++)
		sb_addch(out, ',');
}

static const char *week_name(int year, int week, char buf[static 16])
{
	snprintf(buf, 16, "%04d-W%02d", year, week);
	return buf;
}

/* A week for people: "2026-W47" / "KW 47/2026". */
static const char *week_label(int year, int week, char buf[static 16], enum lang lang)
{
	if (lang == LANG_DE)
		snprintf(buf, 16, "KW %02d/%04d", week, year);
	else
		snprintf(buf, 16, "%04d-W%02d", year, week);
	return buf;
}

/* ======== feedback ======== */

static void fb_text_answers(struct strbuf *sb, const char *question, int total,
                            const struct jr_answer *a, size_t n, enum lang lang)
{
	if (!total)
		return;
	sb_addf(sb, "    %s  (", question);
	fmt_count(sb, lang, total, L(lang, "answer", "Antwort"), L(lang, "answers", "Antworten"));
	sb_addch(sb, ')');
	if ((int)n < total)
		sb_addf(sb, L(lang, ", the latest %zu:", ", die letzten %zu:"), n);
	sb_addch(sb, '\n');
	for (size_t i = 0; i < n; i++) {
		char d[11];
		sb_addf(sb, "      %s  ", day_format_lang(a[i].date, lang, d));
		pad(sb, a[i].customer_id, 10);
		sb_adds(sb, "  ");
		text_block(sb, a[i].text, 30);
	}
}

static void fb_text_words(struct strbuf *sb, const char *question, const struct journal_word *w,
                          size_t n, enum lang lang)
{
	sb_addf(sb, "  %s\n    ", question);
	if (!n)
		sb_adds(sb, L(lang, "(no word recurs)", "(kein Wort kehrt wieder)"));
	for (size_t i = 0; i < n; i++) {
		sb_adds(sb, i ? ", " : "");
		vis(sb, w[i].word);
		sb_addf(sb, " (%d)", w[i].texts);
	}
	sb_addch(sb, '\n');
}

static void fb_text_counts(struct strbuf *sb, const struct jr_count *c, size_t n, enum lang lang)
{
	char b[32];
	for (size_t i = 0; i < n; i++) {
		sb_adds(sb, "    ");
		rpad(sb, cnt(c[i].n, b, lang), 5);
		sb_adds(sb, "  ");
		text_block(sb, c[i].key, 11);
	}
}

static void feedback_text(const struct journal_feedback *r, struct strbuf *sb, enum lang lang)
{
	char a[11], b[11], n1[64], n2[64], c1[32], c2[32];
	const char *qs =
	    L(lang, "How can we support you best?", "Wie können wir Sie am besten unterstützen?");
	const char *qi = L(lang, "What can we do better?", "Was können wir besser machen?");
	sb_addf(sb, L(lang, "Feedback from %s to %s\n", "Rückmeldungen vom %s bis %s\n"),
	        day_format_lang(r->from, lang, a), last_day(r->to, b, lang));
	report_future_text(&r->fut, sb, lang);
	sb_addf(sb, L(lang, "\nDialogues: %s\n", "\nKundengespräche: %s\n"),
	        cnt(r->dialogs, c1, lang));
	for (size_t i = 0; i < r->ntp; i++) {
		const struct jr_touchpoint *t = &r->tp[i];
		sb_adds(sb, "  ");
		vis(sb, journal_touchpoint_label(t->touchpoint, lang));
		sb_adds(sb, ": ");
		fmt_count(sb, lang, t->dialogs, L(lang, "dialogue", "Kundengespräch"),
		          L(lang, "dialogues", "Kundengespräche"));
		sb_addch(sb, '\n');
		fb_text_answers(sb, qs, t->support_n, t->support, t->nsupport, lang);
		fb_text_answers(sb, qi, t->improve_n, t->improve, t->nimprove, lang);
	}
	if (r->dialogs) {
		sb_adds(sb, L(lang, "\nRecurring words (in how many answers)\n",
		              "\nWiederkehrende Wörter (in wie vielen Antworten)\n"));
		fb_text_words(sb, qs, r->words_support, r->nwords_support, lang);
		fb_text_words(sb, qi, r->words_improve, r->nwords_improve, lang);
	}
	sb_addf(sb, L(lang, "\nComplaints: %s (%s open)", "\nReklamationen: %s (%s offen)"),
	        cnt(r->complaints, c1, lang), cnt(r->complaints_open, c2, lang));
	if (!isnan(r->mean_days))
		sb_addf(sb,
		        L(lang, "; days to resolution: mean %s, median %s",
		          "; Tage bis zur Lösung: Mittel %s, Median %s"),
		        num(r->mean_days, 1, n1, lang), num(r->median_days, 1, n2, lang));
	sb_addch(sb, '\n');
	if (r->nreasons) {
		sb_adds(sb, "  ");
		pad(sb, L(lang, "reason", "Grund"), 30);
		sb_adds(sb, L(lang, "  count   open  resolved  mean days  median days\n",
		              " Anzahl  offen  erledigt  Tage Mittel  Tage Median\n"));
	}
	for (size_t i = 0; i < r->nreasons; i++) {
		const struct jr_reason *x = &r->reasons[i];
		sb_adds(sb, "  ");
		pad(sb, journal_reason_label(x->code, lang), 30);
		sb_adds(sb, "  ");
		rpad(sb, cnt(x->count, c1, lang), 5);
		sb_adds(sb, "  ");
		rpad(sb, cnt(x->open, c1, lang), 5);
		sb_adds(sb, "  ");
		rpad(sb, cnt(x->resolved, c1, lang), 8);
		sb_adds(sb, "  ");
		rpad(sb, num(x->mean_days, 1, n1, lang), lang == LANG_DE ? 11 : 9);
		sb_adds(sb, "  ");
		rpad(sb, num(x->median_days, 1, n2, lang), 11);
		sb_addch(sb, '\n');
	}
	if (r->nroot_causes) {
		sb_adds(sb, L(lang, "  Root causes (after asking why up to five times)\n",
		              "  Ursachen (nach bis zu fünfmal Warum)\n"));
		fb_text_counts(sb, r->root_causes, r->nroot_causes, lang);
	}
	sb_addf(sb, L(lang, "\nDepartures: %s\n", "\nAbgänge: %s\n"), cnt(r->departures, c1, lang));
	if (r->ndeparture_reasons) {
		sb_adds(sb, L(lang, "  Reasons\n", "  Gründe\n"));
		fb_text_counts(sb, r->departure_reasons, r->ndeparture_reasons, lang);
	}
	if (r->ncompetitors) {
		sb_adds(sb, L(lang, "  Competitors\n", "  Wettbewerber\n"));
		fb_text_counts(sb, r->competitors, r->ncompetitors, lang);
	}
}

static void json_answers(struct json *j, const char *key, const struct jr_answer *a, size_t n)
{
	json_key(j, key);
	json_arr_begin(j);
	for (size_t i = 0; i < n; i++) {
		json_obj_begin(j);
		json_key(j, "id");
		json_int(j, a[i].id);
		json_key(j, "date");
		json_day(j, a[i].date);
		json_key(j, "customer_id");
		json_str(j, a[i].customer_id);
		json_key(j, "text");
		json_str(j, a[i].text);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_words(struct json *j, const char *key, const struct journal_word *w, size_t n)
{
	json_key(j, key);
	json_arr_begin(j);
	for (size_t i = 0; i < n; i++) {
		json_obj_begin(j);
		json_key(j, "word");
		json_str(j, w[i].word);
		json_key(j, "answers");
		json_int(j, w[i].texts);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_counts(struct json *j, const char *key, const char *what, const struct jr_count *c,
                        size_t n)
{
	json_key(j, key);
	json_arr_begin(j);
	for (size_t i = 0; i < n; i++) {
		json_obj_begin(j);
		json_key(j, what);
		json_str(j, c[i].key);
		json_key(j, "count");
		json_int(j, c[i].n);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void feedback_json(const struct journal_feedback *r, struct strbuf *sb, enum lang lang)
{
	struct json j;
	json_init(&j, sb, 1);
	json_obj_begin(&j);
	json_key(&j, "report");
	json_str(&j, "feedback");
	json_key(&j, "from");
	json_day(&j, r->from);
	json_key(&j, "as_of");
	json_day(&j, r->to);
	report_future_json(&j, &r->fut);
	json_key(&j, "dialogs");
	json_obj_begin(&j);
	json_key(&j, "count");
	json_int(&j, r->dialogs);
	json_key(&j, "touchpoints");
	json_arr_begin(&j);
	for (size_t i = 0; i < r->ntp; i++) {
		const struct jr_touchpoint *t = &r->tp[i];
		json_obj_begin(&j);
		json_key(&j, "touchpoint");
		json_str(&j, *t->touchpoint ? t->touchpoint : NULL);
		json_key(&j, "dialogs");
		json_int(&j, t->dialogs);
		json_key(&j, "support_answers");
		json_int(&j, t->support_n);
		json_key(&j, "improve_answers");
		json_int(&j, t->improve_n);
		json_answers(&j, "support", t->support, t->nsupport);
		json_answers(&j, "improve", t->improve, t->nimprove);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "words");
	json_obj_begin(&j);
	json_words(&j, "support", r->words_support, r->nwords_support);
	json_words(&j, "improve", r->words_improve, r->nwords_improve);
	json_obj_end(&j);
	json_obj_end(&j);
	json_key(&j, "complaints");
	json_obj_begin(&j);
	json_key(&j, "count");
	json_int(&j, r->complaints);
	json_key(&j, "open");
	json_int(&j, r->complaints_open);
	json_key(&j, "mean_days");
	json_double(&j, r->mean_days, 2);
	json_key(&j, "median_days");
	json_double(&j, r->median_days, 2);
	json_key(&j, "reasons");
	json_arr_begin(&j);
	for (size_t i = 0; i < r->nreasons; i++) {
		const struct jr_reason *x = &r->reasons[i];
		json_obj_begin(&j);
		json_key(&j, "reason");
		json_str(&j, x->code);
		json_key(&j, "label");
		json_str(&j, journal_reason_label(x->code, lang));
		json_key(&j, "count");
		json_int(&j, x->count);
		json_key(&j, "open");
		json_int(&j, x->open);
		json_key(&j, "resolved");
		json_int(&j, x->resolved);
		json_key(&j, "mean_days");
		json_double(&j, x->mean_days, 2);
		json_key(&j, "median_days");
		json_double(&j, x->median_days, 2);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_counts(&j, "root_causes", "root_cause", r->root_causes, r->nroot_causes);
	json_obj_end(&j);
	json_key(&j, "departures");
	json_obj_begin(&j);
	json_key(&j, "count");
	json_int(&j, r->departures);
	json_counts(&j, "reasons", "reason", r->departure_reasons, r->ndeparture_reasons);
	json_counts(&j, "competitors", "competitor", r->competitors, r->ncompetitors);
	json_obj_end(&j);
	json_obj_end(&j);
}

/* section,key,text,count,date,customer_id,mean_days,median_days */
static void fb_csv_row(struct strbuf *sb, const char *section, const char *key, const char *text,
                       int64_t count, day_t date, const char *customer)
{
	csv_field(sb, section, 1);
	csv_text(sb, key, 0);
	csv_text(sb, text, 0);
	if (count >= 0)
		csv_int(sb, count, 0);
	else
		csv_field(sb, "", 0);
	csv_day(sb, date, 0);
	csv_text(sb, customer, 0);
}

static void feedback_csv(const struct journal_feedback *r, struct strbuf *sb, enum lang lang)
{
	sb_adds(sb, "section,key,text,count,date,customer_id,mean_days,median_days\n");
	for (size_t i = 0; i < r->ntp; i++) {
		const struct jr_touchpoint *t = &r->tp[i];
		fb_csv_row(sb, "touchpoint", t->touchpoint, NULL, t->dialogs, DAY_NONE, NULL);
		csv_empty(sb, 2);
		sb_addch(sb, '\n');
		for (size_t k = 0; k < t->nsupport; k++) {
			fb_csv_row(sb, "support", t->touchpoint, t->support[k].text, -1,
			           t->support[k].date, t->support[k].customer_id);
			csv_empty(sb, 2);
			sb_addch(sb, '\n');
		}
		for (size_t k = 0; k < t->nimprove; k++) {
			fb_csv_row(sb, "improve", t->touchpoint, t->improve[k].text, -1,
			           t->improve[k].date, t->improve[k].customer_id);
			csv_empty(sb, 2);
			sb_addch(sb, '\n');
		}
	}
	for (size_t i = 0; i < r->nwords_support; i++) {
		fb_csv_row(sb, "word_support", NULL, r->words_support[i].word,
		           r->words_support[i].texts, DAY_NONE, NULL);
		csv_empty(sb, 2);
		sb_addch(sb, '\n');
	}
	for (size_t i = 0; i < r->nwords_improve; i++) {
		fb_csv_row(sb, "word_improve", NULL, r->words_improve[i].word,
		           r->words_improve[i].texts, DAY_NONE, NULL);
		csv_empty(sb, 2);
		sb_addch(sb, '\n');
	}
	for (size_t i = 0; i < r->nreasons; i++) {
		const struct jr_reason *x = &r->reasons[i];
		fb_csv_row(sb, "reason", x->code, journal_reason_label(x->code, lang), x->count,
		           DAY_NONE, NULL);
		csv_dec(sb, x->mean_days, 2);
		csv_dec(sb, x->median_days, 2);
		sb_addch(sb, '\n');
	}
	const struct {
		const char *section;
		const struct jr_count *c;
		size_t n;
	} lists[] = {
	    {"root_cause", r->root_causes, r->nroot_causes},
	    {"departure_reason", r->departure_reasons, r->ndeparture_reasons},
	    {"competitor", r->competitors, r->ncompetitors},
	};
	for (size_t l = 0; l < ARRAY_SIZE(lists); l++)
		for (size_t i = 0; i < lists[l].n; i++) {
			fb_csv_row(sb, lists[l].section, NULL, lists[l].c[i].key, lists[l].c[i].n,
			           DAY_NONE, NULL);
			csv_empty(sb, 2);
			sb_addch(sb, '\n');
		}
}

void journal_feedback_write(const struct journal_feedback *r, enum journal_format f,
                            struct strbuf *out, enum lang lang)
{
	if (f == JF_JSON)
		feedback_json(r, out, lang);
	else if (f == JF_CSV)
		feedback_csv(r, out, lang);
	else
		feedback_text(r, out, lang);
}

/* ======== stories ======== */

static const char *kind_label(enum story_kind k, enum lang lang)
{
	return vocab_label(VOCAB_STORY_KIND, (int)k, lang, VOCAB_ONE);
}

static const char *nobody(const char *s, enum lang lang)
{
	return s && *s ? s : L(lang, "(no name)", "(ohne Namen)");
}

static void stories_text(const struct journal_stories *r, struct strbuf *sb, enum lang lang)
{
	char a[11], b[11], w1[16], w2[16], c1[32];
	const struct jr_week *first = &r->weeks[0], *last = &r->weeks[r->nweeks - 1];
	sb_addf(sb,
	        L(lang, "Extra-mile journal, %s to %s (%s to %s)\n",
	          "Extrameilen-Journal, %s bis %s (%s bis %s)\n"),
	        week_label(first->year, first->week, w1, lang),
	        week_label(last->year, last->week, w2, lang), day_format_lang(r->from, lang, a),
	        last_day(r->to, b, lang));
	report_future_text(&r->fut, sb, lang);
	const char *h_week = L(lang, "week", "Woche"), *h_n = L(lang, "stories", "Geschichten");
	int wn = u8width(h_n), ww = lang == LANG_DE ? 10 : 8;
	fmt_count(sb, lang, r->stories, L(lang, "story", "Geschichte"),
	          L(lang, "stories", "Geschichten"));
	sb_addf(sb, " (%s %s, ", cnt(r->extra_mile, c1, lang),
	        vocab_label_n(VOCAB_STORY_KIND, STORY_EXTRA_MILE, lang, r->extra_mile));
	sb_addf(sb, "%s TNT: %s)", cnt(r->tnt, c1, lang),
	        vocab_label_n(VOCAB_STORY_KIND, STORY_TNT, lang, r->tnt));
	sb_addf(sb, L(lang, "; %s of ", "; %s von "), cnt(r->weeks_without, c1, lang));
	fmt_count(sb, lang, (int64_t)r->nweeks, L(lang, "week", "Woche"),
	          L(lang, "weeks", "Wochen"));
	sb_adds(sb, L(lang, " without a story\n", " ohne Geschichte\n"));
	sb_adds(sb, "\n  ");
	pad(sb, h_week, ww);
	sb_adds(sb, "  ");
	rpad(sb, h_n, wn);
	sb_addf(sb, "  TNT  %s\n", L(lang, "who", "wer"));
	for (size_t i = 0; i < r->nweeks; i++) {
		const struct jr_week *w = &r->weeks[i];
		sb_addf(sb, "  %s  ", week_label(w->year, w->week, w1, lang));
		rpad(sb, cnt(w->stories, c1, lang), wn);
		sb_adds(sb, "  ");
		rpad(sb, cnt(w->tnt, c1, lang), 3);
		sb_adds(sb, "  ");
		if (!w->stories)
			sb_adds(sb, L(lang, "— no story", "— keine Geschichte"));
		for (size_t k = 0; k < w->nemployees; k++) {
			sb_adds(sb, k ? ", " : "");
			vis(sb, nobody(w->employees[k].key, lang));
			sb_addf(sb, " %d", w->employees[k].n);
		}
		sb_addch(sb, '\n');
	}
	if (r->nemployees) {
		sb_adds(sb, L(lang, "\nStories per employee\n", "\nGeschichten je Mitarbeiter\n"));
		for (size_t i = 0; i < r->nemployees; i++) {
			sb_adds(sb, "  ");
			rpad(sb, cnt(r->employees[i].n, c1, lang), 5);
			sb_adds(sb, "  ");
			vis(sb, nobody(r->employees[i].key, lang));
			sb_addch(sb, '\n');
		}
	}
	if (r->nlatest)
		sb_adds(sb, L(lang, "\nThe latest stories: situation → act → WOW\n",
		              "\nDie neuesten Geschichten: Situation → Tat → WOW\n"));
	for (size_t i = 0; i < r->nlatest; i++) {
		const struct jr_story_in *s = &r->latest[i];
		sb_addf(sb, "  #%" PRId64 "  %s  ", s->id, day_format_lang(s->date, lang, a));
		vis(sb, nobody(s->employee, lang));
		if (s->customer_id) {
			sb_adds(sb, L(lang, " with ", " bei "));
			vis(sb, s->customer_id);
		}
		if (s->customer_id && s->name && *s->name) {
			sb_addch(sb, ' ');
			vis(sb, s->name);
		}
		sb_addf(sb, " (%s)\n", kind_label(s->kind, lang));
		if (s->situation && *s->situation) {
			sb_adds(sb, "    ");
			pad(sb, L(lang, "Situation:", "Situation:"), 11);
			text_block(sb, s->situation, 15);
		}
		sb_adds(sb, "    ");
		pad(sb, L(lang, "Act:", "Tat:"), 11);
		text_block(sb, s->what, 15);
		if (s->outcome && *s->outcome) {
			sb_adds(sb, "    ");
			pad(sb, "WOW:", 11);
			text_block(sb, s->outcome, 15);
		}
	}
}

static void json_story(struct json *j, const struct jr_story_in *s)
{
	json_obj_begin(j);
	json_key(j, "id");
	json_int(j, s->id);
	json_key(j, "date");
	json_day(j, s->date);
	json_key(j, "kind");
	json_str(j, vocab_code(VOCAB_STORY_KIND, (int)s->kind));
	json_key(j, "customer_id");
	json_str(j, s->customer_id);
	json_key(j, "name");
	json_str(j, s->name);
	json_key(j, "employee");
	json_str(j, s->employee);
	json_key(j, "situation");
	json_str(j, s->situation);
	json_key(j, "what");
	json_str(j, s->what);
	json_key(j, "outcome");
	json_str(j, s->outcome);
	json_obj_end(j);
}

static void stories_json(const struct journal_stories *r, struct strbuf *sb)
{
	struct json j;
	char w[16];
	json_init(&j, sb, 1);
	json_obj_begin(&j);
	json_key(&j, "report");
	json_str(&j, "stories");
	json_key(&j, "from");
	json_day(&j, r->from);
	json_key(&j, "as_of");
	json_day(&j, r->to);
	report_future_json(&j, &r->fut);
	json_key(&j, "stories");
	json_int(&j, r->stories);
	json_key(&j, "extra_mile");
	json_int(&j, r->extra_mile);
	json_key(&j, "tnt");
	json_int(&j, r->tnt);
	json_key(&j, "weeks_without");
	json_int(&j, r->weeks_without);
	json_key(&j, "weeks");
	json_arr_begin(&j);
	for (size_t i = 0; i < r->nweeks; i++) {
		const struct jr_week *x = &r->weeks[i];
		json_obj_begin(&j);
		json_key(&j, "week");
		json_str(&j, week_name(x->year, x->week, w));
		json_key(&j, "monday");
		json_day(&j, x->monday);
		json_key(&j, "stories");
		json_int(&j, x->stories);
		json_key(&j, "tnt");
		json_int(&j, x->tnt);
		json_key(&j, "employees");
		json_arr_begin(&j);
		for (size_t k = 0; k < x->nemployees; k++) {
			json_obj_begin(&j);
			json_key(&j, "employee");
			json_str(&j, *x->employees[k].key ? x->employees[k].key : NULL);
			json_key(&j, "stories");
			json_int(&j, x->employees[k].n);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "employees");
	json_arr_begin(&j);
	for (size_t i = 0; i < r->nemployees; i++) {
		json_obj_begin(&j);
		json_key(&j, "employee");
		json_str(&j, *r->employees[i].key ? r->employees[i].key : NULL);
		json_key(&j, "stories");
		json_int(&j, r->employees[i].n);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "latest");
	json_arr_begin(&j);
	for (size_t i = 0; i < r->nlatest; i++)
		json_story(&j, &r->latest[i]);
	json_arr_end(&j);
	json_obj_end(&j);
}

/* section,week,date,employee,stories,tnt,id,kind,customer_id,situation,what,outcome,name */
static void stories_csv(const struct journal_stories *r, struct strbuf *sb)
{
	char w[16];
	sb_adds(sb, "section,week,date,employee,stories,tnt,id,kind,customer_id,situation,what,"
	            "outcome,name\n");
	for (size_t i = 0; i < r->nweeks; i++) {
		const struct jr_week *x = &r->weeks[i];
		csv_field(sb, "week", 1);
		csv_field(sb, week_name(x->year, x->week, w), 0);
		csv_day(sb, x->monday, 0);
		csv_field(sb, "", 0);
		csv_int(sb, x->stories, 0);
		csv_int(sb, x->tnt, 0);
		csv_empty(sb, 7);
		sb_addch(sb, '\n');
		for (size_t k = 0; k < x->nemployees; k++) {
			csv_field(sb, "week_employee", 1);
			csv_field(sb, w, 0);
			csv_day(sb, x->monday, 0);
			csv_text(sb, x->employees[k].key, 0);
			csv_int(sb, x->employees[k].n, 0);
			csv_empty(sb, 8);
			sb_addch(sb, '\n');
		}
	}
	for (size_t i = 0; i < r->nemployees; i++) {
		csv_field(sb, "employee", 1);
		csv_empty(sb, 2);
		csv_text(sb, r->employees[i].key, 0);
		csv_int(sb, r->employees[i].n, 0);
		csv_empty(sb, 8);
		sb_addch(sb, '\n');
	}
	for (size_t i = 0; i < r->nlatest; i++) {
		const struct jr_story_in *s = &r->latest[i];
		int y, wk;
		day_iso_week(s->date, &y, &wk);
		csv_field(sb, "story", 1);
		csv_field(sb, week_name(y, wk, w), 0);
		csv_day(sb, s->date, 0);
		csv_text(sb, s->employee, 0);
		csv_empty(sb, 2);
		csv_int(sb, s->id, 0);
		csv_field(sb, vocab_code(VOCAB_STORY_KIND, (int)s->kind), 0);
		csv_text(sb, s->customer_id, 0);
		csv_text(sb, s->situation, 0);
		csv_text(sb, s->what, 0);
		csv_text(sb, s->outcome, 0);
		csv_text(sb, s->name, 0);
		sb_addch(sb, '\n');
	}
}

void journal_stories_write(const struct journal_stories *r, enum journal_format f,
                           struct strbuf *out, enum lang lang)
{
	if (f == JF_JSON)
		stories_json(r, out);
	else if (f == JF_CSV)
		stories_csv(r, out);
	else
		stories_text(r, out, lang);
}

/* ======== promises ======== */

static void pr_text_list(struct strbuf *sb, const struct journal_promises *r,
                         const struct jr_promise_in *p, size_t n, int overdue, enum lang lang)
{
	char d[11];
	struct strbuf when = STRBUF_INIT;
	/* "seit 117 Tagen überfällig", "117 days overdue", "in 14 Tagen" */
	const int w = overdue ? (lang == LANG_DE ? 25 : 16) : 12;
	for (size_t i = 0; i < n; i++) {
		int days = overdue ? (int)(r->to - p[i].due_on) : (int)(p[i].due_on - r->today);
		sb_addf(sb, "  #%-4" PRId64 " %s  ", p[i].id,
		        day_format_lang(p[i].due_on, lang, d));
		sb_reset(&when);
		if (overdue) {
			if (lang == LANG_DE)
				sb_adds(&when, "seit ");
			fmt_count(&when, lang, days, L(lang, "day", "Tag"),
			          L(lang, "days", "Tagen"));
			sb_adds(&when, L(lang, " overdue", " überfällig"));
		} else if (days == 0) {
			sb_adds(&when, L(lang, "today", "heute"));
		} else {
			sb_adds(&when, L(lang, "in ", "in "));
			fmt_count(&when, lang, days, L(lang, "day", "Tag"),
			          L(lang, "days", "Tagen"));
		}
		pad(sb, when.buf, w);
		sb_adds(sb, "  ");
		pad(sb, p[i].customer_id, 10);
		sb_adds(sb, "  ");
		fmt_pad_cut(sb, p[i].owner && *p[i].owner ? p[i].owner : "—", 14);
		sb_adds(sb, "  ");
		text_block(sb, p[i].what, w + 51);
	}
	sb_release(&when);
}

/* The columns of the rate tables: label and width (the label's, at least 5). */
static const char *rate_label(int i, enum lang lang)
{
	switch (i) {
	case 0: return L(lang, "due", "fällig");
	case 1: return L(lang, "on time", "pünktl.");
	case 2: return L(lang, "late", "verspät.");
	case 3: return L(lang, "reneg.", "neu v.");
	case 4: return L(lang, "reneg. late", "spät v.");
	case 5: return L(lang, "broken", "gebr.");
	case 6: return L(lang, "overdue", "überf.");
	case 7: return L(lang, "on time", "pünktl.");
	default: return L(lang, "honoured", "gehalten");
	}
}

static int rate_width(int i, enum lang lang)
{
	int w = u8width(rate_label(i, lang));
	return w < 5 ? 5 : w;
}

static void pr_text_rate(struct strbuf *sb, const struct jr_rate *x, const char *label,
                         enum lang lang)
{
	char b[64];
	const int v[7] = {
	    x->due,    x->kept_on_time, x->kept_late, x->renegotiated_in_time, x->renegotiated_late,
	    x->broken, x->overdue};
	sb_adds(sb, "  ");
	pad(sb, label, 20);
	for (int i = 0; i < 7; i++) {
		sb_addch(sb, ' ');
		rpad(sb, cnt(v[i], b, lang), rate_width(i, lang));
	}
	sb_addch(sb, ' ');
	rpad(sb, pct(jr_rate_on_time(x), b, lang), rate_width(7, lang));
	sb_addch(sb, ' ');
	rpad(sb, pct(jr_rate_honoured(x), b, lang), rate_width(8, lang));
	sb_addch(sb, '\n');
}

static void pr_text_rate_head(struct strbuf *sb, const char *first, enum lang lang)
{
	sb_adds(sb, "  ");
	pad(sb, first, 20);
	for (int i = 0; i < 9; i++) {
		sb_addch(sb, ' ');
		rpad(sb, rate_label(i, lang), rate_width(i, lang));
	}
	sb_addch(sb, '\n');
}

static void promises_text(const struct journal_promises *r, struct strbuf *sb, enum lang lang)
{
	char a[11], b[11], c1[32];
	sb_addf(sb, L(lang, "Promises as of %s\n", "Zusagen, Stand %s\n"),
	        day_format_lang(r->today, lang, a));
	report_future_text(&r->fut, sb, lang);
	sb_addf(sb, L(lang, "\nDue by %s (%s)\n", "\nFällig bis %s (%s)\n"),
	        day_format_lang(r->soon_until, lang, a), cnt((int64_t)r->ndue_soon, c1, lang));
	pr_text_list(sb, r, r->due_soon, r->ndue_soon, 0, lang);
	sb_addf(sb, L(lang, "\nOverdue (%s)\n", "\nÜberfällig (%s)\n"),
	        cnt((int64_t)r->noverdue, c1, lang));
	pr_text_list(sb, r, r->overdue, r->noverdue, 1, lang);
	sb_addf(sb,
	        L(lang,
	          "\nHow promises due from %s to %s turned out\n"
	          "(reneg.: renegotiated before the due date, reneg. late: on or after it;\n"
	          " honoured: kept on time or renegotiated before the due date)\n",
	          "\nWie die vom %s bis %s fälligen Zusagen ausgingen\n"
	          "(neu v.: vor dem Fälligkeitstag neu verhandelt, spät v.: an oder nach ihm;\n"
	          " gehalten: pünktlich eingehalten oder vor dem Fälligkeitstag neu verhandelt)\n"),
	        day_format_lang(r->rate_from, lang, a), last_day(r->to, b, lang));
	pr_text_rate_head(sb, L(lang, "owner", "Verantwortlich"), lang);
	for (size_t i = 0; i < r->nowners; i++)
		pr_text_rate(sb, &r->owners[i],
		             *r->owners[i].key ? r->owners[i].key
		                               : L(lang, "(no owner)", "(niemand)"),
		             lang);
	pr_text_rate(sb, &r->total, L(lang, "all", "alle"), lang);
	if (r->ncustomers) {
		sb_adds(sb, L(lang, "\nPer customer, least honoured first\n",
		              "\nJe Kunde, kleinster Anteil gehaltener Zusagen zuerst\n"));
		pr_text_rate_head(sb, L(lang, "customer", "Kunde"), lang);
	}
	for (size_t i = 0; i < r->ncustomers; i++)
		pr_text_rate(sb, &r->customers[i], r->customers[i].key, lang);
}

static void json_promise_list(struct json *j, const struct journal_promises *r,
                              const struct jr_promise_in *p, size_t n, int overdue)
{
	json_arr_begin(j);
	for (size_t i = 0; i < n; i++) {
		json_obj_begin(j);
		json_key(j, "id");
		json_int(j, p[i].id);
		json_key(j, "customer_id");
		json_str(j, p[i].customer_id);
		json_key(j, "name");
		json_str(j, p[i].name);
		json_key(j, "owner");
		json_str(j, p[i].owner);
		json_key(j, "what");
		json_str(j, p[i].what);
		json_key(j, "made_on");
		json_day(j, p[i].made_on);
		json_key(j, "due_on");
		json_day(j, p[i].due_on);
		json_key(j, overdue ? "days_overdue" : "days_left");
		json_int(j, overdue ? r->to - p[i].due_on : p[i].due_on - r->today);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_rate(struct json *j, const struct jr_rate *x, const char *key_name)
{
	json_obj_begin(j);
	if (key_name) {
		json_key(j, key_name);
		json_str(j, *x->key ? x->key : NULL);
	}
	if (x->name) {
		json_key(j, "name");
		json_str(j, x->name);
	}
	json_key(j, "due");
	json_int(j, x->due);
	json_key(j, "kept_on_time");
	json_int(j, x->kept_on_time);
	json_key(j, "kept_late");
	json_int(j, x->kept_late);
	json_key(j, "renegotiated_in_time");
	json_int(j, x->renegotiated_in_time);
	json_key(j, "renegotiated_late");
	json_int(j, x->renegotiated_late);
	json_key(j, "broken");
	json_int(j, x->broken);
	json_key(j, "overdue");
	json_int(j, x->overdue);
	json_key(j, "on_time_rate");
	json_double(j, jr_rate_on_time(x), 4);
	json_key(j, "honoured_rate");
	json_double(j, jr_rate_honoured(x), 4);
	json_obj_end(j);
}

static void promises_json(const struct journal_promises *r, struct strbuf *sb)
{
	struct json j;
	json_init(&j, sb, 1);
	json_obj_begin(&j);
	json_key(&j, "report");
	json_str(&j, "promises");
	json_key(&j, "as_of");
	json_day(&j, r->to);
	report_future_json(&j, &r->fut);
	json_key(&j, "today");
	json_day(&j, r->today);
	json_key(&j, "due_until");
	json_day(&j, r->soon_until);
	json_key(&j, "due_soon");
	json_promise_list(&j, r, r->due_soon, r->ndue_soon, 0);
	json_key(&j, "overdue");
	json_promise_list(&j, r, r->overdue, r->noverdue, 1);
	json_key(&j, "rates");
	json_obj_begin(&j);
	json_key(&j, "from");
	json_day(&j, r->rate_from);
	json_key(&j, "total");
	json_rate(&j, &r->total, NULL);
	json_key(&j, "owners");
	json_arr_begin(&j);
	for (size_t i = 0; i < r->nowners; i++)
		json_rate(&j, &r->owners[i], "owner");
	json_arr_end(&j);
	json_key(&j, "customers");
	json_arr_begin(&j);
	for (size_t i = 0; i < r->ncustomers; i++)
		json_rate(&j, &r->customers[i], "customer_id");
	json_arr_end(&j);
	json_obj_end(&j);
	json_obj_end(&j);
}

#define PR_CSV_HEAD                                                                                \
	"section,id,key,name,owner,what,made_on,due_on,days,due,kept_on_time,kept_late,"           \
	"renegotiated_in_time,renegotiated_late,broken,overdue,on_time_rate,honoured_rate\n"

static void pr_csv_list(struct strbuf *sb, const struct journal_promises *r, const char *section,
                        const struct jr_promise_in *p, size_t n, int overdue)
{
	for (size_t i = 0; i < n; i++) {
		csv_field(sb, section, 1);
		csv_int(sb, p[i].id, 0);
		csv_text(sb, p[i].customer_id, 0);
		csv_text(sb, p[i].name, 0);
		csv_text(sb, p[i].owner, 0);
		csv_text(sb, p[i].what, 0);
		csv_day(sb, p[i].made_on, 0);
		csv_day(sb, p[i].due_on, 0);
		csv_int(sb, overdue ? r->to - p[i].due_on : p[i].due_on - r->today, 0);
		csv_empty(sb, 9);
		sb_addch(sb, '\n');
	}
}

static void pr_csv_rate(struct strbuf *sb, const char *section, const struct jr_rate *x)
{
	csv_field(sb, section, 1);
	csv_field(sb, "", 0);
	csv_text(sb, x->key, 0);
	csv_text(sb, x->name, 0);
	csv_empty(sb, 5);
	csv_int(sb, x->due, 0);
	csv_int(sb, x->kept_on_time, 0);
	csv_int(sb, x->kept_late, 0);
	csv_int(sb, x->renegotiated_in_time, 0);
	csv_int(sb, x->renegotiated_late, 0);
	csv_int(sb, x->broken, 0);
	csv_int(sb, x->overdue, 0);
	csv_dec(sb, jr_rate_on_time(x), 4);
	csv_dec(sb, jr_rate_honoured(x), 4);
	sb_addch(sb, '\n');
}

static void promises_csv(const struct journal_promises *r, struct strbuf *sb)
{
	sb_adds(sb, PR_CSV_HEAD);
	pr_csv_list(sb, r, "due_soon", r->due_soon, r->ndue_soon, 0);
	pr_csv_list(sb, r, "overdue", r->overdue, r->noverdue, 1);
	pr_csv_rate(sb, "total", &r->total);
	for (size_t i = 0; i < r->nowners; i++)
		pr_csv_rate(sb, "owner", &r->owners[i]);
	for (size_t i = 0; i < r->ncustomers; i++)
		pr_csv_rate(sb, "customer", &r->customers[i]);
}

void journal_promises_write(const struct journal_promises *r, enum journal_format f,
                            struct strbuf *out, enum lang lang)
{
	if (f == JF_JSON)
		promises_json(r, out);
	else if (f == JF_CSV)
		promises_csv(r, out);
	else
		promises_text(r, out, lang);
}

/* ======== cadence ======== */

/* A group's heading: the segment's plural label. */
static const char *group_label(const char *s, int segmented, enum lang lang)
{
	if (!s)
		return segmented ? L(lang, "without a segment", "ohne Segment")
		                 : L(lang, "all customers", "alle Kunden");
	return vocab_label_of(VOCAB_SEGMENT, s, lang, VOCAB_MANY);
}

static void cadence_text(const struct journal_cadence *r, struct strbuf *sb, enum lang lang)
{
	char a[11], m1[MONEY_AMOUNT_MAX], m2[MONEY_AMOUNT_MAX], n[32], n2[32], head[40];
	const char *cur = r->currency;
	int64_t rev = 0, silent_rev = 0;
	for (size_t g = 0; g < r->ngroups; g++) {
		rev += r->groups[g].revenue;
		silent_rev += r->groups[g].silent_revenue;
	}
	sb_adds(sb, L(lang, "Customers nobody talks to: no dialogue for more than ",
	              "Kunden, mit denen niemand spricht: seit mehr als "));
	fmt_count(sb, lang, r->days, L(lang, "day", "Tag"), L(lang, "days", "Tagen"));
	sb_addf(sb, L(lang, " (as of %s)\n", " kein Kundengespräch (Stand %s)\n"),
	        day_format_lang(r->today, lang, a));
	report_future_text(&r->fut, sb, lang);
	sb_addf(sb, L(lang, "%s of ", "%s von "), cnt(r->silent, n, lang));
	fmt_count(sb, lang, r->customers, L(lang, "active customer", "aktiven Kunden"),
	          L(lang, "active customers", "aktiven Kunden"));
	sb_adds(sb, L(lang, "; their revenue in the last ", "; ihr Umsatz der letzten "));
	fmt_count(sb, lang, r->window, L(lang, "day", "Tages"), L(lang, "days", "Tage"));
	sb_addf(sb, L(lang, ": %s of %s\n", ": %s von %s\n"),
	        money_format_amount(silent_rev, lang, cur, m1),
	        money_format_amount(rev, lang, cur, m2));
	if (!r->segmented)
		sb_adds(sb, L(lang, "(without the loyalty model: by revenue only)\n",
		              "(ohne das Treue-Modell: nur nach Umsatz)\n"));
	snprintf(head, sizeof(head), "%s (%s)", L(lang, "revenue", "Umsatz"), money_unit(cur));
	const char *last = L(lang, "last dialogue", "letztes Kundengespräch");
	int lw = u8width(last) + 1 < 17 ? 17 : u8width(last) + 1;
	for (size_t g = 0; g < r->ngroups; g++) {
		const struct jr_cadence_group *x = &r->groups[g];
		size_t shown = r->limit && x->n > r->limit ? r->limit : x->n;
		if (!x->silent)
			continue;
		sb_addf(sb,
		        L(lang, "\n%s: %s of %s without a dialogue, revenue %s\n",
		          "\n%s: %s von %s ohne Kundengespräch, Umsatz %s\n"),
		        group_label(x->segment, r->segmented, lang), cnt(x->silent, n, lang),
		        cnt(x->customers, n2, lang),
		        money_format_amount(x->silent_revenue, lang, cur, m1));
		sb_adds(sb, "  ");
		pad(sb, L(lang, "customer", "Kunde"), 12);
		pad(sb, L(lang, "name", "Name"), 26);
		pad(sb, L(lang, "account manager", "Betreuer"), 16);
		pad(sb, last, lw);
		rpad(sb, L(lang, "days", "Tage"), 6);
		rpad(sb, head, 16);
		sb_addch(sb, '\n');
		for (size_t i = x->first; i < x->first + shown; i++) {
			const struct jr_cadence_row *row = &r->rows[i];
			sb_adds(sb, "  ");
			pad(sb, row->c.customer_id, 11);
			sb_addch(sb, ' ');
			fmt_pad_cut(sb, row->c.name ? row->c.name : "", 25);
			sb_addch(sb, ' ');
			fmt_pad_cut(sb, row->c.owner && *row->c.owner ? row->c.owner : "—", 15);
			sb_addch(sb, ' ');
			pad(sb,
			    row->c.last_dialog == DAY_NONE
			        ? L(lang, "never", "nie")
			        : day_format_lang(row->c.last_dialog, lang, a),
			    lw);
			rpad(sb, row->days_since < 0 ? "" : cnt(row->days_since, n, lang), 6);
			rpad(sb, money_format_human(row->c.revenue, lang, m1), 16);
			sb_addch(sb, '\n');
		}
		if (shown < x->n)
			sb_addf(sb,
			        L(lang, "  ... and %s more (--limit 0 shows all)\n",
			          "  ... und %s weitere (--limit 0 zeigt alle)\n"),
			        cnt((int64_t)(x->n - shown), n, lang));
	}
}

static void cadence_json(const struct journal_cadence *r, struct strbuf *sb)
{
	struct json j;
	json_init(&j, sb, 1);
	json_obj_begin(&j);
	json_key(&j, "report");
	json_str(&j, "cadence");
	json_key(&j, "as_of");
	json_day(&j, r->to);
	report_future_json(&j, &r->fut);
	json_key(&j, "days");
	json_int(&j, r->days);
	json_key(&j, "segmented");
	json_bool(&j, r->segmented);
	json_key(&j, "customers");
	json_int(&j, r->customers);
	json_key(&j, "silent");
	json_int(&j, r->silent);
	json_key(&j, "groups");
	json_arr_begin(&j);
	for (size_t g = 0; g < r->ngroups; g++) {
		const struct jr_cadence_group *x = &r->groups[g];
		json_obj_begin(&j);
		json_key(&j, "segment");
		json_str(&j, x->segment);
		json_key(&j, "customers");
		json_int(&j, x->customers);
		json_key(&j, "silent");
		json_int(&j, x->silent);
		json_key(&j, "revenue");
		json_money(&j, x->revenue);
		json_key(&j, "silent_revenue");
		json_money(&j, x->silent_revenue);
		json_key(&j, "customers_silent");
		json_arr_begin(&j);
		for (size_t i = x->first; i < x->first + x->n; i++) {
			const struct jr_cadence_row *row = &r->rows[i];
			json_obj_begin(&j);
			json_key(&j, "customer_id");
			json_str(&j, row->c.customer_id);
			json_key(&j, "name");
			json_str(&j, row->c.name);
			json_key(&j, "owner");
			json_str(&j, row->c.owner);
			json_key(&j, "last_dialog");
			json_day(&j, row->c.last_dialog);
			json_key(&j, "days_since");
			if (row->days_since < 0)
				json_null(&j);
			else
				json_int(&j, row->days_since);
			json_key(&j, "revenue");
			json_money(&j, row->c.revenue);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
}

static void cadence_csv(const struct journal_cadence *r, struct strbuf *sb)
{
	char m[32];
	sb_adds(sb, "customer_id,name,owner,segment,last_dialog,days_since,revenue\n");
	for (size_t i = 0; i < r->nrows; i++) {
		const struct jr_cadence_row *row = &r->rows[i];
		csv_text(sb, row->c.customer_id, 1);
		csv_text(sb, row->c.name, 0);
		csv_text(sb, row->c.owner, 0);
		csv_field(sb, row->c.segment, 0);
		csv_day(sb, row->c.last_dialog, 0);
		if (row->days_since < 0)
			csv_field(sb, "", 0);
		else
			csv_int(sb, row->days_since, 0);
		csv_field(sb, money_format(row->c.revenue, m), 0);
		sb_addch(sb, '\n');
	}
}

void journal_cadence_write(const struct journal_cadence *r, enum journal_format f,
                           struct strbuf *out, enum lang lang)
{
	if (f == JF_JSON)
		cadence_json(r, out);
	else if (f == JF_CSV)
		cadence_csv(r, out);
	else
		cadence_text(r, out, lang);
}
