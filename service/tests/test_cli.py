from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from conftest import wait_for
from test_prometheus import free_port

from pulse_stats.config import DEFAULT_MODELS, ModelSpec, parse_models

SERVICE = Path(__file__).resolve().parents[1]


def test_parse_models():
    assert parse_models(DEFAULT_MODELS)[1] == ModelSpec("video", "video_classification_model", 0.70)
    assert parse_models(" a=ns:model:0.5 ,") == [ModelSpec("a", "ns:model", 0.5)]
    for bad in ("text", "text=m", "text=m:high", "text=m:1.5", "=m:0.5", "a=m:0.5,a=n:0.5", ""):
        with pytest.raises(ValueError):
            parse_models(bad)


def test_the_cli_serves_reports_a_missing_registry_and_stops_on_sigterm():
    port = free_port()
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "pulse_stats", "--port", str(port), "--poll-seconds", "0.5"),
            *("--instance", "w-9", "--models", "text=text_classification_model:0.75"),
            *("--mlflow-url", f"http://127.0.0.1:{free_port()}"),  # nothing listens there
        ],
        cwd=SERVICE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()
    try:
        wait_for(lambda: lines, what="the listening line")
        assert lines[0].startswith(f"pulse-stats listening on http://127.0.0.1:{port}")

        def text_model():
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/stats", timeout=5) as response:
                return json.loads(response.read())["models"][0]

        model = wait_for(lambda: (m := text_model())["status"] == "error" and m, what="a registry error")
        assert model["error"].startswith("registry: ") and model["version"] is None
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
