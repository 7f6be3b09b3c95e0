/*
 * layout.c — the frame of every page: head (one stylesheet, no inline
 * script or style), a header with the navigation the user's role allows,
 * the language switch and logout, the footer; and the status pages (403,
 * 404, 405, 413, ...).
 */
#include <string.h>

#include "web_int.h"

void page_csrf_field(struct web_req *rq, struct web_resp *rs, struct html *h)
{
	H(h, "<input type=\"hidden\" name=\"csrf\"");
	HATTR(h, "value", web_csrf_token(rq, rs));
	H(h, ">");
}

/* One navigation link; the current page is marked. */
static void nav_link(struct web_req *rq, struct html *h, const char *href, const char *label)
{
	H(h, "<a");
	HATTR(h, "href", href);
	if (!strcmp(rq->path, href) ||
	    (strcmp(href, "/") && str_starts_with(rq->path, href) && rq->path[strlen(href)] == '/'))
		H(h, " aria-current=\"page\"");
	H(h, ">");
	html_text(h, label);
	H(h, "</a>");
}

static void lang_switch(struct web_req *rq, struct web_resp *rs, struct html *h)
{
	H(h, "<form method=\"post\" action=\"/lang\" class=\"lang\">");
	page_csrf_field(rq, rs, h);
	H(h, "<input type=\"hidden\" name=\"next\"");
	HATTR(h, "value", html_local_path(rq->path) ? rq->path : "/");
	H(h, ">");
	if (rq->lang == LANG_DE)
		H(h, "<button type=\"submit\" name=\"lang\" value=\"en\" lang=\"en\" "
		     "title=\"Switch to English\">English</button>");
	else
		H(h, "<button type=\"submit\" name=\"lang\" value=\"de\" lang=\"de\" "
		     "title=\"Auf Deutsch umschalten\">Deutsch</button>");
	H(h, "</form>");
}

/* The customer search in the header of every page (GET /customers). */
static void search_box(struct web_req *rq, struct html *h)
{
	const char *q = !strcmp(rq->path, "/customers") ? web_arg(rq, "q") : NULL;
	H(h, "<form method=\"get\" action=\"/customers\" class=\"search\" role=\"search\">"
	     "<label for=\"q\" class=\"vh\">");
	HT(h, "Find a customer", "Kunden finden");
	H(h, "</label><input id=\"q\" type=\"search\" name=\"q\" maxlength=\"200\"");
	HATTR(h, "value", q ? q : "");
	HATTR(h, "placeholder", L(rq->lang, "Customer id or name", "Nummer oder Name"));
	H(h, "><button type=\"submit\">");
	HT(h, "Search", "Suchen");
	H(h, "</button></form>");
}

static void begin(struct web_req *rq, struct web_resp *rs, struct html *h, const char *title,
                  int refresh);

void page_begin(struct web_req *rq, struct web_resp *rs, struct html *h, const char *title)
{
	begin(rq, rs, h, title, 0);
}

void page_begin_refresh(struct web_req *rq, struct web_resp *rs, struct html *h, const char *title,
                        int seconds)
{
	begin(rq, rs, h, title, seconds > 0 ? seconds : 1);
}

