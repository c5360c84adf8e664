#!/bin/bash
# bench-list-lldb.sh: how long listing an lldb-server platform's processes takes, Tether against
# lldb itself. A benchmark, not a test; the sibling of bench-list.sh (gdbserver).
#
# Usage: tests/bench/bench-list-lldb.sh [BUILDDIR]   (BUILDDIR defaults to "build")
#   Environment: RUNS (default 9) timed runs per client and population, medians reported;
#                POPULATIONS (default "500 5000") extra idle processes to start for each round.
#
# Needs: bash >= 5 (EPOCHREALTIME) and lldb-14 (lldb-server-14 and lldb-14; Debian package
# lldb-14). Build needed in BUILDDIR: src/tether-cli.
#
# It starts one "lldb-server platform --server --listen 127.0.0.1:0" (by its real path: through
# Debian's symbolic link it could not start debug servers, which listing does not need but a fair
# setup should allow), then for each population that many extra idle "sleep 3600" children, and
# times, one client after the other (the platform forks a child per connection):
#   tether  tether-cli --server tcp:server=127.0.0.1,port=PORT --json list
#   lldb    lldb-14 -b -o 'platform select remote-linux' -o 'platform connect connect://…'
#                 -o 'platform process list'
# Wall time is measured around each client's whole run, process start included. Both clients
# list with one packet per process (qfProcessInfo/qsProcessInfo): the server's share is the same.
# Everything it starts is killed by PID on exit, Ctrl+C or error.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

builddir=${1:-build}
runs=${RUNS:-9}
populations=${POPULATIONS:-"500 5000"}

tether_cli=$builddir/src/tether-cli

if [ ! -x "$tether_cli" ]; then
  echo "bench-list-lldb: $tether_cli not found: build first (ninja -C $builddir)" >&2
  exit 1
fi
for tool in lldb-14 lldb-server-14; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench-list-lldb: $tool not found (apt-get install lldb-14)" >&2
    exit 1
  fi
done
bench_name=bench-list-lldb
# shellcheck source=tests/bench/bench-common.sh
. "$(dirname "$0")/bench-common.sh"

# The server, on a port of its choosing, written to its --socket-file.
lldb_server=$(readlink -f "$(command -v lldb-server-14)")
"$lldb_server" platform --server --listen 127.0.0.1:0 --socket-file "$tmp/port" \
  2>"$tmp/server.log" >/dev/null &
server_pid=$!
platform_port () {
  cat "$tmp/port" 2>/dev/null || true
}
await_port platform_port "lldb-server platform" "$tmp/server.log"

run_tether () {
  "$tether_cli" --server "tcp:server=127.0.0.1,port=$port" list --json
}
run_lldb () {
  lldb-14 --no-lldbinit -b -o 'platform select remote-linux' \
    -o "platform connect connect://127.0.0.1:$port" -o 'platform process list'
}

timed () {
  local name=$1 start end
  start=${EPOCHREALTIME/[.,]/}
  if ! "run_$name" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
    echo "bench-list-lldb: $name failed:" >&2
    cat "$tmp/$name.err" >&2
    exit 1
  fi
  end=${EPOCHREALTIME/[.,]/}
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", (b - a) / 1000 }' >>"$tmp/$name.wall"
}

for n in $populations; do
  stop_idle
  start_idle "$n"
  settle
  rm -f "$tmp"/*.wall

  # One untimed run of each, to warm caches and to count what each lists.
  timed tether
  timed lldb
  rm -f "$tmp"/*.wall
  listed_tether=$(grep -c '"pid"' "$tmp/tether.out" || true)
  listed_lldb=$(grep -cE '^[0-9]+ ' "$tmp/lldb.out" || true)

  # Interleaved, so that drift in the machine's load hits both alike.
  for ((r = 0; r < runs; r++)); do
    timed tether
    timed lldb
  done

  t=$(median "$tmp/tether.wall")
  l=$(median "$tmp/lldb.wall")
  awk -v n="$n" -v lt="$listed_tether" -v ll="$listed_lldb" -v t="$t" -v l="$l" -v runs="$runs" 'BEGIN {
    printf "%d processes (listed: tether %d, lldb %d; medians of %d runs): ", n, lt, ll, runs
    printf "tether %.1f ms, lldb %.1f ms; tether/lldb %.2f\n", t, l, t / l
  }'
done
