/*
 * cmd_journal.c — `treue add KIND`: records one dialogue, promise,
 * complaint, story, referral, departure or survey (or a new customer) from
 * the command line, with texts from options, standard input ("-") or
 * $EDITOR (--edit).  The application layer checks the entry, records it
 * and leaves one audit entry; this file maps options and input onto it.  list, close, edit and
 * delete live in cmd_journal_list.c and cmd_journal_change.c.
 */
#include <inttypes.h>
#include <string.h>

#include "cmd_journal.h"
#include "report.h"

/* Every option of every kind: the entry's fields, and the rest. */
struct add_args {
	struct app_fields f;
	const char *due_in;
	struct opt_list why;
	int edit;
};

#define O_CUSTOMER(a)                                                                              \
	OPT_STRING("customer", &(a)->f.customer, "ID",                                             \
	           "the customer: its id or an unambiguous start of its name",                     \
	           "der Kunde: seine Nummer oder ein eindeutiger Anfang seines Namens")
#define O_DATE(a)                                                                                  \
	OPT_DATE("date", &(a)->f.date, "the day it happened (default: today)",                     \
	         "der Tag, an dem es geschah (Vorgabe: heute)")
#define O_EDIT(a)                                                                                  \
	OPT_FLAG("edit", &(a)->edit, "write the texts in $EDITOR", "die Texte im $EDITOR schreiben")

/* The nine rules of the dialogue, a checklist in `treue add dialog --help`,
 * in docs/JOURNAL.md and in the editor's template. */
static const char dialog_about_en[] =
    "Records a conversation with a customer. Ask the two questions, at every touchpoint\n"
    "(sales, service, billing, management):\n"
    "  --support  \"How can we support you best?\"  (innovation)\n"
    "  --improve  \"What can we do better?\"        (optimisation)\n"
    "\n"
    "The nine rules of the dialogue, a checklist:\n"
    "  [ ] 1. Be authentic.\n"
    "  [ ] 2. Ask open questions.\n"
    "  [ ] 3. Listen: the customer talks more than 80% of the time.\n"
    "  [ ] 4. Learn instead of selling.\n"
    "  [ ] 5. Collect facts.\n"
    "  [ ] 6. Focus.\n"
    "  [ ] 7. Recognise needs without judging.\n"
    "  [ ] 8. Take feedback with a simple \"thank you\".\n"
    "  [ ] 9. Ask why before how.\n"
    "\n"
    "A text given as \"-\" is read from standard input (one per call); --edit opens\n"
    "$EDITOR for the three texts.";
static const char dialog_about_de[] =
    "Erfasst ein Kundengespräch. Die zwei Fragen, an jedem Kontaktpunkt\n"
    "(Vertrieb, Kundendienst, Buchhaltung, Geschäftsleitung):\n"
    "  --support  \"Wie können wir Sie am besten unterstützen?\"  (Innovation)\n"
    "  --improve  \"Was können wir besser machen?\"              (Optimierung)\n"
    "\n"
    "Die neun Regeln des Kundengesprächs, eine Checkliste:\n"
    "  [ ] 1. Authentisch sein.\n"
    "  [ ] 2. Offene Fragen stellen.\n"
    "  [ ] 3. Zuhören: der Kunde spricht mehr als 80 % der Zeit.\n"
    "  [ ] 4. Lernen statt verkaufen.\n"
    "  [ ] 5. Fakten sammeln.\n"
    "  [ ] 6. Fokussieren.\n"
    "  [ ] 7. Bedürfnisse erkennen, ohne zu werten.\n"
    "  [ ] 8. Rückmeldung mit einem einfachen \"Danke\" annehmen.\n"
    "  [ ] 9. Erst nach dem Warum fragen, dann nach dem Wie.\n"
    "\n"
    "Ein Text \"-\" wird von der Standardeingabe gelesen (einer je Aufruf); --edit öffnet\n"
    "den $EDITOR für die drei Texte.";

static const char dialog_rules_comment_en[] =
    "#\n# The nine rules: be authentic; ask open questions; listen (the customer talks\n"
    "# more than 80% of the time); learn instead of selling; collect facts; focus;\n"
    "# recognise needs without judging; take feedback with a simple \"thank you\";\n"
    "# ask why before how.\n";
static const char dialog_rules_comment_de[] =
    "#\n# Die neun Regeln: authentisch sein; offene Fragen stellen; zuhören (der Kunde\n"
    "# spricht mehr als 80 % der Zeit); lernen statt verkaufen; Fakten sammeln;\n"
    "# fokussieren; Bedürfnisse erkennen, ohne zu werten; Rückmeldung mit einem\n"
    "# einfachen \"Danke\" annehmen; erst nach dem Warum fragen, dann nach dem Wie.\n";

/* The customers an entry names, for saying what was recorded. */
static void entry_customers(const struct app_entry *en, const char **cid, const char **cid2)
{
	const union app_rec *r = &en->r;
	*cid2 = NULL;
	switch (en->kind) {
	case JK_DIALOG: *cid = r->d.customer_id; break;
	case JK_PROMISE: *cid = r->p.customer_id; break;
	case JK_COMPLAINT: *cid = r->k.customer_id; break;
	case JK_STORY: *cid = r->s.customer_id; break;
	case JK_REFERRAL: *cid = r->r.from_customer, *cid2 = r->r.to_customer; break;
	case JK_DEPARTURE: *cid = r->x.customer_id; break;
	default: *cid = r->v.customer_id; break;
	}
}

