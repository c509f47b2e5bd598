//! The update history of served models, joining the service's own record (`updates`) with the registry's
//! promotion history (`pulse.promotion.*` tags), so a reader sees a promotion and what the service made of
//! it in one line: "promoted to @champion in the registry at 10:02 → applied by the service at 10:03".

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::contract::{Outcome, Policy, Update};
use super::live::Snapshot;
use super::updates::Updates;
use crate::format::{format_datetime, format_metric};
use crate::registry::history::HistoryEntry;
use crate::registry::promotion::Target;

/// How far a service event may precede the promotion it followed: the service's and the browser's clocks
/// (which stamped the promotion) disagree by a few seconds.
pub const CLOCK_SKEW_MS: i64 = 5_000;

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// The service decided about a candidate; `promotion` is the registry move it followed, when found.
    Service {
        /// The service's record.
        update: Box<Update>,
        /// The latest promotion of the same version to the service's alias or stage at or before it.
        promotion: Option<HistoryEntry>,
    },
    /// A promotion to the service's alias or stage that no service event followed.
    Promotion {
        /// The registry's record.
        entry: HistoryEntry,
        /// The service has recorded nothing about the model since: it has not acted on it yet. Otherwise
        /// the promotion is older than the service's record of it (or was superseded).
        pending: bool,
    },
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEvent {
    /// When, in milliseconds since the epoch; None sorts last.
    pub at: Option<i64>,
    /// The model's key where the service names it, else the registered model's name.
    pub model: String,
    /// The registered model.
    pub registered_model: Option<String>,
    /// The instance, when the page watches several.
    pub instance: Option<String>,
    /// What happened.
    pub kind: EventKind,
}

impl TimelineEvent {
    /// The service's outcome; None for a promotion alone.
    pub fn outcome(&self) -> Option<&Outcome> {
        match &self.kind {
            EventKind::Service { update, .. } => Some(&update.outcome),
            EventKind::Promotion { .. } => None,
        }
    }

    /// The version the event is about.
    pub fn version(&self) -> Option<&str> {
        match &self.kind {
            EventKind::Service { update, .. } => update.to_version.as_deref(),
            EventKind::Promotion { entry, .. } => Some(&entry.version),
        }
    }

    /// The event as one sentence, times in the zone `tz_offset_minutes` east of UTC, e.g.
    /// `v7 promoted to @champion in the registry at 2026-01-29 10:02 (weekly retrain) → applied by the
    /// service at 2026-01-29 10:03 (F1 0.84 → 0.86)`.
    pub fn sentence(&self, tz_offset_minutes: i32) -> String {
        let when = |at: Option<i64>| {
            at.map_or("at an unknown time".to_owned(), |ms| {
                format!("at {}", format_datetime(ms, tz_offset_minutes))
            })
        };
        let by = self
            .instance
            .as_deref()
            .map_or("the service".to_owned(), |i| format!("the service ({i})"));
        match &self.kind {
            EventKind::Promotion { entry, pending } => {
                let phrase = promotion_phrase(entry, &when);
                if *pending {
                    format!("{phrase} → not acted on by {by} yet.")
                } else {
                    phrase
                }
            }
            EventKind::Service { update, promotion } => {
                let version = update.to_version.as_deref().unwrap_or("?");
                let head = promotion.as_ref().map_or(format!("v{version}"), |p| {
                    format!("{} →", promotion_phrase(p, &when))
                });
                let at = when(self.at);
                let outcome = match &update.outcome {
                    Outcome::Applied => format!("applied by {by} {at}{}", f1_change(update)),
                    Outcome::Skipped => format!("skipped by {by} {at}"),
                    Outcome::Failed => format!("failed in {by} {at}"),
                    other => format!("{} by {by} {at}", other.as_str()),
                };
                let reason = update
                    .reason
                    .as_deref()
                    .map_or(String::new(), |r| format!(": {r}"));
                format!("{head} {outcome}{reason}")
            }
        }
    }
}

/// `v7 promoted to @champion in the registry at … (comment)`.
fn promotion_phrase(p: &HistoryEntry, when: &dyn Fn(Option<i64>) -> String) -> String {
    let comment = match p.comment.trim() {
        "" => String::new(),
        c => format!(" ({c})"),
    };
    let target = action_target(&p.action).map_or(p.action.clone(), |t| match t {
        Target::Alias(a) => format!("@{a}"),
        Target::Stage(s) => s,
    });
    format!(
        "v{} promoted to {target} in the registry {}{comment}",
        p.version,
        when(Some(p.at))
    )
}

