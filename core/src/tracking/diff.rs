//! The run-comparison diff table: one column per run, one row per metric, param and user tag, with the
//! best value of each metric marked and an export to CSV.

use std::collections::{BTreeSet, HashMap};

use crate::api::{is_system_tag, Run};
use crate::format::{
    format_datetime, format_exact, format_full, format_metric, format_run_duration,
};

/// Which way a metric improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Bigger values are better (F1, accuracy, ...).
    Higher,
    /// Smaller values are better (loss, error, latency, ...).
    Lower,
}

/// Name parts that mean "lower is better" wherever they appear inside a part: long and unambiguous, so
/// XGBoost's `logloss`, `mlogloss` and `merror` are caught too.
/// `runtime` and `duration` are Hugging Face Trainer's `train_runtime` and the like.
const LOWER_WORDS: [&str; 6] = [
    "loss",
    "error",
    "perplexity",
    "latency",
    "runtime",
    "duration",
];
/// Abbreviations and words that mean "lower is better" only as a whole part, so `stderr`, `gamma` or `career`
/// are not caught: mlflow.evaluate's `false_positives`, word and character error rates, negative
/// log-likelihood, the Brier score, false positive and negative rates.
const LOWER_PARTS: [&str; 13] = [
    "err", "rmse", "mae", "mse", "mape", "smape", "false", "wer", "cer", "nll", "brier", "fpr",
    "fnr",
];

impl Direction {
    /// Default for a metric name: Lower when a part of the lowercased name contains one of [`LOWER_WORDS`],
    /// is one of [`LOWER_PARTS`], or the name ends in a `time` part (`epoch_time`);
    /// Higher otherwise (f1, accuracy, precision, recall, auc, and unknown names).
    pub fn for_metric(key: &str) -> Direction {
        let parts = name_parts(key);
        let lower = parts.iter().any(|p| {
            LOWER_WORDS.iter().any(|w| p.contains(w)) || LOWER_PARTS.contains(&p.as_str())
        });
        let timed = parts.len() > 1 && parts.last().is_some_and(|p| p == "time");
        if lower || timed {
            Direction::Lower
        } else {
            Direction::Higher
        }
    }

    /// The direction in use for a metric: its default, the other way when the user flipped it.
    pub fn chosen(key: &str, flipped: &BTreeSet<String>) -> Direction {
        let default = Direction::for_metric(key);
        if flipped.contains(key) {
            default.flipped()
        } else {
            default
        }
    }

    /// The other way.
    pub fn flipped(self) -> Direction {
        match self {
            Direction::Higher => Direction::Lower,
            Direction::Lower => Direction::Higher,
        }
    }

    /// "higher is better" / "lower is better".
    pub fn label(self) -> &'static str {
        match self {
            Direction::Higher => "higher is better",
            Direction::Lower => "lower is better",
        }
    }

    /// Whether `a` is strictly better than `b`; never true when either is NaN.
    pub fn better(self, a: f64, b: f64) -> bool {
        match self {
            Direction::Higher => a > b,
            Direction::Lower => a < b,
        }
    }
}

/// Splits a metric name into lowercase parts at separators (`_`, `/`, `.`, `-`, ...) and camelCase humps,
/// so `eval_loss`, `train/mae` and `valLoss` all expose their last word.
fn name_parts(key: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        let boundary = !c.is_alphanumeric() || (c.is_uppercase() && prev_lower);
        if boundary && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        }
        prev_lower = c.is_lowercase();
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// What a diff row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RowKind {
    /// The latest value of a metric.
    Metric,
    /// A run parameter.
    Param,
    /// A user tag.
    Tag,
}

impl RowKind {
    /// "metric" / "param" / "tag" (used in CSV and as a CSS class).
    pub fn label(self) -> &'static str {
        match self {
            RowKind::Metric => "metric",
            RowKind::Param => "param",
            RowKind::Tag => "tag",
        }
    }
}

