/*
 * audit_text.c — the audit trail for people.  The store keeps each entry as
 * it was written (an action and a detail in English, dates ISO: the
 * machine form that JSON and CSV give out unchanged); here the text writer
 * gets it in the reader's language: "close  promise 648: kept on
 * 2026-11-30" reads "abgeschlossen  Zusage 648: eingehalten am 30.11.2026".
 * The details have a small grammar (app/, ingest/import.c, web/account.c
 * write them); what is not recognised keeps its words, with its dates in the
 * reader's form.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const struct {
	const char *action, *de;
} actions[] = {
    {"import", "Import"},         {"import correction", "Korrektur"},
    {"add", "erfasst"},           {"edit", "geändert"},
    {"close", "abgeschlossen"},   {"delete", "gelöscht"},
    {"export", "Export"},         {"erase", "DSGVO-Löschung"},
    {"settings", "Einstellung"},  {"demo", "Demo"},
    {"user add", "Benutzer neu"}, {"user passwd", "Passwort"},
    {"user role", "Rolle"},       {"user link", "Betreuer"},
    {"user disable", "gesperrt"}, {"user enable", "entsperrt"},
};

const char *audit_action_label(const char *action, enum lang lang)
{
	if (lang != LANG_DE || !action)
		return action ? action : "";
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		if (!strcmp(actions[i].action, action))
			return actions[i].de;
	return action;
}

static int isdigit_(char c)
{
	return c >= '0' && c <= '9';
}

/* Appends s[0..n) with every ISO date and every amount (1234.50) in the
 * reader's form (24.11.2026, 1.234,50). */
static void add_plain(struct strbuf *out, const char *s, size_t n, enum lang lang)
{
	for (size_t i = 0; i < n;) {
		day_t d;
		char iso[11], buf[11];
		if (i + 10 <= n && (i == 0 || !isdigit_(s[i - 1]))) {
			memcpy(iso, s + i, 10);
			iso[10] = '\0';
			if ((i + 10 == n || !isdigit_(s[i + 10])) && day_parse_iso(iso, &d) == 0) {
				sb_adds(out, day_format_lang(d, lang, buf));
				i += 10;
				continue;
			}
		}
		/* an amount as stored (-1234.50): grouped, the reader's decimal mark */
		if ((i == 0 || (!isdigit_(s[i - 1]) && s[i - 1] != '.')) &&
		    (isdigit_(s[i]) || (s[i] == '-' && i + 1 < n && isdigit_(s[i + 1])))) {
			size_t j = i + (s[i] == '-'), k;
			while (j < n && isdigit_(s[j]))
				j++;
			k = j;
			if (k + 3 <= n && s[k] == '.' && isdigit_(s[k + 1]) && isdigit_(s[k + 2]) &&
			    (k + 3 == n || !isdigit_(s[k + 3]))) {
				char num[32], hb[40];
				int64_t cents;
				snprintf(num, sizeof(num), "%.*s", (int)(k + 3 - i), s + i);
				if (k + 3 - i < sizeof(num) &&
				    money_parse_plain(num, &cents) == 0) {
					sb_adds(out, money_format_human(cents, lang, hb));
					i = k + 3;
					continue;
				}
			}
		}
		sb_addch(out, s[i++]);
	}
}

/* The label of a kind's code ("promise", "customers"), or NULL. */
static const char *kind_label(const char *code, size_t n, enum lang lang)
{
	char w[32];
	if (n >= sizeof(w))
		return NULL;
	memcpy(w, code, n);
	w[n] = '\0';
	for (int i = 0; i < vocab_count(VOCAB_KIND); i++) {
		const char *c = vocab_code(VOCAB_KIND, i);
		if (!strcmp(c, w))
			return vocab_label(VOCAB_KIND, i, lang, VOCAB_ONE);
		size_t m = strlen(c);
		/* the import's kinds are plural: customers, stories */
		if ((!strncmp(c, w, m) && !strcmp(w + m, "s")) ||
		    (m > 1 && c[m - 1] == 'y' && !strncmp(c, w, m - 1) &&
		     !strcmp(w + m - 1, "ies")))
			return vocab_label(VOCAB_KIND, i, lang, VOCAB_MANY);
	}
	if (!strcmp(w, "dialogs"))
		return vocab_label(VOCAB_KIND, VK_DIALOG, lang, VOCAB_MANY);
	return NULL;
}

/* "promise 648" at s: the kind's label and the rest; returns the length of
 * the kind's word, 0 when s starts with no kind. */
static size_t kind_word(struct strbuf *out, const char *s, enum lang lang)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz");
	const char *label = n ? kind_label(s, n, lang) : NULL;
	if (!label)
		return 0;
	sb_adds(out, label);
	return n;
}

