/*
 * cmd_journal_list.c — `treue list KIND` with its filters, and the
 * writers of a list of the application layer (text, CSV; JSON is
 * src/report's, which the GDPR export shares): the list's layout gives the
 * JSON keys, the CSV header and the text layout (head line, short fields,
 * long texts).
 */
#include <inttypes.h>
#include <limits.h>
#include <string.h>

#include "cmd_journal.h"
#include "report.h"

/* Status and kind codes for people. */
static const char *status_label(const char *code)
{
	/* the codes of the three classes differ, but for "open" (offen in both) */
	static const enum vocab_class classes[] = {VOCAB_PROMISE_STATUS, VOCAB_COMPLAINT_STATUS,
	                                           VOCAB_STORY_KIND};
	for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
		if (vocab_index(classes[i], code) >= 0)
			return vocab_label_of(classes[i], code, cli_lang, VOCAB_ONE);
	return code;
}

/* The column's value as text for people ("" when NULL). */
static const char *text_value(const struct app_cell *v, const struct app_col *col,
                              char buf[static 32])
{
	if (v->null)
		return "";
	switch (col->type) {
	case CT_INT: snprintf(buf, 32, "%" PRId64, v->num); return buf;
	case CT_DAY: return day_format_lang((day_t)v->num, cli_lang, buf);
	case CT_SCORE: {
		/* 8.5 / 8,5 */
		char *dot = strchr(journal_score_format((int)v->num, buf), '.');
		if (dot && cli_lang == LANG_DE)
			*dot = ',';
		return buf;
	}
	case CT_REASON: return journal_reason_label(v->text, cli_lang);
	case CT_TOUCHPOINT: return journal_touchpoint_label(v->text, cli_lang);
	case CT_STATUS: return status_label(v->text);
	default: return v->text;
	}
}

/* The column's value for machines: codes as stored, dates ISO, scores 8.5. */
static const char *raw_value(const struct app_cell *v, const struct app_col *col,
                             char buf[static 32])
{
	if (v->null)
		return NULL;
	switch (col->type) {
	case CT_INT: snprintf(buf, 32, "%" PRId64, v->num); return buf;
	case CT_DAY: return day_format((day_t)v->num, buf);
	case CT_SCORE: return journal_score_format((int)v->num, buf);
	default: return v->text;
	}
}

static void csv_row(struct strbuf *out, const struct app_list *l, size_t r)
{
	char buf[32];
	for (int i = 0; i < l->lay->ncols; i++) {
		const char *v = raw_value(app_list_cell(l, r, i), &l->lay->cols[i], buf);
		if (l->lay->cols[i].type == CT_TEXT)
			csv_text(out, v, i == 0);
		else
			csv_field(out, v, i == 0);
	}
	sb_addch(out, '\n');
}

/* #id  date  customer name [→ customer name]
 *     label: value   label: value
 *     label: long text */
static void text_row(struct strbuf *out, const struct app_list *l, size_t r)
{
	const struct app_layout *lay = l->lay;
	char buf[32], idbuf[2][32];
	int nshort = 0;
	const char *parts[6] = {NULL};
	const struct app_col *date_col = NULL;
	for (int i = 0; i < lay->ncols; i++)
		if (lay->cols[i].role <= CR_NAME2) {
			parts[lay->cols[i].role] =
			    app_list_cell(l, r, i)->null
			        ? NULL
			        : text_value(app_list_cell(l, r, i), &lay->cols[i],
			                     idbuf[lay->cols[i].role == CR_ID]);
			if (lay->cols[i].role == CR_DATE)
				date_col = &lay->cols[i];
		}
	sb_addf(out, "#%s", parts[CR_ID] ? parts[CR_ID] : "");
	if (date_col) {
		sb_adds(out, "  ");
		if (date_col->en)
			sb_addf(out, "%s ", L(cli_lang, date_col->en, date_col->de));
		for (int i = 0; i < lay->ncols; i++)
			if (&lay->cols[i] == date_col)
				sb_adds(out, text_value(app_list_cell(l, r, i), date_col, buf));
	}
	/* names and texts shown with controls escaped */
	if (parts[CR_CUST])
		sb_adds(out, "  "), sb_add_visible(out, parts[CR_CUST], 0);
	if (parts[CR_NAME])
		sb_adds(out, " "), sb_add_visible(out, parts[CR_NAME], 0);
	if (parts[CR_CUST2])
		sb_adds(out, " → "), sb_add_visible(out, parts[CR_CUST2], 0);
	if (parts[CR_NAME2])
		sb_adds(out, " "), sb_add_visible(out, parts[CR_NAME2], 0);
	sb_addch(out, '\n');
	for (int i = 0; i < lay->ncols; i++) {
		const struct app_col *col = &lay->cols[i];
		const struct app_cell *v = app_list_cell(l, r, i);
		if (col->role != CR_SHORT || v->null)
			continue;
		sb_adds(out, nshort++ ? "   " : "    ");
		sb_addf(out, "%s: ", L(cli_lang, col->en, col->de));
		sb_add_visible(out, text_value(v, col, buf), 0);
	}
	if (nshort)
		sb_addch(out, '\n');
	for (int i = 0; i < lay->ncols; i++) {
		const struct app_col *col = &lay->cols[i];
		const char *t;
		int indent;
		const struct app_cell *v = app_list_cell(l, r, i);
		if (col->role != CR_LONG || v->null)
			continue;
		sb_addf(out, "    %s: ", L(cli_lang, col->en, col->de));
		indent = 6 + (int)strlen(L(cli_lang, col->en, col->de));
		struct strbuf vis = STRBUF_INIT;
		sb_add_visible(&vis, v->text, 1);
		for (t = vis.buf; *t; t++) {
			sb_addch(out, *t);
			if (*t == '\n' && t[1])
				for (int k = 0; k < indent; k++)
					sb_addch(out, ' ');
		}
		sb_release(&vis);
		sb_addch(out, '\n');
	}
}

