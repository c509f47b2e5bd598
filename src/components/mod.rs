//! Widgets shared by pages.

pub mod best_of_each;
pub mod chart;
pub mod columns_picker;
pub mod compare_charts;
pub mod diff_table;
pub mod error_view;
pub mod f1_chart;
pub mod header;
pub mod history_table;
pub mod kv_table;
pub mod promote_dialog;
pub mod runs_browser;
pub mod runs_table;
pub mod runs_timeline;
pub mod search_box;
pub mod sign_in;
pub mod table_head;
pub mod trend_panel;
