//! Reusable reactive pieces, one hook a file, each with an options struct and a named return
//! (leptos-use style).

pub mod use_credentials;
pub mod use_now;
pub mod use_polling;
pub mod use_serving;
