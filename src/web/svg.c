/*
 * svg.c — inline SVG for charts drawn on the server, on the principle of
 * html.c: element and class names are literals (the SVG_* macros of
 * html.h), numbers are formatted here, texts and tooltips are escaped.
 * No style attributes: every look comes from the stylesheet's classes.
 */
#include <math.h>
#include <string.h>

#include "html.h"

static void num(struct html *h, double v)
{
	char buf[32];
	if (!isfinite(v))
		v = 0;
	snprintf(buf, sizeof(buf), "%.2f", v);
	/* trim trailing zeros: 12.50 -> 12.5, 3.00 -> 3 */
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*end = '\0';
	}
	if (!strcmp(buf, "-0"))
		strcpy(buf, "0");
	sb_adds(h->out, buf);
}

static void attr_num(struct html *h, const char *name, double v)
{
	sb_addch(h->out, ' ');
	sb_adds(h->out, name);
	sb_adds(h->out, "=\"");
	num(h, v);
	sb_addch(h->out, '"');
}

static void attr_class(struct html *h, const char *cls)
{
	if (cls && *cls)
		html_attr_(h, "class", cls);
}

static void close_with_title(struct html *h, const char *elem, const char *title)
{
	if (!title) {
		H(h, "/>");
		return;
	}
	H(h, "><title>");
	html_text(h, title);
	H(h, "</title></");
	sb_adds(h->out, elem); /* a literal of this file */
	H(h, ">");
}

void svg_begin_(struct html *h, double width, double height, const char *cls, const char *label)
{
	H(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
	num(h, width);
	H(h, " ");
	num(h, height);
	H(h, "\"");
	attr_class(h, cls);
	H(h, " role=\"img\"");
	if (label) {
		html_attr_(h, "aria-label", label);
		H(h, "><title>");
		html_text(h, label);
		H(h, "</title>");
	} else {
		H(h, ">");
	}
}

void svg_end(struct html *h)
{
	H(h, "</svg>");
}

void svg_rect_(struct html *h, double x, double y, double w, double ht, const char *cls,
               const char *title)
{
	H(h, "<rect");
	attr_num(h, "x", x);
	attr_num(h, "y", y);
	attr_num(h, "width", w < 0 ? 0 : w);
	attr_num(h, "height", ht < 0 ? 0 : ht);
	attr_class(h, cls);
	close_with_title(h, "rect", title);
}

void svg_line_(struct html *h, double x1, double y1, double x2, double y2, const char *cls)
{
	H(h, "<line");
	attr_num(h, "x1", x1);
	attr_num(h, "y1", y1);
	attr_num(h, "x2", x2);
	attr_num(h, "y2", y2);
	attr_class(h, cls);
	H(h, "/>");
}

void svg_circle_(struct html *h, double cx, double cy, double r, const char *cls, const char *title)
{
	H(h, "<circle");
	attr_num(h, "cx", cx);
	attr_num(h, "cy", cy);
	attr_num(h, "r", r < 0 ? 0 : r);
	attr_class(h, cls);
	close_with_title(h, "circle", title);
}

void svg_polyline_(struct html *h, const double *xs, const double *ys, size_t n, const char *cls)
{
	H(h, "<polyline points=\"");
	for (size_t i = 0; i < n; i++) {
		if (i)
			H(h, " ");
		num(h, xs[i]);
		H(h, ",");
		num(h, ys[i]);
	}
	H(h, "\"");
	attr_class(h, cls);
	H(h, "/>");
}

void svg_text_(struct html *h, double x, double y, const char *cls, const char *anchor,
               const char *text)
{
	H(h, "<text");
	attr_num(h, "x", x);
	attr_num(h, "y", y);
	attr_class(h, cls);
	if (anchor && *anchor)
		html_attr_(h, "text-anchor", anchor);
	H(h, ">");
	html_text(h, text);
	H(h, "</text>");
}

void svg_link_begin(struct html *h, const char *href)
{
	H(h, "<a");
	HATTR(h, "href", href);
	H(h, ">");
}

void svg_link_end(struct html *h)
{
	H(h, "</a>");
}
