//! Several instances' stats joined into one figure per served model: summed traffic, the worst status, the
//! versions each instance serves.

use std::collections::HashMap;

use super::contract::{ModelStats, Status, Totals};
use super::live::{Sample, Snapshot};

/// One version served by some of a model's instances.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServedVersion {
    /// The version, None when an instance does not say.
    pub version: Option<String>,
    /// Its F1 as the first instance reporting it says.
    pub f1: Option<f64>,
    /// The instances serving it.
    pub instances: Vec<String>,
}

/// One model's figures across all instances that report it.
///
/// Rates and request counts are summed; the error rate is weighted by each instance's window requests
/// (a plain mean when no instance reports its requests); latency percentiles are the worst instance's,
/// since percentiles cannot be combined without the underlying distributions and the slowest instance is
/// what users of that instance feel.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelAggregate {
    /// The model's key.
    pub key: String,
    /// The registered model, as the first instance reporting the model says.
    pub registered_model: Option<String>,
    /// The threshold, as the first instance that has one says.
    pub threshold: Option<f64>,
    /// The worst status among the instances (error, then loading, unknown, missing, ready).
    pub status: Status,
    /// Requests per second over the window, summed; None when no instance reports it.
    pub rps: Option<f64>,
    /// Requests in the window, summed.
    pub requests: Option<u64>,
    /// Failed share of the window's requests, weighted by requests.
    pub error_rate: Option<f64>,
    /// The highest 95th percentile latency of any instance, in milliseconds.
    pub p95_ms: Option<f64>,
    /// The highest 99th percentile latency of any instance, in milliseconds.
    pub p99_ms: Option<f64>,
    /// Cumulative counters, summed.
    pub totals: Totals,
    /// The versions served, most instances first; more than one means a rolling update is under way or
    /// stuck half-way.
    pub versions: Vec<ServedVersion>,
    /// How many instances report the model.
    pub instances: usize,
}

impl ModelAggregate {
    /// Whether the instances serve different versions.
    pub fn split(&self) -> bool {
        self.versions.len() > 1
    }

    /// The served version when every instance agrees.
    pub fn version(&self) -> Option<&str> {
        match self.versions.as_slice() {
            [only] => only.version.as_deref(),
            _ => None,
        }
    }

    /// The served F1 when every instance agrees on the version.
    pub fn f1(&self) -> Option<f64> {
        match self.versions.as_slice() {
            [only] => only.f1,
            _ => None,
        }
    }

    /// The sample this aggregate contributes at time `at`.
    pub fn sample(&self, at: i64) -> Sample {
        Sample {
            at,
            rps: self.rps,
            error_rate: self.error_rate,
            p95_ms: self.p95_ms,
        }
    }
}

/// One figure per model across instances, in the order models first appear. See [`ModelAggregate`] for
/// how each figure combines.
pub fn aggregate(snapshots: &[Snapshot]) -> Vec<ModelAggregate> {
    aggregate_with(snapshots, &HashMap::new())
}

/// As [`aggregate`], with requests per second derived from counters for instances whose window has none,
/// keyed by (snapshot index, model key).
pub(super) fn aggregate_with(
    snapshots: &[Snapshot],
    derived_rps: &HashMap<(usize, String), f64>,
) -> Vec<ModelAggregate> {
    let mut order: Vec<String> = Vec::new();
    let mut parts: HashMap<String, Vec<(usize, &ModelStats)>> = HashMap::new();
    for (i, snap) in snapshots.iter().enumerate() {
        for m in &snap.doc.models {
            let entry = parts.entry(m.key.clone()).or_insert_with(|| {
                order.push(m.key.clone());
                Vec::new()
            });
            entry.push((i, m));
        }
    }
    order
        .into_iter()
        .map(|key| {
            let members = parts.remove(&key).unwrap_or_default();
            combine(key, &members, snapshots, derived_rps)
        })
        .collect()
}

