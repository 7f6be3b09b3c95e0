/*
 * cmd_gdpr.c — what treue holds about one customer, and forgetting it:
 * `treue export --customer ID` (one JSON document with every row that
 * mentions the customer), `treue erase --customer ID` (personal texts
 * deleted, the customer id replaced by a random pseudonym, orders and
 * numbers kept for accounting, the file purged so no copy remains) and
 * `treue audit` (who changed what, when).  The application layer gathers
 * and changes, src/report writes the export's JSON (the web's download
 * shares it); this file delivers the documents and asks before erasing.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_journal.h"
#include "report.h"

struct delivery {
	const char *path; /* NULL: standard output */
	const struct strbuf *doc;
	int written;
};

static int deliver(void *arg, struct err *e)
{
	struct delivery *d = arg;
	if (d->path) {
		if (write_whole(d->path, d->doc, 1, e))
			return -1;
		d->written = 1;
		return 0;
	}
	if (fwrite(d->doc->buf, 1, d->doc->len, stdout) != d->doc->len || fflush(stdout))
		return err_set(e, L(e->lang, "cannot write the output",
		                    "die Ausgabe lässt sich nicht schreiben"));
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
	    "Auskunftsrecht): den Kunden, seine Aufträge, Umfragen, Kundengespräche, Zusagen,\n"
	    "Reklamationen, Geschichten, abgegebene und erhaltene Empfehlungen, Abgänge und die\n"
	    "Einträge des Prüfprotokolls über ihn. Der Export selbst kommt ins Prüfprotokoll."};
	struct strbuf out = STRBUF_INIT;
	struct app_export x = {0};
	struct app_ctx ac;
	struct err e;
	int rc = EXIT_ERR;
	err_init(&e, cli_lang);
	if (parse_options(c, argc, argv, opts, &help) != 0)
		return usage_error(L(cli_lang, "export takes no arguments besides --customer",
		                     "export erwartet keine Argumente außer --customer"));
	if (!customer)
		return usage_error(
		    L(cli_lang, "export needs --customer ID", "export braucht --customer NR"));
	if (output && !*output)
		return usage_error(L(cli_lang, "--output: the file name is empty",
		                     "--output: der Dateiname ist leer"));
	if (ctx_app(c, NULL, &ac))
		goto out;
	if (output && (rc = app_output_check(c->db, output, &e))) {
		rc = app_failed(rc, &e);
		goto out;
	}
	if ((rc = app_export(&ac, customer, &x, &e))) {
		rc = app_failed(rc, &e);
		goto out;
	}
	report_export_json(&x, ac.today, &out);
	struct delivery d = {output, &out, 0};
	if ((rc = app_export_deliver(&ac, &x, output != NULL, deliver, &d, &e))) {
		/* delivered but not audited: take the file back */
		if (d.written)
			unlink(output);
		rc = app_failed(rc, &e);
		goto out;
	}
	if (output)
		fprintf(stderr, L(cli_lang, "wrote %s\n", "%s geschrieben\n"), output);
