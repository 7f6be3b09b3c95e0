/*
 * ingest.h — reading the files companies really have: CSV from German ERP
 * systems and Excel (semicolons, decimal commas, 24.11.2026, Windows-1252
 * umlauts) into the store.  One public header for the whole module:
 *
 *   decoder   bytes -> UTF-8 (UTF-8 with or without BOM, Windows-1252 /
 *             ISO-8859-1, UTF-16 with BOM); undecodable bytes are named,
 *             never replaced                                   (encoding.c)
 *   csv       a pull-based RFC 4180 scanner that counts lines, with caps
 *             on field and record length                       (csv.c)
 *   sniff     delimiter detection; dates, money and scores judged per
 *             column and then parsed                           (sniff.c)
 *   headers   the fields of each kind, header synonyms in English and
 *             German, --map, and the words of status columns   (headers.c)
 *   rowsrc    one interface over the inputs: CSV files and Excel
 *             workbooks (.xlsx through libzip and expat, .xls through
 *             libfreexl), told apart by their first bytes  (rowsrc.c,
 *             xlsx.c, xlsx_cells.c, xls.c; xlsx_int.h inside)
 *   import    the two passes over each file, all or nothing    (import.c)
 *
 * Library code: nothing here prints or exits.  Functions return 0 (or a
 * count) on success and -1 with `struct err` filled on failure; what the
 * user should see is handed to the caller through struct ingest_opts'
 * callbacks.  docs/IMPORT.md describes the rules for users.
 */
#ifndef TREUE_INGEST_H
#define TREUE_INGEST_H

#include <stdint.h>

#include "store.h"
#include "util.h"
#include "vocab.h"

/* ---- limits (every untrusted input has a cap) ---- */
#define CSV_FIELD_MAX (64 * 1024)    /* bytes in one field (after decoding) */
#define CSV_RECORD_MAX (1024 * 1024) /* bytes in one record */
#define CSV_FIELDS_MAX 2048          /* fields in one record */
#define CSV_CHUNK (256 * 1024)       /* bytes read at a time; also the sniffing sample */
#define CSV_PIPE_WAIT_MS 2000        /* how long a pipe may keep its first data back */

/* ==== encoding (encoding.c) ==== */

enum ingest_enc {
	ENC_AUTO,    /* not decided yet: everything so far was ASCII */
	ENC_UTF8,    /* UTF-8 (with or without BOM) */
	ENC_CP1252,  /* Windows-1252, which covers ISO-8859-1's printable range */
	ENC_UTF16LE, /* only with a byte order mark */
	ENC_UTF16BE,
};

/* "UTF-8", "Windows-1252", ... ("ASCII" for ENC_AUTO: no byte above 0x7F). */
const char *ingest_enc_name(enum ingest_enc enc);
/* Parses an --encoding value: utf-8, utf8, windows-1252, cp1252, latin1,
 * iso-8859-1 (case-insensitive).  0 or -1. */
int ingest_enc_parse(const char *s, enum ingest_enc *out);

/*
 * The decoder turns raw bytes into UTF-8.  ENC_AUTO decides lazily: ASCII
 * is the same in every supported encoding, so the decision waits for the
 * first byte above 0x7F and then looks at the rest of the chunk it came in:
 * if all of it is valid UTF-8 the file is UTF-8, otherwise Windows-1252.
 * A byte order mark decides at once (and is dropped).  After the decision
 * a byte that does not fit (invalid UTF-8 in a UTF-8 file, UTF-8 inside a
 * Windows-1252 file, a byte Windows-1252 leaves undefined, a NUL byte)
 * stops decoding with the offset and a message.
 */
struct decoder {
	enum ingest_enc enc; /* ENC_AUTO while undecided */
	int bom;             /* a byte order mark was seen (and dropped) */
	int started;         /* the BOM check is done */
	uint64_t off;        /* raw offset of the next byte fed */
	/* after a failure: */
	uint64_t bad_off; /* raw offset of the offending byte */
	enum lang lang;   /* the language of why */
	const char *why; /* message in the language given to dec_init, "byte offset N: " is prefixed
	                    by the caller */
	unsigned char bad[2];
};
/* forced: ENC_AUTO to detect, or an encoding to use as given. */
void dec_init(struct decoder *d, enum ingest_enc forced, enum lang lang);
/*
 * Decodes in[0..n) and appends the UTF-8 to out.  *used is set to the
 * number of bytes consumed: an incomplete sequence at the end is left
 * unconsumed unless last is set (the caller offers it again with more
 * bytes).  Returns 0, or -1 when a byte cannot be decoded: everything
 * before it has been appended and consumed, d->bad_off/why/bad describe it.
 */
