/*
 * page_journal_more.c — the other Journal pages: the stories of a week
 * with a week picker and the twelve weeks before it (`treue report
 * stories`; a week without a story says so), the feedback digest (the
 * answers to the two dialogue questions by touchpoint, recurring words,
 * departures — `treue report feedback`) and the contact cadence (`treue
 * report cadence`: active customers nobody talked to, by segment).
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "report.h"
#include "web_int.h"

/* N and its noun ("1 dialogue", "1.234 Kundengespräche"), the number as
 * the page's language writes it. */
static void count_of(struct html *h, int64_t n, const char *one, const char *many)
{
	struct strbuf sb = STRBUF_INIT;
	fmt_count(&sb, h->lang, n, one, many);
	html_text(h, sb.buf);
	sb_release(&sb);
}

/* ---- stories ---- */

static void week_name(day_t monday, char buf[16])
{
	int y, w;
	day_iso_week(monday, &y, &w);
	snprintf(buf, 16, "%04d-W%02d", y, w);
}

static void week_link(struct html *h, day_t monday)
{
	char w[16];
	week_name(monday, w);
	H(h, "<a href=\"/journal/stories?week=");
	html_urlc(h, w);
	H(h, "\">");
}

/* Stories per week as bars, each a link to its week; weeks without a
 * story are marked. */
static void weeks_chart(struct html *h, const struct journal_stories *r, day_t chosen)
{
	const double W = 720, Ht = 170, left = 30, bottom = 135, top = 15;
	struct strbuf tip = STRBUF_INIT;
	int max = 1;
	if (!r->nweeks)
		return;
	for (size_t i = 0; i < r->nweeks; i++)
		if (r->weeks[i].stories > max)
			max = r->weeks[i].stories;
	double slot = (W - left - 10) / (double)r->nweeks;
	SVG_BEGIN(h, W, Ht, "chart weeks",
	          L(h->lang, "Stories per week", "Geschichten je Kalenderwoche"));
	SVG_LINE(h, left, bottom, W - 10, bottom, "axis");
	for (size_t i = 0; i < r->nweeks; i++) {
		const struct jr_week *wk = &r->weeks[i];
		char name[16], num[16];
		week_name(wk->monday, name);
		double x = left + slot * (double)i + slot * 0.15, bw = slot * 0.7;
		double bh = (bottom - top) * wk->stories / (double)max;
		sb_reset(&tip);
		if (wk->stories)
			sb_addf(
			    &tip,
			    L(h->lang, "%s: %d stories (%d TNT)", "%s: %d Geschichten (%d TNT)"),
			    name, wk->stories, wk->tnt);
		else
			sb_addf(&tip, L(h->lang, "%s: no story", "%s: keine Geschichte"), name);
		char href[48];
		snprintf(href, sizeof(href), "/journal/stories?week=%s", name);
		svg_link_begin(h, href);
		if (wk->stories) {
			if (wk->monday == chosen)
				SVG_RECT(h, x, bottom - bh, bw, bh, "bar-alt", tip.buf);
			else
				SVG_RECT(h, x, bottom - bh, bw, bh, "bar", tip.buf);
			snprintf(num, sizeof(num), "%d", wk->stories);
			SVG_TEXT(h, x + bw / 2, bottom - bh - 4, "label", "middle", num);
		} else {
			SVG_RECT(h, x, bottom - 4, bw, 4, "none", tip.buf);
			SVG_TEXT(h, x + bw / 2, bottom - 8, "label none", "middle", "0");
		}
		snprintf(num, sizeof(num), "W%02d", wk->week);
		SVG_TEXT(h, x + bw / 2, bottom + 16, "label", "middle", num);
		svg_link_end(h);
	}
	svg_end(h);
	sb_release(&tip);
}

static void story_card(struct html *h, const struct jr_story_in *s)
{
	H(h, "<article class=\"story\"><header><span class=\"tag\">");
	html_text(h, vocab_label(VOCAB_STORY_KIND, (int)s->kind, h->lang, VOCAB_ONE));
	H(h, "</span> ");
	page_day(h, s->date);
	if (s->employee && *s->employee) {
		H(h, " · ");
		html_text(h, s->employee);
	}
	if (s->customer_id && *s->customer_id) {
		H(h, " · ");
		page_customer_link(h, s->customer_id, s->customer_id);
	}
	H(h, "</header><dl>");
	if (s->situation && *s->situation) {
		H(h, "<dt>");
		HT(h, "Situation", "Situation");
		H(h, "</dt><dd>");
		html_text(h, s->situation);
		H(h, "</dd>");
	}
	H(h, "<dt>");
	HT(h, "Act", "Tat");
	H(h, "</dt><dd>");
	html_text(h, s->what);
	H(h, "</dd>");
	if (s->outcome && *s->outcome) {
		H(h, "<dt>WOW</dt><dd>");
		html_text(h, s->outcome);
		H(h, "</dd>");
	}
	H(h, "</dl></article>");
}

