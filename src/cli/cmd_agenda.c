/*
 * cmd_agenda.c — `treue agenda [--owner NAME] [--days 7]`: the account
 * manager's week from the application layer's one result (app_agenda),
 * and its writers: text for people (one short block per priority, then
 * promises, complaints, follow-ups and the customers nobody spoke to),
 * JSON, and CSV with a `section` column (which --format xlsx turns into
 * one sheet per section).
 */
#include <inttypes.h>
#include <string.h>

#include "model_ctx.h"

/* ---- text ---- */

static const char *who(const char *owner, enum lang lang)
{
	return *owner ? owner
	              : L(lang, "customers without an account manager", "Kunden ohne Betreuer");
}

static void money_right(struct strbuf *out, enum lang lang, int64_t cents, int width)
{
	struct strbuf m = STRBUF_INIT;
	fmt_money(&m, lang, cents);
	for (int w = utf8_width(m.buf); w < width; w++)
		sb_addch(out, ' ');
	sb_adds(out, m.buf);
	sb_release(&m);
}

/* "K1001 Brenner GmbH" cut to width. */
static void customer(struct strbuf *out, const char *id, const char *name, int width)
{
	struct strbuf t = STRBUF_INIT;
	sb_adds(&t, id);
	if (name && *name)
		sb_addf(&t, " %s", name);
	fmt_pad_cut(out, t.buf, width);
	sb_release(&t);
}

/* "1 day late", "3 days late", "due today", "due in 2 days". */
static void days_text(struct strbuf *out, int late, int days, enum lang lang)
{
	if (late)
		sb_addf(out,
		        days == 1 ? L(lang, "%d day late", "%d Tag zu spät")
		                  : L(lang, "%d days late", "%d Tage zu spät"),
		        days);
	else if (days == 0)
		sb_adds(out, L(lang, "due today", "heute fällig"));
	else
		sb_addf(out,
		        days == 1 ? L(lang, "due in %d day", "fällig in %d Tag")
		                  : L(lang, "due in %d days", "fällig in %d Tagen"),
		        days);
}

/* The team's overview: one row per account manager (and the customers
 * without one). */
static void team_text(const struct app_agenda *r, struct strbuf *out, enum lang lang)
{
	int w = 16;
	for (size_t k = 0; k < r->nsections; k++)
		if (utf8_width(who(r->sections[k].owner, lang)) > w)
			w = utf8_width(who(r->sections[k].owner, lang));
	if (w > 36)
		w = 36;
	sb_adds(out, L(lang, "The team\n", "Das Team\n"));
	sb_adds(out, "  ");
	fmt_pad(out, L(lang, "account manager", "Betreuer"), w);
	/* the columns: at least as wide as their heading (display columns) */
	const char *head[5] = {L(lang, "customers", "Kunden"),
	                       L(lang, "promises honoured", "Zusagen gehalten"),
	                       L(lang, "complaints", "Reklam."),
	                       L(lang, "dialogues", "Kundengespräche"), L(lang, "silent", "still")};
	int cw[5] = {9, 16, 10, 9, 8};
	for (int c = 0; c < 5; c++) {
		if (utf8_width(head[c]) > cw[c])
			cw[c] = utf8_width(head[c]);
		sb_addch(out, ' ');
		fmt_rpad(out, head[c], cw[c]);
	}
	sb_addch(out, '\n');
	for (size_t k = 0; k < r->nsections; k++) {
		const struct app_agenda_section *s = &r->sections[k];
		struct strbuf cell = STRBUF_INIT;
		if (!s->account_manager)
			continue;
		sb_adds(out, "  ");
		fmt_pad_cut(out, who(s->owner, lang), w);
		const int64_t v[5] = {s->customers, 0, s->open_complaints, s->dialogs_month,
		                      s->silent_leavers};
		for (int c = 0; c < 5; c++) {
			sb_reset(&cell);
			if (c == 1) { /* honoured / due */
				fmt_int(&cell, lang, s->promises_honoured);
				sb_adds(&cell, " / ");
				fmt_int(&cell, lang, s->promises_due);
			} else {
				fmt_int(&cell, lang, v[c]);
			}
			sb_addch(out, ' ');
			fmt_rpad(out, cell.buf, cw[c]);
		}
		sb_addch(out, '\n');
		sb_release(&cell);
	}
	sb_adds(out, L(lang, "  (promises due ", "  (Zusagen fällig "));
	fmt_period(out, lang, r->rate_from, r->to - 1);
	sb_adds(out, L(lang, "; open complaints at ", "; offene Reklamationen zum "));
	fmt_day(out, lang, r->to);
	sb_adds(out, L(lang, "; dialogues since ", "; Kundengespräche seit "));
	fmt_day(out, lang, r->month_from);
	sb_adds(out, L(lang, "; silent leavers among the active customers)\n\n",
	               "; stille Abwanderer unter den aktiven Kunden)\n\n"));
}

