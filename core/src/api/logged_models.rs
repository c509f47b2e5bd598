use serde::Deserialize;

use super::metrics::Metric;
use super::runs::{Param, Tag};

/// Identity of an MLflow 3 logged model.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct LoggedModelInfo {
    /// Id such as `m-1db1...`.
    #[serde(default)]
    pub model_id: String,
    /// Experiment holding it.
    #[serde(default)]
    pub experiment_id: String,
    /// Name given when logging.
    #[serde(default)]
    pub name: String,
    /// Creation, in milliseconds since the epoch.
    #[serde(default)]
    pub creation_timestamp_ms: Option<i64>,
    /// Last update, in milliseconds since the epoch.
    #[serde(default)]
    pub last_updated_timestamp_ms: Option<i64>,
    /// `LOGGED_MODEL_READY` and so on.
    #[serde(default)]
    pub status: String,
    /// The run that logged it.
    #[serde(default)]
    pub source_run_id: String,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// Metrics and params of a logged model.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct LoggedModelData {
    /// Metrics linked to the model.
    #[serde(default)]
    pub metrics: Vec<Metric>,
    /// Params.
    #[serde(default)]
    pub params: Vec<Param>,
}

/// An MLflow 3 logged model.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct LoggedModel {
    /// Identity.
    #[serde(default)]
    pub info: LoggedModelInfo,
    /// Metrics and params.
    #[serde(default)]
    pub data: LoggedModelData,
}

/// `GET logged-models/{id}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GetLoggedModelResponse {
    /// The model.
    pub model: LoggedModel,
}

/// `POST logged-models/search`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SearchLoggedModelsResponse {
    /// Absent (so empty) when nothing matched.
    #[serde(default)]
    pub models: Vec<LoggedModel>,
    /// Present when more pages follow.
    #[serde(default)]
    pub next_page_token: Option<String>,
}
