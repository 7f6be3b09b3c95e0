/*
 * util.h — the small shared pieces every module stands on: allocation that
 * never returns NULL, a growable string buffer, calendar days, money in
 * cents, a JSON writer, bilingual texts and the error record that library
 * code fills instead of printing.
 *
 * Nothing here does I/O except the JSON/strbuf writers into memory and
 * day_today().  Library code never prints and never exits (only xmalloc
 * aborts on out-of-memory).
 */
#ifndef TREUE_UTIL_H
#define TREUE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ATTR_NORETURN __attribute__((noreturn))
#else
#define ATTR_PRINTF(f, a)
#define ATTR_NORETURN
#endif

/* The two languages of every user-facing text (see L() below). */
enum lang { LANG_EN = 0, LANG_DE = 1 };

/* ---- allocation: out of memory aborts the process with a message ---- */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Large arrays (hundreds of megabytes): anonymous memory advised to use
 * huge pages, which saves most page faults; freed with their size.
 * NULL-safe free; out of memory aborts like xmalloc. */
void *big_alloc(size_t n);
void big_free(void *p, size_t n);

/* Grow array x (of nr used, alloc allocated elements) to hold at least n. */
#define ALLOC_GROW(x, n, alloc)                                                                    \
	do {                                                                                       \
		if ((size_t)(n) > (size_t)(alloc)) {                                               \
			size_t alloc_new_ = (alloc) < 16 ? 16 : (alloc)*2;                         \
			while (alloc_new_ < (size_t)(n))                                           \
				alloc_new_ *= 2;                                                   \
			(x) = xrealloc((x), alloc_new_ * sizeof(*(x)));                            \
			(alloc) = alloc_new_;                                                      \
		}                                                                                  \
	} while (0)

/* ---- strbuf ----
 * Invariants: buf is never NULL after sb_init; buf[len] == '\0' always;
 * alloc > len once anything was allocated.  sb_release frees and
 * re-initialises; sb_reset empties but keeps the memory; sb_detach hands
 * the NUL-terminated string to the caller and re-initialises.
 */
struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};
#define STRBUF_INIT                                                                                \
	{                                                                                          \
		0, 0, strbuf_empty_                                                                \
	}
extern char strbuf_empty_[];
void sb_init(struct strbuf *sb);
void sb_release(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
char *sb_detach(struct strbuf *sb);
/* The appends are inline: a list of a million rows makes tens of millions
 * of them, and the room is nearly always there (sb_grow_more makes it). */
void sb_grow_more(struct strbuf *sb, size_t extra);
static inline void sb_grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 > sb->alloc)
		sb_grow_more(sb, extra);
}
static inline void sb_add(struct strbuf *sb, const void *data, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}
static inline void sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}
static inline void sb_addch(struct strbuf *sb, int c)
{
	sb_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}
void sb_addf(struct strbuf *sb, const char *fmt, ...) ATTR_PRINTF(2, 3);
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_setlen(struct strbuf *sb, size_t len);

/* ---- errors ----
 * The record library code fills: where (file, line, field), the offending
 * value and a message.  err_set formats the message; the others are set by
 * the caller as known.  err_format renders it the way the CLI prints it:
 *   FILE:LINE: field "date": "31.02.2026" is not a date
 *   FILE:SHEET!C17: field "date": "31.02.2026" is not a date  (workbooks)
 */
struct err {
	enum lang lang; /* the language messages are written in; kept by err_clear */
	char file[512];
	long line;
	char sheet[128]; /* a workbook's sheet: FILE:SHEET!CELL (line is the row) */
	int col;         /* with sheet: the cell's column, 1-based (0: the whole row) */
	char field[64];
	char value[128];
	char msg[768];
};
/* Empties the record but keeps its language. */
void err_clear(struct err *e);
/* Empties the record and sets the language its messages are written in. */
void err_init(struct err *e, enum lang lang);
int err_set(struct err *e, const char *fmt, ...) ATTR_PRINTF(2, 3); /* returns -1 */
void err_format(const struct err *e, struct strbuf *out);

/* ---- calendar days ----
 * A day is the number of days since 1970-01-01 (proleptic Gregorian).
 * DAY_NONE marks an absent date.
 */