/* Records the entry (one transaction with its audit entry) and says what
 * was recorded. */
static int record(struct ctx *c, const struct app_ctx *ac, struct app_entry *en)
{
	struct err e;
	struct strbuf out = STRBUF_INIT;
	const char *cid, *cid2;
	enum journal_kind k = en->kind;
	int rc;
	err_init(&e, cli_lang);
	if ((rc = app_entry_add(ac, en, &e)))
		return app_failed(rc, &e);
	int64_t id = en->id;
	entry_customers(en, &cid, &cid2);
	if (c->format == FMT_JSON) {
		report_entry_json(journal_kind_name[k], id, cid, cid2, &out);
		sb_addch(&out, '\n');
	} else if (c->format == FMT_CSV) {
		sb_adds(&out, "kind,id,customer_id\n");
		csv_field(&out, journal_kind_name[k], 1);
		sb_addf(&out, ",%" PRId64, id);
		csv_text(&out, cid, 0);
		sb_addch(&out, '\n');
	} else if (cid2) {
		sb_addf(&out,
		        L(cli_lang, "recorded %s %" PRId64 ": %s → %s\n",
		          "%s %" PRId64 " erfasst: %s → %s\n"),
		        journal_kind_label(k, cli_lang), id, cid, cid2);
	} else if (cid) {
		sb_addf(&out,
		        L(cli_lang, "recorded %s %" PRId64 " for %s\n",
		          "%s %" PRId64 " für %s erfasst\n"),
		        journal_kind_label(k, cli_lang), id, cid);
	} else {
		sb_addf(&out, L(cli_lang, "recorded %s %" PRId64 "\n", "%s %" PRId64 " erfasst\n"),
		        journal_kind_label(k, cli_lang), id);
	}
	rc = emit(&out);
	sb_release(&out);
	return rc;
}

/* The entry from the fields given (app_entry_new); EXIT_* after printing. */
static int new_entry(struct ctx *c, struct app_ctx *ac, enum journal_kind k,
                     const struct app_fields *f, struct app_entry *en)
{
	struct err e;
	int rc;
	if (ctx_app(c, NULL, ac))
		return EXIT_ERR;
	err_init(&e, cli_lang);
	if ((rc = app_entry_new(ac, k, f, en, &e)))
		return app_failed(rc, &e);
	return EXIT_OK;
}

/* The kind's name must be the one positional argument. */
static int only_kind(int n, const char *kind)
{
	if (n != 1)
		return usage_error(
		    L(cli_lang, "add %s takes no further arguments (texts go in options)",
		      "treue add %s erwartet keine weiteren Argumente (Texte stehen in Optionen)"),
		    kind);
	return 0;
}

static int need(const char *opt, const void *given, const char *kind)
{
	if (!given)
		return usage_error(
		    L(cli_lang, "add %s needs --%s (see treue add %s --help)",
		      "%s: --%s fehlt (siehe treue add %s --help)"),
		    L(cli_lang, kind,
		      vocab_label(VOCAB_KIND, vocab_find(VOCAB_KIND, kind), LANG_DE, VOCAB_ONE)),
		    opt, kind);
	return 0;
}

/* The whys given (--why, each may be "-"), as the entry's fields. */
static int whys_input(struct add_args *a, struct jpool *pool)
{
	for (int i = 0; i < a->why.n; i++)
		if (jr_input("why", &a->why.v[i], pool))
			return EXIT_ERR;
	a->f.why = a->why.v;
	a->f.nwhy = a->why.n;
	return 0;
}

