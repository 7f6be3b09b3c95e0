/*
 * html.c — the HTML writer of html.h: the escapers for text, attribute
 * values and URL components, and the raw path that only string literals
 * reach (through the H() macro).
 */
#include <stdarg.h>
#include <string.h>

#include "html.h"

void html_init(struct html *h, struct strbuf *out, enum lang lang)
{
	h->out = out;
	h->lang = lang;
}

void html_raw_(struct html *h, const char *lit, size_t n)
{
	sb_add(h->out, lit, n);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 when the
 * bytes there are not one: overlong forms, surrogates and code points above
 * U+10FFFF are invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		min = 0x80;
		*cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		min = 0x800;
		*cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		min = 0x10000;
		*cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

void html_escape(struct strbuf *out, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0; /* run: bytes from s + i - run that need no escaping */
	while (i < n) {
		unsigned cp;
		size_t len = utf8_seq(s + i, n - i, &cp);
		const char *rep = NULL;
		if (len == 1) {
			switch (cp) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = "&quot;"; break;
			case '\'': rep = "&#39;"; break;
			case '\t':
			case '\n':
			case '\r': break;
			default:
				if (cp < 0x20 || cp == 0x7F)
					rep = ""; /* control characters are dropped */
			}
		} else if (len == 0) {
			rep = "\xEF\xBF\xBD"; /* U+FFFD for a byte that is not UTF-8 */
			len = 1;
		} else if (cp >= 0x80 && cp <= 0x9F) {
			rep = ""; /* C1 controls */
		}
		if (rep) {
			sb_add(out, s + i - run, run);
			sb_adds(out, rep);
			run = 0;
		} else {
			run += len;
		}
		i += len;
	}
	sb_add(out, s + i - run, run);
}

long text_chars(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0;
	long chars = 0;
	while (i < n) {
		unsigned cp;
		size_t len = utf8_seq(s + i, n - i, &cp);
		if (!len || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
			return -1;
		i += len;
		chars++;
	}
	return chars;
}

void html_text(struct html *h, const char *s)
{
	if (s)
		html_escape(h->out, s, strlen(s));
}

void html_textn(struct html *h, const char *s, size_t n)
{
	html_escape(h->out, s, n);
}

void html_textf_(struct html *h, const char *fmt, ...)
{
	struct strbuf tmp = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&tmp, fmt, ap);
	va_end(ap);
	html_escape(h->out, tmp.buf, tmp.len);
	sb_release(&tmp);
}

void url_encode(struct strbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			sb_addch(out, c);
		} else {
			sb_addch(out, '%');
			sb_addch(out, hex[c >> 4]);
			sb_addch(out, hex[c & 15]);
		}
	}
}

void html_urlc(struct html *h, const char *s)
{
	if (s)
		url_encode(h->out, s);
}

void html_int(struct html *h, int64_t v)
{
	sb_addf(h->out, "%lld", (long long)v);
}

int html_local_path(const char *s)
{
	if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7F || *s == '\\')
			return 0;
	return 1;
}

static int is_url_attr(const char *name)
{
	return !strcmp(name, "href") || !strcmp(name, "src") || !strcmp(name, "action") ||
	       !strcmp(name, "formaction") || !strcmp(name, "xlink:href");
}

void html_attr_(struct html *h, const char *name, const char *value)
{
	sb_addch(h->out, ' ');
	sb_adds(h->out, name); /* a literal: HATTR pastes "" name "" */
	sb_adds(h->out, "=\"");
	if (is_url_attr(name) && !html_local_path(value))
		value = "#";
	if (value)
		html_escape(h->out, value, strlen(value));
	sb_addch(h->out, '"');
}