int dec_feed(struct decoder *d, const unsigned char *in, size_t n, int last, struct strbuf *out,
             size_t *used);
/* Length of the valid UTF-8 prefix of s[0..n); *incomplete is set when the
 * rest is only a truncated (but so far valid) sequence. */
size_t utf8_valid_prefix(const unsigned char *s, size_t n, int *incomplete);

/* ==== CSV scanner (csv.c) ==== */

/*
 * A pull-based CSV reader over a file or a memory buffer.  csv_next()
 * returns one record at a time; the fields point into the reader's own
 * buffer and stay valid until the next call.  RFC 4180 (quotes, doubled
 * quotes, quoted newlines) plus what real files need: CRLF, LF and lone CR
 * line ends, a UTF-8 BOM, an Excel "sep=;" first line, blank lines skipped,
 * text after a closing quote kept, a trailing delimiter giving an empty
 * last field.  The file is streamed: memory is bounded by CSV_CHUNK and
 * CSV_RECORD_MAX whatever the file's size.
 *
 * Read-only for callers: nf, f[], flen[], line, delim, and dec.enc.
 */
struct csv {
	const char *name; /* for messages */
	int nf;           /* fields of the current record */
	char **f;         /* f[i]: NUL-terminated field i (UTF-8) */
	size_t *flen;     /* its length in bytes */
	long line;        /* the line the current record starts on (1-based) */
	char delim;       /* the delimiter in use */
	int sep_line;     /* the file started with an Excel "sep=X" line */
	int sniffed;      /* the delimiter was detected (not given) */
	struct decoder dec;
	uint64_t size;     /* file size in bytes, 0 when unknown */
	uint64_t consumed; /* raw bytes read so far (progress) */

	/* private */
	int fd;
	const unsigned char *mem;
	size_t mem_len, mem_pos;
	int own_fd;
	enum ingest_enc forced;
	enum lang lang; /* of messages: the language of the opener's struct err */
	unsigned char *raw;
	size_t raw_cap, rlen;
	int src_eof, dec_failed;
	struct strbuf d; /* decoded text */
	size_t pos;      /* scan position in d */
	long cur_line;   /* line of the scan position */
	int skip_lf;     /* a record ended on CR: a following LF belongs to it */
	struct strbuf rec;
	size_t *off;
	int falloc, fcap;
	unsigned char special[256];
};

/* Opens path for reading.  delim: 0 to detect it (see sniff_delimiter), or
 * the delimiter to use.  enc: ENC_AUTO or a forced encoding.  NULL with e
 * filled when the file cannot be opened or its start cannot be decoded.
 * It opens without blocking and takes only a regular file or a pipe that
 * has data within CSV_PIPE_WAIT_MS: a pipe nobody writes to, a device or a
 * directory is refused instead of waiting forever. */
struct csv *csv_open_file(const char *path, char delim, enum ingest_enc enc, struct err *e);
/* The same over a memory buffer (kept by the caller while the reader lives). */
struct csv *csv_open_mem(const char *name, const void *data, size_t n, char delim,
                         enum ingest_enc enc, struct err *e);
/* Closes the file (when opened by csv_open_file) and frees the reader. */
void csv_free(struct csv *c);
/* Starts again at the first record (files: needs a seekable file).  The
 * delimiter stays.  0 or -1. */
int csv_rewind(struct csv *c, struct err *e);
/* 1: a record is ready in nf/f/flen/line; 0: end of input; -1: error (an
 * unclosed quote, a cap exceeded, an undecodable byte) with e naming the
 * file, the line and, for encoding errors, the byte offset. */
int csv_next(struct csv *c, struct err *e);

/* ==== row sources: CSV files and workbooks (rowsrc.c) ==== */

/* Caps of workbook input, beside CSV_FIELD_MAX (bytes of one cell's text),
 * CSV_FIELDS_MAX (columns) and CSV_RECORD_MAX (bytes of one row). */
#define WB_ROWS_MAX 1048576           /* rows of a sheet (Excel's own limit) */
#define WB_PART_MAX (16u << 20)       /* workbook.xml, rels, styles: bytes unpacked */
#define WB_SST_BYTES_MAX (256u << 20) /* shared strings: text bytes in all */
#define WB_SST_COUNT_MAX (16u << 20)  /* shared strings: how many */
#define WB_SHEET_MAX (4ull << 30)     /* one sheet's XML: bytes unpacked */
#define WB_XLS_MAX (256u << 20)       /* an .xls file: bytes */

