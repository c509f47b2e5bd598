//! Parallel coordinates over params and metrics: numeric axes for numbers, categorical axes for text.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{label_font, no_data, plot_area, shorten, ValueScale};
use super::legend::{Corner, Key, Legend};
use super::spec::{Drawn, Mark, ParallelAxis, ParallelLine, ParallelSpec};
use super::ChartTheme;
use crate::api::Run;
use crate::format::format_metric;
use crate::series::finite_range;
use crate::tracking::runs_table::Column;

/// The values of one param or metric across runs, as numbers or as categories.
#[derive(Debug, Clone, PartialEq)]
pub enum AxisData {
    /// Every present value is a finite number; `range` is their min and max.
    Numeric {
        /// Per run; None where missing or non-finite.
        values: Vec<Option<f64>>,
        /// Smallest and largest value.
        range: (f64, f64),
    },
    /// Text values; each run's value is an index into `categories` (sorted).
    Categorical {
        /// Per run; None where missing.
        values: Vec<Option<usize>>,
        /// The distinct values, sorted.
        categories: Vec<String>,
    },
}

impl AxisData {
    /// Reads a column across runs. Metrics are always numeric; a param is numeric when every value the runs
    /// have parses as a finite number (MLflow stores params as text).
    pub fn of(runs: &[Run], column: &Column) -> AxisData {
        let numbers: Option<Vec<Option<f64>>> = match column {
            Column::Metric(k) => Some(
                runs.iter()
                    .map(|r| r.metric(k).filter(|v| v.is_finite()))
                    .collect(),
            ),
            Column::Param(k) => runs
                .iter()
                .map(|r| match r.param(k) {
                    None => Some(None),
                    Some(s) => s
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite())
                        .map(Some),
                })
                .collect(),
        };
        if let Some(values) = numbers {
            if let Some(range) = finite_range(values.iter().flatten().copied()) {
                return AxisData::Numeric { values, range };
            }
            if matches!(column, Column::Metric(_)) {
                return AxisData::Numeric {
                    values,
                    range: (0.0, 1.0),
                };
            }
        }
        let texts: Vec<Option<&str>> = runs.iter().map(|r| r.param(column.key())).collect();
        let mut categories: Vec<String> = texts.iter().flatten().map(|s| (*s).to_owned()).collect();
        categories.sort();
        categories.dedup();
        let values = texts
            .iter()
            .map(|t| t.and_then(|t| categories.iter().position(|c| c == t)))
            .collect();
        AxisData::Categorical { values, categories }
    }

    /// Each run's position on the axis in [0, 1]: numbers scaled to their range (a single value sits in the
    /// middle), categories spread evenly.
    pub fn positions(&self) -> Vec<Option<f64>> {
        match self {
            AxisData::Numeric {
                values,
                range: (lo, hi),
            } => values
                .iter()
                .map(|v| v.map(|v| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 }))
                .collect(),
            AxisData::Categorical { values, categories } => {
                let n = categories.len();
                values
                    .iter()
                    .map(|v| {
                        v.map(|i| {
                            if n > 1 {
                                i as f64 / (n - 1) as f64
                            } else {
                                0.5
                            }
                        })
                    })
                    .collect()
            }
        }
    }

    /// Tick positions in [0, 1] with labels: five numbers, or every category (at most 12, evenly picked).
    pub fn ticks(&self) -> Vec<(f64, String)> {
        match self {
            AxisData::Numeric {
                range: (lo, hi), ..
            } if hi > lo => (0..5)
                .map(|i| {
                    let t = f64::from(i) / 4.0;
                    (t, format_metric(lo + t * (hi - lo)))
                })
                .collect(),
            AxisData::Numeric { range: (lo, _), .. } => vec![(0.5, format_metric(*lo))],
            AxisData::Categorical { categories, .. } => {
                let n = categories.len();
                let step = n.div_ceil(12).max(1);
                let pos = |i: usize| {
                    if n > 1 {
                        i as f64 / (n - 1) as f64
                    } else {
                        0.5
                    }
                };
                (0..n)
                    .step_by(step)
                    .map(|i| (pos(i), shorten(&categories[i], 16)))
                    .collect()
            }
        }
    }
}

