//! Code splitting (issue 10): the app's wasm keeps its relocations (`--emit-relocs`), which wasm-split-cli needs
//! to cut the lazy routes out into chunks (scripts/bin/wasm-bindgen). Only for the `pulse` binary: the chart
//! module (charts/) is not split, and would otherwise ship the relocation sections (1.1 MB instead of 0.4 MB).
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=pulse=--emit-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
