#!/bin/sh
# Makes data/screenshots/attach.png, create.png and session.png: the attach dialog choosing between
# two processes of the same name, the create dialog filled in, and a session page with its
# threads. Each is posed by tests/screenshot-sessions (against a local gdbserver, on a private
# Xvfb display with a fresh configuration) and grabbed with ImageMagick.
# Usage: build-aux/screenshot-sessions.sh [attach|create|session]…   (BUILDDIR defaults to "build")
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

cd "$(dirname "$0")/.."
builddir=${BUILDDIR:-build}
[ $# -gt 0 ] || set -- attach create session

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir"
fi
meson compile -C "$builddir" tests/screenshot-sessions

# shellcheck source=tests/xvfb.sh
. tests/xvfb.sh

tmp=$(mktemp -d)
app_pid=
stop_app () {
  if [ -n "$app_pid" ]; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=
  fi
}
cleanup () {
  stop_app
  xvfb_stop
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# A screen larger than the window, so that the pointer (at the centre) rests outside it.
xvfb_start 2400x1600 "$tmp"

for shot in "$@"; do
  rm -rf "$tmp/config" "$tmp/ready"
  mkdir "$tmp/config"
  env -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS \
    DISPLAY="$xvfb_display" GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
    GSETTINGS_BACKEND=memory XDG_CONFIG_HOME="$tmp/config" LC_ALL=C.UTF-8 \
    "$builddir/tests/screenshot-sessions" "$shot" >"$tmp/ready" 2>"$tmp/app.log" &
  app_pid=$!

  tries=0
  until grep -q READY "$tmp/ready" 2>/dev/null; do
    if ! kill -0 "$app_pid" 2>/dev/null || [ "$tries" -ge 600 ]; then
      echo "The $shot pose did not get ready:" >&2
      tail -20 "$tmp/app.log" >&2
      exit 1
    fi
    tries=$((tries + 1))
    sleep 0.1
  done

  # The dialogs alone (with no window manager they sit on top of the main window's corner).
  case $shot in
    attach) window="Attach to Process" ;;
    create) window="Start Process" ;;
    *) window=root ;;
  esac
  DISPLAY="$xvfb_display" import -window "$window" "$tmp/root.png"
  stop_app
  mkdir -p data/screenshots
  convert "$tmp/root.png" -trim +repage -strip -define png:compression-level=9 \
    "data/screenshots/$shot.png"
  echo "Wrote data/screenshots/$shot.png ($(wc -c <"data/screenshots/$shot.png") bytes)"
done
