/*
 * page_journal.c — the Journal pages (/journal/...): the tabs they share,
 * promises (due soon, overdue, how the promises that fell due turned out
 * per owner and per customer — the data of `treue report promises`) and
 * complaints (Pareto charts of reasons and root causes from the data of
 * `treue report feedback`, the open complaints from `treue list
 * complaints --open`).  Stories, feedback and cadence are in
 * page_journal_more.c.  Every figure comes from the application layer's
 * result, as at the command line.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "report.h"
#include "web_int.h"

void journal_begin(struct web_req *rq, struct web_resp *rs, struct html *h, const char *current)
{
	static const struct {
		const char *path, *en, *de;
	} tabs[] = {
	    {"/journal/promises", "Promises", "Zusagen"},
	    {"/journal/complaints", "Complaints", "Reklamationen"},
	    {"/journal/stories", "Stories", "Geschichten"},
	    {"/journal/feedback", "Feedback", "Rückmeldungen"},
	    {"/journal/cadence", "Contact cadence", "Kontaktrhythmus"},
	};
	const char *title = "Journal";
	for (size_t i = 0; i < ARRAY_SIZE(tabs); i++)
		if (!strcmp(tabs[i].path, current))
			title = L(rq->lang, tabs[i].en, tabs[i].de);
	page_begin(rq, rs, h, title);
	H(h, "<h1>");
	HT(h, "Journal", "Journal");
	H(h, "</h1><nav class=\"tabs\" aria-label=\"");
	HT(h, "Journal reports", "Journalberichte");
	H(h, "\">");
	for (size_t i = 0; i < ARRAY_SIZE(tabs); i++) {
		H(h, "<a");
		HATTR(h, "href", tabs[i].path);
		if (!strcmp(tabs[i].path, current))
			H(h, " aria-current=\"page\"");
		H(h, ">");
		html_text(h, L(rq->lang, tabs[i].en, tabs[i].de));
		H(h, "</a>");
	}
	H(h, "</nav>\n");
}

void journal_failed(struct web_req *rq, struct web_resp *rs, int rc, const struct err *e)
{
	if (rc == APP_BAD_REQUEST) {
		web_error_page(rq, rs, 400, e->msg);
		return;
	}
	web_log(rq->srv, "%s %s: %s", rq->peer, rq->path, e->msg);
	web_error_page(rq, rs, web_disk_full(e) ? 507 : 500, web_disk_full(e));
}

void journal_ctx(struct web_req *rq, struct app_ctx *c, struct future_orders *buf)
{
	page_app_ctx(rq, c);
	if (web_view_future(rq, c->today, buf))
		c->future = buf;
}

void journal_future_msg(struct html *h, const struct future_orders *f)
{
	if (!f->count)
		return;
	struct strbuf w = STRBUF_INIT;
	report_future_text(f, &w, h->lang);
	PAGE_MSG(h, "error", w.buf);
	sb_release(&w);
}

void page_journal(struct web_req *rq, struct web_resp *rs)
{
	web_redirect(rs, "/journal/promises");
}

/* ---- promises ---- */

