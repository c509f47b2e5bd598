//! Chart maths and drawing, asserted on the SVG each chart draws.

use plotters::prelude::*;
use pulse_core::api::{Metric, Run};
use pulse_core::chart::zone::Zone;
use pulse_core::chart::{
    bars_spec, draw, parallel_spec, ranked_spec, readout, readout_text, scatter_spec,
    timeline_spec, timeline_spec_by_series, trend_spec, ChartRequest, ChartSpec, Drawn, RunHistory,
    ScatterX, Threshold, TrendOptions, XKind,
};
use pulse_core::tracking::runs_table::Column;

fn svg(spec: ChartSpec) -> (String, Drawn) {
    draw_svg(spec, false)
}

/// As an export draws it: with a legend of run names.
fn exported(spec: ChartSpec) -> String {
    draw_svg(spec, true).0
}

fn draw_svg(spec: ChartSpec, legend: bool) -> (String, Drawn) {
    let request = ChartRequest {
        dark: false,
        spec,
        legend,
    };
    let mut out = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut out, (800, 320)).into_drawing_area();
        draw(&root, &request).expect("draws")
    };
    (out, drawn)
}

fn history(values: &[f64]) -> Vec<Metric> {
    values
        .iter()
        .enumerate()
        .map(|(i, &value)| Metric {
            key: "eval_f1".into(),
            value,
            timestamp: 1_795_000_000_000 + i as i64 * 60_000,
            step: i as i64,
            run_id: None,
        })
        .collect()
}

/// The viewer's offset at any moment: UTC.
fn utc(_: i64) -> i32 {
    0
}

fn options() -> TrendOptions {
    TrendOptions {
        metric: "eval_f1".into(),
        x_kind: XKind::Step,
        smoothing: 0.0,
        log_y: false,
        width_px: 700,
        thresholds: vec![Threshold {
            label: "text_classification_model ≥ 0.75".into(),
            value: 0.75,
        }],
    }
}

/// Lines drawn in a colour, e.g. one run's series.
fn polylines(svg: &str, color: &str) -> usize {
    svg.matches(&format!(
        "<polyline fill=\"none\" opacity=\"1\" stroke=\"{color}\""
    ))
    .count()
}

const RUN_COLORS: [&str; 3] = ["#0072B2", "#E69F00", "#009E73"];

#[test]
fn trend_three_runs_and_threshold() {
    let (a, b, c) = (
        history(&[0.5, 0.6, 0.7]),
        history(&[0.4, 0.8]),
        history(&[0.9]),
    );
    let hs = [
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
        RunHistory {
            label: "c",
            color: 2,
            points: &c,
        },
    ];
    let (spec, skipped) = trend_spec(&hs, &options(), &utc);
    assert_eq!(skipped.note(), None);
    assert_eq!(spec.lines.len(), 3);
    assert_eq!(spec.x_range, (0.0, 2.0));
    let (out, drawn) = svg(ChartSpec::Trend(spec.clone()));
    assert!(
        out.contains("text_classification_model ≥ 0.75"),
        "threshold label"
    );
    for color in RUN_COLORS {
        assert_eq!(polylines(&out, color), 1, "one series per run in {color}");
    }
    assert!(polylines(&out, "#C8003C") > 10, "the dashed threshold line");
    let (l, t, r, b) = drawn.plot;
    assert!(l > 0 && t > 0 && r > l && b > t, "{:?}", drawn.plot);
    // The single-point run is a dot, not an invisible line.
    assert!(out.contains("<circle"));
    let read = readout(&spec, 1.2);
    assert_eq!(read, vec![(0, 1.0, 0.6), (1, 1.0, 0.8), (2, 0.0, 0.9)]);
    assert_eq!(
        readout_text(&spec, 1.2).as_deref(),
        Some("a: 0.6 at step 1\nb: 0.8 at step 1\nc: 0.9 at step 0")
    );
}

