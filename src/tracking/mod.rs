//! Experiment tracking: the experiments list, an experiment's runs, a run, the run-comparison page and
//! several experiments side by side, with the widgets only they use.
pub mod best_of_each;
pub mod columns_picker;
pub mod compare_charts;
pub mod compare_page;
pub mod diff_table;
pub mod experiment_page;
pub mod experiments_compare_page;
pub mod experiments_page;
pub mod lazy_timeline;
pub mod run_page;
pub mod run_rows;
pub mod runs_browser;
pub mod runs_table;
pub mod runs_timeline;
pub mod trend_panel;

pub use compare_page::ComparePage;
pub use experiment_page::ExperimentPage;
pub use experiments_compare_page::ExperimentsComparePage;
pub use experiments_page::ExperimentsPage;
pub use run_page::RunPage;
