/*
 * cmd_demo.c — `treue demo`: fills an empty database with the realistic,
 * deterministic demo data of src/demo/ (through the application layer),
 * or writes the same data as CSV files in English or German style
 * (--csv DIR, --lang de).
 */
#include <inttypes.h>
#include <string.h>

#include "../demo/demo.h"
#include "cli.h"

/* n with thousands grouping in the language of the output: 5,000 / 5.000 */
static const char *grouped(int64_t n, char buf[static 40])
{
	money_format_human(n * 100, cli_lang, buf);
	buf[strlen(buf) - 3] = '\0'; /* without the cents */
	return buf;
}

static void progress(void *arg, long done, long total)
{
	char a[40], b[40];
	(void)arg;
	fprintf(stderr,
	        L(cli_lang, "\rgenerating: %s of %s customers (%d%%)   ",
	          "\rerzeuge: %s von %s Kunden (%d %%)   "),
	        grouped(done, a), grouped(total, b), (int)(100.0 * done / total));
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

/* "  Aufträge          42.944  (791 Gutschriften)" */
static void count_line(const char *label, int64_t v, const char *more)
{
	char a[40];
	int w = 0;
	for (const char *p = label; *p; p++)
		w += ((unsigned char)*p & 0xc0) != 0x80;
	printf("  %s%*s%10s%s\n", label, w < 16 ? 16 - w : 0, "", grouped(v, a), more);
}

static void print_counts(const struct demo_counts *n)
{
	char a[40], more[96];
	snprintf(
	    more, sizeof(more),
	    L(cli_lang, "  (%s prospects without orders)", "  (%s Interessenten ohne Auftrag)"),
	    grouped(n->prospects, a));
	count_line(L(cli_lang, "customers", "Kunden"), n->customers, more);
	snprintf(more, sizeof(more), L(cli_lang, "  (%s credit notes)", "  (%s Gutschriften)"),
	         grouped(n->credit_notes, a));
	count_line(L(cli_lang, "orders", "Aufträge"), n->orders, more);
	count_line(L(cli_lang, "surveys", "Umfragen"), n->surveys, "");
	count_line(L(cli_lang, "dialogues", "Kundengespräche"), n->dialogs, "");
	count_line(L(cli_lang, "promises", "Zusagen"), n->promises, "");
	count_line(L(cli_lang, "complaints", "Reklamationen"), n->complaints, "");
	count_line(L(cli_lang, "stories", "Geschichten"), n->stories, "");
	count_line(L(cli_lang, "referrals", "Empfehlungen"), n->referrals, "");
	count_line(L(cli_lang, "departures", "Abgänge"), n->departures, "");
}

static int demo_to_csv(const struct demo_opts *o, const char *dir, int force, int xlsx)
{
	struct demo_csv *csv;
	struct demo_counts n;
	struct err e = {.lang = cli_lang};
	err_clear(&e);
	if ((xlsx ? demo_xlsx_open : demo_csv_open)(dir, cli_lang, force, &csv, &e))
		return print_err(&e);
	if (demo_generate(o, &demo_csv_sink, csv, &n, &e)) {
		demo_csv_close(csv, NULL);
		return print_err(&e);
	}
	if (demo_csv_close(csv, &e))
		return print_err(&e);
	if (xlsx)
		printf(L(cli_lang, "demo workbooks (%s style) in %s:\n",
		         "Demo-Arbeitsmappen (%s) in %s:\n"),
		       L(cli_lang, "English", "deutsch"), dir);
	else
		printf(L(cli_lang, "demo CSV files (%s style) in %s:\n",
		         "Demo-CSV-Dateien (%s) in %s:\n"),
		       L(cli_lang, "English", "deutsch"), dir);
	print_counts(&n);
	return EXIT_OK;
}

static void writing(void *arg)
{
	if (((const struct demo_opts *)arg)->progress)
		fprintf(stderr, "%s\n",
		        L(cli_lang, "writing the database ...", "schreibe die Datenbank ..."));
}

static int demo_to_store(struct ctx *c, const struct demo_opts *o, int force)
{
	struct demo_counts n;
	struct app_ctx ac;
	struct err e;
	char end[11];
	if (ctx_app(c, NULL, &ac))
		return EXIT_ERR;
	err_init(&e, cli_lang);
	int rc = app_demo(&ac, o, force, writing, (void *)o, &n, &e);
	if (rc)
		return app_failed(rc, &e);
	printf(L(cli_lang, "demo data in %s (seed %" PRIu64 ", %d %s up to %s):\n",
	         "Demodaten in %s (Startwert %" PRIu64 ", %d %s bis %s):\n"),
	       store_path(c->st), o->seed, o->years,
	       plural(o->years, L(cli_lang, "year", "Jahr"), L(cli_lang, "years", "Jahre")),
	       day_format_lang(o->end, cli_lang, end));
	print_counts(&n);
	return EXIT_OK;
}

int cmd_demo(int argc, char **argv, struct ctx *c)
{
	long customers = 5000, seed = 1, years = 6, per_customer = 30;
	day_t until = DAY_NONE;
	const char *csv = NULL, *xlsx = NULL, *texts = NULL;
	int force = 0;
	const struct option opts[] = {
	    OPT_INT("customers", &customers, "N", "how many customers (default 5000)",
	            "wie viele Kunden (Vorgabe 5000)"),
	    OPT_INT("seed", &seed, "S", "seed of the random numbers (default 1)",
	            "Startwert der Zufallszahlen (Vorgabe 1)"),
	    OPT_INT("years", &years, "Y", "years of order history (default 6)",
	            "Jahre Auftragshistorie (Vorgabe 6)"),
	    OPT_INT("orders-per-customer", &per_customer, "M",
	            "mean number of orders of a buying customer (default 30)",
	            "mittlere Zahl der Aufträge eines kaufenden Kunden (Vorgabe 30)"),
	    OPT_DATE("until", &until, "last day of the history (default today)",
	             "letzter Tag der Historie (Vorgabe heute)"),
	    OPT_STRING("texts", &texts, "en|de",
	               "language of the journal texts, industries and regions (default en)",
	               "Sprache der Journaltexte, Branchen und Regionen (Vorgabe en)"),
	    OPT_STRING(
	        "csv", &csv, "DIR",
	        "write CSV files into DIR instead of the database (--lang de: German style)",
	        "CSV-Dateien nach DIR schreiben statt in die Datenbank (--lang de: deutsch)"),
	    OPT_STRING("xlsx", &xlsx, "DIR",
	               "write Excel workbooks into DIR instead of the database (--lang de: German "
	               "names and words)",
	               "Excel-Arbeitsmappen nach DIR schreiben statt in die Datenbank (--lang de: "
	               "deutsche Namen und Wörter)"),
	    OPT_FLAG("force", &force, "write into a database with data, or over existing CSV files",
	             "auch in eine Datenbank mit Daten bzw. über vorhandene CSV-Dateien schreiben"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue demo [--customers N] [--seed S] [--years Y] [--csv DIR | --xlsx DIR] [options]",
	    "Creates a realistic demo customer base: companies with orders over the years,\n"
	    "credit notes, surveys, dialogues, promises, complaints, extra-mile stories,\n"
	    "referrals and departures. The same options give the same data, byte for byte.\n"
	    "It writes into an empty database, or with --csv into nine CSV files that\n"
	    "`treue import` reads back to the same data (English style, or German style with\n"
	    "--lang de: semicolons, Windows-1252, 24.11.2026, 1.234,56). The --lang option\n"
	    "never changes the data itself; --texts chooses the language of its texts.\n"
	    "With --xlsx DIR the same data goes into nine Excel workbooks instead.",
	    "Erzeugt einen realistischen Demo-Kundenstamm: Firmen mit Aufträgen über die Jahre,\n"
	    "Gutschriften, Umfragen, Kundengespräche, Zusagen, Reklamationen, Geschichten von der\n"
	    "Extrameile, Empfehlungen und Abgänge. Dieselben Optionen ergeben dieselben Daten,\n"
	    "Byte für Byte. Schreibt in eine leere Datenbank oder mit --csv in neun CSV-Dateien,\n"
	    "die `treue import` wieder zu denselben Daten einliest (englisch, oder mit --lang de\n"
	    "deutsch: Semikolon, Windows-1252, 24.11.2026, 1.234,56). Die Option --lang ändert\n"
	    "nie die Daten selbst; --texts wählt die Sprache ihrer Texte.\n"
	    "Mit --xlsx DIR gehen dieselben Daten stattdessen in neun Excel-Arbeitsmappen.",
	};
	struct demo_opts o;
	struct err e = {.lang = cli_lang};
	if (parse_options(c, argc, argv, opts, &help) != 0)
		return usage_error(L(cli_lang, "demo takes no arguments (see --help)",
		                     "demo erwartet keine Argumente (siehe --help)"));
	demo_opts_default(&o);
	o.customers = customers;
	o.seed = (uint64_t)seed;
	o.years = years < 0 || years > DEMO_MAX_YEARS ? -1 : (int)years;
	o.orders_per_customer = (double)per_customer;
	if (until != DAY_NONE)
		o.end = until;
	if (texts && lang_parse(texts, &o.texts))
		return usage_error(L(cli_lang, "--texts: \"%s\" is not en or de",
		                     "--texts: \"%s\" ist weder en noch de"),
		                   texts);
	err_clear(&e);
	if (demo_opts_check(&o, &e))
		return usage_error("%s", e.msg);
	if (stderr_is_tty())
		o.progress = progress;
	if (csv && xlsx)
		return usage_error(L(cli_lang, "--csv and --xlsx: choose one",
		                     "--csv und --xlsx: bitte nur eines"));
	if (csv || xlsx)
		return demo_to_csv(&o, csv ? csv : xlsx, force, xlsx != NULL);
	return demo_to_store(c, &o, force);
}