fn combine(
    key: String,
    members: &[(usize, &ModelStats)],
    snapshots: &[Snapshot],
    derived_rps: &HashMap<(usize, String), f64>,
) -> ModelAggregate {
    let models = || members.iter().map(|(_, m)| *m);
    let rps = members.iter().filter_map(|(i, m)| {
        m.window
            .rps
            .or_else(|| derived_rps.get(&(*i, m.key.clone())).copied())
    });
    ModelAggregate {
        registered_model: models().find_map(|m| m.registered_model.clone()),
        threshold: models().find_map(|m| m.threshold),
        status: models()
            .map(|m| m.status.clone())
            .max_by_key(status_rank)
            .unwrap_or_default(),
        rps: sum(rps),
        requests: sum_u64(models().map(|m| m.window.requests)),
        error_rate: weighted_error_rate(models()),
        p95_ms: max(models().filter_map(|m| m.window.latency_ms.p95)),
        p99_ms: max(models().filter_map(|m| m.window.latency_ms.p99)),
        totals: Totals {
            requests: sum_u64(models().map(|m| m.totals.requests)),
            failures: sum_u64(models().map(|m| m.totals.failures)),
        },
        versions: served_versions(members, snapshots),
        instances: members.len(),
        key,
    }
}

/// Error first: one broken instance makes the model's badge say so.
fn status_rank(s: &Status) -> u8 {
    match s {
        Status::Ready => 0,
        Status::Missing => 1,
        Status::Unknown(_) => 2,
        Status::Loading => 3,
        Status::Error => 4,
    }
}

fn sum(values: impl Iterator<Item = f64>) -> Option<f64> {
    values.fold(None, |acc, v| Some(acc.unwrap_or(0.0) + v))
}

fn sum_u64(values: impl Iterator<Item = Option<u64>>) -> Option<u64> {
    values
        .flatten()
        .fold(None, |acc, v| Some(acc.unwrap_or(0u64).saturating_add(v)))
}

fn max(values: impl Iterator<Item = f64>) -> Option<f64> {
    values.fold(None, |acc, v| Some(acc.map_or(v, |a: f64| a.max(v))))
}

/// Σ(rate × requests) / Σ requests over instances that report both; a plain mean of the rates when none
/// reports its requests; None without traffic.
fn weighted_error_rate<'a>(models: impl Iterator<Item = &'a ModelStats> + Clone) -> Option<f64> {
    // Requests summed as floats: a weighted mean stays right when they are too many for a u64 together.
    let (mut weighted, mut requests) = (0.0, 0.0);
    for m in models.clone() {
        if let (Some(rate), Some(n)) = (m.window.error_rate, m.window.requests) {
            weighted += rate * n as f64;
            requests += n as f64;
        }
    }
    if requests > 0.0 {
        return Some(weighted / requests);
    }
    let any_requests = models.clone().any(|m| m.window.requests.is_some());
    let rates: Vec<f64> = models.filter_map(|m| m.window.error_rate).collect();
    (!any_requests && !rates.is_empty()).then(|| rates.iter().sum::<f64>() / rates.len() as f64)
}

/// The versions the instances serve, most instances first (ties: the higher version first).
fn served_versions(members: &[(usize, &ModelStats)], snapshots: &[Snapshot]) -> Vec<ServedVersion> {
    let mut out: Vec<ServedVersion> = Vec::new();
    for (i, m) in members {
        let instance = snapshots
            .get(*i)
            .map_or(String::new(), |s| s.instance().to_owned());
        match out.iter_mut().find(|v| v.version == m.version) {
            Some(v) => {
                v.instances.push(instance);
                v.f1 = v.f1.or(m.f1);
            }
            None => out.push(ServedVersion {
                version: m.version.clone(),
                f1: m.f1,
                instances: vec![instance],
            }),
        }
    }
    let number = |v: &ServedVersion| v.version.as_deref().and_then(|s| s.parse::<u64>().ok());
    crate::sort::sort_by(&mut out, |a, b| {
        b.instances
            .len()
            .cmp(&a.instances.len())
            .then_with(|| number(b).cmp(&number(a)))
    });
    out
}
