/*
 * api_write.c — the JSON API's writes: new journal entries and customers
 * with the import's field names as JSON keys, edits, deletes, closing a
 * promise, resolving a complaint, imports of a CSV body (all or nothing,
 * every bad row listed, dry run), and the GDPR export and erase.  Each
 * write is one transaction with one audit entry under "USER (token N)".
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "api_int.h"

/* Text from a JSON body: valid UTF-8 (the reader checked), at most max
 * bytes; line breaks and tabs only in long texts. */
static int body_text_ok(const char *s, size_t len, size_t max, int multiline)
{
	if (len > max)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t' || c == '\r'))) ||
		    c == 0x7F)
			return 0;
	}
	return 1;
}

/* A body member's value as text (strings; numbers where the field takes
 * one), checked against its declaration; NULL value for JSON null. */
static int member_text(struct api_req *a, const struct api_param *p, const struct jval *v,
                       const char **out, day_t *day)
{
	enum lang lg = a->ac.lang;
	*out = NULL;
	if (v->type == JT_NULL)
		return 0;
	if (v->type == JT_NUM && p->type == AP_NUM) {
		*out = v->str;
		if (v->num < (double)p->lo || v->num > (double)p->hi) {
			char msg[160];
			snprintf(msg, sizeof(msg),
			         L(lg, "is not a number from %ld to %ld",
			           "ist keine Zahl von %ld bis %ld"),
			         p->lo, p->hi);
			return api_error(a, 400, p->name, v->str, 0, msg);
		}
		return 0;
	}
	if (v->type != JT_STR)
		return api_error(a, 400, p->name, NULL, 0,
		                 p->type == AP_NUM
		                     ? L(lg, "must be a number or a string",
		                         "muss eine Zahl oder eine Zeichenkette sein")
		                     : L(lg, "must be a string", "muss eine Zeichenkette sein"));
	if (p->type == AP_DATE) {
		if (v->len == 0) {
			*out = "";
			*day = DAY_NONE;
			return 0;
		}
		if (v->len > 32 || day_parse_input(v->str, a->ac.today, day))
			return api_error(a, 400, p->name, v->str, 0,
			                 L(lg, "is not a date (2026-11-24 or 24.11.2026)",
			                   "ist kein Datum (2026-11-24 oder 24.11.2026)"));
		*out = v->str;
		return 0;
	}
	if (!body_text_ok(v->str, v->len, (size_t)(p->hi ? p->hi : 16384), p->hi > 256)) {
		char msg[200];
		snprintf(msg, sizeof(msg),
		         L(lg, "is longer than %ld bytes or holds control characters",
		           "ist länger als %ld Bytes oder enthält Steuerzeichen"),
		         p->hi);
		return api_error(a, 400, p->name, NULL, 0, msg);
	}
	*out = v->str;
	return 0;
}

/* Where each import field goes in struct app_fields. */
static const struct {
	const char *name;
	size_t off;
	int date;
} field_map[] = {
#define S(n, m)                                                                                    \
	{                                                                                          \
		n, offsetof(struct app_fields, m), 0                                               \
	}
#define D(n, m)                                                                                    \
	{                                                                                          \
		n, offsetof(struct app_fields, m), 1                                               \
	}
    S("name", name),
    S("industry", industry),
    S("region", region),
    S("owner", owner),
    D("acquired_on", acquired_on),
    S("acquisition_cost", acquisition_cost),
    D("date", date),
    S("satisfaction", satisfaction),
    S("recommend", recommend),
    S("value", value),
    S("comment", comment),
    S("channel", channel),
    S("touchpoint", touchpoint),
    S("employee", employee),
    S("support", support),
    S("improve", improve),
    S("notes", notes),
    D("made_on", made_on),
    D("due_on", due),
    S("what", what),
    S("status", status),
    D("closed_on", closed_on),
    S("reason", reason),
    S("description", description),
    D("resolved_on", resolved_on),
    S("root_cause", root_cause),
    S("situation", situation),
    S("outcome", outcome),
    S("kind", kind),
    S("from_customer", from),
    S("to_customer", to),
    S("competitor", competitor),
#undef S
#undef D
};

struct body_fields {
	struct app_fields f;
	const char *why[5];
	struct strbuf changed; /* the keys given, for the audit of an edit */
};

/* The JSON body into fields of kind k: every key must be a field of the
 * kind (the import's names), each value valid for it. */
