/*
 * demo_csv.c — the CSV sink of the demo generator: nine files in English
 * style (customers.csv ...: comma, UTF-8, ISO dates, 1234.56, codes) or
 * German style as a German ERP writes them (Kunden.csv, Umsaetze.csv ...:
 * semicolon, Windows-1252, CRLF, 24.11.2026, 1.234,56, German headers, and
 * the German words of the vocabulary for touchpoints, statuses, story kinds
 * and complaint reasons: Vertrieb, eingehalten, Extrameile, Lieferverzug).
 * Both styles carry the same values to the cent and to the tenth of a
 * score, so importing either gives the same data.
 * Fields are quoted as RFC 4180 asks (delimiter, quote, CR or LF inside).
 * Opened with demo_xlsx_open, the same sink hands every field to the
 * workbook writer (demo_xlsx.c) instead, typed: text, day, money, score.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo_int.h"

enum {
	F_CUSTOMERS,
	F_ORDERS,
	F_SURVEYS,
	F_DIALOGS,
	F_PROMISES,
	F_COMPLAINTS,
	F_STORIES,
	F_REFERRALS,
	F_DEPARTURES
};

static const char *const names_en[DEMO_CSV_FILES] = {
    "customers.csv",  "orders.csv",  "surveys.csv",   "dialogs.csv",    "promises.csv",
    "complaints.csv", "stories.csv", "referrals.csv", "departures.csv",
};
/* ASCII only (ae for ä), as exports travel through many file systems; each
 * stem is a word import takes for the kind (treue import Umsaetze ...). */
static const char *const names_de[DEMO_CSV_FILES] = {
    "Kunden.csv",           "Umsaetze.csv",     "Umfragen.csv",
    "Kundengespraeche.csv", "Zusagen.csv",      "Reklamationen.csv",
    "Geschichten.csv",      "Empfehlungen.csv", "Abgaenge.csv",
};

const char *demo_csv_name(int i, enum lang style)
{
	if (i < 0 || i >= DEMO_CSV_FILES)
		return NULL;
	return style == LANG_DE ? names_de[i] : names_en[i];
}

/* The header lines; docs/DEMO.md lists them too. */
static const char *const header_en[DEMO_CSV_FILES] = {
    "Customer ID,Name,Industry,Region,Account Manager,Acquired On,Acquisition Cost",
    "Order No,Customer ID,Date,Revenue,Margin",
    "Customer ID,Date,Satisfaction,Recommend,Perceived Value,Comment",
    "Customer ID,Date,Channel,Touchpoint,Employee,Support,Improve,Notes,Follow Up",
    "Customer ID,Made On,Due On,What,Owner,Status,Closed On",
    "Customer ID,Date,Reason,Description,Status,Resolved On,Why 1,Why 2,Why 3,Why 4,Why 5,"
    "Root Cause,Owner",
    "Date,Kind,Customer ID,Employee,Situation,What,Outcome",
    "Referrer,Referred,Date",
    "Customer ID,Date,Reason,Competitor",
};
static const char *const header_de[DEMO_CSV_FILES] = {
    "Kundennummer;Firma;Branche;Region;Kundenbetreuer;Kunde seit;Akquisitionskosten",
    "Belegnummer;Kundennummer;Belegdatum;Umsatz;Deckungsbeitrag",
    "Kundennummer;Datum;Zufriedenheit;Weiterempfehlung;Nutzen;Kommentar",
    "Kundennummer;Datum;Kanal;Kontaktpunkt;Mitarbeiter;Unterstützung;Verbesserung;Notizen;"
    "Wiedervorlage am",
    "Kundennummer;vereinbart am;fällig am;Zusage;Betreuer;Status;abgeschlossen am",
    "Kundennummer;Datum;Reklamationsgrund;Beschreibung;Status;erledigt am;Warum 1;Warum 2;"
    "Warum 3;Warum 4;Warum 5;Grundursache;Verantwortlich",
    "Datum;Art;Kundennummer;Mitarbeiter;Situation;Maßnahme;Ergebnis",
    "Empfehler;Neukunde;Datum",
    "Kundennummer;Datum;Grund;Wettbewerber",
};

struct demo_csv {
	FILE *f[DEMO_CSV_FILES];
	char *path[DEMO_CSV_FILES];
	enum lang style;
	char delim;
	int first;            /* no field in the current line yet */
	struct strbuf line;   /* the current line, UTF-8 */
	struct strbuf cp1252; /* the same line in Windows-1252 */
	struct demo_xlsx *x;  /* workbooks instead of CSV files */
};

