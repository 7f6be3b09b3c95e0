/*
 * t_dataset.c — the dataset loader and its snapshot beside the database:
 * a load that fails part-way frees everything once; the snapshot is keyed
 * on the store's identity and state, and a damaged snapshot is ignored.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset.h"
#include "dataset_int.h"
#include "model.h"
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
	struct rec_dialog g = {"K1", d, NULL, NULL, NULL, NULL, NULL, NULL, DAY_NONE};
	c.customer_id = "K1";
	c.date = d;
	c.reason = "other";
	c.resolved_on = DAY_NONE;
	if (store_begin(st, e) || store_put_order(st, &o, NULL, NULL, e) < 0 ||
	    store_put_survey(st, &s, NULL, NULL, e) < 0 ||
	    store_put_referral(st, &r, NULL, NULL, e) < 0 ||
	    store_put_complaint(st, &c, NULL, NULL, e) < 0 ||
	    store_put_promise(st, &p, NULL, NULL, e) < 0 ||
	    store_put_dialog(st, &g, NULL, NULL, e) < 0 ||
	    store_audit(st, "test", 0, "fill", 6, e) || store_commit(st, e))
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

static struct store *filled(const char *name, char path[static 512])
{
	struct store *st = NULL;
	struct err e;
	err_init(&e, LANG_EN);
	db_path(name, path);
	if (store_open(path, 0, &st, &e) || fill(st, &e)) {
		test_fail(__FILE__, __LINE__, "set-up: %s", e.msg);
		store_close(st);
		return NULL;
	}
	return st;
}

/* The snapshot's temporary file is a name of the writer's own, created
 * exclusively: a link planted at the name a writer used to pick (the
 * process id) is neither followed nor replaced. */
TEST(snapshot_writer_uses_a_name_of_its_own)
{
	char path[512], planted[600], victim[600], snap[600], buf[16] = {0};
	struct dataset ds;
	struct err e;
	struct stat sb;
	struct store *st = filled("snaptmp", path);
	if (!st)
		return;
	err_init(&e, LANG_EN);
	snprintf(victim, sizeof(victim), "%s.victim", path);
	snprintf(planted, sizeof(planted), "%s.snapshot.%ld.tmp", path, (long)getpid());
	snprintf(snap, sizeof(snap), "%s.snapshot", path);
	FILE *f = fopen(victim, "w");
	fputs("precious", f);
	fclose(f);
	remove(planted);
	CHECK_INT(symlink(victim, planted), 0);
	CHECK_INT(dataset_load(st, &ds, &e), 0);
	dataset_release(&ds);
	f = fopen(victim, "r");
	CHECK(f && fread(buf, 1, sizeof(buf) - 1, f) == 8);
	if (f)
		fclose(f);
	CHECK_STR(buf, "precious");
	CHECK(lstat(snap, &sb) == 0 && S_ISREG(sb.st_mode));
	remove(planted);
	remove(victim);
	store_close(st);
}

TEST(store_identity_is_random_and_every_change_draws_a_new_stamp)
{
	char p1[512], p2[512];
	struct store_identity a, b, a2;
	struct err e;
	err_init(&e, LANG_EN);
	struct store *s1 = filled("ident1", p1), *s2 = filled("ident2", p2);
	if (!s1 || !s2) {
		store_close(s1);
		store_close(s2);
		return;
	}
	CHECK_INT(store_identity(s1, &a, &e), 0);
	CHECK_INT(store_identity(s2, &b, &e), 0);
	CHECK(a.id != b.id);
	CHECK_INT(a.version, b.version); /* the same history, yet other databases */
	CHECK(a.stamp != b.stamp);
	CHECK_INT(store_audit(s1, "test", 0, "change", 1, &e), 0);
	CHECK_INT(store_identity(s1, &a2, &e), 0);
	CHECK_INT(a2.id, a.id);
	CHECK_INT(a2.version, a.version + 1);
	CHECK(a2.stamp != a.stamp);
	store_close(s1);
	store_close(s2);
}

/* Every byte of a snapshot counts: one changed byte anywhere makes the
 * loader ignore the file (and read the store). */
