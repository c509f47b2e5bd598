//! The wire types of the serving service's stats endpoint, contract `pulse.inference-stats/v1`, and their
//! lenient decoding: unknown fields are ignored, a missing optional field is None (never 0), and a figure
//! that cannot be right (NaN, infinite, negative count, error rate above 1) is None while the rest of the
//! document stays usable.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::error::StatsError;
use super::lenient::{
    amount, count, counts, models, object, outcome, positive, ratio, status, text, text_or_empty,
    time,
};
use super::updates::{updates_text, Updates};
use crate::api::{decode_response, ApiError};
use crate::registry::promotion::Target;

/// The contract's name, before `/v<major>`.
pub const SCHEMA_NAME: &str = "pulse.inference-stats";
/// The major version this Pulse reads; minor versions (`v1.3`) only add fields, so they are read too.
pub const SCHEMA_MAJOR: u32 = 1;
/// The alias a service follows when its policy names none.
pub const DEFAULT_ALIAS: &str = "champion";
/// The stage a service follows when its policy names none.
pub const DEFAULT_STAGE: &str = "Production";
/// The service's registry poll interval when its policy does not say.
pub const DEFAULT_POLL_SECONDS: f64 = 60.0;

/// One stats document: what one service instance serves and how it got there.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct StatsDoc {
    /// The declared schema, e.g. `pulse.inference-stats/v1`.
    #[serde(default, deserialize_with = "text")]
    pub schema: Option<String>,
    /// When the service wrote the document, in milliseconds since the epoch.
    #[serde(default, deserialize_with = "time")]
    pub generated_at: Option<i64>,
    /// Which service and instance answered.
    #[serde(default, deserialize_with = "object")]
    pub service: Service,
    /// How the service picks the version it serves.
    #[serde(default, deserialize_with = "object")]
    pub policy: Policy,
    /// One entry per served model; entries without a key or registered model are dropped.
    #[serde(default, deserialize_with = "models")]
    pub models: Vec<ModelStats>,
    /// The service's own record of version changes it applied, skipped or failed, in the service's order.
    #[serde(default, deserialize_with = "updates_text")]
    pub updates: Updates,
}

/// The service and instance that wrote a document.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Service {
    /// Service name, e.g. `stream-classifier`.
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    /// Instance (worker) name; several instances of one service answer on several URLs.
    #[serde(default, deserialize_with = "text")]
    pub instance: Option<String>,
    /// When the instance started, in milliseconds since the epoch; `totals` count from here.
    #[serde(default, deserialize_with = "time")]
    pub started_at: Option<i64>,
}

/// How the service chooses the version it serves from the registry.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Policy {
    /// The metric the service compares versions by, e.g. `eval_f1`.
    #[serde(default, deserialize_with = "text")]
    pub metric: Option<String>,
    /// How often the service polls the registry, in seconds (positive).
    #[serde(default, deserialize_with = "positive")]
    pub poll_seconds: Option<f64>,
    /// The alias it follows, e.g. `champion`.
    #[serde(default, deserialize_with = "text")]
    pub alias: Option<String>,
    /// The stage it follows, e.g. `Production`.
    #[serde(default, deserialize_with = "text")]
    pub stage: Option<String>,
}

impl Policy {
    /// The registry poll interval in milliseconds, 60 s when the policy does not say.
    pub fn poll_ms(&self) -> i64 {
        (self.poll_seconds.unwrap_or(DEFAULT_POLL_SECONDS) * 1000.0).round() as i64
    }

    /// The registry targets the service follows, in order of precedence: its alias and/or stage, or
    /// `@champion` then `Production` when it names neither.
    pub fn targets(&self) -> Vec<Target> {
        let mut out: Vec<Target> = self.alias.iter().cloned().map(Target::Alias).collect();
        out.extend(self.stage.iter().cloned().map(Target::Stage));
        if out.is_empty() {
            out = vec![
                Target::Alias(DEFAULT_ALIAS.to_owned()),
                Target::Stage(DEFAULT_STAGE.to_owned()),
            ];
        }
        out
    }
}

/// Whether a model is serving.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Status {
    /// Loaded and answering.
    Ready,
    /// Loading a version; answers may fail or come from the previous version.
    Loading,
    /// Failed to load; `error` says why.
    Error,
    /// A status this Pulse does not know, shown as is rather than hidden.
    Unknown(String),
    /// No status at all.
    #[default]
    Missing,
}

