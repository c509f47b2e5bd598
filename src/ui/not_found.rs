use leptos::prelude::*;

use crate::app::app_href;
use leptos_router::components::A;

/// Shown for a path no page owns.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <div class="error-view" role="alert">
                <h2>"Page not found"</h2>
                <p>"There is no page at this address. "<A href=app_href("/experiments")>"See all experiments"</A>"."</p>
            </div>
        </section>
    }
}
