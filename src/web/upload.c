/*
 * upload.c — files uploaded on the import page, until they are imported:
 * kept in a private directory of the server (mkdtemp, 0700; each file
 * 0600 in a directory of its own, under a random 128-bit id, with the name
 * it was uploaded with), bound to the session that uploaded it, expiring an
 * hour after its last use, at most UPLOADS_MAX at once.  The import itself
 * runs on a detached thread with its own store connection (the request's
 * goes back to the pool), reporting its progress here for the page that
 * refreshes; closing the server waits for it.  No path ever comes from the
 * client: the page names an upload by its id only.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "web_int.h"

struct upload {
	int used;
	struct upload_info u; /* u.errors unused here: the list is `errors` */
	struct strbuf errors;
	int64_t sess_id, user_id, last_used, seq;
};

struct web_uploads {
	pthread_mutex_t mu;
	pthread_cond_t ended; /* an import ended */
	int running;
	char root[400]; /* "" until the first upload */
	int64_t seq;
	struct upload slot[UPLOADS_MAX];
};

void uploads_init(struct web_server *srv)
{
	struct web_uploads *U = xcalloc(1, sizeof(*U));
	pthread_mutex_init(&U->mu, NULL);
	pthread_cond_init(&U->ended, NULL);
	for (size_t i = 0; i < UPLOADS_MAX; i++)
		sb_init(&U->slot[i].errors);
	srv->uploads = U;
}

/* Removes the slot's file and directory and frees it (lock held). */
static void forget(struct upload *s)
{
	if (s->u.path[0])
		unlink(s->u.path);
	if (s->u.dir[0])
		rmdir(s->u.dir);
	sb_release(&s->errors);
	memset(s, 0, sizeof(*s));
	sb_init(&s->errors);
}

void uploads_close(struct web_server *srv)
{
	struct web_uploads *U = srv->uploads;
	if (!U)
		return;
	pthread_mutex_lock(&U->mu);
	while (U->running > 0)
		pthread_cond_wait(&U->ended, &U->mu);
	for (size_t i = 0; i < UPLOADS_MAX; i++)
		forget(&U->slot[i]);
	if (U->root[0])
		rmdir(U->root);
	pthread_mutex_unlock(&U->mu);
	pthread_mutex_destroy(&U->mu);
	pthread_cond_destroy(&U->ended);
	free(U);
	srv->uploads = NULL;
}

/* Uploads unused for UPLOAD_TTL go (lock held). */
static void sweep(struct web_uploads *U, int64_t now)
{
	for (size_t i = 0; i < UPLOADS_MAX; i++) {
		struct upload *s = &U->slot[i];
		if (s->used && s->u.state != UPLOAD_RUNNING && now - s->last_used > UPLOAD_TTL)
			forget(s);
	}
}

/* The session's upload with this id (lock held), or NULL. */
static struct upload *owned(struct web_uploads *U, const struct web_req *rq, const char *id)
{
	if (!id || strlen(id) != UPLOAD_ID_LEN || !rq->logged_in)
		return NULL;
	for (size_t i = 0; i < UPLOADS_MAX; i++) {
		struct upload *s = &U->slot[i];
		if (s->used && !strcmp(s->u.id, id) && s->sess_id == rq->sess.id &&
		    s->user_id == rq->user.id)
			return s;
	}
	return NULL;
}

/* The name a file is kept under: the uploaded name without any directory,
 * control characters or leading dots, at most 100 bytes (its extension
 * kept); "upload.csv" when nothing is left or it is not UTF-8. */
static void safe_name(const char *in, char out[128])
{
	const char *base = in ? in : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t o = 0;
	for (const char *p = base; *p && o < 120; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch < 0x20 || ch == 0x7F || (o == 0 && (ch == '.' || ch == ' ')))
			continue;
		out[o++] = (char)ch;
	}
	out[o] = '\0';
	if (o > 100) {
		const char *dot = strrchr(out, '.');
		size_t el = dot ? strlen(dot) : 0;
		size_t keep = 100 - (el <= 10 ? el : 0);
		/* cut on a character's first byte */
		while (keep > 0 && ((unsigned char)out[keep] & 0xC0) == 0x80)
			keep--;
		if (el && el <= 10)
			memmove(out + keep, dot, el + 1);
		else
			out[keep] = '\0';
	}
	if (!out[0] || text_chars(out) < 0)
		snprintf(out, 128, "upload.csv");
}

