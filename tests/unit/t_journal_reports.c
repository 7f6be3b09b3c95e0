/* t_journal_reports.c — the four journal reports: computations on
 * hand-made rows (every number checked), the text/JSON/CSV writers in
 * English and German against golden files in tests/data/journal/
 * (TREUE_UPDATE_GOLDEN=1 rewrites them), and loading from a store. */
#include <stdlib.h>

#include "../../src/journal/journal.h"
#include "test.h"

static day_t D(const char *iso)
{
	day_t d = DAY_NONE;
	if (day_parse_iso(iso, &d))
		test_fail(__FILE__, __LINE__, "bad date %s", iso);
	return d;
}

/* Compares sb with tests/data/journal/NAME (run from the top directory). */
static void check_golden(const char *name, const struct strbuf *sb)
{
	char path[256];
	struct strbuf want = STRBUF_INIT;
	char buf[4096];
	size_t n, line = 1, i;
	FILE *f;
	snprintf(path, sizeof(path), "tests/data/journal/%s", name);
	if (getenv("TREUE_UPDATE_GOLDEN")) {
		f = fopen(path, "w");
		if (!f || fwrite(sb->buf, 1, sb->len, f) != sb->len || fclose(f))
			test_fail(__FILE__, __LINE__, "cannot write %s", path);
		return;
	}
	f = fopen(path, "r");
	if (!f) {
		test_fail(__FILE__, __LINE__, "cannot read %s", path);
		return;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&want, buf, n);
	fclose(f);
	for (i = 0; i < want.len && i < sb->len && want.buf[i] == sb->buf[i]; i++)
		if (want.buf[i] == '\n')
			line++;
	if (i != want.len || i != sb->len)
		test_fail(__FILE__, __LINE__, "%s differs from line %zu on: got \"%.60s\"", path,
		          line, sb->buf + (i > 0 && i <= sb->len ? i : 0));
	sb_release(&want);
}

/* Every format of one result, English and German, one after the other. */
#define WRITE_ALL(write, r, sb)                                                                    \
	do {                                                                                       \
		sb_adds(sb, "==== text en ====\n");                                                \
		write(r, JF_TEXT, sb, LANG_EN);                                                    \
		sb_adds(sb, "==== text de ====\n");                                                \
		write(r, JF_TEXT, sb, LANG_DE);                                                    \
		sb_adds(sb, "==== json ====\n");                                                   \
		write(r, JF_JSON, sb, LANG_DE);                                                    \
		sb_adds(sb, "==== csv ====\n");                                                    \
		write(r, JF_CSV, sb, LANG_EN);                                                     \
	} while (0)

