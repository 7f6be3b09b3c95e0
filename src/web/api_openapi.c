/*
 * api_openapi.c — the OpenAPI 3.1 description of /api/v1/, generated from
 * the route table and the parameter tables the server checks requests
 * against (api.c), and the kinds' fields from the import's field table:
 * the description cannot drift from what the server accepts.  The answers'
 * top-level fields are listed here; tests/unit/t_api.c checks every answer
 * against them.
 */
#include <string.h>

#include "api_int.h"

/* The answers: name, then "field:type" (type: string, integer, number,
 * boolean, object, array, any; "?" after the type: may be null). */
static const struct {
	const char *name;
	const char *desc;
	const char *fields[40];
} schemas[] = {
    {"Error",
     "An error",
     {"status:integer", "message:string", "field:string?", "value:string?", "line:integer?"}},
    {"Me",
     "Who is asking",
     {"user:string", "role:string", "owner:string?", "token:integer?", "scope:string?",
      "lang:string"}},
    {"Report",
     "The loyalty report: the same object as treue report --format json",
     {"as_of:string", "window_days:integer", "active_days:integer", "future_orders:object",
      "retention:object", "segments:object", "segment_revenue:object", "frequent_min:integer",
      "nps:object", "satisfaction:object", "customers:integer", "lapsed:integer",
      "departed:integer", "prospects:integer", "profit_by_tenure:array",
      "tenure_left_censored:integer", "tenure_history_start:string?", "silent_leavers:object",
      "actions:object"}},
    {"Segments",
     "The same object as treue segments --format json",
     {"as_of:string", "future_orders:object", "horizon_years:integer", "customers:array"}},
    {"Actions",
     "The same object as treue actions --format json",
     {"as_of:string", "future_orders:object", "silent_leavers_available:boolean", "actions:array"}},
    {"Customer",
     "The customer card: the same object as treue customer --format json",
     {"customer_id:string",
      "name:string",
      "owner:string",
      "as_of:string",
      "future_orders:object",
      "segment:string",
      "why:string",
      "orders:integer",
      "revenue:number",
      "revenue_previous:number",
      "margin:number",
      "first_order:string?",
      "last_order:string?",
      "recency_days:integer?",
      "tenure_days:integer?",
      "survey_date:string?",
      "survey_current:boolean",
      "satisfaction:number?",
      "recommend:number?",
      "value:number?",
      "referrals:integer",
      "open_complaints:integer",
      "p_alive:number?",
      "expected_purchases_52w:number?",
      "expected_margin_52w:number?",
      "expected_margin_horizon:number?",
      "horizon_years:integer",
      "silent_leaver:boolean",
      "trust:object",
      "bond:object",
      "action:object?",
      "timeline:array"}},
    {"Movement",
     "The same object as treue movement --format json",
     {"from:string", "to:string", "future_orders:object", "moves:array"}},
    {"Whatif",
     "The same object as treue whatif --format json",
     {"as_of:string", "future_orders:object", "retention:number?", "retention_new:number?",
      "discount:number", "horizon:integer", "acquisition_cost:number?",
      "value_at_retention:number?", "value_at_retention_new:number?", "relative_change:number?",
      "customers:integer", "base_value:number?", "base_value_new:number?",
      "tenure_years_measured:integer", "tenure_years_used:integer", "tenure_min:integer"}},
    {"Fit",
     "The same object as treue fit --format json",
     {"model:string", "as_of:string", "params:object", "se:object", "loglik:number?",
      "customers:integer", "repeat_buyers:integer", "evaluations:integer", "converged:boolean",
      "reason:string", "algorithm:string", "grad_max:number?", "gamma_gamma:object?"}},
    {"Feedback",
     "The same object as treue report feedback --format json",
     {"report:string", "from:string", "as_of:string", "future_orders:object", "dialogs:object",
      "complaints:object", "departures:object"}},
    {"Stories",
     "The same object as treue report stories --format json",
     {"report:string", "from:string", "as_of:string", "future_orders:object", "stories:integer",
      "extra_mile:integer", "tnt:integer", "weeks_without:integer", "weeks:array",
      "employees:array", "latest:array"}},
    {"Promises",
     "The same object as treue report promises --format json",
     {"report:string", "as_of:string", "future_orders:object", "today:string", "due_until:string",
      "due_soon:array", "overdue:array", "rates:object"}},
    {"Cadence",
     "The same object as treue report cadence --format json",
     {"report:string", "as_of:string", "future_orders:object", "days:integer", "segmented:boolean",
      "customers:integer", "silent:integer", "groups:array"}},
    {"List",
     "A page of a journal list; items as in treue list KIND --format json",
     {"kind:string", "items:array", "next_cursor:string?"}},
    {"Created", "What was recorded", {"kind:string", "id:integer", "customer_id:string?"}},
    {"Changed", "What was changed or deleted", {"kind:string", "id:integer"}},
    {"Closed",
     "A closed promise or resolved complaint",
     {"kind:string", "id:integer", "status:string"}},
    {"Import",
     "An import's outcome: counts, how the file was read, every bad row",
     {"status:integer", "kind:string", "dry_run:boolean", "summary:object", "files:array",
      "preview:array", "errors:array", "errors_total:integer"}},
    {"Export",
     "Everything held about a customer (treue export)",
     {"format:string", "exported_on:string", "customer:object", "orders:array", "surveys:array",
      "dialogs:array", "promises:array", "complaints:array", "stories:array", "referrals:array",
      "departures:array", "audit:array"}},
    {"Erased",
     "The erased customer",
     {"customer_id:string", "pseudonym:string", "orders:integer", "erased:boolean",
      "purged:boolean"}},
};

