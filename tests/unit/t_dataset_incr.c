/*
 * t_dataset_incr.c — the snapshot brought up to date (src/dataset/incr.c)
 * gives the dataset a full load gives, byte for byte, after every kind of
 * change: journal entries added, orders appended (before, between and
 * after a customer's orders, on the same day as others), new customers,
 * corrections, deletions, promises closed, customers changed and erased —
 * and nothing a change overwrote stays in the snapshot.
 */
#include <dirent.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "dataset_int.h"
#include "store.h"
#include "test.h"

static int sql(const char *path, const char *q)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open(path, &db) == SQLITE_OK &&
	         sqlite3_exec(db, q, NULL, NULL, NULL) == SQLITE_OK;
	sqlite3_close(db);
	return rc ? 0 : -1;
}

/* Three customers with orders, surveys, dialogues with follow-ups,
 * promises, complaints, referrals, departures. */
static int fill(struct store *st, struct err *e)
{
	day_t d = day_from_ymd(2026, 3, 1);
	if (store_begin(st, e))
		return -1;
	for (int c = 1; c <= 3; c++) {
		char cid[16], oid[40];
		snprintf(cid, sizeof(cid), "K%d", c);
		struct rec_customer cu = {cid, "Name", NULL, "North", "Anna", DAY_NONE, MONEY_NONE};
		if (store_put_customer(st, &cu, e) < 0)
			return -1;
		for (int k = 0; k < 4; k++) {
			snprintf(oid, sizeof(oid), "R%d-%d", c, k);
			struct rec_order o = {cid, oid, d + 30 * k, 1000 + 10 * k,
			                      k == 2 ? MONEY_NONE : 300};
			if (store_put_order(st, &o, NULL, NULL, e) < 0)
				return -1;
		}
		struct rec_survey s = {cid, d + c, 80, 90, SCORE_NONE, NULL};
		struct rec_dialog g = {cid, d + c, NULL, NULL, NULL, NULL, NULL, NULL, d + 40};
		struct rec_promise p = {cid, d, d + 7, "call back", NULL, PROMISE_OPEN, DAY_NONE};
		struct rec_complaint m = {0};
		m.customer_id = cid;
		m.date = d + 5;
		m.reason = "other";
		m.resolved_on = DAY_NONE;
		if (store_put_survey(st, &s, NULL, NULL, e) < 0 ||
		    store_put_dialog(st, &g, NULL, NULL, e) < 0 ||
		    store_put_promise(st, &p, NULL, NULL, e) < 0 ||
		    store_put_complaint(st, &m, NULL, NULL, e) < 0)
			return -1;
	}
	struct rec_referral r = {"K1", "K2", d};
	struct rec_departure dp = {"K3", d + 200, NULL, NULL};
	if (store_put_referral(st, &r, NULL, NULL, e) < 0 ||
	    store_put_departure(st, &dp, NULL, NULL, e) < 0 ||
	    store_audit(st, "test", 0, "fill", 1, e) || store_commit(st, e))
		return -1;
	return 0;
}

/* Whether the n bytes at p hold the string w. */
static int holds(const char *p, size_t n, const char *w)
{
	size_t k = strlen(w);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(p + i, w, k))
			return 1;
	return 0;
}

/* Whether any of the snapshot's files beside the database at path (the
 * main file and its parts) holds w. */
static int snapshot_files_hold(const char *path, const char *w)
{
	const char *slash = strrchr(path, '/');
	char dir[512], pre[512];
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	snprintf(pre, sizeof(pre), "%s.snapshot", slash + 1);
	DIR *d = opendir(dir);
	int found = 0;
	for (struct dirent *de; d && (de = readdir(d));) {
		if (strncmp(de->d_name, pre, strlen(pre)))
			continue;
		char f[1100];
		snprintf(f, sizeof(f), "%s/%s", dir, de->d_name);
		FILE *fp = fopen(f, "rb");
		static char buf[1 << 22];
		size_t n = fp ? fread(buf, 1, sizeof(buf), fp) : 0;
		if (fp)
			fclose(fp);
		found |= holds(buf, n, w);
	}
	if (d)
		closedir(d);
	return found;
}

/* The name of the snapshot's part `g` (c, o, x, n) beside the database at
 * path into buf: 1 when there is exactly one. */
