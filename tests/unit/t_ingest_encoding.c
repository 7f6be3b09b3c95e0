/* t_ingest_encoding.c — encoding detection and conversion: UTF-8 with and
 * without BOM, Windows-1252 umlauts and €, UTF-16, and the files that fit
 * no encoding, which are named with line and byte offset, never mangled. */
#include <stdlib.h>

#include "ingest.h"
#include "test.h"

/* Decodes all of s in one go; returns the text or "ERR @off: why". */
static char *decode(const char *s, size_t n, enum ingest_enc forced, enum ingest_enc *enc)
{
	struct decoder d;
	struct strbuf out = STRBUF_INIT;
	size_t used;
	dec_init(&d, forced, LANG_EN);
	if (dec_feed(&d, (const unsigned char *)s, n, 1, &out, &used) < 0) {
		sb_reset(&out);
		sb_addf(&out, "ERR @%llu 0x%02X", (unsigned long long)d.bad_off, d.bad[0]);
	}
	if (enc)
		*enc = d.enc;
	return sb_detach(&out);
}

#define DEC(s, enc) decode((s), sizeof(s) - 1, ENC_AUTO, (enc))
#define CHECK_DEC(s, want, want_enc)                                                               \
	do {                                                                                       \
		enum ingest_enc e_;                                                                \
		char *got_ = DEC(s, &e_);                                                          \
		CHECK_STR(got_, want);                                                             \
		CHECK_INT(e_, want_enc);                                                           \
		free(got_);                                                                        \
	} while (0)

TEST(enc_ascii_stays_undecided)
{
	CHECK_DEC("plain,ascii\n", "plain,ascii\n", ENC_AUTO);
	CHECK_STR(ingest_enc_name(ENC_AUTO), "ASCII");
}

TEST(enc_utf8_with_and_without_bom)
{
	CHECK_DEC("M\xc3\xbcller;\xe2\x82\xac\n", "M\xc3\xbcller;\xe2\x82\xac\n", ENC_UTF8);
	enum ingest_enc e;
	struct decoder d;
	struct strbuf out = STRBUF_INIT;
	size_t used;
	dec_init(&d, ENC_AUTO, LANG_EN);
	CHECK(dec_feed(&d, (const unsigned char *)"\xef\xbb\xbfK\xc3\xa4se", 8, 1, &out, &used) ==
	      0);
	CHECK(d.bom && d.enc == ENC_UTF8);
	CHECK_STR(out.buf, "K\xc3\xa4se");
	sb_release(&out);
	(void)e;
}

TEST(enc_cp1252_umlauts_and_euro)
{
	/* ä ö ü ß Ä Ö Ü € „ “ – in Windows-1252 */
	CHECK_DEC("\xe4\xf6\xfc\xdf\xc4\xd6\xdc\x80\x84\x93\x96",
	          "\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f\xc3\x84\xc3\x96\xc3\x9c\xe2\x82\xac\xe2\x80\x9e"
	          "\xe2\x80\x9c\xe2\x80\x93",
	          ENC_CP1252);
	CHECK_DEC("Stra\xdf"
	          "e;M\xfcller GmbH;1.234,56 \x80\n",
	          "Stra\xc3\x9f"
	          "e;M\xc3\xbcller GmbH;1.234,56 \xe2\x82\xac\n",
	          ENC_CP1252);
	/* „groß“: ß followed by a cp1252 quote happens to be valid UTF-8 (DF 93),
	 * but what follows is not: the file is Windows-1252 */
	CHECK_DEC("\x84gro\xdf\x93 und sch\xf6n",
	          "\xe2\x80\x9egro\xc3\x9f\xe2\x80\x9c und sch\xc3\xb6n", ENC_CP1252);
	CHECK_DEC("gro\xdf\x93 und sch\xf6n", "gro\xc3\x9f\xe2\x80\x9c und sch\xc3\xb6n",
	          ENC_CP1252);
	/* ISO-8859-1 printable range is the same */
	CHECK_DEC("caf\xe9 \xb0", "caf\xc3\xa9 \xc2\xb0", ENC_CP1252);
}

TEST(enc_invalid_is_named_not_mangled)
{
	/* undefined in Windows-1252 */
	char *got = DEC("abc\x81xyz", NULL);
	CHECK_STR(got, "ERR @3 0x81");
	free(got);
	/* UTF-8 first, then a stray Latin-1 byte: a mix */
	got = DEC("M\xc3\xbcller\nM\xfcller\n", NULL);
	CHECK_STR(got, "ERR @9 0xFC");
	free(got);
	/* a NUL byte */
	got = DEC("ab\0cd", NULL);
	CHECK_STR(got, "ERR @2 0x00");
	free(got);
	/* Windows-1252 chosen, then UTF-8 umlauts later: a mix */
	got = DEC("M\xfcller\nM\xc3\xbcller\n", NULL);
	CHECK_STR(got, "ERR @8 0xC3");
	free(got);
}

