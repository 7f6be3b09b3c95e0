/*
 * fuzz_snapshot.c — libFuzzer target for the dataset snapshot reader: any
 * bytes as a DB.snapshot file.  The first byte chooses whether the header
 * is made to fit (magic, byte order, sizes of this build, and both
 * checksums computed over the input) so that the checks behind the
 * checksums — offsets, string offsets, dates, amounts and their total —
 * are what the fuzzer meets; otherwise the bytes are taken as they are.
 * What the reader takes must never be read out of bounds: every string and
 * every run is walked, and the loyalty model is computed over it (with
 * UndefinedBehaviorSanitizer watching its sums).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataset_int.h"
#include "model.h"
#include "vocab.h"

static char path[64];

static void walk(const struct dataset *ds)
{
	volatile size_t sink = 0;
	for (size_t i = 0; i < ds->ncust; i++) {
		sink += strlen(ds_cid(ds, i)) + strlen(ds_name(ds, i)) + strlen(ds_owner(ds, i));
		sink +=
		    strlen(ds->pool + ds->region_off[i]) + strlen(ds->pool + ds->industry_off[i]);
		sink += ds->erased[i];
		for (uint32_t k = ds->fol_off[i]; k < ds->fol_off[i + 1]; k++)
			sink += (size_t)ds->fol[k].follow_up;
		for (uint64_t k = ds->ord_start[i]; k < ds->ord_end[i]; k++)
			sink += (size_t)ds->ord_date[k] + (size_t)ds->ord_rev[k];
		for (uint32_t k = ds->sv_off[i]; k < ds->sv_off[i + 1]; k++)
			sink += (size_t)ds->sv[k].satisfaction;
		for (uint32_t k = ds->ref_off[i]; k < ds->ref_off[i + 1]; k++)
			sink += strlen(ds_cid(ds, ds->ref[k].to));
		for (uint32_t k = ds->cmp_off[i]; k < ds->cmp_off[i + 1]; k++)
			sink += ds->cmp[k].open;
		for (uint32_t k = ds->prm_off[i]; k < ds->prm_off[i + 1]; k++)
			sink += strlen(vocab_code(VOCAB_PROMISE_STATUS, ds->prm[k].status));
		for (uint32_t k = ds->dlg_off[i]; k < ds->dlg_off[i + 1]; k++)
			sink += (size_t)ds->dlg[k];
		for (uint32_t k = ds->dep_off[i]; k < ds->dep_off[i + 1]; k++)
			sink += (size_t)ds->dep[k];
	}
	(void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int fixup = data[0] & 1;
	data++, size--;
	char *buf = malloc(size + 64);
	memcpy(buf, data, size);
	struct snap_header h;
	if (fixup && size >= sizeof(h)) {
		struct dataset tmp;
		memcpy(&h, buf, sizeof(h));
		memcpy(h.magic, SNAP_MAGIC, 8);
		h.endian = 0x01020304;
		h.header_size = sizeof(h);
		/* every part in the one file (there are no part files here) */
		memset(h.part_id, 0, sizeof(h.part_id));
		memset(&tmp, 0, sizeof(tmp));
		if (snapshot_layout(&tmp, &h, buf, size))
			snapshot_body_sums(&tmp, &h);
		h.header_sum = snapshot_header_sum(&h);
		memcpy(buf, &h, sizeof(h));
	}
	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/fuzz-snapshot-%ld", (long)getpid());
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, buf, size) != (ssize_t)size)
		abort();
	close(fd);
	struct snap_key k;
	memset(&k, 0, sizeof(k));
	if (size >= sizeof(h)) {
		memcpy(&h, buf, sizeof(h));
		snapshot_key_of(&h, &k);
	}
	struct dataset ds;
	memset(&ds, 0, sizeof(ds));
	if (snapshot_map_file(path, &ds, &k)) {
		walk(&ds);
		struct model_settings set;
		struct loyalty l;
		model_settings_default(&set);
		day_t D = ds.max_order_date == DAY_NONE ? day_from_ymd(2026, 1, 1)
		                                        : ds.max_order_date + 1;
		if (D > DAY_MAX - 4000)
			D = DAY_MAX - 4000;
		if (D < DAY_MIN + 800)
			D = DAY_MIN + 800;
		model_compute(&ds, D, &set, NULL, &l);
		loyalty_release(&l);
		dataset_release(&ds);
	}
	free(buf);
	return 0;
}
