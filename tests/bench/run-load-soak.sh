#!/usr/bin/env bash
# The long versions of tests/test-load.c, which print the figures of RELIABILITY.md.
#
#   tests/bench/run-load-soak.sh [BUILD_DIR] [SERVERS] [ROUNDS] [SOAK_REFRESHES]
#
# Defaults: build, 20 gdbservers x 50 rounds of simultaneous list refreshes from one engine, then a
# soak of 5000 list refreshes (and 500 describes) against one gdbserver with the heap in use and
# RSS sampled every 250. Both still assert: every refresh succeeds, and memory is flat (the peak
# of the last quarter passes the peak of the second by less than 256 KiB of heap, 512 KiB of RSS). Needs gdbserver; a normal (not
# ASan) build gives the meaningful memory figures.
set -euo pipefail

cd "$(dirname "$0")/../.."
build=${1:-build}
servers=${2:-20}
rounds=${3:-50}
refreshes=${4:-5000}

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dapp=false
fi
meson compile -C "$build" tests/test-load >/dev/null

echo "$(nproc) CPUs, $(ls -d /proc/[0-9]* | wc -l) processes listed per refresh, $(gdbserver --version | head -n 1)"
TETHER_LOAD_SERVERS=$servers TETHER_LOAD_ROUNDS=$rounds TETHER_SOAK_REFRESHES=$refreshes \
  G_DEBUG=fatal-criticals LC_ALL=C.UTF-8 "$build/tests/test-load" 2>&1 \
  | grep -v -e '-DEBUG: ' -e '^# random seed' -e '^# Start of' -e '^# End of' -e '^1\.\.'
