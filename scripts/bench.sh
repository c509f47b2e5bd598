#!/usr/bin/env bash
# `make bench`: Pulse's bundle size and time to first content against MLflow's own UI, on one real MLflow 3.17.2
# server holding a 2,000-run experiment, in headless Chromium with a cold profile per visit; chart and decoding
# times, Lighthouse, and axe-core on every page. Prints readable lines, then every budget with its figure and
# OK/MISSED in one summary table, and writes the same figures to .bench/results.json (`budgets`, `sections`).
# A missed budget does not fail: the exit status is non-zero only when something could not be measured.
#
# Data lives in .bench/ (gitignored): the seeded MLflow database is reused by the next run, so only the first run
# pays for seeding (~100 s). Environment:
#   BENCH_MLFLOW_PORT (5290), BENCH_PORT (8290 for nginx), BENCH_SERVING_PORT (8291, the serving overview's nginx),
#   BENCH_REPEAT (5 samples per app or page loads per timing; medians are reported), BENCH_WARMUP (1 untimed
#   visit per app), BENCH_LIGHTHOUSE_RUNS (5), BENCH_SECTIONS (e.g. bundle,first-row,charts: a subset to run;
#   the 50,000-run experiment is seeded only when `scale` is among them).
# More benchmarks: add a section to tests/e2e/bench.mjs (see the comment at its top).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PULSE_ROOT"
MLFLOW_PORT=${BENCH_MLFLOW_PORT:-5290} PORT=${BENCH_PORT:-8290} SERVING_PORT=${BENCH_SERVING_PORT:-8291}
BENCH="$PULSE_ROOT/.bench" BIG_RUNS=2000 BIG_NAME=bench_2000
MLFLOW_DIR="$BENCH/mlflow" NGINX_DIR="$BENCH/nginx"
SEEDED="$MLFLOW_DIR/seeded-$BIG_NAME-$BIG_RUNS"

step() { printf '\n== bench: %s\n' "$*"; }
echo "bench: nproc $(nproc); load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cleanup() {
  bash scripts/stop.sh "$NGINX_DIR" "$BENCH/nginx-serving" "$MLFLOW_DIR"
  rm -rf "$BENCH/profiles"  # Chromium profiles of visits that an interrupt cut short
}

# Leftovers of an interrupted run of this script (found by their pid files under .bench/) go first.
cleanup
trap cleanup EXIT
trap 'exit 130' INT TERM
for p in "$MLFLOW_PORT" "$PORT" "$SERVING_PORT"; do
  if port_busy "$p"; then
    echo "bench: port $p is in use by another process; set BENCH_MLFLOW_PORT / BENCH_PORT to free ports" >&2
    exit 1
  fi
done

bash scripts/setup.sh
bash scripts/build.sh

count_runs() {  # runs in $BIG_NAME, or 0 if the experiment does not exist
  "$PULSE_PYTHON" - "http://127.0.0.1:$MLFLOW_PORT" "$BIG_NAME" <<'PY'
import json, sys, urllib.error, urllib.parse, urllib.request
base, name = sys.argv[1] + "/api/2.0/mlflow/", sys.argv[2]
def call(endpoint, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + endpoint, data=data, headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req, timeout=120))
try:
    exp = call("experiments/get-by-name?" + urllib.parse.urlencode({"experiment_name": name}))["experiment"]
except urllib.error.HTTPError:
    print(0); sys.exit()
count, token = 0, None
while True:
    page = call("runs/search", {"experiment_ids": [exp["experiment_id"]], "max_results": 1000,
                                **({"page_token": token} if token else {})})
    count += len(page.get("runs", []))
    token = page.get("next_page_token")
    if not token:
        break
print(count)
PY
}

