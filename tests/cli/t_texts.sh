# t_texts.sh — every user-facing text exists in English and German: no L()
# with an empty side, and --help of every command works in both languages.
. "$(dirname "$0")/lib.sh"

bad=$(grep -rnE 'L\(""|L\("[^"]*(\\.[^"]*)*",[[:space:]]*""\)' "$TOP/src" || true)
if [ -z "$bad" ]; then ok "no L() with an empty side"; else notok "no L() with an empty side" "$bad"; fi

for cmd in $(sed -n 's/^CMD("\([a-z]*\)".*/\1/p' "$TOP/src/cli/commands.def"); do
	t "$cmd" --help
	expect_rc "$cmd --help exits 0" 0
	expect_out "$cmd --help shows usage" '^usage: treue'
	t --lang de "$cmd" --help
	expect_out "$cmd --help in German" '^Aufruf: treue'
done
t --help
expect_out "treue --help lists the commands" 'report'
t --lang de --help
expect_out "treue --help in German" 'Befehle'
