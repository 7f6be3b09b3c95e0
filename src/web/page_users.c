/*
 * page_users.c — the Users page (admins only): every user with role,
 * linked account manager, status and last login; forms to add a user
 * (treue makes the first password and shows it once), change a role, link
 * an owner, disable or enable, and give a new password.  Every change is a
 * POST with the CSRF token, then a redirect back (or the page again with
 * the error, or with the new password).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web_int.h"

static const char *const done_codes[][3] = {
    {"added", "The user was added.", "Der Benutzer wurde angelegt."},
    {"role", "The role was changed.", "Die Rolle wurde geändert."},
    {"owner", "The link to the account manager was saved.",
     "Die Verknüpfung mit dem Betreuer wurde gespeichert."},
    {"disabled", "The user was disabled and logged out.",
     "Der Benutzer wurde gesperrt und abgemeldet."},
    {"enabled", "The user was enabled.", "Der Benutzer wurde freigegeben."},
};

static void when(struct html *h, int64_t t, enum lang lang)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char buf[40];
	if (!t) {
		html_text(h, L(lang, "never", "nie"));
		return;
	}
	gmtime_r(&tt, &tm);
	if (lang == LANG_DE)
		strftime(buf, sizeof(buf), "%d.%m.%Y %H:%M UTC", &tm);
	else
		strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M UTC", &tm);
	html_text(h, buf);
}

static void role_select(struct html *h, enum web_role current, const char *label)
{
	H(h, "<select name=\"role\"");
	HATTR(h, "aria-label", label);
	H(h, ">");
	for (enum web_role r = ROLE_ADMIN; r >= ROLE_VIEWER; r--) {
		H(h, "<option");
		HATTR(h, "value", web_role_name(r));
		if (r == current)
			H(h, " selected");
		H(h, ">");
		html_text(h, web_role_label(r, h->lang));
		H(h, "</option>");
	}
	H(h, "</select>");
}

/* The start of a one-button form about user id. */
static void user_form(struct web_req *rq, struct web_resp *rs, struct html *h, const char *action,
                      int64_t id)
{
	char num[32];
	snprintf(num, sizeof(num), "%lld", (long long)id);
	H(h, "<form method=\"post\" class=\"inline\"");
	HATTR(h, "action", action);
	H(h, ">");
	page_csrf_field(rq, rs, h);
	H(h, "<input type=\"hidden\" name=\"user\"");
	HATTR(h, "value", num);
	H(h, ">");
}

static void user_row(struct web_req *rq, struct web_resp *rs, struct html *h,
                     const struct web_account *a)
{
	struct strbuf label = STRBUF_INIT;
	H(h, "<tr");
	if (a->disabled)
		H(h, " class=\"disabled\"");
	H(h, "><td class=\"name\">");
	html_text(h, a->name);
	H(h, "</td><td>");
	sb_addf(&label, "%s: %s", L(rq->lang, "Role", "Rolle"), a->name);
	user_form(rq, rs, h, "/users/role", a->id);
	role_select(h, a->role, label.buf);
	H(h, "<button type=\"submit\">");
	HT(h, "Change", "Ändern");
	H(h, "</button></form></td><td>");
	sb_reset(&label);
	sb_addf(&label, "%s: %s", L(rq->lang, "Account manager", "Betreuer"), a->name);
	user_form(rq, rs, h, "/users/owner", a->id);
	H(h, "<input name=\"owner\" maxlength=\"200\"");
	HATTR(h, "value", a->owner);
	HATTR(h, "aria-label", label.buf);
	H(h, "><button type=\"submit\">");
	HT(h, "Link", "Verknüpfen");
	H(h, "</button></form></td><td>");
	if (a->disabled)
		HT(h, "disabled", "gesperrt");
	else
		HT(h, "active", "aktiv");
	H(h, "</td><td>");
	when(h, a->last_login_at, rq->lang);
	H(h, "</td><td class=\"actions\">");
	if (a->disabled) {
		user_form(rq, rs, h, "/users/enable", a->id);
		H(h, "<button type=\"submit\">");
		HT(h, "Enable", "Freigeben");
	} else {
		user_form(rq, rs, h, "/users/disable", a->id);
		H(h, "<button type=\"submit\">");
		HT(h, "Disable", "Sperren");
	}
	H(h, "</button></form>");
	user_form(rq, rs, h, "/users/reset", a->id);
	H(h, "<button type=\"submit\">");
	HT(h, "New password", "Neues Passwort");
	H(h, "</button></form></td></tr>\n");
	sb_release(&label);
}

