/*
 * cmd_journal_report.c — `treue report feedback|stories|promises|cadence`:
 * the options of the four journal reports, the application layer's call
 * for each, and the writer.  cmd_report (the loyalty report's command)
 * hands these four words over through journal_report_with().
 */
#include <limits.h>
#include <string.h>

#include "cmd_journal.h"

static const char *const report_names[] = {"feedback", "stories", "promises", "cadence"};

int journal_report_known(const char *which)
{
	for (size_t i = 0; which && i < ARRAY_SIZE(report_names); i++)
		if (!strcmp(which, report_names[i]))
			return 1;
	return 0;
}

/* The options that take a value in any journal report (for journal_report_which). */
static const struct option report_value_opts[] = {
    OPT_STRING("since", NULL, NULL, NULL, NULL),
    OPT_STRING("answers", NULL, NULL, NULL, NULL),
    OPT_STRING("words", NULL, NULL, NULL, NULL),
    OPT_STRING("weeks", NULL, NULL, NULL, NULL),
    OPT_STRING("latest", NULL, NULL, NULL, NULL),
    OPT_STRING("within", NULL, NULL, NULL, NULL),
    OPT_STRING("days", NULL, NULL, NULL, NULL),
    OPT_STRING("limit", NULL, NULL, NULL, NULL),
    OPT_STRING("owner", NULL, NULL, NULL, NULL),
    OPT_STRING("region", NULL, NULL, NULL, NULL),
    OPT_STRING("industry", NULL, NULL, NULL, NULL),
    OPT_STRING("segment", NULL, NULL, NULL, NULL),
    OPT_END(),
};

const char *journal_report_which(int argc, char **argv)
{
	const struct option *const tables[] = {report_value_opts, NULL};
	const char *w = jr_first_positional(argc, argv, tables);
	return journal_report_known(w) ? w : NULL;
}

/* The report's name must be the one positional argument. */
static int check_positional(int n, char **argv, const char *which)
{
	if (n != 1 || strcmp(argv[0], which))
		return usage_error(
		    L(cli_lang, "usage: treue report %s [options] (see treue report %s --help)",
		      "Aufruf: treue report %s [Optionen] (siehe treue report %s --help)"),
		    which, which);
	return 0;
}

static int in_range(const char *opt, long v, long lo, long hi)
{
	if (v < lo || v > hi)
		return usage_error(L(cli_lang, "--%s must lie between %ld and %ld",
		                     "--%s muss zwischen %ld und %ld liegen"),
		                   opt, lo, hi);
	return 0;
}

