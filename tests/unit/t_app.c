/* t_app.c — the application layer called the way a web handler will call
 * it: a context per request (store, language, actor, today), fields as a
 * form gives them, results as structs, errors as APP_ERR or
 * APP_BAD_REQUEST with struct err — no command line involved. */
#include <string.h>

#include "app.h"
#include "test.h"

static struct store *fresh(const char *name)
{
	char path[512];
	struct store *st = NULL;
	struct err e;
	err_init(&e, LANG_EN);
	test_db(name, path, sizeof(path));
	if (store_open(path, 0, &st, &e))
		test_fail(__FILE__, __LINE__, "store_open: %s", e.msg);
	return st;
}

static void ctx_init(struct app_ctx *c, struct store *st, enum lang lang)
{
	memset(c, 0, sizeof(*c));
	c->st = st;
	c->lang = lang;
	c->actor = "web:anna";
	c->as_of = DAY_NONE;
	c->today = day_from_ymd(2026, 11, 24);
}

static int64_t audit_count(struct app_ctx *c, const char *action)
{
	struct app_audit a;
	struct err e;
	int64_t n = 0;
	err_init(&e, LANG_EN);
	if (app_audit_list(c, DAY_NONE, NULL, &a, &e))
		return -1;
	for (size_t i = 0; i < a.n; i++)
		n += !strcmp(a.v[i].action, action);
	app_audit_release(&a);
	return n;
}

TEST(app_customer_and_dialog)
{
	struct store *st = fresh("app_dialog");
	struct app_ctx c;
	struct app_fields f;
	struct app_entry en;
	struct app_list l;
	struct err e;
	if (!st)
		return;
	ctx_init(&c, st, LANG_EN);
	err_init(&e, LANG_EN);
	app_fields_init(&f);
	f.id = "K1";
	f.name = "Kunde Eins GmbH";
	f.owner = "Anna";
	CHECK_INT(app_customer_add(&c, &f, &e), 0);
	CHECK_INT(app_customer_add(&c, &f, &e), APP_ERR);
	CHECK(strstr(e.msg, "already exists") != NULL);

	/* a dialogue for "Kunde" (a name start), touchpoint in German */
	app_fields_init(&f);
	f.customer = "Kunde";
	f.touchpoint = "Vertrieb";
	f.support = "Spare parts on site";
	f.notes = ""; /* adding: "" is not given */
	CHECK_INT(app_entry_new(&c, JK_DIALOG, &f, &en, &e), 0);
	CHECK_STR(en.r.d.customer_id, "K1");
	CHECK_STR(en.r.d.touchpoint, "sales");
	CHECK(en.r.d.notes == NULL);
	CHECK_INT(en.r.d.date, c.today);
	CHECK_INT(app_entry_add(&c, &en, &e), 0);
	CHECK(en.id > 0);
	int64_t id = en.id;
	app_entry_release(&en);
	/* the same again is refused */
	CHECK_INT(app_entry_new(&c, JK_DIALOG, &f, &en, &e), 0);
	CHECK_INT(app_entry_add(&c, &en, &e), APP_ERR);
	CHECK(strstr(e.msg, "identical") != NULL);
	app_entry_release(&en);

	/* the list reads it back; the audit entry names actor and customer */
	struct app_list_filter flt;
	app_list_filter_init(&flt);
	flt.customer = "K1";
	CHECK_INT(app_list(&c, JK_DIALOG, &flt, &l, &e), 0);
	CHECK_INT(l.nrows, 1);
	if (l.nrows == 1) {
		CHECK_INT(app_list_cell(&l, 0, 0)->num, id);
		CHECK_STR(app_list_cell(&l, 0, 2)->text, "K1");
		CHECK(app_list_cell(&l, 0, 9)->null); /* notes */
	}
	app_list_release(&l);
	struct app_audit a;
	CHECK_INT(app_audit_list(&c, DAY_NONE, "K1", &a, &e), 0);
	CHECK_INT(a.n, 2);
	if (a.n == 2) {
		CHECK_STR(a.v[1].who, "web:anna");
		CHECK_STR(a.v[1].action, "add");
		CHECK_STR(a.v[1].customer_id, "K1");
	}
	app_audit_release(&a);

	/* change it: "" clears a text; the entry is checked as a whole */
	CHECK_INT(app_entry_load(&c, JK_DIALOG, id, &en, &e), 0);
	app_fields_init(&f);
	f.support = "";
	f.channel = "phone";
	CHECK_INT(app_entry_change(&c, &en, &f, &e), 0);
	CHECK(en.r.d.support == NULL);
	CHECK_INT(app_entry_update(&c, &en, "support, channel", &e), 0);
	app_entry_release(&en);
	CHECK_INT(app_entry_load(&c, JK_DIALOG, id + 99, &en, &e), APP_ERR);
	CHECK(strstr(e.msg, "there is no dialogue") != NULL);
	app_entry_release(&en);
	store_close(st);
}

