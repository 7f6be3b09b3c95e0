/*
 * records.c — the JSON writers of the application layer's records that
 * every front end shares (the command line's --format json and the web
 * server's /api/v1/): the customer card, the purchase-model fit, journal
 * lists, the GDPR export, an import's summary and a new entry.  Field names
 * are the contract of docs/API.md; both front ends call these, so they
 * cannot disagree.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "app.h"
#include "ingest.h"
#include "report.h"

static void num_or_null_dec(struct json *j, const char *key, double v, int dec)
{
	json_key(j, key);
	if (isnan(v))
		json_null(j);
	else
		json_double(j, v, dec);
}

static void num_or_null(struct json *j, const char *k, double v)
{
	json_key(j, k);
	if (isfinite(v))
		json_double(j, v, -1);
	else
		json_null(j);
}

void report_card_json(const struct app_customer *card, size_t tl_from, struct strbuf *out,
                      enum lang lang)
{
	const struct cust_fig *f = &card->fig;
	const struct trust *tr = &card->trust;
	const struct bond *bd = &card->bond;
	const struct action_row *act = card->has_action ? &card->action : NULL;
	const struct app_timeline_entry *tl = card->timeline;
	size_t ntl = card->ntimeline;
	struct json j;
	json_init(&j, out, 1);
	json_obj_begin(&j);
	json_key(&j, "customer_id");
	json_str(&j, card->customer_id);
	json_key(&j, "name");
	json_str(&j, card->name);
	json_key(&j, "owner");
	json_str(&j, card->owner);
	json_key(&j, "as_of");
	json_day(&j, card->as_of);
	report_future_json(&j, &card->fut);
	json_key(&j, "segment");
	json_str(&j, segment_key[f->segment]);
	json_key(&j, "why");
	json_str(&j, card->why);
	json_key(&j, "orders");
	json_int(&j, f->orders);
	json_key(&j, "revenue");
	json_money(&j, f->rev_p0);
	json_key(&j, "revenue_previous");
	json_money(&j, f->rev_p1);
	json_key(&j, "margin");
	json_money(&j, f->margin_p0);
	json_key(&j, "first_order");
	json_day(&j, f->first);
	json_key(&j, "last_order");
	json_day(&j, f->last);
	json_key(&j, "recency_days");
	if (f->last == DAY_NONE)
		json_null(&j);
	else
		json_int(&j, card->as_of - f->last);
	json_key(&j, "tenure_days");
	if (f->first == DAY_NONE)
		json_null(&j);
	else
		json_int(&j, card->as_of - f->first);
	json_key(&j, "survey_date");
	json_day(&j, f->survey_date);
	json_key(&j, "survey_current");
	json_bool(&j, f->measured);
	num_or_null_dec(&j, "satisfaction", f->sat_n ? fig_sat(f) : NAN, 2);
	num_or_null_dec(&j, "recommend", f->rec_n ? fig_rec(f) : NAN, 2);
	num_or_null_dec(&j, "value", f->val_n ? fig_val(f) : NAN, 2);
	json_key(&j, "referrals");
	json_int(&j, f->referrals);
	json_key(&j, "open_complaints");
	json_int(&j, f->open_complaints);
	num_or_null_dec(&j, "p_alive", card->has_btyd ? card->p_alive : NAN, 4);
	num_or_null_dec(&j, "expected_purchases_52w", card->has_btyd ? card->expected52 : NAN, 4);
	num_or_null_dec(&j, "expected_margin_52w", card->has_btyd ? card->margin52 / 100.0 : NAN,
	                2);
	num_or_null_dec(&j, "expected_margin_horizon",
	                card->has_btyd ? card->margin_h / 100.0 : NAN, 2);
	json_key(&j, "horizon_years");
	json_int(&j, card->horizon);
	json_key(&j, "silent_leaver");
	json_bool(&j, card->silent);
	json_key(&j, "trust");
	json_obj_begin(&j);
	num_or_null_dec(&j, "value", tr->value, 4);
	json_key(&j, "due");
	json_int(&j, tr->due);
	json_key(&j, "honoured");
	json_int(&j, tr->honoured);
	json_key(&j, "broken");
	json_int(&j, tr->broken);
	json_key(&j, "late");
	json_int(&j, tr->late + tr->renegotiated_late);
	json_key(&j, "overdue_open");
	json_int(&j, tr->overdue_open);
	json_obj_end(&j);
	json_key(&j, "bond");
	json_obj_begin(&j);
	num_or_null_dec(&j, "bond", bd->bond, 1);
	num_or_null_dec(&j, "trust", bd->trust, 1);
	num_or_null_dec(&j, "satisfaction", bd->satisfaction, 1);
	num_or_null_dec(&j, "value", bd->value, 1);
	json_obj_end(&j);
	json_key(&j, "action");
	if (act) {
		json_obj_begin(&j);
		json_key(&j, "priority");
		json_int(&j, act->priority);
		json_key(&j, "rank");
		json_int(&j, (int64_t)card->rank);
		json_key(&j, "action");
		json_str(&j, action_text(act->priority, lang));
		json_key(&j, "open_promises");
		json_int(&j, act->open_promises);
		json_key(&j, "overdue_promises");
		json_int(&j, act->overdue_promises);
		json_key(&j, "open_complaints");
		json_int(&j, act->open_complaints);
		json_key(&j, "last_dialog");
		json_day(&j, act->last_dialog);
		json_obj_end(&j);
	} else {
		json_null(&j);
	}
	json_key(&j, "timeline");
	json_arr_begin(&j);
	for (size_t k = tl_from; k < ntl; k++) {
		json_obj_begin(&j);
		json_key(&j, "date");
		json_day(&j, tl[k].date);
		json_key(&j, "kind");
		json_str(&j, tl[k].kind);
		json_key(&j, "text");
		json_str(&j, tl[k].text);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
}

void report_fit_json(const struct app_fit *fit, struct strbuf *out)
{
	int mbg = fit->mbg;
	long holdout = fit->holdout_weeks;
	day_t D = fit->as_of;
	const struct btyd_result *r = &fit->r;
	const struct bgnbd_holdout *ho = &fit->holdout;
	int has_ho = fit->has_holdout;
	const struct bgnbd_fit *f = &r->bgfit;
	struct json j;
	json_init(&j, out, 1);
	json_obj_begin(&j);
	json_key(&j, "model");
	json_str(&j, mbg ? "mbgnbd" : "bgnbd");
	json_key(&j, "as_of");
	json_day(&j, D);
	json_key(&j, "params");
	json_obj_begin(&j);
	num_or_null(&j, "r", f->par.r);
	num_or_null(&j, "alpha", f->par.alpha);
	num_or_null(&j, "a", f->par.a);
	num_or_null(&j, "b", f->par.b);
	json_obj_end(&j);
	json_key(&j, "se");
	json_obj_begin(&j);
	num_or_null(&j, "r", f->se.r);
	num_or_null(&j, "alpha", f->se.alpha);
	num_or_null(&j, "a", f->se.a);
	num_or_null(&j, "b", f->se.b);
	json_obj_end(&j);
	num_or_null(&j, "loglik", f->loglik);
	json_key(&j, "customers");
	json_int(&j, (int64_t)f->n);
	json_key(&j, "repeat_buyers");
	json_int(&j, (int64_t)f->repeat);
	json_key(&j, "evaluations");
	json_int(&j, f->opt.evaluations);
	json_key(&j, "converged");
	json_bool(&j, f->opt.converged);
	json_key(&j, "reason");
	json_str(&j, f->opt.reason);
	json_key(&j, "algorithm");
	json_str(&j, f->opt.algorithm);
	num_or_null(&j, "grad_max", f->opt.grad_max);
	json_key(&j, "gamma_gamma");
	if (r->gg_fitted) {
		json_obj_begin(&j);
		num_or_null(&j, "p", r->ggfit.par.p);
		num_or_null(&j, "q", r->ggfit.par.q);
		num_or_null(&j, "gamma", r->ggfit.par.gamma);
		json_key(&j, "se");
		json_obj_begin(&j);
		num_or_null(&j, "p", r->ggfit.se.p);
		num_or_null(&j, "q", r->ggfit.se.q);
		num_or_null(&j, "gamma", r->ggfit.se.gamma);
		json_obj_end(&j);
		num_or_null(&j, "loglik", r->ggfit.loglik);
		json_key(&j, "customers");
		json_int(&j, (int64_t)r->ggfit.n);
		json_key(&j, "converged");
		json_bool(&j, r->ggfit.opt.converged);
		json_obj_end(&j);
	} else {
		json_null(&j);
	}
	if (has_ho) {
		json_key(&j, "holdout");
		json_obj_begin(&j);
		json_key(&j, "weeks");
		json_int(&j, holdout);
		num_or_null(&j, "expected", ho->expected);
		num_or_null(&j, "expected_unconditional", ho->expected_uncond);
		num_or_null(&j, "actual", ho->actual);
		json_key(&j, "by_calibration_purchases");
		json_arr_begin(&j);
		for (int b = 0; b < BTYD_BUCKETS; b++) {
			char lab[8];
			snprintf(lab, sizeof(lab), b == BTYD_BUCKETS - 1 ? "%d+" : "%d", b & 15);
			json_obj_begin(&j);
			json_key(&j, "x");
			json_str(&j, lab);
			json_key(&j, "customers");
			json_int(&j, (int64_t)ho->bucket_n[b]);
			num_or_null(&j, "expected", ho->bucket_expected[b]);
			num_or_null(&j, "actual", ho->bucket_actual[b]);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
	}
	json_obj_end(&j);
}

void report_import_json(const struct ingest_result *r, struct strbuf *out)
{
	struct json j;
	json_init(&j, out, 0);
	json_obj_begin(&j);
	json_key(&j, "rows");
	json_int(&j, r->rows);
	json_key(&j, "imported");
	json_int(&j, r->imported);
	json_key(&j, "updated");
	json_int(&j, r->updated);
	json_key(&j, "already_present");
	json_int(&j, r->present);
	json_key(&j, "customers_created");
	json_int(&j, r->created);
	json_key(&j, "kept_as_other");
	json_int(&j, r->as_other);
	json_key(&j, "rejected");
	json_int(&j, r->rejected);
	json_obj_end(&j);
}

void report_entry_json(const char *kind, int64_t id, const char *customer_id,
                       const char *to_customer, struct strbuf *out)
{
	struct json j;
	json_init(&j, out, 0);
	json_obj_begin(&j);
	json_key(&j, "kind");
	json_str(&j, kind);
	if (id) {
		json_key(&j, "id");
		json_int(&j, id);
	}
	json_key(&j, "customer_id");
	if (customer_id)
		json_str(&j, customer_id);
	else
		json_null(&j);
	if (to_customer) {
		json_key(&j, "to_customer");
		json_str(&j, to_customer);
	}
	json_obj_end(&j);
}

void report_agenda_json(const struct app_agenda *r, struct strbuf *out)
{
	struct json j;
	json_init(&j, out, 1);
	json_obj_begin(&j);
	json_key(&j, "as_of");
	json_day(&j, r->as_of);
	json_key(&j, "journal_as_of");
	json_day(&j, r->to);
	json_key(&j, "today");
	json_day(&j, r->today);
	json_key(&j, "due_until");
	json_day(&j, r->until);
	json_key(&j, "days");
	json_int(&j, r->days);
	json_key(&j, "per_priority");
	json_int(&j, r->per_priority);
	json_key(&j, "dialog_days");
	json_int(&j, r->dialog_days);
	json_key(&j, "revenue_at_stake");
	json_str(&j, "P0+P1");
	json_key(&j, "silent_leavers_available");
	json_bool(&j, r->silent_ok);
	report_future_json(&j, &r->fut);
	json_key(&j, "sections");
	json_arr_begin(&j);
	for (size_t k = 0; k < r->nsections; k++) {
		const struct app_agenda_section *s = &r->sections[k];
		json_obj_begin(&j);
		json_key(&j, "owner");
		json_str(&j, s->owner);
		json_key(&j, "team");
		json_obj_begin(&j);
		json_key(&j, "customers");
		json_int(&j, s->customers);
		json_key(&j, "promises_due");
		json_int(&j, s->promises_due);
		json_key(&j, "promises_honoured");
		json_int(&j, s->promises_honoured);
		json_key(&j, "open_complaints");
		json_int(&j, s->open_complaints);
		json_key(&j, "dialogs_this_month");
		json_int(&j, s->dialogs_month);
		json_key(&j, "silent_leavers");
		json_int(&j, s->silent_leavers);
		json_obj_end(&j);
		json_key(&j, "priorities");
		json_arr_begin(&j);
		for (int p = 1; p <= 6; p++) {
			json_obj_begin(&j);
			json_key(&j, "priority");
			json_int(&j, p);
			json_key(&j, "customers");
			json_int(&j, s->priority_total[p]);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_key(&j, "calls");
		json_arr_begin(&j);
		for (size_t i = 0; i < s->ncalls; i++) {
			const struct app_agenda_call *c = &s->calls[i];
			json_obj_begin(&j);
			json_key(&j, "priority");
			json_int(&j, c->priority);
			json_key(&j, "customer_id");
			json_str(&j, c->customer_id);
			json_key(&j, "name");
			json_str(&j, c->name);
			json_key(&j, "segment");
			json_str(&j, segment_key[c->segment]);
			json_key(&j, "silent");
			json_bool(&j, c->silent);
			json_key(&j, "revenue_at_stake");
			json_money(&j, c->at_stake);
			json_key(&j, "revenue");
			json_money(&j, c->revenue);
			json_key(&j, "why");
			json_str(&j, c->why);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_key(&j, "promises");
		json_arr_begin(&j);
		for (size_t i = 0; i < s->npromises; i++) {
			const struct app_agenda_promise *p = &s->promises[i];
			json_obj_begin(&j);
			json_key(&j, "id");
			json_int(&j, p->id);
			json_key(&j, "customer_id");
			json_str(&j, p->customer_id);
			json_key(&j, "name");
			json_str(&j, p->name);
			json_key(&j, "what");
			json_str(&j, p->what);
			json_key(&j, "made_on");
			json_day(&j, p->made_on);
			json_key(&j, "due_on");
			json_day(&j, p->due_on);
			json_key(&j, "overdue");
			json_bool(&j, p->overdue);
			json_key(&j, p->overdue ? "days_late" : "days_until_due");
			json_int(&j, p->days);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_key(&j, "complaints");
		json_arr_begin(&j);
		for (size_t i = 0; i < s->ncomplaints; i++) {
			const struct app_agenda_complaint *x = &s->complaints[i];
			json_obj_begin(&j);
			json_key(&j, "id");
			json_int(&j, x->id);
			json_key(&j, "customer_id");
			json_str(&j, x->customer_id);
			json_key(&j, "name");
			json_str(&j, x->name);
			json_key(&j, "date");
			json_day(&j, x->date);
			json_key(&j, "age_days");
			json_int(&j, x->age);
			json_key(&j, "reason");
			json_str(&j, x->reason);
			json_key(&j, "description");
			json_str(&j, x->description);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_key(&j, "follow_ups");
		json_arr_begin(&j);
		for (size_t i = 0; i < s->nfollow_ups; i++) {
			const struct app_agenda_follow_up *f = &s->follow_ups[i];
			json_obj_begin(&j);
			json_key(&j, "customer_id");
			json_str(&j, f->customer_id);
			json_key(&j, "name");
			json_str(&j, f->name);
			json_key(&j, "dialog_date");
			json_day(&j, f->dialog);
			json_key(&j, "follow_up");
			json_day(&j, f->follow_up);
			json_key(&j, "late");
			json_bool(&j, f->late);
			json_key(&j, f->late ? "days_late" : "days_until_due");
			json_int(&j, f->days);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_key(&j, "quiet_total");
		json_int(&j, (int64_t)s->quiet_total);
		json_key(&j, "quiet");
		json_arr_begin(&j);
		for (size_t i = 0; i < s->nquiet; i++) {
			const struct app_agenda_quiet *q = &s->quiet[i];
			json_obj_begin(&j);
			json_key(&j, "customer_id");
			json_str(&j, q->customer_id);
			json_key(&j, "name");
			json_str(&j, q->name);
			json_key(&j, "segment");
			json_str(&j, segment_key[q->segment]);
			json_key(&j, "last_dialog");
			json_day(&j, q->last_dialog);
			json_key(&j, "days_since");
			if (q->days_since < 0)
				json_null(&j);
			else
				json_int(&j, q->days_since);
			json_key(&j, "revenue");
			json_money(&j, q->revenue);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	sb_addch(out, '\n');
}
