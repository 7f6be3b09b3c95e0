/*
 * cmd_journal_change.c — changing entries that exist: `treue close
 * promise|complaint ID`, `treue edit KIND ID` and `treue delete KIND ID`.
 * Options, texts from standard input or $EDITOR and the confirmation are
 * read here; the application layer reads the entry, checks it as it will
 * be, writes it in one transaction with one audit entry; this file says
 * what was done (as text or JSON).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_journal.h"

/* The id argument: a positive whole number. */
static int parse_id(const char *s, int64_t *id)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v <= 0)
		return usage_error(L(cli_lang, "\"%s\" is not an entry number (see treue list)",
		                     "\"%s\" ist keine Eintragsnummer (siehe treue list)"),
		                   s);
	*id = v;
	return 0;
}

/* Finds entry kind/id through the application layer, or prints why not.
 * 0 or EXIT_*. */
static int find_entry(const struct app_ctx *ac, const char *kind_s, const char *id_s,
                      struct app_entry *en)
{
	struct err e;
	int kind = journal_kind_parse(kind_s), rc;
	int64_t id = 0;
	if (kind < 0)
		return usage_error(
		    L(cli_lang,
		      "\"%s\" is not a kind of entry: dialog, promise, complaint, "
		      "story, referral, departure or survey",
		      "\"%s\" ist keine Art von Eintrag: Kundengespräch, Zusage, Reklamation, "
		      "Geschichte, Empfehlung, Abgang oder Umfrage"),
		    kind_s);
	if ((rc = parse_id(id_s, &id)))
		return rc;
	err_init(&e, cli_lang);
	if ((rc = app_entry_load(ac, (enum journal_kind)kind, id, en, &e)))
		return app_failed(rc, &e);
	return 0;
}

/* Prints a small JSON object: the kind, the id and the fields given as
 * name, value pairs (NULL-terminated): strings, int64 after a name
 * starting with "#", a list of names separated by ", " after "@". */
static int say_json(const char *kind, int64_t id, ...)
{
	struct strbuf out = STRBUF_INIT;
	struct json j;
	va_list ap;
	const char *key;
	json_init(&j, &out, 0);
	json_obj_begin(&j);
	json_key(&j, "kind");
	json_str(&j, kind);
	if (id) {
		json_key(&j, "id");
		json_int(&j, id);
	}
	va_start(ap, id);
	while ((key = va_arg(ap, const char *))) {
		if (key[0] == '#') {
			json_key(&j, key + 1);
			json_int(&j, va_arg(ap, int64_t));
		} else if (key[0] == '@') {
			const char *list = va_arg(ap, const char *), *p = list;
			json_key(&j, key + 1);
			json_arr_begin(&j);
			while (*p) {
				size_t n = strcspn(p, ",");
				json_strn(&j, p, n);
				p += n;
				p += strspn(p, ", ");
			}
			json_arr_end(&j);
		} else if (key[0] == '?') {
			json_key(&j, key + 1);
			json_bool(&j, va_arg(ap, int));
		} else {
			json_key(&j, key);
			json_str(&j, va_arg(ap, const char *));
		}
	}
	va_end(ap);
	json_obj_end(&j);
	sb_addch(&out, '\n');
	int rc = emit(&out);
	sb_release(&out);
	return rc;
}

/* ================= close ================= */

struct close_args {
	int kept, broken, renegotiated;
	day_t on, new_due;
	const char *what, *root_cause;
	struct opt_list why;
};

