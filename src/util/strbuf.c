/*
 * strbuf.c — the growable, always NUL-terminated string buffer (see the
 * invariants in util.h).
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

char strbuf_empty_[1];

void sb_init(struct strbuf *sb)
{
	sb->alloc = 0;
	sb->len = 0;
	sb->buf = strbuf_empty_;
}

void sb_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sb_init(sb);
}

void sb_reset(struct strbuf *sb)
{
	sb_setlen(sb, 0);
}

char *sb_detach(struct strbuf *sb)
{
	char *s = sb->alloc ? sb->buf : xstrdup("");
	sb_init(sb);
	return s;
}

void sb_grow_more(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return;
	size_t n = sb->alloc ? sb->alloc : 64;
	while (n < need)
		n *= 2;
	if (sb->alloc) {
		sb->buf = xrealloc(sb->buf, n);
	} else {
		sb->buf = xmalloc(n);
		sb->buf[0] = '\0';
	}
	sb->alloc = n;
}

void sb_setlen(struct strbuf *sb, size_t len)
{
	if (!sb->alloc) {
		if (len == 0)
			return;
		sb_grow(sb, len);
	}
	sb->len = len;
	sb->buf[len] = '\0';
}

void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	/* into the room there is; formatted again only when it did not fit */
	va_list cp;
	va_copy(cp, ap);
	size_t room = sb->alloc ? sb->alloc - sb->len : 0;
	int n = room ? vsnprintf(sb->buf + sb->len, room, fmt, cp) : -1;
	va_end(cp);
	if (n >= 0 && (size_t)n < room) {
		sb->len += (size_t)n;
		return;
	}
	if (room)
		sb->buf[sb->len] = '\0';
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	sb_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(sb, fmt, ap);
	va_end(ap);
}
