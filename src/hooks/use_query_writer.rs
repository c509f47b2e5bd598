//! Writing part of the current page's URL query, every other pair kept: the one way pages change their URL state.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use pulse_core::url_state::merge_query;

use crate::app::app_route;

/// One change of the query for [`UseQueryWriterReturn::write`].
#[derive(Clone, Debug)]
pub struct QueryWrite {
    /// The pairs to set; an empty value removes its key.
    pub updates: Vec<(&'static str, String)>,
    /// Replace the history entry instead of adding one (selections do).
    pub replace: bool,
}

/// What [`use_query_writer`] returns.
#[derive(Clone, Copy)]
pub struct UseQueryWriterReturn {
    /// Navigates to this page with the query changed.
    pub write: Callback<QueryWrite>,
}

/// Writes the current page's query. It takes no options: the page is the current one. The path it navigates to is
/// the app's route, not the browser's (`/pulse/experiments/3` under a sub-path): `navigate` adds the base itself.
pub fn use_query_writer() -> UseQueryWriterReturn {
    let (query, location, navigate) = (use_query_map(), use_location(), use_navigate());
    let write = Callback::new(move |w: QueryWrite| {
        let updates: Vec<(&str, &str)> = w.updates.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let url = query.with_untracked(|current| {
            merge_query(
                &app_route(&location.pathname.get_untracked()),
                current.into_iter().map(|(k, v)| (k.as_ref(), v)),
                &updates,
            )
        });
        // The page stays: the window keeps its scroll position (the router's default is the top).
        let options = NavigateOptions {
            replace: w.replace,
            scroll: false,
            ..Default::default()
        };
        navigate(&url, options);
    });
    UseQueryWriterReturn { write }
}
