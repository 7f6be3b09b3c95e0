/*
 * cmd_journal_list.c — `treue list KIND` with its filters, and the row
 * layout of every kind that the list and the GDPR export share: one table
 * of columns per kind gives the JSON keys, the CSV header and the text
 * layout (head line, short fields, long texts).
 */
#include <inttypes.h>
#include <limits.h>
#include <string.h>

#include "cmd_journal.h"

#define C_ID                                                                                       \
	{                                                                                          \
		"id", JC_INT, JR_ID, NULL, NULL                                                    \
	}
#define C_DATE                                                                                     \
	{                                                                                          \
		"date", JC_DAY, JR_DATE, NULL, NULL                                                \
	}
#define C_CUST                                                                                     \
	{                                                                                          \
		"customer_id", JC_TEXT, JR_CUST, NULL, NULL                                        \
	}
#define C_NAME                                                                                     \
	{                                                                                          \
		"name", JC_TEXT, JR_NAME, NULL, NULL                                               \
	}

static const struct jr_col cols_dialog[] = {
    C_ID,
    C_DATE,
    C_CUST,
    C_NAME,
    {"channel", JC_TEXT, JR_SHORT, "channel", "Kanal"},
    {"touchpoint", JC_TOUCHPOINT, JR_SHORT, "touchpoint", "Kontaktpunkt"},
    {"employee", JC_TEXT, JR_SHORT, "employee", "Mitarbeiter"},
    {"support", JC_TEXT, JR_LONG, "support", "unterstützen"},
    {"improve", JC_TEXT, JR_LONG, "improve", "besser machen"},
    {"notes", JC_TEXT, JR_LONG, "notes", "Notizen"},
};
static const struct jr_col cols_promise[] = {
    C_ID,
    C_CUST,
    C_NAME,
    {"made_on", JC_DAY, JR_SHORT, "made on", "versprochen am"},
    {"due_on", JC_DAY, JR_DATE, "due", "fällig"},
    {"what", JC_TEXT, JR_LONG, "what", "was"},
    {"owner", JC_TEXT, JR_SHORT, "owner", "verantwortlich"},
    {"status", JC_STATUS, JR_SHORT, "status", "Status"},
    {"closed_on", JC_DAY, JR_SHORT, "closed on", "abgeschlossen am"},
    {"renegotiated_to", JC_INT, JR_SHORT, "follow-up", "Nachfolger"},
};
static const struct jr_col cols_complaint[] = {
    C_ID,
    C_DATE,
    C_CUST,
    C_NAME,
    {"reason", JC_REASON, JR_SHORT, "reason", "Grund"},
    {"reason_text", JC_TEXT, JR_SHORT, "as said", "Wortlaut"},
    {"description", JC_TEXT, JR_LONG, "description", "Beschreibung"},
    {"status", JC_STATUS, JR_SHORT, "status", "Status"},
    {"resolved_on", JC_DAY, JR_SHORT, "resolved on", "gelöst am"},
    {"why1", JC_TEXT, JR_LONG, "why 1", "Warum 1"},
    {"why2", JC_TEXT, JR_LONG, "why 2", "Warum 2"},
    {"why3", JC_TEXT, JR_LONG, "why 3", "Warum 3"},
    {"why4", JC_TEXT, JR_LONG, "why 4", "Warum 4"},
    {"why5", JC_TEXT, JR_LONG, "why 5", "Warum 5"},
    {"root_cause", JC_TEXT, JR_LONG, "root cause", "Ursache"},
};
static const struct jr_col cols_story[] = {
    C_ID,
    C_DATE,
    {"kind", JC_STATUS, JR_SHORT, "kind", "Art"},
    C_CUST,
    C_NAME,
    {"employee", JC_TEXT, JR_SHORT, "employee", "Mitarbeiter"},
    {"situation", JC_TEXT, JR_LONG, "situation", "Situation"},
    {"what", JC_TEXT, JR_LONG, "act", "Tat"},
    {"outcome", JC_TEXT, JR_LONG, "WOW", "WOW"},
};
static const struct jr_col cols_referral[] = {
    C_ID,
    C_DATE,
    {"from_customer", JC_TEXT, JR_CUST, NULL, NULL},
    {"from_name", JC_TEXT, JR_NAME, NULL, NULL},
    {"to_customer", JC_TEXT, JR_CUST2, NULL, NULL},
    {"to_name", JC_TEXT, JR_NAME2, NULL, NULL},
};
static const struct jr_col cols_departure[] = {
    C_ID,
    C_DATE,
    C_CUST,
    C_NAME,
    {"reason", JC_TEXT, JR_LONG, "reason", "Grund"},
    {"competitor", JC_TEXT, JR_SHORT, "competitor", "Wettbewerber"},
};
static const struct jr_col cols_survey[] = {
    C_ID,
    C_DATE,
    C_CUST,
    C_NAME,
    {"satisfaction", JC_SCORE, JR_SHORT, "satisfaction", "Zufriedenheit"},
    {"recommend", JC_SCORE, JR_SHORT, "recommend", "Weiterempfehlung"},
    {"value", JC_SCORE, JR_SHORT, "value", "Nutzen"},
    {"comment", JC_TEXT, JR_LONG, "comment", "Kommentar"},
};

