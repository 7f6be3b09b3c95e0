/*
 * cmd_gdpr.c — what treue holds about one customer, and forgetting it:
 * `treue export --customer ID` (one JSON document with every row that
 * mentions the customer), `treue erase --customer ID` (personal texts
 * deleted, the customer id replaced by a random pseudonym, orders and
 * numbers kept for accounting, the file vacuumed so no copy remains) and
 * `treue audit` (who changed what, when).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "cmd_journal.h"
#include "dataset.h"

/* The customer part of the export. */
static int export_customer(struct store *st, int64_t key, struct json *j, int *erased,
                           struct err *e)
{
	struct stmt *s = store_stmt(st, ST_J_G_CUSTOMER_FULL);
	int rc;
	stmt_int(s, 1, key);
	rc = stmt_step(s, e);
	if (rc != 1) {
		stmt_reset(s);
		return rc < 0 ? -1 : err_set(e, "BUG: customer %" PRId64 " vanished", key);
	}
	json_obj_begin(j);
	json_key(j, "customer_id");
	json_str(j, col_text(s, 0));
	json_key(j, "name");
	json_str(j, col_text(s, 1));
	json_key(j, "industry");
	json_str(j, col_text(s, 2));
	json_key(j, "region");
	json_str(j, col_text(s, 3));
	json_key(j, "owner");
	json_str(j, col_text(s, 4));
	json_key(j, "acquired_on");
	json_day(j, (day_t)col_int_or(s, 5, DAY_NONE));
	json_key(j, "acquisition_cost");
	if (col_isnull(s, 6))
		json_null(j);
	else
		json_money(j, col_int(s, 6));
	*erased = (int)col_int(s, 7);
	json_key(j, "erased");
	json_bool(j, *erased);
	json_obj_end(j);
	stmt_reset(s);
	return 0;
}

static int export_orders(struct store *st, int64_t key, struct json *j, long *n, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_J_X_ORDERS);
	int rc;
	stmt_int(s, 1, key);
	json_arr_begin(j);
	while ((rc = stmt_step(s, e)) == 1) {
		json_obj_begin(j);
		json_key(j, "order_id");
		json_str(j, col_text(s, 0));
		json_key(j, "date");
		json_day(j, (day_t)col_int(s, 1));
		json_key(j, "revenue");
		json_money(j, col_int(s, 2));
		json_key(j, "margin");
		if (col_isnull(s, 3))
			json_null(j);
		else
			json_money(j, col_int(s, 3));
		json_obj_end(j);
		(*n)++;
	}
	stmt_reset(s);
	json_arr_end(j);
	return rc < 0 ? -1 : 0;
}

static int export_audit(struct store *st, int64_t key, struct json *j, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_J_AUDIT_LIST);
	int rc;
	stmt_null(s, 1);
	stmt_int(s, 2, key);
	json_arr_begin(j);
	while ((rc = stmt_step(s, e)) == 1) {
		json_obj_begin(j);
		json_key(j, "at");
		json_str(j, col_text(s, 1));
		json_key(j, "who");
		json_str(j, col_text(s, 2));
		json_key(j, "action");
		json_str(j, col_text(s, 3));
		json_key(j, "detail");
		json_str(j, col_text(s, 4));
		json_key(j, "rows");
		json_int(j, col_int(s, 5));
		json_obj_end(j);
	}
	stmt_reset(s);
	json_arr_end(j);
	return rc < 0 ? -1 : 0;
}

/* Writes the document to path, readable by its owner only. */
static int write_private(const char *path, const struct strbuf *sb)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return error(
		    L(cli_lang, "cannot write %s: %s", "%s lässt sich nicht schreiben: %s"), path,
		    strerror(errno));
	if (write(fd, sb->buf, sb->len) != (ssize_t)sb->len || close(fd) != 0)
		return error(
		    L(cli_lang, "cannot write %s: %s", "%s lässt sich nicht schreiben: %s"), path,
		    strerror(errno));
	return 0;
}

