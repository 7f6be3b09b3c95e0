/*
 * snapshot.c — a binary copy of the order arrays beside the database
 * (DB.snapshot), so that a cold report reads 20 bytes per order row from
 * one file instead of asking SQLite for every row (about a microsecond
 * each).  It holds no personal data: customer keys, dates and amounts.
 *
 * The snapshot is used only when it matches the store exactly: the same
 * data version (bumped by every change treue makes to orders), the same
 * customer keys in the same order, and the same largest order rowid.
 * Otherwise the orders are read from SQLite and the snapshot is written
 * anew (to a temporary file, then renamed, so readers never see half a
 * file).  Writing is best effort: a read-only directory only costs speed.
 * TREUE_SNAPSHOT=0 turns it off.
 *
 * Layout (native byte order, the machine that wrote it reads it), each
 * part starting at a multiple of 64 bytes:
 *   header (struct snap_header), key[ncust] int64, ord_off[ncust+1]
 *   uint64, ord_date[n] int32, ord_rev[n] int64, ord_margin[n] int64.
 * The file is mapped, not read: the order arrays point into the page
 * cache, so a cold load neither copies nor zeroes them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset_int.h"

#define SNAP_MAGIC "TREUESN2"
#define SNAP_ALIGN 64 /* every array starts on a multiple of this */

struct snap_header {
	char magic[8];
	uint32_t endian; /* 0x01020304 as written */
	uint32_t header_size;
	int64_t data_version;
	uint64_t ncust, norders, order_rowid_max;
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

static int read_all(int fd, void *buf, size_t n)
{
	char *p = buf;
	while (n > 0) {
		ssize_t r = read(fd, p, n > (1u << 30) ? (1u << 30) : n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static int write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t w = write(fd, p, n > (1u << 30) ? (1u << 30) : n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static size_t align_up(size_t x)
{
	return (x + SNAP_ALIGN - 1) / SNAP_ALIGN * SNAP_ALIGN;
}

int snapshot_read(const char *dbpath, struct dataset *ds, uint64_t rowid_max)
{
	struct strbuf path = STRBUF_INIT;
	struct snap_header h;
	struct stat stt;
	int fd;
	snap_path(dbpath, &path, 0);
	fd = open(path.buf, O_RDONLY | O_CLOEXEC);
	sb_release(&path);
	if (fd < 0)
		return 0;
	if (fstat(fd, &stt) || (size_t)stt.st_size < sizeof(h) || read_all(fd, &h, sizeof(h)) ||
	    memcmp(h.magic, SNAP_MAGIC, 8) || h.endian != 0x01020304 ||
	    h.header_size != sizeof(h) || h.data_version != ds->data_version ||
	    h.ncust != ds->ncust || h.order_rowid_max != rowid_max || h.norders > rowid_max) {
		close(fd);
		return 0;
	}
	size_t n = (size_t)h.norders, off_keys = align_up(sizeof(h));
	size_t off_off = align_up(off_keys + sizeof(int64_t) * ds->ncust);
	size_t off_date = align_up(off_off + sizeof(uint64_t) * (ds->ncust + 1));
	size_t off_rev = align_up(off_date + sizeof(day_t) * n);
	size_t off_mar = align_up(off_rev + sizeof(int64_t) * n);
	size_t len = off_mar + sizeof(int64_t) * n;
	if ((size_t)stt.st_size != len) {
		close(fd);
		return 0;
	}
	char *map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return 0;
	if (memcmp(map + off_keys, ds->key, sizeof(int64_t) * ds->ncust) ||
	    ((const uint64_t *)(map + off_off))[ds->ncust] != n) {
		munmap(map, len);
		return 0;
	}
	madvise(map + off_date, len - off_date, MADV_WILLNEED);
	ds->ord_map = map;
	ds->ord_map_len = len;
	ds->ord_off = (uint64_t *)(map + off_off);
	ds->ord_date = (day_t *)(map + off_date);
	ds->ord_rev = (int64_t *)(map + off_rev);
	ds->ord_margin = (int64_t *)(map + off_mar);
	ds->ord_cap = 0;
	ds->norders = n;
	ds->max_order_date = h.max_order_date;
	return 1;
}

/* Writes zero bytes up to the next multiple of SNAP_ALIGN. */
static int pad(int fd, size_t *pos)
{
	static const char zeros[SNAP_ALIGN];
	size_t to = align_up(*pos);
	if (to > *pos && write_all(fd, zeros, to - *pos))
		return -1;
	*pos = to;
	return 0;
}

static int put(int fd, size_t *pos, const void *p, size_t n)
{
	if (pad(fd, pos) || write_all(fd, p, n))
		return -1;
	*pos += n;
	return 0;
}

void snapshot_write(const char *dbpath, const struct dataset *ds, uint64_t rowid_max)
{
	struct strbuf tmp = STRBUF_INIT, path = STRBUF_INIT;
	struct snap_header h;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, SNAP_MAGIC, 8);
	h.endian = 0x01020304;
	h.header_size = sizeof(h);
	h.data_version = ds->data_version;
	h.ncust = ds->ncust;
	h.norders = ds->norders;
	h.order_rowid_max = rowid_max;
	h.max_order_date = ds->max_order_date;
	snap_path(dbpath, &tmp, 1);
	snap_path(dbpath, &path, 0);
	int fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto out;
	size_t n = ds->norders, pos = 0;
	int bad = put(fd, &pos, &h, sizeof(h)) || put(fd, &pos, ds->key, sizeof(int64_t) * ds->ncust) ||
		  put(fd, &pos, ds->ord_off, sizeof(uint64_t) * (ds->ncust + 1)) ||
		  put(fd, &pos, ds->ord_date, sizeof(day_t) * n) ||
		  put(fd, &pos, ds->ord_rev, sizeof(int64_t) * n) ||
		  put(fd, &pos, ds->ord_margin, sizeof(int64_t) * n);
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
