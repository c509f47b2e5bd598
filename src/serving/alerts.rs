//! The serving overview's alerts and the stats URLs that stopped answering.

use std::sync::Arc;

use leptos::prelude::*;
use pulse_core::serving::Overview;

/// `<section aria-label="Alerts">`: each alert's sentence, critical first.
#[component]
pub fn AlertList(
    /// The overview the alerts come from.
    overview: Signal<Option<Arc<Overview>>>,
) -> impl IntoView {
    let items = Memo::new(move |_| {
        overview.with(|o| {
            o.as_ref()
                .map(|o| {
                    o.alerts
                        .iter()
                        .map(|a| (a.severity.label(), a.message.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <section class="alerts" aria-label="Alerts">
            <h2>"Alerts"</h2>
            {move || {
                let items = items.get();
                if items.is_empty() {
                    return view! { <p class="muted no-alerts">"No alerts."</p> }.into_any();
                }
                view! {
                    <ul class="alert-list">
                        {items.into_iter().map(|(severity, message)| view! {
                            <li class=format!("alert {severity}")>
                                <span class="severity">{severity}</span>" "{message}
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// `Stats unreachable since 10:03:12: …` for each stats URL whose latest fetch failed; the cards keep the
/// last figures meanwhile.
#[component]
pub fn Unreachable(
    /// The overview the failures come from.
    overview: Signal<Option<Arc<Overview>>>,
) -> impl IntoView {
    // A memo, so an alert is inserted (and announced) when it changes, not on every poll.
    let sentences = Memo::new(move |_| {
        overview.with(|o| {
            o.as_ref()
                .map(|o| o.unreachable.clone())
                .unwrap_or_default()
        })
    });
    move || {
        sentences
            .get()
            .into_iter()
            .map(|s| view! { <p class="unreachable" role="alert">{s}</p> })
            .collect_view()
    }
}
