//! Adopts the runs/search that `src/early.js` sent while the wasm was still downloading: the first search
//! to its URL takes it, when it is the same request to the byte and its answer was a success; any other
//! case (another request, a failure, no early request) sends as usual.

use js_sys::{Promise, Reflect};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const KEY: &str = "__pulseEarly";

fn field(obj: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(obj, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined())
}

/// The early answer's body when `early.js` asked for `url` with `body`; taken once, by the first search of `url`.
pub async fn take(url: &str, body: &impl Serialize) -> Option<String> {
    let window = web_sys::window()?;
    let early = field(&window, KEY)?;
    let same = |name: &str, want: &str| {
        field(&early, name).and_then(|v| v.as_string()).as_deref() == Some(want)
    };
    if !same("url", url) {
        return None;
    }
    let _ = Reflect::delete_property(&window, &JsValue::from_str(KEY));
    // Serialised only when an early request for this URL is waiting: every other search skips it.
    if !same("body", &serde_json::to_string(body).ok()?) {
        return None;
    }
    let promise: Promise = field(&early, "answer")?.dyn_into().ok()?;
    let answer = JsFuture::from(promise).await.ok()?;
    let status = field(&answer, "status")?.as_f64()?;
    let text = field(&answer, "text")?.as_string()?;
    if !(200.0..300.0).contains(&status) {
        return None;
    }
    if let Some(p) = window.performance() {
        let _ = p.mark("pulse:early:adopted");
    }
    Some(text)
}
