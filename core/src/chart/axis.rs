//! Pieces every chart shares: fonts, tick text, threshold lines, the empty-chart message.

use std::ops::Range;

use plotters::chart::MeshStyle;
use plotters::coord::combinators::LogCoord;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::spec::{Threshold, XKind};
use super::zone::Zone;
use super::{ChartTheme, LABEL_FONT};
use crate::format::{format_duration, format_metric};

/// The text style of labels and ticks.
pub fn label_font(theme: &ChartTheme) -> TextStyle<'static> {
    LABEL_FONT.into_font().color(&theme.text)
}

/// The coordinates of every chart with axes: a [`ValueScale`] across (always linear) and up.
pub type Axes = Cartesian2d<ValueScale, ValueScale>;

/// A value axis, linear or logarithmic. One type for both scales and for every chart, so each chart's drawing,
/// and plotters' mesh and series code under it, is compiled once rather than once per coordinate type.
pub enum ValueScale {
    Linear(RangedCoordf64),
    Log(LogCoord<f64>),
}

impl ValueScale {
    /// A linear axis over `range`.
    pub fn linear(range: Range<f64>) -> ValueScale {
        ValueScale::Linear(range.into())
    }

    /// A logarithmic axis over `range` (positive values).
    pub fn log(range: Range<f64>) -> ValueScale {
        ValueScale::Log(range.log_scale().into())
    }
}

impl Ranged for ValueScale {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        match self {
            ValueScale::Linear(r) => {
                let Range { start, end } = r.range();
                if (end - start).is_finite() {
                    return r.map(value, limit);
                }
                // Wider than f64 can say: plotters' ratio would be inf/inf; halves of everything give the same one.
                let ratio = (value / 2.0 - start / 2.0) / (end / 2.0 - start / 2.0);
                let length = f64::from(limit.1 - limit.0);
                limit.0 + (length * ratio.clamp(0.0, 1.0)).round() as i32
            }
            ValueScale::Log(r) => r.map(value, limit),
        }
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        // An axis wider than f64 can say (-1.8e308 to +1.8e308, or 1e-300 to 1e308 on a log scale) sends plotters'
        // search for round ticks into a loop that does not end: its ends and its middle instead.
        let range = self.range();
        let (width, middle) = match self {
            ValueScale::Linear(_) => (range.end - range.start, 0.0),
            ValueScale::Log(_) => (range.end / range.start, 1.0),
        };
        if !width.is_finite() {
            let mut ends = vec![range.start, middle, range.end];
            ends.truncate(hint.max_num_points().max(2));
            return ends;
        }
        match self {
            ValueScale::Linear(r) => r.key_points(hint),
            ValueScale::Log(r) => r.key_points(hint),
        }
    }

    fn range(&self) -> Range<f64> {
        match self {
            ValueScale::Linear(r) => r.range(),
            ValueScale::Log(r) => r.range(),
        }
    }
}

/// Tick text for an x value of a trend chart; `span` is the axis width, to pick the precision of times.
pub fn format_x(kind: XKind, v: f64, span: f64, zone: &Zone) -> String {
    match kind {
        // Steps are whole: a tick at 1.5 on a short run gets no label rather than a second "2".
        XKind::Step if (v - v.round()).abs() > 1e-6 => String::new(),
        XKind::Step => format!("{}", v.round() as i64),
        XKind::Relative => format_duration(v.round() as i64),
        XKind::Wall => {
            let text = zone.datetime(v.round() as i64);
            if span < 86_400_000.0 {
                text.get(11..).unwrap_or(&text).to_owned()
            } else {
                text.get(5..).unwrap_or(&text).to_owned()
            }
        }
    }
}

/// Tick text for a metric value.
pub fn format_y(v: f64) -> String {
    format_metric(v)
}

/// A message in place of a chart with nothing to draw.
pub fn no_data<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    message: &str,
    theme: &ChartTheme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&theme.background)?;
    root.draw(&Text::new(message.to_owned(), (20, 24), label_font(theme)))?;
    root.present()
}

/// Dashed horizontal lines at each threshold, labelled at their left end above the line.
pub fn draw_thresholds<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Axes>,
    thresholds: &[Threshold],
    x_range: (f64, f64),
    theme: &ChartTheme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for t in thresholds.iter().filter(|t| t.value.is_finite()) {
        chart.draw_series(DashedLineSeries::new(
            [(x_range.0, t.value), (x_range.1, t.value)],
            6,
            4,
            theme.threshold.stroke_width(2),
        ))?;
        let label = EmptyElement::at((x_range.0, t.value))
            + Text::new(
                t.label.clone(),
                (6, -17),
                ("sans-serif", 12).into_font().color(&theme.threshold),
            );
        chart.draw_series([label])?;
    }
    Ok(())
}

/// A chart builder with the margin and label areas of every chart with axes.
pub fn chart_builder<'a, 'b, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
) -> ChartBuilder<'a, 'b, DB> {
    let mut builder = ChartBuilder::on(root);
    builder
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(56);
    builder
}

