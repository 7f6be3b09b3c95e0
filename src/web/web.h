/*
 * web.h — `treue serve`: the web front end.  What the rest of treue (the
 * CLI's serve and user commands, the tests) may use:
 *
 *   - the request and response records every handler works on
 *     (struct web_req in, struct web_resp out: no sockets, so every route
 *     can be tested in-process);
 *   - the server (web_server_open / web_handle / web_server_close): a pool
 *     of store connections, the login throttle, the bounded password
 *     hashing, the session settings;
 *   - the HTTP daemon on libmicrohttpd (web_daemon_start / _stop, the one
 *     file web/mhd.c);
 *   - accounts: users, roles, passwords and sessions, used by the pages and
 *     by `treue user`.
 *
 * The HTML writer is html.h (included here).  Library rules hold: nothing
 * here prints or exits; functions return 0 / -1 and fill struct err.
 */
#ifndef TREUE_WEB_H
#define TREUE_WEB_H

#include <stddef.h>
#include <stdint.h>

#include "html.h"
#include "store.h"
#include "util.h"

/* ---- roles ----
 * Ordered: each role may do what the ones below it may.  ROLE_NONE marks a
 * route that needs no login. */
enum web_role { ROLE_NONE = 0, ROLE_VIEWER, ROLE_MEMBER, ROLE_MANAGER, ROLE_ADMIN };
/* "viewer", "member", "manager", "admin" ("" for ROLE_NONE). */
const char *web_role_name(enum web_role r);
/* The role's name for people, in lang. */
const char *web_role_label(enum web_role r, enum lang lang);
/* 0 and *out, or -1 when s names no role. */
int web_role_parse(const char *s, enum web_role *out);

/* ---- limits: every untrusted input is capped before anything is allocated
 * for it.  web_limits_default fills the values `treue serve` uses. */
struct web_limits {
	size_t max_path;         /* bytes of the path: 2048 (414 above) */
	size_t max_headers;      /* request headers: 48 (431 above) */
	size_t max_header_bytes; /* names and values together: 16384 (431) */
	size_t max_args;         /* query arguments: 32 (413) */
	size_t max_arg;          /* one query argument's value: 2048 (413) */
	size_t max_body;         /* a form body (urlencoded): 65536 (413) */
	size_t max_upload;       /* a file upload, on routes that take one: 64 MiB (413) */
	size_t max_fields;       /* form fields: 64 (413) */
	size_t max_field;        /* one form field's value: 16384 (413) */
	/* multipart/form-data bodies (upload routes), beside max_upload and
	 * max_field for a plain field: */
	size_t max_parts;       /* parts: 300 (413) */
	size_t max_part_header; /* bytes of one part's header lines: 2048 (413) */
	size_t max_files;       /* file parts: 4 (413) */
};
void web_limits_default(struct web_limits *l);

/* ---- the request ---- */
enum web_method { WM_GET, WM_HEAD, WM_POST, WM_OTHER };

struct web_kv {
	const char *name;
	const char *value;
};

#define WEB_NAME_MAX 64   /* bytes of a user name */
#define WEB_OWNER_MAX 200 /* bytes of an owner (account manager) name */
#define WEB_TOKEN_LEN 43  /* 32 random bytes in unpadded base64url */

/* The logged-in person, as the session found them. */
struct web_user {
	int64_t id;
	char name[WEB_NAME_MAX + 1];
	enum web_role role;
	char owner[WEB_OWNER_MAX + 1]; /* "" when not linked */
	int lang_set;                  /* the user chose a language */
	enum lang lang;
};

struct web_session {
	int64_t id;
	char csrf[WEB_TOKEN_LEN + 1];
	int64_t created_at, seen_at;
};

struct web_server;
struct web_route;

/* ---- multipart/form-data (multipart.c) ----
 * One part of a body: a plain field (filename NULL; data a NUL-terminated
 * copy) or a file (data points into the body, len bytes, not terminated). */
