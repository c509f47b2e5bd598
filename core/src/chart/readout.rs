//! The hover read-outs of the compare charts and the runs timeline, how near a mark the pointer must be to
//! read it (the trend's read-out lives with the trend, `readout_text`), and the trend's screen-reader label.

use super::spec::{Threshold, XKind};
use crate::api::Run;
use crate::format::{format_datetime, format_metric};
use crate::tracking::runs_table::Column;

/// Pixels around a mark that still count as over it.
pub const HIT_RADIUS_PX: f64 = 10.0;

/// A run's name, then `key: exact value` per column (`missing` where the run has none).
pub fn run_readout(run: &Run, columns: &[Column]) -> String {
    let mut lines = vec![run.display_name().to_owned()];
    lines.extend(columns.iter().map(|c| {
        let value = c.exact(run);
        let value = if value.is_empty() {
            "missing".to_owned()
        } else {
            value
        };
        format!("{}: {value}", c.key())
    }));
    lines.join("\n")
}

/// A timeline mark's read-out: the experiment (across experiments), the run's name, its `metric` and its
/// start at `offset_minutes` east of UTC (the viewer's offset at that moment).
pub fn timeline_readout(
    run: &Run,
    metric: &str,
    experiment: Option<&str>,
    offset_minutes: i32,
) -> String {
    let start = run
        .info
        .start_time
        .map(|ms| format_datetime(ms, offset_minutes))
        .unwrap_or_default();
    let value = run.metric(metric).map(format_metric).unwrap_or_default();
    let experiment = experiment.map(|e| format!("{e}\n")).unwrap_or_default();
    format!(
        "{experiment}{}\n{metric}: {value}\nstarted {start}",
        run.display_name()
    )
}

/// The trend chart's accessible label, e.g. `eval_f1 by step for 2 runs; m threshold 0.75`.
pub fn trend_label(metric: &str, x_kind: XKind, runs: usize, thresholds: &[Threshold]) -> String {
    let lines: String = thresholds
        .iter()
        .map(|t| format!("; {}", t.label))
        .collect();
    let plural = if runs == 1 { "" } else { "s" };
    format!(
        "{metric} by {} for {runs} run{plural}{lines}",
        x_kind.label()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Metric, Tag};

    fn run(name: &str, f1: Option<f64>, start: Option<i64>) -> Run {
        let mut r = Run::default();
        r.info.run_name = name.to_owned();
        r.info.start_time = start;
        r.data.params.push(Tag {
            key: "lr".into(),
            value: "0.01".into(),
        });
        if let Some(v) = f1 {
            r.data.metrics.push(Metric {
                key: "eval_f1".into(),
                value: v,
                timestamp: 0,
                step: 0,
                run_id: None,
            });
        }
        r
    }

    #[test]
    fn run_readouts() {
        let f1 = Column::Metric("eval_f1".into());
        let lr = Column::Param("lr".into());
        let loss = Column::Metric("loss".into());
        for (r, columns, want) in [
            (
                run("a", Some(0.8125), None),
                vec![f1.clone()],
                "a\neval_f1: 0.8125",
            ),
            (
                run("b", Some(f64::INFINITY), None),
                vec![lr.clone(), f1.clone()],
                "b\nlr: 0.01\neval_f1: Infinity",
            ),
            (
                run("c", None, None),
                vec![f1.clone(), loss],
                "c\neval_f1: missing\nloss: missing",
            ),
            (run("d", None, None), vec![], "d"),
        ] {
            assert_eq!(run_readout(&r, &columns), want);
        }
    }

    #[test]
    fn timeline_readouts() {
        let start = Some(1_700_000_000_000);
        for (r, experiment, offset, want) in [
            (
                run("a", Some(0.8), start),
                None,
                0,
                "a\neval_f1: 0.8\nstarted 2023-11-14 22:13",
            ),
            (
                run("a", Some(0.8), start),
                Some("exp"),
                60,
                "exp\na\neval_f1: 0.8\nstarted 2023-11-14 23:13",
            ),
            (run("b", None, None), None, 0, "b\neval_f1: \nstarted "),
        ] {
            assert_eq!(timeline_readout(&r, "eval_f1", experiment, offset), want);
        }
    }

    #[test]
    fn trend_labels() {
        let t = |label: &str| Threshold {
            label: label.into(),
            value: 0.75,
        };
        for (x, runs, thresholds, want) in [
            (XKind::Step, 1, vec![], "eval_f1 by step for 1 run"),
            (XKind::Wall, 0, vec![], "eval_f1 by time for 0 runs"),
            (
                XKind::Relative,
                3,
                vec![t("a threshold 0.75"), t("b threshold 0.8")],
                "eval_f1 by time since start for 3 runs; a threshold 0.75; b threshold 0.8",
            ),
        ] {
            assert_eq!(trend_label("eval_f1", x, runs, &thresholds), want);
        }
    }
}
