/* t_vocab.c — the vocabulary (src/vocab/): its tables are sound, the
 * labels are the terminology table's, and every word import accepts `add`
 * and `edit` accept too, with the same meaning (table-driven over every
 * spelling of every word and its variants). */
#include <ctype.h>
#include <stdlib.h>

#include "../../src/journal/journal.h"
#include "ingest.h"
#include "model.h"
#include "test.h"
#include "vocab.h"

#define MAXSP 64

/* Every spelling of word i of class c. */
static int spellings(enum vocab_class c, int i, const char **sp)
{
	int n = vocab_spellings(c, i, sp, MAXSP);
	if (n > MAXSP) {
		test_fail(__FILE__, __LINE__, "%s %s: more than %d spellings", vocab_class_name(c),
		          vocab_code(c, i), MAXSP);
		n = MAXSP;
	}
	return n;
}

TEST(vocab_tables_sound)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	for (int c = 0; c < VOCAB__COUNT; c++) {
		CHECK(vocab_count(c) > 0);
		for (int i = 0; i < vocab_count(c); i++) {
			const char *code = vocab_code(c, i), *sp[MAXSP];
			/* codes: lower-case ASCII words, as stored and in JSON */
			CHECK(code && *code &&
			      strspn(code, "abcdefghijklmnopqrstuvwxyz_") == strlen(code));
			CHECK_INT(vocab_index(c, code), i);
			for (int l = 0; l < 2; l++)
				for (int n = 0; n < 2; n++) {
					const char *lab =
					    vocab_label(c, i, (enum lang)l, (enum vocab_number)n);
					if (!lab || !*lab || !strcmp(lab, "?"))
						test_fail(__FILE__, __LINE__, "%s: empty label",
						          code);
				}
			/* every spelling finds its own word, and no other word of the class */
			int ns = spellings(c, i, sp);
			for (int s = 0; s < ns; s++) {
				if (vocab_find(c, sp[s]) != i)
					test_fail(__FILE__, __LINE__, "%s \"%s\" finds %d, not %s",
					          vocab_class_name(c), sp[s], vocab_find(c, sp[s]),
					          code);
				vocab_normalise(sp[s], &a);
				CHECK(a.len > 0 && a.len <= VOCAB_WORD_MAX);
				for (int j = 0; j < vocab_count(c); j++) {
					const char *sq[MAXSP];
					int nq = j == i ? 0 : spellings(c, j, sq);
					for (int q = 0; q < nq; q++) {
						vocab_normalise(sq[q], &b);
						if (!strcmp(a.buf, b.buf))
							test_fail(__FILE__, __LINE__,
							          "%s: \"%s\" (%s) and \"%s\" (%s) "
							          "are one word",
							          vocab_class_name(c), sp[s], code,
							          sq[q], vocab_code(c, j));
					}
				}
			}
		}
	}
	/* nothing matches what is no word */
	CHECK_INT(vocab_find(VOCAB_TOUCHPOINT, NULL), -1);
	CHECK_INT(vocab_find(VOCAB_TOUCHPOINT, ""), -1);
	CHECK_INT(vocab_find(VOCAB_TOUCHPOINT, " - _ "), -1);
	CHECK_INT(vocab_find(VOCAB_TOUCHPOINT, "Kantine"), -1);
	CHECK(vocab_code(VOCAB_TOUCHPOINT, -1) == NULL);
	CHECK(vocab_code(VOCAB_TOUCHPOINT, 5) == NULL);
	CHECK_STR(vocab_label(VOCAB_TOUCHPOINT, 9, LANG_EN, VOCAB_ONE), "?");
	CHECK_INT(vocab_index(VOCAB_REASON, "Lieferverzug"), -1); /* codes only */
	CHECK_INT(vocab_index_or(VOCAB_PROMISE_STATUS, NULL, PROMISE_OPEN), PROMISE_OPEN);
	/* the enums are the words' indexes */
	CHECK_STR(vocab_code(VOCAB_PROMISE_STATUS, PROMISE_RENEGOTIATED), "renegotiated");
	CHECK_STR(vocab_code(VOCAB_COMPLAINT_STATUS, COMPLAINT_RESOLVED), "resolved");
	CHECK_STR(vocab_code(VOCAB_STORY_KIND, STORY_TNT), "tnt");
	CHECK_STR(vocab_code(VOCAB_NPS, NPS_DETRACTOR), "detractor");
	CHECK_STR(vocab_code(VOCAB_KIND, VK_DEPARTURE), "departure");
	/* every segment of the model has its word */
	for (int s = 0; s < SEG__COUNT; s++)
		CHECK(vocab_index(VOCAB_SEGMENT, segment_key[s]) >= 0);
	sb_release(&a);
	sb_release(&b);
}

