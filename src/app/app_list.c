/*
 * app_list.c — the journal lists (`treue list KIND`, the GDPR export) and
 * the audit trail: one table of columns per kind gives the JSON keys, the
 * CSV header and the text layout (head line, short fields, long texts)
 * that every writer shares; the rows come from the kind's list statement
 * with the filter's parameters bound.
 */
#include <stdlib.h>
#include <string.h>

#include "app_int.h"

#define C_ID                                                                                       \
	{                                                                                          \
		"id", CT_INT, CR_ID, NULL, NULL                                                    \
	}
#define C_DATE                                                                                     \
	{                                                                                          \
		"date", CT_DAY, CR_DATE, NULL, NULL                                                \
	}
#define C_CUST                                                                                     \
	{                                                                                          \
		"customer_id", CT_TEXT, CR_CUST, NULL, NULL                                        \
	}
#define C_NAME                                                                                     \
	{                                                                                          \
		"name", CT_TEXT, CR_NAME, NULL, NULL                                               \
	}

static const struct app_col cols_dialog[] = {
    C_ID,
    C_DATE,
    C_CUST,
    C_NAME,
    {"channel", CT_TEXT, CR_SHORT, "channel", "Kanal"},
    {"touchpoint", CT_TOUCHPOINT, CR_SHORT, "touchpoint", "Kontaktpunkt"},
    {"employee", CT_TEXT, CR_SHORT, "employee", "Mitarbeiter"},
    {"support", CT_TEXT, CR_LONG, "support", "unterstützen"},
    {"improve", CT_TEXT, CR_LONG, "improve", "besser machen"},
    {"notes", CT_TEXT, CR_LONG, "notes", "Notizen"},
    {"follow_up", CT_DAY, CR_SHORT, "follow-up", "Wiedervorlage"},
};
static const struct app_col cols_promise[] = {
    C_ID,
    C_CUST,
    C_NAME,
    {"made_on", CT_DAY, CR_SHORT, "made on", "zugesagt am"},
    {"due_on", CT_DAY, CR_DATE, "due", "fällig"},
    {"what", CT_TEXT, CR_LONG, "what", "was"},
    {"owner", CT_TEXT, CR_SHORT, "owner", "verantwortlich"},
    {"status", CT_STATUS, CR_SHORT, "status", "Status"},
    {"closed_on", CT_DAY, CR_SHORT, "closed on", "abgeschlossen am"},
    {"renegotiated_to", CT_INT, CR_SHORT, "replaced by", "ersetzt durch"},
};
static const struct app_col cols_complaint[] = {
    C_ID,
    C_DATE,
    C_CUST,
    C_NAME,
    {"reason", CT_REASON, CR_SHORT, "reason", "Grund"},
    {"reason_text", CT_TEXT, CR_SHORT, "as said", "Wortlaut"},
    {"description", CT_TEXT, CR_LONG, "description", "Beschreibung"},
    {"status", CT_STATUS, CR_SHORT, "status", "Status"},
    {"resolved_on", CT_DAY, CR_SHORT, "resolved on", "erledigt am"},
    {"why1", CT_TEXT, CR_LONG, "why 1", "Warum 1"},
    {"why2", CT_TEXT, CR_LONG, "why 2", "Warum 2"},
    {"why3", CT_TEXT, CR_LONG, "why 3", "Warum 3"},
    {"why4", CT_TEXT, CR_LONG, "why 4", "Warum 4"},
    {"why5", CT_TEXT, CR_LONG, "why 5", "Warum 5"},
    {"root_cause", CT_TEXT, CR_LONG, "root cause", "Ursache"},
    {"owner", CT_TEXT, CR_SHORT, "owner", "verantwortlich"},
    {"age_days", CT_INT, CR_SHORT, "days open", "Tage offen"},
};
static const struct app_col cols_story[] = {
    C_ID,
    C_DATE,
    {"kind", CT_STATUS, CR_SHORT, "kind", "Art"},
    C_CUST,
    C_NAME,
    {"employee", CT_TEXT, CR_SHORT, "employee", "Mitarbeiter"},
    {"situation", CT_TEXT, CR_LONG, "situation", "Situation"},
    {"what", CT_TEXT, CR_LONG, "act", "Tat"},
    {"outcome", CT_TEXT, CR_LONG, "WOW", "WOW"},
};
static const struct app_col cols_referral[] = {
    C_ID,
    C_DATE,
    {"from_customer", CT_TEXT, CR_CUST, NULL, NULL},
    {"from_name", CT_TEXT, CR_NAME, NULL, NULL},
    {"to_customer", CT_TEXT, CR_CUST2, NULL, NULL},
    {"to_name", CT_TEXT, CR_NAME2, NULL, NULL},
};
static const struct app_col cols_departure[] = {
    C_ID,
    C_DATE,
    C_CUST,
    C_NAME,
    {"reason", CT_TEXT, CR_LONG, "reason", "Grund"},
    {"competitor", CT_TEXT, CR_SHORT, "competitor", "Wettbewerber"},
};
static const struct app_col cols_survey[] = {
    C_ID,
    C_DATE,
    C_CUST,
    C_NAME,
    {"satisfaction", CT_SCORE, CR_SHORT, "satisfaction", "Zufriedenheit"},
    {"recommend", CT_SCORE, CR_SHORT, "recommend", "Weiterempfehlung"},
    {"value", CT_SCORE, CR_SHORT, "perceived value", "wahrgenommener Nutzen"},
    {"comment", CT_TEXT, CR_LONG, "comment", "Kommentar"},
};

