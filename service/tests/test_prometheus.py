"""Debian's Prometheus scrapes a running service every second; the served version and the request rate are
read back through Prometheus's query API, as a dashboard would."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import urllib.request
from urllib.parse import quote

import pytest
from conftest import TEXT, FakeLoader, FakeRegistry, wait_for

from pulse_stats.app import App
from pulse_stats.config import Policy


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def prometheus(tmp_path):
    """Starts Prometheus on a free port scraping `target` (host:port); yields a query function."""
    assert shutil.which("prometheus"), "prometheus is missing: run scripts/setup.sh (Debian's prometheus)"
    procs = []

    def start(target: str):
        config = tmp_path / "prometheus.yml"
        config.write_text(
            "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
            f"scrape_configs:\n  - job_name: pulse\n    static_configs: [{{targets: ['{target}']}}]\n"
        )
        url = f"http://127.0.0.1:{free_port()}"
        with open(tmp_path / "prometheus.log", "wb") as log:  # kept for a failing run's tmp dir
            procs.append(
                subprocess.Popen(
                    [
                        "prometheus",
                        f"--config.file={config}",
                        f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                        f"--web.listen-address={url.removeprefix('http://')}",
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        wait_for(lambda: _get(url + "/-/ready") is not None, what="prometheus ready")
        return lambda q: json.loads(_get(f"{url}/api/v1/query?query={quote(q)}"))["data"]["result"]

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(10)


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except OSError:  # not listening yet, or not ready (503)
        return None


def test_prometheus_reads_the_served_version_and_the_rate(prometheus):
    registry = FakeRegistry()
    registry.set(TEXT.registered_model, "7", {"7": 0.86, "8": 0.9})
    app = App([TEXT], Policy(poll_seconds=0.2), registry, FakeLoader(), port=0, demo_traffic=True)
    app.start()
    try:
        query = prometheus(app.url.removeprefix("http://"))

        def served_versions():
            return [r["metric"]["version"] for r in query('pulse_served_version_info{model="text"}')]

        wait_for(lambda: served_versions() == ["7"], what="version 7 in prometheus")
        rate = wait_for(
            lambda: query('rate(pulse_inference_requests_total{model="text"}[5s]) > 0'), what="a request rate"
        )
        assert rate[0]["metric"]["version"] == "7" and float(rate[0]["value"][1]) > 0
        registry.set(TEXT.registered_model, "8", {})
        wait_for(lambda: served_versions() == ["8"], what="version 8 replacing 7 in prometheus")
    finally:
        app.stop()