/* `treue export --customer ID [--output FILE]`. */
int cmd_export(int argc, char **argv, struct ctx *c)
{
	const char *customer = NULL, *output = NULL;
	const struct option opts[] = {
	    OPT_STRING("customer", &customer, "ID", "the customer (id or unambiguous name start)",
	               "der Kunde (Nummer oder eindeutiger Namensanfang)"),
	    OPT_STRING("output", &output, "FILE",
	               "write to FILE (readable by you only) instead of standard output",
	               "in DATEI schreiben (nur für Sie lesbar) statt auf die Standardausgabe"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue export --customer ID [--output FILE]",
	    "Writes everything treue holds about one customer as one JSON document (GDPR,\n"
	    "right of access): the customer, its orders, surveys, dialogues, promises,\n"
	    "complaints, stories, referrals made and received, departures, and the audit\n"
	    "entries about it. The export itself is written to the audit trail.",
	    "Schreibt alles, was treue über einen Kunden weiß, als ein JSON-Dokument (DSGVO,\n"
	    "Auskunftsrecht): den Kunden, seine Aufträge, Umfragen, Dialoge, Versprechen,\n"
	    "Reklamationen, Geschichten, abgegebene und erhaltene Empfehlungen, Abgänge und die\n"
	    "Einträge des Prüfprotokolls über ihn. Der Export selbst kommt ins Prüfprotokoll."};
	struct strbuf out = STRBUF_INIT, id = STRBUF_INIT;
	struct jr_filter flt = {0, DAY_NONE, DAY_NONE, NULL, NULL, 0, DAY_NONE, DAY_NONE, 0};
	struct store *st;
	struct json j;
	struct err e = {.lang = cli_lang};
	long rows = 0;
	int erased = 0, rc = EXIT_ERR;
	char today[11];
	err_clear(&e);
	if (parse_options(c, argc, argv, opts, &help) != 0)
		return usage_error(L(cli_lang, "export takes no arguments besides --customer",
		                     "export erwartet keine Argumente außer --customer"));
	if (!customer)
		return usage_error(
		    L(cli_lang, "export needs --customer ID", "export braucht --customer NR"));
	if (!(st = ctx_store(c)) || resolve_customer(st, customer, &flt.cust, &id) != EXIT_OK)
		goto out;
	json_init(&j, &out, 1);
	json_obj_begin(&j);
	json_key(&j, "format");
	json_str(&j, "treue-export-1");
	json_key(&j, "exported_on");
	json_str(&j, day_format(day_today(), today));
	json_key(&j, "customer");
	if (export_customer(st, flt.cust, &j, &erased, &e))
		goto fail;
	json_key(&j, "orders");
	if (export_orders(st, flt.cust, &j, &rows, &e))
		goto fail;
	static const enum journal_kind order[] = {JK_SURVEY, JK_DIALOG,   JK_PROMISE,  JK_COMPLAINT,
	                                          JK_STORY,  JK_REFERRAL, JK_DEPARTURE};
	for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
		json_key(&j, jr_layouts[order[k]].plural);
		if (jr_list_json(st, &jr_layouts[order[k]], &flt, &j, &e))
			goto fail;
	}
	json_key(&j, "audit");
	if (export_audit(st, flt.cust, &j, &e))
		goto fail;
	json_obj_end(&j);
	if (store_begin(st, &e) ||
	    jr_audit(st, "export", flt.cust, 1, &e, "customer data exported%s%s",
	             output ? " to a file" : "", erased ? " (erased customer)" : "") ||
	    store_commit(st, &e)) {
		store_rollback(st);
		goto fail;
	}
	rc = output ? write_private(output, &out) : emit(&out);
	if (rc == 0 && output)
		fprintf(stderr, L(cli_lang, "wrote %s\n", "%s geschrieben\n"), output);
	goto out;
fail:
	rc = print_err(&e);
out:
	sb_release(&out);
	sb_release(&id);
	return rc;
}

/* "erased-" and 16 random hex digits: irreversible, not derived from the id. */
static int make_pseudonym(char buf[static 24])
{
	unsigned char r[8];
	size_t got = 0;
	while (got < sizeof(r)) {
		ssize_t n = getrandom(r + got, sizeof(r) - got, 0);
		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0)
			got += (size_t)n;
	}
	snprintf(buf, 24, "erased-%02x%02x%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4],
	         r[5], r[6], r[7]);
	return 0;
}

