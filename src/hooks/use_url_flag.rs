//! One on/off setting of a view kept in the page URL (an open or closed section), as `key=1` or `key=0` when it
//! is not the default.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::use_url_settings::{use_url_settings, UseUrlSettingsOptions};

/// Options of [`use_url_flag`].
pub struct UseUrlFlagOptions {
    /// The query key.
    pub key: &'static str,
    /// The value when the URL does not say.
    pub default: bool,
}

/// What [`use_url_flag`] returns.
#[derive(Clone, Copy)]
pub struct UseUrlFlagReturn {
    /// The setting, read from the URL and written back to it.
    pub on: RwSignal<bool>,
}

/// The flag `options.key` of the page's URL.
pub fn use_url_flag(options: UseUrlFlagOptions) -> UseUrlFlagReturn {
    let UseUrlFlagOptions { key, default } = options;
    let on = RwSignal::new(default);
    use_url_settings(UseUrlSettingsOptions {
        pairs: move || {
            let value = match on.get() {
                v if v == default => "",
                true => "1",
                false => "0",
            };
            vec![(key, value.to_owned())]
        },
        apply: move |get: &dyn Fn(&str) -> String| {
            on.set(match get(key).as_str() {
                "1" => true,
                "0" => false,
                _ => default,
            });
        },
    });
    UseUrlFlagReturn { on }
}

/// Whether the `<details>` a `toggle` event came from is open now.
pub fn toggled_open(ev: &web_sys::Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
        .is_some_and(|d| d.open())
}
