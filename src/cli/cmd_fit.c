/*
 * cmd_fit.c — `treue fit`: the buy-till-you-die fit of the application
 * layer (BG/NBD or MBG/NBD, and Gamma-Gamma, at D, stored for the reports)
 * printed with parameters, log-likelihood, evaluations, convergence and
 * standard errors; with --holdout-weeks, the calibration/holdout check.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model_ctx.h"

/* A number for people with `digits` significant digits: "0.938643" / "0,938643". */
static const char *g6(double v, int digits, char buf[static 32])
{
	snprintf(buf, 32, "%.*g", digits, v);
	if (cli_lang == LANG_DE && strchr(buf, '.'))
		*strchr(buf, '.') = ',';
	return buf;
}

/* "  r          0.938643  (se 0.05578)" / "(Std.-Fehler 0,05578)". */
static void param_line(struct strbuf *out, const char *name, double v, double se)
{
	char a[32], b[32];
	sb_addf(out, "  %-6s %12s  (%s %s)\n", name, g6(v, 6, a), L(cli_lang, "se", "Std.-Fehler"),
	        g6(se, 4, b));
}

/* Why the search stopped (the fitter's words, btyd_common.c) for people. */
static const char *reason_text(const char *reason, char buf[static 64])
{
	static const char *const words[][2] = {
	    {"success", "erfolgreich"},
	    {"stopval", "Zielwert erreicht"},
	    {"ftol", "Toleranz des Funktionswerts erreicht"},
	    {"xtol", "Toleranz der Parameter erreicht"},
	    {"max evaluations", "Höchstzahl der Auswertungen erreicht"},
	    {"max time", "Höchstzeit erreicht"},
	    {"roundoff-limited", "durch Rundung begrenzt"},
	    {"out of memory", "kein Speicher"},
	    {"invalid arguments", "ungültige Argumente"},
	    {"forced stop", "abgebrochen"},
	};
	if (cli_lang != LANG_DE)
		return reason;
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		size_t n = strlen(words[i][0]);
		if (strncmp(reason, words[i][0], n) || (reason[n] && reason[n] != ','))
			continue;
		const char *grad = strstr(reason, ", gradient ");
		if (!grad)
			return words[i][1];
		char g[32];
		snprintf(g, sizeof(g), "%.*s", (int)strcspn(grad + 11, " "), grad + 11);
		if (strchr(g, '.'))
			*strchr(g, '.') = ',';
		snprintf(buf, 64, "%s, Gradient %s übrig", words[i][1], g);
		return buf;
	}
	return reason; /* a parameter at a bound of the search box: technical */
}

