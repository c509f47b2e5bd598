"""A team's Streamlit dashboard with Pulse embedded: the live serving overview and a model's page, next to
native Streamlit widgets that read the same MLflow.

Run it (with Pulse and MLflow up, e.g. `make demo`):  bash examples/streamlit/run.sh
Settings, from the environment:
  PULSE_URL   where Pulse is served, as the browser reaches it (default http://127.0.0.1:8080). Pulse's nginx
              must let this app's origin frame it: CSP frame-ancestors, @FRAME_ANCESTORS@ in
              deploy/nginx.conf.template (scripts/nginx.sh: FRAME_ANCESTORS="'self' http://127.0.0.1:8501").
  MLFLOW_URL  MLflow as this Streamlit server reaches it, for the native widgets (default http://127.0.0.1:5000).

What the embedding has to get right:
- `?embed=1`: Pulse hides its header, renders compactly, is read-only (unless config.json's
  `embed_allow_writes`), and opens links that leave the view in a new tab: Streamlit's iframe sandbox allows
  scripts, same-origin, popups and downloads but not navigating the top page.
- `?theme=`: an iframe cannot see Streamlit's theme, so the app passes it from `st.context.theme.type`.
- An explicit height: Streamlit cannot measure a page on another origin (`height="content"` falls back to a
  fixed few hundred pixels), and `components.v1.iframe` defaults to 150 px and crops unless `scrolling=True`.
  Pulse scrolls inside its frame when the view is taller.
"""

import json
import os
import urllib.error
import urllib.parse
import urllib.request

import streamlit as st

PULSE_URL = os.environ.get("PULSE_URL", "http://127.0.0.1:8080").rstrip("/")
MLFLOW_URL = os.environ.get("MLFLOW_URL", "http://127.0.0.1:5000").rstrip("/")

# Frame heights, in CSS pixels: the serving overview of three models shows its cards and alerts in 900 px (its
# charts and update history scroll inside the frame); a model page shows its F1 chart and the versions table in 720.
SERVING_HEIGHT = 900
MODEL_HEIGHT = 720


def pulse_url(path: str) -> str:
    """Pulse's page at `path`, embedded and in Streamlit's current theme."""
    query = {"embed": "1"}
    theme = st.context.theme.type  # "light" or "dark" (None before the browser has told the server)
    if theme in ("light", "dark"):
        query["theme"] = theme
    return f"{PULSE_URL}/{path.lstrip('/')}?{urllib.parse.urlencode(query)}"


@st.cache_data(ttl=30, show_spinner=False)
def registered_models() -> list[dict]:
    """The registry's models (name, latest versions), straight from MLflow's REST API."""
    url = f"{MLFLOW_URL}/api/2.0/mlflow/registered-models/search?max_results=100"
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response).get("registered_models", [])


st.set_page_config(page_title="Model quality · team dashboard", layout="wide")
st.title("Model quality")
st.caption(f"Native Streamlit widgets read MLflow at {MLFLOW_URL}; the panels below are Pulse, from {PULSE_URL}.")

try:
    models = registered_models()
except (urllib.error.URLError, OSError, ValueError) as e:
    st.error(f"MLflow at {MLFLOW_URL} did not answer ({e}). Start it, or set MLFLOW_URL.")
    models = []

names = sorted(m["name"] for m in models)
versions = sum(len(m.get("latest_versions", [])) for m in models)
left, right = st.columns(2)
left.metric("Registered models", len(names))
right.metric("Latest versions (all stages)", versions)

st.subheader("Serving now")
st.iframe(pulse_url("/serving"), height=SERVING_HEIGHT, alt="Pulse: live serving overview")

st.subheader("A model")
if names:
    name = st.selectbox("Model", names)
    st.iframe(
        pulse_url(f"/models/{urllib.parse.quote(name, safe='')}"),
        height=MODEL_HEIGHT,
        alt=f"Pulse: registered model {name}",
    )
else:
    st.info("No registered models yet.")
