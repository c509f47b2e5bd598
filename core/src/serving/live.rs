//! What the serving page keeps while it is open: a bounded ring of samples per model for the sparklines,
//! the previous counters for rates, since when a served version has disagreed with the registry; and the
//! served F1 over time. Joining several instances into one figure per model is aggregate.rs.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::aggregate::{aggregate_with, ModelAggregate};
use super::alerts::format_percent;
use super::contract::{Outcome, StatsDoc};
use super::rates::{rates, Rates, Reading};
use super::timeline::TimelineCache;
use crate::format::format_metric;

/// Samples kept per model: half an hour at the default 5 s refresh.
pub const SAMPLE_CAP: usize = 360;

/// The latest good stats of one instance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// The stats URL it came from.
    pub url: String,
    /// The document, shared: the overview reads every instance's latest on each poll without copying its
    /// thousand updates.
    pub doc: Arc<StatsDoc>,
    /// When it was fetched, in milliseconds since the epoch (the page's clock).
    pub fetched_at: i64,
    /// When the page first fetched a document with this `generated_at` (the page's clock): a service that keeps
    /// answering with the same one is stuck, whatever its own clock says.
    pub written_seen_at: i64,
}

impl Snapshot {
    /// When the figures were taken: the document's `generated_at`, else the fetch time.
    pub fn taken_at(&self) -> i64 {
        self.doc.generated_at.unwrap_or(self.fetched_at)
    }

    /// The instance's name: its own, else its URL.
    pub fn instance(&self) -> &str {
        match self.doc.instance_label() {
            "" => &self.url,
            name => name,
        }
    }
}

/// A fixed-size ring: pushing onto a full ring drops the oldest item.
#[derive(Debug, Clone, PartialEq)]
pub struct Ring<T> {
    cap: usize,
    items: VecDeque<T>,
}

impl<T> Ring<T> {
    /// An empty ring that keeps at most `cap` items (at least one).
    pub fn new(cap: usize) -> Ring<T> {
        let cap = cap.max(1);
        Ring {
            cap,
            items: VecDeque::with_capacity(cap),
        }
    }

    /// Appends an item, dropping the oldest when full.
    pub fn push(&mut self, item: T) {
        if self.items.len() == self.cap {
            self.items.pop_front();
        }
        self.items.push_back(item);
    }

    /// The items, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator {
        self.items.iter()
    }

    /// The newest item.
    pub fn last(&self) -> Option<&T> {
        self.items.back()
    }

    /// How many items it holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// One model's figures at one refresh, across all instances.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sample {
    /// When, in milliseconds since the epoch (the newest `generated_at` among the instances).
    pub at: i64,
    /// Requests per second, summed over instances.
    pub rps: Option<f64>,
    /// Failed share of requests, weighted by requests.
    pub error_rate: Option<f64>,
    /// The worst instance's 95th percentile latency, in milliseconds.
    pub p95_ms: Option<f64>,
}

/// Which figure of a sample a sparkline shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SampleField {
    /// Requests per second.
    #[default]
    Rps,
    /// Error rate.
    ErrorRate,
    /// 95th percentile latency.
    P95,
}

impl SampleField {
    /// The figure of a sample.
    pub fn of(self, s: &Sample) -> Option<f64> {
        match self {
            SampleField::Rps => s.rps,
            SampleField::ErrorRate => s.error_rate,
            SampleField::P95 => s.p95_ms,
        }
    }

    /// A short name for labels.
    pub fn label(self) -> &'static str {
        match self {
            SampleField::Rps => "requests/s",
            SampleField::ErrorRate => "error rate",
            SampleField::P95 => "p95 latency",
        }
    }

    /// A value of this figure for a read-out: `5.2 requests/s`, `0.4 % errors`, `41 ms p95`.
    pub fn format(self, v: f64) -> String {
        match self {
            SampleField::Rps => format!("{} requests/s", format_metric(v)),
            SampleField::ErrorRate => format!("{} errors", format_percent(v)),
            SampleField::P95 => format!("{} ms p95", format_metric(v)),
        }
    }
}

/// The page's memory between refreshes.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveState {
    cap: usize,
    samples: BTreeMap<String, Ring<Sample>>,
    readings: HashMap<(String, String), Reading>,
    rates: HashMap<(String, String), Rates>,
    /// The update history as last joined.
    pub timeline: TimelineCache,
}

