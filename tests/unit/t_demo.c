/* t_demo.c — the demo generator: determinism, the ingredients every report
 * needs, the order of the records, the CSV styles and Windows-1252. */
#include <stdlib.h>

#include "../../src/demo/demo.h"
#include "ingest.h"
#include "test.h"

/* A sink that hashes every record, counts what the tests look for and
 * checks that every customer named was generated before. */
struct probe {
	uint64_t hash;
	struct strbuf sb;
	struct strmap seen;
	day_t end;
	int unknown_refs;
	/* the current customer's last purchase day, to find same-day orders */
	char last_cust[24];
	day_t last_day;
	int64_t credit, zero, same_day, no_margin, bad_margin, orders;
	int64_t surveys, top, bottom, no_recommend;
	int64_t open_complaints, resolved_with_root, reasons[16];
	int64_t promise_status[4], overdue, kept_late, kept_no_date;
	int64_t touchpoints[8], dialogs_with_answers;
	int64_t referrals_recent, stories[2], story_with_customer, departures_with_competitor;
};

static void mix(struct probe *p)
{
	p->hash = hash64(p->sb.buf, p->sb.len, p->hash);
	sb_reset(&p->sb);
}

static void add_s(struct probe *p, const char *s)
{
	sb_adds(&p->sb, s ? s : "\x01");
	sb_addch(&p->sb, '|');
}

static void add_i(struct probe *p, int64_t v)
{
	sb_addf(&p->sb, "%lld|", (long long)v);
}

static void known(struct probe *p, const char *id)
{
	if (id && !strmap_get(&p->seen, id))
		p->unknown_refs++;
}

static int p_customer(void *arg, const struct rec_customer *r, struct err *e)
{
	struct probe *p = arg;
	add_s(p, r->customer_id);
	add_s(p, r->name);
	add_s(p, r->industry);
	add_s(p, r->region);
	add_s(p, r->owner);
	add_i(p, r->acquired_on);
	add_i(p, r->acquisition_cost);
	mix(p);
	strmap_put(&p->seen, r->customer_id, 1);
	return 0;
}

static int p_order(void *arg, const struct rec_order *r, struct err *e)
{
	struct probe *p = arg;
	add_s(p, r->customer_id);
	add_s(p, r->order_id);
	add_i(p, r->date);
	add_i(p, r->revenue);
	add_i(p, r->margin);
	mix(p);
	known(p, r->customer_id);
	p->orders++;
	p->credit += r->revenue < 0;
	p->zero += r->revenue == 0;
	p->no_margin += r->margin == MONEY_NONE;
	if (r->revenue > 0 && r->margin != MONEY_NONE &&
	    (r->margin < r->revenue / 50 || r->margin > r->revenue * 6 / 10))
		p->bad_margin++;
	if (r->revenue >= 0) {
		if (!strcmp(p->last_cust, r->customer_id) && p->last_day == r->date)
			p->same_day++;
		snprintf(p->last_cust, sizeof(p->last_cust), "%s", r->customer_id);
		p->last_day = r->date;
	}
	return 0;
}

static int p_survey(void *arg, const struct rec_survey *r, struct err *e)
{
	struct probe *p = arg;
	add_s(p, r->customer_id);
	add_i(p, r->date);
	add_i(p, r->satisfaction);
	add_i(p, r->recommend);
	add_i(p, r->value);
	add_s(p, r->comment);
	mix(p);
	known(p, r->customer_id);
	p->surveys++;
	if (r->date > p->end - 730) {
		p->top += r->satisfaction >= 90 && r->recommend >= 90;
		p->bottom += r->satisfaction <= 30;
	}
	p->no_recommend += r->recommend == SCORE_NONE;
	return 0;
}

static int p_dialog(void *arg, const struct rec_dialog *r, struct err *e)
{
	struct probe *p = arg;
	add_s(p, r->customer_id);
	add_i(p, r->date);
	add_s(p, r->channel);
	add_s(p, r->touchpoint);
	add_s(p, r->employee);
	add_s(p, r->support);
	add_s(p, r->improve);
	add_s(p, r->notes);
	mix(p);
	known(p, r->customer_id);
	static const char *const tps[] = {"sales", "service", "billing", "management", "other"};
	for (int k = 0; k < 5; k++)
		if (!strcmp(r->touchpoint, tps[k]))
			p->touchpoints[k]++;
	p->dialogs_with_answers += r->support && r->improve;
	return 0;
}

