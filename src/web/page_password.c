/*
 * page_password.c — changing one's own password: the current one (counted
 * by the login throttle when wrong), the new one twice; afterwards the
 * session gets a new token and, unless unticked, every other session of
 * the user ends.
 */
#include <sodium.h>
#include <string.h>

#include "web_int.h"

static void password_form(struct web_req *rq, struct web_resp *rs, const char *error,
                          const char *ok)
{
	struct html h;
	page_begin(rq, rs, &h, L(rq->lang, "Change password", "Passwort ändern"));
	H(&h, "<section class=\"narrow\"><h1>");
	HT(&h, "Change password", "Passwort ändern");
	H(&h, "</h1>");
	if (error)
		PAGE_MSG(&h, "error", error);
	if (ok)
		PAGE_MSG(&h, "ok", ok);
	H(&h, "<form method=\"post\" action=\"/password\" class=\"card\">");
	page_csrf_field(rq, rs, &h);
	/* a hidden user name helps password managers file the new password */
	H(&h, "<input type=\"text\" name=\"username\" autocomplete=\"username\" hidden");
	HATTR(&h, "value", rq->user.name);
	H(&h, "><label for=\"current\">");
	HT(&h, "Current password", "Bisheriges Passwort");
	H(&h, "</label><input id=\"current\" name=\"current\" type=\"password\" "
	      "autocomplete=\"current-password\" required maxlength=\"512\">"
	      "<label for=\"new\">");
	HT(&h, "New password (at least 12 characters)", "Neues Passwort (mindestens 12 Zeichen)");
	H(&h, "</label><input id=\"new\" name=\"new\" type=\"password\" "
	      "autocomplete=\"new-password\" required minlength=\"12\" maxlength=\"512\">"
	      "<label for=\"repeat\">");
	HT(&h, "New password again", "Neues Passwort wiederholen");
	H(&h,
	  "</label><input id=\"repeat\" name=\"repeat\" type=\"password\" "
	  "autocomplete=\"new-password\" required minlength=\"12\" maxlength=\"512\">"
	  "<label class=\"check\"><input type=\"checkbox\" name=\"others\" value=\"1\" checked> ");
	HT(&h, "Log out my other sessions", "Meine anderen Sitzungen abmelden");
	H(&h, "</label><button type=\"submit\" class=\"primary\">");
	HT(&h, "Change password", "Passwort ändern");
	H(&h, "</button></form></section>");
	page_end(rq, rs, &h);
}

void page_password_get(struct web_req *rq, struct web_resp *rs)
{
	password_form(rq, rs, NULL,
	              web_arg(rq, "done")
	                  ? L(rq->lang, "The password was changed.", "Das Passwort wurde geändert.")
	                  : NULL);
}

void page_password_post(struct web_req *rq, struct web_resp *rs)
{
	struct web_server *srv = rq->srv;
	const char *cur = web_field(rq, "current"), *pw = web_field(rq, "new"),
	           *rep = web_field(rq, "repeat");
	int others = web_field(rq, "others") != NULL;
	struct web_account a;
	struct web_session sess;
	char token[WEB_TOKEN_LEN + 1];
	struct err e;
	struct acct_ctx c = web_acct_ctx(rq);
	err_init(&e, rq->lang);
	if (!cur || !pw || !rep) {
		rs->status = 400;
		password_form(rq, rs,
		              L(rq->lang, "Please fill in all three fields.",
		                "Bitte alle drei Felder ausfüllen."),
		              NULL);
		return;
	}
	int64_t wait = throttle_wait(&srv->throttle, rq->user.name, rq->peer, rq->now);
	if (wait > 0) {
		rs->status = 429;
		password_form(rq, rs,
		              L(rq->lang, "Too many failed attempts. Please wait a while.",
		                "Zu viele Fehlversuche. Bitte eine Weile warten."),
		              NULL);
		return;
	}
	if (acct_get(rq->st, rq->user.id, &a, &e) != 1 ||
	    !web_verify_password(srv, a.pw_hash, cur)) {
		throttle_fail(&srv->throttle, rq->user.name, rq->peer, rq->now);
		rs->status = 400;
		password_form(rq, rs,
		              L(rq->lang, "The current password is wrong.",
		                "Das bisherige Passwort stimmt nicht."),
		              NULL);
		return;
	}
	if (strcmp(pw, rep)) {
		rs->status = 400;
		password_form(rq, rs,
		              L(rq->lang, "The two new passwords differ.",
		                "Die beiden neuen Passwörter sind verschieden."),
		              NULL);
		return;
	}
	/* the new token is made first, so "others" can keep exactly it */
	if (sess_create(rq->st, rq->user.id, rq->peer, rq->now, token, &sess, &e)) {
		web_log(srv, "password of \"%s\": %s", rq->user.name, e.msg);
		web_error_page(rq, rs, 500, NULL);
		return;
	}
	if (acct_set_password(&c, rq->user.id, pw, others ? sess.id : -1, &e)) {
		struct strbuf msg = STRBUF_INIT;
		sess_end(rq->st, sess.id, NULL);
		err_format(&e, &msg);
		rs->status = 400;
		password_form(rq, rs, msg.buf, NULL);
		sb_release(&msg);
		sodium_memzero(token, sizeof(token));
		return;
	}
	sess_end(rq->st, rq->sess.id, NULL);
	web_log(srv, "%s password changed by \"%s\"%s", rq->peer, rq->user.name,
	        others ? ", other sessions ended" : "");
	web_set_cookie(rs, COOKIE_SESSION, token, -1);
	sodium_memzero(token, sizeof(token));
	web_redirect(rs, "/password?done=1");
}
