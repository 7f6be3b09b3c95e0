/*
 * csv.c — the pull-based CSV scanner (see struct csv in ingest.h): reads a
 * file or a memory buffer in CSV_CHUNK pieces, decodes them to UTF-8,
 * counts lines, and hands out one record at a time.  Fields are copied into
 * one record buffer, separated by NULs; the record is the only thing held,
 * so memory stays bounded by the caps whatever the file's size.
 *
 * States: START (at the start of a field), UNQUOTED, QUOTED, QUOTE (a quote
 * inside a quoted field: the end, or the first of a doubled quote).  Lenient
 * where real files need it: spaces before an opening quote are dropped, text
 * after a closing quote is kept, a quote inside an unquoted field is a
 * character.  A record ends at LF, CRLF or a lone CR (old Mac exports).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest.h"

enum { S_START, S_UNQUOTED, S_QUOTED, S_QUOTE };

static int scan_err(struct csv *c, struct err *e, long line, const char *fmt, ...)
    ATTR_PRINTF(4, 5);

static int scan_err(struct csv *c, struct err *e, long line, const char *fmt, ...)
{
	if (!e)
		return -1;
	err_clear(e);
	snprintf(e->file, sizeof(e->file), "%s", c->name);
	e->line = line;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Reads raw bytes from the file or memory; 0 at the end, -1 on error. */
static ssize_t src_read(struct csv *c, unsigned char *buf, size_t n)
{
	if (c->mem) {
		size_t k = c->mem_len - c->mem_pos;
		if (k > n)
			k = n;
		if (k)
			memcpy(buf, c->mem + c->mem_pos, k);
		c->mem_pos += k;
		return (ssize_t)k;
	}
	for (;;) {
		ssize_t k = read(c->fd, buf, n);
		if (k < 0 && errno == EINTR)
			continue;
		return k;
	}
}

/*
 * Makes decoded text available at c->d[c->pos..].  1: there is some; 0: end
 * of input; -1: a read or decoding error (reported once everything decoded
 * before it has been scanned).
 */
static int refill(struct csv *c, struct err *e)
{
	sb_reset(&c->d);
	c->pos = 0;
	while (c->d.len == 0) {
		if (c->dec_failed) {
			const struct decoder *d = &c->dec;
			char bytes[16];
			snprintf(bytes, sizeof(bytes), "0x%02X", d->bad[0]);
			return scan_err(
			    c, e, c->cur_line,
			    L(c->lang, "byte offset %llu (%s): %s", "Byte-Offset %llu (%s): %s"),
			    (unsigned long long)d->bad_off, bytes, d->why);
		}
		if (c->src_eof && c->rlen == 0)
			return 0;
		if (!c->src_eof) {
			ssize_t k = src_read(c, c->raw + c->rlen, c->raw_cap - c->rlen);
			if (k < 0)
				return scan_err(c, e, 0,
				                L(c->lang, "cannot read: %s", "nicht lesbar: %s"),
				                strerror(errno));
			if (k == 0)
				c->src_eof = 1;
			c->rlen += (size_t)k;
			c->consumed += (uint64_t)k;
		}
		size_t used = 0;
		int rc = dec_feed(&c->dec, c->raw, c->rlen, c->src_eof, &c->d, &used);
		memmove(c->raw, c->raw + used, c->rlen - used);
		c->rlen -= used;
		if (rc < 0)
			c->dec_failed = 1;
		else if (c->src_eof && c->rlen)
			c->rlen = 0; /* cannot happen: the last feed consumes everything */
	}
	return 1;
}

static void set_special(struct csv *c)
{
	memset(c->special, 0, sizeof(c->special));
	c->special[(unsigned char)c->delim] = 1;
	c->special['\n'] = 1;
	c->special['\r'] = 1;
	c->special['"'] = 1;
}

