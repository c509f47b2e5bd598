//! Several experiments side by side (`/experiments/compare?ids=…`): the best run of each by a metric, with
//! the metric's direction, that run's value against its model's threshold, how many runs each has and when
//! the latest started, and which registered-model version serves each experiment's model.
//!
//! The app reads, per experiment, its latest runs and the runs MLflow sorts first by the metric; everything
//! decided from them is here. NaN and infinite values (MLflow stores infinities as ±1.797e308) are never
//! the best: they are counted, so the page can say they were left out.

use crate::registry::stage::Stage;
use std::collections::{BTreeMap, HashSet};

use crate::api::{ApiError, Experiment, RegisteredModel, Run};
use crate::config::Config;
use crate::format::format_metric;
use crate::registry::model_state::{serving_version, DEFAULT_ALIAS};
use crate::tracking::diff::Direction;
use crate::tracking::query::{SearchRunsRequest, Sort, SortField};
use crate::tracking::run_data::{model_of, MODEL_TAG};

/// Latest runs read per experiment: they give the run count (shown as "1,000+" beyond it), the latest
/// start time and the F1-over-time points.
pub const RECENT_RUNS: u32 = 1_000;

/// Runs read per experiment in the metric's order: enough to find the best finite value past a few NaN or
/// infinite ones, which MLflow sorts first (infinities) or last (NaN).
pub const RANKED_RUNS: u32 = 50;

/// An experiment's latest runs, newest first, all statuses; deleted runs too when the experiment itself is
/// deleted (MLflow deletes its runs with it).
pub fn recent_runs_request(experiment_id: &str, deleted: bool) -> SearchRunsRequest {
    let sort = Sort {
        field: SortField::StartTime,
        descending: true,
    };
    let mut req = SearchRunsRequest::new(experiment_id, "", Some(&sort), None);
    req.max_results = RECENT_RUNS;
    req.run_view_type = if deleted { "ALL" } else { "ACTIVE_ONLY" };
    req
}

/// An experiment's runs best first by `metric` as MLflow orders them (runs without it come last).
pub fn ranked_runs_request(
    experiment_id: &str,
    metric: &str,
    direction: Direction,
    deleted: bool,
) -> SearchRunsRequest {
    let sort = Sort {
        field: SortField::Metric(metric.to_owned()),
        descending: direction == Direction::Higher,
    };
    let mut req = SearchRunsRequest::new(experiment_id, "", Some(&sort), None);
    req.max_results = RANKED_RUNS;
    req.run_view_type = if deleted { "ALL" } else { "ACTIVE_ONLY" };
    req
}

/// What the app read for one experiment of the view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExperimentRuns {
    /// The id from the URL.
    pub id: String,
    /// The experiment; None when MLflow has no experiment with this id.
    pub experiment: Option<Experiment>,
    /// Its latest runs, newest first (at most [`RECENT_RUNS`]).
    pub recent: Vec<Run>,
    /// More runs exist than `recent` holds.
    pub more: bool,
    /// Its runs in the metric's order (at most [`RANKED_RUNS`]).
    pub ranked: Vec<Run>,
}

/// The best run of a set by one metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Best {
    /// The run's id.
    pub run_id: String,
    /// The run's name to show.
    pub run_name: String,
    /// Its value: always finite.
    pub value: f64,
    /// Other runs with exactly the same value; the earliest started is the one named.
    pub ties: usize,
    /// Runs whose value is NaN or infinite, left out.
    pub non_finite: usize,
}