#define LAYOUT(k, cols, plural)                                                                    \
	{                                                                                          \
		k, cols, (int)ARRAY_SIZE(cols), plural                                             \
	}
const struct app_layout app_layouts[JK__COUNT] = {
    LAYOUT(JK_DIALOG, cols_dialog, "dialogs"),
    LAYOUT(JK_PROMISE, cols_promise, "promises"),
    LAYOUT(JK_COMPLAINT, cols_complaint, "complaints"),
    LAYOUT(JK_STORY, cols_story, "stories"),
    LAYOUT(JK_REFERRAL, cols_referral, "referrals"),
    LAYOUT(JK_DEPARTURE, cols_departure, "departures"),
    LAYOUT(JK_SURVEY, cols_survey, "surveys"),
};

/* The list statement of each kind: the columns in the layout's order. */
static const enum db_stmt list_stmt[JK__COUNT] = {
    ST_J_L_DIALOGS,   ST_J_L_PROMISES,   ST_J_L_COMPLAINTS, ST_J_L_STORIES,
    ST_J_L_REFERRALS, ST_J_L_DEPARTURES, ST_J_L_SURVEYS,
};

void app_list_filter_init(struct app_list_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->from = f->to = DAY_NONE;
	f->due_within = -1;
}

void app_list_release(struct app_list *l)
{
	free(l->cells);
	free(l->texts);
	free(l->keys);
	memset(l, 0, sizeof(*l));
}

/* The rows of a list statement with the filter bound (the parameters of
 * stmt_journal.def): ?1 customer, ?2/?3 dates, ?4 employee, ?6 open only,
 * ?7 open and due on or before, ?8 open and due before, ?9 the journal's
 * D; at most limit rows (0: all). */