const char *demo_csv_header(int i, enum lang style)
{
	if (i < 0 || i >= DEMO_CSV_FILES)
		return NULL;
	return style == LANG_DE ? header_de[i] : header_en[i];
}

/* ---- UTF-8 to Windows-1252 ---- */

/* Windows-1252 bytes 0x80..0x9F and the code points they stand for. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

int demo_utf8_to_cp1252(const char *s, size_t n, struct strbuf *out, long *bad)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		unsigned long cp;
		int len;
		if (*p < 0x80) {
			sb_addch(out, *p++);
			continue;
		}
		if ((*p & 0xE0) == 0xC0) {
			cp = *p & 0x1F;
			len = 2;
		} else if ((*p & 0xF0) == 0xE0) {
			cp = *p & 0x0F;
			len = 3;
		} else if ((*p & 0xF8) == 0xF0) {
			cp = *p & 0x07;
			len = 4;
		} else {
			goto invalid;
		}
		if (end - p < len)
			goto invalid;
		for (int k = 1; k < len; k++) {
			if ((p[k] & 0xC0) != 0x80)
				goto invalid;
			cp = (cp << 6) | (p[k] & 0x3F);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && cp < 0x10000))
			goto invalid; /* overlong */
		p += len;
		if (cp >= 0xA0 && cp <= 0xFF) {
			sb_addch(out, (int)cp);
			continue;
		}
		int found = 0;
		for (int k = 0; k < 32 && !found; k++) {
			if (cp1252_high[k] && cp1252_high[k] == cp) {
				sb_addch(out, 0x80 + k);
				found = 1;
			}
		}
		if (!found) {
			if (bad)
				*bad = (long)cp;
			return -1;
		}
	}
	return 0;
invalid:
	if (bad)
		*bad = -1;
	return -1;
}

/* ---- fields ---- */

static void field(struct demo_csv *c, const char *s)
{
	if (c->x) {
		dx_text(c->x, s);
		return;
	}
	if (!c->first)
		sb_addch(&c->line, c->delim);
	c->first = 0;
	csv_cell(&c->line, s, c->delim, 0); /* numbers as they are, formulas guarded */
}

static void field_day(struct demo_csv *c, day_t d)
{
	char buf[16];
	int y, m, dd;
	if (c->x) {
		dx_day(c->x, d);
		return;
	}
	if (d == DAY_NONE) {
		field(c, NULL);
		return;
	}
	if (c->style == LANG_DE) {
		day_to_ymd(d, &y, &m, &dd);
		snprintf(buf, sizeof(buf), "%02d.%02d.%04d", dd, m, y);
	} else {
		day_format(d, buf);
	}
	field(c, buf);
}

/* German money: 1.234,56 and -0,50. */
static void money_de(int64_t cents, char buf[static 40])
{
	char digits[32];
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	snprintf(digits, sizeof(digits), "%" PRIu64, a / 100);
	size_t n = strlen(digits), o = 0;
	if (cents < 0)
		buf[o++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = '.';
		buf[o++] = digits[i];
	}
	snprintf(buf + o, 40 - o, ",%02u", (unsigned)(a % 100));
}

static void field_money(struct demo_csv *c, int64_t cents)
{
	char buf[40];
	if (c->x) {
		dx_money(c->x, cents);
		return;
	}
	if (cents == MONEY_NONE) {
		field(c, NULL);
		return;
	}
	if (c->style == LANG_DE)
		money_de(cents, buf);
	else
		money_format(cents, buf);
	field(c, buf);
}

/* A score in tenths as 0..10 with one decimal: 7.5 or 7,5. */
static void field_score(struct demo_csv *c, int tenths)
{
	char buf[16];
	if (c->x) {
		dx_score(c->x, tenths);
		return;
	}
	if (tenths == SCORE_NONE) {
		field(c, NULL);
		return;
	}
	snprintf(buf, sizeof(buf), "%d%c%d", tenths / 10, c->style == LANG_DE ? ',' : '.',
	         tenths % 10);
	field(c, buf);
}

static void row_begin(struct demo_csv *c)
{
	if (c->x)
		dx_row_begin(c->x);
	sb_reset(&c->line);
	c->first = 1;
}

