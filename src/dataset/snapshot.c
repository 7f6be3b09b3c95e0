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
 * header, then every array of struct dataset in a fixed order (the
 * sections), each starting at a multiple of 64 bytes — the customers'
 * arrays and the order columns, which map on their own, at 64 KiB.  The
 * customers' arrays are in part c (DB.snapshot.c-ID), the columns in part
 * o, and an update's extensions in parts x (the runs of customers that got
 * orders) and n (the customers added); the main file holds the rest.  The
 * files are mapped, not read: the arrays point into the page cache, so a
 * cold load neither copies nor zeroes them; each customer array and each
 * column in a region with room behind it, where the next update appends
 * (incr.c) — never into a file, which once renamed into place is never
 * changed.
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
#define COL_ALIGN ((size_t)ORD_STEP * sizeof(day_t)) /* 64 KiB: a column maps page-aligned */
#define NSECT SNAP_NSECT
/* the sections' groups */
enum { S_POOL = 9, S_COL = 10, S_XCOL = 13, S_OFF = 16, S_END = 17, S_SMALL = 18, S_NEW = 32 };

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

/* The bytes of one row of column j (date, revenue, margin). */
static size_t col_size(int j)
{
	return j == 0 ? sizeof(day_t) : sizeof(int64_t);
}

/* The bytes of one element of customer array k (the pool's: a byte). */
static size_t cust_size(int k)
{
	static const unsigned char sz[10] = {8, 4, 4, 4, 4, 4, 1, 8, 4, 1};
	return sz[k];
}

/* Where part n's bytes of customer array k start in it: the last
 * CUST_STEP boundary within part c's. */
static size_t cust_from(const struct snap_header *h, int k)
{
	size_t b = k == S_POOL ? (size_t)h->pool_base : cust_size(k) * (size_t)h->cust_base;
	return b / CUST_STEP * CUST_STEP;
}

/* The arrays of a dataset other than the orders' columns (their places in
 * struct dataset), in section order; NULL for the six column sections. */
static void slots(struct dataset *ds, void **p[NSECT])
{
	int k = 0;
	p[k++] = (void **)&ds->key;
	p[k++] = (void **)&ds->cid_off;
	p[k++] = (void **)&ds->name_off;
	p[k++] = (void **)&ds->owner_off;
	p[k++] = (void **)&ds->region_off;
	p[k++] = (void **)&ds->industry_off;
	p[k++] = (void **)&ds->erased;
	p[k++] = (void **)&ds->acq_cost;
	p[k++] = (void **)&ds->acq_on;
	p[k++] = (void **)&ds->pool;
	for (; k < S_OFF; k++)
		p[k] = NULL;
	p[k++] = (void **)&ds->ord_start;
	p[k++] = (void **)&ds->ord_end;
	p[k++] = (void **)&ds->sv_off;
	p[k++] = (void **)&ds->sv;
	p[k++] = (void **)&ds->ref_off;
	p[k++] = (void **)&ds->ref;
	p[k++] = (void **)&ds->cmp_off;
	p[k++] = (void **)&ds->cmp;
	p[k++] = (void **)&ds->prm_off;
	p[k++] = (void **)&ds->prm;
	p[k++] = (void **)&ds->dlg_off;
	p[k++] = (void **)&ds->dlg;
	p[k++] = (void **)&ds->dep_off;
	p[k++] = (void **)&ds->dep;
	p[k++] = (void **)&ds->fol_off;
	p[k++] = (void **)&ds->fol;
	for (; k < NSECT; k++)
		p[k] = NULL;
}

/* The sections' sizes in bytes, from the counts in h (which the caller
 * has bounded, so no product overflows). */
