#!/usr/bin/env bash
# `make test`: lint, native tests of the core, the reference stats service's tests (with Debian's Prometheus),
# component tests in headless Chromium, the release build, and end-to-end tests against a real MLflow server, the
# reference stats service and nginx. Prints how long each phase took; exits non-zero
# on the first failure.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PULSE_ROOT"

summary=()
log=$(mktemp)
trap 'rm -f "$log"' EXIT
phase() {
  local name=$1
  shift
  printf '\n==== %s\n' "$name"
  local t0=$SECONDS
  "$@" 2>&1 | tee -a "$log"
  summary+=("$(printf '%-28s %4ss' "$name" "$((SECONDS - t0))")")
}

phase "setup" bash scripts/setup.sh
phase "rustfmt" cargo fmt --all --check
phase "clippy (native)" cargo clippy --workspace --all-targets --locked -- -D warnings
phase "clippy (wasm32)" cargo clippy -p pulse -p pulse-charts --all-targets --target wasm32-unknown-unknown --locked -- -D warnings
# The serving overview's build (src/app.rs, scripts/build.sh).
phase "clippy (wasm32, serving-first)" cargo clippy -p pulse --target wasm32-unknown-unknown --features serving-first \
  --locked -- -D warnings
phase "core and chart drawing tests (native)" cargo test -p pulse-core -p pulse-charts --locked
phase "stats service (pytest)" bash scripts/service-test.sh
phase "component tests (chromium)" env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test -p pulse -p pulse-charts --target wasm32-unknown-unknown --locked
phase "release build" bash scripts/build.sh
phase "end-to-end (chromium+mlflow)" bash -c 'cd tests/e2e && node --test --test-concurrency=1'

printf '\n==== phase times\n'
printf '%s\n' "${summary[@]}"
# One closing line over every runner: cargo's "test result" lines and node's "# pass/# fail" lines.
awk '/^test result:/ { p += $4; f += $6 } /^# pass / { p += $3 } /^# fail / { f += $3 }
     /^[0-9]+ (passed|failed)/ { for (i = 1; i < NF; i++) { if ($(i + 1) ~ /^passed/) p += $i; if ($(i + 1) ~ /^failed/) f += $i } }
     END { printf "\ntests: %d passed, %d failed\n", p, f }' "$log"
