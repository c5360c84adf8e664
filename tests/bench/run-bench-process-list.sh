#!/bin/sh
# Runs bench_process_list on a private Xvfb display, then stops that Xvfb.
# Usage: tests/bench/run-bench-process-list.sh BUILDDIR/tests/bench_process_list [--rows N] [--refreshes N]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

bench=${1:?usage: $0 PATH/TO/bench_process_list [options]}
shift

tmp=$(mktemp -d)
xvfb_pid=
cleanup () {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# Xvfb picks a free display and writes its number to fd 3 once it accepts connections.
Xvfb -displayfd 3 -nolisten tcp -noreset -screen 0 1280x1024x24 3>"$tmp/display" 2>"$tmp/xvfb.log" &
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

unset WAYLAND_DISPLAY
DISPLAY=:$(cat "$tmp/display") \
GDK_BACKEND=x11 \
GSK_RENDERER=cairo \
GTK_A11Y=none \
GSETTINGS_BACKEND=memory \
NO_AT_BRIDGE=1 \
  "$bench" "$@"
