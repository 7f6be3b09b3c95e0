/*
 * t_store_backends.c — what every backend of the store must do alike, run
 * on SQLite and (in the tests' PostgreSQL pass, TREUE_TEST_PG) on
 * PostgreSQL: every statement of the table prepares, a batch of orders
 * gives what the same rows give one by one, writers on two connections
 * lose nothing, a change is noticed by another connection, a whole
 * database copies with its counts.  And without a server: the PostgreSQL
 * migrations keep pace with SQLite's, a URL's password is never shown.
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_pg.h"
#include "test.h"

extern const int store_migration_count, store_migration_count_pg;

static struct store *open_db(const char *name, char *path, size_t n)
{
	struct store *st = NULL;
	struct err e;
	err_init(&e, LANG_EN);
	test_db(name, path, n);
	if (store_open(path, 0, &st, &e))
		test_fail(__FILE__, __LINE__, "store_open: %s", e.msg);
	return st;
}

TEST(store_every_statement_prepares)
{
	char path[512];
	struct store *st = open_db("prepares", path, sizeof(path));
	if (!st)
		return;
	for (int id = 0; id < ST__COUNT; id++) {
		struct err e;
		err_init(&e, LANG_EN);
		if (store_stmt_check(st, (enum db_stmt)id, &e))
			test_fail(__FILE__, __LINE__, "%s statement %d: %s", store_kind(st), id,
			          e.msg);
	}
	store_close(st);
}

/* A statement's own PostgreSQL form (stmt_pg.def) takes the parameters of
 * its SQLite text: when a statement changes, its form must follow. */
TEST(store_pg_forms_follow_the_statements)
{
	for (int id = 0; id < ST__COUNT; id++)
		if (!store_pg_form_matches((enum db_stmt)id))
			test_fail(__FILE__, __LINE__,
			          "statement %d: its form in stmt_pg.def takes other "
			          "parameters than its SQLite text",
			          id);
}

TEST(store_pg_migrations_keep_pace)
{
	CHECK_INT(store_migration_count_pg, store_migration_count);
}

TEST(store_pg_password_never_shown)
{
	struct store *st = NULL;
	struct err e;
	err_init(&e, LANG_EN);
	const char *url = "postgresql://ada:s3cret@/treue?host=/nonexistent/dir&password=s3cret2"
	                  "&sslpassword=s3cret3&application_name=x";
	CHECK_INT(store_open(url, 0, &st, &e), -1);
	CHECK(st == NULL);
	CHECK(strstr(e.msg, "s3cret") == NULL);
	CHECK(strstr(e.msg, "postgresql://ada@/treue?host=/nonexistent/dir&application_name=x") !=
	      NULL);
	err_init(&e, LANG_EN);
	CHECK_INT(store_open("postgres://bob:pw@/x?host=/nonexistent", 1, &st, &e), -1);
	CHECK(strstr(e.msg, "postgres://bob@/x?host=/nonexistent") != NULL);
	CHECK(strstr(e.msg, ":pw") == NULL);
}

/* ---- a batch of orders equals the same rows one by one ---- */

static int collect(void *arg, const char *change, struct err *e)
{
	(void)e;
	sb_addf(arg, "%s\n", change);
	return 0;
}

/* Every order and customer, with ids, as one text. */
static void dump(struct store *st, struct strbuf *out)
{
	struct err e;
	err_init(&e, LANG_EN);
	static const enum db_stmt q[] = {ST_CP_GET_CUSTOMER, ST_CP_GET_ORDERS};
	for (size_t k = 0; k < ARRAY_SIZE(q); k++) {
		struct stmt *s = store_stmt(st, q[k]);
		int ncol = k == 0 ? 10 : 7;
		while (stmt_step(s, &e) == 1) {
			for (int c = 0; c < ncol; c++)
				sb_addf(out, "%s|", col_isnull(s, c) ? "-" : col_text(s, c));
			sb_addch(out, '\n');
		}
		stmt_reset(s);
	}
}