/* The page, with an optional message: kind "ok"/"error", and a new
 * password to show once (with whose it is). */
static void users_page(struct web_req *rq, struct web_resp *rs, const char *error, const char *ok,
                       const char *pw_user, const char *pw)
{
	struct html h;
	struct web_account *list;
	size_t n;
	struct err e;
	err_init(&e, rq->lang);
	if (acct_list(rq->st, &list, &n, &e)) {
		web_log(rq->srv, "users: %s", e.msg);
		web_error_page(rq, rs, 500, NULL);
		return;
	}
	page_begin(rq, rs, &h, L(rq->lang, "Users", "Benutzer"));
	H(&h, "<h1>");
	HT(&h, "Users", "Benutzer");
	H(&h, "</h1>");
	if (error)
		PAGE_MSG(&h, "error", error);
	if (ok)
		PAGE_MSG(&h, "ok", ok);
	if (pw) {
		H(&h, "<div class=\"msg msg-ok newpw\" role=\"status\"><p>");
		HT(&h, "The new password of", "Das neue Passwort von");
		H(&h, " <strong>");
		html_text(&h, pw_user);
		H(&h, "</strong>:</p><p><code class=\"secret\">");
		html_text(&h, pw);
		H(&h, "</code></p><p>");
		HT(&h, "It is shown only now. Pass it on in person; it can be changed after login.",
		   "Es wird nur jetzt angezeigt. Bitte persönlich weitergeben; nach der Anmeldung "
		   "lässt es sich ändern.");
		H(&h, "</p></div>");
	}
	H(&h, "<div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
	HT(&h, "Name", "Name");
	H(&h, "</th><th>");
	HT(&h, "Role", "Rolle");
	H(&h, "</th><th>");
	HT(&h, "Account manager", "Betreuer");
	H(&h, "</th><th>");
	HT(&h, "Status", "Status");
	H(&h, "</th><th>");
	HT(&h, "Last login", "Letzte Anmeldung");
	H(&h, "</th><th><span class=\"vh\">");
	HT(&h, "Actions", "Aktionen");
	H(&h, "</span></th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++)
		user_row(rq, rs, &h, &list[i]);
	H(&h, "</tbody></table></div>");

	H(&h, "<h2>");
	HT(&h, "Add a user", "Benutzer anlegen");
	H(&h, "</h2><form method=\"post\" action=\"/users/add\" class=\"card\">");
	page_csrf_field(rq, rs, &h);
	H(&h, "<label for=\"new-name\">");
	HT(&h, "Name", "Name");
	H(&h, "</label><input id=\"new-name\" name=\"name\" required maxlength=\"64\">"
	      "<label for=\"new-role\">");
	HT(&h, "Role", "Rolle");
	H(&h, "</label>");
	role_select(&h, ROLE_MEMBER, L(rq->lang, "Role", "Rolle"));
	H(&h, "<label for=\"new-owner\">");
	HT(&h, "Account manager (name in the customer data, optional)",
	   "Betreuer (Name in den Kundendaten, optional)");
	H(&h, "</label><input id=\"new-owner\" name=\"owner\" maxlength=\"200\">"
	      "<p class=\"hint\">");
	HT(&h, "treue makes the first password and shows it once.",
	   "treue erzeugt das erste Passwort und zeigt es einmal an.");
	H(&h, "</p><button type=\"submit\" class=\"primary\">");
	HT(&h, "Add", "Anlegen");
	H(&h, "</button></form>");
	H(&h, "<p class=\"hint\">");
	HT(&h,
	   "Roles: admin — users, settings, import, erase; manager — everything else, all "
	   "customers; member — reads everything, writes journal entries; viewer — reads.",
	   "Rollen: Administrator — Benutzer, Einstellungen, Import, Löschen; Leitung — alles "
	   "andere, alle Kunden; Mitarbeiter — liest alles, schreibt Journaleinträge; Leser — "
	   "liest.");
	H(&h, "</p>");
	page_end(rq, rs, &h);
	free(list);
}

void page_users(struct web_req *rq, struct web_resp *rs)
{
	const char *done = web_arg(rq, "done"), *ok = NULL;
	for (size_t i = 0; done && i < ARRAY_SIZE(done_codes); i++)
		if (!strcmp(done, done_codes[i][0]))
			ok = L(rq->lang, done_codes[i][1], done_codes[i][2]);
	users_page(rq, rs, NULL, ok, NULL, NULL);
}

/* The user a form is about: the field "user" as a positive integer. */
static int form_user(struct web_req *rq, int64_t *id)
{
	const char *v = web_field(rq, "user");
	char *end;
	if (!v || !*v)
		return -1;
	long long x = strtoll(v, &end, 10);
	if (*end || x <= 0)
		return -1;
	*id = x;
	return 0;
}

static void failed(struct web_req *rq, struct web_resp *rs, const struct err *e)
{
	struct strbuf msg = STRBUF_INIT;
	if (web_disk_full(e))
		sb_adds(&msg, web_disk_full(e));
	else
		err_format(e, &msg);
	rs->status = web_disk_full(e) ? 507 : 400;
	users_page(rq, rs, msg.buf, NULL, NULL, NULL);
	sb_release(&msg);
}

void page_users_add(struct web_req *rq, struct web_resp *rs)
{
	const char *name = web_field(rq, "name"), *owner = web_field(rq, "owner");
	enum web_role role;
	char pw[21];
	struct err e;
	struct acct_ctx c = web_acct_ctx(rq);
	err_init(&e, rq->lang);
	if (web_role_parse(web_field(rq, "role"), &role)) {
		err_set(&e, "%s", L(rq->lang, "Please choose a role.", "Bitte eine Rolle wählen."));
		failed(rq, rs, &e);
		return;
	}
	acct_password_generate(pw);
	if (acct_add(&c, name ? name : "", role, owner, pw, &e)) {
		failed(rq, rs, &e);
		return;
	}
	users_page(rq, rs, NULL, L(rq->lang, "The user was added.", "Der Benutzer wurde angelegt."),
	           name, pw);
}

void page_users_role(struct web_req *rq, struct web_resp *rs)
{
	int64_t id;
	enum web_role role;
	struct err e;
	struct acct_ctx c = web_acct_ctx(rq);
	err_init(&e, rq->lang);
	if (form_user(rq, &id) || web_role_parse(web_field(rq, "role"), &role)) {
		web_error_page(rq, rs, 400, NULL);
		return;
	}
	if (acct_set_role(&c, id, role, &e)) {
		failed(rq, rs, &e);
		return;
	}
	web_redirect(rs, "/users?done=role");
}

void page_users_owner(struct web_req *rq, struct web_resp *rs)
{
	int64_t id;
	struct err e;
	struct acct_ctx c = web_acct_ctx(rq);
	err_init(&e, rq->lang);
	if (form_user(rq, &id)) {
		web_error_page(rq, rs, 400, NULL);
		return;
	}
	if (acct_set_owner(&c, id, web_field(rq, "owner"), &e)) {
		failed(rq, rs, &e);
		return;
	}
	web_redirect(rs, "/users?done=owner");
}

static void set_disabled(struct web_req *rq, struct web_resp *rs, int disabled)
{
	int64_t id;
	struct err e;
	struct acct_ctx c = web_acct_ctx(rq);
	err_init(&e, rq->lang);
	if (form_user(rq, &id)) {
		web_error_page(rq, rs, 400, NULL);
		return;
	}
	if (acct_set_disabled(&c, id, disabled, &e)) {
		failed(rq, rs, &e);
		return;
	}
	web_redirect(rs, disabled ? "/users?done=disabled" : "/users?done=enabled");
}

void page_users_disable(struct web_req *rq, struct web_resp *rs)
{
	set_disabled(rq, rs, 1);
}

void page_users_enable(struct web_req *rq, struct web_resp *rs)
{
	set_disabled(rq, rs, 0);
}

void page_users_reset(struct web_req *rq, struct web_resp *rs)
{
	int64_t id;
	struct web_account a;
	char pw[21];
	struct err e;
	struct acct_ctx c = web_acct_ctx(rq);
	err_init(&e, rq->lang);
	if (form_user(rq, &id) || acct_get(rq->st, id, &a, &e) != 1) {
		web_error_page(rq, rs, 400, NULL);
		return;
	}
	acct_password_generate(pw);
	/* the admin's own session stays when they renew their own password */
	if (acct_set_password(&c, id, pw, id == rq->user.id ? rq->sess.id : 0, &e)) {
		failed(rq, rs, &e);
		return;
	}
	users_page(rq, rs, NULL, NULL, a.name, pw);
}
