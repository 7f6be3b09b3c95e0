/*
 * visible.c — text for people's terminals: what could move the cursor,
 * change colours, clear the screen or reorder the line (ESC and the other
 * C0 and C1 controls, DEL, the bidirectional overrides, isolates and marks)
 * is written visibly escaped, as \x1b or \u202e, never raw (SPEC §5).  Every
 * text writer puts names and free texts through sb_add_visible; bytes that
 * are not UTF-8 come out as \xNN too.
 */
#include <string.h>

#include "util.h"

/* Code points that reorder or hide text: LRE RLE PDF LRO RLO, LRI RLI FSI
 * PDI, LRM RLM, ALM. */
static int is_bidi(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
	       cp == 0x200F || cp == 0x061C;
}

/* Length of the UTF-8 sequence at p and its code point; 0 when invalid
 * (truncated, overlong, a surrogate, beyond U+10FFFF). */
static int utf8_seq(const unsigned char *p, uint32_t *cp)
{
	int n;
	uint32_t c = p[0];
	if ((c & 0xE0) == 0xC0)
		n = 2, c &= 0x1F;
	else if ((c & 0xF0) == 0xE0)
		n = 3, c &= 0x0F;
	else if ((c & 0xF8) == 0xF0)
		n = 4, c &= 0x07;
	else
		return 0;
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3F);
	}
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

void sb_add_visible(struct strbuf *out, const char *s, int keep_lines)
{
	const unsigned char *p = (const unsigned char *)s;
	if (!s)
		return;
	while (*p) {
		uint32_t cp;
		int n;
		if (*p < 0x80) {
			if ((*p < 0x20 && !(keep_lines && *p == '\n')) || *p == 0x7F)
				sb_addf(out, "\\x%02x", *p);
			else
				sb_addch(out, (char)*p);
			p++;
		} else if ((n = utf8_seq(p, &cp)) == 0) {
			sb_addf(out, "\\x%02x", *p);
			p++;
		} else {
			if ((cp >= 0x80 && cp <= 0x9F) || is_bidi(cp))
				sb_addf(out, "\\u%04x", (unsigned)cp);
			else
				sb_add(out, p, (size_t)n);
			p += n;
		}
	}
}

int text_is_visible(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	sb_add_visible(&sb, s, 0);
	int same = s && !strcmp(sb.buf, s);
	sb_release(&sb);
	return same;
}
