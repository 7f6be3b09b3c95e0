/*
 * headers.c — what the columns of an import mean: the fields of each kind
 * (required or optional), the header synonyms in English and German, the
 * header normal form they are compared in (the vocabulary's, vocab.h), --map,
 * and the parsers of status, kind, touchpoint and reason cells (thin calls
 * into the vocabulary).
 *
 * Synonyms are written as people write them; they are compared in normal
 * form (header_normalise), so "Kd-Nr.", "KD NR" and "kdnr" are one entry.
 * Within a field's list the more specific names come first: when two columns
 * of one file name the same field ("Kundennummer" and "Kunde"), the one
 * whose synonym comes first wins and the other is named as ignored.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"

#define SYN(...) ((const char *const[]){__VA_ARGS__, NULL})

const struct field_def ingest_fields[F__COUNT] = {
    [F_CUSTOMER_ID] = {"customer_id", FT_ID,
                       SYN("customer_id", "customer id", "customer no", "customer number",
                           "customer nr", "client id", "client no", "client number", "account no",
                           "account number", "account id", "cust id", "Kundennummer", "Kundennr.",
                           "Kunden-Nr.", "Kd-Nr.", "KdNr", "Kunden-ID", "Debitorennummer",
                           "Debitorennr.", "Debitor-Nr.", "Debitor", "Kontonummer", "customer",
                           "client", "account", "Kunde")},
    [F_NAME] = {"name", FT_TEXT,
                SYN("name", "customer name", "company name", "company", "client name",
                    "account name", "Kundenname", "Firmenname", "Firma", "Name 1", "Name1",
                    "Kundenbezeichnung", "Bezeichnung")},
    [F_INDUSTRY] = {"industry", FT_TEXT,
                    SYN("industry", "sector", "vertical", "Branche", "Sektor", "Wirtschaftszweig")},
    [F_REGION] = {"region", FT_TEXT,
                  SYN("region", "area", "territory", "sales region", "Region", "Gebiet",
                      "Verkaufsgebiet", "Vertriebsgebiet", "Bezirk")},
    [F_OWNER] = {"owner", FT_TEXT,
                 SYN("owner", "account manager", "account owner", "sales rep", "responsible",
                     "Kundenbetreuer", "Betreuer", "Außendienst", "Außendienstmitarbeiter",
                     "Vertriebsmitarbeiter", "Verantwortlich", "Verantwortlicher", "Zuständig")},
    [F_ACQUIRED_ON] = {"acquired_on", FT_DATE,
                       SYN("acquired_on", "acquired on", "acquired", "customer since", "since",
                           "won on", "Kunde seit", "Kunde seit dem", "akquiriert am", "gewonnen am",
                           "Erstkontakt")},
    [F_ACQUISITION_COST] = {"acquisition_cost", FT_MONEY,
                            SYN("acquisition_cost", "acquisition cost", "acquisition costs",
                                "cost of acquisition", "cac", "Akquisitionskosten", "Akquisekosten",
                                "Gewinnungskosten", "Kundengewinnungskosten")},
    [F_ORDER_ID] = {"order_id", FT_ID,
                    SYN("order_id", "order id", "order no", "order number", "invoice no",
                        "invoice number", "invoice id", "document no", "document number",
                        "Belegnummer", "Belegnr.", "Beleg-Nr.", "Rechnungsnummer", "Rechnungsnr.",
                        "Rechnungs-Nr.", "Auftragsnummer", "Auftragsnr.", "Auftrags-Nr.",
                        "Bestellnummer", "Bestellnr.", "invoice", "order", "Beleg", "Rechnung",
                        "Auftrag")},
    [F_DATE] = {"date", FT_DATE,
                SYN("order date", "invoice date", "document date", "survey date", "response date",
                    "complaint date", "departure date", "referral date", "lost on", "left on",
                    "Belegdatum", "Rechnungsdatum", "Auftragsdatum", "Bestelldatum", "Umfragedatum",
                    "Gesprächsdatum", "Reklamationsdatum", "Kündigungsdatum", "Abgangsdatum",
                    "Empfehlungsdatum", "date", "Datum", "day")},
    [F_REVENUE] = {"revenue", FT_MONEY,
                   SYN("net revenue", "net amount", "net sales", "revenue", "amount", "net",
                       "sales", "total", "order value", "Umsatz netto", "Nettoumsatz",
                       "Nettobetrag", "Umsatz", "Betrag", "Netto", "Auftragswert", "Warenwert",
                       "Rechnungsbetrag")},
    [F_MARGIN] = {"margin", FT_MONEY,
                  SYN("margin", "gross profit", "gross margin", "contribution margin", "profit",
                      "Deckungsbeitrag", "DB", "DB1", "DB 1", "Rohertrag", "Rohgewinn", "Marge")},
    [F_SATISFACTION] = {"satisfaction", FT_SCORE,
                        SYN("satisfaction", "overall satisfaction", "csat", "Gesamtzufriedenheit",
                            "Zufriedenheit")},
    [F_RECOMMEND] = {"recommend", FT_SCORE,
                     SYN("recommend", "likely to recommend", "likelihood to recommend",
                         "would recommend", "recommendation", "nps", "nps score",
                         "Weiterempfehlung", "Empfehlungsbereitschaft",
                         "Weiterempfehlungsbereitschaft")},
    [F_VALUE] = {"value", FT_SCORE,
                 SYN("value", "perceived value", "value for money", "customer value",
                     "wahrgenommener Nutzen", "Kundennutzen", "Nutzen", "Preis-Leistung")},
    [F_COMMENT] = {"comment", FT_TEXT,
                   SYN("comment", "comments", "remarks", "remark", "feedback", "Kommentar",
                       "Kommentare", "Bemerkung", "Bemerkungen", "Anmerkung", "Anmerkungen",
                       "Freitext")},
    [F_CHANNEL] = {"channel", FT_TEXT,
                   SYN("channel", "medium", "contact channel", "Kanal", "Kontaktkanal",
                       "Kontaktart")},
    [F_TOUCHPOINT] = {"touchpoint", FT_WORD,
                      SYN("touchpoint", "touch point", "contact point", "department",
                          "Kontaktpunkt", "Berührungspunkt", "Abteilung", "Bereich")},
    [F_EMPLOYEE] = {"employee", FT_TEXT,
                    SYN("employee", "staff", "employee name", "by", "Mitarbeiter", "Mitarbeiterin",
                        "Gesprächsführer", "von")},
    [F_SUPPORT] = {"support", FT_TEXT,
                   SYN("support", "how can we support you", "how can we support you best",
                       "Unterstützung", "Wie können wir Sie unterstützen",
                       "Wie können wir Sie am besten unterstützen")},
    [F_IMPROVE] = {"improve", FT_TEXT,
                   SYN("improve", "improvement", "what can we do better", "better", "Verbesserung",
                       "Was können wir besser machen", "besser")},
    [F_NOTES] = {"notes", FT_TEXT,
                 SYN("notes", "note", "minutes", "Notizen", "Notiz", "Protokoll",
                     "Gesprächsnotiz")},
    [F_MADE_ON] = {"made_on", FT_DATE,
                   SYN("made_on", "made on", "promised on", "agreed on", "zugesagt am",
                       "vereinbart am", "versprochen am", "date", "Datum")},
    [F_DUE_ON] = {"due_on", FT_DATE,
                  SYN("due_on", "due on", "due date", "due", "deadline", "fällig am", "fällig",
                      "Fälligkeit", "Termin", "bis")},
    [F_WHAT] = {"what", FT_TEXT,
                SYN("what", "promise", "act", "what we did", "action", "Zusage", "Versprechen",
                    "Was", "Tat", "Maßnahme")},
    [F_STATUS] = {"status", FT_WORD, SYN("status", "state", "Status", "Zustand", "Stand")},
    [F_CLOSED_ON] = {"closed_on", FT_DATE,
                     SYN("closed_on", "closed on", "closed", "kept on", "abgeschlossen am",
                         "erledigt am", "geschlossen am", "eingehalten am")},
    [F_REASON] = {"reason", FT_TEXT,
                  SYN("reason", "cause", "complaint reason", "reason for leaving", "Grund",
                      "Reklamationsgrund", "Kündigungsgrund", "Abgangsgrund", "Ursache")},
    [F_DESCRIPTION] = {"description", FT_TEXT,
                       SYN("description", "details", "detail", "Beschreibung", "Details",
                           "Sachverhalt")},
    [F_RESOLVED_ON] = {"resolved_on", FT_DATE,
                       SYN("resolved_on", "resolved on", "resolved", "closed on", "gelöst am",
                           "erledigt am", "abgeschlossen am", "behoben am")},
    [F_WHY1] = {"why1", FT_TEXT, SYN("why1", "why 1", "1st why", "Warum 1", "Warum1")},
    [F_WHY2] = {"why2", FT_TEXT, SYN("why2", "why 2", "2nd why", "Warum 2", "Warum2")},
    [F_WHY3] = {"why3", FT_TEXT, SYN("why3", "why 3", "3rd why", "Warum 3", "Warum3")},
    [F_WHY4] = {"why4", FT_TEXT, SYN("why4", "why 4", "4th why", "Warum 4", "Warum4")},
    [F_WHY5] = {"why5", FT_TEXT, SYN("why5", "why 5", "5th why", "Warum 5", "Warum5")},
    [F_ROOT_CAUSE] = {"root_cause", FT_TEXT,
                      SYN("root_cause", "root cause", "Grundursache", "Kernursache",
                          "eigentliche Ursache")},
    [F_SITUATION] = {"situation", FT_TEXT,
                     SYN("situation", "what went wrong", "occasion", "Situation", "Anlass",
                         "Was lief schief")},
    [F_OUTCOME] = {"outcome", FT_TEXT,
                   SYN("outcome", "result", "wow", "effect", "Ergebnis", "WOW", "Wirkung")},
    [F_KIND] = {"kind", FT_WORD, SYN("kind", "type", "story type", "Art", "Typ")},
    [F_FROM_CUSTOMER] = {"from_customer", FT_ID,
                         SYN("from_customer", "from customer", "referrer", "referred by",
                             "referring customer", "from", "empfehlender Kunde", "Empfehler",
                             "Empfehlungsgeber", "von Kunde", "von")},
    [F_TO_CUSTOMER] = {"to_customer", FT_ID,
                       SYN("to_customer", "to customer", "referred customer", "referred",
                           "new customer", "to", "empfohlener Kunde", "Neukunde", "an Kunde",
                           "an")},
    [F_COMPETITOR] = {"competitor", FT_TEXT,
                      SYN("competitor", "went to", "new supplier", "Wettbewerber", "Konkurrent",
                          "Mitbewerber", "neuer Lieferant")},
    [F_FOLLOW_UP] = {"follow_up", FT_DATE,
                     SYN("follow_up", "follow up", "follow-up date", "follow up on", "call back on",
                         "next contact", "Wiedervorlage am", "Wiedervorlage", "Wiedervorlagedatum",
                         "nachfassen am", "nächster Kontakt")},
};

/* The fields of each kind: required ones with a 2, optional with a 1.  The
 * words that name a kind ("orders", "Umsätze", ...) are the vocabulary's
 * (VOCAB_KIND), whose order the kinds follow. */
