#!/bin/sh
# check.sh — the README's second command (and CI's): installs what is
# missing, builds, and runs every test, plain and under AddressSanitizer +
# UndefinedBehaviorSanitizer.  The last line is "N passed, N failed".
set -e
cd "$(dirname "$0")/.."
sh tools/deps.sh
make --no-print-directory -j2 check
