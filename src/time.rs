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

/// The viewer's offset from UTC now, in minutes east (for chart axes).
pub fn tz_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}
