#!/bin/sh
# Runs one UI test on its own Xvfb display, then stops that Xvfb by PID. Needs neither xauth nor
# a session bus, so several run in parallel. Usage: xvfb-run-test.sh PROGRAM [ARGUMENT…]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

program=${1:?usage: $0 PROGRAM [ARGUMENT...]}
shift

# shellcheck source=tests/xvfb.sh
. "$(dirname "$0")/xvfb.sh"

tmp=$(mktemp -d)
cleanup () {
  xvfb_stop
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

xvfb_start 1280x1024 "$tmp"

mkdir "$tmp/config"
unset WAYLAND_DISPLAY
export DISPLAY="$xvfb_display"
export GDK_BACKEND=x11
export GSK_RENDERER=cairo
export GTK_A11Y=none
export NO_AT_BRIDGE=1
export GSETTINGS_BACKEND=memory
export G_DEBUG=fatal-criticals
export XDG_CONFIG_HOME="$tmp/config"
# TETHER_UI_LEAKS=1 with the ASan build and ASAN_OPTIONS=detect_leaks=1: LeakSanitizer checks the
# app too, with what system libraries keep for the process's life suppressed
# (tests/lsan-system.supp). Their frames have no frame pointers, so that needs the slow unwinder,
# which makes the UI tests 5-7 times slower: too slow for their refresh timings on a loaded
# machine, so CI runs them under ASan with detect_leaks=0 (build-aux/dev.sh).
if [ -n "${TETHER_UI_LEAKS:-}" ]; then
  export LSAN_OPTIONS="suppressions=$(dirname "$0")/lsan-system.supp:fast_unwind_on_malloc=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi

# Not exec: the trap must stop Xvfb once the program is done.
status=0
"$program" "$@" || status=$?
exit $status
