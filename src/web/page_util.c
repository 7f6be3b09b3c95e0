/*
 * page_util.c — what the pages on the loyalty model share: numbers, dates
 * and money written as the command line's text writer writes them (through
 * src/report's formatters, then escaped), figures with their machine
 * values (<data>), links to customer pages, segment labels, the table of
 * customers the search and the drill-downs show, an application error with
 * its field, and query arguments as numbers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "web_int.h"

/* Writes what a formatter put into sb, escaped, and empties sb. */
static void put(struct html *h, struct strbuf *sb)
{
	html_text(h, sb->buf);
	sb_release(sb);
}

void h_money(struct html *h, int64_t cents)
{
	struct strbuf sb = STRBUF_INIT;
	fmt_money(&sb, h->lang, cents);
	put(h, &sb);
}

void h_money_d(struct html *h, double cents)
{
	struct strbuf sb = STRBUF_INIT;
	fmt_money_d(&sb, h->lang, cents);
	put(h, &sb);
}

void h_pct(struct html *h, double share)
{
	struct strbuf sb = STRBUF_INIT;
	fmt_pct(&sb, h->lang, share);
	put(h, &sb);
}

void h_num(struct html *h, double v, int decimals)
{
	struct strbuf sb = STRBUF_INIT;
	fmt_num(&sb, h->lang, v, decimals);
	put(h, &sb);
}

void h_count(struct html *h, int64_t v)
{
	struct strbuf sb = STRBUF_INIT;
	fmt_int(&sb, h->lang, v);
	put(h, &sb);
}

void h_day(struct html *h, day_t d)
{
	struct strbuf sb = STRBUF_INIT;
	fmt_day(&sb, h->lang, d);
	put(h, &sb);
}

void h_data_begin(struct html *h, const char *key, const char *value)
{
	H(h, "<data");
	HATTR(h, "data-key", key);
	HATTR(h, "value", value);
	H(h, ">");
}

void h_data_end(struct html *h)
{
	H(h, "</data>");
}

void customer_path(struct strbuf *out, const char *customer_id)
{
	sb_adds(out, "/customers/");
	url_encode(out, customer_id);
}

void h_customer_link(struct html *h, const char *customer_id, const char *name)
{
	struct strbuf p = STRBUF_INIT;
	customer_path(&p, customer_id);
	H(h, "<a");
	HATTR(h, "href", p.buf);
	H(h, ">");
	html_text(h, name && *name ? name : customer_id);
	H(h, "</a>");
	sb_release(&p);
}

void h_segment(struct html *h, int segment)
{
	static const char *const cls[SEG__COUNT] = {
	    "seg seg-apostle",  "seg seg-loyal",     "seg seg-opportunist", "seg seg-hostage",
	    "seg seg-defector", "seg seg-terrorist", "seg seg-unmeasured",  "seg seg-prospect",
	    "seg seg-lapsed",   "seg seg-departed",
	};
	if (segment < 0 || segment >= SEG__COUNT) {
		html_text(h, "?");
		return;
	}
	H(h, "<span");
	HATTR(h, "class", cls[segment]);
	H(h, ">");
	html_text(h, segment_label(segment, h->lang));
	H(h, "</span>");
}

static void score_cell(struct html *h, int64_t sum, int n)
{
	if (!n)
		html_text(h, "–");
	else
		h_num(h, (double)sum / n / 10.0, 1);
}

void h_customer_table(struct html *h, const struct web_view *v, const uint32_t *idx, size_t n)
{
	const struct dataset *ds = &v->a.ds;
	const struct loyalty *l = &v->r.l;
	H(h, "<div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
	HT(h, "Customer", "Kunde");
	H(h, "</th><th>");
	HT(h, "Id", "Nr.");
	H(h, "</th><th>");
	HT(h, "Account manager", "Betreuer");
	H(h, "</th><th>");
	HT(h, "Segment", "Segment");
	H(h, "</th><th class=\"num\">");
	HT(h, "Orders (12 months)", "Aufträge (12 Monate)");
	H(h, "</th><th class=\"num\">");
	HT(h, "Revenue (12 months)", "Umsatz (12 Monate)");
	H(h, "</th><th class=\"num\">");
	HT(h, "Satisfaction", "Zufriedenheit");
	H(h, "</th></tr></thead><tbody>\n");
	for (size_t k = 0; k < n; k++) {
		size_t i = idx[k];
		const struct cust_fig *f = &l->fig[i];
		H(h, "<tr><td class=\"name\">");
		h_customer_link(h, ds_cid(ds, i), ds_name(ds, i));
		H(h, "</td><td>");
		html_text(h, ds_cid(ds, i));
		H(h, "</td><td>");
		html_text(h, ds_owner(ds, i));
		H(h, "</td><td>");
		h_segment(h, f->segment);
		H(h, "</td><td class=\"num\">");
		h_count(h, f->orders);
		H(h, "</td><td class=\"num\">");
		h_money(h, f->rev_p0);
		H(h, "</td><td class=\"num\">");
		score_cell(h, f->sat_sum, f->measured ? f->sat_n : 0);
		H(h, "</td></tr>\n");
	}
	H(h, "</tbody></table></div>");
}

void h_err_text(struct html *h, const struct err *e)
{
	if (e->field[0]) {
		H(h, "<strong>");
		html_text(h, e->field);
		H(h, "</strong>");
		if (e->value[0]) {
			HL(h, " “", " „");
			html_text(h, e->value);
			HL(h, "”", "“");
		}
		H(h, ": ");
	}
	html_text(h, e->msg[0] ? e->msg : L(h->lang, "That did not work.", "Das ging nicht."));
}

void h_app_error(struct html *h, const struct err *e)
{
	H(h, "<div class=\"msg msg-error\" role=\"alert\"><p>");
	h_err_text(h, e);
	H(h, "</p></div>");
}

long web_arg_long(const struct web_req *rq, const char *name, long lo, long hi, long dflt)
{
	const char *v = web_arg(rq, name);
	char *end;
	if (!v || !*v)
		return dflt;
	long x = strtol(v, &end, 10);
	if (*end || x < lo || x > hi)
		return dflt;
	return x;
}
