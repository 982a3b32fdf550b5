#!/bin/sh
# Make sure Debian's chromium is installed for the browser tests (tests/test_web_e2e.py).
# Idempotent: does nothing when /usr/bin/chromium exists; installs it with apt-get when run as root.
set -eu
CHROMIUM="${METASOME_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
    [ -x "$CHROMIUM" ] && exit 0
    echo "ensure_chromium: apt-get finished but $CHROMIUM is still missing" >&2
    exit 1
fi
echo "ensure_chromium: $CHROMIUM is missing and this user cannot install it." >&2
echo "Install Debian's chromium first: sudo apt-get install chromium" >&2
exit 1
