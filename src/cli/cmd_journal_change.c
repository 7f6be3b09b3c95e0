/*
 * cmd_journal_change.c — changing entries that exist: `treue close
 * promise|complaint ID`, `treue edit KIND ID` and `treue delete KIND ID`.
 * Each reads the entry by id, validates the whole entry as it will be,
 * writes it in one transaction with one audit entry, and says what it did.
 */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_journal.h"

/* One entry as read from the store. */
struct entry {
	enum journal_kind kind;
	int64_t id;
	int64_t cust, cust2; /* customer keys (referral: from, to; story: 0 without) */
	const char *name;    /* the customer's name */
	union jr_rec r;
	int64_t renegotiated_to; /* promises: the follow-up, 0 when none */
	struct jpool pool;
};

static const enum db_stmt get_stmt[JK__COUNT] = {
    ST_J_G_DIALOG,   ST_J_G_PROMISE,   ST_J_G_COMPLAINT, ST_J_G_STORY,
    ST_J_G_REFERRAL, ST_J_G_DEPARTURE, ST_J_G_SURVEY,
};
static const enum db_stmt delete_stmt[JK__COUNT] = {
    ST_J_D_DIALOG,   ST_J_D_PROMISE,   ST_J_D_COMPLAINT, ST_J_D_STORY,
    ST_J_D_REFERRAL, ST_J_D_DEPARTURE, ST_J_D_SURVEY,
};

static int find_name(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return 0;
}

static day_t col_day(struct stmt *s, int i)
{
	return (day_t)col_int_or(s, i, DAY_NONE);
}

/* Reads entry `id` of kind k: 1 found, 0 not there, -1 error. */
static int load_entry(struct store *st, enum journal_kind k, int64_t id, struct entry *en,
                      struct err *e)
{
	struct stmt *s = store_stmt(st, get_stmt[k]);
	struct jpool *p = &en->pool;
	int rc;
	en->kind = k;
	en->id = id;
	stmt_int(s, 1, id);
	rc = stmt_step(s, e);
	if (rc != 1) {
		stmt_reset(s);
		return rc;
	}
#define T(i) jpool_dup(p, col_text(s, (i)))
	en->cust = col_int_or(s, 0, 0);
	en->name = T(2);
	switch (k) {
	case JK_DIALOG:
		en->r.d =
		    (struct rec_dialog){T(1), col_day(s, 3), T(4), T(5), T(6), T(7), T(8), T(9)};
		break;
	case JK_PROMISE:
		en->r.p = (struct rec_promise){
		    T(1),
		    col_day(s, 3),
		    col_day(s, 4),
		    T(5),
		    T(6),
		    (enum promise_status)find_name(promise_status_name, 4, col_text(s, 7)),
		    col_day(s, 8)};
		en->renegotiated_to = col_int_or(s, 9, 0);
		break;
	case JK_COMPLAINT:
		en->r.k.customer_id = T(1);
		en->r.k.date = col_day(s, 3);
		en->r.k.reason = T(4);
		en->r.k.reason_text = T(5);
		en->r.k.description = T(6);
		en->r.k.status =
		    (enum complaint_status)find_name(complaint_status_name, 2, col_text(s, 7));
		en->r.k.resolved_on = col_day(s, 8);
		for (int i = 0; i < JOURNAL_WHYS; i++)
			en->r.k.why[i] = T(9 + i);
		en->r.k.root_cause = T(14);
		break;
	case JK_STORY:
		en->r.s = (struct rec_story){
		    col_day(s, 3),
		    T(4),
		    T(1),
		    T(5),
		    T(6),
		    T(7),
		    (enum story_kind)find_name(story_kind_name, 2, col_text(s, 8))};
		break;
	case JK_REFERRAL:
		en->cust2 = col_int(s, 3);
		en->r.r = (struct rec_referral){T(1), T(4), col_day(s, 6)};
		break;
	case JK_DEPARTURE: en->r.x = (struct rec_departure){T(1), col_day(s, 3), T(4), T(5)}; break;
	case JK_SURVEY:
		en->r.v = (struct rec_survey){T(1),
		                              col_day(s, 3),
		                              (int)col_int_or(s, 4, SCORE_NONE),
		                              (int)col_int_or(s, 5, SCORE_NONE),
		                              (int)col_int_or(s, 6, SCORE_NONE),
		                              T(7)};
		break;
	default: break;
	}
#undef T
	stmt_reset(s);
	/* whys are filled from the first place on: close gaps an import may have left */
	if (k == JK_COMPLAINT) {
		int n = 0;
		for (int i = 0; i < JOURNAL_WHYS; i++)
			if (en->r.k.why[i])
				en->r.k.why[n++] = en->r.k.why[i];
		while (n < JOURNAL_WHYS)
			en->r.k.why[n++] = NULL;
	}
	return 1;
}