static void section_text(const struct app_agenda *r, const struct app_agenda_section *s,
                         struct strbuf *out, enum lang lang)
{
	sb_adds(out, "== "); /* names as they show: controls escaped */
	sb_add_visible(out, who(s->owner, lang), 0);
	sb_adds(out, " ==\n");
	if (s->account_manager) {
		fmt_count(out, lang, s->customers, L(lang, "active customer", "aktiver Kunde"),
		          L(lang, "active customers", "aktive Kunden"));
		sb_adds(out, L(lang, "; promises honoured ", "; Zusagen gehalten "));
		fmt_int(out, lang, s->promises_honoured);
		sb_adds(out, L(lang, " of ", " von "));
		fmt_int(out, lang, s->promises_due);
		sb_adds(out, "; ");
		fmt_count(out, lang, s->dialogs_month, L(lang, "dialogue", "Kundengespräch"),
		          L(lang, "dialogues", "Kundengespräche"));
		sb_adds(out, L(lang, " this month; ", " diesen Monat; "));
		fmt_count(out, lang, s->silent_leavers,
		          L(lang, "silent leaver", "stiller Abwanderer"),
		          L(lang, "silent leavers", "stille Abwanderer"));
		sb_addch(out, '\n');
	}
	/* the calls, one block per priority */
	int any = 0;
	size_t k = 0;
	for (int p = 1; p <= 6; p++) {
		if (!s->priority_total[p])
			continue;
		any = 1;
		int shown =
		    s->priority_total[p] < r->per_priority ? s->priority_total[p] : r->per_priority;
		sb_addf(out, "\n%d. %s — ", p, action_text(p, lang));
		sb_addf(out, L(lang, "%d of %d\n", "%d von %d\n"), shown, s->priority_total[p]);
		for (; k < s->ncalls && s->calls[k].priority == p; k++) {
			const struct app_agenda_call *c = &s->calls[k];
			sb_adds(out, "   ");
			customer(out, c->customer_id, c->name, 40);
			sb_addch(out, ' ');
			fmt_pad(out, segment_label(c->segment, lang), 18);
			money_right(out, lang, c->at_stake, 15);
			if (c->silent)
				sb_adds(out, L(lang, "  silent leaver", "  stiller Abwanderer"));
			sb_addf(out, "\n      %s: %s\n", L(lang, "why", "warum"), c->why);
		}
	}
	if (!any)
		sb_adds(out, L(lang, "\nno customer on the action list\n",
		               "\nkein Kunde auf der Aktionsliste\n"));
	/* promises */
	sb_addf(out,
	        L(lang, "\nPromises: %d overdue, %d due by ",
	          "\nZusagen: %d überfällig, %d fällig bis "),
	        s->overdue_promises, s->due_promises);
	fmt_day(out, lang, r->until);
	sb_adds(out, "\n");
	for (size_t i = 0; i < s->npromises; i++) {
		const struct app_agenda_promise *p = &s->promises[i];
		struct strbuf d = STRBUF_INIT;
		days_text(&d, p->overdue, p->days, lang);
		sb_addf(out, "   #%-6" PRId64 " ", p->id);
		fmt_day(out, lang, p->due_on);
		sb_adds(out, "  ");
		fmt_pad(out, d.buf, 16);
		customer(out, p->customer_id, p->name, 34);
		sb_adds(out, "  ");
		sb_add_visible(out, p->what ? p->what : "", 0);
		sb_addch(out, '\n');
		sb_release(&d);
	}
	/* complaints */
	sb_addf(out, L(lang, "\nOpen complaints: %zu\n", "\nOffene Reklamationen: %zu\n"),
	        s->ncomplaints);
	for (size_t i = 0; i < s->ncomplaints; i++) {
		const struct app_agenda_complaint *x = &s->complaints[i];
		struct strbuf d = STRBUF_INIT;
		sb_addf(&d,
		        x->age == 1 ? L(lang, "open %d day", "seit %d Tag offen")
		                    : L(lang, "open %d days", "seit %d Tagen offen"),
		        x->age);
		sb_addf(out, "   #%-6" PRId64 " ", x->id);
		fmt_day(out, lang, x->date);
		sb_adds(out, "  ");
		fmt_pad(out, d.buf, 20);
		customer(out, x->customer_id, x->name, 34);
		sb_addf(out, "  %s\n", journal_reason_label(x->reason, lang));
		sb_release(&d);
	}
	/* follow-ups */
	sb_addf(out, L(lang, "\nFollow-ups due: %zu\n", "\nFällige Wiedervorlagen: %zu\n"),
	        s->nfollow_ups);
	for (size_t i = 0; i < s->nfollow_ups; i++) {
		const struct app_agenda_follow_up *f = &s->follow_ups[i];
		struct strbuf d = STRBUF_INIT;
		days_text(&d, f->late, f->days, lang);
		sb_adds(out, "   ");
		fmt_day(out, lang, f->follow_up);
		sb_adds(out, "  ");
		fmt_pad(out, d.buf, 16);
		customer(out, f->customer_id, f->name, 34);
		sb_adds(out, L(lang, "  after the dialogue of ", "  nach dem Kundengespräch vom "));
		fmt_day(out, lang, f->dialog);
		sb_addch(out, '\n');
		sb_release(&d);
	}
	/* nobody spoke to */
	sb_addf(out,
	        L(lang,
	          "\nNobody spoke to: %zu active customers without a dialogue for over %d days",
	          "\nNiemand sprach mit: %zu aktiven Kunden seit über %d Tagen ohne "
	          "Kundengespräch"),
	        s->quiet_total, r->dialog_days);
	if (s->nquiet < s->quiet_total)
		sb_addf(out, L(lang, "; the %zu with most revenue", "; die %zu umsatzstärksten"),
		        s->nquiet);
	sb_adds(out, "\n");
	for (size_t i = 0; i < s->nquiet; i++) {
		const struct app_agenda_quiet *q = &s->quiet[i];
		sb_adds(out, "   ");
		customer(out, q->customer_id, q->name, 40);
		sb_addch(out, ' ');
		fmt_pad(out, segment_label(q->segment, lang), 18);
		money_right(out, lang, q->revenue, 15);
		if (q->last_dialog == DAY_NONE) {
			sb_adds(out, L(lang, "  never", "  nie"));
		} else {
			sb_adds(out, "  ");
			fmt_day(out, lang, q->last_dialog);
			sb_addf(out,
			        q->days_since == 1 ? L(lang, " (%d day)", " (%d Tag)")
			                           : L(lang, " (%d days)", " (%d Tage)"),
			        q->days_since);
		}
		sb_addch(out, '\n');
	}
	sb_addch(out, '\n');
}

