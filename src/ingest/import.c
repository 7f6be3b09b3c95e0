/*
 * import.c — `treue import KIND FILE...` without the printing: the two
 * passes over each file and the one transaction around all of them.
 *
 * Pass 1 reads the file once: encoding and delimiter are detected as the
 * scanner starts, the header is mapped to fields, and every value of every
 * date and money column is shown to that column's judge.  A file is a CSV
 * file or a sheet of a workbook (struct rowsrc); a workbook's number and
 * date cells are taken as they are and not shown to the judges (a number
 * cell has no decimal mark to judge), its text cells are judged like CSV.  Then the column
 * forms are decided (slash-date order, decimal mark) — from the whole
 * column, never from one value.  Pass 2 reads the file again, parses every
 * row with those decisions and writes it through the store's record API,
 * which also does the deduplication and creates unknown customers.  Orders
 * whose ids rise past every stored one are written in batches (they cannot
 * be repeats), and a large file's second pass is parsed on a helper thread
 * while this one writes.  A large CSV file of orders into an empty orders
 * table is read once when its first rows settle the forms (one_read): the
 * rows are kept only if the whole file, judged as they are read, decides
 * the same forms.
 *
 * Two passes instead of a sample: a judgement from the first N rows could
 * be contradicted at row 20,000,000 after most of the work is done, and a
 * column really is judged as a whole.  The cost is reading the file twice
 * (the scanner is a small fraction of the time the inserts take; the second
 * read usually comes from the page cache).  Memory stays bounded: a few
 * chunks of parsed rows, a batch of orders, plus a map of customer ids
 * (the store's cache; in a first load into a database without customers,
 * the helper thread's own, from which it numbers them: store_fresh.c).
 * Inputs that cannot be read twice (pipes) are refused with a message.
 *
 * All or nothing: with a bad row and no rejects file nothing is written
 * (the transaction is rolled back), but reading goes on to list every bad
 * row.  With a rejects file the bad rows are written there, the good ones
 * imported.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest.h"

#define PROGRESS_EVERY 16384

struct fstate {
	struct date_judge dj;
	struct money_judge mj;
	enum date_order order;
	char mark;
	uint64_t cells; /* workbook date cells (date fields), number cells (money fields) */
	struct strbuf form;
};

/* One row's values, by field. */
struct row {
	const char *t[F__COUNT]; /* trimmed text; NULL when empty or no column */
	day_t d[F__COUNT];
	int64_t m[F__COUNT];
	int s[F__COUNT];
	int w[F__COUNT]; /* status / story kind */
	const char *touchpoint;
	uint64_t cust_hash; /* of t[F_CUSTOMER_ID] when has_hash (store_customer_hash) */
	int has_hash;
	int64_t key; /* the customer's key given by the parsing thread (store_keys), or 0 */
	int new_key; /* ... the first time: the customer is to be created */
};

struct run {
	enum lang lang; /* of every message: the caller's struct err's */
	struct store *st;
	const struct ingest_opts *o;
	struct ingest_result *r;
	struct scale scale[F__COUNT];
	enum field kf[16]; /* the kind's fields */
	int nkf;

	FILE *rej;
	struct strbuf rej_header; /* the header line last written to rej */
	int rej_any;

	/* the file being read */
	const char *path;
	struct rowsrc *src;
	int ncol;
	char **cols;
	struct colmap map;
	struct fstate fs[F__COUNT];
	struct strbuf unused_maps;

	/* the row being read */
	struct strbuf scratch;
	struct strbuf reasons;
	struct strbuf change; /* a correction's old and new values, for the audit */
	int row_bad;
	struct chunk *chunk;         /* the helper thread's run: bad rows' reports go here */
	int one_read;                /* the second pass runs on forms decided by the first rows
	                              * (see one_read): the helper judges every row too */
	uint64_t one_read_rows;      /* the rows it judged */
	int file_index;              /* of the file being read, in files[] */
	struct store_orders *orders; /* a file of orders for a server database: its rows,
	                              * written as one stream at its end */

	/* orders known to be new, not yet written (see put_new_order) */
	int fast;             /* new orders go to the batch */
	struct strbuf max_id; /* the largest order id stored or in the batch */
	int have_max;         /* max_id holds one */
	struct rec_order_new *batch;
	size_t *batch_off; /* of each row's order id in batch_ids */
	size_t nbatch;
	struct strbuf batch_ids;
};

/* Orders written together by store_put_new_orders. */
#define BATCH_ROWS 1024

/* Files of orders with at least this many rows are bulk loads: orders_by_cust
 * is filled once at the end, sorted (bulk_begin). */
#define BULK_ROWS 100000

/* ---- small helpers ---- */

static int is_blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

static int row_blank(const struct rowsrc *c)
{
	for (int i = 0; i < c->nf; i++) {
		char ch = c->f[i][0];
		if (ch != ' ' && ch != '\t' && ch != '\0')
			return 0; /* the usual row: its first field starts with text */
		if (!is_blank(c->f[i]))
			return 0;
	}
	return 1;
}

/* Trims spaces and tabs; returns the start, *n the length. */
static const char *trim(const char *s, size_t *n)
{
	size_t len = strlen(s);
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	*n = len;
	return s;
}

/* The field of column col in the current record ("" when the row is short). */
static const char *cell(const struct run *R, int col)
{
	return col >= 0 && col < R->src->nf ? R->src->f[col] : "";
}

/* What a workbook cell held; CELL_TEXT for CSV and missing cells. */
static enum cell_type cell_type(const struct run *R, int col)
{
	const struct rowsrc *s = R->src;
	return s->type && col >= 0 && col < s->nf ? (enum cell_type)s->type[col] : CELL_TEXT;
}

/* Copies a value into the error record for people: at most ~100 bytes, cut
 * at a character boundary, line breaks as spaces. */
static void err_value(struct err *e, const char *v)
{
	size_t n = 0, max = sizeof(e->value) - 8;
	for (; v[n] && n < max; n++)
		e->value[n] = (v[n] == '\n' || v[n] == '\r' || v[n] == '\t') ? ' ' : v[n];
	if (v[n]) {
		while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
			n--; /* v[n] is the first byte not kept: not inside a character */
		memcpy(e->value + n, "\xe2\x80\xa6", 3);
		n += 3;
	}
	e->value[n] = '\0';
}

struct chunk;
static void chunk_err(struct chunk *c, const struct err *e);

/* Reports one bad value of the current row, in column col (-1: the row). */
static void bad_at(struct run *R, int f, int col, const char *value, const char *msg)
{
	struct err e;
	err_init(&e, R->lang);
	rowsrc_where(R->src, col, &e);
	if (f >= 0)
		snprintf(e.field, sizeof(e.field), "%s", ingest_fields[f].name);
	err_value(&e, value);
	snprintf(e.msg, sizeof(e.msg), "%s", msg);
	R->row_bad = 1;
	if (R->chunk) { /* the helper thread: the caller's thread reports it */
		chunk_err(R->chunk, &e);
		return;
	}
	if (R->o->on_bad)
		R->o->on_bad(R->o->cb, &e);
	if (R->rej) {
		if (R->reasons.len)
			sb_adds(&R->reasons, "; ");
		err_format(&e, &R->reasons);
	}
	R->row_bad = 1;
}

/* Reports one bad value of field f (-1: the row) of the current row. */
static void bad(struct run *R, int f, const char *value, const char *msg)
{
	bad_at(R, f, f >= 0 ? R->map.field_col[f] : -1, value, msg);
}

/* A word the vocabulary does not know, with the valid ones:
 * field "status": "maybe" is not known; valid: open, kept, broken, renegotiated */
static void bad_word(struct run *R, enum field f, const char *value, enum vocab_class c)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, L(R->lang, "is not known; ", "ist unbekannt; "));
	vocab_valid(c, R->lang, &sb);
	bad(R, (int)f, value, sb.buf);
	sb_release(&sb);
}

static void progress(struct run *R, int pass, int done)
{
	if (R->o->on_progress)
		R->o->on_progress(R->o->cb, pass, R->path, done ? R->src->size : R->src->consumed,
		                  R->src->size);
}

/* ---- rejects ---- */

/* A cell of the rejects file: formulas guarded (csv_cell); the cells of
 * date, amount and score columns are written as numbers are. */
static void rej_field(struct strbuf *sb, const char *s, char delim, int first, int text)
{
	if (!first)
		sb_addch(sb, delim);
	csv_cell(sb, s, delim, text);
}

