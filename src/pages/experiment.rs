use std::collections::HashMap;

use leptos::prelude::*;

use crate::app::app_href;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use pulse_core::api::Run;
use pulse_core::query::{SearchRunsRequest, Sort, SortField};
use pulse_core::table::{loaded_count, metric_keys, param_keys, visible_columns};
use pulse_core::url_state::{
    join_run_ids, parse_run_ids, toggle_run, valid_experiment_id, with_query,
};

use crate::api::{get_experiment, search_runs};
use crate::app::use_config;
use crate::components::columns_picker::ColumnsPicker;
use crate::components::error_view::ErrorView;
use crate::components::runs_table::RunsTable;
use crate::components::runs_timeline::RunsTimeline;
use crate::components::search_box::SearchBox;
use crate::paged::{LoadMore, Paged};
use crate::pages::NotFound;

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
    let query = use_query_map();
    let navigate = use_navigate();
    let filter = Memo::new(move |_| query.read().get("filter").unwrap_or_default());
    let sort = Memo::new(move |_| query.read().get("sort").and_then(|s| Sort::from_url(&s)));
    let selected = Memo::new(move |_| parse_run_ids(&query.read().get("runs").unwrap_or_default()));

    let experiment = LocalResource::new({
        let (cfg, id) = (cfg.clone(), id.clone());
        move || {
            let (cfg, id) = (cfg.clone(), id.clone());
            async move { get_experiment(&cfg, &id).await.map(|r| r.experiment) }
        }
    });

    let pages = Paged::<Run>::default();
    pages.follow(move || (filter.get(), sort.get()), {
        let (cfg, id) = (cfg.clone(), id.clone());
        move |(f, s): (String, Option<Sort>), token| {
            let req = SearchRunsRequest::new(&id, &f, s.as_ref(), token);
            let cfg = cfg.clone();
            async move {
                search_runs(&cfg, &req)
                    .await
                    .map(|r| (r.runs, r.next_page_token))
            }
        }
    });

    let go = {
        let id = id.clone();
        move |f: &str, s: Option<Sort>, runs: &[String], replace: bool| {
            let sort = s.map(|s| s.to_url()).unwrap_or_default();
            let url = with_query(
                &format!("/experiments/{id}"),
                &[
                    ("filter", f.trim()),
                    ("sort", &sort),
                    ("runs", &join_run_ids(runs)),
                ],
            );
            navigate(
                &url,
                NavigateOptions {
                    replace,
                    ..Default::default()
                },
            );
        }
    };
    let on_search = Callback::new({
        let go = go.clone();
        move |f: String| go(&f, sort.get_untracked(), &selected.get_untracked(), false)
    });
    let on_sort = Callback::new({
        let go = go.clone();
        move |field: SortField| {
            let next = Sort::toggled(sort.get_untracked().as_ref(), field);
            go(
                &filter.get_untracked(),
                Some(next),
                &selected.get_untracked(),
                false,
            )
        }
    });
    let on_select = Callback::new({
        let go = go.clone();
        move |run_id: String| {
            let runs = toggle_run(&selected.get_untracked(), &run_id);
            go(&filter.get_untracked(), sort.get_untracked(), &runs, true)
        }
    });
    let clear_selection = move |_| go(&filter.get_untracked(), sort.get_untracked(), &[], true);

    let f1 = cfg.f1_metric.clone();
    let metrics = Memo::new(move |_| pages.items.with(|r| metric_keys(r, &f1)));
    let params = Memo::new(move |_| pages.items.with(|r| param_keys(r)));
    let choices = RwSignal::new(HashMap::new());
    let columns = Memo::new(move |_| {
        metrics.with(|m| params.with(|p| choices.with(|c| visible_columns(m, p, c))))
    });

    let other_error = move || {
        pages.failure().map(
            |e| view! { <ErrorView error=e on_retry=Callback::new(move |_| pages.reload()) /> },
        )
    };
    let title = move || {
        match experiment.get() {
        Some(Ok(e)) => view! {
            <h1>{e.name.clone()}</h1>
            <p class="muted">{format!("Experiment {}", e.experiment_id)} " · " {e.description().unwrap_or_default().to_owned()}</p>
        }
            .into_any(),
        Some(Err(e)) => view! { <ErrorView error=e /> }.into_any(),
        None => view! { <h1 class="loading">"Loading experiment…"</h1> }.into_any(),
    }
    };
    let count = move || {
        pages.fetched.get().then(|| {
            loaded_count(
                pages.items.with(Vec::len),
                "runs",
                pages.next.with(Option::is_some),
            )
        })
    };
    // Once per page visit, not once per loaded page: `fetched` is set again by every page that arrives.
    let show_timeline = Memo::new(move |_| pages.fetched.get());
    let tags = Memo::new(move |_| match experiment.get() {
        Some(Ok(e)) => Some(e.tags),
        Some(Err(_)) => Some(Vec::new()),
        None => None,
    });

    view! {
        <section class="page">
            <nav class="crumbs" aria-label="Breadcrumb">
                <A href=app_href("/experiments")>"Experiments"</A>
            </nav>
            {title}
            {move || {
                let (id, cfg) = (id.clone(), cfg.clone());
                // After the first page of runs, so the chart's bigger query never delays the first row; the
                // experiment's tags come from the title's request.
                let tags = tags.get()?;
                show_timeline.get().then(|| view! { <RunsTimeline experiment_id=id experiment_tags=tags cfg /> })
            }}
            <div class="toolbar">
                <SearchBox
                    label="Filter runs"
                    placeholder="metrics.eval_f1 > 0.8 and params.batch_size = '32'"
                    value=filter
                    on_submit=on_search
                    on_refresh=Callback::new(move |_| pages.reload())
                    error=pages.query_error()
                />
                <ColumnsPicker metrics params visible=columns choices />
                {move || {
                    let n = selected.with(Vec::len);
                    (n > 0).then(|| view! {
                        <span class="selection" role="status">
                            {format!("{n} selected")}
                            <A href=app_href(&with_query("/compare", &[("runs", &join_run_ids(&selected.get()))])) attr:class="button">"Compare"</A>
                            <button class="link" on:click=clear_selection.clone()>"Clear selection"</button>
                        </span>
                    })
                }}
            </div>
            <div class="progress" class:active=move || pages.loading.get() aria-hidden="true"></div>
            {other_error}
            {move || {
                if !pages.fetched.get() {
                    return pages.error.with(Option::is_none).then(|| view! {
                        <p class="loading" role="status">"Loading runs…"</p>
                    }.into_any());
                }
                if pages.items.with(Vec::is_empty) {
                    return Some(view! {
                        <p class="empty">
                            {if filter.get().is_empty() {
                                "This experiment has no runs yet.".to_owned()
                            } else {
                                format!("No run matches {}.", filter.get())
                            }}
                        </p>
                    }.into_any());
                }
                Some(view! {
                    <RunsTable runs=pages.items columns sort on_sort selected on_select on_near_end=Callback::new(move |_| pages.more()) />
                }.into_any())
            }}
            <div class="table-foot">
                <span class="count" role="status">{count}</span>
                <LoadMore pages />
            </div>
        </section>
    }
}