static void agenda_text(const struct app_agenda *r, int team, struct strbuf *out, enum lang lang)
{
	sb_adds(out, L(lang, "The week from ", "Die Woche ab "));
	fmt_day(out, lang, r->to);
	sb_adds(out, L(lang, " — calls from the action list as of ",
	               " — Anrufe aus der Aktionsliste zum Stichtag "));
	fmt_day(out, lang, r->as_of);
	sb_adds(out, "\n");
	report_future_text(&r->fut, out, lang);
	if (!r->silent_ok)
		sb_adds(
		    out,
		    L(lang,
		      "(no purchase model could be fitted: no silent leavers in priority 1)\n",
		      "(kein Kaufmodell schätzbar: keine stillen Abwanderer in Priorität 1)\n"));
	sb_addf(out, L(lang, "Revenue at stake (%s): P0+P1, ", "Umsatz im Spiel (%s): P0+P1, "),
	        money_unit(r->currency));
	fmt_period(out, lang, r->as_of - 2 * r->window, r->as_of - 1);
	sb_adds(out, "\n\n");
	if (team)
		team_text(r, out, lang);
	for (size_t k = 0; k < r->nsections; k++)
		section_text(r, &r->sections[k], out, lang);
}

/* ---- JSON ---- */

/* ---- CSV: one table, its first column the section ---- */

#define CSV_HEAD                                                                                   \
	"section,owner,priority,customer_id,name,segment,silent,revenue_at_stake,revenue,id,"      \
	"date,due_on,days,reason,text,customers,promises_due,promises_honoured,"                   \
	"open_complaints,dialogs_this_month,silent_leavers\n"

