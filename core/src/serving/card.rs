//! A served model's card on the overview: its versions beside the registry's, its F1 against the threshold, its
//! live figures and prediction mix, and how instances or the registry disagree about it.

use std::collections::{BTreeMap, HashSet};

use super::aggregate::ModelAggregate;
use super::alerts::RegistryView;
use super::contract::{Latency, ModelStats, Status};
use super::live::{Sample, SampleField, Snapshot};
use crate::config::Config;
use crate::format::format_metric;
use crate::registry::promotion::Target;
use crate::url_state::encode_path_segment;

/// A live figure for a card with about three significant digits: `5.2`, `41`, `0.35`; `—` when unknown.
pub fn format_figure(v: Option<f64>) -> String {
    let Some(v) = v.filter(|v| v.is_finite()) else {
        return "—".to_owned();
    };
    let decimals = match v.abs() {
        a if a >= 100.0 || a == 0.0 => 0,
        a if a >= 10.0 => 1,
        a if a >= 0.1 => 2,
        _ => 4,
    };
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// A latency in milliseconds for a card: `41 ms`, `12.5 ms`, `—`.
pub fn format_latency(ms: Option<f64>) -> String {
    match ms {
        Some(v) if v.is_finite() => format!("{} ms", format_figure(Some(v))),
        _ => "—".to_owned(),
    }
}

/// A share as a percentage for a card: `0.41 %`, `12 %`, `—`.
pub fn format_share(share: Option<f64>) -> String {
    match share {
        Some(v) if v.is_finite() => format!("{} %", format_figure(Some(v * 100.0))),
        _ => "—".to_owned(),
    }
}

/// The app's page of a model version, the name percent-encoded as one path segment.
pub fn version_href(registered_model: &str, version: &str) -> String {
    format!(
        "/models/{}/versions/{}",
        encode_path_segment(registered_model),
        encode_path_segment(version)
    )
}

/// A served version on a card, linked to its page.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionLink {
    /// `v8`, or `unknown` when an instance does not say.
    pub text: String,
    /// The version's page, when the version and its registered model are known.
    pub href: Option<String>,
    /// The instances serving it, when they disagree (empty otherwise).
    pub instances: String,
}

/// One label's share of a model's predictions.
#[derive(Debug, Clone, PartialEq)]
pub struct MixPart {
    /// The label, e.g. `safe`.
    pub label: String,
    /// `safe 93.3 % (1400)`.
    pub text: String,
    /// The bar segment's CSS width, `93.3%` (set through the CSSOM: the CSP refuses `style` attributes).
    pub width: String,
}

/// The F1 of the served version against the threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct F1Verdict {
    /// `F1 0.86 ≥ threshold 0.75: pass`.
    pub text: String,
    /// Whether it passes; None when either figure is unknown.
    pub pass: Option<bool>,
}