/// One row of the diff table.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffRow {
    /// Metric, param or tag.
    pub kind: RowKind,
    /// The metric, param or tag name.
    pub key: String,
    /// Display text per run, in run order; None where the run has no value (shown as missing, never as 0).
    /// Metrics use `format_metric`; params and tags their raw text.
    pub cells: Vec<Option<String>>,
    /// Exact text per run for tooltips and CSV: metrics with full f64 precision (`{}` formatting; NaN as
    /// "NaN", infinities as "Infinity"/"-Infinity"); params/tags raw.
    pub exact: Vec<Option<String>>,
    /// Exact text per run on screen: as `exact`, but non-finite metrics as the tables write them
    /// (`format_full`: `NaN`, `+inf`, `-inf`).
    pub full: Vec<Option<String>>,
    /// Whether the runs disagree: any two cells differ, counting missing as a value of its own. With one
    /// run, false. NaN equals NaN for this purpose.
    pub differs: bool,
    /// Per run: holds the best value of this metric (ties all true). Only for metrics; all false when fewer
    /// than two runs have a finite value or when all finite values are equal. Non-finite values are never
    /// best.
    pub best: Vec<bool>,
    /// The direction used for `best` (metrics only; None for params and tags).
    pub direction: Option<Direction>,
}

impl DiffRow {
    /// What run `i`'s cell shows: the rounded value, or with `exact` every digit ([`DiffRow::full`]). None where
    /// the run has no value.
    pub fn shown(&self, i: usize, exact: bool) -> Option<&str> {
        let texts = if exact { &self.full } else { &self.cells };
        texts.get(i)?.as_deref()
    }
}

/// Rows for every metric, param and user tag (tag keys starting with `mlflow.` are system tags and left
/// out) present in any run, metrics first then params then tags, keys sorted within each kind except that
/// `primary` (the configured F1 metric, e.g. "eval_f1") comes first among metrics. `flipped` lists metric
/// keys whose default direction the user flipped.
pub fn diff_rows(runs: &[Run], primary: &str, flipped: &BTreeSet<String>) -> Vec<DiffRow> {
    let (mut metrics, mut params, mut tags) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for run in runs {
        metrics.extend(run.data.metrics.iter().map(|m| m.key.as_str()));
        params.extend(run.data.params.iter().map(|p| p.key.as_str()));
        tags.extend(run.data.tags.iter().map(|t| t.key.as_str()));
    }
    // Sets iterate alphabetically; the stable sort then only moves the primary metric to the front.
    let mut metrics: Vec<&str> = metrics.into_iter().collect();
    crate::sort::sort_by_key(&mut metrics, |k| *k != primary);
    let mut rows: Vec<DiffRow> = metrics
        .into_iter()
        .map(|k| metric_row(runs, k, Direction::chosen(k, flipped)))
        .collect();
    rows.extend(
        params
            .into_iter()
            .map(|k| text_row(runs, RowKind::Param, k)),
    );
    let user_tags = tags.into_iter().filter(|k| !is_system_tag(k));
    rows.extend(user_tags.map(|k| text_row(runs, RowKind::Tag, k)));
    rows
}

fn metric_row(runs: &[Run], key: &str, direction: Direction) -> DiffRow {
    let values: Vec<Option<f64>> = runs.iter().map(|r| r.metric(key)).collect();
    // Missing only equals missing, and NaN equals NaN, so a column of NaNs does not light up as a change.
    let same = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => a == b || (a.is_nan() && b.is_nan()),
        (a, b) => a.is_none() && b.is_none(),
    };
    DiffRow {
        kind: RowKind::Metric,
        key: key.to_owned(),
        cells: values.iter().map(|v| v.map(format_metric)).collect(),
        exact: values.iter().map(|v| v.map(format_exact)).collect(),
        full: values.iter().map(|v| v.map(format_full)).collect(),
        differs: values.windows(2).any(|w| !same(w[0], w[1])),
        best: best_flags(&values, direction),
        direction: Some(direction),
    }
}

/// Marks the runs holding the best finite value; nothing when there is no contest to win.
fn best_flags(values: &[Option<f64>], direction: Direction) -> Vec<bool> {
    let finite: Vec<f64> = values
        .iter()
        .filter_map(|v| v.filter(|x| x.is_finite()))
        .collect();
    let all_equal = finite.windows(2).all(|w| w[0] == w[1]);
    let best = finite
        .iter()
        .copied()
        .reduce(|a, b| if direction.better(b, a) { b } else { a });
    match best {
        Some(best) if finite.len() >= 2 && !all_equal => {
            values.iter().map(|v| *v == Some(best)).collect()
        }
        _ => vec![false; values.len()],
    }
}