/* `treue close promise ID`: the options that go together, then the close. */
static int close_promise(struct ctx *c, const struct app_ctx *ac, struct app_entry *en,
                         struct close_args *a)
{
	struct app_close how = {0};
	struct app_closed done;
	struct err e;
	char d1[11], d2[11];
	int nflags = a->kept + a->broken + a->renegotiated, rc;
	if (a->root_cause || a->why.n)
		return usage_error(L(cli_lang, "--root-cause and --why close complaints",
		                     "--root-cause und --why schließen Reklamationen ab"));
	if (nflags != 1)
		return usage_error(
		    L(cli_lang,
		      "close promise needs exactly one of --kept, --broken, "
		      "--renegotiated",
		      "treue close promise braucht genau eines von --kept, --broken, "
		      "--renegotiated"));
	if (a->new_due != DAY_NONE && !a->renegotiated)
		return usage_error(L(cli_lang, "--new-due goes with --renegotiated",
		                     "--new-due gehört zu --renegotiated"));
	if (a->renegotiated && a->new_due == DAY_NONE)
		return usage_error(L(cli_lang,
		                     "--renegotiated needs --new-due DATE: the new promise",
		                     "--renegotiated braucht --new-due DATUM: die neue Zusage"));
	if (a->what && !a->renegotiated)
		return usage_error(L(cli_lang,
		                     "--what goes with --renegotiated (the follow-up promise)",
		                     "--what gehört zu --renegotiated (die neue Zusage)"));
	if (jr_input("what", &a->what, &en->pool))
		return EXIT_ERR;
	how.status = a->kept ? PROMISE_KEPT : a->broken ? PROMISE_BROKEN : PROMISE_RENEGOTIATED;
	how.on = a->on;
	how.new_due = a->new_due;
	how.what = a->what;
	err_init(&e, cli_lang);
	if ((rc = app_promise_close(ac, en, &how, &done, &e)))
		return app_failed(rc, &e);
	const char *status = vocab_code(VOCAB_PROMISE_STATUS, (int)how.status);
	if (c->format == FMT_JSON)
		return done.follow_up ? say_json("promise", en->id, "status", status, "closed_on",
		                                 day_format(done.on, d1), "#follow_up",
		                                 done.follow_up, (char *)NULL)
		                      : say_json("promise", en->id, "status", status, "closed_on",
		                                 day_format(done.on, d1), (char *)NULL);
	if (done.follow_up)
		printf(L(cli_lang,
		         "promise %" PRId64 " renegotiated on %s; the new promise %" PRId64
		         " is due %s\n",
		         "Zusage %" PRId64 " am %s neu verhandelt; die neue Zusage %" PRId64
		         " ist fällig am %s\n"),
		       en->id, day_format_lang(done.on, cli_lang, d1), done.follow_up,
		       day_format_lang(a->new_due, cli_lang, d2));
	else
		printf(a->kept ? L(cli_lang, "promise %" PRId64 " kept on %s%s\n",
		                   "Zusage %" PRId64 " eingehalten am %s%s\n")
		               : L(cli_lang, "promise %" PRId64 " broken on %s%s\n",
		                   "Zusage %" PRId64 " gebrochen am %s%s\n"),
		       en->id, day_format_lang(done.on, cli_lang, d1),
		       done.late ? L(cli_lang, " (late)", " (verspätet)") : "");
	return EXIT_OK;
}

/* "3 whys asked" / "3-mal nach dem Warum gefragt". */
static const char *whys_asked(int n, char buf[static 64])
{
	snprintf(buf, 64, L(cli_lang, "%d whys asked", "%d-mal nach dem Warum gefragt"), n);
	return buf;
}

/* `treue close complaint ID`: its root cause, more whys. */
static int close_complaint(struct ctx *c, const struct app_ctx *ac, struct app_entry *en,
                           struct close_args *a)
{
	struct app_close how = {0};
	struct app_closed done;
	struct err e;
	char d1[11], d2[64];
	int rc;
	if (a->kept || a->broken || a->renegotiated || a->new_due != DAY_NONE || a->what)
		return usage_error(
		    L(cli_lang,
		      "--kept, --broken, --renegotiated, --new-due and --what close "
		      "promises",
		      "--kept, --broken, --renegotiated, --new-due und --what schließen "
		      "Zusagen ab"));
	if (!a->root_cause)
		return usage_error(
		    L(cli_lang,
		      "close complaint needs --root-cause TEXT: ask why up to five "
		      "times, then name the root cause",
		      "treue close complaint braucht --root-cause TEXT: bis zu fünfmal nach dem "
		      "Warum fragen, dann die Ursache benennen"));
	if (jr_input("root-cause", &a->root_cause, &en->pool))
		return EXIT_ERR;
	if (!*a->root_cause)
		return usage_error(L(cli_lang, "--root-cause must not be empty",
		                     "--root-cause darf nicht leer sein"));
	for (int i = 0; i < a->why.n; i++)
		if (jr_input("why", &a->why.v[i], &en->pool))
			return EXIT_ERR;
	how.on = a->on;
	how.root_cause = a->root_cause;
	how.why = a->why.v;
	how.nwhy = a->why.n;
	err_init(&e, cli_lang);
	if ((rc = app_complaint_close(ac, en, &how, &done, &e)))
		return app_failed(rc, &e);
	if (c->format == FMT_JSON)
		return say_json("complaint", en->id, "status", "resolved", "resolved_on",
		                day_format(done.on, d1), "#whys", (int64_t)done.whys, (char *)NULL);
	printf(L(cli_lang, "complaint %" PRId64 " resolved on %s (%s)\n",
	         "Reklamation %" PRId64 " erledigt am %s (%s)\n"),
	       en->id, day_format_lang(done.on, cli_lang, d1),
	       done.whys == 0   ? L(cli_lang, "no why asked", "nicht nach dem Warum gefragt")
	       : done.whys == 1 ? L(cli_lang, "1 why asked", "einmal nach dem Warum gefragt")
	                        : whys_asked(done.whys, d2));
	return EXIT_OK;
}

