/*
 * page_static.c — the files served from the binary (/static/NAME: the
 * stylesheet and the icon, embedded at build time from src/web/static/).
 * They are revalidated on every use (Cache-Control: no-cache) with an ETag
 * of their content, so an upgraded binary is never shadowed by a cache.
 */
#include <string.h>

#include "web_int.h"

void page_static(struct web_req *rq, struct web_resp *rs)
{
	for (size_t i = 0; i < web_static_count; i++) {
		const struct web_static_file *f = &web_static_files[i];
		if (strcmp(f->name, rq->param))
			continue;
		char tag[24];
		snprintf(tag, sizeof(tag), "\"%016llx\"",
		         (unsigned long long)hash64(f->data, f->len, 0));
		web_resp_header(rs, "ETag", tag);
		web_resp_header(rs, "Cache-Control", "no-cache");
		const char *inm = web_header(rq, "If-None-Match");
		if (inm && strstr(inm, tag)) {
			rs->status = 304;
			return;
		}
		web_resp_header(rs, "Content-Type", f->type);
		sb_add(&rs->body, f->data, f->len);
		return;
	}
	web_error_page(rq, rs, 404, NULL);
}