/* Whether column col holds text (not dates, amounts or scores). */
static int col_is_text(const struct run *R, int col)
{
	int f = col < R->ncol ? R->map.col_field[col] : COL_UNMAPPED;
	return f < 0 || (ingest_fields[f].type != FT_DATE && ingest_fields[f].type != FT_MONEY &&
	                 ingest_fields[f].type != FT_SCORE);
}

/* Writes the current row with its reasons, after this file's header when
 * that is not the header written last.  CSV input keeps its delimiter; a
 * workbook's rows are written with the one Excel expects in the language
 * (comma, semicolon in German), their cells as text. */
static void write_reject(struct run *R)
{
	struct strbuf line = STRBUF_INIT;
	const struct csv *csv = R->src->csv;
	char d = csv ? csv->delim : *L(R->lang, ",", ";");
	for (int i = 0; i < R->ncol; i++)
		rej_field(&line, R->cols[i], d, i == 0, 1);
	rej_field(&line, L(R->lang, "rejected because", "abgelehnt weil"), d, R->ncol == 0, 1);
	sb_addch(&line, '\n');
	if (!R->rej_any && (!csv || csv->dec.bom || csv->dec.enc == ENC_CP1252))
		fputs("\xef\xbb\xbf", R->rej); /* so that Excel reads it as UTF-8 */
	if (strcmp(line.buf, R->rej_header.buf)) {
		fputs(line.buf, R->rej);
		sb_reset(&R->rej_header);
		sb_adds(&R->rej_header, line.buf);
	}
	R->rej_any = 1;
	sb_reset(&line);
	int n = R->src->nf > R->ncol ? R->src->nf : R->ncol;
	for (int i = 0; i < n; i++)
		rej_field(&line, cell(R, i), d, i == 0, col_is_text(R, i));
	rej_field(&line, R->reasons.buf, d, n == 0, 1);
	sb_addch(&line, '\n');
	fputs(line.buf, R->rej);
	sb_release(&line);
}

/* ---- pass 2: one row ---- */

static void parse_row(struct run *R, struct row *v)
{
	size_t off[F__COUNT];
	int have[F__COUNT] = {0};
	enum ingest_kind k = R->o->kind;
	char msg[160];

	sb_reset(&R->scratch);
	for (int i = 0; i < R->nkf; i++) {
		enum field f = R->kf[i];
		int col = R->map.field_col[f];
		size_t n;
		const char *s = trim(cell(R, col), &n);
		/* Excel's ="0815" (text that keeps its leading zeros) */
		if (n >= 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"')
			s += 2, n -= 3;
		/* '=x: the formula guard of CSV files written by treue (csv_text) */
		else if (n >= 2 && csv_unguard(s) != s)
			s++, n--;
		off[f] = R->scratch.len;
		sb_add(&R->scratch, s, n);
		sb_addch(&R->scratch, '\0');
		have[f] = n > 0;
	}
	for (int i = 0; i < R->nkf; i++) {
		enum field f = R->kf[i];
		v->t[f] = have[f] ? R->scratch.buf + off[f] : NULL;
		v->d[f] = DAY_NONE;
		v->m[f] = MONEY_NONE;
		v->s[f] = SCORE_NONE;
		v->w[f] = 0;
	}
	v->touchpoint = NULL;
	v->has_hash = 0;
	v->key = v->new_key = 0;

	for (int c = R->ncol; c < R->src->nf; c++)
		if (!is_blank(R->src->f[c])) {
			snprintf(msg, sizeof(msg),
			         L(R->lang, "the row has %d fields, the header only %d",
			           "die Zeile hat %d Felder, die Kopfzeile nur %d"),
			         R->src->nf, R->ncol);
			bad_at(R, -1, R->src->sheet ? c : -1, R->src->sheet ? R->src->f[c] : "",
			       msg);
			break;
		}

	for (int i = 0; i < R->nkf; i++) {
		enum field f = R->kf[i];
		const char *t = v->t[f], *why;
		enum cell_type ct = cell_type(R, R->map.field_col[f]);
		if (!t) {
			if (kind_field(k, f) == 2)
				bad(R, (int)f, "", L(R->lang, "is required", "fehlt"));
			continue;
		}
		if (ct == CELL_ERROR) {
			bad(R, (int)f, t,
			    L(R->lang, "is an error value in the workbook",
			      "ist ein Fehlerwert der Arbeitsmappe"));
			continue;
		}
		switch (ingest_fields[f].type) {
		case FT_ID: {
			const char *start;
			size_t n;
			if (ingest_id_check(t, &start, &n, &why, R->lang)) /* t is trimmed */
				bad(R, (int)f, t, why);
			break;
		}
		case FT_TEXT: break;
		case FT_DATE:
			if (ct == CELL_DATE)
				v->d[f] = R->src->day[R->map.field_col[f]];
			else if (date_parse(t, R->fs[f].order, &v->d[f], &why, R->lang))
				bad(R, (int)f, t, why);
			break;
		case FT_MONEY:
			if (ct == CELL_NUMBER
			        ? cell_number_cents(t, &v->m[f], &why, R->lang)
			        : money_parse(t, R->fs[f].mark, &v->m[f], &why, R->lang))
				bad(R, (int)f, t, why);
			break;
		case FT_SCORE: {
			int got = score_read(t, &R->scale[f], &v->s[f]);
			if (got == -1) {
				bad(R, (int)f, t, L(R->lang, "is not a number", "ist keine Zahl"));
			} else if (got == -2) {
				struct strbuf sc = STRBUF_INIT;
				scale_format(&R->scale[f], &sc);
				snprintf(
				    msg, sizeof(msg),
				    L(R->lang,
				      "is outside the scale %s (give the scale with --scale "
				      "MIN-MAX)",
				      "liegt außerhalb der Skala %s (Skala mit --scale MIN-MAX "
				      "angeben)"),
				    sc.buf);
				sb_release(&sc);
				bad(R, (int)f, t, msg);
			}
			break;
		}
		case FT_WORD:
			if (f == F_TOUCHPOINT) {
				v->touchpoint = touchpoint_parse(t);
			} else if (f == F_KIND) {
				enum story_kind sk;
				if (story_kind_parse(t, &sk))
					bad_word(R, f, t, VOCAB_STORY_KIND);
				v->w[f] = (int)sk;
			} else if (k == KIND_PROMISES) {
				enum promise_status ps;
				if (promise_status_parse(t, &ps))
					bad_word(R, f, t, VOCAB_PROMISE_STATUS);
				v->w[f] = (int)ps;
			} else {
				enum complaint_status cs;
				if (complaint_status_parse(t, &cs))
					bad_word(R, f, t, VOCAB_COMPLAINT_STATUS);
				v->w[f] = (int)cs;
			}
			break;
		}
	}
}

/* ---- pass 2: orders known to be new ----
 *
 * An order whose id is above the largest one stored and above every one
 * before it in the file (byte order; ERP systems number their documents
 * rising) cannot be there yet: it needs no lookup for a duplicate or a
 * correction, and is written with many others in one statement.  Any other
 * row first writes the batch, then goes the way of a single row, so rows
 * are written in the order of the file either way. */

static int flush_batch(struct run *R, struct err *e)
{
	if (!R->nbatch)
		return 0;
	for (size_t i = 0; i < R->nbatch; i++)
		R->batch[i].order_id = R->batch_ids.buf + R->batch_off[i];
	int rc = store_put_new_orders(R->st, R->batch, R->nbatch, e);
	R->nbatch = 0;
	sb_reset(&R->batch_ids);
	return rc;
}

/* Takes the largest stored order id (all rows written so far included). */
static int start_batches(struct run *R, struct err *e)
{
	if (flush_batch(R, e))
		return -1;
	int rc = store_max_order_id(R->st, &R->max_id, e);
	if (rc < 0)
		return -1;
	R->have_max = rc;
	R->fast = 1;
	if (!R->batch) {
		R->batch = xcalloc(BATCH_ROWS, sizeof(*R->batch));
		R->batch_off = xcalloc(BATCH_ROWS, sizeof(*R->batch_off));
	}
	return 0;
}

/* Whether the order id id is above every one stored or seen (and then
 * the largest). */
static int order_id_new(struct run *R, const char *id)
{
	if (!id)
		return 0;
	if (R->have_max && strcmp(id, R->max_id.buf) <= 0)
		return 0;
	sb_reset(&R->max_id);
	sb_adds(&R->max_id, id);
	R->have_max = 1;
	return 1;
}

/* Adds a new order to the batch: its customer is looked up (or created,
 * and named from a name column) now, as for a single row.  1 or -1. */
static int put_new_order(struct run *R, const struct row *v, struct err *e)
{
	int64_t key = v->key;
	int rc = key           ? 0
	         : v->has_hash ? store_customer_key_hashed(R->st, v->t[F_CUSTOMER_ID], v->cust_hash,
	                                                   1, &key, e)
	                       : store_customer_key(R->st, v->t[F_CUSTOMER_ID], 1, &key, e);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		R->r->created++;
		if (v->t[F_NAME] &&
		    store_fill_customer_name(R->st, v->t[F_CUSTOMER_ID], v->t[F_NAME], e))
			return -1;
	}
	struct rec_order_new *o = &R->batch[R->nbatch];
	o->cust = key;
	o->date = v->d[F_DATE];
	o->revenue = v->m[F_REVENUE];
	o->margin = v->m[F_MARGIN];
	R->batch_off[R->nbatch++] = R->batch_ids.len;
	sb_adds(&R->batch_ids, v->t[F_ORDER_ID]);
	sb_addch(&R->batch_ids, '\0');
	if (R->nbatch == BATCH_ROWS && flush_batch(R, e))
		return -1;
	return 1;
}

