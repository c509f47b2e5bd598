//! The compare page's charts: a bar chart per chosen metric, parallel coordinates over chosen params and
//! metrics, and a scatter of any param or metric against any metric. Hover reads a run's values; a click
//! picks the run, which the diff table highlights.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use leptos::prelude::*;
use pulse_core::api::Run;
use pulse_core::chart::{
    bars_spec, parallel_spec, run_readout, scatter_spec, ChartSpec, Threshold, HIT_RADIUS_PX,
};
use pulse_core::format::{file_stem, format_metric};
use pulse_core::tracking::diff::Direction;
use pulse_core::tracking::runs_table::{param_keys, visible_columns, Column};
use pulse_core::tracking::view_settings::{bar_metrics, scatter_x, scatter_y};

use crate::hooks::use_compare_settings::UseCompareSettingsReturn;
use crate::tracking::columns_picker::ColumnsPicker;
use crate::ui::chart::{ChartCanvas, Pointer};

/// The charts, for runs in selection order.
#[component]
pub fn CompareCharts(
    /// The runs.
    runs: Arc<Vec<Run>>,
    /// Every metric key, the F1 metric first.
    metrics: Vec<String>,
    /// The threshold lines for a metric.
    thresholds: Callback<String, Vec<Threshold>>,
    /// The page's settings: flipped directions, bar metrics, parallel and scatter axes.
    settings: UseCompareSettingsReturn,
    /// The picked run.
    focus: RwSignal<Option<usize>>,
) -> impl IntoView {
    let params = param_keys(&runs);
    let UseCompareSettingsReturn {
        flipped,
        bars,
        axes,
        scatter_x,
        scatter_y,
        ..
    } = settings;
    let pick = Callback::new(move |p: Pointer| {
        if let Some(m) = p.mark(HIT_RADIUS_PX) {
            focus.set(Some(m.run));
        }
    });
    let f1 = metrics.first().cloned().unwrap_or_default();
    view! {
        <PickedNote runs=runs.clone() f1 focus />
        <h3>"Bars"</h3>
        <BarCharts runs=runs.clone() metrics=metrics.clone() thresholds flipped choices=bars focus />
        <h3>"Parallel coordinates"</h3>
        <ParallelChart runs=runs.clone() metrics=metrics.clone() params=params.clone() choices=axes pick />
        <h3>"Scatter"</h3>
        <ScatterChart runs metrics params thresholds x=scatter_x y=scatter_y pick />
    }
}

/// The run picked on a chart, with its F1.
#[component]
fn PickedNote(
    /// The runs.
    runs: Arc<Vec<Run>>,
    /// The F1 metric.
    f1: String,
    /// The picked run.
    focus: RwSignal<Option<usize>>,
) -> impl IntoView {
    move || {
        focus.get().and_then(|i| runs.get(i)).map(|r| {
            let value = r.metric(&f1).map(format_metric).unwrap_or_default();
            view! { <p class="muted" role="status">{format!("Picked: {} {value} (highlighted in the table)", r.display_name())}</p> }
        })
    }
}

