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
#define NSECT SNAP_NSECT

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
	S(ds->ord_off, sizeof(uint64_t) * ((size_t)h->ord_ncust + 1));
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

/* The sections' checksums on two threads: each section to the one with
 * fewer bytes so far, largest first (each sum is its section's alone, so
 * the split changes nothing but the time). */
struct sums_job {
	void **p[NSECT];
	size_t n[NSECT];
	int part[NSECT];
	uint64_t *sum;
};

static void sums_part(void *arg, size_t lo, size_t hi, int part)
{
	struct sums_job *j = arg;
	(void)part;
	/* [lo, hi): the parts this thread sums ([0, 2) on one thread) */
	for (int k = 0; k < NSECT; k++)
		if ((size_t)j->part[k] >= lo && (size_t)j->part[k] < hi)
			j->sum[k] = sum_bytes(0x626f6479 + (uint64_t)k, *j->p[k], j->n[k]);
}

void snapshot_body_sums(struct dataset *ds, struct snap_header *h)
{
	struct sums_job j;
	size_t load[2] = {0, 0};
	int done[NSECT] = {0};
	sections(ds, h, j.p, j.n);
	j.sum = h->sect_sum;
	for (int r = 0; r < NSECT; r++) {
		int big = -1;
		for (int k = 0; k < NSECT; k++)
			if (!done[k] && (big < 0 || j.n[k] > j.n[big]))
				big = k;
		int to = load[1] < load[0];
		j.part[big] = to, load[to] += j.n[big], done[big] = 1;
	}
	parallel_for(2, 2, sums_part, &j);
}

/* Which file section k lies in: 0 this one, 1 + g part g. */
static int file_of(const struct snap_header *h, int k)
{
	int g = k < 10 ? 0 : k < 14 ? 1 : -1;
	return g >= 0 && h->part_id[g] ? 1 + g : 0;
}

/* Where every section lies (its file, its offset there) and the files'
 * sizes, from the header's counts: 0 when a count is out of bounds (then
 * nothing is set), so that no size below overflows. */
static int layout_of(const struct snap_header *h, size_t off[NSECT], size_t n[NSECT],
                     size_t fsize[3])
{
	const uint64_t counts[] = {h->ncust, h->norders, h->pool_len, h->nsv,  h->nref,     h->ncmp,
	                           h->nprm,  h->ndlg,    h->ndep,     h->nfol, h->ord_ncust};
	for (size_t i = 0; i < ARRAY_SIZE(counts); i++)
		if (counts[i] > ((uint64_t)1 << 40))
			return 0;
	if (h->ncust > UINT32_MAX - 1 || h->pool_len > UINT32_MAX || h->nsv > UINT32_MAX ||
	    h->nref > UINT32_MAX || h->ncmp > UINT32_MAX || h->nprm > UINT32_MAX ||
	    h->ndlg > UINT32_MAX || h->ndep > UINT32_MAX || h->nfol > UINT32_MAX ||
	    h->ord_ncust > h->ncust)
		return 0;
	struct dataset scratch;
	void **p[NSECT];
	sections(&scratch, h, p, n);
	fsize[0] = sizeof(*h), fsize[1] = fsize[2] = 0;
	for (int k = 0; k < NSECT; k++) {
		int f = file_of(h, k);
		off[k] = align_up(fsize[f]);
		fsize[f] = off[k] + n[k];
	}
	return 1;
}

/* The header fits a file of fsize bytes holding every part. */
static int header_fits(const struct snap_header *h, uint64_t fsize)
{
	size_t off[NSECT], n[NSECT], sz[3];
	return !h->part_id[0] && !h->part_id[1] && layout_of(h, off, n, sz) && sz[0] == fsize;
}

static int key_matches(const struct snap_header *h, const struct snap_key *k)
{
	if (h->store_id != k->id.id || h->data_version != k->id.version ||
	    h->stamp != k->id.stamp || h->max_key != k->max_key || h->ncust != k->ncust ||
	    h->order_rowid_max != k->rowid_max || h->norders > k->rowid_max || h->state != k->state)
		return 0;
	for (int t = 0; k->state && t < DT__COUNT; t++)
		if (h->hwm[t] != k->hwm[t] || h->rw[t] != k->rw[t])
			return 0;
	return 1;
}

