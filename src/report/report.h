/*
 * report.h — turns model results into text (English or German), JSON and
 * CSV.  Every writer reads the same result struct, so the formats cannot
 * disagree.  Writers append to a strbuf and never fail.
 */
#ifndef TREUE_REPORT_H
#define TREUE_REPORT_H

#include "dataset.h"
#include "model.h"
#include "util.h"

/*
 * Numbers for people (docs/NUMBERS.md): German "1.234,56", "71,3 %",
 * "1.902"; English "1,234.56", "71.3%", "1,902".  fmt_money writes an
 * amount without its unit — for table cells whose heading names the unit
 * (money_unit: "Umsatz (€)"); fmt_amount writes it with its currency
 * (an ISO 4217 code, the setting `currency`; NULL is EUR): "1.234,56 €",
 * "€1,234.56", "1.234,56 CHF", "CHF 1,234.56".  "–" for NaN.
 */
void fmt_money(struct strbuf *out, enum lang lang, int64_t cents);
void fmt_money_d(struct strbuf *out, enum lang lang, double cents);
void fmt_amount(struct strbuf *out, enum lang lang, const char *currency, int64_t cents);
void fmt_amount_d(struct strbuf *out, enum lang lang, const char *currency, double cents);
void fmt_pct(struct strbuf *out, enum lang lang, double share); /* share 0..1; "–" when NaN */
void fmt_num(struct strbuf *out, enum lang lang, double v, int decimals); /* grouped */
void fmt_int(struct strbuf *out, enum lang lang, int64_t v);              /* grouped */
/* Plain numbers for CSV, without printf: an integer ("-42"), and v with
 * dec (0..4) decimals exactly as printf's "%.*f" writes it (the binary
 * value rounded to nearest, ties to even; printf itself beyond 2^40). */
void fmt_plain_int(struct strbuf *out, int64_t v);
void fmt_fixed(struct strbuf *out, double v, int dec);
/* A count and its noun, singular for 1: "1 Auftrag", "1.902 Kunden", "0 orders":
 * fmt_count(out, lang, n, L(lang, "order", "Auftrag"), L(lang, "orders", "Aufträge")). */
void fmt_count(struct strbuf *out, enum lang lang, int64_t n, const char *one, const char *many);
/* Pads with spaces to width display columns (UTF-8 aware); control
 * characters and bidirectional overrides are shown escaped. */
void fmt_pad(struct strbuf *out, const char *s, int width);
/* Right-aligns s in width display columns. */
void fmt_rpad(struct strbuf *out, const char *s, int width);
/* The same, cutting a longer text to width - 1 characters and "…". */
void fmt_pad_cut(struct strbuf *out, const char *s, int width);
int utf8_width(const char *s);
/* A date for people: "24.11.2026" in German, "2026-11-24" in English; "–"
 * for DAY_NONE. */
void fmt_day(struct strbuf *out, enum lang lang, day_t d);
/* "usually every 54 days" / "sonst alle 54 Tage" ("every day" / "täglich" for 1). */
void report_usual_interval(struct strbuf *out, enum lang lang, int days);
/* "FROM to TO" / "FROM bis TO" (both days included). */
void fmt_period(struct strbuf *out, enum lang lang, day_t from, day_t to_incl);

/* A data field's name for people (fields.c): an import field or an option
 * of add/edit ("acquired_on", "made-on", "owner") in German as Germans read
 * it ("Kunde seit", "versprochen am", "Betreuer"; kind "promise":
 * "Verantwortlicher"); English returns the name.  Unknown names as given. */
const char *field_label(const char *name, const char *kind, enum lang lang);
/* The same for a list "due, owner" ("fällig am, Verantwortlicher"). */
void field_labels(struct strbuf *out, const char *names, const char *kind, enum lang lang);

/* The audit trail for people (audit_text.c): an entry's action, detail
 * and time as stored (English, ISO: what JSON and CSV give out) in the
 * reader's language — "close" / "promise 648: kept on 2026-11-30" /
 * "2026-11-30T04:25:12Z" read in German "abgeschlossen" / "Zusage 648:
 * eingehalten am 30.11.2026" / "30.11.2026 04:25:12 UTC". */
const char *audit_action_label(const char *action, enum lang lang);
void audit_detail_text(struct strbuf *out, const char *action, const char *detail, enum lang lang);
void audit_time_text(struct strbuf *out, const char *at, enum lang lang);