/* Writes one parsed row; 1 new, 0 already there, 2 corrected (old and new
 * values in R->change), 3 put into the file's batch of orders (counted at
 * its end), -1 error. */
static int put_row(struct run *R, const struct row *v, int *as_other, struct err *e)
{
	struct store *st = R->st;
	int64_t *cr = &R->r->created;
	*as_other = 0;
	sb_reset(&R->change);
	switch (R->o->kind) {
	case KIND_CUSTOMERS: {
		struct rec_customer c = {v->t[F_CUSTOMER_ID],     v->t[F_NAME],
		                         v->t[F_INDUSTRY],        v->t[F_REGION],
		                         v->t[F_OWNER],           v->d[F_ACQUIRED_ON],
		                         v->m[F_ACQUISITION_COST]};
		return store_put_customer_diff(st, &c, &R->change, e);
	}
	case KIND_ORDERS: {
		struct rec_order o = {v->t[F_CUSTOMER_ID], v->t[F_ORDER_ID], v->d[F_DATE],
		                      v->m[F_REVENUE], v->m[F_MARGIN]};
		/* a customer the parsing thread numbered, met for the first
		 * time: created now under that key (named from a name column);
		 * a row that is not a batch's finds it by its id (the store
		 * inserts the pending customers before it looks one up) */
		if (v->new_key) {
			if (store_customer_add(st, o.customer_id, v->key, v->t[F_NAME], e))
				return -1;
			(*cr)++;
		}
		/* a name column names the customers this file creates */
		if (R->orders)
			return store_orders_put(R->orders, &o, v->t[F_NAME], e) ? -1 : 3;
		if (R->fast) {
			if (order_id_new(R, o.order_id))
				return put_new_order(R, v, e);
			if (flush_batch(R, e))
				return -1;
		}
		int64_t before = *cr;
		int rc = store_put_order_diff(st, &o, cr, &R->change, e);
		/* a name column names the customers this file creates */
		if (rc >= 0 && *cr > before && v->t[F_NAME] &&
		    store_fill_customer_name(st, v->t[F_CUSTOMER_ID], v->t[F_NAME], e))
			return -1;
		return rc;
	}
	case KIND_SURVEYS: {
		struct rec_survey s = {v->t[F_CUSTOMER_ID], v->d[F_DATE],  v->s[F_SATISFACTION],
		                       v->s[F_RECOMMEND],   v->s[F_VALUE], v->t[F_COMMENT]};
		return store_put_survey(st, &s, cr, NULL, e);
	}
	case KIND_DIALOGS: {
		const char *tp = v->t[F_TOUCHPOINT];
		if (tp && !v->touchpoint)
			*as_other = 1;
		struct rec_dialog d = {
		    v->t[F_CUSTOMER_ID], v->d[F_DATE],
		    v->t[F_CHANNEL],     tp ? (v->touchpoint ? v->touchpoint : "other") : NULL,
		    v->t[F_EMPLOYEE],    v->t[F_SUPPORT],
		    v->t[F_IMPROVE],     v->t[F_NOTES],
		    v->d[F_FOLLOW_UP]};
		return store_put_dialog(st, &d, cr, NULL, e);
	}
	case KIND_PROMISES: {
		struct rec_promise p = {v->t[F_CUSTOMER_ID], v->d[F_MADE_ON],
		                        v->d[F_DUE_ON],      v->t[F_WHAT],
		                        v->t[F_OWNER],       (enum promise_status)v->w[F_STATUS],
		                        v->d[F_CLOSED_ON]};
		return store_put_promise(st, &p, cr, NULL, e);
	}
	case KIND_COMPLAINTS: {
		const char *cr0 = reason_parse(v->t[F_REASON]);
		enum complaint_status status = (enum complaint_status)v->w[F_STATUS];
		if (!v->t[F_STATUS] && v->d[F_RESOLVED_ON] != DAY_NONE)
			status = COMPLAINT_RESOLVED;
		*as_other = !cr0;
		struct rec_complaint c = {
		    v->t[F_CUSTOMER_ID],
		    v->d[F_DATE],
		    cr0 ? cr0 : "other",
		    cr0 ? NULL : v->t[F_REASON],
		    v->t[F_DESCRIPTION],
		    status,
		    v->d[F_RESOLVED_ON],
		    {v->t[F_WHY1], v->t[F_WHY2], v->t[F_WHY3], v->t[F_WHY4], v->t[F_WHY5]},
		    v->t[F_ROOT_CAUSE],
		    v->t[F_OWNER],
		};
		return store_put_complaint(st, &c, cr, NULL, e);
	}
	case KIND_STORIES: {
		struct rec_story s = {v->d[F_DATE],
		                      v->t[F_WHAT],
		                      v->t[F_CUSTOMER_ID],
		                      v->t[F_EMPLOYEE],
		                      v->t[F_SITUATION],
		                      v->t[F_OUTCOME],
		                      (enum story_kind)v->w[F_KIND]};
		return store_put_story(st, &s, cr, NULL, e);
	}
	case KIND_REFERRALS: {
		struct rec_referral f = {v->t[F_FROM_CUSTOMER], v->t[F_TO_CUSTOMER], v->d[F_DATE]};
		return store_put_referral(st, &f, cr, NULL, e);
	}
	case KIND_DEPARTURES: {
		struct rec_departure d = {v->t[F_CUSTOMER_ID], v->d[F_DATE], v->t[F_REASON],
		                          v->t[F_COMPETITOR]};
		return store_put_departure(st, &d, cr, NULL, e);
	}
	default: break;
	}
	return err_set(e, "BUG: unknown kind");
}

/* The row as text for a dry run's preview. */
static void preview(struct run *R, const struct row *v)
{
	const char *names[F__COUNT], *vals[F__COUNT];
	size_t off[F__COUNT];
	struct strbuf sb = STRBUF_INIT;
	int n = 0;
	for (int i = 0; i < R->nkf; i++) {
		enum field f = R->kf[i];
		char buf[40];
		if (R->map.field_col[f] < 0)
			continue;
		names[n] = ingest_fields[f].name;
		off[n] = sb.len;
		if (!v->t[f])
			;
		else if (v->d[f] != DAY_NONE)
			sb_adds(&sb, day_format(v->d[f], buf));
		else if (v->m[f] != MONEY_NONE)
			sb_adds(&sb, money_format(v->m[f], buf));
		else if (v->s[f] != SCORE_NONE)
			sb_addf(&sb, "%d.%d", v->s[f] / 10, v->s[f] % 10);
		else if (f == F_STATUS)
			sb_adds(&sb,
			        vocab_code(R->o->kind == KIND_PROMISES ? VOCAB_PROMISE_STATUS
			                                               : VOCAB_COMPLAINT_STATUS,
			                   v->w[f]));
		else if (f == F_KIND)
			sb_adds(&sb, vocab_code(VOCAB_STORY_KIND, v->w[f]));
		else if (f == F_TOUCHPOINT)
			sb_adds(&sb, v->touchpoint ? v->touchpoint : "other");
		else if (f == F_REASON && R->o->kind == KIND_COMPLAINTS) {
			const char *cr = reason_parse(v->t[f]);
			sb_adds(&sb, cr ? cr : "other");
		} else
			sb_adds(&sb, v->t[f]);
		sb_addch(&sb, '\0');
		n++;
	}
	for (int i = 0; i < n; i++)
		vals[i] = sb.buf + off[i];
	R->o->on_preview(R->o->cb, R->path, R->src->line, n, names, vals);
	sb_release(&sb);
}

