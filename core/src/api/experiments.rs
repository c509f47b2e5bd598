use serde::Deserialize;

use super::runs::{is_system_tag, Tag};

/// An MLflow experiment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Experiment {
    /// Numeric id as a string.
    #[serde(default)]
    pub experiment_id: String,
    /// Unique name.
    #[serde(default)]
    pub name: String,
    /// Where artifacts of its runs go.
    #[serde(default)]
    pub artifact_location: String,
    /// `active` or `deleted`.
    #[serde(default)]
    pub lifecycle_stage: String,
    /// Last update, in milliseconds since the epoch.
    #[serde(default)]
    pub last_update_time: Option<i64>,
    /// Creation, in milliseconds since the epoch.
    #[serde(default)]
    pub creation_time: Option<i64>,
    /// Tags, including `mlflow.note.content` (the description).
    #[serde(default)]
    pub tags: Vec<Tag>,
}

impl Experiment {
    /// Whether the experiment is in the trash.
    pub fn is_deleted(&self) -> bool {
        self.lifecycle_stage == "deleted"
    }

    /// The description MLflow keeps in the `mlflow.note.content` tag.
    pub fn description(&self) -> Option<&str> {
        self.tags
            .iter()
            .find(|t| t.key == "mlflow.note.content")
            .map(|t| t.value.as_str())
    }

    /// Tags written by users, without MLflow's own.
    pub fn user_tags(&self) -> impl Iterator<Item = &Tag> {
        self.tags.iter().filter(|t| !is_system_tag(&t.key))
    }
}

/// `POST experiments/search`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct SearchExperimentsResponse {
    /// Absent (so empty) when nothing matched.
    #[serde(default)]
    pub experiments: Vec<Experiment>,
    /// Present when more pages follow.
    #[serde(default)]
    pub next_page_token: Option<String>,
}

/// `GET experiments/get` and `experiments/get-by-name`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GetExperimentResponse {
    /// The experiment.
    pub experiment: Experiment,
}
