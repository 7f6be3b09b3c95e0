/*
 * api.c — the JSON API's front door (/api/v1/): its route table, with
 * every query parameter declared with its validator and cap (the OpenAPI
 * description is generated from the same table), authentication
 * (`Authorization: Bearer` tokens, or a login session with its CSRF token
 * in X-CSRF-Token for writes), the role and scope checks, the query and
 * body checks (unknown parameters are refused), and JSON errors
 * {"status", "message", "field", "value", "line"}.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"

/* ---- the parameters of the routes ---- */
#define P_ASOF                                                                                     \
	{                                                                                          \
		"as_of", AP_DATE, 0, 0, NULL, 0, 0,                                                \
		    "the reference date D (default: the day after the "                            \
		    "latest order dated by today)",                                                \
		    "der Stichtag D (Vorgabe: der Tag nach dem letzten Auftrag bis heute)"         \
	}
#define P_LANG                                                                                     \
	{                                                                                          \
		"lang", AP_ENUM, 0, 0, langs, 0, 0,                                                \
		    "the language of texts (default: the user's, else "                            \
		    "Accept-Language)",                                                            \
		    "die Sprache der Texte (Vorgabe: die des Benutzers, sonst Accept-Language)"    \
	}
#define P_SET                                                                                      \
	{                                                                                          \
		"set", AP_KEYVAL, 0, 200, NULL, 0, 1,                                              \
		    "a model setting for this request, KEY=VALUE "                                 \
		    "(repeatable)",                                                                \
		    "eine Modelleinstellung für diese Anfrage, SCHLÜSSEL=WERT (wiederholbar)"    \
	}
#define P_END                                                                                      \
	{                                                                                          \
		NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL                                              \
	}

static const char *const langs[] = {"en", "de", NULL};
static const char *const models[] = {"bgnbd", "mbgnbd", NULL};
const char *const api_list_kinds[] = {"dialogs",   "promises",   "complaints", "stories",
                                      "referrals", "departures", "surveys",    NULL};

static const struct api_param q_none[] = {P_LANG, P_END};
static const struct api_param q_report[] = {P_ASOF,
                                            P_LANG,
                                            P_SET,
                                            {"leavers", AP_INT, 0, 1000000, NULL, 0, 0,
                                             "silent leavers listed (default 100; 0: all)",
                                             "gelistete stille Abwanderer (Vorgabe 100; 0: alle)"},
                                            P_END};
#define P_FILTERS                                                                                  \
	{"owner",                                                                                  \
	 AP_TEXT,                                                                                  \
	 1,                                                                                        \
	 200,                                                                                      \
	 NULL,                                                                                     \
	 0,                                                                                        \
	 0,                                                                                        \
	 "only customers of this account manager (a start "                                        \
	 "of the name)",                                                                           \
	 "nur Kunden dieses Betreuers (ein Namensanfang)"},                                        \
	    {"region",                                                                             \
	     AP_TEXT,                                                                              \
	     1,                                                                                    \
	     200,                                                                                  \
	     NULL,                                                                                 \
	     0,                                                                                    \
	     0,                                                                                    \
	     "only this region (a start of it)",                                                   \
	     "nur diese Region (ein Anfang davon)"},                                               \
	    {"industry", AP_TEXT, 1, 200, NULL, 0, 0, "only this industry", "nur diese Branche"},  \
	{                                                                                          \
		"segment", AP_TEXT, 1, 64, NULL, 0, 0,                                             \
		    "only this segment (apostle, loyal, ..., also "                                \
		    "German)",                                                                     \
		    "nur dieses Segment (Apostel, Treue, ..., auch englisch)"                      \
	}

static const struct api_param q_segments[] = {P_ASOF, P_LANG, P_SET, P_FILTERS, P_END};
static const struct api_param q_agenda[] = {
    P_ASOF,
    P_LANG,
    P_SET,
    P_FILTERS,
    {"days", AP_INT, 0, 3650, NULL, 0, 0, "promises and follow-ups due within N days (7)",
     "Zusagen und Wiedervorlagen fällig in N Tagen (7)"},
    {"per_priority", AP_INT, 1, 1000, NULL, 0, 0,
     "customers of each priority (default: setting agenda_per_priority)",
     "Kunden je Priorität (Vorgabe: Einstellung agenda_per_priority)"},
    {"quiet", AP_INT, 0, 100000000, NULL, 0, 0, "customers nobody spoke to, per person (0: all)",
     "Kunden, mit denen niemand sprach, je Person (0: alle)"},
    P_END};
static const struct api_param q_actions[] = {
    P_ASOF,
    P_LANG,
    P_SET,
    P_FILTERS,
    {"priority", AP_INT, 1, 6, NULL, 0, 0, "only this priority", "nur Priorität"},
    {"limit", AP_INT, 1, 1000000, NULL, 0, 0, "at most so many rows", "höchstens so viele Zeilen"},
    P_END};
