//! A metric's history for one or more runs: metric, x axis, smoothing and log-scale controls, a legend that
//! hides runs, the chart, the hover read-out and a note for values that could not be drawn.

use std::collections::HashSet;

use leptos::prelude::*;
use pulse_core::chart::{readout_text, trend_label, ChartSpec, Threshold, XKind};
use pulse_core::format::file_stem;
use pulse_core::tracking::view_settings::TrendSettings;

use crate::hooks::use_trend_data::{use_trend_data, UseTrendDataOptions, UseTrendDataReturn};
use crate::ui::chart::{ChartCanvas, Pointer};
use crate::ui::error_view::ErrorView;

/// The trend chart's settings; the page owns them, e.g. to keep them in the URL.
#[derive(Debug, Clone, Copy)]
pub struct TrendState {
    /// The metric drawn.
    pub metric: RwSignal<String>,
    /// What x is.
    pub x_kind: RwSignal<XKind>,
    /// EMA smoothing in [0, 1).
    pub smoothing: RwSignal<f64>,
    /// Logarithmic y axis.
    pub log_y: RwSignal<bool>,
    /// Palette indices of the runs hidden from the chart by the legend.
    pub hidden: RwSignal<HashSet<usize>>,
}

impl TrendState {
    /// Signals starting at `settings`.
    pub fn new(settings: TrendSettings) -> TrendState {
        TrendState {
            metric: RwSignal::new(settings.metric),
            x_kind: RwSignal::new(settings.x_kind),
            smoothing: RwSignal::new(settings.smoothing),
            log_y: RwSignal::new(settings.log_y),
            hidden: RwSignal::new(HashSet::new()),
        }
    }

    /// Sets every setting (the legend's hidden runs stay).
    pub fn set(&self, settings: TrendSettings) {
        self.metric.set(settings.metric);
        self.x_kind.set(settings.x_kind);
        self.smoothing.set(settings.smoothing);
        self.log_y.set(settings.log_y);
    }

    /// The settings now (tracked).
    pub fn settings(&self) -> TrendSettings {
        TrendSettings {
            metric: self.metric.get(),
            x_kind: self.x_kind.get(),
            smoothing: self.smoothing.get(),
            log_y: self.log_y.get(),
        }
    }
}

/// One run on the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRun {
    /// Run id.
    pub id: String,
    /// Name for the legend.
    pub label: String,
    /// Palette index.
    pub color: usize,
}

/// The metric history chart with its controls.
#[component]
pub fn TrendPanel(
    /// The runs, in selection order.
    runs: Vec<TrendRun>,
    /// The metrics a user can pick.
    metrics: Vec<String>,
    /// The threshold lines for a metric (none for most).
    thresholds: Callback<String, Vec<Threshold>>,
    /// The chart settings.
    state: TrendState,
) -> impl IntoView {
    let runs = StoredValue::new(runs);
    // Set while another metric's history loads (the last chart stays until it comes).
    let pending = RwSignal::new(false);
    view! {
        <div class="trend-panel">
            <TrendControls metrics state />
            <TrendLegend runs hidden=state.hidden />
            <div class="progress" class:active=move || pending.get() aria-hidden="true"></div>
            <div aria-busy=move || pending.get().to_string()>
            // Its own boundary, and everything that reads the history is inside it: the history loads without
            // holding up the rest of the page, and the old chart stays on screen while another metric loads. The
            // message holds the chart's height, so what is below does not jump when the chart comes.
            <Transition set_pending=pending.write_only()
                fallback=|| view! { <p class="loading chart-loading" role="status">"Loading history…"</p> }>
                <TrendChart runs thresholds state />
            </Transition>
            </div>
        </div>
    }
}

