/*
 * xlsx.c — Excel workbooks out of the CSV every list and report writes.
 *
 * The CSV writers are the machine contract (ISO dates, decimal points, one
 * header line), so a workbook is made from their output rather than from a
 * third set of writers: each column is typed as a whole (every non-empty
 * value an ISO date: date cells; every value a number: number cells, with a
 * currency format where the column holds money; else text), the header row
 * is bold, frozen and filtered, columns get widths from their contents, and
 * sheet and column names are written in the chosen language.  A CSV whose
 * first column is `section` (the journal reports) or that is `metric,value`
 * (the loyalty report) becomes one sheet per section.
 *
 * The workbook is written to a temporary file beside the target and renamed
 * into place, so a failed write never leaves half a file under the name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "ingest.h"
#include "report.h"

#define XLSX_MAX_ROWS 1048575 /* Excel's rows less the header */
#define XLSX_MAX_COLS 200

/* Column names of the CSV writers and how a person reads them. */
static const struct {
	const char *key, *en, *de;
} column_names[] = {
    {"customer_id", "Customer ID", "Kundennummer"},
    {"name", "Name", "Name"},
    {"segment", "Segment", "Segment"},
    {"orders", "Orders", "Aufträge"},
    {"revenue", "Revenue", "Umsatz"},
    {"revenue_previous", "Revenue previous year", "Umsatz Vorjahr"},
    {"margin", "Margin", "Deckungsbeitrag"},
    {"satisfaction", "Satisfaction", "Zufriedenheit"},
    {"recommend", "Recommendation", "Weiterempfehlung"},
    {"value", "Perceived value", "Wahrgenommener Nutzen"},
    {"first_order", "First order", "Erster Auftrag"},
    {"last_order", "Last order", "Letzter Auftrag"},
    {"survey_date", "Survey date", "Umfragedatum"},
    {"referrals", "Referrals", "Empfehlungen"},
    {"open_complaints", "Open complaints", "Offene Reklamationen"},
    {"open_promises", "Open promises", "Offene Zusagen"},
    {"overdue_promises", "Overdue promises", "Überfällige Zusagen"},
    {"next_due", "Next due", "Nächste Fälligkeit"},
    {"last_dialog", "Last dialogue", "Letztes Kundengespräch"},
    {"p_alive", "Probability still active", "Aktiv-Wahrscheinlichkeit"},
    {"expected_purchases_52w", "Expected orders (52 weeks)", "Erwartete Aufträge (52 Wochen)"},
    {"expected_margin_52w", "Expected margin of the customer (next 52 weeks)",
     "Erwarteter Deckungsbeitrag des Kunden (nächste 52 Wochen)"},
    {"expected_margin_horizon", "Expected margin of the customer (horizon)",
     "Erwarteter Deckungsbeitrag des Kunden (Horizont)"},
    {"revenue_ranked", "Revenue the list is ordered by", "Umsatz, nach dem sortiert ist"},
    {"ranked_by", "Revenue period", "Umsatzzeitraum"},
    {"value_at_retention", "Value of a customer at this retention",
     "Wert eines Kunden bei dieser Kundenbindungsrate"},

    {"priority", "Priority", "Priorität"},
    {"action", "Action", "Maßnahme"},
    {"owner", "Account manager", "Betreuer"},
    {"why", "Why", "Warum"},
    {"due", "Due", "Fällig"},
    {"silent", "Silent leaver", "Stiller Abwanderer"},
    {"silent_leaver", "Silent leaver", "Stiller Abwanderer"},
    {"from", "From", "Von"},
    {"to", "To", "Nach"},
    {"customers", "Customers", "Kunden"},
    {"retention", "Retention rate", "Kundenbindungsrate"},
    {"base_value", "Value of the customer base", "Wert des Kundenstamms"},
    {"id", "No.", "Nr."},
    {"date", "Date", "Datum"},
    {"channel", "Channel", "Kanal"},
    {"touchpoint", "Touchpoint", "Kontaktpunkt"},
    {"employee", "Employee", "Mitarbeiter"},
    {"support", "How can we support you best?", "Wie können wir Sie am besten unterstützen?"},
    {"improve", "What can we do better?", "Was können wir besser machen?"},
    {"notes", "Notes", "Notizen"},
    {"made_on", "Made on", "Zugesagt am"},
    {"due_on", "Due on", "Fällig am"},
    {"what", "What", "Was"},
    {"status", "Status", "Status"},
    {"closed_on", "Closed on", "Abgeschlossen am"},
    {"renegotiated_to", "Renegotiated to", "Neu verhandelt auf"},
    {"reason", "Reason", "Grund"},
    {"reason_text", "Reason as given", "Grund im Wortlaut"},
    {"description", "Description", "Beschreibung"},
    {"resolved_on", "Resolved on", "Erledigt am"},
    {"why1", "Why 1", "Warum 1"},
    {"why2", "Why 2", "Warum 2"},
    {"why3", "Why 3", "Warum 3"},
    {"why4", "Why 4", "Warum 4"},
    {"why5", "Why 5", "Warum 5"},
    {"root_cause", "Root cause", "Grundursache"},
    {"kind", "Kind", "Art"},
    {"situation", "Situation", "Situation"},
    {"outcome", "Outcome", "Ergebnis"},
    {"from_customer", "Referred by", "Empfehlender Kunde"},
    {"from_name", "Referrer's name", "Name des Empfehlers"},
    {"to_customer", "Referred customer", "Empfohlener Kunde"},
    {"to_name", "Referred customer's name", "Name des empfohlenen Kunden"},
    {"competitor", "Competitor", "Wettbewerber"},
    {"comment", "Comment", "Kommentar"},
    {"section", "Section", "Abschnitt"},
    {"key", "Key", "Schlüssel"},
    {"text", "Text", "Text"},
    {"count", "Count", "Anzahl"},
    {"mean_days", "Mean days", "Tage im Mittel"},
    {"median_days", "Median days", "Tage im Median"},
    {"week", "Week", "Woche"},
    {"stories", "Stories", "Geschichten"},
    {"tnt", "Tiny noticeable things", "Kleine Aufmerksamkeiten"},
    {"days", "Days", "Tage"},
    {"days_since", "Days since", "Tage seither"},
    {"kept_on_time", "Kept on time", "Pünktlich eingehalten"},
    {"kept_late", "Kept late", "Verspätet eingehalten"},
    {"renegotiated_in_time", "Renegotiated in time", "Rechtzeitig neu verhandelt"},
    {"renegotiated_late", "Renegotiated late", "Zu spät neu verhandelt"},
    {"broken", "Broken", "Gebrochen"},
    {"overdue", "Overdue", "Überfällig"},
    {"on_time_rate", "On-time rate", "Pünktlichkeitsquote"},
    {"honoured_rate", "Honoured rate", "Quote gehaltener Zusagen"},
    {"metric", "Figure", "Kennzahl"},
    /* the loyalty report's sections and figures */
    {"as_of", "Reference date", "Stichtag"},
    {"retention", "Retention rate", "Kundenbindungsrate"},
    {"rate", "Rate", "Quote"},
    {"previous_buyers", "Buyers the year before", "Käufer im Vorjahr"},
    {"retained", "Retained", "Geblieben"},
    {"new_customers", "New customers", "Neukunden"},
    {"reactivated", "Reactivated", "Reaktiviert"},
    {"segments", "Segments", "Segmente"},
    {"apostle", "Apostles", "Apostel"},
    {"loyal", "Loyal customers", "Die Treuen"},
    {"opportunist", "Opportunists", "Opportunisten"},
    {"hostage", "Hostages", "Geiseln"},
    {"defector", "Defectors", "Abtrünnige"},
    {"terrorist", "Terrorists", "Terroristen"},
    {"unmeasured", "Not yet asked", "Noch nicht befragt"},
    {"nps", "NPS", "NPS"},
    {"score", "Score", "Wert"},
    {"promoters", "Promoters", "Promotoren"},
    {"passives", "Passives", "Passive"},
    {"detractors", "Detractors", "Kritiker"},
    {"mean", "Mean", "Mittelwert"},
    {"top2_share", "Top-2-box share", "Anteil Top-2-Box"},
    {"top_share", "Top-box share", "Anteil Top-Box"},
    {"prospects", "Prospects", "Interessenten"},
    {"lapsed", "Former customers", "Ehemalige Kunden"},
    {"departed", "Departed", "Abgewandert"},
    {"frequent_min", "Frequency threshold F", "Häufigkeitsschwelle F"},
    {"silent_leavers", "Silent leavers", "Stille Abwanderer"},
    {"lost_per_year", "Expected revenue lost per year", "Erwarteter Umsatzverlust pro Jahr"},
    {"profit_by_tenure", "Profit by tenure year", "Gewinn nach Kundenjahr"},
    /* the journal reports' sections */
    {"due_soon", "Due soon", "Bald fällig"},
    {"rate_person", "By person", "Nach Person"},
    /* the agenda's sections and columns */
    {"team", "Team", "Team"},
    {"call", "Calls", "Anrufe"},
    {"promise_overdue", "Promises overdue", "Zusagen überfällig"},
    {"promise_due", "Promises due", "Zusagen fällig"},
    {"complaint", "Open complaints", "Offene Reklamationen"},
    {"follow_up", "Follow-up", "Wiedervorlage"},
    {"follow_up_due", "Follow-ups due", "Wiedervorlagen fällig"},
    {"follow_up_late", "Follow-ups late", "Wiedervorlagen überfällig"},
    {"quiet", "Nobody spoke to", "Niemand sprach mit"},
    {"revenue_at_stake", "Revenue at stake (P0+P1)", "Umsatz im Spiel (P0+P1)"},
    {"promises_due", "Promises due", "Fällige Zusagen"},
    {"promises_honoured", "Promises honoured", "Gehaltene Zusagen"},
    {"dialogs_this_month", "Dialogues this month", "Kundengespräche diesen Monat"},
    {"age_days", "Open for days", "Offen seit Tagen"},
};