int api_schema_fields(const char *name, const char *const **fields)
{
	for (size_t i = 0; i < ARRAY_SIZE(schemas); i++)
		if (!strcmp(schemas[i].name, name)) {
			int n = 0;
			while (n < 40 && schemas[i].fields[n])
				n++;
			*fields = schemas[i].fields;
			return n;
		}
	*fields = NULL;
	return -1;
}

static void type_of(struct json *j, const char *t, int nullable)
{
	json_key(j, "type");
	if (!strcmp(t, "any")) {
		json_arr_begin(j);
		for (const char *x = "string integer number boolean object array null"; *x;) {
			size_t n = strcspn(x, " ");
			json_strn(j, x, n);
			x += n + (x[n] == ' ');
		}
		json_arr_end(j);
		return;
	}
	if (nullable) {
		json_arr_begin(j);
		json_str(j, t);
		json_str(j, "null");
		json_arr_end(j);
	} else {
		json_str(j, t);
	}
}

static void param_schema(struct json *j, const struct api_param *p)
{
	json_obj_begin(j);
	switch (p->type) {
	case AP_DATE:
		type_of(j, "string", 0);
		json_key(j, "examples");
		json_arr_begin(j);
		json_str(j, "2026-11-24");
		json_str(j, "24.11.2026");
		json_arr_end(j);
		break;
	case AP_INT:
		type_of(j, "integer", 0);
		json_key(j, "minimum");
		json_int(j, p->lo);
		json_key(j, "maximum");
		json_int(j, p->hi);
		break;
	case AP_NUM:
		json_key(j, "oneOf");
		json_arr_begin(j);
		json_obj_begin(j);
		type_of(j, "number", 0);
		json_key(j, "minimum");
		json_int(j, p->lo);
		json_key(j, "maximum");
		json_int(j, p->hi);
		json_obj_end(j);
		json_obj_begin(j);
		type_of(j, "string", 0);
		json_key(j, "maxLength");
		json_int(j, 32);
		json_obj_end(j);
		json_arr_end(j);
		break;
	case AP_BOOL:
		type_of(j, "string", 0);
		json_key(j, "enum");
		json_arr_begin(j);
		json_str(j, "1");
		json_str(j, "0");
		json_str(j, "true");
		json_str(j, "false");
		json_arr_end(j);
		break;
	case AP_ENUM:
		type_of(j, "string", 0);
		json_key(j, "enum");
		json_arr_begin(j);
		for (int i = 0; p->choices[i]; i++)
			json_str(j, p->choices[i]);
		json_arr_end(j);
		break;
	case AP_DAYS:
		type_of(j, "string", 0);
		json_key(j, "pattern");
		json_str(j, "^[0-9]+[dwm]?$");
		break;
	case AP_CURSOR:
		type_of(j, "string", 0);
		json_key(j, "pattern");
		json_str(j, "^-?[0-9]+\\.[0-9]+$");
		break;
	case AP_TEXTS:
		type_of(j, "array", 0);
		json_key(j, "maxItems");
		json_int(j, 5);
		json_key(j, "items");
		json_obj_begin(j);
		type_of(j, "string", 0);
		json_key(j, "maxLength");
		json_int(j, p->hi);
		json_obj_end(j);
		break;
	default:
		type_of(j, "string", 0);
		if (p->lo) {
			json_key(j, "minLength");
			json_int(j, p->lo);
		}
		json_key(j, "maxLength");
		json_int(j, p->hi);
		if (p->type == AP_KEYVAL) {
			json_key(j, "pattern");
			json_str(j, "^[^=]*=.*$");
		}
	}
	json_obj_end(j);
}

