/*
 * page_actions.c — the action list (/actions) with its filters (owner,
 * region, industry, segment, priority, silent leavers only) as a GET form
 * and pages of 50 rows, each row saying why and what is due — the rows and
 * texts of `treue actions`, through the same filter (report_action_match)
 * and the same due text; and the customer search (/customers?q=) by id or
 * name start, which the search box in every page's header sends to.
 */
#include <stdlib.h>
#include <string.h>

#include "web_int.h"

#define PAGE_ROWS 50

struct filter {
	const char *owner, *region, *industry, *segment;
	int priority, silent;
	long page;
};

static const char *arg_or_null(const struct web_req *rq, const char *name)
{
	const char *v = web_arg(rq, name);
	return v && *v ? v : NULL;
}

static void read_filter(const struct web_req *rq, struct filter *f)
{
	f->owner = arg_or_null(rq, "owner");
	f->region = arg_or_null(rq, "region");
	f->industry = arg_or_null(rq, "industry");
	f->segment = arg_or_null(rq, "segment");
	f->priority = (int)web_arg_long(rq, "priority", 1, 6, 0);
	f->silent = web_arg_long(rq, "silent", 0, 1, 0) == 1;
	f->page = web_arg_long(rq, "page", 1, 1L << 30, 1);
}

/* The query of the filter (and page), for the paging links. */
static void filter_query(struct strbuf *q, const struct filter *f, long page)
{
	struct {
		const char *name, *value;
	} kv[] = {{"owner", f->owner},
	          {"region", f->region},
	          {"industry", f->industry},
	          {"segment", f->segment}};
	sb_adds(q, "/actions?");
	for (size_t k = 0; k < ARRAY_SIZE(kv); k++)
		if (kv[k].value) {
			sb_adds(q, kv[k].name);
			sb_addch(q, '=');
			url_encode(q, kv[k].value);
			sb_addch(q, '&');
		}
	if (f->priority)
		sb_addf(q, "priority=%d&", f->priority);
	if (f->silent)
		sb_adds(q, "silent=1&");
	sb_addf(q, "page=%ld", page);
}

/* A <select> of values; "" stands for all. */
static void select_of(struct html *h, const char *name, const char *label, char *const *values,
                      size_t n, size_t first, const char *current)
{
	H(h, "<label>");
	html_text(h, label);
	H(h, "<select");
	HATTR(h, "name", name);
	H(h, "><option value=\"\">");
	HT(h, "all", "alle");
	H(h, "</option>");
	for (size_t k = first; k < n; k++) {
		H(h, "<option");
		HATTR(h, "value", values[k]);
		if (current && !strcmp(current, values[k]))
			H(h, " selected");
		H(h, ">");
		html_text(h, values[k]);
		H(h, "</option>");
	}
	H(h, "</select></label>");
}