impl Default for LiveState {
    fn default() -> Self {
        LiveState::new(SAMPLE_CAP)
    }
}

impl LiveState {
    /// Keeps at most `cap` samples per model.
    pub fn new(cap: usize) -> LiveState {
        LiveState {
            cap,
            samples: BTreeMap::new(),
            readings: HashMap::new(),
            rates: HashMap::new(),
            timeline: TimelineCache::default(),
        }
    }

    /// Records one refresh of every instance and returns the aggregates. Counters are compared with the
    /// previous reading of the same URL and model; requests per second from counters stand in where a
    /// window has none. A refresh with nothing newer than the last sample adds no sample.
    pub fn record(&mut self, snapshots: &[Snapshot]) -> Vec<ModelAggregate> {
        let mut derived = HashMap::new();
        for (i, snap) in snapshots.iter().enumerate() {
            for m in &snap.doc.models {
                let id = (snap.url.clone(), m.key.clone());
                if let Some(now) = Reading::of(&snap.doc, &m.key, snap.fetched_at) {
                    self.observe(&id, now);
                }
                // An instance that did not change since the last refresh keeps its last rate, so the sum
                // does not dip while another instance moves on.
                if let Some(rps) = self.rates.get(&id).and_then(|r| r.rps) {
                    derived.insert((i, m.key.clone()), rps);
                }
            }
        }
        let aggregates = aggregate_with(snapshots, &derived);
        let Some(at) = snapshots.iter().map(Snapshot::taken_at).max() else {
            return aggregates;
        };
        for agg in &aggregates {
            let ring = self
                .samples
                .entry(agg.key.clone())
                .or_insert_with(|| Ring::new(self.cap));
            if ring.last().is_none_or(|last| at > last.at) {
                ring.push(agg.sample(at));
            }
        }
        aggregates
    }

    /// Compares a reading with the previous one of the same URL and model; the same or an older
    /// document (a response that arrived late) changes nothing.
    fn observe(&mut self, id: &(String, String), now: Reading) {
        if let Some(before) = self.readings.get(id) {
            if now.at <= before.at {
                return;
            }
            self.rates.insert(id.clone(), rates(before, &now));
        }
        self.readings.insert(id.clone(), now);
    }

    /// A model's samples, oldest first.
    pub fn samples(&self, key: &str) -> Vec<Sample> {
        self.samples
            .get(key)
            .map_or_else(Vec::new, |r| r.iter().copied().collect())
    }

    /// One figure of a model's samples as (time, value) points, oldest first, for a sparkline.
    pub fn series(&self, key: &str, field: SampleField) -> Vec<(i64, Option<f64>)> {
        self.samples.get(key).map_or_else(Vec::new, |r| {
            r.iter().map(|s| (s.at, field.of(s))).collect()
        })
    }

    /// The rates between the last two readings of a model on one instance (by URL); `restarted` says the
    /// counters went back.
    pub fn rates(&self, url: &str, key: &str) -> Option<Rates> {
        self.rates.get(&(url.to_owned(), key.to_owned())).copied()
    }
}

/// Since when each registered model's served versions have disagreed with the registry, as the page
/// observes it across refreshes; feeds `RegistryView::mismatch_since`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MismatchWatch {
    since: HashMap<String, (String, i64)>,
}

impl MismatchWatch {
    /// Records what a model serves now (every instance's version) and what the registry expects; returns
    /// since when they have disagreed, or None when they agree or either is unknown. The clock restarts
    /// when the registry's version changes: a new promotion gets its own grace period.
    pub fn observe(
        &mut self,
        registered_model: &str,
        served: &[Option<&str>],
        expected: Option<&str>,
        now: i64,
    ) -> Option<i64> {
        let known: Vec<&str> = served.iter().flatten().copied().collect();
        let Some(expected) = expected.filter(|_| !known.is_empty()) else {
            self.since.remove(registered_model);
            return None;
        };
        if known.iter().all(|v| *v == expected) {
            self.since.remove(registered_model);
            return None;
        }
        let entry = self
            .since
            .entry(registered_model.to_owned())
            .or_insert_with(|| (expected.to_owned(), now));
        if entry.0 != expected {
            *entry = (expected.to_owned(), now);
        }
        Some(entry.1)
    }
}

