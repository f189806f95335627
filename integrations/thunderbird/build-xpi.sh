#!/bin/sh
# Build the .xpi (a zip of the extension without tests and development files).
# Usage: sh build-xpi.sh [OUTPUT]   (default: ../../dist/requestlint-thunderbird.xpi, relative to this folder)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/../../dist/requestlint-thunderbird.xpi"}
case "$out" in /*) ;; *) out="$(pwd)/$out" ;; esac
mkdir -p "$(dirname "$out")"
cd "$here"
zip -r -X -FS "$out" manifest.json background.html background.js lib pages icons -x '*.DS_Store' '*~'
unzip -l "$out"
