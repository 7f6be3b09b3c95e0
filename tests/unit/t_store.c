/* t_store.c — the store: schema, record inserts, idempotence, settings,
 * audit (on SQLite, and on PostgreSQL in the tests' PostgreSQL pass). */
#include <errno.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "store.h"
#include "store_int.h"
#include "test.h"

static struct store *fresh(const char *name)
{
	char path[512];
	struct store *st = NULL;
	struct err e = {0};
	test_db(name, path, sizeof(path));
	err_clear(&e);
	if (store_open(path, 0, &st, &e))
		test_fail(__FILE__, __LINE__, "store_open: %s", e.msg);
	return st;
}

TEST(store_put_is_idempotent)
{
	struct store *st = fresh("idem");
	struct err e = {0};
	int64_t created = 0;
	if (!st)
		return;
	err_clear(&e);
	struct rec_order a = {"K1", NULL, 20000, 1250, MONEY_NONE};
	struct rec_order b = {"K1", "R-1", 20001, 500, 100};
	CHECK_INT(store_begin(st, &e), 0);
	CHECK_INT(store_put_order(st, &a, &created, NULL, &e), 1);
	CHECK_INT(store_put_order(st, &a, &created, NULL, &e),
	          1); /* a second identical row of one file */
	CHECK_INT(store_put_order(st, &b, &created, NULL, &e), 1);
	CHECK_INT(store_commit(st, &e), 0);
	CHECK_INT(created, 1);
	/* the same "file" again adds nothing */
	CHECK_INT(store_begin(st, &e), 0);
	CHECK_INT(store_put_order(st, &a, &created, NULL, &e), 0);
	CHECK_INT(store_put_order(st, &a, &created, NULL, &e), 0);
	CHECK_INT(store_put_order(st, &b, &created, NULL, &e), 0);
	CHECK_INT(store_commit(st, &e), 0);
	struct rec_customer c = {"K1", "Müller GmbH", NULL, NULL, "Anna", DAY_NONE, MONEY_NONE};
	CHECK_INT(store_put_customer(st, &c, &e), 1);
	CHECK_INT(store_put_customer(st, &c, &e), 0);
	store_close(st);
}

TEST(store_rollback_forgets_created_customers)
{
	struct store *st = fresh("rollback");
	struct err e = {0};
	int64_t created = 0, key;
	if (!st)
		return;
	err_clear(&e);
	struct rec_order a = {"K9", NULL, 20000, 1250, MONEY_NONE};
	CHECK_INT(store_begin(st, &e), 0);
	CHECK_INT(store_put_order(st, &a, &created, NULL, &e), 1);
	store_rollback(st);
	CHECK(store_customer_key(st, "K9", 0, &key, &e) < 0);
	store_close(st);
}

TEST(store_settings_and_audit)
{
	struct store *st = fresh("settings");
	struct err e = {0};
	struct strbuf b = STRBUF_INIT;
	int64_t v = -1, v2 = -1, key = 0;
	if (!st)
		return;
	err_clear(&e);
	CHECK_INT(store_setting(st, "window", &b, &e), 0); /* not set */
	CHECK_INT(store_setting_set(st, "window", "180", &e), 0);
	CHECK_INT(store_setting(st, "window", &b, &e), 1);
	CHECK_STR(b.buf, "180");
	CHECK_INT(store_data_version(st, &v, &e), 0);
	CHECK_INT(store_bump_data_version(st, &e), 0);
	CHECK_INT(store_data_version(st, &v2, &e), 0);
	CHECK_INT(v2, v + 1);
	/* an audit entry names its customer and moves the data version on */
	CHECK_INT(store_customer_key(st, "K7", 1, &key, &e), 1);
	CHECK_INT(store_audit(st, "add", key, "dialog 1", 1, &e), 0);
	CHECK_INT(store_audit(st, "import", 0, "orders.csv", 3, &e), 0);
	CHECK_INT(store_data_version(st, &v, &e), 0);
	CHECK_INT(v, v2 + 2);
	sb_release(&b);
	store_close(st);
}

