/*
 * page_overview.c — the Overview (management): retention with its
 * history, NPS, satisfaction and the top-box share with their trend over
 * the last twelve month ends, who counts (active, lapsed, departed,
 * prospects, silent leavers), the segments with the apostle matrix, the
 * segment movement of the last 90 days with a drill-down behind every
 * cell, profit by tenure year, and what-if.  Every headline figure stands
 * beside its value at the last month end, and carries its machine value as
 * `treue report --format json` writes it (<data data-key value>), read by
 * the test that the page and the command line agree.
 *
 * Everything comes from the shared view (view.c): the loyalty results at D
 * and, computed on first use, the same app calls at the earlier month ends.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "web_int.h"

/* A number as the JSON writer writes it: decimals, trailing zeros
 * trimmed; "null" for NaN. */
static const char *jnum(char buf[64], double v, int decimals)
{
	if (!isfinite(v))
		return strcpy(buf, "null");
	snprintf(buf, 64, "%.*f", decimals, v);
	char *dot = strchr(buf, '.');
	if (dot) {
		char *e = buf + strlen(buf) - 1;
		while (e > dot && *e == '0')
			*e-- = '\0';
		if (e == dot)
			*e = '\0';
	}
	if (!strcmp(buf, "-0"))
		strcpy(buf, "0");
	return buf;
}

static const char *jint(char buf[64], int64_t v)
{
	snprintf(buf, 64, "%lld", (long long)v);
	return buf;
}

/* A count as a figure with its key. */
static void fig_count(struct html *h, const char *key, int64_t v)
{
	char b[64];
	h_data_begin(h, key, jint(b, v));
	h_count(h, v);
	h_data_end(h);
}

/* "last month: X" with an arrow for the direction (text, not colour only);
 * kind: 0 a number with decimals, 1 a share, 2 a count. */
static void last_month(struct html *h, double now, double before, int decimals, int kind)
{
	H(h, "<span class=\"prev\">");
	HT(h, "last month: ", "Vormonat: ");
	if (kind == 1)
		h_pct(h, before);
	else if (kind == 2)
		h_count(h, (int64_t)before);
	else
		h_num(h, before, decimals);
	if (isfinite(now) && isfinite(before)) {
		double d = now - before;
		double eps = kind == 1 ? 0.0005 : kind == 2 ? 0.5 : 0.5 * pow(10, -decimals);
		if (d > eps) {
			H(h, " <span class=\"up\">▲<span class=\"vh\">");
			HT(h, " up", " gestiegen");
			H(h, "</span></span>");
		} else if (d < -eps) {
			H(h, " <span class=\"down\">▼<span class=\"vh\">");
			HT(h, " down", " gesunken");
			H(h, "</span></span>");
		} else {
			H(h, " <span class=\"same\">=<span class=\"vh\">");
			HT(h, " unchanged", " unverändert");
			H(h, "</span></span>");
		}
	}
	H(h, "</span>");
}

static void kpi_begin(struct html *h, const char *title)
{
	H(h, "<div class=\"kpi\"><h3>");
	html_text(h, title);
	H(h, "</h3><p class=\"big\">");
}

static void kpi_end(struct html *h)
{
	H(h, "</div>");
}

/* ---- the headline figures ---- */

static void headline(struct html *h, const struct web_view *v, const struct web_trend_point *lm)
{
	const struct loyalty *l = &v->r.l;
	const struct retention_year *y0 = &l->years[0];
	enum lang lang = h->lang;
	char b[64];

	H(h, "<section class=\"kpis\" aria-label=\"");
	HT(h, "Headline figures", "Kennzahlen");
	H(h, "\">");
	kpi_begin(h, L(lang, "Retention rate", "Kundenbindungsrate"));
	h_data_begin(h, "retention.rate", jnum(b, y0->rate, 4));
	h_pct(h, y0->rate);
	h_data_end(h);
	H(h, "</p><p>");
	fig_count(h, "retention.retained", y0->retained);
	HT(h, " of ", " von ");
	fig_count(h, "retention.previous_buyers", y0->previous_buyers);
	HT(h, " buyers of the year before bought again", " Käufern des Vorjahres kauften wieder");
	H(h, "</p><p>");
	if (lm)
		last_month(h, y0->rate, lm->ret.rate, 1, 1);
	H(h, "</p>");
	kpi_end(h);

	kpi_begin(h, "NPS");
	h_data_begin(h, "nps.score", jnum(b, l->nps.score, 2));
	h_num(h, l->nps.score, 1);
	h_data_end(h);
	H(h, "</p><p>");
	html_text(h, vocab_label(VOCAB_NPS, NPS_PROMOTER, lang, VOCAB_MANY));
	H(h, " ");
	fig_count(h, "nps.promoters", l->nps.promoters);
	H(h, ", ");
	html_text(h, vocab_label(VOCAB_NPS, NPS_PASSIVE, lang, VOCAB_MANY));
	H(h, " ");
	fig_count(h, "nps.passives", l->nps.passives);
	H(h, ", ");
	html_text(h, vocab_label(VOCAB_NPS, NPS_DETRACTOR, lang, VOCAB_MANY));
	H(h, " ");
	fig_count(h, "nps.detractors", l->nps.detractors);
	H(h, "</p><p>");
	if (lm)
		last_month(h, l->nps.score, lm->nps.score, 1, 0);
	H(h, "</p>");
	kpi_end(h);

	kpi_begin(h, L(lang, "Completely satisfied (≥ 9)", "Völlig zufrieden (≥ 9)"));
	h_data_begin(h, "satisfaction.top_share", jnum(b, l->sat.top_share, 4));
	h_pct(h, l->sat.top_share);
	h_data_end(h);
	H(h, "</p><p>");
	HT(h, "the number to watch; satisfied (≥ 7): ",
	   "die Zahl, auf die es ankommt; zufrieden (≥ 7): ");
	h_data_begin(h, "satisfaction.top2_share", jnum(b, l->sat.top2_share, 4));
	h_pct(h, l->sat.top2_share);
	h_data_end(h);
	H(h, "</p><p>");
	if (lm)
		last_month(h, l->sat.top_share, lm->sat.top_share, 1, 1);
	H(h, "</p>");
	kpi_end(h);

	kpi_begin(h, L(lang, "Mean satisfaction", "Mittlere Zufriedenheit"));
	h_data_begin(h, "satisfaction.mean", jnum(b, l->sat.mean, 2));
	h_num(h, l->sat.mean, 1);
	h_data_end(h);
	HT(h, " of 10", " von 10");
	H(h, "</p><p>");
	HT(h, "over ", "über ");
	fig_count(h, "satisfaction.measured", l->sat.n);
	HT(h, " active customers with a current survey", " aktive Kunden mit gültiger Umfrage");
	H(h, "</p><p>");
	if (lm)
		last_month(h, l->sat.mean, lm->sat.mean, 1, 0);
	H(h, "</p>");
	kpi_end(h);

	kpi_begin(h, L(lang, "Silent leavers", "Stille Abwanderer"));
	if (l->silent_ok) {
		h_data_begin(h, "silent_leavers.count", jint(b, (int64_t)l->nsilent));
		h_count(h, (int64_t)l->nsilent);
		h_data_end(h);
		H(h, "</p><p>");
		HT(h, "expected revenue lost per year: ", "erwarteter Umsatzverlust pro Jahr: ");
		h_money_d(h, l->silent_lost);
		H(h, "</p><p>");
		if (lm && lm->silent_ok)
			last_month(h, (double)l->nsilent, (double)lm->silent, 0, 2);
	} else {
		h_data_begin(h, "silent_leavers.count", "null");
		html_text(h, "–");
		h_data_end(h);
		H(h, "</p><p>");
		HT(h, "not available: no purchase model could be fitted",
		   "nicht verfügbar: kein Kaufmodell schätzbar");
	}
	H(h, "</p><p><a href=\"/actions?silent=1\">");
	HT(h, "to the list", "zur Liste");
	H(h, "</a></p>");
	kpi_end(h);
	struct {
		const char *key, *en, *de, *hint_en, *hint_de;
		int64_t now, before;
		int seg;
	} states[] = {
	    {"customers", "Active customers", "Aktive Kunden", "a purchase in the last two years",
	     "ein Kauf in den letzten zwei Jahren", l->customers, lm ? lm->customers : 0, -1},
	    {"lapsed", NULL, NULL, "no purchase for two years", "seit zwei Jahren kein Kauf",
	     l->lapsed, lm ? lm->lapsed : 0, SEG_LAPSED},
	    {"departed", NULL, NULL, "said they left", "haben ihren Abgang erklärt", l->departed,
	     lm ? lm->departed : 0, SEG_DEPARTED},
	    {"prospects", NULL, NULL, "no purchase yet", "noch kein Kauf", l->prospects,
	     lm ? lm->prospects : 0, SEG_PROSPECT},
	};
	for (size_t k = 0; k < ARRAY_SIZE(states); k++) {
		kpi_begin(h, states[k].seg < 0 ? L(lang, states[k].en, states[k].de)
		                               : segment_label_n(states[k].seg, lang, VOCAB_MANY));
		fig_count(h, states[k].key, states[k].now);
		H(h, "</p><p>");
		html_text(h, L(lang, states[k].hint_en, states[k].hint_de));
		H(h, "</p><p>");
		if (lm)
			last_month(h, (double)states[k].now, (double)states[k].before, 0, 2);
		H(h, "</p>");
		kpi_end(h);
	}

	H(h, "</section>");
}

