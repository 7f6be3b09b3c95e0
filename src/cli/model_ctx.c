/*
 * model_ctx.c — what every model command does first: the analysis of the
 * application layer (settings stored in the database, overridden by --set
 * KEY=VALUE; the dataset; today's date and the reference date D — --as-of,
 * else the day after the latest order dated on or before today — with the
 * orders dated after today), its errors printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_ctx.h"

int cli_analysis(struct ctx *c, const struct opt_list *sets, struct app_ctx *ac,
                 struct app_analysis *a)
{
	struct err e;
	memset(a, 0, sizeof(*a));
	if (ctx_app(c, sets, ac))
		return EXIT_ERR;
	err_init(&e, cli_lang);
	int rc = app_analysis_load(ac, a, &e);
	if (rc)
		return app_failed(rc, &e);
	print_timing(&a->ds.timing);
	return EXIT_OK;
}

void cli_warn_future(const struct future_orders *fut)
{
	struct strbuf sb = STRBUF_INIT;
	if (!fut->count)
		return;
	report_future_text(fut, &sb, cli_lang);
	fputs(sb.buf, stderr);
	sb_release(&sb);
}

void print_timing(const struct timing *t)
{
	if (!getenv("TREUE_TIMING"))
		return;
	for (int i = 0; i < t->n; i++)
		fprintf(stderr, "timing: %-12s %8.1f ms\n", t->phase[i].what, t->phase[i].ms);
}
