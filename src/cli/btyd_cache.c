/*
 * btyd_cache.c — the buy-till-you-die parameters of a reference date,
 * fitted once per data version: looked up in the fit table, else fitted
 * and stored (with the as-of date and the data version), so that reports
 * do not refit when nothing changed.  A fit is stored only through a
 * writable store; a failure to store is a warning, not an error.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model_ctx.h"

static const char *model_name(int mbg)
{
	return mbg ? "mbgnbd" : "bgnbd";
}

static void params_text(const struct btyd_params_all *p, struct strbuf *sb)
{
	sb_addf(sb, "r=%.17g alpha=%.17g a=%.17g b=%.17g loglik=%.17g n=%zu repeat=%zu gg=%d",
	        p->bg.r, p->bg.alpha, p->bg.a, p->bg.b, p->loglik, p->customers, p->repeat_buyers,
	        p->has_gg);
	if (p->has_gg)
		sb_addf(sb, " p=%.17g q=%.17g gamma=%.17g", p->gg.p, p->gg.q, p->gg.gamma);
}

static int params_parse(const char *s, struct btyd_params_all *p)
{
	int n = 0;
	memset(p, 0, sizeof(*p));
	if (sscanf(s, "r=%lg alpha=%lg a=%lg b=%lg loglik=%lg n=%zu repeat=%zu gg=%d%n", &p->bg.r,
	           &p->bg.alpha, &p->bg.a, &p->bg.b, &p->loglik, &p->customers, &p->repeat_buyers,
	           &p->has_gg, &n) != 8)
		return -1;
	if (p->has_gg &&
	    sscanf(s + n, " p=%lg q=%lg gamma=%lg", &p->gg.p, &p->gg.q, &p->gg.gamma) != 3)
		return -1;
	return 0;
}

int btyd_cached(struct ctx *c, struct model_ctx *m, day_t D, int mbg, int score, int refit,
                struct btyd_result *out)
{
	struct store *st = ctx_store(c);
	struct btyd_params_all p;
	struct strbuf sb = STRBUF_INIT;
	struct err e = {.lang = cli_lang};
	int have = 0;
	err_clear(&e);
	if (!refit) {
		struct stmt *s = store_stmt(st, ST_FIT_GET);
		stmt_text(s, 1, model_name(mbg));
		stmt_int(s, 2, D);
		stmt_int(s, 3, m->ds.data_version);
		if (stmt_step(s, NULL) == 1 && params_parse(col_text(s, 0), &p) == 0)
			have = 1;
		stmt_reset(s);
	}
	p.model_mbg = mbg;
	model_btyd(&m->ds, D, &m->set, mbg, have ? &p : NULL, score, out);
	if (out->ok && out->fitted) {
		params_text(&out->par, &sb);
		struct stmt *s = store_stmt(st, ST_FIT_PUT);
		stmt_text(s, 1, model_name(mbg));
		stmt_int(s, 2, D);
		stmt_int(s, 3, m->ds.data_version);
		stmt_text(s, 4, sb.buf);
		stmt_double(s, 5, out->par.loglik);
		stmt_int(s, 6, (int64_t)out->par.customers);
		if (stmt_exec(s, &e) == 0) {
			s = store_stmt(st, ST_FIT_PRUNE);
			stmt_int(s, 1, m->ds.data_version);
			stmt_exec(s, NULL);
		}
		/* a read-only or busy database keeps working without the cache */
	}
	sb_release(&sb);
	return 0;
}