struct kind_def {
	const char *name;
	struct {
		enum field f;
		int required;
	} fields[16];
	int nfields;
};

#define KF(f, r)                                                                                   \
	{                                                                                          \
		f, r                                                                               \
	}
static const struct kind_def kinds[KIND__COUNT] = {
    [KIND_CUSTOMERS] = {"customers",
                        {KF(F_CUSTOMER_ID, 2), KF(F_NAME, 1), KF(F_INDUSTRY, 1), KF(F_REGION, 1),
                         KF(F_OWNER, 1), KF(F_ACQUIRED_ON, 1), KF(F_ACQUISITION_COST, 1)},
                        7},
    [KIND_ORDERS] = {"orders",
                     {KF(F_ORDER_ID, 1), KF(F_CUSTOMER_ID, 2), KF(F_DATE, 2), KF(F_REVENUE, 2),
                      KF(F_MARGIN, 1), KF(F_NAME, 1)},
                     6},

    [KIND_SURVEYS] = {"surveys",
                      {KF(F_CUSTOMER_ID, 2), KF(F_DATE, 2), KF(F_SATISFACTION, 2),
                       KF(F_RECOMMEND, 1), KF(F_VALUE, 1), KF(F_COMMENT, 1)},
                      6},
    [KIND_DIALOGS] = {"dialogs",
                      {KF(F_CUSTOMER_ID, 2), KF(F_DATE, 2), KF(F_CHANNEL, 1), KF(F_TOUCHPOINT, 1),
                       KF(F_EMPLOYEE, 1), KF(F_SUPPORT, 1), KF(F_IMPROVE, 1), KF(F_NOTES, 1),
                       KF(F_FOLLOW_UP, 1)},
                      9},
    [KIND_PROMISES] = {"promises",
                       {KF(F_CUSTOMER_ID, 2), KF(F_MADE_ON, 2), KF(F_DUE_ON, 2), KF(F_WHAT, 2),
                        KF(F_OWNER, 1), KF(F_STATUS, 1), KF(F_CLOSED_ON, 1)},
                       7},
    [KIND_COMPLAINTS] = {"complaints",
                         {KF(F_CUSTOMER_ID, 2), KF(F_DATE, 2), KF(F_REASON, 2),
                          KF(F_DESCRIPTION, 1), KF(F_STATUS, 1), KF(F_RESOLVED_ON, 1),
                          KF(F_WHY1, 1), KF(F_WHY2, 1), KF(F_WHY3, 1), KF(F_WHY4, 1), KF(F_WHY5, 1),
                          KF(F_ROOT_CAUSE, 1), KF(F_OWNER, 1)},
                         13},
    [KIND_STORIES] = {"stories",
                      {KF(F_DATE, 2), KF(F_WHAT, 2), KF(F_CUSTOMER_ID, 1), KF(F_EMPLOYEE, 1),
                       KF(F_SITUATION, 1), KF(F_OUTCOME, 1), KF(F_KIND, 1)},
                      7},
    [KIND_REFERRALS] = {"referrals",
                        {KF(F_FROM_CUSTOMER, 2), KF(F_TO_CUSTOMER, 2), KF(F_DATE, 2)},
                        3},
    [KIND_DEPARTURES] = {"departures",
                         {KF(F_CUSTOMER_ID, 2), KF(F_DATE, 2), KF(F_REASON, 1),
                          KF(F_COMPETITOR, 1)},
                         4},
};

