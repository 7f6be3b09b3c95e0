/*
 * options.c — option tables: parsing (long options, --name=value or
 * --name value, global options accepted anywhere) and the --help text
 * generated from the same tables, in English or German.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *format_arg, *lang_arg, *output_arg;
static day_t as_of_arg = DAY_NONE;
static const char *db_arg;

static const struct option global_opts[] = {
    OPT_GROUP("Global options", "Globale Optionen"),
    OPT_STRING("db", &db_arg, "PATH",
               "database file or postgresql:// URL (default: $TREUE_DB, else treue.db)",
               "Datenbankdatei oder postgresql://-URL (Vorgabe: $TREUE_DB, sonst treue.db)"),
    OPT_STRING("format", &format_arg, "text|json|csv|xlsx",
               "output format (default text; xlsx needs --output)",
               "Ausgabeformat (Vorgabe text; xlsx braucht --output)"),
    OPT_STRING("output", &output_arg, "FILE", "write to FILE instead of standard output",
               "in DATEI statt auf die Standardausgabe schreiben"),
    OPT_DATE("as-of", &as_of_arg, "reference date D (default: the day after the latest order)",
             "Stichtag D (Vorgabe: der Tag nach dem letzten Auftrag)"),
    OPT_STRING("lang", &lang_arg, "en|de", "language of the output (default from LANG)",
               "Sprache der Ausgabe (Vorgabe aus LANG)"),
    OPT_END(),
};

void opt_list_release(struct opt_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static const struct option *find_opt(const struct option *opts, const char *name, size_t n)
{
	for (; opts && opts->type != OPT_END_; opts++)
		if (opts->name && strlen(opts->name) == n && !strncmp(opts->name, name, n))
			return opts;
	return NULL;
}

/* The placeholders of usage lines and options in German: whole words
 * only, so that names of commands and fields stay as they are typed. */
static const char *const placeholder_de[][2] = {
    {"[options]", "[Optionen]"},
    {"OPTIONS", "OPTIONEN"},
    {"VALUE", "WERT"},
    {"NAME", "NAME"},
    {"TEXT", "TEXT"},
    {"DAYS", "TAGE"},
    {"WHERE", "WO"},
    {"REASON", "GRUND"},
    {"KIND", "ART"},
    {"KEY", "SCHLÜSSEL"},
    {"or:", "oder:"},
    {"ROLE", "ROLLE"},
    {"OWNER", "BETREUER"},
    {"MINUTES", "MINUTEN"},
    {"HOURS", "STUNDEN"},
    {"ADDR:PORT", "ADRESSE:PORT"},
    {"unlinks", "löst"},
    {"YYYY-Www", "JJJJ-Www"},
    {"CHANNEL", "KANAL"},
    {"AMOUNT", "BETRAG"},
    {"STATUS", "STATUS"},
    {"PATH", "PFAD"},
    {"FILE", "DATEI"},
    {"DIR", "VERZEICHNIS"},
    {"REJECTS.csv", "ABGELEHNT.csv"},
    {"KEY=VALUE", "SCHLÜSSEL=WERT"},
    {"COLUMN=FIELD", "SPALTE=FELD"},
    {"+POINTS", "+PUNKTE"},
    {"YYYY-MM-DD", "TT.MM.JJJJ"},
    {"DATE", "DATUM"},
    {"see", "siehe"},
    {"ID", "NR"},
    {"NAME-PREFIX", "NAMENSANFANG"},
};

static int word_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* Appends s with its placeholders in the CLI's language: a placeholder is
 * replaced where it stands as a whole word (the longest one that fits). */
static void add_placeholders(struct strbuf *out, const char *s)
{
	const char *start = s;
	while (*s) {
		size_t best = 0, bi = 0;
		if (cli_lang == LANG_DE && (s == start || !word_char(s[-1])))
			for (size_t i = 0; i < ARRAY_SIZE(placeholder_de); i++) {
				size_t n = strlen(placeholder_de[i][0]);
				if (n > best && !strncmp(s, placeholder_de[i][0], n) &&
				    !word_char(s[n]))
					best = n, bi = i;
			}
		if (best) {
			sb_adds(out, placeholder_de[bi][1]);
			s += best;
		} else {
			sb_addch(out, *s++);
		}
	}
}