/* Sheet names of the commands (Excel: at most 31 characters). */
static const struct {
	const char *cmd, *en, *de;
} sheet_names[] = {
    {"report", "Report", "Bericht"},
    {"segments", "Segments", "Segmente"},
    {"actions", "Action list", "Aktionsliste"},
    {"movement", "Movement", "Wanderung"},
    {"whatif", "What if", "Was wäre wenn"},
    {"agenda", "Agenda", "Wochenplan"},
    {"list", "List", "Liste"},
};

static const char *column_label(const char *key, enum lang lang, struct strbuf *tmp)
{
	for (size_t i = 0; i < ARRAY_SIZE(column_names); i++)
		if (!strcmp(column_names[i].key, key))
			return L(lang, column_names[i].en, column_names[i].de);
	/* a column the table does not know: its name with spaces */
	sb_reset(tmp);
	for (const char *p = key; *p; p++)
		sb_addch(tmp, *p == '_' ? ' ' : *p);
	return tmp->buf;
}

/* Money columns: amounts in the company's currency. */
static int money_column(const char *key)
{
	static const char *const words[] = {"revenue", "margin",   "clv",   "base_value",
	                                    "lost",    "value_at", "amount"};
	if (!strcmp(key, "value"))
		return 0; /* perceived value, 0-10 */
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strstr(key, words[i]))
			return 1;
	return 0;
}

