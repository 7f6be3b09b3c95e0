/* cmd_journal.c — (being built) */
#include "cli.h"

int cmd_add(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

int cmd_list(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

int cmd_close(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

int cmd_edit(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

int cmd_delete(int argc, char **argv, struct ctx *c)
{
	return error(L("not implemented yet", "noch nicht umgesetzt"));
}

