use std::collections::{BTreeMap, HashSet};

use leptos::prelude::*;
use pulse_core::api::Run;
use pulse_core::format::format_run_duration;
use pulse_core::tracking::experiments_compare::experiment_label;
use pulse_core::tracking::query::{Sort, SortField};
use pulse_core::tracking::runs_table::{tree_rows, Column, TreeRow};

use crate::hooks::use_row_window::{use_row_window, UseRowWindowOptions, UseRowWindowReturn};
use crate::time::local_datetime_or_dash;

/// Row height in pixels; CSS gives `tr.run` the same height so the window arithmetic holds.
pub const ROW_HEIGHT: f64 = 34.0;

/// The runs table: server-side sorting by header click, nested runs under their parents, selection
/// checkboxes, and only the rows in view in the DOM, so 50,000 runs scroll like 50.
#[component]
pub fn RunsTable(
    /// The loaded runs, in server order.
    #[prop(into)]
    runs: Signal<Vec<Run>>,
    /// Metric and param columns to show.
    #[prop(into)]
    columns: Signal<Vec<Column>>,
    /// The current server-side sort.
    #[prop(into)]
    sort: Signal<Option<Sort>>,
    /// Called when a sortable header is clicked.
    on_sort: Callback<SortField>,
    /// Selected run ids.
    #[prop(into)]
    selected: Signal<Vec<String>>,
    /// Called with a run id when its checkbox flips.
    on_select: Callback<String>,
    /// Called when the rows in view come near the end of the loaded rows (to fetch the next page).
    #[prop(optional)]
    on_near_end: Option<Callback<()>>,
    /// Experiment names by id: given, an Experiment column names each run's experiment (a table over
    /// several experiments).
    #[prop(optional_no_strip)]
    experiments: Option<Signal<BTreeMap<String, String>>>,
) -> impl IntoView {
    let collapsed = RwSignal::new(HashSet::<String>::new());
    let rows = Memo::new(move |_| runs.with(|r| collapsed.with(|c| tree_rows(r, c))));
    let UseRowWindowReturn {
        scroller,
        on_scroll,
        window,
    } = use_row_window(UseRowWindowOptions {
        rows: Signal::derive(move || rows.with(Vec::len)),
        row_height: ROW_HEIGHT,
        on_near_end,
    });
    let shown = move || {
        let range = window.get();
        runs.with(|all| {
            rows.with(|rows| {
                rows[range]
                    .iter()
                    .filter_map(|row| all.get(row.index).map(|run| (*row, run.clone())))
                    .collect::<Vec<_>>()
            })
        })
    };
    // Two spacer rows that stay in the DOM; only their heights follow the window.
    let top = move || format!("{}px", window.get().start as f64 * ROW_HEIGHT);
    let bottom = move || {
        let below = rows.with(Vec::len).saturating_sub(window.get().end);
        format!("{}px", below as f64 * ROW_HEIGHT)
    };
    let toggle_fold = Callback::new(move |id: String| {
        collapsed.update(|c| {
            if !c.remove(&id) {
                c.insert(id);
            }
        })
    });

    view! {
        <div class="table-scroll" node_ref=scroller on:scroll=move |_| on_scroll.run(())>
            <table class="runs" aria-label="Runs" aria-rowcount=move || rows.with(Vec::len) + 1>
                <RunsHead columns sort on_sort experiment_column=experiments.is_some() />
                <tbody>
                    <tr class="spacer" aria-hidden="true" style:height=top></tr>
                    <For
                        each=shown
                        key=|(row, run)| (run.info.run_id.clone(), row.depth, row.collapsed, row.children)
                        let((row, run))
                    >
                        <RunRow row run columns selected on_select on_fold=toggle_fold experiments />
                    </For>
                    <tr class="spacer" aria-hidden="true" style:height=bottom></tr>
                </tbody>
            </table>
        </div>
    }
}

/// The header row: the fixed columns, then a sortable header per metric and param column.
#[component]
fn RunsHead(
    columns: Signal<Vec<Column>>,
    sort: Signal<Option<Sort>>,
    on_sort: Callback<SortField>,
    experiment_column: bool,
) -> impl IntoView {
    view! {
        <thead>
            <tr>
                <th class="select" scope="col">
                    <span class="visually-hidden">"Select"</span>
                </th>
                <SortHeader label="Run name" field=SortField::RunName sort on_sort />
                {experiment_column.then(|| view! { <th scope="col">"Experiment"</th> })}
                <SortHeader label="Status" field=SortField::Status sort on_sort />
                <SortHeader label="Start" field=SortField::StartTime sort on_sort />
                <th scope="col">"Duration"</th>
                <SortHeader label="User" field=SortField::User sort on_sort />
                {move || {
                    columns
                        .get()
                        .into_iter()
                        .map(|c| {
                            let class = c.kind();
                            view! {
                                <SortHeader
                                    label=c.key().to_owned()
                                    field=c.sort_field()
                                    sort
                                    on_sort
                                    class
                                />
                            }
                        })
                        .collect_view()
                }}
            </tr>
        </thead>
    }
}

