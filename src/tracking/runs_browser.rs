//! The runs of one or several experiments in one table: the filter box, the columns picker, selection and
//! **Compare**, server-side sort and paging, and the loading, empty and error states. The experiment page
//! and the view of several experiments side by side both show it; its state lives in the page URL.

use std::collections::{BTreeMap, HashMap};

use leptos::prelude::*;
use leptos_router::components::A;
use pulse_core::api::Run;
use pulse_core::tracking::loaded_runs::LoadedRuns;
use pulse_core::tracking::query::{SearchRunsRequest, Sort, SortField};
use pulse_core::tracking::runs_table::{loaded_count, visible_columns, Column};
use pulse_core::tracking::view_settings::{join_choices, parse_choices};
use pulse_core::url_state::{join_run_ids, toggle_run, with_query};

use crate::api::search_runs;
use crate::app::{app_href, use_config};
use crate::hooks::use_runs_query::{use_runs_query, RunsQuery, UseRunsQueryReturn};
use crate::hooks::use_url_settings::{use_url_settings, UseUrlSettingsOptions};
use crate::paged::{LoadMore, Paged};
use crate::tracking::columns_picker::ColumnsPicker;
use crate::tracking::runs_table::RunsTable;
use crate::ui::error_view::ErrorView;
use crate::ui::search_box::SearchBox;

/// The runs table of some experiments with everything around it.
#[component]
pub fn RunsBrowser(
    /// The experiments whose runs are listed, all in one table (`runs/search` takes several).
    experiment_ids: Vec<String>,
    /// The loaded runs: owned by the page, so it can wait for the first page before loading anything else.
    pages: Paged<Run>,
    /// Experiment names by id; when given, the table has an Experiment column.
    #[prop(optional, into)]
    experiment_names: Option<Signal<BTreeMap<String, String>>>,
) -> impl IntoView {
    let cfg = use_config();
    let q = use_runs_query();
    let single = experiment_ids.len() == 1;
    follow_runs(pages, experiment_ids, q);
    let go = move |filter: String, sort: Option<Sort>, runs: Vec<String>, replace: bool| {
        q.set.run(RunsQuery {
            filter,
            sort,
            runs,
            replace,
        })
    };
    let on_search = Callback::new(move |f: String| {
        go(f, q.sort.get_untracked(), q.selected.get_untracked(), false)
    });
    let on_sort = Callback::new(move |field: SortField| {
        let next = Sort::toggled(q.sort.get_untracked().as_ref(), field);
        go(
            q.filter.get_untracked(),
            Some(next),
            q.selected.get_untracked(),
            false,
        )
    });
    let on_select = Callback::new(move |run_id: String| {
        let runs = toggle_run(&q.selected.get_untracked(), &run_id);
        go(q.filter.get_untracked(), q.sort.get_untracked(), runs, true)
    });
    let f1 = cfg.f1_metric.clone();
    // Taken in a page at a time: the keys and the nesting of 50,000 runs are not worked out again for each page.
    let loaded = Memo::new_owning(move |previous: Option<LoadedRuns>| {
        let mut loaded = previous.unwrap_or_default();
        pages
            .items
            .with(|runs| loaded.update(runs, pages.list_id()));
        (loaded, true)
    });
    let metrics = Memo::new(move |_| loaded.with(|l| l.metric_keys(&f1)));
    let params = Memo::new(move |_| loaded.with(LoadedRuns::param_keys));
    let choices = use_column_choices();
    let columns = Memo::new(move |_| {
        metrics.with(|m| params.with(|p| choices.with(|c| visible_columns(m, p, c))))
    });
    let count = move || {
        pages.fetched.get().then(|| {
            let more = pages.next.with(Option::is_some);
            loaded_count(pages.items.with(Vec::len), "runs", more)
        })
    };
    view! {
        <div class="toolbar">
            <SearchBox
                label="Filter runs"
                placeholder="metrics.eval_f1 > 0.8 and params.batch_size = '32'"
                value=q.filter
                on_submit=on_search
                on_refresh=Callback::new(move |_| pages.reload())
                error=pages.query_error()
            />
            <ColumnsPicker metrics params visible=columns choices />
            <SelectionBar q />
        </div>
        <div class="progress" class:active=move || pages.loading.get() aria-hidden="true"></div>
        {move || pages.failure().map(|e| view! { <ErrorView error=e on_retry=Callback::new(move |_| pages.retry()) /> })}
        <RunsBody pages loaded columns q on_sort on_select experiment_names single />
        <div class="table-foot">
            <span class="count" role="status">{count}</span>
            <LoadMore pages />
        </div>
    }
}

