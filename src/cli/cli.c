/*
 * cli.c — the front door: finds the command in the command table, sets up
 * the context (database path, language, format, reference date), and the
 * shared CLI helpers: error messages, output, the application layer's
 * context, confirmation.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"

enum lang cli_lang = LANG_EN;
struct cli_output cli_output;

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
	struct err shown = *e;
	/* the field as people name it: Feld "Datum", not "date" */
	snprintf(shown.field, sizeof(shown.field), "%s", field_label(e->field, NULL, e->lang));
	err_format(&shown, &sb);
	error("%s", sb.buf);
	sb_release(&sb);
	return EXIT_ERR;
}

int write_whole(const char *path, const struct strbuf *sb, int private, struct err *e)
{
	struct strbuf tmp = STRBUF_INIT;
	int fd = tmpfile_beside(path, &tmp), rc = -1;
	FILE *f = fd >= 0 && (!private || fchmod(fd, 0600) == 0) ? fdopen(fd, "w") : NULL;
	if (!f) {
		err_set(e, L(e->lang, "%s: cannot write: %s", "%s: nicht schreibbar: %s"), path,
		        strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp.buf);
		}
		goto out;
	}
	int bad = fwrite(sb->buf, 1, sb->len, f) != sb->len;
	bad |= fflush(f) != 0 || fsync(fd) != 0;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp.buf, path)) {
		err_set(e, L(e->lang, "%s: cannot write: %s", "%s: nicht schreibbar: %s"), path,
		        strerror(errno));
		unlink(tmp.buf);
		goto out;
	}
	rc = 0;
out:
	sb_release(&tmp);
	return rc;
}

static int write_file(const char *path, const struct strbuf *sb)
{
	struct err e;
	err_init(&e, cli_lang);
	return write_whole(path, sb, 0, &e) ? print_err(&e) : EXIT_OK;
}

int emit(const struct strbuf *sb)
{
	if (cli_output.xlsx) {
		struct err e = {.lang = cli_lang};
		if (xlsx_write_csv(cli_output.path, cli_output.cmd, sb->buf, sb->len, cli_lang, &e))
			return print_err(&e);
		return EXIT_OK;
	}
	if (cli_output.path)
		return write_file(cli_output.path, sb);
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

int ctx_app(struct ctx *c, const struct opt_list *sets, struct app_ctx *a)
{
	memset(a, 0, sizeof(*a));
	if (!ctx_store(c))
		return EXIT_ERR;
	a->st = c->st;
	a->lang = cli_lang;
	a->as_of = c->as_of;
	a->today = day_today();
	if (sets) {
		a->overrides = sets->v;
		a->noverrides = sets->n;
	}
	return EXIT_OK;
}

int app_failed(int rc, const struct err *e)
{
	print_err(e);
	return rc == APP_BAD_REQUEST ? EXIT_USAGE : EXIT_ERR;
}

void print_note(const struct err *note)
{
	if (!note->msg[0])
		return;
	struct strbuf sb = STRBUF_INIT;
	err_format(note, &sb);
	warning("%s", sb.buf);
	sb_release(&sb);
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
	fprintf(out, "%s\n\n",
	        L(cli_lang, "usage: treue [--db PATH] [--lang en|de] COMMAND [OPTIONS]",
	          "Aufruf: treue [--db PFAD] [--lang en|de] BEFEHL [OPTIONEN]"));
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
		const char *names[] = {"--db", "--lang", "--format", "--as-of", "--output"};
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