typedef int32_t day_t;
#define DAY_NONE INT32_MIN
/* The days treue accepts, reads and derives: 1900-01-01 to 9999-12-31.
 * Parsers refuse dates outside (with a message of their own, see
 * DAY_RANGE_EN/DE), and a date computed from another (D + a horizon, a due
 * date from --due-in) goes through day_add, which refuses to leave them. */
#define DAY_MIN ((day_t)-25567)  /* 1900-01-01 */
#define DAY_MAX ((day_t)2932896) /* 9999-12-31 */
#define DAY_RANGE_EN "is outside 1900-01-01 to 9999-12-31"
#define DAY_RANGE_DE "liegt außerhalb von 1900-01-01 bis 9999-12-31"
static inline int day_in_range(day_t d)
{
	return d >= DAY_MIN && d <= DAY_MAX;
}
/* *out = d + days when d and the result lie within DAY_MIN..DAY_MAX: 0,
 * else -1 (*out untouched). */
int day_add(day_t d, int64_t days, day_t *out);
struct err;
/* 0 when every day from d - back to d + ahead lies within DAY_MIN..DAY_MAX;
 * else -1 with e saying which reference date reaches how far. */
int day_span_check(day_t d, int64_t back, int64_t ahead, struct err *e);
/* A calendar date of years 1..9999 (the range check is the caller's). */
int ymd_valid(int y, int m, int d);
day_t day_from_ymd(int y, int m, int d);
void day_to_ymd(day_t day, int *y, int *m, int *d);
/* Strict YYYY-MM-DD; returns 0 and sets *out, -1 when it is not a date,
 * -2 when it is a date outside DAY_MIN..DAY_MAX. */
int day_parse_iso(const char *s, day_t *out);
/* A date as a person types it: 2026-11-24 or 24.11.2026 (also 24.11.26
 * and single-digit day and month), "today"/"heute", "tomorrow"/"morgen",
 * "yesterday"/"gestern", and "+N" / "-N" days from today.  Years
 * 1900-9999.  0 with *out set, or -1. */
int day_parse_input(const char *s, day_t today, day_t *out);
/* A decimal number as a person types it: an optional sign, digits, and at
 * most one decimal mark, a point or a comma ("0.08", "0,08", "+5", "-2,5").
 * No exponents, no grouping, no hexadecimal.  0 with *out set, or -1. */
int num_parse_input(const char *s, double *out);
/* Writes YYYY-MM-DD and a NUL into buf (11 bytes). */
char *day_format(day_t day, char buf[static 11]);
/* A date for people: "24.11.2026" in German, "2026-11-24" in English, "–"
 * for DAY_NONE (11 bytes).  Machine output (JSON, CSV) uses day_format. */
char *day_format_lang(day_t day, enum lang lang, char buf[static 11]);
day_t day_today(void);
/* ISO 8601 week: *year is the week-numbering year. */
void day_iso_week(day_t day, int *year, int *week);
/* Monday of ISO week `week` of `year`; DAY_NONE when there is no such
 * week or it does not lie wholly within DAY_MIN..DAY_MAX. */
day_t day_from_iso_week(int year, int week);
/* "14d", "2w", "3m" (30-day months) or a plain number of days; -1 on error. */
int parse_duration_days(const char *s, int *days);

/* ---- money in int64 cents ----
 * One amount holds at most ±MONEY_MAX: 100,000,000,000.00, more than any
 * order, and small enough that sums of millions of them stay far from
 * int64's end.  Every parser refuses larger amounts; the dataset loader
 * checks that all amounts together stay within MONEY_SUM_MAX, so that no
 * sum the model forms can overflow (see dataset_check). */
#define MONEY_MAX INT64_C(10000000000000)
#define MONEY_SUM_MAX (INT64_C(1) << 62)
#define MONEY_RANGE_EN "is beyond the largest amount treue takes (±100,000,000,000.00)"
#define MONEY_RANGE_DE "übersteigt den größten Betrag, den treue annimmt (±100.000.000.000,00)"
/* "1234.56" / "-0.5" / "12": dot decimal, at most 2 decimals.  0, -1 when
 * it is not an amount, -2 when it is beyond ±MONEY_MAX. */
