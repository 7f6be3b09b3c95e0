/*
 * fuzz_csv.c — libFuzzer target for the CSV scanner and the decoder behind
 * it.  The first byte chooses the delimiter (or detection) and the forced
 * encoding; the rest is the file.  Checks what callers rely on: every field
 * is valid UTF-8 without NUL bytes, flen is its length, line numbers never
 * go backwards, caps hold, and reading again after a rewind gives the same.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest.h"

static uint64_t digest(struct csv *c, int *nrec)
{
	struct err e = {0};
	uint64_t h = 0;
	long last = 0;
	int rc;
	*nrec = 0;
	while ((rc = csv_next(c, &e)) == 1) {
		if (c->line < last || c->nf < 1 || c->nf >= CSV_FIELDS_MAX)
			abort();
		last = c->line;
		for (int i = 0; i < c->nf; i++) {
			int inc;
			if (strlen(c->f[i]) != c->flen[i] || c->flen[i] > CSV_FIELD_MAX)
				abort();
			if (utf8_valid_prefix((const unsigned char *)c->f[i], c->flen[i], &inc) !=
			    c->flen[i])
				abort();
			h = hash64(c->f[i], c->flen[i], h + (uint64_t)i);
		}
		(*nrec)++;
	}
	if (rc < 0 && (!e.msg[0] || strcmp(e.file, c->name)))
		abort();
	return h ^ (uint64_t)rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = {0, ',', ';', '\t', '|'};
	static const enum ingest_enc encs[] = {ENC_AUTO, ENC_UTF8, ENC_CP1252};
	struct err e = {0};
	int n1, n2;
	if (size < 1)
		return 0;
	char d = delims[data[0] % sizeof(delims)];
	enum ingest_enc enc = encs[(data[0] / 8) % 3];
	struct csv *c = csv_open_mem("fuzz.csv", data + 1, size - 1, d, enc, &e);
	if (!c)
		return 0;
	if (!strchr(",;\t|", c->delim) && !c->sep_line)
		abort();
	uint64_t h1 = digest(c, &n1);
	if (csv_rewind(c, &e) == 0) {
		uint64_t h2 = digest(c, &n2);
		if (h1 != h2 || n1 != n2)
			abort();
	}
	csv_free(c);
	return 0;
}