static const struct api_param q_customer[] = {P_ASOF,
                                              P_LANG,
                                              P_SET,
                                              {"timeline", AP_INT, 1, 100000, NULL, 0, 0,
                                               "only the latest N timeline entries",
                                               "nur die letzten N Einträge der Zeitleiste"},
                                              P_END};
static const struct api_param q_movement[] = {
    P_ASOF,
    P_LANG,
    P_SET,
    {"from", AP_DATE, 0, 0, NULL, 0, 0, "the earlier date (default D - 90)",
     "der frühere Stichtag (Vorgabe D - 90)"},
    {"to", AP_DATE, 0, 0, NULL, 0, 0, "the later date (default D)",
     "der spätere Stichtag (Vorgabe D)"},
    P_END};
static const struct api_param q_whatif[] = {P_ASOF,
                                            P_LANG,
                                            P_SET,
                                            {"retention", AP_NUM, -100, 100, NULL, 0, 0,
                                             "retention points to add (default 5)",
                                             "Prozentpunkte Kundenbindung mehr (Vorgabe 5)"},
                                            P_END};
static const struct api_param q_fit[] = {
    P_ASOF,
    P_LANG,
    P_SET,
    {"model", AP_ENUM, 0, 0, models, 0, 0, "the purchase model (default bgnbd)",
     "das Kaufmodell (Vorgabe bgnbd)"},
    {"holdout_weeks", AP_INT, 1, 520, NULL, 0, 0, "check against the N weeks after D",
     "Prüfung gegen die N Wochen nach D"},
    P_END};
static const struct api_param q_feedback[] = {
    P_ASOF,
    P_LANG,
    {"since", AP_DATE, 0, 0, NULL, 0, 0, "the period starts here (default D - window)",
     "der Zeitraum beginnt hier (Vorgabe D - window)"},
    {"answers", AP_INT, 0, 1000, NULL, 0, 0, "latest answers per touchpoint and question (3)",
     "letzte Antworten je Kontaktpunkt und Frage (3)"},
    {"words", AP_INT, 0, 1000, NULL, 0, 0, "recurring words per question (10)",
     "wiederkehrende Wörter je Frage (10)"},
    P_END};
static const struct api_param q_stories[] = {
    P_ASOF,
    P_LANG,
    {"weeks", AP_INT, 1, 520, NULL, 0, 0, "ISO weeks shown (12)", "gezeigte Kalenderwochen (12)"},
    {"latest", AP_INT, 0, 1000, NULL, 0, 0, "latest stories told in full (5)",
     "neueste Geschichten, ganz erzählt (5)"},
    P_END};
static const struct api_param q_promises[] = {
    P_ASOF,
    P_LANG,
    {"within", AP_DAYS, 0, 3660, NULL, 0, 0, "due soon: within so many days (14d)",
     "bald fällig: in so vielen Tagen (14d)"},
    {"since", AP_DATE, 0, 0, NULL, 0, 0, "rates over promises due from this date",
     "Quoten über die ab diesem Datum fälligen Zusagen"},
    P_END};
static const struct api_param q_cadence[] = {
    P_ASOF,
    P_LANG,
    {"days", AP_INT, 0, 36500, NULL, 0, 0, "silent: no dialogue for more than N days",
     "still: seit mehr als N Tagen kein Kundengespräch"},
    {"limit", AP_INT, 0, 100000000, NULL, 0, 0, "at most N customers per segment (0: all)",
     "höchstens N Kunden je Segment (0: alle)"},
    P_END};
static const struct api_param q_list[] = {
    P_LANG,
    {"customer", AP_TEXT, 1, 256, NULL, 0, 0, "entries of one customer (id or name start)",
     "Einträge eines Kunden (Nummer oder Namensanfang)"},
    {"open", AP_BOOL, 0, 0, NULL, 0, 0, "open promises and complaints only",
     "nur offene Zusagen und Reklamationen"},
    {"due_within", AP_DAYS, 0, 3660, NULL, 0, 0, "open promises due within so many days",
     "offene Zusagen, fällig in so vielen Tagen"},
    {"overdue", AP_BOOL, 0, 0, NULL, 0, 0, "promises overdue at D (due before D, open at D)",
     "Zusagen, die an D überfällig sind (fällig vor D, an D offen)"},
    {"week", AP_TEXT, 8, 8, NULL, 0, 0, "entries of one ISO week (2026-W47)",
     "Einträge einer Kalenderwoche (2026-W47)"},
    {"since", AP_DATE, 0, 0, NULL, 0, 0, "entries dated on or after", "Einträge ab"},
    {"employee", AP_TEXT, 1, 200, NULL, 0, 0, "dialogues and stories of an employee",
     "Kundengespräche und Geschichten eines Mitarbeiters"},
    {"owner", AP_TEXT, 1, 200, NULL, 0, 0,
     "entries of an account manager's customers; promises, complaints: who holds them",
     "Einträge der Kunden eines Betreuers; Zusagen, Reklamationen: wer sie verantwortet"},
    {"region", AP_TEXT, 1, 200, NULL, 0, 0, "entries of customers in this region",
     "Einträge von Kunden dieser Region"},
    {"industry", AP_TEXT, 1, 200, NULL, 0, 0, "entries of customers in this industry",
     "Einträge von Kunden dieser Branche"},
    {"segment", AP_TEXT, 1, 64, NULL, 0, 0, "entries of customers in this segment",
     "Einträge von Kunden dieses Segments"},
    {"limit", AP_INT, 1, 1000, NULL, 0, 0, "entries per page (100)", "Einträge je Seite (100)"},
    {"cursor", AP_CURSOR, 0, 64, NULL, 0, 0, "the next page: next_cursor of the previous one",
     "die nächste Seite: next_cursor der vorigen"},
    P_END};
