/* t_store.c — the store: schema, record inserts, idempotence, settings, audit. */
#include <errno.h>
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
	snprintf(path, sizeof(path), "%s/%s.db", test_tmpdir(), name);
	remove(path);
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
	CHECK_INT(store_put_order(st, &a, &created, &e), 1);
	CHECK_INT(store_put_order(st, &a, &created, &e),
	          1); /* a second identical row of one file */
	CHECK_INT(store_put_order(st, &b, &created, &e), 1);
	CHECK_INT(store_commit(st, &e), 0);
	CHECK_INT(created, 1);
	/* the same "file" again adds nothing */
	CHECK_INT(store_begin(st, &e), 0);
	CHECK_INT(store_put_order(st, &a, &created, &e), 0);
	CHECK_INT(store_put_order(st, &a, &created, &e), 0);
	CHECK_INT(store_put_order(st, &b, &created, &e), 0);
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
	CHECK_INT(store_put_order(st, &a, &created, &e), 1);
	store_rollback(st);
	CHECK(store_customer_key(st, "K9", 0, &key, &e) < 0);
	store_close(st);
}

TEST(store_settings_and_audit)
{
	struct store *st = fresh("settings");
	struct err e = {0};
	struct strbuf b = STRBUF_INIT;
	if (!st)
		return;
	err_clear(&e);
	CHECK_STR(store_setting(st, "window", "365", &b), "365");
	CHECK_INT(store_setting_set(st, "window", "180", &e), 0);
	CHECK_STR(store_setting(st, "window", "365", &b), "180");
	int64_t v = store_data_version(st);
	CHECK_INT(store_bump_data_version(st, &e), 0);
	CHECK_INT(store_data_version(st), v + 1);
	CHECK_INT(store_audit(st, "import", "orders.csv", 3, &e), 0);
	sb_release(&b);
	store_close(st);
}

TEST(store_complaint_reasons)
{
	CHECK_STR(complaint_reason_find("Lieferverzug")->code, "late_delivery");
	CHECK_STR(complaint_reason_find("LATE DELIVERY")->code, "late_delivery");
	CHECK_STR(complaint_reason_find("billing")->code, "billing");
	CHECK(complaint_reason_find("the moon") == NULL);
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
