/*
 * cmd_model.c — the model commands: report, segments, actions, movement,
 * whatif, settings and bench.  Each loads the analysis once through the
 * application layer, asks it for the result and hands that to a report
 * writer.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cli.h"
#include "model_ctx.h"

/* Writes what the list writers have so far, keeping the buffer small;
 * a write error shows when the rest is emitted. */
static void spill_stdout(struct strbuf *out)
{
	if (cli_output.path)
		return; /* a file or a workbook is written whole at the end */
	if (fwrite(out->buf, 1, out->len, stdout) == out->len)
		sb_reset(out);
}

/* Emits the output unless the command failed, and releases what it used. */
static int finish(struct strbuf *out, struct app_analysis *a, const struct opt_list *sets, int rc)
{
	if (rc == EXIT_OK)
		rc = emit(out);
	sb_release(out);
	app_analysis_release(a);
	opt_list_release((struct opt_list *)sets);
	return rc;
}

/* The loyalty result of a model command (with the purchase model's
 * P(alive) and silent leavers when score >= 0), its note and timing
 * printed, and for CSV the orders dated after today on stderr. */
static int loyalty(const struct ctx *c, const struct app_ctx *ac, const struct app_analysis *a,
                   int score, int tenure, struct app_loyalty *r)
{
	struct err e;
	err_init(&e, cli_lang);
	int rc = app_loyalty(ac, a, score, tenure, r, &e);
	if (rc)
		return app_failed(rc, &e);
	print_timing(&r->l.timing);
	print_note(&r->note);
	if (c->format == FMT_CSV)
		cli_warn_future(&a->fut);
	return EXIT_OK;
}

int cmd_report(int argc, char **argv, struct ctx *c)
{
	const char *which = journal_report_which(argc, argv);
	if (which)
		return journal_report_with(c, which, argc, argv);
	struct opt_list sets = {0};
	long leavers = -1;
	const struct option opts[] = {
	    OPT_INT("leavers", &leavers, "N",
	            "list the first N silent leavers (default 20, in JSON 100; 0: all)",
	            "die ersten N stillen Abwanderer zeigen (Vorgabe 20, in JSON 100; 0: alle)"),
	    OPT_SETTINGS(&sets),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue report [--as-of D] [--format text|json|csv] [--leavers N] [--set KEY=VALUE]...\n"
	    "       treue report feedback|stories|promises|cadence [options]   (see treue report "
	    "KIND --help)",
	    "The loyalty report: retention (with new and reactivated customers and the\n"
	    "history of earlier years), the apostle model's segments, NPS, satisfaction,\n"
	    "profit by tenure year, the silent leavers (buy-till-you-die) and the size of the\n"
	    "action list.",
	    "Der Treue-Bericht: Kundenbindung (mit neuen und reaktivierten Kunden und dem\n"
	    "Verlauf früherer Jahre), die Segmente des Apostel-Modells, NPS, Zufriedenheit,\n"
	    "Gewinn nach Kundenjahr, die stillen Abwanderer (Buy-till-you-die) und der Umfang\n"
	    "der Aktionsliste.",
	};
	struct app_ctx ac;
	struct app_analysis a;
	struct app_loyalty r;
	struct strbuf out = STRBUF_INIT;
	int n = parse_options(c, argc, argv, opts, &help);
	if (n > 0) {
		opt_list_release(&sets);
		return usage_error(
		    L(cli_lang, "unknown report \"%s\"", "unbekannter Bericht \"%s\""), argv[0]);
	}
	int rc = cli_analysis(c, &sets, &ac, &a);
	if (rc == EXIT_OK && (rc = loyalty(c, &ac, &a, 1, 1, &r)) == EXIT_OK) {
		if (leavers < 0)
			leavers = c->format == FMT_JSON ? 100 : 20;
		report_loyalty(&a.ds, &r.l, &r.tenure, &r.bt, leavers, c->format, &out, cli_lang);
		app_loyalty_release(&r);
	}
	return finish(&out, &a, &sets, rc);
}

/* The filters' selection, or the error printed (EXIT_*). */
static int select_or_say(const struct app_ctx *ac, const struct app_analysis *a,
                         const struct loyalty *l, const struct app_filter *f,
                         struct app_selection *sel)
{
	struct err e;
	err_init(&e, cli_lang);
	int rc = app_select(ac, &a->ds, l, f, 0, NULL, 0, sel, &e);
	return rc ? app_failed(rc, &e) : EXIT_OK;
}

