/*
 * demo_gen.c — the demo generator: who the customers are and how they
 * behave.  Customers come one by one, in the order of their acquisition;
 * each has its own random stream (seeded from the seed and its number), so
 * the data is the same whatever the sink and however far the run got.
 *
 * The behaviour follows the buy-till-you-die story: a customer buys at a
 * gamma-distributed rate (Poisson purchases on workdays) and after every
 * repeat purchase drops out with a beta-distributed probability; order
 * values follow the gamma-gamma spend model and grow with tenure.  How
 * satisfied a customer is depends on how often it buys and how likely it
 * is to leave; hostages buy often but are unhappy, and a few customers
 * carry a grudge.  Surveys, complaints, dialogues, promises, referrals and
 * departures follow from that.  docs/DEMO.md describes the numbers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "demo_int.h"

/* ---- the model's constants ---- */
#define PRE_SHARE 0.35      /* customers acquired before the history starts */
#define PRE_YEARS 18.0      /* ... up to this many years before */
#define PROSPECT_SHARE 0.05 /* customers without any order */
#define ENGLISH_SHARE 0.22  /* customers with English company names */
#define HOSTAGE_SHARE 0.07  /* must keep buying, but are not happy */
#define GRUDGE_SHARE 0.035  /* a bad experience they do not forget */
#define RATE_SHAPE 0.9      /* r of the gamma-distributed purchase rate */
#define DROP_A 1.0          /* beta(a, b) of the dropout probability; */
#define DROP_B 18.0         /* b grows with the orders per customer asked for */
#define SPEND_P 6.0         /* gamma-gamma spend: order value ~ Gamma(p, nu), */
#define SPEND_Q 3.5         /* nu ~ Gamma(q, gamma) */
#define SPEND_MEAN 1500.0   /* mean order value in euros */
#define SAME_DAY_SHARE 0.05 /* purchases with a second order row that day */
#define CREDIT_SHARE 0.02   /* purchases followed by a credit note */
#define FREE_SHARE 0.01     /* purchases that are free deliveries */
#define NO_MARGIN_SHARE 0.03
#define MAX_PURCHASES 4000
#define SURVEY_RECENT 0.26 /* answer rate per campaign in the last 2 years */
#define SURVEY_OLD 0.16
#define REFERRED_SHARE 0.10 /* new customers who came by a referral */
#define FAN_SATISFACTION 8.5

/* In the vocabulary's order: vocab_code(VOCAB_TOUCHPOINT, tp) is the code. */
enum touchpoint { TP_SALES, TP_SERVICE, TP_BILLING, TP_MANAGEMENT, TP_OTHER };
static const int touchpoint_weight[] = {45, 25, 12, 13, 5};

/* What the generator remembers of every customer: enough to pick
 * referrers and the customers of stories. */
struct csum {
	day_t first, last; /* first and last purchase; DAY_NONE for prospects */
};

/* One order row of the customer being generated. */
struct orow {
	day_t day;
	int seq;
	int credit;
	int64_t revenue, margin;
};

/* One promise of the customer being generated. */
struct prom {
	day_t made, due, closed;
	int seq;
	enum promise_status status;
	const char *what;
	const char *owner;
};

struct cust {
	long i;
	struct rng r;
	char id[24];
	char name[128];
	const struct demo_industry *ind;
	int region, owner;
	int prospect, pre, english, hostage, grudge;
	day_t acquired; /* the day it was won, or for a prospect the first contact */
	int64_t acq_cost;
	double g, p, nu, margin_rate, sat;
	int died;
	day_t first, last;
};

struct gen {
	const struct demo_opts *o;
	const struct demo_sink *sink;
	void *arg;
	struct demo_counts *n;
	struct err *e;
	day_t start, end, last_workday;
	double rate_scale;               /* purchases per workday of a customer with g = 1 */
	double drop_b;                   /* b of the dropout's beta distribution */
	int industry_w[32], nindustries; /* the weights of the industries ... */
	int reason_w[16], nreasons;      /* ... and of the complaint reasons */
	int64_t invoice_no, credit_no;
	long id_base;
	struct csum *sum;
	int32_t *fans;
	size_t nfans, afans;
	char **staff;
	int nstaff, nowners, nservice, nbilling, nmgmt;
	day_t campaign[2 * (DEMO_MAX_YEARS + 2)];
	int ncampaigns;
	struct orow *rows;
	size_t nrows, arows;
	day_t *buys;
	size_t nbuys, abuys;
	struct prom *proms;
	size_t nproms, aproms;
	day_t *days;
	size_t ndays, adays;
};

void demo_opts_default(struct demo_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->seed = 1;
	o->customers = 5000;
	o->years = 6;
	o->orders_per_customer = 30;
	o->end = day_today();
	o->texts = LANG_EN;
}

int demo_opts_check(const struct demo_opts *o, struct err *e)
{
	if (o->customers < 1 || o->customers > DEMO_MAX_CUSTOMERS)
		return err_set(e,
		               L(e->lang, "--customers must be between 1 and %s",
		                 "--customers muss zwischen 1 und %s liegen"),
		               int_format_human(DEMO_MAX_CUSTOMERS, e->lang, (char[32]){0}));
	if (o->years < 1 || o->years > DEMO_MAX_YEARS)
		return err_set(e,
		               L(e->lang, "--years must be between 1 and %d",
		                 "--years muss zwischen 1 und %d liegen"),
		               DEMO_MAX_YEARS);
	if (!(o->orders_per_customer >= 1 &&
	      o->orders_per_customer <= DEMO_MAX_ORDERS_PER_CUSTOMER))
		return err_set(e,
		               L(e->lang, "--orders-per-customer must be between 1 and %d",
		                 "--orders-per-customer muss zwischen 1 und %d liegen"),
		               DEMO_MAX_ORDERS_PER_CUSTOMER);
	if (o->end == DAY_NONE || o->end < day_from_ymd(1990, 1, 1) ||
	    o->end > day_from_ymd(9000, 12, 31))
		return err_set(e,
		               L(e->lang, "the end of the history must lie between 1990 and 9000",
		                 "das Ende der Historie muss zwischen 1990 und 9000 liegen"));
	return 0;
}

