//! A registered model as the model page shows it: versions, aliases, and each version's F1.

use crate::registry::stage::Stage;
use std::collections::HashMap;

use crate::api::{ModelVersion, RegisteredModel};
use crate::chart::VersionPoint;
use crate::registry::promotion::{Review, Target};

/// The alias offered first when none exists yet.
pub const DEFAULT_ALIAS: &str = "champion";

/// The version a model serves: its Production version (the newest, if several), else the one `champion`
/// points at.
pub fn serving_version(model: &RegisteredModel) -> Option<String> {
    let state = ModelState {
        model: model.clone(),
        versions: model.latest_versions.clone(),
        f1: HashMap::new(),
    };
    state
        .holder(&Target::Stage(Stage::Production.as_str().to_owned()))
        .or_else(|| state.holder(&Target::Alias(DEFAULT_ALIAS.to_owned())))
}

/// A model, its versions (newest first) and the F1 of each version that has one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelState {
    /// The model, with its aliases.
    pub model: RegisteredModel,
    /// Every version, newest first.
    pub versions: Vec<ModelVersion>,
    /// F1 by version number.
    pub f1: HashMap<String, f64>,
}

impl ModelState {
    /// A version's F1.
    pub fn f1_of(&self, version: &str) -> Option<f64> {
        self.f1.get(version).copied()
    }

    /// The aliases pointing at a version, sorted.
    pub fn aliases_of(&self, version: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .model
            .aliases
            .iter()
            .filter(|a| a.version == version)
            .map(|a| a.alias.clone())
            .collect();
        out.sort();
        out
    }

    /// The aliases a user can move: the model's own, with `champion` first when it is missing.
    pub fn alias_choices(&self) -> Vec<String> {
        let mut out: Vec<String> = self.model.aliases.iter().map(|a| a.alias.clone()).collect();
        out.sort();
        out.dedup();
        if !out.iter().any(|a| a == DEFAULT_ALIAS) {
            out.insert(0, DEFAULT_ALIAS.to_owned());
        }
        out
    }

    /// The versions holding a target now, lowest-numbered first.
    pub fn holders(&self, target: &Target) -> Vec<String> {
        target.holders(&self.model, &self.versions)
    }

    /// The version holding a target now: the highest-numbered one if several do.
    pub fn holder(&self, target: &Target) -> Option<String> {
        self.holders(target).pop()
    }

    /// What moving `candidate` to `target` would change. Archiving takes nothing from anyone: the versions
    /// already archived are not holders it replaces.
    pub fn review(&self, target: Target, candidate: &str, threshold: Option<f64>) -> Review {
        let mut holders = match target.stage() {
            Some(Stage::Archived) => Vec::new(),
            _ => self.holders(&target),
        };
        holders.retain(|v| v != candidate);
        let holder = holders.pop();
        let holder = holder.as_deref().map(|v| (v, self.f1_of(v)));
        Review {
            others: holders,
            ..Review::new(
                target,
                (candidate, self.f1_of(candidate)),
                holder,
                threshold,
            )
        }
    }

    /// The moves the version table offers for a version, in button order: each stage it is not in, then
    /// each alias choice not already on it. Each is a button label and the review it opens.
    pub fn actions(&self, version: &ModelVersion, threshold: Option<f64>) -> Vec<(String, Review)> {
        let v = version.version.as_str();
        let stages = Stage::MOVES
            .into_iter()
            .filter(|s| !s.is(&version.current_stage))
            .map(|s| {
                let target = Target::Stage(s.as_str().to_owned());
                (s.move_label(), self.review(target, v, threshold))
            });
        let on_it = self.aliases_of(v);
        let aliases = self
            .alias_choices()
            .into_iter()
            .filter(|a| !on_it.contains(a))
            .map(|a| (format!("@{a}"), self.review(Target::Alias(a), v, threshold)));
        stages.chain(aliases).collect()
    }

    /// F1 by version for the chart, oldest first, marking the Production and champion holders.
    pub fn f1_points(&self) -> Vec<VersionPoint> {
        let champion = self.holder(&Target::Alias(DEFAULT_ALIAS.to_owned()));
        let mut points: Vec<VersionPoint> = self
            .versions
            .iter()
            .filter_map(|v| {
                Some(VersionPoint {
                    version: v.version.parse().ok()?,
                    f1: self.f1_of(&v.version)?,
                    production: v.current_stage == Stage::Production.as_str(),
                    champion: champion.as_deref() == Some(v.version.as_str()),
                })
            })
            .collect();
        points.sort_by_key(|p| p.version);
        points
    }

