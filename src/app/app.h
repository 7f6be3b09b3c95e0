/*
 * app.h — the application layer: every operation a front end offers (the
 * command line now, the web server next), as calls that take a per-request
 * context and fill result structs.  The front end maps its arguments or
 * form fields onto a call, renders the result with a writer (text, JSON,
 * CSV, later HTML) and turns errors into its own output and status.
 *
 * Rules: no printing, no exit, no globals, no SQL text (statements of the
 * store's table only).  Every call returns 0, or
 *   APP_ERR          something failed (the data, the database, a rule);
 *   APP_BAD_REQUEST  the request itself is malformed (an unknown setting, a
 *                    --set without "="): a usage error at the command
 *                    line, a 400 on the web;
 * with `e` filled, in e->lang.  Texts in results are in ctx->lang.  Results
 * own their memory; each has a release function that also accepts a
 * zeroed struct.
 *
 * Threads: calls on different contexts (different store connections) may
 * run at the same time; a loaded struct app_analysis is read-only and may
 * be shared by any number of them.
 */
#ifndef TREUE_APP_H
#define TREUE_APP_H

#include <stddef.h>
#include <stdint.h>

#include "../demo/demo.h"
#include "../journal/journal.h"
#include "dataset.h"
#include "ingest.h"
#include "model.h"
#include "store.h"
#include "util.h"

enum { APP_ERR = -1, APP_BAD_REQUEST = -2 };

/* What every call receives: one request. */
struct app_ctx {
	struct store *st;  /* the request's connection (one thread at a time) */
	enum lang lang;    /* of the texts in results */
	const char *actor; /* who acts, for the audit trail; NULL: the OS user */
	day_t as_of;       /* the reference date D asked for; DAY_NONE: the call's default */
	day_t today;       /* the request's calendar day (default date of new entries) */
	/* model settings for this request only ("KEY=VALUE"), over those stored */
	const char *const *overrides;
	int noverrides;
	/* the orders dated after today when the caller already knows them (a
	 * loaded analysis of today); NULL: the journal reports look them up */
	const struct future_orders *future;
};

/* The journal's D: as_of, else tomorrow (so that today counts); its
 * "today" is D − 1. */
day_t app_journal_as_of(const struct app_ctx *c);

/* ======== customers ======== */

/* The customer a person names: its id, or an unambiguous start of its name
 * (up to ten candidates are listed when ambiguous).  *key and, when id is
 * not NULL, the customer's id are filled. */
int app_customer_find(const struct app_ctx *c, const char *what, int64_t *key, struct strbuf *id,
                      struct err *e);

/* ======== the analysis: settings, dataset, D ======== */

/* The model settings: the defaults, those stored, then c->overrides
 * (a malformed or unknown override is APP_BAD_REQUEST). */
int app_settings_resolve(const struct app_ctx *c, struct model_settings *set, struct err *e);

struct app_analysis {
	struct model_settings set;
	struct dataset ds;
	day_t today;              /* c->today */
	day_t as_of;              /* c->as_of, else the day after the latest order dated by today */
	struct future_orders fut; /* the orders dated after today (the reports name them) */
	int loaded;
};
/* Settings (app_settings_resolve), the dataset, D and the orders dated
 * after today. */
int app_analysis_load(const struct app_ctx *c, struct app_analysis *a, struct err *e);
/* The orders dated after c->today (c->future when given, else one scan of
 * the orders): what every report names in its warning (SPEC §3). */
int app_future_orders(const struct app_ctx *c, struct future_orders *f, struct err *e);
void app_analysis_release(struct app_analysis *a);

/*
 * Buy-till-you-die at D (see model_btyd) with the parameters stored for
 * the data version, or fitted now and stored (refit: fit even when stored;
 * mbg: MBG/NBD instead of BG/NBD).  A fit that cannot be stored (a
 * read-only database) is not a failure: *note gets why (note->msg is
 * empty otherwise).
 */
int app_purchase_model(const struct app_ctx *c, const struct app_analysis *a, day_t D, int mbg,
                       int score, int refit, struct btyd_result *out, struct err *note,
                       struct err *e);

