/*
 * t_web_import.c — the Import page in-process: a German CSV (Windows-1252,
 * semicolons, 1.234,56, 24.11.2026, German headers) uploaded as a browser
 * does (multipart with the CSRF token), the dry run (encoding, delimiter,
 * forms, mapping, first rows, errors with their lines), a column mapped
 * away and back, confirm and the rows in the store with the user in the
 * audit; an Excel workbook with date and number cells, its second sheet
 * chosen; all or nothing with a bad row; the upload bound to its session
 * and expiring; discard; role, CSRF and cap refusals.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "app.h"
#include "web_test.h"

#define BND "TreueTestBoundary7"
#define MP_CT "multipart/form-data; boundary=" BND

static struct tr T;

static int has(const char *s)
{
	return T.rs.body.buf && strstr(T.rs.body.buf, s) != NULL;
}

static void mp_field(struct strbuf *b, const char *name, const char *v)
{
	sb_addf(b, "--" BND "\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", name,
	        v);
}

static void mp_file(struct strbuf *b, const char *name, const char *fn, const char *data, size_t n)
{
	sb_addf(b,
	        "--" BND "\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
	        "Content-Type: text/csv\r\n\r\n",
	        name, fn);
	sb_add(b, data, n);
	sb_adds(b, "\r\n");
}

static void mp_end(struct strbuf *b)
{
	sb_adds(b, "--" BND "--\r\n");
}

/* POSTs a multipart body with the session; returns the status. */
static int post_mp(struct web_server *srv, const struct wt_session *s, const char *path,
                   int64_t now, const struct strbuf *body)
{
	tr_init(&T, WM_POST, path, now);
	if (s)
		tr_cookie(&T, "__Host-treue", s->cookie);
	tr_header(&T, "Content-Type", MP_CT);
	T.rq.body = body->buf;
	T.rq.body_len = body->len;
	tr_run(srv, &T);
	return T.rs.status;
}

/* The German orders file: Windows-1252, semicolons, German headers (one
 * with an umlaut, one that names no field), 1.234,56 and 24.11.2026. */
static const char GOOD[] = "Kundennummer;Belegnr.;Belegdatum;Umsatz netto;Bemerkung f\xfcr uns\r\n"
                           "K90001;B-1;24.11.2026;1.234,56;erste Lieferung\r\n"
                           "K90001;B-2;25.11.2026;99,00;\r\n"
                           "K90002;B-3;26.11.2026;12.000,00;gro\xdf\r\n";
static const char BAD[] = "Kundennummer;Belegdatum;Umsatz\r\n"
                          "K90009;24.11.2026;10,00\r\n"
                          "K90009;31.02.2026;11,00\r\n"
                          "K90009;25.11.2026;zwölf\r\n";

/* Uploads data as kind with the session; the upload's path into loc. */
static int upload(struct web_server *srv, const struct wt_session *s, const char *kind,
                  const char *fn, const char *data, size_t n, char loc[128])
{
	struct strbuf b = STRBUF_INIT;
	mp_field(&b, "csrf", s->csrf);
	mp_field(&b, "kind", kind);
	mp_file(&b, "file", fn, data, n);
	mp_end(&b);
	int st = post_mp(srv, s, "/import", T0 + 5, &b);
	const char *l = web_resp_get(&T.rs, "Location");
	snprintf(loc, 128, "%s", st == 303 && l ? l : "");
	tr_done(&T);
	sb_release(&b);
	return st;
}

static int count_orders(const char *customer)
{
	struct store *st;
	struct err e;
	struct app_export x = {0};
	int n = -1;
	err_init(&e, LANG_EN);
	if (store_open(wt_db_path(), 0, &st, &e))
		return -2;
	struct app_ctx c = {.st = st, .lang = LANG_EN, .as_of = DAY_NONE};
	if (app_export(&c, customer, &x, &e) == 0)
		n = (int)x.norders;
	app_export_release(&x);
	store_close(st);
	return n;
}