static const struct api_param q_import[] = {
    P_LANG,
    {"dry_run", AP_BOOL, 0, 0, NULL, 0, 0, "check everything, write nothing",
     "alles prüfen, nichts schreiben"},
    {"map", AP_KEYVAL, 0, 400, NULL, 0, 1, "COLUMN=FIELD (repeatable; COLUMN= ignores it)",
     "SPALTE=FELD (wiederholbar; SPALTE= übergeht sie)"},
    {"scale", AP_TEXT, 1, 100, NULL, 0, 1, "surveys: the answers' scale (1-5)",
     "Umfragen: die Skala der Antworten (1-5)"},
    {"date_order", AP_ENUM, 0, 0, (const char *const[]){"dmy", "mdy", NULL}, 0, 0,
     "slash dates are day/month (dmy) or month/day (mdy)",
     "Daten mit Schrägstrich sind Tag/Monat (dmy) oder Monat/Tag (mdy)"},
    {"encoding", AP_ENUM, 0, 0, (const char *const[]){"utf-8", "windows-1252", NULL}, 0, 0,
     "the body's encoding (default: detected)", "die Kodierung (Vorgabe: erkannt)"},
    {"sheet", AP_TEXT, 1, 200, NULL, 0, 0, "a workbook's sheet by name (default: the first)",
     "das Blatt einer Arbeitsmappe (Vorgabe: das erste)"},
    P_END};

/* ---- the routes ---- */
#define ADD(kind, jk, ik)                                                                          \
	{WM_POST,     "/" kind,                                                                    \
	 api_add,     SCOPE_WRITE,                                                                 \
	 ROLE_MEMBER, AR_JSON | AR_KIND,                                                           \
	 q_none,      jk,                                                                          \
	 ik,          "Record a new entry (the import's fields as keys)",                          \
	 "Created",   "journal"},                                                                  \
	{                                                                                          \
		WM_POST, "/" kind "/{id}", api_edit, SCOPE_WRITE, ROLE_MEMBER, AR_JSON | AR_KIND,  \
		    q_none, jk, ik, "Change an entry (the fields given; \"\" clears a text)",      \
		    "Changed", "journal"                                                           \
	}
#define DEL(kind, jk)                                                                              \
	{                                                                                          \
		WM_POST, "/" kind "/{id}/delete", api_delete, SCOPE_WRITE, ROLE_MANAGER, AR_KIND,  \
		    q_none, jk, -1, "Delete an entry", "Changed", "journal"                        \
	}
#define IMP(kind, ik)                                                                              \
	{                                                                                          \
		WM_POST, "/import/" kind, api_import, SCOPE_IMPORT, ROLE_ADMIN, AR_CSV | AR_KIND,  \
		    q_import, -1, ik, "Import a CSV file or a workbook, all or nothing", "Import", \
		    "import"                                                                       \
	}

