/*
 * cmd_init.c — `treue init`: creates the database (or brings an existing
 * one to the current schema) and says where it is.
 */
#include "cli.h"

int cmd_init(int argc, char **argv, struct ctx *c)
{
	static const struct option opts[] = {OPT_END()};
	static const struct cmd_help help = {
	    "treue init [--db PATH]",
	    "Creates the database file (SQLite, WAL) with the current schema. Running it again\n"
	    "on an existing database only brings its schema up to date. With --db\n"
	    "postgresql://HOST/NAME the tables are created in that PostgreSQL database, which\n"
	    "must exist (createdb).",
	    "Legt die Datenbankdatei (SQLite, WAL) mit dem aktuellen Schema an. Auf einer\n"
	    "bestehenden Datenbank bringt ein weiterer Aufruf nur das Schema auf den neuesten "
	    "Stand.\nMit --db postgresql://HOST/NAME entstehen die Tabellen in dieser\n"
	    "PostgreSQL-Datenbank, die es schon geben muss (createdb).",
	};
	if (parse_options(c, argc, argv, opts, &help) != 0)
		return usage_error(
		    L(cli_lang, "init takes no arguments", "init erwartet keine Argumente"));
	if (!ctx_store(c))
		return EXIT_ERR;
	printf(L(cli_lang, "database ready: %s\n", "Datenbank bereit: %s\n"), store_path(c->st));
	return EXIT_OK;
}
