//! A sparkline: a tiny line of one live figure (requests/s, error rate, p95), no axes, the last value
//! marked, so a serving card shows the trend beside the number.
//!
//! Unlike the other charts it is not drawn with plotters: a line and a dot are a few bytes of SVG markup, which
//! the page writes itself from [`sparkline_shape`], so the serving overview's first view needs no chart code.

use std::fmt::Write;

use super::axis::format_x;
use super::spec::{Drawn, Mark, SparklineSpec, XKind};
use super::zone::Zone;
use crate::series::{finite_range, min_max_reduce, nearest_by_x, segments};
use crate::serving::SampleField;

/// Room around the line, in pixels, for the last value's dot at the edges.
pub const SPARKLINE_MARGIN_PX: f64 = 4.0;

/// Prepares a sparkline from (time in ms, value) samples, oldest first: missing values cut the line, and
/// the rest is reduced to the chart's width. The y axis starts at zero, since every figure here is a
/// count, a share or a duration and a line floating in a zoomed band would exaggerate noise.
pub fn sparkline_spec(
    samples: &[(i64, Option<f64>)],
    field: SampleField,
    width_px: u32,
    offset_at: &dyn Fn(i64) -> i32,
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
        zone: Zone::over(x_range, offset_at),
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
    let at = format_x(XKind::Wall, nearest.0, span, &spec.zone);
    Some(format!("{} at {at}", spec.field.format(nearest.1)))
}

/// A sparkline laid out in a box of `width` x `height` pixels (y down), inside [`SPARKLINE_MARGIN_PX`].
#[derive(Debug, Clone, PartialEq)]
pub struct SparklineShape {
    /// SVG path data of the line: `M` starts each segment, `L` joins its next points; empty with no line.
    pub path: String,
    /// SVG path data of the last value's dot, a circle of [`SPARKLINE_DOT_RADIUS_PX`]; empty with nothing to draw
    /// ("no data yet").
    pub dot: String,
    /// The plotting area and the one mark (the dot), for the pointer and the keyboard, as a drawn chart reports.
    pub drawn: Drawn,
}

/// The last value's dot, in pixels.
pub const SPARKLINE_DOT_RADIUS_PX: f64 = 3.0;

/// Lays out `spec` in a box of `width` x `height` pixels.
pub fn sparkline_shape(spec: &SparklineSpec, width: f64, height: f64) -> SparklineShape {
    let m = SPARKLINE_MARGIN_PX;
    let (inner_w, inner_h) = ((width - 2.0 * m).max(0.0), (height - 2.0 * m).max(0.0));
    let at = |(x, y): (f64, f64)| {
        let tx = (x - spec.x_range.0) / (spec.x_range.1 - spec.x_range.0);
        let ty = (y - spec.y_range.0) / (spec.y_range.1 - spec.y_range.0);
        (m + tx * inner_w, height - m - ty * inner_h)
    };
    let mut path = String::new();
    for seg in spec.segments.iter().filter(|s| s.len() > 1) {
        for (i, p) in seg.iter().enumerate() {
            let (x, y) = at(*p);
            let op = if i == 0 { 'M' } else { 'L' };
            // Writing to a String cannot fail.
            let _ = write!(path, "{op}{x:.1} {y:.1}");
        }
    }
    let last = spec.last.map(at);
    let dot = last.map_or_else(String::new, |(x, y)| {
        let r = SPARKLINE_DOT_RADIUS_PX;
        // Two half-circle arcs.
        format!(
            "M{:.1} {y:.1}a{r} {r} 0 1 0 {d} 0a{r} {r} 0 1 0 -{d} 0",
            x - r,
            d = 2.0 * r
        )
    });
    let px = |v: f64| v.round() as i32;
    let drawn = Drawn {
        plot: (px(m), px(m), px(m + inner_w), px(m + inner_h)),
        marks: last
            .map(|(x, y)| Mark {
                run: 0,
                x: px(x),
                y: px(y),
            })
            .into_iter()
            .collect(),
    };
    SparklineShape { path, dot, drawn }
}
