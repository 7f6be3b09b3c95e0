/*
 * snapshot.c — a binary copy of the whole dataset beside the database
 * (DB.snapshot), so that a cold report maps one file instead of asking
 * SQLite for every row (about a microsecond each): customers (keys, ids,
 * names, account managers, regions, industries, the erased mark,
 * acquisition cost and date), orders, surveys, referrals, complaints,
 * promises, dialogue dates (and follow-up dates) and departure dates.  No free texts of the
 * journal are in it; the customer names are, so `treue erase` removes the
 * file.
 *
 * The snapshot is used only when it matches the store: the same data
 * version (bumped with every audit entry, i.e. by every change treue
 * makes), the same number of customers and largest customer key, and the
 * same largest order rowid (which also catches rows appended by other
 * programs).  Otherwise the dataset is read from SQLite and the snapshot is
 * written anew (to a temporary file, then renamed, so readers never see
 * half a file).  Writing is best effort: a read-only directory only costs
 * speed.  TREUE_SNAPSHOT=0 turns it off.
 *
 * Layout (native byte order: the machine that wrote it reads it): the
 * header, then every array of struct dataset in a fixed order, each
 * starting at a multiple of 64 bytes.  The file is mapped, not read: the
 * arrays point into the page cache, so a cold load neither copies nor
 * zeroes them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset_int.h"

#define SNAP_MAGIC "TREUESN5"
#define SNAP_ALIGN 64
#define NSECT 28

struct snap_header {
	char magic[8];
	uint32_t endian; /* 0x01020304 as written */
	uint32_t header_size;
	int64_t data_version, max_key;
	uint64_t ncust, norders, order_rowid_max, pool_len;
	uint64_t nsv, nref, ncmp, nprm, ndlg, ndep, nfol;
	int32_t max_order_date, reserved;
};

int snapshot_enabled(const char *dbpath)
{
	const char *env = getenv("TREUE_SNAPSHOT");
	if (env && !strcmp(env, "0"))
		return 0;
	return dbpath && *dbpath && strcmp(dbpath, ":memory:") && strncmp(dbpath, "file:", 5) &&
	       !strstr(dbpath, "://");
}

static void snap_path(const char *dbpath, struct strbuf *out, int tmp)
{
	sb_reset(out);
	sb_addf(out, "%s.snapshot", dbpath);
	if (tmp)
		sb_addf(out, ".%ld.tmp", (long)getpid());
}

/* The arrays of a dataset with their sizes in bytes, from the counts in h. */
static void sections(struct dataset *ds, const struct snap_header *h, void **p[NSECT],
                     size_t n[NSECT])
{
	size_t c = (size_t)h->ncust, k = 0;
#define S(ptr, bytes) (p[k] = (void **)&(ptr), n[k] = (bytes), k++)
	S(ds->key, sizeof(int64_t) * c);
	S(ds->cid_off, sizeof(uint32_t) * c);
	S(ds->name_off, sizeof(uint32_t) * c);
	S(ds->owner_off, sizeof(uint32_t) * c);
	S(ds->region_off, sizeof(uint32_t) * c);
	S(ds->industry_off, sizeof(uint32_t) * c);
	S(ds->erased, c);
	S(ds->acq_cost, sizeof(int64_t) * c);
	S(ds->acq_on, sizeof(day_t) * c);

	S(ds->pool, (size_t)h->pool_len);
	S(ds->ord_off, sizeof(uint64_t) * (c + 1));
	S(ds->ord_date, sizeof(day_t) * h->norders);
	S(ds->ord_rev, sizeof(int64_t) * h->norders);
	S(ds->ord_margin, sizeof(int64_t) * h->norders);
	S(ds->sv_off, sizeof(uint32_t) * (c + 1));
	S(ds->sv, sizeof(struct ds_survey) * h->nsv);
	S(ds->ref_off, sizeof(uint32_t) * (c + 1));
	S(ds->ref, sizeof(struct ds_referral) * h->nref);
	S(ds->cmp_off, sizeof(uint32_t) * (c + 1));
	S(ds->cmp, sizeof(struct ds_complaint) * h->ncmp);
	S(ds->prm_off, sizeof(uint32_t) * (c + 1));
	S(ds->prm, sizeof(struct ds_promise) * h->nprm);
	S(ds->dlg_off, sizeof(uint32_t) * (c + 1));
	S(ds->dlg, sizeof(day_t) * h->ndlg);
	S(ds->dep_off, sizeof(uint32_t) * (c + 1));
	S(ds->dep, sizeof(day_t) * h->ndep);
	S(ds->fol_off, sizeof(uint32_t) * (c + 1));
	S(ds->fol, sizeof(struct ds_follow_up) * h->nfol);
#undef S
}

static size_t align_up(size_t x)
{
	return (x + SNAP_ALIGN - 1) / SNAP_ALIGN * SNAP_ALIGN;
}

