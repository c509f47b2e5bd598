"""Synthetic traffic for demos: Poisson arrivals, lognormal latencies (a long right tail, video slowest),
an occasional failure and a per-model mix of `safe`/`unsafe` predictions, recorded like a real service
would. Only models that serve a version get traffic."""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass

from .recorder import Recorder


@dataclass(frozen=True)
class Profile:
    rps: float  # mean requests per second
    median_ms: float  # lognormal median latency
    sigma: float  # lognormal shape: 0.6 puts p99 at about 4x the median
    unsafe: float  # share of `unsafe` predictions
    failure: float = 0.005


PROFILES = {
    "text": Profile(rps=8.0, median_ms=14.0, sigma=0.55, unsafe=0.08),
    "video": Profile(rps=3.0, median_ms=90.0, sigma=0.7, unsafe=0.12),
    "fusion": Profile(rps=5.0, median_ms=40.0, sigma=0.6, unsafe=0.05),
}
OTHER = Profile(rps=4.0, median_ms=25.0, sigma=0.6, unsafe=0.1)


def arrivals(rng: random.Random, rps: float, seconds: float) -> int:
    """How many requests of a Poisson process at `rps` fall in `seconds`."""
    count, t = 0, rng.expovariate(rps)
    while t < seconds:
        count += 1
        t += rng.expovariate(rps)
    return count


def one_request(recorder: Recorder, key: str, profile: Profile, rng: random.Random) -> None:
    latency = round(rng.lognormvariate(math.log(profile.median_ms), profile.sigma), 1)
    if rng.random() < profile.failure:
        recorder.record_failure(key, latency)
    else:
        label = "unsafe" if rng.random() < profile.unsafe else "safe"
        recorder.record_prediction(key, latency, label)


class DemoTraffic:
    """Records synthetic requests every `tick` seconds on a daemon thread until `stop()`."""

    def __init__(self, recorder: Recorder, *, seed: int = 7, tick: float = 0.2):
        self.recorder = recorder
        self.rng = random.Random(seed)
        self.tick = tick
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pulse-demo-traffic", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def step(self, seconds: float) -> None:
        """The requests of `seconds` of traffic, all at once."""
        for spec in self.recorder.specs:
            if self.recorder.served(spec.key).version is None:
                continue
            profile = PROFILES.get(spec.key, OTHER)
            for _ in range(arrivals(self.rng, profile.rps, seconds)):
                one_request(self.recorder, spec.key, profile, self.rng)

    def _run(self) -> None:
        while not self._stop.wait(self.tick):
            self.step(self.tick)