/* What a workbook cell held; a CSV field is always CELL_TEXT.  The text of
 * the others: CELL_NUMBER "1234.56" (a dot, no grouping, at most 15
 * significant digits, no exponent), CELL_DATE "2026-11-24" (the time of
 * day dropped), CELL_BOOL "TRUE" or "FALSE", CELL_ERROR "#DIV/0!". */
enum cell_type { CELL_TEXT, CELL_NUMBER, CELL_DATE, CELL_BOOL, CELL_ERROR };

enum src_format { SRC_CSV, SRC_XLSX, SRC_XLS };

/*
 * A pull-based reader of records, the same for CSV files and workbook
 * sheets: rowsrc_next() hands out one record (a CSV record, a sheet row
 * with at least one cell) at a time; the fields stay valid until the next
 * call.  The format is told by the file's first bytes (a zip archive is
 * read as .xlsx, an OLE2 compound file as .xls, anything else as CSV); a
 * file named .xlsx or .xls that is neither is refused with a message.
 *
 * Read-only for callers: everything but the private part.
 */
struct rowsrc {
	const char *name; /* the path, for messages */
	enum src_format format;
	const char *sheet; /* workbooks: the sheet being read; NULL for CSV */
	int nf;
	char **f;                  /* f[i]: NUL-terminated text of field i (UTF-8) */
	size_t *flen;              /* its length in bytes */
	const unsigned char *type; /* workbooks: enum cell_type per field; NULL for CSV */
	const day_t *day;          /* workbooks: the day of each CELL_DATE field */
	long line;                 /* CSV: the line the record starts on; sheets: the row */
	uint64_t size, consumed;   /* for progress: bytes in all, bytes read */
	struct csv *csv;           /* CSV only (delimiter, encoding); NULL for workbooks */

	/* private */
	struct wbsrc *wb;
};

/* Messages are in e->lang.  Opens path.  sheet: the sheet of a workbook to read (by name, exact or
 * else ignoring ASCII case), NULL for the first worksheet; an unknown name
 * is an error listing the sheets; a sheet given for a CSV file is an error.
 * enc: CSV only, ENC_AUTO or a forced encoding.  NULL with e filled. */
struct rowsrc *rowsrc_open(const char *path, const char *sheet, enum ingest_enc enc, struct err *e);
/* 1: a record is ready; 0: end of input; -1: error with e naming the file
 * and the line, or for workbooks FILE:SHEET!CELL. */
int rowsrc_next(struct rowsrc *s, struct err *e);
/* Starts again at the first record.  0 or -1. */
int rowsrc_rewind(struct rowsrc *s, struct err *e);
void rowsrc_free(struct rowsrc *s);
/* Points e at record field col (0-based) of the current record: file and
 * line, for workbooks also the sheet and the cell (col < 0: the row). */
void rowsrc_where(const struct rowsrc *s, int col, struct err *e);
/* "Excel (.xlsx)", "Excel 97-2003 (.xls)", "CSV". */
const char *rowsrc_format_name(enum src_format f);
/* The amount of a CELL_NUMBER text in cents, rounded half away from zero
 * (15 significant digits, as the workbook shows it).  0, or -1 with *why
 * (in lang) when it is too large. */
int cell_number_cents(const char *s, int64_t *cents, const char **why, enum lang lang);

/* ==== sniffing and judging (sniff.c) ==== */

/* The delimiter of a CSV text sample (its first records): among ; tab , |
 * the one that splits the header into most-consistent field counts over
 * the sample, ties broken in that order; ',' when none splits the header.
 * eof: the sample is the whole input (else its last record is ignored). */
char sniff_delimiter(const char *s, size_t n, int eof);

/* Slash dates (03/04/2026, also 03-04-2026) are the one form that can mean
 * two things; a column decides it, or the --date-order hint. */
enum date_order { DATE_ORDER_UNKNOWN, DATE_ORDER_DMY, DATE_ORDER_MDY };

/* Evidence about one date column, collected value by value. */
struct date_judge {
	uint64_t values; /* non-empty values seen */
	uint64_t iso, dotted, slash, compact, timed, other;
	uint64_t dmy_votes, mdy_votes; /* slash dates whose first/second part > 12 */
};
/* Counts one value of the column (empty values are not counted). */
void date_judge_add(struct date_judge *j, const char *s);
/* DMY or MDY when the column's own slash dates show it (the majority when
 * they disagree), else UNKNOWN. */
