//! Draws a chart spec into a canvas with the chart code, again whenever the spec, the width or the theme
//! changes, timed with a User Timing measure. The first chart to draw in a task draws at once, any other in a task of
//! its own after it.

use std::cell::Cell;

use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pulse_core::chart::{ChartRequest, ChartSpec, Drawn};
use web_sys::HtmlCanvasElement;

use crate::charts::Charts;
use crate::theme::use_dark;
use crate::time::next_task;

/// Options of [`use_chart_draw`].
pub struct UseChartDrawOptions {
    /// The canvas to draw into.
    pub canvas: NodeRef<Canvas>,
    /// The chart code (see `use_chart_module`).
    pub module: Signal<Option<Result<Charts, String>>>,
    /// What to draw; None clears the canvas.
    pub spec: Signal<Option<ChartSpec>>,
    /// Canvas width in pixels; 0 draws nothing (not laid out yet).
    pub width: Signal<u32>,
    /// Canvas height in pixels.
    pub height: u32,
    /// The User Timing measure written around each draw, for `make bench`.
    pub measure: &'static str,
}

/// What [`use_chart_draw`] returns.
#[derive(Clone, Copy)]
pub struct UseChartDrawReturn {
    /// Where the last draw put the plot and its marks; None before the first and while there is no spec.
    pub drawn: Signal<Option<Drawn>>,
    /// Why the last draw (or an export) failed.
    pub error: RwSignal<Option<String>>,
}

/// Draws whenever the canvas, the module, the spec, the width or the theme changes.
pub fn use_chart_draw(options: UseChartDrawOptions) -> UseChartDrawReturn {
    let UseChartDrawOptions {
        canvas,
        module,
        spec,
        width,
        height,
        measure,
    } = options;
    let dark = use_dark();
    let drawn = RwSignal::new(None::<Drawn>);
    let error = RwSignal::new(None::<String>);
    // Which change the queued draw is for: a change that comes before the draw makes it skip.
    let latest = StoredValue::new(0u32);
    Effect::new(move || {
        let (Some(el), Some(Ok(charts))) = (canvas.get(), module.get()) else {
            return;
        };
        let Some(spec) = spec.get() else {
            // Setting the width clears the canvas: no stale chart under a new title.
            el.set_width(el.width());
            drawn.set(None);
            latest.update_value(|l| *l += 1);
            return;
        };
        // 0 until the chart's box has been laid out (and while it is hidden): nothing to draw into yet.
        let px = width.get();
        if px == 0 {
            return;
        }
        let request = ChartRequest {
            dark: dark.get(),
            spec,
            legend: false,
        };
        latest.update_value(|l| *l += 1);
        let ticket = latest.get_value();
        let job = Draw {
            el,
            charts,
            request,
            size: (px, height),
            drawn,
            error,
            measure,
        };
        // The first chart of a task draws at once, the others each in a task of their own after it: a page of
        // twelve charts does not hold the page for all twelve, and a lone chart is not held back.
        if first_in_task() {
            job.run();
            return;
        }
        spawn_local(async move {
            next_task().await;
            if latest.try_get_value() == Some(ticket) {
                job.run();
            }
        });
    });
    UseChartDrawReturn {
        drawn: drawn.into(),
        error,
    }
}

thread_local! {
    /// Whether a chart has drawn in the current task; the next task clears it.
    static DREW_IN_THIS_TASK: Cell<bool> = const { Cell::new(false) };
}

/// True for the first chart draw of a task, which marks the task as having one.
fn first_in_task() -> bool {
    let first = !DREW_IN_THIS_TASK.with(|d| d.replace(true));
    if first {
        spawn_local(async {
            next_task().await;
            DREW_IN_THIS_TASK.with(|d| d.set(false));
        });
    }
    first
}

/// One draw of a spec into a canvas, with where its result goes.
struct Draw {
    el: HtmlCanvasElement,
    charts: Charts,
    request: ChartRequest,
    /// Width and height in pixels.
    size: (u32, u32),
    drawn: RwSignal<Option<Drawn>>,
    error: RwSignal<Option<String>>,
    measure: &'static str,
}

impl Draw {
    fn run(self) {
        let performance = window().performance();
        if let Some(p) = &performance {
            let _ = p.mark("pulse:chart:start");
        }
        self.el.set_width(self.size.0);
        self.el.set_height(self.size.1);
        match self.charts.draw(&self.el, &self.request) {
            Ok(d) => {
                self.drawn.try_set(Some(d));
                self.error.try_set(None);
            }
            Err(e) => {
                // The canvas no longer shows the last draw's marks: nothing to hover or pick.
                self.drawn.try_set(None);
                self.error
                    .try_set(Some(format!("The chart could not be drawn: {e}")));
            }
        }
        if let Some(p) = &performance {
            let _ = p.measure_with_start_mark(self.measure, "pulse:chart:start");
        }
    }
}