step "MLflow on 127.0.0.1:$MLFLOW_PORT, data in .bench/mlflow"
bash scripts/mlflow.sh "$MLFLOW_DIR" "$MLFLOW_PORT"
if [ ! -f "$SEEDED" ]; then
  "$PULSE_PYTHON" scripts/seed.py --url "http://127.0.0.1:$MLFLOW_PORT" --big-runs "$BIG_RUNS" --big-name "$BIG_NAME"
  runs=$(count_runs)
  if [ "$runs" != "$BIG_RUNS" ]; then
    # An interrupted seed leaves a partial experiment that seed.py would skip: start again from an empty database.
    echo "bench: $BIG_NAME has $runs runs, not $BIG_RUNS; reseeding from scratch"
    bash scripts/stop.sh "$MLFLOW_DIR"
    rm -rf "$MLFLOW_DIR"
    bash scripts/mlflow.sh "$MLFLOW_DIR" "$MLFLOW_PORT"
    "$PULSE_PYTHON" scripts/seed.py --url "http://127.0.0.1:$MLFLOW_PORT" --big-runs "$BIG_RUNS" --big-name "$BIG_NAME"
    runs=$(count_runs)
    [ "$runs" = "$BIG_RUNS" ] || { echo "bench: seeding left $runs runs in $BIG_NAME, not $BIG_RUNS" >&2; exit 1; }
  fi
  touch "$SEEDED"
else
  echo "bench: $BIG_NAME already seeded ($SEEDED)"
fi
# A 50,000-run experiment for the scale section, written straight into the store once (bulk_runs.py says how long).
if [ -z "${BENCH_SECTIONS:-}" ] || [[ ",${BENCH_SECTIONS// /}," == *,scale,* ]]; then
  "$PULSE_PYTHON" scripts/bulk_runs.py --url "http://127.0.0.1:$MLFLOW_PORT" --db "$MLFLOW_DIR/mlflow.db" \
    --name bench_50000 --runs 50000
fi
# The registered models, and the long histories and wide comparison of the charts section (each skipped when
# already there).
"$PULSE_PYTHON" scripts/seed.py --url "http://127.0.0.1:$MLFLOW_PORT" --demo \
  --long-runs 10 --long-steps 10000 --wide-runs 50 --wide-metrics 20

# nginx serves a snapshot of dist/, so a rebuild during the benchmark cannot change what is measured.
step "Pulse behind nginx on 127.0.0.1:$PORT (snapshot of dist/ in .bench/dist)"
rm -rf "$BENCH/dist"
cp -r dist "$BENCH/dist"
# The main site has no stats endpoint, so the first-row comparison with MLflow's UI measures the runs table alone;
# the serving section measures the serving overview on a second nginx of its own (below).
"$PULSE_PYTHON" scripts/demo_config.py 'stats_url=""' > "$BENCH/config.json"
bash scripts/nginx.sh "$NGINX_DIR" "$PORT" "$BENCH/dist" "$BENCH/config.json" "$MLFLOW_PORT"

# The serving section: a recorded stats document of 3 models and 1,000 updates (written by core's test), served
# as a file at the stats URL of a second nginx whose config.json turns the serving overview on.
SERVING="$BENCH/serving"
if [ ! -f "$SERVING/stats_3_models_1000_updates.json" ]; then
  mkdir -p "$SERVING"
  PULSE_WRITE_BENCH_FIXTURES="$SERVING" cargo test -q --locked -p pulse-core --test serving thousand >/dev/null
fi
"$PULSE_PYTHON" scripts/demo_config.py 'stats_url="/inference/v1/stats"' 'refresh_seconds=1' \
  > "$BENCH/config-serving.json"
printf 'location = /inference/v1/stats { default_type application/json; add_header Cache-Control "no-store"; alias %s; }\n' \
  "$SERVING/stats_3_models_1000_updates.json" > "$SERVING/locations.conf"
bash scripts/nginx.sh "$BENCH/nginx-serving" "$SERVING_PORT" "$BENCH/dist" "$BENCH/config-serving.json" "$MLFLOW_PORT" \
  "$SERVING/locations.conf"

step "measuring (BENCH_REPEAT=${BENCH_REPEAT:-5})"
BENCH_SERVING_URL="http://127.0.0.1:$SERVING_PORT" BENCH_SERVING_CONFIG="$BENCH/config-serving.json" BENCH_PULSE_URL="http://127.0.0.1:$PORT" BENCH_MLFLOW_URL="http://127.0.0.1:$MLFLOW_PORT" \
BENCH_DIST="$BENCH/dist" BENCH_CONFIG="$BENCH/config.json" BENCH_EXPERIMENT="$BIG_NAME" \
BENCH_RESULTS="$BENCH/results.json" BENCH_PROFILES="$BENCH/profiles" \
  node tests/e2e/bench.mjs
echo "bench: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
