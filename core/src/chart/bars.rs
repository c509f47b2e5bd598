//! One metric across runs as bars, the best one outlined, missing values marked as missing (never 0).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{category_label, format_y, label_font, no_data, plot_area, shorten, themed};
use super::spec::{Bar, BarsSpec, Drawn, Mark, Threshold};
use super::ChartTheme;
use crate::api::Run;
use crate::series::{finite_range, padded};

/// Prepares bars for `runs` in selection order (palette index = position). Bars start at 0 when all values
/// are positive, so their lengths compare honestly.
pub fn bars_spec(
    runs: &[Run],
    metric: &str,
    higher_is_better: bool,
    thresholds: Vec<Threshold>,
) -> BarsSpec {
    let values: Vec<Option<f64>> = runs
        .iter()
        .map(|r| r.metric(metric).filter(|v| v.is_finite()))
        .collect();
    let finite = values.iter().flatten().copied();
    let best = if higher_is_better {
        finite
            .clone()
            .fold(None, |b: Option<f64>, v| Some(b.map_or(v, |b| b.max(v))))
    } else {
        finite
            .clone()
            .fold(None, |b: Option<f64>, v| Some(b.map_or(v, |b| b.min(v))))
    };
    let distinct = finite_range(finite.clone()).is_some_and(|(lo, hi)| hi > lo);
    let range = finite_range(
        finite
            .chain(thresholds.iter().map(|t| t.value))
            .chain([0.0]),
    );
    let (lo, hi) = range.unwrap_or((0.0, 1.0));
    let (y0, y1) = padded(lo, hi, false);
    let direction = if higher_is_better { "higher" } else { "lower" };
    BarsSpec {
        title: format!("{metric} ({direction} is better)"),
        y_range: (if lo >= 0.0 { 0.0 } else { y0 }, y1),
        bars: runs
            .iter()
            .zip(values)
            .enumerate()
            .map(|(i, (r, value))| Bar {
                label: shorten(r.display_name(), 14),
                value,
                color: i,
                best: distinct && value.is_some() && value == best,
            })
            .collect(),
        thresholds,
    }
}

/// Draws the bars; each bar's top is a mark for hover and click.
pub fn draw_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &BarsSpec,
    theme: &ChartTheme,
) -> Result<Drawn, DrawingAreaErrorKind<DB::ErrorType>> {
    if spec.bars.is_empty() {
        no_data(root, "No runs to compare", theme)?;
        return Ok(Drawn::default());
    }
    root.fill(&theme.background)?;
    let n = spec.bars.len();
    let labels: Vec<String> = spec.bars.iter().map(|b| b.label.clone()).collect();
    let show_labels = n <= 12;
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .caption(spec.title.as_str(), label_font(theme))
        .x_label_area_size(if show_labels { 32 } else { 8 })
        .y_label_area_size(56)
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), spec.y_range.0..spec.y_range.1)?;
    themed(&mut chart.configure_mesh(), theme)
        .disable_x_mesh()
        .x_labels(if show_labels { n } else { 0 })
        .x_label_formatter(&|x| category_label(&labels, *x))
        .y_label_formatter(&|y| format_y(*y))
        .draw()?;
    let base = spec.y_range.0.max(0.0).min(spec.y_range.1);
    let mut marks = Vec::with_capacity(n);
    for (i, bar) in spec.bars.iter().enumerate() {
        let x = i as f64;
        let color = theme.run_color(bar.color);
        match bar.value {
            Some(v) => {
                chart.draw_series([Rectangle::new(
                    [(x - 0.35, base), (x + 0.35, v)],
                    color.filled(),
                )])?;
                if bar.best {
                    chart.draw_series([Rectangle::new(
                        [(x - 0.35, base), (x + 0.35, v)],
                        theme.text.stroke_width(2),
                    )])?;
                    chart
                        .draw_series([EmptyElement::at((x, v))
                            + Text::new("best", (-12, -16), label_font(theme))])?;
                }
                let (px, py) = chart.backend_coord(&(x, v));
                marks.push(Mark {
                    run: i,
                    x: px,
                    y: py,
                });
            }
            None => {
                chart.draw_series([EmptyElement::at((x, base))
                    + Text::new(
                        "missing",
                        (-22, -16),
                        ("sans-serif", 11).into_font().color(&theme.muted),
                    )])?;
            }
        }
    }
    super::axis::draw_thresholds(&mut chart, &spec.thresholds, (-0.5, n as f64 - 0.5), theme)?;
    let plot = plot_area(&chart);
    root.present()?;
    Ok(Drawn { plot, marks })
}
