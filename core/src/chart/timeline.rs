//! F1 over time across runs: each finished run's latest value by start time, a "best so far" step line and
//! the threshold, so a team sees whether retraining is improving.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{draw_thresholds, no_data, plot_area, wall_time_chart};
use super::legend::{Corner, Key, Legend};
use super::spec::{Drawn, Mark, Threshold, TimelineSeries, TimelineSpec};
use super::zone::Zone;
use super::ChartTheme;
use crate::api::Run;
use crate::series::{best_so_far, finite_range, padded};

/// Prepares the chart from runs in any order: finished runs with a start time and a finite value only.
/// Point run indices refer to `runs`. With no such run the spec has no points and the chart says so.
pub fn timeline_spec(
    runs: &[Run],
    metric: &str,
    higher_is_better: bool,
    thresholds: Vec<Threshold>,
    offset_at: &dyn Fn(i64) -> i32,
) -> TimelineSpec {
    let mut spec = timeline_spec_by_series(
        runs,
        &[],
        &[],
        metric,
        higher_is_better,
        thresholds,
        offset_at,
    );
    let xy: Vec<(f64, f64)> = spec.points.iter().map(|p| (p.0, p.1)).collect();
    spec.best = best_so_far(&xy, higher_is_better);
    spec
}

/// As [`timeline_spec`] across experiments: run `i` belongs to series `series_of[i]` (0 when missing), each
/// series named by `labels`, drawn in its palette colour with a best-so-far line of its own.
pub fn timeline_spec_by_series(
    runs: &[Run],
    series_of: &[usize],
    labels: &[String],
    metric: &str,
    higher_is_better: bool,
    thresholds: Vec<Threshold>,
    offset_at: &dyn Fn(i64) -> i32,
) -> TimelineSpec {
    let mut points: Vec<(f64, f64, usize, usize)> = runs
        .iter()
        .enumerate()
        .filter(|(_, r)| r.info.status == "FINISHED")
        .filter_map(|(i, r)| {
            let v = r.metric(metric).filter(|v| v.is_finite())?;
            let series = series_of.get(i).copied().unwrap_or(0);
            Some((r.info.start_time? as f64, v, i, series))
        })
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (x_lo, x_hi) = finite_range(points.iter().map(|p| p.0)).unwrap_or((0.0, 1.0));
    let x_pad = ((x_hi - x_lo) * 0.03).max(3_600_000.0);
    let values = points
        .iter()
        .map(|p| p.1)
        .chain(thresholds.iter().map(|t| t.value));
    let (y_lo, y_hi) = finite_range(values).unwrap_or((0.0, 1.0));
    let series = labels
        .iter()
        .enumerate()
        .map(|(s, label)| {
            let xy: Vec<(f64, f64)> = points
                .iter()
                .filter(|p| p.3 == s)
                .map(|p| (p.0, p.1))
                .collect();
            TimelineSeries {
                label: label.clone(),
                best: best_so_far(&xy, higher_is_better),
            }
        })
        .collect();
    let x_range = (x_lo - x_pad, x_hi + x_pad);
    TimelineSpec {
        metric: metric.to_owned(),
        zone: Zone::over(x_range, offset_at),
        x_range,
        y_range: padded(y_lo, y_hi, false),
        best: Vec::new(),
        series,
        points,
        thresholds,
    }
}

/// Draws the timeline; every run's point is a mark for hover and click.
pub fn draw_timeline<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &TimelineSpec,
    theme: &ChartTheme,
) -> Result<Drawn, DrawingAreaErrorKind<DB::ErrorType>> {
    if spec.points.is_empty() {
        no_data(
            root,
            &format!("No finished run has {} yet", spec.metric),
            theme,
        )?;
        return Ok(Drawn::default());
    }
    let mut chart = wall_time_chart(
        root,
        (spec.x_range, spec.y_range),
        &spec.zone,
        ("run start", &spec.metric),
        theme,
    )?;
    draw_thresholds(&mut chart, &spec.thresholds, spec.x_range, theme)?;
    let mut legend = Legend::default();
    if spec.series.is_empty() {
        chart.draw_series(LineSeries::new(
            spec.best.iter().copied(),
            theme.production.stroke_width(2),
        ))?;
        legend.add("best so far", Key::Line(theme.production.stroke_width(2)));
        chart.draw_series(
            spec.points
                .iter()
                .map(|p| Circle::new((p.0, p.1), 4, theme.series.mix(0.8).filled())),
        )?;
        legend.add("run", Key::Dot(4, theme.series.filled()));
    }
    for (s, series) in spec.series.iter().enumerate() {
        let color = theme.run_color(s);
        chart.draw_series(LineSeries::new(
            series.best.iter().copied(),
            color.stroke_width(2),
        ))?;
        legend.add(
            format!("{} (best so far)", series.label),
            Key::Line(color.stroke_width(2)),
        );
        chart.draw_series(
            spec.points
                .iter()
                .filter(|p| p.3 == s)
                .map(|p| Circle::new((p.0, p.1), 4, color.mix(0.8).filled())),
        )?;
    }
    legend.draw(&chart, theme, Corner::LowerRight)?;
    let marks = spec
        .points
        .iter()
        .map(|p| {
            let (x, y) = chart.backend_coord(&(p.0, p.1));
            Mark { run: p.2, x, y }
        })
        .collect();
    let plot = plot_area(&chart);
    root.present()?;
    Ok(Drawn { plot, marks })
}