#define LAYOUT(k, st, cols, plural)                                                                \
	{                                                                                          \
		k, st, cols, (int)ARRAY_SIZE(cols), plural                                         \
	}
const struct jr_layout jr_layouts[JK__COUNT] = {
    LAYOUT(JK_DIALOG, ST_J_L_DIALOGS, cols_dialog, "dialogs"),
    LAYOUT(JK_PROMISE, ST_J_L_PROMISES, cols_promise, "promises"),
    LAYOUT(JK_COMPLAINT, ST_J_L_COMPLAINTS, cols_complaint, "complaints"),
    LAYOUT(JK_STORY, ST_J_L_STORIES, cols_story, "stories"),
    LAYOUT(JK_REFERRAL, ST_J_L_REFERRALS, cols_referral, "referrals"),
    LAYOUT(JK_DEPARTURE, ST_J_L_DEPARTURES, cols_departure, "departures"),
    LAYOUT(JK_SURVEY, ST_J_L_SURVEYS, cols_survey, "surveys"),
};

/* Status and kind codes for people. */
static const char *status_label(const char *code)
{
	static const struct {
		const char *code, *en, *de;
	} names[] = {
	    {"open", "open", "offen"},
	    {"kept", "kept", "gehalten"},
	    {"broken", "broken", "gebrochen"},
	    {"renegotiated", "renegotiated", "neu verhandelt"},
	    {"resolved", "resolved", "erledigt"},
	    {"extra_mile", "extra mile", "Extrameile"},
	    {"tnt", "tiny noticeable thing", "kleine spürbare Aufmerksamkeit"},
	};
	for (size_t i = 0; code && i < ARRAY_SIZE(names); i++)
		if (!strcmp(code, names[i].code))
			return L(cli_lang, names[i].en, names[i].de);
	return code;
}

/* Binds the filter to a list statement (the parameters of stmt_journal.def). */
static void bind_filter(struct stmt *s, const struct jr_filter *f)
{
	stmt_int_or_null(s, 1, f->cust, 0);
	stmt_int_or_null(s, 2, f->from, DAY_NONE);
	stmt_int_or_null(s, 3, f->to, DAY_NONE);
	stmt_text(s, 4, f->employee);
	stmt_text(s, 5, f->owner);
	stmt_int(s, 6, f->open);
	stmt_int_or_null(s, 7, f->due_until, DAY_NONE);
	stmt_int_or_null(s, 8, f->due_before, DAY_NONE);
}

/* The column's value as text for people ("" when NULL). */
static const char *text_value(struct stmt *s, int i, const struct jr_col *col, char buf[static 32])
{
	if (col_isnull(s, i))
		return "";
	switch (col->type) {
	case JC_INT: snprintf(buf, 32, "%" PRId64, col_int(s, i)); return buf;
	case JC_DAY: return day_format((day_t)col_int(s, i), buf);
	case JC_SCORE: return journal_score_format((int)col_int(s, i), buf);
	case JC_REASON: return journal_reason_label(col_text(s, i), cli_lang);
	case JC_TOUCHPOINT: return journal_touchpoint_label(col_text(s, i), cli_lang);
	case JC_STATUS: return status_label(col_text(s, i));
	default: return col_text(s, i);
	}
}

