//! One function per MLflow REST endpoint.

use pulse_core::api::{
    ApiError, GetExperimentResponse, GetRunResponse, SearchExperimentsResponse, SearchRunsResponse,
};
use pulse_core::config::Config;
use pulse_core::query::{SearchExperimentsRequest, SearchRunsRequest};

use super::http::{get_json, get_text, search_json};

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

/// `POST /api/2.0/mlflow/runs/search`
pub async fn search_runs(
    cfg: &Config,
    req: &SearchRunsRequest,
) -> Result<SearchRunsResponse, ApiError> {
    search_json(&cfg.api_url("runs/search"), req).await
}

/// `GET /api/2.0/mlflow/runs/get`
pub async fn get_run(cfg: &Config, run_id: &str) -> Result<GetRunResponse, ApiError> {
    get_json(&cfg.api_url("runs/get"), &[("run_id", run_id)]).await
}

/// `GET /health`: `OK` when the server is up.
pub async fn health(cfg: &Config) -> Result<String, ApiError> {
    get_text(&cfg.server_url("/health")).await
}

/// `GET /version`: the MLflow version string.
pub async fn version(cfg: &Config) -> Result<String, ApiError> {
    get_text(&cfg.server_url("/version")).await
}
