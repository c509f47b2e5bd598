//! A promotion from the dialog to the registry, as data: what the dialog says before the user confirms,
//! the one write a confirmation sends, the history entry it records, and the words for how it ended. The
//! UI's promote sequence (`src/api/promote.rs`) only carries these out.

use super::history::HistoryEntry;
use super::model_state::ModelState;
use super::promotion::{decide, Decision, Review, Target};
use super::stage::Stage;
use crate::api::ApiError;
use crate::format::{format_delta, format_metric};

fn f1_text(v: Option<f64>) -> String {
    v.map_or_else(|| "unknown".to_owned(), format_metric)
}

fn version_or(v: &Option<String>, none: &str) -> String {
    v.as_ref()
        .map_or_else(|| none.to_owned(), |v| format!("version {v}"))
}

impl Review {
    /// The verb phrase, e.g. "Promote to Production:" or "Move alias @champion to".
    pub fn action_label(&self) -> String {
        match (&self.target, self.removal) {
            (Target::Alias(a), true) => format!("Remove alias @{a} from"),
            (Target::Alias(a), false) => format!("Move alias @{a} to"),
            (Target::Stage(_), _) if self.target.stage() == Some(Stage::Archived) => {
                "Archive".to_owned()
            }
            (Target::Stage(s), _) => format!("Promote to {s}:"),
        }
    }

    /// The dialog's heading (and the promote button's accessible name).
    pub fn title(&self) -> String {
        format!("{} version {}", self.action_label(), self.candidate)
    }

    /// A move to a stage other than `Archived` offers to archive the versions that hold the stage now.
    pub fn offers_archive(&self) -> bool {
        self.target.stage().is_some_and(|s| s != Stage::Archived)
    }

    /// Production has one holder: moving a version there archives the old one unless the user says not to.
    pub fn archives_by_default(&self) -> bool {
        self.target.stage() == Some(Stage::Production)
    }

    /// The archive box's label, naming every version it would archive.
    pub fn archive_label(&self) -> String {
        match &self.holder {
            Some(h) if self.others.is_empty() => {
                format!("Archive the current holder (version {h})")
            }
            Some(h) => format!(
                "Archive every version in this stage now (versions {} and {h})",
                self.others.join(", ")
            ),
            None => "Archive any version that holds this stage".to_owned(),
        }
    }

    /// The "What will change" table: target, holder, candidate, F1 difference and threshold.
    pub fn rows(&self) -> [(&'static str, String); 5] {
        let holder = match &self.holder {
            Some(h) if self.others.is_empty() => {
                format!("version {h} (F1 {})", f1_text(self.holder_f1))
            }
            Some(h) => format!(
                "version {h} (F1 {}); also versions {}",
                f1_text(self.holder_f1),
                self.others.join(", ")
            ),
            None if self.removal => "—".to_owned(),
            None => "nobody".to_owned(),
        };
        let threshold = match (self.threshold, self.passes_threshold()) {
            (Some(t), Some(true)) => format!("{} — passes", format_metric(t)),
            (Some(t), Some(false)) => format!("{} — below threshold", format_metric(t)),
            (Some(t), None) => format!("{} — cannot tell", format_metric(t)),
            (None, _) => "none configured".to_owned(),
        };
        [
            ("Target", self.target.to_string()),
            ("Current holder", holder),
            (
                "Candidate",
                format!(
                    "version {} (F1 {})",
                    self.candidate,
                    f1_text(self.candidate_f1)
                ),
            ),
            (
                "F1 difference",
                self.delta().map_or_else(|| "—".to_owned(), format_delta),
            ),
            ("Threshold", threshold),
        ]
    }
}

/// What the user confirmed in the dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirmation {
    /// The model.
    pub model: String,
    /// The reviewed change.
    pub review: Review,
    /// The archive box (stage moves only).
    pub archive_existing: bool,
    /// The override box.
    pub overridden: bool,
    /// Free text for the history.
    pub comment: String,
}

