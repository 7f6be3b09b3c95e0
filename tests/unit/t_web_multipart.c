/*
 * t_web_multipart.c — the multipart/form-data parser (src/web/multipart.c):
 * fields and files as browsers send them, quoting of the boundary and of
 * file names, preambles, CRLF and boundary-like text inside a file, and
 * every cap and malformation answered with its status.
 */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "web.h"

#define CT "multipart/form-data; boundary=XyZ"

static const struct mp_limits LIM = {1 << 20, 8, 256, 64, 2};

static int parse(const char *ct, const char *body, size_t n, const struct mp_limits *l,
                 struct mp_form *f)
{
	return mp_parse(ct, body, n, l ? l : &LIM, f);
}

static const struct web_part *part(const struct mp_form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->parts[i].name, name))
			return &f->parts[i];
	return NULL;
}

TEST(web_multipart_fields_and_files)
{
	static const char body[] =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
	    "tok123\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"kind\"\r\n\r\n"
	    "orders\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"file\"; filename=\"Belege M\xc3\xa4rz.csv\"\r\n"
	    "Content-Type: text/csv\r\n\r\n"
	    "Kundennummer;Umsatz\r\nK1;1.234,56\r\nsee --XyZ, not a boundary\r\nK2;\0;x\r\n"
	    "--XyZ--\r\n";
	struct mp_form f;
	CHECK_INT(parse(CT, body, sizeof(body) - 1, NULL, &f), 0);
	CHECK_INT(f.n, 3);
	const struct web_part *p = part(&f, "csrf");
	CHECK(p && !p->filename);
	CHECK_STR(p ? p->data : NULL, "tok123");
	CHECK_INT(p ? p->len : 0, 6);
	p = part(&f, "kind");
	CHECK_STR(p ? p->data : NULL, "orders");
	p = part(&f, "file");
	CHECK(p != NULL);
	if (p) {
		static const char want[] =
		    "Kundennummer;Umsatz\r\nK1;1.234,56\r\nsee --XyZ, not a boundary\r\nK2;\0;x";
		CHECK_STR(p->filename, "Belege M\xc3\xa4rz.csv");
		CHECK_STR(p->content_type, "text/csv");
		CHECK_INT(p->len, sizeof(want) - 1);
		CHECK(p->len == sizeof(want) - 1 && !memcmp(p->data, want, p->len));
		/* a file's bytes are not copied: they are the body's */
		CHECK(p->data > body && p->data < body + sizeof(body));
	}
	mp_release(&f);
}

TEST(web_multipart_boundary_forms)
{
	static const char body[] = "preamble text\r\n"
	                           "--a'b c\r\n"
	                           "content-disposition: FORM-DATA; NAME=plain ; filename=\"\"\r\n"
	                           "\r\n"
	                           "\r\n"
	                           "--a'b c  \r\n"
	                           "Content-Disposition: form-data; name=\"q\\\"x\"\r\n\r\n"
	                           "v\r\n"
	                           "--a'b c--";
	struct mp_form f;
	CHECK_INT(parse("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a'b c\"", body,
	                sizeof(body) - 1, NULL, &f),
	          0);
	CHECK_INT(f.n, 2);
	const struct web_part *p = part(&f, "plain");
	/* an empty file name is still a file part (nothing chosen) */
	CHECK(p && p->filename && !*p->filename && p->len == 0);
	CHECK(part(&f, "q\"x") != NULL);
	mp_release(&f);
	/* no parts at all */
	CHECK_INT(parse(CT, "--XyZ--\r\n", 9, NULL, &f), 0);
	CHECK_INT(f.n, 0);
	mp_release(&f);
}

