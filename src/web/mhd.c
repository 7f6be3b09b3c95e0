/*
 * mhd.c — the glue to libmicrohttpd, and the only file that knows it: the
 * daemon (thread pool, connection limits and timeouts, TLS through GnuTLS),
 * reading a request into a struct web_req (with the body capped before it
 * is stored), handing it to web_handle and sending the struct web_resp
 * back.  The access handler answers on its second call (libmicrohttpd's
 * rule for keep-alive); a clean stop stops accepting, lets running
 * requests finish, then stops the threads.
 *
 * libmicrohttpd's threads only move bytes: a request, once read, is
 * suspended and handed to a worker thread of our own, which runs
 * web_handle and resumes the connection with the answer.  A request that
 * waits long (the first page after a change, on a million customers)
 * thus never holds up the other connections that share a network thread,
 * and a suspended connection does not time out while its answer is being
 * computed; the connection timeout guards the network side only (slow or
 * silent clients).  Static files are answered on the network thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "web_int.h"

#define CONNECTION_LIMIT 256    /* open connections at once */
#define PER_IP_LIMIT 32         /* of which from one address */
#define CONNECTION_TIMEOUT 30   /* seconds of silence before a connection is closed */
#define BODY_MIN_RATE 16384     /* bytes a second a body must average after the timeout */
#define CONNECTION_MEMORY 65536 /* bytes per connection for headers and buffers */

struct web_daemon {
	struct MHD_Daemon *mhd;
	struct web_server *srv;
	int port, tls;
	int timeout; /* seconds of silence before a connection is closed */
	char url[128];
	char *cert, *key;
	pthread_mutex_t mu;
	pthread_cond_t idle;
	int inflight; /* requests begun and not yet completed */
	/* the workers and their queue (under mu) */
	pthread_cond_t work;
	pthread_t *workers;
	int nworkers, stopping;
	struct conn_state *head, *tail;
};

/* Where a request stands (under the daemon's mu from JOB_QUEUED on). */
enum job_state { JOB_READING, JOB_QUEUED, JOB_DONE, JOB_SENT };

/* What one request carries between the handler's calls. */
struct conn_state {
	size_t cap; /* the body's cap for this route */
	char *body;
	size_t len, alloc;
	size_t discarded; /* bytes thrown away once over the cap */
	int over, answered;
	struct timespec start; /* when the headers were read */
	/* the request handed to a worker, and its answer */
	enum job_state state;
	struct MHD_Connection *conn;
	struct conn_state *next; /* in the queue */
	struct web_req rq;
	struct web_resp rs;
	struct web_kv headers[64], args[64];
	char peer[INET6_ADDRSTRLEN + 1];
};

static enum web_method method_of(const char *m)
{
	if (!strcmp(m, MHD_HTTP_METHOD_GET))
		return WM_GET;
	if (!strcmp(m, MHD_HTTP_METHOD_HEAD))
		return WM_HEAD;
	if (!strcmp(m, MHD_HTTP_METHOD_POST))
		return WM_POST;
	return WM_OTHER;
}

struct collect {
	struct web_kv *kv;
	size_t n, max;
};

static enum MHD_Result collect_kv(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
	struct collect *c = cls;
	(void)kind;
	if (c->n < c->max) {
		c->kv[c->n].name = key;
		c->kv[c->n].value = value ? value : "";
	}
	c->n++;
	return MHD_YES;
}

