/*
 * account.c — the people who log in: add, find, list, and change a user's
 * password, role, linked owner, language and whether they are disabled.
 * Every change is one transaction with its audit entry (the actor of the
 * acct_ctx); account changes do not move the data version, they change no
 * customer data.
 */
#include <sodium.h>
#include <string.h>

#include "web_int.h"

static const char *const role_names[] = {"", "viewer", "member", "manager", "admin"};

const char *web_role_name(enum web_role r)
{
	return (unsigned)r < ARRAY_SIZE(role_names) ? role_names[r] : "";
}

const char *web_role_label(enum web_role r, enum lang lang)
{
	switch (r) {
	case ROLE_VIEWER: return L(lang, "viewer", "Leser");
	case ROLE_MEMBER: return L(lang, "member", "Mitarbeiter");
	case ROLE_MANAGER: return L(lang, "manager", "Leitung");
	case ROLE_ADMIN: return L(lang, "admin", "Administrator");
	default: return "";
	}
}

int web_role_parse(const char *s, enum web_role *out)
{
	for (size_t i = 1; s && i < ARRAY_SIZE(role_names); i++)
		if (!strcmp(s, role_names[i])) {
			*out = (enum web_role)i;
			return 0;
		}
	return -1;
}

static int text_field_ok(const char *s, size_t max, const char *what_en, const char *what_de,
                         enum lang lang, struct err *e)
{
	size_t n = s ? strlen(s) : 0;
	snprintf(e->field, sizeof(e->field), "%s", L(lang, what_en, what_de));
	if (n == 0)
		return err_set(e, "%s", L(lang, "is empty", "ist leer"));
	snprintf(e->value, sizeof(e->value), "%.100s", s);
	if (n > max)
		return err_set(e, L(lang, "is longer than %zu bytes", "ist länger als %zu Bytes"),
		               max);
	if (text_chars(s) < 0)
		return err_set(e, "%s",
		               L(lang, "contains characters that are not text",
		                 "enthält Zeichen, die kein Text sind"));
	if (s[0] == ' ' || s[n - 1] == ' ')
		return err_set(e, "%s",
		               L(lang, "begins or ends with a space",
		                 "beginnt oder endet mit einem Leerzeichen"));
	e->field[0] = e->value[0] = '\0';
	return 0;
}

int acct_name_ok(const char *name, enum lang lang, struct err *e)
{
	return text_field_ok(name, WEB_NAME_MAX, "name", "Name", lang, e);
}

int acct_owner_ok(const char *owner, enum lang lang, struct err *e)
{
	return text_field_ok(owner, WEB_OWNER_MAX, "owner", "Betreuer", lang, e);
}

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

/* Reads a row of ST_USER_BY_NAME / _BY_ID / _LIST. */
static void read_account(struct stmt *s, struct web_account *a)
{
	memset(a, 0, sizeof(*a));
	a->id = col_int(s, 0);
	copy(a->name, sizeof(a->name), col_text(s, 1));
	if (web_role_parse(col_text(s, 2), &a->role))
		a->role = ROLE_VIEWER;
	copy(a->owner, sizeof(a->owner), col_text(s, 3));
	copy(a->pw_hash, sizeof(a->pw_hash), col_text(s, 4));
	a->lang_set = !col_isnull(s, 5) && lang_parse(col_text(s, 5), &a->lang) == 0;
	a->disabled = (int)col_int(s, 6);
	a->created_at = col_int(s, 7);
	a->last_login_at = col_int_or(s, 8, 0);
}

static int find_by(struct store *st, enum db_stmt id, const char *name, int64_t key,
                   struct web_account *out, struct err *e)
{
	struct stmt *s = store_stmt(st, id);
	if (name)
		stmt_text(s, 1, name);
	else
		stmt_int(s, 1, key);
	int rc = stmt_step(s, e);
	if (rc == 1)
		read_account(s, out);
	stmt_reset(s);
	return rc;
}

int acct_find(struct store *st, const char *name, struct web_account *out, struct err *e)
{
	return find_by(st, ST_USER_BY_NAME, name, 0, out, e);
}

int acct_get(struct store *st, int64_t id, struct web_account *out, struct err *e)
{
	return find_by(st, ST_USER_BY_ID, NULL, id, out, e);
}

