/*
 * main.c — treue's entry point: the process-wide settings of the store,
 * then argv to the command line front door.
 */
#include "store.h"

int cli_main(int argc, char **argv);

int main(int argc, char **argv)
{
	store_process_init();
	return cli_main(argc, argv);
}
