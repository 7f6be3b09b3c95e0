/*
 * cmd_migrate.c — `treue migrate --from DB --to DB`: copies a whole
 * database into an empty one — an SQLite file into PostgreSQL or back, or
 * file to file — every table, the audit trail and the data version
 * included, with the same ids (store_copy), then verifies the copy: the
 * rows of every table counted on both sides, and the loyalty report (JSON,
 * at the same reference date) computed from each.  The copy is recorded in
 * the new database's audit trail.
 */
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "report.h"

/* The loyalty report of st as JSON (as `treue report --format json`). */
static int report_of(struct ctx *c, struct store *st, struct strbuf *out, struct err *e)
{
	struct app_ctx ac = {.st = st, .lang = cli_lang, .as_of = c->as_of, .today = day_today()};
	struct app_analysis a;
	struct app_loyalty r;
	int rc = app_analysis_load(&ac, &a, e);
	if (rc == 0 && (rc = app_loyalty(&ac, &a, 1, APP_TENURE, &r, e)) == 0) {
		report_loyalty(&a.ds, &r.l, &r.tenure, &r.bt, 100, FMT_JSON, out, cli_lang);
		app_loyalty_release(&r);
	}
	app_analysis_release(&a);
	return rc;
}

/* The source is opened as every command opens a database (an older
 * schema is brought up to date first); the destination must be empty. */
static int open_both(const char *from, const char *to, struct store **src, struct store **dst,
                     struct err *e)
{
	if (store_open(from, 0, src, e))
		return -1;
	if (store_open(to, 0, dst, e))
		return -1;
	int empty = store_copy_empty(*dst, e);
	if (empty < 0)
		return -1;
	if (!empty)
		return err_set(
		    e,
		    L(cli_lang, "%s already holds data: migrate copies only into an empty database",
		      "%s enthält schon Daten: migrate kopiert nur in eine leere Datenbank"),
		    store_path(*dst));
	return 0;
}

int cmd_migrate(int argc, char **argv, struct ctx *c)
{
	const char *from = NULL, *to = NULL;
	const struct option opts[] = {
	    OPT_STRING("from", &from, "DB",
	               "the database to copy (a file or a postgresql:// URL; default: --db)",
	               "die zu kopierende Datenbank (Datei oder postgresql://-URL; Vorgabe: --db)"),
	    OPT_STRING("to", &to, "DB", "the new, empty database it is copied into",
	               "die neue, leere Datenbank, in die kopiert wird"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue migrate [--from DB] --to DB",
	    "Copies a whole database into an empty one: an SQLite file into PostgreSQL\n"
	    "(--to postgresql://host/treue) or back into a file, every table with the audit\n"
	    "trail, the users and the data version, with the same ids. Then it counts the rows\n"
	    "of every table on both sides and computes the loyalty report from each; any\n"
	    "difference is an error. The copy is recorded in the new database's audit trail.",
	    "Kopiert eine ganze Datenbank in eine leere: eine SQLite-Datei nach PostgreSQL\n"
	    "(--to postgresql://host/treue) oder zurück in eine Datei, jede Tabelle mit dem\n"
	    "Protokoll, den Benutzern und der Datenversion, mit denselben Nummern. Danach\n"
	    "zählt es die Zeilen jeder Tabelle auf beiden Seiten und berechnet aus beiden den\n"
	    "Treue-Bericht; jeder Unterschied ist ein Fehler. Die Kopie steht im Protokoll\n"
	    "der neuen Datenbank.",
	};
	struct store *src = NULL, *dst = NULL;
	int64_t copied[64], a[64], b[64], total = 0;
	struct strbuf ra = STRBUF_INIT, rb = STRBUF_INIT, out = STRBUF_INIT, detail = STRBUF_INIT;
	struct err e;
	int rc = EXIT_ERR;
	err_init(&e, cli_lang);
	if (parse_options(c, argc, argv, opts, &help) != 0)
		return usage_error(
		    L(cli_lang, "migrate takes no arguments", "migrate erwartet keine Argumente"));
	if (!to || !*to)
		return usage_error(
		    L(cli_lang, "say where to: --to DB", "bitte das Ziel angeben: --to DB"));
	if (!from || !*from)
		from = c->db;
	if (!strcmp(from, to))
		return usage_error(L(cli_lang, "--from and --to name the same database",
		                     "--from und --to nennen dieselbe Datenbank"));
	if (open_both(from, to, &src, &dst, &e) || store_copy(src, dst, copied, &e) ||
	    store_copy_count(src, a, &e) || store_copy_count(dst, b, &e)) {
		print_err(&e);
		goto out;
	}
	sb_addf(&out, L(cli_lang, "copied %s into %s:\n", "%s nach %s kopiert:\n"), store_path(src),
	        store_path(dst));
	for (int i = 0; i < store_copy_ntables; i++) {
		if (a[i] != b[i] || copied[i] != a[i]) {
			error(L(cli_lang,
			        "table %s: %" PRId64 " rows in %s, %" PRId64 " copied, %" PRId64
			        " in %s",
			        "Tabelle %s: %" PRId64 " Zeilen in %s, %" PRId64
			        " kopiert, %" PRId64 " in %s"),
			      store_copy_table(i), a[i], store_path(src), copied[i], b[i],
			      store_path(dst));
			goto out;
		}
		total += a[i];
		struct strbuf num = STRBUF_INIT;
		fmt_int(&num, cli_lang, a[i]);
		sb_addf(&out, "  %-10s %12s\n", store_copy_table(i), num.buf);
		sb_release(&num);
	}
	if (report_of(c, src, &ra, &e) || report_of(c, dst, &rb, &e)) {
		print_err(&e);
		goto out;
	}
	if (ra.len != rb.len || memcmp(ra.buf, rb.buf, ra.len)) {
		error(L(cli_lang,
		        "the loyalty report computed from %s differs from the one from %s",
		        "der Treue-Bericht aus %s weicht von dem aus %s ab"),
		      store_path(dst), store_path(src));
		goto out;
	}
	sb_addf(&detail, "copied from %s: %d tables, counts and report verified", store_path(src),
	        store_copy_ntables);
	if (store_begin(dst, &e) || store_audit(dst, "migrate", 0, detail.buf, total, &e) ||
	    store_commit(dst, &e)) {
		store_rollback(dst);
		print_err(&e);
		goto out;
	}
	sb_adds(&out,
	        L(cli_lang,
	          "every table has as many rows as before, and the loyalty report is the same\n",
	          "jede Tabelle hat so viele Zeilen wie vorher, und der Treue-Bericht ist "
	          "derselbe\n"));
	rc = emit(&out);
out:
	store_close(src);
	store_close(dst);
	sb_release(&ra), sb_release(&rb), sb_release(&out), sb_release(&detail);
	return rc;
}