static const struct rec_order batch1[] = {
    {"K1", "R-1", 20000, 1000, 100},       {"K2", NULL, 20001, 500, MONEY_NONE},
    {"K2", NULL, 20001, 500, MONEY_NONE}, /* a second identical row: kept */
    {"K3", "R-2", 20002, 700, MONEY_NONE}, {"K1", "R-1", 20000, 1000, 100}, /* again: present */
    {"K1", "R-3", 20003, 900, 50},
};
static const char *const names1[] = {"Eins", NULL, "Zwei", "Drei", NULL, NULL};
static const struct rec_order batch2[] = {
    {"K2", NULL, 20001, 500, MONEY_NONE},   /* there */
    {"K2", NULL, 20001, 500, MONEY_NONE},   /* the second one: there too */
    {"K2", NULL, 20001, 500, MONEY_NONE},   /* a third: new */
    {"K1", "R-1", 20000, 1200, MONEY_NONE}, /* corrected revenue, margin stays */
    {"K4", "R-2", 20005, 700, 10},          /* another customer, date, margin */
    {"K4", "R-2", 20005, 700, 10},          /* the same again: present */
    {"K5", "R-4", 20006, 100, MONEY_NONE},
    {"K5", "R-4", 20007, 100, MONEY_NONE}, /* new, then corrected */
    {"K1", "R-3", 20003, 900, MONEY_NONE}, /* no margin: nothing changes */
};
static const char *const names2[] = {NULL, NULL, NULL, NULL, "Vier", "Vier!", NULL, NULL, NULL};

static void write_rows(struct store *st, int batch, const struct rec_order *rows,
                       const char *const *names, size_t n, struct store_orders_counts *c,
                       struct strbuf *changes)
{
	struct err e;
	err_init(&e, LANG_EN);
	memset(c, 0, sizeof(*c));
	CHECK_INT(store_begin(st, &e), 0);
	if (batch) {
		struct store_orders *b = NULL;
		CHECK_INT(store_orders_begin(st, &b, &e), 0);
		for (size_t i = 0; b && i < n; i++)
			CHECK_INT(store_orders_put(b, &rows[i], names[i], &e), 0);
		if (b)
			CHECK_INT(store_orders_end(b, collect, changes, c, &e), 0);
	} else {
		struct strbuf ch = STRBUF_INIT;
		for (size_t i = 0; i < n; i++) {
			sb_reset(&ch);
			int64_t created = 0;
			int rc = store_put_order_diff(st, &rows[i], &created, &ch, &e);
			CHECK(rc >= 0);
			if (created && names[i])
				store_fill_customer_name(st, rows[i].customer_id, names[i], &e);
			c->created += created;
			if (rc == 1)
				c->inserted++;
			else if (rc == 2) {
				c->corrected++;
				sb_addf(changes, "%s\n", ch.buf);
			} else if (rc == 0)
				c->present++;
		}
		sb_release(&ch);
	}
	CHECK_INT(store_commit(st, &e), 0);
	if (e.msg[0])
		test_fail(__FILE__, __LINE__, "%s", e.msg);
}