#[test]
fn trend_gaps_and_infinities() {
    let h = history(&[0.5, f64::NAN, 0.6, f64::INFINITY, 0.7, f64::NEG_INFINITY]);
    let hs = [RunHistory {
        label: "r",
        color: 0,
        points: &h,
    }];
    let (spec, skipped) = trend_spec(&hs, &options(), &utc);
    assert_eq!(
        spec.lines[0].raw.len(),
        3,
        "three segments between the gaps"
    );
    let (out, _) = svg(ChartSpec::Trend(spec.clone()));
    assert_eq!(polylines(&out, RUN_COLORS[0]), 3);
    assert_eq!((skipped.nan, skipped.infinite), (1, 2));
    assert!(
        spec.y_range.1 <= 1.0,
        "no axis blown out to 1e308: {:?}",
        spec.y_range
    );
    let all_bad = history(&[f64::NAN, f64::INFINITY]);
    let (spec, _) = trend_spec(
        &[RunHistory {
            label: "r",
            color: 0,
            points: &all_bad,
        }],
        &options(),
        &utc,
    );
    let (out, _) = svg(ChartSpec::Trend(spec));
    assert!(out.contains("No eval_f1 values to draw"));
}

#[test]
fn trend_reduces_to_pixels_and_keeps_spikes() {
    let mut values: Vec<f64> = (0..10_000).map(|i| 0.5 + (i as f64 / 1e4) * 0.3).collect();
    values[5_000] = 0.05;
    let h = history(&values);
    let hs: Vec<RunHistory> = (0..10)
        .map(|i| RunHistory {
            label: "r",
            color: i,
            points: &h,
        })
        .collect();
    let (spec, _) = trend_spec(&hs, &options(), &utc);
    for line in &spec.lines {
        let n: usize = line.raw.iter().map(Vec::len).sum();
        assert!(n <= 1_400, "{n} points for 700 px");
        assert!(line.raw[0].contains(&(5_000.0, 0.05)), "the spike survives");
    }
}

#[test]
fn trend_smoothing_log_and_x_kinds() {
    let h = history(&[1.0, 0.1, 0.01, 0.0, 0.001]);
    let hs = [RunHistory {
        label: "<script>x</script>",
        color: 0,
        points: &h,
    }];
    let mut opts = options();
    opts.smoothing = 0.6;
    opts.log_y = true;
    opts.thresholds.clear();
    let (spec, skipped) = trend_spec(&hs, &opts, &utc);
    assert_eq!(skipped.non_positive, 1);
    assert!(!spec.lines[0].smoothed.is_empty());
    assert!(spec.y_range.0 > 0.0);
    let out = exported(ChartSpec::Trend(spec));
    assert!(
        out.contains("&lt;script&gt;x&lt;/script&gt;") && !out.contains("<script>"),
        "labels escaped"
    );
    for (kind, want) in [
        (XKind::Wall, 240_000.0),
        (XKind::Relative, 240_000.0),
        (XKind::Step, 4.0),
    ] {
        opts.x_kind = kind;
        let (spec, _) = trend_spec(&hs, &opts, &utc);
        assert_eq!(spec.x_range.1 - spec.x_range.0, want, "{kind:?}");
    }
}

#[test]
fn trend_readout_with_smoothing_reads_the_bold_line_first() {
    let h = history(&[0.2, 1.0]);
    let hs = [RunHistory {
        label: "r",
        color: 0,
        points: &h,
    }];
    let mut opts = options();
    opts.smoothing = 0.5;
    opts.thresholds.clear();
    let (spec, _) = trend_spec(&hs, &opts, &utc);
    let smoothed = spec.lines[0].smoothed[0][1].1;
    assert!(smoothed > 0.2 && smoothed < 1.0, "{smoothed}");
    let text = readout_text(&spec, 1.0).unwrap_or_default();
    assert!(
        text.starts_with("r: 0.") && text.ends_with(" smoothed (raw 1) at step 1"),
        "{text}"
    );
    opts.smoothing = 0.0;
    let (plain, _) = trend_spec(&hs, &opts, &utc);
    assert_eq!(readout_text(&plain, 1.0).as_deref(), Some("r: 1 at step 1"));
}

#[test]
fn a_trend_with_every_run_hidden_says_so() {
    let (spec, _) = trend_spec(&[], &options(), &utc);
    let out = exported(ChartSpec::Trend(spec));
    assert!(out.contains("All runs are hidden"), "{out}");
    let empty = history(&[]);
    let none = [RunHistory {
        label: "r",
        color: 0,
        points: &empty,
    }];
    let out = exported(ChartSpec::Trend(trend_spec(&none, &options(), &utc).0));
    assert!(out.contains("No eval_f1 values to draw"), "{out}");
}