static void begin(struct web_req *rq, struct web_resp *rs, struct html *h, const char *title,
                  int refresh)
{
	sb_reset(&rs->body);
	html_init(h, &rs->body, rq->lang);
	web_resp_header(rs, "Content-Type", "text/html; charset=utf-8");
	HL(h, "<!DOCTYPE html>\n<html lang=\"en\">", "<!DOCTYPE html>\n<html lang=\"de\">");
	H(h, "<head><meta charset=\"utf-8\">"
	     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
	if (refresh) {
		H(h, "<meta http-equiv=\"refresh\" content=\"");
		html_int(h, refresh);
		H(h, "\">");
	}
	H(h, "<title>");
	html_text(h, title);
	H(h, " · treue</title>"
	     "<link rel=\"stylesheet\" href=\"/static/treue.css\">"
	     "<link rel=\"icon\" href=\"/static/icon.svg\" type=\"image/svg+xml\">"
	     "</head>\n<body>\n<header class=\"top\"><a class=\"brand\" href=\"/\">treue</a>");
	if (rq->logged_in) {
		H(h, "<nav aria-label=\"");
		HT(h, "Main", "Hauptmenü");
		H(h, "\">");
		nav_link(rq, h, "/week", L(rq->lang, "My week", "Meine Woche"));
		nav_link(rq, h, "/overview", L(rq->lang, "Overview", "Überblick"));
		nav_link(rq, h, "/actions", L(rq->lang, "Action list", "Aktionsliste"));
		nav_link(rq, h, "/journal", L(rq->lang, "Journal", "Journal"));
		if (rq->user.role >= ROLE_ADMIN)
			nav_link(rq, h, "/users", L(rq->lang, "Users", "Benutzer"));
		if (rq->user.role >= ROLE_ADMIN) {
			nav_link(rq, h, "/import", L(rq->lang, "Import", "Import"));
			nav_link(rq, h, "/settings", L(rq->lang, "Settings", "Einstellungen"));
			nav_link(rq, h, "/audit", L(rq->lang, "Audit", "Prüfprotokoll"));
		}
		H(h, "</nav>");
		search_box(rq, h);
	}
	H(h, "<div class=\"tools\">");
	lang_switch(rq, rs, h);
	if (rq->logged_in) {
		H(h, "<span class=\"who\">");
		html_text(h, rq->user.name);
		H(h, " <span class=\"role\">");
		html_text(h, web_role_label(rq->user.role, rq->lang));
		H(h, "</span></span>");
		nav_link(rq, h, "/password", L(rq->lang, "Password", "Passwort"));
		H(h, "<form method=\"post\" action=\"/logout\" class=\"logout\">");
		page_csrf_field(rq, rs, h);
		H(h, "<button type=\"submit\">");
		HT(h, "Log out", "Abmelden");
		H(h, "</button></form>");
	}
	H(h, "</div></header>\n<main>\n");
}

void page_end(struct web_req *rq, struct web_resp *rs, struct html *h)
{
	(void)rs;
	H(h, "\n</main>\n<footer>");
	HT(h, "treue — the customer-loyalty workbench", "treue — die Werkbank für Kundentreue");
	if (rq->logged_in) {
		H(h, " · ");
		html_text(h, rq->user.name);
	}
	H(h, "</footer>\n</body>\n</html>\n");
}

struct status_text {
	int status;
	const char *title_en, *title_de, *text_en, *text_de;
};

static const struct status_text statuses[] = {
    {400, "Bad request", "Ungültige Anfrage", "The request could not be understood.",
     "Die Anfrage ist nicht verständlich."},
    {403, "Not allowed", "Nicht erlaubt", "You may not open this page or do this.",
     "Diese Seite oder Aktion ist für Sie nicht freigegeben."},
    {404, "Not found", "Nicht gefunden", "There is no page at this address.",
     "Unter dieser Adresse gibt es keine Seite."},
    {405, "Method not allowed", "Methode nicht erlaubt", "This page cannot be used that way.",
     "Diese Seite lässt sich so nicht verwenden."},
    {409, "Not now", "Nicht jetzt", "This cannot be done in the state things are in.",
     "Das geht im jetzigen Zustand nicht."},
    {413, "Too large", "Zu groß", "The request is larger than treue accepts.",
     "Die Anfrage ist größer, als treue annimmt."},
    {414, "Address too long", "Adresse zu lang", "The address is longer than treue accepts.",
     "Die Adresse ist länger, als treue annimmt."},
    {415, "Unsupported form", "Formular nicht unterstützt",
     "The request's content type is not accepted here.",
     "Der Inhaltstyp der Anfrage wird hier nicht angenommen."},
    {429, "Too many attempts", "Zu viele Versuche", "Please wait a moment and try again.",
     "Bitte einen Moment warten und erneut versuchen."},
    {431, "Headers too large", "Kopfzeilen zu groß",
     "The request's headers are larger than treue accepts.",
     "Die Kopfzeilen der Anfrage sind größer, als treue annimmt."},
    {507, "Disk full", "Datenträger voll",
     "The server's disk is full: nothing was saved. Please ask whoever runs treue to free "
     "some space.",
     "Der Datenträger des Servers ist voll: nichts wurde gespeichert. Bitte die "
     "Betreuung von treue bitten, Platz zu schaffen."},
    {503, "Busy", "Ausgelastet", "treue is busy. Please try again in a moment.",
     "treue ist ausgelastet. Bitte gleich noch einmal versuchen."},
    {500, "Something went wrong", "Etwas ist schiefgegangen",
     "treue could not answer this request. The server log says more.",
     "treue konnte diese Anfrage nicht beantworten. Das Serverprotokoll sagt mehr."},
};

const char *web_disk_full(const struct err *e)
{
	/* both languages: the words are those of the language e was written in */
	const char *p = strstr(e->msg, "the disk is full");
	return p ? p : strstr(e->msg, "der Datenträger ist voll");
}

int web_disk_full_strip(struct err *e)
{
	const char *p = web_disk_full(e);
	if (!p)
		return 0;
	memmove(e->msg, p, strlen(p) + 1);
	return 1;
}

void web_error_page(struct web_req *rq, struct web_resp *rs, int status, const char *detail)
{
	const struct status_text *t = &statuses[ARRAY_SIZE(statuses) - 1];
	struct html h;
	for (size_t i = 0; i < ARRAY_SIZE(statuses); i++)
		if (statuses[i].status == status)
			t = &statuses[i];
	rs->status = status;
	/* the status pages need no store; without one they show no session */
	if (!rq->st)
		rq->logged_in = 0;
	page_begin(rq, rs, &h, L(rq->lang, t->title_en, t->title_de));
	H(&h, "<section class=\"status\"><h1>");
	html_text(&h, L(rq->lang, t->title_en, t->title_de));
	H(&h, " <span class=\"code\">");
	html_int(&h, status);
	H(&h, "</span></h1><p>");
	html_text(&h, L(rq->lang, t->text_en, t->text_de));
	H(&h, "</p>");
	if (detail) {
		H(&h, "<p>");
		html_text(&h, detail);
		H(&h, "</p>");
	}
	H(&h, "<p><a href=\"/\">");
	HT(&h, "To the start page", "Zur Startseite");
	H(&h, "</a></p></section>");
	page_end(rq, rs, &h);
}
