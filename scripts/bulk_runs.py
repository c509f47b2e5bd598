#!/usr/bin/env python3
"""Seed a large experiment fast: thousands of finished runs written straight into MLflow's SQLite store.

    python3 scripts/bulk_runs.py --url http://127.0.0.1:5000 --db DIR/mlflow.db --name wide_5000 \
        --runs 5000 [--metrics 8] [--params 8] [--tags 2]

The REST API creates about 13 runs a second (three requests a run), so 50,000 runs would take an hour. This
creates the experiment through the REST API of the running server, then inserts the runs, their latest
metrics, params and tags into MLflow's own tables in one transaction (SQLite lets the server keep serving),
and finally reads the count back through `runs/search`, so the server is known to see them. Skipped when the
experiment already has runs. Standard library only; values come from a fixed random seed.
"""
import argparse
import json
import random
import sqlite3
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

API = "/api/2.0/mlflow/"


def call(url, endpoint, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + API + endpoint, data=data, method="POST" if data else "GET",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return json.loads(resp.read().decode())


def experiment(url, name):
    """The experiment's id, created if missing, and whether it already has runs."""
    try:
        exp_id = call(url, "experiments/get-by-name?experiment_name=" + urllib.parse.quote(name))["experiment"]["experiment_id"]
    except urllib.error.HTTPError:
        exp_id = call(url, "experiments/create", {"name": name})["experiment_id"]
    has_runs = bool(call(url, "runs/search", {"experiment_ids": [exp_id], "max_results": 1}).get("runs"))
    return exp_id, has_runs


def rows(rng, exp_id, args, now_ms):
    """The rows of each table for every run, oldest run first."""
    runs, metrics, params, tags = [], [], [], []
    for i in range(args.runs):
        run_id = uuid.UUID(int=rng.getrandbits(128)).hex
        start = now_ms - (args.runs - i) * 60_000
        name = f"wide-{i:05d}"
        runs.append((run_id, name, "LOCAL", "", "", "bench", "FINISHED", start, start + 30_000, None, "",
                     "active", f"mlflow-artifacts:/{exp_id}/{run_id}/artifacts", exp_id))
        for m in range(args.metrics):
            key = "eval_f1" if m == 0 else f"metric_{m:02d}"
            metrics.append((key, round(rng.uniform(0.3, 0.95), 6), start + 30_000, 0, 0, run_id))
        for p in range(args.params):
            params.append((f"param_{p:02d}", str(rng.choice([16, 32, 64, 128]) if p % 2 else rng.random()), run_id))
        tags.append(("mlflow.runName", name, run_id))
        tags.append(("mlflow.user", "bench", run_id))
        for t in range(args.tags):
            tags.append((f"tag_{t}", rng.choice(["baseline", "sweep", "ablation"]), run_id))
    return runs, metrics, params, tags


def insert(db, runs, metrics, params, tags):
    con = sqlite3.connect(db, timeout=60)
    with con:
        con.executemany(
            "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status,"
            " start_time, end_time, deleted_time, source_version, lifecycle_stage, artifact_uri, experiment_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", runs)
        con.executemany("INSERT INTO metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?,?,?,?,?,?)",
                        metrics)
        con.executemany(
            "INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?,?,?,?,?,?)",
            metrics)
        con.executemany("INSERT INTO params (key, value, run_uuid) VALUES (?,?,?)", params)
        con.executemany("INSERT INTO tags (key, value, run_uuid) VALUES (?,?,?)", tags)
    con.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--runs", type=int, required=True)
    ap.add_argument("--metrics", type=int, default=8)
    ap.add_argument("--params", type=int, default=8)
    ap.add_argument("--tags", type=int, default=2)
    args = ap.parse_args()
    t0 = time.monotonic()
    exp_id, has_runs = experiment(args.url.rstrip("/"), args.name)
    if has_runs:
        print(f"bulk_runs: {args.name} already has runs; skipped")
        return 0
    insert(args.db, *rows(random.Random(7), exp_id, args, int(time.time() * 1000)))
    seen = call(args.url.rstrip("/"), "runs/search", {"experiment_ids": [exp_id], "max_results": 1})
    if not seen.get("runs"):
        print("bulk_runs: the server does not see the inserted runs", file=sys.stderr)
        return 1
    print(f"bulk_runs: {args.runs} runs into {args.name} (experiment {exp_id}) in {time.monotonic() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