void page_journal_stories(struct web_req *rq, struct web_resp *rs)
{
	struct journal_stories weeks, one;
	struct app_ctx c;
	struct future_orders fut;
	struct html h;
	struct err e;
	char name[16], now_name[16];
	int rc;
	err_init(&e, rq->lang);
	journal_ctx(rq, &c, &fut);
	day_t today = app_journal_as_of(&c) - 1;
	day_t this_monday = journal_stories_from(today + 1, 1), monday = this_monday;
	const char *w = web_arg(rq, "week");
	if (w && *w && journal_week_parse(w, &monday, &e)) {
		web_error_page(rq, rs, 400, e.msg);
		return;
	}
	c.as_of = monday + 7;
	if ((rc = app_report_stories(&c, 12, 0, &weeks, &e))) {
		journal_failed(rq, rs, rc, &e);
		return;
	}
	if ((rc = app_report_stories(&c, 1, 500, &one, &e))) {
		journal_stories_release(&weeks);
		journal_failed(rq, rs, rc, &e);
		return;
	}
	week_name(monday, name);
	week_name(this_monday, now_name);
	journal_begin(rq, rs, &h, "/journal/stories");
	journal_future_msg(&h, &weeks.fut);
	H(&h, "<div class=\"picker\">");
	week_link(&h, monday - 7);
	HT(&h, "← previous week", "← Vorwoche");
	H(&h, "</a>");
	H(&h, "<form method=\"get\" action=\"/journal/stories\" class=\"inline\"><label><span "
	      "class=\"vh\">");
	HT(&h, "Week", "Kalenderwoche");
	H(&h, "</span><input type=\"week\" name=\"week\"");
	HATTR(&h, "value", name);
	HATTR(&h, "max", now_name);
	H(&h, "></label> <button type=\"submit\">");
	HT(&h, "Show", "Zeigen");
	H(&h, "</button></form>");
	if (monday < this_monday) {
		week_link(&h, monday + 7);
		HT(&h, "next week →", "nächste Woche →");
		H(&h, "</a> ");
		H(&h, "<a href=\"/journal/stories\">");
		HT(&h, "this week", "diese Woche");
		H(&h, "</a>");
	}
	H(&h, "</div><h2>");
	{
		int y, wk;
		day_iso_week(monday, &y, &wk);
		html_textf_(&h, L(rq->lang, "Week %d of %d", "KW %d/%d"), wk, y);
	}
	H(&h, " <span class=\"muted\">");
	page_day(&h, monday);
	H(&h, " – ");
	page_day(&h, monday + 6);
	H(&h, "</span></h2>");
	if (!one.stories) {
		H(&h, "<p class=\"msg msg-empty\" role=\"status\">");
		if (monday == this_monday)
			HT(&h,
			   "No story this week yet. Every week brings a story: understand it, "
			   "write "
			   "it down, learn from it.",
			   "Diese Woche noch keine Geschichte. Jede Woche bringt eine Geschichte: "
			   "verstehen, aufschreiben, daraus lernen.");
		else
			HT(&h, "No story was written down this week.",
			   "In dieser Woche wurde keine Geschichte aufgeschrieben.");
		H(&h, "</p>");
	} else {
		H(&h, "<p>");
		if (one.stories == 1)
			html_textf_(&h,
			            L(rq->lang, "1 story: %d extra mile, %d TNT.",
			              "1 Geschichte: %d Extrameile, %d TNT."),
			            one.extra_mile, one.tnt);
		else
			html_textf_(&h,
			            L(rq->lang, "%d stories: %d extra mile, %d TNT.",
			              "%d Geschichten: %d Extrameile, %d TNT."),
			            one.stories, one.extra_mile, one.tnt);
		if (one.nweeks && one.weeks[0].nemployees) {
			H(&h, " ");
			HT(&h, "Told by ", "Erzählt von ");
			for (size_t i = 0; i < one.weeks[0].nemployees; i++) {
				const struct jr_count *x = &one.weeks[0].employees[i];
				if (i)
					H(&h, ", ");
				html_text(&h, x->key && *x->key ? x->key : "—");
				html_textf_(&h, " (%d)", x->n);
			}
			H(&h, ".");
		}
		H(&h, "</p><div class=\"stories\">");
		for (size_t i = 0; i < one.nlatest; i++)
			story_card(&h, &one.latest[i]);
		H(&h, "</div>");
	}
	H(&h, "<h2>");
	HT(&h, "The twelve weeks up to this one", "Die zwölf Wochen bis zu dieser");
	H(&h, "</h2>");
	weeks_chart(&h, &weeks, monday);
	if (weeks.weeks_without) {
		H(&h, "<p class=\"hint\">");
		html_textf_(&h,
		            L(rq->lang, "%d of %zu weeks without a story.",
		              "%d von %zu Wochen ohne Geschichte."),
		            weeks.weeks_without, weeks.nweeks);
		H(&h, "</p>");
	}
	page_end(rq, rs, &h);
	journal_stories_release(&weeks);
	journal_stories_release(&one);
}