impl Status {
    /// Reads the wire value (`ready`, `loading`, `error`); anything else is kept as `Unknown`.
    pub fn parse(raw: &str) -> Status {
        match raw.trim().to_ascii_lowercase().as_str() {
            "ready" => Status::Ready,
            "loading" => Status::Loading,
            "error" => Status::Error,
            "" => Status::Missing,
            _ => Status::Unknown(raw.trim().to_owned()),
        }
    }

    /// The text shown on a status badge.
    pub fn label(&self) -> &str {
        match self {
            Status::Ready => "ready",
            Status::Loading => "loading",
            Status::Error => "error",
            Status::Unknown(s) => s,
            Status::Missing => "unknown",
        }
    }
}

/// What the service did with a candidate version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// It now serves the candidate.
    Applied,
    /// It kept the current version on purpose; `reason` says why (e.g. below threshold).
    Skipped,
    /// It tried and failed; `reason` says why.
    Failed,
    /// An outcome this Pulse does not know, shown as is.
    Unknown(String),
    /// No outcome at all.
    #[default]
    Missing,
}

impl Outcome {
    /// Reads the wire value (`applied`, `skipped`, `failed`); anything else is kept as `Unknown`.
    pub fn parse(raw: &str) -> Outcome {
        match raw.trim().to_ascii_lowercase().as_str() {
            "applied" => Outcome::Applied,
            "skipped" => Outcome::Skipped,
            "failed" => Outcome::Failed,
            "" => Outcome::Missing,
            _ => Outcome::Unknown(raw.trim().to_owned()),
        }
    }

    /// The wire value, also used in URLs.
    pub fn as_str(&self) -> &str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Skipped => "skipped",
            Outcome::Failed => "failed",
            Outcome::Unknown(s) => s,
            Outcome::Missing => "unknown",
        }
    }
}

/// One served model as one instance reports it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ModelStats {
    /// The service's short name for the model, e.g. `text`; the registered model's name when missing.
    #[serde(default, deserialize_with = "text_or_empty")]
    pub key: String,
    /// The registered model in MLflow.
    #[serde(default, deserialize_with = "text")]
    pub registered_model: Option<String>,
    /// The served version (a number on the wire is read as its text).
    #[serde(default, deserialize_with = "text")]
    pub version: Option<String>,
    /// The served version's run.
    #[serde(default, deserialize_with = "text")]
    pub run_id: Option<String>,
    /// The served version's F1, in [0, 1].
    #[serde(default, deserialize_with = "ratio")]
    pub f1: Option<f64>,
    /// The F1 a candidate must reach, in [0, 1].
    #[serde(default, deserialize_with = "ratio")]
    pub threshold: Option<f64>,
    /// Whether it is serving.
    #[serde(default, deserialize_with = "status")]
    pub status: Status,
    /// Why it is in `error`.
    #[serde(default, deserialize_with = "text")]
    pub error: Option<String>,
    /// When the served version was loaded, in milliseconds since the epoch.
    #[serde(default, deserialize_with = "time")]
    pub loaded_at: Option<i64>,
    /// Counters since the instance started.
    #[serde(default, deserialize_with = "object")]
    pub totals: Totals,
    /// Figures over the recent window.
    #[serde(default, deserialize_with = "object")]
    pub window: Window,
    /// Predictions per label over the window; invalid counts are left out.
    #[serde(default, deserialize_with = "counts")]
    pub predictions: BTreeMap<String, u64>,
}

/// Cumulative counters since the instance started: two readings give rates (see `rates`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct Totals {
    /// Requests answered.
    #[serde(default, deserialize_with = "count")]
    pub requests: Option<u64>,
    /// Requests that failed.
    #[serde(default, deserialize_with = "count")]
    pub failures: Option<u64>,
}