int cmd_fit(int argc, char **argv, struct ctx *c)
{
	struct opt_list sets = {0};
	const char *model = "bgnbd";
	long holdout = 0;
	const struct option opts[] = {
	    OPT_STRING("model", &model, "bgnbd|mbgnbd", "the purchase model (default bgnbd)",
	               "das Kaufmodell (Vorgabe bgnbd)"),
	    OPT_INT(
	        "holdout-weeks", &holdout, "N",
	        "check against the N weeks after D (D defaults to N weeks before the data's end)",
	        "Prüfung gegen die N Wochen nach D (D ist dann N Wochen vor dem Datenende)"),
	    OPT_SETTINGS(&sets),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue fit [--as-of D] [--model bgnbd|mbgnbd] [--holdout-weeks N] [--format F]",
	    "Fits BG/NBD (Fader, Hardie & Lee 2005) to every customer's purchase days before D\n"
	    "and the Gamma-Gamma spend model to the repeat buyers, by maximum likelihood; prints\n"
	    "the parameters with standard errors, the log-likelihood, the evaluations and whether\n"
	    "and why the search converged, and stores the parameters for the reports.",
	    "Schätzt BG/NBD (Fader, Hardie & Lee 2005) aus den Kauftagen jedes Kunden vor D und\n"
	    "das Gamma-Gamma-Ausgabenmodell aus den Wiederkäufern (Maximum Likelihood); zeigt die\n"
	    "Parameter mit Standardfehlern, die Log-Likelihood, die Auswertungen und ob und warum\n"
	    "die Suche konvergiert ist, und speichert die Parameter für die Berichte.",
	};
	struct strbuf out = STRBUF_INIT;
	int mbg;
	if (parse_options(c, argc, argv, opts, &help) > 0) {
		opt_list_release(&sets);
		return usage_error(
		    L(cli_lang, "fit takes no arguments", "fit erwartet keine Argumente"));
	}
	if (!strcmp(model, "bgnbd"))
		mbg = 0;
	else if (!strcmp(model, "mbgnbd"))
		mbg = 1;
	else {
		opt_list_release(&sets);
		return usage_error(L(cli_lang, "--model: \"%s\" is not bgnbd or mbgnbd",
		                     "--model: \"%s\" ist weder bgnbd noch mbgnbd"),
		                   model);
	}
	if (holdout < 0 || holdout > 520) {
		opt_list_release(&sets);
		return usage_error(
		    L(cli_lang, "--holdout-weeks is 1 to 520", "--holdout-weeks ist 1 bis 520"));
	}
	struct app_ctx ac;
	struct app_analysis a;
	struct app_fit fit;
	struct err e;
	memset(&fit, 0, sizeof(fit));
	err_init(&e, cli_lang);
	int rc = cli_analysis(c, &sets, &ac, &a);
	if (rc == EXIT_OK && (rc = app_fit(&ac, &a, mbg, (int)holdout, &fit, &e)))
		rc = app_failed(rc, &e);
	if (rc) {
		app_fit_release(&fit);
		app_analysis_release(&a);
		opt_list_release(&sets);
		return rc;
	}
	cli_warn_future(&a.fut);
	print_note(&fit.note);
	day_t D = fit.as_of;
	const struct btyd_result *r = &fit.r;
	const struct bgnbd_holdout *ho = &fit.holdout;
	int has_ho = fit.has_holdout;
	const struct bgnbd_fit *f = &r->bgfit;
	char d[11];
	if (c->format == FMT_JSON) {
		report_fit_json(&fit, &out);
	} else if (c->format == FMT_CSV) {
		sb_adds(&out, "parameter,value,se\n");
		sb_addf(&out, "r,%.6g,%.6g\nalpha,%.6g,%.6g\na,%.6g,%.6g\nb,%.6g,%.6g\n", f->par.r,
		        f->se.r, f->par.alpha, f->se.alpha, f->par.a, f->se.a, f->par.b, f->se.b);
		sb_addf(&out, "loglik,%.6f,\ncustomers,%zu,\n", f->loglik, f->n);
		if (r->gg_fitted)
			sb_addf(&out, "p,%.6g,%.6g\nq,%.6g,%.6g\ngamma,%.6g,%.6g\n", r->ggfit.par.p,
			        r->ggfit.se.p, r->ggfit.par.q, r->ggfit.se.q, r->ggfit.par.gamma,
			        r->ggfit.se.gamma);
		if (has_ho)
			sb_addf(&out, "holdout_expected,%.4f,\nholdout_actual,%.0f,\n",
			        ho->expected, ho->actual);
	} else {
		const enum lang lg = cli_lang;
		char n1[64], n2[64], n3[64];
		sb_addf(&out, "%s ", mbg ? "MBG/NBD" : "BG/NBD");
		sb_adds(&out, L(lg, "fitted on ", "geschätzt aus "));
		fmt_count(&out, lg, (int64_t)f->n, L(lg, "customer", "Kunde"),
		          L(lg, "customers", "Kunden"));
		sb_adds(&out, " (");
		fmt_count(&out, lg, (int64_t)f->repeat, L(lg, "repeat buyer", "Wiederkäufer"),
		          L(lg, "repeat buyers", "Wiederkäufer"));
		sb_addf(&out, L(lg, "), purchases before %s\n\n", "), Käufe vor dem %s\n\n"),
		        day_format_lang(D, lg, d));
		param_line(&out, "r", f->par.r, f->se.r);
		param_line(&out, "alpha", f->par.alpha, f->se.alpha);
		param_line(&out, "a", f->par.a, f->se.a);
		param_line(&out, "b", f->par.b, f->se.b);
		sb_addf(&out,
		        L(lg, "  log-likelihood %s, %s evaluations (%s), %s: %s\n",
		          "  Log-Likelihood %s, %s Auswertungen (%s), %s: %s\n"),
		        num_format_human(f->loglik, 4, lg, n1),
		        int_format_human(f->opt.evaluations, lg, n2), f->opt.algorithm,
		        f->opt.converged ? L(lg, "converged", "konvergiert")
		                         : L(lg, "NOT converged", "NICHT konvergiert"),
		        reason_text(f->opt.reason, n3));
		if (r->gg_fitted) {
			sb_adds(&out, L(lg, "\nGamma-Gamma on ", "\nGamma-Gamma aus "));
			fmt_count(&out, lg, (int64_t)r->ggfit.n,
			          L(lg, "repeat buyer", "Wiederkäufer"),
			          L(lg, "repeat buyers", "Wiederkäufern"));
			sb_addch(&out, '\n');
			param_line(&out, "p", r->ggfit.par.p, r->ggfit.se.p);
			param_line(&out, "q", r->ggfit.par.q, r->ggfit.se.q);
			param_line(&out, "gamma", r->ggfit.par.gamma, r->ggfit.se.gamma);
			sb_addf(
			    &out, L(lg, "  log-likelihood %s, %s\n", "  Log-Likelihood %s, %s\n"),
			    num_format_human(r->ggfit.loglik, 4, lg, n1),
			    r->ggfit.opt.converged ? L(lg, "converged", "konvergiert")
			                           : L(lg, "NOT converged", "NICHT konvergiert"));
		} else
			sb_adds(&out,
			        L(lg,
			          "\nGamma-Gamma: too few repeat buyers with a positive spend\n",
			          "\nGamma-Gamma: zu wenige Wiederkäufer mit positivem Umsatz\n"));
		if (has_ho) {
			sb_adds(&out, L(lg, "\nHoldout: the ", "\nPrüfzeitraum: die "));
			fmt_count(&out, lg, holdout, L(lg, "week", "Woche"),
			          L(lg, "weeks", "Wochen"));
			sb_addf(&out, L(lg, " from %s\n", " ab dem %s\n"),
			        day_format_lang(D, lg, d));
			sb_addf(&out,
			        L(lg,
			          "  repeat purchases expected %s (unconditional %s), actual %s\n",
			          "  Wiederkäufe erwartet %s (unbedingt %s), tatsächlich %s\n"),
			        num_format_human(ho->expected, 1, lg, n1),
			        num_format_human(ho->expected_uncond, 1, lg, n2),
			        num_format_human(ho->actual, 0, lg, n3));
			sb_adds(&out, L(lg,
			                "  by calibration purchases:  x  customers  expected  "
			                "actual (per customer)\n",
			                "  nach Käufen im Schätzzeitraum:  x  Kunden  erwartet  "
			                "tatsächlich (je Kunde)\n"));
			for (int b = 0; b < BTYD_BUCKETS; b++) {
				double nb = (double)ho->bucket_n[b];
				sb_addf(&out, "  %29s%s ", "",
				        b == BTYD_BUCKETS - 1 ? "7+"
				                              : (char[3]){(char)('0' + b), ' ', 0});
				fmt_rpad(&out, int_format_human((int64_t)ho->bucket_n[b], lg, n1),
				         9);
				sb_adds(&out, "  ");
				fmt_rpad(&out,
				         num_format_human(nb ? ho->bucket_expected[b] / nb : 0.0, 3,
				                          lg, n2),
				         8);
				sb_adds(&out, "  ");
				fmt_rpad(&out,
				         num_format_human(nb ? ho->bucket_actual[b] / nb : 0.0, 3,
				                          lg, n3),
				         6);
				sb_addch(&out, '\n');
			}
		}
	}
	app_fit_release(&fit);
	app_analysis_release(&a);
	opt_list_release(&sets);
	rc = emit(&out);
	sb_release(&out);
	return rc;
}
