/*
 * page_login.c — the way in and out: the start page's redirect, the login
 * form and its check (throttled, one new session token per login), logout
 * (ends the session on the server) and the language switch.
 */
#include <sodium.h>
#include <string.h>

#include "web_int.h"

/* "/" sends people where they start: the login, the Users page for
 * admins, My week for everyone else. */
void page_root(struct web_req *rq, struct web_resp *rs)
{
	if (!rq->logged_in)
		web_redirect(rs, "/login");
	else if (rq->user.role >= ROLE_ADMIN)
		web_redirect(rs, "/users");
	else
		web_redirect(rs, "/week");
}

static const char *safe_next(const char *next)
{
	return next && html_local_path(next) && strcmp(next, "/login") ? next : "/";
}

static void login_form(struct web_req *rq, struct web_resp *rs, const char *name,
                       const char *message)
{
	struct html h;
	page_begin(rq, rs, &h, L(rq->lang, "Log in", "Anmelden"));
	H(&h, "<section class=\"narrow\"><h1>");
	HT(&h, "Log in", "Anmelden");
	H(&h, "</h1>");
	if (message)
		PAGE_MSG(&h, "error", message);
	H(&h, "<form method=\"post\" action=\"/login\" class=\"card\">");
	page_csrf_field(rq, rs, &h);
	H(&h, "<input type=\"hidden\" name=\"next\"");
	HATTR(&h, "value",
	      safe_next(rq->method == WM_POST ? web_field(rq, "next") : web_arg(rq, "next")));
	H(&h, "><label for=\"name\">");
	HT(&h, "Name", "Name");
	H(&h, "</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required "
	      "maxlength=\"64\" autofocus");
	if (name)
		HATTR(&h, "value", name);
	H(&h, "><label for=\"password\">");
	HT(&h, "Password", "Passwort");
	H(&h, "</label><input id=\"password\" name=\"password\" type=\"password\" "
	      "autocomplete=\"current-password\" required maxlength=\"512\">"
	      "<button type=\"submit\" class=\"primary\">");
	HT(&h, "Log in", "Anmelden");
	H(&h, "</button></form></section>");
	page_end(rq, rs, &h);
}

void page_login_get(struct web_req *rq, struct web_resp *rs)
{
	if (rq->logged_in) {
		web_redirect(rs, safe_next(web_arg(rq, "next")));
		return;
	}
	login_form(rq, rs, NULL, NULL);
}

void page_login_post(struct web_req *rq, struct web_resp *rs)
{
	struct web_server *srv = rq->srv;
	const char *name = web_field(rq, "name"), *pw = web_field(rq, "password");
	struct web_account a;
	struct web_session sess;
	char token[WEB_TOKEN_LEN + 1];
	struct err e;
	err_init(&e, rq->lang);
	if (!name || !pw || !*name || !*pw || strlen(name) > WEB_NAME_MAX || strlen(pw) > 512) {
		rs->status = 400;
		login_form(rq, rs, NULL,
		           L(rq->lang, "Please give your name and password.",
		             "Bitte Name und Passwort angeben."));
		return;
	}
	int64_t wait = throttle_wait(&srv->throttle, name, rq->peer, rq->now);
	if (wait > 0) {
		char secs[32], msg[200];
		snprintf(secs, sizeof(secs), "%lld", (long long)wait);
		web_resp_header(rs, "Retry-After", secs);
		snprintf(msg, sizeof(msg),
		         L(rq->lang, "Too many failed attempts. Please try again in %lld seconds.",
		           "Zu viele Fehlversuche. Bitte in %lld Sekunden erneut versuchen."),
		         (long long)wait);
		web_log(srv, "%s login throttled for \"%s\" (%lld s)", rq->peer, name,
		        (long long)wait);
		rs->status = 429;
		login_form(rq, rs, name, msg);
		return;
	}
	int found = acct_find(rq->st, name, &a, &e);
	int ok;
	if (found == 1 && !a.disabled) {
		ok = web_verify_password(srv, a.pw_hash, pw);
	} else {
		web_verify_password(srv, srv->dummy_hash, pw); /* the same cost either way */
		ok = 0;
	}
	if (!ok) {
		throttle_fail(&srv->throttle, name, rq->peer, rq->now);
		web_log(srv, "%s login failed for \"%s\"", rq->peer, name);
		rs->status = 200;
		login_form(rq, rs, name,
		           L(rq->lang, "The name or the password is wrong.",
		             "Name oder Passwort stimmen nicht."));
		return;
	}
	throttle_success(&srv->throttle, name, rq->now);
	/* a session the browser brought along ends: a login always makes a new token */
	if (rq->logged_in)
		sess_end(rq->st, rq->sess.id, NULL);
	struct stmt *s = store_stmt(rq->st, ST_USER_SET_LOGIN);
	stmt_int(s, 1, a.id);
	stmt_int(s, 2, rq->now);
	if (stmt_exec(s, &e) ||
	    sess_prune(rq->st, rq->now, srv->cfg.session_idle, srv->cfg.session_max, &e) ||
	    sess_create(rq->st, a.id, rq->peer, rq->now, token, &sess, &e)) {
		web_log(srv, "login of \"%s\": %s", a.name, e.msg);
		web_error_page(rq, rs, 500, NULL);
		return;
	}
	web_log(srv, "%s login of \"%s\"", rq->peer, a.name);
	web_set_cookie(rs, COOKIE_SESSION, token, -1);
	web_set_cookie(rs, COOKIE_LOGIN, "", 0);
	sodium_memzero(token, sizeof(token));
	web_redirect(rs, safe_next(web_field(rq, "next")));
}

void page_logout(struct web_req *rq, struct web_resp *rs)
{
	struct err e;
	err_init(&e, rq->lang);
	if (rq->logged_in && sess_end(rq->st, rq->sess.id, &e))
		web_log(rq->srv, "logout of \"%s\": %s", rq->user.name, e.msg);
	else if (rq->logged_in)
		web_log(rq->srv, "%s logout of \"%s\"", rq->peer, rq->user.name);
	web_set_cookie(rs, COOKIE_SESSION, "", 0);
	web_redirect(rs, "/login");
}

void page_lang(struct web_req *rq, struct web_resp *rs)
{
	const char *to = web_field(rq, "lang");
	enum lang l;
	struct err e;
	err_init(&e, rq->lang);
	if (!to || (strcmp(to, "de") && strcmp(to, "en")) || lang_parse(to, &l)) {
		web_error_page(rq, rs, 400, NULL);
		return;
	}
	web_set_cookie(rs, COOKIE_LANG, to, 365L * 24 * 3600);
	if (rq->logged_in && acct_set_lang(rq->st, rq->user.id, l, &e))
		web_log(rq->srv, "language of \"%s\": %s", rq->user.name, e.msg);
	const char *next = web_field(rq, "next");
	web_redirect(rs, next && html_local_path(next) ? next : "/");
}
