/*
 * store_int.h — what the store's own files share: the migrations and the
 * statement texts.  Not for use outside src/store/.
 */
#ifndef TREUE_STORE_INT_H
#define TREUE_STORE_INT_H

#include "store.h"

extern const char *const store_migrations[];
extern const int store_migration_count;
extern const char *const store_sql[ST__COUNT];

/* The SQLite error rc (extended) with the system errno sys_errno into e:
 * "PATH: WHAT: MESSAGE", or "the disk is full" for SQLITE_FULL and I/O
 * errors of ENOSPC.  Returns -1. */
int store_sqlite_error_(int ext_rc, int sys_errno, const char *path, const char *what,
                        const char *sqlmsg, struct err *e);

/* backend accessors used by the common code */
struct strmap *store_custcache_(struct store *st);
struct u64set *store_seen_(struct store *st);
const char *store_actor_(struct store *st);

#endif
