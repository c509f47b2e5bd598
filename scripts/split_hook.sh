#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml): ships the wasm chunks of the lazy routes and their loader, which
# scripts/bin/wasm-bindgen wrote to target/wasm-bindgen/<profile>/split-dist under content-hashed names, and
# points the loader's import of ./pulse.js at the app's JS as Trunk named it (pulse-<hash>.js). Issue 10.
set -euo pipefail
src="${CARGO_TARGET_DIR:-$TRUNK_SOURCE_DIR/target}/wasm-bindgen/$TRUNK_PROFILE/split-dist"
stage="$TRUNK_STAGING_DIR"
shopt -s nullglob
loaders=("$src"/__wasm_split-*.js)
if [ ${#loaders[@]} -eq 0 ]; then
  echo "split_hook: no split build in $src (is scripts/bin first on PATH? scripts/build.sh puts it there)" >&2
  exit 1
fi
apps=("$stage"/pulse-*.js)
[ ${#apps[@]} -eq 1 ] || { echo "split_hook: expected one pulse-<hash>.js in $stage, found ${#apps[@]}" >&2; exit 1; }
app=$(basename "${apps[0]}")
grep -qF "$(basename "${loaders[0]}")" "${apps[0]}" \
  || { echo "split_hook: $app does not import $(basename "${loaders[0]}")" >&2; exit 1; }
cp "$src"/*.wasm "$stage"/
loader="$stage/$(basename "${loaders[0]}")"
sed 's|from "\./pulse\.js"|from "./'"$app"'"|' "${loaders[0]}" >"$loader"
grep -qF "from \"./$app\"" "$loader" || { echo "split_hook: no import of ./pulse.js in the loader" >&2; exit 1; }
echo "split_hook: $(ls "$src"/*.wasm | wc -l) chunks and $(basename "$loader") (importing $app)"
# Three changes, in one pass over index.html and the loader:
# - The app's JS imports the loader, so the browser would find it only once that JS is fetched and parsed, and the
#   app waited for it after the wasm was in (about 70 ms on localhost): a modulepreload beside Trunk's own fetches it
#   with the rest of the first requests.
# - The pages src/early.js fetches code for ahead of the wasm's start on a first visit (it says which, on which
#   pages) get their chunk files in one pack each: pack_<name>-<hash>.bin, the files one after the other, the largest
#   first. index.html names each pack and its files with their sizes ("name:pack:file/size file/size …;…", in the
#   meta pulse-packs), which is how early.js cuts it. One request instead of one per file: the serving
#   overview's code is 24 files, and HTTP/1.1's six connections per server took them in waves of a round trip each
#   (on a throttled phone, DevTools' Slow 4G, the last came 3.5 s after the first was asked for); and brotli
#   compresses one pack 9% smaller than the files alone.
# - The loader asks early.js for each file (window.__pulseChunk, the file from a pack or undefined) before
#   fetching it itself.
PYTHONPATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)" python3 - "$stage/index.html" "$loader" "$stage" <<'PY'
import hashlib, html, pathlib, re, sys
from sri import sri
index, loader, stage = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
page = index.read_text()

js = loader.read_text()
fetched = r'makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)"'
chunks = dict(re.findall(r"const (__chunk_\d+) = " + fetched, js))
splits = {}
for name, file, deps in re.findall(
    r"export const __wasm_split_load_(\w+) = wrapAsyncCb\(" + fetched + r".*?\n\}\n, \[([^\]]*)\]\)\)", js, re.S
):
    files = [file] + [chunks[d.strip()] for d in deps.split(",") if d.strip()]
    splits[name] = files

fetch_call = r'fetch\(new URL\("\./([^"]+)", import\.meta\.url\)\)'
js, asked = re.subn(fetch_call, r'(globalThis.__pulseChunk?.("\1") ?? fetch(new URL("./\1", import.meta.url)))', js)
if asked != len(chunks) + len(splits):
    sys.exit(f"split_hook: {asked} fetches in {loader.name}, not one per chunk file")
loader.write_text(js)

anchor = '<link rel="modulepreload" href="./pulse-'
if anchor not in page:
    sys.exit("split_hook: no modulepreload of the app's JS in index.html")
tag = f'<link rel="modulepreload" href="./{loader.name}" crossorigin="anonymous" integrity="{sri(loader.read_bytes())}">'
page = page.replace(anchor, tag + anchor, 1)

groups = {"serving": ("serving", "serving_poll"), "pages": ("pages",), "experiments": ("experiments",)}
# The serving overview's build (src/app.rs) has that page in its main wasm: a group none of whose splits this build
# has is no pack; one with only some of them is a mistake.
for group, names in list(groups.items()):
    present = [s for s in names if splits.get(s)]
    if not present:
        print(f"split_hook: no {' or '.join(names)} split in this build (its main wasm has them): no pack of {group}")
        del groups[group]
    elif len(present) < len(names):
        sys.exit(f"split_hook: no split {', '.join(set(names) - set(present))} in {loader.name}")
listed = []
for group, names in groups.items():
    files = sorted({f for s in names for f in splits[s]}, key=lambda f: -(stage / f).stat().st_size)
    blobs = [(stage / f).read_bytes() for f in files]
    pack = b"".join(blobs)
    name = f"pack_{group}-{hashlib.sha256(pack).hexdigest()[:16]}"
    (stage / f"{name}.bin").write_bytes(pack)
    # The files without ".wasm": nothing to escape, and little for a first visit to carry.
    contents = " ".join(f"{f.removesuffix('.wasm')}/{len(b)}" for f, b in zip(files, blobs))
    listed.append(f"{group}:{name}:{contents}")
    print(f"split_hook: {name}.bin, the {len(files)} files of {' and '.join(names)} ({len(pack):,} bytes)")
# Before the first script (early.js, async): in the document by the time it runs.
if "<script" not in page:
    sys.exit("split_hook: no script in index.html")
page = page.replace("<script", f'<meta name="pulse-packs" content="{html.escape(";".join(listed))}"><script', 1)
index.write_text(page)
print(f"split_hook: {loader.name} preloaded from index.html, which names the packs")
PY