/// The one registry write a confirmation sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write<'a> {
    /// `transition-stage` of the candidate.
    Stage {
        /// MLflow's stage name.
        stage: &'a str,
        /// `archive_existing_versions`.
        archive_existing: bool,
    },
    /// Points the alias at the candidate.
    SetAlias(&'a str),
    /// Deletes the alias.
    DeleteAlias(&'a str),
}

impl Confirmation {
    /// Given the registry re-read just before writing: the outcome that stops the sequence (a conflict,
    /// or an override still needed), or `None` to go ahead.
    pub fn stop(&self, now: &ModelState) -> Option<Outcome> {
        let holders = now.holders(&self.review.target);
        match decide(&self.review, &holders, self.overridden) {
            Decision::Conflict { shown, now } => Some(Outcome::Conflict { shown, now }),
            Decision::NeedsOverride => Some(Outcome::NeedsOverride),
            Decision::Proceed => None,
        }
    }

    /// The write to send.
    pub fn write(&self) -> Write<'_> {
        match (&self.review.target, self.review.removal) {
            (Target::Stage(stage), _) => Write::Stage {
                stage,
                archive_existing: self.review.offers_archive() && self.archive_existing,
            },
            (Target::Alias(alias), false) => Write::SetAlias(alias),
            (Target::Alias(alias), true) => Write::DeleteAlias(alias),
        }
    }

    /// The history entry recorded on the candidate after the write, at `at` (milliseconds since the epoch).
    pub fn history_entry(&self, at: i64) -> HistoryEntry {
        let review = &self.review;
        HistoryEntry {
            at,
            model: self.model.clone(),
            version: review.candidate.clone(),
            action: review.action(),
            from: review.holder.clone(),
            f1: review.candidate_f1,
            from_f1: review.holder_f1,
            threshold: review.threshold,
            overridden: self.overridden,
            comment: self.comment.trim().to_owned(),
        }
    }

    /// The outcome of a write, given the registry re-read after it (or why it could not be re-read): the
    /// candidate when it holds the target now (a stage can have several holders, Archived many), else who does.
    pub fn done(
        &self,
        after: Result<ModelState, ApiError>,
        history_error: Option<ApiError>,
    ) -> Outcome {
        let (target, candidate) = (&self.review.target, &self.review.candidate);
        let holder_now = after.map(|after| {
            let mut holders = after.holders(target);
            if holders.contains(candidate) && !self.review.removal {
                Some(candidate.clone())
            } else {
                holders.pop()
            }
        });
        Outcome::Done {
            holder_now,
            history_error,
        }
    }

    /// The outcome of a write that did not succeed: an error when MLflow refused it (nothing changed, the
    /// dialog may try again), else [`Outcome::Unsure`] (no answer, or one that cannot be read: it may be in).
    pub fn write_failed(&self, error: ApiError) -> Result<Outcome, ApiError> {
        if error.refused() {
            Err(error)
        } else {
            Ok(Outcome::Unsure { error })
        }
    }
}

/// How a confirmed promotion ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Written. `holder_now` is who MLflow says holds the target after the write.
    Done {
        /// The holder re-read after writing, or why the re-read failed.
        holder_now: Result<Option<String>, ApiError>,
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
    /// The write got no answer that says how it went (a timeout, a lost connection, an unreadable answer):
    /// it may or may not be in the registry.
    Unsure {
        /// What happened to the write.
        error: ApiError,
    },
}

impl Outcome {
    /// After a write or a conflict the dialog is spent: confirming again would act on a stale review.
    pub fn is_final(&self) -> bool {
        !matches!(self, Outcome::NeedsOverride)
    }

    /// Whether the page should re-read the registry.
    pub fn changed_registry(&self) -> bool {
        self.is_final()
    }

