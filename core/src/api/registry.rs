use serde::Deserialize;

use super::runs::Tag;

/// A version of a registered model.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ModelVersion {
    /// The registered model's name.
    #[serde(default)]
    pub name: String,
    /// Version number as a string (`"4"`).
    #[serde(default)]
    pub version: String,
    /// Creation, in milliseconds since the epoch.
    #[serde(default)]
    pub creation_timestamp: Option<i64>,
    /// Last update, in milliseconds since the epoch.
    #[serde(default)]
    pub last_updated_timestamp: Option<i64>,
    /// `None`, `Staging`, `Production` or `Archived`.
    #[serde(default)]
    pub current_stage: String,
    /// Free text.
    #[serde(default)]
    pub description: String,
    /// Model source URI.
    #[serde(default)]
    pub source: String,
    /// The run that produced it, when known.
    #[serde(default)]
    pub run_id: String,
    /// `READY`, `PENDING_REGISTRATION` or `FAILED_REGISTRATION`.
    #[serde(default)]
    pub status: String,
    /// Version tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// Aliases; `model-versions/search` omits them.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// An alias of a registered model and the version it points at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct RegisteredModelAlias {
    /// Alias name, e.g. `champion`.
    #[serde(default)]
    pub alias: String,
    /// Version it points at.
    #[serde(default)]
    pub version: String,
}

/// A registered model.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct RegisteredModel {
    /// Unique name.
    #[serde(default)]
    pub name: String,
    /// Creation, in milliseconds since the epoch.
    #[serde(default)]
    pub creation_timestamp: Option<i64>,
    /// Last update, in milliseconds since the epoch.
    #[serde(default)]
    pub last_updated_timestamp: Option<i64>,
    /// Free text.
    #[serde(default)]
    pub description: String,
    /// The newest version per stage.
    #[serde(default)]
    pub latest_versions: Vec<ModelVersion>,
    /// Aliases and their versions.
    #[serde(default)]
    pub aliases: Vec<RegisteredModelAlias>,
    /// Model tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `GET registered-models/search`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct SearchRegisteredModelsResponse {
    /// Absent (so empty) when nothing matched.
    #[serde(default)]
    pub registered_models: Vec<RegisteredModel>,
    /// Present when more pages follow.
    #[serde(default)]
    pub next_page_token: Option<String>,
}

/// `GET registered-models/get`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GetRegisteredModelResponse {
    /// The model.
    pub registered_model: RegisteredModel,
}

/// `POST registered-models/get-latest-versions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct GetLatestVersionsResponse {
    /// The newest version per requested stage.
    #[serde(default)]
    pub model_versions: Vec<ModelVersion>,
}

/// `GET model-versions/search`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct SearchModelVersionsResponse {
    /// Absent (so empty) when nothing matched; carries no aliases.
    #[serde(default)]
    pub model_versions: Vec<ModelVersion>,
    /// Present when more pages follow.
    #[serde(default)]
    pub next_page_token: Option<String>,
}

/// The token of the page after one asked with `asked`: MLflow's `next_page_token` when it names a page, and not
/// the one just asked (a server that keeps answering the same token would page for ever).
pub fn follow_token(asked: Option<&str>, next: Option<String>) -> Option<String> {
    next.filter(|t| !t.is_empty() && Some(t.as_str()) != asked)
}

/// `GET model-versions/get`, `registered-models/alias` (get by alias) and `transition-stage`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GetModelVersionResponse {
    /// The version.
    pub model_version: ModelVersion,
}

/// The `{}` that writes such as setting or deleting an alias return.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct EmptyResponse {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_followed_until_the_last_page() {
        assert_eq!(follow_token(None, Some("a".into())).as_deref(), Some("a"));
        assert_eq!(
            follow_token(Some("a"), Some("b".into())).as_deref(),
            Some("b")
        );
        assert_eq!(
            follow_token(Some("a"), Some("a".into())),
            None,
            "the same page again"
        );
        assert_eq!(follow_token(Some("a"), Some(String::new())), None);
        assert_eq!(follow_token(Some("a"), None), None);
    }
}
