//! MLflow REST wire types and the decoding of responses into them.

mod auth;
mod decode;
mod error;
mod experiments;
mod history;
mod history_scan;
mod history_warm;
mod logged_models;
mod metrics;
mod registry;
mod runs;
mod runs_reader;

pub use auth::{
    asks_sign_in, base64, goes_to_mlflow, origin_of, Credentials, CredentialsError, KeptSignIn,
};
pub use decode::{decode_response, decode_text};
pub use error::{ApiError, MlflowErrorBody};
pub use experiments::{Experiment, GetExperimentResponse, SearchExperimentsResponse};
pub use history::{decode_histories, HistoriesByRun};
pub use history_warm::{HistoryWarmUp, WARM_UP_ROUNDS};
pub use logged_models::{
    GetLoggedModelResponse, LoggedModel, LoggedModelData, LoggedModelInfo,
    SearchLoggedModelsResponse,
};
pub(crate) use metrics::unclamp;
pub use metrics::{metric_text, metric_value, Metric, MetricHistoryResponse};
pub use registry::{
    follow_token, EmptyResponse, GetLatestVersionsResponse, GetModelVersionResponse,
    GetRegisteredModelResponse, ModelVersion, RegisteredModel, RegisteredModelAlias,
    SearchModelVersionsResponse, SearchRegisteredModelsResponse,
};
pub use runs::{
    is_system_tag, GetRunResponse, Param, Run, RunData, RunInfo, SearchRunsResponse, Tag,
};
pub use runs_reader::RunsReader;

/// A recorded MLflow answer from `tests/fixtures`, for the decoders' unit tests.
#[cfg(test)]
pub(crate) fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}