fn run(
    name: &str,
    status: &str,
    start: i64,
    metrics: &[(&str, f64)],
    params: &[(&str, &str)],
) -> Run {
    let json = serde_json::json!({
        "info": {"run_id": name, "run_name": name, "status": status, "start_time": start},
        "data": {
            "metrics": metrics.iter().map(|(k, v)| serde_json::json!({"key": k, "value": if v.is_nan() { serde_json::json!("NaN") } else { serde_json::json!(v) }})).collect::<Vec<_>>(),
            "params": params.iter().map(|(k, v)| serde_json::json!({"key": k, "value": v})).collect::<Vec<_>>(),
        }
    });
    serde_json::from_value(json).expect("run")
}

#[test]
fn timeline_best_so_far() {
    let day = 86_400_000;
    let runs = vec![
        run("r1", "FINISHED", 3 * day, &[("eval_f1", 0.8)], &[]),
        run("r2", "FINISHED", day, &[("eval_f1", 0.7)], &[]),
        run("r3", "FAILED", 2 * day, &[("eval_f1", 0.99)], &[]),
        run("r4", "FINISHED", 2 * day, &[("eval_f1", f64::NAN)], &[]),
        run("r5", "FINISHED", 4 * day, &[("eval_f1", 0.75)], &[]),
    ];
    let spec = timeline_spec(&runs, "eval_f1", true, vec![], &utc);
    let order: Vec<usize> = spec.points.iter().map(|p| p.2).collect();
    assert_eq!(order, vec![1, 0, 4], "finished runs with a value, by start");
    assert_eq!(spec.best.last().map(|p| p.1), Some(0.8));
    let (out, drawn) = svg(ChartSpec::Timeline(spec));
    assert!(out.contains("best so far"));
    assert_eq!(drawn.marks.len(), 3);
    let m = drawn.marks[1];
    assert_eq!(
        drawn
            .mark_at(f64::from(m.x) + 2.0, f64::from(m.y), 6.0)
            .map(|m| m.run),
        Some(0)
    );
    let none = timeline_spec(&runs[2..3], "eval_f1", true, vec![], &utc);
    assert!(none.points.is_empty());
    let (out, drawn) = svg(ChartSpec::Timeline(none));
    assert!(out.contains("No finished run has eval_f1 yet") && drawn.marks.is_empty());
}

#[test]
fn bars_best_and_missing() {
    let runs = vec![
        run("a", "FINISHED", 0, &[("eval_loss", 0.3)], &[]),
        run("b", "FINISHED", 0, &[("eval_loss", 0.2)], &[]),
        run("c", "FINISHED", 0, &[], &[]),
    ];
    let spec = bars_spec(&runs, "eval_loss", false, vec![]);
    let best: Vec<bool> = spec.bars.iter().map(|b| b.best).collect();
    assert_eq!(best, vec![false, true, false]);
    assert_eq!(spec.bars[2].value, None);
    assert_eq!(spec.y_range.0, 0.0);
    let (out, drawn) = svg(ChartSpec::Bars(spec));
    assert!(out.contains("missing") && out.contains("best") && out.contains("lower is better"));
    assert_eq!(drawn.marks.len(), 2);
    let same = vec![
        run("a", "FINISHED", 0, &[("f1", 0.5)], &[]),
        run("b", "FINISHED", 0, &[("f1", 0.5)], &[]),
    ];
    assert!(
        bars_spec(&same, "f1", true, vec![])
            .bars
            .iter()
            .all(|b| !b.best),
        "a tie of all is no best"
    );
}