/* The warning about orders dated after today (nothing when there are
 * none): one line of text, or the "future_orders" member of a JSON
 * object (always there: {"count": 0} when none). */
void report_future_text(const struct future_orders *f, struct strbuf *out, enum lang lang);
void report_future_json(struct json *j, const struct future_orders *f);

/* The loyalty report (`treue report`). */
/* b: buy-till-you-die results for the silent leavers (NULL: left out);
 * leavers: how many to list (0: all). */
void report_loyalty(const struct dataset *ds, const struct loyalty *l, const struct tenure_curve *t,
                    const struct btyd_result *b, long leavers, enum out_format f,
                    struct strbuf *out, enum lang lang);
/* Every segmented customer (`treue segments`), sorted by customer_id. */
/* spill, when not NULL, is called whenever out holds a megabyte or more:
 * it writes the text out and empties the buffer, so that a list of a
 * million customers never sits in memory whole. */
typedef void (*report_spill_fn)(struct strbuf *out);

/* keep: per customer, 1 when listed (the filters' selection); NULL: all. */
void report_segments(const struct dataset *ds, const struct loyalty *l, const struct btyd_result *b,
                     const uint8_t *keep, enum out_format f, report_spill_fn spill,
                     struct strbuf *out, enum lang lang);

struct action_filter {
	int priority;        /* 0: all */
	const uint8_t *keep; /* per customer, 1 when listed (app_select); NULL: all */
	long limit;          /* 0: all */
	int silent_only;     /* only the silent leavers */
};
/* 1 when action row a passes the filter (everything but the limit): the
 * one test the command line and the web's action list share. */
int report_action_match(const struct dataset *ds, const struct loyalty *l,
                        const struct action_filter *flt, const struct action_row *a);
/* What is due for the row: "2 promise(s) open (1 overdue); 1 complaint(s)
 * open; no dialogue since 2026-03-02" ("" when nothing). */
void report_action_due(const struct action_row *a, struct strbuf *out, enum lang lang);
void report_actions(const struct dataset *ds, const struct loyalty *l,
                    const struct action_filter *flt, enum out_format f, report_spill_fn spill,
                    struct strbuf *out, enum lang lang);
/* fut: the orders dated after today (NULL: none). */
void report_movement(const struct movement *m, const struct future_orders *fut, enum out_format f,
                     struct strbuf *out, enum lang lang);

void report_whatif(const struct loyalty *l, const struct tenure_curve *t, const struct whatif *w,
                   enum out_format f, struct strbuf *out, enum lang lang);

/* Writes the CSV text csv[0..n) (one of the CSV writers' outputs) as an
 * Excel workbook at path: typed columns, bold frozen header, autofilter,
 * widths, sheet and column names in lang; one sheet per section for
 * `metric,value` and `section,...` CSVs.  command names the sheet.  The
 * file appears whole or not at all.  0, or -1 with e filled. */
int xlsx_write_csv(const char *path, const char *command, const char *csv, size_t n, enum lang lang,
                   struct err *e);

/* ---- documents of the application layer's results (export.c) ---- */
struct app_list;
struct app_export;
/* The rows of a journal list as an array of JSON objects (the list's
 * column names as keys) into an open writer. */
void report_list_json(const struct app_list *l, struct json *j);
/* One row of it as a JSON object (the API's pages of a list). */
void report_list_row_json(struct json *j, const struct app_list *l, size_t row);
/* Everything held about one customer as one JSON document (GDPR, right of
 * access): "format": "treue-export-1", exported_on today. */
void report_export_json(const struct app_export *x, day_t today, struct strbuf *out);

/* ---- records of the application layer as JSON (records.c): what
 * `--format json` prints and /api/v1/ answers, from the same writers ---- */
struct app_customer;
struct app_fit;
struct ingest_result;
struct app_agenda;
/* The customer card; the timeline from entry tl_from on. */
void report_card_json(const struct app_customer *card, size_t tl_from, struct strbuf *out,
                      enum lang lang);
void report_fit_json(const struct app_fit *fit, struct strbuf *out);
/* The agenda (`treue agenda`, My week). */
void report_agenda_json(const struct app_agenda *r, struct strbuf *out);
/* An import's counts. */
void report_import_json(const struct ingest_result *r, struct strbuf *out);
/* A recorded entry: kind, id (0: left out), customer_id, to_customer (NULL:
 * left out). */
void report_entry_json(const char *kind, int64_t id, const char *customer_id,
                       const char *to_customer, struct strbuf *out);

#endif
