//! One on/off setting of a view kept in the page URL (an open or closed section); core's [`UrlFlag`] reads and
//! writes its value.

use leptos::prelude::*;
use pulse_core::url_state::UrlFlag;
use wasm_bindgen::JsCast;

use super::use_url_settings::{use_url_settings, UseUrlSettingsOptions};

/// Options of [`use_url_flag`].
pub struct UseUrlFlagOptions {
    /// The flag: its key and default.
    pub flag: UrlFlag,
}

/// What [`use_url_flag`] returns.
#[derive(Clone, Copy)]
pub struct UseUrlFlagReturn {
    /// The setting, read from the URL and written back to it.
    pub on: RwSignal<bool>,
}

impl UseUrlFlagReturn {
    /// Follows a `<details>`' `toggle` event: the setting becomes whether it is open now. Unchanged, it is not
    /// set, so nothing that reads it runs again.
    pub fn follow_toggle(self, ev: web_sys::Event) {
        let open = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            .is_some_and(|d| d.open());
        if self.on.get_untracked() != open {
            self.on.set(open);
        }
    }
}

/// The flag `options.flag` of the page's URL.
pub fn use_url_flag(options: UseUrlFlagOptions) -> UseUrlFlagReturn {
    let UseUrlFlagOptions { flag } = options;
    let on = RwSignal::new(flag.default);
    use_url_settings(UseUrlSettingsOptions {
        pairs: move || vec![(flag.key, flag.write(on.get()).to_owned())],
        apply: move |get: &dyn Fn(&str) -> String| on.set(flag.read(&get(flag.key))),
    });
    UseUrlFlagReturn { on }
}
