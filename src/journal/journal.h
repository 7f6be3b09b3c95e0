/*
 * journal.h — the relationship journal: the kinds of entries (dialogues,
 * promises, complaints, stories, referrals, departures, surveys), the
 * validation of what people type, and the four journal reports (feedback,
 * stories, promises, cadence).
 *
 * Each report has three layers, so that every output shares one result:
 *   journal_X_load()     reads the rows of the period from the store;
 *   journal_X_compute()  a pure function from those rows to a result struct;
 *   journal_X_write()    renders the result as text, JSON or CSV.
 * Results own their strings (a pool each), so the input may be released
 * first.  The application layer (src/app) runs load and compute for a
 * request; the front end picks the writer.
 *
 * Reference date: a journal report covers the entries dated before D, where
 * D is --as-of, else tomorrow (so everything recorded today counts).  "Today"
 * in the reports is D − 1, the last day covered.
 *
 * Texts: every user-facing string is L(lang, "English", "Deutsch"); JSON keys and
 * CSV headers are English and stable.  Stored codes (touchpoint, reason,
 * status, kind) are the canonical English codes of SPEC §2.
 */
#ifndef TREUE_JOURNAL_H
#define TREUE_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "store.h"
#include "util.h"
#include "vocab.h"

#define JOURNAL_TEXT_MAX 65536 /* bytes of one text field */
#define JOURNAL_WHYS 5         /* ask "why" at most five times */

/* ---- string pool: the strings a loaded row set or a result owns ---- */
struct jpool {
	char **v;
	size_t n, alloc;
};
/* Copies s into the pool; NULL stays NULL. */
const char *jpool_dup(struct jpool *p, const char *s);
void jpool_release(struct jpool *p);

/* ---- kinds of entries ---- */
enum journal_kind {
	JK_DIALOG,
	JK_PROMISE,
	JK_COMPLAINT,
	JK_STORY,
	JK_REFERRAL,
	JK_DEPARTURE,
	JK_SURVEY,
	JK__COUNT
};
/* The table (and JSON) name of each kind: "dialog", "promise", ... */
extern const char *const journal_kind_name[JK__COUNT];
/* Finds a kind by any spelling the vocabulary accepts for it (singular or
 * plural, English or German: "dialog", "Dialogues", "Kundengespräche",
 * "Versprechen", ...); -1 when unknown or not a journal kind ("orders"). */
int journal_kind_parse(const char *s);
/* The kind's name for people ("dialogue" / "Kundengespräch"). */
const char *journal_kind_label(enum journal_kind k, enum lang lang);

/* ---- validation: each returns 0, or -1 with e->msg in e->lang ----
 * The words are those of the vocabulary (vocab.h): every spelling import
 * accepts is accepted here, and an unknown word's error lists the valid
 * words in the request's language. */

/* A touchpoint (sales, Vertrieb, Technik, Innendienst, ...); *canon is the code. */
int journal_touchpoint_parse(const char *s, const char **canon, struct err *e);
/* A touchpoint code for people; "" (none given) says so; unknown codes as is. */
const char *journal_touchpoint_label(const char *code, enum lang lang);
/* A score 0–10 with at most one decimal ("8", "8.5", "8,5") into tenths. */
int journal_score_parse(const char *s, int *tenths, struct err *e);
/* Tenths as "8.5" / "10" (dot always: machine and text alike); "" for SCORE_NONE. */
char *journal_score_format(int tenths, char buf[static 8]);
/* extra_mile (Extrameile, Extra-Meile, ...) or tnt (Kleinigkeit, ...). */
int journal_story_kind_parse(const char *s, enum story_kind *k, struct err *e);
/* A complaint reason by code, label or synonym; *code is its code. */
int journal_reason_parse(const char *s, const char **code, struct err *e);
/* The wording of a reason code for people; unknown codes as is. */
const char *journal_reason_label(const char *code, enum lang lang);
/* Promise / complaint status words (eingehalten, erfüllt, nicht
 * eingehalten, neu verhandelt, erledigt, gelöst, ...). */
