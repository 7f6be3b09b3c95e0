/*
 * dataset_int.h — what the dataset's own files share (not for other modules).
 */
#ifndef TREUE_DATASET_INT_H
#define TREUE_DATASET_INT_H

#include "dataset.h"

/* The tables of the dataset, as the store's state counts them. */
enum ds_table {
	DT_CUSTOMER,
	DT_ORDERS,
	DT_SURVEY,
	DT_REFERRAL,
	DT_COMPLAINT,
	DT_PROMISE,
	DT_DIALOG,
	DT_DEPARTURE,
	DT__COUNT
};

/* What a snapshot must match to stand for the store: the store's identity
 * (id, data version, stamp), and what other programs' rows would change
 * (the customer count, the largest customer key and order rowid).  With
 * state (ST_DS_STATE read, every trigger of migration 7 there): per table
 * its largest id and the counter that its updates and deletes bump — a
 * snapshot whose counters equal the store's is brought up to date by
 * reading the rows past its largest ids (incr.c). */
struct snap_key {
	struct store_identity id;
	int64_t max_key;
	uint64_t ncust, rowid_max;
	int64_t hwm[DT__COUNT], rw[DT__COUNT];
	int32_t state; /* 1: hwm and rw are known */
};

/* The snapshot's sections (snapshot.c lays them out in this order): the
 * customers' 10 (part c), the orders' three columns (part o), the three
 * columns' extension (part x), the orders' offsets and ends, the small
 * tables', then the customers' 10 again: their extension (part n). */
#define SNAP_NSECT 42
#define SNAP_NPART 4

/* The customers' arrays as a mapped snapshot holds them: part c the
 * first cust_base customers (and pool_base bytes of names), part n the
 * rest — for each array the bytes from the last 64 KiB boundary within
 * part c's on (CUST_STEP), so that both map page-aligned; every array
 * reserves room for `cust` customers (the pool for `pool` bytes), into
 * which an update appends the customers added since. */
#define CUST_STEP 65536
struct cust_room {
	uint64_t cust, pool;
};
static inline struct cust_room cust_room_of(uint64_t cust_base, uint64_t pool_base)
{
	struct cust_room r = {cust_base + cust_base / 8 + 65536,
	                      pool_base + pool_base / 8 + ((uint64_t)4 << 20)};
	return r;
}

/* The orders' columns as a mapped snapshot holds them: the first `base`
 * rows from part o, and an extension of the runs of the customers that
 * got orders since (part x), at one of two places above them, each `cap`
 * rows long; every column reserves `room` rows of address space so that an
 * update can write the next extension at the other place while the
 * present one is still read.  Both places are multiples of ORD_STEP rows
 * (64 KiB of the narrowest column), so each part maps page-aligned. */
#define ORD_STEP 16384
struct ord_room {
	uint64_t at[2], cap, room;
};
static inline struct ord_room ord_room_of(uint64_t base)
{
	struct ord_room r;
	r.at[0] = (base + ORD_STEP - 1) / ORD_STEP * ORD_STEP;
	r.cap = (base / 8 + 4 * ORD_STEP + ORD_STEP - 1) / ORD_STEP * ORD_STEP;
	r.at[1] = r.at[0] + r.cap;
	r.room = r.at[1] + r.cap;
	return r;
}

/* The snapshot file's header (native byte order).  header_sum is hash64 of
 * the header with header_sum set to 0; sect_sum the checksum of each
 * array (snapshot_body_sums), so that an update that keeps an array keeps
 * its sum.  The customers' arrays and the orders' columns lie in files of
 * their own, DB.snapshot.c-ID, DB.snapshot.o-ID, DB.snapshot.x-ID (the
 * orders' extension) and DB.snapshot.n-ID (the customers'; part_id; 0: in
 * this file, or no extension), named after
 * their checksums, so that a snapshot written after a change refers to
 * the parts it did not change instead of writing them again. */
#define SNAP_MAGIC "TREUESN9"
struct snap_header {
	char magic[8];
	uint32_t endian; /* 0x01020304 as written */
	uint32_t header_size;
	int64_t store_id, data_version, stamp, max_key;
	uint64_t ncust, norders, order_rowid_max, pool_len;
	uint64_t nsv, nref, ncmp, nprm, ndlg, ndep, nfol;
	int32_t max_order_date, state;
	int64_t hwm[DT__COUNT], rw[DT__COUNT];
	int64_t orders_version;
	/* the orders' rows (struct dataset's ord_base...); ord_split 1: the
	 * runs lie apart (the ends are stored) */
	uint64_t ord_base, ord_ext_at, ord_ext_n, ord_split;
	/* the customers in part c, the pool's bytes there; cust_split 1: the
	 * others are in part n */
	uint64_t cust_base, pool_base, cust_split;
	uint64_t part_id[SNAP_NPART];
	uint64_t sect_sum[SNAP_NSECT];
	uint64_t header_sum;
};

