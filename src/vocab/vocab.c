/*
 * vocab.c — looking words up in the vocabulary (vocab_words.c): the normal
 * form they are compared in, word → index, index or code → label, and the
 * list of valid words an error names.  Pure functions over constant tables.
 */
#include <ctype.h>
#include <string.h>

#include "vocab_int.h"

/*
 * The normal form of the character at *p, into out (0..2 bytes, returned);
 * advances *p past it.  ASCII letters and digits fold to lower case, other
 * ASCII is dropped, Ä Ö Ü ä ö ü ß become ae oe ue ss, other bytes stay.
 */
static int norm_step(const unsigned char **p, char out[2])
{
	unsigned c = **p;
	if (c == 0xC3 && (*p)[1]) {
		const char *rep = NULL;
		switch ((*p)[1]) {
		case 0x84:
		case 0xA4: rep = "ae"; break;
		case 0x96:
		case 0xB6: rep = "oe"; break;
		case 0x9C:
		case 0xBC: rep = "ue"; break;
		case 0x9F: rep = "ss"; break;
		}
		if (rep) {
			*p += 2;
			out[0] = rep[0];
			out[1] = rep[1];
			return 2;
		}
	}
	(*p)++;
	if (c >= 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (isalnum(c)) {
		out[0] = (char)tolower(c);
		return 1;
	}
	return 0;
}

void vocab_normalise(const char *s, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	char b[2];
	sb_reset(out);
	while (*p) {
		int n = norm_step(&p, b);
		if (n)
			sb_add(out, b, (size_t)n);
	}
}

/* s in normal form into buf (cap bytes with the NUL); -1 when it is longer. */
static int norm_into(const char *s, char *buf, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = 0;
	char b[2];
	while (*p) {
		int n = norm_step(&p, b);
		if (len + (size_t)n >= cap)
			return -1;
		memcpy(buf + len, b, (size_t)n);
		len += (size_t)n;
	}
	buf[len] = '\0';
	return 0;
}

/* 1 when word's normal form is the (normal form) n. */
static int norm_eq(const char *word, const char *n)
{
	const unsigned char *p = (const unsigned char *)word;
	char b[2];
	while (*p) {
		int k = norm_step(&p, b);
		for (int i = 0; i < k; i++)
			if (*n++ != b[i])
				return 0;
	}
	return *n == '\0';
}

static const struct vocab_class_def *cls(enum vocab_class c)
{
	return (unsigned)c < VOCAB__COUNT ? &vocab_classes[c] : NULL;
}

int vocab_count(enum vocab_class c)
{
	return cls(c) ? cls(c)->n : 0;
}

const char *vocab_code(enum vocab_class c, int i)
{
	const struct vocab_class_def *d = cls(c);
	return d && i >= 0 && i < d->n ? d->w[i].code : NULL;
}

int vocab_index(enum vocab_class c, const char *code)
{
	const struct vocab_class_def *d = cls(c);
	for (int i = 0; d && code && i < d->n; i++)
		if (!strcmp(code, d->w[i].code))
			return i;
	return -1;
}

int vocab_index_or(enum vocab_class c, const char *code, int dflt)
{
	int i = vocab_index(c, code);
	return i < 0 ? dflt : i;
}

int vocab_spellings(enum vocab_class c, int i, const char **out, int max)
{
	const struct vocab_class_def *d = cls(c);
	int n = 0;
	if (!d || i < 0 || i >= d->n)
		return 0;
	const struct vocab_word *w = &d->w[i];
	const char *fixed[5] = {w->code, w->en, w->en_pl, w->de, w->de_pl};
	for (int k = 0; k < 5; k++)
		if (fixed[k]) {
			if (n < max)
				out[n] = fixed[k];
			n++;
		}
	for (const char *const *s = w->syn; s && *s; s++) {
		if (n < max)
			out[n] = *s;
		n++;
	}
	return n;
}

int vocab_find(enum vocab_class c, const char *word)
{
	const struct vocab_class_def *d = cls(c);
	char n[VOCAB_WORD_MAX + 1];
	if (!d || !word || norm_into(word, n, sizeof(n)) || !n[0])
		return -1;
	for (int i = 0; i < d->n; i++) {
		const struct vocab_word *w = &d->w[i];
		const char *fixed[5] = {w->code, w->en, w->en_pl, w->de, w->de_pl};
		for (int k = 0; k < 5; k++)
			if (fixed[k] && norm_eq(fixed[k], n))
				return i;
		for (const char *const *s = w->syn; s && *s; s++)
			if (norm_eq(*s, n))
				return i;
	}
	return -1;
}

void vocab_valid(enum vocab_class c, enum lang lang, struct strbuf *out)
{
	const struct vocab_class_def *d = cls(c);
	if (!d)
		return;
	sb_addf(out, "%s: ", L(lang, d->en_valid, d->de_valid));
	for (int i = 0; i < d->n; i++) {
		const struct vocab_word *w = &d->w[i];
		if (i)
			sb_adds(out, ", ");
		if (lang == LANG_DE)
			sb_adds(out, w->de);
		else if (strcmp(w->code, w->en))
			sb_addf(out, "%s (%s)", w->code, w->en);
		else
			sb_adds(out, w->code);
	}
}

int vocab_parse(enum vocab_class c, const char *word, struct err *e)
{
	int i = vocab_find(c, word);
	if (i >= 0 || !cls(c))
		return i;
	if (e) {
		struct strbuf sb = STRBUF_INIT;
		const struct vocab_class_def *d = cls(c);
		const char *s = word ? word : "";
		int len = (int)strnlen(s, VOCAB_WORD_MAX + 1), cut = len > VOCAB_WORD_MAX;
		if (cut) /* quote at most VOCAB_WORD_MAX bytes, whole characters */
			for (len = VOCAB_WORD_MAX;
			     len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80;)
				len--;
		vocab_valid(c, e->lang, &sb);
		err_set(e, "%s \"%.*s%s\"; %s", L(e->lang, d->en_unknown, d->de_unknown), len, s,
		        cut ? "\xe2\x80\xa6" : "", sb.buf);
		sb_release(&sb);
	}
	return -1;
}

const char *vocab_label(enum vocab_class c, int i, enum lang lang, enum vocab_number n)
{
	const struct vocab_class_def *d = cls(c);
	if (!d || i < 0 || i >= d->n)
		return "?";
	const struct vocab_word *w = &d->w[i];
	if (lang == LANG_DE)
		return n == VOCAB_MANY && w->de_pl ? w->de_pl : w->de;
	return n == VOCAB_MANY && w->en_pl ? w->en_pl : w->en;
}

const char *vocab_label_n(enum vocab_class c, int i, enum lang lang, long long count)
{
	return vocab_label(c, i, lang, count == 1 || count == -1 ? VOCAB_ONE : VOCAB_MANY);
}

const char *vocab_label_of(enum vocab_class c, const char *code, enum lang lang,
                           enum vocab_number n)
{
	int i = vocab_index(c, code);
	if (i < 0)
		return code ? code : "";
	return vocab_label(c, i, lang, n);
}

const char *vocab_class_name(enum vocab_class c)
{
	return cls(c) ? cls(c)->name : "?";
}
