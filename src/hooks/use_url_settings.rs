//! Keeps a view's settings in the page URL as they change, so a reload or a shared link shows the same view.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::use_query_writer::{use_query_writer, QueryWrite};

/// Query pairs of a view's settings; an empty value is a default, left out of the URL.
pub type SettingsPairs = Vec<(&'static str, String)>;

/// Options of [`use_url_settings`].
pub struct UseUrlSettingsOptions<F> {
    /// The settings' pairs now, read from signals: the hook writes them again whenever those change.
    pub pairs: F,
}

/// Writes `pairs` into the page's query (replacing the history entry) once they rest for a moment: a dragged
/// slider would otherwise call history.replaceState hundreds of times, which browsers rate-limit. Pairs the
/// URL already has are not written again. It returns nothing: the URL is the result.
pub fn use_url_settings<F>(options: UseUrlSettingsOptions<F>)
where
    F: Fn() -> SettingsPairs + Send + Sync + 'static,
{
    let (query, writer) = (use_query_map(), use_query_writer());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
    });
    Effect::new(move || {
        let updates = (options.pairs)();
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let write = move || {
            let unchanged = query.with_untracked(|q| {
                updates
                    .iter()
                    .all(|(k, v)| q.get_str(k).unwrap_or_default() == v.as_str())
            });
            if !unchanged {
                writer.write.run(QueryWrite {
                    updates,
                    replace: true,
                });
            }
        };
        pending.set_value(set_timeout_with_handle(write, Duration::from_millis(400)).ok());
    });
}
