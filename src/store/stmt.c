/*
 * stmt.c — the statement table: every SQL text treue runs, addressed by
 * enum db_stmt and generated from the stmt_*.def files.
 */
#include "store_int.h"

const char *const store_sql[ST__COUNT] = {
#define STMT(id, sql) [id] = sql,
#include "stmt_core.def"
#include "stmt_import.def"
#include "stmt_journal.def"
#include "stmt_fit.def"
#include "stmt_web.def"
#include "stmt_copy.def"
#include "stmt_api.def"
#undef STMT
};