static void promise_rows(struct html *h, const struct journal_promises *r,
                         const struct jr_promise_in *p, size_t n, int overdue)
{
	if (!n) {
		H(h, "<p class=\"muted\">");
		if (overdue)
			HT(h, "No promise is overdue.", "Keine Zusage ist überfällig.");
		else
			HT(h, "No promise falls due in this time.",
			   "In dieser Zeit wird keine Zusage fällig.");
		H(h, "</p>");
		return;
	}
	H(h, "<div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
	HT(h, "due", "fällig");
	H(h, "</th><th class=\"num\">");
	if (overdue)
		HT(h, "days overdue", "Tage überfällig");
	else
		HT(h, "in days", "in Tagen");
	H(h, "</th><th>");
	HT(h, "customer", "Kunde");
	H(h, "</th><th>");
	HT(h, "owner", "verantwortlich");
	H(h, "</th><th>");
	HT(h, "what was promised", "was zugesagt wurde");
	H(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		if (overdue)
			H(h, "<tr class=\"overdue\"><td class=\"nowrap\">");
		else
			H(h, "<tr><td class=\"nowrap\">");
		page_day(h, p[i].due_on);
		H(h, "</td><td class=\"num\">");
		page_int(h, overdue ? r->to - p[i].due_on : p[i].due_on - r->today);
		H(h, "</td><td>");
		page_customer_link(h, p[i].customer_id, p[i].customer_id);
		if (p[i].name && *p[i].name) {
			H(h, " <span class=\"muted\">");
			html_text(h, p[i].name);
			H(h, "</span>");
		}
		H(h, "</td><td>");
		html_text(h, p[i].owner && *p[i].owner ? p[i].owner : "—");
		H(h, "</td><td class=\"text\">");
		html_text(h, p[i].what);
		H(h, "</td></tr>");
	}
	H(h, "</tbody></table></div>");
}

static void rate_head(struct html *h, const char *first)
{
	H(h, "<div class=\"scroll\"><table class=\"list rates\"><thead><tr><th>");
	html_text(h, first);
	H(h, "</th><th class=\"num\">");
	HT(h, "due", "fällig");
	H(h, "</th><th class=\"num\">");
	HT(h, "kept on time", "pünktlich");
	H(h, "</th><th class=\"num\">");
	HT(h, "kept late", "verspätet");
	H(h, "</th><th class=\"num\">");
	HT(h, "reneg. in time", "rechtz. neu verh.");
	H(h, "</th><th class=\"num\">");
	HT(h, "reneg. late", "spät neu verh.");
	H(h, "</th><th class=\"num\">");
	HT(h, "broken", "gebrochen");
	H(h, "</th><th class=\"num\">");
	HT(h, "still open", "noch offen");
	H(h, "</th><th class=\"num\">");
	HT(h, "on time", "pünktlich %");
	H(h, "</th><th class=\"num\">");
	HT(h, "honoured", "gehalten");
	H(h, "</th></tr></thead><tbody>");
}

static void rate_row(struct html *h, const struct jr_rate *x, const char *cust, const char *label,
                     int total)
{
	const int v[7] = {
	    x->due,    x->kept_on_time, x->kept_late, x->renegotiated_in_time, x->renegotiated_late,
	    x->broken, x->overdue};
	if (total)
		H(h, "<tr class=\"total\"><td>");
	else
		H(h, "<tr><td>");
	if (cust)
		page_customer_link(h, cust, cust);
	else
		html_text(h, label);
	if (cust && label && *label) {
		H(h, " <span class=\"muted\">");
		html_text(h, label);
		H(h, "</span>");
	}
	H(h, "</td>");
	for (int i = 0; i < 7; i++) {
		H(h, "<td class=\"num\">");
		page_int(h, v[i]);
		H(h, "</td>");
	}
	H(h, "<td class=\"num\">");
	page_pct(h, jr_rate_on_time(x));
	H(h, "</td><td class=\"num\"><strong>");
	page_pct(h, jr_rate_honoured(x));
	H(h, "</strong></td></tr>");
}

/* The honoured rate per owner as bars (0..100 %), with the total's. */
static void rate_chart(struct html *h, const struct journal_promises *r)
{
	const double W = 720, left = 200, pw = 440, row = 24, top = 24;
	size_t n = r->nowners;
	struct strbuf tip = STRBUF_INIT, lab = STRBUF_INIT;
	if (!n)
		return;
	double H_ = top + (double)(n + 1) * row + 8;
	H(h, "<div class=\"scroll\">");
	SVG_BEGIN(
	    h, W, H_, "chart rates",
	    L(h->lang, "Honoured promises per owner", "Gehaltene Zusagen je Verantwortlichem"));
	for (int t = 0; t <= 4; t++) {
		double x = left + pw * t / 4.0;
		SVG_LINE(h, x, top - 6, x, H_ - 8, "grid");
		sb_reset(&lab);
		fmt_pct(&lab, h->lang, t / 4.0);
		SVG_TEXT(h, x, top - 10, "label", "middle", lab.buf);
	}
	for (size_t i = 0; i <= n; i++) {
		const struct jr_rate *x = i < n ? &r->owners[i] : &r->total;
		const char *name = i < n
		                       ? (*x->key ? x->key : L(h->lang, "(no owner)", "(niemand)"))
		                       : L(h->lang, "all", "alle");
		double y = top + (double)i * row;
		double v = jr_rate_honoured(x);
		sb_reset(&tip);
		sb_addf(&tip, "%s: ", name);
		fmt_pct(&tip, h->lang, v);
		sb_adds(&tip, L(h->lang, " honoured of ", " gehalten von "));
		fmt_int(&tip, h->lang, x->due);
		sb_adds(&tip, L(h->lang, " due", " fälligen"));
		SVG_TEXT(h, left - 8, y + 16, "label", "end", name);
		if (i < n)
			SVG_RECT(h, left, y + 4, isnan(v) ? 0 : pw * v, row - 8, "bar", tip.buf);
		else
			SVG_RECT(h, left, y + 4, isnan(v) ? 0 : pw * v, row - 8, "bar-alt",
			         tip.buf);
		sb_reset(&lab);
		fmt_pct(&lab, h->lang, v);
		SVG_TEXT(h, left + (isnan(v) ? 0 : pw * v) + 6, y + 16, "label", "start", lab.buf);
	}
	svg_end(h);
	H(h, "</div>");
	sb_release(&tip);
	sb_release(&lab);
}

void page_journal_promises(struct web_req *rq, struct web_resp *rs)
{
	static const int choices[] = {7, 14, 30, 60, 90};
	struct journal_promises r;
	struct app_ctx c;
	struct future_orders fut;
	struct html h;
	struct err e;
	int within = 14, rc;
	const char *w = web_arg(rq, "within");
	err_init(&e, rq->lang);
	if (w) {
		within = -1;
		for (size_t i = 0; i < ARRAY_SIZE(choices); i++)
			if (atoi(w) == choices[i] && strspn(w, "0123456789") == strlen(w))
				within = choices[i];
		if (within < 0) {
			web_error_page(rq, rs, 400,
			               L(rq->lang, "\"within\" is 7, 14, 30, 60 or 90 days.",
			                 "\"within\" ist 7, 14, 30, 60 oder 90 Tage."));
			return;
		}
	}
	journal_ctx(rq, &c, &fut);
	if ((rc = app_report_promises(&c, within, DAY_NONE, &r, &e))) {
		journal_failed(rq, rs, rc, &e);
		return;
	}
	journal_begin(rq, rs, &h, "/journal/promises");
	journal_future_msg(&h, &r.fut);
	H(&h, "<form method=\"get\" action=\"/journal/promises\" class=\"inline filter\"><label>");
	HT(&h, "Due within", "Fällig in");
	H(&h, " <select name=\"within\">");
	for (size_t i = 0; i < ARRAY_SIZE(choices); i++) {
		H(&h, "<option value=\"");
		html_int(&h, choices[i]);
		H(&h, "\"");
		if (choices[i] == within)
			H(&h, " selected");
		H(&h, ">");
		html_int(&h, choices[i]);
		HT(&h, " days", " Tagen");
		H(&h, "</option>");
	}
	H(&h, "</select></label> <button type=\"submit\">");
	HT(&h, "Show", "Zeigen");
	H(&h, "</button></form>");

	H(&h, "<h2>");
	HT(&h, "Overdue", "Überfällig");
	H(&h, " (");
	page_int(&h, (int64_t)r.noverdue);
	H(&h, ")");
	H(&h, "</h2>");
	promise_rows(&h, &r, r.overdue, r.noverdue, 1);
	H(&h, "<h2>");
	HT(&h, "Due by ", "Fällig bis ");
	page_day(&h, r.soon_until);
	H(&h, " (");
	page_int(&h, (int64_t)r.ndue_soon);
	H(&h, ")");
	H(&h, "</h2>");
	promise_rows(&h, &r, r.due_soon, r.ndue_soon, 0);

	H(&h, "<h2>");
	HT(&h, "How the promises due from ", "Wie die Zusagen, fällig von ");
	page_day(&h, r.rate_from);
	HT(&h, " to ", " bis ");
	page_day(&h, r.to - 1);
	HT(&h, " turned out", ", ausgingen");
	H(&h, "</h2><p class=\"hint\">");
	HT(&h,
	   "Honoured: kept on time or renegotiated before the due date — what builds trust. "
	   "Renegotiated late: on or after the due date.",
	   "Gehalten: pünktlich eingehalten oder vor dem Fälligkeitstag neu verhandelt — was "
	   "Vertrauen schafft. Spät neu verhandelt: am oder nach dem Fälligkeitstag.");
	H(&h, "</p>");
	rate_chart(&h, &r);
	rate_head(&h, L(rq->lang, "owner", "verantwortlich"));
	for (size_t i = 0; i < r.nowners; i++)
		rate_row(
		    &h, &r.owners[i], NULL,
		    *r.owners[i].key ? r.owners[i].key : L(rq->lang, "(no owner)", "(niemand)"), 0);
	rate_row(&h, &r.total, NULL, L(rq->lang, "all", "alle"), 1);
	H(&h, "</tbody></table></div>");
	if (r.ncustomers) {
		size_t shown = r.ncustomers < 25 ? r.ncustomers : 25;
		H(&h, "<h3>");
		HT(&h, "Per customer, least honoured first",
		   "Je Kunde, kleinster Anteil gehaltener Zusagen zuerst");
		H(&h, "</h3>");
		rate_head(&h, L(rq->lang, "customer", "Kunde"));
		for (size_t i = 0; i < shown; i++)
			rate_row(&h, &r.customers[i], r.customers[i].key, r.customers[i].name, 0);
		H(&h, "</tbody></table></div>");
		if (shown < r.ncustomers) {
			H(&h, "<p class=\"hint\">");
			HT(&h, "… and ", "… und ");
			page_int(&h, (int64_t)(r.ncustomers - shown));
			HT(&h, " more customers (treue report promises lists all)",
			   " weitere Kunden (treue report promises nennt alle)");
			H(&h, "</p>");
		}
	}
	page_end(rq, rs, &h);
	journal_promises_release(&r);
}

/* ---- complaints: Pareto charts ---- */

#define PARETO_BARS 10 /* bars shown; the rest is one bar "all others" */

struct pareto_item {
	const char *label;
	long n;
};

static int by_count_desc(const void *a, const void *b)
{
	const struct pareto_item *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->label, y->label);
}

