/*
 * demo_store.c — the store sink of the demo generator: every record goes
 * through the store's own store_put_* functions, exactly as an import
 * would write it.  The caller opens and commits the transaction.
 */
#include "demo.h"

static int put_customer(void *arg, const struct rec_customer *r, struct err *e)
{
	return store_put_customer(arg, r, e) < 0 ? -1 : 0;
}

static int put_order(void *arg, const struct rec_order *r, struct err *e)
{
	return store_put_order(arg, r, NULL, NULL, e) < 0 ? -1 : 0;
}

static int put_survey(void *arg, const struct rec_survey *r, struct err *e)
{
	return store_put_survey(arg, r, NULL, NULL, e) < 0 ? -1 : 0;
}

static int put_dialog(void *arg, const struct rec_dialog *r, struct err *e)
{
	return store_put_dialog(arg, r, NULL, NULL, e) < 0 ? -1 : 0;
}

static int put_promise(void *arg, const struct rec_promise *r, struct err *e)
{
	return store_put_promise(arg, r, NULL, NULL, e) < 0 ? -1 : 0;
}

static int put_complaint(void *arg, const struct rec_complaint *r, struct err *e)
{
	return store_put_complaint(arg, r, NULL, NULL, e) < 0 ? -1 : 0;
}

static int put_story(void *arg, const struct rec_story *r, struct err *e)
{
	return store_put_story(arg, r, NULL, NULL, e) < 0 ? -1 : 0;
}

static int put_referral(void *arg, const struct rec_referral *r, struct err *e)
{
	return store_put_referral(arg, r, NULL, NULL, e) < 0 ? -1 : 0;
}

static int put_departure(void *arg, const struct rec_departure *r, struct err *e)
{
	return store_put_departure(arg, r, NULL, NULL, e) < 0 ? -1 : 0;
}

const struct demo_sink demo_store_sink = {
    put_customer,  put_order, put_survey,   put_dialog,    put_promise,
    put_complaint, put_story, put_referral, put_departure,
};
