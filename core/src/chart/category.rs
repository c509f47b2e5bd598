//! What the two bar charts (runs compared on one metric, experiments ranked by their best) share: the axes of
//! categories, a bar with its mark, and a note where a category has no value.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{category_label, format_y, label_font, themed, Axes, ValueScale};
use super::spec::Mark;
use super::ChartTheme;

/// A chart whose x axis holds categories at 0, 1, … and whose y axis holds values.
pub type CategoryChart<'a, DB> = ChartContext<'a, DB, Axes>;

/// Half a bar's width, in categories.
const HALF_BAR: f64 = 0.35;

/// Builds the chart and draws its mesh: the labels under their categories when `show_labels`.
pub fn category_chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    title: &str,
    labels: &[String],
    show_labels: bool,
    y_range: (f64, f64),
    theme: &ChartTheme,
) -> Result<CategoryChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let n = labels.len();
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .caption(title, label_font(theme))
        .x_label_area_size(if show_labels { 32 } else { 8 })
        .y_label_area_size(56)
        .build_cartesian_2d(
            ValueScale::linear(-0.5..(n as f64 - 0.5)),
            ValueScale::linear(y_range.0..y_range.1),
        )?;
    themed(&mut chart.configure_mesh(), theme)
        .disable_x_mesh()
        .x_labels(if show_labels { n } else { 0 })
        .x_label_formatter(&|x| category_label(labels, *x))
        .y_label_formatter(&|y| format_y(*y))
        .draw()?;
    Ok(chart)
}

/// Where bars start: zero, or the axis's end nearest to it.
pub fn bar_base(y_range: (f64, f64)) -> f64 {
    y_range.0.max(0.0).min(y_range.1)
}

/// A bar from `base` to `v` at category `x`, in `style`; returns its top as a mark for `run`.
pub fn draw_bar<DB: DrawingBackend>(
    chart: &mut CategoryChart<'_, DB>,
    (x, base, v): (f64, f64, f64),
    style: ShapeStyle,
    run: usize,
) -> Result<Mark, DrawingAreaErrorKind<DB::ErrorType>> {
    chart.draw_series([Rectangle::new(
        [(x - HALF_BAR, base), (x + HALF_BAR, v)],
        style,
    )])?;
    let (px, py) = chart.backend_coord(&(x, v));
    Ok(Mark { run, x: px, y: py })
}

/// The outline around a bar that is the best.
pub fn outline_bar<DB: DrawingBackend>(
    chart: &mut CategoryChart<'_, DB>,
    (x, base, v): (f64, f64, f64),
    theme: &ChartTheme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    chart.draw_series([Rectangle::new(
        [(x - HALF_BAR, base), (x + HALF_BAR, v)],
        theme.text.stroke_width(2),
    )])?;
    Ok(())
}

/// A muted word where category `x` has no bar (`missing`, `none`), centred on it.
pub fn bar_note<DB: DrawingBackend>(
    chart: &mut CategoryChart<'_, DB>,
    (x, base): (f64, f64),
    text: &str,
    theme: &ChartTheme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let offset = -(3 * text.len() as i32);
    chart.draw_series([EmptyElement::at((x, base))
        + Text::new(
            text.to_owned(),
            (offset, -16),
            ("sans-serif", 11).into_font().color(&theme.muted),
        )])?;
    Ok(())
}
