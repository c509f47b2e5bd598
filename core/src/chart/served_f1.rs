//! The served F1 over time: a step line of the F1 of the version the service served, across its applied
//! updates, with the threshold and the candidates it skipped as faint marks, so a reader sees whether the
//! served model improved and what was held back.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{draw_thresholds, label_font, no_data, plot_area, wall_time_chart};
use super::legend::{Corner, Key, Legend};
use super::spec::{Drawn, Mark, ServedF1Point, ServedF1Spec, Threshold};
use super::zone::Zone;
use super::ChartTheme;
use crate::format::format_metric;
use crate::series::{finite_range, padded, Points};
use crate::serving::{F1Point, ServedF1History};

/// Prepares the chart from a model's served F1 history. Each step holds until the next (the last until the
/// history's `until`); a step without an F1 cuts the line. Points are the applied versions, then the
/// skipped candidates, each with a known F1.
pub fn served_f1_spec(
    history: &ServedF1History,
    metric: &str,
    offset_at: &dyn Fn(i64) -> i32,
) -> ServedF1Spec {
    let line = step_line(&history.steps, history.until);
    let point = |p: &F1Point, applied: bool| {
        Some(ServedF1Point {
            at: p.at as f64,
            f1: p.f1?,
            version: p.version.clone().unwrap_or_default(),
            applied,
            reason: p.reason.clone(),
        })
    };
    let points: Vec<ServedF1Point> = (history.steps.iter().filter_map(|p| point(p, true)))
        .chain(history.skipped.iter().filter_map(|p| point(p, false)))
        .collect();
    let thresholds: Vec<Threshold> = history
        .threshold
        .map(|t| Threshold {
            label: format!("threshold {}", format_metric(t)),
            value: t,
        })
        .into_iter()
        .collect();
    let xs = line
        .iter()
        .flatten()
        .map(|p| p.0)
        .chain(points.iter().map(|p| p.at));
    let (x_lo, x_hi) = finite_range(xs).unwrap_or((0.0, 1.0));
    let x_pad = ((x_hi - x_lo) * 0.03).max(60_000.0);
    let ys = points
        .iter()
        .map(|p| p.f1)
        .chain(thresholds.iter().map(|t| t.value));
    let (y_lo, y_hi) = finite_range(ys).unwrap_or((0.0, 1.0));
    let x_range = (x_lo - x_pad, x_hi + x_pad);
    ServedF1Spec {
        metric: metric.to_owned(),
        zone: Zone::over(x_range, offset_at),
        x_range,
        y_range: padded(y_lo, y_hi, false),
        line,
        points,
        thresholds,
    }
}

/// The step polyline: along at the old value, then up or down at the next step's time.
fn step_line(steps: &[F1Point], until: Option<i64>) -> Vec<Points> {
    let mut out: Vec<Points> = Vec::new();
    let mut current: Points = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let end = steps
            .get(i + 1)
            .map(|next| next.at)
            .or(until.filter(|u| *u > step.at))
            .unwrap_or(step.at);
        match step.f1 {
            Some(f1) => {
                current.push((step.at as f64, f1));
                current.push((end as f64, f1));
            }
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The hover text of a point (a mark's `run` is its index in `spec.points`), e.g.
/// `v7 applied at 2026-01-29 10:03: F1 0.86` or `v8 skipped at 2026-01-29 10:05: F1 0.72 (below threshold)`.
pub fn served_f1_hover(spec: &ServedF1Spec, index: usize) -> Option<String> {
    let p = spec.points.get(index)?;
    let what = if p.applied {
        "served from"
    } else {
        "skipped at"
    };
    let reason = p
        .reason
        .as_deref()
        .map_or(String::new(), |r| format!(" ({r})"));
    Some(format!(
        "v{} {what} {}: {} {}{reason}",
        p.version,
        spec.zone.datetime(p.at.round() as i64),
        spec.metric,
        format_metric(p.f1)
    ))
}

/// Draws the step line, the threshold and the points; every point is a mark for hover.
pub fn draw_served_f1<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &ServedF1Spec,
    theme: &ChartTheme,
) -> Result<Drawn, DrawingAreaErrorKind<DB::ErrorType>> {
    if spec.points.is_empty() && spec.line.is_empty() {
        no_data(
            root,
            &format!("No served {} on record yet", spec.metric),
            theme,
        )?;
        return Ok(Drawn::default());
    }
    let mut chart = wall_time_chart(
        root,
        (spec.x_range, spec.y_range),
        &spec.zone,
        ("time", &format!("served {}", spec.metric)),
        theme,
    )?;
    draw_thresholds(&mut chart, &spec.thresholds, spec.x_range, theme)?;
    let mut legend = Legend::default();
    for (i, seg) in spec.line.iter().enumerate() {
        chart.draw_series(LineSeries::new(
            seg.iter().copied(),
            theme.series.stroke_width(2),
        ))?;
        if i == 0 {
            legend.add("served", Key::Line(theme.series.stroke_width(2)));
        }
    }
    let (applied, skipped): (Vec<&ServedF1Point>, Vec<&ServedF1Point>) =
        spec.points.iter().partition(|p| p.applied);
    // Version labels only while they fit beside their points.
    let labelled = applied.len() <= 12;
    for p in &applied {
        chart.draw_series([Circle::new((p.at, p.f1), 4, theme.series.filled())])?;
        if labelled {
            chart.draw_series([EmptyElement::at((p.at, p.f1))
                + Text::new(format!("v{}", p.version), (6, -18), label_font(theme))])?;
        }
    }
    if !skipped.is_empty() {
        let faint = theme.muted.mix(0.6);
        chart.draw_series(
            skipped
                .iter()
                .map(|p| Circle::new((p.at, p.f1), 4, faint.stroke_width(1))),
        )?;
        legend.add("skipped candidate", Key::Dot(4, faint.stroke_width(1)));
    }
    legend.draw(&chart, theme, Corner::LowerRight)?;
    let marks = spec
        .points
        .iter()
        .enumerate()
        .map(|(run, p)| {
            let (x, y) = chart.backend_coord(&(p.at, p.f1));
            Mark { run, x, y }
        })
        .collect();
    let plot = plot_area(&chart);
    root.present()?;
    Ok(Drawn { plot, marks })
}
