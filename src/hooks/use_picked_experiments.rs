//! The experiments ticked on the list for the side-by-side view, kept in the URL (`pick=`) so coming back
//! from that view finds them still ticked.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pulse_core::url_state::{join_run_ids, parse_experiment_ids, toggle_run};

use super::use_query_writer::{use_query_writer, QueryWrite};

/// What [`use_picked_experiments`] returns.
#[derive(Clone, Copy)]
pub struct UsePickedExperimentsReturn {
    /// The ticked experiment ids, in the order they were ticked.
    pub picked: Memo<Vec<String>>,
    /// Ticks or unticks one experiment (replacing the history entry, as selections do).
    pub toggle: Callback<String>,
}

/// The ticked experiments of the current page's URL. It takes no options: the state is the URL's.
pub fn use_picked_experiments() -> UsePickedExperimentsReturn {
    let (query, writer) = (use_query_map(), use_query_writer());
    let picked =
        Memo::new(move |_| parse_experiment_ids(&query.read().get("pick").unwrap_or_default()));
    let toggle = Callback::new(move |id: String| {
        let ids = join_run_ids(&toggle_run(&picked.get_untracked(), &id));
        writer.write.run(QueryWrite {
            updates: vec![("pick", ids)],
            replace: true,
        });
    });
    UsePickedExperimentsReturn { picked, toggle }
}