static int read_rows(struct store *st, enum journal_kind k, int64_t cust, day_t due_until,
                     day_t due_before, day_t D, long limit, const struct app_list_filter *f,
                     struct app_list *out, struct err *e)
{
	const struct app_layout *lay = &app_layouts[k];
	struct strbuf texts = STRBUF_INIT;
	size_t alloc = 0, kalloc = 0, nc = (size_t)lay->ncols;
	struct stmt *s = store_stmt(st, list_stmt[k]);
	int rc;
	stmt_int_or_null(s, 1, cust, 0);
	stmt_int_or_null(s, 2, f->from, DAY_NONE);
	stmt_int_or_null(s, 3, f->to, DAY_NONE);
	stmt_text(s, 4, f->employee);
	stmt_int(s, 6, f->open);
	stmt_int_or_null(s, 7, due_until, DAY_NONE);
	stmt_int_or_null(s, 8, due_before, DAY_NONE);
	stmt_int(s, 9, D);
	out->lay = lay;
	while ((rc = stmt_step(s, e)) == 1) {
		if (limit > 0 && out->nrows >= (size_t)limit)
			break;
		ALLOC_GROW(out->keys, (out->nrows + 1) * 2, kalloc);
		out->keys[out->nrows * 2] = col_int_or(s, (int)nc, 0);
		out->keys[out->nrows * 2 + 1] =
		    k == JK_REFERRAL ? col_int_or(s, (int)nc + 1, 0) : 0;
		ALLOC_GROW(out->cells, (out->nrows + 1) * nc, alloc);
		struct app_cell *row = &out->cells[out->nrows * nc];
		for (size_t i = 0; i < nc; i++) {
			struct app_cell *cell = &row[i];
			memset(cell, 0, sizeof(*cell));
			cell->null = col_isnull(s, (int)i);
			if (cell->null)
				continue;
			switch (lay->cols[i].type) {
			case CT_INT:
			case CT_DAY:
			case CT_SCORE: cell->num = col_int(s, (int)i); break;
			default:
				/* an offset into the texts until they stop moving */
				cell->num = (int64_t)texts.len;
				sb_adds(&texts, col_text(s, (int)i));
				sb_addch(&texts, '\0');
			}
		}
		out->nrows++;
	}
	stmt_reset(s);
	out->texts = sb_detach(&texts);
	for (size_t r = 0; r < out->nrows; r++)
		for (size_t i = 0; i < nc; i++) {
			struct app_cell *cell = &out->cells[r * nc + i];
			int text = lay->cols[i].type != CT_INT && lay->cols[i].type != CT_DAY &&
			           lay->cols[i].type != CT_SCORE;
			if (text && !cell->null) {
				cell->text = out->texts + cell->num;
				cell->num = 0;
			}
		}
	return rc < 0 ? APP_ERR : 0;
}

/* The column of the layout named name, or -1. */
static int col_named(const struct app_layout *lay, const char *name)
{
	for (int i = 0; i < lay->ncols; i++)
		if (!strcmp(lay->cols[i].name, name))
			return i;
	return -1;
}

/* Keeps the rows whose customers pass the filters (a referral: either
 * side; a promise or a complaint: its holder, else the account manager,
 * for the owner), at most limit. */
static int filter_rows(const struct app_ctx *c, enum journal_kind k,
                       const struct app_list_filter *f, struct app_list *out, struct err *e)
{
	const struct app_filter flt = {f->owner, f->region, f->industry, f->segment};
	struct app_journal_sel js;
	int oc = k == JK_PROMISE || k == JK_COMPLAINT ? col_named(out->lay, "owner") : -1;
	const char **extra = NULL;
	size_t nextra = 0, nc = (size_t)out->lay->ncols, n = 0;
	if (oc >= 0) {
		extra = xmalloc(sizeof(*extra) * (out->nrows + 1));
		for (size_t r = 0; r < out->nrows; r++) {
			const struct app_cell *v = app_list_cell(out, r, oc);
			if (!v->null && *v->text)
				extra[nextra++] = v->text;
		}
	}
	int rc = app_journal_select(c, &flt, app_journal_as_of(c), oc >= 0 ? APP_SEL_NO_OWNER : 0,
	                            extra, nextra, &js, e);
	free(extra);
	if (rc)
		return rc;
	for (size_t r = 0; r < out->nrows; r++) {
		const int64_t *key = &out->keys[r * 2];
		int pass = app_journal_selected(&js, key[0]) ||
		           (key[1] && app_journal_selected(&js, key[1]));
		if (pass && oc >= 0) {
			const struct app_cell *v = app_list_cell(out, r, oc);
			const char *holder =
			    !v->null && *v->text ? v->text : app_journal_owner_of(&js, key[0]);
			pass = app_selection_owner(&js.sel, holder);
		}
		if (!pass || (f->limit > 0 && n >= (size_t)f->limit))
			continue;
		memmove(&out->cells[n * nc], &out->cells[r * nc], sizeof(*out->cells) * nc);
		memmove(&out->keys[n * 2], key, sizeof(*key) * 2);
		n++;
	}
	out->nrows = n;
	app_journal_sel_release(&js);
	return 0;
}

