"""Reference implementation of the `pulse.inference-stats/v1` endpoint for a model-serving service.

Embed the `Recorder` in your service (call it on every request), let the `Updater` follow the MLflow
registry, and serve both with `StatsServer`; `python -m pulse_stats` runs all of it. See service/README.md.
"""

from .config import ModelSpec, Policy, parse_models
from .document import SCHEMA, build
from .policy import Candidate, Decision, Updater, decide
from .recorder import Recorder, Update
from .server import StatsServer

__all__ = [
    "SCHEMA",
    "Candidate",
    "Decision",
    "ModelSpec",
    "Policy",
    "Recorder",
    "StatsServer",
    "Update",
    "Updater",
    "build",
    "decide",
    "parse_models",
]