struct web_part {
	const char *name;
	const char *filename;     /* NULL: a plain field; "" when the browser sent none */
	const char *content_type; /* NULL when the part has none */
	const char *data;
	size_t len;
};
struct mp_limits {
	size_t max_body, max_parts, max_part_header, max_field, max_files;
};
struct mp_form {
	struct web_part *parts;
	size_t n;
	char *strings; /* names, file names, types and plain values */
};
/* Parses a multipart/form-data body.  Every cap is checked in a first pass
 * before anything is allocated.  0, or 413 (a cap), 415 (not
 * multipart/form-data, or no usable boundary), 400 (malformed: a missing
 * boundary, a part without a name, a NUL in a header or a plain field).
 * out is to be released with mp_release (also after a failure). */
int mp_parse(const char *content_type, const char *body, size_t len, const struct mp_limits *l,
             struct mp_form *out);
void mp_release(struct mp_form *f);

struct web_req {
	/* -- given by the caller (the daemon glue, or a test) -- */
	enum web_method method;
	const char *path; /* decoded, without the query */
	const struct web_kv *args;
	size_t nargs; /* decoded query arguments */
	const struct web_kv *headers;
	size_t nheaders;
	const char *body; /* may be NULL when body_len is 0 */
	size_t body_len;
	int body_over;    /* the glue stopped reading: the body is over its cap */
	const char *peer; /* the client's address as text */
	int tls;          /* the connection is HTTPS */
	int64_t now;      /* Unix seconds: this request's clock */

	/* -- the per-request context, filled by the front door (web_handle) -- */
	struct web_server *srv;
	struct store *st; /* one connection of the pool, for this request only */
	enum lang lang;   /* the user's choice, else the cookie, else Accept-Language */
	const struct web_route *route;
	const char *param; /* what the route pattern's '*' matched, or NULL */
	struct web_kv cookies[16];
	size_t ncookies;
	struct web_kv *form; /* decoded fields of a urlencoded POST body */
	size_t nform;
	int logged_in;
	struct web_user user;
	struct web_session sess;
	char login_csrf[WEB_TOKEN_LEN + 1]; /* before login: the login form's token */
	char actor[WEB_NAME_MAX + 32];      /* the audit's actor when not the user's name
	                                       ("anna (token 7)"); "" otherwise */
	char *scratch_[3]; /* buffers the front door allocated (freed by web_req_release) */
	/* a multipart body (routes that take uploads): its plain fields are in
	 * form, its parts — files among them — here */
	const struct web_part *files;
	size_t nfiles;
	struct mp_form mp_;
	char param_[256]; /* the '*' segment of a route when it is not the last one */
};

/* Header, query argument, form field, cookie by name: NULL when absent.
 * Header names compare case-insensitively, the others exactly. */
const char *web_header(const struct web_req *rq, const char *name);
const char *web_arg(const struct web_req *rq, const char *name);
const char *web_field(const struct web_req *rq, const char *name);
const char *web_cookie(const struct web_req *rq, const char *name);
/* The file part of a multipart body named name, or NULL. */
const struct web_part *web_file(const struct web_req *rq, const char *name);
void web_req_release(struct web_req *rq);

/* ---- the response ---- */
#define WEB_RESP_HEADERS 24
struct web_resp {
	int status;
	char *hname[WEB_RESP_HEADERS], *hvalue[WEB_RESP_HEADERS];
	size_t nheaders;
	struct strbuf body;
};
void web_resp_init(struct web_resp *rs);
void web_resp_release(struct web_resp *rs);
/* Sets a header (replacing one of the same name; Set-Cookie adds). */
void web_resp_header(struct web_resp *rs, const char *name, const char *value);
const char *web_resp_get(const struct web_resp *rs, const char *name);
/* 303 See Other to a local path. */
void web_redirect(struct web_resp *rs, const char *location);

/* ETag from the data version (and who is asking, in which language): sets
 * the ETag header, and when If-None-Match carries it, turns the response
 * into 304 Not Modified and returns 1 — the handler then stops. */
int web_etag(struct web_req *rq, struct web_resp *rs, int64_t data_version);