TEST(vocab_normal_form)
{
	struct strbuf sb = STRBUF_INIT;
	vocab_normalise("Geschäfts-Leitung", &sb);
	CHECK_STR(sb.buf, "geschaeftsleitung");
	vocab_normalise("LATE_delivery", &sb);
	CHECK_STR(sb.buf, "latedelivery");
	vocab_normalise("ÄÖÜ äöü ß", &sb);
	CHECK_STR(sb.buf, "aeoeueaeoeuess");
	vocab_normalise("Café", &sb);
	CHECK_STR(sb.buf, "caf\xc3\xa9");
	sb_release(&sb);
	/* too long to be a word: no match, no overflow */
	char longw[400];
	memset(longw, 'a', sizeof(longw) - 1);
	longw[sizeof(longw) - 1] = '\0';
	CHECK_INT(vocab_find(VOCAB_REASON, longw), -1);
}

/* The labels are the terminology table's (docs/VOCABULARY.md). */
TEST(vocab_terminology)
{
	static const struct {
		enum vocab_class c;
		const char *code, *en, *en_pl, *de, *de_pl;
	} t[] = {
	    {VOCAB_TOUCHPOINT, "sales", "sales", "sales", "Vertrieb", "Vertrieb"},
	    {VOCAB_TOUCHPOINT, "service", "service", "service", "Kundendienst", "Kundendienst"},
	    {VOCAB_TOUCHPOINT, "billing", "billing", "billing", "Buchhaltung", "Buchhaltung"},
	    {VOCAB_TOUCHPOINT, "management", "management", "management", "Geschäftsleitung",
	     "Geschäftsleitung"},
	    {VOCAB_TOUCHPOINT, "other", "other", "other", "Sonstiges", "Sonstiges"},
	    {VOCAB_PROMISE_STATUS, "open", "open", "open", "offen", "offen"},
	    {VOCAB_PROMISE_STATUS, "kept", "kept", "kept", "eingehalten", "eingehalten"},
	    {VOCAB_PROMISE_STATUS, "broken", "broken", "broken", "gebrochen", "gebrochen"},
	    {VOCAB_PROMISE_STATUS, "renegotiated", "renegotiated", "renegotiated", "neu verhandelt",
	     "neu verhandelt"},
	    {VOCAB_COMPLAINT_STATUS, "resolved", "resolved", "resolved", "erledigt", "erledigt"},
	    {VOCAB_STORY_KIND, "extra_mile", "extra mile", "extra miles", "Extrameile",
	     "Extrameilen"},
	    {VOCAB_STORY_KIND, "tnt", "tiny noticeable thing", "tiny noticeable things",
	     "kleine Aufmerksamkeit", "kleine Aufmerksamkeiten"},
	    {VOCAB_SEGMENT, "apostle", "apostle", "apostles", "Apostel", "Apostel"},
	    {VOCAB_SEGMENT, "loyal", "loyal customer", "loyal customers", "Treuer", "die Treuen"},
	    {VOCAB_SEGMENT, "opportunist", "opportunist", "opportunists", "Opportunist",
	     "Opportunisten"},
	    {VOCAB_SEGMENT, "hostage", "hostage", "hostages", "Geisel", "Geiseln"},
	    {VOCAB_SEGMENT, "defector", "defector", "defectors", "Abtrünniger", "Abtrünnige"},
	    {VOCAB_SEGMENT, "terrorist", "terrorist", "terrorists", "Terrorist", "Terroristen"},
	    {VOCAB_SEGMENT, "unmeasured", "not yet asked", "not yet asked", "noch nicht befragt",
	     "noch nicht befragt"},
	    {VOCAB_SEGMENT, "prospect", "prospect", "prospects", "Interessent", "Interessenten"},
	    {VOCAB_SEGMENT, "lapsed", "former customer", "former customers", "ehemaliger Kunde",
	     "ehemalige Kunden"},
	    {VOCAB_SEGMENT, "departed", "departed", "departed", "abgewandert", "abgewandert"},
	    {VOCAB_NPS, "promoter", "promoter", "promoters", "Promotor", "Promotoren"},
	    {VOCAB_NPS, "passive", "passive", "passives", "Passiver", "Passive"},
	    {VOCAB_NPS, "detractor", "detractor", "detractors", "Kritiker", "Kritiker"},
	    {VOCAB_REASON, "late_delivery", "late delivery", "late delivery", "Lieferverzug",
	     "Lieferverzug"},
	    {VOCAB_KIND, "dialog", "dialogue", "dialogues", "Kundengespräch", "Kundengespräche"},
	    {VOCAB_KIND, "promise", "promise", "promises", "Zusage", "Zusagen"},
	};
	for (size_t k = 0; k < ARRAY_SIZE(t); k++) {
		int i = vocab_index(t[k].c, t[k].code);
		CHECK(i >= 0);
		CHECK_STR(vocab_label(t[k].c, i, LANG_EN, VOCAB_ONE), t[k].en);
		CHECK_STR(vocab_label(t[k].c, i, LANG_EN, VOCAB_MANY), t[k].en_pl);
		CHECK_STR(vocab_label(t[k].c, i, LANG_DE, VOCAB_ONE), t[k].de);
		CHECK_STR(vocab_label(t[k].c, i, LANG_DE, VOCAB_MANY), t[k].de_pl);
		CHECK_STR(vocab_label_of(t[k].c, t[k].code, LANG_DE, VOCAB_MANY), t[k].de_pl);
	}
	CHECK_STR(vocab_label_n(VOCAB_SEGMENT, 1, LANG_DE, 1), "Treuer");
	CHECK_STR(vocab_label_n(VOCAB_SEGMENT, 1, LANG_DE, 0), "die Treuen");
	CHECK_STR(vocab_label_n(VOCAB_SEGMENT, 1, LANG_EN, 2), "loyal customers");
	CHECK_STR(vocab_label_of(VOCAB_TOUCHPOINT, "kiosk", LANG_DE, VOCAB_ONE), "kiosk");
	CHECK_STR(vocab_label_of(VOCAB_TOUCHPOINT, NULL, LANG_DE, VOCAB_ONE), "");
	CHECK_STR(segment_label(SEG_LOYAL, LANG_DE), "Treuer");
	CHECK_STR(segment_label_n(SEG_UNMEASURED, LANG_EN, VOCAB_MANY), "not yet asked");
}

