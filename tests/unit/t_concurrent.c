/* t_concurrent.c — two reports computed at the same time on two threads,
 * one in German and one in English, from one shared dataset: each equals
 * its sequential output.  Nothing below cli/ may keep a language, a sort
 * context or a timer in a global (`make tsan` runs this under
 * ThreadSanitizer). */
#include <pthread.h>
#include <stdlib.h>

#include "../../src/demo/demo.h"
#include "../../src/report/report.h"
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
	struct action_filter flt = {0, NULL, 200};
	model_settings_default(&set);
	model_compute(ds, D, &set, NULL, &l);
	model_tenure(ds, D, &set, &t);
	report_loyalty(ds, &l, &t, NULL, 0, FMT_TEXT, out, lang);
	report_actions(ds, &l, &flt, FMT_TEXT, NULL, out, lang);
	report_segments(ds, &l, NULL, FMT_CSV, NULL, out, lang);
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
	snprintf(path, sizeof(path), "%s/concurrent.db", test_tmpdir());
	remove(path);
	demo_opts_default(&o);
	o.customers = 1500;
	o.orders_per_customer = 12;
	o.end = day_from_ymd(2026, 11, 24);
	/* the model's own two-thread passes run too, from 100 customers on */
	setenv("TREUE_THREAD_MIN", "100", 1);
	if (store_open(path, 0, &st, &e) || store_begin(st, &e) ||
	    demo_generate(&o, &demo_store_sink, st, &n, &e) || store_commit(st, &e) ||
	    dataset_load(st, &ds, &e)) {
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
