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
settle=${SETTLE_SECONDS:-6}

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir"
fi
meson compile -C "$builddir" tether

tmp=$(mktemp -d)
xvfb_pid=
app_pid=
cleanup () {
  if [ -n "$app_pid" ]; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# A screen larger than the window, so that the pointer (at the centre) rests outside it and no
# tooltip or hover shows in the picture.
Xvfb -displayfd 3 -nolisten tcp -noreset -screen 0 2400x1600x24 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
tries=0
while [ ! -s "$tmp/display" ]; do
  if ! kill -0 "$xvfb_pid" 2>/dev/null || [ "$tries" -ge 100 ]; then
    echo "Xvfb did not start:" >&2
    cat "$tmp/xvfb.log" >&2
    exit 1
  fi
  tries=$((tries + 1))
  sleep 0.1
done

mkdir "$tmp/config"
# No session bus: this instance must not hand itself over to a Tether already running.
env -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS \
  DISPLAY=":$(cat "$tmp/display")" \
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

DISPLAY=":$(cat "$tmp/display")" import -window root "$tmp/root.png"
mkdir -p "$(dirname "$output")"
# The window sits at the top left on a black screen: trim the black away, keep it small.
convert "$tmp/root.png" -trim +repage -strip -define png:compression-level=9 "$output"
echo "Wrote $output ($(wc -c <"$output") bytes)"
