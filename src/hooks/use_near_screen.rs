//! Whether an element has come near the screen, through an IntersectionObserver: for work that only a reader
//! who scrolls to it needs.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// How far below (and above) the screen an element counts as near it: a quarter of the screen's height, so what is
/// just below the fold is ready as the reader scrolls to it.
const MARGIN: &str = "25% 0px 25% 0px";

/// Options of [`use_near_screen`].
pub struct UseNearScreenOptions {
    /// The element to watch.
    pub target: NodeRef<Div>,
}

/// False until the element first comes within [`MARGIN`] of the screen, then true for good (the observer stops).
/// True at once where the browser has no IntersectionObserver.
pub fn use_near_screen(options: UseNearScreenOptions) -> Signal<bool> {
    let near = RwSignal::new(false);
    let observer = StoredValue::new_local(
        None::<(
            web_sys::IntersectionObserver,
            Closure<dyn FnMut(js_sys::Array)>,
        )>,
    );
    let stop = move || {
        observer.try_update_value(|o| {
            if let Some((o, _)) = o.take() {
                o.disconnect();
            }
        });
    };
    Effect::new(move || {
        let Some(el) = options.target.get() else {
            return;
        };
        // A new element replaces the one watched; once near, nothing is watched any more.
        stop();
        if near.get_untracked() {
            return;
        }
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let seen = entries.iter().any(|e| {
                e.dyn_into::<web_sys::IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            if seen && !near.get_untracked() {
                near.set(true);
                // Not from inside the observer's own callback: the closure running it would be dropped.
                leptos::task::spawn_local(async move { stop() });
            }
        });
        let init = web_sys::IntersectionObserverInit::new();
        init.set_root_margin(MARGIN);
        match web_sys::IntersectionObserver::new_with_options(
            callback.as_ref().unchecked_ref(),
            &init,
        ) {
            Ok(o) => {
                o.observe(&el);
                observer.set_value(Some((o, callback)));
            }
            Err(_) => near.set(true),
        }
    });
    on_cleanup(stop);
    near.into()
}
