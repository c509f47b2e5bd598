//! `/serving` (and `/` when serving is configured): the live overview of what the service serves.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use pulse_core::serving::{updated_text, Overview};

use super::alerts::{AlertList, Unreachable};
use super::card::ServingCard;
use super::history::UpdateHistory;
use super::served_f1::ServedF1Chart;
use crate::hooks::use_now::{use_now, UseNowOptions};
use crate::hooks::use_serving::ServingState;
use crate::ui::next_task::NextTask;
use crate::ui::not_downloaded::NotDownloaded;

/// What the page can show as a whole.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    NotDownloaded,
    Waiting,
    Failed,
    Ready,
}

/// The serving overview: alerts, one card per served model, the served F1 over time and the update history.
#[component]
pub fn ServingPage() -> impl IntoView {
    let Some(state) = use_context::<ServingState>() else {
        return view! {
            <section class="page serving">
                <h1>"Serving"</h1>
                <p class="empty">
                    "Serving is not configured: set stats_url in config.json to the serving service's stats \
                     endpoint (its contract is docs/inference-stats.md in Pulse's repository). The "
                    <a href="experiments">"experiments"</a>" and "<a href="models">"models"</a>" work without it."
                </p>
            </section>
        }
        .into_any();
    };
    let overview = state.overview;
    let now = use_now(UseNowOptions {
        every: Duration::from_secs(1),
    })
    .now;
    let updated =
        move || overview.with(|o| updated_text(now.get(), o.as_ref().and_then(|o| o.updated_at)));
    let not_downloaded = state.not_downloaded;
    let phase = Memo::new(move |_| {
        if not_downloaded.get() {
            return Phase::NotDownloaded;
        }
        overview.with(|o| match o {
            None => Phase::Waiting,
            Some(o) if o.error.is_some() => Phase::Failed,
            Some(_) => Phase::Ready,
        })
    });
    let paused = state.paused;
    let note = move || {
        if paused.get() {
            " · paused"
        } else if state.hidden.get() {
            " · paused while the tab is hidden"
        } else {
            ""
        }
    };
    view! {
        <section class="page serving">
            <div class="page-head">
                <h1>"Serving"</h1>
                <span class="updated muted">{updated}{note}</span>
                <button class="pause" aria-pressed=move || paused.get().to_string()
                    on:click=move |_| paused.update(|p| *p = !*p)>
                    {move || if paused.get() { "Resume" } else { "Pause" }}
                </button>
            </div>
            {move || match phase.get() {
                Phase::NotDownloaded => view! {
                    // The polling code is asked for as the app starts (this page's code came later).
                    <NotDownloaded title="Serving stats not downloaded"
                        message="Pulse could not download the code that reads the serving stats; check the connection."
                        on_retry=state.retry />
                }
                .into_any(),
                Phase::Waiting => view! { <p class="loading" role="status">"Waiting for the serving stats…"</p> }.into_any(),
                Phase::Failed => view! { <StatsError overview retry=state.poll_now /> }.into_any(),
                Phase::Ready => view! { <Board overview /> }.into_any(),
            }}
        </section>
    }
    .into_any()
}

/// No stats URL has answered with a document yet: why, in the core's words, and a way to ask again now rather
/// than after the longer wait that failed polls bring.
#[component]
fn StatsError(
    /// The overview whose error is shown.
    overview: Signal<Option<Arc<Overview>>>,
    /// Polls again now.
    retry: Callback<()>,
) -> impl IntoView {
    let error = Memo::new(move |_| overview.with(|o| o.as_ref().and_then(|o| o.error.clone())));
    view! {
        <div class="error-view" role="alert">
            <h2>{move || error.get().map(|e| e.title())}</h2>
            <p>{move || error.get().map(|e| e.to_string())}</p>
            <button on:click=move |_| retry.run(())>"Try again now"</button>
        </div>
    }
}

/// Everything below the heading once stats have arrived. Cards and charts are keyed by model, so they stay
/// mounted (and their canvases drawn) across polls.
#[component]
fn Board(overview: Signal<Option<Arc<Overview>>>) -> impl IntoView {
    let keys = Memo::new(move |_| {
        overview.with(|o| {
            o.as_ref()
                .map(|o| o.cards.iter().map(|c| c.key.clone()).collect::<Vec<_>>())
        })
    });
    let keys = move || keys.get().unwrap_or_default();
    let registry_error =
        Memo::new(move |_| overview.with(|o| o.as_ref().and_then(|o| o.registry_error.clone())));
    view! {
        <Unreachable overview />
        <AlertList overview />
        {move || registry_error.get().map(|e| view! { <p class="registry-error" role="status">{e}</p> })}
        // The cards, the charts and the history each a task after what is above them: the first render of the
        // page is four short tasks instead of one long one.
        <NextTask>
            <h2>"Models"</h2>
            <div class="serving-cards">
                <For each=keys key=|k| k.clone() let:key>
                    <ServingCard overview key />
                </For>
            </div>
            <NextTask>
                <h2>"Served F1 over time"</h2>
                <div class="served-f1-charts">
                    <For each=keys key=|k| k.clone() let:key>
                        <ServedF1Chart overview key />
                    </For>
                </div>
                <NextTask>
                    <h2 id="update-history">"Update history"</h2>
                    <UpdateHistory overview />
                </NextTask>
            </NextTask>
        </NextTask>
    }
}