TEST(journal_report_feedback)
{
	struct jr_dialog_in dialogs[] = {
	    {1, D("2026-11-20"), "K1", "sales", "More spare parts on stock", "Invoices come late"},
	    {2, D("2026-11-21"), "K2", "sales", "Spare parts faster, please", NULL},
	    {3, D("2026-10-01"), "K3", NULL, NULL, "invoices are unclear"},
	    {4, D("2026-09-01"), "K1", "kiosk", "a \"quoted\" wish,\nover two lines", ""},
	    {5, D("2025-12-01"), "K1", "sales", "outside the period", "outside"},
	    {6, D("2026-11-22"), "K4", "service", "   ", "Lieferung pünktlich, bitte"},
	};
	struct jr_complaint_in complaints[] = {
	    {1, D("2026-03-01"), "late_delivery", 0, D("2026-03-11"), "Stock"},
	    {2, D("2026-04-01"), "late_delivery", 0, D("2026-04-05"), "stock "},
	    {3, D("2026-05-01"), "billing", 1, DAY_NONE, NULL},
	    {4, D("2026-11-20"), "defect", 0, D("2026-11-30"), "Seal"}, /* resolved after D: open */
	    {5, D("2025-05-01"), "price", 0, D("2025-05-02"), "outside"},
	};
	struct jr_departure_in departures[] = {
	    {D("2026-02-01"), "Price", "Rival"},
	    {D("2026-03-01"), "price ", NULL},
	    {D("2026-04-01"), NULL, "rival"},
	};
	struct journal_feedback_in in = {
	    D("2026-01-01"), D("2026-11-25"), 1, 5, dialogs, 6, complaints, 5, departures, 3, {0}};
	struct journal_feedback r;
	struct strbuf sb = STRBUF_INIT;
	journal_feedback_compute(&in, &r);
	CHECK_INT(r.dialogs, 5);
	CHECK_INT(r.ntp, 4);
	if (r.ntp == 4) {
		CHECK_STR(r.tp[0].touchpoint, "sales");
		CHECK_INT(r.tp[0].dialogs, 2);
		CHECK_INT(r.tp[0].support_n, 2);
		CHECK_INT(r.tp[0].nsupport, 1); /* --answers 1: the latest only */
		CHECK_STR(r.tp[0].support[0].text, "Spare parts faster, please");
		CHECK_STR(r.tp[1].touchpoint, "service");
		CHECK_INT(r.tp[1].support_n, 0); /* white space is no answer */
		CHECK_STR(r.tp[2].touchpoint, "kiosk");
		CHECK_STR(r.tp[3].touchpoint, ""); /* none given: last */
	}
	CHECK_INT(r.nwords_support, 2); /* parts, spare */
	CHECK_INT(r.nwords_improve, 1); /* invoices */
	CHECK_INT(r.complaints, 4);
	CHECK_INT(r.complaints_open, 2);
	CHECK_NEAR(r.mean_days, 7.0, 1e-9);
	CHECK_INT(r.nreasons, 3);
	if (r.nreasons == 3) {
		CHECK_STR(r.reasons[0].code, "late_delivery");
		CHECK_INT(r.reasons[0].resolved, 2);
		CHECK_NEAR(r.reasons[0].median_days, 7.0, 1e-9);
		CHECK_STR(r.reasons[1].code, "defect"); /* ties in the order of the reason list */
		CHECK_INT(r.reasons[1].open, 1);
		CHECK(isnan(r.reasons[1].mean_days));
		CHECK_STR(r.reasons[2].code, "billing");
	}
	CHECK_INT(r.nroot_causes, 2);
	if (r.nroot_causes == 2) {
		CHECK_STR(r.root_causes[0].key, "Stock");
		CHECK_INT(r.root_causes[0].n, 2);
	}
	CHECK_INT(r.departures, 3);
	CHECK_INT(r.ndeparture_reasons, 1);
	CHECK_INT(r.ncompetitors, 1);
	if (r.ncompetitors == 1)
		CHECK_INT(r.competitors[0].n, 2);
	WRITE_ALL(journal_feedback_write, &r, &sb);
	check_golden("unit_feedback.golden", &sb);
	journal_feedback_release(&r);
	sb_release(&sb);
}

TEST(journal_report_stories)
{
	struct jr_story_in stories[] = {
	    {1, D("2026-11-23"), "K1", "Ben", "Drove the part over", "Line down on Friday",
	     "\"You saved our week\"", STORY_EXTRA_MILE, "Kessler & Söhne"},
	    {2, D("2026-11-10"), NULL, "Anna", "Remembered the birthday", NULL, NULL, STORY_TNT,
	     NULL},
	    {3, D("2026-11-10"), NULL, NULL, "Duplicate receipt in five minutes", NULL, "Smiles",
	     STORY_EXTRA_MILE, NULL},
	    {4, D("2026-11-08"), NULL, "Ben", "before the period", NULL, NULL, STORY_EXTRA_MILE,
	     NULL},
	    {5, D("2026-11-25"), NULL, "Ben", "on D: after the period", NULL, NULL, STORY_TNT,
	     NULL},
	};
	struct journal_stories_in in = {D("2026-11-25"), 3, 2, stories, 5, {0}};
	struct journal_stories r;
	struct strbuf sb = STRBUF_INIT;
	CHECK_INT(journal_stories_from(D("2026-11-25"), 3), D("2026-11-09"));
	CHECK_INT(journal_stories_from(D("2026-11-23"), 1), D("2026-11-16")); /* D a Monday */
	journal_stories_compute(&in, &r);
	CHECK_INT(r.from, D("2026-11-09"));
	CHECK_INT(r.nweeks, 3);
	CHECK_INT(r.stories, 3);
	CHECK_INT(r.tnt, 1);
	CHECK_INT(r.extra_mile, 2);
	CHECK_INT(r.weeks_without, 1);
	if (r.nweeks == 3) {
		CHECK_INT(r.weeks[0].week, 46);
		CHECK_INT(r.weeks[0].stories, 2);
		CHECK_INT(r.weeks[0].nemployees, 2);
		CHECK_INT(r.weeks[1].stories, 0);
		CHECK_INT(r.weeks[2].week, 48);
	}
	CHECK_INT(r.nemployees, 3);
	CHECK_INT(r.nlatest, 2);
	if (r.nlatest == 2) {
		CHECK_INT(r.latest[0].id, 1);
		CHECK_INT(r.latest[1].id, 3); /* same day: the later entry first */
	}
	WRITE_ALL(journal_stories_write, &r, &sb);
	check_golden("unit_stories.golden", &sb);
	journal_stories_release(&r);
	sb_release(&sb);
}

