/*
 * page_week.c — "My week", the first page after login: the agenda of the
 * account manager the user is linked to (app_agenda, the same result as
 * `treue agenda --owner NAME`) — calls by priority with the reason and the
 * revenue at stake, promises due or overdue with one-click "kept /
 * renegotiate / broken", open complaints with their age, follow-ups due,
 * the customers nobody spoke to.  Managers and admins also see the team
 * (one row per account manager) and open anyone's week with ?owner=NAME.
 * Closing a promise is a POST (/week/promise) with the CSRF token, then a
 * redirect back that says what was recorded, read back from the store.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "report.h"
#include "web_int.h"

#define QUIET_SHOWN 10 /* customers nobody spoke to, listed */

/* The request's calendar day, on the server's clock (as the CLI's today;
 * the day the shared analysis is of). */
static day_t today_of(const struct web_req *rq)
{
	return web_today(rq);
}

static void app_ctx_of(struct web_req *rq, struct app_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->st = rq->st;
	c->lang = rq->lang;
	c->actor = rq->user.name;
	c->as_of = DAY_NONE;
	c->today = today_of(rq);
}

static void day_cell(struct html *h, day_t d)
{
	struct strbuf b = STRBUF_INIT;
	fmt_day(&b, h->lang, d);
	html_text(h, b.buf);
	sb_release(&b);
}

static void money(struct html *h, int64_t cents)
{
	struct strbuf b = STRBUF_INIT;
	fmt_money(&b, h->lang, cents);
	html_text(h, b.buf);
	sb_release(&b);
}

/* A link to the customer's page, its id and name as text. */
static void customer_link(struct html *h, const char *id, const char *name)
{
	struct strbuf href = STRBUF_INIT;
	sb_adds(&href, "/customers/");
	url_encode(&href, id);
	H(h, "<a");
	HATTR(h, "href", href.buf);
	H(h, "><span class=\"cid\">");
	html_text(h, id);
	H(h, "</span> ");
	html_text(h, name ? name : "");
	H(h, "</a>");
	sb_release(&href);
}

/* "/week?owner=NAME" */
static void week_href(struct strbuf *out, const char *owner)
{
	sb_adds(out, "/week?owner=");
	url_encode(out, owner);
}

/* A count as the page's language writes it (1.234 in German). */
static const char *num(const struct html *h, int64_t v, char buf[static 32])
{
	return int_format_human(v, h->lang, buf);
}

static void days_phrase(struct html *h, int late, int days)
{
	char n1[32];
	if (late)
		HF(h, "%s %s", num(h, days, n1),
		   days == 1 ? L(h->lang, "day late", "Tag zu spät")
		             : L(h->lang, "days late", "Tage zu spät"));
	else if (days == 0)
		HT(h, "due today", "heute fällig");
	else
		HF(h, "%s %s %s", L(h->lang, "in", "in"), num(h, days, n1),
		   days == 1 ? L(h->lang, "day", "Tag") : L(h->lang, "days", "Tagen"));
}

