/*
 * dataset_int.h — what the dataset's own files share (not for other modules).
 */
#ifndef TREUE_DATASET_INT_H
#define TREUE_DATASET_INT_H

#include "dataset.h"

/* What a snapshot must match to stand for the store: the store's identity
 * (id, data version, stamp), and what other programs' rows would change
 * (the customer count, the largest customer key and order rowid). */
struct snap_key {
	struct store_identity id;
	int64_t max_key;
	uint64_t ncust, rowid_max;
};

/* The snapshot file's header (native byte order).  header_sum is hash64 of
 * the header with header_sum set to 0; body_sum the checksum of the
 * arrays (snapshot_body_sum). */
#define SNAP_MAGIC "TREUESN6"
struct snap_header {
	char magic[8];
	uint32_t endian; /* 0x01020304 as written */
	uint32_t header_size;
	int64_t store_id, data_version, stamp, max_key;
	uint64_t ncust, norders, order_rowid_max, pool_len;
	uint64_t nsv, nref, ncmp, nprm, ndlg, ndep, nfol;
	int32_t max_order_date, reserved;
	uint64_t body_sum, header_sum;
};

/* The dataset snapshot beside the database (snapshot.c). */
int snapshot_enabled(const char *dbpath);
/* Maps the snapshot at path into ds when it matches k, is whole and
 * passes dataset_check; 1 when used, else 0 with ds untouched. */
int snapshot_map_file(const char *path, struct dataset *ds, const struct snap_key *k);
/* The same for the snapshot beside the database at dbpath. */
int snapshot_map(const char *dbpath, struct dataset *ds, const struct snap_key *k);
/* Writes ds as the snapshot of dbpath (a temporary file of its own, then
 * renamed); best effort. */
void snapshot_write(const char *dbpath, struct dataset *ds, const struct snap_key *k);
/* Points the arrays of ds into base[0..len) as the snapshot lays them out
 * for header h, with the counts of h; 0 when h does not fit len (nothing
 * set).  No content is checked (snapshot_map_file does that). */
int snapshot_layout(struct dataset *ds, const struct snap_header *h, const char *base, size_t len);
/* The checksums of the header (header_sum zeroed) and of a dataset's
 * arrays as the snapshot lays them out. */
uint64_t snapshot_header_sum(const struct snap_header *h);
uint64_t snapshot_body_sum(struct dataset *ds, const struct snap_header *h);

/* What every loaded dataset promises its readers (check.c): offsets and
 * string offsets in bounds, dates within DAY_MIN..DAY_MAX, amounts within
 * ±MONEY_MAX and their absolute total within MONEY_SUM_MAX.  0 or -1. */
int dataset_check(const struct dataset *ds, struct err *e);

#endif
