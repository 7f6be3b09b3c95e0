/*
 * cmd_journal.h — what the journal's command files share (cmd_journal*.c
 * and cmd_gdpr.c): the output format, finding the kind among the
 * arguments, text input from standard input or $EDITOR, and the writers
 * of journal lists.
 */
#ifndef TREUE_CMD_JOURNAL_H
#define TREUE_CMD_JOURNAL_H

#include "../journal/journal.h"
#include "model_ctx.h"
#include "cli.h"
#include "report.h"

enum journal_format jr_format(const struct ctx *c);

/*
 * The first positional argument of argv[1..] — the kind of entry or the
 * report's name — skipping the values of the options in `opts` (any number
 * of tables, NULL-terminated) and of the global options.  NULL when none.
 */
const char *jr_first_positional(int argc, char **argv, const struct option *const *opts);

/* A text option as given: "-" is replaced by what standard input holds
 * (read once per run; trailing white space dropped).  The application
 * layer checks the text.  Returns 0, or prints the error and returns
 * EXIT_ERR.  Texts read live in pool. */
int jr_input(const char *field, const char **val, struct jpool *pool);

/* One text field of an entry, for $EDITOR: the option's name and where
 * its value lives. */
struct jr_field {
	const char *name;
	const char **val;
	const char *hint_en, *hint_de; /* shown as a comment under [name] */
};
/* Opens $VISUAL / $EDITOR (else vi) on a file with one [name] section per
 * field, filled with the current values and comments (`comment`, lines
 * starting with #); reads the sections back into the fields.  Returns 0,
 * or prints the error and returns EXIT_ERR (also when the file was left
 * empty: nothing recorded). */
int jr_editor(const char *comment, struct jr_field *f, int n, struct jpool *pool);

/* Writes a list in format f (JSON: an array, report_list_json's). */
void jr_list_write(const struct app_list *l, enum journal_format f, struct strbuf *out);

#endif
