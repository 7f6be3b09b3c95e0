#!/bin/sh
# t_html_raw.sh — raw markup can only come from string literals: each file
# of tests/web/compile_fail/ passes a runtime string where the HTML writer
# wants a literal and must NOT compile; compile_ok.c, the same calls with
# literals, must.  And no code outside the writer calls its raw path, and no
# page writes to the response body around the writer.
. "$(dirname "$0")/../cli/lib.sh"
CC=${CC:-gcc}
FLAGS="-std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -I$TOP/src/web -I$TOP/src/util -I$TOP/src/store"

if $CC $FLAGS -c -o "$WORK/ok.o" "$TOP/tests/web/compile_ok.c" 2>"$WORK/err"; then
	ok "compile_ok.c compiles (the control)"
else
	notok "compile_ok.c compiles (the control)"
fi
for f in "$TOP"/tests/web/compile_fail/*.c; do
	n=$(basename "$f")
	if $CC $FLAGS -c -o "$WORK/fail.o" "$f" 2>"$WORK/err"; then
		notok "$n does not compile" "it compiled: a runtime string reached the raw path"
	elif grep -q "error:" "$WORK/err"; then
		ok "$n does not compile"
	else
		notok "$n does not compile" "failed without a compiler error"
	fi
done

bad=$(grep -rn 'html_raw_' "$TOP/src" | grep -v "^$TOP/src/web/html\.[ch]:" || true)
if [ -z "$bad" ]; then ok "html_raw_ only behind H()"; else notok "html_raw_ only behind H()" "$bad"; fi
bad=$(grep -nE 'sb_add[a-z]*\(&rs->body|[.>]out\b' "$TOP"/src/web/page_*.c "$TOP"/src/web/layout.c |
	grep -v 'page_static.c:.*sb_add(&rs->body, f->data' || true)
if [ -z "$bad" ]; then ok "pages write only through the writer"; else notok "pages write only through the writer" "$bad"; fi
bad=$(grep -rnE 'style=|<script[ >]| on[a-z]+=' "$TOP"/src/web/*.c || true)
if [ -z "$bad" ]; then ok "no inline style, script or event handler"; else notok "no inline style, script or event handler" "$bad"; fi