out:
	app_export_release(&x);
	sb_release(&out);
	return rc;
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
	    "is then vacuumed so that no copy of the erased text remains in it (PostgreSQL:\n"
	    "the tables are vacuumed; its write-ahead log and backups keep old copies until\n"
	    "they are recycled). An audit entry records the erasure. Export first if the\n"
	    "customer asked for its data.",
	    "Löscht die personenbezogenen Daten eines Kunden (DSGVO, Recht auf Löschung),\n"
	    "unwiderruflich: seinen Namen; Notizen und Antworten seiner Kundengespräche;\n"
	    "Umfragekommentare; Beschreibungen, Warums und Ursachen von Reklamationen;\n"
	    "Texte der Zusagen; Abgangsgründe; Situation und Ergebnis seiner Geschichten (die\n"
	    "Tat bleibt, ohne seinen Namen). Seine Kundennummer wird durch ein zufälliges\n"
	    "Pseudonym ersetzt; Aufträge, Werte, Daten und Status bleiben, Umsatzsummen und\n"
	    "Treue-Kennzahlen ändern sich also nicht. Danach wird die Datenbankdatei\n"
	    "verdichtet (VACUUM), damit keine Kopie der gelöschten Texte darin bleibt\n"
	    "(PostgreSQL: die Tabellen werden verdichtet; Write-Ahead-Log und Sicherungen\n"
	    "behalten alte Kopien, bis sie überschrieben werden). Ein Eintrag im\n"
	    "Prüfprotokoll hält die Löschung fest."};
	struct strbuf q = STRBUF_INIT;
	struct app_erase x = {0};
	struct app_ctx ac;
	struct err e;
	int rc = EXIT_ERR;
	err_init(&e, cli_lang);
	if (parse_options(c, argc, argv, opts, &help) != 0)
		return usage_error(L(cli_lang, "erase takes no arguments besides --customer",
		                     "erase erwartet keine Argumente außer --customer"));
	if (!customer)
		return usage_error(
		    L(cli_lang, "erase needs --customer ID", "erase braucht --customer NR"));
	if (ctx_app(c, NULL, &ac))
		goto out;
	if ((rc = app_erase_find(&ac, customer, &x, &e))) {
		rc = app_failed(rc, &e);
		goto out;
	}
	sb_addf(&q,
	        L(cli_lang,
	          "Erase the personal data of %s%s%s? Orders stay under a pseudonym; this cannot "
	          "be undone.",
	          "Die personenbezogenen Daten von %s%s%s löschen? Aufträge bleiben unter einem "
	          "Pseudonym; das lässt sich nicht rückgängig machen."),
	        x.id.buf, x.name.len ? " " : "", x.name.buf);
	if (!yes && !confirm(q.buf)) {
		rc = error(L(cli_lang, "nothing erased (confirm on a terminal, or pass --yes)",
		             "nichts gelöscht (am Terminal bestätigen oder --yes angeben)"));
		goto out;
	}
	if ((rc = app_erase(&ac, &x, &e))) {
		rc = app_failed(rc, &e);
		goto out;
	}
	struct model_settings set;
	char nb[32], amount[MONEY_AMOUNT_MAX];
	if (app_settings_resolve(&ac, &set, &e))
		snprintf(set.currency, sizeof(set.currency), "EUR");
	printf(L(cli_lang, "erased %s: it is now %s; %s %s (revenue %s) %s for accounting\n",
	         "%s gelöscht: jetzt %s; %s %s (Umsatz %s) %s für die Buchhaltung\n"),
	       x.id.buf, x.pseudonym, int_format_human(x.orders, cli_lang, nb),
	       plural(x.orders, L(cli_lang, "order", "Auftrag"), L(cli_lang, "orders", "Aufträge")),
	       money_format_amount(x.revenue, cli_lang, set.currency, amount),
	       plural(x.orders, L(cli_lang, "kept", "bleibt"), L(cli_lang, "kept", "bleiben")));
out:
	app_erase_release(&x);
	sb_release(&q);
	return rc;
}

