/*
 * page_customer.c — one customer (/customers/ID): its figures, segment
 * with the reason, its place on the action list, P(alive) and the expected
 * margin over the next 52 weeks (the purchase model's forward estimate,
 * named as such), the bond with its components, open promises and
 * complaints (with one-click closing), the timeline (orders per month as a
 * small chart, then surveys, dialogues, promises, complaints, stories,
 * referrals, departures), and — for members and above — the forms that
 * record a dialogue, a promise, a complaint, a story, a referral or a
 * departure (their handler is page_customer_forms.c).
 *
 * The card is app_customer_card_of on the shared view: the same call and
 * result struct `treue customer` prints.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "web_int.h"

/* What the renderer needs besides the card. */
struct cp {
	struct web_req *rq;
	struct web_resp *rs;
	struct html *h;
	const struct cust_form *cf;
	const struct app_customer *card;
	struct strbuf self; /* this page's path */
	day_t today;
	int can_write;
};

/* ---- form fields that keep what was typed ---- */

/* The form that failed is this one (and about this entry). */
static int failed(const struct cp *p, const char *form, int64_t entry)
{
	return p->cf && p->cf->form && !strcmp(p->cf->form, form) && p->cf->entry == entry;
}

/* The value of a field: as typed when its form failed, else dflt. */
static const char *fval(const struct cp *p, const char *form, int64_t entry, const char *name,
                        const char *dflt)
{
	if (failed(p, form, entry)) {
		const char *v = web_field(p->rq, name);
		return v ? v : "";
	}
	return dflt ? dflt : "";
}

/* The id of an input: form-name(-entry). */
static void input_id(struct strbuf *id, const char *form, int64_t entry, const char *name)
{
	sb_reset(id);
	sb_addf(id, "f-%s-%s", form, name);
	if (entry)
		sb_addf(id, "-%lld", (long long)entry);
}

/* The error of the failed form refers to this field (the app's field
 * names use "-" where the forms use "_"). */
static int field_wrong(const struct cp *p, const char *form, int64_t entry, const char *name)
{
	if (!failed(p, form, entry) || !p->cf->e || !p->cf->e->field[0])
		return 0;
	const char *f = p->cf->e->field;
	for (; *f && *name; f++, name++)
		if (*f != *name && !((*f == '-' && *name == '_') || (*f == '_' && *name == '-')))
			return 0;
	return !*f && !*name;
}

enum { WF_TEXT, WF_DATE, WF_AREA };

static void field(const struct cp *p, const char *form, int64_t entry, const char *name,
                  const char *label, int type, const char *dflt, int required)
{
	struct html *h = p->h;
	struct strbuf id = STRBUF_INIT;
	input_id(&id, form, entry, name);
	H(h, "<label");
	HATTR(h, "for", id.buf);
	H(h, ">");
	html_text(h, label);
	if (required)
		H(h, " <span class=\"req\" aria-hidden=\"true\">*</span>");
	H(h, "</label>");
	if (type == WF_AREA)
		H(h, "<textarea rows=\"3\" maxlength=\"4000\"");
	else
		H(h, "<input");
	if (type == WF_DATE)
		H(h, " type=\"date\"");
	else if (type == WF_TEXT)
		H(h, " maxlength=\"1000\"");
	HATTR(h, "id", id.buf);
	HATTR(h, "name", name);
	if (required)
		H(h, " required");
	if (field_wrong(p, form, entry, name))
		H(h, " aria-invalid=\"true\"");
	if (type == WF_AREA) {
		H(h, ">");
		html_text(h, fval(p, form, entry, name, dflt));
		H(h, "</textarea>");
	} else {
		HATTR(h, "value", fval(p, form, entry, name, dflt));
		H(h, ">");
	}
	sb_release(&id);
}

/* A <select> of the words of a vocabulary class (value: the code). */
static void vocab_select(const struct cp *p, const char *form, const char *name, const char *label,
                         enum vocab_class cls, const char *dflt, int with_none)
{
	struct html *h = p->h;
	struct strbuf id = STRBUF_INIT;
	const char *cur = fval(p, form, 0, name, dflt);
	input_id(&id, form, 0, name);
	H(h, "<label");
	HATTR(h, "for", id.buf);
	H(h, ">");
	html_text(h, label);
	H(h, "</label><select");
	HATTR(h, "id", id.buf);
	HATTR(h, "name", name);
	if (field_wrong(p, form, 0, name))
		H(h, " aria-invalid=\"true\"");
	H(h, ">");
	if (with_none)
		H(h, "<option value=\"\">–</option>");
	for (int i = 0; i < vocab_count(cls); i++) {
		H(h, "<option");
		HATTR(h, "value", vocab_code(cls, i));
		if (cur && !strcmp(cur, vocab_code(cls, i)))
			H(h, " selected");
		H(h, ">");
		html_text(h, vocab_label(cls, i, h->lang, VOCAB_ONE));
		H(h, "</option>");
	}
	H(h, "</select>");
	sb_release(&id);
}