static int p_promise(void *arg, const struct rec_promise *r, struct err *e)
{
	struct probe *p = arg;
	add_s(p, r->customer_id);
	add_i(p, r->made_on);
	add_i(p, r->due_on);
	add_s(p, r->what);
	add_s(p, r->owner);
	add_i(p, r->status);
	add_i(p, r->closed_on);
	mix(p);
	known(p, r->customer_id);
	p->promise_status[r->status]++;
	p->overdue += r->status == PROMISE_OPEN && r->due_on <= p->end;
	p->kept_late +=
	    r->status == PROMISE_KEPT && r->closed_on != DAY_NONE && r->closed_on > r->due_on;
	p->kept_no_date += r->status == PROMISE_KEPT && r->closed_on == DAY_NONE;
	if (r->closed_on != DAY_NONE && (r->closed_on < r->made_on || r->closed_on > p->end))
		p->unknown_refs += 1000; /* a closing date outside the history is a bug */
	return 0;
}

static int p_complaint(void *arg, const struct rec_complaint *r, struct err *e)
{
	struct probe *p = arg;
	add_s(p, r->customer_id);
	add_i(p, r->date);
	add_s(p, r->reason);
	add_s(p, r->description);
	add_i(p, r->status);
	add_i(p, r->resolved_on);
	for (int k = 0; k < 5; k++)
		add_s(p, r->why[k]);
	add_s(p, r->root_cause);
	mix(p);
	known(p, r->customer_id);
	p->open_complaints += r->status == COMPLAINT_OPEN;
	p->resolved_with_root += r->status == COMPLAINT_RESOLVED && r->root_cause && r->why[4];
	if (vocab_index(VOCAB_REASON, r->reason) >= 0)
		p->reasons[vocab_index(VOCAB_REASON, r->reason)]++;
	return 0;
}

static int p_story(void *arg, const struct rec_story *r, struct err *e)
{
	struct probe *p = arg;
	add_i(p, r->date);
	add_s(p, r->what);
	add_s(p, r->customer_id);
	add_s(p, r->employee);
	add_s(p, r->situation);
	add_s(p, r->outcome);
	add_i(p, r->kind);
	mix(p);
	known(p, r->customer_id);
	p->stories[r->kind]++;
	p->story_with_customer += r->customer_id != NULL;
	return 0;
}

static int p_referral(void *arg, const struct rec_referral *r, struct err *e)
{
	struct probe *p = arg;
	add_s(p, r->from_customer);
	add_s(p, r->to_customer);
	add_i(p, r->date);
	mix(p);
	known(p, r->from_customer);
	known(p, r->to_customer);
	p->referrals_recent += r->date > p->end - 730;
	return 0;
}

static int p_departure(void *arg, const struct rec_departure *r, struct err *e)
{
	struct probe *p = arg;
	add_s(p, r->customer_id);
	add_i(p, r->date);
	add_s(p, r->reason);
	add_s(p, r->competitor);
	mix(p);
	known(p, r->customer_id);
	p->departures_with_competitor += r->competitor != NULL;
	return 0;
}

static const struct demo_sink probe_sink = {
    p_customer,  p_order, p_survey,   p_dialog,    p_promise,
    p_complaint, p_story, p_referral, p_departure,
};

static void opts_for(struct demo_opts *o, long customers, uint64_t seed)
{
	demo_opts_default(o);
	o->customers = customers;
	o->seed = seed;
	o->end = day_from_ymd(2026, 11, 24);
}

/* Runs the generator into a fresh probe; the caller releases it. */
static int probe_run(const struct demo_opts *o, struct probe *p, struct demo_counts *n)
{
	struct err e = {0};
	memset(p, 0, sizeof(*p));
	sb_init(&p->sb);
	strmap_init(&p->seen);
	p->end = o->end;
	err_clear(&e);
	int rc = demo_generate(o, &probe_sink, p, n, &e);
	if (rc)
		test_fail(__FILE__, __LINE__, "demo_generate: %s", e.msg);
	return rc;
}

