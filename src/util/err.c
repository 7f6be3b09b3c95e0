/*
 * err.c — the error record library code fills (file, line, field, value,
 * message) and its one rendering, FILE:LINE: field "F": "V" message; for a
 * workbook FILE:SHEET!C17 (a cell) or FILE:SHEET!17:17 (a whole row).
 * Control characters in what it quotes are shown escaped.
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

/* A sheet name as Excel writes it in a reference: quoted ('Umsätze 2026',
 * inner quotes doubled) unless it is only letters, digits, _ and dots. */
static void sheet_ref(struct strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int plain = !(*p >= '0' && *p <= '9');
	for (; *p && plain; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p >= 0x80;
	if (plain) {
		sb_adds(out, s);
		return;
	}
	sb_addch(out, '\'');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '\'')
			sb_addch(out, '\'');
		sb_addch(out, *p);
	}
	sb_addch(out, '\'');
}

/* Column 1 -> A, 27 -> AA. */
static void col_letters(struct strbuf *out, int col)
{
	char buf[8];
	int n = 0;
	while (col > 0 && n < (int)sizeof(buf)) {
		buf[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	while (n > 0)
		sb_addch(out, buf[--n]);
}

/* Values and messages quote what people typed or files hold: shown with
 * control characters escaped (sb_add_visible). */
void err_format(const struct err *e, struct strbuf *out)
{
	if (e->file[0]) {
		sb_add_visible(out, e->file, 0);
		if (e->sheet[0]) {
			struct strbuf ref = STRBUF_INIT;
			sheet_ref(&ref, e->sheet);
			sb_addch(out, ':');
			sb_add_visible(out, ref.buf, 0);
			sb_release(&ref);
			if (e->line > 0 && e->col > 0) {
				sb_addch(out, '!');
				col_letters(out, e->col);
				sb_addf(out, "%ld", e->line);
			} else if (e->line > 0)
				sb_addf(out, "!%ld:%ld", e->line, e->line);
		} else if (e->line > 0)
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
