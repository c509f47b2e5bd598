//! What the app asks its chart code to draw, and what it gets back for hover and click.
//!
//! The app prepares every spec in `core` (all the maths happens before drawing) and hands it to the chart
//! chunk, which draws it into a canvas or an SVG string. Specs carry finite numbers only: gaps are already cut
//! out of the lines.

use super::zone::Zone;
use crate::series::Points;
use crate::serving::SampleField;

/// One chart to draw.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartSpec {
    /// A metric's history per run.
    Trend(TrendSpec),
    /// Each run's latest metric by start time, with a best-so-far line.
    Timeline(TimelineSpec),
    /// One metric across runs.
    Bars(BarsSpec),
    /// Each experiment's best value, ranked.
    Ranked(RankedSpec),
    /// Params and metrics as parallel axes.
    Parallel(ParallelSpec),
    /// One param or metric against a metric.
    Scatter(ScatterSpec),
    /// A model's F1 by version.
    Versions(VersionsSpec),
    /// A served model's F1 over time.
    ServedF1(ServedF1Spec),
}

/// A chart request: the spec and the page's theme.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartRequest {
    /// Dark theme colours.
    pub dark: bool,
    /// What to draw.
    pub spec: ChartSpec,
    /// Name the runs in a legend inside the chart: for exports, which lack the page's legend and hover.
    pub legend: bool,
}

/// What the x axis of a trend chart measures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum XKind {
    /// The training step.
    #[default]
    Step,
    /// Wall-clock time (milliseconds since the epoch).
    Wall,
    /// Time since the run's first point (milliseconds).
    Relative,
}

impl XKind {
    /// The axis title.
    pub fn label(self) -> &'static str {
        match self {
            XKind::Step => "step",
            XKind::Wall => "time",
            XKind::Relative => "time since start",
        }
    }

    /// Reads the URL/select value (`step`, `wall`, `relative`).
    pub fn parse(raw: &str) -> XKind {
        match raw {
            "wall" => XKind::Wall,
            "relative" => XKind::Relative,
            _ => XKind::Step,
        }
    }

    /// The URL/select value.
    pub fn as_str(self) -> &'static str {
        match self {
            XKind::Step => "step",
            XKind::Wall => "wall",
            XKind::Relative => "relative",
        }
    }
}

/// A labelled horizontal line, e.g. a model's F1 threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// Shown at the line's left end.
    pub label: String,
    /// Where the line is.
    pub value: f64,
}

/// A metric's history for several runs.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendSpec {
    /// The metric, for the axis title.
    pub metric: String,
    /// What x is.
    pub x_kind: XKind,
    /// The viewer's time zone across the x axis, for wall-time ticks (UTC for steps and durations).
    pub zone: Zone,
    /// Logarithmic y axis.
    pub log_y: bool,
    /// Axis ranges, already padded.
    pub x_range: (f64, f64),
    /// Axis ranges, already padded.
    pub y_range: (f64, f64),
    /// One line per shown run.
    pub lines: Vec<TrendLine>,
    /// Threshold lines that apply.
    pub thresholds: Vec<Threshold>,
}

/// One run's line on a trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendLine {
    /// The run's name, for the legend.
    pub label: String,
    /// Palette index: the run's place in the selection.
    pub color: usize,
    /// The values, cut at gaps and reduced to the chart's width.
    pub raw: Vec<Points>,
    /// The smoothed values; empty when smoothing is off, else the raw line is drawn faint behind them.
    pub smoothed: Vec<Points>,
}

/// Each run's latest metric by start time.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineSpec {
    /// The metric, for the axis title.
    pub metric: String,
    /// The viewer's time zone across the x axis.
    pub zone: Zone,
    /// Axis ranges, already padded; x in milliseconds since the epoch.
    pub x_range: (f64, f64),
    /// Axis ranges, already padded.
    pub y_range: (f64, f64),
    /// (start time, value) per run, with the run's index in the app's list and its series (0 when there is
    /// one).
    pub points: Vec<(f64, f64, usize, usize)>,
    /// The best-so-far step line, when the chart has one series.
    pub best: Points,
    /// One series per experiment, each in its palette colour with its own best-so-far line; empty for a
    /// chart of one experiment.
    pub series: Vec<TimelineSeries>,
    /// Threshold lines that apply.
    pub thresholds: Vec<Threshold>,
}