static int add_dialog(int argc, char **argv, struct ctx *c, struct add_args *a)
{
	const struct option opts[] = {
	    O_CUSTOMER(a),
	    O_DATE(a),
	    OPT_STRING("touchpoint", &a->f.touchpoint, "WHERE",
	               "sales, service, billing, management or other",
	               "Vertrieb, Kundendienst, Buchhaltung, Geschäftsleitung oder Sonstiges"),
	    OPT_STRING("channel", &a->f.channel, "CHANNEL", "visit, phone, video, mail, fair, ...",
	               "Besuch, Telefon, Video, Mail, Messe, ..."),
	    OPT_STRING("employee", &a->f.employee, "NAME", "who talked to the customer",
	               "wer mit dem Kunden gesprochen hat"),
	    OPT_STRING("support", &a->f.support, "TEXT",
	               "the answer to \"How can we support you best?\"",
	               "die Antwort auf \"Wie können wir Sie am besten unterstützen?\""),
	    OPT_STRING("improve", &a->f.improve, "TEXT", "the answer to \"What can we do better?\"",
	               "die Antwort auf \"Was können wir besser machen?\""),
	    OPT_STRING("notes", &a->f.notes, "TEXT", "facts, needs, what was agreed",
	               "Fakten, Bedürfnisse, Vereinbartes"),
	    OPT_DATE(
	        "follow-up", &a->f.follow_up,
	        "call again by then (\"Wiedervorlage\": on the agenda until a later dialogue)",
	        "Wiedervorlage: bis dahin wieder anrufen (auf der Agenda bis zu einem späteren "
	        "Kundengespräch)"),
	    O_EDIT(a),
	    OPT_END(),
	};
	const struct cmd_help help = {
	    "treue add dialog --customer ID [--date DATE] [--touchpoint WHERE] [--support TEXT]\n"
	    "       [--improve TEXT] [--notes TEXT] [--employee NAME] [--channel CHANNEL]\n"
	    "       [--follow-up DATE] [--edit]",
	    dialog_about_en, dialog_about_de};
	struct jpool pool = {0};
	struct app_ctx ac;
	struct app_entry en = {0};
	int rc;
	if ((rc = only_kind(parse_options(c, argc, argv, opts, &help), "dialog")) ||
	    (rc = need("customer", a->f.customer, "dialog")))
		goto out;
	rc = EXIT_ERR;
	if (jr_input("support", &a->f.support, &pool) ||
	    jr_input("improve", &a->f.improve, &pool) || jr_input("notes", &a->f.notes, &pool) ||
	    jr_input("channel", &a->f.channel, &pool) ||
	    jr_input("employee", &a->f.employee, &pool))
		goto out;
	if ((rc = new_entry(c, &ac, JK_DIALOG, &a->f, &en)))
		goto out;
	rc = EXIT_ERR;
	if (a->edit) {
		struct rec_dialog *d = &en.r.d;
		struct jr_field f[] = {
		    {"support", &d->support, "How can we support you best?",
		     "Wie können wir Sie am besten unterstützen?"},
		    {"improve", &d->improve, "What can we do better?",
		     "Was können wir besser machen?"},
		    {"notes", &d->notes, "Facts, needs, what was agreed.",
		     "Fakten, Bedürfnisse, Vereinbartes."},
		};
		if (jr_editor(L(cli_lang, dialog_rules_comment_en, dialog_rules_comment_de), f,
		              (int)ARRAY_SIZE(f), &en.pool))
			goto out;
	}
	rc = record(c, &ac, &en);
out:
	app_entry_release(&en);
	jpool_release(&pool);
	return rc;
}

static int add_promise(int argc, char **argv, struct ctx *c, struct add_args *a)
{
	const struct option opts[] = {
	    O_CUSTOMER(a),
	    OPT_STRING("what", &a->f.what, "TEXT", "what was promised", "was zugesagt wurde"),
	    OPT_DATE("due", &a->f.due, "the day it falls due", "der Tag, an dem es fällig ist"),
	    OPT_STRING("due-in", &a->due_in, "DAYS",
	               "or due so many days after it was made (14d, 2w, 1m)",
	               "oder fällig so viele Tage nach der Zusage (14d, 2w, 1m)"),
	    OPT_DATE("made-on", &a->f.made_on, "the day it was made (default: today)",
	             "der Tag der Zusage (Vorgabe: heute)"),
	    OPT_STRING("owner", &a->f.owner, "NAME",
	               "who keeps it (default in reports: the account manager)",
	               "wer sie einhält (Vorgabe in Berichten: der Betreuer)"),
	    O_EDIT(a),
	    OPT_END(),
	};
	const struct cmd_help help = {
	    "treue add promise --customer ID --what TEXT (--due DATE | --due-in DAYS)\n"
	    "       [--made-on DATE] [--owner NAME] [--edit]",
	    "Records a promise made to a customer. Trust grows when promises are kept on time,\n"
	    "or when a deviation is talked about openly before the due date (treue close promise\n"
	    "ID --renegotiated --new-due DATE). Close it with --kept or --broken.\n\n"
	    "A text given as \"-\" is read from standard input; --edit opens $EDITOR.",
	    "Erfasst eine Zusage an einen Kunden. Vertrauen wächst, wenn Zusagen pünktlich\n"
	    "eingehalten werden oder eine Abweichung vor dem Fälligkeitstag offen\n"
	    "besprochen wird (treue close promise ID --renegotiated --new-due DATUM).\n"
	    "Abschließen mit --kept oder --broken.\n\n"
	    "Ein Text \"-\" wird von der Standardeingabe gelesen; --edit öffnet den $EDITOR."};
	struct jpool pool = {0};
	struct app_ctx ac;
	struct app_entry en = {0};
	int rc, days;
	if ((rc = only_kind(parse_options(c, argc, argv, opts, &help), "promise")) ||
	    (rc = need("customer", a->f.customer, "promise")) ||
	    (!a->edit && (rc = need("what", a->f.what, "promise"))))
		goto out;
	if (a->f.due != DAY_NONE && a->due_in) {
		rc = usage_error(L(cli_lang, "give either --due or --due-in",
		                   "entweder --due oder --due-in angeben"));
		goto out;
	}
	if (a->f.due == DAY_NONE && !a->due_in) {
		rc = usage_error(L(cli_lang, "add promise needs --due DATE or --due-in DAYS",
		                   "eine Zusage braucht --due DATUM oder --due-in TAGE"));
		goto out;
	}
	if (a->f.made_on == DAY_NONE)
		a->f.made_on = day_today();
	if (a->due_in) {
		if (parse_duration_days(a->due_in, &days)) {
			rc = usage_error(L(cli_lang,
			                   "--due-in: \"%s\" is not a number of days (14d, 2w, 1m)",
			                   "--due-in: \"%s\" ist keine Anzahl Tage (14d, 2w, 1m)"),
			                 a->due_in);
			goto out;
		}
		if (day_add(a->f.made_on, days, &a->f.due)) {
			rc = usage_error(L(cli_lang,
			                   "--due-in: %s after the day it was made " DAY_RANGE_EN,
			                   "--due-in: %s nach dem Tag der Zusage " DAY_RANGE_DE),
			                 a->due_in);
			goto out;
		}
	}
	rc = EXIT_ERR;
	if (jr_input("what", &a->f.what, &pool) || jr_input("owner", &a->f.owner, &pool))
		goto out;
	if ((rc = new_entry(c, &ac, JK_PROMISE, &a->f, &en)))
		goto out;
	rc = EXIT_ERR;
	if (a->edit) {
		struct jr_field f[] = {
		    {"what", &en.r.p.what, "What was promised?", "Was wurde zugesagt?"}};
		if (jr_editor(NULL, f, 1, &en.pool))
			goto out;
	}
	rc = record(c, &ac, &en);
out:
	app_entry_release(&en);
	jpool_release(&pool);
	return rc;
}