int money_parse_plain(const char *s, int64_t *cents);
/* An amount as a person types it: "1234.56", "1234,56", "1.234,56",
 * "1,234.56" (the later of two marks is the decimal one; a lone mark
 * followed by three digits groups).  0 or -1. */
int money_parse_input(const char *s, int64_t *cents);
/* Dot-decimal, no grouping: "-1234.56".  buf needs 32 bytes. */
char *money_format(int64_t cents, char buf[static 32]);
/* v with dec decimals exactly as printf's "%.*f" writes it (the binary
 * value rounded to nearest, ties to even), without printf for dec <= 4
 * and |v| < 2^40. */
char *fixed_format(double v, int dec, char buf[static 40]);
/* For people: grouping and decimal mark by language: 1,234.56 / 1.234,56 */
char *money_format_human(int64_t cents, enum lang lang, char buf[static 40]);
/* An amount with its currency (an ISO 4217 code; NULL or "" is EUR), for
 * people: German "1.234,56 €" / "-1.234,56 CHF", English "€1,234.56" /
 * "-€1,234.56" / "CHF 1,234.56".  EUR is written €, every other code as
 * itself.  buf needs MONEY_AMOUNT_MAX bytes. */
#define MONEY_AMOUNT_MAX 56
char *money_format_amount(int64_t cents, enum lang lang, const char *currency,
                          char buf[static MONEY_AMOUNT_MAX]);
/* The unit of an amount for a table heading: "€", "CHF". */
const char *money_unit(const char *currency);
/* A whole number for people, grouped by language: "1.902" / "1,902". */
char *int_format_human(int64_t v, enum lang lang, char buf[static 32]);
/* A decimal number for people: grouped, with the language's decimal mark
 * ("12.345,6" / "12,345.6"); "–" when not finite.  buf needs 64 bytes. */
char *num_format_human(double v, int decimals, enum lang lang, char buf[static 64]);

/* ---- text for terminals (visible.c) ----
 * Appends s with ESC and the other C0 controls, DEL, the C1 controls, the
 * bidirectional overrides, isolates and marks (U+202A-202E, U+2066-2069,
 * U+200E/F, U+061C) and bytes that are not UTF-8 written visibly escaped
 * (\x1b, \u202e).  keep_lines: line feeds stay (multi-line texts).  Every
 * text writer puts names and free texts through it. */
void sb_add_visible(struct strbuf *out, const char *s, int keep_lines);
/* Whether s has nothing sb_add_visible would escape. */
int text_is_visible(const char *s);

/* ---- bilingual texts ----
 * Every user-facing text is written as L(lang, "English", "Deutsch") at the
 * place it is used.  There is no process-wide language: the language of a
 * request travels with it (a writer's parameter, a context's field,
 * struct err's lang), so two requests in different languages can run at
 * the same time.
 */
#define L(lg, en, de) ((lg) == LANG_DE ? (de) : (en))
/* The singular for a count of 1, else the plural ("1 order", "0 orders",
 * "3 Aufträge"): plural(n, L(lang, "order", "Auftrag"), L(lang, "orders",
 * "Aufträge")). */
const char *plural(int64_t n, const char *one, const char *many);
/* From a name ("de", "de_DE.UTF-8", "en"...); returns -1 when unknown. */
int lang_parse(const char *s, enum lang *out);
/* From LC_ALL, LC_MESSAGES, LANG; English when none says German. */
enum lang lang_from_env(void);

/* The three output formats every report command offers. */
enum out_format { FMT_TEXT, FMT_JSON, FMT_CSV };

/* ---- JSON writer ----
 * Appends to a strbuf; commas and nesting are handled by the writer, every
 * string is escaped.  Numbers: json_double writes null for NaN/inf.
 */
