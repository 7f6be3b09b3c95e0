/*
 * json_parse.c — a small JSON reader (RFC 8259) for untrusted input: the
 * bodies of API requests.  Every cap is checked before anything grows —
 * the document's bytes, the nesting depth, a string's bytes, the members
 * of one container and the values of the whole document — so that memory
 * is bounded by the caps, whatever the input.  Strings must be valid
 * UTF-8 (escapes too: no lone surrogates, no \u0000); duplicate keys and
 * anything after the value are refused.  Nodes and decoded strings live in
 * one arena freed with the document.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

void json_limits_default(struct json_limits *l)
{
	l->max_bytes = 1u << 20;
	l->max_depth = 16;
	l->max_string = 65536;
	l->max_members = 1024;
	l->max_values = 65536;
}

/* ---- the arena ---- */
struct jblock {
	struct jblock *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

static void *arena_alloc(struct jdoc *d, size_t n)
{
	struct jblock *b = d->blocks_;
	n = (n + 15) & ~(size_t)15;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > 16384 ? n : 16384;
		b = xmalloc(sizeof(*b) + cap);
		b->next = d->blocks_;
		b->used = 0;
		b->cap = cap;
		d->blocks_ = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	return p;
}

void jdoc_release(struct jdoc *d)
{
	struct jblock *b = d->blocks_;
	while (b) {
		struct jblock *next = b->next;
		free(b);
		b = next;
	}
	memset(d, 0, sizeof(*d));
}

/* ---- the parser ---- */
struct jp {
	const char *s;
	size_t n, pos;
	const struct json_limits *lim;
	size_t values;
	struct jdoc *doc;
	struct err *e;
	struct strbuf tmp; /* a string being decoded */
};

static int fail(struct jp *p, const char *en, const char *de)
{
	long line = 1;
	size_t col = 1;
	for (size_t i = 0; i < p->pos && i < p->n; i++) {
		if (p->s[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	p->e->line = line;
	return err_set(
	    p->e,
	    L(p->e->lang, "JSON, line %ld, column %zu: %s", "JSON, Zeile %ld, Spalte %zu: %s"),
	    line, col, L(p->e->lang, en, de));
}

static void ws(struct jp *p)
{
	while (p->pos < p->n && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
	                         p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

static int lit(struct jp *p, const char *word)
{
	size_t l = strlen(word);
	if (p->n - p->pos < l || memcmp(p->s + p->pos, word, l))
		return fail(p, "not a JSON value", "kein JSON-Wert");
	p->pos += l;
	return 0;
}

static int hex4(struct jp *p, unsigned *out)
{
	unsigned v = 0;
	if (p->n - p->pos < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = p->s[p->pos + (size_t)i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	p->pos += 4;
	*out = v;
	return 0;
}

static void put_utf8(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80) {
		sb_addch(sb, (int)cp);
	} else if (cp < 0x800) {
		sb_addch(sb, (int)(0xC0 | (cp >> 6)));
		sb_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		sb_addch(sb, (int)(0xE0 | (cp >> 12)));
		sb_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		sb_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else {
		sb_addch(sb, (int)(0xF0 | (cp >> 18)));
		sb_addch(sb, (int)(0x80 | ((cp >> 12) & 0x3F)));
		sb_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		sb_addch(sb, (int)(0x80 | (cp & 0x3F)));
	}
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min, cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, min = 0x80, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, min = 0x800, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, min = 0x10000, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* A string at p->pos (on the opening quote) into the arena. */
static int string(struct jp *p, const char **out, size_t *outlen)
{
	struct strbuf *sb = &p->tmp;
	sb_reset(sb);
	p->pos++;
	for (;;) {
		if (p->pos >= p->n)
			return fail(p, "a string is not closed",
			            "eine Zeichenkette ist nicht beendet");
		unsigned char c = (unsigned char)p->s[p->pos];
		if (sb->len > p->lim->max_string)
			return fail(p, "a string is longer than allowed",
			            "eine Zeichenkette ist länger als erlaubt");
		if (c == '"') {
			p->pos++;
			break;
		}
		if (c < 0x20)
			return fail(
			    p, "a control character in a string (write it as \\n, \\t, \\u...)",
			    "ein Steuerzeichen in einer Zeichenkette (als \\n, \\t, \\u... "
			    "schreiben)");
		if (c == '\\') {
			p->pos++;
			if (p->pos >= p->n)
				return fail(p, "a string is not closed",
				            "eine Zeichenkette ist nicht beendet");
			char esc = p->s[p->pos++];
			unsigned cp, lo;
			switch (esc) {
			case '"': sb_addch(sb, '"'); break;
			case '\\': sb_addch(sb, '\\'); break;
			case '/': sb_addch(sb, '/'); break;
			case 'b': sb_addch(sb, '\b'); break;
			case 'f': sb_addch(sb, '\f'); break;
			case 'n': sb_addch(sb, '\n'); break;
			case 'r': sb_addch(sb, '\r'); break;
			case 't': sb_addch(sb, '\t'); break;
			case 'u':
				if (hex4(p, &cp))
					return fail(p, "\\u needs four hex digits",
					            "\\u braucht vier Hexadezimalziffern");
				if (cp >= 0xD800 && cp <= 0xDBFF) {
					if (p->n - p->pos < 6 || p->s[p->pos] != '\\' ||
					    p->s[p->pos + 1] != 'u')
						return fail(p, "a lone surrogate in \\u",
						            "ein einzelnes Surrogat in \\u");
					p->pos += 2;
					if (hex4(p, &lo) || lo < 0xDC00 || lo > 0xDFFF)
						return fail(p, "a lone surrogate in \\u",
						            "ein einzelnes Surrogat in \\u");
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
					return fail(p, "a lone surrogate in \\u",
					            "ein einzelnes Surrogat in \\u");
				}
				if (cp == 0)
					return fail(p, "\\u0000 is not allowed",
					            "\\u0000 ist nicht erlaubt");
				put_utf8(sb, cp);
				break;
			default:
				p->pos--;
				return fail(p, "an unknown escape in a string",
				            "eine unbekannte Escape-Folge in einer Zeichenkette");
			}
			continue;
		}
		size_t l = utf8_seq((const unsigned char *)p->s + p->pos, p->n - p->pos);
		if (!l)
			return fail(p, "a string is not valid UTF-8",
			            "eine Zeichenkette ist kein gültiges UTF-8");
		sb_add(sb, p->s + p->pos, l);
		p->pos += l;
	}
	if (sb->len > p->lim->max_string)
		return fail(p, "a string is longer than allowed",
		            "eine Zeichenkette ist länger als erlaubt");
	char *s = arena_alloc(p->doc, sb->len + 1);
	memcpy(s, sb->buf, sb->len + 1);
	*out = s;
	*outlen = sb->len;
	return 0;
}

static int number(struct jp *p, struct jval *v)
{
	size_t start = p->pos;
	const char *s = p->s;
	if (p->pos < p->n && s[p->pos] == '-')
		p->pos++;
	if (p->pos < p->n && s[p->pos] == '0') {
		p->pos++;
	} else if (p->pos < p->n && s[p->pos] >= '1' && s[p->pos] <= '9') {
		while (p->pos < p->n && s[p->pos] >= '0' && s[p->pos] <= '9')
			p->pos++;
	} else {
		return fail(p, "not a JSON value", "kein JSON-Wert");
	}
	if (p->pos < p->n && s[p->pos] == '.') {
		p->pos++;
		if (p->pos >= p->n || s[p->pos] < '0' || s[p->pos] > '9')
			return fail(p, "a number needs digits after the point",
			            "eine Zahl braucht Ziffern nach dem Punkt");
		while (p->pos < p->n && s[p->pos] >= '0' && s[p->pos] <= '9')
			p->pos++;
	}
	if (p->pos < p->n && (s[p->pos] == 'e' || s[p->pos] == 'E')) {
		p->pos++;
		if (p->pos < p->n && (s[p->pos] == '+' || s[p->pos] == '-'))
			p->pos++;
		if (p->pos >= p->n || s[p->pos] < '0' || s[p->pos] > '9')
			return fail(p, "a number's exponent needs digits",
			            "der Exponent einer Zahl braucht Ziffern");
		while (p->pos < p->n && s[p->pos] >= '0' && s[p->pos] <= '9')
			p->pos++;
	}
	size_t len = p->pos - start;
	if (len > 64)
		return fail(p, "a number is longer than 64 characters",
		            "eine Zahl ist länger als 64 Zeichen");
	char *t = arena_alloc(p->doc, len + 1);
	memcpy(t, s + start, len);
	t[len] = '\0';
	v->type = JT_NUM;
	v->str = t;
	v->len = len;
	v->num = strtod(t, NULL);
	return 0;
}

static int value(struct jp *p, struct jval *v, size_t depth);

static int container(struct jp *p, struct jval *v, size_t depth, int obj)
{
	struct jval *kids = NULL;
	size_t n = 0, alloc = 0;
	int rc = 0;
	if (depth >= p->lim->max_depth)
		return fail(p, "nested deeper than allowed", "tiefer verschachtelt als erlaubt");
	p->pos++;
	ws(p);
	if (p->pos < p->n && p->s[p->pos] == (obj ? '}' : ']')) {
		p->pos++;
		goto done;
	}
	for (;;) {
		struct jval kid;
		memset(&kid, 0, sizeof(kid));
		if (n >= p->lim->max_members) {
			rc = fail(p, "more members than allowed", "mehr Einträge als erlaubt");
			break;
		}
		ws(p);
		if (obj) {
			size_t kl;
			if (p->pos >= p->n || p->s[p->pos] != '"') {
				rc = fail(p, "a key (a string) expected",
				          "ein Schlüssel (eine Zeichenkette) erwartet");
				break;
			}
			if ((rc = string(p, &kid.key, &kl)))
				break;
			for (size_t i = 0; i < n; i++)
				if (!strcmp(kids[i].key, kid.key)) {
					rc = fail(p, "a key appears twice",
					          "ein Schlüssel kommt zweimal vor");
					break;
				}
			if (rc)
				break;
			ws(p);
			if (p->pos >= p->n || p->s[p->pos] != ':') {
				rc = fail(p, "':' expected after a key",
				          "':' nach einem Schlüssel erwartet");
				break;
			}
			p->pos++;
		}
		if ((rc = value(p, &kid, depth + 1)))
			break;
		ALLOC_GROW(kids, n + 1, alloc);
		kids[n++] = kid;
		ws(p);
		if (p->pos < p->n && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->n && p->s[p->pos] == (obj ? '}' : ']')) {
			p->pos++;
			break;
		}
		rc = obj ? fail(p, "',' or '}' expected", "',' oder '}' erwartet")
		         : fail(p, "',' or ']' expected", "',' oder ']' erwartet");
		break;
	}
done:
	if (rc == 0) {
		v->type = obj ? JT_OBJ : JT_ARR;
		v->n = n;
		if (n) {
			v->kids = arena_alloc(p->doc, n * sizeof(*kids));
			memcpy(v->kids, kids, n * sizeof(*kids));
		}
	}
	free(kids);
	return rc;
}

static int value(struct jp *p, struct jval *v, size_t depth)
{
	ws(p);
	if (++p->values > p->lim->max_values)
		return fail(p, "more values than allowed", "mehr Werte als erlaubt");
	if (p->pos >= p->n)
		return fail(p, "a value expected", "ein Wert erwartet");
	switch (p->s[p->pos]) {
	case '{': return container(p, v, depth, 1);
	case '[': return container(p, v, depth, 0);
	case '"': v->type = JT_STR; return string(p, &v->str, &v->len);
	case 't':
		v->type = JT_BOOL;
		v->b = 1;
		return lit(p, "true");
	case 'f':
		v->type = JT_BOOL;
		v->b = 0;
		return lit(p, "false");
	case 'n': v->type = JT_NULL; return lit(p, "null");
	default: return number(p, v);
	}
}

int json_parse(const char *s, size_t n, const struct json_limits *lim, struct jdoc *doc,
               struct err *e)
{
	struct jp p = {s, n, 0, lim, 0, doc, e, STRBUF_INIT};
	memset(doc, 0, sizeof(*doc));
	if (n > lim->max_bytes)
		return err_set(e,
		               L(e->lang, "the JSON document is larger than %zu bytes",
		                 "das JSON-Dokument ist größer als %zu Bytes"),
		               lim->max_bytes);
	doc->root = arena_alloc(doc, sizeof(*doc->root));
	memset(doc->root, 0, sizeof(*doc->root));
	int rc = value(&p, doc->root, 0);
	if (rc == 0) {
		ws(&p);
		if (p.pos != n)
			rc = fail(&p, "text after the JSON value", "Text nach dem JSON-Wert");
	}
	sb_release(&p.tmp);
	if (rc)
		jdoc_release(doc);
	return rc;
}

const struct jval *json_member(const struct jval *obj, const char *key)
{
	if (!obj || obj->type != JT_OBJ)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (!strcmp(obj->kids[i].key, key))
			return &obj->kids[i];
	return NULL;
}
