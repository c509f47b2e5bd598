#!/usr/bin/env bash
# `make demo`: a real MLflow 3.17.2 with demo data on 127.0.0.1:5000, the reference inference-stats service with
# synthetic traffic on 127.0.0.1:8090 (polling the registry every 5 s), and Pulse behind nginx on 127.0.0.1:8080.
# Data lives in .demo/ and is reused by the next run. Ctrl-C stops everything this script started.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PULSE_ROOT"
MLFLOW_PORT=${MLFLOW_PORT:-5000} PORT=${PORT:-8080} STATS_PORT=${STATS_PORT:-8090} DEMO=.demo

bash scripts/setup.sh
bash scripts/build.sh

cleanup() {
  # MLflow shuts down gracefully; say "Stopped" only once it has.
  bash scripts/stop.sh "$DEMO/stats" "$DEMO/nginx" "$DEMO/mlflow"
  echo "Stopped."
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "Starting MLflow on 127.0.0.1:$MLFLOW_PORT ..."
bash scripts/mlflow.sh "$DEMO/mlflow" "$MLFLOW_PORT"
"$PULSE_PYTHON" scripts/seed.py --url "http://127.0.0.1:$MLFLOW_PORT" --demo --long-runs 3 --long-steps 2000
# MLflow's own UI is on its own port; Pulse links to it from each run.
"$PULSE_PYTHON" scripts/demo_config.py "mlflow_ui_url=\"http://127.0.0.1:$MLFLOW_PORT\"" > "$DEMO/config.json"
echo "Starting the inference-stats service on 127.0.0.1:$STATS_PORT ..."
bash scripts/stats.sh "$DEMO/stats" "$STATS_PORT" "$MLFLOW_PORT" --poll-seconds 5 --demo-traffic --instance demo-worker
# The Streamlit example (make streamlit, port 8501) may frame Pulse.
STATS_PORT=$STATS_PORT FRAME_ANCESTORS="'self' http://127.0.0.1:8501 http://localhost:8501" \
  bash scripts/nginx.sh "$DEMO/nginx" "$PORT" dist "$DEMO/config.json" "$MLFLOW_PORT"

cat <<MSG

  Pulse is running:   http://127.0.0.1:$PORT   (the serving overview; experiments at /experiments)
  MLflow (its own UI): http://127.0.0.1:$MLFLOW_PORT
  Stats service:       http://127.0.0.1:$STATS_PORT/v1/stats and /metrics (polls the registry every 5 s:
                       promote a version in Pulse and watch /serving apply or skip it)
  Streamlit example:   make streamlit (in another terminal), then http://127.0.0.1:8501

  Press Ctrl-C to stop.
MSG
while kill -0 "$(cat "$DEMO/mlflow/mlflow.pid")" 2>/dev/null; do sleep 2; done
echo "The MLflow server stopped; see $DEMO/mlflow/server.log" >&2