static int make_root(struct web_server *srv, struct err *e)
{
	struct web_uploads *U = srv->uploads;
	const char *base =
	    srv->cfg.upload_dir && *srv->cfg.upload_dir ? srv->cfg.upload_dir : "/tmp";
	if (U->root[0])
		return 0;
	if (strlen(base) > 360)
		return err_set(e, "%s",
		               L(e->lang, "the directory for uploads has too long a name",
		                 "das Verzeichnis für hochgeladene Dateien hat einen zu "
		                 "langen Namen"));
	snprintf(U->root, sizeof(U->root), "%s/treue-uploads-XXXXXX", base);
	if (!mkdtemp(U->root)) {
		int er = errno;
		U->root[0] = '\0';
		return err_set(
		    e,
		    L(e->lang, "cannot make a directory for uploads in %s: %s",
		      "kann kein Verzeichnis für hochgeladene Dateien in %s anlegen: %s"),
		    base, strerror(er));
	}
	return 0;
}

/* Why an upload cannot be kept; a full disk in the words web_disk_full knows. */
static int keep_failed(int er, struct err *e)
{
	if (er == ENOSPC || er == EDQUOT)
		return err_set(e, "%s",
		               L(e->lang, "the disk is full (free some space and try again)",
		                 "der Datenträger ist voll (bitte Platz schaffen und erneut "
		                 "versuchen)"));
	return err_set(e,
	               L(e->lang, "cannot keep the upload: %s",
	                 "kann die hochgeladene Datei nicht ablegen: %s"),
	               strerror(er));
}

static int write_file(const char *path, const char *data, size_t len, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return keep_failed(errno, e);
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int er = n < 0 ? errno : ENOSPC;
			close(fd);
			unlink(path);
			return keep_failed(er, e);
		}
		data += n;
		len -= (size_t)n;
	}
	if (close(fd)) {
		int er = errno;
		unlink(path);
		return keep_failed(er, e);
	}
	return 0;
}

int upload_add(struct web_server *srv, const struct web_req *rq, int kind, const char *filename,
               const char *data, size_t len, char id[UPLOAD_ID_LEN + 1], struct err *e)
{
	struct web_uploads *U = srv->uploads;
	struct upload *free_slot = NULL, *oldest;
	int mine, rc = 0;
	unsigned char raw[UPLOAD_ID_LEN / 2];
	pthread_mutex_lock(&U->mu);
	sweep(U, rq->now);
	if (make_root(srv, e)) {
		rc = -1;
		goto out;
	}
	/* the session's oldest uploads give way to a new one */
	for (;;) {
		mine = 0;
		oldest = NULL;
		for (size_t i = 0; i < UPLOADS_MAX; i++) {
			struct upload *s = &U->slot[i];
			if (!s->used || s->sess_id != rq->sess.id)
				continue;
			mine++;
			if (s->u.state != UPLOAD_RUNNING && (!oldest || s->seq < oldest->seq))
				oldest = s;
		}
		if (mine < UPLOADS_PER_SESSION || !oldest)
			break;
		forget(oldest);
	}
	for (size_t i = 0; i < UPLOADS_MAX && !free_slot; i++)
		if (!U->slot[i].used)
			free_slot = &U->slot[i];
	if (!free_slot || mine >= UPLOADS_PER_SESSION) {
		rc = 503;
		goto out;
	}
	struct upload *s = free_slot;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(s->u.id, sizeof(s->u.id), raw, sizeof(raw));
	safe_name(filename, s->u.name);
	snprintf(s->u.dir, sizeof(s->u.dir), "%s/%s", U->root, s->u.id);
	if (mkdir(s->u.dir, 0700)) {
		rc = err_set(e,
		             L(e->lang, "cannot keep the upload: %s",
		               "kann die hochgeladene Datei nicht ablegen: %s"),
		             strerror(errno));
		memset(&s->u, 0, sizeof(s->u));
		goto out;
	}
	snprintf(s->u.path, sizeof(s->u.path), "%s/%s", s->u.dir, s->u.name);
	if (write_file(s->u.path, data, len, e)) {
		s->u.path[0] = '\0';
		forget(s);
		rc = -1;
		goto out;
	}
	s->used = 1;
	s->u.kind = kind;
	s->u.date_order = DATE_ORDER_UNKNOWN;
	s->u.enc = ENC_AUTO;
	s->u.size = len;
	s->u.state = UPLOAD_READY;
	s->sess_id = rq->sess.id;
	s->user_id = rq->user.id;
	s->last_used = rq->now;
	s->seq = ++U->seq;
	memcpy(id, s->u.id, UPLOAD_ID_LEN + 1);
out:
	pthread_mutex_unlock(&U->mu);
	return rc;
}