/// One experiment's runs on a timeline across experiments.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineSeries {
    /// The experiment's name, for the legend.
    pub label: String,
    /// Its best-so-far step line.
    pub best: Points,
}

/// Each experiment's best value as a bar, best first, with each experiment's own threshold drawn across
/// its bar.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedSpec {
    /// The metric and its direction, for the title.
    pub title: String,
    /// The y range, already padded.
    pub y_range: (f64, f64),
    /// One bar per experiment, best first, those without a value last.
    pub bars: Vec<RankedBar>,
}

/// One experiment's bar on the ranked chart.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedBar {
    /// The experiment's name, shortened for the axis.
    pub label: String,
    /// Its best value; None when it has none (drawn as a "none" mark, never as 0).
    pub value: Option<f64>,
    /// Its model's threshold, drawn as a dashed line across the bar.
    pub threshold: Option<f64>,
    /// Palette index: the experiment's place in the selection.
    pub color: usize,
    /// The experiment's row in the app's list, for hover.
    pub row: usize,
}

/// One metric across runs as bars.
#[derive(Debug, Clone, PartialEq)]
pub struct BarsSpec {
    /// The metric and its direction, for the title.
    pub title: String,
    /// The y range, already padded.
    pub y_range: (f64, f64),
    /// One bar per run, in selection order.
    pub bars: Vec<Bar>,
    /// Threshold lines that apply.
    pub thresholds: Vec<Threshold>,
}

/// One run's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The run's name, shortened for the axis.
    pub label: String,
    /// The value; None when the run has no finite value (drawn as a "missing" mark, never as 0).
    pub value: Option<f64>,
    /// Palette index.
    pub color: usize,
    /// Holds the best value.
    pub best: bool,
}

/// Parallel coordinates: one vertical axis per param or metric, one polyline per run.
#[derive(Debug, Clone, PartialEq)]
pub struct ParallelSpec {
    /// The axes, left to right.
    pub axes: Vec<ParallelAxis>,
    /// One line per run; values are positions on each axis in [0, 1], None where the run has no value.
    pub lines: Vec<ParallelLine>,
    /// Run names by run index, for the legend.
    pub names: Vec<String>,
}

/// One axis of a parallel-coordinates plot.
#[derive(Debug, Clone, PartialEq)]
pub struct ParallelAxis {
    /// The param or metric.
    pub name: String,
    /// Tick positions in [0, 1] and their labels (numbers, or the categories of a text param).
    pub ticks: Vec<(f64, String)>,
}

/// One run's polyline.
#[derive(Debug, Clone, PartialEq)]
pub struct ParallelLine {
    /// Palette index.
    pub color: usize,
    /// The run's index in the app's list.
    pub run: usize,
    /// Position on each axis, None where missing (the line breaks there).
    pub values: Vec<Option<f64>>,
}

/// An x axis that is numbers or categories.
#[derive(Debug, Clone, PartialEq)]
pub enum ScatterX {
    /// Numbers over a padded range.
    Numeric {
        /// The range.
        range: (f64, f64),
    },
    /// Categories at 0, 1, 2, ...
    Categorical {
        /// The categories in axis order.
        values: Vec<String>,
    },
}

/// One param or metric against a metric.
#[derive(Debug, Clone, PartialEq)]
pub struct ScatterSpec {
    /// Axis titles.
    pub x_name: String,
    /// Axis titles.
    pub y_name: String,
    /// The x axis.
    pub x: ScatterX,
    /// The y range, already padded.
    pub y_range: (f64, f64),
    /// (x, y, palette index, run index); categorical x values are category indices.
    pub points: Vec<(f64, f64, usize, usize)>,
    /// Threshold lines that apply.
    pub thresholds: Vec<Threshold>,
    /// Run names by run index, for the legend.
    pub names: Vec<String>,
}

/// A model's F1 by version.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionsSpec {
    /// The metric, for the axis title.
    pub metric: String,
    /// One point per version.
    pub points: Vec<VersionPoint>,
    /// The model's threshold, if configured.
    pub threshold: Option<f64>,
}

