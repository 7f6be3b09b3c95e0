#!/bin/sh
# deps.sh — installs the Debian 12 packages treue needs to build and test,
# only those that are missing.  Run as root (or with sudo available).
set -e
# libmicrohttpd and libsodium: treue serve; chromium, chromium-driver and
# python3-selenium: its real-browser tests; libzip, expat and freexl: Excel
# workbooks as import input; python3-xlwt: .xls files in the import tests;
# libpq-dev: --db postgresql://, postgresql: the server the tests start for
# their PostgreSQL pass
need="gcc make pkg-config libsqlite3-dev sqlite3 libnlopt-dev libxlsxwriter-dev python3 python3-openpyxl libmicrohttpd-dev libsodium-dev chromium chromium-driver python3-selenium libzip-dev libexpat1-dev libfreexl-dev python3-xlwt libpq-dev postgresql"
[ -n "$TREUE_DEPS_EXTRA" ] && need="$need $TREUE_DEPS_EXTRA"
missing=""
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "treue: installing Debian packages:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