static int part_name(const char *path, char g, char *buf, size_t n)
{
	const char *slash = strrchr(path, '/');
	char dir[512], pre[512];
	int found = 0;
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	snprintf(pre, sizeof(pre), "%s.snapshot.%c-", slash + 1, g);
	DIR *d = opendir(dir);
	for (struct dirent *de; d && (de = readdir(d));)
		if (!strncmp(de->d_name, pre, strlen(pre)))
			found++, snprintf(buf, n, "%s", de->d_name);
	if (d)
		closedir(d);
	return found == 1;
}

#define SAME(a, b, n) ((n) == 0 || !memcmp((a), (b), (n)))

/* Every array of two datasets equal, and every customer's orders. */
static int ds_same(const struct dataset *a, const struct dataset *b)
{
	size_t c = a->ncust;
	if (a->ncust != b->ncust || a->norders != b->norders || a->pool_len != b->pool_len ||
	    a->max_order_date != b->max_order_date)
		return 0;
	if (!SAME(a->key, b->key, 8 * c) || !SAME(a->cid_off, b->cid_off, 4 * c) ||
	    !SAME(a->name_off, b->name_off, 4 * c) || !SAME(a->owner_off, b->owner_off, 4 * c) ||
	    !SAME(a->region_off, b->region_off, 4 * c) ||
	    !SAME(a->industry_off, b->industry_off, 4 * c) || !SAME(a->erased, b->erased, c) ||
	    !SAME(a->acq_cost, b->acq_cost, 8 * c) || !SAME(a->acq_on, b->acq_on, 4 * c) ||
	    !SAME(a->pool, b->pool, a->pool_len))
		return 0;
	/* the orders: each customer's run (where the runs lie may differ: an
	 * update keeps the snapshot's rows and adds an extension) */
	for (size_t i = 0; i < c; i++) {
		uint64_t x = a->ord_start[i], y = b->ord_start[i], n = a->ord_end[i] - x;
		if (b->ord_end[i] - y != n || !SAME(a->ord_date + x, b->ord_date + y, 4 * n) ||
		    !SAME(a->ord_rev + x, b->ord_rev + y, 8 * n) ||
		    !SAME(a->ord_margin + x, b->ord_margin + y, 8 * n))
			return 0;
	}
#define RUNS(off, rows)                                                                            \
	(SAME(a->off, b->off, 4 * (c + 1)) && SAME(a->rows, b->rows, sizeof(*a->rows) * a->off[c]))
	return RUNS(sv_off, sv) && RUNS(ref_off, ref) && RUNS(cmp_off, cmp) && RUNS(prm_off, prm) &&
	       RUNS(dlg_off, dlg) && RUNS(fol_off, fol) && RUNS(dep_off, dep);
#undef RUNS
}

/* Loads with the snapshot (after the change: brought up to date), then
 * without it (everything from the store), and compares.  *updated: whether
 * the first load was an update of the snapshot. */
static int apart; /* the last update's orders lay apart (an extension) */

static int same_as_full(struct store *st, int *updated)
{
	struct dataset inc, full;
	struct err e;
	err_init(&e, LANG_EN);
	if (dataset_load(st, &inc, &e)) {
		test_fail(__FILE__, __LINE__, "load: %s", e.msg);
		return 0;
	}
	*updated = inc.mixed;
	apart = inc.ord_end != inc.ord_start + 1;
	setenv("TREUE_SNAPSHOT", "0", 1);
	int rc = dataset_load(st, &full, &e);
	unsetenv("TREUE_SNAPSHOT");
	if (rc) {
		dataset_release(&inc);
		test_fail(__FILE__, __LINE__, "full load: %s", e.msg);
		return 0;
	}
	int same = ds_same(&inc, &full);
	dataset_release(&inc);
	dataset_release(&full);
	/* and the snapshot the update wrote maps to the same dataset */
	if (same) {
		if (dataset_load(st, &inc, &e))
			return 0;
		setenv("TREUE_SNAPSHOT", "0", 1);
		rc = dataset_load(st, &full, &e);
		unsetenv("TREUE_SNAPSHOT");
		same = !rc && inc.map && ds_same(&inc, &full) &&
		       (inc.ord_end != inc.ord_start + 1) == apart;
		dataset_release(&inc);
		if (!rc)
			dataset_release(&full);
	}
	return same;
}

/* A change through SQL (the trigger counts it as a program's change would)
 * followed by an audit entry from treue (a new data version). */
static int change(struct store *st, const char *path, const char *q)
{
	struct err e;
	err_init(&e, LANG_EN);
	return sql(path, q) || store_audit(st, "test", 0, "change", 1, &e);
}

