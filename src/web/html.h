/*
 * html.h — the one HTML (and SVG) writer.  Markup can only come from string
 * literals; every runtime value goes through an escaper for its context.
 *
 *   H(h, "<p class=\"note\">")   raw markup: the macro pastes "" lit "", so
 *                                 anything but a string literal is a syntax
 *                                 error (tests/web/compile_fail proves it)
 *   HL(h, "<b>Hi</b>", "<b>Hallo</b>")   raw markup in the page's language
 *   html_text(h, s)               text and quoted attribute values:
 *                                 & < > " ' escaped, invalid UTF-8 replaced
 *                                 by U+FFFD, control characters dropped
 *   HT(h, "en", "de")             a translated text, escaped
 *   HF(h, "%d of %s", n, s)       printf with a literal format; the whole
 *                                 result is escaped as text
 *   html_urlc(h, s)               one URL component (path segment or query
 *                                 value): everything but A-Z a-z 0-9 - . _ ~
 *                                 percent-encoded
 *   HATTR(h, "name", value)       writes  name="value"  with the value
 *                                 escaped; for href, src, action and
 *                                 formaction only a local path ("/x", not
 *                                 "//x") is written, anything else becomes "#"
 *   html_int(h, v)                a number
 *
 * html_raw_ is the raw path behind H and must not be called elsewhere (a
 * test greps for it).  The SVG helpers below follow the same rule: class
 * names and element names are literals, numbers are formatted, texts are
 * escaped.
 */
#ifndef TREUE_HTML_H
#define TREUE_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct html {
	struct strbuf *out;
	enum lang lang;
};

void html_init(struct html *h, struct strbuf *out, enum lang lang);

/* The raw path: only through H() / HL() / the SVG macros. */
void html_raw_(struct html *h, const char *lit, size_t n);
#define H(h, lit) html_raw_((h), "" lit "", sizeof("" lit "") - 1)
#define HL(h, en, de) ((h)->lang == LANG_DE ? H((h), de) : H((h), en))

void html_text(struct html *h, const char *s);
void html_textn(struct html *h, const char *s, size_t n);
#define HT(h, en, de) html_text((h), (h)->lang == LANG_DE ? "" de "" : "" en "")
void html_textf_(struct html *h, const char *fmt, ...) ATTR_PRINTF(2, 3);
#define HF(h, fmt, ...) html_textf_((h), "" fmt "", __VA_ARGS__)
void html_urlc(struct html *h, const char *s);
void html_int(struct html *h, int64_t v);
void html_attr_(struct html *h, const char *name, const char *value);
#define HATTR(h, name, value) html_attr_((h), "" name "", (value))

/* Escapes s for text into out (the same escaper html_text uses), for
 * callers that build a value first. */
void html_escape(struct strbuf *out, const char *s, size_t n);
/* Percent-encodes s as one URL component into out. */
void url_encode(struct strbuf *out, const char *s);
/* The number of characters of s when it is valid UTF-8 without control
 * characters (tab and newline included), else -1. */
long text_chars(const char *s);
/* 1 when s is a local path that is safe in href/action: starts with one
 * "/", no backslash, no control character, no scheme. */
int html_local_path(const char *s);

/* ---- SVG (charts are drawn on the server) ----
 * Coordinates in user units of the viewBox; non-finite numbers are drawn
 * as 0.  cls is a class of the stylesheet (a literal); title, when not
 * NULL, becomes the element's tooltip (<title>). */
void svg_begin_(struct html *h, double width, double height, const char *cls, const char *label);
#define SVG_BEGIN(h, w, ht, cls, label) svg_begin_((h), (w), (ht), "" cls "", (label))
void svg_end(struct html *h);
void svg_rect_(struct html *h, double x, double y, double w, double ht, const char *cls,
               const char *title);
#define SVG_RECT(h, x, y, w, ht, cls, title) svg_rect_((h), (x), (y), (w), (ht), "" cls "", (title))
void svg_line_(struct html *h, double x1, double y1, double x2, double y2, const char *cls);
#define SVG_LINE(h, x1, y1, x2, y2, cls) svg_line_((h), (x1), (y1), (x2), (y2), "" cls "")
void svg_circle_(struct html *h, double cx, double cy, double r, const char *cls,
                 const char *title);
#define SVG_CIRCLE(h, cx, cy, r, cls, title) svg_circle_((h), (cx), (cy), (r), "" cls "", (title))
void svg_polyline_(struct html *h, const double *xs, const double *ys, size_t n, const char *cls);
#define SVG_POLYLINE(h, xs, ys, n, cls) svg_polyline_((h), (xs), (ys), (n), "" cls "")
/* anchor: "start", "middle" or "end" */
void svg_text_(struct html *h, double x, double y, const char *cls, const char *anchor,
               const char *text);
#define SVG_TEXT(h, x, y, cls, anchor, text)                                                       \
	svg_text_((h), (x), (y), "" cls "", "" anchor "", (text))
/* A link around the following shapes: href must be a local path. */
void svg_link_begin(struct html *h, const char *href);
void svg_link_end(struct html *h);

#endif
