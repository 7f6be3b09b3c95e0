/* compile_ok.c — the control for the compile-fail tests: the same writer
 * calls with string literals compile (so a failure of the others is the
 * literal rule, not a broken include or flag). */
#include "html.h"

int main(int argc, char **argv)
{
	struct strbuf sb = STRBUF_INIT;
	struct html h;
	html_init(&h, &sb, LANG_EN);
	H(&h, "<p class=\"x\">");
	HL(&h, "<b>en</b>", "<b>de</b>");
	HT(&h, "text", "Text");
	HF(&h, "%d arguments", argc);
	HATTR(&h, "title", argv[0]);
	html_text(&h, argv[0]);
	SVG_BEGIN(&h, 10, 10, "chart", argv[0]);
	SVG_RECT(&h, 0, 0, 1, 1, "bar", argv[0]);
	SVG_TEXT(&h, 0, 0, "label", "start", argv[0]);
	svg_end(&h);
	H(&h, "</p>");
	return sb.len == 0;
}