static void peer_text(struct MHD_Connection *c, char *buf, size_t cap)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(buf, cap, "-");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
		          (socklen_t)cap);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		          buf, (socklen_t)cap);
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct web_resp *rs)
{
	size_t len = rs->body.len;
	char *body = sb_detach(&rs->body);
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	for (size_t i = 0; i < rs->nheaders; i++)
		MHD_add_response_header(r, rs->hname[i], rs->hvalue[i]);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Builds cs->rq from the connection and the collected body (the strings
 * stay in the connection's memory until the request completes). */
static void build_req(struct web_daemon *d, struct MHD_Connection *c, const char *url,
                      const char *method, struct conn_state *cs)
{
	const struct web_limits *l = web_server_limits(d->srv);
	struct collect ch = {cs->headers, 0, ARRAY_SIZE(cs->headers)};
	struct collect ca = {cs->args, 0, ARRAY_SIZE(cs->args)};
	struct web_req *rq = &cs->rq;
	memset(rq, 0, sizeof(*rq));
	web_resp_init(&cs->rs);
	MHD_get_connection_values(c, MHD_HEADER_KIND, collect_kv, &ch);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_kv, &ca);
	peer_text(c, cs->peer, sizeof(cs->peer));
	rq->method = method_of(method);
	rq->path = url;
	/* more than the arrays hold is over the caps anyway: the counts tell
	 * the front door, which refuses without reading the entries */
	rq->headers = cs->headers;
	rq->nheaders = ch.n;
	rq->args = cs->args;
	rq->nargs = ca.n;
	if (ch.n > ARRAY_SIZE(cs->headers) && ch.n <= l->max_headers)
		rq->nheaders = ARRAY_SIZE(cs->headers);
	if (ca.n > ARRAY_SIZE(cs->args) && ca.n <= l->max_args)
		rq->nargs = ARRAY_SIZE(cs->args);
	rq->body = cs->body;
	rq->body_len = cs->len;
	rq->body_over = cs->over;
	rq->peer = cs->peer;
	rq->tls = d->tls;
	rq->now = (int64_t)time(NULL);
}

/* Sends the answer a worker (or the network thread) made. */
static enum MHD_Result send_answer(struct MHD_Connection *c, struct conn_state *cs)
{
	enum MHD_Result ret = send_resp(c, &cs->rs);
	web_req_release(&cs->rq);
	web_resp_release(&cs->rs);
	cs->state = JOB_SENT;
	return ret;
}

/* Answered on the network thread: files that need no database. */
static int answer_inline(const char *url)
{
	return !strncmp(url, "/static/", 8);
}

/* Reads the request and answers it: here when `here` (a body refused
 * before it is read) or for a static file, else by a worker, the
 * connection suspended meanwhile. */
static enum MHD_Result answer(struct web_daemon *d, struct MHD_Connection *c, const char *url,
                              const char *method, struct conn_state *cs, int here)
{
	build_req(d, c, url, method, cs);
	if (here || answer_inline(url) || !d->nworkers) {
		web_handle(d->srv, &cs->rq, &cs->rs);
		return send_answer(c, cs);
	}
	cs->conn = c;
	MHD_suspend_connection(c);
	pthread_mutex_lock(&d->mu);
	cs->state = JOB_QUEUED;
	cs->next = NULL;
	if (d->tail)
		d->tail->next = cs;
	else
		d->head = cs;
	d->tail = cs;
	pthread_cond_signal(&d->work);
	pthread_mutex_unlock(&d->mu);
	return MHD_YES;
}

/* A worker: takes the next request, answers it, resumes its connection
 * (libmicrohttpd then calls on_request, which sends the answer).  Stops
 * when the daemon stops and the queue is empty. */
static void *worker(void *arg)
{
	struct web_daemon *d = arg;
	pthread_mutex_lock(&d->mu);
	for (;;) {
		while (!d->head && !d->stopping)
			pthread_cond_wait(&d->work, &d->mu);
		struct conn_state *cs = d->head;
		if (!cs)
			break; /* stopping, nothing left */
		d->head = cs->next;
		if (!d->head)
			d->tail = NULL;
		pthread_mutex_unlock(&d->mu);
		web_handle(d->srv, &cs->rq, &cs->rs);
		pthread_mutex_lock(&d->mu);
		cs->state = JOB_DONE;
		pthread_mutex_unlock(&d->mu);
		/* outside mu: libmicrohttpd may hold its own lock while it calls
		 * on_completed, which takes mu */
		MHD_resume_connection(cs->conn);
		pthread_mutex_lock(&d->mu);
	}
	pthread_mutex_unlock(&d->mu);
	return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
	struct web_daemon *d = cls;
	struct conn_state *cs = *con_cls;
	(void)version;
	if (cs) {
		/* called again after a worker resumed the connection */
		pthread_mutex_lock(&d->mu);
		enum job_state st = cs->state;
		pthread_mutex_unlock(&d->mu);
		if (st == JOB_DONE)
			return send_answer(c, cs);
		if (st == JOB_QUEUED)
			return MHD_YES;
	}
	if (!cs) {
		/* first call: headers only.  Decide the body's cap now, before
		 * anything of it is read. */
		cs = xcalloc(1, sizeof(*cs));
		*con_cls = cs;
		clock_gettime(CLOCK_MONOTONIC, &cs->start);
		pthread_mutex_lock(&d->mu);
		d->inflight++;
		pthread_mutex_unlock(&d->mu);
		cs->cap = web_body_cap(
		    d->srv, method_of(method), url,
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE));
		const char *cl =
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			char *end;
			errno = 0;
			unsigned long long n = strtoull(cl, &end, 10);
			if (errno || *end || n > cs->cap)
				cs->over = 1;
		}
		if (cs->over) { /* refused before a byte of the body is read */
			cs->answered = 1;
			return answer(d, c, url, method, cs, 1);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		struct timespec now;
		*upload_size = 0;
		/* a body that trickles in (slower than BODY_MIN_RATE on average once
		 * the timeout has passed) loses its connection: it would hold memory
		 * and a connection slot for as long as the client likes */
		clock_gettime(CLOCK_MONOTONIC, &now);
		double secs = (double)(now.tv_sec - cs->start.tv_sec) +
		              (double)(now.tv_nsec - cs->start.tv_nsec) / 1e9;
		if (secs > d->timeout &&
		    (double)(cs->len + cs->discarded + n) / secs < BODY_MIN_RATE) {
			web_log(d->srv, "dropped a connection: its body came too slowly");
			return MHD_NO;
		}
		if (cs->over) {
			/* a response cannot be queued while the body streams in:
			 * the rest is thrown away and 413 answered at its end, but
			 * a body that goes on more than 1 MiB past its cap loses the
			 * connection without an answer */
			cs->discarded += n;
			return cs->discarded > cs->cap + (1u << 20) ? MHD_NO : MHD_YES;
		}
		if (n > cs->cap - cs->len) {
			cs->over = 1;
			cs->discarded = cs->len + n;
			free(cs->body);
			cs->body = NULL;
			cs->len = cs->alloc = 0;
			return MHD_YES;
		}
		if (cs->len + n + 1 > cs->alloc) {
			size_t want = cs->alloc ? cs->alloc * 2 : 4096;
			while (want < cs->len + n + 1)
				want *= 2;
			if (want > cs->cap + 1)
				want = cs->cap + 1;
			cs->body = xrealloc(cs->body, want);
			cs->alloc = want;
		}
		memcpy(cs->body + cs->len, upload_data, n);
		cs->len += n;
		cs->body[cs->len] = '\0';
		return MHD_YES;
	}
	if (cs->answered)
		return MHD_YES;
	cs->answered = 1;
	return answer(d, c, url, method, cs, 0);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct web_daemon *d = cls;
	struct conn_state *cs = *con_cls;
	(void)c;
	(void)toe;
	if (!cs)
		return;
	if (cs->state == JOB_DONE) { /* answered, never sent (the client left) */
		web_req_release(&cs->rq);
		web_resp_release(&cs->rs);
	}
	free(cs->body);
	free(cs);
	*con_cls = NULL;
	pthread_mutex_lock(&d->mu);
	if (--d->inflight == 0)
		pthread_cond_broadcast(&d->idle);
	pthread_mutex_unlock(&d->mu);
}

