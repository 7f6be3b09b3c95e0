/*
 * format.c — numbers, amounts, dates and counts for people, by language
 * (German "1.234,56 €", "72,7 %", "24.11.2026", "1 Auftrag" / "3 Aufträge";
 * English "€1,234.56", "72.7%", "2026-11-24", "1 order" / "3 orders"), and
 * UTF-8 aware column padding.  Machine output (JSON, CSV) never comes here.
 */
#include <math.h>
#include <string.h>

#include "report.h"

void fmt_money(struct strbuf *out, enum lang lang, int64_t cents)
{
	char buf[40];
	sb_adds(out, money_format_human(cents, lang, buf));
}

void fmt_money_d(struct strbuf *out, enum lang lang, double cents)
{
	if (isnan(cents)) {
		sb_adds(out, "–");
		return;
	}
	fmt_money(out, lang, (int64_t)llround(cents));
}

void fmt_amount(struct strbuf *out, enum lang lang, const char *currency, int64_t cents)
{
	char buf[MONEY_AMOUNT_MAX];
	sb_adds(out, money_format_amount(cents, lang, currency, buf));
}

void fmt_amount_d(struct strbuf *out, enum lang lang, const char *currency, double cents)
{
	if (isnan(cents)) {
		sb_adds(out, "–");
		return;
	}
	fmt_amount(out, lang, currency, (int64_t)llround(cents));
}

void fmt_num(struct strbuf *out, enum lang lang, double v, int decimals)
{
	char buf[64];
	sb_adds(out, num_format_human(v, decimals, lang, buf));
}

void fmt_count(struct strbuf *out, enum lang lang, int64_t n, const char *one, const char *many)
{
	fmt_int(out, lang, n);
	sb_addch(out, ' ');
	sb_adds(out, plural(n, one, many));
}

void fmt_pct(struct strbuf *out, enum lang lang, double share)
{
	if (isnan(share)) {
		sb_adds(out, "–");
		return;
	}
	fmt_num(out, lang, share * 100.0, 1);
	sb_adds(out, lang == LANG_DE ? " %" : "%");
}

void fmt_int(struct strbuf *out, enum lang lang, int64_t v)
{
	char buf[32];
	sb_adds(out, int_format_human(v, lang, buf));
}

int utf8_width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* Names and texts are padded as they will show: controls escaped. */
void fmt_pad(struct strbuf *out, const char *s, int width)
{
	struct strbuf v = STRBUF_INIT;
	sb_add_visible(&v, s, 0);
	sb_adds(out, v.buf);
	for (int w = utf8_width(v.buf); w < width; w++)
		sb_addch(out, ' ');
	sb_release(&v);
}

void fmt_rpad(struct strbuf *out, const char *s, int width)
{
	for (int w = utf8_width(s); w < width; w++)
		sb_addch(out, ' ');
	sb_adds(out, s);
}

void fmt_pad_cut(struct strbuf *out, const char *s, int width)
{
	int w = 0;
	struct strbuf v = STRBUF_INIT;
	sb_add_visible(&v, s, 0);
	const char *p = v.buf;
	if (utf8_width(v.buf) <= width) {
		fmt_pad(out, v.buf, width);
		sb_release(&v);
		return;
	}
	/* keep width - 1 characters and an ellipsis */
	for (; *p; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80) {
			if (w == width - 1)
				break;
			w++;
		}
		sb_addch(out, *p);
	}
	sb_adds(out, "…");
	sb_release(&v);
}

void fmt_day(struct strbuf *out, enum lang lang, day_t d)
{
	char buf[11];
	sb_adds(out, day_format_lang(d, lang, buf));
}

void report_future_text(const struct future_orders *f, struct strbuf *out, enum lang lang)
{
	if (!f || !f->count)
		return;
	sb_adds(out, L(lang, "warning: ", "Warnung: "));
	fmt_int(out, lang, f->count);
	sb_adds(out, f->count == 1 ? L(lang, " order is dated after today (",
	                               " Auftrag ist nach heute datiert (")
	                           : L(lang, " orders are dated after today (the latest ",
	                               " Aufträge sind nach heute datiert (der späteste am "));
	if (f->count > 1) {
		fmt_day(out, lang, f->latest);
		sb_adds(out, L(lang, "; the first: ", "; der erste: "));
	}
	/* ids as they show: controls escaped */
	if (f->first_order_id[0]) {
		sb_adds(out, L(lang, "order ", "Auftrag "));
		sb_add_visible(out, f->first_order_id, 0);
		sb_adds(out, ", ");
	}
	sb_adds(out, L(lang, "customer ", "Kunde "));
	sb_add_visible(out, f->first_customer_id, 0);
	sb_adds(out, ", ");
	fmt_day(out, lang, f->first);
	if (f->count == 1)
		sb_adds(out, L(lang,
		               "): kept and counted, but the reference date ignores it — please "
		               "correct it\n",
		               "): gespeichert und gezählt, aber der Stichtag richtet sich nicht "
		               "nach ihm — bitte korrigieren\n"));
	else
		sb_adds(out, L(lang,
		               "): kept and counted, but the reference date ignores them — please "
		               "correct them\n",
		               "): gespeichert und gezählt, aber der Stichtag richtet sich nicht "
		               "nach ihnen — bitte korrigieren\n"));
}

void report_future_json(struct json *j, const struct future_orders *f)
{
	json_key(j, "future_orders");
	json_obj_begin(j);
	json_key(j, "count");
	json_int(j, f ? f->count : 0);
	if (f && f->count) {
		json_key(j, "latest");
		json_day(j, f->latest);
		json_key(j, "first");
		json_day(j, f->first);
		json_key(j, "first_order_id");
		if (f->first_order_id[0])
			json_str(j, f->first_order_id);
		else
			json_null(j);
		json_key(j, "first_customer_id");
		json_str(j, f->first_customer_id);
	}
	json_obj_end(j);
}

void report_usual_interval(struct strbuf *out, enum lang lang, int days)
{
	char n[32];
	if (days == 1)
		sb_adds(out, L(lang, "usually every day", "sonst täglich"));
	else
		sb_addf(out, L(lang, "usually every %s days", "sonst alle %s Tage"),
		        int_format_human(days, lang, n));
}

void fmt_period(struct strbuf *out, enum lang lang, day_t from, day_t to_incl)
{
	fmt_day(out, lang, from);
	sb_adds(out, L(lang, " to ", " bis "));
	fmt_day(out, lang, to_incl);
}

void fmt_plain_int(struct strbuf *out, int64_t v)
{
	char buf[24], *p = buf + sizeof(buf);
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		*--p = (char)('0' + a % 10);
		a /= 10;
	} while (a);
	if (v < 0)
		*--p = '-';
	sb_add(out, p, (size_t)(buf + sizeof(buf) - p));
}

void fmt_fixed(struct strbuf *out, double v, int dec)
{
	char buf[40];
	sb_adds(out, fixed_format(v, dec, buf));
}
