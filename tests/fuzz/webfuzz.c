/*
 * webfuzz.c — libFuzzer targets for every parser of a web request, built
 * once per target by tests/fuzz/run_web.sh with -DTARGET=…:
 *
 *   query   the query string of GET /api/v1/list/dialogs (split and
 *           decoded as libmicrohttpd does), through the whole front door
 *   form    an application/x-www-form-urlencoded body (web_parse_form),
 *           and as the body of POST /users/add through the front door
 *   json    a JSON body: the reader with the API's caps, and POST
 *           /api/v1/dialogs with it through the front door
 *   cookie  the Cookie header (web_parse_cookies, session lookup)
 *   auth    the Authorization header (Bearer tokens)
 *   page    a form body as a logged-in admin sends it to a customer's page
 *           (POST /customers/K1: the session cookie and its CSRF token
 *           first, then the fuzzed fields): every form of the page —
 *           dialogue, promise, complaint, story, referral, departure,
 *           closing a promise, a why, resolving — with hostile values
 *
 * A small database with an admin and a token is made once in /tmp.
 * Every response must have a status and the security headers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/web/web_int.h"

static struct web_server *srv;
static char token[API_TOKEN_LEN + 1], bearer[API_TOKEN_LEN + 16];
static char cookie[WEB_TOKEN_LEN + 32], csrf[WEB_TOKEN_LEN + 8];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	static char path[64];
	struct store *st;
	struct err e;
	struct web_config cfg;
	int64_t id;
	err_init(&e, LANG_EN);
	snprintf(path, sizeof(path), "/tmp/treue-webfuzz-%d.db", (int)getpid());
	struct acct_ctx c = {NULL, "fuzz", LANG_EN, 1790000000};
	if (store_open(path, 0, &st, &e))
		goto fail;
	c.st = st;
	if (acct_add(&c, "ada", ROLE_ADMIN, NULL, "ada horse battery staple", &e) ||
	    token_create(&c, "ada", SCOPE_ADMIN, NULL, 0, token, &id, &e))
		goto fail;
	store_close(st);
	snprintf(bearer, sizeof(bearer), "Bearer %s", token);
	web_config_default(&cfg);
	cfg.db_path = path;
	cfg.threads = 1;
	if (web_server_open(&cfg, &srv, &e))
		goto fail;
	/* a customer with a page, and a session of ada's on it (page) —
	 * after the server opened, which prunes sessions older than its clock */
	if (store_open(path, 0, &st, &e))
		goto fail;
	c.st = st;
	struct web_account ada;
	struct web_session sess;
	struct app_fields f;
	struct app_ctx ac;
	char stok[WEB_TOKEN_LEN + 1];
	memset(&ac, 0, sizeof(ac));
	ac.st = st;
	ac.lang = LANG_EN;
	ac.actor = "fuzz";
	ac.as_of = DAY_NONE;
	ac.today = day_from_ymd(2026, 9, 21);
	app_fields_init(&f);
	f.id = "K1";
	f.name = "Alpha GmbH";
	if (app_customer_add(&ac, &f, &e) || acct_find(st, "ada", &ada, &e) != 1 ||
	    sess_create(st, ada.id, "192.0.2.1", 1790000000, stok, &sess, &e))
		goto fail;
	store_close(st);
	snprintf(cookie, sizeof(cookie), "__Host-treue=%s", stok);
	snprintf(csrf, sizeof(csrf), "csrf=%s&", sess.csrf);
	return 0;
fail:
	fprintf(stderr, "webfuzz: cannot set up: %s\n", e.msg);
	abort();
}

static void run(struct web_req *rq)
{
	struct web_resp rs;
	web_resp_init(&rs);
	rq->peer = "192.0.2.1";
	rq->now = 1790000000;
	web_handle(srv, rq, &rs);
	if (getenv("WEBFUZZ_SHOW")) /* what an input gets: ./webfuzz_NAME FILE */
		fprintf(stderr, "%d%s %.300s\n", rs.status, rq->logged_in ? " (logged in)" : "",
		        rs.body.buf ? rs.body.buf : "");
	if (rs.status < 200 || rs.status > 599 || !web_resp_get(&rs, "Content-Security-Policy") ||
	    !web_resp_get(&rs, "X-Content-Type-Options"))
		abort();
	web_req_release(rq);
	web_resp_release(&rs);
}