static int add_complaint(int argc, char **argv, struct ctx *c, struct add_args *a)
{
	const struct option opts[] = {
	    O_CUSTOMER(a),
	    O_DATE(a),
	    OPT_STRING("reason", &a->f.reason, "REASON", "one of the reasons below",
	               "einer der Gründe unten"),
	    OPT_STRING("description", &a->f.description, "TEXT", "what the customer said",
	               "was der Kunde gesagt hat"),
	    OPT_LIST(
	        "why", &a->why, "TEXT",
	        "the answer to one \"why?\" (repeat, in order; at most five)",
	        "die Antwort auf ein \"Warum?\" (wiederholbar, der Reihe nach; höchstens fünf)"),
	    OPT_STRING("owner", &a->f.owner, "NAME",
	               "who looks after it (default: the customer's account manager)",
	               "wer sich darum kümmert (Vorgabe: der Betreuer des Kunden)"),
	    O_EDIT(a),
	    OPT_END(),
	};
	struct strbuf about_en = STRBUF_INIT, about_de = STRBUF_INIT, reasons = STRBUF_INIT;
	struct strbuf reasons_de = STRBUF_INIT;
	for (int i = 0; i < vocab_count(VOCAB_REASON); i++) {
		const char *code = vocab_code(VOCAB_REASON, i);
		sb_addf(&reasons, "\n  %-16s %s", code,
		        vocab_label(VOCAB_REASON, i, LANG_EN, VOCAB_ONE));
		sb_addf(&reasons_de, "\n  %s", vocab_label(VOCAB_REASON, i, LANG_DE, VOCAB_ONE));
	}
	sb_addf(&about_en,
	        "Records a complaint. Ask why five times to reach the root cause; close it with\n"
	        "treue close complaint ID --root-cause TEXT once it is found and removed.\n\n"
	        "Reasons (the code or the wording):%s\n\nA text given as \"-\" is read from "
	        "standard input; --edit opens "
	        "$EDITOR.",
	        reasons.buf);
	sb_addf(
	    &about_de,
	    "Erfasst eine Reklamation. Fünfmal nach dem Warum fragen, bis die Ursache klar ist;\n"
	    "abschließen mit treue close complaint NR --root-cause TEXT, wenn sie gefunden und\n"
	    "behoben ist.\n\nGründe:%s\n\nEin Text \"-\" wird von der "
	    "Standardeingabe "
	    "gelesen; --edit öffnet den $EDITOR.",
	    reasons_de.buf);
	const struct cmd_help help = {
	    "treue add complaint --customer ID --reason REASON [--description TEXT]\n"
	    "       [--why TEXT]... [--owner NAME] [--date DATE] [--edit]",
	    about_en.buf, about_de.buf};
	struct jpool pool = {0};
	struct app_ctx ac;
	struct app_entry en = {0};
	int rc;
	if ((rc = only_kind(parse_options(c, argc, argv, opts, &help), "complaint")) ||
	    (rc = need("customer", a->f.customer, "complaint")) ||
	    (rc = need("reason", a->f.reason, "complaint")))
		goto out;
	rc = EXIT_ERR;
	if (jr_input("description", &a->f.description, &pool) || whys_input(a, &pool) ||
	    jr_input("owner", &a->f.owner, &pool))
		goto out;
	if ((rc = new_entry(c, &ac, JK_COMPLAINT, &a->f, &en)))
		goto out;
	rc = EXIT_ERR;
	if (a->edit) {
		struct jr_field f[] = {{"description", &en.r.k.description,
		                        "What did the customer say? Then ask why.",
		                        "Was hat der Kunde gesagt? Dann nach dem Warum fragen."}};
		if (jr_editor(NULL, f, 1, &en.pool))
			goto out;
	}
	rc = record(c, &ac, &en);
out:
	opt_list_release(&a->why);
	sb_release(&about_en);
	sb_release(&about_de);
	sb_release(&reasons);
	sb_release(&reasons_de);
	app_entry_release(&en);
	jpool_release(&pool);
	return rc;
}

