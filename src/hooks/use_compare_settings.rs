//! The compare page's view settings (metric, x axis, smoothing, log scale, differences only), read from the
//! URL once and written back to it, so a reload or a shared link shows the same view.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use pulse_core::chart::XKind;
use pulse_core::url_state::with_query;

use crate::app::{app_href, use_config};
use crate::components::trend_panel::TrendState;

/// Options of [`use_compare_settings`].
pub struct UseCompareSettingsOptions {
    /// The metrics of the compared runs, the F1 metric first; `metric=` must name one of them.
    pub metrics: Vec<String>,
}

/// What [`use_compare_settings`] returns.
#[derive(Clone, Copy)]
pub struct UseCompareSettingsReturn {
    /// The metric history chart's settings.
    pub trend: TrendState,
    /// The diff table shows only rows that differ.
    pub diff_only: RwSignal<bool>,
}

/// The settings from the URL (`metric`, `x`, `smooth`, `log`, `diff`), kept in it as they change.
pub fn use_compare_settings(options: UseCompareSettingsOptions) -> UseCompareSettingsReturn {
    let query = use_query_map();
    let initial = |key: &str| query.with_untracked(|q| q.get(key)).unwrap_or_default();
    let first_metric = initial("metric");
    let metric = if options.metrics.contains(&first_metric) {
        first_metric
    } else {
        options
            .metrics
            .first()
            .cloned()
            .unwrap_or_else(|| use_config().f1_metric.clone())
    };
    let trend = TrendState::new(metric);
    trend.x_kind.set(XKind::parse(&initial("x")));
    trend.smoothing.set(
        initial("smooth")
            .parse::<f64>()
            .ok()
            .filter(|s| (0.0..1.0).contains(s))
            .unwrap_or(0.0),
    );
    trend.log_y.set(initial("log") == "1");
    let diff_only = RwSignal::new(initial("diff") == "1");
    let requested = initial("runs");
    write_to_url(trend, diff_only, requested);
    UseCompareSettingsReturn { trend, diff_only }
}

/// Writes the settings to the URL once they rest for a moment: a dragged slider would otherwise call
/// history.replaceState hundreds of times, which browsers rate-limit.
fn write_to_url(state: TrendState, diff_only: RwSignal<bool>, requested: String) {
    let navigate = use_navigate();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
    });
    Effect::new(move || {
        let smooth = state.smoothing.get();
        let url = with_query(
            "/compare",
            &[
                ("runs", &requested),
                ("metric", &state.metric.get()),
                (
                    "x",
                    if state.x_kind.get() == XKind::Step {
                        ""
                    } else {
                        state.x_kind.get().as_str()
                    },
                ),
                (
                    "smooth",
                    &if smooth > 0.0 {
                        format!("{smooth:.2}")
                    } else {
                        String::new()
                    },
                ),
                ("log", if state.log_y.get() { "1" } else { "" }),
                ("diff", if diff_only.get() { "1" } else { "" }),
            ],
        );
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let navigate = navigate.clone();
        let write = move || {
            let location = window().location();
            let now = format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            if now != app_href(&url) {
                let options = NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                };
                navigate(&url, options);
            }
        };
        pending.set_value(set_timeout_with_handle(write, Duration::from_millis(400)).ok());
    });
}
