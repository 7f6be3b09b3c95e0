/*
 * cmd_model.c — the model commands: report, segments, actions, movement,
 * whatif, settings and bench.  Each loads the dataset once, computes with
 * the model and hands the result to a report writer.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "../journal/journal.h"
#include "cli.h"
#include "model_ctx.h"

/* Buy-till-you-die for the loyalty result: P(alive) per customer and the
 * silent leavers marked (l borrows from r; release r after l is used). */
static void attach_btyd(struct ctx *c, struct model_ctx *m, struct loyalty *l, int score,
                        struct btyd_result *r, uint8_t **silent)
{
	btyd_cached(c, m, m->as_of, 0, score, 0, r);
	*silent = NULL;
	if (!r->ok)
		return;
	*silent = xcalloc(m->ds.ncust + 1, 1);
	for (size_t k = 0; k < r->nsilent; k++)
		(*silent)[r->silent[k].cust] = 1;
	l->p_alive = r->p_alive;
	l->silent = *silent;
}

/* Writes what the list writers have so far, keeping the buffer small;
 * a write error shows when the rest is emitted. */
static void spill_stdout(struct strbuf *out)
{
	if (fwrite(out->buf, 1, out->len, stdout) == out->len)
		sb_reset(out);
}

static int finish(struct strbuf *out, struct model_ctx *m, int rc)
{
	if (rc == EXIT_OK)
		rc = emit(out);
	sb_release(out);
	model_ctx_release(m);
	return rc;
}

/* The segments the cadence report groups by: computed once per date. */
struct seg_lookup {
	struct ctx *c;
	struct model_ctx m;
	int loaded, failed;
	day_t d;
	struct loyalty l;
};

static const char *segment_of(void *arg, int64_t key, day_t d)
{
	struct seg_lookup *sl = arg;
	if (sl->failed)
		return NULL;
	if (!sl->loaded) {
		if (model_ctx_load(sl->c, &sl->m, NULL)) {
			sl->failed = 1;
			return NULL;
		}
		sl->loaded = 1;
		sl->d = DAY_NONE;
	}
	if (sl->d != d) {
		if (sl->d != DAY_NONE)
			loyalty_release(&sl->l);
		model_compute(&sl->m.ds, d, &sl->m.set, &sl->l);
		sl->d = d;
	}
	/* customer indexes follow the store keys in ascending order */
	size_t lo = 0, hi = sl->m.ds.ncust;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sl->m.ds.key[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= sl->m.ds.ncust || sl->m.ds.key[lo] != key)
		return NULL;
	return segment_key[sl->l.fig[lo].segment];
}

int cmd_report(int argc, char **argv, struct ctx *c)
{
	const char *which = journal_report_which(argc, argv);
	if (which) {
		struct seg_lookup sl;
		memset(&sl, 0, sizeof(sl));
		sl.c = c;
		struct journal_model jm = {segment_of, &sl};
		int jrc = journal_report_with(c, which, argc, argv, &jm);
		if (sl.loaded) {
			if (sl.d != DAY_NONE)
				loyalty_release(&sl.l);
			model_ctx_release(&sl.m);
		}
		return jrc;
	}
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
	struct model_ctx m;
	struct strbuf out = STRBUF_INIT;
	int n = parse_options(c, argc, argv, opts, &help);
	if (n > 0) {
		opt_list_release(&sets);
		return usage_error(
		    L(cli_lang, "unknown report \"%s\"", "unbekannter Bericht \"%s\""), argv[0]);
	}
	int rc = model_ctx_load(c, &m, &sets);
	opt_list_release(&sets);
	if (rc)
		return rc;
	struct loyalty l;
	struct tenure_curve t;
	struct btyd_result r;
	uint8_t *silent;
	if (leavers < 0)
		leavers = c->format == FMT_JSON ? 100 : 20;
	model_compute(&m.ds, m.as_of, &m.set, &l);
	print_timing(&l.timing);
	model_tenure(&m.ds, m.as_of, m.set.window, &t);
	attach_btyd(c, &m, &l, 1, &r, &silent);
	report_loyalty(&m.ds, &l, &t, &r, leavers, c->format, &out, cli_lang);
	tenure_release(&t);
	loyalty_release(&l);
	btyd_result_release(&r);
	free(silent);
	return finish(&out, &m, EXIT_OK);
}

