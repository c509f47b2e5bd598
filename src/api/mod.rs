//! The only way the app talks to servers: one function per endpoint over [`http`].

pub mod credentials;
mod early;
mod experiments_compare;
mod http;
mod mlflow;
pub mod promote;
mod registry;
mod stats;

pub use experiments_compare::*;
pub use http::load_config;
pub use mlflow::*;
pub use registry::*;
pub use stats::*;