/* ---- feedback ---- */

static void answers(struct html *h, const struct jr_answer *a, size_t n, int count)
{
	if (!count) {
		H(h, "<p class=\"muted\">");
		HT(h, "no answers", "keine Antworten");
		H(h, "</p>");
		return;
	}
	H(h, "<ul class=\"answers\">");
	for (size_t i = 0; i < n; i++) {
		H(h, "<li><q>");
		html_text(h, a[i].text);
		H(h, "</q> <span class=\"muted\">");
		page_day(h, a[i].date);
		H(h, " · ");
		page_customer_link(h, a[i].customer_id, a[i].customer_id);
		H(h, "</span></li>");
	}
	H(h, "</ul>");
	if ((size_t)count > n) {
		H(h, "<p class=\"hint\">");
		char n1[32], n2[32];
		html_textf_(
		    h, L(h->lang, "the latest %s of %s answers", "die letzten %s von %s Antworten"),
		    int_format_human((int64_t)n, h->lang, n1),
		    int_format_human(count, h->lang, n2));
		H(h, "</p>");
	}
}

static void words(struct html *h, const struct journal_word *w, size_t n)
{
	if (!n) {
		H(h, "<p class=\"muted\">");
		HT(h, "No word recurs yet.", "Noch kehrt kein Wort wieder.");
		H(h, "</p>");
		return;
	}
	H(h, "<ul class=\"chips\">");
	for (size_t i = 0; i < n; i++) {
		H(h, "<li>");
		html_text(h, w[i].word);
		H(h, " <span class=\"muted\">");
		page_int(h, w[i].texts);
		H(h, "</span></li>");
	}
	H(h, "</ul>");
}

static void counts(struct html *h, const struct jr_count *c, size_t n, int reasons)
{
	H(h, "<ul>");
	for (size_t i = 0; i < n; i++) {
		H(h, "<li>");
		html_text(h, reasons ? journal_reason_label(c[i].key, h->lang) : c[i].key);
		H(h, " <span class=\"muted\">");
		page_int(h, c[i].n);
		H(h, "</span></li>");
	}
	H(h, "</ul>");
}