static void probe_release(struct probe *p)
{
	sb_release(&p->sb);
	strmap_release(&p->seen);
}

TEST(demo_same_seed_same_data)
{
	struct demo_opts o;
	struct probe a, b, c;
	struct demo_counts na, nb, nc;
	opts_for(&o, 400, 7);
	probe_run(&o, &a, &na);
	probe_run(&o, &b, &nb);
	o.seed = 8;
	probe_run(&o, &c, &nc);
	CHECK(a.hash == b.hash);
	CHECK(!memcmp(&na, &nb, sizeof(na)));
	CHECK(a.hash != c.hash);
	/* the texts' language changes the data, the counts stay */
	o.seed = 7;
	o.texts = LANG_DE;
	probe_release(&c);
	probe_run(&o, &c, &nc);
	CHECK(a.hash != c.hash);
	CHECK_INT(nc.orders, na.orders);
	probe_release(&a);
	probe_release(&b);
	probe_release(&c);
}

TEST(demo_has_every_ingredient)
{
	struct demo_opts o;
	struct probe p;
	struct demo_counts n;
	opts_for(&o, 2000, 1);
	if (probe_run(&o, &p, &n))
		return;
	CHECK_INT(p.unknown_refs, 0);
	CHECK_INT(n.customers, 2000);
	CHECK_INT(p.orders, n.orders);
	/* about 30 order rows per buying customer */
	double per = (double)n.orders / (double)(n.customers - n.prospects);
	CHECK(per > 24 && per < 36);
	/* prospects ~5 %, credit notes ~2 %, free deliveries ~1 % */
	CHECK(n.prospects > 50 && n.prospects < 160);
	CHECK_INT(p.credit, n.credit_notes);
	CHECK(p.credit > n.orders / 100 && p.credit < n.orders / 25);
	CHECK(p.zero > n.orders / 300 && p.zero < n.orders / 50);
	CHECK(p.same_day > n.orders / 50);
	CHECK(p.no_margin > n.orders / 100);
	CHECK_INT(p.bad_margin, 0);
	/* surveys reach both ends of the scale in the last two years */
	CHECK(p.top > 20);
	CHECK(p.bottom > 10);
	CHECK(p.no_recommend > 0);
	/* complaints: open ones, resolved ones with five whys, every reason */
	CHECK(p.open_complaints > 5);
	CHECK(p.resolved_with_root > 50);
	for (int k = 0; k < vocab_count(VOCAB_REASON); k++)
		CHECK(p.reasons[k] > 0);
	/* promises: every status, kept late, kept without date, overdue */
	for (int k = 0; k < 4; k++)
		CHECK(p.promise_status[k] > 0);
	CHECK(p.kept_late > 0);
	CHECK(p.kept_no_date > 0);
	CHECK(p.overdue > 0);
	/* dialogues at the four touchpoints, with answers to both questions */
	for (int k = 0; k < 4; k++)
		CHECK(p.touchpoints[k] > 0);
	CHECK(p.dialogs_with_answers > n.dialogs / 2);
	CHECK(p.referrals_recent > 10);
	/* stories most weeks: six years have 313 weeks */
	CHECK(n.stories > 250);
	CHECK(p.stories[STORY_EXTRA_MILE] > 0 && p.stories[STORY_TNT] > 0);
	CHECK(p.story_with_customer > n.stories / 2);
	CHECK(n.departures > 0 && p.departures_with_competitor > 0);
	probe_release(&p);
}

TEST(demo_rejects_bad_options)
{
	struct demo_opts o;
	struct err e = {0};
	err_clear(&e);
	opts_for(&o, 0, 1);
	CHECK(demo_opts_check(&o, &e) < 0);
	opts_for(&o, DEMO_MAX_CUSTOMERS + 1, 1);
	CHECK(demo_opts_check(&o, &e) < 0);
	opts_for(&o, 10, 1);
	o.years = 0;
	CHECK(demo_opts_check(&o, &e) < 0);
	opts_for(&o, 10, 1);
	o.orders_per_customer = 0.5;
	CHECK(demo_opts_check(&o, &e) < 0);
	opts_for(&o, 10, 1);
	CHECK_INT(demo_opts_check(&o, &e), 0);
}