/* The first refill, the "sep=X" line and the delimiter. */
static int start(struct csv *c, char delim, struct err *e)
{
	c->cur_line = 1;
	c->line = 1;
	int rc = refill(c, e);
	if (rc < 0)
		return -1;
	const char *s = c->d.buf;
	size_t n = c->d.len;
	if (n >= 5 && !strncmp(s, "sep=", 4) && s[4] != '\n' && s[4] != '\r' && s[4] != '"' &&
	    (n == 5 || s[5] == '\n' || s[5] == '\r')) {
		if (!delim)
			delim = s[4];
		c->sep_line = 1;
		c->pos = 5;
		if (c->pos < n && s[c->pos] == '\r')
			c->pos++;
		if (c->pos < n && s[c->pos] == '\n')
			c->pos++;
		c->cur_line = 2;
	}
	if (!delim) {
		delim = sniff_delimiter(s + c->pos, n - c->pos, c->src_eof && c->rlen == 0);
		c->sniffed = 1;
	}
	c->delim = delim;
	set_special(c);
	return 0;
}

/* raw_cap: the read size; a memory buffer smaller than CSV_CHUNK needs no
 * more than itself (and a little room for the decoder's look-ahead). */
static struct csv *csv_new(const char *name, enum ingest_enc enc, size_t raw_cap, enum lang lang)
{
	struct csv *c = xcalloc(1, sizeof(*c));
	c->name = name;
	c->fd = -1;
	c->forced = enc;
	c->lang = lang;
	dec_init(&c->dec, enc, lang);
	c->raw_cap = raw_cap;
	c->raw = xmalloc(raw_cap);
	sb_init(&c->d);
	sb_init(&c->rec);
	return c;
}

struct csv *csv_open_file(const char *path, char delim, enum ingest_enc enc, struct err *e)
{
	struct csv *c = csv_new(path, enc, CSV_CHUNK, e ? e->lang : LANG_EN);
	struct stat sb;
	/* without blocking: a pipe nobody writes to must not hang the open */
	c->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (c->fd < 0) {
		scan_err(c, e, 0, L(c->lang, "cannot open: %s", "lässt sich nicht öffnen: %s"),
		         strerror(errno));
		goto fail;
	}
	c->own_fd = 1;
	if (fstat(c->fd, &sb)) {
		scan_err(c, e, 0, L(c->lang, "cannot open: %s", "lässt sich nicht öffnen: %s"),
		         strerror(errno));
		goto fail;
	}
	if (S_ISDIR(sb.st_mode)) {
		scan_err(c, e, 0, L(c->lang, "is a directory", "ist ein Verzeichnis"));
		goto fail;
	}
	if (S_ISREG(sb.st_mode)) {
		c->size = (uint64_t)sb.st_size;
	} else if (S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode)) {
		/* a pipe is taken only when data comes (or its writer is done)
		 * within CSV_PIPE_WAIT_MS: one nobody writes to is refused */
		struct pollfd pf = {.fd = c->fd, .events = POLLIN};
		int got;
		while ((got = poll(&pf, 1, CSV_PIPE_WAIT_MS)) < 0 && errno == EINTR)
			;
		if (got != 1 || !(pf.revents & (POLLIN | POLLHUP))) {
			scan_err(
			    c, e, 0,
			    L(c->lang, "is a pipe with no data (no writer?): not a regular file",
			      "ist eine Pipe ohne Daten (niemand schreibt?): keine gewöhnliche "
			      "Datei"));
			goto fail;
		}
	} else {
		scan_err(c, e, 0,
		         L(c->lang, "is not a regular file (a device?)",
		           "ist keine gewöhnliche Datei (ein Gerät?)"));
		goto fail;
	}
	/* from here on reads wait for data as usual */
	int fl = fcntl(c->fd, F_GETFL);
	if (fl == -1 || fcntl(c->fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		scan_err(c, e, 0, L(c->lang, "cannot open: %s", "lässt sich nicht öffnen: %s"),
		         strerror(errno));
		goto fail;
	}
	if (start(c, delim, e))
		goto fail;
	return c;
fail:
	csv_free(c);
	return NULL;
}

