//! Promotion rules: who holds a stage or alias, what a promotion would change, when it needs an explicit
//! override, and when the registry changed under the user.

use std::fmt;

use crate::api::{ApiError, ModelVersion, RegisteredModel};
use crate::registry::stage::Stage;

/// What a promotion moves: one of MLflow's stages, or an alias.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// `Staging`, `Production` or `Archived` (MLflow also has `None`).
    Stage(String),
    /// An alias such as `champion`.
    Alias(String),
}

impl Target {
    /// The stage this target is, when it is one of MLflow's.
    pub fn stage(&self) -> Option<Stage> {
        match self {
            Target::Stage(s) => Stage::parse(s),
            Target::Alias(_) => None,
        }
    }

    /// Whether moving a version here is a promotion that the F1 threshold guards.
    pub fn is_guarded(&self) -> bool {
        match self {
            Target::Stage(_) => matches!(self.stage(), Some(Stage::Production | Stage::Staging)),
            Target::Alias(_) => true,
        }
    }

    /// Versions that hold this target now, lowest-numbered first (the holder, when one is wanted, is the last).
    /// Aliases come from the model (search results lack them).
    pub fn holders(&self, model: &RegisteredModel, versions: &[ModelVersion]) -> Vec<String> {
        let mut holders: Vec<String> = match self {
            Target::Alias(a) => model
                .aliases
                .iter()
                .filter(|x| &x.alias == a)
                .map(|x| x.version.clone())
                .collect(),
            Target::Stage(s) => versions
                .iter()
                .filter(|v| &v.current_stage == s)
                .map(|v| v.version.clone())
                .collect(),
        };
        crate::sort::sort_by_key(&mut holders, |v| version_number(v));
        holders
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Stage(s) => write!(f, "stage {s}"),
            Target::Alias(a) => write!(f, "alias @{a}"),
        }
    }
}

/// The F1 of a version: its source run's metric when known, else a version tag of the metric's name.
pub fn version_f1(version: &ModelVersion, run_metric: Option<f64>, metric: &str) -> Option<f64> {
    run_metric.filter(|v| v.is_finite()).or_else(|| {
        version
            .tags
            .iter()
            .find(|t| t.key == metric)
            .and_then(|t| t.value.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite())
    })
}

/// A reason a promotion deserves a second look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concern {
    /// The candidate's F1 is below the model's threshold.
    BelowThreshold,
    /// The candidate's F1 is lower than the current holder's.
    WorseThanHolder,
    /// The candidate has no F1 to judge by.
    UnknownF1,
}

impl Concern {
    /// A sentence for the confirmation dialog.
    pub fn message(self) -> &'static str {
        match self {
            Concern::BelowThreshold => "The candidate's F1 is below this model's threshold.",
            Concern::WorseThanHolder => "The candidate's F1 is lower than the current holder's.",
            Concern::UnknownF1 => {
                "The candidate has no F1 to compare: neither its run nor its tags have one."
            }
        }
    }
}

/// What a promotion would change, shown before the user confirms.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// Where the candidate goes.
    pub target: Target,
    /// The candidate version.
    pub candidate: String,
    /// Its F1.
    pub candidate_f1: Option<f64>,
    /// The version holding the target now, if any (the highest-numbered when several do).
    pub holder: Option<String>,
    /// Its F1.
    pub holder_f1: Option<f64>,
    /// The other versions holding the target now, lowest first: a stage can have several, and MLflow's
    /// `archive_existing_versions` archives them all.
    pub others: Vec<String>,
    /// The model's threshold, if configured.
    pub threshold: Option<f64>,
    /// Why the user must tick an explicit override; empty when the promotion is clean.
    pub concerns: Vec<Concern>,
    /// Removes the alias from the candidate instead of moving the target to it.
    pub removal: bool,
}

impl Review {
    /// Judges a candidate for a target against the current holder and the threshold.
    pub fn new(
        target: Target,
        candidate: (&str, Option<f64>),
        holder: Option<(&str, Option<f64>)>,
        threshold: Option<f64>,
    ) -> Review {
        let (candidate, candidate_f1) = candidate;
        let holder = holder.filter(|(v, _)| *v != candidate);
        let holder_f1 = holder.and_then(|(_, f1)| f1);
        let mut concerns = Vec::new();
        if target.is_guarded() {
            match candidate_f1 {
                None => concerns.push(Concern::UnknownF1),
                Some(f1) => {
                    if threshold.is_some_and(|t| f1 < t) {
                        concerns.push(Concern::BelowThreshold);
                    }
                    if holder_f1.is_some_and(|h| f1 < h) {
                        concerns.push(Concern::WorseThanHolder);
                    }
                }
            }
        }
        Review {
            target,
            candidate: candidate.to_owned(),
            candidate_f1,
            holder: holder.map(|(v, _)| v.to_owned()),
            holder_f1,
            others: Vec::new(),
            threshold,
            concerns,
            removal: false,
        }
    }

