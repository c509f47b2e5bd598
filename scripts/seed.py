#!/usr/bin/env python3
"""Seed a running MLflow server with demo data for Pulse, through the REST API only.

    python3 scripts/seed.py --url http://127.0.0.1:5000 [--demo] [--big-runs N] [--big-name NAME]

--demo      three `tiktok_safety_*` experiments (~20 runs each with per-epoch eval_f1/eval_accuracy/eval_loss),
            a parent run with 3 children, a run with NaN/infinite metrics, a run with HTML in its name, tags and
            params, and three registered models with 4 versions, stages and the aliases champion/challenger.
            Skipped if `tiktok_safety_text` already exists.
--big-runs  an experiment (--big-name, default big_experiment) with N finished runs of 3 metrics each.
            Skipped if that experiment already has runs.
--long-runs N --long-steps S
            an experiment `long_training` with N runs of S steps of eval_f1 each (chart benchmarks).
--wide-runs N --wide-metrics M
            an experiment `wide_comparison` with N runs of M metrics and 6 params each (compare benchmark).

Standard library only; the random generator has a fixed seed, so the data is the same on every machine
(apart from timestamps, which are relative to now).
"""
import argparse
import base64
import json
import math
import os
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

API = "/api/2.0/mlflow/"
MINUTE_MS = 60_000
DAY_MS = 24 * 60 * MINUTE_MS
USERS = ["dana", "lee", "sam", "priya", "marco"]
EXPERIMENTS = {  # name -> (modality, description, model families, registered model)
    "tiktok_safety_text": ("text", "Multilingual text classifiers for policy-violating comments and captions.",
                           ["distilbert-multilingual", "xlm-roberta-base", "mdeberta-v3", "bert-base-multilingual"],
                           "text_classification_model"),
    "tiktok_safety_video": ("video", "Video classifiers for unsafe clips, trained on sampled frames.",
                            ["slowfast-r50", "x3d-m", "videomae-base", "timesformer"],
                            "video_classification_model"),
    "tiktok_safety_fusion": ("multimodal", "Fusion of text, audio and video signals for the final safety score.",
                             ["clip-vit-b32-fusion", "late-fusion-mlp", "perceiver-io", "flava-base"],
                             "fusion_multimodal_model"),
}
STAGES = ["Archived", "Production", "Staging", "None"]  # stages of versions 1..4
ALIASES = {"champion": "2", "challenger": "3"}


class MlflowError(Exception):
    """An HTTP error or an unreachable server."""


class Client:
    """Minimal JSON client for the MLflow REST API; safe to share between threads."""

    def __init__(self, url):
        self.url = url.rstrip("/")
        # MLflow's own variables for a server with a login (mlflow server --app-name basic-auth).
        user, password = os.environ.get("MLFLOW_TRACKING_USERNAME"), os.environ.get("MLFLOW_TRACKING_PASSWORD")
        self.headers = {"Content-Type": "application/json"}
        if user and password:
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            self.headers["Authorization"] = f"Basic {token}"

    def call(self, method, path, body=None):
        # allow_nan=False: a bare NaN/Infinity is accepted with 200 but stored as 0.0 at timestamp 0.
        data = json.dumps(body, allow_nan=False).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=self.headers)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.read().decode()
        except urllib.error.HTTPError as e:
            raise MlflowError(f"{method} {path} -> {e.code}: {e.read().decode()[:300]}") from None
        except (urllib.error.URLError, OSError) as e:
            raise MlflowError(f"{method} {path}: {e}") from None

    def post(self, endpoint, body):
        return json.loads(self.call("POST", API + endpoint, body))

    def get(self, endpoint, **query):
        return json.loads(self.call("GET", API + endpoint + "?" + urllib.parse.urlencode(query)))

    def wait_healthy(self, timeout_s):
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if self.call("GET", "/health").strip() == "OK":
                    return
            except MlflowError as e:
                if time.monotonic() > deadline:
                    raise MlflowError(f"no healthy MLflow server at {self.url} after {timeout_s} s ({e})")
            time.sleep(1)

    def experiment_id(self, name):
        """The id of experiment `name`, or None if it does not exist."""
        try:
            return self.get("experiments/get-by-name", experiment_name=name)["experiment"]["experiment_id"]
        except MlflowError as e:
            if "RESOURCE_DOES_NOT_EXIST" in str(e):
                return None
            raise


