//! Per-run metric history: value by step, wall time or relative time, with EMA smoothing (the raw line
//! kept faint behind), a log y axis, threshold lines, and no more points than the chart has pixels.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{
    chart_builder, draw_thresholds, format_x, format_y, no_data, plot_area, themed, wall_labels,
    Axes, ValueScale,
};
use super::legend::{Corner, Key, Legend};
use super::spec::{Drawn, Threshold, TrendLine, TrendSpec, XKind};
use super::zone::Zone;
use super::ChartTheme;
use crate::api::Metric;
use crate::series::{
    ema, finite_range, min_max_reduce, nearest_by_x, padded, segments, Points, Skipped,
};

/// One run's history as the history endpoints return it.
#[derive(Debug, Clone, Copy)]
pub struct RunHistory<'a> {
    /// The run's name.
    pub label: &'a str,
    /// Palette index: the run's place in the selection.
    pub color: usize,
    /// The points, in any order.
    pub points: &'a [Metric],
}

/// How to draw the histories.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendOptions {
    /// The metric's name.
    pub metric: String,
    /// What x is.
    pub x_kind: XKind,
    /// EMA smoothing in [0, 1); 0 is off.
    pub smoothing: f64,
    /// Logarithmic y axis.
    pub log_y: bool,
    /// The chart's width in pixels: no line keeps more than two points per pixel.
    pub width_px: u32,
    /// Threshold lines that apply.
    pub thresholds: Vec<Threshold>,
}

/// Prepares a trend chart: x per the chosen kind, smoothing, gaps, reduction to the pixel width and axis
/// ranges that ignore non-finite values; wall-clock ticks in the viewer's zone (`offset_at`, minutes east of UTC
/// at a moment). Also returns what was left out, for the note under the chart.
pub fn trend_spec(
    histories: &[RunHistory<'_>],
    opts: &TrendOptions,
    offset_at: &dyn Fn(i64) -> i32,
) -> (TrendSpec, Skipped) {
    let mut skipped = Skipped::default();
    let buckets = opts.width_px.max(1) as usize;
    let xy: Vec<Vec<(f64, f64)>> = histories
        .iter()
        .map(|h| x_values(h.points, opts.x_kind))
        .collect();
    let x = finite_range(xy.iter().flatten().map(|p| p.0));
    let (x_lo, x_hi) = x.unwrap_or((0.0, 1.0));
    let lines: Vec<TrendLine> = histories
        .iter()
        .zip(&xy)
        .map(|(h, points)| {
            let (raw, skip) = segments(points, opts.log_y);
            skipped.add(skip);
            let smoothed = if opts.smoothing > 0.0 {
                let ys: Vec<f64> = points.iter().map(|p| p.1).collect();
                let s: Vec<(f64, f64)> = points
                    .iter()
                    .zip(ema(&ys, opts.smoothing))
                    .map(|(p, y)| (p.0, y))
                    .collect();
                reduce(segments(&s, opts.log_y).0, x_lo, x_hi, buckets)
            } else {
                Vec::new()
            };
            TrendLine {
                label: h.label.to_owned(),
                color: h.color,
                raw: reduce(raw, x_lo, x_hi, buckets),
                smoothed,
            }
        })
        .collect();
    let drawn = lines
        .iter()
        .flat_map(|l| l.raw.iter().chain(&l.smoothed).flatten().map(|p| p.1));
    let thresholds = opts.thresholds.iter().map(|t| t.value);
    let y = finite_range(drawn.chain(thresholds).filter(|v| !opts.log_y || *v > 0.0));
    let (y_lo, y_hi) = y.unwrap_or((0.0, 1.0));
    let x_range = if x_hi > x_lo {
        (x_lo, x_hi)
    } else {
        let pad = if opts.x_kind == XKind::Step {
            1.0
        } else {
            60_000.0
        };
        (x_lo - pad, x_hi + pad)
    };
    let spec = TrendSpec {
        metric: opts.metric.clone(),
        x_kind: opts.x_kind,
        zone: match opts.x_kind {
            XKind::Wall => Zone::over(x_range, offset_at),
            XKind::Step | XKind::Relative => Zone::default(),
        },
        log_y: opts.log_y,
        x_range,
        y_range: padded(y_lo, y_hi, opts.log_y),
        lines,
        thresholds: opts.thresholds.clone(),
    };
    (spec, skipped)
}

fn x_values(points: &[Metric], kind: XKind) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64, i64)> = points
        .iter()
        .map(|m| (m.step as f64, m.value, m.timestamp))
        .collect();
    match kind {
        XKind::Step => out.sort_by(|a, b| a.0.total_cmp(&b.0)),
        XKind::Wall | XKind::Relative => out.sort_by_key(|p| p.2),
    }
    let first = out.first().map_or(0, |p| p.2);
    out.into_iter()
        .map(|(step, v, ts)| match kind {
            XKind::Step => (step, v),
            XKind::Wall => (ts as f64, v),
            XKind::Relative => ((ts - first) as f64, v),
        })
        .collect()
}

