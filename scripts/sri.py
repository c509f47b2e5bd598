"""The Subresource Integrity value of a file's bytes, as the integrity attributes in index.html carry it.

Shared by the build's Python steps (scripts/csp_boot.py, scripts/short_imports.py, scripts/split_hook.sh);
scripts/minify.mjs computes the same in Node.
"""
import base64
import hashlib


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
