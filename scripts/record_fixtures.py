#!/usr/bin/env python3
"""Re-records core's MLflow fixtures (core/tests/fixtures/*.json) from a real MLflow server.

Start a fresh server and seed it the way the fixtures were made, then record:

    scripts/mlflow.sh /tmp/rec 5390
    $PULSE_PYTHON scripts/seed.py --url http://127.0.0.1:5390 --demo --big-runs 2000 --big-name big_experiment
    $PULSE_PYTHON scripts/record_fixtures.py --url http://127.0.0.1:5390 --out /tmp/fixtures
    diff -r <(cd core/tests/fixtures && ls) <(cd /tmp/fixtures && ls)

Each fixture is the raw body of one request (errors included), so `cargo test -p pulse-core` decodes what the
server really sends. Ids differ from run to run of the seeder; tests read shapes and values by name, and the
run-id-specific assertions in core/tests/reference.rs name the run they need. Writes (stage transition, alias
set/delete) change the seeded registry: record against a throwaway server only.
"""

import argparse
import json
import pathlib
import sys
import urllib.error
import urllib.parse
import urllib.request

API = "/api/2.0/mlflow/"


class Recorder:
    def __init__(self, url, out):
        self.url, self.out, self.written = url.rstrip("/"), out, []

    def raw(self, method, path, body=None, query=None):
        """The status and body text of one request, error statuses included."""
        url = self.url + path + ("?" + urllib.parse.urlencode(query, doseq=True) if query else "")
        data = body.encode() if isinstance(body, str) else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def json(self, method, endpoint, body=None, **query):
        status, text = self.raw(method, API + endpoint, body, query or None)
        if status != 200:
            sys.exit(f"record_fixtures: {endpoint} answered {status}: {text[:200]}")
        return json.loads(text)

    def record(self, name, method, path, body=None, query=None):
        """Writes the body as MLflow sent it (re-indented when it is JSON; MLflow's bare NaN kept as is)."""
        _, text = self.raw(method, path, body, query)
        try:
            text = json.dumps(json.loads(text), indent=2) + "\n"
        except ValueError:
            pass  # not JSON (an HTML error page, or the ajax endpoints' bare NaN): kept byte for byte
        (self.out / f"{name}.json").write_text(text)
        self.written.append(name)