struct json {
	struct strbuf *out;
	int depth;
	unsigned char need_comma[64];
	int after_key;
	int pretty;
};
void json_init(struct json *j, struct strbuf *out, int pretty);
void json_obj_begin(struct json *j);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j);
void json_arr_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s);
void json_strn(struct json *j, const char *s, size_t n);
void json_int(struct json *j, int64_t v);
void json_double(struct json *j, double v, int decimals);
void json_bool(struct json *j, int v);
void json_null(struct json *j);
void json_money(struct json *j, int64_t cents);
void json_day(struct json *j, day_t day); /* "YYYY-MM-DD" or null */
/* A value written elsewhere as JSON text (another writer's document). */
void json_raw(struct json *j, const char *s, size_t n);
/* Escape a string as JSON string contents (without quotes). */
void json_escape(struct strbuf *out, const char *s, size_t n);

/* ---- JSON reader (json_parse.c) ----
 * For untrusted input: every cap is checked before anything grows.  A
 * document owns its nodes and strings (one arena); strings are valid
 * UTF-8 without NUL; numbers keep their text.  Duplicate keys, trailing
 * text and lone surrogates are refused with e naming line and column.
 */
enum jtype { JT_NULL, JT_BOOL, JT_NUM, JT_STR, JT_ARR, JT_OBJ };
struct jval {
	enum jtype type;
	int b;             /* JT_BOOL */
	double num;        /* JT_NUM */
	const char *str;   /* JT_STR: the text; JT_NUM: the number as written */
	size_t len;        /* of str */
	const char *key;   /* a member of an object: its key */
	struct jval *kids; /* JT_ARR, JT_OBJ */
	size_t n;
};
struct json_limits {
	size_t max_bytes;   /* of the document (1 MiB) */
	size_t max_depth;   /* nesting (16) */
	size_t max_string;  /* bytes of one decoded string (64 KiB) */
	size_t max_members; /* of one array or object (1024) */
	size_t max_values;  /* in the whole document (65536) */
};
void json_limits_default(struct json_limits *l);
struct jdoc {
	struct jval *root;
	void *blocks_;
};
int json_parse(const char *s, size_t n, const struct json_limits *lim, struct jdoc *doc,
               struct err *e);
void jdoc_release(struct jdoc *d);
/* The member key of an object, or NULL. */
const struct jval *json_member(const struct jval *obj, const char *key);

/* ---- CSV writing (RFC 4180: quote when needed, double quotes) ----
 * Every CSV cell treue writes goes through these, so that no spreadsheet
 * runs a cell as a formula (SPEC §5, OWASP "CSV injection"):
 *   csv_text   a text cell (ids, names, free text): one that starts with
 *              = + - @, a tab or a carriage return gets a leading '
 *              (import drops it again, see csv_unguard);
 *   csv_field  a number, amount, count, date or code word: written as it
 *              is, so -12.50 stays a number; should anything else come
 *              through it, it is guarded like text unless it consists only
 *              of digits, signs, decimal marks and spaces;
 *   csv_cell   either (text or not), with another delimiter and no
 *              leading delimiter (rejects files, demo files).
 * first: no delimiter before the cell. */
void csv_text(struct strbuf *out, const char *s, int first);
void csv_field(struct strbuf *out, const char *s, int first);
void csv_cell(struct strbuf *out, const char *s, char delim, int text);
/* Whether s starts like a formula (= + - @ tab CR). */
int csv_formula_start(const char *s);
/* A cell read back: "'=x" is "=x" when what follows the ' starts like a
 * formula (what csv_text added); anything else is returned as it is. */
const char *csv_unguard(const char *s);

/* ---- timing of phases, for tuning ----
 * A record of how long each phase of one load or computation took, kept in
 * the result it belongs to (struct dataset, struct loyalty): nothing here
 * prints.  timing_phase(t, NULL) starts the clock; timing_phase(t, "name")
 * records the milliseconds since the previous call under that name (the
 * first TIMING_MAX names are kept).  The CLI prints them with TREUE_TIMING. */
#define TIMING_MAX 8
struct timing {
	double last;
	int n;
	struct {
		const char *what; /* a string literal */
		double ms;
	} phase[TIMING_MAX];
};
void timing_phase(struct timing *t, const char *what);

/* Whether work of this size is worth a second thread: false when
 * TREUE_THREADS=1; TREUE_THREAD_MIN=N lowers the threshold (tests use it
 * to run the threaded paths on small data). */