void page_journal_feedback(struct web_req *rq, struct web_resp *rs)
{
	struct app_feedback_in in = {DAY_NONE, 5, 12};
	struct journal_feedback r;
	struct app_ctx c;
	struct future_orders fut;
	struct html h;
	struct err e;
	int rc;
	err_init(&e, rq->lang);
	journal_ctx(rq, &c, &fut);
	if ((rc = app_report_feedback(&c, &in, &r, &e))) {
		journal_failed(rq, rs, rc, &e);
		return;
	}
	journal_begin(rq, rs, &h, "/journal/feedback");
	journal_future_msg(&h, &r.fut);
	H(&h, "<p>");
	HT(&h, "What customers said from ", "Was Kunden sagten, von ");
	page_day(&h, r.from);
	HT(&h, " to ", " bis ");
	page_day(&h, r.to - 1);
	HT(&h, ", in ", ", in ");
	count_of(&h, r.dialogs, L(rq->lang, "dialogue", "Kundengespräch"),
	         L(rq->lang, "dialogues", "Kundengesprächen"));
	H(&h, ".");
	H(&h, "</p>");
	H(&h, "<div class=\"two\"><section><h2>");
	HT(&h, "How can we support you best?", "Wie können wir Sie am besten unterstützen?");
	H(&h, "</h2>");
	words(&h, r.words_support, r.nwords_support);
	H(&h, "</section><section><h2>");
	HT(&h, "What can we do better?", "Was können wir besser machen?");
	H(&h, "</h2>");
	words(&h, r.words_improve, r.nwords_improve);
	H(&h, "</section></div>");
	for (size_t i = 0; i < r.ntp; i++) {
		const struct jr_touchpoint *t = &r.tp[i];
		if (!t->dialogs)
			continue;
		H(&h, "<h3 class=\"cap\">");
		html_text(&h, journal_touchpoint_label(t->touchpoint, rq->lang));
		H(&h, " <span class=\"muted\">");
		count_of(&h, t->dialogs, L(rq->lang, "dialogue", "Kundengespräch"),
		         L(rq->lang, "dialogues", "Kundengespräche"));
		H(&h, "</span></h3><div class=\"two\"><section><h4>");
		HT(&h, "Support", "Unterstützen");
		H(&h, "</h4>");
		answers(&h, t->support, t->nsupport, t->support_n);
		H(&h, "</section><section><h4>");
		HT(&h, "Better", "Besser machen");
		H(&h, "</h4>");
		answers(&h, t->improve, t->nimprove, t->improve_n);
		H(&h, "</section></div>");
	}
	H(&h, "<h2>");
	HT(&h, "Departures", "Abgänge");
	H(&h, "</h2><p>");
	count_of(&h, r.departures,
	         L(rq->lang, "customer said they left.", "Kunde sagte, dass er geht."),
	         L(rq->lang, "customers said they left.", "Kunden sagten, dass sie gehen."));
	H(&h, " <a href=\"/journal/complaints\">");
	HT(&h, "Complaints and their root causes", "Reklamationen und ihre Ursachen");
	H(&h, "</a></p>");
	if (r.departures) {
		H(&h, "<div class=\"two\"><section><h3>");
		HT(&h, "Reasons", "Gründe");
		H(&h, "</h3>");
		counts(&h, r.departure_reasons, r.ndeparture_reasons, 0);
		H(&h, "</section><section><h3>");
		HT(&h, "Went to", "Gingen zu");
		H(&h, "</h3>");
		counts(&h, r.competitors, r.ncompetitors, 0);
		H(&h, "</section></div>");
	}
	page_end(rq, rs, &h);
	journal_feedback_release(&r);
}

/* ---- contact cadence ---- */

#define CADENCE_ROWS 50 /* customers shown per segment */

