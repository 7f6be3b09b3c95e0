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
	    "Dialogen, Versprechen, Reklamationen, Geschichten, Empfehlungen und Abgängen.",
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
		report_future_text(&card.fut, &out, cli_lang);
		/* names and texts shown with controls escaped */
		sb_add_visible(&out, card.customer_id, 0);
		sb_adds(&out, *card.name ? "  " : "");
		sb_add_visible(&out, card.name, 0);
		sb_addch(&out, '\n');
		if (*card.owner) {
			sb_adds(&out, L(cli_lang, "account manager: ", "Betreuer: "));
			sb_add_visible(&out, card.owner, 0);
			sb_addch(&out, '\n');
		}
		sb_addf(&out, L(cli_lang, "as of %s: %s — %s\n", "zum Stichtag %s: %s — %s\n"),
		        day_format(card.as_of, d), segment_label(f->segment, cli_lang), card.why);
		sb_adds(&out, L(cli_lang, "\n  orders in the last year   ",
		                "\n  Aufträge im letzten Jahr  "));
		sb_addf(&out, "%d\n", f->orders);
		sb_adds(&out, L(cli_lang, "  revenue this / last year  ",
		                "  Umsatz dieses / letztes J. "));
		fmt_money(&out, cli_lang, f->rev_p0);
		sb_adds(&out, " / ");
		fmt_money(&out, cli_lang, f->rev_p1);
		sb_adds(&out, L(cli_lang, "\n  first / last order       ",
		                "\n  erster / letzter Auftrag "));
		sb_addf(&out, " %s / ", f->first == DAY_NONE ? "–" : day_format(f->first, d));
		sb_addf(&out, "%s\n", f->last == DAY_NONE ? "–" : day_format(f->last, d));
		if (card.has_btyd) {
			sb_adds(&out, L(cli_lang, "  P(alive)                  ",
			                "  P(aktiv)                  "));
			fmt_num(&out, cli_lang, card.p_alive, 2);
			sb_adds(&out, L(cli_lang, ", expected purchases in 52 weeks ",
			                ", erwartete Käufe in 52 Wochen "));
			fmt_num(&out, cli_lang, card.expected52, 1);
			if (card.silent)
				sb_adds(&out,
				        L(cli_lang, " — silently leaving", " — wandert still ab"));
			sb_adds(&out, L(cli_lang, "\n  expected margin           ",
			                "\n  erw. Deckungsbeitrag      "));
			fmt_money_d(&out, cli_lang, card.margin52);
			sb_adds(&out, L(cli_lang, " over the next 52 weeks, ",
			                " in den nächsten 52 Wochen, "));
			fmt_money_d(&out, cli_lang, card.margin_h);
			sb_addf(
			    &out,
			    L(cli_lang,
			      " over the next %d years (discounted; purchase model, this "
			      "customer)\n",
			      " in den nächsten %d Jahren (abgezinst; Kaufmodell, dieser Kunde)\n"),
			    card.horizon);
		}
		sb_adds(&out, L(cli_lang, "  trust                     ",
		                "  Vertrauen                 "));
		if (tr->due) {
			fmt_pct(&out, cli_lang, tr->value);
			sb_addf(&out,
			        L(cli_lang,
			          " (%d of %d promises honoured; %d broken, %d late, %d overdue)\n",
			          " (%d von %d Versprechen gehalten; %d gebrochen, %d verspätet, "
			          "%d überfällig)\n"),
			        tr->honoured, tr->due, tr->broken, tr->late + tr->renegotiated_late,
			        tr->overdue_open);
		} else {
			sb_adds(&out, L(cli_lang, "– (no promise fell due)\n",
			                "– (kein Versprechen fällig geworden)\n"));
		}
		sb_adds(&out, L(cli_lang, "  bond                      ",
		                "  Bindung                   "));
		fmt_num(&out, cli_lang, bd->bond, 0);
		sb_adds(&out, L(cli_lang, " of 100 = mean of trust ",
		                " von 100 = Mittel aus Vertrauen "));
		fmt_num(&out, cli_lang, bd->trust, 0);
		sb_adds(&out, L(cli_lang, ", satisfaction ", ", Zufriedenheit "));
		fmt_num(&out, cli_lang, bd->satisfaction, 0);
		sb_adds(&out, L(cli_lang, ", value ", ", Nutzen "));
		fmt_num(&out, cli_lang, bd->value, 0);
		sb_addch(&out, '\n');
		if (act) {
			sb_addf(&out,
			        L(cli_lang, "  action list               #%zu, priority %d: %s\n",
			          "  Aktionsliste              #%zu, Priorität %d: %s\n"),
			        card.rank, act->priority, action_text(act->priority, cli_lang));
			if (act->open_promises || act->open_complaints || act->no_recent_dialog) {
				sb_adds(&out, L(cli_lang, "  due                       ",
				                "  fällig                    "));
				int first = 1;
				if (act->open_promises) {
					sb_addf(&out,
					        L(cli_lang, "%d promise(s) open (%d overdue)",
					          "%d Versprechen offen (%d überfällig)"),
					        act->open_promises, act->overdue_promises);
					first = 0;
				}
				if (act->open_complaints) {
					sb_addf(&out,
					        L(cli_lang, "%s%d complaint(s) open",
					          "%s%d Reklamation(en) offen"),
					        first ? "" : "; ", act->open_complaints);
					first = 0;
				}
				if (act->no_recent_dialog)
					sb_addf(&out,
					        L(cli_lang, "%sno dialogue for over %d days",
					          "%sseit über %d Tagen kein Dialog"),
					        first ? "" : "; ", card.dialog_days);
				sb_addch(&out, '\n');
			}
		}
		sb_addf(&out,
		        L(cli_lang, "\nTimeline (%zu entries)\n", "\nZeitleiste (%zu Einträge)\n"),
		        ntl);
		if (tl_from)
			sb_addf(&out,
			        L(cli_lang, "  ... %zu earlier entries (--timeline N shows more)\n",
			          "  ... %zu frühere Einträge (--timeline N zeigt mehr)\n"),
			        tl_from);
		for (size_t k = tl_from; k < ntl; k++) {
			sb_addf(&out, "  %s  ", day_format(tl[k].date, d));
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