/* GETs loc until the import is over (the page is no longer the progress
 * page); every progress page seen must refresh itself. */
static void wait_done(struct web_server *srv, const struct wt_session *s, const char *loc)
{
	for (int i = 0; i < 3000; i++) {
		wt_get(srv, s, loc, T0 + 7, &T);
		if (!has("http-equiv=\"refresh\""))
			return; /* T holds the final page: the caller checks it */
		CHECK(has("<progress"));
		tr_done(&T);
		usleep(10000);
	}
	test_fail(__FILE__, __LINE__, "the import did not end");
}

TEST(web_import_german_csv_dry_run_and_confirm)
{
	struct web_server *srv = wt_server(2);
	struct wt_session ada;
	char loc[128], pw[64];
	CHECK_INT(wt_login(srv, "ada", wt_pw("ada", pw, sizeof(pw)), T0, &ada), 0);
	CHECK_INT(wt_get(srv, &ada, "/import", T0 + 1, &T), 200);
	CHECK(has("enctype=\"multipart/form-data\""));
	CHECK(has("name=\"file\""));
	tr_done(&T);

	CHECK_INT(upload(srv, &ada, "auftr\xc3\xa4ge", "Belege M\xc3\xa4rz.csv", GOOD,
	                 sizeof(GOOD) - 1, loc),
	          303);
	CHECK(!strncmp(loc, "/import/", 8) && strlen(loc) == 8 + 32);
	CHECK_INT(wt_get(srv, &ada, loc, T0 + 6, &T), 200);
	CHECK(has("Belege März.csv"));
	CHECK(has("Windows-1252"));
	CHECK(has("converted to UTF-8"));
	CHECK(has("semicolon (;)"));
	CHECK(has("DD.MM.YYYY"));
	CHECK(has("decimal comma"));
	CHECK(has("Bemerkung für uns")); /* the header, decoded */
	CHECK(has("ignored (no field)"));
	CHECK(has("<td>1234.56</td>"));
	CHECK(has("<td>2026-11-24</td>"));
	CHECK(has("Import 3 rows"));
	CHECK(has("treue import orders &#39;Belege März.csv&#39; --dry-run"));
	/* nothing written by the dry run */
	CHECK_INT(count_orders("K90001"), -1);
	tr_done(&T);

	/* map the revenue column away: the dry run says what is missing */
	struct strbuf b = STRBUF_INIT;
	char path[160];
	snprintf(path, sizeof(path), "%s/map", loc);
	mp_field(&b, "csrf", ada.csrf);
	mp_field(&b, "kind", "orders");
	mp_field(&b, "date_order", "");
	mp_field(&b, "encoding", "");
	mp_field(&b, "col4", "-");
	mp_end(&b);
	CHECK_INT(post_mp(srv, &ada, path, T0 + 6, &b), 303);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, loc, T0 + 6, &T), 200);
	CHECK(has("revenue"));
	CHECK(has("--map 4="));
	CHECK(!has("Import 3 rows"));
	CHECK(has("msg-error"));
	tr_done(&T);
	/* and back, by name: the mapping a person chooses */
	sb_reset(&b);
	mp_field(&b, "csrf", ada.csrf);
	mp_field(&b, "kind", "orders");
	mp_field(&b, "col4", "revenue");
	mp_field(&b, "col5", "-");
	mp_end(&b);
	CHECK_INT(post_mp(srv, &ada, path, T0 + 6, &b), 303);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, loc, T0 + 6, &T), 200);
	CHECK(has("--map 4=revenue --map 5="));
	CHECK(has("Import 3 rows"));
	tr_done(&T);
	/* a field the kind does not have is refused */
	sb_reset(&b);
	mp_field(&b, "csrf", ada.csrf);
	mp_field(&b, "kind", "orders");
	mp_field(&b, "col4", "satisfaction");
	mp_end(&b);
	CHECK_INT(post_mp(srv, &ada, path, T0 + 6, &b), 400);
	tr_done(&T);

	/* confirm: the import runs, the page ends at the result */
	snprintf(path, sizeof(path), "%s/confirm", loc);
	CHECK_INT(wt_post(srv, &ada, path, T0 + 7, &T, NULL), 303);
	CHECK_STR(web_resp_get(&T.rs, "Location"), loc);
	tr_done(&T);
	wait_done(srv, &ada, loc);
	CHECK_INT(T.rs.status, 200);
	CHECK(has("3 imported, 0 updated, 0 already present, 2 customers created"));
	tr_done(&T);
	CHECK_INT(count_orders("K90001"), 2);
	CHECK_INT(count_orders("K90002"), 1);
	/* the order as the store holds it */
	{
		struct store *st;
		struct err e;
		struct app_export x = {0};
		err_init(&e, LANG_EN);
		CHECK_INT(store_open(wt_db_path(), 0, &st, &e), 0);
		struct app_ctx c = {.st = st, .lang = LANG_EN, .as_of = DAY_NONE};
		CHECK_INT(app_export(&c, "K90001", &x, &e), 0);
		CHECK(x.norders == 2 && x.orders[0].revenue == 123456 &&
		      x.orders[0].date == day_from_ymd(2026, 11, 24));
		app_export_release(&x);
		/* the audit names the user and the file as uploaded */
		struct app_audit a;
		struct app_audit_filter f = {DAY_NONE, DAY_NONE, NULL, "ada"};
		CHECK_INT(app_audit_find(&c, &f, &a, &e), 0);
		int found = 0;
		for (size_t i = 0; i < a.n; i++)
			if (!strcmp(a.v[i].action, "import") && a.v[i].rows == 3 &&
			    !strcmp(a.v[i].detail, "orders Belege März.csv (upload)"))
				found = 1;
		CHECK(found);
		app_audit_release(&a);
		store_close(st);
	}
	/* a second confirm imports nothing more */
	CHECK_INT(wt_post(srv, &ada, path, T0 + 8, &T, NULL), 303);
	tr_done(&T);
	CHECK_INT(count_orders("K90001"), 2);
	sb_release(&b);
	web_server_close(srv);
}