TEST(store_orders_batch_equals_rows)
{
	char p1[512], p2[512];
	struct store *a = open_db("batch_rows", p1, sizeof(p1));
	struct store *b = open_db("batch_batch", p2, sizeof(p2));
	struct strbuf ca = STRBUF_INIT, cb = STRBUF_INIT, da = STRBUF_INIT, db = STRBUF_INIT;
	struct store_orders_counts na, nb;
	if (!a || !b)
		goto out;
	write_rows(a, 0, batch1, names1, ARRAY_SIZE(batch1), &na, &ca);
	write_rows(b, 1, batch1, names1, ARRAY_SIZE(batch1), &nb, &cb);
	CHECK_INT(nb.inserted, na.inserted);
	CHECK_INT(nb.present, na.present);
	CHECK_INT(nb.corrected, na.corrected);
	CHECK_INT(nb.created, na.created);
	CHECK_INT(na.inserted, 5);
	CHECK_INT(na.created, 3);
	write_rows(a, 0, batch2, names2, ARRAY_SIZE(batch2), &na, &ca);
	write_rows(b, 1, batch2, names2, ARRAY_SIZE(batch2), &nb, &cb);
	CHECK_INT(nb.inserted, na.inserted);
	CHECK_INT(nb.present, na.present);
	CHECK_INT(nb.corrected, na.corrected);
	CHECK_INT(nb.created, na.created);
	CHECK_INT(na.corrected, 3);
	CHECK_INT(na.created, 2);
	CHECK_STR(cb.buf, ca.buf);
	CHECK(strstr(ca.buf, "order R-1: revenue 10.00 -> 12.00") != NULL);
	dump(a, &da);
	dump(b, &db);
	CHECK_STR(db.buf, da.buf);
	CHECK(strstr(da.buf, "|K4|Vier|") != NULL);
out:
	sb_release(&ca), sb_release(&cb), sb_release(&da), sb_release(&db);
	store_close(a);
	store_close(b);
}

/* ---- two writers ---- */

struct writer {
	const char *path;
	int who, rc;
};

static void *write_many(void *arg)
{
	struct writer *w = arg;
	struct store *st = NULL;
	struct err e;
	err_init(&e, LANG_EN);
	w->rc = store_open(w->path, 0, &st, &e);
	for (int i = 0; !w->rc && i < 40; i++) {
		char cust[16];
		snprintf(cust, sizeof(cust), "W%d-%d", w->who, i % 7);
		struct rec_order o = {cust, NULL, 20000 + i, 100 * (w->who + 1), MONEY_NONE};
		struct rec_dialog d = {cust, 20000 + i, "phone", "sales", "Anna",
		                       NULL, NULL,      NULL,    DAY_NONE};
		w->rc = store_begin(st, &e) || store_put_order(st, &o, NULL, NULL, &e) != 1 ||
		        store_put_dialog(st, &d, NULL, NULL, &e) != 1 ||
		        store_audit(st, "add", 0, cust, 1, &e) || store_commit(st, &e);
		if (w->rc) {
			test_fail(__FILE__, __LINE__, "writer %d: %s", w->who, e.msg);
			store_rollback(st);
		}
		store_forget_cache(st);
	}
	store_close(st);
	return NULL;
}