TEST(snapshot_with_any_byte_changed_is_ignored)
{
	char path[512], snap[600];
	struct dataset ds, m;
	struct err e;
	struct snap_key k;
	struct store *st = filled("snapflip", path);
	if (!st)
		return;
	err_init(&e, LANG_EN);
	CHECK_INT(dataset_load(st, &ds, &e), 0); /* writes the snapshot */
	dataset_release(&ds);
	snprintf(snap, sizeof(snap), "%s.snapshot", path);
	FILE *f = fopen(snap, "rb");
	static unsigned char good[1 << 16];
	size_t n = f ? fread(good, 1, sizeof(good), f) : 0;
	if (f)
		fclose(f);
	CHECK(n > sizeof(struct snap_header) && n < sizeof(good));
	struct snap_header h;
	memcpy(&h, good, sizeof(h));
	snapshot_key_of(&h, &k);
	memset(&m, 0, sizeof(m));
	CHECK_INT(snapshot_map_file(snap, &m, &k), 1);
	dataset_release(&m);
	for (size_t at = 0; at < n; at++) {
		/* padding between the arrays is not part of the data */
		f = fopen(snap, "wb");
		good[at] ^= 0x5a;
		fwrite(good, 1, n, f);
		fclose(f);
		good[at] ^= 0x5a;
		memset(&m, 0, sizeof(m));
		if (snapshot_map_file(snap, &m, &k)) {
			/* only a change in the padding between arrays may pass, and
			 * then the data is the same */
			CHECK_INT(m.ncust, 2);
			CHECK_INT(m.norders, 1);
			CHECK_INT(m.ord_rev[0], 1000);
			CHECK_INT(m.ord_date[0], day_from_ymd(2026, 3, 1));
			CHECK_STR(ds_cid(&m, 0), "K1");
			CHECK_STR(ds_cid(&m, 1), "K2");
			CHECK_INT(m.ref[0].to, 1);
			dataset_release(&m);
		}
	}
	/* a truncated file */
	f = fopen(snap, "wb");
	fwrite(good, 1, n - 1, f);
	fclose(f);
	CHECK_INT(snapshot_map_file(snap, &m, &k), 0);
	store_close(st);
}

/* Amounts within the cap whose total passes MONEY_SUM_MAX (2^62) are an
 * error of the loader, so that no sum the model forms can overflow; just
 * below, the dataset passes. */
TEST(dataset_check_bounds_the_total_of_all_amounts)
{
	const size_t n = (size_t)(MONEY_SUM_MAX / MONEY_MAX) + 1;
	struct dataset ds;
	struct err e;
	uint64_t off[2] = {0, n};
	uint32_t zero[2] = {0, 0}, cid = 0;
	int64_t key = 1, acq = MONEY_NONE;
	day_t acq_on = DAY_NONE;
	char pool[] = "K1";
	err_init(&e, LANG_EN);
	memset(&ds, 0, sizeof(ds));
	ds.ncust = 1;
	ds.key = &key;
	uint8_t erased = 0;
	ds.cid_off = ds.name_off = ds.owner_off = ds.region_off = ds.industry_off = &cid;
	ds.erased = &erased;
	ds.acq_cost = &acq;
	ds.acq_on = &acq_on;
	ds.pool = pool;
	ds.pool_len = sizeof(pool);
	ds.norders = ds.ord_base = n;
	ds.ord_start = off, ds.ord_end = off + 1;
	ds.ord_date = calloc(n, sizeof(day_t));
	ds.ord_rev = calloc(n, sizeof(int64_t));
	ds.ord_margin = calloc(n, sizeof(int64_t));
	ds.sv_off = ds.ref_off = ds.cmp_off = ds.prm_off = ds.dlg_off = ds.dep_off = ds.fol_off =
	    zero;
	for (size_t i = 0; i < n; i++)
		ds.ord_rev[i] = MONEY_MAX, ds.ord_margin[i] = MONEY_NONE;
	ds.max_order_date = 0;
	CHECK_INT(dataset_check(&ds, &e), -1);
	CHECK(strstr(e.msg, "add up to more than treue can sum") != NULL);
	ds.ord_rev[0] = 0; /* now the total is just below 2^62 */
	err_clear(&e);
	CHECK_INT(dataset_check(&ds, &e), 0);
	ds.ord_margin[1] = MONEY_MAX; /* margins count too */
	CHECK_INT(dataset_check(&ds, &e), -1);
	ds.ord_margin[1] = MONEY_MAX + 1;
	CHECK_INT(dataset_check(&ds, &e), -1);
	CHECK(strstr(e.msg, "beyond the largest amount") != NULL);
	ds.ord_margin[1] = MONEY_NONE;
	ds.ord_date[5] = DAY_MAX + 1;
	CHECK_INT(dataset_check(&ds, &e), -1);
	CHECK(strstr(e.msg, "outside 1900-01-01 to 9999-12-31") != NULL);
	free(ds.ord_date), free(ds.ord_rev), free(ds.ord_margin);
}

