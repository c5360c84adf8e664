# xvfb.sh: a private Xvfb display, for the scripts that need one (tests/xvfb-run-test.sh,
# build-aux/screenshot.sh, build-aux/screenshot-sessions.sh). Sourced, not run.
#
# xvfb_start WIDTHxHEIGHT DIR: starts Xvfb on a display it picks itself (no TCP, no xauth), waits
#   until it accepts connections, and sets $xvfb_pid and $xvfb_display (":N"). Its log goes to
#   DIR/xvfb.log; if it does not start within 10 s, that log is shown and the script exits.
# xvfb_stop: stops it by PID and reaps it (for the caller's cleanup trap).
#
# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh disable=SC2034 # xvfb_display: for the script that sources this

xvfb_pid=
xvfb_display=

xvfb_start () {
  # Xvfb writes the display's number to fd 3 once it accepts connections.
  Xvfb -displayfd 3 -nolisten tcp -noreset -screen 0 "${1}x24" 3>"$2/display" 2>"$2/xvfb.log" &
  xvfb_pid=$!
  xvfb_tries=0
  while [ ! -s "$2/display" ]; do
    if ! kill -0 "$xvfb_pid" 2>/dev/null || [ "$xvfb_tries" -ge 100 ]; then
      echo "Xvfb did not start:" >&2
      cat "$2/xvfb.log" >&2
      exit 1
    fi
    xvfb_tries=$((xvfb_tries + 1))
    sleep 0.1
  done
  xvfb_display=":$(cat "$2/display")"
}

xvfb_stop () {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
    xvfb_pid=
  fi
}