TEST(snapshot_update_equals_a_full_load_after_every_kind_of_change)
{
	char path[512];
	struct store *st = NULL;
	struct err e;
	int upd = 0;
	err_init(&e, LANG_EN);
	snprintf(path, sizeof(path), "%s/incr.db", test_tmpdir());
	remove(path);
	if (store_open(path, 0, &st, &e) || fill(st, &e)) {
		test_fail(__FILE__, __LINE__, "set-up: %s", e.msg);
		store_close(st);
		return;
	}
	struct dataset ds;
	CHECK_INT(dataset_load(st, &ds, &e), 0); /* writes the snapshot */
	dataset_release(&ds);
	day_t d = day_from_ymd(2026, 3, 1);
	char q[1024];

	/* a dialogue (with a follow-up), a survey on a day that has one */
	snprintf(q, sizeof(q),
	         "INSERT INTO dialog(cust, date, follow_up) VALUES(2, %d, %d), (1, %d, NULL);"
	         "INSERT INTO survey(cust, date, satisfaction, recommend) VALUES(2, %d, 30, 20)",
	         (int)d - 10, (int)d + 90, (int)d + 1, (int)d + 2);
	CHECK_INT(change(st, path, q), 0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 1);

	/* orders appended: before, between and after a customer's, on a day
	 * and with the amounts of existing rows (ties), a new customer */
	snprintf(
	    q, sizeof(q),
	    "INSERT INTO orders(cust, date, revenue, margin) VALUES"
	    "(1, %d, 5, NULL), (1, %d, 1010, 300), (1, %d, 1010, NULL), (1, %d, 1010, 300),"
	    "(3, %d, -70, -7), (2, %d, 1, 1);"
	    "INSERT INTO customer(customer_id, name) VALUES('K4', 'New');"
	    "INSERT INTO orders(cust, date, revenue, margin) VALUES(4, %d, 99, 9), (4, %d, 1, 1);"
	    "INSERT INTO promise(cust, made_on, due_on, what) VALUES(4, %d, %d, 'x')",
	    (int)d - 100, (int)d + 30, (int)d + 30, (int)d + 30, (int)d + 500, (int)d + 15,
	    (int)d + 3, (int)d + 2, (int)d, (int)d + 1);
	CHECK_INT(change(st, path, q), 0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 1);

	/* nothing but a new data version (a setting) */
	CHECK_INT(change(st, path, "SELECT 1"), 0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 1);

	/* a correction: orders read anew */
	CHECK_INT(change(st, path, "UPDATE orders SET revenue = 7 WHERE id = 3"), 0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 1);

	/* a promise closed, a complaint deleted, a referral added */
	snprintf(q, sizeof(q),
	         "UPDATE promise SET status = 'kept', closed_on = %d WHERE cust = 1;"
	         "DELETE FROM complaint WHERE cust = 2;"
	         "INSERT INTO referral(from_cust, to_cust, date) VALUES(4, 1, %d)",
	         (int)d + 3, (int)d + 4);
	CHECK_INT(change(st, path, q), 0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 1);

	/* an order deleted */
	CHECK_INT(change(st, path, "DELETE FROM orders WHERE id = 2"), 0);
	CHECK(same_as_full(st, &upd));

	/* a customer erased the way treue erases (name and id replaced): the
	 * old name is gone from the snapshot that the update writes */
	CHECK_INT(change(st, path,
	                 "UPDATE customer SET name = 'Secret Person' WHERE id = 2;"
	                 "INSERT INTO dialog(cust, date) VALUES(3, 20000)"),
	          0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(change(st, path,
	                 "UPDATE customer SET customer_id = 'erased-1', name = NULL, erased = 1 "
	                 "WHERE id = 2"),
	          0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 1);
	CHECK(snapshot_files_hold(path, "erased-1"));
	CHECK(!snapshot_files_hold(path, "Secret Person"));

	/* orders appended to old customers, to new ones, several updates in a
	 * row: the runs that changed go to the orders' extension (at its two
	 * places in turn, carrying the runs it held along), the new customers
	 * to the customers' extension; the orders' and customers' parts stay
	 * as they were written; a journal entry keeps the extensions too */
	char opart[256], opart2[256], cpart[256], cpart2[256];
	CHECK(part_name(path, 'o', opart, sizeof(opart)));
	CHECK(part_name(path, 'c', cpart, sizeof(cpart)));
	CHECK_INT(change(st, path,
	                 "INSERT INTO orders(cust, date, revenue, margin) VALUES(2, 20010, 5, 1)"),
	          0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 1);
	CHECK_INT(apart, 1);
	CHECK_INT(change(st, path,
	                 "INSERT INTO orders(cust, date, revenue, margin) VALUES(1, 19000, 5, 1),"
	                 "(1, 30000, 6, NULL)"),
	          0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(apart, 1);
	CHECK_INT(change(st, path, "INSERT INTO dialog(cust, date) VALUES(1, 20011)"), 0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 1);
	CHECK_INT(apart, 1);
	CHECK_INT(change(st, path,
	                 "INSERT INTO customer(customer_id) VALUES('K5');"
	                 "INSERT INTO orders(cust, date, revenue) VALUES(5, 20012, 3);"
	                 "INSERT INTO survey(cust, date, satisfaction) VALUES(5, 20012, 50)"),
	          0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 1);
	CHECK_INT(apart, 1);
	CHECK_INT(change(st, path,
	                 "INSERT INTO customer(customer_id) VALUES('K6');"
	                 "INSERT INTO orders(cust, date, revenue) VALUES(5, 20001, 4), "
	                 "(2, 20010, 5)"),
	          0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 1);
	CHECK_INT(apart, 1);
	CHECK(part_name(path, 'o', opart2, sizeof(opart2)));
	CHECK_STR(opart2, opart);
	/* the customers added (K5, K6) are in the customers' extension: their
	 * part stays as it was written */
	CHECK(part_name(path, 'c', cpart2, sizeof(cpart2)));
	CHECK_STR(cpart2, cpart);
	CHECK(part_name(path, 'n', cpart2, sizeof(cpart2)));
	CHECK(part_name(path, 'x', cpart2, sizeof(cpart2)));

	/* more rows to move than the extension holds: every run anew, back
	 * to back, in a new orders' part — and the next update extends that */
	CHECK_INT(change(st, path,
	                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	                 "WHERE i < 100000) INSERT INTO orders(cust, date, revenue, margin) "
	                 "SELECT 1 + i % 2, 20000 + i % 50, i % 97, NULL FROM n"),
	          0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 1);
	CHECK_INT(apart, 0);
	CHECK(part_name(path, 'o', opart2, sizeof(opart2)));
	CHECK(strcmp(opart2, opart) != 0);
	CHECK_INT(change(st, path, "INSERT INTO orders(cust, date, revenue) VALUES(3, 20001, 4)"),
	          0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 1);
	CHECK_INT(apart, 1);
	/* more customers than the room: the customers' part written anew */
	CHECK_INT(change(st, path,
	                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	                 "WHERE i < 70000) INSERT INTO customer(customer_id, name) "
	                 "SELECT 'M' || i, 'Many ' || i FROM n"),
	          0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 1);
	CHECK(part_name(path, 'c', cpart2, sizeof(cpart2)));
	CHECK(strcmp(cpart2, cpart) != 0);
	CHECK(!part_name(path, 'n', cpart2, sizeof(cpart2)));

	/* a row written past treue (a date out of range) among those added:
	 * the update names it as a full load does */
	CHECK_INT(change(st, path, "INSERT INTO orders(cust, date, revenue) VALUES(2, 5000000, 4)"),
	          0);
	{
		struct dataset bad;
		struct err e2;
		err_init(&e2, LANG_EN);
		CHECK_INT(dataset_load(st, &bad, &e2), -1);
		CHECK(strstr(e2.msg, "customer \"erased-1\": a date in the orders") != NULL);
	}
	CHECK_INT(change(st, path, "DELETE FROM orders WHERE date = 5000000"), 0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 1);

	/* a customer deleted (other programs): everything read anew */
	CHECK_INT(change(st, path,
	                 "DELETE FROM promise WHERE cust = 4; DELETE FROM referral WHERE "
	                 "from_cust = 4 OR to_cust = 4; DELETE FROM orders WHERE cust = 4;"
	                 "DELETE FROM customer WHERE id = 4"),
	          0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 0);

	/* a table made anew loses its trigger: no update, a full load */
	CHECK_INT(change(st, path, "DROP TRIGGER ds_rw_survey_u"), 0);
	CHECK(same_as_full(st, &upd));
	CHECK_INT(upd, 0);
	store_close(st);
}
