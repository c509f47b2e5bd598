//! A runs table's state in the page URL: the filter, the server-side sort and the selected runs. Writing
//! one keeps every other query parameter of the page (`ids`, `metric`, …), so pages that show more than
//! the table share it unchanged.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pulse_core::tracking::query::Sort;
use pulse_core::url_state::{join_run_ids, parse_run_ids};

use super::use_query_writer::{use_query_writer, QueryWrite};

/// What [`use_runs_query`] returns.
#[derive(Clone, Copy)]
pub struct UseRunsQueryReturn {
    /// The MLflow filter applied (`filter=`).
    pub filter: Memo<String>,
    /// The server-side sort (`sort=`).
    pub sort: Memo<Option<Sort>>,
    /// The selected run ids (`runs=`).
    pub selected: Memo<Vec<String>>,
    /// Writes a new filter, sort and selection; `replace` (for selection changes) adds no history entry.
    pub set: Callback<RunsQuery>,
}

/// A new state for [`UseRunsQueryReturn::set`].
#[derive(Clone, Debug)]
pub struct RunsQuery {
    /// The filter.
    pub filter: String,
    /// The sort.
    pub sort: Option<Sort>,
    /// The selected runs.
    pub runs: Vec<String>,
    /// Replace the history entry instead of adding one.
    pub replace: bool,
}

/// The runs table's URL state of the current page. It takes no options: the state is always the current
/// page's own URL.
pub fn use_runs_query() -> UseRunsQueryReturn {
    let (query, writer) = (use_query_map(), use_query_writer());
    let filter = Memo::new(move |_| query.read().get("filter").unwrap_or_default());
    let sort = Memo::new(move |_| query.read().get("sort").and_then(|s| Sort::from_url(&s)));
    let selected = Memo::new(move |_| parse_run_ids(&query.read().get("runs").unwrap_or_default()));
    let set = Callback::new(move |q: RunsQuery| {
        writer.write.run(QueryWrite {
            updates: vec![
                ("filter", q.filter.trim().to_owned()),
                ("sort", q.sort.map(|s| s.to_url()).unwrap_or_default()),
                ("runs", join_run_ids(&q.runs)),
            ],
            replace: q.replace,
        })
    });
    UseRunsQueryReturn {
        filter,
        sort,
        selected,
        set,
    }
}
