/*
 * lang.c — which language the user-facing texts are in (English or German),
 * chosen from --lang or the locale variables.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

int lang_parse(const char *s, enum lang *out)
{
	if (!s || !*s)
		return -1;
	if (!strncmp(s, "de", 2) && (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.')) {
		*out = LANG_DE;
		return 0;
	}
	if (!strncmp(s, "en", 2) && (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.')) {
		*out = LANG_EN;
		return 0;
	}
	if (!strcmp(s, "C") || !strcmp(s, "POSIX") || !strncmp(s, "C.", 2)) {
		*out = LANG_EN;
		return 0;
	}
	return -1;
}

enum lang lang_from_env(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < ARRAY_SIZE(vars); i++) {
		const char *v = getenv(vars[i]);
		enum lang l;
		if (v && *v) {
			if (lang_parse(v, &l) == 0)
				return l;
			return LANG_EN;
		}
	}
	return LANG_EN;
}

const char *plural(int64_t n, const char *one, const char *many)
{
	return n == 1 || n == -1 ? one : many;
}
