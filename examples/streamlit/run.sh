#!/usr/bin/env bash
# Runs the Streamlit example (app.py) headless on 127.0.0.1:${STREAMLIT_PORT:-8501}; `make demo` serves the Pulse
# and MLflow it embeds and lets this origin frame Pulse. Extra arguments go to `streamlit run`.
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
bash "$PULSE_ROOT/scripts/setup.sh" >/dev/null
port=${STREAMLIT_PORT:-8501}
echo "Streamlit example: http://127.0.0.1:$port (Pulse from ${PULSE_URL:-http://127.0.0.1:8080})"
exec "$PULSE_CACHE/venv/bin/streamlit" run "$PULSE_ROOT/examples/streamlit/app.py" --server.headless true \
  --server.address 127.0.0.1 --server.port "$port" --browser.gatherUsageStats false "$@"
