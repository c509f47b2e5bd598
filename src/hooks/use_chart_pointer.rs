//! The pointer and the keyboard over a drawn chart: the read-out under the pointer, arrows that walk the
//! marks, Enter or a click that picks one.

use leptos::prelude::*;
use pulse_core::chart::{Drawn, KeyCursor, Mark};

/// What the pointer (or the keyboard's cursor) is over: its canvas position and the last draw's report.
#[derive(Debug, Clone)]
pub struct Pointer {
    /// Canvas pixels.
    pub x: f64,
    /// Canvas pixels.
    pub y: f64,
    /// Where the plot and marks are.
    pub drawn: Drawn,
    /// The mark the keyboard is on; a pointer finds its mark by position.
    key_mark: Option<Mark>,
}

impl Pointer {
    /// The mark this points at: the keyboard's, else the one nearest the pointer within `radius` pixels.
    pub fn mark(&self, radius: f64) -> Option<Mark> {
        self.key_mark
            .or_else(|| self.drawn.mark_at(self.x, self.y, radius))
    }
}

/// Options of [`use_chart_pointer`].
pub struct UseChartPointerOptions {
    /// The last draw's report.
    pub drawn: Signal<Option<Drawn>>,
    /// The read-out for a position, if any.
    pub hover: Option<Callback<Pointer, Option<String>>>,
    /// Called when a mark is clicked or picked with Enter.
    pub on_pick: Option<Callback<Pointer>>,
}

/// The read-out and the handlers for the canvas's events.
#[derive(Clone, Copy)]
pub struct ChartPointer {
    /// The read-out: canvas position and text.
    pub tip: RwSignal<Option<(f64, f64, String)>>,
    key_at: RwSignal<Option<KeyCursor>>,
    drawn: Signal<Option<Drawn>>,
    hover: Option<Callback<Pointer, Option<String>>>,
    on_pick: Option<Callback<Pointer>>,
}

/// Tracks the pointer and the keyboard position over a chart.
pub fn use_chart_pointer(options: UseChartPointerOptions) -> ChartPointer {
    let key_at = RwSignal::new(None);
    // A new draw has its own marks: the keyboard starts over on it rather than stepping from a place in the old.
    let drawn = options.drawn;
    Effect::new(move || {
        drawn.track();
        key_at.set(None);
    });
    ChartPointer {
        tip: RwSignal::new(None),
        key_at,
        drawn: options.drawn,
        hover: options.hover,
        on_pick: options.on_pick,
    }
}

impl ChartPointer {
    fn at(&self, x: f64, y: f64) -> Option<Pointer> {
        let drawn = self.drawn.get_untracked()?;
        Some(Pointer {
            x,
            y,
            drawn,
            key_mark: None,
        })
    }

    fn show(&self, at: Option<Pointer>) {
        let Some(p) = at else {
            return self.tip.set(None);
        };
        let (x, y) = (p.x, p.y);
        let text = self.hover.and_then(|h| h.run(p));
        self.tip.set(text.map(|t| (x, y, t)));
    }

    /// Whether a click picks something.
    pub fn pickable(&self) -> bool {
        self.on_pick.is_some()
    }

    /// The read-out follows the pointer.
    pub fn on_move(&self, ev: web_sys::MouseEvent) {
        self.show(self.at(f64::from(ev.offset_x()), f64::from(ev.offset_y())));
    }

    /// A click picks what is under the pointer.
    pub fn on_click(&self, ev: web_sys::MouseEvent) {
        let at = self.at(f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        if let Some((pick, p)) = self.on_pick.zip(at) {
            pick.run(p);
        }
    }

    /// The pointer left: no read-out.
    pub fn on_leave(&self) {
        self.tip.set(None);
    }

    /// The focus left: no read-out, and the keyboard starts over.
    pub fn on_blur(&self) {
        self.tip.set(None);
        self.key_at.set(None);
    }

    /// Arrows walk the marks (or along a trend), Enter picks, Escape hides the read-out.
    pub fn on_key(&self, ev: web_sys::KeyboardEvent) {
        let Some(d) = self.drawn.get_untracked() else {
            return;
        };
        match ev.key().as_str() {
            "ArrowRight" | "ArrowLeft" => {
                ev.prevent_default();
                if let Some(at) = d.key_step(self.key_at.get_untracked(), ev.key() == "ArrowRight")
                {
                    self.key_at.set(Some(at));
                    self.show(Some(key_pointer(at, d)));
                }
            }
            "Enter" | " " => {
                if let (Some(pick), Some(at)) = (self.on_pick, self.key_at.get_untracked()) {
                    ev.prevent_default();
                    pick.run(key_pointer(at, d));
                }
            }
            "Escape" => self.tip.set(None),
            _ => {}
        }
    }
}

/// The keyboard cursor as a pointer on its mark.
fn key_pointer(at: KeyCursor, drawn: Drawn) -> Pointer {
    Pointer {
        x: at.x,
        y: at.y,
        drawn,
        key_mark: at.mark,
    }
}
