use std::collections::{BTreeMap, HashSet};

use leptos::prelude::*;
use pulse_core::api::Run;
use pulse_core::tracking::loaded_runs::LoadedRuns;
use pulse_core::tracking::query::{Sort, SortField};
use pulse_core::tracking::runs_table::Column;
use pulse_core::url_state::{join_run_set, parse_run_set};

use crate::hooks::use_row_window::{use_row_window, UseRowWindowOptions, UseRowWindowReturn};
use crate::hooks::use_run_rows::{use_run_rows, UseRunRowsOptions, UseRunRowsReturn};
use crate::hooks::use_url_settings::{use_url_settings, UseUrlSettingsOptions};
use crate::tracking::run_rows::row_event;

/// Row height in pixels; CSS gives `tr.run` the same height so the window arithmetic holds.
pub const ROW_HEIGHT: f64 = 34.0;

/// The runs table: server-side sorting by header click, nested runs under their parents, selection
/// checkboxes, and only the rows in view in the DOM, so 50,000 runs scroll like 50.
#[component]
pub fn RunsTable(
    /// The loaded runs, in server order.
    #[prop(into)]
    runs: Signal<Vec<Run>>,
    /// The loaded runs' nesting: `runs` taken in (see `LoadedRuns::update`), never another list.
    loaded: Memo<LoadedRuns>,
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
    let collapsed = use_folded_runs();
    let rows = Memo::new(move |_| loaded.with(|l| runs.with(|r| collapsed.with(|c| l.rows(r, c)))));
    let UseRowWindowReturn {
        scroller,
        on_scroll,
        window,
    } = use_row_window(UseRowWindowOptions {
        rows: Signal::derive(move || rows.with(Vec::len)),
        row_height: ROW_HEIGHT,
        on_near_end,
    });
    let toggle_fold = Callback::new(move |id: String| {
        collapsed.update(|c| {
            if !c.remove(&id) {
                c.insert(id);
            }
        })
    });
    // The rows in view, written into the DOM between the two spacer rows.
    let UseRunRowsReturn {
        top_spacer,
        bottom_spacer,
    } = use_run_rows(UseRunRowsOptions {
        runs,
        rows,
        window,
        columns,
        selected,
        names: experiments,
    });
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(id) = row_event(&ev, "input[type=checkbox]") {
            on_select.run(id);
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if let Some(id) = row_event(&ev, "button.fold") {
            toggle_fold.run(id);
        }
    };
    // Two spacer rows that stay in the DOM; only their heights follow the window.
    let top = move || format!("{}px", window.get().start as f64 * ROW_HEIGHT);
    let bottom = move || {
        let below = rows.with(Vec::len).saturating_sub(window.get().end);
        format!("{}px", below as f64 * ROW_HEIGHT)
    };

    view! {
        <div class="table-scroll" node_ref=scroller on:scroll=move |_| on_scroll.run(())>
            // Explicit roles all the way down: the CSS lays the table out as boxes, which costs table elements
            // their implicit roles in some browsers.
            <table
                class="runs"
                role="table"
                aria-label="Runs"
                aria-rowcount=move || rows.with(Vec::len) + 1
            >
                <RunsHead columns sort on_sort experiment_column=experiments.is_some() />
                <tbody role="rowgroup" on:change=on_change on:click=on_click>
                    <tr class="spacer" aria-hidden="true" style:height=top node_ref=top_spacer></tr>
                    <tr class="spacer" aria-hidden="true" style:height=bottom node_ref=bottom_spacer></tr>
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
        <thead role="rowgroup">
            <tr role="row" aria-rowindex="1">
                <th class="select" role="columnheader" scope="col">
                    <span class="visually-hidden">"Select"</span>
                </th>
                <SortHeader label="Run name" field=SortField::RunName sort on_sort class="name" />
                {experiment_column
                    .then(|| view! { <th class="experiment" role="columnheader" scope="col">
                            "Experiment"
                        </th> })}
                <SortHeader label="Status" field=SortField::Status sort on_sort class="status" />
                <SortHeader label="Start" field=SortField::StartTime sort on_sort class="start" />
                <th class="duration" role="columnheader" scope="col">
                    "Duration"
                </th>
                <SortHeader label="User" field=SortField::User sort on_sort class="user" />
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
    class: &'static str,
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
        <th class=class role="columnheader" scope="col" aria-sort=aria_sort title=title>
            <button class="sort" on:click=move |_| on_sort.run(field.clone())>
                {label}
                {arrow}
            </button>
        </th>
    }
}

/// The parent runs whose children the user folded away, read from the URL (`fold=`) and kept in it.
fn use_folded_runs() -> RwSignal<HashSet<String>> {
    let folded = RwSignal::new(HashSet::new());
    use_url_settings(UseUrlSettingsOptions {
        pairs: move || vec![("fold", folded.with(join_run_set))],
        apply: move |get: &dyn Fn(&str) -> String| folded.set(parse_run_set(&get("fold"))),
    });
    folded
}
