/* t_concurrent.c — two reports computed at the same time on two threads,
 * one in German and one in English, from one shared dataset: each equals
 * its sequential output; and the same for two requests of the application
 * layer, each with its own connection, sharing one loaded analysis.  Nothing below cli/ may keep a
 * language, a sort context or a timer in a global (`make tsan` runs this under ThreadSanitizer). */
#include <pthread.h>
#include <stdlib.h>

#include "../../src/demo/demo.h"
#include "../../src/report/report.h"
#include "app.h"
#include "test.h"

struct job {
	const struct dataset *ds;
	day_t D;
	enum lang lang;
	int rounds;
	struct strbuf out[3];
};

/* The loyalty report and the head of the action list, as text. */
static void render(const struct dataset *ds, day_t D, enum lang lang, struct strbuf *out)
{
	struct model_settings set;
	struct loyalty l;
	struct tenure_curve t;
	struct action_filter flt = {.limit = 200};
	model_settings_default(&set);
	model_compute(ds, D, &set, NULL, &l);
	model_tenure(ds, D, &set, &t);
	report_loyalty(ds, &l, &t, NULL, 0, FMT_TEXT, out, lang);
	report_actions(ds, &l, &flt, FMT_TEXT, NULL, out, lang);
	report_segments(ds, &l, NULL, NULL, FMT_CSV, NULL, out, lang);
	tenure_release(&t);
	loyalty_release(&l);
}

static void *run_job(void *arg)
{
	struct job *j = arg;
	for (int i = 0; i < j->rounds; i++)
		render(j->ds, j->D, j->lang, &j->out[i]);
	return NULL;
}