static void filter_form(struct web_req *rq, struct html *h, const struct web_view *v,
                        const struct filter *f)
{
	H(h, "<form method=\"get\" action=\"/actions\" class=\"filters\" role=\"search\" "
	     "aria-label=\"");
	HT(h, "Filter the action list", "Aktionsliste filtern");
	H(h, "\">");
	select_of(h, "owner", L(rq->lang, "Account manager", "Betreuer"), v->owners, v->nowners, 0,
	          f->owner);
	select_of(h, "region", L(rq->lang, "Region", "Region"), v->regions, v->nregions, 0,
	          f->region);
	select_of(h, "industry", L(rq->lang, "Industry", "Branche"), v->industries, v->nindustries,
	          0, f->industry);
	H(h, "<label>");
	HT(h, "Segment", "Segment");
	H(h, "<select name=\"segment\"><option value=\"\">");
	HT(h, "all", "alle");
	H(h, "</option>");
	for (int s = 0; s < SEG_PROSPECT; s++) {
		H(h, "<option");
		HATTR(h, "value", segment_key[s]);
		if (f->segment && !strcmp(f->segment, segment_key[s]))
			H(h, " selected");
		H(h, ">");
		html_text(h, segment_label_n(s, rq->lang, VOCAB_MANY));
		H(h, "</option>");
	}
	H(h, "</select></label><label>");
	HT(h, "Priority", "Priorität");
	H(h, "<select name=\"priority\"><option value=\"\">");
	HT(h, "all", "alle");
	H(h, "</option>");
	for (int p = 1; p <= 6; p++) {
		char num[16];
		snprintf(num, sizeof(num), "%d", p);
		H(h, "<option");
		HATTR(h, "value", num);
		if (f->priority == p)
			H(h, " selected");
		H(h, ">");
		HF(h, "%d — %s", p, action_text(p, rq->lang));
		H(h, "</option>");
	}
	H(h, "</select></label><label class=\"check\"><input type=\"checkbox\" name=\"silent\" "
	     "value=\"1\"");
	if (f->silent)
		H(h, " checked");
	H(h, ">");
	HT(h, "silent leavers only", "nur stille Abwanderer");
	H(h, "</label><button type=\"submit\" class=\"primary\">");
	HT(h, "Show", "Anzeigen");
	H(h, "</button>");
	if (f->owner || f->region || f->industry || f->segment || f->priority || f->silent) {
		H(h, " <a href=\"/actions\">");
		HT(h, "all customers", "alle Kunden");
		H(h, "</a>");
	}
	if (rq->user.owner[0] && !(f->owner && !strcmp(f->owner, rq->user.owner))) {
		struct strbuf q = STRBUF_INIT;
		sb_adds(&q, "/actions?owner=");
		url_encode(&q, rq->user.owner);
		H(h, " <a");
		HATTR(h, "href", q.buf);
		H(h, ">");
		HT(h, "my customers", "meine Kunden");
		H(h, "</a>");
		sb_release(&q);
	}
	H(h, "</form>");
}

static void pager(struct html *h, const struct filter *f, long page, long pages, size_t total)
{
	H(h, "<nav class=\"pager\" aria-label=\"");
	HT(h, "Pages", "Seiten");
	H(h, "\">");
	if (page > 1) {
		struct strbuf q = STRBUF_INIT;
		filter_query(&q, f, page - 1);
		H(h, "<a rel=\"prev\"");
		HATTR(h, "href", q.buf);
		H(h, ">← ");
		HT(h, "previous", "zurück");
		H(h, "</a>");
		sb_release(&q);
	}
	H(h, "<span>");
	HT(h, "page ", "Seite ");
	h_count(h, page);
	HT(h, " of ", " von ");
	h_count(h, pages);
	H(h, " (");
	h_count(h, (int64_t)total);
	if (total == 1)
		HT(h, " customer)", " Kunde)");
	else
		HT(h, " customers)", " Kunden)");
	H(h, "</span>");
	if (page < pages) {
		struct strbuf q = STRBUF_INIT;
		filter_query(&q, f, page + 1);
		H(h, "<a rel=\"next\"");
		HATTR(h, "href", q.buf);
		H(h, ">");
		HT(h, "next", "weiter");
		H(h, " →</a>");
		sb_release(&q);
	}
	H(h, "</nav>");
}

static void action_row(struct html *h, const struct web_view *v, size_t rank,
                       const struct action_row *a, struct strbuf *tmp)
{
	const struct dataset *ds = &v->a.ds;
	const struct loyalty *l = &v->r.l;
	size_t i = a->cust;
	const struct cust_fig *f = &l->fig[i];
	H(h, "<tr><td class=\"num\">");
	html_int(h, (int64_t)rank);
	H(h, "</td><td class=\"prio\"><span");
	HATTR(h, "title", action_text(a->priority, h->lang));
	H(h, ">");
	html_int(h, a->priority);
	H(h, "</span></td><td class=\"name\">");
	h_customer_link(h, ds_cid(ds, i), ds_name(ds, i));
	H(h, "<span class=\"id\">");
	html_text(h, ds_cid(ds, i));
	H(h, "</span></td><td>");
	h_segment(h, f->segment);
	if (a->silent) {
		H(h, " <span class=\"badge silent\">");
		HT(h, "silent leaver", "stiller Abwanderer");
		H(h, "</span>");
	}
	H(h, "</td><td>");
	html_text(h, ds_owner(ds, i));
	H(h, "</td><td class=\"num\">");
	h_money(h, a->priority == 1 ? f->rev_p0 + f->rev_p1 : f->rev_p0);
	H(h, "</td><td class=\"why\">");
	sb_reset(tmp);
	model_explain(l, i, h->lang, tmp);
	html_text(h, tmp->buf);
	sb_reset(tmp);
	report_action_due(a, tmp, h->lang);
	if (tmp->len) {
		H(h, "<span class=\"due\">");
		html_text(h, tmp->buf);
		H(h, "</span>");
	}
	H(h, "</td></tr>\n");
}