static int body_fields(struct api_req *a, enum ingest_kind k, int edit, struct body_fields *b)
{
	struct api_param params[F__COUNT];
	int np = api_kind_fields(k, params, edit), maxwhy = 0;
	const struct jval *obj = a->body.root;
	enum lang lg = a->ac.lang;
	memset(b, 0, sizeof(*b));
	app_fields_init(&b->f);
	sb_init(&b->changed);
	for (size_t i = 0; i < obj->n; i++) {
		const struct jval *m = &obj->kids[i];
		const struct api_param *p = NULL;
		for (int j = 0; j < np; j++)
			if (!strcmp(params[j].name, m->key))
				p = &params[j];
		if (!p)
			return api_error(
			    a, 400, m->key, NULL, 0,
			    L(lg, "is not a field of this kind (see the import's fields)",
			      "ist kein Feld dieser Art (siehe die Felder des Imports)"));
		const char *s;
		day_t day = DAY_NONE;
		if (member_text(a, p, m, &s, &day))
			return -1;
		if (!s)
			continue;
		sb_addf(&b->changed, "%s%s", b->changed.len ? ", " : "", m->key);
		if (!strcmp(p->name, "customer_id")) {
			if (k == KIND_CUSTOMERS)
				b->f.id = s;
			else
				b->f.customer = s;
			continue;
		}
		if (!strncmp(p->name, "why", 3) && p->name[3] >= '1' && p->name[3] <= '5') {
			int w = p->name[3] - '1';
			b->why[w] = s;
			if (w + 1 > maxwhy)
				maxwhy = w + 1;
			continue;
		}
		for (size_t j = 0; j < ARRAY_SIZE(field_map); j++)
			if (!strcmp(field_map[j].name, p->name)) {
				char *base = (char *)&b->f;
				if (field_map[j].date)
					*(day_t *)(void *)(base + field_map[j].off) = day;
				else
					*(const char **)(void *)(base + field_map[j].off) = s;
			}
	}
	for (int j = 0; j < np; j++)
		if (params[j].required) {
			const struct jval *m = json_member(obj, params[j].name);
			if (!m || m->type == JT_NULL || (m->type == JT_STR && !m->len))
				return api_error(a, 400, params[j].name, NULL, 0,
				                 L(lg, "is required", "ist nötig"));
		}
	for (int w = 0; w < maxwhy; w++)
		if (!b->why[w])
			return api_error(
			    a, 400, "why1", NULL, 0,
			    L(lg, "the whys are given in order, without gaps",
			      "die Warums werden der Reihe nach angegeben, ohne Lücken"));
	b->f.why = b->why;
	b->f.nwhy = maxwhy;
	return 0;
}

/* An app call's failure in a write: a duplicate is 409, a missing customer 404, else 422. */
static int write_failed(struct api_req *a, int rc)
{
	if (rc == APP_BAD_REQUEST)
		return api_err(a, 400, &a->e);
	if (strstr(a->e.msg, "identical") || strstr(a->e.msg, "ein gleicher Eintrag") ||
	    strstr(a->e.msg, "already") || strstr(a->e.msg, "schon") ||
	    strstr(a->e.msg, "exists") || strstr(a->e.msg, "gibt es"))
		return api_err(a, 409, &a->e);
	if (strstr(a->e.msg, "unknown customer") || strstr(a->e.msg, "unbekannter Kunde") ||
	    strstr(a->e.msg, "no such") || strstr(a->e.msg, "kein"))
		return api_err(a, 404, &a->e);
	return api_err(a, 422, &a->e);
}

static void answer_written(struct api_req *a, int status, struct strbuf *sb)
{
	int64_t v;
	struct err e;
	err_init(&e, a->ac.lang);
	if (store_data_version(a->ac.st, &v, &e) == 0)
		a->version = v;
	api_json(a, status, sb);
}

static void entry_customers(const struct app_entry *en, const char **cid, const char **cid2)
{
	const union app_rec *r = &en->r;
	*cid2 = NULL;
	switch (en->kind) {
	case JK_DIALOG: *cid = r->d.customer_id; break;
	case JK_PROMISE: *cid = r->p.customer_id; break;
	case JK_COMPLAINT: *cid = r->k.customer_id; break;
	case JK_STORY: *cid = r->s.customer_id; break;
	case JK_REFERRAL: *cid = r->r.from_customer, *cid2 = r->r.to_customer; break;
	case JK_DEPARTURE: *cid = r->x.customer_id; break;
	default: *cid = r->v.customer_id; break;
	}
}