/* ======== filters: which customers a list shows ======== */

/*
 * --owner, --region, --industry, --segment (NULL: not given).  Owner and
 * region match a start of the name, industry the whole name — case, the
 * spelling of umlauts (ä, ae, Ä), spaces and punctuation ignored; the
 * segment is any word the vocabulary knows for one (at the D of the
 * loyalty result the selection is made with).
 */
struct app_filter {
	const char *owner, *region, *industry, *segment;
};
int app_filter_given(const struct app_filter *f);
/* The filter for people: `account manager "Anna", region "Süd"`. */
const char *app_filter_text(const struct app_filter *f, enum lang lang, struct strbuf *out);
/* 1 when name starts with start in the filters' comparison. */
int app_name_starts(const char *name, const char *start);

struct app_selection {
	uint8_t *keep; /* per customer index: 1 selected; NULL: no filter given (all) */
	size_t nkept;
	int segment;                           /* enum segment, -1: none given */
	char *owner_n, *region_n, *industry_n; /* the values in normal form */
};
/* The owner is matched per entry (a promise's or a complaint's holder),
 * not through the customer's account manager: keep ignores it. */
enum { APP_SEL_NO_OWNER = 1 };
/*
 * The customers of ds that pass f (l: the loyalty result whose segments
 * --segment reads; may be NULL without --segment).  A criterion that
 * matches nobody is APP_ERR naming the known values (extra_owners: more
 * names an owner may match, such as promise holders); so is a
 * combination that selects nobody.  An unknown segment word is
 * APP_BAD_REQUEST.
 */
int app_select(const struct app_ctx *c, const struct dataset *ds, const struct loyalty *l,
               const struct app_filter *f, unsigned flags, const char *const *extra_owners,
               size_t nextra, struct app_selection *s, struct err *e);
void app_selection_release(struct app_selection *s);
static inline int app_selected(const struct app_selection *s, size_t i)
{
	return !s->keep || s->keep[i];
}
/* 1 when the owner filter passes this holder's name (always without one). */
int app_selection_owner(const struct app_selection *s, const char *owner);

/* ======== the loyalty model ======== */

/* The loyalty report at D (l.future filled) with the purchase model it
 * borrows P(alive) from. */
struct app_loyalty {
	struct loyalty l;
	struct btyd_result bt; /* when asked for (bt.ok: available) */
	struct tenure_curve tenure;
	struct err note; /* a problem that did not stop the call */
};
/* btyd_score: -1 without the purchase model, else model_btyd's score;
 * what: APP_TENURE, also the profit-by-tenure curve; APP_COUNTS, the
 * counts alone, without the action list (the Overview's month ends). */
#define APP_TENURE 1
#define APP_COUNTS 2
int app_loyalty(const struct app_ctx *c, const struct app_analysis *a, int btyd_score, int what,
                struct app_loyalty *r, struct err *e);
void app_loyalty_release(struct app_loyalty *r);

/* What delta_points more retention are worth (r->tenure filled too). */
int app_whatif(const struct app_ctx *c, const struct app_analysis *a, double delta_points,
               struct app_loyalty *r, struct whatif *w, struct err *e);

/* Segment movement between from and to (defaults: to = D, from = to − 90;
 * from after to is APP_BAD_REQUEST). */
int app_movement(const struct app_ctx *c, const struct app_analysis *a, day_t from, day_t to,
                 struct movement *m, struct err *e);

/* `treue fit`: the purchase model fitted (and stored) at D — with
 * holdout_weeks, D defaults to that many weeks before the default D and
 * the fit is checked against the weeks after D. */
struct app_fit {
	day_t as_of;
	int mbg, holdout_weeks, has_holdout;
	struct btyd_result r;
	struct bgnbd_holdout holdout;
	struct err note;
};
int app_fit(const struct app_ctx *c, const struct app_analysis *a, int mbg, int holdout_weeks,
            struct app_fit *f, struct err *e);
void app_fit_release(struct app_fit *f);

/* `treue bench`: the loyalty computation (and the tenure curve) timed
 * `runs` times on a loaded dataset, as the server holds it. */
