#!/usr/bin/env bash
# Builds the release bundle into dist/ (wasm-opt -Oz through Trunk, no downloads).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PULSE_ROOT"
trunk build --release --offline "$@"
