/*
 * ids.c — the one rule for the company's own ids (customer and order
 * numbers), used by import and by `treue add` alike: spaces and tabs
 * around are dropped, and what remains is 1 to INGEST_ID_MAX bytes of text
 * without control characters, bidirectional overrides or broken UTF-8 (so
 * "K10001 " is K10001, and no id can rewrite a terminal line).
 */
#include <stdlib.h>
#include <string.h>

#include "ingest.h"

int ingest_id_check(const char *s, const char **start, size_t *len, const char **why,
                    enum lang lang)
{
	size_t n = s ? strlen(s) : 0;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*start = s;
	*len = n;
	if (!n) {
		*why = L(lang, "is empty", "ist leer");
		return -1;
	}
	if (n > INGEST_ID_MAX) {
		*why = L(lang, "is too long for an id", "ist zu lang für eine Nummer");
		return -1;
	}
	/* printable ASCII, the usual id, is visible as it is */
	size_t i = 0;
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F)
		i++;
	int ok = 1;
	if (i < n) {
		char *copy = xstrndup(s, n);
		ok = text_is_visible(copy);
		free(copy);
	}
	if (!ok) {
		*why = L(lang, "has a control character (or an invisible one) in it",
		         "enthält ein Steuerzeichen (oder ein unsichtbares)");
		return -1;
	}
	return 0;
}

int ingest_id_norm(const char *s, const char *field, struct strbuf *out, struct err *e)
{
	const char *start, *why;
	size_t n;
	sb_reset(out);
	if (ingest_id_check(s, &start, &n, &why, e->lang) == 0) {
		sb_add(out, start, n);
		return 0;
	}
	err_clear(e);
	snprintf(e->field, sizeof(e->field), "%s", field);
	snprintf(e->value, sizeof(e->value), "%.100s", s ? s : "");
	return err_set(e, "%s", why);
}
