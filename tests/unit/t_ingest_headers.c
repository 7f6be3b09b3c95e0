/* t_ingest_headers.c — header synonyms (the SPEC's table and more), their
 * normal form, --map, kind names and status words. */
#include "ingest.h"
#include "test.h"

static int hf(enum ingest_kind k, const char *h)
{
	return header_field(k, h, NULL);
}

TEST(headers_normal_form)
{
	struct strbuf sb = STRBUF_INIT;
	header_normalise("Kd-Nr.", &sb);
	CHECK_STR(sb.buf, "kdnr");
	header_normalise("  Fällig am ", &sb);
	CHECK_STR(sb.buf, "faelligam");
	header_normalise("AUSSENDIENST", &sb);
	CHECK_STR(sb.buf, "aussendienst");
	header_normalise("Außendienst", &sb);
	CHECK_STR(sb.buf, "aussendienst");
	header_normalise("Customer_ID", &sb);
	CHECK_STR(sb.buf, "customerid");
	header_normalise("ÜBER", &sb);
	CHECK_STR(sb.buf, "ueber");
	sb_release(&sb);
}

/* Every synonym the SPEC lists, per field. */
TEST(headers_spec_synonyms)
{
	static const struct {
		enum ingest_kind k;
		enum field f;
		const char *names[12];
	} t[] = {
	    {KIND_ORDERS,
	     F_CUSTOMER_ID,
	     {"customer", "customer id", "customer no", "account", "client id", "Kunde",
	      "Kundennummer", "Kundennr.", "Kd-Nr.", "KdNr", "Debitor", "Debitorennummer"}},
	    {KIND_CUSTOMERS,
	     F_NAME,
	     {"name", "company", "customer name", "Name", "Firma", "Kundenname", "Firmenname"}},
	    {KIND_ORDERS,
	     F_ORDER_ID,
	     {"order id", "order no", "invoice", "invoice no", "document no", "Belegnummer",
	      "Belegnr.", "Rechnungsnummer", "Rechnungsnr.", "Auftragsnummer", "Auftragsnr."}},
	    {KIND_ORDERS,
	     F_DATE,
	     {"date", "order date", "invoice date", "Datum", "Belegdatum", "Rechnungsdatum",
	      "Auftragsdatum"}},
	    {KIND_ORDERS,
	     F_REVENUE,
	     {"revenue", "amount", "net", "sales", "total", "Umsatz", "Betrag", "Netto",
	      "Nettobetrag", "Umsatz netto"}},
	    {KIND_ORDERS,
	     F_MARGIN,
	     {"margin", "gross profit", "profit", "Deckungsbeitrag", "DB", "DB1", "Rohertrag",
	      "Marge"}},
	    {KIND_SURVEYS,
	     F_SATISFACTION,
	     {"satisfaction", "csat", "Zufriedenheit", "Gesamtzufriedenheit"}},
	    {KIND_SURVEYS,
	     F_RECOMMEND,
	     {"recommend", "nps", "likely to recommend", "Weiterempfehlung",
	      "Empfehlungsbereitschaft"}},
	    {KIND_SURVEYS,
	     F_VALUE,
	     {"value", "perceived value", "Nutzen", "wahrgenommener Nutzen", "Kundennutzen"}},
	    {KIND_SURVEYS,
	     F_COMMENT,
	     {"comment", "remarks", "Kommentar", "Bemerkung", "Anmerkung"}},
	    {KIND_REFERRALS,
	     F_FROM_CUSTOMER,
	     {"referrer", "referred by", "empfehlender Kunde", "Empfehler"}},
	    {KIND_REFERRALS,
	     F_TO_CUSTOMER,
	     {"referred", "new customer", "empfohlener Kunde", "Neukunde"}},
	    {KIND_COMPLAINTS,
	     F_REASON,
	     {"reason", "cause", "Grund", "Ursache", "Reklamationsgrund"}},
	    {KIND_COMPLAINTS, F_STATUS, {"status", "state", "Status"}},
	    {KIND_COMPLAINTS,
	     F_RESOLVED_ON,
	     {"resolved on", "closed on", "erledigt am", "gelöst am", "abgeschlossen am"}},
	    {KIND_PROMISES, F_CLOSED_ON, {"closed on", "erledigt am", "abgeschlossen am"}},
	    {KIND_PROMISES, F_DUE_ON, {"due", "due on", "fällig", "fällig am", "faellig am"}},
	    {KIND_PROMISES, F_MADE_ON, {"made on", "promised on", "zugesagt am", "vereinbart am"}},
	    {KIND_CUSTOMERS, F_INDUSTRY, {"industry", "Branche"}},
	    {KIND_CUSTOMERS, F_REGION, {"region", "Region", "Gebiet"}},
	    {KIND_CUSTOMERS,
	     F_OWNER,
	     {"owner", "account manager", "Betreuer", "Kundenbetreuer", "Außendienst",
	      "Aussendienst"}},
	    {KIND_CUSTOMERS, F_ACQUISITION_COST, {"acquisition cost", "Akquisitionskosten"}},
	    {KIND_CUSTOMERS, F_ACQUIRED_ON, {"acquired on", "Kunde seit"}},
	    {KIND_DIALOGS, F_CHANNEL, {"channel", "Kanal"}},
	    {KIND_DIALOGS, F_TOUCHPOINT, {"touchpoint", "Kontaktpunkt"}},
	    {KIND_DIALOGS, F_EMPLOYEE, {"employee", "Mitarbeiter"}},
	    {KIND_DIALOGS, F_SUPPORT, {"support", "Unterstützung"}},
	    {KIND_DIALOGS, F_IMPROVE, {"improve", "Verbesserung"}},
	    {KIND_DIALOGS, F_NOTES, {"notes", "Notizen"}},
	    {KIND_PROMISES, F_WHAT, {"what", "Was", "Zusage"}},
	    {KIND_STORIES, F_SITUATION, {"situation", "Situation"}},
	    {KIND_STORIES, F_OUTCOME, {"outcome", "Ergebnis", "WOW"}},
	    {KIND_STORIES, F_KIND, {"kind", "Art"}},
	    {KIND_DEPARTURES, F_COMPETITOR, {"competitor", "Wettbewerber"}},
	    {KIND_COMPLAINTS, F_DESCRIPTION, {"description", "Beschreibung"}},
	    {KIND_COMPLAINTS, F_WHY1, {"why1", "why 1", "Warum 1"}},
	    {KIND_COMPLAINTS, F_WHY5, {"why5", "Why 5", "Warum 5"}},
	    {KIND_COMPLAINTS, F_ROOT_CAUSE, {"root cause", "Grundursache"}},
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		for (int j = 0; j < 12 && t[i].names[j]; j++) {
			int f = hf(t[i].k, t[i].names[j]);
			if (f != (int)t[i].f)
				test_fail(__FILE__, __LINE__, "\"%s\" maps to %d, expected %s",
				          t[i].names[j], f, ingest_fields[t[i].f].name);
		}
	/* case, space and punctuation do not matter */
	CHECK_INT(hf(KIND_ORDERS, "KUNDEN-NR"), F_CUSTOMER_ID);
	CHECK_INT(hf(KIND_ORDERS, "customer_no."), F_CUSTOMER_ID);
	CHECK_INT(hf(KIND_ORDERS, "Umsatz (netto)"), F_REVENUE);
	/* units in brackets or at the end do not matter */
	CHECK_INT(hf(KIND_ORDERS, "Betrag (EUR)"), F_REVENUE);
	CHECK_INT(hf(KIND_ORDERS, "Umsatz in €"), F_REVENUE);
	CHECK_INT(hf(KIND_ORDERS, "Revenue [USD]"), F_REVENUE);
	CHECK_INT(hf(KIND_ORDERS, "Deckungsbeitrag EUR"), F_MARGIN);
	CHECK_INT(hf(KIND_ORDERS, "Belegdatum (TT.MM.JJJJ)"), F_DATE);
	CHECK_INT(hf(KIND_CUSTOMERS, "Akquisitionskosten in EUR"), F_ACQUISITION_COST);
	/* a field of another kind does not map */
	CHECK_INT(hf(KIND_ORDERS, "satisfaction"), -1);
	CHECK_INT(hf(KIND_ORDERS, "cds"), -1);
	CHECK_INT(hf(KIND_ORDERS, ""), -1);
}

TEST(headers_kind_names)
{
	enum ingest_kind k;
	CHECK(ingest_kind_parse("orders", &k) == 0 && k == KIND_ORDERS);
	CHECK(ingest_kind_parse("Aufträge", &k) == 0 && k == KIND_ORDERS);
	CHECK(ingest_kind_parse("auftraege", &k) == 0 && k == KIND_ORDERS);
	CHECK(ingest_kind_parse("kunden", &k) == 0 && k == KIND_CUSTOMERS);
	CHECK(ingest_kind_parse("umfragen", &k) == 0 && k == KIND_SURVEYS);
	CHECK(ingest_kind_parse("dialoge", &k) == 0 && k == KIND_DIALOGS);
	CHECK(ingest_kind_parse("versprechen", &k) == 0 && k == KIND_PROMISES);
	CHECK(ingest_kind_parse("reklamationen", &k) == 0 && k == KIND_COMPLAINTS);
	CHECK(ingest_kind_parse("geschichten", &k) == 0 && k == KIND_STORIES);
	CHECK(ingest_kind_parse("empfehlungen", &k) == 0 && k == KIND_REFERRALS);
	CHECK(ingest_kind_parse("abgaenge", &k) == 0 && k == KIND_DEPARTURES);
	CHECK(ingest_kind_parse("Abgänge", &k) == 0 && k == KIND_DEPARTURES);
	CHECK(ingest_kind_parse("story", &k) == 0 && k == KIND_STORIES);
	CHECK(ingest_kind_parse("bananas", &k) < 0);
	CHECK(ingest_kind_parse("", &k) < 0);
	for (int i = 0; i < KIND__COUNT; i++) {
		CHECK(ingest_kind_parse(ingest_kind_name((enum ingest_kind)i), &k) == 0 &&
		      (int)k == i);
		CHECK(ingest_kind_parse(vocab_label(VOCAB_KIND, i, LANG_DE, VOCAB_MANY), &k) == 0 &&
		      (int)k == i);
	}
}

TEST(headers_colmap)
{
	char *cols[] = {"masterid", "sampleid", "date", "cds", "sales"};
	const char *maps[] = {"sampleid=customer_id", "masterid="};
	struct colmap m;
	struct err e = {0};
	struct strbuf unused = STRBUF_INIT;
	err_clear(&e);
	/* without --map the customer is missing */
	CHECK(colmap_build(&m, KIND_ORDERS, 5, cols, NULL, 0, NULL, &e) < 0);
	CHECK(strstr(e.msg, "customer_id") && strstr(e.msg, "--map"));
	colmap_release(&m);
	CHECK(colmap_build(&m, KIND_ORDERS, 5, cols, maps, 2, &unused, &e) == 0);
	CHECK_INT(m.col_field[0], COL_IGNORED);
	CHECK_INT(m.col_field[1], F_CUSTOMER_ID);
	CHECK_INT(m.col_field[2], F_DATE);
	CHECK_INT(m.col_field[3], COL_UNMAPPED);
	CHECK_INT(m.col_field[4], F_REVENUE);
	CHECK_INT(m.field_col[F_REVENUE], 4);
	CHECK_INT(m.field_col[F_MARGIN], -1);
	CHECK_STR(unused.buf, "");
	colmap_release(&m);
	sb_release(&unused);
}

TEST(headers_colmap_more_exact_wins)
{
	/* "Kunde" holds the name here; "Kundennummer" is more exact for the id */
	char *cols[] = {"Kunde", "Kundennummer", "Belegdatum", "Umsatz", "Datum"};
	struct colmap m;
	struct err e = {0};
	CHECK(colmap_build(&m, KIND_ORDERS, 5, cols, NULL, 0, NULL, &e) == 0);
	CHECK_INT(m.col_field[0], COL_SHADOWED);
	CHECK_INT(m.col_field[1], F_CUSTOMER_ID);
	CHECK_INT(m.col_field[2], F_DATE); /* "Belegdatum" is more exact than "Datum" */
	CHECK_INT(m.col_field[4], COL_SHADOWED);
	colmap_release(&m);
	/* --map decides, by name in normal form or by column number */
	const char *maps[] = {"KUNDE=customer_id", "3=date", "5="};
	CHECK(colmap_build(&m, KIND_ORDERS, 5, cols, maps, 3, NULL, &e) == 0);
	CHECK_INT(m.col_field[0], F_CUSTOMER_ID);
	CHECK_INT(m.col_field[1], COL_SHADOWED);
	CHECK_INT(m.col_field[2], F_DATE);
	CHECK_INT(m.col_field[4], COL_IGNORED);
	colmap_release(&m);
}

TEST(headers_colmap_errors)
{
	char *cols[] = {"a", "b"};
	struct colmap m;
	struct err e = {0};
	struct strbuf unused = STRBUF_INIT;
	const char *bad_field[] = {"a=nonsense"};
	CHECK(colmap_build(&m, KIND_ORDERS, 2, cols, bad_field, 1, NULL, &e) < 0);
	CHECK(strstr(e.msg, "is not a field of orders") && strstr(e.msg, "revenue"));
	colmap_release(&m);
	const char *no_eq[] = {"a"};
	CHECK(colmap_build(&m, KIND_ORDERS, 2, cols, no_eq, 1, NULL, &e) < 0);
	colmap_release(&m);
	const char *maps[] = {"a=customer", "b=Datum", "zz=revenue"};
	/* a synonym as FIELD works; an absent column is reported back */
	CHECK(colmap_build(&m, KIND_ORDERS, 2, cols, maps, 3, &unused, &e) < 0);
	CHECK(strstr(e.msg, "revenue") != NULL);
	CHECK_STR(unused.buf, "zz=revenue");
	CHECK_INT(m.col_field[0], F_CUSTOMER_ID);
	CHECK_INT(m.col_field[1], F_DATE);
	colmap_release(&m);
	sb_release(&unused);
}

TEST(headers_status_words)
{
	enum promise_status p;
	enum complaint_status c;
	enum story_kind k;
	static const struct {
		const char *w;
		enum promise_status s;
	} pw[] = {
	    {"open", PROMISE_OPEN},
	    {"offen", PROMISE_OPEN},
	    {"", PROMISE_OPEN},
	    {"kept", PROMISE_KEPT},
	    {"gehalten", PROMISE_KEPT},
	    {"Eingehalten", PROMISE_KEPT},
	    {"erledigt", PROMISE_KEPT},
	    {"broken", PROMISE_BROKEN},
	    {"gebrochen", PROMISE_BROKEN},
	    {"nicht eingehalten", PROMISE_BROKEN},
	    {"renegotiated", PROMISE_RENEGOTIATED},
	    {"neu verhandelt", PROMISE_RENEGOTIATED},
	};
	for (size_t i = 0; i < ARRAY_SIZE(pw); i++)
		if (promise_status_parse(pw[i].w, &p) || p != pw[i].s)
			test_fail(__FILE__, __LINE__, "promise status \"%s\"", pw[i].w);
	CHECK(promise_status_parse("maybe", &p) < 0);
	CHECK(complaint_status_parse("offen", &c) == 0 && c == COMPLAINT_OPEN);
	CHECK(complaint_status_parse("erledigt", &c) == 0 && c == COMPLAINT_RESOLVED);
	CHECK(complaint_status_parse("GELÖST", &c) == 0 && c == COMPLAINT_RESOLVED);
	CHECK(complaint_status_parse("gelöst", &c) == 0 && c == COMPLAINT_RESOLVED);
	CHECK(complaint_status_parse("resolved", &c) == 0 && c == COMPLAINT_RESOLVED);
	CHECK(complaint_status_parse("kept", &c) < 0);
	CHECK(story_kind_parse("Extra-Meile", &k) == 0 && k == STORY_EXTRA_MILE);
	CHECK(story_kind_parse("extra_mile", &k) == 0 && k == STORY_EXTRA_MILE);
	CHECK(story_kind_parse("TNT", &k) == 0 && k == STORY_TNT);
	CHECK(story_kind_parse("Kleinigkeit", &k) == 0 && k == STORY_TNT);
	CHECK(story_kind_parse("", &k) == 0 && k == STORY_EXTRA_MILE);
	CHECK(story_kind_parse("saga", &k) < 0);
	CHECK_STR(touchpoint_parse("Vertrieb"), "sales");
	CHECK_STR(touchpoint_parse("Buchhaltung"), "billing");
	CHECK_STR(touchpoint_parse("Geschäftsführung"), "management");
	CHECK_STR(touchpoint_parse("service"), "service");
	CHECK(touchpoint_parse("Kantine") == NULL);
}