/* Writes every column of the entry back (by id). */
static int store_entry(struct store *st, const struct entry *en, struct err *e)
{
	struct stmt *s;
	const union jr_rec *r = &en->r;
	switch (en->kind) {
	case JK_DIALOG:
		s = store_stmt(st, ST_J_U_DIALOG);
		stmt_int(s, 2, en->cust);
		stmt_int(s, 3, r->d.date);
		stmt_text(s, 4, r->d.channel);
		stmt_text(s, 5, r->d.touchpoint);
		stmt_text(s, 6, r->d.employee);
		stmt_text(s, 7, r->d.support);
		stmt_text(s, 8, r->d.improve);
		stmt_text(s, 9, r->d.notes);
		break;
	case JK_PROMISE:
		s = store_stmt(st, ST_J_U_PROMISE);
		stmt_int(s, 2, en->cust);
		stmt_int(s, 3, r->p.made_on);
		stmt_int(s, 4, r->p.due_on);
		stmt_text(s, 5, r->p.what);
		stmt_text(s, 6, r->p.owner);
		stmt_text(s, 7, promise_status_name[r->p.status]);
		stmt_int_or_null(s, 8, r->p.closed_on, DAY_NONE);
		stmt_int_or_null(s, 9, en->renegotiated_to, 0);
		break;
	case JK_COMPLAINT:
		s = store_stmt(st, ST_J_U_COMPLAINT);
		stmt_int(s, 2, en->cust);
		stmt_int(s, 3, r->k.date);
		stmt_text(s, 4, r->k.reason);
		stmt_text(s, 5, r->k.reason_text);
		stmt_text(s, 6, r->k.description);
		stmt_text(s, 7, complaint_status_name[r->k.status]);
		stmt_int_or_null(s, 8, r->k.resolved_on, DAY_NONE);
		for (int i = 0; i < JOURNAL_WHYS; i++)
			stmt_text(s, 9 + i, r->k.why[i]);
		stmt_text(s, 14, r->k.root_cause);
		break;
	case JK_STORY:
		s = store_stmt(st, ST_J_U_STORY);
		stmt_int_or_null(s, 2, en->cust, 0);
		stmt_int(s, 3, r->s.date);
		stmt_text(s, 4, r->s.what);
		stmt_text(s, 5, r->s.employee);
		stmt_text(s, 6, r->s.situation);
		stmt_text(s, 7, r->s.outcome);
		stmt_text(s, 8, story_kind_name[r->s.kind]);
		break;
	case JK_REFERRAL:
		s = store_stmt(st, ST_J_U_REFERRAL);
		stmt_int(s, 2, en->cust);
		stmt_int(s, 3, en->cust2);
		stmt_int(s, 4, r->r.date);
		break;
	case JK_DEPARTURE:
		s = store_stmt(st, ST_J_U_DEPARTURE);
		stmt_int(s, 2, en->cust);
		stmt_int(s, 3, r->x.date);
		stmt_text(s, 4, r->x.reason);
		stmt_text(s, 5, r->x.competitor);
		break;
	case JK_SURVEY:
		s = store_stmt(st, ST_J_U_SURVEY);
		stmt_int(s, 2, en->cust);
		stmt_int(s, 3, r->v.date);
		stmt_int(s, 4, r->v.satisfaction);
		stmt_int_or_null(s, 5, r->v.recommend, SCORE_NONE);
		stmt_int_or_null(s, 6, r->v.value, SCORE_NONE);
		stmt_text(s, 7, r->v.comment);
		break;
	default: return err_set(e, "BUG: kind %d", (int)en->kind);
	}
	stmt_int(s, 1, en->id);
	return stmt_exec(s, e);
}

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

/* Finds entry kind/id or prints why not. 0 or EXIT_*. */
static int find_entry(struct store *st, const char *kind_s, const char *id_s, struct entry *en)
{
	struct err e = {.lang = cli_lang};
	int kind = journal_kind_parse(kind_s), rc;
	int64_t id = 0;
	err_clear(&e);
	if (kind < 0)
		return usage_error(
		    L(cli_lang,
		      "\"%s\" is not a kind of entry: dialog, promise, complaint, "
		      "story, referral, departure or survey",
		      "\"%s\" ist keine Art von Eintrag: dialog, promise, complaint, "
		      "story, referral, departure oder survey"),
		    kind_s);
	if ((rc = parse_id(id_s, &id)))
		return rc;
	rc = load_entry(st, (enum journal_kind)kind, id, en, &e);
	if (rc < 0)
		return print_err(&e);
	if (rc == 0)
		return error(L(cli_lang, "there is no %s %" PRId64 " (see treue list %s)",
		               "es gibt kein(e) %s %" PRId64 " (siehe treue list %s)"),
		             journal_kind_label((enum journal_kind)kind, cli_lang), id,
		             jr_layouts[kind].plural);
	return 0;
}

/* 1 when customer `key` was erased (GDPR): its entries stay as they are. */
static int customer_erased(struct store *st, int64_t key)
{
	int erased = 0;
	if (key <= 0)
		return 0;
	struct stmt *s = store_stmt(st, ST_J_G_CUSTOMER);
	stmt_int(s, 1, key);
	if (stmt_step(s, NULL) == 1)
		erased = (int)col_int(s, 4);
	stmt_reset(s);
	return erased;
}

/* Prints a small JSON object: the kind, the id and the string fields
 * given as name, value pairs (NULL-terminated); int fields after "#". */
static void say_json(enum journal_kind k, int64_t id, ...)
{
	struct strbuf out = STRBUF_INIT;
	struct json j;
	va_list ap;
	const char *key;
	json_init(&j, &out, 0);
	json_obj_begin(&j);
	json_key(&j, "kind");
	json_str(&j, journal_kind_name[k]);
	json_key(&j, "id");
	json_int(&j, id);
	va_start(ap, id);
	while ((key = va_arg(ap, const char *))) {
		if (key[0] == '#') {
			json_key(&j, key + 1);
			json_int(&j, va_arg(ap, int64_t));
		} else {
			json_key(&j, key);
			json_str(&j, va_arg(ap, const char *));
		}
	}
	va_end(ap);
	json_obj_end(&j);
	sb_addch(&out, '\n');
	emit(&out);
	sb_release(&out);
}

/* Runs the changes in one transaction with their audit entry. */
static int commit_change(struct store *st, struct err *e)
{
	if (store_commit(st, e)) {
		store_rollback(st);
		return print_err(e);
	}
	return 0;
}

static int fail(struct store *st, struct err *e)
{
	store_rollback(st);
	return print_err(e);
}

/* ================= close ================= */

/* Nothing is closed in the future: EXIT_ERR (after saying so) when d is. */
static int not_future(day_t d)
{
	char a[11];
	if (d != DAY_NONE && d > day_today())
		return error(L(cli_lang, "the closing date %s lies in the future",
		               "das Abschlussdatum %s liegt in der Zukunft"),
		             day_format(d, a));
	return 0;
}

