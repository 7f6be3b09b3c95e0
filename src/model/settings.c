/*
 * settings.c — the model's thresholds: their names, defaults and help, and
 * parsing a user's value into the internal units (tenths, days, x2).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

const struct setting_def model_setting_defs[] = {
    {"window", "365", "W: days in a period (current period = [D-W, D))",
     "W: Tage einer Periode (aktuelle Periode = [D-W, D))"},
    {"satisfied_min", "7", "satisfaction from which a customer counts as satisfied",
     "Zufriedenheit, ab der ein Kunde als zufrieden gilt"},
    {"frequent_min", "auto",
     "orders in the current period from which a customer is frequent (auto: max(2, median))",
     "Aufträge in der aktuellen Periode, ab denen ein Kunde häufig kauft (auto: max(2, Median))"},
    {"apostle_min", "9",
     "satisfaction and recommendation from which a loyal customer is an apostle",
     "Zufriedenheit und Weiterempfehlung, ab denen ein Treuer ein Apostel ist"},
    {"terrorist_max", "3", "satisfaction and recommendation up to which a defector is a terrorist",
     "Zufriedenheit und Weiterempfehlung, bis zu denen ein Abtrünniger ein Terrorist ist"},
    {"stale_days", "730", "a survey older than this many days is stale (default 2W)",
     "eine Umfrage, die älter ist als so viele Tage, ist veraltet (Vorgabe 2W)"},
    {"referral_days", "730", "referrals made within this many days make an apostle (default 2W)",
     "Empfehlungen innerhalb so vieler Tage machen einen Apostel (Vorgabe 2W)"},
    {"dialog_days", "180", "a customer without a dialogue for more days is due for one",
     "ein Kunde ohne Kundengespräch seit mehr Tagen ist fällig"},
    {"promoter_min", "9", "NPS: recommendation from which a customer is a promoter",
     "NPS: Weiterempfehlung, ab der ein Kunde Promotor ist"},
    {"detractor_max", "6", "NPS: recommendation up to which a customer is a detractor",
     "NPS: Weiterempfehlung, bis zu der ein Kunde Kritiker ist"},
    {"discount", "0.10", "annual discount rate d for lifetime value",
     "jährlicher Diskontsatz d für den Kundenwert"},
    {"horizon", "10", "horizon H in years for lifetime value",
     "Horizont H in Jahren für den Kundenwert"},
    {"active_days", "730",
     "A: a customer whose last purchase is older than this many days is lapsed (default 2W)",
     "A: ein Kunde, dessen letzter Kauf älter ist als so viele Tage, ist ehemalig (Vorgabe 2W)"},
    {"tenure_min", "30",
     "tenure years with fewer active customers are marked too thin (and not carried forward)",
     "Kundenjahre mit weniger aktiven Kunden gelten als zu dünn (und werden nicht "
     "fortgeschrieben)"},
    {"agenda_per_priority", "3",
     "customers of each priority an account manager's agenda shows (treue agenda)",
     "Kunden je Priorität auf der Wochenagenda eines Betreuers (treue agenda)"},
    {"currency", "EUR",
     "currency of the amounts, an ISO 4217 code (EUR, CHF, USD...): text shows 1.234,56 € / "
     "€1,234.56",
     "Währung der Beträge, ein ISO-4217-Code (EUR, CHF, USD...): Text zeigt 1.234,56 € / "
     "€1,234.56"},
};
const int model_setting_count = (int)ARRAY_SIZE(model_setting_defs);

void model_settings_default(struct model_settings *s)
{
	struct err e = {0}; /* the defaults are valid: no message to read */
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < model_setting_count; i++)
		model_settings_apply(s, model_setting_defs[i].key, model_setting_defs[i].dflt, &e);
}

/* A number in [lo, hi], with a decimal point or a decimal comma. */
static int parse_num(const char *v, double lo, double hi, double *out)
{
	double x;
	if (num_parse_input(v, &x) || !isfinite(x) || x < lo || x > hi)
		return -1;
	*out = x;
	return 0;
}

