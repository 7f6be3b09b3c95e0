/*
 * token.c — the tokens of the JSON API: `treue user token create|list|
 * revoke` and the front door's Bearer check.  A token is "treue_" and 256
 * random bits in base64url; it is shown once, and only its BLAKE2b-256
 * hash is stored.  A token acts for its user with at most its scope
 * (read < write < import < admin), and never beyond the user's role at the
 * time of the request: a disabled user's tokens stop working.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "web_int.h"

static const char *const scope_names[] = {"", "read", "write", "import", "admin"};

const char *api_scope_name(enum api_scope s)
{
	return s > SCOPE_NONE && s <= SCOPE_ADMIN ? scope_names[s] : "";
}

int api_scope_parse(const char *s, enum api_scope *out)
{
	for (int i = SCOPE_READ; s && i <= SCOPE_ADMIN; i++)
		if (!strcmp(s, scope_names[i])) {
			*out = (enum api_scope)i;
			return 0;
		}
	return -1;
}

enum web_role api_scope_role(enum api_scope s)
{
	switch (s) {
	case SCOPE_READ: return ROLE_VIEWER;
	case SCOPE_WRITE: return ROLE_MEMBER;
	default: return ROLE_ADMIN;
	}
}

/* The stored form: BLAKE2b-256 (hex) of the 32 random bytes. */
static int token_hash(const char *token, char hex[65])
{
	unsigned char raw[32], hash[32];
	size_t len = 0, n = token ? strlen(token) : 0;
	if (n != API_TOKEN_LEN || strncmp(token, API_TOKEN_PREFIX, strlen(API_TOKEN_PREFIX)))
		return -1;
	token += strlen(API_TOKEN_PREFIX);
	if (sodium_base642bin(raw, sizeof(raw), token, WEB_TOKEN_LEN, NULL, &len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != 32)
		return -1;
	crypto_generichash(hash, 32, raw, 32, NULL, 0);
	sodium_bin2hex(hex, 65, hash, 32);
	sodium_memzero(raw, sizeof(raw));
	return 0;
}

static int audit(const struct acct_ctx *c, const char *action, const char *detail, struct err *e)
{
	struct stmt *s = store_stmt(c->st, ST_WEB_AUDIT);
	stmt_text(s, 1, c->actor);
	stmt_text(s, 2, action);
	stmt_text(s, 3, detail);
	return stmt_exec(s, e);
}

int token_create(const struct acct_ctx *c, const char *user, enum api_scope scope,
                 const char *label, int64_t expires_at, char token[API_TOKEN_LEN + 1], int64_t *id,
                 struct err *e)
{
	struct web_account a;
	unsigned char raw[32];
	char hex[65], b64[WEB_TOKEN_LEN + 1];
	if (sodium_init() < 0)
		return err_set(e, "libsodium cannot start");
	if (scope == SCOPE_NONE)
		return err_set(
		    e, "%s",
		    L(c->lang, "a token needs a scope: read, write, import or admin",
		      "ein Token braucht einen Bereich: read, write, import oder admin"));
	if (label && strlen(label) > 200)
		return err_set(e, "%s",
		               L(c->lang, "the label is longer than 200 bytes",
		                 "die Bezeichnung ist länger als 200 Bytes"));
	int rc = acct_find(c->st, user, &a, e);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return err_set(e,
		               L(c->lang, "no user \"%s\" (see treue user list)",
		                 "kein Benutzer \"%s\" (siehe treue user list)"),
		               user);
	if (a.disabled)
		return err_set(e, L(c->lang, "user %s is disabled", "Benutzer %s ist gesperrt"),
		               a.name);
	if (a.role < api_scope_role(scope))
		return err_set(e,
		               L(c->lang,
		                 "%s is a %s: a token of scope %s needs the role %s or higher",
		                 "%s ist %s: ein Token des Bereichs %s braucht die Rolle %s oder "
		                 "höher"),
		               a.name, web_role_name(a.role), api_scope_name(scope),
		               web_role_name(api_scope_role(scope)));
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(b64, sizeof(b64), raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	snprintf(token, API_TOKEN_LEN + 1, "%s%s", API_TOKEN_PREFIX, b64);
	sodium_memzero(b64, sizeof(b64));
	if (token_hash(token, hex))
		return err_set(e, "BUG: a new token does not hash");
	if (store_begin(c->st, e))
		return -1;
	struct stmt *s = store_stmt(c->st, ST_TOKEN_ADD);
	stmt_text(s, 1, hex);
	stmt_int(s, 2, a.id);
	stmt_text(s, 3, api_scope_name(scope));
	stmt_text(s, 4, label && *label ? label : NULL);
	stmt_int(s, 5, c->now);
	stmt_text(s, 6, c->actor);
	stmt_int_or_null(s, 7, expires_at, 0);
	rc = stmt_insert(s, id, e);
	if (rc == 0) {
		struct strbuf d = STRBUF_INIT;
		sb_addf(&d, "token %" PRId64 " for %s, scope %s", *id, a.name,
		        api_scope_name(scope));
		rc = audit(c, "token create", d.buf, e);
		sb_release(&d);
	}
	if (rc == 0 && store_commit(c->st, e))
		rc = -1;
	if (rc) {
		store_rollback(c->st);
		sodium_memzero(token, API_TOKEN_LEN + 1);
	}
	return rc;
}

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

int token_list(struct store *st, struct api_token_info **out, size_t *n, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_TOKEN_LIST);
	size_t alloc = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = stmt_step(s, e)) == 1) {
		ALLOC_GROW(*out, *n + 1, alloc);
		struct api_token_info *t = &(*out)[(*n)++];
		memset(t, 0, sizeof(*t));
		t->id = col_int(s, 0);
		copy(t->user, sizeof(t->user), col_text(s, 1));
		api_scope_parse(col_text(s, 2), &t->scope);
		copy(t->label, sizeof(t->label), col_text(s, 3));
		t->created_at = col_int(s, 4);
		copy(t->created_by, sizeof(t->created_by), col_text(s, 5));
		t->expires_at = col_int_or(s, 6, 0);
		t->last_used_at = col_int_or(s, 7, 0);
		t->revoked_at = col_int_or(s, 8, 0);
	}
	stmt_reset(s);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int token_revoke(const struct acct_ctx *c, int64_t id, struct err *e)
{
	struct strbuf d = STRBUF_INIT;
	int64_t rows = 0;
	if (store_begin(c->st, e))
		return -1;
	struct stmt *s = store_stmt(c->st, ST_TOKEN_BY_ID);
	stmt_int(s, 1, id);
	int rc = stmt_step(s, e);
	if (rc == 1) {
		sb_addf(&d, "token %" PRId64 " of %s, scope %s", id, col_text(s, 1),
		        col_text(s, 2));
		if (!col_isnull(s, 3))
			rc = err_set(e,
			             L(c->lang, "token %" PRId64 " is already revoked",
			               "Token %" PRId64 " ist schon widerrufen"),
			             id);
	} else if (rc == 0) {
		rc = err_set(e,
		             L(c->lang, "no token %" PRId64 " (see treue user token list)",
		               "kein Token %" PRId64 " (siehe treue user token list)"),
		             id);
	}
	stmt_reset(s);
	if (rc == 1) {
		s = store_stmt(c->st, ST_TOKEN_REVOKE);
		stmt_int(s, 1, id);
		stmt_int(s, 2, c->now);
		rc = stmt_exec_count(s, &rows, e);
		if (rc == 0)
			rc = audit(c, "token revoke", d.buf, e);
	}
	sb_release(&d);
	if (rc == 0 && store_commit(c->st, e))
		rc = -1;
	if (rc)
		store_rollback(c->st);
	return rc;
}

