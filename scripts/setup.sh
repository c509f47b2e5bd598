#!/usr/bin/env bash
# Installs every tool Pulse needs to build, demo and test, idempotently.
# Caches live outside the work tree (PULSE_CACHE, default ~/.cache/pulse) so re-runs and CI on the same machine
# skip what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE="${PULSE_CACHE:-$HOME/.cache/pulse}"
TRUNK_VERSION=0.21.14
# The wasm splitter for the lazy routes (scripts/bin/wasm-bindgen); 0.2.4 or later for wasm-bindgen 0.2.128+.
WASM_SPLIT_VERSION=0.2.4
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
MLFLOW_VERSION=3.17.2
mkdir -p "$CACHE"

step() { printf '\n== setup: %s\n' "$*"; }
t0=$SECONDS

step "rust wasm target, and std's source (the release build rebuilds std: scripts/env.sh)"
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || rustup target add wasm32-unknown-unknown
rustup component add rust-src >/dev/null 2>&1 || rustup component add rust-src

apt_needed=()
command -v chromium >/dev/null || apt_needed+=(chromium)
command -v chromedriver >/dev/null || apt_needed+=(chromium-driver)
command -v nginx >/dev/null || apt_needed+=(nginx)
command -v brotli >/dev/null || apt_needed+=(brotli)
command -v promtool >/dev/null || apt_needed+=(prometheus)  # the stats service's /metrics tests
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || apt_needed+=(libnginx-mod-http-brotli-static)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_needed+=(postgresql)  # the e2e run on PostgreSQL
if [ ${#apt_needed[@]} -gt 0 ]; then
  step "apt: ${apt_needed[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${apt_needed[@]}" >/dev/null
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  step "cargo install trunk $TRUNK_VERSION (several minutes, once)"
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # Not --locked: one locked dependency is missing from the registry mirror.
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# wasm-split-cli has no --version: cargo's list of installed packages says which one is there.
if ! cargo install --list 2>/dev/null | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  step "cargo install wasm_split_cli_support $WASM_SPLIT_VERSION (wasm-split-cli, a few minutes, once)"
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

if [ ! -x "$CACHE/venv/bin/mlflow" ] || ! "$CACHE/venv/bin/python" -c "import mlflow,sys; sys.exit(mlflow.__version__ != '$MLFLOW_VERSION')" 2>/dev/null; then
  step "python venv with mlflow $MLFLOW_VERSION (about a minute, once)"
  python3 -m venv "$CACHE/venv"
  "$CACHE/venv/bin/pip" install -q --disable-pip-version-check "mlflow==$MLFLOW_VERSION"
fi

if ! "$CACHE/venv/bin/python" -c "import flask_wtf, psycopg2" 2>/dev/null; then
  step "python: mlflow[auth] (the login tests' basic-auth server) and psycopg2-binary (MLflow on PostgreSQL)"
  "$CACHE/venv/bin/pip" install -q --disable-pip-version-check "mlflow[auth]==$MLFLOW_VERSION" psycopg2-binary
fi

if ! "$CACHE/venv/bin/python" -c "import prometheus_client, pytest, jsonschema" 2>/dev/null; then
  step "python: the reference stats service's requirements (service/requirements.txt)"
  "$CACHE/venv/bin/pip" install -q --disable-pip-version-check -r service/requirements.txt
fi

STREAMLIT_VERSION=$(sed -n 's/^streamlit==//p' examples/streamlit/requirements.txt)
if ! "$CACHE/venv/bin/python" -c "import importlib.metadata as m,sys; sys.exit(m.version('streamlit') != '$STREAMLIT_VERSION')" 2>/dev/null; then
  step "python: streamlit $STREAMLIT_VERSION for the embedding example (examples/streamlit, about a minute, once)"
  # MLflow pinned alongside, so no shared dependency moves under it.
  "$CACHE/venv/bin/pip" install -q --disable-pip-version-check -r examples/streamlit/requirements.txt \
    "mlflow==$MLFLOW_VERSION"
fi

if [ ! -d tests/e2e/node_modules/playwright-core ] || [ ! -x tests/e2e/node_modules/.bin/wasm-opt ] \
  || [ ! -f tests/e2e/node_modules/axe-core/axe.min.js ] || [ ! -d tests/e2e/node_modules/lighthouse ] \
  || [ ! -d tests/e2e/node_modules/terser ] || [ ! -d tests/e2e/node_modules/sass ] \
  || [ ! -d tests/e2e/node_modules/esbuild ]; then
  step "npm: playwright-core, binaryen (wasm-opt), esbuild, terser and sass (the build's JavaScript and CSS), axe-core (the accessibility checks), lighthouse (make bench)"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

step "cargo fetch"
cargo fetch --locked >/dev/null 2>&1 || cargo fetch
cargo fetch --locked --target wasm32-unknown-unknown >/dev/null 2>&1 || cargo fetch --target wasm32-unknown-unknown
# std's own dependencies, for the release build's build-std (scripts/env.sh), which runs offline.
source scripts/env.sh
env "${PULSE_RELEASE_ENV[@]}" cargo fetch --target wasm32-unknown-unknown >/dev/null

printf '\n== setup done in %ss\n' "$((SECONDS - t0))"