/*
 * A Pareto chart drawn sideways: one bar per item, largest first, the
 * count at its end; the cumulative share as a line over the bars against
 * the percent axis at the top (with the 80 % mark).  Tooltips (<title>)
 * give each bar's count, share and cumulative share.  items are sorted
 * here.
 */
static void pareto_chart(struct html *h, const char *label, struct pareto_item *it, size_t n)
{
	const double W = 720, left = 250, pw = 410, row = 26, top = 30;
	struct strbuf tip = STRBUF_INIT, lab = STRBUF_INIT;
	double xs[PARETO_BARS + 1], ys[PARETO_BARS + 1];
	long total = 0, max = 0, cum = 0;
	qsort(it, n, sizeof(*it), by_count_desc);
	for (size_t i = 0; i < n; i++)
		total += it[i].n;
	if (!total)
		return;
	size_t bars = n <= PARETO_BARS ? n : PARETO_BARS;
	long rest = 0;
	for (size_t i = bars; i < n; i++)
		rest += it[i].n;
	if (rest && bars == PARETO_BARS)
		bars = PARETO_BARS - 1, rest += it[PARETO_BARS - 1].n;
	for (size_t i = 0; i < bars; i++)
		if (it[i].n > max)
			max = it[i].n;
	if (rest > max)
		max = rest;
	size_t rows = bars + (rest ? 1 : 0);
	double bottom = top + (double)rows * row + 4, Ht = bottom + 22;
	H(h, "<div class=\"scroll\">");
	SVG_BEGIN(h, W, Ht, "chart pareto", label);
	/* the top axis: the cumulative share, in the line's colour */
	for (int t = 0; t <= 4; t++) {
		double x = left + pw * t / 4.0;
		SVG_LINE(h, x, top - 6, x, bottom, "grid");
		sb_reset(&lab);
		fmt_pct(&lab, h->lang, t / 4.0);
		SVG_TEXT(h, x, top - 12, "label cum", "middle", lab.buf);
	}
	SVG_LINE(h, left + pw * 0.8, top - 6, left + pw * 0.8, bottom, "ref");
	/* the bottom axis: counts */
	SVG_LINE(h, left, bottom, left + pw, bottom, "axis");
	for (int t = 0; t <= 2; t++) {
		char num[24];
		snprintf(num, sizeof(num), "%ld", max * t / 2);
		SVG_TEXT(h, left + pw * (double)(max * t / 2) / (double)max, bottom + 15, "label",
		         "middle", num);
	}
	for (size_t i = 0; i < rows; i++) {
		int other = i == bars;
		const char *name = other ? L(h->lang, "all others", "alle übrigen") : it[i].label;
		long v = other ? rest : it[i].n;
		double y = top + (double)i * row;
		cum += v;
		sb_reset(&tip);
		sb_addf(&tip, "%s: %ld (", name, v);
		fmt_pct(&tip, h->lang, (double)v / (double)total);
		sb_adds(&tip, L(h->lang, "; cumulative ", "; kumuliert "));
		fmt_pct(&tip, h->lang, (double)cum / (double)total);
		sb_adds(&tip, ")");
		sb_reset(&lab);
		fmt_pad_cut(&lab, name, 34);
		while (lab.len && lab.buf[lab.len - 1] == ' ')
			sb_setlen(&lab, lab.len - 1);
		SVG_TEXT(h, left - 8, y + 17, "label", "end", lab.buf);
		double w = pw * (double)v / (double)max;
		SVG_RECT(h, left, y + 4, w, row - 8, "bar", tip.buf);
		char num[24];
		snprintf(num, sizeof(num), "%ld", v);
		SVG_TEXT(h, left + w + 5, y + 17, "label count", "start", num);
		xs[i] = left + pw * (double)cum / (double)total;
		ys[i] = y + row / 2.0;
	}
	SVG_POLYLINE(h, xs, ys, rows, "line cum");
	cum = 0;
	for (size_t i = 0; i < rows; i++) {
		cum += i == bars ? rest : it[i].n;
		sb_reset(&tip);
		sb_adds(&tip, L(h->lang, "cumulative ", "kumuliert "));
		fmt_pct(&tip, h->lang, (double)cum / (double)total);
		SVG_CIRCLE(h, xs[i], ys[i], 3.5, "dot cum", tip.buf);
	}
	svg_end(h);
	H(h, "</div>");
	H(h, "<p class=\"hint legend\"><span class=\"key key-bar\"></span> ");
	HT(h, "count (bottom axis)", "Anzahl (untere Achse)");
	H(h, " <span class=\"key key-cum\"></span> ");
	HT(h, "cumulative share (top axis; the dashed line marks 80 %)",
	   "kumulierter Anteil (obere Achse; die gestrichelte Linie markiert 80 %)");
	H(h, "</p>");
	sb_release(&tip);
	sb_release(&lab);
}