TEST(web_import_bad_rows_import_nothing)
{
	struct web_server *srv = wt_server(2);
	struct wt_session ada;
	char loc[128], pw[64], path[160];
	CHECK_INT(wt_login(srv, "ada", wt_pw("ada", pw, sizeof(pw)), T0, &ada), 0);
	CHECK_INT(upload(srv, &ada, "orders", "bad.csv", BAD, sizeof(BAD) - 1, loc), 303);
	CHECK_INT(wt_get(srv, &ada, loc, T0 + 6, &T), 200);
	/* every bad value with its file and line, without the server's path */
	CHECK(has("bad.csv:3: field &quot;date&quot;: &quot;31.02.2026&quot;"));
	CHECK(has("bad.csv:4: field &quot;revenue&quot;"));
	CHECK(has("Bad values (2)"));
	CHECK(!has("treue-uploads-"));
	CHECK(!has("Import 3 rows"));
	tr_done(&T);
	/* confirmed anyway: all or nothing */
	snprintf(path, sizeof(path), "%s/confirm", loc);
	CHECK_INT(wt_post(srv, &ada, path, T0 + 7, &T, NULL), 303);
	tr_done(&T);
	wait_done(srv, &ada, loc);
	CHECK(has("2 bad rows: nothing was imported"));
	CHECK(has("msg-error"));
	tr_done(&T);
	CHECK_INT(count_orders("K90009"), -1);
	/* discard: the upload is gone */
	snprintf(path, sizeof(path), "%s/discard", loc);
	CHECK_INT(wt_post(srv, &ada, path, T0 + 8, &T, NULL), 303);
	CHECK_STR(web_resp_get(&T.rs, "Location"), "/import");
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, loc, T0 + 9, &T), 404);
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_import_upload_is_the_sessions_and_expires)
{
	struct web_server *srv = wt_server(2);
	struct wt_session ada, ada2, mo;
	char loc[128], pw[64], path[160];
	CHECK_INT(wt_login(srv, "ada", wt_pw("ada", pw, sizeof(pw)), T0, &ada), 0);
	CHECK_INT(wt_login(srv, "ada", wt_pw("ada", pw, sizeof(pw)), T0, &ada2), 0);
	CHECK_INT(wt_login(srv, "mo", wt_pw("mo", pw, sizeof(pw)), T0, &mo), 0);
	CHECK_INT(upload(srv, &ada, "orders", "a.csv", GOOD, sizeof(GOOD) - 1, loc), 303);
	/* another session of the same user does not see it, nor can confirm it */
	CHECK_INT(wt_get(srv, &ada2, loc, T0 + 6, &T), 404);
	tr_done(&T);
	snprintf(path, sizeof(path), "%s/confirm", loc);
	CHECK_INT(wt_post(srv, &ada2, path, T0 + 6, &T, NULL), 404);
	tr_done(&T);
	/* a manager may not import at all */
	CHECK_INT(wt_get(srv, &mo, "/import", T0 + 6, &T), 403);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &mo, loc, T0 + 6, &T), 403);
	tr_done(&T);
	/* ids that are not an upload */
	CHECK_INT(wt_get(srv, &ada, "/import/0123456789abcdef0123456789abcdef", T0 + 6, &T), 404);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/import/..%2F..%2Fetc%2Fpasswd", T0 + 6, &T), 404);
	tr_done(&T);
	/* unused for more than an hour (the session kept alive): gone */
	CHECK_INT(wt_get(srv, &ada, loc, T0 + 600, &T), 200);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/week", T0 + 1500, &T), 200);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, "/week", T0 + 3000, &T), 200);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, loc, T0 + 600 + 3601, &T), 404);
	tr_done(&T);
	web_server_close(srv);
}

