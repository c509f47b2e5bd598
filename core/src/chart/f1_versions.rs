use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{label_font, ValueScale};
use super::spec::{Drawn, VersionPoint, VersionsSpec};
use super::ChartTheme;
use crate::format::format_metric;

/// Draws F1 by version number with the model's threshold as a labelled dashed line, a filled marker on
/// the Production holder and a ring on the champion. Non-finite F1 values are left out.
pub fn draw_f1_versions<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &VersionsSpec,
    theme: &ChartTheme,
) -> Result<Drawn, DrawingAreaErrorKind<DB::ErrorType>> {
    let (metric, threshold) = (spec.metric.as_str(), spec.threshold);
    root.fill(&theme.background)?;
    let points: Vec<&VersionPoint> = spec.points.iter().filter(|p| p.f1.is_finite()).collect();
    let label_style = label_font(theme);
    if points.is_empty() {
        root.draw(&Text::new(
            format!("No version has {metric} yet"),
            (20, 20),
            label_style,
        ))?;
        root.present()?;
        return Ok(Drawn::default());
    }
    let (x_min, x_max) = points.iter().fold((u64::MAX, 0), |(lo, hi), p| {
        (lo.min(p.version), hi.max(p.version))
    });
    let (y_lo, y_hi) = y_range(points.iter().map(|p| p.f1).chain(threshold));
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(48)
        .build_cartesian_2d(
            ValueScale::linear((x_min as f64 - 0.5)..(x_max as f64 + 0.5)),
            ValueScale::linear(y_lo..y_hi),
        )?;
    super::axis::themed(&mut chart.configure_mesh(), theme)
        .x_desc("version")
        .y_desc(metric)
        .x_labels(points.len().min(12))
        .x_label_formatter(&|x| format!("v{}", x.round() as i64))
        .y_label_formatter(&|y| format_metric(*y))
        .draw()?;
    if let Some(t) = threshold {
        let dash = DashedLineSeries::new(
            [(x_min as f64 - 0.5, t), (x_max as f64 + 0.5, t)],
            6,
            4,
            theme.threshold.stroke_width(2),
        );
        chart.draw_series(dash)?;
        let anchor = (x_min as f64 - 0.45, t);
        chart.draw_series([Text::new(
            format!("threshold {}", format_metric(t)),
            anchor,
            label_style.clone(),
        )])?;
    }
    let line = points.iter().map(|p| (p.version as f64, p.f1));
    chart.draw_series(LineSeries::new(line, theme.series.stroke_width(2)))?;
    chart.draw_series(
        points
            .iter()
            .map(|p| Circle::new((p.version as f64, p.f1), 4, theme.series.filled())),
    )?;
    // Labels sit beside their marker, offset in pixels so they never cover the point.
    let label = |text: &'static str, at: (f64, f64), dy: i32| {
        EmptyElement::at(at) + Text::new(text, (14, dy), label_style.clone())
    };
    for p in points.iter().filter(|p| p.production) {
        let at = (p.version as f64, p.f1);
        chart.draw_series([Circle::new(at, 8, theme.production.filled())])?;
        chart.draw_series([label("Production", at, -22)])?;
    }
    for p in points.iter().filter(|p| p.champion) {
        let at = (p.version as f64, p.f1);
        chart.draw_series([Circle::new(at, 11, theme.champion.stroke_width(3))])?;
        chart.draw_series([label("@champion", at, 8)])?;
    }
    let plot = super::axis::plot_area(&chart);
    root.present()?;
    Ok(Drawn {
        plot,
        marks: Vec::new(),
    })
}

/// A y range around the values with some air, inside [0, 1] when they are.
fn y_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let pad = ((hi - lo) * 0.15).max(0.02);
    let (mut lo, mut hi) = (lo - pad, hi + pad);
    if (0.0..=1.0).contains(&(lo + pad)) && (0.0..=1.0).contains(&(hi - pad)) {
        lo = lo.max(0.0);
        hi = hi.min(1.0);
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(points: &[VersionPoint], threshold: Option<f64>) -> String {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (640, 320)).into_drawing_area();
            let spec = VersionsSpec {
                metric: "eval_f1".to_owned(),
                points: points.to_vec(),
                threshold,
            };
            draw_f1_versions(&root, &spec, &ChartTheme::light()).unwrap();
        }
        out
    }

    fn point(version: u64, f1: f64) -> VersionPoint {
        VersionPoint {
            version,
            f1,
            production: false,
            champion: false,
        }
    }

    #[test]
    fn draws_series_threshold_and_markers() {
        let mut points = vec![
            point(1, 0.7),
            point(2, 0.81),
            point(3, 0.9),
            point(4, f64::NAN),
        ];
        points[1].production = true;
        points[2].champion = true;
        let out = svg(&points, Some(0.75));
        assert!(out.contains("threshold 0.75"), "threshold label");
        assert!(
            out.contains("Production") && out.contains("@champion"),
            "{out}"
        );
        assert_eq!(
            out.matches("<circle").count(),
            3 + 1 + 1,
            "three points, one Production, one champion"
        );
        assert!(
            out.contains("v3") && !out.contains("v4"),
            "the NaN version is left out"
        );
    }

    #[test]
    fn empty_and_single_point() {
        assert!(svg(&[], Some(0.8)).contains("No version has eval_f1 yet"));
        let out = svg(&[point(7, 0.5)], None);
        assert_eq!(out.matches("<circle").count(), 1);
        assert!(!out.contains("threshold"));
    }

    #[test]
    fn y_ranges() {
        let (lo, hi) = y_range([0.7, 0.9].into_iter());
        assert!((lo - 0.67).abs() < 1e-9 && (hi - 0.93).abs() < 1e-9);
        let (lo, hi) = y_range([0.99, 0.995].into_iter());
        assert!(lo < 0.99 && hi == 1.0);
        let (lo, hi) = y_range([5.0].into_iter());
        assert!(lo < 5.0 && hi > 5.0);
    }
}
