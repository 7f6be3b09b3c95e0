/*
 * page_import.c — Import (admins): upload a file (what ingest_run reads)
 * and choose its kind (a multipart form); see the dry run of `treue import
 * --dry-run` (encoding, delimiter, the column mapping with a select per
 * column that becomes --map entries, date and money forms, the first rows,
 * every bad value with its line); confirm, and follow the import's
 * progress on a page that refreshes itself until the result is there.
 * The import is app_import, all or nothing, on a thread of its own
 * (upload.c keeps the file and the job).
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "report.h"
#include "web_int.h"

#define PREVIEW_ROWS 10

static void kind_options(struct html *h, int selected)
{
	for (int k = 0; k < KIND__COUNT; k++) {
		H(h, "<option");
		HATTR(h, "value", ingest_kind_name((enum ingest_kind)k));
		if (k == selected)
			H(h, " selected");
		H(h, ">");
		html_text(h, vocab_label(VOCAB_KIND, k, h->lang, VOCAB_MANY));
		H(h, "</option>");
	}
}

static void import_path(struct strbuf *sb, const char *id, const char *what)
{
	sb_adds(sb, "/import/");
	sb_adds(sb, id); /* hex digits */
	sb_adds(sb, what);
}

/* ---- the upload form ---- */

static void upload_form(struct web_req *rq, struct web_resp *rs, int kind, const char *why)
{
	struct html h;
	char cap[64];
	page_begin(rq, rs, &h, L(rq->lang, "Import", "Import"));
	H(&h, "<h1>");
	HT(&h, "Import", "Import");
	H(&h, "</h1><p>");
	HT(&h,
	   "Upload a CSV file or an Excel workbook as it comes from your ERP or spreadsheet. "
	   "treue detects the format, the encoding, the delimiter, date and money forms, and "
	   "German or English headers, and shows what it read before anything is written. An "
	   "import is all or nothing; importing the same file again adds nothing.",
	   "Eine CSV-Datei oder eine Excel-Arbeitsmappe hochladen, wie sie aus ERP oder "
	   "Tabellenkalkulation kommt. treue erkennt Format, Kodierung, Trennzeichen, Datums- "
	   "und Betragsformen sowie deutsche oder englische Spaltennamen und zeigt, was es "
	   "gelesen hat, bevor etwas geschrieben wird. Ein Import gilt ganz oder gar nicht; "
	   "derselbe Import ein zweites Mal fügt nichts hinzu.");
	H(&h, "</p>");
	if (why)
		PAGE_MSG(&h, "error", why);
	H(&h, "<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\" "
	      "class=\"card upload\">");
	page_csrf_field(rq, rs, &h);
	H(&h, "<label for=\"kind\">");
	HT(&h, "What the file holds", "Was die Datei enthält");
	H(&h, "</label><select id=\"kind\" name=\"kind\">");
	kind_options(&h, kind);
	H(&h, "</select><label for=\"file\">");
	HT(&h, "File", "Datei");
	H(&h, "</label><input type=\"file\" id=\"file\" name=\"file\" required "
	      "accept=\".csv,.txt,.tsv,.tab,.xlsx,.xls,text/csv\"><p class=\"hint\">");
	snprintf(cap, sizeof(cap), "%zu", web_server_limits(rq->srv)->max_upload >> 20);
	html_textf_(&h,
	            L(rq->lang,
	              "CSV (any delimiter, UTF-8 or Windows-1252) or a workbook (.xlsx, .xls), at "
	              "most %s MiB.",
	              "CSV (jedes Trennzeichen, UTF-8 oder Windows-1252) oder eine Arbeitsmappe "
	              "(.xlsx, .xls), höchstens %s MiB."),
	            cap);
	H(&h, "</p><button type=\"submit\" class=\"primary\">");
	HT(&h, "Upload and check", "Hochladen und prüfen");
	H(&h, "</button></form>");
	page_end(rq, rs, &h);
}

void page_import(struct web_req *rq, struct web_resp *rs)
{
	upload_form(rq, rs, KIND_ORDERS, NULL);
}