const char *ingest_kind_name(enum ingest_kind k)
{
	return kinds[k].name;
}

void header_normalise(const char *s, struct strbuf *out)
{
	vocab_normalise(s, out);
}

_Static_assert(KIND_CUSTOMERS == (int)VK_CUSTOMER && KIND_ORDERS == (int)VK_ORDER &&
                   KIND_SURVEYS == (int)VK_SURVEY && KIND_DIALOGS == (int)VK_DIALOG &&
                   KIND_PROMISES == (int)VK_PROMISE && KIND_COMPLAINTS == (int)VK_COMPLAINT &&
                   KIND_STORIES == (int)VK_STORY && KIND_REFERRALS == (int)VK_REFERRAL &&
                   KIND_DEPARTURES == (int)VK_DEPARTURE && KIND__COUNT == (int)VK__COUNT,
               "the import kinds follow the vocabulary's kinds");

int ingest_kind_parse(const char *s, enum ingest_kind *out)
{
	int k = vocab_find(VOCAB_KIND, s);
	if (k < 0)
		return -1;
	*out = (enum ingest_kind)k;
	return 0;
}

int kind_field(enum ingest_kind k, enum field f)
{
	for (int i = 0; i < kinds[k].nfields; i++)
		if (kinds[k].fields[i].f == f)
			return kinds[k].fields[i].required;
	return 0;
}