/// The best run of `runs` by `metric` in `direction`: finite values only; among equal values the run that
/// started first (it reached the value first), then the smaller run id. A run listed twice counts once.
/// None when no run has a finite value.
pub fn best_run<'a>(
    runs: impl IntoIterator<Item = &'a Run>,
    metric: &str,
    direction: Direction,
) -> Option<Best> {
    let mut seen = HashSet::new();
    let mut best: Option<(&Run, f64)> = None;
    let (mut ties, mut non_finite) = (0, 0);
    for run in runs {
        if !seen.insert(run.info.run_id.as_str()) {
            continue;
        }
        let Some(v) = run.metric(metric) else {
            continue;
        };
        if !v.is_finite() {
            non_finite += 1;
            continue;
        }
        match best {
            Some((_, b)) if v == b => {
                ties += 1;
                if earlier(run, best.map(|b| b.0)) {
                    best = Some((run, v));
                }
            }
            Some((_, b)) if !direction.better(v, b) => {}
            _ => {
                best = Some((run, v));
                ties = 0;
            }
        }
    }
    let (run, value) = best?;
    Some(Best {
        run_id: run.info.run_id.clone(),
        run_name: run.display_name().to_owned(),
        value,
        ties,
        non_finite,
    })
}

fn earlier(run: &Run, than: Option<&Run>) -> bool {
    let Some(than) = than else { return true };
    let key = |r: &Run| (r.info.start_time.unwrap_or(i64::MAX), r.info.run_id.clone());
    key(run) < key(than)
}

/// Whether an experiment of the view exists and is active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideState {
    /// An active experiment.
    Active,
    /// In MLflow's trash: shown, marked, its runs read with the deleted ones.
    Deleted,
    /// MLflow has no experiment with this id.
    Missing,
}

/// How the best value stands against the model's threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// At or above the threshold.
    Passes,
    /// Below it.
    Below,
    /// No threshold applies (another metric, or no model with a configured threshold).
    NoThreshold,
    /// No run has a finite value to compare.
    NoValue,
}

/// The registered-model version that serves an experiment's model.
#[derive(Debug, Clone, PartialEq)]
pub struct Holder {
    /// The version number.
    pub version: String,
    /// `Production` or `@champion`.
    pub label: String,
    /// Its F1, when known.
    pub f1: Option<f64>,
}

/// The version a model serves, as the models list picks it (Production, else `@champion`), and which of
/// the two it holds; its F1 is read afterwards.
pub fn serving_holder(model: &RegisteredModel) -> Option<Holder> {
    let version = serving_version(model)?;
    let production = model
        .latest_versions
        .iter()
        .any(|v| v.version == version && v.current_stage == Stage::Production.as_str());
    Some(Holder {
        label: if production {
            Stage::Production.as_str().to_owned()
        } else {
            format!("@{DEFAULT_ALIAS}")
        },
        version,
        f1: None,
    })
}

/// One experiment's row of the best-of-each table.
#[derive(Debug, Clone, PartialEq)]
pub struct BestRow {
    /// The experiment id.
    pub experiment_id: String,
    /// Its name, or `Experiment <id>` when missing.
    pub name: String,
    /// Active, deleted or missing.
    pub state: SideState,
    /// Palette index: the experiment's place in the selection (the same colour on every chart).
    pub color: usize,
    /// The best run, if any run has a finite value.
    pub best: Option<Best>,
    /// Runs read (at most [`RECENT_RUNS`]).
    pub runs: usize,
    /// More runs exist than were read.
    pub more_runs: bool,
    /// Start time of the latest run.
    pub latest_start: Option<i64>,
    /// The registered model the experiment trains (its `pulse.model` tag, else the best run's).
    pub model: Option<String>,
    /// The model's threshold, when the metric is the F1 metric and one is configured.
    pub threshold: Option<f64>,
    /// The best value against the threshold.
    pub verdict: Verdict,
}

impl BestRow {
    /// The run count: `1,000+` when more exist than were read.
    pub fn runs_text(&self) -> String {
        let n = group_thousands(self.runs);
        if self.more_runs {
            format!("{n}+")
        } else {
            n
        }
    }

    /// The best value, or why there is none.
    pub fn value_text(&self, metric: &str) -> String {
        match (&self.best, self.state, self.runs) {
            (Some(b), _, _) => format_metric(b.value),
            (None, SideState::Missing, _) => "—".to_owned(),
            (None, _, 0) => "no runs".to_owned(),
            (None, _, _) => format!("no run has {metric}"),
        }
    }

