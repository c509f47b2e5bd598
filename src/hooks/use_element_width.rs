//! Keeps a signal equal to an element's width, through a ResizeObserver on the element itself.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Options of [`use_element_width`].
pub struct UseElementWidthOptions {
    /// The element to watch.
    pub target: NodeRef<Div>,
    /// Set to the element's width in CSS pixels whenever it changes, once it is laid out (before that, left as
    /// it is).
    pub width: RwSignal<u32>,
    /// The smallest width reported.
    pub min: u32,
}

/// Watches the element's own size, not the window's: it is also 0 wide while a Transition renders it
/// off-screen, and changes when a sidebar or a `<details>` opens. Stops watching when the owner is cleaned up.
pub fn use_element_width(options: UseElementWidthOptions) {
    let UseElementWidthOptions { target, width, min } = options;
    let fit = move || {
        if let Some(el) = target.get_untracked() {
            let px = u32::try_from(el.client_width()).unwrap_or(0).max(min);
            if px != width.get_untracked() {
                width.set(px);
            }
        }
    };
    let observer = StoredValue::new_local(None::<(web_sys::ResizeObserver, Closure<dyn FnMut()>)>);
    Effect::new(move || {
        let Some(el) = target.get() else { return };
        // No first reading here: it would force a layout in the middle of the render. The observer reports the
        // element's size once it is laid out, before the frame is painted.
        let callback = Closure::<dyn FnMut()>::new(fit);
        if let Ok(o) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            o.observe(&el);
            observer.set_value(Some((o, callback)));
        }
    });
    on_cleanup(move || {
        observer.try_with_value(|o| {
            if let Some((o, _)) = o {
                o.disconnect();
            }
        });
    });
}
