//! A window of rows for a long scrolling table: which rows are in view (plus some beyond each edge), so only
//! those go in the DOM; and a call when the window comes near the last row, to load the next page.

use std::ops::Range;

use leptos::html::Div;
use leptos::prelude::*;
use pulse_core::tracking::runs_table::{visible_range, wants_next_page};

/// Rows rendered beyond each edge of the viewport.
const OVERSCAN: usize = 5;
/// Viewport height assumed when the window cannot tell.
const DEFAULT_VIEWPORT: f64 = 800.0;

/// Options of [`use_row_window`].
pub struct UseRowWindowOptions {
    /// How many rows the table has.
    pub rows: Signal<usize>,
    /// Each row's height in pixels (CSS must agree).
    pub row_height: f64,
    /// Called when the window comes near the last row.
    pub on_near_end: Option<Callback<()>>,
}

/// What [`use_row_window`] returns.
#[derive(Clone, Copy)]
pub struct UseRowWindowReturn {
    /// The scrolling box; give it to the element whose scroll moves the window.
    pub scroller: NodeRef<Div>,
    /// Call on the scroll box's `scroll` events.
    pub on_scroll: Callback<()>,
    /// The rows to render.
    pub window: Memo<Range<usize>>,
}

/// Tracks the scroll position and the window's height, and the rows they show.
pub fn use_row_window(options: UseRowWindowOptions) -> UseRowWindowReturn {
    let UseRowWindowOptions {
        rows,
        row_height,
        on_near_end,
    } = options;
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(visible_height(row_height));
    let scroller = NodeRef::<Div>::new();
    let window = Memo::new(move |_| {
        visible_range(
            scroll_top.get(),
            viewport.get(),
            row_height,
            rows.get(),
            OVERSCAN,
        )
    });
    if let Some(near_end) = on_near_end {
        Effect::new(move || {
            if wants_next_page(window.get().end, rows.get()) {
                near_end.run(());
            }
        });
    }
    let on_scroll = Callback::new(move |_| {
        if let Some(el) = scroller.get_untracked() {
            scroll_top.set(f64::from(el.scroll_top()));
        }
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| {
        viewport.set(visible_height(row_height))
    });
    on_cleanup(move || on_resize.remove());
    UseRowWindowReturn {
        scroller,
        on_scroll,
        window,
    }
}

/// The height rows can be seen in: the window's. The scroll box's own height is no guide, because it grows
/// with the rows rendered into it (its CSS only caps it below the window), so measuring it could shrink
/// the window of rows step by step.
fn visible_height(row_height: f64) -> f64 {
    window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(DEFAULT_VIEWPORT)
        .max(row_height)
}