struct app_bench {
	int runs;
	double *compute_ms, *tenure_ms; /* per run, sorted ascending */
	struct timing last;             /* each phase's median over the runs */
	size_t order_bytes;             /* held for the order rows */
	size_t dataset_bytes;           /* held for everything */
};
int app_bench(const struct app_ctx *c, const struct app_analysis *a, int runs, struct app_bench *b,
              struct err *e);
void app_bench_release(struct app_bench *b);

/* ======== the account manager's week (treue agenda, the web's My week) ======== */

/*
 * One result for every writer.  Two reference dates: the calls come from
 * the action list at the model's D (as `treue actions`); promises,
 * complaints, follow-ups and the customers nobody spoke to are the
 * journal's, at its D (as `treue report promises` and `report cadence`:
 * --as-of, else tomorrow, so that what was recorded today counts).  With
 * --as-of, or when the latest order is from today, both are one date.
 *
 * Every item belongs to a person: a call, a follow-up and a quiet customer
 * to the customer's account manager; a promise to who holds it, else the
 * account manager; a complaint likewise.  One section per person: the
 * account managers in name order, then others who hold promises or
 * complaints, the items without anyone last (owner "").  Erased customers
 * are left out.
 */
struct app_agenda_call {
	size_t cust; /* the dataset's customer index */
	const char *customer_id, *name;
	int priority, silent;
	int segment;      /* enum segment */
	int64_t at_stake; /* revenue in P0 + P1, cents */
	int64_t revenue;  /* in P0 */
	const char *why;  /* why it is there (model_explain) */
};
struct app_agenda_promise {
	int64_t id;
	const char *customer_id, *name, *what;
	day_t made_on, due_on;
	int overdue; /* open at D and due before it */
	int days;    /* overdue: days late (D − due); else days until due (due − today) */
};
struct app_agenda_complaint {
	int64_t id;
	const char *customer_id, *name, *reason, *description; /* reason: the code */
	day_t date;
	int age; /* days open, counted to D (D − date) */
};
struct app_agenda_follow_up {
	const char *customer_id, *name;
	day_t dialog;    /* the dialogue that set it (the customer's last one) */
	day_t follow_up; /* the date */
	int late;        /* reached: before D */
	int days;        /* late: D − date; else date − today */
};
struct app_agenda_quiet {
	const char *customer_id, *name;
	int segment;       /* enum segment at the journal's D */
	day_t last_dialog; /* DAY_NONE: never */
	int days_since;    /* counted to D; -1: never */
	int64_t revenue;   /* in P0 at the journal's D */
};
struct app_agenda_section {
	const char *owner;             /* "": no account manager */
	int account_manager;           /* the person is the account manager of customers selected */
	int priority_total[7];         /* customers of priority 1..6 on the action list */
	struct app_agenda_call *calls; /* at most per_priority of each priority */
	size_t ncalls;
	struct app_agenda_promise *promises; /* overdue first, then due soon, by due date */
	size_t npromises;
	struct app_agenda_complaint *complaints; /* oldest first */
	size_t ncomplaints;
	struct app_agenda_follow_up *follow_ups; /* by date */
	size_t nfollow_ups;
	struct app_agenda_quiet *quiet; /* most revenue first, at most quiet_limit */
	size_t nquiet, quiet_total;
	/* the team's row: active customers at the model's D, promises due in
	 * the trust window and those honoured (as report promises per owner),
	 * open complaints, dialogues with its customers this month (from the
	 * first of today's month to D), silent leavers among its customers */
	int customers, promises_due, promises_honoured, open_complaints, dialogs_month,
	    silent_leavers;
	int overdue_promises, due_promises;
};
struct app_agenda {
	day_t as_of;      /* the model's D: the calls */
	day_t to, today;  /* the journal's D and its today (D − 1) */
	day_t until;      /* promises and follow-ups due up to here (today + days) */
	day_t month_from; /* first day of today's month */
	day_t rate_from;  /* the trust window: [to − stale_days, to) */
	int days, per_priority, dialog_days, window;
	char currency[4]; /* of the amounts (the setting `currency`) */
	int silent_ok;    /* a purchase model was available (silent leavers in priority 1) */
	struct future_orders fut;
	struct app_agenda_section *sections;
	size_t nsections;
	struct jpool pool;
	struct err note; /* a problem that did not stop the call */
};
struct app_agenda_in {
	int days;         /* promises and follow-ups due within so many days (7) */
	int per_priority; /* calls of each priority; 0: the setting agenda_per_priority */
	size_t quiet;     /* customers nobody spoke to, per section; 0: all */
	/* the loyalty results of this analysis at its D, scored with the
	 * purchase model (app_loyalty with btyd_score >= 1), when the caller
	 * keeps them (the web's shared view); NULL: computed here */
	const struct app_loyalty *loyalty;
};
/* The agenda of the people f selects (f->owner: whose week; the other
 * criteria narrow the customers).  A filter that matches nobody is an
 * error (see app_select). */
