/*
 * model.h — the loyalty model of SPEC §3 as pure functions over a loaded
 * dataset: who counts at D (prospect, departed, lapsed, active), retention
 * and its history, per-customer figures, segments (apostle model), NPS,
 * satisfaction, trust, bond, the action list with the silent leavers,
 * profit by tenure year, the value of a customer at retention r (what if)
 * and segment movement; and the two rules the journal shares with the
 * action list: a promise's state at D and the days since the last
 * dialogue.  No SQL, no printing, no writable global of its own (the
 * large-block cache of big_alloc, behind a mutex, is shared), no clock:
 * "today" is always a parameter.  Every function fills a result struct
 * that the text, JSON and CSV writers share.
 *
 * Scores are tenths (0..100) throughout, and every comparison with a
 * threshold is made on integer sums (sum >= threshold * count), so that a
 * mean of exactly 7.0 is satisfied and 6.9 is not, with no rounding.
 */
#ifndef TREUE_MODEL_H
#define TREUE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "dataset.h"
#include "util.h"
#include "vocab.h"

/* ---- settings: every threshold, with its default ---- */
struct model_settings {
	int window;              /* W, days: 365 */
	int satisfied_min;       /* tenths: 70 (satisfaction >= 7 is satisfied) */
	int frequent_min_x2;     /* 2 * F when set by the user, 0 = auto (median) */
	int apostle_min;         /* tenths: 90 */
	int terrorist_max;       /* tenths: 30 */
	int stale_days;          /* a survey older than this is stale: 2W = 730 */
	int referral_days;       /* referrals count within this: 2W = 730 */
	int dialog_days;         /* "no dialogue for over N days": 180 */
	int promoter_min;        /* tenths: 90 */
	int detractor_max;       /* tenths: 60 */
	double discount;         /* d: 0.10 */
	int horizon;             /* H years: 10 */
	int active_days;         /* A: last purchase before D - A is lapsed: 2W = 730 */
	int tenure_min;          /* tenure years with fewer active customers are thin: 30 */
	int agenda_per_priority; /* customers of each priority on the agenda: 3 */
	char currency[4];        /* ISO 4217 code of every amount, for text output: "EUR" */
};

struct setting_def {
	const char *key;
	const char *dflt;
	const char *help_en, *help_de;
};
extern const struct setting_def model_setting_defs[];
extern const int model_setting_count;
void model_settings_default(struct model_settings *s);
/* Applies key=value (value as the user writes it: "7", "9.5", "auto",
 * "0.1", "365").  0 or -1 with e filled (unknown key, bad value). */
int model_settings_apply(struct model_settings *s, const char *key, const char *value,
                         struct err *e);

/* ---- segments ---- */
enum segment {
	SEG_APOSTLE,
	SEG_LOYAL,
	SEG_OPPORTUNIST,
	SEG_HOSTAGE,
	SEG_DEFECTOR,
	SEG_TERRORIST,
	SEG_UNMEASURED,
	/* not segments: the other states at D (see enum cust_state) */
	SEG_PROSPECT, /* no purchase before D */
	SEG_LAPSED,   /* last purchase before D - A */
	SEG_DEPARTED, /* a departure recorded on or after the last purchase, before D */
	SEG__COUNT
};
/* "apostle", ... "unmeasured", "prospect", "lapsed", "departed" */
extern const char *const segment_key[SEG__COUNT];
/* A segment's (or state's) name for people, singular ("loyal customer" /
 * "Treuer") or plural ("loyal customers" / "die Treuen"): the vocabulary's
 * label of its key. */
const char *segment_label(enum segment s, enum lang lang);
const char *segment_label_n(enum segment s, enum lang lang, enum vocab_number n);
/* 1 for the seven segments of active customers, 0 for the other states. */
static inline int segment_is_segment(int s)
{
	return s >= 0 && s < SEG_PROSPECT;
}

/*
 * Who counts at D (SPEC §3): every known customer id is in exactly one
 * state, tested in this order —
 *   prospect: no purchase before D;
 *   departed: a departure recorded on or after its last purchase and
 *             before D (it told us it left; a later purchase makes it a
 *             customer again);
 *   lapsed:   its last purchase is before D - A (A = active_days);
 *   active:   every other customer.  Only active customers get a segment,
 *             count as `customers` and appear on the action list.
 */
enum cust_state { CS_PROSPECT, CS_DEPARTED, CS_LAPSED, CS_ACTIVE };
/* The state of a customer from its last purchase before D (DAY_NONE when
 * none) and its latest departure before D (DAY_NONE when none). */