TEST(web_multipart_refusals)
{
	static const struct {
		const char *ct, *body;
		int status;
	} cases[] = {
	    /* not multipart, no or a bad boundary: 415 */
	    {"application/x-www-form-urlencoded", "a=b", 415},
	    {"multipart/form-data", "--x--", 415},
	    {"multipart/form-datax; boundary=XyZ", "--XyZ--", 415},
	    {"multipart/form-data; boundary=\"open", "--open--", 415},
	    {"multipart/form-data; boundary="
	     "12345678901234567890123456789012345678901234567890123456789012345678901",
	     "--x--", 415},
	    {NULL, "--XyZ--", 415},
	    /* malformed: 400 */
	    {CT, "", 400},
	    {CT, "no boundary anywhere", 400},
	    {CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv", 400},
	    {CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ", 400},
	    {CT, "--XyZ\r\nContent-Disposition: form-data\r\n\r\nv\r\n--XyZ--", 400},
	    {CT, "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--XyZ--", 400},
	    {CT, "--XyZ\r\nno colon here\r\n\r\nv\r\n--XyZ--", 400},
	    {CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--XyZ--", 400},
	    {CT, "--XyZ junk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ--",
	     400},
	    {CT, "--XyZ\r\n\r\nv\r\n--XyZ--", 400},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct mp_form f;
		int st = parse(cases[i].ct, cases[i].body, strlen(cases[i].body), NULL, &f);
		if (st != cases[i].status)
			test_fail(__FILE__, __LINE__, "case %zu: status %d, expected %d", i, st,
			          cases[i].status);
		CHECK(f.parts == NULL && f.n == 0);
		mp_release(&f);
	}
	/* a NUL in a plain field is refused; in a file it is data */
	static const char nul_field[] =
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\0y\r\n--XyZ--";
	struct mp_form f;
	CHECK_INT(parse(CT, nul_field, sizeof(nul_field) - 1, NULL, &f), 400);
	mp_release(&f);
	static const char nul_head[] =
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\0\"\r\n\r\nxy\r\n--XyZ--";
	CHECK_INT(parse(CT, nul_head, sizeof(nul_head) - 1, NULL, &f), 400);
	mp_release(&f);
}

/* n parts "f0".."f{n-1}", each with value v (and files as file parts). */
static char *many(int n, const char *v, int files, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < n; i++) {
		sb_addf(&sb, "--XyZ\r\nContent-Disposition: form-data; name=\"f%d\"", i);
		if (i < files)
			sb_addf(&sb, "; filename=\"f%d.csv\"", i);
		sb_addf(&sb, "\r\n\r\n%s\r\n", v);
	}
	sb_adds(&sb, "--XyZ--\r\n");
	*len = sb.len;
	return sb_detach(&sb);
}

TEST(web_multipart_caps)
{
	struct mp_form f;
	size_t n;
	char *b;
	/* parts: 8 pass, 9 do not */
	b = many(8, "v", 0, &n);
	CHECK_INT(parse(CT, b, n, NULL, &f), 0);
	CHECK_INT(f.n, 8);
	mp_release(&f);
	free(b);
	b = many(9, "v", 0, &n);
	CHECK_INT(parse(CT, b, n, NULL, &f), 413);
	CHECK(f.parts == NULL);
	mp_release(&f);
	free(b);
	/* a plain field of 64 bytes passes, of 65 not; a file may be longer */
	char v64[66];
	memset(v64, 'x', 65);
	v64[64] = '\0';
	b = many(1, v64, 0, &n);
	CHECK_INT(parse(CT, b, n, NULL, &f), 0);
	mp_release(&f);
	free(b);
	v64[64] = 'x';
	v64[65] = '\0';
	b = many(1, v64, 0, &n);
	CHECK_INT(parse(CT, b, n, NULL, &f), 413);
	mp_release(&f);
	free(b);
	b = many(1, v64, 1, &n);
	CHECK_INT(parse(CT, b, n, NULL, &f), 0);
	mp_release(&f);
	free(b);
	/* files: 2 pass, 3 do not */
	b = many(3, "v", 3, &n);
	CHECK_INT(parse(CT, b, n, NULL, &f), 413);
	mp_release(&f);
	free(b);
	/* the body: its cap is checked before anything else */
	struct mp_limits small = LIM;
	b = many(2, "v", 0, &n);
	small.max_body = n - 1;
	CHECK_INT(parse(CT, b, n, &small, &f), 413);
	mp_release(&f);
	small.max_body = n;
	CHECK_INT(parse(CT, b, n, &small, &f), 0);
	mp_release(&f);
	free(b);
	/* a part's header lines: 256 bytes at most */
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: ");
	for (int i = 0; i < 300; i++)
		sb_addch(&sb, 'p');
	sb_adds(&sb, "\r\n\r\nv\r\n--XyZ--\r\n");
	CHECK_INT(parse(CT, sb.buf, sb.len, NULL, &f), 413);
	mp_release(&f);
	sb_release(&sb);
}