const struct api_route api_routes[] = {
    {WM_GET, "/openapi.json", api_openapi, SCOPE_NONE, ROLE_NONE, AR_PUBLIC, q_none, -1, -1,
     "This description", "", "meta"},
    {WM_GET, "/me", api_me, SCOPE_READ, ROLE_VIEWER, 0, q_none, -1, -1,
     "Who is asking: user, role, scope", "Me", "meta"},
    {WM_GET, "/report", api_report, SCOPE_READ, ROLE_VIEWER, 0, q_report, -1, -1,
     "The loyalty report (treue report)", "Report", "model"},
    {WM_GET, "/segments", api_segments, SCOPE_READ, ROLE_VIEWER, 0, q_segments, -1, -1,
     "Every active customer and its segment (treue segments)", "Segments", "model"},
    {WM_GET, "/actions", api_actions, SCOPE_READ, ROLE_VIEWER, 0, q_actions, -1, -1,
     "The action list (treue actions)", "Actions", "model"},
    {WM_GET, "/agenda", api_agenda, SCOPE_READ, ROLE_VIEWER, 0, q_agenda, -1, -1,
     "An account manager's week (treue agenda)", "Agenda", "model"},
    {WM_GET, "/customers/{id}", api_customer, SCOPE_READ, ROLE_VIEWER, 0, q_customer, -1, -1,
     "The customer card (treue customer)", "Customer", "model"},
    {WM_GET, "/movement", api_movement, SCOPE_READ, ROLE_VIEWER, 0, q_movement, -1, -1,
     "Segment movement between two dates (treue movement)", "Movement", "model"},
    {WM_GET, "/whatif", api_whatif, SCOPE_READ, ROLE_VIEWER, 0, q_whatif, -1, -1,
     "What more retention is worth (treue whatif)", "Whatif", "model"},
    {WM_GET, "/fit", api_fit, SCOPE_READ, ROLE_VIEWER, 0, q_fit, -1, -1,
     "The purchase model's fit (treue fit)", "Fit", "model"},
    {WM_GET, "/reports/feedback", api_rep_feedback, SCOPE_READ, ROLE_VIEWER, 0, q_feedback, -1, -1,
     "The feedback digest (treue report feedback)", "Feedback", "journal reports"},
    {WM_GET, "/reports/stories", api_rep_stories, SCOPE_READ, ROLE_VIEWER, 0, q_stories, -1, -1,
     "The stories journal (treue report stories)", "Stories", "journal reports"},
    {WM_GET, "/reports/promises", api_rep_promises, SCOPE_READ, ROLE_VIEWER, 0, q_promises, -1, -1,
     "Promises due and kept (treue report promises)", "Promises", "journal reports"},
    {WM_GET, "/reports/cadence", api_rep_cadence, SCOPE_READ, ROLE_VIEWER, 0, q_cadence, -1, -1,
     "Customers nobody talks to (treue report cadence)", "Cadence", "journal reports"},
    {WM_GET, "/list/{kind}", api_list, SCOPE_READ, ROLE_VIEWER, 0, q_list, -1, -1,
     "Journal entries, newest first, a page at a time (treue list)", "List", "journal"},
    ADD("dialogs", JK_DIALOG, KIND_DIALOGS),
    ADD("promises", JK_PROMISE, KIND_PROMISES),
    ADD("complaints", JK_COMPLAINT, KIND_COMPLAINTS),
    ADD("stories", JK_STORY, KIND_STORIES),
    ADD("referrals", JK_REFERRAL, KIND_REFERRALS),
    ADD("departures", JK_DEPARTURE, KIND_DEPARTURES),
    ADD("surveys", JK_SURVEY, KIND_SURVEYS),
    {WM_POST, "/customers", api_add_customer, SCOPE_WRITE, ROLE_MANAGER, AR_JSON | AR_KIND, q_none,
     -1, KIND_CUSTOMERS, "Add a customer", "Created", "customers"},
    {WM_POST, "/customers/{id}", api_edit_customer, SCOPE_WRITE, ROLE_MANAGER, AR_JSON | AR_KIND,
     q_none, -1, KIND_CUSTOMERS, "Change a customer's master data", "Changed", "customers"},
    DEL("dialogs", JK_DIALOG),
    DEL("promises", JK_PROMISE),
    DEL("complaints", JK_COMPLAINT),
    DEL("stories", JK_STORY),
    DEL("referrals", JK_REFERRAL),
    DEL("departures", JK_DEPARTURE),
    DEL("surveys", JK_SURVEY),
    {WM_POST, "/promises/{id}/close", api_promise_close, SCOPE_WRITE, ROLE_MEMBER, AR_JSON, q_none,
     JK_PROMISE, -1, "Close a promise: kept, broken or renegotiated", "Closed", "journal"},
    {WM_POST, "/complaints/{id}/resolve", api_complaint_resolve, SCOPE_WRITE, ROLE_MEMBER, AR_JSON,
     q_none, JK_COMPLAINT, -1, "Resolve a complaint with its root cause", "Closed", "journal"},
    IMP("customers", KIND_CUSTOMERS),
    IMP("orders", KIND_ORDERS),
    IMP("surveys", KIND_SURVEYS),
    IMP("dialogs", KIND_DIALOGS),
    IMP("promises", KIND_PROMISES),
    IMP("complaints", KIND_COMPLAINTS),
    IMP("stories", KIND_STORIES),
    IMP("referrals", KIND_REFERRALS),
    IMP("departures", KIND_DEPARTURES),
    {WM_GET, "/customers/{id}/export", api_export, SCOPE_ADMIN, ROLE_ADMIN, 0, q_none, -1, -1,
     "Everything held about a customer (GDPR, treue export)", "Export", "gdpr"},
    {WM_POST, "/customers/{id}/erase", api_erase, SCOPE_ADMIN, ROLE_ADMIN, AR_JSON, q_none, -1, -1,
     "Erase a customer's personal data (GDPR, treue erase)", "Erased", "gdpr"},
};
const size_t api_route_count = ARRAY_SIZE(api_routes);

