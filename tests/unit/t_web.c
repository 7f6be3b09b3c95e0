/*
 * t_web.c — the web front door and pages, in-process (request in, status,
 * headers and body out): security headers on every response, CSRF and
 * Origin, login required, roles, throttling, session expiry, escaping of
 * hostile names, request caps, language, the Users and password pages,
 * ETag, static files and the audit trail's actor.
 */
#include <stdlib.h>
#include <string.h>

#include "web_test.h"

#define CSP_WANT                                                                                   \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "          \
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

static struct tr T; /* one request at a time; big, so not on the stack */

static int has(const struct tr *t, const char *s)
{
	return strstr(t->rs.body.buf, s) != NULL;
}

static const char *hdr(const struct tr *t, const char *name)
{
	return web_resp_get(&t->rs, name);
}

/* Every response: the security headers, and a charset on any Content-Type. */
static void check_headers(const struct tr *t, const char *what)
{
	const char *ct = hdr(t, "Content-Type"), *cc = hdr(t, "Cache-Control");
	if (!hdr(t, "Content-Security-Policy") ||
	    strcmp(hdr(t, "Content-Security-Policy"), CSP_WANT))
		test_fail(__FILE__, __LINE__, "%s: CSP is \"%s\"", what,
		          hdr(t, "Content-Security-Policy") ? hdr(t, "Content-Security-Policy")
		                                            : "");
	if (!hdr(t, "X-Content-Type-Options") ||
	    strcmp(hdr(t, "X-Content-Type-Options"), "nosniff"))
		test_fail(__FILE__, __LINE__, "%s: no nosniff", what);
	if (!hdr(t, "Referrer-Policy") || strcmp(hdr(t, "Referrer-Policy"), "no-referrer"))
		test_fail(__FILE__, __LINE__, "%s: no Referrer-Policy", what);
	if (!cc)
		test_fail(__FILE__, __LINE__, "%s: no Cache-Control", what);
	if (t->rs.body.len && (!ct || !strstr(ct, "charset=utf-8")) &&
	    !(ct && !strncmp(ct, "image/", 6) && strstr(ct, "charset")))
		test_fail(__FILE__, __LINE__, "%s: Content-Type \"%s\" without charset", what,
		          ct ? ct : "(none)");
	if (ct && !strstr(ct, "charset="))
		test_fail(__FILE__, __LINE__, "%s: Content-Type \"%s\" without charset", what, ct);
}