/* A customer whose id is empty (written past treue) sorts in the action
 * list without undefined behaviour (found by fuzz_snapshot: a shift by 64,
 * which UBSan reports). */
TEST(model_action_list_with_an_empty_customer_id)
{
	char path[512];
	struct dataset ds;
	struct loyalty l;
	struct model_settings set;
	struct err e;
	struct store *st = filled("emptycid", path);
	if (!st)
		return;
	store_close(st);
	CHECK_INT(raw_sql(path, "UPDATE customer SET customer_id = '' WHERE customer_id = 'K1'"),
	          0);
	st = NULL;
	err_init(&e, LANG_EN);
	CHECK_INT(store_open(path, 0, &st, &e), 0);
	if (!st)
		return;
	CHECK_INT(dataset_load(st, &ds, &e), 0);
	model_settings_default(&set);
	model_compute(&ds, day_from_ymd(2026, 4, 1), &set, NULL, &l);
	CHECK_INT(l.nactions, 1);
	CHECK_STR(ds_cid(&ds, 0), "");
	loyalty_release(&l);
	dataset_release(&ds);
	store_close(st);
}

/* The check runs on two threads, half of the customers each; a break is
 * named as one thread would name it: the first customer's, whichever half
 * holds it (forced onto two threads at four customers). */
TEST(dataset_check_names_the_first_break_on_two_threads)
{
	struct dataset ds;
	struct err e;
	uint64_t off[5] = {0, 2, 4, 6, 8};
	uint32_t zero[5] = {0, 0, 0, 0, 0}, cid[4] = {0, 3, 6, 9};
	int64_t key[4] = {1, 2, 3, 4}, acq[4] = {MONEY_NONE, MONEY_NONE, MONEY_NONE, MONEY_NONE};
	day_t acq_on[4] = {DAY_NONE, DAY_NONE, DAY_NONE, DAY_NONE};
	uint8_t erased[4] = {0, 0, 0, 0};
	char pool[] = "K1\0K2\0K3\0K4";
	day_t date[8] = {10, 20, 10, 20, 10, 20, 10, 20};
	int64_t rev[8] = {100, 100, 100, 100, 100, 100, 100, 100};
	int64_t mar[8] = {MONEY_NONE, MONEY_NONE, MONEY_NONE, MONEY_NONE,
	                  MONEY_NONE, MONEY_NONE, MONEY_NONE, MONEY_NONE};
	setenv("TREUE_THREAD_MIN", "1", 1);
	err_init(&e, LANG_EN);
	memset(&ds, 0, sizeof(ds));
	ds.ncust = 4;
	ds.key = key;
	ds.cid_off = cid;
	ds.name_off = ds.owner_off = ds.region_off = ds.industry_off = zero;
	ds.erased = erased;
	ds.acq_cost = acq;
	ds.acq_on = acq_on;
	ds.pool = pool;
	ds.pool_len = sizeof(pool);
	ds.norders = 8;
	ds.ord_base = 8;
	ds.ord_start = off, ds.ord_end = off + 1;
	ds.ord_date = date;
	ds.ord_rev = rev;
	ds.ord_margin = mar;
	ds.sv_off = ds.ref_off = ds.cmp_off = ds.prm_off = ds.dlg_off = ds.dep_off = ds.fol_off =
	    zero;
	ds.max_order_date = 20;
	CHECK_INT(dataset_check(&ds, &e), 0);
	rev[7] = MONEY_MAX + 1; /* customer K4, in the second half */
	CHECK_INT(dataset_check(&ds, &e), -1);
	CHECK(strstr(e.msg, "\"K4\"") != NULL);
	rev[3] = -MONEY_MAX - 1; /* and K2, in the first: K2 is named */
	err_clear(&e);
	CHECK_INT(dataset_check(&ds, &e), -1);
	CHECK(strstr(e.msg, "\"K2\"") != NULL);
	rev[3] = rev[7] = 100;
	date[5] = 5; /* K3's orders out of date order */
	err_clear(&e);
	CHECK_INT(dataset_check(&ds, &e), -1);
	CHECK(strstr(e.msg, "order dates") != NULL);
	date[5] = 20;
	ds.max_order_date = 21; /* not the latest order's date */
	err_clear(&e);
	CHECK_INT(dataset_check(&ds, &e), -1);
	CHECK(strstr(e.msg, "latest order") != NULL);
	ds.max_order_date = 20;
	off[2] = 9; /* a run beyond the orders, in the second half's first customer */
	off[3] = 9;
	err_clear(&e);
	CHECK_INT(dataset_check(&ds, &e), -1);
	CHECK(strstr(e.msg, "inconsistent") != NULL);
	unsetenv("TREUE_THREAD_MIN");
}

