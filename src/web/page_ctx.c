/*
 * page_ctx.c — what the pages over the application layer share: the
 * request's app context (connection, language, user, today from the
 * request's clock), links to customer pages, money and dates for people.
 */
#include <string.h>
#include <time.h>

#include "app.h"
#include "report.h"
#include "web_int.h"

void page_app_ctx(const struct web_req *rq, struct app_ctx *c)
{
	time_t t = (time_t)rq->now;
	struct tm tm;
	memset(c, 0, sizeof(*c));
	localtime_r(&t, &tm);
	c->st = rq->st;
	c->lang = rq->lang;
	c->actor = web_actor(rq);
	c->as_of = DAY_NONE;
	c->today = day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void page_customer_link(struct html *h, const char *customer_id, const char *text)
{
	if (!customer_id || !*customer_id) {
		html_text(h, text ? text : "");
		return;
	}
	H(h, "<a href=\"/customers/");
	html_urlc(h, customer_id);
	H(h, "\">");
	html_text(h, text ? text : customer_id);
	H(h, "</a>");
}

void page_money(struct html *h, int64_t cents)
{
	struct strbuf sb = STRBUF_INIT;
	fmt_money(&sb, h->lang, cents);
	html_text(h, sb.buf);
	H(h, "\xc2\xa0€"); /* a no-break space before the sign, in both languages */
	sb_release(&sb);
}

void page_day(struct html *h, day_t d)
{
	struct strbuf sb = STRBUF_INIT;
	fmt_day(&sb, h->lang, d);
	html_text(h, sb.buf);
	sb_release(&sb);
}

void page_pct(struct html *h, double share)
{
	struct strbuf sb = STRBUF_INIT;
	fmt_pct(&sb, h->lang, share);
	html_text(h, sb.buf);
	sb_release(&sb);
}

void page_int(struct html *h, int64_t v)
{
	struct strbuf sb = STRBUF_INIT;
	fmt_int(&sb, h->lang, v);
	html_text(h, sb.buf);
	sb_release(&sb);
}