static void sizes(const struct snap_header *h, size_t n[NSECT])
{
	size_t c = (size_t)h->ncust, k = 0;
	for (; k < S_POOL; k++)
		n[k] = cust_size((int)k) * (size_t)h->cust_base;
	n[k++] = (size_t)h->pool_base;
	for (int j = 0; j < 3; j++)
		n[k++] = col_size(j) * (size_t)h->ord_base;
	for (int j = 0; j < 3; j++)
		n[k++] = col_size(j) * (size_t)h->ord_ext_n;
	n[k++] = sizeof(uint64_t) * (c + 1);
	n[k++] = h->ord_split ? sizeof(uint64_t) * c : 0;
	n[k++] = sizeof(uint32_t) * (c + 1);
	n[k++] = sizeof(struct ds_survey) * h->nsv;
	n[k++] = sizeof(uint32_t) * (c + 1);
	n[k++] = sizeof(struct ds_referral) * h->nref;
	n[k++] = sizeof(uint32_t) * (c + 1);
	n[k++] = sizeof(struct ds_complaint) * h->ncmp;
	n[k++] = sizeof(uint32_t) * (c + 1);
	n[k++] = sizeof(struct ds_promise) * h->nprm;
	n[k++] = sizeof(uint32_t) * (c + 1);
	n[k++] = sizeof(day_t) * h->ndlg;
	n[k++] = sizeof(uint32_t) * (c + 1);
	n[k++] = sizeof(day_t) * h->ndep;
	n[k++] = sizeof(uint32_t) * (c + 1);
	n[k++] = sizeof(struct ds_follow_up) * h->nfol;
	for (int j = 0; j < S_COL; j++, k++) {
		size_t all = j == S_POOL ? (size_t)h->pool_len : cust_size(j) * c;
		n[k] = h->cust_split ? all - cust_from(h, j) : 0;
	}
}

/* Where each section of ds starts in memory (the extension's columns at
 * ord_ext_at rows into theirs). */
static void section_ptrs(struct dataset *ds, const struct snap_header *h, const void *p[NSECT])
{
	void **s[NSECT];
	char *col[3] = {(char *)ds->ord_date, (char *)ds->ord_rev, (char *)ds->ord_margin};
	slots(ds, s);
	for (int k = 0; k < NSECT; k++)
		p[k] = s[k] ? *s[k] : NULL;
	for (int j = 0; j < 3; j++) {
		p[S_COL + j] = col[j];
		p[S_XCOL + j] =
		    h->ord_ext_n ? col[j] + col_size(j) * (size_t)h->ord_ext_at : col[j];
	}
	for (int j = 0; j < S_COL; j++)
		p[S_NEW + j] = (const char *)p[j] + (h->cust_split ? cust_from(h, j) : 0);
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
	const void *p[NSECT];
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
			j->sum[k] = sum_bytes(0x626f6479 + (uint64_t)k, j->p[k], j->n[k]);
}