    /// The value against the threshold, as a short sentence.
    pub fn verdict_text(&self) -> String {
        match (self.verdict, self.threshold) {
            (Verdict::Passes, Some(t)) => format!("passes {}", format_metric(t)),
            (Verdict::Below, Some(t)) => format!("below {}", format_metric(t)),
            (_, Some(t)) => format!("threshold {}", format_metric(t)),
            _ => "—".to_owned(),
        }
    }

    /// A note on ties and left-out values, when there is one.
    pub fn note(&self) -> Option<String> {
        let b = self.best.as_ref()?;
        let mut parts = Vec::new();
        if b.ties > 0 {
            parts.push(format!(
                "tied with {} other run(s); the earliest shown",
                b.ties
            ));
        }
        if b.non_finite > 0 {
            parts.push(format!("{} NaN/inf value(s) left out", b.non_finite));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The model an experiment trains: its own `pulse.model` tag, else the best run's, else the one most of
/// its latest runs name (the alphabetically first among equals).
pub fn experiment_model(side: &ExperimentRuns, best: Option<&Best>) -> Option<String> {
    let tags = side.experiment.as_ref().map_or(&[][..], |e| &e.tags[..]);
    let own = tags
        .iter()
        .find(|t| t.key == MODEL_TAG)
        .map(|t| t.value.trim())
        .filter(|m| !m.is_empty());
    if let Some(m) = own {
        return Some(m.to_owned());
    }
    let best_run = best.and_then(|b| {
        side.ranked
            .iter()
            .chain(&side.recent)
            .find(|r| r.info.run_id == b.run_id)
    });
    if let Some(m) = best_run.and_then(|r| model_of(r, tags)) {
        return Some(m.to_owned());
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for m in side.recent.iter().filter_map(|r| model_of(r, tags)) {
        *counts.entry(m).or_default() += 1;
    }
    let most = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == most)
        .map(|(m, _)| m.to_owned())
}

/// The best-of-each rows, one per experiment in selection order.
pub fn best_of_each(
    sides: &[ExperimentRuns],
    cfg: &Config,
    metric: &str,
    direction: Direction,
) -> Vec<BestRow> {
    sides
        .iter()
        .enumerate()
        .map(|(color, side)| {
            let best = best_run(side.ranked.iter().chain(&side.recent), metric, direction);
            let model = experiment_model(side, best.as_ref());
            let threshold = (metric == cfg.f1_metric)
                .then(|| model.as_ref().and_then(|m| cfg.thresholds.get(m).copied()))
                .flatten();
            let verdict = match (&best, threshold) {
                (None, _) => Verdict::NoValue,
                (Some(_), None) => Verdict::NoThreshold,
                (Some(b), Some(t)) if b.value >= t => Verdict::Passes,
                (Some(_), Some(_)) => Verdict::Below,
            };
            let state = match &side.experiment {
                None => SideState::Missing,
                Some(e) if e.is_deleted() => SideState::Deleted,
                Some(_) => SideState::Active,
            };
            BestRow {
                experiment_id: side.id.clone(),
                name: side
                    .experiment
                    .as_ref()
                    .map_or_else(|| format!("Experiment {}", side.id), |e| e.name.clone()),
                state,
                color,
                best,
                runs: side.recent.len(),
                more_runs: side.more,
                latest_start: side.recent.iter().filter_map(|r| r.info.start_time).max(),
                model,
                threshold,
                verdict,
            }
        })
        .collect()
}

/// The rows best first by their best value in `direction` (equal values by name), rows without a value
/// last in selection order: the order of the ranked bar chart.
pub fn ranked_order(rows: &[BestRow], direction: Direction) -> Vec<usize> {
    let mut with: Vec<(usize, f64)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((i, r.best.as_ref()?.value)))
        .collect();
    crate::sort::sort_by(&mut with, |a, b| {
        let by_value = match direction {
            Direction::Higher => b.1.total_cmp(&a.1),
            Direction::Lower => a.1.total_cmp(&b.1),
        };
        by_value.then_with(|| rows[a.0].name.cmp(&rows[b.0].name))
    });
    let mut order: Vec<usize> = with.into_iter().map(|(i, _)| i).collect();
    order.extend((0..rows.len()).filter(|i| rows[*i].best.is_none()));
    order
}

/// Every run of the view's experiments for the F1-over-time chart, with each run's experiment (its place
/// in the selection) and the experiments' names: the chart's series.
pub fn timeline_runs(sides: &[ExperimentRuns]) -> (Vec<Run>, Vec<usize>, Vec<String>) {
    let mut runs = Vec::new();
    let mut groups = Vec::new();
    for (i, side) in sides.iter().enumerate() {
        runs.extend(side.recent.iter().cloned());
        groups.extend(std::iter::repeat_n(i, side.recent.len()));
    }
    let names = sides
        .iter()
        .map(|s| {
            s.experiment
                .as_ref()
                .map_or_else(|| format!("Experiment {}", s.id), |e| e.name.clone())
        })
        .collect();
    (runs, groups, names)
}

/// The line above the F1-over-time chart across experiments: what it draws from.
pub fn timeline_summary(experiments: usize) -> String {
    format!(
        "Finished runs of {experiments} experiments (each one's latest {} runs)",
        group_thousands(RECENT_RUNS as usize)
    )
}

/// A hover read-out of the best run of a row, for the ranked bar chart.
pub fn row_readout(row: &BestRow, metric: &str) -> String {
    let mut out = format!("{}\n{metric}: {}", row.name, row.value_text(metric));
    if let Some(b) = &row.best {
        out.push_str(&format!("\nbest run: {}", b.run_name));
    }
    if row.threshold.is_some() {
        out.push_str(&format!("\n{}", row.verdict_text()));
    }
    out
}

/// The direction a page's `better=` parameter asks for: `higher` or `lower`, else the metric's default.
pub fn direction_param(raw: Option<&str>, metric: &str) -> Direction {
    match raw {
        Some("higher") => Direction::Higher,
        Some("lower") => Direction::Lower,
        _ => Direction::for_metric(metric),
    }
}

/// The metrics the "Best by" picker offers: those the runs logged, and the one ranked by first when none
/// did (the F1 metric no run logs, or a `metric=` from a link), so the picker shows what the table ranks by.
pub fn metric_choices(logged: Vec<String>, ranked_by: &str) -> Vec<String> {
    if logged.iter().any(|m| m == ranked_by) {
        return logged;
    }
    std::iter::once(ranked_by.to_owned())
        .chain(logged)
        .collect()
}

/// The `better=` value for a direction: empty when it is the metric's default, so URLs stay short.
pub fn direction_value(direction: Direction, metric: &str) -> &'static str {
    match direction {
        _ if direction == Direction::for_metric(metric) => "",
        Direction::Higher => "higher",
        Direction::Lower => "lower",
    }
}

/// The serving column of a row: the model, the version serving it (Production, else `@champion`) and that
/// version's F1, or why the registry could not say.
pub fn holder_text(
    model: Option<&str>,
    holder: Option<&Result<Holder, ApiError>>,
    f1_metric: &str,
) -> String {
    match (model, holder) {
        (None, _) => "—".to_owned(),
        (Some(m), None) => format!("{m}: no Production or @{DEFAULT_ALIAS} version"),
        (Some(m), Some(Err(e))) => format!("{m}: the registry could not be read ({e})"),
        (Some(m), Some(Ok(h))) => {
            let f1 = h.f1.map_or_else(|| "—".to_owned(), format_metric);
            format!("{m} v{} ({}), {f1_metric} {f1}", h.version, h.label)
        }
    }
}

/// The Experiment column's text for a run of the combined table: the experiment's name, else its id.
pub fn experiment_label(names: &BTreeMap<String, String>, run: &Run) -> String {
    names
        .get(&run.info.experiment_id)
        .cloned()
        .unwrap_or_else(|| format!("Experiment {}", run.info.experiment_id))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::Tag;

    /// A run as MLflow sends it: `value` is raw JSON, so "NaN" strings and clamped infinities decode as
    /// they do from the wire.
    fn run(id: &str, start: i64, value: Option<serde_json::Value>) -> Run {
        let metrics: Vec<_> = value
            .into_iter()
            .map(|v| json!({"key": "eval_f1", "value": v}))
            .collect();
        serde_json::from_value(json!({
            "info": {"run_id": id, "run_name": format!("name-{id}"), "status": "FINISHED", "start_time": start},
            "data": {"metrics": metrics, "tags": []}
        }))
        .expect("run")
    }

    #[test]
    fn best_run_table() {
        use Direction::{Higher, Lower};
        let clamped = json!(1.7976931348623157e308);
        let neg_clamped = json!(-1.7976931348623157e308);
        // (case, runs as (id, start, value), direction, want (id, value, ties, non_finite))
        type Case = (
            &'static str,
            Vec<Run>,
            Direction,
            Option<(&'static str, f64, usize, usize)>,
        );
        let cases: Vec<Case> = vec![
            ("empty", vec![], Higher, None),
            (
                "higher",
                vec![run("a", 1, Some(json!(0.7))), run("b", 2, Some(json!(0.9)))],
                Higher,
                Some(("b", 0.9, 0, 0)),
            ),
            (
                "lower",
                vec![run("a", 1, Some(json!(0.7))), run("b", 2, Some(json!(0.9)))],
                Lower,
                Some(("a", 0.7, 0, 0)),
            ),
            (
                "NaN string never best",
                vec![
                    run("a", 1, Some(json!("NaN"))),
                    run("b", 2, Some(json!(0.1))),
                ],
                Higher,
                Some(("b", 0.1, 0, 1)),
            ),
            (
                "clamped +inf never best",
                vec![
                    run("a", 1, Some(clamped.clone())),
                    run("b", 2, Some(json!(0.5))),
                ],
                Higher,
                Some(("b", 0.5, 0, 1)),
            ),
            (
                "clamped -inf never best (lower)",
                vec![
                    run("a", 1, Some(neg_clamped)),
                    run("b", 2, Some(json!(0.5))),
                ],
                Lower,
                Some(("b", 0.5, 0, 1)),
            ),
            (
                "only non-finite",
                vec![run("a", 1, Some(json!("NaN"))), run("b", 2, Some(clamped))],
                Higher,
                None,
            ),
            (
                "missing metric",
                vec![run("a", 1, None), run("b", 2, Some(json!(0.2)))],
                Higher,
                Some(("b", 0.2, 0, 0)),
            ),
            ("all missing", vec![run("a", 1, None)], Higher, None),
            (
                "tie: earliest start wins",
                vec![
                    run("late", 9, Some(json!(0.8))),
                    run("early", 3, Some(json!(0.8))),
                    run("x", 5, Some(json!(0.1))),
                ],
                Higher,
                Some(("early", 0.8, 1, 0)),
            ),
            (
                "tie on start: smaller id",
                vec![run("b", 3, Some(json!(0.8))), run("a", 3, Some(json!(0.8)))],
                Higher,
                Some(("a", 0.8, 1, 0)),
            ),
            (
                "tie broken by a better value",
                vec![
                    run("a", 1, Some(json!(0.8))),
                    run("b", 2, Some(json!(0.8))),
                    run("c", 3, Some(json!(0.85))),
                ],
                Higher,
                Some(("c", 0.85, 0, 0)),
            ),
            (
                "duplicates count once",
                vec![run("a", 1, Some(json!(0.8))), run("a", 1, Some(json!(0.8)))],
                Higher,
                Some(("a", 0.8, 0, 0)),
            ),
        ];
        for (case, runs, direction, want) in cases {
            let got = best_run(&runs, "eval_f1", direction)
                .map(|b| (b.run_id, b.value, b.ties, b.non_finite));
            let want = want.map(|(id, v, t, n)| (id.to_owned(), v, t, n));
            assert_eq!(got, want, "{case}");
        }
    }

    fn experiment(id: &str, name: &str, model: Option<&str>, deleted: bool) -> Experiment {
        Experiment {
            experiment_id: id.into(),
            name: name.into(),
            lifecycle_stage: if deleted { "deleted" } else { "active" }.into(),
            tags: model
                .map(|m| Tag {
                    key: MODEL_TAG.into(),
                    value: m.into(),
                })
                .into_iter()
                .collect(),
            ..Default::default()
        }
    }

    fn side(id: &str, exp: Option<Experiment>, values: &[f64]) -> ExperimentRuns {
        let recent: Vec<Run> = values
            .iter()
            .enumerate()
            .map(|(i, v)| run(&format!("{id}-{i}"), 100 - i as i64, Some(json!(v))))
            .collect();
        ExperimentRuns {
            id: id.into(),
            experiment: exp,
            ranked: recent.iter().rev().cloned().collect(),
            recent,
            more: false,
        }
    }

    #[test]
    fn rows_thresholds_and_states() {
        let cfg = crate::config::demo_config();
        let sides = vec![
            side(
                "1",
                Some(experiment(
                    "1",
                    "text",
                    Some("text_classification_model"),
                    false,
                )),
                &[0.7, 0.8],
            ),
            side(
                "2",
                Some(experiment(
                    "2",
                    "video",
                    Some("video_classification_model"),
                    false,
                )),
                &[0.6, 0.65],
            ),
            side("3", Some(experiment("3", "empty", None, false)), &[]),
            side(
                "4",
                Some(experiment(
                    "4",
                    "old",
                    Some("fusion_multimodal_model"),
                    true,
                )),
                &[0.9],
            ),
            side("5", None, &[]),
        ];
        let rows = best_of_each(&sides, &cfg, "eval_f1", Direction::Higher);
        let summary: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.state,
                    r.verdict,
                    r.value_text("eval_f1"),
                    r.verdict_text(),
                    r.runs_text(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "text",
                    SideState::Active,
                    Verdict::Passes,
                    "0.8".into(),
                    "passes 0.75".into(),
                    "2".into()
                ),
                (
                    "video",
                    SideState::Active,
                    Verdict::Below,
                    "0.65".into(),
                    "below 0.7".into(),
                    "2".into()
                ),
                (
                    "empty",
                    SideState::Active,
                    Verdict::NoValue,
                    "no runs".into(),
                    "—".into(),
                    "0".into()
                ),
                (
                    "old",
                    SideState::Deleted,
                    Verdict::Passes,
                    "0.9".into(),
                    "passes 0.8".into(),
                    "1".into()
                ),
                (
                    "Experiment 5",
                    SideState::Missing,
                    Verdict::NoValue,
                    "—".into(),
                    "—".into(),
                    "0".into()
                ),
            ]
        );
        assert_eq!(rows[0].latest_start, Some(100));
        assert_eq!(
            rows.iter().map(|r| r.color).collect::<Vec<_>>(),
            vec![0, 1, 2, 3, 4]
        );
        assert_eq!(ranked_order(&rows, Direction::Higher), vec![3, 0, 1, 2, 4]);
        assert_eq!(ranked_order(&rows, Direction::Lower), vec![1, 0, 3, 2, 4]);
        // Another metric: no thresholds.
        let loss = best_of_each(&sides[..1], &cfg, "eval_loss", Direction::Lower);
        assert_eq!(
            (loss[0].verdict, loss[0].value_text("eval_loss")),
            (Verdict::NoValue, "no run has eval_loss".into())
        );
        assert!(row_readout(&rows[1], "eval_f1").contains("best run: name-2-1\nbelow 0.7"));
    }

