#!/bin/sh
# Makes data/screenshots/server-details.png: the Server Details window for a local gdbserver and
# for an lldb-server platform, side by side. tests/test-server-details draws both windows itself
# (on its own Xvfb display, through tests/xvfb-run-test.sh) when TETHER_SCREENSHOT_DIR is set.
# Usage: build-aux/screenshot-details.sh [OUTPUT.png]   (BUILDDIR defaults to "build")
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

cd "$(dirname "$0")/.."
builddir=${BUILDDIR:-build}
output=${1:-data/screenshots/server-details.png}

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir"
fi
meson compile -C "$builddir" tests/test-server-details

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

TETHER_SCREENSHOT_DIR="$tmp" LC_ALL=C.UTF-8 \
  tests/xvfb-run-test.sh "$builddir/tests/test-server-details" >"$tmp/test.log" 2>&1 || {
  echo "test-server-details failed:" >&2
  cat "$tmp/test.log" >&2
  exit 1
}
for kind in gdbserver lldb; do
  if [ ! -s "$tmp/$kind.png" ]; then
    echo "No screenshot for $kind (is lldb-server installed?):" >&2
    cat "$tmp/test.log" >&2
    exit 1
  fi
done

mkdir -p "$(dirname "$output")"
convert "$tmp/gdbserver.png" "$tmp/lldb.png" -background white -gravity north +append \
  -strip -define png:compression-level=9 "$output"
echo "Wrote $output ($(wc -c <"$output") bytes)"