TEST(journal_report_promises)
{
	struct jr_promise_in p[] = {
	    {1, "K1", "One", "Anna", "Due today", D("2026-11-01"), D("2026-11-24"), DAY_NONE,
	     PROMISE_OPEN, 0},
	    {2, "K1", "One", "Anna", "Overdue", D("2026-11-01"), D("2026-11-20"), DAY_NONE,
	     PROMISE_OPEN, 0},
	    {3, "K2", "Two", "Ben", "Due in a week", D("2026-11-01"), D("2026-12-01"), DAY_NONE,
	     PROMISE_OPEN, 0},
	    {4, "K2", "Two", "Ben", "Later", D("2026-11-01"), D("2026-12-02"), DAY_NONE,
	     PROMISE_OPEN, 0},
	    {5, "K1", "One", "Anna", "Kept early", D("2026-05-01"), D("2026-06-01"),
	     D("2026-05-30"), PROMISE_KEPT, 0},
	    {6, "K2", "Two", "Ben", "Kept, no date", D("2026-05-01"), D("2026-06-01"), DAY_NONE,
	     PROMISE_KEPT, 0},
	    {7, "K2", "Two", NULL, "Renegotiated on the day", D("2026-06-01"), D("2026-07-01"),
	     D("2026-07-01"), PROMISE_RENEGOTIATED, 0},
	    {8, "K3", "Three", "Ben", "Broken long ago", D("2025-11-01"), D("2025-12-01"),
	     D("2025-12-02"), PROMISE_BROKEN, 0},
	    {9, "K3", "Three", "Ben", "Broken", D("2026-07-01"), D("2026-08-01"), D("2026-08-02"),
	     PROMISE_BROKEN, 0},
	};
	struct journal_promises_in in = {D("2026-11-25"), 7, D("2026-01-01"), p, 9, {0}};
	struct journal_promises r;
	struct strbuf sb = STRBUF_INIT;
	journal_promises_compute(&in, &r);
	CHECK_INT(r.today, D("2026-11-24"));
	/* as the promise stood at D (model_promise_state): due on D - 1 and still
	 * open is overdue, as on the action list */
	CHECK_INT(r.ndue_soon, 1);
	if (r.ndue_soon == 1)
		CHECK_INT(r.due_soon[0].id, 3);
	CHECK_INT(r.noverdue, 2);
	if (r.noverdue == 2) {
		CHECK_INT(r.overdue[0].id, 2);
		CHECK_INT(r.overdue[1].id, 1);
	}
	CHECK_INT(r.total.due, 6);
	CHECK_INT(r.total.kept_on_time, 2);
	CHECK_INT(r.total.renegotiated_late, 1);
	CHECK_INT(r.total.broken, 1);
	CHECK_INT(r.total.overdue, 2);
	CHECK_NEAR(jr_rate_on_time(&r.total), 2.0 / 6.0, 1e-9);
	CHECK_NEAR(jr_rate_honoured(&r.total), 2.0 / 6.0, 1e-9);
	CHECK_INT(r.nowners, 3);
	if (r.nowners == 3) {
		CHECK_STR(r.owners[0].key, "Anna");
		CHECK_INT(r.owners[0].due, 3);
		CHECK_STR(r.owners[2].key, ""); /* no owner: last */
	}
	CHECK_INT(r.ncustomers, 3);
	if (r.ncustomers == 3) {
		CHECK_STR(r.customers[0].key, "K3");
		CHECK_STR(r.customers[1].key, "K1");
		CHECK_STR(r.customers[2].key, "K2");
	}
	WRITE_ALL(journal_promises_write, &r, &sb);
	check_golden("unit_promises.golden", &sb);
	journal_promises_release(&r);
	sb_release(&sb);
}