/// The chart, its error and its note: what reads the history, so the boundary around it is what waits.
#[component]
fn TrendChart(
    /// The runs, in selection order.
    runs: StoredValue<Vec<TrendRun>>,
    /// The threshold lines for a metric.
    thresholds: Callback<String, Vec<Threshold>>,
    /// The chart settings.
    state: TrendState,
) -> impl IntoView {
    let hidden = state.hidden;
    // Set once the chart's box is laid out.
    let width = RwSignal::new(0u32);
    let UseTrendDataReturn { history, prepared } = use_trend_data(UseTrendDataOptions {
        runs,
        thresholds,
        state,
        hidden,
        width,
    });
    let spec = Signal::derive(move || prepared.get().map(|(s, _)| ChartSpec::Trend(s)));
    let note = move || prepared.with(|p| p.as_ref().and_then(|(_, skipped)| skipped.note()));
    let hover = Callback::new(move |p: Pointer| {
        prepared.with_untracked(|prepared| {
            let (spec, _) = prepared.as_ref()?;
            readout_text(spec, p.drawn.x_at(p.x, spec.x_range)?)
        })
    });
    let label = move || {
        let n = runs.with_value(Vec::len) - hidden.with(HashSet::len);
        let metric = state.metric.get();
        let lines = thresholds.run(metric.clone());
        trend_label(&metric, state.x_kind.get(), n, &lines)
    };
    let file_name = move || format!("{}-history", file_stem(&state.metric.get()));
    view! {
        {move || history.with(|h| h.as_ref().and_then(|r| r.as_ref().err().cloned())).map(|e| view! {
            <ErrorView error=e on_retry=Callback::new(move |_| history.refetch()) />
        })}
        <ChartCanvas spec label=Signal::derive(label) measure="pulse:chart:trend" file_name=Signal::derive(file_name) width hover />
        {move || note().map(|n| view! { <p class="chart-note" role="note">{n}</p> })}
    }
}

/// The metric, x axis, smoothing and log-scale controls.
#[component]
fn TrendControls(
    /// The metrics a user can pick.
    metrics: Vec<String>,
    /// The settings the controls change.
    state: TrendState,
) -> impl IntoView {
    view! {
        <div class="chart-controls">
            <label>"Metric "
                <select on:change=move |ev| state.metric.set(event_target_value(&ev)) prop:value=move || state.metric.get()>
                    {metrics.into_iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
                </select>
            </label>
            <label>"X axis "
                <select on:change=move |ev| state.x_kind.set(XKind::parse(&event_target_value(&ev))) prop:value=move || state.x_kind.get().as_str()>
                    <option value="step">"Step"</option>
                    <option value="wall">"Wall time"</option>
                    <option value="relative">"Relative time"</option>
                </select>
            </label>
            <label>"Smoothing "
                <input type="range" min="0" max="0.99" step="0.01"
                    prop:value=move || state.smoothing.get().to_string()
                    on:input=move |ev| state.smoothing.set(event_target_value(&ev).parse().unwrap_or(0.0))
                />
                <output>{move || format!("{:.2}", state.smoothing.get())}</output>
            </label>
            <label>
                <input type="checkbox" prop:checked=move || state.log_y.get() on:change=move |ev| state.log_y.set(event_target_checked(&ev)) />
                " Log scale"
            </label>
        </div>
    }
}

/// A button per run that hides or shows it on the chart.
#[component]
fn TrendLegend(
    /// The runs.
    runs: StoredValue<Vec<TrendRun>>,
    /// Palette indices of the hidden runs.
    hidden: RwSignal<HashSet<usize>>,
) -> impl IntoView {
    let legend = move || {
        runs.get_value()
            .into_iter()
            .map(|r| {
                let color = r.color;
                let on = move || !hidden.with(|h| h.contains(&color));
                view! {
                    <button
                        class="legend-item"
                        class:off=move || !on()
                        aria-pressed=move || on().to_string()
                        title="Show or hide this run"
                        on:click=move |_| hidden.update(|h| if !h.remove(&color) { h.insert(color); })
                    >
                        <span class=format!("swatch run-{}", color % 8)></span>
                        {r.label.clone()}
                    </button>
                }
            })
            .collect_view()
    };
    view! { <div class="legend" role="group" aria-label="Runs on the chart">{legend}</div> }
}