void page_journal_cadence(struct web_req *rq, struct web_resp *rs)
{
	struct journal_cadence r;
	struct app_ctx c;
	struct future_orders fut;
	struct html h;
	struct err e;
	int rc, days = -1;
	int64_t rev = 0, silent_rev = 0;
	const char *d = web_arg(rq, "days");
	err_init(&e, rq->lang);
	if (d && *d) {
		char *end;
		long v = strtol(d, &end, 10);
		if (*end || v < 0 || v > 36500) {
			web_error_page(rq, rs, 400,
			               L(rq->lang, "\"days\" is a number of days from 0 to 36500.",
			                 "\"days\" ist eine Anzahl Tage von 0 bis 36500."));
			return;
		}
		days = (int)v;
	}
	journal_ctx(rq, &c, &fut);
	if ((rc = app_report_cadence(&c, days, &r, &e))) {
		journal_failed(rq, rs, rc, &e);
		return;
	}
	journal_begin(rq, rs, &h, "/journal/cadence");
	journal_future_msg(&h, &r.fut);
	for (size_t g = 0; g < r.ngroups; g++) {
		rev += r.groups[g].revenue;
		silent_rev += r.groups[g].silent_revenue;
	}
	H(&h, "<form method=\"get\" action=\"/journal/cadence\" class=\"inline filter\"><label>");
	HT(&h, "No dialogue for more than", "Kein Kundengespräch seit mehr als");
	H(&h, " <input type=\"number\" name=\"days\" min=\"0\" max=\"36500\" class=\"short\"");
	{
		char v[16];
		snprintf(v, sizeof(v), "%d", r.days);
		HATTR(&h, "value", v);
	}
	H(&h, "> ");
	HT(&h, "days", "Tagen");
	H(&h, "</label> <button type=\"submit\">");
	HT(&h, "Show", "Zeigen");
	H(&h, "</button></form><p>");
	{
		char n1[32], n2[32], n3[32], n4[32];
		html_textf_(
		    &h,
		    L(rq->lang,
		      "%s of %s active customers had no dialogue for more than %s days (or "
		      "never). Their revenue in the last %s days: ",
		      "%s von %s aktiven Kunden hatten seit mehr als %s Tagen kein "
		      "Kundengespräch oder noch nie eines. Ihr Umsatz der letzten %s Tage: "),
		    int_format_human(r.silent, rq->lang, n1),
		    int_format_human(r.customers, rq->lang, n2),
		    int_format_human(r.days, rq->lang, n3),
		    int_format_human(r.window, rq->lang, n4));
	}
	page_money(&h, silent_rev);
	HT(&h, " of ", " von ");
	page_money(&h, rev);
	H(&h, ".</p>");
	if (!r.segmented) {
		H(&h, "<p class=\"hint\">");
		HT(&h, "Without the loyalty model: by revenue only.",
		   "Ohne das Treue-Modell: nur nach Umsatz.");
		H(&h, "</p>");
	}
	for (size_t g = 0; g < r.ngroups; g++) {
		const struct jr_cadence_group *x = &r.groups[g];
		size_t shown = x->n < CADENCE_ROWS ? x->n : CADENCE_ROWS;
		if (!x->silent)
			continue;
		H(&h, "<h2 class=\"cap\">");
		if (x->segment)
			html_text(&h,
			          vocab_label_of(VOCAB_SEGMENT, x->segment, rq->lang, VOCAB_MANY));
		else if (r.segmented)
			HT(&h, "without a segment", "ohne Segment");
		else
			HT(&h, "all customers", "alle Kunden");
		H(&h, " <span class=\"muted\">");
		{
			char n1[32], n2[32];
			html_textf_(&h,
			            L(rq->lang, "%s of %s silent, revenue ",
			              "%s von %s ohne Kundengespräch, Umsatz "),
			            int_format_human(x->silent, rq->lang, n1),
			            int_format_human(x->customers, rq->lang, n2));
		}
		page_money(&h, x->silent_revenue);
		H(&h, "</span></h2><div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
		HT(&h, "customer", "Kunde");
		H(&h, "</th><th>");
		HT(&h, "name", "Name");
		H(&h, "</th><th>");
		HT(&h, "owner", "Betreuer");
		H(&h, "</th><th>");
		HT(&h, "last dialogue", "letztes Kundengespräch");
		H(&h, "</th><th class=\"num\">");
		HT(&h, "days", "Tage");
		H(&h, "</th><th class=\"num\">");
		HT(&h, "revenue", "Umsatz");
		H(&h, "</th></tr></thead><tbody>");
		for (size_t i = x->first; i < x->first + shown; i++) {
			const struct jr_cadence_row *row = &r.rows[i];
			H(&h, "<tr><td>");
			page_customer_link(&h, row->c.customer_id, row->c.customer_id);
			H(&h, "</td><td>");
			html_text(&h, row->c.name ? row->c.name : "");
			H(&h, "</td><td>");
			html_text(&h, row->c.owner && *row->c.owner ? row->c.owner : "—");
			H(&h, "</td><td class=\"nowrap\">");
			if (row->c.last_dialog == DAY_NONE)
				HT(&h, "never", "nie");
			else
				page_day(&h, row->c.last_dialog);
			H(&h, "</td><td class=\"num\">");
			if (row->days_since >= 0)
				page_int(&h, row->days_since);
			H(&h, "</td><td class=\"num\">");
			page_money(&h, row->c.revenue);
			H(&h, "</td></tr>");
		}
		H(&h, "</tbody></table></div>");
		if (shown < x->n) {
			H(&h, "<p class=\"hint\">");
			char n1[32];
			html_textf_(
			    &h,
			    L(rq->lang, "… and %s more (treue report cadence --limit 0 lists all)",
			      "… und %s weitere (treue report cadence --limit 0 nennt alle)"),
			    int_format_human((int64_t)(x->n - shown), rq->lang, n1));
			H(&h, "</p>");
		}
	}
	page_end(rq, rs, &h);
	journal_cadence_release(&r);
}