int use_threads(size_t work, size_t threshold);

/* Runs fn(arg, lo, hi, part) over [0, n) split in two parts (part 0 and 1)
 * on two threads when use_threads(n, threshold), else once as part 0 over
 * everything.  Each part must write only its own accumulators. */
void parallel_for(size_t n, size_t threshold, void (*fn)(void *arg, size_t lo, size_t hi, int part),
                  void *arg);
/* Runs fn(arg, lo, hi, thread) over [0, n) in chunks of chunk, each
 * thread (0, and 1 when use_threads(n, threshold)) taking the next chunk
 * until none is left: a thread slowed by other work does less of it.  Each
 * thread must write only its own accumulators (by thread), and only
 * results that do not depend on which thread ran which chunk. */
void parallel_chunks(size_t n, size_t chunk, size_t threshold,
                     void (*fn)(void *arg, size_t lo, size_t hi, int thread), void *arg);
/* The size of such chunks: dflt, or TREUE_CHUNK (tests use small chunks to
 * cross many of their borders on small data). */
size_t chunk_size(size_t dflt);

/* Sorts records by (k1, k2, k3) ascending, stable, with a least-significant
 * digit radix sort that skips digits all records share.  Ties on all three
 * keys keep their input order. */
struct sort_rec {
	uint64_t k1, k2, k3;
	uint32_t id;
	uint32_t aux;
};
void radix_sort3(struct sort_rec *v, size_t n);
/* A radix sort's counts of each digit turned into the place where its
 * records start (an exclusive prefix sum, in place; fewer than 2^32 records). */
void counts_to_starts(uint32_t *c, size_t n);
/* The first 8 bytes of a string as a big-endian number: the same order as
 * strcmp on those bytes (a shorter string pads with 0 and sorts first). */
static inline uint64_t str_prefix8(const char *s)
{
	uint64_t v = 0;
	int i = 0;
	for (; i < 8 && s[i]; i++)
		v = v << 8 | (unsigned char)s[i];
	return i ? v << (8 * (8 - i)) : 0; /* an empty string: no shift by 64 */
}

/* ---- files ----
 * A new temporary file beside path, to be renamed onto it once written
 * whole (or unlinked at once, a scratch file on the same disk):
 * PATH.tmp-XXXXXX, created exclusively with mode 0666 less the
 * umask (so the finished file has the permissions any new file gets).
 * Returns the descriptor, open for reading and writing, and its name in
 * tmp, or -1 with errno. */
int tmpfile_beside(const char *path, struct strbuf *tmp);

/* ---- small helpers ---- */
int str_eq_nocase(const char *a, const char *b);
int str_starts_with(const char *s, const char *prefix);
/* FNV-1a 64-bit, for content hashes of import rows. */
uint64_t hash64(const void *data, size_t n, uint64_t seed);
/* Deterministic PRNG (splitmix64 seeded xoshiro256**). */
struct rng {
	uint64_t s[4];
};
void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
double rng_uniform(struct rng *r);             /* [0,1) */
double rng_normal(struct rng *r);              /* N(0,1) */
double rng_gamma(struct rng *r, double shape); /* Gamma(shape, 1) */
double rng_beta(struct rng *r, double a, double b);
int64_t rng_poisson(struct rng *r, double mean);
double rng_exp(struct rng *r, double rate);

/* ---- hash tables ----
 * strmap: text key -> int64, keys copied; u64set: a set of 64-bit values
 * (0 is allowed).  Open addressing, grows at 50% load.
 */
struct strmap {
	char **keys;
	int64_t *vals;
	size_t cap, n;
};
void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
/* Returns a pointer to the value of key, or NULL. */
int64_t *strmap_get(const struct strmap *m, const char *key);
void strmap_put(struct strmap *m, const char *key, int64_t val);

struct u64set {
	uint64_t *slots;
	unsigned char *used;
	size_t cap, n;
};
void u64set_init(struct u64set *s);
void u64set_release(struct u64set *s);
/* Adds v; returns 1 when it was new, 0 when already present. */
int u64set_add(struct u64set *s, uint64_t v);

#endif
