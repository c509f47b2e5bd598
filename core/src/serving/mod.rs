//! The serving domain: the inference stats contract, rates from counters, alerts, the update timeline that
//! joins the service's record with the registry's, and what a live page keeps between refreshes.

mod aggregate;
mod alerts;
mod card;
mod contract;
mod error;
mod history_filter;
mod instance;
mod lenient;
mod live;
mod rates;
mod timeline;
mod timestamp;
mod updates;
mod view;

pub use aggregate::{aggregate, ModelAggregate, ServedVersion};
pub use alerts::{alert_counts, alerts, format_percent, Alert, AlertKind, RegistryView, Severity};
pub use card::*;
pub use contract::{
    decode_stats, Latency, ModelStats, Outcome, Policy, Service, StatsDoc, Status, Totals, Update,
    Window, DEFAULT_ALIAS, DEFAULT_POLL_SECONDS, DEFAULT_STAGE, SCHEMA_MAJOR, SCHEMA_NAME,
};
pub use error::StatsError;
pub use history_filter::{OutcomeFilter, TimelineFilter};
pub use instance::*;
pub use live::{
    served_f1_history, F1Point, LiveState, MismatchWatch, Ring, Sample, SampleField,
    ServedF1History, Snapshot, SAMPLE_CAP,
};
pub use rates::{rates, Rates, Reading};
pub use timeline::{update_timeline, EventKind, TimelineCache, TimelineEvent, CLOCK_SKEW_MS};
pub use timestamp::parse_rfc3339;
pub use updates::Updates;
pub use view::*;