int kind_fields(enum ingest_kind k, enum field *out)
{
	for (int i = 0; i < kinds[k].nfields; i++)
		out[i] = kinds[k].fields[i].f;
	return kinds[k].nfields;
}

int field_by_name(const char *name)
{
	for (int f = 0; f < F__COUNT; f++)
		if (str_eq_nocase(name, ingest_fields[f].name))
			return f;
	return -1;
}

/* The field whose synonyms hold the normal form h, or -1; *rank as below. */
static int lookup(enum ingest_kind k, const char *h, int *rank)
{
	struct strbuf s = STRBUF_INIT;
	int best = -1;
	*rank = 1 << 30;
	for (int i = 0; i < kinds[k].nfields && *h; i++) {
		enum field f = kinds[k].fields[i].f;
		int r = 0;
		for (const char *const *syn = ingest_fields[f].syn; *syn; syn++, r++) {
			header_normalise(*syn, &s);
			if (!strcmp(h, s.buf)) {
				if (r < *rank) {
					best = f;
					*rank = r;
				}
				break;
			}
		}
	}
	sb_release(&s);
	return best;
}

/* A header without what only says the unit: parts in () or [], and a
 * currency at the end ("Betrag (EUR)", "Umsatz in €", "Revenue [USD]"). */
static void header_core(const char *header, struct strbuf *out)
{
	static const char *const units[] = {"eur", "euro", "usd", "chf", "gbp", "\xe2\x82\xac"};
	struct strbuf t = STRBUF_INIT;
	int depth = 0;
	for (const char *p = header; *p; p++) {
		if (*p == '(' || *p == '[')
			depth++;
		else if ((*p == ')' || *p == ']') && depth)
			depth--;
		else if (!depth)
			sb_addch(&t, *p);
	}
	header_normalise(t.buf, out);
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		size_t n = strlen(units[i]);
		if (out->len > n && !strcmp(out->buf + out->len - n, units[i])) {
			sb_setlen(out, out->len - n);
			if (out->len > 2 && !strcmp(out->buf + out->len - 2, "in"))
				sb_setlen(out, out->len - 2);
			break;
		}
	}
	sb_release(&t);
}

