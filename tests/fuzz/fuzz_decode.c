/*
 * fuzz_decode.c — libFuzzer target for the decoder: fed in pieces of
 * arbitrary sizes it must give exactly what it gives in one go (or fail at
 * the same byte offset), and what it gives is always valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest.h"

static int run(const uint8_t *in, size_t n, const uint8_t *cuts, size_t ncuts, enum ingest_enc enc,
               struct strbuf *out, uint64_t *bad)
{
	struct decoder d;
	unsigned char *buf = malloc(n + 1);
	size_t have = 0, pos = 0, k = 0;
	int rc = 0;
	dec_init(&d, enc, LANG_EN);
	for (;;) {
		size_t take = ncuts ? 1 + cuts[k++ % ncuts] % 64 : n;
		if (take > n - pos)
			take = n - pos;
		memcpy(buf + have, in + pos, take);
		have += take;
		pos += take;
		size_t used;
		rc = dec_feed(&d, buf, have, pos == n, out, &used);
		memmove(buf, buf + used, have - used);
		have -= used;
		if (rc < 0 || pos == n)
			break;
	}
	free(buf);
	*bad = rc < 0 ? d.bad_off : UINT64_MAX;
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ingest_enc encs[] = {ENC_AUTO, ENC_UTF8, ENC_CP1252};
	if (size < 2)
		return 0;
	size_t ncuts = data[0] % 8;
	enum ingest_enc enc = encs[data[1] % 3];
	if (size < 2 + ncuts)
		return 0;
	const uint8_t *cuts = data + 2, *in = data + 2 + ncuts;
	size_t n = size - 2 - ncuts;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	uint64_t bad_a, bad_b;
	int ra = run(in, n, NULL, 0, enc, &a, &bad_a);
	int rb = run(in, n, cuts, ncuts, enc, &b, &bad_b);
	int inc;
	/* The lazy choice between UTF-8 and Windows-1252 looks at the chunk it
	 * sees, so only a decided encoding must give identical results. */
	if (enc != ENC_AUTO &&
	    (ra != rb || bad_a != bad_b || a.len != b.len || memcmp(a.buf, b.buf, a.len)))
		abort();
	if (utf8_valid_prefix((const unsigned char *)a.buf, a.len, &inc) != a.len ||
	    utf8_valid_prefix((const unsigned char *)b.buf, b.len, &inc) != b.len)
		abort();
	if (memchr(a.buf, 0, a.len) || memchr(b.buf, 0, b.len))
		abort();
	sb_release(&a);
	sb_release(&b);
	return 0;
}