TEST(web_import_refusals)
{
	struct web_server *srv = wt_server(2);
	struct wt_session ada, mia;
	char loc[128], pw[64];
	struct strbuf b = STRBUF_INIT;
	CHECK_INT(wt_login(srv, "ada", wt_pw("ada", pw, sizeof(pw)), T0, &ada), 0);
	CHECK_INT(wt_login(srv, "mia", wt_pw("mia", pw, sizeof(pw)), T0, &mia), 0);
	/* a member: neither the page nor the upload */
	CHECK_INT(wt_get(srv, &mia, "/import", T0 + 1, &T), 403);
	tr_done(&T);
	CHECK_INT(upload(srv, &mia, "orders", "a.csv", GOOD, sizeof(GOOD) - 1, loc), 403);
	/* without the CSRF token, or with another's */
	mp_field(&b, "kind", "orders");
	mp_file(&b, "file", "a.csv", GOOD, sizeof(GOOD) - 1);
	mp_end(&b);
	CHECK_INT(post_mp(srv, &ada, "/import", T0 + 2, &b), 403);
	CHECK(has("The form has expired"));
	tr_done(&T);
	sb_reset(&b);
	mp_field(&b, "csrf", mia.csrf);
	mp_field(&b, "kind", "orders");
	mp_file(&b, "file", "a.csv", GOOD, sizeof(GOOD) - 1);
	mp_end(&b);
	CHECK_INT(post_mp(srv, &ada, "/import", T0 + 2, &b), 403);
	tr_done(&T);
	/* no file, an empty one, no kind */
	sb_reset(&b);
	mp_field(&b, "csrf", ada.csrf);
	mp_field(&b, "kind", "orders");
	mp_end(&b);
	CHECK_INT(post_mp(srv, &ada, "/import", T0 + 2, &b), 400);
	CHECK(has("Choose a file"));
	tr_done(&T);
	sb_reset(&b);
	mp_field(&b, "csrf", ada.csrf);
	mp_field(&b, "kind", "orders");
	mp_file(&b, "file", "empty.csv", "", 0);
	mp_end(&b);
	CHECK_INT(post_mp(srv, &ada, "/import", T0 + 2, &b), 400);
	CHECK(has("The file is empty"));
	tr_done(&T);
	sb_reset(&b);
	mp_field(&b, "csrf", ada.csrf);
	mp_field(&b, "kind", "invoices of the moon");
	mp_file(&b, "file", "a.csv", GOOD, sizeof(GOOD) - 1);
	mp_end(&b);
	CHECK_INT(post_mp(srv, &ada, "/import", T0 + 2, &b), 400);
	tr_done(&T);
	/* caps: too many parts, a part's headers too long, a field too long,
	 * too many files, a body over the upload cap — all 413 */
	sb_reset(&b);
	mp_field(&b, "csrf", ada.csrf);
	for (int i = 0; i < 300; i++)
		mp_field(&b, "x", "1");
	mp_end(&b);
	CHECK_INT(post_mp(srv, &ada, "/import", T0 + 2, &b), 413);
	tr_done(&T);
	sb_reset(&b);
	mp_field(&b, "csrf", ada.csrf);
	sb_adds(&b, "--" BND "\r\nContent-Disposition: form-data; name=\"kind\"\r\nX-Pad: ");
	for (int i = 0; i < 3000; i++)
		sb_addch(&b, 'p');
	sb_adds(&b, "\r\n\r\norders\r\n");
	mp_end(&b);
	CHECK_INT(post_mp(srv, &ada, "/import", T0 + 2, &b), 413);
	tr_done(&T);
	sb_reset(&b);
	mp_field(&b, "csrf", ada.csrf);
	sb_adds(&b, "--" BND "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n");
	for (int i = 0; i < 17000; i++)
		sb_addch(&b, 'k');
	sb_adds(&b, "\r\n");
	mp_end(&b);
	CHECK_INT(post_mp(srv, &ada, "/import", T0 + 2, &b), 413);
	tr_done(&T);
	sb_reset(&b);
	mp_field(&b, "csrf", ada.csrf);
	for (int i = 0; i < 5; i++)
		mp_file(&b, "file", "a.csv", "x", 1);
	mp_end(&b);
	CHECK_INT(post_mp(srv, &ada, "/import", T0 + 2, &b), 413);
	tr_done(&T);
	sb_reset(&b);
	mp_field(&b, "csrf", ada.csrf);
	mp_end(&b);
	tr_init(&T, WM_POST, "/import", T0 + 2);
	tr_cookie(&T, "__Host-treue", ada.cookie);
	tr_header(&T, "Content-Type", MP_CT);
	T.rq.body_over = 1; /* the glue stopped reading at the cap */
	tr_run(srv, &T);
	CHECK_INT(T.rs.status, 413);
	tr_done(&T);
	CHECK_INT(web_body_cap(srv, WM_POST, "/import", MP_CT), 64u << 20);
	CHECK_INT(web_body_cap(srv, WM_POST, "/import", "application/x-www-form-urlencoded"),
	          65536);
	CHECK_INT(web_body_cap(srv, WM_POST, "/settings", MP_CT), 65536);
	/* a multipart body where no upload is taken */
	sb_reset(&b);
	mp_field(&b, "csrf", ada.csrf);
	mp_field(&b, "key", "window");
	mp_field(&b, "value", "400");
	mp_end(&b);
	CHECK_INT(post_mp(srv, &ada, "/settings", T0 + 2, &b), 415);
	tr_done(&T);
	/* a malformed body */
	sb_reset(&b);
	sb_adds(&b, "--" BND "\r\nno colon\r\n\r\nx\r\n--" BND "--\r\n");
	CHECK_INT(post_mp(srv, &ada, "/import", T0 + 2, &b), 400);
	tr_done(&T);
	sb_release(&b);
	web_server_close(srv);
}