static void print_opts(const struct option *o, FILE *out)
{
	for (; o->type != OPT_END_; o++) {
		char left[64];
		if (o->type == OPT_GROUP_) {
			fprintf(out, "\n%s:\n", L(cli_lang, o->help_en, o->help_de));
			continue;
		}
		if (o->type == OPT_FLAG_) {
			snprintf(left, sizeof(left), "--%s", o->name);
		} else {
			struct strbuf a = STRBUF_INIT;
			add_placeholders(&a, o->argh ? o->argh : "VALUE");
			snprintf(left, sizeof(left), "--%s %s", o->name, a.buf);
			sb_release(&a);
		}
		/* display columns, not bytes: SCHLÜSSEL is nine wide */
		int width = 0;
		for (const char *p = left; *p; p++)
			width += ((unsigned char)*p & 0xc0) != 0x80;
		if (width > 26)
			fprintf(out, "  %s\n  %-26s  %s\n", left, "",
			        L(cli_lang, o->help_en, o->help_de));
		else
			fprintf(out, "  %s%*s  %s\n", left, 26 - width, "",
			        L(cli_lang, o->help_en, o->help_de));
	}
}

void usage_with_options(const struct ctx *c, const struct option *opts, const struct cmd_help *help,
                        FILE *out)
{
	struct strbuf u = STRBUF_INIT;
	add_placeholders(&u, help->usage);
	fprintf(out, "%s %s\n", L(cli_lang, "usage:", "Aufruf:"), u.buf);
	sb_release(&u);
	if (help->about_en)
		fprintf(out, "\n%s\n", L(cli_lang, help->about_en, help->about_de));
	if (opts && opts->type != OPT_END_) {
		if (opts->type != OPT_GROUP_)
			fprintf(out, "\n%s:\n", L(cli_lang, "Options", "Optionen"));
		print_opts(opts, out);
	}
	print_opts(global_opts, out);
}

static int set_value(struct ctx *c, const struct option *o, const char *v)
{
	char *end;
	switch (o->type) {
	case OPT_STRING_: *(const char **)o->value = v; return 0;
	case OPT_INT_: {
		long n = strtol(v, &end, 10);
		if (!*v || *end)
			return usage_error(L(cli_lang, "--%s: \"%s\" is not a whole number",
			                     "--%s: \"%s\" ist keine ganze Zahl"),
			                   o->name, v);
		*(long *)o->value = n;
		return 0;
	}
	case OPT_DATE_: {
		day_t d;
		if (day_parse_input(v, day_today(), &d))
			return usage_error(
			    L(cli_lang,
			      "--%s: \"%s\" is not a date from 1900 to 9999 (2026-11-24, "
			      "24.11.2026, today or +7)",
			      "--%s: \"%s\" ist kein Datum von 1900 bis 9999 (wie 24.11.2026, "
			      "heute oder +7)"),
			    o->name, v);
		*(day_t *)o->value = d;
		return 0;
	}
	case OPT_LIST_: {
		struct opt_list *l = o->value;
		ALLOC_GROW(l->v, l->n + 1, l->alloc);
		l->v[l->n++] = v;
		return 0;
	}
	default: return 0;
	}
}