int token_lookup(struct store *st, const char *token, int64_t now, struct web_user *u,
                 int64_t *token_id, enum api_scope *scope, struct err *e)
{
	char hex[65];
	if (token_hash(token, hex))
		return 0;
	struct stmt *s = store_stmt(st, ST_TOKEN_GET);
	stmt_text(s, 1, hex);
	int rc = stmt_step(s, e), ok = 0;
	int64_t last_used = 0;
	if (rc == 1) {
		int64_t expires = col_int_or(s, 2, 0);
		ok = col_isnull(s, 3) && (!expires || now < expires) && !col_int(s, 10) &&
		     api_scope_parse(col_text(s, 1), scope) == 0;
		if (ok) {
			memset(u, 0, sizeof(*u));
			*token_id = col_int(s, 0);
			last_used = col_int_or(s, 4, 0);
			u->id = col_int(s, 5);
			copy(u->name, sizeof(u->name), col_text(s, 6));
			ok = web_role_parse(col_text(s, 7), &u->role) == 0;
			copy(u->owner, sizeof(u->owner), col_text(s, 8));
			const char *lg = col_text(s, 9);
			u->lang_set = lg && lang_parse(lg, &u->lang) == 0;
		}
	}
	stmt_reset(s);
	if (rc < 0)
		return -1;
	if (ok && now - last_used > 60) {
		/* last use, at most once a minute; a busy database does not fail the request */
		struct err ignore;
		err_init(&ignore, e->lang);
		s = store_stmt(st, ST_TOKEN_USED);
		stmt_int(s, 1, *token_id);
		stmt_int(s, 2, now);
		stmt_exec(s, &ignore);
	}
	return ok;
}