void page_actions(struct web_req *rq, struct web_resp *rs)
{
	struct web_view *v;
	struct html h;
	struct filter f;
	read_filter(rq, &f);
	if (web_view_begin(rq, rs, &v))
		return;
	const struct loyalty *l = &v->r.l;
	struct app_filter who = {f.owner, f.region, f.industry, f.segment};
	struct app_ctx c = web_app_ctx(rq, v->today);
	struct err e;
	err_init(&e, rq->lang);
	/* the rows of treue actions --owner --region --industry --segment
	 * --priority that pass (kept in the view for the next request) */
	const size_t *passing = NULL;
	size_t total = 0, *own = NULL;
	int bad = web_view_actions(v, &c, &who, f.priority, f.silent, &passing, &total, &own, &e);
	if (bad)
		total = 0;
	/* the page's rows */
	size_t first = (size_t)(f.page - 1) * PAGE_ROWS, nrows = 0;
	const size_t *rows = first < total ? passing + first : NULL;
	if (rows)
		nrows = total - first < PAGE_ROWS ? total - first : PAGE_ROWS;
	long pages = total ? (long)((total + PAGE_ROWS - 1) / PAGE_ROWS) : 1;

	page_begin(rq, rs, &h, L(rq->lang, "Action list", "Aktionsliste"));
	H(&h, "<h1>");
	HT(&h, "Action list", "Aktionsliste");
	H(&h, "</h1><p class=\"lede\">");
	HT(&h, "Whom to talk to first, and why — as of ",
	   "Wen zuerst ansprechen, und warum — Stichtag ");
	h_day(&h, l->as_of);
	H(&h, ".");
	if (!l->silent_ok) {
		H(&h, " ");
		HT(&h, "No purchase model could be fitted: no silent leavers in priority 1.",
		   "Kein Kaufmodell schätzbar: keine stillen Abwanderer in Priorität 1.");
	}
	H(&h, "</p>");
	filter_form(rq, &h, v, &f);
	if (bad) {
		rs->status = 400;
		h_app_error(&h, &e);
	} else if (!total) {
		H(&h, "<p class=\"empty\">");
		HT(&h, "No customer matches these filters.", "Kein Kunde passt zu diesen Filtern.");
		H(&h, "</p>");
	} else if (f.page > pages) {
		H(&h, "<p class=\"empty\">");
		HT(&h, "There is no such page.", "Diese Seite gibt es nicht.");
		H(&h, "</p>");
		pager(&h, &f, pages + 1, pages, total);
	} else {
		struct strbuf tmp = STRBUF_INIT;
		pager(&h, &f, f.page, pages, total);
		H(&h, "<div class=\"scroll\"><table class=\"list actions\"><thead><tr><th "
		      "class=\"num\">"
		      "#</th><th>");
		HT(&h, "Prio", "Prio");
		H(&h, "</th><th>");
		HT(&h, "Customer", "Kunde");
		H(&h, "</th><th>");
		HT(&h, "Segment", "Segment");
		H(&h, "</th><th>");
		HT(&h, "Account manager", "Betreuer");
		H(&h, "</th><th class=\"num\">");
		HT(&h, "Revenue", "Umsatz");
		H(&h, "</th><th>");
		HT(&h, "Why, and what is due", "Warum, und was fällig ist");
		H(&h, "</th></tr></thead><tbody>\n");
		int last_p = 0;
		for (size_t k = 0; k < nrows; k++) {
			const struct action_row *a = &l->actions[rows[k]];
			if (a->priority != last_p) {
				H(&h, "<tr class=\"group\"><th colspan=\"7\" scope=\"rowgroup\">");
				HF(&h, "%d. %s", a->priority, action_text(a->priority, rq->lang));
				H(&h, " <span class=\"hint\">");
				html_text(&h, a->priority == 1
				                  ? L(rq->lang, "(revenue of the last two years)",
				                      "(Umsatz der letzten zwei Jahre)")
				                  : L(rq->lang, "(revenue of the last 12 months)",
				                      "(Umsatz der letzten 12 Monate)"));
				H(&h, "</span></th></tr>\n");
				last_p = a->priority;
			}
			action_row(&h, v, first + k + 1, a, &tmp);
		}
		H(&h, "</tbody></table></div>");
		pager(&h, &f, f.page, pages, total);
		sb_release(&tmp);
	}
	page_end(rq, rs, &h);
	free(own);
	web_view_put(rq->srv, v);
}