    /// What the dialog says, and whether it is an alert (anything but a clean write).
    pub fn message(&self) -> (String, bool) {
        match self {
            Outcome::Done {
                holder_now,
                history_error,
            } => {
                let mut text = match holder_now {
                    Ok(holder) => format!(
                        "Done. MLflow now reports {} for this target.",
                        version_or(holder, "no version")
                    ),
                    Err(e) => format!(
                        "Done: MLflow accepted the change, but re-reading the registry failed ({e}). \
                         Reload the page to see it."
                    ),
                };
                if let Some(e) = history_error {
                    text.push_str(&format!(" The history tag could not be written: {e}"));
                }
                (text, holder_now.is_err())
            }
            Outcome::Unsure { error } => (
                format!(
                    "MLflow did not confirm the change ({error}). It may or may not have been made: \
                     close this dialog and check the registry before trying again."
                ),
                true,
            ),
            Outcome::Conflict { shown, now } => (
                format!(
                    "Conflict: this dialog showed {} as the holder, but MLflow now says {}. \
                     Someone changed the registry; nothing was written. Close and review again.",
                    version_or(shown, "nobody"),
                    version_or(now, "nobody")
                ),
                true,
            ),
            Outcome::NeedsOverride => (
                "Tick the override first; nothing was written.".to_owned(),
                true,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(s: &str) -> Target {
        Target::Stage(s.into())
    }

    fn alias(a: &str) -> Target {
        Target::Alias(a.into())
    }

    fn confirm(review: Review) -> Confirmation {
        Confirmation {
            model: "text_model".into(),
            review,
            archive_existing: true,
            overridden: false,
            comment: "  weekly retrain \n".into(),
        }
    }

    #[test]
    fn labels_and_archive_choices_per_target() {
        let archive_removal = Review::removal("champion", "3", None);
        for (review, label, offers, by_default) in [
            (
                Review::new(stage("Production"), ("3", Some(0.8)), None, None),
                "Promote to Production:",
                true,
                true,
            ),
            (
                Review::new(stage("Staging"), ("3", Some(0.8)), None, None),
                "Promote to Staging:",
                true,
                false,
            ),
            (
                Review::new(stage("Archived"), ("3", None), None, None),
                "Archive",
                false,
                false,
            ),
            (
                Review::new(alias("champion"), ("3", Some(0.8)), None, None),
                "Move alias @champion to",
                false,
                false,
            ),
            (archive_removal, "Remove alias @champion from", false, false),
        ] {
            assert_eq!(review.action_label(), label);
            assert_eq!(review.title(), format!("{label} version 3"));
            assert_eq!(review.offers_archive(), offers, "{label}");
            assert_eq!(review.archives_by_default(), by_default, "{label}");
        }
    }

    #[test]
    fn rows_say_what_changes() {
        let review = Review::new(
            stage("Production"),
            ("3", Some(0.82)),
            Some(("2", Some(0.79))),
            Some(0.8),
        );
        let rows = review.rows();
        let labels: Vec<&str> = rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(
            labels,
            [
                "Target",
                "Current holder",
                "Candidate",
                "F1 difference",
                "Threshold"
            ]
        );
        assert_eq!(rows[0].1, "stage Production");
        assert!(rows[1].1.starts_with("version 2 (F1 0.79"), "{}", rows[1].1);
        assert!(rows[2].1.starts_with("version 3 (F1 0.82"), "{}", rows[2].1);
        assert!(rows[3].1.starts_with('+'), "{}", rows[3].1);
        assert!(rows[4].1.ends_with("— passes"), "{}", rows[4].1);
        assert_eq!(
            review.archive_label(),
            "Archive the current holder (version 2)"
        );

        let below = Review::new(stage("Production"), ("3", Some(0.7)), None, Some(0.8));
        assert_eq!(below.rows()[1].1, "nobody");
        assert!(below.rows()[4].1.ends_with("below threshold"));
        let unknown = Review::new(stage("Production"), ("3", None), None, Some(0.8));
        assert!(unknown.rows()[2].1.ends_with("(F1 unknown)"));
        assert!(unknown.rows()[4].1.ends_with("cannot tell"));
        assert_eq!(unknown.rows()[3].1, "—");
        let alias_move = Review::new(alias("champion"), ("3", Some(0.9)), None, None);
        assert_eq!(alias_move.rows()[4].1, "none configured");
        assert_eq!(Review::removal("champion", "3", None).rows()[1].1, "—");
    }

    #[test]
    fn each_confirmation_sends_one_write() {
        let production = Review::new(stage("Production"), ("3", Some(0.9)), None, None);
        let mut c = confirm(production);
        assert_eq!(
            c.write(),
            Write::Stage {
                stage: "Production",
                archive_existing: true
            }
        );
        c.archive_existing = false;
        assert_eq!(
            c.write(),
            Write::Stage {
                stage: "Production",
                archive_existing: false
            }
        );
        // Archiving never archives others, whatever the (hidden) box says.
        let archive = confirm(Review::new(stage("Archived"), ("3", None), None, None));
        assert_eq!(
            archive.write(),
            Write::Stage {
                stage: "Archived",
                archive_existing: false
            }
        );
        let alias_move = confirm(Review::new(alias("champion"), ("3", Some(0.9)), None, None));
        assert_eq!(alias_move.write(), Write::SetAlias("champion"));
        let removal = confirm(Review::removal("champion", "3", None));
        assert_eq!(removal.write(), Write::DeleteAlias("champion"));
    }

    #[test]
    fn stops_on_a_conflict_or_a_missing_override() {
        let review = Review::new(
            stage("Production"),
            ("3", Some(0.9)),
            Some(("2", Some(0.8))),
            None,
        );
        let c = confirm(review);
        assert_eq!(
            c.stop(&ModelState::with(
                &[("2", "Production"), ("3", "None")],
                &[]
            )),
            None
        );
        assert_eq!(
            c.stop(&ModelState::with(
                &[("1", "Production"), ("3", "None")],
                &[]
            )),
            Some(Outcome::Conflict {
                shown: Some("2".into()),
                now: Some("1".into())
            })
        );
        let below = confirm(Review::new(
            alias("champion"),
            ("3", Some(0.5)),
            None,
            Some(0.8),
        ));
        assert_eq!(
            below.stop(&ModelState::with(&[("3", "None")], &[])),
            Some(Outcome::NeedsOverride)
        );
        let overridden = Confirmation {
            overridden: true,
            ..below
        };
        assert_eq!(
            overridden.stop(&ModelState::with(&[("3", "None")], &[])),
            None
        );
    }

    #[test]
    fn history_entry_and_outcome() {
        let review = Review::new(
            alias("champion"),
            ("3", Some(0.9)),
            Some(("2", Some(0.8))),
            Some(0.75),
        );
        let c = confirm(review);
        let entry = c.history_entry(1_700_000_000_000);
        assert_eq!(entry.action, "alias:champion");
        assert_eq!(entry.model, "text_model");
        assert_eq!(entry.version, "3");
        assert_eq!(entry.from.as_deref(), Some("2"));
        assert_eq!((entry.f1, entry.from_f1), (Some(0.9), Some(0.8)));
        assert_eq!(entry.threshold, Some(0.75));
        assert_eq!(entry.comment, "weekly retrain");
        assert_eq!(entry.to_tag().0, "pulse.promotion.1700000000000");

        let after = ModelState::with(&[("3", "None")], &[("champion", "3")]);
        let done = c.done(Ok(after), None);
        assert_eq!(
            done,
            Outcome::Done {
                holder_now: Ok(Some("3".into())),
                history_error: None
            }
        );
        assert!(done.is_final() && done.changed_registry());
        assert_eq!(
            done.message(),
            (
                "Done. MLflow now reports version 3 for this target.".to_owned(),
                false
            )
        );
        let tag_failed = c.done(
            Ok(ModelState::with(&[], &[])),
            Some(ApiError::LoginRequired),
        );
        let (text, alert) = tag_failed.message();
        assert!(
            text.starts_with("Done. MLflow now reports no version"),
            "{text}"
        );
        assert!(
            text.contains("The history tag could not be written"),
            "{text}"
        );
        assert!(!alert);

        let conflict = Outcome::Conflict {
            shown: None,
            now: Some("4".into()),
        };
        let (text, alert) = conflict.message();
        assert!(text.contains("showed nobody") && text.contains("now says version 4"));
        assert!(alert && conflict.is_final());
        assert!(!Outcome::NeedsOverride.is_final());
        assert!(Outcome::NeedsOverride.message().1);
    }

    #[test]
    fn a_write_that_went_in_is_reported_done_even_when_the_re_read_fails() {
        let c = confirm(Review::new(alias("champion"), ("3", Some(0.9)), None, None));
        let unreadable = ApiError::Timeout {
            url: "http://mlflow/registered-models/get".into(),
            seconds: 30,
        };
        let done = c.done(Err(unreadable), None);
        assert!(done.is_final() && done.changed_registry());
        let (text, alert) = done.message();
        assert!(
            text.starts_with(
                "Done: MLflow accepted the change, but re-reading the registry failed"
            ),
            "{text}"
        );
        assert!(alert);
    }

    #[test]
    fn a_write_without_a_clear_answer_is_unsure_and_a_refused_one_an_error() {
        let c = confirm(Review::new(alias("champion"), ("3", Some(0.9)), None, None));
        for lost in [
            ApiError::Timeout {
                url: "u".into(),
                seconds: 30,
            },
            ApiError::Unreachable { url: "u".into() },
            ApiError::Upstream { status: 504 },
            ApiError::Decode {
                detail: "EOF".into(),
            },
            ApiError::Http { status: 500 },
        ] {
            let outcome = c.write_failed(lost.clone());
            let Ok(unsure @ Outcome::Unsure { .. }) = outcome else {
                panic!("{lost:?}: {outcome:?}");
            };
            // Spent, and the page re-reads: confirming again could write twice.
            assert!(unsure.is_final() && unsure.changed_registry());
            let (text, alert) = unsure.message();
            assert!(text.contains("may or may not have been made"), "{text}");
            assert!(alert);
        }
        for refused in [
            ApiError::Forbidden { message: None },
            ApiError::LoginRequired,
            ApiError::NotFound {
                message: "gone".into(),
            },
            ApiError::Mlflow {
                status: 400,
                code: "INVALID_PARAMETER_VALUE".into(),
                message: "no".into(),
            },
            ApiError::Http { status: 409 },
        ] {
            assert_eq!(c.write_failed(refused.clone()), Err(refused));
        }
    }

    #[test]
    fn a_candidate_that_holds_the_target_already_is_a_conflict_not_a_second_write() {
        // The dialog showed nobody; meanwhile the candidate got the alias (another user, or a write whose answer
        // was lost).
        let c = confirm(Review::new(alias("champion"), ("3", Some(0.9)), None, None));
        let now = ModelState::with(&[("3", "None")], &[("champion", "3")]);
        assert_eq!(
            c.stop(&now),
            Some(Outcome::Conflict {
                shown: None,
                now: Some("3".into())
            })
        );
        let (text, _) = c.stop(&now).map(|o| o.message()).unwrap_or_default();
        assert!(
            text.contains("showed nobody") && text.contains("now says version 3"),
            "{text}"
        );
        let staging = confirm(Review::new(stage("Staging"), ("3", Some(0.9)), None, None));
        assert!(staging
            .stop(&ModelState::with(&[("3", "Staging")], &[]))
            .is_some());
    }

    #[test]
    fn a_stage_with_several_holders_names_them_all() {
        let state = ModelState::with(
            &[
                ("9", "None"),
                ("8", "Staging"),
                ("7", "Staging"),
                ("5", "Staging"),
            ],
            &[],
        );
        let review = state.review(stage("Staging"), "9", None);
        assert_eq!(review.holder.as_deref(), Some("8"));
        assert_eq!(
            review.archive_label(),
            "Archive every version in this stage now (versions 5, 7 and 8)"
        );
        assert_eq!(
            review.rows()[1].1,
            "version 8 (F1 unknown); also versions 5, 7"
        );
        let c = confirm(review);
        assert_eq!(c.stop(&state), Some(Outcome::NeedsOverride));
    }

    #[test]
    fn archiving_shows_no_holder_and_records_none() {
        let state = ModelState::with(
            &[("5", "Production"), ("4", "Archived"), ("3", "Archived")],
            &[],
        );
        let review = state.review(stage("Archived"), "5", Some(0.75));
        assert_eq!((review.holder.as_deref(), review.others.len()), (None, 0));
        assert_eq!(review.rows()[1].1, "nobody");
        let c = confirm(review);
        assert_eq!(c.history_entry(0).from, None);
        // After the write: the candidate archived, whichever version is the highest archived one.
        let after = ModelState::with(
            &[("6", "Archived"), ("5", "Archived"), ("4", "Archived")],
            &[],
        );
        let (text, _) = c.done(Ok(after), None).message();
        assert_eq!(text, "Done. MLflow now reports version 5 for this target.");
        // Version 5 to Staging beside 8 (archive unticked): it is 5 the write put there.
        let staging = confirm(state.review(stage("Staging"), "5", None));
        let after = ModelState::with(&[("8", "Staging"), ("5", "Staging")], &[]);
        let (text, _) = staging.done(Ok(after), None).message();
        assert_eq!(text, "Done. MLflow now reports version 5 for this target.");
    }
}
