"""The recorder a serving process calls on every request, and where the updater reports what it serves.

Thread-safe: request handlers, the updater and the stats endpoint may call it from any thread. Memory is
bounded: each model keeps the samples of the last `window_seconds` (trimmed as it records) and at most
`max_samples` of them; the update history keeps the last `max_updates` decisions.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from .config import ModelSpec
from .metrics import Metrics

PERCENTILES = (50, 90, 95, 99)
STATUSES = ("ready", "loading", "error")
OUTCOMES = ("applied", "skipped", "failed")


@dataclass(frozen=True)
class Served:
    """What a model serves: all None before a version is loaded."""

    version: str | None = None
    run_id: str | None = None
    f1: float | None = None
    status: str = "loading"
    error: str | None = None
    loaded_at: float | None = None


@dataclass(frozen=True)
class Update:
    """One decision of the updater about a candidate version; `at` in seconds since the epoch."""

    at: float
    model: str
    registered_model: str
    from_version: str | None
    to_version: str
    f1_old: float | None
    f1_new: float | None
    threshold: float
    outcome: str
    reason: str | None = None


@dataclass(frozen=True)
class Window:
    """Figures over the recent window. `latency_ms` maps each of PERCENTILES to a value, None when the window
    holds no latency; `error_rate` is None without requests."""

    seconds: float
    requests: int
    rps: float
    error_rate: float | None
    latency_ms: dict[int, float | None]
    predictions: dict[str, int]


@dataclass(frozen=True)
class ModelSnapshot:
    spec: ModelSpec
    served: Served
    requests: int
    failures: int
    window: Window


@dataclass(frozen=True)
class Snapshot:
    """A consistent reading of the recorder; `updates` newest first."""

    at: float
    started_at: float
    models: list[ModelSnapshot]
    updates: list[Update]


@dataclass
class _Model:
    spec: ModelSpec
    samples: deque  # of (t, latency_ms or None, label or None, failed), oldest first
    served: Served = field(default_factory=Served)
    requests: int = 0
    failures: int = 0
    # When the cap last dropped a sample still inside the window: the window then starts there.
    capped_at: float = -math.inf


def percentile(sorted_values: list[float], p: int) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p% of the values at or below it. Always a
    value that was recorded, never an interpolation; None for no values."""
    if not sorted_values:
        return None
    rank = (p * len(sorted_values) + 99) // 100  # ceil(p/100 * n) in integers, so 0.95 * 20 is exactly 19
    return sorted_values[max(rank, 1) - 1]


class Recorder:
    def __init__(
        self,
        models: Iterable[ModelSpec],
        *,
        window_seconds: float = 300.0,
        max_samples: int = 100_000,
        max_updates: int = 1000,
        clock: Callable[[], float] = time.time,
        metrics: Metrics | None = None,
    ):
        # One wall clock for both the window and the timestamps, so a test can drive both by injecting it.
        self._clock = clock
        self.window_seconds = window_seconds
        self.metrics = metrics or Metrics()
        self.started_at = clock()
        self._lock = threading.Lock()
        self._models = {m.key: _Model(m, deque(maxlen=max_samples)) for m in models}
        self._updates: deque[Update] = deque(maxlen=max_updates)

    @property
    def specs(self) -> list[ModelSpec]:
        return [m.spec for m in self._models.values()]

    def record_prediction(self, key: str, latency_ms: float, label: str) -> None:
        """One answered request of model `key` that took `latency_ms` and predicted `label`."""
        self._record(key, _latency(latency_ms), str(label), failed=False)

    def record_failure(self, key: str, latency_ms: float | None = None) -> None:
        """One failed request; its latency, when given, counts in the percentiles and the histogram."""
        self._record(key, None if latency_ms is None else _latency(latency_ms), None, failed=True)

    def _record(self, key: str, latency_ms: float | None, label: str | None, failed: bool) -> None:
        with self._lock:
            m = self._models[key]
            now = self._clock()
            if len(m.samples) == m.samples.maxlen and m.samples[0][0] > now - self.window_seconds:
                m.capped_at = m.samples[0][0]
            m.samples.append((now, latency_ms, label, failed))
            self._trim(m, now)
            m.requests += 1
            m.failures += int(failed)
            version = m.served.version
        self.metrics.request(key, version, latency_ms, failed)

    def set_served(self, key: str, version: str, run_id: str | None, f1: float | None) -> None:
        """Model `key` now serves `version` (status ready, loaded now)."""
        with self._lock:
            m = self._models[key]
            old = m.served.version
            m.served = Served(str(version), run_id, f1, "ready", None, self._clock())
        self.metrics.served(key, m.spec.registered_model, old, str(version), f1)

    def set_status(self, key: str, status: str, error: str | None = None) -> None:
        """Sets `ready`, `loading` or `error` (with why), keeping the served version."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
        with self._lock:
            m = self._models[key]
            m.served = replace(m.served, status=status, error=error)

    def served(self, key: str) -> Served:
        with self._lock:
            return self._models[key].served

    def record_update(self, update: Update) -> None:
        if update.outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}, not {update.outcome!r}")
        with self._lock:
            self._updates.append(update)
        self.metrics.decision(update.model, update.outcome)

    def now(self) -> float:
        return self._clock()

    def snapshot(self) -> Snapshot:
        with self._lock:
            now = self._clock()
            copies = []
            for m in self._models.values():
                self._trim(m, now)
                copies.append((m.spec, m.served, m.requests, m.failures, list(m.samples), m.capped_at))
            updates = list(reversed(self._updates))
        # The sorting and counting happen outside the lock so a slow reader never holds up request threads.
        models = [
            ModelSnapshot(spec, served, req, fail, self._window(samples, capped_at, now))
            for spec, served, req, fail, samples, capped_at in copies
        ]
        return Snapshot(now, self.started_at, models, updates)

    def _trim(self, m: _Model, now: float) -> None:
        cutoff = now - self.window_seconds
        while m.samples and m.samples[0][0] <= cutoff:
            m.samples.popleft()

    def _window(self, samples: list, capped_at: float, now: float) -> Window:
        start = max(now - self.window_seconds, self.started_at, capped_at)
        seconds = max(now - start, 0.0)
        requests = len(samples)
        failures = sum(1 for s in samples if s[3])
        latencies = sorted(s[1] for s in samples if s[1] is not None)
        predictions: dict[str, int] = {}
        for s in samples:
            if s[2] is not None:
                predictions[s[2]] = predictions.get(s[2], 0) + 1
        return Window(
            seconds=seconds,
            requests=requests,
            rps=requests / seconds if seconds > 0 else 0.0,
            error_rate=failures / requests if requests else None,
            latency_ms={p: percentile(latencies, p) for p in PERCENTILES},
            predictions=predictions,
        )


def _latency(value: float) -> float:
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"latency_ms must be a finite number >= 0, not {value!r}")
    return value
