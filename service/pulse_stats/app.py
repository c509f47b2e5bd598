"""The whole reference service wired together: recorder, updater, HTTP server and optional demo traffic."""

from __future__ import annotations

from .config import ModelSpec, Policy
from .demo import DemoTraffic
from .document import build
from .policy import Loader, Registry, Updater
from .recorder import Recorder
from .server import StatsServer


class App:
    def __init__(
        self,
        models: list[ModelSpec],
        policy: Policy,
        registry: Registry,
        loader: Loader,
        *,
        host: str = "127.0.0.1",
        port: int = 8090,
        name: str = "stream-classifier",
        instance: str = "worker-1",
        frozen: bool = False,
        demo_traffic: bool = False,
        allow_origin: str | None = None,
    ):
        self.recorder = Recorder(models)
        self.updater = Updater(
            self.recorder, registry, loader, poll_seconds=policy.poll_seconds, frozen=frozen
        )
        self.server = StatsServer(
            host,
            port,
            lambda: build(self.recorder.snapshot(), policy, name, instance),
            self.recorder.metrics.registry,
            allow_origin,
        )
        self.traffic = DemoTraffic(self.recorder) if demo_traffic else None

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> None:
        self.server.start()
        self.updater.start()
        if self.traffic:
            self.traffic.start()

    def stop(self) -> None:
        if self.traffic:
            self.traffic.stop()
        self.updater.stop()
        self.server.stop()
