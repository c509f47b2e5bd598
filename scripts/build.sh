#!/usr/bin/env bash
# Builds the release bundle into dist/ (wasm-opt -Oz through Trunk, no downloads).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PULSE_ROOT"
# One build at a time: two trunk builds sharing dist/ and target/ break each other.
mkdir -p target
flock target/.pulse-build.lock bash -c '
  trunk build --release --offline "$@"
  # Pre-compressed copies, served by nginx (brotli_static, gzip_static) without compressing per request.
  for f in dist/*.wasm dist/*.js dist/snippets/*/*.js dist/*.css dist/*.html dist/*.svg dist/*.json; do
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -f -k -9 -n "$f"
  done
' build "$@"