/* `treue audit [--since DATE] [--until DATE] [--customer ID] [--user NAME]`. */
int cmd_audit(int argc, char **argv, struct ctx *c)
{
	struct app_audit_filter f = {DAY_NONE, DAY_NONE, NULL, NULL};
	const struct option opts[] = {
	    OPT_DATE("since", &f.since, "entries from this day on (UTC)",
	             "Einträge ab diesem Tag (UTC)"),
	    OPT_DATE("until", &f.until, "entries up to this day (UTC, included)",
	             "Einträge bis zu diesem Tag (UTC, einschließlich)"),
	    OPT_STRING("customer", &f.customer, "ID", "entries about one customer",
	               "Einträge über einen Kunden"),
	    OPT_STRING("user", &f.user, "NAME", "entries made by one user (web or OS user)",
	               "Einträge eines Benutzers (Web- oder Betriebssystembenutzer)"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue audit [--since DATE] [--until DATE] [--customer ID] [--user NAME]",
	    "Lists the audit trail: every change made through treue (import, add, edit,\n"
	    "close, delete, erase, settings...) with when (UTC), who (the OS user, or the web\n"
	    "user), what, and how many rows.",
	    "Zeigt das Prüfprotokoll: jede Änderung über treue (Import, Erfassen, Ändern,\n"
	    "Abschließen, Löschen, DSGVO-Löschung, Einstellungen...) mit wann (UTC), wer (der\n"
	    "Betriebssystem- oder Web-Benutzer), was und wie vielen Zeilen."};
	struct strbuf out = STRBUF_INIT;
	struct app_audit list = {0};
	struct app_ctx ac;
	struct json j;
	struct err e;
	int rc = EXIT_ERR;
	err_init(&e, cli_lang);
	if (parse_options(c, argc, argv, opts, &help) != 0)
		return usage_error(
		    L(cli_lang, "audit takes no arguments", "audit erwartet keine Argumente"));
	if (ctx_app(c, NULL, &ac))
		goto out;
	if ((rc = app_audit_find(&ac, &f, &list, &e))) {
		rc = app_failed(rc, &e);
		goto out;
	}
	if (c->format == FMT_JSON) {
		json_init(&j, &out, 1);
		json_arr_begin(&j);
	} else if (c->format == FMT_CSV) {
		sb_adds(&out, "id,at,who,action,customer_id,rows,detail\n");
	}
	for (size_t i = 0; i < list.n; i++) {
		const struct app_audit_entry *a = &list.v[i];
		if (c->format == FMT_JSON) {
			json_obj_begin(&j);
			json_key(&j, "id");
			json_int(&j, a->id);
			json_key(&j, "at");
			json_str(&j, a->at);
			json_key(&j, "who");
			json_str(&j, a->who);
			json_key(&j, "action");
			json_str(&j, a->action);
			json_key(&j, "customer_id");
			json_str(&j, a->customer_id);
			json_key(&j, "rows");
			json_int(&j, a->rows);
			json_key(&j, "detail");
			json_str(&j, a->detail);
			json_obj_end(&j);
		} else if (c->format == FMT_CSV) {
			sb_addf(&out, "%" PRId64, a->id);
			csv_field(&out, a->at, 0);
			csv_text(&out, a->who, 0);
			csv_field(&out, a->action, 0);
			csv_text(&out, a->customer_id, 0);
			sb_addf(&out, ",%" PRId64, a->rows);
			csv_text(&out, a->detail, 0);
			sb_addch(&out, '\n');
		} else {
			/* who and what as they show: controls escaped */
			struct strbuf line = STRBUF_INIT;
			audit_time_text(&line, a->at, cli_lang);
			sb_addf(&line, "  %-12s ", a->who);
			fmt_pad(&line, audit_action_label(a->action, cli_lang),
			        cli_lang == LANG_DE ? 14 : 8);
			if (a->customer_id)
				sb_addf(&line, " [%s]", a->customer_id);
			sb_addch(&line, ' ');
			audit_detail_text(&line, a->action, a->detail, cli_lang);
			sb_add_visible(&out, line.buf, 0);
			sb_release(&line);
			sb_adds(&out, " (");
			fmt_count(&out, cli_lang, a->rows, L(cli_lang, "row", "Zeile"),
			          L(cli_lang, "rows", "Zeilen"));
			sb_adds(&out, ")\n");
		}
	}
	if (c->format == FMT_JSON)
		json_arr_end(&j);
	else if (c->format == FMT_TEXT && !list.n)
		sb_adds(&out,
		        L(cli_lang, "no audit entries\n", "keine Einträge im Prüfprotokoll\n"));
	rc = emit(&out);
out:
	app_audit_release(&list);
	sb_release(&out);
	return rc;
}