/* ---- pass 1 ---- */

/* Shows the current row's date and money values to their columns' judges. */
static void judge_row(struct run *R)
{
	for (int i = 0; i < R->nkf; i++) {
		enum field f = R->kf[i];
		int col = R->map.field_col[f];
		if (col < 0)
			continue;
		/* number, date and error cells: nothing to judge */
		enum cell_type ct = cell_type(R, col);
		if (ingest_fields[f].type == FT_DATE) {
			if (ct == CELL_DATE)
				R->fs[f].cells++;
			else if (ct != CELL_ERROR)
				date_judge_add(&R->fs[f].dj, cell(R, col));
		} else if (ingest_fields[f].type == FT_MONEY) {
			if (ct == CELL_NUMBER)
				R->fs[f].cells++;
			else if (ct == CELL_TEXT)
				money_judge_add(&R->fs[f].mj, cell(R, col));
		}
	}
}

/* Forgets what the judges saw. */
static void judges_reset(struct run *R)
{
	for (int f = 0; f < F__COUNT; f++) {
		memset(&R->fs[f].dj, 0, sizeof(R->fs[f].dj));
		memset(&R->fs[f].mj, 0, sizeof(R->fs[f].mj));
		R->fs[f].cells = 0;
	}
}

/* The first pass from the current record on: every row judged and counted
 * into *rows; it stops after row stop_at (0: never).  0 at the end of the
 * file, 1 stopped, -1 error. */
static int pass1(struct run *R, uint64_t stop_at, uint64_t *rows, struct err *e)
{
	int rc;
	while ((rc = rowsrc_next(R->src, e)) == 1) {
		if (row_blank(R->src))
			continue;
		++*rows;
		if (*rows % PROGRESS_EVERY == 0)
			progress(R, 1, 0);
		judge_row(R);
		if (stop_at && *rows == stop_at)
			return 1;
	}
	return rc < 0 ? -1 : 0;
}

/* Reads the header record (the first one that is not blank). */
static int read_header(struct run *R, struct err *e)
{
	int rc;
	while ((rc = rowsrc_next(R->src, e)) == 1 && row_blank(R->src))
		;
	if (rc < 0)
		return -1;
	if (rc == 0) {
		err_clear(e);
		rowsrc_where(R->src, -1, e);
		e->line = 0;
		return err_set(e,
		               L(R->lang, "is empty: no header line", "ist leer: keine Kopfzeile"));
	}
	return 0;
}

static int file_err(struct run *R, struct err *e, int f, const char *fmt, ...) ATTR_PRINTF(4, 5);
static int file_err(struct run *R, struct err *e, int f, const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb = STRBUF_INIT;
	err_clear(e);
	rowsrc_where(R->src, -1, e);
	e->line = 0;
	if (f >= 0 && R->map.field_col[f] >= 0)
		sb_addf(&sb, L(R->lang, "column \"%s\" (%s): ", "Spalte \"%s\" (%s): "),
		        R->cols[R->map.field_col[f]], ingest_fields[f].name);
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	snprintf(e->msg, sizeof(e->msg), "%s", sb.buf);
	sb_release(&sb);
	return -1;
}

/* Decides each column's form from what the judges saw. */
static int decide(struct run *R, struct err *e)
{
	int german = R->src->csv && R->src->csv->delim == ';';
	uint64_t sc = 0, sp = 0, dmy = 0, mdy = 0;
	for (int i = 0; i < R->nkf; i++) {
		enum field f = R->kf[i];
		if (R->map.field_col[f] < 0)
			continue;
		struct fstate *fs = &R->fs[f];
		if (ingest_fields[f].type == FT_DATE) {
			german |= fs->dj.dotted > 0;
			dmy += fs->dj.dmy_votes;
			mdy += fs->dj.mdy_votes;
		} else if (ingest_fields[f].type == FT_MONEY) {
			sc += fs->mj.strong_comma;
			sp += fs->mj.strong_point;
		}
	}
	char dflt = sc > sp ? ',' : sp > sc ? '.' : german ? ',' : '.';
	enum date_order file_order = dmy > mdy   ? DATE_ORDER_DMY
	                             : mdy > dmy ? DATE_ORDER_MDY
	                                         : DATE_ORDER_UNKNOWN;
	for (int i = 0; i < R->nkf; i++) {
		enum field f = R->kf[i];
		struct fstate *fs = &R->fs[f];
		if (R->map.field_col[f] < 0)
			continue;
		sb_reset(&fs->form);
		switch (ingest_fields[f].type) {
		case FT_DATE:
			fs->order = R->o->date_order;
			if (fs->order == DATE_ORDER_UNKNOWN)
				fs->order = date_judge_order(&fs->dj);
			if (fs->order == DATE_ORDER_UNKNOWN)
				fs->order = file_order;
			if (fs->order == DATE_ORDER_UNKNOWN && fs->dj.slash)
				return file_err(
				    R, e, (int)f,
				    L(R->lang,
				      "dates like 03/04/2026 can be day or month first, and no "
				      "date in the file shows which; say --date-order dmy "
				      "(day/month) or --date-order mdy (month/day)",
				      "Daten wie 03/04/2026 können mit dem Tag oder dem Monat "
				      "beginnen, und kein Datum der Datei zeigt es; bitte "
				      "--date-order dmy (Tag/Monat) oder --date-order mdy "
				      "(Monat/Tag) angeben"));
			if (fs->cells && !fs->dj.values) {
				sb_adds(&fs->form, L(R->lang, "date cells", "Datumszellen"));
				break;
			}
			date_judge_describe(&fs->dj, fs->order, &fs->form, R->lang);
			if (fs->cells)
				sb_adds(&fs->form,
				        L(R->lang, ", and date cells", ", dazu Datumszellen"));
			break;
		case FT_MONEY: {
			struct strbuf cur = STRBUF_INIT;
			const struct money_judge *j = &fs->mj;
			if (money_judge_currencies(j, &cur) > 1) {
				file_err(R, e, (int)f,
				         L(R->lang, "the column mixes currencies (%s)",
				           "die Spalte mischt Währungen (%s)"),
				         cur.buf);
				sb_release(&cur);
				return -1;
			}
			fs->mark = money_judge_mark(j, dflt);
			if (fs->cells && !j->values) {
				sb_adds(&fs->form, L(R->lang, "number cells", "Zahlzellen"));
				sb_release(&cur);
				break;
			}
			sb_adds(&fs->form, fs->mark == ',' ? L(R->lang, "decimal comma (1.234,56)",
			                                       "Dezimalkomma (1.234,56)")
			                                   : L(R->lang, "decimal point (1,234.56)",
			                                       "Dezimalpunkt (1,234.56)"));
			if (j->strong_comma || j->strong_point)
				sb_adds(&fs->form, L(R->lang, ", as the column shows",
				                     ", wie die Spalte zeigt"));
			else if (j->weak_comma || j->weak_point)
				sb_adds(&fs->form,
				        L(R->lang, ", as values like 1.234 can only be grouped",
				          ", da Werte wie 1.234 nur gruppiert sein können"));
			else if (sc || sp)
				sb_adds(&fs->form, L(R->lang, ", as the file's other amounts show",
				                     ", wie die anderen Beträge der Datei zeigen"));
			else
				sb_adds(&fs->form,
				        german
				            ? L(R->lang, ", the German default (no value shows it)",
				                ", deutsche Vorgabe (kein Wert zeigt es)")
				            : L(R->lang, ", the default (no value shows it)",
				                ", Vorgabe (kein Wert zeigt es)"));
			if (cur.len)
				sb_addf(&fs->form, "; %s", cur.buf);
			if (fs->cells)
				sb_adds(&fs->form,
				        L(R->lang, "; and number cells", "; dazu Zahlzellen"));
			sb_release(&cur);
			break;
		}
		case FT_SCORE: {
			struct strbuf sc_ = STRBUF_INIT;
			scale_format(&R->scale[f], &sc_);
			sb_addf(&fs->form,
			        L(R->lang, "scale %s, stored as 0-10",
			          "Skala %s, gespeichert als 0-10"),
			        sc_.buf);
			sb_release(&sc_);
			break;
		}
		default: break;
		}
	}
	return 0;
}

/* A correction of the file's batch of orders: audited. */
static int audit_correction(void *arg, const char *change, struct err *e)
{
	struct run *R = arg;
	return store_audit(R->st, "import correction", 0, change, 1, e);
}

