//! Answers src/early.js asked for before the app started, in headless Chromium: the app's first request takes a
//! fresh one, and leaves an old one (of a tab opened in the background and looked at later) for a request of its own.
#![cfg(target_arch = "wasm32")]

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Files an answer to `GET url` as early.js does, `age_ms` old.
fn file_early_answer(url: &str, text: &str, age_ms: f64) {
    let set = |obj: &JsValue, key: &str, value: &JsValue| {
        let _ = Reflect::set(obj, &JsValue::from_str(key), value);
    };
    let now = web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now());
    let answer: JsValue = Object::new().into();
    set(&answer, "status", &JsValue::from_f64(200.0));
    set(&answer, "text", &JsValue::from_str(text));
    set(&answer, "at", &JsValue::from_f64(now - age_ms));
    let requests: JsValue = Object::new().into();
    set(
        &requests,
        &format!("GET {url} "),
        &Promise::resolve(&answer).into(),
    );
    let early: JsValue = Object::new().into();
    set(&early, "requests", &requests);
    if let Some(window) = web_sys::window() {
        set(&window.into(), "__pulseEarly", &early);
    }
}

#[wasm_bindgen_test]
async fn a_fresh_early_answer_is_taken() {
    let url = "/early-test/fresh/stats";
    file_early_answer(url, "{\"fresh\":true}", 1_000.0);
    let answer = pulse::api::get_stats_answer(url).await;
    assert_eq!(answer, Ok((200, "{\"fresh\":true}".to_owned())));
}

#[wasm_bindgen_test]
async fn an_old_early_answer_is_left_for_the_apps_own_request() {
    let url = "/early-test/old/stats";
    file_early_answer(url, "{\"old\":true}", 600_000.0);
    let answer = pulse::api::get_stats_answer(url).await;
    // The app asked itself: the test server has no such path.
    assert!(
        !matches!(&answer, Ok((200, text)) if text.contains("old")),
        "{answer:?}"
    );
}