#[component]
fn SortHeader(
    #[prop(into)] label: String,
    field: SortField,
    sort: Signal<Option<Sort>>,
    on_sort: Callback<SortField>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let state = {
        let field = field.clone();
        move || match sort.get() {
            Some(s) if s.field == field && s.descending => "descending",
            Some(s) if s.field == field => "ascending",
            _ => "none",
        }
    };
    let aria_sort = state.clone();
    let arrow = move || match state() {
        "descending" => " ▼",
        "ascending" => " ▲",
        _ => "",
    };
    let title = label.clone();
    view! {
        <th scope="col" class=class aria-sort=aria_sort title=title>
            <button class="sort" on:click=move |_| on_sort.run(field.clone())>
                {label}
                {arrow}
            </button>
        </th>
    }
}

#[component]
fn RunRow(
    row: TreeRow,
    run: Run,
    columns: Signal<Vec<Column>>,
    selected: Signal<Vec<String>>,
    on_select: Callback<String>,
    on_fold: Callback<String>,
    experiments: Option<Signal<BTreeMap<String, String>>>,
) -> impl IntoView {
    let id = run.info.run_id.clone();
    let name = run.display_name().to_owned();
    let is_selected = {
        let id = id.clone();
        move || selected.with(|s| s.contains(&id))
    };
    let duration = format_run_duration(&run);
    let status = run.info.status.clone();
    let cells = {
        let run = run.clone();
        move || {
            columns
                .get()
                .into_iter()
                .map(|c| {
                    view! { <td class="num" title=c.exact(&run)>{c.cell(&run)}</td> }
                })
                .collect_view()
        }
    };
    let experiment = experiments.map(|names| {
        let run = run.clone();
        view! { <td class="experiment">{move || names.with(|n| experiment_label(n, &run))}</td> }
    });
    let check_label = format!("Select run {name}");
    let (row_selected, select_id) = (is_selected.clone(), id.clone());
    view! {
        <tr class="run" class:selected=row_selected data-run-id=id.clone()>
            <td class="select">
                <input
                    type="checkbox"
                    aria-label=check_label
                    prop:checked=is_selected
                    on:change=move |_| on_select.run(select_id.clone())
                />
            </td>
            <NameCell row id=id.clone() name on_fold />
            {experiment}
            <td>
                <span class=format!("badge status-{}", status.to_lowercase())>{status.clone()}</span>
            </td>
            <td>{local_datetime_or_dash(run.info.start_time)}</td>
            <td>{duration}</td>
            <td>{run.info.user_id.clone()}</td>
            {cells}
        </tr>
    }
}

/// The run's name as a link, indented by its depth, with the fold button of a parent run.
#[component]
fn NameCell(row: TreeRow, id: String, name: String, on_fold: Callback<String>) -> impl IntoView {
    let fold = (row.children > 0).then(|| {
        let id = id.clone();
        let label = format!(
            "{} {} child runs of {name}",
            if row.collapsed { "Show" } else { "Hide" },
            row.children
        );
        view! {
            <button
                class="fold"
                aria-expanded=(!row.collapsed).to_string()
                aria-label=label
                on:click=move |_| on_fold.run(id.clone())
            >
                {if row.collapsed { "▸" } else { "▾" }}
            </button>
        }
    });
    // Relative to <base href>, so the link stays under the path Pulse is served from.
    let (title, href) = (name.clone(), format!("runs/{id}"));
    view! {
        <td class="name" style:padding-left=format!("{}rem", 0.5 + row.depth as f64 * 1.25)>
            {fold}
            // A plain link: the router handles its clicks as it does every same-origin anchor, and it costs
            // far less than a router `<A>` to create for every row that scrolls into view.
            <a href=href title=title>
                {name}
            </a>
            {(row.collapsed && row.children > 0)
                .then(|| view! { <span class="child-count">{format!(" +{}", row.children)}</span> })}
        </td>
    }
}
