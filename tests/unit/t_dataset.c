/*
 * t_dataset.c — the dataset loader and its snapshot beside the database:
 * a load that fails part-way frees everything once; the snapshot is keyed
 * on the store's identity and state, and a damaged snapshot is ignored.
 */
#include <sqlite3.h>
#include <stdlib.h>

#include "dataset.h"
#include "store.h"
#include "test.h"

static void db_path(const char *name, char path[static 512])
{
	snprintf(path, 512, "%s/%s.db", test_tmpdir(), name);
	remove(path);
}

static int raw_sql(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open(path, &db) == SQLITE_OK &&
	         sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
	sqlite3_close(db);
	return rc ? 0 : -1;
}

/* One customer with a row in every small table. */
static int fill(struct store *st, struct err *e)
{
	day_t d = day_from_ymd(2026, 3, 1);
	struct rec_order o = {"K1", "R1", d, 1000, MONEY_NONE};
	struct rec_survey s = {"K1", d, 80, 90, SCORE_NONE, NULL};
	struct rec_referral r = {"K1", "K2", d};
	struct rec_complaint c = {0};
	struct rec_promise p = {"K1", d, d + 7, "call back", NULL, PROMISE_OPEN, DAY_NONE};
	struct rec_dialog g = {"K1", d, NULL, NULL, NULL, NULL, NULL, NULL};
	c.customer_id = "K1";
	c.date = d;
	c.reason = "other";
	c.resolved_on = DAY_NONE;
	if (store_begin(st, e) || store_put_order(st, &o, NULL, e) < 0 ||
	    store_put_survey(st, &s, NULL, e) < 0 || store_put_referral(st, &r, NULL, e) < 0 ||
	    store_put_complaint(st, &c, NULL, e) < 0 || store_put_promise(st, &p, NULL, e) < 0 ||
	    store_put_dialog(st, &g, NULL, e) < 0 || store_audit(st, "test", "fill", 6, e) ||
	    store_commit(st, e))
		return -1;
	return 0;
}

/* A failure after the surveys, referrals, complaints and promises were put
 * in customer order (the departures table is gone) must free each of their
 * arrays once: ASan or glibc abort on a double free. */
TEST(dataset_load_fails_after_rows_finish_without_double_free)
{
	char path[512];
	struct store *st = NULL;
	struct dataset ds;
	struct err e;
	err_init(&e, LANG_EN);
	db_path("dsfail", path);
	if (store_open(path, 0, &st, &e) || fill(st, &e)) {
		test_fail(__FILE__, __LINE__, "set-up: %s", e.msg);
		store_close(st);
		return;
	}
	store_close(st);
	CHECK_INT(raw_sql(path, "DROP TABLE departure"), 0);
	st = NULL;
	CHECK_INT(store_open(path, 0, &st, &e), 0);
	if (!st)
		return;
	err_clear(&e);
	CHECK_INT(dataset_load(st, &ds, &e), -1);
	CHECK(strstr(e.msg, "departure") != NULL);
	dataset_release(&ds); /* after a failure: empty, and safe to release */
	store_close(st);
}