int app_agenda(const struct app_ctx *c, const struct app_analysis *a, const struct app_filter *f,
               const struct app_agenda_in *in, struct app_agenda *r, struct err *e);
void app_agenda_release(struct app_agenda *r);

/* ======== the customer card ======== */

struct app_month {
	int year, month; /* 1..12 */
	int32_t orders;  /* purchases (revenue >= 0) dated in the month, before D */
	int64_t revenue; /* every order row of the month before D, cents */
};
struct app_open_promise {
	int64_t id;
	day_t made_on, due_on;
	const char *what, *owner; /* owner NULL when none */
};
struct app_open_complaint {
	int64_t id;
	day_t date;
	const char *reason, *reason_text, *description; /* reason: the code */
	const char *why[JOURNAL_WHYS];                  /* in order, NULL after the last */
};
struct app_timeline_entry {
	day_t date;
	const char
	    *kind;  /* order, survey, dialog, promise, complaint, story, referral, departure */
	char *text; /* in c->lang */
};
struct app_customer {
	char *customer_id, *name, *owner; /* name, owner: "" when none */
	day_t as_of;
	struct future_orders fut; /* the orders dated after today */
	struct cust_fig fig;
	struct trust trust;
	struct bond bond;
	char *why; /* why the customer is in its segment */
	int horizon, dialog_days;
	char currency[4]; /* of the amounts (the setting `currency`) */
	/* the purchase model, when available: this customer's P(alive), its
	 * expected purchases in 52 weeks, the margin expected from it over 52
	 * weeks and over the horizon (discounted), cents */
	int has_btyd, silent;
	double p_alive, expected52, margin52, margin_h;
	/* its row of the action list, when there is one */
	int has_action;
	struct action_row action;
	size_t rank; /* 1-based */
	/* every row about it, merged by date */
	struct app_timeline_entry *timeline;
	size_t ntimeline;
	struct err note;
	/* its purchases per calendar month, from the month of its first order
	 * to the month of D - 1 (none without an order before D) */
	struct app_month *months;
	size_t nmonths;
	/* its promises and complaints open now (whatever D), oldest first */
	struct app_open_promise *open_promises;
	size_t nopen_promises;
	struct app_open_complaint *open_complaints;
	size_t nopen_complaints;
	struct jpool pool; /* their texts */
};
/* The card of the customer with store key `key` (see app_customer_find). */
int app_customer_card(const struct app_ctx *c, const struct app_analysis *a, int64_t key,
                      struct app_customer *card, struct err *e);
void app_customer_release(struct app_customer *card);

/* ======== journal entries: add, close, edit, delete ======== */

/* One entry of any kind, as the store's record API knows it. */
union app_rec {
	struct rec_dialog d;
	struct rec_promise p;
	struct rec_complaint k;
	struct rec_story s;
	struct rec_referral r;
	struct rec_departure x;
	struct rec_survey v;
};

/* One entry being added or changed: the record as it will be stored,
 * its id and customers, and the strings it owns. */
