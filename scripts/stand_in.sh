# Sourced by the stand-ins for build tools (scripts/bin/wasm-bindgen, scripts/release-bin/cargo): `real_tool NAME`
# sets $real to the NAME next on PATH after the stand-in's own directory, or stops the stand-in saying there is none.
real_tool() {
  local here dirs d
  here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
  real=""
  IFS=: read -r -a dirs <<<"$PATH"
  for d in "${dirs[@]}"; do
    [ -n "$d" ] && [ "$(cd "$d" 2>/dev/null && pwd)" != "$here" ] && [ -x "$d/$1" ] && { real="$d/$1"; return; }
  done
  echo "${BASH_SOURCE[1]}: no real $1 on PATH" >&2
  exit 1
}