static void body_object(struct json *j, const struct api_param *p, int n)
{
	int nreq = 0;
	json_obj_begin(j);
	type_of(j, "object", 0);
	json_key(j, "additionalProperties");
	json_bool(j, 0);
	json_key(j, "properties");
	json_obj_begin(j);
	for (int i = 0; i < n; i++) {
		json_key(j, p[i].name);
		param_schema(j, &p[i]);
		nreq += p[i].required;
	}
	json_obj_end(j);
	if (nreq) {
		json_key(j, "required");
		json_arr_begin(j);
		for (int i = 0; i < n; i++)
			if (p[i].required)
				json_str(j, p[i].name);
		json_arr_end(j);
	}
	json_obj_end(j);
}

static void ref(struct json *j, const char *schema)
{
	struct strbuf sb = STRBUF_INIT;
	json_obj_begin(j);
	json_key(j, "content");
	json_obj_begin(j);
	json_key(j, "application/json");
	json_obj_begin(j);
	json_key(j, "schema");
	json_obj_begin(j);
	sb_addf(&sb, "#/components/schemas/%s", schema);
	json_key(j, "$ref");
	json_str(j, sb.buf);
	json_obj_end(j);
	json_obj_end(j);
	json_obj_end(j);
	json_key(j, "description");
	json_str(j, schema);
	json_obj_end(j);
	sb_release(&sb);
}

static void operation(struct json *j, const struct api_route *r)
{
	struct api_param fields[F__COUNT];
	json_obj_begin(j);
	json_key(j, "summary");
	json_str(j, r->summary);
	json_key(j, "tags");
	json_arr_begin(j);
	json_str(j, r->tag);
	json_arr_end(j);
	if (r->flags & AR_PUBLIC) {
		json_key(j, "security");
		json_arr_begin(j);
		json_arr_end(j);
	} else {
		char d[200];
		snprintf(d, sizeof(d), "token scope %s or more, user role %s or more",
		         api_scope_name(r->scope), web_role_name(r->role));
		json_key(j, "description");
		json_str(j, d);
		json_key(j, "x-scope");
		json_str(j, api_scope_name(r->scope));
		json_key(j, "x-role");
		json_str(j, web_role_name(r->role));
	}
	json_key(j, "parameters");
	json_arr_begin(j);
	for (const char *p = strchr(r->pattern, '{'); p; p = strchr(p + 1, '{')) {
		size_t n = strcspn(p + 1, "}");
		json_obj_begin(j);
		json_key(j, "name");
		json_strn(j, p + 1, n);
		json_key(j, "in");
		json_str(j, "path");
		json_key(j, "required");
		json_bool(j, 1);
		json_key(j, "schema");
		json_obj_begin(j);
		type_of(j, "string", 0);
		if (!strncmp(p + 1, "kind", n)) {
			json_key(j, "enum");
			json_arr_begin(j);
			for (int i = 0; api_list_kinds[i]; i++)
				json_str(j, api_list_kinds[i]);
			json_arr_end(j);
		} else {
			json_key(j, "maxLength");
			json_int(j, 256);
		}
		json_obj_end(j);
		json_obj_end(j);
	}
	for (const struct api_param *p = r->query; p && p->name; p++) {
		json_obj_begin(j);
		json_key(j, "name");
		json_str(j, p->name);
		json_key(j, "in");
		json_str(j, "query");
		json_key(j, "required");
		json_bool(j, p->required);
		json_key(j, "description");
		json_str(j, p->en);
		if (p->repeat) {
			json_key(j, "explode");
			json_bool(j, 1);
			json_key(j, "schema");
			json_obj_begin(j);
			type_of(j, "array", 0);
			json_key(j, "maxItems");
			json_int(j, API_MAX_REPEAT);
			json_key(j, "items");
			param_schema(j, p);
			json_obj_end(j);
		} else {
			json_key(j, "schema");
			param_schema(j, p);
		}
		json_obj_end(j);
	}
	json_arr_end(j);
	const struct api_param *bp = api_body_params(r);
	if ((r->flags & AR_JSON) || (r->flags & AR_CSV)) {
		json_key(j, "requestBody");
		json_obj_begin(j);
		json_key(j, "required");
		json_bool(j, 1);
		json_key(j, "content");
		json_obj_begin(j);
		if (r->flags & AR_CSV) {
			static const char *const types[] = {
			    "text/csv",
			    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			    "application/vnd.ms-excel"};
			for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
				json_key(j, types[t]);
				json_obj_begin(j);
				json_key(j, "schema");
				json_obj_begin(j);
				type_of(j, "string", 0);
				json_key(j, "description");
				json_str(
				    j, "the file as the command line imports it (64 MiB at most)");
				json_obj_end(j);
				json_obj_end(j);
			}
		} else {
			json_key(j, "application/json");
			json_obj_begin(j);
			json_key(j, "schema");
			if (bp) {
				int n = 0;
				while (bp[n].name)
					n++;
				body_object(j, bp, n);
			} else {
				body_object(
				    j, fields,
				    api_kind_fields((enum ingest_kind)r->ikind, fields,
				                    r->fn != api_add && r->fn != api_add_customer));
			}
			json_obj_end(j);
		}
		json_obj_end(j);
		json_obj_end(j);
	}
	json_key(j, "responses");
	json_obj_begin(j);
	if (r->fn == api_openapi) {
		json_key(j, "200");
		json_obj_begin(j);
		json_key(j, "description");
		json_str(j, "this document");
		json_obj_end(j);
	} else {
		json_key(j, r->schema[0] == 'C' && !strcmp(r->schema, "Created") ? "201" : "200");
		ref(j, r->schema);
		if (!strcmp(r->schema, "Import")) {
			json_key(j, "422");
			ref(j, "Import");
		}
	}
	json_key(j, "default");
	ref(j, "Error");
	json_obj_end(j);
	json_obj_end(j);
}