static int report_feedback(struct ctx *c, int argc, char **argv)
{
	day_t since = DAY_NONE;
	long answers = 3, words = 10;
	const struct option opts[] = {
	    OPT_DATE("since", &since, "the period starts here (default: D - window)",
	             "der Zeitraum beginnt hier (Vorgabe: D - window)"),
	    OPT_INT("answers", &answers, "N", "latest answers per touchpoint and question (3)",
	            "letzte Antworten je Kontaktpunkt und Frage (3)"),
	    OPT_INT("words", &words, "N", "recurring words per question (10)",
	            "wiederkehrende Wörter je Frage (10)"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue report feedback [--since DATE] [--answers N] [--words N] [--as-of D]",
	    "What customers said: the answers to the two dialogue questions (\"How can we\n"
	    "support you best?\", \"What can we do better?\") by touchpoint, the words that\n"
	    "recur in them; complaint reasons with counts and days to resolution, and the root\n"
	    "causes found; departure reasons and competitors. Entries dated before D (--as-of,\n"
	    "default tomorrow, so today counts) and on or after --since.",
	    "Was Kunden gesagt haben: die Antworten auf die zwei Fragen des Kundengesprächs\n"
	    "(\"Wie können wir Sie am besten unterstützen?\", \"Was können wir besser machen?\")\n"
	    "je Kontaktpunkt, die darin wiederkehrenden Wörter; Reklamationsgründe mit Anzahl\n"
	    "und Tagen bis zur Lösung und die gefundenen Ursachen; Abgangsgründe und\n"
	    "Wettbewerber. Einträge vor D (--as-of, Vorgabe morgen, heute zählt also mit) und\n"
	    "ab --since."};
	struct app_feedback_in in;
	struct journal_feedback r;
	struct strbuf out = STRBUF_INIT;
	struct app_ctx ac;
	struct err e;
	int rc;
	err_init(&e, cli_lang);
	if ((rc = check_positional(parse_options(c, argc, argv, opts, &help), argv, "feedback")) ||
	    (rc = in_range("answers", answers, 0, 1000)) ||
	    (rc = in_range("words", words, 0, 1000)))
		return rc;
	in.since = since;
	in.answers = (int)answers;
	in.words = (int)words;
	if (ctx_app(c, NULL, &ac))
		return EXIT_ERR;
	if ((rc = app_report_feedback(&ac, &in, &r, &e)))
		return app_failed(rc, &e);
	if (jr_format(c) == JF_CSV)
		cli_warn_future(&r.fut);
	journal_feedback_write(&r, jr_format(c), &out, cli_lang);
	journal_feedback_release(&r);
	rc = emit(&out);
	sb_release(&out);
	return rc;
}

static int report_stories(struct ctx *c, int argc, char **argv)
{
	long weeks = 12, latest = 5;
	const struct option opts[] = {
	    OPT_INT("weeks", &weeks, "N", "ISO weeks shown, ending with this week (12)",
	            "gezeigte Kalenderwochen, bis zu dieser Woche (12)"),
	    OPT_INT("latest", &latest, "N", "latest stories told in full (5)",
	            "neueste Geschichten, ganz erzählt (5)"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue report stories [--weeks N] [--latest N] [--as-of D]",
	    "The extra-mile journal: stories per ISO week and employee, the weeks without any\n"
	    "story, and the latest stories as situation → act → WOW. Every week brings a story:\n"
	    "understand it, write it down (treue add story), learn from it.",
	    "Das Extrameilen-Journal: Geschichten je Kalenderwoche und Mitarbeiter, die Wochen\n"
	    "ohne Geschichte und die neuesten Geschichten als Situation → Tat → WOW. Jede Woche\n"
	    "bringt eine Geschichte: verstehen, aufschreiben (treue add story), daraus lernen."};
	struct journal_stories r;
	struct strbuf out = STRBUF_INIT;
	struct app_ctx ac;
	struct err e;
	int rc;
	err_init(&e, cli_lang);
	if ((rc = check_positional(parse_options(c, argc, argv, opts, &help), argv, "stories")) ||
	    (rc = in_range("weeks", weeks, 1, 520)) || (rc = in_range("latest", latest, 0, 1000)))
		return rc;
	if (ctx_app(c, NULL, &ac))
		return EXIT_ERR;
	if ((rc = app_report_stories(&ac, (int)weeks, (int)latest, &r, &e)))
		return app_failed(rc, &e);
	if (jr_format(c) == JF_CSV)
		cli_warn_future(&r.fut);
	journal_stories_write(&r, jr_format(c), &out, cli_lang);
	journal_stories_release(&r);
	rc = emit(&out);
	sb_release(&out);
	return rc;
}

static int report_promises(struct ctx *c, int argc, char **argv)
{
	const char *within = NULL;
	day_t since = DAY_NONE;
	int days = 14;
	struct app_filter who = {0};
	const struct option opts[] = {
	    OPT_FILTERS(&who),
	    OPT_STRING("within", &within, "DAYS", "due soon: within DAYS from today (14d)",
	               "bald fällig: in TAGEN ab heute (14d)"),
	    OPT_DATE("since", &since,
	             "rates over promises due from DATE (default: D - stale_days, as trust)",
	             "Quoten über Zusagen, fällig ab DATUM (Vorgabe: D - stale_days, wie "
	             "Vertrauen)"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue report promises [--within DAYS] [--since DATE] [--owner NAME] [--region R]\n"
	    "       [--industry I] [--segment S] [--as-of D]",
	    "What was promised and is due: open promises due soon and overdue ones; and how the\n"
	    "promises that fell due turned out, per owner and per customer: kept on time, kept\n"
	    "late, renegotiated before or after the due date, broken, still open. \"Honoured\"\n"
	    "counts what builds trust: kept on time or renegotiated in time. --owner selects\n"
	    "the promises a person holds (their own, else as the account manager).",
	    "Was zugesagt wurde und fällig ist: bald fällige und überfällige offene Zusagen;\n"
	    "und wie die fällig gewordenen ausgingen, je Verantwortlichem und je Kunde:\n"
	    "pünktlich eingehalten, verspätet eingehalten, vor oder nach dem Fälligkeitstag neu\n"
	    "verhandelt, gebrochen, noch offen. \"Gehalten\" zählt, was Vertrauen schafft:\n"
	    "pünktlich eingehalten oder rechtzeitig neu verhandelt. --owner wählt die Zusagen,\n"
	    "die jemand verantwortet (die eigenen, sonst als Betreuer)."};
	struct journal_promises r;
	struct strbuf out = STRBUF_INIT;
	struct app_ctx ac;
	struct err e;
	int rc;
	err_init(&e, cli_lang);
	if ((rc = check_positional(parse_options(c, argc, argv, opts, &help), argv, "promises")))
		return rc;
	if (within && parse_duration_days(within, &days))
		return usage_error(L(cli_lang, "--within: \"%s\" is not a number of days (14d, 2w)",
		                     "--within: \"%s\" ist keine Anzahl Tage (14d, 2w)"),
		                   within);
	if (ctx_app(c, NULL, &ac))
		return EXIT_ERR;
	if ((rc = app_report_promises_for(&ac, days, since, &who, &r, &e)))
		return app_failed(rc, &e);
	if (jr_format(c) == JF_CSV)
		cli_warn_future(&r.fut);
	journal_promises_write(&r, jr_format(c), &out, cli_lang);
	journal_promises_release(&r);
	rc = emit(&out);
	sb_release(&out);
	return rc;
}

static int report_cadence(struct ctx *c, int argc, char **argv)
{
	long days = LONG_MIN, limit = -1; /* LONG_MIN: not given */
	struct app_filter who = {0};
	const struct option opts[] = {
	    OPT_FILTERS(&who),
	    OPT_INT("days", &days, "N",
	            "silent: no dialogue for more than N days (default: setting dialog_days)",
	            "still: seit mehr als N Tagen kein Kundengespräch (Vorgabe: Einstellung "
	            "dialog_days)"),
	    OPT_INT("limit", &limit, "N",
	            "text: at most N customers per segment (50; 0 all); json/csv: all",
	            "Text: höchstens N Kunden je Segment (50; 0 alle); json/csv: alle"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue report cadence [--days N] [--limit N] [--owner NAME] [--region R]\n"
	    "       [--industry I] [--segment S] [--as-of D]",
	    "The customers nobody talks to: active customers with no dialogue for more than N\n"
	    "days (or never) at D, by segment and revenue in the current period (the window).\n"
	    "Customers who left (a departure after their last purchase), lapsed ones (no\n"
	    "purchase for active_days) and erased ones are not listed, as on the action list.\n"
	    "Talk to them: treue add dialog.",
	    "Die Kunden, mit denen niemand spricht: aktive Kunden, seit mehr als N Tagen (oder\n"
	    "nie) ohne Kundengespräch zum Stichtag, nach Segment und Umsatz der aktuellen "
	    "Periode.\n"
	    "Gegangene Kunden (ein Abgang nach dem letzten Kauf), ehemalige (seit active_days\n"
	    "kein Kauf) und gelöschte fehlen, wie auf der Aktionsliste. Mit ihnen sprechen:\n"
	    "treue add dialog."};
	struct journal_cadence r;
	struct strbuf out = STRBUF_INIT;
	struct app_ctx ac;
	struct err e;
	int rc;
	err_init(&e, cli_lang);
	if ((rc = check_positional(parse_options(c, argc, argv, opts, &help), argv, "cadence")) ||
	    (days != LONG_MIN && (rc = in_range("days", days, 0, 36500))) ||
	    (limit != -1 && (rc = in_range("limit", limit, 0, 100000000))))
		return rc;
	if (ctx_app(c, NULL, &ac))
		return EXIT_ERR;
	if ((rc = app_report_cadence_for(&ac, days != LONG_MIN ? (int)days : -1, &who, &r, &e)))
		return app_failed(rc, &e);
	r.limit = limit >= 0 ? (size_t)limit : c->format == FMT_TEXT ? 50 : 0;
	if (jr_format(c) == JF_CSV)
		cli_warn_future(&r.fut);
	journal_cadence_write(&r, jr_format(c), &out, cli_lang);
	journal_cadence_release(&r);
	rc = emit(&out);
	sb_release(&out);
	return rc;
}

int journal_report_with(struct ctx *c, const char *which, int argc, char **argv)
{
	if (!which)
		return usage_error(
		    L(cli_lang, "which journal report? feedback, stories, promises or cadence",
		      "welcher Journalbericht? feedback, stories, promises oder cadence"));
	if (!strcmp(which, "feedback"))
		return report_feedback(c, argc, argv);
	if (!strcmp(which, "stories"))
		return report_stories(c, argc, argv);
	if (!strcmp(which, "promises"))
		return report_promises(c, argc, argv);
	if (!strcmp(which, "cadence"))
		return report_cadence(c, argc, argv);
	return usage_error(
	    L(cli_lang, "\"%s\" is not a journal report: feedback, stories, promises, cadence",
	      "\"%s\" ist kein Journalbericht: feedback, stories, promises, cadence"),
	    which);
}