/// Figures over the service's recent window (e.g. the last 300 s).
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
pub struct Window {
    /// The window's length in seconds.
    #[serde(default, deserialize_with = "positive")]
    pub seconds: Option<f64>,
    /// Requests in the window.
    #[serde(default, deserialize_with = "count")]
    pub requests: Option<u64>,
    /// Requests per second over the window.
    #[serde(default, deserialize_with = "amount")]
    pub rps: Option<f64>,
    /// Failed share of the window's requests, in [0, 1].
    #[serde(default, deserialize_with = "ratio")]
    pub error_rate: Option<f64>,
    /// Latency percentiles.
    #[serde(default, deserialize_with = "object")]
    pub latency_ms: Latency,
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
pub struct Latency {
    /// Median.
    #[serde(default, deserialize_with = "amount")]
    pub p50: Option<f64>,
    /// 90th percentile.
    #[serde(default, deserialize_with = "amount")]
    pub p90: Option<f64>,
    /// 95th percentile.
    #[serde(default, deserialize_with = "amount")]
    pub p95: Option<f64>,
    /// 99th percentile.
    #[serde(default, deserialize_with = "amount")]
    pub p99: Option<f64>,
}

/// One decision of the service about a candidate version.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Update {
    /// When, in milliseconds since the epoch.
    #[serde(default, deserialize_with = "time")]
    pub at: Option<i64>,
    /// The model's key (as in `models`); the registered model's name when missing.
    #[serde(default, deserialize_with = "text_or_empty")]
    pub model: String,
    /// The registered model.
    #[serde(default, deserialize_with = "text")]
    pub registered_model: Option<String>,
    /// The version served before.
    #[serde(default, deserialize_with = "text")]
    pub from_version: Option<String>,
    /// The candidate version.
    #[serde(default, deserialize_with = "text")]
    pub to_version: Option<String>,
    /// F1 of the version served before.
    #[serde(default, deserialize_with = "ratio")]
    pub f1_old: Option<f64>,
    /// F1 of the candidate.
    #[serde(default, deserialize_with = "ratio")]
    pub f1_new: Option<f64>,
    /// The threshold at the time.
    #[serde(default, deserialize_with = "ratio")]
    pub threshold: Option<f64>,
    /// What the service did.
    #[serde(default, deserialize_with = "outcome")]
    pub outcome: Outcome,
    /// Why it skipped or failed, in the service's words.
    #[serde(default, deserialize_with = "text")]
    pub reason: Option<String>,
}

impl StatsDoc {
    /// A served model by key.
    pub fn model(&self, key: &str) -> Option<&ModelStats> {
        self.models.iter().find(|m| m.key == key)
    }

    /// The instance's name for messages: the instance, else the service's name, else empty.
    pub fn instance_label(&self) -> &str {
        self.service
            .instance
            .as_deref()
            .or(self.service.name.as_deref())
            .unwrap_or("")
    }
}

/// Reads a stats body. Bare `NaN`/`Infinity` tokens (Python's `json.dumps` writes them) are accepted; a
/// page instead of JSON, a missing or foreign schema and another major version are errors with a sentence.
pub fn decode_stats(body: &str) -> Result<StatsDoc, StatsError> {
    // One pass straight into the types (a thousand updates arrive on every poll). Only a body that pass
    // cannot take, or one without a schema string, is read again as a `Value`: for the exact message (another
    // version is named as such rather than as whatever failed to decode), and for a document a single pass
    // cannot read (an object that names a field twice).
    // (A struct also decodes from an array, by position: only an object takes the fast way.)
    if !body.trim_start().starts_with('{') {
        return decode_stats_slowly(body);
    }
    match decode_response::<StatsDoc>(200, body) {
        Ok(doc) => match &doc.schema {
            Some(schema) => check_schema_name(schema).map(|()| doc),
            None => decode_stats_slowly(body),
        },
        Err(_) => decode_stats_slowly(body),
    }
}

/// The document as a `Value` first, then its schema, then its types.
fn decode_stats_slowly(body: &str) -> Result<StatsDoc, StatsError> {
    let value: Value = decode_response(200, body).map_err(stats_error)?;
    if !value.is_object() {
        return Err(StatsError::Decode {
            detail: "the top level is not an object".to_owned(),
        });
    }
    check_schema(value.get("schema"))?;
    // Written out and read again rather than `from_value`: one decoder of the types, not a second one over
    // `Value` (20 KB of the serving wasm). The text has no duplicate fields and no bare NaN left.
    serde_json::from_str(&value.to_string()).map_err(|e| StatsError::Decode {
        detail: e.to_string(),
    })
}

fn stats_error(e: ApiError) -> StatsError {
    match e {
        ApiError::NotJson { snippet, .. } => StatsError::NotJson { snippet },
        ApiError::Decode { detail } => StatsError::Decode { detail },
        other => StatsError::Decode {
            detail: other.to_string(),
        },
    }
}

/// Accepts a schema string naming `pulse.inference-stats/v1` or a minor version of it (`v1.2`).
fn check_schema(raw: Option<&Value>) -> Result<(), StatsError> {
    match raw {
        None | Some(Value::Null) => Err(StatsError::MissingSchema),
        Some(Value::String(s)) => check_schema_name(s),
        Some(other) => Err(StatsError::ForeignSchema {
            found: other.to_string(),
        }),
    }
}

