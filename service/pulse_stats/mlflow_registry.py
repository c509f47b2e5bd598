"""The registry and the default loader, read through MLflow's own client (`mlflow.MlflowClient`)."""

from __future__ import annotations

import math
from typing import Iterable

from mlflow.exceptions import MlflowException

from .config import Policy
from .policy import Candidate, Loader


def pick_target(
    aliases: dict[str, str], latest_versions: Iterable, alias: str | None, stage: str | None
) -> str | None:
    """The alias's holder, else the newest version in `stage`, else the newest version of any stage.
    `latest_versions` is MLflow's newest version per stage (each with `version` and `current_stage`)."""
    if alias and alias in aliases:
        return str(aliases[alias])
    latest = list(latest_versions)
    in_stage = [v for v in latest if stage and v.current_stage == stage]
    newest = max(in_stage or latest, key=lambda v: int(v.version), default=None)
    return None if newest is None else str(newest.version)


def metric_f1(run_metrics: dict | None, tags: dict, metric: str) -> float | None:
    """The run's latest value of the metric, else a version tag named like it; None if neither is a number."""
    for raw in ((run_metrics or {}).get(metric), tags.get(metric)):
        try:
            value = float(raw)
        except (TypeError, ValueError):
            continue
        if math.isfinite(value):
            return value
    return None


class MlflowRegistry:
    """`Registry` over an `MlflowClient`: one `get_registered_model` per model and poll, and the version and
    its run only for a version the updater has not decided on yet."""

    def __init__(self, client, policy: Policy):
        self.client = client
        self.policy = policy

    def target(self, registered_model: str) -> str | None:
        model = self.client.get_registered_model(registered_model)
        aliases, latest = model.aliases or {}, model.latest_versions or []
        return pick_target(aliases, latest, self.policy.alias, self.policy.stage)

    def describe(self, registered_model: str, version: str) -> Candidate:
        mv = self.client.get_model_version(registered_model, version)
        metrics = None
        if mv.run_id:
            try:
                metrics = self.client.get_run(mv.run_id).data.metrics
            except MlflowException:  # the run was deleted or lives elsewhere: the version tag may still say
                pass
        f1 = metric_f1(metrics, mv.tags or {}, self.policy.metric)
        return Candidate(str(mv.version), mv.run_id or None, f1)


def mlflow_loader(client) -> Loader:
    """The default loader: checks the version exists and is READY and returns its download URI. It downloads
    nothing, so it works for versions without artifacts; a real service loads the model from the URI."""

    def load(registered_model: str, version: str) -> str:
        mv = client.get_model_version(registered_model, version)
        if mv.status != "READY":
            raise RuntimeError(f"version {version} of {registered_model} is {mv.status}, not READY")
        return client.get_model_version_download_uri(registered_model, version)

    return load
