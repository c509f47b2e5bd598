//! The runs table's logic: which columns exist and show, and the rows in view (the nesting of child runs is
//! loaded_runs.rs).

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use crate::api::Run;
use crate::format::{format_exact, format_metric};
use crate::tracking::query::SortField;

/// Metric columns shown before the user picks.
pub const DEFAULT_METRIC_COLUMNS: usize = 6;
/// Param columns shown before the user picks.
pub const DEFAULT_PARAM_COLUMNS: usize = 4;

/// Metric keys present in the runs: `primary` (the F1 metric) first, then other `eval_*`, then the rest,
/// each group alphabetical.
pub fn metric_keys(runs: &[Run], primary: &str) -> Vec<String> {
    let keys: BTreeSet<&str> = runs
        .iter()
        .flat_map(|r| r.data.metrics.iter().map(|m| m.key.as_str()))
        .collect();
    ordered_metric_keys(keys.into_iter(), primary)
}

/// `keys` (distinct, alphabetical) with `primary` first, then other `eval_*`, then the rest.
pub(super) fn ordered_metric_keys<'a>(
    keys: impl Iterator<Item = &'a str>,
    primary: &str,
) -> Vec<String> {
    let mut keys: Vec<String> = keys.map(str::to_owned).collect();
    crate::sort::sort_by_key(&mut keys, |k| (k != primary, !k.starts_with("eval_")));
    keys
}

/// Param keys present in the runs, alphabetical.
pub fn param_keys(runs: &[Run]) -> Vec<String> {
    let keys: BTreeSet<&str> = runs
        .iter()
        .flat_map(|r| r.data.params.iter().map(|p| p.key.as_str()))
        .collect();
    keys.into_iter().map(str::to_owned).collect()
}

/// A data column of the runs table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Column {
    /// The latest value of a metric.
    Metric(String),
    /// A param.
    Param(String),
}

impl Column {
    /// `metric` or `param`: the header's class and the kind named in a choice.
    pub fn kind(&self) -> &'static str {
        match self {
            Column::Metric(_) => "metric",
            Column::Param(_) => "param",
        }
    }

    /// The class of the column's cells in the runs table: `num` for metrics (short numbers), `num param` for
    /// params (any text, so clipped with an ellipsis).
    pub fn cell_class(&self) -> &'static str {
        match self {
            Column::Metric(_) => "num",
            Column::Param(_) => "num param",
        }
    }

    /// The column as a choice in a picker, e.g. `lr (param)`.
    pub fn choice_label(&self) -> String {
        format!("{} ({})", self.key(), self.kind())
    }

    /// A stable id for choices and DOM keys: `metric:NAME` or `param:NAME`.
    pub fn id(&self) -> String {
        match self {
            Column::Metric(k) => format!("metric:{k}"),
            Column::Param(k) => format!("param:{k}"),
        }
    }

    /// The metric or param name.
    pub fn key(&self) -> &str {
        match self {
            Column::Metric(k) | Column::Param(k) => k,
        }
    }

    /// The server-side sort for this column.
    pub fn sort_field(&self) -> SortField {
        match self {
            Column::Metric(k) => SortField::Metric(k.clone()),
            Column::Param(k) => SortField::Param(k.clone()),
        }
    }

    /// The exact value behind a cell, for its tooltip: every digit of a metric, the whole param.
    pub fn exact(&self, run: &Run) -> String {
        match self {
            Column::Metric(k) => run.metric(k).map(format_exact).unwrap_or_default(),
            Column::Param(k) => run.param(k).unwrap_or_default().to_owned(),
        }
    }

    /// The cell text for a run: formatted metric or raw param, empty when the run lacks it.
    pub fn cell(&self, run: &Run) -> String {
        match self {
            Column::Metric(k) => run.metric(k).map(format_metric).unwrap_or_default(),
            Column::Param(k) => run.param(k).unwrap_or_default().to_owned(),
        }
    }
}

/// The columns to show: the user's explicit choices (keyed by [`Column::id`]), else the first
/// [`DEFAULT_METRIC_COLUMNS`] metrics and [`DEFAULT_PARAM_COLUMNS`] params.
pub fn visible_columns(
    metrics: &[String],
    params: &[String],
    choices: &HashMap<String, bool>,
) -> Vec<Column> {
    let pick = |keys: &[String], default_count: usize, make: fn(String) -> Column| {
        keys.iter()
            .enumerate()
            .map(|(i, k)| (i, make(k.clone())))
            .filter(|(i, c)| choices.get(&c.id()).copied().unwrap_or(*i < default_count))
            .map(|(_, c)| c)
            .collect::<Vec<_>>()
    };
    let mut out = pick(metrics, DEFAULT_METRIC_COLUMNS, Column::Metric);
    out.extend(pick(params, DEFAULT_PARAM_COLUMNS, Column::Param));
    out
}

/// The rows to render for a scroll position: those in view plus `overscan` on each side.
pub fn visible_range(
    scroll_top: f64,
    viewport: f64,
    row_height: f64,
    total: usize,
    overscan: usize,
) -> Range<usize> {
    if total == 0 || row_height <= 0.0 || !scroll_top.is_finite() || !viewport.is_finite() {
        return 0..total.min(overscan * 2);
    }
    let first = (scroll_top.max(0.0) / row_height).floor() as usize;
    let count = (viewport.max(0.0) / row_height).ceil() as usize + 1;
    let start = first.saturating_sub(overscan).min(total);
    let end = (first + count + overscan).min(total);
    start..end.max(start)
}

