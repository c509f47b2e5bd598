//! The compare page's diff table: one column per run, a row per metric, param and user tag, with a
//! "differences only" toggle, the best value of each metric highlighted, and CSV export.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use pulse_core::api::Run;
use pulse_core::tracking::diff::{
    diff_csv, diff_rows, differ_count, run_heads, DiffRow, Direction, RowKind, RunHead,
};
use pulse_core::url_state::EXACT_VALUES;

use crate::app::app_href;
use crate::download::save_text;
use crate::hooks::use_url_flag::{use_url_flag, UseUrlFlagOptions};
use crate::time::offset_at;

/// The diff table.
#[component]
pub fn DiffTable(
    /// The runs, one column each, in selection order.
    runs: Arc<Vec<Run>>,
    /// Experiment id to name.
    experiments: HashMap<String, String>,
    /// The F1 metric, listed first.
    primary: String,
    /// Hide rows where every run agrees.
    diff_only: RwSignal<bool>,
    /// Metrics whose better direction the user flipped.
    flipped: RwSignal<BTreeSet<String>>,
    /// The run picked on a chart, highlighted.
    focus: RwSignal<Option<usize>>,
) -> impl IntoView {
    // When the table is first on screen, for `make bench` (time to first content of the compare page).
    Effect::new(move |_| {
        if let Some(p) = window().performance() {
            let _ = p.mark("pulse:compare:table");
        }
    });
    let heads = Arc::new(run_heads(&runs, &experiments, &offset_at));
    let rows = Memo::new(move |_| flipped.with(|f| diff_rows(&runs, &primary, f)));
    let shown = Memo::new(move |_| {
        let only = diff_only.get();
        rows.with(|r| {
            r.iter()
                .filter(|row| !only || row.differs)
                .cloned()
                .collect::<Vec<DiffRow>>()
        })
    });
    let counts = move || rows.with(|r| differ_count(r));
    // Every digit MLflow has, for a reader who cannot hover the cells' tooltips (keyboard, touch).
    let exact = use_url_flag(UseUrlFlagOptions { flag: EXACT_VALUES }).on;
    let export_error = RwSignal::new(None::<String>);
    let export = {
        let heads = heads.clone();
        move |_| {
            let csv = shown.with(|rows| diff_csv(&heads, rows));
            let saved = save_text("pulse-compare.csv", "text/csv", &csv);
            export_error.set(saved.err().map(|e| format!("Export failed: {e}")));
        }
    };
    let body = move || {
        shown
            .get()
            .into_iter()
            .map(|row| view! { <DiffTableRow row flipped focus exact /> })
            .collect_view()
    };
    view! {
        <div class="toolbar">
            <label>
                <input type="checkbox" prop:checked=move || diff_only.get() on:change=move |ev| diff_only.set(event_target_checked(&ev)) />
                " Differences only"
            </label>
            <label>
                <input type="checkbox" prop:checked=exact on:change=move |ev| exact.set(event_target_checked(&ev)) />
                " Exact values"
            </label>
            <span class="muted" role="status">{counts}</span>
            <button on:click=export>"Export CSV"</button>
        </div>
        {move || export_error.get().map(|e| view! { <p class="banner warning" role="alert">{e}</p> })}
        <div class="table-scroll">
            <table class="diff" aria-label="Runs side by side">
                <DiffHead heads=heads.clone() focus />
                <tbody>{body}</tbody>
            </table>
        </div>
        {move || (diff_only.get() && shown.with(Vec::is_empty)).then(|| view! { <p class="empty">"All runs agree on every param, metric and tag."</p> })}
    }
}

/// The header row: a column per run with its name, colour, experiment, status, start and duration.
#[component]
fn DiffHead(
    /// The runs' heads, in column order.
    heads: Arc<Vec<RunHead>>,
    /// The run picked on a chart, highlighted.
    focus: RwSignal<Option<usize>>,
) -> impl IntoView {
    let cells = heads
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, h)| {
            view! {
                <th scope="col" class:focused=move || focus.get() == Some(i)>
                    <A href=app_href(&format!("/runs/{}", h.run_id))>{h.name}</A>
                    <span class=format!("swatch run-{}", i % 8)></span>
                    <div class="run-head muted">
                        <div>{h.experiment}</div>
                        <div>{h.status}</div>
                        <div>{h.start}</div>
                        <div>{h.duration}</div>
                    </div>
                </th>
            }
        })
        .collect_view();
    view! { <thead><tr><th scope="col">"Run"</th>{cells}</tr></thead> }
}

/// One row: its kind and key (with the direction toggle of a metric), then a cell per run.
#[component]
fn DiffTableRow(
    /// The row.
    row: DiffRow,
    /// Metrics whose better direction the user flipped.
    flipped: RwSignal<BTreeSet<String>>,
    /// The run picked on a chart, highlighted.
    focus: RwSignal<Option<usize>>,
    /// Every digit, not the rounded value.
    exact: RwSignal<bool>,
) -> impl IntoView {
    let key = row.key.clone();
    let flip = row.direction.map(|d| {
        let key = key.clone();
        let (arrow, title) = match d {
            Direction::Higher => ("↑", "higher is better; click to flip"),
            Direction::Lower => ("↓", "lower is better; click to flip"),
        };
        view! {
            <button class="link direction" title=title aria-label=format!("{key}: {title}")
                on:click=move |_| flipped.update(|f| if !f.remove(&key) { f.insert(key.clone()); })
            >{arrow}</button>
        }
    });
    let row = Arc::new(row);
    let cells = (0..row.cells.len())
        .map(|i| value_cell(row.clone(), i, focus, exact))
        .collect_view();
    view! {
        <tr class=format!("kind-{}", row.kind.label()) class:same=!row.differs>
            <th scope="row"><span class="kind">{row.kind.label()}</span>" "{row.key.clone()}" "{flip}</th>
            {cells}
        </tr>
    }
}

/// Run `i`'s cell of a row: its value (rounded, or every digit with `exact`; every digit in the tooltip too),
/// marked when best; a dash where the run has no value.
fn value_cell(
    row: Arc<DiffRow>,
    i: usize,
    focus: RwSignal<Option<usize>>,
    exact: RwSignal<bool>,
) -> AnyView {
    let focused = move || focus.get() == Some(i);
    if row.shown(i, false).is_none() {
        return view! { <td class="missing" class:focused=focused title="missing">"—"</td> }
            .into_any();
    }
    let (metric, best) = (
        row.kind == RowKind::Metric,
        row.best.get(i).copied().unwrap_or(false),
    );
    let title = row.shown(i, true).map(str::to_owned);
    let shown = move || row.shown(i, exact.get()).map(str::to_owned);
    view! {
        <td class:num=metric class:best=best class:focused=focused title=title>
            {shown}
            // Bold and green say "best" to the eye; this says it to a screen reader.
            {best.then(|| view! { <span class="visually-hidden">" (best)"</span> })}
        </td>
    }
    .into_any()
}
