//! Adopts what `src/early.js` asked for while the wasm was still downloading, each answer taken once:
//! - config.json, whose request took index.html's preload;
//! - an experiment's title and first page of runs (experiments/get, runs/search): the app's first request that is
//!   the same to the byte takes the answer, when it was a success. Any other case (another request, a failure,
//!   no early request) sends as usual;
//! - the serving overview's stats documents, taken the same way by its first poll.
//!
//! An answer older than [`MAX_AGE_MS`] is not adopted: the tab was opened in the background, or the page that
//! would have taken it came later.

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const KEY: &str = "__pulseEarly";
/// How old an early answer to a data request may be when the app takes it: a first visit takes it within seconds.
const MAX_AGE_MS: f64 = 30_000.0;

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

/// An answer of early.js: HTTP status, body, and when it came (`performance.now()`).
struct Answer {
    status: u16,
    text: String,
    at: f64,
}

/// Takes `holder[name]` (so no second caller gets it) and waits for its answer.
async fn take_answer(holder: &JsValue, name: &str) -> Option<Answer> {
    let promise: Promise = field(holder, name)?.dyn_into().ok()?;
    let _ = Reflect::delete_property(holder.unchecked_ref::<Object>(), &JsValue::from_str(name));
    let answer = JsFuture::from(promise).await.ok()?;
    Some(Answer {
        status: field(&answer, "status")?.as_f64()? as u16,
        text: field(&answer, "text")?.as_string()?,
        at: field(&answer, "at")?.as_f64()?,
    })
}

/// config.json's status and body, when early.js asked for it and an answer came (an error page included).
pub async fn take_config() -> Option<(u16, String)> {
    take_answer(&early()?, "config")
        .await
        .map(|a| (a.status, a.text))
}

/// The key early.js files a request under: method, URL with its query (`k=v&…`, as early.js writes it), body.
fn request_key(method: &str, url: &str, query: &[(&str, &str)], body: &str) -> String {
    let query: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let sep = if query.is_empty() { "" } else { "?" };
    format!("{method} {url}{sep}{} {body}", query.join("&"))
}

/// The body of early.js's successful answer to this request, taken once; `pulse:early:<endpoint>` marks it.
/// `body` is only written out when early.js asked for something.
pub async fn take(
    method: &str,
    url: &str,
    query: &[(&str, &str)],
    body: impl FnOnce() -> Option<String>,
) -> Option<String> {
    let requests = field(&early()?, "requests")?;
    if Object::keys(requests.unchecked_ref::<Object>()).length() == 0 {
        return None;
    }
    let key = request_key(method, url, query, &body()?);
    let answer = take_answer(&requests, &key).await?;
    let performance = web_sys::window().and_then(|w| w.performance())?;
    if !(200..300).contains(&answer.status) || performance.now() - answer.at > MAX_AGE_MS {
        return None;
    }
    let endpoint = url.rsplit("mlflow/").next().unwrap_or(url);
    let _ = performance.mark(&format!("pulse:early:{endpoint}"));
    Some(answer.text)
}