/* ---- charts ---- */

/* A small line chart of one figure over the month ends (oldest left) and
 * D; NaN values leave gaps. */
static void trend_chart(struct html *h, const char *label, const day_t *at, const double *y, int n,
                        int pct)
{
	const double W = 320, Ht = 150, L0 = 56, R0 = 10, T0 = 12, B0 = 26;
	double lo = INFINITY, hi = -INFINITY;
	for (int k = 0; k < n; k++)
		if (isfinite(y[k])) {
			lo = fmin(lo, y[k]);
			hi = fmax(hi, y[k]);
		}
	SVG_BEGIN(h, W, Ht, "chart trend", label);
	if (!isfinite(lo)) {
		SVG_TEXT(h, W / 2, Ht / 2, "label", "middle",
		         L(h->lang, "no values yet", "noch keine Werte"));
		svg_end(h);
		return;
	}
	if (hi - lo < (pct ? 0.02 : 2)) {
		double mid = (hi + lo) / 2, half = pct ? 0.01 : 1;
		lo = mid - half;
		hi = mid + half;
	}
	double pad = (hi - lo) * 0.1;
	lo -= pad;
	hi += pad;
	double pw = W - L0 - R0, ph = Ht - T0 - B0;
	SVG_LINE(h, L0, T0, L0, T0 + ph, "axis");
	SVG_LINE(h, L0, T0 + ph, L0 + pw, T0 + ph, "axis");
	struct strbuf sb = STRBUF_INIT;
	for (int g = 0; g < 2; g++) {
		double v = g ? hi - pad : lo + pad;
		double yy = T0 + ph * (1 - (v - lo) / (hi - lo));
		SVG_LINE(h, L0, yy, L0 + pw, yy, "grid");
		sb_reset(&sb);
		if (pct)
			fmt_pct(&sb, h->lang, v);
		else
			fmt_num(&sb, h->lang, v, 1);
		SVG_TEXT(h, L0 - 4, yy + 4, "label", "end", sb.buf);
	}
	double xs[WEB_TREND_MONTHS + 1], ys[WEB_TREND_MONTHS + 1];
	int m = 0;
	for (int k = 0; k <= n; k++) {
		int ok = k < n && isfinite(y[k]);
		if (ok) {
			xs[m] = L0 + (n > 1 ? pw * k / (n - 1) : pw / 2);
			ys[m] = T0 + ph * (1 - (y[k] - lo) / (hi - lo));
			m++;
		}
		if (!ok || k == n) {
			if (m > 1)
				SVG_POLYLINE(h, xs, ys, (size_t)m, "line");
			m = 0;
		}
	}
	for (int k = 0; k < n; k++) {
		if (!isfinite(y[k]))
			continue;
		sb_reset(&sb);
		fmt_day(&sb, h->lang, at[k] - 1);
		sb_adds(&sb, ": ");
		if (pct)
			fmt_pct(&sb, h->lang, y[k]);
		else
			fmt_num(&sb, h->lang, y[k], 1);
		double cx = L0 + (n > 1 ? pw * k / (n - 1) : pw / 2);
		double cy = T0 + ph * (1 - (y[k] - lo) / (hi - lo));
		if (k == n - 1)
			SVG_CIRCLE(h, cx, cy, 4, "dot now", sb.buf);
		else
			SVG_CIRCLE(h, cx, cy, 3, "dot", sb.buf);
	}
	sb_reset(&sb);
	fmt_day(&sb, h->lang, at[0] - 1);
	SVG_TEXT(h, L0, Ht - 8, "label", "start", sb.buf);
	sb_reset(&sb);
	fmt_day(&sb, h->lang, at[n - 1] - 1);
	SVG_TEXT(h, L0 + pw, Ht - 8, "label", "end", sb.buf);
	sb_release(&sb);
	svg_end(h);
}

