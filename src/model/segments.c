/*
 * segments.c — the apostle model: the frequency threshold F over the
 * active customers, one segment per active customer (the other states —
 * prospect, lapsed, departed — get none), the segments' and states' keys
 * (their names for people come from the vocabulary, src/vocab/), and the
 * sentence that says why a customer is where it is.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "vocab.h"

const char *const segment_key[SEG__COUNT] = {
    "apostle",   "loyal",      "opportunist", "hostage", "defector",
    "terrorist", "unmeasured", "prospect",    "lapsed",  "departed",
};

/* The names for people are the vocabulary's, found by key. */
const char *segment_label(enum segment s, enum lang lang)
{
	return segment_label_n(s, lang, VOCAB_ONE);
}

const char *segment_label_n(enum segment s, enum lang lang, enum vocab_number n)
{
	if ((unsigned)s >= SEG__COUNT)
		return "?";
	return vocab_label_of(VOCAB_SEGMENT, segment_key[s], lang, n);
}

void freq_grow(struct freq_count *c, size_t orders)
{
	size_t nl = c->len ? c->len : 256;
	while (nl <= orders)
		nl *= 2;
	c->cnt = xrealloc(c->cnt, sizeof(*c->cnt) * nl);
	memset(c->cnt + c->len, 0, sizeof(*c->cnt) * (nl - c->len));
	c->len = nl;
	c->cnt[orders]++;
}

/* 2F as an integer (F may be a half: the mean of two middle values), from
 * the counts of the figures pass's parts, which are freed. */
int64_t freq_min_x2(struct freq_count *c, int nc, const struct model_settings *s)
{
	size_t m = 0, len = 0;
	for (int p = 0; p < nc; p++)
		len = c[p].len > len ? c[p].len : len;
	for (int p = 0; p < nc; p++)
		for (size_t v = 1; v < c[p].len; v++)
			m += c[p].cnt[v];
	/* the median: the values at sorted positions (m-1)/2 and m/2 */
	size_t lo_pos = m ? (m - 1) / 2 : 0, hi_pos = m / 2, seen = 0;
	int64_t lo = -1, hi = -1;
	for (size_t v = 1; v < len && hi < 0; v++) {
		for (int p = 0; p < nc; p++)
			seen += v < c[p].len ? c[p].cnt[v] : 0;
		if (lo < 0 && seen > lo_pos)
			lo = (int64_t)v;
		if (seen > hi_pos)
			hi = (int64_t)v;
	}
	for (int p = 0; p < nc; p++) {
		free(c[p].cnt);
		c[p] = (struct freq_count){NULL, 0};
	}
	if (s->frequent_min_x2 > 0)
		return s->frequent_min_x2;
	if (m == 0)
		return 4;
	int64_t x2 = lo + hi;
	return x2 < 4 ? 4 : x2;
}

void model_segment_one(struct cust_fig *f, int64_t f2, const struct model_settings *s)
{
	static const uint8_t other[] = {
	    [CS_PROSPECT] = SEG_PROSPECT, [CS_DEPARTED] = SEG_DEPARTED, [CS_LAPSED] = SEG_LAPSED};
	if (f->state != CS_ACTIVE) {
		f->segment = other[f->state];
		return;
	}
	if (!f->measured) {
		f->segment = SEG_UNMEASURED;
		return;
	}
	int satisfied = f->sat_sum >= (int64_t)s->satisfied_min * f->sat_n;
	int frequent = 2 * (int64_t)f->orders >= f2;
	if (satisfied && frequent) {
		int top = f->sat_sum >= (int64_t)s->apostle_min * f->sat_n;
		int rec = f->rec_n && f->rec_sum >= (int64_t)s->apostle_min * f->rec_n;
		f->segment = top && (rec || f->referrals > 0) ? SEG_APOSTLE : SEG_LOYAL;
	} else if (satisfied) {
		f->segment = SEG_OPPORTUNIST;
	} else if (frequent) {
		f->segment = SEG_HOSTAGE;
	} else {
		int low = f->sat_sum <= (int64_t)s->terrorist_max * f->sat_n;
		int rec = f->rec_n && f->rec_sum <= (int64_t)s->terrorist_max * f->rec_n;
		f->segment = low && (rec || f->open_complaints > 0) ? SEG_TERRORIST : SEG_DEFECTOR;
	}
}

