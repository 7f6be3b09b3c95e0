/* A function's result as raw markup: must not compile. */
#include <stdlib.h>
#include "html.h"
void f(struct html *h);
void f(struct html *h)
{
	H(h, getenv("X"));
}
