//! The serving domain: the live overview page, its cards, charts and history, and the header's alert badge.

pub mod alerts;
pub mod badge;
pub mod card;
pub mod history;
pub mod page;
pub mod served_f1;
pub mod sparkline;

pub use page::ServingPage;