void model_segments(struct cust_fig *fig, size_t n, int64_t f2, const struct model_settings *s)
{
	for (size_t i = 0; i < n; i++)
		model_segment_one(&fig[i], f2, s);
}

const char *action_text(int priority, enum lang lang)
{
	switch (priority) {
	case 1:
		return L(
		    lang, "understand why, find real value, stop bad word of mouth",
		    "verstehen, warum; echten Nutzen finden; schlechte Mundpropaganda stoppen");
	case 2:
		return L(lang, "learn their needs, thank them",
		         "ihre Bedürfnisse kennenlernen, danken");
	case 3: return L(lang, "make them apostles", "zu Aposteln machen");
	case 4:
		return L(lang, "tell them the value; cheaper solutions that serve better",
		         "den Nutzen zeigen; günstigere Lösungen, die besser passen");
	case 5:
		return L(lang, "visit, understand their requirements",
		         "besuchen, ihre Anforderungen verstehen");
	case 6:
		return L(lang, "ask them: a dialogue or a survey",
		         "fragen: ein Kundengespräch oder eine Umfrage");
	default: return "";
	}
}

static void score(struct strbuf *out, int64_t sum, int n, enum lang lang)
{
	char buf[64];
	sb_adds(out, num_format_human((double)sum / n / 10.0, 1, lang, buf));
}

/* "3 orders" / "1 Auftrag", grouped. */
static void count(struct strbuf *out, enum lang lang, int64_t n, const char *one, const char *many)
{
	char buf[32];
	sb_adds(out, int_format_human(n, lang, buf));
	sb_addch(out, ' ');
	sb_adds(out, plural(n, one, many));
}

/* " in the last 365 days" / " in den letzten 365 Tagen" (" am letzten Tag" for 1). */
static void last_days(struct strbuf *out, enum lang lang, int days)
{
	char buf[32];
	if (days == 1)
		sb_adds(out, L(lang, " in the last day", " am letzten Tag"));
	else {
		sb_adds(out, L(lang, " in the last ", " in den letzten "));
		sb_adds(out, int_format_human(days, lang, buf));
		sb_adds(out, L(lang, " days", " Tagen"));
	}
}

