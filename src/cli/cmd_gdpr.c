/* cmd_gdpr.c — (being built) */
#include "cli.h"

int cmd_export(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

int cmd_erase(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

int cmd_audit(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

