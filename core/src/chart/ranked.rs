//! The best of each experiment as ranked bars, best first, each with its model's threshold drawn across it
//! and experiments without a value marked as such (never as 0).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{no_data, plot_area, shorten};
use super::category::{bar_base, bar_note, category_chart, draw_bar};
use super::spec::{Drawn, RankedBar, RankedSpec};
use super::ChartTheme;
use crate::series::{finite_range, padded};
use crate::tracking::diff::Direction;
use crate::tracking::experiments_compare::{ranked_order, BestRow};

/// Prepares the bars from the best-of-each rows, in [`ranked_order`]. Bars start at 0 when all values are
/// positive, so their lengths compare honestly.
pub fn ranked_spec(rows: &[BestRow], metric: &str, direction: Direction) -> RankedSpec {
    let bars: Vec<RankedBar> = ranked_order(rows, direction)
        .into_iter()
        .map(|i| RankedBar {
            label: shorten(&rows[i].name, 16),
            value: rows[i].best.as_ref().map(|b| b.value),
            threshold: rows[i].threshold,
            color: rows[i].color,
            row: i,
        })
        .collect();
    let values = bars
        .iter()
        .flat_map(|b| [b.value, b.threshold])
        .flatten()
        .chain([0.0]);
    let (lo, hi) = finite_range(values).unwrap_or((0.0, 1.0));
    let (y0, y1) = padded(lo, hi, false);
    RankedSpec {
        title: format!("best {metric} per experiment ({})", direction.label()),
        y_range: (if lo >= 0.0 { 0.0 } else { y0 }, y1),
        bars,
    }
}

/// Draws the ranked bars; each bar's top is a mark (its `run` is the row) for hover and click.
pub fn draw_ranked<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &RankedSpec,
    theme: &ChartTheme,
) -> Result<Drawn, DrawingAreaErrorKind<DB::ErrorType>> {
    if spec.bars.is_empty() {
        no_data(root, "No experiments to rank", theme)?;
        return Ok(Drawn::default());
    }
    root.fill(&theme.background)?;
    let n = spec.bars.len();
    let labels: Vec<String> = spec.bars.iter().map(|b| b.label.clone()).collect();
    let mut chart = category_chart(root, &spec.title, &labels, true, spec.y_range, theme)?;
    let base = bar_base(spec.y_range);
    let mut marks = Vec::with_capacity(n);
    for (i, bar) in spec.bars.iter().enumerate() {
        let x = i as f64;
        let Some(v) = bar.value else {
            bar_note(&mut chart, (x, base), "none", theme)?;
            continue;
        };
        let style = theme.run_color(bar.color).filled();
        marks.push(draw_bar(&mut chart, (x, base, v), style, bar.row)?);
        if let Some(t) = bar.threshold.filter(|t| t.is_finite()) {
            chart.draw_series(DashedLineSeries::new(
                [(x - 0.45, t), (x + 0.45, t)],
                5,
                3,
                theme.threshold.stroke_width(2),
            ))?;
        }
    }
    let plot = plot_area(&chart);
    root.present()?;
    Ok(Drawn { plot, marks })
}
