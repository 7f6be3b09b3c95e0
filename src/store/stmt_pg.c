/*
 * stmt_pg.c — the PostgreSQL forms of the statement table (stmt_pg.def):
 * for each statement id, its own text where SQLite's does not run on
 * PostgreSQL, and how its rows are read.
 */
#include "store_pg.h"

const struct pg_form store_sql_pg[ST__COUNT] = {
#define STMT_PG(id, flags, sql) [id] = {sql, flags},
#include "stmt_pg.def"
#undef STMT_PG
};
