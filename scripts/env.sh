# Sourced by the other scripts: where the tools that scripts/setup.sh installed live.
export PULSE_CACHE="${PULSE_CACHE:-$HOME/.cache/pulse}"
PULSE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PULSE_ROOT/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export PULSE_PYTHON="$PULSE_CACHE/venv/bin/python"
# The release wasm's build settings beyond Cargo.toml's release profile (issue 10), for scripts/build.sh's Trunk build
# and scripts/setup.sh's fetch of what they need: std is rebuilt with the app (`build-std`, from the rust-src
# component, so LTO reaches into it), and a panic stops the wasm at once (`panic=immediate-abort`) instead of
# formatting a message with its source location first. That is 16.7 KB brotli off the main wasm (238,952 ->
# 222,292 B), which every first visit downloads; std's own crates stay at opt-level 3 (scripts/release-bin/cargo
# says why). Both are unstable features of the toolchain pinned here (1.95);
# RUSTC_BOOTSTRAP=1 lets this one build use them (as the Linux kernel's builds do with a stable rustc). Debug builds
# (`trunk serve`, the component tests) keep panic messages: console_error_panic_hook prints them there.
PULSE_RELEASE_ENV=(
  RUSTC_BOOTSTRAP=1
  CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  # Added to .cargo/config.toml's flags for the target, not instead of them.
  "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=-Zunstable-options -Cpanic=immediate-abort"
)
