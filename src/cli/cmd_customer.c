/*
 * cmd_customer.c — `treue customer ID`: the customer card of the
 * application layer (figures, segment and why, trust and bond with their
 * components, what is due, and a timeline of orders, surveys, dialogues,
 * promises, complaints, stories, referrals and departures) written as
 * text, JSON or CSV.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model_ctx.h"

/* Ends the line before and starts "  label" padded to 30 columns. */
static void card_label(struct strbuf *out, const char *label)
{
	if (out->len && out->buf[out->len - 1] != '\n')
		sb_addch(out, '\n');
	sb_adds(out, "  ");
	fmt_pad(out, label, 28);
	sb_adds(out, "  ");
}

int cmd_customer(int argc, char **argv, struct ctx *c)
{
	struct opt_list sets = {0};
	long tl_limit = 0;
	const struct option opts[] = {
	    OPT_INT("timeline", &tl_limit, "N", "show only the latest N timeline entries",
	            "nur die letzten N Einträge der Zeitleiste zeigen"),
	    OPT_SETTINGS(&sets),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue customer ID|NAME-PREFIX [--as-of D] [--format text|json]",
	    "Everything about one customer: its figures, its segment and why, trust and bond\n"
	    "with their components, what is due, and the timeline of orders, surveys,\n"
	    "dialogues, promises, complaints, stories, referrals and departures.",
	    "Alles über einen Kunden: Kennzahlen, Segment und warum, Vertrauen und Bindung mit\n"
	    "ihren Bestandteilen, was fällig ist, und die Zeitleiste aus Aufträgen, Umfragen,\n"
	    "Kundengesprächen, Zusagen, Reklamationen, Geschichten, Empfehlungen und Abgängen.",
	};
	struct app_ctx ac;
	struct app_analysis a;
	struct app_customer card;
	struct strbuf out = STRBUF_INIT;
	struct err e;
	int64_t key;
	int n = parse_options(c, argc, argv, opts, &help), rc;
	memset(&card, 0, sizeof(card));
	memset(&a, 0, sizeof(a));
	err_init(&e, cli_lang);
	if (n != 1) {
		opt_list_release(&sets);
		return usage_error(L(cli_lang, "customer needs exactly one customer id or name",
		                     "customer braucht genau eine Kundennummer oder einen Namen"));
	}
	if ((rc = ctx_app(c, &sets, &ac)))
		goto out;
	if ((rc = app_customer_find(&ac, argv[0], &key, NULL, &e))) {
		rc = app_failed(rc, &e);
		goto out;
	}
	if ((rc = cli_analysis(c, &sets, &ac, &a)))
		goto out;
	if ((rc = app_customer_card(&ac, &a, key, &card, &e))) {
		rc = app_failed(rc, &e);
		goto out;
	}
	print_note(&card.note);
	const struct cust_fig *f = &card.fig;
	const struct trust *tr = &card.trust;
	const struct bond *bd = &card.bond;
	const struct action_row *act = card.has_action ? &card.action : NULL;
	const struct app_timeline_entry *tl = card.timeline;
	size_t ntl = card.ntimeline;
	size_t tl_from = tl_limit > 0 && (size_t)tl_limit < ntl ? ntl - (size_t)tl_limit : 0;
	char d[11];
	if (c->format == FMT_JSON) {
		report_card_json(&card, tl_from, &out, cli_lang);
	} else if (c->format == FMT_CSV) {
		/* the figures as field,value rows, then the timeline as date,kind,text */
		char num[64];
		sb_adds(&out, "field,value\n");
		csv_field(&out, "customer_id", 1);
		csv_text(&out, card.customer_id, 0);
		sb_addf(&out, "\nsegment,%s\norders,%d\n", segment_key[f->segment], f->orders);
		sb_addf(&out, "revenue,%s\n", money_format(f->rev_p0, num));
		sb_addf(&out, "revenue_previous,%s\n", money_format(f->rev_p1, num));
		csv_field(&out, "why", 1);
		csv_text(&out, card.why, 0);
		sb_addch(&out, '\n');
		if (!isnan(tr->value))
			sb_addf(&out, "trust,%.4f\n", tr->value);
		if (!isnan(bd->bond))
			sb_addf(&out, "bond,%.1f\n", bd->bond);
		if (card.has_btyd)
			sb_addf(&out, "p_alive,%.4f\nexpected_purchases_52w,%.4f\n", card.p_alive,
			        card.expected52);
		sb_adds(&out, "\ndate,kind,text\n");
		for (size_t k = tl_from; k < ntl; k++) {
			csv_field(&out, day_format(tl[k].date, d), 1);
			csv_field(&out, tl[k].kind, 0);
			csv_text(&out, tl[k].text, 0);
			sb_addch(&out, '\n');
		}
	} else {
		const enum lang lg = cli_lang;
		const char *cur = card.currency;
		report_future_text(&card.fut, &out, lg);
		/* names and texts shown with controls escaped */
		sb_add_visible(&out, card.customer_id, 0);
		sb_adds(&out, *card.name ? "  " : "");
		sb_add_visible(&out, card.name, 0);
		sb_addch(&out, '\n');
		if (*card.owner) {
			sb_adds(&out, L(lg, "account manager: ", "Betreuer: "));
			sb_add_visible(&out, card.owner, 0);
			sb_addch(&out, '\n');
		}
		sb_addf(&out, L(lg, "as of %s: %s — %s\n", "zum Stichtag %s: %s — %s\n"),
		        day_format_lang(card.as_of, lg, d), segment_label(f->segment, lg),
		        card.why);
		sb_addch(&out, '\n');
		card_label(&out, L(lg, "orders in the last year", "Aufträge im letzten Jahr"));
		fmt_int(&out, lg, f->orders);
		card_label(&out, L(lg, "revenue this / last year", "Umsatz dieses / letztes Jahr"));
		fmt_amount(&out, lg, cur, f->rev_p0);
		sb_adds(&out, " / ");
		fmt_amount(&out, lg, cur, f->rev_p1);
		card_label(&out, L(lg, "first / last order", "erster / letzter Auftrag"));
		fmt_day(&out, lg, f->first);
		sb_adds(&out, " / ");
		fmt_day(&out, lg, f->last);
		if (card.has_btyd) {
			card_label(&out,
			           L(lg, "probability still active", "Aktiv-Wahrscheinlichkeit"));
			fmt_num(&out, lg, card.p_alive, 2);
			sb_adds(&out, L(lg, ", expected purchases in 52 weeks ",
			                ", erwartete Käufe in 52 Wochen "));
			fmt_num(&out, lg, card.expected52, 1);
			if (card.silent)
				sb_adds(&out, L(lg, " — silently leaving", " — wandert still ab"));
			card_label(&out, L(lg, "expected margin", "erwarteter Deckungsbeitrag"));
			fmt_amount_d(&out, lg, cur, card.margin52);
			sb_adds(&out,
			        L(lg, " over the next 52 weeks, ", " in den nächsten 52 Wochen, "));
			fmt_amount_d(&out, lg, cur, card.margin_h);
			sb_adds(&out, L(lg, " over the next ", " in den nächsten "));
			fmt_count(&out, lg, card.horizon, L(lg, "year", "Jahr"),
			          L(lg, "years", "Jahren"));
			sb_adds(&out, L(lg, " (discounted; purchase model, this customer)",
			                " (abgezinst; Kaufmodell, dieser Kunde)"));
		}
		card_label(&out, L(lg, "trust", "Vertrauen"));
		if (tr->due) {
			fmt_pct(&out, lg, tr->value);
			sb_adds(&out, " (");
			fmt_count(&out, lg, tr->due, L(lg, "promise due", "fällige Zusage"),
			          L(lg, "promises due", "fällige Zusagen"));
			sb_adds(&out, ": ");
			fmt_int(&out, lg, tr->honoured);
			sb_adds(&out, L(lg, " honoured, ", " gehalten, "));
			fmt_int(&out, lg, tr->broken);
			sb_adds(&out, L(lg, " broken, ", " gebrochen, "));
			fmt_int(&out, lg, tr->late + tr->renegotiated_late);
			sb_adds(&out, L(lg, " late, ", " verspätet, "));
			fmt_int(&out, lg, tr->overdue_open);
			sb_adds(&out, L(lg, " overdue)", " überfällig)"));
		} else {
			sb_adds(&out,
			        L(lg, "– (no promise fell due)", "– (noch keine Zusage fällig)"));
		}
		card_label(&out, L(lg, "bond", "Bindung"));
		fmt_num(&out, lg, bd->bond, 0);
		sb_adds(&out,
		        L(lg, " of 100 = mean of trust ", " von 100 = Mittel aus Vertrauen "));
		fmt_num(&out, lg, bd->trust, 0);
		sb_adds(&out, L(lg, ", satisfaction ", ", Zufriedenheit "));
		fmt_num(&out, lg, bd->satisfaction, 0);
		sb_adds(&out, L(lg, ", perceived value ", ", wahrgenommener Nutzen "));
		fmt_num(&out, lg, bd->value, 0);
		if (act) {
			card_label(&out, L(lg, "action list", "Aktionsliste"));
			sb_adds(&out, L(lg, "rank ", "Rang "));
			fmt_int(&out, lg, (int64_t)card.rank);
			sb_addf(&out, L(lg, ", priority %d: %s", ", Priorität %d: %s"),
			        act->priority, action_text(act->priority, lg));
			if (act->open_promises || act->open_complaints || act->no_recent_dialog) {
				card_label(&out, L(lg, "due", "fällig"));
				int first = 1;
				if (act->open_promises) {
					fmt_count(&out, lg, act->open_promises,
					          L(lg, "promise", "Zusage"),
					          L(lg, "promises", "Zusagen"));
					sb_adds(&out, L(lg, " open (", " offen ("));
					fmt_int(&out, lg, act->overdue_promises);
					sb_adds(&out, L(lg, " overdue)", " überfällig)"));
					first = 0;
				}
				if (act->open_complaints) {
					sb_adds(&out, first ? "" : "; ");
					fmt_count(&out, lg, act->open_complaints,
					          L(lg, "complaint", "Reklamation"),
					          L(lg, "complaints", "Reklamationen"));
					sb_adds(&out, L(lg, " open", " offen"));
					first = 0;
				}
				if (act->no_recent_dialog) {
					sb_adds(&out, first ? "" : "; ");
					sb_adds(&out, L(lg, "no dialogue for over ",
					                "kein Kundengespräch seit über "));
					fmt_count(&out, lg, card.dialog_days, L(lg, "day", "Tag"),
					          L(lg, "days", "Tagen"));
				}
			}
		}
		sb_adds(&out, L(lg, "\n\nTimeline (", "\n\nZeitleiste ("));
		fmt_count(&out, lg, (int64_t)ntl, L(lg, "entry", "Eintrag"),
		          L(lg, "entries", "Einträge"));
		sb_adds(&out, ")\n");
		if (tl_from) {
			sb_adds(&out, "  ... ");
			fmt_count(&out, lg, (int64_t)tl_from,
			          L(lg, "earlier entry", "früherer Eintrag"),
			          L(lg, "earlier entries", "frühere Einträge"));
			sb_adds(&out, L(lg, " (--timeline N shows more)\n",
			                " (--timeline N zeigt mehr)\n"));
		}
		for (size_t k = tl_from; k < ntl; k++) {
			sb_addf(&out, "  %s  ", day_format_lang(tl[k].date, lg, d));
			sb_add_visible(&out, tl[k].text, 0);
			sb_addch(&out, '\n');
		}
	}
	rc = emit(&out);
out:
	app_customer_release(&card);
	app_analysis_release(&a);
	opt_list_release(&sets);
	sb_release(&out);
	return rc;
}
