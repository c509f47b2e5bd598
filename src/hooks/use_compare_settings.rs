//! The compare page's view settings, read from the URL once and written back to it as they change, so a reload or
//! a shared link shows the same view: the history chart's, the diff table's filter, flipped better-directions,
//! the bar charts, the parallel and scatter axes, the runs the history chart hides and the run picked on a chart.

use std::collections::{BTreeSet, HashMap};

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pulse_core::tracking::view_settings::{ids_at, places_of, CompareChoices};

use super::use_trend_settings::{use_trend_settings, UseTrendSettingsOptions};
use super::use_url_settings::{use_url_settings, UseUrlSettingsOptions};
use crate::tracking::trend_panel::TrendState;

/// Options of [`use_compare_settings`].
pub struct UseCompareSettingsOptions {
    /// The metrics of the compared runs, the F1 metric first; `metric=` must name one of them.
    pub metrics: Vec<String>,
    /// The compared runs' ids, in column order: `hide=` and `pick=` name runs, the page's signals places.
    pub runs: Vec<String>,
}

/// What [`use_compare_settings`] returns: a signal per setting, which the page's parts read and write.
#[derive(Clone, Copy)]
pub struct UseCompareSettingsReturn {
    /// The metric history chart's settings.
    pub trend: TrendState,
    /// The diff table shows only rows that differ.
    pub diff_only: RwSignal<bool>,
    /// Metrics whose better direction the user flipped.
    pub flipped: RwSignal<BTreeSet<String>>,
    /// Bar charts turned on or off, by metric.
    pub bars: RwSignal<HashMap<String, bool>>,
    /// Parallel axes turned on or off, by column id.
    pub axes: RwSignal<HashMap<String, bool>>,
    /// The scatter's x axis (a column id), once chosen.
    pub scatter_x: RwSignal<Option<String>>,
    /// The scatter's y metric, once chosen.
    pub scatter_y: RwSignal<Option<String>>,
    /// The run picked on a chart, by its place.
    pub focus: RwSignal<Option<usize>>,
    runs: StoredValue<Vec<String>>,
}

/// The settings from the URL, kept in it as they change.
pub fn use_compare_settings(options: UseCompareSettingsOptions) -> UseCompareSettingsReturn {
    let trend = use_trend_settings(UseTrendSettingsOptions {
        metrics: options.metrics,
    })
    .state;
    let query = use_query_map();
    let get = |key: &str| query.with_untracked(|q| q.get(key)).unwrap_or_default();
    let first = CompareChoices::from_query(&get);
    let runs = options.runs;
    trend.hidden.set(places_of(&runs, &first.hidden));
    let picked = first
        .picked
        .and_then(|id| runs.iter().position(|r| *r == id));
    let settings = UseCompareSettingsReturn {
        trend,
        diff_only: RwSignal::new(first.diff_only),
        flipped: RwSignal::new(first.flipped),
        bars: RwSignal::new(first.bars),
        axes: RwSignal::new(first.axes),
        scatter_x: RwSignal::new(first.scatter_x),
        scatter_y: RwSignal::new(first.scatter_y),
        focus: RwSignal::new(picked),
        runs: StoredValue::new(runs),
    };
    use_url_settings(UseUrlSettingsOptions {
        pairs: move || settings.choices().pairs(),
    });
    settings
}

impl UseCompareSettingsReturn {
    /// The choices now (tracked).
    fn choices(&self) -> CompareChoices {
        CompareChoices {
            diff_only: self.diff_only.get(),
            flipped: self.flipped.get(),
            bars: self.bars.get(),
            axes: self.axes.get(),
            scatter_x: self.scatter_x.get(),
            scatter_y: self.scatter_y.get(),
            hidden: self
                .runs
                .with_value(|runs| self.trend.hidden.with(|h| ids_at(runs, h))),
            picked: self
                .focus
                .get()
                .and_then(|i| self.runs.with_value(|runs| runs.get(i).cloned())),
        }
    }
}