fn f1_change(u: &Update) -> String {
    match (u.f1_old, u.f1_new) {
        (Some(old), Some(new)) => format!(" (F1 {} → {})", format_metric(old), format_metric(new)),
        (None, Some(new)) => format!(" (F1 {})", format_metric(new)),
        _ => String::new(),
    }
}

/// The target of a recorded action: `alias:champion` → alias champion, `stage:Production` → stage
/// Production; removals and anything else are not promotions.
fn action_target(action: &str) -> Option<Target> {
    match action.split_once(':')? {
        ("alias", a) if !a.is_empty() => Some(Target::Alias(a.to_owned())),
        ("stage", s) if !s.is_empty() => Some(Target::Stage(s.to_owned())),
        _ => None,
    }
}

/// Promotions by (registered model, version), oldest first, so each service event finds its promotion by
/// binary search instead of a scan of the whole history.
struct PromotionIndex<'a> {
    by_version: HashMap<(&'a str, &'a str), Vec<usize>>,
    promotions: &'a [HistoryEntry],
}

impl<'a> PromotionIndex<'a> {
    fn new(promotions: &'a [HistoryEntry]) -> PromotionIndex<'a> {
        let mut by_version: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, p) in promotions.iter().enumerate() {
            if action_target(&p.action).is_some() {
                by_version
                    .entry((p.model.as_str(), p.version.as_str()))
                    .or_default()
                    .push(i);
            }
        }
        for list in by_version.values_mut() {
            crate::sort::sort_by_key(list, |&i| promotions[i].at);
        }
        PromotionIndex {
            by_version,
            promotions,
        }
    }

    /// The latest promotion of `version` of `model` to one of `targets` at or before `at` (plus the clock
    /// skew); any time when `at` is unknown.
    fn find(
        &self,
        model: &str,
        version: &str,
        targets: &[Target],
        at: Option<i64>,
    ) -> Option<usize> {
        let list = self.by_version.get(&(model, version))?;
        let end = at.map_or(list.len(), |at| {
            list.partition_point(|&i| self.promotions[i].at <= at + CLOCK_SKEW_MS)
        });
        list[..end].iter().rev().copied().find(|&i| {
            action_target(&self.promotions[i].action).is_some_and(|t| targets.contains(&t))
        })
    }
}

/// The update timeline of every model, newest first: each service update with the promotion it followed,
/// and the promotions to a service's alias or stage that no update followed. `promotions` are the
/// registry's records (`crate::registry::history::history`) of the served registered models.
pub fn update_timeline(snapshots: &[Snapshot], promotions: &[HistoryEntry]) -> Vec<TimelineEvent> {
    let index = PromotionIndex::new(promotions);
    let mut followed: HashSet<usize> = HashSet::new();
    let mut out: Vec<TimelineEvent> = Vec::new();
    for snap in snapshots {
        out.extend(service_events(
            snap,
            snapshots.len() > 1,
            &index,
            &mut followed,
        ));
    }
    let unfollowed = promotions
        .iter()
        .enumerate()
        .filter(|(i, _)| !followed.contains(i));
    let events = promotion_events(unfollowed.map(|(_, p)| p), snapshots, &out);
    out.extend(events);
    // Newest first; events without a time last.
    crate::sort::sort_by_key(&mut out, |e| {
        std::cmp::Reverse(e.at.map_or(i64::MIN, |at| at))
    });
    out
}

/// The last timeline and what it was joined from. Most polls bring the same updates and promotions (only
/// the traffic figures move), and then the thousand updates of a long-running service are not joined again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimelineCache {
    joined: Option<(Vec<TimelineInput>, Vec<HistoryEntry>)>,
    events: Arc<Vec<TimelineEvent>>,
}

/// What the join reads of one instance's document.
#[derive(Debug, Clone, PartialEq)]
struct TimelineInput {
    instance: String,
    policy: Policy,
    models: Vec<(String, Option<String>)>,
    updates: Updates,
}

impl TimelineInput {
    fn of(s: &Snapshot) -> TimelineInput {
        TimelineInput {
            instance: s.instance().to_owned(),
            policy: s.doc.policy.clone(),
            models: model_names(s)
                .map(|(k, r)| (k.to_owned(), r.map(str::to_owned)))
                .collect(),
            updates: s.doc.updates.clone(),
        }
    }