/* The start of a form posting to this page: CSRF, which form, entry. */
static void form_begin(const struct cp *p, const char *form, int64_t entry, const char *cls)
{
	struct html *h = p->h;
	H(h, "<form method=\"post\"");
	HATTR(h, "action", p->self.buf);
	HATTR(h, "class", cls);
	H(h, ">");
	page_csrf_field(p->rq, p->rs, h);
	H(h, "<input type=\"hidden\" name=\"form\"");
	HATTR(h, "value", form);
	H(h, ">");
	if (entry) {
		char num[24];
		snprintf(num, sizeof(num), "%lld", (long long)entry);
		H(h, "<input type=\"hidden\" name=\"entry\"");
		HATTR(h, "value", num);
		H(h, ">");
	}
	if (failed(p, form, entry) && p->cf->e)
		h_app_error(h, p->cf->e);
}

/* ---- the parts of the page ---- */

static void score_dd(struct html *h, int64_t sum, int n)
{
	if (!n)
		html_text(h, "–");
	else
		h_num(h, (double)sum / n / 10.0, 1);
}

static void bond_chart(struct html *h, const struct app_customer *card)
{
	const struct {
		const char *en, *de;
		double v;
	} parts[] = {
	    {"trust", "Vertrauen", card->bond.trust},
	    {"satisfaction", "Zufriedenheit", card->bond.satisfaction},
	    {"perceived value", "wahrgenommener Nutzen", card->bond.value},
	    {"bond", "Bindung", card->bond.bond},
	};
	const double W = 340, row = 24, L0 = 170;
	struct strbuf t = STRBUF_INIT;
	SVG_BEGIN(
	    h, W, row * 4 + 4, "chart bond",
	    L(h->lang, "Bond and its components (0–100)", "Bindung und ihre Bestandteile (0–100)"));
	for (int k = 0; k < 4; k++) {
		double y = 2 + row * k;
		const char *name = L(h->lang, parts[k].en, parts[k].de);
		if (k == 3)
			SVG_TEXT(h, L0 - 6, y + 16, "label strong", "end", name);
		else
			SVG_TEXT(h, L0 - 6, y + 16, "label", "end", name);
		SVG_RECT(h, L0, y + 4, W - L0 - 40, 14, "track", NULL);
		sb_reset(&t);
		sb_addf(&t, "%s: ", name);
		if (isnan(parts[k].v)) {
			sb_adds(&t, L(h->lang, "not known", "unbekannt"));
			SVG_TEXT(h, L0 + 4, y + 16, "label", "start", "–");
			continue;
		}
		fmt_num(&t, h->lang, parts[k].v, 0);
		if (k == 3)
			SVG_RECT(h, L0, y + 4, (W - L0 - 40) * parts[k].v / 100.0, 14, "bar-alt",
			         t.buf);
		else
			SVG_RECT(h, L0, y + 4, (W - L0 - 40) * parts[k].v / 100.0, 14, "bar",
			         t.buf);
		sb_reset(&t);
		fmt_num(&t, h->lang, parts[k].v, 0);
		SVG_TEXT(h, W - 34, y + 16, "label", "start", t.buf);
	}
	svg_end(h);
	sb_release(&t);
}

