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
 * The snapshot is used only when it stands for the store (struct
 * snap_key): the same store identity, data version and stamp (the stamp is
 * drawn anew with every audited change, the identity once per database, so
 * a database deleted and imported anew or a backup copied back is never
 * taken for the one the snapshot was made from), the same number of
 * customers and largest customer key, and the same largest order rowid
 * (rows appended by other programs).  And only when it is whole: the
 * header's checksum, every size checked against the file's size before
 * anything is mapped, a checksum over all arrays, and then dataset_check
 * (every offset and string offset in bounds, dates and amounts in range).
 * Anything else — another machine's byte order, a truncated or damaged
 * file, a file of someone else — is ignored and the dataset is read from
 * SQLite; the snapshot is then written anew, to a temporary file of this
 * writer's own (mkstemp) renamed over the old one, so readers never see
 * half a file and two writers never share one.  Writing is best effort: a
 * read-only directory only costs speed.  TREUE_SNAPSHOT=0 turns it off.
 *
 * Layout (native byte order: the machine that wrote it reads it): the
 * header, then every array of struct dataset in a fixed order, each
 * starting at a multiple of 64 bytes.  The file is mapped, not read: the
 * arrays point into the page cache, so a cold load neither copies nor
 * zeroes them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset_int.h"

#define SNAP_ALIGN 64
#define NSECT 28

int snapshot_enabled(const char *dbpath)
{
	const char *env = getenv("TREUE_SNAPSHOT");
	if (env && !strcmp(env, "0"))
		return 0;
	return dbpath && *dbpath && strcmp(dbpath, ":memory:") && strncmp(dbpath, "file:", 5) &&
	       !strstr(dbpath, "://");
}

static void snap_path(const char *dbpath, struct strbuf *out)
{
	sb_reset(out);
	sb_addf(out, "%s.snapshot", dbpath);
}

/* The arrays of a dataset with their sizes in bytes, from the counts in h
 * (which the caller has bounded, so no product overflows). */
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

uint64_t snapshot_header_sum(const struct snap_header *h)
{
	struct snap_header x = *h;
	x.header_sum = 0;
	return hash64(&x, sizeof(x), 0x736e6170);
}

/* A fast checksum of n bytes (four lanes of xxHash64's round), chained
 * through h.  Not cryptographic: it finds damage, not forgery (whoever can
 * write the snapshot can write the database too). */
static uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t sum_bytes(uint64_t h, const unsigned char *p, size_t n)
{
	const uint64_t P1 = 0x9E3779B185EBCA87ULL, P2 = 0xC2B2AE3D27D4EB4FULL;
	uint64_t v[4] = {h + P1 + P2, h + P2, h, h - P1};
	size_t i = 0;
	for (; i + 32 <= n; i += 32)
		for (int l = 0; l < 4; l++) {
			uint64_t w;
			memcpy(&w, p + i + 8 * l, 8);
			v[l] = rotl64(v[l] + w * P2, 31) * P1;
		}
	uint64_t r = rotl64(v[0], 1) + rotl64(v[1], 7) + rotl64(v[2], 12) + rotl64(v[3], 18);
	r ^= (uint64_t)n * P1;
	for (; i < n; i++)
		r = rotl64(r ^ (p[i] * P1), 11) * P2;
	r ^= r >> 33;
	r *= P2;
	r ^= r >> 29;
	return r;
}

uint64_t snapshot_body_sum(struct dataset *ds, const struct snap_header *h)
{
	void **p[NSECT];
	size_t n[NSECT];
	uint64_t sum = 0x626f6479;
	sections(ds, h, p, n);
	for (int k = 0; k < NSECT; k++)
		sum = sum_bytes(sum, *p[k], n[k]);
	return sum;
}

/* The header fits the file: every count bounded by the file's size (so
 * no size below overflows), the sections' total equal to it. */
static int header_fits(const struct snap_header *h, uint64_t fsize)
{
	const uint64_t counts[] = {h->ncust, h->norders, h->pool_len, h->nsv,  h->nref,
	                           h->ncmp,  h->nprm,    h->ndlg,     h->ndep, h->nfol};
	for (size_t i = 0; i < ARRAY_SIZE(counts); i++)
		if (counts[i] > fsize)
			return 0;
	if (h->ncust > UINT32_MAX - 1 || h->pool_len > UINT32_MAX || h->nsv > UINT32_MAX ||
	    h->nref > UINT32_MAX || h->ncmp > UINT32_MAX || h->nprm > UINT32_MAX ||
	    h->ndlg > UINT32_MAX || h->ndep > UINT32_MAX || h->nfol > UINT32_MAX)
		return 0;
	struct dataset scratch;
	void **p[NSECT];
	size_t n[NSECT], pos = sizeof(*h);
	sections(&scratch, h, p, n);
	for (int k = 0; k < NSECT; k++)
		pos = align_up(pos) + n[k];
	return pos == fsize;
}

static int key_matches(const struct snap_header *h, const struct snap_key *k)
{
	return h->store_id == k->id.id && h->data_version == k->id.version &&
	       h->stamp == k->id.stamp && h->max_key == k->max_key && h->ncust == k->ncust &&
	       h->order_rowid_max == k->rowid_max && h->norders <= k->rowid_max;
}

