/*
 * format.c — numbers and padding for people, by language: money with
 * grouping, percentages, plain numbers, and UTF-8 aware column padding.
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

void fmt_num(struct strbuf *out, enum lang lang, double v, int decimals)
{
	char buf[64];
	if (isnan(v)) {
		sb_adds(out, "–");
		return;
	}
	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	if (lang == LANG_DE) {
		char *dot = strchr(buf, '.');
		if (dot)
			*dot = ',';
	}
	sb_adds(out, buf);
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
	char buf[40];
	char *s = money_format_human(v * 100, lang, buf);
	/* drop the decimals of the money form */
	size_t n = strlen(s);
	s[n - 3] = '\0';
	sb_adds(out, s);
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