/* The column's value for machines: codes as stored, dates ISO, scores 8.5. */
static const char *raw_value(struct stmt *s, int i, const struct jr_col *col, char buf[static 32])
{
	if (col_isnull(s, i))
		return NULL;
	switch (col->type) {
	case JC_INT: snprintf(buf, 32, "%" PRId64, col_int(s, i)); return buf;
	case JC_DAY: return day_format((day_t)col_int(s, i), buf);
	case JC_SCORE: return journal_score_format((int)col_int(s, i), buf);
	default: return col_text(s, i);
	}
}

static void json_value(struct json *j, struct stmt *s, int i, const struct jr_col *col)
{
	if (col_isnull(s, i)) {
		json_null(j);
		return;
	}
	switch (col->type) {
	case JC_INT: json_int(j, col_int(s, i)); break;
	case JC_DAY: json_day(j, (day_t)col_int(s, i)); break;
	case JC_SCORE: json_double(j, (double)col_int(s, i) / 10.0, 1); break;
	default: json_str(j, col_text(s, i)); break;
	}
}

static void json_row(struct json *j, struct stmt *s, const struct jr_layout *lay)
{
	json_obj_begin(j);
	for (int i = 0; i < lay->ncols; i++) {
		json_key(j, lay->cols[i].name);
		json_value(j, s, i, &lay->cols[i]);
	}
	json_obj_end(j);
}

static void csv_row(struct strbuf *out, struct stmt *s, const struct jr_layout *lay)
{
	char buf[32];
	for (int i = 0; i < lay->ncols; i++) {
		const char *v = raw_value(s, i, &lay->cols[i], buf);
		if (lay->cols[i].type == JC_TEXT)
			csv_text(out, v, i == 0);
		else
			csv_field(out, v, i == 0);
	}
	sb_addch(out, '\n');
}

/* #id  date  customer name [→ customer name]
 *     label: value   label: value
 *     label: long text */
static void text_row(struct strbuf *out, struct stmt *s, const struct jr_layout *lay)
{
	char buf[32];
	int nshort = 0;
	const char *parts[6] = {NULL};
	const struct jr_col *date_col = NULL;
	for (int i = 0; i < lay->ncols; i++)
		if (lay->cols[i].role <= JR_NAME2) {
			parts[lay->cols[i].role] = col_text(s, i);
			if (lay->cols[i].role == JR_DATE)
				date_col = &lay->cols[i];
		}
	sb_addf(out, "#%s", parts[JR_ID] ? parts[JR_ID] : "");
	if (date_col) {
		sb_adds(out, "  ");
		if (date_col->en)
			sb_addf(out, "%s ", L(cli_lang, date_col->en, date_col->de));
		for (int i = 0; i < lay->ncols; i++)
			if (&lay->cols[i] == date_col)
				sb_adds(out, text_value(s, i, date_col, buf));
	}
	/* names and texts shown with controls escaped */
	if (parts[JR_CUST])
		sb_adds(out, "  "), sb_add_visible(out, parts[JR_CUST], 0);
	if (parts[JR_NAME])
		sb_adds(out, " "), sb_add_visible(out, parts[JR_NAME], 0);
	if (parts[JR_CUST2])
		sb_adds(out, " → "), sb_add_visible(out, parts[JR_CUST2], 0);
	if (parts[JR_NAME2])
		sb_adds(out, " "), sb_add_visible(out, parts[JR_NAME2], 0);
	sb_addch(out, '\n');
	for (int i = 0; i < lay->ncols; i++) {
		const struct jr_col *col = &lay->cols[i];
		if (col->role != JR_SHORT || col_isnull(s, i))
			continue;
		sb_adds(out, nshort++ ? "   " : "    ");
		sb_addf(out, "%s: ", L(cli_lang, col->en, col->de));
		sb_add_visible(out, text_value(s, i, col, buf), 0);
	}
	if (nshort)
		sb_addch(out, '\n');
	for (int i = 0; i < lay->ncols; i++) {
		const struct jr_col *col = &lay->cols[i];
		const char *t;
		int indent;
		if (col->role != JR_LONG || col_isnull(s, i))
			continue;
		sb_addf(out, "    %s: ", L(cli_lang, col->en, col->de));
		indent = 6 + (int)strlen(L(cli_lang, col->en, col->de));
		struct strbuf v = STRBUF_INIT;
		sb_add_visible(&v, col_text(s, i), 1);
		for (t = v.buf; *t; t++) {
			sb_addch(out, *t);
			if (*t == '\n' && t[1])
				for (int k = 0; k < indent; k++)
					sb_addch(out, ' ');
		}
		sb_release(&v);
		sb_addch(out, '\n');
	}
}

