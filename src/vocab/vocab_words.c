/*
 * vocab_words.c — the vocabulary itself: for each class its code words with
 * English and German labels (singular, plural) and the synonyms people and
 * exports use.  The labels follow the terminology table of docs/VOCABULARY.md
 * (German as a German reads it: Vertrieb, eingehalten, erledigt,
 * Extrameile, die Treuen, Kritiker).
 *
 * Synonyms are written as people write them; they are compared in normal
 * form, so one entry covers its spellings with and without umlauts, in any
 * case, with hyphens, underscores or spaces ("Extra-Meile" covers
 * "extra meile" and "EXTRAMEILE").  Codes and labels need no synonym entry.
 * Within a class no two words may share a normal form (a unit test checks).
 * The order of the words is their index: it must follow the enums of
 * vocab.h where one exists.
 */
#include "vocab_int.h"

#define SYN(...) ((const char *const[]){__VA_ARGS__, NULL})

static const struct vocab_word kinds[] = {
    [VK_CUSTOMER] = {"customer", "customer", "customers", "Kunde", "Kunden",
                     SYN("client", "clients", "account", "accounts", "Kundenstamm")},
    [VK_ORDER] = {"order", "order", "orders", "Auftrag", "Aufträge",
                  SYN("invoice", "invoices", "Bestellung", "Bestellungen", "Rechnung", "Rechnungen",
                      "Umsatz", "Umsätze")},
    [VK_SURVEY] = {"survey", "survey", "surveys", "Umfrage", "Umfragen",
                   SYN("Befragung", "Befragungen")},
    [VK_DIALOG] = {"dialog", "dialogue", "dialogues", "Kundengespräch", "Kundengespräche",
                   SYN("dialogs", "Dialoge", "Gespräch", "Gespräche")},
    [VK_PROMISE] = {"promise", "promise", "promises", "Zusage", "Zusagen", SYN("Versprechen")},
    [VK_COMPLAINT] = {"complaint", "complaint", "complaints", "Reklamation", "Reklamationen",
                      SYN("Beschwerde", "Beschwerden")},
    [VK_STORY] = {"story", "story", "stories", "Geschichte", "Geschichten", NULL},
    [VK_REFERRAL] = {"referral", "referral", "referrals", "Empfehlung", "Empfehlungen", NULL},
    [VK_DEPARTURE] = {"departure", "departure", "departures", "Abgang", "Abgänge",
                      SYN("churn", "Kündigung", "Kündigungen", "Abwanderung", "Abwanderungen")},
};

static const struct vocab_word touchpoints[] = {
    {"sales", "sales", NULL, "Vertrieb", NULL,
     SYN("sale", "Verkauf", "Außendienst", "Innendienst")},
    {"service", "service", NULL, "Kundendienst", NULL,
     SYN("customer service", "support", "technical service", "Kundenservice", "Technik",
         "Werkstatt")},
    {"billing", "billing", NULL, "Buchhaltung", NULL,
     SYN("accounting", "finance", "invoicing", "Rechnung", "Rechnungswesen", "Abrechnung",
         "Finanzen")},
    {"management", "management", NULL, "Geschäftsleitung", NULL,
     SYN("executive", "Geschäftsführung", "Leitung", "Vorstand", "Inhaber")},
    {"other", "other", NULL, "Sonstiges", NULL, SYN("Sonstige", "andere", "anderes")},
};

static const struct vocab_word promise_statuses[] = {
    [PROMISE_OPEN] = {"open", "open", NULL, "offen", NULL, SYN("pending", "ausstehend")},
    [PROMISE_KEPT] = {"kept", "kept", NULL, "eingehalten", NULL,
                      SYN("done", "fulfilled", "gehalten", "erfüllt", "erledigt")},
    [PROMISE_BROKEN] = {"broken", "broken", NULL, "gebrochen", NULL,
                        SYN("not kept", "missed", "nicht eingehalten", "nicht gehalten",
                            "nicht erfüllt")},
    [PROMISE_RENEGOTIATED] = {"renegotiated", "renegotiated", NULL, "neu verhandelt", NULL,
                              SYN("nachverhandelt", "neu vereinbart")},
};

static const struct vocab_word complaint_statuses[] = {
    [COMPLAINT_OPEN] = {"open", "open", NULL, "offen", NULL,
                        SYN("new", "pending", "in progress", "neu", "in Bearbeitung")},
    [COMPLAINT_RESOLVED] = {"resolved", "resolved", NULL, "erledigt", NULL,
                            SYN("closed", "done", "fixed", "gelöst", "geschlossen", "abgeschlossen",
                                "behoben")},
};

/* SPEC §2's list; on import a reason that matches none is kept as "other"
 * with its wording. */