enum date_order date_judge_order(const struct date_judge *j);
/* Describes the forms seen, e.g. "DD.MM.YYYY" or "YYYY-MM-DD, MM/DD/YYYY". */
void date_judge_describe(const struct date_judge *j, enum date_order order, struct strbuf *out,
                         enum lang lang);
/*
 * Reads one date in any of the forms 2026-11-24, 24.11.2026, 24.11.26,
 * 11/24/2026 (order given), 20261124, each optionally followed by a time
 * of day (dropped).  Two-digit years: 00-68 are 2000-2068, 69-99 are
 * 1969-1999.  0 with *out set, or -1 with *why set to the message
 * ("is not a date", ...).
 */
int date_parse(const char *s, enum date_order order, day_t *out, const char **why, enum lang lang);

/* Evidence about one money column: which mark is the decimal one. */
struct money_judge {
	uint64_t values;
	uint64_t strong_comma, strong_point; /* values that show the decimal mark */
	uint64_t weak_comma, weak_point;     /* "1.234": only grouping makes it money */
	unsigned currencies;                 /* bit set of currencies seen */
};
/* Counts one value of the column: which mark it shows, its currency. */
void money_judge_add(struct money_judge *j, const char *s);
/* ',' or '.': the column's own strong evidence (majority), else its weak
 * evidence, else dflt. */
char money_judge_mark(const struct money_judge *j, char dflt);
/* How many distinct currencies the column names (more than one is an error). */
int money_judge_currencies(const struct money_judge *j, struct strbuf *names);
/*
 * Reads an amount with the given decimal mark (the other of '.' ',' groups
 * thousands, as do spaces and apostrophes): 1234.56, 1,234.56, 1.234,56,
 * 1234,56, € 1.234,56, 1.234,56 EUR, -12,50, 12,50-, (12.50).  At most two
 * decimals.  0 with *cents set, or -1 with *why set.
 */
int money_parse(const char *s, char mark, int64_t *cents, const char **why, enum lang lang);

/* A survey scale: the lowest and highest answer, in thousandths. */
struct scale {
	int64_t min, max;
};
#define SCALE_DEFAULT ((struct scale){0, 10000})
/* "1-5", "0-100", "1..7", "1–7" (decimals with '.' allowed).  0 or -1. */
int scale_parse(const char *s, struct scale *out);
/* A score: "7", "7.5", "7,5", "80%", "-1" -> thousandths.  0; 1 when
 * decimals after the third were dropped and not all 0 (the value lies
 * beyond *milli, away from 0: 10.0001 is more than 10); -1 when it is not
 * a number. */
int score_parse(const char *s, int64_t *milli);
/* A score on scale sc to tenths 0..100: 0; -1 when it is not a number; -2
 * when it is a number outside the scale (-1, 10.0001 on 0-10). */
int score_read(const char *s, const struct scale *sc, int *tenths);
/* x on the scale to tenths 0..100: round(100·(x−min)/(max−min)).  -1 when
 * x is outside the scale. */
int score_normalise(int64_t milli, const struct scale *sc, int *tenths);
/* Writes a scale for people: "1-5", "0-10", "0.5-5". */
void scale_format(const struct scale *sc, struct strbuf *out);

/* ==== kinds, fields, headers, words (headers.c) ==== */

enum ingest_kind {
	KIND_CUSTOMERS,
	KIND_ORDERS,
	KIND_SURVEYS,
	KIND_DIALOGS,
	KIND_PROMISES,
	KIND_COMPLAINTS,
	KIND_STORIES,
	KIND_REFERRALS,
	KIND_DEPARTURES,
	KIND__COUNT
};