TEST(enc_forced)
{
	char *got = decode("\xc3\xa4", 2, ENC_CP1252, NULL);
	CHECK_STR(got, "ERR @0 0xC3"); /* refuses to produce mojibake */
	free(got);
	got = decode("\xe4", 1, ENC_UTF8, NULL);
	CHECK_STR(got, "ERR @0 0xE4");
	free(got);
	enum ingest_enc e;
	CHECK(ingest_enc_parse("Windows-1252", &e) == 0 && e == ENC_CP1252);
	CHECK(ingest_enc_parse("latin1", &e) == 0 && e == ENC_CP1252);
	CHECK(ingest_enc_parse("UTF8", &e) == 0 && e == ENC_UTF8);
	CHECK(ingest_enc_parse("ebcdic", &e) < 0);
}

TEST(enc_utf16_with_bom)
{
	static const char le[] = "\xff\xfe"
	                         "a\0;\0\xe4\0\n\0";
	static const char be[] = "\xfe\xff\0a\0;\0\xe4\0\n";
	char *got = decode(le, sizeof(le) - 1, ENC_AUTO, NULL);
	CHECK_STR(got, "a;\xc3\xa4\n");
	free(got);
	got = decode(be, sizeof(be) - 1, ENC_AUTO, NULL);
	CHECK_STR(got, "a;\xc3\xa4\n");
	free(got);
	got = decode("\xff\xfe"
	             "a\0b",
	             5, ENC_AUTO, NULL);
	CHECK(!strncmp(got, "ERR @4", 6)); /* an odd number of bytes */
	free(got);
}

TEST(enc_ctrl_z_at_end_dropped)
{
	char *got = DEC("a,b\n\x1a", NULL);
	CHECK_STR(got, "a,b\n");
	free(got);
}

TEST(enc_utf8_validation)
{
	int inc;
	CHECK_INT(utf8_valid_prefix((const unsigned char *)"a\xc3\xa4", 3, &inc), 3);
	CHECK_INT(utf8_valid_prefix((const unsigned char *)"\xc0\x80", 2, &inc), 0); /* overlong */
	CHECK_INT(utf8_valid_prefix((const unsigned char *)"\xed\xa0\x80", 3, &inc),
	          0); /* surrogate */
	CHECK_INT(utf8_valid_prefix((const unsigned char *)"\xf0\x9f\x98\x80", 4, &inc), 4);
	CHECK_INT(utf8_valid_prefix((const unsigned char *)"\xf4\x90\x80\x80", 4, &inc), 0);
	CHECK_INT(utf8_valid_prefix((const unsigned char *)"ab\xe2\x82", 4, &inc), 2);
	CHECK(inc);
}

/* Sequences split between two feeds are decoded whole. */
TEST(enc_split_sequences)
{
	struct decoder d;
	struct strbuf out = STRBUF_INIT;
	size_t used;
	dec_init(&d, ENC_AUTO, LANG_EN);
	CHECK(dec_feed(&d, (const unsigned char *)"ab\xe2\x82", 4, 0, &out, &used) == 0);
	CHECK_INT(used, 2);
	CHECK(dec_feed(&d, (const unsigned char *)"\xe2\x82\xac!", 4, 1, &out, &used) == 0);
	CHECK_STR(out.buf, "ab\xe2\x82\xac!");
	sb_release(&out);
}

/* Through the scanner: the error names the file, the line and the offset. */
TEST(enc_csv_error_names_line_and_offset)
{
	static const char s[] = "name;city\nM\xc3\xbcller;K\xc3\xb6ln\nMeier;K\xf6ln\n";
	struct err e = {0};
	struct csv *c = csv_open_mem("kunden.csv", s, sizeof(s) - 1, 0, ENC_AUTO, &e);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(csv_next(c, &e) == 1);
	CHECK(csv_next(c, &e) == 1);
	CHECK_STR(c->f[0], "M\xc3\xbcller");
	CHECK(csv_next(c, &e) == -1);
	CHECK_STR(e.file, "kunden.csv");
	CHECK_INT(e.line, 3);
	CHECK(strstr(e.msg, "byte offset 31 (0xF6)") != NULL);
	CHECK(strstr(e.msg, "mixes encodings") != NULL);
	csv_free(c);
}

TEST(enc_csv_cp1252_file)
{
	static const char s[] = "Kunde;Ort\r\n4711;M\xfcnchen\r\n4712;D\xfcsseldorf\r\n";
	struct err e = {0};
	struct csv *c = csv_open_mem("k.csv", s, sizeof(s) - 1, 0, ENC_AUTO, &e);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(csv_next(c, &e) == 1 && csv_next(c, &e) == 1);
	CHECK_STR(c->f[1], "M\xc3\xbcnchen");
	CHECK(c->dec.enc == ENC_CP1252);
	CHECK(csv_next(c, &e) == 1);
	CHECK_STR(c->f[1], "D\xc3\xbcsseldorf");
	csv_free(c);
}
