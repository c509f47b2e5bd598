//! Pulse core: MLflow wire types, lenient decoding, formatting, and the pure logic behind the dashboard.
//!
//! Nothing here touches the browser, so all of it is tested natively in milliseconds.

pub mod api;
pub mod chart;
pub mod config;
pub mod format;
pub mod registry;
pub mod series;
pub mod serving;
pub mod sort;
pub mod tracking;
pub mod url_state;
