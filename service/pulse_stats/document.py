"""The stats document, contract `pulse.inference-stats/v1` (docs/inference-stats.md), from a snapshot."""

from __future__ import annotations

from datetime import datetime, timezone

from .config import Policy
from .recorder import ModelSnapshot, Snapshot, Update

SCHEMA = "pulse.inference-stats/v1"


def rfc3339(seconds: float | None) -> str | None:
    """UTC with milliseconds and a `Z`, e.g. `2026-01-29T10:00:00.123Z`."""
    if seconds is None:
        return None
    ms = int(round(seconds * 1000))
    whole = datetime.fromtimestamp(ms // 1000, timezone.utc)
    return f"{whole:%Y-%m-%dT%H:%M:%S}.{ms % 1000:03d}Z"


def build(snapshot: Snapshot, policy: Policy, name: str, instance: str) -> dict:
    return {
        "schema": SCHEMA,
        "generated_at": rfc3339(snapshot.at),
        "service": {"name": name, "instance": instance, "started_at": rfc3339(snapshot.started_at)},
        "policy": policy.as_json(),
        "models": [_model(m) for m in snapshot.models],
        "updates": [_update(u) for u in snapshot.updates],
    }


def _model(m: ModelSnapshot) -> dict:
    w = m.window
    return {
        "key": m.spec.key,
        "registered_model": m.spec.registered_model,
        "version": m.served.version,
        "run_id": m.served.run_id,
        "f1": m.served.f1,
        "threshold": m.spec.threshold,
        "status": m.served.status,
        "error": m.served.error,
        "loaded_at": rfc3339(m.served.loaded_at),
        "totals": {"requests": m.requests, "failures": m.failures},
        "window": {
            "seconds": round(w.seconds, 3),
            "requests": w.requests,
            "rps": round(w.rps, 3),
            "error_rate": None if w.error_rate is None else round(w.error_rate, 6),
            "latency_ms": {f"p{p}": v for p, v in w.latency_ms.items()},
        },
        "predictions": dict(sorted(w.predictions.items())),
    }


def _update(u: Update) -> dict:
    return {
        "at": rfc3339(u.at),
        "model": u.model,
        "registered_model": u.registered_model,
        "from_version": u.from_version,
        "to_version": u.to_version,
        "f1_old": u.f1_old,
        "f1_new": u.f1_new,
        "threshold": u.threshold,
        "outcome": u.outcome,
        "reason": u.reason,
    }