/* ---- the body fields of each kind: the import's field names ---- */
int api_kind_fields(enum ingest_kind k, struct api_param *out, int edit)
{
	enum field f[F__COUNT];
	int n = kind_fields(k, f), m = 0;
	for (int i = 0; i < n; i++) {
		const struct field_def *d = &ingest_fields[f[i]];
		struct api_param *p = &out[m++];
		memset(p, 0, sizeof(*p));
		p->name = d->name;
		/* the day of the entry defaults to today, as with treue add */
		p->required =
		    !edit && kind_field(k, f[i]) == 2 && f[i] != F_DATE && f[i] != F_MADE_ON;
		switch (d->type) {
		case FT_DATE: p->type = AP_DATE; break;
		case FT_MONEY:
			p->type = AP_NUM;
			p->lo = -1000000000;
			p->hi = 1000000000;
			break;
		case FT_SCORE:
			p->type = AP_NUM;
			p->lo = 0;
			p->hi = 10;
			break;
		case FT_ID:
			p->type = AP_TEXT;
			p->lo = 1;
			p->hi = 256;
			break;
		case FT_WORD:
			p->type = AP_TEXT;
			p->lo = 0;
			p->hi = 200;
			break;
		default:
			p->type = AP_TEXT;
			p->lo = 0;
			p->hi = 16384;
			break;
		}
		p->en = d->name;
		p->de = d->name;
	}
	return m;
}

/* ---- answers ---- */
void api_json(struct api_req *a, int status, struct strbuf *sb)
{
	struct web_resp *rs = a->rs;
	rs->status = status;
	sb_reset(&rs->body);
	sb_add(&rs->body, sb->buf, sb->len);
	if (!sb->len || sb->buf[sb->len - 1] != '\n')
		sb_addch(&rs->body, '\n');
	web_resp_header(rs, "Content-Type", "application/json; charset=utf-8");
}

int api_error(struct api_req *a, int status, const char *field, const char *value, long line,
              const char *msg)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	json_init(&j, &sb, 0);
	json_obj_begin(&j);
	json_key(&j, "status");
	json_int(&j, status);
	json_key(&j, "message");
	json_str(&j, msg);
	json_key(&j, "field");
	json_str(&j, field && *field ? field : NULL);
	json_key(&j, "value");
	json_str(&j, value && (*value || (field && *field)) ? value : NULL);
	json_key(&j, "line");
	if (line > 0)
		json_int(&j, line);
	else
		json_null(&j);
	json_obj_end(&j);
	api_json(a, status, &sb);
	sb_release(&sb);
	return -1;
}

int api_err(struct api_req *a, int status, const struct err *e)
{
	const char *full = web_disk_full(e);
	if (full)
		return api_error(a, 507, NULL, NULL, 0, full);
	return api_error(a, status, e->field, e->field[0] ? e->value : NULL, e->line, e->msg);
}

int api_failed(struct api_req *a, int rc, int status)
{
	return api_err(a, rc == APP_BAD_REQUEST ? 400 : status, &a->e);
}

const struct api_val *api_q(const struct api_req *a, const char *name)
{
	const struct api_param *p = a->route->query;
	for (int i = 0; p && p[i].name && i < API_MAX_PARAMS; i++)
		if (!strcmp(p[i].name, name))
			return a->q[i].given ? &a->q[i] : NULL;
	return NULL;
}

/* ---- routing ---- */

/* Whether path (below /api/v1) matches pattern; {x} segments go to seg[]. */
static int match(const char *pattern, const char *path, char seg[2][257])
{
	int nseg = 0;
	while (*pattern && *path) {
		if (*pattern != '/' || *path != '/')
			return 0;
		pattern++, path++;
		size_t pl = strcspn(pattern, "/"), ql = strcspn(path, "/");
		if (*pattern == '{') {
			if (!ql || ql > 256 || nseg >= 2)
				return 0;
			memcpy(seg[nseg], path, ql);
			seg[nseg][ql] = '\0';
			nseg++;
		} else if (pl != ql || strncmp(pattern, path, pl)) {
			return 0;
		}
		pattern += pl, path += ql;
	}
	return !*pattern && !*path;
}

/* ---- parameters ---- */

static int text_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	int incomplete = 0;
	if (n > max || utf8_valid_prefix((const unsigned char *)s, n, &incomplete) != n)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7F)
			return 0;
	return 1;
}