static int add_story(int argc, char **argv, struct ctx *c, struct add_args *a)
{
	const struct option opts[] = {
	    OPT_STRING("what", &a->f.what, "TEXT", "the act: what was done",
	               "die Tat: was getan wurde"),
	    OPT_STRING("situation", &a->f.situation, "TEXT", "what went wrong, what was needed",
	               "was schiefging, was gebraucht wurde"),
	    OPT_STRING("outcome", &a->f.outcome, "TEXT", "the WOW: what the customer said or did",
	               "das WOW: was der Kunde sagte oder tat"),
	    OPT_STRING("kind", &a->f.kind, "KIND",
	               "extra_mile (default) or tnt, a tiny noticeable thing",
	               "Extrameile (Vorgabe) oder kleine Aufmerksamkeit (TNT)"),
	    OPT_STRING("employee", &a->f.employee, "NAME", "who went the extra mile",
	               "wer die Extrameile gegangen ist"),
	    OPT_STRING("customer", &a->f.customer, "ID", "the customer, when there was one",
	               "der Kunde, wenn es einen gab"),
	    O_DATE(a),
	    O_EDIT(a),
	    OPT_END(),
	};
	const struct cmd_help help = {
	    "treue add story --what TEXT [--situation TEXT] [--outcome TEXT] [--kind "
	    "extra_mile|tnt]\n"
	    "       [--employee NAME] [--customer ID] [--date DATE] [--edit]",
	    "Writes down an extra-mile story: an unexpected, exceptional act that made a\n"
	    "customer say \"WOW\" — it usually starts when something goes wrong. Tiny\n"
	    "noticeable things (--kind tnt) count too. Every week brings a story: understand\n"
	    "it, write it down, learn from it (treue report stories).\n\n"
	    "A text given as \"-\" is read from standard input (one per call); --edit opens\n"
	    "$EDITOR for situation, act and outcome.",
	    "Hält eine Extrameilen-Geschichte fest: eine unerwartete, außergewöhnliche Tat,\n"
	    "die einen Kunden \"WOW\" sagen ließ — meist beginnt sie, wenn etwas schiefgeht.\n"
	    "Kleine Aufmerksamkeiten (--kind TNT) zählen auch. Jede Woche bringt eine\n"
	    "Geschichte: verstehen, aufschreiben, daraus lernen (treue report stories).\n\n"
	    "Ein Text \"-\" wird von der Standardeingabe gelesen (einer je Aufruf); --edit\n"
	    "öffnet den $EDITOR für Situation, Tat und Ergebnis."};
	struct jpool pool = {0};
	struct app_ctx ac;
	struct app_entry en = {0};
	int rc;
	if ((rc = only_kind(parse_options(c, argc, argv, opts, &help), "story")) ||
	    (!a->edit && (rc = need("what", a->f.what, "story"))))
		goto out;
	rc = EXIT_ERR;
	if (jr_input("what", &a->f.what, &pool) || jr_input("situation", &a->f.situation, &pool) ||
	    jr_input("outcome", &a->f.outcome, &pool) ||
	    jr_input("employee", &a->f.employee, &pool))
		goto out;
	if ((rc = new_entry(c, &ac, JK_STORY, &a->f, &en)))
		goto out;
	rc = EXIT_ERR;
	if (a->edit) {
		struct rec_story *r = &en.r.s;
		struct jr_field f[] = {
		    {"situation", &r->situation, "What went wrong, what was needed?",
		     "Was ging schief, was wurde gebraucht?"},
		    {"what", &r->what, "The act: what did we do?", "Die Tat: was haben wir getan?"},
		    {"outcome", &r->outcome, "The WOW: what did the customer say or do?",
		     "Das WOW: was hat der Kunde gesagt oder getan?"},
		};
		if (jr_editor(NULL, f, (int)ARRAY_SIZE(f), &en.pool))
			goto out;
	}
	rc = record(c, &ac, &en);
out:
	app_entry_release(&en);
	jpool_release(&pool);
	return rc;
}