int header_field(enum ingest_kind k, const char *header, int *rank)
{
	struct strbuf h = STRBUF_INIT;
	int r, f;
	header_normalise(header, &h);
	f = lookup(k, h.buf, &r);
	if (f < 0) {
		/* only the unit differs: a match, but less exact than any full one */
		header_core(header, &h);
		f = lookup(k, h.buf, &r);
		r += 1000;
	}
	sb_release(&h);
	if (rank)
		*rank = r;
	return f;
}

static void kind_field_list(enum ingest_kind k, struct strbuf *out)
{
	for (int i = 0; i < kinds[k].nfields; i++)
		sb_addf(out, "%s%s", i ? ", " : "", ingest_fields[kinds[k].fields[i].f].name);
}

/* The columns whose header is COL in normal form, or the 1-based column
 * number COL; returns how many were marked in hit[]. */
static int match_columns(const char *col, int ncol, char *const *names, unsigned char *hit)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int n = 0;
	header_normalise(col, &a);
	for (int i = 0; i < ncol; i++) {
		header_normalise(names[i], &b);
		hit[i] = a.len && !strcmp(a.buf, b.buf);
		n += hit[i];
	}
	if (!n && *col && strspn(col, "0123456789") == strlen(col) && strlen(col) < 6) {
		int idx = atoi(col);
		if (idx >= 1 && idx <= ncol) {
			hit[idx - 1] = 1;
			n = 1;
		}
	}
	sb_release(&a);
	sb_release(&b);
	return n;
}