/* A workbook: an empty first sheet, then German headers with a date cell
 * and a money cell, and a text date with a text amount. */
static struct strbuf make_book(void)
{
	struct strbuf path = STRBUF_INIT, data = STRBUF_INIT;
	sb_addf(&path, "%s/web-book.xlsx", test_tmpdir());
	lxw_workbook *wb = workbook_new(path.buf);
	lxw_worksheet *first = workbook_add_worksheet(wb, "Hinweise");
	lxw_worksheet *a = workbook_add_worksheet(wb, "Umsätze 2026");
	lxw_format *date = workbook_add_format(wb), *money = workbook_add_format(wb);
	format_set_num_format(date, "dd.mm.yyyy");
	format_set_num_format(money, "#,##0.00 \"€\"");
	worksheet_write_string(first, 0, 0, "Export vom 30.11.2026", NULL);
	worksheet_write_string(a, 0, 0, "Kundennummer", NULL);
	worksheet_write_string(a, 0, 1, "Belegdatum", NULL);
	worksheet_write_string(a, 0, 2, "Umsatz netto", NULL);
	worksheet_write_string(a, 1, 0, "K91001", NULL);
	worksheet_write_number(a, 1, 1, 46350, date); /* 2026-11-24 */
	worksheet_write_number(a, 1, 2, 1234.56, money);
	worksheet_write_string(a, 2, 0, "K91001", NULL);
	worksheet_write_string(a, 2, 1, "25.11.2026", NULL);
	worksheet_write_string(a, 2, 2, "99,00", NULL);
	CHECK(workbook_close(wb) == LXW_NO_ERROR);
	FILE *f = fopen(path.buf, "rb");
	char buf[4096];
	size_t n;
	while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&data, buf, n);
	if (f)
		fclose(f);
	sb_release(&path);
	return data;
}

