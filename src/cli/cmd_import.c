/*
 * cmd_import.c — `treue import KIND FILE...`: options, and everything the
 * import says to people: bad rows as FILE:LINE: ..., ignored columns once,
 * the dry run's account of how each file is read, a progress bar on a
 * terminal, and the summary line.  The work itself is app_import() (and
 * under it ingest_run()).
 */
#include <string.h>

#include "cli.h"
#include "ingest.h"
#include "report.h"

#define MAX_SHOWN_ERRORS 50

struct ui {
	struct ctx *c;
	enum ingest_kind kind;
	int dry_run;
	long shown, bad;
	int bar;               /* a progress bar is on the screen */
	int bar_pct;           /* what it shows */
	struct strmap named;   /* ignored columns already named */
	struct strbuf out;     /* the dry run's text (stdout) */
	const char *kind_name; /* "customers", ... (for the names of fields) */
};

/* A value of the dry run's preview (as the import read it: dates ISO,
 * amounts and scores with a dot, codes) for people in the CLI's language. */
static void preview_value(struct strbuf *out, const char *kind, const char *field, const char *v)
{
	const struct field_def *fd = NULL;
	for (int f = 0; f < F__COUNT; f++)
		if (!strcmp(ingest_fields[f].name, field))
			fd = &ingest_fields[f];
	day_t d;
	int64_t cents;
	if (!*v || !fd) {
		sb_add_visible(out, v, 0);
	} else if (fd->type == FT_DATE && day_parse_iso(v, &d) == 0) {
		fmt_day(out, cli_lang, d);
	} else if (fd->type == FT_MONEY && money_parse_plain(v, &cents) == 0) {
		fmt_money(out, cli_lang, cents);
	} else if (fd->type == FT_SCORE) {
		for (; *v; v++)
			sb_addch(out, *v == '.' ? ',' : *v);
	} else if (fd->type == FT_WORD) {
		enum vocab_class vc = !strcmp(field, "touchpoint")     ? VOCAB_TOUCHPOINT
		                      : !strcmp(field, "kind")         ? VOCAB_STORY_KIND
		                      : !strncmp(kind, "complaint", 9) ? VOCAB_COMPLAINT_STATUS
		                                                       : VOCAB_PROMISE_STATUS;
		sb_adds(out, vocab_label_of(vc, v, cli_lang, VOCAB_ONE));
	} else if (!strcmp(field, "reason") && vocab_index(VOCAB_REASON, v) >= 0) {
		sb_adds(out, vocab_label_of(VOCAB_REASON, v, cli_lang, VOCAB_ONE));
	} else {
		sb_add_visible(out, v, 0);
	}
}

static void note(const char *fmt, ...) ATTR_PRINTF(1, 2);
static void note(const char *fmt, ...)
{
	va_list ap;
	struct strbuf raw = STRBUF_INIT, v = STRBUF_INIT;
	fflush(stdout);
	va_start(ap, fmt);
	sb_vaddf(&raw, fmt, ap);
	va_end(ap);
	sb_add_visible(&v, raw.buf, 0); /* column names as they show: controls escaped */
	fprintf(stderr, "treue import: %s\n", v.buf);
	sb_release(&raw);
	sb_release(&v);
}

static void bar_clear(struct ui *u)
{
	if (u->bar) {
		fputs("\r\033[K", stderr);
		u->bar = 0;
		u->bar_pct = -1;
	}
}

static void on_bad(void *cb, const struct err *e)
{
	struct ui *u = cb;
	u->bad++;
	if (u->shown >= MAX_SHOWN_ERRORS)
		return;
	struct strbuf sb = STRBUF_INIT;
	struct err shown = *e;
	bar_clear(u);
	/* the field as people name it: Feld "Datum", not "date" */
	snprintf(shown.field, sizeof(shown.field), "%s",
	         field_label(e->field, u->kind_name, e->lang));
	err_format(&shown, &sb);
	fprintf(stderr, "%s\n", sb.buf);
	sb_release(&sb);
	u->shown++;
}