def record_tracking(rec):
    exp = rec.json("GET", "experiments/get-by-name", experiment_name="tiktok_safety_text")["experiment"]
    video = rec.json("GET", "experiments/get-by-name", experiment_name="tiktok_safety_video")["experiment"]
    big = rec.json("GET", "experiments/get-by-name", experiment_name="big_experiment")["experiment"]
    search = {"max_results": 100, "order_by": ["last_update_time DESC"], "filter": "name LIKE 'tiktok_%'"}
    rec.record("experiments_search", "POST", API + "experiments/search", search)
    rec.record("experiments_get", "GET", API + "experiments/get", query={"experiment_id": exp["experiment_id"]})
    rec.record("experiments_get_by_name", "GET", API + "experiments/get-by-name",
               query={"experiment_name": "tiktok_safety_text"})
    runs = rec.json("POST", "runs/search", {"experiment_ids": [exp["experiment_id"]], "max_results": 1000})["runs"]
    by_name = {r["info"]["run_name"]: r["info"]["run_id"] for r in runs}
    nan_id = by_name["weird_metrics"]  # seed.py's run with NaN and infinite metrics
    has_f1 = lambda r: any(m["key"] == "eval_f1" for m in r["data"].get("metrics", []))  # noqa: E731
    finished = [r for r in runs if r["info"]["status"] == "FINISHED" and r["info"]["run_id"] != nan_id and has_f1(r)]
    run_id = next(r["info"]["run_id"] for r in rec.json("POST", "runs/search", {
        "experiment_ids": [video["experiment_id"]], "max_results": 1})["runs"])
    parent_id = by_name["hparam-sweep"]
    page = {"experiment_ids": [exp["experiment_id"]],
            "filter": "metrics.eval_f1 > 0.6 and params.batch_size = '32' and attributes.status = 'FINISHED'",
            "order_by": ["metrics.best_eval_f1 DESC"], "max_results": 3, "run_view_type": "ACTIVE_ONLY"}
    rec.record("runs_search_page1", "POST", API + "runs/search", page)
    token = rec.json("POST", "runs/search", page).get("next_page_token")
    rec.record("runs_search_page2", "POST", API + "runs/search", {**page, "page_token": token})
    rec.record("runs_search_children_of_parent", "POST", API + "runs/search", {
        "experiment_ids": [exp["experiment_id"]], "filter": f"tags.mlflow.parentRunId = '{parent_id}'",
        "max_results": 100})
    rec.record("runs_search_default_page_big_exp_first2", "POST", API + "runs/search",
               {"experiment_ids": [big["experiment_id"]], "max_results": 2})
    rec.record("runs_search_running", "POST", API + "runs/search", {
        "experiment_ids": [exp["experiment_id"]], "filter": "attributes.status = 'RUNNING'", "max_results": 10})
    rec.record("runs_search_nan_filter", "POST", API + "runs/search", {
        "experiment_ids": [exp["experiment_id"]], "filter": "metrics.nan_metric != 0", "max_results": 10})
    rec.record("runs_search_nan_order", "POST", API + "runs/search", {
        "experiment_ids": [exp["experiment_id"]], "order_by": ["metrics.nan_metric DESC"], "max_results": 3})
    rec.record("runs_search_malformed_json_returns_200_empty", "POST", API + "runs/search", "{not json")
    rec.record("runs_get", "GET", API + "runs/get", query={"run_id": run_id})
    rec.record("runs_get_nan", "GET", API + "runs/get", query={"run_id": nan_id})
    history = {"run_id": finished[0]["info"]["run_id"], "metric_key": "eval_f1"}
    rec.record("metrics_get_history", "GET", API + "metrics/get-history", query=history)
    rec.record("metrics_get_history_paged", "GET", API + "metrics/get-history", query={**history, "max_results": 3})
    rec.record("metrics_get_history_nan", "GET", API + "metrics/get-history",
               query={"run_id": nan_id, "metric_key": "nan_metric"})
    two = [r["info"]["run_id"] for r in finished[:2]]
    interval = {"run_ids": two, "metric_key": "eval_f1", "max_results": 320}
    rec.record("metrics_get_history_bulk_interval", "GET", API + "metrics/get-history-bulk-interval", query=interval)
    rec.record("ajax_metrics_get_history_bulk_interval", "GET",
               "/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval", query=interval)
    rec.record("ajax_metrics_get_history_bulk", "GET", "/ajax-api/2.0/mlflow/metrics/get-history-bulk",
               query={"run_id": two, "metric_key": "eval_f1"})
    rec.record("ajax_metrics_get_history_bulk_nan", "GET", "/ajax-api/2.0/mlflow/metrics/get-history-bulk",
               query={"run_id": [nan_id], "metric_key": "nan_metric"})
    models = {"experiment_ids": [exp["experiment_id"]], "max_results": 10}
    rec.record("logged_models_search", "POST", API + "logged-models/search", models)
    rec.record("logged_models_search_max_101_accepted", "POST", API + "logged-models/search",
               {**models, "max_results": 101})
    logged = rec.json("POST", "logged-models/search", models).get("models", [])
    if logged:  # seed.py logs no models: only a server that has some records this one
        rec.record("logged_models_get", "GET", API + f"logged-models/{logged[0]['info']['model_id']}")
    return exp, run_id, two