/// Everything a serving card shows, as text.
#[derive(Debug, Clone, PartialEq)]
pub struct CardView {
    /// The model's key, e.g. `text`.
    pub key: String,
    /// The registered model, when the service names it.
    pub registered_model: Option<String>,
    /// `text (text_classification_model)`, the card's accessible name.
    pub label: String,
    /// The served versions, most instances first.
    pub served: Vec<VersionLink>,
    /// What the registry holds under the policy: (`Registry @champion`, `v9`).
    pub registry: Option<(String, String)>,
    /// `Registry holds v9, service serves v8` when they differ.
    pub mismatch: Option<String>,
    /// `Instances disagree: worker-1 serves v8, worker-2 serves v7`.
    pub disagreement: Option<String>,
    /// The served F1 against the threshold.
    pub f1: F1Verdict,
    /// (label, value) pairs: requests/s, error rate, p50, p95, p99.
    pub figures: Vec<(&'static str, String)>,
    /// The prediction mix, largest first.
    pub mix: Vec<MixPart>,
    /// The status badge's text.
    pub status: String,
    /// The status badge's class: `ready`, `loading`, `error` or `unknown`.
    pub status_class: &'static str,
    /// Why the model failed to load, as the service says.
    pub load_error: Option<String>,
    /// An instance serving the model did not answer the latest poll: the figures are the last known.
    pub stale: bool,
    /// The model's samples, oldest first, for the sparklines.
    pub samples: Vec<Sample>,
}

impl CardView {
    /// One figure of the samples as (time, value) points, for a sparkline.
    pub fn series(&self, field: SampleField) -> Vec<(i64, Option<f64>)> {
        self.samples.iter().map(|s| (s.at, field.of(s))).collect()
    }
}

fn target_label(t: &Target) -> String {
    match t {
        Target::Alias(a) => format!("@{a}"),
        Target::Stage(s) => s.clone(),
    }
}

/// The served F1 against the threshold.
pub fn f1_verdict(f1: Option<f64>, threshold: Option<f64>) -> F1Verdict {
    match (f1, threshold) {
        (None, _) => F1Verdict {
            text: "F1 unknown".to_owned(),
            pass: None,
        },
        (Some(f1), None) => F1Verdict {
            text: format!("F1 {} (no threshold)", format_metric(f1)),
            pass: None,
        },
        (Some(f1), Some(t)) if f1 >= t => F1Verdict {
            text: format!(
                "F1 {} ≥ threshold {}: pass",
                format_metric(f1),
                format_metric(t)
            ),
            pass: Some(true),
        },
        (Some(f1), Some(t)) => F1Verdict {
            text: format!(
                "F1 {} < threshold {}: fail",
                format_metric(f1),
                format_metric(t)
            ),
            pass: Some(false),
        },
    }
}

/// The predictions of model `key` summed over instances, largest first, each with its share as text and as
/// a bar width.
pub fn prediction_mix(snapshots: &[Snapshot], key: &str) -> Vec<MixPart> {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for m in snapshots.iter().filter_map(|s| s.doc.model(key)) {
        for (label, n) in &m.predictions {
            let count = counts.entry(label).or_default();
            *count = count.saturating_add(*n);
        }
    }
    // Summed as floats: shares stay right when the counts are too large for a u64 together.
    let total: f64 = counts.values().map(|n| *n as f64).sum();
    if total == 0.0 {
        return Vec::new();
    }
    let mut parts: Vec<(&str, u64)> = counts.into_iter().collect();
    crate::sort::sort_by(&mut parts, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    parts
        .into_iter()
        .map(|(label, n)| {
            let share = n as f64 / total;
            MixPart {
                label: label.to_owned(),
                text: format!("{label} {} ({n})", format_share(Some(share))),
                width: format!("{:.1}%", share * 100.0),
            }
        })
        .collect()
}

fn version_text(v: Option<&str>) -> String {
    v.map_or("unknown".to_owned(), |v| format!("v{v}"))
}

/// `Instances disagree: worker-1 serves v8, worker-2 serves v7` when they do.
pub fn disagreement(agg: &ModelAggregate) -> Option<String> {
    if !agg.split() {
        return None;
    }
    let parts: Vec<String> = agg
        .versions
        .iter()
        .flat_map(|v| {
            v.instances
                .iter()
                .map(|i| format!("{i} serves {}", version_text(v.version.as_deref())))
        })
        .collect();
    Some(format!("Instances disagree: {}", parts.join(", ")))
}

/// `Registry holds v9, service serves v8` when the registry's version is known and not what is served.
pub fn mismatch(agg: &ModelAggregate, view: Option<&RegistryView>) -> Option<String> {
    let expected = view?.expected.as_deref()?;
    let served: Vec<&str> = agg
        .versions
        .iter()
        .filter_map(|v| v.version.as_deref())
        .collect();
    if served.is_empty() || served.iter().all(|v| *v == expected) {
        return None;
    }
    let served: Vec<String> = served.iter().map(|v| format!("v{v}")).collect();
    Some(format!(
        "Registry holds v{expected}, service serves {}",
        served.join(" and ")
    ))
}

/// Everything a card shows for one model. `stale_urls` are the stats URLs whose latest fetch failed.
pub fn card_view(
    agg: &ModelAggregate,
    snapshots: &[Snapshot],
    registry: &BTreeMap<String, RegistryView>,
    stale_urls: &HashSet<&str>,
    config: &Config,
    samples: Vec<Sample>,
) -> CardView {
    let members: Vec<(&Snapshot, &ModelStats)> = snapshots
        .iter()
        .filter_map(|s| Some((s, s.doc.model(&agg.key)?)))
        .collect();
    let rm = agg.registered_model.as_deref();
    let view = rm.and_then(|r| registry.get(r));
    let split = agg.split();
    let served = agg
        .versions
        .iter()
        .map(|v| VersionLink {
            text: version_text(v.version.as_deref()),
            href: rm
                .zip(v.version.as_deref())
                .map(|(r, v)| version_href(r, v)),
            instances: if split {
                v.instances.join(", ")
            } else {
                String::new()
            },
        })
        .collect();
    let threshold = agg
        .threshold
        .or_else(|| config.thresholds.get(rm?).copied());
    let worst = |p: fn(&Latency) -> Option<f64>| {
        members
            .iter()
            .filter_map(|(_, m)| p(&m.window.latency_ms))
            .reduce(f64::max)
    };
    let several = snapshots.len() > 1;
    let load_error = members.iter().find_map(|(s, m)| {
        let e = m.error.as_deref()?;
        Some(if several {
            format!("{}: {e}", s.instance())
        } else {
            e.to_owned()
        })
    });
    CardView {
        key: agg.key.clone(),
        registered_model: agg.registered_model.clone(),
        label: match rm {
            Some(r) => format!("{} ({r})", agg.key),
            None => agg.key.clone(),
        },
        served,
        registry: view.and_then(|v| {
            let target = v.target.as_ref()?;
            Some((
                format!("Registry {}", target_label(target)),
                format!("v{}", v.expected.as_deref()?),
            ))
        }),
        mismatch: mismatch(agg, view),
        disagreement: disagreement(agg),
        f1: f1_verdict(
            agg.f1().or(agg.versions.first().and_then(|v| v.f1)),
            threshold,
        ),
        figures: vec![
            ("requests/s", format_figure(agg.rps)),
            ("error rate", format_share(agg.error_rate)),
            ("p50", format_latency(worst(|l| l.p50))),
            ("p95", format_latency(agg.p95_ms)),
            ("p99", format_latency(agg.p99_ms)),
        ],
        mix: prediction_mix(snapshots, &agg.key),
        status: agg.status.label().to_owned(),
        status_class: match agg.status {
            Status::Ready => "ready",
            Status::Loading => "loading",
            Status::Error => "error",
            Status::Unknown(_) | Status::Missing => "unknown",
        },
        load_error,
        stale: members
            .iter()
            .any(|(s, _)| stale_urls.contains(s.url.as_str())),
        samples,
    }
}
