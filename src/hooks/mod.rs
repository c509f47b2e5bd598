//! Reusable reactive pieces, one hook a file, each with an options struct and a named return
//! (leptos-use style).

pub mod use_best_of_each;
pub mod use_chart_draw;
pub mod use_chart_module;
pub mod use_chart_pointer;
pub mod use_compare_settings;
pub mod use_credentials;
pub mod use_document_hidden;
pub mod use_element_width;
pub mod use_near_screen;
pub mod use_now;
pub mod use_picked_experiments;
pub mod use_polling;
pub mod use_promotion;
pub mod use_query_writer;
pub mod use_row_window;
pub mod use_run_rows;
pub mod use_runs_query;
pub mod use_serving;
pub mod use_trend_data;
pub mod use_trend_settings;
pub mod use_url_flag;
pub mod use_url_settings;