def record_registry(rec):
    name = "text_classification_model"
    rec.record("registered_models_search", "GET", API + "registered-models/search", query={"max_results": 100})
    rec.record("registered_models_search_filter", "GET", API + "registered-models/search",
               query={"filter": "name LIKE 'text%'", "max_results": 100})
    rec.record("registered_models_get", "GET", API + "registered-models/get", query={"name": name})
    rec.record("registered_models_get_latest_versions", "POST", API + "registered-models/get-latest-versions",
               {"name": name})
    rec.record("model_versions_search", "GET", API + "model-versions/search",
               query={"filter": f"name='{name}'", "order_by": "version_number DESC", "max_results": 10})
    rec.record("model_versions_get", "GET", API + "model-versions/get", query={"name": name, "version": "1"})
    rec.record("registered_models_alias_get", "GET", API + "registered-models/alias",
               query={"name": name, "alias": "champion"})
    # Writes last: they change the registry the reads above saw.
    rec.record("registered_models_alias_set", "POST", API + "registered-models/alias",
               {"name": name, "alias": "recorded", "version": "1"})
    rec.record("registered_models_alias_delete_json_body", "DELETE", API + "registered-models/alias",
               {"name": name, "alias": "recorded"})
    rec.record("registered_models_alias_delete", "DELETE", API + "registered-models/alias",
               query={"name": name, "alias": "recorded"})
    rec.record("model_versions_transition_stage", "POST", API + "model-versions/transition-stage",
               {"name": name, "version": "1", "stage": "Staging", "archive_existing_versions": False})


def record_errors(rec, exp, run_id, two):
    eid = exp["experiment_id"]
    cases = [
        ("error_alias_not_found", "GET", "registered-models/alias", None,
         {"name": "text_classification_model", "alias": "nope"}),
        ("error_bulk_interval_101_runs", "GET", "metrics/get-history-bulk-interval", None,
         {"run_ids": [run_id] * 101, "metric_key": "eval_f1"}),
        ("error_bulk_interval_too_many", "GET", "metrics/get-history-bulk-interval", None,
         {"run_ids": two, "metric_key": "eval_f1", "max_results": 2501}),
        ("error_experiment_get_by_name_not_found", "GET", "experiments/get-by-name", None,
         {"experiment_name": "no_such_experiment"}),
        ("error_experiments_search_missing_max_results", "POST", "experiments/search", {}, None),
        ("error_experiments_search_too_many", "POST", "experiments/search", {"max_results": 50001}, None),
        ("error_missing_param", "GET", "runs/get", None, {}),
        ("error_model_version_not_found", "GET", "model-versions/get", None,
         {"name": "text_classification_model", "version": "999"}),
        ("error_mv_search_too_many", "GET", "model-versions/search", None, {"max_results": 200001}),
        ("error_registered_model_not_found", "GET", "registered-models/get", None, {"name": "no_such_model"}),
        ("error_rm_search_too_many", "GET", "registered-models/search", None, {"max_results": 1001}),
        ("error_runs_get_not_found", "GET", "runs/get", None, {"run_id": "0" * 32}),
        ("error_runs_search_bad_filter", "POST", "runs/search",
         {"experiment_ids": [eid], "filter": "metrics.eval_f1 >> 1"}, None),
        ("error_runs_search_bad_page_token", "POST", "runs/search",
         {"experiment_ids": [eid], "page_token": "garbage"}, None),
        ("error_runs_search_too_many", "POST", "runs/search", {"experiment_ids": [eid], "max_results": 50001}, None),
        ("error_unknown_endpoint", "GET", "no/such/endpoint", None, None),
        ("error_wrong_method", "GET", "runs/search", None, None),
    ]
    for name, method, endpoint, body, query in cases:
        rec.record(name, method, API + endpoint, body, query)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="a throwaway MLflow seeded with seed.py --demo --big-runs")
    parser.add_argument("--out", required=True, type=pathlib.Path, help="directory to write the fixtures into")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rec = Recorder(args.url, args.out)
    exp, run_id, two = record_tracking(rec)
    record_registry(rec)
    record_errors(rec, exp, run_id, two)
    print(f"record_fixtures: {len(rec.written)} fixtures into {args.out}")


if __name__ == "__main__":
    main()