struct csv *csv_open_mem(const char *name, const void *data, size_t n, char delim,
                         enum ingest_enc enc, struct err *e)
{
	struct csv *c =
	    csv_new(name, enc, n + 8 < CSV_CHUNK ? n + 8 : CSV_CHUNK, e ? e->lang : LANG_EN);
	static const unsigned char empty[1];
	c->mem = n ? data : empty;
	c->mem_len = n;
	c->size = n;
	if (start(c, delim, e)) {
		csv_free(c);
		return NULL;
	}
	return c;
}

void csv_free(struct csv *c)
{
	if (!c)
		return;
	if (c->own_fd && c->fd >= 0)
		close(c->fd);
	free(c->raw);
	sb_release(&c->d);
	sb_release(&c->rec);
	free(c->off);
	free(c->f);
	free(c->flen);
	free(c);
}

int csv_rewind(struct csv *c, struct err *e)
{
	if (c->mem)
		c->mem_pos = 0;
	else if (lseek(c->fd, 0, SEEK_SET) != 0)
		return scan_err(c, e, 0,
		                L(c->lang,
		                  "cannot be read a second time (a pipe?): save it as a file first",
		                  "lässt sich kein zweites Mal lesen (eine Pipe?): bitte erst als "
		                  "Datei speichern"));
	char delim = c->delim;
	c->rlen = 0;
	c->src_eof = 0;
	c->dec_failed = 0;
	c->consumed = 0;
	c->skip_lf = 0;
	c->sep_line = 0;
	dec_init(&c->dec, c->forced, c->lang);
	int sniffed = c->sniffed;
	if (start(c, delim, e))
		return -1;
	c->sniffed = sniffed;
	return 0;
}

/* Ends the field being built (its bytes are at rec[off[nf]..]). */
static int end_field(struct csv *c, struct err *e)
{
	if (c->nf >= CSV_FIELDS_MAX) /* this would be field CSV_FIELDS_MAX + 1 */
		return scan_err(c, e, c->line,
		                L(c->lang, "more than %s fields in one record",
		                  "mehr als %s Felder in einem Datensatz"),
		                int_format_human(CSV_FIELDS_MAX, c->lang, (char[32]){0}));
	sb_addch(&c->rec, '\0');
	c->nf++;
	ALLOC_GROW(c->off, (size_t)c->nf + 1, c->falloc);
	c->off[c->nf] = c->rec.len;
	return 0;
}

static int too_long(struct csv *c, struct err *e)
{
	if (c->rec.len - c->off[c->nf] > CSV_FIELD_MAX)
		return scan_err(
		    c, e, c->line,
		    L(c->lang, "a field longer than %s bytes (an unclosed quote?)",
		      "ein Feld länger als %s Bytes (ein nicht geschlossenes Anführungszeichen?)"),
		    int_format_human(CSV_FIELD_MAX, c->lang, (char[32]){0}));
	if (c->rec.len > CSV_RECORD_MAX)
		return scan_err(c, e, c->line,
		                L(c->lang, "a record longer than %s bytes (an unclosed quote?)",
		                  "ein Datensatz länger als %s Bytes (ein nicht geschlossenes "
		                  "Anführungszeichen?)"),
		                int_format_human(CSV_RECORD_MAX, c->lang, (char[32]){0}));
	return 0;
}

/* Hands out the record built so far. */
static int finish(struct csv *c)
{
	if (c->nf + 1 > c->fcap) {
		c->fcap = c->falloc;
		c->f = xrealloc(c->f, sizeof(*c->f) * (size_t)c->fcap);
		c->flen = xrealloc(c->flen, sizeof(*c->flen) * (size_t)c->fcap);
	}
	for (int i = 0; i < c->nf; i++) {
		c->f[i] = c->rec.buf + c->off[i];
		c->flen[i] = c->off[i + 1] - c->off[i] - 1;
	}
	c->f[c->nf] = NULL;
	return 1;
}

