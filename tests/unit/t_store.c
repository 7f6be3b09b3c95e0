/* t_store.c — the store: schema, record inserts, idempotence, settings,
 * audit (on SQLite, and on PostgreSQL in the tests' PostgreSQL pass). */
#include <errno.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

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

/* One customer's timeline (the card, on every page and API read of a
 * customer) reads each table through an index: no statement scans a whole
 * table (a million customers' departures took 30 ms a card). */
TEST(store_card_statements_use_indexes)
{
	static const int card[] = {ST_CUSTOMER_KEY, ST_CUST_ORDERS, ST_CUST_SURVEYS,
	                           ST_CUST_DIALOGS, ST_CUST_PROMISES, ST_CUST_COMPLAINTS,
	                           ST_CUST_STORIES, ST_CUST_REFERRALS, ST_CUST_DEPARTURES,
	                           /* one customer's orders elsewhere (orders_by_cust) */
	                           ST_DS_ORDER_ID_AT, ST_J_X_ORDERS, ST_J_X_TOTALS, ST_J_E_ORDERS};
	char path[512];
	if (test_pg()) {
		test_skip("SQLite's query plans (PostgreSQL has the same indexes, migration 8)");
		return;
	}
	struct store *st = fresh("plans");
	sqlite3 *db;
	if (!st)
		return;
	store_close(st);
	snprintf(path, sizeof(path), "%s/plans.db", test_tmpdir());
	CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	for (size_t k = 0; k < sizeof(card) / sizeof(card[0]); k++) {
		char sql[2048];
		sqlite3_stmt *s;
		snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s", store_sql[card[k]]);
		CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(s, 3);
			if (d && !strncmp(d, "SCAN ", 5))
				test_fail(__FILE__, __LINE__, "statement %d: %s", card[k], d);
		}
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
}

