//! The runs table's rows in view, kept in the DOM between two spacer rows (see `tracking::run_rows`).

use std::collections::BTreeMap;
use std::ops::Range;

use leptos::html::Tr;
use leptos::prelude::*;
use pulse_core::api::Run;
use pulse_core::tracking::loaded_runs::TreeRow;
use pulse_core::tracking::runs_table::Column;

use crate::tracking::run_rows::{Rendered, Window};

/// Options of [`use_run_rows`].
pub struct UseRunRowsOptions {
    /// All loaded runs.
    pub runs: Signal<Vec<Run>>,
    /// The table's rows (runs in tree order).
    pub rows: Memo<Vec<TreeRow>>,
    /// Which of `rows` are in view.
    pub window: Memo<Range<usize>>,
    pub columns: Signal<Vec<Column>>,
    pub selected: Signal<Vec<String>>,
    /// Experiment names, for a table over several experiments.
    pub names: Option<Signal<BTreeMap<String, String>>>,
}

/// What [`use_run_rows`] returns: the spacer rows above and below the rows in view; give them to the two
/// `tr.spacer` elements of the table body.
#[derive(Clone, Copy)]
pub struct UseRunRowsReturn {
    pub top_spacer: NodeRef<Tr>,
    pub bottom_spacer: NodeRef<Tr>,
}

/// Writes the rows in view between the spacers whenever the window, the runs, the columns or the selection
/// change.
pub fn use_run_rows(options: UseRunRowsOptions) -> UseRunRowsReturn {
    let UseRunRowsOptions {
        runs,
        rows,
        window,
        columns,
        selected,
        names,
    } = options;
    let (top_spacer, bottom_spacer) = (NodeRef::<Tr>::new(), NodeRef::<Tr>::new());
    let rendered = StoredValue::new_local(Rendered::default());
    // A table built again in place (Leptos reuses its elements) must not keep this one's rows.
    on_cleanup(move || {
        rendered.try_update_value(Rendered::clear);
    });
    // Counts the changes of the runs and the tree, so a sync can tell a scroll from a new list.
    let generation = Memo::new(move |previous: Option<&u64>| {
        runs.track();
        rows.track();
        previous.map_or(0, |g| g + 1)
    });
    Effect::new(move || {
        let (Some(top), Some(bottom)) = (top_spacer.get(), bottom_spacer.get()) else {
            return;
        };
        let range = window.get();
        let names = names.map(|n| n.read());
        let (columns, selected) = (columns.read(), selected.read());
        runs.with(|all| {
            rows.with(|rows| {
                let shown = Window {
                    rows: rows.get(range.clone()).unwrap_or_default(),
                    first: range.start,
                    runs: all,
                    columns: &columns,
                    selected: &selected,
                    names: names.as_deref(),
                    generation: generation.get(),
                };
                rendered.update_value(|r| r.sync(&top, &bottom, &shown));
            })
        })
    });
    UseRunRowsReturn {
        top_spacer,
        bottom_spacer,
    }
}
