/*
 * fields.c — the names of data fields for people: the import's fields
 * (customer_id, acquired_on, due_on...) and the options of `add` and
 * `edit` that set them (due, made-on, root-cause...), in German as a
 * German reads them (Kundennummer, Kunde seit, fällig am, Ursache).
 * English shows the field's name as it is typed.  Used where a message
 * names fields: edit messages, the import's dry run, the audit trail.
 */
#include <string.h>

#include "report.h"

static const struct {
	const char *name, *kind, *de; /* kind NULL: any kind; else the kind or its plural */
} labels[] = {
    {"customer_id", NULL, "Kundennummer"},
    {"id", NULL, "Kundennummer"},
    {"customer", NULL, "Kunde"},
    {"name", NULL, "Name"},
    {"industry", NULL, "Branche"},
    {"region", NULL, "Region"},
    {"owner", "promise", "Verantwortlicher"},
    {"owner", NULL, "Betreuer"},
    {"acquired_on", NULL, "Kunde seit"},
    {"acquisition_cost", NULL, "Akquisitionskosten"},
    {"order_id", NULL, "Belegnummer"},
    {"order", NULL, "Auftrag"},
    {"date", NULL, "Datum"},
    {"revenue", NULL, "Umsatz"},
    {"margin", NULL, "Deckungsbeitrag"},
    {"satisfaction", NULL, "Zufriedenheit"},
    {"recommend", NULL, "Weiterempfehlung"},
    {"value", NULL, "wahrgenommener Nutzen"},
    {"comment", NULL, "Kommentar"},
    {"channel", NULL, "Kanal"},
    {"touchpoint", NULL, "Kontaktpunkt"},
    {"employee", NULL, "Mitarbeiter"},
    {"support", NULL, "Unterstützung"},
    {"improve", NULL, "besser machen"},
    {"notes", NULL, "Notizen"},
    {"made_on", NULL, "zugesagt am"},
    {"due_on", NULL, "fällig am"},
    {"due", NULL, "fällig am"},
    {"what", "story", "Tat"},
    {"what", NULL, "Zusage"},
    {"status", NULL, "Status"},
    {"closed_on", NULL, "abgeschlossen am"},
    {"reason", NULL, "Grund"},
    {"reason_text", NULL, "Wortlaut"},
    {"description", NULL, "Beschreibung"},
    {"resolved_on", NULL, "erledigt am"},
    {"why", NULL, "Warum"},
    {"why1", NULL, "Warum 1"},
    {"why2", NULL, "Warum 2"},
    {"why3", NULL, "Warum 3"},
    {"why4", NULL, "Warum 4"},
    {"why5", NULL, "Warum 5"},
    {"root_cause", NULL, "Ursache"},
    {"situation", NULL, "Situation"},
    {"outcome", NULL, "WOW"},
    {"kind", NULL, "Art"},
    {"from", NULL, "empfehlender Kunde"},
    {"from_customer", NULL, "empfehlender Kunde"},
    {"to", NULL, "empfohlener Kunde"},
    {"to_customer", NULL, "empfohlener Kunde"},
    {"competitor", NULL, "Wettbewerber"},
    {"texts", NULL, "Texte"},
};

const char *field_label(const char *name, const char *kind, enum lang lang)
{
	char n[32];
	size_t k;
	if (!name || lang != LANG_DE || strlen(name) >= sizeof(n))
		return name;
	/* option names write - where field names write _ */
	for (k = 0; name[k]; k++)
		n[k] = name[k] == '-' ? '_' : name[k];
	n[k] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
		if (!strcmp(labels[i].name, n) &&
		    (!labels[i].kind ||
		     (kind && !strncmp(labels[i].kind, kind, strlen(labels[i].kind)))))
			return labels[i].de;
	return name;
}

void field_labels(struct strbuf *out, const char *names, const char *kind, enum lang lang)
{
	/* "due, owner" -> "fällig am, Verantwortlicher" */
	const char *p = names;
	while (p && *p) {
		size_t n = strcspn(p, ",");
		char name[32];
		while (*p == ' ')
			p++, n--;
		if (n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			sb_adds(out, field_label(name, kind, lang));
		} else {
			sb_add(out, p, n);
		}
		p += n;
		if (*p == ',') {
			sb_adds(out, ", ");
			p++;
		}
	}
}
