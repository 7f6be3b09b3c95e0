/*
 * encoding.c — bytes to UTF-8: the lazy UTF-8 / Windows-1252 decision, the
 * Windows-1252 table, UTF-16 with a byte order mark, and the checks that
 * make a file that fits no encoding fail with its byte offset instead of
 * being imported as mojibake.
 *
 * The decision (see struct decoder in ingest.h): ASCII bytes are passed
 * through until the first byte above 0x7F.  From there the rest of the
 * chunk (up to CSV_CHUNK bytes) is checked: all valid UTF-8 -> UTF-8.
 * Otherwise Windows-1252, unless that same stretch holds typical UTF-8
 * (C3 xx: à..ÿ, ä ö ü ß; E2 xx xx: € and typographic punctuation) before
 * the invalid byte — then the file mixes encodings and is refused.  In a
 * Windows-1252 file the same UTF-8 patterns later on are refused as well
 * (they would otherwise become "Ã¤"); so are NUL bytes and the five bytes
 * Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D), which are
 * control codes in ISO-8859-1 and never text.
 */
#include <string.h>

#include "ingest.h"

const char *ingest_enc_name(enum ingest_enc enc)
{
	switch (enc) {
	case ENC_AUTO: return "ASCII";
	case ENC_UTF8: return "UTF-8";
	case ENC_CP1252: return "Windows-1252";
	case ENC_UTF16LE: return "UTF-16LE";
	case ENC_UTF16BE: return "UTF-16BE";
	}
	return "?";
}

int ingest_enc_parse(const char *s, enum ingest_enc *out)
{
	static const struct {
		const char *name;
		enum ingest_enc enc;
	} names[] = {
	    {"utf-8", ENC_UTF8},        {"utf8", ENC_UTF8},        {"windows-1252", ENC_CP1252},
	    {"cp1252", ENC_CP1252},     {"latin1", ENC_CP1252},    {"latin-1", ENC_CP1252},
	    {"iso-8859-1", ENC_CP1252}, {"iso8859-1", ENC_CP1252}, {"iso-8859-15", ENC_CP1252},
	    {"auto", ENC_AUTO},
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (str_eq_nocase(s, names[i].name)) {
			*out = names[i].enc;
			return 0;
		}
	return -1;
}

/* Windows-1252 0x80..0x9F as Unicode code points; 0 = undefined. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static void put_utf8(struct strbuf *out, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	sb_add(out, b, n);
}

/* Length of the run of ASCII bytes other than NUL at s[0..n). */
static size_t ascii_run(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i + 8 <= n) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		/* any byte >= 0x80, or any zero byte */
		if ((w & 0x8080808080808080ULL) ||
		    ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))
			break;
		i += 8;
	}
	while (i < n && s[i] && s[i] < 0x80)
		i++;
	return i;
}

size_t utf8_valid_prefix(const unsigned char *s, size_t n, int *incomplete)
{
	size_t i = 0;
	*incomplete = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0; /* no overlong forms */
			if (c == 0xED)
				hi = 0x9F; /* no surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F; /* nothing above U+10FFFF */
		} else
			return i;
		for (size_t k = 1; k < len; k++) {
			if (i + k >= n) {
				*incomplete = 1;
				return i;
			}
			unsigned b = s[i + k];
			if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
				return i;
		}
		i += len;
	}
	return i;
}

/* Typical UTF-8 in text that is otherwise Windows-1252: C3 80..BF (À..ÿ) or
 * E2 80..BF 80..BF (€, quotes, dashes).  Returns the length of the pattern
 * at s (0: none); -1 when s is too short to tell and more input follows. */
