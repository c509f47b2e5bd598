//! Local-time formatting: the browser knows the zone, `pulse_core` does the arithmetic.

use pulse_core::format::format_datetime;
use wasm_bindgen::JsValue;

/// A timestamp in the viewer's zone (with daylight saving as it was at that moment).
pub fn local_datetime(ms: i64) -> String {
    format_datetime(ms, offset_at(ms))
}

/// The viewer's offset from UTC at the moment `ms`, in minutes east (daylight saving as it was then).
pub fn offset_at(ms: i64) -> i32 {
    -(js_sys::Date::new(&JsValue::from_f64(ms as f64)).get_timezone_offset() as i32)
}

/// Like [`local_datetime`] for an optional time, with an em dash when absent.
pub fn local_datetime_or_dash(ms: Option<i64>) -> String {
    ms.map_or_else(|| "—".to_owned(), local_datetime)
}

/// The viewer's offset from UTC now, in minutes east (for times of the last hours; a chart takes [`offset_at`]).
pub fn tz_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// Resolves after `ms` milliseconds (a `setTimeout`), in a task of its own.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Lets the browser paint and answer input before what follows: the rest runs in a new task. Total Blocking Time
/// counts what each task takes beyond 50 ms, and Lighthouse's mobile run counts every task at 4 times its length
/// (a phone's slower CPU): there a first visit's task blocks from about 12.5 ms measured on a desktop.
pub async fn next_task() {
    sleep(0).await;
}

/// Resolves in a task after the browser has shown its next frame: for work that must not hold up what is about to
/// show. Two animation frames, not one: the first frame's callbacks run before it is painted, and its paint reaches
/// the screen a few milliseconds after the task that follows; a request started there still counted as part of
/// that frame's wait (Lighthouse put the timeline's code into the time to the largest paint when it did).
pub async fn after_paint() {
    for _ in 0..2 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.request_animation_frame(&resolve);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    next_task().await;
}
