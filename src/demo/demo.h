/*
 * demo.h — the demo data generator: a realistic, deterministic B2B customer
 * base (customers, orders, surveys, dialogues, promises, complaints,
 * stories, referrals, departures) written record by record into a sink.
 * Two sinks come with it: the store (the records go through store_put_*)
 * and a directory of CSV files in English or German style.  Both receive
 * exactly the same records, so importing the CSV files gives the data the
 * store sink writes.
 *
 * The generator never prints and never exits; it returns 0 or -1 with the
 * error filled, like all library code.  Memory grows with the number of
 * customers (a few bytes each), never with the number of orders.
 */
#ifndef TREUE_DEMO_H
#define TREUE_DEMO_H

#include <stdint.h>

#include "store.h"
#include "util.h"

#define DEMO_MAX_CUSTOMERS 5000000L
#define DEMO_MAX_YEARS 30
#define DEMO_MAX_ORDERS_PER_CUSTOMER 500

struct demo_opts {
	uint64_t seed;
	long customers;             /* how many customers, prospects included */
	int years;                  /* length of the order history */
	double orders_per_customer; /* mean order rows of a customer with orders */
	day_t end;                  /* the last day of the history (usually today) */
	enum lang texts;            /* language of industries, regions and free texts */
	/* Called now and then while customers are generated (may be NULL). */
	void (*progress)(void *arg, long done, long total);
	void *progress_arg;
};

/* Fills the defaults: 5,000 customers, seed 1, 6 years, 30 orders per
 * customer, history up to day_today(), English texts, no progress. */
void demo_opts_default(struct demo_opts *o);

/* Checks the ranges of the options; -1 with a message naming the option. */
int demo_opts_check(const struct demo_opts *o, struct err *e);

/* Where the records go.  Every function returns 0, or -1 with e filled,
 * which stops the generator.  The record and its strings are valid only
 * during the call. */
struct demo_sink {
	int (*customer)(void *arg, const struct rec_customer *r, struct err *e);
	int (*order)(void *arg, const struct rec_order *r, struct err *e);
	int (*survey)(void *arg, const struct rec_survey *r, struct err *e);
	int (*dialog)(void *arg, const struct rec_dialog *r, struct err *e);
	int (*promise)(void *arg, const struct rec_promise *r, struct err *e);
	int (*complaint)(void *arg, const struct rec_complaint *r, struct err *e);
	int (*story)(void *arg, const struct rec_story *r, struct err *e);
	int (*referral)(void *arg, const struct rec_referral *r, struct err *e);
	int (*departure)(void *arg, const struct rec_departure *r, struct err *e);
};

/* How many records of each kind were generated. */
struct demo_counts {
	int64_t customers, prospects, orders, credit_notes, surveys, dialogs, promises, complaints,
	    stories, referrals, departures;
};

/*
 * Generates the demo data described by o into sink (arg is passed through)
 * and counts the records in *n.  The same options give the same records in
 * the same order, byte for byte.  Customers come in the order of their
 * acquisition, each followed by its own records; every customer a record
 * names has been passed to sink->customer before.  Stories come last.
 */
int demo_generate(const struct demo_opts *o, const struct demo_sink *sink, void *arg,
                  struct demo_counts *n, struct err *e);

/* Generates the demo data into the store, inside the write transaction
 * the caller opened (the orders go through one batch, store_orders_*). */
int demo_into_store(const struct demo_opts *o, struct store *st, struct demo_counts *n,
                    struct err *e);

/*
 * The CSV sink writes nine files into a directory.
 *   LANG_EN: customers.csv, orders.csv, surveys.csv, dialogs.csv,
 *            promises.csv, complaints.csv, stories.csv, referrals.csv,
 *            departures.csv; comma, UTF-8, LF, ISO dates, 1234.56, scores
 *            7.5, English headers, codes for touchpoints, statuses and
 *            story kinds, English wording of complaint reasons.
 *   LANG_DE: Kunden.csv, Umsaetze.csv, Umfragen.csv, Kundengespraeche.csv,
 *            Zusagen.csv, Reklamationen.csv, Geschichten.csv,
 *            Empfehlungen.csv, Abgaenge.csv; semicolon, Windows-1252, CRLF,
 *            24.11.2026, 1.234,56, scores 7,5, German headers and the German
 *            words of the vocabulary (Vertrieb, eingehalten, erledigt,
 *            Extrameile, Lieferverzug).
 * Both carry exactly the same values.
 */
struct demo_csv;
enum { DEMO_CSV_FILES = 9 };
/* The name of file i (0..8: customers, orders, surveys, dialogs, promises,
 * complaints, stories, referrals, departures) in the given style. */
const char *demo_csv_name(int i, enum lang style);

/* Creates dir when missing and opens the nine files.  Refuses when one of
 * them exists already, unless overwrite is set. */
int demo_csv_open(const char *dir, enum lang style, int overwrite, struct demo_csv **out,
                  struct err *e);
/* The same data as nine Excel workbooks (customers.xlsx, ...: the CSV
 * file names with .xlsx) in dir: one sheet each, named in the style's
 * language, the CSV header in bold, numbers as number cells, dates as
 * date cells, words and texts as in the CSV files of that style.  Closed
 * and fed like the CSV sink (demo_csv_close, demo_csv_sink). */
int demo_xlsx_open(const char *dir, enum lang style, int overwrite, struct demo_csv **out,
                   struct err *e);
/* Flushes and closes the files and frees c; -1 when a write failed. */
int demo_csv_close(struct demo_csv *c, struct err *e);
/* The CSV sink: arg is the struct demo_csv *. */
extern const struct demo_sink demo_csv_sink;

/* The header line of file i (0..8) in the given style, without newline. */
const char *demo_csv_header(int i, enum lang style);

/* Appends s (UTF-8) to out in Windows-1252; -1 when s is not valid UTF-8
 * or holds a character Windows-1252 lacks (*bad gets its code point, or
 * -1 for invalid UTF-8). */
int demo_utf8_to_cp1252(const char *s, size_t n, struct strbuf *out, long *bad);

#endif