static const struct vocab_word reasons[] = {
    {"expectations", "expectations not met", NULL, "Erwartungen nicht erfüllt", NULL,
     SYN("expectations", "Erwartungen", "Erwartung nicht erfüllt")},
    {"usability", "cannot cope with the product", NULL, "Bedienprobleme", NULL,
     SYN("hard to use", "Bedienproblem", "Bedienung", "Handhabung")},
    {"defect", "product defect", NULL, "Produktmangel", NULL,
     SYN("defective", "Mangel", "Defekt", "Qualitätsmangel")},
    {"damaged", "product damaged", NULL, "beschädigt", NULL,
     SYN("damage", "Beschädigung", "Transportschaden", "Produkt beschädigt")},
    {"late_delivery", "late delivery", NULL, "Lieferverzug", NULL,
     SYN("delivery late", "delayed delivery", "Lieferverzögerung", "verspätete Lieferung")},
    {"wrong_delivery", "wrong delivery", NULL, "Falschlieferung", NULL,
     SYN("wrong item", "falsche Lieferung", "falscher Artikel")},
    {"billing", "billing error", NULL, "Rechnungsfehler", NULL,
     SYN("invoice error", "wrong invoice", "Abrechnungsfehler", "falsche Rechnung")},
    {"service", "poor service", NULL, "schlechter Service", NULL, SYN("bad service")},
    {"price", "price", NULL, "Preis", NULL, SYN("too expensive", "zu teuer")},
    {"other", "other", NULL, "Sonstiges", NULL, SYN("Sonstige", "andere", "anderes")},
};

static const struct vocab_word story_kinds[] = {
    [STORY_EXTRA_MILE] = {"extra_mile", "extra mile", "extra miles", "Extrameile", "Extrameilen",
                          SYN("extra", "wow", "Extra-Meile", "Zusatzmeile")},
    [STORY_TNT] = {"tnt", "tiny noticeable thing", "tiny noticeable things",
                   "kleine Aufmerksamkeit", "kleine Aufmerksamkeiten",
                   SYN("Kleinigkeit", "Kleinigkeiten", "kleine spürbare Aufmerksamkeit")},
};

/* The model's segments by their keys (model/segments.c), then the states
 * of a customer the model is not measuring. */
static const struct vocab_word segments[] = {
    {"apostle", "apostle", "apostles", "Apostel", "Apostel", NULL},
    {"loyal", "loyal customer", "loyal customers", "Treuer", "die Treuen",
     SYN("treu", "Treue", "Loyale")},
    {"opportunist", "opportunist", "opportunists", "Opportunist", "Opportunisten", NULL},
    {"hostage", "hostage", "hostages", "Geisel", "Geiseln", NULL},
    {"defector", "defector", "defectors", "Abtrünniger", "Abtrünnige", NULL},
    {"terrorist", "terrorist", "terrorists", "Terrorist", "Terroristen", NULL},
    {"unmeasured", "not yet asked", NULL, "noch nicht befragt", NULL,
     SYN("not measured", "not yet measured", "ungemessen", "noch nicht gemessen", "unbefragt")},
    {"prospect", "prospect", "prospects", "Interessent", "Interessenten", NULL},
    {"lapsed", "former customer", "former customers", "ehemaliger Kunde", "ehemalige Kunden",
     SYN("Ehemalige", "ehemalig")},
    {"departed", "departed", NULL, "abgewandert", NULL, SYN("churned")},
};

static const struct vocab_word nps_groups[] = {
    [NPS_PROMOTER] = {"promoter", "promoter", "promoters", "Promotor", "Promotoren",
                      SYN("Promoter")},
    [NPS_PASSIVE] = {"passive", "passive", "passives", "Passiver", "Passive",
                     SYN("neutral", "Neutrale")},
    [NPS_DETRACTOR] = {"detractor", "detractor", "detractors", "Kritiker", "Kritiker",
                       SYN("Detraktor", "Detraktoren")},
};

#define CLASS(name, en_u, de_u, en_v, de_v, t)                                                     \
	{                                                                                          \
		name, en_u, de_u, en_v, de_v, t, (int)ARRAY_SIZE(t)                                \
	}
const struct vocab_class_def vocab_classes[VOCAB__COUNT] = {
    [VOCAB_KIND] = CLASS("kind", "unknown kind of entry", "unbekannte Art von Eintrag",
                         "valid kinds", "gültig sind", kinds),
    [VOCAB_TOUCHPOINT] = CLASS("touchpoint", "unknown touchpoint", "unbekannter Kontaktpunkt",
                               "valid touchpoints", "gültige Kontaktpunkte", touchpoints),
    [VOCAB_PROMISE_STATUS] = CLASS("promise status", "unknown promise status", "unbekannter Status",
                                   "valid", "gültig sind", promise_statuses),
    [VOCAB_COMPLAINT_STATUS] =
        CLASS("complaint status", "unknown complaint status", "unbekannter Status", "valid",
              "gültig sind", complaint_statuses),
    [VOCAB_REASON] = CLASS("complaint reason", "unknown reason", "unbekannter Grund",
                           "valid reasons", "gültige Gründe", reasons),
    [VOCAB_STORY_KIND] =
        CLASS("story kind", "unknown kind of story", "unbekannte Art von Geschichte", "valid kinds",
              "gültig sind", story_kinds),
    [VOCAB_SEGMENT] = CLASS("segment", "unknown segment", "unbekanntes Segment", "valid segments",
                            "gültige Segmente", segments),
    [VOCAB_NPS] = CLASS("NPS group", "unknown NPS group", "unbekannte NPS-Gruppe", "valid groups",
                        "gültige Gruppen", nps_groups),
};