int snapshot_layout(struct dataset *ds, const struct snap_header *h, const char *base, size_t len)
{
	void **p[NSECT];
	size_t n[NSECT];
	if (len < sizeof(*h) || !header_fits(h, (uint64_t)len))
		return 0;
	sections(ds, h, p, n);
	size_t at = sizeof(*h);
	for (int i = 0; i < NSECT; i++) {
		at = align_up(at);
		*p[i] = (void *)(base + at);
		at += n[i];
	}
	ds->ncust = (size_t)h->ncust;
	ds->norders = (size_t)h->norders;
	ds->pool_len = (size_t)h->pool_len;
	ds->max_order_date = h->max_order_date;
	return 1;
}

int snapshot_map_file(const char *path, struct dataset *ds, const struct snap_key *k)
{
	struct snap_header h;
	struct stat stt;
	struct dataset m;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return 0;
	if (fstat(fd, &stt) || !S_ISREG(stt.st_mode) || (uint64_t)stt.st_size < sizeof(h) ||
	    pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || memcmp(h.magic, SNAP_MAGIC, 8) ||
	    h.endian != 0x01020304 || h.header_size != sizeof(h) ||
	    h.header_sum != snapshot_header_sum(&h) || !key_matches(&h, k) ||
	    !header_fits(&h, (uint64_t)stt.st_size)) {
		close(fd);
		return 0;
	}
	size_t len = (size_t)stt.st_size;
	char *map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return 0;
	memset(&m, 0, sizeof(m));
	m.timing = ds->timing;
	m.data_version = ds->data_version;
	m.data_stamp = ds->data_stamp;
	snapshot_layout(&m, &h, map, len); /* header_fits held above */
	struct err e;
	err_init(&e, LANG_EN);
	/* the counts of the small tables must agree with the header's, before
	 * dataset_check reads their runs */
	size_t c = m.ncust;
	if (m.sv_off[c] != h.nsv || m.ref_off[c] != h.nref || m.cmp_off[c] != h.ncmp ||
	    m.prm_off[c] != h.nprm || m.dlg_off[c] != h.ndlg || m.dep_off[c] != h.ndep ||
	    m.fol_off[c] != h.nfol || snapshot_body_sum(&m, &h) != h.body_sum ||
	    dataset_check(&m, &e)) {
		munmap(map, len);
		return 0;
	}
	m.map = map;
	m.map_len = len;
	*ds = m;
	return 1;
}

int snapshot_map(const char *dbpath, struct dataset *ds, const struct snap_key *k)
{
	struct strbuf path = STRBUF_INIT;
	snap_path(dbpath, &path);
	int rc = snapshot_map_file(path.buf, ds, k);
	sb_release(&path);
	return rc;
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

void snapshot_write(const char *dbpath, struct dataset *ds, const struct snap_key *k)
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
	h.store_id = k->id.id;
	h.data_version = k->id.version;
	h.stamp = k->id.stamp;
	h.max_key = k->max_key;
	h.ncust = c;
	h.norders = ds->norders;
	h.order_rowid_max = k->rowid_max;
	h.pool_len = ds->pool_len;
	h.nsv = ds->sv_off[c], h.nref = ds->ref_off[c], h.ncmp = ds->cmp_off[c];
	h.nprm = ds->prm_off[c], h.ndlg = ds->dlg_off[c], h.ndep = ds->dep_off[c];
	h.nfol = ds->fol_off[c];
	h.max_order_date = ds->max_order_date;
	h.body_sum = snapshot_body_sum(ds, &h);
	h.header_sum = snapshot_header_sum(&h);
	sections(ds, &h, p, n);
	snap_path(dbpath, &path);
	/* a name of this writer's own, created exclusively (no other writer's
	 * file, no link planted at a predictable name is ever followed) */
	sb_addf(&tmp, "%s.XXXXXX", path.buf);
	int fd = mkstemp(tmp.buf);
	if (fd < 0)
		goto out;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	int bad = put(fd, &pos, &h, sizeof(h));
	for (int i = 0; i < NSECT && !bad; i++)
		bad = put(fd, &pos, *p[i], n[i]);
	bad |= close(fd) != 0;
	if (bad || rename(tmp.buf, path.buf) != 0)
		unlink(tmp.buf);
out:
	sb_release(&tmp);
	sb_release(&path);
}

void snapshot_remove(const char *dbpath)
{
	struct strbuf path = STRBUF_INIT, dir = STRBUF_INIT, stray = STRBUF_INIT;
	snap_path(dbpath, &path);
	unlink(path.buf);
	/* and what a writer that was stopped half-way left: DB.snapshot.XXXXXX */
	const char *slash = strrchr(path.buf, '/');
	const char *base = slash ? slash + 1 : path.buf;
	size_t blen = strlen(base);
	if (slash)
		sb_add(&dir, path.buf, (size_t)(slash - path.buf) + 1);
	DIR *d = opendir(dir.len ? dir.buf : ".");
	for (struct dirent *de; d && (de = readdir(d));) {
		if (strncmp(de->d_name, base, blen) || de->d_name[blen] != '.' ||
		    strlen(de->d_name + blen + 1) != 6)
			continue;
		sb_reset(&stray);
		sb_addf(&stray, "%s%s", dir.buf, de->d_name);
		unlink(stray.buf);
	}
	if (d)
		closedir(d);
	sb_release(&path);
	sb_release(&dir);
	sb_release(&stray);
}
