/*
 * dataset.h — everything the model reads, loaded from the store in one
 * pass per table into flat arrays: customers by index 0..n-1, and each
 * customer's orders, surveys, referrals made, complaints, promises and
 * dialogue dates as contiguous runs sorted by date (offsets in *_off, run
 * of customer i is [off[i], off[i+1]) ).  Customer indexes follow the
 * store's customer keys in ascending order.
 *
 * It holds all rows regardless of the reference date, so one loaded
 * dataset answers for any D (reports, segment movement between two dates,
 * the web server later).  Memory: 20 bytes per order row (date 4, revenue
 * 8, margin 8) plus 4 bytes per customer for the offsets; see
 * docs/ARCHITECTURE.md.
 */
#ifndef TREUE_DATASET_H
#define TREUE_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "util.h"

struct ds_survey {
	day_t date;
	int16_t satisfaction, recommend, value; /* tenths; SCORE_NONE when absent */
};

struct ds_referral {
	day_t date;
	uint32_t to; /* customer index of the referred customer */
};

struct ds_complaint {
	day_t date;
	day_t resolved_on; /* DAY_NONE when not resolved */
	uint8_t open;      /* status says open */
};

struct ds_promise {
	day_t made_on, due_on, closed_on; /* closed_on DAY_NONE when absent */
	uint8_t status;                   /* enum promise_status */
};

/* A dialogue that carries a follow-up date ("Wiedervorlage"). */
struct ds_follow_up {
	day_t date;      /* of the dialogue */
	day_t follow_up; /* call again by then */
};

struct dataset {
	struct timing timing; /* of dataset_load's phases */
	size_t ncust;
	/* customers */
	int64_t *key;                        /* store key (customer.id) */
	uint32_t *cid_off;                   /* offsets into pool: the company's customer_id */
	uint32_t *name_off;                  /* name, or an empty string */
	uint32_t *owner_off;                 /* account manager, or an empty string */
	uint32_t *region_off, *industry_off; /* or an empty string */
	uint8_t *erased;                     /* 1: erased (GDPR), a pseudonym */
	int64_t *acq_cost;                   /* MONEY_NONE when unknown */
	day_t *acq_on;                       /* acquired_on ("Kunde seit"), DAY_NONE when unknown */

	char *pool; /* NUL-terminated strings */
	size_t pool_len;
	/* the customers (and pool bytes) a mapped snapshot's customers' part
	 * holds, the rest appended since; the room reserved for each array
	 * (0: allocated, not reserved) — snapshot.c, incr.c */
	size_t cust_base, pool_base, cust_room, pool_room;
	/* orders, by customer, by date: customer i's run is the rows
	 * [ord_start[i], ord_end[i]) of the three columns.  A dataset read from
	 * the store has its runs back to back (ord_end == ord_start + 1, and
	 * ord_start[ncust] == norders); one brought up to date from a snapshot
	 * may keep the snapshot's rows and place the runs of the customers
	 * that got orders since in an extension further up the same columns
	 * (snapshot.c, incr.c), so that rows no run refers to lie between:
	 * a run ends at ord_end[i], never at ord_start[i + 1]. */
	size_t norders;      /* rows in the runs */
	uint64_t *ord_start; /* ncust + 1 */
	uint64_t *ord_end;   /* ncust (ord_start + 1 when the runs lie back to back) */
	day_t *ord_date;
	int64_t *ord_rev;
	int64_t *ord_margin; /* MONEY_NONE when absent */
	size_t ord_cap;      /* rows allocated (big_alloc), 0 when mapped */
	/* where the rows lie: [0, ord_base) and [ord_ext_at, ord_ext_at +
	 * ord_ext_n); ord_room: the rows of address space reserved for each
	 * column (mapped snapshots; 0 otherwise) */
	size_t ord_base, ord_ext_at, ord_ext_n, ord_room;

