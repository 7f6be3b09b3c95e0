/*
 * page_settings.c — Settings (admins): every model setting with its value,
 * default and description (app_settings_list, as `treue settings`), each
 * editable in its own form (POST with the CSRF token, app_settings_set,
 * audited); a value the model refuses is shown next to its field with the
 * reason, the typed value kept.
 */
#include <string.h>

#include "app.h"
#include "web_int.h"

/* The page; bad_key/typed/why: a refused value to show at its field. */
static void settings_page(struct web_req *rq, struct web_resp *rs, const char *bad_key,
                          const char *typed, const char *why, const char *saved)
{
	struct app_settings s;
	struct app_ctx c;
	struct html h;
	struct err e;
	int rc;
	err_init(&e, rq->lang);
	page_app_ctx(rq, &c);
	if ((rc = app_settings_list(&c, NULL, &s, &e))) {
		journal_failed(rq, rs, rc, &e);
		return;
	}
	page_begin(rq, rs, &h, L(rq->lang, "Settings", "Einstellungen"));
	H(&h, "<h1>");
	HT(&h, "Settings", "Einstellungen");
	H(&h, "</h1><p class=\"hint\">");
	HT(&h,
	   "The thresholds of the loyalty model, stored in the database (treue settings at the "
	   "command line). A change applies to every report from now on and is written to the "
	   "audit trail. \"default\" sets a value back.",
	   "Die Schwellen des Treue-Modells, gespeichert in der Datenbank (treue settings auf "
	   "der Kommandozeile). Eine Änderung gilt ab sofort für jeden Bericht und kommt ins "
	   "Prüfprotokoll. \"default\" setzt einen Wert zurück.");
	H(&h, "</p>");
	if (saved)
		for (size_t i = 0; i < s.n; i++)
			if (!strcmp(s.v[i].def->key, saved)) {
				struct strbuf m = STRBUF_INIT;
				sb_addf(&m, L(rq->lang, "Saved: %s = %s", "Gespeichert: %s = %s"),
				        s.v[i].def->key, s.v[i].value);
				PAGE_MSG(&h, "ok", m.buf);
				sb_release(&m);
			}
	if (bad_key && why) {
		struct strbuf m = STRBUF_INIT;
		sb_addf(&m, L(rq->lang, "Not saved: %s", "Nicht gespeichert: %s"), bad_key);
		PAGE_MSG(&h, "error", m.buf);
		sb_release(&m);
	}
	H(&h, "<div class=\"scroll\"><table class=\"list settings\"><thead><tr><th>");
	HT(&h, "setting", "Einstellung");
	H(&h, "</th><th>");
	HT(&h, "value", "Wert");
	H(&h, "</th><th>");
	HT(&h, "default", "Vorgabe");
	H(&h, "</th><th>");
	HT(&h, "what it means", "Bedeutung");
	H(&h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < s.n; i++) {
		const struct setting_def *d = s.v[i].def;
		int bad = bad_key && !strcmp(bad_key, d->key);
		char id[96];
		snprintf(id, sizeof(id), "set-%s", d->key);
		H(&h, "<tr");
		HATTR(&h, "id", d->key);
		if (bad)
			H(&h, " class=\"bad\"");
		H(&h, "><td><label class=\"key\"");
		HATTR(&h, "for", id);
		H(&h, "><code>");
		html_text(&h, d->key);
		H(&h, "</code></label>");
		if (strcmp(s.v[i].value, d->dflt)) {
			H(&h, " <span class=\"tag\">");
			HT(&h, "changed", "geändert");
			H(&h, "</span>");
		}
		H(&h, "</td><td><form method=\"post\" action=\"/settings\" class=\"inline\">");
		page_csrf_field(rq, rs, &h);
		H(&h, "<input type=\"hidden\" name=\"key\"");
		HATTR(&h, "value", d->key);
		H(&h, "><input type=\"text\" name=\"value\" class=\"short\" required");
		HATTR(&h, "id", id);
		HATTR(&h, "value", bad && typed ? typed : s.v[i].value);
		if (bad) {
			char eid[112];
			snprintf(eid, sizeof(eid), "err-%s", d->key);
			H(&h, " aria-invalid=\"true\"");
			HATTR(&h, "aria-describedby", eid);
		}
		H(&h, "><button type=\"submit\">");
		HT(&h, "Save", "Speichern");
		H(&h, "</button></form>");
		if (bad) {
			char eid[112];
			snprintf(eid, sizeof(eid), "err-%s", d->key);
			H(&h, "<p class=\"field-error\"");
			HATTR(&h, "id", eid);
			H(&h, ">");
			html_text(&h, why);
			H(&h, "</p>");
		}
		H(&h, "</td><td><code>");
		html_text(&h, d->dflt);
		H(&h, "</code></td><td class=\"text\">");
		html_text(&h, L(rq->lang, d->help_en, d->help_de));
		H(&h, "</td></tr>");
	}
	H(&h, "</tbody></table></div>");
	page_end(rq, rs, &h);
	app_settings_release(&s);
}

void page_settings(struct web_req *rq, struct web_resp *rs)
{
	settings_page(rq, rs, NULL, NULL, NULL, web_arg(rq, "saved"));
}

void page_settings_set(struct web_req *rq, struct web_resp *rs)
{
	const char *key = web_field(rq, "key"), *value = web_field(rq, "value");
	struct app_ctx c;
	struct err e;
	int rc;
	err_init(&e, rq->lang);
	if (!key || !value) {
		web_error_page(rq, rs, 400,
		               L(rq->lang, "The form lacks the setting or its value.",
		                 "Dem Formular fehlt die Einstellung oder ihr Wert."));
		return;
	}
	page_app_ctx(rq, &c);
	rc = app_settings_set(&c, key, value, &e);
	if (rc == APP_BAD_REQUEST) {
		web_error_page(rq, rs, 400, e.msg);
		return;
	}
	if (rc) {
		/* at the field: the value and what is wrong with it */
		struct strbuf why = STRBUF_INIT;
		if (e.value[0])
			sb_addf(&why, "\"%s\" %s", e.value, e.msg);
		else
			sb_adds(&why, e.msg);
		rs->status = web_disk_full(&e) ? 507 : 400;
		settings_page(rq, rs, key, value, web_disk_full(&e) ? web_disk_full(&e) : why.buf,
		              NULL);
		sb_release(&why);
		return;
	}
	struct strbuf loc = STRBUF_INIT;
	sb_adds(&loc, "/settings?saved=");
	url_encode(&loc, key);
	sb_adds(&loc, "#");
	url_encode(&loc, key);
	web_redirect(rs, loc.buf);
	sb_release(&loc);
}