int csv_next(struct csv *c, struct err *e)
{
	int state = S_START;
	int all_space = 1; /* the unquoted field so far is only spaces */
	long qline = 0;    /* where the open quoted field started */
	const unsigned char *special = c->special;
	const char delim = c->delim;

	sb_reset(&c->rec);
	c->nf = 0;
	ALLOC_GROW(c->off, 1, c->falloc);
	c->off[0] = 0;
	c->line = c->cur_line;
	for (;;) {
		if (c->pos >= c->d.len) {
			int rc = refill(c, e);
			if (rc < 0)
				return -1;
			if (rc == 0)
				break;
		}
		const char *buf = c->d.buf;
		size_t len = c->d.len, p = c->pos;
		if (c->skip_lf) {
			c->skip_lf = 0;
			if (buf[p] == '\n') {
				c->pos = ++p;
				continue;
			}
		}
		while (p < len) {
			unsigned char ch = (unsigned char)buf[p];
			switch (state) {
			case S_START:
			case S_UNQUOTED:
				if (!special[ch]) {
					size_t q = p + 1;
					while (q < len && !special[(unsigned char)buf[q]])
						q++;
					if (all_space) { /* up to the first other character */
						size_t k = p;
						while (k < q && buf[k] == ' ')
							k++;
						all_space = k == q;
					}
					sb_add(&c->rec, buf + p, q - p);
					p = q;
					state = S_UNQUOTED;
					if (c->rec.len - c->off[c->nf] > CSV_FIELD_MAX ||
					    c->rec.len > CSV_RECORD_MAX) {
						c->pos = p;
						return too_long(c, e);
					}
					continue;
				}
				p++;
				if (ch == (unsigned char)delim) {
					if (end_field(c, e))
						return -1;
					state = S_START;
					all_space = 1;
				} else if (ch == '"') {
					if (all_space) {
						sb_setlen(&c->rec, c->off[c->nf]);
						state = S_QUOTED;
						qline = c->cur_line;
					} else
						sb_addch(&c->rec, '"');
				} else { /* end of line */
					c->cur_line++;
					if (ch == '\r')
						c->skip_lf = 1;
					if (state == S_START && c->nf == 0) {
						/* a blank line */
						c->line = c->cur_line;
						if (c->skip_lf && p < len) {
							c->skip_lf = 0;
							if (buf[p] == '\n')
								p++;
						}
						continue;
					}
					c->pos = p;
					if (c->skip_lf && p < len) {
						c->skip_lf = 0;
						if (buf[p] == '\n')
							c->pos = p + 1;
					}
					if (end_field(c, e) || too_long(c, e))
						return -1;
					return finish(c);
				}
				break;
			case S_QUOTED: {
				size_t q = p;
				while (q < len && buf[q] != '"') {
					if (buf[q] == '\n')
						c->cur_line++;
					q++;
				}
				sb_add(&c->rec, buf + p, q - p);
				p = q;
				if (c->rec.len - c->off[c->nf] > CSV_FIELD_MAX ||
				    c->rec.len > CSV_RECORD_MAX) {
					c->pos = p;
					c->line = qline;
					return too_long(c, e);
				}
				if (p < len) {
					p++;
					state = S_QUOTE;
				}
				break;
			}
			case S_QUOTE:
				if (ch == '"') {
					sb_addch(&c->rec, '"');
					state = S_QUOTED;
					p++;
				} else {
					/* the closing quote: continue as after any field text */
					state = S_UNQUOTED;
					all_space = 0;
				}
				break;
			}
		}
		c->pos = p;
	}
	/* end of input */
	if (state == S_QUOTED)
		return scan_err(
		    c, e, qline,
		    L(c->lang, "a quoted field starts here and is never closed",
		      "ein Feld in Anführungszeichen beginnt hier und wird nie geschlossen"));
	if (state == S_START && c->nf == 0)
		return 0;
	if (end_field(c, e) || too_long(c, e))
		return -1;
	return finish(c);
}
