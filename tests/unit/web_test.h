/*
 * web_test.h — helpers for the web tests: a server on a copy of a database
 * with the standard users, requests built in memory and run through the
 * front door (no sockets), and a login that goes the way a browser does
 * (GET /login for the login token, POST /login).
 *
 * The standard users (password of each: its name + " horse battery staple"):
 *   ada    admin              mia   member, owner "Mia Berger"
 *   vic    viewer             mo    manager
 */
#ifndef TREUE_WEB_TEST_H
#define TREUE_WEB_TEST_H

#include "test.h"
#include "web.h"

#define T0 ((int64_t)1790000000) /* the clock of the tests (2026-09-21) */
#define ORIGIN "http://127.0.0.1:8080"
#define HOST "127.0.0.1:8080"

struct tr {
	struct web_req rq;
	struct web_resp rs;
	struct web_kv hdr[64];
	struct web_kv args[8];
	char path[512];
	char cookie[1024];
	char body[70000];
};

/* A fresh server on a copy of the standard database (threads: pool size). */
struct web_server *wt_server(int threads);
/* The path of that copy (for opening a second store on it). */
const char *wt_db_path(void);
/* The standard password of a standard user. */
const char *wt_pw(const char *user, char *buf, size_t cap);

/* A request: method, path, the clock; Host is set, Origin for POST. */
void tr_init(struct tr *t, enum web_method m, const char *path, int64_t now);
void tr_header(struct tr *t, const char *name, const char *value);
/* Adds "name=value" to the Cookie header. */
void tr_cookie(struct tr *t, const char *name, const char *value);
/* Sets an urlencoded body from pairs: tr_form(t, "a", "1", "b", "2", NULL);
 * values are encoded here. */
void tr_form(struct tr *t, ...);
void tr_run(struct web_server *srv, struct tr *t);
void tr_done(struct tr *t);
/* The value a Set-Cookie of the response gives name, or NULL. */
const char *tr_set_cookie(const struct tr *t, const char *name, char *buf, size_t cap);
/* The first CSRF token in the response's forms into buf, or NULL. */
const char *tr_csrf(const struct tr *t, char *buf, size_t cap);

struct wt_session {
	char cookie[64];
	char csrf[64];
};
/* Logs in at now; 0 on success (a 303 with a session cookie), else the
 * status of the POST. */
int wt_login(struct web_server *srv, const char *name, const char *pw, int64_t now,
             struct wt_session *s);
/* GET path (a "?k=v&..." part becomes query arguments) with the session; returns the status,
 * response kept in t (call tr_done). */
int wt_get(struct web_server *srv, const struct wt_session *s, const char *path, int64_t now,
           struct tr *t);
/* POST to path with the session and its CSRF token plus pairs. */
int wt_post(struct web_server *srv, const struct wt_session *s, const char *path, int64_t now,
            struct tr *t, ...);

#endif
