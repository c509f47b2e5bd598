use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use pulse_core::api::Run;
use pulse_core::url_state::valid_experiment_id;

use crate::api::get_experiment;
use crate::app::{app_href, use_config};
use crate::paged::Paged;
use crate::time::after_paint;
use crate::tracking::lazy_timeline::{LazyTimeline, TimelineSlot};
use crate::tracking::runs_browser::RunsBrowser;
use crate::ui::error_view::ErrorView;
use crate::ui::next_task::NextTask;
use crate::ui::NotFound;

/// `/experiments/:id`: the runs table, with the filter, sort and selection kept in the URL.
#[component]
pub fn ExperimentPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    move || {
        if valid_experiment_id(&id.get()) {
            view! { <Experiment id=id.get() /> }.into_any()
        } else {
            view! { <NotFound /> }.into_any()
        }
    }
}

#[component]
fn Experiment(id: String) -> impl IntoView {
    let cfg = use_config();
    let experiment = LocalResource::new({
        let (cfg, id) = (cfg.clone(), id.clone());
        move || {
            let (cfg, id) = (cfg.clone(), id.clone());
            async move { get_experiment(&cfg, &id).await.map(|r| r.experiment) }
        }
    });
    let pages = Paged::<Run>::default();
    let heading = format!("Experiment {id}");
    let title = move || {
        match experiment.get() {
        Some(Ok(e)) => view! {
            <h1>{e.name.clone()}</h1>
            <p class="muted">{format!("Experiment {}", e.experiment_id)} " · " {e.description().unwrap_or_default().to_owned()}</p>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <h1>{heading.clone()}</h1>
            <ErrorView error=e on_retry=Callback::new(move |_| experiment.refetch()) />
        }
        .into_any(),
        // The line under the title is held open, so the page below does not move when the name arrives.
        None => view! {
            <h1 class="loading">"Loading experiment…"</h1>
            <p class="muted">"\u{a0}"</p>
        }
        .into_any(),
    }
    };
    // Once per page visit, not once per loaded page, and after the first rows are painted: the chart's code
    // and its bigger query never compete with the first row.
    let show_timeline = RwSignal::new(false);
    Effect::new(move || {
        if pages.fetched.get() && !show_timeline.get_untracked() {
            leptos::task::spawn_local(async move {
                after_paint().await;
                show_timeline.try_set(true);
            });
        }
    });
    let tags = Memo::new(move |_| match experiment.get() {
        Some(Ok(e)) => Some(e.tags),
        Some(Err(_)) => Some(Vec::new()),
        None => None,
    });
    let timeline = {
        let id = id.clone();
        move || {
            let id = id.clone();
            // The experiment's tags come from the title's request. Until then an empty slot of the chart's height
            // keeps the runs table where it will stay.
            match (tags.get(), show_timeline.get()) {
                (Some(tags), true) => {
                    view! { <LazyTimeline experiment_id=id experiment_tags=tags /> }.into_any()
                }
                _ => view! { <TimelineSlot /> }.into_any(),
            }
        }
    };
    view! {
        <section class="page">
            <nav class="crumbs" aria-label="Breadcrumb">
                <A href=app_href("/experiments")>"Experiments"</A>
            </nav>
            {title}
            {timeline}
            // A task after the title, so the first render is two shorter tasks.
            <NextTask>
                <RunsBrowser experiment_ids=vec![id.clone()] pages />
            </NextTask>
        </section>
    }
}