void snapshot_body_sums(struct dataset *ds, struct snap_header *h)
{
	struct sums_job j;
	size_t load[2] = {0, 0};
	int done[NSECT] = {0};
	section_ptrs(ds, h, j.p);
	sizes(h, j.n);
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

/* Which part section k belongs to: 0 customers, 1 orders, 2 the orders'
 * extension, 3 the customers', -1 none (the main file). */
static int part_of(int k)
{
	return k < S_COL ? 0 : k < S_XCOL ? 1 : k < S_OFF ? 2 : k >= S_NEW ? 3 : -1;
}

/* Which file section k lies in: 0 this one, 1 + g part g. */
static int file_of(const struct snap_header *h, int k)
{
	int g = part_of(k);
	return g >= 0 && h->part_id[g] ? 1 + g : 0;
}

/* Where section k starts after `at` bytes of its file: in a part's file
 * (the customers' arrays, the columns: each maps on its own) at 64 KiB,
 * in the main file at 64 bytes; an empty section takes no room. */
static size_t align_for(const struct snap_header *h, int k, size_t at, size_t n)
{
	size_t a = file_of(h, k) ? COL_ALIGN : SNAP_ALIGN;
	return n ? (at + a - 1) / a * a : at;
}

/* Where every section lies (its file, its offset there) and the files'
 * sizes, from the header's counts: 0 when a count is out of bounds or the
 * orders' rows do not fit their room (then nothing is set), so that no
 * size below overflows. */
static int layout_of(const struct snap_header *h, size_t off[NSECT], size_t n[NSECT],
                     size_t fsize[1 + SNAP_NPART])
{
	const uint64_t counts[] = {h->ncust,      h->norders,   h->pool_len, h->nsv,
	                           h->nref,       h->ncmp,      h->nprm,     h->ndlg,
	                           h->ndep,       h->nfol,      h->ord_base, h->ord_ext_n,
	                           h->ord_ext_at, h->cust_base, h->pool_base};
	for (size_t i = 0; i < ARRAY_SIZE(counts); i++)
		if (counts[i] > ((uint64_t)1 << 40))
			return 0;
	if (h->ncust > UINT32_MAX - 1 || h->pool_len > UINT32_MAX || h->nsv > UINT32_MAX ||
	    h->nref > UINT32_MAX || h->ncmp > UINT32_MAX || h->nprm > UINT32_MAX ||
	    h->ndlg > UINT32_MAX || h->ndep > UINT32_MAX || h->nfol > UINT32_MAX ||
	    h->ord_split > 1 || h->cust_split > 1)
		return 0;
	/* all customers in part c, or the rest in part n within the room */
	struct cust_room cr = cust_room_of(h->cust_base, h->pool_base);
	if (!h->cust_split
	        ? h->cust_base != h->ncust || h->pool_base != h->pool_len
	        : h->cust_base > h->ncust || h->pool_base > h->pool_len || h->ncust > cr.cust ||
	              h->pool_len > cr.pool || !h->part_id[0] || !h->part_id[3])
		return 0;
	/* back to back: no extension; else the extension at one of its two
	 * places, within its room */
	struct ord_room r = ord_room_of(h->ord_base);
	if (!h->ord_split
	        ? h->ord_ext_n || h->ord_ext_at || h->norders != h->ord_base
	        : (h->ord_ext_at != r.at[0] && h->ord_ext_at != r.at[1]) || h->ord_ext_n > r.cap ||
	              !h->part_id[1] || (h->ord_ext_n && !h->part_id[2]))
		return 0;
	sizes(h, n);
	for (int f = 0; f <= SNAP_NPART; f++)
		fsize[f] = 0;
	fsize[0] = sizeof(*h);
	for (int k = 0; k < NSECT; k++) {
		int f = file_of(h, k);
		off[k] = align_for(h, k, fsize[f], n[k]);
		fsize[f] = off[k] + n[k];
	}
	return 1;
}

/* The header fits a file of fsize bytes holding every part, its runs back
 * to back. */
static int header_fits(const struct snap_header *h, uint64_t fsize)
{
	size_t off[NSECT], n[NSECT], sz[1 + SNAP_NPART];
	for (int g = 0; g < SNAP_NPART; g++)
		if (h->part_id[g])
			return 0;
	return !h->ord_split && !h->cust_split && layout_of(h, off, n, sz) && sz[0] == fsize;
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

/* Sets ds's counts and the orders' layout from h. */
static void counts_of(struct dataset *ds, const struct snap_header *h)
{
	ds->ncust = (size_t)h->ncust;
	ds->norders = (size_t)h->norders;
	ds->pool_len = (size_t)h->pool_len;
	ds->max_order_date = h->max_order_date;
	ds->ord_base = (size_t)h->ord_base;
	ds->ord_ext_at = (size_t)h->ord_ext_at;
	ds->ord_ext_n = (size_t)h->ord_ext_n;
	ds->cust_base = (size_t)h->cust_base;
	ds->pool_base = (size_t)h->pool_base;
	if (!h->ord_split)
		ds->ord_end = ds->ord_start + 1;
}

int snapshot_layout(struct dataset *ds, const struct snap_header *h, const char *base, size_t len)
{
	void **p[NSECT];
	size_t off[NSECT], n[NSECT], sz[1 + SNAP_NPART];
	if (len < sizeof(*h) || !header_fits(h, (uint64_t)len))
		return 0;
	layout_of(h, off, n, sz);
	slots(ds, p);
	for (int i = 0; i < NSECT; i++)
		if (p[i] && i != S_END)
			*p[i] = (void *)(base + off[i]);
	ds->ord_date = (day_t *)(base + off[S_COL]);
	ds->ord_rev = (int64_t *)(base + off[S_COL + 1]);
	ds->ord_margin = (int64_t *)(base + off[S_COL + 2]);
	counts_of(ds, h);
	return 1;
}

static void part_path(const char *path, int g, uint64_t id, struct strbuf *out)
{
	sb_reset(out);
	sb_addf(out, "%s.%c-%016llx", path, "coxn"[g], (unsigned long long)id);
}

static size_t page_up(size_t x)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	return (x + pg - 1) / pg * pg;
}

/* Maps n bytes at offset off of fd at addr, read-only (flags MAP_SHARED,
 * or MAP_PRIVATE where an update may append: its pages are copied when
 * written, the file never is); 0 or -1. */
static int map_at(char *addr, size_t n, int fd, size_t off, int flags)
{
	if (!n)
		return 0;
	if (off % (size_t)sysconf(_SC_PAGESIZE))
		return -1;
	return mmap(addr, n, PROT_READ, flags | MAP_FIXED, fd, (off_t)off) == MAP_FAILED ? -1 : 0;
}

/*
 * One reserved range holds the mapped snapshot: the main file, then each
 * customer array in a region of its own, room for cust_room customers
 * (the pool: pool_room bytes): part c's bytes at its start — up to the
 * last CUST_STEP boundary when part n holds the rest, which follows from
 * there; then each of the three order columns in a region of its own,
 * `room` rows long: the first ord_base rows from part o at its start, the
 * extension (part x) ord_ext_at rows into it.  The rest of each region
 * stays reserved, not mapped, for the next update (incr.c).
 */
static int map_file(const char *path, struct dataset *ds, const struct snap_key *k, int base,
                    struct snap_header *hout)
{
	struct snap_header h;
	struct stat stt;
	struct dataset m;
	size_t off[NSECT], n[NSECT], fsize[1 + SNAP_NPART];
	int fd[1 + SNAP_NPART];
	for (int f = 0; f <= SNAP_NPART; f++)
		fd[f] = -1;
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
	struct ord_room r = ord_room_of(h.ord_base);
	struct cust_room cr = cust_room_of(h.cust_base, h.pool_base);
	/* regions for the arrays of parts in files of their own (in the main
	 * file they lie as they are, without room) */
	int own_c = h.part_id[0] != 0, own_o = h.part_id[1] != 0;
	size_t cust_at[S_COL], col_at[3], len = page_up(fsize[0]);
	for (int j = 0; j < S_COL; j++) {
		cust_at[j] = own_c ? len : off[j];
		if (own_c)
			len +=
			    page_up(j == S_POOL ? (size_t)cr.pool : cust_size(j) * (size_t)cr.cust);
	}
	for (int j = 0; j < 3; j++) {
		col_at[j] = own_o ? len : off[S_COL + j];
		if (own_o)
			len += page_up(col_size(j) * (size_t)r.room);
	}
	char *map =
	    ok ? mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
	       : MAP_FAILED;
	ok = map != MAP_FAILED;
	if (ok && map_at(map, fsize[0], fd[0], 0, MAP_SHARED))
		ok = 0;
	for (int j = 0; j < S_COL && ok && own_c; j++) {
		size_t from = h.cust_split ? cust_from(&h, j) : n[j];
		if (map_at(map + cust_at[j], from, fd[file_of(&h, j)], off[j], MAP_PRIVATE) ||
		    map_at(map + cust_at[j] + from, n[S_NEW + j], fd[file_of(&h, S_NEW + j)],
		           off[S_NEW + j], MAP_PRIVATE))
			ok = 0;
	}
	for (int j = 0; j < 3 && ok && own_o; j++)
		if (map_at(map + col_at[j], n[S_COL + j], fd[file_of(&h, S_COL + j)],
		           off[S_COL + j], MAP_SHARED) ||
		    map_at(map + col_at[j] + col_size(j) * (size_t)h.ord_ext_at, n[S_XCOL + j],
		           fd[file_of(&h, S_XCOL + j)], off[S_XCOL + j], MAP_SHARED))
			ok = 0;
	for (int f = 0; f <= SNAP_NPART; f++)
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
		slots(&m, p);
		for (int i = S_COL; i < NSECT; i++)
			if (p[i])
				*p[i] = map + off[i]; /* in the main file */
		for (int j = 0; j < S_COL; j++)
			*p[j] = map + cust_at[j];
		m.ord_date = (day_t *)(map + col_at[0]);
		m.ord_rev = (int64_t *)(map + col_at[1]);
		m.ord_margin = (int64_t *)(map + col_at[2]);
	}
	counts_of(&m, &h);
	m.ord_room = own_o ? (size_t)r.room : 0;
	m.cust_room = own_c ? (size_t)cr.cust : 0;
	m.pool_room = own_c ? (size_t)cr.pool : 0;
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
	if (!ok || dataset_check_sum(&m, &m.amount_total, &e)) {
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

/* Writes section k (n bytes at p) at its aligned place after *pos. */
static int put(int fd, const struct snap_header *h, size_t *pos, int k, const void *p, size_t n)
{
	static const char zeros[SNAP_ALIGN];
	size_t to = align_for(h, k, *pos, n);
	while (*pos < to) {
		size_t z = to - *pos < sizeof(zeros) ? to - *pos : sizeof(zeros);
		if (write_all(fd, zeros, z))
			return -1;
		*pos += z;
	}
	if (n && write_all(fd, p, n))
		return -1;
	*pos += n;
	return 0;
}

/* Writes the sections of p whose file is f into a temporary file of this
 * writer's own (created exclusively: no other writer's file, no link
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
	int bad = 0;
	if (f == 0) {
		bad = write_all(fd, h, sizeof(*h));
		pos = sizeof(*h);
	}
	for (int i = 0; i < NSECT && !bad; i++)
		if (file_of(h, i) == f)
			bad = put(fd, h, &pos, i, p[i], n[i]);
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
	struct strbuf dir = STRBUF_INIT, name = STRBUF_INIT, kp[SNAP_NPART];
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t blen = strlen(base);
	if (slash)
		sb_add(&dir, path, (size_t)(slash - path) + 1);
	for (int g = 0; g < SNAP_NPART; g++) {
		sb_init(&kp[g]);
		if (keep[g])
			part_path(base, g, keep[g], &kp[g]);
	}
	DIR *d = opendir(dir.len ? dir.buf : ".");
	for (struct dirent *de; d && (de = readdir(d));) {
		const char *x = de->d_name + blen;
		int kept = 0;
		/* DB.snapshot.c-ID, .o-ID, .x-ID, .n-ID (and their temporary
		 * files) */
		if (strncmp(de->d_name, base, blen) || x[0] != '.' || !x[1] ||
		    !strchr("coxn", x[1]) || x[2] != '-' || strlen(x) < 3 + 16)
			continue;
		for (int g = 0; g < SNAP_NPART; g++)
			kept |= kp[g].len && !strcmp(de->d_name, kp[g].buf);
		if (kept)
			continue;
		sb_reset(&name);
		sb_addf(&name, "%s%s", dir.buf, de->d_name);
		unlink(name.buf);
	}
	if (d)
		closedir(d);
	sb_release(&dir), sb_release(&name);
	for (int g = 0; g < SNAP_NPART; g++)
		sb_release(&kp[g]);
}