static int add_referral(int argc, char **argv, struct ctx *c, struct add_args *a)
{
	const struct option opts[] = {
	    OPT_STRING("from", &a->f.from, "ID", "the customer who recommended us",
	               "der Kunde, der uns empfohlen hat"),
	    OPT_STRING("to", &a->f.to, "ID", "the customer who came on that recommendation",
	               "der Kunde, der auf die Empfehlung hin kam"),
	    O_DATE(a),
	    OPT_END(),
	};
	const struct cmd_help help = {
	    "treue add referral --from ID --to ID [--date DATE]",
	    "Records that one customer recommended us to another. A referral in the last two\n"
	    "years makes a very satisfied customer an apostle. Add a new customer first with\n"
	    "treue add customer --id ID --name NAME.",
	    "Erfasst, dass ein Kunde uns einem anderen empfohlen hat. Eine Empfehlung in den\n"
	    "letzten zwei Jahren macht einen sehr zufriedenen Kunden zum Apostel. Einen neuen\n"
	    "Kunden zuerst anlegen mit treue add customer --id NR --name NAME."};
	struct app_ctx ac;
	struct app_entry en = {0};
	int rc;
	if ((rc = only_kind(parse_options(c, argc, argv, opts, &help), "referral")) ||
	    (rc = need("from", a->f.from, "referral")) || (rc = need("to", a->f.to, "referral")))
		goto out;
	if ((rc = new_entry(c, &ac, JK_REFERRAL, &a->f, &en)))
		goto out;
	rc = record(c, &ac, &en);
out:
	app_entry_release(&en);
	return rc;
}

static int add_departure(int argc, char **argv, struct ctx *c, struct add_args *a)
{
	const struct option opts[] = {
	    O_CUSTOMER(a),
	    O_DATE(a),
	    OPT_STRING("reason", &a->f.reason, "TEXT", "why the customer left, in its own words",
	               "warum der Kunde gegangen ist, mit seinen Worten"),
	    OPT_STRING("competitor", &a->f.competitor, "NAME", "where the customer went",
	               "wohin der Kunde gegangen ist"),
	    O_EDIT(a),
	    OPT_END(),
	};
	const struct cmd_help help = {
	    "treue add departure --customer ID [--reason TEXT] [--competitor NAME] [--date DATE]\n"
	    "       [--edit]",
	    "Records that a customer left, and why. Customers leave without saying why unless\n"
	    "someone asks: ask, and write the answer down (treue report feedback counts them).",
	    "Erfasst, dass ein Kunde gegangen ist, und warum. Kunden gehen, ohne zu sagen\n"
	    "warum, wenn niemand fragt: fragen und die Antwort festhalten (treue report\n"
	    "feedback zählt sie)."};
	struct jpool pool = {0};
	struct app_ctx ac;
	struct app_entry en = {0};
	int rc;
	if ((rc = only_kind(parse_options(c, argc, argv, opts, &help), "departure")) ||
	    (rc = need("customer", a->f.customer, "departure")))
		goto out;
	rc = EXIT_ERR;
	if (jr_input("reason", &a->f.reason, &pool) ||
	    jr_input("competitor", &a->f.competitor, &pool))
		goto out;
	if ((rc = new_entry(c, &ac, JK_DEPARTURE, &a->f, &en)))
		goto out;
	rc = EXIT_ERR;
	if (a->edit) {
		struct jr_field f[] = {{"reason", &en.r.x.reason, "Why did the customer leave?",
		                        "Warum ist der Kunde gegangen?"}};
		if (jr_editor(NULL, f, 1, &en.pool))
			goto out;
	}
	rc = record(c, &ac, &en);
out:
	app_entry_release(&en);
	jpool_release(&pool);
	return rc;
}

static int add_survey(int argc, char **argv, struct ctx *c, struct add_args *a)
{
	const struct option opts[] = {
	    O_CUSTOMER(a),
	    O_DATE(a),
	    OPT_STRING("satisfaction", &a->f.satisfaction, "0-10", "overall satisfaction",
	               "Gesamtzufriedenheit"),
	    OPT_STRING("recommend", &a->f.recommend, "0-10",
	               "how likely to recommend us (the NPS question)",
	               "wie wahrscheinlich eine Weiterempfehlung ist (die NPS-Frage)"),
	    OPT_STRING("value", &a->f.value, "0-10", "perceived value", "wahrgenommener Nutzen"),
	    OPT_STRING("comment", &a->f.comment, "TEXT", "the customer's comment",
	               "der Kommentar des Kunden"),
	    O_EDIT(a),
	    OPT_END(),
	};
	const struct cmd_help help = {
	    "treue add survey --customer ID --satisfaction 0-10 [--recommend 0-10]\n"
	    "       [--value 0-10] [--comment TEXT] [--date DATE] [--edit]",
	    "Records one survey answer. Scores go from 0 to 10 with at most one decimal\n"
	    "(8.5 or 8,5). Only completely satisfied customers (9 and 10) are reliably loyal.",
	    "Erfasst eine Umfrageantwort. Werte von 0 bis 10 mit höchstens einer\n"
	    "Nachkommastelle (8,5 oder 8.5). Nur vollständig zufriedene Kunden (9 und 10) sind\n"
	    "verlässlich treu."};
	struct jpool pool = {0};
	struct app_ctx ac;
	struct app_entry en = {0};
	int rc;
	if ((rc = only_kind(parse_options(c, argc, argv, opts, &help), "survey")) ||
	    (rc = need("customer", a->f.customer, "survey")) ||
	    (rc = need("satisfaction", a->f.satisfaction, "survey")))
		goto out;
	rc = EXIT_ERR;
	if (jr_input("comment", &a->f.comment, &pool))
		goto out;
	if ((rc = new_entry(c, &ac, JK_SURVEY, &a->f, &en)))
		goto out;
	rc = EXIT_ERR;
	if (a->edit) {
		struct jr_field f[] = {{"comment", &en.r.v.comment, "The customer's comment.",
		                        "Der Kommentar des Kunden."}};
		if (jr_editor(NULL, f, 1, &en.pool))
			goto out;
	}
	rc = record(c, &ac, &en);
out:
	app_entry_release(&en);
	jpool_release(&pool);
	return rc;
}