int api_add(struct api_req *a)
{
	struct body_fields b;
	struct app_entry en;
	enum journal_kind k = (enum journal_kind)a->route->jkind;
	int rc;
	memset(&en, 0, sizeof(en));
	if (body_fields(a, (enum ingest_kind)a->route->ikind, 0, &b)) {
		sb_release(&b.changed);
		return -1;
	}
	rc = app_entry_new(&a->ac, k, &b.f, &en, &a->e);
	/* a promise or complaint recorded closed: the closing fields as an edit would apply them */
	if (rc == 0 &&
	    (b.f.status || b.f.closed_on != DAY_NONE || b.f.resolved_on != DAY_NONE ||
	     (k == JK_PROMISE ? 0 : b.f.root_cause != NULL)) &&
	    (k == JK_PROMISE || k == JK_COMPLAINT)) {
		struct app_fields c;
		app_fields_init(&c);
		c.status = b.f.status;
		c.closed_on = b.f.closed_on;
		c.resolved_on = b.f.resolved_on;
		c.root_cause = b.f.root_cause;
		rc = app_entry_change(&a->ac, &en, &c, &a->e);
	}
	if (rc == 0)
		rc = app_entry_add(&a->ac, &en, &a->e);
	if (rc == 0) {
		struct strbuf out = STRBUF_INIT;
		const char *cid, *cid2;
		entry_customers(&en, &cid, &cid2);
		report_entry_json(journal_kind_name[k], en.id, cid, cid2, &out);
		answer_written(a, 201, &out);
		sb_release(&out);
	} else {
		write_failed(a, rc);
	}
	app_entry_release(&en);
	sb_release(&b.changed);
	return rc ? -1 : 0;
}

int api_add_customer(struct api_req *a)
{
	struct body_fields b;
	int rc = -1;
	if (body_fields(a, KIND_CUSTOMERS, 0, &b) == 0) {
		if ((rc = app_customer_add(&a->ac, &b.f, &a->e)) == 0) {
			struct strbuf out = STRBUF_INIT;
			report_entry_json("customer", 0, b.f.id, NULL, &out);
			answer_written(a, 201, &out);
			sb_release(&out);
		} else {
			write_failed(a, rc);
		}
	}
	sb_release(&b.changed);
	return rc ? -1 : 0;
}

/* The entry {id} of the route's kind; 0 or answered. */
static int load(struct api_req *a, struct app_entry *en)
{
	char *end;
	errno = 0;
	long long id = strtoll(a->seg[0], &end, 10);
	memset(en, 0, sizeof(*en));
	if (!*a->seg[0] || *end || errno || id <= 0)
		return api_error(
		    a, 404, "id", a->seg[0], 0,
		    L(a->ac.lang, "is not an entry number", "ist keine Eintragsnummer"));
	int rc = app_entry_load(&a->ac, (enum journal_kind)a->route->jkind, id, en, &a->e);
	if (rc && !a->e.field[0]) {
		snprintf(a->e.field, sizeof(a->e.field), "id");
		snprintf(a->e.value, sizeof(a->e.value), "%.100s", a->seg[0]);
	}
	return rc ? api_err(a, 404, &a->e) : 0;
}

static void changed_json(struct api_req *a, const char *kind, int64_t id, const char *cid,
                         const char *changed)
{
	struct strbuf out = STRBUF_INIT;
	struct json j;
	json_init(&j, &out, 0);
	json_obj_begin(&j);
	json_key(&j, "kind");
	json_str(&j, kind);
	if (id) {
		json_key(&j, "id");
		json_int(&j, id);
	}
	if (cid) {
		json_key(&j, "customer_id");
		json_str(&j, cid);
	}
	json_key(&j, "changed");
	json_arr_begin(&j);
	for (const char *p = changed; *p;) {
		size_t n = strcspn(p, ",");
		json_strn(&j, p, n);
		p += n;
		p += strspn(p, ", ");
	}
	json_arr_end(&j);
	json_obj_end(&j);
	answer_written(a, 200, &out);
	sb_release(&out);
}

int api_edit(struct api_req *a)
{
	struct body_fields b;
	struct app_entry en;
	int rc = -1;
	if (load(a, &en))
		return -1;
	if (body_fields(a, (enum ingest_kind)a->route->ikind, 1, &b) == 0) {
		if (!b.changed.len)
			api_error(a, 400, NULL, NULL, 0,
			          L(a->ac.lang, "nothing to change: give the fields to change",
			            "nichts zu ändern: die zu ändernden Felder angeben"));
		else if ((rc = app_entry_change(&a->ac, &en, &b.f, &a->e)) ||
		         (rc = app_entry_update(&a->ac, &en, b.changed.buf, &a->e)))
			write_failed(a, rc);
		else
			changed_json(a, journal_kind_name[en.kind], en.id, NULL, b.changed.buf);
	}
	app_entry_release(&en);
	sb_release(&b.changed);
	return rc ? -1 : 0;
}