/// The axes of a chart over wall-clock time, on the theme's background: times as local ticks, values as
/// metric ticks, and the two axis titles `(x, y)`.
#[allow(clippy::type_complexity)]
pub fn wall_time_chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    (x_range, y_range): ((f64, f64), (f64, f64)),
    zone: &Zone,
    (x_title, y_title): (&str, &str),
    theme: &ChartTheme,
) -> Result<ChartContext<'a, DB, Axes>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&theme.background)?;
    let (x0, x1) = x_range;
    let mut chart = chart_builder(root).build_cartesian_2d(
        ValueScale::linear(x0..x1),
        ValueScale::linear(y_range.0..y_range.1),
    )?;
    let span = x1 - x0;
    let x_fmt = |x: &f64| format_x(XKind::Wall, *x, span, zone);
    let labels = wall_labels(chart.plotting_area().dim_in_pixel().0);
    themed(&mut chart.configure_mesh(), theme)
        .x_desc(x_title)
        .y_desc(y_title)
        .x_labels(labels)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&|y| format_y(*y))
        .draw()?;
    Ok(chart)
}

/// How many wall-clock ticks a plot `width_px` wide has room for: a time with its date (`11-18 11:26`) is about
/// 75 px of text, so one per 120 px keeps them apart, from 2 on a phone to 6.
pub fn wall_labels(width_px: u32) -> usize {
    (width_px as usize / 120).clamp(2, 6)
}

/// Styles a mesh in the theme's colours; the caller adds axis titles and formatters, then draws it.
pub fn themed<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    theme: &ChartTheme,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    // No light lines: plotters would draw ten between each pair of grid lines, in the background colour, where
    // they show nothing and cost a canvas stroke each.
    mesh.max_light_lines(0)
        .bold_line_style(theme.grid)
        .axis_style(theme.text)
        .label_style(label_font(theme))
}

/// The label of category `x` on an axis of categories at 0, 1, 2, …: empty between them.
pub fn category_label(labels: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() < 1e-6 && i >= 0.0 {
        labels.get(i as usize).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

/// The plotting area of a chart in canvas pixels: left, top, right, bottom.
pub fn plot_area<DB, X, Y>(chart: &ChartContext<'_, DB, Cartesian2d<X, Y>>) -> (i32, i32, i32, i32)
where
    DB: DrawingBackend,
    X: Ranged,
    Y: Ranged,
{
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    (xs.start, ys.start, xs.end, ys.end)
}

/// A run name cut to `max` characters for an axis label.
pub fn shorten(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_owned()
    } else {
        let cut: String = name.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::zone::tests::{cet, SUMMER};

    #[test]
    fn x_ticks() {
        let utc = Zone::default();
        assert_eq!(format_x(XKind::Step, 1234.0, 1e4, &utc), "1234");
        assert_eq!(format_x(XKind::Step, 1.5, 2.0, &utc), "");
        assert_eq!(format_x(XKind::Relative, 90_000.0, 1e6, &utc), "1m 30s");
        // 2026-11-23 10:30 UTC
        let t = 1_795_429_800_000.0;
        assert_eq!(format_x(XKind::Wall, t, 3_600_000.0, &utc), "10:30");
        assert_eq!(
            format_x(XKind::Wall, t, 9e9, &Zone::fixed(60)),
            "11-23 11:30"
        );
    }

    #[test]
    fn wall_clock_ticks_on_either_side_of_a_daylight_saving_change_read_in_their_own_offset() {
        // Central European time in 2024: summer time (+120) from 31 March 01:00 UTC.
        let change = SUMMER;
        let week = 7.0 * 86_400_000.0;
        let zone = Zone::over((change as f64 - week, change as f64 + week), &cet);
        // Noon UTC the day before and the day after: 13:00 in winter time, 14:00 in summer time.
        let (before, after) = (change - 13 * 3_600_000, change + 11 * 3_600_000);
        assert_eq!(
            format_x(XKind::Wall, before as f64, 2.0 * week, &zone),
            "03-30 13:00"
        );
        assert_eq!(
            format_x(XKind::Wall, after as f64, 2.0 * week, &zone),
            "03-31 14:00"
        );
    }

    #[test]
    fn wall_clock_ticks_fit_the_width() {
        assert_eq!(wall_labels(700), 5);
        assert_eq!(wall_labels(2_000), 6);
        assert_eq!(wall_labels(290), 2);
        assert_eq!(wall_labels(0), 2);
    }

    #[test]
    fn category_labels() {
        let labels = ["a".to_owned(), "b".to_owned()];
        assert_eq!(category_label(&labels, 1.0), "b");
        assert_eq!(category_label(&labels, 0.5), "");
        assert_eq!(category_label(&labels, -1.0), "");
        assert_eq!(category_label(&labels, 7.0), "");
    }

    #[test]
    fn shortening() {
        assert_eq!(shorten("abc", 5), "abc");
        assert_eq!(shorten("abcdefgh", 5), "abcd…");
        assert_eq!(shorten("ééééééé", 3), "éé…");
    }
}

#[cfg(test)]
mod extreme_tests {
    use super::*;

    #[test]
    fn key_points_of_a_range_wider_than_f64_holds() {
        let scale = ValueScale::linear(-f64::MAX..f64::MAX);
        assert_eq!(scale.key_points(10), [-f64::MAX, 0.0, f64::MAX]);
        // Values spread over the axis rather than piled on its ends.
        let at = |v: f64| scale.map(&v, (0, 100));
        assert_eq!(
            (at(-f64::MAX), at(0.0), at(f64::MAX / 2.0), at(f64::MAX)),
            (0, 50, 75, 100)
        );
    }

    #[test]
    fn key_points_of_a_log_range_up_to_f64_max_hold() {
        let (lo, hi) = crate::series::padded(1e-300, 1.7e308, true);
        let points = ValueScale::log(lo..hi).key_points(10);
        assert!(
            !points.is_empty() && points.iter().all(|p| p.is_finite()),
            "{points:?}"
        );
    }
}