static void trend(struct html *h, const struct web_view *v)
{
	const struct loyalty *l = &v->r.l;
	int n = v->ntrend + 1;
	day_t at[WEB_TREND_MONTHS + 1];
	double ret[WEB_TREND_MONTHS + 1], nps[WEB_TREND_MONTHS + 1], top[WEB_TREND_MONTHS + 1];
	/* oldest first, D last */
	for (int k = 0; k < v->ntrend; k++) {
		const struct web_trend_point *p = &v->trend[v->ntrend - 1 - k];
		at[k] = p->as_of;
		ret[k] = p->ret.rate;
		nps[k] = p->nps.score;
		top[k] = p->sat.top_share;
	}
	at[n - 1] = l->as_of;
	ret[n - 1] = l->years[0].rate;
	nps[n - 1] = l->nps.score;
	top[n - 1] = l->sat.top_share;

	H(h, "<h2 id=\"trend\">");
	HT(h, "Trend: the same figures at each month end",
	   "Verlauf: dieselben Zahlen zu jedem Monatsende");
	H(h, "</h2><div class=\"charts\"><figure>");
	trend_chart(h, L(h->lang, "Retention rate", "Kundenbindungsrate"), at, ret, n, 1);
	H(h, "<figcaption>");
	HT(h, "Retention rate", "Kundenbindungsrate");
	H(h, "</figcaption></figure><figure>");
	trend_chart(h, "NPS", at, nps, n, 0);
	H(h, "<figcaption>NPS</figcaption></figure><figure>");
	trend_chart(h, L(h->lang, "Completely satisfied (≥ 9)", "Völlig zufrieden (≥ 9)"), at, top,
	            n, 1);
	H(h, "<figcaption>");
	HT(h, "Completely satisfied (≥ 9)", "Völlig zufrieden (≥ 9)");
	H(h, "</figcaption></figure></div>");

	H(h, "<h3>");
	HT(h, "The figures by month end", "Die Zahlen je Monatsende");
	H(h, "</h3><div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
	HT(h, "Data up to", "Daten bis");
	H(h, "</th><th class=\"num\">");
	HT(h, "Retention", "Kundenbindungsrate");
	H(h, "</th><th class=\"num\">NPS</th><th class=\"num\">");
	HT(h, "Completely satisfied", "Völlig zufrieden");
	H(h, "</th><th class=\"num\">");
	HT(h, "Active", "Aktiv");
	H(h, "</th><th class=\"num\">");
	html_text(h, segment_label_n(SEG_LAPSED, h->lang, VOCAB_MANY));
	H(h, "</th><th class=\"num\">");
	html_text(h, segment_label_n(SEG_DEPARTED, h->lang, VOCAB_MANY));
	H(h, "</th></tr></thead><tbody>");
	for (int k = n - 1; k >= 0; k--) {
		const struct web_trend_point *p = k < n - 1 ? &v->trend[n - 2 - k] : NULL;
		H(h, "<tr><td>");
		h_day(h, at[k] - 1);
		H(h, "</td><td class=\"num\">");
		h_pct(h, ret[k]);
		H(h, "</td><td class=\"num\">");
		h_num(h, nps[k], 1);
		H(h, "</td><td class=\"num\">");
		h_pct(h, top[k]);
		H(h, "</td><td class=\"num\">");
		h_count(h, p ? p->customers : l->customers);
		H(h, "</td><td class=\"num\">");
		h_count(h, p ? p->lapsed : l->lapsed);
		H(h, "</td><td class=\"num\">");
		h_count(h, p ? p->departed : l->departed);
		H(h, "</td></tr>");
	}
	H(h, "</tbody></table></div>");
}

static void retention_history(struct html *h, const struct loyalty *l)
{
	char b[64], key[64];
	H(h, "<h2 id=\"retention\">");
	HT(h, "Retention by year", "Kundenbindung nach Jahren");
	H(h, "</h2><p class=\"hint\">");
	HT(h,
	   "Customers who bought in a year and also in the year before, over all who bought in "
	   "the year before; next to it the new and the reactivated customers, so that the "
	   "stock reconciles.",
	   "Kunden, die in einem Jahr und auch im Vorjahr kauften, geteilt durch alle Käufer des "
	   "Vorjahres; daneben die neuen und die reaktivierten Kunden, damit der Bestand "
	   "aufgeht.");
	H(h, "</p><div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
	HT(h, "Year up to", "Jahr bis");
	H(h, "</th><th class=\"num\">");
	HT(h, "Retention", "Kundenbindungsrate");
	H(h, "</th><th class=\"num\">");
	HT(h, "Retained", "Geblieben");
	H(h, "</th><th class=\"num\">");
	HT(h, "Buyers the year before", "Käufer im Vorjahr");
	H(h, "</th><th class=\"num\">");
	HT(h, "Buyers", "Käufer");
	H(h, "</th><th class=\"num\">");
	HT(h, "New", "Neu");
	H(h, "</th><th class=\"num\">");
	HT(h, "Reactivated", "Reaktiviert");
	H(h, "</th></tr></thead><tbody>");
	for (int k = 0; k < l->nyears; k++) {
		const struct retention_year *y = &l->years[k];
		H(h, "<tr><td>");
		h_day(h, y->as_of - 1);
		H(h, "</td><td class=\"num\">");
		snprintf(key, sizeof(key), "retention.history.%d.rate", k);
		h_data_begin(h, key, jnum(b, y->rate, 4));
		h_pct(h, y->rate);
		h_data_end(h);
		H(h, "</td><td class=\"num\">");
		h_count(h, y->retained);
		H(h, "</td><td class=\"num\">");
		h_count(h, y->previous_buyers);
		H(h, "</td><td class=\"num\">");
		h_count(h, y->current_buyers);
		H(h, "</td><td class=\"num\">");
		h_count(h, y->new_customers);
		H(h, "</td><td class=\"num\">");
		h_count(h, y->reactivated);
		H(h, "</td></tr>");
	}
	H(h, "</tbody></table></div>");
}

/* ---- segments and the apostle matrix ---- */

static void segments_table(struct html *h, const struct loyalty *l,
                           const struct web_trend_point *lm)
{
	char key[64];
	H(h, "<div class=\"scroll\"><table class=\"list segments\"><thead><tr><th>");
	HT(h, "Segment", "Segment");
	H(h, "</th><th class=\"num\">");
	HT(h, "Customers", "Kunden");
	H(h, "</th><th class=\"num\">");
	HT(h, "Last month", "Vormonat");
	H(h, "</th><th class=\"num\">");
	HT(h, "Revenue (12 months)", "Umsatz (12 Monate)");
	H(h, "</th><th>");
	HT(h, "Action", "Aktion");
	H(h, "</th></tr></thead><tbody>");
	static const int prio[SEG_PROSPECT] = {2, 3, 4, 5, 1, 1, 6};
	for (int s = 0; s < SEG_PROSPECT; s++) {
		struct strbuf href = STRBUF_INIT;
		sb_addf(&href, "/actions?segment=%s", segment_key[s]);
		H(h, "<tr><td>");
		H(h, "<a");
		HATTR(h, "href", href.buf);
		H(h, ">");
		h_segment(h, s);
		H(h, "</a></td><td class=\"num\">");
		snprintf(key, sizeof(key), "segments.%s", segment_key[s]);
		fig_count(h, key, l->seg_count[s]);
		H(h, "</td><td class=\"num\">");
		if (lm)
			h_count(h, lm->seg_count[s]);
		H(h, "</td><td class=\"num\">");
		h_money(h, l->seg_revenue[s]);
		H(h, "</td><td>");
		html_text(h, action_text(prio[s], h->lang));
		H(h, "</td></tr>");
		sb_release(&href);
	}
	H(h, "</tbody></table></div>");
}

/*
 * The apostle matrix: satisfaction (x) against orders in the last twelve
 * months (y), the quadrant lines at the thresholds, one point per measured
 * active customer.  Customers at the same place share one point (its size
 * grows with their number; it links to the list of them), so that the SVG
 * stays small for any number of customers: at most one element per
 * distinct (satisfaction, orders) pair, orders above the top of the axis
 * drawn at the top.
 */
static void apostle_matrix(struct html *h, const struct web_view *v)
{
	const struct dataset *ds = &v->a.ds;
	const struct loyalty *l = &v->r.l;
	const double W = 640, Ht = 420, L0 = 58, R0 = 16, T0 = 16, B0 = 44;
	const double pw = W - L0 - R0, ph = Ht - T0 - B0;
	const struct web_matrix_pt *p = v->mpts;
	size_t n = v->mmeasured;
	int32_t top = v->mtop;
	struct strbuf lab = STRBUF_INIT;
	char nb[32];
	sb_addf(&lab,
	        L(h->lang,
	          "Apostle matrix: %s measured active customers by satisfaction and orders",
	          "Apostel-Matrix: %s gemessene aktive Kunden nach Zufriedenheit und Aufträgen"),
	        int_format_human((int64_t)n, h->lang, nb));
	SVG_BEGIN(h, W, Ht, "chart matrix", lab.buf);
#define X(s) (L0 + pw * (s) / 100.0)
	/* a square-root scale: most customers order a few times a year, and
	 * the lower half is where the segments are decided */
#define Y(o) (T0 + ph * (1.0 - sqrt((double)(o)) / sqrt((double)top)))
	/* quadrants: satisfied from satisfied_min, frequent from F */
	double qx = X(l->set.satisfied_min), qy = Y(l->frequent_min);
	SVG_RECT(h, qx, T0, L0 + pw - qx, qy - T0, "quad quad-loyal", NULL);
	SVG_RECT(h, qx, qy, L0 + pw - qx, T0 + ph - qy, "quad quad-opportunist", NULL);
	SVG_RECT(h, L0, T0, qx - L0, qy - T0, "quad quad-hostage", NULL);
	SVG_RECT(h, L0, qy, qx - L0, T0 + ph - qy, "quad quad-defector", NULL);
	for (int s = 0; s <= 10; s += 1)
		SVG_LINE(h, X(s * 10), T0 + ph, X(s * 10), T0 + ph + 4, "axis");
	SVG_LINE(h, L0, T0 + ph, L0 + pw, T0 + ph, "axis");
	SVG_LINE(h, L0, T0, L0, T0 + ph, "axis");
	for (int s = 0; s <= 10; s += 2) {
		sb_reset(&lab);
		sb_addf(&lab, "%d", s);
		SVG_TEXT(h, X(s * 10), T0 + ph + 16, "label", "middle", lab.buf);
	}
	static const int32_t ticks[] = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};
	double last_y = 1e9;
	for (size_t k = 0; k < ARRAY_SIZE(ticks) && ticks[k] < top; k++) {
		if (last_y - Y(ticks[k]) < 14 || Y(ticks[k]) - Y(top) < 14)
			continue;
		sb_reset(&lab);
		sb_addf(&lab, "%d", ticks[k]);
		SVG_TEXT(h, L0 - 6, Y(ticks[k]) + 4, "label", "end", lab.buf);
		SVG_LINE(h, L0 - 4, Y(ticks[k]), L0, Y(ticks[k]), "axis");
		last_y = Y(ticks[k]);
	}
	sb_reset(&lab);
	sb_addf(&lab, "≥ %d", top);
	SVG_TEXT(h, L0 - 6, Y(top) + 4, "label", "end", lab.buf);
	SVG_TEXT(h, 12, T0 + ph / 2, "label vert", "middle",
	         L(h->lang, "orders, last 12 months", "Aufträge, letzte 12 Monate"));
	SVG_LINE(h, qx, T0, qx, T0 + ph, "threshold");
	SVG_LINE(h, L0, qy, L0 + pw, qy, "threshold");
	SVG_TEXT(h, L0 + pw / 2, Ht - 6, "label", "middle",
	         L(h->lang, "satisfaction (latest survey, 0–10)",
	           "Zufriedenheit (letzte Umfrage, 0–10)"));
	for (size_t k = 0; k < v->nmpts; k++) {
		size_t cnt = p[k].count;
		size_t i = p[k].cust;
		struct strbuf href = STRBUF_INIT;
		sb_reset(&lab);
		if (cnt == 1) {
			customer_path(&href, ds_cid(ds, i));
			sb_addf(&lab, "%s (%s): ", *ds_name(ds, i) ? ds_name(ds, i) : ds_cid(ds, i),
			        segment_label(l->fig[i].segment, h->lang));
		} else {
			sb_addf(&href, "/overview/matrix?sat=%d&orders=%d&bin=%d", p[k].sat,
			        p[k].orders, v->mbin);
			if (p[k].orders == top)
				sb_addf(&href, "&top=1");
			fmt_int(&lab, h->lang, (int64_t)cnt);
			sb_adds(&lab, L(h->lang, " customers: ", " Kunden: "));
		}
		sb_adds(&lab, L(h->lang, "satisfaction ", "Zufriedenheit "));
		if (v->mbin > 1 && cnt > 1)
			sb_adds(&lab, "≈ ");
		fmt_num(&lab, h->lang, p[k].sat / 10.0, 1);
		sb_adds(&lab, ", ");
		sb_addf(&lab, p[k].orders == top ? "≥ %d" : "%d", p[k].orders);
		sb_adds(&lab, L(h->lang, " orders", " Aufträge"));
		svg_link_begin(h, href.buf);
		double r = cnt == 1 ? 3.5 : fmin(3.5 + 1.6 * sqrt((double)cnt), 18);
		/* a point's colour is its segment (apostle and terrorist are extremes
		 * of their quadrant) */
		int seg = l->fig[i].segment;
		if (cnt > 1)
			SVG_CIRCLE(h, X(p[k].sat), Y(p[k].orders), r, "pt pt-many", lab.buf);
		else if (seg == SEG_APOSTLE)
			SVG_CIRCLE(h, X(p[k].sat), Y(p[k].orders), r, "pt pt-apostle", lab.buf);
		else if (seg == SEG_TERRORIST)
			SVG_CIRCLE(h, X(p[k].sat), Y(p[k].orders), r, "pt pt-terrorist", lab.buf);
		else
			SVG_CIRCLE(h, X(p[k].sat), Y(p[k].orders), r, "pt", lab.buf);
		svg_link_end(h);
		sb_release(&href);
	}
	/* the quadrants' names over the points */
	SVG_TEXT(h, L0 + pw - 6, T0 + 14, "qlabel", "end",
	         L(h->lang, "loyal, apostles", "die Treuen, Apostel"));
	SVG_TEXT(h, L0 + pw - 6, qy + 16, "qlabel", "end",
	         segment_label_n(SEG_OPPORTUNIST, h->lang, VOCAB_MANY));
	SVG_TEXT(h, L0 + 6, T0 + 14, "qlabel", "start",
	         segment_label_n(SEG_HOSTAGE, h->lang, VOCAB_MANY));
	SVG_TEXT(h, L0 + 6, qy + 16, "qlabel", "start",
	         L(h->lang, "defectors, terrorists", "Abtrünnige, Terroristen"));

#undef X
#undef Y
	svg_end(h);
	sb_release(&lab);
}

/* ---- segment movement ---- */

static void movement(struct html *h, const struct web_view *v)
{
	const struct movement *mv = &v->move;
	H(h, "<h2 id=\"movement\">");
	HT(h, "Segment movement in the last 90 days", "Segmentwanderung der letzten 90 Tage");
	H(h, "</h2>");
	H(h, "<p class=\"hint\">");
	HT(h, "Rows: the segment on ", "Zeilen: das Segment am ");
	h_day(h, mv->from - 1);
	HT(h, "; columns: the segment on ", "; Spalten: das Segment am ");
	h_day(h, mv->to - 1);
	HT(h, ". Each number leads to the customers behind it.",
	   ". Jede Zahl führt zu den Kunden dahinter.");
	H(h, "</p><div class=\"scroll\"><table class=\"list matrix-table\"><thead><tr><th>");
	HT(h, "before \\ after", "vorher \\ nachher");
	H(h, "</th>");
	for (int b = 0; b < SEG__COUNT; b++) {
		H(h, "<th class=\"num\">");
		html_text(h, segment_label_n(b, h->lang, VOCAB_MANY));
		H(h, "</th>");
	}
	H(h, "</tr></thead><tbody>");
	for (int a = 0; a < SEG__COUNT; a++) {
		int64_t row = 0;
		for (int b = 0; b < SEG__COUNT; b++)
			row += mv->count[a][b];
		if (!row)
			continue;
		H(h, "<tr><th scope=\"row\">");
		html_text(h, segment_label_n(a, h->lang, VOCAB_MANY));
		H(h, "</th>");
		for (int b = 0; b < SEG__COUNT; b++) {
			if (a == b)
				H(h, "<td class=\"num stay\">");
			else
				H(h, "<td class=\"num\">");
			if (mv->count[a][b]) {
				struct strbuf href = STRBUF_INIT;
				struct strbuf t = STRBUF_INIT;
				sb_addf(&href, "/overview/movement?from=%s&to=%s", segment_key[a],
				        segment_key[b]);
				sb_adds(&t, L(h->lang, "revenue ", "Umsatz "));
				fmt_money(&t, h->lang, mv->revenue[a][b]);
				H(h, "<a");
				HATTR(h, "href", href.buf);
				HATTR(h, "title", t.buf);
				H(h, ">");
				h_count(h, mv->count[a][b]);
				H(h, "</a>");
				sb_release(&href);
				sb_release(&t);
			}
			H(h, "</td>");
		}
		H(h, "</tr>");
	}
	H(h, "</tbody></table></div>");
}

/* ---- profit by tenure year ---- */

static void tenure(struct html *h, const struct web_view *v)
{
	const struct tenure_curve *t = &v->r.tenure;
	const struct loyalty *l = &v->r.l;
	char b[64], key[64];
	H(h, "<h2 id=\"tenure\">");
	HT(h, "Profit by tenure year", "Gewinn nach Kundenjahr");
	H(h, "</h2><p class=\"hint\">");
	HT(h,
	   "Mean margin per active customer (dark) and per customer of the cohort, leavers as "
	   "0 (light). Years with fewer than ",
	   "Mittlerer Deckungsbeitrag je aktivem Kunden (dunkel) und je Kunde der Kohorte, "
	   "Abgewanderte als 0 (hell). Jahre mit weniger als ");
	h_count(h, l->set.tenure_min);
	HT(h,
	   " active customers are too thin to trust (pale, dashed outline). Do loyal customers "
	   "grow more "
	   "profitable every year? Research disagrees (Reinartz & Kumar 2000): this is your "
	   "own curve.",
	   " aktiven Kunden sind zu dünn, um ihnen zu trauen (blass, gestrichelt). Werden treue "
	   "Kunden "
	   "jedes Jahr profitabler? Die Forschung ist uneins (Reinartz & Kumar 2000): dies ist "
	   "Ihre eigene Kurve.");
	H(h, "</p>");
	if (t->n) {
		const double W = 640, Ht = 260, L0 = 70, R0 = 10, T0 = 12, B0 = 40;
		double pw = W - L0 - R0, ph = Ht - T0 - B0, hi = 0;
		for (int k = 0; k < t->n; k++) {
			if (isfinite(t->years[k].mean_active))
				hi = fmax(hi, t->years[k].mean_active);
			if (isfinite(t->years[k].mean_all))
				hi = fmax(hi, t->years[k].mean_all);
		}
		if (hi <= 0)
			hi = 1;
		struct strbuf lab = STRBUF_INIT;
		SVG_BEGIN(h, W, Ht, "chart tenure",
		          L(h->lang, "Profit by tenure year", "Gewinn nach Kundenjahr"));
		SVG_LINE(h, L0, T0 + ph, L0 + pw, T0 + ph, "axis");
		for (int g = 0; g <= 2; g++) {
			double val = hi * g / 2, y = T0 + ph * (1 - val / hi);
			SVG_LINE(h, L0, y, L0 + pw, y, "grid");
			sb_reset(&lab);
			fmt_money_d(&lab, h->lang, val);
			/* whole units on the axis */
			char *dot = strrchr(lab.buf, h->lang == LANG_DE ? ',' : '.');
			if (dot)
				sb_setlen(&lab, (size_t)(dot - lab.buf));
			SVG_TEXT(h, L0 - 6, y + 4, "label", "end", lab.buf);
		}
		double slot = pw / t->n, bw = slot * 0.38;
		for (int k = 0; k < t->n; k++) {
			const struct tenure_year *y = &t->years[k];
			double x = L0 + slot * k + slot * 0.1;
			for (int which = 0; which < 2; which++) {
				double val = which ? y->mean_all : y->mean_active;
				int64_t cnt = which ? y->customers : y->active;
				if (!isfinite(val) || val < 0)
					val = 0;
				sb_reset(&lab);
				sb_addf(&lab, L(h->lang, "year %d: ", "Jahr %d: "), y->k);
				fmt_money_d(&lab, h->lang, which ? y->mean_all : y->mean_active);
				sb_adds(&lab, which ? L(h->lang, " per customer (", " je Kunde (")
				                    : L(h->lang, " per active customer (",
				                        " je aktivem Kunden ("));
				fmt_int(&lab, h->lang, cnt);
				sb_adds(&lab, ")");
				if (y->thin)
					sb_adds(&lab, L(h->lang, " — too thin", " — zu dünn"));
				double bh = ph * val / hi;
				double bx = x + which * bw;
				if (y->thin && which)
					SVG_RECT(h, bx, T0 + ph - bh, bw, bh, "bar-alt thin",
					         lab.buf);
				else if (y->thin)
					SVG_RECT(h, bx, T0 + ph - bh, bw, bh, "bar thin", lab.buf);
				else if (which)
					SVG_RECT(h, bx, T0 + ph - bh, bw, bh, "bar-alt", lab.buf);
				else
					SVG_RECT(h, bx, T0 + ph - bh, bw, bh, "bar", lab.buf);
			}
			if (t->n <= 30 || k % 2 == 0) {
				sb_reset(&lab);
				sb_addf(&lab, "%d", y->k);
				SVG_TEXT(h, x + bw, T0 + ph + 14, "label", "middle", lab.buf);
			}
		}
		SVG_TEXT(h, L0 + pw / 2, Ht - 6, "label", "middle",
		         L(h->lang, "tenure year", "Kundenjahr"));
		svg_end(h);
		sb_release(&lab);
	} else {
		H(h, "<p>");
		HT(h, "No tenure year lies wholly within the history yet.",
		   "Noch kein Kundenjahr liegt ganz in den Daten.");
		H(h, "</p>");
	}
	H(h, "<h3>");
	HT(h, "The figures by tenure year", "Die Zahlen je Kundenjahr");
	H(h, "</h3><div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
	HT(h, "Year", "Jahr");
	H(h, "</th><th class=\"num\">");
	HT(h, "Customers", "Kunden");
	H(h, "</th><th class=\"num\">");
	HT(h, "per customer", "je Kunde");
	H(h, "</th><th class=\"num\">");
	HT(h, "Active", "Aktiv");
	H(h, "</th><th class=\"num\">");
	HT(h, "per active customer", "je aktivem Kunden");
	H(h, "</th><th></th></tr></thead><tbody>");
	for (int k = 0; k < t->n; k++) {
		const struct tenure_year *y = &t->years[k];
		if (y->thin)
			H(h, "<tr class=\"thin\"><td>");
		else
			H(h, "<tr><td>");
		html_int(h, y->k);
		H(h, "</td><td class=\"num\">");
		snprintf(key, sizeof(key), "profit_by_tenure.%d.customers", k);
		fig_count(h, key, y->customers);
		H(h, "</td><td class=\"num\">");
		snprintf(key, sizeof(key), "profit_by_tenure.%d.mean_margin", k);
		h_data_begin(h, key, jnum(b, y->mean_all / 100.0, 2));
		h_money_d(h, y->mean_all);
		h_data_end(h);
		H(h, "</td><td class=\"num\">");
		snprintf(key, sizeof(key), "profit_by_tenure.%d.active", k);
		fig_count(h, key, y->active);
		H(h, "</td><td class=\"num\">");
		snprintf(key, sizeof(key), "profit_by_tenure.%d.mean_margin_active", k);
		h_data_begin(h, key, jnum(b, y->mean_active / 100.0, 2));
		h_money_d(h, y->mean_active);
		h_data_end(h);
		H(h, "</td><td>");
		snprintf(key, sizeof(key), "profit_by_tenure.%d.thin", k);
		h_data_begin(h, key, y->thin ? "true" : "false");
		if (y->thin)
			HT(h, "too thin", "zu dünn");
		h_data_end(h);
		H(h, "</td></tr>");
	}
	H(h, "</tbody></table></div>");
	H(h, "<p class=\"hint\">");
	fig_count(h, "tenure_left_censored", t->left_censored);
	HT(h,
	   " customers left out: no “customer since” and a first order in the history's first "
	   "year, so their tenure is unknown.",
	   " Kunden nicht gezählt: ohne „Kunde seit“ und mit dem ersten Auftrag im ersten Jahr "
	   "der Daten, ihr Kundenjahr ist also unbekannt.");
	H(h, "</p>");
}

/* ---- what if ---- */

static void whatif(struct html *h, struct web_req *rq, const struct web_view *v)
{
	const struct loyalty *l = &v->r.l;
	struct whatif w;
	double delta = 5;
	const char *ds = web_arg(rq, "delta");
	int bad = 0;
	if (ds && *ds) {
		double x;
		if (num_parse_input(ds, &x) || !isfinite(x) || x < -50 || x > 50)
			bad = 1;
		else
			delta = x;
	}
	app_whatif_of(&v->a, &v->r, delta, &w);
	H(h, "<h2 id=\"whatif\">");
	HT(h, "What if retention rose?", "Was wäre, wenn die Kundenbindung stiege?");
	H(h, "</h2><form method=\"get\" action=\"/overview#whatif\" class=\"inline whatif\">"
	     "<label for=\"delta\">");
	HT(h, "Retention points more (− for fewer)",
	   "Prozentpunkte mehr Kundenbindung (− für weniger)");
	H(h, "</label><input id=\"delta\" name=\"delta\" inputmode=\"decimal\" size=\"6\"");
	struct strbuf val = STRBUF_INIT;
	if (bad)
		sb_adds(&val, ds);
	else
		fmt_num(&val, rq->lang, delta, delta == floor(delta) ? 0 : 1);
	HATTR(h, "value", val.buf);
	sb_release(&val);
	H(h, "><button type=\"submit\">");
	HT(h, "Compute", "Rechnen");
	H(h, "</button></form>");
	if (bad) {
		H(h, "<p class=\"msg msg-error\" role=\"alert\">");
		HT(h, "Points: a number from −50 to 50, like 5 or 2,5. Shown for 5 points.",
		   "Punkte: eine Zahl von −50 bis 50, etwa 5 oder 2,5. Gezeigt für 5 Punkte.");
		H(h, "</p>");
	}
	if (isnan(w.clv)) {
		H(h, "<p>");
		HT(h,
		   "Not available: every tenure year has fewer active customers than tenure_min.",
		   "Nicht verfügbar: jedes Kundenjahr hat weniger aktive Kunden als tenure_min.");
		H(h, "</p>");
		return;
	}
	H(h, "<dl class=\"facts whatif\"><dt>");
	HT(h, "Value of a customer at retention ", "Wert eines Kunden bei einer Bindung von ");
	h_pct(h, w.r);
	H(h, "</dt><dd>");
	h_money_d(h, w.clv);
	H(h, "</dd><dt>");
	HT(h, "… at retention ", "… bei einer Bindung von ");
	h_pct(h, w.r_new);
	H(h, "</dt><dd>");
	h_money_d(h, w.clv_new);
	H(h, " <span class=\"muted\">(");
	if (isnan(w.relative_change)) {
		html_text(h, "–");
	} else {
		html_text(h, w.relative_change >= 0 ? "+" : "−");
		h_pct(h, fabs(w.relative_change));
	}
	H(h, ")</span></dd><dt>");
	HT(h, "Value of the customer base (", "Wert des Kundenstamms (");
	h_count(h, w.customers);
	HT(h, " active customers) at ", " aktive Kunden) bei ");
	h_pct(h, w.r);
	H(h, "</dt><dd>");
	h_money_d(h, w.base_value);
	H(h, "</dd><dt>");
	HT(h, "… at ", "… bei ");
	h_pct(h, w.r_new);
	H(h, "</dt><dd>");
	h_money_d(h, w.base_value_new);
	H(h, "</dd></dl><p class=\"hint\">");
	HF(h, "%s %d %s ",
	   L(rq->lang, "CLV(r) = Σ over the tenure years k = 1 …",
	     "CLV(r) = Σ über die Kundenjahre k = 1 …"),
	   l->set.horizon,
	   L(rq->lang,
	     "of m_k · r^(k−1) / (1 + d)^(k−1) − AC: the value of a customer as the "
	     "company's retention treats them (m_k the margin per active customer of "
	     "year k), not the purchase model's forward estimate for one customer.",
	     "von m_k · r^(k−1) / (1 + d)^(k−1) − AK: der Wert eines Kunden, wie ihn die "
	     "Kundenbindung des Unternehmens behandelt (m_k der Deckungsbeitrag je aktivem "
	     "Kunden im Jahr k), nicht die Vorausschätzung des Kaufmodells für einen Kunden."));
	HFL(h, "Years 1 to %d of the %d measured are used.",
	    "Die Jahre 1 bis %d der %d gemessenen werden verwendet.", w.years_used,
	    w.years_measured);
	H(h, "</p>");
}

void page_overview(struct web_req *rq, struct web_resp *rs)
{
	struct web_view *v;
	struct html h;
	struct err e;
	char b[64];
	if (web_view_begin(rq, rs, &v))
		return;
	err_init(&e, rq->lang);
	const struct loyalty *l = &v->r.l;
	const struct web_trend_point *lm = NULL;
	if (web_view_overview(rq, v, &e)) {
		web_log(rq->srv, "overview: %s", e.msg);
		web_error_page(rq, rs, 500, NULL);
		web_view_put(rq->srv, v);
		return;
	}
	if (v->ntrend)
		lm = &v->trend[0];

	page_begin(rq, rs, &h, L(rq->lang, "Overview", "Überblick"));
	H(&h, "<h1>");
	HT(&h, "Overview", "Überblick");
	H(&h, "</h1><p class=\"lede\">");
	HT(&h, "As of ", "Stichtag ");
	h_data_begin(&h, "as_of", day_format(l->as_of, b));
	h_day(&h, l->as_of);
	h_data_end(&h);
	HT(&h, " (data up to ", " (Daten bis ");
	h_day(&h, l->as_of - 1);
	H(&h, ")");
	if (lm) {
		HT(&h, "; “last month” is the month end ", "; „Vormonat“ ist das Monatsende ");
		h_day(&h, lm->as_of - 1);
	}
	H(&h, ".</p>");
	if (l->future.count) {
		struct strbuf w = STRBUF_INIT;
		report_future_text(&l->future, &w, rq->lang);
		PAGE_MSG(&h, "error", w.buf);
		sb_release(&w);
	}
	headline(&h, v, lm);
	trend(&h, v);
	retention_history(&h, l);

	H(&h, "<h2 id=\"segments\">");
	HT(&h, "Who is who: the apostle model", "Wer ist wer: das Apostel-Modell");
	H(&h, "</h2>");
	segments_table(&h, l, lm);
	H(&h, "<figure class=\"wide\">");
	apostle_matrix(&h, v);
	H(&h, "<figcaption>");
	HT(&h,
	   "Every measured active customer by satisfaction and orders in the last 12 months; "
	   "the lines are the thresholds (satisfied from ",
	   "Jeder gemessene aktive Kunde nach Zufriedenheit und Aufträgen der letzten 12 Monate; "
	   "die Linien sind die Schwellen (zufrieden ab ");
	h_num(&h, l->set.satisfied_min / 10.0, 1);
	HT(&h, ", frequent from ", ", häufig ab ");
	h_num(&h, l->frequent_min, l->frequent_min == floor(l->frequent_min) ? 0 : 1);
	HT(&h, " orders). A point leads to the customer; a larger point holds several.",
	   " Aufträgen). Ein Punkt führt zum Kunden; ein größerer Punkt fasst mehrere.");
	H(&h, "</figcaption></figure>");
	movement(&h, v);
	tenure(&h, v);
	whatif(&h, rq, v);
	page_end(rq, rs, &h);
	web_view_put(rq->srv, v);
}

/* ---- drill-downs ---- */

static void list_page(struct web_req *rq, struct web_resp *rs, struct web_view *v,
                      const char *title, const char *intro, const uint32_t *idx, size_t n)
{
	struct html h;
	page_begin(rq, rs, &h, title);
	H(&h, "<p class=\"crumbs\"><a href=\"/overview\">");
	HT(&h, "Overview", "Überblick");
	H(&h, "</a></p><h1>");
	html_text(&h, title);
	H(&h, "</h1><p class=\"lede\">");
	html_text(&h, intro);
	H(&h, " ");
	h_count(&h, (int64_t)n);
	HT(&h, " customers.", " Kunden.");
	H(&h, "</p>");
	h_customer_table(&h, v, idx, n);
	page_end(rq, rs, &h);
}

static int segment_of(const char *key)
{
	for (int s = 0; key && s < SEG__COUNT; s++)
		if (!strcmp(segment_key[s], key))
			return s;
	return -1;
}

void page_overview_movement(struct web_req *rq, struct web_resp *rs)
{
	int a = segment_of(web_arg(rq, "from")), b = segment_of(web_arg(rq, "to"));
	struct web_view *v;
	uint32_t *idx;
	size_t n;
	struct err e;
	if (a < 0 || b < 0) {
		web_error_page(rq, rs, 400,
		               L(rq->lang, "from and to name segments (apostle, loyal, …).",
		                 "from und to nennen Segmente (apostle, loyal, …)."));
		return;
	}
	if (web_view_begin(rq, rs, &v))
		return;
	err_init(&e, rq->lang);
	struct app_ctx c = web_app_ctx(rq, v->today);
	int rc = app_movement_members(&c, &v->a, DAY_NONE, DAY_NONE, a, b, &idx, &n, &e);
	if (rc) {
		web_error_page(rq, rs, rc == APP_BAD_REQUEST ? 400 : 500, e.msg);
		web_view_put(rq->srv, v);
		return;
	}
	struct strbuf title = STRBUF_INIT, intro = STRBUF_INIT;
	sb_addf(&title, "%s → %s", segment_label_n(a, rq->lang, VOCAB_MANY),
	        segment_label_n(b, rq->lang, VOCAB_MANY));
	sb_adds(&intro, L(rq->lang, "Customers who were ", "Kunden, die am "));
	if (rq->lang == LANG_DE) {
		fmt_day(&intro, rq->lang, v->a.as_of - 91);
		sb_addf(&intro, " %s waren und am ", segment_label_n(a, rq->lang, VOCAB_MANY));
		fmt_day(&intro, rq->lang, v->a.as_of - 1);
		sb_addf(&intro, " %s sind:", segment_label_n(b, rq->lang, VOCAB_MANY));
	} else {
		sb_addf(&intro, "%s on ", segment_label_n(a, rq->lang, VOCAB_MANY));
		fmt_day(&intro, rq->lang, v->a.as_of - 91);
		sb_addf(&intro, " and %s on ", segment_label_n(b, rq->lang, VOCAB_MANY));
		fmt_day(&intro, rq->lang, v->a.as_of - 1);
		sb_adds(&intro, ":");
	}
	list_page(rq, rs, v, title.buf, intro.buf, idx, n);
	sb_release(&title);
	sb_release(&intro);
	free(idx);
	web_view_put(rq->srv, v);
}

void page_overview_matrix(struct web_req *rq, struct web_resp *rs)
{
	long sat = web_arg_long(rq, "sat", 0, 100, -1),
	     orders = web_arg_long(rq, "orders", 0, 1L << 30, -1);
	int top = web_arg_long(rq, "top", 0, 1, 0) == 1;
	int bin = web_arg_long(rq, "bin", 1, 5, 1) == 5 ? 5 : 1;
	struct web_view *v;
	if (sat < 0 || orders < 0) {
		web_error_page(rq, rs, 400,
		               L(rq->lang, "sat (0–100) and orders name a point of the matrix.",
		                 "sat (0–100) und orders nennen einen Punkt der Matrix."));
		return;
	}
	if (web_view_begin(rq, rs, &v))
		return;
	const struct loyalty *l = &v->r.l;
	uint32_t *idx = xmalloc(sizeof(*idx) * (l->ncust + 1));
	size_t n = 0;
	for (size_t i = 0; i < l->ncust; i++) {
		const struct cust_fig *f = &l->fig[i];
		if (!segment_is_segment(f->segment) || !f->measured || !f->sat_n)
			continue;
		if (web_matrix_sat(f, bin) == sat &&
		    (top ? f->orders >= orders : f->orders == orders))
			idx[n++] = (uint32_t)i;
	}
	struct strbuf title = STRBUF_INIT, intro = STRBUF_INIT;
	sb_adds(&title,
	        L(rq->lang, "Apostle matrix: satisfaction ", "Apostel-Matrix: Zufriedenheit "));
	if (bin > 1)
		sb_adds(&title, "≈ ");
	fmt_num(&title, rq->lang, sat / 10.0, 1);
	sb_addf(&title, top ? ", ≥ %ld %s" : ", %ld %s", orders, L(rq->lang, "orders", "Aufträge"));
	sb_adds(&intro, L(rq->lang, "Measured active customers at this point of the matrix:",
	                  "Gemessene aktive Kunden an diesem Punkt der Matrix:"));
	list_page(rq, rs, v, title.buf, intro.buf, idx, n);
	sb_release(&title);
	sb_release(&intro);
	free(idx);
	web_view_put(rq->srv, v);
}
