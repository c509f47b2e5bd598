#!/usr/bin/env bash
# Starts the reference inference-stats service (service/pulse_stats) in the background against an MLflow server
# and waits until it answers. Usage: scripts/stats.sh DATA_DIR PORT MLFLOW_PORT [pulse_stats options...]
# (writes DATA_DIR/stats.pid and DATA_DIR/stats.log; stop with kill)
set -euo pipefail
data=$(realpath -m "$1") port=$2 mlflow_port=$3
shift 3
here=$(cd "$(dirname "$0")/.." && pwd)
python="${PULSE_CACHE:-$HOME/.cache/pulse}/venv/bin/python"
mkdir -p "$data"
PYTHONPATH="$here/service" setsid "$python" -m pulse_stats --host 127.0.0.1 --port "$port" \
  --mlflow-url "http://127.0.0.1:$mlflow_port" "$@" > "$data/stats.log" 2>&1 &
echo $! > "$data/stats.pid"
for _ in $(seq 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && exit 0
  kill -0 "$(cat "$data/stats.pid")" 2>/dev/null || { echo "the stats service exited; see $data/stats.log" >&2; exit 1; }
  sleep 0.2
done
echo "the stats service did not answer on port $port after 20 s; see $data/stats.log" >&2
exit 1
