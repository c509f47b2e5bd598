"""The HTTP side: `GET /v1/stats` (the contract's JSON), `GET /metrics` (Prometheus) and `GET /healthz`.

Paths are absolute from the service's root; behind a reverse proxy mounted at a prefix (`/inference/`),
the proxy strips the prefix.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

log = logging.getLogger("pulse_stats.http")


class StatsServer:
    """Serves `document()` and `registry` on host:port (port 0 picks a free one; see `url`)."""

    def __init__(
        self,
        host: str,
        port: int,
        document: Callable[[], dict],
        registry: CollectorRegistry,
        allow_origin: str | None = None,
    ):
        handler = type(
            "Handler",
            (_Handler,),
            {"document": staticmethod(document), "registry": registry, "allow_origin": allow_origin},
        )
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="pulse-http", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    document: Callable[[], dict]
    registry: CollectorRegistry
    allow_origin: str | None

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/v1/stats":
            # allow_nan=False: the contract has no NaN; a NaN here is a bug to see, not to ship.
            body = json.dumps(self.document(), allow_nan=False).encode()
            self._send(200, "application/json", body)
        elif path == "/metrics":
            self._send(200, CONTENT_TYPE_LATEST, generate_latest(self.registry))
        elif path == "/healthz":
            self._send(200, "text/plain; charset=utf-8", b"ok\n")
        else:
            self._send(404, "text/plain; charset=utf-8", b"not found\n")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        # Every answer is a live reading; a cached one would show stale versions and rates.
        self.send_header("Cache-Control", "no-store")
        if self.allow_origin:
            self.send_header("Access-Control-Allow-Origin", self.allow_origin)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        # Prometheus scrapes every few seconds: access lines go to debug, not stderr.
        log.debug("%s " + format, self.address_string(), *args)
