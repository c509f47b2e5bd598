//! A trend chart's data: the metric's histories of the runs (one bulk request, re-read when the metric
//! changes) and the chart spec prepared from them for the current settings.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use pulse_core::api::{ApiError, Metric};
use pulse_core::chart::{trend_spec, RunHistory, Threshold, TrendOptions, TrendSpec};
use pulse_core::series::Skipped;
use pulse_core::tracking::run_data::points_per_run;

use crate::api::get_history_bulk_interval;
use crate::app::use_config;
use crate::time::offset_at;
use crate::tracking::trend_panel::{TrendRun, TrendState};

/// The histories loaded: the metric they are of, and each run's points by run id.
pub type Histories = Result<(String, HashMap<String, Vec<Metric>>), ApiError>;

/// Options of [`use_trend_data`].
pub struct UseTrendDataOptions {
    /// The runs, in selection order.
    pub runs: StoredValue<Vec<TrendRun>>,
    /// The threshold lines for a metric.
    pub thresholds: Callback<String, Vec<Threshold>>,
    /// The chart settings.
    pub state: TrendState,
    /// Palette indices of the runs hidden from the chart.
    pub hidden: RwSignal<HashSet<usize>>,
    /// The chart's width in pixels.
    pub width: RwSignal<u32>,
}

/// What [`use_trend_data`] returns.
pub struct UseTrendDataReturn {
    /// The histories of the metric drawn.
    pub history: LocalResource<Histories>,
    /// The chart and what could not be drawn; `None` until the first histories arrive.
    pub prepared: Memo<Option<(TrendSpec, Skipped)>>,
}

/// Loads the histories of `options.state.metric` and prepares the chart from them.
pub fn use_trend_data(options: UseTrendDataOptions) -> UseTrendDataReturn {
    let UseTrendDataOptions {
        runs,
        thresholds,
        state,
        hidden,
        width,
    } = options;
    let cfg = use_config();
    let ids: Vec<String> = runs.with_value(|r| r.iter().map(|r| r.id.clone()).collect());
    let history = LocalResource::new(move || {
        let (cfg, ids, metric) = (cfg.clone(), ids.clone(), state.metric.get());
        async move {
            let result = get_history_bulk_interval(&cfg, &ids, &metric, points_per_run(ids.len()))
                .await
                .map(|r| (metric, r.runs));
            // When the histories are decoded, for `make bench` (the time from here to the drawn chart).
            if let Some(p) = window().performance() {
                let _ = p.mark("pulse:trend:data");
            }
            result
        }
    });
    // Read in place: cloning 25,000 points on every recompute would cost more than preparing them.
    // While another metric loads, the resource still holds the last one's points: keep the last chart (with
    // its own labels) rather than draw those points under the new metric's name.
    let prepared = Memo::new(move |previous: Option<&Option<(TrendSpec, Skipped)>>| {
        let metric = state.metric.get();
        let hidden = hidden.get();
        let opts = TrendOptions {
            thresholds: thresholds.run(metric.clone()),
            metric,
            x_kind: state.x_kind.get(),
            smoothing: state.smoothing.get(),
            log_y: state.log_y.get(),
            width_px: width.get().saturating_sub(80).max(100),
        };
        history.with(|h| {
            let Some(Ok((loaded, data))) = h else {
                return None;
            };
            if *loaded != opts.metric {
                return previous.cloned().flatten();
            }
            runs.with_value(|runs| {
                let histories: Vec<RunHistory<'_>> = runs
                    .iter()
                    .filter(|r| !hidden.contains(&r.color))
                    .map(|r| RunHistory {
                        label: &r.label,
                        color: r.color,
                        points: data.get(&r.id).map_or(&[][..], Vec::as_slice),
                    })
                    .collect();
                Some(trend_spec(&histories, &opts, &offset_at))
            })
        })
    });
    UseTrendDataReturn { history, prepared }
}
