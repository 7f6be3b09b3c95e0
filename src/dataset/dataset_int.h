/*
 * dataset_int.h — what the dataset's own files share (not for other modules).
 */
#ifndef TREUE_DATASET_INT_H
#define TREUE_DATASET_INT_H

#include "dataset.h"

/* The order snapshot beside the database (snapshot.c). */
int snapshot_enabled(const char *dbpath);
/* Fills ds's order arrays when the snapshot matches ds (customers loaded,
 * data_version set) and rowid_max; 1 when used, 0 otherwise. */
int snapshot_read(const char *dbpath, struct dataset *ds, uint64_t rowid_max);
void snapshot_write(const char *dbpath, const struct dataset *ds, uint64_t rowid_max);

#endif