	day_t max_order_date; /* DAY_NONE without orders */
	/* surveys, referrals made, complaints, promises, dialogue dates */
	uint32_t *sv_off;
	struct ds_survey *sv;
	uint32_t *ref_off;
	struct ds_referral *ref;
	uint32_t *cmp_off;
	struct ds_complaint *cmp;
	uint32_t *prm_off;
	struct ds_promise *prm;
	uint32_t *dlg_off;
	day_t *dlg;
	uint32_t *fol_off; /* the dialogues with a follow-up date, by date */
	struct ds_follow_up *fol;
	uint32_t *dep_off; /* recorded departures */
	day_t *dep;
	int64_t data_version, data_stamp; /* the store's state it was loaded from */
	/* the data version from which on the orders (and the customers they
	 * belong to) are the ones of this dataset: a purchase model fitted at
	 * that version holds for this one (a change of the journal keeps it) */
	int64_t orders_version;
	/* a data version whose orders differ from these by a few added rows
	 * (an update that added up to a thousandth of them), 0 when none: its
	 * purchase-model fit is where a new fit starts */
	int64_t orders_near_version;
	uint64_t amount_total; /* its absolute amounts added up (a bound after an update) */
	void *map;             /* the mapped snapshot all arrays point into, or NULL */
	size_t map_len;
	int mixed; /* some arrays are its own, the others (non-empty) in map */
	/* dataset_load_journal: the customers and orders are this dataset's
	 * (borrowed, not freed here); NULL when they are its own */
	const struct dataset *shares;
};

/* Loads every table.  0 or -1 with e filled.  Everything comes from the
 * snapshot file beside the database when it matches (see snapshot.c),
 * else from the store, after which the snapshot is written anew. */
int dataset_load(struct store *st, struct dataset *ds, struct err *e);
void dataset_release(struct dataset *ds);
/*
 * A dataset after a change of the journal only: the customers and orders
 * of base, shared (base must outlive it and must be a dataset of its own,
 * not itself sharing), with the surveys, referrals, complaints, promises,
 * dialogues and departures read anew.  The caller holds a read transaction
 * (store_begin_read) in which it made sure that nothing but the journal
 * changed since base was loaded; out->data_version is the store's.  No
 * snapshot is written.  0 or -1 with e filled.
 */
int dataset_load_journal(struct store *st, const struct dataset *base, struct dataset *out,
                         struct err *e);

static inline const char *ds_cid(const struct dataset *ds, size_t i)
{
	return ds->pool + ds->cid_off[i];
}
static inline const char *ds_name(const struct dataset *ds, size_t i)
{
	return ds->pool + ds->name_off[i];
}
static inline const char *ds_owner(const struct dataset *ds, size_t i)
{
	return ds->pool + ds->owner_off[i];
}
static inline const char *ds_region(const struct dataset *ds, size_t i)
{
	return ds->pool + ds->region_off[i];
}
static inline const char *ds_industry(const struct dataset *ds, size_t i)
{
	return ds->pool + ds->industry_off[i];
}
/* The follow-up date customer i still has at D, DAY_NONE when none: the
 * earliest follow-up of its dialogues on the day of its last dialogue
 * before D (a dialogue on a later day settles the follow-ups of earlier
 * ones). */
day_t ds_follow_up_at(const struct dataset *ds, size_t i, day_t D);
/*
 * Between two datasets of the same customers and orders (a change of the
 * journal): the earliest date of a survey, referral, complaint or
 * departure that is not the same in both — the rows the loyalty counts
 * read (dialogues and promises feed the action list alone).  The counts
 * at a reference date on or before it are the same for both; DAY_NONE
 * when no such row differs, DAY_MIN when the customers differ.
 */
day_t dataset_counts_differ_from(const struct dataset *a, const struct dataset *b);
/* Index of the customer with store key `key`, or -1 (binary search: the
 * indexes follow the keys). */
long dataset_index_of_key(const struct dataset *ds, int64_t key);
/* The order id of the first order row of customer i dated `date` into buf
 * ("" when it has none or there is no such row).  0 or -1 with e filled. */
int dataset_order_id(struct store *st, const struct dataset *ds, size_t i, day_t date, char *buf,
                     size_t n, struct err *e);
/* Index of the customer with the given customer_id, or -1 (linear scan). */

long dataset_find(const struct dataset *ds, const char *customer_id);
/* Bytes held by the dataset (for reports of memory per order row). */
size_t dataset_bytes(const struct dataset *ds);
/* Bytes held for the order rows alone (the date, revenue and margin
 * arrays as allocated or mapped). */
size_t dataset_order_bytes(const struct dataset *ds);
/* Removes the dataset snapshot of the database at dbpath (erase does, so
 * that no copy of an erased name stays beside the database). */
void snapshot_remove(const char *dbpath);

#endif
