/* cmd_import.c — (being built) */
#include "cli.h"

int cmd_import(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