/* The customer-id map: short ids in the slot, long ones apart, growth. */
TEST(store_custkeys)
{
	struct custkeys m = {0};
	char id[64];
	int64_t key = 0;
	CHECK(!custkeys_get(&m, "K1", &key));
	for (int i = 1; i <= 5000; i++) {
		snprintf(id, sizeof(id), i % 7 ? "K%d" : "a-long-customer-id-of-the-old-system-%d",
		         i);
		custkeys_put(&m, id, i);
	}
	custkeys_put(&m, "K3", 33); /* a new key for a known id */
	int bad = 0;
	for (int i = 1; i <= 5000; i++) {
		snprintf(id, sizeof(id), i % 7 ? "K%d" : "a-long-customer-id-of-the-old-system-%d",
		         i);
		if (!custkeys_get(&m, id, &key) || key != (i == 3 ? 33 : i))
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK_INT((int64_t)m.n, 5000);
	CHECK(!custkeys_get(&m, "K5001", &key));
	CHECK(!custkeys_get(&m, "K", &key));
	CHECK(!custkeys_get(&m, "a-long-customer-id-of-the-old-system-", &key));
	custkeys_release(&m);
	CHECK(!custkeys_get(&m, "K1", &key));
}

/* The map with hashes computed before (on the import's helper thread): the
 * same slots as without, and a prefetch of any hash is harmless; 70,000 ids
 * take a map of more than 4 MiB, which asks for huge pages. */
TEST(store_custkeys_hashed)
{
	struct custkeys m = {0};
	char id[64];
	int64_t key = 0;
	custkeys_prefetch(&m, 12345); /* an empty map */
	for (int i = 1; i <= 70000; i++) {
		snprintf(id, sizeof(id), i % 5 ? "K%d" : "a-long-customer-id-of-the-old-system-%d",
		         i);
		if (i % 2)
			custkeys_put_hashed(&m, id, custkeys_hash(id), i);
		else
			custkeys_put(&m, id, i);
	}
	int bad = 0;
	for (int i = 1; i <= 70000; i++) {
		snprintf(id, sizeof(id), i % 5 ? "K%d" : "a-long-customer-id-of-the-old-system-%d",
		         i);
		uint64_t h = custkeys_hash(id);
		custkeys_prefetch(&m, h);
		int64_t k1 = 0, k2 = 0;
		if (!custkeys_get_hashed(&m, id, h, &k1) || !custkeys_get(&m, id, &k2) || k1 != i ||
		    k2 != i)
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK_INT((int64_t)m.n, 70000);
	CHECK((int64_t)(m.cap * sizeof(*m.slot)) > (int64_t)4 << 20);
	CHECK(!custkeys_get_hashed(&m, "K70001", custkeys_hash("K70001"), &key));
	CHECK_INT((int64_t)custkeys_hash("K1"), (int64_t)store_customer_hash("K1"));
	custkeys_release(&m);
}

/* A bulk load's transaction leaves the connection as it was: after its
 * commit or rollback an order naming no customer is refused again. */
TEST(store_bulk_then_checks_again)
{
	if (test_pg()) {
		test_skip("SQLite's per-row key check (a server database takes a file of orders as "
		          "one stream and checks its customers in the merge)");
		return;
	}
	struct store *st = fresh("bulk");
	struct err e = {0};
	if (!st)
		return;
	for (int commit = 0; commit < 2; commit++) {
		struct rec_order_new o = {1, 100, 1000, MONEY_NONE, commit ? "B-2" : "B-1"};
		int64_t key;
		store_bulk_writes(st, 0);
		CHECK_INT(store_begin(st, &e), 0);
		CHECK(store_customer_key(st, "K1", 1, &key, &e) >= 0);
		o.cust = key;
		CHECK_INT(store_put_new_orders(st, &o, 1, &e), 0);
		if (commit)
			CHECK_INT(store_commit(st, &e), 0);
		else
			store_rollback(st);
		struct rec_order_new bad = {key + 1000, 100, 1000, MONEY_NONE, "B-9"};
		err_clear(&e);
		CHECK_INT(store_begin(st, &e), 0);
		CHECK_INT(store_put_new_orders(st, &bad, 1, &e), -1);
		CHECK(strstr(e.msg, "FOREIGN KEY") != NULL);
		store_rollback(st);
	}
	struct strbuf max = STRBUF_INIT;
	CHECK_INT(store_max_order_id(st, &max, &e), 1);
	CHECK_STR(max.buf, "B-2");
	sb_release(&max);
	store_close(st);
}

/* A batch of new orders that breaks a constraint (it cannot, as the import
 * builds it: the ids rise past every stored one) ends the whole
 * transaction (INSERT OR ROLLBACK keeps no statement journal): nothing of
 * it stays, the rollback after it is harmless, and the next transaction
 * starts as usual. */
TEST(store_new_orders_failure_ends_the_transaction)
{
	if (test_pg()) {
		test_skip("SQLite's batches of new orders (a server database takes a file of "
		          "orders as one stream)");
		return;
	}
	struct store *st = fresh("newfail");
	struct err e = {0};
	if (!st)
		return;
	struct rec_order_new o[100];
	char ids[100][16];
	int64_t key;
	store_bulk_writes(st, 0);
	CHECK_INT(store_begin(st, &e), 0);
	CHECK(store_customer_key(st, "K1", 1, &key, &e) >= 0);
	for (int i = 0; i < 100; i++) {
		snprintf(ids[i], sizeof(ids[i]), "B-%03d", i == 70 ? 3 : i);
		o[i] = (struct rec_order_new){key, 100 + i, 1000, MONEY_NONE, ids[i]};
	}
	CHECK_INT(store_put_new_orders(st, o, 64, &e), 0);
	err_clear(&e);
	CHECK_INT(store_put_new_orders(st, o + 64, 36, &e), -1); /* B-003 again */
	CHECK(strstr(e.msg, "UNIQUE") != NULL);
	store_rollback(st);
	CHECK(store_customer_key(st, "K1", 0, &key, &e) < 0);
	struct strbuf max = STRBUF_INIT;
	CHECK_INT(store_max_order_id(st, &max, &e), 0);
	sb_release(&max);
	err_clear(&e);
	CHECK_INT(store_begin(st, &e), 0);
	CHECK(store_customer_key(st, "K2", 1, &key, &e) >= 0);
	for (int i = 0; i < 64; i++)
		o[i].cust = key;
	CHECK_INT(store_put_new_orders(st, o, 64, &e), 0);
	CHECK_INT(store_commit(st, &e), 0);
	CHECK_INT(store_max_order_id(st, &max, &e), 1);
	CHECK_STR(max.buf, "B-063");
	sb_release(&max);
	store_close(st);
}

/* The rows of orders_by_cust that differ from the orders' own (cust, date,
 * id, revenue, margin), both ways, plus how far apart the counts are; and
 * the number of its triggers. */
static void bycust_check(const char *path, int *diff, int *triggers)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	*diff = *triggers = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(
	        db,
	        "SELECT (SELECT count(*) FROM (SELECT cust, date, id, revenue, margin FROM orders "
	        "EXCEPT SELECT cust, date, id, revenue, margin FROM orders_by_cust)) + "
	        "(SELECT count(*) FROM (SELECT cust, date, id, revenue, margin FROM orders_by_cust "
	        "EXCEPT SELECT cust, date, id, revenue, margin FROM orders)) + "
	        "abs((SELECT count(*) FROM orders) - (SELECT count(*) FROM orders_by_cust)), "
	        "(SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
	        "AND name GLOB 'orders_by_cust_[iud]')",
	        -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW) {
		*diff = sqlite3_column_int(s, 0);
		*triggers = sqlite3_column_int(s, 1);
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* Migration 9 on a database of migration 8 with orders in it: the orders
 * move into orders_by_cust, the index orders_cust goes, the triggers keep
 * the table in step with inserts, corrections and deletes after. */
TEST(store_migration_9_moves_the_orders_by_customer)
{
	char path[512];
	if (test_pg()) {
		test_skip("SQLite's migration (a server's orders_by_cust is a view)");
		return;
	}
	snprintf(path, sizeof(path), "%s/mig9.db", test_tmpdir());
	unlink(path);
	sqlite3 *db = NULL;
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	for (int i = 0; i < 8; i++)
		CHECK_INT(sqlite3_exec(db, store_migrations[i], NULL, NULL, NULL), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db,
	                       "PRAGMA user_version = 8;"
	                       "INSERT INTO customer(id, customer_id) VALUES(1, 'K1'), (2, 'K2');"
	                       "INSERT INTO orders(cust, date, revenue, margin, order_id) VALUES"
	                       "(2, 20000, 500, NULL, 'B1'), (1, 20001, 700, 70, 'B2'),"
	                       "(2, 19999, 300, 30, 'B3'), (2, 20000, 100, 10, 'B4');",
	                       NULL, NULL, NULL),
	          SQLITE_OK);
	sqlite3_close(db);

	struct store *st = NULL;
	struct err e = {0};
	err_clear(&e);
	CHECK_INT(store_open(path, 0, &st, &e), 0);
	if (!st)
		return;
	int diff, triggers;
	bycust_check(path, &diff, &triggers);
	CHECK_INT(diff, 0);
	CHECK_INT(triggers, 3);
	/* a customer's orders, by date then id, through orders_by_cust */
	struct stmt *s = store_stmt(st, ST_CUST_ORDERS);
	stmt_int(s, 1, 2);
	char got[256] = "";
	while (stmt_step(s, &e) == 1) {
		char one[64];
		snprintf(one, sizeof(one), "%s:%lld ", col_text(s, 3), (long long)col_int(s, 1));
		strncat(got, one, sizeof(got) - strlen(got) - 1);
	}
	stmt_reset(s);
	CHECK_STR(got, "B3:300 B1:500 B4:100 ");
	/* the triggers: an insert, a correction (customer and date), a delete */
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(
	              db,
	              "INSERT INTO orders(cust, date, revenue, order_id) VALUES(1, 20005, 1, 'B5');"
	              "UPDATE orders SET cust = 1, date = 20010, margin = 5 WHERE order_id = 'B1';"
	              "DELETE FROM orders WHERE order_id = 'B3';",
	              NULL, NULL, NULL),
	          SQLITE_OK);
	sqlite3_close(db);
	bycust_check(path, &diff, &triggers);
	CHECK_INT(diff, 0);
	CHECK_INT(triggers, 3);
	s = store_stmt(st, ST_J_X_TOTALS);
	stmt_int(s, 1, 1);
	CHECK_INT(stmt_step(s, &e), 1);
	CHECK_INT(col_int(s, 0), 3);
	CHECK_INT(col_int(s, 1), 1201);
	stmt_reset(s);
	store_close(st);
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *q = NULL;
	CHECK_INT(
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE name = 'orders_cust'",
	                       -1, &q, NULL),
	    SQLITE_OK);
	CHECK_INT(sqlite3_step(q), SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(q, 0), 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

/* A bulk load's notes and their limits (store_bycust.c): the rows of a
 * batch and of single inserts filled in key order at the commit; a
 * rollback to a savepoint taken at the start forgets them; one taken later
 * makes them stale, as does a correction of a row of the load and an
 * insert past the store — orders_by_cust is then filled from the orders.
 * Each way it ends equal to the orders; a rollback keeps the trigger.
 * Runs of 3 rows: most ways go through the sorter's thread. */
TEST(store_bulk_orders_fill_orders_by_cust)
{
	char path[512];
	if (test_pg()) {
		test_skip("SQLite's orders_by_cust (a server's is a view)");
		return;
	}
	for (int way = 0; way < 7; way++) {
		char name[32];
		snprintf(name, sizeof(name), "bulk%d", way);
		struct store *st = fresh(name);
		struct err e = {0};
		int64_t created = 0, id = 0;
		if (!st)
			return;
		snprintf(path, sizeof(path), "%s", store_path(st));
		err_clear(&e);
		/* an order stored before */
		struct rec_order old = {"K9", "A-0", 19000, 5, MONEY_NONE};
		CHECK_INT(store_put_order(st, &old, &created, &id, &e), 1);
		/* many runs, sorted on the sorter's thread and merged: the first 8
		 * kept in memory and the rest spilled, or all spilled; and let go
		 * of by a rollback to the savepoint (1) or a correction (3) */
		if (way == 1 || way == 3 || way >= 5)
			setenv("TREUE_BYCUST_RUN_ROWS", "3", 1);
		if (way == 6)
			setenv("TREUE_BYCUST_KEEP_RUNS", "0", 1);
		store_bulk_writes(st, 0);
		CHECK_INT(store_begin(st, &e), 0);
		CHECK_INT(store_orders_bulk_begin(st, &e), 0);
		unsetenv("TREUE_BYCUST_RUN_ROWS");
		unsetenv("TREUE_BYCUST_KEEP_RUNS");
		if (way == 1 || way == 2)
			CHECK_INT(stmt_exec(store_stmt(st, ST_IMPORT_SAVEPOINT), &e), 0);
		struct rec_order_new batch[70];
		char ids[70][16];
		for (int i = 0; i < 70; i++) {
			int64_t key = 0;
			char cid[16];
			snprintf(cid, sizeof(cid), "K%d", (i * 7) % 11);
			snprintf(ids[i], sizeof(ids[i]), "B-%03d", i);
			CHECK(store_customer_key(st, cid, 1, &key, &e) >= 0);
			batch[i] = (struct rec_order_new){key, (day_t)(20000 - i % 5), 100 + i,
			                                  i % 3 ? 10 : MONEY_NONE, ids[i]};
		}
		CHECK_INT(store_put_new_orders(st, batch, 70, &e), 0);
		struct rec_order one = {"K3", NULL, 19990, 42, 4};
		CHECK_INT(store_put_order(st, &one, &created, &id, &e), 1);
		if (way == 1 || way == 2) {
			if (way == 2) { /* the savepoint after some rows */
				CHECK_INT(stmt_exec(store_stmt(st, ST_IMPORT_RELEASE), &e), 0);
				CHECK_INT(stmt_exec(store_stmt(st, ST_IMPORT_SAVEPOINT), &e), 0);
				struct rec_order two = {"K4", NULL, 19991, 43, 4};
				CHECK_INT(store_put_order(st, &two, &created, &id, &e), 1);
			}
			CHECK_INT(stmt_exec(store_stmt(st, ST_IMPORT_ROLLBACK_TO), &e), 0);
			CHECK_INT(stmt_exec(store_stmt(st, ST_IMPORT_RELEASE), &e), 0);
			CHECK_INT(store_orders_bulk_undone(st, &e), 0);
			struct rec_order three = {"K5", "C-1", 19992, 44, 4};
			CHECK_INT(store_put_order(st, &three, &created, &id, &e), 1);
		}
		if (way == 3) { /* a row of this load corrected */
			struct rec_order fix = {"K2", "B-010", 19000, 1, 1};
			CHECK_INT(store_put_order(st, &fix, &created, &id, &e), 2);
		}
		if (way == 4) { /* the stored order corrected */
			struct rec_order fix = {"K1", "A-0", 19001, 6, 1};
			CHECK_INT(store_put_order(st, &fix, &created, &id, &e), 2);
		}
		CHECK_INT(store_commit(st, &e), 0);
		store_close(st);
		int diff, triggers;
		bycust_check(path, &diff, &triggers);
		CHECK_INT(diff, 0);
		CHECK_INT(triggers, 3);
		/* outside a transaction: refused, the trigger stays */
		st = NULL;
		CHECK_INT(store_open(path, 0, &st, &e), 0);
		if (!st)
			return;
		CHECK_INT(store_orders_bulk_begin(st, &e), -1);
		store_close(st);
		bycust_check(path, &diff, &triggers);
		CHECK_INT(triggers, 3);
		/* a failed load: the trigger is back with everything else */
		st = NULL;
		CHECK_INT(store_open(path, 0, &st, &e), 0);
		if (!st)
			return;
		CHECK_INT(store_begin(st, &e), 0);
		CHECK_INT(store_orders_bulk_begin(st, &e), 0);
		CHECK_INT(store_put_new_orders(st, batch, 3, &e), -1); /* ids already there */
		store_rollback(st);
		store_close(st);
		bycust_check(path, &diff, &triggers);
		CHECK_INT(diff, 0);
		CHECK_INT(triggers, 3);
	}
}

/* A bulk load whose spill file cannot be written (a full disk; here a
 * file-size limit): the load fails with a message naming the file beside
 * the database, whether the sorter's thread meets it while the notes go on
 * or the commit does, and nothing of it stays. */
TEST(store_bulk_spill_cannot_be_written)
{
	if (test_pg()) {
		test_skip("SQLite's orders_by_cust (a server's is a view)");
		return;
	}
	struct store *st = fresh("spillfull");
	struct err e = {0};
	int64_t key = 0;
	if (!st)
		return;
	err_clear(&e);
	setenv("TREUE_BYCUST_RUN_ROWS", "3", 1);
	setenv("TREUE_BYCUST_KEEP_RUNS", "0", 1);
	store_bulk_writes(st, 0);
	CHECK_INT(store_begin(st, &e), 0);
	CHECK_INT(store_orders_bulk_begin(st, &e), 0);
	unsetenv("TREUE_BYCUST_RUN_ROWS");
	unsetenv("TREUE_BYCUST_KEEP_RUNS");
	CHECK(store_customer_key(st, "K1", 1, &key, &e) >= 0);
	struct rec_order_new batch[40];
	char ids[40][16];
	for (int i = 0; i < 40; i++) {
		snprintf(ids[i], sizeof(ids[i]), "B-%03d", i);
		batch[i] =
		    (struct rec_order_new){key, (day_t)(20000 + i % 7), 100, MONEY_NONE, ids[i]};
	}
	struct rlimit old;
	CHECK_INT(getrlimit(RLIMIT_FSIZE, &old), 0);
	struct rlimit tiny = {64, old.rlim_max};
	void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
	CHECK_INT(setrlimit(RLIMIT_FSIZE, &tiny), 0);
	int rc = store_put_new_orders(st, batch, 40, &e);
	if (rc == 0)
		rc = store_commit(st, &e);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, was);
	CHECK_INT(rc, -1);
	CHECK(strstr(e.msg, "cannot write a temporary file beside it") != NULL);
	store_rollback(st);
	struct stmt *q = store_stmt(st, ST_DS_ORDER_BOUND);
	CHECK_INT(stmt_step(q, &e), 1);
	CHECK_INT(col_int(q, 0), 0);
	stmt_reset(q);
	store_close(st);
}

/* The first orders of a database without customers: the parsing thread
 * numbers the customers (store_keys) and the store inserts them later,
 * many at a time.  Only in a write transaction on a database without
 * customers; a lookup, a commit or a flush puts the pending ones in the
 * table first (name included), a rollback forgets them, and once there
 * are customers it is not a first load any more. */
TEST(store_fresh_customers_numbered_ahead)
{
	struct store *st = fresh("freshkeys");
	struct err e = {0};
	int64_t next = 0, key = 0;
	int is_new = 0;
	if (!st)
		return;
	err_clear(&e);
	CHECK_INT(store_fresh_customers(st, &next, &e), 0); /* outside a transaction */
	store_bulk_writes(st, 0);                           /* as an import does */
	CHECK_INT(store_begin(st, &e), 0);
	if (test_pg()) { /* a server numbers its own */
		CHECK_INT(store_fresh_customers(st, &next, &e), 0);
		store_rollback(st);
		store_close(st);
		return;
	}
	CHECK_INT(store_fresh_customers(st, &next, &e), 1);
	CHECK_INT(next, 1);
	struct store_keys *k = store_keys_new(next);
	const char *ids[] = {"K7", "K3", "K7", "K9", "K3"};
	const int64_t want[] = {1, 2, 1, 3, 2};
	const int fresh_[] = {1, 1, 0, 1, 0};
	for (int i = 0; i < 5; i++) {
		CHECK_INT(store_keys_take(k, ids[i], store_customer_hash(ids[i]), &is_new),
		          want[i]);
		CHECK_INT(is_new, fresh_[i]);
	}
	store_keys_free(k);
	CHECK_INT(store_customer_add(st, "K7", 1, "Seven", &e), 0);
	CHECK_INT(store_customer_add(st, "K3", 2, NULL, &e), 0);
	/* a lookup finds the pending one: it is inserted first */
	CHECK_INT(store_customer_key(st, "K3", 0, &key, &e), 0);
	CHECK_INT(key, 2);
	/* a rollback forgets the ones still pending */
	CHECK_INT(store_customer_add(st, "K9", 3, "Nine", &e), 0);
	store_rollback(st);
	CHECK_INT(store_begin(st, &e), 0);
	CHECK_INT(store_fresh_customers(st, &next, &e), 1);
	/* more than a statement's worth, then the commit */
	for (int i = 1; i <= 70; i++) {
		char id[16];
		snprintf(id, sizeof(id), "N%02d", i);
		CHECK_INT(store_customer_add(st, id, i, i == 65 ? "Sixty-five" : NULL, &e), 0);
	}
	CHECK_INT(store_commit(st, &e), 0);
	CHECK_INT(store_customer_key(st, "N65", 0, &key, &e), 0);
	CHECK_INT(key, 65);
	CHECK_INT(store_customer_key(st, "N70", 0, &key, &e), 0);
	CHECK_INT(key, 70);
	CHECK_INT(store_customer_key(st, "K9", 0, &key, &e), -1); /* rolled back */
	/* more than are kept pending, their ids not in order: inserted in
	 * the order of their ids, each under its own key */
	CHECK_INT(store_begin(st, &e), 0);
	for (int i = 0; i < 5000; i++) {
		char id[16];
		snprintf(id, sizeof(id), "Z%05d", (i * 7919) % 5000);
		CHECK_INT(store_customer_add(st, id, 100 + i, NULL, &e), 0);
	}
	CHECK_INT(store_commit(st, &e), 0);
	for (int i = 0; i < 5000; i += 1249) {
		char id[16];
		snprintf(id, sizeof(id), "Z%05d", (i * 7919) % 5000);
		CHECK_INT(store_customer_key(st, id, 0, &key, &e), 0);
		CHECK_INT(key, 100 + i);
	}
	struct stmt *q = store_stmt(st, ST_CUSTOMER_MASTER);
	stmt_text(q, 1, "N65");
	CHECK_INT(stmt_step(q, &e), 1);
	CHECK_STR(col_text(q, 0), "Sixty-five");
	CHECK_INT(col_int(q, 6), 1); /* created by an import */
	stmt_reset(q);
	/* now there are customers: no longer a first load */
	CHECK_INT(store_begin(st, &e), 0);
	CHECK_INT(store_fresh_customers(st, &next, &e), 0);
	store_rollback(st);
	store_close(st);
}

/* A first bulk load of orders holds the database alone (a rollback
 * journal, no WAL) only when its caller asks (store_bulk_writes' alone, the
 * command line), never when it does not (a server); either way the
 * database is in WAL again after it. */
TEST(store_bulk_alone_only_when_asked)
{
	if (test_pg()) {
		test_skip("SQLite's journal modes");
		return;
	}
	for (int alone = 0; alone < 2; alone++) {
		struct store *st = fresh(alone ? "alone1" : "alone0");
		struct err e = {0};
		char path[600], journal[620];
		if (!st)
			return;
		err_clear(&e);
		snprintf(path, sizeof(path), "%s", store_path(st));
		snprintf(journal, sizeof(journal), "%s-journal", path);
		store_bulk_writes(st, alone);
		CHECK_INT(store_begin(st, &e), 0);
		CHECK_INT(store_orders_bulk_begin(st, &e), 0);
		struct rec_order_new batch[100];
		char ids[100][16];
		int64_t key = 0;
		CHECK(store_customer_key(st, "K1", 1, &key, &e) >= 0);
		for (int i = 0; i < 100; i++) {
			snprintf(ids[i], sizeof(ids[i]), "B-%03d", i);
			batch[i] = (struct rec_order_new){key, (day_t)(20000 + i), 100, MONEY_NONE,
			                                  ids[i]};
		}
		CHECK_INT(store_put_new_orders(st, batch, 100, &e), 0);
		CHECK_INT(access(journal, F_OK) == 0, alone);
		CHECK_INT(store_commit(st, &e), 0);
		sqlite3 *db = NULL;
		sqlite3_stmt *q = NULL;
		CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
		CHECK_INT(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
		CHECK_INT(sqlite3_step(q), SQLITE_ROW);
		CHECK_STR((const char *)sqlite3_column_text(q, 0), "wal");
		sqlite3_finalize(q);
		sqlite3_close(db);
		store_close(st);
	}
}