/* Runs one erase statement on the customer; adds its changes to *rows. */
static int scrub(struct store *st, enum db_stmt id, int64_t key, const char *name, const char *cid,
                 int64_t *rows, struct err *e)
{
	struct stmt *s = store_stmt(st, id);
	stmt_int(s, 1, key);
	if (id == ST_J_E_STORIES) {
		stmt_text(s, 2, name);
		stmt_text(s, 3, cid);
	}
	if (stmt_exec(s, e))
		return -1;
	*rows += store_changes(st);
	return 0;
}

/* `treue erase --customer ID [--yes]`. */
int cmd_erase(int argc, char **argv, struct ctx *c)
{
	const char *customer = NULL;
	int yes = 0;
	const struct option opts[] = {
	    OPT_STRING("customer", &customer, "ID", "the customer (id or unambiguous name start)",
	               "der Kunde (Nummer oder eindeutiger Namensanfang)"),
	    OPT_FLAG("yes", &yes, "do not ask (for scripts)", "nicht nachfragen (für Skripte)"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue erase --customer ID [--yes]",
	    "Erases a customer's personal data (GDPR, right to erasure), irreversibly: its\n"
	    "name; the notes and answers of its dialogues; survey comments; complaint\n"
	    "descriptions, whys and root causes; promise texts; departure reasons; the\n"
	    "situation and outcome of its stories (their act stays, without its name). Its\n"
	    "customer id is replaced by a random pseudonym; orders, scores, dates and statuses\n"
	    "stay, so revenue totals and the loyalty figures do not change. The database file\n"
	    "is then vacuumed so that no copy of the erased text remains in it. An audit entry\n"
	    "records the erasure. Export first if the customer asked for its data.",
	    "Löscht die personenbezogenen Daten eines Kunden (DSGVO, Recht auf Löschung),\n"
	    "unwiderruflich: seinen Namen; Notizen und Antworten seiner Dialoge;\n"
	    "Umfragekommentare; Beschreibungen, Warums und Ursachen von Reklamationen;\n"
	    "Versprechenstexte; Abgangsgründe; Situation und Ergebnis seiner Geschichten (die\n"
	    "Tat bleibt, ohne seinen Namen). Seine Kundennummer wird durch ein zufälliges\n"
	    "Pseudonym ersetzt; Aufträge, Werte, Daten und Status bleiben, Umsatzsummen und\n"
	    "Treue-Kennzahlen ändern sich also nicht. Danach wird die Datenbankdatei\n"
	    "verdichtet (VACUUM), damit keine Kopie der gelöschten Texte darin bleibt. Ein\n"
	    "Eintrag im Prüfprotokoll hält die Löschung fest."};
	static const enum db_stmt steps[] = {
	    ST_J_E_ORDERS,     ST_J_E_SURVEYS, ST_J_E_DIALOGS,    ST_J_E_PROMISES,
	    ST_J_E_COMPLAINTS, ST_J_E_STORIES, ST_J_E_DEPARTURES, ST_J_E_REFERRALS,
	};
	struct strbuf id = STRBUF_INIT, q = STRBUF_INIT, name = STRBUF_INIT;
	struct store *st;
	struct stmt *s;
	struct err e = {.lang = cli_lang};
	int64_t key, rows = 0, norders = 0, revenue = 0;
	int erased = 0, rc = EXIT_ERR;
	char pseudo[24], money[40];
	err_clear(&e);
	if (parse_options(c, argc, argv, opts, &help) != 0)
		return usage_error(L(cli_lang, "erase takes no arguments besides --customer",
		                     "erase erwartet keine Argumente außer --customer"));
	if (!customer)
		return usage_error(
		    L(cli_lang, "erase needs --customer ID", "erase braucht --customer NR"));
	if (!(st = ctx_store(c)) || resolve_customer(st, customer, &key, &id) != EXIT_OK)
		goto out;
	s = store_stmt(st, ST_J_G_CUSTOMER);
	stmt_int(s, 1, key);
	if (stmt_step(s, NULL) == 1) {
		sb_adds(&name, col_text(s, 2) ? col_text(s, 2) : "");
		erased = (int)col_int(s, 4);
	}
	stmt_reset(s);
	if (erased) {
		rc = error(L(cli_lang, "%s is already erased", "%s ist schon gelöscht"), id.buf);
		goto out;
	}
	sb_addf(&q,
	        L(cli_lang,
	          "Erase the personal data of %s%s%s? Orders stay under a pseudonym; this cannot "
	          "be undone.",
	          "Die personenbezogenen Daten von %s%s%s löschen? Aufträge bleiben unter einem "
	          "Pseudonym; das lässt sich nicht rückgängig machen."),
	        id.buf, name.len ? " " : "", name.buf);
	if (!yes && !confirm(q.buf)) {
		rc = error(L(cli_lang, "nothing erased (confirm on a terminal, or pass --yes)",
		             "nichts gelöscht (am Terminal bestätigen oder --yes angeben)"));
		goto out;
	}
	if (make_pseudonym(pseudo)) {
		rc = error(L(cli_lang, "no random numbers for the pseudonym: %s",
		             "keine Zufallszahlen für das Pseudonym: %s"),
		           strerror(errno));
		goto out;
	}
	s = store_stmt(st, ST_J_X_TOTALS);
	stmt_int(s, 1, key);
	if (stmt_step(s, NULL) == 1) {
		norders = col_int(s, 0);
		revenue = col_int(s, 1);
	}
	stmt_reset(s);
	if (store_begin(st, &e))
		goto fail;
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		if (scrub(st, steps[i], key, name.len ? name.buf : NULL, id.buf, &rows, &e))
			goto fail_tx;
	s = store_stmt(st, ST_J_E_CUSTOMER);
	stmt_int(s, 1, key);
	stmt_text(s, 2, pseudo);
	if (stmt_exec(s, &e))
		goto fail_tx;
	if (jr_audit(st, "erase", key, rows + 1, &e,
	             "customer erased (GDPR): personal texts deleted, id pseudonymised; %" PRId64
	             " orders kept",
	             norders) ||
	    store_commit(st, &e))
		goto fail_tx;
	store_forget_cache(st);
	/* the dataset snapshot beside the database holds customer names */
	snapshot_remove(store_path(st));
	if (store_vacuum(st, &e)) {
		rc = error(
		    L(cli_lang,
		      "%s was erased, but the file could not be vacuumed (%s): old copies may "
		      "remain until treue erase or VACUUM runs again",
		      "%s wurde gelöscht, aber die Datei ließ sich nicht verdichten (%s): alte "
		      "Kopien können bleiben, bis treue erase oder VACUUM erneut läuft"),
		    id.buf, e.msg);
		goto out;
	}
	printf(L(cli_lang,
	         "erased %s: it is now %s; %" PRId64 " orders (revenue %s) kept for accounting\n",
	         "%s gelöscht: jetzt %s; %" PRId64 " Aufträge (Umsatz %s) bleiben für die "
	         "Buchhaltung\n"),
	       id.buf, pseudo, norders, money_format_human(revenue, cli_lang, money));
	rc = EXIT_OK;
	goto out;
fail_tx:
	store_rollback(st);
fail:
	rc = print_err(&e);
out:
	sb_release(&id);
	sb_release(&q);
	sb_release(&name);
	return rc;
}

/* `treue audit [--since DATE] [--customer ID]`. */
int cmd_audit(int argc, char **argv, struct ctx *c)
{
	const char *customer = NULL;
	day_t since = DAY_NONE;
	const struct option opts[] = {
	    OPT_DATE("since", &since, "entries from this day on (UTC)",
	             "Einträge ab diesem Tag (UTC)"),
	    OPT_STRING("customer", &customer, "ID", "entries about one customer",
	               "Einträge über einen Kunden"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue audit [--since DATE] [--customer ID]",
	    "Lists the audit trail: every change made through treue (import, add, edit,\n"
	    "close, delete, erase, settings...) with when (UTC), who (the OS user, or the web\n"
	    "user), what, and how many rows.",
	    "Zeigt das Prüfprotokoll: jede Änderung über treue (Import, Erfassen, Ändern,\n"
	    "Abschließen, Löschen, DSGVO-Löschung, Einstellungen...) mit wann (UTC), wer (der\n"
	    "Betriebssystem- oder Web-Benutzer), was und wie vielen Zeilen."};
	struct strbuf out = STRBUF_INIT, id = STRBUF_INIT;
	struct store *st;
	struct stmt *s;
	struct json j;
	struct err e = {.lang = cli_lang};
	int64_t key = 0;
	long n = 0;
	int rc = EXIT_ERR, step;
	char d[11];
	err_clear(&e);
	if (parse_options(c, argc, argv, opts, &help) != 0)
		return usage_error(
		    L(cli_lang, "audit takes no arguments", "audit erwartet keine Argumente"));
	if (!(st = ctx_store(c)))
		goto out;
	if (customer && resolve_customer(st, customer, &key, &id) != EXIT_OK)
		goto out;
	s = store_stmt(st, ST_J_AUDIT_LIST);
	if (since != DAY_NONE)
		stmt_text(s, 1, day_format(since, d));
	stmt_int_or_null(s, 2, key, 0);
	if (c->format == FMT_JSON) {
		json_init(&j, &out, 1);
		json_arr_begin(&j);
	} else if (c->format == FMT_CSV) {
		sb_adds(&out, "id,at,who,action,customer_id,rows,detail\n");
	}
	while ((step = stmt_step(s, &e)) == 1) {
		n++;
		if (c->format == FMT_JSON) {
			json_obj_begin(&j);
			json_key(&j, "id");
			json_int(&j, col_int(s, 0));
			json_key(&j, "at");
			json_str(&j, col_text(s, 1));
			json_key(&j, "who");
			json_str(&j, col_text(s, 2));
			json_key(&j, "action");
			json_str(&j, col_text(s, 3));
			json_key(&j, "customer_id");
			json_str(&j, col_text(s, 6));
			json_key(&j, "rows");
			json_int(&j, col_int(s, 5));
			json_key(&j, "detail");
			json_str(&j, col_text(s, 4));
			json_obj_end(&j);
		} else if (c->format == FMT_CSV) {
			sb_addf(&out, "%" PRId64, col_int(s, 0));
			csv_field(&out, col_text(s, 1), 0);
			csv_text(&out, col_text(s, 2), 0);
			csv_field(&out, col_text(s, 3), 0);
			csv_text(&out, col_text(s, 6), 0);
			sb_addf(&out, ",%" PRId64, col_int(s, 5));
			csv_text(&out, col_text(s, 4), 0);
			sb_addch(&out, '\n');
		} else {
			/* who and what as they show: controls escaped */
			struct strbuf line = STRBUF_INIT;
			sb_addf(&line, "%s  %-12s %-8s", col_text(s, 1), col_text(s, 2),
			        col_text(s, 3));
			if (col_text(s, 6))
				sb_addf(&line, " [%s]", col_text(s, 6));
			sb_addf(&line, " %s", col_text(s, 4) ? col_text(s, 4) : "");
			sb_add_visible(&out, line.buf, 0);
			sb_release(&line);
			sb_addf(&out,
			        col_int(s, 5) == 1 ? L(cli_lang, " (1 row)\n", " (1 Zeile)\n")
			                           : L(cli_lang, " (%" PRId64 " rows)\n",
			                               " (%" PRId64 " Zeilen)\n"),
			        col_int(s, 5));
		}
	}
	stmt_reset(s);
	if (step < 0) {
		rc = print_err(&e);
		goto out;
	}
	if (c->format == FMT_JSON)
		json_arr_end(&j);
	else if (c->format == FMT_TEXT && !n)
		sb_adds(&out,
		        L(cli_lang, "no audit entries\n", "keine Einträge im Prüfprotokoll\n"));
	rc = emit(&out);
out:
	sb_release(&out);
	sb_release(&id);
	return rc;
}
