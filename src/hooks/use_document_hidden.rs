//! Whether the tab is hidden (`document.hidden`), kept current by `visibilitychange`.

use leptos::prelude::*;

/// The document's `hidden` flag as a signal; the listener goes with the owner.
pub fn use_document_hidden() -> Signal<bool> {
    let hidden = RwSignal::new(document().hidden());
    let listener =
        window_event_listener_untyped("visibilitychange", move |_| hidden.set(document().hidden()));
    on_cleanup(move || listener.remove());
    hidden.into()
}
