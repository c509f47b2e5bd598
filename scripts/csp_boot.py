#!/usr/bin/env python3
"""Makes dist/index.html work under a Content-Security-Policy without 'unsafe-inline', at any path.

Trunk writes its wasm bootstrap as an inline <script type="module">; this moves it into a file named by its
content hash (cached as immutable like every hashed asset) and loads it with an integrity check. The build uses
a relative public URL (./) so every asset resolves against <base href>; this sets <base href="/"> (the root), which
nginx rewrites when Pulse is served under a sub-path (deploy/nginx.conf.template).
Usage: scripts/csp_boot.py DIST_DIR
"""
import hashlib
import re
import sys
from pathlib import Path

from sri import sri

dist = Path(sys.argv[1])
index = dist / "index.html"
html = index.read_text()

inline = re.compile(r'<script type="module"(?P<attrs>[^>]*)>(?P<body>.*?)</script>', re.S)
scripts = [m for m in inline.finditer(html) if "src=" not in m.group("attrs")]
if len(scripts) != 1:
    sys.exit(f"csp_boot: expected Trunk's one inline module script in {index}, found {len(scripts)}")
body = scripts[0].group("body").strip() + "\n"
data = body.encode()
name = f"boot-{hashlib.sha256(data).hexdigest()[:16]}.js"
(dist / name).write_bytes(data)
tag = f'<script type="module" src="./{name}" integrity="{sri(data)}" crossorigin="anonymous"></script>'
html = html[: scripts[0].start()] + tag + html[scripts[0].end():]

if re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html):
    sys.exit("csp_boot: index.html still has an inline script; the CSP would refuse it")
html, n = re.subn(r'<base href="[^"]*"', '<base href="/"', html, count=1)
if n != 1:
    sys.exit("csp_boot: no <base href> in index.html")
index.write_text(html)
print(f"csp_boot: bootstrap moved to {name}")
