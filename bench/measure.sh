# measure.sh — sourced by the shell benchmarks (import.sh, pg.sh).
#
# measure LOG CMD...: runs CMD under GNU time (/usr/bin/time); prints
# "wall-seconds cpu-seconds kbytes" (CPU: user + system; kbytes: peak RSS),
# keeps time's report in LOG and CMD's output in LOG.out; exits on failure.
measure() {
	log=$1
	shift
	/usr/bin/time -v "$@" >"$log.out" 2>"$log" || { echo "bench: failed: $*" >&2; tail -5 "$log" >&2; exit 1; }
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; }
		/User time \(seconds\)/ { c += $2 }
		/System time \(seconds\)/ { c += $2 }
		/Maximum resident set size/ { k = $2 }
		END { printf "%.2f %.2f %d\n", s, c, k }' "$log"
}