    /// Removing `alias` from `version`: nothing to judge, but the alias must still point there on confirm.
    pub fn removal(alias: &str, version: &str, f1: Option<f64>) -> Review {
        Review {
            target: Target::Alias(alias.to_owned()),
            candidate: version.to_owned(),
            candidate_f1: f1,
            holder: None,
            holder_f1: None,
            others: Vec::new(),
            threshold: None,
            concerns: Vec::new(),
            removal: true,
        }
    }

    /// The action as recorded in history: `stage:Production`, `alias:champion`, `unalias:champion`.
    pub fn action(&self) -> String {
        match (&self.target, self.removal) {
            (Target::Stage(s), _) => format!("stage:{s}"),
            (Target::Alias(a), false) => format!("alias:{a}"),
            (Target::Alias(a), true) => format!("unalias:{a}"),
        }
    }

    /// Candidate minus holder F1, when both are known.
    pub fn delta(&self) -> Option<f64> {
        Some(self.candidate_f1? - self.holder_f1?)
    }

    /// Whether the candidate clears the threshold (`None` without an F1 or a threshold).
    pub fn passes_threshold(&self) -> Option<bool> {
        Some(self.candidate_f1? >= self.threshold?)
    }

    /// Whether confirming needs the explicit override box ticked.
    pub fn needs_override(&self) -> bool {
        !self.concerns.is_empty()
    }
}

/// The decision when the user confirms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Write it.
    Proceed,
    /// The override box must be ticked first.
    NeedsOverride,
    /// The registry changed since the dialog opened: show it and write nothing.
    Conflict {
        /// The holder the dialog showed.
        shown: Option<String>,
        /// The holder the registry has now.
        now: Option<String>,
    },
}

/// A version's number, for ordering versions (one that is not a number comes first).
pub fn version_number(version: &str) -> u64 {
    version.parse().unwrap_or(0)
}

/// Decides on a confirmation, given the holder just re-read from the registry.
///
/// Archiving has no holder to protect; promotions and alias removals stop if the holder moved, and a promotion
/// stops if the candidate holds the target already (someone did it meanwhile, or an earlier attempt whose answer
/// never came did): writing again would record it twice.
pub fn decide(review: &Review, holder_now: &[String], overridden: bool) -> Decision {
    if review.removal || review.target.is_guarded() {
        let now = if holder_now.contains(&review.candidate) && !review.removal {
            Some(review.candidate.clone())
        } else {
            holder_now
                .iter()
                .filter(|v| **v != review.candidate)
                .max_by_key(|v| version_number(v))
                .cloned()
        };
        if now != review.holder {
            return Decision::Conflict {
                shown: review.holder.clone(),
                now,
            };
        }
    }
    if review.needs_override() && !overridden {
        return Decision::NeedsOverride;
    }
    Decision::Proceed
}

