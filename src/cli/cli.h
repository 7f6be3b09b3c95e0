/*
 * cli.h — the command line: the command table (commands.def), the option
 * tables every command declares (which also generate its --help), the
 * context passed to each command, and the CLI's way of reporting errors.
 * Only cli/ (and later web/) turns errors into output and exit codes.
 */
#ifndef TREUE_CLI_H
#define TREUE_CLI_H

#include "app.h"
#include "store.h"
#include "util.h"

enum { EXIT_OK = 0, EXIT_ERR = 1, EXIT_USAGE = 2 };

/* The language of this process's texts: --lang, else the locale.  The one
 * process-wide setting, and it lives only here: the command line serves one
 * user; everything below cli/ is handed the language explicitly. */
extern enum lang cli_lang;

struct opt_list;

/* Where emit() writes: standard output, or --output FILE (written to a
 * temporary file and renamed), as an Excel workbook with --format xlsx
 * (the command then writes CSV, which becomes the workbook).  Set once by
 * the option parser. */
struct cli_output {
	const char *path; /* --output, or NULL for standard output */
	int xlsx;         /* --format xlsx */
	const char *cmd;  /* the command, which names the sheet */
};
extern struct cli_output cli_output;

/* What every command receives: the global options and a lazily opened store. */
struct ctx {
	const char *db;         /* --db, $TREUE_DB or treue.db */
	enum out_format format; /* --format */
	int format_set;
	day_t as_of;     /* --as-of or DAY_NONE */
	const char *cmd; /* the command's name, for messages */
	struct store *st;
};

/* Opens the store on first use; prints the error and returns NULL on failure. */
struct store *ctx_store(struct ctx *c);
/* The application layer's context of this command: the store (opened
 * when needed), the language, D, today and the --set overrides (sets may
 * be NULL).  EXIT_ERR after printing when the store does not open. */
int ctx_app(struct ctx *c, const struct opt_list *sets, struct app_ctx *a);

enum opt_type {
	OPT_END_,
	OPT_FLAG_,   /* int: set to 1 */
	OPT_STRING_, /* const char * */
	OPT_INT_,    /* long */
	OPT_DATE_,   /* day_t, YYYY-MM-DD */
	OPT_LIST_,   /* struct opt_list: repeatable string */
	OPT_GROUP_,  /* a heading in --help */
};

struct opt_list {
	const char **v;
	int n, alloc;
};

struct option {
	enum opt_type type;
	const char *name; /* long name without dashes */
	void *value;
	const char *argh; /* argument placeholder in help */
	const char *help_en;
	const char *help_de;
};

#define OPT_FLAG(n, v, en, de)                                                                     \
	{                                                                                          \
		OPT_FLAG_, (n), (v), NULL, (en), (de)                                              \
	}
#define OPT_STRING(n, v, a, en, de)                                                                \
	{                                                                                          \
		OPT_STRING_, (n), (v), (a), (en), (de)                                             \
	}
#define OPT_INT(n, v, a, en, de)                                                                   \
	{                                                                                          \
		OPT_INT_, (n), (v), (a), (en), (de)                                                \
	}
#define OPT_DATE(n, v, en, de)                                                                     \
	{                                                                                          \
		OPT_DATE_, (n), (v), "YYYY-MM-DD", (en), (de)                                      \
	}
#define OPT_LIST(n, v, a, en, de)                                                                  \
	{                                                                                          \
		OPT_LIST_, (n), (v), (a), (en), (de)                                               \
	}
#define OPT_GROUP(en, de)                                                                          \
	{                                                                                          \
		OPT_GROUP_, NULL, NULL, NULL, (en), (de)                                           \
	}
#define OPT_END()                                                                                  \
	{                                                                                          \
		OPT_END_, NULL, NULL, NULL, NULL, NULL                                             \
	}

/* The filters of every list (struct app_filter f): --owner, --region,
 * --industry, --segment. */
