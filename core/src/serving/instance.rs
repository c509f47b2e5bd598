//! One stats URL as the overview polls it: its last good document and its failure, how an answer is read, and
//! the polling rules (back-off, how often the registry is read).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use super::contract::{decode_stats, StatsDoc};
use super::error::StatsError;
use super::live::Snapshot;
use crate::api::{decode_text, ApiError};
use crate::registry::model_state::ModelState;

/// The longest wait between two polls while they keep failing.
pub const MAX_POLL_DELAY_MS: i64 = 60_000;
/// The registry (aliases, stages, promotion history) is read at most this often, not on every poll.
pub const REGISTRY_EVERY_MS: i64 = 15_000;

/// Why one stats URL gave no document: no usable HTTP answer, or an answer that is not v1 stats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatsFetchError {
    /// The request failed or the status was not 2xx.
    Http(ApiError),
    /// A 2xx answer that is not a `pulse.inference-stats/v1` document.
    Stats(StatsError),
}

impl StatsFetchError {
    /// A short title for the error view.
    pub fn title(&self) -> &'static str {
        match self {
            StatsFetchError::Http(
                ApiError::Unreachable { .. } | ApiError::Timeout { .. } | ApiError::Upstream { .. },
            ) => "Serving stats unreachable",
            StatsFetchError::Http(_) => "The stats URL answered with an error",
            StatsFetchError::Stats(e) => e.title(),
        }
    }
}

impl fmt::Display for StatsFetchError {
    // ApiError's sentences speak of MLflow; a stats URL needs its own advice for the failures it names.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let check = "Check that the serving service is running and that stats_url in config.json points at it.";
        match self {
            StatsFetchError::Stats(e) => e.fmt(f),
            StatsFetchError::Http(ApiError::Unreachable { url }) => {
                write!(f, "Could not connect to {url}. {check}")
            }
            StatsFetchError::Http(ApiError::Timeout { url, seconds }) => write!(
                f,
                "{url} gave no answer within {seconds} s; the serving service may be overloaded."
            ),
            StatsFetchError::Http(ApiError::Upstream { status }) => write!(
                f,
                "The proxy in front of the serving service answered HTTP {status}: the service is down or \
                 unreachable."
            ),
            StatsFetchError::Http(ApiError::NotJson { status, snippet }) => write!(
                f,
                "The stats URL answered HTTP {status} with a page starting with \"{snippet}\". {check}"
            ),
            StatsFetchError::Http(ApiError::Http { status }) => {
                write!(f, "The stats URL answered HTTP {status}. {check}")
            }
            StatsFetchError::Http(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for StatsFetchError {}

/// Reads a stats URL's answer: the status first (a non-2xx answer is an HTTP error whatever its body), then
/// the document.
pub fn read_stats(status: u16, body: &str) -> Result<StatsDoc, StatsFetchError> {
    if !(200..300).contains(&status) {
        let error = decode_text(status, body)
            .err()
            .unwrap_or(ApiError::Http { status });
        return Err(StatsFetchError::Http(error));
    }
    decode_stats(body).map_err(StatsFetchError::Stats)
}

/// The wait before the next poll: the interval, doubled for each failure in a row (so a service that is down
/// is not hammered), at most [`MAX_POLL_DELAY_MS`] (or the interval itself when that is longer).
pub fn poll_delay_ms(every_ms: i64, failures: u32) -> i64 {
    let every = every_ms.max(1);
    let backed_off = every.saturating_mul(1i64 << failures.min(20));
    backed_off.min(MAX_POLL_DELAY_MS.max(every))
}

/// The registered models to read from the registry on this poll: all of them when the last read is
/// [`REGISTRY_EVERY_MS`] old (or there was none), else only those not read yet (a model that just appeared).
pub fn registry_to_fetch(
    wanted: &[String],
    cached: &BTreeMap<String, ModelState>,
    last_read: Option<i64>,
    now: i64,
) -> Vec<String> {
    let due = last_read.is_none_or(|at| now - at >= REGISTRY_EVERY_MS);
    wanted
        .iter()
        .filter(|name| due || !cached.contains_key(*name))
        .cloned()
        .collect()
}

/// A time of day as `HH:MM:SS` in the zone `offset_minutes` east of UTC.
pub fn format_clock(ms: i64, offset_minutes: i32) -> String {
    let secs = (ms.div_euclid(1000) + i64::from(offset_minutes) * 60).rem_euclid(86_400);
    format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        (secs % 3600) / 60,
        secs % 60
    )
}

/// One stats URL as the overview knows it: its last good document, and its failure while it fails.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceState {
    /// The stats URL.
    pub url: String,
    /// The last good answer; it stays while later fetches fail, so the page keeps the last figures.
    pub last: Option<Snapshot>,
    /// Why the latest fetch failed; None when it succeeded.
    pub error: Option<StatsFetchError>,
    /// When the current run of failures began.
    pub failing_since: Option<i64>,
}

impl InstanceState {
    /// A URL not fetched yet.
    pub fn new(url: &str) -> InstanceState {
        InstanceState {
            url: url.to_owned(),
            last: None,
            error: None,
            failing_since: None,
        }
    }

