/* A runtime class on an SVG shape: must not compile. */
#include "html.h"
void f(struct html *h, const char *cls);
void f(struct html *h, const char *cls)
{
	SVG_RECT(h, 0, 0, 1, 1, cls, NULL);
}
