#!/usr/bin/env bash
# Starts nginx serving Pulse's dist/ with MLflow and the inference stats service proxied on the same origin.
# Usage: [STATS_PORT=8090] [BASE=/] [FRAME_ANCESTORS="'self'"] [CONNECT_EXTRA=""] \
#        scripts/nginx.sh PREFIX_DIR PORT DIST_DIR CONFIG_JSON MLFLOW_PORT [EXTRA_LOCATIONS_FILE]
# BASE is the path Pulse is served under (/pulse/); FRAME_ANCESTORS who may frame it (CSP frame-ancestors);
# CONNECT_EXTRA the origins besides its own the browser may call (CSP connect-src). See deploy/nginx.conf.template.
# (stop: nginx -p PREFIX -c PREFIX/nginx.conf -s stop)
set -euo pipefail
prefix=$(realpath -m "$1") port=$2 dist=$(realpath "$3") config=$(realpath "$4") mlflow_port=$5
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$prefix/tmp"
extra=${6:-/dev/null}
sed -e "s|@PREFIX@|$prefix|g" -e "s|@PORT@|$port|g" -e "s|@DIST@|$dist|g" \
    -e "s|@CONFIG@|$config|g" -e "s|@MLFLOW_PORT@|$mlflow_port|g" \
    -e "s|@STATS_PORT@|${STATS_PORT:-8090}|g" -e "s|@BASE@|${BASE:-/}|g" \
    -e "s|@FRAME_ANCESTORS@|${FRAME_ANCESTORS:-'self'}|g" -e "s|@CONNECT_EXTRA@|${CONNECT_EXTRA:-}|g" \
    -e "/# @EXTRA_LOCATIONS@/r $extra" \
    "$here/deploy/nginx.conf.template" > "$prefix/nginx.conf"
nginx -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log"
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port${BASE:-/}index.html" && exit 0
  sleep 0.1
done
echo "nginx did not start on port $port; see $prefix/error.log" >&2
exit 1