/* Checks one value against its declaration; 0 or an answer written. */
static int check_value(struct api_req *a, const struct api_param *p, const char *s,
                       struct api_val *v)
{
	enum lang lg = a->rq->lang;
	char *end;
	int days;
	v->s = s;
	switch (p->type) {
	case AP_DATE:
		if (strlen(s) > 32 || day_parse_input(s, a->ac.today, &v->day))
			return api_error(a, 400, p->name, s, 0,
			                 L(lg, "is not a date (2026-11-24 or 24.11.2026)",
			                   "ist kein Datum (2026-11-24 oder 24.11.2026)"));
		return 0;
	case AP_INT:
		v->i = strtol(s, &end, 10);
		if (!*s || *end || strlen(s) > 12 || v->i < p->lo || v->i > p->hi) {
			char msg[160];
			snprintf(msg, sizeof(msg),
			         L(lg, "is not a whole number from %ld to %ld",
			           "ist keine ganze Zahl von %ld bis %ld"),
			         p->lo, p->hi);
			return api_error(a, 400, p->name, s, 0, msg);
		}
		return 0;
	case AP_NUM:
		if (strlen(s) > 32 || num_parse_input(s, &v->d) || v->d < (double)p->lo ||
		    v->d > (double)p->hi) {
			char msg[160];
			snprintf(msg, sizeof(msg),
			         L(lg, "is not a number from %ld to %ld",
			           "ist keine Zahl von %ld bis %ld"),
			         p->lo, p->hi);
			return api_error(a, 400, p->name, s, 0, msg);
		}
		return 0;
	case AP_DAYS:
		if (strlen(s) > 12 || parse_duration_days(s, &days) || days < p->lo || days > p->hi)
			return api_error(a, 400, p->name, s, 0,
			                 L(lg, "is not a number of days (14d, 2w)",
			                   "ist keine Anzahl Tage (14d, 2w)"));
		v->i = days;
		return 0;
	case AP_BOOL:
		if (!strcmp(s, "1") || !strcmp(s, "true"))
			v->i = 1;
		else if (!strcmp(s, "0") || !strcmp(s, "false"))
			v->i = 0;
		else
			return api_error(
			    a, 400, p->name, s, 0,
			    L(lg, "is not 1, 0, true or false", "ist nicht 1, 0, true oder false"));
		return 0;
	case AP_ENUM:
		for (int i = 0; p->choices[i]; i++)
			if (!strcmp(s, p->choices[i]))
				return 0;
		return api_error(
		    a, 400, p->name, s, 0,
		    L(lg, "is not one of the values allowed", "ist keiner der erlaubten Werte"));
	case AP_CURSOR: {
		long long d, id;
		int n = 0;
		if (strlen(s) > 40 || sscanf(s, "%lld.%lld%n", &d, &id, &n) != 2 || s[n] ||
		    d < -1000000 || d > 3000000 || id < 0)
			return api_error(
			    a, 400, p->name, s, 0,
			    L(lg, "is not a cursor of this list", "ist kein Cursor dieser Liste"));
		return 0;
	}
	case AP_KEYVAL:
		if (!text_ok(s, (size_t)p->hi) || !strchr(s, '='))
			return api_error(a, 400, p->name, s, 0,
			                 L(lg, "is not KEY=VALUE", "ist nicht SCHLÜSSEL=WERT"));
		return 0;
	default:
		if (!text_ok(s, (size_t)p->hi) || strlen(s) < (size_t)p->lo) {
			char msg[200];
			snprintf(msg, sizeof(msg),
			         L(lg,
			           "is not a text of %ld to %ld bytes without control characters",
			           "ist kein Text von %ld bis %ld Bytes ohne Steuerzeichen"),
			         p->lo, p->hi);
			return api_error(a, 400, p->name, s, 0, msg);
		}
		return 0;
	}
}

static int parse_query(struct api_req *a)
{
	const struct web_req *rq = a->rq;
	const struct api_param *p = a->route->query;
	for (size_t i = 0; i < rq->nargs; i++) {
		const char *name = rq->args[i].name,
		           *val = rq->args[i].value ? rq->args[i].value : "";
		int k = -1;
		for (int j = 0; p && p[j].name; j++)
			if (!strcmp(p[j].name, name))
				k = j;
		if (k < 0) {
			if (!strcmp(name, "access_token") || !strcmp(name, "token"))
				return api_error(
				    a, 400, name, NULL, 0,
				    L(rq->lang,
				      "a token is sent only in the Authorization header "
				      "(Bearer), never in the URL",
				      "ein Token wird nur im Authorization-Header (Bearer) "
				      "gesendet, nie in der URL"));
			return api_error(a, 400, name, val, 0,
			                 L(rq->lang, "is not a parameter of this request",
			                   "ist kein Parameter dieser Anfrage"));
		}
		struct api_val *v = &a->q[k];
		if (v->given && !p[k].repeat)
			return api_error(
			    a, 400, name, val, 0,
			    L(rq->lang, "is given more than once", "ist mehrfach angegeben"));
		if (v->nrep >= API_MAX_REPEAT)
			return api_error(a, 400, name, val, 0,
			                 L(rq->lang, "is given too often", "ist zu oft angegeben"));
		if (v->given) {
			struct api_val tmp = {0};
			if (check_value(a, &p[k], val, &tmp))
				return -1;
		} else if (check_value(a, &p[k], val, v)) {
			return -1;
		}
		v->given = 1;
		v->rep[v->nrep++] = val;
	}
	return 0;
}

/* ---- authentication ---- */