    #[test]
    fn models_counts_and_notes() {
        let mut s = side("1", Some(experiment("1", "x", None, false)), &[0.5, 0.5]);
        s.recent[1].data.tags.push(Tag {
            key: MODEL_TAG.into(),
            value: "video_classification_model".into(),
        });
        s.more = true;
        let rows = best_of_each(
            std::slice::from_ref(&s),
            &Config::default(),
            "eval_f1",
            Direction::Higher,
        );
        // The best (earliest of two tied runs) names the model.
        assert_eq!(
            rows[0].best.as_ref().map(|b| b.run_id.as_str()),
            Some("1-1")
        );
        assert_eq!(rows[0].model.as_deref(), Some("video_classification_model"));
        assert_eq!(
            rows[0].note().as_deref(),
            Some("tied with 1 other run(s); the earliest shown")
        );
        let mut big = rows[0].clone();
        big.runs = 1000;
        assert_eq!(big.runs_text(), "1,000+");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
        assert_eq!(
            timeline_summary(3),
            "Finished runs of 3 experiments (each one's latest 1,000 runs)"
        );
    }

    #[test]
    fn url_direction_and_holders() {
        let cases = [
            (None, "eval_f1", Direction::Higher, ""),
            (None, "eval_loss", Direction::Lower, ""),
            (Some("lower"), "eval_f1", Direction::Lower, "lower"),
            (Some("higher"), "eval_loss", Direction::Higher, "higher"),
            (Some("sideways"), "eval_loss", Direction::Lower, ""),
        ];
        for (raw, metric, want, value) in cases {
            let d = direction_param(raw, metric);
            assert_eq!(
                (d, direction_value(d, metric)),
                (want, value),
                "{raw:?} {metric}"
            );
        }
        let h = Holder {
            version: "3".into(),
            label: "Production".into(),
            f1: Some(0.81),
        };
        let h = Ok(h);
        assert_eq!(
            holder_text(Some("text"), Some(&h), "eval_f1"),
            "text v3 (Production), eval_f1 0.81"
        );
        assert_eq!(
            holder_text(Some("text"), None, "eval_f1"),
            "text: no Production or @champion version"
        );
        assert_eq!(holder_text(None, Some(&h), "eval_f1"), "—");
        let failed = Err(ApiError::Forbidden { message: None });
        let text = holder_text(Some("text"), Some(&failed), "eval_f1");
        assert!(
            text.starts_with("text: the registry could not be read (")
                && text.contains("permission"),
            "{text}"
        );
    }

