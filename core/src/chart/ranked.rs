//! The best of each experiment as ranked bars, best first, each with its model's threshold drawn across it
//! and experiments without a value marked as such (never as 0).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{category_label, format_y, label_font, no_data, plot_area, shorten, themed};
use super::spec::{Drawn, Mark, RankedBar, RankedSpec};
use super::ChartTheme;
use crate::compare::Direction;
use crate::experiments_compare::{ranked_order, BestRow};
use crate::series::{finite_range, padded};

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
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .caption(spec.title.as_str(), label_font(theme))
        .x_label_area_size(32)
        .y_label_area_size(56)
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), spec.y_range.0..spec.y_range.1)?;
    themed(&mut chart.configure_mesh(), theme)
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&|x| category_label(&labels, *x))
        .y_label_formatter(&|y| format_y(*y))
        .draw()?;
    let base = spec.y_range.0.max(0.0).min(spec.y_range.1);
    let mut marks = Vec::with_capacity(n);
    for (i, bar) in spec.bars.iter().enumerate() {
        let x = i as f64;
        let Some(v) = bar.value else {
            chart.draw_series([EmptyElement::at((x, base))
                + Text::new(
                    "none",
                    (-14, -16),
                    ("sans-serif", 11).into_font().color(&theme.muted),
                )])?;
            continue;
        };
        let color = theme.run_color(bar.color);
        chart.draw_series([Rectangle::new(
            [(x - 0.35, base), (x + 0.35, v)],
            color.filled(),
        )])?;
        if let Some(t) = bar.threshold.filter(|t| t.is_finite()) {
            chart.draw_series(DashedLineSeries::new(
                [(x - 0.45, t), (x + 0.45, t)],
                5,
                3,
                theme.threshold.stroke_width(2),
            ))?;
        }
        let (px, py) = chart.backend_coord(&(x, v));
        marks.push(Mark {
            run: bar.row,
            x: px,
            y: py,
        });
    }
    let plot = plot_area(&chart);
    root.present()?;
    Ok(Drawn { plot, marks })
}