/* A filter that selects customers of whom none is on the list. */
static int none_listed(const struct app_filter *f, size_t selected)
{
	struct strbuf t = STRBUF_INIT;
	int rc = error(L(cli_lang,
	                 "none of the %zu customers that match %s is on this list (active at D)",
	                 "keiner der %zu Kunden zu %s steht auf dieser Liste (aktiv zum Stichtag)"),
	               selected, app_filter_text(f, cli_lang, &t));
	sb_release(&t);
	return rc;
}

int cmd_segments(int argc, char **argv, struct ctx *c)
{
	struct opt_list sets = {0};
	struct app_filter flt = {0};
	const struct option opts[] = {OPT_FILTERS(&flt), OPT_SETTINGS(&sets), OPT_END()};
	static const struct cmd_help help = {
	    "treue segments [--owner NAME] [--region R] [--industry I] [--segment S] [--as-of D]\n"
	    "       [--format text|json|csv]",
	    "Every active customer (a purchase in the last active_days before D, no departure\n"
	    "after it) and its segment in the apostle model, sorted by customer id, with orders\n"
	    "and revenue in the current period and the latest current survey's scores.",
	    "Jeder aktive Kunde (ein Kauf in den letzten active_days vor D, kein Abgang danach)\n"
	    "und sein Segment im Apostel-Modell, sortiert nach Kundennummer, mit Aufträgen und\n"
	    "Umsatz der aktuellen Periode und den Werten der letzten gültigen Umfrage.",
	};
	struct app_ctx ac;
	struct app_analysis a;
	struct app_loyalty r;
	struct strbuf out = STRBUF_INIT;
	if (parse_options(c, argc, argv, opts, &help) > 0) {
		opt_list_release(&sets);
		return usage_error(L(cli_lang, "segments takes no arguments",
		                     "segments erwartet keine Argumente"));
	}
	int rc = cli_analysis(c, &sets, &ac, &a);
	if (rc == EXIT_OK &&
	    (rc = loyalty(c, &ac, &a, c->format == FMT_TEXT ? 1 : 2, 0, &r)) == EXIT_OK) {
		struct app_selection sel;
		if ((rc = select_or_say(&ac, &a, &r.l, &flt, &sel)) == EXIT_OK) {
			size_t n = 0;
			for (size_t i = 0; sel.keep && i < r.l.ncust; i++)
				n += sel.keep[i] && segment_is_segment(r.l.fig[i].segment);
			if (sel.keep && !n)
				rc = none_listed(&flt, sel.nkept);
			else
				report_segments(&a.ds, &r.l, &r.bt, sel.keep, c->format,
				                spill_stdout, &out, cli_lang);
			app_selection_release(&sel);
		}
		app_loyalty_release(&r);
	}
	return finish(&out, &a, &sets, rc);
}

