/*
 * journal_words.c — recurring words in the answers to the two dialogue
 * questions: a small UTF-8 aware tokenizer (German umlauts fold to lower
 * case), English and German stop words, and document frequencies.  Pure.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"

/* Words too common to tell anything: lower case, sorted in byte order for
 * bsearch (a unit test checks the order). */
static const char *const stop_words[] = {
    "aber",    "about",   "after",   "alle",    "allem",    "allen", "aller",  "alles", "also",
    "always",  "and",     "andere",  "anderen", "any",      "are",   "auch",   "auf",   "aus",
    "been",    "bei",     "beim",    "besser",  "better",   "bin",   "bis",    "bitte", "but",
    "can",     "could",   "da",      "dabei",   "damit",    "dann",  "das",    "dass",  "dem",
    "den",     "denn",    "der",     "des",     "did",      "die",   "dies",   "diese", "diesem",
    "diesen",  "dieser",  "dieses",  "doch",    "does",     "dort",  "durch",  "ein",   "eine",
    "einem",   "einen",   "einer",   "eines",   "etwas",    "euch",  "even",   "every", "for",
    "from",    "für",     "gibt",    "haben",   "hat",      "hatte", "have",   "her",   "here",
    "his",     "how",     "ich",     "ihr",     "ihre",     "ihrem", "ihren",  "ihrer", "immer",
    "into",    "ist",     "its",     "jetzt",   "just",     "kann",  "kein",   "keine", "können",
    "könnte",  "like",    "mal",     "man",     "mehr",     "mit",   "more",   "much",  "muss",
    "nach",    "need",    "nicht",   "noch",    "not",      "nur",   "oder",   "ohne",  "only",
    "other",   "our",     "ours",    "schon",   "sehr",     "she",   "should", "sich",  "sie",
    "sind",    "some",    "than",    "that",    "the",      "their", "them",   "then",  "there",
    "these",   "they",    "this",    "those",   "too",      "und",   "uns",    "unser", "unsere",
    "unserem", "unseren", "unserer", "very",    "vom",      "von",   "vor",    "want",  "war",
    "was",     "weil",    "welche",  "wenn",    "wer",      "were",  "what",   "when",  "which",
    "who",     "wie",     "wieder",  "will",    "wir",      "wird",  "with",   "would", "wurde",
    "you",     "your",    "zum",     "zur",     "zwischen", "über",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int journal_is_stop_word(const char *w)
{
	return bsearch(&w, stop_words, ARRAY_SIZE(stop_words), sizeof(stop_words[0]), cmp_str) !=
	       NULL;
}

int journal_stop_words_sorted(void)
{
	for (size_t i = 1; i < ARRAY_SIZE(stop_words); i++)
		if (strcmp(stop_words[i - 1], stop_words[i]) >= 0)
			return 0;
	return 1;
}

/* Bytes of the sequence at p: its nominal length, cut at a NUL. */
static int seq_len(const unsigned char *p)
{
	int n = p[0] < 0xc0 ? 1 : p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : 2;
	for (int i = 1; i < n; i++)
		if (!p[i])
			return i;
	return n;
}

/*
 * Length of the word character at p (1..4 bytes), or 0 when p starts a
 * separator.  ASCII letters and digits and non-ASCII letters are word
 * characters; Latin-1 punctuation (U+00A0..U+00BF, × and ÷) and general
 * punctuation (U+2000..U+206F: dashes, quotes, ellipsis) separate.
 */
static int word_char(const unsigned char *p)
{
	if (p[0] < 0x80)
		return isalnum(p[0]) ? 1 : 0;
	if (p[0] == 0xc2)
		return p[1] >= 0x80 && p[1] <= 0xbf ? 0 : 1;
	if (p[0] == 0xc3 && (p[1] == 0x97 || p[1] == 0xb7))
		return 0;
	if (p[0] == 0xe2 && (p[1] == 0x80 || p[1] == 0x81))
		return 0;
	return seq_len(p);
}

/* Appends the word character at p, folded to lower case. */
static void add_folded(struct strbuf *w, const unsigned char *p, int n)
{
	if (n == 1) {
		sb_addch(w, tolower(p[0]));
	} else if (n == 2 && p[0] == 0xc3 && p[1] >= 0x80 && p[1] <= 0x9e && p[1] != 0x97) {
		sb_addch(w, 0xc3); /* À..Þ → à..þ (Ä Ö Ü among them) */
		sb_addch(w, p[1] + 0x20);
	} else {
		sb_add(w, p, (size_t)n);
	}
}

struct wc {
	const char *word;
	int64_t n;
};

static int cmp_wc(const void *a, const void *b)
{
	const struct wc *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->word, y->word);
}

/* Counts the word in w once per text (last[] remembers the text it was last seen in). */
static void count_word(struct strbuf *w, int chars, int digits_only, size_t text,
                       struct strmap *count, struct strmap *last)
{
	if (chars >= 3 && !digits_only && !journal_is_stop_word(w->buf)) {
		int64_t *seen = strmap_get(last, w->buf);
		if (!seen || *seen != (int64_t)text) {
			int64_t *c = strmap_get(count, w->buf);
			strmap_put(count, w->buf, c ? *c + 1 : 1);
			strmap_put(last, w->buf, (int64_t)text);
		}
	}
	sb_reset(w);
}

size_t journal_top_words(const char *const *texts, size_t ntexts, size_t top, int min_texts,
                         struct journal_word **out, struct jpool *pool)
{
	struct strmap count, last;
	struct strbuf w = STRBUF_INIT;
	struct wc *all = NULL;
	size_t nall = 0, nout = 0;
	strmap_init(&count);
	strmap_init(&last);
	*out = NULL;
	for (size_t t = 0; t < ntexts; t++) {
		const unsigned char *p = (const unsigned char *)texts[t];
		int chars = 0, digits_only = 1;
		if (!p)
			continue;
		while (*p) {
			int n = word_char(p);
			if (!n) {
				count_word(&w, chars, digits_only, t, &count, &last);
				chars = 0;
				digits_only = 1;
				p += seq_len(p);
				continue;
			}
			if (!isdigit(p[0]))
				digits_only = 0;
			add_folded(&w, p, n);
			chars++;
			p += n;
		}
		count_word(&w, chars, digits_only, t, &count, &last);
	}
	if (count.n) {
		all = xmalloc(count.n * sizeof(*all));
		for (size_t i = 0; i < count.cap; i++)
			if (count.keys[i] && count.vals[i] >= min_texts) {
				all[nall].word = count.keys[i];
				all[nall++].n = count.vals[i];
			}
		qsort(all, nall, sizeof(*all), cmp_wc);
		nout = nall < top ? nall : top;
		if (nout) {
			*out = xcalloc(nout, sizeof(**out));
			for (size_t i = 0; i < nout; i++) {
				(*out)[i].word = jpool_dup(pool, all[i].word);
				(*out)[i].texts = (int)all[i].n;
			}
		}
	}
	free(all);
	sb_release(&w);
	strmap_release(&count);
	strmap_release(&last);
	return nout;
}
