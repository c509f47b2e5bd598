//! What can be wrong with a stats document, each with a sentence a user can act on.

use std::fmt;

use super::contract::{SCHEMA_MAJOR, SCHEMA_NAME};

/// Why a stats body could not be read as `pulse.inference-stats/v1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatsError {
    /// An HTML page or other non-JSON text: typically the app's own index page because `stats_url` points
    /// at a path nothing serves.
    NotJson {
        /// The start of the body, as plain text.
        snippet: String,
    },
    /// JSON, but not an object, or not decodable at all.
    Decode {
        /// What the decoder said.
        detail: String,
    },
    /// An object without a `schema` field: some other endpoint's answer.
    MissingSchema,
    /// A `schema` that is not an inference-stats schema at all.
    ForeignSchema {
        /// The schema it declared.
        found: String,
    },
    /// An inference-stats schema of another major version, e.g. `pulse.inference-stats/v2`.
    UnsupportedVersion {
        /// The schema it declared.
        found: String,
    },
}

impl StatsError {
    /// A short title for the error view.
    pub fn title(&self) -> &'static str {
        match self {
            StatsError::NotJson { .. } => "The stats URL answered with a page, not stats",
            StatsError::Decode { .. } => "Could not read the serving stats",
            StatsError::MissingSchema | StatsError::ForeignSchema { .. } => {
                "The stats URL answered with something else"
            }
            StatsError::UnsupportedVersion { .. } => "Unsupported stats version",
        }
    }
}

impl fmt::Display for StatsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatsError::NotJson { snippet } => write!(
                f,
                "Expected inference stats JSON but got a page or text starting with \"{snippet}\". Check that \
                 stats_url in config.json points at the serving service's stats endpoint, and that it has started."
            ),
            StatsError::Decode { detail } => write!(
                f,
                "The serving stats are not a JSON object Pulse can read: {detail}."
            ),
            StatsError::MissingSchema => write!(
                f,
                "The answer has no \"schema\" field, so it is not {SCHEMA_NAME}/v{SCHEMA_MAJOR} stats. Check \
                 that stats_url in config.json points at the serving service's stats endpoint."
            ),
            StatsError::ForeignSchema { found } => write!(
                f,
                "The answer declares schema \"{found}\", not {SCHEMA_NAME}/v{SCHEMA_MAJOR}. Check that \
                 stats_url in config.json points at the serving service's stats endpoint."
            ),
            StatsError::UnsupportedVersion { found } => write!(
                f,
                "The serving service speaks \"{found}\", but this Pulse reads only \
                 {SCHEMA_NAME}/v{SCHEMA_MAJOR}. Upgrade Pulse or pin the service to v{SCHEMA_MAJOR} stats."
            ),
        }
    }
}

impl std::error::Error for StatsError {}