static void on_log(void *cls, const char *fmt, va_list ap)
{
	struct web_daemon *d = cls;
	struct strbuf sb = STRBUF_INIT;
	sb_vaddf(&sb, fmt, ap);
	while (sb.len && sb.buf[sb.len - 1] == '\n')
		sb_setlen(&sb, sb.len - 1);
	web_log(d->srv, "libmicrohttpd: %s", sb.buf);
	sb_release(&sb);
}

static int read_file(const char *path, char **out, struct err *e)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	if (!f)
		return err_set(e, "%s: %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (sb.len + n > (1u << 20)) {
			fclose(f);
			sb_release(&sb);
			return err_set(e, "%s: larger than 1 MiB, not a PEM file", path);
		}
		sb_add(&sb, buf, n);
	}
	fclose(f);
	*out = sb_detach(&sb);
	return 0;
}

/* "ADDR:PORT" or "[V6]:PORT" into a socket address. */
static int parse_listen(const char *s, struct sockaddr_storage *ss, int *v6, struct err *e)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *colon, *port;
	memset(ss, 0, sizeof(*ss));
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':' || (size_t)(close - s - 1) >= sizeof(host))
			goto bad;
		snprintf(host, sizeof(host), "%.*s", (int)(close - s - 1), s + 1);
		port = close + 2;
		*v6 = 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= sizeof(host))
			goto bad;
		snprintf(host, sizeof(host), "%.*s", (int)(colon - s), s);
		port = colon + 1;
		*v6 = 0;
	}
	char *end;
	long p = strtol(port, &end, 10);
	if (!*port || *end || p < 0 || p > 65535)
		goto bad;
	if (*v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)p);
		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			goto bad;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)p);
		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			goto bad;
	}
	return 0;