int upload_get(struct web_server *srv, const struct web_req *rq, const char *id,
               struct upload_info *out)
{
	struct web_uploads *U = srv->uploads;
	pthread_mutex_lock(&U->mu);
	sweep(U, rq->now);
	struct upload *s = owned(U, rq, id);
	if (s) {
		s->last_used = rq->now;
		*out = s->u;
		out->errors = xstrdup(s->errors.buf);
	}
	pthread_mutex_unlock(&U->mu);
	return s != NULL;
}

int upload_set(struct web_server *srv, const struct web_req *rq, const char *id, int kind,
               char maps[][40], int nmaps, int date_order, int enc, const char *sheet)
{
	struct web_uploads *U = srv->uploads;
	int rc = -1;
	pthread_mutex_lock(&U->mu);
	struct upload *s = owned(U, rq, id);
	if (s && s->u.state != UPLOAD_RUNNING && s->u.state != UPLOAD_DONE) {
		if (kind != s->u.kind)
			nmaps = 0;
		s->u.kind = kind;
		for (int i = 0; i < nmaps && i < UPLOAD_MAPS_MAX; i++)
			memcpy(s->u.maps[i], maps[i], sizeof(s->u.maps[i]));
		s->u.nmaps = nmaps < UPLOAD_MAPS_MAX ? nmaps : UPLOAD_MAPS_MAX;
		s->u.date_order = date_order;
		s->u.enc = enc;
		snprintf(s->u.sheet, sizeof(s->u.sheet), "%s", sheet ? sheet : "");
		s->u.state = UPLOAD_READY;
		s->u.message[0] = '\0';
		sb_reset(&s->errors);
		s->u.nerrors = 0;
		s->last_used = rq->now;
		rc = 0;
	}
	pthread_mutex_unlock(&U->mu);
	return rc;
}

void upload_scrub(const struct upload_info *u, struct strbuf *text)
{
	char prefix[460];
	size_t pl = (size_t)snprintf(prefix, sizeof(prefix), "%s/", u->dir);
	char *p;
	if (!u->dir[0] || !text->len)
		return;
	while ((p = strstr(text->buf, prefix))) {
		size_t at = (size_t)(p - text->buf);
		memmove(p, p + pl, text->len - at - pl + 1);
		sb_setlen(text, text->len - pl);
	}
}

/* ---- the import's thread ---- */

struct job {
	struct web_server *srv;
	struct upload *slot; /* stays while the import runs */
	struct upload_info u;
	char actor[WEB_NAME_MAX + 1];
	enum lang lang;
	day_t today;
};

static void job_bad(void *cb, const struct err *e)
{
	struct job *j = cb;
	struct strbuf sb = STRBUF_INIT;
	err_format(e, &sb);
	upload_scrub(&j->u, &sb);
	pthread_mutex_lock(&j->srv->uploads->mu);
	if (j->slot->u.nerrors++ < UPLOAD_ERRORS_MAX) {
		sb_add(&j->slot->errors, sb.buf, sb.len);
		sb_addch(&j->slot->errors, '\n');
	}
	pthread_mutex_unlock(&j->srv->uploads->mu);
	sb_release(&sb);
}

static void job_progress(void *cb, int pass, const char *path, uint64_t done, uint64_t total)
{
	struct job *j = cb;
	(void)path;
	pthread_mutex_lock(&j->srv->uploads->mu);
	j->slot->u.pass = pass;
	j->slot->u.done = done;
	j->slot->u.total = total;
	pthread_mutex_unlock(&j->srv->uploads->mu);
}

