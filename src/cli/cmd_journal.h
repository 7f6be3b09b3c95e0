/*
 * cmd_journal.h — what the journal's command files share (cmd_journal*.c
 * and cmd_gdpr.c): text input from options, stdin or $EDITOR, customer
 * lookup for changes, audit entries about a customer, reading one entry,
 * and the per-kind row layout of lists and the GDPR export.
 */
#ifndef TREUE_CMD_JOURNAL_H
#define TREUE_CMD_JOURNAL_H

#include "../journal/journal.h"
#include "cli.h"

/* The journal's reference date D (--as-of, else tomorrow) and "today" (D − 1). */
day_t jr_as_of(const struct ctx *c);
day_t jr_today(const struct ctx *c);
enum journal_format jr_format(const struct ctx *c);

/*
 * The first positional argument of argv[1..] — the kind of entry or the
 * report's name — skipping the values of the options in `opts` (any number
 * of tables, NULL-terminated) and of the global options.  NULL when none.
 */
const char *jr_first_positional(int argc, char **argv, const struct option *const *opts);

/* A text field as given: "-" reads stdin (once per run), "" means absent
 * (*val = NULL); then the text is checked (UTF-8, size).  Returns 0 or
 * prints the error and returns EXIT_ERR.  Texts read live in pool. */
int jr_text(const char *field, const char **val, struct jpool *pool);

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

/* Resolves the customer a user named (id or unambiguous name prefix);
 * refuses an erased customer.  0, or EXIT_ERR after printing why. */
int jr_customer(struct store *st, const char *what, int64_t *key, struct strbuf *id);

/* Writes the audit entry of one change, about customer `cust` (0: none):
 * action ("add", "edit", ...), detail as printf.  0 or -1 with e filled. */
int jr_audit(struct store *st, const char *action, int64_t cust, int64_t rows, struct err *e,
             const char *fmt, ...) ATTR_PRINTF(6, 7);

/* One entry of any kind, as the store's record API knows it. */
union jr_rec {
	struct rec_dialog d;
	struct rec_promise p;
	struct rec_complaint k;
	struct rec_story s;
	struct rec_referral r;
	struct rec_departure x;
	struct rec_survey v;
};

/* ---- the row layout of each kind: lists, export ---- */
enum jr_col_type { JC_INT, JC_DAY, JC_TEXT, JC_SCORE, JC_REASON, JC_TOUCHPOINT, JC_STATUS };
enum jr_col_role {
	JR_ID,    /* #id at the start of the head line */
	JR_DATE,  /* the entry's date, on the head line */
	JR_CUST,  /* customer_id, on the head line */
	JR_NAME,  /* customer name, after the id */
	JR_CUST2, /* the other customer (referrals): "→ id" */
	JR_NAME2,
	JR_SHORT, /* "label: value" on the second line */
	JR_LONG   /* "label: text" on a line of its own */
};
struct jr_col {
	const char *name; /* JSON key and CSV header */
	enum jr_col_type type;
	enum jr_col_role role;
	const char *en, *de; /* label in text output */
};
struct jr_layout {
	enum journal_kind kind;
	enum db_stmt list; /* ST_J_L_*: the columns in this order */
	const struct jr_col *cols;
	int ncols;
	const char *plural; /* JSON key in the export: "dialogs", ... */
};
extern const struct jr_layout jr_layouts[JK__COUNT];

/* List filters: the parameters of the ST_J_L_* statements. */
struct jr_filter {
	int64_t cust; /* 0: any */
	day_t from, to;
	const char *employee, *owner;
	int open;
	day_t due_until, due_before;
	long limit; /* 0: all */
};
/* Runs the list of one kind and writes it in format f (JSON: an array).
 * *count gets the number of rows.  0 or -1 with e filled. */
int jr_list_write(struct store *st, const struct jr_layout *lay, const struct jr_filter *flt,
                  enum journal_format f, struct strbuf *out, long *count, struct err *e);
/* The same rows as JSON values into an open writer (the export). */
int jr_list_json(struct store *st, const struct jr_layout *lay, const struct jr_filter *flt,
                 struct json *j, struct err *e);

#endif