enum field {
	F_CUSTOMER_ID,
	F_NAME,
	F_INDUSTRY,
	F_REGION,
	F_OWNER,
	F_ACQUIRED_ON,
	F_ACQUISITION_COST,
	F_ORDER_ID,
	F_DATE,
	F_REVENUE,
	F_MARGIN,
	F_SATISFACTION,
	F_RECOMMEND,
	F_VALUE,
	F_COMMENT,
	F_CHANNEL,
	F_TOUCHPOINT,
	F_EMPLOYEE,
	F_SUPPORT,
	F_IMPROVE,
	F_NOTES,
	F_MADE_ON,
	F_DUE_ON,
	F_WHAT,
	F_STATUS,
	F_CLOSED_ON,
	F_REASON,
	F_DESCRIPTION,
	F_RESOLVED_ON,
	F_WHY1,
	F_WHY2,
	F_WHY3,
	F_WHY4,
	F_WHY5,
	F_ROOT_CAUSE,
	F_SITUATION,
	F_OUTCOME,
	F_KIND,
	F_FROM_CUSTOMER,
	F_TO_CUSTOMER,
	F_COMPETITOR,
	F_FOLLOW_UP,
	F__COUNT
};

/* How a field's text is read. */
enum field_type { FT_TEXT, FT_ID, FT_DATE, FT_MONEY, FT_SCORE, FT_WORD };

struct field_def {
	const char *name; /* canonical: "customer_id" */
	enum field_type type;
	const char *const *syn; /* synonyms, most specific first, NULL-terminated */
};
extern const struct field_def ingest_fields[F__COUNT];

/* The kind's name on the command line ("orders"). */
const char *ingest_kind_name(enum ingest_kind k);
/* Any word the vocabulary has for the kind (VOCAB_KIND): English or German,
 * singular or plural, in normal form ("Aufträge", "auftraege", "Umsätze",
 * "Kundengespräche").  0 or -1. */
int ingest_kind_parse(const char *s, enum ingest_kind *out);
/* 0: the kind has no such field; 1: optional; 2: required. */
int kind_field(enum ingest_kind k, enum field f);
/* The kind's fields in their canonical order; returns their number. */
int kind_fields(enum ingest_kind k, enum field *out);
/* A field by canonical name; -1 when none. */
int field_by_name(const char *name);

/* Header normal form: lower case (ASCII and Ä Ö Ü), ä ö ü ß spelled
 * ae oe ue ss, everything but letters and digits dropped:
 * "Kd-Nr." -> "kdnr", "Fällig am" -> "faelligam". */
void header_normalise(const char *s, struct strbuf *out);
/* The field a header names for this kind, or -1; *rank (optional): the
 * position of the matching synonym, lower is more specific. */
int header_field(enum ingest_kind k, const char *header, int *rank);

/* What each column of a file is read as. */
#define COL_UNMAPPED (-1) /* names no field: ignored and named on stderr */
#define COL_IGNORED (-2)  /* --map COLUMN= */
#define COL_SHADOWED (-3) /* names a field another column names more exactly */
struct colmap {
	int ncol;
	int *col_field;          /* per column: a field, or COL_* */
	int field_col[F__COUNT]; /* per field: its column, or -1 */
};
/*
 * Maps the header names of a file to the kind's fields: --map entries
 * ("COLUMN=FIELD", "COLUMN=" to ignore; COLUMN by header name compared in
 * normal form, or by 1-based number) first, then synonyms; when two
 * columns name one field the more specific synonym wins.  Fails when a
 * --map entry is malformed or names no field of the kind, or a required
 * field has no column.  *unused_maps gets the --map entries that matched no
 * column (comma separated).
 */
int colmap_build(struct colmap *m, enum ingest_kind k, int ncol, char *const *names,
                 const char *const *maps, int nmaps, struct strbuf *unused_maps, struct err *e);
/* Frees what colmap_build allocated (also after it failed). */
void colmap_release(struct colmap *m);

/* Status and kind words: every spelling the vocabulary (vocab.h) accepts.
 * Empty text gives the default (open, extra_mile).  0 or -1. */
int promise_status_parse(const char *s, enum promise_status *out);
int complaint_status_parse(const char *s, enum complaint_status *out);
int story_kind_parse(const char *s, enum story_kind *out);
/* A touchpoint word -> sales, service, billing, management or other;
 * NULL when the word is none of them (kept as "other"). */
const char *touchpoint_parse(const char *s);
/* A complaint reason word -> its code ("late_delivery"); NULL when the word
 * is none of them (kept as "other" with its wording). */
const char *reason_parse(const char *s);

/* ==== ids (ids.c) ==== */

#define INGEST_ID_MAX 256 /* bytes in a customer or order id */
/* The one rule for the company's ids (import and add): spaces and tabs
 * around are dropped; the rest must be 1 to INGEST_ID_MAX bytes without
 * control characters, bidirectional overrides or broken UTF-8.  0 with the
 * id at [*start, *start + *len) of s, or -1 with *why ("is empty", ...). */