static int apply_globals(struct ctx *c)
{
	if (db_arg) {
		/* "" would be a temporary database that vanishes after the command */
		if (!*db_arg)
			return usage_error(L(cli_lang, "--db: the database path is empty",
			                     "--db: der Pfad der Datenbank ist leer"));
		c->db = db_arg;
	}
	if (as_of_arg != DAY_NONE)
		c->as_of = as_of_arg;
	if (lang_arg) {
		enum lang l;
		if (lang_parse(lang_arg, &l))
			return usage_error(L(cli_lang, "--lang: \"%s\" is not en or de",
			                     "--lang: \"%s\" ist weder en noch de"),
			                   lang_arg);
		cli_lang = l;
	}
	if (format_arg) {
		if (!strcmp(format_arg, "text"))
			c->format = FMT_TEXT;
		else if (!strcmp(format_arg, "json"))
			c->format = FMT_JSON;
		else if (!strcmp(format_arg, "csv"))
			c->format = FMT_CSV;
		else if (!strcmp(format_arg, "xlsx"))
			c->format = FMT_CSV, cli_output.xlsx = 1;
		else
			return usage_error(
			    L(cli_lang, "--format: \"%s\" is not text, json, csv or xlsx",
			      "--format: \"%s\" ist weder text, json, csv noch xlsx"),
			    format_arg);
		c->format_set = 1;
	}
	if (output_arg) {
		if (!*output_arg)
			return usage_error(L(cli_lang, "--output needs a file name",
			                     "--output braucht einen Dateinamen"));
		cli_output.path = output_arg;
	}
	cli_output.cmd = c->cmd;
	if (cli_output.xlsx) {
		static const char *const can[] = {"report", "segments", "actions", "movement",
		                                  "whatif", "list",     "agenda"};
		size_t k = 0;
		while (k < ARRAY_SIZE(can) && strcmp(can[k], c->cmd ? c->cmd : ""))
			k++;
		if (k == ARRAY_SIZE(can))
			return usage_error(L(cli_lang,
			                     "--format xlsx is for report, segments, actions, "
			                     "movement, whatif, list and "
			                     "agenda",
			                     "--format xlsx gibt es für report, segments, actions, "
			                     "movement, whatif, list "
			                     "und agenda"));
		if (!cli_output.path)
			return usage_error(L(cli_lang, "--format xlsx needs --output FILE.xlsx",
			                     "--format xlsx braucht --output DATEI.xlsx"));
	}
	return 0;
}

int parse_options(struct ctx *c, int argc, char **argv, const struct option *opts,
                  const struct cmd_help *help)
{
	int npos = 0, only_pos = 0;
	/* Language first, so that messages about other options use it. */
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strncmp(argv[i], "--lang=", 7))
			lang_arg = argv[i] + 7;
		else if (!strcmp(argv[i], "--lang") && i + 1 < argc)
			lang_arg = argv[i + 1];
	}
	if (lang_arg) {
		enum lang l;
		if (lang_parse(lang_arg, &l) == 0)
			cli_lang = l;
	}
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (only_pos || a[0] != '-' || a[1] == '\0' ||
		    (a[1] != '-' && !(a[1] == 'h' && !a[2]))) {
			argv[npos++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage_with_options(c, opts, help, stdout);
			exit(EXIT_OK);
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t n = eq ? (size_t)(eq - name) : strlen(name);
		const struct option *o = find_opt(opts, name, n);
		if (!o)
			o = find_opt(global_opts, name, n);
		if (!o) {
			usage_error(L(cli_lang, "unknown option \"%.*s\" (see --help)",
			              "unbekannte Option \"%.*s\" (siehe --help)"),
			            (int)n + 2, a);
			exit(EXIT_USAGE);
		}
		if (o->type == OPT_FLAG_) {
			if (eq) {
				usage_error(
				    L(cli_lang, "--%s takes no value", "--%s erwartet keinen Wert"),
				    o->name);
				exit(EXIT_USAGE);
			}
			*(int *)o->value = 1;
			continue;
		}
		const char *v = eq ? eq + 1 : NULL;
		if (!v) {
			if (i + 1 >= argc) {
				usage_error(
				    L(cli_lang, "--%s needs a value", "--%s braucht einen Wert"),
				    o->name);
				exit(EXIT_USAGE);
			}
			v = argv[++i];
		}
		if (set_value(c, o, v))
			exit(EXIT_USAGE);
	}
	if (apply_globals(c))
		exit(EXIT_USAGE);
	if (cli_output.path) {
		struct err e;
		err_init(&e, cli_lang);
		if (app_output_check(c->db, cli_output.path, &e)) {
			print_err(&e);
			exit(EXIT_ERR);
		}
	}
	argv[npos] = NULL;
	return npos;
}