static void free_file(struct run *R)
{
	store_orders_abort(R->orders);
	R->orders = NULL;
	rowsrc_free(R->src);
	R->src = NULL;
	for (int i = 0; i < R->ncol; i++)
		free(R->cols[i]);
	free(R->cols);
	R->cols = NULL;
	R->ncol = 0;
	colmap_release(&R->map);
	for (int f = 0; f < F__COUNT; f++)
		sb_release(&R->fs[f].form);
	sb_release(&R->unused_maps);
}

/* ---- pass 2: one parsed row, in the caller's thread ---- */

/* Counts a bad row and writes it to the rejects (R->reasons filled). */
static void bad_row(struct run *R)
{
	R->r->bad_rows++;
	if (R->rej) {
		write_reject(R);
		R->r->rejected++;
	}
}

/* Writes a good row (nothing once a row was bad and there is no rejects
 * file: then only the bad rows are listed).  0 or -1. */
static int take_row(struct run *R, struct row *v, struct err *e)
{
	struct ingest_result *r = R->r;
	if (r->bad_rows && !R->o->rejects)
		return 0;
	int as_other;
	int put = put_row(R, v, &as_other, e);
	if (put < 0) {
		if (!e->file[0])
			rowsrc_where(R->src, -1, e);
		return -1;
	}
	if (put == 3)
		return 0; /* in the file's stream to a server: counted at its end */
	if (put == 2) {
		r->updated++;
		if (store_audit(R->st, "import correction", 0, R->change.buf, 1, e))
			return -1;
	} else if (put) {
		r->imported++;
		r->as_other += as_other;
	} else
		r->present++;
	return 0;
}

/* ---- pass 2 on two threads ----
 *
 * A large file is read and parsed by a helper thread while this one
 * writes: the helper runs rowsrc_next and parse_row on its own copy of the
 * run and hands the parsed rows over in chunks (CHUNKS of them in flight,
 * so memory stays bounded).  The reports of bad rows travel with them and
 * are given to on_bad here, in the order of the file: every callback is
 * called from the caller's thread, as with one thread.  The written result
 * is the same row for row.  Into a database without customers the helper
 * also gives each customer its key (store_keys), a chunk at a time with
 * each slot prefetched a few rows ahead. */

#define CHUNK_ROWS 1024
#define CHUNKS 4

/* Rows between the prefetch of a customer's slot and its lookup. */
#define PREFETCH_AHEAD 8

/* A file of at least this many rows is parsed on a helper thread. */
static uint64_t two_thread_rows(uint64_t bulk_rows)
{
	return bulk_rows < 20000 ? bulk_rows : 20000;
}

struct pval {
	uint32_t toff; /* of the text in the row's texts; UINT32_MAX: none */
	day_t d;
	int64_t m;
	int s, w;
};

struct prow {
	long line;
	uint64_t consumed;
	size_t text; /* the row's texts (parse_row's scratch) in chunk text */
	int bad;
	int err0, nerr; /* its reports in chunk errs */
	int raw0, nraw; /* a bad row's fields (for the rejects) in chunk raw */
	const char *touchpoint;
	uint64_t cust_hash; /* of the customer id, when has_hash */
	int has_hash;
	int64_t key; /* given by the helper (store_keys), or 0 */
	int new_key;
	uint32_t cust_toff; /* the customer id in the row's texts, when has_hash */
	struct pval v[16];
};

struct chunk {
	struct prow rows[CHUNK_ROWS];
	int n;
	struct strbuf text;
	struct err *errs;
	int nerr, aerr;
	size_t *raw;
	int nraw, araw;
};

static void chunk_err(struct chunk *c, const struct err *e)
{
	if (c->nerr == c->aerr) {
		c->aerr = c->aerr ? c->aerr * 2 : 16;
		c->errs = xrealloc(c->errs, (size_t)c->aerr * sizeof(*c->errs));
	}
	c->errs[c->nerr++] = *e;
}

struct helper {
	struct run P; /* the helper's run: its own scratch, the real rowsrc */
	struct chunk *ch;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	uint64_t filled, taken; /* chunks handed over, chunks given back */
	int done, stop, rc;     /* rc: of the last rowsrc_next (0 end, -1 error) */
	uint64_t rows;          /* one read: rows judged */
	struct err err;
	struct store_keys *keys; /* the customers' keys, given here (a database without
	                          * customers: store_fresh.c), or NULL */
};

/* The helper thread: fills chunk after chunk. */
static void *helper_main(void *arg)
{
	struct helper *h = arg;
	struct run *R = &h->P;
	struct err e;
	int rc = 0;
	err_init(&e, R->lang);
	for (;;) {
		pthread_mutex_lock(&h->mu);
		while (h->filled - h->taken == CHUNKS && !h->stop)
			pthread_cond_wait(&h->cv, &h->mu);
		int stop = h->stop;
		pthread_mutex_unlock(&h->mu);
		if (stop)
			break;
		struct chunk *c = &h->ch[h->filled % CHUNKS];
		c->n = c->nerr = c->nraw = 0;
		sb_reset(&c->text);
		R->chunk = c;
		while (c->n < CHUNK_ROWS && (rc = rowsrc_next(R->src, &e)) == 1) {
			if (row_blank(R->src))
				continue;
			struct prow *p = &c->rows[c->n++];
			struct row v;
			p->line = R->src->line;
			p->consumed = R->src->consumed;
			p->err0 = c->nerr;
			R->row_bad = 0;
			if (R->one_read) {
				judge_row(R);
				h->rows++;
			}
			parse_row(R, &v);
			p->bad = R->row_bad;
			p->nerr = c->nerr - p->err0;
			p->text = c->text.len;
			sb_add(&c->text, R->scratch.buf, R->scratch.len);
			p->touchpoint = v.touchpoint;
			/* the writing thread's lookup of the customer starts from it */
			p->has_hash = !p->bad && v.t[F_CUSTOMER_ID];
			p->key = p->new_key = 0;
			if (p->has_hash) {
				p->cust_hash = store_customer_hash(v.t[F_CUSTOMER_ID]);
				p->cust_toff = (uint32_t)(v.t[F_CUSTOMER_ID] - R->scratch.buf);
			}
			for (int i = 0; i < R->nkf; i++) {
				enum field f = R->kf[i];
				p->v[i].toff =
				    v.t[f] ? (uint32_t)(v.t[f] - R->scratch.buf) : UINT32_MAX;
				p->v[i].d = v.d[f];
				p->v[i].m = v.m[f];
				p->v[i].s = v.s[f];
				p->v[i].w = v.w[f];
			}
			p->raw0 = c->nraw;
			p->nraw = 0;
			if (p->bad && R->rej) {
				for (int i = 0; i < R->src->nf; i++) {
					if (c->nraw == c->araw) {
						c->araw = c->araw ? c->araw * 2 : 64;
						c->raw = xrealloc(c->raw, (size_t)c->araw *
						                              sizeof(*c->raw));
					}
					c->raw[c->nraw++] = c->text.len;
					sb_adds(&c->text, R->src->f[i]);
					sb_addch(&c->text, '\0');
				}
				p->nraw = R->src->nf;
			}
		}
		/* the customers' keys, a chunk at a time: each slot on its way
		 * into the cache a few rows before its lookup */
		for (int i = 0; h->keys && i < c->n; i++) {
			struct prow *p = &c->rows[i];
			if (i + PREFETCH_AHEAD < c->n && c->rows[i + PREFETCH_AHEAD].has_hash)
				store_keys_prefetch(h->keys, c->rows[i + PREFETCH_AHEAD].cust_hash);
			if (p->has_hash)
				p->key =
				    store_keys_take(h->keys, c->text.buf + p->text + p->cust_toff,
				                    p->cust_hash, &p->new_key);
		}
		pthread_mutex_lock(&h->mu);
		if (c->n)
			h->filled++;
		if (rc != 1) {
			h->done = 1;
			h->rc = rc;
			h->err = e;
		}
		pthread_cond_broadcast(&h->cv);
		pthread_mutex_unlock(&h->mu);
		if (rc != 1)
			break;
	}
	return NULL;
}

/* Gives one parsed row to take_row (or to bad_row) through view, a
 * rowsrc showing the row's line, progress and (bad rows) fields. */
