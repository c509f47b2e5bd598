//! `metrics/get-history-bulk-interval` read straight into each run's points: one metric for up to 100 runs,
//! 25,000 points at most, the largest body Pulse decodes. The points arrive run by run; each is read without
//! copying its metric key or run id (the generic [`super::MetricHistoryResponse`] copies both, twice).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::history_scan::scan;
use super::metrics::{lenient_value, nan, Metric};
use super::{decode_response, ApiError};

/// Each run's points of one metric, by run id, in the order the server sent them. The points' `key` is
/// empty and their `run_id` is `None`: the map's key is the run, the request named the metric.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoriesByRun {
    /// Points by run id.
    pub runs: HashMap<String, Vec<Metric>>,
}

/// Decodes a `get-history-bulk-interval` answer: a body of the usual shape in one pass over its bytes
/// ([`super::history_scan`]), any other through serde.
pub fn decode_histories(status: u16, body: &str) -> Result<HistoriesByRun, ApiError> {
    if (200..300).contains(&status) {
        if let Some(runs) = scan(body) {
            return Ok(HistoriesByRun { runs });
        }
    }
    decode_response(status, body)
}

/// One point as it is on the wire; the run id borrowed from the body when it has no escapes.
#[derive(Deserialize)]
struct WirePoint<'a> {
    #[serde(default = "nan", deserialize_with = "lenient_value")]
    value: f64,
    #[serde(default)]
    timestamp: i64,
    #[serde(default)]
    step: i64,
    #[serde(borrow, default)]
    run_id: Cow<'a, str>,
}

impl<'de> Deserialize<'de> for HistoriesByRun {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ResponseVisitor)
    }
}

struct ResponseVisitor;

impl<'de> Visitor<'de> for ResponseVisitor {
    type Value = HistoriesByRun;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a metric history response")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HistoriesByRun, A::Error> {
        let mut out = HistoriesByRun::default();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == "metrics" {
                map.next_value_seed(Grouped(&mut out.runs))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(out)
    }
}

/// Reads the `metrics` array into the map, run by run.
struct Grouped<'m>(&'m mut HashMap<String, Vec<Metric>>);

impl<'de> DeserializeSeed<'de> for Grouped<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Grouped<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of metric points")
    }

    /// `"metrics": null` is no points.
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(p) = seq.next_element::<WirePoint<'de>>()? {
            let point = Metric {
                key: String::new(),
                value: p.value,
                timestamp: p.timestamp,
                step: p.step,
                run_id: None,
            };
            match self.0.get_mut(p.run_id.as_ref()) {
                Some(points) => points.push(point),
                None => {
                    self.0.insert(p.run_id.into_owned(), vec![point]);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{decode_response, fixture, MetricHistoryResponse};

    #[test]
    fn the_same_points_as_the_generic_response_grouped_by_run() {
        for name in [
            "metrics_get_history_bulk_interval.json",
            "ajax_metrics_get_history_bulk_interval.json",
            "ajax_metrics_get_history_bulk_nan.json",
        ] {
            let body = fixture(name);
            let generic: MetricHistoryResponse = decode_response(200, &body).unwrap();
            let grouped: HistoriesByRun = decode_response(200, &body).unwrap();
            let mut expected: HashMap<String, Vec<(i64, i64, u64)>> = HashMap::new();
            for m in &generic.metrics {
                let id = m.run_id.clone().unwrap_or_default();
                let bits = m.value.to_bits();
                expected
                    .entry(id)
                    .or_default()
                    .push((m.step, m.timestamp, bits));
            }
            let got: HashMap<String, Vec<(i64, i64, u64)>> = grouped
                .runs
                .iter()
                .map(|(id, ps)| {
                    let ps = ps.iter().map(|m| (m.step, m.timestamp, m.value.to_bits()));
                    (id.clone(), ps.collect())
                })
                .collect();
            assert_eq!(got, expected, "{name}");
            assert!(!got.is_empty(), "{name}");
        }
    }

    #[test]
    fn surprising_bodies() {
        let read = |body: &str| decode_response::<HistoriesByRun>(200, body);
        assert_eq!(read("{}").unwrap().runs.len(), 0);
        assert_eq!(read(r#"{"metrics": null}"#).unwrap().runs.len(), 0);
        let odd = read(
            r#"{"next_page_token": "x", "metrics": [
                {"run_id": "a\u0062", "value": "NaN", "step": 1, "extra": {"k": [1]}},
                {"run_id": "ab", "value": 1.7976931348623157e308},
                {"value": 0.5}
            ]}"#,
        )
        .unwrap();
        let ab = &odd.runs["ab"];
        assert!(ab[0].value.is_nan() && ab[0].step == 1);
        assert_eq!(ab[1].value, f64::INFINITY);
        assert_eq!(odd.runs[""][0].value, 0.5);
        assert!(read(r#"{"metrics": [{"run_id": 7}]}"#).is_err());
        assert!(read(r#"{"metrics": "#).is_err());
    }
}