static void summary(const struct cp *p, const struct web_view *v)
{
	struct html *h = p->h;
	const struct app_customer *card = p->card;
	const struct cust_fig *f = &card->fig;
	enum lang lang = h->lang;
	H(h, "<section class=\"kpis\">");
	H(h, "<div class=\"kpi\"><h3>");
	HT(h, "Segment", "Segment");
	H(h, "</h3><p class=\"big\">");
	h_segment(h, f->segment);
	if (card->silent) {
		H(h, " <span class=\"badge silent\">");
		HT(h, "silent leaver", "stiller Abwanderer");
		H(h, "</span>");
	}
	H(h, "</p><p>");
	html_text(h, card->why);
	H(h, "</p></div>");

	H(h, "<div class=\"kpi\"><h3>");
	HT(h, "Action list", "Aktionsliste");
	H(h, "</h3>");
	if (card->has_action) {
		H(h, "<p class=\"big\">");
		HF(h, "%s %d", L(lang, "priority", "Priorität"), card->action.priority);
		H(h, "</p><p>");
		html_text(h, action_text(card->action.priority, lang));
		H(h, "</p><p class=\"prev\">");
		HT(h, "place ", "Platz ");
		h_count(h, (int64_t)card->rank);
		HT(h, " of ", " von ");
		h_count(h, (int64_t)v->r.l.nactions);
		H(h, "</p>");
		struct strbuf due = STRBUF_INIT;
		report_action_due(&card->action, &due, lang);
		if (due.len) {
			H(h, "<p class=\"due\">");
			html_text(h, due.buf);
			H(h, "</p>");
		}
		sb_release(&due);
	} else {
		H(h, "<p>");
		HT(h, "Not on the list: only active customers are.",
		   "Nicht auf der Liste: nur aktive Kunden stehen darauf.");
		H(h, "</p>");
	}
	H(h, "</div>");

	H(h, "<div class=\"kpi\"><h3>");
	HT(h, "Probability still active — purchase model", "Aktiv-Wahrscheinlichkeit — Kaufmodell");
	H(h, "</h3>");
	if (card->has_btyd) {
		H(h, "<p class=\"big\">");
		h_num(h, floor(card->p_alive * 100) / 100, 2);
		H(h, "</p><p>");
		HT(h, "expected margin over the next 52 weeks: ",
		   "erwarteter Deckungsbeitrag in den nächsten 52 Wochen: ");
		H(h, "<strong>");
		h_money_d(h, card->margin52);
		H(h, "</strong></p><p>");
		HT(h, "expected purchases in 52 weeks: ", "erwartete Käufe in 52 Wochen: ");
		h_num(h, card->expected52, 1);
		H(h, "; ");
		HFL(h, "over %d years, discounted: ", "über %d Jahre, abgezinst: ", card->horizon);
		h_money_d(h, card->margin_h);
		H(h, "</p><p class=\"hint\">");
		HT(h,
		   "A forward estimate for this customer from its purchases (BG/NBD and "
		   "Gamma-Gamma) — not the what-if value of the Overview.",
		   "Eine Vorausschätzung für diesen Kunden aus seinen Käufen (BG/NBD und "
		   "Gamma-Gamma) — nicht der Was-wäre-wenn-Wert des Überblicks.");
		H(h, "</p>");
	} else {
		H(h, "<p>");
		HT(h, "Not available for this customer.", "Für diesen Kunden nicht verfügbar.");
		H(h, "</p>");
	}
	H(h, "</div>");

	H(h, "<div class=\"kpi kpi-wide\"><h3>");
	HT(h, "Bond", "Bindung");
	H(h, "</h3>");
	bond_chart(h, card);
	H(h, "<p class=\"hint\">");
	if (card->trust.due) {
		HFL(h, "Trust: %d of %d promises due in the last two years honoured",
		    "Vertrauen: %d von %d in den letzten zwei Jahren fälligen Zusagen gehalten",
		    card->trust.honoured, card->trust.due);
		if (card->trust.broken || card->trust.late || card->trust.overdue_open)
			HFL(h, " (%d broken, %d late, %d overdue)",
			    " (%d gebrochen, %d verspätet, %d überfällig)", card->trust.broken,
			    card->trust.late + card->trust.renegotiated_late,
			    card->trust.overdue_open);
		H(h, ". ");
	} else {
		HT(h, "Trust: no promise fell due in the last two years. ",
		   "Vertrauen: in den letzten zwei Jahren wurde keine Zusage fällig. ");
	}
	HT(h, "The bond is the mean of the components known.",
	   "Die Bindung ist der Mittelwert der bekannten Bestandteile.");
	H(h, "</p></div></section>");
}

static void figures(const struct cp *p)
{
	struct html *h = p->h;
	const struct app_customer *card = p->card;
	const struct cust_fig *f = &card->fig;
	int sat_n = f->measured ? f->sat_n : 0;
	H(h, "<h2 id=\"figures\">");
	HT(h, "Figures", "Kennzahlen");
	H(h, "</h2><dl class=\"facts cols\"><dt>");
	HT(h, "Orders, last 12 months", "Aufträge, letzte 12 Monate");
	H(h, "</dt><dd>");
	h_count(h, f->orders);
	H(h, "</dd><dt>");
	HT(h, "Revenue, last 12 months", "Umsatz, letzte 12 Monate");
	H(h, "</dt><dd>");
	h_money(h, f->rev_p0);
	H(h, "</dd><dt>");
	HT(h, "Revenue, the 12 months before", "Umsatz, die 12 Monate davor");
	H(h, "</dt><dd>");
	h_money(h, f->rev_p1);
	H(h, "</dd><dt>");
	HT(h, "Margin, last 12 months", "Deckungsbeitrag, letzte 12 Monate");
	H(h, "</dt><dd>");
	h_money(h, f->margin_p0);
	H(h, "</dd><dt>");
	HT(h, "First purchase", "Erster Kauf");
	H(h, "</dt><dd>");
	h_day(h, f->first);
	H(h, "</dd><dt>");
	HT(h, "Last purchase", "Letzter Kauf");
	H(h, "</dt><dd>");
	h_day(h, f->last);
	if (f->last != DAY_NONE) {
		H(h, " <span class=\"muted\">(");
		char nb[32];
		HFL(h, "%s days ago", "vor %s Tagen",
		    int_format_human(card->as_of - 1 - f->last, h->lang, nb));
		H(h, ")</span>");
	}
	H(h, "</dd><dt>");
	HT(h, "Latest survey", "Letzte Umfrage");
	H(h, "</dt><dd>");
	if (f->survey_date == DAY_NONE) {
		HT(h, "none", "keine");
	} else {
		h_day(h, f->survey_date);
		HT(h, ": satisfaction ", ": Zufriedenheit ");
		score_dd(h, f->sat_sum, f->sat_n);
		HT(h, ", recommend ", ", Weiterempfehlung ");
		score_dd(h, f->rec_sum, f->rec_n);
		HT(h, ", perceived value ", ", wahrgenommener Nutzen ");
		score_dd(h, f->val_sum, f->val_n);
		if (!sat_n)
			HT(h, " (stale)", " (veraltet)");
	}
	H(h, "</dd><dt>");
	HT(h, "Referrals made (two years)", "Empfehlungen (zwei Jahre)");
	H(h, "</dt><dd>");
	h_count(h, f->referrals);
	H(h, "</dd></dl>");
}