/* Ends the line and writes it to file i. */
static int row_end(struct demo_csv *c, int i, struct err *e)
{
	const struct strbuf *out = &c->line;
	if (c->x)
		return dx_row_end(c->x, i, e);
	if (c->style == LANG_DE) {
		long bad = 0;
		sb_add(&c->line, "\r\n", 2);
		sb_reset(&c->cp1252);
		if (demo_utf8_to_cp1252(c->line.buf, c->line.len, &c->cp1252, &bad)) {
			if (bad < 0)
				return err_set(e,
				               L(e->lang, "%s: the text is not valid UTF-8: %s",
				                 "%s: der Text ist kein gültiges UTF-8: %s"),
				               c->path[i], c->line.buf);
			return err_set(
			    e,
			    L(e->lang, "%s: the character U+%04lX has no Windows-1252 form: %s",
			      "%s: das Zeichen U+%04lX gibt es in Windows-1252 nicht: %s"),
			    c->path[i], (unsigned long)bad, c->line.buf);
		}
		out = &c->cp1252;
	} else {
		sb_addch(&c->line, '\n');
	}
	if (fwrite(out->buf, 1, out->len, c->f[i]) != out->len)
		return err_set(
		    e, L(e->lang, "cannot write %s: %s", "%s lässt sich nicht schreiben: %s"),
		    c->path[i], strerror(errno));
	return 0;
}

/* ---- opening and closing ---- */

static int open_dir(const char *dir, enum lang style, int overwrite, int xlsx,
                    struct demo_csv **out, struct err *e)
{
	struct stat stt;
	struct demo_csv *c = xcalloc(1, sizeof(*c));
	*out = NULL;
	c->style = style;
	c->delim = style == LANG_DE ? ';' : ',';
	sb_init(&c->line);
	sb_init(&c->cp1252);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		err_set(e,
		        L(e->lang, "cannot create the directory %s: %s",
		          "das Verzeichnis %s lässt sich nicht anlegen: %s"),
		        dir, strerror(errno));
		goto fail;
	}
	if (stat(dir, &stt) != 0 || !S_ISDIR(stt.st_mode)) {
		err_set(e, L(e->lang, "%s is not a directory", "%s ist kein Verzeichnis"), dir);
		goto fail;
	}
	for (int i = 0; i < DEMO_CSV_FILES; i++) {
		struct strbuf p = STRBUF_INIT;
		sb_addf(&p, "%s/%s", dir, demo_csv_name(i, style));
		if (xlsx && p.len > 4 && !strcmp(p.buf + p.len - 4, ".csv")) {
			sb_setlen(&p, p.len - 4); /* Kunden.csv -> Kunden.xlsx */
			sb_adds(&p, ".xlsx");
		}
		c->path[i] = sb_detach(&p);
		if (!overwrite && access(c->path[i], F_OK) == 0) {
			err_set(e,
			        L(e->lang, "%s exists already (--force overwrites it)",
			          "%s gibt es schon (--force überschreibt die Datei)"),
			        c->path[i]);
			goto fail;
		}
	}
	if (xlsx) {
		c->x = dx_open(c->path, style, e);
		if (!c->x)
			goto fail;
		*out = c;
		return 0;
	}
	for (int i = 0; i < DEMO_CSV_FILES; i++) {
		c->f[i] = fopen(c->path[i], "wb");
		if (!c->f[i]) {
			err_set(
			    e,
			    L(e->lang, "cannot create %s: %s", "%s lässt sich nicht anlegen: %s"),
			    c->path[i], strerror(errno));
			goto fail;
		}
		setvbuf(c->f[i], NULL, _IOFBF, 1 << 18);
		row_begin(c);
		sb_adds(&c->line, demo_csv_header(i, style));
		if (row_end(c, i, e))
			goto fail;
	}
	*out = c;
	return 0;
fail:
	demo_csv_close(c, NULL);
	return -1;
}

int demo_csv_open(const char *dir, enum lang style, int overwrite, struct demo_csv **out,
                  struct err *e)
{
	return open_dir(dir, style, overwrite, 0, out, e);
}

int demo_xlsx_open(const char *dir, enum lang style, int overwrite, struct demo_csv **out,
                   struct err *e)
{
	return open_dir(dir, style, overwrite, 1, out, e);
}

int demo_csv_close(struct demo_csv *c, struct err *e)
{
	int rc = 0;
	if (!c)
		return 0;
	if (c->x && dx_close(c->x, e))
		rc = -1;
	for (int i = 0; i < DEMO_CSV_FILES; i++) {
		if (c->f[i] && (ferror(c->f[i]) | fclose(c->f[i])) && rc == 0) {
			rc = -1;
			if (e)
				err_set(e,
				        L(e->lang, "cannot write %s: %s",
				          "%s lässt sich nicht schreiben: %s"),
				        c->path[i], strerror(errno));
		}
		free(c->path[i]);
	}
	sb_release(&c->line);
	sb_release(&c->cp1252);
	free(c);
	return rc;
}

/* ---- the records ---- */

/* A code word of the vocabulary as the style writes it: the code in English
 * style (the reasons by their English wording), the German label in German
 * style. */
