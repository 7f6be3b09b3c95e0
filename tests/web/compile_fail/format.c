/* A runtime printf format: must not compile. */
#include "html.h"
void f(struct html *h, const char *fmt);
void f(struct html *h, const char *fmt)
{
	HF(h, fmt, 1);
}
