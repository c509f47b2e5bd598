//! One file per page.

mod compare;
mod experiment;
mod experiments;
mod experiments_compare;
mod model;
mod models;
mod not_found;
mod run;
mod version;

pub use compare::ComparePage;
pub use experiment::ExperimentPage;
pub use experiments::ExperimentsPage;
pub use experiments_compare::ExperimentsComparePage;
pub use model::ModelPage;
pub use models::ModelsPage;
pub use not_found::NotFound;
pub use run::RunPage;
pub use version::VersionPage;