TEST(vocab_errors)
{
	struct err e;
	struct strbuf sb = STRBUF_INIT;
	err_init(&e, LANG_EN);
	CHECK_INT(vocab_parse(VOCAB_TOUCHPOINT, "canteen", &e), -1);
	CHECK_STR(e.msg, "unknown touchpoint \"canteen\"; valid touchpoints: sales, service, "
	                 "billing, management, other");
	err_init(&e, LANG_DE);
	CHECK_INT(vocab_parse(VOCAB_TOUCHPOINT, "Kantine", &e), -1);
	CHECK_STR(e.msg, "unbekannter Kontaktpunkt \"Kantine\"; gültige Kontaktpunkte: Vertrieb, "
	                 "Kundendienst, Buchhaltung, Geschäftsleitung, Sonstiges");
	err_init(&e, LANG_DE);
	CHECK_INT(vocab_parse(VOCAB_COMPLAINT_STATUS, "vielleicht", &e), -1);
	CHECK_STR(e.msg, "unbekannter Status \"vielleicht\"; gültig sind: offen, erledigt");
	/* English names the code, and the label where it differs */
	vocab_valid(VOCAB_REASON, LANG_EN, &sb);
	CHECK(strstr(sb.buf, "valid reasons: expectations (expectations not met), ") == sb.buf);
	CHECK(strstr(sb.buf, ", price, other") != NULL);
	sb_reset(&sb);
	vocab_valid(VOCAB_STORY_KIND, LANG_DE, &sb);
	CHECK_STR(sb.buf, "gültig sind: Extrameile, kleine Aufmerksamkeit");
	sb_release(&sb);
	/* a long word is quoted cut, at a character boundary, with an ellipsis */
	char longw[300];
	for (size_t i = 0; i + 2 < sizeof(longw); i += 2)
		memcpy(longw + i, "\xc3\xa4", 2);
	longw[sizeof(longw) - 2] = '\0';
	err_init(&e, LANG_EN);
	CHECK_INT(vocab_parse(VOCAB_REASON, longw, &e), -1);
	CHECK(strstr(e.msg, "\xc3\xa4\xe2\x80\xa6\"; valid reasons") != NULL);
	/* no message wanted: no crash */
	CHECK_INT(vocab_parse(VOCAB_REASON, "x", NULL), -1);
}