    /// A version by number.
    pub fn version(&self, version: &str) -> Option<&ModelVersion> {
        self.versions.iter().find(|v| v.version == version)
    }
}

#[cfg(test)]
impl ModelState {
    /// A registry for tests: versions `(number, stage)` and aliases `(alias, version)`.
    pub(crate) fn with(stages: &[(&str, &str)], aliases: &[(&str, &str)]) -> ModelState {
        use crate::api::RegisteredModelAlias;
        let model = RegisteredModel {
            aliases: aliases
                .iter()
                .map(|(a, v)| RegisteredModelAlias {
                    alias: (*a).into(),
                    version: (*v).into(),
                })
                .collect(),
            ..Default::default()
        };
        let versions = stages
            .iter()
            .map(|(v, s)| ModelVersion {
                version: (*v).into(),
                current_stage: (*s).into(),
                ..Default::default()
            })
            .collect();
        ModelState {
            model,
            versions,
            f1: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{decode_response, GetRegisteredModelResponse, SearchModelVersionsResponse};
    use crate::registry::promotion::Concern;

    #[test]
    fn actions_offer_every_move_but_the_current_ones() {
        let s = recorded();
        for v in &s.versions {
            let labels: Vec<String> = s
                .actions(v, Some(0.8))
                .into_iter()
                .map(|(l, _)| l)
                .collect();
            let stage = Stage::parse(&v.current_stage);
            for m in Stage::MOVES {
                assert_eq!(
                    labels.contains(&m.move_label()),
                    stage != Some(m),
                    "{labels:?}"
                );
            }
            for a in s.alias_choices() {
                let on_it = s.aliases_of(&v.version).contains(&a);
                assert_eq!(labels.contains(&format!("@{a}")), !on_it, "{labels:?}");
            }
        }
        let v = &s.versions[0];
        let (_, review) = s.actions(v, Some(0.8)).remove(0);
        assert_eq!(review.candidate, v.version);
        assert_eq!(review.threshold, Some(0.8));
    }

    fn recorded() -> ModelState {
        let model: GetRegisteredModelResponse = decode_response(
            200,
            include_str!("../../tests/fixtures/registered_models_get.json"),
        )
        .unwrap();
        let versions: SearchModelVersionsResponse = decode_response(
            200,
            include_str!("../../tests/fixtures/model_versions_search.json"),
        )
        .unwrap();
        ModelState {
            model: model.registered_model,
            versions: versions.model_versions,
            f1: [
                ("2".to_owned(), 0.8689),
                ("4".to_owned(), 0.9099),
                ("1".to_owned(), 0.7),
            ]
            .into(),
        }
    }

    #[test]
    fn recorded_model() {
        let s = recorded();
        assert_eq!(s.aliases_of("2"), ["champion"]);
        assert_eq!(s.alias_choices(), ["challenger", "champion"]);
        assert_eq!(
            s.holder(&Target::Alias("champion".into())),
            Some("2".into())
        );
        let r = s.review(Target::Alias("champion".into()), "4", Some(0.75));
        assert_eq!(
            (r.holder.as_deref(), r.holder_f1, r.candidate_f1),
            (Some("2"), Some(0.8689), Some(0.9099))
        );
        assert!(!r.needs_override());
        let points = s.f1_points();
        assert_eq!(
            points.iter().map(|p| p.version).collect::<Vec<_>>(),
            [1, 2, 4]
        );
        assert!(points[1].champion && !points[0].champion);
        let r = s.review(Target::Alias("champion".into()), "1", Some(0.75));
        assert_eq!(
            r.concerns,
            [Concern::BelowThreshold, Concern::WorseThanHolder]
        );
    }

    #[test]
    fn serving_is_production_else_champion() {
        let mut s = recorded();
        assert_eq!(serving_version(&s.model).as_deref(), Some("2"));
        s.model
            .latest_versions
            .retain(|v| v.current_stage != "Production");
        s.model.aliases.retain(|a| a.alias == "champion");
        s.model.aliases[0].version = "7".into();
        assert_eq!(serving_version(&s.model).as_deref(), Some("7"));
        s.model.aliases.clear();
        assert_eq!(serving_version(&s.model), None);
    }

    #[test]
    fn champion_is_offered_when_missing() {
        let s = ModelState::default();
        assert_eq!(s.alias_choices(), ["champion"]);
        assert_eq!(s.holder(&Target::Stage("Production".into())), None);
    }
}
