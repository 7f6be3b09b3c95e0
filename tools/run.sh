#!/bin/sh
# run.sh — the README's first command: installs what is missing, builds
# treue, creates the demo database (demo.db) with a demo admin whose
# password it prints once, and serves the workbench on 127.0.0.1:8080 until
# Ctrl-C (LISTEN=ADDR:PORT for another address).  The loyalty report at the
# command line stays one command away: build/treue --db demo.db report
set -e
cd "$(dirname "$0")/.."
sh tools/deps.sh
make --no-print-directory run