int api_edit_customer(struct api_req *a)
{
	struct body_fields b;
	struct strbuf id = STRBUF_INIT;
	int rc = -1;
	if (body_fields(a, KIND_CUSTOMERS, 1, &b) == 0) {
		if (b.f.id)
			api_error(a, 400, "customer_id", b.f.id, 0,
			          L(a->ac.lang, "a customer's id is not changed",
			            "die Nummer eines Kunden wird nicht geändert"));
		else if (!b.changed.len)
			api_error(a, 400, NULL, NULL, 0,
			          L(a->ac.lang, "nothing to change: give the fields to change",
			            "nichts zu ändern: die zu ändernden Felder angeben"));
		else if ((rc = app_customer_change(&a->ac, a->seg[0], &b.f, b.changed.buf, &id,
		                                   &a->e)))
			write_failed(a, rc);
		else
			changed_json(a, "customer", 0, id.buf, b.changed.buf);
	}
	sb_release(&id);
	sb_release(&b.changed);
	return rc ? -1 : 0;
}

int api_delete(struct api_req *a)
{
	struct app_entry en;
	if (load(a, &en))
		return -1;
	int rc = app_entry_delete(&a->ac, &en, &a->e);
	if (rc) {
		write_failed(a, rc);
	} else {
		struct strbuf out = STRBUF_INIT;
		struct json j;
		json_init(&j, &out, 0);
		json_obj_begin(&j);
		json_key(&j, "kind");
		json_str(&j, journal_kind_name[en.kind]);
		json_key(&j, "id");
		json_int(&j, en.id);
		json_key(&j, "deleted");
		json_bool(&j, 1);
		json_obj_end(&j);
		answer_written(a, 200, &out);
		sb_release(&out);
	}
	app_entry_release(&en);
	return rc ? -1 : 0;
}

/* ---- closing ---- */
static const char *const close_status[] = {"kept", "broken", "renegotiated", NULL};
static const struct api_param b_close[] = {
    {"status", AP_ENUM, 0, 0, close_status, 1, 0, "kept, broken or renegotiated",
     "kept, broken oder renegotiated"},
    {"on", AP_DATE, 0, 0, NULL, 0, 0, "the day it was closed (default today)",
     "der Tag des Abschlusses (Vorgabe heute)"},
    {"new_due", AP_DATE, 0, 0, NULL, 0, 0, "renegotiated: the new promise's due date",
     "neu verhandelt: Fälligkeitsdatum der neuen Zusage"},
    {"what", AP_TEXT, 0, 16384, NULL, 0, 0,
     "renegotiated: the new promise's text (default the same)",
     "neu verhandelt: Text der neuen Zusage (Vorgabe derselbe)"},
    {NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL}};
static const struct api_param b_resolve[] = {
    {"root_cause", AP_TEXT, 1, 16384, NULL, 1, 0, "the root cause found", "die gefundene Ursache"},
    {"why", AP_TEXTS, 0, 16384, NULL, 0, 0, "more whys, in order (at most five in all)",
     "weitere Warums, der Reihe nach (höchstens fünf insgesamt)"},
    {"on", AP_DATE, 0, 0, NULL, 0, 0, "the day it was resolved (default today)",
     "der Tag der Lösung (Vorgabe heute)"},
    {NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL}};
static const struct api_param b_erase[] = {{"confirm", AP_TEXT, 1, 256, NULL, 1, 0,
                                            "the customer's id again, as a confirmation",
                                            "die Nummer des Kunden noch einmal, als Bestätigung"},
                                           {NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL}};

const struct api_param *api_body_params(const struct api_route *r)
{
	if (r->fn == api_promise_close)
		return b_close;
	if (r->fn == api_complaint_resolve)
		return b_resolve;
	if (r->fn == api_erase)
		return b_erase;
	return NULL;
}