#[test]
fn parallel_numeric_and_categorical_axes() {
    let runs = vec![
        run(
            "a",
            "FINISHED",
            0,
            &[("eval_f1", 0.8)],
            &[("lr", "1e-5"), ("opt", "adamw")],
        ),
        run(
            "b",
            "FINISHED",
            0,
            &[("eval_f1", 0.6)],
            &[("lr", "3e-5"), ("opt", "sgd")],
        ),
        run("c", "FINISHED", 0, &[], &[("lr", "2e-5")]),
    ];
    let cols = [
        Column::Param("lr".into()),
        Column::Param("opt".into()),
        Column::Metric("eval_f1".into()),
    ];
    let spec = parallel_spec(&runs, &cols);
    assert_eq!(spec.lines[0].values, vec![Some(0.0), Some(0.0), Some(1.0)]);
    assert!(spec.lines[2].values[0].is_some_and(|v| (v - 0.5).abs() < 1e-9));
    assert_eq!(spec.lines[2].values[1..], [None, None]);
    assert_eq!(
        spec.axes[1].ticks,
        vec![(0.0, "adamw".to_owned()), (1.0, "sgd".to_owned())]
    );
    let (out, drawn) = svg(ChartSpec::Parallel(spec));
    assert!(out.contains("adamw") && out.contains("\nlr\n"));
    assert_eq!(drawn.marks.len(), 3 + 3 + 1);
    let (out, _) = svg(ChartSpec::Parallel(parallel_spec(&runs, &cols[..1])));
    assert!(out.contains("Choose at least two"));
}

#[test]
fn scatter_categorical_x_and_missing() {
    let runs = vec![
        run("a", "FINISHED", 0, &[("eval_f1", 0.8)], &[("opt", "adamw")]),
        run("b", "FINISHED", 0, &[("eval_f1", 0.6)], &[("opt", "sgd")]),
        run(
            "c",
            "FINISHED",
            0,
            &[("eval_f1", f64::NAN)],
            &[("opt", "sgd")],
        ),
    ];
    let spec = scatter_spec(&runs, &Column::Param("opt".into()), "eval_f1", vec![]);
    assert_eq!(
        spec.x,
        ScatterX::Categorical {
            values: vec!["adamw".into(), "sgd".into()]
        }
    );
    assert_eq!(spec.points.len(), 2, "the NaN run is left out");
    let (out, drawn) = svg(ChartSpec::Scatter(spec));
    assert!(out.contains("sgd"));
    assert_eq!(drawn.marks.len(), 2);
    let spec = scatter_spec(&runs, &Column::Param("opt".into()), "eval_f1", vec![]);
    let out = exported(ChartSpec::Scatter(spec));
    assert!(
        out.contains("\na\n") && out.contains("\nb\n"),
        "exports name the runs"
    );
    let par = parallel_spec(
        &runs,
        &[
            Column::Param("opt".into()),
            Column::Metric("eval_f1".into()),
        ],
    );
    let out = exported(ChartSpec::Parallel(par));
    assert!(out.contains("\nc\n"), "every run in the legend");
    let spec = scatter_spec(&runs, &Column::Metric("nope".into()), "eval_f1", vec![]);
    let (out, _) = svg(ChartSpec::Scatter(spec));
    assert!(out.contains("No run has both nope and eval_f1"));
}

#[test]
fn timeline_real_epoch_times() {
    let day = 86_400_000;
    let now = 1_795_429_800_000;
    let runs: Vec<Run> = (0..20)
        .map(|i| {
            run(
                &format!("r{i}"),
                "FINISHED",
                now - (30 - i) * day,
                &[("eval_f1", 0.6 + i as f64 / 100.0)],
                &[],
            )
        })
        .collect();
    let spec = timeline_spec(&runs, "eval_f1", true, vec![], &|_| 60);
    let (_, drawn) = svg(ChartSpec::Timeline(spec));
    assert_eq!(drawn.marks.len(), 20);
}

/// Central European time in 2024: summer time (+120) from 31 March 01:00 UTC, +60 before.
const SUMMER_TIME: i64 = 1_711_846_800_000;
fn cet(ms: i64) -> i32 {
    if ms < SUMMER_TIME {
        60
    } else {
        120
    }
}

