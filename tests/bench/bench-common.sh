# bench-common.sh: what the listing benchmarks share, sourced by bench-list.sh and
# bench-list-lldb.sh once they have set bench_name and checked their own tools: the scratch
# directory $tmp, the server's PID and port, the idle population, the cleanup of all they start
# (by PID, on exit, Ctrl+C or error), and medians.
#
# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash disable=SC2154 # bench_name: set by the script that sources this

if [ -z "${EPOCHREALTIME:-}" ]; then
  echo "$bench_name: needs bash 5 (EPOCHREALTIME)" >&2
  exit 1
fi

tmp=$(mktemp -d)
server_pid=
port=
idle_pids=()

stop_idle () {
  if [ ${#idle_pids[@]} -gt 0 ]; then
    kill -- "${idle_pids[@]}" 2>/dev/null || true
    wait -- "${idle_pids[@]}" 2>/dev/null || true
    idle_pids=()
  fi
}

cleanup () {
  local stragglers
  trap - EXIT INT TERM HUP
  stop_idle
  if [ -n "$server_pid" ]; then
    kill -- "$server_pid" 2>/dev/null || true
    wait -- "$server_pid" 2>/dev/null || true
  fi
  # A signal can land between "sleep 3600 &" and the line that records its PID: bash's own job
  # table has every child it started, recorded or not.
  stragglers=$(jobs -p)
  if [ -n "$stragglers" ]; then
    # shellcheck disable=SC2086 # one PID a word
    kill -- $stragglers 2>/dev/null || true
    wait 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# await_port READER WHAT LOG: once the server ($server_pid) is started, runs READER (a command
# that prints the port the server picked, or nothing yet) until it prints one, and sets $port.
# Gives up, showing LOG, if the server WHAT exits or has said nothing after 5 s.
await_port () {
  local reader=$1 what=$2 log=$3
  for _ in $(seq 100); do
    port=$($reader)
    [ -n "$port" ] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
      break
    fi
    sleep 0.05
  done
  if [ -z "$port" ]; then
    echo "$bench_name: $what did not start:" >&2
    cat "$log" >&2
    exit 1
  fi
}

# Let the system quiet down between population changes.
settle () {
  sleep 1
}

# Starts N extra idle processes, as children of this script (so in its process group).
start_idle () {
  local n=$1 limit
  limit=$(ulimit -u)
  if [ "$limit" != unlimited ]; then
    local mine
    mine=$(ps -u "$(id -u)" --no-headers | wc -l)
    if [ $((mine + n + 64)) -gt "$limit" ]; then
      echo "$bench_name: ulimit -u is $limit and $mine processes are running: cannot start $n more" >&2
      exit 1
    fi
  fi
  if [ -r /proc/sys/kernel/pid_max ] \
     && [ $((n + $(ps -e --no-headers | wc -l) + 256)) -gt "$(cat /proc/sys/kernel/pid_max)" ]; then
    echo "$bench_name: $n more processes would exhaust kernel.pid_max" >&2
    exit 1
  fi
  for ((i = 0; i < n; i++)); do
    sleep 3600 &
    idle_pids+=($!)
  done
}

# median FILE: the median of the numbers in FILE, one a line.
median () {
  sort -g "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
