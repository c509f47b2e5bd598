from __future__ import annotations

import random

from conftest import TEXT, VIDEO, Clock

from pulse_stats.config import ModelSpec
from pulse_stats.demo import DemoTraffic, arrivals
from pulse_stats.recorder import Recorder

FUSION = ModelSpec("fusion", "fusion_multimodal_model", 0.80)


def test_arrivals_average_the_rate():
    rng = random.Random(1)
    assert 2900 < sum(arrivals(rng, 5.0, 1.0) for _ in range(600)) < 3100


def test_demo_traffic_is_realistic_and_only_for_served_models():
    clock = Clock()
    recorder = Recorder([TEXT, VIDEO, FUSION], clock=clock)
    recorder.set_served("text", "7", None, 0.86)
    recorder.set_served("video", "3", None, 0.72)
    traffic = DemoTraffic(recorder, seed=3)
    clock.advance(300)
    traffic.step(300)
    text, video, fusion = (m.window for m in recorder.snapshot().models)
    assert fusion.requests == 0
    assert 2 <= video.rps < text.rps <= 10
    assert video.latency_ms[50] > 3 * text.latency_ms[50]
    assert text.latency_ms[99] > 2 * text.latency_ms[50]  # a long tail
    share = text.predictions["unsafe"] / sum(text.predictions.values())
    assert 0.05 < share < 0.11
    assert text.error_rate < 0.02