TEST(journal_report_cadence)
{
	struct jr_cadence_in_row rows[] = {
	    {1, "K1", "One", "Anna", D("2026-10-01"), D("2026-11-01"), DAY_NONE, 10000, "loyal"},
	    {2, "K2", "Two", NULL, D("2026-05-01"), DAY_NONE, DAY_NONE, 50000, "terrorist"},
	    {3, "K3", "Three", "Ben", D("2026-06-01"), D("2026-01-01"), DAY_NONE, 70000, "loyal"},
	    {4, "K4", "Four", "Ben", D("2026-01-01"), DAY_NONE, D("2026-02-01"), 9000, "defector"},
	    {5, "K5", "Five", NULL, DAY_NONE, DAY_NONE, DAY_NONE, 0, NULL},
	    {6, "K6", "Sechs Müller", "Anna", D("2026-07-01"), D("2026-03-01"), D("2026-01-01"),
	     70000, "loyal"},
	    {7, "K7", "Seven", NULL, D("2026-08-01"), DAY_NONE, DAY_NONE, -1250, NULL},
	    {8, "K8", "Eight", NULL, D("2026-11-30"), DAY_NONE, DAY_NONE, 100, "loyal"},
	    /* lapsed: last purchase before D - 730, not a customer to call */
	    {9, "K9", "Nine", NULL, D("2024-11-24"), DAY_NONE, DAY_NONE, 0, NULL},
	};
	struct journal_cadence_in in = {D("2026-11-25"), 90, 1, rows, 9, {0}, 365, 730};
	struct journal_cadence r;
	struct strbuf sb = STRBUF_INIT;
	journal_cadence_compute(&in, &r);
	CHECK_INT(r.customers, 5);
	CHECK_INT(r.silent, 4);
	CHECK_INT(r.ngroups, 3);
	if (r.ngroups == 3) {
		CHECK_STR(r.groups[0].segment, "terrorist");
		CHECK_STR(r.groups[1].segment, "loyal");
		CHECK_INT(r.groups[1].customers, 3);
		CHECK_INT(r.groups[1].silent, 2);
		CHECK_INT(r.groups[1].silent_revenue, 140000);
		CHECK(r.groups[2].segment == NULL);
	}
	CHECK_INT(r.nrows, 4);
	if (r.nrows == 4) {
		CHECK_STR(r.rows[0].c.customer_id, "K2");
		CHECK_INT(r.rows[0].days_since, -1);
		CHECK_STR(r.rows[1].c.customer_id, "K3");
		CHECK_INT(r.rows[1].days_since, D("2026-11-25") - D("2026-01-01"));

		CHECK_STR(r.rows[2].c.customer_id, "K6");
		CHECK_STR(r.rows[3].c.customer_id, "K7");
	}
	r.limit = 1;
	WRITE_ALL(journal_cadence_write, &r, &sb);
	journal_cadence_release(&r);
	/* without the model: one group, by revenue */
	in.segmented = 0;
	journal_cadence_compute(&in, &r);
	CHECK_INT(r.ngroups, 1);
	if (r.nrows == 4) {
		CHECK_STR(r.rows[0].c.customer_id, "K3");
		CHECK_STR(r.rows[3].c.customer_id, "K7");
	}
	WRITE_ALL(journal_cadence_write, &r, &sb);
	check_golden("unit_cadence.golden", &sb);
	journal_cadence_release(&r);
	sb_release(&sb);
}

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

static const char *segment_of(void *arg, int64_t key, day_t d)
{
	(*(int *)arg)++;
	return key == 1 ? "apostle" : NULL;
}