/// One version on the F1-across-versions chart.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionPoint {
    /// Version number.
    pub version: u64,
    /// Its F1.
    pub f1: f64,
    /// Holds the Production stage.
    pub production: bool,
    /// Holds the `champion` alias.
    pub champion: bool,
}

/// A tiny line of one live serving figure: no axes, the last value marked (laid out by `sparkline_shape`).
#[derive(Debug, Clone, PartialEq)]
pub struct SparklineSpec {
    /// The figure, for the read-out.
    pub field: SampleField,
    /// The viewer's time zone across the x axis, for the read-out.
    pub zone: Zone,
    /// The x range (milliseconds since the epoch).
    pub x_range: (f64, f64),
    /// The y range, from zero.
    pub y_range: (f64, f64),
    /// The line, cut where a sample had no value and reduced to the chart's width.
    pub segments: Vec<Points>,
    /// The last value, marked with a dot; None when there is nothing to draw.
    pub last: Option<(f64, f64)>,
}

/// A served model's F1 over time.
#[derive(Debug, Clone, PartialEq)]
pub struct ServedF1Spec {
    /// The metric, for the axis title.
    pub metric: String,
    /// The viewer's time zone across the x axis.
    pub zone: Zone,
    /// Axis ranges, already padded; x in milliseconds since the epoch.
    pub x_range: (f64, f64),
    /// Axis ranges, already padded.
    pub y_range: (f64, f64),
    /// The step line of the served F1, cut where a served version's F1 is unknown.
    pub line: Vec<Points>,
    /// Applied versions, then skipped candidates; a mark's `run` is an index here.
    pub points: Vec<ServedF1Point>,
    /// The model's threshold, when known.
    pub thresholds: Vec<Threshold>,
}

/// A version on the served F1 chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ServedF1Point {
    /// When it was applied or skipped (milliseconds since the epoch).
    pub at: f64,
    /// Its F1.
    pub f1: f64,
    /// The version.
    pub version: String,
    /// Applied (on the line) or skipped (a faint mark).
    pub applied: bool,
    /// Why it was skipped.
    pub reason: Option<String>,
}

/// What a draw reports back: where the plot is, and where every clickable mark landed, in canvas pixels.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drawn {
    /// The plotting area: left, top, right, bottom.
    pub plot: (i32, i32, i32, i32),
    /// Marks a pointer can hover or click.
    pub marks: Vec<Mark>,
}

/// A mark on the chart that stands for a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// The run's index in the app's list.
    pub run: usize,
    /// Canvas pixels.
    pub x: i32,
    /// Canvas pixels.
    pub y: i32,
}

/// Where the keyboard has put a chart's cursor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeyCursor {
    /// Canvas pixels.
    pub x: f64,
    /// Canvas pixels.
    pub y: f64,
    /// The mark it is on, if the chart has marks: the one to read out and pick, even where others share its
    /// pixel.
    pub mark: Option<Mark>,
    /// The mark's place in left-to-right order.
    place: usize,
}