static int hexv(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* %XX and '+' decoded in place, as libmicrohttpd hands arguments over */
static void unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '+')
			*w++ = ' ';
		else if (*r == '%' && hexv(r[1]) >= 0 && hexv(r[2]) >= 0) {
			*w++ = (char)(hexv(r[1]) * 16 + hexv(r[2]));
			r += 2;
		} else
			*w++ = *r;
	}
	*w = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	struct web_req rq;
	struct web_kv hdr[8], args[64];
	memset(&rq, 0, sizeof(rq));
	rq.headers = hdr;
	hdr[0] = (struct web_kv){"Host", "127.0.0.1:8080"};
	rq.nheaders = 1;
#if TARGET == 1 /* query */
	rq.method = WM_GET;
	rq.path = "/api/v1/list/dialogs";
	hdr[rq.nheaders++] = (struct web_kv){"Authorization", bearer};
	rq.args = args;
	for (char *p = s; p && rq.nargs < ARRAY_SIZE(args);) {
		char *amp = strchr(p, '&');
		if (amp)
			*amp = '\0';
		char *eq = strchr(p, '=');
		if (eq)
			*eq++ = '\0';
		unescape(p);
		if (eq)
			unescape(eq);
		args[rq.nargs++] = (struct web_kv){p, eq ? eq : ""};
		p = amp ? amp + 1 : NULL;
	}
	run(&rq);
#elif TARGET == 2 /* form */
	struct web_limits lim;
	web_limits_default(&lim);
	rq.body = s;
	rq.body_len = size;
	if (web_parse_form(&rq, &lim) == 0)
		for (size_t i = 0; i < rq.nform; i++)
			if (!rq.form[i].name || !rq.form[i].value || strlen(rq.form[i].value) > lim.max_field)
				abort();
	web_req_release(&rq);
	memset(&rq, 0, sizeof(rq));
	rq.headers = hdr;
	rq.nheaders = 1;
	rq.method = WM_POST;
	rq.path = "/users/add";
	hdr[rq.nheaders++] = (struct web_kv){"Origin", "http://127.0.0.1:8080"};
	hdr[rq.nheaders++] = (struct web_kv){"Content-Type", "application/x-www-form-urlencoded"};
	rq.body = s;
	rq.body_len = size;
	run(&rq);
#elif TARGET == 3 /* json */
	struct json_limits lim;
	struct jdoc d;
	struct err e;
	err_init(&e, LANG_EN);
	json_limits_default(&lim);
	if (json_parse(s, size, &lim, &d, &e) == 0)
		jdoc_release(&d);
	rq.method = WM_POST;
	rq.path = "/api/v1/dialogs";
	hdr[rq.nheaders++] = (struct web_kv){"Authorization", bearer};
	hdr[rq.nheaders++] = (struct web_kv){"Content-Type", "application/json"};
	rq.body = s;
	rq.body_len = size;
	run(&rq);
#elif TARGET == 4 /* cookie */
	rq.method = WM_GET;
	rq.path = "/api/v1/me";
	hdr[rq.nheaders++] = (struct web_kv){"Cookie", s};
	run(&rq);
	memset(&rq, 0, sizeof(rq));
	rq.headers = hdr;
	rq.nheaders = 2;
	rq.method = WM_GET;
	rq.path = "/week";
	run(&rq);
#elif TARGET == 6 /* page */
	/* the session's CSRF token first: the fields after it are the fuzzer's */
	size_t cl = strlen(csrf);
	char *body = malloc(cl + size + 1);
	memcpy(body, csrf, cl);
	memcpy(body + cl, s, size + 1);
	rq.method = WM_POST;
	rq.path = "/customers/K1";
	hdr[rq.nheaders++] = (struct web_kv){"Origin", "http://127.0.0.1:8080"};
	hdr[rq.nheaders++] = (struct web_kv){"Content-Type", "application/x-www-form-urlencoded"};
	hdr[rq.nheaders++] = (struct web_kv){"Cookie", cookie};
	rq.body = body;
	rq.body_len = cl + size;
	run(&rq);
	free(body);
#else /* auth */
	rq.method = WM_GET;
	rq.path = "/api/v1/me";
	hdr[rq.nheaders++] = (struct web_kv){"Authorization", s};
	run(&rq);
#endif
	free(s);
	return 0;
}