    /// Reads one answer as [`observe`](Self::observe) will take it: decoded, with its updates either the last
    /// document's list (the same text) or read now. A caller can so read a new record of updates (a thousand on a
    /// first poll) in one step and join and aggregate in another.
    pub fn read(&self, status: u16, body: &str) -> Result<StatsDoc, StatsFetchError> {
        let doc = read_stats(status, body)?;
        if let Some(last) = &self.last {
            doc.updates.reuse(&last.doc.updates);
        }
        let _ = doc.updates.len();
        Ok(doc)
    }

    /// Records one fetch at `now` (milliseconds since the epoch). A document whose updates are the same text as
    /// the last one's shares its list (see [`Updates`](super::Updates)).
    pub fn observe(&mut self, result: Result<StatsDoc, StatsFetchError>, now: i64) {
        match result {
            Ok(doc) => {
                let mut written_seen_at = now;
                if let Some(last) = &self.last {
                    doc.updates.reuse(&last.doc.updates);
                    if doc.generated_at.is_some() && doc.generated_at == last.doc.generated_at {
                        written_seen_at = last.written_seen_at;
                    }
                }
                self.last = Some(Snapshot {
                    url: self.url.clone(),
                    doc: Arc::new(doc),
                    fetched_at: now,
                    written_seen_at,
                });
                self.error = None;
                self.failing_since = None;
            }
            Err(e) => {
                self.failing_since.get_or_insert(now);
                self.error = Some(e);
            }
        }
    }

    /// The instance's name: its own from the last document, else its URL.
    pub fn label(&self) -> &str {
        self.last.as_ref().map_or(&self.url, |s| s.instance())
    }

    /// `Stats unreachable since 10:03:12: <error>` while the latest fetch failed (naming the instance when
    /// the overview watches several).
    pub fn unreachable_sentence(&self, several: bool, tz_offset_minutes: i32) -> Option<String> {
        let (error, since) = (self.error.as_ref()?, self.failing_since?);
        let whose = if several {
            format!(" of {}", self.label())
        } else {
            String::new()
        };
        Some(format!(
            "Stats{whose} unreachable since {}: {error}",
            format_clock(since, tz_offset_minutes)
        ))
    }
}

/// The registered models the documents serve, in order of first appearance.
pub fn registered_models<'a>(snapshots: impl IntoIterator<Item = &'a Snapshot>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in snapshots.into_iter().flat_map(|s| &s.doc.models) {
        if let Some(r) = &m.registered_model {
            if !out.contains(r) {
                out.push(r.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poll_back_off() {
        let cases = [
            (5_000, 0, 5_000),
            (5_000, 1, 10_000),
            (5_000, 3, 40_000),
            (5_000, 4, 60_000),
            (5_000, 400, 60_000),
            (90_000, 2, 90_000),
            (0, 0, 1),
        ];
        for (every, failures, want) in cases {
            assert_eq!(poll_delay_ms(every, failures), want, "{every} {failures}");
        }
    }

    #[test]
    fn registry_is_read_every_fifteen_seconds_or_for_new_models() {
        let wanted = vec!["a".to_owned(), "b".to_owned()];
        let cached: BTreeMap<String, ModelState> = [("a".to_owned(), ModelState::default())].into();
        assert_eq!(registry_to_fetch(&wanted, &cached, None, 0), wanted);
        assert_eq!(registry_to_fetch(&wanted, &cached, Some(0), 5_000), ["b"]);
        assert_eq!(registry_to_fetch(&wanted, &cached, Some(0), 15_000), wanted);
    }
}