int cmd_segments(int argc, char **argv, struct ctx *c)
{
	struct opt_list sets = {0};
	const struct option opts[] = {OPT_SETTINGS(&sets), OPT_END()};
	static const struct cmd_help help = {
	    "treue segments [--as-of D] [--format text|json|csv]",
	    "Every customer with a purchase before D and its segment in the apostle model,\n"
	    "sorted by customer id, with orders and revenue in the current period and the\n"
	    "latest current survey's scores.",
	    "Jeder Kunde mit einem Kauf vor D und sein Segment im Apostel-Modell, sortiert\n"
	    "nach Kundennummer, mit Aufträgen und Umsatz der aktuellen Periode und den Werten\n"
	    "der letzten gültigen Umfrage.",
	};
	struct model_ctx m;
	struct strbuf out = STRBUF_INIT;
	if (parse_options(c, argc, argv, opts, &help) > 0) {
		opt_list_release(&sets);
		return usage_error(L(cli_lang, "segments takes no arguments",
		                     "segments erwartet keine Argumente"));
	}
	int rc = model_ctx_load(c, &m, &sets);
	opt_list_release(&sets);
	if (rc)
		return rc;
	struct loyalty l;
	struct btyd_result r;
	uint8_t *silent;
	model_compute(&m.ds, m.as_of, &m.set, &l);
	print_timing(&l.timing);
	attach_btyd(c, &m, &l, c->format == FMT_TEXT ? 1 : 2, &r, &silent);
	report_segments(&m.ds, &l, &r, c->format, spill_stdout, &out, cli_lang);
	loyalty_release(&l);
	btyd_result_release(&r);
	free(silent);
	return finish(&out, &m, EXIT_OK);
}

int cmd_actions(int argc, char **argv, struct ctx *c)
{
	struct opt_list sets = {0};
	struct action_filter flt = {0};
	long prio = 0, limit = LONG_MIN; /* LONG_MIN: not given */
	const char *owner = NULL;
	const struct option opts[] = {
	    OPT_INT("priority", &prio, "N", "only priority N (1-6)", "nur Priorität N (1-6)"),
	    OPT_STRING("owner", &owner, "NAME", "only customers of this account manager",
	               "nur Kunden dieses Betreuers"),
	    OPT_INT("limit", &limit, "N", "at most N rows", "höchstens N Zeilen"),
	    OPT_SETTINGS(&sets),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue actions [--priority N] [--owner NAME] [--limit N] [--as-of D] [--format F]",
	    "The action list: every segmented customer once, in five priorities —\n"
	    "1 terrorists, then defectors: understand why, find real value, stop bad word of "
	    "mouth;\n"
	    "2 apostles: learn their needs, thank them; 3 loyal: make them apostles;\n"
	    "4 opportunists: tell them the value; 5 hostages: visit, understand their "
	    "requirements;\n"
	    "and 6, the unmeasured: ask them. Each row says why, and what is due.",
	    "Die Aktionsliste: jeder segmentierte Kunde einmal, in fünf Prioritäten —\n"
	    "1 Terroristen, dann Abtrünnige: verstehen warum, echten Nutzen finden, schlechte\n"
	    "Mundpropaganda stoppen; 2 Apostel: Bedürfnisse kennenlernen, danken; 3 Treue: zu\n"
	    "Aposteln machen; 4 Opportunisten: den Nutzen zeigen; 5 Geiseln: besuchen, "
	    "Anforderungen\n"
	    "verstehen; und 6, die Ungemessenen: fragen. Jede Zeile sagt warum und was fällig ist.",
	};
	struct model_ctx m;
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
	flt.owner = owner;
	flt.limit = limit == LONG_MIN ? 0 : limit;
	int rc = model_ctx_load(c, &m, &sets);
	opt_list_release(&sets);
	if (rc)
		return rc;
	struct loyalty l;
	struct btyd_result r;
	uint8_t *silent;
	model_compute(&m.ds, m.as_of, &m.set, &l);
	print_timing(&l.timing);
	attach_btyd(c, &m, &l, 1, &r, &silent);
	report_actions(&m.ds, &l, &flt, c->format, spill_stdout, &out, cli_lang);
	loyalty_release(&l);
	btyd_result_release(&r);
	free(silent);
	return finish(&out, &m, EXIT_OK);
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
	    "dass Treue abwandern, und der Beweis, dass Maßnahmen wirken.",
	};
	struct model_ctx m;
	struct strbuf out = STRBUF_INIT;
	if (parse_options(c, argc, argv, opts, &help) > 0) {
		opt_list_release(&sets);
		return usage_error(L(cli_lang, "movement takes no arguments",
		                     "movement erwartet keine Argumente"));
	}
	int rc = model_ctx_load(c, &m, &sets);
	opt_list_release(&sets);
	if (rc)
		return rc;
	if (to == DAY_NONE)
		to = m.as_of;
	if (from == DAY_NONE)
		from = to - 90;
	if (from > to) {
		model_ctx_release(&m);
		return usage_error(L(cli_lang, "--from must not be after --to",
		                     "--from darf nicht nach --to liegen"));
	}
	struct err e = {.lang = cli_lang};
	if (day_span_check(from, 2 * (int64_t)m.set.window, 0, &e) ||
	    day_span_check(to, 2 * (int64_t)m.set.window, 0, &e)) {
		model_ctx_release(&m);
		print_err(&e);
		return EXIT_USAGE;
	}
	struct movement mv;
	model_movement(&m.ds, from, to, &m.set, &mv);
	report_movement(&mv, c->format, &out, cli_lang);
	return finish(&out, &m, EXIT_OK);
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
	    "Lifetime value CLV(r) = sum over k = 1..H of m_k r^(k-1) / (1+d)^(k-1) - AC at the\n"
	    "current retention rate r and at r + the given points, and the relative change of\n"
	    "the customer base's value. m_k comes from the company's own profit-by-tenure curve.",
	    "Kundenwert CLV(r) = Summe über k = 1..H von m_k r^(k-1) / (1+d)^(k-1) - AK bei der\n"
	    "aktuellen Bindungsrate r und bei r + den angegebenen Punkten, und die relative\n"
	    "Änderung des Werts des Kundenstamms. m_k stammt aus der eigenen Kundenjahr-Kurve.",
	};
	struct model_ctx m;
	struct strbuf out = STRBUF_INIT;
	char *end;
	if (parse_options(c, argc, argv, opts, &help) > 0) {
		opt_list_release(&sets);
		return usage_error(
		    L(cli_lang, "whatif takes no arguments", "whatif erwartet keine Argumente"));
	}
	double delta = strtod(delta_s, &end);
	if (!*delta_s || *end || !isfinite(delta) || delta < -100 || delta > 100) {
		opt_list_release(&sets);
		return usage_error(L(cli_lang,
		                     "--retention: \"%s\" is not a number of points (e.g. +5)",
		                     "--retention: \"%s\" ist keine Punktzahl (z. B. +5)"),
		                   delta_s);
	}
	int rc = model_ctx_load(c, &m, &sets);
	opt_list_release(&sets);
	if (rc)
		return rc;
	struct loyalty l;
	struct tenure_curve t;
	struct whatif w;
	model_compute(&m.ds, m.as_of, &m.set, &l);
	print_timing(&l.timing);
	model_tenure(&m.ds, m.as_of, m.set.window, &t);
	model_whatif(&m.ds, &l, &t, delta, &w);
	report_whatif(&l, &t, &w, c->format, &out, cli_lang);
	tenure_release(&t);
	loyalty_release(&l);
	return finish(&out, &m, EXIT_OK);
}

