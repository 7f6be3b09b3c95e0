/*
 * t_web_html.c — the HTML and SVG writer (escaping for text, attributes and
 * URL components; local paths only in href/action), and the account rules
 * (names, passwords, roles).
 */
#include <string.h>

#include "test.h"
#include "web.h"
#include "web_int.h"

static struct strbuf out = STRBUF_INIT;

static const char *esc(const char *s)
{
	sb_reset(&out);
	html_escape(&out, s, strlen(s));
	return out.buf;
}

TEST(web_html_escape_text)
{
	CHECK_STR(esc("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
	CHECK_STR(esc("O'Hara \"ねこ\" & Söhne"), "O&#39;Hara &quot;ねこ&quot; &amp; Söhne");
	CHECK_STR(esc("plain"), "plain");
	CHECK_STR(esc(""), "");
	/* control characters dropped, tab and newline kept */
	CHECK_STR(esc("a\x01"
	              "b\x7f"
	              "c\td\ne"),
	          "abc\td\ne");
	/* C1 controls dropped, invalid UTF-8 replaced */
	CHECK_STR(esc("x\xc2\x85y"), "xy");
	CHECK_STR(esc("a\xff"
	              "b"),
	          "a\xef\xbf\xbd"
	          "b");
	CHECK_STR(esc("\xc0\xbc"), "\xef\xbf\xbd\xef\xbf\xbd");                 /* overlong '<' */
	CHECK_STR(esc("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* surrogate */
	CHECK_STR(esc("\xe2\x82"), "\xef\xbf\xbd\xef\xbf\xbd");                 /* cut short */
	CHECK_STR(esc("€ 😀"), "€ 😀");
	sb_release(&out);
}

TEST(web_html_writer)
{
	struct strbuf sb = STRBUF_INIT;
	struct html h;
	html_init(&h, &sb, LANG_DE);
	H(&h, "<p class=\"x\">");
	html_text(&h, "<b>");
	HT(&h, "Hello", "Hallo & Tschüss");
	HL(&h, "<i>en</i>", "<i>de</i>");
	HF(&h, "%d <%s>", 3, "x\"y");
	H(&h, "</p>");
	CHECK_STR(sb.buf,
	          "<p class=\"x\">&lt;b&gt;Hallo &amp; Tschüss<i>de</i>3 &lt;x&quot;y&gt;</p>");
	sb_reset(&sb);
	/* attributes: escaped; URL attributes take only local paths */
	HATTR(&h, "title", "\"><script>");
	HATTR(&h, "href", "/users?x=1&y=2");
	HATTR(&h, "href", "javascript:alert(1)");
	HATTR(&h, "href", "//evil.example/");
	HATTR(&h, "action", "https://evil.example/");
	HATTR(&h, "src", "/\\evil");
	HATTR(&h, "href", NULL);
	HATTR(&h, "value", NULL);
	CHECK_STR(sb.buf,
	          " title=\"&quot;&gt;&lt;script&gt;\" href=\"/users?x=1&amp;y=2\" href=\"#\""
	          " href=\"#\" action=\"#\" src=\"#\" href=\"#\" value=\"\"");
	sb_reset(&sb);
	/* URL components: everything but unreserved characters encoded */
	html_urlc(&h, "a b/c?d=e&f#g\"<ä");
	CHECK_STR(sb.buf, "a%20b%2Fc%3Fd%3De%26f%23g%22%3C%C3%A4");
	sb_reset(&sb);
	html_int(&h, -42);
	CHECK_STR(sb.buf, "-42");
	CHECK(html_local_path("/"));
	CHECK(html_local_path("/users"));
	CHECK(!html_local_path("users"));
	CHECK(!html_local_path("//x"));
	CHECK(!html_local_path("/\\x"));
	CHECK(!html_local_path("/a\nb"));
	CHECK(!html_local_path(NULL));
	sb_release(&sb);
}

TEST(web_svg_writer)
{
	struct strbuf sb = STRBUF_INIT;
	struct html h;
	double xs[] = {0, 10.5, 20}, ys[] = {1, 2.25, 0.0 / 0.0};
	html_init(&h, &sb, LANG_EN);
	SVG_BEGIN(&h, 200, 100, "chart", "Orders <per> month");
	SVG_RECT(&h, 1, 2, 3.5, -4, "bar", "Jan: 3 & more");
	SVG_LINE(&h, 0, 0, 200, 0, "axis");
	SVG_CIRCLE(&h, 5, 5, 2, "dot", NULL);
	SVG_POLYLINE(&h, xs, ys, 3, "line");
	SVG_TEXT(&h, 10, 20, "label", "middle", "<b>O'Hara</b>");
	svg_link_begin(&h, "/customers/K%201");
	svg_link_end(&h);
	svg_link_begin(&h, "javascript:alert(1)");
	svg_link_end(&h);
	svg_end(&h);
	CHECK_STR(
	    sb.buf,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 100\" class=\"chart\""
	    " role=\"img\" aria-label=\"Orders &lt;per&gt; month\"><title>Orders &lt;per&gt; "
	    "month</title>"
	    "<rect x=\"1\" y=\"2\" width=\"3.5\" height=\"0\" class=\"bar\"><title>Jan: 3 "
	    "&amp; more</title></rect>"
	    "<line x1=\"0\" y1=\"0\" x2=\"200\" y2=\"0\" class=\"axis\"/>"
	    "<circle cx=\"5\" cy=\"5\" r=\"2\" class=\"dot\"/>"
	    "<polyline points=\"0,1 10.5,2.25 20,0\" class=\"line\"/>"
	    "<text x=\"10\" y=\"20\" class=\"label\" text-anchor=\"middle\">&lt;b&gt;O&#39;Hara"
	    "&lt;/b&gt;</text>"
	    "<a href=\"/customers/K%201\"></a><a href=\"#\"></a></svg>");
	sb_release(&sb);
}

TEST(web_account_rules)
{
	struct err e;
	err_init(&e, LANG_EN);
	CHECK_INT(acct_password_ok("ada", "short", LANG_EN, &e), -1);
	CHECK(strstr(e.msg, "shorter than 12") != NULL);
	CHECK_INT(acct_password_ok("ada", "ねこねこねこねこねこねこ", LANG_EN, &e),
	          0); /* 12 characters */
	CHECK_INT(acct_password_ok("ada", "ねこねこねこねこねこね", LANG_EN, &e), -1);
	CHECK_INT(acct_password_ok("ada", "Password1234", LANG_DE, &e), -1);
	CHECK(strstr(e.msg, "Angreifer") != NULL);
	CHECK_INT(acct_password_ok("ada", "passwort2024!!", LANG_EN, &e), -1);
	CHECK_INT(acct_password_ok("ada", "QwertzQwertz12", LANG_EN, &e), -1);
	CHECK_INT(acct_password_ok("ada", "aaaaaaaaaaaaaaa", LANG_EN, &e), -1);
	CHECK_INT(acct_password_ok("ada", "3456789012345", LANG_EN, &e), -1);
	CHECK_INT(acct_password_ok("ada", "9876543210987", LANG_EN, &e), -1);
	CHECK_INT(acct_password_ok("Adalbert Kühn", "adalbert kühn", LANG_EN, &e), -1);
	CHECK_INT(acct_password_ok("ada", "tab\tinside password", LANG_EN, &e), -1);
	CHECK_INT(acct_password_ok("ada", "bad \xff utf-8 here", LANG_EN, &e), -1);
	CHECK_INT(acct_password_ok("ada", "correct horse battery staple", LANG_EN, &e), 0);
	char longpw[200];
	memset(longpw, 'k', 129);
	longpw[0] = 'x';
	longpw[129] = '\0';
	CHECK_INT(acct_password_ok("ada", longpw, LANG_EN, &e), -1);
	longpw[128] = '\0';
	CHECK_INT(acct_password_ok("ada", longpw, LANG_EN, &e), 0);
	/* generated passwords pass the rules and differ */
	char a[21], b[21];
	acct_password_generate(a);
	acct_password_generate(b);
	CHECK_INT(strlen(a), 20);
	CHECK(strcmp(a, b) != 0);
	CHECK_INT(acct_password_ok("ada", a, LANG_EN, &e), 0);
	/* hashes: argon2id, verified, salted */
	char h1[128], h2[128];
	CHECK_INT(acct_password_hash("correct horse battery staple", h1, &e), 0);
	CHECK_INT(acct_password_hash("correct horse battery staple", h2, &e), 0);
	CHECK(!strncmp(h1, "$argon2id$v=19$m=19456,t=2,", 27));
	CHECK(strcmp(h1, h2) != 0);
	CHECK(acct_password_verify(h1, "correct horse battery staple"));
	CHECK(!acct_password_verify(h1, "correct horse battery stapl"));
	CHECK(!acct_password_verify("garbage", "x"));
	/* names */
	CHECK_INT(acct_name_ok("<img src=x onerror=alert(1)>", LANG_EN, &e), 0);
	CHECK_INT(acct_name_ok("O'Hara \"ねこ\" & Söhne", LANG_EN, &e), 0);
	CHECK_INT(acct_name_ok("", LANG_EN, &e), -1);
	CHECK_INT(acct_name_ok(" ada", LANG_EN, &e), -1);
	CHECK_INT(acct_name_ok("a\nb", LANG_EN, &e), -1);
	CHECK_INT(acct_name_ok("12345678901234567890123456789012345678901234567890123456789012345",
	                       LANG_EN, &e),
	          -1);
	CHECK_STR(e.field, "name");
	/* roles */
	enum web_role r;
	CHECK_INT(web_role_parse("manager", &r), 0);
	CHECK_INT(r, ROLE_MANAGER);
	CHECK_INT(web_role_parse("root", &r), -1);
	CHECK_INT(web_role_parse(NULL, &r), -1);
	CHECK(ROLE_ADMIN > ROLE_MANAGER && ROLE_MANAGER > ROLE_MEMBER && ROLE_MEMBER > ROLE_VIEWER);
	CHECK_STR(web_role_label(ROLE_MEMBER, LANG_DE), "Mitarbeiter");
	CHECK(text_chars("ねこ") == 2);
	CHECK(text_chars("a\x7f") == -1);
}

/* A form field without "=" ("abc", as any unauthenticated POST /login can
 * send) wrote into a string constant and killed the server. */
TEST(web_form_field_without_value)
{
	struct web_req rq;
	struct web_limits lim;
	char body[] = "a&b=1&c";
	memset(&rq, 0, sizeof(rq));
	web_limits_default(&lim);
	rq.body = body;
	rq.body_len = strlen(body);
	CHECK_INT(web_parse_form(&rq, &lim), 0);
	CHECK_INT(rq.nform, 3);
	CHECK_STR(web_field(&rq, "a"), "");
	CHECK_STR(web_field(&rq, "b"), "1");
	CHECK_STR(web_field(&rq, "c"), "");
	web_req_release(&rq);
}