static int utf8_pattern(const unsigned char *s, size_t n, int last)
{
	if (s[0] == 0xC3) {
		if (n < 2)
			return last ? 0 : -1;
		return s[1] >= 0x80 && s[1] <= 0xBF ? 2 : 0;
	}
	if (s[0] == 0xE2) {
		if (n < 3)
			return last || (n == 2 && (s[1] < 0x80 || s[1] > 0xBF)) ? 0 : -1;
		return (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	return 0;
}

static int fail(struct decoder *d, const unsigned char *in, size_t n, size_t at, const char *why)
{
	d->bad_off = d->off + at;
	d->bad[0] = at < n ? in[at] : 0;
	d->bad[1] = at + 1 < n ? in[at + 1] : 0;
	d->why = why;
	return -1;
}

void dec_init(struct decoder *d, enum ingest_enc forced, enum lang lang)
{
	memset(d, 0, sizeof(*d));
	d->enc = forced;
	d->lang = lang;
}

static int feed_utf16(struct decoder *d, const unsigned char *in, size_t n, int last,
                      struct strbuf *out, size_t *used)
{
	int le = d->enc == ENC_UTF16LE;
	size_t i = 0;
	while (i + 2 <= n) {
		uint32_t u =
		    le ? (uint32_t)(in[i] | in[i + 1] << 8) : (uint32_t)(in[i] << 8 | in[i + 1]);
		size_t len = 2;
		if (u >= 0xD800 && u <= 0xDBFF) {
			if (i + 4 > n) {
				if (!last)
					break;
				*used = i;
				return fail(d, in, n, i,
				            L(d->lang, "a UTF-16 surrogate without its pair",
				              "ein UTF-16-Surrogat ohne sein Gegenstück"));
			}
			uint32_t u2 = le ? (uint32_t)(in[i + 2] | in[i + 3] << 8)
			                 : (uint32_t)(in[i + 2] << 8 | in[i + 3]);
			if (u2 < 0xDC00 || u2 > 0xDFFF) {
				*used = i;
				return fail(d, in, n, i,
				            L(d->lang, "a UTF-16 surrogate without its pair",
				              "ein UTF-16-Surrogat ohne sein Gegenstück"));
			}
			u = 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00);
			len = 4;
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			*used = i;
			return fail(d, in, n, i,
			            L(d->lang, "a UTF-16 surrogate without its pair",
			              "ein UTF-16-Surrogat ohne sein Gegenstück"));
		} else if (u == 0) {
			*used = i;
			return fail(d, in, n, i,
			            L(d->lang, "a NUL character: not a text file",
			              "ein NUL-Zeichen: keine Textdatei"));
		}
		put_utf8(out, u);
		i += len;
	}
	if (last && i < n) {
		*used = i;
		return fail(d, in, n, i,
		            L(d->lang, "an odd number of bytes in a UTF-16 file",
		              "eine ungerade Anzahl Bytes in einer UTF-16-Datei"));
	}
	*used = i;
	d->off += i;
	return 0;
}

int dec_feed(struct decoder *d, const unsigned char *in, size_t n, int last, struct strbuf *out,
             size_t *used)
{
	size_t i = 0;
	*used = 0;
	if (!d->started) {
		if (n < 3 && !last)
			return 0; /* wait until a byte order mark can be recognised */
		if ((d->enc == ENC_AUTO || d->enc == ENC_UTF8) && n >= 3 && in[0] == 0xEF &&
		    in[1] == 0xBB && in[2] == 0xBF) {
			d->enc = ENC_UTF8;
			d->bom = 1;
			i = 3;
		} else if (d->enc == ENC_AUTO && n >= 2 && in[0] == 0xFF && in[1] == 0xFE) {
			d->enc = ENC_UTF16LE;
			d->bom = 1;
			i = 2;
		} else if (d->enc == ENC_AUTO && n >= 2 && in[0] == 0xFE && in[1] == 0xFF) {
			d->enc = ENC_UTF16BE;
			d->bom = 1;
			i = 2;
		}
		d->started = 1;
		d->off += i;
		in += i;
		n -= i;
		*used = i;
	}
	size_t base = *used;
	if (d->enc == ENC_UTF16LE || d->enc == ENC_UTF16BE) {
		size_t u = 0;
		int rc = feed_utf16(d, in, n, last, out, &u);
		*used = base + u;
		return rc;
	}
	/* An old DOS end-of-file mark (Ctrl-Z) as the very last byte is dropped. */
	size_t end = n;
	if (last && end > 0 && in[end - 1] == 0x1A)
		end--;
	i = 0;
	int rc = 0;
	while (i < end) {
		size_t a = ascii_run(in + i, end - i);
		sb_add(out, in + i, a);
		i += a;
		if (i >= end)
			break;
		unsigned c = in[i];
		if (c == 0) {
			rc = fail(
			    d, in, end, i,
			    L(d->lang,
			      "a NUL byte: not a text file (or UTF-16 without a byte order mark)",
			      "ein NUL-Byte: keine Textdatei (oder UTF-16 ohne Byte-Order-Mark)"));
			break;
		}
		if (d->enc == ENC_AUTO) {
			/* look at the rest of the chunk, up to a NUL (an error of its own) */
			int inc;
			const unsigned char *z = memchr(in + i, 0, end - i);
			size_t lim = z ? (size_t)(z - in) : end;
			size_t v = utf8_valid_prefix(in + i, lim - i, &inc);
			if ((i + v == lim && !inc) || (inc && lim == end && !last)) {
				d->enc = ENC_UTF8;
			} else {
				/* invalid UTF-8 at i + v: Windows-1252, unless UTF-8 came first */
				for (size_t k = i; k < i + v; k++)
					if (in[k] == 0xC3 || in[k] == 0xE2) {
						/* the UTF-8 before is text; the error is after it
						 */
						sb_add(out, in + i, v);
						i += v;
						rc = fail(
						    d, in, end, i,
						    L(d->lang,
						      "not UTF-8 here, although the text before is "
						      "UTF-8: the file mixes encodings",
						      "hier kein UTF-8, obwohl der Text davor "
						      "UTF-8 "
						      "ist: die Datei mischt Kodierungen"));
						goto out;
					}
				d->enc = ENC_CP1252;
			}
		}
		if (d->enc == ENC_UTF8) {
			int inc;
			size_t v = utf8_valid_prefix(in + i, end - i, &inc);
			/* copy the valid stretch up to a NUL */
			const unsigned char *z = memchr(in + i, 0, v);
			if (z)
				v = (size_t)(z - (in + i));
			sb_add(out, in + i, v);
			i += v;
			if (i >= end || (inc && !last && !z))
				break;
			if (in[i] == 0)
				continue; /* reported at the top of the loop */
			rc = fail(
			    d, in, end, i,
			    L(d->lang,
			      "not valid UTF-8, although the text before is UTF-8: the file "
			      "mixes encodings",
			      "kein gültiges UTF-8, obwohl der Text davor UTF-8 ist: die Datei "
			      "mischt Kodierungen"));
			break;
		}
		/* Windows-1252: one byte at a time up to the next ASCII run */
		while (i < end && in[i] >= 0x80) {
			c = in[i];
			int p = utf8_pattern(in + i, end - i, last);
			if (p < 0)
				goto out; /* decide with more input */
			if (p > 0) {
				rc = fail(
				    d, in, end, i,
				    L(d->lang,
				      "UTF-8 text inside a Windows-1252 file: the file mixes "
				      "encodings",
				      "UTF-8-Text in einer Windows-1252-Datei: die Datei mischt "
				      "Kodierungen"));
				goto out;
			}
			uint32_t cp = c >= 0xA0 ? c : cp1252_c1[c - 0x80];
			if (!cp) {
				rc = fail(
				    d, in, end, i,
				    L(d->lang,
				      "a byte that is neither UTF-8 nor Windows-1252/ISO-8859-1 "
				      "text",
				      "ein Byte, das weder UTF-8 noch Windows-1252/ISO-8859-1 "
				      "ist"));
				goto out;
			}
			put_utf8(out, cp);
			i++;
		}
	}
	if (rc == 0 && i == end)
		i = n; /* the dropped Ctrl-Z is consumed too */
out:
	d->off += i;
	*used = base + i;
	return rc;
}
