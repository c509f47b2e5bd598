from __future__ import annotations

import pytest
from conftest import TEXT, VIDEO, FakeLoader, FakeRegistry, wait_for

from pulse_stats.policy import APPLY, BELOW_THRESHOLD, NOT_BETTER, NOTHING, SKIP, Decision, Updater, decide
from pulse_stats.recorder import Recorder

RM = TEXT.registered_model


@pytest.mark.parametrize(
    "served, served_f1, candidate, candidate_f1, want",
    [
        ("6", 0.84, "7", 0.86, Decision(APPLY)),
        ("6", 0.84, "7", 0.74, Decision(SKIP, BELOW_THRESHOLD)),
        ("6", 0.84, "7", 0.80, Decision(SKIP, NOT_BETTER)),
        ("6", 0.84, "7", 0.84, Decision(SKIP, NOT_BETTER)),  # a tie does not beat the served version
        ("6", 0.70, "7", 0.75, Decision(APPLY)),  # the threshold itself is reached
        ("6", 0.84, "7", None, Decision(SKIP, BELOW_THRESHOLD)),  # an unknown F1 cannot show it is enough
        ("6", None, "7", 0.80, Decision(APPLY)),  # nothing to beat
        ("7", 0.86, "7", 0.86, Decision(NOTHING)),
        (None, None, "7", 0.86, Decision(APPLY)),  # cold start
        (None, None, "7", 0.50, Decision(APPLY)),  # cold start below threshold: serve something
        (None, None, "7", None, Decision(APPLY)),
    ],
)
def test_decide(served, served_f1, candidate, candidate_f1, want):
    assert decide(served, served_f1, candidate, candidate_f1, 0.75) == want


def wired(models=(TEXT,), frozen=False):
    recorder, registry, loader = Recorder(models), FakeRegistry(), FakeLoader()
    return recorder, registry, loader, Updater(recorder, registry, loader, poll_seconds=0.05, frozen=frozen)


def outcomes(recorder):
    """(outcome, from, to, reason) of every update, oldest first."""
    updates = reversed(recorder.snapshot().updates)
    return [(u.outcome, u.from_version, u.to_version, u.reason) for u in updates]


def test_cold_start_applies_the_first_candidate():
    recorder, registry, loader, updater = wired()
    registry.set(RM, "6", {"6": 0.84})
    updater.poll_once()
    assert outcomes(recorder) == [("applied", None, "6", None)]
    served = recorder.served("text")
    assert (served.version, served.run_id, served.f1, served.status) == ("6", f"run-{RM}-6", 0.84, "ready")
    assert updater.loaded("text") == f"models:/{RM}/6"


def test_cold_start_below_threshold_still_serves():
    recorder, registry, _, updater = wired()
    registry.set(RM, "3", {"3": 0.60})
    updater.poll_once()
    assert outcomes(recorder) == [("applied", None, "3", None)]
    assert recorder.served("text").version == "3"


def test_applies_a_better_version_above_threshold():
    recorder, registry, _, updater = wired()
    registry.set(RM, "6", {"6": 0.84, "7": 0.86})
    updater.poll_once()
    registry.set(RM, "7", {})
    updater.poll_once()
    update = recorder.snapshot().updates[0]
    assert (update.from_version, update.to_version, update.f1_old, update.f1_new) == ("6", "7", 0.84, 0.86)
    assert (update.outcome, update.reason, update.threshold) == ("applied", None, 0.75)
    assert recorder.served("text").version == "7"


@pytest.mark.parametrize("f1, reason", [(0.74, BELOW_THRESHOLD), (0.80, NOT_BETTER)])
def test_skips_are_logged_once_per_candidate(f1, reason):
    recorder, registry, loader, updater = wired()
    registry.set(RM, "6", {"6": 0.84, "7": f1})
    updater.poll_once()
    registry.set(RM, "7", {})
    for _ in range(3):
        updater.poll_once()
    assert outcomes(recorder) == [("applied", None, "6", None), ("skipped", "6", "7", reason)]
    assert recorder.served("text").version == "6"
    assert loader.calls == [(RM, "6")]


def test_a_failed_load_keeps_the_served_version_and_is_logged_once():
    recorder, registry, loader, updater = wired()
    registry.set(RM, "6", {"6": 0.84, "7": 0.90})
    updater.poll_once()
    loader.broken["7"] = "artifact download failed: 404"
    registry.set(RM, "7", {})
    updater.poll_once()
    updater.poll_once()
    assert outcomes(recorder)[-1] == ("failed", "6", "7", "artifact download failed: 404")
    assert len(outcomes(recorder)) == 2
    served = recorder.served("text")
    assert (served.version, served.status, served.error) == ("6", "ready", None)


def test_nothing_to_do_when_the_candidate_is_served():
    recorder, registry, loader, updater = wired()
    registry.set(RM, "6", {"6": 0.84})
    for _ in range(3):
        updater.poll_once()
    assert len(outcomes(recorder)) == 1
    assert loader.calls == [(RM, "6")]


def test_a_failed_cold_start_is_an_error_and_retried_quietly():
    recorder, registry, loader, updater = wired()
    registry.set(RM, "6", {"6": 0.84})
    loader.broken["6"] = "no such file"
    updater.poll_once()
    updater.poll_once()
    served = recorder.served("text")
    assert (served.version, served.status, served.error) == (None, "error", "no such file")
    assert outcomes(recorder) == [("failed", None, "6", "no such file")]
    del loader.broken["6"]
    updater.poll_once()
    assert outcomes(recorder)[-1] == ("applied", None, "6", None)
    assert recorder.served("text").status == "ready"
    assert loader.calls == [(RM, "6")] * 3


def test_frozen_keeps_the_first_version():
    recorder, registry, loader, updater = wired(frozen=True)
    registry.set(RM, "6", {"6": 0.84, "7": 0.95})
    updater.poll_once()
    registry.set(RM, "7", {})
    updater.poll_once()
    assert recorder.served("text").version == "6"
    assert outcomes(recorder) == [("applied", None, "6", None)]


def test_registry_trouble_is_an_error_only_when_nothing_is_served():
    recorder, registry, _, updater = wired(models=(TEXT, VIDEO))
    registry.set(RM, "6", {"6": 0.84})  # the video model is not registered at all
    updater.poll_once()
    video = recorder.served("video")
    assert video.status == "error" and "not found" in video.error
    registry.down = True
    updater.poll_once()
    assert recorder.served("text").status == "ready"
    assert "connection refused" in recorder.served("video").error


def test_a_model_without_versions_is_an_error():
    recorder, registry, _, updater = wired()
    registry.set(RM, None, {})
    updater.poll_once()
    assert recorder.served("text").error == f"no version of {RM} in the registry"


def test_the_thread_follows_the_registry():
    recorder, registry, _, updater = wired()
    registry.set(RM, "6", {"6": 0.84, "7": 0.88})
    updater.start()
    try:
        wait_for(lambda: recorder.served("text").version == "6", what="version 6")
        registry.set(RM, "7", {})
        wait_for(lambda: recorder.served("text").version == "7", what="version 7")
    finally:
        updater.stop()
