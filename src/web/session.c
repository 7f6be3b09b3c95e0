/*
 * session.c — login sessions: a 256-bit random token goes to the browser
 * (cookie __Host-treue), only its BLAKE2b hash (hex) is stored; each session has
 * its own CSRF token.  A session ends when idle longer than the idle limit,
 * older than the absolute limit, at logout, when the user is disabled, and
 * (others) after a password change.
 */
#include <sodium.h>
#include <string.h>

#include "web_int.h"

/* 32 random bytes as unpadded base64url (43 characters). */
static void random_token(char out[WEB_TOKEN_LEN + 1], unsigned char raw[32])
{
	randombytes_buf(raw, 32);
	sodium_bin2base64(out, WEB_TOKEN_LEN + 1, raw, 32,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* The stored form of a token: BLAKE2b-256 of its bytes, in hex. */
static void hash_hex(const unsigned char raw[32], char hex[65])
{
	unsigned char hash[32];
	crypto_generichash(hash, 32, raw, 32, NULL, 0);
	sodium_bin2hex(hex, 65, hash, 32);
}

static int token_hash(const char *token, char hex[65])
{
	unsigned char raw[32];
	size_t len = 0;
	if (!token || strlen(token) != WEB_TOKEN_LEN)
		return -1;
	if (sodium_base642bin(raw, sizeof(raw), token, WEB_TOKEN_LEN, NULL, &len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != 32)
		return -1;
	hash_hex(raw, hex);
	sodium_memzero(raw, sizeof(raw));
	return 0;
}

int sess_create(struct store *st, int64_t user_id, const char *peer, int64_t now,
                char token[WEB_TOKEN_LEN + 1], struct web_session *out, struct err *e)
{
	unsigned char raw[32], csrf_raw[32];
	char hash[65];
	if (sodium_init() < 0)
		return err_set(e, "libsodium cannot start");
	random_token(token, raw);
	hash_hex(raw, hash);
	sodium_memzero(raw, sizeof(raw));
	memset(out, 0, sizeof(*out));
	random_token(out->csrf, csrf_raw);
	struct stmt *s = store_stmt(st, ST_SESSION_ADD);
	stmt_text(s, 1, hash);
	stmt_int(s, 2, user_id);
	stmt_text(s, 3, out->csrf);
	stmt_int(s, 4, now);
	stmt_text(s, 5, peer);
	if (stmt_insert(s, &out->id, e))
		return -1;
	out->created_at = out->seen_at = now;
	return 0;
}

int sess_lookup(struct store *st, const char *token, int64_t now, int idle, int max,
                struct web_user *u, struct web_session *sess, struct err *e)
{
	char hash[65];
	if (token_hash(token, hash))
		return 0;
	struct stmt *s = store_stmt(st, ST_SESSION_GET);
	stmt_text(s, 1, hash);
	int rc = stmt_step(s, e);
	if (rc != 1) {
		stmt_reset(s);
		return rc;
	}
	memset(u, 0, sizeof(*u));
	memset(sess, 0, sizeof(*sess));
	sess->id = col_int(s, 0);
	u->id = col_int(s, 1);
	snprintf(sess->csrf, sizeof(sess->csrf), "%s", col_text(s, 2));
	sess->created_at = col_int(s, 3);
	sess->seen_at = col_int(s, 4);
	snprintf(u->name, sizeof(u->name), "%s", col_text(s, 5));
	if (web_role_parse(col_text(s, 6), &u->role))
		u->role = ROLE_VIEWER;
	snprintf(u->owner, sizeof(u->owner), "%s", col_isnull(s, 7) ? "" : col_text(s, 7));
	u->lang_set = !col_isnull(s, 8) && lang_parse(col_text(s, 8), &u->lang) == 0;
	int disabled = (int)col_int(s, 9);
	stmt_reset(s);
	if (disabled || now - sess->seen_at > idle || now - sess->created_at > max ||
	    now < sess->created_at) {
		sess_end(st, sess->id, NULL);
		return 0;
	}
	/* seen_at is written at most once a minute: the idle limit is minutes */
	if (now - sess->seen_at >= 60) {
		s = store_stmt(st, ST_SESSION_TOUCH);
		stmt_int(s, 1, sess->id);
		stmt_int(s, 2, now);
		if (stmt_exec(s, e))
			return -1;
		sess->seen_at = now;
	}
	return 1;
}

int sess_end(struct store *st, int64_t session_id, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_SESSION_DEL);
	stmt_int(s, 1, session_id);
	return stmt_exec(s, e);
}

int sess_end_user(struct store *st, int64_t user_id, int64_t keep, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_SESSION_DEL_USER);
	stmt_int(s, 1, user_id);
	stmt_int(s, 2, keep);
	return stmt_exec(s, e);
}

int sess_prune(struct store *st, int64_t now, int idle, int max, struct err *e)
{
	struct stmt *s = store_stmt(st, ST_SESSION_PRUNE);
	stmt_int(s, 1, now - idle);
	stmt_int(s, 2, now - max);
	return stmt_exec(s, e);
}
