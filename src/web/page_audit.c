/*
 * page_audit.c — Audit (admins): the audit trail (app_audit_find, as
 * `treue audit --since --until --customer --user`), newest first, 50 per
 * page, with a filter by user, customer and dates.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "web_int.h"

#define AUDIT_PAGE 50

/* The query string of the filter, for the pager's links ("" or "&..."). */
static void filter_query(struct strbuf *q, const char *user, const char *customer, const char *from,
                         const char *to)
{
	const char *names[] = {"user", "customer", "from", "to"};
	const char *vals[] = {user, customer, from, to};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (vals[i] && *vals[i]) {
			sb_addf(q, "&%s=", names[i]);
			url_encode(q, vals[i]);
		}
}

static int date_arg(struct web_req *rq, struct web_resp *rs, const char *name, day_t today,
                    day_t *out)
{
	const char *v = web_arg(rq, name);
	*out = DAY_NONE;
	if (!v || !*v)
		return 0;
	if (day_parse_input(v, today, out)) {
		struct strbuf m = STRBUF_INIT;
		sb_addf(&m,
		        L(rq->lang, "\"%s\" is not a date (2026-11-24 or 24.11.2026).",
		          "\"%s\" ist kein Datum (2026-11-24 oder 24.11.2026)."),
		        v);
		web_error_page(rq, rs, 400, m.buf);
		sb_release(&m);
		return -1;
	}
	return 0;
}

/* "2026-11-24T14:30:05Z" as "2026-11-24 14:30:05" (the page says UTC). */
static void at_text(struct html *h, const char *at)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%s", at ? at : "");
	size_t n = strlen(buf);
	if (n == 20 && buf[10] == 'T' && buf[19] == 'Z') {
		buf[10] = ' ';
		buf[19] = '\0';
	}
	html_text(h, buf);
}

/* An input's start: its name and value (the caller closes the tag). */
static void input(struct html *h, const char *name, const char *value)
{
	H(h, "<input");
	HATTR(h, "name", name);
	HATTR(h, "value", value ? value : "");
}