static void promises(const struct cp *p)
{
	struct html *h = p->h;
	const struct app_customer *card = p->card;
	H(h, "<h2 id=\"promises\">");
	HT(h, "Open promises", "Offene Zusagen");
	H(h, "</h2>");
	if (!card->nopen_promises) {
		H(h, "<p class=\"muted\">");
		HT(h, "None.", "Keine.");
		H(h, "</p>");
		return;
	}
	H(h, "<ul class=\"entries\">");
	for (size_t r = 0; r < card->nopen_promises; r++) {
		const struct app_open_promise *op = &card->open_promises[r];
		int64_t id = op->id;
		day_t due = op->due_on;
		if (due < p->today)
			H(h, "<li class=\"entry overdue\"><p>");
		else
			H(h, "<li class=\"entry\"><p>");
		H(h, "<strong>");
		html_text(h, op->what);
		H(h, "</strong> — ");
		HT(h, "due ", "fällig ");
		h_day(h, due);
		if (due < p->today) {
			H(h, " <span class=\"badge late\">");
			HT(h, "overdue", "überfällig");
			H(h, "</span>");
		}
		if (op->owner) {
			HT(h, "; by ", "; von ");
			html_text(h, op->owner);
		}
		HF(h, " (#%lld)", (long long)id);
		H(h, "</p>");
		if (p->can_write) {
			form_begin(p, "promise_close", id, "inline close");
			H(h, "<button type=\"submit\" name=\"status\" value=\"kept\" "
			     "class=\"primary\">");
			HT(h, "kept", "eingehalten");
			H(h, "</button><button type=\"submit\" name=\"status\" value=\"broken\">");
			HT(h, "broken", "gebrochen");
			H(h, "</button></form>");
			form_begin(p, "promise_close", id, "inline close");
			H(h, "<input type=\"hidden\" name=\"status\" value=\"renegotiated\">");
			struct strbuf idb = STRBUF_INIT;
			input_id(&idb, "promise_close", id, "new_due");
			H(h, "<label");
			HATTR(h, "for", idb.buf);
			H(h, ">");
			HT(h, "new due date", "neu fällig am");
			H(h, "</label><input type=\"date\" name=\"new_due\" required");
			HATTR(h, "id", idb.buf);
			HATTR(h, "value", fval(p, "promise_close", id, "new_due", ""));
			H(h, "><button type=\"submit\">");
			HT(h, "renegotiate", "neu verhandeln");
			H(h, "</button></form>");
			sb_release(&idb);
		}
		H(h, "</li>");
	}
	H(h, "</ul>");
}

static void complaints(const struct cp *p)
{
	struct html *h = p->h;
	const struct app_customer *card = p->card;
	H(h, "<h2 id=\"complaints\">");
	HT(h, "Open complaints", "Offene Reklamationen");
	H(h, "</h2>");
	if (!card->nopen_complaints) {
		H(h, "<p class=\"muted\">");
		HT(h, "None.", "Keine.");
		H(h, "</p>");
		return;
	}
	H(h, "<ul class=\"entries\">");
	for (size_t r = 0; r < card->nopen_complaints; r++) {
		const struct app_open_complaint *ok = &card->open_complaints[r];
		int64_t id = ok->id;
		day_t date = ok->date;
		int nwhy = 0;
		H(h, "<li class=\"entry\"><p><strong>");
		html_text(h, vocab_label_of(VOCAB_REASON, ok->reason, h->lang, VOCAB_ONE));
		H(h, "</strong>");
		if (ok->reason_text) {
			HL(h, " (“", " („");
			html_text(h, ok->reason_text);
			HL(h, "”)", "“)");
		}
		HT(h, " — since ", " — seit ");
		h_day(h, date);
		H(h, " <span class=\"muted\">(");
		HFL(h, "%d days", "%d Tage", p->today - date);
		H(h, ")</span>");
		HF(h, " (#%lld)", (long long)id);
		H(h, "</p>");
		if (ok->description) {
			H(h, "<p>");
			html_text(h, ok->description);
			H(h, "</p>");
		}
		H(h, "<ol class=\"whys\">");
		for (; nwhy < JOURNAL_WHYS && ok->why[nwhy]; nwhy++) {
			H(h, "<li>");
			HT(h, "Why? ", "Warum? ");
			html_text(h, ok->why[nwhy]);
			H(h, "</li>");
		}
		H(h, "</ol>");
		if (p->can_write) {
			if (nwhy < JOURNAL_WHYS) {
				struct strbuf lab = STRBUF_INIT;
				sb_addf(&lab, L(h->lang, "Why? (%d of 5)", "Warum? (%d von 5)"),
				        nwhy + 1);
				form_begin(p, "complaint_why", id, "inline why");
				field(p, "complaint_why", id, "why", lab.buf, WF_TEXT, "", 1);
				H(h, "<button type=\"submit\">");
				HT(h, "add a why", "Warum hinzufügen");
				H(h, "</button></form>");
				sb_release(&lab);
			}
			form_begin(p, "complaint_resolve", id, "inline resolve");
			field(p, "complaint_resolve", id, "root_cause",
			      L(h->lang, "root cause", "Grundursache"), WF_TEXT, "", 1);
			H(h, "<button type=\"submit\" class=\"primary\">");
			HT(h, "resolve", "erledigt");
			H(h, "</button></form>");
			if (nwhy < JOURNAL_WHYS) {
				H(h, "<p class=\"hint\">");
				HT(h, "Ask “why” five times to reach the root cause.",
				   "Fünfmal „warum“ fragen, um die Grundursache zu finden.");
				H(h, "</p>");
			}
		}
		H(h, "</li>");
	}
	H(h, "</ul>");
}

