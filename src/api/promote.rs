//! A promotion as one careful sequence: re-read the registry, stop on a conflict, write once, record the
//! history tag, and re-read to report what MLflow now says.

use pulse_core::api::ApiError;
use pulse_core::config::Config;
use pulse_core::registry::history::HistoryEntry;
use pulse_core::registry::promotion::{decide, Decision, Review, Target};

use super::registry::{delete_alias, load_registry, set_alias, set_version_tag, transition_stage};

/// How a confirmed promotion ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Written. `holder_now` is who MLflow says holds the target after the write.
    Done {
        /// The holder re-read after writing.
        holder_now: Option<String>,
        /// Set when the write worked but the history tag could not be written.
        history_error: Option<ApiError>,
    },
    /// The registry changed since the dialog opened; nothing was written.
    Conflict {
        /// The holder the dialog showed.
        shown: Option<String>,
        /// The holder MLflow has now.
        now: Option<String>,
    },
    /// A concern needs the override box ticked; nothing was written.
    NeedsOverride,
}

/// What the user confirmed in the dialog.
#[derive(Debug, Clone)]
pub struct PromoteRequest {
    /// The model.
    pub model: String,
    /// The reviewed change.
    pub review: Review,
    /// For stage moves: archive the versions that hold the stage now.
    pub archive_existing: bool,
    /// The override box.
    pub overridden: bool,
    /// Free text for the history.
    pub comment: String,
}

/// Carries out a confirmed promotion.
pub async fn promote(cfg: &Config, req: &PromoteRequest) -> Result<Outcome, ApiError> {
    let (name, review) = (req.model.as_str(), &req.review);
    let before = load_registry(cfg, name).await?;
    let holders_now = review.target.holders(&before.model, &before.versions);
    match decide(review, &holders_now, req.overridden) {
        Decision::Conflict { shown, now } => return Ok(Outcome::Conflict { shown, now }),
        Decision::NeedsOverride => return Ok(Outcome::NeedsOverride),
        Decision::Proceed => {}
    }
    let version = review.candidate.as_str();
    match (&review.target, review.removal) {
        (Target::Stage(stage), _) => {
            transition_stage(cfg, name, version, stage, req.archive_existing).await?;
        }
        (Target::Alias(alias), false) => {
            set_alias(cfg, name, alias, version).await?;
        }
        (Target::Alias(alias), true) => {
            delete_alias(cfg, name, alias).await?;
        }
    }
    let entry = HistoryEntry {
        at: js_sys::Date::now() as i64,
        model: name.to_owned(),
        version: version.to_owned(),
        action: review.action(),
        from: review.holder.clone(),
        f1: review.candidate_f1,
        from_f1: review.holder_f1,
        threshold: review.threshold,
        overridden: req.overridden,
        comment: req.comment.trim().to_owned(),
    };
    let (key, value) = entry.to_tag();
    let history_error = set_version_tag(cfg, name, version, &key, &value)
        .await
        .err();
    let after = load_registry(cfg, name).await?;
    Ok(Outcome::Done {
        holder_now: after.holder(&review.target),
        history_error,
    })
}