static int replay(struct run *R, struct chunk *c, struct prow *p, struct rowsrc *view,
                  struct row *v, struct err *e)
{
	struct ingest_result *r = R->r;
	view->line = p->line;
	view->consumed = p->consumed;
	view->nf = 0;
	r->rows++;
	if (r->rows % PROGRESS_EVERY == 0)
		progress(R, 2, 0);
	if (p->bad) {
		R->row_bad = 1;
		sb_reset(&R->reasons);
		for (int i = 0; i < p->nerr; i++) {
			const struct err *be = &c->errs[p->err0 + i];
			if (R->o->on_bad)
				R->o->on_bad(R->o->cb, be);
			if (R->rej) {
				if (R->reasons.len)
					sb_adds(&R->reasons, "; ");
				err_format(be, &R->reasons);
			}
		}
		view->f = xrealloc(view->f, ((size_t)p->nraw + 1) * sizeof(*view->f));
		for (int i = 0; i < p->nraw; i++)
			view->f[i] = c->text.buf + c->raw[p->raw0 + i];
		view->nf = p->nraw;
		bad_row(R);
		return 0;
	}
	/* v is zero but for the kind's fields, which every row sets (a row is
	 * over a kilobyte, mostly other kinds' fields) */
	for (int i = 0; i < R->nkf; i++) {
		enum field f = R->kf[i];
		v->t[f] = p->v[i].toff == UINT32_MAX ? NULL : c->text.buf + p->text + p->v[i].toff;
		v->d[f] = p->v[i].d;
		v->m[f] = p->v[i].m;
		v->s[f] = p->v[i].s;
		v->w[f] = p->v[i].w;
	}
	v->touchpoint = p->touchpoint;
	v->cust_hash = p->cust_hash;
	v->has_hash = p->has_hash;
	v->key = p->key;
	v->new_key = p->new_key;
	return take_row(R, v, e);
}

/* 0 or -1; one read (R->one_read): 1 when a bad row stopped it, and the
 * judges of R filled from the helper's on success. */
static int pass2_threaded(struct run *R, struct err *e)
{
	struct helper *h = xcalloc(1, sizeof(*h));
	struct rowsrc *src = R->src, view = *src;
	struct csv csv;
	struct row v; /* each row's values (replay) */
	int rc = 0;

	memset(&v, 0, sizeof(v));
	h->P = *R;
	if (R->one_read) /* the helper judges the whole file afresh */
		judges_reset(&h->P);
	sb_init(&h->P.scratch);
	sb_init(&h->P.reasons);
	sb_init(&h->P.change);
	h->ch = xcalloc(CHUNKS, sizeof(*h->ch));
	for (int i = 0; i < CHUNKS; i++)
		sb_init(&h->ch[i].text);
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	/* the rows as the writing side sees them: the rejects and messages
	 * read the delimiter and the encoding of a copy of the scanner */
	if (src->csv) {
		csv = *src->csv;
		view.csv = &csv;
	}
	view.type = NULL;
	view.day = NULL;
	view.f = NULL;
	view.nf = 0;
	R->src = &view;

	/* the first orders of a database without customers: the helper gives
	 * the customers their keys as it meets them */
	if (R->o->kind == KIND_ORDERS && !R->orders && !R->o->dry_run) {
		int64_t next;
		int fresh = store_fresh_customers(R->st, &next, e);
		if (fresh < 0) {
			R->src = src;
			rc = -1;
			goto out;
		}
		if (fresh)
			h->keys = store_keys_new(next);
	}

	pthread_t th;
	if (pthread_create(&th, NULL, helper_main, h)) {
		R->src = src;
		rc = err_set(e, L(R->lang, "cannot start a thread", "kann keinen Thread starten"));
		goto out;
	}
	for (;;) {
		pthread_mutex_lock(&h->mu);
		while (h->taken == h->filled && !h->done)
			pthread_cond_wait(&h->cv, &h->mu);
		int more = h->taken < h->filled;
		pthread_mutex_unlock(&h->mu);
		if (!more)
			break;
		struct chunk *c = &h->ch[h->taken % CHUNKS];
		for (int i = 0; i < c->n && !rc; i++) {
			/* one read: a bad row's report must wait for the whole
			 * file's forms; the file is read twice instead */
			if (R->one_read && c->rows[i].bad) {
				rc = 1;
				break;
			}
			/* the customer of a row a few ahead: on its way into the cache */
			if (!h->keys && i + PREFETCH_AHEAD < c->n &&
			    c->rows[i + PREFETCH_AHEAD].has_hash)
				store_customer_prefetch(R->st,
				                        c->rows[i + PREFETCH_AHEAD].cust_hash);
			rc = replay(R, c, &c->rows[i], &view, &v, e);
		}
		pthread_mutex_lock(&h->mu);
		h->taken++;
		if (rc)
			h->stop = 1;
		pthread_cond_broadcast(&h->cv);
		pthread_mutex_unlock(&h->mu);
		if (rc)
			break;
	}
	pthread_join(th, NULL);
	R->src = src;
	if (!rc && h->rc < 0) {
		*e = h->err;
		rc = -1;
	}
	if (!rc && R->one_read) { /* what the helper's judges saw */
		for (int f = 0; f < F__COUNT; f++) {
			R->fs[f].dj = h->P.fs[f].dj;
			R->fs[f].mj = h->P.fs[f].mj;
			R->fs[f].cells = h->P.fs[f].cells;
		}
		R->one_read_rows = h->rows;
	}
out:
	store_keys_free(h->keys);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
	for (int i = 0; i < CHUNKS; i++) {
		sb_release(&h->ch[i].text);
		free(h->ch[i].errs);
		free(h->ch[i].raw);
	}
	free(h->ch);
	sb_release(&h->P.scratch);
	sb_release(&h->P.reasons);
	sb_release(&h->P.change);
	free(h);
	free(view.f);
	return rc < 0 ? -1 : rc;
}

/* Files of orders with at least this many rows are bulk loads. */
static uint64_t bulk_rows_setting(void)
{
	const char *bulk = getenv("TREUE_BULK_ROWS"); /* tests run the bulk path on small files */
	return bulk && *bulk ? strtoull(bulk, NULL, 10) : BULK_ROWS;
}

/* A large file of orders (rows of them): orders_by_cust, the orders in
 * customer order, is filled once at the commit from one sort of the rows
 * the import wrote (store_orders_bulk_begin) rather than inserted into row
 * by row in the file's random customer order. */
static int bulk_begin(struct run *R, uint64_t rows, struct err *e)
{
	const struct ingest_opts *o = R->o;
	if (o->kind == KIND_ORDERS && !o->dry_run && rows >= bulk_rows_setting())
		return store_orders_bulk_begin(R->st, e);
	return 0;
}

/* What the first pass found, for the caller (rows of the file). */
static void plan(struct run *R, uint64_t rows)
{
	const struct ingest_opts *o = R->o;
	if (!o->on_plan)
		return;
	struct ingest_plan p;
	memset(&p, 0, sizeof(p));
	p.path = R->path;
	p.format = R->src->format;
	p.sheet = R->src->sheet;
	if (R->src->csv) {
		p.enc = R->src->csv->dec.enc;
		p.bom = R->src->csv->dec.bom;
		p.sep_line = R->src->csv->sep_line;
		p.delim = R->src->csv->delim;
	}
	p.rows = rows;
	p.ncol = R->ncol;
	p.cols = R->cols;
	p.col_field = R->map.col_field;
	for (int f = 0; f < F__COUNT; f++)
		p.form[f] = R->fs[f].form.len ? R->fs[f].form.buf : NULL;
	p.unused_maps = R->unused_maps.buf;
	o->on_plan(o->cb, &p);
}

/* ---- one read ----
 *
 * A large CSV file of orders going into an empty orders table is read
 * once, not twice, when its first ONE_READ_ROWS rows settle the columns'
 * forms: the second pass runs on those forms at once, inside a savepoint,
 * and the helper thread shows every value to fresh judges as it parses.
 * At the end the forms are decided from the whole file, as always; only
 * when they are the forms the rows were read with are the rows kept (they
 * are then exactly the rows two reads would have written).  Otherwise —
 * other forms, or a bad row, whose report must not go out before the
 * forms are known — the savepoint is rolled back and the file read twice.
 * An error is reported as two reads would have: after the first pass's
 * own errors and the forms' (the first pass is run for them). */

#define ONE_READ_ROWS 65536

/* How many first rows decide the forms of a read-once file; 0: read twice. */
static uint64_t one_read_first(struct run *R)
{
	const struct ingest_opts *o = R->o;
	if (o->kind != KIND_ORDERS || o->dry_run || !R->src->csv || store_orders_streamed(R->st))
		return 0;
	const char *env = getenv("TREUE_ONE_READ_ROWS"); /* tests: small files, or 0 */
	uint64_t n = env && *env ? strtoull(env, NULL, 10) : ONE_READ_ROWS;
	if (!n)
		return 0;
	/* an empty table: the savepoint has no stored rows or index pages to
	 * keep copies of, and undoing it is cheap */
	struct err e;
	err_init(&e, R->lang);
	struct stmt *s = store_stmt(R->st, ST_DS_ORDER_BOUND);
	int64_t bound = stmt_step(s, &e) == 1 ? col_int(s, 0) : -1;
	stmt_reset(s);
	return bound == 0 ? n : 0;
}