/* ---- the server ---- */
struct web_config {
	const char *db_path;
	int threads; /* worker threads = store connections (default 4) */
	struct web_limits limits;
	int session_idle; /* seconds without a request after which a session ends */
	int session_max;  /* seconds after login after which a session ends */
	int hash_slots;   /* password hashes computed at once (default 2) */
	/* where uploaded files wait for their import: a private directory is
	 * made in it (NULL: /tmp) */
	const char *upload_dir;
	/* one line per request and per security event; NULL: silent */
	void (*log)(void *arg, const char *line);
	void *log_arg;
	day_t today; /* a fixed "today" (tests: TREUE_TODAY); DAY_NONE: the request's clock */
};
/* Fills the defaults (4 threads, 30 min idle, 12 h absolute, 2 hash slots). */
void web_config_default(struct web_config *cfg);
/* Reads the session settings of the store (web_session_idle_minutes,
 * web_session_max_hours) into cfg; absent ones keep their value. */
int web_config_from_store(struct web_config *cfg, struct store *st, struct err *e);

/* Opens the pool of store connections.  Fails (with a message that says
 * what to run) when the database has no active user. */
int web_server_open(const struct web_config *cfg, struct web_server **out, struct err *e);
void web_server_close(struct web_server *srv);
/* The front door: caps, route, session, role, Origin and CSRF checks, the
 * handler, and the security headers on every response.  Thread-safe. */
void web_handle(struct web_server *srv, struct web_req *rq, struct web_resp *rs);
/* The cap on the body of a request to this method and path (0: no body
 * accepted), so the glue can refuse before reading. */
size_t web_body_cap(const struct web_server *srv, enum web_method m, const char *path,
                    const char *content_type);
const struct web_limits *web_server_limits(const struct web_server *srv);

/* ---- the daemon (libmicrohttpd) ---- */
struct web_daemon;
struct web_listen {
	const char *addr;               /* "ADDR:PORT", "[V6]:PORT"; port 0 picks a free one */
	const char *tls_cert, *tls_key; /* PEM files; both or neither */
	int threads;
	int timeout;     /* seconds of silence before a connection is closed (0: 30) */
	int per_address; /* connections from one address at once (0: 32) */
};
int web_daemon_start(struct web_server *srv, const struct web_listen *l, struct web_daemon **out,
                     struct err *e);
/* The port it listens on, and the base URL ("http://127.0.0.1:8080"). */
int web_daemon_port(const struct web_daemon *d);
const char *web_daemon_url(const struct web_daemon *d);
/* Requests begun (headers read) and not yet answered. */
int web_daemon_busy(struct web_daemon *d);
/* Stops accepting, waits up to grace_seconds for running requests to be
 * answered, then stops and frees. */
void web_daemon_stop(struct web_daemon *d, int grace_seconds);

/* ---- accounts: users, passwords, sessions ----
 * An account operation runs with a context: the store, who acts (for the
 * audit trail), the language of messages, the clock. */
struct acct_ctx {
	struct store *st;
	const char *actor;
	enum lang lang;
	int64_t now;
};

struct web_account {
	int64_t id;
	char name[WEB_NAME_MAX + 1];
	enum web_role role;
	char owner[WEB_OWNER_MAX + 1];
	int disabled;
	int lang_set;
	enum lang lang;
	int64_t created_at, last_login_at; /* 0: never */
	char pw_hash[128];                 /* only filled by acct_find */
};

/* The password rules: 12 to 128 characters, valid UTF-8, not a common
 * password, not the user's name.  0, or -1 with e saying why. */
int acct_password_ok(const char *name, const char *pw, enum lang lang, struct err *e);
/* argon2id (libsodium, ARGON2ID13, 19 MiB, t = 2) into out. */
int acct_password_hash(const char *pw, char out[128], struct err *e);
/* 1 when pw matches the stored hash, 0 when not. */
int acct_password_verify(const char *hash, const char *pw);
/* A random password of 20 letters and digits (for `user add --generate`
 * and the Users page). */
void acct_password_generate(char out[21]);
/* A user name: 1 to 64 bytes of UTF-8, no control characters, no leading or
 * trailing space.  Owner names alike, up to 200 bytes. */
int acct_name_ok(const char *name, enum lang lang, struct err *e);
int acct_owner_ok(const char *owner, enum lang lang, struct err *e);

