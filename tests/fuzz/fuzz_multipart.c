/*
 * fuzz_multipart.c — libFuzzer target for the multipart/form-data parser
 * (src/web/multipart.c).  The first line of the input is the Content-Type,
 * the rest the body.  Checks what a caller relies on: a result within the
 * caps, every part's name and plain value NUL-terminated and free of NUL,
 * every file's bytes inside the body, the statuses only 0, 400, 413, 415.
 */
/* fuzz-src: src/web/multipart.c */
#include <stdlib.h>
#include <string.h>

#include "web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct mp_limits lim = {60000, 16, 512, 1024, 3};
	const char *nl = memchr(data, '\n', size);
	size_t cl = nl ? (size_t)(nl - (const char *)data) : size;
	char *ct = malloc(cl + 1);
	memcpy(ct, data, cl);
	ct[cl] = '\0';
	size_t blen = nl ? size - cl - 1 : 0;
	/* the body in a buffer of its own size, so ASan sees every overread */
	char *body = malloc(blen ? blen : 1);
	if (blen)
		memcpy(body, nl + 1, blen);
	struct mp_form f;
	int st = mp_parse(ct, body, blen, &lim, &f);
	if (st != 0 && st != 400 && st != 413 && st != 415)
		abort();
	if (st && (f.parts || f.n))
		abort();
	if (f.n > lim.max_parts)
		abort();
	size_t files = 0;
	for (size_t i = 0; i < f.n; i++) {
		const struct web_part *p = &f.parts[i];
		if (!p->name)
			abort();
		(void)strlen(p->name);
		if (p->filename) {
			files++;
			(void)strlen(p->filename);
			if (p->len && (p->data < body || p->data + p->len > body + blen))
				abort();
		} else {
			if (p->len > lim.max_field || strlen(p->data) != p->len)
				abort();
		}
		if (p->content_type)
			(void)strlen(p->content_type);
	}
	if (files > lim.max_files)
		abort();
	mp_release(&f);
	free(body);
	free(ct);
	return 0;
}
