use leptos::prelude::*;
use pulse_core::api::ApiError;

/// A failed request, said plainly, with a retry button when one is given.
#[component]
pub fn ErrorView(
    /// What went wrong.
    error: ApiError,
    /// Called by the "Try again" button; no button without it.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <div class="error-view" role="alert">
            <h2>{error.title()}</h2>
            <p>{error.to_string()}</p>
            {on_retry.map(|retry| view! { <button on:click=move |_| retry.run(())>"Try again"</button> })}
        </div>
    }
}