int acct_add(const struct acct_ctx *c, const char *name, enum web_role role, const char *owner,
             const char *password, struct err *e);
/* 1 and *out when found, 0 when not, -1 on error. */
int acct_find(struct store *st, const char *name, struct web_account *out, struct err *e);
int acct_get(struct store *st, int64_t id, struct web_account *out, struct err *e);
/* Every user, by name; *out to be freed. */
int acct_list(struct store *st, struct web_account **out, size_t *n, struct err *e);
/* Active users (0 means `treue serve` must not start). */
int64_t acct_count_active(struct store *st);
/* New password; ends every session of the user except keep_session (0: ends
 * all, -1: ends none). */
int acct_set_password(const struct acct_ctx *c, int64_t id, const char *password,
                      int64_t keep_session, struct err *e);
int acct_set_role(const struct acct_ctx *c, int64_t id, enum web_role role, struct err *e);
/* owner NULL or "" unlinks. */
int acct_set_owner(const struct acct_ctx *c, int64_t id, const char *owner, struct err *e);
/* Disabling ends the user's sessions.  The last active admin can neither be
 * disabled nor lose the admin role. */
int acct_set_disabled(const struct acct_ctx *c, int64_t id, int disabled, struct err *e);
int acct_set_lang(struct store *st, int64_t id, enum lang lang, struct err *e);

/* Sessions.  sess_create: a new 256-bit token (returned once, in token;
 * only its hash is stored) and a CSRF token. */
int sess_create(struct store *st, int64_t user_id, const char *peer, int64_t now,
                char token[WEB_TOKEN_LEN + 1], struct web_session *out, struct err *e);
/* 1 with *u and *s when token names a live session of an active user, 0
 * when not (an expired session is deleted), -1 on error.  Touches seen_at. */
int sess_lookup(struct store *st, const char *token, int64_t now, int idle, int max,
                struct web_user *u, struct web_session *s, struct err *e);
int sess_end(struct store *st, int64_t session_id, struct err *e);
/* Ends every session of a user but keep (0: all). */
int sess_end_user(struct store *st, int64_t user_id, int64_t keep, struct err *e);
/* Removes sessions idle or too old at now. */
int sess_prune(struct store *st, int64_t now, int idle, int max, struct err *e);

/* ---- API tokens (token.c): `treue user token`, and Bearer on /api/v1/ ----
 * Scopes are ordered like roles: each allows what the ones below it do.
 * read: GET; write: journal entries; import: imports; admin: GDPR export
 * and erase.  A scope needs a least role of its user (api_scope_role), at
 * creation and at every use. */
enum api_scope { SCOPE_NONE = 0, SCOPE_READ, SCOPE_WRITE, SCOPE_IMPORT, SCOPE_ADMIN };
const char *api_scope_name(enum api_scope s);
int api_scope_parse(const char *s, enum api_scope *out);
enum web_role api_scope_role(enum api_scope s);

#define API_TOKEN_PREFIX "treue_"
#define API_TOKEN_LEN (6 + WEB_TOKEN_LEN)

struct api_token_info {
	int64_t id;
	char user[WEB_NAME_MAX + 1];
	enum api_scope scope;
	char label[201];
	char created_by[WEB_NAME_MAX + 1];
	int64_t created_at, expires_at, last_used_at, revoked_at; /* 0: none */
};
/* A new token for user (shown once: written to token; only its hash is
 * stored).  expires_at 0: never.  Audited under c->actor. */
int token_create(const struct acct_ctx *c, const char *user, enum api_scope scope,
                 const char *label, int64_t expires_at, char token[API_TOKEN_LEN + 1], int64_t *id,
                 struct err *e);
/* Every token (revoked and expired ones too), by id; *out to be freed. */
int token_list(struct store *st, struct api_token_info **out, size_t *n, struct err *e);
int token_revoke(const struct acct_ctx *c, int64_t id, struct err *e);
/* 1 with *u, *token_id and *scope when token is usable at now (not
 * revoked or expired, its user active), 0 when not, -1 on error. */
int token_lookup(struct store *st, const char *token, int64_t now, struct web_user *u,
                 int64_t *token_id, enum api_scope *scope, struct err *e);

#endif
