#!/usr/bin/env bash
# The reference inference-stats service's tests (service/tests), with the venv that scripts/setup.sh makes.
# Needs `promtool` and `prometheus` (Debian package prometheus) for the /metrics and scrape tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# No __pycache__ in the work tree.
export PYTHONDONTWRITEBYTECODE=1
exec "${PULSE_CACHE:-$HOME/.cache/pulse}/venv/bin/python" -m pytest service/tests -q "$@"
