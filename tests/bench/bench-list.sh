#!/bin/bash
# bench-list.sh: how long listing a gdbserver's processes takes, Tether against the protocol
# floor and against gdb. A benchmark, not a test.
#
# Usage: tests/bench/bench-list.sh [BUILDDIR]      (BUILDDIR defaults to "build")
#   Environment: RUNS (default 9) timed runs per client and population, medians reported;
#                POPULATIONS (default "500 5000") extra idle processes to start for each round.
#
# Needs: bash >= 5 (EPOCHREALTIME), gdbserver, and gdb. gdb is a dependency of this benchmark
# only, not of Tether: on Debian 12, "apt-get install gdb gdbserver". Builds needed in BUILDDIR:
# src/tether-cli and tests/bench_floor_client.
#
# It starts one "gdbserver --multi 127.0.0.1:0", then for each population that many extra idle
# "sleep 3600" children, and times, one client at a time (gdbserver serves one client at once;
# a client that disconnects lets it accept the next):
#   tether  tether-cli --server tcp:server=127.0.0.1,port=PORT --json list
#   floor   bench_floor_client PORT   (plain C, POSIX sockets, same handshake and qXfer pieces)
#   gdb     gdb -batch -ex 'target extended-remote 127.0.0.1:PORT' -ex 'info os processes'
# Wall time is measured around each client's whole run (process start included, for all three);
# tether's CPU time (user + sys, all threads) comes from bash's "time" (getrusage of children).
# Everything it starts is killed by PID on exit, Ctrl+C or error.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

builddir=${1:-build}
runs=${RUNS:-9}
populations=${POPULATIONS:-"500 5000"}

tether_cli=$builddir/src/tether-cli
floor=$builddir/tests/bench_floor_client

for exe in "$tether_cli" "$floor"; do
  if [ ! -x "$exe" ]; then
    echo "bench-list: $exe not found: build first (ninja -C $builddir)" >&2
    exit 1
  fi
done
for tool in gdb gdbserver; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench-list: $tool not found (apt-get install gdb gdbserver)" >&2
    exit 1
  fi
done
bench_name=bench-list
# shellcheck source=tests/bench/bench-common.sh
. "$(dirname "$0")/bench-common.sh"

# The server, on a port of its choosing.
gdbserver --multi 127.0.0.1:0 2>"$tmp/gdbserver.log" >/dev/null &
server_pid=$!
gdbserver_port () {
  sed -n 's/^Listening on port \([0-9][0-9]*\).*/\1/p' "$tmp/gdbserver.log"
}
await_port gdbserver_port gdbserver "$tmp/gdbserver.log"

TIMEFORMAT='%3U %3S'

run_tether () {
  "$tether_cli" --server "tcp:server=127.0.0.1,port=$port" --json list
}
run_floor () {
  "$floor" "$port"
}
run_gdb () {
  gdb -nx -batch -iex 'set debuginfod enabled off' \
    -ex "target extended-remote 127.0.0.1:$port" -ex 'info os processes'
}

# attempt NAME: runs client NAME once, output to $tmp/NAME.{out,err}, bash's "time" to
# $tmp/NAME.time, its wall ms (EPOCHREALTIME: microseconds, no fork) in $wall_ms. A client can
# fail for reasons outside this benchmark: gdb, for one, rejects the whole listing ("while parsing
# osdata: not well-formed") while any process on the machine has bytes in its command line that
# are not valid XML text (invalid UTF-8, control characters), which gdbserver copies as they are.
attempt () {
  local name=$1 start end status=0
  start=${EPOCHREALTIME/[.,]/}
  { time "run_$name" >"$tmp/$name.out" 2>"$tmp/$name.err"; } 2>"$tmp/$name.time" || status=$?
  end=${EPOCHREALTIME/[.,]/}
  wall_ms=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1000 }')
  return "$status"
}

# timed NAME: runs client NAME until it succeeds (at most 10 tries; failures are counted and
# reported, never timed) and appends its wall ms to $tmp/NAME.wall and its CPU ms (user + sys,
# all threads, from getrusage through bash's "time") to $tmp/NAME.cpu.
timed () {
  local name=$1 tries=0 user sys
  until attempt "$name"; do
    tries=$((tries + 1))
    echo "$name" >>"$tmp/failures"
    if [ "$tries" -ge 10 ]; then
      echo "bench-list: $name failed $tries times in a row; last error:" >&2
      cat "$tmp/$name.err" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "$wall_ms" >>"$tmp/$name.wall"
  read -r user sys <"$tmp/$name.time"
  awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f\n", (u + s) * 1000 }' >>"$tmp/$name.cpu"
}

for n in $populations; do
  stop_idle
  start_idle "$n"
  settle
  rm -f "$tmp"/*.wall "$tmp"/*.cpu "$tmp/failures"

  # One untimed run of each, to warm caches; it also checks that all three see the processes.
  for c in tether floor gdb; do
    timed "$c"
  done
  rm -f "$tmp"/*.wall "$tmp"/*.cpu
  listed_floor=$(cat "$tmp/floor.out")
  listed_tether=$(grep -c '"pid"' "$tmp/tether.out" || true)
  listed_gdb=$(grep -cE '^[0-9]+ ' "$tmp/gdb.out" || true)

  # Interleaved, so that drift in the machine's load hits all three alike.
  for ((r = 0; r < runs; r++)); do
    for c in tether floor gdb; do
      timed "$c"
    done
  done

  t=$(median "$tmp/tether.wall")
  f=$(median "$tmp/floor.wall")
  g=$(median "$tmp/gdb.wall")
  tc=$(median "$tmp/tether.cpu")
  awk -v n="$n" -v lf="$listed_floor" -v lt="$listed_tether" -v lg="$listed_gdb" \
      -v t="$t" -v f="$f" -v g="$g" -v tc="$tc" -v runs="$runs" 'BEGIN {
    printf "%d processes (listed: floor %d, tether %d, gdb %d; medians of %d runs): ", n, lf, lt, lg, runs
    printf "tether %.1f ms, floor %.1f ms, gdb %.1f ms; ", t, f, g
    printf "tether/floor %.2f, tether/gdb %.2f; tether CPU %.1f ms = %.0f%% of wall\n", t / f, t / g, tc, 100 * tc / t
  }'
  if [ -s "$tmp/failures" ]; then
    echo "  (failed runs retried, not timed: $(sort "$tmp/failures" | uniq -c | awk '{ printf "%s%s %d", sep, $2, $1; sep = ", " }'))"
  fi
done
