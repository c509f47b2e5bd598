//! One metric across runs as bars, the best one outlined, missing values marked as missing (never 0).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{label_font, no_data, plot_area, shorten};
use super::category::{bar_base, bar_note, category_chart, draw_bar, outline_bar};
use super::spec::{Bar, BarsSpec, Drawn, Threshold};
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
    let mut chart = category_chart(root, &spec.title, &labels, n <= 12, spec.y_range, theme)?;
    let base = bar_base(spec.y_range);
    let mut marks = Vec::with_capacity(n);
    for (i, bar) in spec.bars.iter().enumerate() {
        let x = i as f64;
        let Some(v) = bar.value else {
            bar_note(&mut chart, (x, base), "missing", theme)?;
            continue;
        };
        let style = theme.run_color(bar.color).filled();
        marks.push(draw_bar(&mut chart, (x, base, v), style, i)?);
        if bar.best {
            outline_bar(&mut chart, (x, base, v), theme)?;
            chart.draw_series([
                EmptyElement::at((x, v)) + Text::new("best", (-12, -16), label_font(theme))
            ])?;
        }
    }
    super::axis::draw_thresholds(&mut chart, &spec.thresholds, (-0.5, n as f64 - 0.5), theme)?;
    let plot = plot_area(&chart);
    root.present()?;
    Ok(Drawn { plot, marks })
}