/* The file read once on the forms decided from its first rows (first of
 * them).  0 done (rows written, plan given), 1 to be read twice (nothing
 * of it kept), -1 error. */
static int one_read(struct run *R, uint64_t first, struct err *e)
{
	struct ingest_result saved = *R->r;
	enum date_order order[F__COUNT];
	char mark[F__COUNT];
	for (int f = 0; f < F__COUNT; f++) {
		order[f] = R->fs[f].order;
		mark[f] = R->fs[f].mark;
	}
	/* the file's rows, estimated from its first ones: a large file
	 * is a bulk load */
	uint64_t est = R->src->consumed ? first * (R->src->size / R->src->consumed + 1) : first;
	if (bulk_begin(R, est, e) || stmt_exec(store_stmt(R->st, ST_IMPORT_SAVEPOINT), e))
		return -1;
	if (rowsrc_rewind(R->src, e) || read_header(R, e) || start_batches(R, e))
		return -1;
	R->one_read = 1;
	int rc = pass2_threaded(R, e);
	R->one_read = 0;
	if (rc == 0)
		rc = flush_batch(R, e);
	if (rc == 0) {
		/* the whole file's forms: an error here is the import's */
		if (decide(R, e))
			return -1;
		int same = 1;
		for (int i = 0; i < R->nkf; i++) {
			enum field f = R->kf[i];
			if (R->map.field_col[f] < 0)
				continue;
			if (ingest_fields[f].type == FT_DATE && order[f] != R->fs[f].order)
				same = 0;
			if (ingest_fields[f].type == FT_MONEY && mark[f] != R->fs[f].mark)
				same = 0;
		}
		if (same) {
			if (stmt_exec(store_stmt(R->st, ST_IMPORT_RELEASE), e))
				return -1;
			progress(R, 1, 1);
			plan(R, R->one_read_rows);
			return 0;
		}
	} else if (rc < 0) {
		/* reported as two reads would: the first pass's errors first */
		struct err failed = *e;
		uint64_t rows = 0;
		judges_reset(R);
		if (rowsrc_rewind(R->src, e) || read_header(R, e) || pass1(R, 0, &rows, e) < 0 ||
		    decide(R, e))
			return -1;
		plan(R, rows);
		*e = failed;
		return -1;
	}
	/* a bad row, or other forms: nothing of this read is kept */
	if (stmt_exec(store_stmt(R->st, ST_IMPORT_ROLLBACK_TO), e) ||
	    stmt_exec(store_stmt(R->st, ST_IMPORT_RELEASE), e) ||
	    store_orders_bulk_undone(R->st, e))
		return -1;
	store_forget_cache(R->st);
	*R->r = saved;
	R->nbatch = 0;
	sb_reset(&R->batch_ids);
	R->fast = 0;
	return 1;
}

static int import_file(struct run *R, const char *path, struct err *e)
{
	const struct ingest_opts *o = R->o;
	struct ingest_result *r = R->r;
	int rc;
	uint64_t rows = 0, n = 0;
	int64_t imported_before = r->imported + r->updated;
	int previewed = 0;

	R->path = path;
	for (int f = 0; f < F__COUNT; f++) {
		memset(&R->fs[f], 0, sizeof(R->fs[f]));
		sb_init(&R->fs[f].form);
	}
	sb_init(&R->unused_maps);
	R->src = rowsrc_open(path, o->sheet, o->enc, e);
	if (!R->src)
		return -1;

	/* pass 1: header, then every value of the date and money columns */
	if (read_header(R, e))
		return -1;
	R->ncol = R->src->nf;
	R->cols = xcalloc((size_t)R->ncol + 1, sizeof(*R->cols));
	for (int i = 0; i < R->ncol; i++) {
		size_t len;
		const char *s = trim(R->src->f[i], &len);
		R->cols[i] = xstrndup(s, len);
	}
	if (colmap_build(&R->map, o->kind, R->ncol, R->cols, o->maps, o->nmaps, &R->unused_maps,
	                 e)) {
		rowsrc_where(R->src, -1, e);
		return -1;
	}
	/* a large file of orders into an empty table: read once if its first
	 * rows show the columns' forms (one_read) */
	uint64_t first = one_read_first(R);
	rc = pass1(R, first, &rows, e);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		struct err de;
		err_init(&de, R->lang);
		if (!decide(R, &de)) {
			int orc = one_read(R, rows, e);
			if (orc < 0)
				return -1;
			if (orc == 0)
				goto written;
			/* back to two reads: the first pass again from the start */
			judges_reset(R);
			rows = 0;
			if (rowsrc_rewind(R->src, e) || read_header(R, e))
				return -1;
		}
		if (pass1(R, 0, &rows, e) < 0)
			return -1;
	}
	progress(R, 1, 1);
	if (decide(R, e))
		return -1;
	uint64_t bulk_rows = bulk_rows_setting();
	if (bulk_begin(R, rows, e))
		return -1;
	plan(R, rows);

	/* pass 2: parse and write (orders through one batch, which a server
	 * database receives as one stream) */
	if (rowsrc_rewind(R->src, e) || read_header(R, e))
		return -1;
	if (o->kind == KIND_ORDERS && !o->dry_run && store_orders_streamed(R->st) &&
	    store_orders_begin(R->st, &R->orders, e))
		return -1;
	if (o->kind == KIND_ORDERS && !o->dry_run && !R->orders && start_batches(R, e))
		return -1;
	if (!o->dry_run && rows >= two_thread_rows(bulk_rows)) {
		if (pass2_threaded(R, e))
			return -1;
	} else {
		while ((rc = rowsrc_next(R->src, e)) == 1) {
			struct row v;
			if (row_blank(R->src))
				continue;
			r->rows++;
			if (++n % PROGRESS_EVERY == 0)
				progress(R, 2, 0);
			R->row_bad = 0;
			sb_reset(&R->reasons);
			parse_row(R, &v);
			if (R->row_bad) {
				bad_row(R);
				continue;
			}
			if (o->dry_run) {
				if (previewed < o->preview && o->on_preview) {
					preview(R, &v);
					previewed++;
				}
				continue;
			}
			if (take_row(R, &v, e))
				return -1;
		}
		if (rc < 0)
			return -1;
	}
	if (flush_batch(R, e))
		return -1;
written:
	R->fast = 0;
	/* the customers created under keys given ahead (store_fresh.c), before
	 * the next file (whose import starts from a forgotten cache) */
	if (R->st && store_customers_flush(R->st, e))
		return -1;
	if (R->orders) {
		struct store_orders_counts c = {0};
		struct store_orders *bt = R->orders;
		R->orders = NULL;
		if (store_orders_end(bt, audit_correction, R, &c, e))
			return -1;
		r->imported += c.inserted;
		r->updated += c.corrected;
		r->present += c.present;
		r->created += c.created;
	}
	progress(R, 2, 1);
	if (!o->dry_run && (!r->bad_rows || o->rejects)) {
		struct strbuf detail = STRBUF_INIT;
		sb_addf(&detail, "%s %s", ingest_kind_name(o->kind),
		        o->audit_names ? o->audit_names[R->file_index] : path);
		rc = store_audit(R->st, "import", 0, detail.buf,
		                 r->imported + r->updated - imported_before, e);
		sb_release(&detail);
		if (rc)
			return -1;
	}
	return 0;
}

/* --scale MIN-MAX (every score field) or FIELD=MIN-MAX, into scale[]. */
static int parse_scales(const struct ingest_opts *o, struct scale scale[F__COUNT], struct err *e)
{
	enum lang lang = e->lang;
	for (int f = 0; f < F__COUNT; f++)
		scale[f] = SCALE_DEFAULT;
	if (o->nscales && o->kind != KIND_SURVEYS)
		return err_set(e, L(lang, "--scale is for surveys", "--scale gilt für Umfragen"));
	for (int i = 0; i < o->nscales; i++) {
		const char *s = o->scales[i], *eq = strchr(s, '=');
		struct scale sc;
		int f = -1;
		if (eq) {
			char name[64];
			snprintf(name, sizeof(name), "%.*s", (int)(eq - s), s);
			f = field_by_name(name);
			if (f < 0 || ingest_fields[f].type != FT_SCORE)
				return err_set(
				    e,
				    L(lang,
				      "--scale %s: \"%s\" is not a score (satisfaction, "
				      "recommend, value)",
				      "--scale %s: \"%s\" ist keine Bewertung (satisfaction, "
				      "recommend, value)"),
				    s, name);
			s = eq + 1;
		}
		if (scale_parse(s, &sc))
			return err_set(
			    e,
			    L(lang, "--scale %s: say MIN-MAX, e.g. 1-5, 1-7 or 0-100",
			      "--scale %s: bitte MIN-MAX angeben, z. B. 1-5, 1-7 oder 0-100"),
			    o->scales[i]);
		for (int g = 0; g < F__COUNT; g++)
			if (g == f || (f < 0 && ingest_fields[g].type == FT_SCORE))
				scale[g] = sc;
	}
	return 0;
}

