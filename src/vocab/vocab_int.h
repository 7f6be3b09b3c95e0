/*
 * vocab_int.h — inside the vocabulary module: the shape of its tables
 * (vocab_words.c fills them, vocab.c reads them).
 */
#ifndef TREUE_VOCAB_INT_H
#define TREUE_VOCAB_INT_H

#include "vocab.h"

/* One code word.  Labels may be NULL for the plural: then the singular
 * serves for both.  syn is NULL or a NULL-terminated list. */
struct vocab_word {
	const char *code;
	const char *en, *en_pl;
	const char *de, *de_pl;
	const char *const *syn;
};

/* One class: its words, and the two phrases of its error message
 * ("unknown touchpoint" ... "valid touchpoints"). */
struct vocab_class_def {
	const char *name;
	const char *en_unknown, *de_unknown;
	const char *en_valid, *de_valid;
	const struct vocab_word *w;
	int n;
};

extern const struct vocab_class_def vocab_classes[VOCAB__COUNT];

#endif