/* ---- the forms that record ---- */

static void details_begin(const struct cp *p, const char *form, const char *id, const char *title)
{
	struct html *h = p->h;
	H(h, "<details class=\"record\"");
	HATTR(h, "id", id);
	if (failed(p, form, 0))
		H(h, " open");
	H(h, "><summary>");
	html_text(h, title);
	H(h, "</summary>");
}

static void submit(struct html *h, const char *label)
{
	H(h, "<button type=\"submit\" class=\"primary\">");
	html_text(h, label);
	H(h, "</button></form></details>");
}

static void forms(const struct cp *p)
{
	struct html *h = p->h;
	enum lang lang = h->lang;
	char today[11];
	day_format(p->today, today);
	const char *me = p->rq->user.owner[0] ? p->rq->user.owner : p->rq->user.name;
	const char *owner = p->card->owner[0] ? p->card->owner : me;

	H(h, "<h2 id=\"record\">");
	HT(h, "Record", "Erfassen");
	H(h, "</h2><div class=\"forms\">");

	details_begin(p, "dialog", "record-dialog", L(lang, "A dialogue", "Ein Kundengespräch"));
	H(h, "<div class=\"with-hint\">");
	form_begin(p, "dialog", 0, "card");
	field(p, "dialog", 0, "support",
	      L(lang, "How can we support you best?", "Wie können wir Sie am besten unterstützen?"),
	      WF_AREA, "", 0);
	field(p, "dialog", 0, "improve",
	      L(lang, "What can we do better?", "Was können wir besser machen?"), WF_AREA, "", 0);
	field(p, "dialog", 0, "notes", L(lang, "Notes", "Notizen"), WF_AREA, "", 0);
	field(p, "dialog", 0, "date", L(lang, "Date", "Datum"), WF_DATE, today, 0);
	vocab_select(p, "dialog", "touchpoint", L(lang, "Touchpoint", "Kontaktpunkt"),
	             VOCAB_TOUCHPOINT, "sales", 1);
	field(p, "dialog", 0, "channel",
	      L(lang, "Channel (visit, phone, …)", "Kanal (Besuch, Telefon, …)"), WF_TEXT, "", 0);
	field(p, "dialog", 0, "employee", L(lang, "Who spoke with them", "Wer sprach mit ihnen"),
	      WF_TEXT, me, 0);
	field(p, "dialog", 0, "follow_up",
	      L(lang, "Follow up by (optional)", "Wiedervorlage am (optional)"), WF_DATE, "", 0);
	H(h, "<button type=\"submit\" class=\"primary\">");
	HT(h, "Record the dialogue", "Kundengespräch erfassen");
	H(h, "</button></form><aside class=\"rules\"><h3>");
	HT(h, "Nine rules for the dialogue", "Neun Regeln für das Kundengespräch");
	H(h, "</h3><ol>");
	static const char *const rules[][2] = {
	    {"Be authentic.", "Authentisch sein."},
	    {"Ask open questions.", "Offene Fragen stellen."},
	    {"Listen: the customer talks over 80 % of the time.",
	     "Zuhören: der Kunde spricht über 80 % der Zeit."},
	    {"Learn instead of selling.", "Lernen statt verkaufen."},
	    {"Collect facts.", "Fakten sammeln."},
	    {"Focus.", "Fokussieren."},
	    {"Recognise needs without judging.", "Bedürfnisse erkennen, ohne zu bewerten."},
	    {"Take feedback with a simple “thank you”.",
	     "Feedback mit einem einfachen „Danke“ annehmen."},
	    {"Ask why before how.", "Erst nach dem Warum fragen, dann nach dem Wie."},
	};
	for (size_t k = 0; k < ARRAY_SIZE(rules); k++) {
		H(h, "<li>");
		html_text(h, L(lang, rules[k][0], rules[k][1]));
		H(h, "</li>");
	}
	H(h, "</ol></aside></div></details>");

	details_begin(p, "promise", "record-promise", L(lang, "A promise", "Eine Zusage"));
	form_begin(p, "promise", 0, "card");
	field(p, "promise", 0, "what", L(lang, "What was promised", "Was zugesagt wurde"), WF_AREA,
	      "", 1);
	field(p, "promise", 0, "due", L(lang, "Due on", "Fällig am"), WF_DATE, "", 1);
	field(p, "promise", 0, "made_on", L(lang, "Promised on", "Zugesagt am"), WF_DATE, today, 0);
	field(p, "promise", 0, "owner", L(lang, "Who keeps it", "Wer sie einhält"), WF_TEXT, owner,
	      0);
	submit(h, L(lang, "Record the promise", "Zusage erfassen"));

	details_begin(p, "complaint", "record-complaint",
	              L(lang, "A complaint", "Eine Reklamation"));
	form_begin(p, "complaint", 0, "card");
	vocab_select(p, "complaint", "reason", L(lang, "Reason", "Grund"), VOCAB_REASON,
	             "expectations_not_met", 0);
	field(p, "complaint", 0, "description", L(lang, "What happened", "Was geschah"), WF_AREA,
	      "", 0);
	field(p, "complaint", 0, "why",
	      L(lang, "Why? (the first of five whys; more can be added later)",
	        "Warum? (das erste von fünf Warum; weitere später)"),
	      WF_TEXT, "", 0);
	field(p, "complaint", 0, "owner",
	      L(lang, "Who looks after it (empty: the account manager)",
	        "Wer sich kümmert (leer: der Betreuer)"),
	      WF_TEXT, "", 0);
	field(p, "complaint", 0, "date", L(lang, "Date", "Datum"), WF_DATE, today, 0);
	submit(h, L(lang, "Record the complaint", "Reklamation erfassen"));

	details_begin(p, "story", "record-story",
	              L(lang, "A story: extra mile or tiny noticeable thing",
	                "Eine Geschichte: Extrameile oder kleine Aufmerksamkeit"));
	form_begin(p, "story", 0, "card");
	vocab_select(p, "story", "kind", L(lang, "Kind", "Art"), VOCAB_STORY_KIND, "extra_mile", 0);
	field(p, "story", 0, "situation",
	      L(lang, "The situation (what went wrong)", "Die Situation (was schiefging)"), WF_AREA,
	      "", 0);
	field(p, "story", 0, "what", L(lang, "What was done", "Was getan wurde"), WF_AREA, "", 1);
	field(p, "story", 0, "outcome", L(lang, "The WOW", "Das WOW"), WF_AREA, "", 0);
	field(p, "story", 0, "employee", L(lang, "By", "Von"), WF_TEXT, me, 0);
	field(p, "story", 0, "date", L(lang, "Date", "Datum"), WF_DATE, today, 0);
	submit(h, L(lang, "Record the story", "Geschichte erfassen"));

	details_begin(p, "referral", "record-referral", L(lang, "A referral", "Eine Empfehlung"));
	form_begin(p, "referral", 0, "card");
	{
		const char *dir = fval(p, "referral", 0, "direction", "referred");
		struct strbuf id = STRBUF_INIT;
		input_id(&id, "referral", 0, "direction");
		H(h, "<label");
		HATTR(h, "for", id.buf);
		H(h, ">");
		HT(h, "This customer …", "Dieser Kunde …");
		H(h, "</label><select name=\"direction\"");
		HATTR(h, "id", id.buf);
		H(h, "><option value=\"referred\"");
		if (!strcmp(dir, "referred"))
			H(h, " selected");
		H(h, ">");
		HT(h, "referred the customer below", "hat den Kunden unten empfohlen");
		H(h, "</option><option value=\"referred_by\"");
		if (!strcmp(dir, "referred_by"))
			H(h, " selected");
		H(h, ">");
		HT(h, "was referred by the customer below", "wurde vom Kunden unten empfohlen");
		H(h, "</option></select>");
		sb_release(&id);
	}
	field(p, "referral", 0, "other",
	      L(lang, "The other customer (id or start of the name)",
	        "Der andere Kunde (Nummer oder Namensanfang)"),
	      WF_TEXT, "", 1);
	field(p, "referral", 0, "date", L(lang, "Date", "Datum"), WF_DATE, today, 0);
	submit(h, L(lang, "Record the referral", "Empfehlung erfassen"));

	details_begin(p, "departure", "record-departure",
	              L(lang, "A departure: the customer left", "Ein Abgang: der Kunde ging"));
	form_begin(p, "departure", 0, "card");
	field(p, "departure", 0, "reason", L(lang, "Why they left", "Warum er ging"), WF_AREA, "",
	      0);
	field(p, "departure", 0, "competitor",
	      L(lang, "To which competitor", "Zu welchem Wettbewerber"), WF_TEXT, "", 0);
	field(p, "departure", 0, "date", L(lang, "Date", "Datum"), WF_DATE, today, 0);
	submit(h, L(lang, "Record the departure", "Abgang erfassen"));
	H(h, "</div>");
}

