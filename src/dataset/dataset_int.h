/*
 * dataset_int.h — what the dataset's own files share (not for other modules).
 */
#ifndef TREUE_DATASET_INT_H
#define TREUE_DATASET_INT_H

#include "dataset.h"

/* The dataset snapshot beside the database (snapshot.c). */
int snapshot_enabled(const char *dbpath);
/* Maps the snapshot into ds when it matches (ds->data_version set, the
 * customer count and largest key, the largest order rowid); 1 when used. */
int snapshot_map(const char *dbpath, struct dataset *ds, int64_t max_key, uint64_t ncust,
                 uint64_t rowid_max);
void snapshot_write(const char *dbpath, struct dataset *ds, int64_t max_key, uint64_t rowid_max);

#endif
