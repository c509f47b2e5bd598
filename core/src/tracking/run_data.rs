//! What the compare, run and experiment pages need besides the diff table: which F1 threshold applies to a
//! run, how many history points to ask the server for, and histories grouped by run.

use crate::api::{Run, Tag};
use crate::chart::Threshold;
use crate::config::Config;
use crate::format::format_metric;
use crate::tracking::query::{quote_literal, SearchExperimentsRequest, SearchRunsRequest};

/// The tag naming the registered model a run (or every run of an experiment) trains; it picks the F1
/// threshold from config.json's `thresholds`.
pub const MODEL_TAG: &str = "pulse.model";

/// Most runs compared at once: `metrics/get-history-bulk-interval` takes at most 100 runs a call.
pub const MAX_COMPARED_RUNS: usize = 100;

/// Most history points per run and call the server samples (`metrics/get-history-bulk-interval`).
pub const MAX_POINTS_PER_RUN: u32 = 2_500;

/// Most finished runs the experiment page's F1-over-time chart reads.
pub const TIMELINE_RUNS: u32 = 1_000;

/// The model a run trains: its own `pulse.model` tag, else its experiment's.
pub fn model_of<'a>(run: &'a Run, experiment_tags: &'a [Tag]) -> Option<&'a str> {
    run.tag(MODEL_TAG)
        .or_else(|| {
            experiment_tags
                .iter()
                .find(|t| t.key == MODEL_TAG)
                .map(|t| t.value.as_str())
        })
        .map(str::trim)
        .filter(|m| !m.is_empty())
}

/// Threshold lines for `metric` over the given models: only the F1 metric has thresholds, one line per
/// distinct model with a configured threshold.
pub fn thresholds_for<'a>(
    cfg: &Config,
    metric: &str,
    models: impl IntoIterator<Item = Option<&'a str>>,
) -> Vec<Threshold> {
    if metric != cfg.f1_metric {
        return Vec::new();
    }
    let mut names: Vec<&str> = models.into_iter().flatten().collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .filter_map(|m| {
            let value = *cfg.thresholds.get(m)?;
            Some(Threshold {
                label: format!("{m} threshold {}", format_metric(value)),
                value,
            })
        })
        .collect()
}

/// How many points per run to ask for: the server's maximum for a few runs, fewer as runs add up, so one
/// response stays around 50,000 points.
pub fn points_per_run(runs: usize) -> u32 {
    let share = 50_000 / runs.max(1) as u32;
    share.clamp(320, MAX_POINTS_PER_RUN)
}

/// Experiments read to find compared runs in one `runs/search` (MLflow's maximum page); runs of experiments
/// beyond it are read one by one.
pub const COMPARE_EXPERIMENTS: u32 = 1_000;

/// Every experiment (deleted ones too), to search the compared runs in.
pub fn compare_experiments_request() -> SearchExperimentsRequest {
    let mut req = SearchExperimentsRequest::new("", true, None);
    req.max_results = COMPARE_EXPERIMENTS;
    req
}

/// One `runs/search` for the given runs across the given experiments, deleted runs included: two requests
/// in all, however many runs, instead of one `runs/get` per run.
pub fn runs_by_id_request(experiment_ids: Vec<String>, run_ids: &[String]) -> SearchRunsRequest {
    let ids: Vec<String> = run_ids.iter().map(|id| quote_literal(id)).collect();
    let mut req = SearchRunsRequest::new(
        "",
        &format!("attributes.run_id IN ({})", ids.join(", ")),
        None,
        None,
    );
    req.experiment_ids = experiment_ids;
    req.max_results = run_ids.len().clamp(1, 1_000) as u32;
    req.run_view_type = "ALL";
    req
}

/// The experiment page's F1-over-time query: the latest finished runs, newest first.
pub fn timeline_request(experiment_id: &str) -> SearchRunsRequest {
    let mut req =
        SearchRunsRequest::new(experiment_id, "attributes.status = 'FINISHED'", None, None);
    req.order_by = vec!["attributes.start_time DESC".to_owned()];
    req.max_results = TIMELINE_RUNS;
    req
}

