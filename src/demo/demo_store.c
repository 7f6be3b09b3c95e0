/*
 * demo_store.c — the store sink of the demo generator: every record goes
 * through the store's own store_put_* functions, exactly as an import
 * would write it, the orders through one batch (store_orders_*) as an
 * import of an orders file does.  The caller opens and commits the
 * transaction.
 */
#include "demo.h"

struct sink {
	struct store *st;
	struct store_orders *orders;
};

static int put_customer(void *arg, const struct rec_customer *r, struct err *e)
{
	struct sink *k = arg;
	return store_put_customer(k->st, r, e) < 0 ? -1 : 0;
}

static int put_order(void *arg, const struct rec_order *r, struct err *e)
{
	struct sink *k = arg;
	return store_orders_put(k->orders, r, NULL, e);
}

static int put_survey(void *arg, const struct rec_survey *r, struct err *e)
{
	return store_put_survey(((struct sink *)arg)->st, r, NULL, NULL, e) < 0 ? -1 : 0;
}

static int put_dialog(void *arg, const struct rec_dialog *r, struct err *e)
{
	return store_put_dialog(((struct sink *)arg)->st, r, NULL, NULL, e) < 0 ? -1 : 0;
}

static int put_promise(void *arg, const struct rec_promise *r, struct err *e)
{
	return store_put_promise(((struct sink *)arg)->st, r, NULL, NULL, e) < 0 ? -1 : 0;
}

static int put_complaint(void *arg, const struct rec_complaint *r, struct err *e)
{
	return store_put_complaint(((struct sink *)arg)->st, r, NULL, NULL, e) < 0 ? -1 : 0;
}

static int put_story(void *arg, const struct rec_story *r, struct err *e)
{
	return store_put_story(((struct sink *)arg)->st, r, NULL, NULL, e) < 0 ? -1 : 0;
}

static int put_referral(void *arg, const struct rec_referral *r, struct err *e)
{
	return store_put_referral(((struct sink *)arg)->st, r, NULL, NULL, e) < 0 ? -1 : 0;
}

static int put_departure(void *arg, const struct rec_departure *r, struct err *e)
{
	return store_put_departure(((struct sink *)arg)->st, r, NULL, NULL, e) < 0 ? -1 : 0;
}

static const struct demo_sink store_sink = {
    put_customer,  put_order, put_survey,   put_dialog,    put_promise,
    put_complaint, put_story, put_referral, put_departure,
};

int demo_into_store(const struct demo_opts *o, struct store *st, struct demo_counts *n,
                    struct err *e)
{
	struct sink k = {st, NULL};
	struct store_orders_counts c = {0};
	if (store_orders_begin(st, &k.orders, e))
		return -1;
	if (demo_generate(o, &store_sink, &k, n, e)) {
		store_orders_abort(k.orders);
		return -1;
	}
	return store_orders_end(k.orders, NULL, NULL, &c, e);
}