int cmd_settings(int argc, char **argv, struct ctx *c)
{
	const struct option opts[] = {OPT_END()};
	static const struct cmd_help help = {
	    "treue settings [KEY [VALUE]]",
	    "Without arguments, lists every model setting with its value and default. With\n"
	    "KEY VALUE, stores a new value in the database (use \"default\" to go back).",
	    "Ohne Argumente: jede Modelleinstellung mit Wert und Vorgabe. Mit SCHLÜSSEL WERT\n"
	    "wird ein neuer Wert in der Datenbank gespeichert (\"default\" stellt die Vorgabe "
	    "her).",
	};
	struct err e = {.lang = cli_lang};
	struct strbuf buf = STRBUF_INIT;
	int n = parse_options(c, argc, argv, opts, &help);
	struct store *st = ctx_store(c);
	err_clear(&e);
	if (!st)
		return EXIT_ERR;
	if (n == 2) {
		struct model_settings s;
		const char *v = argv[1];
		int known = 0;
		for (int i = 0; i < model_setting_count; i++)
			if (!strcmp(model_setting_defs[i].key, argv[0])) {
				known = 1;
				if (!strcmp(v, "default"))
					v = model_setting_defs[i].dflt;
			}
		model_settings_default(&s);
		if (!known || model_settings_apply(&s, argv[0], v, &e))
			return known
			           ? print_err(&e)
			           : usage_error(
			                 L(cli_lang, "\"%s\" is not a setting (see treue settings)",
			                   "\"%s\" ist keine Einstellung (siehe treue settings)"),
			                 argv[0]);
		if (store_setting_set(st, argv[0], v, &e))
			return print_err(&e);
		sb_addf(&buf, "%s=%s", argv[0], v);
		if (store_audit(st, "settings", buf.buf, 1, &e))
			return print_err(&e);
		sb_release(&buf);
		return EXIT_OK;
	}
	if (n > 2)
		return usage_error(L(cli_lang, "settings takes at most KEY VALUE",
		                     "settings erwartet höchstens SCHLÜSSEL WERT"));
	struct strbuf out = STRBUF_INIT;
	struct json j;
	if (c->format == FMT_JSON) {
		json_init(&j, &out, 1);
		json_obj_begin(&j);
	} else if (c->format == FMT_CSV) {
		sb_adds(&out, "key,value,default\n");
	}
	for (int i = 0; i < model_setting_count; i++) {
		const struct setting_def *d = &model_setting_defs[i];
		if (n == 1 && strcmp(argv[0], d->key))
			continue;
		const char *v = store_setting(st, d->key, d->dflt, &buf);
		if (c->format == FMT_JSON) {
			json_key(&j, d->key);
			json_str(&j, v);
		} else if (c->format == FMT_CSV) {
			csv_field(&out, d->key, 1);
			csv_field(&out, v, 0);
			csv_field(&out, d->dflt, 0);
			sb_addch(&out, '\n');
		} else {
			sb_addf(&out, "%-15s %-8s (%s %s)  %s\n", d->key, v,
			        L(cli_lang, "default", "Vorgabe"), d->dflt,
			        L(cli_lang, d->help_en, d->help_de));
		}
	}
	if (c->format == FMT_JSON)
		json_obj_end(&j);
	sb_release(&buf);
	int rc = emit(&out);
	sb_release(&out);
	return rc;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
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
	    "on it, as the server holds it (warm); prints the load time, the median and the\n"
	    "dataset's memory per order row.",
	    "Lädt den Datenbestand einmal und misst den Treue-Bericht samt Aktionsliste N-mal\n"
	    "darauf, wie ihn der Server hält (warm); gibt Ladezeit, Median und den Speicher des\n"
	    "Datenbestands je Auftragszeile aus.",
	};
	struct model_ctx m;
	if (parse_options(c, argc, argv, opts, &help) > 0 || runs < 1 || runs > 1000) {
		opt_list_release(&sets);
		return usage_error(L(cli_lang, "bench takes only --runs N (1-1000)",
		                     "bench erwartet nur --runs N (1-1000)"));
	}
	double t0 = now_ms();
	int rc = model_ctx_load(c, &m, &sets);
	opt_list_release(&sets);
	if (rc)
		return rc;
	double load_ms = now_ms() - t0;
	/* warm: what every peer of the benchmark computes — retention (with its
	 * history), figures, segments, NPS, satisfaction and the ordered action
	 * list; the profit-by-tenure curve is timed apart */
	double *ms = xmalloc(sizeof(double) * (size_t)runs);
	double *tms = xmalloc(sizeof(double) * (size_t)runs);
	for (long r = 0; r < runs; r++) {
		struct loyalty l;
		struct tenure_curve t;
		double a = now_ms();
		model_compute(&m.ds, m.as_of, &m.set, &l);
		print_timing(&l.timing);
		ms[r] = now_ms() - a;
		a = now_ms();
		model_tenure(&m.ds, m.as_of, m.set.window, &t);
		tms[r] = now_ms() - a;
		tenure_release(&t);
		loyalty_release(&l);
	}
	qsort(tms, (size_t)runs, sizeof(double), cmp_double);
	qsort(ms, (size_t)runs, sizeof(double), cmp_double);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	size_t bytes = dataset_bytes(&m.ds);
	printf("customers: %zu\n", m.ds.ncust);
	printf("orders: %zu\n", m.ds.norders);
	printf("load_ms: %.1f\n", load_ms);
	printf("warm_ms_median: %.1f\n", ms[runs / 2]);
	printf("warm_ms_min: %.1f\n", ms[0]);
	printf("tenure_ms_median: %.1f\n", tms[runs / 2]);
	printf("dataset_bytes: %zu\n", bytes);
	printf("dataset_bytes_per_order: %.1f\n",
	       m.ds.norders ? (double)(m.ds.norders * 20) / (double)m.ds.norders : 0.0);
	printf("dataset_bytes_per_order_all_tables: %.1f\n",
	       m.ds.norders ? (double)bytes / (double)m.ds.norders : 0.0);
	printf("peak_rss_mb: %.1f\n", (double)ru.ru_maxrss / 1024.0);
	free(ms);
	free(tms);
	model_ctx_release(&m);
	return EXIT_OK;
}
