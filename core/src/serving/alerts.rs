//! The serving alert rules. Each alert carries a severity and a sentence saying what is wrong and where;
//! the header shows how many there are.

use std::collections::BTreeMap;

use super::contract::{ModelStats, Outcome, Policy, StatsDoc, Status, Update};
use super::live::Snapshot;
use crate::api::RegisteredModel;
use crate::config::Config;
use crate::format::{format_duration, format_metric};
use crate::registry::promotion::Target;

/// How urgent an alert is; critical ones sort first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look: the service works, but not as the registry or the threshold intends.
    Warning,
    /// Requests are failing or the figures cannot be trusted.
    Critical,
}

impl Severity {
    /// The word on the badge.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }
}

/// Which rule raised an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AlertKind {
    /// A model's status is `error`.
    ModelError,
    /// The stats are older than three refresh intervals: the service (or the fetch) is stuck.
    Stale,
    /// A model's window error rate is above `alerts.max_error_rate`.
    HighErrorRate,
    /// The served version's F1 is below the model's threshold.
    BelowThreshold,
    /// The served version is not the registry's for longer than two registry polls.
    VersionMismatch,
}

/// One alert for the serving overview.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    /// The rule.
    pub kind: AlertKind,
    /// How urgent.
    pub severity: Severity,
    /// The model's key, when the alert is about one model.
    pub model: Option<String>,
    /// The instance, when the overview watches several.
    pub instance: Option<String>,
    /// What is wrong, as a sentence for the user.
    pub message: String,
}

/// What the registry says a served model should be, as the alerts need it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegistryView {
    /// Where the expected version comes from: the policy's alias or stage that has a holder.
    pub target: Option<Target>,
    /// The version the service should serve.
    pub expected: Option<String>,
    /// Since when (milliseconds since the epoch) the served version has differed from `expected`, as the
    /// caller observed it (see `MismatchWatch`); None while they agree.
    pub mismatch_since: Option<i64>,
}

impl RegistryView {
    /// The version a registered model should serve under a policy: the holder of the first of the policy's
    /// targets that has one (by default `@champion`, else `Production`). `model` needs its aliases and
    /// `latest_versions`, as `registered-models/get` returns them.
    pub fn of(
        model: &RegisteredModel,
        policy: &Policy,
        mismatch_since: Option<i64>,
    ) -> RegistryView {
        let found = policy.targets().into_iter().find_map(|target| {
            let holder = target.holders(model, &model.latest_versions).pop()?;
            Some((target, holder))
        });
        match found {
            Some((target, version)) => RegistryView {
                target: Some(target),
                expected: Some(version),
                mismatch_since,
            },
            None => RegistryView::default(),
        }
    }
}

/// Every alert for the latest stats of each instance, critical first. `registry` is keyed by registered
/// model name; `now` and the snapshots' fetch times are milliseconds since the epoch.
pub fn alerts(
    snapshots: &[Snapshot],
    registry: &BTreeMap<String, RegistryView>,
    now: i64,
    config: &Config,
) -> Vec<Alert> {
    let several = snapshots.len() > 1;
    let mut out = Vec::new();
    for snap in snapshots {
        let instance = several.then(|| snap.instance().to_owned());
        let at = |model: Option<&str>| Where {
            model: model.map(str::to_owned),
            instance: instance.clone(),
        };
        out.extend(stale(snap, now, config.refresh_seconds, at(None)));
        for m in &snap.doc.models {
            let here = at(Some(&m.key));
            out.extend(model_error(m, here.clone()));
            out.extend(high_error_rate(
                m,
                config.alerts.max_error_rate,
                here.clone(),
            ));
            let threshold = m.threshold.or_else(|| {
                let name = m.registered_model.as_deref()?;
                config.thresholds.get(name).copied()
            });
            out.extend(below_threshold(m, threshold, here.clone()));
            let view = m.registered_model.as_deref().and_then(|r| registry.get(r));
            out.extend(view.and_then(|v| version_mismatch(m, v, &snap.doc, now, here)));
        }
    }
    crate::sort::sort_by(&mut out, |a, b| {
        (b.severity, &a.model, &a.instance, a.kind).cmp(&(
            a.severity,
            &b.model,
            &b.instance,
            b.kind,
        ))
    });
    out
}

/// How many alerts of each severity: (critical, warning), for the header badge.
pub fn alert_counts(alerts: &[Alert]) -> (usize, usize) {
    let critical = alerts
        .iter()
        .filter(|a| a.severity == Severity::Critical)
        .count();
    (critical, alerts.len() - critical)
}

/// A share as a percentage for sentences and cards: `7.2 %`, `0.04 %`, `0 %`.
pub fn format_percent(share: f64) -> String {
    format!("{} %", format_metric(share * 100.0))
}

/// Where an alert applies.
#[derive(Clone)]
struct Where {
    model: Option<String>,
    instance: Option<String>,
}

impl Where {
    fn alert(self, kind: AlertKind, severity: Severity, message: String) -> Alert {
        Alert {
            kind,
            severity,
            model: self.model,
            instance: self.instance,
            message,
        }
    }

    /// `text` or `text on worker-1`; the instance alone for alerts about a whole instance.
    fn subject(&self) -> String {
        match (&self.model, &self.instance) {
            (Some(m), Some(i)) => format!("{m} on {i}"),
            (Some(m), None) => m.clone(),
            (None, Some(i)) => i.clone(),
            (None, None) => "The serving service".to_owned(),
        }
    }
}

