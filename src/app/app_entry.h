/*
 * app_entry.h — what app_entry.c and app_change.c share about journal
 * entries; not for use outside src/app/.
 */
#ifndef TREUE_APP_ENTRY_H
#define TREUE_APP_ENTRY_H

#include "app_int.h"

/* A text field as given (NULL: unchanged; "" clears) into *dst, copied
 * into the entry's pool after its check. */
int entry_text(struct app_entry *en, const char *field, const char *given, const char **dst,
               struct err *e);
/* The customer named (refused when erased) into *key and *cid. */
int entry_customer(const struct app_ctx *c, struct app_entry *en, const char *given, int64_t *key,
                   const char **cid, struct err *e);
/* The texts of a story (what, situation, outcome, employee) and of a
 * departure (reason, competitor) given in f. */
int story_texts(struct app_entry *en, const struct app_fields *f, struct err *e);
int departure_texts(struct app_entry *en, const struct app_fields *f, struct err *e);
/* Appends the whys (a complaint's), each checked. */
int entry_whys(struct app_entry *en, const char *const *why, int n, struct err *e);
/* The rules of a whole entry (adding: the messages say nothing was recorded). */
int entry_check(const struct app_entry *en, int adding, struct err *e);
/* Writes every column of the entry back (by id). */
int entry_store(struct store *st, const struct app_entry *en, struct err *e);

#endif