enum cust_state model_state(day_t last_purchase, day_t last_departure, day_t D, int active_days);

/* ---- per-customer figures at D ---- */
/* (the fields ordered so that no padding is needed: 96 bytes, a million
 * customers' figures are written anew for every report) */
struct cust_fig {
	uint8_t segment;  /* enum segment (for the other states SEG_PROSPECT...) */
	uint8_t state;    /* enum cust_state */
	uint8_t measured; /* has a current survey */
	uint8_t bought_p0, bought_p1, bought_before_p1;
	int16_t sat_n, rec_n, val_n;  /* surveys on the latest day with a score */
	int32_t orders;               /* purchases in P0 */
	int64_t rev_p0, rev_p1;       /* all order rows (credit notes too) */
	int64_t margin_p0, margin_p1; /* margin, revenue where margin is absent */
	uint64_t year_mask;           /* bit j: a purchase in [D-(j+1)W, D-jW); bit 63: older */
	day_t first, last;            /* first and last purchase before D, DAY_NONE */
	day_t departure;              /* latest departure before D, DAY_NONE */
	day_t survey_date;            /* latest survey (< D), DAY_NONE */
	int32_t sat_sum, rec_sum, val_sum; /* tenths */
	int32_t referrals;                 /* made in [D - referral_days, D) */
	int32_t open_complaints;           /* open at D */
};

/* Mean score in tenths as a double, or -1 when absent. */
double fig_sat(const struct cust_fig *f);
double fig_rec(const struct cust_fig *f);
double fig_val(const struct cust_fig *f);

struct retention_year {
	day_t as_of; /* D_k = D - k*W */
	int64_t previous_buyers, retained, current_buyers, new_customers, reactivated;
	double rate; /* NaN when previous_buyers == 0 */
};

struct nps {
	int64_t promoters, passives, detractors;
	double score; /* NaN when none */
};

struct satisfaction_summary {
	int64_t n;
	double mean;       /* 0..10, NaN when n == 0 */
	double top2_share; /* >= 7 */
	double top_share;  /* >= 9 */
};

/* ---- the two rules the action list and the journal share ---- */

/*
 * A promise as it stood at D, i.e. at the end of D - 1: a promise made on
 * or after D is not there yet; a closing dated on or after D had not
 * happened, so the promise was still open.  An open promise is overdue
 * when its due date lies before D (due on D - 1: overdue; due on D: not
 * yet).  Kept on or before the due date (no closing date: on time) and
 * renegotiated before the due date (no date: in time) are honoured; kept
 * late, renegotiated on or after the due date and broken are not.
 */
enum promise_state {
	PS_NOT_MADE,
	PS_OPEN,    /* open at D, due on or after D */
	PS_OVERDUE, /* open at D, due before D */
	PS_KEPT_ON_TIME,
	PS_KEPT_LATE,
	PS_RENEGOTIATED_IN_TIME,
	PS_RENEGOTIATED_LATE,
	PS_BROKEN
};
/* status: enum promise_status; closed_on DAY_NONE when absent. */
enum promise_state model_promise_state(int status, day_t made_on, day_t due_on, day_t closed_on,
                                       day_t D);
static inline int promise_state_open(enum promise_state s)
{
	return s == PS_OPEN || s == PS_OVERDUE;
}
static inline int promise_state_honoured(enum promise_state s)
{
	return s == PS_KEPT_ON_TIME || s == PS_RENEGOTIATED_IN_TIME;
}
/* Days from day to D (D - day); -1 when day is DAY_NONE. */
int model_days_since(day_t day, day_t D);
/* 1 when nobody talked to the customer for over dialog_days at D: no
 * dialogue before D, or the last one more than dialog_days days before D
 * (exactly dialog_days ago is not over). */
int model_dialog_due(day_t last_dialog, day_t D, int dialog_days);

/* An action-list row: what is due for the customer. */
struct action_row {
	uint32_t cust;
	uint8_t priority; /* 1..6 */
	uint8_t silent;   /* a silent leaver (in priority 1 whatever its segment) */
	int32_t open_promises, overdue_promises;
	day_t next_due; /* earliest due date of an open promise, DAY_NONE */
	int32_t open_complaints;
	day_t last_dialog;        /* DAY_NONE when never */
	uint8_t no_recent_dialog; /* none within dialog_days */
	day_t follow_up;          /* a follow-up date reached (before D), DAY_NONE */
};

/* A silent leaver: an active customer with at least 3 purchase days whose
 * P(alive) is below 0.5. */
