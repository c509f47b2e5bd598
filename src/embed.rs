//! Embed mode (`?embed=1`, e.g. in a Streamlit iframe): what the URL asked for, and links that leave the view
//! opening in a new tab, since a sandboxed iframe may not navigate the top page.

use leptos::prelude::*;
use pulse_core::url_state::{leaves_view, parse_presentation, Presentation};
use wasm_bindgen::JsCast;
use web_sys::{HtmlAnchorElement, MouseEvent};

/// How a frame's name starts when it keeps how it was opened (src/theme.js reads it too, for the theme before the
/// first paint).
const KEPT: &str = "pulse:";

/// How the page was opened (`?embed=`, `?theme=`), read once at start-up: in-app navigation drops the query, and
/// the iframe stays embedded all the same. A frame keeps it in its own name (`window.name`, which belongs to that
/// frame alone and outlives its reloads), so a reload (Try again, a reloaded frame) at an address without it stays
/// embedded, in the host's theme. A frame the host named itself, and a top-level tab, keep nothing.
pub fn opened_as() -> Presentation {
    let w = window();
    let asked = parse_presentation(&w.location().search().unwrap_or_default());
    let framed = w.top().ok().flatten().is_some_and(|top| top != w);
    if !framed {
        return asked;
    }
    let name = w.name().unwrap_or_default();
    if asked != Presentation::default() {
        if name.is_empty() || name.starts_with(KEPT) {
            let _ = w.set_name(&format!("{KEPT}{}", asked.to_query()));
        }
        return asked;
    }
    name.strip_prefix(KEPT)
        .map(parse_presentation)
        .unwrap_or_default()
}

/// The presentation from context (not embedded outside the app shell).
pub fn use_presentation() -> Presentation {
    use_context::<Presentation>().unwrap_or_default()
}

/// Makes every link that leaves the current view open in a new tab: before the router sees a click (capture
/// phase), such a link gets `target="_blank"`, which the router leaves to the browser. Links within the view
/// (another sort or filter of the same page) stay in the frame.
pub fn open_leaving_links_in_new_tab() {
    let on_click = |ev: MouseEvent| {
        let Some(a) = clicked_anchor(&ev) else {
            return;
        };
        if !a.target().is_empty() || a.href().is_empty() {
            return;
        }
        let location = window().location();
        let same_origin = location.origin().ok() == Some(a.origin());
        if !same_origin || leaves_view(&location.pathname().unwrap_or_default(), &a.pathname()) {
            a.set_target("_blank");
            a.set_rel("noopener");
        }
    };
    let handler = wasm_bindgen::closure::Closure::<dyn Fn(MouseEvent)>::new(on_click);
    let options = web_sys::AddEventListenerOptions::new();
    options.set_capture(true);
    let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
        "click",
        handler.as_ref().unchecked_ref(),
        &options,
    );
    // The listener lives as long as the page.
    handler.forget();
}

fn clicked_anchor(ev: &MouseEvent) -> Option<HtmlAnchorElement> {
    let path = ev.composed_path();
    (0..path.length()).find_map(|i| path.get(i).dyn_into::<HtmlAnchorElement>().ok())
}