TEST(web_import_workbook)
{
	struct web_server *srv = wt_server(2);
	struct wt_session ada;
	char loc[128], pw[64], path[160];
	struct strbuf book = make_book(), b = STRBUF_INIT;
	CHECK(book.len > 100);
	CHECK_INT(wt_login(srv, "ada", wt_pw("ada", pw, sizeof(pw)), T0, &ada), 0);
	CHECK_INT(upload(srv, &ada, "orders", "Umsätze.xlsx", book.buf, book.len, loc), 303);
	/* the first sheet holds no table: the dry run says what is missing */
	CHECK_INT(wt_get(srv, &ada, loc, T0 + 6, &T), 200);
	CHECK(has("Excel (.xlsx)"));
	CHECK(has("Hinweise"));
	CHECK(!has("Import 2 rows"));
	tr_done(&T);
	/* the second sheet, by name */
	snprintf(path, sizeof(path), "%s/map", loc);
	mp_field(&b, "csrf", ada.csrf);
	mp_field(&b, "kind", "orders");
	mp_field(&b, "sheet", "Umsätze 2026");
	mp_end(&b);
	CHECK_INT(post_mp(srv, &ada, path, T0 + 6, &b), 303);
	tr_done(&T);
	CHECK_INT(wt_get(srv, &ada, loc, T0 + 6, &T), 200);
	CHECK(has("Umsätze 2026"));
	CHECK(has("--sheet &#39;Umsätze 2026&#39;"));
	CHECK(has("<td>2026-11-24</td>"));
	CHECK(has("<td>1234.56</td>"));
	CHECK(has("Import 2 rows"));
	tr_done(&T);
	snprintf(path, sizeof(path), "%s/confirm", loc);
	CHECK_INT(wt_post(srv, &ada, path, T0 + 7, &T, NULL), 303);
	tr_done(&T);
	wait_done(srv, &ada, loc);
	CHECK(has("2 imported"));
	tr_done(&T);
	CHECK_INT(count_orders("K91001"), 2);
	sb_release(&b);
	sb_release(&book);
	web_server_close(srv);
}