    fn reads_the_same(&self, s: &Snapshot) -> bool {
        let mine = self.models.iter().map(|(k, r)| (k.as_str(), r.as_deref()));
        self.instance == s.instance()
            && self.policy == s.doc.policy
            && self.updates == s.doc.updates
            && mine.eq(model_names(s))
    }
}

fn model_names(s: &Snapshot) -> impl Iterator<Item = (&str, Option<&str>)> {
    s.doc
        .models
        .iter()
        .map(|m| (m.key.as_str(), m.registered_model.as_deref()))
}

impl TimelineCache {
    /// [`update_timeline`] of these inputs, joined again only when what it reads has changed.
    pub fn timeline(
        &mut self,
        snapshots: &[Snapshot],
        promotions: &[HistoryEntry],
    ) -> Arc<Vec<TimelineEvent>> {
        let same = self.joined.as_ref().is_some_and(|(inputs, joined)| {
            joined.as_slice() == promotions
                && inputs.len() == snapshots.len()
                && inputs
                    .iter()
                    .zip(snapshots)
                    .all(|(i, s)| i.reads_the_same(s))
        });
        if !same {
            self.events = Arc::new(update_timeline(snapshots, promotions));
            let inputs = snapshots.iter().map(TimelineInput::of).collect();
            self.joined = Some((inputs, promotions.to_vec()));
        }
        self.events.clone()
    }
}

/// One instance's updates, each joined to the promotion it followed (whose index goes into `followed`).
fn service_events(
    snap: &Snapshot,
    name_instance: bool,
    index: &PromotionIndex<'_>,
    followed: &mut HashSet<usize>,
) -> Vec<TimelineEvent> {
    let doc = &snap.doc;
    let targets = doc.policy.targets();
    doc.updates
        .iter()
        .map(|u| {
            let registered = u
                .registered_model
                .as_deref()
                .or_else(|| doc.model(&u.model)?.registered_model.as_deref());
            let found = registered
                .zip(u.to_version.as_deref())
                .and_then(|(r, v)| index.find(r, v, &targets, u.at));
            followed.extend(found);
            TimelineEvent {
                at: u.at,
                model: u.model.clone(),
                registered_model: registered.map(str::to_owned),
                instance: name_instance.then(|| snap.instance().to_owned()),
                kind: EventKind::Service {
                    update: Box::new(u.clone()),
                    promotion: found.map(|i| index.promotions[i].clone()),
                },
            }
        })
        .collect()
}

/// Promotions no update followed, to any service's alias or stage, named by the service's model key.
/// One is pending when the service has recorded nothing about its model since.
fn promotion_events<'a>(
    unfollowed: impl Iterator<Item = &'a HistoryEntry>,
    snapshots: &[Snapshot],
    service: &[TimelineEvent],
) -> Vec<TimelineEvent> {
    let mut targets: Vec<Target> = Vec::new();
    let mut keys: HashMap<&str, &str> = HashMap::new();
    for doc in snapshots.iter().map(|s| &s.doc) {
        for t in doc.policy.targets() {
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
        for m in &doc.models {
            if let Some(r) = &m.registered_model {
                keys.entry(r).or_insert(&m.key);
            }
        }
    }
    let mut latest: HashMap<&str, i64> = HashMap::new();
    for e in service {
        let Some(r) = e.registered_model.as_deref() else {
            continue;
        };
        keys.entry(r).or_insert(&e.model);
        if let Some(at) = e.at {
            let seen = latest.entry(r).or_insert(at);
            *seen = (*seen).max(at);
        }
    }
    unfollowed
        .filter(|p| action_target(&p.action).is_some_and(|t| targets.contains(&t)))
        .map(|p| {
            let acted_since = latest
                .get(p.model.as_str())
                .is_some_and(|at| *at + CLOCK_SKEW_MS >= p.at);
            TimelineEvent {
                at: Some(p.at),
                model: keys
                    .get(p.model.as_str())
                    .map_or(p.model.clone(), |k| (*k).to_owned()),
                registered_model: Some(p.model.clone()),
                instance: None,
                kind: EventKind::Promotion {
                    entry: p.clone(),
                    pending: !acted_since,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions() {
        assert_eq!(
            action_target("alias:champion"),
            Some(Target::Alias("champion".into()))
        );
        assert_eq!(
            action_target("stage:Production"),
            Some(Target::Stage("Production".into()))
        );
        assert_eq!(action_target("unalias:champion"), None);
        assert_eq!(action_target("alias:"), None);
        assert_eq!(action_target("weird"), None);
    }
}
