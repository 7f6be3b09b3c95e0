# t_texts.sh — every user-facing text exists in English and German: no L()
# with an empty side, the terms of docs/VOCABULARY.md (no "Versprechen",
# "Dialog", "Gespräch" outside the synonym lists; "gehalten" only for
# honoured), and --help of every command works in both languages.
. "$(dirname "$0")/lib.sh"

# every L() call, also those spanning lines: three arguments, no empty side;
# every text in the vocabulary's terms
out=$(python3 "$TOP/tests/cli/texts_check.py" "$TOP/src" 2>&1)
n=$(printf '%s\n' "$out" | sed -n 's/^checked \([0-9]*\)$/\1/p')
if [ "$out" = "checked $n" ] && [ "${n:-0}" -gt 400 ]; then
	ok "no L() with an empty side, no old term ($n calls)"
else
	notok "no L() with an empty side, no old term" "$out"
fi
# the checker itself finds an empty side in a call that spans lines
tmp=$(mktemp -d)
printf 'int f(void)\n{\n\treturn L(lang, "a"\n\t         "b",\n\t         "");\n}\n' >"$tmp/x.c"
if python3 "$TOP/tests/cli/texts_check.py" "$tmp" | grep -q 'x.c:3: L() with an empty German side'; then
	ok "the text check sees L() spanning lines"
else
	notok "the text check sees L() spanning lines" "$(python3 "$TOP/tests/cli/texts_check.py" "$tmp")"
fi
# ... and the old terms, but not in a synonym list; "gehalten" for kept
cat >"$tmp/x.c" <<'EOF'
static const char *const a[] = SYN("Versprechen", "Dialoge", "Gespräch");
void f(void)
{
	HT(h, "Open promises", "Offene Versprechen");
	HT(h, "last dialogue", "letzter Dialog");
	x = L(lang, "kept", "gehalten");
	y = L(lang, "honoured", "gehalten");
}
static const char *const t[][3] = {{"kept", "The promise was closed as kept.",
     "Die Zusage wurde als gehalten abgeschlossen."}};
EOF
out=$(python3 "$TOP/tests/cli/texts_check.py" "$tmp")
for want in 'x.c:4: old term "Versprechen"' 'x.c:5: old term "Dialog"' \
	'x.c:6: "gehalten" is the honoured measure, but the English side says "kept"' \
	'x.c:9: "gehalten" is the honoured measure'; do
	case "$out" in
	*"$want"*) ok "the text check finds: $want" ;;
	*) notok "the text check finds: $want" "$out" ;;
	esac
done
case "$out" in
*x.c:1:* | *x.c:7:*) notok "the text check leaves synonyms and honoured alone" "$out" ;;
*) ok "the text check leaves synonyms and honoured alone" ;;
esac
rm -rf "$tmp"

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