void api_openapi_write(struct strbuf *out)
{
	struct json j;
	json_init(&j, out, 1);
	json_obj_begin(&j);
	json_key(&j, "openapi");
	json_str(&j, "3.1.0");
	json_key(&j, "info");
	json_obj_begin(&j);
	json_key(&j, "title");
	json_str(&j, "treue");
	json_key(&j, "version");
	json_str(&j, "1");
	json_key(&j, "description");
	json_str(&j, "The JSON API of treue serve: the same fields as the command line's "
	             "--format json. Authentication: Authorization: Bearer TOKEN (treue user "
	             "token create). Unknown query parameters and body fields are refused with "
	             "400. See docs/API.md.");
	json_obj_end(&j);
	json_key(&j, "servers");
	json_arr_begin(&j);
	json_obj_begin(&j);
	json_key(&j, "url");
	json_str(&j, API_PREFIX);
	json_obj_end(&j);
	json_arr_end(&j);
	json_key(&j, "security");
	json_arr_begin(&j);
	json_obj_begin(&j);
	json_key(&j, "bearer");
	json_arr_begin(&j);
	json_arr_end(&j);
	json_obj_end(&j);
	json_arr_end(&j);
	json_key(&j, "paths");
	json_obj_begin(&j);
	for (size_t i = 0; i < api_route_count; i++) {
		const struct api_route *r = &api_routes[i];
		int first = 1;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(api_routes[k].pattern, r->pattern))
				first = 0;
		if (!first)
			continue;
		json_key(&j, r->pattern);
		json_obj_begin(&j);
		for (size_t k = i; k < api_route_count; k++) {
			if (strcmp(api_routes[k].pattern, r->pattern))
				continue;
			json_key(&j, api_routes[k].method == WM_GET ? "get" : "post");
			operation(&j, &api_routes[k]);
		}
		json_obj_end(&j);
	}
	json_obj_end(&j);
	json_key(&j, "components");
	json_obj_begin(&j);
	json_key(&j, "securitySchemes");
	json_obj_begin(&j);
	json_key(&j, "bearer");
	json_obj_begin(&j);
	json_key(&j, "type");
	json_str(&j, "http");
	json_key(&j, "scheme");
	json_str(&j, "bearer");
	json_obj_end(&j);
	json_obj_end(&j);
	json_key(&j, "schemas");
	json_obj_begin(&j);
	for (size_t i = 0; i < ARRAY_SIZE(schemas); i++) {
		json_key(&j, schemas[i].name);
		json_obj_begin(&j);
		json_key(&j, "description");
		json_str(&j, schemas[i].desc);
		type_of(&j, "object", 0);
		if (schemas[i].fields[0]) {
			json_key(&j, "properties");
			json_obj_begin(&j);
			for (int k = 0; k < 40 && schemas[i].fields[k]; k++) {
				const char *f = schemas[i].fields[k], *colon = strchr(f, ':');
				char name[64], type[16];
				snprintf(name, sizeof(name), "%.*s", (int)(colon - f), f);
				snprintf(type, sizeof(type), "%s", colon + 1);
				int nullable = type[strlen(type) - 1] == '?';
				if (nullable)
					type[strlen(type) - 1] = '\0';
				json_key(&j, name);
				json_obj_begin(&j);
				type_of(&j, type, nullable);
				json_obj_end(&j);
			}
			json_obj_end(&j);
			json_key(&j, "required");
			json_arr_begin(&j);
			for (int k = 0; k < 40 && schemas[i].fields[k]; k++) {
				const char *f = schemas[i].fields[k];
				json_strn(&j, f, strcspn(f, ":"));
			}
			json_arr_end(&j);
		}
		json_obj_end(&j);
	}
	json_obj_end(&j);
	json_obj_end(&j);
	json_obj_end(&j);
}

int api_openapi(struct api_req *a)
{
	struct strbuf sb = STRBUF_INIT;
	api_openapi_write(&sb);
	web_resp_header(a->rs, "Cache-Control", "no-cache");
	api_json(a, 200, &sb);
	sb_release(&sb);
	return 0;
}