/* A small body by its declaration: texts into vals[], dates into days[]. */
static int small_body(struct api_req *a, const struct api_param *p, const char **vals, day_t *days,
                      const char *whys[5], int *nwhy)
{
	const struct jval *obj = a->body.root;
	enum lang lg = a->ac.lang;
	for (size_t i = 0; i < obj->n; i++) {
		const struct jval *m = &obj->kids[i];
		int k = -1;
		for (int j = 0; p[j].name; j++)
			if (!strcmp(p[j].name, m->key))
				k = j;
		if (k < 0)
			return api_error(a, 400, m->key, NULL, 0,
			                 L(lg, "is not a field of this request",
			                   "ist kein Feld dieser Anfrage"));
		if (p[k].type == AP_TEXTS) {
			if (m->type != JT_ARR || m->n > 5)
				return api_error(
				    a, 400, m->key, NULL, 0,
				    L(lg, "must be an array of at most five texts",
				      "muss ein Array von höchstens fünf Texten sein"));
			for (size_t w = 0; w < m->n; w++) {
				if (m->kids[w].type != JT_STR ||
				    !body_text_ok(m->kids[w].str, m->kids[w].len, 16384, 1))
					return api_error(a, 400, m->key, NULL, 0,
					                 L(lg, "must be an array of texts",
					                   "muss ein Array von Texten sein"));
				whys[w] = m->kids[w].str;
			}
			*nwhy = (int)m->n;
			continue;
		}
		if (member_text(a, &p[k], m, &vals[k], &days[k]))
			return -1;
		if (p[k].type == AP_ENUM && vals[k]) {
			int ok = 0;
			for (int c = 0; p[k].choices[c]; c++)
				ok |= !strcmp(p[k].choices[c], vals[k]);
			if (!ok)
				return api_error(a, 400, m->key, vals[k], 0,
				                 L(lg, "is not one of the values allowed",
				                   "ist keiner der erlaubten Werte"));
		}
	}
	for (int j = 0; p[j].name; j++)
		if (p[j].required && (!vals[j] || !*vals[j]))
			return api_error(a, 400, p[j].name, NULL, 0,
			                 L(lg, "is required", "ist nötig"));
	return 0;
}

int api_promise_close(struct api_req *a)
{
	const char *v[4] = {0}, *whys[5];
	day_t d[4] = {DAY_NONE, DAY_NONE, DAY_NONE, DAY_NONE};
	int nwhy = 0;
	struct app_entry en;
	struct app_close how;
	struct app_closed done;
	if (small_body(a, b_close, v, d, whys, &nwhy) || load(a, &en))
		return -1;
	memset(&how, 0, sizeof(how));
	how.status = !strcmp(v[0], "kept")     ? PROMISE_KEPT
	             : !strcmp(v[0], "broken") ? PROMISE_BROKEN
	                                       : PROMISE_RENEGOTIATED;
	how.on = v[1] ? d[1] : DAY_NONE;
	how.new_due = v[2] ? d[2] : DAY_NONE;
	how.what = v[3];
	int rc = 0;
	if (how.status == PROMISE_RENEGOTIATED && how.new_due == DAY_NONE)
		rc = api_error(a, 400, "new_due", NULL, 0,
		               L(a->ac.lang, "a renegotiated promise needs its new due date",
		                 "eine neu verhandelte Zusage braucht ihr neues "
		                 "Fälligkeitsdatum"));
	else if ((rc = app_promise_close(&a->ac, &en, &how, &done, &a->e)))
		write_failed(a, rc);
	if (rc == 0) {
		struct strbuf out = STRBUF_INIT;
		struct json j;
		char day[11];
		json_init(&j, &out, 0);
		json_obj_begin(&j);
		json_key(&j, "kind");
		json_str(&j, "promise");
		json_key(&j, "id");
		json_int(&j, en.id);
		json_key(&j, "status");
		json_str(&j, v[0]);
		json_key(&j, "closed_on");
		json_str(&j, day_format(done.on, day));
		if (done.follow_up) {
			json_key(&j, "follow_up");
			json_int(&j, done.follow_up);
		}
		json_key(&j, "late");
		json_bool(&j, done.late);
		json_obj_end(&j);
		answer_written(a, 200, &out);
		sb_release(&out);
	}
	app_entry_release(&en);
	return rc ? -1 : 0;
}