static void team_table(struct web_req *rq, struct html *h, const struct app_agenda *r)
{
	H(h, "<h2>");
	HT(h, "The team", "Das Team");
	H(h, "</h2><div class=\"scroll\"><table class=\"list team\"><thead><tr><th>");
	HT(h, "Account manager", "Betreuer");
	H(h, "</th><th class=\"num\">");
	HT(h, "Active customers", "Aktive Kunden");
	H(h, "</th><th class=\"num\">");
	HT(h, "Promises honoured", "Zusagen gehalten");
	H(h, "</th><th class=\"num\">");
	HT(h, "Open complaints", "Offene Reklamationen");
	H(h, "</th><th class=\"num\">");
	HT(h, "Dialogues this month", "Kundengespräche diesen Monat");
	H(h, "</th><th class=\"num\">");
	HT(h, "Silent leavers", "Stille Abwanderer");
	H(h, "</th></tr></thead><tbody>\n");
	for (size_t k = 0; k < r->nsections; k++) {
		const struct app_agenda_section *s = &r->sections[k];
		if (!s->account_manager || !*s->owner)
			continue;
		struct strbuf href = STRBUF_INIT;
		week_href(&href, s->owner);
		H(h, "<tr><td class=\"name\"><a");
		HATTR(h, "href", href.buf);
		H(h, ">");
		html_text(h, s->owner);
		H(h, "</a></td><td class=\"num\">");
		page_int(h, s->customers);
		H(h, "</td><td class=\"num\">");
		char n1[32], n2[32];
		HF(h, "%s %s %s", num(h, s->promises_honoured, n1), L(h->lang, "of", "von"),
		   num(h, s->promises_due, n2));
		H(h, "</td><td class=\"num\">");
		page_int(h, s->open_complaints);
		H(h, "</td><td class=\"num\">");
		page_int(h, s->dialogs_month);
		H(h, "</td><td class=\"num\">");
		page_int(h, s->silent_leavers);
		H(h, "</td></tr>\n");
		sb_release(&href);
	}
	H(h, "</tbody></table></div><p class=\"hint\">");
	HF(h, "%s ", L(h->lang, "Promises due from", "Zusagen fällig ab"));
	day_cell(h, r->rate_from);
	HF(h, "; %s ",
	   L(h->lang,
	     "honoured: kept on time or renegotiated in time. Dialogues with the "
	     "account manager's customers since",
	     "gehalten: pünktlich eingehalten oder rechtzeitig neu verhandelt. Kundengespräche "
	     "mit den Kunden des Betreuers seit"));
	day_cell(h, r->month_from);
	H(h, ".</p>\n");
	(void)rq;
}

static void calls(struct html *h, const struct app_agenda *r, const struct app_agenda_section *s)
{
	size_t k = 0;
	int any = 0;
	H(h, "<h2>");
	HT(h, "Whom to call", "Wen anrufen");
	H(h, "</h2><p class=\"hint\">");
	struct strbuf per = STRBUF_INIT;
	fmt_period(&per, h->lang, r->as_of - 2 * r->window, r->as_of - 1);
	HF(h, "%s %s.",
	   L(h->lang,
	     "The first customers of each priority of the action list; revenue at stake: P0+P1,",
	     "Die ersten Kunden jeder Priorität der Aktionsliste; Umsatz im Spiel: P0+P1,"),
	   per.buf);
	sb_release(&per);
	H(h, "</p>\n");
	for (int p = 1; p <= 6; p++) {
		if (!s->priority_total[p])
			continue;
		any = 1;
		int shown =
		    s->priority_total[p] < r->per_priority ? s->priority_total[p] : r->per_priority;
		H(h, "<section class=\"prio\"><h3><span class=\"prio-no\">");
		html_int(h, p);
		H(h, "</span> ");
		html_text(h, action_text(p, h->lang));
		H(h, " <span class=\"count\">");
		char n1[32], n2[32];
		HF(h, "%s %s %s", num(h, shown, n1), L(h->lang, "of", "von"),
		   num(h, s->priority_total[p], n2));
		H(h, "</span></h3><div class=\"scroll\"><table class=\"list calls\"><tbody>\n");
		for (; k < s->ncalls && s->calls[k].priority == p; k++) {
			const struct app_agenda_call *c = &s->calls[k];
			H(h, "<tr><td class=\"name\">");
			customer_link(h, c->customer_id, c->name);
			H(h, "</td><td>");
			html_text(h, segment_label(c->segment, h->lang));
			if (c->silent) {
				H(h, " <span class=\"badge\">");
				HT(h, "silent leaver", "stiller Abwanderer");
				H(h, "</span>");
			}
			H(h, "</td><td class=\"num\">");
			money(h, c->at_stake);
			H(h, "</td></tr><tr class=\"why\"><td colspan=\"3\">");
			html_text(h, c->why);
			H(h, "</td></tr>\n");
		}
		H(h, "</tbody></table></div></section>\n");
	}
	if (!any) {
		H(h, "<p class=\"muted\">");
		HT(h, "No customer of this account manager is on the action list.",
		   "Kein Kunde dieses Betreuers steht auf der Aktionsliste.");
		H(h, "</p>\n");
	}
}

static void closed_message(struct web_req *rq, struct html *h, const struct app_ctx *c);

