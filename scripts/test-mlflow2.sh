#!/usr/bin/env bash
# The check behind "MLflow 2.x is supported": the runs, compare and registry end-to-end files against MLflow
# 2.22.5 (the last 2.x) in a venv of its own (~1 min and ~850 MB once, in PULSE_CACHE). Not part of `make test`;
# needs the release build in dist/ (scripts/build.sh).
# MLflow 2.22.5's server imports only with SQLAlchemy 2.0 (2.1 removed FallbackAsyncAdaptedQueuePool).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PULSE_ROOT"
venv="$PULSE_CACHE/venv-mlflow2"
if ! "$venv/bin/python" -c "import mlflow,sys; sys.exit(mlflow.__version__ != '2.22.5')" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "mlflow==2.22.5" "sqlalchemy>=2.0,<2.1"
fi
cd tests/e2e
export PULSE_MLFLOW_BIN="$venv/bin/mlflow"
for file in runs.test.mjs compare.test.mjs registry.test.mjs; do
  PULSE_E2E_PORTS=5204,8244 node --test --test-concurrency=1 "$file"
done
