# lib.sh — sourced by every tests/cli/t_*.sh.  Provides:
#   $TREUE      the binary under test (may be a valgrind/asan wrapper)
#   $WORK       a fresh scratch directory for this file (removed afterwards)
#   $DATA       tests/data;  $SHARED  ../shared/data or empty
#   run CMD...            runs CMD; stdout in $WORK/out, stderr in $WORK/err, exit in $rc
#   t NAME                runs treue with the rest of the arguments (like run)
#   ok NAME / notok NAME  records a result
#   expect_rc NAME N      passes when the last run exited N
#   expect_out NAME GREP-PATTERN   / expect_err NAME PATTERN  (grep -E on out/err)
#   expect_no_out NAME PATTERN
#   expect_golden NAME FILE        out equals FILE exactly
#   expect_eq NAME A B
#   skip NAME WHY
set -u
: "${TREUE:?TREUE must be set}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DATA="$TOP/tests/data"
SHARED=""
for d in "${TREUE_SHARED_DATA:-}" "$TOP/../shared/data"; do
	[ -n "$d" ] && [ -d "$d" ] && SHARED=$(cd "$d" && pwd) && break
done
WORK=$(mktemp -d /tmp/treue-cli-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export TREUE_DB="$WORK/test.db"
export TREUE_TODAY="${TREUE_TODAY:-2026-11-24}"
export LANG=C LC_ALL=
unset LC_MESSAGES || true
rc=0

ok() { echo "ok - $CLI_FILE: $1"; }
notok() {
	echo "not ok - $CLI_FILE: $1"
	shift
	[ $# -gt 0 ] && echo "#   $*"
	echo "#   exit $rc; stdout:"; head -c 1500 "$WORK/out" 2>/dev/null | sed 's/^/#     /'
	echo "#   stderr:"; head -c 1500 "$WORK/err" 2>/dev/null | sed 's/^/#     /'
	return 0
}
skip() { echo "ok - $CLI_FILE: $1 # skip $2"; }
run() {
	"$@" >"$WORK/out" 2>"$WORK/err"
	rc=$?
	return 0
}
t() { run $TREUE "$@"; }
expect_rc() { if [ "$rc" -eq "$2" ]; then ok "$1"; else notok "$1" "expected exit $2"; fi; }
expect_out() { if grep -Eq -- "$2" "$WORK/out"; then ok "$1"; else notok "$1" "stdout lacks /$2/"; fi; }
expect_err() { if grep -Eq -- "$2" "$WORK/err"; then ok "$1"; else notok "$1" "stderr lacks /$2/"; fi; }
expect_no_out() { if grep -Eq -- "$2" "$WORK/out"; then notok "$1" "stdout has /$2/"; else ok "$1"; fi; }
expect_golden() {
	if cmp -s "$WORK/out" "$2"; then ok "$1"; else
		notok "$1" "differs from $2"; diff "$2" "$WORK/out" | head -20 | sed 's/^/#   /'; fi
}
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "'$2' != '$3'"; fi; }
