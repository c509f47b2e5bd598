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
# The app's JS imports the loader, so the browser would find it only once that JS is fetched and parsed, and the
# app waited for it after the wasm was in (about 70 ms on localhost): a modulepreload beside Trunk's own fetches it
# with the rest of the first requests.
PYTHONPATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)" python3 - "$stage/index.html" "$loader" <<'PY'
import pathlib, sys
from sri import sri
index, loader = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
html = index.read_text()
anchor = '<link rel="modulepreload" href="./pulse-'
if anchor not in html:
    sys.exit("split_hook: no modulepreload of the app's JS in index.html")
tag = f'<link rel="modulepreload" href="./{loader.name}" crossorigin="anonymous" integrity="{sri(loader.read_bytes())}">'
index.write_text(html.replace(anchor, tag + anchor, 1))
PY
echo "split_hook: $(basename "$loader") preloaded from index.html"