/* The earliest date a change of the journal reaches, for the counts: by
 * each table the counts read, a changed field, a run of another length;
 * dialogues and promises do not count. */
TEST(dataset_counts_differ_from_the_earliest_changed_row)
{
	struct ds_survey sv_a[] = {{100, 70, 80, SCORE_NONE}, {200, 50, 60, SCORE_NONE}};
	struct ds_survey sv_b[] = {{100, 70, 80, SCORE_NONE}, {200, 50, 90, SCORE_NONE}};
	struct ds_complaint cmp_a[] = {{150, DAY_NONE, 1}}, cmp_b[] = {{150, 300, 0}};
	struct ds_referral ref_a[] = {{120, 1}}, ref_b[] = {{120, 1}, {90, 0}};
	day_t dep_a[] = {400}, dep_b[] = {410};
	day_t dlg_a[] = {5}, dlg_b[] = {6};
	uint32_t sv_off[] = {0, 2, 2}, one_off[] = {0, 1, 1}, none_off[] = {0, 0, 0};
	uint32_t ref_off_b[] = {0, 2, 2};
	struct dataset a, b;
	memset(&a, 0, sizeof(a));
	a.ncust = 2;
	a.sv_off = sv_off, a.sv = sv_a;
	a.cmp_off = one_off, a.cmp = cmp_a;
	a.ref_off = one_off, a.ref = ref_a;
	a.dep_off = one_off, a.dep = dep_a;
	a.dlg_off = one_off, a.dlg = dlg_a;
	a.prm_off = none_off, a.fol_off = none_off;
	b = a;
	CHECK_INT(dataset_counts_differ_from(&a, &b), DAY_NONE);
	b.dlg = dlg_b; /* a dialogue: no count reads it */
	CHECK_INT(dataset_counts_differ_from(&a, &b), DAY_NONE);
	b.dep = dep_b;
	CHECK_INT(dataset_counts_differ_from(&a, &b), 400);
	b.sv = sv_b; /* the second survey's recommendation */
	CHECK_INT(dataset_counts_differ_from(&a, &b), 200);
	b.cmp = cmp_b; /* resolved: the complaint's own date */
	CHECK_INT(dataset_counts_differ_from(&a, &b), 150);
	b.ref_off = ref_off_b, b.ref = ref_b; /* one more referral: the run */
	CHECK_INT(dataset_counts_differ_from(&a, &b), 90);
	b.ncust = 1;
	CHECK_INT(dataset_counts_differ_from(&a, &b), DAY_MIN);
}
