//! Any param or metric against any metric, one point per run.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{
    category_label, chart_builder, draw_thresholds, format_y, no_data, plot_area, shorten, themed,
    ValueScale,
};
use super::legend::{Corner, Key, Legend};
use super::parallel::AxisData;
use super::spec::{Drawn, Mark, ScatterSpec, ScatterX, Threshold};
use super::ChartTheme;
use crate::api::Run;
use crate::series::{finite_range, padded};
use crate::tracking::runs_table::Column;

/// Prepares the scatter for runs in selection order (palette index = position). Runs missing either value
/// are left out.
pub fn scatter_spec(
    runs: &[Run],
    x: &Column,
    y_metric: &str,
    thresholds: Vec<Threshold>,
) -> ScatterSpec {
    let ys: Vec<Option<f64>> = runs
        .iter()
        .map(|r| r.metric(y_metric).filter(|v| v.is_finite()))
        .collect();
    let (xs, axis): (Vec<Option<f64>>, ScatterX) = match AxisData::of(runs, x) {
        AxisData::Numeric { values, range } => {
            let (lo, hi) = padded(range.0, range.1, false);
            (values, ScatterX::Numeric { range: (lo, hi) })
        }
        AxisData::Categorical { values, categories } => (
            values.iter().map(|v| v.map(|i| i as f64)).collect(),
            ScatterX::Categorical { values: categories },
        ),
    };
    let points: Vec<(f64, f64, usize, usize)> = xs
        .iter()
        .zip(&ys)
        .enumerate()
        .filter_map(|(i, (x, y))| Some(((*x)?, (*y)?, i, i)))
        .collect();
    let (lo, hi) = finite_range(
        points
            .iter()
            .map(|p| p.1)
            .chain(thresholds.iter().map(|t| t.value)),
    )
    .unwrap_or((0.0, 1.0));
    ScatterSpec {
        x_name: x.key().to_owned(),
        y_name: y_metric.to_owned(),
        x: axis,
        y_range: padded(lo, hi, false),
        points,
        thresholds,
        names: runs.iter().map(|r| r.display_name().to_owned()).collect(),
    }
}

/// Draws the scatter; each point is a mark for hover and click.
pub fn draw_scatter<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &ScatterSpec,
    theme: &ChartTheme,
    legend: bool,
) -> Result<Drawn, DrawingAreaErrorKind<DB::ErrorType>> {
    if spec.points.is_empty() {
        let message = format!("No run has both {} and {}", spec.x_name, spec.y_name);
        no_data(root, &message, theme)?;
        return Ok(Drawn::default());
    }
    root.fill(&theme.background)?;
    let (x_range, categories) = match &spec.x {
        ScatterX::Numeric { range } => (*range, None),
        ScatterX::Categorical { values } => ((-0.5, values.len() as f64 - 0.5), Some(values)),
    };
    let mut chart = chart_builder(root).build_cartesian_2d(
        ValueScale::linear(x_range.0..x_range.1),
        ValueScale::linear(spec.y_range.0..spec.y_range.1),
    )?;
    let x_fmt = |x: &f64| match categories {
        None => format_y(*x),
        Some(c) => shorten(&category_label(c, *x), 14),
    };
    themed(&mut chart.configure_mesh(), theme)
        .x_desc(spec.x_name.as_str())
        .y_desc(spec.y_name.as_str())
        .x_labels(categories.map_or(8, |c| c.len().min(12)))
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&|y| format_y(*y))
        .draw()?;
    draw_thresholds(&mut chart, &spec.thresholds, x_range, theme)?;
    let mut marks = Vec::with_capacity(spec.points.len());
    let mut keys = Legend::default();
    for &(x, y, color, run) in &spec.points {
        let fill = theme.run_color(color).filled();
        chart.draw_series([Circle::new((x, y), 5, fill)])?;
        if legend {
            let name = spec.names.get(run).cloned().unwrap_or_default();
            keys.add(name, Key::Dot(5, fill));
        }
        let (px, py) = chart.backend_coord(&(x, y));
        marks.push(Mark { run, x: px, y: py });
    }
    if legend {
        keys.draw(&chart, theme, Corner::UpperRight)?;
    }
    let plot = plot_area(&chart);
    root.present()?;
    Ok(Drawn { plot, marks })
}