/// The columns turned on or off by the user, read from the URL (`cols=`) and kept in it.
fn use_column_choices() -> RwSignal<HashMap<String, bool>> {
    let choices = RwSignal::new(HashMap::new());
    use_url_settings(UseUrlSettingsOptions {
        pairs: move || vec![("cols", choices.with(join_choices))],
        apply: move |get: &dyn Fn(&str) -> String| choices.set(parse_choices(&get("cols"))),
    });
    choices
}

/// Keeps `pages` on the runs of the experiments that match the URL's filter, in its sort.
fn follow_runs(pages: Paged<Run>, experiment_ids: Vec<String>, q: UseRunsQueryReturn) {
    let cfg = use_config();
    pages.follow(
        move || (q.filter.get(), q.sort.get()),
        move |(f, s): (String, Option<Sort>), token| {
            let req = SearchRunsRequest::across(&experiment_ids, &f, s.as_ref(), token);
            let cfg = cfg.clone();
            async move {
                search_runs(&cfg, &req)
                    .await
                    .map(|r| (r.runs, r.next_page_token))
            }
        },
    );
}

/// "N selected", the Compare link and Clear selection, while runs are selected.
#[component]
fn SelectionBar(q: UseRunsQueryReturn) -> impl IntoView {
    let clear = move |_| {
        q.set.run(RunsQuery {
            filter: q.filter.get_untracked(),
            sort: q.sort.get_untracked(),
            runs: Vec::new(),
            replace: true,
        })
    };
    move || {
        let n = q.selected.with(Vec::len);
        (n > 0).then(|| {
            let href = with_query("/compare", &[("runs", &join_run_ids(&q.selected.get()))]);
            view! {
                <span class="selection" role="status">
                    {format!("{n} selected")}
                    <A href=app_href(&href) attr:class="button">"Compare"</A>
                    <button class="link" on:click=clear>"Clear selection"</button>
                </span>
            }
        })
    }
}

/// The table, or what stands in its place: loading, no runs, or no match for the filter.
#[component]
fn RunsBody(
    pages: Paged<Run>,
    loaded: Memo<LoadedRuns>,
    columns: Memo<Vec<Column>>,
    q: UseRunsQueryReturn,
    on_sort: Callback<SortField>,
    on_select: Callback<String>,
    experiment_names: Option<Signal<BTreeMap<String, String>>>,
    single: bool,
) -> impl IntoView {
    // Only whether there are runs, so a new page of runs does not build the table again.
    let empty = Memo::new(move |_| pages.items.with(Vec::is_empty));
    move || {
        if !pages.fetched.get() {
            return pages.error.with(Option::is_none).then(|| {
                view! { <p class="loading" role="status">"Loading runs…"</p> }.into_any()
            });
        }
        if empty.get() {
            let filter = q.filter.get();
            let text = match (filter.is_empty(), single) {
                (true, true) => "This experiment has no runs yet.".to_owned(),
                (true, false) => "None of these experiments has runs yet.".to_owned(),
                (false, _) => format!("No run matches {filter}."),
            };
            return Some(view! { <p class="empty">{text}</p> }.into_any());
        }
        Some(
            view! {
                <RunsTable
                    runs=pages.items
                    loaded
                    columns
                    sort=q.sort
                    on_sort
                    selected=q.selected
                    on_select
                    experiments=experiment_names
                    on_near_end=Callback::new(move |_| pages.more())
                />
            }
            .into_any(),
        )
    }
}
