//! The compare page's view settings, read from the URL once and written back to it as they change, so a reload or
//! a shared link shows the same view: the history chart's, the diff table's filter, flipped better-directions,
//! the bar charts, the parallel and scatter axes, the runs the history chart hides and the run picked on a chart.

use std::collections::{BTreeSet, HashMap};

use leptos::prelude::*;
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
    let settings = UseCompareSettingsReturn {
        trend,
        diff_only: RwSignal::new(false),
        flipped: RwSignal::new(BTreeSet::new()),
        bars: RwSignal::new(HashMap::new()),
        axes: RwSignal::new(HashMap::new()),
        scatter_x: RwSignal::new(None),
        scatter_y: RwSignal::new(None),
        focus: RwSignal::new(None),
        runs: StoredValue::new(options.runs),
    };
    use_url_settings(UseUrlSettingsOptions {
        pairs: move || settings.choices().pairs(),
        apply: move |get: &dyn Fn(&str) -> String| settings.set(CompareChoices::from_query(&get)),
    });
    settings
}

impl UseCompareSettingsReturn {
    /// Sets every choice; runs named that are not compared are dropped.
    fn set(&self, c: CompareChoices) {
        let (hidden, picked) = self.runs.with_value(|runs| {
            let picked = c
                .picked
                .as_ref()
                .and_then(|id| runs.iter().position(|r| r == id));
            (places_of(runs, &c.hidden), picked)
        });
        self.trend.hidden.set(hidden);
        self.focus.set(picked);
        self.diff_only.set(c.diff_only);
        self.flipped.set(c.flipped);
        self.bars.set(c.bars);
        self.axes.set(c.axes);
        self.scatter_x.set(c.scatter_x);
        self.scatter_y.set(c.scatter_y);
    }

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