static void promises(struct web_req *rq, struct web_resp *rs, struct html *h,
                     const struct app_ctx *c, const struct app_agenda *r,
                     const struct app_agenda_section *s, const char *owner_arg)
{
	int can = rq->user.role >= ROLE_MEMBER;
	H(h, "<h2 id=\"promises\">");
	HT(h, "Promises", "Zusagen");
	H(h, " <span class=\"count\">");
	char n1[32], n2[32];
	HF(h, "%s %s, %s %s ", num(h, s->overdue_promises, n1), L(h->lang, "overdue", "überfällig"),
	   num(h, s->due_promises, n2), L(h->lang, "due by", "fällig bis"));
	day_cell(h, r->until);
	H(h, "</span></h2>\n");
	closed_message(rq, h, c);
	if (!s->npromises) {
		H(h, "<p class=\"muted\">");
		HT(h, "Nothing promised is due.", "Keine Zusage ist fällig.");
		H(h, "</p>\n");
		return;
	}
	H(h, "<div class=\"scroll\"><table class=\"list promises\"><thead><tr><th>");
	HT(h, "Due", "Fällig");
	H(h, "</th><th>");
	HT(h, "Customer", "Kunde");
	H(h, "</th><th>");
	HT(h, "Promised", "Zusage");
	H(h, "</th>");
	if (can) {
		H(h, "<th>");
		HT(h, "Done?", "Erledigt?");
		H(h, "</th>");
	}
	H(h, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < s->npromises; i++) {
		const struct app_agenda_promise *p = &s->promises[i];
		char id[32];
		snprintf(id, sizeof(id), "%" PRId64, p->id);
		H(h, "<tr");
		if (p->overdue)
			H(h, " class=\"late\"");
		H(h, "><td>");
		day_cell(h, p->due_on);
		H(h, "<br><span class=\"hint\">");
		days_phrase(h, p->overdue, p->days);
		H(h, "</span></td><td class=\"name\">");
		customer_link(h, p->customer_id, p->name);
		H(h, "</td><td>");
		html_text(h, p->what ? p->what : "");
		H(h, " <span class=\"hint\">#");
		html_text(h, id);
		H(h, "</span></td>");
		if (can) {
			H(h, "<td><form method=\"post\" action=\"/week/promise\" class=\"close\">");
			page_csrf_field(rq, rs, h);
			H(h, "<input type=\"hidden\" name=\"id\"");
			HATTR(h, "value", id);
			H(h, ">");
			if (owner_arg) {
				H(h, "<input type=\"hidden\" name=\"owner\"");
				HATTR(h, "value", owner_arg);
				H(h, ">");
			}
			H(h,
			  "<button type=\"submit\" name=\"how\" value=\"kept\" class=\"primary\">");
			HT(h, "kept", "eingehalten");
			H(h, "</button><button type=\"submit\" name=\"how\" value=\"broken\">");
			HT(h, "broken", "gebrochen");
			H(h,
			  "</button><span class=\"reneg\"><input type=\"date\" name=\"new_due\"");
			HATTR(h, "aria-label", L(h->lang, "new due date", "neuer Fälligkeitstag"));
			H(h, "><button type=\"submit\" name=\"how\" value=\"renegotiated\">");
			HT(h, "renegotiate", "neu verhandeln");
			H(h, "</button></span></form></td>");
		}
		H(h, "</tr>\n");
	}
	H(h, "</tbody></table></div>\n");
}