struct app_entry {
	enum journal_kind kind;
	int64_t id;              /* 0 until added */
	int64_t cust, cust2;     /* customer keys (referral: from, to; story: 0 without one) */
	const char *name;        /* the customer's name, as loaded */
	union app_rec r;         /* customer ids resolved */
	int64_t renegotiated_to; /* promises: the follow-up, 0 when none */
	struct jpool pool;
};
void app_entry_release(struct app_entry *en);

/*
 * The fields a person gives for an entry or a customer, as typed: NULL
 * when not given; customers as id or unambiguous name start; codes
 * (touchpoint, reason, status, story kind) and scores in any wording the
 * journal accepts; dates DAY_NONE when not given.  Adding, "" counts as
 * not given; changing, "" clears a text.
 */
struct app_fields {
	const char *customer, *from, *to;
	day_t date, made_on, due, closed_on, resolved_on, acquired_on;
	const char *channel, *touchpoint, *employee, *support, *improve, *notes;
	const char *what, *owner, *status;
	const char *reason, *description, *root_cause;
	const char *const *why; /* the whys, in order */
	int nwhy;
	const char *situation, *outcome, *kind;
	const char *competitor;
	const char *satisfaction, *recommend, *value, *comment;
	const char *id, *name, *industry, *region, *acquisition_cost; /* customers */
	/* dialogues: the follow-up date ("Wiedervorlage"); changing,
	 * clear_follow_up removes it */
	day_t follow_up;
	int clear_follow_up;
	/* complaints, changing: one more why after those recorded (at most
	 * five), without closing it */
	const char *add_why;
};
/* Every field absent (NULL, DAY_NONE).  The owner of a promise or a
 * complaint is who looks after it (absent: the account manager). */
void app_fields_init(struct app_fields *f);

/* A new entry of kind k from the fields: codes parsed, texts checked,
 * customers found (an erased one is refused), dates defaulted to today.
 * Required texts may still be missing (a front end may ask for them and
 * fill en->r before app_entry_add). */
int app_entry_new(const struct app_ctx *c, enum journal_kind k, const struct app_fields *f,
                  struct app_entry *en, struct err *e);
/* Checks the whole entry and records it with its audit entry in one
 * transaction; en->id gets its number.  An identical entry already
 * recorded is an error. */
int app_entry_add(const struct app_ctx *c, struct app_entry *en, struct err *e);

/* Reads entry `id` of kind k (an error when there is none). */
int app_entry_load(const struct app_ctx *c, enum journal_kind k, int64_t id, struct app_entry *en,
                   struct err *e);
/* Applies the fields given to a loaded entry and checks the result
 * (an entry of an erased customer cannot be changed). */
int app_entry_change(const struct app_ctx *c, struct app_entry *en, const struct app_fields *f,
                     struct err *e);
/* Checks the whole entry and writes it back with an audit entry that
 * says what changed. */
int app_entry_update(const struct app_ctx *c, const struct app_entry *en, const char *changed,
                     struct err *e);
/* Deletes the entry (a renegotiated promise's link to it goes too). */
int app_entry_delete(const struct app_ctx *c, const struct app_entry *en, struct err *e);

/* Closing a promise (kept, broken, or renegotiated with a follow-up
 * promise) or a complaint (its root cause, more whys).  on: DAY_NONE is
 * today; a date in the future is refused. */
struct app_close {
	enum promise_status status; /* promises: KEPT, BROKEN or RENEGOTIATED */
	day_t on, new_due;          /* new_due: the follow-up's due date */
	const char *what;           /* the follow-up's text (NULL: the same) */
	const char *root_cause;     /* complaints */
	const char *const *why;
	int nwhy;
};
struct app_closed {
	day_t on;
	int64_t follow_up; /* the renegotiated promise's successor, 0 when none */
	int late;          /* a promise kept after its due date */
	int whys;          /* a complaint's whys */
};
int app_promise_close(const struct app_ctx *c, struct app_entry *en, const struct app_close *how,
                      struct app_closed *out, struct err *e);
int app_complaint_close(const struct app_ctx *c, struct app_entry *en, const struct app_close *how,
                        struct app_closed *out, struct err *e);

/* A new customer (f->id and the customer fields; acquisition_cost like
 * 1234.56).  Refuses an id that exists. */