TEST(store_two_writers_lose_nothing)
{
	char path[512];
	struct store *st = open_db("writers", path, sizeof(path));
	struct writer w[2] = {{path, 0, 0}, {path, 1, 0}};
	pthread_t t[2];
	int64_t v0 = 0, v1 = 0, counts[32];
	struct err e;
	err_init(&e, LANG_EN);
	if (!st)
		return;
	CHECK_INT(store_data_version(st, &v0, &e), 0);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, write_many, &w[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	CHECK_INT(w[0].rc, 0);
	CHECK_INT(w[1].rc, 0);
	CHECK_INT(store_data_version(st, &v1, &e), 0);
	CHECK_INT(v1, v0 + 80);
	CHECK_INT(store_copy_count(st, counts, &e), 0);
	for (int i = 0; i < store_copy_ntables; i++) {
		const char *tab = store_copy_table(i);
		if (!strcmp(tab, "customer"))
			CHECK_INT(counts[i], 14);
		if (!strcmp(tab, "orders") || !strcmp(tab, "dialog") || !strcmp(tab, "audit"))
			CHECK_INT(counts[i], 80);
	}
	store_close(st);
}

/* ---- a change seen from another connection ---- */

struct waiter {
	const char *path;
	int64_t known, version;
	int rc;
};

static void *wait_one(void *arg)
{
	struct waiter *w = arg;
	struct store *st = NULL;
	struct err e;
	err_init(&e, LANG_EN);
	if (store_open(w->path, 0, &st, &e)) {
		w->rc = -1;
		return NULL;
	}
	/* a notice (PostgreSQL) or a poll (SQLite) within a minute */
	w->rc = store_wait_change(st, w->known, 60000, test_pg() ? 60000 : 20, &w->version, &e);
	store_close(st);
	return NULL;
}

TEST(store_change_is_noticed)
{
	char path[512];
	struct store *st = open_db("notice", path, sizeof(path));
	struct waiter w = {path, 0, 0, -2};
	pthread_t t;
	struct err e;
	err_init(&e, LANG_EN);
	if (!st)
		return;
	CHECK_INT(store_data_version(st, &w.known, &e), 0);
	/* a version already moved on is reported at once */
	int64_t v = 0;
	CHECK_INT(store_wait_change(st, w.known - 1, 0, 10, &v, &e), 1);
	CHECK_INT(v, w.known);
	CHECK_INT(store_wait_change(st, w.known, 0, 10, &v, &e), 0);
	pthread_create(&t, NULL, wait_one, &w);
	/* the other connection keeps waiting until a change commits: write
	 * until it has seen one (its listening starts at some point) */
	for (int i = 0; i < 600 && w.rc == -2; i++) {
		CHECK_INT(store_begin(st, &e), 0);
		CHECK_INT(store_audit(st, "touch", 0, NULL, 0, &e), 0);
		CHECK_INT(store_commit(st, &e), 0);
		struct timespec ts = {0, 50000000};
		nanosleep(&ts, NULL);
	}
	pthread_join(t, NULL);
	CHECK_INT(w.rc, 1);
	CHECK(w.version > w.known);
	store_close(st);
}

/* PostgreSQL announces a committed change to every connection that
 * listens: the notice is there without reading the data version. */
TEST(store_pg_notice_arrives)
{
	char path[512];
	if (!test_pg()) {
		test_skip("PostgreSQL only (TREUE_TEST_PG)");
		return;
	}
	struct store *a = open_db("notify", path, sizeof(path)), *b = NULL;
	struct err e;
	err_init(&e, LANG_EN);
	if (!a)
		return;
	CHECK_INT(store_open(path, 0, &b, &e), 0);
	CHECK(a->be->listen != NULL);
	if (!b || !a->be->listen)
		goto out;
	CHECK_INT(a->be->listen(a, &e), 0);
	CHECK_INT(a->be->wait_notice(a, 0, &e), 0); /* nothing yet */
	CHECK_INT(store_begin(b, &e), 0);
	CHECK_INT(store_audit(b, "touch", 0, NULL, 0, &e), 0);
	CHECK_INT(a->be->wait_notice(a, 0, &e), 0); /* not before the commit */
	CHECK_INT(store_commit(b, &e), 0);
	CHECK_INT(a->be->wait_notice(a, 60000, &e), 1);
out:
	store_close(a);
	store_close(b);
}

/* ---- a whole database copied ---- */

/* The number of columns of table name in the database at path, and -1
 * when there is no such table. */
static int columns_of(const char *path, const char *name)
{
	char sql[256];
	int n = -1;
	if (test_pg()) {
		snprintf(sql, sizeof(sql),
		         "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
		         "current_schema() AND table_name = '%s'",
		         name);
		PGconn *c = PQconnectdb(path);
		PGresult *r = PQexec(c, sql);
		if (PQresultStatus(r) == PGRES_TUPLES_OK)
			n = atoi(PQgetvalue(r, 0, 0));
		PQclear(r);
		PQfinish(c);
		return n ? n : -1;
	}
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM pragma_table_info('%s')", name);
	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n ? n : -1;
}

/* Every table and column of the schema is in the copy of treue migrate:
 * a migration that adds one must add it to stmt_copy.def and store_copy.c
 * too (the migrations' own table is the backend's). */
TEST(store_copy_knows_every_column)
{
	char path[512];
	struct store *st = open_db("columns", path, sizeof(path));
	if (!st)
		return;
	store_close(st);
	int tables = 0;
	for (int i = 0; i < store_copy_ntables; i++) {
		int n = columns_of(path, store_copy_table(i));
		if (n != store_copy_columns(i))
			test_fail(__FILE__, __LINE__, "table %s: %d columns, the copy writes %d",
			          store_copy_table(i), n, store_copy_columns(i));
		tables++;
	}
	/* and no table is left out but stamp_log: the stamps a database has had
	 * are its own (the copied stamp enters the new one's log by its
	 * trigger), and orders_by_cust, which the orders fill (a view on a
	 * server) */
	char sql[] = "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
	             "AND name NOT IN ('stamp_log', 'orders_by_cust')";
	int all = -1;
	if (test_pg()) {
		PGconn *c = PQconnectdb(path);
		PGresult *r = PQexec(c, "SELECT count(*) FROM information_schema.tables WHERE "
		                        "table_schema = current_schema() AND table_name <> "
		                        "'treue_migration' AND table_name <> 'stamp_log' "
		                        "AND table_name <> 'orders_by_cust'");
		if (PQresultStatus(r) == PGRES_TUPLES_OK)
			all = atoi(PQgetvalue(r, 0, 0));
		PQclear(r);
		PQfinish(c);
	} else {
		sqlite3 *db = NULL;
		sqlite3_stmt *s = NULL;
		if (sqlite3_open(path, &db) == SQLITE_OK &&
		    sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
		    sqlite3_step(s) == SQLITE_ROW)
			all = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
		sqlite3_close(db);
	}
	CHECK_INT(all, tables);
}

TEST(store_copy_keeps_everything)
{
	char p1[512], p2[512];
	struct store *a = open_db("copy_from", p1, sizeof(p1));
	struct store *b = open_db("copy_to", p2, sizeof(p2));
	struct err e;
	int64_t ca[32], cb[32], cc[32];
	struct strbuf da = STRBUF_INIT, db = STRBUF_INIT, s = STRBUF_INIT;
	struct store_orders_counts n;
	err_init(&e, LANG_EN);
	if (!a || !b)
		goto out;
	write_rows(a, 1, batch1, names1, ARRAY_SIZE(batch1), &n, &s);
	write_rows(a, 1, batch2, names2, ARRAY_SIZE(batch2), &n, &s);
	CHECK_INT(store_setting_set(a, "window", "200", &e), 0);
	CHECK_INT(store_begin(a, &e), 0);
	CHECK_INT(store_audit(a, "import", 0, "orders.csv", 3, &e), 0);
	struct rec_promise pr = {"K1", 20000, 20010, "call back", "Anna", PROMISE_OPEN, DAY_NONE};
	CHECK_INT(store_put_promise(a, &pr, NULL, NULL, &e), 1);
	CHECK_INT(store_commit(a, &e), 0);
	CHECK_INT(store_copy_empty(b, &e), 1);
	CHECK_INT(store_copy_empty(a, &e), 0);
	CHECK_INT(store_copy(a, b, cc, &e), 0);
	if (e.msg[0])
		test_fail(__FILE__, __LINE__, "%s", e.msg);
	CHECK_INT(store_copy_count(a, ca, &e), 0);
	CHECK_INT(store_copy_count(b, cb, &e), 0);
	for (int i = 0; i < store_copy_ntables; i++) {
		CHECK_INT(cb[i], ca[i]);
		CHECK_INT(cc[i], ca[i]);
	}
	int64_t va = 0, vb = 0;
	CHECK_INT(store_data_version(a, &va, &e), 0);
	CHECK_INT(store_data_version(b, &vb, &e), 0);
	CHECK_INT(vb, va);
	dump(a, &da);
	dump(b, &db);
	CHECK_STR(db.buf, da.buf);
	/* ids continue after the copied ones */
	int64_t id = 0;
	struct rec_promise p2r = {"K2", 20000, 20010, "visit", NULL, PROMISE_OPEN, DAY_NONE};
	CHECK_INT(store_put_promise(b, &p2r, NULL, &id, &e), 1);
	CHECK_INT(id, 2);
out:
	sb_release(&da), sb_release(&db), sb_release(&s);
	store_close(a);
	store_close(b);
}