int api_complaint_resolve(struct api_req *a)
{
	const char *v[3] = {0}, *whys[5] = {0};
	day_t d[3] = {DAY_NONE, DAY_NONE, DAY_NONE};
	int nwhy = 0;
	struct app_entry en;
	struct app_close how;
	struct app_closed done;
	if (small_body(a, b_resolve, v, d, whys, &nwhy) || load(a, &en))
		return -1;
	memset(&how, 0, sizeof(how));
	how.root_cause = v[0];
	how.why = whys;
	how.nwhy = nwhy;
	how.on = v[2] ? d[2] : DAY_NONE;
	int rc = app_complaint_close(&a->ac, &en, &how, &done, &a->e);
	if (rc) {
		write_failed(a, rc);
	} else {
		struct strbuf out = STRBUF_INIT;
		struct json j;
		char day[11];
		json_init(&j, &out, 0);
		json_obj_begin(&j);
		json_key(&j, "kind");
		json_str(&j, "complaint");
		json_key(&j, "id");
		json_int(&j, en.id);
		json_key(&j, "status");
		json_str(&j, "resolved");
		json_key(&j, "resolved_on");
		json_str(&j, day_format(done.on, day));
		json_key(&j, "whys");
		json_int(&j, done.whys);
		json_obj_end(&j);
		answer_written(a, 200, &out);
		sb_release(&out);
	}
	app_entry_release(&en);
	return rc ? -1 : 0;
}

/* ---- GDPR ---- */
static int deliver_none(void *arg, struct err *e)
{
	(void)arg;
	(void)e;
	return 0;
}

int api_export(struct api_req *a)
{
	struct app_export x = {0};
	struct strbuf out = STRBUF_INIT;
	int rc = app_export(&a->ac, a->seg[0], &x, &a->e);
	if (rc) {
		api_err(a, rc == APP_BAD_REQUEST ? 400 : 404, &a->e);
	} else {
		report_export_json(&x, a->ac.today, &out);
		if ((rc = app_export_deliver(&a->ac, &x, 0, deliver_none, NULL, &a->e)))
			api_err(a, 500, &a->e);
		else
			answer_written(a, 200, &out);
	}
	app_export_release(&x);
	sb_release(&out);
	return rc ? -1 : 0;
}

int api_erase(struct api_req *a)
{
	const char *v[1] = {0}, *whys[5];
	day_t d[1];
	int nwhy = 0;
	struct app_erase x;
	memset(&x, 0, sizeof(x));
	if (small_body(a, b_erase, v, d, whys, &nwhy))
		return -1;
	int rc = app_erase_find(&a->ac, a->seg[0], &x, &a->e);
	if (rc) {
		api_err(a, 404, &a->e);
	} else if (strcmp(v[0], x.id.buf)) {
		rc = api_error(a, 400, "confirm", v[0], 0,
		               L(a->ac.lang, "must be the customer's id, as a confirmation",
		                 "muss die Nummer des Kunden sein, als Bestätigung"));
	} else if ((rc = app_erase(&a->ac, &x, &a->e)) && !x.erased) {
		api_err(a, 500, &a->e);
	} else {
		struct strbuf out = STRBUF_INIT;
		struct json j;
		json_init(&j, &out, 0);
		json_obj_begin(&j);
		json_key(&j, "customer_id");
		json_str(&j, x.id.buf);
		json_key(&j, "pseudonym");
		json_str(&j, x.pseudonym);
		json_key(&j, "orders");
		json_int(&j, x.orders);
		json_key(&j, "erased");
		json_bool(&j, 1);
		json_key(&j, "purged");
		json_bool(&j, rc == 0);
		json_obj_end(&j);
		answer_written(a, 200, &out);
		sb_release(&out);
		rc = 0;
	}
	app_erase_release(&x);
	return rc ? -1 : 0;
}

/* ---- imports ---- */
#define IMPORT_ERRORS_LISTED 1000

struct imp {
	struct api_req *a;
	struct json *j; /* the errors array */
	long bad, listed;
	struct strbuf plans; /* JSON members of the files' plans */
	struct strbuf preview;
};

static void imp_bad(void *cb, const struct err *e)
{
	struct imp *m = cb;
	m->bad++;
	if (m->listed >= IMPORT_ERRORS_LISTED)
		return;
	m->listed++;
	json_obj_begin(m->j);
	json_key(m->j, "line");
	if (e->line > 0)
		json_int(m->j, e->line);
	else
		json_null(m->j);
	json_key(m->j, "field");
	json_str(m->j, e->field[0] ? e->field : NULL);
	json_key(m->j, "value");
	json_str(m->j, e->field[0] ? e->value : NULL);
	json_key(m->j, "message");
	json_str(m->j, e->msg);
	json_obj_end(m->j);
}