void page_import_upload(struct web_req *rq, struct web_resp *rs)
{
	const char *k = web_field(rq, "kind");
	const struct web_part *f = web_file(rq, "file");
	enum ingest_kind kind;
	char id[UPLOAD_ID_LEN + 1];
	struct err e;
	err_init(&e, rq->lang);
	if (!k || ingest_kind_parse(k, &kind)) {
		rs->status = 400;
		upload_form(rq, rs, KIND_ORDERS,
		            L(rq->lang, "Choose what the file holds.",
		              "Bitte wählen, was die Datei enthält."));
		return;
	}
	if (!f || (!f->len && !*f->filename)) {
		rs->status = 400;
		upload_form(rq, rs, (int)kind,
		            L(rq->lang, "Choose a file to upload.", "Bitte eine Datei auswählen."));
		return;
	}
	if (!f->len) {
		rs->status = 400;
		upload_form(rq, rs, (int)kind,
		            L(rq->lang, "The file is empty.", "Die Datei ist leer."));
		return;
	}
	int rc = upload_add(rq->srv, rq, (int)kind, f->filename, f->data, f->len, id, &e);
	if (rc == 503) {
		web_error_page(
		    rq, rs, 503,
		    L(rq->lang, "Too many files wait to be imported; try again later.",
		      "Zu viele Dateien warten auf den Import; bitte später erneut versuchen."));
		return;
	}
	if (rc) {
		web_log(rq->srv, "%s upload: %s", rq->peer, e.msg);
		web_error_page(rq, rs, web_disk_full(&e) ? 507 : 500, web_disk_full(&e));
		return;
	}
	web_log(rq->srv, "%s upload %s (%zu bytes) as %s", rq->peer, id, f->len,
	        ingest_kind_name(kind));
	struct strbuf loc = STRBUF_INIT;
	import_path(&loc, id, "");
	web_redirect(rs, loc.buf);
	sb_release(&loc);
}

/* ---- the dry run ---- */

struct dry {
	const struct upload_info *u;
	int have_plan;
	enum src_format format;
	char *sheet; /* workbooks: the sheet read */
	enum ingest_enc enc;
	int bom, sep_line;
	char delim;
	uint64_t rows;
	int ncol;
	char **cols;
	int *col_field;
	char *form[F__COUNT];
	char *unused_maps;
	/* the first rows as read */
	int npv;
	long pv_line[PREVIEW_ROWS];
	int pv_n[PREVIEW_ROWS];
	char **pv_names[PREVIEW_ROWS], **pv_vals[PREVIEW_ROWS];
	/* the bad values */
	struct strbuf errs;
	long nerr;
};

static char **dup_all(int n, const char *const *v)
{
	char **o = xcalloc((size_t)(n ? n : 1), sizeof(*o));
	for (int i = 0; i < n; i++)
		o[i] = xstrdup(v[i] ? v[i] : "");
	return o;
}