int ingest_id_check(const char *s, const char **start, size_t *len, const char **why,
                    enum lang lang);
/* The same, the id copied into out; -1 with e naming field and value. */
int ingest_id_norm(const char *s, const char *field, struct strbuf *out, struct err *e);

/* ==== import (import.c) ==== */

/* What one file turned out to be, after the first pass. */
struct ingest_plan {
	const char *path;
	enum ingest_enc enc;
	int bom, sep_line;
	char delim;
	uint64_t rows; /* data records (blank ones not counted) */
	int ncol;
	char *const *cols;          /* header names */
	const int *col_field;       /* per column: field or COL_* */
	const char *form[F__COUNT]; /* how a date/money/score field is read, for people */
	const char *unused_maps;    /* --map entries naming no column of this file, or "" */
	enum src_format format;     /* CSV or a workbook (then enc, bom, delim do not apply) */
	const char *sheet;          /* workbooks: the sheet read */
};

struct ingest_opts {
	enum ingest_kind kind;
	const char *const *maps; /* --map COLUMN=FIELD */
	int nmaps;
	const char *const *scales; /* --scale MIN-MAX or FIELD=MIN-MAX */
	int nscales;
	const char *rejects; /* --skip-bad FILE, or NULL */
	/* how the audit trail names each file (an upload: the name it came
	 * with); NULL: by its path */
	const char *const *audit_names;
	int dry_run;
	int preview;                /* rows to hand to on_preview (dry run) */
	enum date_order date_order; /* --date-order, or UNKNOWN to judge */
	enum ingest_enc enc;        /* --encoding, or ENC_AUTO */
	const char *sheet;          /* --sheet: a workbook's sheet by name, NULL for the first */
	/* a first load of orders may hold the database alone while it runs
	 * (store_bulk_writes): the command line, never a server */
	int alone;

	/* callbacks, each may be NULL; cb is passed back */
	void *cb;
	/* one bad value of a row (a row may have several) */
	void (*on_bad)(void *cb, const struct err *e);
	/* after the first pass over a file */
	void (*on_plan)(void *cb, const struct ingest_plan *p);
	/* a row as read (dry run): n fields, canonical names and values as text */
	void (*on_preview)(void *cb, const char *path, long line, int n, const char *const *names,
	                   const char *const *values);
	/* progress: pass 1 (reading) or 2 (importing), bytes of this file */
	void (*on_progress)(void *cb, int pass, const char *path, uint64_t done, uint64_t total);
};

struct ingest_result {
	int64_t rows;     /* data rows read (all files) */
	int64_t imported; /* rows new in the store */
	int64_t updated;  /* corrections: known orders and customers whose values changed */
	int64_t present;  /* rows already there, unchanged */

	int64_t created;  /* customers created by rows of other kinds */
	int64_t as_other; /* complaint reasons / touchpoints kept as "other" */
	int64_t bad_rows; /* rows with a bad value */
	int64_t rejected; /* of them written to the rejects file */
};

/*
 * Checks the options before anything is read or written: --scale, and the
 * rejects file, which may not be the database at dbpath (or a file SQLite
 * keeps beside it), one of the input files, or an existing file that is
 * not a regular one (a device, a pipe, a directory).  dbpath may be NULL.
 * 0, or -1 with e filled: a mistake in the options.  ingest_run checks
 * them too; a caller checks first to tell option mistakes apart.
 */
int ingest_check_opts(const struct ingest_opts *o, const char *const *files, int nfiles,
                      const char *dbpath, struct err *e);

/*
 * Imports files[0..nfiles) as o->kind into st, in one transaction: every
 * file is read twice — first to detect the encoding and delimiter, map the
 * header and judge each date and money column as a whole, then to parse
 * and write.  A bad row is handed to on_bad; unless o->rejects is set no
 * row is then written (rollback) and -1 is returned with e saying how many
 * rows were bad.  With o->rejects the good rows are written and the bad
 * ones go to that file with their reasons (written to a temporary file
 * beside it and renamed into place only when the import succeeded with
 * rejects, so an existing file survives a failed import).  o->dry_run reads and checks
 * everything and writes nothing (st may be NULL).  r is filled in all cases.
 * A large file's second pass is read and parsed on a helper thread (it
 * never touches st); every callback is called from the caller's thread.
 */
int ingest_run(struct store *st, const struct ingest_opts *o, const char *const *files, int nfiles,
               struct ingest_result *r, struct err *e);

#endif