fn text_row(runs: &[Run], kind: RowKind, key: &str) -> DiffRow {
    let value = if kind == RowKind::Tag {
        Run::tag
    } else {
        Run::param
    };
    let cells: Vec<Option<String>> = runs
        .iter()
        .map(|r| value(r, key).map(str::to_owned))
        .collect();
    DiffRow {
        kind,
        key: key.to_owned(),
        differs: cells.windows(2).any(|w| w[0] != w[1]),
        exact: cells.clone(),
        full: cells.clone(),
        best: vec![false; cells.len()],
        cells,
        direction: None,
    }
}

/// The header of one run's column.
#[derive(Debug, Clone, PartialEq)]
pub struct RunHead {
    /// The run id.
    pub run_id: String,
    /// The run's display name.
    pub name: String,
    /// The experiment's name, or "Experiment <id>" when it is not known.
    pub experiment: String,
    /// MLflow's status, e.g. `FINISHED`.
    pub status: String,
    /// Start time in the user's zone, or "—".
    pub start: String,
    /// How long the run took, "running", or "—".
    pub duration: String,
}

/// Column heads: `experiment` is the experiment's name from `experiment_names` (experiment_id -> name),
/// else "Experiment <id>"; `start` via `format_datetime(start_time, offset_at(start_time))` or "—" when unknown
/// (`offset_at` gives the viewer's offset at that moment, daylight saving as it was then, as the runs table and
/// the run page show it); `duration` via `format_run_duration`.
pub fn run_heads(
    runs: &[Run],
    experiment_names: &HashMap<String, String>,
    offset_at: &dyn Fn(i64) -> i32,
) -> Vec<RunHead> {
    runs.iter()
        .map(|run| {
            let id = &run.info.experiment_id;
            RunHead {
                run_id: run.info.run_id.clone(),
                name: run.display_name().to_owned(),
                experiment: experiment_names
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| format!("Experiment {id}")),
                status: run.info.status.clone(),
                start: run
                    .info
                    .start_time
                    .map_or_else(|| "—".to_owned(), |ms| format_datetime(ms, offset_at(ms))),
                duration: format_run_duration(run),
            }
        })
        .collect()
}

/// The diff table's count, e.g. `3 of 12 rows differ`.
pub fn differ_count(rows: &[DiffRow]) -> String {
    let differ = rows.iter().filter(|r| r.differs).count();
    format!("{differ} of {} rows differ", rows.len())
}

/// The diff table as CSV (RFC 4180: CRLF line ends, fields quoted when they contain a comma, quote, CR or
/// LF, quotes doubled). First line `kind,key,<run name 1>,<run name 2>,...`; then rows `run,run_id,...`,
/// `run,experiment,...`, `run,status,...`, `run,start,...`, `run,duration,...`; then one line per given
/// diff row: `<kind label>,<key>,<exact values>` with missing values as empty fields. Guard against
/// spreadsheet formula injection: a text field (names, params, tags, keys — not metric numbers) starting
/// with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`. It starts with a byte order mark, without which Excel
/// reads the file in the PC's code page and garbles "—" and non-ASCII names.
pub fn diff_csv(heads: &[RunHead], rows: &[DiffRow]) -> String {
    let mut out = String::from('\u{feff}');
    let names = heads.iter().map(|h| text_field(&h.name));
    push_line(&mut out, ["kind".to_owned(), "key".to_owned()], names);
    let head_rows: [(&str, HeadField); 5] = [
        ("run_id", |h| &h.run_id),
        ("experiment", |h| &h.experiment),
        ("status", |h| &h.status),
        ("start", |h| &h.start),
        ("duration", |h| &h.duration),
    ];
    for (key, field_of) in head_rows {
        let values = heads.iter().map(|h| text_field(field_of(h)));
        push_line(&mut out, ["run".to_owned(), key.to_owned()], values);
    }
    for row in rows {
        // Metric values are numbers we formatted ourselves, so a leading `-` is a sign, not a formula.
        let values = row.exact.iter().map(|v| match v {
            None => String::new(),
            Some(v) if row.kind == RowKind::Metric => quoted(v),
            Some(v) => text_field(v),
        });
        let lead = [row.kind.label().to_owned(), text_field(&row.key)];
        push_line(&mut out, lead, values);
    }
    out
}