int jr_list_write(struct store *st, const struct jr_layout *lay, const struct jr_filter *flt,
                  enum journal_format f, struct strbuf *out, long *count, struct err *e)
{
	struct stmt *s = store_stmt(st, lay->list);
	struct json j;
	int rc;
	*count = 0;
	bind_filter(s, flt);
	if (f == JF_JSON) {
		json_init(&j, out, 1);
		json_arr_begin(&j);
	} else if (f == JF_CSV) {
		for (int i = 0; i < lay->ncols; i++)
			csv_field(out, lay->cols[i].name, i == 0);
		sb_addch(out, '\n');
	}
	while ((rc = stmt_step(s, e)) == 1) {
		if (flt->limit > 0 && *count >= flt->limit)
			break;
		if (f == JF_JSON)
			json_row(&j, s, lay);
		else if (f == JF_CSV)
			csv_row(out, s, lay);
		else
			text_row(out, s, lay);
		(*count)++;
	}
	stmt_reset(s);
	if (rc < 0)
		return -1;
	if (f == JF_JSON)
		json_arr_end(&j);
	return 0;
}

int jr_list_json(struct store *st, const struct jr_layout *lay, const struct jr_filter *flt,
                 struct json *j, struct err *e)
{
	struct stmt *s = store_stmt(st, lay->list);
	int rc;
	bind_filter(s, flt);
	json_arr_begin(j);
	while ((rc = stmt_step(s, e)) == 1)
		json_row(j, s, lay);
	stmt_reset(s);
	json_arr_end(j);
	return rc < 0 ? -1 : 0;
}

