use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;

/// A filter box that submits on Enter and shows the server's complaint about the filter beside it.
/// The `/` key focuses it from anywhere on the page.
#[component]
pub fn SearchBox(
    /// Accessible name, e.g. "Filter runs".
    #[prop(into)]
    label: String,
    /// Example text shown while empty.
    #[prop(into)]
    placeholder: String,
    /// The filter currently applied (from the URL).
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new filter.
    on_submit: Callback<String>,
    /// Called instead when the filter submitted is the one already applied: a refresh.
    #[prop(optional)]
    on_refresh: Option<Callback<()>>,
    /// A message about the filter, shown next to the box.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Some(el) = input.get_untracked() {
            let text = el.value();
            match on_refresh {
                Some(refresh) if text.trim() == value.get_untracked().trim() => refresh.run(()),
                _ => on_submit.run(text),
            }
        }
    };
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if ev.key() == "/" && !typing {
            if let Some(el) = input.get_untracked() {
                ev.prevent_default();
                let _ = el.focus();
            }
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <form class="search" role="search" on:submit=submit>
            <input
                node_ref=input
                type="search"
                aria-label=label
                placeholder=placeholder
                prop:value=value
                spellcheck="false"
                autocomplete="off"
            />
            <button type="submit">"Search"</button>
            {move || {
                (!value.with(String::is_empty)).then(|| view! {
                    <button type="button" class="link" on:click=move |_| on_submit.run(String::new())>"Clear filter"</button>
                })
            }}
            {move || {
                error.get().map(|msg| view! { <p class="filter-error" role="alert">{msg}</p> })
            }}
        </form>
    }
}