    #[test]
    fn the_picker_offers_the_metric_ranked_by() {
        let logged = vec!["eval_f1".to_owned(), "loss".to_owned()];
        assert_eq!(metric_choices(logged.clone(), "loss"), logged);
        assert_eq!(metric_choices(logged, "typo"), ["typo", "eval_f1", "loss"]);
        assert_eq!(metric_choices(vec![], "eval_f1"), ["eval_f1"]);
    }

    #[test]
    fn requests_and_series() {
        let r = recent_runs_request("7", false);
        assert_eq!(
            (r.max_results, r.run_view_type),
            (RECENT_RUNS, "ACTIVE_ONLY")
        );
        assert_eq!(r.order_by, vec!["attributes.start_time DESC"]);
        let r = ranked_runs_request("7", "eval_loss", Direction::Lower, true);
        assert_eq!((r.max_results, r.run_view_type), (RANKED_RUNS, "ALL"));
        assert_eq!(r.order_by, vec!["metrics.`eval_loss` ASC"]);
        let sides = vec![
            side("1", None, &[0.1, 0.2]),
            side("2", Some(experiment("2", "b", None, false)), &[0.3]),
        ];
        let (runs, groups, names) = timeline_runs(&sides);
        assert_eq!(
            (runs.len(), groups, names),
            (
                3,
                vec![0, 0, 1],
                vec!["Experiment 1".to_owned(), "b".to_owned()]
            )
        );
        let mut names = BTreeMap::new();
        names.insert("2".to_owned(), "b".to_owned());
        let mut r = Run::default();
        r.info.experiment_id = "2".into();
        assert_eq!(experiment_label(&names, &r), "b");
        r.info.experiment_id = "3".into();
        assert_eq!(experiment_label(&names, &r), "Experiment 3");
    }
}