struct close_args {
	int kept, broken, renegotiated;
	day_t on, new_due;
	const char *what, *root_cause;
	struct opt_list why;
};

static int close_promise(struct ctx *c, struct store *st, struct entry *en, struct close_args *a)
{
	struct rec_promise *p = &en->r.p;
	struct err e = {.lang = cli_lang};
	char d1[11], d2[11];
	int64_t follow = 0;
	int nflags = a->kept + a->broken + a->renegotiated;
	err_clear(&e);
	if (a->root_cause || a->why.n)
		return usage_error(L(cli_lang, "--root-cause and --why close complaints",
		                     "--root-cause und --why schließen Reklamationen ab"));
	if (nflags != 1)
		return usage_error(L(cli_lang,
		                     "close promise needs exactly one of --kept, --broken, "
		                     "--renegotiated",
		                     "close promise braucht genau eines von --kept, --broken, "
		                     "--renegotiated"));
	if (a->new_due != DAY_NONE && !a->renegotiated)
		return usage_error(L(cli_lang, "--new-due goes with --renegotiated",
		                     "--new-due gehört zu --renegotiated"));
	if (a->renegotiated && a->new_due == DAY_NONE)
		return usage_error(
		    L(cli_lang, "--renegotiated needs --new-due DATE: the new promise",
		      "--renegotiated braucht --new-due DATUM: das neue Versprechen"));
	if (a->what && !a->renegotiated)
		return usage_error(L(cli_lang,
		                     "--what goes with --renegotiated (the follow-up promise)",
		                     "--what gehört zu --renegotiated (das neue Versprechen)"));
	if (p->status != PROMISE_OPEN)
		return error(L(cli_lang, "promise %" PRId64 " is already closed: %s on %s",
		               "Versprechen %" PRId64 " ist schon abgeschlossen: %s am %s"),
		             en->id, promise_status_name[p->status],
		             p->closed_on == DAY_NONE ? "?" : day_format(p->closed_on, d1));
	if (a->on == DAY_NONE)
		a->on = day_today();
	if (not_future(a->on))
		return EXIT_ERR;
	if (journal_check_closed(p->made_on, a->on, &e) ||
	    (a->renegotiated && journal_check_due(a->on, a->new_due, &e)))
		return print_err(&e);
	if (a->what && jr_text("what", &a->what, &en->pool))
		return EXIT_ERR;
	if (store_begin(st, &e))
		return print_err(&e);
	if (a->renegotiated) {
		struct stmt *s = store_stmt(st, ST_J_PROMISE_NEW);
		stmt_int(s, 1, en->cust);
		stmt_int(s, 2, a->on);
		stmt_int(s, 3, a->new_due);
		stmt_text(s, 4, a->what ? a->what : p->what);
		stmt_text(s, 5, p->owner);
		if (stmt_exec(s, &e))
			return fail(st, &e);
		follow = store_last_rowid(st);
	}
	enum promise_status to = a->kept     ? PROMISE_KEPT
	                         : a->broken ? PROMISE_BROKEN
	                                     : PROMISE_RENEGOTIATED;
	struct stmt *s = store_stmt(st, ST_J_PROMISE_CLOSE);
	stmt_int(s, 1, en->id);
	stmt_text(s, 2, promise_status_name[to]);
	stmt_int(s, 3, a->on);
	stmt_int_or_null(s, 4, follow, 0);
	if (stmt_exec(s, &e))
		return fail(st, &e);
	if (store_changes(st) != 1) {
		err_set(&e,
		        L(cli_lang, "promise %" PRId64 " was closed meanwhile",
		          "Versprechen %" PRId64 " wurde inzwischen abgeschlossen"),
		        en->id);
		return fail(st, &e);
	}
	if (follow ? jr_audit(st, "close", en->cust, 2, &e,
	                      "promise %" PRId64 ": renegotiated on %s; follow-up promise %" PRId64
	                      " due %s",
	                      en->id, day_format(a->on, d1), follow, day_format(a->new_due, d2))
	           : jr_audit(st, "close", en->cust, 1, &e, "promise %" PRId64 ": %s on %s", en->id,
	                      promise_status_name[to], day_format(a->on, d1)))
		return fail(st, &e);
	if (commit_change(st, &e))
		return EXIT_ERR;
	if (c->format == FMT_JSON) {
		if (follow)
			say_json(JK_PROMISE, en->id, "status", promise_status_name[to], "closed_on",
			         day_format(a->on, d1), "#follow_up", follow, (char *)NULL);
		else
			say_json(JK_PROMISE, en->id, "status", promise_status_name[to], "closed_on",
			         day_format(a->on, d1), (char *)NULL);
	} else if (follow) {
		printf(L(cli_lang,
		         "promise %" PRId64 " renegotiated on %s; the new promise %" PRId64
		         " is due %s\n",
		         "Versprechen %" PRId64
		         " am %s neu verhandelt; das neue Versprechen %" PRId64
		         " ist fällig am %s\n"),
		       en->id, day_format(a->on, d1), follow, day_format(a->new_due, d2));
	} else {
		printf(a->kept ? L(cli_lang, "promise %" PRId64 " kept on %s%s\n",
		                   "Versprechen %" PRId64 " gehalten am %s%s\n")
		               : L(cli_lang, "promise %" PRId64 " broken on %s%s\n",
		                   "Versprechen %" PRId64 " gebrochen am %s%s\n"),
		       en->id, day_format(a->on, d1),
		       a->kept && a->on > p->due_on ? L(cli_lang, " (late)", " (verspätet)") : "");
	}
	return EXIT_OK;
}

