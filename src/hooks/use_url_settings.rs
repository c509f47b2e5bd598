//! Keeps a view's settings and its page's URL in step, so a reload or a shared link shows the same view and the
//! browser's back and forward buttons bring the settings of their entry back.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use super::use_query_writer::{use_query_writer, QueryWrite};

/// Query pairs of a view's settings; an empty value is a default, left out of the URL.
pub type SettingsPairs = Vec<(&'static str, String)>;

/// Options of [`use_url_settings`].
pub struct UseUrlSettingsOptions<F, A> {
    /// The settings' pairs now, read from signals: the hook writes them whenever those change.
    pub pairs: F,
    /// Sets the signals from a query (`get` gives a key's value, "" when absent): called at once, and again when
    /// the URL changes other than by this hook (back, forward, a link to the same page).
    pub apply: A,
}

/// What the URL and the settings were when they were last in step.
#[derive(Clone, Default)]
struct InStep {
    /// The settings' pairs.
    pairs: SettingsPairs,
    /// The URL's values of the same keys.
    url: Vec<String>,
}

/// Reads the settings from the URL (`apply`), then writes `pairs` into the page's query (replacing the history
/// entry) once they rest for a moment: a dragged
/// slider would otherwise call history.replaceState hundreds of times, which browsers rate-limit. Nothing is
/// written until a setting changes, so a link opens as it was written; a write meant for a page the user has
/// left is dropped. It returns nothing: the URL is the result.
pub fn use_url_settings<F, A>(options: UseUrlSettingsOptions<F, A>)
where
    F: Fn() -> SettingsPairs + Send + Sync + 'static,
    A: Fn(&dyn Fn(&str) -> String) + Send + Sync + 'static,
{
    let UseUrlSettingsOptions { pairs, apply } = options;
    let (query, location, writer) = (use_query_map(), use_location(), use_query_writer());
    let pairs = StoredValue::new(pairs);
    let keys: Vec<&'static str> = pairs
        .with_value(|p| untrack(p))
        .iter()
        .map(|(k, _)| *k)
        .collect();
    let url_values = move || -> Vec<String> {
        query.with(|q| {
            keys.iter()
                .map(|k| q.get_str(k).unwrap_or_default().to_owned())
                .collect()
        })
    };
    query.with_untracked(|q| apply(&|k: &str| q.get(k).unwrap_or_default()));
    let in_step = StoredValue::new(InStep {
        pairs: pairs.with_value(|p| untrack(p)),
        url: untrack(&url_values),
    });
    // The URL changed, and not by this hook: the settings follow it.
    Effect::new(move || {
        let url = url_values();
        if in_step.with_value(|s| s.url == url) {
            return;
        }
        query.with_untracked(|q| apply(&|k: &str| q.get(k).unwrap_or_default()));
        let now = pairs.with_value(|p| untrack(p));
        in_step.set_value(InStep { pairs: now, url });
    });
    let pending = StoredValue::new(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
    });
    // A setting changed: the URL follows it.
    Effect::new(move || {
        let updates = pairs.with_value(|p| p());
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        if in_step.with_value(|s| s.pairs == updates) {
            return;
        }
        let page = location.pathname.get_untracked();
        let write = move || {
            if location.pathname.get_untracked() != page {
                return;
            }
            let url = updates.iter().map(|(_, v)| v.clone()).collect();
            in_step.set_value(InStep {
                pairs: updates.clone(),
                url,
            });
            writer.write.run(QueryWrite {
                updates,
                replace: true,
            });
        };
        pending.set_value(set_timeout_with_handle(write, Duration::from_millis(400)).ok());
    });
}
