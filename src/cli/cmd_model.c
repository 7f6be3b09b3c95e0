/* cmd_model.c — (being built) */
#include "cli.h"

int cmd_report(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

int cmd_segments(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

int cmd_actions(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

int cmd_customer(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

int cmd_movement(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

int cmd_whatif(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

int cmd_settings(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

int cmd_bench(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

