/*
 * model.h — the loyalty model of SPEC §3 as pure functions over a loaded
 * dataset: retention and its history, per-customer figures, segments
 * (apostle model), NPS, satisfaction, trust, bond, the action list,
 * profit by tenure year, what-if CLV and segment movement.  No SQL, no
 * printing, no globals: every function fills a result struct that the
 * text, JSON and CSV writers share.
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
	int window;          /* W, days: 365 */
	int satisfied_min;   /* tenths: 70 (satisfaction >= 7 is satisfied) */
	int frequent_min_x2; /* 2 * F when set by the user, 0 = auto (median) */
	int apostle_min;     /* tenths: 90 */
	int terrorist_max;   /* tenths: 30 */
	int stale_days;      /* a survey older than this is stale: 2W = 730 */
	int referral_days;   /* referrals count within this: 2W = 730 */
	int dialog_days;     /* "no dialogue for over N days": 180 */
	int promoter_min;    /* tenths: 90 */
	int detractor_max;   /* tenths: 60 */
	double discount;     /* d: 0.10 */
	int horizon;         /* H years: 10 */
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
	SEG_PROSPECT, /* no purchase before D: not a segment */
	SEG__COUNT
};
extern const char *const segment_key[SEG__COUNT]; /* "apostle", ... "prospect" */
/* A segment's name for people, singular ("loyal customer" / "Treuer") or
 * plural ("loyal customers" / "die Treuen"): the vocabulary's label of its key. */
const char *segment_label(enum segment s, enum lang lang);
const char *segment_label_n(enum segment s, enum lang lang, enum vocab_number n);

