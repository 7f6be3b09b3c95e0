/*
 * web_int.h — what the files of src/web/ share: the route table, the
 * server's insides (store pool, login throttle, hash slots), the page
 * layout and the pages.  Not for use outside src/web/.
 */
#ifndef TREUE_WEB_INT_H
#define TREUE_WEB_INT_H

#include <pthread.h>
#include <semaphore.h>

#include "web.h"

/* ---- routes ---- */
enum {
	WR_CSRF = 1,   /* POST: the session's CSRF token (before login: the login token) */
	WR_UPLOAD = 2, /* takes a multipart upload up to limits.max_upload */
	WR_STATIC = 4, /* needs neither store nor session (files from the binary) */
};

typedef void web_handler(struct web_req *rq, struct web_resp *rs);

struct web_route {
	enum web_method method; /* WM_GET (answers HEAD too) or WM_POST */
	const char *pattern;    /* "/users"; a last segment "*" matches one segment */
	web_handler *fn;
	enum web_role role; /* the least role that may use it; ROLE_NONE: no login */
	unsigned flags;
};
extern const struct web_route web_routes[];
extern const size_t web_route_count;

/* ---- files served from the binary (generated from src/web/static/) ---- */
struct web_static_file {
	const char *name; /* "treue.css" */
	const char *type; /* "text/css; charset=utf-8" */
	const unsigned char *data;
	size_t len;
};
extern const struct web_static_file web_static_files[];
extern const size_t web_static_count;

/* ---- the login throttle: failures per account and per address ---- */
#define THROTTLE_SLOTS 4096
struct throttle_entry {
	uint64_t key; /* 0: free */
	int failures;
	int64_t last_fail;
};
struct throttle {
	pthread_mutex_t mu;
	struct throttle_entry e[THROTTLE_SLOTS];
};
void throttle_init(struct throttle *t);
void throttle_destroy(struct throttle *t);
/* Seconds to wait before the next attempt for this account or address (0:
 * go ahead).  Keys: the account name (case-folded) and the address. */
int64_t throttle_wait(struct throttle *t, const char *account, const char *addr, int64_t now);
void throttle_fail(struct throttle *t, const char *account, const char *addr, int64_t now);
void throttle_success(struct throttle *t, const char *account, int64_t now);

/* ---- the server ---- */
struct web_server {
	struct web_config cfg;
	char *db_path;
	/* the store pool: one connection per worker, handed out per request */
	pthread_mutex_t pool_mu;
	pthread_cond_t pool_cv;
	struct store **pool;
	int *pool_busy;
	int pool_n;
	/* at most cfg.hash_slots argon2id computations at a time */
	sem_t hash_sem;
	char dummy_hash[128]; /* verified against for unknown users (same cost) */
	struct throttle throttle;
};
/* Password check with the hash slots held. */
int web_verify_password(struct web_server *srv, const char *hash, const char *pw);
void web_log(struct web_server *srv, const char *fmt, ...) ATTR_PRINTF(2, 3);

/* ---- request parsing (request.c) ---- */
/* Fills rq->cookies from the Cookie header (at most ARRAY_SIZE of them). */
void web_parse_cookies(struct web_req *rq);
/* Parses an application/x-www-form-urlencoded body into rq->form: 0, or 413
 * when over the field count or size (checked before allocating), or 400. */
int web_parse_form(struct web_req *rq, const struct web_limits *l);

/* ---- the login and CSRF cookies ---- */
#define COOKIE_SESSION "__Host-treue"
#define COOKIE_LOGIN "__Host-treue-login"
#define COOKIE_LANG "__Host-treue-lang"
/* Set-Cookie for name=value with Secure; HttpOnly; SameSite=Strict; Path=/
 * (max_age < 0: a browser-session cookie; 0: delete). */
void web_set_cookie(struct web_resp *rs, const char *name, const char *value, long max_age);
/* The CSRF token the forms of this request carry (the session's, or before
 * login the login cookie's, created when absent). */
const char *web_csrf_token(struct web_req *rq, struct web_resp *rs);
/* The audit actor of this request: the user's name. */
const char *web_actor(const struct web_req *rq);
struct acct_ctx web_acct_ctx(struct web_req *rq);

/* ---- layout (layout.c) ---- */
/* Starts an HTML page into rs: status 200 unless set, Content-Type, the
 * head, the header with navigation by role and the language switch. */
void page_begin(struct web_req *rq, struct web_resp *rs, struct html *h, const char *title);
void page_end(struct web_req *rq, struct web_resp *rs, struct html *h);
/* A hidden CSRF field for a form. */
void page_csrf_field(struct web_req *rq, struct web_resp *rs, struct html *h);
/* A message box: kind "ok" or "error" (literals). */
#define PAGE_MSG(h, kind, text)                                                                    \
	do {                                                                                       \
		H((h), "<p class=\"msg msg-" kind "\" role=\"status\">");                          \
		html_text((h), (text));                                                            \
		H((h), "</p>");                                                                    \
	} while (0)

/* The status pages: 400, 403, 404, 405, 413, 414, 429, 431, 500.  detail
 * (may be NULL) is shown below the standard text. */
void web_error_page(struct web_req *rq, struct web_resp *rs, int status, const char *detail);

/* ---- pages ---- */
web_handler page_root, page_static, page_login_get, page_login_post, page_logout, page_lang,
    page_week, page_users, page_users_add, page_users_role, page_users_owner, page_users_disable,
    page_users_enable, page_users_reset, page_password_get, page_password_post;
/* My week (page_week.c): the page, and closing a promise from it */
web_handler page_week_promise;

#endif