int acct_list(struct store *st, struct web_account **out, size_t *n, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_USER_LIST);
	size_t alloc = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = stmt_step(s, e)) == 1) {
		ALLOC_GROW(*out, *n + 1, alloc);
		read_account(s, &(*out)[(*n)++]);
	}
	stmt_reset(s);
	return rc < 0 ? -1 : 0;
}

int64_t acct_count_active(struct store *st)
{
	struct stmt *s = store_stmt(st, ST_USER_COUNT);
	int64_t n = stmt_step(s, NULL) == 1 ? col_int(s, 0) : 0;
	stmt_reset(s);
	return n;
}

/* The audit entry of an account change (inside the caller's transaction). */
static int audit(const struct acct_ctx *c, const char *action, const char *detail, struct err *e)
{
	struct stmt *s = store_stmt(c->st, ST_WEB_AUDIT);
	stmt_text(s, 1, c->actor);
	stmt_text(s, 2, action);
	stmt_text(s, 3, detail);
	return stmt_exec(s, e);
}

int acct_add(const struct acct_ctx *c, const char *name, enum web_role role, const char *owner,
             const char *password, struct err *e)
{
	char hash[128];
	struct strbuf detail = STRBUF_INIT;
	if (acct_name_ok(name, c->lang, e))
		return -1;
	if (owner && *owner && acct_owner_ok(owner, c->lang, e))
		return -1;
	if (role == ROLE_NONE)
		return err_set(
		    e, "%s", L(c->lang, "a user needs a role", "ein Benutzer braucht eine Rolle"));
	if (acct_password_ok(name, password, c->lang, e) || acct_password_hash(password, hash, e))
		return -1;
	if (store_begin(c->st, e))
		return -1;
	struct stmt *s = store_stmt(c->st, ST_USER_ADD);
	stmt_text(s, 1, name);
	stmt_text(s, 2, web_role_name(role));
	stmt_text(s, 3, owner && *owner ? owner : NULL);
	stmt_text(s, 4, hash);
	stmt_int(s, 5, c->now);
	int rc = stmt_insert_new(s, NULL, e);
	if (rc <= 0) {
		store_rollback(c->st);
		if (rc == 0)
			return err_set(e,
			               L(c->lang, "a user \"%s\" exists already",
			                 "einen Benutzer \"%s\" gibt es schon"),
			               name);
		return -1;
	}
	sb_addf(&detail, "user %s: role %s%s%s", name, web_role_name(role),
	        owner && *owner ? ", owner " : "", owner && *owner ? owner : "");
	if (audit(c, "user add", detail.buf, e) || store_commit(c->st, e)) {
		store_rollback(c->st);
		sb_release(&detail);
		return -1;
	}
	sb_release(&detail);
	sodium_memzero(hash, sizeof(hash));
	return 0;
}

/* Runs one update of a user with its audit entry in a transaction. */
static int change(const struct acct_ctx *c, int64_t id, enum db_stmt sid, const char *text,
                  int64_t num, int use_text, const char *action, const char *detail, struct err *e)
{
	if (store_begin(c->st, e))
		return -1;
	struct stmt *s = store_stmt(c->st, sid);
	stmt_int(s, 1, id);
	if (use_text)
		stmt_text(s, 2, text);
	else
		stmt_int(s, 2, num);
	if (stmt_exec(s, e) || (action && audit(c, action, detail, e)) || store_commit(c->st, e)) {
		store_rollback(c->st);
		return -1;
	}
	return 0;
}

static int get_or_fail(const struct acct_ctx *c, int64_t id, struct web_account *a, struct err *e)
{
	int rc = acct_get(c->st, id, a, e);
	if (rc == 0)
		return err_set(e, "%s",
		               L(c->lang, "no such user", "diesen Benutzer gibt es nicht"));
	return rc < 0 ? -1 : 0;
}

/* Whether user a is the last active admin. */
static int last_admin(struct store *st, const struct web_account *a)
{
	if (a->role != ROLE_ADMIN || a->disabled)
		return 0;
	struct stmt *s = store_stmt(st, ST_USER_OTHER_ADMINS);
	stmt_int(s, 1, a->id);
	int64_t others = stmt_step(s, NULL) == 1 ? col_int(s, 0) : 0;
	stmt_reset(s);
	return others == 0;
}