void jr_list_write(const struct app_list *l, enum journal_format f, struct strbuf *out)
{
	struct json j;
	if (f == JF_JSON) {
		json_init(&j, out, 1);
		report_list_json(l, &j);
		return;
	}
	if (f == JF_CSV) {
		for (int i = 0; i < l->lay->ncols; i++)
			csv_field(out, l->lay->cols[i].name, i == 0);
		sb_addch(out, '\n');
	}
	for (size_t r = 0; r < l->nrows; r++) {
		if (f == JF_JSON)
			break; /* below, whole */
		else if (f == JF_CSV)
			csv_row(out, l, r);
		else
			text_row(out, l, r);
	}
}

/* `treue list KIND [filters]`. */
int cmd_list(int argc, char **argv, struct ctx *c)
{
	struct {
		const char *customer, *due_within, *week, *employee;
		struct app_filter who;
		int open, overdue;
		day_t since;
		long limit;
	} a = {NULL, NULL, NULL,     NULL,    {NULL, NULL, NULL, NULL},
	       0,    0,    DAY_NONE, LONG_MIN}; /* LONG_MIN: all */
	const struct option opts[] = {
	    OPT_STRING("customer", &a.customer, "ID", "entries of one customer (id or name prefix)",
	               "Einträge eines Kunden (Nummer oder Namensanfang)"),
	    OPT_FLAG("open", &a.open, "open promises and complaints only",
	             "nur offene Zusagen und Reklamationen"),
	    OPT_STRING("due-within", &a.due_within, "DAYS",
	               "open promises due within DAYS (14d, 2w), overdue ones included",
	               "offene Zusagen, fällig in TAGEN (14d, 2w), überfällige eingeschlossen"),
	    OPT_FLAG("overdue", &a.overdue, "promises overdue at D (due before D, open at D)",
	             "Zusagen, die an D überfällig sind (fällig vor D, an D offen)"),
	    OPT_STRING("week", &a.week, "YYYY-Www",
	               "entries of one ISO week, e.g. 2026-W47 (promises: by due date)",
	               "Einträge einer Kalenderwoche, z. B. 2026-W47 (Zusagen: nach Fälligkeit)"),
	    OPT_DATE("since", &a.since, "entries dated on or after DATE", "Einträge ab DATUM"),
	    OPT_STRING("employee", &a.employee, "NAME",
	               "dialogues and stories of an employee (name prefix)",
	               "Kundengespräche und Geschichten eines Mitarbeiters (Namensanfang)"),
	    OPT_STRING("owner", &a.who.owner, "NAME",
	               "entries of an account manager's customers (a start of the name); "
	               "promises and complaints: who holds them, else the account manager",
	               "Einträge der Kunden eines Betreuers (Namensanfang); Zusagen und "
	               "Reklamationen: wer sie hält, sonst der Betreuer"),
	    OPT_STRING("region", &a.who.region, "REGION", "entries of customers in this region",
	               "Einträge von Kunden dieser Region"),
	    OPT_STRING("industry", &a.who.industry, "INDUSTRY",
	               "entries of customers in this industry",
	               "Einträge von Kunden dieser Branche"),
	    OPT_STRING("segment", &a.who.segment, "SEGMENT",
	               "entries of customers in this segment (at the journal's D)",
	               "Einträge von Kunden dieses Segments (zum Stichtag des Journals)"),
	    OPT_INT("limit", &a.limit, "N", "at most N entries", "höchstens N Einträge"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue list KIND [--customer ID] [--open] [--due-within 14d] [--overdue]\n"
	    "       [--week 2026-W47] [--since DATE] [--employee NAME] [--owner NAME]\n"
	    "       [--region R] [--industry I] [--segment S] [--limit N]",
	    "Lists journal entries, newest first (promises by due date). KIND: dialogs, promises,\n"
	    "complaints, stories, referrals, departures, surveys. --format json gives an array,\n"
	    "csv one row per entry with the columns of the import.",
	    "Listet Journaleinträge, die neuesten zuerst (Zusagen nach Fälligkeit). ART:\n"
	    "Kundengespräche, Zusagen, Reklamationen, Geschichten, Empfehlungen, Abgänge,\n"
	    "Umfragen. --format json liefert ein Array, csv eine Zeile je Eintrag mit den\n"
	    "Spalten des Imports."};
	struct app_list_filter flt;
	struct app_list list = {0};
	struct strbuf out = STRBUF_INIT;
	struct app_ctx ac;
	struct err e;
	int n, kind, rc = EXIT_ERR, days;
	app_list_filter_init(&flt);
	err_init(&e, cli_lang);
	n = parse_options(c, argc, argv, opts, &help);
	if (n != 1)
		return usage_error(
		    L(cli_lang, "usage: treue list KIND [options] (see treue list --help)",
		      "Aufruf: treue list ART [Optionen] (siehe treue list --help)"));
	kind = journal_kind_parse(argv[0]);
	if (kind < 0)
		return usage_error(
		    L(cli_lang,
		      "\"%s\" is not a kind of entry: dialogs, promises, complaints, "
		      "stories, referrals, departures or surveys",
		      "\"%s\" ist keine Art von Eintrag: Kundengespräche, Zusagen, Reklamationen, "
		      "Geschichten, Empfehlungen, Abgänge oder Umfragen"),
		    argv[0]);
	if (a.open && kind != JK_PROMISE && kind != JK_COMPLAINT)
		return usage_error(L(cli_lang, "--open applies to promises and complaints",
		                     "--open gilt für Zusagen und Reklamationen"));
	if ((a.due_within || a.overdue) && kind != JK_PROMISE)
		return usage_error(L(cli_lang, "--due-within and --overdue apply to promises",
		                     "--due-within und --overdue gelten für Zusagen"));
	if (a.employee && kind != JK_DIALOG && kind != JK_STORY)
		return usage_error(L(cli_lang, "--employee applies to dialogues and stories",
		                     "--employee gilt für Kundengespräche und Geschichten"));
	if (a.limit != LONG_MIN && a.limit < 1)
		return usage_error(
		    L(cli_lang, "--limit is at least 1", "--limit ist mindestens 1"));
	if (a.due_within) {
		if (parse_duration_days(a.due_within, &days))
			return usage_error(
			    L(cli_lang, "--due-within: \"%s\" is not a number of days (14d, 2w)",
			      "--due-within: \"%s\" ist keine Anzahl Tage (14d, 2w)"),
			    a.due_within);
		flt.due_within = days;
	}
	flt.overdue = a.overdue;
	if (a.week) {
		day_t monday;
		if (journal_week_parse(a.week, &monday, &e)) {
			print_err(&e);
			return EXIT_USAGE;
		}
		flt.from = monday;
		flt.to = monday + 7;
	}
	if (a.since != DAY_NONE && (flt.from == DAY_NONE || a.since > flt.from))
		flt.from = a.since;
	flt.open = a.open;
	flt.employee = a.employee;
	flt.owner = a.who.owner;
	flt.region = a.who.region;
	flt.industry = a.who.industry;
	flt.segment = a.who.segment;
	flt.limit = a.limit == LONG_MIN ? 0 : a.limit;
	flt.customer = a.customer;
	if (ctx_app(c, NULL, &ac))
		goto out;
	if ((rc = app_list(&ac, (enum journal_kind)kind, &flt, &list, &e))) {
		rc = app_failed(rc, &e);
		goto out;
	}
	jr_list_write(&list, jr_format(c), &out);
	if (c->format == FMT_TEXT && !list.nrows)
		sb_adds(&out, L(cli_lang, "no entries\n", "keine Einträge\n"));
	rc = emit(&out);
out:
	app_list_release(&list);
	sb_release(&out);
	return rc;
}