TEST(journal_report_loading)
{
	struct store *st = fresh("journal_load");
	struct err e = {0};
	if (!st)
		return;
	err_clear(&e);
	struct rec_order o1 = {"K1", "R1", D("2026-03-01"), 10000, MONEY_NONE};
	struct rec_order o2 = {"K2", "R2", D("2025-01-01"), 5000, MONEY_NONE};
	struct rec_order o3 = {"K1", "R3", D("2026-04-01"), -700, MONEY_NONE};
	struct rec_dialog d1 = {"K1",   D("2026-11-01"), "visit", "sales", "Ann",
	                        "more", "less",          NULL,    DAY_NONE};
	struct rec_complaint k1 = {"K2",           D("2026-05-01"), "billing", NULL, "twice",
	                           COMPLAINT_OPEN, DAY_NONE,        {NULL},    NULL, NULL};
	struct rec_departure x1 = {"K2", D("2026-06-01"), "price", "Rival"};
	struct rec_story s1 = {D("2026-11-20"), "act", NULL, "Ben", NULL, NULL, STORY_TNT};
	struct rec_promise p1 = {"K1", D("2026-01-01"), D("2026-02-01"), "call",
	                         NULL, PROMISE_KEPT,    D("2026-01-30")};
	CHECK_INT(store_begin(st, &e), 0);
	CHECK_INT(store_put_order(st, &o1, NULL, NULL, &e), 1);
	CHECK_INT(store_put_order(st, &o2, NULL, NULL, &e), 1);
	CHECK_INT(store_put_order(st, &o3, NULL, NULL, &e), 1);
	CHECK_INT(store_put_dialog(st, &d1, NULL, NULL, &e), 1);
	CHECK_INT(store_put_complaint(st, &k1, NULL, NULL, &e), 1);
	CHECK_INT(store_put_departure(st, &x1, NULL, NULL, &e), 1);
	CHECK_INT(store_put_story(st, &s1, NULL, NULL, &e), 1);
	CHECK_INT(store_put_promise(st, &p1, NULL, NULL, &e), 1);
	CHECK_INT(store_commit(st, &e), 0);

	struct journal_feedback_in fi = {
	    .from = D("2026-01-01"), .to = D("2026-11-25"), .answers = 3, .words = 10};
	CHECK_INT(journal_feedback_load(st, &fi, &e), 0);
	CHECK_INT(fi.ndialogs, 1);
	if (fi.ndialogs == 1) {
		CHECK_STR(fi.dialogs[0].touchpoint, "sales");
		CHECK_STR(fi.dialogs[0].customer_id, "K1");
	}
	CHECK_INT(fi.ncomplaints, 1);
	if (fi.ncomplaints == 1)
		CHECK_INT(fi.complaints[0].open, 1);
	CHECK_INT(fi.ndepartures, 1);
	journal_feedback_in_release(&fi);

	struct journal_stories_in si = {.to = D("2026-11-25"), .weeks = 4, .latest = 5};
	CHECK_INT(journal_stories_load(st, &si, &e), 0);
	CHECK_INT(si.n, 1);
	if (si.n == 1) {
		CHECK_INT(si.stories[0].kind, STORY_TNT);
		CHECK(si.stories[0].customer_id == NULL);
	}
	journal_stories_in_release(&si);

	struct journal_promises_in pi = {
	    .to = D("2026-11-25"), .within = 14, .rate_from = D("2025-01-01")};
	CHECK_INT(journal_promises_load(st, &pi, &e), 0);
	CHECK_INT(pi.n, 1);
	if (pi.n == 1) {
		CHECK_INT(pi.promises[0].status, PROMISE_KEPT);
		CHECK_INT(pi.promises[0].closed_on, D("2026-01-30"));
	}
	journal_promises_in_release(&pi);

	int calls = 0;
	struct journal_model m = {segment_of, &calls};
	struct journal_cadence_in ci = {.to = D("2026-11-25"), .days = 30};
	CHECK_INT(journal_cadence_load(st, &m, &ci, &e), 0);
	CHECK_INT(ci.n, 2);
	CHECK_INT(calls, 2);
	CHECK_INT(ci.segmented, 1);
	for (size_t i = 0; i < ci.n; i++) {
		if (!strcmp(ci.rows[i].customer_id, "K1")) {
			CHECK_INT(ci.rows[i].revenue,
			          10000 - 700); /* credit notes count in revenue */
			CHECK_INT(ci.rows[i].last_dialog, D("2026-11-01"));
			CHECK_STR(ci.rows[i].segment, "apostle");
		} else {
			CHECK_INT(ci.rows[i].revenue, 0); /* outside P0 */
			CHECK_INT(ci.rows[i].last_departure, D("2026-06-01"));
			CHECK(ci.rows[i].segment == NULL);
		}
	}
	journal_cadence_in_release(&ci);
	store_close(st);
}