/* A base for an update: the same store, written with state. */
static int base_matches(const struct snap_header *h, const struct snap_key *k)
{
	return h->store_id == k->id.id && h->state == 1 && k->state == 1 &&
	       h->norders <= h->order_rowid_max && h->max_key == h->hwm[DT_CUSTOMER] &&
	       (uint64_t)h->hwm[DT_ORDERS] == h->order_rowid_max;
}

void snapshot_key_of(const struct snap_header *h, struct snap_key *k)
{
	memset(k, 0, sizeof(*k));
	k->id.id = h->store_id, k->id.version = h->data_version, k->id.stamp = h->stamp;
	k->max_key = h->max_key, k->ncust = h->ncust, k->rowid_max = h->order_rowid_max;
	k->state = h->state;
	memcpy(k->hwm, h->hwm, sizeof(k->hwm));
	memcpy(k->rw, h->rw, sizeof(k->rw));
}

int snapshot_layout(struct dataset *ds, const struct snap_header *h, const char *base, size_t len)
{
	void **p[NSECT];
	size_t off[NSECT], n[NSECT], sz[3];
	if (len < sizeof(*h) || !header_fits(h, (uint64_t)len))
		return 0;
	layout_of(h, off, n, sz);
	sections(ds, h, p, n);
	for (int i = 0; i < NSECT; i++)
		*p[i] = (void *)(base + off[i]);
	ds->ncust = (size_t)h->ncust;
	ds->norders = (size_t)h->norders;
	ds->pool_len = (size_t)h->pool_len;
	ds->max_order_date = h->max_order_date;
	return 1;
}

static void part_path(const char *path, int g, uint64_t id, struct strbuf *out)
{
	sb_reset(out);
	sb_addf(out, "%s.%c-%016llx", path, g ? 'o' : 'c', (unsigned long long)id);
}

static size_t page_up(size_t x)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	return (x + pg - 1) / pg * pg;
}

static int map_file(const char *path, struct dataset *ds, const struct snap_key *k, int base,
                    struct snap_header *hout)
{
	struct snap_header h;
	struct stat stt;
	struct dataset m;
	size_t off[NSECT], n[NSECT], fsize[3];
	int fd[3] = {-1, -1, -1};
	int fdm = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fdm < 0)
		return 0;
	fd[0] = fdm;
	if (fstat(fdm, &stt) || !S_ISREG(stt.st_mode) || (uint64_t)stt.st_size < sizeof(h) ||
	    pread(fdm, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || memcmp(h.magic, SNAP_MAGIC, 8) ||
	    h.endian != 0x01020304 || h.header_size != sizeof(h) ||
	    h.header_sum != snapshot_header_sum(&h) ||
	    !(base ? base_matches(&h, k) : key_matches(&h, k)) || !layout_of(&h, off, n, fsize) ||
	    (uint64_t)stt.st_size != fsize[0]) {
		close(fdm);
		return 0;
	}
	/* the parts: files of their own, of exactly the size the header says */
	struct strbuf pp = STRBUF_INIT;
	int ok = 1;
	for (int g = 0; g < SNAP_NPART && ok; g++) {
		if (!h.part_id[g])
			continue;
		part_path(path, g, h.part_id[g], &pp);
		fd[1 + g] = open(pp.buf, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		ok = fd[1 + g] >= 0 && !fstat(fd[1 + g], &stt) && S_ISREG(stt.st_mode) &&
		     (uint64_t)stt.st_size == fsize[1 + g];
	}
	sb_release(&pp);
	/* one reserved range, the files mapped into it side by side: the
	 * dataset's arrays all lie in [map, map + len) */
	size_t start[3], len = 0;
	for (int f = 0; f < 3; f++) {
		start[f] = len;
		len += page_up(fsize[f]);
	}
	char *map =
	    ok ? mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) : MAP_FAILED;
	ok = map != MAP_FAILED;
	for (int f = 0; f < 3 && ok; f++)
		if (fsize[f] && mmap(map + start[f], fsize[f], PROT_READ, MAP_SHARED | MAP_FIXED,
		                     fd[f], 0) == MAP_FAILED)
			ok = 0;
	for (int f = 0; f < 3; f++)
		if (fd[f] >= 0)
			close(fd[f]);
	if (!ok) {
		if (map != MAP_FAILED)
			munmap(map, len);
		return 0;
	}
	memset(&m, 0, sizeof(m));
	m.timing = ds->timing;
	m.data_version = base ? h.data_version : ds->data_version;
	m.data_stamp = base ? h.stamp : ds->data_stamp;
	{
		void **p[NSECT];
		sections(&m, &h, p, n);
		for (int i = 0; i < NSECT; i++)
			*p[i] = map + start[file_of(&h, i)] + off[i];
	}
	m.ncust = (size_t)h.ncust;
	m.norders = (size_t)h.norders;
	m.pool_len = (size_t)h.pool_len;
	m.max_order_date = h.max_order_date;
	m.orders_version = h.orders_version;
	m.map = map;
	m.map_len = len;
	struct err e;
	err_init(&e, LANG_EN);
	/* the counts of the small tables must agree with the header's, before
	 * dataset_check reads their runs */
	size_t c = m.ncust;
	struct snap_header sums = h;
	ok = m.sv_off[c] == h.nsv && m.ref_off[c] == h.nref && m.cmp_off[c] == h.ncmp &&
	     m.prm_off[c] == h.nprm && m.dlg_off[c] == h.ndlg && m.dep_off[c] == h.ndep &&
	     m.fol_off[c] == h.nfol;
	if (ok) {
		snapshot_body_sums(&m, &sums);
		ok = !memcmp(sums.sect_sum, h.sect_sum, sizeof(h.sect_sum));
	}
	if (ok && h.ord_ncust < h.ncust) {
		/* an orders part of fewer customers: the others have none in it */
		const uint64_t *o = m.ord_off;
		m.ord_off = xmalloc(sizeof(uint64_t) * (c + 1));
		memcpy(m.ord_off, o, sizeof(uint64_t) * ((size_t)h.ord_ncust + 1));
		for (size_t i = (size_t)h.ord_ncust + 1; i <= c; i++)
			m.ord_off[i] = o[h.ord_ncust];
		m.mixed = 1;
	}
	if (!ok || dataset_check(&m, &e)) {
		if (m.mixed)
			free(m.ord_off);
		munmap(map, len);
		return 0;
	}
	*ds = m;
	if (hout)
		*hout = h;
	return 1;
}

