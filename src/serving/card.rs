//! One served model's card: versions against the registry, F1 against the threshold, traffic figures,
//! prediction mix, status, and sparklines.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::app_href;
use leptos_router::components::A;
use pulse_core::serving::{CardView, Overview, SampleField};

use super::sparkline::Sparkline;

/// `<article class="serving-card" aria-label="text (text_classification_model)">`; greyed (`stale`) while
/// an instance serving the model does not answer, with its last figures.
#[component]
pub fn ServingCard(
    /// The overview the card is read from.
    overview: Signal<Option<Arc<Overview>>>,
    /// The model's key.
    key: String,
) -> impl IntoView {
    let card = Memo::new(move |_| {
        overview.with(|o| {
            o.as_ref()
                .and_then(|o| o.cards.iter().find(|c| c.key == key).cloned())
        })
    });
    let card = Signal::from(card);
    let text = move |f: fn(&CardView) -> String| {
        card.with(|c: &Option<CardView>| c.as_ref().map(f).unwrap_or_default())
    };
    // Live regions get their own memos: re-inserted on every poll, they would be announced every poll.
    let notice = move |f: fn(&CardView) -> Option<String>| {
        Memo::new(move |_| card.with(|c: &Option<CardView>| c.as_ref().and_then(f)))
    };
    let (mismatch, disagreement) = (
        notice(|c| c.mismatch.clone()),
        notice(|c| c.disagreement.clone()),
    );
    view! {
        <article class="serving-card" class:stale=move || card.with(|c| c.as_ref().is_some_and(|c| c.stale))
            aria-label=move || text(|c| c.label.clone())>
            <header class="card-head">
                <h3>{move || text(|c| c.key.clone())}</h3>
                <span class="muted registered">{move || text(|c| c.registered_model.clone().unwrap_or_default())}</span>
                <span class=move || text(|c| format!("status {}", c.status_class))>{move || text(|c| c.status.clone())}</span>
            </header>
            {move || mismatch.get().map(|m| view! { <p class="mismatch" role="alert">{m}</p> })}
            {move || disagreement.get().map(|d| view! { <p class="disagree" role="status">{d}</p> })}
            {move || card.get().map(body)}
            <div class="sparklines">
                <Sparkline card field=SampleField::Rps />
                <Sparkline card field=SampleField::ErrorRate />
                <Sparkline card field=SampleField::P95 />
            </div>
        </article>
    }
}

/// The card's texts, redrawn on each poll.
fn body(c: CardView) -> impl IntoView {
    let served = c
        .served
        .into_iter()
        .map(|v| {
            let who = (!v.instances.is_empty()).then(|| format!(" ({})", v.instances));
            let link = match v.href {
                Some(href) => view! { <A href=app_href(&href)>{v.text}</A> }.into_any(),
                None => view! { <span>{v.text}</span> }.into_any(),
            };
            view! { <span class="served-version">{link}{who}</span> }
        })
        .collect_view();
    // A card of a registered model keeps the registry line's place until the registry's first answer.
    let versions_class = match c.registered_model {
        Some(_) => "card-versions registered",
        None => "card-versions",
    };
    let registry = c
        .registry
        .map(|(label, version)| view! { <dt>{label}</dt><dd>{version}</dd> });
    let verdict = match c.f1.pass {
        Some(true) => "f1 pass",
        Some(false) => "f1 fail",
        None => "f1",
    };
    view! {
        {c.load_error.map(|e| view! { <p class="load-error">"Load error: "{e}</p> })}
        <dl class=versions_class>
            <dt>"Served"</dt><dd>{served}</dd>
            {registry}
        </dl>
        <p class=verdict>{c.f1.text}</p>
        <dl class="figures">
            {c.figures.into_iter().map(|(label, value)| view! { <div><dt>{label}</dt><dd>{value}</dd></div> }).collect_view()}
        </dl>
        {mix(c.mix)}
    }
}

/// The prediction mix as a bar (widths from core) with its labels as text.
fn mix(parts: Vec<pulse_core::serving::MixPart>) -> impl IntoView {
    if parts.is_empty() {
        return view! { <p class="mix-empty muted">"No predictions in the window."</p> }.into_any();
    }
    let bar = parts
        .iter()
        .enumerate()
        .map(|(i, p)| view! { <span class=format!("mix-part mix-{}", i % 6) style:width=p.width.clone() title=p.text.clone()></span> })
        .collect_view();
    let legend = parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| view! { <li><span class=format!("mix-swatch mix-{}", i % 6)></span>{p.text}</li> })
        .collect_view();
    view! {
        <div class="mix" role="group" aria-label="Prediction mix">
            <div class="mix-bar" aria-hidden="true">{bar}</div>
            <ul class="mix-legend">{legend}</ul>
        </div>
    }
    .into_any()
}