#define OPT_FILTERS(f)                                                                             \
	OPT_STRING("owner", &(f)->owner, "NAME",                                                   \
	           "only customers of this account manager (a start of the name)",                 \
	           "nur Kunden dieses Betreuers (ein Namensanfang)"),                              \
	    OPT_STRING("region", &(f)->region, "REGION", "only this region (a start of it)",       \
	               "nur diese Region (ein Anfang davon)"),                                     \
	    OPT_STRING("industry", &(f)->industry, "INDUSTRY", "only this industry",               \
	               "nur diese Branche"),                                                       \
	    OPT_STRING("segment", &(f)->segment, "SEGMENT",                                        \
	               "only this segment (apostle, loyal, ..., also German)",                     \
	               "nur dieses Segment (Apostel, Treue, ..., auch englisch)")

/* A command's help: usage line(s) and a description after the options. */
struct cmd_help {
	const char *usage;    /* e.g. "treue import KIND FILE... [options]" */
	const char *about_en; /* one paragraph or more, shown under the usage */
	const char *about_de;
};

/*
 * Parses argv[1..] (argv[0] is the command name) against opts and the
 * global options (--db, --format, --as-of, --lang), compacts the
 * positional arguments into argv[0..n-1] and returns n.  --help prints the
 * help generated from the tables and exits 0; an unknown option or bad
 * value prints a message and exits 2.  "--" ends the options.
 */
int parse_options(struct ctx *c, int argc, char **argv, const struct option *opts,
                  const struct cmd_help *help);
void usage_with_options(const struct ctx *c, const struct option *opts, const struct cmd_help *help,
                        FILE *out);
void opt_list_release(struct opt_list *l);

/* Messages.  error() prints "treue CMD: msg" and returns EXIT_ERR;
 * usage_error() prints and returns EXIT_USAGE; print_err() prints an err. */
int error(const char *fmt, ...) ATTR_PRINTF(1, 2);
int usage_error(const char *fmt, ...) ATTR_PRINTF(1, 2);
int print_err(const struct err *e);
void warning(const char *fmt, ...) ATTR_PRINTF(1, 2);
/* Prints the error of a failed app call; EXIT_USAGE for APP_BAD_REQUEST,
 * else EXIT_ERR. */
int app_failed(int rc, const struct err *e);
/* Prints a note of an app result (a problem that did not stop the call)
 * as a warning, when there is one. */
void print_note(const struct err *note);

/* Writes the buffer to stdout (or --output); returns EXIT_ERR when that fails. */
int emit(const struct strbuf *sb);
/* Writes sb to path whole or not at all: a temporary file beside it,
 * synced and renamed into place (an existing file is replaced, never
 * written into); private: readable by its owner only (0600), else the
 * permissions any new file gets.  0, or -1 with e filled. */
int write_whole(const char *path, const struct strbuf *sb, int private, struct err *e);

/* Whether stdout / stderr are terminals (progress bars, colours). */
int stderr_is_tty(void);

/* Asks "question [y/N]" on the terminal; 1 when answered yes.  Without a
 * terminal on stdin, returns 0 (scripts pass --yes). */
int confirm(const char *question);

/* `treue report feedback|stories|promises|cadence` (cmd_journal_report.c):
 * journal_report_known says whether `which` names one of them;
 * journal_report_which finds that name as the first positional argument
 * of the report command's line (skipping option values), so that `report`
 * can hand over before it parses its own options; journal_report_with
 * takes the report command's argc/argv unchanged, parses the report's
 * options (--help included), prints it and returns the exit status. */
int journal_report_known(const char *which);
const char *journal_report_which(int argc, char **argv);
int journal_report_with(struct ctx *c, const char *which, int argc, char **argv);

/* `treue user token ...` (cmd_token.c), handed over by cmd_user. */
int cmd_user_token(int argc, char **argv, struct ctx *c);

#define CMD(name, fn, en, de) int fn(int argc, char **argv, struct ctx *c);
#include "commands.def"
#undef CMD

#endif