bad:
	snprintf(e->field, sizeof(e->field), "--listen");
	snprintf(e->value, sizeof(e->value), "%s", s);
	return err_set(e, "%s",
	               L(e->lang, "is not ADDRESS:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)",
	                 "ist nicht ADRESSE:PORT (z. B. 127.0.0.1:8080 oder [::1]:8080)"));
}

/* Tells the workers to answer what is queued and stop, and waits for them. */
static void workers_stop(struct web_daemon *d)
{
	pthread_mutex_lock(&d->mu);
	d->stopping = 1;
	pthread_cond_broadcast(&d->work);
	pthread_mutex_unlock(&d->mu);
	for (int i = 0; i < d->nworkers; i++)
		pthread_join(d->workers[i], NULL);
}

static void daemon_free(struct web_daemon *d)
{
	if (d->cert)
		memset(d->cert, 0, strlen(d->cert));
	if (d->key)
		memset(d->key, 0, strlen(d->key));
	free(d->cert);
	free(d->key);
	pthread_mutex_destroy(&d->mu);
	pthread_cond_destroy(&d->idle);
	pthread_cond_destroy(&d->work);
	free(d->workers);
	free(d);
}

int web_daemon_start(struct web_server *srv, const struct web_listen *l, struct web_daemon **out,
                     struct err *e)
{
	struct sockaddr_storage ss;
	int v6 = 0;
	*out = NULL;
	if (parse_listen(l->addr ? l->addr : "127.0.0.1:8080", &ss, &v6, e))
		return -1;
	if (!!l->tls_cert != !!l->tls_key)
		return err_set(e, "%s",
		               L(e->lang, "TLS needs both --tls-cert and --tls-key",
		                 "TLS braucht --tls-cert und --tls-key"));
	struct web_daemon *d = xcalloc(1, sizeof(*d));
	d->srv = srv;
	pthread_mutex_init(&d->mu, NULL);
	pthread_cond_init(&d->idle, NULL);
	pthread_cond_init(&d->work, NULL);
	if (l->tls_cert &&
	    (read_file(l->tls_cert, &d->cert, e) || read_file(l->tls_key, &d->key, e))) {
		daemon_free(d);
		return -1;
	}
	d->tls = l->tls_cert != NULL;
	if (d->tls && !MHD_is_feature_supported(MHD_FEATURE_TLS)) {
		daemon_free(d);
		return err_set(e, "libmicrohttpd was built without TLS");
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME |
	                 MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0) | (d->tls ? MHD_USE_TLS : 0);
	struct MHD_OptionItem opts[16];
	int n = 0;
#define OPT(o, v, p) opts[n++] = (struct MHD_OptionItem){(o), (intptr_t)(v), (p)}
	OPT(MHD_OPTION_SOCK_ADDR, 0, &ss);
	OPT(MHD_OPTION_THREAD_POOL_SIZE, l->threads > 0 ? l->threads : 4, NULL);
	OPT(MHD_OPTION_CONNECTION_LIMIT, CONNECTION_LIMIT, NULL);
	OPT(MHD_OPTION_PER_IP_CONNECTION_LIMIT, l->per_address > 0 ? l->per_address : PER_IP_LIMIT,
	    NULL);
	d->timeout = l->timeout > 0 ? l->timeout : CONNECTION_TIMEOUT;
	OPT(MHD_OPTION_CONNECTION_TIMEOUT, d->timeout, NULL);
	OPT(MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONNECTION_MEMORY, NULL);
	OPT(MHD_OPTION_NOTIFY_COMPLETED, on_completed, d);
	if (d->tls) {
		OPT(MHD_OPTION_HTTPS_MEM_CERT, 0, d->cert);
		OPT(MHD_OPTION_HTTPS_MEM_KEY, 0, d->key);
		OPT(MHD_OPTION_HTTPS_PRIORITIES, 0, "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2");
	}
	OPT(MHD_OPTION_END, 0, NULL);
#undef OPT
	/* the workers (as many as --threads), waiting before the first request */
	int want = l->threads > 0 ? l->threads : 4;
	d->workers = xcalloc((size_t)want, sizeof(*d->workers));
	for (; d->nworkers < want; d->nworkers++)
		if (pthread_create(&d->workers[d->nworkers], NULL, worker, d))
			break;
	if (d->nworkers) /* none: the start fails below */
		d->mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, d,
		                          MHD_OPTION_EXTERNAL_LOGGER, on_log, d, MHD_OPTION_ARRAY,
		                          opts, MHD_OPTION_END);
	if (!d->mhd) {
		workers_stop(d);
		daemon_free(d);
		return err_set(
		    e,
		    L(e->lang,
		      "cannot listen on %s (in use, not an address of this "
		      "machine, or a bad certificate)",
		      "kann nicht auf %s lauschen (belegt, keine Adresse dieses Rechners "
		      "oder ein ungültiges Zertifikat)"),
		    l->addr ? l->addr : "127.0.0.1:8080");
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d->mhd, MHD_DAEMON_INFO_BIND_PORT);
	d->port = di ? di->port : 0;
	char host[INET6_ADDRSTRLEN + 1] = "";
	if (v6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof(host));
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof(host));
	snprintf(d->url, sizeof(d->url), "%s://%s%s%s:%d", d->tls ? "https" : "http", v6 ? "[" : "",
	         host, v6 ? "]" : "", d->port);
	*out = d;
	return 0;
}

int web_daemon_port(const struct web_daemon *d)
{
	return d->port;
}

const char *web_daemon_url(const struct web_daemon *d)
{
	return d->url;
}

int web_daemon_busy(struct web_daemon *d)
{
	pthread_mutex_lock(&d->mu);
	int n = d->inflight;
	pthread_mutex_unlock(&d->mu);
	return n;
}

void web_daemon_stop(struct web_daemon *d, int grace_seconds)
{
	if (!d)
		return;
	MHD_socket fd = MHD_quiesce_daemon(d->mhd);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += grace_seconds;
	pthread_mutex_lock(&d->mu);
	while (d->inflight > 0)
		if (pthread_cond_timedwait(&d->idle, &d->mu, &until) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&d->mu);
	/* the workers answer what is queued and stop: no connection stays
	 * suspended when the daemon stops (libmicrohttpd's rule) */
	workers_stop(d);
	MHD_stop_daemon(d->mhd);
	daemon_free(d);
}