static void free_all(char **v, int n)
{
	for (int i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static void dry_plan(void *cb, const struct ingest_plan *p)
{
	struct dry *d = cb;
	if (d->have_plan)
		return;
	d->have_plan = 1;
	d->format = p->format;
	d->sheet = p->sheet ? xstrdup(p->sheet) : NULL;
	d->enc = p->enc;
	d->bom = p->bom;
	d->sep_line = p->sep_line;
	d->delim = p->delim;
	d->rows = p->rows;
	d->ncol = p->ncol;
	d->cols = dup_all(p->ncol, (const char *const *)p->cols);
	d->col_field = xcalloc((size_t)(p->ncol ? p->ncol : 1), sizeof(int));
	memcpy(d->col_field, p->col_field, (size_t)p->ncol * sizeof(int));
	for (int f = 0; f < F__COUNT; f++)
		d->form[f] = p->form[f] ? xstrdup(p->form[f]) : NULL;
	d->unused_maps = xstrdup(p->unused_maps ? p->unused_maps : "");
}

static void dry_preview(void *cb, const char *path, long line, int n, const char *const *names,
                        const char *const *values)
{
	struct dry *d = cb;
	(void)path;
	if (d->npv >= PREVIEW_ROWS)
		return;
	d->pv_line[d->npv] = line;
	d->pv_n[d->npv] = n;
	d->pv_names[d->npv] = dup_all(n, names);
	d->pv_vals[d->npv] = dup_all(n, values);
	d->npv++;
}

static void dry_bad(void *cb, const struct err *e)
{
	struct dry *d = cb;
	if (d->nerr++ >= UPLOAD_ERRORS_MAX)
		return;
	struct strbuf sb = STRBUF_INIT;
	err_format(e, &sb);
	upload_scrub(d->u, &sb);
	sb_add(&d->errs, sb.buf, sb.len);
	sb_addch(&d->errs, '\n');
	sb_release(&sb);
}

static void dry_release(struct dry *d)
{
	free_all(d->cols, d->ncol);
	free(d->col_field);
	for (int f = 0; f < F__COUNT; f++)
		free(d->form[f]);
	free(d->unused_maps);
	free(d->sheet);
	for (int i = 0; i < d->npv; i++) {
		free_all(d->pv_names[i], d->pv_n[i]);
		free_all(d->pv_vals[i], d->pv_n[i]);
	}
	sb_release(&d->errs);
}

/* Without a plan (the header could not be mapped) the page still offers
 * the columns to map: the first row as the import reads it. */
static void read_header(struct dry *d, enum lang lang)
{
	struct err e;
	err_init(&e, lang);
	struct rowsrc *r = rowsrc_open(d->u->path, d->u->sheet[0] ? d->u->sheet : NULL,
	                               (enum ingest_enc)d->u->enc, &e);
	if (!r)
		return;
	if (rowsrc_next(r, &e) == 1) {
		d->ncol = r->nf;
		d->cols = dup_all(r->nf, (const char *const *)r->f);
		d->col_field = xcalloc((size_t)(r->nf ? r->nf : 1), sizeof(int));
		for (int i = 0; i < r->nf; i++)
			d->col_field[i] = COL_UNMAPPED;
		d->format = r->format;
		if (r->csv) {
			d->delim = r->csv->delim;
			d->enc = r->csv->dec.enc;
		}
		if (r->sheet)
			d->sheet = xstrdup(r->sheet);
	}
	rowsrc_free(r);
}

static const char *delim_name(char ch, enum lang lang)
{
	switch (ch) {
	case ';': return L(lang, "semicolon (;)", "Semikolon (;)");
	case ',': return L(lang, "comma (,)", "Komma (,)");
	case '\t': return L(lang, "tab", "Tabulator");
	case '|': return L(lang, "pipe (|)", "senkrechter Strich (|)");
	}
	return "?";
}

/* The stored --map entry for column n (1-based), or NULL. */
static const char *map_of(const struct upload_info *u, int n)
{
	char pre[16];
	size_t pl = (size_t)snprintf(pre, sizeof(pre), "%d=", n);
	for (int i = 0; i < u->nmaps; i++)
		if (!strncmp(u->maps[i], pre, pl))
			return u->maps[i] + pl;
	return NULL;
}

/* The same import at the command line. */
static void cli_line(struct strbuf *sb, const struct upload_info *u)
{
	int plain = 1;
	for (const char *p = u->name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+",
		            *p))
			plain = 0;
	sb_addf(sb, "treue import %s ", ingest_kind_name((enum ingest_kind)u->kind));
	if (plain) {
		sb_adds(sb, u->name);
	} else {
		sb_addch(sb, '\'');
		for (const char *p = u->name; *p; p++) {
			if (*p == '\'')
				sb_adds(sb, "'\\''");
			else
				sb_addch(sb, *p);
		}
		sb_addch(sb, '\'');
	}
	for (int i = 0; i < u->nmaps; i++)
		sb_addf(sb, " --map %s", u->maps[i]);
	if (u->date_order == DATE_ORDER_DMY)
		sb_adds(sb, " --date-order dmy");
	else if (u->date_order == DATE_ORDER_MDY)
		sb_adds(sb, " --date-order mdy");
	if (u->sheet[0]) {
		sb_adds(sb, " --sheet '");
		for (const char *p = u->sheet; *p; p++) {
			if (*p == '\'')
				sb_adds(sb, "'\\''");
			else
				sb_addch(sb, *p);
		}
		sb_addch(sb, '\'');
	}
	if (u->enc == ENC_UTF8)
		sb_adds(sb, " --encoding utf-8");
	else if (u->enc == ENC_CP1252)
		sb_adds(sb, " --encoding windows-1252");
}

static void size_text(struct strbuf *sb, uint64_t n, enum lang lang)
{
	if (n < 1024)
		sb_addf(sb, "%llu B", (unsigned long long)n);
	else if (n < (1u << 20)) {
		fmt_num(sb, lang, (double)n / 1024.0, 1);
		sb_adds(sb, " KiB");
	} else {
		fmt_num(sb, lang, (double)n / 1048576.0, 1);
		sb_adds(sb, " MiB");
	}
}

static void mapping_form(struct web_req *rq, struct web_resp *rs, struct html *h,
                         const struct upload_info *u, const struct dry *d)
{
	struct strbuf act = STRBUF_INIT;
	enum field fields[F__COUNT];
	int nf = kind_fields((enum ingest_kind)u->kind, fields);
	import_path(&act, u->id, "/map");
	H(h, "<h2>");
	HT(h, "How the columns are read", "Wie die Spalten gelesen werden");
	H(h, "</h2><form method=\"post\" enctype=\"multipart/form-data\" class=\"mapping\"");
	HATTR(h, "action", act.buf);
	H(h, ">");
	page_csrf_field(rq, rs, h);
	H(h, "<div class=\"options\"><label>");
	HT(h, "The file holds", "Die Datei enthält");
	H(h, " <select name=\"kind\">");
	kind_options(h, u->kind);
	H(h, "</select></label><label>");
	HT(h, "Dates like 03/04/2026", "Daten wie 03/04/2026");
	H(h, " <select name=\"date_order\"><option value=\"\">");
	HT(h, "judged by the column", "nach der Spalte beurteilt");
	H(h, "</option><option value=\"dmy\"");
	if (u->date_order == DATE_ORDER_DMY)
		H(h, " selected");
	H(h, ">");
	HT(h, "day/month (dmy)", "Tag/Monat (dmy)");
	H(h, "</option><option value=\"mdy\"");
	if (u->date_order == DATE_ORDER_MDY)
		H(h, " selected");
	H(h, ">");
	HT(h, "month/day (mdy)", "Monat/Tag (mdy)");
	H(h, "</option></select></label><label>");
	HT(h, "Encoding", "Kodierung");
	H(h, " <select name=\"encoding\"><option value=\"\">");
	HT(h, "detected", "erkannt");
	H(h, "</option><option value=\"utf-8\"");
	if (u->enc == ENC_UTF8)
		H(h, " selected");
	H(h, ">UTF-8</option><option value=\"windows-1252\"");
	if (u->enc == ENC_CP1252)
		H(h, " selected");
	H(h, ">Windows-1252</option></select></label><label>");
	HT(h, "Sheet of a workbook", "Tabellenblatt einer Arbeitsmappe");
	H(h, " <input type=\"text\" name=\"sheet\" maxlength=\"120\"");
	HATTR(h, "value", u->sheet);
	HATTR(h, "placeholder", L(h->lang, "the first", "das erste"));
	H(h, "></label></div>");
	if (d->ncol) {
		H(h, "<div class=\"scroll\"><table class=\"list mapping\"><thead><tr><th "
		     "class=\"num\">#"
		     "</th><th>");
		HT(h, "column in the file", "Spalte der Datei");
		H(h, "</th><th>");
		HT(h, "read as", "gelesen als");
		H(h, "</th><th>");
		HT(h, "form found", "erkannte Form");
		H(h, "</th></tr></thead><tbody>");
	}
	for (int i = 0; i < d->ncol && i < UPLOAD_MAPS_MAX; i++) {
		int cur = d->col_field[i];
		const char *m = map_of(u, i + 1);
		char name[16], id[24];
		snprintf(name, sizeof(name), "col%d", i + 1);
		snprintf(id, sizeof(id), "map-col%d", i + 1);
		if (cur < 0)
			H(h, "<tr class=\"ignored\"><td class=\"num\">");
		else
			H(h, "<tr><td class=\"num\">");
		html_int(h, i + 1);
		H(h, "</td><td><label");
		HATTR(h, "for", id);
		H(h, ">");
		html_text(h, d->cols[i]);
		H(h, "</label></td><td><select");
		HATTR(h, "name", name);
		HATTR(h, "id", id);
		H(h, "><option value=\"\"");
		if (!m)
			H(h, " selected");
		H(h, ">");
		HT(h, "as detected: ", "wie erkannt: ");
		if (m)
			HT(h, "(see the file)", "(siehe Datei)");
		else if (cur >= 0)
			html_text(h, ingest_fields[cur].name);
		else if (cur == COL_SHADOWED)
			HT(h, "ignored (another column names this field)",
			   "übergangen (eine andere Spalte benennt dieses Feld)");
		else
			HT(h, "ignored (no field)", "übergangen (kein Feld)");
		H(h, "</option>");
		for (int k = 0; k < nf; k++) {
			const char *fname = ingest_fields[fields[k]].name;
			H(h, "<option");
			HATTR(h, "value", fname);
			if (m && !strcmp(m, fname))
				H(h, " selected");
			H(h, ">");
			html_text(h, fname);
			if (kind_field((enum ingest_kind)u->kind, fields[k]) == 2)
				H(h, " *");
			H(h, "</option>");
		}
		H(h, "<option value=\"-\"");
		if (m && !*m)
			H(h, " selected");
		H(h, ">");
		HT(h, "ignore this column", "diese Spalte übergehen");
		H(h, "</option></select></td><td>");
		if (cur >= 0 && d->form[cur])
			html_text(h, d->form[cur]);
		H(h, "</td></tr>");
	}
	if (d->ncol)
		H(h, "</tbody></table></div>");
	if (d->ncol > UPLOAD_MAPS_MAX) {
		H(h, "<p class=\"hint\">");
		html_textf_(h,
		            L(h->lang,
		              "Columns after the %dth are read as detected (--map at the command "
		              "line maps them).",
		              "Spalten nach der %d. werden wie erkannt gelesen (--map auf der "
		              "Kommandozeile ordnet sie zu)."),
		            UPLOAD_MAPS_MAX);
		H(h, "</p>");
	}
	H(h, "<p class=\"hint\">");
	HT(h, "* a field the kind needs. ", "* ein Feld, das die Art braucht. ");
	H(h, "</p><button type=\"submit\">");
	HT(h, "Check again", "Erneut prüfen");
	H(h, "</button></form>");
	sb_release(&act);
}

static void preview_table(struct html *h, const struct dry *d)
{
	if (!d->npv)
		return;
	H(h, "<h2>");
	HT(h, "The first rows as they will be stored",
	   "Die ersten Zeilen, wie sie gespeichert werden");
	H(h,
	  "</h2><div class=\"scroll\"><table class=\"list preview\"><thead><tr><th class=\"num\">");
	HT(h, "line", "Zeile");
	H(h, "</th>");
	for (int i = 0; i < d->pv_n[0]; i++) {
		H(h, "<th>");
		html_text(h, d->pv_names[0][i]);
		H(h, "</th>");
	}
	H(h, "</tr></thead><tbody>");
	for (int r = 0; r < d->npv; r++) {
		H(h, "<tr><td class=\"num\">");
		html_int(h, d->pv_line[r]);
		H(h, "</td>");
		for (int i = 0; i < d->pv_n[0]; i++) {
			const char *v = "";
			for (int k = 0; k < d->pv_n[r]; k++)
				if (!strcmp(d->pv_names[r][k], d->pv_names[0][i]))
					v = d->pv_vals[r][k];
			H(h, "<td>");
			html_text(h, v);
			H(h, "</td>");
		}
		H(h, "</tr>");
	}
	H(h, "</tbody></table></div>");
}

static void error_list(struct html *h, const struct strbuf *errs, long n)
{
	H(h, "<h2 id=\"errors\">");
	html_textf_(h, L(h->lang, "Bad values (%ld)", "Fehlerhafte Werte (%ld)"), n);
	H(h, "</h2><ol class=\"errors\">");
	for (const char *p = errs->buf; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		H(h, "<li><code>");
		html_textn(h, p, len);
		H(h, "</code></li>");
		p += len + (nl ? 1 : 0);
	}
	H(h, "</ol>");
	if (n > UPLOAD_ERRORS_MAX) {
		H(h, "<p class=\"hint\">");
		html_textf_(h, L(h->lang, "… and %ld more.", "… und %ld weitere."),
		            n - UPLOAD_ERRORS_MAX);
		H(h, "</p>");
	}
}

static void show_dry_run(struct web_req *rq, struct web_resp *rs, const struct upload_info *u)
{
	const char *maps[UPLOAD_MAPS_MAX], *files[1] = {u->path};
	struct ingest_result r;
	struct ingest_opts o;
	struct strbuf sb = STRBUF_INIT, act = STRBUF_INIT;
	struct app_ctx c;
	struct html h;
	struct err e;
	struct dry d;
	memset(&d, 0, sizeof(d));
	memset(&o, 0, sizeof(o));
	sb_init(&d.errs);
	d.u = u;
	err_init(&e, rq->lang);
	for (int i = 0; i < u->nmaps; i++)
		maps[i] = u->maps[i];
	o.kind = (enum ingest_kind)u->kind;
	o.maps = maps;
	o.nmaps = u->nmaps;
	o.dry_run = 1;
	o.preview = PREVIEW_ROWS;
	o.date_order = (enum date_order)u->date_order;
	o.enc = (enum ingest_enc)u->enc;
	o.sheet = u->sheet[0] ? u->sheet : NULL;
	o.cb = &d;
	o.on_bad = dry_bad;
	o.on_plan = dry_plan;
	o.on_preview = dry_preview;
	page_app_ctx(rq, &c);
	c.st = NULL; /* a dry run writes nothing */
	int irc = app_import(&c, &o, files, 1, &r, &e);
	if (!d.have_plan)
		read_header(&d, rq->lang);

	page_begin(rq, rs, &h, L(rq->lang, "Import: check", "Import: prüfen"));
	H(&h, "<h1>");
	HT(&h, "Import: check before anything is written",
	   "Import: prüfen, bevor etwas geschrieben wird");
	H(&h, "</h1>");
	if (u->state == UPLOAD_FAILED) {
		PAGE_MSG(&h, "error",
		         u->message[0] ? u->message
		                       : L(rq->lang, "The import failed; nothing was written.",
		                           "Der Import ist gescheitert; nichts wurde "
		                           "geschrieben."));
	}
	H(&h, "<dl class=\"facts\"><dt>");
	HT(&h, "File", "Datei");
	H(&h, "</dt><dd>");
	html_text(&h, u->name);
	H(&h, " <span class=\"muted\">");
	size_text(&sb, u->size, rq->lang);
	html_text(&h, sb.buf);
	H(&h, "</span></dd><dt>");
	HT(&h, "Kind", "Art");
	H(&h, "</dt><dd>");
	html_text(&h, vocab_label(VOCAB_KIND, u->kind, rq->lang, VOCAB_MANY));
	H(&h, "</dd>");
	if (d.have_plan || d.ncol) {
		H(&h, "<dt>");
		HT(&h, "Format", "Format");
		H(&h, "</dt><dd>");
		html_text(&h, rowsrc_format_name(d.format));
		H(&h, "</dd>");
	}
	if ((d.have_plan || d.ncol) && d.format != SRC_CSV) {
		H(&h, "<dt>");
		HT(&h, "Sheet", "Tabellenblatt");
		H(&h, "</dt><dd>");
		html_text(&h, d.sheet ? d.sheet : "");
		H(&h, "</dd>");
	}
	if ((d.have_plan || d.ncol) && d.format == SRC_CSV) {
		H(&h, "<dt>");
		HT(&h, "Encoding", "Kodierung");
		H(&h, "</dt><dd>");
		html_text(&h, ingest_enc_name(d.enc));
		if (d.bom)
			HT(&h, " (with BOM)", " (mit BOM)");
		if (d.enc == ENC_CP1252 || d.enc == ENC_UTF16LE || d.enc == ENC_UTF16BE)
			HT(&h, ", converted to UTF-8", ", umgewandelt in UTF-8");
		H(&h, "</dd><dt>");
		HT(&h, "Delimiter", "Trennzeichen");
		H(&h, "</dt><dd>");
		html_text(&h, delim_name(d.delim, rq->lang));
		if (d.sep_line)
			HT(&h, ", from the sep= line", ", aus der sep=-Zeile");
		H(&h, "</dd>");
	}
	if (d.have_plan) {
		H(&h, "<dt>");
		HT(&h, "Rows", "Zeilen");
		H(&h, "</dt><dd>");
		page_int(&h, (int64_t)d.rows);
		H(&h, "</dd>");
	}
	H(&h, "<dt>");
	HT(&h, "At the command line", "Auf der Kommandozeile");
	H(&h, "</dt><dd><code class=\"cli\">");
	sb_reset(&sb);
	cli_line(&sb, u);
	sb_adds(&sb, " --dry-run");
	html_text(&h, sb.buf);
	H(&h, "</code></dd></dl>");

	int ok = irc == 0 && !r.bad_rows && d.have_plan;
	if (irc && !r.bad_rows) { /* bad rows: said below, without the CLI's --skip-bad */
		sb_reset(&sb);
		err_format(&e, &sb);
		upload_scrub(u, &sb);
		PAGE_MSG(&h, "error", sb.buf);
	}
	if (d.unused_maps && *d.unused_maps) {
		sb_reset(&sb);
		sb_addf(&sb,
		        L(rq->lang, "--map %s: no such column", "--map %s: keine solche Spalte"),
		        d.unused_maps);
		PAGE_MSG(&h, "error", sb.buf);
	}
	if (ok) {
		char n1[32];
		sb_reset(&sb);
		sb_addf(
		    &sb,
		    L(rq->lang, "Dry run: %s rows read, none bad; nothing written yet.",
		      "Probelauf: %s Zeilen gelesen, keine fehlerhaft; noch nichts geschrieben."),
		    int_format_human(r.rows, rq->lang, n1));
		PAGE_MSG(&h, "ok", sb.buf);
		import_path(&act, u->id, "/confirm");
		H(&h, "<form method=\"post\" class=\"confirm\"");
		HATTR(&h, "action", act.buf);
		H(&h, ">");
		page_csrf_field(rq, rs, &h);
		H(&h, "<button type=\"submit\" class=\"primary\">");
		html_textf_(&h, L(rq->lang, "Import %s rows", "%s Zeilen importieren"),
		            int_format_human(r.rows, rq->lang, n1));
		H(&h, "</button></form>");
	} else if (d.have_plan) {
		char n1[32], n2[32];
		H(&h, "<p>");
		html_textf_(
		    &h,
		    L(rq->lang,
		      "%s rows read, %s bad. An import is all or nothing: correct the file "
		      "or how its columns are read, then check again.",
		      "%s Zeilen gelesen, %s fehlerhaft. Ein Import gilt ganz oder gar "
		      "nicht: die Datei oder die Zuordnung der Spalten korrigieren, dann erneut "
		      "prüfen."),
		    int_format_human(r.rows, rq->lang, n1),
		    int_format_human(r.bad_rows, rq->lang, n2));
		H(&h, "</p>");
	}
	if (d.nerr)
		error_list(&h, &d.errs, d.nerr);
	mapping_form(rq, rs, &h, u, &d);
	preview_table(&h, &d);
	sb_reset(&act);
	import_path(&act, u->id, "/discard");
	H(&h, "<form method=\"post\" class=\"discard\"");
	HATTR(&h, "action", act.buf);
	H(&h, ">");
	page_csrf_field(rq, rs, &h);
	H(&h, "<button type=\"submit\">");
	HT(&h, "Discard this file", "Diese Datei verwerfen");
	H(&h, "</button></form>");
	page_end(rq, rs, &h);
	dry_release(&d);
	sb_release(&sb);
	sb_release(&act);
}

/* ---- progress and result ---- */

static void show_progress(struct web_req *rq, struct web_resp *rs, const struct upload_info *u)
{
	struct html h;
	int pct = u->total ? (int)(u->done * 100 / u->total) : 0;
	page_begin_refresh(rq, rs, &h, L(rq->lang, "Importing…", "Import läuft…"), 1);
	H(&h, "<h1>");
	HT(&h, "Importing…", "Import läuft…");
	H(&h, "</h1><p>");
	html_text(&h, u->name);
	H(&h, ": ");
	if (u->pass == 2)
		HT(&h, "writing", "schreibe");
	else
		HT(&h, "reading", "lese");
	if (rq->lang == LANG_DE)
		html_textf_(&h, " %d %%", pct);
	else
		html_textf_(&h, " %d%%", pct);
	H(&h, "</p><progress max=\"100\"");
	{
		char v[8];
		snprintf(v, sizeof(v), "%d", pct);
		HATTR(&h, "value", v);
	}
	H(&h, ">");
	html_textf_(&h, "%d%%", pct);
	H(&h, "</progress><p class=\"hint\">");
	HT(&h, "This page refreshes itself every second until the import is done.",
	   "Diese Seite lädt sich jede Sekunde neu, bis der Import fertig ist.");
	H(&h, "</p>");
	page_end(rq, rs, &h);
}

static void show_result(struct web_req *rq, struct web_resp *rs, const struct upload_info *u)
{
	static const char *const where[KIND__COUNT] = {[KIND_PROMISES] = "/journal/promises",
	                                               [KIND_COMPLAINTS] = "/journal/complaints",
	                                               [KIND_STORIES] = "/journal/stories",
	                                               [KIND_DIALOGS] = "/journal/feedback",
	                                               [KIND_DEPARTURES] = "/journal/feedback"};
	struct strbuf sb = STRBUF_INIT;
	struct html h;
	page_begin(rq, rs, &h, L(rq->lang, "Imported", "Importiert"));
	H(&h, "<h1>");
	HT(&h, "Imported", "Importiert");
	H(&h, "</h1>");
	sb_addf(&sb, L(rq->lang, "%s as %s: ", "%s als %s: "), u->name,
	        vocab_label(VOCAB_KIND, u->kind, rq->lang, VOCAB_MANY));
	char n1[32], n2[32], n3[32], n4[32], n5[32];
	sb_addf(
	    &sb,
	    L(rq->lang,
	      "%s imported, %s updated, %s already present, %s customers created, "
	      "%s kept as other.",
	      "%s importiert, %s aktualisiert, %s bereits vorhanden, %s Kunden "
	      "angelegt, %s als Sonstiges übernommen."),
	    int_format_human(u->imported, rq->lang, n1), int_format_human(u->updated, rq->lang, n2),
	    int_format_human(u->present, rq->lang, n3), int_format_human(u->created, rq->lang, n4),
	    int_format_human(u->as_other, rq->lang, n5));
	PAGE_MSG(&h, "ok", sb.buf);
	H(&h, "<ul class=\"next\"><li><a href=\"/import\">");
	HT(&h, "Import another file", "Eine weitere Datei importieren");
	H(&h, "</a></li>");
	if (u->kind >= 0 && u->kind < KIND__COUNT && where[u->kind]) {
		H(&h, "<li><a");
		HATTR(&h, "href", where[u->kind]);
		H(&h, ">");
		HT(&h, "See it in the journal", "Im Journal ansehen");
		H(&h, "</a></li>");
	}
	H(&h, "<li><a href=\"/audit\">");
	HT(&h, "The audit trail", "Das Prüfprotokoll");
	H(&h, "</a></li></ul>");
	page_end(rq, rs, &h);
	sb_release(&sb);
}

static int get_upload(struct web_req *rq, struct web_resp *rs, struct upload_info *u)
{
	if (!upload_get(rq->srv, rq, rq->param, u)) {
		web_error_page(
		    rq, rs, 404,
		    L(rq->lang,
		      "This upload is not here (any more): an upload belongs to the session "
		      "that made it and is kept for an hour.",
		      "Diese hochgeladene Datei ist nicht (mehr) da: sie gehört zur Sitzung, "
		      "die sie hochgeladen hat, und wird eine Stunde aufbewahrt."));
		return -1;
	}
	return 0;
}

void page_import_show(struct web_req *rq, struct web_resp *rs)
{
	struct upload_info *u = xmalloc(sizeof(*u));
	if (get_upload(rq, rs, u)) {
		free(u);
		return;
	}
	switch (u->state) {
	case UPLOAD_RUNNING: show_progress(rq, rs, u); break;
	case UPLOAD_DONE: show_result(rq, rs, u); break;
	default: show_dry_run(rq, rs, u); break;
	}
	free(u->errors);
	free(u);
}

void page_import_map(struct web_req *rq, struct web_resp *rs)
{
	const char *k = web_field(rq, "kind"), *dord = web_field(rq, "date_order"),
	           *enc = web_field(rq, "encoding"), *sheet = web_field(rq, "sheet");
	char(*m)[40] = xcalloc(UPLOAD_MAPS_MAX, sizeof(*m));
	enum ingest_kind kind;
	enum ingest_enc en = ENC_AUTO;
	int order = DATE_ORDER_UNKNOWN, n = 0;
	const char *bad = NULL;
	if (!k || ingest_kind_parse(k, &kind))
		bad = "kind";
	else if (dord && *dord && strcmp(dord, "dmy") && strcmp(dord, "mdy"))
		bad = "date_order";
	else if (enc && *enc && ingest_enc_parse(enc, &en))
		bad = "encoding";
	else if (sheet && (strlen(sheet) > 120 || text_chars(sheet) < 0))
		bad = "sheet";
	if (!bad) {
		if (dord && !strcmp(dord, "dmy"))
			order = DATE_ORDER_DMY;
		else if (dord && !strcmp(dord, "mdy"))
			order = DATE_ORDER_MDY;
		for (int i = 1; i <= UPLOAD_MAPS_MAX && !bad; i++) {
			char name[16];
			snprintf(name, sizeof(name), "col%d", i);
			const char *v = web_field(rq, name);
			if (!v || !*v)
				continue;
			if (!strcmp(v, "-")) {
				snprintf(m[n++], sizeof(m[0]), "%d=", i);
				continue;
			}
			int f = field_by_name(v);
			if (f < 0 || !kind_field(kind, (enum field)f)) {
				bad = "col";
				break;
			}
			snprintf(m[n++], sizeof(m[0]), "%d=%s", i, v);
		}
	}
	if (bad) {
		struct strbuf msg = STRBUF_INIT;
		sb_addf(&msg,
		        L(rq->lang, "The form's field \"%s\" holds no valid choice.",
		          "Das Feld \"%s\" des Formulars enthält keine gültige Wahl."),
		        bad);
		web_error_page(rq, rs, 400, msg.buf);
		sb_release(&msg);
		free(m);
		return;
	}
	if (upload_set(rq->srv, rq, rq->param, (int)kind, m, n, order, (int)en, sheet)) {
		free(m);
		struct upload_info *u = xmalloc(sizeof(*u));
		if (!get_upload(rq, rs, u)) { /* there, but imported or importing */
			free(u->errors);
			struct strbuf loc = STRBUF_INIT;
			import_path(&loc, u->id, "");
			web_redirect(rs, loc.buf);
			sb_release(&loc);
		}
		free(u);
		return;
	}
	free(m);
	struct strbuf loc = STRBUF_INIT;
	import_path(&loc, rq->param, "");
	web_redirect(rs, loc.buf);
	sb_release(&loc);
}

void page_import_confirm(struct web_req *rq, struct web_resp *rs)
{
	struct upload_info *u = xmalloc(sizeof(*u));
	struct err e;
	err_init(&e, rq->lang);
	if (get_upload(rq, rs, u)) {
		free(u);
		return;
	}
	free(u->errors);
	if (u->state == UPLOAD_READY) {
		if (upload_start(rq->srv, rq, u->id, &e)) {
			web_error_page(rq, rs, 409, e.msg);
			free(u);
			return;
		}
		/* a small file is done at once: the result without a refresh */
		upload_wait(rq->srv, u->id, 2);
	}
	struct strbuf loc = STRBUF_INIT;
	import_path(&loc, u->id, "");
	web_redirect(rs, loc.buf);
	sb_release(&loc);
	free(u);
}

void page_import_discard(struct web_req *rq, struct web_resp *rs)
{
	upload_drop(rq->srv, rq, rq->param);
	web_redirect(rs, "/import");
}
