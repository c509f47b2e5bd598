//! A card's sparkline of one live figure, with a read-out under the pointer and from the keyboard.
//!
//! Written as SVG markup from core's layout (`sparkline_shape`), not drawn by the chart code: the cards are whole as
//! they first show, with no chart code downloaded for them. The pointer and the keyboard work as over any chart.

use leptos::html::Div;
use leptos::prelude::*;
use pulse_core::chart::{sparkline_readout, sparkline_shape, sparkline_spec, SparklineShape};
use pulse_core::serving::{CardView, SampleField};

use crate::hooks::use_chart_pointer::{use_chart_pointer, UseChartPointerOptions};
use crate::hooks::use_element_width::{use_element_width, UseElementWidthOptions};
use crate::time::offset_at;
use crate::ui::chart::{ChartTip, Pointer};

/// The line's height in pixels.
const HEIGHT: f64 = 56.0;

/// A tiny line of `field` over the card's samples.
#[component]
pub fn Sparkline(
    /// The card whose samples are drawn.
    card: Signal<Option<CardView>>,
    /// Which figure.
    field: SampleField,
) -> impl IntoView {
    // 0 until the box is laid out: nothing is drawn before, then one layout at the real width.
    let width = RwSignal::new(0u32);
    let wrap = NodeRef::<Div>::new();
    use_element_width(UseElementWidthOptions {
        target: wrap,
        width,
        min: 0,
    });
    let spec = Memo::new(move |_| {
        let w = width.get();
        card.with(|c| {
            c.as_ref()
                .filter(|_| w > 0)
                .map(|c| sparkline_spec(&c.series(field), field, w, &offset_at))
        })
    });
    let shape = Memo::new(move |_| {
        spec.with(|s| Some(sparkline_shape(s.as_ref()?, f64::from(width.get()), HEIGHT)))
    });
    let hover = Callback::new(move |p: Pointer| {
        spec.with_untracked(|s| {
            let s = s.as_ref()?;
            sparkline_readout(s, p.drawn.x_at(p.x, s.x_range)?)
        })
    });
    let pointer = use_chart_pointer(UseChartPointerOptions {
        drawn: Signal::derive(move || shape.with(|s| s.as_ref().map(|s| s.drawn.clone()))),
        hover: Some(hover),
        on_pick: None,
    });
    let path = move |d: fn(&SparklineShape) -> &String| {
        move || shape.with(|s| s.as_ref().map(|s| d(s).clone()).unwrap_or_default())
    };
    let empty = move || shape.with(|s| s.as_ref().is_some_and(|s| s.drawn.marks.is_empty()));
    let key = move || card.with(|c| c.as_ref().map(|c| c.key.clone()).unwrap_or_default());
    let label = move || format!("{} of {}, recent samples", field.label(), key());
    view! {
        <figure class="spark">
            <figcaption>{field.label()}</figcaption>
            <div class="chart-box" node_ref=wrap>
                <svg class="spark-line" role="img" aria-label=label tabindex="0" height=HEIGHT
                    on:mousemove=move |ev| pointer.on_move(ev) on:mouseleave=move |_| pointer.on_leave()
                    on:keydown=move |ev| pointer.on_key(ev) on:blur=move |_| pointer.on_blur()>
                    <path class="line" d=path(|s| &s.path) />
                    <path class="dot" d=path(|s| &s.dot) />
                </svg>
                <p class="spark-empty muted" hidden=move || !empty()>"no data yet"</p>
                <ChartTip tip=pointer.tip />
            </div>
        </figure>
    }
}
