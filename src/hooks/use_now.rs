//! The wall clock as a signal, for live texts such as "updated 12 s ago".

use std::time::Duration;

use leptos::prelude::*;

/// Options of [`use_now`].
pub struct UseNowOptions {
    /// How often the clock ticks.
    pub every: Duration,
}

/// What [`use_now`] returns.
pub struct UseNowReturn {
    /// Milliseconds since the epoch, as of the last tick.
    pub now: Signal<i64>,
}

/// A clock that ticks every `options.every` until its owner is cleaned up.
pub fn use_now(options: UseNowOptions) -> UseNowReturn {
    let now = RwSignal::new(js_sys::Date::now() as i64);
    let handle =
        set_interval_with_handle(move || now.set(js_sys::Date::now() as i64), options.every);
    if let Ok(handle) = handle {
        on_cleanup(move || handle.clear());
    }
    UseNowReturn { now: now.into() }
}
