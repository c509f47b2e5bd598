//! One file per page.

mod experiment;
mod experiments;
mod not_found;
mod run;

pub use experiment::ExperimentPage;
pub use experiments::ExperimentsPage;
pub use not_found::NotFound;
pub use run::RunPage;
