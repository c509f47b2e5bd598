//! The experiment page's "F1 over time", whose code (the chart's too) is a wasm chunk of its own, fetched once
//! the runs table has its first page: a first visit's bytes before the first row carry none of it.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::hooks::use_query_map;
use pulse_core::api::Tag;
use pulse_core::url_state::TIMELINE_OPEN;

use crate::tracking::runs_timeline::RunsTimeline;
use crate::ui::not_downloaded::NotDownloaded;

type Render = fn(String, Vec<Tag>) -> AnyView;

/// The timeline's view, from its chunk.
#[leptos::wasm_split::wasm_split(timeline, wasm_split_path = ::leptos::wasm_split, fallible)]
fn timeline_code() -> Result<Render, SplitLoaderError> {
    Ok(|experiment_id, experiment_tags| {
        view! { <RunsTimeline experiment_id experiment_tags /> }.into_any()
    })
}

/// [`RunsTimeline`] once its code is here; until then an empty slot of its height, so nothing below moves.
#[component]
pub fn LazyTimeline(
    /// The experiment.
    experiment_id: String,
    /// The experiment's tags.
    experiment_tags: Vec<Tag>,
) -> impl IntoView {
    let code = LocalResource::new(timeline_code);
    let retry = Callback::new(move |_| code.refetch());
    move || {
        match code.get() {
        Some(Ok(render)) => render(experiment_id.clone(), experiment_tags.clone()),
        Some(Err(_)) => view! {
            <NotDownloaded class="timeline-slot" message="The chart's code did not download; check the connection."
                on_retry=retry />
        }
        .into_any(),
        None => view! { <TimelineSlot /> }.into_any(),
    }
    }
}

/// An empty slot of the chart's height, held while the chart cannot show yet, so the runs table below stays put;
/// one line high when the URL says the timeline is closed (`timeline=0`), as the closed section will be.
#[component]
pub fn TimelineSlot() -> impl IntoView {
    let open = use_query_map()
        .with_untracked(|q| TIMELINE_OPEN.read(q.get_str(TIMELINE_OPEN.key).unwrap_or_default()));
    view! {
        <div class="timeline-slot" class:closed=!open aria-hidden="true">
            <div class="timeline-slot-line">"\u{a0}"</div>
        </div>
    }
}
