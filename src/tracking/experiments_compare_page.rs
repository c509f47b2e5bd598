//! `/experiments/compare?ids=1,2,3`: several experiments side by side: the best run of each, a ranked chart
//! and F1 over time across them, then one runs table over all of them with an Experiment column.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use pulse_core::api::Run;
use pulse_core::tracking::experiments_compare::direction_param;
use pulse_core::url_state::parse_experiment_ids;

use crate::api::load_experiments;
use crate::app::{app_href, use_config};
use crate::hooks::use_best_of_each::ExperimentsResource;
use crate::paged::Paged;
use crate::tracking::best_of_each::BestOfEachPanel;
use crate::tracking::runs_browser::RunsBrowser;
use crate::ui::error_view::ErrorView;

/// The page: the experiments come from `ids=`; none gives a pointer back to the list.
#[component]
pub fn ExperimentsComparePage() -> impl IntoView {
    let query = use_query_map();
    let ids =
        Memo::new(move |_| parse_experiment_ids(&query.read().get("ids").unwrap_or_default()));
    move || {
        let ids = ids.get();
        if ids.is_empty() {
            view! {
                <section class="page">
                    <h1>"Experiments side by side"</h1>
                    <p class="empty">
                        "No experiments chosen. Tick two or more on the " <A href=app_href("/experiments")>"experiments list"</A>
                        ", then press Compare."
                    </p>
                </section>
            }
            .into_any()
        } else {
            view! { <Compared ids /> }.into_any()
        }
    }
}

#[component]
fn Compared(ids: Vec<String>) -> impl IntoView {
    let cfg = use_config();
    let query = use_query_map();
    let f1 = cfg.f1_metric.clone();
    let metric = Memo::new(move |_| {
        query
            .read()
            .get("metric")
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| f1.clone())
    });
    let direction = Memo::new(move |_| {
        metric.with(|m| direction_param(query.read().get("better").as_deref(), m))
    });
    let experiments: ExperimentsResource = LocalResource::new({
        let ids = ids.clone();
        move || {
            let (cfg, ids) = (cfg.clone(), ids.clone());
            async move { load_experiments(&cfg, &ids).await }
        }
    });
    let names = Memo::new(move |_| match experiments.get() {
        Some(Ok(list)) => list
            .into_iter()
            .filter_map(|(id, e)| Some((id, e?.name)))
            .collect::<BTreeMap<_, _>>(),
        _ => BTreeMap::new(),
    });
    let pages = Paged::<Run>::default();
    // Once the table has its first page, so the best-of-each queries never delay the first row.
    let started = Memo::new(move |_| pages.fetched.get());
    view! {
        <section class="page">
            <nav class="crumbs" aria-label="Breadcrumb">
                <A href=app_href("/experiments")>"Experiments"</A>
            </nav>
            <h1>{format!("{} experiments side by side", ids.len())}</h1>
            <Chosen experiments />
            {move || started.get().then(|| view! { <BestOfEachPanel experiments metric=metric.into() direction=direction.into() /> })}
            <h2>"Runs"</h2>
            <RunsBrowser experiment_ids=ids pages experiment_names=names />
        </section>
    }
}

/// The chosen experiments as chips, and what the table cannot show: runs of deleted experiments (MLflow
/// deletes them with their experiment) and ids MLflow does not know.
#[component]
fn Chosen(experiments: ExperimentsResource) -> impl IntoView {
    move || match experiments.get() {
        None => view! { <p class="loading" role="status">"Loading experiments…"</p> }.into_any(),
        Some(Err(e)) => {
            view! { <ErrorView error=e on_retry=Callback::new(move |_| experiments.refetch()) /> }
                .into_any()
        }
        Some(Ok(list)) => {
            let chips = list
                .iter()
                .enumerate()
                .map(|(i, (id, e))| {
                    let swatch = format!("swatch run-{}", i % 8);
                    let (id, e) = (id.clone(), e.clone());
                    match e {
                        Some(e) => {
                            let (deleted, name) = (e.is_deleted(), e.name);
                            view! {
                            <span class="chip"><span class=swatch></span><A href=app_href(&format!("/experiments/{id}"))>{name}</A>
                                {deleted.then(|| view! { <span class="badge deleted">"deleted"</span> })}</span>
                            }
                            .into_any()
                        }
                        None => view! { <span class="chip"><span class=swatch></span>{format!("Experiment {id}")}<span class="badge deleted">"not found"</span></span> }.into_any(),
                    }
                })
                .collect_view();
            let deleted: Vec<String> = list
                .iter()
                .filter_map(|(_, e)| {
                    e.as_ref()
                        .filter(|e| e.is_deleted())
                        .map(|e| e.name.clone())
                })
                .collect();
            let missing: Vec<String> = list
                .iter()
                .filter(|(_, e)| e.is_none())
                .map(|(id, _)| id.clone())
                .collect();
            view! {
                <div class="chips chosen">{chips}</div>
                {(!deleted.is_empty()).then(|| view! { <p class="muted note" role="note">{format!("Deleted: {}. MLflow deleted their runs with them, so the table lists none of them; their best run is still shown.", deleted.join(", "))}</p> })}
                {(!missing.is_empty()).then(|| view! { <p class="banner warning" role="note">{format!("No experiment with id {}.", missing.join(", "))}</p> })}
            }
            .into_any()
        }
    }
}