/* ---- the timeline ---- */

static void months_chart(struct html *h, const struct app_customer *card)
{
	size_t n = card->nmonths, first = n > 36 ? n - 36 : 0;
	/* at least a year wide, so that a new customer's few bars stay bars */
	size_t slots = n - first < 12 ? 12 : n - first, pad = slots - (n - first);
	int32_t hi = 1;
	for (size_t k = first; k < n; k++)
		if (card->months[k].orders > hi)
			hi = card->months[k].orders;
	const double W = 640, Ht = 150, L0 = 30, R0 = 6, T0 = 10, B0 = 26;
	double pw = W - L0 - R0, ph = Ht - T0 - B0, slot = pw / (double)slots;
	struct strbuf t = STRBUF_INIT;
	SVG_BEGIN(h, W, Ht, "chart months", L(h->lang, "Orders per month", "Aufträge pro Monat"));
	SVG_LINE(h, L0, T0 + ph, L0 + pw, T0 + ph, "axis");
	sb_addf(&t, "%d", hi);
	SVG_TEXT(h, L0 - 4, T0 + 8, "label", "end", t.buf);
	SVG_LINE(h, L0, T0, L0 + pw, T0, "grid");
	for (size_t k = first; k < n; k++) {
		const struct app_month *m = &card->months[k];
		double x = L0 + slot * (double)(k - first + pad);
		double bh = ph * m->orders / hi;
		sb_reset(&t);
		sb_addf(&t, "%04d-%02d: ", m->year, m->month);
		sb_addf(&t, L(h->lang, "%d orders, revenue ", "%d Aufträge, Umsatz "), m->orders);
		fmt_money(&t, h->lang, m->revenue);
		SVG_RECT(h, x + slot * 0.15, T0 + ph - bh, slot * 0.7, bh, "bar", t.buf);
		if (m->month == 1 || (k == first && m->month <= 9)) {
			sb_reset(&t);
			sb_addf(&t, "%04d", m->year);
			SVG_TEXT(h, x + slot / 2, Ht - 8, "label", "start", t.buf);
		}
	}
	svg_end(h);
	sb_release(&t);
}