static void complaints(struct html *h, const struct app_agenda_section *s)
{
	H(h, "<h2>");
	HT(h, "Open complaints", "Offene Reklamationen");
	H(h, " <span class=\"count\">");
	page_int(h, (int64_t)s->ncomplaints);
	H(h, "</span></h2>\n");
	if (!s->ncomplaints) {
		H(h, "<p class=\"muted\">");
		HT(h, "None open.", "Keine offen.");
		H(h, "</p>\n");
		return;
	}
	H(h, "<div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
	HT(h, "Since", "Seit");
	H(h, "</th><th class=\"num\">");
	HT(h, "Days open", "Tage offen");
	H(h, "</th><th>");
	HT(h, "Customer", "Kunde");
	H(h, "</th><th>");
	HT(h, "Reason", "Grund");
	H(h, "</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < s->ncomplaints; i++) {
		const struct app_agenda_complaint *x = &s->complaints[i];
		H(h, "<tr><td>");
		day_cell(h, x->date);
		H(h, "</td><td class=\"num\">");
		page_int(h, x->age);
		H(h, "</td><td class=\"name\">");
		customer_link(h, x->customer_id, x->name);
		H(h, "</td><td>");
		html_text(h, journal_reason_label(x->reason, h->lang));
		if (x->description && *x->description) {
			H(h, "<br><span class=\"hint\">");
			html_text(h, x->description);
			H(h, "</span>");
		}
		H(h, "</td></tr>\n");
	}
	H(h, "</tbody></table></div>\n");
}

static void follow_ups(struct html *h, const struct app_agenda_section *s)
{
	H(h, "<h2>");
	HT(h, "Follow-ups due", "Fällige Wiedervorlagen");
	H(h, " <span class=\"count\">");
	page_int(h, (int64_t)s->nfollow_ups);
	H(h, "</span></h2>\n");
	if (!s->nfollow_ups) {
		H(h, "<p class=\"muted\">");
		HT(h, "None due.", "Keine fällig.");
		H(h, "</p>\n");
		return;
	}
	H(h, "<div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
	HT(h, "Call again by", "Wieder anrufen bis");
	H(h, "</th><th>");
	HT(h, "Customer", "Kunde");
	H(h, "</th><th>");
	HT(h, "After the dialogue of", "Nach dem Kundengespräch vom");
	H(h, "</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < s->nfollow_ups; i++) {
		const struct app_agenda_follow_up *f = &s->follow_ups[i];
		H(h, "<tr");
		if (f->late)
			H(h, " class=\"late\"");
		H(h, "><td>");
		day_cell(h, f->follow_up);
		H(h, "<br><span class=\"hint\">");
		days_phrase(h, f->late, f->days);
		H(h, "</span></td><td class=\"name\">");
		customer_link(h, f->customer_id, f->name);
		H(h, "</td><td>");
		day_cell(h, f->dialog);
		H(h, "</td></tr>\n");
	}
	H(h, "</tbody></table></div>\n");
}

static void quiet(struct html *h, const struct app_agenda *r, const struct app_agenda_section *s)
{
	H(h, "<h2>");
	HT(h, "Nobody spoke to", "Niemand sprach mit");
	H(h, " <span class=\"count\">");
	page_int(h, (int64_t)s->quiet_total);
	H(h, "</span></h2><p class=\"hint\">");
	HF(h, "%s %d %s",
	   L(h->lang, "Active customers without a dialogue for over", "Aktive Kunden seit über"),
	   r->dialog_days,
	   L(h->lang, "days, most revenue first.",
	     "Tagen ohne Kundengespräch, die umsatzstärksten zuerst."));
	H(h, "</p>\n");
	if (!s->nquiet)
		return;
	H(h, "<div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
	HT(h, "Customer", "Kunde");
	H(h, "</th><th>");
	HT(h, "Segment", "Segment");
	H(h, "</th><th class=\"num\">");
	HT(h, "Revenue this year", "Umsatz dieses Jahr");
	H(h, "</th><th>");
	HT(h, "Last dialogue", "Letztes Kundengespräch");
	H(h, "</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < s->nquiet && i < QUIET_SHOWN; i++) {
		const struct app_agenda_quiet *q = &s->quiet[i];
		H(h, "<tr><td class=\"name\">");
		customer_link(h, q->customer_id, q->name);
		H(h, "</td><td>");
		html_text(h, segment_label(q->segment, h->lang));
		H(h, "</td><td class=\"num\">");
		money(h, q->revenue);
		H(h, "</td><td>");
		if (q->last_dialog == DAY_NONE) {
			HT(h, "never", "nie");
		} else {
			day_cell(h, q->last_dialog);
			H(h, " <span class=\"hint\">");
			char n1[32];
			HF(h, "(%s %s)", num(h, q->days_since, n1), L(h->lang, "days", "Tage"));
			H(h, "</span>");
		}
		H(h, "</td></tr>\n");
	}
	H(h, "</tbody></table></div>\n");
}

static void section_html(struct web_req *rq, struct web_resp *rs, struct html *h,
                         const struct app_ctx *c, const struct app_agenda *r,
                         const struct app_agenda_section *s, const char *owner_arg)
{
	H(h, "<p class=\"summary\">");
	char n1[32], n2[32], n3[32], n4[32], n5[32];
	HF(h, "%s %s · %s %s %s %s · %s %s · %s %s", num(h, s->customers, n1),
	   s->customers == 1 ? L(h->lang, "active customer", "aktiver Kunde")
	                     : L(h->lang, "active customers", "aktive Kunden"),
	   L(h->lang, "promises honoured", "Zusagen gehalten"), num(h, s->promises_honoured, n2),
	   L(h->lang, "of", "von"), num(h, s->promises_due, n3), num(h, s->dialogs_month, n4),
	   s->dialogs_month == 1
	       ? L(h->lang, "dialogue this month", "Kundengespräch diesen Monat")
	       : L(h->lang, "dialogues this month", "Kundengespräche diesen Monat"),
	   num(h, s->silent_leavers, n5),
	   s->silent_leavers == 1 ? L(h->lang, "silent leaver", "stiller Abwanderer")
	                          : L(h->lang, "silent leavers", "stille Abwanderer"));
	H(h, "</p>\n");
	calls(h, r, s);
	promises(rq, rs, h, c, r, s, owner_arg);
	complaints(h, s);
	follow_ups(h, s);
	quiet(h, r, s);
}

/* The facts of who is looking (name, role, linked account manager). */
static void who_facts(struct web_req *rq, struct html *h)
{
	H(h, "<dl class=\"facts\"><dt>");
	HT(h, "Name", "Name");
	H(h, "</dt><dd>");
	html_text(h, rq->user.name);
	H(h, "</dd><dt>");
	HT(h, "Role", "Rolle");
	H(h, "</dt><dd>");
	html_text(h, web_role_label(rq->user.role, rq->lang));
	H(h, "</dd><dt>");
	HT(h, "Account manager", "Betreuer");
	H(h, "</dt><dd>");
	if (rq->user.owner[0]) {
		html_text(h, rq->user.owner);
	} else {
		H(h, "<span class=\"muted\">");
		HT(h, "not linked — an admin can link you to your name in the customer data",
		   "nicht verknüpft — ein Administrator kann Sie mit Ihrem Namen in den "
		   "Kundendaten verknüpfen");
		H(h, "</span>");
	}
	H(h, "</dd></dl>\n");
}

/* What the last close recorded, read back from the store (?closed=ID). */
static void closed_message(struct web_req *rq, struct html *h, const struct app_ctx *c)
{
	const char *v = web_arg(rq, "closed");
	char *end;
	if (!v)
		return;
	long long id = strtoll(v, &end, 10);
	if (!*v || *end || id <= 0)
		return;
	struct app_entry en;
	struct err e;
	err_init(&e, rq->lang);
	if (app_entry_load(c, JK_PROMISE, id, &en, &e) == 0 && en.r.p.status != PROMISE_OPEN) {
		struct strbuf t = STRBUF_INIT, d = STRBUF_INIT;
		fmt_day(&d, rq->lang, en.r.p.closed_on);
		sb_addf(&t,
		        L(rq->lang, "Promise #%lld to %s (%s): %s on %s.",
		          "Zusage #%lld an %s (%s): %s am %s."),
		        id, en.r.p.customer_id ? en.r.p.customer_id : "",
		        en.r.p.what ? en.r.p.what : "",
		        vocab_label(VOCAB_PROMISE_STATUS, (int)en.r.p.status, rq->lang, VOCAB_ONE),
		        d.buf);
		if (en.renegotiated_to)
			sb_addf(&t,
			        L(rq->lang, " The new promise is #%lld.",
			          " Die neue Zusage ist #%lld."),
			        (long long)en.renegotiated_to);
		H(h, "<p class=\"msg msg-ok\" role=\"status\" id=\"closed\">");
		html_text(h, t.buf);
		H(h, "</p>\n");
		sb_release(&t);
		sb_release(&d);
	}
	app_entry_release(&en);
}

/* The page: the week of owner (NULL: the user's linked one; a manager
 * without a link sees the team).  error: a message to show (a failed
 * close). */
static void week_page(struct web_req *rq, struct web_resp *rs, const char *error, int status)
{
	const char *owner_arg = web_arg(rq, "owner");
	if (!owner_arg && rq->method == WM_POST)
		owner_arg = web_field(rq, "owner");
	if (owner_arg && !*owner_arg)
		owner_arg = NULL;
	int manager = rq->user.role >= ROLE_MANAGER;
	if (owner_arg && !manager) {
		web_error_page(rq, rs, 403,
		               L(rq->lang, "Only managers open the week of someone else.",
		                 "Nur Manager öffnen die Woche von jemand anderem."));
		return;
	}
	const char *owner = owner_arg ? owner_arg : rq->user.owner[0] ? rq->user.owner : NULL;
	struct app_ctx c;
	struct app_agenda r;
	struct err e;
	struct html h;
	int64_t version;
	app_ctx_of(rq, &c);
	err_init(&e, rq->lang);
	if (store_data_version(rq->st, &version, &e)) {
		web_error_page(rq, rs, 500, NULL);
		return;
	}
	if (!error) {
		/* the page changes with the data, the day and what is asked */
		struct strbuf key = STRBUF_INIT;
		sb_addf(&key, "%d|%s|%s", (int)c.today, owner ? owner : "",
		        web_arg(rq, "closed") ? web_arg(rq, "closed") : "");
		int64_t tag = (int64_t)hash64(key.buf, key.len, (uint64_t)version);
		sb_release(&key);
		if (web_etag(rq, rs, tag))
			return;
	}
	memset(&r, 0, sizeof(r));
	int have = 0, failed = 0;
	struct app_agenda_in in = {7, 0, QUIET_SHOWN, NULL};
	struct app_agenda own;
	struct web_view *v = NULL;
	memset(&own, 0, sizeof(own));
	if (owner || manager) {
		/* the analysis of this data version, shared with the other pages
		 * (view.c): no load of its own per request; the agenda kept in it
		 * for the next request (held until the page is written) */
		const struct app_agenda *kept;
		if (web_view_take(rq, rs, &v))
			return;
		/* a manager sees the team: everybody's agenda, of which one section */
		struct app_filter f = {manager ? NULL : owner, NULL, NULL, NULL};
		int rc = web_view_agenda(v, &c, &f, &in, &own, &kept, &e);
		if (rc == 0) {
			have = 1;
			r = *kept; /* a shallow copy: the view or own holds the memory */
		} else {
			web_view_put(rq->srv, v);
			v = NULL;
		}
		if (rc == APP_ERR && f.owner)
			failed = 1; /* nobody of that name has customers or entries */
		else if (rc) {
			web_log(rq->srv, "week: %s", e.msg);
			web_error_page(rq, rs, 500, NULL);
			return;
		}
	}
	const struct app_agenda_section *s = NULL;
	/* the owner's section: the name as in the customer data (case and
	 * umlaut spelling aside) */
	for (size_t k = 0; have && owner && !s && k < r.nsections; k++)
		if (app_name_starts(r.sections[k].owner, owner) &&
		    app_name_starts(owner, r.sections[k].owner))
			s = &r.sections[k];
	if (status)
		rs->status = status;
	struct strbuf title = STRBUF_INIT;
	if (owner_arg)
		sb_addf(&title, L(rq->lang, "The week of %s", "Die Woche von %s"), owner_arg);
	else
		sb_adds(&title, L(rq->lang, "My week", "Meine Woche"));
	page_begin(rq, rs, &h, title.buf);
	H(&h, "<h1>");
	html_text(&h, title.buf);
	H(&h, "</h1>\n");
	if (error)
		PAGE_MSG(&h, "error", error);
	if (!s)
		closed_message(rq, &h, &c);
	if (!owner_arg)
		who_facts(rq, &h);
	if (have) {
		H(&h, "<p class=\"hint\">");
		HF(&h, "%s ", L(rq->lang, "The week from", "Die Woche ab"));
		day_cell(&h, r.to);
		if (r.as_of != r.to) {
			HF(&h, "; %s ",
			   L(rq->lang, "calls from the action list as of",
			     "Anrufe aus der Aktionsliste zum Stichtag"));
			day_cell(&h, r.as_of);
		}
		if (!r.silent_ok)
			HF(&h, " · %s",
			   L(rq->lang, "no purchase model: no silent leavers",
			     "kein Kaufmodell: keine stillen Abwanderer"));
		H(&h, "</p>\n");
	}
	if (s) {
		section_html(rq, rs, &h, &c, &r, s, owner_arg);
	} else if (owner && (have || failed)) {
		H(&h, "<p class=\"msg msg-error\" role=\"status\">");
		HF(&h, "%s \"%s\".",
		   L(rq->lang, "There are no customers or journal entries for the account manager",
		     "Es gibt keine Kunden oder Journaleinträge für den Betreuer"),
		   owner);
		H(&h, "</p>\n");
	}
	if (have && manager && !owner_arg)
		team_table(rq, &h, &r);
	if (owner_arg) {
		H(&h, "<p><a href=\"/week\">");
		HT(&h, "Back to the team", "Zurück zum Team");
		H(&h, "</a></p>\n");
	}
	page_end(rq, rs, &h);
	sb_release(&title);
	app_agenda_release(&own);
	if (v)
		web_view_put(rq->srv, v);
}

void page_week(struct web_req *rq, struct web_resp *rs)
{
	week_page(rq, rs, NULL, 0);
}

/* POST /week/promise: id, how (kept, broken, renegotiated), new_due for a
 * renegotiation, owner (the week it came from). */
void page_week_promise(struct web_req *rq, struct web_resp *rs)
{
	const char *id_s = web_field(rq, "id"), *how_s = web_field(rq, "how");
	const char *due_s = web_field(rq, "new_due"), *owner = web_field(rq, "owner");
	struct app_close how;
	struct app_closed done;
	struct app_entry en;
	struct app_ctx c;
	struct err e;
	char *end;
	memset(&how, 0, sizeof(how));
	app_ctx_of(rq, &c);
	err_init(&e, rq->lang);
	long long id = id_s ? strtoll(id_s, &end, 10) : 0;
	if (!id_s || !*id_s || *end || id <= 0 || !how_s) {
		web_error_page(rq, rs, 400, NULL);
		return;
	}
	how.on = DAY_NONE;
	how.new_due = DAY_NONE;
	if (!strcmp(how_s, "kept"))
		how.status = PROMISE_KEPT;
	else if (!strcmp(how_s, "broken"))
		how.status = PROMISE_BROKEN;
	else if (!strcmp(how_s, "renegotiated"))
		how.status = PROMISE_RENEGOTIATED;
	else {
		web_error_page(rq, rs, 400, NULL);
		return;
	}
	if (how.status == PROMISE_RENEGOTIATED &&
	    (!due_s || !*due_s || day_parse_input(due_s, c.today, &how.new_due))) {
		week_page(rq, rs,
		          L(rq->lang, "To renegotiate a promise, give its new due date.",
		            "Um eine Zusage neu zu verhandeln, den neuen Fälligkeitstag angeben."),
		          400);
		return;
	}
	int rc = app_entry_load(&c, JK_PROMISE, id, &en, &e);
	if (rc == 0)
		rc = app_promise_close(&c, &en, &how, &done, &e);
	app_entry_release(&en);
	if (rc) {
		week_page(rq, rs, e.msg, rc == APP_BAD_REQUEST ? 400 : 409);
		return;
	}
	struct strbuf loc = STRBUF_INIT;
	sb_addf(&loc, "/week?closed=%lld", id);
	if (owner && *owner) {
		sb_adds(&loc, "&owner=");
		url_encode(&loc, owner);
	}
	sb_adds(&loc, "#promises");
	web_redirect(rs, loc.buf);
	sb_release(&loc);
}
