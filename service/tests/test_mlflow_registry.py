"""The MLflow-backed registry against a stand-in for `MlflowClient` (the real server is covered end to end
elsewhere): which version is the target, and where the F1 comes from."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest
from mlflow.exceptions import MlflowException

from pulse_stats.config import Policy
from pulse_stats.mlflow_registry import MlflowRegistry, metric_f1, mlflow_loader, pick_target
from pulse_stats.policy import Candidate

LATEST = [
    NS(version=v, current_stage=s)
    for v, s in (("1", "Archived"), ("3", "Production"), ("12", "None"), ("4", "Staging"))
]


@pytest.mark.parametrize(
    "aliases, alias, stage, want",
    [
        ({"champion": "2"}, "champion", "Production", "2"),  # the alias wins
        ({"challenger": "4"}, "champion", "Production", "3"),  # no holder: the stage
        ({}, "champion", None, "12"),  # no stage: the newest (numerically, not as text)
        ({}, "champion", "Staging", "4"),
        ({}, None, "Nonexistent", "12"),
    ],
)
def test_pick_target(aliases, alias, stage, want):
    assert pick_target(aliases, LATEST, alias, stage) == want


def test_pick_target_without_versions():
    assert pick_target({}, [], "champion", None) is None


@pytest.mark.parametrize(
    "metrics, tags, want",
    [
        ({"eval_f1": 0.86}, {"eval_f1": "0.5"}, 0.86),
        ({"eval_loss": 0.3}, {"eval_f1": "0.81"}, 0.81),
        (None, {"eval_f1": "0.81"}, 0.81),
        ({"eval_f1": float("nan")}, {"eval_f1": "n/a"}, None),
        ({}, {}, None),
    ],
)
def test_metric_f1(metrics, tags, want):
    assert metric_f1(metrics, tags, "eval_f1") == want


class FakeClient:
    """The few `MlflowClient` calls the registry makes, over plain data."""

    def __init__(self):
        self.versions = {
            "7": NS(version="7", run_id="r7", tags={}, status="READY"),
            "8": NS(version="8", run_id="gone", tags={"eval_f1": "0.79"}, status="READY"),
            "9": NS(version="9", run_id="", tags={}, status="PENDING_REGISTRATION"),
        }

    def get_registered_model(self, name):
        return NS(aliases={"champion": "7"}, latest_versions=[NS(version="9", current_stage="None")])

    def get_model_version(self, name, version):
        return self.versions[version]

    def get_run(self, run_id):
        if run_id == "gone":
            raise MlflowException("Run 'gone' not found")
        return NS(data=NS(metrics={"eval_f1": 0.86}))

    def get_model_version_download_uri(self, name, version):
        return f"mlflow-artifacts:/models/{version}"


def test_registry_reads_the_target_and_its_f1():
    registry = MlflowRegistry(FakeClient(), Policy())
    assert registry.target("m") == "7"
    assert registry.describe("m", "7") == Candidate("7", "r7", 0.86)
    assert registry.describe("m", "8") == Candidate("8", "gone", 0.79)  # the run is gone: the version tag
    assert registry.describe("m", "9") == Candidate("9", None, None)
    assert MlflowRegistry(FakeClient(), Policy(alias=None)).target("m") == "9"


def test_the_default_loader_needs_a_ready_version_not_artifacts():
    load = mlflow_loader(FakeClient())
    assert load("m", "7") == "mlflow-artifacts:/models/7"
    with pytest.raises(RuntimeError, match="PENDING_REGISTRATION, not READY"):
        load("m", "9")
