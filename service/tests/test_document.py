from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import jsonschema
import pytest
from conftest import REPO, TEXT, VIDEO, FakeLoader, FakeRegistry

from pulse_stats.config import Policy
from pulse_stats.document import build, rfc3339
from pulse_stats.policy import Updater
from pulse_stats.recorder import Recorder

SCHEMA = json.loads((REPO / "docs/inference-stats.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def errors(doc: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(doc)]


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_rfc3339():
    t = datetime(2026, 1, 29, 10, 0, tzinfo=timezone.utc).timestamp()
    assert rfc3339(t + 0.123) == "2026-01-29T10:00:00.123Z"
    assert rfc3339(t + 59.9996) == "2026-01-29T10:01:00.000Z"
    assert rfc3339(None) is None


def test_a_fresh_service_validates_with_nulls(clock):
    doc = build(Recorder([TEXT], clock=clock).snapshot(), Policy(), "stream-classifier", "worker-1")
    assert errors(doc) == []
    model = doc["models"][0]
    assert [model[k] for k in ("version", "run_id", "f1", "loaded_at", "status")] == [None] * 4 + ["loading"]
    assert model["window"] == {
        "seconds": 0,
        "requests": 0,
        "rps": 0,
        "error_rate": None,
        "latency_ms": {"p50": None, "p90": None, "p95": None, "p99": None},
    }
    assert doc["updates"] == [] and doc["policy"]["stage"] is None


def test_a_busy_service_validates(clock):
    recorder, registry, loader = Recorder([TEXT, VIDEO], clock=clock), FakeRegistry(), FakeLoader()
    updater = Updater(recorder, registry, loader)
    registry.set(TEXT.registered_model, "6", {"6": 0.84, "7": 0.86, "8": 0.5})
    registry.set(VIDEO.registered_model, "2", {"2": 0.72, "3": None})
    loader.broken["3"] = "checksum mismatch"
    updater.poll_once()
    for target, video in (("7", "3"), ("8", "3")):
        clock.advance(30)
        registry.set(TEXT.registered_model, target, {})
        registry.set(VIDEO.registered_model, video, {"3": 0.9})
        updater.poll_once()
    for i in range(50):
        recorder.record_prediction("text", 10 + i, "safe" if i % 7 else "unsafe")
    recorder.record_failure("video", 250.5)
    doc = build(recorder.snapshot(), Policy(stage="Production", poll_seconds=5), "stream-classifier", "w-1")
    assert errors(doc) == []
    assert json.loads(json.dumps(doc, allow_nan=False)) == doc
    assert [(u["model"], u["outcome"], u["reason"]) for u in doc["updates"]] == [
        ("text", "skipped", "below threshold"),
        ("video", "failed", "checksum mismatch"),
        ("text", "applied", None),
        ("video", "applied", None),
        ("text", "applied", None),
    ]
    text = doc["models"][0]
    assert (text["version"], text["f1"], text["totals"], text["predictions"]) == (
        "7",
        0.86,
        {"requests": 50, "failures": 0},
        {"safe": 42, "unsafe": 8},
    )


@pytest.mark.parametrize(
    "path, value",
    [
        (("schema",), "pulse.inference-stats/v2"),
        (("generated_at",), "2026-01-29 10:00:00"),
        (("models", 0, "status"), "busy"),
        (("models", 0, "window", "error_rate"), 1.5),
        (("updates", 0, "outcome"), "maybe"),
        (("updates", 0, "reason"), "too low"),
    ],
)
def test_the_schema_refuses_what_the_contract_forbids(path, value):
    doc = documented_example()
    target = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    assert errors(doc) != []


def documented_example() -> dict:
    """The first JSON block of docs/inference-stats.md."""
    text = (REPO / "docs/inference-stats.md").read_text()
    return json.loads(re.search(r"```json\n(.*?)```", text, re.S).group(1))


def test_the_documented_example_validates():
    doc = documented_example()
    assert errors(doc) == []
    doc["updates"][0]["outcome"] = "skipped"
    assert errors(doc) != []  # a skip needs one of the two reasons
