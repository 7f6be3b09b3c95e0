/*
 * loyalty.c — the loyalty report: who counts at D (active, lapsed,
 * departed, prospects), retention (with its history, new and reactivated
 * customers), segments with revenue, NPS and satisfaction with the
 * customers and period they count, profit by tenure year (both means,
 * counts, thin years, left-censored customers), the silent leavers and the
 * action list's size by priority, and the warning about orders dated after
 * today; as text, JSON (SPEC §5) and CSV (one metric per line).
 */
#include <math.h>
#include <string.h>

#include "report.h"

static void json_rate(struct json *j, double v, int decimals)
{
	if (isnan(v))
		json_null(j);
	else
		json_double(j, v, decimals);
}

/* P(alive) cut to two decimals (0.499 is 0.49, never 0.50). */
static double p_cut(double p)
{
	return floor(p * 100.0) / 100.0;
}

static void leavers_json(struct json *j, const struct dataset *ds, const struct loyalty *l,
                         const struct btyd_result *b, long limit)
{
	json_key(j, "silent_leavers");
	json_obj_begin(j);
	json_key(j, "available");
	json_bool(j, l->silent_ok);
	json_key(j, "count");
	if (!l->silent_ok) {
		json_null(j);
		json_key(j, "why");
		json_str(j, b && b->why[0] ? b->why : "no purchase model");
		json_obj_end(j);
		return;
	}
	json_int(j, (int64_t)l->nsilent);
	json_key(j, "lost_per_year");
	json_double(j, l->silent_lost / 100.0, 2);
	json_key(j, "customers");
	json_arr_begin(j);
	for (size_t k = 0; k < l->nsilent && (limit == 0 || (long)k < limit); k++) {
		const struct silent_leaver *sl = &l->silent_list[k];
		const struct cust_fig *f = &l->fig[sl->cust];
		json_obj_begin(j);
		json_key(j, "customer_id");
		json_str(j, ds_cid(ds, sl->cust));
		json_key(j, "name");
		json_str(j, ds_name(ds, sl->cust));
		json_key(j, "segment");
		json_str(j, segment_key[f->segment]);
		json_key(j, "p_alive");
		json_double(j, sl->p_alive, 4);
		json_key(j, "purchase_days");
		json_int(j, sl->purchase_days);
		json_key(j, "last_order");
		json_day(j, sl->last);
		json_key(j, "usual_interval_days");
		json_int(j, sl->usual_days);
		json_key(j, "revenue_p0_p1");
		json_money(j, f->rev_p0 + f->rev_p1);
		json_key(j, "lost_per_year");
		json_double(j, sl->lost_per_year / 100.0, 2);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

static void leavers_text(struct strbuf *out, const struct dataset *ds, const struct loyalty *l,
                         const struct btyd_result *b, long limit, enum lang lang)
{
	const char *cur = l->set.currency;
	sb_adds(out, L(lang,
	               "\nSilent leavers (active customers, >= 3 purchase days, probability still "
	               "active < 0.5)\n",
	               "\nStille Abwanderer (aktive Kunden, >= 3 Kauftage, "
	               "Aktiv-Wahrscheinlichkeit < 0,5)\n"));
	if (!l->silent_ok) {
		sb_addf(out,
		        L(lang, "  not available (no purchase model could be fitted: %s)\n",
		          "  nicht verfügbar (kein Kaufmodell schätzbar: %s)\n"),
		        b && b->why[0] ? b->why : "–");
		return;
	}
	sb_adds(out, "  ");
	fmt_count(out, lang, (int64_t)l->nsilent, L(lang, "customer", "Kunde"),
	          L(lang, "customers", "Kunden"));
	sb_adds(out, L(lang,
	               "; expected revenue lost per year "
	               "(1 - probability still active) × revenue P0+P1 / 2: ",
	               "; erwarteter Umsatzverlust pro Jahr "
	               "(1 - Aktiv-Wahrscheinlichkeit) × Umsatz P0+P1 / 2: "));
	fmt_amount_d(out, lang, cur, l->silent_lost);
	sb_addch(out, '\n');
	for (size_t k = 0; k < l->nsilent && (limit == 0 || (long)k < limit); k++) {
		const struct silent_leaver *sl = &l->silent_list[k];
		sb_adds(out, "  ");
		fmt_pad(out, ds_cid(ds, sl->cust), 12);
		sb_addch(out, ' ');
		fmt_pad_cut(out, ds_name(ds, sl->cust), 30);
		sb_adds(out, L(lang, " probability still active ", " Aktiv-Wahrscheinlichkeit "));
		fmt_num(out, lang, p_cut(sl->p_alive), 2);
		sb_adds(out, L(lang, ", lost per year ", ", Verlust pro Jahr "));
		fmt_amount_d(out, lang, cur, sl->lost_per_year);
		sb_adds(out, L(lang, "; nothing since ", "; nichts seit "));
		fmt_day(out, lang, sl->last);
		sb_adds(out, "; ");
		report_usual_interval(out, lang, sl->usual_days);
		sb_addch(out, '\n');
	}
	if (limit && (size_t)limit < l->nsilent) {
		sb_adds(out, "  ... ");
		fmt_int(out, lang, (int64_t)(l->nsilent - (size_t)limit));
		sb_adds(out, L(lang, " more (treue actions lists them all in priority 1)\n",
		               " weitere (treue actions führt alle in Priorität 1)\n"));
	}
}

static void tenure_json(struct json *j, const struct tenure_curve *t)
{
	json_key(j, "profit_by_tenure");
	json_arr_begin(j);
	for (int k = 0; k < t->n; k++) {
		const struct tenure_year *y = &t->years[k];
		json_obj_begin(j);
		json_key(j, "year");
		json_int(j, y->k);
		json_key(j, "customers");
		json_int(j, y->customers);
		json_key(j, "mean_margin");
		json_rate(j, y->mean_all / 100.0, 2);
		json_key(j, "active");
		json_int(j, y->active);
		json_key(j, "mean_margin_active");
		json_rate(j, y->mean_active / 100.0, 2);
		json_key(j, "thin");
		json_bool(j, y->thin);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "tenure_left_censored");
	json_int(j, t->left_censored);
	json_key(j, "tenure_history_start");
	json_day(j, t->history_start);
}

static void loyalty_json(const struct dataset *ds, const struct loyalty *l,
                         const struct tenure_curve *t, const struct btyd_result *b, long leavers,
                         struct strbuf *out)
{
	struct json j;
	const day_t D = l->as_of, W = l->set.window;
	json_init(&j, out, 1);
	json_obj_begin(&j);
	json_key(&j, "as_of");
	json_day(&j, D);
	json_key(&j, "window_days");
	json_int(&j, W);
	json_key(&j, "active_days");
	json_int(&j, l->set.active_days);
	report_future_json(&j, &l->future);
	json_key(&j, "retention");
	json_obj_begin(&j);
	const struct retention_year *y0 = &l->years[0];
	json_key(&j, "rate");
	json_rate(&j, y0->rate, 4);
	json_key(&j, "previous_buyers");
	json_int(&j, y0->previous_buyers);
	json_key(&j, "retained");
	json_int(&j, y0->retained);
	json_key(&j, "current_buyers");
	json_int(&j, y0->current_buyers);
	json_key(&j, "new_customers");
	json_int(&j, y0->new_customers);
	json_key(&j, "reactivated");
	json_int(&j, y0->reactivated);
	json_key(&j, "stock_rate");
	json_rate(&j,
	          y0->previous_buyers ? (double)(y0->current_buyers - y0->new_customers) /
	                                    (double)y0->previous_buyers
	                              : NAN,
	          4);
	json_key(&j, "history");
	json_arr_begin(&j);
	for (int k = 0; k < l->nyears; k++) {
		const struct retention_year *y = &l->years[k];
		json_obj_begin(&j);
		json_key(&j, "as_of");
		json_day(&j, y->as_of);
		json_key(&j, "rate");
		json_rate(&j, y->rate, 4);
		json_key(&j, "previous_buyers");
		json_int(&j, y->previous_buyers);
		json_key(&j, "retained");
		json_int(&j, y->retained);
		json_key(&j, "current_buyers");
		json_int(&j, y->current_buyers);
		json_key(&j, "new_customers");
		json_int(&j, y->new_customers);
		json_key(&j, "reactivated");
		json_int(&j, y->reactivated);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_key(&j, "segments");
	json_obj_begin(&j);
	for (int s = 0; s < SEG_PROSPECT; s++) {
		json_key(&j, segment_key[s]);
		json_int(&j, l->seg_count[s]);
	}
	json_obj_end(&j);
	json_key(&j, "segment_revenue");
	json_obj_begin(&j);
	for (int s = 0; s < SEG_PROSPECT; s++) {
		json_key(&j, segment_key[s]);
		json_money(&j, l->seg_revenue[s]);
	}
	json_obj_end(&j);
	json_key(&j, "frequent_min");
	json_double(&j, l->frequent_min, 1);
	json_key(&j, "nps");
	json_obj_begin(&j);
	json_key(&j, "score");
	json_rate(&j, l->nps.score, 2);
	json_key(&j, "promoters");
	json_int(&j, l->nps.promoters);
	json_key(&j, "passives");
	json_int(&j, l->nps.passives);
	json_key(&j, "detractors");
	json_int(&j, l->nps.detractors);
	json_key(&j, "over");
	json_str(&j, "customers whose latest survey is dated in P0 and has a recommend score");
	json_key(&j, "from");
	json_day(&j, D - W);
	json_key(&j, "to");
	json_day(&j, D - 1);
	json_obj_end(&j);
	json_key(&j, "satisfaction");
	json_obj_begin(&j);
	json_key(&j, "measured");
	json_int(&j, l->sat.n);
	json_key(&j, "mean");
	json_rate(&j, l->sat.mean, 2);
	json_key(&j, "top2_share");
	json_rate(&j, l->sat.top2_share, 4);
	json_key(&j, "top_share");
	json_rate(&j, l->sat.top_share, 4);
	json_key(&j, "over");
	json_str(&j, "active customers whose latest survey is current");
	json_key(&j, "from");
	json_day(&j, D - l->set.stale_days);
	json_key(&j, "to");
	json_day(&j, D - 1);
	json_obj_end(&j);
	json_key(&j, "customers");
	json_int(&j, l->customers);
	json_key(&j, "lapsed");
	json_int(&j, l->lapsed);
	json_key(&j, "departed");
	json_int(&j, l->departed);
	json_key(&j, "prospects");
	json_int(&j, l->prospects);
	if (t)
		tenure_json(&j, t);
	leavers_json(&j, ds, l, b, leavers);
	json_key(&j, "actions");
	json_obj_begin(&j);
	int64_t byp[7] = {0};
	for (size_t r = 0; r < l->nactions; r++)
		byp[l->actions[r].priority]++;
	for (int p = 1; p <= 6; p++) {
		char key[16];
		snprintf(key, sizeof(key), "%d", p);
		json_key(&j, key);
		json_int(&j, byp[p]);
	}
	json_obj_end(&j);
	json_obj_end(&j);
}

static void line_kv(struct strbuf *out, const char *label, int width)
{
	sb_adds(out, "  ");
	fmt_pad(out, label, width);
	sb_adds(out, "  ");
}

/* A count right-aligned in 10 columns. */
static void count10(struct strbuf *out, enum lang lang, int64_t v)
{
	struct strbuf tmp = STRBUF_INIT;
	fmt_int(&tmp, lang, v);
	for (int w = utf8_width(tmp.buf); w < 10; w++)
		sb_addch(out, ' ');
	sb_adds(out, tmp.buf);
	sb_release(&tmp);
}

static void tenure_text(struct strbuf *out, const struct loyalty *l, const struct tenure_curve *t,
                        enum lang lang)
{
	sb_adds(out, "\n");
	sb_adds(out, L(lang, "Profit by tenure year (mean margin)\n",
	               "Gewinn nach Kundenjahr (mittlerer Deckungsbeitrag)\n"));
	sb_adds(out, L(lang,
	               "  tenure starts on acquired_on, else the first order; a year counts when "
	               "it lies within ",
	               "  das Kundenjahr beginnt mit \"Kunde seit\", sonst dem ersten Auftrag; "
	               "ein Jahr zählt, wenn es ganz in "));
	fmt_period(out, lang, t->history_start, l->as_of - 1);
	sb_adds(out, L(lang, "\n", " liegt\n"));
	if (!t->n)
		sb_adds(out, L(lang, "  no tenure year lies wholly within the history yet\n",
		               "  noch kein Kundenjahr liegt ganz in den Daten\n"));
	for (int k = 0; k < t->n; k++) {
		const struct tenure_year *y = &t->years[k];
		char lab[64];

		snprintf(lab, sizeof(lab), L(lang, "year %d", "Jahr %d"), y->k);
		line_kv(out, lab, 10);
		fmt_amount_d(out, lang, l->set.currency, y->mean_all);
		sb_adds(out, L(lang, " per customer (", " je Kunde ("));
		fmt_int(out, lang, y->customers);
		sb_adds(out, L(lang, "), ", "), "));
		fmt_amount_d(out, lang, l->set.currency, y->mean_active);
		sb_adds(out, L(lang, " per active customer (", " je aktivem Kunden ("));
		fmt_int(out, lang, y->active);
		sb_adds(out, ")");
		if (y->thin)
			sb_addf(out, L(lang, "  too thin (< %d active)", "  zu dünn (< %d aktive)"),
			        l->set.tenure_min);
		sb_adds(out, "\n");
	}
	if (t->left_censored) {
		sb_adds(out, "  ");
		fmt_count(out, lang, t->left_censored, L(lang, "customer", "Kunde"),
		          L(lang, "customers", "Kunden"));
		sb_adds(out, L(lang,
		               " left out: no acquired_on and a first order in the "
		               "history's first year, so the tenure is unknown\n",
		               " nicht gezählt: ohne \"Kunde seit\" und mit dem ersten Auftrag "
		               "im ersten Jahr der Daten, das Kundenjahr ist also unbekannt\n"));
	}
	sb_adds(out, L(lang,
	               "  Do loyal customers grow more profitable every year? Research disagrees "
	               "(Reinartz & Kumar 2000): this is your own curve.\n",
	               "  Werden treue Kunden jedes Jahr profitabler? Die Forschung ist uneins "
	               "(Reinartz & Kumar 2000): dies ist Ihre eigene Kurve.\n"));
}

static void loyalty_text(const struct dataset *ds, const struct loyalty *l,
                         const struct tenure_curve *t, const struct btyd_result *b, long leavers,
                         struct strbuf *out, enum lang lang)
{
	const day_t D = l->as_of, W = l->set.window;
	const struct retention_year *y0 = &l->years[0];
	sb_adds(out,
	        L(lang, "treue — loyalty report as of ", "treue — Treue-Bericht zum Stichtag "));
	fmt_day(out, lang, D);
	sb_adds(out, L(lang, " (current period P0 ", " (aktuelle Periode P0 "));
	fmt_period(out, lang, D - W, D - 1);
	sb_adds(out, ")\n");
	report_future_text(&l->future, out, lang);
	sb_adds(out, "\n");
	sb_adds(out, L(lang, "Retention\n", "Kundenbindung\n"));
	line_kv(out, L(lang, "retention rate", "Kundenbindungsrate"), 28);
	fmt_pct(out, lang, y0->rate);
	sb_adds(out, "  (");
	fmt_int(out, lang, y0->retained);
	sb_adds(out, L(lang, " of ", " von "));
	fmt_int(out, lang, y0->previous_buyers);
	sb_adds(out, L(lang, " buyers of the year before bought again)\n",
	               " Käufern des Vorjahres kauften wieder)\n"));
	line_kv(out, L(lang, "buyers this year", "Käufer dieses Jahr"), 28);
	fmt_int(out, lang, y0->current_buyers);
	sb_adds(out, L(lang, " = retained ", " = geblieben "));
	fmt_int(out, lang, y0->retained);
	sb_adds(out, L(lang, " + new ", " + neu "));
	fmt_int(out, lang, y0->new_customers);
	sb_adds(out, L(lang, " + reactivated ", " + reaktiviert "));
	fmt_int(out, lang, y0->reactivated);
	sb_adds(out, "\n");
	if (l->nyears > 1) {
		char d[11];
		line_kv(out, L(lang, "history", "Verlauf"), 28);
		for (int k = 0; k < l->nyears; k++) {
			const struct retention_year *y = &l->years[k];
			if (k)
				sb_adds(out, "  ");
			sb_addf(out, "%.4s: ", day_format(y->as_of - 1, d));
			fmt_pct(out, lang, y->rate);
		}
		sb_adds(out, "\n");
	}
	sb_adds(out, "\n");
	sb_adds(out, L(lang, "Customers at the reference date\n", "Kunden zum Stichtag\n"));
	line_kv(out, L(lang, "active (segmented)", "aktiv (segmentiert)"), 28);
	count10(out, lang, l->customers);
	sb_adds(out, L(lang, "   a purchase since ", "   ein Kauf seit "));
	fmt_day(out, lang, D - l->set.active_days);
	sb_adds(out, "\n");
	line_kv(out, segment_label_n(SEG_LAPSED, lang, VOCAB_MANY), 28);
	count10(out, lang, l->lapsed);
	sb_adds(out, L(lang, "   no purchase since ", "   kein Kauf seit "));
	fmt_day(out, lang, D - l->set.active_days);
	sb_adds(out, "\n");
	line_kv(out, segment_label_n(SEG_DEPARTED, lang, VOCAB_MANY), 28);
	count10(out, lang, l->departed);
	sb_adds(out, L(lang, "   a departure recorded after the last purchase\n",
	               "   ein Abgang nach dem letzten Kauf erfasst\n"));
	line_kv(out, segment_label_n(SEG_PROSPECT, lang, VOCAB_MANY), 28);
	count10(out, lang, l->prospects);
	sb_adds(out, L(lang, "   no purchase yet\n", "   noch kein Kauf\n"));
	sb_adds(out, "\n");
	sb_adds(out, L(lang, "Active customers by segment (apostle model; revenue in P0)\n",
	               "Aktive Kunden nach Segment (Apostel-Modell; Umsatz in P0)\n"));
	for (int s = 0; s < SEG_PROSPECT; s++) {
		line_kv(out, segment_label_n(s, lang, VOCAB_MANY), 28);
		count10(out, lang, l->seg_count[s]);
		sb_adds(out, L(lang, "   revenue ", "   Umsatz "));
		fmt_amount(out, lang, l->set.currency, l->seg_revenue[s]);
		sb_adds(out, "\n");
	}
	line_kv(out, L(lang, "frequent from (F)", "häufig ab (F)"), 28);
	fmt_num(out, lang, l->frequent_min,
	        l->frequent_min == (double)(int64_t)l->frequent_min ? 0 : 1);
	sb_adds(out, l->frequent_min == 1.0 ? L(lang, " order per year", " Auftrag pro Jahr")
	                                    : L(lang, " orders per year", " Aufträgen pro Jahr"));
	sb_adds(out, l->frequent_auto ? L(lang, " (median of the active customers who bought)\n",
	                                  " (Median der aktiven Kunden mit Kauf)\n")
	                              : "\n");
	sb_adds(out, "\n");
	sb_adds(out, L(lang, "Satisfaction and recommendation\n",
	               "Zufriedenheit und Weiterempfehlung\n"));
	line_kv(out, "NPS", 28);
	fmt_num(out, lang, l->nps.score, 1);
	sb_addf(out, "  (%s ", vocab_label(VOCAB_NPS, NPS_PROMOTER, lang, VOCAB_MANY));
	fmt_int(out, lang, l->nps.promoters);
	sb_addf(out, ", %s ", vocab_label(VOCAB_NPS, NPS_PASSIVE, lang, VOCAB_MANY));
	fmt_int(out, lang, l->nps.passives);
	sb_addf(out, ", %s ", vocab_label(VOCAB_NPS, NPS_DETRACTOR, lang, VOCAB_MANY));
	fmt_int(out, lang, l->nps.detractors);
	sb_adds(out, ")\n");
	line_kv(out, "", 28);
	sb_adds(out, L(lang, "over customers whose latest survey is dated ",
	               "über Kunden, deren letzte Umfrage vom "));
	fmt_period(out, lang, D - W, D - 1);
	sb_adds(out, L(lang, " (P0) with a recommend score\n",
	               " (P0) stammt und eine Weiterempfehlung hat\n"));
	line_kv(out, L(lang, "mean satisfaction", "mittlere Zufriedenheit"), 28);
	fmt_num(out, lang, l->sat.mean, 1);
	sb_adds(out, L(lang, " of 10, over ", " von 10, über "));
	fmt_count(out, lang, l->sat.n, L(lang, "active customer", "aktiven Kunden"),
	          L(lang, "active customers", "aktive Kunden"));
	sb_adds(out, L(lang, " with a survey dated ", " mit einer Umfrage vom "));
	fmt_period(out, lang, D - l->set.stale_days, D - 1);
	sb_adds(out, "\n");
	line_kv(out, L(lang, "satisfied (>= 7)", "zufrieden (>= 7)"), 28);
	fmt_pct(out, lang, l->sat.top2_share);
	sb_adds(out, "\n");
	line_kv(out, L(lang, "completely satisfied (>= 9)", "völlig zufrieden (>= 9)"), 28);
	fmt_pct(out, lang, l->sat.top_share);
	sb_adds(out, L(lang, "  <- the number to watch\n", "  <- die Zahl, auf die es ankommt\n"));
	if (t)
		tenure_text(out, l, t, lang);
	leavers_text(out, ds, l, b, leavers, lang);
	sb_adds(out, "\n");
	int64_t byp[7] = {0};
	for (size_t r = 0; r < l->nactions; r++)
		byp[l->actions[r].priority]++;
	sb_adds(out, L(lang, "Action list (treue actions)\n", "Aktionsliste (treue actions)\n"));
	for (int p = 1; p <= 6; p++) {
		char lab[16];
		snprintf(lab, sizeof(lab), "%d", p & 7);
		line_kv(out, lab, 2);
		struct strbuf tmp = STRBUF_INIT;
		fmt_int(&tmp, lang, byp[p]);
		for (int w = utf8_width(tmp.buf); w < 8; w++)
			sb_addch(out, ' ');
		sb_adds(out, tmp.buf);
		sb_release(&tmp);
		sb_adds(out, "  ");
		sb_adds(out, action_text(p, lang));
		sb_adds(out, "\n");
	}
}

static void csv_row(struct strbuf *out, const char *metric, const char *value)
{
	csv_field(out, metric, 1);
	csv_field(out, value, 0);
	sb_addch(out, '\n');
}

static void csv_num(struct strbuf *out, const char *metric, double v, int decimals)
{
	char buf[64];
	if (isnan(v))
		buf[0] = '\0';
	else
		snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	csv_row(out, metric, buf);
}

static void loyalty_csv(const struct loyalty *l, const struct tenure_curve *t, struct strbuf *out)
{
	char d[11];
	const struct retention_year *y0 = &l->years[0];
	sb_adds(out, "metric,value\n");
	csv_row(out, "as_of", day_format(l->as_of, d));
	csv_num(out, "future_orders.count", (double)l->future.count, 0);
	csv_num(out, "retention.rate", y0->rate, 4);
	csv_num(out, "retention.previous_buyers", (double)y0->previous_buyers, 0);
	csv_num(out, "retention.retained", (double)y0->retained, 0);
	csv_num(out, "retention.new_customers", (double)y0->new_customers, 0);
	csv_num(out, "retention.reactivated", (double)y0->reactivated, 0);
	for (int s = 0; s < SEG_PROSPECT; s++) {
		char key[64];
		snprintf(key, sizeof(key), "segments.%s", segment_key[s]);
		csv_num(out, key, (double)l->seg_count[s], 0);
	}
	csv_num(out, "nps.score", l->nps.score, 2);
	csv_num(out, "nps.promoters", (double)l->nps.promoters, 0);
	csv_num(out, "nps.passives", (double)l->nps.passives, 0);
	csv_num(out, "nps.detractors", (double)l->nps.detractors, 0);
	csv_num(out, "satisfaction.measured", (double)l->sat.n, 0);
	csv_num(out, "satisfaction.mean", l->sat.mean, 2);
	csv_num(out, "satisfaction.top2_share", l->sat.top2_share, 4);
	csv_num(out, "satisfaction.top_share", l->sat.top_share, 4);
	csv_num(out, "customers", (double)l->customers, 0);
	csv_num(out, "lapsed", (double)l->lapsed, 0);
	csv_num(out, "departed", (double)l->departed, 0);
	csv_num(out, "prospects", (double)l->prospects, 0);
	csv_num(out, "frequent_min", l->frequent_min, 1);
	if (l->silent_ok) {
		csv_num(out, "silent_leavers.count", (double)l->nsilent, 0);
		csv_num(out, "silent_leavers.lost_per_year", l->silent_lost / 100.0, 2);
	} else {
		csv_row(out, "silent_leavers.count", "");
	}
	for (int k = 0; t && k < t->n; k++) {
		const struct tenure_year *y = &t->years[k];
		char key[64];
		snprintf(key, sizeof(key), "profit_by_tenure.%d.customers", y->k);
		csv_num(out, key, (double)y->customers, 0);
		snprintf(key, sizeof(key), "profit_by_tenure.%d.mean_margin", y->k);
		csv_num(out, key, y->mean_all / 100.0, 2);
		snprintf(key, sizeof(key), "profit_by_tenure.%d.active", y->k);
		csv_num(out, key, (double)y->active, 0);
		snprintf(key, sizeof(key), "profit_by_tenure.%d.mean_margin_active", y->k);
		csv_num(out, key, y->mean_active / 100.0, 2);
		snprintf(key, sizeof(key), "profit_by_tenure.%d.thin", y->k);
		csv_num(out, key, y->thin, 0);
	}
	if (t)
		csv_num(out, "tenure_left_censored", (double)t->left_censored, 0);
}

void report_loyalty(const struct dataset *ds, const struct loyalty *l, const struct tenure_curve *t,
                    const struct btyd_result *b, long leavers, enum out_format f,
                    struct strbuf *out, enum lang lang)
{
	if (f == FMT_JSON)
		loyalty_json(ds, l, t, b, leavers, out);
	else if (f == FMT_CSV)
		loyalty_csv(l, t, out);
	else
		loyalty_text(ds, l, t, b, leavers, out, lang);
}
