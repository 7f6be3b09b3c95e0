/* A runtime string as one side of translated raw markup: must not compile. */
#include "html.h"
void f(struct html *h, const char *de);
void f(struct html *h, const char *de)
{
	HL(h, "<b>en</b>", de);
}