static int bearer(struct api_req *a, const char *h)
{
	struct web_req *rq = a->rq;
	struct err e;
	err_init(&e, rq->lang);
	if (strncmp(h, "Bearer ", 7))
		return api_error(a, 401, "Authorization", NULL, 0,
		                 L(rq->lang, "only \"Authorization: Bearer TOKEN\" is accepted",
		                   "nur \"Authorization: Bearer TOKEN\" wird angenommen"));
	int rc = token_lookup(rq->st, h + 7, rq->now, &rq->user, &a->token_id, &a->scope, &e);
	if (rc < 0) {
		web_log(rq->srv, "token lookup: %s", e.msg);
		return api_error(a, 500, NULL, NULL, 0,
		                 L(rq->lang, "something went wrong", "etwas ist schiefgegangen"));
	}
	if (rc == 0) {
		web_log(rq->srv, "%s refused %s: unknown, revoked or expired token", rq->peer,
		        rq->path);
		web_resp_header(a->rs, "WWW-Authenticate",
		                "Bearer realm=\"treue\", error=\"invalid_token\"");
		return api_error(a, 401, NULL, NULL, 0,
		                 L(rq->lang, "the token is unknown, revoked or expired",
		                   "das Token ist unbekannt, widerrufen oder abgelaufen"));
	}
	rq->logged_in = 1;
	a->via_token = 1;
	if (rq->user.lang_set)
		rq->lang = rq->user.lang;
	snprintf(rq->actor, sizeof(rq->actor), "%s (token %" PRId64 ")", rq->user.name,
	         a->token_id);
	return 0;
}

/* A login session may use the API from pages of this server: writes need
 * the session's CSRF token in X-CSRF-Token and a same-origin Origin. */
static int session_ok(struct api_req *a)
{
	struct web_req *rq = a->rq;
	if (!rq->logged_in) {
		web_resp_header(a->rs, "WWW-Authenticate", "Bearer realm=\"treue\"");
		return api_error(a, 401, NULL, NULL, 0,
		                 L(rq->lang,
		                   "authentication needed: \"Authorization: Bearer TOKEN\" (see "
		                   "treue user token)",
		                   "Anmeldung nötig: \"Authorization: Bearer TOKEN\" (siehe treue "
		                   "user token)"));
	}
	a->scope = SCOPE_ADMIN; /* bounded by the role */
	if (rq->method == WM_POST) {
		const char *sent = web_header(rq, "X-CSRF-Token");
		const char *o = web_header(rq, "Origin"), *host = web_header(rq, "Host");
		int origin =
		    o && host &&
		    ((!strncmp(o, "https://", 8) && str_eq_nocase(o + 8, host)) ||
		     (!rq->tls && !strncmp(o, "http://", 7) && str_eq_nocase(o + 7, host)));
		if (!sent || strlen(sent) != WEB_TOKEN_LEN ||
		    sodium_memcmp(sent, rq->sess.csrf, WEB_TOKEN_LEN) != 0 || !origin) {
			web_log(rq->srv, "%s refused POST %s: API write without CSRF token",
			        rq->peer, rq->path);
			return api_error(
			    a, 403, "X-CSRF-Token", NULL, 0,
			    L(rq->lang,
			      "a write with a login session needs the session's CSRF "
			      "token in X-CSRF-Token, from a page of this server",
			      "ein Schreibzugriff mit einer Anmeldesitzung braucht das "
			      "CSRF-Token der Sitzung in X-CSRF-Token, von einer Seite "
			      "dieses Servers"));
		}
	}
	snprintf(rq->actor, sizeof(rq->actor), "%s", rq->user.name);
	return 0;
}

static const char *method_name(enum web_method m)
{
	return m == WM_POST ? "POST" : m == WM_HEAD ? "HEAD" : m == WM_GET ? "GET" : "OTHER";
}

static int body_ok(struct api_req *a)
{
	struct web_req *rq = a->rq;
	const char *ct = web_header(rq, "Content-Type");
	unsigned f = a->route->flags;
	if (f & AR_JSON) {
		struct json_limits lim;
		if (!ct || !str_starts_with(ct, "application/json"))
			return api_error(a, 415, "Content-Type", ct, 0,
			                 L(rq->lang, "the body must be application/json",
			                   "der Inhalt muss application/json sein"));
		json_limits_default(&lim);
		lim.max_bytes = API_JSON_MAX;
		err_init(&a->e, rq->lang);
		if (json_parse(rq->body ? rq->body : "", rq->body_len, &lim, &a->body, &a->e))
			return api_err(a, 400, &a->e);
		if (a->body.root->type != JT_OBJ)
			return api_error(a, 400, NULL, NULL, 0,
			                 L(rq->lang, "the body must be a JSON object",
			                   "der Inhalt muss ein JSON-Objekt sein"));
		return 0;
	}
	if (f & AR_CSV)
		return 0;
	if (rq->body_len)
		return api_error(
		    a, 400, NULL, NULL, 0,
		    L(rq->lang, "this request takes no body", "diese Anfrage hat keinen Inhalt"));
	return 0;
}