void snapshot_write(const char *dbpath, struct dataset *ds, const struct snap_key *k,
                    struct dataset *base, const struct snap_header *bh)
{
	struct strbuf path = STRBUF_INIT, pp = STRBUF_INIT;
	struct snap_header h;
	const void *src[NSECT], *bsrc[NSECT];
	size_t n[NSECT], bn[NSECT];
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
	h.state = k->state;
	memcpy(h.hwm, k->hwm, sizeof(h.hwm));
	memcpy(h.rw, k->rw, sizeof(h.rw));
	h.orders_version = ds->orders_version;
	h.ord_base = ds->ord_base;
	h.ord_split = ds->ord_end != ds->ord_start + 1;
	h.ord_ext_at = h.ord_split ? ds->ord_ext_at : 0;
	h.ord_ext_n = h.ord_split ? ds->ord_ext_n : 0;
	h.cust_split = ds->cust_base != c || ds->pool_base != ds->pool_len;
	h.cust_base = h.cust_split ? ds->cust_base : c;
	h.pool_base = h.cust_split ? ds->pool_base : ds->pool_len;
	/* in files of their own (named below); no extension, no file */
	h.part_id[0] = h.part_id[1] = 1;
	h.part_id[2] = h.ord_ext_n > 0;
	h.part_id[3] = h.cust_split;
	section_ptrs(ds, &h, src);
	sizes(&h, n);
	if (base) {
		section_ptrs(base, bh, bsrc);
		sizes(bh, bn);
	}
	for (int i = 0; i < NSECT; i++) {
		if (base && src[i] == bsrc[i] && n[i] == bn[i])
			/* an array kept as it was in the base: its checksum, verified
			 * when the base was mapped */
			h.sect_sum[i] = bh->sect_sum[i];
		else
			h.sect_sum[i] = sum_bytes(0x626f6479 + (uint64_t)i, src[i], n[i]);
	}
	/* a part is named after its sections' checksums and sizes */
	for (int g = 0; g < SNAP_NPART; g++) {
		uint64_t id[2 * S_COL];
		int m = 0;
		if (!h.part_id[g])
			continue;
		for (int i = 0; i < NSECT; i++)
			if (part_of(i) == g)
				id[m++] = h.sect_sum[i], id[m++] = n[i];
		/* the format's magic too: a part of another layout never has
		 * the name of one of this */
		uint64_t seed = hash64(SNAP_MAGIC, 8, 0x70617274 + (uint64_t)g);
		h.part_id[g] = hash64(id, sizeof(id[0]) * (size_t)m, seed) | 1;
	}
	h.header_sum = snapshot_header_sum(&h);
	snap_path(dbpath, &path);
	size_t off[NSECT], nn[NSECT], fsize[1 + SNAP_NPART];
	if (!layout_of(&h, off, nn, fsize))
		goto out;
	int bad = 0;
	for (int g = 0; g < SNAP_NPART && !bad; g++) {
		struct stat stt;
		if (!h.part_id[g])
			continue;
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
out:
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