int snapshot_map(const char *dbpath, struct dataset *ds, int64_t max_key, uint64_t ncust,
                 uint64_t rowid_max)
{
	struct strbuf path = STRBUF_INIT;
	struct snap_header h;
	struct stat stt;
	void **p[NSECT];
	size_t n[NSECT], pos;
	snap_path(dbpath, &path, 0);
	int fd = open(path.buf, O_RDONLY | O_CLOEXEC);
	sb_release(&path);
	if (fd < 0)
		return 0;
	if (fstat(fd, &stt) || (size_t)stt.st_size < sizeof(h) ||
	    pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || memcmp(h.magic, SNAP_MAGIC, 8) ||
	    h.endian != 0x01020304 || h.header_size != sizeof(h) ||
	    h.data_version != ds->data_version || h.max_key != max_key || h.ncust != ncust ||
	    h.order_rowid_max != rowid_max || h.norders > rowid_max) {
		close(fd);
		return 0;
	}
	sections(ds, &h, p, n);
	pos = sizeof(h);
	for (int k = 0; k < NSECT; k++)
		pos = align_up(pos) + n[k];
	if ((size_t)stt.st_size != pos) {
		close(fd);
		return 0;
	}
	char *map = mmap(NULL, pos, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return 0;
	size_t at = sizeof(h);
	for (int k = 0; k < NSECT; k++) {
		at = align_up(at);
		*p[k] = map + at;
		at += n[k];
	}
	/* the offsets must agree with the counts, or the file is not ours */
	size_t c = (size_t)h.ncust;
	if (ds->ord_off[c] != h.norders || ds->sv_off[c] != h.nsv || ds->ref_off[c] != h.nref ||
	    ds->cmp_off[c] != h.ncmp || ds->prm_off[c] != h.nprm || ds->dlg_off[c] != h.ndlg ||
	    ds->dep_off[c] != h.ndep || ds->fol_off[c] != h.nfol ||
	    (h.pool_len && ds->pool[h.pool_len - 1] != '\0')) {
		munmap(map, pos);
		for (int k = 0; k < NSECT; k++)
			*p[k] = NULL;
		return 0;
	}
	ds->map = map;
	ds->map_len = pos;
	ds->ncust = c;
	ds->norders = (size_t)h.norders;
	ds->pool_len = (size_t)h.pool_len;
	ds->max_order_date = h.max_order_date;
	return 1;
}

static int write_all(int fd, const void *buf, size_t n)
{
	const char *q = buf;
	while (n > 0) {
		ssize_t w = write(fd, q, n > (1u << 30) ? (1u << 30) : n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		q += w;
		n -= (size_t)w;
	}
	return 0;
}

static int put(int fd, size_t *pos, const void *p, size_t n)
{
	static const char zeros[SNAP_ALIGN];
	size_t to = align_up(*pos);
	if (to > *pos && write_all(fd, zeros, to - *pos))
		return -1;
	*pos = to;
	if (n && write_all(fd, p, n))
		return -1;
	*pos += n;
	return 0;
}

void snapshot_write(const char *dbpath, struct dataset *ds, int64_t max_key, uint64_t rowid_max)
{
	struct strbuf tmp = STRBUF_INIT, path = STRBUF_INIT;
	struct snap_header h;
	void **p[NSECT];
	size_t n[NSECT], pos = 0;
	size_t c = ds->ncust;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, SNAP_MAGIC, 8);
	h.endian = 0x01020304;
	h.header_size = sizeof(h);
	h.data_version = ds->data_version;
	h.max_key = max_key;
	h.ncust = c;
	h.norders = ds->norders;
	h.order_rowid_max = rowid_max;
	h.pool_len = ds->pool_len;
	h.nsv = ds->sv_off[c], h.nref = ds->ref_off[c], h.ncmp = ds->cmp_off[c];
	h.nprm = ds->prm_off[c], h.ndlg = ds->dlg_off[c], h.ndep = ds->dep_off[c];
	h.nfol = ds->fol_off[c];
	h.max_order_date = ds->max_order_date;
	sections(ds, &h, p, n);
	snap_path(dbpath, &tmp, 1);
	snap_path(dbpath, &path, 0);
	int fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto out;
	int bad = put(fd, &pos, &h, sizeof(h));
	for (int k = 0; k < NSECT && !bad; k++)
		bad = put(fd, &pos, *p[k], n[k]);
	bad |= close(fd) != 0;
	if (bad || rename(tmp.buf, path.buf) != 0)
		unlink(tmp.buf);
out:
	sb_release(&tmp);
	sb_release(&path);
}

void snapshot_remove(const char *dbpath)
{
	struct strbuf path = STRBUF_INIT;
	snap_path(dbpath, &path, 0);
	unlink(path.buf);
	sb_release(&path);
}