/* "owner, region" (the fields of an edit) with their labels. */
static void fields(struct strbuf *out, const char *s, const char *kind, enum lang lang)
{
	field_labels(out, s, kind, lang);
}

/* A status code with its label; the code itself when unknown. */
static void status(struct strbuf *out, const char *s, size_t n, enum lang lang)
{
	char w[32];
	snprintf(w, sizeof(w), "%.*s", (int)n, s);
	int i = vocab_index(VOCAB_PROMISE_STATUS, w);
	if (i >= 0) {
		sb_adds(out, vocab_label(VOCAB_PROMISE_STATUS, i, lang, VOCAB_ONE));
		return;
	}
	i = vocab_index(VOCAB_COMPLAINT_STATUS, w);
	sb_adds(out, i >= 0 ? vocab_label(VOCAB_COMPLAINT_STATUS, i, lang, VOCAB_ONE) : w);
}

/* "promise 5: kept on 2026-11-30", "complaint 7: resolved on 2026-11-30,
 * 2 whys", "promise 5: renegotiated on D; follow-up promise 6 due D2". */
static int close_text(struct strbuf *out, const char *d, enum lang lang)
{
	size_t k = kind_word(out, d, lang);
	const char *p = d + k, *on, *rest;
	if (!k || *p != ' ')
		return -1;
	size_t id = strspn(p + 1, "0123456789");
	sb_add(out, p, 1 + id);
	p += 1 + id;
	if (strncmp(p, ": ", 2))
		return -1;
	p += 2;
	on = strstr(p, " on ");
	if (!on)
		return -1;
	sb_adds(out, ": ");
	status(out, p, (size_t)(on - p), lang);
	sb_adds(out, L(lang, " on ", " am "));
	add_plain(out, on + 4, 10, lang);
	rest = on + 4 + strnlen(on + 4, 10);
	if (!strncmp(rest, "; follow-up promise ", 20)) {
		const char *due = strstr(rest, " due ");
		if (!due)
			return -1;
		sb_adds(out, L(lang, "; follow-up promise ", "; neue Zusage "));
		sb_add(out, rest + 20, (size_t)(due - rest - 20));
		sb_adds(out, L(lang, " due ", " fällig am "));
		add_plain(out, due + 5, strlen(due + 5), lang);
		return 0;
	}
	if (!strncmp(rest, ", ", 2)) {
		long n = strtol(rest + 2, NULL, 10);
		sb_addf(out, ", %ld %s", n,
		        n == 1 ? L(lang, "why", "Warum") : L(lang, "whys", "Warums"));
		return 0;
	}
	return *rest ? -1 : 0;
}

/* "seed=1 customers=600 years=6 orders-per-customer=30 until=2026-11-24 texts=de" */
static int demo_text(struct strbuf *out, const char *d, enum lang lang)
{
	char until[11];
	unsigned long long seed;
	long customers, years;
	double per;
	char texts[8];
	if (sscanf(d,
	           "seed=%llu customers=%ld years=%ld orders-per-customer=%lf until=%10s texts=%7s",
	           &seed, &customers, &years, &per, until, texts) != 6)
		return -1;
	char n1[32], n2[64], ud[11];
	day_t u;
	if (day_parse_iso(until, &u))
		return -1;
	sb_addf(out, "Startwert %llu, %s %s, %ld %s, %s Aufträge je Kunde, bis %s, Texte %s", seed,
	        int_format_human(customers, lang, n1), plural(customers, "Kunde", "Kunden"), years,
	        plural(years, "Jahr", "Jahre"),
	        num_format_human(per, per == (long)per ? 0 : 1, lang, n2),
	        day_format_lang(u, lang, ud), !strcmp(texts, "de") ? "deutsch" : "englisch");
	return 0;
}