struct silent_leaver {
	uint32_t cust;
	int32_t purchase_days;
	double p_alive;
	double lost_per_year; /* cents: (1 - P(alive)) * revenue in P0+P1 / 2 */
	day_t last;           /* last purchase before D */
	int32_t usual_days;   /* median of the days between its purchase days */
};

/* Orders dated after today: kept and counted, named in every report. */
struct future_orders {
	int64_t count;
	day_t latest;        /* the latest date, DAY_NONE when none */
	day_t first;         /* the earliest of them */
	uint32_t first_cust; /* its customer index */
	char first_customer_id[64];
	char first_order_id[64]; /* its order id (filled from the store), "" when none */
};

/* The whole report at one D. */
struct loyalty {
	struct timing timing; /* of model_compute's passes */
	day_t as_of;
	struct model_settings set;
	size_t ncust;
	struct cust_fig *fig; /* ncust */
	double frequent_min;  /* F actually used */
	int frequent_auto;
	/* retention: [0] is the current year, then earlier years with data */
	struct retention_year *years;
	int nyears;
	int64_t seg_count[SEG__COUNT];   /* the segments and the other states */
	int64_t seg_revenue[SEG__COUNT]; /* revenue in P0 */
	int64_t customers;               /* active (segmented) customers */
	int64_t lapsed, departed, prospects;
	struct nps nps;
	struct satisfaction_summary sat;
	/* the action list, in order */
	struct action_row *actions;
	size_t nactions;
	/* buy-till-you-die: P(alive) per customer (borrowed from the
	 * btyd_result given to model_compute; NULL when none) and the silent
	 * leavers, most revenue expected to be lost first */
	const double *p_alive;
	int silent_ok;    /* a purchase model was available */
	uint32_t *silent; /* per customer: 1 + index in silent_list, else 0 */
	struct silent_leaver *silent_list;
	size_t nsilent;
	double silent_lost; /* cents per year */
	/* orders dated after today (the caller fills it: model_default_as_of) */
	struct future_orders future;
};

struct btyd_result;
/*
 * Computes everything at D (as_of) with settings s.  b: the purchase
 * model at D (model_btyd with score >= 1), or NULL; without one, or when
 * it could not be fitted, there are no silent leavers (silent_ok = 0).
 * l borrows b's P(alive): release b after l is used.
 */
void model_compute(const struct dataset *ds, day_t as_of, const struct model_settings *s,
                   const struct btyd_result *b, struct loyalty *out);
/* The same without the action list (l->actions NULL, nactions 0): the
 * counts alone, as the Overview's month ends need them. */
void model_compute_counts(const struct dataset *ds, day_t as_of, const struct model_settings *s,
                          const struct btyd_result *b, struct loyalty *l);
void loyalty_release(struct loyalty *l);
/*
 * The action list, made inside model_compute's summary pass (actions.c):
 * room for every customer; the pass goes in chunks of ACTION_CHUNK
 * customers, each chunk's listed customers' rows and sort keys written
 * from its first customer's index on (so that chunks never meet) and
 * counted in n[chunk]; actions_end sorts and gathers them into l->actions.
 */
#define ACTION_CHUNK 16384
struct action_group { /* the keys of one group of the list (actions.c) */
	size_t n, at;
	uint64_t k1_lo, k1_hi, k2_lo, k2_hi;
};
struct action_build {
	struct action_row *rows;
	struct sort_rec *keys;
	size_t alloc;
	size_t chunk;                   /* customers a chunk (ACTION_CHUNK, or chunk_size's) */
	size_t *n, nchunks;             /* rows of each chunk */
	struct action_group grp[2][64]; /* each thread's, counted as it adds */
};
void actions_begin(struct action_build *b, size_t ncust, size_t chunk);
/* Customer i's priority in the list (0: not listed); needs its segment. */
int action_priority(const struct loyalty *l, size_t i);
/* Writes listed customer i's row and key at index at (in its chunk's
 * room), counted in thread's groups. */
void action_add(struct action_build *b, const struct dataset *ds, const struct loyalty *l, size_t i,
                int prio, size_t at, int thread);
void actions_end(struct action_build *b, const struct dataset *ds, struct loyalty *l);
/* Frees what actions_begin took, without a list. */
void actions_discard(struct action_build *b);
/*
 * The reference date by default: the day after the latest order dated on
 * or before today; today when there is none.  Orders dated after today are
 * counted into *fut (when not NULL; first_order_id is left empty).
 */