int acct_set_password(const struct acct_ctx *c, int64_t id, const char *password,
                      int64_t keep_session, struct err *e)
{
	struct web_account a;
	char hash[128];
	struct strbuf detail = STRBUF_INIT;
	if (get_or_fail(c, id, &a, e) || acct_password_ok(a.name, password, c->lang, e) ||
	    acct_password_hash(password, hash, e))
		return -1;
	if (store_begin(c->st, e))
		return -1;
	struct stmt *s = store_stmt(c->st, ST_USER_SET_PW);
	stmt_int(s, 1, id);
	stmt_text(s, 2, hash);
	stmt_int(s, 3, c->now);
	sb_addf(&detail, "user %s: new password", a.name);
	if (stmt_exec(s, e) || (keep_session >= 0 && sess_end_user(c->st, id, keep_session, e)) ||
	    audit(c, "user passwd", detail.buf, e) || store_commit(c->st, e)) {
		store_rollback(c->st);
		sb_release(&detail);
		return -1;
	}
	sb_release(&detail);
	return 0;
}

int acct_set_role(const struct acct_ctx *c, int64_t id, enum web_role role, struct err *e)
{
	struct web_account a;
	struct strbuf detail = STRBUF_INIT;
	if (get_or_fail(c, id, &a, e))
		return -1;
	if (role == ROLE_NONE)
		return err_set(
		    e, "%s", L(c->lang, "a user needs a role", "ein Benutzer braucht eine Rolle"));
	if (role != ROLE_ADMIN && last_admin(c->st, &a))
		return err_set(
		    e,
		    L(c->lang, "%s is the last admin: make someone else admin first",
		      "%s ist der letzte Administrator: erst jemand anderen dazu machen"),
		    a.name);
	sb_addf(&detail, "user %s: role %s -> %s", a.name, web_role_name(a.role),
	        web_role_name(role));
	int rc =
	    change(c, id, ST_USER_SET_ROLE, web_role_name(role), 0, 1, "user role", detail.buf, e);
	sb_release(&detail);
	return rc;
}

int acct_set_owner(const struct acct_ctx *c, int64_t id, const char *owner, struct err *e)
{
	struct web_account a;
	struct strbuf detail = STRBUF_INIT;
	if (get_or_fail(c, id, &a, e))
		return -1;
	if (owner && !*owner)
		owner = NULL;
	if (owner && acct_owner_ok(owner, c->lang, e))
		return -1;
	sb_addf(&detail, "user %s: owner %s", a.name, owner ? owner : "(none)");
	int rc = change(c, id, ST_USER_SET_OWNER, owner, 0, 1, "user link", detail.buf, e);
	sb_release(&detail);
	return rc;
}

int acct_set_disabled(const struct acct_ctx *c, int64_t id, int disabled, struct err *e)
{
	struct web_account a;
	struct strbuf detail = STRBUF_INIT;
	if (get_or_fail(c, id, &a, e))
		return -1;
	if (disabled && last_admin(c->st, &a))
		return err_set(e,
		               L(c->lang, "%s is the last admin and cannot be disabled",
		                 "%s ist der letzte Administrator und kann nicht gesperrt werden"),
		               a.name);
	sb_addf(&detail, "user %s: %s", a.name, disabled ? "disabled" : "enabled");
	if (store_begin(c->st, e))
		return -1;
	struct stmt *s = store_stmt(c->st, ST_USER_SET_DISABLED);
	stmt_int(s, 1, id);
	stmt_int(s, 2, disabled ? 1 : 0);
	if (stmt_exec(s, e) || (disabled && sess_end_user(c->st, id, 0, e)) ||
	    audit(c, disabled ? "user disable" : "user enable", detail.buf, e) ||
	    store_commit(c->st, e)) {
		store_rollback(c->st);
		sb_release(&detail);
		return -1;
	}
	sb_release(&detail);
	return 0;
}

int acct_set_lang(struct store *st, int64_t id, enum lang lang, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_USER_SET_LANG);
	stmt_int(s, 1, id);
	stmt_text(s, 2, lang == LANG_DE ? "de" : "en");
	return stmt_exec(s, e);
}