static void timeline(const struct cp *p)
{
	struct html *h = p->h;
	const struct app_customer *card = p->card;
	size_t orders = 0, shown = 0;
	H(h, "<h2 id=\"timeline\">");
	HT(h, "Timeline", "Verlauf");
	H(h, "</h2>");
	if (card->nmonths) {
		H(h, "<figure class=\"wide\">");
		months_chart(h, card);
		H(h, "<figcaption>");
		HT(h, "Orders per month", "Aufträge pro Monat");
		if (card->nmonths > 36)
			HT(h, ", the last 36 months", ", die letzten 36 Monate");
		H(h, "</figcaption></figure>");
	}
	for (size_t k = 0; k < card->ntimeline; k++)
		orders += !strcmp(card->timeline[k].kind, "order");
	H(h, "<ol class=\"timeline\" reversed>");
	/* newest first, orders left to the chart */
	for (size_t k = card->ntimeline; k-- > 0;) {
		const struct app_timeline_entry *t = &card->timeline[k];
		if (!strcmp(t->kind, "order"))
			continue;
		if (++shown > 300)
			break;
		H(h, "<li");
		struct strbuf cls = STRBUF_INIT;
		sb_addf(&cls, "tl tl-%s", t->kind); /* kind: a code word of the card */
		HATTR(h, "class", cls.buf);
		sb_release(&cls);
		H(h, "><time>");
		h_day(h, t->date);
		H(h, "</time> ");
		html_text(h, t->text);
		H(h, "</li>");
	}
	H(h, "</ol>");
	if (!shown) {
		H(h, "<p class=\"muted\">");
		HT(h, "Nothing recorded yet besides orders.",
		   "Außer Aufträgen noch nichts erfasst.");
		H(h, "</p>");
	}
	H(h, "<p class=\"hint\">");
	h_count(h, (int64_t)orders);
	HT(h, " order rows in all.", " Auftragszeilen insgesamt.");
	H(h, "</p>");
}

static const char *const done_codes[][3] = {
    {"dialog", "The dialogue was recorded.", "Das Kundengespräch wurde erfasst."},
    {"promise", "The promise was recorded.", "Die Zusage wurde erfasst."},
    {"complaint", "The complaint was recorded.", "Die Reklamation wurde erfasst."},
    {"story", "The story was recorded.", "Die Geschichte wurde erfasst."},
    {"referral", "The referral was recorded.", "Die Empfehlung wurde erfasst."},
    {"departure", "The departure was recorded.", "Der Abgang wurde erfasst."},
    {"kept", "The promise was closed as kept.", "Die Zusage wurde als eingehalten abgeschlossen."},
    {"broken", "The promise was closed as broken.",
     "Die Zusage wurde als gebrochen abgeschlossen."},
    {"renegotiated", "The promise was renegotiated; the new promise is open.",
     "Die Zusage wurde neu verhandelt; die neue ist offen."},
    {"why", "The why was added.", "Das Warum wurde hinzugefügt."},
    {"resolved", "The complaint was resolved.", "Die Reklamation wurde erledigt."},
};