/* ---- whatever import accepts, add accepts too ---- */

/* Variants of a spelling people type: upper case, umlauts spelled out,
 * hyphens / underscores / no space instead of spaces and the reverse. */
static int variants(const char *s, char out[][128], int max)
{
	int n = 0;
	size_t len = strlen(s);
	if (len >= 60)
		return 0;
	/* as written */
	snprintf(out[n++], 128, "%s", s);
	/* upper case (ASCII; umlauts in upper case too) */
	char *u = out[n++];
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		unsigned char nx = i + 1 < len ? (unsigned char)s[i + 1] : 0;
		if (ch == 0xc3 && (nx == 0xa4 || nx == 0xb6 || nx == 0xbc)) { /* ä ö ü */
			u[o++] = (char)0xc3;
			u[o++] = (char)(s[i + 1] - 0x20);
			i++;
		} else {
			u[o++] = (char)toupper(ch);
		}
	}
	u[o] = '\0';
	/* umlauts spelled out */
	char *t = out[n++];
	o = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep = NULL;
		if ((unsigned char)s[i] == 0xc3 && i + 1 < len)
			switch ((unsigned char)s[i + 1]) {
			case 0xa4: rep = "ae"; break;
			case 0xb6: rep = "oe"; break;
			case 0xbc: rep = "ue"; break;
			case 0x9f: rep = "ss"; break;
			}
		if (rep) {
			t[o++] = rep[0];
			t[o++] = rep[1];
			i++;
		} else {
			t[o++] = s[i];
		}
	}
	t[o] = '\0';
	/* separators swapped */
	static const char from[] = " _-", to[][3] = {{'-', '_', 0}, {' ', '-', 0}, {' ', '_', 0}};
	for (int f = 0; f < 3 && n + 3 <= max; f++) {
		if (!strchr(s, from[f]))
			continue;
		for (int k = 0; k < 2; k++) {
			char *v = out[n++];
			for (size_t i = 0; i <= len; i++)
				v[i] = s[i] == from[f] ? to[f][k] : s[i];
		}
		char *v = out[n++]; /* dropped */
		o = 0;
		for (size_t i = 0; i < len; i++)
			if (s[i] != from[f])
				v[o++] = s[i];
		v[o] = '\0';
	}
	return n;
}

/* The import parser of a class: the index it gives, or -1. */
static int import_parse(enum vocab_class c, const char *s)
{
	enum promise_status ps;
	enum complaint_status cs;
	enum story_kind sk;
	const char *code;
	switch (c) {
	case VOCAB_TOUCHPOINT: code = touchpoint_parse(s); return code ? vocab_index(c, code) : -1;
	case VOCAB_REASON: code = reason_parse(s); return code ? vocab_index(c, code) : -1;
	case VOCAB_PROMISE_STATUS: return promise_status_parse(s, &ps) ? -1 : (int)ps;
	case VOCAB_COMPLAINT_STATUS: return complaint_status_parse(s, &cs) ? -1 : (int)cs;
	case VOCAB_STORY_KIND: return story_kind_parse(s, &sk) ? -1 : (int)sk;
	case VOCAB_KIND: {
		enum ingest_kind k;
		return ingest_kind_parse(s, &k) ? -1 : (int)k;
	}
	default: return -2;
	}
}

