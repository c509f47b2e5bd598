//! Experiment tracking: the runs table, search requests and sorting, the run-comparison diff, the data the
//! run, compare and experiment pages chart, several experiments side by side, and the views' settings
//! as their URLs keep them.
pub mod diff;
pub mod experiments_compare;
pub mod loaded_runs;
pub mod query;
pub mod row_text;
pub mod run_data;
pub mod runs_table;
#[cfg(test)]
mod test_runs;
pub mod view_settings;
