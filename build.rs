//! Code splitting (issue 10): the app's wasm keeps its relocations (`--emit-relocs`), which wasm-split-cli needs
//! to cut the lazy routes, the chart code and the serving polling out into chunks (scripts/bin/wasm-bindgen).
//! Only for the `pulse` binary: the component tests' wasm is not split.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=pulse=--emit-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