/// The line above an experiment's timeline: how many finished runs it draws from (the latest
/// [`TIMELINE_RUNS`] at most).
pub fn finished_summary(runs: usize) -> String {
    if runs as u64 >= u64::from(TIMELINE_RUNS) {
        format!("The latest {TIMELINE_RUNS} finished runs")
    } else {
        format!("{runs} finished runs")
    }
}

/// How many experiments the runs come from.
pub fn experiment_count(runs: &[Run]) -> usize {
    let mut ids: Vec<&str> = runs.iter().map(|r| r.info.experiment_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// The line above a comparison, e.g. `3 runs from 2 experiments`.
pub fn compared_summary(runs: &[Run]) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{} from {}",
        plural(runs.len(), "run"),
        plural(experiment_count(runs), "experiment")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finished_summaries() {
        for (n, want) in [
            (0, "0 finished runs"),
            (1, "1 finished runs"),
            (999, "999 finished runs"),
            (1_000, "The latest 1000 finished runs"),
            (1_001, "The latest 1000 finished runs"),
        ] {
            assert_eq!(finished_summary(n), want);
        }
    }

    #[test]
    fn experiment_counts_and_summary() {
        let in_exp = |e: &str| {
            let mut r = Run::default();
            r.info.experiment_id = e.to_owned();
            r
        };
        for (experiments, count, summary) in [
            (vec![], 0, "0 runs from 0 experiments"),
            (vec!["1"], 1, "1 run from 1 experiment"),
            (vec!["1", "1"], 1, "2 runs from 1 experiment"),
            (vec!["2", "1", "2"], 2, "3 runs from 2 experiments"),
        ] {
            let runs: Vec<Run> = experiments.into_iter().map(in_exp).collect();
            assert_eq!(experiment_count(&runs), count);
            assert_eq!(compared_summary(&runs), summary);
        }
    }

    fn run_with_tag(tag: Option<&str>) -> Run {
        let mut run = Run::default();
        if let Some(v) = tag {
            run.data.tags.push(Tag {
                key: MODEL_TAG.into(),
                value: v.into(),
            });
        }
        run
    }

    #[test]
    fn models_and_thresholds() {
        let exp = vec![Tag {
            key: MODEL_TAG.into(),
            value: "video_classification_model".into(),
        }];
        let own = run_with_tag(Some("text_classification_model"));
        let bare = run_with_tag(None);
        assert_eq!(model_of(&own, &exp), Some("text_classification_model"));
        assert_eq!(model_of(&bare, &exp), Some("video_classification_model"));
        assert_eq!(model_of(&bare, &[]), None);
        assert_eq!(model_of(&run_with_tag(Some("  ")), &[]), None);

        let cfg = crate::config::demo_config();
        let lines = thresholds_for(
            &cfg,
            "eval_f1",
            [
                Some("text_classification_model"),
                None,
                Some("unknown"),
                Some("text_classification_model"),
            ],
        );
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].value, 0.75);
        assert_eq!(lines[0].label, "text_classification_model threshold 0.75");
        assert!(thresholds_for(&cfg, "eval_loss", [Some("text_classification_model")]).is_empty());
        let two = thresholds_for(
            &cfg,
            "eval_f1",
            [
                Some("video_classification_model"),
                Some("fusion_multimodal_model"),
            ],
        );
        assert_eq!(
            two.iter().map(|t| t.value).collect::<Vec<_>>(),
            vec![0.8, 0.7]
        );
    }

    #[test]
    fn points_and_grouping() {
        assert_eq!(points_per_run(1), 2_500);
        assert_eq!(points_per_run(10), 2_500);
        assert_eq!(points_per_run(50), 1_000);
        assert_eq!(points_per_run(100), 500);
        assert_eq!(points_per_run(0), 2_500);
        let req = runs_by_id_request(vec!["1".into(), "2".into()], &["ab".into(), "c'd".into()]);
        assert_eq!(
            req.filter.as_deref(),
            Some("attributes.run_id IN ('ab', 'c\\'d')")
        );
        assert_eq!((req.max_results, req.run_view_type), (2, "ALL"));
        assert_eq!(req.experiment_ids, vec!["1", "2"]);
        assert_eq!(compare_experiments_request().view_type, "ALL");
        let req = timeline_request("7");
        assert_eq!(req.max_results, 1_000);
        assert_eq!(
            req.filter.as_deref(),
            Some("attributes.status = 'FINISHED'")
        );
    }
}