static int close_complaint(struct ctx *c, struct store *st, struct entry *en, struct close_args *a)
{
	struct rec_complaint *k = &en->r.k;
	struct err e = {.lang = cli_lang};
	char d1[11];
	err_clear(&e);
	if (a->kept || a->broken || a->renegotiated || a->new_due != DAY_NONE || a->what)
		return usage_error(
		    L(cli_lang,
		      "--kept, --broken, --renegotiated, --new-due and --what close "
		      "promises",
		      "--kept, --broken, --renegotiated, --new-due und --what schließen "
		      "Versprechen ab"));
	if (!a->root_cause)
		return usage_error(
		    L(cli_lang,
		      "close complaint needs --root-cause TEXT: ask why up to five "
		      "times, then name the root cause",
		      "close complaint braucht --root-cause TEXT: bis zu fünfmal nach dem "
		      "Warum fragen, dann die Ursache benennen"));
	if (k->status != COMPLAINT_OPEN)
		return error(L(cli_lang, "complaint %" PRId64 " is already resolved (on %s)",
		               "Reklamation %" PRId64 " ist schon erledigt (am %s)"),
		             en->id,
		             k->resolved_on == DAY_NONE ? "?" : day_format(k->resolved_on, d1));
	if (jr_text("root-cause", &a->root_cause, &en->pool))
		return EXIT_ERR;
	if (!a->root_cause)
		return usage_error(L(cli_lang, "--root-cause must not be empty",
		                     "--root-cause darf nicht leer sein"));
	for (int i = 0; i < a->why.n; i++) {
		const char *w = a->why.v[i];
		if (jr_text("why", &w, &en->pool))
			return EXIT_ERR;
		if (journal_whys_append(k->why, w, &e))
			return print_err(&e);
	}
	if (a->on == DAY_NONE)
		a->on = day_today();
	if (not_future(a->on))
		return EXIT_ERR;
	if (journal_check_closed(k->date, a->on, &e))
		return print_err(&e);
	k->status = COMPLAINT_RESOLVED;
	k->resolved_on = a->on;
	k->root_cause = a->root_cause;
	if (store_begin(st, &e))
		return print_err(&e);
	if (store_entry(st, en, &e) ||
	    jr_audit(st, "close", en->cust, 1, &e, "complaint %" PRId64 ": resolved on %s, %d whys",
	             en->id, day_format(a->on, d1), journal_whys_count(k->why)))
		return fail(st, &e);
	if (commit_change(st, &e))
		return EXIT_ERR;
	if (c->format == FMT_JSON)
		say_json(JK_COMPLAINT, en->id, "status", "resolved", "resolved_on",
		         day_format(a->on, d1), "#whys", (int64_t)journal_whys_count(k->why),
		         (char *)NULL);
	else
		printf(L(cli_lang, "complaint %" PRId64 " resolved on %s (%d whys asked)\n",
		         "Reklamation %" PRId64
		         " erledigt am %s (%d-mal nach dem Warum gefragt)\n"),
		       en->id, day_format(a->on, d1), journal_whys_count(k->why));
	return EXIT_OK;
}

/* `treue close promise ID ...` / `treue close complaint ID ...`. */
int cmd_close(int argc, char **argv, struct ctx *c)
{
	struct close_args a;
	memset(&a, 0, sizeof(a));
	a.on = a.new_due = DAY_NONE;
	const struct option opts[] = {
	    OPT_GROUP("Promises", "Versprechen"),
	    OPT_FLAG("kept", &a.kept, "the promise was kept", "das Versprechen wurde gehalten"),
	    OPT_FLAG("broken", &a.broken, "the promise was broken",
	             "das Versprechen wurde gebrochen"),
	    OPT_FLAG("renegotiated", &a.renegotiated,
	             "the deviation was talked about: a new promise replaces it",
	             "die Abweichung wurde besprochen: ein neues Versprechen ersetzt es"),
	    OPT_DATE("new-due", &a.new_due, "with --renegotiated: the new due date",
	             "mit --renegotiated: der neue Fälligkeitstag"),
	    OPT_STRING("what", &a.what, "TEXT",
	               "with --renegotiated: what the new promise says (default: the same)",
	               "mit --renegotiated: was das neue Versprechen sagt (Vorgabe: dasselbe)"),
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
	    "Schließt ein Versprechen ab (gehalten, gebrochen oder neu verhandelt: dann tritt\n"
	    "ein neues Versprechen mit dem neuen Fälligkeitstag an seine Stelle und wird damit\n"
	    "verknüpft) oder eine Reklamation (mit ihrer Ursache; --why fügt Antworten nach den\n"
	    "erfassten an, höchstens fünf insgesamt)."};
	struct entry en;
	struct store *st;
	int n, rc;
	memset(&en, 0, sizeof(en));
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
		      "abgeschlossen werden nur Versprechen und Reklamationen, nicht \"%s\""),
		    argv[0]);
		goto out;
	}
	if (!(st = ctx_store(c))) {
		rc = EXIT_ERR;
		goto out;
	}
	if ((rc = find_entry(st, argv[0], argv[1], &en)))
		goto out;
	rc = kind == JK_PROMISE ? close_promise(c, st, &en, &a) : close_complaint(c, st, &en, &a);
out:
	opt_list_release(&a.why);
	jpool_release(&en.pool);
	return rc;
}

/* ================= edit ================= */

struct edit_args {
	const char *customer, *touchpoint, *channel, *employee, *support, *improve, *notes;
	const char *what, *owner, *status, *reason, *description, *root_cause, *situation;
	const char *outcome, *kind, *from, *to, *competitor, *satisfaction, *recommend, *value;
	const char *comment, *name, *industry, *region, *acq_cost;
	day_t date, made_on, due, closed_on, resolved_on, acquired_on;
	struct opt_list why;
	int editor;
};