static void *job_main(void *arg)
{
	struct job *j = arg;
	struct web_uploads *U = j->srv->uploads;
	struct ingest_result r;
	struct ingest_opts o;
	struct store *st = NULL;
	struct err e;
	const char *maps[UPLOAD_MAPS_MAX];
	const char *files[1] = {j->u.path};
	int rc;
	err_init(&e, j->lang);
	memset(&r, 0, sizeof(r));
	memset(&o, 0, sizeof(o));
	for (int i = 0; i < j->u.nmaps; i++)
		maps[i] = j->u.maps[i];
	/* the audit names the file as it was uploaded, not where it waited */
	struct strbuf name = STRBUF_INIT;
	sb_addf(&name, "%s (upload)", j->u.name);
	const char *names[1] = {name.buf};
	o.audit_names = names;
	o.kind = (enum ingest_kind)j->u.kind;
	o.maps = maps;
	o.nmaps = j->u.nmaps;
	o.date_order = (enum date_order)j->u.date_order;
	o.enc = (enum ingest_enc)j->u.enc;
	o.sheet = j->u.sheet[0] ? j->u.sheet : NULL;
	o.cb = j;
	o.on_bad = job_bad;
	o.on_progress = job_progress;
	rc = store_open(j->srv->db_path, 0, &st, &e);
	if (rc == 0) {
		struct app_ctx c = {.st = st,
		                    .lang = j->lang,
		                    .actor = j->actor,
		                    .as_of = DAY_NONE,
		                    .today = j->today};
		store_set_actor(st, j->actor);
		rc = app_import(&c, &o, files, 1, &r, &e);
		store_close(st);
	}
	struct strbuf msg = STRBUF_INIT;
	if (rc && r.bad_rows) /* the page lists them; --skip-bad is the command line's */
		sb_addf(
		    &msg,
		    L(j->lang, "%lld bad rows: nothing was imported (an import is all or nothing).",
		      "%lld fehlerhafte Zeilen: nichts wurde importiert (ein Import gilt ganz oder "
		      "gar nicht)."),
		    (long long)r.bad_rows);
	else if (rc) {
		err_format(&e, &msg);
		upload_scrub(&j->u, &msg);
	}
	pthread_mutex_lock(&U->mu);
	struct upload *s = j->slot;
	s->u.state = rc ? UPLOAD_FAILED : UPLOAD_DONE;
	s->u.rows = r.rows;
	s->u.imported = r.imported;
	s->u.updated = r.updated;
	s->u.present = r.present;
	s->u.created = r.created;
	s->u.as_other = r.as_other;
	s->u.bad_rows = r.bad_rows;
	snprintf(s->u.message, sizeof(s->u.message), "%s", msg.len ? msg.buf : "");
	if (!rc && s->u.path[0]) { /* imported: the file is not needed any more */
		unlink(s->u.path);
		s->u.path[0] = '\0';
	}
	U->running--;
	pthread_cond_broadcast(&U->ended);
	pthread_mutex_unlock(&U->mu);
	sb_release(&msg);
	sb_release(&name);
	free(j);
	return NULL;
}

int upload_start(struct web_server *srv, const struct web_req *rq, const char *id, struct err *e)
{
	struct web_uploads *U = srv->uploads;
	struct app_ctx c;
	pthread_t t;
	pthread_attr_t attr;
	int rc = -1;
	page_app_ctx(rq, &c);
	pthread_mutex_lock(&U->mu);
	struct upload *s = owned(U, rq, id);
	if (!s || s->u.state != UPLOAD_READY) {
		err_set(e, "%s",
		        L(e->lang, "This file is not waiting to be imported (any more).",
		          "Diese Datei wartet nicht (mehr) auf den Import."));
		goto out;
	}
	struct job *j = xcalloc(1, sizeof(*j));
	j->srv = srv;
	j->slot = s;
	j->u = s->u;
	j->u.errors = NULL;
	snprintf(j->actor, sizeof(j->actor), "%s", web_actor(rq));
	j->lang = rq->lang;
	j->today = c.today;
	s->u.state = UPLOAD_RUNNING;
	s->u.pass = 0;
	s->u.done = s->u.total = 0;
	s->u.nerrors = 0;
	s->u.message[0] = '\0';
	sb_reset(&s->errors);
	s->last_used = rq->now;
	U->running++;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, job_main, j)) {
		U->running--;
		s->u.state = UPLOAD_READY;
		free(j);
		err_set(e, "%s",
		        L(e->lang, "The import could not be started.",
		          "Der Import ließ sich nicht starten."));
	} else {
		rc = 0;
	}
	pthread_attr_destroy(&attr);
out:
	pthread_mutex_unlock(&U->mu);
	return rc;
}

void upload_wait(struct web_server *srv, const char *id, int seconds)
{
	struct web_uploads *U = srv->uploads;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += seconds;
	pthread_mutex_lock(&U->mu);
	for (;;) {
		struct upload *s = NULL;
		for (size_t i = 0; i < UPLOADS_MAX && !s; i++)
			if (U->slot[i].used && !strcmp(U->slot[i].u.id, id))
				s = &U->slot[i];
		if (!s || s->u.state != UPLOAD_RUNNING)
			break;
		if (pthread_cond_timedwait(&U->ended, &U->mu, &until) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&U->mu);
}

void upload_drop(struct web_server *srv, const struct web_req *rq, const char *id)
{
	struct web_uploads *U = srv->uploads;
	pthread_mutex_lock(&U->mu);
	struct upload *s = owned(U, rq, id);
	if (s && s->u.state != UPLOAD_RUNNING)
		forget(s);
	pthread_mutex_unlock(&U->mu);
}
