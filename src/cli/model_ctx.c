/*
 * model_ctx.c — what every model command does first: the settings (stored
 * in the database, overridden by --set KEY=VALUE), the dataset loaded from
 * the store, and the reference date D.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model_ctx.h"

int model_ctx_load(struct ctx *c, struct model_ctx *m, const struct opt_list *sets)
{
	struct err e = {.lang = cli_lang};
	struct strbuf buf = STRBUF_INIT;
	struct store *st = ctx_store(c);
	memset(m, 0, sizeof(*m));
	if (!st)
		return EXIT_ERR;
	err_clear(&e);
	model_settings_default(&m->set);
	for (int i = 0; i < model_setting_count; i++) {
		const char *v = store_setting(st, model_setting_defs[i].key, NULL, &buf);
		if (v && model_settings_apply(&m->set, model_setting_defs[i].key, v, &e)) {
			sb_release(&buf);
			return print_err(&e);
		}
	}
	sb_release(&buf);
	for (int i = 0; sets && i < sets->n; i++) {
		char key[64];
		const char *eq = strchr(sets->v[i], '=');
		if (!eq || eq == sets->v[i] || (size_t)(eq - sets->v[i]) >= sizeof(key))
			return usage_error(L(cli_lang, "--set takes KEY=VALUE, not \"%s\"",
			                     "--set erwartet SCHLÜSSEL=WERT, nicht \"%s\""),
			                   sets->v[i]);
		memcpy(key, sets->v[i], (size_t)(eq - sets->v[i]));
		key[eq - sets->v[i]] = '\0';
		if (model_settings_apply(&m->set, key, eq + 1, &e)) {
			print_err(&e);
			return EXIT_USAGE;
		}
	}
	if (dataset_load(st, &m->ds, &e))
		return print_err(&e);
	print_timing(&m->ds.timing);
	m->loaded = 1;
	m->as_of = c->as_of != DAY_NONE ? c->as_of : model_default_as_of(&m->ds);
	/* the model looks two windows back and the horizon ahead of D */
	if (day_span_check(m->as_of, 2 * (int64_t)m->set.window, 366 * (int64_t)m->set.horizon,
	                   &e)) {
		print_err(&e);
		model_ctx_release(m);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

void print_timing(const struct timing *t)
{
	if (!getenv("TREUE_TIMING"))
		return;
	for (int i = 0; i < t->n; i++)
		fprintf(stderr, "timing: %-12s %8.1f ms\n", t->phase[i].what, t->phase[i].ms);
}

void model_ctx_release(struct model_ctx *m)
{
	if (m->loaded)
		dataset_release(&m->ds);
	memset(m, 0, sizeof(*m));
}