static void explain_segment(const struct loyalty *l, size_t i, enum lang lang, struct strbuf *out)
{

	const struct cust_fig *f = &l->fig[i];
	const struct model_settings *s = &l->set;
	char d1[11], d2[11], n[64];
	if (f->segment == SEG_PROSPECT) {
		sb_adds(out, L(lang, "no purchase before the reference date",
		               "kein Kauf vor dem Stichtag"));
		return;
	}
	if (f->segment == SEG_DEPARTED) {
		sb_addf(out,
		        L(lang, "departure recorded on %s, after the last purchase on %s",
		          "Abgang am %s erfasst, nach dem letzten Kauf am %s"),
		        day_format_lang(f->departure, lang, d1),
		        day_format_lang(f->last, lang, d2));
		return;
	}
	if (f->segment == SEG_LAPSED) {
		sb_addf(out,
		        L(lang, "last purchase on %s, more than ", "letzter Kauf am %s, mehr als "),
		        day_format_lang(f->last, lang, d1));
		count(out, lang, s->active_days, L(lang, "day", "Tag"), L(lang, "days", "Tage"));
		sb_adds(out, L(lang, " before the reference date", " vor dem Stichtag"));
		return;
	}

	if (!f->measured) {
		if (f->survey_date == DAY_NONE) {
			sb_adds(out, L(lang, "no survey yet", "noch keine Umfrage"));
		} else {
			sb_addf(out,
			        L(lang, "latest survey on %s is older than ",
			          "letzte Umfrage am %s ist älter als "),
			        day_format_lang(f->survey_date, lang, d1));
			count(out, lang, s->stale_days, L(lang, "day", "Tag"),
			      L(lang, "days", "Tage"));
			sb_adds(out, L(lang, " (stale)", " (veraltet)"));
		}
		sb_adds(out, "; ");
		count(out, lang, f->orders, L(lang, "order", "Auftrag"),
		      L(lang, "orders", "Aufträge"));
		last_days(out, lang, s->window);
		return;
	}
	sb_adds(out, L(lang, "satisfaction ", "Zufriedenheit "));
	score(out, f->sat_sum, f->sat_n, lang);
	sb_adds(out, " (");
	sb_adds(out, day_format_lang(f->survey_date, lang, d1));
	sb_adds(out, ") ");
	int satisfied = f->sat_sum >= (int64_t)s->satisfied_min * f->sat_n;
	sb_adds(out, satisfied ? ">= " : "< ");
	score(out, s->satisfied_min, 1, lang);
	sb_adds(out, ", ");
	count(out, lang, f->orders, L(lang, "order", "Auftrag"), L(lang, "orders", "Aufträge"));
	last_days(out, lang, s->window);
	sb_adds(out, 2.0 * f->orders >= 2.0 * l->frequent_min ? " >= F = " : " < F = ");
	sb_adds(out, num_format_human(l->frequent_min,
	                              l->frequent_min == (double)(int64_t)l->frequent_min ? 0 : 1,
	                              lang, n));
	if (f->rec_n) {
		sb_adds(out, L(lang, ", recommend ", ", Weiterempfehlung "));
		score(out, f->rec_sum, f->rec_n, lang);
	} else {
		sb_adds(out, L(lang, ", no recommendation score", ", keine Weiterempfehlung"));
	}
	if (f->segment == SEG_APOSTLE && f->referrals > 0) {
		sb_adds(out, ", ");
		count(out, lang, f->referrals, L(lang, "referral", "Empfehlung"),
		      L(lang, "referrals", "Empfehlungen"));
		last_days(out, lang, s->referral_days);
	}
	if (f->segment == SEG_TERRORIST && f->open_complaints > 0) {
		sb_adds(out, ", ");
		count(out, lang, f->open_complaints, L(lang, "complaint", "Reklamation"),
		      L(lang, "complaints", "Reklamationen"));
		sb_adds(out, L(lang, " open", " offen"));
	}
}

void model_explain(const struct loyalty *l, size_t i, enum lang lang, struct strbuf *out)
{
	char d1[11], n[32];
	explain_segment(l, i, lang, out);
	if (!l->silent || !l->silent[i])
		return;
	const struct silent_leaver *sl = &l->silent_list[l->silent[i] - 1];
	char p[64];
	/* cut, not rounded: 0.499 shows as 0.49, never as 0.50 */
	num_format_human(floor(sl->p_alive * 100.0) / 100.0, 2, lang, p);
	sb_adds(out, L(lang, "; silently leaving: probability still active ",
	               "; wandert still ab: Aktiv-Wahrscheinlichkeit "));
	sb_adds(out, p);
	sb_adds(out, L(lang, " < 0.5 after ", " < 0,5 nach "));
	count(out, lang, sl->purchase_days, L(lang, "purchase day", "Kauftag"),
	      L(lang, "purchase days", "Kauftagen"));
	sb_adds(out, L(lang, ", nothing since ", ", nichts seit "));
	sb_adds(out, day_format_lang(sl->last, lang, d1));
	sb_adds(out, ", ");
	if (sl->usual_days == 1) {
		sb_adds(out, L(lang, "usually every day", "sonst täglich"));
	} else {
		sb_adds(out, L(lang, "usually every ", "sonst alle "));
		sb_adds(out, int_format_human(sl->usual_days, lang, n));
		sb_adds(out, L(lang, " days", " Tage"));
	}
}