int snapshot_map_file(const char *path, struct dataset *ds, const struct snap_key *k)
{
	return map_file(path, ds, k, 0, NULL);
}

int snapshot_map(const char *dbpath, struct dataset *ds, const struct snap_key *k)
{
	struct strbuf path = STRBUF_INIT;
	snap_path(dbpath, &path);
	int rc = snapshot_map_file(path.buf, ds, k);
	sb_release(&path);
	return rc;
}

int snapshot_map_base(const char *dbpath, const struct snap_key *k, struct dataset *ds,
                      struct snap_header *h)
{
	struct strbuf path = STRBUF_INIT;
	snap_path(dbpath, &path);
	memset(ds, 0, sizeof(*ds));
	int rc = map_file(path.buf, ds, k, 1, h);
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

/* Writes the n sections of p whose file is f into a temporary file of
 * this writer's own (created exclusively: no other writer's file, no link
 * planted at a predictable name is ever followed), renamed to `to`. */
static int write_file(const char *to, const struct snap_header *h, int f,
                      const void *const p[NSECT], const size_t n[NSECT])
{
	struct strbuf tmp = STRBUF_INIT;
	size_t pos = 0;
	sb_addf(&tmp, "%s.XXXXXX", to);
	int fd = mkstemp(tmp.buf);
	if (fd < 0) {
		sb_release(&tmp);
		return -1;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	int bad = f == 0 && put(fd, &pos, h, sizeof(*h));
	for (int i = 0; i < NSECT && !bad; i++)
		if (file_of(h, i) == f)
			bad = put(fd, &pos, p[i], n[i]);
	bad |= close(fd) != 0;
	if (bad || rename(tmp.buf, to) != 0) {
		unlink(tmp.buf);
		bad = 1;
	}
	sb_release(&tmp);
	return bad ? -1 : 0;
}

/* Removes the parts beside path other than keep[] (0: none kept). */
static void remove_parts(const char *path, const uint64_t keep[SNAP_NPART])
{
	struct strbuf dir = STRBUF_INIT, name = STRBUF_INIT, k0 = STRBUF_INIT, k1 = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t blen = strlen(base);
	if (slash)
		sb_add(&dir, path, (size_t)(slash - path) + 1);
	if (keep[0])
		part_path(base, 0, keep[0], &k0);
	if (keep[1])
		part_path(base, 1, keep[1], &k1);
	DIR *d = opendir(dir.len ? dir.buf : ".");
	for (struct dirent *de; d && (de = readdir(d));) {
		const char *x = de->d_name + blen;
		/* DB.snapshot.c-ID, DB.snapshot.o-ID (and their temporary files) */
		if (strncmp(de->d_name, base, blen) || x[0] != '.' ||
		    (x[1] != 'c' && x[1] != 'o') || x[2] != '-' || strlen(x) < 3 + 16)
			continue;
		if ((k0.len && !strcmp(de->d_name, k0.buf)) ||
		    (k1.len && !strcmp(de->d_name, k1.buf)))
			continue;
		sb_reset(&name);
		sb_addf(&name, "%s%s", dir.buf, de->d_name);
		unlink(name.buf);
	}
	if (d)
		closedir(d);
	sb_release(&dir), sb_release(&name), sb_release(&k0), sb_release(&k1);
}

void snapshot_write(const char *dbpath, struct dataset *ds, const struct snap_key *k,
                    struct dataset *base, const struct snap_header *bh, int keep_orders)
{
	struct strbuf path = STRBUF_INIT, pp = STRBUF_INIT;
	struct snap_header h;
	void **p[NSECT], **bp[NSECT];
	const void *src[NSECT];
	size_t n[NSECT], bn[NSECT];
	size_t c = ds->ncust;
	if (keep_orders && (!base || !bh->part_id[1]))
		return;
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
	h.state = k->state;
	memcpy(h.hwm, k->hwm, sizeof(h.hwm));
	memcpy(h.rw, k->rw, sizeof(h.rw));
	h.ord_ncust = c;
	h.orders_version = ds->orders_version;
	if (keep_orders) {
		/* the orders as base's part has them (the rest is read from the
		 * store by the next load) */
		h.norders = bh->norders;
		h.order_rowid_max = bh->order_rowid_max;
		h.max_order_date = bh->max_order_date;
		h.hwm[DT_ORDERS] = bh->hwm[DT_ORDERS];
		h.rw[DT_ORDERS] = bh->rw[DT_ORDERS];
		h.ord_ncust = bh->ord_ncust;
	}
	h.part_id[0] = h.part_id[1] = 1; /* in files of their own (named below) */
	sections(ds, &h, p, n);
	if (base)
		sections(base, bh, bp, bn);
	for (int i = 0; i < NSECT; i++) {
		int orders = i >= 10 && i < 14;
		src[i] = *p[i];
		if (keep_orders && orders) {
			src[i] = *bp[i];
			n[i] = bn[i];
			h.sect_sum[i] = bh->sect_sum[i];
		} else if (base && *p[i] == *bp[i] && n[i] == bn[i]) {
			/* an array kept as it was in the base: its checksum, verified
			 * when the base was mapped */
			h.sect_sum[i] = bh->sect_sum[i];
		} else {
			h.sect_sum[i] = sum_bytes(0x626f6479 + (uint64_t)i, src[i], n[i]);
		}
	}
	/* a part is named after its sections' checksums and sizes */
	for (int g = 0; g < SNAP_NPART; g++) {
		uint64_t id[2 * 14];
		int m = 0;
		for (int i = g ? 10 : 0; i < (g ? 14 : 10); i++)
			id[m++] = h.sect_sum[i], id[m++] = n[i];
		h.part_id[g] = hash64(id, sizeof(id[0]) * (size_t)m, 0x70617274 + (uint64_t)g) | 1;
	}
	h.header_sum = snapshot_header_sum(&h);
	snap_path(dbpath, &path);
	size_t off[NSECT], nn[NSECT], fsize[3];
	layout_of(&h, off, nn, fsize);
	int bad = 0;
	for (int g = 0; g < SNAP_NPART && !bad; g++) {
		struct stat stt;
		part_path(path.buf, g, h.part_id[g], &pp);
		/* the same part is there already (its content is checked when
		 * it is mapped) */
		if (!stat(pp.buf, &stt) && S_ISREG(stt.st_mode) &&
		    (uint64_t)stt.st_size == fsize[1 + g])
			continue;
		bad = write_file(pp.buf, &h, 1 + g, src, n);
	}
	if (!bad && !write_file(path.buf, &h, 0, src, n))
		remove_parts(path.buf, h.part_id);
	sb_release(&path);
	sb_release(&pp);
}

void snapshot_remove(const char *dbpath)
{
	struct strbuf path = STRBUF_INIT, dir = STRBUF_INIT, stray = STRBUF_INIT;
	snap_path(dbpath, &path);
	unlink(path.buf);
	static const uint64_t none[SNAP_NPART];
	remove_parts(path.buf, none);
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
