#!/bin/sh
# Runs bench_process_list on a private Xvfb display (through the UI tests' wrapper), then stops
# that Xvfb. Usage: tests/bench/run-bench-process-list.sh BUILDDIR/tests/bench_process_list
#                   [--rows N] [--refreshes N]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

bench=${1:?usage: $0 PATH/TO/bench_process_list [options]}
shift
exec "$(dirname "$0")/../xvfb-run-test.sh" "$bench" "$@"