int app_list(const struct app_ctx *c, enum journal_kind k, const struct app_list_filter *f,
             struct app_list *out, struct err *e)
{
	int64_t cust = 0;
	day_t D = app_journal_as_of(c), today = D - 1;
	const struct app_filter flt = {f->owner, f->region, f->industry, f->segment};
	int filtered = app_filter_given(&flt);
	memset(out, 0, sizeof(*out));
	out->lay = &app_layouts[k];
	if (f->customer && app_customer_find(c, f->customer, &cust, NULL, e))
		return APP_ERR;
	day_t until = DAY_NONE;
	if (f->due_within >= 0 && day_add(today, f->due_within, &until)) {
		err_set(e,
		        L(e->lang, "--due-within: %d days from today " DAY_RANGE_EN,
		          "--due-within: %d Tage ab heute " DAY_RANGE_DE),
		        f->due_within);
		return APP_BAD_REQUEST;
	}
	int rc = read_rows(c->st, k, cust, until, f->overdue ? D : DAY_NONE, D,
	                   filtered ? 0 : f->limit, f, out, e);
	if (rc == 0 && filtered)
		rc = filter_rows(c, k, f, out, e);
	return rc;
}

/* The entries of one customer, every one (the export). */
int app_list_of(const struct app_ctx *c, enum journal_kind k, int64_t cust, struct app_list *out,
                struct err *e)
{
	struct app_list_filter f;
	app_list_filter_init(&f);
	memset(out, 0, sizeof(*out));
	return read_rows(c->st, k, cust, DAY_NONE, DAY_NONE, app_journal_as_of(c), 0, &f, out, e);
}

void app_audit_release(struct app_audit *a)
{
	free(a->v);
	jpool_release(&a->pool);
	memset(a, 0, sizeof(*a));
}

/* The audit entries about customer `cust` (0: any) from `since` (ISO day
 * or NULL). */
int app_audit_read(const struct app_ctx *c, const char *since, int64_t cust, struct app_audit *out,
                   struct err *e)
{
	struct stmt *s = store_stmt(c->st, ST_J_AUDIT_LIST);
	size_t alloc = 0;
	int rc;
	stmt_text(s, 1, since);
	stmt_int_or_null(s, 2, cust, 0);
	while ((rc = stmt_step(s, e)) == 1) {
		ALLOC_GROW(out->v, out->n + 1, alloc);
		struct app_audit_entry *a = &out->v[out->n++];
		a->id = col_int(s, 0);
		a->at = jpool_dup(&out->pool, col_text(s, 1));
		a->who = jpool_dup(&out->pool, col_text(s, 2));
		a->action = jpool_dup(&out->pool, col_text(s, 3));
		a->detail = jpool_dup(&out->pool, col_text(s, 4));
		a->rows = col_int(s, 5);
		a->customer_id = jpool_dup(&out->pool, col_text(s, 6));
	}
	stmt_reset(s);
	return rc < 0 ? APP_ERR : 0;
}

int app_audit_list(const struct app_ctx *c, day_t since, const char *who, struct app_audit *out,
                   struct err *e)
{
	int64_t cust = 0;
	char d[11];
	memset(out, 0, sizeof(*out));
	if (who && app_customer_find(c, who, &cust, NULL, e))
		return APP_ERR;
	return app_audit_read(c, since != DAY_NONE ? day_format(since, d) : NULL, cust, out, e);
}

int app_audit_find(const struct app_ctx *c, const struct app_audit_filter *f, struct app_audit *out,
                   struct err *e)
{
	char until[11];
	size_t kept = 0;
	int rc = app_audit_list(c, f->since, f->customer, out, e);
	if (rc)
		return rc;
	if (f->until != DAY_NONE)
		day_format(f->until, until);
	for (size_t i = 0; i < out->n; i++) {
		const struct app_audit_entry *a = &out->v[i];
		/* `at` is YYYY-MM-DDTHH:MM:SSZ: its day compares as text */
		if (f->until != DAY_NONE && (!a->at || strncmp(a->at, until, 10) > 0))
			continue;
		if (f->user && (!a->who || !str_eq_nocase(a->who, f->user)))
			continue;
		out->v[kept++] = *a;
	}
	out->n = kept;
	return 0;
}