/// Rows left below the rendered window at which the next page is fetched by itself: a screenful, time for a
/// 1,000-run page to arrive while the user scrolls through it.
pub const PREFETCH_ROWS: usize = 20;

/// Whether scrolling has come close enough to the end of the loaded rows to fetch the next page.
pub fn wants_next_page(window_end: usize, loaded_rows: usize) -> bool {
    loaded_rows > 0 && loaded_rows.saturating_sub(window_end) <= PREFETCH_ROWS
}

/// The count under a paged list: how many are loaded, and whether more exist.
pub fn loaded_count(loaded: usize, noun: &str, more: bool) -> String {
    let n = thousands(loaded);
    if more {
        format!("{n} {noun} loaded, more available")
    } else {
        format!("{n} {noun}")
    }
}

/// `12345` as `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracking::test_runs::run;

    #[test]
    fn column_kinds_and_choice_labels() {
        for (c, kind, label) in [
            (
                Column::Metric("eval_f1".into()),
                "metric",
                "eval_f1 (metric)",
            ),
            (Column::Param("lr".into()), "param", "lr (param)"),
        ] {
            assert_eq!((c.kind(), c.choice_label()), (kind, label.to_owned()));
        }
    }

    #[test]
    fn metric_order_puts_f1_and_eval_first() {
        let runs = [
            run("a", None, &["loss", "eval_loss", "eval_f1"], &[]),
            run("b", None, &["acc", "eval_accuracy"], &[]),
        ];
        assert_eq!(
            metric_keys(&runs, "eval_f1"),
            ["eval_f1", "eval_accuracy", "eval_loss", "acc", "loss"]
        );
        assert_eq!(
            metric_keys(&runs, "loss"),
            ["loss", "eval_accuracy", "eval_f1", "eval_loss", "acc"]
        );
        assert!(metric_keys(&[], "eval_f1").is_empty());
    }

    #[test]
    fn params_and_visibility() {
        let runs = [
            run("a", None, &[], &["lr", "batch_size"]),
            run("b", None, &[], &["epochs"]),
        ];
        let keys = param_keys(&runs);
        assert_eq!(keys, ["batch_size", "epochs", "lr"]);
        let metrics: Vec<String> = (1..=8).map(|i| format!("m{i}")).collect();
        let mut choices = HashMap::new();
        let ids = |cols: Vec<Column>| cols.iter().map(Column::id).collect::<Vec<_>>().join(" ");
        assert_eq!(
            ids(visible_columns(&metrics, &keys, &choices)),
            "metric:m1 metric:m2 metric:m3 metric:m4 metric:m5 metric:m6 param:batch_size param:epochs param:lr"
        );
        choices.insert("metric:m8".to_owned(), true);
        choices.insert("metric:m1".to_owned(), false);
        choices.insert("param:epochs".to_owned(), false);
        assert_eq!(
            ids(visible_columns(&metrics[..], &keys, &choices)),
            "metric:m2 metric:m3 metric:m4 metric:m5 metric:m6 metric:m8 param:batch_size param:lr"
        );
    }

    #[test]
    fn cells() {
        let mut r = run("a", None, &["f1"], &["lr"]);
        r.data.metrics[0].value = f64::INFINITY;
        assert_eq!(Column::Metric("f1".into()).cell(&r), "+inf");
        assert_eq!(Column::Param("lr".into()).cell(&r), "1");
        assert_eq!(Column::Metric("missing".into()).cell(&r), "");
        assert_eq!(Column::Metric("f1".into()).cell_class(), "num");
        assert_eq!(Column::Param("lr".into()).cell_class(), "num param");
        r.data.metrics[0].value = 0.123456789;
        assert_eq!(Column::Metric("f1".into()).exact(&r), "0.123456789");
        assert_eq!(Column::Param("lr".into()).exact(&r), "1");
        assert_eq!(
            Column::Param("lr".into()).sort_field(),
            SortField::Param("lr".into())
        );
    }

    #[test]
    fn window_table() {
        assert_eq!(visible_range(0.0, 320.0, 32.0, 50_000, 5), 0..16);
        assert_eq!(visible_range(3200.0, 320.0, 32.0, 50_000, 5), 95..116);
        assert_eq!(visible_range(1e9, 320.0, 32.0, 100, 5), 100..100);
        assert_eq!(visible_range(0.0, 320.0, 32.0, 3, 5), 0..3);
        assert_eq!(visible_range(f64::NAN, 320.0, 32.0, 100, 5), 0..10);
        assert_eq!(visible_range(-50.0, 320.0, 32.0, 0, 5), 0..0);
    }

    #[test]
    fn next_page_is_wanted_near_the_end_of_the_loaded_rows() {
        for (end, loaded, want) in [
            (34, 60, false),
            (39, 60, false),
            (40, 60, true),
            (60, 60, true),
            (950, 1100, false),
            (1080, 1100, true),
            (0, 0, false),
        ] {
            assert_eq!(wants_next_page(end, loaded), want, "{end} of {loaded}");
        }
    }

    #[test]
    fn counts_say_how_many_are_loaded_and_whether_more_exist() {
        assert_eq!(loaded_count(0, "runs", false), "0 runs");
        assert_eq!(
            loaded_count(100, "runs", true),
            "100 runs loaded, more available"
        );
        assert_eq!(loaded_count(5_000, "runs", false), "5,000 runs");
        assert_eq!(
            loaded_count(50_000, "runs", true),
            "50,000 runs loaded, more available"
        );
        assert_eq!(loaded_count(1_234_567, "runs", false), "1,234,567 runs");
    }
}