int app_customer_add(const struct app_ctx *c, const struct app_fields *f, struct err *e);
/* Changes the customer fields given (f->name ...; "" clears); *id gets the
 * customer's id.  `changed` names them for the audit trail. */
int app_customer_change(const struct app_ctx *c, const char *who, const struct app_fields *f,
                        const char *changed, struct strbuf *id, struct err *e);

/* ======== lists: journal entries ======== */

/* The columns of a list: JSON key and CSV header, type, and where the
 * text layout puts it. */
enum app_col_type { CT_INT, CT_DAY, CT_TEXT, CT_SCORE, CT_REASON, CT_TOUCHPOINT, CT_STATUS };
enum app_col_role {
	CR_ID,    /* #id at the start of the head line */
	CR_DATE,  /* the entry's date, on the head line */
	CR_CUST,  /* customer_id, on the head line */
	CR_NAME,  /* customer name, after the id */
	CR_CUST2, /* the other customer (referrals): "→ id" */
	CR_NAME2,
	CR_SHORT, /* "label: value" on the second line */
	CR_LONG   /* "label: text" on a line of its own */
};
struct app_col {
	const char *name;
	enum app_col_type type;
	enum app_col_role role;
	const char *en, *de; /* label in text output */
};
struct app_layout {
	enum journal_kind kind;
	const struct app_col *cols;
	int ncols;
	const char *plural; /* "dialogs", ...: JSON key in the export */
};
extern const struct app_layout app_layouts[JK__COUNT];

/* One cell: NULL in the store (null), a number (CT_INT, CT_DAY, CT_SCORE:
 * num) or a text (text: codes as stored). */
struct app_cell {
	int null;
	int64_t num;
	const char *text;
};
struct app_list {
	const struct app_layout *lay;
	struct app_cell *cells; /* nrows * lay->ncols, row by row */
	size_t nrows;
	char *texts;   /* the cells' texts */
	int64_t *keys; /* per row the customer keys (two: referrals' from, to; 0: none) */
};
static inline const struct app_cell *app_list_cell(const struct app_list *l, size_t row, int col)
{
	return &l->cells[row * (size_t)l->lay->ncols + (size_t)col];
}
void app_list_release(struct app_list *l);

struct app_list_filter {
	const char *customer; /* id or name start; NULL: every customer */
	day_t from, to;       /* dated in [from, to) (promises: due); DAY_NONE: open */
	const char *employee; /* name start (dialogues, stories) */
	/* owner: name start of the account manager (promises, complaints: who
	 * holds it, else the account manager); region, industry, segment: see
	 * struct app_filter */
	const char *owner, *region, *industry, *segment;
	int open;       /* open promises and complaints only */
	int due_within; /* open promises due within so many days of today; -1: any */
	int overdue;    /* overdue at D (model_promise_state): due before D, open at D */
	long limit;     /* 0: all */
};
void app_list_filter_init(struct app_list_filter *f);
/* Newest first (promises by due date).  A filter that matches nobody is
 * an error (see app_select). */
int app_list(const struct app_ctx *c, enum journal_kind k, const struct app_list_filter *f,
             struct app_list *out, struct err *e);

/* ======== the audit trail ======== */

struct app_audit_entry {
	int64_t id, rows;
	const char *at, *who, *action, *detail, *customer_id; /* customer_id NULL: none */
};
struct app_audit {
	struct app_audit_entry *v;
	size_t n;
	struct jpool pool;
};
/* Entries from day `since` (UTC; DAY_NONE: all) about customer `who` (id
 * or name start; NULL: any), oldest first. */
int app_audit_list(const struct app_ctx *c, day_t since, const char *who, struct app_audit *out,
                   struct err *e);
/* The same with more filters: entries from day `since` to day `until`
 * (both UTC, both included; DAY_NONE: open), about `customer` (id or name
 * start; NULL: any), made by `user` (the actor's name, case ignored; NULL:
 * anyone).  Oldest first. */
struct app_audit_filter {
	day_t since, until;
	const char *customer, *user;
};
int app_audit_find(const struct app_ctx *c, const struct app_audit_filter *f, struct app_audit *out,
                   struct err *e);