static int add_customer(int argc, char **argv, struct ctx *c, struct add_args *a)
{
	const struct option opts[] = {
	    OPT_STRING("id", &a->f.id, "ID", "the company's own customer id",
	               "die eigene Kundennummer"),
	    OPT_STRING("name", &a->f.name, "NAME", "the customer's name", "der Name des Kunden"),
	    OPT_STRING("industry", &a->f.industry, "TEXT", "industry", "Branche"),
	    OPT_STRING("region", &a->f.region, "TEXT", "region", "Region"),
	    OPT_STRING("owner", &a->f.owner, "NAME", "the account manager", "der Betreuer"),
	    OPT_DATE("acquired-on", &a->f.acquired_on, "when the customer was won",
	             "wann der Kunde gewonnen wurde"),
	    OPT_STRING("acquisition-cost", &a->f.acquisition_cost, "AMOUNT",
	               "what winning it cost (1,234.56)", "was das Gewinnen kostete (1.234,56)"),
	    OPT_END(),
	};
	const struct cmd_help help = {
	    "treue add customer --id ID [--name NAME] [--owner NAME] [--industry TEXT]\n"
	    "       [--region TEXT] [--acquired-on DATE] [--acquisition-cost AMOUNT]",
	    "Adds one customer by hand (imports add them in bulk), e.g. a new customer who came\n"
	    "on a referral.",
	    "Legt einen Kunden von Hand an (Importe legen sie in Mengen an), z. B. einen\n"
	    "Neukunden, der auf eine Empfehlung hin kam."};
	struct jpool pool = {0};
	struct app_ctx ac;
	struct err e;
	int64_t cost;
	int rc;
	err_init(&e, cli_lang);
	if ((rc = only_kind(parse_options(c, argc, argv, opts, &help), "customer")) ||
	    (rc = need("id", a->f.id, "customer")))
		goto out;
	if (a->f.acquisition_cost && (rc = money_parse_input(a->f.acquisition_cost, &cost)) != 0) {
		rc = usage_error(
		    rc == -2
		        ? L(cli_lang, "--acquisition-cost: \"%s\" " MONEY_RANGE_EN,
		            "--acquisition-cost: \"%s\" " MONEY_RANGE_DE)
		        : L(cli_lang, "--acquisition-cost: \"%s\" is not an amount like 1,234.56",
		            "--acquisition-cost: \"%s\" ist kein Betrag wie 1.234,56"),
		    a->f.acquisition_cost);
		goto out;
	}
	rc = EXIT_ERR;
	if (jr_input("id", &a->f.id, &pool) || jr_input("name", &a->f.name, &pool) ||
	    jr_input("industry", &a->f.industry, &pool) ||
	    jr_input("region", &a->f.region, &pool) || jr_input("owner", &a->f.owner, &pool))
		goto out;
	if (!*a->f.id) {
		rc = usage_error(
		    L(cli_lang, "add customer needs --id", "add customer braucht --id"));
		goto out;
	}
	if (ctx_app(c, NULL, &ac))
		goto out;
	if ((rc = app_customer_add(&ac, &a->f, &e))) {
		rc = app_failed(rc, &e);
		goto out;
	}
	{ /* the id as stored: trimmed by the id rule (ingest_id_norm) */
		struct strbuf idb = STRBUF_INIT;
		if (ingest_id_norm(a->f.id, "id", &idb, &e) == 0)
			a->f.id = jpool_dup(&pool, idb.buf);
		sb_release(&idb);
	}
	if (c->format == FMT_JSON) {
		struct strbuf out = STRBUF_INIT;
		report_entry_json("customer", 0, a->f.id, NULL, &out);
		sb_addch(&out, '\n');
		rc = emit(&out);
		sb_release(&out);
	} else {
		printf(L(cli_lang, "added customer %s\n", "Kunde %s angelegt\n"), a->f.id);
		rc = EXIT_OK;
	}
out:
	jpool_release(&pool);
	return rc;
}