TEST(web_security_headers_on_every_response)
{
	struct web_server *srv = wt_server(2);
	struct wt_session ada, mia;
	CHECK_INT(wt_login(srv, "ada", "ada horse battery staple", T0, &ada), 0);
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &mia), 0);
	static const struct {
		enum web_method m;
		const char *path;
		int who; /* 0 nobody, 1 ada, 2 mia */
		int status;
	} cases[] = {
	    {WM_GET, "/", 0, 303},
	    {WM_GET, "/login", 0, 200},
	    {WM_GET, "/week", 0, 303},
	    {WM_GET, "/nowhere", 0, 404},
	    {WM_OTHER, "/login", 0, 405},
	    {WM_POST, "/logout", 0, 403},
	    {WM_POST, "/login", 0, 403},
	    {WM_GET, "/static/treue.css", 0, 200},
	    {WM_GET, "/static/icon.svg", 0, 200},
	    {WM_GET, "/static/none.js", 0, 404},
	    {WM_GET, "/week", 1, 200},
	    {WM_GET, "/users", 1, 200},
	    {WM_GET, "/password", 2, 200},
	    {WM_GET, "/users", 2, 403},
	    {WM_HEAD, "/week", 2, 200},
	    {WM_GET, "/", 1, 303},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		tr_init(&T, cases[i].m, cases[i].path, T0 + 1);
		if (cases[i].who)
			tr_cookie(&T, "__Host-treue", cases[i].who == 1 ? ada.cookie : mia.cookie);
		tr_run(srv, &T);
		if (T.rs.status != cases[i].status)
			test_fail(__FILE__, __LINE__, "%s: status %d, expected %d", cases[i].path,
			          T.rs.status, cases[i].status);
		check_headers(&T, cases[i].path);
		if (strncmp(cases[i].path, "/static/", 8) &&
		    strcmp(hdr(&T, "Cache-Control") ? hdr(&T, "Cache-Control") : "", "no-store"))
			test_fail(__FILE__, __LINE__, "%s: Cache-Control not no-store",
			          cases[i].path);
		tr_done(&T);
	}
	/* the 405 says what is allowed */
	tr_init(&T, WM_OTHER, "/users", T0);
	tr_run(srv, &T);
	CHECK_STR(hdr(&T, "Allow"), "GET, HEAD");
	tr_done(&T);
	/* the request caps' answers carry them too */
	tr_init(&T, WM_POST, "/login", T0);
	T.rq.body_over = 1;
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 413);
	check_headers(&T, "413");
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_csrf_and_origin)
{
	struct web_server *srv = wt_server(2);
	struct wt_session ada;
	CHECK_INT(wt_login(srv, "ada", "ada horse battery staple", T0, &ada), 0);
	/* no token, a wrong one, one of the right shape but another's */
	tr_init(&T, WM_POST, "/users/add", T0);
	tr_cookie(&T, "__Host-treue", ada.cookie);
	tr_form(&T, "name", "eve", "role", "admin", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403);
	CHECK(has(&T, "The form has expired"));
	tr_done(&T);
	tr_init(&T, WM_POST, "/users/add", T0);
	tr_cookie(&T, "__Host-treue", ada.cookie);
	tr_form(&T, "csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "name", "eve", "role",
	        "admin", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403);
	tr_done(&T);
	tr_init(&T, WM_POST, "/users/add", T0);
	tr_cookie(&T, "__Host-treue", ada.cookie);
	tr_form(&T, "csrf", "x", "name", "eve", "role", "admin", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403);
	tr_done(&T);
	/* the right token from another site, or without Origin */
	tr_init(&T, WM_POST, "/logout", T0);
	tr_cookie(&T, "__Host-treue", ada.cookie);
	tr_header(&T, "Origin", "http://evil.example");
	tr_form(&T, "csrf", ada.csrf, NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403);
	CHECK(has(&T, "did not come from a page of treue"));
	tr_done(&T);
	tr_init(&T, WM_POST, "/logout", T0);
	tr_cookie(&T, "__Host-treue", ada.cookie);
	tr_header(&T, "Origin", "null");
	tr_form(&T, "csrf", ada.csrf, NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403);
	tr_done(&T);
	tr_init(&T, WM_POST, "/logout", T0);
	tr_cookie(&T, "__Host-treue", ada.cookie);
	T.rq.nheaders = 0; /* no Origin, no Host */
	tr_header(&T, "Host", HOST);
	tr_header(&T, "Cookie", T.cookie);
	tr_form(&T, "csrf", ada.csrf, NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403);
	tr_done(&T);
	tr_init(&T, WM_POST, "/logout", T0);
	tr_cookie(&T, "__Host-treue", ada.cookie);
	tr_header(&T, "Sec-Fetch-Site", "cross-site");
	tr_form(&T, "csrf", ada.csrf, NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403);
	tr_done(&T);
	tr_init(&T, WM_POST, "/logout", T0);
	tr_cookie(&T, "__Host-treue", ada.cookie);
	tr_header(&T, "Origin", "null");
	tr_header(&T, "Sec-Fetch-Site", "same-site");
	tr_form(&T, "csrf", ada.csrf, NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403);
	tr_done(&T);
	/* what browsers send for our own forms under Referrer-Policy: no-referrer */
	tr_init(&T, WM_POST, "/lang", T0);
	tr_cookie(&T, "__Host-treue", ada.cookie);
	tr_header(&T, "Origin", "null");
	tr_header(&T, "Sec-Fetch-Site", "same-origin");
	tr_form(&T, "csrf", ada.csrf, "lang", "en", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 303);
	tr_done(&T);
	/* an https origin is fine behind a TLS proxy; http is not on TLS */
	tr_init(&T, WM_POST, "/lang", T0);
	tr_cookie(&T, "__Host-treue", ada.cookie);
	tr_header(&T, "Origin", "https://" HOST);
	tr_form(&T, "csrf", ada.csrf, "lang", "en", "next", "/week", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 303);
	tr_done(&T);
	tr_init(&T, WM_POST, "/lang", T0);
	T.rq.tls = 1;
	tr_cookie(&T, "__Host-treue", ada.cookie);
	tr_form(&T, "csrf", ada.csrf, "lang", "en", "next", "/week", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403);
	CHECK(hdr(&T, "Strict-Transport-Security") != NULL);
	tr_done(&T);
	/* nothing was added, and the session still works */
	CHECK_INT(wt_get(srv, &ada, "/users", T0, &T), 200);
	CHECK(!has(&T, ">eve<"));
	tr_done(&T);
	/* the login form needs its own token (login CSRF) */
	tr_init(&T, WM_POST, "/login", T0);
	tr_form(&T, "name", "ada", "password", "ada horse battery staple", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403);
	CHECK(tr_set_cookie(&T, "__Host-treue", T.cookie, sizeof(T.cookie)) == NULL);
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_login_required)
{
	struct web_server *srv = wt_server(1);
	char buf[64];
	CHECK_INT(wt_get(srv, NULL, "/week", T0, &T), 303);
	CHECK_STR(hdr(&T, "Location"), "/login?next=%2Fweek");
	tr_done(&T);
	CHECK_INT(wt_get(srv, NULL, "/users", T0, &T), 303);
	CHECK_STR(hdr(&T, "Location"), "/login?next=%2Fusers");
	tr_done(&T);
	CHECK_INT(wt_get(srv, NULL, "/", T0, &T), 303);
	CHECK_STR(hdr(&T, "Location"), "/login");
	tr_done(&T);
	/* a made-up session cookie is no session */
	tr_init(&T, WM_GET, "/week", T0);
	tr_cookie(&T, "__Host-treue", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 303);
	tr_done(&T);
	/* a POST without a session is refused, whatever token it brings */
	tr_init(&T, WM_POST, "/users/add", T0);
	tr_cookie(&T, "__Host-treue-login", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	tr_form(&T, "csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "name", "eve", "role",
	        "admin", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 403);
	CHECK(has(&T, "Please log in first"));
	tr_done(&T);
	/* login sends you where you wanted to go, but only to a local path */
	struct wt_session s;
	CHECK_INT(wt_login(srv, "vic", "vic horse battery staple", T0, &s), 0);
	CHECK_INT(wt_get(srv, &s, "/login?next=/week", T0, &T), 303);
	CHECK_STR(hdr(&T, "Location"), "/week");
	tr_done(&T);
	tr_init(&T, WM_GET, "/login", T0);
	static const struct web_kv next_evil[] = {{"next", "//evil.example/x"}};
	T.rq.args = next_evil;
	T.rq.nargs = 1;
	tr_run(srv, &T);
	CHECK(has(&T, "name=\"next\" value=\"/\""));
	CHECK(tr_set_cookie(&T, "__Host-treue-login", buf, sizeof(buf)) != NULL);
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_roles)
{
	struct web_server *srv = wt_server(2);
	struct wt_session mia, vic, mo, ada;
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &mia), 0);
	CHECK_INT(wt_login(srv, "vic", "vic horse battery staple", T0, &vic), 0);
	CHECK_INT(wt_login(srv, "mo", "mo horse battery staple", T0, &mo), 0);
	CHECK_INT(wt_login(srv, "ada", "ada horse battery staple", T0, &ada), 0);
	const struct wt_session *not_admin[] = {&mia, &vic, &mo};
	for (size_t i = 0; i < ARRAY_SIZE(not_admin); i++) {
		CHECK_INT(wt_get(srv, not_admin[i], "/users", T0, &T), 403);
		CHECK(has(&T, "Not allowed"));
		CHECK(!has(&T, "href=\"/users\"")); /* not in their navigation either */
		tr_done(&T);
		CHECK_INT(wt_post(srv, not_admin[i], "/users/add", T0, &T, "name", "eve", "role",
		                  "admin", NULL),
		          403);
		tr_done(&T);
		CHECK_INT(wt_post(srv, not_admin[i], "/users/role", T0, &T, "user", "1", "role",
		                  "viewer", NULL),
		          403);
		tr_done(&T);
		CHECK_INT(wt_get(srv, not_admin[i], "/week", T0, &T), 200);
		tr_done(&T);
		CHECK_INT(wt_get(srv, not_admin[i], "/", T0, &T), 303);
		CHECK_STR(hdr(&T, "Location"), "/week");
		tr_done(&T);
	}
	CHECK_INT(wt_get(srv, &ada, "/users", T0, &T), 200);
	CHECK(has(&T, "href=\"/users\" aria-current=\"page\""));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/", T0, &T), 303);
	CHECK_STR(hdr(&T, "Location"), "/users");
	tr_done(&T);
	/* a role taken away applies to the running session at once */
	struct store *st;
	struct err e;
	err_init(&e, LANG_EN);
	CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
	struct acct_ctx c = {st, "tester", LANG_EN, T0};
	CHECK_INT(acct_set_role(&c, 4, ROLE_VIEWER, &e), 0); /* mo */
	store_close(st);
	CHECK_INT(wt_get(srv, &mo, "/week", T0, &T), 200);
	CHECK(has(&T, "<span class=\"role\">viewer</span>"));
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_login_throttle)
{
	struct web_server *srv = wt_server(1);
	struct wt_session s;
	/* per account: five failures are free, then each waits twice as long */
	for (int i = 0; i < 5; i++)
		CHECK_INT(wt_login(srv, "mia", "wrong wrong wrong", T0, &s), 200);
	CHECK_INT(wt_login(srv, "mia", "wrong wrong wrong", T0, &s), 200); /* 6th: 1 s */
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &s), 429);
	CHECK_INT(wt_login(srv, "MIA", "mia horse battery staple", T0, &s), 429);
	CHECK_INT(wt_login(srv, "mia", "wrong wrong wrong", T0 + 1, &s), 200); /* 7th: 2 s */
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0 + 2, &s), 429);
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0 + 3, &s), 0);
	/* the success cleared the account's count */
	CHECK_INT(wt_login(srv, "mia", "wrong wrong wrong", T0 + 3, &s), 200);
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0 + 3, &s), 0);
	/* other accounts were not affected */
	CHECK_INT(wt_login(srv, "vic", "vic horse battery staple", T0 + 3, &s), 0);
	web_server_close(srv);

	/* the message and Retry-After: 1, 2, 4, 8 seconds */
	srv = wt_server(1);
	static const int64_t at[] = {0, 0, 0, 0, 0, 0, 1, 3, 7};
	for (size_t i = 0; i < ARRAY_SIZE(at); i++)
		CHECK_INT(wt_login(srv, "vic", "wrong wrong wrong", T0 + at[i], &s), 200);
	char lc[64], csrf[64];
	tr_init(&T, WM_GET, "/login", T0 + 7);
	tr_run(srv, &T);
	tr_set_cookie(&T, "__Host-treue-login", lc, sizeof(lc));
	tr_csrf(&T, csrf, sizeof(csrf));
	tr_done(&T);
	tr_init(&T, WM_POST, "/login", T0 + 7);
	tr_cookie(&T, "__Host-treue-login", lc);
	tr_form(&T, "csrf", csrf, "name", "vic", "password", "vic horse battery staple", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 429);
	CHECK_STR(hdr(&T, "Retry-After"), "8");
	CHECK(has(&T, "Too many failed attempts. Please try again in 8 seconds."));
	tr_done(&T);
	CHECK_INT(wt_login(srv, "vic", "vic horse battery staple", T0 + 15, &s), 0);
	web_server_close(srv);

	/* per address: many names from one address */
	srv = wt_server(1);
	char name[32];
	for (int i = 0; i < 11; i++) {
		snprintf(name, sizeof(name), "nobody%d", i);
		CHECK_INT(wt_login(srv, name, "wrong wrong wrong", T0, &s), 200);
	}
	CHECK_INT(wt_login(srv, "ada", "ada horse battery staple", T0, &s), 429);
	CHECK_INT(wt_login(srv, "ada", "ada horse battery staple", T0 + 1, &s), 0);
	web_server_close(srv);
}

