/*
 * journal_load.c — reading the rows of the four journal reports from the
 * store (statements ST_J_R_* of stmt_journal.def) into the input structs
 * of journal_compute.c.  Strings are copied into each input's pool.
 */
#include <stdlib.h>
#include <string.h>

#include "journal.h"

static day_t col_day(struct stmt *s, int col)
{
	return (day_t)col_int_or(s, col, DAY_NONE);
}

static const char *col_dup(struct jpool *p, struct stmt *s, int col)
{
	return jpool_dup(p, col_text(s, col));
}

int journal_feedback_load(struct store *st, struct journal_feedback_in *in, struct err *e)
{
	size_t alloc = 0;
	int rc;
	struct stmt *s = store_stmt(st, ST_J_R_DIALOGS);
	stmt_int(s, 1, in->from);
	stmt_int(s, 2, in->to);
	while ((rc = stmt_step(s, e)) == 1) {
		ALLOC_GROW(in->dialogs, in->ndialogs + 1, alloc);
		struct jr_dialog_in *d = &in->dialogs[in->ndialogs++];
		d->id = col_int(s, 0);
		d->date = col_day(s, 1);
		d->customer_id = col_dup(&in->pool, s, 2);
		d->touchpoint = col_dup(&in->pool, s, 3);
		d->support = col_dup(&in->pool, s, 4);
		d->improve = col_dup(&in->pool, s, 5);
	}
	stmt_reset(s);
	if (rc < 0)
		return -1;
	alloc = 0;
	s = store_stmt(st, ST_J_R_COMPLAINTS);
	stmt_int(s, 1, in->from);
	stmt_int(s, 2, in->to);
	while ((rc = stmt_step(s, e)) == 1) {
		ALLOC_GROW(in->complaints, in->ncomplaints + 1, alloc);
		struct jr_complaint_in *c = &in->complaints[in->ncomplaints++];
		const char *status = col_text(s, 3);
		c->id = col_int(s, 0);
		c->date = col_day(s, 1);
		c->reason = col_dup(&in->pool, s, 2);
		c->open = !status || !strcmp(status, "open");
		c->resolved_on = col_day(s, 4);
		c->root_cause = col_dup(&in->pool, s, 5);
	}
	stmt_reset(s);
	if (rc < 0)
		return -1;
	alloc = 0;
	s = store_stmt(st, ST_J_R_DEPARTURES);
	stmt_int(s, 1, in->from);
	stmt_int(s, 2, in->to);
	while ((rc = stmt_step(s, e)) == 1) {
		ALLOC_GROW(in->departures, in->ndepartures + 1, alloc);
		struct jr_departure_in *d = &in->departures[in->ndepartures++];
		d->date = col_day(s, 0);
		d->reason = col_dup(&in->pool, s, 1);
		d->competitor = col_dup(&in->pool, s, 2);
	}
	stmt_reset(s);
	return rc < 0 ? -1 : 0;
}

void journal_feedback_in_release(struct journal_feedback_in *in)
{
	free(in->dialogs);
	free(in->complaints);
	free(in->departures);
	jpool_release(&in->pool);
	in->dialogs = NULL;
	in->complaints = NULL;
	in->departures = NULL;
	in->ndialogs = in->ncomplaints = in->ndepartures = 0;
}

int journal_stories_load(struct store *st, struct journal_stories_in *in, struct err *e)
{
	size_t alloc = 0;
	int rc;
	struct stmt *s = store_stmt(st, ST_J_R_STORIES);
	stmt_int(s, 1, journal_stories_from(in->to, in->weeks));
	stmt_int(s, 2, in->to);
	while ((rc = stmt_step(s, e)) == 1) {
		ALLOC_GROW(in->stories, in->n + 1, alloc);
		struct jr_story_in *t = &in->stories[in->n++];
		const char *kind = col_text(s, 7);
		t->id = col_int(s, 0);
		t->date = col_day(s, 1);
		t->customer_id = col_dup(&in->pool, s, 2);
		t->employee = col_dup(&in->pool, s, 3);
		t->what = col_dup(&in->pool, s, 4);
		t->situation = col_dup(&in->pool, s, 5);
		t->outcome = col_dup(&in->pool, s, 6);
		t->kind = kind && !strcmp(kind, "tnt") ? STORY_TNT : STORY_EXTRA_MILE;
		t->name = col_dup(&in->pool, s, 8);
	}
	stmt_reset(s);
	return rc < 0 ? -1 : 0;
}

void journal_stories_in_release(struct journal_stories_in *in)
{
	free(in->stories);
	jpool_release(&in->pool);
	in->stories = NULL;
	in->n = 0;
}

static enum promise_status status_of(const char *s)
{
	return (enum promise_status)vocab_index_or(VOCAB_PROMISE_STATUS, s, PROMISE_OPEN);
}

int journal_promises_load(struct store *st, struct journal_promises_in *in, struct err *e)
{
	size_t alloc = 0;
	int rc;
	struct stmt *s = store_stmt(st, ST_J_R_PROMISES);
	stmt_int(s, 1, in->rate_from);
	stmt_int(s, 2, in->to);
	while ((rc = stmt_step(s, e)) == 1) {
		ALLOC_GROW(in->promises, in->n + 1, alloc);
		struct jr_promise_in *p = &in->promises[in->n++];
		p->id = col_int(s, 0);
		p->customer_id = col_dup(&in->pool, s, 1);
		p->name = col_dup(&in->pool, s, 2);
		p->owner = col_dup(&in->pool, s, 3);
		p->what = col_dup(&in->pool, s, 4);
		p->made_on = col_day(s, 5);
		p->due_on = col_day(s, 6);
		p->closed_on = col_day(s, 7);
		p->status = status_of(col_text(s, 8));
		p->key = col_int(s, 9);
	}
	stmt_reset(s);
	return rc < 0 ? -1 : 0;
}

void journal_promises_in_release(struct journal_promises_in *in)
{
	free(in->promises);
	jpool_release(&in->pool);
	in->promises = NULL;
	in->n = 0;
}

int journal_cadence_load(struct store *st, const struct journal_model *m,
                         struct journal_cadence_in *in, struct err *e)
{
	size_t alloc = 0;
	int rc;
	struct stmt *s = store_stmt(st, ST_J_R_CADENCE);
	in->segmented = m && m->segment;
	stmt_int(s, 1, in->to);
	stmt_int(s, 2, in->to - (in->window > 0 ? in->window : 365));

	while ((rc = stmt_step(s, e)) == 1) {
		ALLOC_GROW(in->rows, in->n + 1, alloc);
		struct jr_cadence_in_row *r = &in->rows[in->n++];
		r->key = col_int(s, 0);
		r->customer_id = col_dup(&in->pool, s, 1);
		r->name = col_dup(&in->pool, s, 2);
		r->owner = col_dup(&in->pool, s, 3);
		r->last_purchase = col_day(s, 4);
		r->revenue = col_int_or(s, 5, 0);
		r->last_dialog = col_day(s, 6);
		r->last_departure = col_day(s, 7);
		r->segment = NULL;
	}
	stmt_reset(s);
	if (rc < 0)
		return -1;
	/* the model is asked after the statement is done, so it may use the store */
	for (size_t i = 0; in->segmented && i < in->n; i++)
		in->rows[i].segment =
		    jpool_dup(&in->pool, m->segment(m->arg, in->rows[i].key, in->to));
	return 0;
}

void journal_cadence_in_release(struct journal_cadence_in *in)
{
	free(in->rows);
	jpool_release(&in->pool);
	in->rows = NULL;
	in->n = 0;
}
