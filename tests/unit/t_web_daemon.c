/*
 * t_web_daemon.c — the server over real sockets on 127.0.0.1 (a free
 * port): the libmicrohttpd glue answers, keeps connections alive, refuses
 * bodies over their cap before reading them, answers HEAD without a body;
 * and a few threads logging in and reading pages at once (the smoke test
 * `make tsan` runs under ThreadSanitizer).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "web_test.h"

/* Case-insensitive search (ASCII). */
static const char *ci_find(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return hay;
	return NULL;
}

static int connect_to(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* One response from fd into out: headers, then Content-Length bytes of
 * body (or up to the close).  Returns the status, -1 on failure. */
static int read_response(int fd, struct strbuf *out, int head)
{
	char buf[4096];
	size_t hdr_end = 0;
	long clen = -1;
	sb_reset(out);
	for (;;) {
		if (!hdr_end) {
			char *p = strstr(out->buf, "\r\n\r\n");
			if (p) {
				hdr_end = (size_t)(p - out->buf) + 4;
				const char *cl = ci_find(out->buf, "\r\nContent-Length:");
				if (cl && cl < p)
					clen = strtol(cl + 17, NULL, 10);
				if (head)
					clen = 0;
			}
		}
		if (hdr_end && clen >= 0 && out->len >= hdr_end + (size_t)clen)
			break;
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		sb_add(out, buf, (size_t)n);
	}
	if (strncmp(out->buf, "HTTP/1.1 ", 9))
		return -1;
	return atoi(out->buf + 9);
}

/* One request on a new connection. */
static int http(int port, const char *req, struct strbuf *out)
{
	int fd = connect_to(port);
	if (fd < 0)
		return -1;
	int status = send_all(fd, req, strlen(req)) ? -1 : read_response(fd, out, 0);
	close(fd);
	return status;
}

/* The value of a response header (first one), copied into buf. */
static const char *resp_header(const struct strbuf *r, const char *name, char *buf, size_t cap)
{
	char pat[64];
	snprintf(pat, sizeof(pat), "\r\n%s: ", name);
	const char *p = ci_find(r->buf, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	snprintf(buf, cap, "%.*s", (int)strcspn(p, "\r"), p);
	return buf;
}

static const char *cookie_of(const struct strbuf *r, const char *name, char *buf, size_t cap)
{
	char pat[64];
	snprintf(pat, sizeof(pat), "Set-Cookie: %s=", name);
	const char *p = strstr(r->buf, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	snprintf(buf, cap, "%.*s", (int)strcspn(p, ";\r"), p);
	return buf;
}

static const char *csrf_of(const struct strbuf *r, char *buf, size_t cap)
{
	const char *p = strstr(r->buf, "name=\"csrf\" value=\"");
	if (!p)
		return NULL;
	p += 19;
	snprintf(buf, cap, "%.*s", (int)strcspn(p, "\""), p);
	return buf;
}

/* Logs in over HTTP; the session cookie into cookie.  Returns the status of
 * the POST (303 on success). */
static int http_login(int port, const char *name, const char *pw, char *cookie, size_t cap,
                      char *csrf_out, size_t csrf_cap)
{
	struct strbuf r = STRBUF_INIT, req = STRBUF_INIT, body = STRBUF_INIT;
	char lc[64], csrf[64];
	int status =
	    http(port, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", &r);
	if (status != 200 || !cookie_of(&r, "__Host-treue-login", lc, sizeof(lc)) ||
	    !csrf_of(&r, csrf, sizeof(csrf))) {
		status = -1;
		goto out;
	}
	sb_addf(&body, "csrf=%s&name=", csrf);
	url_encode(&body, name);
	sb_adds(&body, "&password=");
	url_encode(&body, pw);
	sb_addf(&req,
	        "POST /login HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nOrigin: http://127.0.0.1:%d\r\n"
	        "Cookie: __Host-treue-login=%s\r\n"
	        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n"
	        "Connection: close\r\n\r\n%s",
	        port, port, lc, body.len, body.buf);
	status = http(port, req.buf, &r);
	if (status == 303 && !cookie_of(&r, "__Host-treue", cookie, cap))
		status = -2;
	if (status == 303 && csrf_out) {
		sb_reset(&req);
		sb_addf(&req,
		        "GET /week HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: __Host-treue=%s\r\n"
		        "Connection: close\r\n\r\n",
		        cookie);
		if (http(port, req.buf, &r) != 200 || !csrf_of(&r, csrf_out, csrf_cap))
			status = -3;
	}
out:
	sb_release(&r);
	sb_release(&req);
	sb_release(&body);
	return status;
}

static int get_with(int port, const char *path, const char *cookie, struct strbuf *r)
{
	struct strbuf req = STRBUF_INIT;
	sb_addf(&req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n", path);
	if (cookie)
		sb_addf(&req, "Cookie: __Host-treue=%s\r\n", cookie);
	sb_adds(&req, "Connection: close\r\n\r\n");
	int status = http(port, req.buf, r);
	sb_release(&req);
	return status;
}

static struct web_daemon *start(struct web_server *srv, int threads)
{
	struct web_listen l = {"127.0.0.1:0", NULL, NULL, threads, 0, 0};
	struct web_daemon *d;
	struct err e;
	err_init(&e, LANG_EN);
	if (web_daemon_start(srv, &l, &d, &e)) {
		test_fail(__FILE__, __LINE__, "web_daemon_start: %s", e.msg);
		return NULL;
	}
	return d;
}

TEST(web_daemon_answers)
{
	struct web_server *srv = wt_server(2);
	struct web_daemon *d = start(srv, 2);
	struct strbuf r = STRBUF_INIT, req = STRBUF_INIT;
	char cookie[64], buf[256];
	if (!d)
		return;
	int port = web_daemon_port(d);
	CHECK(port > 0);
	CHECK(str_starts_with(web_daemon_url(d), "http://127.0.0.1:"));
	CHECK_INT(http(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", &r),
	          303);
	CHECK_STR(resp_header(&r, "Location", buf, sizeof(buf)), "/login");
	CHECK(resp_header(&r, "Content-Security-Policy", buf, sizeof(buf)) != NULL);
	CHECK_INT(
	    http_login(port, "ada", "ada horse battery staple", cookie, sizeof(cookie), NULL, 0),
	    303);
	CHECK_INT(get_with(port, "/users", cookie, &r), 200);
	CHECK(strstr(r.buf, "<td class=\"name\">mia</td>") != NULL);
	CHECK_STR(resp_header(&r, "Content-Type", buf, sizeof(buf)), "text/html; charset=utf-8");
	CHECK_INT(get_with(port, "/users?done=role", cookie, &r), 200);
	CHECK(strstr(r.buf, "The role was changed.") != NULL);
	CHECK_INT(get_with(port, "/nowhere", cookie, &r), 404);
	CHECK_INT(get_with(port, "/users", NULL, &r), 303);

	/* keep-alive: two requests on one connection */
	int fd = connect_to(port);
	CHECK(fd >= 0);
	const char *ka = "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
	CHECK_INT(send_all(fd, ka, strlen(ka)), 0);
	CHECK_INT(read_response(fd, &r, 0), 200);
	CHECK(strstr(r.buf, "</html>") != NULL);
	CHECK_INT(send_all(fd, ka, strlen(ka)), 0);
	CHECK_INT(read_response(fd, &r, 0), 200);
	/* HEAD: headers, no body */
	const char *head = "HEAD /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
	CHECK_INT(send_all(fd, head, strlen(head)), 0);
	CHECK_INT(read_response(fd, &r, 1), 200);
	CHECK(strstr(r.buf, "<html") == NULL);
	close(fd);

	/* a body declared over the cap is refused before it is sent */
	CHECK_INT(http(port,
	               "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\n"
	               "Content-Type: application/x-www-form-urlencoded\r\n"
	               "Content-Length: 104857600\r\n\r\n",
	               &r),
	          413);
	CHECK(resp_header(&r, "Content-Security-Policy", buf, sizeof(buf)) != NULL);
	/* a chunked body that grows over the cap */
	fd = connect_to(port);
	CHECK(fd >= 0);
	sb_adds(&req, "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\n"
	              "Content-Type: application/x-www-form-urlencoded\r\n"
	              "Transfer-Encoding: chunked\r\n\r\n");
	for (int i = 0; i < 20; i++) {
		sb_adds(&req, "1000\r\n");
		for (int k = 0; k < 0x1000; k++)
			sb_addch(&req, 'a');
		sb_adds(&req, "\r\n");
	}
	sb_adds(&req, "0\r\n\r\n");
	send_all(fd, req.buf, req.len); /* the server may close before all of it */
	CHECK_INT(read_response(fd, &r, 0), 413);
	close(fd);
	/* a body on a route that takes none */
	CHECK_INT(http(port,
	               "POST /week HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
	               "Connection: close\r\n\r\nhello",
	               &r),
	          405);
	/* too many headers: our cap; far too large: libmicrohttpd's */
	sb_reset(&req);
	sb_adds(&req, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
	for (int i = 0; i < 60; i++)
		sb_addf(&req, "X-H%d: %d\r\n", i, i);
	sb_adds(&req, "\r\n");
	CHECK_INT(http(port, req.buf, &r), 431);
	sb_reset(&req);
	sb_adds(&req, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Big: ");
	for (int i = 0; i < 100000; i++)
		sb_addch(&req, 'b');
	sb_adds(&req, "\r\n\r\n");
	int st = http(port, req.buf, &r);
	CHECK(st == 431 || st == 413 || st == -1);
	/* the server still answers */
	CHECK_INT(get_with(port, "/login", NULL, &r), 200);
	web_daemon_stop(d, 5);
	web_server_close(srv);
	sb_release(&r);
	sb_release(&req);
}

struct worker {
	int port, id, rounds, failures;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct strbuf r = STRBUF_INIT, req = STRBUF_INIT;
	static const char *const users[] = {"ada", "mia", "vic", "mo"};
	const char *user = users[w->id % 4];
	char pw[64], cookie[64], csrf[64];
	snprintf(pw, sizeof(pw), "%s horse battery staple", user);
	for (int i = 0; i < w->rounds; i++) {
		/* one failure per thread: the throttle's table is shared (six
		 * failures from one address stay below its free ten) */
		if (i == 0)
			w->failures += http_login(w->port, user, "wrong wrong wrong", cookie,
			                          sizeof(cookie), NULL, 0) != 200;
		if (http_login(w->port, user, pw, cookie, sizeof(cookie), csrf, sizeof(csrf)) !=
		    303) {
			w->failures++;
			continue;
		}
		w->failures += get_with(w->port, "/week", cookie, &r) != 200;
		w->failures += strstr(r.buf, user) == NULL;
		w->failures += get_with(w->port, "/users", cookie, &r) != (w->id % 4 ? 403 : 200);
		w->failures += get_with(w->port, "/static/treue.css", NULL, &r) != 200;
		sb_reset(&req);
		sb_addf(
		    &req,
		    "POST /logout HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nOrigin: http://127.0.0.1:%d\r\n"
		    "Cookie: __Host-treue=%s\r\nContent-Type: application/x-www-form-urlencoded\r\n"
		    "Content-Length: %zu\r\nConnection: close\r\n\r\ncsrf=%s",
		    w->port, w->port, cookie, strlen(csrf) + 5, csrf);
		w->failures += http(w->port, req.buf, &r) != 303;
		w->failures += get_with(w->port, "/week", cookie, &r) != 303;
	}
	sb_release(&r);
	sb_release(&req);
	return NULL;
}

TEST(web_daemon_concurrent_smoke)
{
	struct web_server *srv = wt_server(4);
	struct web_daemon *d = start(srv, 4);
	struct worker w[6];
	pthread_t th[6];
	if (!d)
		return;
	for (int i = 0; i < 6; i++) {
		w[i] = (struct worker){web_daemon_port(d), i, 4, 0};
		pthread_create(&th[i], NULL, work, &w[i]);
	}
	int failures = 0;
	for (int i = 0; i < 6; i++) {
		pthread_join(th[i], NULL);
		failures += w[i].failures;
	}
	CHECK_INT(failures, 0);
	web_daemon_stop(d, 5);
	web_server_close(srv);
}

struct stopper {
	struct web_daemon *d;
};

static void *stop_it(void *arg)
{
	struct stopper *s = arg;
	web_daemon_stop(s->d, 60);
	return NULL;
}

/* A request under way when the server is told to stop is still answered:
 * its headers and half its body are sent, the stop begins (new connections
 * are refused), then the rest of the body is sent and the answer comes. */
TEST(web_daemon_stop_finishes_requests)
{
	struct web_server *srv = wt_server(2);
	struct web_daemon *d = start(srv, 2);
	struct strbuf r = STRBUF_INIT, req = STRBUF_INIT;
	struct stopper s;
	pthread_t th;
	if (!d)
		return;
	int port = web_daemon_port(d);
	const char *body = "name=ada&password=wrong+wrong+wrong&csrf=x";
	sb_addf(&req,
	        "POST /login HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nOrigin: http://127.0.0.1:%d\r\n"
	        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n"
	        "Connection: close\r\n\r\n%.10s",
	        port, port, strlen(body), body);
	int fd = connect_to(port);
	CHECK(fd >= 0);
	CHECK_INT(send_all(fd, req.buf, req.len), 0);
	/* wait until the server has begun the request (no time limit: a
	 * broken server hangs the test rather than passing it) */
	while (web_daemon_busy(d) == 0)
		usleep(1000);
	s.d = d;
	pthread_create(&th, NULL, stop_it, &s);
	/* the stop has begun when new connections are refused */
	for (;;) {
		int probe = connect_to(port);
		if (probe < 0)
			break;
		close(probe);
		usleep(1000);
	}
	CHECK_INT(send_all(fd, body + 10, strlen(body) - 10), 0);
	CHECK_INT(read_response(fd, &r, 0), 403); /* answered: the login token is missing */
	close(fd);
	pthread_join(th, NULL);
	web_server_close(srv);
	sb_release(&r);
	sb_release(&req);
}

/* A request that waits (here: a logout waiting for the database, which
 * the test holds locked) neither holds up the others nor loses its
 * connection to the timeout: one network thread, one worker, a timeout of
 * one second; while the logout waits, a static file is answered on the
 * network thread; the lock is held past the timeout, then released, and
 * the logout is answered on its connection. */
TEST(web_daemon_waiting_request)
{
	struct web_server *srv = wt_server(1);
	struct web_listen l = {"127.0.0.1:0", NULL, NULL, 1, 1, 0};
	struct web_daemon *d;
	struct strbuf r = STRBUF_INIT, req = STRBUF_INIT;
	struct store *st = NULL;
	char cookie[64], csrf[64];
	struct err e;
	err_init(&e, LANG_EN);
	if (web_daemon_start(srv, &l, &d, &e)) {
		test_fail(__FILE__, __LINE__, "web_daemon_start: %s", e.msg);
		return;
	}
	int port = web_daemon_port(d);
	CHECK_INT(http_login(port, "ada", "ada horse battery staple", cookie, sizeof(cookie), csrf,
	                     sizeof(csrf)),
	          303);
	CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
	CHECK_INT(store_begin(st, &e), 0); /* the write lock */
	sb_addf(&req,
	        "POST /logout HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nOrigin: http://127.0.0.1:%d\r\n"
	        "Cookie: __Host-treue=%s\r\n"
	        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n"
	        "Connection: close\r\n\r\ncsrf=%s",
	        port, port, cookie, strlen(csrf) + 5, csrf);
	int fd = connect_to(port);
	CHECK(fd >= 0);
	CHECK_INT(send_all(fd, req.buf, req.len), 0);
	while (web_daemon_busy(d) == 0) /* the logout has begun */
		usleep(1000);
	CHECK_INT(http(port,
	               "GET /static/treue.css HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	               "Connection: close\r\n\r\n",
	               &r),
	          200);
	usleep(1500 * 1000); /* past the connection timeout */
	struct pollfd pf = {fd, POLLIN, 0};
	CHECK_INT(poll(&pf, 1, 0), 0); /* the logout still waits for the lock */
	CHECK_INT(store_commit(st, &e), 0);
	CHECK_INT(read_response(fd, &r, 0), 303);
	close(fd);
	store_close(st);
	web_daemon_stop(d, 5);
	web_server_close(srv);
	sb_release(&r);
	sb_release(&req);
}
