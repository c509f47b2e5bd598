"""`python -m pulse_stats`: the reference inference-stats service against an MLflow server."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import threading

from .app import App
from .config import DEFAULT_MODELS, Policy, parse_models


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m pulse_stats", description=__doc__)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8090)
    p.add_argument("--mlflow-url", default=os.environ.get("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000"))
    p.add_argument("--poll-seconds", type=float, default=60.0, help="registry poll interval")
    p.add_argument("--models", default=DEFAULT_MODELS, help="key=registered_model:threshold,...")
    p.add_argument("--alias", default="champion", help="registry alias to follow; '' for none")
    p.add_argument("--stage", default=None, help="stage to follow when the alias has no holder")
    p.add_argument("--metric", default="eval_f1", help="the run metric (or version tag) that is the F1")
    p.add_argument("--service-name", default="stream-classifier")
    p.add_argument("--instance", default=socket.gethostname())
    p.add_argument("--demo-traffic", action="store_true", help="record synthetic requests")
    p.add_argument("--frozen", action="store_true", help="load once at start, never update")
    p.add_argument("--allow-origin", default=None, help="Access-Control-Allow-Origin (direct browser reads)")
    args = p.parse_args(argv)
    try:
        args.models = parse_models(args.models)
    except ValueError as e:
        p.error(str(e))
    if args.poll_seconds <= 0:
        p.error("--poll-seconds must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Installed before the slow MLflow import, so a stop request during start-up is a clean exit too.
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # MLflow's client retries a failed call for minutes by default, which would stall every model's poll;
    # the next poll is the retry here.
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "10")
    from mlflow import MlflowClient  # slow to import: only once the arguments are known to be good

    from .mlflow_registry import MlflowRegistry, mlflow_loader

    client = MlflowClient(tracking_uri=args.mlflow_url, registry_uri=args.mlflow_url)
    policy = Policy(args.metric, args.poll_seconds, args.alias or None, args.stage or None)
    try:
        app = App(
            args.models,
            policy,
            MlflowRegistry(client, policy),
            mlflow_loader(client),
            host=args.host,
            port=args.port,
            name=args.service_name,
            instance=args.instance,
            frozen=args.frozen,
            demo_traffic=args.demo_traffic,
            allow_origin=args.allow_origin,
        )
    except OSError as e:
        print(f"pulse-stats: cannot listen on {args.host}:{args.port}: {e}", file=sys.stderr)
        return 2
    if stop.is_set():
        return 0
    app.start()
    print(f"pulse-stats listening on {app.url} (instance {args.instance}, mlflow {args.mlflow_url})",
          flush=True)
    stop.wait()
    app.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
