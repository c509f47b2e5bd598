//! The serving charts: sparklines of live figures, asserted on their layout, and the served F1 over time,
//! asserted on the SVG it draws.

use plotters::prelude::*;
use pulse_core::chart::{
    draw, served_f1_hover, served_f1_spec, sparkline_readout, sparkline_shape, sparkline_spec,
    ChartRequest, ChartSpec, Drawn, Mark, SPARKLINE_MARGIN_PX,
};
use pulse_core::serving::{F1Point, SampleField, ServedF1History};

/// The viewer's offset at any moment: UTC.
fn utc(_: i64) -> i32 {
    0
}

fn svg(spec: ChartSpec, size: (u32, u32)) -> (String, Drawn) {
    let request = ChartRequest {
        dark: false,
        spec,
        legend: false,
    };
    let mut out = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(&root, &request).expect("draws")
    };
    (out, drawn)
}

const SERIES: &str = "#0072B2";
/// 2026-01-29T10:00:00Z
const T0: i64 = 1_769_680_800_000;

fn polylines(svg: &str, color: &str) -> usize {
    svg.matches(&format!("stroke=\"{color}\"")).count()
}

/// The `M`/`L` commands of a shape's path, as (command, x, y).
fn commands(path: &str) -> Vec<(char, f64, f64)> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(op) = rest.chars().next() {
        let end = rest[1..].find(['M', 'L']).map_or(rest.len(), |i| i + 1);
        let (x, y) = rest[1..end].split_once(' ').expect("x y");
        out.push((op, x.parse().expect("x"), y.parse().expect("y")));
        rest = &rest[end..];
    }
    out
}

#[test]
fn sparkline_marks_the_last_value_inside_its_box() {
    let samples: Vec<(i64, Option<f64>)> = (0..10)
        .map(|i| (T0 + i * 5_000, Some(4.0 + (i % 3) as f64)))
        .collect();
    let spec = sparkline_spec(&samples, SampleField::Rps, 120, &utc);
    assert_eq!(spec.last, Some(((T0 + 45_000) as f64, 4.0)));
    assert_eq!(spec.y_range.0, 0.0, "from zero");
    assert!(spec.y_range.1 > 6.0);
    let shape = sparkline_shape(&spec, 120.0, 32.0);
    let line = commands(&shape.path);
    assert_eq!(line.len(), 10, "one point a sample");
    assert_eq!(line.iter().filter(|c| c.0 == 'M').count(), 1, "one line");
    let m = SPARKLINE_MARGIN_PX;
    assert!(line
        .iter()
        .all(|&(_, x, y)| (m..=120.0 - m).contains(&x) && (m..=32.0 - m).contains(&y)));
    assert_eq!(
        (line[0].1, line[9].1),
        (m, 120.0 - m),
        "oldest left, newest right"
    );
    assert!(line[2].2 < line[0].2, "a larger value is higher (y down)");
    let mark = *shape.drawn.marks.first().expect("the last value");
    let (x, y) = (f64::from(mark.x), f64::from(mark.y));
    assert!(
        (x - line[9].1).abs() <= 0.5 && (y - line[9].2).abs() <= 0.5,
        "the dot ends the line"
    );
    assert!(shape.dot.starts_with(&format!(
        "M{:.1} {:.1}a3 3 0 1 0 6 0",
        line[9].1 - 3.0,
        line[9].2
    )));
    assert_eq!(shape.drawn.plot, (4, 4, 116, 28));
    assert_eq!(
        shape.drawn.x_at(116.0, spec.x_range),
        Some((T0 + 45_000) as f64)
    );
    let at = shape.drawn.x_at(33.0, spec.x_range).expect("inside");
    assert_eq!(
        sparkline_readout(&spec, at).as_deref(),
        Some("6 requests/s at 10:00")
    );
}

#[test]
fn sparkline_gaps_readouts_and_empty() {
    let samples = [
        (T0, Some(0.01)),
        (T0 + 5_000, None),
        (T0 + 10_000, Some(0.02)),
        (T0 + 15_000, Some(0.04)),
    ];
    let spec = sparkline_spec(&samples, SampleField::ErrorRate, 120, &|_| 60);
    assert_eq!(spec.segments.len(), 2, "a missing value cuts the line");
    let ops: String = commands(&sparkline_shape(&spec, 120.0, 32.0).path)
        .iter()
        .map(|c| c.0)
        .collect();
    assert_eq!(
        ops, "ML",
        "a lone point before the gap draws no line; the dot marks only the last value"
    );
    assert_eq!(
        sparkline_readout(&spec, (T0 + 16_000) as f64).as_deref(),
        Some("4 % errors at 11:00")
    );
    let p95 = sparkline_spec(&[(T0, Some(41.0))], SampleField::P95, 120, &utc);
    assert!(
        p95.x_range.0 < p95.x_range.1,
        "one sample still has a range"
    );
    let one = sparkline_shape(&p95, 120.0, 32.0);
    let y: f64 = 28.0 - 24.0 / 1.15;
    assert!(one.path.is_empty() && one.dot.starts_with(&format!("M57.0 {y:.1}a")));
    assert_eq!(
        one.drawn.marks,
        [Mark {
            run: 0,
            x: 60,
            y: y.round() as i32
        }]
    );
    assert_eq!(
        sparkline_readout(&p95, T0 as f64).as_deref(),
        Some("41 ms p95 at 10:00")
    );
    for none in [vec![], vec![(T0, None), (T0 + 5_000, None)]] {
        let spec = sparkline_spec(&none, SampleField::Rps, 120, &utc);
        assert_eq!(spec.last, None);
        let shape = sparkline_shape(&spec, 120.0, 32.0);
        assert!(
            shape.path.is_empty() && shape.dot.is_empty() && shape.drawn.marks.is_empty(),
            "no data yet"
        );
        assert_eq!(sparkline_readout(&spec, T0 as f64), None);
    }
    let zeros = sparkline_spec(
        &[(T0, Some(0.0)), (T0 + 5_000, Some(0.0))],
        SampleField::Rps,
        120,
        &utc,
    );
    assert_eq!(
        zeros.y_range,
        (0.0, 1.0),
        "a flat zero line sits at the bottom"
    );
    assert_eq!(
        sparkline_shape(&zeros, 120.0, 32.0).path,
        "M4.0 28.0L116.0 28.0"
    );
}