/* ---- small helpers ---- */

/* A seed for stream `tag` of item i. */
static uint64_t mix_seed(uint64_t seed, uint64_t tag, uint64_t i)
{
	uint64_t v[3] = {seed, tag, i};
	return hash64(v, sizeof(v), 0x7472657565ULL);
}

static int pick(struct rng *r, int n)
{
	int k = (int)(rng_uniform(r) * n);
	return k < n ? k : n - 1;
}

static int pick_weighted(struct rng *r, const int *w, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += w[i];
	int x = pick(r, total);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

static double clampd(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* Monday = 0 ... Sunday = 6; 1970-01-01 was a Thursday. */
static int weekday(day_t d)
{
	int w = (int)((d + 3) % 7);
	return w < 0 ? w + 7 : w;
}

/* The day itself on Monday to Friday, else the Monday after. */
static day_t workday(day_t d)
{
	int w = weekday(d);
	return w == 5 ? d + 2 : w == 6 ? d + 1 : d;
}

/* The day itself on Monday to Friday, else the Friday before. */
static day_t workday_back(day_t d)
{
	int w = weekday(d);
	return w == 5 ? d - 1 : w == 6 ? d - 2 : d;
}

/* Workdays (Monday to Friday) numbered from Monday 1970-01-05 = 0; a
 * Saturday or Sunday counts as the Monday after.  Purchases and the other
 * dated records happen on workdays, spread evenly over them. */
static int64_t wd_of(day_t d)
{
	int64_t k = (int64_t)d - 4, wk = k >= 0 ? k / 7 : -((-k + 6) / 7), r = k - wk * 7;
	return wk * 5 + (r < 5 ? r : 5);
}

static day_t day_of_wd(int64_t w)
{
	int64_t wk = w >= 0 ? w / 5 : -((-w + 4) / 5);
	return (day_t)(4 + wk * 7 + (w - wk * 5));
}

/* The workday n workdays after d (n may be fractional or negative). */
static day_t add_workdays(day_t d, double n)
{
	return day_of_wd(wd_of(d) + (int64_t)floor(n));
}

/* A workday in [a, b], uniformly, and not after the history's end. */
static day_t day_between(const struct gen *g, struct rng *r, day_t a, day_t b)
{
	int64_t wa = wd_of(a), wb = wd_of(workday_back(b));
	if (wb < wa)
		wb = wa;
	day_t d = day_of_wd(wa + (int64_t)(rng_uniform(r) * (double)(wb - wa + 1)));
	return d > g->last_workday ? g->last_workday : d;
}

static const char *text(const struct gen *g, const struct demo_t2 *t)
{
	return g->o->texts == LANG_DE ? t->de : t->en;
}

static const char *pool_pick(const struct gen *g, struct rng *r, const struct demo_pool *p)
{
	return text(g, &p->v[pick(r, p->n)]);
}

static const char *word_pick(struct rng *r, const struct demo_words *w)
{
	return w->v[pick(r, w->n)];
}

static void format_id(const struct gen *g, long i, char buf[static 24])
{
	snprintf(buf, 24, "K%ld", g->id_base + i + 1);
}

/* ---- the staff: account managers, service, billing, management ---- */

static void make_staff(struct gen *g)
{
	struct rng r;
	long n = g->o->customers;
	g->nowners = (int)clampd((double)n / 350.0, 6, 300);
	g->nservice = (int)clampd(g->nowners / 2, 4, 150);
	g->nbilling = (int)clampd(g->nowners / 4, 3, 80);
	g->nmgmt = 2;
	g->nstaff = g->nowners + g->nservice + g->nbilling + g->nmgmt;
	g->staff = xcalloc((size_t)g->nstaff, sizeof(*g->staff));
	rng_seed(&r, mix_seed(g->o->seed, 1, 0));
	for (int i = 0; i < g->nstaff; i++) {
		char buf[96];
		for (int tries = 0;; tries++) {
			snprintf(
			    buf, sizeof(buf), "%s%s %s", i >= g->nstaff - g->nmgmt ? "Dr. " : "",
			    word_pick(&r, &demo_first_names), word_pick(&r, &demo_surnames_de));
			int dup = 0;
			for (int k = 0; k < i && !dup; k++)
				dup = !strcmp(g->staff[k], buf);
			if (!dup || tries > 50)
				break;
		}
		g->staff[i] = xstrdup(buf);
	}
}

/* A number from the customer and a day that draws nothing from the
 * random streams (the follow-ups and complaint owners came later: the
 * rest of the demo stays as it was). */
static uint64_t mark_of(const struct cust *c, day_t d, uint64_t salt)
{
	uint64_t v = hash64(c->id, strlen(c->id), salt);
	return hash64(&d, sizeof(d), v);
}

static const char *staff_of(const struct gen *g, struct rng *r, enum touchpoint tp, int owner)
{
	int base = g->nowners;
	switch (tp) {
	case TP_SALES: return g->staff[owner];
	case TP_SERVICE: return g->staff[base + pick(r, g->nservice)];
	case TP_BILLING: return g->staff[base + g->nservice + pick(r, g->nbilling)];
	case TP_MANAGEMENT: return g->staff[g->nstaff - g->nmgmt + pick(r, g->nmgmt)];
	default: return g->staff[pick(r, g->nstaff)];
	}
}

/* ---- who the customer is ---- */

/* The day a customer at quantile q of the acquisition order was won. */
static day_t acquisition_day(const struct gen *g, double q)
{
	int64_t w0 = wd_of(g->start);
	if (q < PRE_SHARE) {
		double f = q / PRE_SHARE;
		return day_of_wd(w0 - 1 - (int64_t)(pow(1.0 - f, 1.4) * PRE_YEARS * 261.0));
	}
	double f = (q - PRE_SHARE) / (1.0 - PRE_SHARE);
	int64_t span = wd_of(g->last_workday) - w0 - 15;
	return day_of_wd(w0 + (int64_t)(f * (double)(span > 0 ? span : 0)));
}

/*
 * Draws everything about customer i that does not depend on its orders.
 * The draws come in a fixed order from the customer's own stream, so the
 * calibration (which looks only at rates and dates) and the generation see
 * the same customers.
 */
static void draw_customer(const struct gen *g, long i, long n, uint64_t seed, struct cust *c)
{
	memset(c, 0, sizeof(*c));
	c->i = i;
	rng_seed(&c->r, mix_seed(seed, 2, (uint64_t)i));
	struct rng *r = &c->r;
	double q = ((double)i + rng_uniform(r)) / (double)n;
	c->acquired = acquisition_day(g, q);
	c->pre = c->acquired < g->start;
	c->prospect = rng_uniform(r) < PROSPECT_SHARE;
	c->english = rng_uniform(r) < ENGLISH_SHARE;
	c->hostage = rng_uniform(r) < HOSTAGE_SHARE;
	c->grudge = !c->hostage && rng_uniform(r) < GRUDGE_SHARE;
	c->g = rng_gamma(r, RATE_SHAPE) / RATE_SHAPE;
	c->p = rng_beta(r, DROP_A, g->drop_b);
	if (c->hostage) {
		c->g = c->g * 2.0 + 0.5;
		c->p *= 0.3;
	}
	/* nu ~ Gamma(q, gamma): E[value] = p gamma / (q - 1) = SPEND_MEAN */
	double gamma_rate = SPEND_MEAN * (SPEND_Q - 1.0) / SPEND_P;
	c->nu = rng_gamma(r, SPEND_Q) / gamma_rate;
	c->margin_rate = 0.15 + 0.25 * rng_beta(r, 2.0, 2.0);
	double zf = clampd(log(c->g), -2.5, 1.5);
	double zd = clampd(c->p / (DROP_A / (DROP_A + g->drop_b)) - 1.0, -1.0, 2.5);
	double s = 7.4 + 0.55 * zf - 0.5 * zd + 1.2 * rng_normal(r);
	if (c->hostage)
		s -= 3.3;
	if (c->grudge)
		s = 0.3 + 2.5 * rng_uniform(r);
	c->sat = clampd(s, 0.0, 10.0);
	if (c->prospect) {
		/* a lead: first contact within the last two years */
		day_t lead = add_workdays(g->last_workday, -7.0 - rng_uniform(r) * 500.0);
		c->acquired = lead < g->start ? workday(g->start) : lead;
		c->pre = 0;
	}
}

/* The first purchase day of a new customer (not a prospect). */
static day_t first_purchase(const struct gen *g, const struct cust *c, double u)
{
	day_t d = add_workdays(c->acquired, u * 8.0);
	return d > g->last_workday ? g->last_workday : d;
}

/* Expected purchases of c at rate scale s (BG/NBD: (1 - e^{-lambda p t}) / p
 * repeat purchases up to t; time in workdays). */
static double expected_purchases(const struct gen *g, const struct cust *c, double s)
{
	double lam = c->g * s, p = c->p;
	int64_t end = wd_of(g->last_workday);
	if (c->pre) {
		double x = (1.0 - exp(-lam * p * (double)(end - wd_of(g->start)))) / p;
		return x < 1.0 ? 1.0 : x;
	}
	double t = (double)(end - wd_of(first_purchase(g, c, 0.5)));
	return 1.0 + (1.0 - exp(-lam * p * (t > 0 ? t : 0))) / p;
}

/* Finds the rate scale that gives the asked mean number of order rows, on a
 * fixed sample of customers drawn like the real ones. */
static double calibrate(const struct gen *g)
{
	enum { SAMPLE = 4000 };
	struct cust *c = xmalloc(SAMPLE * sizeof(*c));
	int m = 0;
	for (long i = 0; i < SAMPLE; i++) {
		draw_customer(g, i, SAMPLE, 0x63616c6962ULL, &c[m]);
		m += !c[m].prospect;
	}
	double target = g->o->orders_per_customer / (1.0 + SAME_DAY_SHARE + CREDIT_SHARE);
	double lo = log(1e-6), hi = log(20.0);
	for (int it = 0; it < 50; it++) {
		double mid = 0.5 * (lo + hi), sum = 0;
		for (int k = 0; k < m; k++)
			sum += expected_purchases(g, &c[k], exp(mid));
		if (sum / m < target)
			lo = mid;
		else
			hi = mid;
	}
	free(c);
	return exp(0.5 * (lo + hi));
}

static void make_name(struct cust *c)
{
	struct rng *r = &c->r;
	const struct demo_industry *ind = c->ind;
	if (c->english) {
		const char *s = word_pick(r, &demo_surnames_en), *t = ind->trade_en[pick(r, 3)];
		switch (pick(r, 6)) {
		case 0: snprintf(c->name, sizeof(c->name), "%s & Sons Ltd", s); break;
		case 1:
			snprintf(c->name, sizeof(c->name), "%s %s Ltd",
			         word_pick(r, &demo_places_en), t);
			break;
		case 2: snprintf(c->name, sizeof(c->name), "%s %s Inc.", s, t); break;
		case 3:
			snprintf(c->name, sizeof(c->name), "%s & %s %s Ltd", s,
			         word_pick(r, &demo_surnames_en), t);
			break;
		case 4:
			snprintf(c->name, sizeof(c->name), "%s %s plc",
			         word_pick(r, &demo_places_en), t);
			break;
		default: snprintf(c->name, sizeof(c->name), "%s %s Ltd", s, t); break;
		}
		return;
	}
	static const int w[] = {30, 10, 12, 12, 10, 12, 6, 6};
	const char *s = word_pick(r, &demo_surnames_de), *t = ind->trade_de[pick(r, 4)];
	switch (pick_weighted(r, w, (int)ARRAY_SIZE(w))) {
	case 1: snprintf(c->name, sizeof(c->name), "%s & Söhne KG", s); break;
	case 2:
		snprintf(c->name, sizeof(c->name), "%s & %s GmbH & Co. KG", s,
		         word_pick(r, &demo_surnames_de));
		break;
	case 3:
		snprintf(c->name, sizeof(c->name), "%s %s AG", word_pick(r, &demo_places_de), t);
		break;
	case 4: snprintf(c->name, sizeof(c->name), "%s %s e.K.", t, s); break;
	case 5: snprintf(c->name, sizeof(c->name), "%s %s GmbH & Co. KG", s, t); break;
	case 6: snprintf(c->name, sizeof(c->name), "Gebr. %s GmbH", s); break;
	case 7:
		snprintf(c->name, sizeof(c->name), "%s + %s %s GmbH", s,
		         word_pick(r, &demo_surnames_de), t);
		break;
	default: snprintf(c->name, sizeof(c->name), "%s %s GmbH", s, t); break;
	}
}

static int emit_customer(struct gen *g, struct cust *c)
{
	struct rng *r = &c->r;
	c->ind = &demo_industries[pick_weighted(r, g->industry_w, g->nindustries)];
	make_name(c);
	if (c->english)
		c->region = rng_uniform(r) < 0.7 ? DEMO_REGION_INTL : pick(r, demo_regions.n);
	else {
		static const int rw[] = {20, 24, 24, 14, 12, 4, 2, 0};
		c->region = pick_weighted(r, rw, (int)ARRAY_SIZE(rw));
	}
	c->owner = pick(r, g->nowners);
	c->acq_cost = MONEY_NONE;
	double known = c->prospect ? 0.0 : c->pre ? 0.55 : 0.92;
	if (rng_uniform(r) < known) {
		double eur = 150.0 + exp(6.2 + 0.6 * rng_normal(r));
		c->acq_cost = llround(eur * 100.0);
	}
	format_id(g, c->i, c->id);
	struct rec_customer rc = {
	    c->id,
	    c->name,
	    text(g, &c->ind->label),
	    text(g, &demo_regions.v[c->region]),
	    g->staff[c->owner],
	    c->prospect ? DAY_NONE : c->acquired,
	    c->acq_cost,
	};
	g->n->customers++;
	g->n->prospects += c->prospect;
	return g->sink->customer(g->arg, &rc, g->e);
}

/* ---- orders ---- */

static void add_row(struct gen *g, day_t day, int credit, int64_t revenue, int64_t margin)
{
	ALLOC_GROW(g->rows, g->nrows + 1, g->arows);
	struct orow *o = &g->rows[g->nrows];
	o->day = day;
	o->seq = (int)g->nrows;
	o->credit = credit;
	o->revenue = revenue;
	o->margin = margin;
	g->nrows++;
}

static int cmp_row(const void *a, const void *b)
{
	const struct orow *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The purchase days: Poisson purchases at rate lambda per workday, dropout
 * after each repeat purchase with probability p.  Everyone who is no
 * prospect buys at least once. */
static void simulate_purchases(struct gen *g, struct cust *c)
{
	struct rng *r = &c->r;
	double lam = c->g * g->rate_scale;
	int64_t w0 = wd_of(g->start), wend = wd_of(g->last_workday);
	double t;
	int k = 0;
	g->nbuys = 0;
	c->died = 0;
	if (c->pre) {
		t = (double)w0 + rng_exp(r, lam);
		if (t >= (double)(wend + 1))
			t = (double)w0 + rng_uniform(r) * (double)(wend - w0 + 1);
	} else {
		t = (double)wd_of(first_purchase(g, c, rng_uniform(r)));
	}
	for (;;) {
		int64_t w = (int64_t)floor(t);
		if (w > wend)
			break;
		day_t d = day_of_wd(w);
		ALLOC_GROW(g->buys, g->nbuys + 1, g->abuys);
		g->buys[g->nbuys++] = d;
		k++;
		if (k >= MAX_PURCHASES)
			break;
		if ((c->pre || k > 1) && rng_uniform(r) < c->p) {
			c->died = 1;
			break;
		}
		t += rng_exp(r, lam);
	}
	c->first = g->nbuys ? g->buys[0] : DAY_NONE;
	c->last = g->nbuys ? g->buys[g->nbuys - 1] : DAY_NONE;
}

static int64_t margin_of(struct cust *c, int64_t revenue, double tenure)
{
	struct rng *r = &c->r;
	if (rng_uniform(r) < NO_MARGIN_SHARE)
		return MONEY_NONE;
	double rate = c->margin_rate + 0.004 * (tenure < 10 ? tenure : 10) + 0.03 * rng_normal(r);
	return llround((double)revenue * clampd(rate, 0.02, 0.6));
}

/* A document number: the prefix and at least nine digits, R000004711 (by
 * hand, because snprintf would cost a tenth of the time of a CSV run). */
static void doc_no(char buf[static 24], char prefix, int64_t n)
{
	char tmp[24];
	int len = 0, o = 0;
	for (; n > 0 || len < 9; n /= 10)
		tmp[len++] = (char)('0' + n % 10);
	buf[o++] = prefix;
	while (len)
		buf[o++] = tmp[--len];
	buf[o] = '\0';
}

static int emit_orders(struct gen *g, struct cust *c)
{
	struct rng *r = &c->r;
	char oid[24];
	g->nrows = 0;
	for (size_t k = 0; k < g->nbuys; k++) {
		day_t d = g->buys[k];
		double tenure = (d - c->acquired) / 365.0;
		if (rng_uniform(r) < FREE_SHARE) {
			/* a free delivery: no revenue, the goods cost us */
			add_row(g, d, 0, 0, -llround((20.0 + 80.0 * rng_uniform(r)) * 100.0));
			continue;
		}
		double growth = 1.0 + 0.05 * (tenure < 8 ? tenure : 8);
		double z = rng_gamma(r, SPEND_P) / c->nu * growth;
		int64_t rev = llround(z * 100.0);
		if (rev < 500)
			rev = 500 + (int64_t)(rng_uniform(r) * 1000);
		int64_t mar = margin_of(c, rev, tenure);
		add_row(g, d, 0, rev, mar);
		if (rng_uniform(r) < SAME_DAY_SHARE) {
			int64_t rev2 = llround(z * (0.1 + 0.5 * rng_uniform(r)) * 100.0) + 100;
			add_row(g, d, 0, rev2, margin_of(c, rev2, tenure));
		}
		if (rng_uniform(r) < CREDIT_SHARE / (1.0 - FREE_SHARE)) {
			day_t cd = add_workdays(d, 2.0 + rng_uniform(r) * 30.0);
			double frac = rng_uniform(r) < 0.4 ? 1.0 : 0.1 + 0.8 * rng_uniform(r);
			if (cd <= g->end)
				add_row(g, cd, 1, -llround((double)rev * frac),
				        mar == MONEY_NONE ? MONEY_NONE
				                          : -llround((double)mar * frac));
		}
	}
	if (g->nrows > 1)
		qsort(g->rows, g->nrows, sizeof(*g->rows), cmp_row);
	for (size_t k = 0; k < g->nrows; k++) {
		const struct orow *o = &g->rows[k];
		if (o->credit)
			doc_no(oid, 'G', ++g->credit_no);
		else
			doc_no(oid, 'R', ++g->invoice_no);
		struct rec_order ro = {c->id, oid, o->day, o->revenue, o->margin};
		g->n->orders++;
		g->n->credit_notes += o->credit;
		if (g->sink->order(g->arg, &ro, g->e))
			return -1;
	}
	return 0;
}

/* ---- surveys ---- */

static void make_campaigns(struct gen *g)
{
	int y0, y1, m, d;
	day_to_ymd(g->start, &y0, &m, &d);
	day_to_ymd(g->end, &y1, &m, &d);
	g->ncampaigns = 0;
	for (int y = y0; y <= y1; y++) {
		day_t c[2] = {workday(day_from_ymd(y, 3, 10)), workday(day_from_ymd(y, 9, 22))};
		for (int k = 0; k < 2; k++)
			if (c[k] >= g->start && c[k] <= g->end &&
			    g->ncampaigns < (int)ARRAY_SIZE(g->campaign))
				g->campaign[g->ncampaigns++] = c[k];
	}
}

/* Whether the customer bought in the year up to day d. */
static int bought_in_year_before(const struct gen *g, day_t d)
{
	size_t lo = 0, hi = g->nbuys; /* first purchase > d */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (g->buys[mid] <= d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && g->buys[lo - 1] > d - 365;
}

static int tenths(double x)
{
	return (int)lround(clampd(x, 0.0, 10.0) * 10.0);
}

static int emit_surveys(struct gen *g, struct cust *c)
{
	struct rng *r = &c->r;
	for (int k = 0; k < g->ncampaigns; k++) {
		day_t cd = g->campaign[k];
		if (!bought_in_year_before(g, cd))
			continue;
		double prob = cd >= g->end - 730 ? SURVEY_RECENT : SURVEY_OLD;
		if (c->sat >= 9.0 || c->sat <= 3.0)
			prob *= 1.3;
		if (rng_uniform(r) >= prob)
			continue;
		day_t d = add_workdays(cd, rng_uniform(r) * 15.0);
		if (d > g->end)
			continue;
		double s = c->sat + 0.5 * rng_normal(r);
		if (c->died && d > c->last - 150)
			s -= 1.6; /* the mood sinks before they leave */
		s = clampd(s, 0.0, 10.0);
		struct rec_survey rs = {c->id, d, tenths(s), SCORE_NONE, SCORE_NONE, NULL};
		if (rng_uniform(r) >= 0.08)
			rs.recommend =
			    10 * (int)lround(clampd(s + 0.3 + 0.9 * rng_normal(r), 0, 10));
		if (rng_uniform(r) >= 0.15)
			rs.value = tenths(s - 0.3 + 0.8 * rng_normal(r));
		if (rng_uniform(r) < 0.3)
			rs.comment = pool_pick(g, r,
			                       s >= 8.0   ? &demo_comments_good
			                       : s >= 5.0 ? &demo_comments_mid
			                                  : &demo_comments_bad);
		g->n->surveys++;
		if (g->sink->survey(g->arg, &rs, g->e))
			return -1;
	}
	return 0;
}

/* ---- promises ---- */

static void add_promise(struct gen *g, struct cust *c, day_t made, const char *owner)
{
	struct rng *r = &c->r;
	ALLOC_GROW(g->proms, g->nproms + 1, g->aproms);
	struct prom *p = &g->proms[g->nproms];
	p->seq = (int)g->nproms;
	p->made = made;
	p->due = add_workdays(made, 4.0 + rng_uniform(r) * 30.0);
	p->what = pool_pick(g, r, &demo_promises);
	p->owner = owner;
	p->closed = DAY_NONE;
	p->status = PROMISE_OPEN;
	double u = rng_uniform(r), broken = c->sat < 5.0 ? 0.14 : 0.06;
	if (p->due > g->end) {
		/* not due yet: mostly open, some kept early */
		if (u < 0.15 && g->end > made) {
			p->status = PROMISE_KEPT;
			p->closed = day_between(g, r, made, g->end);
		}
	} else if (u < 0.62) {
		p->status = PROMISE_KEPT;
		p->closed = day_between(g, r, made, p->due);
		if (rng_uniform(r) < 0.05)
			p->closed = DAY_NONE; /* kept, no date noted */
	} else if (u < 0.72) {
		p->status = PROMISE_KEPT; /* late */
		p->closed = add_workdays(p->due, 1.0 + rng_uniform(r) * 20.0);
	} else if (u < 0.72 + broken) {
		p->status = PROMISE_BROKEN;
		p->closed = add_workdays(p->due, rng_uniform(r) * 10.0);
	} else if (u < 0.80 + broken) {
		p->status = PROMISE_RENEGOTIATED;
		if (rng_uniform(r) < 0.7)
			p->closed = day_between(g, r, made, p->due);
		else
			p->closed = add_workdays(p->due, 1.0 + rng_uniform(r) * 8.0);
	} else if (p->due < g->end - 120) {
		/* long past due: by now it was kept late or broken */
		p->status = rng_uniform(r) < 0.5 ? PROMISE_KEPT : PROMISE_BROKEN;
		p->closed = add_workdays(p->due, 8.0 + rng_uniform(r) * 45.0);
	}
	if (p->closed != DAY_NONE && p->closed > g->end) {
		/* what would close after the end is still open today */
		p->status = PROMISE_OPEN;
		p->closed = DAY_NONE;
	}
	g->nproms++;
}

static int cmp_prom(const void *a, const void *b)
{
	const struct prom *x = a, *y = b;
	if (x->made != y->made)
		return x->made < y->made ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int emit_promises(struct gen *g, struct cust *c)
{
	if (g->nproms > 1)
		qsort(g->proms, g->nproms, sizeof(*g->proms), cmp_prom);
	for (size_t k = 0; k < g->nproms; k++) {
		const struct prom *p = &g->proms[k];
		struct rec_promise rp = {c->id,    p->made,   p->due,   p->what,
		                         p->owner, p->status, p->closed};
		g->n->promises++;
		if (g->sink->promise(g->arg, &rp, g->e))
			return -1;
	}
	return 0;
}

/* ---- complaints ---- */

static const char *reason_code(const struct demo_reason_text *t)
{
	const char *code = vocab_code(VOCAB_REASON, vocab_index(VOCAB_REASON, t->code));
	return code ? code : "other";
}

static int emit_complaint(struct gen *g, struct cust *c, day_t d, int force_open)
{
	struct rng *r = &c->r;
	const struct demo_reason_text *t =
	    &demo_reason_texts[pick_weighted(r, g->reason_w, g->nreasons)];
	struct rec_complaint rc = {
	    c->id,          d,        reason_code(t), NULL, text(g, &t->desc[pick(r, 2)]),
	    COMPLAINT_OPEN, DAY_NONE, {NULL},         NULL, NULL};
	/* who looks after it: mostly the account manager, else someone in service */
	uint64_t m = mark_of(c, d, 0x636f6d70);
	rc.owner = m % 10 < 7 || !g->nservice
	               ? g->staff[c->owner]
	               : g->staff[g->nowners + (int)(m / 10 % (uint64_t)g->nservice)];
	day_t age = g->end - d;
	double open = age < 21 ? 0.7 : age < 90 ? 0.3 : age < 365 ? 0.06 : 0.02;
	if (c->sat <= 3.0)
		open += 0.25;
	int nwhy = 0;
	if (force_open || rng_uniform(r) < open) {
		nwhy = rng_uniform(r) < 0.4 ? 1 : 0;
	} else {
		day_t res = add_workdays(d, 1.0 + rng_gamma(r, 2.0) * 4.5);
		if (res <= g->end) {
			rc.status = COMPLAINT_RESOLVED;
			rc.resolved_on = res;
			double u = rng_uniform(r);
			nwhy = u < 0.55 ? 5 : u < 0.8 ? 3 : u < 0.9 ? 1 : 0;
			if (nwhy >= 3)
				rc.root_cause = text(g, &t->root);
		}
	}
	for (int k = 0; k < nwhy; k++)
		rc.why[k] = text(g, &t->why[k]);
	g->n->complaints++;
	if (g->sink->complaint(g->arg, &rc, g->e))
		return -1;
	if (rng_uniform(r) < 0.5) {
		day_t made = add_workdays(d, rng_uniform(r) * 3.0);
		if (made <= g->end)
			add_promise(g, c, made, staff_of(g, r, TP_SERVICE, c->owner));
	}
	return 0;
}

static int emit_complaints(struct gen *g, struct cust *c)
{
	struct rng *r = &c->r;
	double h = 0.010 * (1.0 + (c->sat < 7.0 ? (7.0 - c->sat) / 1.5 : 0.0));
	for (size_t k = 0; k < g->nbuys; k++) {
		if (rng_uniform(r) >= h)
			continue;
		day_t d = add_workdays(g->buys[k], 1.0 + rng_uniform(r) * 15.0);
		if (d <= g->end && emit_complaint(g, c, d, 0))
			return -1;
	}
	/* a grudge shows: an open complaint in the last months, while they still buy */
	if (c->grudge && c->last != DAY_NONE && c->last > g->end - 365 && rng_uniform(r) < 0.6) {
		day_t from = c->last > g->end - 120 ? c->last : g->end - 120;
		if (emit_complaint(g, c, day_between(g, r, from, g->end), 1))
			return -1;
	}
	return 0;
}

/* ---- dialogues ---- */

static int cmp_day(const void *a, const void *b)
{
	day_t x = *(const day_t *)a, y = *(const day_t *)b;
	return x < y ? -1 : x > y;
}

static int emit_dialogs(struct gen *g, struct cust *c)
{
	struct rng *r = &c->r;
	day_t a, b;
	double rate;
	int64_t k;
	if (c->prospect) {
		a = c->acquired;
		b = g->end;
		k = 1 + rng_poisson(r, 0.8);
	} else {
		a = c->first;
		b = c->last + 180 < g->end ? c->last + 180 : g->end;
		rate = 0.3 + (c->sat < 5.0 ? 0.2 : 0.0) + (c->nu < 0.0025 ? 0.2 : 0.0);
		k = rng_poisson(r, rate * (b - a + 1) / 365.0);
	}
	if (k > 60)
		k = 60;
	g->ndays = 0;
	for (int64_t j = 0; j < k; j++) {
		ALLOC_GROW(g->days, g->ndays + 1, g->adays);
		g->days[g->ndays++] = day_between(g, r, a, b);
	}
	if (g->ndays > 1)
		qsort(g->days, g->ndays, sizeof(*g->days), cmp_day);
	for (size_t j = 0; j < g->ndays; j++) {
		enum touchpoint tp =
		    c->prospect ? TP_SALES
		                : (enum touchpoint)pick_weighted(
		                      r, touchpoint_weight, (int)ARRAY_SIZE(touchpoint_weight));
		const char *emp = staff_of(g, r, tp, c->owner);
		struct rec_dialog rd = {c->id,
		                        g->days[j],
		                        pool_pick(g, r, &demo_channels),
		                        vocab_code(VOCAB_TOUCHPOINT, (int)tp),
		                        emp,
		                        NULL,
		                        NULL,
		                        NULL,
		                        DAY_NONE};
		/* a third of the recent conversations end with a follow-up date
		 * (older ones were followed up long ago) */
		uint64_t m = mark_of(c, g->days[j], 0x666f6c6c);
		if (g->end - g->days[j] < 60 && m % 3 == 0)
			rd.follow_up = g->days[j] + 7 + (day_t)(m / 3 % 28);
		if (rng_uniform(r) < 0.8)
			rd.support = pool_pick(g, r, &demo_support);
		if (rng_uniform(r) < 0.75)
			rd.improve = pool_pick(g, r, &demo_improve);
		if (rng_uniform(r) < 0.25)
			rd.notes = pool_pick(g, r, &demo_notes);
		g->n->dialogs++;
		if (g->sink->dialog(g->arg, &rd, g->e))
			return -1;
		if (rng_uniform(r) < 0.3)
			add_promise(g, c, g->days[j], emp);
	}
	return 0;
}

/* ---- referrals and departures ---- */

/* A referrer for a customer won on day d: one of the very satisfied
 * customers before it that was buying around d. */
static int emit_referral(struct gen *g, struct cust *c)
{
	struct rng *r = &c->r;
	if (c->pre || rng_uniform(r) >= (c->prospect ? 2 * REFERRED_SHARE : REFERRED_SHARE) ||
	    !g->nfans)
		return 0;
	day_t d = add_workdays(c->acquired, -2.0 - rng_uniform(r) * 30.0);
	for (int tries = 0; tries < 12; tries++) {
		int32_t f = g->fans[pick(r, (int)g->nfans)];
		const struct csum *s = &g->sum[f];
		if (s->first < d && d <= s->last + 90 && d >= g->start) {
			char from[24];
			format_id(g, f, from);
			struct rec_referral rr = {from, c->id, d};
			g->n->referrals++;
			return g->sink->referral(g->arg, &rr, g->e);
		}
	}
	return 0;
}

static int emit_departure(struct gen *g, struct cust *c)
{
	struct rng *r = &c->r;
	if (!c->died || c->last > g->end - 120)
		return 0;
	if (rng_uniform(r) >= (c->sat < 5.0 ? 0.45 : 0.3))
		return 0;
	day_t d = add_workdays(c->last, 40.0 + rng_uniform(r) * 220.0);
	if (d > g->end)
		return 0;
	struct rec_departure rd = {c->id, d, NULL, NULL};
	int elsewhere = rng_uniform(r) < 0.5;
	if (rng_uniform(r) < 0.85)
		rd.reason =
		    pool_pick(g, r, elsewhere ? &demo_departures_elsewhere : &demo_departures_gone);
	if ((elsewhere || !rd.reason) && rng_uniform(r) < 0.7)
		rd.competitor = word_pick(r, &demo_competitors);
	g->n->departures++;
	return g->sink->departure(g->arg, &rd, g->e);
}

/* ---- stories: most weeks bring one ---- */

static int emit_stories(struct gen *g)
{
	struct rng r;
	rng_seed(&r, mix_seed(g->o->seed, 3, 0));
	day_t w = g->start + (7 - weekday(g->start)) % 7; /* first Monday */
	for (; w <= g->end; w += 7) {
		double u = rng_uniform(&r);
		int k = u < 0.15 ? 0 : u < 0.78 ? 1 : 2;
		for (int j = 0; j < k; j++) {
			int tnt = rng_uniform(&r) >= 0.55;
			const struct demo_story_text *t =
			    tnt ? &demo_tnts[pick(&r, demo_tnt_count)]
			        : &demo_extra_miles[pick(&r, demo_extra_mile_count)];
			day_t d = w + (day_t)pick(&r, 5);
			char id[24];
			struct rec_story rs = {d,
			                       text(g, &t->what),
			                       NULL,
			                       g->staff[pick(&r, g->nstaff)],
			                       text(g, &t->situation),
			                       text(g, &t->outcome),
			                       tnt ? STORY_TNT : STORY_EXTRA_MILE};
			if (rng_uniform(&r) < 0.9) {
				for (int tries = 0; tries < 20; tries++) {
					long i = pick(&r, (int)g->o->customers);
					const struct csum *s = &g->sum[i];
					if (s->first != DAY_NONE && s->first <= d &&
					    d <= s->last + 60) {
						format_id(g, i, id);
						rs.customer_id = id;
						break;
					}
				}
			}
			if (d > g->end)
				continue;
			g->n->stories++;
			if (g->sink->story(g->arg, &rs, g->e))
				return -1;
		}
	}
	return 0;
}

/* ---- the run ---- */

static int one_customer(struct gen *g, long i)
{
	struct cust c;
	draw_customer(g, i, g->o->customers, g->o->seed, &c);
	if (emit_customer(g, &c))
		return -1;
	if (emit_referral(g, &c))
		return -1;
	g->nbuys = 0;
	c.first = c.last = DAY_NONE;
	if (!c.prospect) {
		simulate_purchases(g, &c);
		if (emit_orders(g, &c) || emit_surveys(g, &c))
			return -1;
	}
	g->nproms = 0;
	if (emit_dialogs(g, &c))
		return -1;
	if (!c.prospect && emit_complaints(g, &c))
		return -1;
	if (emit_promises(g, &c) || emit_departure(g, &c))
		return -1;
	g->sum[i].first = c.first;
	g->sum[i].last = c.last;
	if (!c.prospect && c.sat >= FAN_SATISFACTION) {
		ALLOC_GROW(g->fans, g->nfans + 1, g->afans);
		g->fans[g->nfans++] = (int32_t)i;
	}
	return 0;
}

int demo_generate(const struct demo_opts *o, const struct demo_sink *sink, void *arg,
                  struct demo_counts *n, struct err *e)
{
	struct gen g;
	int rc = -1;
	memset(n, 0, sizeof(*n));
	if (demo_opts_check(o, e))
		return -1;
	memset(&g, 0, sizeof(g));
	g.o = o;
	g.sink = sink;
	g.arg = arg;
	g.n = n;
	g.e = e;
	g.end = o->end;
	g.last_workday = workday_back(o->end);
	g.start = o->end - o->years * 365 + 1;
	g.id_base = o->customers < 90000 ? 10000 : o->customers < 900000 ? 100000 : 1000000;
	g.sum = xcalloc((size_t)o->customers, sizeof(*g.sum));
	for (; g.nindustries < demo_industry_count && g.nindustries < (int)ARRAY_SIZE(g.industry_w);
	     g.nindustries++)
		g.industry_w[g.nindustries] = demo_industries[g.nindustries].weight;
	for (; g.nreasons < demo_reason_text_count && g.nreasons < (int)ARRAY_SIZE(g.reason_w);
	     g.nreasons++)
		g.reason_w[g.nreasons] = demo_reason_texts[g.nreasons].weight;
	/* more orders per customer means staying longer: the mean number of
	 * purchases before dropping out grows with them */
	g.drop_b = DROP_B * o->orders_per_customer / 30.0;
	make_staff(&g);
	make_campaigns(&g);
	g.rate_scale = calibrate(&g);
	for (long i = 0; i < o->customers; i++) {
		if (one_customer(&g, i))
			goto out;
		if (o->progress && ((i + 1) % 4096 == 0 || i + 1 == o->customers))
			o->progress(o->progress_arg, i + 1, o->customers);
	}
	if (emit_stories(&g))
		goto out;
	rc = 0;
out:
	for (int k = 0; k < g.nstaff; k++)
		free(g.staff[k]);
	free(g.staff);
	free(g.sum);
	free(g.fans);
	free(g.rows);
	free(g.buys);
	free(g.proms);
	free(g.days);
	return rc;
}
