/*
 * page_gdpr.c — GDPR for admins, reached from the customer page:
 * /customers/ID/export (a page with a download button; the POST answers
 * with everything held about the customer as one JSON document, the one
 * `treue export` writes, as an attachment, audited in the same transaction
 * as its delivery) and /customers/ID/erase (a page that asks to type the
 * customer id; the POST erases with app_erase, as `treue erase`).
 */
#include <string.h>

#include "app.h"
#include "report.h"
#include "web_int.h"

/* The customer the path names, as app_customer_find resolves it (id or an
 * unambiguous name start); 404 when there is none. */
static int find(struct web_req *rq, struct web_resp *rs, const struct app_ctx *c, struct strbuf *id)
{
	struct err e;
	int64_t key;
	err_init(&e, rq->lang);
	int rc = app_customer_find(c, rq->param, &key, id, &e);
	if (rc) {
		web_error_page(rq, rs, rc == APP_BAD_REQUEST ? 400 : 404, e.msg);
		return -1;
	}
	return 0;
}

static void back_link(struct html *h, const char *id)
{
	H(h, "<p><a href=\"/customers/");
	html_urlc(h, id);
	H(h, "\">");
	HT(h, "← back to the customer", "← zurück zum Kunden");
	H(h, "</a></p>");
}

static void action_path(struct strbuf *sb, const char *id, const char *what)
{
	sb_adds(sb, "/customers/");
	url_encode(sb, id);
	sb_adds(sb, what);
}

void page_gdpr_export_get(struct web_req *rq, struct web_resp *rs)
{
	struct strbuf id = STRBUF_INIT, act = STRBUF_INIT;
	struct app_ctx c;
	struct html h;
	page_app_ctx(rq, &c);
	if (find(rq, rs, &c, &id))
		goto out;
	action_path(&act, id.buf, "/export");
	page_begin(rq, rs, &h, L(rq->lang, "Export a customer's data", "Kundendaten exportieren"));
	H(&h, "<h1>");
	HT(&h, "Export a customer's data", "Kundendaten exportieren");
	H(&h, "</h1><p>");
	HT(&h,
	   "Everything treue holds about the customer, as one JSON document (GDPR, right of "
	   "access): the customer, its orders, surveys, dialogues, promises, complaints, stories, "
	   "referrals, departures, and the audit entries about it. The download is written to "
	   "the audit trail.",
	   "Alles, was treue über den Kunden weiß, als ein JSON-Dokument (DSGVO, Auskunftsrecht): "
	   "der Kunde, seine Aufträge, Umfragen, Kundengespräche, Zusagen, Reklamationen, "
	   "Geschichten, Empfehlungen, Abgänge und die Einträge des Prüfprotokolls über ihn. "
	   "Der Download kommt ins Prüfprotokoll.");
	H(&h, "</p><form method=\"post\" class=\"card\"");
	HATTR(&h, "action", act.buf);
	H(&h, ">");
	page_csrf_field(rq, rs, &h);
	H(&h, "<p>");
	HT(&h, "Customer ", "Kunde ");
	H(&h, "<strong>");
	html_text(&h, id.buf);
	H(&h, "</strong></p><button type=\"submit\" class=\"primary\">");
	HT(&h, "Download (JSON)", "Herunterladen (JSON)");
	H(&h, "</button></form>");
	back_link(&h, id.buf);
	page_end(rq, rs, &h);
out:
	sb_release(&id);
	sb_release(&act);
}

struct delivery {
	struct web_resp *rs;
	struct strbuf *doc;
};

/* The HTTP response is the delivery: the document becomes its body. */
static int deliver(void *arg, struct err *e)
{
	struct delivery *d = arg;
	(void)e;
	sb_release(&d->rs->body);
	d->rs->body = *d->doc; /* the JSON document, not HTML: moved, not written */
	sb_init(d->doc);
	return 0;
}

