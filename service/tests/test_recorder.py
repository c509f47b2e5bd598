from __future__ import annotations

import threading

import pytest
from conftest import TEXT, VIDEO

from pulse_stats.recorder import Recorder, Update, percentile


def window(recorder, key="text"):
    return next(m for m in recorder.snapshot().models if m.spec.key == key).window


@pytest.mark.parametrize(
    "values, want",
    [
        (list(range(1, 101)), {50: 50, 90: 90, 95: 95, 99: 99}),
        ([10, 20, 30, 40], {50: 20, 90: 40, 95: 40, 99: 40}),
        ([15, 20, 35, 40, 50], {50: 35, 90: 50, 95: 50, 99: 50}),  # the textbook nearest-rank example
        (list(range(1, 21)), {50: 10, 90: 18, 95: 19, 99: 20}),
        ([7], {50: 7, 90: 7, 95: 7, 99: 7}),
        ([], {50: None, 90: None, 95: None, 99: None}),
    ],
)
def test_nearest_rank_percentiles(values, want):
    assert {p: percentile(sorted(values), p) for p in want} == want


def test_window_arithmetic(clock):
    recorder = Recorder([TEXT], clock=clock)
    clock.advance(60)
    for i in range(100):  # latencies 1..100 ms, 4 of them failures
        if i % 25 == 0:
            recorder.record_failure("text", i + 1)
        else:
            recorder.record_prediction("text", i + 1, "unsafe" if i % 10 == 1 else "safe")
    w = window(recorder)
    # One minute since start: the window is that minute, not the full 300 s.
    assert (w.seconds, w.requests, w.error_rate) == (60, 100, 0.04)
    assert w.rps == pytest.approx(100 / 60)
    assert w.latency_ms == {50: 50, 90: 90, 95: 95, 99: 99}
    assert w.predictions == {"safe": 86, "unsafe": 10}
    clock.advance(600)
    assert window(recorder).seconds == 300


def test_failures_without_latency_count_but_have_no_percentile(clock):
    recorder = Recorder([TEXT], clock=clock)
    clock.advance(10)
    recorder.record_failure("text")
    recorder.record_failure("text")
    w = window(recorder)
    assert (w.requests, w.error_rate, w.rps, w.predictions) == (2, 1.0, 0.2, {})
    assert set(w.latency_ms.values()) == {None}


def test_window_expiry(clock):
    recorder = Recorder([TEXT], window_seconds=300, clock=clock)
    recorder.record_prediction("text", 10, "safe")
    clock.advance(200)
    recorder.record_prediction("text", 20, "unsafe")
    clock.advance(150)  # the first request is 350 s old, the second 150 s
    w = window(recorder)
    assert (w.requests, w.latency_ms[50], w.predictions) == (1, 20, {"unsafe": 1})
    clock.advance(150)
    empty = window(recorder)
    assert (empty.seconds, empty.requests, empty.rps, empty.error_rate) == (300, 0, 0.0, None)
    assert set(empty.latency_ms.values()) == {None}
    snapshot = recorder.snapshot().models[0]
    assert (snapshot.requests, snapshot.failures) == (2, 0)  # totals never expire


def test_the_sample_cap_shortens_the_window_instead_of_undercounting(clock):
    recorder = Recorder([TEXT], max_samples=10, clock=clock)
    clock.advance(100)
    for _ in range(20):
        recorder.record_prediction("text", 5, "safe")
        clock.advance(1)
    w = window(recorder)
    # The 10 requests kept span t=110..119, recorded after the one dropped at t=109, read at t=120.
    assert (w.requests, w.seconds, w.rps) == (10, 11, 10 / 11)


def test_served_state_and_version_changes(clock):
    recorder = Recorder([TEXT, VIDEO], clock=clock)
    assert recorder.served("text").status == "loading"
    recorder.set_served("text", "7", "abc", 0.86)
    recorder.set_status("text", "loading")
    served = recorder.served("text")
    assert (served.version, served.run_id, served.f1, served.status, served.loaded_at) == (
        "7",
        "abc",
        0.86,
        "loading",
        clock.t,
    )
    with pytest.raises(ValueError):
        recorder.set_status("text", "busy")


def test_updates_are_bounded_and_newest_first(clock):
    recorder = Recorder([TEXT], max_updates=3, clock=clock)
    for v in range(1, 6):
        update = Update(clock.t, "text", TEXT.registered_model, None, str(v), None, 0.8, 0.75, "applied")
        recorder.record_update(update)
    assert [u.to_version for u in recorder.snapshot().updates] == ["5", "4", "3"]


def test_bad_input_is_refused(clock):
    recorder = Recorder([TEXT], clock=clock)
    for bad in (-1, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            recorder.record_prediction("text", bad, "safe")
    with pytest.raises(KeyError):
        recorder.record_prediction("audio", 5, "safe")


def test_concurrent_recording_loses_nothing():
    recorder = Recorder([TEXT])

    def hammer():
        for _ in range(2000):
            recorder.record_prediction("text", 3, "safe")
            recorder.record_failure("text", 4)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    model = recorder.snapshot().models[0]
    assert (model.requests, model.failures, model.window.requests) == (16000, 8000, 16000)
