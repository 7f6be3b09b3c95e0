/*
 * page_week.c — "My week", the first page after login.  For now it says
 * who is logged in, with which role and for which account manager (owner)
 * they work; the agenda itself comes with the application layer (src/app).
 */
#include "web_int.h"

void page_week(struct web_req *rq, struct web_resp *rs)
{
	struct html h;
	struct err e;
	int64_t version;
	err_init(&e, rq->lang);
	if (store_data_version(rq->st, &version, &e)) {
		web_error_page(rq, rs, 500, NULL);
		return;
	}
	if (web_etag(rq, rs, version))
		return;
	page_begin(rq, rs, &h, L(rq->lang, "My week", "Meine Woche"));
	H(&h, "<h1>");
	HT(&h, "My week", "Meine Woche");
	H(&h, "</h1><dl class=\"facts\"><dt>");
	HT(&h, "Name", "Name");
	H(&h, "</dt><dd>");
	html_text(&h, rq->user.name);
	H(&h, "</dd><dt>");
	HT(&h, "Role", "Rolle");
	H(&h, "</dt><dd>");
	html_text(&h, web_role_label(rq->user.role, rq->lang));
	H(&h, "</dd><dt>");
	HT(&h, "Account manager", "Betreuer");
	H(&h, "</dt><dd>");
	if (rq->user.owner[0]) {
		html_text(&h, rq->user.owner);
	} else {
		H(&h, "<span class=\"muted\">");
		HT(&h, "not linked — an admin can link you to your name in the customer data",
		   "nicht verknüpft — ein Administrator kann Sie mit Ihrem Namen in den "
		   "Kundendaten "
		   "verknüpfen");
		H(&h, "</span>");
	}
	H(&h, "</dd></dl>");
	page_end(rq, rs, &h);
}