int journal_promise_status_parse(const char *s, enum promise_status *st, struct err *e);
int journal_complaint_status_parse(const char *s, enum complaint_status *st, struct err *e);
/* A promise cannot fall due before it was made. */
int journal_check_due(day_t made_on, day_t due_on, struct err *e);
/* A closing / resolution date cannot lie before the entry's own date. */
int journal_check_closed(day_t start, day_t closed, struct err *e);
/* Appends `add` at the first free place of why[]; a sixth why is an error
 * (and leaves why[] unchanged).  Empty whys are refused. */
int journal_whys_append(const char *why[JOURNAL_WHYS], const char *add, struct err *e);
/* Number of whys given (they are always filled from the first place on). */
int journal_whys_count(const char *const why[JOURNAL_WHYS]);
/* A text field: valid UTF-8, at most JOURNAL_TEXT_MAX bytes, no NUL. */
int journal_text_check(const char *field, const char *s, struct err *e);
/* An ISO week "2026-W47" (also "2026-w47", "2026W47") into [monday, monday+7). */
int journal_week_parse(const char *s, day_t *monday, struct err *e);

/* How a promise stood at D, and whether a dialogue is due, are the loyalty
 * model's rules (model_promise_state, model_dialog_due in model.h): the
 * journal reports and the action list share them. */

/* ---- recurring words ---- */
struct journal_word {
	const char *word; /* lower case, in the result's pool */
	int texts;        /* in how many texts it occurs */
};
/* The words that occur in at least min_texts of the texts, most frequent
 * first (ties by byte order), at most `top`.  Words are split at anything
 * that is not a letter or digit (UTF-8 letters count), folded to lower
 * case (ASCII and German umlauts), and English and German stop words and
 * words shorter than three characters are left out. Returns the number. */
size_t journal_top_words(const char *const *texts, size_t ntexts, size_t top, int min_texts,
                         struct journal_word **out, struct jpool *pool);

/* 1 when w (lower case) is an English or German stop word. */
int journal_is_stop_word(const char *w);
/* 1 when the stop word table is in byte order (a unit test asks). */
int journal_stop_words_sorted(void);

/* ---- output formats (the same values as the CLI's --format) ---- */
enum journal_format { JF_TEXT, JF_JSON, JF_CSV };

/* A count by key (a code or a text grouped case-insensitively). */
struct jr_count {
	const char *key;
	int n;
};

/* ======== report feedback ======== */
struct jr_dialog_in {
	int64_t id;
	day_t date;
	const char *customer_id, *touchpoint, *support, *improve;
};
struct jr_complaint_in {
	int64_t id;
	day_t date;
	const char *reason; /* code */
	int open;           /* status says open */
	day_t resolved_on;  /* DAY_NONE when none */
	const char *root_cause;
};
struct jr_departure_in {
	day_t date;
	const char *reason, *competitor;
};
struct journal_feedback_in {
	day_t from, to; /* the period [from, to) */
	int answers;    /* latest answers shown per touchpoint and question */
	int words;      /* recurring words shown per question */
	struct jr_dialog_in *dialogs;
	size_t ndialogs;
	struct jr_complaint_in *complaints;
	size_t ncomplaints;
	struct jr_departure_in *departures;
	size_t ndepartures;
	struct jpool pool;
};
struct jr_answer {
	int64_t id;
	day_t date;
	const char *customer_id, *text;
};
struct jr_touchpoint {
	const char *touchpoint; /* code; "" when none was given */
	int dialogs, support_n, improve_n;
	struct jr_answer *support, *improve; /* the latest answers, newest first */
	size_t nsupport, nimprove;
};
struct jr_reason {
	const char *code;
	int count, open, resolved;
	double mean_days, median_days; /* to resolution; NAN when none resolved */
};
struct journal_feedback {
	day_t from, to;
	struct future_orders fut; /* orders dated after today (filled by the caller) */
	int dialogs;
	struct jr_touchpoint *tp; /* sales, service, billing, management, other, others, none */
	size_t ntp;
	struct journal_word *words_support, *words_improve;
	size_t nwords_support, nwords_improve;
	int complaints, complaints_open;
	double mean_days, median_days;
	struct jr_reason *reasons; /* most frequent first */
	size_t nreasons;
	struct jr_count *root_causes;
	size_t nroot_causes;
	int departures;
	struct jr_count *departure_reasons, *competitors;
	size_t ndeparture_reasons, ncompetitors;
	struct jpool pool;
};
int journal_feedback_load(struct store *st, struct journal_feedback_in *in, struct err *e);
void journal_feedback_in_release(struct journal_feedback_in *in);
void journal_feedback_compute(const struct journal_feedback_in *in, struct journal_feedback *out);
void journal_feedback_release(struct journal_feedback *r);
void journal_feedback_write(const struct journal_feedback *r, enum journal_format f,
                            struct strbuf *out, enum lang lang);