static void csv_money(struct strbuf *out, int64_t cents)
{
	char b[32];
	csv_field(out, money_format(cents, b), 0);
}

static void csv_day(struct strbuf *out, day_t d)
{
	char b[11];
	csv_field(out, d == DAY_NONE ? "" : day_format(d, b), 0);
}

static void csv_num(struct strbuf *out, int64_t v)
{
	sb_addf(out, ",%" PRId64, v);
}

static void csv_empty(struct strbuf *out, int n)
{
	while (n-- > 0)
		sb_addch(out, ',');
}

static void csv_start(struct strbuf *out, const char *section, const char *owner)
{
	csv_field(out, section, 1);
	csv_text(out, owner, 0);
}

static void agenda_csv(const struct app_agenda *r, struct strbuf *out)
{
	sb_adds(out, CSV_HEAD);
	for (size_t k = 0; k < r->nsections; k++) {
		const struct app_agenda_section *s = &r->sections[k];
		csv_start(out, "team", s->owner);
		csv_empty(out, 13);
		csv_num(out, s->customers);
		csv_num(out, s->promises_due);
		csv_num(out, s->promises_honoured);
		csv_num(out, s->open_complaints);
		csv_num(out, s->dialogs_month);
		csv_num(out, s->silent_leavers);
		sb_addch(out, '\n');
		for (size_t i = 0; i < s->ncalls; i++) {
			const struct app_agenda_call *c = &s->calls[i];
			csv_start(out, "call", s->owner);
			csv_num(out, c->priority);
			csv_text(out, c->customer_id, 0);
			csv_text(out, c->name, 0);
			csv_field(out, segment_key[c->segment], 0);
			csv_num(out, c->silent);
			csv_money(out, c->at_stake);
			csv_money(out, c->revenue);
			csv_empty(out, 5);
			csv_text(out, c->why, 0);
			csv_empty(out, 6);
			sb_addch(out, '\n');
		}
		for (size_t i = 0; i < s->npromises; i++) {
			const struct app_agenda_promise *p = &s->promises[i];
			csv_start(out, p->overdue ? "promise_overdue" : "promise_due", s->owner);
			csv_empty(out, 1);
			csv_text(out, p->customer_id, 0);
			csv_text(out, p->name, 0);
			csv_empty(out, 4);
			csv_num(out, p->id);
			csv_day(out, p->made_on);
			csv_day(out, p->due_on);
			csv_num(out, p->days);
			csv_empty(out, 1);
			csv_text(out, p->what, 0);
			csv_empty(out, 6);
			sb_addch(out, '\n');
		}
		for (size_t i = 0; i < s->ncomplaints; i++) {
			const struct app_agenda_complaint *x = &s->complaints[i];
			csv_start(out, "complaint", s->owner);
			csv_empty(out, 1);
			csv_text(out, x->customer_id, 0);
			csv_text(out, x->name, 0);
			csv_empty(out, 4);
			csv_num(out, x->id);
			csv_day(out, x->date);
			csv_empty(out, 1);
			csv_num(out, x->age);
			csv_field(out, x->reason, 0);
			csv_text(out, x->description, 0);
			csv_empty(out, 6);
			sb_addch(out, '\n');
		}
		for (size_t i = 0; i < s->nfollow_ups; i++) {
			const struct app_agenda_follow_up *f = &s->follow_ups[i];
			csv_start(out, f->late ? "follow_up_late" : "follow_up_due", s->owner);
			csv_empty(out, 1);
			csv_text(out, f->customer_id, 0);
			csv_text(out, f->name, 0);
			csv_empty(out, 5);
			csv_day(out, f->dialog);
			csv_day(out, f->follow_up);
			csv_num(out, f->days);
			csv_empty(out, 8);
			sb_addch(out, '\n');
		}
		for (size_t i = 0; i < s->nquiet; i++) {
			const struct app_agenda_quiet *q = &s->quiet[i];
			csv_start(out, "quiet", s->owner);
			csv_empty(out, 1);
			csv_text(out, q->customer_id, 0);
			csv_text(out, q->name, 0);
			csv_field(out, segment_key[q->segment], 0);
			csv_empty(out, 2);
			csv_money(out, q->revenue);
			csv_empty(out, 1);
			csv_day(out, q->last_dialog);
			csv_empty(out, 1);
			if (q->days_since >= 0)
				csv_num(out, q->days_since);
			else
				csv_empty(out, 1);
			csv_empty(out, 8);
			sb_addch(out, '\n');
		}
	}
}

