/* A runtime attribute name (onclick=...): must not compile. */
#include "html.h"
void f(struct html *h, const char *attr, const char *v);
void f(struct html *h, const char *attr, const char *v)
{
	HATTR(h, attr, v);
}
