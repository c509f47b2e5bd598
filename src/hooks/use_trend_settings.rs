//! A metric history chart's settings (metric, x axis, smoothing, log scale), read from the URL once and kept in it
//! as they change.

use pulse_core::tracking::view_settings::TrendSettings;

use super::use_url_settings::{use_url_settings, UseUrlSettingsOptions};
use crate::app::use_config;
use crate::tracking::trend_panel::TrendState;

/// Options of [`use_trend_settings`].
pub struct UseTrendSettingsOptions {
    /// The metrics the chart can draw, the F1 metric first; `metric=` must name one of them.
    pub metrics: Vec<String>,
}

/// What [`use_trend_settings`] returns.
#[derive(Clone, Copy)]
pub struct UseTrendSettingsReturn {
    /// The chart's settings.
    pub state: TrendState,
}

/// The settings from the URL (`metric`, `x`, `smooth`, `log`), kept in it as they change.
pub fn use_trend_settings(options: UseTrendSettingsOptions) -> UseTrendSettingsReturn {
    let metrics = options.metrics;
    let f1 = use_config().f1_metric.clone();
    let state = TrendState::new(TrendSettings::from_query(
        &|_: &str| String::new(),
        &metrics,
        &f1,
    ));
    let pairs = {
        let metrics = metrics.clone();
        move || state.settings().pairs(&metrics)
    };
    let apply = move |get: &dyn Fn(&str) -> String| {
        state.set(TrendSettings::from_query(&get, &metrics, &f1));
    };
    use_url_settings(UseUrlSettingsOptions { pairs, apply });
    UseTrendSettingsReturn { state }
}