#[test]
fn sparkline_reduces_a_full_ring_to_its_width() {
    let samples: Vec<(i64, Option<f64>)> = (0..360)
        .map(|i| (T0 + i * 5_000, Some(if i == 200 { 90.0 } else { 5.0 })))
        .collect();
    let spec = sparkline_spec(&samples, SampleField::P95, 60, &utc);
    let n: usize = spec.segments.iter().map(Vec::len).sum();
    assert!(n <= 120, "{n} points for 60 px");
    assert!(
        spec.segments[0].contains(&((T0 + 200 * 5_000) as f64, 90.0)),
        "the spike survives"
    );
}

fn step(at: i64, version: &str, f1: Option<f64>, reason: Option<&str>) -> F1Point {
    F1Point {
        at,
        version: Some(version.to_owned()),
        f1,
        reason: reason.map(str::to_owned),
    }
}

fn history() -> ServedF1History {
    let min = 60_000;
    ServedF1History {
        key: "text".into(),
        steps: vec![
            step(T0, "6", Some(0.84), None),
            step(T0 + 10 * min, "7", Some(0.86), None),
            step(T0 + 30 * min, "9", Some(0.88), None),
        ],
        skipped: vec![step(
            T0 + 20 * min,
            "8",
            Some(0.72),
            Some("below threshold 0.75"),
        )],
        threshold: Some(0.75),
        until: Some(T0 + 40 * min),
    }
}

#[test]
fn served_f1_steps_threshold_and_faint_skips() {
    let spec = served_f1_spec(&history(), "eval_f1", &utc);
    let min = 60_000.0;
    let t0 = T0 as f64;
    assert_eq!(
        spec.line,
        vec![vec![
            (t0, 0.84),
            (t0 + 10.0 * min, 0.84),
            (t0 + 10.0 * min, 0.86),
            (t0 + 30.0 * min, 0.86),
            (t0 + 30.0 * min, 0.88),
            (t0 + 40.0 * min, 0.88),
        ]],
        "along, then up at each applied version, held until the last reading"
    );
    assert_eq!(spec.points.len(), 4);
    assert!(spec.y_range.0 <= 0.72 && spec.y_range.1 <= 1.0);
    let (out, drawn) = svg(ChartSpec::ServedF1(spec.clone()), (800, 320));
    assert!(out.contains("threshold 0.75"), "threshold label");
    assert!(out.contains("served eval_f1"), "axis title");
    assert!(out.contains("skipped candidate"), "legend");
    assert!(
        out.contains(">v7<") || out.contains("\nv7\n"),
        "version labels"
    );
    assert!(out.contains("opacity=\"0.6\""), "faint skipped marks");
    assert_eq!(drawn.marks.len(), 4);
    let skipped = drawn.marks[3];
    assert_eq!(
        drawn
            .mark_at(f64::from(skipped.x) + 1.0, f64::from(skipped.y), 6.0)
            .map(|m| m.run),
        Some(3)
    );
    assert_eq!(
        served_f1_hover(&spec, 3).as_deref(),
        Some("v8 skipped at 2026-01-29 10:20: eval_f1 0.72 (below threshold 0.75)")
    );
    assert_eq!(
        served_f1_hover(&spec, 1).as_deref(),
        Some("v7 served from 2026-01-29 10:10: eval_f1 0.86")
    );
    assert_eq!(served_f1_hover(&spec, 9), None);
}

#[test]
fn served_f1_unknown_values_and_empty() {
    let mut h = history();
    h.steps[1].f1 = None;
    let spec = served_f1_spec(&h, "eval_f1", &utc);
    assert_eq!(spec.line.len(), 2, "an unknown F1 cuts the line");
    assert_eq!(spec.points.len(), 3, "and has no point");
    let (out, _) = svg(ChartSpec::ServedF1(spec), (800, 320));
    assert!(polylines(&out, SERIES) >= 2, "two pieces of line");
    let empty = served_f1_spec(&ServedF1History::default(), "eval_f1", &utc);
    let (out, drawn) = svg(ChartSpec::ServedF1(empty), (800, 320));
    assert!(out.contains("No served eval_f1 on record yet") && drawn.marks.is_empty());
    let mut lone = ServedF1History::default();
    lone.steps.push(step(T0, "3", Some(0.71), None));
    let spec = served_f1_spec(&lone, "eval_f1", &utc);
    assert!(spec.x_range.0 < spec.x_range.1);
    let (_, drawn) = svg(ChartSpec::ServedF1(spec), (800, 320));
    assert_eq!(drawn.marks.len(), 1);
}