size_t api_body_cap(const struct web_server *srv, const char *path)
{
	char seg[2][257];
	const char *rest = path + strlen(API_PREFIX);
	for (size_t i = 0; i < api_route_count; i++)
		if (api_routes[i].method == WM_POST && match(api_routes[i].pattern, rest, seg))
			return (api_routes[i].flags & AR_CSV) ? web_server_limits(srv)->max_upload
			                                      : API_JSON_MAX;
	return API_JSON_MAX;
}

void api_handle(struct web_req *rq, struct web_resp *rs)
{
	struct api_req *a = xcalloc(1, sizeof(*a));
	const char *rest = rq->path + strlen(API_PREFIX);
	int known = 0;
	a->rq = rq;
	a->rs = rs;
	err_init(&a->e, rq->lang);
	/* the request's day (the server's fixed day in tests, as the pages') */
	a->ac.today = web_today(rq);
	if (rq->body_over) {
		api_error(a, 413, NULL, NULL, 0,
		          L(rq->lang, "the body is larger than this request allows",
		            "der Inhalt ist größer, als diese Anfrage erlaubt"));
		goto out;
	}
	enum web_method want = rq->method == WM_HEAD ? WM_GET : rq->method;
	for (size_t i = 0; i < api_route_count; i++) {
		if (!match(api_routes[i].pattern, rest, a->seg))
			continue;
		known |= api_routes[i].method == WM_GET ? 1 : 2;
		if (api_routes[i].method == want && !a->route)
			a->route = &api_routes[i];
	}
	if (!a->route) {
		if (known)
			web_resp_header(rs, "Allow",
			                known == 3   ? "GET, HEAD, POST"
			                : known == 1 ? "GET, HEAD"
			                             : "POST");
		api_error(a, known ? 405 : 404, NULL, NULL, 0,
		          known ? L(rq->lang, "this method is not allowed here",
		                    "diese Methode ist hier nicht erlaubt")
		                : L(rq->lang, "no such API resource (see /api/v1/openapi.json)",
		                    "keine solche API-Ressource (siehe /api/v1/openapi.json)"));
		goto out;
	}
	for (size_t i = 0; i < rq->nargs; i++)
		if (!strcmp(rq->args[i].name, "access_token") ||
		    !strcmp(rq->args[i].name, "token")) {
			web_log(rq->srv, "%s refused %s: a token in the URL", rq->peer, rq->path);
			api_error(
			    a, 400, rq->args[i].name, NULL, 0,
			    L(rq->lang,
			      "a token is sent only in the Authorization header (Bearer), never in "
			      "the URL",
			      "ein Token wird nur im Authorization-Header (Bearer) gesendet, nie "
			      "in "
			      "der URL"));
			goto out;
		}
	if (!(a->route->flags & AR_PUBLIC)) {
		const char *auth = web_header(rq, "Authorization");
		if (auth ? bearer(a, auth) : session_ok(a))
			goto out;
		if (rq->user.role < a->route->role) {
			web_log(rq->srv, "%s refused %s %s: role", rq->peer,
			        method_name(rq->method), rq->path);
			api_error(a, 403, NULL, NULL, 0,
			          L(rq->lang, "your role does not allow this",
			            "Ihre Rolle erlaubt das nicht"));
			goto out;
		}
		if (a->scope < a->route->scope) {
			web_log(rq->srv, "%s refused %s %s: token scope", rq->peer,
			        method_name(rq->method), rq->path);
			api_error(a, 403, NULL, NULL, 0,
			          L(rq->lang, "the token's scope does not allow this",
			            "der Bereich des Tokens erlaubt das nicht"));
			goto out;
		}
	}
	if (parse_query(a))
		goto out;
	const struct api_val *lv = api_q(a, "lang");
	if (lv)
		lang_parse(lv->s, &rq->lang);
	err_init(&a->e, rq->lang);
	if (body_ok(a))
		goto out;
	const struct api_val *asof = api_q(a, "as_of");
	const struct api_val *set = api_q(a, "set");
	a->ac.st = rq->st;
	a->ac.lang = rq->lang;
	a->ac.actor = rq->actor[0] ? rq->actor : NULL;
	a->ac.as_of = asof ? asof->day : DAY_NONE;
	a->ac.overrides = set ? set->rep : NULL;
	a->ac.noverrides = set ? set->nrep : 0;
	if (rq->st && rq->actor[0])
		store_set_actor(rq->st, rq->actor);
	/* everything that changes data (the export writes its audit entry) excludes the reads */
	api_lock(a, rq->method == WM_POST || a->route->fn == api_export);
	a->route->fn(a);
	api_unlock(a);
	if (a->version) {
		char v[32];
		snprintf(v, sizeof(v), "%" PRId64, a->version);
		web_resp_header(rs, "X-Treue-Data-Version", v);
	}
out:
	if (!web_resp_get(rs, "Content-Type") && rs->body.len)
		web_resp_header(rs, "Content-Type", "application/json; charset=utf-8");
	api_analysis_done(a);
	api_unlock(a);
	jdoc_release(&a->body);
	free(a);
}
