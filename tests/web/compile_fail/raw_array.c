/* A character array (not a literal) as raw markup: must not compile. */
#include "html.h"
void f(struct html *h);
void f(struct html *h)
{
	char buf[16] = "<b>";
	H(h, buf);
}
