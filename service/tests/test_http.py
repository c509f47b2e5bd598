"""The HTTP endpoints of a whole service (fake registry, real server on a free port)."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest
from conftest import TEXT, VIDEO, FakeLoader, FakeRegistry, wait_for
from test_document import errors

from pulse_stats.app import App
from pulse_stats.config import Policy


@pytest.fixture
def app():
    registry, loader = FakeRegistry(), FakeLoader()
    registry.set(TEXT.registered_model, "7", {"7": 0.86})
    registry.set(VIDEO.registered_model, "2", {"2": None})
    app = App([TEXT, VIDEO], Policy(poll_seconds=0.1), registry, loader, port=0)
    app.start()
    wait_for(lambda: app.recorder.served("video").version, what="both models loaded")
    yield app
    app.stop()


def get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


def test_stats(app):
    app.recorder.record_prediction("text", 12.5, "safe")
    app.recorder.record_failure("video")
    status, headers, body = get(app.url + "/v1/stats")
    assert status == 200
    assert (headers["Content-Type"], headers["Cache-Control"]) == ("application/json", "no-store")
    doc = json.loads(body)
    assert errors(doc) == []
    models = [(m["key"], m["version"], m["totals"]["requests"]) for m in doc["models"]]
    assert models == [("text", "7", 1), ("video", "2", 1)]


def test_health_and_unknown_paths(app):
    assert get(app.url + "/healthz")[2] == b"ok\n"
    with pytest.raises(urllib.error.HTTPError) as e:
        get(app.url + "/v1/nothing")
    assert e.value.code == 404


def test_metrics_pass_promtool(app):
    app.recorder.record_prediction("text", 12.5, "safe")
    app.recorder.record_failure("text", 80)
    status, headers, body = get(app.url + "/metrics")
    text = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    for line in (
        'pulse_served_version_info{model="text",registered_model="text_classification_model",version="7"} 1.0',
        'pulse_inference_requests_total{model="text",version="7"} 2.0',
        'pulse_inference_failures_total{model="text",version="7"} 1.0',
        'pulse_served_f1{model="text",registered_model="text_classification_model"} 0.86',
        'pulse_update_decisions_total{model="video",outcome="applied"} 1.0',
        'pulse_inference_latency_seconds_bucket{le="0.025",model="text"} 1.0',
    ):
        assert line in text
    assert 'pulse_served_f1{model="video"' not in text  # unknown, not 0
    assert shutil.which("promtool"), "promtool is missing: run scripts/setup.sh (Debian package prometheus)"
    check = subprocess.run(["promtool", "check", "metrics"], input=body, capture_output=True, timeout=30)
    assert (check.returncode, check.stdout + check.stderr) == (0, b"")
