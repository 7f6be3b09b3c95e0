/* A runtime string as raw markup: must not compile. */
#include "html.h"
void f(struct html *h, const char *name);
void f(struct html *h, const char *name)
{
	H(h, name);
}
