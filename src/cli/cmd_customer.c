/*
 * cmd_customer.c — `treue customer ID`: everything about one customer —
 * figures, segment and why, trust and bond with their components, what is
 * due, and a timeline of orders, surveys, dialogues, promises, complaints,
 * stories, referrals and departures.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model_ctx.h"

struct tl_entry {
	day_t date;
	const char
	    *kind; /* order, survey, dialog, promise, complaint, story, referral, departure */
	char *text;
};

struct timeline {
	struct tl_entry *v;
	size_t n, alloc;
};

static void tl_add(struct timeline *t, day_t date, const char *kind, struct strbuf *text)
{
	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n].date = date;
	t->v[t->n].kind = kind;
	t->v[t->n].text = sb_detach(text);
	t->n++;
}

static void add_opt(struct strbuf *sb, const char *label, const char *v)
{
	if (v && *v)
		sb_addf(sb, "; %s: %s", label, v);
}

static void score10(struct strbuf *sb, struct stmt *s, int col)
{
	if (col_isnull(s, col))
		sb_adds(sb, "–");
	else
		fmt_num(sb, cli_lang, (double)col_int(s, col) / 10.0, 1);
}

/* Reads the customer's rows from the store, merged by date (stable by kind). */
static int collect(struct store *st, int64_t key, struct timeline *t, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	struct stmt *s;
	int rc;
	char d[11];

	s = store_stmt(st, ST_CUST_ORDERS);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		int64_t rev = col_int(s, 1);
		sb_adds(&sb, rev < 0 ? L(cli_lang, "credit note ", "Gutschrift ")
		                     : L(cli_lang, "order ", "Auftrag "));
		if (col_text(s, 3))
			sb_addf(&sb, "%s ", col_text(s, 3));
		fmt_money(&sb, cli_lang, rev);
		if (!col_isnull(s, 2)) {
			sb_adds(&sb, L(cli_lang, ", margin ", ", DB "));
			fmt_money(&sb, cli_lang, col_int(s, 2));
		}
		tl_add(t, (day_t)col_int(s, 0), "order", &sb);
	}
	if (rc < 0)
		goto fail;
	s = store_stmt(st, ST_CUST_SURVEYS);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		sb_adds(&sb, L(cli_lang, "survey: satisfaction ", "Umfrage: Zufriedenheit "));
		score10(&sb, s, 1);
		sb_adds(&sb, L(cli_lang, ", recommend ", ", Weiterempfehlung "));
		score10(&sb, s, 2);
		sb_adds(&sb, L(cli_lang, ", value ", ", Nutzen "));
		score10(&sb, s, 3);
		if (col_text(s, 4) && *col_text(s, 4))
			sb_addf(&sb, " — \"%s\"", col_text(s, 4));
		tl_add(t, (day_t)col_int(s, 0), "survey", &sb);
	}
	if (rc < 0)
		goto fail;
	s = store_stmt(st, ST_CUST_DIALOGS);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		sb_adds(&sb, L(cli_lang, "dialogue", "Dialog"));
		add_opt(&sb, L(cli_lang, "touchpoint", "Kontaktpunkt"), col_text(s, 2));
		add_opt(&sb, L(cli_lang, "channel", "Kanal"), col_text(s, 1));
		add_opt(&sb, L(cli_lang, "with", "mit"), col_text(s, 3));
		add_opt(&sb, L(cli_lang, "support", "Unterstützung"), col_text(s, 4));
		add_opt(&sb, L(cli_lang, "do better", "besser machen"), col_text(s, 5));
		add_opt(&sb, L(cli_lang, "notes", "Notizen"), col_text(s, 6));
		tl_add(t, (day_t)col_int(s, 0), "dialog", &sb);
	}
	if (rc < 0)
		goto fail;
	s = store_stmt(st, ST_CUST_PROMISES);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		sb_addf(&sb,
		        L(cli_lang, "promise #%lld: %s (due %s; %s",
		          "Versprechen #%lld: %s (fällig %s; %s"),
		        (long long)col_int(s, 0), col_text(s, 3),
		        day_format((day_t)col_int(s, 2), d), col_text(s, 5));
		if (!col_isnull(s, 6))
			sb_addf(&sb, L(cli_lang, " on %s", " am %s"),
			        day_format((day_t)col_int(s, 6), d));
		sb_addch(&sb, ')');
		add_opt(&sb, L(cli_lang, "owner", "verantwortlich"), col_text(s, 4));
		tl_add(t, (day_t)col_int(s, 1), "promise", &sb);
	}
	if (rc < 0)
		goto fail;
	s = store_stmt(st, ST_CUST_COMPLAINTS);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		const struct complaint_reason *r = complaint_reason_find(col_text(s, 2));
		sb_addf(&sb, L(cli_lang, "complaint #%lld: %s (%s", "Reklamation #%lld: %s (%s"),
		        (long long)col_int(s, 0),
		        col_text(s, 3) && *col_text(s, 3) ? col_text(s, 3)
		        : r                               ? L(cli_lang, r->en, r->de)
		                                          : col_text(s, 2),
		        col_text(s, 5));
		if (!col_isnull(s, 6))
			sb_addf(&sb, L(cli_lang, " on %s", " am %s"),
			        day_format((day_t)col_int(s, 6), d));
		sb_addch(&sb, ')');
		add_opt(&sb, L(cli_lang, "description", "Beschreibung"), col_text(s, 4));
		add_opt(&sb, L(cli_lang, "root cause", "Grundursache"), col_text(s, 7));
		tl_add(t, (day_t)col_int(s, 1), "complaint", &sb);
	}
	if (rc < 0)
		goto fail;
	s = store_stmt(st, ST_CUST_STORIES);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		sb_addf(&sb, "%s: %s",
		        strcmp(col_text(s, 5), "tnt") ? L(cli_lang, "extra mile", "Extra-Meile")
		                                      : "TNT",
		        col_text(s, 1));
		add_opt(&sb, L(cli_lang, "situation", "Situation"), col_text(s, 3));
		add_opt(&sb, "WOW", col_text(s, 4));
		add_opt(&sb, L(cli_lang, "by", "von"), col_text(s, 2));
		tl_add(t, (day_t)col_int(s, 0), "story", &sb);
	}
	if (rc < 0)
		goto fail;
	s = store_stmt(st, ST_CUST_REFERRALS);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		sb_addf(&sb,
		        col_int(s, 2) ? L(cli_lang, "referred %s", "hat %s empfohlen")
		                      : L(cli_lang, "was referred by %s", "wurde von %s empfohlen"),
		        col_text(s, 1));
		tl_add(t, (day_t)col_int(s, 0), "referral", &sb);
	}
	if (rc < 0)
		goto fail;
	s = store_stmt(st, ST_CUST_DEPARTURES);
	stmt_int(s, 1, key);
	while ((rc = stmt_step(s, e)) == 1) {
		sb_adds(&sb, L(cli_lang, "departure", "Abgang"));
		add_opt(&sb, L(cli_lang, "reason", "Grund"), col_text(s, 1));
		add_opt(&sb, L(cli_lang, "competitor", "Wettbewerber"), col_text(s, 2));
		tl_add(t, (day_t)col_int(s, 0), "departure", &sb);
	}
	if (rc < 0)
		goto fail;
	sb_release(&sb);
	/* stable merge by date (insertion sort: lists are short and mostly ordered) */
	for (size_t i = 1; i < t->n; i++) {
		struct tl_entry x = t->v[i];
		size_t j = i;
		while (j > 0 && t->v[j - 1].date > x.date) {
			t->v[j] = t->v[j - 1];
			j--;
		}
		t->v[j] = x;
	}
	return 0;