void audit_detail_text(struct strbuf *out, const char *action, const char *detail, enum lang lang)
{
	size_t start = out->len;
	const char *d = detail ? detail : "";
	if (lang != LANG_DE || !action) {
		sb_adds(out, d);
		return;
	}
	if (!strcmp(action, "add") || !strcmp(action, "delete") || !strcmp(action, "edit")) {
		/* "promise 648", "customer", "promise 648: due, owner", "customer: owner" */
		size_t k = kind_word(out, d, lang);
		if (k) {
			char kind[32];
			snprintf(kind, sizeof(kind), "%.*s", (int)k, d);
			const char *colon = strstr(d + k, ": ");
			if (colon) {
				sb_add(out, d + k, (size_t)(colon - d - k) + 2);
				fields(out, colon + 2, kind, lang);
			} else {
				sb_adds(out, d + k);
			}
			return;
		}
	} else if (!strcmp(action, "close")) {
		if (close_text(out, d, lang) == 0)
			return;
	} else if (!strcmp(action, "import")) {
		/* "customers /path/Kunden.csv" */
		size_t k = kind_word(out, d, lang);
		if (k) {
			sb_adds(out, d + k);
			return;
		}
	} else if (!strcmp(action, "import correction")) {
		/* "customer K1: name "A" -> "B", acquired_on 2020-01-01 -> 2021-01-01" */
		size_t k = kind_word(out, d, lang);
		const char *colon = k ? strstr(d + k, ": ") : NULL;
		if (colon) {
			char kind[32];
			snprintf(kind, sizeof(kind), "%.*s", (int)k, d);
			sb_add(out, d + k, (size_t)(colon - d - k) + 2);
			/* each change starts after ", " (or the colon) with a field's name */
			const char *p = colon + 2;
			while (*p) {
				size_t n = strcspn(p, " ");
				char f[32];
				snprintf(f, sizeof(f), "%.*s", (int)(n < sizeof(f) ? n : 0), p);
				sb_adds(out, field_label(f, kind, lang));
				p += n;
				const char *next = strstr(p, ", ");
				/* the values run to the next ", field " (texts may hold ", ") */
				while (next && next[2] &&
				       !strchr("abcdefghijklmnopqrstuvwxyz", next[2]))
					next = strstr(next + 2, ", ");
				size_t m = next ? (size_t)(next - p) : strlen(p);
				add_plain(out, p, m, lang);
				p += m;
				if (next) {
					sb_adds(out, ", ");
					p += 2;
				}
			}
			return;
		}
	} else if (!strcmp(action, "export")) {
		sb_adds(out, "Kundendaten exportiert");
		if (strstr(d, " to a file"))
			sb_adds(out, " in eine Datei");
		if (strstr(d, "(erased customer)"))
			sb_adds(out, " (gelöschter Kunde)");
		if (!strncmp(d, "customer data exported", 22))
			return;
	} else if (!strcmp(action, "erase")) {
		long long n;
		if (sscanf(d,
		           "customer erased (GDPR): personal texts deleted, id pseudonymised; %lld",
		           &n) == 1) {
			char b[32];
			sb_addf(out,
			        "Kunde gelöscht (DSGVO): persönliche Texte gelöscht, Kundennummer "
			        "pseudonymisiert; %s %s behalten",
			        int_format_human(n, lang, b), plural(n, "Auftrag", "Aufträge"));
			return;
		}
	} else if (!strcmp(action, "settings")) {
		/* "discount=0.08": the key as typed, the value with a decimal comma */
		const char *eq = strchr(d, '=');
		if (eq) {
			sb_add(out, d, (size_t)(eq - d) + 1);
			for (const char *p = eq + 1; *p; p++)
				sb_addch(out, *p == '.' ? ',' : *p);
			return;
		}
	} else if (!strcmp(action, "demo")) {
		if (demo_text(out, d, lang) == 0)
			return;
	} else if (!strncmp(action, "user ", 5) && !strncmp(d, "user ", 5)) {
		/* "user anna: role member, owner Anna" / "...: new password" / "...: disabled" */
		const char *colon = strstr(d, ": ");
		if (colon) {
			sb_adds(out, "Benutzer ");
			sb_add(out, d + 5, (size_t)(colon - d - 5) + 2);
			const char *r = colon + 2;
			static const char *const words[][2] = {
			    {"role ", "Rolle "},      {", owner ", ", Betreuer "},
			    {"owner ", "Betreuer "},  {"new password", "neues Passwort"},
			    {"disabled", "gesperrt"}, {"enabled", "entsperrt"},
			    {"(none)", "(keiner)"},
			};
			while (*r) {
				size_t i;
				for (i = 0; i < ARRAY_SIZE(words); i++)
					if (!strncmp(r, words[i][0], strlen(words[i][0])))
						break;
				if (i < ARRAY_SIZE(words)) {
					sb_adds(out, words[i][1]);
					r += strlen(words[i][0]);
				} else {
					sb_addch(out, *r++);
				}
			}
			return;
		}
	}
	/* not recognised: as written, dates in the reader's form */
	sb_setlen(out, start);
	add_plain(out, d, strlen(d), lang);
}

void audit_time_text(struct strbuf *out, const char *at, enum lang lang)
{
	/* "2026-11-30T04:25:12Z" -> "30.11.2026 04:25:12 UTC" */
	day_t d;
	char iso[11], buf[11];
	if (lang != LANG_DE || !at || strlen(at) != 20 || at[10] != 'T' || at[19] != 'Z') {
		sb_adds(out, at ? at : "");
		return;
	}
	memcpy(iso, at, 10);
	iso[10] = '\0';
	if (day_parse_iso(iso, &d)) {
		sb_adds(out, at);
		return;
	}
	sb_addf(out, "%s %.8s UTC", day_format_lang(d, lang, buf), at + 11);
}
