//! The export goes through the module's one backend type (`Backend`), which forwards every call to plotters'
//! SVG backend in a form of its own (one path and one style type): it must draw exactly what that backend draws.
#![cfg(not(target_arch = "wasm32"))]

use plotters::prelude::{IntoDrawingArea, SVGBackend};
use pulse_core::api::Metric;
use pulse_core::chart::{
    draw, trend_spec, ChartRequest, ChartSpec, RunHistory, Threshold, TrendOptions, XKind,
};

fn history(values: &[f64]) -> Vec<Metric> {
    values
        .iter()
        .enumerate()
        .map(|(i, &value)| Metric {
            key: "eval_loss".into(),
            value,
            timestamp: 1_795_000_000_000 + i as i64 * 60_000,
            step: i as i64,
            run_id: None,
        })
        .collect()
}

/// What plotters' own SVG backend draws for the request.
fn direct(request: &ChartRequest, size: (u32, u32)) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(&root, request).expect("draws");
    }
    out
}

#[test]
fn export_draws_what_plotters_svg_draws() {
    let (a, b) = (history(&[0.9, 0.5, 0.3, 0.2]), history(&[0.8]));
    let runs = [
        RunHistory {
            label: "a",
            color: 0,
            points: &a,
        },
        RunHistory {
            label: "b",
            color: 1,
            points: &b,
        },
    ];
    for log_y in [false, true] {
        let options = TrendOptions {
            metric: "eval_loss".into(),
            x_kind: XKind::Step,
            smoothing: 0.5,
            log_y,
            width_px: 700,
            thresholds: vec![Threshold {
                label: "target".into(),
                value: 0.25,
            }],
        };
        let request = ChartRequest {
            dark: log_y,
            spec: ChartSpec::Trend(trend_spec(&runs, &options, &|_| 0).0),
            legend: true,
        };
        let exported = pulse_charts::svg(&request, 800, 320).expect("exports");
        // Lines, dashes, a dot, text and the legend's box: every kind of call the backend forwards.
        for part in ["<polyline", "<circle", "<text", "<rect", "target"] {
            assert!(exported.contains(part), "{part} in {exported}");
        }
        assert_eq!(exported, direct(&request, (800, 320)), "log_y {log_y}");
    }
}