/* ======== report stories ======== */
struct jr_story_in {
	int64_t id;
	day_t date;
	const char *customer_id, *employee, *what, *situation, *outcome;
	enum story_kind kind;
	const char *name; /* the customer's name (NULL without a customer or name) */
};
struct journal_stories_in {
	day_t to;   /* D: stories dated before it */
	int weeks;  /* ISO weeks shown, ending with the week of D − 1 */
	int latest; /* latest stories told in full */
	struct jr_story_in *stories;
	size_t n;
	struct jpool pool;
};
struct jr_week {
	int year, week;
	day_t monday;
	int stories, tnt;
	struct jr_count *employees; /* stories per employee this week, by name */
	size_t nemployees;
};
struct journal_stories {
	day_t from, to;
	struct future_orders fut; /* orders dated after today (filled by the caller) */
	struct jr_week *weeks;    /* oldest first */
	size_t nweeks;
	int weeks_without;
	int stories, extra_mile, tnt;
	struct jr_count *employees; /* per employee over the period, most first */
	size_t nemployees;
	struct jr_story_in *latest; /* newest first */
	size_t nlatest;
	struct jpool pool;
};
/* Sets in->from-dependent fields itself: loads the stories of the weeks. */
int journal_stories_load(struct store *st, struct journal_stories_in *in, struct err *e);
void journal_stories_in_release(struct journal_stories_in *in);
/* The first day of the period: Monday of the week of to − 1, weeks − 1 back. */
day_t journal_stories_from(day_t to, int weeks);
void journal_stories_compute(const struct journal_stories_in *in, struct journal_stories *out);
void journal_stories_release(struct journal_stories *r);
void journal_stories_write(const struct journal_stories *r, enum journal_format f,
                           struct strbuf *out, enum lang lang);

/* ======== report promises ======== */
struct jr_promise_in {
	int64_t id;
	const char *customer_id, *name, *owner,
	    *what; /* owner: the promise's, else the account manager's */
	day_t made_on, due_on, closed_on;
	enum promise_status status;
	int64_t key; /* the customer's store key */
};
struct journal_promises_in {
	day_t to;        /* D: each promise as it stood at D (model_promise_state) */
	int within;      /* due soon: open, due from D up to today + within (today = D - 1) */
	day_t rate_from; /* rates over promises due in [rate_from, D) */
	struct jr_promise_in *promises;
	size_t n;
	struct jpool pool;
};
struct jr_rate {
	const char *key, *name; /* owner, or customer_id and name */
	int due, kept_on_time, kept_late, renegotiated_in_time, renegotiated_late, broken, overdue;
};
/* kept on time / due and honoured / due; NAN when nothing fell due. */
double jr_rate_on_time(const struct jr_rate *r);
double jr_rate_honoured(const struct jr_rate *r);
/* Days shown: an overdue promise is D − due_on days late (due on D − 1: one
 * day); one due soon is due in due_on − today days (today = D − 1). */
