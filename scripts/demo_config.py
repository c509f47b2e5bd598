#!/usr/bin/env python3
"""Prints the demo's config.json (public/config.json: its models' thresholds) with some keys set.

Usage: demo_config.py KEY=JSON...   e.g. demo_config.py 'mlflow_ui_url="http://127.0.0.1:5000"' 'stats_url=""'
Used by demo.sh and bench.sh (the e2e harness reads public/config.json itself), so every stack seeded with the
demo data shows its thresholds.
"""

import json
import pathlib
import sys

config = json.loads((pathlib.Path(__file__).resolve().parent.parent / "public/config.json").read_text())
for arg in sys.argv[1:]:
    key, _, value = arg.partition("=")
    config[key] = json.loads(value)
print(json.dumps(config, indent=2))
