#!/usr/bin/env bash
# Builds the release bundle into dist/ (wasm-opt -Oz through Trunk, no downloads). One build serves Pulse at any
# path: assets are relative to <base href>, which nginx sets (deploy/nginx.conf.template, @BASE@).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PULSE_ROOT"
# Trunk's wasm-bindgen is scripts/bin/wasm-bindgen, which splits the lazy routes into chunks (issue 10).
export PATH="$PULSE_ROOT/scripts/bin:$PATH"
# Its cargo is scripts/release-bin/cargo, which keeps std's own crates at opt-level 3 (the file says why).
export PATH="$PULSE_ROOT/scripts/release-bin:$PATH"
# One build at a time: two trunk builds sharing dist/ and target/ break each other.
mkdir -p target
flock target/.pulse-build.lock env "${PULSE_RELEASE_ENV[@]}" bash -c '
  set -euo pipefail
  # A Trunk build in $1 (its extra arguments after it), made ready to serve.
  build() {
    local out=$1
    shift
    trunk build --release --offline --public-url ./ --dist "$out" "$@"
    # No inline script left, so the Content-Security-Policy needs no unsafe-inline (scripts/csp_boot.py).
    python3 scripts/csp_boot.py "$out"
    # The wasm imports get short names, in the wasm and in its glue (scripts/short_imports.py says why).
    python3 scripts/short_imports.py "$out"
    # One style sheet, one bootstrap with the modules it imports, and the JavaScript minified (scripts/minify.mjs);
    # integrity hashes updated.
    node scripts/minify.mjs "$out"
  }
  # Two builds of the app (src/app.rs says why): the default one, and the one nginx serves at / and /serving, with
  # the serving overview in its main wasm, added beside it as index-serving.html (scripts/merge_builds.py).
  build dist "$@"
  build target/dist-serving-first --features serving-first "$@"
  python3 scripts/merge_builds.py target/dist-serving-first dist
  # Pre-compressed copies, served by nginx (brotli_static, gzip_static) without compressing per request.
  for f in dist/*.wasm dist/*.bin dist/*.js dist/*.css dist/*.html dist/*.json; do
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -f -k -9 -n "$f"
  done
' build "$@"