/// Accepts `pulse.inference-stats/v1` and its minor versions (`v1.2`).
fn check_schema_name(found: &str) -> Result<(), StatsError> {
    let found = found.trim();
    let foreign = || StatsError::ForeignSchema {
        found: found.to_owned(),
    };
    let version = found
        .strip_prefix(SCHEMA_NAME)
        .and_then(|r| r.strip_prefix("/v"))
        .ok_or_else(foreign)?;
    let major: u32 = version
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .ok_or_else(foreign)?;
    if major != SCHEMA_MAJOR {
        return Err(StatsError::UnsupportedVersion {
            found: found.to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_table() {
        let ok = [
            r#""pulse.inference-stats/v1""#,
            r#"" pulse.inference-stats/v1.4 ""#,
        ];
        for raw in ok {
            let body = format!(r#"{{"schema":{raw}}}"#);
            assert!(decode_stats(&body).is_ok(), "{raw}");
        }
        let unsupported = |s: &str| StatsError::UnsupportedVersion { found: s.into() };
        let foreign = |s: &str| StatsError::ForeignSchema { found: s.into() };
        let bad: [(&str, StatsError); 8] = [
            ("{}", StatsError::MissingSchema),
            (r#"{"schema":null}"#, StatsError::MissingSchema),
            (
                r#"{"schema":"pulse.inference-stats/v2"}"#,
                unsupported("pulse.inference-stats/v2"),
            ),
            (
                r#"{"schema":"pulse.inference-stats/v0.9"}"#,
                unsupported("pulse.inference-stats/v0.9"),
            ),
            (
                r#"{"schema":"pulse.inference-stats/vX"}"#,
                foreign("pulse.inference-stats/vX"),
            ),
            (r#"{"schema":"openmetrics/1"}"#, foreign("openmetrics/1")),
            (r#"{"schema":1}"#, foreign("1")),
            (
                "[1,2]",
                StatsError::Decode {
                    detail: "the top level is not an object".into(),
                },
            ),
        ];
        for (body, want) in bad {
            assert_eq!(decode_stats(body), Err(want), "{body}");
        }
    }

    #[test]
    fn odd_shapes_cost_only_their_field() {
        // A field named twice (the single pass refuses it; the second reading takes the last), items that are
        // not objects, a nested object where a scalar belongs, and an array where an object belongs.
        let body = r#"{"schema":"pulse.inference-stats/v1",
            "models":[7,{"key":"text","version":"3","version":"4","status":{"a":1},"predictions":{"safe":[1],"x":2}}],
            "updates":[null,{"model":"text","outcome":["applied"],"f1_new":"0.9"}],"policy":[1]}"#;
        let d = decode_stats(body).expect("decodes");
        let m = &d.models[0];
        assert_eq!(d.models.len(), 1);
        assert_eq!(m.version.as_deref(), Some("4"));
        assert_eq!(m.status, Status::Unknown("{…}".into()));
        assert_eq!(m.predictions.get("x"), Some(&2));
        assert_eq!(m.predictions.len(), 1);
        assert_eq!(d.updates.len(), 1);
        assert_eq!(d.updates[0].outcome, Outcome::Unknown("[…]".into()));
        assert_eq!(d.updates[0].f1_new, Some(0.9));
        assert_eq!(d.policy, Policy::default());
        // Without the duplicate the single pass reads the same.
        let fast = decode_stats(&body.replace(r#""version":"3","#, "")).expect("decodes");
        assert_eq!(fast, d);
    }

    #[test]
    fn statuses_and_outcomes_keep_unknown_values() {
        assert_eq!(Status::parse("READY"), Status::Ready);
        assert_eq!(Status::parse("warming"), Status::Unknown("warming".into()));
        assert_eq!(Status::parse("warming").label(), "warming");
        assert_eq!(Status::parse(" ").label(), "unknown");
        assert_eq!(Outcome::parse("Skipped"), Outcome::Skipped);
        assert_eq!(Outcome::parse("deferred").as_str(), "deferred");
    }

    #[test]
    fn policy_targets_and_poll() {
        let p = Policy::default();
        assert_eq!(
            p.targets(),
            [
                Target::Alias("champion".into()),
                Target::Stage("Production".into())
            ]
        );
        assert_eq!(p.poll_ms(), 60_000);
        let p = Policy {
            stage: Some("Staging".into()),
            poll_seconds: Some(1.5),
            ..Default::default()
        };
        assert_eq!(p.targets(), [Target::Stage("Staging".into())]);
        assert_eq!(p.poll_ms(), 1500);
    }
}
