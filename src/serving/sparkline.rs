//! A card's sparkline of one live figure, with a read-out under the pointer.

use leptos::prelude::*;
use pulse_core::chart::{sparkline_readout, sparkline_spec, ChartSpec};
use pulse_core::format::file_stem;
use pulse_core::serving::{CardView, SampleField};

use crate::time::tz_offset_minutes;
use crate::ui::chart::{ChartCanvas, Pointer};

/// A tiny line of `field` over the card's samples.
#[component]
pub fn Sparkline(
    /// The card whose samples are drawn.
    card: Signal<Option<CardView>>,
    /// Which figure.
    field: SampleField,
) -> impl IntoView {
    // 0 until the chart's box is laid out (ChartCanvas draws nothing before): one draw, at the real width.
    let width = RwSignal::new(0u32);
    let spec = Memo::new(move |_| {
        let w = width.get();
        card.with(|c| {
            c.as_ref()
                .map(|c| sparkline_spec(&c.series(field), field, w, tz_offset_minutes()))
        })
    });
    let chart = Signal::derive(move || spec.get().map(ChartSpec::Sparkline));
    let hover = Callback::new(move |p: Pointer| {
        spec.with_untracked(|s| {
            let s = s.as_ref()?;
            sparkline_readout(s, p.drawn.x_at(p.x, s.x_range)?)
        })
    });
    let key = move || card.with(|c| c.as_ref().map(|c| c.key.clone()).unwrap_or_default());
    let label = Signal::derive(move || format!("{} of {}, recent samples", field.label(), key()));
    let file_name =
        Signal::derive(move || format!("{}-{}", file_stem(&key()), file_stem(field.label())));
    view! {
        <figure class="spark">
            <figcaption>{field.label()}</figcaption>
            <ChartCanvas spec=chart label measure="pulse:chart:sparkline" file_name width height=56 hover />
        </figure>
    }
}