int cmd_actions(int argc, char **argv, struct ctx *c)
{
	struct opt_list sets = {0};
	struct action_filter flt = {0};
	struct app_filter who = {0};
	long prio = 0, limit = LONG_MIN; /* LONG_MIN: not given */
	int silent = 0;
	const struct option opts[] = {
	    OPT_INT("priority", &prio, "N", "only priority N (1-6)", "nur Priorität N (1-6)"),
	    OPT_FILTERS(&who),
	    OPT_FLAG("silent", &silent, "only the silent leavers", "nur die stillen Abwanderer"),
	    OPT_INT("limit", &limit, "N", "at most N rows", "höchstens N Zeilen"),
	    OPT_SETTINGS(&sets),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue actions [--priority N] [--owner NAME] [--region R] [--industry I] [--segment "
	    "S]\n"
	    "       [--silent] [--limit N] [--as-of D] [--format F]",
	    "The action list: every active customer once, in five priorities —\n"
	    "1 terrorists, then defectors, then the silent leavers: understand why, find real\n"
	    "value, stop bad word of mouth;\n"
	    "2 apostles: learn their needs, thank them; 3 loyal: make them apostles;\n"
	    "4 opportunists: tell them the value; 5 hostages: visit, understand their "
	    "requirements;\n"
	    "and 6, the unmeasured: ask them. Each row says why, and what is due.",
	    "Die Aktionsliste: jeder aktive Kunde einmal, in fünf Prioritäten —\n"
	    "1 Terroristen, dann Abtrünnige, dann stille Abwanderer: verstehen, warum; echten\n"
	    "Nutzen finden; schlechte Mundpropaganda stoppen;\n"
	    "2 Apostel: Bedürfnisse kennenlernen, danken; 3 die Treuen: zu Aposteln machen;\n"
	    "4 Opportunisten: den Nutzen zeigen; 5 Geiseln: besuchen, Anforderungen verstehen;\n"
	    "und 6, die noch nicht Befragten: fragen. Jede Zeile sagt, warum, und was fällig ist.",
	};
	struct app_ctx ac;
	struct app_analysis a;
	struct app_loyalty r;
	struct strbuf out = STRBUF_INIT;
	if (parse_options(c, argc, argv, opts, &help) > 0) {
		opt_list_release(&sets);
		return usage_error(
		    L(cli_lang, "actions takes no arguments", "actions erwartet keine Argumente"));
	}
	if (prio < 0 || prio > 6) {
		opt_list_release(&sets);
		return usage_error(L(cli_lang, "--priority is 1 to 6", "--priority ist 1 bis 6"));
	}
	if (limit != LONG_MIN && limit < 1) {
		opt_list_release(&sets);
		return usage_error(
		    L(cli_lang, "--limit is at least 1", "--limit ist mindestens 1"));
	}
	flt.priority = (int)prio;
	flt.limit = limit == LONG_MIN ? 0 : limit;
	flt.silent_only = silent;
	int rc = cli_analysis(c, &sets, &ac, &a);
	if (rc == EXIT_OK && (rc = loyalty(c, &ac, &a, 1, 0, &r)) == EXIT_OK) {
		struct app_selection sel;
		if ((rc = select_or_say(&ac, &a, &r.l, &who, &sel)) == EXIT_OK) {
			size_t n = 0;
			for (size_t k = 0; sel.keep && k < r.l.nactions; k++)
				n += sel.keep[r.l.actions[k].cust] &&
				     (!flt.priority || r.l.actions[k].priority == flt.priority);
			flt.keep = sel.keep;
			if (sel.keep && !n)
				rc = none_listed(&who, sel.nkept);
			else
				report_actions(&a.ds, &r.l, &flt, c->format, spill_stdout, &out,
				               cli_lang);
			app_selection_release(&sel);
		}
		app_loyalty_release(&r);
	}
	return finish(&out, &a, &sets, rc);
}

int cmd_movement(int argc, char **argv, struct ctx *c)
{
	struct opt_list sets = {0};
	day_t from = DAY_NONE, to = DAY_NONE;
	const struct option opts[] = {
	    OPT_DATE("from", &from, "the earlier date (default: D - 90 days)",
	             "der frühere Stichtag (Vorgabe: D - 90 Tage)"),
	    OPT_DATE("to", &to, "the later date (default: D)", "der spätere Stichtag (Vorgabe: D)"),
	    OPT_SETTINGS(&sets),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue movement [--from D1] [--to D2] [--format F]",
	    "How many customers moved from each segment at D1 to each segment at D2, with\n"
	    "their revenue in the current period at D2: the early warning that loyal customers\n"
	    "drift, and the proof that actions worked.",
	    "Wie viele Kunden von jedem Segment am Stichtag D1 in jedes Segment am Stichtag D2\n"
	    "gewandert sind, mit ihrem Umsatz der aktuellen Periode zu D2: das Frühwarnsignal,\n"
	    "dass die Treuen abrutschen, und der Beweis, dass Maßnahmen wirken.",
	};
	struct app_ctx ac;
	struct app_analysis a;
	struct strbuf out = STRBUF_INIT;
	struct movement mv;
	struct err e;
	if (parse_options(c, argc, argv, opts, &help) > 0) {
		opt_list_release(&sets);
		return usage_error(L(cli_lang, "movement takes no arguments",
		                     "movement erwartet keine Argumente"));
	}
	err_init(&e, cli_lang);
	int rc = cli_analysis(c, &sets, &ac, &a);
	if (rc == EXIT_OK && (rc = app_movement(&ac, &a, from, to, &mv, &e)))
		rc = app_failed(rc, &e);
	if (rc == EXIT_OK) {
		if (c->format == FMT_CSV)
			cli_warn_future(&a.fut);
		report_movement(&mv, &a.fut, c->format, &out, cli_lang);
	}
	return finish(&out, &a, &sets, rc);
}

int cmd_whatif(int argc, char **argv, struct ctx *c)
{
	struct opt_list sets = {0};
	const char *delta_s = "+5";
	const struct option opts[] = {
	    OPT_STRING("retention", &delta_s, "+POINTS",
	               "retention points to add (default +5; negative allowed)",
	               "Prozentpunkte Kundenbindung mehr (Vorgabe +5; negativ erlaubt)"),
	    OPT_SETTINGS(&sets),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue whatif [--retention +5] [--set discount=0.1] [--set horizon=10]",
	    "The value of a customer at retention r, CLV(r) = sum over k = 1..H of\n"
	    "m_k r^(k-1) / (1+d)^(k-1) - AC, at the current retention rate r and at r + the\n"
	    "given points, and the relative change of the value of the customer base (CLV times\n"
	    "the active customers). m_k comes from the company's own profit-by-tenure curve (per\n"
	    "active customer, up to the last year with at least tenure_min active customers).\n"
	    "Not the purchase model's expected margin of one customer (treue customer).",
	    "Der Wert eines Kunden bei der Kundenbindungsrate r, CLV(r) = Summe über k = 1..H\n"
	    "von m_k r^(k-1) / (1+d)^(k-1) - AK, bei der aktuellen Kundenbindungsrate r und bei r "
	    "+ den\n"
	    "angegebenen Punkten, und die relative Änderung des Werts des Kundenstamms (CLV mal\n"
	    "aktive Kunden). m_k stammt aus der eigenen Kundenjahr-Kurve (je aktivem Kunden, bis\n"
	    "zum letzten Jahr mit mindestens tenure_min aktiven Kunden). Nicht der erwartete\n"
	    "Deckungsbeitrag eines Kunden aus dem Kaufmodell (treue customer).",

	};
	struct app_ctx ac;
	struct app_analysis a;
	struct app_loyalty r;
	struct whatif w;
	struct strbuf out = STRBUF_INIT;
	struct err e;
	if (parse_options(c, argc, argv, opts, &help) > 0) {
		opt_list_release(&sets);
		return usage_error(
		    L(cli_lang, "whatif takes no arguments", "whatif erwartet keine Argumente"));
	}
	double delta;
	if (num_parse_input(delta_s, &delta) || delta < -100 || delta > 100) {
		opt_list_release(&sets);
		return usage_error(L(cli_lang,
		                     "--retention: \"%s\" is not a number of points (e.g. +5)",
		                     "--retention: \"%s\" ist keine Punktzahl (z. B. +5)"),
		                   delta_s);
	}
	err_init(&e, cli_lang);
	int rc = cli_analysis(c, &sets, &ac, &a);
	if (rc == EXIT_OK && (rc = app_whatif(&ac, &a, delta, &r, &w, &e)))
		rc = app_failed(rc, &e);
	if (rc == EXIT_OK) {
		print_timing(&r.l.timing);
		if (c->format == FMT_CSV)
			cli_warn_future(&a.fut);
		report_whatif(&r.l, &r.tenure, &w, c->format, &out, cli_lang);
		app_loyalty_release(&r);
	}
	return finish(&out, &a, &sets, rc);
}

/* A setting's value for people: a number with the language's decimal mark
 * ("0,10"), "auto" as "auto". */
static const char *setting_text(const char *v, char buf[static 64])
{
	double x;
	if (num_parse_input(v, &x) || strchr(v, '.') == NULL || strlen(v) >= 64)
		return v;
	snprintf(buf, 64, "%s", v);
	if (cli_lang == LANG_DE)
		*strchr(buf, '.') = ',';
	return buf;
}

int cmd_settings(int argc, char **argv, struct ctx *c)
{
	const struct option opts[] = {OPT_END()};
	static const struct cmd_help help = {
	    "treue settings [KEY [VALUE]]",
	    "Without arguments, lists every model setting with its value and default. With\n"
	    "KEY VALUE, stores a new value in the database (use \"default\" to go back).\n"
	    "Text shows amounts in the currency of the setting currency (EUR: €1,234.56).",
	    "Ohne Argumente: jede Modelleinstellung mit Wert und Vorgabe. Mit SCHLÜSSEL WERT\n"
	    "wird ein neuer Wert in der Datenbank gespeichert (der WERT \"Vorgabe\" stellt den\n"
	    "vorgegebenen Wert wieder her). Beträge zeigt der Text in der Währung currency\n"
	    "(EUR: 1.234,56 €).",
	};
	struct app_ctx ac;
	struct app_settings list;
	struct strbuf out = STRBUF_INIT;
	struct json j;
	struct err e;
	int n = parse_options(c, argc, argv, opts, &help);
	if (ctx_app(c, NULL, &ac))
		return EXIT_ERR;
	err_init(&e, cli_lang);
	if (n == 2) {
		int rc = app_settings_set(&ac, argv[0], argv[1], &e);
		return rc ? app_failed(rc, &e) : EXIT_OK;
	}
	if (n > 2)
		return usage_error(L(cli_lang, "settings takes at most KEY VALUE",
		                     "settings erwartet höchstens SCHLÜSSEL WERT"));
	int rc = app_settings_list(&ac, n == 1 ? argv[0] : NULL, &list, &e);
	if (rc)
		return app_failed(rc, &e);
	if (c->format == FMT_JSON) {
		json_init(&j, &out, 1);
		json_obj_begin(&j);
	} else if (c->format == FMT_CSV) {
		sb_adds(&out, "key,value,default\n");
	}
	for (size_t i = 0; i < list.n; i++) {
		const struct setting_def *d = list.v[i].def;
		const char *v = list.v[i].value;
		if (c->format == FMT_JSON) {
			json_key(&j, d->key);
			json_str(&j, v);
		} else if (c->format == FMT_CSV) {
			csv_field(&out, d->key, 1);
			csv_field(&out, v, 0);
			csv_field(&out, d->dflt, 0);
			sb_addch(&out, '\n');
		} else {
			char v1[64], v2[64];
			sb_addf(&out, "%-15s %-8s (%s %s)  %s\n", d->key, setting_text(v, v1),
			        L(cli_lang, "default", "Vorgabe"), setting_text(d->dflt, v2),
			        L(cli_lang, d->help_en, d->help_de));
		}
	}
	if (c->format == FMT_JSON)
		json_obj_end(&j);
	app_settings_release(&list);
	rc = emit(&out);
	sb_release(&out);
	return rc;
}

int cmd_bench(int argc, char **argv, struct ctx *c)
{
	long runs = 5;
	struct opt_list sets = {0};
	const struct option opts[] = {
	    OPT_INT("runs", &runs, "N", "repetitions of the computation (default 5)",
	            "Wiederholungen der Berechnung (Vorgabe 5)"),
	    OPT_SETTINGS(&sets),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue bench [--runs N]",
	    "Loads the dataset once and times the loyalty report plus the action list N times\n"
	    "on it, as the server holds it (warm, after one untimed run); prints the load time,\n"
	    "the median and the dataset's memory per order row.",
	    "Lädt den Datenbestand einmal und misst den Treue-Bericht samt Aktionsliste N-mal\n"
	    "darauf, wie ihn der Server hält (warm; ein erster Lauf vorab zählt nicht); gibt\n"
	    "Ladezeit, Median und den Speicher des Datenbestands je Auftragszeile aus.",
	};
	struct app_ctx ac;
	struct app_analysis a;
	struct app_bench b;
	struct err e;
	if (parse_options(c, argc, argv, opts, &help) > 0 || runs < 1 || runs > 1000) {
		opt_list_release(&sets);
		return usage_error(L(cli_lang, "bench takes only --runs N (1-1000)",
		                     "bench erwartet nur --runs N (1-1000)"));
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = cli_analysis(c, &sets, &ac, &a);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double load_ms =
	    (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	err_init(&e, cli_lang);
	if (rc == EXIT_OK && (rc = app_bench(&ac, &a, (int)runs, &b, &e)))
		rc = app_failed(rc, &e);
	if (rc == EXIT_OK) {
		struct rusage ru;
		print_timing(&b.last);
		getrusage(RUSAGE_SELF, &ru);
		printf("customers: %zu\n", a.ds.ncust);
		printf("orders: %zu\n", a.ds.norders);
		printf("load_ms: %.1f\n", load_ms);
		printf("warm_ms_median: %.1f\n", b.compute_ms[runs / 2]);
		printf("warm_ms_min: %.1f\n", b.compute_ms[0]);
		printf("tenure_ms_median: %.1f\n", b.tenure_ms[runs / 2]);
		printf("dataset_bytes: %zu\n", b.dataset_bytes);
		printf("dataset_bytes_per_order: %.1f\n",
		       a.ds.norders ? (double)b.order_bytes / (double)a.ds.norders : 0.0);
		printf("dataset_bytes_per_order_all_tables: %.1f\n",
		       a.ds.norders ? (double)b.dataset_bytes / (double)a.ds.norders : 0.0);
		printf("peak_rss_mb: %.1f\n", (double)ru.ru_maxrss / 1024.0);
		app_bench_release(&b);
	}
	app_analysis_release(&a);
	opt_list_release(&sets);
	return rc;
}