static void field_word(struct demo_csv *c, enum vocab_class vc, int i)
{
	if (c->style == LANG_DE || vc == VOCAB_REASON)
		field(c, vocab_label(vc, i, c->style, VOCAB_ONE));
	else
		field(c, vocab_code(vc, i));
}

static int csv_customer(void *arg, const struct rec_customer *r, struct err *e)
{
	struct demo_csv *c = arg;
	row_begin(c);
	field(c, r->customer_id);
	field(c, r->name);
	field(c, r->industry);
	field(c, r->region);
	field(c, r->owner);
	field_day(c, r->acquired_on);
	field_money(c, r->acquisition_cost);
	return row_end(c, F_CUSTOMERS, e);
}

static int csv_order(void *arg, const struct rec_order *r, struct err *e)
{
	struct demo_csv *c = arg;
	row_begin(c);
	field(c, r->order_id);
	field(c, r->customer_id);
	field_day(c, r->date);
	field_money(c, r->revenue);
	field_money(c, r->margin);
	return row_end(c, F_ORDERS, e);
}

static int csv_survey(void *arg, const struct rec_survey *r, struct err *e)
{
	struct demo_csv *c = arg;
	row_begin(c);
	field(c, r->customer_id);
	field_day(c, r->date);
	field_score(c, r->satisfaction);
	field_score(c, r->recommend);
	field_score(c, r->value);
	field(c, r->comment);
	return row_end(c, F_SURVEYS, e);
}

static int csv_dialog(void *arg, const struct rec_dialog *r, struct err *e)
{
	struct demo_csv *c = arg;
	row_begin(c);
	field(c, r->customer_id);
	field_day(c, r->date);
	field(c, r->channel);
	if (r->touchpoint && vocab_index(VOCAB_TOUCHPOINT, r->touchpoint) >= 0)
		field_word(c, VOCAB_TOUCHPOINT, vocab_index(VOCAB_TOUCHPOINT, r->touchpoint));
	else
		field(c, r->touchpoint);
	field(c, r->employee);
	field(c, r->support);
	field(c, r->improve);
	field(c, r->notes);
	field_day(c, r->follow_up);
	return row_end(c, F_DIALOGS, e);
}

static int csv_promise(void *arg, const struct rec_promise *r, struct err *e)
{
	struct demo_csv *c = arg;
	row_begin(c);
	field(c, r->customer_id);
	field_day(c, r->made_on);
	field_day(c, r->due_on);
	field(c, r->what);
	field(c, r->owner);
	field_word(c, VOCAB_PROMISE_STATUS, (int)r->status);
	field_day(c, r->closed_on);
	return row_end(c, F_PROMISES, e);
}

static int csv_complaint(void *arg, const struct rec_complaint *r, struct err *e)
{
	struct demo_csv *c = arg;
	int reason = vocab_index(VOCAB_REASON, r->reason);
	row_begin(c);
	field(c, r->customer_id);
	field_day(c, r->date);
	if (r->reason_text)
		field(c, r->reason_text);
	else if (reason >= 0)
		field_word(c, VOCAB_REASON, reason);
	else
		field(c, r->reason);
	field(c, r->description);
	field_word(c, VOCAB_COMPLAINT_STATUS, (int)r->status);
	field_day(c, r->resolved_on);
	for (int k = 0; k < 5; k++)
		field(c, r->why[k]);
	field(c, r->root_cause);
	field(c, r->owner);
	return row_end(c, F_COMPLAINTS, e);
}

static int csv_story(void *arg, const struct rec_story *r, struct err *e)
{
	struct demo_csv *c = arg;
	row_begin(c);
	field_day(c, r->date);
	field_word(c, VOCAB_STORY_KIND, (int)r->kind);
	field(c, r->customer_id);
	field(c, r->employee);
	field(c, r->situation);
	field(c, r->what);
	field(c, r->outcome);
	return row_end(c, F_STORIES, e);
}

static int csv_referral(void *arg, const struct rec_referral *r, struct err *e)
{
	struct demo_csv *c = arg;
	row_begin(c);
	field(c, r->from_customer);
	field(c, r->to_customer);
	field_day(c, r->date);
	return row_end(c, F_REFERRALS, e);
}

static int csv_departure(void *arg, const struct rec_departure *r, struct err *e)
{
	struct demo_csv *c = arg;
	row_begin(c);
	field(c, r->customer_id);
	field_day(c, r->date);
	field(c, r->reason);
	field(c, r->competitor);
	return row_end(c, F_DEPARTURES, e);
}

const struct demo_sink demo_csv_sink = {
    csv_customer,  csv_order, csv_survey,   csv_dialog,    csv_promise,
    csv_complaint, csv_story, csv_referral, csv_departure,
};