/* The canonical name of path, also when it does not exist yet (its
 * directory resolved, its own name kept); NULL when even that fails. */
static char *canonical(const char *path)
{
	char *r = realpath(path, NULL);
	if (r)
		return r;
	const char *name = strrchr(path, '/');
	char *dir = name ? xstrndup(path, (size_t)(name - path) + 1) : xstrdup(".");
	char *rd = realpath(dir, NULL);
	free(dir);
	if (!rd)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "%s/%s", rd, name ? name + 1 : path);
	free(rd);
	return sb_detach(&sb);
}

/* Whether a and b name the same file: the same inode when both exist,
 * else the same canonical name. */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (!stat(a, &sa) && !stat(b, &sb))
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	char *ca = canonical(a), *cb = canonical(b);
	int same = ca && cb && !strcmp(ca, cb);
	free(ca);
	free(cb);
	return same;
}

int ingest_check_opts(const struct ingest_opts *o, const char *const *files, int nfiles,
                      const char *dbpath, struct err *e)
{
	struct scale scale[F__COUNT];
	struct stat sb;
	enum lang lang = e->lang;
	if (parse_scales(o, scale, e))
		return -1;
	if (!o->rejects)
		return 0;
	if (!*o->rejects || (!stat(o->rejects, &sb) && !S_ISREG(sb.st_mode)))
		return err_set(
		    e,
		    L(lang, "--skip-bad %s: not a regular file (rejects go to a file)",
		      "--skip-bad %s: keine gewöhnliche Datei (abgelehnte Zeilen gehen in "
		      "eine Datei)"),
		    o->rejects);
	if (dbpath) {
		/* the database's own files (store_owns_path), the path itself even
		 * before the database exists, and the dataset snapshot beside it */
		struct strbuf snap = STRBUF_INIT;
		sb_addf(&snap, "%s.snapshot", dbpath);
		int same = store_owns_path(dbpath, o->rejects) || same_file(o->rejects, dbpath) ||
		           same_file(o->rejects, snap.buf);
		sb_release(&snap);
		if (same)
			return err_set(e,
			               L(lang, "--skip-bad %s: that is the database",
			                 "--skip-bad %s: das ist die Datenbank"),
			               o->rejects);
	}
	for (int i = 0; i < nfiles; i++)
		if (same_file(o->rejects, files[i]))
			return err_set(e,
			               L(lang, "--skip-bad %s: that is an input file",
			                 "--skip-bad %s: das ist eine Eingabedatei"),
			               o->rejects);
	return 0;
}

/* A file of our own beside the rejects file, renamed over it only when
 * there are rejects (so that a failed import or one without bad rows
 * leaves whatever was there). */
static int rejects_open(struct run *R, struct strbuf *tmp, struct err *e)
{
	sb_reset(tmp);
	sb_addf(tmp, "%s.XXXXXX", R->o->rejects);
	int fd = mkstemp(tmp->buf);
	if (fd < 0 || !(R->rej = fdopen(fd, "w"))) {
		int err = errno;
		if (fd >= 0) {
			close(fd);
			unlink(tmp->buf);
		}
		sb_reset(tmp);
		return err_set(e, L(R->lang, "%s: cannot write: %s", "%s: nicht schreibbar: %s"),
		               R->o->rejects, strerror(err));
	}
	return 0;
}

int ingest_run(struct store *st, const struct ingest_opts *o, const char *const *files, int nfiles,
               struct ingest_result *r, struct err *e)
{
	struct run R;
	struct strbuf rej_tmp = STRBUF_INIT;
	int rc = -1, in_tx = 0, committed = 0;

	memset(&R, 0, sizeof(R));
	memset(r, 0, sizeof(*r));
	err_clear(e);
	R.lang = e->lang;
	R.st = st;
	R.o = o;
	R.r = r;
	R.nkf = kind_fields(o->kind, R.kf);
	sb_init(&R.scratch);
	sb_init(&R.reasons);
	sb_init(&R.change);

	sb_init(&R.rej_header);
	sb_init(&R.unused_maps);
	sb_init(&R.max_id);
	sb_init(&R.batch_ids);
	if (ingest_check_opts(o, files, nfiles, st ? store_path(st) : NULL, e) ||
	    parse_scales(o, R.scale, e))
		goto out;
	if (o->rejects && !o->dry_run && rejects_open(&R, &rej_tmp, e))
		goto out;
	if (!o->dry_run) {
		/* the unique indexes' inserts land in random order */
		store_bulk_writes(st, o->alone);
		if (store_begin(st, e))
			goto out;
		in_tx = 1;
	}
	for (int i = 0; i < nfiles; i++) {
		/* Identical rows are kept within one file, not across files: the
		 * store numbers repeated content hashes per transaction, so the
		 * numbering starts again for each file (the customer-id cache is
		 * rebuilt from the open transaction as needed). */
		if (i > 0 && !o->dry_run)
			store_forget_cache(st);
		R.file_index = i;
		int frc = import_file(&R, files[i], e);
		free_file(&R);
		if (frc)
			goto out;
	}
	if (r->bad_rows && !o->rejects) {
		err_clear(e);
		char nb[32];
		const char *rows = r->bad_rows == 1 ? L(R.lang, "bad row", "fehlerhafte Zeile")
		                                    : L(R.lang, "bad rows", "fehlerhafte Zeilen");
		if (o->dry_run)
			err_set(e,
			        L(R.lang,
			          "%s %s: the import would import nothing (fix them, or "
			          "import the good rows with --skip-bad REJECTS.csv)",
			          "%s %s: der Import würde nichts importieren "
			          "(bitte korrigieren oder die guten Zeilen mit --skip-bad "
			          "ABGELEHNT.csv importieren)"),
			        int_format_human((int64_t)r->bad_rows, R.lang, nb), rows);
		else
			err_set(e,
			        L(R.lang,
			          "nothing imported: %s %s; fix them, or import the good "
			          "rows with --skip-bad REJECTS.csv",
			          "nichts importiert: %s %s; bitte korrigieren "
			          "oder die guten Zeilen mit --skip-bad ABGELEHNT.csv importieren"),
			        int_format_human((int64_t)r->bad_rows, R.lang, nb), rows);
		goto out;
	}
	if (R.rej && (fflush(R.rej) || ferror(R.rej))) {
		err_set(e, L(R.lang, "%s: cannot write: %s", "%s: nicht schreibbar: %s"),
		        o->rejects, strerror(errno));
		goto out;
	}
	if (in_tx) {
		if (store_commit(st, e))
			goto out;
		in_tx = 0;
		committed = 1;
	}
	rc = 0;
out:
	if (in_tx)
		store_rollback(st);
	if (R.rej) {
		if (fclose(R.rej) == EOF && rc == 0) {
			err_set(e, L(R.lang, "%s: cannot write: %s", "%s: nicht schreibbar: %s"),
			        o->rejects, strerror(errno));
			rc = -1;
		}
		/* the rejects take their place only when the good rows are in */
		int placed = committed && r->rejected && rename(rej_tmp.buf, o->rejects) == 0;
		if (committed && r->rejected && !placed) {
			if (rc == 0)
				err_set(
				    e,
				    L(R.lang, "%s: cannot write: %s", "%s: nicht schreibbar: %s"),
				    o->rejects, strerror(errno));
			rc = -1;
		}
		if (!placed)
			unlink(rej_tmp.buf);
	}
	sb_release(&rej_tmp);
	free_file(&R);
	sb_release(&R.scratch);
	sb_release(&R.reasons);
	sb_release(&R.change);
	sb_release(&R.rej_header);
	sb_release(&R.max_id);
	sb_release(&R.batch_ids);
	free(R.batch);
	free(R.batch_off);
	return rc;
}