day_t model_default_as_of(const struct dataset *ds, day_t today, struct future_orders *fut);
/* The median number of days between the distinct purchase days of
 * customer i before D (a half rounds up); 0 with fewer than two. */
int32_t model_usual_interval(const struct dataset *ds, size_t i, day_t D);

/*
 * Per-customer figures at D (used by model_compute and movement); returns
 * 2F, F being max(2, the median of purchases in P0 over the active
 * customers with one or more) or the value set — counted as the figures
 * are made, so that F costs no pass of its own.
 */
int64_t model_figures(const struct dataset *ds, day_t as_of, const struct model_settings *s,
                      struct cust_fig *fig);
/* The counts behind F: active customers by their purchases in P0, one
 * count per thread of the figures pass. */
struct freq_count {
	size_t *cnt; /* cnt[k]: customers with k purchases */
	size_t len;
};
void freq_grow(struct freq_count *c, size_t orders);
static inline void freq_add(struct freq_count *c, size_t orders)
{
	if (orders < c->len)
		c->cnt[orders]++;
	else
		freq_grow(c, orders);
}
/* 2F from nc counts (or the value set), the counts freed. */
int64_t freq_min_x2(struct freq_count *c, int nc, const struct model_settings *s);
/* Assigns segments to fig[] given 2F. */
void model_segments(struct cust_fig *fig, size_t n, int64_t frequent_min_x2,
                    const struct model_settings *s);
/* The segment of one customer given 2F (F may be a half). */
void model_segment_one(struct cust_fig *f, int64_t frequent_min_x2, const struct model_settings *s);
/* Retention at one reference date. */
/* Adds one customer's year mask (bit j: a purchase in [D-(j+1)W, D-jW),
 * bit 63: older) to the counts of the years 0..ny-1. */
void retention_count_mask(struct retention_year *y, int ny, uint64_t mask);
/* The same for n customers with that mask. */
void retention_count_mask_n(struct retention_year *y, int ny, uint64_t mask, int64_t n);
/* Adds b's counts to y's, sets each year's date and rate; returns the
 * number of leading years whose previous period has buyers. */
int retention_merge(struct retention_year *y, const struct retention_year *b, int ny, day_t as_of,
                    int window);
/* ---- trust and bond ---- */
struct trust {
	int32_t due;      /* promises due in [D - stale_days, D) */
	int32_t honoured; /* kept on time or renegotiated before due */
	int32_t broken, late, renegotiated_late, overdue_open;
	double value; /* honoured / due, 0..1; NaN when none fell due */
};
void model_trust(const struct dataset *ds, size_t cust, day_t as_of, const struct model_settings *s,
                 struct trust *t);

struct bond {
	double trust, satisfaction, value; /* 0..100, NaN when absent */
	int n;                             /* components available */
	double bond;                       /* their mean, NaN when n == 0 */
};
void model_bond(const struct cust_fig *f, const struct trust *t, struct bond *b);

/* Why the customer is in its segment, in the UI language. */
void model_explain(const struct loyalty *l, size_t cust, enum lang lang, struct strbuf *out);
/* The action of a priority, in the UI language. */
const char *action_text(int priority, enum lang lang);

/* ---- profit by tenure year ---- */
/*
 * A customer's tenure starts on acquired_on when the customer file gives
 * it, else on its first purchase; year k = [start + (k-1)W, start + kW).
 * B is the earliest order date in the data.  Every customer with a
 * purchase before D counts for each year k that lies wholly within
 * [B, D) — except a customer without acquired_on whose first purchase
 * falls in [B, B+W): it may have bought long before the history begins,
 * so it counts for no year (left-censored).
 */
struct tenure_year {
	int k;
	int64_t customers;     /* customers counted for year k (leavers as 0) */
	int64_t active;        /* of these, with a purchase in year k */
	int64_t margin_sum;    /* margin of all of them (revenue where absent), cents */
	int64_t margin_active; /* margin of the active ones, cents */
	double mean_all;       /* margin_sum / customers, cents; NaN when none */
	double mean_active;    /* margin_active / active, cents; NaN when none */
	int thin;              /* active < tenure_min */
};
struct tenure_curve {
	struct tenure_year *years; /* k = 1..n (years[k-1]) */
	int n;
	int64_t left_censored; /* customers left out: tenure unknown */
	day_t history_start;   /* B, DAY_NONE without orders */
	int last_solid;        /* the last year that is not thin (0: none) */
};
void model_tenure(const struct dataset *ds, day_t as_of, const struct model_settings *s,
                  struct tenure_curve *c);
void tenure_release(struct tenure_curve *c);