/// One bar chart per metric ticked (the F1 metric at first); a click on a bar picks its run.
#[component]
fn BarCharts(
    /// The runs.
    runs: Arc<Vec<Run>>,
    /// Every metric key, the F1 metric first.
    metrics: Vec<String>,
    /// The threshold lines for a metric.
    thresholds: Callback<String, Vec<Threshold>>,
    /// Metrics whose better direction the user flipped.
    flipped: RwSignal<BTreeSet<String>>,
    /// Bar charts turned on or off, by metric.
    choices: RwSignal<HashMap<String, bool>>,
    /// The picked run.
    focus: RwSignal<Option<usize>>,
) -> impl IntoView {
    let higher = move |m: &str| flipped.with(|f| Direction::chosen(m, f)) == Direction::Higher;
    let all = metrics.clone();
    let bar_metrics = Memo::new(move |_| choices.with(|c| bar_metrics(&all, c)));
    let bars = move || {
        bar_metrics
            .get()
            .into_iter()
            .map(|metric| {
                let runs = runs.clone();
                let m = metric.clone();
                let spec = Signal::derive({
                    let runs = runs.clone();
                    move || Some(ChartSpec::Bars(bars_spec(&runs, &m, higher(&m), thresholds.run(m.clone()))))
                });
                let n = runs.len();
                let hover_metric = metric.clone();
                let hover = Callback::new(move |p: Pointer| {
                    let run = runs.get(p.drawn.slot_at(p.x, n)?)?;
                    Some(run_readout(run, &[Column::Metric(hover_metric.clone())]))
                });
                let on_pick = Callback::new(move |p: Pointer| {
                    if let Some(i) = p.drawn.slot_at(p.x, n) {
                        focus.set(Some(i));
                    }
                });
                view! {
                    <ChartCanvas spec label=format!("{metric} across runs") measure="pulse:chart:bars"
                        file_name=format!("{}-bars", file_stem(&metric)) height=240 hover on_pick />
                }
            })
            .collect_view()
    };
    let metric_boxes = metrics
        .iter()
        .map(|m| {
            let (key, key2) = (m.clone(), m.clone());
            view! {
                <label>
                    <input type="checkbox" prop:checked=move || bar_metrics.with(|b| b.contains(&key))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            choices.update(|c| { c.insert(key2.clone(), on); });
                        } />
                    {m.clone()}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="chip-picker"><legend>"Metrics"</legend>{metric_boxes}</fieldset>
        {bars}
    }
}

/// Parallel coordinates: params (inputs) left of metrics (outputs), the axes chosen by the user.
#[component]
fn ParallelChart(
    /// The runs.
    runs: Arc<Vec<Run>>,
    /// Every metric key.
    metrics: Vec<String>,
    /// Every param key.
    params: Vec<String>,
    /// Axes turned on or off, by column id.
    choices: RwSignal<HashMap<String, bool>>,
    /// Picks the run under the pointer.
    pick: Callback<Pointer>,
) -> impl IntoView {
    let (metric_choices, param_choices) = (Signal::stored(metrics), Signal::stored(params));
    let axes = Memo::new(move |_| {
        let mut cols = metric_choices
            .with(|m| param_choices.with(|p| choices.with(|c| visible_columns(m, p, c))));
        pulse_core::sort::sort_by_key(&mut cols, |c| matches!(c, Column::Metric(_)));
        cols
    });
    let parallel = {
        let runs = runs.clone();
        Signal::derive(move || Some(ChartSpec::Parallel(axes.with(|a| parallel_spec(&runs, a)))))
    };
    let hover = Callback::new(move |p: Pointer| {
        let m = p.mark(HIT_RADIUS_PX)?;
        let run = runs.get(m.run)?;
        Some(axes.with(|a| run_readout(run, a)))
    });
    view! {
        <ColumnsPicker metrics=metric_choices params=param_choices visible=axes choices title="Axes" />
        <ChartCanvas spec=parallel label="Parallel coordinates of the compared runs" measure="pulse:chart:parallel"
            file_name="parallel-coordinates" height=340 hover on_pick=pick />
    }
}

/// A scatter of any param or metric (x) against any metric (y).
#[component]
fn ScatterChart(
    /// The runs.
    runs: Arc<Vec<Run>>,
    /// Every metric key, the F1 metric first.
    metrics: Vec<String>,
    /// Every param key.
    params: Vec<String>,
    /// The threshold lines for a metric.
    thresholds: Callback<String, Vec<Threshold>>,
    /// The x axis chosen (a column id); the first param, else the first metric, until then.
    x: RwSignal<Option<String>>,
    /// The y metric chosen; the first metric until then.
    y: RwSignal<Option<String>>,
    /// Picks the run under the pointer.
    pick: Callback<Pointer>,
) -> impl IntoView {
    let all_columns: Vec<Column> = params
        .iter()
        .map(|p| Column::Param(p.clone()))
        .chain(metrics.iter().map(|m| Column::Metric(m.clone())))
        .collect();
    let x_choice = {
        let all_columns = all_columns.clone();
        Memo::new(move |_| x.with(|x| scatter_x(&all_columns, x.as_deref())))
    };
    let y_choice = {
        let metrics = metrics.clone();
        Memo::new(move |_| y.with(|y| scatter_y(&metrics, y.as_deref())))
    };
    let scatter = {
        let runs = runs.clone();
        Signal::derive(move || {
            let x = x_choice.get()?;
            let y = y_choice.get();
            Some(ChartSpec::Scatter(scatter_spec(
                &runs,
                &x,
                &y,
                thresholds.run(y.clone()),
            )))
        })
    };
    let hover = Callback::new(move |p: Pointer| {
        let m = p.mark(HIT_RADIUS_PX)?;
        let x = x_choice.get_untracked()?;
        Some(run_readout(
            runs.get(m.run)?,
            &[x, Column::Metric(y_choice.get_untracked())],
        ))
    });
    let x_options = all_columns
        .iter()
        .map(|c| view! { <option value=c.id()>{c.choice_label()}</option> })
        .collect_view();
    let y_options = metrics
        .iter()
        .map(|m| view! { <option value=m.clone()>{m.clone()}</option> })
        .collect_view();
    view! {
        <div class="chart-controls">
            <label>"X "
                <select aria-label="Scatter x axis" on:change=move |ev| x.set(Some(event_target_value(&ev)))
                    prop:value=move || x_choice.get().map(|c| c.id()).unwrap_or_default()>{x_options}</select>
            </label>
            <label>"Y "
                <select aria-label="Scatter y axis" on:change=move |ev| y.set(Some(event_target_value(&ev))) prop:value=move || y_choice.get()>{y_options}</select>
            </label>
        </div>
        <ChartCanvas spec=scatter label="Scatter of the compared runs" measure="pulse:chart:scatter"
            file_name="scatter" height=320 hover on_pick=pick />
    }
}
