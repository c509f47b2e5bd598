//! Rates from two readings of a model's cumulative counters. The counters restart at zero with the
//! instance, so a counter that went down means a restart, and the answer is "no rate", never a negative one.

use super::contract::{StatsDoc, Totals};

/// One reading of a model's counters on one instance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reading {
    /// When the counters were read, in milliseconds since the epoch.
    pub at: i64,
    /// When the instance started, if it says: a different start is a restart even if the counters grew.
    pub started_at: Option<i64>,
    /// The counters.
    pub totals: Totals,
}

impl Reading {
    /// The reading of model `key` in a document, timed by the document's `generated_at` (the service's
    /// clock, which the counters belong to), else by the fetch time; None when the model is not there.
    pub fn of(doc: &StatsDoc, key: &str, fetched_at: i64) -> Option<Reading> {
        let model = doc.model(key)?;
        Some(Reading {
            at: doc.generated_at.unwrap_or(fetched_at),
            started_at: doc.service.started_at,
            totals: model.totals,
        })
    }
}

/// What two readings say about the time between them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rates {
    /// Requests per second.
    pub rps: Option<f64>,
    /// Failures per request, in [0, 1]; None without requests in between.
    pub failure_ratio: Option<f64>,
    /// The instance restarted in between (a counter went down or the start time changed): no rates.
    pub restarted: bool,
}

/// Rates between an earlier and a later reading. No time in between (or readings out of order) gives no
/// rates; a restart gives no rates and says so.
pub fn rates(before: &Reading, after: &Reading) -> Rates {
    let elapsed_ms = after.at - before.at;
    if elapsed_ms <= 0 {
        return Rates::default();
    }
    let requests = delta(before.totals.requests, after.totals.requests);
    let failures = delta(before.totals.failures, after.totals.failures);
    let new_start = matches!((before.started_at, after.started_at), (Some(a), Some(b)) if a != b);
    if new_start || requests == Some(None) || failures == Some(None) {
        return Rates {
            restarted: true,
            ..Rates::default()
        };
    }
    let (requests, failures) = (requests.flatten(), failures.flatten());
    let seconds = elapsed_ms as f64 / 1000.0;
    Rates {
        rps: requests.map(|r| r as f64 / seconds),
        // Counters are read one after the other, so a failure may be counted before its request: cap at 1.
        failure_ratio: match (failures, requests) {
            (Some(f), Some(r)) if r > 0 => Some((f as f64 / r as f64).min(1.0)),
            _ => None,
        },
        restarted: false,
    }
}

/// How much a counter grew: None when either reading lacks it, Some(None) when it went down.
fn delta(before: Option<u64>, after: Option<u64>) -> Option<Option<u64>> {
    Some(after?.checked_sub(before?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(at: i64, requests: Option<u64>, failures: Option<u64>) -> Reading {
        Reading {
            at,
            started_at: Some(0),
            totals: Totals { requests, failures },
        }
    }

    #[test]
    fn rates_table() {
        // (before, after, rps, failure ratio, restarted)
        type Case = (Reading, Reading, Option<f64>, Option<f64>, bool);
        let cases: [Case; 9] = [
            (
                reading(0, Some(100), Some(1)),
                reading(10_000, Some(150), Some(2)),
                Some(5.0),
                Some(0.02),
                false,
            ),
            (
                reading(0, Some(100), Some(1)),
                reading(10_000, Some(100), Some(1)),
                Some(0.0),
                None,
                false,
            ),
            (
                reading(0, Some(100), Some(1)),
                reading(10_000, Some(20), Some(0)),
                None,
                None,
                true,
            ),
            (
                reading(0, Some(100), Some(5)),
                reading(10_000, Some(120), Some(2)),
                None,
                None,
                true,
            ),
            (
                reading(5_000, Some(100), Some(1)),
                reading(5_000, Some(150), Some(2)),
                None,
                None,
                false,
            ),
            (
                reading(9_000, Some(100), Some(1)),
                reading(5_000, Some(150), Some(2)),
                None,
                None,
                false,
            ),
            (
                reading(0, None, Some(1)),
                reading(10_000, Some(150), Some(2)),
                None,
                None,
                false,
            ),
            (
                reading(0, Some(100), None),
                reading(2_000, Some(110), None),
                Some(5.0),
                None,
                false,
            ),
            (
                reading(0, Some(100), Some(0)),
                reading(1_000, Some(101), Some(3)),
                Some(1.0),
                Some(1.0),
                false,
            ),
        ];
        for (i, (a, b, rps, ratio, restarted)) in cases.into_iter().enumerate() {
            let r = rates(&a, &b);
            assert_eq!((r.rps, r.restarted), (rps, restarted), "case {i}");
            match (r.failure_ratio, ratio) {
                (Some(got), Some(want)) => assert!((got - want).abs() < 1e-12, "case {i}"),
                (got, want) => assert_eq!(got, want, "case {i}"),
            }
        }
    }

    #[test]
    fn a_new_start_time_is_a_restart_even_when_counters_grew() {
        let a = reading(0, Some(10), Some(0));
        let mut b = reading(60_000, Some(5_000), Some(3));
        b.started_at = Some(30_000);
        assert!(rates(&a, &b).restarted);
        b.started_at = None;
        assert!(!rates(&a, &b).restarted, "an unknown start is no evidence");
    }
}