void page_audit(struct web_req *rq, struct web_resp *rs)
{
	const char *user = web_arg(rq, "user"), *customer = web_arg(rq, "customer");
	const char *from = web_arg(rq, "from"), *to = web_arg(rq, "to"), *pg = web_arg(rq, "page");
	struct app_audit_filter f = {DAY_NONE, DAY_NONE, NULL, NULL};
	struct web_account *users = NULL;
	size_t nusers = 0;
	struct app_audit a;
	struct app_ctx c;
	struct html h;
	struct err e;
	long page = 1;
	int rc;
	err_init(&e, rq->lang);
	page_app_ctx(rq, &c);
	if (date_arg(rq, rs, "from", c.today, &f.since) ||
	    date_arg(rq, rs, "to", c.today, &f.until))
		return;
	if (pg && *pg) {
		char *end;
		page = strtol(pg, &end, 10);
		if (*end || page < 1 || page > 1000000) {
			web_error_page(rq, rs, 400,
			               L(rq->lang, "\"page\" is a page number.",
			                 "\"page\" ist eine Seitennummer."));
			return;
		}
	}
	f.user = user && *user ? user : NULL;
	f.customer = customer && *customer ? customer : NULL;
	rc = app_audit_find(&c, &f, &a, &e);
	if (rc && f.customer) { /* an unknown customer: say so on the page */
		web_error_page(rq, rs, 404, e.msg);
		return;
	}
	if (rc) {
		journal_failed(rq, rs, rc, &e);
		return;
	}
	if (acct_list(rq->st, &users, &nusers, &e))
		nusers = 0;
	page_begin(rq, rs, &h, L(rq->lang, "Audit", "Prüfprotokoll"));
	H(&h, "<h1>");
	HT(&h, "Audit trail", "Prüfprotokoll");
	H(&h, "</h1><p class=\"hint\">");
	HT(&h, "Every change made through treue, newest first; times in UTC.",
	   "Jede Änderung über treue, die neueste zuerst; Zeiten in UTC.");
	H(&h, "</p><form method=\"get\" action=\"/audit\" class=\"filter\"><label>");
	HT(&h, "User", "Benutzer");
	H(&h, " ");
	input(&h, "user", user);
	H(&h, " list=\"audit-users\"></label><datalist id=\"audit-users\">");
	for (size_t i = 0; i < nusers; i++) {
		H(&h, "<option");
		HATTR(&h, "value", users[i].name);
		H(&h, ">");
	}
	H(&h, "</datalist><label>");
	HT(&h, "Customer", "Kunde");
	H(&h, " ");
	input(&h, "customer", customer);
	H(&h, "></label><label>");
	HT(&h, "From", "Von");
	H(&h, " ");
	input(&h, "from", from);
	H(&h, " type=\"date\"></label><label>");
	HT(&h, "To", "Bis");
	H(&h, " ");
	input(&h, "to", to);
	H(&h, " type=\"date\"></label> <button type=\"submit\">");
	HT(&h, "Filter", "Filtern");
	H(&h, "</button> <a href=\"/audit\">");
	HT(&h, "all", "alle");
	H(&h, "</a></form>");

	size_t pages = (a.n + AUDIT_PAGE - 1) / AUDIT_PAGE;
	if (!pages)
		pages = 1;
	if ((size_t)page > pages)
		page = (long)pages;
	size_t first = (size_t)(page - 1) * AUDIT_PAGE; /* in newest-first order */
	size_t last = first + AUDIT_PAGE < a.n ? first + AUDIT_PAGE : a.n;
	char n1[32], n2[32], n3[32];
	H(&h, "<p>");
	if (a.n == 1)
		html_textf_(&h,
		            L(rq->lang, "1 entry; page %s of %s.", "1 Eintrag; Seite %s von %s."),
		            int_format_human(page, rq->lang, n2),
		            int_format_human((int64_t)pages, rq->lang, n3));
	else
		html_textf_(
		    &h, L(rq->lang, "%s entries; page %s of %s.", "%s Einträge; Seite %s von %s."),
		    int_format_human((int64_t)a.n, rq->lang, n1),
		    int_format_human(page, rq->lang, n2),
		    int_format_human((int64_t)pages, rq->lang, n3));
	H(&h, "</p>");
	if (a.n) {
		H(&h, "<div class=\"scroll\"><table class=\"list audit\"><thead><tr><th>");
		HT(&h, "when (UTC)", "wann (UTC)");
		H(&h, "</th><th>");
		HT(&h, "who", "wer");
		H(&h, "</th><th>");
		HT(&h, "what", "was");
		H(&h, "</th><th>");
		HT(&h, "customer", "Kunde");
		H(&h, "</th><th class=\"num\">");
		HT(&h, "rows", "Zeilen");
		H(&h, "</th><th>");
		HT(&h, "detail", "Einzelheiten");
		H(&h, "</th></tr></thead><tbody>");
		for (size_t k = first; k < last; k++) {
			const struct app_audit_entry *x = &a.v[a.n - 1 - k];
			H(&h, "<tr><td class=\"nowrap\">");
			at_text(&h, x->at);
			H(&h, "</td><td class=\"name\">");
			html_text(&h, x->who ? x->who : "");
			H(&h, "</td><td class=\"nowrap\">");
			html_text(&h, x->action ? x->action : "");
			H(&h, "</td><td>");
			if (x->customer_id)
				page_customer_link(&h, x->customer_id, x->customer_id);
			H(&h, "</td><td class=\"num\">");
			page_int(&h, x->rows);
			H(&h, "</td><td class=\"text\">");
			html_text(&h, x->detail ? x->detail : "");
			H(&h, "</td></tr>");
		}
		H(&h, "</tbody></table></div>");
	}
	if (pages > 1) {
		struct strbuf q = STRBUF_INIT, href = STRBUF_INIT;
		filter_query(&q, user, customer, from, to);
		H(&h, "<nav class=\"pager\" aria-label=\"");
		HT(&h, "Pages", "Seiten");
		H(&h, "\">");
		if (page > 1) {
			sb_addf(&href, "/audit?page=%ld%s", page - 1, q.buf);
			H(&h, "<a rel=\"prev\"");
			HATTR(&h, "href", href.buf);
			H(&h, ">");
			HT(&h, "← newer", "← neuere");
			H(&h, "</a>");
		}
		if ((size_t)page < pages) {
			sb_reset(&href);
			sb_addf(&href, "/audit?page=%ld%s", page + 1, q.buf);
			H(&h, "<a rel=\"next\"");
			HATTR(&h, "href", href.buf);
			H(&h, ">");
			HT(&h, "older →", "ältere →");
			H(&h, "</a>");
		}
		H(&h, "</nav>");
		sb_release(&q);
		sb_release(&href);
	}
	page_end(rq, rs, &h);
	free(users);
	app_audit_release(&a);
}
