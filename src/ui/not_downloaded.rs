//! What shows where a wasm chunk (a page's, the serving polling's, a chart's) did not download.

use leptos::prelude::*;

/// Says that code did not download, with a Try again button. `title` heads it when given; `class` is added to
/// `error-view` (e.g. a slot that keeps its place's height).
#[component]
pub fn NotDownloaded(
    /// The heading, if any.
    #[prop(optional)]
    title: Option<&'static str>,
    /// What did not download, and what to check.
    message: &'static str,
    /// What Try again does.
    on_retry: Callback<()>,
    /// Classes beside `error-view`.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    view! {
        <div class=format!("error-view {class}") role="alert">
            {title.map(|t| view! { <h2>{t}</h2> })}
            <p>{message}</p>
            <button on:click=move |_| on_retry.run(())>"Try again"</button>
        </div>
    }
}

/// Loads the app again: what Try again does where the code that failed was asked for as the app started.
pub fn reload() -> Callback<()> {
    Callback::new(|_| {
        let _ = window().location().reload();
    })
}