/// What the promote dialog says when MLflow refused the write, for the refusals it explains itself: no
/// permission (a READ user on `--app-name basic-auth` gets HTTP 403 "Permission denied") and a model or version
/// that is gone. Nothing was written in either case: the sequence stops at the first refused request.
pub fn refusal_message(error: &ApiError, model: &str) -> Option<String> {
    match error {
        ApiError::Forbidden { .. } => Some(format!(
            "No permission on this model: MLflow refused to change {model} (HTTP 403) and nothing was changed. \
             Ask an MLflow admin for EDIT or MANAGE permission on it."
        )),
        ApiError::NotFound { message } => Some(format!(
            "{model} or this version no longer exists (HTTP 404): {message}"
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn refusals_say_what_happened() {
        use super::refusal_message;
        use crate::api::ApiError;
        let denied = refusal_message(&ApiError::Forbidden { message: None }, "text_model").unwrap();
        assert!(
            denied.starts_with("No permission on this model"),
            "{denied}"
        );
        assert!(denied.contains("text_model") && denied.contains("nothing was changed"));
        let gone = refusal_message(
            &ApiError::NotFound {
                message: "x".into(),
            },
            "m",
        )
        .unwrap();
        assert!(gone.contains("no longer exists"));
        assert_eq!(refusal_message(&ApiError::LoginRequired, "m"), None);
    }

    use super::*;
    use crate::api::Tag;
    use crate::registry::model_state::ModelState;

    fn prod() -> Target {
        Target::Stage("Production".into())
    }

    #[test]
    fn reviews_table() {
        use Concern::*;
        // (candidate f1, holder f1, threshold, concerns)
        type Case = (Option<f64>, Option<f64>, Option<f64>, &'static [Concern]);
        let cases: [Case; 8] = [
            (Some(0.9), Some(0.85), Some(0.75), &[]),
            (Some(0.7), Some(0.65), Some(0.75), &[BelowThreshold]),
            (Some(0.8), Some(0.85), Some(0.75), &[WorseThanHolder]),
            (
                Some(0.6),
                Some(0.85),
                Some(0.75),
                &[BelowThreshold, WorseThanHolder],
            ),
            (None, Some(0.85), Some(0.75), &[UnknownF1]),
            (Some(0.9), None, None, &[]),
            (Some(0.75), Some(0.75), Some(0.75), &[]),
            (Some(0.8), Some(0.8), None, &[]),
        ];
        for (c, h, t, want) in cases {
            let r = Review::new(prod(), ("3", c), Some(("2", h)), t);
            assert_eq!(r.concerns, want, "{c:?} {h:?} {t:?}");
            assert_eq!(r.needs_override(), !want.is_empty());
        }
    }

    #[test]
    fn review_figures() {
        let r = Review::new(
            prod(),
            ("3", Some(0.9)),
            Some(("2", Some(0.85))),
            Some(0.75),
        );
        assert!((r.delta().unwrap() - 0.05).abs() < 1e-12);
        assert_eq!(r.passes_threshold(), Some(true));
        let r = Review::new(prod(), ("3", Some(0.9)), None, None);
        assert_eq!(
            (r.delta(), r.passes_threshold(), r.holder),
            (None, None, None)
        );
    }

    #[test]
    fn archiving_is_not_guarded_and_self_is_not_a_holder() {
        let r = Review::new(
            Target::Stage("Archived".into()),
            ("2", Some(0.1)),
            None,
            Some(0.75),
        );
        assert!(!r.needs_override());
        let r = Review::new(prod(), ("2", Some(0.9)), Some(("2", Some(0.9))), Some(0.75));
        assert_eq!(r.holder, None);
    }

    #[test]
    fn decisions_table() {
        let clean = Review::new(
            prod(),
            ("3", Some(0.9)),
            Some(("2", Some(0.85))),
            Some(0.75),
        );
        let risky = Review::new(
            prod(),
            ("3", Some(0.6)),
            Some(("2", Some(0.85))),
            Some(0.75),
        );
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(decide(&clean, &s(&["2"]), false), Decision::Proceed);
        assert_eq!(decide(&risky, &s(&["2"]), false), Decision::NeedsOverride);
        assert_eq!(decide(&risky, &s(&["2"]), true), Decision::Proceed);
        assert_eq!(
            decide(&clean, &s(&["4"]), true),
            Decision::Conflict {
                shown: Some("2".into()),
                now: Some("4".into())
            }
        );
        assert_eq!(
            decide(&clean, &s(&[]), false),
            Decision::Conflict {
                shown: Some("2".into()),
                now: None
            }
        );
        let empty = Review::new(prod(), ("3", Some(0.9)), None, Some(0.75));
        assert_eq!(decide(&empty, &s(&[]), false), Decision::Proceed);
        assert_eq!(
            decide(&empty, &s(&["5"]), false),
            Decision::Conflict {
                shown: None,
                now: Some("5".into())
            }
        );
    }

    #[test]
    fn removals_and_archiving() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let r = Review::removal("champion", "2", Some(0.9));
        assert_eq!(r.action(), "unalias:champion");
        assert_eq!(decide(&r, &s(&["2"]), false), Decision::Proceed);
        assert_eq!(
            decide(&r, &s(&["4"]), false),
            Decision::Conflict {
                shown: None,
                now: Some("4".into())
            }
        );
        let archive = Review::new(Target::Stage("Archived".into()), ("2", None), None, None);
        assert_eq!(archive.action(), "stage:Archived");
        assert_eq!(decide(&archive, &s(&["1", "3"]), false), Decision::Proceed);
        let alias = Review::new(
            Target::Alias("champion".into()),
            ("3", Some(0.9)),
            None,
            None,
        );
        assert_eq!(alias.action(), "alias:champion");
    }

    #[test]
    fn holders_of_stages_and_aliases() {
        let s = ModelState::with(
            &[("1", "Archived"), ("2", "Production"), ("3", "Staging")],
            &[("champion", "2")],
        );
        let (model, versions) = (&s.model, &s.versions);
        assert_eq!(prod().holders(model, versions), ["2"]);
        assert_eq!(
            Target::Alias("champion".into()).holders(model, versions),
            ["2"]
        );
        assert!(Target::Alias("challenger".into())
            .holders(model, versions)
            .is_empty());
    }

    #[test]
    fn f1_from_run_then_tag() {
        let mut v = ModelVersion::default();
        v.tags.push(Tag {
            key: "eval_f1".into(),
            value: "0.8689".into(),
        });
        assert_eq!(version_f1(&v, Some(0.9), "eval_f1"), Some(0.9));
        assert_eq!(version_f1(&v, None, "eval_f1"), Some(0.8689));
        assert_eq!(version_f1(&v, Some(f64::NAN), "eval_f1"), Some(0.8689));
        assert_eq!(version_f1(&v, None, "f1"), None);
    }
}
