//! One function per MLflow REST endpoint.

use std::cell::Cell;

use pulse_core::api::{
    decode_histories, ApiError, Credentials, GetExperimentResponse, GetRunResponse, HistoriesByRun,
    HistoryWarmUp, RunsReader, SearchExperimentsResponse, SearchRunsResponse, WARM_UP_ROUNDS,
};
use pulse_core::config::Config;
use pulse_core::tracking::query::{SearchExperimentsRequest, SearchRunsRequest};

use super::http::{get_json, get_json_as, get_text, get_timed, search_decoded, search_json};
use crate::time::next_task;

/// `POST /api/2.0/mlflow/experiments/search`
pub async fn search_experiments(
    cfg: &Config,
    req: &SearchExperimentsRequest,
) -> Result<SearchExperimentsResponse, ApiError> {
    search_json(&cfg.api_url("experiments/search"), req).await
}

/// `GET /api/2.0/mlflow/experiments/get`
pub async fn get_experiment(cfg: &Config, id: &str) -> Result<GetExperimentResponse, ApiError> {
    get_json(&cfg.api_url("experiments/get"), &[("experiment_id", id)]).await
}

/// Runs decoded in one task when a `runs/search` answer is read in parts: about 1.2 ms natively, under the 12.5 ms
/// at which a task counts as blocking in Lighthouse's mobile run.
const RUNS_PER_TASK: usize = 200;

/// `POST /api/2.0/mlflow/runs/search`, its runs decoded [`RUNS_PER_TASK`] a task rather than all in the task the
/// answer arrives in: a page of a thousand runs is about 1.5 MB of JSON (the timeline's, a large experiment's
/// later pages). A page of up to [`RUNS_PER_TASK`] runs (the runs table's first) is one part, with no task between.
pub async fn search_runs(
    cfg: &Config,
    req: &SearchRunsRequest,
) -> Result<SearchRunsResponse, ApiError> {
    let mut reader = search_decoded(&cfg.api_url("runs/search"), req, RunsReader::new).await?;
    let mut runs = reader.next_part(RUNS_PER_TASK)?;
    while !reader.done() {
        next_task().await;
        runs.extend(reader.next_part(RUNS_PER_TASK)?);
    }
    Ok(SearchRunsResponse {
        runs,
        next_page_token: reader.next_page_token().map(str::to_owned),
    })
}

/// `GET /api/2.0/mlflow/runs/get`
pub async fn get_run(cfg: &Config, run_id: &str) -> Result<GetRunResponse, ApiError> {
    get_json(&cfg.api_url("runs/get"), &[("run_id", run_id)]).await
}

/// `GET /api/2.0/mlflow/metrics/get-history-bulk-interval`: one metric's history for up to 100 runs,
/// sampled by the server to at most `max_results` points per run.
pub async fn get_history_bulk_interval(
    cfg: &Config,
    run_ids: &[String],
    metric: &str,
    max_results: u32,
) -> Result<HistoriesByRun, ApiError> {
    let max = max_results.to_string();
    let mut query: Vec<(&str, &str)> = run_ids.iter().map(|id| ("run_ids", id.as_str())).collect();
    query.push(("metric_key", metric));
    query.push(("max_results", &max));
    warm_history_decoder();
    // `make bench` reads the decoding time of these (the largest bodies Pulse decodes) from this measure.
    get_timed(
        &cfg.api_url("metrics/get-history-bulk-interval"),
        &query,
        "pulse:history:decode",
        decode_histories,
    )
    .await
}

thread_local! {
    static WARMED: Cell<bool> = const { Cell::new(false) };
}

/// Once per page load, while the first history downloads: the decoder runs on a made-up body, a round per task,
/// so the browser has its optimised code by the time the real body arrives (see [`HistoryWarmUp`]).
fn warm_history_decoder() {
    if WARMED.with(|w| w.replace(true)) {
        return;
    }
    leptos::task::spawn_local(async {
        let warm = HistoryWarmUp::new();
        for _ in 0..WARM_UP_ROUNDS {
            warm.round();
            next_task().await;
        }
    });
}

/// `GET /health`: `OK` when the server is up.
pub async fn health(cfg: &Config) -> Result<String, ApiError> {
    get_text(&cfg.server_url("/health")).await
}

/// `GET /version`: the MLflow version string.
pub async fn version(cfg: &Config) -> Result<String, ApiError> {
    get_text(&cfg.server_url("/version")).await
}

/// `GET /api/2.0/mlflow/experiments/search?max_results=1` with `credentials`: whether MLflow accepts them
/// (every MLflow answers this, with basic-auth or behind a proxy asking for HTTP Basic; a user without
/// permission to list experiments still signed in correctly, so a 403 counts as accepted).
pub async fn check_credentials(cfg: &Config, credentials: &Credentials) -> Result<(), ApiError> {
    let url = cfg.api_url("experiments/search");
    let answer: Result<SearchExperimentsResponse, ApiError> =
        get_json_as(&url, &[("max_results", "1")], &credentials.authorization).await;
    match answer {
        Ok(_) | Err(ApiError::Forbidden { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}