/* `treue close promise ID ...` / `treue close complaint ID ...`. */
int cmd_close(int argc, char **argv, struct ctx *c)
{
	struct close_args a;
	memset(&a, 0, sizeof(a));
	a.on = a.new_due = DAY_NONE;
	const struct option opts[] = {
	    OPT_GROUP("Promises", "Zusagen"),
	    OPT_FLAG("kept", &a.kept, "the promise was kept", "die Zusage wurde eingehalten"),
	    OPT_FLAG("broken", &a.broken, "the promise was broken", "die Zusage wurde gebrochen"),
	    OPT_FLAG("renegotiated", &a.renegotiated,
	             "the deviation was talked about: a new promise replaces it",
	             "die Abweichung wurde besprochen: eine neue Zusage ersetzt sie"),
	    OPT_DATE("new-due", &a.new_due, "with --renegotiated: the new due date",
	             "mit --renegotiated: der neue Fälligkeitstag"),
	    OPT_STRING("what", &a.what, "TEXT",
	               "with --renegotiated: what the new promise says (default: the same)",
	               "mit --renegotiated: was die neue Zusage sagt (Vorgabe: dasselbe)"),
	    OPT_GROUP("Complaints", "Reklamationen"),
	    OPT_STRING("root-cause", &a.root_cause, "TEXT", "the root cause that was found",
	               "die gefundene Ursache"),
	    OPT_LIST("why", &a.why, "TEXT",
	             "one more answer to \"why?\" (repeat, in order; at most five in all)",
	             "eine weitere Antwort auf \"Warum?\" (wiederholbar, der Reihe nach; "
	             "höchstens fünf insgesamt)"),
	    OPT_GROUP("Both", "Beide"),
	    OPT_DATE("on", &a.on, "the day it was closed (default: today)",
	             "der Tag des Abschlusses (Vorgabe: heute)"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue close promise ID --kept|--broken|--renegotiated [--new-due DATE] [--on DATE]\n"
	    "       treue close complaint ID --root-cause TEXT [--why TEXT]... [--on DATE]",
	    "Closes a promise (kept, broken, or renegotiated: then a new promise with the new\n"
	    "due date takes its place and is linked to it) or a complaint (with its root cause;\n"
	    "--why adds answers after those recorded, at most five in all).",
	    "Schließt eine Zusage ab (eingehalten, gebrochen oder neu verhandelt: dann tritt\n"
	    "eine neue Zusage mit dem neuen Fälligkeitstag an ihre Stelle und wird mit ihr\n"
	    "verknüpft) oder eine Reklamation (mit ihrer Ursache; --why fügt Antworten nach den\n"
	    "erfassten an, höchstens fünf insgesamt)."};
	struct app_entry en = {0};
	struct app_ctx ac;
	int n, rc;
	n = parse_options(c, argc, argv, opts, &help);
	if (n != 2) {
		rc = usage_error(L(cli_lang, "usage: treue close promise|complaint ID [options]",
		                   "Aufruf: treue close promise|complaint ID [Optionen]"));
		goto out;
	}
	int kind = journal_kind_parse(argv[0]);
	if (kind != JK_PROMISE && kind != JK_COMPLAINT) {
		rc = usage_error(
		    L(cli_lang, "only promises and complaints are closed, not \"%s\"",
		      "abgeschlossen werden nur Zusagen und Reklamationen, nicht \"%s\""),
		    argv[0]);
		goto out;
	}
	if ((rc = ctx_app(c, NULL, &ac)) || (rc = find_entry(&ac, argv[0], argv[1], &en)))
		goto out;
	rc = kind == JK_PROMISE ? close_promise(c, &ac, &en, &a) : close_complaint(c, &ac, &en, &a);
out:
	opt_list_release(&a.why);
	app_entry_release(&en);
	return rc;
}

/* ================= edit ================= */

struct edit_args {
	struct app_fields f;
	struct opt_list why;
	int editor;
	const char *follow_up; /* a date, or "" to remove it */
};

/* Which options each kind takes (space separated). */
static const char *const edit_allowed[JK__COUNT + 1] = {
    " customer date touchpoint channel employee support improve notes follow-up edit ",
    " customer made-on due what owner status closed-on edit ",
    " customer date reason description why add-why owner status resolved-on root-cause edit ",
    " customer date what situation outcome kind employee edit ",
    " from to date ",
    " customer date reason competitor edit ",
    " customer date satisfaction recommend value comment edit ",
    " name industry region owner acquired-on acquisition-cost ", /* customer */
};

static int opt_is_set(const struct option *o)
{
	switch (o->type) {
	case OPT_STRING_: return *(const char **)o->value != NULL;
	case OPT_DATE_: return *(day_t *)o->value != DAY_NONE;
	case OPT_FLAG_: return *(int *)o->value != 0;
	case OPT_LIST_: return ((struct opt_list *)o->value)->n > 0;
	default: return 0;
	}
}

/* Checks that only options of the kind were given; lists them in `changed`. */
static int check_allowed(const struct option *opts, int k, const char *kind_s,
                         struct strbuf *changed)
{
	char word[64];
	for (const struct option *o = opts; o->type != OPT_END_; o++) {
		if (o->type == OPT_GROUP_ || !opt_is_set(o))
			continue;
		snprintf(word, sizeof(word), " %s ", o->name);
		if (!strstr(edit_allowed[k], word))
			return usage_error(
			    L(cli_lang, "--%s does not apply to a %s", "--%s passt nicht zu %s"),
			    o->name, kind_s);
		if (strcmp(o->name, "edit"))
			sb_addf(changed, "%s%s", changed->len ? ", " : "", o->name);
	}
	return 0;
}

/* Texts given as "-" read from standard input (the kind's text options). */
static int edit_input(struct edit_args *a, int kind, struct jpool *p)
{
	struct app_fields *f = &a->f;
	struct {
		const char *name;
		const char **val;
	} texts[] = {
	    {"channel", &f->channel},       {"employee", &f->employee},
	    {"support", &f->support},       {"improve", &f->improve},
	    {"notes", &f->notes},           {"what", &f->what},
	    {"owner", &f->owner},           {"description", &f->description},
	    {"root-cause", &f->root_cause}, {"situation", &f->situation},
	    {"outcome", &f->outcome},       {"competitor", &f->competitor},
	    {"comment", &f->comment},       {"name", &f->name},
	    {"industry", &f->industry},     {"region", &f->region},
	    {"add-why", &f->add_why},
	};
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		if (jr_input(texts[i].name, texts[i].val, p))
			return EXIT_ERR;
	/* a departure's reason is its words; a complaint's is a code */
	if (kind == JK_DEPARTURE && jr_input("reason", &f->reason, p))
		return EXIT_ERR;
	for (int i = 0; i < a->why.n; i++)
		if (jr_input("why", &a->why.v[i], p))
			return EXIT_ERR;
	f->why = a->why.v;
	f->nwhy = a->why.n;
	return 0;
}

/* --edit: the entry's long texts in $EDITOR. */
static int edit_texts(struct app_entry *en)
{
	union app_rec *r = &en->r;
	struct jr_field f[3];
	int n = 0;
	memset(f, 0, sizeof(f));
	switch (en->kind) {
	case JK_DIALOG:
		f[n++] = (struct jr_field){"support", &r->d.support, "How can we support you best?",
		                           "Wie können wir Sie am besten unterstützen?"};
		f[n++] = (struct jr_field){"improve", &r->d.improve, "What can we do better?",
		                           "Was können wir besser machen?"};
		f[n++] = (struct jr_field){"notes", &r->d.notes, NULL, NULL};
		break;
	case JK_PROMISE: f[n++] = (struct jr_field){"what", &r->p.what, NULL, NULL}; break;
	case JK_COMPLAINT:
		f[n++] = (struct jr_field){"description", &r->k.description, NULL, NULL};
		break;
	case JK_STORY:
		f[n++] = (struct jr_field){"situation", &r->s.situation, NULL, NULL};
		f[n++] = (struct jr_field){"what", &r->s.what, NULL, NULL};
		f[n++] = (struct jr_field){"outcome", &r->s.outcome, NULL, NULL};
		break;
	case JK_DEPARTURE: f[n++] = (struct jr_field){"reason", &r->x.reason, NULL, NULL}; break;
	case JK_SURVEY: f[n++] = (struct jr_field){"comment", &r->v.comment, NULL, NULL}; break;
	default: break;
	}
	return jr_editor(NULL, f, n, &en->pool);
}

/* `treue edit customer ID`. */
static int edit_customer_row(struct ctx *c, const struct app_ctx *ac, const char *who,
                             struct edit_args *a, const char *changed)
{
	struct strbuf id = STRBUF_INIT;
	struct err e;
	int64_t cost;
	int rc;
	const char *acq = a->f.acquisition_cost;
	if (acq && *acq && (rc = money_parse_input(acq, &cost)) != 0)
		return usage_error(
		    rc == -2
		        ? L(cli_lang, "--acquisition-cost: \"%s\" " MONEY_RANGE_EN,
		            "--acquisition-cost: \"%s\" " MONEY_RANGE_DE)
		        : L(cli_lang, "--acquisition-cost: \"%s\" is not an amount like 1,234.56",
		            "--acquisition-cost: \"%s\" ist kein Betrag wie 1.234,56"),
		    acq);
	err_init(&e, cli_lang);
	if ((rc = app_customer_change(ac, who, &a->f, changed, &id, &e)))
		rc = app_failed(rc, &e);
	else if (c->format == FMT_JSON)
		rc = say_json("customer", 0, "customer_id", id.buf, "@changed", changed,
		              (char *)NULL);
	else {
		struct strbuf names = STRBUF_INIT;
		field_labels(&names, changed, "customer", cli_lang);
		printf(L(cli_lang, "changed customer %s: %s\n", "Kunde %s geändert: %s\n"), id.buf,
		       names.buf);
		sb_release(&names);
	}
	sb_release(&id);
	return rc;
}

/* `treue edit KIND ID [options]`. */
int cmd_edit(int argc, char **argv, struct ctx *c)
{
	struct edit_args a;
	memset(&a, 0, sizeof(a));
	app_fields_init(&a.f);
	const struct option opts[] = {
	    OPT_GROUP("Every kind", "Jede Art"),
	    OPT_STRING("customer", &a.f.customer, "ID",
	               "move the entry to another customer (story: \"\" for none)",
	               "den Eintrag einem anderen Kunden zuordnen (Geschichte: \"\" für keinen)"),
	    OPT_DATE("date", &a.f.date, "the entry's date", "das Datum des Eintrags"),
	    OPT_FLAG("edit", &a.editor, "change the texts in $EDITOR",
	             "die Texte im $EDITOR ändern"),
	    OPT_GROUP("dialog", "Kundengespräch"),
	    OPT_STRING("touchpoint", &a.f.touchpoint, "WHERE", "sales, service, billing, ...",
	               "Vertrieb, Kundendienst, Buchhaltung, ..."),
	    OPT_STRING("channel", &a.f.channel, "CHANNEL", "channel", "Kanal"),
	    OPT_STRING("employee", &a.f.employee, "NAME", "employee (also stories)",
	               "Mitarbeiter (auch Geschichten)"),
	    OPT_STRING("support", &a.f.support, "TEXT",
	               "answer to \"How can we support you best?\"",
	               "Antwort auf \"Wie können wir Sie am besten unterstützen?\""),
	    OPT_STRING("improve", &a.f.improve, "TEXT", "answer to \"What can we do better?\"",
	               "Antwort auf \"Was können wir besser machen?\""),
	    OPT_STRING("notes", &a.f.notes, "TEXT", "notes", "Notizen"),
	    OPT_STRING("follow-up", &a.follow_up, "DATE",
	               "the follow-up date (\"Wiedervorlage\"; \"\" removes it)",
	               "die Wiedervorlage (\"\" entfernt sie)"),
	    OPT_GROUP("promise", "Zusage"),
	    OPT_STRING("what", &a.f.what, "TEXT", "what was promised (story: the act)",
	               "was zugesagt wurde (Geschichte: die Tat)"),
	    OPT_DATE("made-on", &a.f.made_on, "the day it was made", "der Tag der Zusage"),
	    OPT_DATE("due", &a.f.due, "the due date", "der Fälligkeitstag"),
	    OPT_STRING("owner", &a.f.owner, "NAME",
	               "who keeps it (complaint: looks after it; customer: account manager)",
	               "wer sie einhält (Reklamation: wer sich kümmert; Kunde: der Betreuer)"),
	    OPT_STRING("status", &a.f.status, "STATUS",
	               "open, kept, broken, renegotiated (complaint: open, resolved)",
	               "offen, eingehalten, gebrochen, neu verhandelt (Reklamation: offen, "
	               "erledigt)"),
	    OPT_DATE("closed-on", &a.f.closed_on, "the closing date", "der Abschlusstag"),
	    OPT_GROUP("complaint", "Reklamation"),
	    OPT_STRING("reason", &a.f.reason, "REASON", "the reason (departure: free text)",
	               "der Grund (Abgang: freier Text)"),
	    OPT_STRING("description", &a.f.description, "TEXT", "description", "Beschreibung"),
	    OPT_LIST("why", &a.why, "TEXT", "the whys, replacing those recorded (at most five)",
	             "die Warums, ersetzen die erfassten (höchstens fünf)"),
	    OPT_STRING("add-why", &a.f.add_why, "TEXT",
	               "one more why after those recorded (at most five); the complaint stays open",
	               "ein weiteres Warum nach den erfassten (höchstens fünf); die Reklamation "
	               "bleibt offen"),
	    OPT_DATE("resolved-on", &a.f.resolved_on, "the resolution date",
	             "der Tag, an dem sie erledigt wurde"),
	    OPT_STRING("root-cause", &a.f.root_cause, "TEXT", "the root cause", "die Ursache"),
	    OPT_GROUP("story", "Geschichte"),
	    OPT_STRING("situation", &a.f.situation, "TEXT", "what went wrong", "was schiefging"),
	    OPT_STRING("outcome", &a.f.outcome, "TEXT", "the WOW", "das WOW"),
	    OPT_STRING("kind", &a.f.kind, "KIND", "extra_mile or tnt",
	               "Extrameile oder kleine Aufmerksamkeit"),
	    OPT_GROUP("referral", "Empfehlung"),
	    OPT_STRING("from", &a.f.from, "ID", "the recommending customer",
	               "der empfehlende Kunde"),
	    OPT_STRING("to", &a.f.to, "ID", "the referred customer", "der empfohlene Kunde"),
	    OPT_GROUP("departure", "Abgang"),
	    OPT_STRING("competitor", &a.f.competitor, "NAME", "competitor", "Wettbewerber"),
	    OPT_GROUP("survey", "Umfrage"),
	    OPT_STRING("satisfaction", &a.f.satisfaction, "0-10", "satisfaction", "Zufriedenheit"),
	    OPT_STRING("recommend", &a.f.recommend, "0-10", "recommend", "Weiterempfehlung"),
	    OPT_STRING("value", &a.f.value, "0-10", "perceived value", "wahrgenommener Nutzen"),
	    OPT_STRING("comment", &a.f.comment, "TEXT", "comment", "Kommentar"),
	    OPT_GROUP("customer (treue edit customer ID)", "Kunde (treue edit kunde NR)"),
	    OPT_STRING("name", &a.f.name, "NAME", "name", "Name"),
	    OPT_STRING("industry", &a.f.industry, "TEXT", "industry", "Branche"),
	    OPT_STRING("region", &a.f.region, "TEXT", "region", "Region"),
	    OPT_DATE("acquired-on", &a.f.acquired_on, "when won", "wann gewonnen"),
	    OPT_STRING("acquisition-cost", &a.f.acquisition_cost, "AMOUNT", "what winning it cost",
	               "was das Gewinnen kostete"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue edit KIND ID [options]",
	    "Changes one entry; only the fields given change, a text given as \"\" is cleared.\n"
	    "KIND: dialog, promise, complaint, story, referral, departure, survey, or customer\n"
	    "(then ID is the customer's id). The entry is checked as a whole afterwards (a due\n"
	    "date before the promise was made, a sixth why... are refused).",
	    "Ändert einen Eintrag; nur die angegebenen Felder ändern sich, ein Text \"\" wird\n"
	    "geleert. ART: Kundengespräch, Zusage, Reklamation, Geschichte, Empfehlung, Abgang,\n"
	    "Umfrage oder Kunde (dann ist NR die Kundennummer). Danach wird der Eintrag als\n"
	    "Ganzes geprüft (ein Fälligkeitstag vor der Zusage, ein sechstes Warum... werden\n"
	    "abgelehnt)."};
	struct strbuf changed = STRBUF_INIT;
	struct app_entry en = {0};
	struct app_ctx ac;
	struct jpool pool = {0};
	struct err e;
	int n, kind, rc;
	err_init(&e, cli_lang);
	n = parse_options(c, argc, argv, opts, &help);
	if (n != 2) {
		rc = usage_error(L(cli_lang, "usage: treue edit KIND ID [options]",
		                   "Aufruf: treue edit ART ID [Optionen]"));
		goto out;
	}
	kind = !strcmp(argv[0], "customer") || !strcmp(argv[0], "customers")
	           ? JK__COUNT
	           : journal_kind_parse(argv[0]);
	if (kind < 0) {
		rc = usage_error(L(cli_lang, "\"%s\" is not a kind of entry",
		                   "\"%s\" ist keine Art von Eintrag"),
		                 argv[0]);
		goto out;
	}
	if ((rc = check_allowed(opts, kind, argv[0], &changed)))
		goto out;
	if (a.why.n && a.f.add_why) {
		rc = usage_error(
		    L(cli_lang, "give either --why (replaces the whys) or --add-why (adds one)",
		      "entweder --why (ersetzt die Warums) oder --add-why (fügt eins an)"));
		goto out;
	}
	if (a.follow_up) {
		if (!*a.follow_up) {
			a.f.clear_follow_up = 1;
		} else if (day_parse_input(a.follow_up, day_today(), &a.f.follow_up)) {
			rc = usage_error(
			    L(cli_lang,
			      "--follow-up: \"%s\" is not a date (2026-11-24, 24.11.2026, "
			      "+7) or \"\"",
			      "--follow-up: \"%s\" ist kein Datum (24.11.2026, 2026-11-24, "
			      "+7) und nicht \"\""),
			    a.follow_up);
			goto out;
		}
	}
	if (!changed.len && !a.editor) {
		rc = usage_error(
		    L(cli_lang,
		      "nothing to change: give the fields to change (see treue edit "
		      "--help)",
		      "nichts zu ändern: die zu ändernden Felder angeben (siehe treue edit "
		      "--help)"));
		goto out;
	}
	if ((rc = edit_input(&a, kind, &pool)))
		goto out;
	if ((rc = ctx_app(c, NULL, &ac)))
		goto out;
	if (kind == JK__COUNT) {
		rc = edit_customer_row(c, &ac, argv[1], &a, changed.buf);
		goto out;
	}
	if ((rc = find_entry(&ac, argv[0], argv[1], &en)))
		goto out;
	if ((rc = app_entry_change(&ac, &en, &a.f, &e))) {
		rc = app_failed(rc, &e);
		goto out;
	}
	rc = EXIT_ERR;
	if (a.editor) {
		if (edit_texts(&en))
			goto out;
		sb_addf(&changed, "%stexts", changed.len ? ", " : "");
	}
	if ((rc = app_entry_update(&ac, &en, changed.buf, &e))) {
		rc = app_failed(rc, &e);
		goto out;
	}
	if (c->format == FMT_JSON)
		rc =
		    say_json(journal_kind_name[kind], en.id, "@changed", changed.buf, (char *)NULL);
	else {
		struct strbuf names = STRBUF_INIT;
		field_labels(&names, changed.buf, journal_kind_name[kind], cli_lang);
		printf(L(cli_lang, "changed %s %" PRId64 ": %s\n", "%s %" PRId64 " geändert: %s\n"),
		       journal_kind_label((enum journal_kind)kind, cli_lang), en.id, names.buf);
		sb_release(&names);
		rc = EXIT_OK;
	}
out:
	opt_list_release(&a.why);
	sb_release(&changed);
	app_entry_release(&en);
	jpool_release(&pool);
	return rc;
}

/* ================= delete ================= */

/* `treue delete KIND ID [--yes]`. */
int cmd_delete(int argc, char **argv, struct ctx *c)
{
	int yes = 0;
	const struct option opts[] = {
	    OPT_FLAG("yes", &yes, "do not ask (for scripts)", "nicht nachfragen (für Skripte)"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue delete KIND ID [--yes]",
	    "Deletes one journal entry after asking (--yes in scripts). KIND: dialog, promise,\n"
	    "complaint, story, referral, departure, survey. The deletion is written to the\n"
	    "audit trail; to forget a customer altogether, use treue erase.",
	    "Löscht einen Journaleintrag nach Rückfrage (--yes in Skripten). ART: Kundengespräch,\n"
	    "Zusage, Reklamation, Geschichte, Empfehlung, Abgang, Umfrage. Die Löschung steht im\n"
	    "Prüfprotokoll; um einen Kunden ganz zu vergessen: treue erase."};
	struct strbuf q = STRBUF_INIT;
	struct app_entry en = {0};
	struct app_ctx ac;
	struct err e;
	int n, rc;
	char d[11];
	err_init(&e, cli_lang);
	n = parse_options(c, argc, argv, opts, &help);
	if (n != 2) {
		rc = usage_error(L(cli_lang, "usage: treue delete KIND ID [--yes]",
		                   "Aufruf: treue delete ART NR [--yes]"));
		goto out;
	}
	if ((rc = ctx_app(c, NULL, &ac)) || (rc = find_entry(&ac, argv[0], argv[1], &en)))
		goto out;
	day_t date;
	const char *who;
	switch (en.kind) {
	case JK_DIALOG: date = en.r.d.date, who = en.r.d.customer_id; break;
	case JK_PROMISE: date = en.r.p.due_on, who = en.r.p.customer_id; break;
	case JK_COMPLAINT: date = en.r.k.date, who = en.r.k.customer_id; break;
	case JK_STORY: date = en.r.s.date, who = en.r.s.customer_id; break;
	case JK_REFERRAL: date = en.r.r.date, who = en.r.r.from_customer; break;
	case JK_DEPARTURE: date = en.r.x.date, who = en.r.x.customer_id; break;
	default: date = en.r.v.date, who = en.r.v.customer_id; break;
	}
	sb_addf(&q,
	        L(cli_lang, "Delete %s %" PRId64 " (%s%s%s)?", "%s %" PRId64 " (%s%s%s) löschen?"),
	        journal_kind_label(en.kind, cli_lang), en.id, who ? who : "", who ? ", " : "",
	        day_format_lang(date, cli_lang, d));
	if (!yes && !confirm(q.buf)) {
		rc = error(L(cli_lang, "not deleted (confirm on a terminal, or pass --yes)",
		             "nicht gelöscht (am Terminal bestätigen oder --yes angeben)"));
		goto out;
	}
	if ((rc = app_entry_delete(&ac, &en, &e))) {
		rc = app_failed(rc, &e);
		goto out;
	}
	if (c->format == FMT_JSON)
		rc = say_json(journal_kind_name[en.kind], en.id, "?deleted", 1, (char *)NULL);
	else
		printf(L(cli_lang, "deleted %s %" PRId64 "\n", "%s %" PRId64 " gelöscht\n"),
		       journal_kind_label(en.kind, cli_lang), en.id);
out:
	sb_release(&q);
	app_entry_release(&en);
	return rc;
}