static void on_progress(void *cb, int pass, const char *path, uint64_t done, uint64_t total)
{
	struct ui *u = cb;
	enum { WIDTH = 30 };
	if (!stderr_is_tty() || total < 8u * 1024 * 1024)
		return;
	if (done >= total) {
		bar_clear(u);
		return;
	}
	int pct = (int)(done * 100 / total);
	if (u->bar && pct == u->bar_pct)
		return;
	char bar[WIDTH + 1];
	int fill = pct * WIDTH / 100;
	for (int i = 0; i < WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[WIDTH] = '\0';
	const char *base = strrchr(path, '/');
	fprintf(stderr, "\r%s %s [%s] %3d%%",
	        pass == 1 ? L(cli_lang, "reading  ", "lese     ")
	                  : L(cli_lang, "importing", "importiere"),
	        base ? base + 1 : path, bar, pct);
	fflush(stderr);
	u->bar = 1;
	u->bar_pct = pct;
}

static const char *delim_name(char d)
{
	switch (d) {
	case ';': return L(cli_lang, "semicolon (;)", "Semikolon (;)");
	case ',': return L(cli_lang, "comma (,)", "Komma (,)");
	case '\t': return L(cli_lang, "tab", "Tabulator");
	case '|': return L(cli_lang, "pipe (|)", "senkrechter Strich (|)");
	}
	return "?";
}

static void on_plan(void *cb, const struct ingest_plan *p)
{
	struct ui *u = cb;
	struct strbuf ign = STRBUF_INIT;

	bar_clear(u);
	for (int i = 0; i < p->ncol; i++) {
		int f = p->col_field[i];
		if (f != COL_UNMAPPED || !p->cols[i][0] || strmap_get(&u->named, p->cols[i]))
			continue;
		strmap_put(&u->named, p->cols[i], 1);
		sb_addf(&ign, "%s\"%s\"", ign.len ? ", " : "", p->cols[i]);
	}
	if (ign.len)
		note(L(cli_lang, "%s: ignored columns (they name no field): %s",
		       "%s: übergangene Spalten (sie benennen kein Feld): %s"),
		     p->path, ign.buf);
	for (int i = 0; i < p->ncol; i++) {
		if (p->col_field[i] != COL_SHADOWED)
			continue;
		struct strbuf key = STRBUF_INIT;
		sb_addf(&key, "\x1f%s", p->cols[i]);
		/* the column that is read instead: the one mapped to the same field */
		int f = header_field(u->kind, p->cols[i], NULL), read = -1;
		for (int j = 0; f >= 0 && j < p->ncol && read < 0; j++)
			if (p->col_field[j] == f)
				read = j;
		if (!strmap_get(&u->named, key.buf) && read >= 0) {
			strmap_put(&u->named, key.buf, 1);
			note(L(cli_lang,
			       "%s: column %d \"%s\" is ignored: column %d \"%s\" is read as %s "
			       "(choose with --map)",
			       "%s: Spalte %d \"%s\" wird übergangen: Spalte %d \"%s\" wird als %s "
			       "gelesen (Auswahl mit --map)"),
			     p->path, i + 1, p->cols[i], read + 1, p->cols[read],
			     ingest_fields[f].name);
		} else if (!strmap_get(&u->named, key.buf)) {
			strmap_put(&u->named, key.buf, 1);
			note(
			    L(cli_lang,
			      "%s: ignored column \"%s\": another column names the same field more "
			      "exactly (choose with --map)",
			      "%s: übergangene Spalte \"%s\": eine andere Spalte benennt dasselbe "
			      "Feld "
			      "genauer (Auswahl mit --map)"),
			    p->path, p->cols[i]);
		}
		sb_release(&key);
	}
	if (p->unused_maps && *p->unused_maps)
		note(L(cli_lang, "%s: --map %s: no such column",
		       "%s: --map %s: keine solche Spalte"),
		     p->path, p->unused_maps);
	sb_release(&ign);
	if (!u->dry_run)
		return;

	struct strbuf *o = &u->out;
	sb_add_visible(o, p->path, 0);
	sb_addch(o, '\n');
	if (p->format != SRC_CSV) {
		sb_addf(o, "  %-12s %s\n", L(cli_lang, "format", "Format"),
		        rowsrc_format_name(p->format));
		sb_addf(o, "  %-12s ", L(cli_lang, "sheet", "Blatt"));
		sb_add_visible(o, p->sheet, 0);
		sb_addch(o, '\n');
	} else {
		sb_addf(o, "  %-12s %s%s%s\n", L(cli_lang, "encoding", "Kodierung"),
		        ingest_enc_name(p->enc),
		        p->bom ? L(cli_lang, " (with BOM)", " (mit BOM)") : "",
		        p->enc == ENC_CP1252 || p->enc == ENC_UTF16LE || p->enc == ENC_UTF16BE
		            ? L(cli_lang, ", converted to UTF-8", ", umgewandelt in UTF-8")
		            : "");
		sb_addf(o, "  %-12s %s%s\n", L(cli_lang, "delimiter", "Trennzeichen"),
		        delim_name(p->delim),
		        p->sep_line ? L(cli_lang, ", from the sep= line", ", aus der sep=-Zeile")
		                    : "");
	}
	sb_addf(o, "  %-12s %s\n", L(cli_lang, "rows", "Zeilen"),
	        int_format_human((int64_t)p->rows, cli_lang, (char[32]){0}));
	sb_addf(o, "  %s\n", L(cli_lang, "columns:", "Spalten:"));
	for (int i = 0; i < p->ncol; i++) {
		int f = p->col_field[i];
		struct strbuf name = STRBUF_INIT;
		sb_addch(&name, '"');
		sb_add_visible(&name, p->cols[i], 0);
		sb_addch(&name, '"');
		sb_addf(o, "    %-24s -> ", name.buf);
		sb_release(&name);
		if (f >= 0) {
			sb_adds(o, field_label(ingest_fields[f].name, u->kind_name, cli_lang));
			if (p->form[f])
				sb_addf(o, ": %s", p->form[f]);
		} else if (f == COL_IGNORED)
			sb_adds(o, L(cli_lang, "(ignored: --map)", "(übergangen: --map)"));
		else if (f == COL_SHADOWED)
			sb_adds(o, L(cli_lang, "(ignored: another column names this field)",
			             "(übergangen: eine andere Spalte benennt dieses Feld)"));
		else
			sb_adds(o, L(cli_lang, "(ignored: no field)", "(übergangen: kein Feld)"));
		sb_addch(o, '\n');
	}
}

static void on_preview(void *cb, const char *path, long line, int n, const char *const *names,
                       const char *const *values)
{
	struct ui *u = cb;
	sb_addf(&u->out, "  %s %ld:", L(cli_lang, "line", "Zeile"), line);
	for (int i = 0; i < n; i++) {
		sb_addf(&u->out, " %s=", field_label(names[i], u->kind_name, cli_lang));
		preview_value(&u->out, u->kind_name, names[i], values[i]);
	}
	sb_addch(&u->out, '\n');
}

int cmd_import(int argc, char **argv, struct ctx *c)
{
	struct opt_list maps = {0}, scales = {0};
	const char *rejects = NULL, *date_order = NULL, *encoding = NULL, *sheet = NULL;
	int dry_run = 0, rc = EXIT_ERR;
	const struct option opts[] = {
	    OPT_LIST("map", &maps, "COLUMN=FIELD",
	             "read COLUMN as FIELD; COLUMN= ignores it (repeatable)",
	             "SPALTE als FELD lesen; SPALTE= übergeht sie (wiederholbar)"),
	    OPT_STRING("skip-bad", &rejects, "REJECTS.csv",
	               "import the good rows, write the bad ones with their reasons to REJECTS.csv",
	               "die guten Zeilen importieren, die fehlerhaften mit Grund nach "
	               "ABGELEHNT.csv schreiben"),
	    OPT_LIST("scale", &scales, "MIN-MAX",
	             "surveys: the answers' scale (1-5, 1-7, 0-100), stored as 0-10; "
	             "FIELD=MIN-MAX for one field",
	             "Umfragen: die Skala der Antworten (1-5, 1-7, 0-100), gespeichert als 0-10; "
	             "FELD=MIN-MAX für ein Feld"),
	    OPT_FLAG("dry-run", &dry_run, "show how the files would be read; write nothing",
	             "zeigen, wie die Dateien gelesen würden; nichts schreiben"),
	    OPT_STRING("date-order", &date_order, "dmy|mdy",
	               "slash dates like 03/04/2026 are day/month (dmy) or month/day (mdy)",
	               "Daten mit Schrägstrich wie 03/04/2026 sind Tag/Monat (dmy) oder "
	               "Monat/Tag (mdy)"),
	    OPT_STRING("encoding", &encoding, "utf-8|windows-1252",
	               "the files' encoding (default: detected)",
	               "die Kodierung der Dateien (Vorgabe: erkannt)"),
	    OPT_STRING("sheet", &sheet, "NAME",
	               "workbooks (.xlsx, .xls): the sheet to read (default: the first)",
	               "Arbeitsmappen (.xlsx, .xls): das zu lesende Blatt (Vorgabe: das erste)"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue import KIND FILE... [--map COLUMN=FIELD]... [--skip-bad REJECTS.csv]\n"
	    "       [--scale MIN-MAX] [--sheet NAME] [--dry-run]",
	    "Imports CSV files as KIND: customers, orders, surveys, dialogs, promises,\n"
	    "complaints, stories, referrals or departures (German names work too).\n"
	    "Encoding (UTF-8 or Windows-1252), delimiter (; , tab |), date and number forms\n"
	    "are detected; headers are matched by name in English or German. A file with a\n"
	    "bad row imports nothing and every bad row is listed as FILE:LINE: ...;\n"
	    "importing the same file again adds nothing. Excel workbooks (.xlsx, .xls) are\n"
	    "read like CSV files, from their first sheet or --sheet NAME; their errors name\n"
	    "FILE:SHEET!CELL. See docs/IMPORT.md.",
	    "Importiert CSV-Dateien als ART: Kunden, Aufträge, Umfragen, Kundengespräche,\n"
	    "Zusagen, Reklamationen, Geschichten, Empfehlungen oder Abgänge (groß oder klein\n"
	    "geschrieben, auch auf Englisch).\n"
	    "Kodierung (UTF-8 oder Windows-1252), Trennzeichen (; , Tab |), Datums- und\n"
	    "Zahlenformen werden erkannt; Spalten werden über ihren deutschen oder englischen\n"
	    "Namen zugeordnet. Eine Datei mit einer fehlerhaften Zeile importiert nichts, jede\n"
	    "fehlerhafte Zeile wird als DATEI:ZEILE: ... genannt; ein erneuter Import derselben\n"
	    "Datei fügt nichts hinzu. Excel-Arbeitsmappen (.xlsx, .xls) werden wie CSV-Dateien\n"
	    "gelesen, aus dem ersten Blatt oder --sheet NAME; ihre Fehler nennen\n"
	    "DATEI:BLATT!ZELLE. Siehe docs/IMPORT.md.",
	};
	struct ui u;
	struct ingest_opts o;
	struct ingest_result r;
	struct err e = {.lang = cli_lang};

	memset(&u, 0, sizeof(u));
	strmap_init(&u.named);
	sb_init(&u.out);
	u.c = c;
	u.bar_pct = -1;
	int n = parse_options(c, argc, argv, opts, &help);
	if (n < 2) {
		rc = usage_error(
		    L(cli_lang, "import needs a KIND and at least one FILE (see --help)",
		      "treue import braucht ART und mindestens eine DATEI (siehe --help)"));
		goto out;
	}
	memset(&o, 0, sizeof(o));
	o.alone = 1; /* this process owns the command: a first load may hold the file alone */
	if (ingest_kind_parse(argv[0], &o.kind)) {
		rc = usage_error(
		    L(cli_lang,
		      "\"%s\" is not a kind: customers, orders, surveys, dialogs, "
		      "promises, complaints, stories, referrals, departures",
		      "\"%s\" ist keine Art: Kunden, Aufträge, Umfragen, Kundengespräche, "
		      "Zusagen, Reklamationen, Geschichten, Empfehlungen, Abgänge"),
		    argv[0]);
		goto out;
	}
	u.kind_name = ingest_kind_name(o.kind);
	o.date_order = DATE_ORDER_UNKNOWN;
	if (date_order) {
		if (!strcmp(date_order, "dmy"))
			o.date_order = DATE_ORDER_DMY;
		else if (!strcmp(date_order, "mdy"))
			o.date_order = DATE_ORDER_MDY;
		else {
			rc = usage_error(L(cli_lang, "--date-order: \"%s\" is not dmy or mdy",
			                   "--date-order: \"%s\" ist weder dmy noch mdy"),
			                 date_order);
			goto out;
		}
	}
	o.enc = ENC_AUTO;
	if (encoding && ingest_enc_parse(encoding, &o.enc)) {
		rc = usage_error(L(cli_lang, "--encoding: \"%s\" is not utf-8 or windows-1252",
		                   "--encoding: \"%s\" ist weder utf-8 noch windows-1252"),
		                 encoding);
		goto out;
	}
	o.maps = maps.v;
	o.nmaps = maps.n;
	o.scales = scales.v;
	o.nscales = scales.n;
	o.rejects = rejects;
	o.sheet = sheet;
	o.dry_run = dry_run;
	o.preview = 5;
	o.cb = &u;
	o.on_bad = on_bad;
	o.on_plan = on_plan;
	o.on_preview = on_preview;
	o.on_progress = on_progress;
	u.dry_run = dry_run;
	u.kind = o.kind;
	if (ingest_check_opts(&o, (const char *const *)argv + 1, n - 1, c->db, &e)) {
		print_err(&e);
		rc = EXIT_USAGE;
		goto out;
	}

	/* a dry run opens no database */
	struct app_ctx ac = {.lang = cli_lang, .as_of = c->as_of, .today = day_today()};
	if (!dry_run && ctx_app(c, NULL, &ac))
		goto out;
	err_clear(&e);
	int irc = app_import(&ac, &o, (const char *const *)argv + 1, n - 1, &r, &e);
	bar_clear(&u);
	if (u.bad > u.shown)
		fprintf(stderr, L(cli_lang, "... and %s more\n", "... und %s weitere\n"),
		        int_format_human(u.bad - u.shown, cli_lang, (char[32]){0}));
	if (dry_run && u.out.len) {
		sb_adds(&u.out, L(cli_lang, "dry run: ", "Probelauf: "));
		fmt_count(&u.out, cli_lang, (int64_t)r.rows, L(cli_lang, "row", "Zeile"),
		          L(cli_lang, "rows", "Zeilen"));
		sb_adds(&u.out, L(cli_lang, " read, ", " gelesen, "));
		fmt_int(&u.out, cli_lang, (int64_t)r.bad_rows);
		sb_adds(&u.out, L(cli_lang, " bad; nothing written\n",
		                  " fehlerhaft; nichts geschrieben\n"));
		if (emit(&u.out))
			goto out;
	}
	if (irc) {
		print_err(&e);
		goto out;
	}
	if (dry_run) {
		rc = EXIT_OK;
		goto out;
	}
	sb_reset(&u.out);
	if (c->format == FMT_JSON) {
		report_import_json(&r, &u.out);
		sb_addch(&u.out, '\n');
	} else {
		char nb[6][32];
		sb_addf(&u.out,
		        L(cli_lang,
		          "%s imported, %s updated, %s already present, %s %s created, "
		          "%s kept as other, %s rejected\n",
		          "%s importiert, %s aktualisiert, %s bereits vorhanden, %s %s "
		          "angelegt, %s als Sonstiges übernommen, %s abgelehnt\n"),
		        int_format_human((int64_t)r.imported, cli_lang, nb[0]),
		        int_format_human((int64_t)r.updated, cli_lang, nb[1]),
		        int_format_human((int64_t)r.present, cli_lang, nb[2]),
		        int_format_human((int64_t)r.created, cli_lang, nb[3]),
		        plural((int64_t)r.created, L(cli_lang, "customer", "Kunde"),
		               L(cli_lang, "customers", "Kunden")),
		        int_format_human((int64_t)r.as_other, cli_lang, nb[4]),
		        int_format_human((int64_t)r.rejected, cli_lang, nb[5]));
		if (r.rejected)
			sb_addf(&u.out,
			        L(cli_lang, "rejected rows with their reasons: %s\n",
			          "abgelehnte Zeilen mit Grund: %s\n"),
			        rejects);
	}
	rc = emit(&u.out);
out:
	opt_list_release(&maps);
	opt_list_release(&scales);
	strmap_release(&u.named);
	sb_release(&u.out);
	return rc;
}
