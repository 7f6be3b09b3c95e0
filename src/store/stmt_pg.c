/*
 * stmt_pg.c — the PostgreSQL forms of the statement table (stmt_pg.def):
 * for each statement id, its own text where SQLite's does not run on
 * PostgreSQL, and how its rows are read.
 */
#include <stdlib.h>
#include <string.h>

#include "store_pg.h"

const struct pg_form store_sql_pg[ST__COUNT] = {
#define STMT_PG(id, flags, sql) [id] = {sql, flags},
#include "stmt_pg.def"
#undef STMT_PG
};

/* The largest parameter number after `mark` ('?' or '$') outside string
 * literals. */
static int last_param(const char *sql, char mark)
{
	int max = 0, quote = 0;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'')
			quote = !quote;
		if (!quote && *p == mark && p[1] >= '0' && p[1] <= '9' && atoi(p + 1) > max)
			max = atoi(p + 1);
	}
	return max;
}

int store_pg_form_matches(enum db_stmt id)
{
	const char *own = store_sql_pg[id].sql;
	if (!own)
		return 1; /* translated from the SQLite text itself */
	int want = last_param(store_sql[id], '?');
	if (strncmp(own, "COPY ", 5))
		return last_param(own, '$') == want;
	const char *open = strchr(own, '('), *close = open ? strchr(open, ')') : NULL;
	int columns = open && close ? 1 : 0;
	for (const char *p = open; p && p < close; p++)
		columns += *p == ',';
	return columns == want;
}