enum col_type { CT_EMPTY, CT_DATE, CT_NUMBER, CT_TEXT };

static int iso_date(const char *s, lxw_datetime *dt)
{
	day_t d;
	int y, m, dd;
	if (day_parse_iso(s, &d))
		return 0;
	day_to_ymd(d, &y, &m, &dd);
	*dt = (lxw_datetime){y, m, dd, 0, 0, 0};
	return 1;
}

static int number(const char *s, double *v)
{
	char *end;
	if (!*s || strchr(s, 'x') || strchr(s, 'X') || strchr(s, 'n') || strchr(s, 'N') ||
	    strchr(s, 'e') || strchr(s, 'E') || strchr(s, 'i') || strchr(s, 'I'))
		return 0;
	*v = strtod(s, &end);
	return *end == '\0';
}

/* One sheet being filled: its column types are known before it is written. */
struct sheet {
	char name[32];
	lxw_worksheet *ws;
	int ncol;
	enum col_type type[XLSX_MAX_COLS];
	int money[XLSX_MAX_COLS];
	double width[XLSX_MAX_COLS];
	long rows;
};

struct book {
	lxw_workbook *wb;
	lxw_format *bold, *date, *money, *num;
	enum lang lang;
	struct sheet *sheets;
	int nsheets;
};