struct journal_promises {
	day_t to, today, soon_until, rate_from;
	struct future_orders fut; /* orders dated after today (filled by the caller) */
	struct jr_promise_in *due_soon, *overdue; /* by due date */

	size_t ndue_soon, noverdue;
	struct jr_rate total;
	struct jr_rate *owners; /* by owner */
	size_t nowners;
	struct jr_rate *customers; /* least honoured first */
	size_t ncustomers;
	struct jpool pool;
};
int journal_promises_load(struct store *st, struct journal_promises_in *in, struct err *e);
void journal_promises_in_release(struct journal_promises_in *in);
void journal_promises_compute(const struct journal_promises_in *in, struct journal_promises *out);
void journal_promises_release(struct journal_promises *r);
void journal_promises_write(const struct journal_promises *r, enum journal_format f,
                            struct strbuf *out, enum lang lang);

/* ======== report cadence ======== */
/*
 * What the journal needs from the loyalty model: the segment of a customer
 * (store key) at reference date d — "apostle", "loyal", "opportunist",
 * "hostage", "defector", "terrorist", "unmeasured" — or NULL when the
 * customer has none.  The caller that has a model fills it; without one
 * the cadence report lists customers by revenue only.
 */
struct journal_model {
	const char *(*segment)(void *arg, int64_t key, day_t d);
	void *arg;
};
struct jr_cadence_in_row {
	int64_t key;
	const char *customer_id, *name, *owner;
	day_t last_purchase, last_dialog, last_departure; /* DAY_NONE when none */
	int64_t revenue;                                  /* in P0 = [D − window, D), cents */
	const char *segment;                              /* NULL when unknown */
};
struct journal_cadence_in {
	day_t to;      /* D */
	int days;      /* silent: no dialogue for more than this many days (dialog_days) */
	int segmented; /* segments were given */
	struct jr_cadence_in_row *rows;
	size_t n;
	struct jpool pool;
	int window;      /* W: revenue over [D − W, D); 0: 365 */
	int active_days; /* A: customers whose last purchase is before D − A are lapsed and
	                  * left out, like departed ones (model_state); 0: none are */
};
struct jr_cadence_row {
	struct jr_cadence_in_row c; /* strings in the result's pool */
	int days_since; /* since the last dialogue: D − date (model_days_since); -1 when never */
};
struct jr_cadence_group {
	const char *segment; /* NULL: all customers (no segments known) */
	int customers, silent;
	int64_t revenue, silent_revenue;
	size_t first, n; /* its silent rows in rows[] */
};
struct journal_cadence {
	day_t to, today;
	struct future_orders fut; /* orders dated after today (filled by the caller) */
	int days, segmented, window;

	int customers, silent;       /* active customers considered, and the silent ones */
	struct jr_cadence_row *rows; /* silent customers: by group, revenue, customer_id */
	size_t nrows;
	struct jr_cadence_group *groups; /* in action-list order */
	size_t ngroups;
	size_t limit;     /* text output shows at most this many rows per group (0: all) */
	char currency[4]; /* of the amounts in text (the setting `currency`; "" is EUR) */
	struct jpool pool;
};
/* Loads the customers with a purchase before D (not erased, not departed
 * after their last purchase); segments from m when m and m->segment. */
int journal_cadence_load(struct store *st, const struct journal_model *m,
                         struct journal_cadence_in *in, struct err *e);
void journal_cadence_in_release(struct journal_cadence_in *in);
void journal_cadence_compute(const struct journal_cadence_in *in, struct journal_cadence *out);
void journal_cadence_release(struct journal_cadence *r);
void journal_cadence_write(const struct journal_cadence *r, enum journal_format f,
                           struct strbuf *out, enum lang lang);

#endif