void app_audit_release(struct app_audit *a);

/* ======== GDPR: export and erase ======== */

struct app_order {
	const char *order_id; /* NULL when none */
	day_t date;
	int64_t revenue, margin; /* margin MONEY_NONE when none */
};
/* Everything held about one customer. */
struct app_export {
	int64_t key;
	const char *customer_id, *name, *industry, *region, *owner;
	day_t acquired_on;
	int64_t acquisition_cost; /* MONEY_NONE when none */
	int erased;
	struct app_order *orders;
	size_t norders;
	struct app_list lists[JK__COUNT]; /* by journal_kind */
	struct app_audit audit;           /* the entries about it */
	struct jpool pool;
};
int app_export(const struct app_ctx *c, const char *who, struct app_export *x, struct err *e);
void app_export_release(struct app_export *x);
/* Audits the export and hands it over in one transaction: deliver (the
 * front end writing the document) runs inside it, and when it fails
 * (returns nonzero, its err filled) nothing is audited.  to_file says so
 * in the audit entry. */
int app_export_deliver(const struct app_ctx *c, const struct app_export *x, int to_file,
                       int (*deliver)(void *arg, struct err *e), void *arg, struct err *e);

/* Whether a front end may write a document (a report, an export) to
 * path, the database being at db: not over one of the database's files,
 * not onto an existing file that is not a regular file (a device, a pipe,
 * a directory).  Needs no open store. */
int app_output_check(const char *db, const char *path, struct err *e);

/* Erasing a customer's personal data: find it (an erased one is refused),
 * then erase — texts deleted, id replaced by a random pseudonym, orders
 * and numbers kept, the snapshot beside the database removed and deleted
 * content purged from the file.  When only the purge fails the erase has
 * happened: APP_ERR with done->erased set. */
struct app_erase {
	int64_t key;
	struct strbuf id, name; /* as they were */
	/* filled by app_erase */
	int erased;
	char pseudonym[24];
	int64_t orders, revenue;
};
int app_erase_find(const struct app_ctx *c, const char *who, struct app_erase *x, struct err *e);
int app_erase(const struct app_ctx *c, struct app_erase *x, struct err *e);
void app_erase_release(struct app_erase *x);

/* ======== settings ======== */

struct app_setting {
	const struct setting_def *def;
	char *value; /* stored, else the default */
};
struct app_settings {
	struct app_setting *v;
	size_t n;
};
/* Every setting (only == NULL) or the one named. */
int app_settings_list(const struct app_ctx *c, const char *only, struct app_settings *out,
                      struct err *e);
void app_settings_release(struct app_settings *s);
/* Stores a setting ("default": back to the default) with its audit entry;
 * an unknown key is APP_BAD_REQUEST, a bad value APP_ERR. */
int app_settings_set(const struct app_ctx *c, const char *key, const char *value, struct err *e);

/* ======== the journal reports ======== */

/* The journal reports read the stored settings (window, stale_days,
 * dialog_days, active_days), without c->overrides. */
struct app_feedback_in {
	day_t since; /* DAY_NONE: D − window */
	int answers, words;
};
int app_report_feedback(const struct app_ctx *c, const struct app_feedback_in *in,
                        struct journal_feedback *r, struct err *e);
int app_report_stories(const struct app_ctx *c, int weeks, int latest, struct journal_stories *r,
                       struct err *e);
/* since: DAY_NONE is D − stale_days (as trust) */
int app_report_promises(const struct app_ctx *c, int within_days, day_t since,
                        struct journal_promises *r, struct err *e);
/* The same over the promises the filter passes (f NULL: all): the owner
 * is who holds a promise, else the account manager; the other criteria
 * are the customer's.  A filter that matches nobody is an error. */
int app_report_promises_for(const struct app_ctx *c, int within_days, day_t since,
                            const struct app_filter *f, struct journal_promises *r, struct err *e);
/* With the customers' segments (the analysis is loaded for it, without
 * c->overrides).  days < 0: the setting dialog_days. */