impl Drawn {
    /// The mark nearest to a pointer at (x, y) within `radius` pixels.
    pub fn mark_at(&self, x: f64, y: f64, radius: f64) -> Option<Mark> {
        self.marks
            .iter()
            .map(|m| (m, (f64::from(m.x) - x).hypot(f64::from(m.y) - y)))
            .filter(|(_, d)| *d <= radius)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(m, _)| *m)
    }

    /// Where the keyboard cursor goes from `current` with an arrow key: to the next or previous mark in
    /// left-to-right order (counted by place, so marks drawn on the same pixel are each reached), or on a chart
    /// without marks (a trend) a fortieth of the plot along the middle. The first press starts at the first
    /// mark, or the plot's left edge. None for an empty chart.
    pub fn key_step(&self, current: Option<KeyCursor>, forward: bool) -> Option<KeyCursor> {
        let (left, top, right, bottom) = self.plot;
        if !self.marks.is_empty() {
            let mut marks = self.marks.clone();
            marks.sort_by_key(|m| (m.x, m.y, m.run));
            let last = marks.len() - 1;
            let place = match current {
                None => 0,
                Some(c) if forward => c.place.saturating_add(1).min(last),
                Some(c) => c.place.min(last).saturating_sub(1),
            };
            let m = marks[place];
            return Some(KeyCursor {
                x: f64::from(m.x),
                y: f64::from(m.y),
                mark: Some(m),
                place,
            });
        }
        if right <= left {
            return None;
        }
        let (l, r) = (f64::from(left), f64::from(right));
        let step = (r - l) / 40.0;
        let x = match current {
            None => l,
            Some(c) if forward => (c.x + step).min(r),
            Some(c) => (c.x - step).max(l),
        };
        Some(KeyCursor {
            x,
            y: f64::from(top + bottom) / 2.0,
            mark: None,
            place: 0,
        })
    }

    /// Which of `count` equal slots across the plot (the bars of a bar chart) is under canvas x `px`.
    pub fn slot_at(&self, px: f64, count: usize) -> Option<usize> {
        let x = self.x_at(px, (-0.5, count as f64 - 0.5))?;
        Some((x.round().max(0.0) as usize).min(count.checked_sub(1)?))
    }

    /// The data x under a pointer at canvas x `px`, given the chart's x range; None outside the plot.
    pub fn x_at(&self, px: f64, x_range: (f64, f64)) -> Option<f64> {
        let (left, _, right, _) = self.plot;
        if right <= left || px < f64::from(left) || px > f64::from(right) {
            return None;
        }
        let t = (px - f64::from(left)) / f64::from(right - left);
        Some(x_range.0 + t * (x_range.1 - x_range.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_steps() {
        let mark = |run, x, y| Mark { run, x, y };
        let d = Drawn {
            plot: (10, 0, 410, 100),
            marks: vec![mark(0, 300, 5), mark(1, 100, 50), mark(2, 200, 20)],
        };
        let at = |c: Option<KeyCursor>| c.map(|c| (c.x, c.y, c.mark.map(|m| m.run)));
        let walk =
            |d: &Drawn, keys: &[bool]| keys.iter().fold(None, |c, forward| d.key_step(c, *forward));
        assert_eq!(at(walk(&d, &[true])), Some((100.0, 50.0, Some(1))));
        assert_eq!(at(walk(&d, &[true, true])), Some((200.0, 20.0, Some(2))));
        assert_eq!(
            at(walk(&d, &[true, true, true, true])),
            Some((300.0, 5.0, Some(0))),
            "stays on the last"
        );
        assert_eq!(
            at(walk(&d, &[true, true, false])),
            Some((100.0, 50.0, Some(1)))
        );
        // Two runs on one pixel (a param both share): each is reached, and the walk goes on past them.
        let stacked = Drawn {
            plot: (10, 0, 410, 100),
            marks: vec![mark(0, 100, 50), mark(1, 100, 50), mark(2, 200, 20)],
        };
        let runs: Vec<Option<usize>> = (1..=4)
            .map(|n| {
                walk(&stacked, &vec![true; n])
                    .and_then(|c| c.mark)
                    .map(|m| m.run)
            })
            .collect();
        assert_eq!(runs, [Some(0), Some(1), Some(2), Some(2)]);
        assert_eq!(
            at(walk(&stacked, &[true, true, true, false, false])),
            Some((100.0, 50.0, Some(0)))
        );
        let trend = Drawn {
            plot: (10, 0, 410, 100),
            marks: vec![],
        };
        assert_eq!(at(walk(&trend, &[true])), Some((10.0, 50.0, None)));
        assert_eq!(at(walk(&trend, &[true, true])), Some((20.0, 50.0, None)));
        assert_eq!(
            at(walk(&trend, &[true, true, false, false])),
            Some((10.0, 50.0, None))
        );
        assert_eq!(Drawn::default().key_step(None, true), None);
        // Three bars over 400 px: 133 px each.
        assert_eq!(trend.slot_at(10.0, 3), Some(0));
        assert_eq!(trend.slot_at(250.0, 3), Some(1));
        assert_eq!(trend.slot_at(410.0, 3), Some(2));
        assert_eq!(trend.slot_at(5.0, 3), None);
        assert_eq!(trend.slot_at(100.0, 0), None);
    }
}
