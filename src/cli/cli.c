/*
 * cli.c — the front door: finds the command in the command table, sets up
 * the context (database path, language, format, reference date), and the
 * shared CLI helpers: error messages, output, customer lookup, confirmation.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ingest.h"

enum lang cli_lang = LANG_EN;

struct cmd {
	const char *name;
	int (*fn)(int, char **, struct ctx *);
	const char *summary_en, *summary_de;
};

static const struct cmd commands[] = {
#define CMD(name, fn, en, de) {name, fn, en, de},
#include "commands.def"
#undef CMD
};

static const char *cur_cmd = "";

/* Messages quote what people typed and files hold: controls escaped. */
static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	struct strbuf raw = STRBUF_INIT, v = STRBUF_INIT;
	fflush(stdout);
	sb_vaddf(&raw, fmt, ap);
	sb_add_visible(&v, raw.buf, 1);
	fprintf(stderr, "treue%s%s: %s%s\n", *cur_cmd ? " " : "", cur_cmd, kind ? kind : "", v.buf);
	sb_release(&raw);
	sb_release(&v);
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
	return EXIT_ERR;
}

int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

void warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(L(cli_lang, "warning: ", "Warnung: "), fmt, ap);
	va_end(ap);
}

int print_err(const struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	err_format(e, &sb);
	error("%s", sb.buf);
	sb_release(&sb);
	return EXIT_ERR;
}

int emit(const struct strbuf *sb)
{
	if (fwrite(sb->buf, 1, sb->len, stdout) != sb->len || fflush(stdout))
		return error(L(cli_lang, "cannot write the output",
		               "die Ausgabe lässt sich nicht schreiben"));
	return EXIT_OK;
}

int stderr_is_tty(void)
{
	return isatty(2);
}

struct store *ctx_store(struct ctx *c)
{
	struct err e = {.lang = cli_lang};
	if (c->st)
		return c->st;
	err_clear(&e);
	if (store_open(c->db, 0, &c->st, &e)) {
		print_err(&e);
		return NULL;
	}
	return c->st;
}

day_t ctx_as_of(struct ctx *c)
{
	if (c->as_of != DAY_NONE)
		return c->as_of;
	struct store *st = ctx_store(c);
	day_t d = day_today();
	if (st) {
		struct stmt *s = store_stmt(st, ST_DS_MAX_ORDER_DATE);
		if (stmt_step(s, NULL) == 1 && !col_isnull(s, 0))
			d = (day_t)col_int(s, 0) + 1;
		stmt_reset(s);
	}
	c->as_of = d;
	return d;
}

int resolve_customer(struct store *st, const char *what, int64_t *key, struct strbuf *id_out)
{
	struct stmt *s;
	struct strbuf cands = STRBUF_INIT, trimmed = STRBUF_INIT;
	int n = 0, exact = 0;
	struct err e = {.lang = cli_lang};
	/* ids as import reads them: spaces around dropped; an empty one is no
	 * prefix of every name */
	if (ingest_id_norm(what, "customer", &trimmed, &e)) {
		sb_release(&trimmed);
		return error(L(cli_lang, "a customer id or name is needed; \"%s\" %s",
		               "eine Kundennummer oder ein Name wird gebraucht; \"%s\" %s"),
		             what, e.msg);
	}
	what = trimmed.buf;
	s = store_stmt(st, ST_CUSTOMER_BY_PREFIX);
	stmt_text(s, 1, what);
	while (stmt_step(s, NULL) == 1) {
		const char *cid = col_text(s, 1), *name = col_text(s, 2);
		if (n == 0) {
			*key = col_int(s, 0);
			if (id_out) {
				sb_reset(id_out);
				sb_adds(id_out, cid);
			}
			exact = !strcmp(cid, what);
		}
		if (n < 10)
			sb_addf(&cands, "\n  %s  %s", cid, name ? name : "");
		n++;
		if (exact)
			break;
	}
	stmt_reset(s);
	int rc = EXIT_OK;
	if (n == 0)
		rc =
		    error(L(cli_lang, "unknown customer \"%s\"", "unbekannter Kunde \"%s\""), what);
	else if (n > 1 && !exact)
		rc = error(L(cli_lang, "\"%s\" is ambiguous; it matches:%s",
		             "\"%s\" ist mehrdeutig; es passt auf:%s"),
		           what, cands.buf);
	sb_release(&cands);
	sb_release(&trimmed);
	return rc;
}