/* ---- per-customer figures at D ---- */
struct cust_fig {
	uint8_t segment;  /* enum segment */
	uint8_t measured; /* has a current survey */
	uint8_t bought_p0, bought_p1, bought_before_p1;
	int32_t orders;                    /* purchases in P0 */
	int64_t rev_p0, rev_p1;            /* all order rows (credit notes too) */
	int64_t margin_p0, margin_p1;      /* margin, revenue where margin is absent */
	day_t first, last;                 /* first and last purchase before D, DAY_NONE */
	day_t survey_date;                 /* latest survey (< D), DAY_NONE */
	int16_t sat_n, rec_n, val_n;       /* surveys on the latest day with a score */
	int32_t sat_sum, rec_sum, val_sum; /* tenths */
	int32_t referrals;                 /* made in [D - referral_days, D) */
	int32_t open_complaints;           /* open at D */
	uint64_t year_mask; /* bit j: a purchase in [D-(j+1)W, D-jW); bit 63: older */
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

/* An action-list row: what is due for the customer. */
struct action_row {
	uint32_t cust;
	uint8_t priority; /* 1..6 */
	int32_t open_promises, overdue_promises;
	day_t next_due; /* earliest due date of an open promise, DAY_NONE */
	int32_t open_complaints;
	day_t last_dialog;        /* DAY_NONE when never */
	uint8_t no_recent_dialog; /* none within dialog_days */
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
	int64_t seg_count[SEG__COUNT];
	int64_t seg_revenue[SEG__COUNT]; /* revenue in P0 */
	int64_t customers, prospects;
	struct nps nps;
	struct satisfaction_summary sat;
	/* the action list, in order */
	struct action_row *actions;
	size_t nactions;
	/* buy-till-you-die per customer when available (borrowed, may be NULL) */
	const double *p_alive;
	const uint8_t *silent; /* 1: a silent leaver */
};

/* Computes everything at D (as_of) with settings s. */
void model_compute(const struct dataset *ds, day_t as_of, const struct model_settings *s,
                   struct loyalty *out);
void loyalty_release(struct loyalty *l);
/* The reference date by default: the day after the latest order, or today. */
day_t model_default_as_of(const struct dataset *ds);

/* Per-customer figures only (used by model_compute and movement). */
void model_figures(const struct dataset *ds, day_t as_of, const struct model_settings *s,
                   struct cust_fig *fig);
/* F: max(2, median of orders over customers with orders >= 1), or the set value. */
double model_frequent_min(const struct cust_fig *fig, size_t n, const struct model_settings *s);
/* Assigns segments to fig[] given F. */
void model_segments(struct cust_fig *fig, size_t n, double frequent_min,
                    const struct model_settings *s);
/* The segment of one customer given 2F (F may be a half). */
void model_segment_one(struct cust_fig *f, int64_t frequent_min_x2, const struct model_settings *s);
/* Retention at one reference date. */
/* The same for D - k*W, k = 0..n-1, in one pass; returns the number of
 * leading years whose previous period has buyers. */
int model_retention_history(const struct dataset *ds, day_t as_of, int window,
                            struct retention_year *y, int n);
/* Adds one customer's year mask (bit j: a purchase in [D-(j+1)W, D-jW),
 * bit 63: older) to the counts of the years 0..ny-1. */
void retention_count_mask(struct retention_year *y, int ny, uint64_t mask);
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
struct tenure_year {
	int k;
	int64_t customers;  /* customers whose year k lies wholly before D */
	int64_t active;     /* of these, with an order row in year k */
	int64_t margin_sum; /* margin (revenue where absent), cents */
	double mean_all;    /* margin_sum / customers, cents */
	double mean_active; /* margin_sum / active, cents */
};
struct tenure_curve {
	struct tenure_year *years;
	int n;
};
void model_tenure(const struct dataset *ds, day_t as_of, int window, struct tenure_curve *c);
void tenure_release(struct tenure_curve *c);

/* ---- what if: CLV at retention r and r + delta ---- */
struct whatif {
	double r, r_new;         /* retention rates used */
	double acquisition_cost; /* mean AC, cents */
	double clv, clv_new;     /* cents */
	double relative_change;  /* (clv_new - clv) / |clv| */
	int64_t customers;
	double base_value, base_value_new; /* customers * clv, cents */
	int years_of_data;                 /* tenure years measured (m_k carried forward after) */
};
/* CLV(r) = sum_{k=1..H} m_k r^(k-1) / (1+d)^(k-1) - AC, m_k from the curve's
 * mean per active customer, carried forward past the data. */
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

struct silent_leaver {
	uint32_t cust;
	double p_alive;
	double lost_per_year; /* cents: (1 - P(alive)) * 52 * x/T * expected order value */
};

struct btyd_result {
	int ok; /* 0: not available, why in `why` */
	char why[768];
	struct btyd_params_all par;
	struct bgnbd_fit bgfit; /* filled when fitted in this run */
	struct gg_fit ggfit;
	int fitted, gg_fitted;
	double margin_ratio; /* margin / revenue over the purchases before D */
	/* per customer index (NaN for customers without a purchase before D) */
	double *p_alive, *expected52, *clv52, *clv;
	int32_t *purchase_days;
	/* customers with >= 3 purchase days and P(alive) < 0.5, by lost revenue */
	struct silent_leaver *silent;
	size_t nsilent;
	double silent_lost; /* cents per year */
};

/*
 * model_btyd — buy-till-you-die at D: every customer's summary (x, t_x, T,
 * m_x) from its purchases before D; the BG/NBD (or MBG/NBD) and
 * Gamma-Gamma fits unless `given` holds parameters (a cached fit); per
 * customer P(alive), expected purchases in the next 52 weeks, lifetime
 * value over 52 weeks (undiscounted) and over the horizon with discounting
 * (times the margin ratio); the silent leavers.  score: 0 only the fit,
 * 1 also P(alive) and the silent leavers, 2 everything.  Returns 0; a base the model cannot be
 * fitted on is not an error: out->ok = 0 and out->why says why.
 */
int model_btyd(const struct dataset *ds, day_t as_of, const struct model_settings *s, int mbg,
               const struct btyd_params_all *given, int score, struct btyd_result *out);
void btyd_result_release(struct btyd_result *r);
/* Builds the calibration base at D (customers with a purchase before D);
 * idx[k] is the customer index of base entry k (caller frees both). */
void model_btyd_base(const struct dataset *ds, day_t as_of, struct btyd_data *base, uint32_t **idx);

#endif
