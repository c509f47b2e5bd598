"""Shared test helpers: a clock the test moves, a fake registry, and waiting for a condition."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pulse_stats.config import ModelSpec  # noqa: E402
from pulse_stats.policy import Candidate  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TEXT = ModelSpec("text", "text_classification_model", 0.75)
VIDEO = ModelSpec("video", "video_classification_model", 0.70)


class Clock:
    """Seconds since the epoch that only move when the test says."""

    def __init__(self, t: float = 1_769_680_800.0):  # 2026-01-29T10:00:00Z
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


class FakeRegistry:
    """`Registry` over a dict: registered model -> (target version, {version: f1}). Set `down` to make
    every call fail like an unreachable server."""

    def __init__(self):
        self.models: dict[str, tuple[str | None, dict[str, float | None]]] = {}
        self.down = False

    def set(self, name: str, target: str | None, f1_by_version: dict[str, float | None]) -> None:
        known = self.models.get(name, (None, {}))[1]
        self.models[name] = (target, {**known, **f1_by_version})

    def target(self, name: str) -> str | None:
        if self.down:
            raise ConnectionError("connection refused")
        if name not in self.models:
            raise LookupError(f"RESOURCE_DOES_NOT_EXIST: Registered Model with name={name} not found")
        return self.models[name][0]

    def describe(self, name: str, version: str) -> Candidate:
        return Candidate(version, f"run-{name}-{version}", self.models[name][1].get(version))


class FakeLoader:
    """Loads anything except the versions in `broken` (version -> error text); remembers the calls."""

    def __init__(self):
        self.broken: dict[str, str] = {}
        self.calls: list[tuple[str, str]] = []

    def __call__(self, name: str, version: str) -> str:
        self.calls.append((name, version))
        if version in self.broken:
            raise RuntimeError(self.broken[version])
        return f"models:/{name}/{version}"


def wait_for(condition, timeout: float = 20.0, interval: float = 0.05, what: str = "condition"):
    """Polls `condition` until it returns something truthy, which it returns; fails after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


@pytest.fixture
def clock() -> Clock:
    return Clock()