/* The key a header was written for (what it matches exactly). */
void snapshot_key_of(const struct snap_header *h, struct snap_key *k);

/* The dataset snapshot beside the database (snapshot.c). */
int snapshot_enabled(const char *dbpath);
/* Maps the snapshot at path into ds when it matches k, is whole and
 * passes dataset_check; 1 when used, else 0 with ds untouched. */
int snapshot_map_file(const char *path, struct dataset *ds, const struct snap_key *k);
/* The same for the snapshot beside the database at dbpath. */
int snapshot_map(const char *dbpath, struct dataset *ds, const struct snap_key *k);
/* Maps the snapshot beside dbpath when it is whole, of the same store
 * (identity) and was written with state, whatever its version: the base
 * an update starts from.  1 with ds and *h filled, else 0. */
int snapshot_map_base(const char *dbpath, const struct snap_key *k, struct dataset *ds,
                      struct snap_header *h);
/* Writes ds as the snapshot of dbpath (each file a temporary file of its
 * own, then renamed; a part already there under its name is not written
 * again; parts no longer referred to are removed); best effort.  base/bh
 * (may be NULL): a mapped snapshot whose arrays ds shares, whose checksums
 * are taken for them. */
void snapshot_write(const char *dbpath, struct dataset *ds, const struct snap_key *k,
                    struct dataset *base, const struct snap_header *bh);
/* Points the arrays of ds into base[0..len) as the snapshot lays them out
 * for header h when all its parts are in the one file (part_id 0) and its
 * order runs lie back to back, with the counts of h; 0 when h does not fit
 * len (nothing set).  No content is
 * checked (snapshot_map_file does that). */
int snapshot_layout(struct dataset *ds, const struct snap_header *h, const char *base, size_t len);
/* The checksums of the header (header_sum zeroed) and of each of a
 * dataset's arrays as the snapshot lays them out (into h->sect_sum). */
uint64_t snapshot_header_sum(const struct snap_header *h);
void snapshot_body_sums(struct dataset *ds, struct snap_header *h);

/* The loader's parts that an update shares (dataset.c). */
struct keymap {
	int32_t *idx;
	int64_t max;
};
/* The keymap of ds's customers (keys ascending). */
void keymap_of(const struct dataset *ds, struct keymap *m);
/* Reads the customers into ds and m: all of them, or with base those of
 * base followed by the customers with a key above base's largest. */
int load_customers(struct store *st, struct dataset *ds, struct keymap *m,
                   const struct dataset *base, struct err *e);
int load_orders(struct store *st, struct dataset *ds, const struct keymap *m, struct err *e);
/* Reads table t (DT_SURVEY..DT_DEPARTURE) — its rows with an id above
 * after — into customer runs over ds->ncust customers, each sorted by date
 * (stable: ties in id order), into out's arrays of that table. */
int load_table(struct store *st, struct dataset *out, size_t ncust, const struct keymap *m,
               enum ds_table t, int64_t after, struct err *e);
/* Stable sort of n rows of `size` bytes by their leading day_t. */
void rows_sort_by_day(char *rows, size_t n, size_t size);

/* Brings the mapped snapshot base (header bh) up to date with the store
 * (incr.c): 1 and out filled (owning base's mapping), 0 when it cannot
 * (base untouched: the caller loads everything), -1 on error. */
int dataset_update(struct store *st, struct dataset *base, const struct snap_header *bh,
                   const struct snap_key *k, struct dataset *out, struct err *e);

/* What every loaded dataset promises its readers (check.c): offsets and
 * string offsets in bounds, dates within DAY_MIN..DAY_MAX, amounts within
 * ±MONEY_MAX and their absolute total within MONEY_SUM_MAX.  0 or -1. */
int dataset_check(const struct dataset *ds, struct err *e);
/* The same, with the absolute amounts' total (at most MONEY_SUM_MAX). */
int dataset_check_sum(const struct dataset *ds, uint64_t *total, struct err *e);
/* The same for a dataset brought up to date from a checked one whose
 * total was base_total: the structure, the customers from c0 on, the
 * order runs of the extension and of those customers, the small tables;
 * *total a bound of the new total.  0, or -1 (no message: the caller
 * runs dataset_check_sum, which says what is wrong). */
int dataset_check_added(const struct dataset *ds, size_t c0, uint64_t base_total, uint64_t *total);
/* The same for the small tables alone (an update that changed only them:
 * the customers and orders were checked when the snapshot was mapped). */
int dataset_check_journal(const struct dataset *ds, struct err *e);

#endif