/* The parser of `add` / `edit` for the class: the index it gives, or -1. */
static int add_parse(enum vocab_class c, const char *s)
{
	struct err e;
	enum promise_status ps;
	enum complaint_status cs;
	enum story_kind sk;
	const char *code;
	err_init(&e, LANG_DE);
	switch (c) {
	case VOCAB_TOUCHPOINT:
		return journal_touchpoint_parse(s, &code, &e) ? -1 : vocab_index(c, code);
	case VOCAB_REASON: return journal_reason_parse(s, &code, &e) ? -1 : vocab_index(c, code);
	case VOCAB_PROMISE_STATUS: return journal_promise_status_parse(s, &ps, &e) ? -1 : (int)ps;
	case VOCAB_COMPLAINT_STATUS:
		return journal_complaint_status_parse(s, &cs, &e) ? -1 : (int)cs;
	case VOCAB_STORY_KIND: return journal_story_kind_parse(s, &sk, &e) ? -1 : (int)sk;
	default: return -2;
	}
}

TEST(vocab_import_and_add_agree)
{
	static const enum vocab_class classes[] = {VOCAB_TOUCHPOINT, VOCAB_PROMISE_STATUS,
	                                           VOCAB_COMPLAINT_STATUS, VOCAB_REASON,
	                                           VOCAB_STORY_KIND};
	char var[16][128];
	long tried = 0;
	for (size_t ci = 0; ci < ARRAY_SIZE(classes); ci++) {
		enum vocab_class c = classes[ci];
		for (int i = 0; i < vocab_count(c); i++) {
			const char *sp[MAXSP];
			int ns = spellings(c, i, sp);
			for (int s = 0; s < ns; s++) {
				int nv = variants(sp[s], var, 16);
				for (int v = 0; v < nv; v++, tried++) {
					int a = import_parse(c, var[v]), b = add_parse(c, var[v]);
					if (a != i || b != i)
						test_fail(__FILE__, __LINE__,
						          "%s \"%s\": import gives %d, add %d, "
						          "expected %d (%s)",
						          vocab_class_name(c), var[v], a, b, i,
						          vocab_code(c, i));
				}
			}
		}
		/* and both refuse what is none of the words */
		CHECK_INT(import_parse(c, "Wetterlage"), -1);
		CHECK_INT(add_parse(c, "Wetterlage"), -1);
	}
	CHECK(tried > 400);
}

/* The words the issue names, through both parsers. */
TEST(vocab_named_words)
{
	static const struct {
		enum vocab_class c;
		const char *word, *code;
	} t[] = {
	    {VOCAB_TOUCHPOINT, "Technik", "service"},
	    {VOCAB_TOUCHPOINT, "Innendienst", "sales"},
	    {VOCAB_TOUCHPOINT, "Vertrieb", "sales"},
	    {VOCAB_TOUCHPOINT, "Geschäftsleitung", "management"},
	    {VOCAB_TOUCHPOINT, "GESCHAEFTSFUEHRUNG", "management"},
	    {VOCAB_STORY_KIND, "Kleinigkeit", "tnt"},
	    {VOCAB_STORY_KIND, "kleine Aufmerksamkeit", "tnt"},
	    {VOCAB_STORY_KIND, "Extrameile", "extra_mile"},
	    {VOCAB_STORY_KIND, "Extra-Meile", "extra_mile"},
	    {VOCAB_STORY_KIND, "extra mile", "extra_mile"},
	    {VOCAB_REASON, "late-delivery", "late_delivery"},
	    {VOCAB_REASON, "Lieferverzug", "late_delivery"},
	    {VOCAB_REASON, "BESCHAEDIGT", "damaged"},
	    {VOCAB_PROMISE_STATUS, "erfüllt", "kept"},
	    {VOCAB_PROMISE_STATUS, "erfuellt", "kept"},
	    {VOCAB_PROMISE_STATUS, "eingehalten", "kept"},
	    {VOCAB_PROMISE_STATUS, "nicht eingehalten", "broken"},
	    {VOCAB_PROMISE_STATUS, "neu verhandelt", "renegotiated"},
	    {VOCAB_PROMISE_STATUS, "Neu-Verhandelt", "renegotiated"},
	    {VOCAB_COMPLAINT_STATUS, "gelöst", "resolved"},
	    {VOCAB_COMPLAINT_STATUS, "GELÖST", "resolved"},
	    {VOCAB_COMPLAINT_STATUS, "erledigt", "resolved"},
	};
	for (size_t k = 0; k < ARRAY_SIZE(t); k++) {
		int want = vocab_index(t[k].c, t[k].code);
		int a = import_parse(t[k].c, t[k].word), b = add_parse(t[k].c, t[k].word);
		if (a != want || b != want)
			test_fail(__FILE__, __LINE__, "\"%s\": import %d, add %d, expected %s",
			          t[k].word, a, b, t[k].code);
	}
}

