//! Pulse: the Leptos front end. It fetches through [`api`], asks `pulse_core` for every decision and
//! number, and only renders.

pub mod api;
pub mod app;
pub mod charts;
pub mod download;
pub mod embed;
pub mod hooks;
pub mod paged;
pub mod registry;
pub mod serving;
pub mod theme;
pub mod time;
pub mod tracking;
pub mod ui;
