/*
 * err.c — the error record library code fills (file, line, field, value,
 * message) and its one rendering, FILE:LINE: field "F": "V" message, with
 * control characters shown escaped.
 */
#include <string.h>

#include "util.h"

void err_clear(struct err *e)
{
	enum lang lang = e->lang;
	memset(e, 0, sizeof(*e));
	e->lang = lang;
}

void err_init(struct err *e, enum lang lang)
{
	memset(e, 0, sizeof(*e));
	e->lang = lang;
}

int err_set(struct err *e, const char *fmt, ...)
{
	if (!e)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Values and messages quote what people typed or files hold: shown with
 * control characters escaped (sb_add_visible). */
void err_format(const struct err *e, struct strbuf *out)
{
	if (e->file[0]) {
		sb_add_visible(out, e->file, 0);
		if (e->line > 0)
			sb_addf(out, ":%ld", e->line);
		sb_adds(out, ": ");
	}
	if (e->field[0]) {
		sb_adds(out, L(e->lang, "field \"", "Feld \""));
		sb_add_visible(out, e->field, 0);
		sb_adds(out, "\": ");
		if (e->value[0] || e->msg[0]) {
			sb_addch(out, '"');
			sb_add_visible(out, e->value, 0);
			sb_adds(out, "\" ");
		}
	}
	sb_add_visible(out, e->msg, 1);
}
