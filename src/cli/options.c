/*
 * options.c — option tables: parsing (long options, --name=value or
 * --name value, global options accepted anywhere) and the --help text
 * generated from the same tables, in English or German.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *format_arg, *lang_arg;
static day_t as_of_arg = DAY_NONE;
static const char *db_arg;

static const struct option global_opts[] = {
    OPT_GROUP("Global options", "Globale Optionen"),
    OPT_STRING("db", &db_arg, "PATH", "database file (default: $TREUE_DB, else treue.db)",
               "Datenbankdatei (Vorgabe: $TREUE_DB, sonst treue.db)"),
    OPT_STRING("format", &format_arg, "text|json|csv", "output format (default text)",
               "Ausgabeformat (Vorgabe text)"),
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

static void print_opts(const struct option *o, FILE *out)
{
	for (; o->type != OPT_END_; o++) {
		char left[64];
		if (o->type == OPT_GROUP_) {
			fprintf(out, "\n%s:\n", L(cli_lang, o->help_en, o->help_de));
			continue;
		}
		if (o->type == OPT_FLAG_)
			snprintf(left, sizeof(left), "--%s", o->name);
		else
			snprintf(left, sizeof(left), "--%s %s", o->name,
			         o->argh ? o->argh : "VALUE");
		if (strlen(left) > 26)
			fprintf(out, "  %s\n  %-26s  %s\n", left, "",
			        L(cli_lang, o->help_en, o->help_de));
		else
			fprintf(out, "  %-26s  %s\n", left, L(cli_lang, o->help_en, o->help_de));
	}
}

void usage_with_options(const struct ctx *c, const struct option *opts, const struct cmd_help *help,
                        FILE *out)
{
	fprintf(out, "%s %s\n", L(cli_lang, "usage:", "Aufruf:"), help->usage);
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
		int got = day_parse_iso(v, &d);
		if (got == -2)
			return usage_error(
			    L(cli_lang, "--%s: \"%s\" " DAY_RANGE_EN, "--%s: \"%s\" " DAY_RANGE_DE),
			    o->name, v);
		if (got)
			return usage_error(L(cli_lang, "--%s: \"%s\" is not a date (YYYY-MM-DD)",
			                     "--%s: \"%s\" ist kein Datum (JJJJ-MM-TT)"),
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
	if (db_arg)
		c->db = db_arg;
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
		else
			return usage_error(L(cli_lang, "--format: \"%s\" is not text, json or csv",
			                     "--format: \"%s\" ist weder text, json noch csv"),
			                   format_arg);
		c->format_set = 1;
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
	argv[npos] = NULL;
	return npos;
}
