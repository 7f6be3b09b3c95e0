/*
 * export.c — documents made of the application layer's results that more
 * than one front end delivers: the rows of a journal list as JSON values
 * (`treue list --format json`, the export) and the GDPR export of one
 * customer (`treue export`, the web's download), so the command line and
 * the browser hand out the same document.
 */
#include "app.h"
#include "report.h"

static void json_value(struct json *j, const struct app_cell *v, const struct app_col *col)
{
	if (v->null) {
		json_null(j);
		return;
	}
	switch (col->type) {
	case CT_INT: json_int(j, v->num); break;
	case CT_DAY: json_day(j, (day_t)v->num); break;
	case CT_SCORE: json_double(j, (double)v->num / 10.0, 1); break;
	default: json_str(j, v->text); break;
	}
}

void report_list_row_json(struct json *j, const struct app_list *l, size_t r)
{
	json_obj_begin(j);
	for (int i = 0; i < l->lay->ncols; i++) {
		json_key(j, l->lay->cols[i].name);
		json_value(j, app_list_cell(l, r, i), &l->lay->cols[i]);
	}
	json_obj_end(j);
}

void report_list_json(const struct app_list *l, struct json *j)
{
	json_arr_begin(j);
	for (size_t r = 0; r < l->nrows; r++)
		report_list_row_json(j, l, r);
	json_arr_end(j);
}

static void json_money_or_null(struct json *j, const char *key, int64_t cents)
{
	json_key(j, key);
	if (cents == MONEY_NONE)
		json_null(j);
	else
		json_money(j, cents);
}

void report_export_json(const struct app_export *x, day_t today_d, struct strbuf *out)
{
	static const enum journal_kind order[] = {JK_SURVEY, JK_DIALOG,   JK_PROMISE,  JK_COMPLAINT,
	                                          JK_STORY,  JK_REFERRAL, JK_DEPARTURE};
	struct json j;
	char today[11];
	json_init(&j, out, 1);
	json_obj_begin(&j);
	json_key(&j, "format");
	json_str(&j, "treue-export-1");
	json_key(&j, "exported_on");
	json_str(&j, day_format(today_d, today));
	json_key(&j, "customer");
	json_obj_begin(&j);
	json_key(&j, "customer_id");
	json_str(&j, x->customer_id);
	json_key(&j, "name");
	json_str(&j, x->name);
	json_key(&j, "industry");
	json_str(&j, x->industry);
	json_key(&j, "region");
	json_str(&j, x->region);
	json_key(&j, "owner");
	json_str(&j, x->owner);
	json_key(&j, "acquired_on");
	json_day(&j, x->acquired_on);
	json_money_or_null(&j, "acquisition_cost", x->acquisition_cost);
	json_key(&j, "erased");
	json_bool(&j, x->erased);
	json_obj_end(&j);
	json_key(&j, "orders");
	json_arr_begin(&j);
	for (size_t i = 0; i < x->norders; i++) {
		const struct app_order *o = &x->orders[i];
		json_obj_begin(&j);
		json_key(&j, "order_id");
		json_str(&j, o->order_id);
		json_key(&j, "date");
		json_day(&j, o->date);
		json_key(&j, "revenue");
		json_money(&j, o->revenue);
		json_money_or_null(&j, "margin", o->margin);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
		json_key(&j, app_layouts[order[k]].plural);
		report_list_json(&x->lists[order[k]], &j);
	}
	json_key(&j, "audit");
	json_arr_begin(&j);
	for (size_t i = 0; i < x->audit.n; i++) {
		const struct app_audit_entry *a = &x->audit.v[i];
		json_obj_begin(&j);
		json_key(&j, "at");
		json_str(&j, a->at);
		json_key(&j, "who");
		json_str(&j, a->who);
		json_key(&j, "action");
		json_str(&j, a->action);
		json_key(&j, "detail");
		json_str(&j, a->detail);
		json_key(&j, "rows");
		json_int(&j, a->rows);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
}