/// One point of the served F1 over time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct F1Point {
    /// When, in milliseconds since the epoch.
    pub at: i64,
    /// The version.
    pub version: Option<String>,
    /// Its F1, when the service reported one.
    pub f1: Option<f64>,
    /// Why a candidate was skipped.
    pub reason: Option<String>,
}

/// A model's served F1 over time: a step per applied update, and the candidates it skipped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServedF1History {
    /// The model's key.
    pub key: String,
    /// From each point on, the served version had this F1; oldest first.
    pub steps: Vec<F1Point>,
    /// Skipped candidates, one per version (its first skip), oldest first.
    pub skipped: Vec<F1Point>,
    /// The model's threshold, as the newest record says.
    pub threshold: Option<f64>,
    /// Until when the last step holds: the newest snapshot's time.
    pub until: Option<i64>,
}

/// The served F1 of model `key` over time from every instance's updates. The first step is the version
/// served before the first applied update (from the earliest record or instance start), and an instance
/// repeating a step another already made adds nothing.
pub fn served_f1_history(snapshots: &[Snapshot], key: &str) -> ServedF1History {
    let mut updates: Vec<_> = snapshots
        .iter()
        .flat_map(|s| &s.doc.updates)
        .filter(|u| u.model == key)
        .filter_map(|u| Some((u.at?, u)))
        .collect();
    crate::sort::sort_by_key(&mut updates, |(at, _)| *at);
    let current = snapshots.iter().filter_map(|s| s.doc.model(key)).next();
    let mut out = ServedF1History {
        key: key.to_owned(),
        until: snapshots.iter().map(Snapshot::taken_at).max(),
        threshold: updates
            .iter()
            .rev()
            .find_map(|(_, u)| u.threshold)
            .or(current.and_then(|m| m.threshold)),
        ..Default::default()
    };
    let start = snapshots
        .iter()
        .filter_map(|s| s.doc.service.started_at)
        .chain(updates.first().map(|(at, _)| *at))
        .min();
    match updates.iter().find(|(_, u)| u.outcome == Outcome::Applied) {
        Some((at, u)) => out
            .steps
            .extend(start.filter(|s| s < at).map(|start| F1Point {
                at: start,
                version: u.from_version.clone(),
                f1: u.f1_old,
                reason: None,
            })),
        // Nothing applied on record: the current version has served since it was loaded.
        None => out.steps.extend(current.and_then(|m| {
            Some(F1Point {
                at: m.loaded_at.or(start).or(out.until)?,
                version: m.version.clone(),
                f1: m.f1,
                reason: None,
            })
        })),
    }
    for (at, u) in &updates {
        let point = F1Point {
            at: *at,
            version: u.to_version.clone(),
            f1: u.f1_new,
            reason: u.reason.clone(),
        };
        match u.outcome {
            Outcome::Applied if out.steps.last().map(|s| &s.version) != Some(&point.version) => {
                out.steps.push(F1Point {
                    reason: None,
                    ..point
                })
            }
            Outcome::Skipped if !out.skipped.iter().any(|s| s.version == point.version) => {
                out.skipped.push(point)
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_drops_the_oldest() {
        let mut r = Ring::new(3);
        assert!(r.is_empty());
        for i in 0..5 {
            r.push(i);
        }
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), [2, 3, 4]);
        assert_eq!((r.len(), r.last()), (3, Some(&4)));
        let mut tiny = Ring::new(0);
        tiny.push('a');
        tiny.push('b');
        assert_eq!(tiny.iter().collect::<Vec<_>>(), [&'b']);
    }

    #[test]
    fn mismatch_clock() {
        let mut w = MismatchWatch::default();
        assert_eq!(w.observe("m", &[Some("7")], Some("7"), 0), None);
        assert_eq!(w.observe("m", &[Some("6")], Some("7"), 10), Some(10));
        assert_eq!(
            w.observe("m", &[Some("6"), Some("7")], Some("7"), 20),
            Some(10),
            "half-way"
        );
        assert_eq!(
            w.observe("m", &[Some("6")], Some("8"), 30),
            Some(30),
            "a new promotion"
        );
        assert_eq!(
            w.observe("m", &[None], Some("8"), 40),
            None,
            "unknown served version"
        );
        assert_eq!(w.observe("m", &[Some("6")], None, 50), None);
        assert_eq!(
            w.observe("m", &[Some("6")], Some("8"), 60),
            Some(60),
            "starts over"
        );
        assert_eq!(w.observe("m", &[Some("8")], Some("8"), 70), None);
    }
}