fail:
	sb_release(&sb);
	return -1;
}

static void json_num_or_null(struct json *j, const char *key, double v, int dec)
{
	json_key(j, key);
	if (isnan(v))
		json_null(j);
	else
		json_double(j, v, dec);
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
	    "Dialogen, Versprechen, Reklamationen, Geschichten, Empfehlungen und Abgängen.",
	};
	struct model_ctx m;
	struct strbuf out = STRBUF_INIT, id = STRBUF_INIT, why = STRBUF_INIT;
	struct timeline tl = {0};
	struct err e = {.lang = cli_lang};
	int64_t key;
	int n = parse_options(c, argc, argv, opts, &help);
	err_clear(&e);
	if (n != 1) {
		opt_list_release(&sets);
		return usage_error(L(cli_lang, "customer needs exactly one customer id or name",
		                     "customer braucht genau eine Kundennummer oder einen Namen"));
	}
	struct store *st = ctx_store(c);
	if (!st || resolve_customer(st, argv[0], &key, &id)) {
		opt_list_release(&sets);
		return EXIT_ERR;
	}
	int rc = model_ctx_load(c, &m, &sets);
	opt_list_release(&sets);
	if (rc)
		return rc;
	long i = -1;
	for (size_t k = 0; k < m.ds.ncust; k++)
		if (m.ds.key[k] == key)
			i = (long)k;
	if (i < 0) {
		model_ctx_release(&m);
		sb_release(&id);
		return error(L(cli_lang, "customer \"%s\" changed while loading",
		               "Kunde \"%s\" hat sich beim Laden geändert"),
		             argv[0]);
	}
	struct loyalty l;
	struct trust tr;
	struct bond bd;
	model_compute(&m.ds, m.as_of, &m.set, &l);
	const struct cust_fig *f = &l.fig[i];
	model_trust(&m.ds, (size_t)i, m.as_of, &m.set, &tr);
	model_bond(f, &tr, &bd);
	model_explain(&l, (size_t)i, cli_lang, &why);
	struct btyd_result br;
	btyd_cached(c, &m, m.as_of, 0, 2, 0, &br);
	int bt = br.ok && !isnan(br.p_alive[i]);
	int silent = 0;
	for (size_t k = 0; bt && k < br.nsilent; k++)
		silent |= br.silent[k].cust == (uint32_t)i;
	const struct action_row *act = NULL;
	size_t rank = 0;
	for (size_t r = 0; r < l.nactions; r++)
		if (l.actions[r].cust == (uint32_t)i) {
			act = &l.actions[r];
			rank = r + 1;
		}
	if (collect(st, key, &tl, &e)) {
		rc = print_err(&e);
		goto out;
	}
	size_t tl_from = tl_limit > 0 && (size_t)tl_limit < tl.n ? tl.n - (size_t)tl_limit : 0;
	char d[11];
	if (c->format == FMT_JSON) {
		struct json j;
		json_init(&j, &out, 1);
		json_obj_begin(&j);
		json_key(&j, "customer_id");
		json_str(&j, id.buf);
		json_key(&j, "name");
		json_str(&j, ds_name(&m.ds, (size_t)i));
		json_key(&j, "owner");
		json_str(&j, ds_owner(&m.ds, (size_t)i));
		json_key(&j, "as_of");
		json_day(&j, m.as_of);
		json_key(&j, "segment");
		json_str(&j, segment_key[f->segment]);
		json_key(&j, "why");
		json_str(&j, why.buf);
		json_key(&j, "orders");
		json_int(&j, f->orders);
		json_key(&j, "revenue");
		json_money(&j, f->rev_p0);
		json_key(&j, "revenue_previous");
		json_money(&j, f->rev_p1);
		json_key(&j, "margin");
		json_money(&j, f->margin_p0);
		json_key(&j, "first_order");
		json_day(&j, f->first);
		json_key(&j, "last_order");
		json_day(&j, f->last);
		json_key(&j, "recency_days");
		if (f->last == DAY_NONE)
			json_null(&j);
		else
			json_int(&j, m.as_of - f->last);
		json_key(&j, "tenure_days");
		if (f->first == DAY_NONE)
			json_null(&j);
		else
			json_int(&j, m.as_of - f->first);
		json_key(&j, "survey_date");
		json_day(&j, f->survey_date);
		json_key(&j, "survey_current");
		json_bool(&j, f->measured);
		json_num_or_null(&j, "satisfaction", f->sat_n ? fig_sat(f) : NAN, 2);
		json_num_or_null(&j, "recommend", f->rec_n ? fig_rec(f) : NAN, 2);
		json_num_or_null(&j, "value", f->val_n ? fig_val(f) : NAN, 2);
		json_key(&j, "referrals");
		json_int(&j, f->referrals);
		json_key(&j, "open_complaints");
		json_int(&j, f->open_complaints);
		json_num_or_null(&j, "p_alive", bt ? br.p_alive[i] : NAN, 4);
		json_num_or_null(&j, "expected_purchases_52w", bt ? br.expected52[i] : NAN, 4);
		json_num_or_null(&j, "clv_52w", bt ? br.clv52[i] / 100.0 : NAN, 2);
		json_num_or_null(&j, "clv", bt ? br.clv[i] / 100.0 : NAN, 2);
		json_key(&j, "silent_leaver");
		json_bool(&j, silent);
		json_key(&j, "trust");
		json_obj_begin(&j);
		json_num_or_null(&j, "value", tr.value, 4);
		json_key(&j, "due");
		json_int(&j, tr.due);
		json_key(&j, "honoured");
		json_int(&j, tr.honoured);
		json_key(&j, "broken");
		json_int(&j, tr.broken);
		json_key(&j, "late");
		json_int(&j, tr.late + tr.renegotiated_late);
		json_key(&j, "overdue_open");
		json_int(&j, tr.overdue_open);
		json_obj_end(&j);
		json_key(&j, "bond");
		json_obj_begin(&j);
		json_num_or_null(&j, "bond", bd.bond, 1);
		json_num_or_null(&j, "trust", bd.trust, 1);
		json_num_or_null(&j, "satisfaction", bd.satisfaction, 1);
		json_num_or_null(&j, "value", bd.value, 1);
		json_obj_end(&j);
		json_key(&j, "action");
		if (act) {
			json_obj_begin(&j);
			json_key(&j, "priority");
			json_int(&j, act->priority);
			json_key(&j, "rank");
			json_int(&j, (int64_t)rank);
			json_key(&j, "action");
			json_str(&j, action_text(act->priority, cli_lang));
			json_key(&j, "open_promises");
			json_int(&j, act->open_promises);
			json_key(&j, "overdue_promises");
			json_int(&j, act->overdue_promises);
			json_key(&j, "open_complaints");
			json_int(&j, act->open_complaints);
			json_key(&j, "last_dialog");
			json_day(&j, act->last_dialog);
			json_obj_end(&j);
		} else {
			json_null(&j);
		}
		json_key(&j, "timeline");
		json_arr_begin(&j);
		for (size_t k = tl_from; k < tl.n; k++) {
			json_obj_begin(&j);
			json_key(&j, "date");
			json_day(&j, tl.v[k].date);
			json_key(&j, "kind");
			json_str(&j, tl.v[k].kind);
			json_key(&j, "text");
			json_str(&j, tl.v[k].text);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
	} else if (c->format == FMT_CSV) {
		/* the figures as field,value rows, then the timeline as date,kind,text */
		char num[64];
		sb_adds(&out, "field,value\n");
		csv_field(&out, "customer_id", 1);
		csv_text(&out, id.buf, 0);
		sb_addf(&out, "\nsegment,%s\norders,%d\n", segment_key[f->segment], f->orders);
		sb_addf(&out, "revenue,%s\n", money_format(f->rev_p0, num));
		sb_addf(&out, "revenue_previous,%s\n", money_format(f->rev_p1, num));
		csv_field(&out, "why", 1);
		csv_text(&out, why.buf, 0);
		sb_addch(&out, '\n');
		if (!isnan(tr.value))
			sb_addf(&out, "trust,%.4f\n", tr.value);
		if (!isnan(bd.bond))
			sb_addf(&out, "bond,%.1f\n", bd.bond);
		if (bt)
			sb_addf(&out, "p_alive,%.4f\nexpected_purchases_52w,%.4f\n", br.p_alive[i],
			        br.expected52[i]);
		sb_adds(&out, "\ndate,kind,text\n");
		for (size_t k = tl_from; k < tl.n; k++) {
			csv_field(&out, day_format(tl.v[k].date, d), 1);
			csv_field(&out, tl.v[k].kind, 0);
			csv_text(&out, tl.v[k].text, 0);
			sb_addch(&out, '\n');
		}
	} else {
		const char *name = ds_name(&m.ds, (size_t)i);
		/* names and texts shown with controls escaped */
		sb_add_visible(&out, id.buf, 0);
		sb_adds(&out, *name ? "  " : "");
		sb_add_visible(&out, name, 0);
		sb_addch(&out, '\n');
		if (*ds_owner(&m.ds, (size_t)i)) {
			sb_adds(&out, L(cli_lang, "account manager: ", "Betreuer: "));
			sb_add_visible(&out, ds_owner(&m.ds, (size_t)i), 0);
			sb_addch(&out, '\n');
		}
		sb_addf(&out, L(cli_lang, "as of %s: %s — %s\n", "zum Stichtag %s: %s — %s\n"),
		        day_format(m.as_of, d), segment_label(f->segment, cli_lang), why.buf);
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
		if (bt) {
			sb_adds(&out, L(cli_lang, "  P(alive)                  ",
			                "  P(aktiv)                  "));
			fmt_num(&out, cli_lang, br.p_alive[i], 2);
			sb_adds(&out, L(cli_lang, ", expected purchases in 52 weeks ",
			                ", erwartete Käufe in 52 Wochen "));
			fmt_num(&out, cli_lang, br.expected52[i], 1);
			if (silent)
				sb_adds(&out,
				        L(cli_lang, " — silently leaving", " — wandert still ab"));
			sb_adds(&out, L(cli_lang, "\n  lifetime value            ",
			                "\n  Kundenwert                "));
			fmt_money_d(&out, cli_lang, br.clv52[i]);
			sb_adds(&out, L(cli_lang, " in 52 weeks, ", " in 52 Wochen, "));
			fmt_money_d(&out, cli_lang, br.clv[i]);
			sb_addf(&out,
			        L(cli_lang, " over %d years (margin, discounted)\n",
			          " über %d Jahre (Deckungsbeitrag, abgezinst)\n"),
			        m.set.horizon);
		}
		sb_adds(&out, L(cli_lang, "  trust                     ",
		                "  Vertrauen                 "));
		if (tr.due) {
			fmt_pct(&out, cli_lang, tr.value);
			sb_addf(&out,
			        L(cli_lang,
			          " (%d of %d promises honoured; %d broken, %d late, %d overdue)\n",
			          " (%d von %d Versprechen gehalten; %d gebrochen, %d verspätet, "
			          "%d überfällig)\n"),
			        tr.honoured, tr.due, tr.broken, tr.late + tr.renegotiated_late,
			        tr.overdue_open);
		} else {
			sb_adds(&out, L(cli_lang, "– (no promise fell due)\n",
			                "– (kein Versprechen fällig geworden)\n"));
		}
		sb_adds(&out, L(cli_lang, "  bond                      ",
		                "  Bindung                   "));
		fmt_num(&out, cli_lang, bd.bond, 0);
		sb_adds(&out, L(cli_lang, " of 100 = mean of trust ",
		                " von 100 = Mittel aus Vertrauen "));
		fmt_num(&out, cli_lang, bd.trust, 0);
		sb_adds(&out, L(cli_lang, ", satisfaction ", ", Zufriedenheit "));
		fmt_num(&out, cli_lang, bd.satisfaction, 0);
		sb_adds(&out, L(cli_lang, ", value ", ", Nutzen "));
		fmt_num(&out, cli_lang, bd.value, 0);
		sb_addch(&out, '\n');
		if (act) {
			sb_addf(&out,
			        L(cli_lang, "  action list               #%zu, priority %d: %s\n",
			          "  Aktionsliste              #%zu, Priorität %d: %s\n"),
			        rank, act->priority, action_text(act->priority, cli_lang));
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
					        first ? "" : "; ", m.set.dialog_days);
				sb_addch(&out, '\n');
			}
		}
		sb_addf(&out,
		        L(cli_lang, "\nTimeline (%zu entries)\n", "\nZeitleiste (%zu Einträge)\n"),
		        tl.n);
		if (tl_from)
			sb_addf(&out,
			        L(cli_lang, "  ... %zu earlier entries (--timeline N shows more)\n",
			          "  ... %zu frühere Einträge (--timeline N zeigt mehr)\n"),
			        tl_from);
		for (size_t k = tl_from; k < tl.n; k++) {
			sb_addf(&out, "  %s  ", day_format(tl.v[k].date, d));
			sb_add_visible(&out, tl.v[k].text, 0);
			sb_addch(&out, '\n');
		}
	}
	rc = emit(&out);
out:
	for (size_t k = 0; k < tl.n; k++)
		free(tl.v[k].text);
	free(tl.v);
	loyalty_release(&l);
	btyd_result_release(&br);
	model_ctx_release(&m);
	sb_release(&out);
	sb_release(&id);
	sb_release(&why);
	return rc;
}