/* `treue list KIND [filters]`. */
int cmd_list(int argc, char **argv, struct ctx *c)
{
	struct {
		const char *customer, *due_within, *week, *employee, *owner;
		int open, overdue;
		day_t since;
		long limit;
	} a = {NULL, NULL, NULL, NULL, NULL, 0, 0, DAY_NONE, LONG_MIN}; /* LONG_MIN: all */
	const struct option opts[] = {
	    OPT_STRING("customer", &a.customer, "ID", "entries of one customer (id or name prefix)",
	               "Einträge eines Kunden (Nummer oder Namensanfang)"),
	    OPT_FLAG("open", &a.open, "open promises and complaints only",
	             "nur offene Versprechen und Reklamationen"),
	    OPT_STRING("due-within", &a.due_within, "DAYS",
	               "open promises due within DAYS (14d, 2w), overdue ones included",
	               "offene Versprechen, fällig in TAGEN (14d, 2w), überfällige eingeschlossen"),
	    OPT_FLAG("overdue", &a.overdue, "open promises past their due date",
	             "offene Versprechen nach ihrem Fälligkeitstag"),
	    OPT_STRING(
	        "week", &a.week, "YYYY-Www",
	        "entries of one ISO week, e.g. 2026-W47 (promises: by due date)",
	        "Einträge einer Kalenderwoche, z. B. 2026-W47 (Versprechen: nach Fälligkeit)"),
	    OPT_DATE("since", &a.since, "entries dated on or after DATE", "Einträge ab DATUM"),
	    OPT_STRING("employee", &a.employee, "NAME",
	               "dialogues and stories of an employee (name prefix)",
	               "Dialoge und Geschichten eines Mitarbeiters (Namensanfang)"),
	    OPT_STRING("owner", &a.owner, "NAME",
	               "entries of an account manager's customers; promises: their owner",
	               "Einträge der Kunden eines Betreuers; Versprechen: wer sie hält"),
	    OPT_INT("limit", &a.limit, "N", "at most N entries", "höchstens N Einträge"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue list KIND [--customer ID] [--open] [--due-within 14d] [--overdue]\n"
	    "       [--week 2026-W47] [--since DATE] [--employee NAME] [--owner NAME] [--limit N]",
	    "Lists journal entries, newest first (promises by due date). KIND: dialogs, promises,\n"
	    "complaints, stories, referrals, departures, surveys. --format json gives an array,\n"
	    "csv one row per entry with the columns of the import.",
	    "Listet Journaleinträge, die neuesten zuerst (Versprechen nach Fälligkeit). ART:\n"
	    "dialogs, promises, complaints, stories, referrals, departures, surveys. --format\n"
	    "json liefert ein Array, csv eine Zeile je Eintrag mit den Spalten des Imports."};
	struct jr_filter flt = {0, DAY_NONE, DAY_NONE, NULL, NULL, 0, DAY_NONE, DAY_NONE, 0};
	struct strbuf out = STRBUF_INIT, cid = STRBUF_INIT;
	struct store *st;
	struct err e = {.lang = cli_lang};
	long count;
	int n, kind, rc = EXIT_ERR, days;
	err_clear(&e);
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
		      "\"%s\" ist keine Art von Eintrag: dialogs, promises, complaints, "
		      "stories, referrals, departures oder surveys"),
		    argv[0]);
	if (a.open && kind != JK_PROMISE && kind != JK_COMPLAINT)
		return usage_error(L(cli_lang, "--open applies to promises and complaints",
		                     "--open gilt für Versprechen und Reklamationen"));
	if ((a.due_within || a.overdue) && kind != JK_PROMISE)
		return usage_error(L(cli_lang, "--due-within and --overdue apply to promises",
		                     "--due-within und --overdue gelten für Versprechen"));
	if (a.employee && kind != JK_DIALOG && kind != JK_STORY)
		return usage_error(L(cli_lang, "--employee applies to dialogues and stories",
		                     "--employee gilt für Dialoge und Geschichten"));
	if (a.limit != LONG_MIN && a.limit < 1)
		return usage_error(
		    L(cli_lang, "--limit is at least 1", "--limit ist mindestens 1"));
	if (a.due_within) {
		if (parse_duration_days(a.due_within, &days))
			return usage_error(
			    L(cli_lang, "--due-within: \"%s\" is not a number of days (14d, 2w)",
			      "--due-within: \"%s\" ist keine Anzahl Tage (14d, 2w)"),
			    a.due_within);
		if (day_add(jr_today(c), days, &flt.due_until))
			return usage_error(L(cli_lang, "--due-within: %s from today " DAY_RANGE_EN,
			                     "--due-within: %s ab heute " DAY_RANGE_DE),
			                   a.due_within);
	}
	if (a.overdue)
		flt.due_before = jr_today(c);
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
	flt.owner = a.owner;
	flt.limit = a.limit == LONG_MIN ? 0 : a.limit;
	if (!(st = ctx_store(c)))
		goto out;
	if (a.customer && resolve_customer(st, a.customer, &flt.cust, &cid) != EXIT_OK)
		goto out;
	if (jr_list_write(st, &jr_layouts[kind], &flt, jr_format(c), &out, &count, &e)) {
		rc = print_err(&e);
		goto out;
	}
	if (c->format == FMT_TEXT && !count)
		sb_adds(&out, L(cli_lang, "no entries\n", "keine Einträge\n"));
	rc = emit(&out);
out:
	sb_release(&out);
	sb_release(&cid);
	return rc;
}
