/*
 * model_ctx.h — what the model commands share (cli/ only): the --set
 * option, loading the analysis through the application layer, and the
 * timing lines of TREUE_TIMING.
 */
#ifndef TREUE_MODEL_CTX_H
#define TREUE_MODEL_CTX_H

#include "cli.h"
#include "report.h"

#define OPT_SETTINGS(list)                                                                         \
	OPT_LIST("set", (list), "KEY=VALUE",                                                       \
	         "override a model setting for this run (see treue settings)",                     \
	         "eine Modelleinstellung für diesen Aufruf ändern (siehe treue settings)")

/* The app context of the command and the analysis (settings from the
 * database and --set, the dataset, today, D and the orders dated after
 * today).  Prints errors; EXIT_*. */
int cli_analysis(struct ctx *c, const struct opt_list *sets, struct app_ctx *ac,
                 struct app_analysis *a);
/* On stderr: the warning about orders dated after today, for the formats
 * whose output has no place for it (CSV). */
void cli_warn_future(const struct future_orders *fut);
/* With TREUE_TIMING in the environment: the phases of a load or a model
 * computation on stderr, for tuning. */
void print_timing(const struct timing *t);

#endif
