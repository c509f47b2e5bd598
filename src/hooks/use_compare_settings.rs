//! The compare page's view settings (metric, x axis, smoothing, log scale, differences only), read from the
//! URL once and written back to it, so a reload or a shared link shows the same view.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use pulse_core::url_state::CompareSettings;

use crate::app::{app_href, use_config};
use crate::tracking::trend_panel::TrendState;

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
    let get = |key: &str| query.with_untracked(|q| q.get(key)).unwrap_or_default();
    let first = CompareSettings::from_query(get, &options.metrics, &use_config().f1_metric);
    let trend = TrendState::new(first.metric);
    trend.x_kind.set(first.x_kind);
    trend.smoothing.set(first.smoothing);
    trend.log_y.set(first.log_y);
    let diff_only = RwSignal::new(first.diff_only);
    write_to_url(trend, diff_only, get("runs"));
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
        let url = CompareSettings {
            metric: state.metric.get(),
            x_kind: state.x_kind.get(),
            smoothing: state.smoothing.get(),
            log_y: state.log_y.get(),
            diff_only: diff_only.get(),
        }
        .url(&requested);
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