fn reduce(
    segments: Vec<Vec<(f64, f64)>>,
    x_lo: f64,
    x_hi: f64,
    buckets: usize,
) -> Vec<Vec<(f64, f64)>> {
    segments
        .into_iter()
        .map(|s| min_max_reduce(&s, x_lo, x_hi, buckets))
        .collect()
}

/// The point of each line nearest to x (by x), for the hover read-out: (line index, x, y). Hidden lines
/// are the caller's business: it passes only the lines it shows.
pub fn readout(spec: &TrendSpec, x: f64) -> Vec<(usize, f64, f64)> {
    spec.lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| nearest_in(&line.raw, x).map(|p| (i, p.0, p.1)))
        .collect()
}

/// The hover read-out at data x as text: one line per run, e.g. `bert-01: 0.8123 at step 12`, or with smoothing
/// on, the smoothed value (the line drawn bold) and the raw one: `bert-01: 0.8011 smoothed (raw 0.8123) at …`.
pub fn readout_text(spec: &TrendSpec, x: f64) -> Option<String> {
    let span = spec.x_range.1 - spec.x_range.0;
    let lines: Vec<String> = readout(spec, x)
        .into_iter()
        .map(|(i, px, py)| {
            let at = format_x(spec.x_kind, px, span, &spec.zone);
            let (line, axis) = (&spec.lines[i], spec.x_kind.label());
            let value = match nearest_in(&line.smoothed, px) {
                Some((_, s)) => format!("{} smoothed (raw {})", format_y(s), format_y(py)),
                None => format_y(py),
            };
            format!("{}: {value} at {axis} {at}", line.label)
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The point of a line's segments nearest to x (by x).
fn nearest_in(segments: &[Points], x: f64) -> Option<(f64, f64)> {
    let candidates: Vec<(f64, f64)> = segments
        .iter()
        .filter_map(|seg| nearest_by_x(seg, x).map(|j| seg[j]))
        .collect();
    nearest_by_x_unsorted(&candidates, x)
}

fn nearest_by_x_unsorted(points: &[(f64, f64)], x: f64) -> Option<(f64, f64)> {
    points
        .iter()
        .copied()
        .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))
}

/// What a trend chart says when the legend hides every run (its spec has no lines).
const ALL_HIDDEN: &str = "All runs are hidden: show one with the buttons above the chart";

/// Draws a trend chart, with a legend of run names when asked.
pub fn draw_trend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &TrendSpec,
    theme: &ChartTheme,
    legend: bool,
) -> Result<Drawn, DrawingAreaErrorKind<DB::ErrorType>> {
    if spec.lines.is_empty() {
        no_data(root, ALL_HIDDEN, theme)?;
        return Ok(Drawn::default());
    }
    if spec.lines.iter().all(|l| l.raw.is_empty()) {
        no_data(root, &format!("No {} values to draw", spec.metric), theme)?;
        return Ok(Drawn::default());
    }
    root.fill(&theme.background)?;
    let (x0, x1) = spec.x_range;
    let (y0, y1) = spec.y_range;
    let y = if spec.log_y {
        ValueScale::log(y0..y1)
    } else {
        ValueScale::linear(y0..y1)
    };
    let mut chart = chart_builder(root).build_cartesian_2d(ValueScale::linear(x0..x1), y)?;
    draw_body(&mut chart, spec, theme, legend)?;
    let plot = plot_area(&chart);
    root.present()?;
    Ok(Drawn {
        plot,
        marks: Vec::new(),
    })
}

fn draw_body<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Axes>,
    spec: &TrendSpec,
    theme: &ChartTheme,
    legend: bool,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let span = spec.x_range.1 - spec.x_range.0;
    let x_fmt = |x: &f64| format_x(spec.x_kind, *x, span, &spec.zone);
    let x_labels = match spec.x_kind {
        XKind::Wall => wall_labels(chart.plotting_area().dim_in_pixel().0).min(5),
        _ => 8,
    };
    themed(&mut chart.configure_mesh(), theme)
        .x_desc(spec.x_kind.label())
        .y_desc(spec.metric.as_str())
        .x_labels(x_labels)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&|y| format_y(*y))
        .draw()?;
    draw_thresholds(chart, &spec.thresholds, spec.x_range, theme)?;
    let mut keys = Legend::default();
    for line in &spec.lines {
        let color = theme.run_color(line.color);
        let faint = !line.smoothed.is_empty();
        let raw_style = if faint {
            color.mix(0.3).stroke_width(1)
        } else {
            color.stroke_width(2)
        };
        for (i, seg) in line.raw.iter().enumerate() {
            chart.draw_series(LineSeries::new(seg.iter().copied(), raw_style))?;
            if i == 0 && !faint {
                keys.add(line.label.clone(), Key::Line(color.stroke_width(2)));
            }
            if seg.len() == 1 {
                chart.draw_series([Circle::new(seg[0], 3, color.filled())])?;
            }
        }
        for (i, seg) in line.smoothed.iter().enumerate() {
            chart.draw_series(LineSeries::new(seg.iter().copied(), color.stroke_width(2)))?;
            if i == 0 {
                keys.add(line.label.clone(), Key::Line(color.stroke_width(2)));
            }
        }
    }
    if legend {
        keys.draw(chart, theme, Corner::LowerRight)?;
    }
    Ok(())
}
