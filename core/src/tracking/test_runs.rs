//! Runs for the tracking tests.

use crate::api::{Metric, Run, Tag};

/// A run with `id`, a parent tag when given, and the metric and param keys named.
pub(crate) fn run(id: &str, parent: Option<&str>, metrics: &[&str], params: &[&str]) -> Run {
    let mut r = Run::default();
    r.info.run_id = id.to_owned();
    if let Some(p) = parent {
        r.data.tags.push(Tag {
            key: "mlflow.parentRunId".into(),
            value: p.into(),
        });
    }
    for k in metrics {
        r.data.metrics.push(Metric {
            key: (*k).into(),
            value: 1.0,
            timestamp: 0,
            step: 0,
            run_id: None,
        });
    }
    for k in params {
        r.data.params.push(Tag {
            key: (*k).into(),
            value: "1".into(),
        });
    }
    r
}
