/*
 * web_int.h — what the files of src/web/ share: the route table, the
 * server's insides (store pool, login throttle, hash slots), the page
 * layout and the pages.  Not for use outside src/web/.
 */
#ifndef TREUE_WEB_INT_H
#define TREUE_WEB_INT_H

#include <pthread.h>
#include <semaphore.h>

#include "app.h"
#include "report.h"
#include "web.h"

/* ---- routes ---- */
enum {
	WR_CSRF = 1,   /* POST: the session's CSRF token (before login: the login token) */
	WR_UPLOAD = 2, /* takes a multipart upload up to limits.max_upload */
	WR_STATIC = 4, /* needs neither store nor session (files from the binary) */
	WR_API = 8,    /* the JSON API: the pattern is a prefix, api.c does the rest */
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
	struct api_data *api; /* the JSON API's shared analysis (api_data.c) */
	/* the shared analysis of the current data version (view.c) */
	pthread_mutex_t view_mu;
	pthread_cond_t view_cv;
	struct web_view *view;       /* the newest loaded, or NULL */
	int view_loading;            /* a request is loading a new one */
	struct web_uploads *uploads; /* files waiting to be imported, and the imports (upload.c) */
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
/* Parses a multipart/form-data body (mp_parse with the limits' caps): its
 * plain fields into rq->form, its parts into rq->files.  0 or a status. */
int web_parse_multipart(struct web_req *rq, const struct web_limits *l);

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

/* The status pages: 400, 403, 404, 405, 413, 414, 429, 431, 500, 507.
 * detail (may be NULL) is shown below the standard text. */
void web_error_page(struct web_req *rq, struct web_resp *rs, int status, const char *detail);

/* A full disk (the store's words for it, store_sqlite_error_, or those of
 * an upload that could not be kept): the message from those words on —
 * without the database's file name before them, which users need not see
 * — else NULL.  Such a failure answers 507, naming the cause. */
const char *web_disk_full(const struct err *e);
/* The same, and e's message cut to those words; 1 when the disk is full. */
int web_disk_full_strip(struct err *e);

/* ---- uploads waiting to be imported, and the imports (upload.c) ----
 * An uploaded file is kept in a private directory (made with mkdtemp, 0700,
 * removed when the server closes) under a random id, bound to the session
 * that uploaded it; it expires an hour after its last use.  Its import
 * runs on a thread of its own with its own store connection, so that a
 * page can show the progress. */
#define UPLOAD_ID_LEN 32       /* 128 random bits in hex */
#define UPLOAD_MAPS_MAX 256    /* --map entries, and columns the page maps */
#define UPLOAD_ERRORS_MAX 1000 /* bad values listed (the rest counted) */
#define UPLOAD_TTL (60 * 60)   /* seconds after the last use */
#define UPLOADS_MAX 16         /* kept at once, server-wide */
#define UPLOADS_PER_SESSION 3  /* of which one session's (the oldest go) */
enum upload_state { UPLOAD_READY, UPLOAD_RUNNING, UPLOAD_DONE, UPLOAD_FAILED };
struct upload_info {
	char id[UPLOAD_ID_LEN + 1];
	char name[128]; /* the file's name as uploaded, made safe */
	char path[600]; /* where it is kept */
	char dir[448];  /* its directory (messages name the file without it) */
	int kind;       /* enum ingest_kind */
	char maps[UPLOAD_MAPS_MAX][40];
	int nmaps;
	int date_order;  /* enum date_order */
	int enc;         /* enum ingest_enc */
	char sheet[128]; /* a workbook's sheet ("": the first worksheet) */
	uint64_t size;
	/* the import, once confirmed */
	enum upload_state state;
	int pass; /* 1 reading, 2 importing */
	uint64_t done, total;
	int64_t rows, imported, updated, present, created, as_other, bad_rows;
	char message[1024]; /* why it failed */
	char *errors;       /* the bad values, one per line (a copy: free it) */
	long nerrors;       /* all of them, also those not listed */
};
void uploads_init(struct web_server *srv);
/* Waits for running imports, removes every file and the directory. */
void uploads_close(struct web_server *srv);
/* Keeps data[0..len) as the session's upload of kind; fills id.  0, -1 with
 * e (the disk), or 503 when the server keeps too many uploads already. */
int upload_add(struct web_server *srv, const struct web_req *rq, int kind, const char *filename,
               const char *data, size_t len, char id[UPLOAD_ID_LEN + 1], struct err *e);
/* 1 and a copy in *out (free out->errors) when id is an upload of this
 * session and has not expired; 0 otherwise. */
int upload_get(struct web_server *srv, const struct web_req *rq, const char *id,
               struct upload_info *out);
/* How the file is to be read: kind (the maps are cleared when it changes),
 * --map entries, date order, encoding, a workbook's sheet.  0, or -1 when it is not the
 * session's or its import has begun. */
int upload_set(struct web_server *srv, const struct web_req *rq, const char *id, int kind,
               char maps[][40], int nmaps, int date_order, int enc, const char *sheet);
/* Starts the import (as the request's user, messages in its language).
 * 0, or -1 when it is not the session's or has begun already. */
int upload_start(struct web_server *srv, const struct web_req *rq, const char *id, struct err *e);
/* Waits up to `seconds` for the import of id to end. */
void upload_wait(struct web_server *srv, const char *id, int seconds);
/* Forgets the upload and removes its file (not while it is imported). */
void upload_drop(struct web_server *srv, const struct web_req *rq, const char *id);
/* Replaces the upload's directory in a message by nothing, so that it
 * names the file as the person uploaded it. */
void upload_scrub(const struct upload_info *u, struct strbuf *text);

/* ---- the pages' application context (page_ctx.c) ---- */
/* The app layer's context of this request: its store, language, user (the
 * audit's actor), today from the request's clock, D the call's default. */
struct app_ctx;
void page_app_ctx(const struct web_req *rq, struct app_ctx *c);
/* A link to a customer's page: <a href="/customers/ID">text</a>. */
void page_customer_link(struct html *h, const char *customer_id, const char *text);
/* Money for people in the page's language ("1.234,56 €"). */
void page_money(struct html *h, int64_t cents);
/* A date for people ("24.11.2026" / "2026-11-24"); "–" for DAY_NONE. */
void page_day(struct html *h, day_t d);
/* A share 0..1 as "71.3%" / "71,3 %" ("–" for NaN); a count with grouping. */
void page_pct(struct html *h, double share);
void page_int(struct html *h, int64_t v);
/* The page of a refreshing page (progress): like page_begin, with
 * <meta http-equiv="refresh"> after `seconds`. */
void page_begin_refresh(struct web_req *rq, struct web_resp *rs, struct html *h, const char *title,
                        int seconds);

/* The Journal pages' frame: title, heading and the tabs (current: the
 * tab's path); a failed app call as 400 (a bad request) or 500 (logged). */
void journal_begin(struct web_req *rq, struct web_resp *rs, struct html *h, const char *current);
void journal_failed(struct web_req *rq, struct web_resp *rs, int rc, const struct err *e);
/* A journal page's app context; the orders dated after today taken from the
 * loaded view when it has them (buf holds them), else the report looks. */
void journal_ctx(struct web_req *rq, struct app_ctx *c, struct future_orders *buf);
/* The warning about orders dated after today, when there are any. */
void journal_future_msg(struct html *h, const struct future_orders *f);
/* ---- the JSON API (api*.c) ---- */
#define API_PREFIX "/api/v1"
#define API_JSON_MAX (1u << 20) /* bytes of a JSON body */
struct api_data;
struct api_data *api_data_new(void);
void api_data_free(struct api_data *d);
/* The answer to any request under /api/v1/ (after the front door's caps,
 * store connection and cookie session): authentication, role and scope,
 * parameters, the call, JSON out. */
void api_handle(struct web_req *rq, struct web_resp *rs);
/* The cap on the body of a POST to path (under /api/v1/). */
size_t api_body_cap(const struct web_server *srv, const char *path);

/* ---- pages ---- */
web_handler page_root, page_static, page_login_get, page_login_post, page_logout, page_lang,
    page_week, page_users, page_users_add, page_users_role, page_users_owner, page_users_disable,
    page_users_enable, page_users_reset, page_password_get, page_password_post;
/* journal, import, settings, audit, GDPR */
web_handler page_journal, page_journal_promises, page_journal_complaints, page_journal_stories,
    page_journal_feedback, page_journal_cadence, page_import, page_import_upload, page_import_show,
    page_import_map, page_import_confirm, page_import_discard, page_settings, page_settings_set,
    page_audit, page_gdpr_export_get, page_gdpr_export, page_gdpr_erase_get, page_gdpr_erase_post;
/* My week (page_week.c): the page, and closing a promise from it */
web_handler page_week_promise;

/* ---- the shared analysis (view.c) ----
 * The model's pages read one analysis per data version: the dataset, D,
 * the loyalty results with P(alive) and the tenure curve, and each
 * customer's region and industry, loaded by the first request that needs
 * them and shared read-only by every request (reference counted, so a
 * request keeps the view it started with while a newer one is loaded).
 * What only the Overview needs is computed on its first use. */
#define WEB_TREND_MONTHS 12
struct web_trend_point {
	day_t as_of; /* a month end: the first day of a month (D excluded) */
	struct retention_year ret;
	struct nps nps;
	struct satisfaction_summary sat;
	int64_t customers, lapsed, departed, prospects;
	int64_t seg_count[SEG__COUNT];
	int silent_ok; /* the silent leavers (only for the last month end) */
	int64_t silent;
};
/* One point of the apostle matrix: the measured active customers at one
 * place — satisfaction in tenths (binned to half points when the base has
 * more than WEB_MATRIX_MAX distinct places), orders in the last 12 months
 * (those above the top of the axis at the top). */
struct web_matrix_pt {
	int16_t sat;
	int32_t orders;
	uint32_t cust;  /* the first of them (index order) */
	uint32_t count; /* how many */
};
#define WEB_MATRIX_MAX 1500
#define WEB_WEEK_KEPT 32 /* agendas kept per view (owners, languages, the team) */
/* A customer's place on the x axis: its satisfaction in tenths, binned. */
int web_matrix_sat(const struct cust_fig *f, int bin);
struct web_view {
	int64_t version; /* the data version the dataset was loaded at */
	day_t today;
	struct app_analysis a;
	struct app_loyalty r; /* at D: P(alive) and margins (btyd score 2), tenure */
	/* the account managers, regions and industries named in the data,
	 * sorted (the filters' choices) */
	char **owners, **regions, **industries;
	size_t nowners, nregions, nindustries;
	int refs;      /* under srv->view_mu */
	int64_t audit; /* the last audit entry it includes */
	/* after a change of the journal only: the view whose customers, orders
	 * and lists of names it shares (and holds a reference on) */
	struct web_view *root;
	int journal_only;
	/* what only the Overview needs, computed on its first visit */
	pthread_mutex_t lazy_mu;
	int overview_done;
	struct web_trend_point trend[WEB_TREND_MONTHS]; /* [0]: the last month end */
	int ntrend;
	struct movement move; /* the last 90 days */
	struct web_matrix_pt *mpts;
	size_t nmpts, mmeasured;
	int32_t mtop; /* the top of the orders axis */
	int mbin;     /* 1, or 5 when satisfaction is binned to half points */
	/* the purchase model's parameters at the last month end (lm_ok), kept
	 * by a journal-only successor: the orders, and so the fit, are the same */
	struct btyd_params_all lm_par;
	day_t lm_at;
	int lm_ok;
	/* after a change of the journal only: the view before's month ends
	 * (ntrend_before of them, 0 when it had none yet) and the date on or
	 * before which they still hold (dataset_counts_differ_from; DAY_NONE:
	 * all of them) */
	struct web_trend_point trend_before[WEB_TREND_MONTHS];
	int ntrend_before;
	day_t trend_same_to;
	/* My week's agendas (app_agenda on this view), each computed by the
	 * first request that asks, under week_mu (web_view_agenda) */
	pthread_mutex_t week_mu;
	struct web_week_kept {
		char *key;
		struct app_agenda r;
	} week[WEB_WEEK_KEPT];
	int nweek;
	/* the action list's rows that pass a filter, kept likewise (week_mu) */
	struct web_actions_kept {
		char *key;
		size_t *rows, n;
	} acts[WEB_WEEK_KEPT];
	int nacts;
};
void web_views_init(struct web_server *srv);
void web_views_close(struct web_server *srv);
/* The request's calendar day: the server's fixed day, else rq->now (local). */
day_t web_today(const struct web_req *rq);
/* The application context of a request: its connection, language, user. */
struct app_ctx web_app_ctx(const struct web_req *rq, day_t today);
/*
 * The start of every page on the model: sets the ETag (data version, day,
 * user, language, path and query) and answers 304 when it matches (returns
 * 1: done), else takes the view of the current data version (loading it
 * when needed) into *v and returns 0; on failure it writes the error page
 * and returns 1.  Release the view with web_view_put.
 */
int web_view_begin(struct web_req *rq, struct web_resp *rs, struct web_view **v);
/* The same without the ETag (a form's answer). */
int web_view_take(struct web_req *rq, struct web_resp *rs, struct web_view **v);
void web_view_put(struct web_server *srv, struct web_view *v);
/* The orders dated after `today` as the loaded view of the current data
 * version found them: 1 and *out filled, or 0 when no such view is loaded
 * (nothing is loaded for it). */
int web_view_future(struct web_req *rq, day_t today, struct future_orders *out);
/* The agenda of filter f on view v (app_agenda with the view's loyalty
 * results): kept in the view for the next request with the same language,
 * day, filter and inputs, so *r points into the view (valid while the
 * caller holds it) — or, when the view keeps enough already, into own,
 * which the caller releases (app_agenda_release accepts it untouched). */
int web_view_agenda(struct web_view *v, const struct app_ctx *c, const struct app_filter *f,
                    const struct app_agenda_in *in, struct app_agenda *own,
                    const struct app_agenda **r, struct err *e);
/* The rows of the view's action list (indexes into v->r.l.actions, in
 * order) that pass the filters of `treue actions --owner --region
 * --industry --segment` and priority (0: all) and silent: kept in the view
 * for the next request with the same filters, so *rows points into the
 * view (valid while the caller holds it) — or into *own, which the caller
 * frees.  A filter that matches nobody fails as app_select says. */
int web_view_actions(struct web_view *v, const struct app_ctx *c, const struct app_filter *who,
                     int priority, int silent, const size_t **rows, size_t *n, size_t **own,
                     struct err *e);
/* The Overview's trend, movement and matrix points (computed on first
 * use, under the view's lazy lock). */
int web_view_overview(struct web_req *rq, struct web_view *v, struct err *e);

/* ---- what the model's pages share (page_util.c) ---- */
/* HF with the format in the page's language (both literals). */
#define HFL(h, en, de, ...)                                                                        \
	((h)->lang == LANG_DE ? HF((h), de, __VA_ARGS__) : HF((h), en, __VA_ARGS__))
/* Numbers as the CLI's text writes them, escaped into the page. */
void h_money(struct html *h, int64_t cents);
void h_money_d(struct html *h, double cents);
void h_pct(struct html *h, double share);
void h_num(struct html *h, double v, int decimals);
void h_count(struct html *h, int64_t v);
void h_day(struct html *h, day_t d);
/* A figure with its machine value, as the JSON report writes it:
 * <data data-key="KEY" value="VALUE">shown</data> — the test that the
 * Overview equals `treue report --format json` reads these. */
void h_data_begin(struct html *h, const char *key, const char *value);
void h_data_end(struct html *h);
/* The path of a customer's page: /customers/ID (ID percent-encoded). */
void customer_path(struct strbuf *out, const char *customer_id);
/* A link to a customer's page showing its name (or its id). */
void h_customer_link(struct html *h, const char *customer_id, const char *name);
/* A segment (or state) label with its class for colour. */
void h_segment(struct html *h, int segment);
/* A table of customers (id, name, owner, segment, orders, revenue P0,
 * satisfaction): the search results and the drill-downs. */
void h_customer_table(struct html *h, const struct web_view *v, const uint32_t *idx, size_t n);
/* An error from the application layer, with its field and value: in a
 * message box, or only its text. */
void h_app_error(struct html *h, const struct err *e);
void h_err_text(struct html *h, const struct err *e);
/* A query argument as a number in [lo, hi], else dflt. */
long web_arg_long(const struct web_req *rq, const char *name, long lo, long hi, long dflt);

/* The customer page (page_customer.c); its forms (page_customer_forms.c)
 * show it again after an error, with the form that failed open, its error
 * beside it and the values as they were typed. */
struct cust_form {
	const char *form; /* "dialog", "promise", ... (NULL: none failed) */
	int64_t entry;    /* the promise or complaint it was about, or 0 */
	const struct err *e;
};
void customer_page(struct web_req *rq, struct web_resp *rs, struct web_view *v, int64_t key,
                   const struct cust_form *cf);
/* The store key of the customer the path names (rq->param); a name start
 * is redirected to the customer's own path, an unknown one gets the 404
 * page (returns 1: answered). */
int customer_find(struct web_req *rq, struct web_resp *rs, day_t today, int64_t *key);

/* ---- the model's pages ---- */
web_handler page_overview, page_overview_movement, page_overview_matrix, page_actions,
    page_customers, page_customer, page_customer_post;

#endif
