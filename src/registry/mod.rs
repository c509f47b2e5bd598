//! The model registry: the models list, a model's versions with guarded promotion, and a version's page.
pub mod f1_chart;
pub mod history_table;
pub mod model_page;
pub mod models_page;
pub mod promote_dialog;
pub mod version_page;

pub use model_page::ModelPage;
pub use models_page::ModelsPage;
pub use version_page::VersionPage;
