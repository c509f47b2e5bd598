"""The update policy: whether to swap a served model for the registry's candidate, and the thread that polls
the registry, loads what the policy accepts and reports every decision to the recorder."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable, Protocol

from .config import ModelSpec
from .recorder import Recorder, Update

log = logging.getLogger("pulse_stats.updater")

APPLY, SKIP, NOTHING = "apply", "skip", "nothing"
BELOW_THRESHOLD = "below threshold"
NOT_BETTER = "not better than served"


@dataclass(frozen=True)
class Decision:
    action: str  # APPLY, SKIP or NOTHING
    reason: str | None = None  # why, for SKIP


def decide(
    served_version: str | None,
    served_f1: float | None,
    candidate_version: str,
    candidate_f1: float | None,
    threshold: float,
) -> Decision:
    """Swap in the candidate when its F1 reaches the threshold and beats the served version's F1.

    An unknown candidate F1 counts as below the threshold; an unknown served F1 is beaten by any candidate
    that reaches the threshold. With nothing served (a cold start) the candidate is applied whatever its F1:
    a service must serve something, and the served F1 then shows it is below the threshold."""
    if candidate_version == served_version:
        return Decision(NOTHING)
    if served_version is None:
        return Decision(APPLY)
    if candidate_f1 is None or candidate_f1 < threshold:
        return Decision(SKIP, BELOW_THRESHOLD)
    if served_f1 is not None and candidate_f1 <= served_f1:
        return Decision(SKIP, NOT_BETTER)
    return Decision(APPLY)


@dataclass(frozen=True)
class Candidate:
    """A registry version as the policy sees it."""

    version: str
    run_id: str | None
    f1: float | None


class Registry(Protocol):
    """Read access to the model registry; `MlflowRegistry` is the MLflow-backed one."""

    def target(self, registered_model: str) -> str | None:
        """The version the policy's alias/stage points at, else the latest; None without versions."""

    def describe(self, registered_model: str, version: str) -> Candidate:
        """The version's run and F1."""


# Loads a version and returns whatever the serving code needs (a model object, a path...); raising means
# the load failed, and the exception's text becomes the decision's reason.
Loader = Callable[[str, str], object]


class Updater:
    """Polls the registry every `poll_seconds` and applies the policy to every model of the recorder.

    Each candidate version is decided once: a skip or a failure is logged the first time and not again on
    later polls, until the registry points at another version. Only a cold start (nothing served yet) retries
    a failed load on every poll, quietly. With `frozen`, a model is never updated after its first load."""

    def __init__(
        self,
        recorder: Recorder,
        registry: Registry,
        loader: Loader,
        *,
        poll_seconds: float = 60.0,
        frozen: bool = False,
    ):
        self.recorder = recorder
        self.registry = registry
        self.loader = loader
        self.poll_seconds = poll_seconds
        self.frozen = frozen
        self._served: dict[str, Candidate] = {}
        self._loaded: dict[str, object] = {}
        self._decided: set[tuple[str, str]] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def loaded(self, key: str) -> object | None:
        """What the loader returned for the version model `key` serves, None before one is loaded."""
        return self._loaded.get(key)

    def poll_once(self) -> None:
        for spec in self.recorder.specs:
            self._poll(spec)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="pulse-updater", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        # Short: a poll stuck on an unanswering registry must not hold up the process's exit (the thread is a
        # daemon, so it ends with the process).
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            try:
                self.poll_once()
            except Exception:  # a bug in one poll must not end the updater silently
                log.exception("update poll failed")
            if self._stop.wait(self.poll_seconds):
                return

    def _poll(self, spec: ModelSpec) -> None:
        served = self._served.get(spec.key)
        if self.frozen and served is not None:
            return
        try:
            version = self.registry.target(spec.registered_model)
            if version is None:
                self._registry_trouble(spec, served, f"no version of {spec.registered_model} in the registry")
                return
            version = str(version)
            if served is not None and (version == served.version or (spec.key, version) in self._decided):
                return
            candidate = self.registry.describe(spec.registered_model, version)
        except Exception as e:  # registry down or model missing: try again next poll
            self._registry_trouble(spec, served, f"registry: {e}")
            return
        decision = decide(
            served.version if served else None,
            served.f1 if served else None,
            candidate.version,
            candidate.f1,
            spec.threshold,
        )
        if decision.action == SKIP:
            self._decided.add((spec.key, candidate.version))
            self._report(spec, served, candidate, "skipped", decision.reason)
        elif decision.action == APPLY:
            self._load(spec, served, candidate)

    def _registry_trouble(self, spec: ModelSpec, served: Candidate | None, message: str) -> None:
        log.warning("%s: %s", spec.key, message)
        # A served model keeps serving; only a model with nothing to serve is in error.
        if served is None:
            self.recorder.set_status(spec.key, "error", message)

    def _load(self, spec: ModelSpec, served: Candidate | None, candidate: Candidate) -> None:
        first_try = (spec.key, candidate.version) not in self._decided
        self._decided.add((spec.key, candidate.version))
        self.recorder.set_status(spec.key, "loading")
        try:
            loaded = self.loader(spec.registered_model, candidate.version)
        except Exception as e:
            reason = str(e) or type(e).__name__
            if served is None:
                self.recorder.set_status(spec.key, "error", reason)
            else:
                self.recorder.set_status(spec.key, "ready")  # the served version never stopped serving
            if first_try:
                self._report(spec, served, candidate, "failed", reason)
            return
        self._loaded[spec.key] = loaded
        self._served[spec.key] = candidate
        self.recorder.set_served(spec.key, candidate.version, candidate.run_id, candidate.f1)
        self._report(spec, served, candidate, "applied", None)

    def _report(
        self,
        spec: ModelSpec,
        served: Candidate | None,
        candidate: Candidate,
        outcome: str,
        reason: str | None,
    ) -> None:
        update = Update(
            at=self.recorder.now(),
            model=spec.key,
            registered_model=spec.registered_model,
            from_version=served.version if served else None,
            to_version=candidate.version,
            f1_old=served.f1 if served else None,
            f1_new=candidate.f1,
            threshold=spec.threshold,
            outcome=outcome,
            reason=reason,
        )
        log.info(
            "%s: %s version %s (F1 %s, threshold %s; served: %s, F1 %s)%s",
            spec.key,
            outcome,
            update.to_version,
            update.f1_new,
            spec.threshold,
            update.from_version or "nothing",
            update.f1_old,
            f": {reason}" if reason else "",
        )
        self.recorder.record_update(update)
