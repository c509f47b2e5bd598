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
# Two additions to index.html, in one pass over it:
# - The app's JS imports the loader, so the browser would find it only once that JS is fetched and parsed, and the
#   app waited for it after the wasm was in (about 70 ms on localhost): a modulepreload beside Trunk's own fetches it
#   with the rest of the first requests.
# - The files of the chunks src/early.js fetches ahead of the wasm's start on a first visit (it says which, on which
#   pages): the page whose code is a chunk then downloads it beside the wasm, not after it. Every file, the largest
#   first. The small ones (19 of the serving overview's 24 files are under 8 KB, 6% of its bytes) matter too: left to
#   the loader, they were asked for once the wasm had started, and HTTP/1.1's six connections per server took them
#   in four waves of a round trip each. On a throttled phone (DevTools' Slow 4G, 4x CPU) the overview's first alert
#   showed 6,350 ms after the visit began with only the files of 8 KB or more listed, 5,700 ms with all of them.
PYTHONPATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)" python3 - "$stage/index.html" "$loader" "$stage" <<'PY'
import html, pathlib, re, sys
from sri import sri
index, loader, stage = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
page = index.read_text()

anchor = '<link rel="modulepreload" href="./pulse-'
if anchor not in page:
    sys.exit("split_hook: no modulepreload of the app's JS in index.html")
tag = f'<link rel="modulepreload" href="./{loader.name}" crossorigin="anonymous" integrity="{sri(loader.read_bytes())}">'
page = page.replace(anchor, tag + anchor, 1)

js = loader.read_text()
fetched = r'makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)"'
chunks = dict(re.findall(r"const (__chunk_\d+) = " + fetched, js))
splits = {}
for name, file, deps in re.findall(
    r"export const __wasm_split_load_(\w+) = wrapAsyncCb\(" + fetched + r".*?\n\}\n, \[([^\]]*)\]\)\)", js, re.S
):
    files = [file] + [chunks[d.strip()] for d in deps.split(",") if d.strip()]
    splits[name] = sorted(files, key=lambda f: -(stage / f).stat().st_size)
ahead = {name: splits.get(name) for name in ("pages", "serving", "serving_poll", "experiments")}
missing = [name for name, files in ahead.items() if not files]
if missing:
    sys.exit(f"split_hook: no split {', '.join(missing)} in {loader.name}")
# "split:file file …;split:…", the files without ".wasm": nothing to escape, and little for a first visit to carry.
listed = ";".join(f"{name}:{' '.join(f.removesuffix('.wasm') for f in files)}" for name, files in ahead.items())
# Before the first script (early.js, async): in the document by the time it runs.
if "<script" not in page:
    sys.exit("split_hook: no script in index.html")
page = page.replace("<script", f'<meta name="pulse-chunks" content="{html.escape(listed)}"><script', 1)
index.write_text(page)
print(f"split_hook: {loader.name} preloaded from index.html, which names the files of "
      + ", ".join(f"{k} ({len(v)})" for k, v in ahead.items()))
PY
