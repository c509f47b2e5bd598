#!/usr/bin/env python3
"""Gives the main wasm's JavaScript imports short names, in the wasm and in the glue that defines them.

wasm-bindgen names each import after its function and a 16-digit hash (`__wbg_offsetHeight_91ca9e2be23502e5`), and
the name is written twice: in the wasm's import section and as a key of the glue's import object. Random hex does
not compress, so the ~260 names cost about 3.8 KB of brotli in the wasm and 2.6 KB in the glue, on the first
visit of every page (issue 10). Here they become `a0`, `a1`, ... in both files. Imports from other modules (the
split loader's) keep their names. The wasm's integrity hash in index.html is written again; scripts/minify.mjs,
which runs next, writes the glue's.
Usage: scripts/short_imports.py DIST_DIR
"""
import re
import sys
from pathlib import Path

from sri import sri

GLUE_MODULE = b"./pulse_bg.js"


def leb(data, at):
    """An unsigned LEB128 number at `at`: (value, where the next field starts)."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def uleb(value):
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def skip_limits(body, at):
    flags = body[at]
    _, at = leb(body, at + 1)
    return leb(body, at)[1] if flags & 1 else at


def skip_import_kind(body, at):
    """Past an import's description (function, table, memory or global)."""
    kind, at = body[at], at + 1
    if kind == 0:
        return leb(body, at)[1]
    if kind == 1:
        return skip_limits(body, at + 1)
    if kind == 2:
        return skip_limits(body, at)
    if kind == 3:
        return at + 2
    sys.exit(f"short_imports: unknown import kind {kind}")


def rename_imports(body):
    """The import section with the glue's imports renamed, and the renaming {old: new}."""
    count, at = leb(body, 0)
    out, renamed = bytearray(uleb(count)), {}
    for _ in range(count):
        size, at = leb(body, at)
        module, at = body[at : at + size], at + size
        size, at = leb(body, at)
        name, at = body[at : at + size].decode(), at + size
        start, at = at, skip_import_kind(body, at)
        if module == GLUE_MODULE:
            renamed[name] = name = f"a{len(renamed):x}"
        out += uleb(len(module)) + module + uleb(len(name)) + name.encode() + body[start:at]
    return bytes(out), renamed


def rewrite_wasm(wasm):
    out, at, renamed = bytearray(wasm[:8]), 8, None
    while at < len(wasm):
        section = wasm[at]
        size, start = leb(wasm, at + 1)
        body = wasm[start : start + size]
        if section == 2:
            body, renamed = rename_imports(body)
        out += bytes([section]) + uleb(len(body)) + body
        at = start + size
    if not renamed:
        sys.exit(f"short_imports: no imports from {GLUE_MODULE.decode()} in the wasm")
    return bytes(out), renamed


def rewrite_glue(glue, renamed):
    for old, new in renamed.items():
        # Each import is defined once, as a key of the glue's import object.
        glue, n = re.subn(rf"(?<![\w$]){re.escape(old)}(?=\s*:)", new, glue)
        if n != 1:
            sys.exit(f"short_imports: {old} is a key {n} times in the glue, expected once")
    return glue


def main():
    dist = Path(sys.argv[1])
    wasms = list(dist.glob("pulse-*_bg.wasm"))
    if len(wasms) != 1:
        sys.exit(f"short_imports: expected one pulse-<hash>_bg.wasm in {dist}, found {len(wasms)}")
    wasm_path = wasms[0]
    glue_path = wasm_path.with_name(wasm_path.name.replace("_bg.wasm", ".js"))
    old_wasm = wasm_path.read_bytes()
    wasm, renamed = rewrite_wasm(old_wasm)
    glue = rewrite_glue(glue_path.read_text(), renamed)
    index = dist / "index.html"
    html = index.read_text()
    if html.count(sri(old_wasm)) != 1:
        sys.exit("short_imports: the wasm's integrity hash is not in index.html once")
    index.write_text(html.replace(sri(old_wasm), sri(wasm)))
    wasm_path.write_bytes(wasm)
    glue_path.write_text(glue)
    print(f"short_imports: {len(renamed)} imports renamed, wasm {len(old_wasm)} -> {len(wasm)} bytes")


main()
