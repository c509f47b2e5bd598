//! A sparkline: a tiny line of one live figure (requests/s, error rate, p95), no axes, the last value
//! marked, so a serving card shows the trend beside the number.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{format_x, plot_area, ValueScale};
use super::spec::{Drawn, Mark, SparklineSpec, XKind};
use super::ChartTheme;
use crate::series::{finite_range, min_max_reduce, nearest_by_x, segments};
use crate::serving::SampleField;

/// Prepares a sparkline from (time in ms, value) samples, oldest first: missing values cut the line, and
/// the rest is reduced to the chart's width. The y axis starts at zero, since every figure here is a
/// count, a share or a duration and a line floating in a zoomed band would exaggerate noise.
pub fn sparkline_spec(
    samples: &[(i64, Option<f64>)],
    field: SampleField,
    width_px: u32,
    tz_offset_minutes: i32,
) -> SparklineSpec {
    let points: Vec<(f64, f64)> = samples
        .iter()
        .map(|(at, v)| (*at as f64, v.unwrap_or(f64::NAN)))
        .collect();
    let (cut, _) = segments(&points, false);
    let (x_lo, x_hi) = finite_range(cut.iter().flatten().map(|p| p.0)).unwrap_or((0.0, 1.0));
    let x_range = if x_hi > x_lo {
        (x_lo, x_hi)
    } else {
        (x_lo - 1000.0, x_hi + 1000.0)
    };
    let y_hi = finite_range(cut.iter().flatten().map(|p| p.1)).map_or(1.0, |(_, hi)| hi);
    let y_range = (0.0, if y_hi > 0.0 { y_hi * 1.15 } else { 1.0 });
    let buckets = (width_px as usize).max(1);
    let last = cut.last().and_then(|s| s.last()).copied();
    SparklineSpec {
        field,
        tz_offset_minutes,
        x_range,
        y_range,
        segments: cut
            .iter()
            .map(|s| min_max_reduce(s, x_range.0, x_range.1, buckets))
            .collect(),
        last,
    }
}

/// The hover read-out at data x: the nearest sample, e.g. `5.2 requests/s at 10:03`.
pub fn sparkline_readout(spec: &SparklineSpec, x: f64) -> Option<String> {
    let nearest = spec
        .segments
        .iter()
        .filter_map(|seg| nearest_by_x(seg, x).map(|i| seg[i]))
        .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))?;
    let span = spec.x_range.1 - spec.x_range.0;
    let at = format_x(XKind::Wall, nearest.0, span, spec.tz_offset_minutes);
    Some(format!("{} at {at}", spec.field.format(nearest.1)))
}

/// Draws the sparkline filling the area, with a dot on the last value; the dot is the one mark.
pub fn draw_sparkline<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &SparklineSpec,
    theme: &ChartTheme,
) -> Result<Drawn, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&theme.background)?;
    let Some(last) = spec.last else {
        let (_, h) = root.dim_in_pixel();
        let style = ("sans-serif", 11).into_font().color(&theme.muted);
        root.draw(&Text::new(
            "no data yet",
            (4, (h as i32 / 2 - 6).max(0)),
            style,
        ))?;
        root.present()?;
        return Ok(Drawn::default());
    };
    // Room for the last-value dot at the edges.
    let mut chart = ChartBuilder::on(root).margin(4).build_cartesian_2d(
        spec.x_range.0..spec.x_range.1,
        ValueScale::linear(spec.y_range.0..spec.y_range.1),
    )?;
    for seg in &spec.segments {
        chart.draw_series(LineSeries::new(
            seg.iter().copied(),
            theme.series.stroke_width(1),
        ))?;
    }
    chart.draw_series([Circle::new(last, 3, theme.series.filled())])?;
    let (x, y) = chart.backend_coord(&last);
    let plot = plot_area(&chart);
    root.present()?;
    Ok(Drawn {
        plot,
        marks: vec![Mark { run: 0, x, y }],
    })
}