/// Stats not refreshed for three intervals: either no fetch succeeded since, or the service keeps
/// answering with the same document (a stuck writer). Both are measured on the page's clock alone: a service
/// whose clock is ahead of or behind the page's is not stuck for that.
fn stale(snap: &Snapshot, now: i64, refresh_seconds: u32, at: Where) -> Option<Alert> {
    let limit = 3 * i64::from(refresh_seconds) * 1000;
    let since_fetch = now - snap.fetched_at;
    let written = snap.doc.generated_at.map(|_| now - snap.written_seen_at);
    let subject = at.subject();
    let message = if since_fetch > limit {
        format!(
            "{subject}: no stats for {}; the figures shown are from the last successful refresh.",
            format_duration(since_fetch)
        )
    } else if let Some(age) = written.filter(|age| *age > limit) {
        format!(
            "{subject}: the service has answered with the same stats for {}; it may be stuck.",
            format_duration(age)
        )
    } else {
        return None;
    };
    Some(at.alert(AlertKind::Stale, Severity::Critical, message))
}

fn model_error(m: &ModelStats, at: Where) -> Option<Alert> {
    if m.status != Status::Error {
        return None;
    }
    let version = m
        .version
        .as_deref()
        .map_or(String::new(), |v| format!(" version {v}"));
    let why = m
        .error
        .as_deref()
        .map_or("the service gave no reason".to_owned(), |e| {
            format!("the service says: {e}")
        });
    let message = format!("{} failed to load{version}; {why}.", at.subject());
    Some(at.alert(AlertKind::ModelError, Severity::Critical, message))
}

fn high_error_rate(m: &ModelStats, limit: f64, at: Where) -> Option<Alert> {
    let rate = m.window.error_rate.filter(|r| *r > limit)?;
    let window = m.window.seconds.map_or(String::new(), |s| {
        format!(
            " over the last {}",
            format_duration((s * 1000.0).round() as i64)
        )
    });
    let message = format!(
        "{}: {} of requests failed{window}, above the {} limit.",
        at.subject(),
        format_percent(rate),
        format_percent(limit)
    );
    Some(at.alert(AlertKind::HighErrorRate, Severity::Critical, message))
}

fn below_threshold(m: &ModelStats, threshold: Option<f64>, at: Where) -> Option<Alert> {
    let (f1, threshold) = (m.f1?, threshold?);
    if f1 >= threshold {
        return None;
    }
    let version = m
        .version
        .as_deref()
        .map_or(String::new(), |v| format!(" version {v}"));
    let message = format!(
        "{} serves{version} with F1 {}, below its threshold {}.",
        at.subject(),
        format_metric(f1),
        format_metric(threshold)
    );
    Some(at.alert(AlertKind::BelowThreshold, Severity::Warning, message))
}

/// A mismatch shorter than two registry polls is a promotion on its way, not a problem. A longer one says what
/// the service's own record says of the registry's version: skipped (below the threshold, say) or failed, and why.
fn version_mismatch(
    m: &ModelStats,
    view: &RegistryView,
    doc: &StatsDoc,
    now: i64,
    at: Where,
) -> Option<Alert> {
    let (served, expected, since) = (
        m.version.as_deref()?,
        view.expected.as_deref()?,
        view.mismatch_since?,
    );
    let lasted = now - since;
    if served == expected || lasted <= doc.policy.poll_ms().saturating_mul(2) {
        return None;
    }
    let target = view
        .target
        .as_ref()
        .map_or("the registry's version".to_owned(), |t| {
            format!("the registry's {t}")
        });
    let decided = doc
        .updates
        .iter()
        .filter(|u| u.model == m.key || m.registered_model.as_deref() == Some(u.model.as_str()))
        .filter(|u| u.to_version.as_deref() == Some(expected))
        .max_by_key(|u| u.at);
    let why = |u: &Update| {
        u.reason
            .clone()
            .unwrap_or_else(|| "no reason given".to_owned())
    };
    let record = match decided {
        Some(u) if u.outcome == Outcome::Skipped => format!("the service skipped it: {}", why(u)),
        Some(u) if u.outcome == Outcome::Failed => {
            format!("the service tried it and failed: {}", why(u))
        }
        _ => "the service has not picked up the change".to_owned(),
    };
    let message = format!(
        "{} serves version {served}, but {target} is version {expected} (for {}); {record}.",
        at.subject(),
        format_duration(lasted)
    );
    Some(at.alert(AlertKind::VersionMismatch, Severity::Warning, message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ModelVersion;
    use crate::api::RegisteredModelAlias;

    #[test]
    fn percents() {
        assert_eq!(format_percent(0.072), "7.2 %");
        assert_eq!(format_percent(0.05), "5 %");
        assert_eq!(format_percent(0.0004), "0.04 %");
        assert_eq!(format_percent(0.0), "0 %");
    }

    #[test]
    fn registry_view_follows_the_policy() {
        let model = RegisteredModel {
            aliases: vec![RegisteredModelAlias {
                alias: "champion".into(),
                version: "7".into(),
            }],
            latest_versions: vec![ModelVersion {
                version: "6".into(),
                current_stage: "Production".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let default = RegistryView::of(&model, &Policy::default(), None);
        assert_eq!(default.expected.as_deref(), Some("7"));
        assert_eq!(default.target, Some(Target::Alias("champion".into())));
        let staged = Policy {
            stage: Some("Production".into()),
            ..Default::default()
        };
        assert_eq!(
            RegistryView::of(&model, &staged, None).expected.as_deref(),
            Some("6")
        );
        let mut no_alias = model.clone();
        no_alias.aliases.clear();
        let view = RegistryView::of(&no_alias, &Policy::default(), Some(5));
        assert_eq!(
            (view.expected.as_deref(), view.mismatch_since),
            (Some("6"), Some(5)),
            "Production when there is no champion"
        );
        assert_eq!(
            RegistryView::of(&RegisteredModel::default(), &Policy::default(), Some(5)),
            RegistryView::default()
        );
    }
}
