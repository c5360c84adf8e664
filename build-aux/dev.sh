#!/usr/bin/env bash
# Sets up a Debian 12 machine for Tether (installs what is missing), builds it, then either starts
# it ("run") or runs every test ("test"). Usage: build-aux/dev.sh run|test [ARGUMENTS…]
set -euo pipefail

cd "$(dirname "$0")/.."
mode=${1:-run}
[ $# -gt 0 ] && shift

packages=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libjson-glib-dev
  libxml2-utils desktop-file-utils appstream
  glib-networking openssh-client openssh-server socat openssl
  gdbserver lldb-14 xvfb xauth
  imagemagick
  clang libclang-rt-14-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
fi

if [ ! -f build/build.ninja ]; then
  meson setup build
fi
meson compile -C build

case "$mode" in
  run)
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      exec build/src/tether "$@"
    fi
    echo "No display to show the app on: listing this computer's processes with tether-cli." >&2
    exec build/src/tether-cli list "$@"
    ;;
  test)
    # Every suite on the normal build, then every suite again under ASan and UBSan (LeakSanitizer
    # included for the engine's), then (with no arguments) a bounded run of every libFuzzer target
    # of tests/fuzz, from its committed corpus (about 25 s each; longer: tests/fuzz/run-fuzz.sh).
    if [ ! -f build-asan/build.ninja ]; then
      meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false
    fi
    meson compile -C build-asan
    summaries=(build/meson-logs/summary.txt build-asan/meson-logs/summary.txt)
    status=0
    meson test -C build --print-errorlogs "$@" | tee build/meson-logs/summary.txt || status=$?
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      meson test -C build-asan --print-errorlogs --suite unit --suite integration "$@" \
      | tee build-asan/meson-logs/summary.txt || status=$?
    # The app's suites too, under ASan and UBSan but without LeakSanitizer: see
    # tests/xvfb-run-test.sh (TETHER_UI_LEAKS=1) for why, and for the leak check to run by hand.
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      meson test -C build-asan --print-errorlogs --suite ui "$@" \
      | tee build-asan/meson-logs/summary-ui.txt || status=$?
    summaries+=(build-asan/meson-logs/summary-ui.txt)
    if [ $# -eq 0 ]; then
      if [ ! -f build-fuzz/build.ninja ]; then
        CC=clang meson setup build-fuzz -Dfuzz=true -Dapp=false
      fi
      meson compile -C build-fuzz
      meson test -C build-fuzz --print-errorlogs --suite fuzz \
        | tee build-fuzz/meson-logs/summary.txt || status=$?
      summaries+=(build-fuzz/meson-logs/summary.txt)
    fi
    # One plain closing line for CI: how many test programs passed and failed, every build.
    passed=$(awk '/^Ok:/ {n += $2} END {print n + 0}' "${summaries[@]}")
    failed=$(awk '/^(Fail|Unexpected Pass|Timeout):/ {n += $NF} END {print n + 0}' \
      "${summaries[@]}")
    echo "${passed} passed, ${failed} failed"
    exit $status
    ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
