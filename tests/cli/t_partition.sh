#!/bin/sh
# t_partition.sh — the road past one machine, simulated (bench/partition.py,
# docs/SCALE.md): the demo split by a hash of the customer id into four
# partitions, each in a database of its own computed by its own treue
# process at the same time, the results merged — every segment row, the
# global F and D, retention, segment counts and revenue, NPS, satisfaction,
# profit by tenure year — equal one run on all the data.
. "$(dirname "$0")/lib.sh"
sqlite_file_only "partitions in SQLite files of their own; the merge does not depend on the store"
if ! command -v python3 >/dev/null; then skip "partitions" "python3 is missing"; exit 0; fi
run python3 "$TOP/bench/partition.py" "$TREUE" 800 4 "$WORK/part"
expect_rc "four partitions merged equal one run" 0
expect_out "... with nothing different" '^0 different$'
expect_out "... the segment list row by row" '^same  \.\.\. row by row: True$'
expect_out "... the median F from the partitions' orders" "^same  F, the median of the partitions' orders"
