"""The Prometheus side of the recorder: the same figures as the stats document, as counters, a histogram
and gauges in a registry of their own (not prometheus_client's global one), so several recorders, e.g. in
tests, never collide and `/metrics` shows only this service's series."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

# Seconds, as Prometheus prefers; from 2.5 ms to 10 s covers a text model's median and a video model's tail.
LATENCY_BUCKETS = (0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """Counters and gauges the recorder updates as it records. `version` labels are the served version at
    the time of the request, empty before a version is loaded."""

    def __init__(self, registry: CollectorRegistry | None = None):
        self.registry = registry or CollectorRegistry()
        r = self.registry
        by_version = ["model", "version"]
        self.requests = Counter(
            "pulse_inference_requests", "Requests answered, failed ones included.", by_version, registry=r
        )
        self.failures = Counter("pulse_inference_failures", "Requests that failed.", by_version, registry=r)
        self.latency = Histogram(
            "pulse_inference_latency_seconds",
            "Request latency, of requests that reported one.",
            ["model"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.served_info = Gauge(
            "pulse_served_version_info",
            "1 for the version each model serves.",
            ["model", "registered_model", "version"],
            registry=r,
        )
        self.served_f1 = Gauge(
            "pulse_served_f1", "F1 of the served version.", ["model", "registered_model"], registry=r
        )
        self.decisions = Counter(
            "pulse_update_decisions",
            "Update decisions by outcome (applied, skipped, failed).",
            ["model", "outcome"],
            registry=r,
        )

    def request(self, model: str, version: str | None, latency_ms: float | None, failed: bool) -> None:
        self.requests.labels(model, version or "").inc()
        if failed:
            self.failures.labels(model, version or "").inc()
        if latency_ms is not None:
            self.latency.labels(model).observe(latency_ms / 1000)

    def served(self, model: str, registered_model: str, old: str | None, new: str, f1: float | None) -> None:
        if old is not None and old != new:
            # A stale series would claim the old version is still served.
            self.served_info.remove(model, registered_model, old)
        self.served_info.labels(model, registered_model, new).set(1)
        if f1 is None:
            # No F1 is not an F1 of 0: leave the series out (remove ignores a missing one).
            self.served_f1.remove(model, registered_model)
        else:
            self.served_f1.labels(model, registered_model).set(f1)

    def decision(self, model: str, outcome: str) -> None:
        self.decisions.labels(model, outcome).inc()