TEST(concurrent_reports_in_two_languages)
{
	struct err e = {0};
	struct store *st = NULL;
	struct dataset ds;
	struct demo_opts o;
	struct demo_counts n;
	char path[512];
	test_db("concurrent", path, sizeof(path));
	demo_opts_default(&o);
	o.customers = 1500;
	o.orders_per_customer = 12;
	o.end = day_from_ymd(2026, 11, 24);
	/* the model's own two-thread passes run too, from 100 customers on */
	setenv("TREUE_THREAD_MIN", "100", 1);
	if (store_open(path, 0, &st, &e) || store_begin(st, &e) ||
	    demo_into_store(&o, st, &n, &e) || store_commit(st, &e) || dataset_load(st, &ds, &e)) {
		test_fail(__FILE__, __LINE__, "set-up: %s", e.msg);
		if (st)
			store_close(st);
		unsetenv("TREUE_THREAD_MIN");
		return;
	}
	day_t D = model_default_as_of(&ds, o.end, NULL);

	struct strbuf en = STRBUF_INIT, de = STRBUF_INIT;
	render(&ds, D, LANG_EN, &en);
	render(&ds, D, LANG_DE, &de);
	CHECK(strstr(en.buf, "apostle") != NULL);
	CHECK(strstr(de.buf, "Apostel") != NULL);
	CHECK(strcmp(en.buf, de.buf) != 0);

	struct job jobs[2] = {{&ds, D, LANG_DE, 3, {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT}},
	                      {&ds, D, LANG_EN, 3, {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT}}};
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		CHECK_INT(pthread_create(&th[i], NULL, run_job, &jobs[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	for (int r = 0; r < 3; r++) {
		CHECK_STR(jobs[0].out[r].buf, de.buf);
		CHECK_STR(jobs[1].out[r].buf, en.buf);
	}
	for (int i = 0; i < 2; i++)
		for (int r = 0; r < 3; r++)
			sb_release(&jobs[i].out[r]);
	sb_release(&en);
	sb_release(&de);
	dataset_release(&ds);
	store_close(st);
	unsetenv("TREUE_THREAD_MIN");
}

/* One request of the application layer as a web handler makes it: its own
 * connection and language, the analysis shared. */
struct request {
	const char *path;
	const struct app_analysis *a;
	enum lang lang;
	int rounds;
	struct strbuf out[3];
};

static void serve(const char *path, const struct app_analysis *a, enum lang lang,
                  struct strbuf *out)
{
	struct store *st = NULL;
	struct app_ctx c = {.lang = lang, .as_of = DAY_NONE, .today = day_from_ymd(2026, 11, 24)};
	struct app_loyalty r;
	struct app_customer card;
	struct app_list l;
	struct app_list_filter f;
	struct err e;
	err_init(&e, lang);
	if (store_open(path, 0, &st, &e)) {
		sb_addf(out, "error: %s", e.msg);
		return;
	}
	c.st = st;
	if (app_loyalty(&c, a, 1, 1, &r, &e) == 0) {
		report_loyalty(&a->ds, &r.l, &r.tenure, &r.bt, 10, FMT_TEXT, out, lang);
		app_loyalty_release(&r);
	} else {
		sb_addf(out, "error: %s", e.msg);
	}
	if (app_customer_card(&c, a, a->ds.key[7], &card, &e) == 0) {
		sb_addf(out, "%s %s\n", card.customer_id, card.why);
		for (size_t i = 0; i < card.ntimeline; i++)
			sb_addf(out, "%s\n", card.timeline[i].text);
		app_customer_release(&card);
	} else {
		sb_addf(out, "error: %s", e.msg);
	}
	app_list_filter_init(&f);
	f.limit = 20;
	if (app_list(&c, JK_PROMISE, &f, &l, &e) == 0) {
		for (size_t i = 0; i < l.nrows; i++)
			sb_addf(out, "%s\n", app_list_cell(&l, i, 5)->text);
		app_list_release(&l);
	} else {
		sb_addf(out, "error: %s", e.msg);
	}
	store_close(st);
}

static void *run_request(void *arg)
{
	struct request *q = arg;
	for (int i = 0; i < q->rounds; i++)
		serve(q->path, q->a, q->lang, &q->out[i]);
	return NULL;
}

TEST(concurrent_app_requests)
{
	struct err e = {0};
	struct store *st = NULL;
	struct demo_opts o;
	struct demo_counts n;
	struct app_analysis a;
	char path[512];
	test_db("concurrent_app", path, sizeof(path));
	demo_opts_default(&o);
	o.customers = 600;
	o.orders_per_customer = 10;
	o.end = day_from_ymd(2026, 11, 24);
	err_init(&e, LANG_EN);
	struct app_ctx c = {.lang = LANG_EN, .as_of = DAY_NONE, .today = o.end};
	if (store_open(path, 0, &st, &e) || store_begin(st, &e) ||
	    demo_into_store(&o, st, &n, &e) || store_commit(st, &e) ||
	    (c.st = st, app_analysis_load(&c, &a, &e))) {
		test_fail(__FILE__, __LINE__, "set-up: %s", e.msg);
		if (st)
			store_close(st);
		return;
	}
	/* sequential first: this also stores the purchase model's fit */
	struct strbuf en = STRBUF_INIT, de = STRBUF_INIT;
	serve(path, &a, LANG_EN, &en);
	serve(path, &a, LANG_DE, &de);
	CHECK(strstr(en.buf, "error:") == NULL);
	CHECK(strstr(de.buf, "Apostel") != NULL);
	CHECK(strcmp(en.buf, de.buf) != 0);
	struct request q[2] = {{path, &a, LANG_DE, 2, {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT}},
	                       {path, &a, LANG_EN, 2, {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT}}};
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		CHECK_INT(pthread_create(&th[i], NULL, run_request, &q[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	for (int r = 0; r < 2; r++) {
		CHECK_STR(q[0].out[r].buf, de.buf);
		CHECK_STR(q[1].out[r].buf, en.buf);
	}
	for (int i = 0; i < 2; i++)
		for (int r = 0; r < 3; r++)
			sb_release(&q[i].out[r]);
	sb_release(&en);
	sb_release(&de);
	app_analysis_release(&a);
	store_close(st);
}
