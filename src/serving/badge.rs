//! The header's alert badge: how many serving alerts there are, from any page.

use leptos::prelude::*;
use leptos_router::components::A;
use pulse_core::serving::alert_badge;

use crate::app::app_href;
use crate::hooks::use_serving::ServingState;

/// `<a class="alerts-badge">3 alerts</a>` to the serving page; nothing without alerts.
#[component]
pub fn AlertsBadge(
    /// The shared serving state.
    state: ServingState,
) -> impl IntoView {
    let badge = Memo::new(move |_| {
        state
            .overview
            .with(|o| o.as_ref().and_then(|o| alert_badge(&o.alerts)))
    });
    move || {
        badge.get().map(|b| {
            let class = if b.critical {
                "alerts-badge critical"
            } else {
                "alerts-badge warning"
            };
            let title = b.label.clone();
            view! {
                <A href=app_href("/serving") attr:class=class attr:aria-label=b.label attr:title=title>
                    {b.text}
                </A>
            }
        })
    }
}