/* The items of a chart as a table: count, share, cumulative share. */
static void pareto_table(struct html *h, const char *first, const struct pareto_item *it, size_t n)
{
	long total = 0, cum = 0;
	for (size_t i = 0; i < n; i++)
		total += it[i].n;
	H(h, "<div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
	html_text(h, first);
	H(h, "</th><th class=\"num\">");
	HT(h, "count", "Anzahl");
	H(h, "</th><th class=\"num\">");
	HT(h, "share", "Anteil");
	H(h, "</th><th class=\"num\">");
	HT(h, "cumulative", "kumuliert");
	H(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		cum += it[i].n;
		H(h, "<tr><td class=\"text\">");
		html_text(h, it[i].label);
		H(h, "</td><td class=\"num\">");
		page_int(h, it[i].n);
		H(h, "</td><td class=\"num\">");
		page_pct(h, total ? (double)it[i].n / (double)total : 0);
		H(h, "</td><td class=\"num\">");
		page_pct(h, total ? (double)cum / (double)total : 0);
		H(h, "</td></tr>");
	}
	H(h, "</tbody></table></div>");
}

static int col_of(const struct app_list *l, const char *name)
{
	for (int i = 0; i < l->lay->ncols; i++)
		if (!strcmp(l->lay->cols[i].name, name))
			return i;
	return -1;
}

static void open_complaints(struct web_req *rq, struct html *h, const struct app_ctx *c)
{
	struct app_list_filter f;
	struct app_list l;
	struct err e;
	err_init(&e, rq->lang);
	app_list_filter_init(&f);
	f.open = 1;
	f.limit = 50;
	if (app_list(c, JK_COMPLAINT, &f, &l, &e)) {
		web_log(rq->srv, "%s %s: %s", rq->peer, rq->path, e.msg);
		PAGE_MSG(h, "error",
		         L(rq->lang, "The open complaints cannot be read.",
		           "Die offenen Reklamationen lassen sich nicht lesen."));
		return;
	}
	int cd = col_of(&l, "date"), cc = col_of(&l, "customer_id"), cn = col_of(&l, "name"),
	    cr = col_of(&l, "reason"), cx = col_of(&l, "description");
	day_t today = app_journal_as_of(c) - 1;
	if (!l.nrows) {
		H(h, "<p class=\"muted\">");
		HT(h, "No complaint is open.", "Keine Reklamation ist offen.");
		H(h, "</p>");
	} else {
		H(h, "<div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
		HT(h, "since", "seit");
		H(h, "</th><th class=\"num\">");
		HT(h, "days", "Tage");
		H(h, "</th><th>");
		HT(h, "customer", "Kunde");
		H(h, "</th><th>");
		HT(h, "reason", "Grund");
		H(h, "</th><th>");
		HT(h, "description", "Beschreibung");
		H(h, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < l.nrows; i++) {
			const struct app_cell *d = app_list_cell(&l, i, cd);
			const struct app_cell *cu = app_list_cell(&l, i, cc);
			const struct app_cell *nm = app_list_cell(&l, i, cn);
			const struct app_cell *re = app_list_cell(&l, i, cr);
			const struct app_cell *de = app_list_cell(&l, i, cx);
			H(h, "<tr><td class=\"nowrap\">");
			page_day(h, d->null ? DAY_NONE : (day_t)d->num);
			H(h, "</td><td class=\"num\">");
			if (!d->null)
				page_int(h, today - (day_t)d->num);
			H(h, "</td><td>");
			page_customer_link(h, cu->text, cu->text);
			if (!nm->null && nm->text && *nm->text) {
				H(h, " <span class=\"muted\">");
				html_text(h, nm->text);
				H(h, "</span>");
			}
			H(h, "</td><td>");
			html_text(h, re->null ? "" : journal_reason_label(re->text, rq->lang));
			H(h, "</td><td class=\"text\">");
			html_text(h, de->null ? "" : de->text);
			H(h, "</td></tr>");
		}
		H(h, "</tbody></table></div>");
		if (l.nrows == 50) {
			H(h, "<p class=\"hint\">");
			HT(h, "The 50 newest; treue list complaints --open lists all.",
			   "Die 50 neuesten; treue list complaints --open nennt alle.");
			H(h, "</p>");
		}
	}
	app_list_release(&l);
}

void page_journal_complaints(struct web_req *rq, struct web_resp *rs)
{
	struct app_feedback_in in = {DAY_NONE, 0, 0};
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
	journal_begin(rq, rs, &h, "/journal/complaints");
	journal_future_msg(&h, &r.fut);
	H(&h, "<p>");
	HT(&h, "Complaints from ", "Reklamationen von ");
	page_day(&h, r.from);
	HT(&h, " to ", " bis ");
	page_day(&h, r.to - 1);
	H(&h, ": ");
	page_int(&h, r.complaints);
	HT(&h, ", of which ", ", davon ");
	page_int(&h, r.complaints_open);
	HT(&h, " open.", " offen.");
	H(&h, "</p>");
	if (r.complaints) {
		struct pareto_item *it = xcalloc(r.nreasons + r.nroot_causes + 1, sizeof(*it));
		H(&h, "<h2>");
		HT(&h, "Reasons", "Gründe");
		H(&h, "</h2>");
		for (size_t i = 0; i < r.nreasons; i++) {
			it[i].label = journal_reason_label(r.reasons[i].code, rq->lang);
			it[i].n = r.reasons[i].count;
		}
		pareto_chart(&h, L(rq->lang, "Complaints by reason", "Reklamationen nach Grund"),
		             it, r.nreasons);
		H(&h, "<div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
		HT(&h, "reason", "Grund");
		H(&h, "</th><th class=\"num\">");
		HT(&h, "count", "Anzahl");
		H(&h, "</th><th class=\"num\">");
		HT(&h, "open", "offen");
		H(&h, "</th><th class=\"num\">");
		HT(&h, "resolved", "gelöst");
		H(&h, "</th><th class=\"num\">");
		HT(&h, "mean days", "Tage (Mittel)");
		H(&h, "</th><th class=\"num\">");
		HT(&h, "median days", "Tage (Median)");
		H(&h, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < r.nreasons; i++) {
			const struct jr_reason *x = &r.reasons[i];
			struct strbuf sb = STRBUF_INIT;
			H(&h, "<tr><td>");
			html_text(&h, journal_reason_label(x->code, rq->lang));
			H(&h, "</td><td class=\"num\">");
			page_int(&h, x->count);
			H(&h, "</td><td class=\"num\">");
			page_int(&h, x->open);
			H(&h, "</td><td class=\"num\">");
			page_int(&h, x->resolved);
			H(&h, "</td><td class=\"num\">");
			if (isnan(x->mean_days))
				sb_adds(&sb, "–");
			else
				fmt_num(&sb, rq->lang, x->mean_days, 1);
			html_text(&h, sb.buf);
			sb_reset(&sb);
			H(&h, "</td><td class=\"num\">");
			if (isnan(x->median_days))
				sb_adds(&sb, "–");
			else
				fmt_num(&sb, rq->lang, x->median_days, 1);
			html_text(&h, sb.buf);
			H(&h, "</td></tr>");
			sb_release(&sb);
		}
		H(&h, "</tbody></table></div>");

		H(&h, "<h2>");
		HT(&h, "Root causes found", "Gefundene Ursachen");
		H(&h, "</h2>");
		if (r.nroot_causes) {
			for (size_t i = 0; i < r.nroot_causes; i++) {
				it[i].label = r.root_causes[i].key;
				it[i].n = r.root_causes[i].n;
			}
			pareto_chart(&h,
			             L(rq->lang, "Resolved complaints by root cause",
			               "Gelöste Reklamationen nach Ursache"),
			             it, r.nroot_causes);
			pareto_table(&h, L(rq->lang, "root cause", "Ursache"), it, r.nroot_causes);
		} else {
			H(&h, "<p class=\"muted\">");
			HT(&h, "No root cause has been recorded in this period.",
			   "In diesem Zeitraum wurde keine Ursache erfasst.");
			H(&h, "</p>");
		}
		free(it);
	}
	H(&h, "<h2>");
	HT(&h, "Open complaints", "Offene Reklamationen");
	H(&h, "</h2>");
	open_complaints(rq, &h, &c);
	page_end(rq, rs, &h);
	journal_feedback_release(&r);
}
