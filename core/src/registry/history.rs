//! The promotion history Pulse keeps in model-version tags, since MLflow keeps none.

use serde::{Deserialize, Serialize};

use crate::api::ModelVersion;

/// Prefix of the model-version tags that record promotions: `pulse.promotion.<milliseconds>`.
pub const HISTORY_TAG_PREFIX: &str = "pulse.promotion.";

/// One promotion as recorded in a version tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When, in milliseconds since the epoch.
    pub at: i64,
    /// The model.
    pub model: String,
    /// The version that was moved.
    pub version: String,
    /// `stage:Production`, `alias:champion`, `unalias:champion`…
    pub action: String,
    /// The version that held the target before, if any.
    #[serde(default)]
    pub from: Option<String>,
    /// F1 of the moved version.
    #[serde(default)]
    pub f1: Option<f64>,
    /// F1 of the previous holder.
    #[serde(default)]
    pub from_f1: Option<f64>,
    /// The threshold at the time.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Whether the user overrode a concern.
    #[serde(default)]
    pub overridden: bool,
    /// The comment typed in the dialog.
    #[serde(default)]
    pub comment: String,
}

impl HistoryEntry {
    /// The tag key and value to write on the moved version.
    pub fn to_tag(&self) -> (String, String) {
        let value = serde_json::to_string(self).unwrap_or_default();
        (format!("{HISTORY_TAG_PREFIX}{}", self.at), value)
    }
}

/// Every recorded promotion of a model, newest first; unreadable tags are skipped.
pub fn history(versions: &[ModelVersion]) -> Vec<HistoryEntry> {
    let mut out: Vec<HistoryEntry> = versions
        .iter()
        .flat_map(|v| v.tags.iter())
        .filter(|t| t.key.starts_with(HISTORY_TAG_PREFIX))
        .filter_map(|t| serde_json::from_str(&t.value).ok())
        .collect();
    out.sort_by_key(|e| std::cmp::Reverse(e.at));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Tag;

    #[test]
    fn history_round_trips_through_tags() {
        let entry = HistoryEntry {
            at: 1_700_000_000_000,
            model: "m".into(),
            version: "3".into(),
            action: "stage:Production".into(),
            from: Some("2".into()),
            f1: Some(0.9),
            from_f1: Some(0.85),
            threshold: Some(0.75),
            overridden: false,
            comment: "weekly retrain <b>".into(),
        };
        let (key, value) = entry.to_tag();
        assert_eq!(key, "pulse.promotion.1700000000000");
        let mut older = entry.clone();
        older.at -= 1000;
        let (okey, ovalue) = older.to_tag();
        let versions = vec![
            ModelVersion {
                tags: vec![Tag {
                    key: okey,
                    value: ovalue,
                }],
                ..Default::default()
            },
            ModelVersion {
                tags: vec![
                    Tag { key, value },
                    Tag {
                        key: "pulse.promotion.1".into(),
                        value: "not json".into(),
                    },
                ],
                ..Default::default()
            },
        ];
        assert_eq!(history(&versions), vec![entry, older]);
    }
}