void customer_page(struct web_req *rq, struct web_resp *rs, struct web_view *v, int64_t key,
                   const struct cust_form *cf)
{
	struct app_ctx c = web_app_ctx(rq, v->today);
	struct app_customer card;
	struct html h;
	struct err e;
	err_init(&e, rq->lang);
	int rc = app_customer_card_of(&c, &v->a, &v->r, key, &card, &e);
	if (rc) {
		web_log(rq->srv, "customer page: %s", e.msg);
		web_error_page(rq, rs, 500, NULL);
		goto out;
	}
	struct cp p = {rq, rs, &h, cf, &card, STRBUF_INIT, v->today, rq->user.role >= ROLE_MEMBER};
	customer_path(&p.self, card.customer_id);
	page_begin(rq, rs, &h, card.name[0] ? card.name : card.customer_id);
	H(&h, "<p class=\"crumbs\"><a href=\"/actions\">");
	HT(&h, "Action list", "Aktionsliste");
	H(&h, "</a></p><h1>");
	html_text(&h, card.name[0] ? card.name : card.customer_id);
	H(&h, "</h1><p class=\"lede\">");
	HT(&h, "Customer ", "Kunde ");
	html_text(&h, card.customer_id);
	if (card.owner[0]) {
		HT(&h, " · account manager ", " · Betreuer ");
		html_text(&h, card.owner);
	}
	HT(&h, " · as of ", " · Stichtag ");
	h_day(&h, card.as_of);
	H(&h, "</p>");
	const char *done = web_arg(rq, "done");
	for (size_t k = 0; done && !cf && k < ARRAY_SIZE(done_codes); k++)
		if (!strcmp(done, done_codes[k][0]))
			PAGE_MSG(&h, "ok", L(rq->lang, done_codes[k][1], done_codes[k][2]));
	if (cf && cf->e) {
		H(&h, "<p class=\"msg msg-error\" role=\"alert\">");
		HT(&h, "Nothing was recorded: ", "Nichts wurde erfasst: ");
		h_err_text(&h, cf->e);
		H(&h, "</p>");
	}
	summary(&p, v);
	H(&h, "<div class=\"two\"><div>");
	promises(&p);
	H(&h, "</div><div>");
	complaints(&p);
	H(&h, "</div></div>");
	figures(&p);
	if (p.can_write) {
		forms(&p);
	} else {
		H(&h, "<p class=\"hint\">");
		HT(&h, "You can read everything; recording needs the role member or higher.",
		   "Sie können alles lesen; zum Erfassen braucht es die Rolle Mitarbeiter oder "
		   "höher.");
		H(&h, "</p>");
	}
	timeline(&p);
	if (rq->user.role >= ROLE_ADMIN) {
		/* GDPR (page_gdpr.c): the export to download, the erase to confirm */
		struct strbuf href = STRBUF_INIT;
		H(&h, "<h2 id=\"gdpr\">");
		HT(&h, "Data protection", "Datenschutz");
		H(&h, "</h2><p class=\"gdpr\"><a");
		sb_addf(&href, "%s/export", p.self.buf);
		HATTR(&h, "href", href.buf);
		H(&h, ">");
		HT(&h, "Export everything held about this customer",
		   "Alles über diesen Kunden exportieren");
		H(&h, "</a> · <a");
		sb_reset(&href);
		sb_addf(&href, "%s/erase", p.self.buf);
		HATTR(&h, "href", href.buf);
		H(&h, ">");
		HT(&h, "Erase this customer's personal data",
		   "Personendaten dieses Kunden löschen");
		H(&h, "</a></p>");
		sb_release(&href);
	}
	page_end(rq, rs, &h);
	sb_release(&p.self);
out:
	app_customer_release(&card);
}

int customer_find(struct web_req *rq, struct web_resp *rs, day_t today, int64_t *key)
{
	struct app_ctx c = web_app_ctx(rq, today);
	struct strbuf id = STRBUF_INIT;
	struct err e;
	err_init(&e, rq->lang);
	if (!rq->param || strlen(rq->param) > 200 ||
	    app_customer_find(&c, rq->param, key, &id, &e)) {
		web_error_page(rq, rs, 404, e.msg[0] ? e.msg : NULL);
		sb_release(&id);
		return 1;
	}
	if (strcmp(id.buf, rq->param)) {
		struct strbuf p = STRBUF_INIT;
		customer_path(&p, id.buf);
		web_redirect(rs, p.buf);
		sb_release(&p);
		sb_release(&id);
		return 1;
	}
	sb_release(&id);
	return 0;
}

void page_customer(struct web_req *rq, struct web_resp *rs)
{
	struct web_view *v;
	int64_t key;
	if (customer_find(rq, rs, web_today(rq), &key))
		return;
	if (web_view_begin(rq, rs, &v))
		return;
	customer_page(rq, rs, v, key, NULL);
	web_view_put(rq->srv, v);
}