/* ---- the customer search ---- */

#define SEARCH_ROWS 50

void page_customers(struct web_req *rq, struct web_resp *rs)
{
	const char *q = web_arg(rq, "q");
	struct web_view *v;
	struct html h;
	uint32_t hits[SEARCH_ROWS];
	size_t n = 0, total = 0;
	if (q && strlen(q) > 200)
		q = NULL;
	if (web_view_begin(rq, rs, &v))
		return;
	if (q && *q)
		total = app_customer_search(&v->a, q, hits, SEARCH_ROWS, &n);
	/* one customer, or the exact id: straight to its page */
	if (q && *q && (total == 1 || (n && !strcmp(ds_cid(&v->a.ds, hits[0]), q)))) {
		struct strbuf p = STRBUF_INIT;
		customer_path(&p, ds_cid(&v->a.ds, hits[0]));
		web_redirect(rs, p.buf);
		sb_release(&p);
		web_view_put(rq->srv, v);
		return;
	}
	page_begin(rq, rs, &h, L(rq->lang, "Customers", "Kunden"));
	H(&h, "<h1>");
	HT(&h, "Find a customer", "Kunden finden");
	H(&h, "</h1><form method=\"get\" action=\"/customers\" class=\"inline big-search\" "
	      "role=\"search\"><label for=\"q-main\" class=\"vh\">");
	HT(&h, "Customer id or name", "Kundennummer oder Name");
	H(&h, "</label><input id=\"q-main\" type=\"search\" name=\"q\" maxlength=\"200\"");
	HATTR(&h, "value", q ? q : "");
	HATTR(&h, "placeholder",
	      L(rq->lang, "id or start of the name", "Nummer oder Namensanfang"));
	H(&h, "><button type=\"submit\" class=\"primary\">");
	HT(&h, "Search", "Suchen");
	H(&h, "</button></form>");
	if (q && *q) {
		H(&h, "<p class=\"lede\">");
		if (!total) {
			HT(&h, "No customer has this id or a name starting with “",
			   "Kein Kunde hat diese Nummer oder einen Namen, der mit „");
			html_text(&h, q);
			HT(&h, "”.", "“ beginnt.");
		} else {
			h_count(&h, (int64_t)total);
			HT(&h, " customers match", " Kunden passen");
			if (total > n) {
				HT(&h, "; the first ", "; die ersten ");
				h_count(&h, (int64_t)n);
				HT(&h, " are shown — type more of the name",
				   " stehen hier — mehr vom Namen eingeben");
			}
			H(&h, ".");
		}
		H(&h, "</p>");
		if (n)
			h_customer_table(&h, v, hits, n);
	} else {
		H(&h, "<p class=\"hint\">");
		HT(&h, "By customer id, or by the start of the name (capitals do not matter).",
		   "Nach Kundennummer oder nach dem Anfang des Namens (Groß- und Kleinschreibung "
		   "egal).");
		H(&h, "</p>");
	}
	page_end(rq, rs, &h);
	web_view_put(rq->srv, v);
}
