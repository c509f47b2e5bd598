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
