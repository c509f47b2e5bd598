//! Widgets every domain uses: the chart canvas, the header, error views, tables' heads, the search box and
//! sign-in.
pub mod chart;
pub mod error_view;
pub mod header;
pub mod kv_table;
pub mod next_task;
pub mod not_downloaded;
pub mod not_found;
pub mod search_box;
pub mod sign_in;
pub mod table_head;

pub use not_found::NotFound;