def kv(mapping):
    return [{"key": k, "value": str(v)} for k, v in mapping.items()]


def metric(key, value, timestamp, step=0):
    """A metric entry; protobuf JSON spells non-finite doubles as the strings NaN/Infinity/-Infinity."""
    if math.isnan(value):
        value = "NaN"
    elif math.isinf(value):
        value = "Infinity" if value > 0 else "-Infinity"
    return {"key": key, "value": value, "timestamp": timestamp, "step": step}


def create_experiment(client, name, tags):
    return client.post("experiments/create", {"name": name, "tags": kv(tags)})["experiment_id"]


BATCH_METRICS = 1000  # MLflow's most metrics per runs/log-batch


def log_run(client, run):
    """Create one planned run, log its params and metrics (1,000 per request), and close it unless it is
    still RUNNING."""
    body = {"experiment_id": run["experiment_id"], "run_name": run["name"], "start_time": run["start"],
            "user_id": run.get("user", ""), "tags": kv(run.get("tags", {}))}
    run_id = client.post("runs/create", body)["run"]["info"]["run_id"]
    metrics = run.get("metrics", [])
    client.post("runs/log-batch", {"run_id": run_id, "params": kv(run.get("params", {})),
                                   "metrics": metrics[:BATCH_METRICS]})
    for chunk in range(BATCH_METRICS, len(metrics), BATCH_METRICS):
        client.post("runs/log-batch", {"run_id": run_id, "metrics": metrics[chunk:chunk + BATCH_METRICS]})
    if run["status"] != "RUNNING":
        client.post("runs/update", {"run_id": run_id, "status": run["status"], "end_time": run["end"]})
    return run_id