void page_gdpr_export(struct web_req *rq, struct web_resp *rs)
{
	struct strbuf doc = STRBUF_INIT, cd = STRBUF_INIT;
	struct app_export x = {0};
	struct app_ctx c;
	struct err e;
	int rc;
	err_init(&e, rq->lang);
	page_app_ctx(rq, &c);
	if ((rc = app_export(&c, rq->param, &x, &e))) {
		web_error_page(rq, rs, rc == APP_BAD_REQUEST ? 400 : 404, e.msg);
		goto out;
	}
	report_export_json(&x, c.today, &doc);
	struct delivery d = {rs, &doc};
	if ((rc = app_export_deliver(&c, &x, 0, deliver, &d, &e))) {
		sb_reset(&rs->body);
		journal_failed(rq, rs, rc, &e);
		goto out;
	}
	/* a file name of safe characters only */
	sb_adds(&cd, "attachment; filename=\"treue-export-");
	for (const char *p = x.customer_id; p && *p; p++) {
		char ch = *p;
		int ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		         (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
		sb_addch(&cd, ok ? ch : '_');
	}
	sb_adds(&cd, ".json\"");
	rs->status = 200;
	web_resp_header(rs, "Content-Type", "application/json; charset=utf-8");
	web_resp_header(rs, "Content-Disposition", cd.buf);
out:
	app_export_release(&x);
	sb_release(&doc);
	sb_release(&cd);
}

/* The erase page; typed/why: a confirmation that did not match. */
static void erase_page(struct web_req *rq, struct web_resp *rs, const struct app_erase *x,
                       const char *typed, const char *why)
{
	struct strbuf act = STRBUF_INIT, exp = STRBUF_INIT;
	struct html h;
	action_path(&act, x->id.buf, "/erase");
	action_path(&exp, x->id.buf, "/export");
	page_begin(rq, rs, &h, L(rq->lang, "Erase a customer's data", "Kundendaten löschen"));
	H(&h, "<h1>");
	HT(&h, "Erase a customer's personal data", "Personenbezogene Daten eines Kunden löschen");
	H(&h, "</h1><dl class=\"facts\"><dt>");
	HT(&h, "Customer", "Kunde");
	H(&h, "</dt><dd>");
	html_text(&h, x->id.buf);
	H(&h, "</dd><dt>");
	HT(&h, "Name", "Name");
	H(&h, "</dt><dd>");
	html_text(&h, x->name.len ? x->name.buf : "—");
	H(&h, "</dd></dl><p>");
	HT(&h,
	   "GDPR, right to erasure — irreversibly: its name; the notes and answers of its "
	   "dialogues; survey comments; complaint descriptions, whys and root causes; promise "
	   "texts; departure reasons; the situation and outcome of its stories. Its customer id "
	   "is replaced by a random pseudonym; orders, scores, dates and statuses stay, so "
	   "revenue totals and the loyalty figures do not change. The erasure is written to the "
	   "audit trail.",
	   "DSGVO, Recht auf Löschung — unwiderruflich: sein Name; Notizen und Antworten seiner "
	   "Kundengespräche; Umfragekommentare; Beschreibungen, Warums und Ursachen von "
	   "Reklamationen; Texte der Zusagen; Abgangsgründe; Situation und Ergebnis seiner "
	   "Geschichten. Seine Kundennummer wird durch ein zufälliges Pseudonym ersetzt; "
	   "Aufträge, Werte, Daten und Status bleiben, Umsatzsummen und Treue-Kennzahlen ändern "
	   "sich also nicht. Die Löschung kommt ins Prüfprotokoll.");
	H(&h, "</p><p><a");
	HATTR(&h, "href", exp.buf);
	H(&h, ">");
	HT(&h, "Export first if the customer asked for its data.",
	   "Zuerst exportieren, wenn der Kunde seine Daten verlangt hat.");
	H(&h, "</a></p><form method=\"post\" class=\"card danger\"");
	HATTR(&h, "action", act.buf);
	H(&h, ">");
	page_csrf_field(rq, rs, &h);
	H(&h, "<label for=\"confirm\">");
	HT(&h, "Type the customer id to confirm: ", "Zur Bestätigung die Kundennummer eingeben: ");
	H(&h, "<code>");
	html_text(&h, x->id.buf);
	H(&h, "</code></label><input type=\"text\" id=\"confirm\" name=\"confirm\" "
	      "autocomplete=\"off\" required");
	HATTR(&h, "value", typed ? typed : "");
	if (why)
		H(&h, " aria-invalid=\"true\" aria-describedby=\"confirm-error\"");
	H(&h, ">");
	if (why) {
		H(&h, "<p class=\"field-error\" id=\"confirm-error\">");
		html_text(&h, why);
		H(&h, "</p>");
	}
	H(&h, "<button type=\"submit\" class=\"danger\">");
	HT(&h, "Erase irreversibly", "Unwiderruflich löschen");
	H(&h, "</button></form>");
	back_link(&h, x->id.buf);
	page_end(rq, rs, &h);
	sb_release(&act);
	sb_release(&exp);
}

void page_gdpr_erase_get(struct web_req *rq, struct web_resp *rs)
{
	struct app_erase x = {0};
	struct app_ctx c;
	struct err e;
	int rc;
	err_init(&e, rq->lang);
	page_app_ctx(rq, &c);
	if ((rc = app_erase_find(&c, rq->param, &x, &e)))
		web_error_page(rq, rs, rc == APP_BAD_REQUEST ? 400 : 404, e.msg);
	else
		erase_page(rq, rs, &x, NULL, NULL);
	app_erase_release(&x);
}

void page_gdpr_erase_post(struct web_req *rq, struct web_resp *rs)
{
	const char *typed = web_field(rq, "confirm");
	struct app_erase x = {0};
	struct app_ctx c;
	struct html h;
	struct err e;
	char money[40];
	int rc;
	err_init(&e, rq->lang);
	page_app_ctx(rq, &c);
	if ((rc = app_erase_find(&c, rq->param, &x, &e))) {
		web_error_page(rq, rs, rc == APP_BAD_REQUEST ? 400 : 404, e.msg);
		goto out;
	}
	if (!typed || strcmp(typed, x.id.buf)) {
		rs->status = 400;
		erase_page(rq, rs, &x, typed,
		           L(rq->lang, "That is not the customer id: nothing was erased.",
		             "Das ist nicht die Kundennummer: nichts wurde gelöscht."));
		goto out;
	}
	rc = app_erase(&c, &x, &e);
	if (rc && !x.erased) {
		journal_failed(rq, rs, rc, &e);
		goto out;
	}
	page_begin(rq, rs, &h, L(rq->lang, "Erased", "Gelöscht"));
	H(&h, "<h1>");
	HT(&h, "Erased", "Gelöscht");
	H(&h, "</h1>");
	{
		struct strbuf m = STRBUF_INIT;
		char nb[32];
		sb_addf(&m,
		        L(rq->lang,
		          "%s is erased: it is now %s; %s orders (revenue %s) are kept for "
		          "accounting.",
		          "%s ist gelöscht: jetzt %s; %s Aufträge (Umsatz %s) bleiben für die "
		          "Buchhaltung."),
		        x.id.buf, x.pseudonym, int_format_human(x.orders, rq->lang, nb),
		        money_format_human(x.revenue, rq->lang, money));
		PAGE_MSG(&h, "ok", m.buf);
		sb_release(&m);
	}
	if (rc) { /* erased, but the file still holds deleted text */
		web_log(rq->srv, "%s erase %s: %s", rq->peer, x.id.buf, e.msg);
		PAGE_MSG(
		    &h, "error",
		    L(rq->lang,
		      "The database file could not be compacted yet, so it may still hold the "
		      "deleted texts; the server log says why.",
		      "Die Datenbankdatei ließ sich noch nicht verdichten und kann die gelöschten "
		      "Texte noch enthalten; das Serverprotokoll sagt, warum."));
	}
	H(&h, "<p><a href=\"/audit\">");
	HT(&h, "To the audit trail", "Zum Prüfprotokoll");
	H(&h, "</a></p>");
	page_end(rq, rs, &h);
out:
	app_erase_release(&x);
}