/// Prepares the plot for runs in selection order (palette index = position).
pub fn parallel_spec(runs: &[Run], columns: &[Column]) -> ParallelSpec {
    let data: Vec<AxisData> = columns.iter().map(|c| AxisData::of(runs, c)).collect();
    let positions: Vec<Vec<Option<f64>>> = data.iter().map(AxisData::positions).collect();
    ParallelSpec {
        axes: columns
            .iter()
            .zip(&data)
            .map(|(c, d)| ParallelAxis {
                name: c.key().to_owned(),
                ticks: d.ticks(),
            })
            .collect(),
        lines: (0..runs.len())
            .map(|i| ParallelLine {
                color: i,
                run: i,
                values: positions.iter().map(|p| p[i]).collect(),
            })
            .collect(),
        names: runs.iter().map(|r| r.display_name().to_owned()).collect(),
    }
}

/// Draws the plot; every vertex of a run's line is a mark for hover and click.
pub fn draw_parallel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &ParallelSpec,
    theme: &ChartTheme,
    legend: bool,
) -> Result<Drawn, DrawingAreaErrorKind<DB::ErrorType>> {
    if spec.axes.len() < 2 || spec.lines.is_empty() {
        no_data(root, "Choose at least two params or metrics", theme)?;
        return Ok(Drawn::default());
    }
    root.fill(&theme.background)?;
    let n = spec.axes.len() as f64;
    let mut chart = ChartBuilder::on(root)
        .margin(16)
        .margin_top(36)
        .margin_left(24)
        .margin_right(72)
        .build_cartesian_2d(
            ValueScale::linear(-0.05..(n - 0.95)),
            ValueScale::linear(-0.02..1.02),
        )?;
    let font = label_font(theme);
    let small = ("sans-serif", 11).into_font().color(&theme.muted);
    for (a, axis) in spec.axes.iter().enumerate() {
        let x = a as f64;
        chart.draw_series(LineSeries::new(
            [(x, 0.0), (x, 1.0)],
            theme.text.stroke_width(1),
        ))?;
        chart.draw_series([EmptyElement::at((x, 1.0))
            + Text::new(shorten(&axis.name, 18), (-20, -26), font.clone())])?;
        for (t, label) in &axis.ticks {
            chart.draw_series([EmptyElement::at((x, *t))
                + PathElement::new([(-3, 0), (3, 0)], theme.text)
                + Text::new(label.clone(), (5, -6), small.clone())])?;
        }
    }
    let mut marks = Vec::new();
    let mut keys = Legend::default();
    for line in &spec.lines {
        let solid = theme.run_color(line.color);
        let color = solid.mix(0.85).stroke_width(2);
        if legend {
            let name = spec.names.get(line.run).cloned().unwrap_or_default();
            keys.add(name, Key::Line(solid.stroke_width(2)));
        }
        let mut segment: Vec<(f64, f64)> = Vec::new();
        for (a, v) in line.values.iter().enumerate() {
            match v {
                Some(y) => {
                    segment.push((a as f64, *y));
                    let (px, py) = chart.backend_coord(&(a as f64, *y));
                    marks.push(Mark {
                        run: line.run,
                        x: px,
                        y: py,
                    });
                }
                None => {
                    chart.draw_series(LineSeries::new(std::mem::take(&mut segment), color))?;
                }
            }
        }
        chart.draw_series(LineSeries::new(segment, color))?;
    }
    if legend {
        keys.draw(&chart, theme, Corner::UpperRight)?;
    }
    let plot = plot_area(&chart);
    root.present()?;
    Ok(Drawn { plot, marks })
}