/* Inserts report their new ids, and whether they inserted at all. */
TEST(store_insert_returns_id)
{
	struct store *st = fresh("ids");
	struct err e = {0};
	int64_t id1 = 0, id2 = 0, id3 = -5, k1 = 0, k2 = 0;
	if (!st)
		return;
	err_clear(&e);
	CHECK_INT(store_begin(st, &e), 0);
	CHECK_INT(store_customer_key(st, "K1", 1, &k1, &e), 1);
	CHECK_INT(store_customer_key(st, "K2", 1, &k2, &e), 1);
	CHECK(k1 > 0 && k2 > k1);
	struct rec_dialog d = {"K1",   20000,  "visit", "sales", "Anna",
	                       "more", "less", NULL,    DAY_NONE};
	CHECK_INT(store_put_dialog(st, &d, NULL, &id1, &e), 1);
	d.notes = "other";
	CHECK_INT(store_put_dialog(st, &d, NULL, &id2, &e), 1);
	CHECK(id1 > 0 && id2 == id1 + 1);
	CHECK_INT(store_commit(st, &e), 0);
	/* the same row in a later transaction is there already: no id */
	CHECK_INT(store_begin(st, &e), 0);
	CHECK_INT(store_put_dialog(st, &d, NULL, &id3, &e), 0);
	CHECK_INT(id3, -5);
	CHECK_INT(store_commit(st, &e), 0);
	store_close(st);
}

/* A store that cannot read its settings or data version says so instead
 * of answering with defaults. */
TEST(store_read_errors_are_errors)
{
	char path[512];
	struct store *st = NULL;
	struct err e = {0};
	struct strbuf b = STRBUF_INIT;
	int64_t v = 0;
	static const char *const breakage = "DROP TABLE setting; DELETE FROM meta;";
	test_db("broken", path, sizeof(path));
	err_clear(&e);
	if (store_open(path, 0, &st, &e)) {
		test_fail(__FILE__, __LINE__, "store_open: %s", e.msg);
		return;
	}
	store_close(st);
	if (test_pg()) {
		PGconn *c = PQconnectdb(path);
		PGresult *r = PQexec(c, breakage);
		CHECK_INT(PQresultStatus(r), PGRES_COMMAND_OK);
		PQclear(r);
		PQfinish(c);
	} else {
		sqlite3 *db = NULL;
		CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
		CHECK_INT(sqlite3_exec(db, breakage, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
	}
	CHECK_INT(store_open(path, 0, &st, &e), 0);
	if (!st)
		return;
	err_clear(&e);
	CHECK_INT(store_setting(st, "window", &b, &e), -1);
	CHECK(strstr(e.msg, "setting") != NULL);
	err_clear(&e);
	CHECK_INT(store_data_version(st, &v, &e), -1);
	CHECK(strstr(e.msg, "data version") != NULL);
	err_clear(&e);
	CHECK_INT(store_begin(st, &e), 0);
	CHECK_INT(store_audit(st, "add", 0, "x", 1, &e), -1); /* nothing to bump */
	store_rollback(st);
	/* the empty path is refused, not taken as a temporary database */
	struct store *st2 = NULL;
	err_clear(&e);
	CHECK_INT(store_open("", 0, &st2, &e), -1);
	CHECK(st2 == NULL);
	sb_release(&b);
	store_close(st);
}

/* A full disk is called so, whether SQLite says SQLITE_FULL or an I/O error
 * whose system error is ENOSPC ("disk I/O error"); other errors keep
 * SQLite's words. */
TEST(store_full_disk_is_called_so)
{
	struct err e;
	err_init(&e, LANG_EN);
	CHECK_INT(store_sqlite_error_(SQLITE_FULL, 0, "t.db", "query failed",
	                              "database or disk is full", &e),
	          -1);
	CHECK(strstr(e.msg, "t.db: the disk is full") != NULL);
	err_clear(&e);
	store_sqlite_error_(SQLITE_IOERR_WRITE, ENOSPC, "t.db", "query failed", "disk I/O error",
	                    &e);
	CHECK(strstr(e.msg, "the disk is full") != NULL);
	CHECK(strstr(e.msg, "I/O") == NULL);
	err_clear(&e);
	store_sqlite_error_(SQLITE_IOERR_WRITE, EIO, "t.db", "query failed", "disk I/O error", &e);
	CHECK_STR(e.msg, "t.db: query failed: disk I/O error");
	err_init(&e, LANG_DE);
	store_sqlite_error_(SQLITE_FULL, 0, "t.db", NULL, "x", &e);
	CHECK(strstr(e.msg, "der Datenträger ist voll") != NULL);
	CHECK_INT(store_sqlite_error_(SQLITE_FULL, 0, "t.db", NULL, "x", NULL), -1);
}