TEST(app_promise_renegotiated)
{
	struct store *st = fresh("app_promise");
	struct app_ctx c;
	struct app_fields f;
	struct app_entry en;
	struct app_closed done;
	struct err e;
	if (!st)
		return;
	ctx_init(&c, st, LANG_EN);
	err_init(&e, LANG_EN);
	app_fields_init(&f);
	f.id = "K2";
	CHECK_INT(app_customer_add(&c, &f, &e), 0);
	app_fields_init(&f);
	f.customer = "K2";
	f.what = "Call back";
	f.made_on = c.today - 10;
	f.due = c.today - 20; /* before it was made */
	CHECK_INT(app_entry_new(&c, JK_PROMISE, &f, &en, &e), APP_ERR);
	CHECK(strstr(e.msg, "before the promise was made") != NULL);
	app_entry_release(&en);
	f.due = c.today - 2;
	CHECK_INT(app_entry_new(&c, JK_PROMISE, &f, &en, &e), 0);
	CHECK_INT(app_entry_add(&c, &en, &e), 0);
	struct app_close how = {.status = PROMISE_RENEGOTIATED,
	                        .on = c.today - 3,
	                        .new_due = c.today + 7,
	                        .what = NULL};
	CHECK_INT(app_promise_close(&c, &en, &how, &done, &e), 0);
	CHECK(done.follow_up > en.id);
	CHECK_INT(done.on, c.today - 3);
	/* closing it again is refused */
	struct app_closed again;
	CHECK_INT(app_promise_close(&c, &en, &how, &again, &e), APP_ERR);
	CHECK(strstr(e.msg, "already closed") != NULL);
	app_entry_release(&en);
	/* the follow-up is open and due a week from today */
	CHECK_INT(app_entry_load(&c, JK_PROMISE, done.follow_up, &en, &e), 0);
	CHECK_INT(en.r.p.status, PROMISE_OPEN);
	CHECK_INT(en.r.p.due_on, c.today + 7);
	CHECK_STR(en.r.p.what, "Call back");
	app_entry_release(&en);
	store_close(st);
}

TEST(app_settings_bad_request)
{
	struct store *st = fresh("app_settings");
	struct app_ctx c;
	struct model_settings set;
	struct app_settings list;
	struct err e;
	if (!st)
		return;
	ctx_init(&c, st, LANG_DE);
	err_init(&e, LANG_DE);
	CHECK_INT(app_settings_set(&c, "nokey", "1", &e), APP_BAD_REQUEST);
	CHECK(strstr(e.msg, "keine Einstellung") != NULL);
	CHECK_INT(app_settings_set(&c, "window", "abc", &e), APP_ERR);
	CHECK_INT(app_settings_set(&c, "window", "200", &e), 0);
	CHECK_INT(app_settings_list(&c, "window", &list, &e), 0);
	CHECK_INT(list.n, 1);
	if (list.n == 1)
		CHECK_STR(list.v[0].value, "200");
	app_settings_release(&list);
	/* a request's overrides apply over the stored settings */
	const char *ok[] = {"horizon=5"}, *bad[] = {"horizon"};
	c.overrides = ok;
	c.noverrides = 1;
	CHECK_INT(app_settings_resolve(&c, &set, &e), 0);
	CHECK_INT(set.window, 200);
	CHECK_INT(set.horizon, 5);
	c.overrides = bad;
	CHECK_INT(app_settings_resolve(&c, &set, &e), APP_BAD_REQUEST);
	CHECK(strstr(e.msg, "SCHLÜSSEL=WERT") != NULL);
	store_close(st);
}

static int deliver_fails(void *arg, struct err *e)
{
	(void)arg;
	return err_set(e, "the connection went away");
}

static int deliver_ok(void *arg, struct err *e)
{
	(void)e;
	++*(int *)arg;
	return 0;
}

TEST(app_export_audited_when_delivered)
{
	struct store *st = fresh("app_export");
	struct app_ctx c;
	struct app_fields f;
	struct app_entry en;
	struct app_export x;
	struct err e;
	int delivered = 0;
	if (!st)
		return;
	ctx_init(&c, st, LANG_EN);
	err_init(&e, LANG_EN);
	app_fields_init(&f);
	f.id = "K3";
	f.name = "Drei";
	CHECK_INT(app_customer_add(&c, &f, &e), 0);
	app_fields_init(&f);
	f.customer = "K3";
	f.satisfaction = "8,5";
	CHECK_INT(app_entry_new(&c, JK_SURVEY, &f, &en, &e), 0);
	CHECK_INT(en.r.v.satisfaction, 85);
	CHECK_INT(app_entry_add(&c, &en, &e), 0);
	app_entry_release(&en);
	CHECK_INT(app_export(&c, "Drei", &x, &e), 0);
	CHECK_STR(x.customer_id, "K3");
	CHECK_INT(x.lists[JK_SURVEY].nrows, 1);
	CHECK_INT(x.lists[JK_DIALOG].nrows, 0);
	CHECK_INT(x.audit.n, 2); /* customer added, survey added */
	CHECK_INT(app_export_deliver(&c, &x, 0, deliver_fails, NULL, &e), APP_ERR);
	CHECK_STR(e.msg, "the connection went away");
	CHECK_INT(audit_count(&c, "export"), 0);
	CHECK_INT(app_export_deliver(&c, &x, 1, deliver_ok, &delivered, &e), 0);
	CHECK_INT(delivered, 1);
	CHECK_INT(audit_count(&c, "export"), 1);
	app_export_release(&x);
	store_close(st);
}
