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
 * Layout (native byte order, the machine that wrote it reads it):
 *   header (struct snap_header), key[ncust] int64, ord_off[ncust+1]
 *   uint64, ord_date[n] int32, ord_rev[n] int64, ord_margin[n] int64.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset_int.h"

#define SNAP_MAGIC "TREUESN1"

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

int snapshot_read(const char *dbpath, struct dataset *ds, uint64_t rowid_max)
{
	struct strbuf path = STRBUF_INIT;
	struct snap_header h;
	int fd, ok = 0;
	int64_t *keys = NULL;
	snap_path(dbpath, &path, 0);
	fd = open(path.buf, O_RDONLY | O_CLOEXEC);
	sb_release(&path);
	if (fd < 0)
		return 0;
	if (read_all(fd, &h, sizeof(h)) || memcmp(h.magic, SNAP_MAGIC, 8) ||
	    h.endian != 0x01020304 || h.header_size != sizeof(h) ||
	    h.data_version != ds->data_version || h.ncust != ds->ncust ||
	    h.order_rowid_max != rowid_max || h.norders > rowid_max)
		goto out;
	keys = xmalloc(sizeof(int64_t) * (ds->ncust + 1));
	if (read_all(fd, keys, sizeof(int64_t) * ds->ncust) ||
	    memcmp(keys, ds->key, sizeof(int64_t) * ds->ncust))
		goto out;
	size_t n = (size_t)h.norders;
	ds->ord_cap = n + 1;
	ds->ord_off = xmalloc(sizeof(uint64_t) * (ds->ncust + 1));
	ds->ord_date = big_alloc(sizeof(day_t) * ds->ord_cap);
	ds->ord_rev = big_alloc(sizeof(int64_t) * ds->ord_cap);
	ds->ord_margin = big_alloc(sizeof(int64_t) * ds->ord_cap);
	if (read_all(fd, ds->ord_off, sizeof(uint64_t) * (ds->ncust + 1)) ||
	    read_all(fd, ds->ord_date, sizeof(day_t) * n) ||
	    read_all(fd, ds->ord_rev, sizeof(int64_t) * n) ||
	    read_all(fd, ds->ord_margin, sizeof(int64_t) * n) || ds->ord_off[ds->ncust] != n) {
		free(ds->ord_off);
		big_free(ds->ord_date, sizeof(day_t) * ds->ord_cap);
		big_free(ds->ord_rev, sizeof(int64_t) * ds->ord_cap);
		big_free(ds->ord_margin, sizeof(int64_t) * ds->ord_cap);
		ds->ord_off = NULL, ds->ord_date = NULL, ds->ord_rev = NULL, ds->ord_margin = NULL;
		ds->ord_cap = 0;
		goto out;
	}
	ds->norders = n;
	ds->max_order_date = h.max_order_date;
	ok = 1;
out:
	free(keys);
	close(fd);
	return ok;
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
	size_t n = ds->norders;
	int bad = write_all(fd, &h, sizeof(h)) ||
	          write_all(fd, ds->key, sizeof(int64_t) * ds->ncust) ||
	          write_all(fd, ds->ord_off, sizeof(uint64_t) * (ds->ncust + 1)) ||
	          write_all(fd, ds->ord_date, sizeof(day_t) * n) ||
	          write_all(fd, ds->ord_rev, sizeof(int64_t) * n) ||
	          write_all(fd, ds->ord_margin, sizeof(int64_t) * n);
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
