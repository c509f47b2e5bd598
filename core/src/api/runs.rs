use serde::Deserialize;

use super::metrics::Metric;

/// A key/value tag on a run, experiment, model or version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Tag {
    /// Tag name; names starting with `mlflow.` are MLflow's own.
    #[serde(default)]
    pub key: String,
    /// Tag value, free text from users.
    #[serde(default)]
    pub value: String,
}

/// Whether a tag is MLflow's own (`mlflow.runName`, `mlflow.user`, …) rather than a user's.
pub fn is_system_tag(key: &str) -> bool {
    key.starts_with("mlflow.")
}

/// A run parameter; MLflow stores every value as a string.
pub type Param = Tag;

/// `info` of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct RunInfo {
    /// Run id (32 hex characters on a stock server).
    #[serde(default)]
    pub run_id: String,
    /// The experiment holding the run.
    #[serde(default)]
    pub experiment_id: String,
    /// Display name; may be empty on old runs.
    #[serde(default)]
    pub run_name: String,
    /// Who started the run.
    #[serde(default)]
    pub user_id: String,
    /// `RUNNING`, `SCHEDULED`, `FINISHED`, `FAILED` or `KILLED`.
    #[serde(default)]
    pub status: String,
    /// Start, in milliseconds since the epoch.
    #[serde(default)]
    pub start_time: Option<i64>,
    /// End, absent while the run is running.
    #[serde(default)]
    pub end_time: Option<i64>,
    /// Where artifacts live.
    #[serde(default)]
    pub artifact_uri: String,
    /// `active` or `deleted`.
    #[serde(default)]
    pub lifecycle_stage: String,
}

/// `data` of a run: the latest value of each metric, params and tags.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct RunData {
    /// Latest value per metric key.
    #[serde(default)]
    pub metrics: Vec<Metric>,
    /// Parameters.
    #[serde(default)]
    pub params: Vec<Param>,
    /// Tags, including MLflow's `mlflow.*` system tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// A run as `runs/get` and `runs/search` return it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Run {
    /// Identity, status and times.
    #[serde(default)]
    pub info: RunInfo,
    /// Metrics, params and tags.
    #[serde(default)]
    pub data: RunData,
}

/// The tag that links a nested run to its parent.
pub const PARENT_RUN_TAG: &str = "mlflow.parentRunId";

impl Run {
    /// The latest value of a metric, if the run logged it.
    pub fn metric(&self, key: &str) -> Option<f64> {
        self.data
            .metrics
            .iter()
            .find(|m| m.key == key)
            .map(|m| m.value)
    }

    /// A parameter's value, if set.
    pub fn param(&self, key: &str) -> Option<&str> {
        find(&self.data.params, key)
    }

    /// A tag's value, if set.
    pub fn tag(&self, key: &str) -> Option<&str> {
        find(&self.data.tags, key)
    }

    /// The parent run id of a nested run.
    pub fn parent_id(&self) -> Option<&str> {
        self.tag(PARENT_RUN_TAG).filter(|p| !p.is_empty())
    }

    /// A name to show: the run name, else the `mlflow.runName` tag, else the id.
    pub fn display_name(&self) -> &str {
        [
            self.info.run_name.as_str(),
            self.tag("mlflow.runName").unwrap_or(""),
        ]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .unwrap_or(&self.info.run_id)
    }

    /// Whether the run is still going (MLflow may still report an `end_time` for it).
    pub fn is_active(&self) -> bool {
        matches!(self.info.status.as_str(), "RUNNING" | "SCHEDULED")
    }

    /// Wall-clock duration in milliseconds, when the run has ended.
    pub fn duration_ms(&self) -> Option<i64> {
        if self.is_active() {
            return None;
        }
        match (self.info.start_time, self.info.end_time) {
            (Some(s), Some(e)) if e >= s => Some(e - s),
            _ => None,
        }
    }
}

fn find<'a>(tags: &'a [Tag], key: &str) -> Option<&'a str> {
    tags.iter().find(|t| t.key == key).map(|t| t.value.as_str())
}

/// `POST runs/search`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SearchRunsResponse {
    /// Absent (so empty) when nothing matched.
    #[serde(default)]
    pub runs: Vec<Run>,
    /// Present when more pages follow.
    #[serde(default)]
    pub next_page_token: Option<String>,
}

/// `GET runs/get`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GetRunResponse {
    /// The run.
    pub run: Run,
}
