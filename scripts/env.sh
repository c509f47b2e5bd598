# Sourced by the other scripts: where the tools that scripts/setup.sh installed live.
export PULSE_CACHE="${PULSE_CACHE:-$HOME/.cache/pulse}"
PULSE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PULSE_ROOT/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export PULSE_PYTHON="$PULSE_CACHE/venv/bin/python"