static void add_usage(FILE *out)
{
	fprintf(
	    out, "%s\n\n%s\n",
	    L(cli_lang, "usage: treue add KIND [OPTIONS]", "Aufruf: treue add ART [OPTIONEN]"),
	    L(cli_lang,
	      "Kinds of entries:\n"
	      "  dialog     a conversation: the two questions, touchpoint, notes\n"
	      "  promise    a promise with its due date\n"
	      "  complaint  a complaint, its reason and up to five whys\n"
	      "  story      an extra-mile story or a tiny noticeable thing\n"
	      "  referral   one customer recommended us to another\n"
	      "  departure  a customer left, and why\n"
	      "  survey     satisfaction, recommendation and value, 0-10\n"
	      "  customer   a new customer\n\n"
	      "`treue add KIND --help` lists the options of each kind.",
	      "Arten von Einträgen:\n"
	      "  Kundengespräch  die zwei Fragen, Kontaktpunkt, Notizen\n"
	      "  Zusage          eine Zusage mit Fälligkeit\n"
	      "  Reklamation     eine Reklamation, ihr Grund und bis zu fünf Warums\n"
	      "  Geschichte      eine Extrameilen-Geschichte oder kleine Aufmerksamkeit\n"
	      "  Empfehlung      ein Kunde hat uns einem anderen empfohlen\n"
	      "  Abgang          ein Kunde ist gegangen, und warum\n"
	      "  Umfrage         Zufriedenheit, Weiterempfehlung und wahrgenommener Nutzen, 0-10\n"
	      "  Kunde           ein neuer Kunde\n\n"
	      "`treue add ART --help` nennt die Optionen jeder Art (ART klein oder groß\n"
	      "geschrieben, auch auf Englisch wie in den Beispielen)."));
}

/* The names of every option of add that takes a value (for finding the kind). */
static const struct option add_value_opts[] = {
    OPT_STRING("customer", NULL, NULL, NULL, NULL),
    OPT_STRING("touchpoint", NULL, NULL, NULL, NULL),
    OPT_STRING("channel", NULL, NULL, NULL, NULL),
    OPT_STRING("employee", NULL, NULL, NULL, NULL),
    OPT_STRING("support", NULL, NULL, NULL, NULL),
    OPT_STRING("improve", NULL, NULL, NULL, NULL),
    OPT_STRING("notes", NULL, NULL, NULL, NULL),
    OPT_STRING("what", NULL, NULL, NULL, NULL),
    OPT_STRING("due", NULL, NULL, NULL, NULL),
    OPT_STRING("due-in", NULL, NULL, NULL, NULL),
    OPT_STRING("made-on", NULL, NULL, NULL, NULL),
    OPT_STRING("owner", NULL, NULL, NULL, NULL),
    OPT_STRING("reason", NULL, NULL, NULL, NULL),
    OPT_STRING("description", NULL, NULL, NULL, NULL),
    OPT_STRING("why", NULL, NULL, NULL, NULL),
    OPT_STRING("situation", NULL, NULL, NULL, NULL),
    OPT_STRING("outcome", NULL, NULL, NULL, NULL),
    OPT_STRING("kind", NULL, NULL, NULL, NULL),
    OPT_STRING("from", NULL, NULL, NULL, NULL),
    OPT_STRING("to", NULL, NULL, NULL, NULL),
    OPT_STRING("competitor", NULL, NULL, NULL, NULL),
    OPT_STRING("satisfaction", NULL, NULL, NULL, NULL),
    OPT_STRING("recommend", NULL, NULL, NULL, NULL),
    OPT_STRING("value", NULL, NULL, NULL, NULL),
    OPT_STRING("comment", NULL, NULL, NULL, NULL),
    OPT_STRING("date", NULL, NULL, NULL, NULL),
    OPT_STRING("id", NULL, NULL, NULL, NULL),
    OPT_STRING("name", NULL, NULL, NULL, NULL),
    OPT_STRING("industry", NULL, NULL, NULL, NULL),
    OPT_STRING("region", NULL, NULL, NULL, NULL),
    OPT_STRING("acquired-on", NULL, NULL, NULL, NULL),
    OPT_STRING("acquisition-cost", NULL, NULL, NULL, NULL),
    OPT_END(),
};

/* `treue add KIND ...`: finds the kind, then parses that kind's options. */
int cmd_add(int argc, char **argv, struct ctx *c)
{
	const struct option *const tables[] = {add_value_opts, NULL};
	const char *kind = jr_first_positional(argc, argv, tables);
	struct add_args a;
	memset(&a, 0, sizeof(a));
	app_fields_init(&a.f);
	if (!kind) {
		for (int i = 1; i < argc; i++)
			if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
				add_usage(stdout);
				return EXIT_OK;
			}
		add_usage(stderr);
		return EXIT_USAGE;
	}
	if (vocab_find(VOCAB_KIND, kind) == VK_CUSTOMER)
		return add_customer(argc, argv, c, &a);
	switch (journal_kind_parse(kind)) {
	case JK_DIALOG: return add_dialog(argc, argv, c, &a);
	case JK_PROMISE: return add_promise(argc, argv, c, &a);
	case JK_COMPLAINT: return add_complaint(argc, argv, c, &a);
	case JK_STORY: return add_story(argc, argv, c, &a);
	case JK_REFERRAL: return add_referral(argc, argv, c, &a);
	case JK_DEPARTURE: return add_departure(argc, argv, c, &a);
	case JK_SURVEY: return add_survey(argc, argv, c, &a);
	default:
		return usage_error(
		    L(cli_lang,
		      "\"%s\" is not a kind of entry: dialog, promise, complaint, "
		      "story, referral, departure, survey or customer",
		      "\"%s\" ist keine Art von Eintrag: dialog, promise, complaint, "
		      "story, referral, departure, survey oder customer"),
		    kind);
	}
}