/* Which options each kind takes (space separated). */
static const char *const edit_allowed[JK__COUNT + 1] = {
    " customer date touchpoint channel employee support improve notes edit ",
    " customer made-on due what owner status closed-on edit ",
    " customer date reason description why status resolved-on root-cause edit ",
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

/* A text option for edit: not given leaves *dst, "" clears it. */
static int edit_text(const char *field, const char *given, const char **dst, struct jpool *p)
{
	if (!given)
		return 0;
	if (jr_text(field, &given, p))
		return EXIT_ERR;
	*dst = given;
	return 0;
}

/* The customer an edit moves the entry to. */
static int edit_customer(struct store *st, const char *given, int64_t *key, const char **cid,
                         struct jpool *p)
{
	struct strbuf id = STRBUF_INIT;
	if (!given)
		return 0;
	if (jr_customer(st, given, key, &id)) {
		sb_release(&id);
		return EXIT_ERR;
	}
	*cid = jpool_dup(p, id.buf);
	sb_release(&id);
	return 0;
}

static int edit_customer_row(struct ctx *c, struct store *st, const char *who, struct edit_args *a,
                             const char *changed)
{
	struct strbuf id = STRBUF_INIT;
	struct jpool pool = {0};
	struct err e = {.lang = cli_lang};
	int64_t key, cost = MONEY_NONE;
	int rc = EXIT_ERR;
	const char *name, *industry, *region, *owner;
	day_t acquired;
	err_clear(&e);
	if (jr_customer(st, who, &key, &id))
		goto out;
	struct stmt *s = store_stmt(st, ST_J_G_CUSTOMER_FULL);
	stmt_int(s, 1, key);
	if (stmt_step(s, &e) != 1) {
		stmt_reset(s);
		rc = print_err(&e);
		goto out;
	}
	name = jpool_dup(&pool, col_text(s, 1));
	industry = jpool_dup(&pool, col_text(s, 2));
	region = jpool_dup(&pool, col_text(s, 3));
	owner = jpool_dup(&pool, col_text(s, 4));
	acquired = (day_t)col_int_or(s, 5, DAY_NONE);
	cost = col_int_or(s, 6, MONEY_NONE);
	stmt_reset(s);
	if (edit_text("name", a->name, &name, &pool) ||
	    edit_text("industry", a->industry, &industry, &pool) ||
	    edit_text("region", a->region, &region, &pool) ||
	    edit_text("owner", a->owner, &owner, &pool))
		goto out;
	if (a->acquired_on != DAY_NONE)
		acquired = a->acquired_on;
	if (a->acq_cost) {
		if (!*a->acq_cost)
			cost = MONEY_NONE;
		else if ((rc = money_parse_plain(a->acq_cost, &cost)) != 0) {
			rc = usage_error(
			    rc == -2 ? L(cli_lang, "--acquisition-cost: \"%s\" " MONEY_RANGE_EN,
			                 "--acquisition-cost: \"%s\" " MONEY_RANGE_DE)
			             : L(cli_lang,
			                 "--acquisition-cost: \"%s\" is not an amount like 1234.56",
			                 "--acquisition-cost: \"%s\" ist kein Betrag wie 1234.56"),
			    a->acq_cost);
			goto out;
		}
	}
	if (store_begin(st, &e)) {
		rc = print_err(&e);
		goto out;
	}
	s = store_stmt(st, ST_J_U_CUSTOMER);
	stmt_int(s, 1, key);
	stmt_text(s, 2, name);
	stmt_text(s, 3, industry);
	stmt_text(s, 4, region);
	stmt_text(s, 5, owner);
	stmt_int_or_null(s, 6, acquired, DAY_NONE);
	stmt_int_or_null(s, 7, cost, MONEY_NONE);
	if (stmt_exec(s, &e) || jr_audit(st, "edit", key, 1, &e, "customer: %s", changed)) {
		rc = fail(st, &e);
		goto out;
	}
	if (commit_change(st, &e))
		goto out;
	printf(L(cli_lang, "changed customer %s: %s\n", "Kunde %s geändert: %s\n"), id.buf,
	       changed);
	rc = EXIT_OK;
out:
	sb_release(&id);
	jpool_release(&pool);
	return rc;
}

/* Applies the options to the entry and validates the result. */
static int edit_apply(struct store *st, struct entry *en, struct edit_args *a)
{
	union jr_rec *r = &en->r;
	struct jpool *p = &en->pool;
	struct err e = {.lang = cli_lang};
	err_clear(&e);
	switch (en->kind) {
	case JK_DIALOG:
		if (edit_customer(st, a->customer, &en->cust, &r->d.customer_id, p))
			return EXIT_ERR;
		if (a->date != DAY_NONE)
			r->d.date = a->date;
		if (a->touchpoint && *a->touchpoint &&
		    journal_touchpoint_parse(a->touchpoint, &a->touchpoint, &e))
			return print_err(&e);
		if (edit_text("touchpoint", a->touchpoint, &r->d.touchpoint, p) ||
		    edit_text("channel", a->channel, &r->d.channel, p) ||
		    edit_text("employee", a->employee, &r->d.employee, p) ||
		    edit_text("support", a->support, &r->d.support, p) ||
		    edit_text("improve", a->improve, &r->d.improve, p) ||
		    edit_text("notes", a->notes, &r->d.notes, p))
			return EXIT_ERR;
		if (a->editor) {
			struct jr_field f[] = {
			    {"support", &r->d.support, "How can we support you best?",
			     "Wie können wir Sie am besten unterstützen?"},
			    {"improve", &r->d.improve, "What can we do better?",
			     "Was können wir besser machen?"},
			    {"notes", &r->d.notes, NULL, NULL},
			};
			if (jr_editor(NULL, f, (int)ARRAY_SIZE(f), p))
				return EXIT_ERR;
		}
		return 0;
	case JK_PROMISE: {
		enum promise_status was = r->p.status;
		if (edit_customer(st, a->customer, &en->cust, &r->p.customer_id, p))
			return EXIT_ERR;
		if (a->made_on != DAY_NONE)
			r->p.made_on = a->made_on;
		if (a->due != DAY_NONE)
			r->p.due_on = a->due;
		if (edit_text("what", a->what, &r->p.what, p) ||
		    edit_text("owner", a->owner, &r->p.owner, p))
			return EXIT_ERR;
		if (a->status && journal_promise_status_parse(a->status, &r->p.status, &e))
			return print_err(&e);
		if (a->editor) {
			struct jr_field f[] = {{"what", &r->p.what, NULL, NULL}};
			if (jr_editor(NULL, f, 1, p))
				return EXIT_ERR;
		}
		if (!r->p.what)
			return error(L(cli_lang, "a promise needs its text (--what)",
			               "ein Versprechen braucht seinen Text (--what)"));
		if (r->p.status == PROMISE_OPEN) {
			if (a->closed_on != DAY_NONE)
				return error(L(cli_lang,
				               "an open promise has no closing date (close it with "
				               "treue close promise)",
				               "ein offenes Versprechen hat kein Abschlussdatum "
				               "(abschließen mit treue close promise)"));
			r->p.closed_on = DAY_NONE;
		} else {
			if (a->closed_on != DAY_NONE && not_future(a->closed_on))
				return EXIT_ERR;
			if (a->closed_on != DAY_NONE)
				r->p.closed_on = a->closed_on;
			else if (r->p.closed_on == DAY_NONE || was == PROMISE_OPEN)
				r->p.closed_on = day_today();
		}
		if (r->p.status != PROMISE_RENEGOTIATED)
			en->renegotiated_to = 0;
		if (journal_check_due(r->p.made_on, r->p.due_on, &e) ||
		    journal_check_closed(r->p.made_on, r->p.closed_on, &e))
			return print_err(&e);
		return 0;
	}
	case JK_COMPLAINT: {
		const struct complaint_reason *reason;
		if (edit_customer(st, a->customer, &en->cust, &r->k.customer_id, p))
			return EXIT_ERR;
		if (a->date != DAY_NONE)
			r->k.date = a->date;
		if (a->reason) {
			if (journal_reason_parse(a->reason, &reason, &e))
				return print_err(&e);
			r->k.reason = reason->code;
			r->k.reason_text = NULL;
		}
		if (edit_text("description", a->description, &r->k.description, p) ||
		    edit_text("root-cause", a->root_cause, &r->k.root_cause, p))
			return EXIT_ERR;
		if (a->why.n) {
			memset(r->k.why, 0, sizeof(r->k.why));
			for (int i = 0; i < a->why.n; i++) {
				const char *w = a->why.v[i];
				if (jr_text("why", &w, p))
					return EXIT_ERR;
				if (journal_whys_append(r->k.why, w, &e))
					return print_err(&e);
			}
		}
		if (a->status && journal_complaint_status_parse(a->status, &r->k.status, &e))
			return print_err(&e);
		if (a->editor) {
			struct jr_field f[] = {{"description", &r->k.description, NULL, NULL}};
			if (jr_editor(NULL, f, 1, p))
				return EXIT_ERR;
		}
		if (r->k.status == COMPLAINT_OPEN) {
			if (a->resolved_on != DAY_NONE)
				return error(L(cli_lang,
				               "an open complaint has no resolution date (close it "
				               "with treue close complaint)",
				               "eine offene Reklamation hat kein Lösungsdatum "
				               "(abschließen mit treue close complaint)"));
			r->k.resolved_on = DAY_NONE;
		} else {
			if (a->resolved_on != DAY_NONE && not_future(a->resolved_on))
				return EXIT_ERR;
			if (a->resolved_on != DAY_NONE)
				r->k.resolved_on = a->resolved_on;
			else if (r->k.resolved_on == DAY_NONE)
				r->k.resolved_on = day_today();
		}
		if (journal_check_closed(r->k.date, r->k.resolved_on, &e))
			return print_err(&e);
		return 0;
	}
	case JK_STORY:
		if (a->customer && !*a->customer) {
			en->cust = 0; /* --customer "": the story concerns no customer */
			r->s.customer_id = NULL;
		} else if (edit_customer(st, a->customer, &en->cust, &r->s.customer_id, p)) {
			return EXIT_ERR;
		}
		if (a->date != DAY_NONE)
			r->s.date = a->date;
		if (a->kind && journal_story_kind_parse(a->kind, &r->s.kind, &e))
			return print_err(&e);
		if (edit_text("what", a->what, &r->s.what, p) ||
		    edit_text("situation", a->situation, &r->s.situation, p) ||
		    edit_text("outcome", a->outcome, &r->s.outcome, p) ||
		    edit_text("employee", a->employee, &r->s.employee, p))
			return EXIT_ERR;
		if (a->editor) {
			struct jr_field f[] = {
			    {"situation", &r->s.situation, NULL, NULL},
			    {"what", &r->s.what, NULL, NULL},
			    {"outcome", &r->s.outcome, NULL, NULL},
			};
			if (jr_editor(NULL, f, (int)ARRAY_SIZE(f), p))
				return EXIT_ERR;
		}
		if (!r->s.what)
			return error(L(cli_lang, "a story needs its act (--what)",
			               "eine Geschichte braucht ihre Tat (--what)"));
		return 0;
	case JK_REFERRAL:
		if (edit_customer(st, a->from, &en->cust, &r->r.from_customer, p) ||
		    edit_customer(st, a->to, &en->cust2, &r->r.to_customer, p))
			return EXIT_ERR;
		if (a->date != DAY_NONE)
			r->r.date = a->date;
		if (en->cust == en->cust2)
			return error(L(cli_lang, "a customer cannot refer itself (%s)",
			               "ein Kunde kann sich nicht selbst empfehlen (%s)"),
			             r->r.from_customer);
		return 0;
	case JK_DEPARTURE:
		if (edit_customer(st, a->customer, &en->cust, &r->x.customer_id, p))
			return EXIT_ERR;
		if (a->date != DAY_NONE)
			r->x.date = a->date;
		if (edit_text("reason", a->reason, &r->x.reason, p) ||
		    edit_text("competitor", a->competitor, &r->x.competitor, p))
			return EXIT_ERR;
		if (a->editor) {
			struct jr_field f[] = {{"reason", &r->x.reason, NULL, NULL}};
			if (jr_editor(NULL, f, 1, p))
				return EXIT_ERR;
		}
		return 0;
	case JK_SURVEY:
		if (edit_customer(st, a->customer, &en->cust, &r->v.customer_id, p))
			return EXIT_ERR;
		if (a->date != DAY_NONE)
			r->v.date = a->date;
		if ((a->satisfaction &&
		     journal_score_parse(a->satisfaction, &r->v.satisfaction, &e)))
			return print_err(&e);
		/* recommend and value may be cleared with "" */
		if (a->recommend) {
			r->v.recommend = SCORE_NONE;
			if (*a->recommend && journal_score_parse(a->recommend, &r->v.recommend, &e))
				return print_err(&e);
		}
		if (a->value) {
			r->v.value = SCORE_NONE;
			if (*a->value && journal_score_parse(a->value, &r->v.value, &e))
				return print_err(&e);
		}
		if (edit_text("comment", a->comment, &r->v.comment, p))
			return EXIT_ERR;
		if (a->editor) {
			struct jr_field f[] = {{"comment", &r->v.comment, NULL, NULL}};
			if (jr_editor(NULL, f, 1, p))
				return EXIT_ERR;
		}
		return 0;
	default: return EXIT_ERR;
	}
}

/* `treue edit KIND ID [options]`. */
int cmd_edit(int argc, char **argv, struct ctx *c)
{
	struct edit_args a;
	memset(&a, 0, sizeof(a));
	a.date = a.made_on = a.due = a.closed_on = a.resolved_on = a.acquired_on = DAY_NONE;
	const struct option opts[] = {
	    OPT_GROUP("Every kind", "Jede Art"),
	    OPT_STRING("customer", &a.customer, "ID",
	               "move the entry to another customer (story: \"\" for none)",
	               "den Eintrag einem anderen Kunden zuordnen (Geschichte: \"\" für keinen)"),
	    OPT_DATE("date", &a.date, "the entry's date", "das Datum des Eintrags"),
	    OPT_FLAG("edit", &a.editor, "change the texts in $EDITOR",
	             "die Texte im $EDITOR ändern"),
	    OPT_GROUP("dialog", "dialog"),
	    OPT_STRING("touchpoint", &a.touchpoint, "WHERE", "sales, service, billing, ...",
	               "sales, service, billing, ..."),
	    OPT_STRING("channel", &a.channel, "CHANNEL", "channel", "Kanal"),
	    OPT_STRING("employee", &a.employee, "NAME", "employee (also stories)",
	               "Mitarbeiter (auch Geschichten)"),
	    OPT_STRING("support", &a.support, "TEXT", "answer to \"How can we support you best?\"",
	               "Antwort auf \"Wie können wir Sie am besten unterstützen?\""),
	    OPT_STRING("improve", &a.improve, "TEXT", "answer to \"What can we do better?\"",
	               "Antwort auf \"Was können wir besser machen?\""),
	    OPT_STRING("notes", &a.notes, "TEXT", "notes", "Notizen"),
	    OPT_GROUP("promise", "promise"),
	    OPT_STRING("what", &a.what, "TEXT", "what was promised (story: the act)",
	               "was versprochen wurde (Geschichte: die Tat)"),
	    OPT_DATE("made-on", &a.made_on, "the day it was made", "der Tag des Versprechens"),
	    OPT_DATE("due", &a.due, "the due date", "der Fälligkeitstag"),
	    OPT_STRING("owner", &a.owner, "NAME", "who keeps it (customer: account manager)",
	               "wer es hält (Kunde: Kundenbetreuer)"),
	    OPT_STRING("status", &a.status, "STATUS",
	               "open, kept, broken, renegotiated (complaint: open, resolved)",
	               "open, kept, broken, renegotiated (Reklamation: open, resolved)"),
	    OPT_DATE("closed-on", &a.closed_on, "the closing date", "der Abschlusstag"),
	    OPT_GROUP("complaint", "complaint"),
	    OPT_STRING("reason", &a.reason, "REASON", "the reason (departure: free text)",
	               "der Grund (Abgang: freier Text)"),
	    OPT_STRING("description", &a.description, "TEXT", "description", "Beschreibung"),
	    OPT_LIST("why", &a.why, "TEXT", "the whys, replacing those recorded (at most five)",
	             "die Warums, ersetzen die erfassten (höchstens fünf)"),
	    OPT_DATE("resolved-on", &a.resolved_on, "the resolution date", "der Lösungstag"),
	    OPT_STRING("root-cause", &a.root_cause, "TEXT", "the root cause", "die Ursache"),
	    OPT_GROUP("story", "story"),
	    OPT_STRING("situation", &a.situation, "TEXT", "what went wrong", "was schiefging"),
	    OPT_STRING("outcome", &a.outcome, "TEXT", "the WOW", "das WOW"),
	    OPT_STRING("kind", &a.kind, "KIND", "extra_mile or tnt", "extra_mile oder tnt"),
	    OPT_GROUP("referral", "referral"),
	    OPT_STRING("from", &a.from, "ID", "the recommending customer", "der empfehlende Kunde"),
	    OPT_STRING("to", &a.to, "ID", "the referred customer", "der empfohlene Kunde"),
	    OPT_GROUP("departure", "departure"),
	    OPT_STRING("competitor", &a.competitor, "NAME", "competitor", "Wettbewerber"),
	    OPT_GROUP("survey", "survey"),
	    OPT_STRING("satisfaction", &a.satisfaction, "0-10", "satisfaction", "Zufriedenheit"),
	    OPT_STRING("recommend", &a.recommend, "0-10", "recommend", "Weiterempfehlung"),
	    OPT_STRING("value", &a.value, "0-10", "perceived value", "wahrgenommener Nutzen"),
	    OPT_STRING("comment", &a.comment, "TEXT", "comment", "Kommentar"),
	    OPT_GROUP("customer (treue edit customer ID)", "customer (treue edit customer NR)"),
	    OPT_STRING("name", &a.name, "NAME", "name", "Name"),
	    OPT_STRING("industry", &a.industry, "TEXT", "industry", "Branche"),
	    OPT_STRING("region", &a.region, "TEXT", "region", "Region"),
	    OPT_DATE("acquired-on", &a.acquired_on, "when won", "wann gewonnen"),
	    OPT_STRING("acquisition-cost", &a.acq_cost, "AMOUNT", "what winning it cost",
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
	    "geleert. ART: dialog, promise, complaint, story, referral, departure, survey oder\n"
	    "customer (dann ist ID die Kundennummer). Danach wird der Eintrag als Ganzes geprüft\n"
	    "(ein Fälligkeitstag vor dem Versprechen, ein sechstes Warum... werden abgelehnt)."};
	struct strbuf changed = STRBUF_INIT;
	struct entry en;
	struct store *st;
	struct err e = {.lang = cli_lang};
	int n, kind, rc;
	memset(&en, 0, sizeof(en));
	err_clear(&e);
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
	if (!changed.len && !a.editor) {
		rc = usage_error(
		    L(cli_lang,
		      "nothing to change: give the fields to change (see treue edit "
		      "--help)",
		      "nichts zu ändern: die zu ändernden Felder angeben (siehe treue edit "
		      "--help)"));
		goto out;
	}
	rc = EXIT_ERR;
	if (!(st = ctx_store(c)))
		goto out;
	if (kind == JK__COUNT) {
		rc = edit_customer_row(c, st, argv[1], &a, changed.buf);
		goto out;
	}
	if ((rc = find_entry(st, argv[0], argv[1], &en)))
		goto out;
	if (customer_erased(st, en.cust) || customer_erased(st, en.cust2)) {
		rc = error(
		    L(cli_lang,
		      "%s %" PRId64 " belongs to an erased customer (GDPR) and cannot be changed",
		      "%s %" PRId64 " gehört zu einem gelöschten Kunden (DSGVO) und kann nicht "
		      "geändert werden"),
		    journal_kind_label((enum journal_kind)kind, cli_lang), en.id);
		goto out;
	}
	rc = EXIT_ERR;
	if (edit_apply(st, &en, &a))
		goto out;
	if (a.editor)
		sb_addf(&changed, "%stexts", changed.len ? ", " : "");
	if (store_begin(st, &e) || store_entry(st, &en, &e) ||
	    jr_audit(st, "edit", en.cust, 1, &e, "%s %" PRId64 ": %s", journal_kind_name[kind],
	             en.id, changed.buf)) {
		rc = fail(st, &e);
		goto out;
	}
	if (commit_change(st, &e))
		goto out;
	printf(L(cli_lang, "changed %s %" PRId64 ": %s\n", "%s %" PRId64 " geändert: %s\n"),
	       journal_kind_label((enum journal_kind)kind, cli_lang), en.id, changed.buf);
	rc = EXIT_OK;
out:
	opt_list_release(&a.why);
	sb_release(&changed);
	jpool_release(&en.pool);
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
	    "Löscht einen Journaleintrag nach Rückfrage (--yes in Skripten). ART: dialog,\n"
	    "promise, complaint, story, referral, departure, survey. Die Löschung steht im\n"
	    "Prüfprotokoll; um einen Kunden ganz zu vergessen: treue erase."};
	struct strbuf q = STRBUF_INIT;
	struct entry en;
	struct store *st;
	struct err e = {.lang = cli_lang};
	int n, rc;
	char d[11];
	memset(&en, 0, sizeof(en));
	err_clear(&e);
	n = parse_options(c, argc, argv, opts, &help);
	if (n != 2) {
		rc = usage_error(L(cli_lang, "usage: treue delete KIND ID [--yes]",
		                   "Aufruf: treue delete ART ID [--yes]"));
		goto out;
	}
	rc = EXIT_ERR;
	if (!(st = ctx_store(c)))
		goto out;
	if ((rc = find_entry(st, argv[0], argv[1], &en)))
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
	        day_format(date, d));
	if (!yes && !confirm(q.buf)) {
		rc = error(L(cli_lang, "not deleted (confirm on a terminal, or pass --yes)",
		             "nicht gelöscht (am Terminal bestätigen oder --yes angeben)"));
		goto out;
	}
	if (store_begin(st, &e))
		goto fail;
	if (en.kind == JK_PROMISE) {
		struct stmt *s = store_stmt(st, ST_J_PROMISE_UNLINK);
		stmt_int(s, 1, en.id);
		if (stmt_exec(s, &e))
			goto fail;
	}
	struct stmt *s = store_stmt(st, delete_stmt[en.kind]);
	stmt_int(s, 1, en.id);
	if (stmt_exec(s, &e) || jr_audit(st, "delete", en.cust, 1, &e, "%s %" PRId64,
	                                 journal_kind_name[en.kind], en.id))
		goto fail;
	if (commit_change(st, &e))
		goto out;
	printf(L(cli_lang, "deleted %s %" PRId64 "\n", "%s %" PRId64 " gelöscht\n"),
	       journal_kind_label(en.kind, cli_lang), en.id);
	rc = EXIT_OK;
	goto out;
fail:
	rc = fail(st, &e);
out:
	sb_release(&q);
	jpool_release(&en.pool);
	return rc;
}
