//! Adopts what `src/early.js` asked for while the wasm was still downloading, each answer taken once:
//! - config.json, whose request took index.html's preload;
//! - the runs/search of an experiment's first page: the first search to its URL takes it, when it is the same
//!   request to the byte and its answer was a success. Any other case (another request, a failure, no early
//!   request) sends as usual.

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

/// early.js's requests, if it ran.
fn early() -> Option<JsValue> {
    let window = web_sys::window()?;
    field(&window, KEY)
}

/// Takes `early[name]` (so no second caller gets it) and waits for its answer: HTTP status and body.
async fn take_answer(early: &JsValue, name: &str) -> Option<(u16, String)> {
    let promise: Promise = field(early, name)?.dyn_into().ok()?;
    let _ = Reflect::delete_property(
        early.unchecked_ref::<js_sys::Object>(),
        &JsValue::from_str(name),
    );
    let answer = JsFuture::from(promise).await.ok()?;
    let status = field(&answer, "status")?.as_f64()?;
    let text = field(&answer, "text")?.as_string()?;
    Some((status as u16, text))
}

/// config.json's status and body, when early.js asked for it and an answer came (an error page included).
pub async fn take_config() -> Option<(u16, String)> {
    take_answer(&early()?, "config").await
}

/// The early answer's body when `early.js` asked for `url` with `body`; taken once, by the first search of `url`.
pub async fn take(url: &str, body: &impl Serialize) -> Option<String> {
    let early = early()?;
    let same = |name: &str, want: &str| {
        field(&early, name).and_then(|v| v.as_string()).as_deref() == Some(want)
    };
    if !same("url", url) {
        return None;
    }
    let _ = Reflect::delete_property(
        early.unchecked_ref::<js_sys::Object>(),
        &JsValue::from_str("url"),
    );
    // Serialised only when an early request for this URL is waiting: every other search skips it.
    if !same("body", &serde_json::to_string(body).ok()?) {
        return None;
    }
    let (status, text) = take_answer(&early, "answer").await?;
    if !(200..300).contains(&status) {
        return None;
    }
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("pulse:early:adopted");
    }
    Some(text)
}