int confirm(const char *question)
{
	char line[32];
	if (!isatty(0))
		return 0;
	struct strbuf v = STRBUF_INIT;
	sb_add_visible(&v, question, 1);
	fprintf(stderr, "%s [%s] ", v.buf, L(cli_lang, "y/N", "j/N"));
	sb_release(&v);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	return line[0] == 'y' || line[0] == 'Y' || line[0] == 'j' || line[0] == 'J';
}

static void main_usage(FILE *out)
{
	fprintf(out, "%s treue [--db PATH] [--lang en|de] COMMAND [OPTIONS]\n\n",
	        L(cli_lang, "usage:", "Aufruf:"));
	fprintf(out, "%s\n\n",
	        L(cli_lang, "treue — the customer-loyalty workbench. Commands:",
	          "treue — die Werkbank für Kundentreue. Befehle:"));
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name,
		        L(cli_lang, commands[i].summary_en, commands[i].summary_de));
	fprintf(out, "\n%s\n",
	        L(cli_lang, "`treue COMMAND --help` tells more about each command.",
	          "`treue BEFEHL --help` erklärt jeden Befehl genauer."));
}

int cli_main(int argc, char **argv);
int cli_main(int argc, char **argv)
{
	struct ctx c = {0};
	int i, rc;
	c.db = getenv("TREUE_DB");
	if (!c.db || !*c.db)
		c.db = "treue.db";
	c.as_of = DAY_NONE;
	cli_lang = lang_from_env();
	/* --lang anywhere applies before anything is printed, --help included */
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		enum lang l;
		const char *v = !strncmp(argv[i], "--lang=", 7)              ? argv[i] + 7
		                : !strcmp(argv[i], "--lang") && i + 1 < argc ? argv[i + 1]
		                                                             : NULL;
		if (v && lang_parse(v, &l) == 0)
			cli_lang = l;
	}
	/* global options may also stand before the command */
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		const char *v = NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			main_usage(stdout);
			return EXIT_OK;
		}
		if (!strcmp(a, "--version")) {
			printf("treue 0.1\n");
			return EXIT_OK;
		}
		const char *names[] = {"--db", "--lang", "--format", "--as-of"};
		size_t k;
		for (k = 0; k < ARRAY_SIZE(names); k++) {
			size_t n = strlen(names[k]);
			if (!strncmp(a, names[k], n) && (a[n] == '=' || a[n] == '\0'))
				break;
		}
		if (k == ARRAY_SIZE(names))
			return usage_error(
			    L(cli_lang, "unknown option \"%s\"", "unbekannte Option \"%s\""), a);
		if (!strchr(a, '=')) {
			if (i + 1 >= argc)
				return usage_error(
				    L(cli_lang, "%s needs a value", "%s braucht einen Wert"), a);
			v = argv[++i];
		}
		(void)v;
	}
	if (i >= argc) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	const struct cmd *cmd = NULL;
	for (size_t k = 0; k < ARRAY_SIZE(commands); k++)
		if (!strcmp(commands[k].name, argv[i]))
			cmd = &commands[k];
	if (!cmd)
		return usage_error(L(cli_lang, "\"%s\" is not a treue command (see treue --help)",
		                     "\"%s\" ist kein treue-Befehl (siehe treue --help)"),
		                   argv[i]);
	cur_cmd = cmd->name;
	c.cmd = cmd->name;
	/* Hand the command its argv with the leading global options moved after
	 * the command name, so that one parser sees them all. */
	char **av = xmalloc(sizeof(*av) * (size_t)(argc + 1));
	int n = 0;
	av[n++] = argv[i];
	for (int k = 1; k < i; k++)
		av[n++] = argv[k];
	for (int k = i + 1; k < argc; k++)
		av[n++] = argv[k];
	av[n] = NULL;
	rc = cmd->fn(n, av, &c);
	free(av);
	store_close(c.st);
	if (fflush(stdout) != 0 && rc == EXIT_OK)
		rc = error(L(cli_lang, "cannot write the output",
		             "die Ausgabe lässt sich nicht schreiben"));
	return rc;
}
