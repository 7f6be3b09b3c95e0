#!/bin/sh
# run.sh — the README's first command: installs what is missing, builds
# treue, creates the demo database (demo.db) and shows the loyalty report.
set -e
cd "$(dirname "$0")/.."
sh tools/deps.sh
make --no-print-directory run