/* Excel forbids []:*?/\ in sheet names and allows 31 characters. */
static void sheet_name(char out[32], const char *s)
{
	size_t o = 0;
	for (; *s && o < 31; s++)
		if (!strchr("[]:*?/\\", *s))
			out[o++] = *s;
	/* do not cut a UTF-8 sequence */
	while (o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0x80)
		o--;
	if (o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0xc0)
		o--;
	out[o] = '\0';
}

static int utf8_chars(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static int is_metric_csv(const struct csv *c)
{
	return c->nf == 2 && !strcmp(c->f[0], "metric") && !strcmp(c->f[1], "value");
}

/* The sheet a record belongs to: its section ("" for the one sheet, and
 * for the report's figures without a section). */
static const char *record_section(const struct csv *c, int sectioned, int metric,
                                  struct strbuf *buf)
{
	sb_reset(buf);
	if (!sectioned)
		return "";
	if (metric) {
		const char *dot = strchr(c->f[0], '.');
		if (dot)
			sb_add(buf, c->f[0], (size_t)(dot - c->f[0]));
		return buf->buf;
	}
	sb_adds(buf, c->f[0]);
	return buf->buf;
}

static struct sheet *find_sheet(struct book *b, const char *section)
{
	for (int i = 0; i < b->nsheets; i++)
		if (!strcmp(b->sheets[i].name, section))
			return &b->sheets[i];
	return NULL;
}

int xlsx_write_csv(const char *path, const char *command, const char *csv, size_t n, enum lang lang,
                   struct err *e)
{
	struct book b = {.lang = lang};
	struct strbuf sec = STRBUF_INIT, tmp = STRBUF_INIT, tmppath = STRBUF_INIT;
	char **header = NULL;
	int nhead = 0, rc = -1, sectioned = 0, metric = 0, fd = -1;
	struct csv *c = csv_open_mem(path, csv, n, ',', ENC_UTF8, e);
	if (!c)
		return -1;
	if (csv_next(c, e) != 1) {
		err_set(e, L(lang, "%s: nothing to write", "%s: nichts zu schreiben"), path);
		goto out;
	}
	nhead = c->nf;
	if (nhead > XLSX_MAX_COLS) {
		err_set(e, L(lang, "%s: more than %s columns", "%s: mehr als %s Spalten"), path,
		        int_format_human(XLSX_MAX_COLS, lang, (char[32]){0}));
		goto out;
	}
	header = xcalloc((size_t)nhead, sizeof(*header));
	for (int i = 0; i < nhead; i++)
		header[i] = xstrdup(c->f[i]);
	metric = is_metric_csv(c);
	sectioned = metric || !strcmp(header[0], "section");

	/* first pass: the sheets, each column's type and width */
	int r;
	while ((r = csv_next(c, e)) == 1) {
		const char *s = record_section(c, sectioned, metric, &sec);
		struct sheet *sh = find_sheet(&b, s);
		if (!sh) {
			if (b.nsheets >= 250) {
				err_set(e,
				        L(lang, "%s: more than 250 sections",
				          "%s: mehr als 250 Abschnitte"),
				        path);
				goto out;
			}
			b.sheets = xrealloc(b.sheets, sizeof(*b.sheets) * (size_t)(b.nsheets + 1));
			sh = &b.sheets[b.nsheets++];
			memset(sh, 0, sizeof(*sh));
			snprintf(sh->name, sizeof(sh->name), "%s", s);
			sh->ncol = metric ? 2 : nhead;
		}
		if (++sh->rows > XLSX_MAX_ROWS) {
			err_set(e,
			        L(lang, "%s: more than %s rows for one sheet (use --format csv)",
			          "%s: mehr als %s Zeilen für ein Blatt (--format csv verwenden)"),
			        path, int_format_human(XLSX_MAX_ROWS, lang, (char[32]){0}));
			goto out;
		}
		for (int i = 0; i < c->nf && i < sh->ncol; i++) {
			const char *v = metric && i == 0 && strchr(c->f[0], '.')
			                    ? strchr(c->f[0], '.') + 1
			                    : c->f[i];
			lxw_datetime dt;
			double x;
			enum col_type t = !*v                ? CT_EMPTY
			                  : iso_date(v, &dt) ? CT_DATE
			                  : number(v, &x)    ? CT_NUMBER
			                                     : CT_TEXT;
			if (t != CT_EMPTY && sh->type[i] != t)
				sh->type[i] = sh->type[i] == CT_EMPTY ? t : CT_TEXT;
			int w = utf8_chars(v);
			if (w > sh->width[i])
				sh->width[i] = w;
		}
	}
	if (r < 0)
		goto out;
	if (b.nsheets == 0) {
		b.sheets = xcalloc(1, sizeof(*b.sheets));
		b.nsheets = 1;
		b.sheets[0].ncol = metric ? 2 : nhead;
	}

	/* the workbook: a temporary file beside the target, renamed at the end */
	fd = tmpfile_beside(path, &tmppath);
	if (fd < 0) {
		err_set(e, L(lang, "%s: cannot write: %s", "%s: nicht schreibbar: %s"), path,
		        strerror(errno));
		goto out;
	}
	close(fd);
	lxw_workbook_options wo = {
	    .constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
	b.wb = workbook_new_opt(tmppath.buf, &wo);
	if (!b.wb) {
		err_set(e,
		        L(lang, "%s: cannot write the workbook",
		          "%s: die Arbeitsmappe lässt sich nicht schreiben"),
		        path);
		goto out;
	}
	b.bold = workbook_add_format(b.wb);
	format_set_bold(b.bold);
	b.date = workbook_add_format(b.wb);
	format_set_num_format(b.date, L(lang, "yyyy-mm-dd", "dd.mm.yyyy"));
	b.money = workbook_add_format(b.wb);
	format_set_num_format(b.money, L(lang, "[$€-809]#,##0.00;-[$€-809]#,##0.00",
	                                 "#,##0.00 [$€-407];-#,##0.00 [$€-407]"));
	b.num = workbook_add_format(b.wb);
	format_set_num_format(b.num, "General");

	const char *base = command;
	for (size_t i = 0; i < ARRAY_SIZE(sheet_names); i++)
		if (!strcmp(sheet_names[i].cmd, command))
			base = L(lang, sheet_names[i].en, sheet_names[i].de);
	for (int i = 0; i < b.nsheets; i++) {
		struct sheet *sh = &b.sheets[i];
		char nm[32];
		if (!sectioned || !sh->name[0]) {
			sheet_name(nm, base);
		} else {
			sheet_name(nm, column_label(sh->name, lang, &tmp));
		}
		/* two sections may read alike once cut: number the later ones */
		for (int k = 2; workbook_get_worksheet_by_name(b.wb, nm); k++) {
			char suffix[16];
			snprintf(suffix, sizeof(suffix), " %d", k);
			char cut[32];
			snprintf(cut, sizeof(cut), "%.*s", (int)(31 - strlen(suffix)), nm);
			sheet_name(nm, cut);
			strncat(nm, suffix, sizeof(nm) - strlen(nm) - 1);
		}
		sh->ws = workbook_add_worksheet(b.wb, nm);
		for (int k = 0; k < sh->ncol; k++) {
			const char *key = metric ? (k == 0 ? "metric" : "value") : header[k];
			const char *label = metric && k == 1 ? L(lang, "Value", "Wert")
			                                     : column_label(key, lang, &tmp);
			sh->money[k] = !metric && money_column(key);
			double w = utf8_chars(label);
			if (sh->width[k] > w)
				w = sh->width[k];
			if (sh->type[k] == CT_DATE && w < 11)
				w = 11;
			if (sh->money[k])
				w += 4;
			worksheet_set_column(sh->ws, (lxw_col_t)k, (lxw_col_t)k,
			                     w > 60 ? 60 : w + 1, NULL);
			worksheet_write_string(sh->ws, 0, (lxw_col_t)k, label, b.bold);
		}
		worksheet_freeze_panes(sh->ws, 1, 0);
		if (sh->rows > 0)
			worksheet_autofilter(sh->ws, 0, 0, (lxw_row_t)sh->rows,
			                     (lxw_col_t)(sh->ncol - 1));
		sh->rows = 0;
	}

	/* second pass: the cells */
	if (csv_rewind(c, e) || csv_next(c, e) != 1)
		goto out;
	while ((r = csv_next(c, e)) == 1) {
		struct sheet *sh = find_sheet(&b, record_section(c, sectioned, metric, &sec));
		if (!sh)
			sh = &b.sheets[0];
		lxw_row_t row = (lxw_row_t)++sh->rows;
		for (int i = 0; i < c->nf && i < sh->ncol; i++) {
			const char *v = metric && i == 0 && strchr(c->f[0], '.')
			                    ? strchr(c->f[0], '.') + 1
			                    : c->f[i];
			lxw_datetime dt;
			double x;
			if (!*v)
				continue;
			if (metric && i == 0)
				worksheet_write_string(sh->ws, row, 0, column_label(v, lang, &tmp),
				                       NULL);
			else if (sh->type[i] == CT_DATE && iso_date(v, &dt))
				worksheet_write_datetime(sh->ws, row, (lxw_col_t)i, &dt, b.date);
			else if (sh->type[i] == CT_NUMBER && number(v, &x))
				worksheet_write_number(sh->ws, row, (lxw_col_t)i, x,
				                       sh->money[i] ? b.money : b.num);
			else if (metric && iso_date(v, &dt))
				worksheet_write_datetime(sh->ws, row, (lxw_col_t)i, &dt, b.date);
			else if (metric && number(v, &x))
				worksheet_write_number(sh->ws, row, (lxw_col_t)i, x, b.num);
			else
				worksheet_write_string(sh->ws, row, (lxw_col_t)i, v, NULL);
		}
	}
	if (r < 0)
		goto out;
	lxw_error xe = workbook_close(b.wb);
	b.wb = NULL;
	if (xe != LXW_NO_ERROR) {
		err_set(e,
		        L(lang, "%s: cannot write the workbook: %s",
		          "%s: die Arbeitsmappe lässt sich nicht schreiben: %s"),
		        path, lxw_strerror(xe));
		goto out;
	}
	if (rename(tmppath.buf, path)) {
		err_set(e, L(lang, "%s: cannot write: %s", "%s: nicht schreibbar: %s"), path,
		        strerror(errno));
		goto out;
	}
	tmppath.len = 0;
	rc = 0;
out:
	if (b.wb)
		workbook_close(b.wb);
	if (rc && fd >= 0 && tmppath.len)
		unlink(tmppath.buf);
	for (int i = 0; i < nhead; i++)
		free(header[i]);
	free(header);
	free(b.sheets);
	csv_free(c);
	sb_release(&sec);
	sb_release(&tmp);
	sb_release(&tmppath);
	return rc;
}