TEST(web_session_expiry)
{
	struct web_server *srv = wt_server(1);
	struct wt_session s;
	int64_t t = T0;
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", t, &s), 0);
	/* idle: 30 minutes */
	t += 29 * 60;
	CHECK_INT(wt_get(srv, &s, "/week", t, &T), 200);
	tr_done(&T);
	t += 30 * 60;
	CHECK_INT(wt_get(srv, &s, "/week", t, &T), 200);
	tr_done(&T);
	t += 30 * 60 + 1;
	CHECK_INT(wt_get(srv, &s, "/week", t, &T), 303);
	CHECK_STR(hdr(&T, "Location"), "/login?next=%2Fweek");
	tr_done(&T);
	/* the ended session stays ended */
	CHECK_INT(wt_get(srv, &s, "/week", t - 60, &T), 303);
	tr_done(&T);
	/* absolute: 12 hours, however busy */
	t = T0 + 86400;
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", t, &s), 0);
	for (int64_t u = t; u <= t + 12 * 3600; u += 20 * 60) {
		CHECK_INT(wt_get(srv, &s, "/week", u, &T), 200);
		tr_done(&T);
	}
	CHECK_INT(wt_get(srv, &s, "/week", t + 12 * 3600 + 1, &T), 303);
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_logout_ends_the_session_on_the_server)
{
	struct web_server *srv = wt_server(1);
	struct wt_session s, old;
	char buf[64];
	CHECK_INT(wt_login(srv, "vic", "vic horse battery staple", T0, &s), 0);
	CHECK_INT(wt_post(srv, &s, "/logout", T0, &T, NULL), 303);
	CHECK_STR(hdr(&T, "Location"), "/login");
	CHECK_STR(tr_set_cookie(&T, "__Host-treue", buf, sizeof(buf)), "");
	CHECK(strstr(hdr(&T, "Set-Cookie"), "Max-Age=0") != NULL);
	tr_done(&T);
	/* the old cookie, replayed, is worth nothing */
	CHECK_INT(wt_get(srv, &s, "/week", T0, &T), 303);
	tr_done(&T);
	/* a login makes a new token and ends the one the browser brought */
	CHECK_INT(wt_login(srv, "vic", "vic horse battery staple", T0, &old), 0);
	CHECK_INT(wt_get(srv, &old, "/login", T0, &T), 303); /* logged in already */
	tr_done(&T);
	tr_init(&T, WM_GET, "/login", T0);
	tr_run(srv, &T);
	char lc[64], csrf[64];
	tr_set_cookie(&T, "__Host-treue-login", lc, sizeof(lc));
	tr_csrf(&T, csrf, sizeof(csrf));
	tr_done(&T);
	tr_init(&T, WM_POST, "/login", T0);
	tr_cookie(&T, "__Host-treue-login", lc);
	tr_cookie(&T, "__Host-treue", old.cookie);
	/* logged in, the form's token is the session's */
	tr_form(&T, "csrf", old.csrf, "name", "vic", "password", "vic horse battery staple", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 303);
	CHECK(tr_set_cookie(&T, "__Host-treue", s.cookie, sizeof(s.cookie)) != NULL);
	CHECK(strcmp(s.cookie, old.cookie) != 0);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &old, "/week", T0, &T), 303);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &s, "/week", T0, &T), 200);
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_session_cookie_attributes)
{
	struct web_server *srv = wt_server(1);
	char lc[64], csrf[64];
	tr_init(&T, WM_GET, "/login", T0);
	tr_run(srv, &T);
	tr_set_cookie(&T, "__Host-treue-login", lc, sizeof(lc));
	tr_csrf(&T, csrf, sizeof(csrf));
	CHECK_STR(lc, csrf);
	CHECK_INT(strlen(lc), 43);
	tr_done(&T);
	tr_init(&T, WM_POST, "/login", T0);
	tr_cookie(&T, "__Host-treue-login", lc);
	tr_form(&T, "csrf", csrf, "name", "ada", "password", "ada horse battery staple", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 303);
	int seen = 0;
	for (size_t i = 0; i < T.rs.nheaders; i++)
		if (!strncmp(T.rs.hvalue[i], "__Host-treue=", 13)) {
			seen = 1;
			CHECK(strstr(T.rs.hvalue[i], "; Secure") != NULL);
			CHECK(strstr(T.rs.hvalue[i], "; HttpOnly") != NULL);
			CHECK(strstr(T.rs.hvalue[i], "; SameSite=Strict") != NULL);
			CHECK(strstr(T.rs.hvalue[i], "; Path=/") != NULL);
			CHECK(strstr(T.rs.hvalue[i], "Domain") == NULL);
			CHECK_INT(strcspn(T.rs.hvalue[i] + 13, ";"), 43);
		}
	CHECK(seen);
	tr_done(&T);
	/* only the hash of the token is stored */
	struct store *st;
	struct err e;
	err_init(&e, LANG_EN);
	CHECK_INT(store_open(wt_db_path(), 1, &st, &e), 0);
	struct web_user u;
	struct web_session ss;
	CHECK_INT(
	    sess_lookup(st, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", T0, 60, 60, &u, &ss, &e),
	    0);
	CHECK_INT(sess_lookup(st, "short", T0, 60, 60, &u, &ss, &e), 0);
	store_close(st);
	web_server_close(srv);
}

static const char *const EVIL = "<img src=x onerror=alert(1)>";
static const char *const OHARA = "O'Hara \"ねこ\" & Söhne";

TEST(web_hostile_names_are_text)
{
	struct web_server *srv = wt_server(1);
	struct wt_session ada, evil, ohara;
	CHECK_INT(wt_login(srv, "ada", "ada horse battery staple", T0, &ada), 0);
	/* added through the Users page, with the owner names hostile too */
	CHECK_INT(wt_post(srv, &ada, "/users/add", T0, &T, "name", EVIL, "role", "member", "owner",
	                  OHARA, NULL),
	          200);
	CHECK(has(&T, "The user was added."));
	char pw[32];
	const char *p = strstr(T.rs.body.buf, "<code class=\"secret\">");
	CHECK(p != NULL);
	if (p)
		snprintf(pw, sizeof(pw), "%.20s", p + strlen("<code class=\"secret\">"));
	tr_done(&T);
	struct store *st;
	struct err e;
	err_init(&e, LANG_EN);
	CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
	struct acct_ctx c = {st, "tester", LANG_EN, T0};
	CHECK_INT(acct_add(&c, OHARA, ROLE_MEMBER, EVIL, "ohara horse battery staple", &e), 0);
	store_close(st);
	CHECK_INT(wt_get(srv, &ada, "/users", T0, &T), 200);
	CHECK(!has(&T, "<img"));
	CHECK(has(&T, "&lt;img src=x onerror=alert(1)&gt;"));
	CHECK(has(&T, "O&#39;Hara &quot;ねこ&quot; &amp; Söhne"));
	CHECK(!has(&T, "O'Hara"));
	CHECK(!has(&T, "\"ねこ\""));
	tr_done(&T);
	/* and on their own pages, in the header and the facts */
	CHECK_INT(wt_login(srv, EVIL, pw, T0, &evil), 0);
	CHECK_INT(wt_get(srv, &evil, "/week", T0, &T), 200);
	CHECK(!has(&T, "<img"));
	CHECK(has(&T, "<span class=\"who\">&lt;img src=x onerror=alert(1)&gt; "));
	CHECK(has(&T, "<dd>O&#39;Hara &quot;ねこ&quot; &amp; Söhne</dd>"));
	tr_done(&T);
	CHECK_INT(wt_login(srv, OHARA, "ohara horse battery staple", T0, &ohara), 0);
	CHECK_INT(wt_get(srv, &ohara, "/week", T0, &T), 200);
	CHECK(has(&T, "<dd>O&#39;Hara &quot;ねこ&quot; &amp; Söhne</dd>"));
	CHECK(has(&T, "<dd>&lt;img src=x onerror=alert(1)&gt;</dd>"));
	tr_done(&T);
	/* a failed login echoes the name into the form, escaped */
	CHECK_INT(wt_login(srv, "\"><script>alert(1)</script>", "wrong wrong wrong", T0, &evil),
	          200);
	web_server_close(srv);
}

TEST(web_request_caps)
{
	struct web_server *srv = wt_server(1);
	struct web_limits l;
	struct wt_session ada;
	web_limits_default(&l);
	CHECK_INT(wt_login(srv, "ada", "ada horse battery staple", T0, &ada), 0);
	/* a form body over the cap */
	tr_init(&T, WM_POST, "/lang", T0);
	memset(T.body, 'a', l.max_body + 1);
	T.body[l.max_body + 1] = '\0';
	T.rq.body = T.body;
	T.rq.body_len = l.max_body + 1;
	tr_header(&T, "Content-Type", "application/x-www-form-urlencoded");
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 413);
	CHECK(has(&T, "larger than treue accepts"));
	tr_done(&T);
	/* too many fields, one too long */
	tr_init(&T, WM_POST, "/lang", T0);
	size_t n = 0;
	for (size_t i = 0; i <= l.max_fields; i++)
		n += (size_t)snprintf(T.body + n, sizeof(T.body) - n, "%sf%zu=1", i ? "&" : "", i);
	T.rq.body = T.body;
	T.rq.body_len = n;
	tr_header(&T, "Content-Type", "application/x-www-form-urlencoded");
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 413);
	tr_done(&T);
	tr_init(&T, WM_POST, "/lang", T0);
	n = (size_t)snprintf(T.body, sizeof(T.body), "lang=");
	memset(T.body + n, 'x', l.max_field + 1);
	T.body[n + l.max_field + 1] = '\0';
	T.rq.body = T.body;
	T.rq.body_len = strlen(T.body);
	tr_header(&T, "Content-Type", "application/x-www-form-urlencoded");
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 413);
	tr_done(&T);
	/* the glue says it stopped reading (Content-Length over the cap) */
	tr_init(&T, WM_POST, "/login", T0);
	T.rq.body_over = 1;
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 413);
	CHECK_STR(hdr(&T, "Connection"), "close");
	tr_done(&T);
	/* headers: too many, too large */
	tr_init(&T, WM_GET, "/login", T0);
	static char names[64][16];
	for (size_t i = 0; i < 60; i++) {
		snprintf(names[i], sizeof(names[i]), "X-H%zu", i);
		tr_header(&T, names[i], "1");
	}
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 431);
	tr_done(&T);
	static char big[20000];
	memset(big, 'c', l.max_header_bytes);
	tr_init(&T, WM_GET, "/login", T0);
	tr_header(&T, "X-Big", big);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 431);
	tr_done(&T);
	/* query arguments: too many, too long; a path too long */
	static struct web_kv args[40];
	for (size_t i = 0; i < 40; i++)
		args[i] = (struct web_kv){"a", "1"};
	tr_init(&T, WM_GET, "/login", T0);
	T.rq.args = args;
	T.rq.nargs = 40;
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 413);
	tr_done(&T);
	static char longarg[4000];
	memset(longarg, 'q', l.max_arg + 1);
	args[0] = (struct web_kv){"next", longarg};
	tr_init(&T, WM_GET, "/login", T0);
	T.rq.args = args;
	T.rq.nargs = 1;
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 413);
	tr_done(&T);
	static char longpath[4000];
	longpath[0] = '/';
	memset(longpath + 1, 'p', l.max_path);
	tr_init(&T, WM_GET, longpath, T0);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 414);
	tr_done(&T);
	/* the caps the glue applies before reading a body */
	CHECK_INT(web_body_cap(srv, WM_GET, "/login", NULL), 0);
	CHECK_INT(web_body_cap(srv, WM_POST, "/login", "application/x-www-form-urlencoded"),
	          l.max_body);
	CHECK_INT(web_body_cap(srv, WM_POST, "/login", "multipart/form-data; boundary=x"),
	          l.max_body);
	CHECK_INT(web_body_cap(srv, WM_POST, "/nowhere", NULL), 0);
	/* a body of another type where a form is expected */
	tr_init(&T, WM_POST, "/lang", T0);
	T.rq.body = "{}";
	T.rq.body_len = 2;
	tr_header(&T, "Content-Type", "application/json");
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 415);
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_language)
{
	struct web_server *srv = wt_server(1);
	struct wt_session s;
	char buf[16];
	/* Accept-Language */
	tr_init(&T, WM_GET, "/login", T0);
	tr_header(&T, "Accept-Language", "fr-CH, fr;q=0.9, de;q=0.8, en;q=0.5");
	tr_run(srv, &T);
	CHECK(has(&T, "<html lang=\"de\">"));
	CHECK(has(&T, "<h1>Anmelden</h1>"));
	CHECK(has(&T, ">English</button>"));
	tr_done(&T);
	tr_init(&T, WM_GET, "/login", T0);
	tr_header(&T, "Accept-Language", "en-GB,en;q=0.9,de;q=0.8");
	tr_run(srv, &T);
	CHECK(has(&T, "<h1>Log in</h1>"));
	tr_done(&T);
	/* the cookie wins over Accept-Language */
	tr_init(&T, WM_GET, "/login", T0);
	tr_header(&T, "Accept-Language", "de");
	tr_cookie(&T, "__Host-treue-lang", "en");
	tr_run(srv, &T);
	CHECK(has(&T, "<h1>Log in</h1>"));
	tr_done(&T);
	/* the switch before login: a cookie, back to the page */
	tr_init(&T, WM_GET, "/login", T0);
	tr_run(srv, &T);
	char lc[64], csrf[64];
	tr_set_cookie(&T, "__Host-treue-login", lc, sizeof(lc));
	tr_csrf(&T, csrf, sizeof(csrf));
	tr_done(&T);
	tr_init(&T, WM_POST, "/lang", T0);
	tr_cookie(&T, "__Host-treue-login", lc);
	tr_form(&T, "csrf", csrf, "lang", "de", "next", "/login", NULL);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 303);
	CHECK_STR(hdr(&T, "Location"), "/login");
	CHECK_STR(tr_set_cookie(&T, "__Host-treue-lang", buf, sizeof(buf)), "de");
	tr_done(&T);
	/* logged in: stored with the user, and it follows them */
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &s), 0);
	CHECK_INT(wt_post(srv, &s, "/lang", T0, &T, "lang", "de", "next", "//evil.example", NULL),
	          303);
	CHECK_STR(hdr(&T, "Location"), "/"); /* never off the site */
	tr_done(&T);
	CHECK_INT(wt_get(srv, &s, "/week", T0, &T), 200);
	CHECK(has(&T, "<h1>Meine Woche</h1>"));
	CHECK(has(&T, "<span class=\"role\">Mitarbeiter</span>"));
	tr_done(&T);
	tr_init(&T, WM_GET, "/week", T0);
	tr_cookie(&T, "__Host-treue", s.cookie);
	tr_cookie(&T, "__Host-treue-lang", "en");
	tr_run(srv, &T);
	CHECK(has(&T, "<h1>Meine Woche</h1>")); /* the user's choice first */
	tr_done(&T);
	CHECK_INT(wt_post(srv, &s, "/lang", T0, &T, "lang", "fr", NULL), 400);
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_users_page)
{
	struct web_server *srv = wt_server(1);
	struct wt_session ada, mia, neo;
	CHECK_INT(wt_login(srv, "ada", "ada horse battery staple", T0, &ada), 0);
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &mia), 0);
	CHECK_INT(wt_get(srv, &ada, "/users", T0, &T), 200);
	CHECK(has(&T, "<td class=\"name\">mia</td>"));
	CHECK(has(&T, "value=\"Mia Berger\""));
	CHECK(has(&T, "<h2>Add a user</h2>"));
	tr_done(&T);
	/* add: the password is shown once and works */
	CHECK_INT(wt_post(srv, &ada, "/users/add", T0, &T, "name", "neo", "role", "viewer", NULL),
	          200);
	char pw[32] = "";
	const char *p = strstr(T.rs.body.buf, "<code class=\"secret\">");
	CHECK(p != NULL);
	if (p)
		snprintf(pw, sizeof(pw), "%.20s", p + strlen("<code class=\"secret\">"));
	tr_done(&T);
	CHECK_INT(wt_login(srv, "neo", pw, T0, &neo), 0);
	/* a duplicate, a bad role, an empty name */
	CHECK_INT(wt_post(srv, &ada, "/users/add", T0, &T, "name", "NEO", "role", "viewer", NULL),
	          400);
	CHECK(has(&T, "a user &quot;NEO&quot; exists already"));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &ada, "/users/add", T0, &T, "name", "x", "role", "root", NULL), 400);
	tr_done(&T);
	CHECK_INT(wt_post(srv, &ada, "/users/add", T0, &T, "name", "", "role", "viewer", NULL),
	          400);
	tr_done(&T);
	/* role, link */
	CHECK_INT(wt_post(srv, &ada, "/users/role", T0, &T, "user", "2", "role", "manager", NULL),
	          303);
	CHECK_STR(hdr(&T, "Location"), "/users?done=role");
	tr_done(&T);
	CHECK_INT(wt_post(srv, &ada, "/users/owner", T0, &T, "user", "2", "owner", "Mia B.", NULL),
	          303);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/week", T0, &T), 200);
	CHECK(has(&T, "<dd>Mia B.</dd>"));
	CHECK(has(&T, "<dd>manager</dd>"));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &ada, "/users/owner", T0, &T, "user", "2", "owner", "", NULL), 303);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/week", T0, &T), 200);
	CHECK(has(&T, "not linked"));
	tr_done(&T);
	/* disable: the user's sessions end, login refused; enable again */
	CHECK_INT(wt_post(srv, &ada, "/users/disable", T0, &T, "user", "2", NULL), 303);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/week", T0, &T), 303);
	tr_done(&T);
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &mia), 200);
	CHECK_INT(wt_get(srv, &ada, "/users?done=disabled", T0, &T), 200);
	CHECK(has(&T, "<tr class=\"disabled\"><td class=\"name\">mia</td>"));
	CHECK(has(&T, "The user was disabled and logged out."));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &ada, "/users/enable", T0, &T, "user", "2", NULL), 303);
	tr_done(&T);
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0 + 1, &mia), 0);
	/* the last admin stays an admin and enabled */
	CHECK_INT(wt_post(srv, &ada, "/users/role", T0, &T, "user", "1", "role", "viewer", NULL),
	          400);
	CHECK(has(&T, "ada is the last admin"));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &ada, "/users/disable", T0, &T, "user", "1", NULL), 400);
	tr_done(&T);
	/* a new password: shown once, the old one and the sessions are gone */
	CHECK_INT(wt_post(srv, &ada, "/users/reset", T0, &T, "user", "2", NULL), 200);
	CHECK(has(&T, "The new password of <strong>mia</strong>"));
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mia, "/week", T0, &T), 303);
	tr_done(&T);
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0 + 2, &mia), 200);
	CHECK_INT(wt_post(srv, &ada, "/users/role", T0, &T, "user", "99", "role", "viewer", NULL),
	          400);
	tr_done(&T);
	CHECK_INT(
	    wt_post(srv, &ada, "/users/role", T0, &T, "user", "1; drop", "role", "viewer", NULL),
	    400);
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_password_change)
{
	struct web_server *srv = wt_server(1);
	struct wt_session a, b, c2;
	char cookie[64];
	CHECK_INT(wt_login(srv, "vic", "vic horse battery staple", T0, &a), 0);
	CHECK_INT(wt_login(srv, "vic", "vic horse battery staple", T0, &b), 0);
	CHECK_INT(wt_post(srv, &a, "/password", T0, &T, "current", "wrong wrong wrong", "new",
	                  "a much better passphrase", "repeat", "a much better passphrase",
	                  "others", "1", NULL),
	          400);
	CHECK(has(&T, "The current password is wrong."));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &a, "/password", T0, &T, "current", "vic horse battery staple",
	                  "new", "a much better passphrase", "repeat", "a much worse passphrase",
	                  "others", "1", NULL),
	          400);
	CHECK(has(&T, "The two new passwords differ."));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &a, "/password", T0, &T, "current", "vic horse battery staple",
	                  "new", "password1234", "repeat", "password1234", "others", "1", NULL),
	          400);
	CHECK(has(&T, "one of the first that attackers try"));
	tr_done(&T);
	CHECK_INT(wt_post(srv, &a, "/password", T0, &T, "current", "vic horse battery staple",
	                  "new", "a much better passphrase", "repeat", "a much better passphrase",
	                  "others", "1", NULL),
	          303);
	CHECK(tr_set_cookie(&T, "__Host-treue", cookie, sizeof(cookie)) != NULL);
	tr_done(&T);
	/* a new token for this browser; the old one and the other session end */
	CHECK_INT(wt_get(srv, &a, "/week", T0, &T), 303);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &b, "/week", T0, &T), 303);
	tr_done(&T);
	snprintf(a.cookie, sizeof(a.cookie), "%s", cookie);
	CHECK_INT(wt_get(srv, &a, "/password?done=1", T0, &T), 200);
	CHECK(has(&T, "The password was changed."));
	tr_done(&T);
	CHECK_INT(wt_login(srv, "vic", "vic horse battery staple", T0, &c2), 200);
	CHECK_INT(wt_login(srv, "vic", "a much better passphrase", T0, &c2), 0);
	/* without "others", the other sessions stay */
	CHECK_INT(wt_login(srv, "vic", "a much better passphrase", T0, &b), 0);
	CHECK_INT(wt_post(srv, &c2, "/password", T0, &T, "current", "a much better passphrase",
	                  "new", "an even better passphrase", "repeat", "an even better passphrase",
	                  NULL),
	          303);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &b, "/week", T0, &T), 200);
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_etag_from_the_data_version)
{
	struct web_server *srv = wt_server(1);
	struct wt_session s;
	char tag[64];
	CHECK_INT(wt_login(srv, "mia", "mia horse battery staple", T0, &s), 0);
	CHECK_INT(wt_get(srv, &s, "/week", T0, &T), 200);
	CHECK(hdr(&T, "ETag") != NULL);
	snprintf(tag, sizeof(tag), "%s", hdr(&T, "ETag") ? hdr(&T, "ETag") : "");
	tr_done(&T);
	tr_init(&T, WM_GET, "/week", T0);
	tr_cookie(&T, "__Host-treue", s.cookie);
	tr_header(&T, "If-None-Match", tag);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 304);
	CHECK_INT(T.rs.body.len, 0);
	check_headers(&T, "304");
	tr_done(&T);
	/* a change of the data: a new tag */
	struct store *st;
	struct err e;
	err_init(&e, LANG_EN);
	CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
	CHECK_INT(store_audit(st, "test", 0, "a change", 1, &e), 0);
	store_close(st);
	tr_init(&T, WM_GET, "/week", T0);
	tr_cookie(&T, "__Host-treue", s.cookie);
	tr_header(&T, "If-None-Match", tag);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 200);
	CHECK(hdr(&T, "ETag") && strcmp(hdr(&T, "ETag"), tag));
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_static_files)
{
	struct web_server *srv = wt_server(1);
	char tag[64];
	CHECK_INT(wt_get(srv, NULL, "/static/treue.css", T0, &T), 200);
	CHECK_STR(hdr(&T, "Content-Type"), "text/css; charset=utf-8");
	CHECK_STR(hdr(&T, "Cache-Control"), "no-cache");
	CHECK(has(&T, "@media print"));
	snprintf(tag, sizeof(tag), "%s", hdr(&T, "ETag"));
	tr_done(&T);
	tr_init(&T, WM_GET, "/static/treue.css", T0);
	tr_header(&T, "If-None-Match", tag);
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 304);
	tr_done(&T);
	CHECK_INT(wt_get(srv, NULL, "/static/../web.h", T0, &T), 404);
	tr_done(&T);
	CHECK_INT(wt_get(srv, NULL, "/static/", T0, &T), 404);
	tr_done(&T);
	/* no page uses an inline script or style */
	CHECK_INT(wt_get(srv, NULL, "/login", T0, &T), 200);
	CHECK(!has(&T, "<script"));
	CHECK(!has(&T, "style="));
	CHECK(!has(&T, "<style"));
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_audit_names_the_user)
{
	struct web_server *srv = wt_server(1);
	struct wt_session ada;
	CHECK_INT(wt_login(srv, "ada", "ada horse battery staple", T0, &ada), 0);
	CHECK_INT(wt_post(srv, &ada, "/users/role", T0, &T, "user", "3", "role", "member", NULL),
	          303);
	tr_done(&T);
	struct store *st;
	struct err e;
	err_init(&e, LANG_EN);
	CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
	/* id, at, who, action, detail, rows, customer_id */
	struct stmt *s = store_stmt(st, ST_J_AUDIT_LIST);
	int found = 0;
	while (stmt_step(s, &e) == 1)
		if (!strcmp(col_text(s, 3), "user role")) {
			CHECK_STR(col_text(s, 2), "ada");
			CHECK_STR(col_text(s, 4), "user vic: role viewer -> member");
			found = 1;
		}
	stmt_reset(s);
	CHECK(found);
	/* store_audit_as names its actor; store_audit keeps the connection's */
	int64_t v = 0, v2 = 0;
	CHECK_INT(store_data_version(st, &v, &e), 0);
	CHECK_INT(store_audit_as(st, "someone", "test", 0, "detail", 1, &e), 0);
	CHECK_INT(store_data_version(st, &v2, &e), 0);
	CHECK_INT(v2, v + 1);
	store_set_actor(st, "cli-user");
	CHECK_INT(store_audit(st, "test2", 0, "detail", 1, &e), 0);
	s = store_stmt(st, ST_J_AUDIT_LIST);
	int n = 0;
	while (stmt_step(s, &e) == 1) {
		if (!strcmp(col_text(s, 3), "test")) {
			CHECK_STR(col_text(s, 2), "someone");
			n++;
		}
		if (!strcmp(col_text(s, 3), "test2")) {
			CHECK_STR(col_text(s, 2), "cli-user");
			n++;
		}
	}
	stmt_reset(s);
	CHECK_INT(n, 2);
	store_close(st);
	web_server_close(srv);
}

TEST(web_no_users_no_server)
{
	struct web_config cfg;
	struct web_server *srv = NULL;
	struct err e;
	struct store *st;
	char path[512];
	err_init(&e, LANG_EN);
	snprintf(path, sizeof(path), "%s/web-empty.db", test_tmpdir());
	CHECK_INT(store_open(path, 0, &st, &e), 0);
	store_close(st);
	web_config_default(&cfg);
	cfg.db_path = path;
	CHECK_INT(web_server_open(&cfg, &srv, &e), -1);
	CHECK(srv == NULL);
	CHECK(strstr(e.msg, "user add NAME --role admin") != NULL);
}
