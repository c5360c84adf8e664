#!/bin/sh
# Runs one UI test on its own Xvfb display, then stops that Xvfb by PID. Needs neither xauth nor
# a session bus, so several run in parallel. Usage: xvfb-run-test.sh PROGRAM [ARGUMENT…]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

program=${1:?usage: $0 PROGRAM [ARGUMENT...]}
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

mkdir "$tmp/config"
unset WAYLAND_DISPLAY
export DISPLAY=":$(cat "$tmp/display")"
export GDK_BACKEND=x11
export GSK_RENDERER=cairo
export GTK_A11Y=none
export NO_AT_BRIDGE=1
export GSETTINGS_BACKEND=memory
export G_DEBUG=fatal-criticals
export XDG_CONFIG_HOME="$tmp/config"
# Only read by LeakSanitizer (the ASan build): what system libraries keep for the process's life
# (tests/lsan-system.supp). Their frames have no frame pointers: unwind the slow way to match them.
export LSAN_OPTIONS="suppressions=$(dirname "$0")/lsan-system.supp:fast_unwind_on_malloc=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

# Not exec: the trap must stop Xvfb once the program is done.
status=0
"$program" "$@" || status=$?
exit $status
