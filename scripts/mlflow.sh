#!/usr/bin/env bash
# Starts a real MLflow server in the background with SQLite under DATA_DIR and waits until it is healthy.
# Usage: scripts/mlflow.sh DATA_DIR PORT   (writes DATA_DIR/mlflow.pid; stop with kill)
# PULSE_MLFLOW_BACKEND_URI (e.g. postgresql+psycopg2://...) replaces the SQLite store; PULSE_MLFLOW_AUTH_CONFIG
# (a basic_auth.ini) starts MLflow with --app-name basic-auth.
set -euo pipefail
data=$(realpath -m "$1") port=$2
# PULSE_MLFLOW_BIN runs another MLflow (e.g. a 2.x in a venv of its own) instead of the pinned 3.17.2.
mlflow="${PULSE_MLFLOW_BIN:-${PULSE_CACHE:-$HOME/.cache/pulse}/venv/bin/mlflow}"
mkdir -p "$data/artifacts"
backend=${PULSE_MLFLOW_BACKEND_URI:-sqlite:///$data/mlflow.db}
auth=()
if [ -n "${PULSE_MLFLOW_AUTH_CONFIG:-}" ]; then
  auth=(--app-name basic-auth)
  export MLFLOW_AUTH_CONFIG_PATH=$PULSE_MLFLOW_AUTH_CONFIG
  # basic-auth's CSRF protection refuses to start without a fixed key.
  export MLFLOW_FLASK_SERVER_SECRET_KEY=${MLFLOW_FLASK_SERVER_SECRET_KEY:-pulse-test-$port}
fi
# One worker and no job runner: the default (4 workers + jobs) needs ~2.5 GB and 30 s on 2 cores.
MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false setsid "$mlflow" server --host 127.0.0.1 --port "$port" --workers 1 \
  "${auth[@]}" --backend-store-uri "$backend" --artifacts-destination "$data/artifacts" \
  > "$data/server.log" 2>&1 &
echo $! > "$data/mlflow.pid"
for _ in $(seq 120); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && exit 0
  kill -0 "$(cat "$data/mlflow.pid")" 2>/dev/null || { echo "mlflow server exited; see $data/server.log" >&2; exit 1; }
  sleep 0.5
done
echo "mlflow server not healthy after 60 s; see $data/server.log" >&2
exit 1