TEST(demo_cp1252_conversion)
{
	struct strbuf sb = STRBUF_INIT;
	long bad = 0;
	CHECK_INT(demo_utf8_to_cp1252("Müller & Söhne: 5 €, Groß",
	                              strlen("Müller & Söhne: 5 €, Groß"), &sb, &bad),
	          0);
	CHECK_STR(sb.buf, "M\xfcller & S\xf6hne: 5 \x80, Gro\xdf");
	sb_reset(&sb);
	CHECK_INT(demo_utf8_to_cp1252("a → b", strlen("a → b"), &sb, &bad), -1);
	CHECK_INT(bad, 0x2192);
	CHECK_INT(demo_utf8_to_cp1252("\xc3", 1, &sb, &bad), -1);
	CHECK_INT(bad, -1);
	CHECK_INT(demo_utf8_to_cp1252("\xc0\xa0", 2, &sb, &bad), -1); /* overlong */
	sb_release(&sb);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&sb, buf, n);
	fclose(f);
	*len = sb.len;
	return sb_detach(&sb);
}

static long count_lines(const char *s, size_t len)
{
	long n = 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

/* Writes the CSV files of both styles with German and English texts: every
 * character must have its Windows-1252 form, and both styles must have the
 * same rows. */
TEST(demo_csv_both_styles)
{
	struct demo_opts o;
	struct demo_counts n;
	struct err e = {0};
	char dir[2][512];
	int64_t rows[DEMO_CSV_FILES];
	err_clear(&e);
	for (int texts = 0; texts < 2; texts++) {
		for (int s = 0; s < 2; s++) {
			struct demo_csv *csv;
			enum lang style = s ? LANG_DE : LANG_EN;
			snprintf(dir[s], sizeof(dir[s]), "%s/csv-%d-%d", test_tmpdir(), texts, s);
			opts_for(&o, 300, 3);
			o.texts = texts ? LANG_DE : LANG_EN;
			if (demo_csv_open(dir[s], style, 0, &csv, &e)) {
				test_fail(__FILE__, __LINE__, "demo_csv_open: %s", e.msg);
				return;
			}
			if (demo_generate(&o, &demo_csv_sink, csv, &n, &e))
				test_fail(__FILE__, __LINE__, "demo_generate: %s", e.msg);
			CHECK_INT(demo_csv_close(csv, &e), 0);
			/* a second time refuses to overwrite */
			CHECK(demo_csv_open(dir[s], style, 0, &csv, &e) < 0);
		}
		rows[0] = n.customers;
		rows[1] = n.orders;
		rows[2] = n.surveys;
		rows[3] = n.dialogs;
		rows[4] = n.promises;
		rows[5] = n.complaints;
		rows[6] = n.stories;
		rows[7] = n.referrals;
		rows[8] = n.departures;
		for (int i = 0; i < DEMO_CSV_FILES; i++) {
			char path[1200];
			size_t len[2];
			char *text[2];
			for (int s = 0; s < 2; s++) {
				snprintf(path, sizeof(path), "%s/%s", dir[s],
				         demo_csv_name(i, s ? LANG_DE : LANG_EN));
				text[s] = slurp(path, &len[s]);
			}
			if (!text[0] || !text[1]) {
				test_fail(__FILE__, __LINE__, "%s missing",
				          demo_csv_name(i, LANG_EN));
			} else {
				CHECK_INT(count_lines(text[0], len[0]), rows[i] + 1);
				CHECK_INT(count_lines(text[1], len[1]), rows[i] + 1);
				const char *h = demo_csv_header(i, LANG_EN);
				CHECK(!strncmp(text[0], h, strlen(h)) &&
				      text[0][strlen(h)] == '\n');
				/* German: CRLF, semicolons, never a UTF-8 sequence */
				CHECK(strstr(text[1], "\r\n") != NULL);
				CHECK(memchr(text[1], 0xc3, len[1]) == NULL);
			}
			free(text[0]);
			free(text[1]);
		}
	}
}

TEST(demo_csv_german_values)
{
	struct demo_opts o;
	struct demo_counts n;
	struct demo_csv *csv;
	struct err e = {0};
	char dir[512], path[1200];
	size_t len;
	err_clear(&e);
	snprintf(dir, sizeof(dir), "%s/csv-de-values", test_tmpdir());
	opts_for(&o, 50, 1);
	if (demo_csv_open(dir, LANG_DE, 0, &csv, &e)) {
		test_fail(__FILE__, __LINE__, "demo_csv_open: %s", e.msg);
		return;
	}
	CHECK_INT(demo_generate(&o, &demo_csv_sink, csv, &n, &e), 0);
	CHECK_INT(demo_csv_close(csv, &e), 0);
	snprintf(path, sizeof(path), "%s/Umsaetze.csv", dir);
	char *t = slurp(path, &len);
	CHECK(t != NULL);
	if (t) {
		CHECK(!strncmp(t, "Belegnummer;Kundennummer;Belegdatum;Umsatz;Deckungsbeitrag\r\n",
		               60));
		/* R000000001;K10001;dd.mm.yyyy;1.234,56;... */
		const char *row = t + 60;
		CHECK(!strncmp(row, "R000000001;K10001;", 18));
		CHECK(row[20] == '.' && row[23] == '.');
		CHECK(strchr(row, ',') != NULL);
		free(t);
	}
	snprintf(path, sizeof(path), "%s/Zusagen.csv", dir);
	t = slurp(path, &len);
	CHECK(t != NULL);
	if (t) {
		CHECK(!strncmp(t, "Kundennummer;vereinbart am;f\xe4llig am;Zusage;", 43));
		/* German status words, no English code */
		CHECK(strstr(t, ";eingehalten;") != NULL);
		CHECK(strstr(t, ";offen;") != NULL);
		CHECK(strstr(t, ";kept;") == NULL && strstr(t, ";open;") == NULL);
		free(t);
	}
	snprintf(path, sizeof(path), "%s/Kundengespraeche.csv", dir);
	t = slurp(path, &len);
	CHECK(t != NULL);
	if (t) {
		CHECK(strstr(t, ";Vertrieb;") != NULL);
		CHECK(strstr(t, ";sales;") == NULL && strstr(t, ";service;") == NULL);
		free(t);
	}
	snprintf(path, sizeof(path), "%s/Geschichten.csv", dir);
	t = slurp(path, &len);
	CHECK(t != NULL);
	if (t) {
		CHECK(strstr(t, ";Extrameile;") != NULL);
		CHECK(strstr(t, "extra_mile") == NULL && strstr(t, ";tnt;") == NULL);
		free(t);
	}
	snprintf(path, sizeof(path), "%s/Reklamationen.csv", dir);
	t = slurp(path, &len);
	CHECK(t != NULL);
	if (t) {
		CHECK(strstr(t, ";erledigt;") != NULL);
		CHECK(strstr(t, ";resolved;") == NULL);
		free(t);
	}
}

/* Every German file name is a word import takes for its kind, and the
 * German headers all map back to a field. */
TEST(demo_csv_german_names_import)
{
	for (int i = 0; i < DEMO_CSV_FILES; i++) {
		char stem[64];
		enum ingest_kind k;
		const char *name = demo_csv_name(i, LANG_DE);
		snprintf(stem, sizeof(stem), "%.*s", (int)(strlen(name) - 4), name);
		if (ingest_kind_parse(stem, &k) || (int)k != i) {
			test_fail(__FILE__, __LINE__, "%s is not import kind %d", name, i);
			continue;
		}
		char *hdr = xstrdup(demo_csv_header(i, LANG_DE));
		for (char *col = strtok(hdr, ";"); col; col = strtok(NULL, ";"))
			if (header_field(k, col, NULL) < 0)
				test_fail(__FILE__, __LINE__, "%s: header \"%s\" maps to no field",
				          name, col);
		free(hdr);
	}
}