#[test]
fn time_axes_across_a_daylight_saving_change_keep_both_offsets() {
    let day = 86_400_000;
    let runs: Vec<Run> = (0..10)
        .map(|i| {
            let start = SUMMER_TIME + (i - 5) * day;
            run(
                &format!("r{i}"),
                "FINISHED",
                start,
                &[("eval_f1", 0.7)],
                &[],
            )
        })
        .collect();
    let timeline = timeline_spec(&runs, "eval_f1", true, vec![], &cet);
    assert_eq!(timeline.zone.at(SUMMER_TIME - day), 60);
    assert_eq!(timeline.zone.at(SUMMER_TIME + day), 120);

    let points = history(&[0.5, 0.6, 0.7]);
    let points: Vec<Metric> = points
        .into_iter()
        .enumerate()
        .map(|(i, p)| Metric {
            timestamp: SUMMER_TIME + (i as i64 - 1) * day,
            ..p
        })
        .collect();
    let hs = [RunHistory {
        label: "r",
        color: 0,
        points: &points,
    }];
    let wall = TrendOptions {
        x_kind: XKind::Wall,
        ..options()
    };
    let (spec, _) = trend_spec(&hs, &wall, &cet);
    assert_eq!(
        (spec.zone.at(SUMMER_TIME - 1), spec.zone.at(SUMMER_TIME)),
        (60, 120)
    );
    let (steps, _) = trend_spec(&hs, &options(), &cet);
    assert_eq!(steps.zone, Zone::default(), "steps are not times");
}

#[test]
fn timeline_across_experiments() {
    let day = 86_400_000;
    let runs = vec![
        run("a1", "FINISHED", day, &[("eval_f1", 0.7)], &[]),
        run("a2", "FINISHED", 3 * day, &[("eval_f1", 0.9)], &[]),
        run("b1", "FINISHED", 2 * day, &[("eval_f1", 0.6)], &[]),
        run("b2", "RUNNING", 4 * day, &[("eval_f1", 0.99)], &[]),
        run("b3", "FINISHED", 5 * day, &[("eval_f1", f64::NAN)], &[]),
    ];
    let labels = vec!["text".to_owned(), "video".to_owned()];
    let spec = timeline_spec_by_series(
        &runs,
        &[0, 0, 1, 1, 1],
        &labels,
        "eval_f1",
        true,
        vec![],
        &utc,
    );
    let points: Vec<(usize, usize)> = spec.points.iter().map(|p| (p.2, p.3)).collect();
    assert_eq!(
        points,
        vec![(0, 0), (2, 1), (1, 0)],
        "finished runs with a value, by start, with their series"
    );
    assert!(spec.best.is_empty());
    assert_eq!(spec.series[0].best.last().map(|p| p.1), Some(0.9));
    assert_eq!(spec.series[1].best, vec![(2.0 * day as f64, 0.6)]);
    let (out, drawn) = svg(ChartSpec::Timeline(spec));
    assert!(out.contains("text (best so far)") && out.contains("video (best so far)"));
    assert_eq!(drawn.marks.len(), 3);
}

#[test]
fn ranked_best_of_each() {
    use pulse_core::tracking::diff::Direction;
    use pulse_core::tracking::experiments_compare::{best_of_each, ExperimentRuns};
    let side = |id: &str, values: &[f64]| ExperimentRuns {
        id: id.into(),
        experiment: None,
        recent: values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                run(
                    &format!("{id}{i}"),
                    "FINISHED",
                    i as i64,
                    &[("eval_f1", *v)],
                    &[],
                )
            })
            .collect(),
        more: false,
        ranked: vec![],
    };
    let rows = best_of_each(
        &[side("1", &[0.5, 0.6]), side("2", &[]), side("3", &[0.8])],
        &pulse_core::config::Config::default(),
        "eval_f1",
        Direction::Higher,
    );
    let spec = ranked_spec(&rows, "eval_f1", Direction::Higher);
    let order: Vec<(usize, Option<f64>)> = spec.bars.iter().map(|b| (b.row, b.value)).collect();
    assert_eq!(order, vec![(2, Some(0.8)), (0, Some(0.6)), (1, None)]);
    assert_eq!(spec.y_range.0, 0.0);
    let (out, drawn) = svg(ChartSpec::Ranked(spec));
    assert!(out.contains("best eval_f1 per experiment (higher is better)") && out.contains("none"));
    assert_eq!(
        drawn.marks.iter().map(|m| m.run).collect::<Vec<_>>(),
        vec![2, 0]
    );
    let (out, _) = svg(ChartSpec::Ranked(ranked_spec(
        &[],
        "eval_f1",
        Direction::Higher,
    )));
    assert!(out.contains("No experiments to rank"));
}
