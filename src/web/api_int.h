/*
 * api_int.h — what the files of the JSON API (src/web/api*.c) share: the
 * route table with every parameter's validator and cap (the OpenAPI
 * description is generated from it), the request of one API call, the
 * answers (JSON documents and errors), and the loaded analysis every
 * worker shares.  Not for use outside src/web/.
 */
#ifndef TREUE_API_INT_H
#define TREUE_API_INT_H

#include "app.h"
#include "ingest.h"
#include "report.h"
#include "web_int.h"

/* ---- parameters: each declared with its validator and cap ---- */
enum api_ptype {
	AP_DATE,   /* a date: 2026-11-24 or 24.11.2026 */
	AP_INT,    /* a whole number in [lo, hi] */
	AP_NUM,    /* a decimal number in [lo, hi] (point or comma) */
	AP_TEXT,   /* text of at most hi bytes, valid UTF-8, no control characters */
	AP_BOOL,   /* 1, 0, true, false */
	AP_ENUM,   /* one of choices */
	AP_DAYS,   /* a number of days: 14, 14d, 2w, 1m */
	AP_CURSOR, /* a list cursor from next_cursor */
	AP_KEYVAL, /* KEY=VALUE (repeatable) */
	AP_TEXTS,  /* JSON body only: an array of texts (each at most hi bytes) */
};
struct api_param {
	const char *name;
	enum api_ptype type;
	long lo, hi;
	const char *const *choices; /* AP_ENUM: NULL-terminated */
	int required;
	int repeat; /* a query parameter that may be given more than once (at most hi_repeat) */
	const char *en, *de;
};
#define API_MAX_PARAMS 24
#define API_MAX_REPEAT 16

/* One parsed parameter. */
struct api_val {
	int given;
	const char *s; /* as sent (the first, for repeatable ones) */
	long i;
	double d;
	day_t day;
	const char *rep[API_MAX_REPEAT]; /* repeatable: every value */
	int nrep;
};

/* ---- the request of one API call ---- */
struct api_route;
struct api_req {
	struct web_req *rq;
	struct web_resp *rs;
	const struct api_route *route;
	char seg[2][257];  /* the path's {…} parts, decoded */
	struct app_ctx ac; /* store, language, actor, today */
	int via_token;
	int64_t token_id;
	enum api_scope scope;
	struct api_val q[API_MAX_PARAMS]; /* the query, by the route's table */
	struct jdoc body;                 /* a JSON body, when the route takes one */
	struct web_view *view;            /* the analysis, when taken */
	int64_t version;                  /* the data version the answer was made from */
	int locked;                       /* holds the API's read or write lock */
	struct err e;
};

typedef int api_fn(struct api_req *a);

enum {
	AR_JSON = 1,   /* takes a JSON object as body */
	AR_CSV = 2,    /* takes a CSV (or workbook) body up to limits.max_upload */
	AR_PUBLIC = 4, /* needs no authentication */
	AR_KIND = 8,   /* the route's kind comes from its table entry (jkind/ikind) */
};

struct api_route {
	enum web_method method;
	const char *pattern; /* under /api/v1: "/customers/{id}"; {x} is one segment */
	api_fn *fn;
	enum api_scope scope; /* the least scope of a token */
	enum web_role role;   /* the least role of the user */
	unsigned flags;
	const struct api_param *query; /* NULL-terminated by name == NULL; NULL: none */
	int jkind;                     /* journal kind, or -1 */
	int ikind;                     /* ingest kind (imports, new entries), or -1 */
	const char *summary;           /* for OpenAPI */
	const char *schema;            /* the response's schema in OpenAPI's components */
	const char *tag;
};
extern const struct api_route api_routes[];
extern const size_t api_route_count;
/* The kinds of /list/{kind}. */
extern const char *const api_list_kinds[];

/* The JSON body's fields of a kind (the import's field names), with
 * their validators: for new entries (required as the import requires) and
 * edits (nothing required). */
int api_kind_fields(enum ingest_kind k, struct api_param *out, int edit);

/* ---- answers ---- */
/* The JSON document in sb as the answer, with status. */
void api_json(struct api_req *a, int status, struct strbuf *sb);
/* {"status":…, "message":…, "field":…, "value":…, "line":…}; field, value
 * NULL and line 0 when they do not apply.  Returns -1. */
int api_error(struct api_req *a, int status, const char *field, const char *value, long line,
              const char *msg);
/* The same from an err (its field, value and line). */
int api_err(struct api_req *a, int status, const struct err *e);
/* An app call's failure: APP_BAD_REQUEST 400, else `status`. */
int api_failed(struct api_req *a, int rc, int status);

/* A query parameter: NULL when not given. */
const struct api_val *api_q(const struct api_req *a, const char *name);

/* ---- the shared analysis (api_data.c) ---- */
struct api_data;
struct api_data *api_data_new(void);
void api_data_free(struct api_data *d);
/* The analysis at the current data version (loaded once, shared), for
 * a->ac (its as_of and overrides applied to a private copy of the
 * settings); *an points into the held state.  0, or -1 with a's answer
 * written. */
int api_analysis(struct api_req *a, struct app_analysis *an);
/* Reads the data version into *v; -1 on error. */
int api_version(struct api_req *a, int64_t *v);
/* Releases what api_analysis held. */
void api_analysis_done(struct api_req *a);
/* Answers of reads kept per request and data version (the last 64, at
 * most 64 MiB): 1 and out filled when key was answered at version. */
int api_cache_get(struct api_req *a, const char *key, int64_t version, struct strbuf *out);
void api_cache_put(struct api_req *a, const char *key, int64_t version, const struct strbuf *body);
/* The API's writes exclude its reads (a read/write lock, writers first). */
void api_lock(struct api_req *a, int write);
void api_unlock(struct api_req *a);

/* ---- handlers ---- */
api_fn api_me, api_openapi, api_report, api_agenda, api_segments, api_actions, api_customer,
    api_movement, api_whatif, api_fit, api_rep_feedback, api_rep_stories, api_rep_promises,
    api_rep_cadence, api_list, api_add, api_add_customer, api_edit, api_edit_customer, api_delete,
    api_promise_close, api_complaint_resolve, api_import, api_export, api_erase;

/* The JSON body of a route that is not an entry (close, resolve, erase), or NULL. */
const struct api_param *api_body_params(const struct api_route *r);

/* The OpenAPI document (api_openapi.c). */
void api_openapi_write(struct strbuf *out);
/* The top-level fields of an answer schema ("name:type"); -1 when unknown,
 * 0 when it lists none. */
int api_schema_fields(const char *name, const char *const **fields);

#endif