/* ---- what if: the value of a customer at retention r and r + delta ---- */
struct whatif {
	double r, r_new;         /* retention rates used */
	double acquisition_cost; /* mean AC, cents */
	double clv, clv_new;     /* value of a customer at r and r_new, cents; NaN: no curve */
	double relative_change;  /* (clv_new - clv) / |clv| */
	int64_t customers;       /* active customers */
	double base_value, base_value_new; /* customers * clv, cents */
	int years_measured;                /* tenure years on the curve */
	int years_used; /* m_k from years 1..years_used (the last not thin), carried after */
};
/* CLV(r) = sum_{k=1..H} m_k r^(k-1) / (1+d)^(k-1) - AC with m_k the curve's
 * mean per active customer of year k up to the last year that is not thin
 * and that year's value after it (a year without active customers takes
 * the nearest earlier value, or the first later one).  NaN when every year
 * is thin. */
double model_clv(const struct tenure_curve *c, double r, double d, int horizon, double ac);
void model_whatif(const struct dataset *ds, const struct loyalty *l, const struct tenure_curve *c,
                  double delta_points, struct whatif *w);

/* ---- segment movement between two dates ---- */
struct movement {
	day_t from, to;
	int64_t count[SEG__COUNT][SEG__COUNT];   /* [segment at from][segment at to] */
	int64_t revenue[SEG__COUNT][SEG__COUNT]; /* revenue in P0 at `to` */
};
void model_movement(const struct dataset *ds, day_t from, day_t to, const struct model_settings *s,
                    struct movement *m);
/* The segment (or state) of every customer at from and at to, as
 * model_movement counts them (at_from, at_to: ds->ncust each). */
void model_movement_segments(const struct dataset *ds, day_t from, day_t to,
                             const struct model_settings *s, uint8_t *at_from, uint8_t *at_to);

/* ---- buy-till-you-die over the dataset (btyd.h does the numbers) ---- */
#include "btyd.h"

struct btyd_params_all {
	int model_mbg; /* 0 BG/NBD, 1 MBG/NBD */
	struct bgnbd_params bg;
	double loglik;
	int has_gg;
	struct gg_params gg;
	size_t customers, repeat_buyers;
};

struct btyd_result {
	int ok; /* 0: not available, why in `why` */
	char why[768];
	struct btyd_params_all par;
	struct bgnbd_fit bgfit; /* filled when fitted in this run */
	struct gg_fit ggfit;
	int fitted, gg_fitted;
	double margin_ratio; /* margin / revenue over the purchases before D */
	/* per customer index (NaN for customers without a purchase before D):
	 * P(alive), expected purchases in the next 52 weeks, and the expected
	 * margin of the customer over the next 52 weeks (undiscounted) and
	 * over the horizon (discounted) — a forward estimate for one customer,
	 * not the value at retention r of the what-if */
	double *p_alive, *expected52, *margin52, *margin_h;
	int32_t *purchase_days;
};

/*
 * model_btyd — buy-till-you-die at D: every customer's summary (x, t_x, T,
 * m_x) from its purchases before D; the BG/NBD (or MBG/NBD) and
 * Gamma-Gamma fits unless `given` holds parameters (a cached fit); per
 * customer P(alive), expected purchases in the next 52 weeks, the expected
 * margin over 52 weeks (undiscounted) and over the horizon with
 * discounting (revenue times the margin ratio).  score: 0 only the fit,
 * 1 also P(alive) and the purchase days, 2 everything.  The silent leavers
 * are picked by model_compute (they must be active at D).  Returns 0; a
 * base the model cannot be fitted on is not an error: out->ok = 0 and
 * out->why says why.

 */
int model_btyd(const struct dataset *ds, day_t as_of, const struct model_settings *s, int mbg,
               const struct btyd_params_all *given, int score, struct btyd_result *out);
/* The same, fitted afresh from `near`, the fit of nearly the same orders
 * (a few added since): from that start alone, on every customer, without
 * standard errors — it ends at the same maximum as a fit from scratch, to
 * the search's tolerance, in a few evaluations instead of dozens. */
int model_btyd_near(const struct dataset *ds, day_t as_of, const struct model_settings *s, int mbg,
                    const struct btyd_params_all *near, int score, struct btyd_result *out);
void btyd_result_release(struct btyd_result *r);
/* Builds the calibration base at D (customers with a purchase before D);
 * idx[k] is the customer index of base entry k (caller frees both). */
void model_btyd_base(const struct dataset *ds, day_t as_of, struct btyd_data *base, uint32_t **idx);

#endif
