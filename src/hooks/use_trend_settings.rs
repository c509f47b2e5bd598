//! A metric history chart's settings (metric, x axis, smoothing, log scale), read from the URL once and kept in it
//! as they change.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
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
    let query = use_query_map();
    let get = |key: &str| query.with_untracked(|q| q.get(key)).unwrap_or_default();
    let metrics = options.metrics;
    let state = TrendState::new(TrendSettings::from_query(
        &get,
        &metrics,
        &use_config().f1_metric,
    ));
    use_url_settings(UseUrlSettingsOptions {
        pairs: move || state.settings().pairs(&metrics),
    });
    UseTrendSettingsReturn { state }
}
