#!/usr/bin/env bash
# Runs Tether's libFuzzer targets and prints, for each, its executions, corpus size and crashes.
#
#   tests/fuzz/run-fuzz.sh [SECONDS] [TARGET…]
#
# SECONDS per target (default 300); TARGETs are names like rsp-codec or options (default: all).
# Builds build-fuzz first if needed (CC=clang meson setup build-fuzz -Dfuzz=true -Dapp=false).
# Each target starts from its committed corpus (tests/fuzz/corpus/TARGET) and dictionary
# (tests/fuzz/TARGET.dict); new inputs go to a temporary directory that is removed afterwards,
# so the repository is never written to. Set TETHER_FUZZ_KEEP=DIR to keep them in DIR/TARGET
# (then add the interesting ones to the corpus by hand, minimized with -merge=1). A crash, leak or
# timeout stops that target; its input is copied to build-fuzz/tests/fuzz/artifacts/ and the
# script exits 1 once every target has run.
#
# The bounded runs of `meson test -C build-fuzz --suite fuzz` (and build-aux/dev.sh test) call
#   run-fuzz.sh --one BINARY CORPUS SECONDS ARTIFACT_DIR
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

# One target: BINARY CORPUS SECONDS ARTIFACT_DIR [KEEP_DIR]. Prints one summary line.
run_one() {
  local binary=$1 corpus=$2 seconds=$3 artifacts=$4 keep=${5:-}
  local name target tmp dict status=0 executions elapsed corpus_size seeds crashes
  name=$(basename "$binary")
  target=${name#fuzz-}
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/tether-fuzz-$target.XXXXXX")
  mkdir -p "$tmp/new" "$tmp/artifacts"

  dict=()
  if [ -f "$here/$target.dict" ]; then
    dict=(-dict="$here/$target.dict")
  fi

  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
    "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$tmp/artifacts/" "${dict[@]}" "$tmp/new" "$corpus" \
      >"$tmp/log" 2>&1 || status=$?

  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/log" | tail -n 1)
  # How long it really ran: less than asked when it stopped at a crash.
  elapsed=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$tmp/log" | tail -n 1)
  corpus_size=$(grep -o 'corp: [0-9]*' "$tmp/log" | tail -n 1 | cut -d' ' -f2)
  seeds=$(find "$corpus" -type f | wc -l)
  crashes=$(find "$tmp/artifacts" -type f | wc -l)
  echo "$name: ${executions:-0} executions in ${elapsed:-$seconds} s, corpus ${corpus_size:-0} inputs" \
    "(from ${seeds} seeds), ${crashes} crashes"

  if [ -n "$keep" ]; then
    mkdir -p "$keep/$target"
    cp -n "$tmp/new/"* "$keep/$target/" 2>/dev/null || true
  fi

  if [ "$status" != 0 ] || [ "$crashes" != 0 ]; then
    mkdir -p "$artifacts"
    cp "$tmp/artifacts/"* "$artifacts/" 2>/dev/null || true
    echo "--- $name failed (exit $status); its inputs are in $artifacts; the end of its log:"
    tail -n 60 "$tmp/log"
    status=1
  fi
  rm -rf "$tmp"
  return "$status"
}

if [ "${1:-}" = --one ]; then
  shift
  run_one "$@"
  exit
fi

seconds=${1:-300}
[ $# -gt 0 ] && shift
cd "$here/../.."
build=build-fuzz
if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" -Dfuzz=true -Dapp=false
fi
meson compile -C "$build" >/dev/null

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for corpus in "$here"/corpus/*/; do
    targets+=("$(basename "$corpus")")
  done
fi

failed=0
for target in "${targets[@]}"; do
  run_one "$build/tests/fuzz/fuzz-$target" "$here/corpus/$target" "$seconds" \
    "$build/tests/fuzz/artifacts" "${TETHER_FUZZ_KEEP:-}" || failed=1
done
exit $failed
