//! Pulse core: MLflow wire types, lenient decoding, formatting, and the pure logic behind the dashboard.
//!
//! Nothing here touches the browser, so all of it is tested natively in milliseconds.

pub mod api;
pub mod chart;
pub mod compare;
pub mod compare_data;
pub mod config;
pub mod experiments_compare;
pub mod format;
pub mod history;
pub mod model_state;
pub mod promotion;
pub mod query;
pub mod series;
pub mod serving;
pub mod stage;
pub mod table;
pub mod threshold;
pub mod url_state;
