//! The reads behind the view of several experiments side by side, each a few requests in parallel.

use std::collections::BTreeMap;

use futures::future::join_all;
use pulse_core::api::{ApiError, Experiment};
use pulse_core::config::Config;
use pulse_core::tracking::diff::Direction;
use pulse_core::tracking::experiments_compare::{
    best_of_each, ranked_runs_request, recent_runs_request, serving_holder, BestRow,
    ExperimentRuns, Holder,
};
use pulse_core::tracking::run_data::compare_experiments_request;

use super::{get_experiment, get_registered_model, search_experiments, search_runs, version_f1_of};

/// The view's experiments in selection order, None where MLflow has no experiment with that id: one
/// `experiments/search` (deleted ones too), then `experiments/get` for any id it did not return.
pub async fn load_experiments(
    cfg: &Config,
    ids: &[String],
) -> Result<Vec<(String, Option<Experiment>)>, ApiError> {
    let mut known: BTreeMap<String, Experiment> =
        search_experiments(cfg, &compare_experiments_request())
            .await?
            .experiments
            .into_iter()
            .map(|e| (e.experiment_id.clone(), e))
            .collect();
    let rest: Vec<&String> = ids.iter().filter(|id| !known.contains_key(*id)).collect();
    for (id, got) in rest
        .iter()
        .zip(join_all(rest.iter().map(|id| get_experiment(cfg, id))).await)
    {
        match got {
            Ok(r) => {
                known.insert((*id).clone(), r.experiment);
            }
            Err(ApiError::NotFound { .. }) | Err(ApiError::Mlflow { status: 400, .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(ids
        .iter()
        .map(|id| (id.clone(), known.get(id).cloned()))
        .collect())
}

/// Everything the best-of-each section shows.
#[derive(Clone, Debug)]
pub struct BestOfEach {
    /// What was read per experiment, in selection order.
    pub sides: Vec<ExperimentRuns>,
    /// One row per experiment, in selection order.
    pub rows: Vec<BestRow>,
    /// The version serving each row's model, by model name, or why the registry could not say; a model
    /// nothing serves is not in it.
    pub holders: BTreeMap<String, Result<Holder, ApiError>>,
    /// The metric the rows rank by.
    pub metric: String,
    /// Which way it improves.
    pub direction: Direction,
}

/// Per experiment its latest runs and its runs in `metric`'s order (two `runs/search` in parallel, all
/// experiments at once), then the serving version of each model with its F1.
pub async fn load_best_of_each(
    cfg: &Config,
    experiments: Vec<(String, Option<Experiment>)>,
    metric: &str,
    direction: Direction,
) -> Result<BestOfEach, ApiError> {
    let sides = join_all(
        experiments
            .into_iter()
            .map(|(id, e)| load_side(cfg, id, e, metric, direction)),
    )
    .await
    .into_iter()
    .collect::<Result<Vec<_>, _>>()?;
    let rows = best_of_each(&sides, cfg, metric, direction);
    let mut models: Vec<String> = rows.iter().filter_map(|r| r.model.clone()).collect();
    models.sort();
    models.dedup();
    let holders = join_all(models.iter().map(|m| load_holder(cfg, m))).await;
    let holders = models
        .into_iter()
        .zip(holders)
        .filter_map(|(m, h)| Some((m, h.transpose()?)))
        .collect();
    Ok(BestOfEach {
        sides,
        rows,
        holders,
        metric: metric.to_owned(),
        direction,
    })
}

async fn load_side(
    cfg: &Config,
    id: String,
    experiment: Option<Experiment>,
    metric: &str,
    direction: Direction,
) -> Result<ExperimentRuns, ApiError> {
    let Some(e) = experiment else {
        return Ok(ExperimentRuns {
            id,
            ..Default::default()
        });
    };
    let deleted = e.is_deleted();
    let (recent_req, ranked_req) = (
        recent_runs_request(&id, deleted),
        ranked_runs_request(&id, metric, direction, deleted),
    );
    let (recent, ranked) =
        futures::join!(search_runs(cfg, &recent_req), search_runs(cfg, &ranked_req));
    let recent = recent?;
    Ok(ExperimentRuns {
        id,
        experiment: Some(e),
        more: recent.next_page_token.is_some(),
        recent: recent.runs,
        ranked: ranked?.runs,
    })
}

/// The version serving a model and its F1; None when nothing serves it.
async fn load_holder(cfg: &Config, model: &str) -> Result<Option<Holder>, ApiError> {
    let m = get_registered_model(cfg, model).await?.registered_model;
    let Some(mut holder) = serving_holder(&m) else {
        return Ok(None);
    };
    holder.f1 = version_f1_of(cfg, model, &holder.version, &m.latest_versions)
        .await
        .ok()
        .flatten();
    Ok(Some(holder))
}