int cmd_agenda(int argc, char **argv, struct ctx *c)
{
	struct opt_list sets = {0};
	struct app_filter who = {0};
	long days = 7, per = 0, quiet = -1;
	const struct option opts[] = {
	    OPT_FILTERS(&who),
	    OPT_INT("days", &days, "N", "promises and follow-ups due within N days (7)",
	            "Zusagen und Wiedervorlagen fällig in N Tagen (7)"),
	    OPT_INT("per-priority", &per, "N",
	            "customers of each priority (default: setting agenda_per_priority, 3)",
	            "Kunden je Priorität (Vorgabe: Einstellung agenda_per_priority, 3)"),
	    OPT_INT("quiet", &quiet, "N",
	            "customers nobody spoke to, per person (text 5, json/csv all; 0: all)",
	            "Kunden, mit denen niemand sprach, je Person (Text 5, json/csv alle; 0: alle)"),
	    OPT_SETTINGS(&sets),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue agenda [--owner NAME] [--days 7] [--per-priority N] [--quiet N]\n"
	    "       [--region R] [--industry I] [--segment S] [--as-of D] [--format F]",
	    "An account manager's week: a few customers of every priority of the action list\n"
	    "(the first of each, with the reason and the revenue at stake in P0+P1), the\n"
	    "promises overdue or due within --days, the open complaints with their age, the\n"
	    "follow-ups due (treue add dialog --follow-up), and the active customers nobody\n"
	    "spoke to for over dialog_days. Without --owner, the team's overview and one\n"
	    "section per person, then the customers without an account manager. The calls\n"
	    "are the action list's (treue actions --owner NAME), the rest the journal's at\n"
	    "its D (treue report promises, report cadence): every number can be found there.",
	    "Die Woche eines Betreuers: einige Kunden jeder Priorität der Aktionsliste (die\n"
	    "ersten, mit Grund und Umsatz im Spiel in P0+P1), die überfälligen und in --days\n"
	    "fälligen Zusagen, die offenen Reklamationen mit ihrem Alter, die fälligen\n"
	    "Wiedervorlagen (treue add dialog --follow-up) und die aktiven Kunden, mit denen\n"
	    "seit über dialog_days Tagen niemand sprach. Ohne --owner: die Übersicht des Teams\n"
	    "und ein Abschnitt je Person, dann die Kunden ohne Betreuer. Die Anrufe sind die\n"
	    "der Aktionsliste (treue actions --owner NAME), der Rest die des Journals zu\n"
	    "seinem Stichtag (treue report promises, report cadence): jede Zahl findet sich\n"
	    "dort wieder.",
	};
	struct app_ctx ac;
	struct app_analysis a;
	struct app_agenda r;
	struct strbuf out = STRBUF_INIT;
	struct err e;
	if (parse_options(c, argc, argv, opts, &help) > 0) {
		opt_list_release(&sets);
		return usage_error(
		    L(cli_lang, "agenda takes no arguments", "agenda erwartet keine Argumente"));
	}
	if (days < 0 || days > 3650 || per < 0 || per > 1000 || quiet < -1) {
		opt_list_release(&sets);
		return usage_error(
		    L(cli_lang, "--days is 0 to 3650, --per-priority 1 to 1000, --quiet at least 0",
		      "--days ist 0 bis 3650, --per-priority 1 bis 1000, --quiet "
		      "mindestens 0"));
	}
	struct app_agenda_in in = {(int)days, (int)per,
	                           quiet >= 0              ? (size_t)quiet
	                           : c->format == FMT_TEXT ? 5
	                                                   : 0,
	                           NULL};
	err_init(&e, cli_lang);
	int rc = cli_analysis(c, &sets, &ac, &a);
	if (rc == EXIT_OK && (rc = app_agenda(&ac, &a, &who, &in, &r, &e)))
		rc = app_failed(rc, &e);
	if (rc == EXIT_OK) {
		print_note(&r.note);
		if (c->format == FMT_JSON)
			report_agenda_json(&r, &out);
		else if (c->format == FMT_CSV) {
			cli_warn_future(&r.fut);
			agenda_csv(&r, &out);
		} else
			agenda_text(&r, !who.owner && r.nsections > 1, &out, cli_lang);
		app_agenda_release(&r);
		rc = emit(&out);
	}
	sb_release(&out);
	app_analysis_release(&a);
	opt_list_release(&sets);
	return rc;
}
