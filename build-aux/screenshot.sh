#!/bin/sh
# Makes data/screenshots/main-window.png: builds Tether, runs it on a private Xvfb display with a
# fresh configuration (so "This computer" connects by itself to a local gdbserver), waits for the
# process list, and grabs the window with ImageMagick.
# Usage: build-aux/screenshot.sh [OUTPUT.png]   (BUILDDIR defaults to "build")
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

cd "$(dirname "$0")/.."
builddir=${BUILDDIR:-build}
output=${1:-data/screenshots/main-window.png}
settle=${SETTLE_SECONDS:-14}  # long enough for two describes of the rows on screen (CPU %)

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir"
fi
meson compile -C "$builddir" tether

# shellcheck source=tests/xvfb.sh
. tests/xvfb.sh

tmp=$(mktemp -d)
app_pid=
cleanup () {
  if [ -n "$app_pid" ]; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  xvfb_stop
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# A screen larger than the window, so that the pointer (at the centre) rests outside it and no
# tooltip or hover shows in the picture.
xvfb_start 2400x1600 "$tmp"

mkdir "$tmp/config"
# No session bus: this instance must not hand itself over to a Tether already running.
env -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS \
  DISPLAY="$xvfb_display" \
  GDK_BACKEND=x11 \
  GSK_RENDERER=cairo \
  GTK_A11Y=none \
  NO_AT_BRIDGE=1 \
  GSETTINGS_BACKEND=memory \
  XDG_CONFIG_HOME="$tmp/config" \
  LC_ALL=C.UTF-8 \
  "$builddir/src/tether" >"$tmp/tether.log" 2>&1 &
app_pid=$!

sleep "$settle"
if ! kill -0 "$app_pid" 2>/dev/null; then
  echo "Tether exited early:" >&2
  cat "$tmp/tether.log" >&2
  exit 1
fi

DISPLAY="$xvfb_display" import -window root "$tmp/root.png"
mkdir -p "$(dirname "$output")"
# The window sits at the top left on a black screen: trim the black away, keep it small.
convert "$tmp/root.png" -trim +repage -strip -define png:compression-level=9 "$output"
echo "Wrote $output ($(wc -c <"$output") bytes)"