/* The kinds: every word import takes for a journal kind, `add` takes too. */
TEST(vocab_kinds_import_and_journal)
{
	static const enum journal_kind jk[VK__COUNT] = {
	    [VK_CUSTOMER] = JK__COUNT, [VK_ORDER] = JK__COUNT,      [VK_SURVEY] = JK_SURVEY,
	    [VK_DIALOG] = JK_DIALOG,   [VK_PROMISE] = JK_PROMISE,   [VK_COMPLAINT] = JK_COMPLAINT,
	    [VK_STORY] = JK_STORY,     [VK_REFERRAL] = JK_REFERRAL, [VK_DEPARTURE] = JK_DEPARTURE,
	};
	char var[16][128];
	for (int i = 0; i < VK__COUNT; i++) {
		const char *sp[MAXSP];
		int ns = spellings(VOCAB_KIND, i, sp);
		for (int s = 0; s < ns; s++) {
			int nv = variants(sp[s], var, 16);
			for (int v = 0; v < nv; v++) {
				int a = import_parse(VOCAB_KIND, var[v]),
				    b = journal_kind_parse(var[v]);
				int want_b = jk[i] == JK__COUNT ? -1 : (int)jk[i];
				if (a != i || b != want_b)
					test_fail(__FILE__, __LINE__,
					          "kind \"%s\": import %d, journal %d", var[v], a,
					          b);
			}
		}
	}
}

/* Appends the file to doc; 0, or -1 when it is not there. */
static int slurp(const char *path, struct strbuf *doc)
{
	FILE *f = fopen(path, "rb");
	char buf[4096];
	size_t n;
	if (!f)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(doc, buf, n);
	fclose(f);
	return 0;
}

/* docs/VOCABULARY.md lists every word, docs/IMPORT.md those of the columns
 * and kinds (run from the top of the tree). */
TEST(vocab_documented)
{
	struct strbuf all = STRBUF_INIT, imp = STRBUF_INIT;
	if (slurp("docs/VOCABULARY.md", &all) || slurp("docs/IMPORT.md", &imp)) {
		test_skip("docs/ not found from here");
		goto out;
	}
	for (int c = 0; c < VOCAB__COUNT; c++)
		for (int i = 0; i < vocab_count(c); i++) {
			const char *sp[MAXSP];
			int ns = spellings(c, i, sp);
			for (int s = 0; s < ns; s++) {
				if (!strstr(all.buf, sp[s]))
					test_fail(__FILE__, __LINE__,
					          "docs/VOCABULARY.md lacks the %s \"%s\"",
					          vocab_class_name(c), sp[s]);
				if (c != VOCAB_SEGMENT && c != VOCAB_NPS && !strstr(imp.buf, sp[s]))
					test_fail(__FILE__, __LINE__,
					          "docs/IMPORT.md lacks the %s \"%s\"",
					          vocab_class_name(c), sp[s]);
			}
		}
out:
	sb_release(&all);
	sb_release(&imp);
}