static void imp_plan(void *cb, const struct ingest_plan *p)
{
	struct imp *m = cb;
	struct json j;
	char delim[2] = {p->delim, 0};
	int wb = p->format != SRC_CSV;
	if (m->plans.len > 1)
		sb_addch(&m->plans, ',');
	json_init(&j, &m->plans, 0);
	json_obj_begin(&j);
	json_key(&j, "format");
	json_str(&j, p->format == SRC_XLSX ? "xlsx" : p->format == SRC_XLS ? "xls" : "csv");
	json_key(&j, "sheet");
	json_str(&j, wb ? p->sheet : NULL);
	json_key(&j, "encoding");
	json_str(&j, wb ? NULL : ingest_enc_name(p->enc));
	json_key(&j, "delimiter");
	json_str(&j, wb ? NULL : delim);
	json_key(&j, "rows");
	json_int(&j, (int64_t)p->rows);
	json_key(&j, "columns");
	json_arr_begin(&j);
	for (int i = 0; i < p->ncol; i++) {
		int f = p->col_field[i];
		json_obj_begin(&j);
		json_key(&j, "column");
		json_str(&j, p->cols[i]);
		json_key(&j, "field");
		json_str(&j, f >= 0 ? ingest_fields[f].name : NULL);
		json_key(&j, "form");
		json_str(&j, f >= 0 ? p->form[f] : NULL);
		json_key(&j, "ignored");
		json_str(&j, f >= 0              ? NULL
		             : f == COL_IGNORED  ? "map"
		             : f == COL_SHADOWED ? "another column names this field"
		                                 : "names no field");
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
}

static void imp_preview(void *cb, const char *path, long line, int n, const char *const *names,
                        const char *const *values)
{
	struct imp *m = cb;
	struct json j;
	(void)path;
	if (m->preview.len > 1)
		sb_addch(&m->preview, ',');
	json_init(&j, &m->preview, 0);
	json_obj_begin(&j);
	json_key(&j, "line");
	json_int(&j, line);
	json_key(&j, "values");
	json_obj_begin(&j);
	for (int i = 0; i < n; i++) {
		json_key(&j, names[i]);
		json_str(&j, values[i]);
	}
	json_obj_end(&j);
	json_obj_end(&j);
}

int api_import(struct api_req *a)
{
	struct web_req *rq = a->rq;
	enum lang lg = a->ac.lang;
	const char *ct = web_header(rq, "Content-Type");
	/* CSV, or a workbook (.xlsx, .xls): the import tells them apart by their bytes */
	if (ct && !str_starts_with(ct, "text/csv") && !str_starts_with(ct, "text/plain") &&
	    !str_starts_with(ct, "application/octet-stream") &&
	    !str_starts_with(ct,
	                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") &&
	    !str_starts_with(ct, "application/vnd.ms-excel"))
		return api_error(
		    a, 415, "Content-Type", ct, 0,
		    L(lg, "an import takes a CSV body (text/csv) or a workbook (.xlsx, .xls)",
		      "ein Import nimmt einen CSV-Inhalt (text/csv) oder eine Arbeitsmappe "
		      "(.xlsx, .xls)"));
	if (!rq->body_len)
		return api_error(a, 400, NULL, NULL, 0,
		                 L(lg, "the body (the CSV file) is empty",
		                   "der Inhalt (die CSV-Datei) ist leer"));
	/* the body goes to a private file beside the database (a server's database: in
	 * the directory for uploads), read twice like any import */
	struct strbuf tmp = STRBUF_INIT, near = STRBUF_INIT;
	if (store_is_server(store_path(rq->st))) {
		const char *dir = rq->srv->cfg.upload_dir;
		sb_addf(&near, "%s/treue-api-upload", dir && *dir ? dir : "/tmp");
	} else {
		sb_adds(&near, store_path(rq->st));
	}
	int fd = tmpfile_beside(near.buf, &tmp), werr = 0;
	if (fd >= 0 && store_is_server(store_path(rq->st)))
		fchmod(fd, 0600); /* a shared directory: for this user only, before any byte */
	sb_release(&near);
	size_t off = 0;
	if (fd < 0)
		werr = errno;
	while (fd >= 0 && off < rq->body_len) {
		ssize_t w = write(fd, rq->body + off, rq->body_len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			werr = w < 0 ? errno : ENOSPC;
			break;
		}
		off += (size_t)w;
	}
	if (fd >= 0 && close(fd) && !werr)
		werr = errno;
	if (werr) {
		web_log(rq->srv, "import: the body cannot be kept: %s", strerror(werr));
		if (fd >= 0)
			unlink(tmp.buf);
		sb_release(&tmp);
		if (werr == ENOSPC || werr == EDQUOT)
			return api_error(a, 507, NULL, NULL, 0,
			                 L(lg, "the disk is full (free some space and try again)",
			                   "der Datenträger ist voll (bitte Platz schaffen und "
			                   "erneut versuchen)"));
		return api_error(
		    a, 500, NULL, NULL, 0,
		    L(lg, "the upload cannot be stored", "der Upload lässt sich nicht ablegen"));
	}
	const struct api_val *v;
	struct ingest_opts o;
	struct ingest_result r;
	struct strbuf out = STRBUF_INIT, errs = STRBUF_INIT;
	struct json je, j;
	struct imp m = {a, &je, 0, 0, STRBUF_INIT, STRBUF_INIT};
	sb_addch(&m.plans, '[');
	sb_addch(&m.preview, '[');
	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	o.kind = (enum ingest_kind)a->route->ikind;
	o.date_order = DATE_ORDER_UNKNOWN;
	if ((v = api_q(a, "date_order")))
		o.date_order = !strcmp(v->s, "dmy") ? DATE_ORDER_DMY : DATE_ORDER_MDY;
	o.enc = ENC_AUTO;
	if ((v = api_q(a, "encoding")))
		ingest_enc_parse(v->s, &o.enc);
	if ((v = api_q(a, "map"))) {
		o.maps = v->rep;
		o.nmaps = v->nrep;
	}
	if ((v = api_q(a, "scale"))) {
		o.scales = v->rep;
		o.nscales = v->nrep;
	}
	if ((v = api_q(a, "sheet")))
		o.sheet = v->s;
	o.dry_run = (v = api_q(a, "dry_run")) && v->i;
	o.preview = o.dry_run ? 5 : 0;
	o.cb = &m;
	o.on_bad = imp_bad;
	o.on_plan = imp_plan;
	o.on_preview = imp_preview;
	json_init(&je, &errs, 0);
	json_arr_begin(&je);
	const char *files[1] = {tmp.buf};
	err_init(&a->e, lg);
	int rc = app_import(&a->ac, &o, files, 1, &r, &a->e);
	unlink(tmp.buf);
	json_arr_end(&je);
	int status = rc == 0 ? 200 : web_disk_full_strip(&a->e) ? 507 : m.bad ? 422 : 400;
	json_init(&j, &out, 1);
	json_obj_begin(&j);
	json_key(&j, "status");
	json_int(&j, status);
	json_key(&j, "kind");
	json_str(&j, ingest_kind_name(o.kind));
	json_key(&j, "dry_run");
	json_bool(&j, o.dry_run);
	if (rc) {
		/* the message names the temporary file: say "body" instead */
		json_key(&j, "message");
		json_str(&j, a->e.msg);
		json_key(&j, "field");
		json_str(&j, a->e.field[0] ? a->e.field : NULL);
		json_key(&j, "value");
		json_str(&j, a->e.field[0] ? a->e.value : NULL);
		json_key(&j, "line");
		if (a->e.line > 0)
			json_int(&j, a->e.line);
		else
			json_null(&j);
	}
	struct strbuf sum = STRBUF_INIT;
	report_import_json(&r, &sum);
	json_key(&j, "summary");
	json_raw(&j, sum.buf, sum.len);
	sb_release(&sum);
	sb_addch(&m.plans, ']');
	sb_addch(&m.preview, ']');
	json_key(&j, "files");
	json_raw(&j, m.plans.buf, m.plans.len);
	json_key(&j, "preview");
	json_raw(&j, m.preview.buf, m.preview.len);
	json_key(&j, "errors");
	json_raw(&j, errs.buf, errs.len);
	json_key(&j, "errors_total");
	json_int(&j, m.bad);
	json_obj_end(&j);
	if (rc == 0)
		answer_written(a, status, &out);
	else
		api_json(a, status, &out);
	/* messages must not carry the temporary file's name */
	char *p;
	while ((p = strstr(a->rs->body.buf, tmp.buf))) {
		size_t tl = tmp.len;
		memcpy(p, "body", 4);
		memmove(p + 4, p + tl, a->rs->body.len - (size_t)(p - a->rs->body.buf) - tl + 1);
		a->rs->body.len -= tl - 4;
	}
	sb_release(&out);
	sb_release(&errs);
	sb_release(&m.plans);
	sb_release(&m.preview);
	sb_release(&tmp);
	return rc ? -1 : 0;
}