int model_settings_apply(struct model_settings *s, const char *key, const char *value,
                         struct err *e)
{
	double x;
	struct {
		const char *key;
		int *dst;
		double lo, hi;
		int tenths;
	} ints[] = {
	    {"window", &s->window, 1, 3650, 0},
	    {"satisfied_min", &s->satisfied_min, 0, 10, 1},
	    {"apostle_min", &s->apostle_min, 0, 10, 1},
	    {"terrorist_max", &s->terrorist_max, 0, 10, 1},
	    {"stale_days", &s->stale_days, 1, 36500, 0},
	    {"referral_days", &s->referral_days, 1, 36500, 0},
	    {"dialog_days", &s->dialog_days, 1, 36500, 0},
	    {"promoter_min", &s->promoter_min, 0, 10, 1},
	    {"detractor_max", &s->detractor_max, 0, 10, 1},
	    {"horizon", &s->horizon, 1, 100, 0},
	    {"active_days", &s->active_days, 1, 36500, 0},
	    {"tenure_min", &s->tenure_min, 1, 100000000, 0},
	    {"agenda_per_priority", &s->agenda_per_priority, 1, 1000, 0},
	};
	snprintf(e->field, sizeof(e->field), "%s", key);
	snprintf(e->value, sizeof(e->value), "%s", value);
	for (size_t i = 0; i < ARRAY_SIZE(ints); i++) {
		if (strcmp(key, ints[i].key))
			continue;
		if (parse_num(value, ints[i].lo, ints[i].hi, &x))
			return err_set(e,
			               L(e->lang, "is not a number from %g to %g",
			                 "ist keine Zahl von %g bis %g"),
			               ints[i].lo, ints[i].hi);
		if (ints[i].tenths) {
			x *= 10;
			if (fabs(x - round(x)) > 1e-9)
				return err_set(e, L(e->lang, "has more than one decimal",
				                    "hat mehr als eine Nachkommastelle"));
		} else if (fabs(x - round(x)) > 1e-9) {
			return err_set(e,
			               L(e->lang, "is not a whole number", "ist keine ganze Zahl"));
		}
		*ints[i].dst = (int)round(x);
		e->field[0] = e->value[0] = '\0';
		return 0;
	}
	if (!strcmp(key, "frequent_min")) {
		if (!strcmp(value, "auto")) {
			s->frequent_min_x2 = 0;
		} else {
			if (parse_num(value, 1, 100000, &x) || fabs(2 * x - round(2 * x)) > 1e-9)
				return err_set(
				    e, L(e->lang,
				         "is not \"auto\" or a number of orders (halves allowed)",
				         "ist weder \"auto\" noch eine Anzahl Aufträge (Halbe "
				         "erlaubt)"));
			s->frequent_min_x2 = (int)round(2 * x);
		}
		e->field[0] = e->value[0] = '\0';
		return 0;
	}
	if (!strcmp(key, "currency")) {
		char c[4];
		size_t n = strlen(value);
		for (size_t k = 0; k < n && k < 3; k++)
			c[k] =
			    (char)(value[k] >= 'a' && value[k] <= 'z' ? value[k] - 32 : value[k]);
		c[3] = '\0';
		if (n != 3 || strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3)
			return err_set(
			    e, L(e->lang, "is not a currency code of three letters (EUR, CHF)",
			         "ist kein Währungscode aus drei Buchstaben (EUR, CHF)"));
		memcpy(s->currency, c, 4);
		e->field[0] = e->value[0] = '\0';
		return 0;
	}
	if (!strcmp(key, "discount")) {
		if (parse_num(value, 0, 1, &x))
			return err_set(e, L(e->lang, "is not a rate from 0 to 1 (e.g. 0.10)",
			                    "ist kein Satz von 0 bis 1 (z. B. 0,10)"));
		s->discount = x;
		e->field[0] = e->value[0] = '\0';
		return 0;
	}
	e->value[0] = '\0';
	return err_set(e, L(e->lang, "is not a setting", "ist keine Einstellung"));
}
