#!/usr/bin/env bash
# Stops what the start scripts left running in each DIR and waits until it has exited: nginx started by
# scripts/nginx.sh (DIR/nginx.pid), MLflow by scripts/mlflow.sh (DIR/mlflow.pid), the stats service by
# scripts/stats.sh (DIR/stats.pid). A pid file whose process is not what it says (its command line names
# neither DIR nor, for the stats service, pulse_stats: a stale file, a reused pid) is removed, nothing killed. Used by demo.sh, bench.sh and the e2e harness.
# Usage: scripts/stop.sh DIR...
set -uo pipefail

wait_gone() {  # wait_gone PID: up to 20 s (MLflow shuts down gracefully)
  for _ in $(seq 200); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  echo "stop.sh: process $1 still runs 20 s after it was told to stop" >&2
  return 1
}

status=0
for dir in "$@"; do
  dir=$(realpath -m "$dir")
  for file in "$dir"/nginx.pid "$dir"/mlflow.pid "$dir"/stats.pid; do
    [ -f "$file" ] || continue
    pid=$(cat "$file")
    mark=$dir
    [ "$file" = "$dir/stats.pid" ] && mark=pulse_stats
    if ps -o args= -p "$pid" 2>/dev/null | grep -qF "$mark"; then
      if [ "$file" = "$dir/nginx.pid" ]; then
        nginx -p "$dir" -c "$dir/nginx.conf" -s stop 2>/dev/null || kill "$pid" 2>/dev/null
      else
        kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null
      fi
      wait_gone "$pid" || status=1
    fi
    rm -f "$file"
  done
done
exit $status