int colmap_build(struct colmap *m, enum ingest_kind k, int ncol, char *const *names,
                 const char *const *maps, int nmaps, struct strbuf *unused_maps, struct err *e)
{
	int rc = -1;
	int *rank = xcalloc((size_t)ncol + 1, sizeof(*rank));
	unsigned char *forced = xcalloc((size_t)ncol + 1, 1);
	unsigned char *hit = xcalloc((size_t)ncol + 1, 1);
	struct strbuf col = STRBUF_INIT, missing = STRBUF_INIT;

	m->ncol = ncol;
	m->col_field = xcalloc((size_t)ncol + 1, sizeof(*m->col_field));
	for (int i = 0; i < ncol; i++)
		m->col_field[i] = COL_UNMAPPED;
	for (int f = 0; f < F__COUNT; f++)
		m->field_col[f] = -1;

	for (int i = 0; i < nmaps; i++) {
		const char *eq = strchr(maps[i], '=');
		if (!eq || eq == maps[i]) {
			err_set(e,
			        L(e->lang,
			          "--map %s: say COLUMN=FIELD (or COLUMN= to ignore the column)",
			          "--map %s: bitte SPALTE=FELD angeben (oder SPALTE=, um die "
			          "Spalte zu übergehen)"),
			        maps[i]);
			goto out;
		}
		sb_reset(&col);
		sb_add(&col, maps[i], (size_t)(eq - maps[i]));
		int f = COL_IGNORED;
		if (eq[1]) {
			f = field_by_name(eq + 1);
			if (f < 0 || !kind_field(k, (enum field)f))
				f = header_field(k, eq + 1, NULL);
			if (f < 0) {
				struct strbuf list = STRBUF_INIT;
				kind_field_list(k, &list);
				err_set(e,
				        L(e->lang,
				          "--map %s: \"%s\" is not a field of %s (fields: %s)",
				          "--map %s: \"%s\" ist kein Feld von %s (Felder: %s)"),
				        maps[i], eq + 1, ingest_kind_name(k), list.buf);
				sb_release(&list);
				goto out;
			}
			if (m->field_col[f] >= 0 && forced[m->field_col[f]]) {
				err_set(e,
				        L(e->lang, "--map: two columns for the field \"%s\"",
				          "--map: zwei Spalten für das Feld \"%s\""),
				        ingest_fields[f].name);
				goto out;
			}
		}
		if (!match_columns(col.buf, ncol, names, hit)) {
			if (unused_maps)
				sb_addf(unused_maps, "%s%s", unused_maps->len ? ", " : "", maps[i]);
			continue;
		}
		for (int c = 0; c < ncol; c++) {
			if (!hit[c])
				continue;
			m->col_field[c] = f;
			forced[c] = 1;
			if (f >= 0) {
				m->field_col[f] = c;
				break; /* one column per field: the first of equal names */
			}
		}
	}

	for (int c = 0; c < ncol; c++) {
		if (forced[c])
			continue;
		int r, f = header_field(k, names[c], &r);
		if (f < 0)
			continue;
		int o = m->field_col[f];
		if (o >= 0 && (forced[o] || rank[o] <= r)) {
			m->col_field[c] = COL_SHADOWED;
			continue;
		}
		if (o >= 0)
			m->col_field[o] = COL_SHADOWED;
		m->col_field[c] = f;
		m->field_col[f] = c;
		rank[c] = r;
	}

	for (int i = 0; i < kinds[k].nfields; i++) {
		enum field f = kinds[k].fields[i].f;
		if (kinds[k].fields[i].required == 2 && m->field_col[f] < 0)
			sb_addf(&missing, "%s%s", missing.len ? ", " : "", ingest_fields[f].name);
	}
	if (missing.len) {
		struct strbuf cols = STRBUF_INIT;
		for (int c = 0; c < ncol; c++)
			sb_addf(&cols, "%s\"%s\"", c ? ", " : "", names[c]);
		err_set(e,
		        L(e->lang,
		          "no column for the required field(s) %s (the columns are %s); name "
		          "one with --map COLUMN=FIELD",
		          "keine Spalte für das/die Pflichtfeld(er) %s (die Spalten sind %s); "
		          "mit --map SPALTE=FELD zuordnen"),
		        missing.buf, cols.buf);
		sb_release(&cols);
		goto out;
	}
	rc = 0;
out:
	free(rank);
	free(forced);
	free(hit);
	sb_release(&col);
	sb_release(&missing);
	return rc;
}

void colmap_release(struct colmap *m)
{
	free(m->col_field);
	m->col_field = NULL;
	m->ncol = 0;
}

/* ---- words ----
 * Status, kind and touchpoint cells are words of the vocabulary (vocab.h),
 * the same words `add` and `edit` accept.  Empty text gives the default. */

static int blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

int promise_status_parse(const char *s, enum promise_status *out)
{
	int i = blank(s) ? PROMISE_OPEN : vocab_find(VOCAB_PROMISE_STATUS, s);
	if (i < 0)
		return -1;
	*out = (enum promise_status)i;
	return 0;
}

int complaint_status_parse(const char *s, enum complaint_status *out)
{
	int i = blank(s) ? COMPLAINT_OPEN : vocab_find(VOCAB_COMPLAINT_STATUS, s);
	if (i < 0)
		return -1;
	*out = (enum complaint_status)i;
	return 0;
}

int story_kind_parse(const char *s, enum story_kind *out)
{
	int i = blank(s) ? STORY_EXTRA_MILE : vocab_find(VOCAB_STORY_KIND, s);
	if (i < 0)
		return -1;
	*out = (enum story_kind)i;
	return 0;
}

const char *touchpoint_parse(const char *s)
{
	return vocab_code(VOCAB_TOUCHPOINT, vocab_find(VOCAB_TOUCHPOINT, s));
}

const char *reason_parse(const char *s)
{
	return vocab_code(VOCAB_REASON, vocab_find(VOCAB_REASON, s));
}
