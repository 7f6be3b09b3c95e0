/*
 * json.c — a streaming JSON writer into a strbuf: the writer places commas
 * and escapes every string, so callers cannot produce invalid JSON by
 * forgetting one.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "util.h"

void json_init(struct json *j, struct strbuf *out, int pretty)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->pretty = pretty;
}

static void indent(struct json *j)
{
	if (!j->pretty)
		return;
	sb_addch(j->out, '\n');
	for (int i = 0; i < j->depth; i++)
		sb_adds(j->out, "  ");
}

/* Called before every value or key. */
static void before(struct json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0) {
		if (j->need_comma[j->depth])
			sb_addch(j->out, ',');
		j->need_comma[j->depth] = 1;
		indent(j);
	}
}

static void open(struct json *j, char c)
{
	before(j);
	sb_addch(j->out, c);
	if (j->depth < (int)sizeof(j->need_comma) - 1)
		j->depth++;
	j->need_comma[j->depth] = 0;
}

static void close_(struct json *j, char c)
{
	int had = j->need_comma[j->depth];
	if (j->depth > 0)
		j->depth--;
	if (had)
		indent(j);
	sb_addch(j->out, c);
	if (j->depth == 0 && j->pretty)
		sb_addch(j->out, '\n');
}

void json_obj_begin(struct json *j)
{
	open(j, '{');
}
void json_obj_end(struct json *j)
{
	close_(j, '}');
}
void json_arr_begin(struct json *j)
{
	open(j, '[');
}
void json_arr_end(struct json *j)
{
	close_(j, ']');
}

void json_escape(struct strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': sb_adds(out, "\\\""); break;
		case '\\': sb_adds(out, "\\\\"); break;
		case '\n': sb_adds(out, "\\n"); break;
		case '\r': sb_adds(out, "\\r"); break;
		case '\t': sb_adds(out, "\\t"); break;
		default:
			if (c < 0x20)
				sb_addf(out, "\\u%04x", c);
			else
				sb_addch(out, c);
		}
	}
}

void json_key(struct json *j, const char *key)
{
	before(j);
	sb_addch(j->out, '"');
	json_escape(j->out, key, strlen(key));
	sb_adds(j->out, j->pretty ? "\": " : "\":");
	j->after_key = 1;
}

void json_strn(struct json *j, const char *s, size_t n)
{
	before(j);
	sb_addch(j->out, '"');
	json_escape(j->out, s, n);
	sb_addch(j->out, '"');
}

void json_str(struct json *j, const char *s)
{
	if (!s) {
		json_null(j);
		return;
	}
	json_strn(j, s, strlen(s));
}

void json_int(struct json *j, int64_t v)
{
	before(j);
	sb_addf(j->out, "%" PRId64, v);
}

void json_double(struct json *j, double v, int decimals)
{
	before(j);
	if (!isfinite(v)) {
		sb_adds(j->out, "null");
		return;
	}
	if (decimals < 0) {
		sb_addf(j->out, "%.17g", v);
		return;
	}
	char buf[64];
	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	/* trim trailing zeros for compactness, keep at least one digit */
	char *dot = strchr(buf, '.');
	if (dot) {
		char *e = buf + strlen(buf) - 1;
		while (e > dot && *e == '0')
			*e-- = '\0';
		if (e == dot)
			*e = '\0';
	}
	if (!strcmp(buf, "-0"))
		strcpy(buf, "0");
	sb_adds(j->out, buf);
}

void json_bool(struct json *j, int v)
{
	before(j);
	sb_adds(j->out, v ? "true" : "false");
}

void json_null(struct json *j)
{
	before(j);
	sb_adds(j->out, "null");
}

void json_money(struct json *j, int64_t cents)
{
	char buf[32];
	before(j);
	sb_adds(j->out, money_format(cents, buf));
}

void json_day(struct json *j, day_t day)
{
	char buf[11];
	if (day == DAY_NONE)
		json_null(j);
	else
		json_str(j, day_format(day, buf));
}

void json_raw(struct json *j, const char *s, size_t n)
{
	before(j);
	sb_add(j->out, s, n);
}