/// Reads one field of a column head, for the `run,...` lines of the CSV.
type HeadField = fn(&RunHead) -> &str;

fn push_line(out: &mut String, lead: [String; 2], rest: impl Iterator<Item = String>) {
    let fields: Vec<String> = lead.into_iter().chain(rest).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// A user-supplied field: defused against formula injection, then quoted as needed.
fn text_field(s: &str) -> String {
    // A number such as `-1` (max_depth) is data, not a formula: it keeps its exact text.
    let number = s.trim().parse::<f64>().is_ok();
    if !number && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        quoted(&format!("'{s}"))
    } else {
        quoted(s)
    }
}

fn quoted(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::zone::tests::cet;
    use serde_json::{json, Value};

    /// A run from space-separated `key=value` lists, decoded like a server response, so metric values go
    /// through the lenient decoder (`NaN`, `inf`, `-inf`).
    fn run(id: &str, metrics: &str, params: &str, tags: &str) -> Run {
        let pairs = |s: &str| -> Vec<Value> {
            let pair = |(k, v)| json!({ "key": k, "value": v });
            s.split_whitespace()
                .filter_map(|p| p.split_once('='))
                .map(pair)
                .collect()
        };
        let data =
            json!({ "metrics": pairs(metrics), "params": pairs(params), "tags": pairs(tags) });
        let info = json!({ "run_id": id, "run_name": format!("name-{id}") });
        serde_json::from_value(json!({ "info": info, "data": data })).expect("test run")
    }

    fn rows(runs: &[Run]) -> Vec<DiffRow> {
        diff_rows(runs, "eval_f1", &BTreeSet::new())
    }

    fn row<'a>(rows: &'a [DiffRow], key: &str) -> &'a DiffRow {
        rows.iter().find(|r| r.key == key).expect("row present")
    }

    fn text(v: &[Option<String>]) -> Vec<Option<&str>> {
        v.iter().map(|c| c.as_deref()).collect()
    }

    #[test]
    fn differ_counts() {
        let a = run("a", "f1=0.8 loss=0.2", "lr=0.1", "");
        let b = run("b", "f1=0.8 loss=0.3", "lr=0.1", "");
        let rows = diff_rows(&[a.clone(), b], "f1", &BTreeSet::new());
        assert_eq!(differ_count(&rows), "1 of 3 rows differ");
        assert_eq!(differ_count(&[]), "0 of 0 rows differ");
        assert_eq!(
            differ_count(&diff_rows(&[a], "f1", &BTreeSet::new())),
            "0 of 3 rows differ"
        );
    }

    #[test]
    fn direction_defaults_table() {
        let lower = "eval_loss val_rmse mae train/mae error_rate latency_ms perplexity epoch_time \
                     valLoss validation_0-logloss merror val.err p99_latency train_runtime \
                     eval_runtime duration_s false_positives false_negatives val_mape wer test_cer nll \
                     brier_score fpr";
        // Abbreviations count only as whole parts; a bare `time` says nothing about direction.
        let higher =
            "f1 eval_f1 accuracy precision recall auc eval_auc unknown stderr_lines gamma \
                      maestro time throughput true_positives career answer samples_per_second";
        for (want, keys) in [(Direction::Lower, lower), (Direction::Higher, higher)] {
            for key in keys.split_whitespace() {
                assert_eq!(Direction::for_metric(key), want, "{key}");
            }
        }
        assert_eq!(Direction::for_metric(""), Direction::Higher);
    }

    #[test]
    fn better_flipped_and_labels() {
        use Direction::{Higher, Lower};
        assert!(Higher.better(0.9, 0.8) && !Higher.better(0.8, 0.9) && !Higher.better(0.8, 0.8));
        assert!(Lower.better(0.1, 0.2) && !Lower.better(0.2, 0.1) && !Lower.better(0.2, 0.2));
        assert!(!Higher.better(f64::NAN, 0.0) && !Lower.better(0.0, f64::NAN));
        assert_eq!((Higher.flipped(), Lower.flipped()), (Lower, Higher));
        assert_eq!(Higher.label(), "higher is better");
        assert_eq!(Lower.label(), "lower is better");
        assert_eq!(RowKind::Tag.label(), "tag");
    }

    #[test]
    fn params_same_and_missing() {
        let runs = [
            run("a", "", "lr=0.1 seed=1", ""),
            run("b", "", "lr=0.1", ""),
        ];
        let rows = rows(&runs);
        let lr = row(&rows, "lr");
        assert_eq!(lr.kind, RowKind::Param);
        assert!(!lr.differs && lr.direction.is_none());
        assert_eq!(text(&lr.cells), [Some("0.1"), Some("0.1")]);
        let seed = row(&rows, "seed");
        assert!(seed.differs);
        assert_eq!(text(&seed.cells), [Some("1"), None]);
        assert_eq!(seed.best, [false, false]);
    }

    #[test]
    fn exact_values_show_every_digit() {
        let runs = [
            run("a", "acc=0.912345678", "lr=0.00003", ""),
            run("b", "", "", ""),
        ];
        let rows = rows(&runs);
        let acc = row(&rows, "acc");
        assert_eq!(acc.shown(0, false), Some("0.91235"));
        assert_eq!(acc.shown(0, true), Some("0.912345678"));
        assert_eq!(acc.shown(1, true), None);
        assert_eq!(acc.shown(9, true), None);
        assert_eq!(row(&rows, "lr").shown(0, true), Some("0.00003"));
    }

    #[test]
    fn non_finite_and_missing_metrics() {
        let runs = [
            run("nan", "acc=NaN loss=NaN", "", ""),
            run("inf", "acc=inf loss=0.25", "", ""),
            run("ninf", "acc=-inf loss=-inf", "", ""),
            run("none", "", "", ""),
            run("lo", "acc=0.5 loss=0.5", "", ""),
            run("hi", "acc=0.7", "", ""),
        ];
        let rows = rows(&runs);
        let acc = row(&rows, "acc");
        let (nan, half, hi) = (Some("NaN"), Some("0.5"), Some("0.7"));
        let cells = [nan, Some("+inf"), Some("-inf"), None, half, hi];
        assert_eq!(text(&acc.cells), cells);
        let exact = [nan, Some("Infinity"), Some("-Infinity"), None, half, hi];
        assert_eq!(text(&acc.exact), exact);
        assert_eq!(acc.best, [false, false, false, false, false, true]);
        assert_eq!(acc.direction, Some(Direction::Higher));
        assert!(acc.differs);
        // Exact values on screen: non-finite ones as the table writes them, not as the CSV does.
        let shown: Vec<_> = (0..6).map(|i| acc.shown(i, true)).collect();
        assert_eq!(shown, cells);
        // -inf would "win" a lower-is-better contest; it is never best.
        let loss = row(&rows, "loss");
        assert_eq!(loss.best, [false, true, false, false, false, false]);
    }

    #[test]
    fn best_needs_two_finite_different_values() {
        let cases: [(&str, &[bool], bool); 6] = [
            ("0.9 0.9 0.5", &[true, true, false], true),
            ("0.5 0.5", &[false, false], false),
            ("NaN NaN", &[false, false], false),
            ("NaN 0.3 inf", &[false, false, false], true),
            ("0.1 0.3 0.2", &[false, true, false], true),
            ("0.3", &[false], false),
        ];
        for (values, best, differs) in cases {
            let run_with = |v| run("r", &format!("f1={v}"), "", "");
            let rows = rows(&values.split(' ').map(run_with).collect::<Vec<_>>());
            assert_eq!(rows[0].best, best, "{values}");
            assert_eq!(rows[0].differs, differs, "{values}");
        }
    }

    #[test]
    fn empty_runs() {
        assert!(rows(&[]).is_empty());
        assert!(run_heads(&[], &HashMap::new(), &|_| 0).is_empty());
        let want = "\u{feff}kind,key\r\nrun,run_id\r\nrun,experiment\r\nrun,status\r\nrun,start\r\nrun,duration\r\n";
        assert_eq!(diff_csv(&[], &[]), want);
    }

    #[test]
    fn lower_and_flipped_direction() {
        let runs = [
            run("a", "eval_loss=0.2", "", ""),
            run("b", "eval_loss=0.1", "", ""),
        ];
        let loss = &rows(&runs)[0];
        assert_eq!(loss.direction, Some(Direction::Lower));
        assert_eq!(loss.best, [false, true]);
        let flipped = BTreeSet::from(["eval_loss".to_owned()]);
        let loss = &diff_rows(&runs, "eval_f1", &flipped)[0];
        assert_eq!(loss.direction, Some(Direction::Higher));
        assert_eq!(loss.best, [true, false]);
    }

    #[test]
    fn order_primary_first_and_system_tags_left_out() {
        let runs = [
            run("a", "acc=1 eval_f1=0.5", "b=1", "team=x mlflow.user=u"),
            run("b", "zeta=1", "a=2", "owner=y mlflow.runName=n"),
        ];
        let rows = rows(&runs);
        let keys: Vec<String> = rows
            .iter()
            .map(|r| format!("{}:{}", r.kind.label(), r.key))
            .collect();
        let want = "metric:eval_f1 metric:acc metric:zeta param:a param:b tag:owner tag:team";
        assert_eq!(keys.join(" "), want);
    }

    #[test]
    fn each_start_is_shown_in_the_offset_of_its_own_date() {
        // January at UTC+1, July at UTC+2 (daylight saving), whatever today's offset is.
        let (january, july) = (1_704_067_200_000, 1_719_792_000_000);
        let mut a = run("a", "", "", "");
        a.info.start_time = Some(january);
        let mut b = run("b", "", "", "");
        b.info.start_time = Some(july);
        let heads = run_heads(&[a, b], &HashMap::new(), &cet);
        assert_eq!(heads[0].start, "2024-01-01 01:00");
        assert_eq!(heads[1].start, "2024-07-01 02:00");
    }

    #[test]
    fn heads() {
        let mut a = run("a", "", "", "");
        a.info.experiment_id = "1".into();
        a.info.status = "FINISHED".into();
        (a.info.start_time, a.info.end_time) = (Some(0), Some(192_000));
        let mut b = run("b", "", "", "");
        b.info.experiment_id = "7".into();
        b.info.run_name.clear();
        let names = HashMap::from([("1".to_owned(), "churn".to_owned())]);
        let csv = diff_csv(&run_heads(&[a, b], &names, &|_| 60), &[]);
        let want = [
            "\u{feff}kind,key,name-a,b",
            "run,run_id,a,b",
            "run,experiment,churn,Experiment 7",
            "run,status,FINISHED,",
            "run,start,1970-01-01 01:00,—",
            "run,duration,3m 12s,—",
            "",
        ];
        assert_eq!(csv.split("\r\n").collect::<Vec<_>>(), want);
    }

    #[test]
    fn csv_quotes_guards_and_gaps() {
        let mut a = run("a", "loss=-0.5", "cmd==cmd() depth=-1 note=x", "");
        a.info.run_name = "-x".into();
        a.data.params[2].value = "a,\"b\"\nc".into();
        let b = run("b", "", "cmd=-x depth=+2 note=plain", "t=@home");
        let runs = [a, b];
        let csv = diff_csv(&run_heads(&runs, &HashMap::new(), &|_| 0), &rows(&runs));
        let Some(csv) = csv.strip_prefix('\u{feff}') else {
            panic!("no byte order mark: {csv}");
        };
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "kind,key,'-x,name-b");
        let want = [
            "metric,loss,-0.5,",
            "param,cmd,'=cmd(),'-x",
            "param,depth,-1,+2",
            "param,note,\"a,\"\"b\"\"\nc\",plain",
            "tag,t,,'@home",
            "",
        ];
        // Head lines 1..6 are covered by `heads`.
        assert_eq!(lines[6..], want);
    }
}
