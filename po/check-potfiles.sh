#!/bin/sh
# Checks that po/POTFILES.in lists exactly the files that hold translatable strings, and that no
# translatable string has a GLib format macro inside it (xgettext cannot read G_GINT64_FORMAT and
# the like, so the message would be cut short). Usage: check-potfiles.sh SOURCE_ROOT
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
cd "${1:?usage: $0 SOURCE_ROOT}"

expected=$(mktemp)
trap 'rm -f "$expected"' EXIT
{
  ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml
  grep -l -E '\b(N?_|C_)\(' src/*.c | sort
  grep -l 'translatable="yes"' ui/*.ui | sort
} >"$expected"

status=0
if ! diff -u po/POTFILES.in "$expected"; then
  echo "po/POTFILES.in differs from the files with translatable strings (- listed, + expected)" >&2
  status=1
fi
if grep -n -E '_\("([^"\\]|\\.)*"[[:space:]]*G_G[A-Z0-9_]*_FORMAT' src/*.c; then
  echo "a GLib format macro inside a translatable string: xgettext cannot read it" >&2
  status=1
fi
exit $status
