"""What the service serves and how it follows the registry: the served models and the update policy."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelSpec:
    """One served model: the service's short key, its registered model in MLflow, and the F1 a version must
    reach to be swapped in."""

    key: str
    registered_model: str
    threshold: float


@dataclass(frozen=True)
class Policy:
    """How the updater picks versions: the metric it compares by, how often it polls, and the registry
    target it follows (the alias's holder, else the latest version in `stage`, else the latest version)."""

    metric: str = "eval_f1"
    poll_seconds: float = 60.0
    alias: str | None = "champion"
    stage: str | None = None

    def as_json(self) -> dict:
        return {
            "metric": self.metric,
            "poll_seconds": self.poll_seconds,
            "alias": self.alias,
            "stage": self.stage,
        }


DEFAULT_MODELS = (
    "text=text_classification_model:0.75,"
    "video=video_classification_model:0.70,"
    "fusion=fusion_multimodal_model:0.80"
)


def parse_models(text: str) -> list[ModelSpec]:
    """Reads `key=registered_model:threshold,...`; raises ValueError with the offending entry."""
    specs = []
    for entry in filter(None, (e.strip() for e in text.split(","))):
        key, sep, rest = entry.partition("=")
        name, sep2, threshold = rest.rpartition(":")
        try:
            value = float(threshold)
        except ValueError:
            value = None
        if not (sep and sep2 and key.strip() and name.strip()) or value is None or not 0 <= value <= 1:
            raise ValueError(f"bad model entry {entry!r}: want key=registered_model:threshold in [0, 1]")
        specs.append(ModelSpec(key.strip(), name.strip(), value))
    if len({s.key for s in specs}) != len(specs):
        raise ValueError("model keys must be unique")
    if not specs:
        raise ValueError("no models given")
    return specs