def plan_training_run(rng, experiment_id, name, family, start, status, tags=None):
    """A run with per-epoch eval metrics; F1 rises from ~0.3 toward a plateau drawn in [0.6, 0.93]."""
    user = rng.choice(USERS)
    epochs = rng.choice([3, 5, 8, 10, 12])
    epoch_ms = rng.randint(4, 40) * MINUTE_MS
    plateau, speed = rng.uniform(0.6, 0.93), rng.uniform(0.3, 0.9)
    done = epochs if status == "FINISHED" else rng.randint(1, epochs - 1)
    if status == "RUNNING":  # started recently enough that the logged epochs are all in the past
        start = int(time.time() * 1000) - done * epoch_ms - rng.randint(1, epoch_ms // MINUTE_MS) * MINUTE_MS
    metrics, best = [], 0.0
    for step in range(done):
        f1 = plateau - (plateau - 0.3) * math.exp(-speed * (step + 1)) + rng.gauss(0, 0.008)
        best = max(best, f1)
        ts = start + (step + 1) * epoch_ms
        metrics += [metric("eval_f1", round(f1, 5), ts, step),
                    metric("eval_accuracy", round(min(0.99, f1 + rng.uniform(0.02, 0.06)), 5), ts, step),
                    metric("eval_loss", round(1.4 * (1 - f1) + rng.uniform(0, 0.05), 5), ts, step)]
    end = start + done * epoch_ms + MINUTE_MS
    if status != "RUNNING":
        metrics.append(metric("best_eval_f1", round(best, 5), end))
    params = {"model_name": family, "batch_size": rng.choice([16, 32, 64]),
              "lr": rng.choice([1e-5, 2e-5, 3e-5, 5e-5, 1e-4]), "epochs": epochs,
              "optimizer": rng.choice(["adamw", "adamw", "sgd", "lamb"]), "dataset_version": "v2024.11"}
    tags = {"mlflow.user": user, "mlflow.source.name": "train.py", "mlflow.source.type": "LOCAL",
            "git_commit": f"{rng.getrandbits(28):07x}", **(tags or {})}
    return {"experiment_id": experiment_id, "name": name, "user": user, "start": start, "end": end,
            "status": status, "params": params, "metrics": metrics, "tags": tags, "best_f1": round(best, 5)}


def plan_experiment_runs(rng, experiment_id, families, count=20):
    """`count` runs spread over the past 30 days: two FAILED, the newest still RUNNING."""
    now = int(time.time() * 1000)
    runs = []
    for i in range(count):
        status = "RUNNING" if i == count - 1 else "FAILED" if i % 9 == 4 else "FINISHED"
        start = now - 30 * DAY_MS + i * (29 * DAY_MS // count) + rng.randint(0, DAY_MS // 2)
        family = rng.choice(families)
        runs.append(plan_training_run(rng, experiment_id, f"{family}-{i + 1:02d}", family, start, status))
    return runs


def log_special_runs(client, rng, experiment_id):
    """The hparam sweep (parent + 3 children), NaN/inf metrics and HTML-escaping runs; returns their count."""
    start = int(time.time() * 1000) - 3 * DAY_MS
    parent = plan_training_run(rng, experiment_id, "hparam-sweep", "distilbert-multilingual", start, "FINISHED")
    parent_id = log_run(client, parent)
    for i in range(3):
        log_run(client, plan_training_run(rng, experiment_id, f"hparam-sweep-child-{i}", "distilbert-multilingual",
                                          start + i * 3_600_000, "FINISHED", {"mlflow.parentRunId": parent_id}))
    now = int(time.time() * 1000)
    weird = [metric("nan_metric", math.nan, now), metric("pos_inf_metric", math.inf, now),
             metric("neg_inf_metric", -math.inf, now)]
    weird += [metric("eval_f1", v, now + step, step) for step, v in enumerate([0.5, 0.6, math.inf])]
    log_run(client, {"experiment_id": experiment_id, "name": "weird_metrics", "user": "lee", "start": now - MINUTE_MS,
                     "end": now + 10, "status": "FINISHED", "metrics": weird, "tags": {"purpose": "nan-inf-test"}})
    log_run(client, {"experiment_id": experiment_id, "name": "<img src=x onerror=alert(1)>", "user": "sam",
                     "start": now - MINUTE_MS, "end": now, "status": "FINISHED", "params": {"html": "<i>x</i>"},
                     "tags": {"note": "<b>bold</b><script>alert(2)</script>"}})
    return 6


def register_model(client, name, modality, runs):
    """Four versions from the best finished runs, oldest first, with stages, aliases and an eval_f1 tag."""
    best = sorted((r for r in runs if r["status"] == "FINISHED"), key=lambda r: r["best_f1"])[-4:]
    client.post("registered-models/create", {"name": name, "description": f"{modality} content-safety classifier",
                                             "tags": kv({"team": "trust-and-safety", "modality": modality})})
    for run in sorted(best, key=lambda r: r["start"]):
        version = client.post("model-versions/create", {
            "name": name, "source": f"runs:/{run['id']}/model", "run_id": run["id"],
            "description": f"{run['params']['model_name']} best_eval_f1={run['best_f1']}",
            "tags": kv({"eval_f1": run["best_f1"], "base_model": run["params"]["model_name"]}),
        })["model_version"]["version"]
        client.post("model-versions/transition-stage", {"name": name, "version": version,
                                                        "stage": STAGES[int(version) - 1],
                                                        "archive_existing_versions": False})
    for alias, version in ALIASES.items():
        client.post("registered-models/alias", {"name": name, "alias": alias, "version": version})


def seed_demo(client, pool):
    """Returns a summary of what was created, or None if the demo data already exists."""
    if client.experiment_id("tiktok_safety_text") is not None:
        # Data seeded before experiments carried `pulse.model` gets the tag, so thresholds show on charts.
        for exp_name, (_, _, _, model) in EXPERIMENTS.items():
            exp_id = client.experiment_id(exp_name)
            if exp_id is not None:
                client.post("experiments/set-experiment-tag",
                            {"experiment_id": exp_id, "key": "pulse.model", "value": model})
        print("demo: already seeded (tiktok_safety_text exists), skipping")
        return None
    rng = random.Random(42)
    run_count = 0
    for exp_name, (modality, description, families, model) in EXPERIMENTS.items():
        exp_id = create_experiment(client, exp_name, {"team": "trust-and-safety", "modality": modality,
                                                      "pulse.model": model, "mlflow.note.content": description})
        runs = plan_experiment_runs(rng, exp_id, families)
        for run, run_id in zip(runs, pool.map(lambda r: log_run(client, r), runs)):
            run["id"] = run_id
        run_count += len(runs)
        if modality == "text":
            run_count += log_special_runs(client, rng, exp_id)
        register_model(client, model, modality, runs)
    return f"{len(EXPERIMENTS)} experiments, {run_count} runs, {len(EXPERIMENTS)} models x 4 versions"


def plan_big_run(rng, experiment_id, i, now):
    family = rng.choice(EXPERIMENTS["tiktok_safety_text"][2])
    f1 = rng.uniform(0.55, 0.93)
    end = now - rng.randint(1, 30 * DAY_MS)
    return {"experiment_id": experiment_id, "name": f"{family}-{i:04d}", "user": rng.choice(USERS),
            "start": end - rng.randint(10, 300) * MINUTE_MS, "end": end, "status": "FINISHED",
            "params": {"model_name": family, "batch_size": rng.choice([16, 32, 64]),
                       "lr": rng.choice([1e-5, 3e-5, 1e-4]), "epochs": rng.choice([3, 5, 8])},
            "metrics": [metric("eval_f1", round(f1, 5), end),
                        metric("eval_accuracy", round(min(0.99, f1 + rng.uniform(0.02, 0.06)), 5), end),
                        metric("eval_loss", round(1.4 * (1 - f1), 5), end)]}


def seed_big(client, pool, name, count):
    """Returns a summary of what was created, or None if the experiment already has runs."""
    exp_id = client.experiment_id(name)
    if exp_id is not None and client.post("runs/search", {"experiment_ids": [exp_id], "max_results": 1}).get("runs"):
        print(f"big: experiment {name} already has runs, skipping")
        return None
    exp_id = exp_id or create_experiment(client, name, {"team": "trust-and-safety", "purpose": "scale-test"})
    rng, now = random.Random(7), int(time.time() * 1000)
    runs = [plan_big_run(rng, exp_id, i + 1, now) for i in range(count)]
    list(pool.map(lambda r: log_run(client, r), runs))
    return f"{name} with {count} runs"


def plan_long_run(experiment_id, i, steps, now):
    """A run with `steps` points of eval_f1: a noisy rising curve with a few spikes."""
    rng = random.Random(100 + i)
    start = now - (i + 1) * DAY_MS
    plateau, speed = rng.uniform(0.7, 0.93), rng.uniform(2.0, 6.0)
    values = []
    for step in range(steps):
        f1 = plateau - (plateau - 0.2) * math.exp(-speed * step / steps) + rng.gauss(0, 0.01)
        if rng.random() < 0.0005:
            f1 = rng.uniform(0.0, 0.2)  # a spike a chart must not smooth away
        values.append(metric("eval_f1", round(f1, 5), start + step * 1_000, step))
    return {"experiment_id": experiment_id, "name": f"long-{i:02d}", "start": start, "end": start + steps * 1_000,
            "status": "FINISHED", "metrics": values}


def new_experiment(client, name, tags):
    """Creates experiment `name` and returns its id, or None (with a note) if it already exists."""
    if client.experiment_id(name) is not None:
        print(f"{name} exists, skipping")
        return None
    return create_experiment(client, name, tags)


def seed_long(client, pool, runs, steps):
    exp_id = new_experiment(client, "long_training", {"purpose": "chart-benchmark",
                                                      "pulse.model": "text_classification_model"})
    if exp_id is None:
        return None
    now = int(time.time() * 1000)
    list(pool.map(lambda i: log_run(client, plan_long_run(exp_id, i, steps, now)), range(runs)))
    return f"long_training with {runs} runs x {steps} steps"


def plan_wide_run(rng, experiment_id, i, metrics, now):
    names = ["eval_f1", "eval_accuracy", "eval_precision", "eval_recall", "eval_auc", "eval_loss"]
    names += [f"slice_{k:02d}_f1" for k in range(max(0, metrics - len(names)))]
    ts = now - i * MINUTE_MS
    return {"experiment_id": experiment_id, "name": f"sweep-{i:03d}", "user": rng.choice(USERS), "start": ts - 30 * MINUTE_MS,
            "end": ts, "status": "FINISHED",
            "params": {"lr": rng.choice([1e-5, 3e-5, 1e-4]), "batch_size": rng.choice([16, 32, 64]),
                       "optimizer": rng.choice(["adamw", "sgd", "lamb"]), "warmup": rng.choice([0, 100, 500]),
                       "dropout": rng.choice([0.1, 0.2, 0.3]), "dataset_version": "v2024.11"},
            "metrics": [metric(n, round(rng.uniform(0.1, 0.6) if n == "eval_loss" else rng.uniform(0.55, 0.95), 5), ts)
                        for n in names[:metrics]]}


def seed_wide(client, pool, runs, metrics):
    exp_id = new_experiment(client, "wide_comparison", {"purpose": "compare-benchmark",
                                                        "pulse.model": "fusion_multimodal_model"})
    if exp_id is None:
        return None
    rng, now = random.Random(11), int(time.time() * 1000)
    planned = [plan_wide_run(rng, exp_id, i, metrics, now) for i in range(runs)]
    list(pool.map(lambda r: log_run(client, r), planned))
    return f"wide_comparison with {runs} runs x {metrics} metrics"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:5000", help="MLflow server base URL")
    parser.add_argument("--demo", action="store_true", help="seed the tiktok_safety_* demo data")
    parser.add_argument("--big-runs", type=int, default=0, metavar="N", help="create an experiment with N runs")
    parser.add_argument("--big-name", default="big_experiment", help="name of the --big-runs experiment")
    parser.add_argument("--long-runs", type=int, default=0, metavar="N", help="runs of the long_training experiment")
    parser.add_argument("--long-steps", type=int, default=10_000, metavar="S", help="steps per long run")
    parser.add_argument("--wide-runs", type=int, default=0, metavar="N", help="runs of the wide_comparison experiment")
    parser.add_argument("--wide-metrics", type=int, default=20, metavar="M", help="metrics per wide run")
    parser.add_argument("--threads", type=int, default=8, help="parallel requests (default 8)")
    args = parser.parse_args()
    if not args.demo and args.big_runs <= 0 and args.long_runs <= 0 and args.wide_runs <= 0:
        parser.error("nothing to do: pass --demo, --big-runs N, --long-runs N and/or --wide-runs N")
    client = Client(args.url)
    t0 = time.monotonic()
    try:
        client.wait_healthy(60)
        with ThreadPoolExecutor(max_workers=args.threads) as pool:
            created = [seed_demo(client, pool) if args.demo else None,
                       seed_big(client, pool, args.big_name, args.big_runs) if args.big_runs > 0 else None,
                       seed_long(client, pool, args.long_runs, args.long_steps) if args.long_runs > 0 else None,
                       seed_wide(client, pool, args.wide_runs, args.wide_metrics) if args.wide_runs > 0 else None]
    except MlflowError as e:
        sys.exit(f"seed.py: error: {e}")
    created = [c for c in created if c]
    print(f"seed.py: created {'; '.join(created) or 'nothing'} in {time.monotonic() - t0:.1f} s at {args.url}")


if __name__ == "__main__":
    main()
