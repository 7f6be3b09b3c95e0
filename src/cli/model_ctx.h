/*
 * model_ctx.h — shared set-up of the model commands (cli/ only).
 */
#ifndef TREUE_MODEL_CTX_H
#define TREUE_MODEL_CTX_H

#include "cli.h"
#include "dataset.h"
#include "model.h"
#include "report.h"

struct model_ctx {
	struct model_settings set;
	struct dataset ds;
	day_t today; /* the machine's date (TREUE_TODAY in tests) */
	day_t as_of;
	struct future_orders fut; /* orders dated after today */
	int loaded;
};

#define OPT_SETTINGS(list)                                                                         \
	OPT_LIST("set", (list), "KEY=VALUE",                                                       \
	         "override a model setting for this run (see treue settings)",                     \
	         "eine Modelleinstellung für diesen Aufruf ändern (siehe treue settings)")

/* The model settings: stored in the database, then --set (sets may be
 * NULL).  Prints errors; EXIT_*. */
int model_settings_load(struct ctx *c, struct model_settings *set, const struct opt_list *sets);
/* Settings (database, then --set), dataset, today, D and the orders dated
 * after today.  Prints errors; EXIT_*. */
int model_ctx_load(struct ctx *c, struct model_ctx *m, const struct opt_list *sets);
/* On stderr: the warning about orders dated after today, for the formats
 * whose output has no place for it (CSV). */
void model_ctx_warn_future(const struct model_ctx *m);

void model_ctx_release(struct model_ctx *m);
/* With TREUE_TIMING in the environment: the phases of a load or a model
 * computation on stderr, for tuning. */
void print_timing(const struct timing *t);

/* Buy-till-you-die at D with the parameters stored for this data version,
 * or fitted and stored now (refit: fit even when stored).  See model_btyd. */
int btyd_cached(struct ctx *c, struct model_ctx *m, day_t D, int mbg, int score, int refit,
                struct btyd_result *out);

#endif