int app_report_cadence(const struct app_ctx *c, int days, struct journal_cadence *r, struct err *e);
/* The same over the customers the filter passes (f NULL: all). */
int app_report_cadence_for(const struct app_ctx *c, int days, const struct app_filter *f,
                           struct journal_cadence *r, struct err *e);

/* ======== filling the store ======== */

/* The demo data into the store (refused when it holds data, unless
 * force); writing(arg) is called before the transaction commits. */
int app_demo(const struct app_ctx *c, const struct demo_opts *o, int force,
             void (*writing)(void *arg), void *arg, struct demo_counts *n, struct err *e);
/* An import (see ingest_run); c->st may be NULL for a dry run. */
int app_import(const struct app_ctx *c, const struct ingest_opts *o, const char *const *files,
               int nfiles, struct ingest_result *r, struct err *e);

/* ======== what a server computes once per data version ========
 * A server keeps one loaded analysis and one app_loyalty (btyd_score 2,
 * with the tenure curve) per data version and answers many requests from
 * them; these calls take those results instead of computing them again. */

/* The number of the last audit entry (0: none).  A front end that keeps
 * an analysis notes it before loading, for app_analysis_update. */
int app_audit_last(const struct app_ctx *c, int64_t *id, struct err *e);

/*
 * A new analysis after changes.  When every audit entry after `since` is a
 * change of the journal — a dialogue, promise, complaint, story, referral,
 * departure or survey added, changed, closed or deleted — or changes no
 * data (an export, an account), only the journal is read again: the
 * customers and orders are shared with base's dataset (or with the one
 * base shares), which must outlive the new analysis, and *journal_only is
 * 1.  Anything else (an import, a customer changed, an erase, a setting)
 * loads everything, as app_analysis_load.  The check and the journal are
 * read in one transaction, so no other change slips in between.  *last
 * gets the last audit entry the new analysis includes.
 */
int app_analysis_update(const struct app_ctx *c, const struct app_analysis *base, int64_t since,
                        struct app_analysis *out, int64_t *last, int *journal_only, struct err *e);

/* The loyalty results (as app_loyalty) on an analysis whose orders are
 * those prev was computed on (app_analysis_update with *journal_only):
 * prev's purchase-model parameters are reused — the model is fitted on
 * the orders alone — and stored for the new data version; the customers
 * are scored again.  prev's tenure curve (orders and acquired_on alone)
 * is copied when it has one. */
int app_loyalty_after_journal(const struct app_ctx *c, const struct app_analysis *a,
                              const struct app_loyalty *prev, int btyd_score, int what,
                              struct app_loyalty *r, struct err *e);

/* The customer card from loyalty results computed at a->as_of (r from
 * app_loyalty with btyd_score 2; app_customer_card computes them and calls
 * this).  r is only read. */
int app_customer_card_of(const struct app_ctx *c, const struct app_analysis *a,
                         const struct app_loyalty *r, int64_t key, struct app_customer *card,
                         struct err *e);

/* What-if from loyalty results with their tenure curve (app_whatif
 * computes them and calls this). */
void app_whatif_of(const struct app_analysis *a, const struct app_loyalty *r, double delta_points,
                   struct whatif *w);

/* The customers behind one cell of the segment movement between from and
 * to (defaults as app_movement): those in segment (or state) sfrom at
 * `from` and sto at `to`, as customer indexes of a->ds in index order
 * (*idx to be freed; it counts exactly what app_movement counts). */
int app_movement_members(const struct app_ctx *c, const struct app_analysis *a, day_t from,
                         day_t to, int sfrom, int sto, uint32_t **idx, size_t *n, struct err *e);

/* Customer search: every known customer whose id is q, or whose id or name
 * starts with q, compared case-insensitively (ASCII, Latin-1, Latin
 * Extended-A, Greek and Cyrillic letters folded); the exact id first, then
 * id starts, then name starts by name.  At most `limit` customer indexes
 * of a->ds into out[]; returns how many matched in all.  An empty q
 * matches nothing. */
size_t app_customer_search(const struct app_analysis *a, const char *q, uint32_t *out, size_t limit,
                           size_t *n);

#endif
